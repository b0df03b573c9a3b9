"""The mention pipeline (DESIGN §1): normalise → dedup → enrich → route → act → outbox, a batch
at a time.

One batch costs a fixed number of store round trips whatever its size: one read of the done
marks, one read of the routing version, one claim of the cross-post fingerprints of the posts a
route matched (none when no post matched; in a process's first hour, one read of the earlier
releases' claims before it, ``_earlier_owners``), then one transaction with everything the batch
caused (signals, tickets, audit rows, outbox items,
timers, group buffers, spike counts, the done marks and the source's cursor). Routed mentions
add their own indexed reads (the customer's context, an open ticket of the conversation).

Crash safety: nothing of a batch is durable until its one transaction commits, and the
cursor moves in that same transaction, so a crash re-reads the batch and re-decides it; the
fingerprint claims made before are idempotent (a mention re-claims its own). Because they are,
two processes deciding one post at once (sources whose queries overlap, a stream entry taken
over from a stalled consumer) both pass them: a routed post's done mark is therefore written
only if still unset (``Effects.mark(new=True)``), and the batch that finds it set conflicts,
drops the posts finished meanwhile as duplicates and decides the rest again.

Dedup covers exact repeats (the same ``network:id``) and cross-posts (the same person posting the
same text on several networks within the hour, ``bot.engine.crosspost``): a fingerprint of the
folded text (and the post a reply answers) under each name of its author is claimed, all its
keys or none, by the first mention a route matched (fired or held back); later matched ones are
counted as duplicates of it. A post no route matched claims nothing:
it could not alert twice, and its twin on a network a route does watch must not pass for a repeat
of it.

Enrichment is lazy: an unrouted mention is folded once and matched, never language-detected,
classified or scored unless a rule or subscription asks; it leaves only a footprint for customer
context (id, customer, time), not a signal.

A mention whose processing raises (from building its facts to routing and acting on it) is
retried with its batch; after ``POISON_AFTER`` failures it is set aside as a dead letter with
its reason, and the source moves on.

A batch is decided on the event loop, which also answers chat and renews leases: after every
``TURN_AFTER`` of its work (enriching and acting on routed posts costs about 0.7 ms each) the
loop gets a turn, so a large batch of routed posts (a poll after an outage, a replay) holds it
for about that long at a time rather than for the whole batch (``benchmarks/loop_stalls.py``).
Other work may run in those turns, as it does at every store round trip on Redis; the batch's
writes stay one transaction, and they are idempotent (outbox keys, a ticket's mentions).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple, Protocol, TypedDict

from pydantic_core import from_json, to_json

from bot.core import keys as K
from bot.core.effects import DeadLetter, Effects, TraceWrite
from bot.core.errors import StoreError, UnreadableRecord
from bot.core.metrics import Metrics
from bot.core.models import (
    TRACE_TEXT,
    AuthorContext,
    Intent,
    Mention,
    RouteHit,
    Sentiment,
    Signal,
    TraceHit,
    TraceOutcome,
    kept_for,
)
from bot.core.networks import back_how, gone_how
from bot.core.ports import (
    AuthorHistory,
    Clock,
    DeadItem,
    Facts,
    RoutingDecision,
    Store,
    Transactions,
)
from bot.core.redact import Redaction
from bot.core.text import boundary_ok, grapheme_cut, normalise, truncate
from bot.engine.crosspost import (
    CROSSPOST_WINDOW,
    REPLY_HOLDER,
    Fingerprint,
    earlier_claim_agrees,
    fingerprint,
    namesakes,
    one_account_perhaps,
)

log = logging.getLogger(__name__)

POISON_AFTER = 3
REASON_LENGTH = 500  # characters of a failure's text kept (a server's whole error page: no)
ATTEMPTS = 10
EDITS_SHOWN = 5  # edits of one post its cards and tickets show; later ones only `why`
TURN_AFTER = 0.005  # seconds of a batch's work between turns the event loop gets


class EnrichedFacts(Facts, Protocol):
    def signal(self, *, routes: tuple[RouteHit, ...], keywords: tuple[str, ...],
               author_context: AuthorContext | None = None,
               score_sentiment: bool = False) -> Signal: ...


FactsFactory = Callable[[Mention], EnrichedFacts]


class LiveRouting(Protocol):
    async def refresh(self, *, force: bool = False) -> bool: ...
    def route(self, facts: Facts, now: datetime) -> RoutingDecision: ...


class RouteApplier(Protocol):
    async def apply(self, signal: Signal, hit: RouteHit, fx: Effects, batch: Any) -> str: ...

    async def stand_in(self, signal: Signal, hit: RouteHit, fx: Effects,
                       batch: Any) -> str | None:
        """A subscription's hit a ticket route's card stood in for in its channel, when the
        post's ticket has no card there: applied (its outcome); else None."""
        ...


class Reviser(Protocol):
    async def revise(self, old: Signal, new: Signal, fx: Effects, batch: Any, *,
                     erased: str | None = None) -> list[str]:
        """The cards of a post edited or deleted by its author, or whose author's data were
        ``erased`` (``socialops forget``: the thread line's words), edited (``RouteActions``)."""
        ...


BatchFactory = Callable[[], Any]


class SignalCounter(Protocol):
    def __call__(self, signal: Signal, fx: Effects, held: Sequence[str] = ()) -> None:
        """Count ``signal`` into its spike series; ``held``: the routes that matched it but
        were held back (a silence, a mute, quiet hours, an inhibition)."""


@dataclass
class Tally:
    """Counts for summaries (`socialops demo`, `replay`), logs and status."""

    received: int = 0
    processed: int = 0
    duplicates: int = 0
    crossposts: int = 0
    routed: int = 0
    unrouted: int = 0
    dead: int = 0
    by_route: Counter[str] = field(default_factory=Counter)
    by_channel: Counter[str] = field(default_factory=Counter)
    by_action: Counter[str] = field(default_factory=Counter)
    suppressed: Counter[str] = field(default_factory=Counter)


@dataclass
class BatchResult:
    signals: list[Signal] = field(default_factory=list)
    new: int = 0
    duplicates: int = 0
    routed: int = 0
    dead: int = 0


