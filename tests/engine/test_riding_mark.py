"""A mark riding on an act (``bot.core.acting``): written by the ``Applier`` in the act's own
transaction, with the first write of the block only, and not at all by an act that writes
nothing or by a write after the block (a task the act started, which copied its context).
Its user: a Discord reaction's acted-on mark (tests/integrations/discord/
test_review_gap_act_killed.py kills a process between what were two writes). Real stores."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.acting import ActedElsewhere, riding_with_the_act
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.effects import Applier


def put(n: int) -> Effects:
    fx = Effects()
    fx.put("silence", f"s{n}", "{}")
    return fx


async def test_the_mark_rides_the_first_write_of_the_act_only(store: Store) -> None:
    applier = Applier(store)
    writes: list[Effects] = []

    async def decide() -> tuple[Effects, None]:
        writes.append(put(len(writes)))
        return writes[-1], None

    with riding_with_the_act("acted:a", 3600) as mark:
        await applier.run(decide)
        await applier.apply(put(9))  # the act's second write
    assert mark.written and await store.is_seen("acted:a")
    assert [fx.marks for fx in writes] == [[("acted:a", "1", 3600)]]


async def test_an_act_that_writes_nothing_carries_no_mark_and_none_after_it(
        store: Store) -> None:
    applier = Applier(store)

    async def nothing() -> tuple[Effects, None]:
        return Effects(), None

    later: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    async def a_task_it_started() -> None:
        await later
        await applier.apply(put(1))

    with riding_with_the_act("acted:b", 3600) as mark:
        await applier.run(nothing)
        task = asyncio.create_task(a_task_it_started())
    later.set_result(None)
    await task
    assert not mark.written and not await store.is_seen("acted:b")


async def test_a_task_the_act_started_before_its_write_never_carries_its_mark(
        store: Store) -> None:
    """A task started inside the act copies its context, the mark with it: a card delivery,
    a timer's run, begun before the act's own write (its decision read first, or conflicted
    and decided again). Its write carried the mark, and a process killed right after it (the
    act not written yet) left the reaction marked and never acted on: no session read it back
    again (a chaos review, 2026-12-07; failed before). Only the act's own task carries it."""
    applier = Applier(store)
    started: list[Effects] = []
    acts: list[Effects] = []

    async def a_task_it_started() -> None:
        started.append(put(1))
        await applier.apply(started[-1])

    async def decide() -> tuple[Effects, None]:
        acts.append(put(2))
        return acts[-1], None

    with riding_with_the_act("acted:c", 3600) as mark:
        await asyncio.create_task(a_task_it_started())  # written before the act's own
        killed_here = await store.is_seen("acted:c")
        await applier.run(decide)
    assert not killed_here  # the mark without its act
    assert [fx.marks for fx in started] == [[]]
    assert [fx.marks for fx in acts] == [[("acted:c", "1", 3600)]]
    assert mark.written and await store.is_seen("acted:c")


async def test_a_first_write_that_conflicts_leaves_no_mark_and_the_retry_carries_it(
        store: Store) -> None:
    """The act's first write refused (another process changed what it read): the store wrote
    none of it, its mark neither, and the decision made again carries it. A process killed
    between the two leaves the reaction unmarked, read back and acted on at the next
    session."""
    applier = Applier(store)
    first = Effects()
    first.swap("silence", "x", '{"version": 0}', version=0, expected=None)
    assert await store.apply(first)
    attempts: list[Effects] = []
    unmarked_after_the_conflict: list[bool] = []

    async def decide() -> tuple[Effects, None]:
        if attempts:  # decided again: the conflict wrote no mark
            unmarked_after_the_conflict.append(not await store.is_seen("acted:d"))
        fx = Effects()
        fx.swap("silence", "x", f'{{"version": {len(attempts) + 1}}}',
                version=len(attempts) + 1, expected=len(attempts))
        attempts.append(fx)
        if len(attempts) == 1:  # another process's write lands between read and write
            other = Effects()
            other.swap("silence", "x", '{"version": 1}', version=1, expected=0)
            assert await store.apply(other)
        return fx, None

    with riding_with_the_act("acted:d", 3600) as mark:
        await applier.run(decide)
    assert len(attempts) == 2 and unmarked_after_the_conflict == [True]
    assert mark.written and await store.is_seen("acted:d")


async def test_a_once_mark_another_process_wrote_meanwhile_stops_the_act_unwritten(
        store: Store) -> None:
    """A Slack event's done mark (``once``): a process holding the event past its lease
    while another took it over and acted (a stall, not a death) writes none of its act."""
    applier = Applier(store)
    decided = 0

    async def decide() -> tuple[Effects, None]:
        nonlocal decided
        decided += 1
        if decided == 1:
            await store.mark_seen("event:slack:Ev1", 3600)  # the other process's act
        return put(decided), None

    with (riding_with_the_act("event:slack:Ev1", 3600, once=True) as mark,
          pytest.raises(ActedElsewhere)):
        await applier.run(decide)
    assert not mark.written and decided == 1
    assert await store.get_raw("silence", "s1") is None
