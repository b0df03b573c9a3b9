"""Two real processes on one real redis-server answer two people at the same moment (each
process is built, then both are let go together: ``tests.chaos.boundary say``): two agents
claim one ticket, two approvers approve one draft, two people escalate one ticket (claimed or
not) or change its priority, one claims as another escalates (on one SQLite file too). One
wins, the other is told why in one line (or, for two priorities or a claim and an escalate, is
decided again from the first's), the approved reply is published once (the sandbox publisher's
file, which every process appends to, is the network here), and the ticket moves one step with
one notice.

Buttons, reactions and slash commands all arrive as the same ``Interaction`` and reach the same
handlers as these commands (``tests/e2e`` drives them through Slack's request path).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.compose import App, open_app
from bot.core.commands import parse_command
from bot.core.config import load_config
from bot.core.models import Author, Mention, Ticket
from tests.chaos.boundary import DIED
from tests.chaos.procs import ROOT, let_go_together, stalled_process
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

RULES = """
routes:
  - {name: support, match: {any: [broken]}, action: ticket, channel: support,
     escalation: support-default}
"""

CONFIG = """
sources:
  - {{id: brand, type: replay, path: {empty}, network_override: mastodon, publish: sandbox,
     sandbox_path: {sandbox}}}
workspaces: [{{name: console, type: console}}]
channels:
  support: {{workspace: console, id: support}}
  approvals: {{workspace: console, id: approvals}}
people:
  - {{id: alice, role: agent}}
  - {{id: bob, role: agent}}
  - {{id: dave, role: approver}}
  - {{id: erin, role: approver}}
