"""A digest of more posts than its card shows (three) said how many it left out, ``… 4 more not
shown``, and not where to see them: no verb, command or link listed a window's posts, and the
team (as Sprout's and Hootsuite's reports link to the full list) could not read the rest.

Decided: the line names the command that lists every post of that card, ``why digest-<id>``
(a short id, as a delivery's ``d-<id>``), which answers in chat through Slack's signed request
path with each post's id and address, every one of them up to a bound, then the command
line's ``socialops why digest-<id>``, which prints them all.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_review_digest import DIGEST_RULES, digests
from tests.e2e.world import DAVE, SALES, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

NAMED = re.compile(r"4 more not shown: the command why (digest-[0-9a-f]{8}) lists them all")


async def test_the_posts_a_digest_leaves_out_are_listed_by_the_command_it_names(
        tmp_path: Path, clock: FakeClock) -> None:
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=DIGEST_RULES).start()
        try:
            for n in range(1, 8):
                await world.mention(f"acme checkout outage number {n}", n=n, handle=f"user{n}")
            clock.advance(hours=1, minutes=1)
            await world.timers()
            shown = digests(world)
            assert len(shown) == 1, shown
            named = NAMED.search(shown[0])
            assert named is not None, shown[0]  # before: "… 4 more not shown", no more
            said = await ask(world, DAVE, SALES, f"why {named[1]}")
            assert "7 posts" in said.splitlines()[0], said
            for n in range(1, 8):
                assert f"mastodon:{n}" in said, said
            unknown = await ask(world, DAVE, SALES, "why digest-00000000")
            assert len(unknown.splitlines()) == 1 and "digest-00000000" in unknown, unknown
        finally:
            await world.stop()
