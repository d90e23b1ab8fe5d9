"""Staff sessions: short (settings.STAFF_SESSION_SECONDS of inactivity), and a page that can say
"you were signed out" after one ran out, even without JavaScript.

The session cookie and the server's session end together, so nothing in them is left to read
once a session has run out. A separate browser-session cookie, signed, says "an officer was
signed in here"; the sign-in page finds it without a session and tells them why they are there.
Signing out on purpose removes it.
"""

from django.conf import settings

SIGNED_IN_COOKIE = "staff_signed_in"
_SALT = "staff.sessions.signed-in"


def session_start(request) -> None:
    """At staff sign-in: the session ends after STAFF_SESSION_SECONDS without a request."""
    request.session.set_expiry(settings.STAFF_SESSION_SECONDS)


def session_minutes() -> int:
    return max(1, settings.STAFF_SESSION_SECONDS // 60)


def signed_in_mark(response) -> None:
    response.set_signed_cookie(
        SIGNED_IN_COOKIE,
        "1",
        salt=_SALT,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def signed_in_forget(response) -> None:
    response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")


def timed_out(request) -> bool:
    """Signed out, though this browser had a staff session: it ran out."""
    return (
        not request.user.is_authenticated
        and request.get_signed_cookie(SIGNED_IN_COOKIE, default=None, salt=_SALT) == "1"
    )
