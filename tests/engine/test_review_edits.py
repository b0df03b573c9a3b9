"""A post edited or deleted by its author after it made a card, through the pipeline, the
compiled rules, the ticket service and the outbox on both real stores (a SQLite file, a
redis-server), as Sprout Social and Hootsuite users expect it: the card follows the post.

Before, an edit (Mastodon's ``status.update``, same id) was taken for a duplicate of the post
already decided: its card kept the old words, and an edit that added the brand's name to a
post no route matched never alerted; a ``delete`` was only logged."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path

from bot.core.config import StoreConfig
from bot.core.models import Mention
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.pipeline import EDITS_SHOWN, Pipeline
from bot.engine.router import LiveRouter
from bot.store import open_store
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.routing import Batch, RouteActions
from handlers.tickets import TicketService
from handlers.why import Why
from integrations.social.mastodon.parse import tombstone
from rules import parse_rules
from tests.conftest import FakeClock
from tests.engine.crash_world import Crash, CrashingStore
from tests.engine.test_pipeline import CHANNELS, RULES, Harness, mention
from tests.support.redis_server import RedisServer


class Revising(Harness):
    """The test pipeline's harness, wired as the composition root wires it: its route actions
    edit the cards of revised posts."""

    def __init__(self, store: Store, clock: FakeClock, record: Path, *,
                 rules: str = RULES) -> None:
        super().__init__(store, clock, record, rules=rules)
        applier = Applier(store)
        self.tickets = TicketService(store, applier, clock=clock, audit=Audit(clock=clock),
                                     directory=Directory([]), escalations={},
                                     channels=CHANNELS)
        actions = RouteActions(store, self.tickets, applier, clock=clock)
        ruleset = parse_rules(rules, file="rules.yaml", channels=CHANNELS, escalations=set())
        self.pipeline = Pipeline(store=store, tx=applier, facts=self.make_facts,
                                 router=LiveRouter(store, ruleset, clock=clock),
                                 actions=actions, clock=clock, new_batch=Batch,
                                 reviser=actions)

    def shown(self) -> list[tuple[str, str, str, str, str | None]]:
        return [(r["op"], r["channel"], r["key"], r["text"], r["thread_note"])
                for r in self.console.records()]


async def why(store: Store, post: str) -> str:
    """What ``why <post>`` answers in chat."""
    async def explain(_: Mention) -> str:
        return ""
    return (await Why(store, explain=explain).why(post)).text


def edited(m: Mention, text: str, clock: FakeClock, minutes: int = 1) -> Mention:
    """``m`` as Mastodon's ``status.update`` carries it: same id, new words, ``edited_at``."""
    return m.model_copy(update={"text": text, "revision": "edit",
                                "revised_at": clock() + timedelta(minutes=minutes),
                                "raw": {"edited_at": "x"}})


