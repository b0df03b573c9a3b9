"""Discord waits 3 seconds for the answer to an interaction sent over HTTP, and then shows "The
application did not respond" (interactions/receiving-and-responding: "you must send an initial
response within 3 seconds"). The endpoint checked each signature against the store's memory
(a replay: 401) before it answered, without a bound: a store slow for a moment (a long SQLite
write holding the lock, a Redis failover) held every click, command and form past Discord's
3 seconds, and the work done late was answered into a token Discord had already given up on
(a Discord developer's fourth pass, 2026-12-07; each test here failed before: no answer came
while the store did not answer). Now the check is waited for ``ANSWER_WITHIN`` seconds: past
them the interaction is acknowledged (deferred, its form opened, no choices for an
autocomplete) and its work waits for the check, running only when it was no replay. The
endpoint takes signed requests on a real aiohttp server; the store is a real SQLite file
whose marks are held until the test lets them go."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.core.config import DiscordWorkspaceConfig
from bot.core.errors import SocialopsError
from bot.core.ports import Store
from integrations.discord.http_interactions import HttpInteractions
from tests.conftest import FakeClock
from tests.integrations.discord.reader import unescape
from tests.integrations.discord.test_http_interactions import (
    ALICE,
    KEY,
    SIGNED_AT,
    Completer,
    Recorder,
    claim_command,
    post,
    signed,
)
from tests.support.fake_discord import FakeDiscord, real_fixture

DEADLINE = 5.0  # seconds a test waits for an answer: the check is held for all of them


class Held:
    """The store's ``mark_seen``, answering only once the test sets ``go`` (a slow store);
    ``broken``: then failing, as a store that lost its connection."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.go = asyncio.Event()
        self.broken = False
        self.asked = 0

    async def mark_seen(self, key: str, ttl_seconds: int) -> bool:
        self.asked += 1
        await self.go.wait()
        if self.broken:
            raise SocialopsError("store: connection lost")
        return await self.store.mark_seen(key, ttl_seconds)


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def held(store: Store) -> Held:
    return Held(store)


@pytest.fixture
async def endpoint(fake: FakeDiscord, ws_config: DiscordWorkspaceConfig, store: Store,
                   held: Held) -> AsyncIterator[tuple[TestClient[Any, Any], HttpInteractions,
                                                      Recorder]]:
    cfg = ws_config.model_copy(update={"public_key": KEY.verify_key.encode().hex(),
                                       "guild_id": real_fixture(
                                           "interaction_slash_command.json")["guild_id"]})
    recorder = Recorder()
    http = HttpInteractions(cfg, handler=recorder,
                            identity=lambda ws, user: "alice" if user == ALICE else None,
                            clock=FakeClock(datetime.fromtimestamp(SIGNED_AT, UTC)),
                            completions=Completer(), mark_seen=held.mark_seen,
                            forget_seen=store.forget_seen)
    app = web.Application()
    app.router.add_post("/discord/interactions", http.handle_http)
    async with TestClient(TestServer(app, host="127.0.0.1", port=0)) as client:
        yield client, http, recorder
        held.go.set()
    await http.close()


def follow_ups(fake: FakeDiscord) -> list[dict[str, Any]]:
    return [c.body for c in fake.calls if c.method == "POST" and c.path.startswith("/webhooks/")]


async def test_a_command_is_acknowledged_while_the_store_is_slow_and_runs_after(
        endpoint: Any, fake: FakeDiscord, held: Held) -> None:
    client, http, recorder = endpoint
    answer = await asyncio.wait_for(post(client, claim_command("T-7")), DEADLINE)
    assert answer == (200, {"type": 5, "data": {"flags": 64}})
    assert recorder.seen == [] and held.asked == 1  # its work waits for the check
    held.go.set()
    await http.drain()
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-7")]
    [follow] = follow_ups(fake)
    assert follow["allowed_mentions"] == {"parse": []} and follow["flags"] == 64


async def test_a_replay_sent_while_the_store_is_slow_still_runs_nothing(
        endpoint: Any, fake: FakeDiscord, held: Held) -> None:
    client, http, recorder = endpoint
    body = json.dumps(claim_command("T-7")).encode()
    headers = signed(body)
    for _ in range(2):  # the same signed request twice: the second is a replay
        resp = await asyncio.wait_for(client.post("/discord/interactions", data=body,
                                                  headers=headers), DEADLINE)
        assert resp.status == 200
    held.go.set()
    await http.drain()
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-7")]
    assert len(follow_ups(fake)) == 1  # the replay's work never ran nor answered
    # once the store answers in time, a replay is refused at once, as before
    resp = await client.post("/discord/interactions", data=body, headers=headers)
    assert resp.status == 401


async def test_a_check_the_store_fails_late_runs_nothing_and_says_so_in_one_line(
        endpoint: Any, fake: FakeDiscord, held: Held,
        caplog: pytest.LogCaptureFixture) -> None:
    client, http, recorder = endpoint
    answer = await asyncio.wait_for(post(client, claim_command("T-7")), DEADLINE)
    assert answer[1]["type"] == 5
    held.broken = True
    with caplog.at_level(logging.INFO, logger="integrations"):
        held.go.set()
        await http.drain()
    assert recorder.seen == []
    [follow] = follow_ups(fake)
    line = unescape(follow["content"])[0]
    assert line.startswith("Nothing was done") and "again" in line and "\n" not in line, line
    assert not [r for r in caplog.records if r.exc_info]


async def test_a_form_opens_and_an_autocomplete_is_answered_while_the_store_is_slow(
        endpoint: Any, held: Held) -> None:
    client, _, recorder = endpoint
    reject = real_fixture("interaction_slash_command.json")
    reject.update(type=3, data={"custom_id": "socialops:reject:A-3", "component_type": 2},
                  message={"id": "1100000000000000999"})
    status, answer = await asyncio.wait_for(post(client, reject), DEADLINE)
    assert status == 200 and answer["type"] == 9
    typed = real_fixture("interaction_slash_command.json")
    typed["type"] = 4
    typed["data"] = {"name": "socialops", "type": 1, "options": [
        {"type": 2, "name": "tickets", "options": [
            {"type": 1, "name": "resolve", "options": [
                {"type": 3, "name": "ticket", "value": "T-1", "focused": True}]}]}]}
    status, answer = await asyncio.wait_for(post(client, typed), DEADLINE)
    assert status == 200 and answer["type"] == 8
    assert recorder.seen == []
