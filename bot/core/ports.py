"""The seams of socialops: Protocols that integrations, rules and handlers implement or call.

Only the composition root (``bot.app.compose``) knows the concrete classes; everything else
speaks these.
Fakes in tests satisfy them structurally.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Mapping, Sequence
from contextvars import ContextVar
from datetime import datetime
from typing import Protocol, TypeVar, runtime_checkable
from urllib.parse import urlsplit

from pydantic import AwareDatetime, ValidationInfo, field_validator

from bot.core.cards import Card, Interaction, OutboxItem, Reply
from bot.core.effects import Effects
from bot.core.home import Home
from bot.core.models import (
    BY_RULES,
    Approval,
    AuditEvent,
    AuthorContext,
    Intent,
    Mention,
    MessageRef,
    Record,
    RouteHit,
    Sentiment,
    Signal,
    SignalBrief,
    Subscription,
    Ticket,
    Trace,
)

Clock = Callable[[], datetime]  # returns an aware UTC datetime; injected so tests control time
T = TypeVar("T")


class Transactions(Protocol):
    """How handlers get their decisions written (``bot.engine.effects.Applier``): ``run``
    reads, decides and applies, deciding again when a compare-and-set lost a race; ``apply``
    writes prepared effects once."""

    async def run(self, decide: Callable[[], Awaitable[tuple[Effects, T]]], *,
                  what: str = "decision") -> T: ...
    async def apply(self, effects: Effects) -> bool: ...


class DueTimer(Record):
    """A timer handed to one process by ``take_due``. It stays stored, leased until
    ``token + lease``; the handler's effects ``complete`` it with ``token``. A process that dies
    before completing it leaves it to fire again once the lease ends (``attempts`` counts); one
    still deciding when the lease ends and another took it has its decision refused."""

    id: str
    payload: str
    token: float
    attempts: int = 1


class RoutingChange(Record):
    version: int
    op: str  # "sub+", "sub-", "sub~", "silence", "*"
    id: str


class DeadItem(Record):
    kind: str
    id: str
    reason: str
    at: AwareDatetime
    data: str = ""

    @field_validator("reason", mode="before")
    @classmethod
    def _reason_by_rules(cls, value: object) -> object:
        """Read back as ``Trace.detail`` is (``BY_RULES``): a release before 2026-12-03 kept a
        mention's failure as the exception said it."""
        return BY_RULES(value) if isinstance(value, str) else value


