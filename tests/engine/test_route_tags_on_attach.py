"""A route's ``tags:`` on a later post that joins an open ticket, through the pipeline, the
compiled rules and the ticket service on both real stores (a SQLite file, a redis-server): a
social inbox's rules (Sprout Social's, Hootsuite's) tag every message they route, and a case
holds the tags of its messages, so the customer's second post, routed by another route with
other tags, adds them to the ticket it joins. They were given only to the tickets a route
opened: the ticket kept its first route's tags, and the team report by tag never counted it
under the second's."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.pipeline import Pipeline
from bot.engine.router import LiveRouter
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.routing import Batch, RouteActions
from handlers.ticket_report import team_report
from handlers.tickets import TicketService
from rules import parse_rules
from tests.conftest import FakeClock
from tests.engine.test_pipeline import CHANNELS, Harness, mention

RULES = """\
routes:
  - name: support
    match: {any: [broken]}
    action: ticket
    channel: support
    sla: 30m
    tags: [billing]
  - name: vip
    match: {any: [vip]}
    action: ticket
    channel: support
    tags: [urgent, vip]
"""


def people(store: Store, clock: FakeClock) -> TicketService:
    """The ticket service as chat reaches it, on the same store."""
    return TicketService(store, Applier(store), clock=clock, audit=Audit(clock=clock),
                         directory=Directory([]), escalations={}, channels=CHANNELS)


def updates(h: Harness) -> list[str]:
    """The thread lines of the card updates the console showed, in order."""
    return [str(r["thread_note"]) for r in h.console.records() if r["op"] == "update"]


async def test_a_post_routed_with_other_tags_adds_them_to_the_ticket_it_joins(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl", rules=RULES)
    await h.pipeline.process(mention("1", "login broken", thread="100", clock=clock))
    await h.outbox.drain()
    opened = await store.get_ticket("T-1")
    assert opened is not None and opened.tags == ("billing",)  # its route's, as before
    clock.advance(minutes=5)

    # the same customer in the same conversation, routed by vip: its tags join the ticket
    await h.pipeline.process(mention("2", "vip here, please hurry", thread="100", clock=clock))
    await h.outbox.drain()
    t = await store.get_ticket("T-1")
    assert t is not None and t.mention_ids == ("mastodon:1", "mastodon:2")
    assert t.tags == ("billing", "urgent", "vip")
    assert t.version == opened.version + 1  # one write: the attach and its tags
    assert [(e.actor, e.action, e.detail) for e in t.history[-2:]] == [
        ("socialops", "attached", "new mention mastodon:2: vip here, please hurry"),
        ("socialops", "tagged", "+urgent +vip")]
    tagged = [e for e in await store.audit_since(None) if e.action == "ticket.tagged"]
    assert [(e.actor, e.detail, (e.before or {})["tags"], (e.after or {})["tags"])
            for e in tagged] == [("socialops", "+urgent +vip (route vip, mention mastodon:2)",
                                  ["billing"], ["billing", "urgent", "vip"])]
    # the card edited once, its one thread line saying both, the post's text last
    assert updates(h) == ["socialops attached, tagged +urgent +vip (route vip): new mention "
                          "mastodon:2: vip here, please hurry"]
    edit = await store.get_outbox(f"T-1@support#{t.version}")
    assert edit is not None and edit.update_of is not None
    assert {f.name: f.value for f in edit.card.fields}["Tags"] == "billing, urgent, vip"

    # a post its route tags as the ticket is already tagged changes no tag
    clock.advance(minutes=5)
    await h.pipeline.process(mention("3", "still broken", thread="100", clock=clock))
    t = await store.get_ticket("T-1")
    assert t is not None and t.tags == ("billing", "urgent", "vip")
    assert [e.action for e in t.history].count("tagged") == 1

    # a tag someone took away comes back with a later post its route tags: the post carries it
    clock.advance(minutes=5)
    assert (await people(store, clock).tag("T-1", "alice", ["-vip"])).ok
    clock.advance(minutes=5)
    await h.pipeline.process(mention("4", "vip again", thread="100", clock=clock))
    t = await store.get_ticket("T-1")
    assert t is not None and t.tags == ("billing", "urgent", "vip")
    assert [(e.actor, e.detail) for e in t.history if e.action == "tagged"] == [
        ("socialops", "+urgent +vip"), ("alice", "-vip"), ("socialops", "+vip")]

    # the team report by tag counts it under the tags it had at each end
    opened_at = opened.created_at
    before = team_report([t], since=opened_at, until=opened_at + timedelta(minutes=4),
                         by="tag")
    assert [r.name for r in before.rows] == ["billing"]
    after = team_report([t], since=opened_at, until=clock(), by="tag")
    assert [r.name for r in after.rows] == ["billing", "urgent", "vip"]


async def test_past_ten_tags_the_first_that_fit_are_added_and_the_rest_said(
        store: Store, clock: FakeClock, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl", rules=RULES)
    await h.pipeline.process(mention("1", "login broken", thread="100", clock=clock))
    assert (await people(store, clock).tag("T-1", "alice", [f"t{n}" for n in range(8)])).ok
    await h.outbox.drain()
    seen = len(updates(h))
    clock.advance(minutes=5)
    with caplog.at_level("WARNING", logger="handlers.tickets"):
        await h.pipeline.process(mention("2", "vip here", thread="100", clock=clock))
    await h.outbox.drain()
    t = await store.get_ticket("T-1")
    assert t is not None and len(t.tags) == 10 and "urgent" in t.tags and "vip" not in t.tags
    assert updates(h)[seen:] == [
        "socialops attached, tagged +urgent (route vip; vip not added: a ticket keeps at most "
        "10 tags): new mention mastodon:2: vip here"]
    assert "T-1: route vip's vip not added" in caplog.text


class TaggedMeanwhile:
    """The store as the ticket service reads it, with a person's ``tag`` written right after
    the first read of the conversation's open ticket, before the batch writes: what a second
    process does in that moment."""

    def __init__(self, store: Store, clock: FakeClock) -> None:
        self.store, self.clock, self.done = store, clock, False

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    async def open_ticket_or_number(self, conversation_key: str, customer_key: str,
                                    counter: str, look_back: int) -> object:
        found = await self.find_open_ticket(conversation_key, customer_key)
        if found is not None:
            return found, None, None
        return (None, await self.store.next_number(counter),
                await self.store.customer_signal_ids(customer_key, look_back))

    async def find_open_ticket(self, conversation_key: str, customer_key: str) -> object:
        found = await self.store.find_open_ticket(conversation_key, customer_key)
        if found is not None and not self.done:
            self.done = True
            assert (await people(self.store, self.clock).tag(found.id, "alice",
                                                             ["refund"])).ok
        return found


async def test_a_tag_written_meanwhile_is_kept_beside_the_routes(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """The route's tags go in the attach's compare-and-set on the ticket's version: a person's
    tag written between the batch's read and its write makes the batch decide again from the
    ticket as it is then, so both are kept, and the history says each once, in order."""
    h = Harness(store, clock, tmp_path / "record.jsonl", rules=RULES)
    await h.pipeline.process(mention("1", "login broken", thread="100", clock=clock))
    clock.advance(minutes=5)
    reads = TaggedMeanwhile(store, clock)
    tickets = TicketService(reads, Applier(store), clock=clock,  # type: ignore[arg-type]
                            audit=Audit(clock=clock), directory=Directory([]), escalations={},
                            channels=CHANNELS)
    racing = Pipeline(store=store, tx=Applier(store), facts=h.make_facts,
                      router=LiveRouter(store, parse_rules(RULES, file="rules.yaml",
                                                           channels=CHANNELS,
                                                           escalations=set()), clock=clock),
                      actions=RouteActions(store, tickets, Applier(store), clock=clock),
                      clock=clock, new_batch=Batch)
    await racing.process(mention("2", "vip here", thread="100", clock=clock))
    assert reads.done
    t = await store.get_ticket("T-1")
    assert t is not None and t.tags == ("billing", "refund", "urgent", "vip")
    assert [(e.actor, e.action, e.detail[:12]) for e in t.history[1:]] == [
        ("alice", "tagged", "+refund"), ("socialops", "attached", "new mention "),
        ("socialops", "tagged", "+urgent +vip")]
    assert [e.action for e in await store.audit_since(None)].count("ticket.attached") == 1
