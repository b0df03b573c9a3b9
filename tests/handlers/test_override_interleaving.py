"""On-call overrides made in chat by two processes whose decisions interleave, on a real
SQLite file and a real redis-server (two store connections, as two processes hold): the second
process's whole change lands between the first's reads. The first must still refuse the
overlap, never make a second override for the same hours (one person on call at a time)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.config import PersonConfig, ScheduleConfig, StoreConfig
from bot.core.oncall import schedules
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.store import open_store
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.overrides import GENERATION, GENERATIONS_KEPT, OverrideDesk
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


@pytest.fixture(params=["sqlite", "redis"])
async def two(request: pytest.FixtureRequest, tmp_path: Path,
              clock: FakeClock) -> AsyncIterator[tuple[Store, Store]]:
    if request.param == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    first = await open_store(cfg, redis_url=url, clock=clock)
    second = await open_store(cfg, redis_url=url, clock=clock)
    yield first, second
    await first.close()
    await second.close()


def desk(reads: object, store: Store, clock: FakeClock) -> OverrideDesk:
    return OverrideDesk(reads, Applier(store), clock=clock,  # type: ignore[arg-type]
                        directory=Directory([PersonConfig(id=p) for p in ("alice", "bob")]),
                        audit=Audit(clock=clock), channels={})


@pytest.mark.parametrize("after", [("list", "override"), ("get", "overridegen")])
async def test_a_cover_landing_between_the_reads_of_another_is_not_overlapped(
        two: tuple[Store, Store], clock: FakeClock, after: tuple[str, str]) -> None:
    """Bob's `cover 1h` is decided in full, written and answered while alice's `cover 2h` is
    between two of its reads (after the overrides, or after the change number): alice's is
    refused naming bob's, whichever read it had done."""
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 CET
    store_a, store_b = two
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


async def test_a_schedules_change_numbers_are_not_kept_for_ever(
        two: tuple[Store, Store], clock: FakeClock) -> None:
    """Each change of a schedule's overrides reserves its number (``overridegen``), which was
    never deleted: a record a change for ever. The numbers of the last ``GENERATIONS_KEPT``
    changes are kept; the next change still conflicts with one racing it."""
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    store, _ = two
    primary = schedules([PRIMARY])["primary"]
    alices = desk(store, store, clock)
    changes = 2 * (GENERATIONS_KEPT + 5)  # a cover and its drop, each a change
    for _ in range(GENERATIONS_KEPT + 5):
        made = await alices.reply(primary, "cover", "1h", "alice")
        assert made.ok, made.text
        dropped = await alices.reply(primary, "drop", made.text.split(":")[0], "alice")
        assert dropped.ok, dropped.text
    kept = [n for n in range(1, changes + 1)
            if await store.get_raw(GENERATION, f"primary@{n}") is not None]
    assert kept == list(range(changes - GENERATIONS_KEPT + 1, changes + 1))
