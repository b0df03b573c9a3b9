"""The team report (``socialops report tickets``): how fast each route, person, priority or tag
acted on the tickets opened in a window, read from each ticket's history as it stood at the
window's end.

Every figure is over the tickets opened in ``[since, until)`` (the store's index of when each
opened: ``Store.tickets_opened``); what happened to them after ``until`` is not seen, so a ticket
resolved after the window counts as open. For one ticket, from its history up to ``until``:

- *taken*: its first claim, or its first resolve when nobody had claimed it before (a resolve
  takes the ticket as a claim does: the resolver is its claimer). A ticket assigned while
  nobody held it (``unclaim T-3 to=bob`` on an unclaimed ticket, history ``assigned to bob``)
  is taken then by bob, the assignee, not by whoever typed it. *Time to claim* is from its
  opening to then. Unclaims, handoffs (``unclaim T-3 to=bob``), escalates that release a claim
  and claims after them do not move it.
- *resolved*: resolved at ``until`` (not reopened since). *Time to resolve* is from its
  opening to the resolve in force, the last one for a ticket reopened and resolved again.
- Snoozes stop no clock: times run from the opening, as the customer waits.
- *SLA met*: resolved at or before its SLA due time; *breached*: resolved after it, or still
  unresolved at ``until`` with the due time come. Tickets without an SLA, and open ones still
  within it, are neither.
- *escalated*: the steps of its escalation chain that had fired (level N: steps 1 to N);
  *reopened*: reopened at least once.
- *unclaims*, *handoffs*, *releases*: how many times it was unclaimed, handed on, and had its
  claim released by an escalate. An escalate of a claimed ticket is both an escalation (its
  step counts under *escalated*, as PagerDuty's and Grafana OnCall's escalate re-triggers an
  acknowledged incident) and a release (the claim it ended, named in its history), never an
  unclaim: nobody let go of the ticket.

By route, a ticket is in its route's row; by priority, in the row of the priority it had at
``until`` (P1 first, then ``none`` for tickets without one; a change after ``until`` is not
seen, as nothing else after it is). A ticket whose priority at ``until`` its history cannot
say (a change that does not say what it changed from: an entry no release wrote) is left out
of those rows, logged and listed in ``left_out``, as a stored subscription or silence that
cannot be read is skipped, said and counted; the total still counts it. By person, a ticket
is in the row of each person who took it (the claimed figures), resolved it (the resolved
figures and their SLA) or holds it unresolved at ``until`` (open, and a breached SLA), so a
ticket claimed by alice and resolved by bob is in both rows, and the rows do not add up to
the total, which is over every ticket.

By tag (Sprout Social's and Hootsuite's tag reports), a ticket is in the row of each tag it had
at ``until`` (``tags_at``: its tags with each change after ``until`` undone; a tag added after
it is not seen), all its figures in each, so a ticket with two tags is in two rows; tickets
with none are in the ``none`` row, last (a tag named none is written ``#none``, as it may be
typed). The total counts each ticket once. A ticket whose tags at ``until`` its history cannot
say (a tag change that does not read ``+billing -vip``) is left out of those rows, as by
priority.

A ticket merged into another by ``until`` (``merge T-4 into T-3``: a duplicate) is in no row
and not in the total: its posts went to the ticket it was merged into, which is counted (if
opened in the window) with its own claim and resolve. A merge is not resolved work, so it
counts as neither resolved nor open; a line under the table names those merged away
(``merged`` in JSON).

Medians and 90th percentiles, not means: a few tickets left for days would make a mean say
nothing of the rest. The median of an even count is the mean of the middle two; the 90th
percentile is the nearest rank (the smallest time at or above which a tenth of them lie).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import statistics
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from bot.core.durations import civil_zone, span, time_before
from bot.core.errors import Refusal
from bot.core.models import EARLIEST, NO_PRIORITY, Priority, Ticket, priority_rank
from bot.core.text import ascii_digits, one_line
from bot.core.when import shown_at
from handlers.audit import csv_cell
from handlers.tickets import (
    ASSIGNED,
    ESCALATED_STEP,
    MERGED_INTO,
    REASSIGNED,
    priority_at,
    tags_at,
)

log = logging.getLogger(__name__)

By = Literal["route", "person", "priority", "tag"]
BY: tuple[By, ...] = ("route", "person", "priority", "tag")
BY_USAGE = "use route, person, priority or tag"  # what a refusal of another says to write
FORMATS = ("text", "json", "csv")
TOTAL = "all tickets"
NO_TAG = "none"  # the row of tickets without a tag, as NO_PRIORITY's
UNREADABLE = {"priority": "their priority at the end is unreadable",
              "tag": "their tags at the end are unreadable"}


def window(since: str, until: str | None, now: datetime, *,
           names: tuple[str, str], zone: str | None = None) -> tuple[datetime, datetime]:
    """The report's window from what was typed (a duration before ``now`` or an ISO time, on
    ``zone``'s clock when it has no offset, else UTC's; ``until`` None: now), clamped to when
    tickets can have opened; Refusal, naming the option as ``names`` spell it (``--since``,
    ``since=``), when it is not one or would be empty."""
    tz = civil_zone(zone) if zone else None
    # its yesterday is told to add an until for that day alone only when none was given
    start = time_before(since, now, name=names[0], zone=tz,
                        until=names[1] if until is None else None)
    end = time_before(until, now, name=names[1], zone=tz, end=True) if until is not None \
        else now
    if start > now:  # a date that is today in UTC may be tomorrow on the workspace's clock
        raise Refusal(f"{names[0]} {since} is still to come: it is {shown_at(start, zone)}, "
                      f"and now is {shown_at(now, zone)}; give an earlier start")
    start, end = max(start, EARLIEST), min(end, now)  # no ticket opened outside them
    if start >= end:
        raise Refusal(f"{names[0]} {since} is not before {names[1]} {until or 'now'}: the "
                      "window would be empty; give a start before its end")
    return start, end


@dataclass(frozen=True, slots=True)
class Outcome:
    """One ticket as it stood at the window's end."""

    ticket: Ticket
    end: datetime  # the window's: what came after it is not seen
    taker: str | None = None  # first claim (or assignee), or a resolve before any
    taken_at: datetime | None = None
    taken_by_resolve: bool = False
    resolver: str | None = None  # of the resolve in force at the end (None: unresolved)
    resolved_at: datetime | None = None
    holder: str | None = None  # who has it at the end, unresolved
    level: int = 0  # escalation steps fired
    reopened: int = 0
    unclaims: int = 0
    handoffs: int = 0
    releases: int = 0  # claims an escalate released

    @property
    def sla(self) -> Literal["met", "breached", ""]:
        due = self.ticket.sla_due
        if due is None:
            return ""
        if self.resolved_at is not None:
            return "met" if self.resolved_at <= due else "breached"
        return "breached" if self.end >= due else ""


