"""The bot's HTTP server (``start_http``) as a hostile client meets it, over raw TCP on a
loopback port: connections that send nothing or trickle their headers or body, a body cut
short, requests aiohttp cannot parse, a compressed body that inflates a thousandfold. Each
is answered (or closed) without holding a connection for long, without blocking the event
loop, and without a traceback in the logs; honest requests are served throughout."""

from __future__ import annotations

import asyncio
import io
import logging
import resource
import socket
import sys
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from bot.app.compose import open_app
from bot.app.connections import ConnectionGuard, limits
from bot.app.http import build_http_app, start_http
from bot.core.config import SlackWorkspaceConfig, load_config
from integrations import webhook
from integrations.slack.app import build_slack_app
from tests.app.cli_support import REPO, clean_env
from tests.integrations.slack.served import RecordingHandler
from tests.support.processes import stopped

WITHIN = 10.0  # seconds a test waits for an answer; never asserted as a duration


def console_config(tmp_path: Path, *, port: int = 0) -> Path:
    path = tmp_path / "socialops.yaml"
    http = f"http: {{host: 127.0.0.1, port: {port}}}\n" if port else ""
    path.write_text("workspaces: [{name: console, type: console}]\n"
                    f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n" + http,
                    encoding="utf-8")
    return path


@pytest.fixture
async def port(tmp_path: Path) -> AsyncIterator[int]:
    """``start_http`` serving /healthz and a Slack workspace's /slack/events."""
    async with open_app(load_config(console_config(tmp_path)), out=io.StringIO()) as app:
        bot = build_slack_app(SlackWorkspaceConfig(
            type="slack", name="acme", bot_token="xoxb-test", signing_secret="test-secret",
            api_url="http://127.0.0.1:9/api/"), handler=RecordingHandler())
        runner = await start_http(build_http_app(app, routes={"/slack/events": bot.handle_http}),
                                  host="127.0.0.1", port=0)
        try:
            yield runner.addresses[0][1]
        finally:
            await runner.cleanup()


async def exchange(port: int, data: bytes) -> bytes:
    """Send ``data``, read one answer (its head, and its body by Content-Length)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), WITHIN)
        length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        return head + await asyncio.wait_for(reader.readexactly(length), WITHIN)
    finally:
        writer.close()


def get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()


def post_head(*headers: str) -> bytes:
    return ("POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "".join(f"{h}\r\n" for h in headers) + "\r\n").encode()


async def until_logged(caplog: pytest.LogCaptureFixture, needle: str) -> list[logging.LogRecord]:
    """The records so far, once one holds ``needle`` or is an error (else after WITHIN)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WITHIN
    while loop.time() < deadline:
        if any(needle in r.getMessage() or r.levelno >= logging.ERROR for r in caplog.records):
            break
        await asyncio.sleep(0.01)
    return list(caplog.records)


async def test_a_body_that_stops_arriving_is_answered_408(
        port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Headers promise 1,000 bytes, 10 arrive: the connection was held for as long as the
    sender liked (a handful of these held every descriptor the process had)."""
    monkeypatch.setattr(webhook, "BODY_SECONDS", 0.2)
    answer = await exchange(port, post_head("Content-Length: 1000") + b'{"type": 1')
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]
    assert answer.endswith(b"body not received within 0.2 s")
    # a chunked body that never ends is the same
    answer = await exchange(port, post_head("Transfer-Encoding: chunked") + b"2\r\n{}\r\n")
    assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]


async def test_a_body_cut_short_is_one_info_line_not_a_traceback(
        port: int, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(post_head("Content-Length: 1000") + b'{"type": 1')
    await writer.drain()
    writer.close()
    records = await until_logged(caplog, "the connection ended before the body")
    assert [r.levelno for r in records if r.levelno >= logging.WARNING] == []
    assert not any(r.exc_info or r.exc_text for r in records)
    assert [r.getMessage() for r in records] == [
        "refused POST /slack/events: the connection ended before the body (10 bytes)"]


@pytest.mark.parametrize(("request_bytes", "problem"), [
    (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
     "Duplicate Content-Length"),
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n",
     "Got more than 8190 bytes when reading"),
    (b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-H: v\r\n" * 65 + b"\r\n",
     "Too many headers received"),
    (b"GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n", "Missing 'Host' header in request."),
    (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
     "Invalid character in chunk size"),
])
async def test_a_request_aiohttp_cannot_parse_is_a_400_and_one_info_line(
        port: int, caplog: pytest.LogCaptureFixture, request_bytes: bytes, problem: str) -> None:
    """aiohttp logged each as an ERROR with the parser's traceback, eleven lines a request."""
    caplog.set_level(logging.INFO)
    answer = await exchange(port, request_bytes)
    assert answer.split(b" ", 2)[1] == b"400", answer[:200]
    records = await until_logged(caplog, "refused a malformed HTTP request")
    assert [(r.levelno, r.getMessage()) for r in records] == [
        (logging.INFO, f"refused a malformed HTTP request from 127.0.0.1: {problem}")]
    assert not any(r.exc_info or r.exc_text for r in records)
    assert (await exchange(port, get("/healthz"))).startswith(b"HTTP/1.1 200 ")


def gzip_bomb(megabytes: int) -> bytes:
    """A gzip stream that inflates to about ``megabytes`` GB of zeros, built without
    compressing them: one megabyte of zeros deflated after another megabyte of zeros refers
    only to zeros, so its blocks can be repeated (the stream has no trailer; nobody should
    read that far)."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = b"\0" * (1 << 20)
    first = deflate.compress(zeros) + deflate.flush(zlib.Z_SYNC_FLUSH)
    again = deflate.compress(zeros) + deflate.flush(zlib.Z_SYNC_FLUSH)
    repeats = megabytes * (1 << 20) // len(again)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + first + again * repeats


async def test_a_compressed_body_is_refused_without_being_inflated(port: int) -> None:
    """4 MB of gzip that inflates to about 4 GB: aiohttp inflated it whatever the handler
    answered (it reads the rest of a refused body before closing), which held the event
    loop for seconds, so /healthz and Slack's requests waited. Sent chunked, so no
    Content-Length refuses it first."""
    bomb = gzip_bomb(4)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(post_head("Transfer-Encoding: chunked", "Content-Encoding: gzip"))

    async def send() -> None:
        for i in range(0, len(bomb), 1 << 16):
            piece = bomb[i:i + (1 << 16)]
            writer.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            await writer.drain()
        writer.write(b"0\r\n\r\n")
        await writer.drain()

    sending = asyncio.create_task(send())
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n"), WITHIN)
        assert head.startswith(b"HTTP/1.1 415 "), head
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert (await exchange(port, get("/healthz"))).startswith(b"HTTP/1.1 200 ")
        # before: 3 to 10 s, however long inflating the rest took
        assert loop.time() - started < 1.0
    finally:
        sending.cancel()
        writer.close()


# -- connections ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def few_descriptors() -> None:
    """In the child: 256 open files, a limit some hosts still have (macOS: 256)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))


