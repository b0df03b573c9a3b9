"""The planner: ``drafts [pending|approved|failed|scheduled|mine] [network]`` lists the
outgoing posts that are not published yet, in the order they go out (Hootsuite's Planner,
Sprout Social's Publishing Calendar), and ``socialops drafts`` prints the same list.

A row is a draft still waiting for approval, an approved one waiting for its time or being
published, or one whose publishing failed in the last ``FAILED_DAYS`` days (it never goes out
by itself: it is listed so that someone drafts it again). Published, rejected and expired
drafts are not; neither is a pending draft past its expiry that the expiry timer has not
marked yet (a decision on it would be refused). Each row gives the id and a link to its card,
the state (pending at step N of M, approved and waiting for its time, publishing, failed),
the network and account, when it publishes (on the asking workspace's clock beside UTC, as
cards and answers show times: ``bot.core.when.shown_at``) or "as soon as approved", when a
pending draft expires, its author and the first ``EXCERPT`` characters of its text on one
line. The text is the draft's own, hostile as any social text: it reaches the platform as
every answer's text does (plain text on Slack, escaped markdown and no pings on Discord).

Order: drafts with a time first, by that time (an approved one without a time is due now);
then the others, oldest first; failed ones last. The list is bounded: ``PAGE`` rows, fewer
when the platform's message (``Fit``) holds fewer, the rest counted (``… and N more``).

Filters: a state, ``pending`` (waiting for approval), ``approved`` (approved, waiting for its
time or being published) or ``failed`` (publishing failed in the last ``FAILED_DAYS`` days),
as Hootsuite's Planner filters by approval state; two states are either (``pending failed``).
The others narrow whatever the states give: ``scheduled`` (given a time; a failed draft only
when ``failed`` is asked), ``mine`` (drafted by the asker) and a network's name. Reads go
through the store's status index (``Store.list_approvals(status=...)``) for the states asked
(the four listed, by default), never every approval ever stored; links are one point read
per row shown.

The chat verb's usage (``bot.core.verbs``), also the Discord subcommand's description, names
every filter; the refusals here quote it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core import networks
from bot.core.cards import Reply
from bot.core.durations import span
from bot.core.errors import Refusal
from bot.core.models import Approval, MessageRef
from bot.core.ports import Clock
from bot.core.text import ascii_digits, one_line
from bot.core.verbs import VERBS
from bot.core.when import shown_at
from handlers.approvals import next_try, timer_due
from handlers.cards import CardLink, error_before_edit, put_off_until, where_is
from handlers.report_verb import Fit

PAGE = 10  # rows a chat answer shows at most; the rest are counted
EXCERPT = 80  # characters of the draft's text a row quotes
ERROR = 80  # characters of a failure's reason
FAILED_DAYS = 7  # a failed draft is listed this long after it failed
STATES = ("pending", "approved", "failed")  # a draft's state: asked together, either
FILTERS = (*STATES, "scheduled", "mine")
USAGE = VERBS["drafts"].usage
# the statuses each state's rows are read from (``READS``' order kept)
STATE_READS = {"pending": ("pending",), "approved": ("publishing", "approved", "publishing"),
               "failed": ("failed",)}
LISTED = ("pending", "approved", "publishing", "failed")
# The reads, in the order a draft moves through the states; publishing before approved and
# again after, as a rate limit turns a draft being published back to approved: one moving
# either way between two reads is in one of them (the later read of it wins)
READS = ("pending", "publishing", "approved", "publishing", "failed")


class DraftReads(Protocol):
    async def list_approvals(self, *, status: str | None = None) -> list[Approval]: ...
    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None: ...


@dataclass(frozen=True)
class DraftQuery:
    pending: bool = False
    scheduled: bool = False
    mine: bool = False
    network: str | None = None
    limit: int = PAGE
    approved: bool = False
    failed: bool = False

    @property
    def states(self) -> tuple[str, ...]:
        """The states asked, none for all of them."""
        return tuple(w for w, on in (("pending", self.pending), ("approved", self.approved),
                                     ("failed", self.failed)) if on)

    def describe(self) -> str:
        states = " or ".join(f"failed in the last {FAILED_DAYS} days" if w == "failed" else w
                             for w in self.states)
        bits = [w for w, on in ((states, bool(states)), ("scheduled", self.scheduled),
                                ("yours", self.mine)) if on] or ["not published yet"]
        if self.network is not None:
            bits.append(f"on {networks.display_name(self.network)}")
        return ", ".join(bits)


@dataclass(frozen=True)
class DraftRow:
    approval: Approval
    link: str | None  # the card's permalink, or where to find it


@dataclass(frozen=True)
class DraftPage:
    query: DraftQuery
    rows: tuple[DraftRow, ...]
    total: int


def parse_filters(words: Sequence[str]) -> DraftQuery:
    """The filters typed after ``drafts``; Refusal, in one line naming the accepted words."""
    flags: dict[str, bool] = {}
    network: str | None = None
    for word in (w.strip() for w in words if w.strip()):
        low = word.lower()
        if low in FILTERS:
            flags[low] = True
        elif low in networks.known():
            if network is not None and network != low:
                raise Refusal(f"one network at a time; usage: {USAGE}")
            network = low
        else:
            raise Refusal(f"{one_line(word, 40)!r} is not a drafts filter: use pending, "
                          f"approved, failed, scheduled, mine or a network "
                          f"({', '.join(networks.known())})")
    return DraftQuery(pending=flags.get("pending", False),
                      scheduled=flags.get("scheduled", False), mine=flags.get("mine", False),
                      network=network, approved=flags.get("approved", False),
                      failed=flags.get("failed", False))


def failed_at(a: Approval) -> datetime:
    return a.history[-1].at if a.history else a.created_at


def order(a: Approval) -> tuple[bool, bool, datetime, datetime, int]:
    """Failed last; those with a time first, by it; then by age, oldest first. An approved
    draft without a time goes out as soon as it can (now, or when a rate limit lets it): it
    is due since it was drafted, so it comes before any time still ahead."""
    number = int(a.id[2:]) if ascii_digits(a.id[2:]) else 0  # "A-²" (hand-edited): not int()'s
    due = a.publish_at or (a.created_at if a.status in ("approved", "publishing") else None)
    return (a.status == "failed", due is None, due or a.created_at, a.created_at, number)


class Planner:
    def __init__(self, reads: DraftReads, *, clock: Clock, link: CardLink | None = None,
                 fit: Callable[[str], Fit | None] = lambda workspace: None) -> None:
        self.reads = reads
        self.clock = clock
        self.link = link
        self.fit = fit  # per workspace name; None: every row read (the console, the CLI)

    async def page(self, query: DraftQuery, person: str | None = None) -> DraftPage:
        """``person``: who asks (``mine``); None: nobody (the command line, without --as)."""
        now = self.clock()
        statuses = tuple(s for w in query.states for s in STATE_READS[w]) or READS
        if query.scheduled and not query.failed:  # no failed one: its index, kept for ever,
            statuses = tuple(s for s in statuses if s != "failed")  # is not read
        # one status at a time (READS): one approved (or published) by another process
        # between two reads is in both, and the later read says where it stands now
        found = {a.id: a for s in statuses for a in await self.reads.list_approvals(status=s)}
        picked = sorted((a for a in found.values() if self._wanted(a, query, person, now)),
                        key=order)
        rows = tuple([DraftRow(a, await self._card(a)) for a in picked[:query.limit]])
        return DraftPage(query=query, rows=rows, total=len(picked))

    @staticmethod
    def _wanted(a: Approval, q: DraftQuery, person: str | None, now: datetime) -> bool:
        if a.status not in LISTED:  # a record read from a stale index entry
            return False
        if q.states and _state(a) not in q.states:  # ... approved since its entry was read
            return False
        if a.status == "pending" and a.expires_at is not None and a.expires_at <= now:
            return False  # expired: its timer has not marked it yet
        if a.status == "failed" and failed_at(a) < now - timedelta(days=FAILED_DAYS):
            return False
        if q.scheduled and (a.publish_at is None or (a.status == "failed" and not q.failed)):
            return False
        if q.mine and a.author != person:
            return False
        return q.network is None or a.network == q.network

    async def _card(self, a: Approval) -> str | None:
        for ch in a.channels:
            ref = await self.reads.message_ref(a.id, ch.workspace, ch.channel)
            if ref is not None:
                return await where_is(ref, self.link)
        return None

    def render(self, page: DraftPage, *, zone: str | None = None, fit: Fit | None = None,
               narrow: str = USAGE) -> str:
        """The list as one answer: a heading, a line per row, ``… and N more`` for the rest.
        ``fit``: what one message holds; rows past it are counted with the rest."""
        q = page.query
        if not page.rows:
            return f"no drafts ({q.describe()})"
        now = self.clock()
        head = f"{page.total:,} draft{'s' if page.total != 1 else ''} ({q.describe()}):"
        lines = [self.line(r, now, zone=zone) for r in page.rows]

        def whole(shown: list[str]) -> str:
            more = page.total - len(shown)
            tail = [f"… and {more:,} more (narrow it down: {narrow})"] if more else []
            return "\n".join([head, *shown, *tail])

        text = whole(lines)
        while fit is not None and len(lines) > 1 and fit.size(text) > fit.chars:
            lines.pop()
            text = whole(lines)
        return text

    @staticmethod
    def line(r: DraftRow, now: datetime, *, zone: str | None = None) -> str:
        a = r.approval
        bits = [a.id, state(a, now, zone), f"{networks.display_name(a.network)} as {a.account}"]
        if a.publish_at is not None and a.status != "failed":
            at = shown_at(a.publish_at, zone)
            bits.append(f"scheduled for {at}" if timer_due(a, now)
                        else f"publishes at {at}" if a.publish_at > now or a.status != "pending"
                        else f"was due {at}: publishes once approved")
        elif a.status == "pending":  # an approved one goes out now, as its state says
            bits.append("as soon as approved")
        if a.status == "pending" and a.expires_at is not None:
            left = int((a.expires_at - now).total_seconds() // 60)
            bits.append(f"expires in {span(max(1, left))}")
        bits += [f"by {a.author}", f"“{one_line(a.text, EXCERPT)}”"]
        if r.link:
            bits.append(r.link)
        return "• " + " · ".join(bits)

    async def reply(self, words: Sequence[str], person: str, *,
                    workspace: str | None = None, zone: str | None = None) -> Reply:
        query = parse_filters(words)
        page = await self.page(query, person)
        fit = self.fit(workspace) if workspace is not None else None
        return Reply.done(self.render(page, zone=zone, fit=fit))


def _state(a: Approval) -> str:
    """The filter word a listed draft answers to."""
    return "approved" if a.status == "publishing" else a.status


def state(a: Approval, now: datetime, zone: str | None = None) -> str:
    """Where the draft stands, as a row says it; a next try's time on ``zone``'s clock too."""
    if a.status == "pending":
        return f"pending at step {min(a.current_step + 1, len(a.steps))} of {len(a.steps)}"
    if a.status == "approved":
        if a.publish_at is not None and a.publish_at > now:
            return "approved, waiting for its time"
        if timer_due(a, now):  # its time has come, but nothing has claimed it yet
            return "approved, scheduled: goes out when its timer runs"
        if (again := next_try(a)) is not None:  # a 502, a timeout: its post may be out
            return f"approved, not published yet: tried again at {shown_at(again, zone)}"
        if a.error is None or error_before_edit(a):
            return "approved, publishing"
        return "approved, publishing when the network allows" + (  # a 429's wait
            f": tried again at {shown_at(at, zone)}" if (at := put_off_until(a)) is not None
            else "")
    if a.status == "publishing":
        return "publishing" + (f" (attempt {a.publish_attempts})"
                               if a.publish_attempts > 1 else "")
    return f"failed: {one_line(a.error or 'no reason recorded', ERROR)}"


def tried_again_at(a: Approval, now: datetime) -> datetime | None:
    """When an approved draft waiting for the network is tried again (a 429 put it off, a
    try said nothing of the post), as its state says; None for any other."""
    if a.publish_at is not None and a.publish_at > now:
        return None
    return next_try(a) or put_off_until(a)


def json_line(r: DraftRow, now: datetime) -> str:
    """A row for scripts (``socialops drafts --format json``): the whole text, times in UTC;
    ``next_try_at``: the time its state's "tried again at" says, null when it says none."""
    a = r.approval

    def iso(at: datetime | None) -> str | None:
        return at.isoformat() if at is not None else None

    return json.dumps({
        "id": a.id, "status": a.status, "state": state(a, now), "network": a.network,
        "account": a.account, "publish_at": iso(a.publish_at),
        "next_try_at": iso(tried_again_at(a, now)),
        "expires_at": iso(a.expires_at) if a.status == "pending" else None,
        "author": a.author, "created_at": iso(a.created_at), "text": a.text, "link": r.link,
        "ticket": a.ticket_id}, ensure_ascii=False)
