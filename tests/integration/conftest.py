"""Real workers for the integration tests: ``celery worker`` subprocesses on a throwaway Redis, pointed at
the test database and file folder, and a small SMTP server that can hold a message mid-delivery."""

import datetime as dt
import os
import select
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from nasenco.celery import app as celery_app
from nasenco.queue import broker_rest_end
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen, log):
        self.process, self.log = process, log

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no chance to acknowledge or tidy up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.log.closed:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.seek(0)
        print(self.log.read())  # shown by pytest only when the test failed
        self.log.close()


@pytest.fixture
def start_worker(transactional_db, tmp_path):
    """``start_worker(redis_url, **env)`` starts a worker; every worker started is stopped afterwards."""
    started = []

    def start(redis_url: str, **extra_env) -> Worker:
        media = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
        env = {
            **os.environ,
            "REDIS_URL": redis_url,
            "DATABASE_URL": _database_url(),
            "PRIVATE_MEDIA_ROOT": str(media),
            "VAR_DIR": str(tmp_path / "worker-var"),
            "NASENCO_TEST_NOW": dt.datetime.now(dt.UTC).isoformat(),  # the worker's clock starts at the test's
            **extra_env,
        }
        log = open(tmp_path / f"worker-{len(started)}.log", "w+")  # noqa: SIM115 - closed in Worker.stop
        process = subprocess.Popen(
            [
                sys.executable,
                *("-m", "tests.integration.travelled_celery", "-A", "nasenco", "worker", "--pool=solo"),
                "--loglevel=INFO",
                *("--without-gossip", "--without-mingle", "--without-heartbeat", f"--hostname=test{len(started)}@%h"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(Worker(process, log))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def worker(redis_url, start_worker):
    start_worker(redis_url)
    return redis_url


@contextmanager
def broker(url: str):
    """Point this process's task publishing at ``url`` (tasks really go through the broker, not eagerly)."""
    conf = celery_app.conf
    previous = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = url, False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    broker_rest_end()  # a fresh connection, as a relay's worker process would make after an outage
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = previous
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        broker_rest_end()


def _client_gone(sock) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class SmtpSink:
    """Accepts mail on a free port. ``hold()`` keeps the next message waiting after its final "." without
    the 250 that accepts it; a message counts as delivered only once that 250 has been sent."""

    def __init__(self):
        self.delivered: list[bytes] = []
        self.holding = threading.Event()  # a message is waiting for its 250
        self._hold = threading.Event()
        self._release = threading.Event()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 sink ESMTP\r\n")
                for raw in self.rfile:
                    command = raw.strip().upper()
                    if command.startswith((b"EHLO", b"HELO")):
                        self.wfile.write(b"250 sink\r\n")
                    elif command == b"DATA":
                        self.wfile.write(b"354 go on\r\n")
                        message = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                        if sink._hold.is_set():
                            sink.holding.set()
                            sink._release.wait(30)
                        if _client_gone(self.connection):
                            return  # the sender died before we accepted: nothing was delivered
                        self.wfile.write(b"250 queued\r\n")
                        sink.delivered.append(message)
                    elif command == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    elif command == b"RSET" or command.startswith((b"MAIL", b"RCPT", b"NOOP")):
                        self.wfile.write(b"250 ok\r\n")
                    else:
                        self.wfile.write(b"502 not here\r\n")

        self._handler = Handler
        self.port = free_port()
        self.start()

    def start(self) -> None:
        """Listen (again) on the sink's port."""
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", self.port), self._handler)
        self.server.daemon_threads = True
        self.running = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        """The mail server goes away: connections to its port are refused until ``start``."""
        if self.running:
            self.running = False
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def hold(self) -> None:
        self._hold.set()

    def release(self) -> None:
        self._hold.clear()
        self._release.set()

    def close(self) -> None:
        self.release()
        self.stop()


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    yield sink
    sink.close()


def wait_for(condition, seconds: float = 90) -> bool:
    """Poll ``condition`` until it holds (True) or ``seconds`` pass (False), seeing other processes' commits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection.close()  # see the worker's commits, not a snapshot
        if condition():
            return True
        time.sleep(0.2)
    return False
