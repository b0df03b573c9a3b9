"""A time typed as gone by (`at="2h ago"`, `schedule A-1 "30 minutes ago"`, `snooze T-1 until
1d ago`) was answered "'ago' is not a time zone; use a name such as UTC or Europe/Berlin": the
last word read as a zone's name, the writer told to fix a zone they never typed. It is refused
as the past it names, saying what to type; a part of a day (`tomorrow morning`, read as a zone
named `morning` too) is answered with a time to write. Slack's signed requests through bolt, the
workspace on Berlin's clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, MARKETING, SUPPORT, UNPACED, World, running_world


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED, zone="Europe/Berlin") as w:
        yield w


@pytest.mark.parametrize("typed", ["2h ago", "2 hours ago", "1d Ago"])
async def test_a_time_gone_by_is_refused_as_past(world: World, typed: str) -> None:
    said = await ask(world, ALICE, MARKETING, f'draft mastodon masto at="{typed}" Launch day')
    assert said == (f"'{typed}' is in the past: a time ago has gone by; give a time to come "
                    "(in 2h, tomorrow 9am), or `off` to publish as soon as it is approved"), said
    assert await world.a.store.list_approvals() == []
    assert (await ask(world, ALICE, MARKETING, "draft mastodon masto Launch day")
            ).startswith("A-1 drafted")
    said = await ask(world, ALICE, MARKETING, f'schedule A-1 "{typed}"')
    assert said.startswith(f"'{typed}' is in the past: a time ago has gone by"), said


async def test_a_snooze_until_a_time_gone_by_is_refused_as_past(world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    said = await ask(world, ALICE, SUPPORT, "snooze T-1 until 1h ago")
    assert "'1h ago' is in the past: a time ago has gone by" in said, said
    assert "time zone" not in said, said


@pytest.mark.parametrize(("typed", "write"), [
    ("tomorrow morning", "tomorrow 9am"), ("this evening", "today 6pm"),
    ("fri afternoon", "fri 2pm"), ("friday night", "friday 9pm")])
async def test_a_part_of_a_day_is_answered_with_a_time_to_write(world: World, typed: str,
                                                                write: str) -> None:
    """`at="tomorrow morning"` was answered "'morning' is not a time zone; use a name such
    as UTC or Europe/Berlin"; it names no time on the clock, and is answered with one."""
    said = await ask(world, ALICE, MARKETING, f'draft mastodon masto at="{typed}" Launch day')
    word = typed.rsplit(maxsplit=1)[-1]
    assert said == (f"'{typed}' names no time on the clock: write {write}, or the time of the "
                    f"{word} you mean"), said
    assert await world.a.store.list_approvals() == []
