"""An escalation notice of many tickets put back, each with its card's Discord link, rendered
for Discord: the chain's end is said after the list, and Discord's renderer cuts a description
past 4,096 characters (escaping included, PLATFORMS.md) from the end, so the list is capped by
characters to leave it room (a review, 2026-12-06). The Slack side, through bolt's request path:
``tests/e2e/test_review_notice_closing_lines.py``."""

from __future__ import annotations

from bot.core.models import MessageRef
from bot.core.ports import Store
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card
from tests.conftest import FakeClock
from tests.integrations.discord.reader import discord_view
from tests.integrations.workspaces.test_slack_contract import slack_view
from tests.support.tickets_day import DAY, Day

TICKETS = 20
GUILD, CHANNEL = "1180000000000000001", "1180000000000000002"


async def test_a_notice_listing_many_put_back_tickets_still_says_the_chain_ended(
        store: Store, clock: FakeClock) -> None:
    d = Day(store, clock)
    await d.at(10, 0)
    ids = [await d.open("support") for _ in range(TICKETS)]
    posted = 0
    while due := await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=100,
                                       chain=100):
        for item in due:  # posted: each card has its Discord link
            posted += 1
            msg = str(1190000000000000000 + posted)
            await store.finish(item.key, owner="w", ref=MessageRef(
                workspace=item.workspace, channel=item.channel, message_id=msg,
                permalink=f"https://discord.com/channels/{GUILD}/{CHANNEL}/{msg}"))
    await d.at(10, 5)  # put back after the opening: each line says both times
    for tid in ids:
        assert (await d.tickets.claim(tid, "alice")).ok
        assert (await d.tickets.unclaim(tid, "alice")).ok
    await d.at(10, 36)  # step 1 at 10:15, step 2 (the chain's last) at 10:35
    clock.now = DAY.replace(hour=10, minute=36)
    await d.timers.fire_due()
    item = await store.get_outbox(f"escnote:console|support|chain|1:{ids[0]}@support")
    assert item is not None and item.card.text.count("discord.com") > 5
    r = discord_render(item.card)
    seen = discord_view({"content": r.content, "embeds": [r.embed.to_dict()]},
                        allowed_mentions=dict(r.allowed_mentions.to_dict()))
    assert seen.problems == ()
    assert "That was the last step of chain" in seen.text, seen.text[-400:]
    assert "more (" in seen.text  # the list says how many it left out
    msg = render_card(item.card)
    shown = slack_view({"text": msg.text, "blocks": msg.blocks})
    assert shown.problems == ()
    assert "That was the last step of chain" in shown.text, shown.text[-400:]
