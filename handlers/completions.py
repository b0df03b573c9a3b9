"""Ids a person may be typing, for chat autocomplete (Discord's application command options):
open and claimed tickets, pending approvals, the subscriptions of the channel it is asked in
(``unsubscribe``'s option, as ``list`` shows them), and the on-call schedules' names
(``oncall``'s option; the names escalation steps use, which ``socialops check`` holds to those
declared),
each labelled as ``oncall`` says it now. Bounded to what a platform shows (Discord: 25 choices)
and read through the store's status index, never every ticket ever stored."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.commands import DIGEST_CHOICES, typed_id, typed_name
from bot.core.models import Approval, Subscription, Ticket
from bot.core.networks import display_name
from bot.core.oncall import Schedule, describe
from bot.core.ports import Clock
from bot.core.text import ascii_digits, flat
from handlers.overrides import ChatOverrides, live
from handlers.subscriptions import describe as subscription_line

LIMIT = 25


class CompletionReads(Protocol):
    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]: ...
    async def list_approvals(self, *, status: str | None = None) -> list[Approval]: ...
    async def list_subscriptions(
        self, *, workspace: str | None = None, channel: str | None = None
    ) -> list[Subscription]: ...


def _number(record_id: str) -> int:
    tail = record_id.rpartition("-")[2]
    return int(tail) if ascii_digits(tail) else 0  # one no verb takes is left out before


def ticket_label(t: Ticket) -> str:
    who = f"claimed by {t.claimer}" if t.claimer else "unclaimed"
    return f"{t.id} · {who} · {t.route}" + (" · OVERDUE" if t.overdue else "")


def approval_label(a: Approval) -> str:
    # the draft as cards show it: a bidi override or a zero-width character in the author's
    # text would reorder or hide part of the choice
    text = flat(a.text)
    return f"{a.id} · {display_name(a.network)} as {a.account} · {text}"


class IdCompletions:
    def __init__(self, reads: CompletionReads, *,
                 schedules: Mapping[str, Schedule] | None = None,
                 clock: Clock | None = None,
                 overrides: ChatOverrides | None = None,
                 zones: Mapping[str, str] | None = None,
                 routes: Callable[[], Iterable[str]] | None = None) -> None:
        self.reads = reads
        # the rules' route names as loaded now (mute's and unmute's target): a reload shows
        self.routes = routes
        # workspace -> its timezone: a schedule's label says its handoff there too, as oncall
        self.zones = {w: ZoneInfo(z) for w, z in (zones or {}).items()}
        self.schedules = schedules or {}
        self.overrides = overrides  # chat's (handlers.overrides), read as a name is typed
        self.clock = clock or (lambda: datetime.now(UTC))

    async def complete(self, kind: str, typed: str, *, limit: int = LIMIT,
                       workspace: str | None = None, channel: str | None = None
                       ) -> list[tuple[str, str]]:
        """``(id, label)`` pairs for ``kind`` ("ticket", "approval", "any" (either),
        "scheduling" (pending or approved approvals, for ``schedule`` and ``withdraw``) or
        "schedule") whose
        id or label holds ``typed`` (case-insensitive); ids that start with it first, newest
        first (schedules: in the config's order)."""
        if kind == "subscription":  # the channel's, as `list` shows them there
            if not workspace or not channel:
                return []
            now = self.clock()
            subs = await self.reads.list_subscriptions(workspace=workspace, channel=channel)
            want = _typed(typed)
            named = [(s.id, flat(subscription_line(s, now))) for s in subs]
            hits = [h for h in named if want in h[1].casefold()]
            hits.sort(key=lambda h: (not h[0].casefold().startswith(want), -_number(h[0])))
            return hits[:limit]
        if kind == "digest":  # a subscription's digest=, its ten values: typed, one guessed
            want = _typed(typed)
            hits = [(v, label) for v, label in DIGEST_CHOICES if want in label.casefold()
                    or want in v]
            hits.sort(key=lambda h: not h[0].startswith(want))
            return hits[:limit]
        if kind == "mutable":
            return (await self._mutable(typed, workspace, channel))[:limit]
        if kind == "schedule":
            schedules = await live(self.schedules, self.overrides)
            now = self.clock()
            want = _typed(typed)
            reader = self.zones.get(workspace or "")
            # matched by its name and its people (the rotation's, and whoever is on call now
            # or next: an override's person), never the label's clock text: a zone, a time
            # or "until" typed matched every schedule
            hits = [(name, describe(s, now, reader=reader)) for name, s in schedules.items()
                    if any(want in word.casefold() for word in _known(s, now) | {name})]
            hits.sort(key=lambda h: not h[0].casefold().startswith(want))
            return hits[:limit]
        found: list[tuple[str, str]] = []
        if kind in ("ticket", "any"):
            for status in ("open", "claimed"):
                found += [(t.id, ticket_label(t))
                          for t in await self.reads.list_tickets(status=status)]
        if kind in ("approval", "any", "scheduling"):
            found += [(a.id, approval_label(a))
                      for a in await self.reads.list_approvals(status="pending")]
        if kind == "scheduling":  # an approved draft waits for its time: `schedule` moves
            # it, `withdraw` calls it off
            found += [(a.id, approval_label(a))
                      for a in await self.reads.list_approvals(status="approved")]
        want = _typed(typed)
        # an id no verb takes as it is ("T-²" or "Ｔ-３", hand-edited) is not offered: chosen,
        # every verb answered "write T-2", or acted on T-3, another record (``tickets`` lists it)
        hits = [(value, label) for value, label in found
                if typed_id(value) == value
                and (want in value.casefold() or want in label.casefold())]
        hits.sort(key=lambda h: (not h[0].casefold().startswith(want), -_number(h[0])))
        return hits[:limit]


    async def _mutable(self, typed: str, workspace: str | None, channel: str | None
                       ) -> list[tuple[str, str]]:
        """What mute and unmute take, as the typed line names it: the channel's
        subscriptions, the routes (``route checkout``: never read as a subscription's id),
        and each one's spike warnings alone (``spikes route checkout``); those holding
        ``typed``, the ones whose value starts with it first."""
        subs = (await self.reads.list_subscriptions(workspace=workspace, channel=channel)
                if workspace and channel else [])
        now = self.clock()
        named = [(s.id, flat(subscription_line(s, now))) for s in
                 sorted(subs, key=lambda s: -_number(s.id))]
        named += [(f"route {r}", f"route {r}: its alerts and spike warnings")
                  for r in sorted(self.routes() if self.routes is not None else ())]
        offered = [*named, *((f"spikes {value}" if value.startswith("route ")
                              else f"spikes subscription {value}",
                              f"{value}: its spike warnings alone"
                              if value.startswith("route ") else
                              f"{value}: its spike warnings alone · {label}")
                             for value, label in named)]
        want = _typed(typed)
        hits = [h for h in offered if want in h[0].casefold() or want in h[1].casefold()]
        hits.sort(key=lambda h: not h[0].casefold().startswith(want))
        return hits


def _known(schedule: Schedule, now: datetime) -> set[str]:
    """The people a schedule's option is found by: its rotation's, and whoever it has on call
    now and next (an override's person)."""
    c = schedule.on_call(now)
    return {*schedule.people, *(p for p in (c.person, c.then) if p)}


def _typed(text: str) -> str:
    """What is typed in an option, read as the command will read it: without the marks a
    paste from right-to-left text carries (``typed_name``), casefolded."""
    return " ".join(w for w in map(typed_name, text.split()) if w).casefold()
