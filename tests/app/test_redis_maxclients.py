"""socialops against a real redis-server holding as many clients as its ``maxclients`` allows
(several bots and other applications sharing one Redis): it refuses one more connection with
"max number of clients reached". ``run`` said "cannot reach Redis ...: max number of clients
reached; start redis-server there, or point REDIS_URL (or store.redis_url) at the one you run",
of a Redis that runs; it now says it is full, and how to make room."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.app.cli_support import Cli, assert_one_line_error, clean_env
from tests.support.redis_server import OwnRedis


def test_a_redis_full_of_clients_is_said_full_not_absent(tmp_path: Path, cli: Cli) -> None:
    server = OwnRedis(tmp_path / "redis", "--save", "", "--appendonly", "yes",
                      "--maxclients", "1")
    port = server.port
    try:
        held = socket.create_connection(("127.0.0.1", port), 5)  # the one client it takes
        held.sendall(b"PING\r\n")
        assert held.recv(64).startswith(b"+PONG")
        assert cli("init", "--yes", cwd=tmp_path).returncode == 0
        cfg = tmp_path / "socialops.yaml"
        cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
        env = clean_env(REDIS_URL=f"redis://127.0.0.1:{port}/0")
        run = cli("run", "--no-stdin", cwd=tmp_path, env=env)
        assert_one_line_error(run, "has as many clients as its maxclients allows, and refused "
                                   "one more; raise it (CONFIG SET maxclients N")
        assert "start redis-server there" not in run.stderr
        held.close()
    finally:
        server.stop()
