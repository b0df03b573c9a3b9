"""The Slack App Home's "On call" section end to end (signed ``app_home_opened`` events into the
bolt app, ``views.publish`` on the local Slack, which refuses what Slack refuses): each
schedule's row as ``oncall`` says it, and "You are on call in …" for the person on call, as of
when the tab is opened, at the injected clock's time across a handoff and an override."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_home import home_of, publishes, section
from tests.e2e.test_oncall import SCHEDULES, on_new_yorks_clock
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, BOB, CAROL, SUPPORT, UNPACED, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

# a person id is the config's text: the Home escapes it as social text, so it pings nobody
NIGHTS = """\
  - name: nights
    people: ["<!channel>*now*", carol]
    start: 2026-11-23T00:00
    shift: 1d
    timezone: UTC
"""


async def opened(world: World, user: str) -> str:
    before = publishes(world, user)
    assert await world.open_home(user) == 200
    return await home_of(world, user, after=before)


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED + SCHEDULES + NIGHTS)
        path = tmp_path / "socialops.yaml"
        text = path.read_text()
        assert "\npeople:\n" in text
        path.write_text(text.replace("\npeople:\n", '\npeople:\n  - {id: "<!channel>*now*"}\n'))
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def test_the_home_says_who_is_on_call_and_follows_a_handoff_when_opened(
        world: World) -> None:
    # Monday 2026-11-23 09:00 UTC, 10:00 CET: alice's week until 10:30 CET
    alice = await opened(world, ALICE)
    assert alice.startswith("socialops · alice\n\nOn call\n")  # first, above the queue
    assert section(alice, "On call") == (
        "*You are on call in primary until Mon 2026-11-23 10:30 CET*\n"
        "*primary* · alice until Mon 2026-11-23 10:30 CET, then bob\n"
        "*nights* · &lt;!channel&gt;＊now＊ until Tue 2026-11-24 00:00 UTC, then carol")
    assert "<!channel>" not in alice
    assert section(await opened(world, BOB), "On call") == (
        "*You are on call next in primary from Mon 2026-11-23 10:30 CET*\n"
        "*primary* · alice until Mon 2026-11-23 10:30 CET, then bob\n"
        "*nights* · &lt;!channel&gt;＊now＊ until Tue 2026-11-24 00:00 UTC, then carol")

    world.clock.advance(minutes=45)  # 09:45 UTC: bob's week began at 10:30 CET
    assert section(await opened(world, ALICE), "On call").startswith(
        "*primary* · bob until Mon 2026-11-30 10:00 CET, then carol\n")
    assert section(await opened(world, CAROL), "On call").startswith(
        "*You are on call next in primary from Mon 2026-11-30 10:00 CET, and in nights from "
        "Tue 2026-11-24 00:00 UTC*\n")
    assert section(await opened(world, BOB), "On call").startswith(
        "*You are on call in primary until Mon 2026-11-30 10:00 CET*\n"
        "*primary* · bob until Mon 2026-11-30 10:00 CET, then carol\n")

    world.clock.advance(days=7, minutes=-45)  # Monday 2026-11-30 10:00 CET: carol's override
    # carol is on call in both (nights' rotation too): her rows first, both named
    assert section(await opened(world, CAROL), "On call") == (
        "*You are on call in primary until Mon 2026-11-30 12:00 CET, and in nights until Tue "
        "2026-12-01 00:00 UTC*\n"
        "*primary* · carol (override) until Mon 2026-11-30 12:00 CET, then alice\n"
        "*nights* · carol until Tue 2026-12-01 00:00 UTC, then &lt;!channel&gt;＊now＊")


async def test_many_schedules_show_ten_rows_the_viewers_first(
        tmp_path: Path, clock: FakeClock) -> None:
    many = "".join(f"  - {{name: team{n:02}, people: [{'carol' if n == 12 else 'bob'}], "
                   f"start: 2026-11-01T00:00, shift: 1w}}\n" for n in range(1, 13))
    async with FakeSlack() as slack, NetServer() as masto:
        world = World(tmp_path, clock, slack, masto, extra=UNPACED + "schedules:\n" + many)
        await world.start()
        try:
            rows = section(await opened(world, CAROL), "On call").splitlines()
        finally:
            await world.stop()
    assert rows[0] == "*You are on call in team12*"
    assert rows[1] == "*team12* · carol"  # nobody else in its rotation: no handoff to say
    assert rows[2:] == [f"*team{n:02}* · bob" for n in range(1, 10)] + ["… and 2 more"]


async def test_the_home_counts_an_override_made_in_chat(world: World) -> None:
    """Read from the store as the tab is opened, by the process that started before the
    override was made (none of it is held from its start)."""
    assert await ask(world, CAROL, SUPPORT, "oncall primary cover 1h") == (
        "O-1: carol on call in primary from Mon 2026-11-23 10:00 CET to Mon 2026-11-23 11:00 "
        "CET (drop it: oncall primary drop O-1)")
    assert section(await opened(world, CAROL), "On call").startswith(
        "*You are on call in primary until Mon 2026-11-23 11:00 CET; you are on call next in "
        "nights from Tue 2026-11-24 00:00 UTC*\n"
        "*primary* · carol (override) until Mon 2026-11-23 11:00 CET, then bob\n")
    assert section(await opened(world, ALICE), "On call").startswith(
        "*primary* · carol (override) until Mon 2026-11-23 11:00 CET, then bob\n")


async def test_the_home_says_handoffs_on_the_viewers_workspace_clock_too(
        tmp_path: Path, clock: FakeClock) -> None:
    """`oncall` says a handoff on the asker's workspace clock too (b77171c) but the App Home,
    opened in the same workspace, said it on the schedule's alone: 'alice until Mon
    2026-11-23 10:30 CET' beside tickets and drafts on New York's clock. Its rows and the
    line above them now say it as `oncall` does (a schedule on UTC, another clock, too). The
    Home writes a zone's underscore as ＿, as in every row of it (its mrkdwn escaping)."""
    async with FakeSlack() as slack, NetServer() as masto:
        nights = NIGHTS.replace('["<!channel>*now*", carol]', "[carol, alice]")
        world = World(tmp_path, clock, slack, masto, extra=UNPACED + SCHEDULES + nights)
        on_new_yorks_clock(world)
        await world.start()
        try:
            home = section(await opened(world, ALICE), "On call")
            oncall = await ask(world, ALICE, SUPPORT, "oncall primary")
        finally:
            await world.stop()
    assert oncall == ("On call: primary: alice until Mon 2026-11-23 10:30 CET (04:30 "
                      "America/New_York), then bob")
    assert home == (
        "*You are on call in primary until Mon 2026-11-23 10:30 CET (04:30 "
        "America/New＿York); you are on call next in nights from Tue 2026-11-24 00:00 UTC (Mon "
        "19:00 America/New＿York)*\n"
        "*primary* · alice until Mon 2026-11-23 10:30 CET (04:30 America/New＿York), then bob\n"
        "*nights* · carol until Tue 2026-11-24 00:00 UTC (Mon 19:00 America/New＿York), then "
        "alice")
