"""A handle the network sends with its own "@" (an acct as sent, "@kasia@mastodon.social";
an RSS author "@bob") is named after one "@" on every card and line that names it: the alert's
and the ticket's titles, a group alert's and a digest's lines, a reply draft's "In reply to"
and the console's author line wrote "@" + handle, so they read "@@kasia@mastodon.social"
(e02cf73b fixed why and explain only). Posted through the real workspaces: Slack through
slack_sdk to the local Slack Web API, Discord through discord.py to the local Discord, the
console to a terminal buffer; each read back as the platform shows it."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app.cli import _fetch
from bot.core.config import DiscordWorkspaceConfig, SlackWorkspaceConfig, load_config
from bot.core.models import Author, Mention
from rules.cli import permissive_channels, rules_explain
from tests.integrations.workspaces.contract import WorkspaceHarness
from tests.integrations.workspaces.test_console_contract import ConsoleHarness
from tests.integrations.workspaces.test_discord_contract import DiscordHarness
from tests.integrations.workspaces.test_hostile_render import cards, mention
from tests.integrations.workspaces.test_slack_contract import SlackHarness
from tests.rules.support import CountingFacts
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack

# the handle as the network sent it -> as a card shows it (cleaned), after its own "@"
HANDLES = {
    "@kasia@mastodon.social": "@kasia@mastodon.social",
    "\u202e@channel": "@channel",  # an override before the "@", which clean drops
    "\u200b@everyone\u200b": "@everyone",
    "@<!here>": "@<!here>",
    "@`bob`": "@`bob`",
    "@@x": "@@x",  # two of its own: shown as sent, with none added
    "@" + "x" * 10_000: "@" + "x" * 60,  # cut: its first characters at least
}


async def sweep(harness: WorkspaceHarness) -> list[str]:
    """Every card the handlers build for a post by each handle, posted and read back: no
    "@" added before the handle as shown (a handle of two of its own keeps its two)."""
    failures = []
    for handle, shown in HANDLES.items():
        m = mention({"handle": handle})
        for n, card in enumerate(cards(m)):
            ref = await harness.workspace.post(harness.channel, card)
            text = (await harness.view(ref)).text
            # Slack's and Discord's lookalikes and escapes are read back as the characters
            # they stand for; the console shows the backtick itself
            seen = text.replace("\uff40", "`")
            if "@" + shown[:40] in seen:
                failures.append(f"{handle[:30]!r} card {n}: '@' added in {seen[:300]!r}")
            if n in (0, 2) and shown[:40] not in seen:  # the alert's and the ticket's titles
                failures.append(f"{handle[:30]!r} card {n}: {shown[:40]!r} not in "
                                f"{seen[:300]!r}")
    return failures


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


async def test_slack_names_the_handle_after_one_at(fake_slack: FakeSlack) -> None:
    config = SlackWorkspaceConfig(type="slack", name="acme", bot_token=fake_slack.token,
                                  signing_secret="s", api_url=fake_slack.api_url)
    assert await sweep(SlackHarness(fake_slack, config)) == []


async def test_discord_names_the_handle_after_one_at(monkeypatch: pytest.MonkeyPatch) -> None:
    async with FakeDiscord() as fake:
        fake.install(monkeypatch)
        config = DiscordWorkspaceConfig(type="discord", name="acme", token="t",
                                        api_url=fake.api_url, guild_id=fake.guild_id)
        harness = DiscordHarness(fake, config)
        try:
            assert await sweep(harness) == []
        finally:
            for ws in harness.opened:
                await ws.close()


async def test_the_console_names_the_handle_after_one_at(tmp_path: Path) -> None:
    assert await sweep(ConsoleHarness(tmp_path)) == []


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id>
<updated>2026-01-01T00:00:00Z</updated>
<entry><id>urn:1</id><title>acme refund form</title><link href="https://blog.example/1"/>
<updated>2026-01-01T00:00:00Z</updated>
<author><name>{name}</name></author><summary>hi</summary></entry></feed>"""


@asynccontextmanager
async def serving(body: str) -> AsyncIterator[str]:
    async def handle(request: web.Request) -> web.Response:
        return web.Response(text=body, content_type="application/atom+xml")

    app = web.Application()
    app.router.add_get("/feed.xml", handle)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield str(server.make_url("/feed.xml"))
    finally:
        await server.close()


async def test_fetch_names_an_rss_author_with_its_own_at_once(tmp_path: Path) -> None:
    """`socialops fetch` printed an RSS author "@bob" as "@@bob"."""
    async with serving(ATOM.format(name="@bob\u200b")) as url:
        cfg = tmp_path / "socialops.yaml"
        cfg.write_text("workspaces:\n  - name: console\n    type: console\n"
                       f"store:\n  path: {tmp_path / 'state.db'}\n"
                       "sources:\n  - id: feeds\n    type: rss\n"
                       f"    urls: ['{url}']\n    backfill_minutes: 20000000\n")
        out = io.StringIO()
        assert await _fetch(load_config(cfg), "feeds", as_json=False, out=out) == 0
    [line] = out.getvalue().splitlines()
    assert " @bob: " in line, line
    assert "@@" not in line, line


@pytest.mark.parametrize("author", ["{deny: [spam*]}", "{allow: [kasia*]}"])
def test_explain_names_the_author_of_a_condition_after_one_at(
        tmp_path: Path, author: str) -> None:
    """A route's author condition said 'author @@kasia@mastodon.social is allowed'."""
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes:\n  - name: r\n    match: {any: [acme], author: " + author + "}\n"
                     "    channel: anything\n", encoding="utf-8")
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    post = Mention(id="mastodon:1", network="mastodon", source="cli", text="acme is down",
                   created_at=now, author=Author(id="1", handle="@kasia@mastodon.social"))
    out = io.StringIO()
    rules_explain(rules, post, channels=permissive_channels(), escalations=set(),
                  facts_factory=CountingFacts, now=now, out=out)
    text = out.getvalue()
    assert "author @kasia@mastodon.social" in text, text
    assert "@@" not in text, text
