"""The pipeline on real parts (SQLite store, compiled rules, ticket and alert handlers, outbox,
console workspace); only the enrichment is a small test-side Facts, so these tests pin down the
pipeline's own duties: dedup, cross-posts, lazy sentiment, crash-safe re-processing."""

from __future__ import annotations

import asyncio
import io
import itertools
import logging
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core import keys
from bot.core.config import ChannelConfig, StoreConfig
from bot.core.errors import StoreError, StoreUnavailable
from bot.core.models import (
    TRACE_TEXT,
    Author,
    AuthorContext,
    Intent,
    Mention,
    RouteHit,
    Sentiment,
    Signal,
    Trace,
    TraceHit,
)
from bot.core.ports import Store, Suppressed
from bot.core.text import fold
from bot.engine import pipeline as pipeline_module
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from bot.engine.pipeline import (
    Pipeline,
    _TraceFields,
    card_key,
    fingerprint,
    trace,
    trace_text,
)
from bot.engine.router import LiveRouter
from bot.enrich.author import AuthorContextBuilder
from bot.store import layout as L
from bot.store import open_store
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.routing import Batch, RouteActions
from handlers.tickets import TicketService
from integrations.console.workspace import ConsoleWorkspace
from rules import parse_rules
from tests.conftest import FakeClock

RULES = """\
routes:
  - name: support
    match: {any: [broken, refund]}
    action: ticket
    channel: support
    sla: 30m
  - name: praise
    match: {any: [love]}
    action: alert
    channel: marketing
"""
CHANNELS = {"support": ChannelConfig(workspace="console", id="support"),
            "marketing": ChannelConfig(workspace="console", id="marketing")}


@dataclass
class Facts:
    mention: Mention
    calls: list[str] = field(default_factory=list)

    def folded(self) -> str:
        return fold(self.mention.text)

    def language(self) -> str | None:
        self.calls.append("language")
        return "en"

    def sentiment(self) -> Sentiment:
        self.calls.append("sentiment")
        return Sentiment(compound=-0.4, label="negative", method="test")

    def intent(self) -> Intent:
        self.calls.append("intent")
        return "complaint"

    def signal(self, *, routes: tuple[RouteHit, ...], keywords: tuple[str, ...],
               author_context: AuthorContext | None = None,
               score_sentiment: bool = False) -> Signal:
        return Signal(mention=self.mention, language=self.language(), routes=routes,
                      keywords=keywords,
                      sentiment=self.sentiment() if score_sentiment else Sentiment(),
                      author_context=author_context or AuthorContext())


class Harness:
    def __init__(self, store: Store, clock: FakeClock, record: Path, *,
                 rules: str = RULES) -> None:
        self.store = store
        self.clock = clock
        self.console = ConsoleWorkspace("console", out=io.StringIO(), record_path=record)
        self.outbox = Outbox(store, {"console": self.console}, clock=clock)
        self.facts: list[Facts] = []
        applier = Applier(store)
        audit = Audit(clock=clock)
        tickets = TicketService(store, applier, clock=clock, audit=audit,
                                directory=Directory([]), escalations={}, channels=CHANNELS)
        ruleset = parse_rules(rules, file="rules.yaml", channels=CHANNELS, escalations=set())
        self.pipeline = Pipeline(store=store, tx=applier, facts=self.make_facts,
                                 router=LiveRouter(store, ruleset, clock=clock),
                                 actions=RouteActions(store, tickets, applier, clock=clock),
                                 clock=clock, new_batch=Batch)

    def make_facts(self, mention: Mention) -> Facts:
        f = Facts(mention)
        self.facts.append(f)
        return f

    def posts(self) -> list[tuple[str, str]]:
        return [(r["channel"], r["key"]) for r in self.console.records() if r["op"] == "post"]


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    s = await open_store(StoreConfig(path=str(tmp_path / "p.db")), redis_url=None, clock=clock)
    yield s
    await s.close()


@pytest.fixture
def h(store: Store, clock: FakeClock, tmp_path: Path) -> Harness:
    return Harness(store, clock, tmp_path / "record.jsonl")


def mention(native: str, text: str, *, network: str = "mastodon", handle: str = "kasia",
            author_id: str = "a1", thread: str | None = None, clock: FakeClock) -> Mention:
    return Mention(id=f"{network}:{native}", network=network, source="test", text=text,  # type: ignore[arg-type]
                   author=Author(id=author_id, handle=handle), created_at=clock(),
                   thread_id=thread)


