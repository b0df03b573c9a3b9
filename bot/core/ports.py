"""The seams of socialops: Protocols that integrations, rules and handlers implement or call.

Only the composition root (``bot.app.compose``) knows the concrete classes; everything else
speaks these.
Fakes in tests satisfy them structurally.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from pydantic import AwareDatetime

from bot.core.cards import Card, Interaction, Reply
from bot.core.models import (
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
    Subscription,
    Ticket,
)

Clock = Callable[[], datetime]  # returns an aware UTC datetime; injected so tests control time


OutboxStatus = Literal["pending", "sent", "dead"]


class OutboxItem(Record):
    """One message to deliver. ``key`` is the idempotency key (signal x route x channel for
    alerts; ``<card key>:<channel>:<revision>`` for updates). ``seq`` keeps per-channel order."""

    key: str
    seq: int = 0
    workspace: str
    channel: str
    card: Card
    update_of: str | None = None  # key of the earlier item whose message this one edits
    status: OutboxStatus = "pending"
    attempts: int = 0
    next_attempt_at: AwareDatetime
    last_error: str | None = None
    ref: MessageRef | None = None
    created_at: AwareDatetime


class Store(Protocol):
    """Durable state. Every method is atomic on its own; the ``*_cas`` methods are
    compare-and-set on ``version``: they store ``new`` (whose version must be expected+1) only if
    the stored version equals ``expected_version`` and return whether they did."""

    async def close(self) -> None: ...

    # dedup ---------------------------------------------------------------------------------
    async def mark_seen(self, key: str, ttl_seconds: int) -> bool:
        """Record ``key``; True if it was new (not seen within its TTL)."""
        ...

    async def is_seen(self, key: str) -> bool:
        """True if ``key`` was marked and has not expired (does not mark it)."""
        ...

    async def claim_value(self, key: str, value: str, ttl_seconds: int) -> str:
        """Store ``value`` under ``key`` unless a live value exists; return the live value.
        Used for cross-post fingerprints: the first mention to claim one owns it."""
        ...

    # cursors -------------------------------------------------------------------------------
    async def get_cursor(self, source_id: str) -> str | None: ...
    async def set_cursor(self, source_id: str, value: str) -> None: ...

    # short ids -----------------------------------------------------------------------------
    async def next_number(self, counter: str) -> int:
        """Atomically increment and return a counter (1, 2, 3, ...)."""
        ...

    # tickets -------------------------------------------------------------------------------
    async def create_ticket(self, ticket: Ticket) -> bool: ...
    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...
    async def update_ticket(self, new: Ticket, *, expected_version: int) -> bool: ...
    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]: ...
    async def find_open_ticket(self, conversation_key: str) -> Ticket | None: ...

    # approvals -----------------------------------------------------------------------------
    async def create_approval(self, approval: Approval) -> bool: ...
    async def get_approval(self, approval_id: str) -> Approval | None: ...
    async def update_approval(self, new: Approval, *, expected_version: int) -> bool: ...
    async def list_approvals(self, *, status: str | None = None) -> list[Approval]: ...

    # subscriptions -------------------------------------------------------------------------
    async def create_subscription(self, sub: Subscription) -> bool: ...
    async def get_subscription(self, sub_id: str) -> Subscription | None: ...
    async def update_subscription(self, new: Subscription, *, expected_version: int) -> bool: ...
    async def delete_subscription(self, sub_id: str) -> bool: ...
    async def list_subscriptions(
        self, *, workspace: str | None = None, channel: str | None = None
    ) -> list[Subscription]: ...

    # outbox --------------------------------------------------------------------------------
    async def enqueue(self, item: OutboxItem) -> bool:
        """Add an item unless its key exists. Assigns ``seq``. False for a duplicate key."""
        ...

    async def claim_due(
        self, *, now: datetime, owner: str, lease_seconds: float, limit: int
    ) -> list[OutboxItem]:
        """Lease up to ``limit`` pending items due by ``now``, at most the oldest pending item
        per channel (so per-channel order holds), skipping channels leased by someone else."""
        ...

    async def get_outbox(self, key: str) -> OutboxItem | None: ...
    async def finish(self, key: str, *, owner: str, ref: MessageRef | None) -> None:
        """Mark sent and record where it was posted; release the channel lease."""
        ...

    async def retry_later(
        self, key: str, *, owner: str, at: datetime, error: str, dead: bool = False
    ) -> None: ...
    async def outbox_counts(self) -> dict[str, int]: ...
    async def message_ref(self, card_key: str, workspace: str, channel: str) -> MessageRef | None:
        """The first message posted for ``card_key`` in that channel, for updates."""
        ...

    # signals (enriched mentions, kept for digests, customer context and card rebuilds) -------
    async def put_signal(self, signal: Signal, ttl_seconds: int) -> None: ...
    async def get_signal(self, signal_id: str) -> Signal | None: ...
    async def customer_signals(self, customer_key: str, limit: int = 20) -> list[Signal]:
        """The customer's most recent signals, newest first."""
        ...

    # group buffers (group_wait, digests) -------------------------------------------------------
    async def append_group(self, group: str, item: str) -> int:
        """Append ``item`` to a named buffer; returns the buffer's new length."""
        ...

    async def drain_group(self, group: str) -> list[str]:
        """Atomically take every item of the buffer (oldest first) and empty it."""
        ...

    # audit ---------------------------------------------------------------------------------
    async def append_audit(self, event: AuditEvent) -> None: ...
    async def audit_since(self, since: datetime | None = None) -> list[AuditEvent]: ...

    # leases --------------------------------------------------------------------------------
    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        """Take or renew a named lease; True if ``owner`` holds it now."""
        ...

    async def release_lease(self, name: str, owner: str) -> None: ...

    # timers --------------------------------------------------------------------------------
    async def schedule(self, job_id: str, due_at: datetime, payload: str) -> None:
        """Upsert a one-shot timer. Keyed by id, so re-scheduling replaces it."""
        ...

    async def cancel(self, job_id: str) -> None: ...
    async def take_due(self, now: datetime, limit: int = 100) -> list[tuple[str, str]]:
        """Atomically remove and return (job_id, payload) of due timers: each fires once."""
        ...


