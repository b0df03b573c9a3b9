"""A weekly digest of a keyword, as Hootsuite's and Sprout's users get one: ``subscribe
<query> digest=weekly`` (Mondays at ``digests.at``, as a route's ``interval: 1w``) or
``digest=weekly:friday`` (the day in any case, or its three letters), through Slack's signed
request path on the real app: its digest comes on that day only, ``list`` and ``why`` say so,
and a wrong value is refused in one line naming what to write (then the usage). Before,
``digest`` took hourly or daily only: a team wanting the week's mentions on Friday had none.
"""

from __future__ import annotations

from datetime import timedelta

from tests.e2e.test_queue import ask
from tests.e2e.world import DAVE, MARKETING, World


def digests(world: World) -> list[str]:
    return [str(m.get("text", "")) for m in world.posts(MARKETING)
            if "Digest for" in str(m.get("text", ""))]


async def test_a_weekly_subscription_on_a_friday_comes_on_friday(world: World) -> None:
    made = await ask(world, DAVE, MARKETING, "subscribe pricing digest=weekly:FRIDAY")
    assert made.startswith("S-1 created"), made  # before: digest must be hourly or daily
    assert "digest weekly on Friday" in made, made
    listed = await ask(world, DAVE, MARKETING, "list")
    assert "digest weekly on Friday" in listed, listed
    await world.mention("what is your pricing for teams?", n=1)  # Monday 09:00 UTC
    said = await ask(world, DAVE, MARKETING, "why mastodon:1")
    assert "(weekly on Fridays" in said, said
    assert "due 2026-11-27 09:00 UTC" in said, said  # that Friday, at digests.at
    start = world.clock()
    world.clock.now = start + timedelta(days=3, minutes=1)  # Thursday 09:01
    await world.timers()
    assert digests(world) == [], digests(world)
    world.clock.now = start + timedelta(days=4, minutes=1)  # Friday 09:01
    await world.timers()
    shown = digests(world)  # Slack's text shows "sub：S-1" (no emoji shortcode)
    assert len(shown) == 1 and "S-1" in shown[0] and "1 mention" in shown[0], shown


async def test_weekly_alone_is_on_mondays(world: World) -> None:
    made = await ask(world, DAVE, MARKETING, "subscribe pricing digest=Weekly")
    assert made.startswith("S-1 created") and "digest weekly on Monday" in made, made
    again = await ask(world, DAVE, MARKETING, "subscribe pricing digest=weekly:mon")
    assert "already follows" in again, again  # the same subscription: Monday is weekly's day


async def test_a_wrong_digest_value_is_refused_in_one_line_naming_what_to_write(
        world: World) -> None:
    for line, fix in (("subscribe pricing digest=weekly:fryday", "'fryday' is no day"),
                      ("subscribe pricing digest=daily:friday", "digest=weekly:friday"),
                      ("subscribe pricing digest=fortnightly", "hourly, daily or weekly"),
                      ("subscribe pricing digest=weekly:", "weekly:friday")):
        said = (await ask(world, DAVE, MARKETING, line)).strip().splitlines()
        # one line naming what to write (the command's usage may follow it, as for any option)
        assert fix in said[0] and all(x.startswith("usage:") for x in said[1:]), (line, said)
        assert "S-1" not in "\n".join(said), said