def _rounds(batch: Sequence[Mention]) -> list[list[Mention]]:
    """``batch`` without its exact repeats (the same version of a post read twice: the last
    read kept, in the first's place), in rounds that each hold a post once: a post's later
    versions (its edits, its delete) in later rounds, in the order read. One round when no
    post comes twice."""
    def version(m: Mention) -> tuple[str, str | None, datetime | None]:
        # its author's delete is once a post whenever it was heard (as its done mark:
        # K.revised); a removal once a removal
        return (m.id, m.revision, m.revised_at if m.revision == "edit"
                or m.removed_by is not None else None)

    rounds: list[list[Mention]] = []
    seen: Counter[str] = Counter()
    for m in {version(m): m for m in batch}.values():
        n = seen[m.id]
        seen[m.id] += 1
        if n == len(rounds):
            rounds.append([])
        rounds[n].append(m)
    return rounds or [[]]


class PoisonRetry(Exception):
    """A mention failed (not yet often enough to set it aside): the batch is retried."""


class Pipeline:
    def __init__(self, *, store: Store, tx: Transactions, facts: FactsFactory,
                 router: LiveRouting, actions: RouteApplier, clock: Clock,
                 new_batch: BatchFactory,
                 author_history: AuthorHistory | None = None,
                 count_signal: SignalCounter | None = None, metrics: Metrics | None = None,
                 dedup_ttl_seconds: int = 72 * 3600,
                 trace_ttl_seconds: int = 7 * 86400,
                 dead_ttl_seconds: int = 30 * 86400,
                 refine: Callable[[Sequence[Facts]], Awaitable[None]] | None = None,
                 on_dead: Callable[[Mention, str, Effects], None] | None = None,
                 redact: Callable[[str], str] | None = None,
                 reviser: Reviser | None = None) -> None:
        """``refine``: asked, once per batch before routing, to improve the facts of the new
        mentions (the optional model endpoint's labels); bounded in time by its owner.
        ``on_dead``: adds to the effects that set a mention aside (the ops notice).
        ``dead_ttl_seconds``: how long a dead letter is kept (``store.retention.dead_days``),
        and so its mention's done mark: a source reading the post again meanwhile skips it,
        and its retry is the one time it is acted on.
        ``redact``: what a failure's text is kept and told as (the config's secrets, tokens,
        URL passwords hidden: ``bot.core.redact.Redaction``), since an exception's text may
        quote the URL, header or server answer that carried one."""
        self.redact = redact or Redaction()
        self.reviser = reviser  # None: an edit or delete of a post with cards changes none
        self.refine = refine
        self.on_dead = on_dead
        self.store = store
        self.tx = tx
        self.facts = facts
        self.router = router
        self.actions = actions
        self.clock = clock
        self.new_batch = new_batch
        self.author_history = author_history
        self.count_signal = count_signal
        self.metrics = metrics or Metrics()
        self.ttl = dedup_ttl_seconds
        self.trace_ttl = trace_ttl_seconds
        self.dead_ttl = max(dead_ttl_seconds, dedup_ttl_seconds)
        self.tally = Tally()
        self.started = clock()  # a post made before (and within the hour) may be the copy of
        # one the release before claimed (``_earlier_owners``)

    async def process(self, mention: Mention) -> Signal | None:
        """Process one mention (its own batch). Returns its Signal, or None if it was a
        duplicate or routed nowhere."""
        result = await self.process_batch([mention])
        return result.signals[0] if result.signals else None

    async def process_batch(self, mentions: Sequence[Mention], *,
                            cursors: Mapping[str, str] | None = None) -> BatchResult:
        """Process a batch and commit ``cursors`` (the source's new position) with it.

        A post and its edit or delete in one batch (a replay file, a stream's burst) are
        decided in turn, each in a transaction of its own, the cursors with the last: the edit
        acts as it does in a batch of its own (the card edited, badged ``edited``), never as
        a duplicate of its post. A crash between them re-reads the batch: what was done is
        found done."""
        self.tally.received += len(mentions)
        by_source = Counter(m.source for m in mentions)
        for source, n in by_source.items():
            self.metrics.inc("mentions_in_total", n, source=source)
        normalised = list(map(normalise, mentions))
        rounds = _rounds(normalised)
        repeated = len(mentions) - sum(map(len, rounds))  # repeated within the batch itself
        out = BatchResult()
        for n, batch in enumerate(rounds):
            last = n == len(rounds) - 1
            done = await self._decided(batch, by_source=by_source if n == 0 else Counter(),
                                       cursors=cursors if last else None,
                                       repeated=repeated if n == 0 else 0)
            out.signals += done.signals
            out.new += done.new
            out.duplicates += done.duplicates
            out.routed += done.routed
            out.dead += done.dead
        return out

    async def _decided(self, batch: list[Mention], *, by_source: Counter[str],
                       cursors: Mapping[str, str] | None, repeated: int) -> BatchResult:
        """One round of a batch: each post at most once."""
        fresh, result = await self._dedup(batch)
        result.duplicates += repeated
        if self.refine is not None and fresh:
            await self.refine([p.facts for p in fresh])
        # a mention that cannot even be prepared is poison like one that fails routing: once
        # per batch, counted, and set aside after POISON_AFTER failures (or the batch retried)
        set_aside = Effects()
        for m, exc in result.broken:
            set_aside.merge(await self._poisoned(m, exc))
        for attempt in range(ATTEMPTS):
            if attempt:  # a conflict: another process may have finished some posts meanwhile
                done = await self.store.seen_many([p.mark for p in fresh]
                                                  + [p.mark for p, _ in result.revising])
                if done:
                    result.duplicates += sum(p.mark in done for p in fresh) + sum(
                        p.mark in done for p, _ in result.revising)
                    fresh = [p for p in fresh if p.mark not in done]
                    result.revising = [(p, o) for p, o in result.revising if p.mark not in done]
            fx = Effects()
            if cursors:
                fx.cursors.update(cursors)
            now = self.clock()
            for m, exc in result.broken:
                fx.traces.append((trace(m, now, "dead", detail=self.said(exc)),
                                  self.trace_ttl))
            fx.merge(set_aside)
            await self.router.refresh()
            decided = await self._decide(fresh, fx)
            revised: Counter[str] = Counter()  # by kind, once this batch's write is made
            for p, was in result.revising:
                try:
                    if await self._revise(p, was, fx, decided, now):
                        revised[p.mention.revision or "edit"] += 1
                except Exception as exc:
                    # the store failing is every post's: the batch is retried. This revision's
                    # own failure leaves its cards as they were, said once, and the stream
                    # goes on (it failed every batch it came in, for ever)
                    if isinstance(exc, StoreError) and not isinstance(exc, UnreadableRecord):
                        raise
                    log.warning("%s: its author's %s left unshown: %s", p.mention.id,
                                p.mention.revision, self.said(exc))
                    fx.mark(p.mark, self.ttl)
            for mark in result.unseen:  # a delete of a post never read: nothing shows it
                fx.mark(mark, self.ttl)
            decided.dead += len(result.broken)
            self._receipts(decided, fx, by_source=by_source, fresh=fresh, dedup=result,
                           now=now)
            if await self.tx.apply(fx):
                self._count(decided, result)
                for kind, n in revised.items():
                    self.metrics.inc("revisions_total", n, kind=kind)
                return decided.result(result)
            self.metrics.inc("store_conflicts_total", what="batch")
        raise StoreError("a batch kept conflicting with concurrent changes; retrying later")

    async def retry(self, dead: DeadItem, *, extra: Effects | None = None) -> Retried:
        """Process a dead letter's mention again, once (``socialops dead retry``): routed,
        enriched and acted on as any new post, its cards queued in the outbox, and the dead
        letter deleted in the same transaction (``Effects.revive``), with ``extra`` (its audit
        event). It is marked with a retry mark of its own (``K.retried``), not its done mark,
        which stays set: a source reading the post again still skips it. Two retries of one
        dead letter conflict in that transaction, and the one that finds it taken answers
        "taken". If it fails again it is set aside again at once, with the new reason (its
        failures are past ``POISON_AFTER`` already), and answers "dead"; a dead letter no
        longer stored as ``dead`` answers "gone". Its trace (``why``) shows the new outcome.

        A post its source read again and processed after its done mark expired (72 h) has a
        trace of that outcome (kept 7 days): it is not acted on twice, and its dead letter is
        deleted ("processed", the outcome)."""
        mention = normalise(Mention.model_validate_json(dead.data))
        mark = K.retried(mention.id, dead.at.timestamp())
        for attempt in range(ATTEMPTS):
            if await self.store.seen_many([mark]):
                return Retried("taken")
            if attempt:
                stored = await self.store.get_dead(dead.kind, dead.id)
                if stored is None or stored.at != dead.at:
                    return Retried("gone")
            fx = Effects()
            if extra is not None:
                fx.merge(extra)
            fx.revive(dead.kind, dead.id, dead.at)
            since = await self.store.get_trace(mention.id)
            if since is not None and since.outcome != "dead":
                return Retried("processed", since.outcome) if await self.tx.apply(fx) else (
                    Retried("gone"))
            # skipped by sources for as long again, or as long as it is dead if set aside again
            fx.mark(K.done(mention.id), self.dead_ttl)
            now = self.clock()
            decided = _Decided()
            prepared: list[Prepared] = []
            try:
                prepared.append(Prepared(mention, self.facts(mention), mark, again=True))
            except Exception as exc:  # as a batch's mention that cannot even be prepared
                fx.merge(await self._poisoned(mention, exc, mark=mark, again=True))
                fx.traces.append((trace(mention, now, "dead",
                                        detail=self.said(exc)), self.trace_ttl))
                decided.dead += 1
            if prepared:
                if self.refine is not None:
                    await self.refine([p.facts for p in prepared])
                await self.router.refresh()
                decided = await self._decide(prepared, fx)
                self._receipts(decided, fx, by_source=Counter(), fresh=prepared,
                               dedup=_Dedup(), now=now)
            if await self.tx.apply(fx):
                self._count(decided, _Dedup())
                return Retried.of(decided, fx)
            self.metrics.inc("store_conflicts_total", what="retry")
        raise StoreError("a retry kept conflicting with concurrent changes; try again")

    async def _dedup(self, batch: list[Mention]) -> tuple[list[Prepared], _Dedup]:
        marks = [K.done(m.id) for m in batch]
        # its author's delete is once a post, whenever each process's stream heard of it (its
        # time is ours); an edit once a version (its time the network's ``edited_at``); a
        # removal by someone else once a removal (a post approved again may be removed again:
        # its source dates each alike in every process, RedditSource._revised)
        revs = {m.id: K.revised(m.id, m.revision, 0 if m.revision == "delete"
                                and m.removed_by is None else m.revised_at.timestamp())
                for m in batch if m.revision is not None and m.revised_at is not None}
        seen = await self.store.seen_many([*marks, *revs.values()])
        dedup = _Dedup()
        fresh = []
        for m, mark in zip(batch, marks, strict=True):
            rev = revs.get(m.id)
            if rev is not None and rev in seen:  # this edit or delete acted on already
                dedup.duplicates += 1
                continue
            if mark in seen and rev is None:
                dedup.duplicates += 1
                continue
            if m.revision == "delete":
                if mark in seen and (old := await self.store.get_signal(m.id)) is not None:
                    dedup.revising.append((Prepared(m, _NoFacts(m), rev or mark), old))
                else:  # never read, or it made no card: nothing shows it
                    dedup.duplicates += 1
                    if mark in seen and rev is not None:
                        dedup.unseen.append(rev)
                continue
            try:
                if mark not in seen:  # first read (edited before, maybe): a post like any
                    fresh.append(Prepared(m, self.facts(m), mark))
                elif rev is not None and (old := await self.store.get_signal(m.id)) is not None:
                    dedup.revising.append((Prepared(m, self.facts(m), rev), old))
                elif rev is not None:
                    # an edit of a post that made no card (no route matched it, or its signal
                    # is no longer kept): decided as a new post under the edit's own mark, so
                    # an edit that adds the brand's name alerts, once
                    fresh.append(Prepared(m, self.facts(m), rev))
            except Exception as exc:  # this mention's own fault: the others go on
                dedup.broken.append((m, exc))
        return fresh, dedup

    async def _revise(self, p: Prepared, old: Signal, fx: Effects, decided: _Decided,
                      now: datetime) -> bool:
        """A post with cards (``old``, its stored signal) that its author edited or deleted
        (``p``): the signal kept as it is now, its trace saying so (``why``), routes the
        edited text newly matches applied (never the ones it had: no second alert), and its
        cards edited (``Reviser``). All under the revision's mark, written only if unset, so
        whichever process, poll or stream meets the revision first acts on it, once.

        A post taken down by someone else than its author (its tombstone's ``removed_by``: a
        Reddit moderator) may come back: an edit of it not older than the removal reads it
        public again (its words, cards and ``why`` as now, its ``edits`` kept: no author's
        edit), where it stayed marked removed (a review, 2026-12-06).

        Bounded: an edit older than the one shown, a removal older than it (met after the
        approval that followed it), or anything after its author's delete, changes nothing;
        past ``EDITS_SHOWN`` edits of one post its cards and tickets are left as the last
        of those showed it (the signal and ``why`` still follow), so an edit storm of one post
        is not a storm of card edits and thread lines. False when it changed nothing (an
        edit older than the version shown, or after the delete)."""
        m = p.mention
        fx_ = Effects()
        fx_.mark(p.mark, self.ttl, new=True)
        shown = old.mention
        back = (m.revision == "edit" and shown.revision == "delete"
                and shown.removed_by is not None)
        # a removal dated before the version shown (its queue entry redelivered after the
        # approval that followed it was acted on) is stale too: it marked removed for good a
        # post everyone could read again. Its source dates it no earlier than the edit it
        # follows (``RedditSource._revised``)
        stale = (shown.revision == "delete" and not back) or (
            m.revision == "edit" and shown.revised_at is not None and m.revised_at is not None
            and (m.revised_at < shown.revised_at if back
                 else m.revised_at <= shown.revised_at)) or (
            m.revision == "delete" and m.removed_by is not None
            and shown.revised_at is not None and m.revised_at is not None
            and m.revised_at < shown.revised_at)
        if stale:
            log.info("%s: %s at %s older than the version shown; nothing changed", m.id,
                     m.revision, m.revised_at)
            fx.merge(fx_)
            return False
        # an edit of nothing shown: a Reddit post removed and approved again, its approval
        # acted on before the removal (``RedditSource._revised`` reads an author's edit only
        # when the words changed). It was "edited by its author", counted, its cards and
        # tickets told (a review, 2026-12-07); kept, dated, so the removal after it is stale
        same = (m.revision == "edit" and not back
                and (m.text, m.links, m.media) == (shown.text, shown.links, shown.media))
        added: list[RouteHit] = []
        actions: list[tuple[RouteHit, str]] = []
        if m.revision == "delete":
            gone = shown.model_copy(update={
                "text": "", "links": (), "media": (), "raw": {}, "revision": "delete",
                "revised_at": m.revised_at, "removed_by": m.removed_by})
            signal = old.model_copy(update={"mention": gone, "translation": None})
        else:
            decision = self.router.route(p.facts, now)
            had = {(h.route, h.workspace, h.channel, h.subscription_id) for h in old.routes}
            added = [h for h in decision.hits if not same
                     and (h.route, h.workspace, h.channel, h.subscription_id) not in had]
            signal = p.facts.signal(
                routes=(*old.routes, *added),
                keywords=tuple(dict.fromkeys((*old.keywords, *decision.keywords))),
                author_context=old.author_context, score_sentiment=True)
            signal = signal.model_copy(update={"mention": m.model_copy(update={
                "edits": shown.edits + (0 if back or same else 1), "source": shown.source})})
        batch = decided.batch if decided.batch is not None else self.new_batch()
        signals = getattr(batch, "signals", None)
        if isinstance(signals, dict):
            signals[signal.id] = signal
        fx_.signals.append((signal, kept_for(signal.routes, self.ttl), self.ttl))
        for hit in added:  # newly matched by the edited words: each once, as any new post
            actions.append((hit, await self.actions.apply(signal, hit, fx_, batch)))
        done: list[str] = []
        if self.reviser is not None and not same and (
                m.revision == "delete" or back or signal.mention.edits <= EDITS_SHOWN):
            done = await self.reviser.revise(old, signal, fx_, batch)
        what = (gone_how(m.network, m.removed_by) if m.revision == "delete"
                else back_how(m.network) if back
                else "read again, its words unchanged" if same
                else "edited by its author" + (f" ({signal.mention.edits} times)"
                                               if signal.mention.edits > 1 else ""))
        when = m.revised_at.isoformat() if m.revised_at is not None else "?"
        if m.revision == "edit" and not back and not same \
                and signal.mention.edits > EDITS_SHOWN:
            done.append(f"cards left as its edit {EDITS_SHOWN} showed it")
        detail = f"{what} at {when}" + (f": {'; '.join(done)}" if done else "")
        if (written := await self._retraced(signal, detail, actions)) is not None:
            fx_.traces.append((written, self.trace_ttl))
        fx.merge(fx_)
        return True

    async def _retraced(self, signal: Signal, detail: str,
                        actions: Sequence[tuple[RouteHit, str]]) -> TraceWrite | None:
        """The post's trace, rewritten for what its author did: its text as it is now, the
        revision in its detail (``why`` says it), the routes it newly matched beside the
        ones it had. None when it is no longer kept."""
        was = await self.store.get_trace(signal.id)
        if was is None:
            return None
        m = signal.mention
        hits = (*was.hits, *(TraceHit(route=h.route, action=h.action, workspace=h.workspace,
                                      channel=h.channel, outcome=o,
                                      card=card_key(m.id, h, o)) for h, o in actions))
        new = was.model_copy(update={"text": trace_text(m.text), "detail": truncate(detail, 500),
                                     "keywords": tuple(signal.keywords), "hits": hits})
        return TraceWrite(m.id, was.url, was.fetched_at.timestamp(), new.to_json())

    async def _decide(self, fresh: list[Prepared], fx: Effects) -> _Decided:
        decided = _Decided()
        batch = decided.batch = self.new_batch()
        now = self.clock()
        fetched = Fetched.at(now)
        # routed first, so that only the posts a route matched claim their fingerprint
        routed: list[tuple[Prepared, RoutingDecision | Exception]] = []
        prints: dict[str, tuple[Mention, Fingerprint]] = {}
        turns = _Turns()
        for p in fresh:
            await turns.maybe()
            try:
                decision = self.router.route(p.facts, now)
                if decision.hits or decision.suppressed:  # matched: it could alert twice
                    fp = fingerprint(p.mention, p.facts.folded())
                    if fp is not None:
                        prints[p.mention.id] = (p.mention, fp)
                routed.append((p, decision))
            except Exception as exc:  # handled below, in its turn, as any failure of its own
                routed.append((p, exc))
        owners = await self._earlier_owners(prints)
        owners.update(await self._bridged_replies(
            {mid: print_ for mid, print_ in prints.items() if mid not in owners}))
        owners.update(await self._claim_fingerprints(
            {mid: print_ for mid, print_ in prints.items() if mid not in owners}))
        await _enrich_fired(routed, owners, turns)
        for p, decision_or_failure in routed:
            await turns.maybe()
            m = p.mention
            try:
                if isinstance(decision_or_failure, Exception):
                    raise decision_or_failure
                decision = decision_or_failure
                owner = owners.get(m.id)
                if owner is not None and owner != m.id:  # a cross-post of a post handled before
                    decided.crossposts += 1
                    log.debug("%s is a cross-post of %s; skipped", m.id, owner)
                    fx.mark(p.mark, self.ttl)
                    fx.traces.append((trace(m, fetched, "crosspost", detail=owner), self.trace_ttl))
                    continue
                outcome = (_Outcome(suppressed=tuple(f"{s.route}: {s.reason}"
                                                     for s in decision.suppressed))
                           if decision.hits or decision.suppressed else _NOTHING)
                if not decision.hits:  # most posts: a mark, a footprint and a trace
                    if decision.suppressed and self.count_signal is not None:
                        # held back, still the topic's volume (the spike baselines')
                        self.count_signal(p.facts.signal(routes=(), keywords=decision.keywords), fx,
                                          tuple(s.route for s in decision.suppressed))
                    fx.mark(p.mark, self.ttl)
                    fx.footprints.append((m.customer_key, m.id, m.created_at.timestamp(),
                                          self.ttl))
                    fx.traces.append((trace(m, fetched, "unrouted",
                                            suppressed=decision.suppressed), self.trace_ttl))
                else:
                    mfx = Effects()  # its own, so a failure leaves nothing half-decided
                    await self._routed(p, decision, outcome, mfx, batch)
                    mfx.traces.append((trace(m, fetched, "routed", keywords=decision.keywords,
                                             suppressed=decision.suppressed,
                                             hits=outcome.actions), self.trace_ttl))
                    if said := _repeats(decision, outcome.actions):
                        # beside the trace, not in it: an older release reads the trace
                        mfx.mark(K.repeats(m.id), self.trace_ttl, to_json(said).decode())
                    fx.merge(mfx)
            except PoisonRetry:
                raise
            except Exception as exc:
                # the store failing is every mention's: the batch is retried. A record of this
                # mention's own that cannot be read (its conversation's ticket) is its own
                # failure, as any other: raised, it failed the batch at every poll for ever
                if isinstance(exc, StoreError) and not isinstance(exc, UnreadableRecord):
                    raise
                fx.merge(await self._poisoned(m, exc, mark=p.mark, again=p.again))
                fx.traces.append((trace(m, fetched, "dead", detail=self.said(exc)),
                                  self.trace_ttl))
                decided.dead += 1
                outcome = None
            decided.outcomes.append((p, outcome))
        return decided

    async def _claim_fingerprints(self, prints: dict[str, tuple[Mention, Fingerprint]]
                                  ) -> dict[str, str]:
        """Mention id -> the mention that holds its fingerprint, for the posts a route matched
        (fired or held back): only they could alert twice. An unmatched post claims nothing,
        so its twin on another network that a route does match is not taken for a repeat of
        it, and most posts cost no claim (one store round trip for the rest). A post claims
        all its keys or none: a copy claiming the cells its original does not hold stretched
        the original's hour, the copy's copy two hours and more later merged into a post with
        no card. A post whose shown name only is held, by a namesake's post on its network,
        is no copy: it claims its account's cells alone, in one more round trip (rare)."""
        claims = [(key, mid) for mid, (m, fp) in prints.items() for key in fp.keys(m.created_at)]
        if not claims:
            return {}
        replies = [(key, REPLY_HOLDER + mid) for mid, (m, fp) in prints.items()
                   if not fp.copied for key in fp.reply_keys(m.created_at)]
        held = _held(claims, await self.store.claim_values(claims + replies, self.ttl))
        by_name = [mid for mid, holders in held.items() if _namesakes_only(prints[mid], holders)
                   and not await self._one_account_perhaps(prints, mid, holders)]
        if not by_name:
            return {mid: holders[0][1] for mid, holders in held.items()}
        again = [(key, mid) for mid in by_name
                 for key in prints[mid][1].account_keys(prints[mid][0].created_at)]
        held.update({mid: [] for mid in by_name})
        held.update(_held(again, await self.store.claim_values(again, self.ttl)))
        return {mid: holders[0][1] for mid, holders in held.items() if holders}

    async def _one_account_perhaps(self, prints: dict[str, tuple[Mention, Fingerprint]],
                                   mid: str, holders: list[tuple[str, str]]) -> bool:
        """Whether a post holding ``mid``'s shown name's cells on its network may be its
        account under another server's handle (``crosspost.one_account_perhaps``), as the
        holder's post says (in this batch) or its trace (one read, namesakes only): a holder
        with neither, a post another process is deciding now, is taken for a namesake's."""
        mention = prints[mid][0]
        for holder in dict.fromkeys(h for _, h in holders):
            if holder in prints:
                handle = prints[holder][0].author.handle
            else:
                try:
                    was = await self.store.get_trace(holder)
                except UnreadableRecord:
                    continue
                if was is None:
                    continue
                handle = was.author
            if one_account_perhaps(mention, handle):
                return True
        return False

    async def _bridged_replies(self, prints: dict[str, tuple[Mention, Fingerprint]]
                               ) -> dict[str, str]:
        """Mention id -> the native reply a bridge's copy of a reply copies, read (not
        claimed) under the reply's cells without its parent (``Fingerprint.reply_keys``).
        Only the copy looks: a native reply taking the copy of another of its author's replies
        of the same words (a template to another customer) for itself would lose that
        conversation. A batch with no bridged reply (most) reads nothing."""
        wanted = {mid: fp.reply_keys(m.created_at) for mid, (m, fp) in prints.items()
                  if fp.copied}
        if not any(wanted.values()):
            return {}
        values = await self.store.get_values([k for keys in wanted.values() for k in keys])
        found: dict[str, str] = {}
        for mid, keys in wanted.items():
            holders = [values[k] for k in keys if values.get(k, "").startswith(REPLY_HOLDER)]
            if holders:
                found[mid] = holders[0].removeprefix(REPLY_HOLDER)
        return found

    async def _earlier_owners(self, prints: dict[str, tuple[Mention, Fingerprint]]
                              ) -> dict[str, str]:
        """Mention id -> the post the release before this one claimed its fingerprint for,
        read (not claimed) under that release's keys (``Fingerprint.earlier_keys``). Only a
        post made before this process's first hour ended can be a copy of one: the release
        before stopped before this one started. A claim with no time in it counts only if the
        post holding it was made within the hour of this one (its trace says when); any counts
        only if its post's author is this one's by this release's rule, as its trace says (a
        byline its site's, two accounts of one network two people: that release claimed by
        the handle's name alone)."""
        horizon = self.started + timedelta(seconds=CROSSPOST_WINDOW)
        wanted = {mid: fp.earlier_keys(m.created_at) for mid, (m, fp) in prints.items()
                  if m.created_at < horizon and fp.earlier is not None}
        if not wanted:
            return {}
        values = await self.store.get_values([k for keys in wanted.values() for k in keys])
        found: dict[str, str] = {}
        for mid, (untimed, *cells) in wanted.items():
            mention = prints[mid][0]
            timed = [values[k] for k in cells if values.get(k, mid) != mid]
            for owner in dict.fromkeys([*timed, values.get(untimed, mid)]):
                if owner != mid and await self._earlier_owner_agrees(
                        mention, owner, timed=owner in timed):
                    found[mid] = owner
                    break
        return found

    async def _earlier_owner_agrees(self, mention: Mention, owner: str, *, timed: bool) -> bool:
        """Whether the post ``owner``, holding an earlier release's claim of ``mention``'s, is
        the post it copies by this release's rule (``crosspost.earlier_claim_agrees``), as its
        trace says: no trace, or one that cannot be read, is no reason to fail the batch (the
        post is carded). An untimed claim's post must have been made within the hour."""
        try:
            was = await self.store.get_trace(owner)
        except UnreadableRecord:
            return False
        if was is None or not earlier_claim_agrees(mention, was):
            return False
        return timed or abs((was.created_at - mention.created_at).total_seconds()
                            ) < CROSSPOST_WINDOW

    async def _routed(self, p: Prepared, decision: RoutingDecision, out: _Outcome,
                      fx: Effects, batch: Any) -> None:
        m = p.mention
        hits = decision.hits
        fx.mark(p.mark, self.ttl, new=True)  # acted on once, whichever process writes first
        context = (await self.author_history.context(m)
                   if self.author_history is not None else None)
        signal = p.facts.signal(routes=hits, keywords=decision.keywords,
                                author_context=context, score_sentiment=True)
        fx.signals.append((signal, kept_for(hits, self.ttl), self.ttl))
        signals = getattr(batch, "signals", None)
        if isinstance(signals, dict):
            signals[signal.id] = signal
        for hit in hits:
            outcome = await self.actions.apply(signal, hit, fx, batch)
            out.actions.append((hit, outcome))
        for route, hit in decision.standing_in:  # the ticket route's card is elsewhere
            if any(h.route == route and o.startswith("ticket ") for h, o in out.actions) and (
                    said := await self.actions.stand_in(signal, hit, fx, batch)) is not None:
                out.actions.append((hit, said))
        if self.count_signal is not None:
            self.count_signal(signal, fx, tuple(s.route for s in decision.suppressed))
        out.signal = signal

    def said(self, exc: BaseException) -> str:
        """A mention's failure as it is stored (its dead letter's reason, its trace's detail)
        and told (the ops channel, ``why``, ``socialops dead list``): redacted, then cut to
        ``REASON_LENGTH`` characters (never half a character)."""
        return truncate(self.redact(f"{type(exc).__name__}: {exc}"), REASON_LENGTH)

    async def _poisoned(self, mention: Mention, exc: Exception, *, mark: str | None = None,
                        again: bool = False) -> Effects:
        """``again``: a dead letter's retry failed; its failures are past ``POISON_AFTER``
        already, so it is set aside at once, marked with its retry's ``mark``."""
        reason = self.said(exc)
        failures = await self.store.bump_failures(K.failures("mention", mention.id), self.ttl)
        # a damaged record says all in its one line (bot.store.readable): no traceback
        traceback = None if isinstance(exc, UnreadableRecord) else exc
        if again:
            log.error("mention %s failed again when retried (its failures are past the limit "
                      "of %d already); set aside again: %s", mention.id, POISON_AFTER, reason,
                      exc_info=traceback)
        elif failures < POISON_AFTER:
            log.warning("mention %s failed (%d of %d): %s", mention.id, failures, POISON_AFTER,
                        reason, exc_info=traceback)
            raise PoisonRetry(f"mention {mention.id}: {reason}") from exc
        else:
            log.error("mention %s failed %d times; set aside as a dead letter: %s", mention.id,
                      failures, reason, exc_info=traceback)
        self.metrics.inc("mentions_dead_total", source=mention.source)
        fx = Effects()
        # as long as the dead letter: a source's read of it meanwhile is skipped (processed
        # then, a retry after that processing's trace had gone would act on it twice)
        fx.mark(mark or K.done(mention.id), self.dead_ttl)
        try:
            data = mention.model_dump_json()
        except ValueError:
            data = ""
        fx.dead.append(DeadLetter("mention", mention.id, reason, self.clock(), data))
        if self.on_dead is not None and not again:  # a retry's says it to whoever retried
            self.on_dead(mention, reason, fx)
        return fx

    def _receipts(self, decided: _Decided, fx: Effects, *, by_source: Counter[str],
                  fresh: list[Prepared], dedup: _Dedup, now: datetime) -> None:
        """The day's counters for receipts (``socialops report``), a few per batch: what each
        source fetched, and of it what was already seen (a post read again: a file replayed
        anew, a page fetched twice)."""
        day = int(now.timestamp() // 86400)
        tallies: Counter[str] = Counter()
        for source, n in by_source.items():
            tallies[f"fetched{SEP}{source}"] += n
        if dedup.duplicates:
            if len(by_source) == 1:  # a source's own batch: they are all its
                tallies[f"duplicates{SEP}{next(iter(by_source))}"] += dedup.duplicates
            else:  # what is neither new nor unreadable was seen before
                new = Counter(p.mention.source for p in fresh)
                new.update(m.source for m, _ in dedup.broken)
                for source, n in by_source.items():
                    if n > new[source]:
                        tallies[f"duplicates{SEP}{source}"] += n - new[source]
        for p, out in decided.outcomes:
            if out is None or out is _NOTHING:
                continue
            if out.actions:
                tallies[f"matched{SEP}{p.mention.source}"] += 1
            for s in out.suppressed:
                tallies[f"suppressed{SEP}{_reason_kind(s)}"] += 1
        fx.tallies += [(name, day, n) for name, n in tallies.items()]

    def _count(self, decided: _Decided, dedup: _Dedup) -> None:
        t = self.tally
        t.duplicates += dedup.duplicates
        t.crossposts += decided.crossposts
        t.dead += decided.dead
        for kind, n in (("exact", dedup.duplicates), ("crosspost", decided.crossposts)):
            if n:
                self.metrics.inc("mentions_duplicate_total", n, kind=kind)
        for _, out in decided.outcomes:
            if out is None:
                continue
            t.processed += 1
            for s in out.suppressed:
                t.suppressed[s] += 1
                self.metrics.inc("mentions_suppressed_total", route=s.split(":", 1)[0])
            if not out.actions:
                t.unrouted += 1
                continue
            t.routed += 1
            for hit, outcome in out.actions:
                t.by_route[hit.route] += 1
                if hit.action != "drop":
                    t.by_channel[f"{hit.workspace}:{hit.channel}"] += 1
                t.by_action[outcome.split()[0]] += 1
                self.metrics.inc("mentions_routed_total",
                                 route="subscription" if hit.subscription_id else hit.route)


class _Turns:
    """Gives the event loop a turn once ``TURN_AFTER`` of a batch's work has passed since the
    last (see the module docstring)."""

    __slots__ = ("since",)

    def __init__(self) -> None:
        self.since = time.perf_counter()

    async def maybe(self) -> None:
        if time.perf_counter() - self.since >= TURN_AFTER:
            await asyncio.sleep(0)
            self.since = time.perf_counter()


def _held(claims: list[tuple[str, str]], owners: dict[str, str]
          ) -> dict[str, list[tuple[str, str]]]:
    """Mention id -> (key, holder) for each of its keys another post holds, in claim order:
    another post holding any is its twin (its account's cells come first)."""
    held: dict[str, list[tuple[str, str]]] = {}
    for key, mid in claims:
        if owners.get(key, mid) != mid:
            held.setdefault(mid, []).append((key, owners[key]))
    return held


def _namesakes_only(print_: tuple[Mention, Fingerprint], holders: list[tuple[str, str]]
                    ) -> bool:
    """Whether every key held is one of the post's shown name, held by a namesake's post on
    its own network (``crosspost.namesakes``): then it is no one's copy."""
    mention, fp = print_
    own = set(fp.account_keys(mention.created_at))
    return all(key not in own and namesakes(mention, holder) for key, holder in holders)


async def _enrich_fired(decided: list[tuple[Prepared, RoutingDecision | Exception]],
                        owners: Mapping[str, str], turns: _Turns) -> None:
    """Enrich the posts a route fired for (a signal needs their language, intent and
    sentiment) one after another, before the batch's other work. The enrichment costs the
    same, but the models' tables then come into the CPU's caches once a batch rather than once
    a routed post, and the batch's other work runs faster: 8% more mentions a second at 3%
    routed (``benchmarks/pipeline.py``, alternating runs). For the same reason it goes in two
    passes, every post's language (lingua) and then every post's intent and sentiment (the
    embedded model, VADER): taking turns, each pushed the other's tables out of the caches
    at every post. A cross-post is skipped (it gets no signal), and so is a failure here: the
    post's own step below meets it again and handles it as any failure of its own."""
    fired: list[EnrichedFacts] = []
    for p, decision in decided:
        if isinstance(decision, Exception) or not decision.hits:
            continue
        if owners.get(p.mention.id, p.mention.id) != p.mention.id:
            continue
        try:
            p.facts.language()
        except Exception:  # met again, and handled, in the post's own step below
            continue
        fired.append(p.facts)
        await turns.maybe()
    for facts in fired:
        try:
            facts.sentiment()
            facts.intent()
        except Exception:  # met again, and handled, in the post's own step below
            continue
        await turns.maybe()


class Retried(NamedTuple):
    """What a dead letter's retry came to (``Pipeline.retry``): ``outcome`` "routed" (with
    what each route did: ``actions``), "unrouted", "crosspost" (of ``detail``), "dead" (set
    aside again: ``detail``, the new reason), "taken" (another retry took it first) or
    "gone" (no longer stored as it was), "processed" (its source read it again since and it
    was processed then: ``detail``, that outcome)."""

    outcome: str
    detail: str = ""
    actions: tuple[tuple[RouteHit, str], ...] = ()

    @classmethod
    def of(cls, decided: _Decided, fx: Effects) -> Retried:
        if decided.dead:
            return cls("dead", fx.dead[-1].reason if fx.dead else "")
        if decided.crossposts:  # of the post its trace names
            return cls("crosspost", str(from_json(fx.traces[-1][0].json).get("detail", ""))
                       if fx.traces else "")
        _, out = decided.outcomes[0]
        if out is None or not out.actions:
            return cls("unrouted", "; ".join(out.suppressed) if out is not None else "")
        return cls("routed", actions=tuple(out.actions))


@dataclass(slots=True)
class Prepared:
    mention: Mention
    facts: EnrichedFacts
    mark: str  # its dedup mark (K.done; a dead letter's retry: K.retried)
    again: bool = False  # a dead letter's retry: failing, it is set aside again at once


@dataclass(slots=True)
class _Outcome:
    suppressed: tuple[str, ...] = ()
    actions: list[tuple[RouteHit, str]] = field(default_factory=list)
    signal: Signal | None = None


# What most posts come to: nothing fired, nothing held back. Shared, since only a routed
# post's own outcome is ever added to (``_routed``).
_NOTHING = _Outcome()


@dataclass
class _Dedup:
    duplicates: int = 0
    broken: list[tuple[Mention, Exception]] = field(default_factory=list)  # not preparable
    # edits and deletes of posts with cards, with their stored signals
    revising: list[tuple[Prepared, Signal]] = field(default_factory=list)
    unseen: list[str] = field(default_factory=list)  # revision marks of nothing to act on


class _NoFacts:
    """A deleted post's facts: it is not routed again (nothing is left to match)."""

    def __init__(self, mention: Mention) -> None:
        self._mention = mention

    @property
    def mention(self) -> Mention:
        return self._mention

    def folded(self) -> str:
        return ""

    def language(self) -> str | None:
        return None

    def sentiment(self) -> Sentiment:
        raise NotImplementedError

    def intent(self) -> Intent:
        raise NotImplementedError

    def signal(self, *, routes: tuple[RouteHit, ...], keywords: tuple[str, ...],
               author_context: AuthorContext | None = None,
               score_sentiment: bool = False) -> Signal:
        raise NotImplementedError


@dataclass
class _Decided:
    outcomes: list[tuple[Prepared, _Outcome | None]] = field(default_factory=list)
    dead: int = 0
    crossposts: int = 0  # posts a route matched whose fingerprint another post holds
    batch: Any = None  # what the routed posts' decisions made (``new_batch``), if any

    def result(self, dedup: _Dedup) -> BatchResult:
        out = BatchResult(duplicates=dedup.duplicates + self.crossposts, dead=self.dead)
        for _, o in self.outcomes:
            if o is None:
                continue
            out.new += 1
            if o.signal is not None:
                out.signals.append(o.signal)
                out.routed += 1
        return out


SEP = "\x1f"


def _repeats(decision: RoutingDecision, actions: Sequence[tuple[RouteHit, str]]
             ) -> list[tuple[str, str]]:
    """What each subscription left out of ``decision`` says of itself (``why``). A stand-in
    that posted (the ticket route's post joined a ticket carded in another channel) is no
    longer left out, and the card that shows the post in its channel is then its, not the
    route's: the others of that channel name it (a route has one channel)."""
    posted = {h.route for h, _ in actions}
    instead = {f"route {route}'s card": f"{hit.subscription_id}'s card"
               for route, hit in decision.standing_in if hit.route in posted}
    said = []
    for sub, reason in decision.repeats:
        if sub in posted:
            continue
        shown = next((route_card for route_card in instead
                      if reason.startswith(route_card + " ")), None)
        said.append((sub, reason if shown is None
                     else instead[shown] + reason[len(shown):]))
    return said


class _TraceFields(TypedDict, total=False):
    """The fields of ``bot.core.models.Trace``, spelled as its JSON (the tests check both)."""

    id: str
    source: str
    network: str
    url: str
    author: str
    text: str
    language: str
    created_at: datetime
    fetched_at: str  # as ``Trace`` writes it (``Fetched``)
    outcome: TraceOutcome
    detail: str
    keywords: list[str]
    hits: list[dict[str, str | None]]
    suppressed: list[tuple[str, str]]


class Fetched(NamedTuple):
    """When a batch was processed, in the two forms each of its traces writes, worked out once
    a batch: as ``Trace`` serialises the time (pydantic's format), and as a timestamp."""

    iso: str
    ts: float

    @classmethod
    def at(cls, now: datetime) -> Fetched:
        return cls(to_json(now).decode()[1:-1], now.timestamp())


def trace(m: Mention, now: datetime | Fetched, outcome: TraceOutcome, *, detail: str = "",
          keywords: Sequence[str] = (), suppressed: Sequence[Any] = (),
          hits: Sequence[tuple[RouteHit, str]] = ()) -> TraceWrite:
    """The record ``why`` reads for one post: a ``Trace`` (bot.core.models) as JSON.

    There is one per fetched post, so the JSON is written straight from its fields by
    pydantic's serializer (the one ``Trace`` itself uses: same format, datetimes included);
    building a validated ``Trace`` first cost three times as much. Fields left at their
    default are left out, as most posts have no detail, keywords, hits or suppressions."""
    at = now if isinstance(now, Fetched) else Fetched.at(now)
    fields: _TraceFields = {
        "id": m.id, "source": m.source, "network": m.network, "author": m.author.handle,
        # whole characters and words only, with no marker: the preview matches rules on it
        "text": trace_text(m.text), "created_at": m.created_at,
        "fetched_at": at.iso, "outcome": outcome}
    if m.url is not None:
        fields["url"] = m.url
    if m.language is not None:  # as the network declared it
        fields["language"] = m.language
    if detail:
        fields["detail"] = truncate(detail, 500)
    if keywords:
        fields["keywords"] = list(keywords)
    if hits:
        fields["hits"] = [{"route": h.route, "action": h.action, "workspace": h.workspace,
                           "channel": h.channel, "outcome": o, "card": card_key(m.id, h, o)}
                          for h, o in hits]
    if suppressed:
        fields["suppressed"] = [(s.route, s.reason) for s in suppressed]
    return TraceWrite(m.id, m.url, at.ts, to_json(fields).decode())


WORD_BACK = 64  # a word longer than this at the cut (a pasted hash) is cut inside


def trace_text(text: str) -> str:
    """What a trace keeps of a post's text: at most ``TRACE_TEXT`` characters, ending between
    user-perceived characters (``grapheme_cut``) and before a word the cut would split. The
    preview matches subscriptions on it, where the text's end is a word's end: 'zorblax' of a
    cut 'zorblaxian' would match the keyword zorblax, which the post never did. A word
    longer than ``WORD_BACK`` at the cut is cut inside, between characters."""
    if len(text) <= TRACE_TEXT:
        return text  # most posts: kept whole, nothing to cut
    cut = grapheme_cut(text, TRACE_TEXT)
    if cut >= len(text) or boundary_ok(text, cut, cut, inside_start=True):
        return text[:cut]
    # each character before the cut is read once: a place inside one goes to its start (a cut
    # at each place in turn read back to the start of a long character, a letter under marks
    # or joined emoji, at every place)
    end, floor = cut - 1, max(0, cut - WORD_BACK)
    while end > floor:
        start = grapheme_cut(text, end)  # reads nothing between two plain characters
        if start < end:
            end = start
        elif boundary_ok(text, end, end, inside_start=True):
            return text[:end].rstrip()
        else:
            end -= 1
    return text[:cut]


def card_key(mention_id: str, hit: RouteHit, outcome: str) -> str | None:
    """The outbox key of the card a hit made, when it made one right away."""
    if outcome == "alert":
        return f"{mention_id}|{hit.route}@{hit.channel}"
    if outcome.startswith("ticket "):
        return f"{outcome.split()[1]}@{hit.channel}"
    return None


def _reason_kind(suppressed: str) -> str:
    """"support: silenced by S-1 (who, why)" -> "silenced" (a bounded label)."""
    reason = suppressed.split(": ", 1)[-1]
    for kind in ("silenced", "quiet hours", "inhibited", "muted"):
        if kind in reason:
            return kind
    return "other"
