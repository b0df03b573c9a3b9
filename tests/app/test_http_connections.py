"""``http.max_connections``: how many connections the HTTP server holds at once
(``bot.app.connections``), raised for a reverse proxy that keeps more than 256 open."""

from __future__ import annotations

import asyncio
import io
import logging
import sys
from pathlib import Path

import pytest

from bot.app import http as http_module
from bot.app.check import run_check
from bot.app.compose import open_app
from bot.app.connections import files_for, limits
from bot.app.http import build_http_app, start_http
from bot.core.config import load_config
from tests.app.cli_support import REPO, clean_env
from tests.app.test_http_hostile import WITHIN, console_config, free_port
from tests.support.processes import stopped

POOLED = 300  # connections a proxy keeps open: more than the 256 held by default


async def healthz(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
    """One keep-alive GET /healthz on an open connection: answered 200, or not (closed)."""
    try:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), WITHIN)
        length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        await asyncio.wait_for(reader.readexactly(length), WITHIN)
        return head.startswith(b"HTTP/1.1 200 ")
    except (ConnectionError, asyncio.IncompleteReadError):
        return False


async def test_a_proxys_pooled_connections_are_all_held_and_served(tmp_path: Path) -> None:
    """`socialops run` with `http: {max_connections: 300}`, and 300 connections kept open as
    a proxy's pool keeps them, each asking twice. Held to 256 (there was no key), the server
    closed the least recently active for each one past it, so the pool churned."""
    port = free_port()
    config = tmp_path / "socialops.yaml"
    config.write_text(console_config(tmp_path).read_text(encoding="utf-8")
                      + f"http: {{host: 127.0.0.1, port: {port}, max_connections: {POOLED}}}\n",
                      encoding="utf-8")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.app.cli", "run", "--no-stdin", "--config", str(config),
        cwd=tmp_path, env=clean_env(PYTHONPATH=str(REPO)), stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    assert proc.stderr is not None
    pool: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    seen = b""
    try:
        while b"HTTP server on" not in seen:
            line = await asyncio.wait_for(proc.stderr.readline(), 60)
            assert line, seen.decode()
            seen += line
        pool = [await asyncio.open_connection("127.0.0.1", port) for _ in range(POOLED)]
        for _ in range(2):  # the first round: every one accepted; the second: every one kept
            answered = await asyncio.gather(*(healthz(r, w) for r, w in pool))
            assert answered.count(False) == 0, f"{answered.count(False)} of {POOLED} closed"
    finally:
        for _, writer in pool:
            writer.close()
        err = await stopped(proc)
    log = (seen + err).decode()
    assert proc.returncode == 0, log
    assert "Traceback" not in log and "WARNING" not in log, log


async def test_more_than_the_open_file_limit_allows_is_one_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """The open-file limit still bounds the connections (each is a descriptor); a config
    asking for more is told in one line what it gets and what limit would give it all."""
    monkeypatch.setattr(http_module, "open_file_limit", lambda: 1024)  # ulimit -n 1024
    caplog.set_level(logging.INFO)
    async with open_app(load_config(console_config(tmp_path)), out=io.StringIO()) as app:
        runner = await start_http(build_http_app(app), host="127.0.0.1", port=0,
                                  max_connections=1000)
        await runner.cleanup()
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert warnings == [
        "HTTP: http.max_connections is 1000, but this process may open 1024 files (ulimit -n), "
        "so it holds at most 384 connections; raise the open-file limit to 2512 to hold them "
        "all"]
    assert limits(files_for(1000), wanted=1000) == (1000, 128)


@pytest.mark.parametrize(("value", "problem"), [
    ("0", "0 is out of range: must be greater than or equal to 1"),
    ("20000", "20000 is out of range: must be less than or equal to 16384"),
    ("'300'", "'300' is not a whole number"),
    ("yes", "'yes' is not a whole number"),
])
async def test_check_refuses_a_bad_value_naming_file_line_and_field(
        tmp_path: Path, value: str, problem: str) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces: [{name: console, type: console}]\n"
                      f"http:\n  port: 8080\n  max_connections: {value}\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(config, online=False, out=out, err=err, env={})
    assert code == 1
    assert err.getvalue().splitlines()[0] == f"{config}:4: http.max_connections: {problem}"
