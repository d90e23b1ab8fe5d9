"""An optional read replica (DATABASE_REPLICA_URL) for the heavy reads: exports and results pages.

Code that may read from the replica says so with ``with replica_reads(...):``; the router then
sends reads of that block to the "replica" database and everything else (every write, every
other read) to the primary. Without DATABASE_REPLICA_URL the block reads from the primary.

A streaming replica lags its primary a little. An export must hold every response sent before
it was asked for, so it waits until the replica has replayed the primary's WAL as of the moment
it starts (``up_to_date=True``), for at most REPLICA_WAIT_SECONDS, and otherwise reads from the
primary. A page that may be a few seconds old (results, with their "as of" time) asks only that
the replica is no more than REPLICA_MAX_LAG_SECONDS behind. A replica that does not answer is
passed over with a log line: the primary serves.
"""

import contextlib
import logging
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)
REPLICA = "replica"
_reading_from: ContextVar[str | None] = ContextVar("replica_reads", default=None)


class ReplicaRouter:
    """Reads inside ``replica_reads()`` go to the replica; nothing else does."""

    def db_for_read(self, model, **hints):
        return _reading_from.get()

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, whichever copy they were read from

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # a replica follows its primary; it is never migrated


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def replica_reads(*, up_to_date: bool = False, what: str = "reads"):
    """Send this block's reads to the replica if it is there and current enough; yield its alias."""
    alias = REPLICA if replica_configured() and _replica_usable(up_to_date=up_to_date, what=what) else "default"
    token = _reading_from.set(alias if alias == REPLICA else None)
    try:
        yield alias
    finally:
        _reading_from.reset(token)


def _replica_usable(*, up_to_date: bool, what: str) -> bool:
    primary, replica = connections["default"], connections[REPLICA]
    if primary.vendor != "postgresql" or replica.vendor != "postgresql":
        return True  # a test mirror of the primary
    try:
        if up_to_date:
            with primary.cursor() as cursor:
                cursor.execute("SELECT pg_is_in_recovery(), pg_current_wal_lsn()::text")
                _, target = cursor.fetchone()
            usable = _replayed(replica, target, timeout=settings.REPLICA_WAIT_SECONDS)
        else:
            usable = _lag_seconds(replica) <= settings.REPLICA_MAX_LAG_SECONDS
    except DatabaseError:
        logger.warning("The read replica did not answer: %s from the primary", what, exc_info=True)
        replica.close()
        return False
    logger.info("%s from the %s", what.capitalize(), "read replica" if usable else "primary (the replica is behind)")
    return usable


def _replayed(replica, target_lsn: str, *, timeout: float) -> bool:
    """Wait until the replica has replayed the WAL up to ``target_lsn``; False if it has not in time."""
    deadline = time.monotonic() + timeout
    with replica.cursor() as cursor:
        while True:
            # NULL on a server that is not a standby: then it is the primary itself, and current.
            cursor.execute(
                "SELECT pg_last_wal_replay_lsn() IS NULL OR pg_last_wal_replay_lsn() >= %s::pg_lsn", [target_lsn]
            )
            if cursor.fetchone()[0]:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)


def _lag_seconds(replica) -> float:
    with replica.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
            "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
        )
        return float(cursor.fetchone()[0])
