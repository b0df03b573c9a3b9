"""Subscriptions made from chat: ``subscribe``, ``unsubscribe``, ``list``, ``mute``,
``unmute``.

A subscription is bound to the channel it was made in; ``list`` shows only that channel's
subscriptions, and ``unsubscribe``/``mute`` refuse ids from other channels, so a department sees
and changes only its own. A channel follows one query with one set of options once: the same
subscribe again (a double submit, a teammate) names the one there and adds nothing, checked
against the channel's list and held by a unique key (``SUBSCRIPTION_HOLDER``), so two
processes handling the same line at once make one.

Every change is written with an entry in the routing log (one transaction), which bumps the
routing version: this process and every other one swap in a new router within one batch
(``bot.engine.router``).

``mute <route> 2h why`` on a rules-file route (leads only) stores a silence the same way;
``unmute`` lifts a mute early (a subscription's, or a route's chat silences), through the same
routing log, so every process stops holding the matches back within one batch.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.core import keys as K
from bot.core.cards import Interaction, Reply
from bot.core.commands import CommandError, digest_option, parse_span, typed_id
from bot.core.durations import TooLong, parse_duration
from bot.core.effects import Effects
from bot.core.errors import Refusal
from bot.core.jsonbody import loads
from bot.core.models import (
    SpikeLimits,
    Subscription,
    spike_limit_problem,
    subscription_query_problem,
)
from bot.core.ports import Clock, Transactions
from bot.core.text import code_span, fold, listing, one_line
from bot.core.verbs import VERBS
from bot.core.when import shown_at
from handlers import spike_mutes
from handlers.audit import Audit
from handlers.preview import Preview, card_time, sample_names
from handlers.preview import render as render_preview

# Subscriptions one person keeps in one channel, at most: a department's alerts fit many times
# over (a query may OR 200 terms), and one member cannot flood the router and the previews.
MAX_PER_PERSON = 200
SLICE = 32  # subscriptions compared with a new one between two turns of the event loop


class SubscriptionReads(Protocol):
    async def get_subscription(self, sub_id: str) -> Subscription | None: ...
    async def channel_subscriptions_raw(self, *, workspace: str, channel: str) -> list[str]: ...
    async def count_subscriptions(self, *, workspace: str, channel: str,
                                  created_by: str) -> int: ...
    async def next_number(self, counter: str) -> int: ...
    async def list_raw(self, kind: str) -> list[str]: ...
    async def get_raw(self, kind: str, record_id: str) -> str | None: ...


# when a digest subscription's next card comes (``Preview.next_cards``)
NextCards = Callable[[Subscription], datetime | None]

_KINDS = ("route", "subscription")  # named before the target when one id names both
_SPIKE_KINDS = ("keyword", *_KINDS)  # and before a keyword whose spike warnings are muted


class SubscriptionService:
    def __init__(
        self,
        reads: SubscriptionReads,
        applier: Transactions,
        *,
        clock: Clock,
        audit: Audit,
        validate_query: Callable[[str], None] | None = None,
        canonical_query: Callable[[str], str] = fold,
        route_names: Callable[[], set[str]] = set,
        may_mute_routes: Callable[[str], bool] = lambda person: False,
        looks_for: Callable[[str], Awaitable[bool]] | None = None,
        channel_problem: Callable[[str, str], Awaitable[str | None]] | None = None,
        previews: Preview | None = None,
        discord: Callable[[], frozenset[str]] = frozenset,
        zones: Mapping[str, str] | None = None,
    ) -> None:
        self.zones = dict(zones or {})  # workspace -> its clock, on which ends are said too
        self.channel_problem = channel_problem
        self.discord = discord  # the workspaces where a subscription may be stranded
        self.previews = previews
        self.reads = reads
        self.applier = applier
        self.clock = clock
        self.audit = audit
        self.validate_query = validate_query
        self.canonical_query = canonical_query
        self.route_names = route_names
        self.may_mute_routes = may_mute_routes
        # whether the rules or a subscription look for a keyword (``mute spikes keyword``)
        self.looks_for = looks_for or _any_keyword

    async def handle(self, i: Interaction, person: str) -> Reply:
        if i.action == "subscribe":
            return await self.subscribe(i, person)
        if i.action == "preview":
            return await self.preview(i, person)
        if i.action == "list":
            # stored JSON, read into a subscription only for the lines a chat shows: a
            # channel of 100,000 costs what is shown, not 100,000 parsed on the event loop
            raw = await self.reads.channel_subscriptions_raw(workspace=i.workspace,
                                                             channel=i.channel)
            now = self.clock()
            zone = self.zones.get(i.workspace)
            # a digest's line says when its next card comes, on the schedule in force
            nexts = await self.previews.next_cards() if self.previews is not None else None
            text, unlisted = listing(raw, lambda data: _described(data, now, zone, nexts))
            if not text:
                return Reply.done("no subscriptions in this channel")
            return Reply.done(text, unlisted=unlisted)
        if i.action in ("mute", "unmute") and i.options.get("spikes"):
            return await self._spikes(i, person)
        target = i.target or (i.args[0] if i.args else None)
        if not target:
            return Reply.refused(f"usage: {i.action} S-<number>")
        rest = i.args[1:] if i.target is None else i.args
        kind = None  # `mute route eu-2 2h`, `mute subscription S-2 2h`: the one meant, named
        if _kind_first(i.action, target, rest):
            kind, target, rest = target.lower(), rest[0], rest[1:]
        elif (i.action in ("mute", "unmute") and target.lower() in _KINDS
              and self._route_named(target) is None):  # `mute route 2h`, `unmute route`
            return Reply.refused(_name_it(i.action, target.lower()))
        if kind == "subscription" and await self._mine(i, target) is None:
            return Reply.refused(f"no subscription {one_line(target, 80)} in this channel"
                                 + _a_route(i.action, self._route_named(target)))
        route = self._route_named(target) if kind != "subscription" else None
        if kind == "route" and route is None:
            return Reply.refused(f"no route {one_line(target, 80)} in the rules"
                                 f"{_routes(self.route_names())}")
        if route is not None and kind is None and (
                sub := await self._mine(i, target)) is not None:
            # a route named like an id (eu-2, s-2) is read as one: ids are read in any case
            return Reply.refused(
                f"{target} names both this channel's subscription {sub.id} and the route "
                f"{route}, so nothing was {i.action}d: type `{i.action} route {route}` or "
                f"`{i.action} subscription {sub.id}`")
        if i.action == "mute" and route is not None:
            return await self._mute_route(person, route, rest,
                                          zone=self.zones.get(i.workspace))
        if i.action == "unmute":
            if route is not None:
                return await self._unmute_route(person, route)
            return await self._unmute(i, person, target)
        if i.action == "unsubscribe":
            return await self._unsubscribe(i, person, target)
        duration = parse_span(rest[0]) if rest else timedelta(hours=1)
        return await self._mute(i, person, target, self.clock() + duration, " ".join(rest[1:]))

    async def _spikes(self, i: Interaction, person: str) -> Reply:
        """``mute spikes <route | S-2 | keyword word> 2h [why]``, ``unmute spikes ...``: the
        series' spike warnings alone (``handlers.spike_mutes``). A route's and a keyword's
        are a lead's to mute, as a route's mute is; a subscription's, its channel's."""
        words = (i.target, *i.args) if i.target else tuple(i.args)
        if len(words) < 2 and (not words or words[0].lower() in _SPIKE_KINDS):
            return Reply.refused(f"usage: {i.action} spikes <route | S-2 | keyword word>"
                                 + (" 2h" if i.action == "mute" else ""))
        found = await self._series(i, words)
        if isinstance(found, Reply):
            return found
        key, rest = found
        if key[0] != "subscription" and not self.may_mute_routes(person):
            return Reply.refused(f"only a lead may {i.action} the spike warnings of "
                                 f"{spike_mutes.said(key)}")
        if i.action == "unmute":
            return await self._unmute_spikes(person, key)
        if key[0] == "keyword" and not await self.looks_for(key[1]):
            # a misspelt keyword (acmee) was muted and said done, and acme's spikes rang on
            return Reply.refused(f"no route nor subscription looks for the keyword "
                                 f"{one_line(key[1], 80)}, so it has no spike warnings to "
                                 "mute; check its spelling")
        duration = parse_span(rest[0]) if rest else timedelta(hours=1)
        return await self._mute_spikes(i, person, key, duration, " ".join(rest[1:]))

    async def _series(self, i: Interaction, words: tuple[str, ...]
                      ) -> tuple[tuple[str, str], tuple[str, ...]] | Reply:
        """The series ``words`` name first (``keyword acme``, ``route eu-2``, ``S-2``, a
        route's name) and the words after it; a refusal naming what to type instead."""
        first, rest = words[0], words[1:]
        # before a duration it names no series (`mute spikes keyword 2h` muted the keyword
        # "2h" for the default hour): the route or subscription named so, else said left out
        kind = (first.lower() if first.lower() in _SPIKE_KINDS and _names_next(i.action, rest)
                else None)
        if kind == "keyword":
            return ("keyword", rest[0].casefold()), rest[1:]
        if kind is not None:
            first, rest = rest[0], rest[1:]
        route = self._route_named(first) if kind != "subscription" else None
        sub = await self._mine(i, first) if kind != "route" else None
        if route is not None and sub is not None:
            return Reply.refused(
                f"{first} names both this channel's subscription {sub.id} and the route "
                f"{route}, so nothing was {i.action}d: type `{i.action} spikes route {route}` "
                f"or `{i.action} spikes subscription {sub.id}`")
        if route is not None:
            return ("route", route), rest
        if sub is not None:
            return ("subscription", sub.id), rest
        if kind == "route":
            return Reply.refused(f"no route {one_line(first, 80)} in the rules"
                                 f"{_routes(self.route_names())}")
        if kind == "subscription":
            return Reply.refused(f"no subscription {one_line(first, 80)} in this channel")
        if first.lower() in _SPIKE_KINDS:
            return Reply.refused(_name_it(f"{i.action} spikes", first.lower(),
                                          mute=i.action == "mute"))
        return Reply.refused(
            f"no route or subscription {one_line(first, 80)} here"
            f"{_routes(self.route_names())}; a keyword's spike warnings: "
            f"`{i.action} spikes keyword {one_line(first, 40)}"
            f"{' 2h' if i.action == 'mute' else ''}`")

    async def _mute_spikes(self, i: Interaction, person: str, key: tuple[str, str],
                           duration: timedelta, why: str) -> Reply:
        now = self.clock()
        until = now + duration
        target = spike_mutes.mute_id(key)

        async def decide() -> tuple[Effects, None]:
            raws = await self.reads.list_raw(K.SPIKE_MUTE)
            stored = spike_mutes.versions(raws)
            fx = Effects()
            for gone in spike_mutes.ended(raws, now):  # kept for nothing: mutes end
                # as read only: a process that decided before another muted that series
                # anew took the new mute away (the write conflicts and is decided again);
                # nor the one written below (both stores write a write's records before its
                # deletes: a series muted again after its mute ended was not muted)
                if gone != target:
                    fx.delete(K.SPIKE_MUTE, gone, expected=stored[gone])
            self._put_spike_mute(fx, target, stored, spike_mutes.record(
                key, who=person, why=why, now=now, until=until,
                version=_next_version(stored, target)))
            fx.audit.append(self.audit.event(
                actor=person, action="spikes.mute", object_type="spikes", object_id=target,
                detail=f"until {until:%Y-%m-%d %H:%M UTC}" + (f": {why}" if why else "")))
            return fx, None

        await self.applier.run(decide, what=f"spike mute {target}")
        return Reply.done(f"spike warnings of {spike_mutes.said(key)} muted until "
                          f"{shown_at(until, self.zones.get(i.workspace))}: its posts are "
                          "alerted and counted as before")

    @staticmethod
    def _put_spike_mute(fx: Effects, target: str, stored: dict[str, int | None],
                        data: str) -> None:
        """The series' mute record, over the one read (or none): another process's write of
        it since makes this one conflict and be decided again."""
        if target in stored and stored[target] is None:  # written before versions: as read
            fx.put(K.SPIKE_MUTE, target, data)
            return
        fx.swap(K.SPIKE_MUTE, target, data, version=_next_version(stored, target),
                expected=stored.get(target))

    async def _unmute_spikes(self, person: str, key: tuple[str, str]) -> Reply:
        now = self.clock()
        target = spike_mutes.mute_id(key)

        async def decide() -> tuple[Effects, Reply]:
            raws = await self.reads.list_raw(K.SPIKE_MUTE)
            held = spike_mutes.live(raws, now)
            fx = Effects()
            if not spike_mutes.is_muted(held, key):
                return fx, Reply.refused(
                    f"spike warnings of {spike_mutes.said(key)} are not muted")
            # as read: two unmuting at once lift it once (one audit event), the other told
            # it is not muted
            fx.delete(K.SPIKE_MUTE, target, expected=spike_mutes.versions(raws).get(target))
            fx.audit.append(self.audit.event(
                actor=person, action="spikes.unmute", object_type="spikes", object_id=target,
                detail=f"was muted until {held[key][0]:%Y-%m-%d %H:%M UTC}"))
            return fx, Reply.done(f"spike warnings of {spike_mutes.said(key)} unmuted: a "
                                  "spike is warned of again")

        return await self.applier.run(decide, what=f"spike mute {target}")

    def _route_named(self, target: str) -> str | None:
        """The route ``target`` names: by its name, in any capitals (``ROUTE`` is the route
        route), or read as an id is (``eu-2`` typed is read ``EU-2``, as any id); None for
        none, or for two routes read as one."""
        names = self.route_names()
        if target in names:
            return target
        read = typed_id(target)
        same = [n for n in names if (read is not None and typed_id(n) == read)
                or n.casefold() == target.casefold()]
        return same[0] if len(same) == 1 else None

    async def _mine(self, i: Interaction, target: str, *,
                    stranded: bool = False) -> Subscription | None:
        """``target`` if it is this channel's; with ``stranded``, also one of this workspace
        made for the channel "None", which no channel could reach otherwise: on Discord only
        (``discord``), where a channel so named is no real one."""
        sub = await self.reads.get_subscription(target)
        kind, dash, number = target.partition("-")
        if sub is None and dash and number.isdigit() and number.startswith("0"):
            # S-02 as typed is S-2 (ids are made unpadded); a hand-edited S-02 is found first
            sub = await self.reads.get_subscription(f"{kind}-{int(number)}")
        if sub is None or sub.workspace != i.workspace or (
                sub.channel != i.channel and not (
                    stranded and sub.stranded() and sub.workspace in self.discord())):
            return None
        return sub

    async def _unsubscribe(self, i: Interaction, person: str, target: str) -> Reply:
        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            sub = await self._mine(i, target, stranded=True)
            if sub is None and i.options.get("by") == "query":
                found = await self._following(i, target)
                if len(found) != 1:
                    return fx, Reply.refused(
                        f"no subscription of this channel follows {code_span(target)}; "
                        "`list` shows them with their ids" if not found else
                        f"{len(found)} subscriptions of this channel follow "
                        f"{code_span(target)}: {', '.join(s.id for s in found)}; unsubscribe "
                        "the one meant by its id")
                sub = found[0]
            if sub is None:
                return fx, Reply.refused(f"no subscription {target} in this channel")
            fx.delete(K.SUBSCRIPTION, sub.id, expected=sub.version)
            key = self.same_key(sub)
            if _holder(await self.reads.get_raw(K.SUBSCRIPTION_HOLDER, key)) == sub.id:
                fx.delete(K.SUBSCRIPTION_HOLDER, key)  # the same line may subscribe again
            fx.routing_change("sub-", sub.id)
            fx.audit.append(self.audit.event(actor=person, action="subscription.delete",
                                             before=sub, object_type="subscription",
                                             object_id=sub.id))
            return fx, Reply.done(f"{sub.id} removed")

        return await self.applier.run(decide, what=f"subscription {target}")

    async def _following(self, i: Interaction, query: str) -> list[Subscription]:
        """The channel's subscriptions whose query reads as ``query`` does (the keyword
        index's reading: capitals, accents and spacing aside), oldest first."""
        want = self.canonical_query(" ".join(query.split()))
        found = []
        for raw in await self.reads.channel_subscriptions_raw(workspace=i.workspace,
                                                              channel=i.channel):
            try:  # the query alone read first: a channel may hold thousands
                query_of = loads(raw).get("query")
                if not isinstance(query_of, str) or self.canonical_query(
                        " ".join(query_of.split())) != want:
                    continue
                found.append(Subscription.model_validate_json(raw))
            except (ValueError, AttributeError):
                continue  # a damaged record: `list` says so
        return sorted(found, key=lambda s: s.created_at)

    async def _mute(self, i: Interaction, person: str, target: str, until: datetime,
                    why: str) -> Reply:
        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            sub = await self._mine(i, target)
            if sub is None:
                return fx, _not_here(target)
            new = sub.model_copy(update={"muted_until": until, "version": sub.version + 1})
            fx.update(new, expected=sub.version)
            fx.routing_change("sub~", sub.id)
            fx.audit.append(self.audit.event(actor=person, action="subscription.mute", obj=new,
                                             before=sub, object_type="subscription",
                                             object_id=sub.id, detail=why))
            return fx, Reply.done(f"{sub.id} muted until "
                                  f"{shown_at(until, self.zones.get(i.workspace))}")

        return await self.applier.run(decide, what=f"subscription {target}")

    async def _unmute(self, i: Interaction, person: str, target: str) -> Reply:
        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            sub = await self._mine(i, target)
            if sub is None:
                return fx, _not_here(target)
            if sub.muted_until is None or sub.muted_until <= self.clock():
                return fx, Reply.refused(f"{sub.id} is not muted")
            was = f"{sub.muted_until:%Y-%m-%d %H:%M UTC}"
            new = sub.model_copy(update={"muted_until": None, "version": sub.version + 1})
            fx.update(new, expected=sub.version)
            fx.routing_change("sub~", sub.id)
            fx.audit.append(self.audit.event(actor=person, action="subscription.unmute",
                                             obj=new, before=sub, object_type="subscription",
                                             object_id=sub.id,
                                             detail=f"was muted until {was}"))
            return fx, Reply.done(f"{sub.id} unmuted: its matches are delivered again")

        return await self.applier.run(decide, what=f"subscription {target}")

    async def _unmute_route(self, person: str, route: str) -> Reply:
        """Lift a route's chat mutes early: the silences ``mute <route>`` stored are deleted
        (rules-file silences stay: they change with the file)."""
        if not self.may_mute_routes(person):
            return Reply.refused(f"only a lead may unmute the route {route}")
        now = self.clock()
        live = [s for s in (_silence(raw) for raw in await self.reads.list_raw(K.SILENCE))
                if s is not None and s.get("routes") == [route]
                and _until(s) > now]
        if not live:
            return Reply.refused(f"route {route} is not muted from chat (a silence in the rules "
                                 "file ends when the file changes)")
        fx = Effects()
        for s in live:
            fx.delete(K.SILENCE, str(s["id"]))
            fx.routing_change("silence", str(s["id"]))
            fx.audit.append(self.audit.event(
                actor=person, action="route.unmute", object_type="route", object_id=route,
                detail=f"{s['id']} (muted by {s.get('who')} until {s.get('until')}) lifted"))
        await self.applier.apply(fx)
        return Reply.done(f"route {route} unmuted: its matches are delivered again")

    async def _mute_route(self, person: str, route: str, rest: tuple[str, ...], *,
                          zone: str | None = None) -> Reply:
        if not self.may_mute_routes(person):
            return Reply.refused(f"only a lead may mute the route {route}")
        duration = parse_span(rest[0]) if rest else timedelta(hours=1)
        now = self.clock()
        until = now + duration
        why = " ".join(rest[1:]) or "muted from chat"
        silence_id = f"chat-{route}-{int(until.timestamp())}"
        fx = Effects()
        for ended in (_silence(raw) for raw in await self.reads.list_raw(K.SILENCE)):
            if ended is not None and _until(ended) <= now:  # kept for nothing: mutes end
                fx.delete(K.SILENCE, str(ended["id"]))
        fx.put(K.SILENCE, silence_id, json.dumps({
            "id": silence_id, "routes": [route], "who": person, "why": why,
            "starts": now.isoformat(), "until": until.isoformat()}))
        fx.routing_change("silence", silence_id)
        when = f"{until:%Y-%m-%d %H:%M UTC}"
        fx.audit.append(self.audit.event(actor=person, action="route.mute", object_type="route",
                                         object_id=route,
                                         detail=f"{silence_id} until {when}: {why}"))
        await self.applier.apply(fx)
        return Reply.done(f"route {route} muted until {shown_at(until, zone)}")

    def _draft(self, i: Interaction, person: str, sub_id: str) -> Subscription:
        """The subscription a ``subscribe`` or ``preview`` line describes; Refusal saying what
        is wrong with it."""
        query = " ".join(i.args).strip()
        if not query:
            raise Refusal(f"usage: {VERBS[i.action].usage}", field="query")
        if (problem := subscription_query_problem(query)) is not None:
            raise Refusal(problem, field="query")
        if self.validate_query is not None:
            try:
                self.validate_query(query)
            except ValueError as exc:  # the rules' query parser: its message is the line
                raise Refusal(str(exc), field="query") from exc
        opts = i.options
        try:  # a form's field comes here as typed: read as the command line's option is
            digest, _, day = (digest_option(opts["digest"]).partition(":")
                              if opts.get("digest") else (None, "", ""))
        except CommandError as exc:
            raise Refusal(exc.reason, field="digest") from exc
        try:
            low = float(opts["sentiment>"]) if "sentiment>" in opts else None
            high = float(opts["sentiment<"]) if "sentiment<" in opts else None
        except ValueError as exc:
            raise Refusal("sentiment bounds are numbers between -1 and 1") from exc
        langs = tuple(x.strip().lower() for x in opts.get("lang", "").split(",") if x.strip())
        return Subscription(
            id=sub_id, workspace=i.workspace, channel=i.channel, query=query,
            created_by=person, created_at=self.clock(),
            mode="digest" if digest else "realtime", digest_interval=digest,
            digest_day=day or None,
            languages=langs, sentiment_max=high, sentiment_min=low,
            spikes=_spike_limits(opts),
        )

    async def preview(self, i: Interaction, person: str) -> Reply:
        if self.previews is None:
            return Reply.refused("previews are not available here")
        sub = self._draft(i, person, "S-preview")
        result = await self.previews.run(sub)
        return Reply.done(render_preview(sub, result, zone=self.zones.get(i.workspace),
                                         spikes=self.previews.spikes),
                          names=sample_names(result))

    async def subscribe(self, i: Interaction, person: str) -> Reply:
        problem = (await self.channel_problem(i.workspace, i.channel)
                   if self.channel_problem is not None else None)
        if problem is not None:
            return Reply.refused(problem)
        checked = self._draft(i, person, "S-0")
        key = self.same_key(checked)

        async def decide() -> tuple[Effects, tuple[Reply, Subscription | None]]:
            fx = Effects()
            held = _holder(await self.reads.get_raw(K.SUBSCRIPTION_HOLDER, key))
            twin = await self._twin(checked, key, held)
            if twin is not None:
                return fx, (Reply.done(f"this channel already follows {code_span(twin.query)} "
                                       f"as {twin.id}; nothing added"), None)
            turn_key = f"{i.workspace}:{i.channel}:{person}"
            turn_raw = await self.reads.get_raw(K.SUBSCRIBE_TURN, turn_key)
            if await self.reads.count_subscriptions(workspace=i.workspace, channel=i.channel,
                                                    created_by=person) >= MAX_PER_PERSON:
                return fx, (Reply.refused(
                    f"you already keep {MAX_PER_PERSON} subscriptions in this channel, the most "
                    "one person may; unsubscribe some (list, then unsubscribe S-n), or join "
                    "queries with OR"), None)
            number = await self.reads.next_number(K.counter_for(K.SUBSCRIPTION))
            sub = checked.model_copy(update={"id": f"S-{number}"})
            fx.create(sub)
            # the channel's one subscription of this line, as a unique key: two processes
            # handling the same subscribe at once both read no twin above; the second to
            # commit conflicts, decides again and finds this one
            holder = json.dumps({"subscription": sub.id})
            if held is None:
                fx.reserve(K.SUBSCRIPTION_HOLDER, key, holder)
            else:  # it names a subscription deleted without releasing it: replace it
                fx.put(K.SUBSCRIPTION_HOLDER, key, holder)
            # the person's next turn here, claimed: two of their subscribes at once each
            # counted what the person keeps before either was written, and both were made,
            # past the limit; the second to commit now conflicts and counts again
            _take_turn(fx, turn_key, turn_raw)
            fx.routing_change("sub+", sub.id)
            fx.audit.append(self.audit.event(actor=person, action="subscription.create",
                                             obj=sub, object_type="subscription",
                                             object_id=sub.id))
            return fx, (Reply.done(f"{sub.id} created: {describe(sub, self.clock())}"), sub)

        reply, made = await self.applier.run(decide, what="subscription")
        if made is not None and self.previews is not None:
            return Reply.done(reply.text + "\n" + await self.previews.summary(made))
        return reply

    def same_key(self, sub: Subscription) -> str:
        """What makes two subscriptions of a channel the same (``Subscription.sameness``, with
        the query as the keyword index reads it), hashed: a query may be 500 characters
        long. Routing fires such twins once (``rules.postings``)."""
        same = sub.sameness(self.canonical_query)
        return hashlib.sha256("\x00".join(same).encode()).hexdigest()

    async def _twin(self, draft: Subscription, key: str,
                    held: str | None) -> Subscription | None:
        """The channel's subscription that ``draft`` repeats: ``held``, the one holding its
        key, else (made before the key existed) one in the channel's list that reads the
        same."""
        if held is not None:
            sub = await self.reads.get_subscription(held)
            if sub is not None:
                return sub
        raw = await self.reads.channel_subscriptions_raw(workspace=draft.workspace,
                                                         channel=draft.channel)
        # a channel may hold thousands: the loop gets a turn every SLICE of them (compared in
        # one go, a subscribe among 2,000 in its channel stalled it 60 ms; on a worker
        # thread, which holds the GIL 5 ms at a time, 5 ms; sliced, 2 ms)
        for n, data in enumerate(raw, start=1):
            sub = Subscription.model_validate_json(data)
            if self.same_key(sub) == key:
                return sub
            if n % SLICE == 0:
                await asyncio.sleep(0)
        return None


def _not_here(target: str) -> Reply:
    """``mute`` and ``unmute``'s refusal for a target that is neither this channel's
    subscription nor a route."""
    return Reply.refused(f"no subscription {target} in this channel (nor a route by that name)")


async def _any_keyword(keyword: str) -> bool:
    """Without a router to ask (a service made alone), every keyword is taken."""
    return True


def _kind_first(action: str, target: str, rest: tuple[str, ...]) -> bool:
    """``route`` or ``subscription`` names which one the word after it is, as the parser read
    it (``bot.core.commands``): before a name, not before a duration (``mute route 2h`` is the
    mute of a route named route), also where a route is named route."""
    if action not in ("mute", "unmute") or target.lower() not in _KINDS:
        return False
    return _names_next(action, rest)


def _names_next(action: str, rest: tuple[str, ...]) -> bool:
    """Whether the word before ``rest`` (``route``, ``subscription``, ``keyword``) names what
    kind of thing ``rest``'s first word is: there is one, and a mute's is no duration."""
    if not rest:
        return False
    if action == "unmute":
        return True
    try:
        parse_duration(rest[0])
    except TooLong:  # a duration all the same, too long: the parser read it as one
        return False
    except Refusal:
        return True
    return False


ROUTES_SHOWN = 10  # route names a refusal of a route not in the rules lists, what to type


def _routes(names: set[str]) -> str:
    """``; its routes: eu-2, s-1 and 3 more``: the routes a mistyped one may have meant."""
    if not names:
        return "; it has none"
    shown = sorted(names)[:ROUTES_SHOWN]
    more = len(names) - len(shown)
    return f"; its routes: {', '.join(shown)}" + (f" and {more} more" if more else "")


def _name_it(action: str, kind: str, *, mute: bool | None = None) -> str:
    """The refusal of ``mute route 2h`` or ``unmute subscription`` where no route is named so
    (``mute spikes keyword 2h`` too, ``action`` then ``mute spikes``): the name or id that
    goes after the word is missing."""
    what = {"route": "<route name>", "keyword": "outage"}.get(kind, "S-2")
    return (f"name the {kind} after `{kind}`: `{action} {kind} {what}"
            f"{' 2h' if (action == 'mute' if mute is None else mute) else ''}`")


def _a_route(action: str, route: str | None) -> str:
    """``; s-1 is a route: type `mute route s-1``` after a refusal of ``mute subscription s-1``
    where no such subscription is here and a route is named so, or nothing."""
    return f"; {route} is a route: type `{action} route {route}`" if route else ""


TURN_MOST = 2**53 - 1  # JSON's largest safe integer (RFC 8259 section 6)


def _take_turn(fx: Effects, key: str, raw: str | None) -> None:
    """Claim the turn after ``raw`` (a ``SUBSCRIBE_TURN`` record as read, or None) in ``fx``,
    written only if it is still as read; one that cannot be read (hand-edited) is replaced."""
    try:
        data = loads(raw) if raw else None
    except ValueError:
        data = None
    last = data.get("version") if isinstance(data, dict) else None
    # a turn past JSON's safe integers is none a release wrote (one a turn, from 0), and past
    # SQLite's 64 bits its next could not be written at all: every subscribe there failed
    if raw is not None and (type(last) is not int or not 0 <= last < TURN_MOST):
        fx.put(K.SUBSCRIBE_TURN, key, json.dumps({"version": 0}))
        return
    version = 0 if last is None else last + 1
    fx.swap(K.SUBSCRIBE_TURN, key, json.dumps({"version": version}), version=version,
            expected=last)


def _holder(raw: str | None) -> str | None:
    """The subscription id a holder record names."""
    try:
        data = loads(raw) if raw else None
    except ValueError:
        return None
    held = data.get("subscription") if isinstance(data, dict) else None
    return held if isinstance(held, str) else None


def _silence(raw: str) -> dict[str, object] | None:
    try:
        data = loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) and "id" in data else None