async def test_exact_duplicate_is_processed_once(h: Harness, clock: FakeClock) -> None:
    m = mention("1", "I love the new release", clock=clock)
    assert await h.pipeline.process(m) is not None
    assert await h.pipeline.process(m) is None
    await h.outbox.drain()
    assert h.posts() == [("marketing", "mastodon:1|praise")]
    assert h.pipeline.tally.duplicates == 1


async def test_a_duplicate_within_one_batch_is_counted(h: Harness, clock: FakeClock) -> None:
    """A file or page that repeats an id: one card, and the repeat counted as an exact
    duplicate (a replay summary said 0 of them, and receipts fetched one post fewer)."""
    m = mention("1", "I love the new release", clock=clock)
    result = await h.pipeline.process_batch([m, m, mention("2", "hello", clock=clock)])
    assert result.duplicates == 1 and h.pipeline.tally.duplicates == 1
    assert h.pipeline.tally.received == 3
    await h.outbox.drain()
    assert h.posts() == [("marketing", "mastodon:1|praise")]
    day = int(clock().timestamp() // 86400)
    assert (await h.store.tallies(day))["fetched\x1ftest"] == {day: 3}


async def test_cross_post_by_same_person_is_a_duplicate(h: Harness, clock: FakeClock) -> None:
    text = "I love the new release, the sync is so much faster now"
    await h.pipeline.process(mention("1", text, handle="kasia@mastodon.social", clock=clock))
    again = mention("9", text + " https://t.co/x", network="bluesky",
                    handle="kasia.bsky.social", author_id="did:plc:k", clock=clock)
    assert await h.pipeline.process(again) is None
    other_person = mention("7", text, network="x", handle="bob", author_id="b", clock=clock)
    assert await h.pipeline.process(other_person) is not None
    assert h.pipeline.tally.crossposts == 1



async def test_posts_of_no_known_author_are_not_each_others_cross_posts(
        h: Harness, clock: FakeClock) -> None:
    """Two deleted Reddit accounts (or tweets without an author) saying the same words are two
    people: the second was not alerted, as a cross-post of the first."""
    text = "I love the new release, the sync is so much faster now"
    for n, (network, handle) in enumerate([("reddit", "[deleted]"), ("reddit", "[deleted]"),
                                           ("x", "[unknown]")]):
        post = mention(str(n), text, network=network, handle=handle,
                       author_id=f"{handle}:{n}", clock=clock)
        assert await h.pipeline.process(post) is not None
    assert h.pipeline.tally.crossposts == 0

@pytest.mark.parametrize("together", [False, True])
async def test_an_unmatched_post_does_not_make_its_matched_twin_a_cross_post(
        store: Store, clock: FakeClock, tmp_path: Path, together: bool) -> None:
    """Only a post a route matched claims its fingerprint: the same words on a network a route
    watches alert even when the first copy (on a network none watches) came before, in an
    earlier batch or the same one; a second matched copy is still a cross-post."""
    h = Harness(store, clock, tmp_path / "record.jsonl", rules="""\
routes:
  - {name: bsky, match: {any: [outage], network: [bluesky]}, action: alert, channel: marketing}
""")
    text = "acme outage again since this morning, nothing loads"
    first = mention("1", text, handle="kasia@mastodon.social", clock=clock)
    twin = mention("9", text, network="bluesky", handle="kasia.bsky.social",
                   author_id="did:plc:k", clock=clock)
    third = mention("8", text, network="bluesky", handle="kasia.bsky.social",
                    author_id="did:plc:k2", clock=clock)
    if together:
        result = await h.pipeline.process_batch([first, twin, third])
        assert [s.id for s in result.signals] == ["bluesky:9"]
    else:
        assert await h.pipeline.process(first) is None
        assert await h.pipeline.process(twin) is not None
        assert await h.pipeline.process(third) is None
    assert h.pipeline.tally.crossposts == 1
    traced = await store.get_trace("bluesky:8")
    assert traced is not None and (traced.outcome, traced.detail) == ("crosspost", "bluesky:9")
    await h.outbox.drain()
    assert h.posts() == [("marketing", "bluesky:9|bsky")]


async def test_a_large_batch_gives_the_event_loop_turns(h: Harness, clock: FakeClock,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch is decided on the event loop that also answers chat: it lets other tasks run
    every ``TURN_AFTER`` of its work (here after every step, so between any two posts'
    enrichments), and still decides every post once."""
    monkeypatch.setattr(pipeline_module, "TURN_AFTER", 0.0)
    events: list[str] = []
    scored = Facts.sentiment

    def sentiment(self: Facts) -> Sentiment:
        events.append("enriched")
        return scored(self)

    monkeypatch.setattr(Facts, "sentiment", sentiment)

    async def other_task() -> None:  # a Slack acknowledgement, a lease renewal
        while True:
            if events[-1:] != ["other"]:
                events.append("other")
            await asyncio.sleep(0)

    task = asyncio.create_task(other_task())
    batch = [mention(str(i), f"I love the new release, take {i}", author_id=f"a{i}",
                     handle=f"p{i}", clock=clock) for i in range(20)]
    result = await h.pipeline.process_batch(batch)
    task.cancel()
    assert result.routed == 20 and events.count("enriched") >= 20
    pairs = list(itertools.pairwise(events))
    assert ("enriched", "enriched") not in pairs, events
    await h.outbox.drain()
    assert len(h.posts()) == 20


async def test_the_fired_posts_languages_come_before_their_models(
        h: Harness, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch's fired posts are enriched in two passes: every one's language (lingua), then
    every one's sentiment and intent (the embedded model). Taking turns post by post, each
    pushed the other's tables out of the CPU's caches (``_enrich_fired``). A post no route
    fired for is not enriched."""
    events: list[str] = []

    def logged(kind: str, real: Any) -> Any:
        def call(self: Facts, *args: Any, **kw: Any) -> Any:
            events.append(f"{kind} {self.mention.id}")
            return real(self, *args, **kw)
        return call

    for kind in ("language", "sentiment", "intent", "signal"):
        monkeypatch.setattr(Facts, kind, logged(kind, getattr(Facts, kind)))
    batch = [mention("1", "I love the new release", author_id="a1", handle="p1", clock=clock),
             mention("2", "nice weather today in Kraków", author_id="a2", handle="p2",
                     clock=clock),
             mention("3", "my refund is broken", author_id="a3", handle="p3", clock=clock),
             mention("4", "I love the old release too", author_id="a4", handle="p4",
                     clock=clock)]
    result = await h.pipeline.process_batch(batch)
    assert result.routed == 3
    enriching = events[:events.index("signal mastodon:1")]
    assert enriching == ["language mastodon:1", "language mastodon:3", "language mastodon:4",
                         "sentiment mastodon:1", "intent mastodon:1",
                         "sentiment mastodon:3", "intent mastodon:3",
                         "sentiment mastodon:4", "intent mastodon:4"]


async def test_a_fired_posts_customer_context_is_read_in_its_own_turn(
        h: Harness, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Each fired post's customer context is read in its own turn, after the posts before it
    were acted on, so what that read meets is said after them: here a damaged earlier signal
    of the second post's author (one warning line) comes after the first post's own failures
    and its dead letter, never on a batch that post's failure ended. (5fe40c2 read every
    context before any action: the warning came first, on the batch the first post failed;
    reverted, with the same lines in another order as one reason.)"""
    h.pipeline.author_history = AuthorContextBuilder(h.store)  # type: ignore[arg-type]
    events: list[str] = []
    read, apply = type(h.store).customer_history, RouteActions.apply

    async def customer_history(self: Any, key: str, limit: int = 20) -> Any:
        events.append(f"read {key}")
        return await read(self, key, limit)

    async def logged_apply(self: RouteActions, signal: Signal, *args: Any) -> str:
        events.append(f"act {signal.id}")
        return await apply(self, signal, *args)

    monkeypatch.setattr(type(h.store), "customer_history", customer_history)
    monkeypatch.setattr(RouteActions, "apply", logged_apply)
    await h.pipeline.process_batch([mention("0", "I love it, take 0", author_id="b",
                                            handle="b", clock=clock)])
    with sqlite3.connect(tmp_path / "p.db") as db:  # the author's stored signal, damaged
        db.execute(f"UPDATE {L.T_SIGNALS} SET json = 'not json'")
    real = Facts.signal

    def signal(self: Facts, **kw: Any) -> Signal:
        if self.mention.id == "mastodon:1":
            raise ValueError("its own failure")
        return real(self, **kw)

    monkeypatch.setattr(Facts, "signal", signal)
    batch = [mention("1", "I love it, take 1", author_id="a", handle="a", clock=clock),
             mention("2", "I love it, take 2", author_id="b", handle="b", clock=clock),
             mention("3", "my refund is broken", author_id="c", handle="c", clock=clock)]
    events.clear()
    caplog.set_level(logging.WARNING)
    for _ in range(pipeline_module.POISON_AFTER - 1):
        with pytest.raises(pipeline_module.PoisonRetry):
            await h.pipeline.process_batch(batch)
    result = await h.pipeline.process_batch(batch)
    assert (result.routed, result.dead) == (2, 1)
    said = ["mention mastodon:1 failed (1 of 3)", "mention mastodon:1 failed (2 of 3)",
            "mention mastodon:1 failed 3 times; set aside as a dead letter",
            f"skipped signal mastodon:0 in the SQLite store at {tmp_path / 'p.db'}"]
    lines = [r.getMessage() for r in caplog.records]
    assert [line[:len(start)] for line, start in zip(lines, said, strict=True)] == said
    a, b, c = (m.customer_key for m in batch)
    assert events == [f"read {a}"] * 3 + [f"read {b}", "act mastodon:2", f"read {c}",
                                          "act mastodon:3"]


async def test_a_store_failing_at_the_customer_context_fails_the_batch_at_one_read(
        h: Harness, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store failing when the fired posts' customer context is read is every post's: the
    batch fails (to be retried) at the first read, as when each post read it in its own turn;
    the posts after it are not read (on Redis each read would wait for its timeout), nor is
    the failed one read again."""
    h.pipeline.author_history = AuthorContextBuilder(h.store)  # type: ignore[arg-type]
    reads: list[str] = []

    async def customer_history(self: Any, key: str, limit: int = 20) -> Any:
        reads.append(key)
        raise StoreUnavailable("the store is down")

    monkeypatch.setattr(type(h.store), "customer_history", customer_history)
    batch = [mention(str(i), f"I love the new release, take {i}", author_id=f"a{i}",
                     handle=f"p{i}", clock=clock) for i in range(3)]
    with pytest.raises(StoreError, match="the store is down"):
        await h.pipeline.process_batch(batch)
    assert reads == [batch[0].customer_key]
    assert await h.store.seen_many([keys.done(m.id) for m in batch]) == set()  # nothing kept


async def test_a_store_failing_at_a_later_posts_customer_context_is_met_once(
        h: Harness, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store going down at the third fired post's customer context fails the batch there:
    the earlier posts' actions, which read the store too (their conversation's open ticket),
    do not meet the outage again. On Redis each call to a store that does not answer waits
    for its timeout and the client's retries (about 10 s with a 1 s timeout, measured), so a
    second call doubled the time the batch took to fail."""
    h.pipeline.author_history = AuthorContextBuilder(h.store)  # type: ignore[arg-type]
    cls = type(h.store)
    read, find = cls.customer_history, cls.find_open_ticket
    failed: list[str] = []
    reads: list[str] = []

    async def customer_history(self: Any, key: str, limit: int = 20) -> Any:
        reads.append(key)
        if len(reads) >= 3:  # the store stops answering here
            failed.append(f"read {key}")
            raise StoreUnavailable("the store is down")
        return await read(self, key, limit)

    async def find_open_ticket(self: Any, *args: Any) -> Any:
        if failed:
            failed.append("find_open_ticket")
            raise StoreUnavailable("the store is down")
        return await find(self, *args)

    monkeypatch.setattr(cls, "customer_history", customer_history)
    monkeypatch.setattr(cls, "find_open_ticket", find_open_ticket)
    batch = [mention(str(i), f"my refund is broken, take {i}", author_id=f"a{i}",
                     handle=f"p{i}", clock=clock) for i in range(4)]
    with pytest.raises(StoreError, match="the store is down"):
        await h.pipeline.process_batch(batch)
    assert failed == [f"read {batch[2].customer_key}"]
    assert await h.store.seen_many([keys.done(m.id) for m in batch]) == set()  # nothing kept
    assert await h.store.list_tickets() == []


def test_short_posts_have_no_fingerprint(clock: FakeClock) -> None:
    assert fingerprint(mention("1", "down again", clock=clock)) is None


async def test_sentiment_only_for_posts_that_fire(h: Harness, clock: FakeClock) -> None:
    await h.pipeline.process(mention("1", "nice weather today in Kraków", clock=clock))
    await h.pipeline.process(mention("2", "I love it", clock=clock))
    assert "sentiment" not in h.facts[0].calls
    assert "sentiment" in h.facts[1].calls
    stored = await h.store.get_signal("mastodon:2")
    assert stored is not None and stored.sentiment.label == "negative"
    assert [r.route for r in stored.routes] == ["praise"]


async def test_same_customer_same_thread_attaches_to_open_ticket(h: Harness,
                                                                 clock: FakeClock) -> None:
    await h.pipeline.process(mention("1", "login broken", thread="100", clock=clock))
    clock.advance(minutes=5)
    await h.pipeline.process(mention("2", "still broken, refund?", thread="100", clock=clock))
    await h.pipeline.process(mention("3", "broken for me too", thread="100", author_id="zz",
                                     handle="zz", clock=clock))
    tickets = await h.store.list_tickets()
    assert [(t.id, t.mention_ids) for t in tickets] == [
        ("T-1", ("mastodon:1", "mastodon:2")), ("T-2", ("mastodon:3",))]
    assert tickets[0].sla_due == tickets[0].created_at + timedelta(minutes=30)


async def test_reprocessing_after_a_crash_doubles_nothing(h: Harness, clock: FakeClock,
                                                          store: Store) -> None:
    """A crash after the side effects but before the mention was marked done: the mention
    comes again (cursor not committed) and nothing visible happens twice."""
    m1 = mention("1", "login broken", clock=clock)
    m2 = mention("2", "I love it", clock=clock)
    await h.pipeline.process(m1)
    await h.pipeline.process(m2)
    # forget the done-marks, as if the process died right before writing them
    fresh = Harness(store, clock, h.console.record_path or Path("x"))
    clock.advance(hours=100)  # done-marks expired: equivalent to never written
    await fresh.pipeline.process(m1.model_copy())
    await fresh.pipeline.process(m2.model_copy())
    await h.outbox.drain()
    await fresh.outbox.drain()
    assert sorted(h.posts()) == [("marketing", "mastodon:2|praise"), ("support", "T-1")]
    assert [t.id for t in await store.list_tickets()] == ["T-1"]


# -- traces: written as JSON straight from their fields (one per fetched post) -------------------


def test_trace_fields_are_the_trace_model_fields() -> None:
    assert set(_TraceFields.__annotations__) == set(Trace.model_fields)


@pytest.mark.parametrize("form", ["unrouted", "no url", "routed", "suppressed", "crosspost"])
def test_a_trace_reads_back_as_the_trace_it_describes(form: str, clock: FakeClock) -> None:
    m = mention("5", "login broken again, refund? " + "x" * 600, clock=clock)
    if form == "no url":
        m = m.model_copy(update={"url": None})
    else:
        m = m.model_copy(update={"url": "https://mastodon.example/@kasia/5"})
    now = clock() + timedelta(seconds=3)
    hit = RouteHit(route="support", action="ticket", workspace="console", channel="support")
    kwargs: dict[str, Any] = {
        "unrouted": {}, "no url": {},
        "routed": {"keywords": ("broken", "refund"), "hits": [(hit, "ticket T-3")]},
        "suppressed": {"suppressed": [Suppressed(route="support", reason="quiet hours")]},
        "crosspost": {"detail": "bluesky:9"},
    }[form]
    outcome = {"routed": "routed", "crosspost": "crosspost"}.get(form, "unrouted")
    written = trace(m, now, outcome, **kwargs)  # type: ignore[arg-type]
    expected = Trace(
        id=m.id, source=m.source, network=m.network, url=m.url, author=m.author.handle,
        text=m.text[:TRACE_TEXT], created_at=m.created_at, fetched_at=now, outcome=outcome,  # type: ignore[arg-type]
        detail=kwargs.get("detail", ""), keywords=kwargs.get("keywords", ()),
        suppressed=tuple((s.route, s.reason) for s in kwargs.get("suppressed", ())),
        hits=tuple(TraceHit(route=h.route, action=h.action, workspace=h.workspace,
                            channel=h.channel, outcome=o, card=card_key(m.id, h, o))
                   for h, o in kwargs.get("hits", ())))
    assert Trace.model_validate_json(written.json) == expected
    assert (written.id, written.url, written.fetched) == (m.id, m.url, now.timestamp())
    if form == "routed":
        assert expected.hits[0].card == "T-3@support"


async def test_the_days_tallies_say_what_was_already_seen_per_source(
        h: Harness, store: Store, clock: FakeClock) -> None:
    """A post read again counts as fetched, and as already seen (``socialops report``), in a
    source's own batch and in a batch of several sources; it was only counted as fetched."""
    def of(source: str, native: str) -> Mention:
        return mention(native, f"post {native}", clock=clock).model_copy(
            update={"source": source})

    await h.pipeline.process_batch([of("one", "1"), of("two", "2")])
    # mixed: 1 seen before and repeated within the batch; 3 is new
    await h.pipeline.process_batch([of("one", "1"), of("one", "1"), of("two", "3")])
    await h.pipeline.process_batch([of("two", "3")])  # one source's own batch
    day = int(clock().timestamp() // 86400)
    tallies = {name: by_day[day] for name, by_day in (await store.tallies(day)).items()
               if name.startswith(("fetched", "duplicates"))}
    assert tallies == {"fetched\x1fone": 3, "fetched\x1ftwo": 3,
                       "duplicates\x1fone": 2, "duplicates\x1ftwo": 1}


def test_a_trace_cuts_its_text_and_detail_between_characters(clock: FakeClock) -> None:
    """The trace kept the first ``TRACE_TEXT`` code points of a post and 500 of a detail: a
    flag (two code points) across the cut was kept as half a flag, which `why` shows. The
    text keeps every whole character up to the cut, with no marker (the preview matches rules
    on it; a word across the cut is left out: the next test); the detail, read alone, ends
    with "…"."""
    flag = "\U0001F1E9\U0001F1EA"
    m = mention("5", "x" * (TRACE_TEXT - 1) + flag + " tail", clock=clock)
    detail = "ValueError: " + "y" * (500 - 13) + flag + " tail"
    written = Trace.model_validate_json(trace(m, clock(), "dead", detail=detail).json)
    assert written.text == "x" * (TRACE_TEXT - 1)
    assert written.detail == detail[:499] + "…"


def test_a_traces_text_reads_the_characters_before_the_cut_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """trace_text looked for a word's end before the cut by cutting at each of WORD_BACK
    places, each reading back to the start of the character it fell in: before a cut inside
    a long character (a letter under marks, a run of Hangul jamo, a joined emoji sequence)
    that was WORD_BACK times its length. It reads them once; the answer is the same."""
    from bot.core import text as text_module

    read: list[int] = []
    real = text_module._GRAPHEME

    class Counting:
        def finditer(self, s: str, pos: int = 0, endpos: int | None = None) -> Any:
            read.append((len(s) if endpos is None else endpos) - pos)
            return real.finditer(s, pos, endpos)

        def match(self, s: str, *args: Any) -> Any:
            return real.match(s, *args)

    for long in ("a" + "\u0301" * (TRACE_TEXT - 1), "\u1100" * TRACE_TEXT,
                 "\u200d".join(["\U0001F469"] * (TRACE_TEXT // 2))):
        text = long[:TRACE_TEXT - 3] + "bcdefgh" * 10
        want = trace_text(text)
        read.clear()
        with monkeypatch.context() as patched:
            patched.setattr(text_module, "_GRAPHEME", Counting())
            assert trace_text(text) == want
        assert sum(read) <= 8 * TRACE_TEXT, (long[:2], sum(read))


def test_a_traces_text_ends_before_a_word_the_cut_would_split() -> None:
    """The preview matches keywords on a trace's text, whose end reads as a word's end: it
    ends before a word across the cut (one of marks too: 'café' written e + U+0301), but not
    in a script without spaces, and a word longer than WORD_BACK is cut inside it."""
    pad = "x " * ((TRACE_TEXT - 4) // 2)
    assert trace_text(pad + "zorblaxian") == pad.rstrip()
    assert trace_text(pad + "cafe\u0301 au lait") == pad.rstrip()
    assert trace_text(pad + "cafe, au lait") == pad + "cafe"  # the cut falls at a word's end
    assert trace_text("漢字" * 400) == ("漢字" * 400)[:TRACE_TEXT]
    assert trace_text("y" * 1000) == "y" * TRACE_TEXT
    korean = "가 " * ((TRACE_TEXT - 2) // 2) + "은행은 " * 5  # a particle after its word
    assert trace_text(korean).endswith("가 은행"), trace_text(korean)[-10:]  # 은행 matches
