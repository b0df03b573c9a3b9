"""Ticket lifecycle: open (or attach to the customer's open ticket), claim, unclaim (or assign),
resolve, reopen, snooze (and end a snooze early), note, priority, tag; escalation while
unclaimed by its timer, and by hand (``escalate``) whether claimed or not.

Every change is decided from the ticket as stored and written as one set of effects: the new
ticket (a compare-and-set on its version), its audit row, its card update in the outbox and its
escalation timer, all or nothing. When two agents click Claim at once exactly one write wins;
the other decision is made again from the new state and answers who has it.

Escalation follows the policy snapshot taken when the ticket opened. Each step is a timer
``esc:<ticket>`` whose payload names the step; the step must match the ticket's escalation
level, so a step never fires twice, and a timer whose handler died fires again after its lease.
A chain of ``n`` steps with ``repeat: k`` has ``n * (k + 1)`` steps and then ends: nothing, a
snooze included, arms a step past that. A snooze never brings a step forward: the step waits for
the later of the snooze's end and its own due time (``after_minutes`` from the step before it,
or from the opening, unclaim or reopen that started its wait).
A step does not post its own notice: it adds the ticket to the buffer of its channel, policy and
step (``keys.escalated``) and arms that buffer's notice timer once; when the timer fires
(``batch_seconds`` later) one notice lists every ticket still unclaimed in the buffer, each with
a link to its card. Buffer, timer and step are written in one transaction, so a crash anywhere
leaves each ticket in exactly one notice.

A person may escalate a ticket by hand: the step its timer would fire next fires now, through
the same code (``_escalate``: level, history, audit, notice buffer, card, next timer in one
write), and the step after it is counted from then. A claimed ticket escalates too, as an
acknowledged incident does in PagerDuty: the same write releases the claim (the ticket is open
again, its escalation running), and its history, audit row, thread line and reply name who held
it. The claim and the step are one compare-and-set, so a claim and an escalate at once in two
processes are made in turn, each decided from the other's ticket; but a claim (or handoff)
made within ``SAME_STEP`` is released only by its holder: another's escalate then was sent
before it was seen (decided again after losing to it) and is refused, the claim kept. An
escalate within ``SAME_STEP`` of the ticket's last step (anyone's, the timer's included) is
that step: two people escalating at once in two processes move the ticket one step, the later
one answered with the earlier's.

A ticket's priority (P1 to P5, PagerDuty's) comes from its route and changes with
``priority T-3 p1``. The change is decided from the priority the ticket holds and written with
a compare-and-set on its version, like every change here: two people changing it at once in two
processes make two changes in turn, the later one decided again from the first's priority (its
history, audit row and reply say from what). ``priority_at`` reads what it was at a moment back
from the history, for the team report.

The SLA is a timer too (``sla:<ticket>``, at ``sla_due``): when it fires on an unresolved
ticket the ticket is marked overdue once, and its cards say so.

A snooze's end is a timer too (``snooze:<ticket>``, at ``snoozed_until``, moved by a new
snooze): when it fires the snooze is cleared with a history entry (``snooze ended``), an audit
row and the cards' update with its thread line, once, whichever process takes it. An
escalation step the snooze held back is due at the same moment; the step's timer, finding the
snooze still stored, ends it first in a write of its own and fires the step right after, so
the card says the snooze ended before the step, whichever timer is taken first (and a snooze
stored before this timer existed ends too). Whatever else ends a snooze (claim, assignment,
``snooze T-3 off``, an escalate by hand, resolve) clears it in its own write and cancels the
timer.

A chain's ``claim_timeout`` (PagerDuty's acknowledgement timeout) is a timer too
(``claimed:<ticket>``, at the claim's time plus the timeout, or a snooze's end after that):
every change of who holds the ticket, or of its snooze, moves or cancels it. When it fires on a
claim still held, the claim is released and the chain starts again from its first step, which
fires then (``_escalate``), in one write with the timer's completion. While a claim is held the
timer comes back every ``CLAIMER_LOOK`` to ask the chat whether its claimer's account has
gone; one gone is released at once, saying why.
"""

from __future__ import annotations

import heapq
import json
import logging
import math
import re
import unicodedata
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.core import keys as K
from bot.core.accounts import UnknownGroup, UnknownMember
from bot.core.cards import OutboxItem, Reply
from bot.core.commands import SPANS
from bot.core.config import ChannelConfig
from bot.core.durations import span, written
from bot.core.effects import Effects
from bot.core.errors import Refusal
from bot.core.metrics import Metrics
from bot.core.models import (
    MAX_TAGS,
    NO_PRIORITY,
    PRIORITIES,
    TAG_RULE,
    ChannelRef,
    EscalationPolicy,
    EscalationStep,
    HistoryEntry,
    MessageRef,
    Priority,
    RouteHit,
    Signal,
    Ticket,
    Trace,
    priority_of,
    tag_of,
    tag_words,
)
from bot.core.networks import gone_how
from bot.core.oncall import Schedule
from bot.core.ports import Clock, DueTimer, Transactions
from bot.core.text import is_blank, one_line, utf16_len
from bot.core.verbs import VERBS
from bot.core.when import MAX_AHEAD, on_clock, shown_at
from handlers.audit import Audit
from handlers.buffers import take_buffer
from handlers.cards import CardLink, notice_card, on_the_day, ticket_card, where_is
from handlers.follow_up import LOOK_BACK, follows
from handlers.identity import Directory
from handlers.overrides import ChatOverrides, live

log = logging.getLogger(__name__)

SNOOZE_DEFAULT = timedelta(hours=1)
# An escalate this soon after the ticket's last step is taken to mean that step (two people at
# once, or one as the timer fired), not one further.
SAME_STEP = timedelta(minutes=1)
MAX_NOTICE_LINES = 20  # tickets listed in one escalation notice
# The characters (UTF-16 code units) of one escalation notice's text, its list and closing lines
# together: within a Slack section's 3,000 and, were every character escaped (two each), a
# Discord embed description's 4,096 (PLATFORMS.md); the list is cut to fit, never the end.
NOTICE_TEXT = 2_000
Change = Callable[[Ticket], Ticket]  # Refusal: why not
# (workspace, channel, user id) -> why that account can no longer be pinged there (``their
# Slack account is deactivated``), or None: it can, or the chat did not say
Left = Callable[[str, str, str], Awaitable[str | None]]


class TicketReads(Protocol):
    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...
    async def find_open_ticket(self, conversation_key: str,
                               customer_key: str) -> Ticket | None: ...
    async def open_ticket_or_number(self, conversation_key: str, customer_key: str,
                                    counter: str, look_back: int,
                                    ) -> tuple[Ticket | None, int | None, list[str] | None]: ...
    async def get_signal(self, signal_id: str) -> Signal | None: ...
    async def next_number(self, counter: str) -> int: ...
    async def group_items(self, group: str) -> list[str]: ...
    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None: ...
    async def customer_signal_ids(self, customer_key: str, limit: int = 20) -> list[str]: ...
    async def get_traces(self, mention_ids: Sequence[str]) -> Mapping[str, Trace]: ...


def esc_timer(ticket_id: str) -> str:
    return K.timer(K.ESCALATION, ticket_id)


def sla_timer(ticket_id: str) -> str:
    return K.timer(K.SLA, ticket_id)


def snooze_timer(ticket_id: str) -> str:
    return K.timer(K.SNOOZE, ticket_id)


def claim_timer(ticket_id: str) -> str:
    return K.timer(K.CLAIM_TIMEOUT, ticket_id)


# How often a claim with a timeout asks the chat whether its claimer's account is gone (a
# Slack account deactivated, a Discord member gone): such a claim is released then, not at
# its timeout; the workspace keeps each answer five minutes
CLAIMER_LOOK = timedelta(minutes=15)
_CLAIM_RELEASED = "'s claim released"  # in an escalated entry's detail: ``_released``


def _from(at: datetime, *, now: datetime) -> str:
    """When something refused until ``at`` is taken, as a reply says it: the first whole
    minute at or after it (``on_the_day`` of 10:06:30 would be 10:06, when it is refused again)."""
    whole = at.replace(second=0, microsecond=0)
    return on_the_day(whole if whole == at else whole + timedelta(minutes=1), now)


# History actions after which the current step waits its ``after_minutes`` afresh: the opening,
# an unclaim or reopen (``_resume_escalation``), and the step before it firing.
_STEP_STARTS = ("opened", "unclaimed", "reopened")
_ESCALATED = "escalated"
# the history actions the team report reads (handlers.ticket_report), spelt once
ESCALATED_STEP = f"{_ESCALATED} (step "
REASSIGNED = "reassigned to "
ASSIGNED = "assigned to "  # a handoff of a ticket nobody held: its first holder
TAGGED = "tagged"  # detail: "+billing +vip -spam"
UNSNOOZED = "unsnoozed"  # detail: "was snoozed until 10:00 UTC"
SNOOZE_ENDED = "snooze ended"  # by its timer; detail: "was snoozed until 10:00 UTC"
_WAS = "was snoozed until "
_SNOOZED = "snoozed until "  # a snooze's action: "snoozed until 10:00 UTC"
MERGED = "merged"  # the target's: "merged T-4"; detail: "3 posts"
MERGED_INTO = "merged into "  # the source's: "merged into T-3"; detail: "3 posts"
NOTED = "noted"  # detail: the note as typed
NOTED_ON = "noted on "  # a note the ticket took from one merged into it: "noted on T-4"
PRIORITY = "priority"  # detail: "P3 → P1" ("none → P1" for a ticket that had none)
_ARROW = " → "
PRIORITY_USAGE = ", ".join(p.lower() for p in PRIORITIES) + " or none"


def _shown(priority: Priority | None) -> str:
    return priority or NO_PRIORITY


def _rank(priority: Priority | None) -> int:
    """How urgent a priority is, P1 the most (0); none the least."""
    return PRIORITIES.index(priority) if priority is not None else len(PRIORITIES)


def carried_notes(ticket: Ticket) -> list[HistoryEntry]:
    """The internal notes a ticket merged away gives the ticket it goes into, each by its
    author at its time, said as its (``noted on T-4``): what the team learnt of its customer
    stays in reach, as Zendesk keeps a merged ticket's comments. Notes it took in a merge of
    its own keep the ticket they were written on."""
    return [e.model_copy(update={"action": f"{NOTED_ON}{ticket.id}"}) if e.action == NOTED
            else e for e in ticket.history
            if e.action == NOTED or e.action.startswith(NOTED_ON)]


def merged_away(ticket: Ticket) -> str:
    """What a verb on a merged ticket is answered: where its posts went."""
    return (f"{ticket.id} was merged into {ticket.merged_into}, which holds its posts: use "
            f"{ticket.merged_into}")


def _unreadable(ticket: Ticket, entry: HistoryEntry, what: str, form: str) -> ValueError:
    """A history entry of a change that does not read as ``form`` says (one no release of ours
    wrote), named for the report's left_out line."""
    return ValueError(f"{ticket.id}: a {what} change at "
                      f"{entry.at.astimezone(UTC):%Y-%m-%d %H:%M} UTC reads "
                      f"{one_line(entry.detail, 40)!r}, not {form!r}")


def priority_at(ticket: Ticket, at: datetime) -> Priority | None:
    """The ticket's priority as it stood at ``at``: the one the first change after ``at``
    changed from, or, with no change after it, the one it holds. ValueError, saying which
    entry, when that change does not say what it changed from ('P3 → P1', 'none → P1'): an
    entry no release of ours wrote (edited by hand, damaged), whose reader skips it."""
    for entry in ticket.history:
        if entry.action == PRIORITY and entry.at > at:
            before, arrow, _ = entry.detail.partition(_ARROW)
            was = priority_of(before)
            if not arrow or (was is None and before.strip().lower() != NO_PRIORITY):
                raise _unreadable(ticket, entry, "priority", "P3 → P1")
            return was
    return ticket.priority


def tags_at(ticket: Ticket, at: datetime) -> tuple[str, ...]:
    """The ticket's tags as they stood at ``at``: the ones it holds, with each tag change after
    ``at`` undone, the latest first (what it added taken away, what it took away given back).
    Its opening's tags (its route's) are in the ticket from the start, so a ticket never
    changed since holds them. ValueError, saying which entry, when a change does not read as
    tags added and taken away ('+billing -vip'): an entry no release of ours wrote (edited by
    hand, damaged)."""
    tags = set(ticket.tags)
    for entry in reversed(ticket.history):
        if entry.action != TAGGED or entry.at <= at:
            continue
        words = entry.detail.split()
        if not words or any(w[:1] not in ("+", "-") or tag_of(w[1:]) != w[1:] for w in words):
            raise _unreadable(ticket, entry, "tag", "+billing -vip")
        for w in words:
            (tags.discard if w[0] == "+" else tags.add)(w[1:])
    return tuple(sorted(tags))


def chain_ended(policy: str, ended: Sequence[str]) -> str:
    """What the last step of ``policy`` says of the tickets it ran out for (its notice, and
    the reply to an ``escalate`` that fired it): nobody is pinged again (Grafana's chains run
    until acknowledged, resolved "or all steps complete"; PagerDuty's repeats end too)."""
    named = ", ".join(ended[:MAX_NOTICE_LINES]) + (
        f" and {len(ended) - MAX_NOTICE_LINES} more" if len(ended) > MAX_NOTICE_LINES else "")
    one = len(ended) == 1
    return (f"That was the last step of {policy}: socialops pings nobody again about {named} "
            f"while {'it stays' if one else 'they stay'} unclaimed; claim "
            f"{'it' if one else 'them'}, or hand {'it' if one else 'them'} on with "
            f"`unclaim {ended[0]} to=<person>`.")


