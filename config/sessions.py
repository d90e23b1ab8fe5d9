"""Django's database sessions, written with fewer round trips.

- An existing session is written with one UPDATE, not BEGIN, UPDATE, COMMIT: a single
  statement is atomic on its own, and inside a transaction it needs no savepoint.
- A session written by the view (inside the transaction that stores a response, so the
  reference is in the session exactly when the response is committed) is not written again
  by the middleware unless it changed since.

Everything else (creating a session, loading, expiry, clearing) is Django's.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError, router


class SessionStore(DatabaseSessionStore):
    written = False  # by this request, with nothing changed since

    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        if self.written and not self.modified:
            return None
        obj = self.create_model_instance(self._get_session())
        using = router.db_for_write(self.model, instance=obj)
        try:
            updated = (
                self.model.objects.using(using)
                .filter(session_key=obj.session_key)
                .update(session_data=obj.session_data, expire_date=obj.expire_date)
            )
        except DatabaseError as error:  # as Django's: the middleware's handler tells an outage (503) apart
            raise UpdateError from error
        if not updated:  # deleted meanwhile (signed out elsewhere, or cleared): the middleware says so
            raise UpdateError
        self.written, self.modified = True, False
        return None