class Store(Protocol):
    """Durable state (DESIGN §3, §8).

    Writes that belong to one decision go through ``apply`` (all or nothing). The few other
    write methods are atomic on their own and stand alone by nature: dedup claims, short-id
    counters, leases, the outbox worker's claim and settle, cursors written outside a batch.
    """

    async def close(self) -> None: ...

    def unreadable_records(self) -> dict[str, int]:
        """Stored records skipped by listings because they cannot be read (damaged), so far,
        by kind: a running count (``store_records_unreadable_total``)."""
        ...

    async def apply(self, effects: Effects) -> bool:
        """Write every effect in one transaction. False, with nothing written, when a record
        write's expected version (or a create's absence) no longer holds, or a timer it
        completes no longer carries the token it was taken with."""
        ...

    # dedup ---------------------------------------------------------------------------------
    async def mark_seen(self, key: str, ttl_seconds: int) -> bool:
        """Record ``key``; True if it was new (not seen within its TTL)."""
        ...

    async def forget_seen(self, key: str) -> None:
        """Undo ``mark_seen``: ``key`` is new again (the work it was marked for did not
        happen: a Discord form whose run broke)."""
        ...

    async def is_seen(self, key: str) -> bool: ...

    async def seen_many(self, keys: Sequence[str]) -> set[str]:
        """Which of ``keys`` are marked and unexpired (one round trip)."""
        ...

    async def claim_values(self, claims: Sequence[tuple[str, str]],
                           ttl_seconds: int) -> dict[str, str]:
        """For each value, in the order of its first claim: store it under each of its keys
        that holds no live value, unless one of them holds another value, in which case it
        stores none; answer the live value per key (one round trip; a key no value holds is
        left out). The first claimant of a cross-post fingerprint owns it, and a copy claims
        none of its cells."""
        ...

    async def get_values(self, keys: Sequence[str]) -> dict[str, str]:
        """The live value of each of ``keys`` that has one (one round trip)."""
        ...

    async def claim_value(self, key: str, value: str, ttl_seconds: int) -> str: ...

    async def get_value(self, key: str) -> str | None:
        """The live value of a mark or claim (None when absent or expired)."""
        ...

    async def bump_failures(self, key: str, ttl_seconds: int) -> int:
        """Count one more failure of an item; returns the count (poison detection)."""
        ...

    # cursors (and small shared values kept beside them) -------------------------------------
    async def get_cursor(self, source_id: str) -> str | None: ...
    async def set_cursor(self, source_id: str, value: str) -> None: ...

    # counters ------------------------------------------------------------------------------
    async def next_number(self, counter: str) -> int:
        """Atomically increment and return a counter (1, 2, 3, ...)."""
        ...

    async def routing_version(self) -> int:
        """The version of the shared routing state (bumped by ``Effects.routing_change``)."""
        ...

    async def routing_changes(self, since: int) -> list[RoutingChange] | None:
        """The changes after version ``since``, oldest first; None when the log no longer
        reaches back that far (the caller rebuilds from scratch)."""
        ...

    # records -------------------------------------------------------------------------------
    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...
    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]:
        """Tickets with that status (indexed: never a scan of every ticket ever stored)."""
        ...

    async def tickets_opened(self, since: datetime, until: datetime) -> list[Ticket]:
        """The tickets opened from ``since`` up to (not including) ``until``, whatever their
        status now, oldest first: read through an index of when each opened, so the cost is
        that of the tickets in the window, never a scan of every ticket ever stored."""
        ...

    async def find_open_ticket(self, conversation_key: str,
                               customer_key: str) -> Ticket | None:
        """The open or claimed ticket of this customer in this conversation (indexed by
        both: a thread where two customers write holds one ticket of each)."""
        ...

    async def open_ticket_or_number(self, conversation_key: str, customer_key: str,
                                    counter: str, look_back: int,
                                    ) -> tuple[Ticket | None, int | None, list[str] | None]:
        """``find_open_ticket``; where there is none, what opening one reads next:
        ``next_number(counter)`` and ``customer_signal_ids(customer_key, look_back)``. (ticket,
        None, None) when one was found. Redis reads all three in one script; SQLite, whose
        reads cost no round trip, one after the other."""
        ...

    async def customer_open_tickets(self, customer_key: str) -> list[str]:
        """Ids of the customer's open or claimed tickets (indexed)."""
        ...

    async def get_approval(self, approval_id: str) -> Approval | None: ...
    async def list_approvals(self, *, status: str | None = None) -> list[Approval]: ...
    async def count_by_status(self, kind: str, status: str) -> int:
        """How many records of ``kind`` (tickets, approvals) have ``status``, counted by the
        store through the status index, without reading them (chat ``status`` with 100,000
        open tickets loaded and parsed each): SQLite counts over its (kind, status) index,
        Redis takes the size of the status set its write script keeps with each record."""
        ...

    async def get_subscription(self, sub_id: str) -> Subscription | None: ...
    async def get_subscriptions(self, ids: Sequence[str]) -> list[Subscription]: ...
    async def list_subscriptions(
        self, *, workspace: str | None = None, channel: str | None = None
    ) -> list[Subscription]: ...
    async def channel_subscriptions_raw(self, *, workspace: str, channel: str) -> list[str]:
        """One channel's subscriptions as stored (JSON, not validated): for a caller that
        reads thousands on a worker thread instead of the event loop."""
        ...

    async def count_subscriptions(self, *, workspace: str, channel: str,
                                  created_by: str) -> int:
        """How many subscriptions ``created_by`` keeps in one channel (the per-person bound),
        counted by the store without handing every subscription of the channel back."""
        ...

    async def list_raw(self, kind: str) -> list[str]:
        """Every stored record of a schemaless kind (silences), as JSON."""
        ...

    async def list_raw_ids(self, kind: str) -> list[tuple[str, str]]:
        """``list_raw`` with each record's id: (id, JSON), for a caller that writes some of
        them back (an erasure deleting the corrections made on a person's posts)."""
        ...

    async def get_raw(self, kind: str, record_id: str) -> str | None:
        """One stored record of any kind, as JSON (links, link requests): a point read."""
        ...

    # outbox --------------------------------------------------------------------------------
    async def claim_due(
        self, *, now: datetime, owner: str, lease_seconds: float, limit: int, chain: int = 1,
        busy: Collection[tuple[str, str]] = ()
    ) -> list[OutboxItem]:
        """Lease up to ``limit`` pending items due by ``now``, in order: per channel its oldest
        pending item and, up to ``chain`` in all, the pending items right behind it while they
        are due (a chain: delivered one after another under one lease), skipping channels
        leased by someone else and the lanes in ``busy`` (workspace, ``keys.lane_channel``:
        the caller's own chains still under way, whose lease it holds). Each comes with
        ``started`` (its claims so far, this one included), ``pace`` (its channel's) and
        ``prior`` (the message already posted for its card there, when it was before this
        claim)."""
        ...

    async def renew_lane(self, workspace: str, channel: str, lane: str, *, owner: str,
                         until: datetime) -> bool:
        """Keep the lease ``owner`` holds on a channel's lane (``claim_due``) until ``until``,
        while its chain is still being delivered (a call can outlast the lease). False, and
        nothing written, if ``owner`` holds it no more (released, or taken over)."""
        ...

    async def get_outbox(self, key: str) -> OutboxItem | None: ...
    async def finish(self, key: str, *, owner: str, ref: MessageRef | None,
                     effects: Effects | None = None, release: bool = True,
                     unclaimed: Sequence[str] = ()) -> None:
        """Mark sent, record where it was posted and, with ``release``, release the channel
        lease (a chain keeps it until its last card); ``effects`` (the channel's new pace, a
        dead-item notice) are written in the same transaction. ``unclaimed``: items of the
        chain left unattempted, whose claim is undone (see ``retry_later``)."""
        ...

    async def retry_later(
        self, key: str, *, owner: str, at: datetime, error: str, dead: bool = False,
        effects: Effects | None = None, posted: bool = True, unclaimed: Sequence[str] = ()
    ) -> None:
        """Back to pending (or dead), releasing the channel lease. ``posted=False`` says the
        attempt certainly posted nothing (a 429), so the next one need not look for its
        message first; ``unclaimed`` names the items of the chain behind it, never attempted,
        whose claim is undone likewise, in the same transaction."""
        ...
    async def outbox_counts(self) -> dict[str, int]:
        """pending / sent / dead, from counters kept with the writes (no table scan)."""
        ...

    async def list_outbox(self, *, status: str, limit: int = 100) -> list[OutboxItem]: ...
    async def requeue(self, key: str, *, at: datetime, effects: Effects | None = None,
                      while_dead: OutboxItem | None = None) -> bool:
        """A dead item back to pending (``outbox retry``), with ``effects`` (its audit event)
        in the same transaction. False, and nothing written, if it is not dead, or if the item
        ``while_dead`` (the delivery an ops notice is about, as read) is no longer dead from
        the same death (``created_at``, renewed by each retry), checked in the same
        transaction: a notice is news only while its delivery is not sent again."""
        ...

    async def settle_notice(self, key: str, *, because: str, dead_too: bool = False,
                           effects: Effects | None = None) -> bool:
        """Remove the dead ops notice ``key`` that is news no more (``outbox retry --all``
        left it out), as retention would, with ``effects`` (its audit event) in the same
        transaction: only while it is dead and ``because`` (its delivery, sent again or
        delivered; with ``dead_too``, the notice of that delivery's later death) is kept and,
        unless ``dead_too``, not dead. False, and nothing written, otherwise."""
        ...

    async def message_ref(self, card_key: str, workspace: str, channel: str) -> MessageRef | None:
        """The first message posted for ``card_key`` in that channel, for updates."""
        ...

    # signals -------------------------------------------------------------------------------
    async def get_signal(self, signal_id: str) -> Signal | None: ...
    async def get_signals(self, signal_ids: Sequence[str]) -> Mapping[str, Signal]:
        """The signals of ``signal_ids`` kept, by id, read at once (``get_traces``: each
        parsed when looked up, a damaged one refused then as ``get_signal`` of it is)."""
        ...

    async def customer_signals(self, customer_key: str, limit: int = 20) -> list[Signal]:
        """The customer's most recent routed signals, newest first."""
        ...

    async def customer_signal_ids(self, customer_key: str, limit: int = 20) -> list[str]:
        """The ids of ``customer_signals`` (the same signals, in the same order), none of them
        decoded: what a ticket's follow-up reads (``handlers.follow_up``). A damaged signal's
        id is among them, where ``customer_signals`` skips it."""
        ...

    async def customer_mentions(self, customer_key: str) -> int:
        """How many mentions of this customer are remembered (routed or not)."""
        ...

    async def customer_history(self, customer_key: str, limit: int = 20,
                               ) -> tuple[list[SignalBrief], int, list[str]]:
        """``customer_signals`` (in brief, newest first), ``customer_mentions`` and
        ``customer_open_tickets`` at once (what a routed mention's author context reads), in
        one read: one statement on SQLite, one script on Redis."""
        ...

    # group buffers (group_wait, cooldown, digests) ----------------------------------------------
    async def group_items(self, group: str) -> list[str]:
        """The buffer's items, oldest first (taken by ``Effects.group_take``)."""
        ...

    async def group_has(self, group: str, item: str) -> bool:
        """Whether ``item`` is in the buffer: one keyed lookup (``why`` of one post in a
        weekly digest of tens of thousands), not the buffer read."""
        ...

    # spike counts --------------------------------------------------------------------------
    async def series_counts(self, since_bucket: int, *,
                            sources: bool = False) -> dict[str, dict[int, int]]:
        """Per series, the counts of buckets >= ``since_bucket`` added by every process: the
        spike series, or (``sources``) each source's volume (``keys.SOURCE_SERIES`` names)."""
        ...

    # traces and tallies --------------------------------------------------------------------
    async def get_trace(self, mention_id: str) -> Trace | None: ...
    async def get_traces(self, mention_ids: Sequence[str]) -> Mapping[str, Trace]:
        """The traces of ``mention_ids`` kept, by id, read in one round trip (one statement on
        SQLite, one MGET on Redis, a chunk of ids each); one absent or expired is not in it.
        Each is parsed when looked up, and one whose record is damaged raises
        ``UnreadableRecord`` then, as ``get_trace`` of it does."""
        ...

    async def trace_by_url(self, url: str) -> Trace | None: ...
    async def recent_traces(self, since: datetime, *, limit: int = 200_000) -> list[str]:
        """Traces (as JSON) of posts fetched since ``since``, oldest first."""
        ...

    async def tallies(self, since_day: int) -> dict[str, dict[int, int]]:
        """Daily counters (receipts) by name and day number (days since the epoch)."""
        ...

    # audit ---------------------------------------------------------------------------------
    async def audit_since(self, since: datetime | None = None) -> list[AuditEvent]: ...

    # dead letters --------------------------------------------------------------------------
    async def list_dead(self, kind: str | None = None, *, limit: int = 100,
                        after: tuple[float, str, str] | None = None) -> list[DeadItem]:
        """The oldest ``limit`` dead letters (of ``kind``), in order of (time set aside, kind,
        id); ``after``: only those past that (the last of the page before: read a page at a
        time)."""
        ...
    async def get_dead(self, kind: str, item_id: str) -> DeadItem | None:
        """One dead letter, or None when there is none (retried, pruned, never set aside)."""
        ...

    async def purge_copies(self) -> bool:
        """After an erasure: no copy of the rows as they were before it left in the files this
        store writes. SQLite keeps each change in ``<db>-wal`` too, for as long as a process
        has the file open (a running bot: its checkpoints fold the log into the database,
        never truncate it): folded in and truncated (``wal_checkpoint(TRUNCATE)``, waiting
        for readers as a write waits); False if a reader kept it from finishing. Redis: the
        server's files are its own (its AOF, rewritten on its schedule): True."""
        ...

    async def stream_posts(self) -> list[tuple[str, str, str]]:
        """Every post the mention streams hold (Redis: ``<prefix>mentions``, kept after it is
        processed until trimmed, and its dead letters ``<prefix>mentions:dead``), as (stream,
        entry id, the post's JSON), the stream named without the prefix
        (``bot.store.layout.ERASABLE_STREAMS``), for an erasure (``Effects.erased_entries``):
        read whole, a rare command's read. SQLite keeps no stream: none."""
        ...

    # leases --------------------------------------------------------------------------------
    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        """Take or renew a named lease; True if ``owner`` holds it now."""
        ...

    async def release_lease(self, name: str, owner: str) -> None: ...

    # timers --------------------------------------------------------------------------------
    async def take_due(self, now: datetime, *, lease_seconds: float,
                       limit: int = 100) -> list[DueTimer]:
        """Lease due timers to the caller (each to one process at a time)."""
        ...

    async def timer_due(self, timer_id: str) -> datetime | None: ...

    # housekeeping --------------------------------------------------------------------------
    async def prune(self, now: datetime, *, sent_seconds: float, refs_seconds: float,
                    audit_seconds: float | None = None,
                    traces_seconds: float = 7 * 86400,
                    dead_seconds: float | None = None) -> dict[str, int]:
        """Delete what retention allows (expired marks and signals, sent outbox items older
        than ``sent_seconds``, message references older than ``refs_seconds``, dead deliveries
        and dead letters that died ``dead_seconds`` ago or more, None keeping them); returns
        counts per kind."""
        ...

    async def usage(self) -> dict[str, int]:
        """Rows or keys per kind, for the storage benchmark and ``status``."""
        ...