approvals: {{channel: approvals, steps: [{{approvers: ["role:approver"]}}]}}
escalations:
  - name: support-default
    steps:
      - {{after_minutes: 15, notify_users: [bob]}}
      - {{after_minutes: 30, notify_users: [erin]}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
"""


class Setup:
    def __init__(self, tmp: Path, redis: RedisServer, *, backend: str = "redis") -> None:
        """``backend``: the store every process shares, redis-server or one SQLite file."""
        redis.flushall()
        self.tmp = tmp
        (tmp / "rules.yaml").write_text(RULES)
        (tmp / "empty.jsonl").write_text("")
        self.sandbox = tmp / "published.jsonl"
        self.config = tmp / "socialops.yaml"
        store = (f'{{backend: redis, redis_url: "{redis.url}"}}' if backend == "redis"
                 else f'{{backend: sqlite, path: "{tmp / "s.db"}"}}')
        self.config.write_text(CONFIG.format(empty=tmp / "empty.jsonl", sandbox=self.sandbox,
                                             store=store))
        self.record = tmp / "record.jsonl"

    def race(self, *said: tuple[str, str], at: str = "none") -> list[dict[str, Any]]:
        """Each (user, line) in a process of its own, let go at the same moment; with ``at``
        (see ``tests.chaos.boundary``) each dies there, answering nothing."""
        go = self.tmp / "go"
        env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
               "PYTHONPATH": str(ROOT)}
        procs = [subprocess.Popen(
            [sys.executable, "-m", "tests.chaos.boundary", "say", str(self.config),
             str(self.record), START.isoformat(), str(go), user, line, at],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for user, line in said]
        outs = let_go_together(procs, [go.with_suffix(f".{user}") for user, _ in said], go)
        for p, (_, err) in zip(procs, outs, strict=True):
            assert p.returncode == (0 if at == "none" else DIED), err.decode()[-3000:]
        if at != "none":
            return []
        return [json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outs]


async def say(app: App, user: str, line: str) -> str:
    reply = await app.dispatcher.handle(parse_command(line).interaction(
        workspace="console", channel="support", user=user))
    assert reply.ok, reply.text
    return reply.text


async def one_ticket(app: App) -> Ticket:
    """The ticket a complaint opens."""
    await app.pipeline.process_batch([Mention(
        id="mastodon:1", network="mastodon", source="brand", text="acme app broken",
        author=Author(id="a1", handle="u1"), created_at=START)])
    [ticket] = await app.store.list_tickets()
    return ticket


async def test_two_agents_claiming_one_ticket_in_two_processes_give_one_claimer(
        tmp_path: Path, redis_server: RedisServer) -> None:
    s = Setup(tmp_path, redis_server)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        replies = await asyncio.to_thread(s.race, ("alice", f"claim {ticket.id}"),
                                          ("bob", f"claim {ticket.id}"))
        won = [r for r in replies if r["ok"]]
        lost = [r for r in replies if not r["ok"]]
        assert len(won) == 1 and len(lost) == 1, replies
        final = await app.store.get_ticket(ticket.id)
        assert final is not None and final.status == "claimed"
        assert lost[0]["text"] == f"{ticket.id} is already claimed by {final.claimer}"
        claims = [e for e in await app.store.audit_since(None) if e.action == "ticket.claimed"]
        assert [e.actor for e in claims] == [final.claimer]


async def test_a_note_and_a_claim_in_two_processes_at_once_are_both_kept(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """A note changes no state but is a write to the ticket like a claim: the one that loses
    the compare-and-set is decided again from the winner's ticket, so neither is lost."""
    s = Setup(tmp_path, redis_server)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        replies = await asyncio.to_thread(s.race, ("alice", f"note {ticket.id} VIP, call back"),
                                          ("bob", f"claim {ticket.id}"))
        assert sorted(r["text"] for r in replies) == [f"{ticket.id} claimed",
                                                      f"{ticket.id} noted"], replies
        final = await app.store.get_ticket(ticket.id)
        assert final is not None and (final.status, final.claimer) == ("claimed", "bob")
        assert sorted((e.actor, e.action, e.detail) for e in final.history[1:]) == [
            ("alice", "noted", "VIP, call back"), ("bob", "claimed", "")]
        actions = [e.action for e in await app.store.audit_since(None)]
        assert actions.count("ticket.noted") == 1 and actions.count("ticket.claimed") == 1


def notices(s: Setup) -> list[list[str]]:
    """The escalation notices the console showed, each as the lines of tickets it lists."""
    rows = [json.loads(x) for x in s.record.read_text().splitlines()] \
        if s.record.exists() else []
    return [re.findall(r"T-\d+ has been unclaimed", r["text"]) for r in rows
            if r["op"] == "post" and r["key"].startswith("escnote:")]


async def send_notices(app: App, clock: FakeClock) -> None:
    """A batch window later, twice: the notice goes out, and a second firing finds nothing."""
    for _ in range(2):
        clock.advance(seconds=30)
        await app.runtime().fire_due_timers()
        await app.outbox.drain()


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_people_escalating_one_ticket_in_two_processes_move_it_one_step(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """Escalate pressed by two people at the same moment, in two processes: whichever writes
    second is decided again from the first's ticket, which was escalated a moment ago, so it
    is answered with that step. One step, one audit row, one notice pinging that step's
    people."""
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        replies = await asyncio.to_thread(s.race, ("alice", f"escalate {ticket.id} VIP"),
                                          ("bob", f"escalate {ticket.id} VIP"))
        final = await app.store.get_ticket(ticket.id)
        assert final is not None and final.escalation_level == 1
        [step] = [e for e in await app.store.audit_since(None)
                  if e.action == "ticket.escalate"]
        assert step.detail == "step 1 of support-default, by hand: VIP"
        assert sorted(r["text"] for r in replies) == sorted([
            f"{ticket.id} escalated: step 1 of support-default (notifies bob)",
            f"{ticket.id} was escalated just now by {step.actor} (step 1 of "
            "support-default); nothing more done: escalate it again from 09:01 UTC to go one "
            "step further"])
        assert all(r["ok"] for r in replies), replies
        await send_notices(app, clock)
    assert notices(s) == [[f"{ticket.id} has been unclaimed"]]


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_people_escalating_one_claimed_ticket_in_two_processes_release_it_once(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """Alice has held the ticket for two minutes; Bob and Alice press escalate at the same
    moment, in two processes. The first write releases her claim and fires step 1 (one
    compare-and-set); the second is decided again from that ticket, open and escalated a
    moment ago, and is answered with that step. One step, one audit row naming her claim, one
    notice."""
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START - timedelta(minutes=2))  # a claim just made is its holder's alone
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        assert await say(app, "alice", f"claim {ticket.id}") == f"{ticket.id} claimed"
        clock.now = START  # the processes' time
        replies = await asyncio.to_thread(s.race, ("alice", f"escalate {ticket.id}"),
                                          ("bob", f"escalate {ticket.id}"))
        final = await app.store.get_ticket(ticket.id)
        assert final is not None
        assert (final.status, final.claimer, final.escalation_level) == ("open", None, 1)
        [step] = [e for e in await app.store.audit_since(None)
                  if e.action == "ticket.escalate"]
        assert step.detail == "step 1 of support-default, by hand, alice's claim released"
        assert sorted(r["text"] for r in replies) == sorted([
            f"{ticket.id} escalated: step 1 of support-default (notifies bob); alice's claim "
            "released",
            f"{ticket.id} was escalated just now by {step.actor} (step 1 of "
            "support-default); nothing more done: escalate it again from 09:01 UTC to go one "
            "step further"])
        assert all(r["ok"] for r in replies), replies
        await send_notices(app, clock)
    assert notices(s) == [[f"{ticket.id} has been unclaimed"]]


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_claim_and_an_escalate_in_two_processes_at_once_are_made_in_turn(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """Alice claims as Bob escalates, in two processes: whichever writes second is decided
    again from the first's ticket. Claim first: Bob's escalate, sent before he could see her
    claim, is refused and her claim kept (released only by her, or a minute later). Escalate
    first: she claims the escalated ticket, and its notice, finding it claimed, nags nobody.
    Never a step doubled, or a claim left on a ticket the escalate released."""
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        replies = await asyncio.to_thread(s.race, ("alice", f"claim {ticket.id}"),
                                          ("bob", f"escalate {ticket.id}"))
        final = await app.store.get_ticket(ticket.id)
        assert final is not None
        assert (final.status, final.claimer) == ("claimed", "alice")
        order = [e.action for e in final.history[1:]]
        actions = [e.action for e in await app.store.audit_since(None)]
        assert actions.count("ticket.claimed") == 1
        await send_notices(app, clock)
        if order == ["claimed"]:
            assert final.escalation_level == 0 and "ticket.escalate" not in actions
            assert sorted((r["ok"], r["text"]) for r in replies) == [
                (False, f"{ticket.id} was claimed just now by alice: not escalated, the claim "
                        "kept; escalate it again from 09:01 UTC to release it and go one step "
                        "further"),
                (True, f"{ticket.id} claimed")]
        else:
            assert order == ["escalated (step 1)", "claimed"], order
            assert final.escalation_level == 1 and actions.count("ticket.escalate") == 1
            assert all(r["ok"] for r in replies), replies
            assert sorted(r["text"] for r in replies) == [
                f"{ticket.id} claimed",
                f"{ticket.id} escalated: step 1 of support-default (notifies bob)"]
    assert notices(s) == []


@pytest.mark.untimed  # one process dies at a named write, this one runs after it
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_an_escalate_whose_process_died_after_its_write_gets_one_notice(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """The escalating process dies right after its write (``os._exit``, as SIGKILL would),
    before any notice: the step, its notice buffer and timer were one write, as when a timer
    fires a step, so another process sends the notice once."""
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        await asyncio.to_thread(s.race, ("alice", f"escalate {ticket.id}"), at="apply/1")
        final = await app.store.get_ticket(ticket.id)
        assert final is not None and final.escalation_level == 1
        assert notices(s) == []
        await send_notices(app, clock)
    assert notices(s) == [[f"{ticket.id} has been unclaimed"]]


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_people_changing_one_tickets_priority_in_two_processes_change_it_in_turn(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """Alice sets P1 and Bob P2 at the same moment, in two processes: whichever writes second
    is decided again from the first's priority (the version compare-and-set), so the changes
    are none -> first and first -> second, each in the history, the audit log and its reply,
    never two from none. Then both set P3 at once: one change, the other told it is P3
    already."""
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        replies = await asyncio.to_thread(s.race, ("alice", f"priority {ticket.id} p1"),
                                          ("bob", f"priority {ticket.id} p2"))
        assert all(r["ok"] for r in replies), replies
        final = await app.store.get_ticket(ticket.id)
        assert final is not None and final.priority in ("P1", "P2")
        first = "P2" if final.priority == "P1" else "P1"
        assert sorted(r["text"] for r in replies) == sorted([
            f"{ticket.id} is now {first} (was none)",
            f"{ticket.id} is now {final.priority} (was {first})"]), replies
        assert [e.detail for e in final.history if e.action == "priority"] == [
            f"none → {first}", f"{first} → {final.priority}"]
        assert [e.detail for e in await app.store.audit_since(None)
                if e.action == "ticket.priority"] == [
            f"from none to {first}", f"from {first} to {final.priority}"]

        replies = await asyncio.to_thread(s.race, ("alice", f"priority {ticket.id} p3"),
                                          ("bob", f"priority {ticket.id} p3"))
        assert sorted(r["text"] for r in replies) == [
            f"{ticket.id} is P3 already", f"{ticket.id} is now P3 (was {final.priority})"]
        changed = await app.store.get_ticket(ticket.id)
        assert changed is not None and changed.priority == "P3"
        assert len([e for e in changed.history if e.action == "priority"]) == 3


async def test_two_approvers_approving_one_draft_in_two_processes_publish_it_once(
        tmp_path: Path, redis_server: RedisServer) -> None:
    s = Setup(tmp_path, redis_server)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        await say(app, "alice", "draft mastodon brand Fixed now, thanks for waiting!")
        [draft] = await app.store.list_approvals()
        line = f"approve {draft.id} {draft.content_hash[:16]}"
        replies = await asyncio.to_thread(s.race, ("dave", line), ("erin", line))
        assert sorted(r["ok"] for r in replies) == [False, True], replies
        final = await app.store.get_approval(draft.id)
        assert final is not None and final.status == "published"
        assert final.publish_attempts == 1
    published = [json.loads(x) for x in s.sandbox.read_text().splitlines()]
    assert [p["text"] for p in published] == ["Fixed now, thanks for waiting!"]


def sandbox_posts(s: Setup) -> list[dict[str, Any]]:
    return [json.loads(x) for x in s.sandbox.read_text().splitlines()]


@pytest.mark.untimed  # one process dies at a named point, the lease passed on a FakeClock
async def test_a_sandbox_post_whose_process_died_before_recording_it_is_not_posted_again(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """The approver's process dies right after the sandbox took the post. Another process,
    running since before that post (its start-up read of the sandbox file does not have it),
    publishes once the lease lapses and is told an earlier attempt may have posted: it must
    look in the file, not in what it read at start-up."""
    s = Setup(tmp_path, redis_server)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        await say(app, "alice", "draft mastodon brand Fixed now, thanks for waiting!")
        [draft] = await app.store.list_approvals()
        await asyncio.to_thread(s.race, ("dave", f"approve {draft.id} {draft.content_hash[:16]}"),
                                at="network")
        assert len(sandbox_posts(s)) == 1
        clock.advance(seconds=121)  # approvals.publish_lease_seconds (120) has passed
        await app.runtime().fire_due_timers()
        final = await app.store.get_approval(draft.id)
    assert final is not None and final.status == "published" and final.publish_attempts == 2
    [post] = sandbox_posts(s)
    assert (final.published_id, final.published_url) == (post["id"], post["url"])


@pytest.mark.untimed  # one process, then this one: in turn
async def test_sandbox_posts_recorded_by_two_processes_get_two_ids(
        tmp_path: Path, redis_server: RedisServer) -> None:
    s = Setup(tmp_path, redis_server)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        for text in ("First fix is out.", "Second fix is out."):
            await say(app, "alice", f"draft mastodon brand {text}")
        first, second = sorted(await app.store.list_approvals(), key=lambda a: a.text)
        await asyncio.to_thread(s.race, ("dave", f"approve {first.id} "
                                                 f"{first.content_hash[:16]}"))
        await say(app, "erin", f"approve {second.id} {second.content_hash[:16]}")
        done = [await app.store.get_approval(a.id) for a in (first, second)]
    posts = sandbox_posts(s)
    assert [p["text"] for p in posts] == ["First fix is out.", "Second fix is out."]
    assert len({p["id"] for p in posts}) == 2 and len({p["url"] for p in posts}) == 2
    assert [(a.published_id if a else None) for a in done] == [p["id"] for p in posts]


async def decide_while_another_stalls(s: Setup, stalled_post: Mention,
                                      post: Mention) -> tuple[list[Any], int]:
    """A real process decides ``stalled_post`` and stalls before its write; meanwhile this one
    decides ``post`` and writes; then the first writes. Returns the tickets and how many
    were opened (audit)."""
    stalled = stalled_process(s.config, START, stalled_post.model_dump_json() + "\n", s.tmp)
    async with stalled as let_go, open_app(load_config(s.config), clock=FakeClock(START),
                                           out=io.StringIO(), record_path=s.record) as app:
        await app.pipeline.process_batch([post])
        await let_go()
        tickets = await app.store.list_tickets()
        opened = [e for e in await app.store.audit_since(None) if e.action == "ticket.open"]
    return tickets, len(opened)


@pytest.mark.untimed  # the other process held before its write by a file
async def test_one_post_decided_by_two_processes_at_once_opens_one_ticket(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """The same post reaches two processes at once (two sources whose queries overlap, or a
    stream entry taken over from a consumer that stalled past the visibility timeout). The
    first decides it and stalls before its write; the second decides it and writes. The first
    then writes: its post is no longer new, and it must not open a second ticket."""
    s = Setup(tmp_path, redis_server)
    post = Mention(id="mastodon:1", network="mastodon", source="brand", text="acme app broken",
                   author=Author(id="a1", handle="u1"), created_at=START)
    tickets, opened = await decide_while_another_stalls(s, post, post)
    assert [t.signal_id for t in tickets] == ["mastodon:1"], [t.id for t in tickets]
    assert opened == 1


@pytest.mark.untimed  # the other process held before its write by a file
async def test_two_posts_of_one_conversation_decided_at_once_make_one_ticket(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """A customer's post and their follow-up in its thread reach two processes at once (a
    burst of replies spread over the stream's consumers): one ticket holds both."""
    s = Setup(tmp_path, redis_server)
    first = Mention(id="mastodon:1", network="mastodon", source="brand", text="acme app broken",
                    author=Author(id="a1", handle="u1"), created_at=START)
    again = Mention(id="mastodon:2", network="mastodon", source="brand",
                    text="still broken, acme", author=Author(id="a1", handle="u1"),
                    reply_to="1", thread_id="1", created_at=START)
    assert first.conversation_key == again.conversation_key
    tickets, opened = await decide_while_another_stalls(s, first, again)
    assert len(tickets) == 1 and opened == 1, [(t.id, t.mention_ids) for t in tickets]
    assert sorted(tickets[0].mention_ids) == ["mastodon:1", "mastodon:2"]


async def test_the_same_subscribe_in_two_processes_at_once_makes_one_subscription(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """A double submit handled by two processes, or two teammates: one subscription, so a
    matching post is one card; the other is told which one the channel already has."""
    s = Setup(tmp_path, redis_server)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        replies = await asyncio.to_thread(s.race, ("alice", "subscribe acme refund"),
                                          ("bob", "subscribe Acme  refund"))
        [sub] = await app.store.list_subscriptions()
        assert all(r["ok"] for r in replies), replies
        assert sorted(r["text"].split(":")[0] for r in replies) == [
            f"{sub.id} created",
            f"this channel already follows `{sub.query}` as {sub.id}; nothing added"], replies
        created = [e for e in await app.store.audit_since(None)
                   if e.action == "subscription.create"]
        assert [e.object_id for e in created] == [sub.id]
