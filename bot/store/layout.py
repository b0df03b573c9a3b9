"""How the backends lay state out: every SQL table name and Redis key, spelled once.

The logical names (record kinds, marks, timer kinds) are ``bot.core.keys``. Redis keys share one
prefix (default ``socialops:``) so several deployments can share a server. The Lua scripts in
``bot.store.redis_lua`` receive the prefix and derive index keys with the same spelling as here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# SQLite tables
T_KV = "kv"  # dedup marks and claimed values with expiry
T_CURSORS = "cursors"
T_COUNTERS = "counters"
T_RECORDS = "records"  # tickets, approvals, subscriptions (kind, id, version, json)
T_OUTBOX = "outbox"
T_CHANNEL_LEASES = "channel_leases"
T_MESSAGE_REFS = "message_refs"
T_SIGNALS = "signals"
T_GROUP_ITEMS = "group_items"
T_OUTBOX_COUNTS = "outbox_counts"
T_FOOTPRINTS = "footprints"
T_FOOTPRINTS_NEW = "footprints_new"  # the latest, merged into footprints in bulk (SQLite)
T_ROUTING_LOG = "routing_log"
T_SERIES = "series"
T_DEAD = "dead"
T_TRACES = "traces"
T_TRACE_URLS = "trace_urls"  # a post's URL -> its latest trace (SQLite)
T_TRACE_URLS_NEW = "trace_urls_new"  # the latest, merged into trace_urls in bulk
T_TALLIES = "tallies"
T_AUDIT = "audit"
T_LEASES = "leases"
T_TIMERS = "timers"
# tickets by when they opened: an index on an expression of the stored JSON, kept by SQLite
# itself, so every ticket is in it whatever wrote it (read as a Julian day: exact to a few tens
# of microseconds, so a reader takes a margin and compares the stored times)
I_TICKETS_OPENED = "records_ticket_opened"
TICKET_OPENED = "julianday(json_extract(json, '$.created_at'))"

ALL_TABLES = (T_KV, T_CURSORS, T_COUNTERS, T_RECORDS, T_OUTBOX, T_CHANNEL_LEASES,
              T_MESSAGE_REFS, T_SIGNALS, T_FOOTPRINTS, T_FOOTPRINTS_NEW, T_GROUP_ITEMS, T_AUDIT,
              T_LEASES, T_TIMERS, T_ROUTING_LOG, T_SERIES, T_DEAD, T_OUTBOX_COUNTS, T_TRACES,
              T_TRACE_URLS, T_TRACE_URLS_NEW, T_TALLIES)

# the Redis streams that hold whole posts (``RedisKeys.mentions``, ``mentions_dead``), named
# without the prefix: an erasure deletes an author's entries there (``Store.stream_posts``)
ERASABLE_STREAMS = ("mentions", "mentions:dead")

# retention defaults (the config's `store.retention` overrides them)
SENT_SECONDS = 3 * 24 * 3600  # delivered outbox items
REFS_SECONDS = 30 * 24 * 3600  # where a card was posted (edits of older cards post anew)
SERIES_BUCKETS = 2 * 24 * 60  # spike counts: two days of minutes
TALLY_DAYS = 400  # daily delivery receipts: a year and a bit
# a card's latest item waiting (``outbox_held``) and sent (``outbox_shown``) in a channel, at
# most: a held key is removed when its item settles, a shown one outlives the message's ref
LATEST_SECONDS = 31 * 24 * 3600


def parse_time(value: str | None) -> datetime | None:
    """A stored instant (a channel's pace); a damaged value reads as none."""
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


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

    def open_ticket(self, conversation_key: str, customer_key: str) -> str:
        """The open ticket of one customer in one conversation. Before 2026-11-30 the pointer
        was per conversation only (``open-ticket:<conversation>``, the last ticket opened
        there): the scripts still clear it, and find tickets it lost through
        ``customer_open`` (``OPEN_TICKET`` in ``bot.store.redis_lua``)."""
        return f"{self.prefix}open-ticket:{conversation_key}\x00{customer_key}"

    def outbox_item(self, key: str) -> str:
        return f"{self.prefix}outbox:item:{key}"

    def outbox_lane(self, chan: str) -> str:
        """Sorted set (by seq) of the pending item keys of one lane, named as in
        ``outbox_channels`` (workspace NUL channel: its posts; then US and the lane's name:
        its edits, ``keys.lane_channel``)."""
        return f"{self.prefix}outbox:chan:{chan}"

    @property
    def outbox_channels(self) -> str:
        """Set of channels with pending items."""
        return f"{self.prefix}outbox:channels"

    @property
    def outbox_ready(self) -> str:
        """Sorted set of the lanes whose head (oldest item waiting) was due when the lane last
        changed, scored by that head's seq: a claim takes the oldest cards first."""
        return f"{self.prefix}outbox:ready"

    @property
    def outbox_waiting(self) -> str:
        """Sorted set of the lanes whose head was not yet due, scored by when it is; a claim
        moves those come due to ``outbox_ready``, so it never reads the lanes put off."""
        return f"{self.prefix}outbox:waiting"

    @property
    def outbox_indexed(self) -> str:
        """``outbox_counts`` as this release's scripts last wrote it (each of their counts
        written to both): an earlier release changes the counts alone, with writes that may
        move a lane's head where no index says, so a claim that finds the two differ makes
        ``outbox_ready`` and ``outbox_waiting`` again (``redis_lua.CLAIM``)."""
        return f"{self.prefix}outbox:indexed"

    @property
    def outbox_remade(self) -> str:
        """Until when (the claims' clock) the lane indexes are not made again: at most once
        in ``redis_lua.REMADE`` seconds, however often an earlier release changes a count."""
        return f"{self.prefix}outbox:remade"

    def outbox_held(self, workspace: str, channel: str, card_key: str) -> str:
        """The latest item of a card waiting in its channel, of either lane (written by the
        enqueue script, and by a requeue unless a later one waits): while it waits, an edit
        of that card waits behind it, in its lane (``outbox:chan:`` of ``keys.lane_channel``)."""
        return f"{self.prefix}outbox:held:{workspace}\x00{channel}\x00{card_key}"

    def outbox_shown(self, workspace: str, channel: str, card_key: str) -> str:
        """The latest item of a card that went out in its channel (the highest ``seq`` sent,
        written by the settle script; its message ref's retention): a dead edit of the card
        retried after it carries the card as that one showed it (``coalesce.superseded``)."""
        return f"{self.prefix}outbox:shown:{workspace}\x00{channel}\x00{card_key}"

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

    @property
    def timer_attempts(self) -> str:
        return f"{self.prefix}timer-attempts"

    def opened(self, kind: str) -> str:
        """Sorted set of the ids of one kind by when each opened (tickets; the scripts add a
        ticket as they write it, and ``tickets_opened`` adds any written before it existed)."""
        return f"{self.prefix}{kind}s-opened"

    def status_set(self, kind: str, status: str) -> str:
        """Ids of one kind with one status (tickets, approvals): lists never scan history."""
        return f"{self.prefix}{kind}:status:{status}"

    def customer_open(self, customer_key: str) -> str:
        return f"{self.prefix}customer-open:{customer_key}"

    def channel_subs(self, workspace: str, channel: str) -> str:
        return f"{self.prefix}subs:{workspace}\x00{channel}"

    def side_index(self, kind: str, record_id: str) -> str:
        """Which index sets a record is in now, so a change can take it out of them."""
        return f"{self.prefix}idx:{kind}:{record_id}"

    def customer_all(self, customer_key: str) -> str:
        """Every remembered mention of a customer, routed or not (id by time)."""
        return f"{self.prefix}customer-all:{customer_key}"

    @property
    def routing_log(self) -> str:
        return f"{self.prefix}routing-log"

    def series(self, bucket: int, *, sources: bool = False) -> str:
        """A minute's counts: of spike series, or of each source's volume (kept apart, so each
        reader reads only its own)."""
        return f"{self.prefix}series{'-src' if sources else ''}:{bucket}"

    def dead(self, kind: str) -> str:
        return f"{self.prefix}dead:{kind}"

    @property
    def dead_kinds(self) -> str:
        return f"{self.prefix}dead-kinds"

    @property
    def mentions(self) -> str:
        """The mention stream every process reads (``bot.store.queue``)."""
        return f"{self.prefix}mentions"

    @property
    def mentions_dead(self) -> str:
        """The mention stream's dead letters (``bot.store.queue``): entries delivered too
        often without an ack."""
        return f"{self.prefix}mentions:dead"

    @property
    def outbox_sent(self) -> str:
        """Delivered items by delivery time, for retention."""
        return f"{self.prefix}outbox:sent"

    @property
    def outbox_dead(self) -> str:
        return f"{self.prefix}outbox:dead"

    @property
    def epoch(self) -> str:
        """Set once per data set: its disappearance means Redis lost its data."""
        return f"{self.prefix}epoch"

    @property
    def layout(self) -> str:
        """The data set's layout version (``bot.store.redis.LAYOUT``); a release refuses a
        higher one."""
        return f"{self.prefix}layout"

    def trace(self, mention_id: str) -> str:
        return f"{self.prefix}trace:{mention_id}"

    def trace_url(self, url: str) -> str:
        return f"{self.prefix}trace-url:{url}"

    @property
    def traces(self) -> str:
        """Mention ids by the time they were fetched (previews of a new subscription)."""
        return f"{self.prefix}traces"

    def tally(self, day: int) -> str:
        return f"{self.prefix}tally:{day}"