def not_pinged(person: str, why: str, *, schedule: str | None = None,
               past: bool = False, where: str | None = None) -> str:
    """What a notice (``past``: it went out) and an ``escalate``'s reply say of a person the
    step pings whose chat account is gone; ``schedule``: they are on call in it; ``where``:
    the workspace whose notices leave them out, when the step's others ping them."""
    # an id the chat has no member of: the config's id is what to change, not the chat
    fix = (f"put {person}'s member ID in this workspace under identities:"
           if isinstance(why, UnknownMember) else f"{person} is still under people:")
    return (person + (f", on call in {schedule}," if schedule else "")
            + f" {'was' if past else 'is'} not pinged" + (f" in {where}" if where else "")
            + f": {why} ({fix} in socialops.yaml)"
            + (f"; `oncall {schedule} cover 2h for=<person>` puts someone else on call"
               if schedule else ""))


def group_not_pinged(group: str, why: str, *, past: bool = False,
                     where: str | None = None) -> str:
    """What a notice (``past``: it went out) and an ``escalate``'s reply say of a group the
    step pings whose platform group pings nobody (PagerDuty warns of a rule targeting
    nobody): one line, with what to fix; ``where``: the workspace whose notices leave it out,
    when the step's others ping it."""
    said = (f"group {group} {'was' if past else 'is'} not pinged"
            + (f" in {where}" if where else "") + f": {why}")
    if isinstance(why, UnknownGroup):  # nothing in the chat to set right: the id is wrong
        return (f"{said} (put the ID of one of this workspace's groups under groups: "
                f"{group}: in socialops.yaml)")
    return f"{said} (set it right in the chat, or map {group} to another under groups: in " \
        "socialops.yaml)"


def _everywhere_or_partly(found: Sequence[tuple[str, dict[str, str]]]
                          ) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Each workspace's answers (workspace, {person or group: why}) split as an escalate's
    reply says them: (those every workspace leaves out: why, as the first said it; those only
    some leave out: (workspace, why), the others pinging them)."""
    everywhere = {k: why for k, why in found[0][1].items()
                  if all(k in d for _, d in found)} if found else {}
    partly = {k: (ws, why) for ws, d in found for k, why in d.items() if k not in everywhere}
    return everywhere, partly


def _steps_in_chain(policy: EscalationPolicy) -> int:
    """How many steps the chain runs in all: its steps, once more for each ``repeat``."""
    return len(policy.steps) * (policy.repeat + 1)


def _step_reached(ticket: Ticket) -> dict[str, int]:
    """A ticket open again (unclaimed, reopened) starts its chain again at the step it had
    reached (docs/workflows.md, Escalation): one whose chain had ended runs its last step
    again, counted from then. Its level stood past the end, so nothing fired ever again and
    `escalate` was refused, however long it stayed open (a review of the team workflows,
    2026-12-06)."""
    policy = ticket.escalation
    if policy is None or not policy.steps or ticket.escalation_level < _steps_in_chain(policy):
        return {}
    return {"escalation_level": _steps_in_chain(policy) - 1}


def step_due(ticket: Ticket) -> datetime | None:
    """When the ticket's current escalation step is due by its own clock (a snooze aside);
    None when it has no chain or its chain has ended."""
    policy = ticket.escalation
    step = ticket.escalation_level
    if policy is None or step >= _steps_in_chain(policy):
        return None
    base = ticket.created_at
    for entry in reversed(ticket.history):
        if entry.action in _STEP_STARTS or entry.action.startswith(_ESCALATED):
            base = entry.at
            break
    return base + timedelta(minutes=policy.steps[step % len(policy.steps)].after_minutes)


def unclaimed_since(ticket: Ticket) -> datetime | None:
    """When the open ticket was last left unclaimed: its opening, an unclaim, a reopen, or an
    escalate that released a claim (one on a ticket held at the time: an escalate of an open
    ticket leaves nothing, and its detail, a reason typed by anyone, is never read). None for a
    ticket claimed or resolved. A handoff or an assignment keeps it held (it names a
    person)."""
    if ticket.status != "open":
        return None
    since, held = ticket.created_at, False
    for entry in ticket.history:
        a = entry.action
        if a == "claimed" or a.startswith((REASSIGNED, ASSIGNED)):
            held = True
        elif a in ("unclaimed", "reopened") or (held and a.startswith(_ESCALATED)):
            since, held = entry.at, False
        elif a == "resolved":
            held = True  # nobody waits on a resolved ticket; its reopen starts the wait again
    return since


def _listed(lines: list[str], room: int) -> str:
    """``lines`` one a line, as many of the first ``MAX_NOTICE_LINES`` as fit ``room``
    characters with the line saying how many more there are (always at least one line)."""
    shown: list[str] = []
    for n, entry in enumerate(lines[:MAX_NOTICE_LINES]):
        left = len(lines) - n - 1
        more = utf16_len(_more_line(left)) if left else 0
        if shown and utf16_len("\n".join([*shown, entry])) + more > room:
            break
        shown.append(entry)
    left = len(lines) - len(shown)
    return "\n".join(shown) + (_more_line(left) if left else "")


def _more_line(n: int) -> str:
    return f"\n… and {n} more (`tickets open`)"


def put_back_by(ticket: Ticket) -> tuple[str, datetime] | None:
    """Who put the open ticket back (``unclaim``) and when, when that is what last left it
    unclaimed; None otherwise (never claimed, reopened, an escalate that released it)."""
    if ticket.status != "open":
        return None
    back: tuple[str, datetime] | None = None
    held = False
    for entry in ticket.history:
        a = entry.action
        if a == "unclaimed":
            back, held = (entry.actor, entry.at), False
        elif a in ("claimed", "resolved") or a.startswith((REASSIGNED, ASSIGNED)):
            back, held = None, True
        elif a == "reopened" or (held and a.startswith(_ESCALATED)):
            back, held = None, False  # the chain's own steps on an open ticket leave it
    return back


def waited(minutes: int, *, prose: bool = False) -> str:
    """A wait in whole minutes as the queue and status say it: ``<1 min`` for one that has
    just begun ("unclaimed for 0 min" read as not waiting at all), beside ``45 min old``;
    ``prose``: as a notice's sentence says it, "less than a minute" ("has been unclaimed for
    <1 min" is a table's shorthand, not a sentence)."""
    if minutes:
        return span(minutes)
    return "less than a minute" if prose else "<1 min"


