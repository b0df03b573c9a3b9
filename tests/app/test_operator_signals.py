"""What an operator reads about a running bot, each checked where it is produced: the source
metrics the README documents, the chat ``status`` of a failing source, ``/healthz`` for a dead
or stuck loop, the process roles on Redis, and the small print of logs and errors."""

from __future__ import annotations

import asyncio
import io
import logging
import re
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from aiohttp.test_utils import TestServer

from bot.app.compose import App, open_app
from bot.app.http import build_http_app
from bot.app.logs import Redactor
from bot.app.runtime import AUTH_PAUSE
from bot.core.cards import Interaction
from bot.core.config import load_config
from bot.core.durations import parse_duration
from bot.core.errors import RateLimited, Refusal, SourceAuthError, SourceError
from bot.core.metrics import Metrics
from bot.core.models import Author, Mention, Ticket
from bot.engine.supervisor import Supervisor
from handlers.source_health import Polled
from integrations.slack.render import render_text
from tests.app.cli_support import SOCIALOPS, Cli, clean_env, drain
from tests.support.processes import stopped
from tests.support.stores import create

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
Opener = Callable[[AbstractAsyncContextManager[App]], Awaitable[App]]


@pytest.fixture
async def opened() -> AsyncIterator[Opener]:
    """Enters an ``open_app`` for the test; it closes when the test ends, pass or fail."""
    async with AsyncExitStack() as stack:
        yield stack.enter_async_context
STATUS = Interaction(workspace="console", channel="support", user="ana", via="command",
                     action="status")


def mention(n: int, *, age: float) -> Mention:
    return Mention(id=f"rss:{n}", network="rss", source="feeds", text=f"refund please {n}",
                   author=Author(id=f"a{n}", handle=f"a{n}"),
                   created_at=NOW - timedelta(seconds=age))


def config(tmp_path: Path, lines: int) -> Path:
    (tmp_path / "m.jsonl").write_text(
        "".join(mention(i, age=90).model_dump_json() + "\n" for i in range(lines)))
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - name: support\n    match: {query: refund}\n    action: alert\n"
        "    channel: support\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("sources: [{id: feeds, type: replay, path: m.jsonl, batch: 2}]\n"
                   "workspaces: [{name: console, type: console}]\n"
                   "channels: {support: {workspace: console, id: support}}\n"
                   "people: [{id: ana, role: lead, identities: {console: ana}}]\n"
                   "rules: rules.yaml\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    return cfg


# -- the documented source and outbox metrics are written ----------------------------------


def unreachable_source(tmp_path: Path, source_id: str) -> tuple[Path, int]:
    """``config`` with one Mastodon source, ``source_id``, at a port nothing listens on."""
    import socket

    with socket.socket() as closed:  # a port nothing listens on once this block ends
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    cfg = config(tmp_path, 0)
    cfg.write_text(cfg.read_text().replace(
        "[{id: feeds, type: replay, path: m.jsonl, batch: 2}]",
        f"[{{id: {source_id}, type: mastodon, base_url: 'http://127.0.0.1:{port}', "
        "hashtags: [acme]}]"))
    return cfg, port


async def test_source_metrics_are_written_by_polls(tmp_path: Path, opened: Opener) -> None:
    app = await opened(open_app(load_config(config(tmp_path, 2)), out=io.StringIO(),
                                clock=lambda: NOW))
    runtime = app.runtime()
    source = app.sources["feeds"]
    await runtime.poll_once(source)
    m = app.metrics
    assert m.value("source_polls_total", source="feeds", outcome="ok") == 1
    assert m.value("source_last_success_timestamp_seconds", source="feeds") == (
        NOW.timestamp())
    assert m.value("source_lag_seconds", source="feeds") == 90
    assert m.value("outbox_enqueued_total") == 2, "two alerts queued for delivery"
    await runtime.poll_once(source)  # the file is read: an empty poll
    assert m.value("source_polls_total", source="feeds", outcome="ok") == 2
    assert m.value("source_lag_seconds", source="feeds") == 90, (
        "an empty poll leaves the age of the last poll that returned posts")
    text = m.render().decode()
    for name in ("source_polls_total", "source_last_success_timestamp_seconds",
                 "source_lag_seconds", "outbox_enqueued_total"):
        assert f"socialops_{name}" in text


async def test_failed_polls_are_counted_and_a_paused_source_is_a_gauge(
        tmp_path: Path, opened: Opener) -> None:
    app = await opened(open_app(load_config(config(tmp_path, 0)), out=io.StringIO(),
                                clock=lambda: NOW))
    runtime = app.runtime()
    source = app.sources["feeds"]

    async def refused() -> list[Mention]:
        raise SourceAuthError("401 from the feed")

    source.poll = refused  # type: ignore[method-assign]
    with pytest.raises(SourceAuthError):
        await runtime.poll_once(source)
    assert app.metrics.value("source_polls_total", source="feeds", outcome="error") == 1
    await runtime._report("source:feeds", "paused", "401 from the feed")
    assert app.metrics.value("source_paused", source="feeds") == 1
    await runtime._report("source:feeds", "resumed", "401 from the feed")
    assert app.metrics.value("source_paused", source="feeds") == 0


