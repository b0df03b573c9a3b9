"""On-call overrides made in chat by two processes whose decisions interleave, on a real
SQLite file and a real redis-server (two store connections, as two processes hold): the second
process's whole change lands between the first's reads. The first must still refuse the
overlap, never make a second override for the same hours (one person on call at a time)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest

from bot.core.config import PersonConfig, ScheduleConfig
from bot.core.oncall import schedules
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.overrides import OverrideDesk
from tests.conftest import FakeClock

PRIMARY = ScheduleConfig.model_validate({
    "name": "primary", "people": ["alice", "bob"], "start": "2026-11-16T10:30", "shift": "1w",
    "timezone": "Europe/Berlin"})


class Between:
    """A store's reads where, once, ``meanwhile`` runs whole right after the read named."""

    def __init__(self, store: Store, after: Callable[[str, str], bool]) -> None:
        self.store, self.after = store, after
        self.meanwhile: Callable[[], Awaitable[object]] | None = None

    async def _then(self, *read: str) -> None:
        if self.meanwhile is not None and self.after(*read):
            run, self.meanwhile = self.meanwhile, None
            await run()

    async def list_raw(self, kind: str) -> list[str]:
        found = await self.store.list_raw(kind)
        await self._then("list", kind)
        return found

    async def get_raw(self, kind: str, record_id: str) -> str | None:
        found = await self.store.get_raw(kind, record_id)
        await self._then("get", kind)
        return found

    async def next_number(self, counter: str) -> int:
        return await self.store.next_number(counter)


def desk(reads: object, store: Store, clock: FakeClock) -> OverrideDesk:
    return OverrideDesk(reads, Applier(store), clock=clock,  # type: ignore[arg-type]
                        directory=Directory([PersonConfig(id=p) for p in ("alice", "bob")]),
                        audit=Audit(clock=clock), channels={})


@pytest.mark.parametrize("after", [("list", "override"), ("get", "overridegen")])
async def test_a_cover_landing_between_the_reads_of_another_is_not_overlapped(
        two_stores: tuple[Store, Store], clock: FakeClock, after: tuple[str, str]) -> None:
    """Bob's `cover 1h` is decided in full, written and answered while alice's `cover 2h` is
    between two of its reads (after the overrides, or after the change number): alice's is
    refused naming bob's, whichever read it had done."""
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 CET
    store_a, store_b = two_stores
    reads = Between(store_a, lambda op, kind: (op, kind) == after)
    primary = schedules([PRIMARY])["primary"]
    bobs = desk(store_b, store_b, clock)
    answers: list[str] = []

    async def bob_covers() -> None:
        answers.append((await bobs.reply(primary, "cover", "1h", "bob")).text)

    reads.meanwhile = bob_covers
    alices = await desk(reads, store_a, clock).reply(primary, "cover", "2h", "alice")
    assert reads.meanwhile is None  # bob's ran in between
    assert answers[0].startswith("O-1: bob on call in primary"), answers
    assert not alices.ok and alices.text.startswith("overlaps O-1 (bob, "), alices.text
    assert len(await store_a.list_raw("override")) == 1



async def test_a_change_stalled_across_many_changes_decides_again_and_wedges_nothing(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    """Alice's `cover 2h` read the schedule's change number, then stalled while bob made and
    dropped 30 covers. Her write must conflict and decide again, and every change after it
    must land: had the old numbers' reservations been deleted (a version of 2026-12-01 kept
    the last 20), her write wrote an old number back, and once the changes after it reached
    the numbers still reserved, every change of the schedule conflicted for ever."""
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    store_a, store_b = two_stores
    reads = Between(store_a, lambda op, kind: (op, kind) == ("get", "overridegen"))
    primary = schedules([PRIMARY])["primary"]
    bobs = desk(store_b, store_b, clock)

    async def cover_and_drop(times: int) -> None:
        for _ in range(times):
            made = await bobs.reply(primary, "cover", "1h", "bob")
            assert made.ok, made.text
            dropped = await bobs.reply(primary, "drop", made.text.split(":")[0], "bob")
            assert dropped.ok, dropped.text

    reads.meanwhile = lambda: cover_and_drop(30)
    alices = await desk(reads, store_a, clock).reply(primary, "cover", "2h", "alice")
    assert reads.meanwhile is None and alices.ok, alices.text
    dropped = await bobs.reply(primary, "drop", alices.text.split(":")[0], "alice")
    assert dropped.ok, dropped.text
    await cover_and_drop(30)
