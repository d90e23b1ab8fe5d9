"""Real services for the browser and fault tests, run as subprocesses.

gunicorn and a Celery worker open the pytest-django test database (so data a test
commits is what they see), a redis-server can be stopped and started on a spare
port, and a small TCP proxy stands between the app and PostgreSQL so a test can
cut the database off. Every process is started in its own session and stopped by
its own process group, never by name.
"""

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A port nothing listens on now, chosen by the system.

    Fixed ports would collide when two people (or two worktrees) run the suite at once.
    """
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], object], *, timeout: float, what: str, service: "Service | None" = None):
    """Poll until predicate() is truthy; fail with the service's log if it never is."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if service is not None and not service.running:
            raise AssertionError(f"{service.name} exited while waiting for {what}:\n{service.log_tail()}")
        if time.monotonic() > deadline:
            tail = f":\n{service.log_tail()}" if service is not None else ""
            raise AssertionError(f"Timed out after {timeout:.0f}s waiting for {what}{tail}")
        time.sleep(0.1)


def database_url(settings_dict: dict) -> str:
    """The DATABASE_URL that points another process at this database (the test database)."""
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    with contextlib.closing(socket.socket()) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Service:
    """One subprocess with its output in a log file."""

    def __init__(self, name: str, args: list[str], *, env: dict, log_dir: Path):
        self.name, self.args, self.env = name, args, env
        self.log_path = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Service":
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.args, env=self.env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, sig: int) -> None:
        # The process leads its own session, so its group is exactly what we started.
        if self.running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)

    def stop(self, timeout: float = 10) -> None:
        if self.process is None:
            return
        self.signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait(timeout)
        # Children of a killed leader (gunicorn or Celery workers) may outlive it for a moment.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def kill(self) -> None:
        """SIGKILL the whole group: no clean shutdown, no message handed back to the broker."""
        self.signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(10)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, chars: int = 6000) -> str:
        return self.log_text()[-chars:]


def gunicorn(*, env: dict, log_dir: Path, port: int, workers: int = 2, name: str = "gunicorn") -> Service:
    service = Service(
        name,
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--timeout=60",
            "--graceful-timeout=5",
            "--access-logfile=-",
        ],
        env=env,
        log_dir=log_dir,
    ).start()
    # Our own gunicorn must be the one answering: it says so in its log once it has the port.
    wait_until(
        lambda: (
            f"Listening at: http://127.0.0.1:{port}" in service.log_text()
            and http_status(f"http://127.0.0.1:{port}/accessibility/") == 200
        ),
        timeout=60,
        what=f"gunicorn on port {port}",
        service=service,
    )
    return service


def celery_worker(
    *, env: dict, log_dir: Path, name: str = "worker", beat: bool = False, launcher: list[str] | None = None
) -> Service:
    """A Celery worker on the env's own queue; ``launcher`` replaces the ``celery`` command."""
    args = [
        *(launcher or [str(BIN / "celery")]),
        "-A",
        "config",
        "worker",
        "--loglevel=INFO",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname={name}-{os.getpid()}@%h",
        f"--queues={env['CELERY_TASK_DEFAULT_QUEUE']}",
    ]
    if beat:
        args += ["--beat", f"--schedule={log_dir / (name + '-beat-schedule')}"]
    service = Service(name, args, env=env, log_dir=log_dir)
    before = len(service.log_text())
    service.start()
    wait_until(lambda: " ready." in service.log_text()[before:], timeout=60, what="the Celery worker", service=service)
    return service


def redis_server(*, port: int, log_dir: Path) -> Service:
    service = Service(
        f"redis-{port}",
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        env=dict(os.environ),
        log_dir=log_dir,
    ).start()
    wait_until(lambda: port_is_open(port), timeout=20, what=f"redis-server on port {port}", service=service)
    return service


class TcpProxy:
    """Forwards 127.0.0.1:port to a target, until cut.

    cut() drops every open connection and refuses new ones, as if the network to
    the database went down; restore() lets connections through again.
    cut_when_client_sends(marker) drops everything as soon as the app sends bytes
    containing marker: a connection lost in the middle of a transaction.
    """

    def __init__(self, *, port: int, target: tuple[str, int]):
        self.port, self.target = port, target
        self._listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self._listener.settimeout(0.2)
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._open = True
        self._marker: bytes | None = None
        self.tripped = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    def cut(self) -> None:
        with self._lock:
            self._open = False
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()

    def restore(self) -> None:
        with self._lock:
            self._open, self._marker = True, None
        self.tripped.clear()

    def cut_when_client_sends(self, marker: bytes) -> None:
        with self._lock:
            self._marker = marker

    def close(self) -> None:
        self._stopping = True
        self.cut()
        self._thread.join(5)
        self._listener.close()

    def _accept_loop(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                is_open = self._open
            if not is_open:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._pairs.append((client, upstream))
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        sockets = [client, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 0.5)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is client and self._marker and self._marker in data:
                        # Drop the link before the statement reaches the database.
                        self.tripped.set()
                        self.cut()
                        return
                    (upstream if sock is client else client).sendall(data)
        except OSError:
            return
        finally:
            for sock in sockets:
                with contextlib.suppress(OSError):
                    sock.close()