async def test_a_rate_limited_or_failed_poll_stores_how_long_its_process_waits(
        tmp_path: Path, opened: Opener) -> None:
    """So no other process takes the wait for a source no process polls (its ``status``
    would say "is a worker running?" of a source waiting out X's 15-minute window)."""
    app = await opened(open_app(load_config(config(tmp_path, 0)), out=io.StringIO(),
                                clock=lambda: NOW))
    runtime = app.runtime()
    source = app.sources["feeds"]
    assert app.health is not None
    for raised, waits, failed in ((RateLimited("429", retry_after=900.0), 900.0, False),
                                  (SourceAuthError("401 from the feed"), AUTH_PAUSE, True),
                                  (RuntimeError("boom"), runtime.supervisor.max_backoff, True)):
        async def fails(exc: Exception = raised) -> list[Mention]:
            raise exc

        source.poll = fails  # type: ignore[method-assign]
        with pytest.raises(type(raised)):
            await runtime.poll_once(source)
        # a failure's wait is marked, so `why` does not say it as a rate limit's
        assert await app.health.polled_at("feeds") == Polled(NOW, waits, failed), raised
    del source.poll  # the real poll again: an ordinary poll after a wait is written
    await runtime.poll_once(source)
    assert await app.health.polled_at("feeds") == Polled(NOW, 0.0)


# -- status says which source is failing ----------------------------------------------------


async def test_status_names_a_failing_source_and_its_error(tmp_path: Path, opened: Opener) -> None:
    app = await opened(open_app(load_config(config(tmp_path, 1)), out=io.StringIO(),
                                clock=lambda: NOW))
    runtime = app.runtime()
    source = app.sources["feeds"]
    await runtime.poll_once(source)
    healthy = await app.dispatcher.handle(STATUS)
    assert "feeds (ok)" in healthy.text, healthy.text

    async def broken() -> list[Mention]:
        raise RuntimeError("ConnectError: connection refused")

    source.poll = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await runtime.poll_once(source)
    failing = await app.dispatcher.handle(STATUS)
    assert "feeds (last poll failed (12:00 UTC): ConnectError: connection refused)" in (
        failing.text), failing.text


async def test_status_counts_tickets_and_approvals_without_reading_them(
        tmp_path: Path, opened: Opener) -> None:
    """status loaded every open and claimed ticket and pending approval to count them: at
    100,000 open tickets the event loop stood still for seconds. It asks the store for the
    counts now; reading the records fails here, and status still answers."""
    app = await opened(open_app(load_config(config(tmp_path, 1)), out=io.StringIO(),
                                clock=lambda: NOW))
    for n in range(1, 5):
        assert await create(app.store, Ticket(
            id=f"T-{n}", status="claimed" if n == 4 else "open", signal_id=f"rss:{n}",
            route="support", customer_key=f"rss:a{n}", conversation_key=f"rss:{n}",
            created_at=NOW))

    async def loaded(**_: object) -> list[object]:
        raise AssertionError("status read every record to count them")

    app.store.list_tickets = loaded  # type: ignore[assignment,method-assign]
    app.store.list_approvals = loaded  # type: ignore[assignment,method-assign]
    status = await app.dispatcher.handle(STATUS)
    assert "tickets open 3, claimed 1; approvals pending 0" in status.text, status.text
    # the outbox's counts as words, not a Python dict ({'pending': 0, ...}: a newcomer's find)
    assert "; outbox pending 0, sent 0, dead 0; " in status.text, status.text


async def test_status_cuts_a_long_poll_error_between_characters(
        tmp_path: Path, opened: Opener) -> None:
    """status quotes a source's last error up to 160 characters: a plain slice split an
    emoji sequence across the limit (👩‍💻 became 👩), with no sign anything was cut."""
    app = await opened(open_app(load_config(config(tmp_path, 1)), out=io.StringIO(),
                                clock=lambda: NOW))
    runtime = app.runtime()
    source = app.sources["feeds"]

    async def broken() -> list[Mention]:
        raise RuntimeError("e" * 158 + "👩‍💻" + " and the rest of a long error")

    source.poll = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await runtime.poll_once(source)
    shown = str(render_text((await app.dispatcher.handle(STATUS)).text).blocks)
    assert "feeds (last poll failed (12:00 UTC): " + "e" * 158 + "…)" in shown, shown
    assert "👩" not in shown, shown