class SourceCursorStore(Protocol):
    async def get_cursor(self, source_id: str) -> str | None: ...
    async def set_cursor(self, source_id: str, value: str) -> None: ...


@runtime_checkable
class CursorsWrittenLater(Protocol):
    """A ``SourceCursorStore`` whose writes wait for the read's mentions to be committed
    (``bot.engine.cursors.DeferredCursors`` in ``socialops run``), which writes one at once
    when asked: a stream's position past what holds no mention yet to process, where waiting
    for the next mention (which may be hours away) would lose it to a kill."""

    async def set_cursor_now(self, source_id: str, value: str) -> None: ...


async def set_cursor_now(store: SourceCursorStore, source_id: str, value: str) -> None:
    """``value`` written at once: past any read transaction ``store`` holds writes in."""
    if isinstance(store, CursorsWrittenLater):
        await store.set_cursor_now(source_id, value)
    else:
        await store.set_cursor(source_id, value)


@runtime_checkable
class Source(Protocol):
    """A social network (or replay file) read by polling and, where offered, streaming."""

    @property
    def id(self) -> str: ...
    @property
    def network(self) -> str: ...

    async def poll(self) -> Sequence[Mention]:
        """Fetch what is new since the stored cursor and advance it."""
        ...


class StreamingSource(Source, Protocol):
    def stream(self) -> AsyncIterator[Mention]: ...


