"""The work queue from chat: ``tickets [mine|open|claimed|overdue] [p1..p5|none] [tag=..]
[team]`` lists tickets, and ``status <T-12 | A-3 | post URL | mention id>`` answers where one
thing stands, with a link to its card; for a ticket, its timeline too (PagerDuty's incident
timeline): the history, newest last, its last ``TIMELINE`` entries and how many earlier ones
were left out, each entry one line (a note's line breaks and a long reason cut), its text
escaped by each platform's renderer as every answer is.

Both are services with structured answers (``TicketQueue.page`` gives ``TicketRow``s,
``TicketQueue.look_up`` gives a ``Found``), so the chat verbs, the Slack App Home and modals
render the same facts their own way; the text renderings here are the chat verbs'.

Listing reads only tickets that are open or claimed, through the store's status index
(``Store.list_tickets(status=...)``), never every ticket ever stored; links come from the
message references the outbox recorded (one point read per listed row).

A *team* is a channel name from ``channels:`` (tickets whose card is in that channel) or a
people group (tickets claimed by one of its members). *Overdue* is past its SLA and not
resolved, whether or not the SLA timer has marked the card yet. ``tag=billing`` keeps the
tickets with that tag (``tag T-3 billing``). A priority (``p1``, or
``none`` for tickets without one; several mean any of them) keeps the tickets of that priority.
The list is in priority order (P1 first, tickets without one last), then overdue first, then by
SLA due.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.core.cards import Reply
from bot.core.commands import digits_mistake, typed_id
from bot.core.config import ChannelConfig
from bot.core.durations import span
from bot.core.errors import Refusal
from bot.core.models import (
    NO_PRIORITY,
    PRIORITIES,
    TAG_RULE,
    Approval,
    MessageRef,
    Priority,
    Ticket,
    Trace,
    priority_of,
    priority_rank,
    tag_of,
)
from bot.core.networks import display_name
from bot.core.ports import Clock
from bot.core.text import ascii_digits, at_handle, code_span, one_line
from bot.core.when import on_clock, shown_at
from handlers.cards import (
    CardLink,
    approval_headline,
    error_said,
    is_overdue,
    looked_up,
    merged_list,
    next_try_ending,
    on_the_day,
    where_is,
    withdrawal,
)
from handlers.follow_up import followed
from handlers.identity import Directory
from handlers.tickets import (
    claim_due,
    esc_timer,
    minutes_since,
    next_step_said,
    release_said,
    released_minutes,
    waited,
)
from handlers.why import Why

PAGE = 20  # rows a list shows; the rest are counted
TIMELINE = 10  # history entries ``status T-3`` shows, the newest; the rest are counted
ENTRY = 160  # characters of one timeline line (a note, a reason, a new mention's text)
# characters an answer may take once a renderer has escaped it: one Discord message, which
# backslash-escapes markup, so a line is measured as ``shown_len`` says
ANSWER = 2_000
FILTERS = ("mine", "open", "claimed", "overdue")
# `tickets unclaimed`: the word the answer heads ``open``'s list with; PagerDuty's states
_SAID_AS = {"unclaimed": "open", "triggered": "open", "acknowledged": "claimed"}
# states the queue never lists (it reads the open and claimed ones only): no team's names
_NOT_LISTED = frozenset({"resolved", "closed", "merged"})
USAGE = "tickets [mine|open|claimed|overdue] [p1..p5|none] [tag=..] [team]"
TAG = "tag="


# a channel as Slack writes a mention of it in a command's text: its id, and its name
_SLACK_CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|([^>]*))?>")

class QueueReads(Protocol):
    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]: ...
    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...
    async def get_approval(self, approval_id: str) -> Approval | None: ...
    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None: ...
    async def timer_due(self, timer_id: str) -> datetime | None: ...


@dataclass(frozen=True)
class TicketQuery:
    """What to list. Filters combine: ``mine`` (claimed by the asker), ``open`` (unclaimed),
    ``claimed`` (by anyone: PagerDuty's acknowledged), ``overdue`` (past the SLA), ``team``,
    ``priorities`` (any of them; None: tickets without a priority, ``tickets none``,
    described as "no priority")."""

    mine: bool = False
    open: bool = False
    claimed: bool = False
    overdue: bool = False
    team: str | None = None
    limit: int = PAGE
    priorities: tuple[Priority | None, ...] = ()
    tag: str | None = None  # only tickets with this tag

    def describe(self) -> str:
        bits = [w for w, on in (("mine", self.mine), ("unclaimed", self.open),
                                ("claimed", self.claimed), ("overdue", self.overdue))
                if on] or ["open or claimed"]
        if self.priorities:
            # "no priority": a bare "none" after the filters reads as no filter at all
            bits.append(" or ".join(p or "no priority" for p in self.priorities))
        if self.tag:
            bits.append(f"tagged {self.tag}")
        return ", ".join(bits) + (f", team {self.team}" if self.team else "")


@dataclass(frozen=True)
class TicketRow:
    id: str
    status: str
    claimer: str | None
    route: str
    created_at: datetime
    age_minutes: int
    sla_due: datetime | None
    overdue: bool
    snoozed_until: datetime | None
    channel: str | None  # the config name of the channel its card is in
    link: str | None  # the card's permalink, or where to find it
    priority: Priority | None = None
    # minutes since an open ticket was last left unclaimed, when that is after its opening
    # (a claim released, an unclaim, a reopen); None: never claimed since it opened, or held
    unclaimed_minutes: int | None = None
    tags: tuple[str, ...] = ()
    # held by someone no longer in people: (they left): a held ticket never escalates, so
    # nobody would learn that nobody works it
    claimer_gone: bool = False
    # when its chain's claim_timeout releases the claim held (None: nothing will)
    released_at: datetime | None = None


def gone(ticket_id: str, person: str) -> str:
    """What a row and ``status`` say after "claimed by <person>" when the config no longer
    names them (taken out of ``people:``)."""
    return f" ({person} is no longer in people:; unclaim {ticket_id} to=<person> hands it on)"


@dataclass(frozen=True)
class TicketPage:
    query: TicketQuery
    rows: tuple[TicketRow, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Found:
    """What ``status <target>`` found: a ticket or an approval (with its card's link), or a
    post with the ticket it opened, if any."""

    ticket: Ticket | None = None
    approval: Approval | None = None
    trace: Trace | None = None
    link: str | None = None
    # when the ticket's next escalation step is due, as its timer in the store says
    step_due: datetime | None = None


class TicketQueue:
    def __init__(self, reads: QueueReads, *, clock: Clock, directory: Directory,
                 channels: Mapping[str, ChannelConfig], why: Why | None = None,
                 link: CardLink | None = None,
                 claim_timeouts: Mapping[str, timedelta] | None = None,
                 route_chains: Callable[[], Mapping[str, str]] | None = None) -> None:
        self.reads = reads
        # chain name: its claim_timeout, so a held ticket's line says when it is released
        self.claim_timeouts = dict(claim_timeouts or {})
        # each route's chain as the rules name it now: the chain a claim recorded without its
        # timeout (by a release before) takes it from, as TicketService releases it
        self.route_chains = route_chains
        self.clock = clock
        self.directory = directory
        self.why = why
        self.link = link
        self.names = {(c.workspace, c.id): name for name, c in channels.items()}

    # -- tickets [mine|open|claimed|overdue] [p1..p5|none] [tag=..] [team] -------------------

    def teams(self) -> list[str]:
        groups = {g for p in self.directory.people.values() for g in p.groups}
        return sorted(set(self.names.values()) | groups | set(self.directory.groups))

    def _channel_named(self, word: str) -> str:
        """A channel picked from Slack's list, as Slack hands it on (``<#C0123|help-desk>``,
        by its id and Slack's name), as its team: the name the config gives that channel."""
        m = _SLACK_CHANNEL.fullmatch(word)
        if m is None:
            return word
        named = {n for (_, cid), n in self.names.items() if cid == m.group(1)}
        return named.pop() if len(named) == 1 else m.group(2) or word

    def query(self, words: Sequence[str]) -> TicketQuery:
        """The query typed after ``tickets``; Refusal saying what is wrong with it."""
        flags: dict[str, bool] = {}
        team: str | None = None
        priorities: list[Priority | None] = []
        tag: str | None = None
        for word in (self._channel_named(w.strip()).lstrip("#") for w in words if w.strip()):
            low = _SAID_AS.get(word.lower(), word.lower())
            if low.startswith(TAG):
                if tag is not None:
                    raise Refusal(f"one tag at a time; usage: {USAGE}")
                tag = tag_of(word[len(TAG):])
                if tag is None:
                    raise Refusal(f"{one_line(word[len(TAG):], 40)!r} is no tag: {TAG_RULE}")
            elif low in FILTERS:
                flags[low] = True
            elif low in _NOT_LISTED:  # was "no team 'resolved'", as if a team were missing
                raise Refusal("tickets lists the open and claimed tickets, never resolved "
                              "ones: status T-3 shows one, report counts them")
            elif (priority := priority_of(low)) is not None or low == NO_PRIORITY:
                priorities.append(priority)
            elif team is None and low in {t.lower() for t in self.teams()}:
                team = next(t for t in self.teams() if t.lower() == low)
            elif team is None:
                known = ", ".join(self.teams()) or "none configured"
                raise Refusal(f"no team {word[:40]!r}: a team is a channel or a people group "
                              f"({known}); filters are {', '.join(FILTERS)}, p1 to p5 and "
                              f"{NO_PRIORITY}")
            else:
                raise Refusal(f"one team at a time; usage: {USAGE}")
        if flags.get("open") and flags.get("claimed"):  # filters combine: none is both
            raise Refusal("open (unclaimed) and claimed exclude each other: name one, or "
                          "neither for both")
        return TicketQuery(mine=flags.get("mine", False), open=flags.get("open", False),
                           claimed=flags.get("claimed", False),
                           overdue=flags.get("overdue", False), team=team, tag=tag,
                           priorities=tuple(p for p in (*PRIORITIES, None)
                                            if p in priorities))

    async def page(self, query: TicketQuery, person: str) -> TicketPage:
        now = self.clock()
        statuses = ("open",) if query.open else ("open", "claimed")
        if (query.mine or query.claimed) and not query.open:
            statuses = ("claimed",)
        found = [t for s in statuses for t in await self.reads.list_tickets(status=s)]
        picked = [t for t in found if self._wanted(t, query, person, now)]
        picked.sort(key=lambda t: (priority_rank(t.priority), not is_overdue(t, now),
                                   t.sla_due is None, t.sla_due or t.created_at, t.created_at))
        rows = tuple([await self._row(t, now) for t in picked[:query.limit]])
        return TicketPage(query=query, rows=rows, total=len(picked))

    def _wanted(self, t: Ticket, q: TicketQuery, person: str, now: datetime) -> bool:
        if q.mine and t.claimer != person:
            return False
        if q.overdue and not is_overdue(t, now):
            return False
        if q.priorities and t.priority not in q.priorities:
            return False
        if q.tag is not None and q.tag not in t.tags:
            return False
        if q.team is not None:
            in_channel = any(self.names.get((c.workspace, c.channel)) == q.team
                             for c in t.channels)
            claimer = self.directory.get(t.claimer) if t.claimer else None
            if not in_channel and not (claimer is not None and q.team in claimer.groups):
                return False
        return True

    async def _row(self, t: Ticket, now: datetime) -> TicketRow:
        home = t.channels[0] if t.channels else None
        ref = (await self.reads.message_ref(t.id, home.workspace, home.channel)
               if home is not None else None)
        return TicketRow(
            id=t.id, status=t.status, claimer=t.claimer, route=t.route, created_at=t.created_at,
            age_minutes=minutes_since(t.created_at, now),
            sla_due=t.sla_due, overdue=is_overdue(t, now), snoozed_until=t.snoozed_until,
            channel=self.names.get((home.workspace, home.channel)) if home else None,
            link=await where_is(ref, self.link), priority=t.priority,
            unclaimed_minutes=released_minutes(t, now), tags=t.tags,
            claimer_gone=self._gone(t), released_at=self._released_at(t))

    def _released_at(self, t: Ticket) -> datetime | None:
        found = claim_due(t, self.claim_timeouts, route_chains=self._route_chains())
        return found[1] if found is not None else None

    def _route_chains(self) -> Mapping[str, str] | None:
        return self.route_chains() if self.route_chains is not None else None

    def _gone(self, t: Ticket) -> bool:
        """Held by a person the config no longer names (they left the team)."""
        return (t.status == "claimed" and t.claimer is not None
                and self.directory.get(t.claimer) is None)

    def render(self, page: TicketPage, *, zone: str | None = None) -> str:
        """``zone``: the asking workspace's, on whose clock a snooze's end is said too."""
        q = page.query
        if not page.rows:
            return f"no tickets ({q.describe()})"
        now = self.clock()
        head = f"{page.total:,} ticket{'s' if page.total != 1 else ''} ({q.describe()}):"
        lines = [head, *(self.line(r, now, zone=zone) for r in page.rows)]
        if page.more:
            lines.append(f"… and {page.more:,} more (narrow it down: {USAGE})")
        return "\n".join(lines)

    @staticmethod
    def line(r: TicketRow, now: datetime, *, zone: str | None = None) -> str:
        who = f"claimed by {r.claimer}" if r.status == "claimed" else "unclaimed"
        if r.claimer_gone and r.claimer is not None:
            who += gone(r.id, r.claimer)
        elif r.status == "claimed" and r.released_at is not None and r.released_at > now:
            # its chain's claim_timeout (PagerDuty's acknowledgement timeout) hands it back then
            who += (f", released at {on_the_day(r.released_at, now)}"
                    f"{on_clock(r.released_at, zone)}")
        if r.status == "open" and r.unclaimed_minutes is not None:
            # "unclaimed · 45 min old" would read as 45 min unclaimed for one held for 40
            who += f" for {waited(r.unclaimed_minutes)}"
        if r.status in ("open", "claimed") and r.snoozed_until is not None and (
                r.snoozed_until > now):
            # typed as 9am on the workspace's clock, said back there too, as the reply says it
            who += (f", snoozed until {on_the_day(r.snoozed_until, now)}"
                    f"{on_clock(r.snoozed_until, zone)}")
        bits = [r.id, *([r.priority] if r.priority else []), who, f"{waited(r.age_minutes)} old"]
        if r.sla_due is not None:
            late = int((now - r.sla_due).total_seconds() // 60)
            # on the workspace's clock too, in the same brackets: a Berlin team reads 11:00
            there = on_clock(r.sla_due, zone).strip()[1:-1]
            bits.append(f"OVERDUE by {span(max(late, 0))} (SLA {r.sla_due:%H:%M UTC}"
                        + (f", {there})" if there else ")") if r.overdue else
                        f"SLA due {r.sla_due:%H:%M UTC} ("
                        + (f"{there}, " if there else "") + f"in {span(-late)})")
        if r.tags:
            bits.append(f"tags {', '.join(r.tags)}")
        if r.link:
            bits.append(r.link)
        elif r.channel:
            bits.append(f"#{r.channel}")
        return "• " + " · ".join(bits)

    async def list_reply(self, words: Sequence[str], person: str, *,
                         zone: str | None = None) -> Reply:
        query = self.query(words)
        return Reply.done(self.render(await self.page(query, person), zone=zone))

    # -- status <T-12 | A-3 | post URL | mention id> -----------------------------------------

    async def look_up(self, target: str, zone: str | None = None) -> Found | Reply:
        target = target.strip().strip("<>")
        if mistake := digits_mistake(target):  # T-٣: as every verb refuses it
            return Reply.refused(mistake)
        upper = typed_id(target) or target.upper()  # Ｔ－３ is T-3, as claim reads it
        if upper.startswith("T-") and ascii_digits(upper[2:]):
            ticket = await self.reads.get_ticket(upper)
            if ticket is None:
                return Reply.refused(f"no ticket {upper}")
            return Found(ticket=ticket, link=await self._card(ticket.id, ticket),
                         step_due=await self._step_due(ticket))
        if upper.startswith("A-") and ascii_digits(upper[2:]):
            approval = await self.reads.get_approval(upper)
            if approval is None:
                return Reply.refused(f"no approval {upper}")
            return Found(approval=approval, link=await self._card(approval.id, approval))
        if self.why is None:
            return Reply.refused("status takes a ticket (T-3) or approval (A-2) id here")
        trace = await self.why.locate(target, verb="status", zone=zone)
        if trace is None:
            return Reply.done(f"socialops never fetched {target}; "
                              f"{code_span('why ' + target)} says why")
        if isinstance(trace, Reply):
            return trace
        ticket_id = ticket_of(trace)
        ticket = await self.reads.get_ticket(ticket_id) if ticket_id else None
        link = await self._card(ticket.id, ticket) if ticket is not None else None
        return Found(ticket=ticket, trace=trace, link=link,
                     step_due=await self._step_due(ticket) if ticket is not None else None)

    async def _step_due(self, ticket: Ticket) -> datetime | None:
        """When the open ticket's next step fires: its timer's due time (a snooze or an
        outage moved it from the chain's own count)."""
        if ticket.status != "open" or ticket.escalation is None:
            return None
        return await self.reads.timer_due(esc_timer(ticket.id))

    async def _card(self, key: str, record: Ticket | Approval) -> str | None:
        for ch in record.channels:
            ref = await self.reads.message_ref(key, ch.workspace, ch.channel)
            if ref is not None:
                return await where_is(ref, self.link)
        return None

    async def status_reply(self, target: str, *, zone: str | None = None) -> Reply:
        """``zone``: the asking workspace's, on whose clock a scheduled time is shown too."""
        found = await self.look_up(target, zone)
        if isinstance(found, Reply):
            return found
        return Reply.done(self.describe(found, zone=zone))

    def describe(self, found: Found, *, zone: str | None = None) -> str:
        now = self.clock()
        lines: list[str] = []
        if found.trace is not None:
            t = found.trace
            lines.append(f"{t.id} by {at_handle(t.author)} on {display_name(t.network)}, "
                         f"fetched {shown_at(t.fetched_at, zone)}")
            if found.ticket is None:
                lines.append(f"no ticket for this post ({t.outcome}); `why {t.id}` tells what "
                             "happened to it")
        at = len(lines)
        if found.ticket is not None:
            release = release_said(found.ticket, self.claim_timeouts, now, zone=zone,
                                   route_chains=self._route_chains())
            lines.append(self._ticket_line(found.ticket, now, zone=zone,
                                           claimer_gone=self._gone(found.ticket),
                                           release=release,
                                           next_step=next_step_said(found.ticket,
                                                                    found.step_due, now,
                                                                    zone=zone)))
            at = len(lines)
        if found.approval is not None:
            a = found.approval
            lines.append(f"{a.id}: {approval_headline(a, zone=zone)} · drafted by {a.author} "
                         f"· step {min(a.current_step + 1, len(a.steps))}/{len(a.steps)}"
                         + (f" · reply on {a.ticket_id}" if a.ticket_id else ""))
            if (answers := looked_up(a)) is not None:
                lines.append(f"answers {answers}")
            # the next try, why none, or that a withdrawn draft's earlier try may be out
            if a.error and (a.status in ("approved", "failed") or withdrawal(a) is not None):
                lines.append(("not published yet: " if a.status == "approved"
                              else "publishing failed: " if a.status == "failed"
                              else "not published: ")
                             + (one_line(a.error, 300 - len(ending)) + ending
                                if (ending := next_try_ending(a, zone))
                                else one_line(error_said(a, zone) or a.error, 300)))
        if found.link:
            lines.append(f"card: {found.link}")
        elif found.ticket is not None or found.approval is not None:
            lines.append("card: not posted yet (or its message reference has expired)")
        if found.ticket is not None:  # in the room the rest leaves, the newest entries kept
            room = ANSWER - sum(shown_len(line) + 1 for line in lines)
            lines[at:at] = timeline(found.ticket, now, room=room)
        return "\n".join(lines)

    @staticmethod
    def _ticket_line(t: Ticket, now: datetime, *, zone: str | None = None,
                     claimer_gone: bool = False, release: str = "",
                     next_step: str = "") -> str:
        """``release``: when its chain's claim_timeout releases the claim held
        (``release_said``), said after who holds it; ``next_step``: what its chain does next
        (``next_step_said``), said after how far it has escalated."""
        released = released_minutes(t, now)
        unclaimed = "open, unclaimed" + (f" for {waited(released)}" if released is not None
                                         else "")
        held = f"claimed by {t.claimer}" + (gone(t.id, t.claimer) if claimer_gone and t.claimer
                                            else f", {release}" if release else "")
        state = {"claimed": held, "open": unclaimed,
                 "resolved": f"resolved (by {t.claimer})" if t.claimer else "resolved",
                 "merged": f"merged into {t.merged_into}, which holds its posts"}
        there = on_clock(t.created_at, zone).strip()[1:-1]  # in the brackets the age is in
        bits = [f"{t.id}: {state[t.status]}" + (f", {t.priority}" if t.priority else ""),
                f"opened {t.created_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC ("
                + (f"{there}, " if there else "")
                + f"{waited(minutes_since(t.created_at, now))} ago)",
                f"route {t.route}"]
        if t.sla_due is not None:
            bits.append(("OVERDUE, " if is_overdue(t, now) else "")
                        + f"SLA due {shown_at(t.sla_due, zone)}")
        if t.escalation is not None and t.escalation_level:
            bits.append(f"escalated {t.escalation_level}x")
        if next_step:
            bits.append(next_step)
        if len(t.mention_ids) > 1:
            bits.append(f"{len(t.mention_ids)} mentions")
        if t.merged:
            shown, more = merged_list(t)
            bits.append(f"merged {shown} into it{more}")
        if t.tags:
            bits.append(f"tags {', '.join(t.tags)}")
        after = followed(t)
        if after is not None:  # the customer's last ticket, resolved (Zendesk's follow-up)
            bits.append(f"follows {after[0]}")
        last = t.history[-1] if t.history else None
        if last is not None:
            bits.append(f"last: {last.actor} {last.action}")
        return " · ".join(bits)


def timeline(ticket: Ticket, now: datetime, *, room: int | None = None) -> list[str]:
    """The ticket's history as ``status`` shows it under its line: a heading, then its last
    ``TIMELINE`` entries, oldest first, after ``… and N earlier`` when there were more. An
    entry is one line (``09:05 alice claimed``; the date too unless it is today), whatever
    its detail holds. Within ``room`` (characters as ``shown_len`` counts them): fewer of the
    newest entries, the others counted, so a platform's cut of a long answer, which keeps its
    first lines, never drops the newest ones."""
    today = now.astimezone(UTC).date()
    shown = []
    for e in ticket.history[-TIMELINE:]:
        at = e.at.astimezone(UTC)
        when = at.strftime("%H:%M" if at.date() == today else "%Y-%m-%d %H:%M")
        what = f"{e.actor} {e.action}" + (f": {e.detail}" if e.detail.strip() else "")
        shown.append(f"  {when} {one_line(what, ENTRY)}")
    heading = "history (UTC, newest last):"
    if room is not None:
        # the heading and the widest count line are always there
        room -= shown_len(heading) + shown_len(f"  … and {len(ticket.history):,} earlier") + 2
        while shown and sum(shown_len(line) + 1 for line in shown) > room:
            shown.pop(0)
    earlier = len(ticket.history) - len(shown)
    return [heading, *([f"  … and {earlier:,} earlier"] if earlier else []), *shown]


def shown_len(text: str) -> int:
    """``text``'s length once a renderer escapes it: at most one backslash before each ASCII
    punctuation character (Discord's escaping of markup, pings and links is that, or less)."""
    return len(text) + sum(1 for ch in text if ch.isascii() and not ch.isalnum()
                           and not ch.isspace())


def ticket_of(trace: Trace) -> str | None:
    """The ticket a post opened or joined, from its trace (outcome ``ticket T-3``)."""
    for hit in trace.hits:
        if hit.outcome.startswith("ticket "):
            return hit.outcome.split()[1]
    return None
