"""A person in several teams, end to end (signed requests into the bolt app, the local Slack,
a SQLite store): their home runs past Slack's 100 blocks a view (docs.slack.dev, Block Kit:
"up to 100 blocks" in a home tab). The home stays inside it and says *which* sections it left
out: it said only "More sections did not fit ...; `/socialops tickets` lists everything", so
the person could not tell that their approvals (which ``tickets`` never lists) were gone
(a review of the on-call and queue views, 2026-12-06)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.test_home import home_of
from tests.e2e.world import ALICE, SUPPORT, World
from tests.support.fake_slack import FakeSlack, view_errors
from tests.support.netserver import NetServer

TEAMS = ["support", "tier2", "tier3", "tier4", "tier5", "tier6"]


async def test_a_home_past_100_blocks_names_what_it_left_out(
        tmp_path: Path, clock: FakeClock) -> None:
    async with FakeSlack() as slack, NetServer() as masto:
        world = World(tmp_path, clock, slack, masto)
        path = tmp_path / "socialops.yaml"
        text = path.read_text()
        mine = "{id: alice, role: agent, groups: [support]"
        assert mine in text
        path.write_text(text.replace(mine, "{id: alice, role: agent, groups: ["
                                     + ", ".join(TEAMS) + "]"))
        await world.start()
        try:
            for n in range(1, 12):
                await world.mention(f"@acme my order {n} is broken again, this is terrible",
                                    n=n, handle=f"customer{n}")
            await world.a.outbox.drain()
            for n in range(1, 12):
                assert await world.slash(ALICE, SUPPORT, f"claim T-{n}") == 200
            clock.advance(minutes=61)  # past the 60 minute SLA: overdue in each team
            await world.open_home(ALICE)
            await home_of(world, ALICE)
            view = slack.homes[ALICE]
            assert len(view["blocks"]) <= 100 and view_errors(view) == []
            home = world.home_text(ALICE)
            last = home.splitlines()[-1]
            # what fit is shown whole; what did not is named, so nobody takes the home as all
            assert "Claimed by you" in home and "Overdue in support" in home
            assert "Approvals you may decide" not in home.splitlines()[:-1]
            for title in ("Overdue in tier6", "Approvals you may decide",
                          "Subscriptions in #support"):
                assert title in last, (title, last)
            # and nothing points at a verb that does not list what was left out as the way to it
            assert "lists everything" not in last
        finally:
            await world.stop()
