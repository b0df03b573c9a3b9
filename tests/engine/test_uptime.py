"""The outage record (bot/engine/uptime.py) and the timer op that moves a digest's window
sooner, on a real SQLite file and a real redis-server, with two processes' connections."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.ports import DueTimer, Store
from bot.engine.effects import Applier
from bot.engine.uptime import MOST, OUTAGE_AFTER, Uptime, parse_outages
from tests.conftest import FakeClock

T0 = datetime(2026, 12, 3, 9, 10, tzinfo=UTC)


def uptime(store: Store, clock: FakeClock) -> Uptime:
    return Uptime(store, Applier(store), clock=clock)


async def ran(store: Store, clock: FakeClock) -> Uptime:
    """A process started, its timer loop's first beat written."""
    up = uptime(store, clock)
    await up.starting()
    await up.beat()
    return up


async def test_an_outage_is_the_span_no_process_beat(two_stores: tuple[Store, Store],
                                                    clock: FakeClock) -> None:
    a, b = two_stores
    clock.now = T0
    first = await ran(a, clock)  # a fresh store: nothing known, the first beat
    assert first.outages == []
    for _ in range(10):  # running: its timer loop beats every minute (a gap of its own longer
        clock.advance(minutes=1)  # than OUTAGE_AFTER is an outage: test_a_suspended_...)
        await first.beat()
    clock.advance(hours=3)  # every process stopped at 09:20
    second = uptime(b, clock)
    await second.starting()
    assert second.down_at(T0 + timedelta(hours=1))  # 10:10: nobody ran
    assert not second.down_at(T0 + timedelta(minutes=5))  # 09:15: the first ran
    assert not second.down_at(clock() + timedelta(minutes=1))  # now: this one runs
    assert len(second.outages) == 1


async def test_a_restart_within_the_beat_is_no_outage(two_stores: tuple[Store, Store],
                                                      clock: FakeClock) -> None:
    a, b = two_stores
    clock.now = T0
    await ran(a, clock)
    clock.now += OUTAGE_AFTER - timedelta(seconds=1)
    again = uptime(b, clock)
    await again.starting()
    assert again.outages == []


