"""The core records of socialops (DESIGN §2).

Every record is a frozen pydantic v2 model, stored and exchanged as JSON, never pickled.
Collections are tuples so a frozen record is immutable all the way down.

Records that people race on (Ticket, Approval, Subscription) carry a ``version``; the store's
compare-and-set bumps it, so exactly one of two concurrent transitions wins.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, NamedTuple

import regex
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from bot.core.redact import Redaction
from bot.core.text import graphemes, is_blank, one_line, scrub_deep, scrub_field

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
# A ticket's priority, as PagerDuty names incident priorities: P1 the most urgent. A ticket
# without one has none (None), which sorts after P5.
Priority = Literal["P1", "P2", "P3", "P4", "P5"]
PRIORITIES: tuple[Priority, ...] = ("P1", "P2", "P3", "P4", "P5")
NoPriority = Literal["none"]
# how a ticket without one is typed (`priority T-3 none`) and shown, and how a child route in the
# rules file drops its parent's (`priority: none`)
NO_PRIORITY: NoPriority = "none"


def priority_of(word: str) -> Priority | None:
    """``p1``..``p5`` (either case) as a priority; None for anything else."""
    up = word.strip().upper()
    return next((p for p in PRIORITIES if p == up), None)


# A ticket's tags, as a social inbox's (Sprout Social, Hootsuite): words the team gives a
# ticket to find and count it by (``tag T-3 billing``). Lower case, letters (any script, with
# their marks), digits and inner hyphens: nothing a chat platform reads as markup or a ping.
MAX_TAGS = 10  # a ticket's tags, at most
# Letters a tag, at most, as a reader counts them (grapheme clusters: a letter with its marks is
# one): a Tamil or Hindi word's vowel signs and viramas are marks, so counted in code points a
# tag of 21 Tamil letters (35) was refused as longer than 32 letters. The code points are
# bounded too (10 tags in a Discord field of 1,024), and so are the marks on one letter: no
# script stacks more than four, and more draw over the lines around them (zalgo).
TAG_LENGTH = 32
TAG_CODE_POINTS = 64
_STACKED = regex.compile(r"\p{M}{5}")
TAG_RULE = (f"a tag is 1 to {TAG_LENGTH} letters, digits or hyphens, e.g. billing, vip, "
            "follow-up")


# What draws nothing (Default_Ignorable_Code_Point: zero-width characters, bidi marks, variation
# selectors, the combining grapheme joiner, the Hangul fillers) is dropped from a typed tag, as
# ``fold`` drops it from a keyword: 'billing\ufe0f' was a second tag reading as billing, and a
# Hangul filler (U+3164, a letter: Discord's blank name) alone a tag that showed as nothing.
_DRAWS_NOTHING = regex.compile(r"\p{Default_Ignorable_Code_Point}+")
# between typed tags: spaces, and commas as the card lists them ("billing, vip"), a full-width
# or an ideographic one too (an East Asian keyboard's)
_TAG_SEPARATORS = regex.compile(r"[\s,\uff0c\u3001]+")


def tag_words(text: str) -> list[str]:
    """The tags typed in ``text`` (``billing, vip``, ``billing,vip -spam``), each as typed."""
    return [w for w in _TAG_SEPARATORS.split(text) if w]


def tag_of(word: str) -> str | None:
    """A typed tag as stored (``#Billing`` is ``billing``, and so are ``ｂｉｌｌｉｎｇ`` and
    ``𝐁𝐢𝐥𝐥𝐢𝐧𝐠``); None when it is no tag."""
    # NFKC, casefolded, NFKC again (Unicode's NFKC_Casefold): what a full-width keyboard (an
    # East Asian one's ｂｉｌｌｉｎｇ), mathematical letters or a ligature type is the tag it
    # reads as, not a second one ``tickets tag=billing`` misses. Turkish İ folds to i with a
    # dot above (İADE was 'i̇ade', not iade): its lower case is i.
    text = _DRAWS_NOTHING.sub("", unicodedata.normalize("NFKC", word)).strip().removeprefix("#")
    tag = unicodedata.normalize("NFKC", text.casefold().replace("i\u0307", "i"))
    if not 0 < len(tag) <= TAG_CODE_POINTS or not tag[0].isalnum() or tag.endswith("-") \
            or _STACKED.search(tag) or graphemes(tag) > TAG_LENGTH:
        return None
    for ch in tag:
        if not (ch.isalnum() or ch == "-" or unicodedata.category(ch).startswith("M")):
            return None
    return tag


def priority_rank(priority: Priority | None) -> int:
    """P1 first, P5 fifth, none last (for sorting)."""
    return PRIORITIES.index(priority) if priority is not None else len(PRIORITIES)


def unset(value: object) -> bool:
    """A field written only when set is left out of a record's JSON at its default (None, 0,
    empty): records forbid unknown fields, and a release from before the field, reading a
    record that carries it (a Redis stream entry, a dead letter, a stored signal, a queued
    card), would fail on every record, not only on the few that set it. Each field's own
    ``exclude_if``, not a wrap serializer: that made pydantic build every such record (a
    signal's post, a card's fields) as Python objects before writing its JSON, about twice
    the cost of writing it straight (``benchmarks/pipeline.py``, a routed mention)."""
    return not value


class Record(BaseModel):
    """Base of every stored record: frozen, strict about unknown fields, JSON round-trippable."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, data: str | bytes) -> Any:
        return cls.model_validate_json(data)


