"""Every Redis key and SQL table name socialops uses, spelled once.

Redis keys share one prefix (default ``socialops:``) so several deployments can share a server.
"""

from __future__ import annotations

from dataclasses import dataclass

# SQLite tables
T_KV = "kv"  # dedup marks and claimed values with expiry
T_CURSORS = "cursors"
T_COUNTERS = "counters"
T_RECORDS = "records"  # tickets, approvals, subscriptions (kind, id, version, json)
T_OUTBOX = "outbox"
T_CHANNEL_LEASES = "channel_leases"
T_MESSAGE_REFS = "message_refs"
T_SIGNALS = "signals"
T_GROUPS = "groups"
T_AUDIT = "audit"
T_LEASES = "leases"
T_TIMERS = "timers"

TICKET = "ticket"
APPROVAL = "approval"
SUBSCRIPTION = "subscription"


@dataclass(frozen=True)
class RedisKeys:
    prefix: str = "socialops:"

    def seen(self, key: str) -> str:
        return f"{self.prefix}seen:{key}"

    def cursor(self, source_id: str) -> str:
        return f"{self.prefix}cursor:{source_id}"

    def counter(self, name: str) -> str:
        return f"{self.prefix}counter:{name}"

    def record(self, kind: str, record_id: str) -> str:
        return f"{self.prefix}{kind}:{record_id}"

    def index(self, kind: str) -> str:
        """Set of every id of one kind."""
        return f"{self.prefix}{kind}s"

    def open_ticket(self, conversation_key: str) -> str:
        return f"{self.prefix}open-ticket:{conversation_key}"

    def outbox_item(self, key: str) -> str:
        return f"{self.prefix}outbox:item:{key}"

    def outbox_channel(self, workspace: str, channel: str) -> str:
        """Sorted set (by seq) of pending item keys of one channel."""
        return f"{self.prefix}outbox:chan:{workspace}\x00{channel}"

    @property
    def outbox_channels(self) -> str:
        """Set of channels with pending items."""
        return f"{self.prefix}outbox:channels"

    def outbox_lease(self, workspace: str, channel: str) -> str:
        return f"{self.prefix}outbox:lease:{workspace}\x00{channel}"

    @property
    def outbox_seq(self) -> str:
        return f"{self.prefix}outbox:seq"

    @property
    def outbox_counts(self) -> str:
        return f"{self.prefix}outbox:counts"

    def message_ref(self, card_key: str, workspace: str, channel: str) -> str:
        return f"{self.prefix}msgref:{workspace}\x00{channel}\x00{card_key}"

    def signal(self, signal_id: str) -> str:
        return f"{self.prefix}signal:{signal_id}"

    def customer(self, customer_key: str) -> str:
        return f"{self.prefix}customer:{customer_key}"

    def group(self, name: str) -> str:
        return f"{self.prefix}group:{name}"

    @property
    def audit(self) -> str:
        return f"{self.prefix}audit"

    def lease(self, name: str) -> str:
        return f"{self.prefix}lease:{name}"

    @property
    def timers(self) -> str:
        return f"{self.prefix}timers"

    @property
    def timer_payloads(self) -> str:
        return f"{self.prefix}timer-payloads"
