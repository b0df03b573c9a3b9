"""The core records of socialops (DESIGN §2).

Every record is a frozen pydantic v2 model, stored and exchanged as JSON, never pickled.
Collections are tuples so a frozen record is immutable all the way down.

Records that people race on (Ticket, Approval, Subscription) carry a ``version``; the store's
compare-and-set bumps it, so exactly one of two concurrent transitions wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from bot.core.text import scrub, scrub_deep

# A network's name: open (a plugin adds networks through bot.core.networks), but shaped, since
# it is the first part of every mention id. Records accept any such name, so one stored while
# a plugin was installed still loads; where a person names a network (a rule's `network:`,
# `draft <network>`), it is checked against the registry.
NETWORK_NAME = r"^[a-z][a-z0-9_]{0,31}$"
Network = Annotated[str, StringConstraints(pattern=NETWORK_NAME)]

SentimentLabel = Literal["positive", "negative", "neutral", "unknown"]
Intent = Literal["complaint", "question", "praise", "lead", "spam", "other"]
INTENTS: tuple[Intent, ...] = ("complaint", "question", "praise", "lead", "spam", "other")
POLARITIES: tuple[SentimentLabel, ...] = ("negative", "neutral", "positive")
LabelField = Literal["intent", "polarity"]  # what a correction changes


class Record(BaseModel):
    """Base of every stored record: frozen, strict about unknown fields, JSON round-trippable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, data: str | bytes) -> Any:
        return cls.model_validate_json(data)


class Author(Record):
    id: str
    handle: str
    display_name: str = ""
    profile_url: str | None = None
    followers: int | None = None
    verified: bool = False

    @model_validator(mode="before")
    @classmethod
    def _scrub(cls, data: Any) -> Any:
        # The edge for names: a lone surrogate from a JSON escape becomes U+FFFD here, so no
        # stage after a normaliser can meet one (see bot.core.text.scrub).
        return _scrubbed(data)


class Mention(Record):
    """One post, comment, reply or feed entry, normalised from any network.

    ``id`` is ``"<network>:<native id>"`` and is the global dedup key.
    """

    id: str
    network: Network
    source: str
    url: str | None = None
    author: Author
    text: str
    language: str | None = None  # as declared by the network, when it declares one
    created_at: AwareDatetime
    reply_to: str | None = None  # native id of the post this one answers
    thread_id: str | None = None  # native id of the conversation root
    links: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()  # accounts the post mentions
    metrics: dict[str, int] = Field(default_factory=dict)
    raw: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _scrub(cls, data: Any) -> Any:
        # Every normaliser builds a Mention, so this is the one edge all social text crosses:
        # lone surrogates become U+FFFD (language detection, fingerprints and the store's JSON
        # would crash on them), U+2028/U+2029 become newlines. One pass over the input, which
        # is left as it is for the usual post that has neither (this runs for every mention).
        return _scrubbed(data)

    @property
    def native_id(self) -> str:
        return self.id.split(":", 1)[1]

    @property
    def customer_key(self) -> str:
        """Identifies the customer across mentions: network plus author id."""
        return f"{self.network}:{self.author.id}"

    @property
    def conversation_key(self) -> str:
        return f"{self.network}:{self.thread_id or self.reply_to or self.native_id}"


class Sentiment(Record):
    compound: float | None = None  # None when the label is "unknown"
    label: SentimentLabel = "unknown"
    method: str = "none"


class AuthorContext(Record):
    previous_mentions: int = 0
    open_tickets: tuple[str, ...] = ()
    recent_sentiment: tuple[float, ...] = ()
    influential: bool = False
    likely_bot: bool = False


class RouteHit(Record):
    """One route that fired for a signal, with why."""

    route: str
    action: Literal["alert", "ticket", "digest", "drop", "approval"]
    workspace: str
    channel: str
    reasons: tuple[str, ...] = ()
    mention_users: tuple[str, ...] = ()
    mention_groups: tuple[str, ...] = ()
    sla_minutes: int | None = None
    escalation: str | None = None
    subscription_id: str | None = None
    # noise control, decided by the rules, carried out by the pipeline
    group_key: str | None = None  # alerts with the same key within group_wait become one card
    group_wait: float | None = None  # seconds
    cooldown: float | None = None  # seconds: repeats for the same group_key are held back
    digest_interval: float | None = None  # seconds, for action "digest"


class Signal(Record):
    """A Mention plus its enrichment and the routes that fired."""

    mention: Mention
    language: str | None = None
    language_confidence: float | None = None
    sentiment: Sentiment = Sentiment()
    intent: Intent = "other"
    keywords: tuple[str, ...] = ()
    author_context: AuthorContext = AuthorContext()
    routes: tuple[RouteHit, ...] = ()
    translation: str | None = None  # by the optional model endpoint, for non-English posts

    @property
    def id(self) -> str:
        return self.mention.id


TraceOutcome = Literal["routed", "unrouted", "duplicate", "crosspost", "dead"]


class TraceHit(Record):
    """One route or subscription that fired for a post, and what came of it."""

    route: str
    action: str
    workspace: str = ""
    channel: str = ""
    outcome: str = ""  # alert, ticket T-3, grouped, held (cooldown), digest, dropped
    card: str | None = None  # the outbox key of the card it made, when it made one


