"""`/socialops subscriptions subscribe` through a real `socialops run` connected to the local
Discord (discord.py's own client, the gateway and REST as Discord speaks them): a keyword of one
letter is refused in one line and stores nothing (1a9ed05), a word is kept, and a post in the
feed afterwards becomes one card in the Discord channel, from the SQLite file."""

from __future__ import annotations

import asyncio
import re
import signal
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.app import test_chat_start
from tests.app.test_chat_start import Start, discord_ws, finished, read_until
from tests.chaos.test_subscriptions_across_processes import FEEDS, Feeds
from tests.integrations.discord.test_bot import ALICE, modal_submit, slash
from tests.support.fake_discord import FakeDiscord

started, start = test_chat_start.started, test_chat_start.start  # its fixtures


@pytest.fixture
def feed() -> Iterator[str]:
    for items in FEEDS.values():
        items.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/a.xml"
    server.shutdown()


def write_config(tmp_path: Path, discord: FakeDiscord, feed: str, *,
                 store: str = "{backend: sqlite, path: s.db}", extra: str = "") -> None:
    """A config reading ``feed`` into the local Discord's channel, alice linked there."""
    (tmp_path / "socialops.yaml").write_text(f"""\
sources: [{{id: feed, type: rss, urls: ['{feed}'], interval: 0.2, timeout: 2}}]
workspaces:
  - {discord_ws(discord)}
channels:
  support: {{workspace: chat, id: "{discord.channel_id}"}}
people: [{{id: alice, role: agent, identities: {{chat: "{ALICE}"}}}}]
spikes: {{enabled: false}}
store: {store}
{extra}""", encoding="utf-8")


async def ask(discord: FakeDiscord, proc: asyncio.subprocess.Process, **options: object) -> str:
    """alice runs /socialops subscriptions subscribe; the text of the answer she is sent."""
    before = len([c for c in discord.calls if "/webhooks/" in c.path and c.method == "POST"])
    await discord.dispatch("INTERACTION_CREATE", discord.interaction(
        2, slash("subscribe", **options), user_id=ALICE))
    try:
        call = await discord.wait_for("POST", "/webhooks/", count=before + 1, timeout=30)
    except TimeoutError:
        proc.send_signal(signal.SIGTERM)
        _, err = await finished(proc)
        raise AssertionError(([(c.method, c.path) for c in discord.calls][-2:], err)) from None
    return shown(call.body)


def shown(body: dict[str, Any]) -> str:
    """A follow-up's text as Discord shows it: a backslash before punctuation is markdown's
    escape, not shown."""
    return re.sub(r"\\([^0-9A-Za-z\s])", r"\1", str(body.get("content") or body.get("embeds")))


async def test_subscribe_through_discord_in_a_real_run(
        tmp_path: Path, start: Start, discord: FakeDiscord, feed: str) -> None:
    write_config(tmp_path, discord, feed)
    proc = await start(tmp_path, DISCORD_BOT_TOKEN="discord-bot-token")
    await read_until(proc, "socialops running")
    await discord.wait_for("PUT", "/commands", timeout=30)
    for _ in range(300):  # the gateway's READY and GUILD_CREATE read
        if discord._sockets:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)
    refused = await ask(discord, proc, query="a")
    assert refused.startswith("a keyword of one letter or digit ('a')"), refused
    assert "\n" not in refused
    kept = await ask(discord, proc, query="refund")
    assert "S-1" in kept, kept
    FEEDS["/a.xml"].append(("item-1", "refund please, order 77"))
    for _ in range(600):
        cards = [m for m in discord.messages.values()
                 if m["channel_id"] == discord.channel_id and "order 77" in str(m)]
        if cards:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)  # a second card would show now
    cards = [m for m in discord.messages.values()
             if m["channel_id"] == discord.channel_id and "order 77" in str(m)]
    proc.send_signal(signal.SIGTERM)
    code, err = await finished(proc)
    assert code == 0, err[-2000:]
    assert len(cards) == 1, (cards, err[-2000:])
    assert "sub:S-1" in str(cards[0]) or "S-1" in str(cards[0]), cards[0]


async def running(start: Start, tmp_path: Path, discord: FakeDiscord) -> asyncio.subprocess.Process:
    """`socialops run` on ``tmp_path``'s config, its gateway session open."""
    discord._sockets.clear()
    proc = await start(tmp_path, DISCORD_BOT_TOKEN="discord-bot-token")
    await read_until(proc, "socialops running")
    for _ in range(300):  # the gateway's READY and GUILD_CREATE read
        if discord._sockets:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(1.0)
    return proc


async def answered(discord: FakeDiscord, before: int) -> str:
    """The content of the next follow-up after ``before`` of them, as Discord shows it."""
    call = await discord.wait_for("POST", "/webhooks/", count=before + 1, timeout=30)
    return shown(call.body)


async def test_a_previewed_subscription_is_saved_by_the_next_process(
        tmp_path: Path, start: Start, discord: FakeDiscord, feed: str) -> None:
    """The subscribe form's preview and its Subscribe button are two interactions, each
    answered by whichever process Discord's event reached first (several `web` processes each
    hold a gateway session; over HTTP, the load balancer chooses), or by the process started
    after a deploy. The preview was kept in the memory of the process that showed it: the
    button then answered "This preview has expired" and saved nothing. It is kept in the
    store, so the next process saves it, once."""
    write_config(tmp_path, discord, feed)
    first = await running(start, tmp_path, discord)
    await modal_submit(discord, "subscribe", {"query": "refund", "digest": "", "lang": ""})
    preview = (await discord.wait_for("POST", "/webhooks/", count=1, timeout=30)).body
    [[button]] = [row["components"] for row in preview["components"]]
    first.send_signal(signal.SIGTERM)
    code, err = await finished(first)
    assert code == 0, err[-2000:]

    second = await running(start, tmp_path, discord)
    press = discord.interaction(3, {"custom_id": button["custom_id"], "component_type": 2},
                                user_id=ALICE)
    await discord.dispatch("INTERACTION_CREATE", press)
    saved = await answered(discord, 1)
    await discord.dispatch("INTERACTION_CREATE", discord.interaction(
        3, {"custom_id": button["custom_id"], "component_type": 2}, user_id=ALICE))
    again = await answered(discord, 2)
    second.send_signal(signal.SIGTERM)
    code, err = await finished(second)
    assert code == 0, err[-2000:]
    assert "S-1" in saved and "expired" not in saved, saved
    assert "expired" in again, again  # a second press saves nothing
