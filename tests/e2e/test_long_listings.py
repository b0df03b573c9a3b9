"""``list`` in a channel of 3,000 subscriptions, through Slack's signed request path on a real
SQLite file and on a real redis-server: the answer is built only as far as a chat shows it
(``bot.core.text.listing``) and reads exactly as the whole listing rendered would, hostile
lines too (CJK, RTL, a ZWJ sequence, combining marks, zero-width and bidi characters that
cleaning drops, a long link);
the lines left out are counted, with thousands separators. Before, the handler built every
line (100,000 subscriptions: megabytes), and Slack's and Discord's renderers cleaned and split
all of it on the event loop to show a few kilobytes; the note said '… and 2943 more lines'."""

from __future__ import annotations

from bot.core.cards import Reply
from bot.core.commands import parse_command
from bot.core.effects import Effects
from bot.core.models import Subscription
from bot.core.text import ANSWER_SHOWN
from handlers.subscriptions import describe
from integrations.discord.inbound import reply_payload
from integrations.discord.render import CONTENT_LIMIT
from integrations.slack.render import MAX_CARD_TEXT, render_text
from tests.e2e.test_queue import ask
from tests.e2e.world import DAVE, MARKETING, World

QUERIES = ('"acme" OR 返金', 'استرداد OR "refund now"',
           '"\U0001F469\u200d\U0001F4BB e\u0301\u0302"', "zero\u200bwidth OR bi\u202edi",
           "https://acme.example/" + "a" * 60, "plain")


def test_a_listing_is_built_past_what_any_chat_shows() -> None:
    assert ANSWER_SHOWN > MAX_CARD_TEXT and ANSWER_SHOWN > CONTENT_LIMIT


async def test_3000_subscriptions_listed_cost_what_is_shown(either: World) -> None:
    world = either  # a real SQLite file, then a real redis-server
    fx = Effects()
    for n in range(1, 3001):
        fx.create(Subscription(id=f"S-{n}", workspace="slack", channel=MARKETING,
                               query=f"{QUERIES[n % len(QUERIES)]} OR x{n}", created_by="dave",
                               created_at=world.clock(), mode="realtime"))
    assert await world.a.store.apply(fx)
    answer = await ask(world, DAVE, MARKETING, "list")
    *lines, last = answer.splitlines()
    assert all(line.startswith("S-") and line.endswith("(by dave)") for line in lines), lines
    assert last == (f"… and {3000 - len(lines):,} more lines: the answer is longer than one "
                    "Slack message holds")
    assert 3000 - len(lines) >= 1_000
    reply = await world.a.dispatcher.handle(parse_command("list").interaction(
        workspace="slack", channel=MARKETING, user=DAVE))
    # built a little past what a chat shows, the rest counted
    assert len(reply.text) < ANSWER_SHOWN + 1_000 and reply.unlisted > 2_000
    assert reply.unlisted + len(reply.text.splitlines()) == 3000
    stored = await world.a.store.list_subscriptions(workspace="slack", channel=MARKETING)
    whole = "\n".join(describe(s, world.clock()) for s in stored)  # the answer built whole
    assert render_text(reply.text, unlisted=reply.unlisted) == render_text(whole)
    assert reply_payload(reply) == reply_payload(Reply(text=whole))
    assert reply.whole().splitlines()[-1] == f"… and {reply.unlisted:,} more lines"


def test_a_listing_measures_its_lines_as_the_renderers_do() -> None:
    from bot.core.text import listing

    # a line that cleaning empties (20,000 zero-width spaces and a letter) takes one
    # character of what a chat shows, not 20,001: every line after it is still built
    rows = ["\u200b" * 20_000 + "x", *(f"row {n}" for n in range(10))]
    text, unlisted = listing(rows, lambda r: r)
    assert (text.count("\n"), unlisted) == (10, 0)
    # a row without a line (a stored record that cannot be read) is skipped, not counted
    text, unlisted = listing(["a", "bad", "c"], lambda r: None if r == "bad" else r)
    assert (text, unlisted) == ("a\nc", 0)
    # past what a chat shows: built one line further, the rest counted
    text, unlisted = listing(["é" * 999] * 100, lambda r: r)
    assert (len(text.splitlines()), unlisted) == (13, 87)