def outcome(ticket: Ticket, end: datetime) -> Outcome:
    """Replay the ticket's history up to ``end``."""
    taker = taken_at = resolver = resolved_at = holder = None
    by_resolve = False
    level = reopened = unclaims = handoffs = releases = 0
    for e in ticket.history:
        if e.at > end:
            break
        a = e.action
        if a == "claimed":
            if taker is None:
                taker, taken_at = e.actor, e.at
            holder = e.actor
        elif a == "unclaimed":
            holder = None
            unclaims += 1
        elif a.startswith(REASSIGNED):
            holder = a[len(REASSIGNED):]
            handoffs += 1
        elif a.startswith(ASSIGNED):  # given to someone while nobody held it: theirs, taken
            holder = a[len(ASSIGNED):]  # then, as a claim of theirs (not the assigner's)
            if taker is None:
                taker, taken_at = holder, e.at
        elif a == "resolved":
            if taker is None:
                taker, taken_at, by_resolve = e.actor, e.at, True
            resolver, resolved_at = e.actor, e.at
        elif a == "reopened":
            resolver = resolved_at = holder = None
            reopened += 1
        elif a.startswith(ESCALATED_STEP):
            if holder is not None:  # an escalate by hand released the claim (a timer's step
                releases += 1  # fires only on an open ticket: it finds none to release)
            holder = None
            step = a[len(ESCALATED_STEP):].rstrip(")")
            level = max(level, int(step)) if ascii_digits(step) else level + 1
    return Outcome(ticket=ticket, end=end, taker=taker, taken_at=taken_at,
                   taken_by_resolve=by_resolve, resolver=resolver, resolved_at=resolved_at,
                   holder=None if resolved_at is not None else holder, level=level,
                   reopened=reopened, unclaims=unclaims, handoffs=handoffs,
                   releases=releases)


