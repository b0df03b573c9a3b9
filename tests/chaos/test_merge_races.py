"""Merging tickets with real processes, on one real redis-server and on one SQLite file.

A process that dies right after the merge's write (``tests.chaos.boundary say ... apply``), or
right after the chat showed one of the two card edits, before the outbox recorded it (``drain
... update/N``), leaves both tickets merged, whole (never one of them only), and another
process shows each card's thread line once. Two people merging the pair in opposite directions
at the same moment, in two processes, end with one merge and no cycle; a merge at the same
moment as a claim of its source, or a resolve of its target, ends consistent whichever wrote
first.
"""

from __future__ import annotations

import asyncio
import io
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core import keys as K
from bot.core.config import load_config
from bot.core.models import Author, Mention, Ticket
from tests.chaos.boundary import DIED, here
from tests.chaos.test_claim_races import START, Setup, say
from tests.chaos.test_ticket_lines import LEASE, alice_says, boundary, setup, thread_lines
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


async def two_tickets(app: App) -> tuple[Ticket, Ticket]:
    """Two customers' complaints: two tickets, their cards shown."""
    await app.pipeline.process_batch([Mention(
        id=f"mastodon:{n}", network="mastodon", source="brand", text="acme app broken",
        author=Author(id=f"a{n}", handle=f"u{n}"), created_at=START) for n in (1, 2)])
    first, second = sorted(await app.store.list_tickets(), key=lambda t: t.id)
    await app.outbox.drain()
    return first, second


async def merged_whole(app: App, source: str, target: str) -> None:
    """Both halves of ``merge source into target`` are stored, with one audit row each."""
    s, t = await app.store.get_ticket(source), await app.store.get_ticket(target)
    assert s is not None and t is not None
    assert (s.status, s.merged_into) == ("merged", target)
    assert t.status in ("open", "claimed") and t.merged == (source,)
    assert set(s.mention_ids) <= set(t.mention_ids)
    rows = [e.object_id for e in await app.store.audit_since(None)
            if e.action == "ticket.merged"]
    assert sorted(rows) == sorted([source, target]), rows