async def test_a_source_that_cannot_reach_its_server_names_the_url_and_its_key(
        tmp_path: Path, opened: Opener) -> None:
    """The supervisor's retry lines, the runtime's and chat's ``status`` say which server
    could not be reached and which key of the source names it, as ``fetch`` does; before:
    "mastodon: GET /api/v1/timelines/tag/acme failed: ConnectError"."""
    cfg, port = unreachable_source(tmp_path, "feeds")
    app = await opened(open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW))
    with pytest.raises(SourceError) as raised:
        await app.runtime().poll_once(app.sources["feeds"])
    said = str(raised.value)
    assert said.startswith(f"cannot reach http://127.0.0.1:{port} (ConnectError"), said
    assert said.endswith("check this machine's network (or proxy), or the source's base_url")
    status = await app.dispatcher.handle(STATUS)
    assert f"cannot reach http://127.0.0.1:{port}" in status.text, status.text


async def test_a_source_whose_credentials_are_refused_names_them(
        tmp_path: Path, opened: Opener) -> None:
    """The pause's log line and ops notice said 'mastodon: GET ... refused the token (401)
    invalid_token', without the key to change; ``fetch`` names it, and so does a run now. It
    stays a SourceAuthError: the supervisor pauses the source, as before."""
    from aiohttp import web

    async def refuse(request: web.Request) -> web.Response:
        return web.json_response({"error": "invalid_token"}, status=401)

    server_app = web.Application()
    server_app.router.add_route("*", "/{tail:.*}", refuse)
    async with TestServer(server_app, host="127.0.0.1", port=0) as server:
        cfg = config(tmp_path, 0)
        cfg.write_text(cfg.read_text().replace(
            "[{id: feeds, type: replay, path: m.jsonl, batch: 2}]",
            f"[{{id: fedi, type: mastodon, base_url: '{server.make_url('')}', token: wrong, "
            "hashtags: [acme]}]"))
        app = await opened(open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW))
        with pytest.raises(SourceAuthError) as raised:
            await app.runtime().poll_once(app.sources["fedi"])
    said = str(raised.value)
    # its first request is whose the token is (verify_credentials, since b3dd982b: our own
    # posts are not read while it is not known), refused as the timeline's would be
    assert "GET /api/v1/accounts/verify_credentials refused the token (401)" in said, said
    assert said.endswith("; check the source's token"), said


