"""A private, real ``redis-server`` process on a free loopback port, for tests.

Never mocked: the Redis store, the chaos suite and the multi-process tests talk to this.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    def __init__(self, workdir: Path, *, appendonly: bool = True, port: int | None = None,
                 fsync: str = "everysec", password: str | None = None,
                 unix_socket: Path | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server not found: `make test` installs it (apt-get install redis-server)"
            )
        self.binary = binary
        self.workdir = workdir
        self.appendonly = appendonly
        self.fsync = fsync
        self.port = port or free_port()
        self.password = password  # requirepass: a client must AUTH with it
        self.unix_socket = unix_socket  # also listen there (a path of at most 107 bytes)
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.workdir.mkdir(parents=True, exist_ok=True)
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes" if self.appendonly else "no",
            "--dir",
            str(self.workdir),
            "--protected-mode",
            "no",
            "--logfile",
            str(self.workdir / "redis.log"),
        ]
        if self.appendonly:
            args += ["--appendfsync", self.fsync]
        if self.unix_socket is not None:
            args += ["--unixsocket", str(self.unix_socket), "--unixsocketperm", "700"]
        if self.password is not None:
            args += ["--requirepass", self.password]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith((b"+PONG", b"-NOAUTH")):  # up, and asks AUTH
                        return self
            except OSError:
                time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def flushall(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(b"FLUSHALL\r\n")
            s.recv(16)


class RedisCli:
    """A redis-server a test started with options of its own, on ``port``: its URL, and
    ``redis-cli`` against it."""

    port: int

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def cli(self, *args: str) -> str:
        """What ``redis-cli`` prints for ``args`` (an error too: it is not raised)."""
        return subprocess.run(["redis-cli", "-p", str(self.port), *args], check=False,
                              capture_output=True, text=True).stdout

    def until(self, command: str, seen: str, seconds: float = 20) -> None:
        """Asks ``command`` (words) until its answer holds ``seen``."""
        deadline = time.monotonic() + seconds
        while seen not in self.cli(*command.split()):
            assert time.monotonic() < deadline, f"{command}: never {seen}"
            time.sleep(0.02)


class OwnRedis(RedisCli):
    """A redis-server a test starts with options of its own (``args``, after the port, the
    loopback address and ``folder``), ready once ``PING`` answers ``ready`` (None: not
    waited for). ``stop`` ends it (``kill``: at once, for a Redis that refuses the SIGTERM
    save)."""

    def __init__(self, folder: Path, *args: str, port: int | None = None,
                 ready: str | None = "PONG") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.port = port or free_port()
        self.start(*args, ready=ready)

    def start(self, *args: str, ready: str | None = "PONG") -> None:
        """(Again) a redis-server on this port and folder, with ``args``."""
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir",
             str(self.folder), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if ready is not None:
            self.until("PING", ready)

    def stop(self, *, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            self.proc.terminate()
        self.proc.wait(timeout=10)
