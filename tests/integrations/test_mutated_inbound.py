"""Chat payloads of the wrong shape, correctly signed, through the real inbound paths: Slack's
through bolt's request path (the app on a loopback port, Web API and ``response_url`` calls on
the local Slack), Discord's through the HTTP interactions endpoint (Ed25519 with the test key).

Each real payload (a button click, a view submission, an app mention, a reaction, a slash
command's form; a Discord slash command, a message command, an autocomplete) has every JSON path
given a value of the wrong kind (tests/support/mutations.py). What must hold: the answer is one
the platform expects (a 2xx, or Discord's 400 for a body it never sends), never a 5xx; no log
record carries a traceback or an ERROR; at most one WARNING; what reaches the handler is bounded;
no log line carries a control character. Derandomized and bounded, as the sources' suite.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import aiohttp
import pytest
from aiohttp import web
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey
from slack_sdk.signature import SignatureVerifier

from bot.core.cards import Interaction, Reply
from bot.core.config import DiscordWorkspaceConfig, SlackWorkspaceConfig
from bot.core.text import MAX_TEXT
from integrations.discord.http_interactions import HttpInteractions
from integrations.slack.app import SlackBot, build_slack_app
from tests.conftest import FakeClock
from tests.support.fake_discord import FakeDiscord, real_fixture
from tests.support.fake_slack import FakeSlack
from tests.support.mutations import (
    EXAMPLES,
    HOSTILE,
    KINDS,
    SETTINGS,
    SPLICED,
    mutation,
    render,
    shown,
)
from tests.support.netserver import on_loopback
from tests.support.polling import Outcome, World, one_line_logs, opened_world

REAL = Path(__file__).parents[1] / "fixtures" / "real"
SECRET = "test-signing-secret"
KEY = SigningKey.generate()
SIGNED_AT = 1_700_000_000


class Handler:
    def __init__(self) -> None:
        self.seen: list[Interaction] = []

    async def handle(self, interaction: Interaction) -> Reply:
        self.seen.append(interaction)
        return Reply(text=f"{interaction.action} ok", ephemeral=True)


def bounded_interaction(i: Interaction) -> None:
    for name, value in i.model_dump().items():
        if isinstance(value, str):
            assert len(value) <= MAX_TEXT, f"{name} of {len(value)} characters reached the handler"


async def settled(before: set[asyncio.Task[Any]]) -> None:
    """Wait for the work the request started (bolt acks first, then runs the listener)."""
    for _ in range(200):
        new = {t for t in asyncio.all_tasks() - before
               if not t.done() and t is not asyncio.current_task()}
        work = {t for t in new if "serve" not in repr(t.get_coro()) and
                "start" not in repr(t.get_coro())}
        if not work:
            return
        await asyncio.wait(work, timeout=0.05)


def verdict(out: Outcome, status: int, handler: Handler, *, what: str) -> None:
    assert status < 500, f"{what}: answered {status}"
    traced = [r for r in out.lines if r.exc_info or r.exc_text or r.levelname == "ERROR"]
    assert not traced, f"{what}: {[r.getMessage()[:200] for r in traced]}"
    warnings = [r for r in out.lines if r.levelname == "WARNING"]
    assert len(warnings) <= 1, f"{what}: {[r.getMessage()[:160] for r in warnings]}"
    one_line_logs(out)
    for i in handler.seen:
        bounded_interaction(i)


# --- Slack --------------------------------------------------------------------------------


class SlackWorld:
    def __init__(self, world: World) -> None:
        self.world = world
        self.fake = FakeSlack()
        self.handler = Handler()
        self.bot: SlackBot | None = None
        self.base = ""
        self._serving: Any = None
        self.session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        await self.fake.start()
        config = SlackWorkspaceConfig(type="slack", name="acme", bot_token=self.fake.token,
                                      signing_secret=SECRET, api_url=self.fake.api_url)
        self.bot = build_slack_app(config, handler=self.handler,
                                   identity=lambda ws, user: f"person-{user}")
        self._serving = on_loopback({"/slack/events": self.bot.handle_http,
                                     "/slack/commands": self.bot.handle_http})
        self.base = await self._serving.__aenter__()
        self.session = aiohttp.ClientSession()

    async def stop(self) -> None:
        assert self.session is not None
        await self.session.close()
        await self._serving.__aexit__(None, None, None)
        await self.fake.stop()

    async def post(self, path: str, body: bytes, content_type: str) -> int:
        assert self.session is not None
        ts = str(int(time.time()))
        sig = SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)
        before = asyncio.all_tasks()
        async with self.session.post(self.base + path, data=body, headers={
                "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig or "",
                "Content-Type": content_type}) as resp:
            await resp.read()
            status = resp.status
        await settled(before)
        return status


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with opened_world() as w:
        yield w


@pytest.fixture(scope="module")
def slack(world: World) -> Iterator[SlackWorld]:
    s = SlackWorld(world)
    world.run(s.start())
    try:
        yield s
    finally:
        world.run(s.stop())


def _slack_doc(name: str, slack: SlackWorld) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((REAL / "slack" / name).read_text(encoding="utf-8"))
    if "response_url" in doc:
        doc["response_url"] = slack.fake.response_url("act")
    if doc.get("type") == "block_actions":
        doc["actions"][0].update(action_id="socialops:claim", value="T-1")
    return doc


SLACK_JSON = [("interaction_block_actions.json", "interactive"),
              ("interaction_view_submission.json", "interactive"),
              ("event_app_mention.json", "event"),
              ("event_reaction_added.json", "event"),
              ("event_message_changed.json", "event")]


def _slack_body(doc: Any, path: Any, kind: str, how: str) -> tuple[bytes, str]:
    raw = render(doc, path, kind)
    if how == "interactive":
        return (urlencode({"payload": raw.decode()}).encode(),
                "application/x-www-form-urlencoded")
    return raw, "application/json"


@pytest.mark.parametrize(("name", "how"), SLACK_JSON, ids=[n for n, _ in SLACK_JSON])
@settings(SETTINGS, max_examples=max(1, EXAMPLES // 3))
@given(data=st.data())
def test_a_mutated_slack_payload(world: World, slack: SlackWorld, name: str, how: str,
                                 data: st.DataObject) -> None:
    doc = _slack_doc(name, slack)
    path, kind = data.draw(mutation(doc), label="path, kind")
    body, content_type = _slack_body(doc, path, kind, how)
    slack.handler.seen.clear()
    world.lines.records.clear()
    status = world.run(slack.post("/slack/events", body, content_type))
    out = Outcome(None, None, 0, list(world.lines.records))
    verdict(out, status, slack.handler, what=f"{name}{shown(path)} = {kind}")


SLASH = dict(parse_qsl((REAL / "slack" / "slash_command.form.txt").read_text().strip()))
# a form holds only text: each wrong kind as the text a hostile client would send for it
FORM_VALUES = {kind: SPLICED.get(kind) or (value if isinstance(value, str)
                                            else json.dumps(value))
               for kind, value in HOSTILE.items()}


@settings(SETTINGS, max_examples=max(1, EXAMPLES // 3))
@given(field=st.sampled_from(sorted(SLASH)), kind=st.sampled_from(KINDS))
def test_a_mutated_slash_command(world: World, slack: SlackWorld, field: str,
                                 kind: str) -> None:
    form = {**SLASH, "command": "/socialops", "text": "claim T-1",
            "response_url": slack.fake.response_url("cmd")}
    form[field] = FORM_VALUES[kind]
    slack.handler.seen.clear()
    world.lines.records.clear()
    status = world.run(slack.post("/slack/commands", urlencode(form).encode(),
                                  "application/x-www-form-urlencoded"))
    out = Outcome(None, None, 0, list(world.lines.records))
    verdict(out, status, slack.handler, what=f"slash {field} = {kind}")


# --- Discord ------------------------------------------------------------------------------


class DiscordWorld:
    def __init__(self) -> None:
        self.fake = FakeDiscord()
        self.handler = Handler()
        self.http: HttpInteractions | None = None
        self.base = ""
        self._serving: Any = None
        self.session: aiohttp.ClientSession | None = None
        self.patch = pytest.MonkeyPatch()
        self.sent = 0

    async def start(self) -> None:
        await self.fake.__aenter__()
        self.fake.install(self.patch)
        config = DiscordWorkspaceConfig(
            type="discord", name="discord", token="fake-token",
            application_id=self.fake.application_id, api_url=self.fake.api_url,
            gateway_url=self.fake.gateway_url,
            guild_id=real_fixture("interaction_slash_command.json")["guild_id"],
            public_key=KEY.verify_key.encode().hex())
        self.http = HttpInteractions(config, handler=self.handler,
                                     identity=lambda ws, user: "alice",
                                     clock=FakeClock(datetime.fromtimestamp(SIGNED_AT, UTC)))
        handle = self.http.handle_http

        async def route(request: web.Request) -> web.StreamResponse:
            return await handle(request)
        self._serving = on_loopback({"/discord/interactions": route})
        self.base = await self._serving.__aenter__()
        self.session = aiohttp.ClientSession()

    async def stop(self) -> None:
        assert self.session is not None and self.http is not None
        await self.session.close()
        await self._serving.__aexit__(None, None, None)
        await self.http.close()
        self.patch.undo()
        await self.fake.__aexit__(None, None, None)

    async def post(self, body: bytes) -> int:
        assert self.session is not None
        # a new timestamp each time (inside the 5-minute window): the same body twice is not
        # a replay of the same signature
        self.sent += 1
        ts = str(SIGNED_AT - self.sent % 250)
        sig = KEY.sign(ts.encode() + body).signature.hex()
        before = asyncio.all_tasks()
        async with self.session.post(self.base + "/discord/interactions", data=body, headers={
                "X-Signature-Ed25519": sig, "X-Signature-Timestamp": ts,
                "Content-Type": "application/json"}) as resp:
            await resp.read()
            status = resp.status
        await settled(before)
        assert self.http is not None
        await self.http.drain()
        return status


@pytest.fixture(scope="module")
def discord(world: World) -> Iterator[DiscordWorld]:
    d = DiscordWorld()
    world.run(d.start())
    try:
        yield d
    finally:
        world.run(d.stop())


def _discord_docs() -> dict[str, Any]:
    """The real slash command asking ours (``/socialops tickets claim t-7``), the real message
    command as it is, and the real autocomplete's ``data`` in the slash command's envelope (the
    documented example is only ``type`` and ``data``)."""
    command = real_fixture("interaction_slash_command.json")
    ours = {**command, "data": {"name": "socialops", "type": 1, "options": [
        {"type": 2, "name": "tickets", "options": [
            {"type": 1, "name": "claim", "options": [
                {"type": 3, "name": "ticket", "value": "t-7"}]}]}]}}
    autocomplete = real_fixture("interaction_autocomplete.json")
    return {"slash command": ours,
            "message command": real_fixture("interaction_message_context_menu_resolved.json"),
            "autocomplete": {**command, **autocomplete}}


DISCORD_DOCS = _discord_docs()
DISCORD_JSON = list(DISCORD_DOCS)


@pytest.mark.parametrize("name", DISCORD_JSON)
@settings(SETTINGS, max_examples=max(1, EXAMPLES // 3))
@given(data=st.data())
def test_a_mutated_discord_interaction(world: World, discord: DiscordWorld, name: str,
                                       data: st.DataObject) -> None:
    doc = DISCORD_DOCS[name]
    path, kind = data.draw(mutation(doc), label="path, kind")
    discord.handler.seen.clear()
    world.lines.records.clear()
    status = world.run(discord.post(render(doc, path, kind)))
    out = Outcome(None, None, 0, list(world.lines.records))
    what = f"{name}{shown(path)} = {kind}"
    assert status in (200, 400), f"{what}: answered {status}"
    verdict(out, status, discord.handler, what=what)


def test_the_unmutated_payloads_reach_the_app(world: World, slack: SlackWorld,
                                             discord: DiscordWorld) -> None:
    """What the mutations start from is read: a click reaches the handler, the rest are
    answered 200 (the suite would prove nothing of payloads refused whole)."""
    for name, how in SLACK_JSON:
        doc = _slack_doc(name, slack)
        body, content_type = (
            (urlencode({"payload": json.dumps(doc)}).encode(),
             "application/x-www-form-urlencoded") if how == "interactive"
            else (json.dumps(doc).encode(), "application/json"))
        slack.handler.seen.clear()
        assert world.run(slack.post("/slack/events", body, content_type)) == 200, name
        if name == "interaction_block_actions.json":
            assert [(i.action, i.target) for i in slack.handler.seen] == [("claim", "T-1")]
    form = {**SLASH, "command": "/socialops", "text": "claim T-1",
            "response_url": slack.fake.response_url("cmd")}
    slack.handler.seen.clear()
    assert world.run(slack.post("/slack/commands", urlencode(form).encode(),
                                "application/x-www-form-urlencoded")) == 200
    assert [(i.action, i.target) for i in slack.handler.seen] == [("claim", "T-1")]
    for name, doc in DISCORD_DOCS.items():
        discord.handler.seen.clear()
        assert world.run(discord.post(json.dumps(doc).encode())) == 200, name
        if name == "slash command":
            assert [(i.action, i.target) for i in discord.handler.seen] == [("claim", "T-7")]