def _until(silence: dict[str, object]) -> datetime:
    try:
        return datetime.fromisoformat(str(silence.get("until")))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def _spike_limits(opts: Mapping[str, str]) -> SpikeLimits | None:
    """The ``spikes.<name>=`` options (the parser checked each), None for none: the bot's."""
    own = {k.removeprefix("spikes."): v for k, v in opts.items() if k.startswith("spikes.")}
    if not own:
        return None
    try:
        return SpikeLimits.model_validate(own)
    except ValueError as exc:  # the parser says each of them: this is a last guard
        said = [p for k, v in own.items() if (p := spike_limit_problem(k, v)) is not None]
        raise Refusal(said[0] if said else f"spikes: {one_line(str(exc), 120)}") from exc


def _described(data: str, now: datetime, zone: str | None = None,
               nexts: NextCards | None = None) -> str | None:
    """``describe`` of a stored subscription, None when it cannot be read (the store says so
    wherever it reads it whole: the router's build)."""
    try:
        return describe(Subscription.model_validate_json(data), now, zone, nexts)
    except ValueError:  # pydantic's ValidationError too
        return None


def describe(s: Subscription, now: datetime, zone: str | None = None,
             nexts: NextCards | None = None) -> str:
    """One line for ``list``; a mute's end on ``zone``'s clock too; a digest's next card
    (``nexts``) on the digests' clock, as the subscribe reply says its first."""
    bits = [f"{s.id}: {s.query}", s.mode if s.mode == "realtime" else f"digest {s.digest_said()}"]
    if s.mode == "digest" and nexts is not None and (at := nexts(s)) is not None:
        bits.append(f"next card {card_time(at)}, if a post matches by then")
    if s.languages:
        bits.append("lang " + ",".join(s.languages))
    if s.sentiment_max is not None:
        bits.append(f"sentiment<{s.sentiment_max}")
    if s.sentiment_min is not None:
        bits.append(f"sentiment>{s.sentiment_min}")
    if s.spikes is not None:
        bits.append(s.spikes.said())
    if s.muted_until and s.muted_until > now:
        bits.append(f"muted until {shown_at(s.muted_until, zone)}")
    return " · ".join(bits) + f" (by {s.created_by})"


def _next_version(stored: dict[str, int | None], target: str) -> int:
    """The version a spike mute's record is written with: one past the one read (0 over a
    record written before versions, which ``put`` writes as 0 on both stores)."""
    if target not in stored:
        return 1
    version = stored[target]
    return 0 if version is None else version + 1