class Trace(Record):
    """What happened to one post: kept (``store.retention.traces_days``) so anyone can ask
    ``why`` it was or was not seen, and so a new subscription can preview what it would have
    matched. The text is cut to ``TRACE_TEXT`` characters."""

    id: str
    source: str
    network: str
    url: str | None = None
    author: str = ""
    text: str = ""
    created_at: AwareDatetime
    fetched_at: AwareDatetime
    outcome: TraceOutcome
    detail: str = ""  # the post a cross-post repeats; why a dead one failed
    keywords: tuple[str, ...] = ()
    hits: tuple[TraceHit, ...] = ()
    suppressed: tuple[tuple[str, str], ...] = ()  # (route, reason)


TRACE_TEXT = 500


class MessageRef(Record):
    """Where a card was posted, so later updates edit the same message."""

    workspace: str
    channel: str
    message_id: str
    thread_id: str | None = None
    permalink: str | None = None


class ChannelRef(Record):
    """A channel in a workspace (platform channel id)."""

    workspace: str
    channel: str


class HistoryEntry(Record):
    at: AwareDatetime
    actor: str
    action: str
    detail: str = ""


TicketStatus = Literal["open", "claimed", "resolved"]


class EscalationStep(Record):
    after_minutes: int
    notify_groups: tuple[str, ...] = ()
    notify_users: tuple[str, ...] = ()
    channel: str | None = None  # an escalation channel to post to
    dm_users: tuple[str, ...] = ()


class EscalationPolicy(Record):
    name: str
    steps: tuple[EscalationStep, ...]
    repeat: int = 0


class Ticket(Record):
    id: str  # "T-123"
    status: TicketStatus = "open"
    signal_id: str
    route: str
    customer_key: str
    conversation_key: str
    mention_ids: tuple[str, ...] = ()
    claimer: str | None = None
    created_at: AwareDatetime
    sla_due: AwareDatetime | None = None
    snoozed_until: AwareDatetime | None = None
    escalation: EscalationPolicy | None = None  # the policy in force when it opened
    escalation_level: int = 0
    channels: tuple[ChannelRef, ...] = ()  # where its card is posted (the outbox knows the refs)
    messages: tuple[MessageRef, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    version: int = 0


ApprovalStatus = Literal[
    "pending", "approved", "publishing", "rejected", "expired", "published", "failed"
]


class ApprovalStep(Record):
    approvers: tuple[str, ...]  # person ids, "group:<name>" or "role:<name>"
    mode: Literal["any", "all"] = "any"


class Decision(Record):
    at: AwareDatetime
    person: str
    verdict: Literal["approve", "reject", "edit"]
    step: int
    comment: str = ""
    content_hash: str


class Approval(Record):
    id: str  # "A-7"
    status: ApprovalStatus = "pending"
    text: str
    network: Network
    account: str  # the source/account id the post goes out from
    reply_to: str | None = None  # mention id being answered
    reply_context: str = ""
    ticket_id: str | None = None
    author: str  # person id of who drafted it
    steps: tuple[ApprovalStep, ...] = (ApprovalStep(approvers=("role:approver",)),)
    current_step: int = 0
    decisions: tuple[Decision, ...] = ()
    content_hash: str
    created_at: AwareDatetime
    expires_at: AwareDatetime | None = None
    published_url: str | None = None
    published_id: str | None = None
    error: str | None = None
    # publishing is claimed under a lease before the network call (DESIGN §8)
    publish_attempts: int = 0
    publishing_until: AwareDatetime | None = None
    publishing_by: str | None = None
    channels: tuple[ChannelRef, ...] = ()
    messages: tuple[MessageRef, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    version: int = 0


class Subscription(Record):
    id: str
    workspace: str
    channel: str
    query: str
    created_by: str
    created_at: AwareDatetime
    mode: Literal["realtime", "digest"] = "realtime"
    digest_interval: Literal["hourly", "daily"] | None = None
    languages: tuple[str, ...] = ()
    sentiment_max: float | None = None
    sentiment_min: float | None = None
    muted_until: AwareDatetime | None = None
    version: int = 0


class AuditEvent(Record):
    id: str
    at: AwareDatetime
    actor: str
    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    detail: str = ""


def _scrubbed(data: Any) -> Any:
    """A record's input with ``scrub`` applied to every string in it (nested payloads too);
    the input itself when every string is plain ASCII. Nested records (an ``Author`` in a
    ``Mention``) are left to their own validator."""
    if not isinstance(data, dict):
        return data
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, str):
            if not value.isascii():
                changes[key] = scrub(value)
        elif isinstance(value, dict | list | tuple) and key != "author":
            fixed = scrub_deep(value)
            if fixed != value:
                changes[key] = tuple(fixed) if isinstance(value, tuple) else fixed
    return {**data, **changes} if changes else data


def utc_iso(dt: datetime) -> str:
    return dt.isoformat()


class Correction(Record):
    """One relabelled post (a team's correction of the model: ``label`` in chat). ``language``
    is the language the post was detected in (VADER is a feature of English posts); ``post``
    the mention it was made on, when it came from chat."""

    text: str
    language: str | None = None
    field: LabelField
    old: str
    new: str
    who: str
    at: AwareDatetime
    post: str | None = None

    def model_post_init(self, __context: object) -> None:
        labels = INTENTS if self.field == "intent" else POLARITIES
        if self.new not in labels:
            raise ValueError(f"{self.field} must be one of {', '.join(labels)}, "
                             f"not {self.new!r}")


class Classification(Record):
    """A post's intent and polarity from the optional model endpoint."""

    intent: Intent
    polarity: SentimentLabel

    def sentiment(self) -> Sentiment:
        compound = {"positive": 0.5, "negative": -0.5}.get(self.polarity, 0.0)
        return Sentiment(compound=compound, label=self.polarity, method="endpoint")
