"""Subscriptions made with /socialops in one channel deliver there and nowhere else; each
department lists only its own; mute silences one for a while."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.world import CAROL, DAVE, MARKETING, SALES, World


async def subscribe(world: World, channel: str, query: str) -> str:
    before = len(world.said_to(DAVE)) + len(world.slack.responses)
    assert await world.slash(DAVE, channel, f"subscribe {query}") == 200
    await world.until(lambda: len(world.said_to(DAVE)) + len(world.slack.responses) > before,
                      "the subscribe answer")
    subs = [s for s in await world.a.store.list_subscriptions() if s.channel == channel]
    assert subs, world.slack.responses[-1]
    return subs[-1].id


async def test_a_subscription_delivers_only_to_its_channel(world: World) -> None:
    sub_id = await subscribe(world, MARKETING, '"new logo"')
    await world.mention("I love the new logo, well done", n=1)
    marketing = [m for m in world.posts(MARKETING) if "new logo" in str(m)]
    assert len(marketing) == 1 and sub_id in str(marketing[0])
    assert all("new logo" not in str(m) for m in world.posts(SALES))

    # sales lists its own subscriptions only
    before = len(world.slack.responses)
    await world.slash(DAVE, SALES, "list")
    await world.until(lambda: len(world.slack.responses) > before, "the list answer")
    assert sub_id not in str(world.slack.responses[-1])
    before = len(world.slack.responses)
    await world.slash(DAVE, MARKETING, "list")
    await world.until(lambda: len(world.slack.responses) > before, "the list answer")
    assert sub_id in str(world.slack.responses[-1])


async def test_mute_silences_a_subscription_until_it_expires(world: World) -> None:
    sub_id = await subscribe(world, MARKETING, "pricing")
    before = len(world.slack.responses)
    await world.slash(DAVE, MARKETING, f"mute {sub_id} 2h launch week")
    await world.until(lambda: len(world.slack.responses) > before, "the mute answer")
    await world.mention("what is your pricing for teams?", n=1)
    assert all("pricing for teams" not in str(m) for m in world.posts(MARKETING))
    world.clock.advance(hours=2, minutes=1)
    await world.mention("pricing page is confusing", n=2)
    assert any("pricing page" in str(m) for m in world.posts(MARKETING))


async def test_a_mute_of_no_time_is_refused(world: World) -> None:
    """`mute <route> 0m` used to be accepted and audited as "muted until <now>"."""
    sub_id = await subscribe(world, MARKETING, "pricing")
    for target in (sub_id, "support"):
        answer = await ask(world, CAROL, MARKETING, f"mute {target} 0m")
        assert answer.startswith("'0m' is no time at all: use e.g. 30m, 2h or 1d"), answer
    assert not [e for e in await world.a.store.audit_since(None)
                if e.action in ("route.mute", "subscription.mute")]


async def test_a_subscription_in_a_channel_the_bot_is_not_in_is_refused(world: World) -> None:
    """Slack lets a slash command run in a channel the bot was never invited to; a subscription
    made there was accepted, and every card it matched was refused (not_in_channel) and
    dead-lettered."""
    world.slack.outside_channels.add(MARKETING)
    answer = await ask(world, DAVE, MARKETING, "subscribe pricing")
    assert answer.startswith("socialops is not in this channel"), answer
    assert "/invite @socialops" in answer
    assert await world.a.store.list_subscriptions() == []
    world.slack.outside_channels.discard(MARKETING)  # invited: now it binds
    assert (await subscribe(world, MARKETING, "pricing")).startswith("S-")


async def test_the_same_subscription_twice_in_a_channel_is_made_once(world: World) -> None:
    """A double submit, or two teammates: the second subscribe names the first and adds
    nothing, so a matching post is one card in the channel (it was two)."""
    first = await ask(world, DAVE, MARKETING, "subscribe acme refund")
    assert first.startswith("S-1 created"), first
    for who, query in [(DAVE, "acme refund"), (CAROL, "ACME   Refund"),
                       (CAROL, "acme AND refund")]:
        again = await ask(world, who, MARKETING, f"subscribe {query}")
        assert again == "this channel already follows `acme refund` as S-1; nothing added", again
    assert [s.id for s in await world.a.store.list_subscriptions()] == ["S-1"]
    # the same query elsewhere, or with another filter, is another subscription
    assert (await ask(world, DAVE, SALES, "subscribe acme refund")).startswith("S-")
    assert (await ask(world, DAVE, MARKETING, "subscribe acme refund lang=de")).startswith("S-")
    await world.mention("acme refund still not here", n=1)
    assert len([m for m in world.posts(MARKETING) if "acme refund" in str(m)]) == 1
    # unsubscribing frees it: the same line subscribes again
    assert (await ask(world, DAVE, MARKETING, "unsubscribe S-1")) == "S-1 removed"
    assert (await ask(world, CAROL, MARKETING, "subscribe acme refund")).startswith("S-")


async def test_a_hostile_query_quoted_back_pings_no_one_and_keeps_its_span(world: World) -> None:
    """The twin reply quotes the query, a person's text: its backticks cannot end the code span
    (they show as the fullwidth lookalike), and its pings stay text: the answer's blocks are
    plain text, which Slack parses for nothing, and the notification text is escaped."""
    query = "acme ```refund` @here @channel <!here> <!channel> <@U0BOSS> <!subteam^S0ALL>"
    assert (await ask(world, DAVE, MARKETING, f"subscribe {query}")).startswith("S-1 created")
    again = await ask(world, CAROL, MARKETING, f"subscribe {query}")
    assert again == ("this channel already follows `acme \uff40\uff40\uff40refund\uff40 @here "
                     "@channel <!here> <!channel> <@U0BOSS> <!subteam^S0ALL>` as S-1; nothing "
                     "added"), again
    sent = [r for r in world.slack.responses if f"-{CAROL}-" in str(r.get("rid"))][-1]
    assert [b["text"]["type"] for b in sent["blocks"]] == ["plain_text"]
    assert "<" not in sent["text"] and "`" not in sent["text"], sent["text"]


async def test_a_long_list_shows_whole_lines_and_counts_the_rest(world: World) -> None:
    """``list`` answers with every subscription of the channel, up to 500 characters of query
    each. The answer was one plain-text section, cut at 3,000 characters: of 24 long
    subscriptions six and part of a seventh were shown, then "…", and nothing said the rest
    existed."""
    for n in range(1, 25):
        query = " OR ".join(f"acme{n}x{k}" for k in range(48))[:480].rsplit(" OR ", 1)[0]
        assert (await ask(world, DAVE, MARKETING, f"subscribe {query}")).startswith(
            f"S-{n} created")
    answer = await ask(world, DAVE, MARKETING, "list")
    lines = answer.splitlines()
    shown = [line for line in lines if line.startswith("S-")]
    assert len(shown) >= 15, answer[-300:]
    assert all(line.endswith("· realtime (by dave)") for line in shown), shown[-1][-80:]
    assert lines[-1] == (f"… and {24 - len(shown)} more lines: the answer is longer than one "
                         "Slack message holds"), lines[-1]


async def test_a_reason_beginning_with_a_number_no_count_of_the_next_unit_is_the_reason(
        world: World) -> None:
    """`mute S-1 2h 500 duplicates` was refused saying to write 2h500m (and `1d 30 reports`
    1d30h): 500 minutes after hours is no duration anyone writes, so it is the reason's. A
    number that may be the minutes (`2h 5 people`) is still refused, saying to quote it."""
    sub_id = await subscribe(world, MARKETING, "pricing")
    answer = await ask(world, DAVE, MARKETING, f"mute {sub_id} 2h 500 duplicates")
    assert answer.startswith(f"{sub_id} muted until 2026-11-23 11:00 UTC"), answer
    answer = await ask(world, DAVE, MARKETING, f"mute {sub_id} 2h 5 people complained")
    assert answer.startswith("'2h 5': 5 has no unit; write 2h5m, or 2h then the reason in "
                             "quotes: \"5 people complained\""), answer
    answer = await ask(world, DAVE, MARKETING, f'mute {sub_id} 2h "5 people complained"')
    assert answer.startswith(f"{sub_id} muted until 2026-11-23 11:00 UTC"), answer
    said = [e.detail for e in await world.a.store.audit_since(None)
            if e.action == "subscription.mute"]
    assert said == ["500 duplicates", "5 people complained"], said


async def test_unsubscribe_takes_the_id_as_it_is_copied(world: World) -> None:
    """`unsubscribe "S-2"` (copied with its quotes), `#S-2`, `S-02` and a code span were
    refused as not an id (or no subscription S-02) while the id was plain to read."""
    for n, typed in enumerate(('"{}"', "\u201c{}\u201d", "#{}", "`{}`", "{}", "'{}'"), start=1):
        sub_id = await subscribe(world, MARKETING, f"pricing{n}")
        said = typed.format(sub_id.lower() if n == 5 else sub_id)
        answer = await ask(world, DAVE, MARKETING, f"unsubscribe {said}")
        assert answer == f"{sub_id} removed", (said, answer)
    sub_id = await subscribe(world, MARKETING, "padded")
    kind, _, number = sub_id.partition("-")
    answer = await ask(world, DAVE, MARKETING, f"mute {kind}-00{number} 2h")
    assert answer.startswith(f"{sub_id} muted until"), answer
    answer = await ask(world, DAVE, MARKETING, f'unsubscribe "{kind}-0{number}"')
    assert answer == f"{sub_id} removed", answer
    assert not [s for s in await world.a.store.list_subscriptions() if s.channel == MARKETING]
    answer = await ask(world, DAVE, MARKETING, 'unsubscribe "S-2')  # no pair: not an id
    assert answer.startswith("'\"S-2' is not an id like S-2\nusage: unsubscribe"), answer


async def test_an_id_ending_a_sentence_or_in_quotes_a_keyboard_mixed_is_read(
        world: World) -> None:
    """`unsubscribe S-2.` (the id typed as a sentence ends, or copied with the full stop after
    it), `S-2,`, a Japanese keyboard's `Ｓ－２。` and `"S-2”` (the closing quote made curly by
    the keyboard, the opening one not) were refused as not an id like S-2; an id never holds
    one of these. Quotes with nothing between them, or a stop alone, are still no id."""
    for n, typed in enumerate(("{}.", "{},", '"{}."', '"{}".', '"{}\u201d', "\u201e{}\u201c",
                               "`{}`.", "{}?"), start=1):
        sub_id = await subscribe(world, MARKETING, f"stop{n}")
        said = typed.format(sub_id)
        answer = await ask(world, DAVE, MARKETING, f"unsubscribe {said}")
        assert answer == f"{sub_id} removed", (said, answer)
    sub_id = await subscribe(world, MARKETING, "wide")
    wide = sub_id.translate({ord(c): ord(c) + 0xFEE0 for c in "S-0123456789"})
    answer = await ask(world, DAVE, MARKETING, f"unsubscribe {wide}\u3002")
    assert answer == f"{sub_id} removed", answer
    for typed in ('"".', ".", "S-.", '"S-2'):
        answer = await ask(world, DAVE, MARKETING, f"unsubscribe {typed}")
        assert "is not an id like S-2\nusage: unsubscribe" in answer, (typed, answer)


async def test_a_keyword_of_one_letter_or_digit_is_refused(either: World) -> None:
    """A newcomer types `/socialops subscribe a` (or `x`, meaning the network): it was kept,
    and every post holding the letter as a word, or the kana or ideograph anywhere in a
    Japanese run, became a card in the department's channel (the sample day: most of its
    posts). It is refused in one line, as the rules file refuses it; an ideograph or a Korean
    syllable is a word of its own, and kept."""
    world = either
    for query in ("a", "X", "Ä", "7", "a*", "*x*", '"b"', "の", "ア", "acme OR b"):
        answer = await ask(world, DAVE, MARKETING, f"subscribe {query}")
        assert answer.startswith("a keyword of one letter or digit"), (query, answer)
        assert "\n" not in answer and "write a word of two characters or more" in answer
    assert await world.a.store.list_subscriptions() == []
    await world.mention("a plan for the team, 7 of us, x2 faster", n=1)
    assert world.posts(MARKETING) == []
    for query in ("ab", "c++", "#a", "障", "앱", "❤"):  # words, a tag, an emoji: kept
        assert (await ask(world, DAVE, MARKETING, f"subscribe {query}")).startswith("S-"), query
