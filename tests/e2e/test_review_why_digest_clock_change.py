"""``why`` of a post waiting in a digest whose window the clocks change within, as a marketing
lead in Warsaw (or on Lord Howe Island) asks it in Slack the night the clocks go back (signed
requests through bolt, the real app on a SQLite file or a real redis-server, injected clock).

The late card names such a window with each end's zone abbreviation (``02:00 CEST-02:00 CET
Europe/Warsaw``, docs/rules.md, Digests), but ``why`` of a post waiting in it said
``02:00-02:00 Europe/Warsaw``: a window of no length, and not the name its card would give it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_review_missed_digest_windows import RULES, tick_until_quiet
from tests.e2e.test_review_why_digest import digest_line
from tests.e2e.world import DAVE, SALES, UNPACED, World, redis_url_if, running_world

# 02:40 CEST the night Warsaw's clocks go back from 03:00 CEST to 02:00 CET (01:00 UTC): the
# hourly window open then is 02:00 CEST to 02:00 CET
WARSAW = ("Europe/Warsaw", datetime(2026, 10, 25, 0, 40, tzinfo=UTC),
          "02:00 CEST-02:00 CET Europe/Warsaw")
# 01:20 (+11) the night Lord Howe's clocks go back half an hour (02:00 +11 to 01:30 +1030): its
# hourly window open then is 01:00 to 02:00, 90 minutes, its ends on two offsets
LORD_HOWE = ("Australia/Lord_Howe", datetime(2026, 4, 4, 14, 20, tzinfo=UTC),
             "01:00 +11-02:00 +1030 Australia/Lord_Howe")


@pytest.fixture(params=["sqlite", "redis"])
async def store(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


@pytest.fixture(params=[WARSAW, LORD_HOWE], ids=["warsaw", "lord_howe"])
def night(request: pytest.FixtureRequest) -> tuple[str, datetime, str]:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def clock(night: tuple[str, datetime, str]) -> FakeClock:
    return FakeClock(night[1])


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock, night: tuple[str, datetime, str],
                store: tuple[str, str | None]) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, rules=RULES, extra=UNPACED, zone=night[0],
                             store=store[0], redis_url=store[1], armed=True) as w:
        yield w


def window_of(world: World) -> str:
    """The Window field of the one late digest card in #sales."""
    shown = [json.dumps(m, ensure_ascii=False) for m in world.posts(SALES)]
    cards = [s for s in shown if "Digest for" in s]
    assert len(cards) == 1, shown
    card = json.loads(cards[0])
    values = [f["text"] for b in card["blocks"] for f in b.get("fields", ())]
    return next(v.split(", posted late")[0] for v in values if "posted late" in v)


async def test_why_names_the_window_as_its_late_card_does(
        world: World, clock: FakeClock, night: tuple[str, datetime, str]) -> None:
    await tick_until_quiet(world)
    await world.mention("acme login broken", n=1)
    waiting = digest_line(await ask(world, DAVE, SALES, "why mastodon:1"))
    # before: "(hourly, 02:00-02:00 Europe/Warsaw)", "(hourly, 01:00-02:00 Australia/Lord_Howe)"
    assert f"(hourly, {night[2]})" in waiting, waiting
    # the card it is posted in, late (the bot stopped for three hours), names it so
    clock.advance(minutes=10)
    await tick_until_quiet(world)
    await world.stop()
    clock.advance(hours=3)
    await world.start()
    await world.a.start()
    await tick_until_quiet(world)
    assert window_of(world) == night[2]
    posted = digest_line(await ask(world, DAVE, SALES, "why mastodon:1"))
    assert f"its card for {night[2]}, posted late" in posted, posted
