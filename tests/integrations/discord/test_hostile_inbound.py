"""Hostile and malformed inbound Discord traffic, through discord.py's own gateway parsing
(the real client against the local fake) and the signed HTTP endpoint: each ends in the
answer Discord expects, one log line without a traceback, a counted skip, and nothing run."""

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
from integrations.discord.bot import SocialopsBot
from integrations.discord.http_interactions import HttpInteractions
from tests.conftest import FakeClock
from tests.integrations.discord.test_bot import (
    ALICE,
    REACTION,
    Recorder,
    card_message,
    click,
    identity,
    post_card,
    slash,
)
from tests.integrations.discord.test_http_interactions import KEY, SIGNED_AT, Completer, signed
from tests.support.fake_discord import FakeDiscord, real_fixture


@pytest.fixture
def recorder(fake: FakeDiscord) -> Recorder:
    return Recorder(fake)


@pytest.fixture
async def bot(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
              recorder: Recorder) -> AsyncIterator[SocialopsBot]:
    """The gateway bot, logged in to the local Discord and ready."""
    client = SocialopsBot(ws_config, handler=recorder, identity=identity,
                          guild_ready_timeout=0.05)
    task = asyncio.create_task(client.start(ws_config.token))
    await asyncio.wait_for(client.wait_until_ready(), 5)
    yield client
    await client.close()
    await asyncio.wait_for(task, 5)


class Endpoint:
    """The signed HTTP endpoint on a loopback port, with the gateway tests' recorder."""

    def __init__(self, client: TestClient[Any, Any], http: HttpInteractions) -> None:
        self.client, self.http = client, http

    async def post(self, payload: Any) -> tuple[int, Any]:
        body = json.dumps(payload).encode()
        resp = await self.client.post("/discord/interactions", data=body, headers=signed(body))
        text = await resp.text()
        await self.http.drain()
        return resp.status, (json.loads(text) if resp.content_type == "application/json"
                             else text)


@pytest.fixture
async def endpoint(ws_config: DiscordWorkspaceConfig,
                   recorder: Recorder) -> AsyncIterator[Endpoint]:
    cfg = ws_config.model_copy(update={"public_key": KEY.verify_key.encode().hex()})
    http = HttpInteractions(cfg, handler=recorder, identity=identity,
                            clock=FakeClock(datetime.fromtimestamp(SIGNED_AT, UTC)),
                            completions=Completer())
    app = web.Application()
    app.router.add_post("/discord/interactions", http.handle_http)
    async with TestClient(TestServer(app, host="127.0.0.1", port=0)) as client:
        yield Endpoint(client, http)
    await http.close()


def interaction(kind: int, data: Any, **over: Any) -> dict[str, Any]:
    """The real slash-command fixture as ``kind``, from a linked person in our guild."""
    payload: dict[str, Any] = real_fixture("interaction_slash_command.json")
    payload.update(type=kind, data=data, guild_id=FakeDiscord.guild_id,
                   message={"id": "1100000000000000999"})
    payload["member"]["user"]["id"] = ALICE
    payload.update(over)
    return payload


def _problems(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


# -- the gateway --------------------------------------------------------------------------


async def test_a_gateway_event_discord_py_cannot_read_is_skipped_not_the_connection(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig, recorder: Recorder,
        caplog: pytest.LogCaptureFixture) -> None:
    """discord.py's parser raised on it (a component without data: TypeError) inside the
    gateway's read loop, which ended the connection: no interaction or reaction was received
    again until a restart."""
    mid = await post_card(fake, ws_config, bot)
    caplog.clear()
    frame = fake.interaction(3, {"custom_id": "socialops:claim:T-12", "component_type": 2},
                             user_id=ALICE)
    frame["data"] = None
    await fake.dispatch("INTERACTION_CREATE", frame)
    await click(fake, mid, "socialops:claim:T-12")  # the same connection still serves
    await recorder.wait(1)
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]
    assert bot.skipped == 1
    [line] = _problems(caplog)
    assert "INTERACTION_CREATE" in line.getMessage() and line.exc_info is None


FOREIGN_COMMANDS = {
    "a command the bot does not have": {"id": "1", "name": "other", "type": 1,
                                        "guild_id": FakeDiscord.guild_id},
    "a verb the bot does not have": {**slash("claim"), "options": [
        {"type": 2, "name": "tickets", "options": [{"type": 1, "name": "frobnicate"}]}]},
    "a group invoked as a command": {**slash("claim"), "options": [
        {"type": 2, "name": "tickets", "options": []}]},
    "a global command when only the guild's is registered": {
        k: v for k, v in slash("claim", ticket="T-1").items() if k != "guild_id"},
}


