"""`make run`'s supervisor: the web server, a Celery worker and Celery beat, stopped together.

Each child runs in a process group of its own, so Ctrl+C in the terminal reaches this
script alone, and each child is sent SIGTERM exactly once. Whatever has not stopped
after a grace period is killed with its whole group (a worker's pool, runserver's
reloaded child), so nothing is left behind. A worker or beat that dies on its own is
started again after a second; if the web server stops, everything stops.

Usage: .venv/bin/python bin/run.py [--host 127.0.0.1] [--port 8000]
"""

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GRACE_SECONDS = 10  # a Celery worker finishes the task in hand in a warm shutdown
RESTART_DELAY = 1.0
PR_SET_PDEATHSIG = 1
try:
    LIBC = ctypes.CDLL(None, use_errno=True)
except OSError:
    LIBC = None


def log(message: str) -> None:
    # The terminal or a pipe may be gone (Ctrl+C also stops a `| tee`): stopping must go on.
    with contextlib.suppress(OSError):
        print(f"[run] {message}", flush=True)


def _die_with_parent() -> None:
    # In the child, before exec: its own process group (Ctrl+C reaches only this script),
    # and on Linux SIGTERM if this script is killed outright, so no child is orphaned.
    os.setpgid(0, 0)
    if LIBC is not None and sys.platform == "linux":
        LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Child:
    def __init__(self, name: str, args: list[str], *, restart: bool):
        self.name, self.args, self.restart = name, args, restart
        self.process: subprocess.Popen | None = None
        self.died_at: float | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.args, cwd=BASE_DIR, preexec_fn=_die_with_parent)
        self.died_at = None
        log(f"{self.name} started (pid {self.process.pid})")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def terminate(self) -> None:
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()

    def kill_group(self) -> None:
        # Kill the group, not only the leader: grandchildren (the worker's pool) go too.
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def children(host: str, port: int) -> list[Child]:
    celery = [str(BIN / "celery"), "-A", "config"]
    (BASE_DIR / ".broker").mkdir(exist_ok=True)
    return [
        Child("web", [sys.executable, "manage.py", "runserver", f"{host}:{port}"], restart=False),
        Child("worker", [*celery, "worker", "--concurrency=2", "--loglevel=INFO"], restart=True),
        Child("beat", [*celery, "beat", "--loglevel=INFO", "--schedule=.broker/beat-schedule"], restart=True),
    ]


class Supervisor:
    def __init__(self, children: list[Child]):
        self.children = children
        self.stopping = False
        self.hurry = False

    def on_signal(self, signum, frame) -> None:
        if self.stopping:
            self.hurry = True  # a second Ctrl+C: kill what is left now
        self.stopping = True

    def run(self) -> int:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self.on_signal)
        for child in self.children:
            child.start()
        code = 0
        while not self.stopping:
            time.sleep(0.2)
            code = self.look_after() or code
        self.stop()
        return code

    def look_after(self) -> int:
        """Start again a worker or beat that died; stop everything if the web server did."""
        for child in self.children:
            if child.running:
                continue
            if not child.restart:
                log(f"{child.name} stopped (exit code {child.process.returncode}); stopping the rest")
                self.stopping = True
                return child.process.returncode or 1
            now = time.monotonic()
            if child.died_at is None:
                child.kill_group()  # what the dead one left behind (its pool)
                child.died_at = now
                log(f"{child.name} stopped (exit code {child.process.returncode}); starting it again")
            elif now - child.died_at >= RESTART_DELAY:
                child.start()
        return 0

    def stop(self) -> None:
        log("stopping the web server, the worker and beat")
        for child in self.children:
            child.terminate()
        deadline = time.monotonic() + GRACE_SECONDS
        while any(child.running for child in self.children) and time.monotonic() < deadline and not self.hurry:
            time.sleep(0.1)
        for child in self.children:
            if child.running:
                log(f"{child.name} did not stop within {GRACE_SECONDS} s; killing it")
            child.kill_group()
        log("stopped")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args()
    return Supervisor(children(options.host, options.port)).run()


if __name__ == "__main__":
    sys.exit(main())
