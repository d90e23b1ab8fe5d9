"""Redis freezes (the process stops answering but keeps its connections open) while a resident sends.

The cache (rate limit, queue counts) and the broker both live on the test's own redis-server,
which the test stops with SIGSTOP: requests wait for the short socket timeouts, not for Redis.
"""

import signal
import uuid

import pytest

from bench.journey import Visitor

from .live import free_port, gunicorn, redis_server

pytestmark = [pytest.mark.faults]

SLUG = "norfolk-childrens-centres"


def test_a_resident_can_send_while_redis_is_frozen_and_the_rate_limit_is_skipped(
    transactional_db, demo_consultation, live_env, tmp_path, services
):
    from responses.models import Response

    redis_port = free_port()
    redis = redis_server(port=redis_port, log_dir=tmp_path)
    services.append(redis)
    env = live_env | {
        "CELERY_TASK_DEFAULT_QUEUE": f"frozen-{uuid.uuid4().hex[:8]}",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "RESPONSE_RATE_LIMIT": "5/h",
    }
    port = free_port()
    web = gunicorn(env=env, log_dir=tmp_path, port=port, workers=1)
    services.append(web)
    # Connections to Redis are open (as on a busy site) before it freezes.
    warm = Visitor(f"http://127.0.0.1:{port}")
    warm.prepare(SLUG, impact="Keep Acle open.", email="warm@example.org")
    assert warm.submit(SLUG) == 302
    # The Send meets a frozen Redis a few times (rate limit, counts, the receipt's publish), each
    # bounded by a socket timeout of half a second to two seconds: ten seconds is generous, and
    # far shorter than the whole pause (or the 16 seconds it took with redis-py's defaults).
    resident = Visitor(f"http://127.0.0.1:{port}", timeout=10)
    resident.prepare(SLUG, impact="We would lose our group.", email="resident@example.org")

    redis.signal(signal.SIGSTOP)
    status = resident.submit(SLUG)  # raises TimeoutError if the request is held for 10 seconds
    reference = resident.confirmation(SLUG)
    redis.signal(signal.SIGCONT)

    assert status == 302
    assert reference is not None
    assert Response.objects.filter(reference=reference, email="resident@example.org").exists()
    assert "Rate limit cache unavailable; response accepted without a limit" in web.log_text()
