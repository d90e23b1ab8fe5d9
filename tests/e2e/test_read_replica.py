"""The optional read replica: heavy reads go to a real streaming replica, writes and the rest to the primary.

`.ci/run` starts a streaming replica of the local PostgreSQL (`.ci/replica`, a second cluster fed
by pg_basebackup) and says where in CI_REPLICA_URL. The test database, made on the primary, is
streamed to it like any other. A process started with DATABASE_REPLICA_URL on that copy reads,
inside replica_reads(), from the standby, and sees responses committed a moment before.
"""

import json
import os
import subprocess

import pytest

from tests.databases import postgresql_only

from .live import BASE_DIR, BIN, database_url

pytestmark = [pytest.mark.processes, postgresql_only("a streaming replica of PostgreSQL")]

REPLICA_URL = os.environ.get("CI_REPLICA_URL", "")
READ = """
import json
from django.db import connections
from config.replica import replica_reads
from responses.models import Response
out = {}
for up_to_date in (True, False):
    with replica_reads(up_to_date=up_to_date, what="the test's reads") as alias:
        count = Response.objects.filter(consultation__slug="norfolk-childrens-centres").count()
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            standby = cursor.fetchone()[0]
        # A write inside the block still goes to the primary.
        Response.objects.filter(answers__impact="Response 0").update(organisation_name="Written on the primary")
    out[str(up_to_date)] = {"alias": alias, "count": count, "standby": standby}
print(json.dumps(out))
"""


def read_through(replica_url: str) -> dict:
    from django.db import connection

    env = dict(os.environ) | {
        "DATABASE_URL": database_url(connection.settings_dict),
        "DATABASE_REPLICA_URL": replica_url,
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    finished = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", READ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not REPLICA_URL, reason="no streaming replica here: .ci/run starts one and sets CI_REPLICA_URL")
def test_reads_in_replica_reads_come_from_the_standby_and_see_what_was_just_committed(
    transactional_db, demo_consultation
):
    from django.db import connection

    from responses.models import Response
    from tests.factories import ResponseFactory

    for n in range(30):
        ResponseFactory(consultation=demo_consultation, answers={"impact": f"Response {n}"})

    seen = read_through(f"{REPLICA_URL}/{connection.settings_dict['NAME']}")

    # An export's reads wait for the standby to replay the primary's WAL as of their start.
    assert seen["True"] == {"alias": "replica", "count": 30, "standby": True}
    assert seen["False"]["alias"] == "replica" and seen["False"]["standby"] is True
    # Writes still go to the primary.
    assert Response.objects.get(answers__impact="Response 0").organisation_name == "Written on the primary"


def test_a_replica_that_does_not_answer_is_passed_over_for_the_primary(transactional_db, demo_consultation):
    from django.db import connection

    from tests.e2e.live import free_port
    from tests.factories import ResponseFactory

    ResponseFactory(consultation=demo_consultation, answers={"impact": "Response 0"})
    nobody = f"postgres://postgres@127.0.0.1:{free_port()}/{connection.settings_dict['NAME']}"

    seen = read_through(nobody)

    assert seen["True"] == {"alias": "default", "count": 1, "standby": False}
    assert seen["False"] == {"alias": "default", "count": 1, "standby": False}


@pytest.mark.skipif(not REPLICA_URL, reason="no streaming replica here: .ci/run starts one and sets CI_REPLICA_URL")
def test_an_export_is_read_from_the_standby_and_holds_every_response(transactional_db, demo_consultation, tmp_path):
    from django.db import connection

    from tests.factories import ResponseFactory

    references = {ResponseFactory(consultation=demo_consultation).reference for _ in range(25)}
    output = tmp_path / "export.csv"
    env = dict(os.environ) | {
        "DATABASE_URL": database_url(connection.settings_dict),
        "DATABASE_REPLICA_URL": f"{REPLICA_URL}/{connection.settings_dict['NAME']}",
        "DJANGO_LOG_LEVEL": "INFO",
    }
    finished = subprocess.run(
        [
            str(BIN / "python"),
            "manage.py",
            "export_responses",
            "--consultation",
            demo_consultation.slug,
            "--output",
            str(output),
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert finished.returncode == 0, finished.stderr
    assert "reads from the read replica" in finished.stderr + finished.stdout
    lines = output.read_text(encoding="utf-8-sig").splitlines()
    assert {line.split(",", 1)[0] for line in lines[1:]} == references