class LookupSource(Source, Protocol):
    """A source whose network finds one post by its address (the "lookup" capability of its
    ``NetworkSpec``): what ``why`` asks about a post socialops never fetched."""

    async def lookup(self, url: str) -> Mention | None:
        """The post at ``url``, normalised exactly as ``poll`` normalises it; None when it is
        gone (deleted, not visible) or not readable from here (another instance or host,
        missing credentials). Failures raise ``SourceError`` and its kin."""
        ...


class Workspace(Protocol):
    """A chat where cards are posted (console, Slack, Discord)."""

    name: str
    # False for a chat with no rate limit (the console): the outbox delivers its cards as soon
    # as they are due instead of at ``outbox.per_channel_per_second``
    paced: bool
    # True for a chat whose edit's thread line is a post of the card's channel, under the same
    # rate limit as its new cards (Slack): the outbox gives each line a place among them
    lines_share_pace: bool
    # True for a chat whose limit allows short bursts only, no catching up faster than its
    # pace after a backlog (Slack): the outbox's burst allowance is the catch-up there
    steady_pace: bool

    async def post(self, channel: str, card: Card) -> MessageRef:
        """Post a new message. Raises RateLimited / DeliveryError."""
        ...

    async def update(self, ref: MessageRef, card: Card, *,
                     maybe_shown_since: datetime | None = None) -> MessageRef:
        """Edit a posted message in place (and add ``card.thread_note`` to its thread).
        ``maybe_shown_since``: an earlier attempt may have added that note already (it died,
        or its answer was lost, before the outbox recorded it), no earlier than this time (when
        the note was queued, by the queuing process's clock): look for it (``card.thread_key``)
        among what the thread got since, less a margin for the chat's clock, before adding it
        again. None: no attempt can have added it."""
        ...

    async def find(self, channel: str, card_key: str) -> MessageRef | None:
        """Look up a message already posted for this card key, so a retry after a crash between
        "posted" and "recorded" edits instead of posting twice. None when unknown."""
        ...


