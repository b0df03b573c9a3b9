"""``report`` in chat: the team report (``handlers.ticket_report``) for the person who asks, as
its chat form (the total, then a line per row: a table's columns do not line up in a chat's
proportional font), only to them, cut to what one message of their platform holds.

    report [7d | since=<time>] [until=<time>] [by=route|person|priority|tag]

The same window, rows and figures as ``socialops report tickets``. Read-only, so whoever may
use the bot may ask, as for ``tickets``, ``status`` and ``why``. A report longer than the
platform's message (``Fit``: a Slack section's 3,000 characters, a Discord message's 2,000 as
escaped) keeps its first rows, its total and its key, and says how many rows were left out and
the command that prints them all. Route and person names reach the platform as every answer's
text does (plain text on Slack, escaped markdown and no pings on Discord): the cut is measured
as the platform will show it, so the platform never cuts the report a second time.

Reading every ticket opened in a month and replaying its history is work for a thread: the
store reads off the loop, and the report is computed and rendered with ``asyncio.to_thread``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from bot.core.cards import Interaction, Reply
from bot.core.durations import civil_zone, end_of_day
from bot.core.errors import Refusal
from bot.core.models import Ticket
from bot.core.ports import Clock
from handlers.ticket_report import (
    BY,
    BY_USAGE,
    By,
    TeamReport,
    render_chat,
    team_report,
    window,
)

DEFAULT_SINCE = "7d"
NAMES = ("since", "until")  # as a refusal names them: "since '7x': use an ISO time ..."


class ReportReads(Protocol):
    async def tickets_opened(self, since: datetime, until: datetime) -> list[Ticket]: ...


@dataclasses.dataclass(frozen=True, slots=True)
class Fit:
    """What one answer holds on a platform: ``chars`` of text as ``size`` measures it (the
    platform's escaping included)."""

    chars: int
    size: Callable[[str], int] = len


class TeamReports:
    def __init__(self, reads: ReportReads, *, clock: Clock,
                 fit: Callable[[str], Fit | None] = lambda workspace: None,
                 zones: Mapping[str, str] | None = None) -> None:
        self.reads = reads
        self.clock = clock
        self.fit = fit  # per workspace name; None: the whole report (the console)
        # per workspace name, its `timezone:`: a time typed there is on its clock (none: UTC)
        self.zones = dict(zones or {})

    async def reply(self, i: Interaction) -> Reply:
        since_text = i.options.get("since", DEFAULT_SINCE)
        until_text = i.options.get("until")
        by = next((b for b in BY if b == i.options.get("by", "route")), None)
        if by is None:
            return Reply.refused(f"by={i.options['by'][:40]}: {BY_USAGE}")
        zone = self.zones.get(i.workspace)
        try:
            since, until = window(since_text, until_text, self.clock(), names=NAMES, zone=zone)
        except Refusal as exc:
            return Reply.refused(exc.message)
        tickets = await self.reads.tickets_opened(since, until)
        command = " ".join(["socialops report tickets", f"--since {_offset(since_text, zone)}",
                            *([f"--until {_offset(until_text, zone)}"] if until_text else []),
                            f"--by {by}"])
        text = await asyncio.to_thread(_answer, tickets, since=since, until=until, by=by,
                                       fit=self.fit(i.workspace), command=command, zone=zone)
        return Reply.done(text)


def _offset(typed: str, zone: str | None) -> str:
    """``typed`` as the command line reads it the same: a time without an offset, read here on
    the workspace's clock, with that clock's offset (``2026-11-23T09:30+01:00``), since the
    command line has no workspace and reads one as UTC; anything else as typed."""
    if zone is None:
        return typed
    try:  # 24:00, ISO 8601's end of a day, on the clock: its next day's 00:00 (fold 0)
        at = datetime.fromisoformat(end_of_day(typed) or typed.strip())
    except ValueError:  # a duration (7d): the same span back from now on either
        return typed
    if at.tzinfo is not None:
        return typed
    # the window was read already, so the time names one moment on the clock (not in a gap,
    # not repeated: those are refused)
    return at.replace(tzinfo=civil_zone(zone)).isoformat(
        timespec="auto" if at.second or at.microsecond else "minutes")


def _answer(tickets: Sequence[Ticket], *, since: datetime, until: datetime, by: By,
            fit: Fit | None, command: str, zone: str | None) -> str:
    report = dataclasses.replace(team_report(tickets, since=since, until=until, by=by),
                                 zone=zone)
    text = render_chat(report)
    if fit is None or fit.size(text) <= fit.chars:
        return text
    low, high = 0, len(report.rows) - 1  # the most first rows that fit beside the note
    while low < high:
        mid = (low + high + 1) // 2
        if fit.size(_cut(report, mid, command=command)) <= fit.chars:
            low = mid
        else:
            high = mid - 1
    return _cut(report, low, command=command)


def _cut(report: TeamReport, kept: int, *, command: str) -> str:
    """The report with its first ``kept`` rows (its total is still every ticket's) and a line
    saying how many were left out and where to read them all."""
    left = len(report.rows) - kept
    return (render_chat(dataclasses.replace(report, rows=report.rows[:kept]))
            + f"\n… {left} more row{'s' if left != 1 else ''} (by {report.by}) left out: the "
            f"answer is longer than one message holds; `{command}` on the command line "
            "prints them all")