async def test_a_failed_poll_is_one_line_in_the_log_of_a_run(tmp_path: Path) -> None:
    """A real `socialops run` whose source's server is a closed port: each failed poll is one
    WARNING line, the supervisor's, with the URL, the source's key and the retry. The first
    failure also logged the runtime's 'source:masto failed: ...' with the same words."""
    _, port = unreachable_source(tmp_path, "masto")  # the run reads socialops.yaml there
    proc = await asyncio.create_subprocess_exec(
        SOCIALOPS, "run", "--no-stdin", cwd=tmp_path, env=clean_env(),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    assert proc.stderr is not None
    seen: list[str] = []

    async def two_retries() -> None:
        while sum("retrying in" in line for line in seen) < 2:
            line = (await proc.stderr.readline()).decode()  # type: ignore[union-attr]
            if not line:
                raise AssertionError("exited early:\n" + "".join(seen))
            seen.append(line)

    try:
        await asyncio.wait_for(two_retries(), 60)
    finally:
        seen.append((await stopped(proc)).decode())
    log = "".join(seen)
    failures = [line for line in log.splitlines() if f"127.0.0.1:{port}" in line]
    assert len(failures) >= 2 and all("WARNING" in line for line in failures), log
    assert all(f"source:masto: cannot reach http://127.0.0.1:{port}" in line
               and "or the source's base_url; retrying in " in line for line in failures), log
    assert "Traceback" not in log


# -- /healthz: a dead or a stuck loop is a process to restart ---------------------------------


async def test_healthz_is_503_for_a_dead_or_stuck_loop(tmp_path: Path, opened: Opener) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces: [{name: console, type: console}]\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    app = await opened(open_app(load_config(cfg), out=io.StringIO()))
    sup = Supervisor(stop=asyncio.Event(), clock=lambda: NOW, metrics=Metrics())
    server = TestServer(build_http_app(app, paused=sup.unhealthy), port=0)
    await server.start_server()

    async def crashes() -> None:
        raise RuntimeError("a loop that died")

    async def waits() -> None:
        await asyncio.Event().wait()

    try:
        async with httpx.AsyncClient(base_url=str(server.make_url("/"))) as client:
            assert (await client.get("/healthz")).status_code == 200
            dead = sup.spawn("outbox", crashes())
            with pytest.raises(RuntimeError):
                await dead
            answer = await client.get("/healthz")
            assert answer.status_code == 503
            assert answer.json()["tasks"]["outbox"].startswith("dead: RuntimeError")
            sup.tasks.clear()
            sup.health.clear()
            stuck = sup.spawn("timers", waits(), stale_after=0.05)
            sup.beat("timers")
            await asyncio.sleep(0.2)
            answer = await client.get("/healthz")
            assert answer.status_code == 503
            assert answer.json()["tasks"]["timers"].startswith("stuck: no progress")
            stuck.cancel()
    finally:
        await server.close()


# -- the process roles, as the Procfile runs them ------------------------------------------------


@pytest.mark.slow
def test_web_role_never_polls_and_worker_role_polls_without_chat(
        tmp_path: Path, redis_url: str, cli: Cli) -> None:
    init = cli("init", "--yes", cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    env = clean_env(REDIS_URL=redis_url)

    def run(role: str, until: str, port: int) -> str:
        proc = subprocess.Popen([SOCIALOPS, "run", "--role", role, "--no-stdin"], cwd=tmp_path,
                                env={**env, "PORT": str(port)}, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        assert proc.stderr is not None
        seen: list[str] = []
        deadline = time.monotonic() + 60
        for line in proc.stderr:
            seen.append(line)
            if until in line or time.monotonic() > deadline:
                break
        if role == "web":  # give it time to do what it must not do
            time.sleep(3)
        proc.send_signal(signal.SIGTERM)
        _, err = drain(proc, timeout=60)
        assert proc.returncode == 0, "".join(seen) + err
        return "".join(seen) + err

    web = run("web", "role web: interactions only", 18931)
    assert "role web: interactions only" in web
    assert "polled sample" not in web and "Traceback" not in web
    # SIGTERM: the same two lines as the other roles, so a supervisor's log shows a clean stop
    assert "stopping: finishing work in hand" in web and web.rstrip().endswith("stopped"), web
    worker = run("worker", "polled sample:", 18932)
    assert "role worker: polling and delivery only" in worker
    assert "polled sample: 50 fetched, queued for the shared stream" in worker, worker


# -- the small print ------------------------------------------------------------------------------


def test_redaction_keeps_at_protocol_ids_and_hides_url_passwords() -> None:
    f = Redactor()
    uri = "giving up on bluesky:at://did:plc:abc123/app.bsky.feed.post/3k@C0SUPPORT"
    assert f.redact(uri) == uri
    assert f.redact("redis://user:hunter2@db:6379/0") == "redis://user:[REDACTED]@db:6379/0"
    assert f.redact("https://:s3cret@feeds.example/x") == "https://:[REDACTED]@feeds.example/x"


def test_a_duration_too_long_says_so() -> None:
    with pytest.raises(Refusal, match="longer than ten years"):
        parse_duration("999999d")
    with pytest.raises(Refusal, match="bad duration"):
        parse_duration("soon")


def test_audit_since_too_far_back_is_one_line(tmp_path: Path, cli: Cli) -> None:
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    proc = cli("audit", "--since", "999999d", cwd=tmp_path)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "error: --since '999999d' is longer than ten years; use a shorter duration"]


async def test_cross_posts_are_logged_at_debug_only(tmp_path: Path, opened: Opener,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    app = await opened(open_app(load_config(config(tmp_path, 0)), out=io.StringIO(),
                                clock=lambda: NOW))
    text = "the refund for my broken order never arrived, third week now"
    posts = [Mention(id="mastodon:1", network="mastodon", source="feeds", text=text,
                     author=Author(id="1", handle="kasia@mastodon.social"),
                     created_at=NOW - timedelta(minutes=2)),
             Mention(id="bluesky:at://did:plc:k/app.bsky.feed.post/2", network="bluesky",
                     source="feeds", text=text, author=Author(id="did:plc:k",
                                                              handle="kasia.bsky.social"),
                     created_at=NOW - timedelta(minutes=1))]
    with caplog.at_level(logging.DEBUG, logger="bot.engine.pipeline"):
        result = await app.pipeline.process_batch(posts)
    crossed = [r for r in caplog.records if "is a cross-post of" in r.getMessage()]
    assert result.routed == 1 and len(crossed) == 1, caplog.text
    assert crossed[0].levelno == logging.DEBUG


@pytest.mark.slow
def test_replay_on_redis_processes_the_file_and_says_what_it_did(
        tmp_path: Path, redis_url: str, cli: Cli) -> None:
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis")
                   + "outbox: {per_channel_per_second: 1000, burst: 1000}\n")
    proc = cli("replay", "mentions.jsonl", cwd=tmp_path, env=clean_env(REDIS_URL=redis_url))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    read = re.search(r"read\s*│\s*(\d+)", proc.stdout) or re.search(r"read (\d+)", proc.stdout)
    assert read and int(read.group(1)) == 210, proc.stdout[-3000:]
    assert re.search(r"outbox\s+│ dead 0, pending 0, sent \d+", proc.stdout), proc.stdout[-2000:]
