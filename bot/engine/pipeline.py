"""The mention pipeline (DESIGN §1): normalise → dedup → enrich → route → act → outbox.

Crash safety: a mention is marked processed only after everything it caused is durable (the
signal stored, tickets opened, outbox items queued). Each of those steps is idempotent (outbox
keys, ticket attach by conversation, signal upsert), so a crash half-way through re-processes the
mention on restart without doubling anything a person sees.

Dedup covers exact repeats (the same ``network:id``) and cross-posts (the same person posting the
same text on several networks): a fingerprint of the folded text and the author's handle is
claimed by the first mention; later ones are counted as duplicates of it.

Costly enrichment is lazy: the rules ask for sentiment or intent only when a candidate route
needs it, and sentiment for the card is computed only for mentions that fired a route.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from bot.core.metrics import Metrics
from bot.core.models import AuthorContext, Mention, RouteHit, Signal
from bot.core.ports import AuthorHistory, Clock, Facts, Router, Store
from bot.core.text import clean, fold

log = logging.getLogger(__name__)

MIN_FINGERPRINT_TEXT = 24  # shorter posts ("down again") are too generic to call cross-posts


class EnrichedFacts(Facts, Protocol):
    def signal(self, *, routes: tuple[RouteHit, ...], keywords: tuple[str, ...],
               author_context: AuthorContext | None = None,
               score_sentiment: bool = False) -> Signal: ...


FactsFactory = Callable[[Mention], EnrichedFacts]


class RouteApplier(Protocol):
    async def apply(self, signal: Signal, hit: RouteHit) -> str: ...


class SignalObserver(Protocol):
    async def observe(self, signal: Signal) -> None: ...


@dataclass
class Tally:
    """Counts for summaries (`socialops demo`, `replay`) and status."""

    received: int = 0
    processed: int = 0
    duplicates: int = 0
    crossposts: int = 0
    routed: int = 0
    unrouted: int = 0
    by_route: Counter[str] = field(default_factory=Counter)
    by_channel: Counter[str] = field(default_factory=Counter)
    by_action: Counter[str] = field(default_factory=Counter)
    suppressed: Counter[str] = field(default_factory=Counter)


class Pipeline:
    def __init__(self, *, store: Store, facts: FactsFactory, router: Router,
                 actions: RouteApplier, clock: Clock, author_history: AuthorHistory | None = None,
                 observers: tuple[SignalObserver, ...] = (), metrics: Metrics | None = None,
                 dedup_ttl_seconds: int = 72 * 3600) -> None:
        self.store = store
        self.facts = facts
        self.router = router
        self.actions = actions
        self.clock = clock
        self.author_history = author_history
        self.observers = observers
        self.metrics = metrics or Metrics()
        self.ttl = dedup_ttl_seconds
        self.tally = Tally()

    async def process(self, mention: Mention) -> Signal | None:
        """Process one mention. Returns its Signal, or None for a duplicate."""
        self.tally.received += 1
        self.metrics.inc("mentions_in_total", source=mention.source)
        mention = _normalise(mention)
        done_key = f"m:{mention.id}"
        if await self.store.is_seen(done_key):
            self.tally.duplicates += 1
            self.metrics.inc("mentions_duplicate_total", kind="exact")
            return None
        fp = fingerprint(mention)
        if fp is not None:
            owner = await self.store.claim_value(f"fp:{fp}", mention.id, self.ttl)
            if owner != mention.id:
                self.tally.crossposts += 1
                self.metrics.inc("mentions_duplicate_total", kind="crosspost")
                log.info("%s is a cross-post of %s; skipped", mention.id, owner)
                await self.store.mark_seen(done_key, self.ttl)
                return None

        facts = self.facts(mention)
        decision = self.router.route(facts, self.clock())
        for s in decision.suppressed:
            self.tally.suppressed[f"{s.route}: {s.reason}"] += 1
            self.metrics.inc("mentions_suppressed_total", route=s.route)
        hits = decision.hits
        context = None
        if hits and self.author_history is not None:
            context = await self.author_history.context(mention)
        signal = facts.signal(routes=hits, keywords=decision.keywords, author_context=context,
                              score_sentiment=bool(hits))
        await self.store.put_signal(signal, self.ttl)
        for hit in hits:
            outcome = await self.actions.apply(signal, hit)
            self.tally.by_route[hit.route] += 1
            if hit.action != "drop":
                self.tally.by_channel[f"{hit.workspace}:{hit.channel}"] += 1
            self.tally.by_action[outcome.split()[0]] += 1
            self.metrics.inc("mentions_routed_total", route=hit.route)
        if hits:
            self.tally.routed += 1
        else:
            self.tally.unrouted += 1
        for observer in self.observers:
            try:
                await observer.observe(signal)
            except Exception:  # an observer (spike detection) must never lose a mention
                log.exception("observer %r failed on %s", observer, mention.id)
        await self.store.mark_seen(done_key, self.ttl)
        self.tally.processed += 1
        return signal


def _normalise(mention: Mention) -> Mention:
    text = clean(mention.text)
    if text == mention.text:
        return mention
    return mention.model_copy(update={"text": text})


_HANDLE_LOCAL = re.compile(r"^@?([^@.]+)")
_WS = re.compile(r"\s+")
_URL = re.compile(r"https?://\S+")


def fingerprint(mention: Mention) -> str | None:
    """Same person, same words, any network: the key cross-posts share."""
    text = _WS.sub(" ", _URL.sub("", fold(mention.text))).strip()
    if len(text) < MIN_FINGERPRINT_TEXT:
        return None
    m = _HANDLE_LOCAL.match(mention.author.handle.lower())
    who = m.group(1) if m else mention.author.handle.lower()
    return hashlib.sha1(f"{who}\x00{text}".encode()).hexdigest()