def _scrubbed_payload(value: dict[str, Any]) -> dict[str, Any]:
    fixed: dict[str, Any] = scrub_deep(value)
    return value if fixed == value else fixed


# Social text, scrubbed on its way into a record (bot.core.text.scrub): a lone surrogate from a
# JSON escape becomes U+FFFD, U+2028/U+2029 newlines. Every normaliser builds a Mention, so its
# fields (and its Author's) are the one edge all social text crosses, and no stage after it can
# meet one (language detection, fingerprints and the store's JSON would crash on them). Done
# per field, after validation: pydantic then reads a mention's JSON straight into the record,
# where a model-wide "before" validator made it build a Python dict first (twice the cost of
# reading a mention, and every mention is read).
Text = Annotated[str, AfterValidator(scrub_field)]  # and cut to MAX_TEXT characters
Payload = Annotated[dict[str, Any], AfterValidator(_scrubbed_payload)]  # keys and values, deep

MAX_ITEMS = 100  # of a mention's links, media, hashtags or handles: the first ones are kept


def _first_items(value: Any) -> Any:
    # before the items are validated: a post of 2 million links costs one slice, not 2 million
    # scrubbed strings kept with every signal
    return value[:MAX_ITEMS] if isinstance(value, list | tuple) else value


Items = Annotated[tuple[Text, ...], BeforeValidator(_first_items)]

MAX_ID = 320  # a mention id: Bluesky's longest (a did:web on a 253-character domain) fits
MentionId = Annotated[Text, StringConstraints(max_length=MAX_ID)]
# The times a post may carry: ones every later stage can convert and store. A hostile payload's
# year 1 with a +01:00 offset overflows in UTC (renderers, the store and Discord's client each
# crashed on it). Compared in UTC by pydantic-core, so the check costs nothing per mention.
# Kept in UTC, whatever offset the network wrote (AT Protocol clients write their own,
# "2026-11-19T23:30:00-05:00"): a trace, the preview and ``fetch`` print the time as UTC, and
# showed the writer's local time so (a day off). Within the bounds the conversion cannot fail.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
PostTime = Annotated[AwareDatetime, Field(ge=EARLIEST, lt=LATEST),
                     AfterValidator(lambda at: at.astimezone(UTC))]


