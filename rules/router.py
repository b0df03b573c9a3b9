"""The compiled router: rules file + subscriptions + silences in one object whose
``route(facts, now)`` decides which routes fire for a post (``bot.core.ports.Router``).

It composes three stages, split as Alertmanager splits them, over one shared keyword automaton:

- the route tree (``rules.tree``): first match wins unless ``continue``, children before
  their parent;
- the subscription postings (``rules.postings``): only subscriptions sharing a keyword with
  the post run, subscriptions change in place, and twins (the same query and options in one
  channel) fire once;
- the mute stage (``rules.mute``): silences, quiet hours, inhibition.

How a post is routed: its folded text runs once through the automaton (``rules.keywords``);
the tree is walked; unless a ``drop`` route fired, the candidate subscriptions run; then every
hit passes the mute stage, and muted ones go into ``suppressed`` with the reason.

Pure: no I/O and no clock reads. The only state is the ``InhibitState`` (recent firings of
inhibiting routes, for ``inhibit_rules`` with ``for:``), which the caller keeps across rebuilds
by passing the old router's ``state``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import datetime

from bot.core import collector
from bot.core.lookalikes import lookalike_fold
from bot.core.models import RouteHit, Subscription
from bot.core.ports import Facts, RoutingDecision
from bot.core.text import quoted_cut
from rules.conditions import Context, match_keywords
from rules.explain import Explanation, SubscriptionTrace, Trace, Traces
from rules.hits import Fired
from rules.keywords import KeywordIndex, key_of
from rules.loader import RuleSet
from rules.mute import InhibitState, MuteStage, compile_silences
from rules.postings import Postings
from rules.schema import Silence
from rules.timeintervals import compile_time_interval
from rules.tree import compile_routes, walk

__all__ = ["CompiledRouter", "InhibitState", "compile_router"]

EMPTY = RoutingDecision()
# A rebuild keeps the automaton it replaces when it lacks at most REUSE_MISSING of the keys
# now needed and holds at most a tenth (or REUSE_STALE) too many (``compile_router``).
REUSE_MISSING = 1000
REUSE_STALE = 100


def compile_router(
    ruleset: RuleSet,
    subscriptions: Sequence[Subscription] = (),
    *,
    silences: Sequence[Silence] = (),
    state: InhibitState | None = None,
    keywords: KeywordIndex | None = None,
) -> CompiledRouter:
    """``keywords``: the automaton of the router this one replaces, used again when it holds
    exactly the keywords this one needs (a rules reload that changed no keyword, a rebuild
    after silences or a gap in the routing log): building it is one call into the
    automaton's C code, 35-60 ms at 100,000 subscriptions, which holds the GIL throughout."""
    # Compiling allocates ~100k small objects at 100k subscriptions, none in a cycle: the
    # collector waits until the build is done (``bot.core.collector``).
    with collector.paused():
        return CompiledRouter(ruleset, subscriptions, silences=silences, state=state,
                              keywords=keywords)