SANDBOX_SCHEME = "sandbox"


class PublishResult(Record):
    id: str
    url: str | None = None

    @classmethod
    def in_sandbox(cls, id: str, url: str | None) -> PublishResult:
        """The sandbox publisher's result: its sandbox://<account>/<n> address is kept, which
        no network's answer can be (``_one_address``)."""
        return cls.model_validate({"id": id, "url": url}, context={SANDBOX_SCHEME: True})

    @field_validator("url", mode="before")
    @classmethod
    def _one_address(cls, value: object, info: ValidationInfo) -> object:
        """The address a network answers a publish with is any string its server sends
        (Mastodon's status url): it is named in approve's answer and on the approval card,
        so one that is not a single http(s) URL (a line break and a line that reads like
        ours after it) is not kept, and the post's id is named instead."""
        if not isinstance(value, str):
            return value
        shown = value.strip()
        if not shown.isprintable() or any(ch.isspace() for ch in shown) or len(shown) > 2048:
            return None
        try:  # never a reason to fail a publish that happened: at worst, no address
            scheme = urlsplit(shown).scheme.lower()
        except ValueError:  # an unclosed IPv6 bracket
            return None
        # and the sandbox publisher's own sandbox://<account>/<n> (docs/operations.md), which
        # says on the card that the post went nowhere: only its own (``in_sandbox``), or a
        # network answering with one would have a public post read as one that went nowhere
        sandbox = scheme == SANDBOX_SCHEME and bool((info.context or {}).get(SANDBOX_SCHEME))
        return shown if scheme in ("http", "https") or sandbox else None


