"""A digest timer armed sooner while a flush holds it (a review of the outage record, real
SQLite file or real redis-server, injected clock).

After an outage, the poll's batches and the timer loop run at once (two tasks of one process,
or two processes started after the same outage). The timer loop leased the 09:00-10:00
window's timer and was flushing it (a digest's summary awaits its model) when the next batch
read a post of 10:00-11:00: ``sooner`` moved the leased timer to 10:00-11:00's end, the flush's
write was refused (its lease's token gone), and the timer fired again with the later window:
the 09:00-10:00 card never went out, its post folded into a card labelled 10:00-11:00, where
docs/rules.md (Digests) says each window the bot was down through has a card of its own, with
the posts written in it.

The store fixtures (``clock``, ``world`` on each backend) are the missed windows' module's.
"""

from __future__ import annotations

from bot.core import keys as K
from bot.engine.effects import TimerLost
from tests.conftest import FakeClock
from tests.e2e.test_review_missed_digest_windows import (  # noqa: F401 (fixtures)
    BACKLOG,
    _check,
    clock,
    digests,
    read_backlog,
    run_bot,
    tick_until_quiet,
    world,
)
from tests.e2e.world import World


async def test_a_window_armed_sooner_while_its_timer_is_leased_keeps_its_own_card(
        world: World, clock: FakeClock) -> None:  # noqa: F811
    await world.a.start()  # 09:10: running, its timer loop's beat written
    await tick_until_quiet(world)
    clock.advance(minutes=10)  # 09:20: the bot stops
    await world.stop()
    clock.advance(hours=3, minutes=30)  # 12:50: back
    await run_bot(world)
    await tick_until_quiet(world)  # the recurring timers' first beat
    await read_backlog(world, BACKLOG[:1])  # the first batch: 09:40, armed at 10:00
    taken = await world.a.store.take_due(clock(), lease_seconds=60, limit=1)
    assert [K.timer_kind(t.id) for t in taken] == [K.DIGEST_FLUSH], taken
    # the next batch, read while the timer loop flushes 09:00-10:00
    await read_backlog(world, BACKLOG[1:3])
    try:
        await world.a.timers.handlers[K.timer_kind(taken[0].id)](taken[0])
    except TimerLost:
        pass  # the timer loop logs it; the timer fires again
    await tick_until_quiet(world)
    _check(digests(world), late=[("09:00-10:00", ["9:40"]), ("10:00-11:00", ["10:30"]),
                                 ("11:00-12:00", ["11:30"])])