class Author(Record):
    id: Text
    handle: Text
    display_name: Text = ""
    profile_url: Text | None = None
    followers: int | None = None
    verified: bool = False

    def shown(self) -> str:
        """Who wrote the post, on one line, as every line naming them says it: the handle,
        else (a handle that draws nothing: soft hyphens, the braille blank, which ``clean``
        keeps) the display name, else the id. A network sends any string as a handle (a
        Mastodon instance's acct may hold line breaks); "mention by @" named nobody."""
        return next((shown for name in (self.handle, self.display_name, self.id)
                     if not is_blank(shown := one_line(name, 100))), "unknown")


class Mention(Record):
    """One post, comment, reply or feed entry, normalised from any network.

    ``id`` is ``"<network>:<native id>"`` and is the global dedup key.
    """

    # Read from JSON at every line of a replay file and every shared-stream entry: pydantic's
    # reader interns only the field names, not every short value (a handle, a URL, a time
    # seen once): the same record, about a tenth less time reading a mention's JSON
    # (``benchmarks/pipeline.py``). Its Author is read with it, under this setting.
    model_config = ConfigDict(frozen=True, extra="forbid", cache_strings="keys")

    id: MentionId
    network: Network
    source: Text
    url: Text | None = None
    author: Author
    text: Text
    language: Text | None = None  # as declared by the network, when it declares one
    created_at: PostTime
    reply_to: Text | None = None  # native id of the post this one answers
    thread_id: Text | None = None  # native id of the conversation root
    links: Items = ()  # each of these four: the first MAX_ITEMS
    media: Items = ()
    hashtags: Items = ()
    handles: Items = ()  # accounts the post mentions
    metrics: dict[Text, int] = Field(default_factory=dict)
    raw: Payload = Field(default_factory=dict)
    # an edit or delete by its author, as the network said it: ``edit``, this version of the
    # post, edited at ``revised_at``; ``delete``, a tombstone (no author, no text) of a post
    # deleted at ``revised_at``. ``edits``: its author's edits shown on its cards so far.
    # Written only when set (``unset``).
    revision: Literal["edit", "delete"] | None = Field(default=None, exclude_if=unset)
    revised_at: PostTime | None = Field(default=None, exclude_if=unset)
    edits: int = Field(default=0, ge=0, exclude_if=unset)
    # a ``delete`` that was no author's: the post taken down by a ``moderator`` (of a Reddit
    # subreddit, or its filters), by the ``network`` (Reddit's admins, its spam filter), or
    # ``removed`` with no word of who (Reddit's bare "[removed]"); None, deleted by its author.
    # An ``edit`` after such a removal (not after its author's delete) is the post public
    # again (a moderator approved it again: ``Pipeline._revise``)
    removed_by: Literal["moderator", "network", "removed"] | None = Field(default=None,
                                                                          exclude_if=unset)

    @property
    def native_id(self) -> str:
        return self.id.partition(":")[2] or self.id  # a record from before ids were checked

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
    priority: Priority | None = None  # tickets: the route's priority, if it sets one
    tags: tuple[str, ...] = ()  # tickets: the tags they open with (the route's and parents')
    subscription_id: str | None = None
    # noise control, decided by the rules, carried out by the pipeline
    group_key: str | None = None  # alerts with the same key within group_wait become one card
    group_wait: float | None = None  # seconds
    cooldown: float | None = None  # seconds: repeats for the same group_key are held back
    digest_interval: float | None = None  # seconds, for action "digest"
    # a weekly digest's day (0: Monday, the windows' own), for a subscription's
    # ``digest=weekly:friday``; left out when none, so a release before reads every other hit
    digest_day: int | None = Field(default=None, ge=0, le=6, exclude_if=unset)


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


DIGEST_SLACK = 86_400  # seconds a digest's posts are kept past its interval (a late flush)
# a ticket's post is kept as long as the ticket, the team's record (for ever: ten years here)
TICKET_POST_KEPT = 10 * 365 * 86_400