def minutes_since(at: datetime, now: datetime) -> int:
    """Whole minutes from ``at`` to ``now`` (none for a time ahead of the clock)."""
    return max(0, int((now - at).total_seconds() // 60))


def released_minutes(ticket: Ticket, now: datetime) -> int | None:
    """Minutes since the open ticket was last left unclaimed, when that came after its
    opening; None when it has waited since it opened (its age says it) or is held."""
    since = unclaimed_since(ticket)
    if since is None or since <= ticket.created_at:
        return None
    return minutes_since(since, now)


LATE_STEP = timedelta(minutes=2)  # a step fired later than this after its time came is late
_LATE = "due at "  # how a late step's history entry begins (its detail: ``late_step``)


def _step_payload(ticket_id: str, step: int, due: datetime) -> str:
    """An escalation timer's payload: the step, and when it is due (a step fired long after,
    no bot process running at that time, says so: ``late_step``)."""
    return json.dumps({"ticket": ticket_id, "step": step, "due": due.timestamp()})


def _due_of(data: object) -> datetime | None:
    """The due time an escalation timer's payload holds, or None (a release before wrote
    none; a value that is no finite time)."""
    raw = data.get("due") if isinstance(data, dict) else None
    if not isinstance(raw, int | float) or isinstance(raw, bool) or not math.isfinite(raw):
        return None
    try:
        return datetime.fromtimestamp(raw, UTC)
    except (ValueError, OverflowError, OSError):
        return None


def late_step(due: datetime, now: datetime, *, store: bool = False) -> str:
    """What a step fired late after an outage says of itself (its history entry's detail, its
    thread line, its notice): when it was due and by how much it is late; ``store``: the
    outage was the store's (the bot ran, its store did not answer)."""
    why = "the store could not be reached" if store else "no socialops process ran"
    return (f"{_LATE}{on_the_day(due, now)}, while {why}: "
            f"{waited(minutes_since(due, now), prose=True)} late")


def late_said(ticket: Ticket, step: int) -> str | None:
    """``late_step``'s words of the ticket's latest firing of ``step`` (0-based) by its
    timer, when that one was late; None otherwise."""
    for e in reversed(ticket.history):
        if e.action == f"{ESCALATED_STEP}{step + 1})":
            return e.detail if e.actor == "socialops" and e.detail.startswith(_LATE) else None
    return None


def claim_released(ticket: Ticket) -> str | None:
    """What released the claim that last left the open ticket unclaimed, when its timeout
    (or its claimer's account gone) did: ``alice's claim released: claimed at 09:05 UTC and
    unresolved past support-default's claim timeout of 4 h``; None otherwise."""
    since = unclaimed_since(ticket)
    entry = next((e for e in reversed(ticket.history) if e.actor == "socialops"
                  and e.action.startswith(ESCALATED_STEP) and _CLAIM_RELEASED in e.detail),
                 None)
    return entry.detail if entry is not None and entry.at == since else None


def unclaimed_for(ticket: Ticket, now: datetime) -> str:
    """How long the open ticket has waited for someone, as notices say it: from when it was
    last left unclaimed, with its opening named too when that was earlier, so a ticket held
    for most of its life does not read as waiting all of it."""
    opened = waited(minutes_since(ticket.created_at, now), prose=True)
    since = unclaimed_since(ticket)
    if since is None or since <= ticket.created_at:
        return f"unclaimed for {opened}, since it opened"
    return (f"unclaimed for {waited(minutes_since(since, now), prose=True)}, since "
            f"{on_the_day(since, now)} (opened {opened} ago)")


def parse_tags(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """The tags typed after ``tag <ticket id>``, parted by spaces or commas (``billing, vip``
    as the card lists them): to add (``billing``, or ``+billing`` as the
    answer shows a change), and (``-billing``) to take away, in the order typed, each once; a
    full-width sign (an East Asian keyboard's) is the sign. Refusal naming the first that is no
    tag."""
    adds: list[str] = []
    drops: list[str] = []
    for word in (w for typed in words for w in tag_words(typed)):
        sign = unicodedata.normalize("NFKC", word[:1])
        minus = sign == "-"
        tag = tag_of(word[1:] if sign in ("+", "-") else word)
        if tag is None:
            raise Refusal(f"{one_line(word, 40)!r} is no tag: {TAG_RULE} (-<tag> takes "
                          "one away)")
        (drops if minus else adds).append(tag)
    if not adds and not drops:
        raise Refusal(f"name a tag to add or (-billing) to take away: {VERBS['tag'].usage}")
    if both := sorted(set(adds) & set(drops)):
        raise Refusal(f"{both[0]} is both added and taken away; keep one")
    return list(dict.fromkeys(adds)), list(dict.fromkeys(drops))


def _unchanged(adds: Sequence[str], drops: Sequence[str]) -> str:
    """Why a tag command changed nothing: the tags it has already, the ones it has not."""
    bits = []
    if adds:
        bits.append(f"is tagged {', '.join(adds)} already")
    if drops:
        bits.append(f"has no tag {', '.join(drops)}")
    return " and ".join(bits)


class _Already(Refusal):
    """The change asked for is what the ticket already shows, made by the same person (a double
    click, an event redelivered to another process): answered as done, nothing written."""


def _released(ticket: Ticket) -> str:
    """What an escalate says of the claim it released (the former claimer by name; no ping)."""
    return f"{ticket.claimer}'s claim released"


def _last(ticket: Ticket, action: str) -> HistoryEntry | None:
    return next((e for e in reversed(ticket.history) if e.action == action), None)


def _took(ticket: Ticket) -> HistoryEntry | None:
    """The entry by which its holder last took the ticket: a claim, a handoff or an
    assignment."""
    return next((e for e in reversed(ticket.history) if e.action == "claimed"
                 or e.action.startswith((REASSIGNED, ASSIGNED))), None)


def _ended(ticket: Ticket, now: datetime, zone: str | None = None) -> str:
    """When the snooze of a ticket not snoozed ended, as a refusal adds it: one stored and
    lapsed, or one its timer ended (its entry says until when, in UTC), or one a person ended
    (``snooze off``, or a claim, a handoff, an escalate or a resolve: who, and when); nothing
    when it was never snoozed. On ``zone``'s clock too, as the snooze said it."""
    if ticket.snoozed_until is not None:
        until = ticket.snoozed_until
        return f": its snooze ended at {on_the_day(until, now)}{on_clock(until, zone)}"
    history = ticket.history
    at = next((n for n in range(len(history) - 1, -1, -1)
               if history[n].action in (SNOOZE_ENDED, UNSNOOZED)
               or history[n].action.startswith(_SNOOZED)), None)
    last = history[at] if at is not None else None
    if last is not None and last.action == UNSNOOZED:
        return (f": {last.actor} ended its snooze at {on_the_day(last.at, now)}"
                f"{on_clock(last.at, zone)}")
    if last is not None and at is not None and last.action.startswith(_SNOOZED):
        # set, and ended by what came after it: the first of those that end a snooze
        ender = next((e for e in history[at + 1:] if e.action in ("claimed", "resolved")
                      or e.action.startswith((_ESCALATED, ASSIGNED, REASSIGNED))), None)
        if ender is None:
            return ""
        what = ender.action.split(" (")[0]
        what = (f"{what.split(' to ')[0]} it to {what.split(' to ', 1)[1]}" if " to " in what
                else f"{what} it")
        return (f": its snooze ended at {on_the_day(ender.at, now)}{on_clock(ender.at, zone)}, "
                f"when {ender.actor} {what}")
    if last is None or last.action != SNOOZE_ENDED or not last.detail.startswith(_WAS):
        return ""
    said = last.detail.removeprefix(_WAS)
    # "09:05 UTC" on the day the timer wrote it, or "2026-11-24 09:05 UTC"
    found = _SAID_AT.fullmatch(said)
    if found is None:  # written by another release: as it is
        return f": its snooze ended at {said}"
    day = found[1] or f"{last.at.astimezone(UTC):%Y-%m-%d}"
    until = datetime.fromisoformat(f"{day}T{found[2]}+00:00")
    return f": its snooze ended at {on_the_day(until, now)}{on_clock(until, zone)}"


_SAID_AT = re.compile(r"(?:(\d{4}-\d{2}-\d{2}) )?(\d{2}:\d{2}) UTC")


def claim_due(t: Ticket, timeouts: Mapping[str, timedelta], *,
              route_chains: Mapping[str, str] | None = None,
              ) -> tuple[HistoryEntry, datetime, timedelta] | None:
    """The entry by which the ticket's holder took it, when their claim times out (its
    chain's ``claim_timeout`` in ``timeouts`` after that, or the end of a snooze set later
    than that: the holder asked for the wait) and the timeout; None for a ticket nobody holds,
    or whose chain has no timeout. ``route_chains``: each route's chain as the rules name it
    now, for a claim recorded without its timeout (``_claim_timeout``)."""
    if t.status != "claimed" or t.claimer is None or t.escalation is None:
        return None
    timeout = _claim_timeout(t, timeouts, route_chains)
    took = _took(t)
    if timeout is None or took is None:
        return None
    due = took.at + timeout
    if t.snoozed_until is not None:
        due = max(due, t.snoozed_until)
    # a snooze set since the claim, ended since (by its timer, or `snooze off`): its end
    # was when the claim's time came, not the claim's own timeout passed while it held
    ended = next((e.at for e in reversed(t.history)
                  if e.action in (SNOOZE_ENDED, UNSNOOZED)), None)
    if ended is not None and ended > took.at:
        due = max(due, ended)
    return took, due, timeout


def _claim_timeout(t: Ticket, timeouts: Mapping[str, timedelta],
                   route_chains: Mapping[str, str] | None) -> timedelta | None:
    """The claim's timeout as recorded when its holder took it (what the claim's reply said),
    whatever the chain is called or set to now; for a claim recorded by a release before, the
    chain in force's as configured now (the only one known), found as a claim taken now finds
    it: by the name the ticket opened with, the chain renamed since, none would be found and
    the claim held for ever."""
    if t.claim_timeout_minutes is None:
        return timeouts.get(chain_in_force(t, route_chains))
    return timedelta(minutes=t.claim_timeout_minutes) if t.claim_timeout_minutes else None


def chain_in_force(t: Ticket, route_chains: Mapping[str, str] | None) -> str:
    """The chain whose ``claim_timeout`` a claim of the ticket takes now (PagerDuty's
    acknowledgement timeout is the policy's in force): the one its route names in the rules
    now, else the one it opened with (a ticket keeps its chain by the name it had then)."""
    own = t.escalation.name if t.escalation is not None else ""
    return (route_chains or {}).get(t.route, own)


def took_with_timeout(current: Ticket, new: Ticket, timeouts: Mapping[str, timedelta], *,
                      route_chains: Mapping[str, str] | None = None) -> Ticket:
    """``new`` with the chain's ``claim_timeout`` in force now recorded, where it was taken in
    this change (a claim, a handoff, an assignment): PagerDuty keeps an acknowledgement's
    timeout as it was when acknowledged, so a config changed since moves no promised release.
    The chain in force is the one its route names now (``route_chains``), else the one it
    opened with: a chain renamed since it opened is found under its new name."""
    if new.status != "claimed" or new.escalation is None or _took(new) == _took(current):
        return new
    chain = chain_in_force(new, route_chains)
    timeout = timeouts.get(chain)
    minutes = int(timeout.total_seconds() // 60) if timeout is not None else 0
    # the name the timeout was taken under, kept when it is not the one the ticket opened
    # with: said, the old name promised a timeout that chain never had
    return new.model_copy(update={"claim_timeout_minutes": minutes, "claim_timeout_chain":
                                  chain if chain != new.escalation.name else None})


def claim_chain(t: Ticket, route_chains: Mapping[str, str] | None = None) -> str:
    """The chain whose ``claim_timeout`` the holder took the ticket under, as its reply,
    ``status`` and its release say it: the one its route named then, when renamed since the
    ticket opened, else the one it opened with; for a claim recorded by a release before,
    the one whose timeout it takes now (``_claim_timeout``)."""
    if t.claim_timeout_minutes is None:
        return chain_in_force(t, route_chains)
    return t.claim_timeout_chain or (t.escalation.name if t.escalation is not None else "")


class StepTargets(Protocol):
    """What a step pings or posts to: a stored step's and the config's step alike."""

    @property
    def notify_users(self) -> tuple[str, ...]: ...
    @property
    def notify_groups(self) -> tuple[str, ...]: ...
    @property
    def schedule(self) -> str | None: ...
    @property
    def channel(self) -> str | None: ...


def names_nobody(s: StepTargets, step: int, policy: str) -> str | None:
    """What a notice, ``escalate`` and ``socialops check`` say of a step that names nobody to
    ping and no channel to post to (PagerDuty refuses an escalation rule with no target): its
    notice in the ticket's channel pings nobody; None for a step that names someone."""
    if s.notify_users or s.notify_groups or s.schedule or s.channel:
        return None
    return (f"step {step + 1} of {policy} names nobody to ping: add notify_users, "
            "notify_groups or schedule to it under escalations: in socialops.yaml")


def next_step_said(t: Ticket, due: datetime | None, now: datetime, *,
                   zone: str | None = None) -> str:
    """What an open ticket's chain does next, as ``status`` says it (PagerDuty shows an
    incident's level and when it escalates next): ``next: step 2 of support-default at 09:45
    UTC (notifies carol)``, ``due`` being when its step's timer is due in the store (a snooze
    and an outage moved it: said so); that the chain has ended; "" for a ticket held or closed,
    or with no chain."""
    policy = t.escalation
    if t.status != "open" or policy is None or not policy.steps:
        return ""
    if t.escalation_level >= _steps_in_chain(policy):
        return (f"{policy.name} has ended: nobody is pinged again while it stays unclaimed "
                f"(escalate is refused; claim it, or unclaim {t.id} to=<person>)")
    if due is None:
        return ""
    step = policy.steps[t.escalation_level % len(policy.steps)]
    who = [*step.notify_users, *(f"group {g}" for g in step.notify_groups),
           *([f"whoever is on call in {step.schedule}"] if step.schedule else [])]
    when = (f"due since {on_the_day(due, now)}{on_clock(due, zone)} (it fires as soon as a "
            "socialops process takes its timer)" if due <= now
            else f"at {on_the_day(due, now)}{on_clock(due, zone)}")
    if t.snoozed_until is not None and due == t.snoozed_until and due > now:
        when += ", when its snooze ends"
    return (f"next: step {t.escalation_level + 1} of {policy.name} {when}"
            + (f" (notifies {', '.join(who)})" if who else ""))


def next_in_notice(tickets: Sequence[Ticket], step: int, now: datetime, *,
                   zone: str | None = None) -> str:
    """The closing line of step ``step``'s notice naming the step after it, its time and whom
    it notifies, for the tickets still at it (the earliest's time: a batch's are seconds apart),
    or "" when the chain ends with this step for them all. Its time is the step's own
    (``after_minutes`` after this step fired, as ``_escalate`` arms it)."""
    dues = []
    for t in tickets:
        policy = t.escalation
        fired = _last_escalated(t)
        if policy is None or not policy.steps or t.escalation_level != step + 1 \
                or step + 1 >= _steps_in_chain(policy) or fired is None:
            continue
        after = policy.steps[(step + 1) % len(policy.steps)].after_minutes
        # a snooze set since the step holds the next one to its end (never sooner)
        dues.append((max(fired + timedelta(minutes=after), t.snoozed_until or fired), t))
    if not dues:
        return ""
    due, first = min(dues, key=lambda d: d[0])
    said = next_step_said(first, due, now, zone=zone)
    return f"\nN{said[1:]}, unless {'it is' if len(tickets) == 1 else 'they are'} claimed first."


def _last_escalated(t: Ticket) -> datetime | None:
    """When the ticket's last step fired (its timer's or a person's escalate)."""
    return next((e.at for e in reversed(t.history) if e.action.startswith(_ESCALATED)), None)


def release_said(t: Ticket, timeouts: Mapping[str, timedelta], now: datetime, *,
                 zone: str | None = None, route_chains: Mapping[str, str] | None = None) -> str:
    """When the holder's claim is released by its chain's ``claim_timeout``, as the claim's
    reply, ``status`` and the queue say it after "claimed by alice" (PagerDuty shows an
    acknowledgement's timeout beside it): ``released at 10:05 UTC unless resolved
    (support-default's claim timeout of 1 h)``; "" when nothing will release it."""
    found = claim_due(t, timeouts, route_chains=route_chains)
    if found is None or t.escalation is None:
        return ""
    _, due, timeout = found
    when = f"{on_the_day(due, now)}{on_clock(due, zone)}"
    why = (f"{claim_chain(t, route_chains)}'s claim timeout of "
           f"{span(int(timeout.total_seconds() // 60))}")
    if due <= now:  # its timer not taken yet (no process ran, or one is about to)
        return f"past {why} since {when}: released when its timer fires"
    return f"released at {when} unless resolved ({why})"


class TicketService:
    def __init__(
        self,
        reads: TicketReads,
        applier: Transactions,
        *,
        clock: Clock,
        audit: Audit,
        directory: Directory,
        escalations: Mapping[str, EscalationPolicy],
        channels: Mapping[str, ChannelConfig],
        metrics: Metrics | None = None,
        link: CardLink | None = None,
        schedules: Mapping[str, Schedule] | None = None,
        overrides: ChatOverrides | None = None,
        zones: Mapping[str, str] | None = None,
        left: Left | None = None,
        group_left: Left | None = None,
        down_at: Callable[[datetime], str | None] | None = None,
        claim_timeouts: Mapping[str, timedelta] | None = None,
        route_chains: Callable[[], Mapping[str, str]] | None = None,
    ) -> None:
        # each route's chain as the rules name it now (read as a claim is taken: a reload
        # applies to the next one); a ticket keeps the chain it opened with, maybe renamed
        self.route_chains = route_chains
        # chain name: how long a claim may hold one of its tickets unresolved (its
        # ``claim_timeout``, read as the claim is taken); a chain not named: held until
        # someone acts
        self.claim_timeouts = dict(claim_timeouts or {})
        # why no bot process ran its timers at that time (``bot.engine.uptime``: ``"store"``
        # when the store refused them), None when one did: a step due then fires when one is
        # back, and its notice says how late
        self.down_at = down_at
        # why a person's account in a workspace can no longer be pinged (deactivated, gone
        # from the server), asked as a notice goes out; None: ask nobody
        self.left = left
        # the same for a platform group a step pings (a Slack user group disabled or empty,
        # a Discord role deleted or held by nobody): PagerDuty warns of a rule targeting nobody
        self.group_left = group_left
        self.link = link
        self.zones = dict(zones or {})  # workspace: its timezone, where a card says a snooze's end
        self.schedules = schedules or {}
        self.overrides = overrides  # chat's (handlers.overrides), read as a step asks
        self.reads = reads
        self.applier = applier
        self.clock = clock
        self.audit = audit
        self.directory = directory
        self.escalations = escalations
        self.channels = channels
        self.metrics = metrics or Metrics()

    # -- opening (the pipeline's side: effects join the batch's transaction) ------------------

    async def open_or_attach(self, signal: Signal, hit: RouteHit, fx: Effects,
                             batch: MutableMapping[tuple[str, str], Ticket]) -> str:
        """Add to ``fx`` what this hit does to tickets; ``batch`` holds the tickets this batch
        already opened or changed, by conversation and customer, so two mentions of one
        customer in one conversation in one batch make one ticket (and two customers writing in
        one thread each keep their own)."""
        m = signal.mention
        mine = (m.conversation_key, m.customer_key)
        existing = batch.get(mine)
        number: int | None = None
        ids: list[str] | None = None
        if existing is None:
            # the open ticket, or else the next number and the customer's latest signals (what
            # opening one reads next): one round trip on Redis
            existing, number, ids = await self.reads.open_ticket_or_number(
                *mine, K.counter_for(K.TICKET), LOOK_BACK + 1)
        if existing is not None:
            # one ticket holds several conversations once others are merged into it: the
            # latest this batch made of it, through whichever conversation
            existing = max([existing, *(t for t in batch.values() if t.id == existing.id)],
                           key=lambda t: t.version)
        # a ticket of another customer only through a merge (a post of T-4's conversation
        # goes to T-3, which T-4 was merged into)
        if existing is not None and (existing.customer_key == m.customer_key
                                     or existing.merged):
            if signal.id in existing.mention_ids:
                return f"ticket {existing.id}"  # re-processing after a crash: attached already
            new = self._attach(existing, signal, hit, fx)
            batch[mine] = new
            return f"ticket {new.id}"
        if number is None:
            number = await self.reads.next_number(K.counter_for(K.TICKET))
            ids = None
        ticket = self.opened(f"T-{number}", signal, hit)
        # the customer's last ticket, resolved: this one follows it (Zendesk's follow-up)
        after = await follows(self.reads, signal, now=ticket.created_at, ids=ids)
        if after is not None:
            ticket = ticket.model_copy(update={"history": (*ticket.history, after)})
        fx.open_ticket(ticket)
        fx.audit.append(self.audit.event(actor="socialops", action="ticket.open", obj=ticket,
                                         object_type="ticket", object_id=ticket.id,
                                         detail=f"signal {signal.id}"))
        fx.send(OutboxItem.new(key=f"{ticket.id}@{hit.channel}", workspace=hit.workspace,
                               channel=hit.channel, card=ticket_card(
                                   ticket, signal, zone=self.zones.get(hit.workspace)),
                               now=self.clock()))
        self._schedule_step(fx, ticket, 0)
        self._schedule_sla(fx, ticket)
        batch[mine] = ticket
        self.metrics.inc("tickets_opened_total")
        return f"ticket {ticket.id}"

    def opened(self, ticket_id: str, signal: Signal, hit: RouteHit) -> Ticket:
        m = signal.mention
        now = self.clock()
        return Ticket(
            id=ticket_id,
            signal_id=signal.id,
            route=hit.route,
            customer_key=m.customer_key,
            conversation_key=m.conversation_key,
            mention_ids=(signal.id,),
            created_at=now,
            sla_due=now + timedelta(minutes=hit.sla_minutes) if hit.sla_minutes else None,
            escalation=self.escalations.get(hit.escalation) if hit.escalation else None,
            priority=hit.priority,
            tags=hit.tags,
            channels=(ChannelRef(workspace=hit.workspace, channel=hit.channel),),
            history=(HistoryEntry(at=now, actor="socialops", action="opened",
                                  detail=f"route {hit.route}"),),
        )

    def _attach(self, ticket: Ticket, signal: Signal, hit: RouteHit, fx: Effects) -> Ticket:
        """The mention joins the open ticket. Its route's ``tags:`` the ticket has not are
        added in the same write (one compare-and-set, one card update), as a social inbox's
        rules tag every message they route and a case holds the tags of its messages: a tag
        change by socialops in the history (``tagged``, ``+vip``, read by the team report) and
        the audit, after the ``attached`` entry. A tag someone took away comes back with a
        later mention its route tags (the new post carries it); past ``MAX_TAGS`` the first
        that fit are added and the rest said on the thread line and in the log."""
        # one line of the ticket's history (and of its thread): a post's own line breaks
        # would draw lines that read like the history's
        detail = f"new mention {signal.id}: {one_line(signal.mention.text, 140)}"
        new = self._next(ticket, "socialops", "attached", detail,
                         {"mention_ids": (*ticket.mention_ids, signal.id)})
        room = max(0, MAX_TAGS - len(ticket.tags))
        fresh = [t for t in hit.tags if t not in ticket.tags]
        added, left = fresh[:room], fresh[room:]
        change = " ".join(f"+{t}" for t in added)
        if added:
            entry = HistoryEntry(at=self.clock(), actor="socialops", action=TAGGED,
                                 detail=change)
            new = new.model_copy(update={"tags": tuple(sorted({*ticket.tags, *added})),
                                         "history": (*new.history, entry)})
        why = f"route {hit.route}"
        if left:
            full = f"{', '.join(left)} not added: a ticket keeps at most {MAX_TAGS} tags"
            log.warning("%s: route %s's %s", ticket.id, hit.route, full)
            why += f"; {full}"
        # one thread line (a platform shows a note as one): ours first, the post's text last
        note = ("socialops attached" + (f", {TAGGED} {change}" if added else "")
                + (f" ({why})" if fresh else "") + f": {detail}")
        fx.update(new, expected=ticket.version)
        fx.audit.append(self.audit.event(actor="socialops", action="ticket.attached", obj=new,
                                         before=ticket, object_type="ticket",
                                         object_id=ticket.id, detail=detail))
        if added:
            fx.audit.append(self.audit.event(
                actor="socialops", action=f"ticket.{TAGGED}", obj=new, before=ticket,
                object_type="ticket", object_id=ticket.id,
                detail=f"{change} (route {hit.route}, mention {signal.id})"))
        self._refresh_cards(fx, new, signal if signal.id == new.signal_id else None,
                            note=note)
        return new

    async def post_revised(self, ticket_id: str, signal: Signal, fx: Effects,
                           batch: MutableMapping[tuple[str, str], Ticket], *,
                           detail: str, back: bool = False, erased: bool = False) -> bool:
        """A post of the ticket edited or deleted by its author (``signal``, as it is now): one
        line of its history, the audit, and its cards edited with that line in their thread
        (once: the pipeline writes this under the revision's mark, written only if unset).
        ``detail`` is that line. False when the ticket is gone or does not hold the post.

        A post taken down by someone else (``Mention.removed_by``) says who in the history
        (``post removed by a moderator``) and is ``ticket.post_removed`` in the audit: the
        history said ``post deleted`` (``status``, the queue's ``last:``), the customer's act.
        Read public again after that (``back``): ``post public again``, ``ticket.post_restored``.
        Its author's data erased (``erased``, ``socialops forget``): ``post erased``,
        ``ticket.post_erased``."""
        ticket = await self.reads.get_ticket(ticket_id)
        ticket = max([t for t in (ticket, *batch.values()) if t is not None and t.id == ticket_id],
                     key=lambda t: t.version, default=None)
        if ticket is None or signal.id not in ticket.mention_ids:
            return False
        m = signal.mention
        action = ("erased" if erased else "restored" if back
                  else "edited" if m.revision != "delete"
                  else "removed" if m.removed_by is not None else "deleted")
        said = (gone_how(m.network, m.removed_by) if action == "removed"
                else "public again" if back else action)
        new = self._next(ticket, "socialops", f"post {said}", detail, {})
        fx.update(new, expected=ticket.version)
        fx.audit.append(self.audit.event(actor="socialops", action=f"ticket.post_{action}",
                                         obj=new, before=ticket, object_type="ticket",
                                         object_id=ticket.id, detail=detail))
        shown = signal if signal.id == new.signal_id else await self.reads.get_signal(
            new.signal_id)
        self._refresh_cards(fx, new, shown, note=f"socialops: {detail}")
        batch[(m.conversation_key, m.customer_key)] = new
        return True

    # -- people acting -----------------------------------------------------------------------

    async def claim(self, ticket_id: str, person: str) -> Reply:
        def change(t: Ticket) -> Ticket:
            if t.status == "claimed" and t.claimer == person:
                raise _Already(f"{t.id} is yours already")  # a double click, a retried event
            if t.status == "claimed":
                raise Refusal(f"{t.id} is already claimed by {t.claimer}")
            if t.status == "resolved":
                raise Refusal(f"{t.id} is resolved; reopen it first")
            return t.model_copy(update={"status": "claimed", "claimer": person,
                                        "snoozed_until": None})

        return await self._transition(ticket_id, person, "claimed", change,
                                      then=lambda fx, _: fx.cancel(esc_timer(ticket_id)),
                                      said=self._held_until)

    async def unclaim(self, ticket_id: str, person: str, *, reassign_to: str | None = None,
                      workspace: str | None = None) -> Reply:
        """Back to the queue, or handed to ``reassign_to``: the card's thread line then pings
        them (their user id in each card's workspace, resolved as an escalation notice's
        people are), and the reply says where they have no account to be notified in
        (``workspace``: where the command came from, "this workspace").

        Handed on while nobody holds it, the ticket is assigned (PagerDuty's reassign of a
        triggered incident): anyone linked may, as anyone may claim it; the assignee holds it
        as a claimer does (its escalation stops, a snooze ends), and the history says
        ``assigned to bob``, not ``reassigned``, so the team report counts bob, not whoever
        typed it, as the one who took it first."""
        if reassign_to is not None and self.directory.get(reassign_to) is None:
            # A ticket held by nobody real would sit claimed (so never escalated) forever. The
            # answer does not list who is configured: anyone linked may ask.
            return Reply.refused(await self._no_person(ticket_id, reassign_to))
        if reassign_to is not None:
            # PagerDuty assigns nothing to a deactivated user: a ticket held by an account
            # nobody reads sits claimed, never escalated (its thread line pings nobody)
            t0 = await self.reads.get_ticket(ticket_id)
            for ref in {ch.workspace: ch for ch in (t0.channels if t0 else ())}.values():
                why = (await self._gone(ref.workspace, ref.channel, [reassign_to])).get(
                    reassign_to)
                if why is not None:
                    return Reply.refused(
                        f"{ticket_id} not handed to {reassign_to}: {why} ({reassign_to} is "
                        "still under people: in socialops.yaml); hand it to someone here: "
                        f"`unclaim {ticket_id} to=<person>`")

        def action(t: Ticket) -> str:
            if not reassign_to:
                return "unclaimed"
            return f"{ASSIGNED if t.status == 'open' else REASSIGNED}{reassign_to}"

        def change(t: Ticket) -> Ticket:
            if reassign_to and t.status == "open":
                return t.model_copy(update={"status": "claimed", "claimer": reassign_to,
                                            "snoozed_until": None})
            if t.status == "resolved" and reassign_to:
                raise Refusal(f"{t.id} is resolved; reopen it first")
            if t.status != "claimed":
                raise Refusal(f"{t.id} is not claimed")
            if reassign_to and t.claimer == reassign_to:
                took = _took(t)
                if took is not None and took.actor == person:  # a double click, a retry
                    raise _Already(f"{t.id} is {reassign_to}'s already")
                raise Refusal(f"{t.id} is claimed by {reassign_to} already: nothing changed")
            # a holder the config no longer names (they left) is nobody to ask: anyone linked
            # may put their ticket back or hand it on, as the queue's line for it says
            if t.claimer != person and not self.directory.is_lead(person) and (
                    t.claimer is None or self.directory.get(t.claimer) is not None):
                raise Refusal(f"only {t.claimer} or a lead may unclaim or reassign {t.id}")
            if reassign_to:
                return t.model_copy(update={"claimer": reassign_to})
            return t.model_copy(update={"status": "open", "claimer": None, **_step_reached(t)})

        def unreachable(t: Ticket) -> str:
            if not reassign_to:
                return ""
            missing = [ws for ws in dict.fromkeys(ch.workspace for ch in t.channels)
                       if self.directory.user_of(ws, reassign_to) is None]
            return "".join(
                f"; {reassign_to} has no account in "
                f"{'this workspace' if ws == workspace else f'workspace {ws}'} to notify"
                for ws in missing)

        def timers(fx: Effects, new: Ticket) -> None:
            if new.status == "claimed":  # held (handed on, or assigned): no chain runs
                fx.cancel(esc_timer(ticket_id))
            else:
                self._resume_escalation(fx, new)

        return await self._transition(ticket_id, person, action, change, then=timers,
                                      pings=(reassign_to,) if reassign_to else (),
                                      said=lambda t: self._held_until(t) + unreachable(t))

    def _held_until(self, t: Ticket) -> str:
        """What a claim's or handoff's reply adds: when its chain's ``claim_timeout`` releases
        it (the holder's to resolve or hand on before then), or nothing."""
        said = release_said(t, self.claim_timeouts, self.clock(),
                            route_chains=self._route_chains())
        return f"; {said}" if said else ""

    async def _no_person(self, ticket_id: str, typed: str) -> str:
        """Why ``to=<typed>`` names nobody, and what to type: a schedule's name (PagerDuty
        reassigns to a schedule) names whom it has on call now; a person's id typed after an
        @, as a chat composer writes a name, is said without it."""
        schedule = next((n for n in self.schedules if n.lower() == typed.lower()), None)
        if schedule is not None:
            on_call = await self._on_call(schedule)
            if on_call is not None:
                return (f"{schedule} is an on-call schedule, not a person: {on_call} is on call "
                        f"in it now; unclaim {ticket_id} to={on_call} hands {ticket_id} to "
                        "them")
            return (f"{schedule} is an on-call schedule, not a person, and has nobody on call "
                    "now: name a person id as in socialops.yaml (people:)")
        if typed.startswith("@") and (meant := self._person_id(typed[1:])) is not None:
            return (f"no person {typed!r} to reassign {ticket_id} to: write to={meant}, a "
                    "person id without the @")
        return (f"no person {typed!r} to reassign {ticket_id} to: name a person id as in "
                "socialops.yaml (people:)")

    def _person_id(self, typed: str) -> str | None:
        """The person id ``typed`` names, in any capitals (``@Alice`` for alice)."""
        if self.directory.get(typed) is not None:
            return typed
        return next((pid for pid in self.directory.people if pid.lower() == typed.lower()),
                    None)

    async def resolve(self, ticket_id: str, person: str, note: str = "") -> Reply:
        """Resolved, with an optional resolution note (what was done, PagerDuty's resolution
        note): the resolve's detail in the history, the audit row and the thread line."""
        note = "" if is_blank(note) else note.strip()  # a braille blank says nothing

        def change(t: Ticket) -> Ticket:
            if t.status == "resolved":
                last = _last(t, "resolved")
                mine = last is not None and last.actor == person
                if last is not None and mine and note in ("", last.detail):
                    raise _Already(f"{t.id} is resolved already")  # a double click, a retry
                # a note that would be lost is said so, with the verb that keeps it
                kept = f": the note is not kept; note {t.id} <text> adds it" if note else ""
                raise Refusal(f"{t.id} is resolved already{kept}" if mine
                              else f"{t.id} is already resolved{kept}")
            # a resolve ends a snooze (PagerDuty's resolved incident is snoozed no more): a
            # reopened ticket waits for nobody's snooze
            return t.model_copy(update={"status": "resolved", "claimer": t.claimer or person,
                                        "snoozed_until": None})

        def stop(fx: Effects, _: Ticket) -> None:
            fx.cancel(esc_timer(ticket_id))
            fx.cancel(sla_timer(ticket_id))

        return await self._transition(ticket_id, person, "resolved", change, detail=note,
                                      then=stop)

    async def reopen(self, ticket_id: str, person: str) -> Reply:
        def change(t: Ticket) -> Ticket:
            if t.status != "resolved":
                raise Refusal(f"{t.id} is not resolved")
            # one resolved before a resolve ended its snooze may still carry it
            return t.model_copy(update={"status": "open", "claimer": None,
                                        "snoozed_until": None, **_step_reached(t)})

        def rearm(fx: Effects, new: Ticket) -> None:
            self._schedule_sla(fx, new)
            self._resume_escalation(fx, new)

        reply = await self._transition(ticket_id, person, "reopened", change, then=rearm)
        reopened = await self.reads.get_ticket(ticket_id) if reply.ok else None
        if reopened is None:
            return reply
        # A post of the conversation opened another ticket while this one was resolved: the
        # conversation's next posts go to the newest open one (the stores' find_open_ticket),
        # so say which, and how to keep one (a merge)
        newest = await self.reads.find_open_ticket(reopened.conversation_key,
                                                   reopened.customer_key)
        if newest is None or newest.id == ticket_id:
            return reply
        return reply.model_copy(update={"text": (
            f"{reply.text}; {newest.id} is open for the same conversation and its new posts go "
            f"there: `merge {ticket_id} into {newest.id}` keeps one ticket")})

    async def snooze(self, ticket_id: str, person: str,
                     duration: timedelta = SNOOZE_DEFAULT, *,
                     until: datetime | None = None, zone: str | None = None) -> Reply:
        """Snoozed for ``duration``, or ``until`` a moment (``snooze T-3 until monday 9am``,
        read by the caller on the workspace's clock); ``zone``, that clock's, where its end
        is said beside UTC."""
        now = self.clock()
        if until is None:
            if duration <= timedelta(0):  # the parser refuses it too; a button or modal may not
                return Reply.refused(f"a snooze needs a duration above zero: {SPANS}")
            if duration > MAX_AHEAD:  # as far as `snooze T-3 until <when>` goes
                return self.too_far(written(duration.total_seconds()), zone=zone)
            until = now + duration
        elif until <= now:
            return Reply.refused(f"{on_the_day(until, now)} has passed; give a later time")

        def change(t: Ticket) -> Ticket:
            if t.status == "resolved":
                raise Refusal(f"{t.id} is resolved; reopen it first")
            return t.model_copy(update={"snoozed_until": until})

        def rearm(fx: Effects, new: Ticket) -> None:
            # its end, said on the card when it comes (a new snooze moves it)
            fx.schedule(snooze_timer(ticket_id), until, json.dumps({"ticket": ticket_id}))
            # The later of the snooze's end and the step's own due time: a short snooze never
            # brings a step forward, and a chain that has ended stays ended.
            due = step_due(new) if new.status == "open" else None
            if due is not None:
                at = max(until, due)  # its payload says when (a late step says so)
                fx.schedule(esc_timer(ticket_id), at,
                            _step_payload(ticket_id, new.escalation_level, at))

        # A snooze past the SLA is allowed (the customer may have asked for it), but said out
        # loud: the reply and the card's thread both carry the warning.
        seen = await self.reads.get_ticket(ticket_id)

        def snoozed(clock: str | None) -> str:
            """What the snooze says on ``clock``: the snoozer's (the answer, the history),
            or each card's own (its thread's line)."""
            said = f"{_SNOOZED}{on_the_day(until, now)}{on_clock(until, clock)}"
            if seen is not None and seen.sla_due is not None and until > seen.sla_due \
                    and seen.status != "resolved":
                there = on_clock(seen.sla_due, clock).strip()[1:-1]  # "11:00 Europe/Berlin"
                sla = on_the_day(seen.sla_due, now) + (f", {there}" if there else "")
                said += (f", after the SLA ({sla}): the ticket will be overdue"
                         if seen.sla_due > now else
                         f"; its SLA passed at {sla}: the ticket is overdue")
            return said

        return await self._transition(ticket_id, person, snoozed(zone), change, then=rearm,
                                      note=lambda clock: f"{person} {snoozed(clock)}")

    def too_far(self, typed: str, *, zone: str | None) -> Reply:
        """A snooze for ``typed``, a span past ``MAX_AHEAD``, refused naming the latest end
        (on ``zone``'s clock too), as one until a time past it is (``bot.core.when``)."""
        return Reply.refused(f"{typed!r} is more than {MAX_AHEAD.days} days ahead; the latest "
                             f"is {shown_at(self.clock() + MAX_AHEAD, zone)}")

    async def unsnooze(self, ticket_id: str, person: str, *, zone: str | None = None) -> Reply:
        """``snooze T-3 off``: the snooze ends now, as if it had been set to end now
        (PagerDuty's snoozed incident coming back when its snooze ends): an open ticket's
        current escalation step is armed again at its own due time, or now when that has
        passed while it slept, so the step the snooze held back fires at once and one not yet
        due keeps its time. A history entry (``unsnoozed``, until when it was), an audit row
        and one card update with its thread line; the reply says when the step comes."""
        now = self.clock()

        def change(t: Ticket) -> Ticket:
            if t.status == "resolved":
                raise Refusal(f"{t.id} is resolved, so it is not snoozed (a resolve ends a "
                              "snooze)")
            if t.snoozed_until is None or t.snoozed_until <= now:
                last = t.history[-1] if t.history else None
                if last is not None and last.action == UNSNOOZED and last.actor == person:
                    raise _Already(f"{t.id} is no longer snoozed")  # a double click, a retry
                raise Refusal(f"{t.id} is not snoozed{_ended(t, now, zone)}")
            return t.model_copy(update={"snoozed_until": None})

        def was(t: Ticket) -> str:
            until = t.snoozed_until
            return f"{_WAS}{on_the_day(until, now)}" if until is not None else ""

        def due(new: Ticket) -> datetime | None:
            return step_due(new) if new.status == "open" else None

        def rearm(fx: Effects, new: Ticket) -> None:
            if (at := due(new)) is not None:
                fx.schedule(esc_timer(ticket_id), max(now, at),
                            _step_payload(ticket_id, new.escalation_level, max(now, at)))

        def next_step(new: Ticket) -> str:
            at = due(new)
            if at is None or new.escalation is None:
                return ""
            step = f"step {new.escalation_level + 1} of {new.escalation.name}"
            return (f"; escalation {step} fires now" if at <= now else
                    f"; escalation {step} is due at {on_the_day(at, now)}"
                    f"{on_clock(at, zone)}")

        return await self._transition(ticket_id, person, UNSNOOZED, change, detail=was,
                                      then=rearm, said=next_step)

    async def note(self, ticket_id: str, person: str, text: str) -> Reply:
        """An internal note: a line of the ticket's history and of its card's thread, as typed
        (line breaks kept), audited. The ticket stays as it was: a note is no claim, so the
        escalation chain and the SLA run on; a resolved ticket takes notes too (what was done
        comes after)."""
        if is_blank(text):
            return Reply.refused(f"a note needs text: {VERBS['note'].usage}")
        return await self._transition(ticket_id, person, NOTED, lambda t: t,
                                      detail=text.strip())

    async def escalate(self, ticket_id: str, person: str, reason: str = "") -> Reply:
        """Escalate a ticket now (PagerDuty's and Grafana OnCall's Escalate): the step its
        timer would fire next, as the timer fires it (``_escalate``), with who asked and why; a
        snooze ends, and the step after it waits its ``after_minutes`` from now. A claimed
        ticket's claim is released in the same write (PagerDuty's escalate of an acknowledged
        incident: triggered again, for the next level), and the reply names who held it."""
        # a reason that draws nothing (a braille blank) is none, as resolve's note and
        # withdraw's reason are: "alice's claim released: " it read, then nothing
        reason = "" if is_blank(reason) else reason.strip()

        def refused(text: str) -> tuple[Reply, bool]:
            return Reply.refused(text), False

        # whose accounts the step's notice will find gone (a chat call, made before the
        # decision as the notice makes it; the workspace keeps the answer for that notice):
        # the reply says so as the notice will, never "notifies bob" of a bob left out
        before = await self.reads.get_ticket(ticket_id)
        gone, partly = await self._step_gone(before)
        dead, dead_partly = await self._step_dead_groups(before)

        async def decide() -> tuple[Effects, tuple[Reply, bool]]:
            fx = Effects()
            t = await self.reads.get_ticket(ticket_id)
            if t is None:
                return fx, refused(f"no ticket {ticket_id}")
            if t.status == "merged":
                return fx, refused(merged_away(t))
            policy, now = t.escalation, self.clock()
            if t.status == "resolved":
                return fx, refused(f"{t.id} is resolved; reopen it first")
            if policy is None:
                return fx, refused(
                    f"{t.id} has no escalation chain: its route {t.route} names none "
                    "(escalation: in the rules file)")
            last = next((e for e in reversed(t.history) if e.action.startswith(_ESCALATED)),
                        None)
            total = _steps_in_chain(policy)
            if last is not None and now - last.at < SAME_STEP:
                # the step someone (or the timer) took a moment ago is the one asked for
                return fx, (Reply.done(
                    f"{t.id} was escalated just now by {last.actor} (step "
                    f"{t.escalation_level} of {policy.name})" + (
                        ", the last step of its chain: there is nobody further to escalate to"
                        if t.escalation_level >= total else
                        f"; nothing more done: escalate it again from "
                        f"{_from(last.at + SAME_STEP, now=now)} to go one step further")),
                    False)
            if t.escalation_level >= total:
                return fx, refused(
                    f"{t.id} is at the last step of its escalation chain ({policy.name}, step "
                    f"{total} of {total}): there is nobody further to escalate to")
            took = _took(t)
            if t.status == "claimed" and t.claimer != person and took is not None \
                    and now - took.at < SAME_STEP:
                # a claim (or handoff) made a moment ago, which an escalate sent as it was made
                # never saw (decided again after its compare-and-set lost to that claim)
                return fx, refused(
                    f"{t.id} was claimed just now by {t.claimer}: not escalated, the claim "
                    f"kept; escalate it again from {_from(took.at + SAME_STEP, now=now)} to "
                    "release it and go one step further")
            new = await self._escalate(fx, t, actor=person, reason=reason)
            step = policy.steps[t.escalation_level % len(policy.steps)]
            who = [*step.notify_users, *(f"group {g}" for g in step.notify_groups)]
            on_call = None
            if step.schedule is not None:
                on_call = await self._on_call(step.schedule)
                if on_call in step.notify_users:  # one ping (fire_notice), named once
                    who[step.notify_users.index(on_call)] = (
                        f"{on_call} (on call in {step.schedule})")
                else:
                    who.append(f"{on_call} on call in {step.schedule}" if on_call
                               else f"nobody on call in {step.schedule}")
            # those the notice leaves out, as it says it (PagerDuty skips a user it cannot
            # notify): not "notified" here either
            who = [w for w in who if w.split(" ", 1)[0] not in gone
                   and not (w.startswith("group ") and w[6:] in dead)]
            skipped = "".join(
                "; " + not_pinged(p, gone[p], schedule=step.schedule if p == on_call else None)
                for p in gone) + "".join(
                "; " + group_not_pinged(g, why) for g, why in dead.items()
                if g in step.notify_groups) + "".join(
                "; " + not_pinged(p, why, schedule=step.schedule if p == on_call else None,
                                  where=ws) for p, (ws, why) in partly.items()) + "".join(
                "; " + group_not_pinged(g, why, where=ws)
                for g, (ws, why) in dead_partly.items() if g in step.notify_groups)
            # the last step said so, as its notice says it (Grafana's chains stop once "all
            # steps complete"): nobody is pinged again unless someone acts
            ended = (". " + chain_ended(policy.name, [t.id])
                     if new.escalation_level >= total else "")
            nobody = names_nobody(step, t.escalation_level, policy.name)
            return fx, (Reply.done(
                f"{t.id} escalated: step {new.escalation_level} of {policy.name}"
                + (f" (notifies {', '.join(who) or 'nobody'})" if who or skipped else
                   f" (notifies nobody: {nobody})" if nobody else "")
                + skipped + (f"; {_released(t)}" if t.status == "claimed" else "") + ended,
                public=True), True)

        reply, fired = await self.applier.run(decide, what=f"ticket {ticket_id}")
        if fired:
            self.metrics.inc("escalations_total")
        return reply

    async def set_priority(self, ticket_id: str, person: str, value: str) -> Reply:
        """``priority T-3 p1``: the ticket's priority changes from what it holds (its route's,
        or an earlier change's) to ``value``, with a history entry, an audit row
        (``ticket.priority``, from and to) and one card update with its thread line."""
        wanted = priority_of(value)
        if wanted is None and value.strip().lower() != NO_PRIORITY:
            return Reply.refused(f"{value.strip()[:40]!r} is not a priority: use "
                                 f"{PRIORITY_USAGE} (p1 the most urgent)")

        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            t = await self.reads.get_ticket(ticket_id)
            if t is None:
                return fx, Reply.refused(f"no ticket {ticket_id}")
            if t.status == "merged":
                return fx, Reply.refused(merged_away(t))
            if t.status == "resolved":
                return fx, Reply.refused(f"{t.id} is resolved; reopen it first")
            if t.priority == wanted:
                return fx, Reply.refused(f"{t.id} is {wanted} already" if wanted else
                                         f"{t.id} has no priority already")
            change = f"{_shown(t.priority)}{_ARROW}{_shown(wanted)}"
            new = self._next(t, person, PRIORITY, change, {"priority": wanted})
            fx.update(new, expected=t.version)
            fx.audit.append(self.audit.event(
                actor=person, action="ticket.priority", obj=new, before=t,
                object_type="ticket", object_id=t.id,
                detail=f"from {_shown(t.priority)} to {_shown(wanted)}"))
            self._refresh_cards(fx, new, await self.reads.get_signal(new.signal_id),
                                note=f"{person} changed the priority: {change}")
            now = f"is now {wanted}" if wanted else "has no priority now"
            return fx, Reply.done(f"{t.id} {now} (was {_shown(t.priority)})", public=True)

        return await self.applier.run(decide, what=f"ticket {ticket_id}")

    async def tag(self, ticket_id: str, person: str, words: Sequence[str]) -> Reply:
        """``tag T-3 billing vip -spam``: tags added, and taken away with a ``-`` (a social
        inbox's tags, Sprout Social's and Hootsuite's). Decided from the tags the ticket holds,
        so two people tagging at once, in two processes too, keep both (the later write is
        decided again from the first's tags): a history entry (``tagged``, ``+billing -spam``),
        an audit row (``ticket.tagged``) and one card update with its thread line. A resolved
        ticket takes tags too (they are for finding and counting it). What changes nothing
        (a tag it has, one it has not to take away) is left out of the change; a command that
        changes nothing at all is refused, saying why."""
        try:
            adds, drops = parse_tags(words)
        except Refusal as exc:
            return Reply.refused(exc.message)

        def delta(t: Ticket) -> tuple[list[str], list[str]]:
            return [w for w in adds if w not in t.tags], [w for w in drops if w in t.tags]

        def detail(t: Ticket) -> str:
            added, dropped = delta(t)
            return " ".join([*(f"+{w}" for w in added), *(f"-{w}" for w in dropped)])

        def change(t: Ticket) -> Ticket:
            added, dropped = delta(t)
            if not added and not dropped:
                raise Refusal(f"{t.id} {_unchanged(adds, drops)}: nothing changed")
            tags = tuple(sorted({*t.tags, *added} - set(dropped)))
            if len(tags) > MAX_TAGS:
                raise Refusal(
                    f"{t.id} would have {len(tags)} tags; a ticket keeps at most {MAX_TAGS}: "
                    f"take some away first (tag {t.id} -<tag>)")
            return t.model_copy(update={"tags": tags})

        def said(new: Ticket) -> str:
            now = f"tags: {', '.join(new.tags)}" if new.tags else "no tags now"
            return f": {new.history[-1].detail} ({now})"

        return await self._transition(ticket_id, person, TAGGED, change, detail=detail,
                                      said=said)

    async def merge(self, source_id: str, target_id: str, person: str) -> Reply:
        """``merge T-4 into T-3`` (PagerDuty's merge incidents, Zendesk's merge tickets): two
        tickets for one thing become one. In one write (a compare-and-set on both versions):
        T-4 is closed as merged into T-3 (status ``merged``, ``merged_into``), its escalation,
        SLA and snooze timers cancelled, its card edited once with a link to T-3's; T-3 gains
        T-4's posts (``mention_ids``), the tags it lacks (up to ``MAX_TAGS``, as an attach
        adds a route's) and the more urgent priority, each change a history entry of its own
        (``tagged``, ``priority``: what the team report reads back), its claim and snooze
        kept, its card edited once with one thread line. Both get a history entry and an audit
        row (``ticket.merged``). T-4's conversation keeps pointing at T-4, which the stores
        follow to T-3 (``find_open_ticket``), so a later post there attaches to T-3.

        Two merges of one pair in opposite directions at once: the later decision, made again
        from the first's tickets, finds its target merged and is refused; no cycle is
        written. A claim or resolve of either meanwhile makes the merge decide again."""
        if source_id == target_id:
            return Reply.refused(f"{source_id} cannot be merged into itself: name two tickets "
                                 f"({VERBS['merge'].usage})")
        seen = await self.reads.get_ticket(target_id)
        where: str | None = None
        if seen is not None and seen.channels:  # a workspace call has no place in a decision
            home = seen.channels[0]
            where = await where_is(await self.reads.message_ref(
                target_id, home.workspace, home.channel), self.link)

        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            s = await self.reads.get_ticket(source_id)
            t = await self.reads.get_ticket(target_id)
            if s is None or t is None:
                return fx, Reply.refused(f"no ticket {source_id if s is None else target_id}")
            if s.status == "merged":
                last = s.history[-1] if s.history else None
                if s.merged_into == t.id and last is not None and last.actor == person \
                        and last.action == f"{MERGED_INTO}{t.id}":
                    return fx, Reply.done(f"{s.id} is merged into {t.id} already", public=True)
                return fx, Reply.refused(f"{s.id} was merged into {s.merged_into} already")
            if t.status == "merged":
                if t.merged_into == s.id:  # the opposite merge, made first
                    return fx, Reply.refused(f"{t.id} was merged into {s.id}: they are one "
                                             "ticket already")
                return fx, Reply.refused(f"{t.id} was merged into {t.merged_into}: merge "
                                         f"{s.id} into {t.merged_into} instead")
            if t.status == "resolved":
                return fx, Reply.refused(f"{t.id} is resolved: reopen {t.id} first, or merge "
                                         f"{s.id} into an open ticket")
            if s.status == "resolved":
                return fx, Reply.refused(f"{s.id} is resolved: reopen {s.id} first to merge "
                                         "it, or leave it resolved")
            new_s, new_t, said = await self._merged(fx, s, t, person, where=where)
            for new, old in ((new_s, s), (new_t, t)):
                fx.update(new, expected=old.version)
            return fx, Reply.done(f"{s.id} merged into {t.id}{said}", public=True)

        return await self.applier.run(decide, what=f"merge of {source_id} into {target_id}")

    async def _merged(self, fx: Effects, s: Ticket, t: Ticket, person: str, *,
                where: str | None) -> tuple[Ticket, Ticket, str]:
        """What ``merge`` writes besides the two updates: audit rows, cards, timers; the two
        tickets and what the reply adds."""
        now = self.clock()
        posts = [m for m in s.mention_ids if m not in t.mention_ids]
        notes = carried_notes(s)
        n = f"{len(s.mention_ids)} post{'s' if len(s.mention_ids) != 1 else ''}" + (
            f", {len(notes)} note{'s' if len(notes) != 1 else ''}" if notes else "")
        new_s = self._next(s, person, f"{MERGED_INTO}{t.id}", n, {
            "status": "merged", "merged_into": t.id, "snoozed_until": None})
        new_t = self._next(t, person, f"{MERGED} {s.id}", n, {
            "mention_ids": (*t.mention_ids, *posts), "merged": (*t.merged, s.id)},
            base=t.model_copy(update={"history": tuple(heapq.merge(
                t.history, notes, key=lambda e: e.at))}) if notes else None)
        bits: list[str] = []
        room = max(0, MAX_TAGS - len(t.tags))
        fresh = [g for g in s.tags if g not in t.tags]
        added, left = fresh[:room], fresh[room:]
        if added:
            change = " ".join(f"+{g}" for g in added)
            new_t = new_t.model_copy(update={
                "tags": tuple(sorted({*t.tags, *added})),
                "history": (*new_t.history, HistoryEntry(at=now, actor=person, action=TAGGED,
                                                         detail=change))})
            bits.append(f"{TAGGED} {change}")
            fx.audit.append(self.audit.event(
                actor=person, action=f"ticket.{TAGGED}", obj=new_t, before=t,
                object_type="ticket", object_id=t.id, detail=f"{change} (merged {s.id})"))
        if left:
            bits.append(f"{', '.join(left)} not added: a ticket keeps at most {MAX_TAGS} tags")
        if _rank(s.priority) < _rank(t.priority):
            change = f"{_shown(t.priority)}{_ARROW}{_shown(s.priority)}"
            new_t = new_t.model_copy(update={
                "priority": s.priority,
                "history": (*new_t.history, HistoryEntry(at=now, actor=person, action=PRIORITY,
                                                         detail=change))})
            bits.append(f"priority {change}")
            fx.audit.append(self.audit.event(
                actor=person, action="ticket.priority", obj=new_t, before=t,
                object_type="ticket", object_id=t.id,
                detail=f"from {_shown(t.priority)} to {_shown(s.priority)} (merged {s.id})"))
        fx.audit.append(self.audit.event(
            actor=person, action="ticket.merged", obj=new_s, before=s, object_type="ticket",
            object_id=s.id, detail=f"into {t.id}, {n}"))
        fx.audit.append(self.audit.event(
            actor=person, action="ticket.merged", obj=new_t, before=t, object_type="ticket",
            object_id=t.id, detail=f"{s.id} into it, {n}"))
        for timer in (esc_timer(s.id), sla_timer(s.id), snooze_timer(s.id), claim_timer(s.id)):
            fx.cancel(timer)
        also = f", {'; '.join(bits)}" if bits else ""
        self._refresh_cards(fx, new_s, await self.reads.get_signal(new_s.signal_id),
                            note=f"{person} merged {s.id} into {t.id}"
                            + (f": {where}" if where else ""))
        self._refresh_cards(fx, new_t, await self.reads.get_signal(new_t.signal_id),
                            note=f"{person} merged {s.id} ({n}){also}")
        return new_s, new_t, f" ({n}{also})"

    async def _transition(self, ticket_id: str, actor: str,
                          action: str | Callable[[Ticket], str], change: Change, *,
                          detail: str | Callable[[Ticket], str] = "",
                          pings: tuple[str, ...] = (),
                          said: Callable[[Ticket], str] | None = None,
                          then: Callable[[Effects, Ticket], None] | None = None,
                          note: Callable[[str | None], str] | None = None) -> Reply:
        """``action``, ``detail``: the history's, or what they are from the ticket as stored;
        ``pings``: the people the card's thread line notifies; ``said``: what the reply adds,
        from the changed ticket; ``note``: the thread line on each card's clock, where the
        action says a time on the actor's."""
        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            current = await self.reads.get_ticket(ticket_id)
            if current is None:
                return fx, Reply.refused(f"no ticket {ticket_id}")
            if current.status == "merged":
                return fx, Reply.refused(merged_away(current))
            act = action(current) if callable(action) else action
            written = detail(current) if callable(detail) else detail
            try:
                changed = change(current)
            except _Already as exc:  # done as asked already, by this person: nothing to write
                return fx, Reply.done(exc.message, public=True)
            except Refusal as exc:
                return fx, Reply.refused(exc.message)
            new = took_with_timeout(
                current, self._next(changed, actor, act, written, {}, base=current),
                self.claim_timeouts,
                route_chains=self._route_chains())
            fx.update(new, expected=current.version)
            fx.audit.append(self.audit.event(
                actor=actor, action=f"ticket.{act.split(maxsplit=1)[0]}", obj=new,
                before=current, object_type="ticket", object_id=ticket_id,
                detail=written or act))
            signal = await self.reads.get_signal(new.signal_id)
            self._refresh_cards(fx, new, signal,
                                note=note or (f"{actor} {act}"
                                              + (f": {written}" if written else "")),
                                pings=pings)
            if current.snoozed_until is not None and new.snoozed_until is None:
                fx.cancel(snooze_timer(ticket_id))  # ended here: its timer has nothing to end
            if then is not None:
                then(fx, new)
            if (current.status, current.claimer, current.snoozed_until, _took(current)) != (
                    new.status, new.claimer, new.snoozed_until, _took(new)):
                self._arm_claim(fx, new)  # a new claim, an unclaim, a snooze, a resolve
            return fx, Reply.done(f"{ticket_id} {act}" + (said(new) if said else ""),
                                  public=True)

        return await self.applier.run(decide, what=f"ticket {ticket_id}")

    def _next(self, changed: Ticket, actor: str, action: str, detail: str,
              update: dict[str, object], *, base: Ticket | None = None) -> Ticket:
        base = base or changed
        entry = HistoryEntry(at=self.clock(), actor=actor, action=action, detail=detail)
        return changed.model_copy(update={**update, "version": base.version + 1,
                                          "history": (*base.history, entry)})

    def _refresh_cards(self, fx: Effects, ticket: Ticket, signal: Signal | None, *,
                       note: str | Callable[[str | None], str],
                       pings: tuple[str, ...] = ()) -> None:
        """``note``: the thread line, or one made for each card's workspace's clock (a time
        the bot chose, said there beside UTC as the card says its times)."""
        for ch in ticket.channels:
            zone = self.zones.get(ch.workspace)
            card = ticket_card(ticket, signal, zone=zone).model_copy(update={
                "thread_note": note(zone) if callable(note) else note,
                "thread_mention_users": pings})
            fx.send(OutboxItem.new(key=f"{ticket.id}@{ch.channel}#{ticket.version}",
                                   workspace=ch.workspace, channel=ch.channel, card=card,
                                   now=self.clock(), update=True))

    # -- escalation --------------------------------------------------------------------------

    def _schedule_step(self, fx: Effects, ticket: Ticket, step: int, *,
                       base: datetime | None = None) -> None:
        policy = ticket.escalation
        if policy is None or step >= _steps_in_chain(policy):
            return  # the chain has ended
        n = len(policy.steps)
        due = (base or ticket.created_at) + timedelta(minutes=policy.steps[step % n].after_minutes)
        fx.schedule(esc_timer(ticket.id), due, _step_payload(ticket.id, step, due))

    def _resume_escalation(self, fx: Effects, ticket: Ticket) -> None:
        """A ticket open again (unclaimed, reopened): claim and resolve cancelled its chain, so
        its current step runs again, counted from now as a new ticket's first step is."""
        if ticket.status == "open":
            self._schedule_step(fx, ticket, ticket.escalation_level, base=self.clock())

    async def fire_escalation(self, timer: DueTimer) -> None:
        """Run one escalation step (its timer is due); every path completes the timer."""
        data = json.loads(timer.payload)
        ticket_id, step = str(data["ticket"]), int(data["step"])
        due = _due_of(data)  # None: armed by a release before, or no number

        async def decide() -> tuple[Effects, bool]:
            fx = Effects()
            fx.complete(timer.id, timer.token)
            ticket = await self.reads.get_ticket(ticket_id)
            if ticket is None or ticket.escalation is None or ticket.status != "open":
                return fx, False  # claimed or resolved: the chain stops
            now = self.clock()
            if ticket.snoozed_until is not None and ticket.snoozed_until > now:
                fx.schedule(timer.id, ticket.snoozed_until,
                            _step_payload(ticket_id, step, ticket.snoozed_until))
                return fx, False
            if ticket.snoozed_until is not None:
                # the snooze that held this step has ended, its timer not yet taken: said
                # first, in a write of its own; the step fires right after it, due when the
                # snooze ended (late only if no process ran then either)
                await self._end_snooze(fx, ticket)
                fx.cancel(snooze_timer(ticket_id))
                fx.schedule(timer.id, now, _step_payload(
                    ticket_id, step, now if due is None else max(due, ticket.snoozed_until)))
                return fx, False
            if ticket.escalation_level != step:
                return fx, False  # this step already fired (or a later one did)
            policy = ticket.escalation
            if step >= _steps_in_chain(policy):
                return fx, False  # past the chain's end (a timer armed by an older version)
            late = due if due is not None and self._late(due, now) else None
            await self._escalate(fx, ticket, late=late)
            return fx, True

        if await self.applier.run(decide, what=f"escalation of {ticket_id}"):
            self.metrics.inc("escalations_total")

    # -- a claim's timeout (its chain's ``claim_timeout``) ----------------------------------

    def _claim_due(self, t: Ticket) -> tuple[HistoryEntry, datetime, timedelta] | None:
        return claim_due(t, self.claim_timeouts, route_chains=self._route_chains())

    def _route_chains(self) -> Mapping[str, str] | None:
        """Each route's chain as the rules name it now (a reload applies at once)."""
        return self.route_chains() if self.route_chains is not None else None

    def _askable(self, t: Ticket) -> list[ChannelRef]:
        """The ticket's channels, one a workspace, where the chat can say whether its
        claimer's account is gone (a chat workspace they have an account in)."""
        if self.left is None or t.claimer is None:
            return []
        return [ref for ref in {ch.workspace: ch for ch in t.channels}.values()
                if ref.workspace not in self.directory.consoles
                and self.directory.user_of(ref.workspace, t.claimer) is not None]

    def _arm_claim(self, fx: Effects, t: Ticket, *, once: bool = False) -> None:
        """The claim's timer at its timeout, or sooner, at the next look at whether its
        claimer's account is gone; cancelled for a ticket nobody holds (or no timeout)."""
        found = self._claim_due(t)
        if found is None:
            if not once:
                fx.cancel(claim_timer(t.id))
            return
        _, due, _ = found
        at = min(due, self.clock() + CLAIMER_LOOK) if self._askable(t) else due
        fx.schedule(claim_timer(t.id), at, json.dumps({"ticket": t.id}), once=once)

    def arm_claim_timeouts(self, tickets: Iterable[Ticket], fx: Effects) -> None:
        """At start: the timeout of each claim held without its timer (taken before its chain
        had a ``claim_timeout``, or by a release before), where it is missing only."""
        for t in tickets:
            self._arm_claim(fx, t, once=True)

    async def _claimer_gone(self, t: Ticket) -> str | None:
        """Why the ticket's claimer can no longer be reached (their chat account is gone in
        every workspace of its cards the chat answers for), or None: still here, or the chat
        cannot say."""
        places = self._askable(t)
        assert t.claimer is not None or not places
        whys = []
        for ref in places:
            why = (await self._gone(ref.workspace, ref.channel, [t.claimer or ""])).get(
                t.claimer or "")
            if why is None:
                return None
            whys.append(why)
        return "; ".join(dict.fromkeys(whys)) or None

    async def fire_claim_timeout(self, timer: DueTimer) -> None:
        """A claim's timer came (PagerDuty's acknowledgement timeout): a claim held past its
        chain's ``claim_timeout``, or by someone whose chat account has gone, is released and
        the chain starts again from its first step, which fires now (``_escalate``: the
        history, audit row, thread line and notice say whose claim it was and since when), in
        one write with the timer's completion, so once whichever process takes it. A claim
        still within its time is looked at again later (``_arm_claim``); one ended
        meanwhile leaves nothing to do."""
        ticket_id = str(json.loads(timer.payload)["ticket"])
        seen = await self.reads.get_ticket(ticket_id)
        # the chat is asked before the decision, as a notice asks it
        found = self._claim_due(seen) if seen is not None else None
        gone = (seen.claimer, await self._claimer_gone(seen)) \
            if seen is not None and found is not None and found[1] > self.clock() else None

        async def decide() -> tuple[Effects, bool]:
            fx = Effects()
            fx.complete(timer.id, timer.token)
            t = await self.reads.get_ticket(ticket_id)
            held = self._claim_due(t) if t is not None else None
            if t is None or held is None or t.escalation is None:
                return fx, False  # unclaimed, resolved, merged: nothing held
            took, due, timeout = held
            now = self.clock()
            why = gone[1] if gone is not None and gone[0] == t.claimer else None
            if t.snoozed_until is not None and t.snoozed_until <= now:
                # its snooze ran out, its own timer not yet taken: said first, in a write of
                # its own, as a held step's timer does; looked at again right after it
                await self._end_snooze(fx, t)
                fx.cancel(snooze_timer(ticket_id))
                fx.schedule(timer.id, now, timer.payload)
                return fx, False
            if due > now and why is None:
                self._arm_claim(fx, t)  # within its time: the next look, or its timeout
                return fx, False
            since = f"claimed at {on_the_day(took.at, now)}"
            if why is not None:
                reason = (f"{since}; {why} ({t.claimer} is still under people: in "
                          "socialops.yaml)")
            else:
                chain = claim_chain(t, self._route_chains())
                reason = (f"{since} and unresolved past {chain}'s claim timeout "
                          f"of {span(int(timeout.total_seconds() // 60))}")
                if self._late(due, now):
                    reason += ", " + late_step(due, now, store=self.down_at is not None
                                               and self.down_at(due) == "store")
            if t.snoozed_until is not None:  # a gone claimer's snooze waits for nobody
                fx.cancel(snooze_timer(ticket_id))
            # the chain again from its first step (one run to its end too)
            again = t.model_copy(update={"escalation_level": 0, "snoozed_until": None})
            await self._escalate(fx, again, reason=reason, stored=t)
            return fx, True

        if await self.applier.run(decide, what=f"claim of {ticket_id}"):
            self.metrics.inc("escalations_total")

    def arm_snooze_ends(self, tickets: Iterable[Ticket], fx: Effects) -> None:
        """At start: the end of each snooze stored without its timer (snoozed by a release
        before the timer existed: nothing else ends a claimed ticket's, or an open one's with
        no step left to fire), armed where it is missing only (``once``), so a timer armed
        since, or by another process starting, is left as it is."""
        for t in tickets:
            if t.snoozed_until is not None and not t.closed:
                fx.schedule(snooze_timer(t.id), t.snoozed_until, json.dumps({"ticket": t.id}),
                            once=True)

    async def fire_snooze(self, timer: DueTimer) -> None:
        """A snooze's end came (PagerDuty's snoozed incident coming back): the ticket is no
        longer snoozed, and its cards and history say so, once. A snooze ended otherwise
        meanwhile (or a resolved ticket) leaves nothing to do; one moved later arms the timer
        again for its new end. The step it held back is its own timer's (``fire_escalation``)."""
        ticket_id = str(json.loads(timer.payload)["ticket"])

        async def decide() -> tuple[Effects, None]:
            fx = Effects()
            fx.complete(timer.id, timer.token)
            ticket = await self.reads.get_ticket(ticket_id)
            if ticket is None or ticket.snoozed_until is None or ticket.closed:
                return fx, None
            if ticket.snoozed_until > self.clock():  # a later snooze (or a clock moved back)
                fx.schedule(timer.id, ticket.snoozed_until, timer.payload)
                return fx, None
            await self._end_snooze(fx, ticket)
            return fx, None

        await self.applier.run(decide, what=f"snooze of {ticket_id}")

    async def _end_snooze(self, fx: Effects, ticket: Ticket) -> Ticket:
        """The ticket's snooze has run out: cleared, with a history entry (``snooze ended``,
        until when it was), an audit row and its cards' update with that thread line."""
        assert ticket.snoozed_until is not None
        detail = f"{_WAS}{on_the_day(ticket.snoozed_until, self.clock())}"
        new = self._next(ticket, "socialops", SNOOZE_ENDED, detail, {"snoozed_until": None})
        fx.update(new, expected=ticket.version)
        fx.audit.append(self.audit.event(actor="socialops", action="ticket.snooze_ended",
                                         obj=new, before=ticket, object_type="ticket",
                                         object_id=ticket.id, detail=detail))
        until = ticket.snoozed_until
        self._refresh_cards(fx, new, await self.reads.get_signal(new.signal_id),
                            note=lambda zone: f"{SNOOZE_ENDED}: {detail}{on_clock(until, zone)}")
        return new

    def _late(self, due: datetime, now: datetime) -> bool:
        """A step due at ``due`` fires late at ``now``: no bot process ran at ``due``, and more
        than ``LATE_STEP`` has passed since (a step of a timer loop running is on time)."""
        return now - due > LATE_STEP and self.down_at is not None and bool(self.down_at(due))

    async def _escalate(self, fx: Effects, ticket: Ticket, *, actor: str = "socialops",
                        reason: str = "", late: datetime | None = None,
                        stored: Ticket | None = None) -> Ticket:
        """Fire the ticket's current step now, its timer's way or a person's (``actor``, with
        ``reason``): the level moves on, with a history entry, an audit row, the ticket in its
        notice buffers, its cards' thread line and the next step's timer counted from now, all
        in ``fx``: one write, so a crash leaves the step and its notice both or neither. A
        claimed ticket (by hand, or by its claim's timeout, ``fire_claim_timeout``: no step's
        timer fires on one) is open again in that write, and the history, audit row and thread
        line say whose claim went; ``stored``: the ticket as stored, where ``ticket`` was
        changed before (the timeout's, back at step 1), for the audit row's before."""
        policy = ticket.escalation
        assert policy is not None
        step, now = ticket.escalation_level, self.clock()
        what = f"step {step + 1} of {policy.name}"
        by_hand = actor != "socialops"
        update: dict[str, object] = {"escalation_level": step + 1}
        if by_hand and ticket.snoozed_until is not None:
            update["snoozed_until"] = None  # escalating is the opposite of waiting
            fx.cancel(snooze_timer(ticket.id))
        released = ""
        if ticket.status == "claimed":
            update.update(status="open", claimer=None)
            released = _released(ticket)
            fx.cancel(claim_timer(ticket.id))
        because = f": {reason}" if reason else ""
        if late is not None and not by_hand:  # said in its history, thread line and notice
            reason = late_step(late, now, store=self.down_at is not None
                               and self.down_at(late) == "store")
            because = f", {reason}"
        new = self._next(ticket, actor, f"{ESCALATED_STEP}{step + 1})",
                         f"{released}{because}" if released else reason, update)
        fx.update(new, expected=ticket.version)
        fx.audit.append(self.audit.event(
            actor=actor, action="ticket.escalate", obj=new, before=stored or ticket,
            object_type="ticket", object_id=ticket.id,
            detail=what + (", by hand" if by_hand else "")
            + (f", {released}" if released else "") + because))
        self._notify_step(fx, new, policy.steps[step % len(policy.steps)], step)
        self._refresh_cards(fx, new, await self.reads.get_signal(new.signal_id),
                            note=(f"{actor} " if by_hand else "") + f"escalated: {what}"
                            + (f", {released}" if released else "") + because)
        if step + 1 < _steps_in_chain(policy):
            self._schedule_step(fx, new, step + 1, base=now)
        else:  # the chain has ended: a step armed before this one must not fire
            fx.cancel(esc_timer(ticket.id))
        return new

    def _notify_step(self, fx: Effects, ticket: Ticket, s: EscalationStep, step: int) -> None:
        """Add the ticket to the notice buffer of each channel the step speaks in; the first
        one in a buffer arms its notice timer (``fire_notice``)."""
        policy = ticket.escalation
        assert policy is not None
        due = self.clock() + timedelta(seconds=policy.batch_seconds)
        for ref in self._notice_targets(ticket, s):
            group = f"{ref.workspace}|{ref.channel}|{policy.name}|{step}"
            fx.group_add.append((K.escalated(group), ticket.id))
            # the schedule's name, not whom it has on call now: the notice asks when it is
            # sent, and this payload stays the timer's while later steps join it (re-armed)
            fx.schedule(K.timer(K.ESCALATION_NOTICE, group), due, json.dumps({
                "group": group, "workspace": ref.workspace, "channel": ref.channel,
                "policy": policy.name, "step": step, "users": list(s.notify_users),
                "schedule": s.schedule, "groups": list(s.notify_groups),
                "wait": policy.batch_seconds}), once=True)

    def _notice_targets(self, ticket: Ticket, s: EscalationStep) -> list[ChannelRef]:
        """The channels step ``s``'s notice goes to: each of the ticket's, and the step's
        own ``channel``."""
        targets: list[ChannelRef] = list(ticket.channels)
        if s.channel and s.channel in self.channels:
            ch = self.channels[s.channel]
            targets.append(ChannelRef(workspace=ch.workspace, channel=ch.id))
        return list(dict.fromkeys(targets))

    async def _on_call(self, name: str | None) -> str | None:
        """Whom the on-call schedule ``name`` has on call now, as the running config declares
        it (a ticket's step keeps only its name) with the overrides made in chat as the store
        holds them now; None without one, or when nobody is on call."""
        if name is None:
            return None
        schedule = self.schedules.get(name)
        if schedule is None:  # declared when the ticket opened, taken out of the config since
            log.warning("escalation step names schedule %r, which the config no longer "
                        "declares: nobody on call pinged", name)
            return None
        schedule = (await live({name: schedule}, self.overrides))[name]
        return schedule.person_at(self.clock())

    async def _gone(self, workspace: str, channel: str,
                    people: Iterable[str]) -> dict[str, str]:
        """Person id: why their account in ``workspace`` can no longer be pinged, for those of
        ``people`` the chat says so of (``left``); a chat that cannot say leaves them pinged."""
        out: dict[str, str] = {}
        if self.left is None or workspace in self.directory.consoles:
            return out
        for person in dict.fromkeys(people):
            uid = self.directory.user_of(workspace, person)
            why = await self.left(workspace, channel, uid) if uid is not None else None
            if why is not None:
                out[person] = why
        return out

    async def _dead_groups(self, workspace: str, channel: str,
                           groups: Iterable[str]) -> dict[str, str]:
        """Group name: why a ping of the platform group the config maps it to in
        ``workspace`` notifies nobody (``group_left``), for those of ``groups`` the chat says
        so of; a group pinged as its members, or a chat that cannot say, is left pinged."""
        out: dict[str, str] = {}
        if self.group_left is None or workspace in self.directory.consoles:
            return out
        for name in dict.fromkeys(groups):
            platform = self.directory.groups.get(name, {}).get(workspace)
            why = await self.group_left(workspace, channel, platform) if platform else None
            if why is not None:
                out[name] = why
        return out

    async def _step_dead_groups(self, t: Ticket | None
                                ) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
        """``_dead_groups`` for the groups the step ``t`` fires next pings, asked in each
        workspace its notices go to (``_notice_targets``), as each notice asks it, split as
        ``_step_gone``'s: (group: why, for those every notice leaves out; group: (workspace,
        why), for those only some leave out). Asked of the home workspace alone, a Slack user
        group disabled was "notified" with a Discord card, and a Discord role deleted "not
        pinged" while the Slack notice pinged the group."""
        if t is None or t.escalation is None or not t.channels or t.status == "resolved":
            return {}, {}
        step = t.escalation.steps[t.escalation_level % len(t.escalation.steps)]
        places = {r.workspace: r for r in self._notice_targets(t, step)
                  if r.workspace not in self.directory.consoles}
        return _everywhere_or_partly([
            (ref.workspace, await self._dead_groups(ref.workspace, ref.channel,
                                                    step.notify_groups))
            for ref in places.values()])

    async def _step_gone(self, t: Ticket | None
                         ) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
        """``_gone`` for the people the step ``t`` fires next pings, asked in each workspace
        its notices go to (``_notice_targets``), as each notice asks it: (person: why, for
        those every notice leaves out; person: (workspace, why), for those only some leave
        out, the others pinging them). A reply that asked the home workspace alone named a
        person pinged elsewhere as not pinged, and one left out elsewhere as notified."""
        if t is None or t.escalation is None or not t.channels or t.status == "resolved":
            return {}, {}
        step = t.escalation.steps[t.escalation_level % len(t.escalation.steps)]
        on_call = await self._on_call(step.schedule)
        places = {r.workspace: r for r in self._notice_targets(t, step)
                  if r.workspace not in self.directory.consoles}
        found: list[tuple[str, dict[str, str]]] = []
        for ref in places.values():
            members = [self.directory.members_of(ref.workspace, g) or ()
                       for g in step.notify_groups]
            found.append((ref.workspace, await self._gone(ref.workspace, ref.channel, [
                *step.notify_users, *filter(None, [on_call]),
                *(p for ids in members for p in ids)])))
        return _everywhere_or_partly(found)

    async def fire_notice(self, timer: DueTimer) -> None:
        """One notice for the escalation steps buffered in a channel: every ticket still
        unclaimed, with a link to its card. The timer is armed again (it fires once more and
        finds nothing) so a ticket added while this ran is never left without one."""
        data = json.loads(timer.payload)
        buffer = K.escalated(str(data["group"]))
        workspace, channel, step = str(data["workspace"]), str(data["channel"]), int(data["step"])
        waiting = await self.reads.group_items(buffer)
        links: dict[str, str | None] = {}
        # who of those the notice would ping has left the workspace since (a chat call, made
        # before the decision as the links are): left out of the pings, and said. A group
        # the config maps to no platform group here is pinged member by member
        members = {g: self.directory.members_of(workspace, g) for g in data["groups"]}
        gone = await self._gone(workspace, channel, [
            *data["users"], *filter(None, [await self._on_call(data.get("schedule"))]),
            *(p for ids in members.values() for p in ids or ())]) if waiting else {}
        # a platform group that pings nobody (disabled, emptied, deleted): left out, and said
        dead = await self._dead_groups(workspace, channel, data["groups"]) if waiting else {}
        for tid in waiting:  # links first: a workspace call has no place inside a decision
            t = await self.reads.get_ticket(tid)
            home = t.channels[0] if t is not None and t.channels else None
            ref = (await self.reads.message_ref(tid, home.workspace, home.channel)
                   if home is not None else None)
            links[tid] = await where_is(ref, self.link)

        async def decide() -> tuple[Effects, int]:
            fx = Effects()
            ids = await take_buffer(
                fx, timer, reads=self.reads, buffer=buffer,
                again=lambda: self.clock() + timedelta(seconds=max(int(data["wait"]), 1)))
            if not ids:
                return fx, 0
            tickets = [t for t in [await self.reads.get_ticket(i) for i in ids]
                       if t is not None and t.status == "open"]
            if not tickets:
                return fx, 0  # all claimed or resolved meanwhile: nobody needs nagging
            now = self.clock()

            # who is on call as the notice goes out; a timer armed by an earlier release
            # names no schedule and has them in users
            on_call = await self._on_call(data.get("schedule"))

            def line(t: Ticket) -> str:
                where = links.get(t.id)
                back = put_back_by(t)  # declined: said, so the channel knows (and who)
                who = (f"{on_call}, on call in {data['schedule']}," if back and
                       back[0] == on_call else back[0] if back else "")
                said = f" {who} put {t.id} back at {on_the_day(back[1], now)}." if back else ""
                if (late := late_said(t, step)) is not None:
                    said += f" Step {step + 1} of {data['policy']} was {late}."
                if (timed_out := claim_released(t)) is not None:
                    said += f" {timed_out}."
                return (f"{t.id} has been {unclaimed_for(t, now)}.{said}"
                        + (f" Card: {where}" if where else ""))

            # one key per firing: a step run again (the last one, after a reopen or an
            # unclaim of a ticket whose chain had ended) is a new notice, not a retry of the
            # first, which the outbox would take it for and post nothing
            first = next((t for t in tickets if t.id == ids[0]), None)
            fired = sum(1 for e in first.history if e.action.startswith(_ESCALATED)) \
                if first is not None else 0
            key = f"escnote:{data['group']}:{ids[0]}" + (
                f":{fired}" if fired > step + 1 else "")
            # the closing lines, said after the list whatever its length (the list is cut to
            # leave them room: a renderer cuts a text too long for it from the end)
            closing = ""
            schedule = data.get("schedule")
            if on_call is None and schedule in self.schedules:
                # said, as `escalate`'s reply says it: a notice pinging nobody read as paged
                alone = not data["users"] and not data["groups"]
                closing += (f"\nNobody is on call in {schedule} now"
                            + (", so nobody was pinged for it" if alone else "")
                            + f" (`oncall {schedule}` says when someone is).")
            # a step naming nobody (no people, groups, schedule or channel) pinged nobody:
            # said, not read as paged (PagerDuty refuses a rule with no target)
            chain = tickets[0].escalation
            nobody = names_nobody(chain.steps[step % len(chain.steps)], step,
                                  str(data["policy"])) if chain and chain.steps else None
            if nobody is not None:
                closing += f"\nNobody was pinged: {nobody}."
            # a chain run out says so: nobody is pinged again (Grafana's chains run until
            # acknowledged, resolved "or all steps complete"; PagerDuty's repeats end too)
            ended = [t.id for t in tickets if t.escalation is not None
                     and step + 1 >= _steps_in_chain(t.escalation)]
            if ended:
                closing += "\n" + chain_ended(str(data["policy"]), ended)
            # what comes next unless someone claims (PagerDuty's and Grafana's notices say the
            # next level and when): the person pinged learns whether, and when, others are
            closing += next_in_notice(tickets, step, now, zone=self.zones.get(workspace))
            # a group one of whose members has gone is pinged as its other members
            groups = [g for g in data["groups"] if not set(members.get(g) or ()) & set(gone)
                      and g not in dead]
            for g, why in dead.items():
                closing += "\n" + group_not_pinged(g, why, past=True) + "."
            pinged = [*data["users"], *filter(None, [on_call]),
                      *(p for g in data["groups"] if g not in groups for p in members[g] or ())]
            users = tuple(p for p in dict.fromkeys(pinged) if p not in gone)
            for person in dict.fromkeys(pinged):
                if person not in gone:
                    continue
                # PagerDuty skips a user it cannot notify, and says so
                closing += "\n" + not_pinged(person, gone[person], schedule=(
                    schedule if person == on_call else None), past=True) + "."
            if on_call is not None and workspace not in self.directory.consoles \
                    and self.directory.user_of(workspace, on_call) is None:
                # said, not a ping silently left out (an override given to someone unlinked)
                closing += (f"\n{on_call}, on call in {data['schedule']}, has no account in "
                            "this workspace to ping: add one under their identities: in "
                            "socialops.yaml, or have them type `link <their email>` here.")
            if len(tickets) == 1:
                title, text = f"Escalation: {tickets[0].id}", line(tickets[0])
            else:
                title = (f"Escalation: {len(tickets)} tickets unclaimed "
                         f"(step {step + 1} of {data['policy']})")
                text = _listed([f"• {line(t)}" for t in tickets],
                               NOTICE_TEXT - utf16_len(closing))
            text += closing
            card = notice_card(key, title, text, mention_users=users,
                               mention_groups=tuple(groups),
                               claims=tuple(t.id for t in tickets))
            fx.send(OutboxItem.new(key=f"{key}@{channel}", workspace=workspace, channel=channel,
                                   card=card, now=now))
            return fx, len(tickets)

        await self.applier.run(decide, what="escalation notice")

    # -- SLA -----------------------------------------------------------------------------------

    def _schedule_sla(self, fx: Effects, ticket: Ticket) -> None:
        if ticket.sla_due is not None and not ticket.overdue and not ticket.closed:
            fx.schedule(sla_timer(ticket.id), ticket.sla_due, json.dumps({"ticket": ticket.id}),
                        once=True)

    async def fire_sla(self, timer: DueTimer) -> None:
        """The SLA due time came: an unresolved ticket is marked overdue, once."""
        ticket_id = str(json.loads(timer.payload)["ticket"])

        async def decide() -> tuple[Effects, bool]:
            fx = Effects()
            fx.complete(timer.id, timer.token)
            ticket = await self.reads.get_ticket(ticket_id)
            if (ticket is None or ticket.sla_due is None or ticket.overdue
                    or ticket.closed):
                return fx, False
            if ticket.sla_due > self.clock():  # not yet (a clock that moved back)
                fx.schedule(timer.id, ticket.sla_due, timer.payload)
                return fx, False
            detail = f"SLA passed at {on_the_day(ticket.sla_due, self.clock())}"
            new = self._next(ticket, "socialops", "overdue", detail, {"overdue": True})
            fx.update(new, expected=ticket.version)
            fx.audit.append(self.audit.event(actor="socialops", action="ticket.overdue",
                                             obj=new, before=ticket, object_type="ticket",
                                             object_id=ticket_id, detail=detail))
            due = ticket.sla_due
            self._refresh_cards(fx, new, await self.reads.get_signal(new.signal_id),
                                note=lambda zone: f"{detail}{on_clock(due, zone)}: "
                                                  f"{ticket_id} is overdue")
            return fx, True

        if await self.applier.run(decide, what=f"SLA of {ticket_id}"):
            self.metrics.inc("tickets_overdue_total")
