"""The Slack app served over HTTP for tests: signed requests built from the real Slack
fixtures go through bolt's HTTP path on a loopback port (port 0), and a handler records the
interactions that reach it. The ``served`` fixture (conftest) is one such app."""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp.test_utils import TestServer
from multidict import CIMultiDict
from slack_sdk.signature import SignatureVerifier

from bot.app.compose import open_app
from bot.app.http import build_http_app
from bot.core.cards import Button, Card, Interaction, Reply
from bot.core.config import load_config
from integrations.slack.app import SlackBot
from integrations.slack.workspace import SlackWorkspace
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import on_loopback

SIGNING_SECRET = "test-signing-secret"
REAL = Path(__file__).parents[2] / "fixtures" / "real" / "slack"


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REAL / name).read_text())
    return data


class RecordingHandler:
    """An InteractionHandler that records what reached it and answers a scripted Reply."""

    def __init__(self, reply: Reply | None = None) -> None:
        self.reply = reply or Reply(text="done", ephemeral=True)
        self.seen: list[Interaction] = []
        self.arrived = asyncio.Event()
        self.gate: asyncio.Event | None = None
        self.fail = False

    async def handle(self, interaction: Interaction) -> Reply:
        reply = self.reply  # the reply scripted when this interaction arrived
        self.seen.append(interaction)
        self.arrived.set()
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise RuntimeError("boom")
        return reply


class Served:
    def __init__(self, bot: SlackBot, handler: RecordingHandler, url: str,
                 session: aiohttp.ClientSession) -> None:
        self.bot, self.handler, self.url, self.session = bot, handler, url, session
        self.headers: CIMultiDict[str] = CIMultiDict()  # of the last answer

    async def post(self, path: str, body: str, *, content_type: str,
                   timestamp: int | None = None, secret: str = SIGNING_SECRET,
                   signature: str | None = None, unsigned: bool = False,
                   extra: dict[str, str] | None = None) -> tuple[int, str]:
        ts = str(int(time.time()) if timestamp is None else timestamp)
        signed = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        sig = signature or signed or ""
        headers: dict[str, str] = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig,
                   "Content-Type": content_type, **(extra or {})}
        if unsigned:
            del headers["X-Slack-Signature"]
        async with self.session.post(self.url + path, data=body.encode(),
                                     headers=headers) as resp:
            self.headers = resp.headers.copy()
            return resp.status, await resp.text()

    async def interactive(self, payload: dict[str, Any], **kw: Any) -> tuple[int, str]:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post("/slack/events", body,
                               content_type="application/x-www-form-urlencoded", **kw)

    async def event(self, payload: dict[str, Any], **kw: Any) -> tuple[int, str]:
        return await self.post("/slack/events", json.dumps(payload),
                               content_type="application/json", **kw)

    async def command(self, form: dict[str, str], **kw: Any) -> tuple[int, str]:
        return await self.post("/slack/commands", urlencode(form),
                               content_type="application/x-www-form-urlencoded", **kw)


@asynccontextmanager
async def serving(bot: SlackBot, handler: RecordingHandler) -> AsyncIterator[Served]:
    """``bot`` answering ``/slack/events`` and ``/slack/commands`` on a loopback port."""
    async with on_loopback({"/slack/events": bot.handle_http,
                            "/slack/commands": bot.handle_http}) as base, \
            aiohttp.ClientSession() as session:
        yield Served(bot, handler, base, session)


@asynccontextmanager
async def whole_app(tmp_path: Path, slack: FakeSlack, *, discord_key: str) -> AsyncIterator[Served]:
    """The app as ``socialops run`` serves it (its chats and /metrics, on a free port): the
    Slack workspace acme on ``slack``, the Discord workspace dc whose interactions the key
    ``discord_key`` (hex) verifies, a SQLite store. The Served's bot is None (the app's own);
    its session posts to the app."""
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(
        "workspaces:\n"
        f"  - {{name: acme, type: slack, mode: http, bot_token: {slack.token}, "
        f"signing_secret: {SIGNING_SECRET}, api_url: '{slack.api_url}'}}\n"
        "  - {name: dc, type: discord, token: t, application_id: '123456789012345678', "
        f"public_key: '{discord_key}'}}\n"
        f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    async with open_app(load_config(cfg), env={}, out=io.StringIO(), chat=True) as app:
        routes = {p: h for c in app.chats for p, h in {**c.routes, **c.fallback}.items()}
        server = TestServer(build_http_app(app, routes=routes), port=0)
        await server.start_server()
        try:
            async with aiohttp.ClientSession(str(server.make_url("/"))) as http:
                yield Served(None, RecordingHandler(), "", http)  # type: ignore[arg-type]
        finally:
            await server.close()


async def posted_ticket(ws: SlackWorkspace, *, approval: bool = False) -> str:
    buttons = (
        (Button(action="approve", label="Approve", target="A-2"),
         Button(action="reject", label="Reject", target="A-2"))
        if approval else
        (Button(action="claim", label="Claim", target="T-5"),
         Button(action="resolve", label="Resolve", target="T-5"))
    )
    card = Card(kind="approval" if approval else "ticket", key="A-2" if approval else "T-5",
                title="t", buttons=buttons)
    return (await ws.post("C111", card)).message_id


def reaction(name: str, ts: str, event_id: str = "Ev111") -> dict[str, Any]:
    body = fixture("event_reaction_added.json")
    body["event_id"] = event_id
    body["event"]["reaction"] = name
    body["event"]["item"]["ts"] = ts
    # a card is the bot's message: Slack names its author, the bot's user (FakeSlack's
    # bot_user_id), as item_user (the fixture's is the person reacting, on their own message)
    body["event"]["item_user"] = "U0BOT"
    return body


