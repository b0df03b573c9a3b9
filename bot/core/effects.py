"""Effects: everything one decision causes, written by ``Store.apply`` in one transaction
(DESIGN §8, "one decision, one transaction").

A handler reads what it needs, decides, and returns an ``Effects``: the records it creates or
changes (each change carrying the version it expects), audit events, outbox items, timers to
schedule, cancel or complete, group items to add or take, dedup marks, cursors, signals. The
engine hands the whole thing to ``Store.apply``, which writes all of it or none of it (one
SQLite transaction; one Lua script on Redis). A compare-and-set that fails makes ``apply``
return False with nothing written, and the engine decides again from fresh reads.

Effects are plain data, so handlers are tested without a store: call the handler, look at the
effects it returned.

Record kinds, timer kinds and their keys are spelled in ``bot.core.keys``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import NamedTuple

from bot.core import keys as K
from bot.core.cards import OutboxItem
from bot.core.models import (
    ACTIVE,
    Approval,
    AuditEvent,
    LinkRequest,
    PersonLink,
    Signal,
    Subscription,
    Ticket,
)

Versioned = Ticket | Approval | Subscription | PersonLink | LinkRequest


@dataclass(frozen=True, slots=True)
class RecordWrite:
    """Create (``expected`` is None) or compare-and-set (``expected`` = the stored version)."""

    kind: str
    id: str
    version: int
    expected: int | None
    json: str
    status: str | None = None
    k1: str | None = None  # secondary keys the backends index (conversation, customer, ...)
    k2: str | None = None
    open: bool = False  # tickets: whether the conversation's open-ticket pointer names it
    upsert: bool = False  # schemaless records (silences): write whatever is stored
    opened: float | None = None  # tickets: when it opened (a timestamp), which Redis indexes
    # tickets: merged into another, whose conversation's pointer still names it, to be
    # followed to the ticket it was merged into (``find_open_ticket``)
    merged: bool = False
    # a schemaless record swapped (``Effects.swap``): ``expected`` is the version its stored
    # JSON carries, as Redis reads every version (SQLite's column may say another: ``put``)
    swap: bool = False


@dataclass(frozen=True, slots=True)
class RecordDelete:
    kind: str
    id: str
    expected: int | None = None  # None: delete whatever is stored


@dataclass(frozen=True, slots=True)
class TimerOp:
    """``op``: "schedule" (upsert), "once" (schedule unless the id is pending already),
    "sooner" (schedule unless the id is pending due no later),
    "cancel", "complete" (remove the id, which must still carry ``token``, the due time it
    was taken with: if it does not, because another process took it after the lease lapsed
    or it was re-scheduled or cancelled meanwhile, nothing of the effects is written), or
    "release" (a leased timer handed back, due at ``due`` and its take not counted as an
    attempt, only while it still carries ``token``; else left as it is, nothing refused)."""

    op: str
    id: str
    due: datetime | None = None
    payload: str = ""
    token: float | None = None


class TraceWrite(NamedTuple):
    """One post's ``Trace`` (bot.core.models) as stored: its JSON, and what the backends index
    it by. The pipeline writes one per fetched post, so it builds the JSON directly
    (``bot.engine.pipeline.trace``) instead of through a validated model (and a tuple:
    a frozen dataclass took longer to build than the JSON)."""

    id: str
    url: str | None
    fetched: float  # fetched_at, as a timestamp
    json: str


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """Something that failed repeatedly and was set aside with its reason."""

    kind: str  # "mention", "timer", "outbox"
    id: str
    reason: str
    at: datetime
    data: str = ""


@dataclass
class Effects:
    records: dict[tuple[str, str], RecordWrite] = field(default_factory=dict)
    deletes: list[RecordDelete] = field(default_factory=list)
    audit: list[AuditEvent] = field(default_factory=list)
    outbox: list[OutboxItem] = field(default_factory=list)
    timers: list[TimerOp] = field(default_factory=list)
    group_add: list[tuple[str, str]] = field(default_factory=list)
    group_take: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    marks: list[tuple[str, str, int]] = field(default_factory=list)  # key, value, ttl seconds
    # marks holding a list, read and written in the store's write (``mark_first``):
    # key, value, ttl seconds, how many kept
    firsts: list[tuple[str, str, int, int]] = field(default_factory=list)
    # marks that must still be unset when this commits (``mark(new=True)``)
    unseen: list[str] = field(default_factory=list)
    # (conversation, customer) pairs that must still have no open ticket when this commits
    # (``open_ticket``): two processes opening one each for one conversation conflict
    sole_tickets: list[tuple[str, str]] = field(default_factory=list)
    forget: list[str] = field(default_factory=list)
    cursors: dict[str, str] = field(default_factory=dict)
    # cursors written only if each still holds the value read (None: unset) when this commits
    # (``swap_cursor``): a state two processes read and write whole is not written over
    cursors_if: dict[str, str | None] = field(default_factory=dict)
    # (signal, seconds it is kept, seconds its footprint counts in customer context): a
    # ticket's post is kept as long as the ticket, and counted as an earlier mention only the
    # dedup window, as every post is
    signals: list[tuple[Signal, int, int]] = field(default_factory=list)
    footprints: list[tuple[str, str, float, int]] = field(default_factory=list)
    routing: list[tuple[str, str]] = field(default_factory=list)  # (op, id) in the routing log
    counts: list[tuple[str, int, int]] = field(default_factory=list)  # spike series, bucket, n
    dead: list[DeadLetter] = field(default_factory=list)
    # dead letters taken back (``revive``): deleted, and only while still stored as set aside
    # at that time (kind, id, timestamp), or nothing of this is written
    revived: list[tuple[str, str, float]] = field(default_factory=list)
    traces: list[tuple[TraceWrite, int]] = field(default_factory=list)  # trace, ttl seconds
    tallies: list[tuple[str, int, int]] = field(default_factory=list)  # name, day, n
    # a person's data erased (``handlers.erasure``): their customer keys' indexes (signals,
    # footprints, open tickets) and their posts' URLs' trace index, dropped; written last
    erased_customers: list[str] = field(default_factory=list)
    erased_urls: list[str] = field(default_factory=list)
    # and their posts in the mention streams (Redis): (stream, entry id), as ``stream_posts``
    # names them
    erased_entries: list[tuple[str, str]] = field(default_factory=list)
    # and the cards of theirs kept in the outbox, delivered or dead: (outbox key, the status it
    # must still have, the card's JSON as erased), each written over the item's card only
    # while it still has that status, or nothing of this is written
    erased_cards: list[tuple[str, str, str]] = field(default_factory=list)
    # and in every audit event (this write's too), each JSON value that names them (their
    # customer key, a quote of their post) written as its erased form: (JSON text, JSON text)
    erased_audit: list[tuple[str, str]] = field(default_factory=list)
    _outbox_keys: set[str] = field(default_factory=set, repr=False)

    # -- records -----------------------------------------------------------------------------

    def create(self, record: Versioned) -> None:
        self._write(record, None)

    def open_ticket(self, ticket: Ticket) -> None:
        """Create ``ticket`` if its conversation still has no open ticket of its customer (the
        one ``find_open_ticket`` would give); if another process opened one since this decision
        read, the write conflicts and the decision runs again, attaching to that one."""
        self.create(ticket)
        self.sole_tickets.append((ticket.conversation_key, ticket.customer_key))

    def update(self, new: Versioned, *, expected: int) -> None:
        """Store ``new`` if the stored version is still ``expected``. Several updates of one
        record in one Effects merge: the first expectation and the last value."""
        key = (_kind(new), new.id)
        earlier = self.records.get(key)
        if earlier is not None:
            expected_first = earlier.expected
            self.records[key] = _write(new, expected_first)
        else:
            self._write(new, expected)

    def _write(self, record: Versioned, expected: int | None) -> None:
        self.records[(_kind(record), record.id)] = _write(record, expected)

    def put(self, kind: str, record_id: str, data: str) -> None:
        """Create or replace a schemaless record (a silence)."""
        self.records[(kind, record_id)] = RecordWrite(kind, record_id, 0, None, data,
                                                      upsert=True)

    def reserve(self, kind: str, record_id: str, data: str) -> None:
        """Create a schemaless record that must not exist yet: a unique key, held as long as
        the record is. If another transaction wrote it first, this one conflicts and its
        decision runs again, reading what the other wrote."""
        self.records[(kind, record_id)] = RecordWrite(kind, record_id, 0, None, data)

    def swap(self, kind: str, record_id: str, data: str, *, version: int,
             expected: int | None) -> None:
        """Write a schemaless record only if it is still at version ``expected`` (None: not
        stored yet), as ``version``, which ``data`` (a JSON object) carries as ``"version"``
        (Redis compares the stored JSON's): a holder whose stale value two processes replace
        at once is replaced once; the other conflicts and decides again."""
        self.records[(kind, record_id)] = RecordWrite(kind, record_id, version, expected, data,
                                                      swap=True)

    def delete(self, kind: str, record_id: str, *, expected: int | None = None) -> None:
        self.deletes.append(RecordDelete(kind, record_id, expected))

    def pending(self, kind: str, record_id: str) -> RecordWrite | None:
        """What this Effects will write for a record (for decisions later in the same batch)."""
        return self.records.get((kind, record_id))

    # -- timers ------------------------------------------------------------------------------

    def schedule(self, timer_id: str, due: datetime, payload: str, *, once: bool = False) -> None:
        self.timers.append(TimerOp("once" if once else "schedule", timer_id, due, payload))

    def sooner(self, timer_id: str, due: datetime, payload: str) -> None:
        """Schedule unless the id is pending already due at ``due`` or before (a pending one
        due later is moved to ``due``, with ``payload``)."""
        self.timers.append(TimerOp("sooner", timer_id, due, payload))

    def cancel(self, timer_id: str) -> None:
        self.timers.append(TimerOp("cancel", timer_id))

    def complete(self, timer_id: str, token: float) -> None:
        self.timers.append(TimerOp("complete", timer_id, token=token))

    def release(self, timer_id: str, token: float, due: datetime) -> None:
        """The lease taken with ``token`` given back: due at ``due``, for any process to take
        (a process stopping with the timer's handler unfinished)."""
        self.timers.append(TimerOp("release", timer_id, due, token=token))

    # -- the rest ----------------------------------------------------------------------------

    def send(self, item: OutboxItem) -> None:
        if item.key not in self._outbox_keys:  # one card per key, however often decided
            self._outbox_keys.add(item.key)
            self.outbox.append(item)

    def mark(self, key: str, ttl_seconds: int, value: str = "1", *, new: bool = False) -> None:
        """``new``: the key must not be marked (within its TTL) when this commits, or none of
        it is written: a mention another process finished between this one's read of the
        done marks and its write is not acted on twice."""
        self.marks.append((key, value, ttl_seconds))
        if new:
            self.unseen.append(key)

    def mark_first(self, key: str, value: str, ttl_seconds: int, *, keep: int) -> None:
        """Put ``value`` first in the space-separated list the mark ``key`` holds (taken out
        of where it was), at most ``keep`` kept, its TTL started again. The store reads the
        list in its write, so two writes at once both land, where a list read before and
        written whole (``mark``) keeps the last writer's."""
        self.firsts.append((key, value, ttl_seconds, keep))

    def swap_cursor(self, key: str, value: str, *, expected: str | None) -> None:
        """Write the cursor ``key`` only if it still holds ``expected`` (None: unset) when
        this commits, or none of it is written (``apply`` answers False; a settle raises
        ``WriteConflict``): the state read and written whole by two processes at once is
        written once, and the other reads it again."""
        self.cursors[key] = value
        self.cursors_if.setdefault(key, expected)

    def revive(self, kind: str, item_id: str, at: datetime) -> None:
        """Delete the dead letter ``kind``/``item_id`` set aside at ``at`` (``socialops dead
        retry``), with whatever this retry decided: if it is gone or was set aside again since
        (another retry took it), nothing of the effects is written."""
        self.revived.append((kind, item_id, at.timestamp()))

    def routing_change(self, op: str, record_id: str) -> None:
        self.routing.append((op, record_id))

    def merge(self, other: Effects) -> None:
        for (kind, rid), write in other.records.items():
            earlier = self.records.get((kind, rid))
            # the first write's expected version, whatever else the later one says
            self.records[(kind, rid)] = write if earlier is None else replace(
                write, expected=earlier.expected)
        self.deletes += other.deletes
        self.audit += other.audit
        for item in other.outbox:
            self.send(item)
        self.timers += other.timers
        self.group_add += other.group_add
        self.group_take += other.group_take
        self.marks += other.marks
        self.firsts += other.firsts
        self.unseen += other.unseen
        self.sole_tickets += other.sole_tickets
        self.forget += other.forget
        self.cursors.update(other.cursors)
        for key, expected in other.cursors_if.items():  # the first read's, as for records
            self.cursors_if.setdefault(key, expected)
        self.signals += other.signals
        self.footprints += other.footprints
        self.routing += other.routing
        self.counts += other.counts
        self.dead += other.dead
        self.revived += other.revived
        self.traces += other.traces
        self.tallies += other.tallies
        self.erased_customers += other.erased_customers
        self.erased_urls += other.erased_urls
        self.erased_entries += other.erased_entries
        self.erased_cards += other.erased_cards
        self.erased_audit += other.erased_audit

    def __bool__(self) -> bool:
        return any((self.records, self.deletes, self.audit, self.outbox, self.timers,
                    self.group_add, self.group_take, self.marks, self.firsts, self.forget,
                    self.cursors,
                    self.signals, self.footprints, self.routing, self.counts, self.dead,
                    self.revived, self.traces, self.tallies, self.erased_customers,
                    self.erased_urls, self.erased_entries, self.erased_cards,
                    self.erased_audit))


def _kind(record: Versioned) -> str:
    if isinstance(record, Ticket):
        return K.TICKET
    if isinstance(record, Approval):
        return K.APPROVAL
    if isinstance(record, PersonLink):
        return K.LINK
    if isinstance(record, LinkRequest):
        return K.LINK_REQUEST
    return K.SUBSCRIPTION


def _write(record: Versioned, expected: int | None) -> RecordWrite:
    if expected is not None and record.version != expected + 1:
        raise ValueError(f"{record.id}: new version must be {expected + 1}, got {record.version}")
    data = record.to_json()
    if isinstance(record, Ticket):
        return RecordWrite(K.TICKET, record.id, record.version, expected, data,
                           status=record.status, k1=record.conversation_key,
                           k2=record.customer_key, open=record.status in ACTIVE,
                           opened=record.created_at.timestamp(),
                           merged=record.status == "merged")
    if isinstance(record, Approval):
        return RecordWrite(K.APPROVAL, record.id, record.version, expected, data,
                           status=record.status)
    if isinstance(record, PersonLink):
        return RecordWrite(K.LINK, record.id, record.version, expected, data)
    if isinstance(record, LinkRequest):
        return RecordWrite(K.LINK_REQUEST, record.id, record.version, expected, data,
                           status=record.status)
    return RecordWrite(K.SUBSCRIPTION, record.id, record.version, expected, data,
                       status=record.mode, k1=record.workspace, k2=record.channel)
