"""A private feed's token in its URL, written as the docs say (networks.md: "a feed that needs
a token in its URL: put it in the URL via ``${ENV}``"), is hidden wherever a failed poll is
told, whatever the feed's service calls its parameter (``?key=``, ``?auth=``) or when it is a
segment of the path (Google Alerts' ``/alerts/feeds/<user>/<feed>``): the source health record
in the store, chat's ``status``, ``/healthz`` and the ops channel's notice. The app as
``socialops run`` builds it, a local HTTP server, a real SQLite file."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.ports import Source
from tests.app.test_operator_signals import NOW, STATUS, Opener, config, opened  # noqa: F401
from tests.conftest import FakeClock
from tests.integrations.conftest import client  # noqa: F401
from tests.integrations.test_rss import FeedServer, _items, feeds, source  # noqa: F401
from tests.support.fakes import Cursors

FEED_SECRET = "PrivFeedS3cretValue"


@asynccontextmanager
async def no_such_feed() -> AsyncIterator[str]:
    """A local HTTP server answering every path 404, and its base URL."""
    async def answer(request: web.Request) -> web.Response:
        return web.Response(status=404, text="no such feed")

    server_app = web.Application()
    server_app.router.add_route("*", "/{tail:.*}", answer)
    async with TestServer(server_app, host="127.0.0.1", port=0) as server:
        yield str(server.make_url("")).rstrip("/")


@pytest.mark.parametrize("written", [
    "/feed.xml?key=${FEED_SECRET}",
    "/feed.xml?auth=${FEED_SECRET}",
    "/alerts/feeds/0123/${FEED_SECRET}",
])
async def test_a_feed_token_from_the_environment_is_hidden_where_a_failed_poll_is_told(
        tmp_path: Path, opened: Opener, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        written: str) -> None:
    monkeypatch.setenv("FEED_SECRET", FEED_SECRET)

    async with no_such_feed() as base:
        cfg = config(tmp_path, 0)
        cfg.write_text(cfg.read_text().replace(
            "[{id: feeds, type: replay, path: m.jsonl, batch: 2}]",
            f"[{{id: feed, type: rss, urls: ['{base}{written}']}}]") + "ops_channel: support\n")
        out = io.StringIO()  # the console workspace: the ops channel's notices
        app: App = await opened(open_app(load_config(cfg), out=out, clock=lambda: NOW))
        runtime = app.runtime()
        source = app.sources["feed"]

        async def step(source: Source = source) -> float:
            await runtime.poll_once(source)
            return 1.0

        await runtime.supervisor.run_once("source:feed", step)
        await app.outbox.drain()
    status = (await app.dispatcher.handle(STATUS)).text
    healthz = str(runtime.supervisor.unhealthy())
    with sqlite3.connect(tmp_path / "s.db") as db:
        stored = "\n".join(db.iterdump())
    assert "feed" in status and "404" in status, status
    for where, text in (("status", status), ("healthz", healthz), ("store", stored),
                        ("ops notice", out.getvalue())):
        assert FEED_SECRET not in text, (where, text)


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>alerts</title><link>https://example.com/</link>
<item><title>acme refund please</title><link>https://example.com/posts/1</link>
<guid>https://example.com/posts/1</guid><pubDate>Fri, 20 Nov 2026 11:59:00 GMT</pubDate>
<description>acme refund please</description></item>
</channel></rss>"""


