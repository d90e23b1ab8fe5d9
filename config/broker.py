"""A correction to kombu 5.7.0's Redis transport, so that a worker lives through a Redis restart.

When the broker connection drops while the worker holds unacknowledged messages (acks_late
tasks in hand), Celery first ``collect()``s the broken connection, which releases its
transport (``transport.client = None``), and then ``close()``s it. If the default channel
could not be closed during ``collect()`` (its BRPOP read failed first), ``close()`` tries
again: the channel restores its unacknowledged messages, builds a new Redis pool from
``transport.client``, meets None and raises ``AttributeError: 'NoneType' object has no
attribute 'hostname'``. Celery ignores only connection errors there, so the worker stops
with "Unrecoverable error" (issue 12, finding 2; docs/decisions/0010-worker-liveness.md).

A connection whose transport is already released has nothing left to close: forgetting its
default channel then is what kombu does for the connection itself. The messages that were not
restored stay in Redis's unacked set and come back after the visibility timeout, and the
database outbox (receipts) and requeue sweep (exports) send the work again long before that.
"""

import kombu
from kombu.connection import Connection

_do_close_self = Connection._do_close_self


def _do_close_self_after_collect(self) -> None:
    if self._transport is None:
        # collect() has released the transport: the channel could only fail to reach it.
        self._default_channel = None
    _do_close_self(self)


def kombu_patch() -> None:
    """Apply the correction (once; kombu versions other than 5.7.0 are left alone)."""
    if kombu.__version__ == "5.7.0" and Connection._do_close_self is _do_close_self:
        Connection._do_close_self = _do_close_self_after_collect