class Publisher(Protocol):
    """Posts approved text back to a social network."""

    network: str

    async def publish(
        self, text: str, *, reply_to: str | None, idempotency_key: str,
        maybe_published: bool = False, attempted_since: datetime | None = None
    ) -> PublishResult:
        """Post once per ``idempotency_key``. ``maybe_published``: an earlier attempt may have
        posted (a crash or an ambiguous failure); a network without idempotency keys must
        look for that post before posting again. ``attempted_since``: when publishing this
        text was first attempted (the approval's record); that look takes no post made
        before it (less a clock-skew allowance) for ours, since the same text may have been
        posted before (None: not known)."""
        ...


#: Set by the approvals handler around a publisher's call: a publisher that looked for an
#: earlier attempt's post and found none awaits it right before it posts. It answers whether the
#: publishing claim is still this call's, renewing its lease when it is: a look reads several
#: pages (X up to 5, Mastodon up to 26 requests), each within the source's timeout, so it can
#: outlast the lease while another process takes the publish over, looks, finds nothing yet
#: and posts. False: the publisher posts nothing and raises ``ClaimEnded``.
PUBLISH_CLAIM: ContextVar[Callable[[], Awaitable[bool]] | None] = ContextVar(
    "publish_claim", default=None)

#: Set by the approvals handler around a publisher's call: when the approval being published was
#: drafted (its ``created_at``). Unlike ``attempted_since``, read from the publishing claims in
#: its history, no claim lost changes it (a Redis restarted from a snapshot taken before the
#: claim, an evicted key): a publisher whose post's address is derived from the approval (Bluesky's
#: record key) knows an earlier attempt's post for its own by it. None outside a publish.
PUBLISH_DRAFTED: ContextVar[datetime | None] = ContextVar("publish_drafted", default=None)

