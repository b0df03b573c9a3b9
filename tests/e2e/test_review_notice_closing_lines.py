"""An escalation notice listing many tickets put back still ends with its closing lines ("That
was the last step of ...", "Nobody is on call ..."), on Slack and on Discord. They come after
the list, and a renderer cuts a text too long for it from the end: a Slack section holds 3,000
characters, a Discord embed description 4,096 after escaping (PLATFORMS.md). With about 15
"put back" lines, each with its card's link, the closing line was cut off on both (a review,
2026-12-06). The list is now capped by characters, saying how many more are waiting."""

from __future__ import annotations

import json

from integrations.discord.render import render as discord_render
from tests.e2e.world import ALICE, SUPPORT, World
from tests.integrations.discord.reader import discord_view
from tests.integrations.workspaces.test_slack_contract import slack_view

TICKETS = 24


async def test_the_last_steps_notice_keeps_its_closing_line_after_a_long_list(
        world: World) -> None:
    for n in range(1, TICKETS + 1):  # one customer each: a ticket each
        await world.mention("@acme my order is broken again, this is terrible", n=n,
                            handle=f"customer{n}")
    assert len(await world.a.store.list_tickets(status="open")) == TICKETS
    for n in range(1, TICKETS + 1):  # each claimed and put back: a "put back" sentence each
        assert await world.slash(ALICE, SUPPORT, f"claim T-{n}") == 200
        assert await world.slash(ALICE, SUPPORT, f"unclaim T-{n}") == 200
    for minutes in (15, 1, 30, 1):  # step 1 and its notice, step 2 (the last) and its notice
        world.clock.advance(minutes=minutes)
        await world.timers()
    [*_, last] = [m for m in world.posts(SUPPORT) if "Escalation" in json.dumps(m)]
    shown = slack_view(last)
    assert shown.problems == ()
    assert "That was the last step of support-default" in shown.text, shown.text[-600:]
    assert "more" in shown.text  # the list says how many it left out
    assert shown.text.count("put T-") < TICKETS

    item = await world.a.store.get_outbox(
        f"escnote:slack|{SUPPORT}|support-default|1:T-1@{SUPPORT}")
    assert item is not None
    d = discord_render(item.card)
    seen = discord_view({"content": d.content, "embeds": [d.embed.to_dict()]},
                        allowed_mentions=dict(d.allowed_mentions.to_dict()))
    assert seen.problems == ()
    assert "That was the last step of support-default" in seen.text, seen.text[-600:]
