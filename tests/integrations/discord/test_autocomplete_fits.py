"""Autocomplete answers at Discord's limits, through discord.py's own client against the local
Discord (which refuses an answer past them: ``autocomplete_errors``) and through the HTTP
interactions endpoint with signed requests. An answer holds at most 25 choices
(discord-api-docs interactions/receiving-and-responding, Autocomplete), each named in 1 to 100
characters (interactions/application-commands, Application Command Option Choice Structure).
A pending draft's choice is named by its id, account and text: the name was the label's first
100 code points, which cut an emoji sequence or a letter's marks in half (a ZWJ family became
a woman and a dangling joiner) and did not say the text went on. Now it is cut between
user-perceived characters and ends with '…'. The choices come from a real SQLite store holding
200 pending drafts."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from nacl.signing import SigningKey

from bot.core.config import DiscordWorkspaceConfig
from bot.core.models import Approval
from bot.core.ports import Store
from bot.core.text import graphemes
from handlers.approvals import content_hash
from handlers.completions import IdCompletions
from integrations.discord.bot import SocialopsBot
from integrations.discord.commands import choices_payload
from integrations.discord.http_interactions import HttpInteractions
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import ALICE, Recorder, identity, slash
from tests.support.fake_discord import FakeDiscord, autocomplete_errors, real_fixture
from tests.support.stores import create

FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # 7 code points, 1 seen
KEY = SigningKey.generate()
SIGNED_AT = 1_700_000_000


def draft(n: int) -> str:
    """A draft whose ZWJ family straddles the 100th character of its choice's label
    ("A-<n> · Mastodon as masto · " is 26 to 28 long), then CJK, RTL and combining marks."""
    return ("x" * (70 - len(str(n))) + FAMILY + " 返金済み مرحبا e\u0301\u0302 "
            + "https://acme.example/" + "a" * 200)


@pytest.fixture
async def drafts(sqlite_store: Store, clock: FakeClock) -> Store:
    for n in range(1, 201):
        text = draft(n)
        assert await create(sqlite_store, Approval(
            id=f"A-{n}", text=text, network="mastodon", account="masto", author="bob",
            content_hash=content_hash(text), created_at=clock()))
    return sqlite_store


def assert_fits(choices: list[dict[str, Any]]) -> None:
    assert autocomplete_errors({"choices": choices}) == {}
    assert len(choices) == 25
    for choice in choices:
        name, n = choice["name"], int(choice["value"].removeprefix("A-"))
        label = f"A-{n} · Mastodon as masto · {draft(n)}"
        assert len(name) <= 100 and name.endswith("…")  # says the text goes on
        shown = name.removesuffix("…")
        # the label's own beginning, cut between user-perceived characters
        assert label.startswith(shown)
        assert graphemes(shown) + graphemes(label[len(shown):]) == graphemes(label)


def test_the_fake_refuses_what_discord_refuses() -> None:
    ok = [{"name": "n" * 100, "value": "v" * 100}] * 25
    assert autocomplete_errors({"choices": ok}) == {}
    assert set(autocomplete_errors({"choices": [*ok, ok[0]]})) == {"choices"}
    assert set(autocomplete_errors({"choices": [{"name": "n" * 101, "value": "v"},
                                                {"name": "", "value": "v" * 101}]})) == {
        "choices.0.name", "choices.1.name", "choices.1.value"}


async def test_the_gateway_answer_names_200_drafts_in_whole_characters(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, drafts: Store) -> None:
    bot = SocialopsBot(ws_config, handler=Recorder(fake), identity=identity,
                       guild_ready_timeout=0.05, completions=IdCompletions(drafts))
    task = asyncio.create_task(bot.start(ws_config.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 5)
        await fake.dispatch("INTERACTION_CREATE", fake.interaction(
            4, slash("approve", focused="approval", approval=""), user_id=ALICE))
        call = await fake.wait_for("POST", "/callback")
        assert call.status < 300  # the local Discord took it
        assert call.body["type"] == 8
        assert_fits(call.body["data"]["choices"])
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)


@pytest.fixture
async def endpoint(ws_config: DiscordWorkspaceConfig, drafts: Store
                   ) -> AsyncIterator[Callable[[dict[str, Any]], Any]]:
    payload = real_fixture("interaction_slash_command.json")
    cfg = ws_config.model_copy(update={"public_key": KEY.verify_key.encode().hex(),
                                       "guild_id": payload["guild_id"]})
    http = HttpInteractions(cfg, handler=Recorder(None),  # type: ignore[arg-type]
                            identity=lambda ws, user: "alice",
                            clock=FakeClock(datetime.fromtimestamp(SIGNED_AT, UTC)),
                            completions=IdCompletions(drafts))
    app = web.Application()
    app.router.add_post("/discord/interactions", http.handle_http)
    async with TestClient(TestServer(app, host="127.0.0.1", port=0)) as client:
        async def post(data: dict[str, Any]) -> Any:
            body = json.dumps({**payload, "type": 4, "data": data}).encode()
            sig = KEY.sign(str(SIGNED_AT).encode() + body).signature.hex()
            resp = await client.post("/discord/interactions", data=body, headers={
                "X-Signature-Ed25519": sig, "X-Signature-Timestamp": str(SIGNED_AT),
                "Content-Type": "application/json"})
            assert resp.status == 200
            return await resp.json()
        yield post
    await http.close()


async def test_the_http_answer_names_200_drafts_in_whole_characters(
        endpoint: Callable[[dict[str, Any]], Any]) -> None:
    answer = await endpoint(slash("approve", focused="approval", approval=""))
    assert answer["type"] == 8
    assert_fits(answer["data"]["choices"])
    assert graphemes(answer["data"]["choices"][0]["name"]) < 100


def test_a_name_is_measured_in_code_points_as_discord_counts() -> None:
    """Discord counts string lengths in code points (its API is Python: discord-api-docs#1315),
    not UTF-16 units: a label of 100 emoji (200 units) is offered whole, one of 101 is cut
    between whole emoji, and a flag (two code points) straddling the 100th is never halved."""
    whole = "\U0001F600" * 100
    assert choices_payload([("A-1", whole)]) == [{"name": whole, "value": "A-1"}]
    [cut] = choices_payload([("A-1", whole + "\U0001F600")])
    assert cut["name"] == "\U0001F600" * 99 + "…"
    flag = "\U0001F1F5\U0001F1F1"  # 🇵🇱
    [flagged] = choices_payload([("A-2", "x" * 98 + flag + "y")])
    assert flagged["name"] == "x" * 98 + "…" and autocomplete_errors(
        {"choices": [cut, flagged]}) == {}