@pytest.mark.parametrize("written", [
    "/feed.xml?token=${FEED_SECRET}",
    "/alerts/feeds/0123/${FEED_SECRET}",
])
async def test_a_feed_read_keeps_no_token_of_its_url_in_the_store(
        tmp_path: Path, opened: Opener, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        written: str) -> None:
    """The source's cursor (each feed's validators and the ids it has seen) needs the feed
    told apart from the source's others, not its URL as written: the SQLite file (readable
    by whoever may read a backup of it) holds no feed's token."""
    monkeypatch.setenv("FEED_SECRET", FEED_SECRET)

    async def answer(request: web.Request) -> web.Response:
        return web.Response(text=FEED, content_type="application/rss+xml",
                            headers={"ETag": '"v1"'})

    server_app = web.Application()
    server_app.router.add_route("GET", "/{tail:.*}", answer)
    async with TestServer(server_app, host="127.0.0.1", port=0) as server:
        base = str(server.make_url("")).rstrip("/")
        cfg = config(tmp_path, 0)
        cfg.write_text(cfg.read_text().replace(
            "[{id: feeds, type: replay, path: m.jsonl, batch: 2}]",
            f"[{{id: feed, type: rss, urls: ['{base}{written}']}}]"))
        out = io.StringIO()
        app: App = await opened(open_app(load_config(cfg), out=out, clock=lambda: NOW))
        runtime = app.runtime()
        source = app.sources["feed"]
        await runtime.poll_once(source)
        await app.outbox.drain()
        cursor = await app.store.get_cursor("feed")
        assert cursor and '"etag"' in cursor, cursor  # the feed was read and its cursor kept
        await runtime.poll_once(source)  # read again from the cursor: nothing new
    with sqlite3.connect(tmp_path / "s.db") as db:
        stored = "\n".join(db.iterdump())
    where = [line[max(0, line.find(FEED_SECRET) - 200):line.find(FEED_SECRET) + 40]
             for line in stored.splitlines() if FEED_SECRET in line]
    assert not where, where


async def test_a_cursor_kept_by_the_release_before_loses_the_url_and_nothing_is_read_again(
        feeds: FeedServer, client: httpx.AsyncClient, clock: FakeClock) -> None:  # noqa: F811
    """A cursor written before feeds were kept by their ``feed_key`` holds the URL as
    written: the next poll keeps the feed's state under its key, the URL gone, and reads none
    of the entries it had seen again."""
    from integrations.social.rss.parse import feed_key, mention_id

    url = feeds.url("old") + f"?token={FEED_SECRET}"
    feeds.files["old"] = _items((2, "g2"), (1, "g1"))
    cursors = Cursors()
    cursors.values["feeds"] = json.dumps({"feeds": {url: {
        "etag": None, "modified": None, "seen": [mention_id(url, "g2"), mention_id(url, "g1")],
        "last": 2, "read": clock().isoformat()}}})
    src = source([url], client, clock, cursors)
    assert await src.poll() == []
    kept = json.loads(cursors.values["feeds"])["feeds"]
    assert list(kept) == [feed_key(url)] and FEED_SECRET not in cursors.values["feeds"]
    feeds.files["old"] = _items((3, "g3"), (2, "g2"), (1, "g1"))
    assert [m.text for m in await src.poll()] == ["acme 3"]


@pytest.mark.parametrize("written", [
    "htp://feeds.example/x?key=${FEED_SECRET}",  # no http(s) scheme
    "https://feeds.example/x?key=${FEED_SECRET} y",  # a space
    "https://feeds.example:99999/alerts/${FEED_SECRET}",  # no port
])
async def test_check_says_what_is_wrong_with_a_feed_url_without_its_token(
        tmp_path: Path, written: str) -> None:
    """`socialops check` (run in CI, its output kept in the job's log) names the feed URL it
    refuses as it shows a Redis URL it refuses: the secret the environment put in it hidden,
    the rest as written."""
    from bot.app.check import run_check

    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces: [{name: console, type: console}]\n"
                   f"sources: [{{id: feed, type: rss, urls: ['{written}']}}]\n")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(cfg, online=False, out=out, err=err,
                           env={"FEED_SECRET": FEED_SECRET})
    said = out.getvalue() + err.getvalue()
    assert code == 1 and "sources[0].urls[0]" in said and "feeds.example" in said, said
    assert FEED_SECRET not in said, said


async def test_fetch_at_debug_says_a_feed_failure_without_its_token(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``socialops fetch`` (its output pasted in issues) at DEBUG: the log lines (httpx's
    request line among them) and the error line name the feed without its token."""
    from bot.app.cli import main

    monkeypatch.setenv("FEED_SECRET", FEED_SECRET)

    async with no_such_feed() as base:
        cfg = tmp_path / "socialops.yaml"
        cfg.write_text(
            "workspaces: [{name: console, type: console}]\nsources:\n"
            f"  - {{id: feed, type: rss, urls: ['{base}/feed.xml?key=${{FEED_SECRET}}']}}\n"
            f"store: {{path: {tmp_path / 's.db'}}}\n", encoding="utf-8")
        code = await asyncio.to_thread(
            main, ["-c", str(cfg), "--log-level", "debug", "fetch", "feed"])
    said = capsys.readouterr()
    assert code == 1 and "feed.xml" in said.err, said
    assert FEED_SECRET not in said.out + said.err, said
