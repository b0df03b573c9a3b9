"""socialops against a real redis-server holding as many clients as its ``maxclients`` allows
(several bots and other applications sharing one Redis): it refuses one more connection with
"max number of clients reached". ``run`` said "cannot reach Redis ...: max number of clients
reached; start redis-server there, or point REDIS_URL (or store.redis_url) at the one you run",
of a Redis that runs; it now says it is full, and how to make room."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

from tests.app.cli_support import assert_one_line_error, clean_env, socialops
from tests.support.redis_server import free_port


def test_a_redis_full_of_clients_is_said_full_not_absent(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "yes", "--dir", str(tmp_path), "--maxclients", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while True:  # the one client it takes, held for the test
            try:
                held = socket.create_connection(("127.0.0.1", port), 0.5)
                held.sendall(b"PING\r\n")
                assert held.recv(64).startswith(b"+PONG")
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)
        assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
        cfg = tmp_path / "socialops.yaml"
        cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
        env = clean_env(REDIS_URL=f"redis://127.0.0.1:{port}/0")
        run = socialops("run", "--no-stdin", cwd=tmp_path, env=env)
        assert_one_line_error(run, "has as many clients as its maxclients allows, and refused "
                                   "one more; raise it (CONFIG SET maxclients N")
        assert "start redis-server there" not in run.stderr
        held.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
