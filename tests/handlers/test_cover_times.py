"""`oncall <schedule> cover <when>` read through the override desk (handlers.overrides) on a
real SQLite file, as chat's verb reaches it: the times people type (a whole day on a day whose
midnight the clocks skip, the forms calendars and PagerDuty write), and the confirmation said
on the schedule's clock and on the asker's."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.config import PersonConfig, ScheduleConfig
from bot.core.oncall import Schedule
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.overrides import OverrideDesk
from tests.conftest import FakeClock


def schedule(zone: str) -> Schedule:
    return Schedule(ScheduleConfig.model_validate({
        "name": "primary", "people": ["alice", "bob"], "start": "2026-01-05T09:00",
        "shift": "1w", "timezone": zone}))


def desk(store: Store, clock: FakeClock) -> OverrideDesk:
    return OverrideDesk(store, Applier(store), clock=clock,
                        directory=Directory([PersonConfig(id=p) for p in ("alice", "bob")]),
                        audit=Audit(clock=clock), channels={})


async def test_a_whole_day_whose_midnight_the_clocks_skip_is_covered_from_the_jump(
        sqlite_store: Store, clock: FakeClock) -> None:
    """Santiago's clocks go from 00:00 to 01:00 on Sunday 2026-09-06: Sunday begins at the
    jump (04:00 UTC, 01:00 -03), and `cover sun 00:00 to 24:00` was refused ('00:00 never
    comes'), as were `tomorrow 00:00 to 00:00` (the docs' sick day) and the ISO form. Each is
    Sunday whole: the jump to Monday's 00:00, 23 hours."""
    clock.now = datetime(2026, 9, 5, 12, 0, tzinfo=UTC)  # Saturday 08:00 in Santiago
    s = schedule("America/Santiago")
    for typed in ("sun 00:00 to 24:00", "tomorrow 00:00 to 00:00", "sun 00:00-24:00",
                  "2026-09-06T00:00 to 2026-09-06T24:00"):
        reply = await desk(sqlite_store, clock).reply(s, "cover", typed, "alice")
        assert reply.ok, (typed, reply.text)
        assert "from Sun 2026-09-06 01:00 -03 to Mon 2026-09-07 00:00 -03" in reply.text, (
            typed, reply.text)
        oid = reply.text.split(":")[0]
        assert (await desk(sqlite_store, clock).reply(s, "drop", oid, "alice")).ok
    # Saturday ends at the jump too: `sat 22:00-00:00` as `sat 22:00-24:00`
    reply = await desk(sqlite_store, clock).reply(s, "cover", "sat 22:00-00:00", "alice")
    assert "from Sat 2026-09-05 22:00 -04 to Sun 2026-09-06 01:00 -03" in reply.text, reply.text
    # a skipped time that is no midnight is still refused, saying what to write
    reply = await desk(sqlite_store, clock).reply(s, "cover", "sun 00:30 to 09:00", "alice")
    assert not reply.ok and "00:30 never comes in America/Santiago" in reply.text
