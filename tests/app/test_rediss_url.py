"""A ``rediss://`` URL (TLS) pointed at a plain Redis port is one line saying so. The client's
TLS handshake waits for an answer a plain port never gives, and ``socialops check --online``
and ``run`` said `cannot reach Redis at rediss://...: Timeout connecting to server; start
redis-server there, ...`, though redis-server was there and answering (tried by a newcomer
copying a managed Redis's rediss:// URL form onto a local server)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from bot.app.check import run_check
from tests.app.cli_support import assert_one_line_error, clean_env, socialops
from tests.support.redis_server import RedisServer

SAID = ("is it a TLS port (Redis's tls-port)? a rediss:// URL speaks TLS, which a plain port "
        "never answers: write redis:// for a plain one")


def test_rediss_at_a_plain_port_says_tls(tmp_path: Path) -> None:
    server = RedisServer(tmp_path / "redis").start()
    try:
        url = f"rediss://127.0.0.1:{server.port}/0"
        path = tmp_path / "check.yaml"
        path.write_text(f"workspaces: [{{name: console, type: console}}]\n"
                        f"store: {{backend: redis, redis_url: '{url}'}}\n", encoding="utf-8")
        err = io.StringIO()
        assert await_check(path, err) == 1
        lines = err.getvalue().splitlines()
        assert len(lines) == 2 and lines[0].startswith(
            f"{path}:2: store.redis_url: cannot reach Redis at {url}: "), lines
        assert lines[0].endswith(SAID), lines[0]
        assert "start redis-server there" not in lines[0]
        # run, given it in the environment, in the same words
        assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
        cfg = tmp_path / "socialops.yaml"
        cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
        run = socialops("run", "--no-stdin", cwd=tmp_path, env=clean_env(REDIS_URL=url))
        assert_one_line_error(run, f"cannot reach Redis at {url}: ", SAID)
    finally:
        server.stop()


def await_check(path: Path, err: io.StringIO) -> int:
    return asyncio.run(run_check(path, online=True, out=io.StringIO(), err=err, env={}))