def kept_for(hits: Sequence[RouteHit], ttl: int) -> int:
    """How long a routed post's signal is kept: the dedup window; past the longest digest it
    waits in, which reads it back when it is due; as long as its ticket, whose replies answer
    it and whose card shows it. Kept 72 hours, a weekly digest found three days of its week
    and `why` said nothing of the rest (a review of spikes and digests, 2026-12-06), and a
    ticket four days old could not be answered ("the mention behind T-1 is no longer
    stored"). Each write of a signal keeps it so, the pipeline's and a handler's writing it
    again (a relabel, a translation), which wrote it with the dedup window and so cut a
    ticket's post to 72 hours."""
    kept = [int(h.digest_interval or 3600) + DIGEST_SLACK if h.action == "digest"
            else TICKET_POST_KEPT for h in hits if h.action in ("digest", "ticket")]
    return max([ttl, *kept])


class SignalBrief(NamedTuple):
    """What a routed mention's author context reads of each earlier signal of its author
    (``customer_history``): read out of the stored JSON by the store itself, since parsing up
    to twenty whole signals for three fields cost a frequent author's mention six times the
    context of a new author's."""

    id: str
    compound: float | None  # its sentiment's
    text: str  # its mention's


TraceOutcome = Literal["routed", "unrouted", "duplicate", "crosspost", "dead"]


class TraceHit(Record):
    """One route or subscription that fired for a post, and what came of it."""

    route: str
    action: str
    workspace: str = ""
    channel: str = ""
    outcome: str = ""  # alert, ticket T-3, grouped, held (cooldown), digest, dropped
    card: str | None = None  # the outbox key of the card it made, when it made one


# the author of a post whose author's data were erased (``socialops forget``): its id and handle
ERASED_AUTHOR = "[erased]"
# a trace's ``detail`` once its author's data were erased (``socialops forget``), with the date
ERASED_ON_REQUEST = "erased on request"


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
    language: str | None = None  # as the network declared it (a hint for detection)
    created_at: AwareDatetime
    fetched_at: AwareDatetime
    outcome: TraceOutcome
    detail: str = ""  # the post a cross-post repeats; why a dead one failed
    keywords: tuple[str, ...] = ()
    hits: tuple[TraceHit, ...] = ()
    suppressed: tuple[tuple[str, str], ...] = ()  # (route, reason)

    @model_validator(mode="before")
    @classmethod
    def _written_with_repeats(cls, data: Any) -> Any:
        """The release of 2026-12-02 04:27 (c17b7a8) wrote a post's left-out subscriptions in
        its trace (``repeats``), which the releases before it could not read; they are a mark
        beside it now (``keys.repeats``), and a trace written then is read without them."""
        if isinstance(data, dict) and "repeats" in data:
            data = {k: v for k, v in data.items() if k != "repeats"}
        return data

    @field_validator("detail", mode="before")
    @classmethod
    def _detail_by_rules(cls, value: object) -> object:
        """A dead post's failure, read back with what the log rules hide hidden (tokens,
        webhook URLs' secrets, URL passwords): the pipeline keeps it so since 2026-12-03
        (with the config's secrets); a release before kept the exception's text as it was."""
        return BY_RULES(value) if isinstance(value, str) else value


TRACE_TEXT = 500
BY_RULES = Redaction()  # a recorded failure read back (Trace.detail, DeadItem.reason)


class Gone(Record):
    """A card's message found deleted from its channel (a member or an admin deleted the bot's
    message), as the chat said it: ``message_id``, the one deleted; ``said``, how it was
    found, and who deleted it when the chat says ("Slack answered message_not_found to its
    next edit, and does not say who deleted it")."""

    message_id: str
    said: str


class MessageRef(Record):
    """Where a card was posted, so later updates edit the same message."""

    workspace: str
    channel: str
    message_id: str
    thread_id: str | None = None
    permalink: str | None = None
    # set by a workspace's update that found the card's message deleted: this ref is then the
    # card shown again, or the deleted one's (an alert's card is not shown again). The outbox
    # keeps it for ``why`` (``keys.card_gone``) and stores the ref without it
    gone: Gone | None = Field(default=None, exclude_if=unset)