#: Set by the approvals handler around a publisher's call: the earliest time the approval's post
#: can have been made by anything the store still holds, which no claim lost moves: the latest
#: of when it was drafted, approved and scheduled for (a store that loses a write loses every
#: later one too, so a claim lost came after each of them). A look for an earlier attempt's
#: post (``LookBeforeRetry``) takes no post older than this or the first attempt on record,
#: whichever is earlier. None outside a publish.
PUBLISH_NOT_BEFORE: ContextVar[datetime | None] = ContextVar("publish_not_before", default=None)

#: Set by the approvals handler around a publisher's call: True when the store its publishing
#: claims are kept in can lose a write it acknowledged (a Redis: restarted from a snapshot taken
#: before the claim, or failed over to a replica that had not received it), so a try whose
#: record shows no earlier claim may still follow one that posted. A publisher that cannot make
#: its post idempotent (X, Reddit, a Mastodon ignoring ``Idempotency-Key``) then looks for it
#: before posting, as after a claim it knows of. False outside a publish.
PUBLISH_CLAIMS_LOSSY: ContextVar[bool] = ContextVar("publish_claims_lossy", default=False)


#: Set by the approvals handler around a publisher's call: what each of the approval's publishing
#: claims that may have posted recorded of who was posting (``SignedPublisher.posted_as``, kept
#: with the claim before its post), oldest first; a claim that recorded none (one an earlier
#: release made, or made while the network did not say) is left out. A publisher whose look
#: tells its own post by what made it (Mastodon's ``application``) takes the post of any of
#: them for its own: the token in use now may be another application's than the one that posted
#: (swapped by the operator between the post and its retry). One that recorded another account
#: than the credentials in use post as (X, Reddit, Bluesky, Mastodon) makes the look raise:
#: that post is among the other account's, not this one's. Empty outside a publish.
PUBLISH_POSTED_AS: ContextVar[tuple[str, ...]] = ContextVar("publish_posted_as", default=())


@runtime_checkable
class SignedPublisher(Publisher, Protocol):
    """A publisher that says who it posts as (the account: X's user, Reddit's, Bluesky's DID;
    on Mastodon the token's application too, shown on the account's own statuses), which its
    look for an earlier attempt's post compares with what earlier claims recorded."""

    async def posted_as(self) -> str | None:
        """Who posts now, in one short line of the publisher's own making (under 300
        characters), which the approvals handler records with each publishing claim, before
        the post, and gives back to later tries (``PUBLISH_POSTED_AS``); None when the network
        does not say. Never raises."""
        ...