@dataclass(frozen=True, slots=True)
class Spread:
    """Median and 90th percentile of some times, in seconds (None: no times)."""

    n: int
    median: float | None
    p90: float | None

    @classmethod
    def of(cls, times: Iterable[timedelta]) -> Spread:
        seconds = sorted(t.total_seconds() for t in times)
        if not seconds:
            return cls(0, None, None)
        return cls(len(seconds), statistics.median(seconds),
                   seconds[math.ceil(0.9 * len(seconds)) - 1])


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    tickets: int
    claimed: int
    resolved: int
    open: int
    to_claim: Spread
    to_resolve: Spread
    sla_met: int
    sla_breached: int
    escalated: tuple[int, ...]  # [k]: tickets whose chain reached step k + 1
    reopened: int
    resolved_unclaimed: int
    unclaims: int
    handoffs: int
    releases: int


@dataclass(frozen=True, slots=True)
class TeamReport:
    since: datetime
    until: datetime
    by: By
    rows: tuple[Row, ...]
    total: Row
    levels: int = 0  # the deepest escalation step reached by any ticket
    left_out: tuple[str, ...] = ()  # tickets in no row (in the total), each saying why
    merged: tuple[str, ...] = ()  # tickets merged away by the end ("T-4 into T-3"), in none
    zone: str | None = None  # chat's workspace's: its title shows the window on that clock too


def team_report(tickets: Sequence[Ticket], *, since: datetime, until: datetime,
                by: By) -> TeamReport:
    """The report of ``tickets`` (those opened in ``[since, until)``) as of ``until``."""
    window = [t for t in tickets if since <= t.created_at < until]
    merged = {t.id: into for t in window if (into := merged_by(t, until)) is not None}
    outcomes = [outcome(t, until) for t in window if t.id not in merged]
    levels = max((o.level for o in outcomes), default=0)
    left_out: list[str] = []
    if by == "route":
        names = sorted({o.ticket.route for o in outcomes})
        rows = [_row(n, [o for o in outcomes if o.ticket.route == n], levels) for n in names]
    elif by == "priority":
        had: dict[int, Priority | None] = {}
        for o in outcomes:
            try:
                had[id(o)] = priority_at(o.ticket, until)
            except ValueError as exc:
                left_out.append(str(exc))
        rows = [_row(p or NO_PRIORITY,
                     [o for o in outcomes if id(o) in had and had[id(o)] == p], levels)
                for p in sorted(set(had.values()), key=priority_rank)]
    elif by == "tag":
        held: dict[int, tuple[str, ...]] = {}
        for o in outcomes:
            try:
                held[id(o)] = tags_at(o.ticket, until)
            except ValueError as exc:
                left_out.append(str(exc))
        rows = [_row(_tag_row(tag), [o for o in outcomes if tag in held.get(id(o), ())],
                     levels)
                for tag in sorted({t for tags in held.values() for t in tags})]
        if untagged := [o for o in outcomes if held.get(id(o)) == ()]:
            rows.append(_row(NO_TAG, untagged, levels))
    else:
        names = sorted({p for o in outcomes for p in (o.taker, o.resolver, o.holder) if p})
        rows = [_person(n, outcomes, levels) for n in names]
    if left_out:
        log.warning("%d ticket%s left out of the report by %s (counted in its total): %s",
                    len(left_out), "s" if len(left_out) != 1 else "", by,
                    "; ".join(left_out[:5]))
    return TeamReport(since=since, until=until, by=by, rows=tuple(rows),
                      total=_row(TOTAL, outcomes, levels), levels=levels,
                      left_out=tuple(left_out),
                      merged=tuple(f"{i} into {into}" for i, into in merged.items()))


