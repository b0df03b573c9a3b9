"""A customer's new ticket after their last was resolved: which one it follows.

Zendesk links a follow-up ticket to the closed one its customer wrote again after; socialops
opened a new ticket that said nothing of the old (the card's Customer field lists open tickets
only). ``follows`` finds the customer's latest ticket through their latest routed posts (each
post's trace names the ticket it opened or joined: ``ticket T-3``) and, when that ticket is
resolved, says which it is, who resolved it, when and with what note, as one history entry
(``FOLLOWS``) of the new ticket, read by its card, ``status`` and ``why``. Bounded: the
customer's last ``LOOK_BACK`` posts, read only when a ticket opens. A ticket of theirs still
open or claimed is no ticket to follow (the post joins it in its conversation, and the card's
Customer field names it otherwise).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Protocol

from bot.core.errors import UnreadableRecord
from bot.core.models import HistoryEntry, Signal, Ticket, Trace
from bot.core.text import one_line

FOLLOWS = "follows "  # a history entry, "follows T-3"; detail: "resolved by bob at ..."
LOOK_BACK = 10  # the customer's latest posts read for their latest ticket
NOTE = 120  # characters of the resolve's note said
_TICKET = re.compile(r"ticket (T-\d+)")  # a hit's outcome (TicketService.open_or_attach)


class FollowReads(Protocol):
    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...
    async def customer_signal_ids(self, customer_key: str, limit: int = 20) -> list[str]: ...
    async def get_traces(self, mention_ids: Sequence[str]) -> Mapping[str, Trace]: ...


async def follows(reads: FollowReads, signal: Signal, *, now: datetime,
                  ids: Sequence[str] | None = None) -> HistoryEntry | None:
    """The new ticket's ``FOLLOWS`` entry (``follows T-3``, detail ``resolved by bob at
    2026-11-23 09:00 UTC: fixed in 2.3``), or None: the customer's latest ticket is not
    resolved, or they had none in their last ``LOOK_BACK`` posts. ``ids``: their
    ``customer_signal_ids(..., LOOK_BACK + 1)`` read already (the Redis store reads them in
    the script that gave the ticket its number)."""
    # their ids alone (what a post's trace is read by): decoding their signals cost more
    # than the rest of the follow-up
    if ids is None:
        ids = await reads.customer_signal_ids(signal.mention.customer_key, LOOK_BACK + 1)
    earlier = [i for i in ids if i != signal.id]
    # their traces in one round trip, each parsed only when reached (newest first)
    traces = await reads.get_traces(earlier) if earlier else {}
    for post_id in earlier:
        # a damaged record (the store's warning names it) says nothing of what the new
        # ticket follows: a help to its reader, never what keeps it from opening (the post
        # was retried, then set aside as poison: no ticket at all)
        try:
            trace = traces.get(post_id)
        except UnreadableRecord:
            continue
        found = next((m[1] for h in (trace.hits if trace else ())
                      if (m := _TICKET.fullmatch(h.outcome))), None)
        if found is None:
            continue
        try:
            ticket = await reads.get_ticket(found)
            if ticket is not None and ticket.status == "merged" and ticket.merged_into:
                ticket = await reads.get_ticket(ticket.merged_into)  # its posts went there
        except UnreadableRecord:
            return None
        if ticket is None or ticket.status != "resolved":
            return None
        return HistoryEntry(at=now, actor="socialops", action=f"{FOLLOWS}{ticket.id}",
                            detail=said(ticket, now))
    return None


def said(ticket: Ticket, now: datetime) -> str:
    """``resolved by bob at 09:00 UTC: fixed in 2.3`` (the date too when another day)."""
    resolved = next((e for e in reversed(ticket.history) if e.action == "resolved"), None)
    if resolved is None:
        return "resolved"
    at = resolved.at.astimezone(UTC)
    when = at.strftime("%H:%M UTC" if at.date() == now.astimezone(UTC).date()
                       else "%Y-%m-%d %H:%M UTC")
    note = one_line(resolved.detail, NOTE) if resolved.detail.strip() else ""
    return f"resolved by {resolved.actor} at {when}" + (f": {note}" if note else "")


def followed(ticket: Ticket) -> tuple[str, str] | None:
    """The ticket this one follows and what its ``FOLLOWS`` entry says of it (``T-3``,
    ``resolved by bob at ...``), or None."""
    entry = next((e for e in ticket.history[:2] if e.action.startswith(FOLLOWS)), None)
    return (entry.action[len(FOLLOWS):], entry.detail) if entry is not None else None