class CompiledRouter:
    """Satisfies ``bot.core.ports.Router``. Immutable once built, except the inhibit state and
    the in-place changes the live router makes (``add_subscriptions``, ``remove_subscriptions``,
    ``replace_silences``)."""

    def __init__(
        self,
        ruleset: RuleSet,
        subscriptions: Sequence[Subscription] = (),
        *,
        silences: Sequence[Silence] = (),
        state: InhibitState | None = None,
        keywords: KeywordIndex | None = None,
    ) -> None:
        rules = ruleset.rules
        self.ruleset = ruleset
        self.state = state if state is not None else InhibitState()
        self.postings = Postings()
        all_silences = (*rules.silences, *silences)
        # the rules' and silences' keywords: never stale, whatever subscriptions come and go
        self._pinned = frozenset(key_of(k) for k in _rule_keywords(ruleset, all_silences))
        keys = set(self._pinned)
        for sub, cq in self.postings.parse(subscriptions):
            if self.postings.post(sub, cq):  # a skipped one's keywords are not looked for
                keys.update(cq.keys)
        # keys the automata find but nothing asks for any more (of a reused automaton, of
        # subscriptions removed in place): taken out of what they find
        self._stale: frozenset[str] = frozenset()
        if keywords is not None and _reusable(keywords.keys, keys):
            self.index = keywords  # read-only once finished: old and new router may share it
            self._stale = frozenset(keywords.keys - keys)
            missing = keys - keywords.keys
            if missing:  # new keywords: the side automaton's, as for a subscribe
                self.postings.extra = KeywordIndex(missing).finish()
        else:
            self.index = KeywordIndex(keys).finish()
        self.brand_ids = {
            name: frozenset(key_of(w) for w in words) for name, words in rules.brands.items()
        }
        intervals = {t.name: compile_time_interval(t) for t in rules.time_intervals}
        self.routes = compile_routes(
            ruleset, index=self.index, brand_ids=self.brand_ids, intervals=intervals
        )
        self.mute = MuteStage(
            compile_silences(all_silences, self.index, self.brand_ids),
            rules.inhibit_rules,
            self.state,
        )

    # --- incremental changes (one subscribe costs its own keys, not a rebuild) ------------------

    def add_subscriptions(self, subscriptions: Sequence[Subscription]) -> None:
        """Add (or replace) subscriptions in place. Their keywords that the main automaton
        lacks go to a small side automaton; the caller rebuilds everything when
        ``pending_keys`` grows large."""
        posted, unused = self.postings.add(subscriptions, known=self.index.keys)
        self._forget(unused)
        if self._stale and not self._stale.isdisjoint(posted):
            self._stale = self._stale - posted  # asked for again: found again

    def remove_subscriptions(self, ids: Iterable[str]) -> None:
        """Remove subscriptions in place: nothing of them shows any more, neither a candidate
        nor a keyword found (``explain``, ``mentions_keyword``), though the automata hold
        their keywords until the next full build (``stale_keys``)."""
        self._forget(self.postings.remove(ids))

    def _forget(self, unused: AbstractSet[str]) -> None:
        dead = unused - self._pinned
        if dead:
            self._stale = self._stale | dead

    def replace_silences(self, silences: Sequence[Silence]) -> bool:
        """Swap the chat silences in place when their keywords are known to the automaton
        (route mutes from chat name routes, not words); False when a full build is needed."""
        replaced = self.mute.replace_silences(
            (*self.ruleset.rules.silences, *silences),
            index=self.index,
            brand_ids=self.brand_ids,
            found=self.index.keys - self._stale if self._stale else self.index.keys,
        )
        if replaced:  # their keywords stay found, whatever subscription goes
            self._pinned |= {key_of(k) for s in silences for k in match_keywords(s.match)}
        return replaced

    def dismantle(self, *, keep_index: bool = False) -> None:
        """Take apart a router no one routes with any more, on a worker thread, so that freeing
        it never holds the GIL for long: dropped in one go, a router of 100,000 subscriptions
        is freed in one cascade of about 80 ms in C (and its automaton in another 50 ms),
        whichever thread drops it, with the event loop standing. Freed a slice at a time, the
        interpreter hands the GIL over between slices. ``keep_index``: the router that
        replaces this one shares its automaton (``compile_router``'s ``keywords``)."""
        self.postings.dismantle()
        if not keep_index:
            self.index.dismantle()

    @property
    def pending_keys(self) -> int:
        return len(self.postings.extra)

    @property
    def stale_keys(self) -> int:
        """Keywords the automata still hold that nothing uses: filtered out of every post's
        keywords found until a full build drops them."""
        return len(self._stale)

    @property
    def worn(self) -> bool:
        """Whether so many keywords went stale (subscriptions removed in place) that a full
        build is due: one that builds a fresh automaton (``_reusable`` refuses this one)."""
        return len(self._stale) > _stale_bound(len(self.index.keys))

    @property
    def subscription_count(self) -> int:
        return len(self.postings)

    @property
    def skipped_subscriptions(self) -> list[tuple[str, str]]:
        """(id, why) of stored subscriptions that could not be compiled."""
        return self.postings.skipped

    # --- routing -------------------------------------------------------------------------------

    def route(self, facts: Facts, now: datetime) -> RoutingDecision:
        return self._decide(facts, now, None)

    def looks_for(self, keyword: str) -> bool:
        """Whether the rules or a subscription look for ``keyword`` (as folded): only such a
        keyword's posts make a keyword's spike series."""
        try:
            key = key_of(keyword)
        except ValueError:  # nothing left once folded
            return False
        return key in self.index.keys or key in self.postings.extra.keys

    def mentions_keyword(self, facts: Facts) -> bool:
        """Whether the post holds any keyword of the rules or of a subscription: the posts
        worth a second opinion on their labels (the optional model endpoint)."""
        return bool(self._context(facts).found)

    def explain(self, facts: Facts, now: datetime) -> Explanation:
        traces: Traces = []
        decision = self._decide(facts, now, traces)
        ctx = self._context(facts)
        look = ctx.lookalike()
        lookalikes = look.written(ctx.lookalikes) if look is not None and ctx.lookalikes else {}
        subs = [t for t in traces if isinstance(t, SubscriptionTrace)]
        return Explanation(
            mention=facts.mention,
            keywords_found=tuple(
                f"{key} (lookalike {quoted_cut(lookalikes[key])})" if key in lookalikes else key
                for key in ctx.names(ctx.found)),
            brands=ctx.brands(),
            routes=tuple(t for t in traces if isinstance(t, Trace)),
            subscriptions=tuple(subs),
            subscriptions_total=self.subscription_count,
            decision=decision,
        )

    def _context(self, facts: Facts) -> Context:
        folded = facts.folded()
        found = self.index.find(folded)
        extra = self.postings.extra
        if extra.keys:
            found |= extra.find(folded)
        # the post read with its Latin lookalikes as Latin letters ("Асme"), matched besides
        # the folded text: a lookalike's fold is never ASCII, so a post folded to ASCII (most)
        # costs one test
        if folded.isascii():
            return self._context_of(facts, folded, found)
        look = lookalike_fold(facts.mention.text)
        more: frozenset[str] = frozenset()
        if look is not None:
            more = self.index.find(look.folded)
            if extra.keys:
                more |= extra.find(look.folded)
            more -= found
        ctx = self._context_of(facts, folded, found | more)
        ctx.lookalikes = tuple(sorted(more))
        # kept for the conditions that read it (hashtags) and explain, so none reads it again
        ctx.look, ctx.look_read = look, True
        return ctx

    def _context_of(self, facts: Facts, folded: str, found: frozenset[str]) -> Context:
        if self._stale:
            found = found - self._stale
        return Context(facts, facts.mention, folded, found, self.index, self.brand_ids)

    def _decide(self, facts: Facts, now: datetime, trace: Traces | None) -> RoutingDecision:
        ctx = self._context(facts)
        fired: list[Fired] = []
        walk(self.routes, ctx, fired=fired, trace=trace)
        dropped = any(f.hit.action == "drop" for f in fired)
        if ctx.found and not dropped:
            self.postings.fire(ctx, fired, trace)
        elif trace is not None and dropped:
            trace.append(SubscriptionTrace("*", "not checked", "a drop route fired"))
        if not fired:
            return EMPTY
        hits, suppressed = self.mute.apply(ctx, now, fired, trace)
        standing: list[tuple[str, RouteHit]] = []
        repeats: list[tuple[str, str]] = []
        if len(fired) > 1:
            hits, suppressed, standing, repeats = self.postings.once_per_channel(
                hits, suppressed, trace)
        words: set[str] = set()
        for f in fired:
            words |= f.terms & ctx.found
        return RoutingDecision(
            hits=tuple(hits), keywords=tuple(ctx.names(words)), suppressed=tuple(suppressed),
            standing_in=tuple(standing), repeats=tuple(repeats))


def _reusable(known: AbstractSet[str], wanted: AbstractSet[str]) -> bool:
    """Whether an automaton of ``known`` keys serves a router that needs ``wanted``: the keys
    it lacks go to the side automaton, the ones it has too many are filtered out of what it
    finds; both are bounded, past which a fresh automaton is worth its build."""
    if len(wanted - known) > REUSE_MISSING:
        return False
    return len(known - wanted) <= _stale_bound(len(known))


def _stale_bound(known: int) -> int:
    return max(REUSE_STALE, known // 10)


def _rule_keywords(ruleset: RuleSet, silences: Iterable[Silence]) -> Iterable[str]:
    """Every keyword of the rules file (brands, routes) and of the silences."""
    for words in ruleset.rules.brands.values():
        yield from words
    for route, _, _, _ in ruleset.walk():
        yield from match_keywords(route.match)
    for s in silences:
        yield from match_keywords(s.match)
