"""Several processes on one real redis-server: mentions go through the shared stream and are
processed once; a dead consumer's pending entries are taken over (XAUTOCLAIM); a poison entry
is dead-lettered; timers fire once across processes; any process answers interactions; the
per-channel rate limit is shared."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core import keys as K
from bot.core.cards import Card
from bot.core.commands import parse_command
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import Author, Mention
from tests.conftest import FakeClock


def write_config(tmp: Path, *, visibility: float = 60.0) -> Path:
    (tmp / "rules.yaml").write_text(
        "brands: {acme: [acme]}\n"
        "routes:\n"
        "  - {name: support, match: {brand: [acme], intent: [complaint]}, action: ticket,\n"
        "     channel: support, escalation: chain}\n"
        "  - {name: all, match: {any: [acme]}, channel: alerts}\n")
    cfg = tmp / "socialops.yaml"
    cfg.write_text(f"""\
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  support: {{workspace: console, id: support}}
people:
  - {{id: alice, identities: {{console: alice}}}}
  - {{id: bob, identities: {{console: bob}}}}
escalations:
  - {{name: chain, steps: [{{after_minutes: 15, notify_users: [alice]}}]}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: redis, queue_visibility_seconds: {visibility}, queue_max_deliveries: 4}}
""")
    return cfg


def mention(n: int, text: str = "acme post") -> Mention:
    return Mention(id=f"mastodon:{n}", network="mastodon", source="src", text=f"{text} {n}",
                   author=Author(id=f"a{n}", handle=f"u{n}"),
                   created_at=datetime(2026, 11, 23, 9, tzinfo=UTC))


class Batches:
    def __init__(self, batches: list[list[Mention]]) -> None:
        self.id, self.network = "src", "mastodon"
        self.batches = batches

    async def poll(self) -> Sequence[Mention]:
        return self.batches.pop(0) if self.batches else []


@pytest.fixture
async def apps(tmp_path: Path, redis_url: str, clock: FakeClock) -> AsyncIterator[list[App]]:
    cfg = load_config(write_config(tmp_path, visibility=0.2))
    async def sleep(seconds: float) -> None:  # the channel's pace passes on the fake clock
        clock.advance(seconds=seconds)

    async with AsyncExitStack() as stack:
        yield [await stack.enter_async_context(open_app(
            cfg, clock=clock, env={"REDIS_URL": redis_url}, out=io.StringIO(),
            record_path=tmp_path / f"record{i}.jsonl", owner=f"proc-{i}", sleep=sleep))
            for i in range(3)]


def delivered(tmp: Path) -> list[str]:
    keys = []
    for i in range(3):
        path = tmp / f"record{i}.jsonl"
        if path.exists():
            keys += [json.loads(line)["key"] for line in path.read_text().splitlines()]
    return keys


async def test_mentions_flow_through_the_stream_and_are_processed_once(
        apps: list[App], tmp_path: Path) -> None:
    assert all(app.queue is not None for app in apps)
    producer = apps[0].runtime()
    await producer.poll_once(Batches([[mention(n) for n in range(60)]]))  # type: ignore[arg-type]
    runtimes = [app.runtime() for app in apps]
    while sum(await asyncio.gather(*(r.consume_once(block_ms=50) for r in runtimes))):
        pass
    for app in apps:
        await app.outbox.drain()
    keys = delivered(tmp_path)
    assert len(keys) == 60 and len(set(keys)) == 60
    depth, _ = await apps[0].queue.depth_and_lag()  # type: ignore[union-attr]
    assert depth == 0


async def test_a_dead_consumers_entries_are_taken_over(apps: list[App], tmp_path: Path) -> None:
    await apps[0].runtime().poll_once(Batches([[mention(n) for n in range(5)]]))  # type: ignore[arg-type]
    dead = apps[1].queue
    assert dead is not None
    taken = await dead.read(count=5, block_ms=50)  # read, then "killed" before processing
    assert len(taken) == 5
    survivor = apps[2].runtime()
    assert await survivor.consume_once(block_ms=50) == 0  # not yet: still within visibility
    await asyncio.sleep(0.3)
    assert await survivor.consume_once(block_ms=50) == 5
    await apps[2].outbox.drain()
    assert len(delivered(tmp_path)) == 5
    assert apps[2].queue is not None and apps[2].queue.reclaimed == 5


async def test_a_poison_entry_goes_to_the_dead_letter_stream(apps: list[App]) -> None:
    await apps[0].runtime().poll_once(Batches([[mention(1)]]))  # type: ignore[arg-type]
    q = apps[1].queue
    assert q is not None
    assert len(await q.read(block_ms=50)) == 1  # delivered and never acknowledged ...
    for _ in range(3):  # ... taken over thrice more, never acknowledged (4 deliveries)
        await asyncio.sleep(0.25)
        assert len(await q.reclaim()) == 1
    await asyncio.sleep(0.25)
    assert await q.reclaim() == []
    assert q.dead_lettered == 1
    assert await q.r.xlen(q.dead) == 1
    # kept store.retention.dead_days after it was dead-lettered (the stream's ids are the
    # Redis server's milliseconds, so the prune's now is taken from the real time here)
    now, days = datetime.now(UTC), 30 * 86400
    done = await apps[2].store.prune(now + timedelta(days=29), sent_seconds=3600,
                                     refs_seconds=86400, dead_seconds=days)
    assert done["dead_letters"] == 0 and await q.r.xlen(q.dead) == 1
    done = await apps[2].store.prune(now + timedelta(days=30, minutes=1), sent_seconds=3600,
                                     refs_seconds=86400, dead_seconds=days)
    assert done["dead_letters"] == 1 and await q.r.xlen(q.dead) == 0


async def test_a_due_timer_fires_once_across_processes(apps: list[App], clock: FakeClock) -> None:
    await apps[0].pipeline.process(mention(1, "acme is broken, terrible"))
    clock.advance(minutes=16)
    fired = await asyncio.gather(*(app.runtime().fire_due_timers() for app in apps))
    assert sum(fired) == 1


async def test_any_process_answers_and_a_claim_race_across_processes_has_one_winner(
        apps: list[App]) -> None:
    await apps[0].pipeline.process(mention(1, "acme is broken, terrible"))
    claims = [parse_command("claim T-1").interaction(workspace="console", channel="support",
                                                      user=who) for who in ("alice", "bob")]
    replies = await asyncio.gather(apps[1].dispatcher.handle(claims[0]),
                                   apps[2].dispatcher.handle(claims[1]))
    assert sorted(r.ok for r in replies) == [False, True]


async def test_a_channel_pause_after_429_is_shared(apps: list[App], clock: FakeClock) -> None:
    until = clock() + timedelta(seconds=30)
    fx = Effects()
    fx.cursors[K.pace("console", "alerts")] = until.isoformat()
    assert await apps[0].store.apply(fx)
    # another process's next card in that channel is claimed with it, to wait on
    await apps[1].outbox.send(key="n@alerts", workspace="console", channel="alerts",
                              card=Card(kind="notice", key="n", title="next"))
    [claimed] = await apps[1].store.claim_due(now=clock(), owner="proc-1", lease_seconds=30,
                                               limit=10)
    assert claimed.key == "n@alerts" and claimed.pace == until
