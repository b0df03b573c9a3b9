"""Two `socialops run` processes of one deployment on one Redis, each with its own gateway
session of the same Discord bot (several processes, as docs/scaling.md allows on Redis):
Discord sends every event to every session. A reaction reaches both, and the claim it means
is made once: one claim, one thread line, one card edit; an interaction is answered by the
process whose acknowledgement Discord took (the other meets 400 code 40060 and leaves it,
one INFO line). Real processes, the local Discord speaking the gateway and REST, a real
redis-server."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from tests.app import test_chat_start
from tests.app.test_chat_start import Start, finished, read_until
from tests.app.test_discord_subscribe_run import (  # noqa: F401  (feed: a fixture)
    feed,
    shown,
    write_config,
)
from tests.chaos.test_subscriptions_across_processes import FEEDS
from tests.integrations.discord.test_bot import ALICE, slash
from tests.support.fake_discord import FakeDiscord

started, start = test_chat_start.started, test_chat_start.start  # its fixtures


async def connected(discord: FakeDiscord, sessions: int) -> None:
    for _ in range(400):  # READY and GUILD_CREATE read by each
        if len(discord._sockets) >= sessions:
            break
        await asyncio.sleep(0.05)
    assert len(discord._sockets) >= sessions
    await asyncio.sleep(1.0)


@pytest.mark.slow
async def test_two_processes_with_a_gateway_session_each_claim_once(
        tmp_path: Path, start: Start, discord: FakeDiscord, feed: str,  # noqa: F811
        redis_url: str) -> None:
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: support, match: {any: [refund]}, action: ticket, "
        "channel: support}\n", encoding="utf-8")
    write_config(tmp_path, discord, feed, store=f"{{backend: redis, redis_url: '{redis_url}'}}",
                 extra="rules: rules.yaml\n")
    procs = []
    for port in (18941, 18942):
        proc = await start(tmp_path, DISCORD_BOT_TOKEN="discord-bot-token", PORT=str(port))
        await read_until(proc, "socialops running")
        procs.append(proc)
    await connected(discord, 2)

    FEEDS["/a.xml"].append(("item-1", "refund please, order 77"))
    card = None
    for _ in range(600):
        cards = [m for m in discord.messages.values()
                 if m["channel_id"] == discord.channel_id and "order 77" in str(m)]
        if cards:
            card = cards[0]
            break
        await asyncio.sleep(0.05)
    assert card is not None
    await discord.dispatch("MESSAGE_REACTION_ADD", discord.reaction(
        "gateway_MESSAGE_REACTION_ADD_unicode_emoji_guild_d.json", user_id=ALICE,
        message_id=card["id"], emoji={"name": "👀", "id": None}))
    lines: list[str] = []
    for _ in range(600):
        lines = [str(m.get("content")) for m in discord.messages.values()
                 if m["channel_id"] == card["id"]]
        if any("claimed" in line for line in lines):
            break
        await asyncio.sleep(0.05)
    await discord.dispatch("INTERACTION_CREATE", discord.interaction(
        2, slash("tickets"), user_id=ALICE))
    answer = await discord.wait_for("POST", "/webhooks/", timeout=30)
    await asyncio.sleep(3.0)  # a second claim, line or answer would show now
    errs = []
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
        code, err = await finished(proc)
        assert code == 0, err[-2000:]
        errs.append(err)
    lines = [str(m.get("content")) for m in discord.messages.values()
             if m["channel_id"] == card["id"]]
    assert len([line for line in lines if "claimed" in line]) == 1, lines
    cards = [m for m in discord.messages.values()
             if m["channel_id"] == discord.channel_id and "order 77" in str(m)]
    assert len(cards) == 1, cards  # one card, posted once by one of them
    answers = [c for c in discord.calls if c.method == "POST" and "/webhooks/" in c.path]
    assert len(answers) == 1 and "T-1 · claimed by alice" in shown(answer.body), answers
    callbacks = [c.status for c in discord.calls if c.path.endswith("/callback")]
    assert sorted(callbacks) == [200, 400], callbacks  # each answered; Discord took one
    assert not any("Traceback" in err for err in errs), errs
    assert "answered by another process (error code 40060)" in "".join(errs)
