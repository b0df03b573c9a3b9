"""An X source none of whose streams X reads in a poll fails that poll, whatever each stream
failed on (an X integration review, 2026-12-07).

X answers ``200`` with only ``errors`` for a stream it will not show (the mentions timeline of
a suspended account, a query's ``resource-not-found``). One such stream beside others read is a
failing part (``failing_parts``), its cursor kept. But a poll every stream of which answered so,
or failed on a mix of that, a 503 and a refused query, returned an empty batch: the runtime
recorded a successful poll, so source health never said the source was failing, ``status``
showed it polled fine, and only the failing-feed alert (per stream, judged against the polls
that "succeeded") could say anything. A poll none of whose streams read anything now fails,
in one line naming X's words, each stream still named in ``failing_parts``; a spent endpoint
is waited for, no failure, as before. Each test failed before the fix."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.app.compose import open_app
from bot.core.cards import Interaction
from bot.core.config import load_config
from bot.core.errors import RateLimited, SourceError
from handlers.source_health import health_key, read_poll_health
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.integrations.test_x_over_capacity import NOT_FOUND, OVER_CAPACITY
from tests.support.fake_x import USER_ID
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SEARCH = "/2/tweets/search/recent"
MENTIONS = f"/2/users/{USER_ID}/mentions"
REFUSED = {"title": "Invalid Request", "detail": "One or more parameters to your request was "
           "invalid.", "errors": [{"message": "There were errors processing your request: "
                                   "Reference to invalid operator 'place_country'"}]}


def config(net: NetServer, *queries: str) -> XSourceConfig:
    return XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                         user_id=USER_ID, queries=queries, mentions=True, timeout=2.0)


def answers(net: NetServer, by_query: dict[str, tuple[int, Any]],
            mentions: tuple[int, Any]) -> None:
    """Recent search answering each query as ``by_query`` says, the mentions timeline as
    ``mentions``."""
    async def search(request: web.Request) -> web.Response:
        status, body = by_query[request.query["query"]]
        return web.json_response(body, status=status)

    net.handler("GET", SEARCH, search)
    net.json("GET", MENTIONS, mentions[1], status=mentions[0])


async def test_every_stream_answering_only_errors_fails_the_poll(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    async with NetServer() as net:
        answers(net, {"acme": (200, NOT_FOUND), "refund": (200, {**NOT_FOUND,
                                                                 "meta": {"result_count": 0}})},
                (200, NOT_FOUND))
        store = Cursors()
        source = XSource(config(net, "acme", "refund"), store=store, client=client,
                         clock=clock)
        with pytest.raises(SourceError) as raised:
            await source.poll()
        assert not isinstance(raised.value, RateLimited)
        said = str(raised.value)
        assert "\n" not in said and "Could not find the query's results" in said, said
        assert set(source.failing_parts()) == {"search:acme", "search:refund", "mentions"}
        assert store.writes == 0  # no cursor moved


@pytest.mark.parametrize("other", [(503, OVER_CAPACITY), (400, REFUSED)],
                         ids=["over-capacity", "refused"])
async def test_errors_only_beside_another_failure_on_every_stream_fails_the_poll(
        client: httpx.AsyncClient, clock: FakeClock, other: tuple[int, Any]) -> None:
    async with NetServer() as net:
        answers(net, {"acme": other}, (200, NOT_FOUND))
        source = XSource(config(net, "acme"), store=Cursors(), client=client, clock=clock)
        with pytest.raises(SourceError) as raised:
            await source.poll()
        assert not isinstance(raised.value, RateLimited)
        assert set(source.failing_parts()) == {"search:acme", "mentions"}


async def test_one_stream_read_keeps_the_poll_a_success(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The guard beside the fix (passed before too): one stream read, the others answering
    only errors, is a poll that succeeds with its failing parts named."""
    async with NetServer() as net:
        answers(net, {"acme": (200, NOT_FOUND), "refund": (200, {"meta": {"result_count": 0}})},
                (200, NOT_FOUND))
        source = XSource(config(net, "acme", "refund"), store=Cursors(), client=client,
                         clock=clock)
        assert list(await source.poll()) == []
        assert set(source.failing_parts()) == {"search:acme", "mentions"}


async def test_status_says_the_source_failing_and_health_names_each_stream(
        tmp_path: Path) -> None:
    """The app as it runs (``open_app``, a SQLite file): the runtime's poll of an X source
    whose every stream answers only errors is a failed poll, which ``status`` shows (it said
    the source was ok) and source health counts, each stream named as a failing feed."""
    async with NetServer() as net:
        answers(net, {"acme": (200, NOT_FOUND)}, (200, NOT_FOUND))
        cfg = tmp_path / "socialops.yaml"
        cfg.write_text(
            f"sources: [{{id: x1, type: x, base_url: '{net.base}', bearer_token: app, "
            f"user_id: '{USER_ID}', queries: [acme], mentions: true, timeout: 2}}]\n"
            "workspaces: [{name: console, type: console}]\n"
            "channels: {support: {workspace: console, id: support}}\n"
            "people: [{id: ana, role: lead, identities: {console: ana}}]\n"
            f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
        async with open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW) as app:
            with pytest.raises(SourceError):
                await app.runtime().poll_once(app.sources["x1"])
            said = (await app.dispatcher.handle(Interaction(
                workspace="console", channel="support", user="ana", via="command",
                action="status"))).text
            assert "x1 (last poll failed (12:00 UTC): x: error body" in said, said
            health = read_poll_health(await app.store.get_cursor(health_key("x1")))
            assert not isinstance(health, str), health
            assert set(health.parts) == {"search:acme", "mentions"}


async def test_a_spent_endpoint_beside_streams_answering_errors_fails_and_keeps_the_window(
        client: httpx.AsyncClient, clock: FakeClock) -> None:
    """No stream read, one for a wait and one for X's errors: a failed poll (the failing
    stream is news, the wait is not), and the window X named is still kept for the next
    poll, written before the poll fails (failed before: an empty success)."""
    async with NetServer() as net:
        reset = str(int(clock().timestamp()) + 600)
        answers(net, {"acme": (429, {"title": "Too Many Requests"})}, (200, NOT_FOUND))
        net._routes.pop(("GET", SEARCH))

        async def spent(request: web.Request) -> web.Response:
            return web.json_response({"title": "Too Many Requests"}, status=429,
                                     headers={"x-rate-limit-reset": reset})
        net.handler("GET", SEARCH, spent)
        store = Cursors()
        source = XSource(config(net, "acme"), store=store, client=client, clock=clock)
        with pytest.raises(SourceError) as raised:
            await source.poll()
        assert not isinstance(raised.value, RateLimited)
        assert set(source.failing_parts()) == {"mentions"}
        assert list(json.loads(store.values["x1"])["#windows"]) == [SEARCH]