class SourceCursorStore(Protocol):
    async def get_cursor(self, source_id: str) -> str | None: ...
    async def set_cursor(self, source_id: str, value: str) -> None: ...


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


class Workspace(Protocol):
    """A chat where cards are posted (console, Slack, Discord)."""

    name: str

    async def post(self, channel: str, card: Card) -> MessageRef:
        """Post a new message. Raises RateLimited / DeliveryError."""
        ...

    async def update(self, ref: MessageRef, card: Card) -> MessageRef:
        """Edit a posted message in place (and add ``card.thread_note`` to its thread)."""
        ...

    async def find(self, channel: str, card_key: str) -> MessageRef | None:
        """Look up a message already posted for this card key, so a retry after a crash between
        "posted" and "recorded" edits instead of posting twice. None when unknown."""
        ...


class PublishResult(Record):
    id: str
    url: str | None = None


class Publisher(Protocol):
    """Posts approved text back to a social network."""

    network: str

    async def publish(
        self, text: str, *, reply_to: str | None, idempotency_key: str
    ) -> PublishResult: ...


class Facts(Protocol):
    """Facts about one mention for the rules. Costly ones (sentiment, intent) are computed on
    first use and cached, so a rule that never asks never pays."""

    @property
    def mention(self) -> Mention: ...
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


class Router(Protocol):
    """Pure: decides which routes fire for a mention. Time is passed in, never read."""

    def route(self, facts: Facts, now: datetime) -> RoutingDecision: ...


class InteractionHandler(Protocol):
    """What workspaces call when a person clicks, reacts or types a command. Answers within the
    platform's 3 s window are the workspace's job (ack first); this may take longer."""

    async def handle(self, interaction: Interaction) -> Reply: ...


class AuthorHistory(Protocol):
    async def context(self, mention: Mention) -> AuthorContext: ...