@pytest.mark.untimed  # one process dies at a named write, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", ["at the write", "after edit 1", "after edit 2"])
async def test_a_merge_is_whole_and_each_card_edited_once_when_a_process_dies(
        tmp_path: Path, backend: str, dies: str, request: pytest.FixtureRequest) -> None:
    redis: RedisServer | None = None
    if backend == "redis":
        redis = request.getfixturevalue("redis_server")
        redis.flushall()
    config = setup(tmp_path, backend, redis)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        first, second = await two_tickets(app)
        before = len(thread_lines(record))
        await alice_says(tmp_path, config, record, f"merge {second.id} into {first.id}",
                         dies=dies == "at the write")
        await merged_whole(app, second.id, first.id)  # the write stands, whole
        if dies != "at the write":
            n = dies.rsplit(" ", 1)[1]
            drained = boundary("drain", str(config), str(record), START.isoformat(), "-",
                               f"update/{n}")
            assert drained.returncode == DIED, drained.stderr.decode()[-3000:]
            assert len(thread_lines(record)[before:]) == int(n)  # shown, not recorded
        clock.now = START + timedelta(seconds=LEASE + 1)  # the dead process's claim lapsed
        await app.outbox.drain()
        assert not await app.store.list_outbox(status="pending")
    lines = Counter(line.split(":")[0] for line in thread_lines(record)[before:])
    assert lines == Counter({f"alice merged {second.id} into {first.id}": 1,
                             f"alice merged {second.id} (1 post)": 1}), lines


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_opposite_merges_at_once_in_two_processes_make_one_merge(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """``merge T-2 into T-1`` and ``merge T-1 into T-2`` let go together: the one that writes
    second is decided again from the first's tickets, finds its target merged into its source
    and is refused; one ticket is merged, into the other, which is not."""
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        first, second = await two_tickets(app)
        replies = await asyncio.to_thread(s.race, ("alice", f"merge {second.id} into {first.id}"),
                                          ("bob", f"merge {first.id} into {second.id}"))
        won = [r for r in replies if r["ok"]]
        lost = [r for r in replies if not r["ok"]]
        assert len(won) == 1 and len(lost) == 1, replies
        source, target = ((second.id, first.id) if won[0]["text"].startswith(second.id)
                          else (first.id, second.id))
        assert lost[0]["text"] == (f"{source} was merged into {target}: they are one ticket "
                                   "already")
        await merged_whole(app, source, target)
        kept = await app.store.get_ticket(target)
        assert kept is not None and kept.merged_into is None


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_merge_and_a_claim_of_its_source_at_once_end_merged(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """A claim of T-2 before the merge is kept in its history and the merge goes on; after it,
    the claim is refused, naming T-1. Either way T-2 ends merged into T-1, whole."""
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        first, second = await two_tickets(app)
        merged, claimed = await asyncio.to_thread(
            s.race, ("alice", f"merge {second.id} into {first.id}"), ("bob", f"claim {second.id}"))
        assert merged["ok"], merged
        assert claimed in ({"ok": True, "text": f"{second.id} claimed"},
                           {"ok": False, "text": f"{second.id} was merged into {first.id}, "
                                                 f"which holds its posts: use {first.id}"})
        await merged_whole(app, second.id, first.id)
        final = await app.store.get_ticket(second.id)
        assert final is not None
        assert [e.action for e in final.history] == (
            ["opened", "claimed", f"merged into {first.id}"] if claimed["ok"]
            else ["opened", f"merged into {first.id}"])


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_merge_and_a_resolve_of_its_target_at_once_end_consistent(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """A resolve of T-1 before the merge makes the merge refused (T-2 stays open); after it, T-1
    is resolved holding both posts. Never T-2 merged into a ticket that was resolved first."""
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        first, second = await two_tickets(app)
        merged, resolved = await asyncio.to_thread(
            s.race, ("alice", f"merge {second.id} into {first.id}"), ("bob", f"resolve {first.id}"))
        assert resolved == {"ok": True, "text": f"{first.id} resolved"}, resolved
        target, source = await app.store.get_ticket(first.id), await app.store.get_ticket(second.id)
        assert target is not None and source is not None and target.status == "resolved"
        if merged["ok"]:
            assert source.status == "merged" and target.mention_ids == (
                "mastodon:1", "mastodon:2")
            assert [e.action for e in target.history][-2:] == [f"merged {second.id}", "resolved"]
        else:
            assert merged["text"] == (f"{first.id} is resolved: reopen {first.id} first, or "
                                      f"merge {second.id} into an open ticket")
            assert source.status == "open" and target.mention_ids == ("mastodon:1",)


@pytest.mark.untimed  # one process dies right after the merge's write, the next runs after it
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize("dies", [True, False])
async def test_a_merged_tickets_timers_are_gone_when_the_merging_process_dies(
        tmp_path: Path, redis_server: RedisServer, backend: str, dies: bool) -> None:
    """T-2, snoozed, on an escalation chain, with an SLA, merged into T-1 by a process that dies
    right after the merge's write (or does not): T-2's escalation, SLA and snooze timers are
    gone from the store with it, a process starting after it arms none again, and one firing
    the timers due two hours later escalates T-1 and marks it overdue, and leaves T-2 as
    merged (no notice, no history)."""
    s = Setup(tmp_path, redis_server, backend=backend)
    (tmp_path / "rules.yaml").write_text(  # Setup's route, with an SLA
        "routes:\n  - {name: support, match: {any: [broken]}, action: ticket, channel: support,"
        "\n     escalation: support-default, sla: 60m}\n")
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        first, second = await two_tickets(app)
        await say(app, "bob", f"snooze {second.id} 30m")
        for kind in (K.ESCALATION, K.SLA, K.SNOOZE):
            assert await app.store.timer_due(K.timer(kind, second.id)) is not None, kind
    merge = f"merge {second.id} into {first.id}"
    if dies:
        s.race(("alice", merge), at="apply")
    else:  # a process that lives, with no other beside it: this one
        (tmp_path / "go").touch()
        await here("say", str(s.config), str(s.record), START.isoformat(),
                   str(tmp_path / "go"), "alice", merge)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:  # a process starting after it
        await merged_whole(app, second.id, first.id)
        for kind in (K.ESCALATION, K.SLA, K.SNOOZE):
            assert await app.store.timer_due(K.timer(kind, second.id)) is None, kind
        assert await app.store.timer_due(K.timer(K.ESCALATION, first.id)) is not None
        merged = await app.store.get_ticket(second.id)
    later = (START + timedelta(hours=2)).isoformat()
    await here("timers", str(s.config), str(s.record), later)  # every other process done
    async with open_app(load_config(s.config), clock=FakeClock(START + timedelta(hours=2)),
                        out=io.StringIO(), record_path=s.record) as app:
        target, source = await app.store.get_ticket(first.id), await app.store.get_ticket(
            second.id)
        assert target is not None and target.escalation_level > 0  # the timers did fire
        assert target.overdue
        assert source == merged