def merged_by(ticket: Ticket, end: datetime) -> str | None:
    """The ticket this one was merged into by ``end``, from its history; None if it was not
    (or only after ``end``: until then it counts as the rest do)."""
    for e in ticket.history:
        if e.at > end:
            break
        if e.action.startswith(MERGED_INTO):
            return e.action[len(MERGED_INTO):]
    return None


def _tag_row(tag: str) -> str:
    """A tag's row name: the tag, but ``#none`` for a tag named none, which is not the row of
    tickets without a tag (``#none`` is how it may be typed: ``tag T-3 #none``)."""
    return f"#{tag}" if tag == NO_TAG else tag


def _row(name: str, outcomes: list[Outcome], levels: int, *,
         took: Callable[[Outcome], bool] = lambda o: o.taker is not None,
         solved: Callable[[Outcome], bool] = lambda o: o.resolved_at is not None,
         holds: Callable[[Outcome], bool] = lambda o: o.resolved_at is None,
         accountable: Callable[[Outcome], bool] = lambda o: True) -> Row:
    taken = [o for o in outcomes if took(o)]
    resolved = [o for o in outcomes if solved(o)]
    sla = [o.sla for o in outcomes if accountable(o)]
    return Row(
        name=name, tickets=len(outcomes), claimed=len(taken), resolved=len(resolved),
        open=sum(1 for o in outcomes if holds(o)),
        to_claim=Spread.of(o.taken_at - o.ticket.created_at for o in taken
                           if o.taken_at is not None),
        to_resolve=Spread.of(o.resolved_at - o.ticket.created_at for o in resolved
                             if o.resolved_at is not None),
        sla_met=sla.count("met"), sla_breached=sla.count("breached"),
        escalated=tuple(sum(1 for o in outcomes if o.level >= k) for k in range(1, levels + 1)),
        reopened=sum(1 for o in outcomes if o.reopened),
        resolved_unclaimed=sum(1 for o in taken if o.taken_by_resolve),
        unclaims=sum(o.unclaims for o in outcomes), handoffs=sum(o.handoffs for o in outcomes),
        releases=sum(o.releases for o in outcomes))


def _person(person: str, outcomes: list[Outcome], levels: int) -> Row:
    """A person's row: the tickets they took, resolved or hold (see the module docstring)."""
    mine = [o for o in outcomes if person in (o.taker, o.resolver, o.holder)]
    return _row(person, mine, levels, took=lambda o: o.taker == person,
                solved=lambda o: o.resolver == person,
                holds=lambda o: o.holder == person,
                accountable=lambda o: person in (o.resolver, o.holder))


# -- output ------------------------------------------------------------------------------------

