"""Signed HTTP interactions: a real aiohttp server on loopback, requests signed with a fresh
Ed25519 key, follow-ups landing on the fake Discord."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from nacl.signing import SigningKey

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.http_interactions import HttpInteractions
from tests.conftest import FakeClock
from tests.integrations.discord.reader import unescape
from tests.support.fake_discord import FakeDiscord, real_fixture

KEY = SigningKey.generate()
ALICE = "53908232506183680"  # the user in the real slash-command fixture
SIGNED_AT = 1_700_000_000  # the endpoint's injected clock reads this instant


class Completer:
    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    async def complete(self, kind: str, typed: str, *, limit: int = 25,
                       workspace: str | None = None, channel: str | None = None
                       ) -> list[tuple[str, str]]:
        self.asked.append((kind, typed))
        self.where = (workspace, channel)
        return [(f"T-{n}", f"T-{n} · unclaimed · support " + "x" * 200)
                for n in range(40, 0, -1) if typed in f"T-{n}"][:limit]


class Recorder:
    def __init__(self) -> None:
        self.seen: list[Interaction] = []

    async def handle(self, interaction: Interaction) -> Reply:
        self.seen.append(interaction)
        return Reply(text=f"{interaction.action} ok @everyone")


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
async def endpoint(fake: FakeDiscord, ws_config: DiscordWorkspaceConfig,
                   recorder: Recorder) -> AsyncIterator[tuple[TestClient[Any, Any],
                                                              HttpInteractions]]:
    # the server of the real fixtures: a workspace with guild_id acts only in its own
    cfg = ws_config.model_copy(update={"public_key": KEY.verify_key.encode().hex(),
                                       "guild_id": real_fixture(
                                           "interaction_slash_command.json")["guild_id"]})
    http = HttpInteractions(cfg, handler=recorder,
                            identity=lambda ws, user: "alice" if user == ALICE else None,
                            clock=FakeClock(datetime.fromtimestamp(SIGNED_AT, UTC)),
                            completions=Completer())
    app = web.Application()
    app.router.add_post("/discord/interactions", http.handle_http)
    async with TestClient(TestServer(app, host="127.0.0.1", port=0)) as client:
        yield client, http
    await http.close()


def signed(body: bytes, *, key: SigningKey = KEY,
           timestamp: str = str(SIGNED_AT)) -> dict[str, str]:
    sig = key.sign(timestamp.encode() + body).signature.hex()
    return {"X-Signature-Ed25519": sig, "X-Signature-Timestamp": timestamp,
            "Content-Type": "application/json"}


async def post(client: TestClient[Any, Any], payload: dict[str, Any], *,
               headers: dict[str, str] | None = None) -> tuple[int, Any]:
    body = json.dumps(payload).encode()
    resp = await client.post("/discord/interactions", data=body,
                             headers=headers if headers is not None else signed(body))
    text = await resp.text()
    return resp.status, (json.loads(text) if resp.content_type == "application/json" else text)


async def test_ping_gets_pong(endpoint: Any) -> None:
    client, _ = endpoint
    assert await post(client, {"type": 1, "id": "1", "token": "t"}) == (200, {"type": 1})


@pytest.mark.parametrize("forgery", ["other key", "tampered body", "no headers", "bad hex"])
async def test_forged_requests_are_refused(endpoint: Any, recorder: Recorder,
                                           forgery: str) -> None:
    client, http = endpoint
    body = json.dumps({"type": 1}).encode()
    headers = {
        "other key": signed(body, key=SigningKey.generate()),
        "tampered body": signed(b'{"type": 2}'),
        "no headers": {},
        "bad hex": {**signed(body), "X-Signature-Ed25519": "zz"},
    }[forgery]
    resp = await client.post("/discord/interactions", data=body, headers=headers)
    assert resp.status == 401
    assert recorder.seen == []
    # counted by reason (socialops_chat_refused_total), which nothing did before
    assert http.refused.counts() == {"unsigned" if forgery == "no headers" else "bad_signature": 1}


async def test_stale_and_replayed_requests_are_counted(endpoint: Any) -> None:
    client, http = endpoint
    body = json.dumps({"type": 1}).encode()
    again = signed(body)
    assert (await client.post("/discord/interactions", data=body, headers=again)).status == 200
    assert (await client.post("/discord/interactions", data=body, headers=again)).status == 401
    old = signed(body, timestamp=str(SIGNED_AT - 3600))
    assert (await client.post("/discord/interactions", data=body, headers=old)).status == 401
    assert http.refused.counts() == {"replayed": 1, "stale_timestamp": 1}


def claim_command(ticket: str) -> dict[str, Any]:
    """The real slash command fixture as `/socialops tickets claim <ticket>`."""
    payload: dict[str, Any] = real_fixture("interaction_slash_command.json")
    payload["data"] = {"name": "socialops", "type": 1, "options": [
        {"type": 2, "name": "tickets", "options": [
            {"type": 1, "name": "claim",
             "options": [{"type": 3, "name": "ticket", "value": ticket}]}]}]}
    return payload


async def test_real_slash_command_fixture_is_deferred_then_followed_up(
        endpoint: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    client, http = endpoint
    payload = claim_command("t-7")
    status, answer = await post(client, payload)
    assert (status, answer) == (200, {"type": 5, "data": {"flags": 64}})
    await http.drain()
    [i] = recorder.seen
    assert (i.action, i.target, i.user, i.channel) == ("claim", "T-7", ALICE,
                                                       payload["channel_id"])
    follow = await fake.wait_for("POST", f"/webhooks/{fake.application_id}/A_UNIQUE_TOKEN")
    assert follow.body["allowed_mentions"] == {"parse": []} and follow.body["flags"] == 64


async def test_unmodified_fixture_command_is_not_ours(endpoint: Any, fake: FakeDiscord,
                                                      recorder: Recorder) -> None:
    client, http = endpoint
    status, answer = await post(client, real_fixture("interaction_slash_command.json"))
    assert status == 200 and answer["type"] == 5
    await http.drain()
    follow = await fake.wait_for("POST", "/webhooks/")
    assert "not the socialops command" in follow.body["content"]
    assert recorder.seen == []


async def test_reject_button_answers_with_the_modal(endpoint: Any, recorder: Recorder) -> None:
    client, _ = endpoint
    payload = real_fixture("interaction_slash_command.json")
    payload.update(type=3, data={"custom_id": "socialops:reject:A-3", "component_type": 2},
                   message={"id": "1100000000000000999"})
    status, answer = await post(client, payload)
    assert status == 200 and answer["type"] == 9
    assert answer["data"]["custom_id"] == "socialops-reject:A-3"
    assert recorder.seen == []


async def test_unlinked_user_is_told_and_handler_not_called(
        endpoint: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    client, http = endpoint
    payload = real_fixture("interaction_slash_command.json")
    payload["member"]["user"]["id"] = "999"
    payload.update(type=3, data={"custom_id": "socialops:claim:T-1", "component_type": 2},
                   message={"id": "1100000000000000999"})
    await post(client, payload)
    await http.drain()
    follow = await fake.wait_for("POST", "/webhooks/")
    assert "not linked" in follow.body["content"]
    assert recorder.seen == []


async def test_malformed_but_signed_body_is_a_400(endpoint: Any) -> None:
    client, _ = endpoint
    body = b'{"type": "x"'
    resp = await client.post("/discord/interactions", data=body, headers=signed(body))
    assert resp.status == 400


async def test_autocomplete_answers_inline_with_at_most_25_short_choices(
        endpoint: Any, recorder: Recorder) -> None:
    client, http = endpoint
    payload = real_fixture("interaction_slash_command.json")
    payload["type"] = 4
    payload["data"] = {"name": "socialops", "type": 1, "options": [
        {"type": 2, "name": "tickets", "options": [
            {"type": 1, "name": "resolve", "options": [
                {"type": 3, "name": "ticket", "value": "T-1", "focused": True}]}]}]}
    status, answer = await post(client, payload)
    assert status == 200 and answer["type"] == 8
    choices = answer["data"]["choices"]
    assert [c["value"] for c in choices][:3] == ["T-19", "T-18", "T-17"]
    assert len(choices) == 11 and all(len(c["name"]) <= 100 for c in choices)
    assert http.completions.asked == [("ticket", "T-1")]
    # asked where it is typed: unsubscribe offers that channel's subscriptions
    assert http.completions.where == (http.config.name, str(payload["channel_id"]))
    # a free-text option completes nothing, and nobody's command ran
    payload["data"]["options"][0]["options"][0] = {"type": 1, "name": "reply", "options": [
        {"type": 3, "name": "ticket", "value": "T-3"},
        {"type": 3, "name": "text", "value": "hel", "focused": True}]}
    status, answer = await post(client, payload)
    assert (status, answer) == (200, {"type": 8, "data": {"choices": []}})
    assert recorder.seen == []


async def test_a_form_opens_over_http_and_a_wrong_submission_gets_one_line(
        endpoint: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    client, http = endpoint
    payload = real_fixture("interaction_slash_command.json")
    payload["data"] = {"name": "socialops", "type": 1, "options": [
        {"type": 2, "name": "approvals", "options": [{"type": 1, "name": "draft"}]}]}
    status, answer = await post(client, payload)
    assert status == 200 and answer["type"] == 9
    assert answer["data"]["custom_id"] == "socialops-form:draft"
    submit = real_fixture("interaction_slash_command.json")
    submit.update(type=5, id="786008729715212339", data={
        "custom_id": "socialops-form:draft", "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in {"network": "myspace", "account": "masto", "text": "hi"}.items()]})
    status, answer = await post(client, submit)
    assert (status, answer) == (200, {"type": 5, "data": {"flags": 64}})
    await http.drain()
    follow = await fake.wait_for("POST", "/webhooks/")
    assert unescape(follow.body["content"])[0].startswith("network: One of bluesky, ")
    assert "\n" not in follow.body["content"] and recorder.seen == []