async def test_another_process_beating_meanwhile_is_no_outage(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    """Process A stopped at 09:10 for three hours, B ran all along: the bot was running."""
    a, b = two_stores
    clock.now = T0
    await ran(a, clock)
    running = await ran(b, clock)
    for _ in range(3 * 60):
        clock.advance(minutes=1)
        await running.beat()
    back = uptime(a, clock)
    await back.starting()
    assert back.outages == []


async def test_two_processes_starting_after_one_outage_record_it_once(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    a, b = two_stores
    clock.now = T0
    await ran(a, clock)
    clock.advance(hours=2)
    one, two = uptime(a, clock), uptime(b, clock)
    await one.starting()
    await one.beat()
    await two.starting()  # it finds the beat ``one`` wrote: nothing new, the one span known
    assert one.outages == two.outages and len(two.outages) == 1
    assert parse_outages(await a.get_cursor(K.OUTAGES)) == two.outages


async def test_killed_between_the_record_and_the_beat(store: Store, clock: FakeClock) -> None:
    """A process killed after writing the outage but before its beat: the next start finds
    the same last beat, and keeps one span, to the later start."""
    clock.now = T0
    await ran(store, clock)
    clock.advance(hours=2)
    killed = uptime(store, clock)
    killed.beat = _never  # type: ignore[method-assign]  # the kill, at the beat's write
    await killed.starting()
    clock.advance(minutes=3)
    back = uptime(store, clock)
    await back.starting()
    assert back.outages == [(T0.timestamp(), clock().timestamp())]


async def _never() -> None:
    return None


async def test_old_and_many_outages_are_pruned(store: Store, clock: FakeClock) -> None:
    clock.now = T0
    fx = Effects()
    old = [[T0.timestamp() - 86400 * 60, T0.timestamp() - 86400 * 59]]
    many = [[T0.timestamp() - 3600 * (i + 2), T0.timestamp() - 3600 * (i + 1.5)]
            for i in range(MOST + 20)]
    fx.cursors[K.OUTAGES] = json.dumps(old + many)
    fx.cursors[K.ALIVE] = repr(T0.timestamp())
    await Applier(store).apply(fx)
    up = uptime(store, clock)
    await up.starting()
    assert len(up.outages) == MOST and old[0][0] not in [s[0] for s in up.outages]
    assert up.outages[-1][1] == many[0][1]  # the latest kept


async def test_a_damaged_record_is_read_as_none(store: Store, clock: FakeClock) -> None:
    clock.now = T0
    fx = Effects()
    fx.cursors[K.OUTAGES] = "[[1, " + "[" * 100_000
    fx.cursors[K.ALIVE] = "not a time"
    await Applier(store).apply(fx)
    up = uptime(store, clock)
    await up.starting()
    assert up.outages == []
    assert parse_outages('[[2, 1], ["x", 3], [1, 2, 3], {"a": 1}, [5, 9]]') == [(5.0, 9.0)]


async def test_sooner_moves_a_timer_only_earlier(store: Store, clock: FakeClock) -> None:
    clock.now = T0
    at = T0 + timedelta(hours=4)

    async def op(due: datetime, payload: str, *, sooner: bool) -> None:
        fx = Effects()
        if sooner:
            fx.sooner("digest:g", due, payload)
        else:
            fx.schedule("digest:g", due, payload, once=True)
        await Applier(store).apply(fx)

    await op(at, "13:00", sooner=False)
    await op(at - timedelta(hours=2), "11:00", sooner=True)
    assert await store.timer_due("digest:g") == at - timedelta(hours=2)
    await op(at - timedelta(hours=1), "12:00", sooner=True)  # later: left as it was
    await op(at - timedelta(hours=3), "10:00", sooner=True)
    assert await store.timer_due("digest:g") == at - timedelta(hours=3)
    clock.now = at
    taken = await store.take_due(clock(), lease_seconds=60)
    assert [t.payload for t in taken] == ["10:00"]
    await op(at + timedelta(hours=1), "14:00", sooner=True)  # leased, due later: kept
    assert not await store.take_due(clock(), lease_seconds=60)
    fx = Effects()
    fx.sooner("digest:new", at, "new")  # unarmed: armed
    await Applier(store).apply(fx)
    assert await store.timer_due("digest:new") == at


async def test_a_long_run_of_due_timers_keeps_beating(two_stores: tuple[Store, Store],
                                                      clock: FakeClock) -> None:
    """A process firing a long run of due timers (after an outage, every subscription's late
    digest, each summarised by a model that takes its time) is running: its beat was written
    only before the first, and a process started meanwhile found no beat for over 5 minutes
    and kept a span the bot ran as an outage (a later post of that span then armed a window
    another card had already covered, said "posted late: the bot was not running")."""
    from bot.engine.timers import Timers

    a, b = two_stores
    clock.now = T0
    running = uptime(a, clock)
    await running.starting()
    timers = Timers(a, clock=clock, beat=running.beat)

    async def slow(timer: DueTimer) -> None:
        clock.advance(minutes=2)  # the summary's model answers
        done = Effects()
        done.complete(timer.id, timer.token)
        assert await Applier(a).apply(done)

    timers.register(K.DIGEST_FLUSH, slow)
    fx = Effects()
    for n in range(5):
        fx.schedule(K.timer(K.DIGEST_FLUSH, f"sub{n}"), T0, "{}")
    await Applier(a).apply(fx)
    assert await timers.fire_due() == 5
    starting = uptime(b, clock)
    await starting.starting()
    assert starting.outages == [], starting.outages


async def test_a_process_that_dies_while_starting_did_not_run(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    """A crash loop after a bad deploy: systemd starts the bot every minute for three hours,
    and each start dies in ``App.start`` after the outage record is read (the router's rules
    refused, the Redis stream's group missing, the models not loading). No post was read, no
    timer fired: the bot was down. Each of those starts wrote a beat, so the start that
    finally ran found the last beat a minute old: no outage, and every window that ended in
    those three hours had its posts folded into the window open then."""
    a, b = two_stores
    clock.now = T0
    running = uptime(a, clock)
    await running.starting()
    await running.beat()  # its timer loop ran
    for _ in range(3 * 60):
        clock.advance(minutes=1)
        await uptime(b, clock).starting()  # and died there
    clock.advance(minutes=1)
    back = uptime(a, clock)
    await back.starting()
    assert back.down_at(T0 + timedelta(hours=1)), back.outages
    assert back.outages == [(T0.timestamp(), clock().timestamp())], back.outages


async def test_a_suspended_process_records_the_outage_at_its_next_beat(
        two_stores: tuple[Store, Store], clock: FakeClock) -> None:
    """The only process suspended for two hours (its VM paused): at its next beat the span is
    an outage, kept for the processes that start later; another beating meanwhile, none."""
    a, b = two_stores
    clock.now = T0
    first = await ran(a, clock)
    clock.advance(hours=2)
    await first.beat()
    assert first.down_at(T0 + timedelta(hours=1))
    assert not first.down_at(clock() + timedelta(minutes=1))
    later = uptime(b, clock)
    await later.starting()
    assert later.down_at(T0 + timedelta(hours=1))
    known = len(first.outages)
    other = await ran(b, clock)  # a second process beats while the first is suspended again
    for _ in range(10):
        clock.advance(minutes=1)
        await other.beat()
    await first.beat()
    assert len(first.outages) == known  # one process ran its timers meanwhile: no outage