def duration(seconds: float | None) -> str:
    """A time in the table: ``<1 min``, ``45 min``, ``2 h 5 min``, ``3 days 4 h``; ``–``
    for none."""
    if seconds is None:
        return "–"
    return "<1 min" if seconds < 60 else span(int(seconds // 60))


def _cells(row: Row, levels: int) -> list[str]:
    return [str(row.tickets), str(row.claimed), str(row.resolved), str(row.open),
            duration(row.to_claim.median), duration(row.to_claim.p90),
            duration(row.to_resolve.median), duration(row.to_resolve.p90),
            str(row.sla_met), str(row.sla_breached),
            *(str(n) for n in row.escalated[:levels]), str(row.reopened)]


def _title(report: TeamReport) -> str:
    # in UTC: the ends typed on the workspace's clock share its tzinfo, and Python subtracts
    # two times of one tzinfo on the wall clock (00:00-04:00 the night the clocks go back
    # was "4 h" of five), while an end typed as 24:00 comes in UTC (one day, "23 h" or "1 day")
    length = report.until.astimezone(UTC) - report.since.astimezone(UTC)
    clock = civil_zone(report.zone) if report.zone else UTC
    first, last = report.since.astimezone(clock), report.until.astimezone(clock)
    # whole days on the clock it was asked on are days, the 23 or 25 hours of a change too
    calendar = first.time() == last.time() and first.date() < last.date()
    days = (last.date() - first.date()).days if calendar else length // timedelta(days=1)
    return (f"Tickets opened {shown_at(report.since, report.zone)} to "
            f"{shown_at(report.until, report.zone)} ("
            + (f"{days} day{'s' if days != 1 else ''}"
               if calendar or length == timedelta(days=days)
               else span(int(length.total_seconds() // 60)))
            + f"), as they stood at its end; by {report.by}")


def _key(report: TeamReport, *, times: str, steps: str) -> str:
    """What the figures mean, with the names this form gives the two times and the steps."""
    return (f"{times}: time from opening to the first claim or assignment (or a resolve "
            "before any) and to the resolve, median and 90th percentile; open: unresolved at "
            "the end"
            + {"route": "",
               "priority": "; priority: as it stood at the end (none: it had none)",
               "tag": "; tag: a row for each tag a ticket had at the end, so one with two is "
                      "in both (none: it had none)",
               "person": " (held by that person); a ticket is in the row of each person who "
                         "took, resolved or holds it"}[report.by]
            + (f"; {steps}: tickets whose escalation reached step N" if report.levels else "")
            + "; docs/workflows.md#the-team-report defines each")


def _left_out(report: TeamReport) -> list[str]:
    """The line saying which tickets are in no row, and why (none: nothing)."""
    n = len(report.left_out)
    if not n:
        return []
    return [f"{n} ticket{'s' if n != 1 else ''} left out of these rows (counted in "
            f"{TOTAL}): {UNREADABLE[report.by]} ("
            + "; ".join(report.left_out[:5]) + (f"; … and {n - 5} more" if n > 5 else "")
            + ")"]


def _merged(report: TeamReport) -> list[str]:
    """The line naming the tickets merged away, in no row and not in the total."""
    n = len(report.merged)
    if not n:
        return []
    return [f"{n} ticket{'s' if n != 1 else ''} merged into another by the end, counted "
            "there only (not as resolved): " + "; ".join(report.merged[:5])
            + (f"; … and {n - 5} more" if n > 5 else "")]


def _wrap(text: str) -> list[str]:
    """Lines of at most 100 characters, broken at spaces only: a link (the key's
    docs/workflows.md#the-team-report) or a tag is not cut at its hyphens."""
    return textwrap.wrap(text, 100, break_on_hyphens=False)


def render_text(report: TeamReport) -> str:
    """An aligned table for a terminal, with a line that says what the columns mean."""
    head = [report.by, "tickets", "claimed", "resolved", "open", "claim med", "claim p90",
            "resolve med", "resolve p90", "SLA met", "SLA breached",
            *(f"esc≥{k}" for k in range(1, report.levels + 1)), "reopened"]
    body = [[one_line(r.name, 40), *_cells(r, report.levels)] for r in report.rows]
    body.append([TOTAL, *_cells(report.total, report.levels)])
    widths = [max(len(line[i]) for line in (head, *body)) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:],
                                                                strict=True))]).rstrip()

    if not report.total.tickets:
        return _title(report) + "\nno tickets were opened in this window"
    return "\n".join([_title(report), "", line(head), *(line(b) for b in body), "",
                      *(w for left in (*_left_out(report), *_merged(report))
                        for w in _wrap(left)),
                      *_wrap(_key(report, times="claim, resolve", steps="esc≥N"))])


def chat_line(row: Row, levels: int) -> str:
    """One row as a sentence, for chat, where a table's columns do not line up (a
    proportional font, lines wrapped at the window's width)."""
    def took(n: int, what: str, spread: Spread) -> str:
        if not n:
            return f"0 {what}"
        return f"{n} {what} in {duration(spread.median)} (p90 {duration(spread.p90)})"

    parts = [f"{one_line(row.name, 40)}: {row.tickets} ticket{'s' if row.tickets != 1 else ''}",
             took(row.claimed, "claimed", row.to_claim),
             took(row.resolved, "resolved", row.to_resolve), f"{row.open} open",
             f"SLA {row.sla_met} met, {row.sla_breached} breached"]
    if any(row.escalated[:levels]):
        parts.append("escalated " + ", ".join(f"{n} to step {k}" for k, n
                                              in enumerate(row.escalated[:levels], 1) if n))
    elif levels:
        parts.append("none escalated")
    parts.append(f"{row.reopened} reopened")
    return " · ".join(parts)


def render_chat(report: TeamReport) -> str:
    """The text form for a chat message: the title, the total, then a line per row, then
    the key (what ``report`` answers in Slack and Discord)."""
    if not report.total.tickets:
        return _title(report) + "\nno tickets were opened in this window"
    return "\n".join([_title(report), chat_line(report.total, report.levels), "",
                      *(chat_line(r, report.levels) for r in report.rows), "",
                      *_left_out(report), *_merged(report),
                      _key(report, times="claimed in, resolved in",
                           steps="escalated to step N")])


def _fields(row: Row, levels: int) -> dict[str, object]:
    return {"tickets": row.tickets, "claimed": row.claimed, "resolved": row.resolved,
            "open": row.open,
            "claim_median_seconds": row.to_claim.median, "claim_p90_seconds": row.to_claim.p90,
            "resolve_median_seconds": row.to_resolve.median,
            "resolve_p90_seconds": row.to_resolve.p90,
            "sla_met": row.sla_met, "sla_breached": row.sla_breached,
            **{f"escalated_step_{k}": n for k, n in enumerate(row.escalated[:levels], 1)},
            "reopened": row.reopened, "resolved_without_claim": row.resolved_unclaimed,
            "unclaims": row.unclaims, "handoffs": row.handoffs, "releases": row.releases}


def render_json(report: TeamReport) -> str:
    """One JSON object: the window, and a row per route, person, priority or tag, then the
    total."""
    return json.dumps({
        "since": report.since.isoformat(), "until": report.until.isoformat(),
        "by": report.by,
        "rows": [{report.by: r.name, **_fields(r, report.levels)} for r in report.rows],
        "total": _fields(report.total, report.levels),
        "left_out": list(report.left_out), "merged": list(report.merged)},
        ensure_ascii=False)


def render_csv(report: TeamReport) -> str:
    """A header, a row per route, person, priority or tag, and the total (named ``all
    tickets``); times in seconds, empty where there are none; cells safe to open in a
    spreadsheet."""
    out = io.StringIO()
    w = csv.writer(out)
    head = list(_fields(report.total, report.levels))
    w.writerow([report.by, *head])
    for r in (*report.rows, report.total):
        values = _fields(r, report.levels)
        w.writerow([csv_cell(r.name), *("" if values[h] is None else values[h] for h in head)])
    return out.getvalue()


RENDER: dict[str, Callable[[TeamReport], str]] = {
    "text": render_text, "json": render_json, "csv": render_csv}