async def test_idle_and_slow_connections_never_keep_an_honest_request_out(
        tmp_path: Path) -> None:
    """`socialops run` with 256 open files: 1,600 connections in bursts of 100, each sending
    nothing, half its headers or a tenth of its body, used to take every descriptor, so
    accepting failed (a traceback a second) and /healthz went unanswered for as long as they
    stayed. Now the 96 it holds at most are the most recently active, without a traceback,
    and /healthz is answered."""
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.app.cli", "run", "--no-stdin", "--config",
        str(console_config(tmp_path, port=port)), cwd=tmp_path,
        env=clean_env(PYTHONPATH=str(REPO)), stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        preexec_fn=few_descriptors)
    assert proc.stderr is not None
    held: list[asyncio.StreamWriter] = []
    try:
        seen = b""
        while b"HTTP server on" not in seen:
            line = await asyncio.wait_for(proc.stderr.readline(), 60)
            assert line, seen.decode()
            seen += line

        async def connect(i: int) -> None:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            held.append(writer)
            if i % 4 == 0:  # half its headers, as slowloris sends them
                writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            elif i % 4 == 1:  # a tenth of its body: a request being handled, closed to make room
                writer.write(post_head("Content-Length: 100") + b"0123456789")

        for start in range(0, 1600, 100):  # in bursts, as a flood arrives
            for writer in held[1::4]:  # the trickled bodies go on trickling
                writer.write(b"x")
            await asyncio.gather(*(connect(i) for i in range(start, start + 100)))
        for _ in range(3):
            answer = await asyncio.wait_for(exchange(port, get("/healthz")), WITHIN)
            assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
    finally:
        for writer in held:
            writer.close()
        err = await stopped(proc)
    log = (seen + err).decode()
    assert proc.returncode == 0, log
    assert "Traceback" not in log, log
    # one warning for the first thousand closed, one for the next: not one a connection. How
    # many the guard closes depends on timing (the server ends a trickled body or half-sent
    # headers by its own timeouts too, and each such close is one the guard does not make):
    # 1,504 at most, fewer than 1,001 on a run where those timeouts came first
    assert 1 <= log.count("the most held at once") <= 2, log


def test_the_limits_leave_room_for_the_rest_of_the_process() -> None:
    """Connections plus the three backlogs asyncio may accept before the guard hears of them
    leave a quarter of the open files at least for the store, the clients and the rest."""
    assert limits(1024) == (256, 64)
    assert limits(256) == (96, 16)
    for open_files in (64, 128, 256, 1024, 4096, 1 << 20):
        connections, backlog = limits(open_files)
        assert connections >= 1 and backlog >= 1
        assert connections + 3 * backlog < open_files * 3 // 4


async def test_a_request_whose_connection_was_closed_to_make_room_is_not_handled() -> None:
    """Under a flood a connection can be closed to make room after aiohttp read its headers
    and before its handler ran; aiohttp never tells such a request, and reading its body raised
    RuntimeError: 26 to 76 tracebacks for 3,200 connections at 1,024 open files. The guard
    does not hand it to the app (the request here is aiohttp's own, with its connection
    gone)."""
    handled: list[web.BaseRequest] = []

    async def handler(request: web.BaseRequest) -> web.StreamResponse:
        handled.append(request)
        return web.Response()

    server = web.Server(handler)
    ConnectionGuard(4).watch(server)
    gone = make_mocked_request("POST", "/slack/events")
    gone.protocol.transport = None  # what aiohttp's connection_lost leaves
    answer = await server.request_handler(gone)
    assert (handled, answer.status) == ([], 503)
    alive = make_mocked_request("POST", "/slack/events")
    assert (await server.request_handler(alive)).status == 200 and handled == [alive]
