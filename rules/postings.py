"""Subscription postings: chat subscriptions compiled and indexed by their anchor keywords, so a
post evaluates only the subscriptions that share a word with it, and one subscribe or
unsubscribe costs that subscription's own keywords instead of a rebuild of 100,000.

Every subscription query has anchors (``rules.query.anchors``): keywords at least one of which
must appear for it to be true. Each anchor's posting list holds the numbers of the
subscriptions it anchors. A post's found keywords give the candidates; only those run their
query, language and sentiment checks.

Subscriptions added after the build have their keywords in the main automaton when it already
knows them; the rest go to a small side automaton (``extra``), rebuilt at each addition. The
live router (``bot.engine.router``) rebuilds everything once ``pending_keys`` grows large.
A removed subscription's number leaves every posting list at once, its slot holds ``None`` and
the next subscription added takes that number, so subscribing and unsubscribing for ever (a
channel's query of the day swapped daily) keeps the index at the live subscriptions' size
(before, every removal left its slot until a full build, which such swaps never cause: 8 bytes
a removal); ``remove`` returns the keywords no live subscription uses any more: the router
stops reporting them as found (its ``stale`` keys), since the automata still hold them until
the next build.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.languages import UNKNOWN
from bot.core.models import WEEKDAYS, RouteHit, Subscription
from bot.core.ports import Suppressed
from rules.conditions import CNode, CompiledQuery, Context, compile_query, eval_node
from rules.explain import SubscriptionTrace, Traces
from rules.hits import Fired
from rules.keywords import DISMANTLE_SLICE, KeywordIndex
from rules.query import canonical_query

log = logging.getLogger(__name__)

DIGEST_SECONDS = {"hourly": 3600.0, "daily": 86400.0, "weekly": 604800.0}
_NO: frozenset[str] = frozenset()


@dataclass(slots=True)
class CompiledSubscription:
    sub: Subscription
    node: CNode
    terms: frozenset[str]  # keys whose presence can make it true (for reasons)
    languages: frozenset[str]


class Postings:
    """The compiled subscriptions, their posting lists and the side automaton."""

    def __init__(self) -> None:
        self.subscriptions: list[CompiledSubscription | None] = []
        self.free: list[int] = []  # numbers of removed subscriptions, for the next to take
        self.by_id: dict[str, int] = {}
        # keyword -> subscription number(s); most keywords belong to one subscription, and a
        # bare int instead of a one-element list saves ~9 MB at 100,000 subscriptions
        self.postings: dict[str, int | list[int]] = {}
        # keyword -> how many live subscriptions use it without being posted under it (the
        # other side of an AND, a NOT): with the posting lists, whether anything still needs
        # a keyword once a subscription goes
        self.others: dict[str, int] = {}
        # keys of subscriptions added since the build, found by a small second automaton
        self.extra = KeywordIndex().finish()
        self.skipped: list[tuple[str, str]] = []  # (subscription id, why) for the logs

    def __len__(self) -> int:
        return len(self.by_id)

    def parse(self, subscriptions: Iterable[Subscription]) -> list[tuple[Subscription,
                                                                        CompiledQuery]]:
        """Compile each query; a bad one is skipped (and reported), never fatal: it was
        stored before a validator existed, and one must not stop the bot."""
        parsed: list[tuple[Subscription, CompiledQuery]] = []
        for sub in subscriptions:
            try:
                parsed.append((sub, compile_query(sub.query)))
            except ValueError as exc:
                log.warning("subscription %s skipped: bad query %r: %s", sub.id, sub.query, exc)
                self.skipped.append((sub.id, str(exc)))
        return parsed

    def post(self, sub: Subscription, cq: CompiledQuery) -> bool:
        """Index a compiled subscription under its anchors; False when it has none."""
        if cq.anchors is None:
            self.skipped.append((sub.id, "no keyword that must appear"))
            return False
        languages = frozenset(lang.lower() for lang in sub.languages) if sub.languages else _NO
        compiled = CompiledSubscription(sub, cq.node, cq.positive, languages)
        if self.free:  # in no posting list since its subscription went (``_unpost``)
            n = self.free.pop()
            self.subscriptions[n] = compiled
        else:
            n = len(self.subscriptions)
            self.subscriptions.append(compiled)
        self.by_id[sub.id] = n
        postings = self.postings
        for key in cq.anchors:
            posting = postings.get(key)
            if posting is None:
                postings[key] = n
            elif isinstance(posting, int):
                postings[key] = [posting, n]
            else:
                posting.append(n)
        if len(cq.keys) > len(cq.anchors):
            others = self.others
            for key in cq.keys:
                if key not in cq.anchors:
                    others[key] = others.get(key, 0) + 1
        return True

    def add(self, subscriptions: Sequence[Subscription], *, known: set[str]
            ) -> tuple[set[str], set[str]]:
        """Add (or replace) subscriptions in place; their keywords missing from ``known`` (the
        main automaton's) go to the side automaton. Returns the keywords of those added, and
        those of the versions they replaced that nothing uses any more (see ``remove``)."""
        unused = self.remove(s.id for s in subscriptions)
        posted: set[str] = set()
        for sub, cq in self.parse(subscriptions):
            if self.post(sub, cq):
                posted.update(cq.keys)
        new_keys = posted - known
        if new_keys - self.extra.keys:
            self.extra = KeywordIndex(self.extra.keys | new_keys).finish()
        return posted, unused - posted

    def remove(self, ids: Iterable[str]) -> set[str]:
        """Remove subscriptions in place: their numbers leave the posting lists. Returns their
        keywords that no remaining subscription uses."""
        unused: set[str] = set()
        for sub_id in ids:
            n = self.by_id.pop(sub_id, None)
            if n is None:
                continue
            cs = self.subscriptions[n]
            self.subscriptions[n] = None
            if cs is not None:
                unused |= self._unpost(n, compile_query(cs.sub.query))
            self.free.append(n)
        return unused

    def _unpost(self, n: int, cq: CompiledQuery) -> set[str]:
        """Undo ``post`` for subscription ``n``; the keys nothing else uses."""
        postings, others = self.postings, self.others
        anchors = cq.anchors or _NO
        for key in anchors:
            posting = postings.get(key)
            if posting == n:
                del postings[key]
            elif isinstance(posting, list) and n in posting:
                posting.remove(n)
                if len(posting) == 1:
                    postings[key] = posting[0]
        for key in cq.keys:
            if key not in anchors:
                left = others.get(key, 0) - 1
                if left > 0:
                    others[key] = left
                else:
                    others.pop(key, None)
        return {key for key in cq.keys if key not in postings and key not in others}

    def dismantle(self) -> None:
        """Free the compiled subscriptions a slice at a time (see
        ``CompiledRouter.dismantle``)."""
        subs = self.subscriptions
        while subs:
            del subs[-DISMANTLE_SLICE:]
        self.free.clear()
        self.by_id.clear()
        self.postings.clear()
        self.others.clear()

    def fire(self, ctx: Context, fired: list[Fired], trace: Traces | None) -> None:
        """Run the candidate subscriptions (those posted under a found keyword); append the
        ones that match to ``fired``."""
        candidates: set[int] = set()
        postings = self.postings
        for kid in ctx.found:
            posting = postings.get(kid)
            if isinstance(posting, int):
                candidates.add(posting)
            elif posting:
                candidates.update(posting)
        for n in sorted(candidates):
            cs = self.subscriptions[n]
            if cs is None:
                continue
            ok, reasons, failure = matches(cs, ctx)
            if trace is not None:
                trace.append(
                    SubscriptionTrace(
                        cs.sub.id,
                        "fired" if ok else "no match",
                        "; ".join(reasons) if ok else failure or "",
                    )
                )
            if ok:
                sub = cs.sub
                digest = sub.mode == "digest"
                hit = RouteHit(
                    route=f"sub:{sub.id}",
                    action="digest" if digest else "alert",
                    workspace=sub.workspace,
                    channel=sub.channel,
                    reasons=tuple(reasons),
                    subscription_id=sub.id,
                    digest_interval=DIGEST_SECONDS[sub.digest_interval or "hourly"]
                    if digest
                    else None,
                    digest_day=WEEKDAYS.index(sub.digest_day)
                    if digest and sub.digest_day is not None
                    else None,
                )
                fired.append(Fired(hit.route, hit, cs.terms, muted_until=sub.muted_until))


    def once_per_channel(self, hits: list[RouteHit], suppressed: list[Suppressed],
                         trace: Traces | None
                         ) -> tuple[list[RouteHit], list[Suppressed],
                                    list[tuple[str, RouteHit]], list[tuple[str, str]]]:
        """Keyword alerts show a post once in a channel, as a stream does:
        - subscriptions that are the same (``Subscription.sameness``: one channel, one query
          as the keyword index reads it, the same options; whatever their ids) fire once:
          subscribe refuses a repeat since 2026-11-30, stores still hold twins made before.
          The one kept is delivered rather than muted, then the oldest;
        - a rules-file route's alert or ticket card in the channel shows the post: the
          subscriptions there alerting on it make none;
        - else different subscriptions of one channel alerting on it (not digests) make one
          card, the oldest's; the others' reasons join its hit's.
        The others are left out, traced as repeats. Where only a ticket route's card stands in
        for a channel's subscriptions, the oldest's hit is handed back beside them (with the
        route's name): the post may join a ticket carded in another channel, and then that
        subscription's card is posted after all (``RoutingDecision.standing_in``). Last, what
        each left out says of itself (``RoutingDecision.repeats``)."""
        subs = [(h.subscription_id, True) for h in hits if h.subscription_id]
        subs += [(s.route[4:], False) for s in suppressed if s.route.startswith("sub:")]
        carded = {(h.workspace, h.channel): h.route for h in hits
                  if not h.subscription_id and h.action in ("alert", "ticket")}
        alerted = {(h.workspace, h.channel) for h in hits
                   if not h.subscription_id and h.action == "alert"}
        if len(subs) < 2 and not (subs and carded):
            return hits, suppressed, [], []
        found: list[tuple[Subscription, bool]] = []
        for sub_id, delivered in subs:
            n = self.by_id.get(sub_id)
            cs = self.subscriptions[n] if n is not None else None
            if cs is not None:
                found.append((cs.sub, delivered))
        if (len({(sub.workspace, sub.channel) for sub, _ in found}) == len(found)
                and not any((sub.workspace, sub.channel) in carded for sub, _ in found)):
            return hits, suppressed, [], []  # one subscription a channel: the usual case
        groups: dict[tuple[str, ...], list[tuple[bool, datetime, int, str]]] = {}
        for sub, delivered in found:
            groups.setdefault(sub.sameness(canonical_query), []).append(
                (not delivered, *_seniority(sub)))
        repeats: dict[str, str] = {}  # left out -> the subscription whose card shows the post
        for twins in groups.values():
            if len(twins) > 1:
                twins.sort()
                for twin in twins[1:]:
                    repeats[twin[-1]] = twins[0][-1]
        why = {left: f"the same query and options as {shown} in this channel: one card for "
                     "both" for left, shown in repeats.items()}
        alerting = [sub for sub, delivered in found
                    if delivered and sub.mode == "realtime" and sub.id not in repeats]
        first: dict[tuple[str, str], tuple[datetime, int, str]] = {}
        for sub in alerting:
            order = _seniority(sub)
            where = (sub.workspace, sub.channel)
            first[where] = min(first.get(where, order), order)
        alike: set[str] = set()  # left out for a different subscription's card
        standing: list[tuple[str, RouteHit]] = []
        for sub in alerting:
            where = (sub.workspace, sub.channel)
            if where in carded:
                if where not in alerted and first[where][-1] == sub.id:
                    standing += [(carded[where], h) for h in hits
                                 if h.subscription_id == sub.id]
                repeats[sub.id] = carded[where]
                why[sub.id] = (f"route {carded[where]}'s card shows this post in this "
                               "channel: one card a post")
            elif first[where][-1] != sub.id:
                repeats[sub.id] = first[where][-1]
                alike.add(sub.id)
                why[sub.id] = (f"{first[where][-1]}'s card shows this post in this channel: "
                               "one card a post")
        if not repeats:
            return hits, suppressed, [], []
        if trace is not None:
            for i, t in enumerate(trace):
                if isinstance(t, SubscriptionTrace) and t.name in repeats:
                    trace[i] = SubscriptionTrace(t.name, "repeat", why[t.name])
        joined: dict[str, list[str]] = {}
        for h in hits:
            if h.subscription_id in alike:
                joined.setdefault(repeats[h.subscription_id], []).extend(h.reasons)
        kept = [h.model_copy(update={"reasons": (*h.reasons, *joined[h.subscription_id])})
                if h.subscription_id in joined else h
                for h in hits if h.subscription_id not in repeats]
        return (kept,
                [s for s in suppressed
                 if not (s.route.startswith("sub:") and s.route[4:] in repeats)], standing,
                [(f"sub:{left}", why[left]) for left in repeats])


def matches(cs: CompiledSubscription, ctx: Context) -> tuple[bool, list[str], str | None]:
    """(it matches, why, the first failure): the query, then language, then sentiment, the
    costly facts asked only when everything before them passed."""
    if not eval_node(cs.node, ctx.found):
        return False, [], "query: false for this post"
    reasons = [f"subscription {cs.sub.query!r} ({', '.join(ctx.names(cs.terms & ctx.found))})"]
    if cs.languages:
        # a post of no language ("logo!", "👍": too little to tell, none declared) is let
        # through, as a Mastodon timeline's chosen languages let posts of none through
        # (docs/workflows.md); `lang=und` alone asks for those posts only
        lang = ctx.language() or UNKNOWN
        if lang == UNKNOWN:
            reasons.append("language unknown: let through")
        elif lang not in cs.languages:
            return (
                False,
                reasons,
                f"language: {lang} not in {sorted(cs.languages)}",
            )
        else:
            reasons.append(f"language {lang}")
    lo, hi = cs.sub.sentiment_min, cs.sub.sentiment_max
    if lo is not None or hi is not None:
        value = ctx.sentiment().compound
        if value is None or (lo is not None and value < lo) or (hi is not None and value > hi):
            shown = "unknown" if value is None else f"{value:+.2f}"
            return False, reasons, f"sentiment: {shown} outside the subscription's bounds"
        reasons.append(f"sentiment {value:+.2f}")
    return True, reasons, None


def _seniority(sub: Subscription) -> tuple[datetime, int, str]:
    """Oldest first: created earlier, then the shorter id (S-9 before S-10), then the id."""
    return sub.created_at, len(sub.id), sub.id