@pytest.mark.parametrize("case", FOREIGN_COMMANDS)
async def test_a_command_the_tree_does_not_know_gets_one_line(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder, caplog: pytest.LogCaptureFixture,
        case: str) -> None:
    """An out-of-date command (renamed or removed since Discord cached it) or another app's:
    discord.py logged 'Ignoring exception in command tree' with a traceback and never answered,
    so Discord showed 'The application did not respond'."""
    caplog.clear()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(2, FOREIGN_COMMANDS[case],
                                                               user_id=ALICE))
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body["type"] == 4 and answer.body["data"]["flags"] & 64
    assert "/socialops" in answer.body["data"]["content"]
    assert bot.skipped == 1 and recorder.seen == []
    assert _problems(caplog) == []


async def test_autocomplete_for_a_command_the_tree_does_not_know_offers_nothing(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.clear()
    data = {**FOREIGN_COMMANDS["a command the bot does not have"],
            "options": [{"type": 3, "name": "x", "value": "T", "focused": True}]}
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(4, data, user_id=ALICE))
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body == {"type": 8, "data": {"choices": []}}
    assert bot.skipped == 1 and _problems(caplog) == []


# -- buttons and modals that are not ours ---------------------------------------------------

async def test_a_button_no_card_has_now_is_acknowledged_and_skipped(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    """A card whose button names an action socialops has no more (an older version's card):
    the click reached the handler, which refused 'frobnicate' and wrote the refusal to the
    audit log."""
    mid = await post_card(fake, ws_config, bot)
    fake.messages[mid]["components"][0]["components"][0]["custom_id"] = (
        "socialops:frobnicate:T-12")
    caplog.clear()
    await click(fake, mid, "socialops:frobnicate:T-12")
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body["type"] == 6  # acknowledged; the card stays as it is
    assert recorder.seen == [] and bot.skipped == 1
    assert _problems(caplog) == []
    await click(fake, mid, "socialops:resolve:T-12")
    await recorder.wait(1)
    assert [(i.action, i.target) for i in recorder.seen] == [("resolve", "T-12")]


# custom_ids no card of ours carries: an action no button has, a target past Discord's
# 100-character custom_id
NOT_OUR_IDS = {"an action no button has": (3, "socialops:frobnicate:T-12"),
               "a custom_id past 100 characters": (3, "socialops:claim:T-" + "1" * 5_000),
               "a reject modal past 100 characters": (5, "socialops-reject:" + "A" * 200)}


@pytest.mark.parametrize("case", NOT_OUR_IDS)
async def test_over_http_a_custom_id_no_card_has_is_acknowledged_and_skipped(
        endpoint: Endpoint, recorder: Recorder, caplog: pytest.LogCaptureFixture,
        case: str) -> None:
    kind, cid = NOT_OUR_IDS[case]
    data = {"custom_id": cid, "component_type": 2, "components": [{"type": 1, "components": [
        {"type": 4, "custom_id": "comment", "value": "no"}]}]}
    caplog.clear()
    assert await endpoint.post(interaction(kind, data)) == (200, {"type": 6})
    assert recorder.seen == [] and endpoint.http.skipped == 1
    assert _problems(caplog) == []


def _without(payload: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k not in keys}


CLAIM = slash("claim", ticket="T-1")
# Signed interactions Discord never sends: each ran, as a person "" in channel "" (an
# unlinked-person answer, or the command itself when no identity is configured), or followed
# up to a URL built from whatever the token held
NOT_DISCORDS = {
    "no member and no user": _without(interaction(2, CLAIM), "member"),
    "a member without a user": interaction(2, CLAIM, member={"user": None}),
    "a user id that is not a snowflake": interaction(2, CLAIM, member={"user": {"id": "../x"}}),
    "a channel_id that is not a snowflake": interaction(2, CLAIM, channel_id="None"),
    "no token": _without(interaction(2, CLAIM), "token"),
    "a token that is not one": interaction(2, CLAIM, token="../../channels/1/messages?"),
    "a body that is a list": [1],
    "a type that is not a number": interaction("two", CLAIM),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("case", NOT_DISCORDS)
async def test_over_http_a_signed_body_discord_never_sends_is_a_counted_400(
        endpoint: Endpoint, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture, case: str) -> None:
    caplog.set_level(logging.INFO)
    status, text = await endpoint.post(NOT_DISCORDS[case])
    assert (status, endpoint.http.skipped) == (400, 1), text
    assert recorder.seen == [] and not [c for c in fake.calls if "/webhooks/" in c.path]
    [line] = [r for r in caplog.records if r.name.startswith("integrations")]
    assert line.exc_info is None and "malformed interaction" in line.getMessage()


@pytest.mark.parametrize("data", [{}, None])
async def test_over_http_an_autocomplete_without_its_options_offers_nothing(
        endpoint: Endpoint, caplog: pytest.LogCaptureFixture, data: Any) -> None:
    """It was answered, but 'discord: autocomplete failed' was logged with a traceback."""
    assert await endpoint.post(interaction(4, data)) == (200, {"type": 8,
                                                              "data": {"choices": []}})
    assert _problems(caplog) == [] and endpoint.http.skipped == 1


# Discord names the channel twice, ``channel_id`` (deprecated: discord-api-types' "Use
# APIBaseInteraction#channel instead") and ``channel`` (id and type); discord.py 2.7 reads the
# channel from ``channel`` alone, and only of a type it knows.
ELSEWHERE_CHANNEL = "1000000000000000444"


async def test_a_gateway_interaction_in_a_channel_of_a_type_discord_py_does_not_know_runs_there(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture) -> None:
    """A channel type newer than discord.py (99) left its Interaction without a channel: the
    screen saw ``channel_id`` and let it through, and the handler ran in channel ""."""
    caplog.set_level(logging.INFO)
    frame = fake.interaction(2, slash("subscribe", query="acme"), user_id=ALICE)
    frame.update(channel_id=ELSEWHERE_CHANNEL,
                 channel={"id": ELSEWHERE_CHANNEL, "type": 99, "guild_id": fake.guild_id})
    await fake.dispatch("INTERACTION_CREATE", frame)
    await recorder.wait(1)
    assert [i.channel for i in recorder.seen] == [ELSEWHERE_CHANNEL]


async def test_a_gateway_interaction_naming_its_channel_only_in_channel_runs_there(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder) -> None:
    """Without the deprecated ``channel_id`` it was answered 'this came from none'."""
    frame = _without(fake.interaction(2, slash("subscribe", query="acme"), user_id=ALICE),
                     "channel_id")
    await fake.dispatch("INTERACTION_CREATE", frame)
    await recorder.wait(1)
    assert [i.channel for i in recorder.seen] == [fake.channel_id] and bot.skipped == 0


async def test_over_http_an_interaction_naming_its_channel_only_in_channel_runs_there(
        endpoint: Endpoint, recorder: Recorder) -> None:
    payload = _without(interaction(2, slash("subscribe", query="acme")), "channel_id")
    payload["channel"] = {"id": ELSEWHERE_CHANNEL, "type": 0}
    status, answer = await endpoint.post(payload)
    assert status == 200 and endpoint.http.skipped == 0, answer
    assert [i.channel for i in recorder.seen] == [ELSEWHERE_CHANNEL]


# -- interactions from another server, or a direct message ---------------------------------

OTHER_GUILD = "1000000000000000777"


def _elsewhere(payload: dict[str, Any], where: str) -> dict[str, Any]:
    """``payload`` as it comes from another server, or from a direct message (a ``user``, no
    ``member`` and no ``guild_id``)."""
    if where == "another server":
        return {**payload, "guild_id": OTHER_GUILD}
    user = payload["member"]["user"]
    return {**_without(payload, "member", "guild_id"), "user": user,
            "channel": {"id": payload["channel_id"], "type": 1}, "context": 1}


WHERE = ["another server", "a direct message"]


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("what", ["a button", "a command"])
async def test_a_gateway_interaction_from_elsewhere_is_answered_and_not_run(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture, where: str, what: str) -> None:
    """A workspace with guild_id acts only in that server. Before, a card's button or
    /socialops from another server the bot was in (or from a DM) ran as in its own."""
    caplog.set_level(logging.INFO)
    mid = await post_card(fake, ws_config, bot)
    caplog.clear()
    payload = (fake.interaction(3, {"custom_id": "socialops:claim:T-12", "component_type": 2},
                                user_id=ALICE, message=fake.messages[mid])
               if what == "a button" else fake.interaction(2, slash("claim", ticket="T-12"),
                                                           user_id=ALICE))
    await fake.dispatch("INTERACTION_CREATE", _elsewhere(payload, where))
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body["type"] == 4 and answer.body["data"]["flags"] & 64
    assert "serves another Discord server" in answer.body["data"]["content"]
    assert bot.skipped == 1 and _problems(caplog) == []
    [line] = [r for r in caplog.records if r.name.startswith("integrations")]
    assert ("answered, not run" in line.getMessage()
            and (OTHER_GUILD in line.getMessage()) is (where == "another server"))
    await click(fake, mid, "socialops:claim:T-12")  # from its own server: run
    await recorder.wait(1)
    assert [(i.action, i.target) for i in recorder.seen] == [("claim", "T-12")]


async def test_a_gateway_autocomplete_from_another_server_offers_nothing(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder) -> None:
    await fake.dispatch("INTERACTION_CREATE", _elsewhere(fake.interaction(
        4, slash("claim", ticket="T", focused="ticket"), user_id=ALICE), "another server"))
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body == {"type": 8, "data": {"choices": []}} and bot.skipped == 1


async def test_a_reaction_from_another_server_does_nothing(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder) -> None:
    mid = await post_card(fake, ws_config, bot)
    reaction = fake.reaction(REACTION, user_id=ALICE, message_id=mid,
                             emoji={"id": None, "name": "👀"})
    await fake.dispatch("MESSAGE_REACTION_ADD", {**reaction, "guild_id": OTHER_GUILD})
    await fake.dispatch("MESSAGE_REACTION_ADD", reaction)  # from its own server: run
    await recorder.wait(1)
    assert len(recorder.seen) == 1 and bot.skipped == 1


@pytest.mark.parametrize("where", WHERE)
async def test_over_http_an_interaction_from_elsewhere_is_answered_and_not_run(
        endpoint: Endpoint, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture, where: str) -> None:
    caplog.set_level(logging.INFO)
    for kind, data in ((2, slash("claim", ticket="T-1")),
                       (3, {"custom_id": "socialops:claim:T-1", "component_type": 2})):
        status, answer = await endpoint.post(_elsewhere(interaction(kind, data), where))
        assert status == 200 and answer["type"] == 4, answer
        assert answer["data"]["flags"] == 64 and answer["data"]["allowed_mentions"] == {
            "parse": []}
        assert "serves another Discord server" in answer["data"]["content"]
    assert await endpoint.post(_elsewhere(interaction(
        4, slash("claim", ticket="T", focused="ticket")), where)) == (
            200, {"type": 8, "data": {"choices": []}})
    assert recorder.seen == [] and endpoint.http.skipped == 3
    assert not [c for c in fake.calls if "/webhooks/" in c.path] and _problems(caplog) == []
    assert await endpoint.post(interaction(2, slash("claim", ticket="T-1"))) == (
        200, {"type": 5, "data": {"flags": 64}})  # from its own server: run
    assert [i.action for i in recorder.seen] == ["claim"]


# -- application commands whose data cannot be read ------------------------------------------

# The command's data in shapes Discord never sends, its id and token readable: the person
# saw "The application did not respond" (counted and logged, never answered)
UNREADABLE = {
    "options a list of scalars": {**slash("claim"), "options": [1, 2]},
    "options a number": {**slash("claim"), "options": 5},
    "a group's options a string": {**slash("claim"), "options": [
        {"type": 2, "name": "tickets", "options": "claim"}]},
}


@pytest.mark.parametrize("case", UNREADABLE)
async def test_a_command_whose_data_cannot_be_read_is_answered_in_one_line(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture, case: str) -> None:
    caplog.clear()
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(2, UNREADABLE[case],
                                                               user_id=ALICE))
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body["type"] == 4 and answer.body["data"]["flags"] & 64
    assert "\n" not in answer.body["data"]["content"]
    assert "/socialops" in answer.body["data"]["content"]
    assert bot.skipped == 1 and recorder.seen == []
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("case", UNREADABLE)
async def test_over_http_a_command_whose_data_cannot_be_read_is_answered_in_one_line(
        endpoint: Endpoint, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture, case: str) -> None:
    """It was a 400: Discord showed the person that the application did not respond."""
    caplog.set_level(logging.INFO)
    status, answer = await endpoint.post(interaction(2, UNREADABLE[case]))
    assert status == 200 and answer["type"] == 4 and answer["data"]["flags"] == 64, answer
    assert "\n" not in answer["data"]["content"] and "/socialops" in answer["data"]["content"]
    assert answer["data"]["allowed_mentions"] == {"parse": []}
    assert recorder.seen == [] and endpoint.http.skipped == 1
    assert not [c for c in fake.calls if "/webhooks/" in c.path] and _problems(caplog) == []
    [line] = [r for r in caplog.records if r.name.startswith("integrations")]
    assert line.exc_info is None and "could not read" in line.getMessage()


async def test_over_http_an_autocomplete_whose_data_cannot_be_read_offers_nothing(
        endpoint: Endpoint, caplog: pytest.LogCaptureFixture) -> None:
    data = {**slash("claim"), "options": 5}
    assert await endpoint.post(interaction(4, data)) == (200, {"type": 8,
                                                              "data": {"choices": []}})
    assert _problems(caplog) == [] and endpoint.http.skipped == 1


@pytest.mark.parametrize("kind", [2, 4])
async def test_a_command_discord_py_cannot_parse_is_answered_when_it_can_be(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture, kind: int) -> None:
    """discord.py's own parser raised on it (a member that is no object), before the tree: the
    gateway skipped it and read on, and the person saw "The application did not respond". Its
    id and token are readable: it is answered."""
    frame = fake.interaction(kind, slash("claim", ticket="T-1", focused="ticket"),
                             user_id=ALICE)
    frame["member"] = "alice"
    caplog.clear()
    await fake.dispatch("INTERACTION_CREATE", frame)
    answer = await fake.wait_for("POST", f"/interactions/{frame['id']}/{frame['token']}/callback")
    if kind == 4:
        assert answer.body == {"type": 8, "data": {"choices": []}}
    else:
        assert answer.body["type"] == 4 and answer.body["data"]["flags"] & 64
        assert "/socialops" in answer.body["data"]["content"]
    assert bot.skipped == 1 and recorder.seen == []
    [line] = _problems(caplog)
    assert "INTERACTION_CREATE" in line.getMessage() and line.exc_info is None


async def test_over_http_each_keystroke_of_an_autocomplete_that_completes_nothing_is_counted(
        endpoint: Endpoint, caplog: pytest.LogCaptureFixture) -> None:
    """As on the gateway: counted, one INFO line for the option, DEBUG after (it was answered
    without a count or a line over HTTP, and the gateway's INFO came at every keystroke)."""
    caplog.set_level(logging.INFO)
    for typed in ("T", "T-", "T-1"):
        assert await endpoint.post(interaction(4, slash("why", focused="what", what=typed))) == (
            200, {"type": 8, "data": {"choices": []}})
    lines = [r for r in caplog.records if r.name.startswith("integrations")]
    assert [r.levelno for r in lines] == [logging.INFO] and endpoint.http.skipped == 3
    assert "completes nothing here" in lines[0].getMessage()


# -- an interaction without a channel ----------------------------------------------------------

NO_CHANNEL = {"a command": (2, slash("subscribe", query="acme")),
              "a button": (3, {"custom_id": "socialops:claim:T-1", "component_type": 2})}


@pytest.mark.parametrize("what", NO_CHANNEL)
async def test_a_gateway_interaction_without_a_channel_is_answered_and_not_run(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture, what: str) -> None:
    """The gateway ran it in channel "" (a subscription for channel "", an audit row naming
    none) where the HTTP endpoint refused it: both now answer one line and run nothing."""
    caplog.set_level(logging.INFO)
    kind, data = NO_CHANNEL[what]
    frame = _without(fake.interaction(kind, data, user_id=ALICE), "channel_id", "channel")
    await fake.dispatch("INTERACTION_CREATE", frame)
    answer = await fake.wait_for("POST", "/callback")
    assert answer.body["type"] == 4 and answer.body["data"]["flags"] & 64
    assert "channel" in answer.body["data"]["content"]
    assert recorder.seen == [] and bot.skipped == 1 and _problems(caplog) == []


@pytest.mark.parametrize("what", NO_CHANNEL)
async def test_over_http_an_interaction_without_a_channel_is_answered_and_not_run(
        endpoint: Endpoint, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture, what: str) -> None:
    """It was a 400 (Discord: the application did not respond); before that, it ran in the
    channel "None"."""
    caplog.set_level(logging.INFO)
    kind, data = NO_CHANNEL[what]
    status, answer = await endpoint.post(_without(interaction(kind, data), "channel_id"))
    assert status == 200 and answer["type"] == 4 and answer["data"]["flags"] == 64, answer
    assert "channel" in answer["data"]["content"]
    assert recorder.seen == [] and endpoint.http.skipped == 1 and _problems(caplog) == []
    assert not [c for c in fake.calls if "/webhooks/" in c.path]
    assert await endpoint.post(_without(interaction(4, slash(
        "claim", ticket="T", focused="ticket")), "channel_id")) == (
            200, {"type": 8, "data": {"choices": []}})


# -- buttons and modal submits whose data cannot be read ---------------------------------------

# A button click or modal submit in shapes Discord never sends, its id and token readable: the
# person saw "This interaction failed" (counted and logged, never answered; over HTTP a 400)
UNREADABLE_PARTS = {
    "a button without data": (3, None),
    "a button whose data is a list": (3, [1, 2]),
    "a modal submit whose data is a string": (5, "socialops-reject:T-1"),
    "a modal submit whose rows are a number": (5, {"custom_id": "socialops-reject:T-1",
                                                   "components": 5}),
}


@pytest.mark.parametrize("case", UNREADABLE_PARTS)
async def test_a_button_or_modal_whose_data_cannot_be_read_is_answered_in_one_line(
        bot: SocialopsBot, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture, case: str) -> None:
    kind, data = UNREADABLE_PARTS[case]
    frame = fake.interaction(kind, {}, user_id=ALICE)
    frame["data"] = data
    caplog.clear()
    await fake.dispatch("INTERACTION_CREATE", frame)
    answer = await fake.wait_for("POST", f"/interactions/{frame['id']}/{frame['token']}/callback")
    assert answer.body["type"] == 4 and answer.body["data"]["flags"] & 64, answer.body
    content = answer.body["data"]["content"]
    assert "\n" not in content and "nothing was done" in content
    assert answer.body["data"]["allowed_mentions"] == {"parse": []}
    assert bot.skipped == 1 and recorder.seen == []
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("case", UNREADABLE_PARTS)
async def test_over_http_a_button_or_modal_whose_data_cannot_be_read_is_answered_in_one_line(
        endpoint: Endpoint, fake: FakeDiscord, recorder: Recorder,
        caplog: pytest.LogCaptureFixture, case: str) -> None:
    """It was a 400: Discord showed the person "This interaction failed"."""
    caplog.set_level(logging.INFO)
    kind, data = UNREADABLE_PARTS[case]
    status, answer = await endpoint.post(interaction(kind, data))
    if data is None:  # over HTTP no data reads as empty data: a custom_id none of ours carries
        assert (status, answer) == (200, {"type": 6})
        return
    assert status == 200 and answer["type"] == 4 and answer["data"]["flags"] == 64, answer
    assert "\n" not in answer["data"]["content"]
    assert "nothing was done" in answer["data"]["content"]
    assert answer["data"]["allowed_mentions"] == {"parse": []}
    assert recorder.seen == [] and endpoint.http.skipped == 1
    assert not [c for c in fake.calls if "/webhooks/" in c.path] and _problems(caplog) == []
    [line] = [r for r in caplog.records if r.name.startswith("integrations")]
    assert line.exc_info is None and "could not read" in line.getMessage()


async def test_a_button_of_a_custom_id_no_template_reads_is_acknowledged_once(
        bot: SocialopsBot, fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
        recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    """A click whose custom_id matches neither the cards' template nor the confirm button's
    (an older release's spelling, or a button on an ephemeral message none of ours made): on
    the gateway neither CardButton nor on_interaction took it, and the person saw "This
    interaction failed"; over HTTP it is acknowledged (the NOT_OUR_IDS test). Acknowledged
    once on the gateway too; a card's click beside it still runs, answered once."""
    mid = await post_card(fake, ws_config, bot)
    caplog.clear()
    for cid in ("so-claim:T-12", "socialops:Claim:T-12", "socialops-confirmed:x"):
        frame = fake.interaction(3, {"custom_id": cid, "component_type": 2}, user_id=ALICE,
                                 message={**card_message(fake, mid), "flags": 64})
        await fake.dispatch("INTERACTION_CREATE", frame)
        answer = await fake.wait_for("POST", f"/interactions/{frame['id']}/")
        assert answer.body == {"type": 6}, (cid, answer.body)
    assert recorder.seen == [] and bot.skipped == 3 and _problems(caplog) == []
    await click(fake, mid, "socialops:resolve:T-12")
    await recorder.wait(1)
    assert [(i.action, i.target) for i in recorder.seen] == [("resolve", "T-12")]
    await fake.wait_for("POST", "/callback", count=4)
    answered = [c.path for c in fake.calls if c.method == "POST" and "/callback" in c.path]
    assert len(answered) == len(set(answered)) == 4, answered
