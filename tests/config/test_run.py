"""`make run`'s supervisor (bin/run.py): Ctrl+C stops everything, a dead worker comes back."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e import live

pytestmark = pytest.mark.processes

RUN = live.BASE_DIR / "bin" / "run.py"


def descendants(pid: int) -> set[int]:
    """Every process below pid, from /proc (children of children too)."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            children = (task / "children").read_text().split() if (task / "children").exists() else []
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


class Launcher:
    def __init__(self, tmp_path: Path):
        self.port = live.free_port()
        self.log_path = tmp_path / "run.log"
        env = dict(os.environ)
        env.update(
            DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
            CELERY_BROKER_URL="filesystem://",
            CELERY_FILESYSTEM_DIR=str(tmp_path / "broker"),
            CELERY_TASK_DEFAULT_QUEUE=f"run-{os.getpid()}",
            DJANGO_DEBUG="true",
            PYTHONUNBUFFERED="1",
        )
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(RUN), "--port", str(self.port)],
                cwd=live.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, text: str, *, after: int = 0) -> None:
        live.wait_until(lambda: text in self.log()[after:], timeout=90, what=text, service=None)

    def wait_until_serving(self) -> None:
        url = f"http://127.0.0.1:{self.port}/accessibility/"
        live.wait_until(lambda: live.http_status(url) == 200, timeout=90, what="runserver")
        self.wait_for(" ready.")
        self.wait_for("beat: Starting")

    def child_pid(self, name: str) -> int:
        lines = [line for line in self.log().splitlines() if line.startswith(f"[run] {name} started (pid ")]
        return int(lines[-1].rsplit(" ", 1)[1].rstrip(")"))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()  # its children get SIGTERM from the kernel (PR_SET_PDEATHSIG)
                self.process.wait()


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory) -> Path:
    """A migrated SQLite file, made once for this module's tests."""
    path = tmp_path_factory.mktemp("run") / "run.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity=0"],
        cwd=live.BASE_DIR,
        env=dict(os.environ, DATABASE_URL=f"sqlite:///{path}"),
        check=True,
    )
    return path


@pytest.fixture
def launcher(tmp_path, migrated_database):
    """bin/run.py serving a copy of a migrated SQLite database on a free port, with its worker and beat."""
    shutil.copy(migrated_database, tmp_path / "run.sqlite3")
    launcher = Launcher(tmp_path)
    yield launcher
    launcher.stop()


def test_ctrl_c_stops_the_server_worker_and_beat_and_leaves_no_process(launcher):
    launcher.wait_until_serving()
    started = descendants(launcher.process.pid)
    assert len(started) >= 3  # runserver (and its reloaded child), the worker and its pool, beat

    launcher.process.send_signal(signal.SIGINT)  # what Ctrl+C sends
    launcher.process.wait(60)

    log = launcher.log()
    assert launcher.process.returncode == 0, log
    assert [pid for pid in started if alive(pid)] == [], log
    assert "Segmentation fault" not in log and "Traceback" not in log, log
    assert "did not stop" not in log, log  # each stopped on its first SIGTERM
    assert live.http_status(f"http://127.0.0.1:{launcher.port}/accessibility/") is None


def test_a_worker_that_dies_is_started_again(launcher):
    launcher.wait_until_serving()
    dead = launcher.child_pid("worker")
    before = len(launcher.log())

    os.killpg(dead, signal.SIGKILL)

    launcher.wait_for("worker started (pid ", after=before)
    launcher.wait_for(" ready.", after=before)
    assert launcher.child_pid("worker") != dead
    assert not alive(dead)
    assert launcher.process.poll() is None  # the web server and beat went on