async def test_an_edit_edits_the_alert_card_once_and_never_alerts_again(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    m = mention("1", "I love the new release", clock=clock)
    await h.pipeline.process(m)
    await h.outbox.drain()
    e = edited(m, "I love the new release <!channel> @everyone", clock)
    await h.pipeline.process(e)
    await h.pipeline.process(e)  # the poll and the stream both bring it: acted on once
    await h.outbox.drain()
    assert h.shown() == [
        ("post", "marketing", "mastodon:1|praise", "I love the new release", None),
        ("update", "marketing", "mastodon:1|praise",
         "I love the new release <!channel> @everyone", None)]
    kept = await store.get_signal("mastodon:1")
    assert kept is not None and kept.mention.text.endswith("@everyone")
    assert kept.mention.edits == 1 and len(kept.routes) == 1
    said = await why(store, "mastodon:1")
    assert "edited by its author at" in said and "alert card in console:marketing edited" in said


async def test_an_edit_that_adds_the_brand_alerts_once(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    m = mention("1", "the new release is out", clock=clock)
    await h.pipeline.process(m)  # no route matches it
    e = edited(m, "the new release is out, love it", clock)
    assert await h.pipeline.process(e) is not None
    assert await h.pipeline.process(e) is None
    await h.outbox.drain()
    assert h.posts() == [("marketing", "mastodon:1|praise")]


async def test_an_edit_adds_only_the_routes_newly_matched(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    m = mention("1", "I love the new release", clock=clock)
    await h.pipeline.process(m)
    await h.outbox.drain()
    await h.pipeline.process(edited(m, "I love the new release but login is broken", clock))
    await h.outbox.drain()
    assert h.posts() == [("marketing", "mastodon:1|praise"), ("support", "T-1")]
    assert [r[0] for r in h.shown()].count("update") == 1  # the praise card, edited
    kept = await store.get_signal("mastodon:1")
    assert kept is not None and [r.route for r in kept.routes] == ["praise", "support"]


async def test_a_delete_marks_the_cards_and_tells_the_ticket_thread_once(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    m = mention("1", "login is broken", clock=clock)
    await h.pipeline.process(m)
    await h.pipeline.process(mention("2", "I love it", clock=clock))
    await h.outbox.drain()
    clock.advance(minutes=3)
    for native in ("1", "2"):
        gone = tombstone(native, source="test", at=clock())
        await h.pipeline.process(gone)
        await h.pipeline.process(gone.model_copy(update={"source": "other"}))  # a 2nd stream
    await h.outbox.drain()
    updates = [r for r in h.shown() if r[0] == "update"]
    assert sorted((r[1], r[2]) for r in updates) == [("marketing", "mastodon:2|praise"),
                                                     ("support", "T-1")]
    assert all("deleted by its author" in r[3] and "broken" not in r[3] for r in updates)
    assert [r[4] for r in updates if r[2] == "T-1"] == [
        "socialops: mastodon:1 deleted by its author"]
    t = await store.get_ticket("T-1")
    assert t is not None and t.history[-1].action == "post deleted"
    kept = await store.get_signal("mastodon:1")
    assert kept is not None and kept.mention.text == "" and kept.mention.revision == "delete"
    assert "deleted by its author" in await why(store, "mastodon:1")
    # an edit arriving after the delete (a late poll) changes nothing
    await h.pipeline.process(edited(m, "love it, fixed now", clock, minutes=-1))
    await h.outbox.drain()
    assert len([r for r in h.shown() if r[0] == "update"]) == 2
    assert "I love it" not in str(await store.get_signal("mastodon:2"))


async def test_a_delete_of_a_post_never_read_or_without_a_card_does_nothing(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    await h.pipeline.process(mention("2", "nothing to see", clock=clock))
    for native in ("1", "2"):
        assert await h.pipeline.process(tombstone(native, source="test", at=clock())) is None
    await h.outbox.drain()
    assert h.shown() == []
    assert await store.get_trace("mastodon:1") is None  # no trace of a post never read


async def test_an_edit_storm_of_one_post_is_not_a_card_storm(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Revising(store, clock, tmp_path / "r.jsonl")
    m = mention("1", "I love it but login is broken", clock=clock)
    await h.pipeline.process(m)
    for i in range(1, 31):
        await h.pipeline.process(edited(m, f"I love it but login is broken ({i})", clock,
                                        minutes=i))
    await h.outbox.drain()
    updates = [r for r in h.shown() if r[0] == "update"]
    # the ticket's card edited (the outbox coalesces the edits of one card queued together),
    # its thread told of the first EDITS_SHOWN edits, and no more
    assert 1 <= len(updates) <= EDITS_SHOWN
    lines = "\n".join(str(r[4]) for r in updates).splitlines()
    assert len(lines) == EDITS_SHOWN and lines[-1].endswith(
        f"({EDITS_SHOWN} times); its card shows its new words")
    kept = await store.get_signal("mastodon:1")
    assert kept is not None and kept.mention.text.endswith("(30)")
    assert "30 times" in await why(store, "mastodon:1")


async def test_an_edit_decided_by_two_processes_at_once_edits_once(
        two_stores: tuple[Store, Store], clock: FakeClock, tmp_path: Path) -> None:
    one, two = two_stores
    a = Revising(one, clock, tmp_path / "a.jsonl")
    b = Revising(two, clock, tmp_path / "a.jsonl")  # one workspace, two processes
    b.outbox.owner = "b"  # each process leases channels as itself
    m = mention("1", "I love it but login is broken", clock=clock)
    await a.pipeline.process(m)
    await a.outbox.drain()
    e = edited(m, "I love it, login is broken again", clock)
    await asyncio.gather(a.pipeline.process(e), b.pipeline.process(e))
    await asyncio.gather(a.outbox.drain(), b.outbox.drain())
    updates = [r for r in a.shown() if r[0] == "update"]
    assert updates == [("update", "support", "T-1", "I love it, login is broken again",
                        "socialops: mastodon:1 edited by its author; its card shows its "
                        "new words")]
    t = await one.get_ticket("T-1")
    assert t is not None and [e.action for e in t.history].count("post edited") == 1


async def _run_killed(store: Store, clock: FakeClock, record: Path,
                      crash_after: int | None, *, owners: bool = False) -> bool:
    """The scenario (a post with an alert and a ticket, drained; an edit, drained; a delete,
    drained), the process dying right after its ``crash_after``-th store write, then a fresh
    one on the same store and record resuming at the step that was interrupted (a stream
    whose batch did not commit reads its event again). True when the kill happened. With
    ``owners``, each process leases as itself (Redis: ``process_owner`` draws a new owner at
    each start), so the next one waits out the killed one's leases."""
    m = mention("1", "login is broken", thread="9", clock=clock)
    n = mention("2", "I love it", clock=clock)
    steps: list[Mention | None] = [m, n, None, edited(m, "login is broken, and I love it",
                                                      clock), edited(n, "I love it <!here>",
                                                                     clock), None,
                                   tombstone("1", source="test", at=clock()),
                                   tombstone("2", source="test", at=clock()), None]

    def started(h: Revising, n: int) -> None:
        if owners:
            h.outbox.owner = f"p{n}"
            if n > 1:  # the dead one's leases lapse
                clock.advance(seconds=h.outbox.lease_seconds + 1)

    return await run_steps(store, clock, record, steps, crash_after, started=started)


async def run_steps(store: Store, clock: FakeClock, record: Path,
                    steps: Sequence[Mention | None], crash_after: int | None, *,
                    started: Callable[[Revising, int], None] | None = None) -> bool:
    """``steps`` (a post to process, or None: the outbox drained) through a process whose
    store dies right after its ``crash_after``-th write, then a fresh one on the same store and
    record resuming at the step that was interrupted (a source whose batch did not commit
    reads it again); ``started``: told each process and its number. True when one died."""
    h = Revising(CrashingStore(store, crash_after), clock, record)  # type: ignore[arg-type]
    processes = 1
    if started is not None:
        started(h, processes)
    step, killed = 0, False
    while step < len(steps):
        try:
            if (post := steps[step]) is None:
                await h.outbox.drain()
            else:
                await h.pipeline.process(post)
        except Crash:
            killed = True
            h = Revising(store, clock, record)  # the next process
            processes += 1
            if started is not None:
                started(h, processes)
            continue
        step += 1
    return killed


def _outcome(path: Path) -> tuple[list[tuple[str, str]], list[str], dict[str, str]]:
    """What the chat shows in the end: the posts, the thread lines, each card's last text."""
    # a ticket number taken by a process killed before its ticket was written is skipped
    text = re.sub(r"\bT-\d+\b", "T-n", path.read_text(encoding="utf-8"))
    rows = [json.loads(line) for line in text.splitlines()]
    posts = sorted((r["channel"], r["key"]) for r in rows if r["op"] == "post")
    lines = sorted(line for r in rows if r["thread_note"]
                   for line in str(r["thread_note"]).splitlines())
    last = {r["key"]: r["text"] for r in rows}
    return posts, lines, last


async def test_killed_at_each_write_boundary_on_redis_the_cards_and_lines_come_once(
        clock: FakeClock, tmp_path: Path, redis_server: RedisServer) -> None:
    """On a real redis-server: each process leases as itself (its own owner, as production's
    ``process_owner`` draws one at each start), so the process after a kill waits out the
    dead one's leases; the server keeps what the killed process wrote."""
    start = clock.now

    async def run(here: Path, crash_after: int | None) -> bool:
        clock.now = start  # each run the same day: the leases waited out are its own
        redis_server.flushall()
        s = await open_store(StoreConfig(backend="redis"), redis_url=redis_server.url,
                             clock=clock)
        try:
            return await _run_killed(s, clock, here / "r.jsonl", crash_after, owners=True)
        finally:
            await s.close()

    assert not await run(tmp_path / "ref", None)
    want = _outcome(tmp_path / "ref" / "r.jsonl")
    assert want[0] == [("marketing", "mastodon:2|praise"), ("support", "T-n")]
    k = 1
    while await run(tmp_path / f"k{k}", k):
        assert _outcome(tmp_path / f"k{k}" / "r.jsonl") == want, f"killed after write {k}"
        k += 1
    assert k > 10  # every write of the scenario was a kill point


async def test_killed_at_each_write_boundary_the_cards_and_lines_come_once(
        clock: FakeClock, tmp_path: Path) -> None:
    """On SQLite files (a killed process's store is the file it left)."""
    reference = tmp_path / "ref" / "r.jsonl"
    ref_store = await open_store(StoreConfig(path=str(tmp_path / "ref.db")), redis_url=None,
                                 clock=clock)
    try:
        assert not await _run_killed(ref_store, clock, reference, None)
    finally:
        await ref_store.close()

    def outcome(path: Path) -> tuple[list[tuple[str, str]], list[str], dict[str, str]]:
        # a ticket number taken by a process killed before its ticket was written is skipped
        text = re.sub(r"\bT-\d+\b", "T-n", path.read_text(encoding="utf-8"))
        rows = [json.loads(line) for line in text.splitlines()]
        posts = sorted((r["channel"], r["key"]) for r in rows if r["op"] == "post")
        lines = sorted(line for r in rows if r["thread_note"]
                       for line in str(r["thread_note"]).splitlines())
        last = {r["key"]: r["text"] for r in rows}
        return posts, lines, last

    want = outcome(reference)
    assert want[0] == [("marketing", "mastodon:2|praise"), ("support", "T-n")]
    assert all("deleted by its author" in text for text in want[2].values())
    k = 1
    while True:
        here = tmp_path / f"k{k}"
        s = await open_store(StoreConfig(path=str(here / "s.db")), redis_url=None, clock=clock)
        try:
            killed = await _run_killed(s, clock, here / "r.jsonl", k)
        finally:
            await s.close()
        if not killed:
            break
        assert outcome(here / "r.jsonl") == want, f"killed after write {k}"
        k += 1
    assert k > 10  # every write of the scenario was a kill point


async def test_an_edited_cards_hostile_words_are_escaped_as_every_cards(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """The edit is rendered by the card builders and renderers every card goes through: the
    author's new words cannot ping a channel or forge markup (on Slack, checked here)."""
    from integrations.slack.render import render_card as slack_card

    h = Revising(store, clock, tmp_path / "r.jsonl")
    m = mention("1", "I love the new release", clock=clock)
    await h.pipeline.process(m)
    await h.outbox.drain()
    await h.pipeline.process(edited(m, "I love it <!channel> @everyone <@U1> *b*", clock))
    item = await store.get_outbox("mastodon:1|praise@marketing#edit1")
    assert item is not None and item.update_of == "mastodon:1|praise"
    assert item.card.badges[0] == "edited"
    # as every card's post text: a plain_text object, which Slack never reads for mentions or
    # markup, and never in a mrkdwn one
    def objects(value: object) -> list[dict[str, object]]:
        if isinstance(value, dict):
            return [value, *(o for v in value.values() for o in objects(v))]
        return [o for v in value for o in objects(v)] if isinstance(value, list) else []

    texts = [o for o in objects(slack_card(item.card).blocks)
             if isinstance(o.get("text"), str) and "<!channel>" in str(o["text"])]
    assert texts and all(o["type"] == "plain_text" for o in texts)


async def test_an_edit_that_fails_to_apply_leaves_the_card_and_the_stream_goes_on(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """A revision whose own handling raises (here: a reviser that cannot edit) is logged and
    marked done; the batch it came in commits, its other posts decided."""
    h = Revising(store, clock, tmp_path / "r.jsonl")

    class Broken:
        async def revise(self, *_: object) -> list[str]:
            raise ValueError("cannot edit")

    h.pipeline.reviser = Broken()
    m = mention("1", "I love the new release", clock=clock)
    await h.pipeline.process(m)
    result = await h.pipeline.process_batch([edited(m, "I love it, edited", clock),
                                             mention("2", "love this too", clock=clock)])
    assert len(result.signals) == 1 and result.signals[0].id == "mastodon:2"
    await h.outbox.drain()
    assert [r[0] for r in h.shown()] == ["post", "post"]


async def test_a_delete_heard_by_two_processes_at_once_is_told_once(
        two_stores: tuple[Store, Store], clock: FakeClock, tmp_path: Path) -> None:
    """Each process's stream hears the delete at its own time: still one thread line."""
    one, two = two_stores
    a = Revising(one, clock, tmp_path / "a.jsonl")
    b = Revising(two, clock, tmp_path / "a.jsonl")
    b.outbox.owner = "b"
    await a.pipeline.process(mention("1", "login is broken", clock=clock))
    await a.outbox.drain()
    first = tombstone("1", source="a", at=clock())
    second = tombstone("1", source="b", at=clock() + timedelta(seconds=2))
    await asyncio.gather(a.pipeline.process(first), b.pipeline.process(second))
    await asyncio.gather(a.outbox.drain(), b.outbox.drain())
    assert [r[4] for r in a.shown() if r[0] == "update"] == [
        "socialops: mastodon:1 deleted by its author"]
    t = await two.get_ticket("T-1")
    assert t is not None and [e.action for e in t.history].count("post deleted") == 1