@runtime_checkable
class HomedPublisher(Publisher, Protocol):
    """A publisher that posts on one server of a network whose accounts are ``@user@server``
    (Mastodon's): ``home``, that server's host, where ``@user`` alone names an account;
    ``server``, its host and port, whose post ids are its own; ``own_handle``, the account it
    posts as (``user@server``), or None when the server does not say."""

    home: str
    server: str

    async def own_handle(self) -> str | None: ...

    async def resolve(self, url: str) -> str:
        """This server's id for the post at ``url`` (a post of any server, read by a source
        on another), fetched by the server as its clients open one. Raises ``PublishError``
        (found nothing, the token refused: in one line, nothing posted), ``RateLimited``, or
        ``PublishUncertain`` (a timeout, a 5xx: tried again)."""
        ...


@runtime_checkable
class LimitedPublisher(Publisher, Protocol):
    """A publisher whose account's posts have a limit of their own (X's per account, a
    Mastodon instance's): asked when a draft is written, not when it publishes."""

    async def post_problem(self, text: str) -> str | None:
        """Why ``text`` is too long to be a post of this account, in one line (the count, the
        limit and how much over), or None. Never raises: a limit it cannot learn is assumed."""
        ...


class Facts(Protocol):
    """Facts about one mention for the rules. Costly ones (sentiment, intent) are computed on
    first use and cached, so a rule that never asks never pays."""

    @property
    def mention(self) -> Mention: ...
    def folded(self) -> str:
        """The text in ``bot.core.text.fold`` form, computed once per mention and shared by
        dedup, the router and the matchers."""
        ...
    def language(self) -> str | None: ...
    def sentiment(self) -> Sentiment: ...
    def intent(self) -> Intent: ...


class Suppressed(Record):
    route: str
    reason: str  # "silenced by S-1 (who, why)", "quiet hours", "inhibited by crisis", ...


class RoutingDecision(Record):
    hits: tuple[RouteHit, ...] = ()
    keywords: tuple[str, ...] = ()
    suppressed: tuple[Suppressed, ...] = ()
    # (ticket route, subscription hit): a subscription's alert left out because the ticket
    # route's card in its channel shows the post there, kept for when it does not (the post
    # joins a ticket carded in another channel: only the store knows), then posted instead
    standing_in: tuple[tuple[str, RouteHit], ...] = ()
    # (subscription route, why it made no card of its own): another card shows the post in
    # its channel (a route's, or another subscription's), for ``why``; neither a hit nor a
    # suppression, so no count or metric has them
    repeats: tuple[tuple[str, str], ...] = ()


class Router(Protocol):
    """Pure: decides which routes fire for a mention. Time is passed in, never read."""

    def route(self, facts: Facts, now: datetime) -> RoutingDecision: ...


class InteractionHandler(Protocol):
    """What workspaces call when a person clicks, reacts or types a command. Answers within the
    platform's 3 s window are the workspace's job (ack first); this may take longer."""

    async def handle(self, interaction: Interaction) -> Reply: ...


class Completions(Protocol):
    """Ids a person may be typing (chat autocomplete): ``kind`` is "ticket", "approval",
    "any", "schedule" (an on-call schedule's name) or "subscription" (the subscriptions of
    ``channel`` in ``workspace``, where it is asked); answers ``(id, label)`` pairs, at most
    ``limit``."""

    async def complete(self, kind: str, typed: str, *, limit: int = 25,
                       workspace: str | None = None, channel: str | None = None
                       ) -> list[tuple[str, str]]: ...


class HomeSource(Protocol):
    """A person's home screen (``bot.core.home.Home``) for a chat user of a workspace."""

    async def home(self, workspace: str, user: str) -> Home: ...


class AuthorHistory(Protocol):
    async def context(self, mention: Mention) -> AuthorContext: ...
