"""The incident state of a channel's dead deliveries (``Outbox._incident``, ``_resolve``,
``keys.dead_incidents``) across real processes on one SQLite file and one redis-server
(``tests.chaos.incident_proc``). A channel's edit lane has a lease of its own, so process a
gives up its edit while process b gives up a new card of the same channel: each read the
state, and the later write took the earlier's place (the incident counted one, a second
"failed for good" notice). Now the state is written only if it is still what was read, read
again otherwise. A process killed right after each of its writes (its claim, each give-up)
leaves every card given up once and counted once, told in one notice, by the process after
it."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core import keys as K
from bot.core.cards import Card, OutboxItem
from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.store import open_store
from tests.chaos.incident_proc import DIED, deliver, outbox
from tests.chaos.test_ticket_lines import START
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[2]
LATE = START + timedelta(minutes=2)  # past give_up_after_minutes: each failure gives up
LEASE = 30


def _proc(tmp: Path, backend: str, where: str, owner: str, now: str, hold: str = "-",
          at: str = "none") -> list[str]:
    return [sys.executable, "-m", "tests.chaos.incident_proc", backend, where, owner, now,
            hold, at]


def _env(tmp: Path, record: str = "broken") -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            "PYTHONPATH": str(ROOT), "INCIDENT_BROKEN": str(tmp / record),
            "INCIDENT_OPS": str(tmp / "ops.jsonl")}


def _run(tmp: Path, *args: str, record: str = "broken") -> subprocess.CompletedProcess[bytes]:
    """A process run to its end (or its death); ``record``: ws's record path, in ``tmp``
    (``broken``: a directory, every card fails; another name: a file, cards go out)."""
    return subprocess.run(_proc(tmp, *args), cwd=ROOT, capture_output=True, timeout=60,
                          check=False, env=_env(tmp, record))


async def _ran(tmp: Path, backend: str, where: str, owner: str, now: str, *,
               record: str = "broken") -> None:
    """A run to its end that neither holds nor dies, as ``_run``'s process would make it, in
    this process (a process of its own adds nothing there: the one before it is dead or held,
    and it has its own store connection, clock and lease owner): an interpreter fewer."""
    await deliver(backend, where, owner, now, "-", "none", broken=tmp / record,
                  ops=tmp / "ops.jsonl")


def _item(key: str, card: str, title: str, *, update: bool = False) -> OutboxItem:
    return OutboxItem.new(key=key, workspace="ws", channel="C1",
                          card=Card(kind="alert", key=card, title=title), now=START,
                          update=update)


async def _queue(store: Store, *items: OutboxItem) -> None:
    fx = Effects()
    for item in items:
        fx.send(item)
    assert await store.apply(fx)


async def _world(tmp: Path, backend: str, redis: RedisServer | None
                 ) -> tuple[Store, FakeClock, str]:
    """The store, and card A-1 shown in ws/C1 (its edit then goes in the edit lane)."""
    (tmp / "broken").mkdir()
    clock = FakeClock(START)
    if redis is None:
        where = str(tmp / "s.db")
        store = await open_store(StoreConfig(backend="sqlite", path=where), redis_url=None,
                                 clock=clock)
    else:
        redis.flushall()
        where = redis.url
        store = await open_store(StoreConfig(backend="redis"), redis_url=where, clock=clock)
    await _queue(store, _item("A-1@C1", "A-1", "alert 1"))
    shown = outbox(store, clock, owner="first", broken=tmp / "shown.jsonl", ops=tmp / "ops.jsonl")
    assert await shown.drain() == 1
    return store, clock, where


async def _told(store: Store, clock: FakeClock, tmp: Path) -> list[dict[str, object]]:
    """The ops channel as shown once its notices are delivered (the last text of each)."""
    clock.now = LATE + timedelta(seconds=LEASE + 1)
    await outbox(store, clock, owner="ops", broken=tmp / "broken",
                 ops=tmp / "ops.jsonl").drain()
    last: dict[str, dict[str, object]] = {}
    for line in (tmp / "ops.jsonl").read_text().splitlines():
        row = json.loads(line)
        last[str(row["key"])] = row
    return list(last.values())


async def _counted(store: Store) -> list[int]:
    state = json.loads(await store.get_cursor(K.dead_incidents("ws", "C1")) or "{}")
    return [int(inc["n"]) for inc in state.get("open", {}).values()]


def _redis(backend: str, request: pytest.FixtureRequest) -> RedisServer | None:
    return request.getfixturevalue("redis_server") if backend == "redis" else None


@pytest.mark.untimed  # two processes, one held at its read while the other runs
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_two_processes_giving_up_in_two_lanes_of_a_channel_count_both(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    store, clock, where = await _world(tmp_path, backend, _redis(backend, request))
    try:
        await _queue(store, _item("A-1@C1#2", "A-1", "alert 1, edited", update=True))
        hold = tmp_path / "hold"
        a = subprocess.Popen(_proc(tmp_path, backend, where, "a", LATE.isoformat(), str(hold)),
                             cwd=ROOT, env=_env(tmp_path), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        try:
            for _ in range(600):  # process a read the state, its edit lane claimed
                if Path(f"{hold}.read").exists() or a.poll() is not None:
                    break
                await asyncio.sleep(0.05)
            assert Path(f"{hold}.read").exists(), a.communicate()[1].decode()[-3000:]
            await _queue(store, _item("A-2@C1", "A-2", "alert 2"))
            await _ran(tmp_path, backend, where, "b", LATE.isoformat())
            hold.touch()
            _, err = a.communicate(timeout=60)
            assert a.returncode == 0, err.decode()[-3000:]
        finally:
            if a.poll() is None:
                a.kill()
        assert len(await store.list_outbox(status="dead")) == 2
        assert await _counted(store) == [2]
        told = await _told(store, clock, tmp_path)
        assert len(told) == 1, told  # one incident, one notice
        assert "2 cards to C1 given up since" in str(told[0]["text"]), told
    finally:
        await store.close()


@pytest.mark.untimed  # one process dies at a named write, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("at", ["claim_due", "retry_later/1", "retry_later/2"])
async def test_killed_after_each_write_every_card_is_counted_once_in_one_notice(
        tmp_path: Path, backend: str, at: str, request: pytest.FixtureRequest) -> None:
    store, clock, where = await _world(tmp_path, backend, _redis(backend, request))
    try:
        await _queue(store, _item("A-1@C1#2", "A-1", "alert 1, edited", update=True),
                     _item("A-2@C1", "A-2", "alert 2"))
        a = _run(tmp_path, backend, where, "a", LATE.isoformat(), "-", at)
        assert a.returncode == DIED, a.stderr.decode()[-3000:]
        after = (LATE + timedelta(seconds=LEASE + 1)).isoformat()  # a's leases lapsed
        await _ran(tmp_path, backend, where, "b", after)
        assert sorted(i.key for i in await store.list_outbox(status="dead")) == [
            "A-1@C1#2", "A-2@C1"]
        assert await _counted(store) == [2]
        told = await _told(store, clock, tmp_path)
        assert len(told) == 1, told
        assert "2 cards to C1 given up since" in str(told[0]["text"]), told
    finally:
        await store.close()


@pytest.mark.untimed  # one process dies at a named write, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("at", ["claim_due", "finish"])
async def test_killed_after_each_write_of_the_delivery_that_ends_it_the_end_is_told_once(
        tmp_path: Path, backend: str, at: str, request: pytest.FixtureRequest) -> None:
    store, clock, where = await _world(tmp_path, backend, _redis(backend, request))
    try:
        await _queue(store, _item("A-2@C1", "A-2", "alert 2"))
        await _ran(tmp_path, backend, where, "a", LATE.isoformat())  # given up
        assert await _counted(store) == [1]
        await _queue(store, _item("A-3@C1", "A-3", "alert 3"))  # the channel works again
        b = _run(tmp_path, backend, where, "b", LATE.isoformat(), "-", at, record="ws.jsonl")
        assert b.returncode == DIED, b.stderr.decode()[-3000:]
        after = (LATE + timedelta(seconds=LEASE + 1)).isoformat()  # b's leases lapsed
        await _ran(tmp_path, backend, where, "c", after, record="ws.jsonl")
        assert await _counted(store) == []
        told = await _told(store, clock, tmp_path)
        texts = [str(r["text"]) for r in told]
        assert len(told) == 2, texts
        assert "work again: 1 given up meanwhile" in texts[1], texts
        assert [r["key"] for r in map(json.loads, (tmp_path / "ws.jsonl").read_text()
                                      .splitlines())] == ["A-3"], "A-3 shown once"
    finally:
        await store.close()