class ChannelRef(Record):
    """A channel in a workspace (platform channel id)."""

    workspace: str
    channel: str


class HistoryEntry(Record):
    at: AwareDatetime
    actor: str
    action: str
    detail: str = ""


# merged: closed as a duplicate of another ticket (``merged_into``), which carries its posts
TicketStatus = Literal["open", "claimed", "resolved", "merged"]
# the statuses of a ticket someone still works on (the queue's, a post's ticket to attach to)
ACTIVE: tuple[TicketStatus, ...] = ("open", "claimed")


class EscalationStep(Record):
    after_minutes: int
    notify_groups: tuple[str, ...] = ()
    notify_users: tuple[str, ...] = ()
    channel: str | None = None  # an escalation channel to post to
    dm_users: tuple[str, ...] = ()
    # an on-call schedule (bot.core.oncall): who it has on call is pinged when the step's
    # notice is sent, asked then of the schedule the running config declares
    schedule: str | None = None


class EscalationPolicy(Record):
    name: str
    steps: tuple[EscalationStep, ...]
    repeat: int = 0
    # steps of this policy that fire for one channel within this many seconds share one notice
    batch_seconds: int = 30


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
    overdue: bool = False  # its SLA passed while it was unresolved (set once, by its timer)
    snoozed_until: AwareDatetime | None = None
    escalation: EscalationPolicy | None = None  # the policy in force when it opened
    escalation_level: int = 0
    # minutes its chain's claim_timeout was when its holder took it (PagerDuty's acknowledgement
    # timeout in force at the acknowledgement), kept as the claim's reply promised it whatever
    # the config says later; 0: none then; None: taken under a release before 2026-12-07, which
    # recorded none (the chain's, as configured now, applies)
    claim_timeout_minutes: int | None = None
    # the chain whose claim_timeout that was, when another name than ``escalation``'s (the
    # chain its route names, renamed since it opened): the claim's reply, ``status`` and the
    # release say it. Written only when set (schema 18, layout 12)
    claim_timeout_chain: str | None = Field(default=None, exclude_if=unset)
    priority: Priority | None = None  # set by its route or the ``priority`` verb; None: none
    tags: tuple[str, ...] = ()  # sorted, each as ``tag_of`` gives it (the ``tag`` verb)
    channels: tuple[ChannelRef, ...] = ()  # where its card is posted (the outbox knows the refs)
    messages: tuple[MessageRef, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    # ``merge T-4 into T-3``: T-4's merged_into is T-3 (its status merged), T-3's merged lists
    # T-4; later posts of T-4's conversation attach to T-3 (``find_open_ticket``)
    merged_into: str | None = None
    merged: tuple[str, ...] = ()
    version: int = 0

    @property
    def closed(self) -> bool:
        """Resolved, or merged into another ticket: no one works on it any more."""
        return self.status in ("resolved", "merged")


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
    # the post's address, kept for a reply from an account on another server than the one
    # whose source read it (a status id is its server's own): the account's server resolves
    # it to its own id when the reply publishes (``HomedPublisher.resolve``); schema 17,
    # layout 11. None for any other reply, and for a draft stored before
    reply_url: str | None = None
    reply_context: str = ""
    ticket_id: str | None = None
    author: str  # person id of who drafted it
    steps: tuple[ApprovalStep, ...] = (ApprovalStep(approvers=("role:approver",)),)
    current_step: int = 0
    decisions: tuple[Decision, ...] = ()
    content_hash: str
    # the sha256 of every version before this one (recorded since 2026-11-30): a typed approve
    # names one version, never two (handlers.approvals.hash_matches)
    earlier_hashes: tuple[str, ...] = ()
    created_at: AwareDatetime
    expires_at: AwareDatetime | None = None
    # scheduled publishing: not before this time, once approved (None: as soon as approved)
    publish_at: AwareDatetime | None = None
    published_url: str | None = None
    published_id: str | None = None
    error: str | None = None
    # publishing is claimed under a lease before the network call (DESIGN §8)
    publish_attempts: int = 0
    publishing_until: AwareDatetime | None = None
    publishing_by: str | None = None
    # when an approved draft whose last try a network turned back (a 429) or ended without
    # saying whether it posted (a 5xx, a timeout) is tried again, in UTC (schema 13, layout 7):
    # each reader is told it on their workspace's clock (handlers.cards.error_said); None for
    # any other, and for one stored before (its error's own ending says it)
    next_try_at: AwareDatetime | None = None
    channels: tuple[ChannelRef, ...] = ()
    messages: tuple[MessageRef, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    version: int = 0


# the channel a subscription made over Discord's HTTP endpoint with no channel was saved for
# by a release before 2026-11-30 (str(None)): no channel has that id
STRANDED_CHANNEL = "None"


MAX_SUBSCRIPTION_QUERY = 500  # what a chat subscription's query may hold


def subscription_query_problem(query: str) -> str | None:
    """What chat's ``subscribe`` and ``rules test``'s subscriptions refuse of a query's text
    before its words are read, in one line; else None (rules.query.validate_query reads the
    words)."""
    if len(query) > MAX_SUBSCRIPTION_QUERY:
        return f"the query is longer than {MAX_SUBSCRIPTION_QUERY} characters"
    if "\ufffd" in query:  # a Latin-1 terminal's é read by the console, a garbled paste
        return ("the query has \ufffd (U+FFFD), which stands where a character could not be "
                "read (bytes that were not UTF-8), so it would match only posts garbled the "
                "same way; type the query again in UTF-8")
    return None


class SpikeLimits(BaseModel):
    """A subscription's own spike thresholds (``subscribe ... spikes.min_count=3``; a route's
    ``spikes:`` in the rules takes the same names and bounds, ``spikes:`` of socialops.yaml is
    the default of each): each unset is the bot's."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    min_count: int | None = Field(default=None, ge=1, le=1_000_000)
    threshold: float | None = Field(default=None, gt=1.0, le=1000)
    max_p: float | None = Field(default=None, gt=0, le=1)

    def limits(self) -> tuple[int | None, float | None, float | None]:
        return self.min_count, self.threshold, self.max_p

    def said(self) -> str:
        """``spikes.min_count=3 spikes.max_p=0.1``: as typed, the ones set."""
        return " ".join(f"spikes.{k}={v:g}" for k, v in self.model_dump().items()
                        if v is not None)


# what each of a subscription's spike thresholds takes, as a refusal says it
SPIKE_BOUNDS = {"min_count": "from 1 to 1,000,000",
                "threshold": "greater than 1 and at most 1,000",
                "max_p": "above 0 and at most 1"}


def spike_limit_problem(name: str, typed: str) -> str | None:
    """What is wrong with ``spikes.<name>=<typed>`` typed in chat, in one line; None: fine."""
    if name not in SPIKE_BOUNDS:
        return (f"spikes.{name} is no option; spikes.min_count, spikes.threshold or "
                "spikes.max_p")
    kind = "a whole number" if name == "min_count" else "a number"
    if not typed.isascii():
        # Python's int() and float() read a full-width ３ or an Arabic-Indic ٣, which the
        # record's validation refuses: said here, or the subscription met a pydantic dump
        return f"spikes.{name}: {typed[:20]!r} is not {kind} (write it in the digits 0-9)"
    try:
        value = int(typed) if name == "min_count" else float(typed)
    except ValueError:
        return f"spikes.{name}: {typed[:20]!r} is not {kind}"
    try:
        SpikeLimits.model_validate({name: value})
    except ValueError:
        return f"spikes.{name}: {typed[:20]} is out of range: must be {SPIKE_BOUNDS[name]}"
    return None


# the days of the week, from Monday (``datetime.weekday``): a weekly digest's
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
Weekday = Literal["tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class Subscription(Record):
    id: str
    workspace: str
    channel: str
    query: str
    created_by: str
    created_at: AwareDatetime
    mode: Literal["realtime", "digest"] = "realtime"
    digest_interval: Literal["hourly", "daily", "weekly"] | None = None
    # a weekly digest's day when not Monday (``digest=weekly:friday``); left out when none, so
    # a release before reads every other subscription as before
    digest_day: Weekday | None = Field(default=None, exclude_if=unset)
    languages: tuple[str, ...] = ()
    sentiment_max: float | None = None
    sentiment_min: float | None = None
    muted_until: AwareDatetime | None = None
    version: int = 0
    # its series' own spike thresholds; None: the bot's (a keyword it matches keeps the bot's)
    spikes: SpikeLimits | None = None

    def stranded(self) -> bool:
        """Made for the channel "None", which can never deliver: a release before 2026-11-30
        saved so what came over Discord's HTTP endpoint naming no channel (6571250 refuses
        it). Unsubscribed from any channel of its workspace; ``socialops check`` names it."""
        return self.channel == STRANDED_CHANNEL

    def sameness(self, canonical: Callable[[str], str]) -> tuple[str, ...]:
        """What makes two subscriptions the same: the workspace and channel, the query as
        ``canonical`` spells it (``rules.canonical_query``: as the keyword index reads it) and
        the options (digest, languages, sentiment bounds). Not the id, creator or mute."""
        same: tuple[str, ...] = (self.workspace, self.channel, canonical(self.query), self.mode,
                self.digest_interval or "", ",".join(sorted(set(self.languages))),
                repr(self.sentiment_min), repr(self.sentiment_max))
        # its day and thresholds only when set: the key of every subscription made before stays
        if self.digest_day is not None:
            same = (*same, f"on {self.digest_day}")
        return (*same, self.spikes.said()) if self.spikes is not None else same

    def digest_said(self) -> str:
        """How often its digest comes, as ``list`` and ``subscribe`` say it: ``weekly on
        Friday``."""
        if self.digest_interval == "weekly":
            return f"weekly on {(self.digest_day or WEEKDAYS[0]).capitalize()}"
        return str(self.digest_interval)


class PersonLink(Record):
    """A chat account linked from chat (``link <email>``) to a person in ``people:``: kept in
    the store, so every process acts for them alike; ``identities:`` in the config come first.
    ``id`` is ``<workspace>:<user>``."""

    id: str
    workspace: str
    user: str
    person: str
    email: str
    via: Literal["workspace", "admin"]  # the workspace vouched for the email, or an admin
    by: str  # who confirmed: an admin's person id, or the workspace's name
    at: AwareDatetime
    version: int = 0


LinkStatus = Literal["pending", "confirmed", "refused"]


class LinkRequest(Record):
    """``link <email>`` that the workspace could not vouch for: an admin confirms or refuses
    it from its card (``L-3``)."""

    id: str
    status: LinkStatus = "pending"
    workspace: str
    user: str
    person: str
    email: str
    requested_at: AwareDatetime
    decided_by: str | None = None
    channels: tuple[ChannelRef, ...] = ()  # where its card is posted
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


class ShiftOverride(Record):
    """An on-call override made in chat (``oncall primary cover 2h``): ``person`` on call in
    ``schedule`` from ``start`` until ``end``, made by ``by`` at ``at``. The config's
    overrides are its ``schedules[].overrides``, never stored."""

    id: str  # O-<n>
    schedule: str
    person: str
    start: AwareDatetime
    end: AwareDatetime
    by: str
    at: AwareDatetime


class Classification(Record):
    """A post's intent and polarity from the optional model endpoint."""

    intent: Intent
    polarity: SentimentLabel

    def sentiment(self) -> Sentiment:
        compound = {"positive": 0.5, "negative": -0.5}.get(self.polarity, 0.0)
        return Sentiment(compound=compound, label=self.polarity, method="endpoint")
