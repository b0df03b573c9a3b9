"""Every logical key socialops stores, and every timer kind, spelled once.

These are the names handlers and the engine use (dedup marks, fingerprints, cooldowns, timer
ids, record kinds). How a backend lays them out physically (Redis key prefixes, SQL tables) is
the store's business: ``bot.store.layout``.
"""

from __future__ import annotations

# record kinds ---------------------------------------------------------------------------------
TICKET = "ticket"
APPROVAL = "approval"
SUBSCRIPTION = "subscription"
SILENCE = "silence"
# a series' spike warnings muted from chat (``mute spikes checkout 2h``, handlers/spike_mutes.py),
# id "<kind>:<key>" (route:checkout, keyword:outage, subscription:S-2)
SPIKE_MUTE = "spikemute"
CORRECTION = "correction"  # a relabelled post (handlers/labels.py), C-<n>
LINK = "link"  # a chat account linked to a person from chat (id "<workspace>:<user>")
LINK_REQUEST = "linkreq"  # a link waiting for an admin (id "L-3")
LINK_HOLDER = "linkholder"  # a person's one chat account there (id "<workspace>:<person>")
# a channel's one subscription of a query and options (id: handlers.subscriptions.same_key)
SUBSCRIPTION_HOLDER = "subholder"
# a person's subscribes in a channel, numbered (id "<workspace>:<channel>:<person>"): two made
# at once both claim the next, so the second counts again (``MAX_PER_PERSON``)
SUBSCRIBE_TURN = "subturn"
# an on-call override made in chat (``oncall primary cover 2h``, handlers/overrides.py), O-<n>
OVERRIDE = "override"
# a plan's row drafted (``socialops draft --from``): the draft it made, while that one waits
# (id: bot.app.bulk.Row.once, a digest of the author, network, account, time and text)
DRAFTED_ONCE = "planrow"

# counters (short ids) and the routing-state version --------------------------------------------
ROUTING = "routing"  # bumped by every change to subscriptions, silences and mutes


def counter_for(kind: str) -> str:
    return kind


# marks and claimed values (kv with expiry) -------------------------------------------------------
def done(mention_id: str) -> str:
    """A mention processed (or set aside): the global dedup mark."""
    return f"m:{mention_id}"


def revised(mention_id: str, revision: str, at: float) -> str:
    """An author's edit (``revision`` "edit", at the network's ``edited_at``) or delete of a
    post acted on: written only if unset, so it is acted on once whichever process, poll or
    stream reads it first."""
    return f"rev:{mention_id}:{revision}:{at:.6f}"


def retried(mention_id: str, dead_at: float) -> str:
    """A dead letter's mention processed again (``socialops dead retry``), marked apart from
    its done mark (still set, so a source reading it again skips it): one per time it was set
    aside, so two retries of one dead letter conflict and a later one, of it set aside again,
    does not."""
    return f"{done(mention_id)}#retry{dead_at:.6f}"


def fingerprint(fp: str) -> str:
    """A cross-post fingerprint, claimed by the first mention that carries it."""
    return f"fp:{fp}"


def cooldown(group: str) -> str:
    return f"cooldown:{group}"


def relabel(signal_id: str, field: str, old: str) -> str:
    """A post's label changed from ``old`` a moment ago (``handlers.labels``)."""
    return f"relabel:{signal_id}:{field}:{old}"


def failures(kind: str, item_id: str) -> str:
    """How often one item failed to process (poison detection)."""
    return f"fail:{kind}:{item_id}"


def replay_guard(platform: str, signature: str) -> str:
    """A signed inbound request already acted on (replay protection)."""
    return f"replay:{platform}:{signature}"


def previewed(token: str) -> str:
    """A subscription previewed in a Discord form, waiting for its Subscribe button
    (``integrations.discord.inbound.StoredPreviews``)."""
    return f"preview:{token}"


def preview_used(token: str) -> str:
    """That preview saved: its Subscribe button saves it no more, in any process."""
    return f"{previewed(token)}:used"


def answered(post_id: str) -> str:
    """The replies published to a post lately (``handlers.approvals.ANSWERED_SECONDS``), newest
    first: what an approver of another reply to it is told, read without the published
    index, which holds every approval ever published."""
    return f"answered:{post_id}"


# group buffers -----------------------------------------------------------------------------------
def held(group: str) -> str:
    return f"held:{group}"


def waiting(group: str) -> str:
    return f"wait:{group}"


def digest_buffer(group: str) -> str:
    return f"digest:{group}"


def flushed(route: str, workspace: str, channel: str, signal_id: str) -> str:
    """The outbox key of the card a group_wait or digest flush posted a signal in, for
    ``why`` (kept as long as the traces)."""
    return f"flushed:{route}|{workspace}|{channel}|{signal_id}"


def digest_posts(digest: str) -> str:
    """Every post a digest card holds (its short id, ``cards.digest_id``), as JSON, for ``why``
    to list those its card leaves out (kept as long as the traces)."""
    return f"digest-posts:{digest}"


def not_kept(route: str, workspace: str, channel: str, signal_id: str) -> str:
    """Beside a ``flushed`` mark saying a digest found the signal no longer stored: the late
    window that digest's card held and why it was late (its Window field), for ``why``. A
    mark of its own, so a release that reads only ``flushed`` reads it as before."""
    return f"not-kept:{route}|{workspace}|{channel}|{signal_id}"


def repeats(post_id: str) -> str:
    """The subscriptions that matched a routed post and made no card of their own, another
    card showing it in their channel (JSON, for ``why``; kept as long as the traces). A mark
    beside the trace, not a field of it: traces are records, which forbid unknown fields, and
    a release before 2026-12-02 reading a trace with a field of this one's fails."""
    return f"repeats:{post_id}"


def escalated(group: str) -> str:
    """Tickets whose escalation step fired for one channel, waiting for its batched notice."""
    return f"escn:{group}"


# per-channel delivery pace (kept with the cursors) ----------------------------------------------
def pace(workspace: str, channel: str) -> str:
    return f"_pace:{workspace}\x00{channel}"


EDITS = "edits"  # the lane of a channel's edits of cards already shown (posts: lane "")


def lane_name(lane: str) -> str:
    """A lane as people read it (``outbox list``, the metrics' ``lane`` label)."""
    return lane or "posts"


def lane_channel(channel: str, lane: str) -> str:
    """What a lane is leased and paced as: the channel itself for its posts, the channel and
    its lane's name for its edits (a unit separator between: no channel id holds one)."""
    return f"{channel}\x1f{lane}" if lane else channel


def split_lane(leased: str) -> tuple[str, str]:
    """``lane_channel`` read back: the channel, and its lane's name ("" for its posts)."""
    channel, _, lane = leased.partition("\x1f")
    return channel, lane


def lines(workspace: str, channel: str) -> str:
    """How many thread lines a channel's edit lane has posted in it (a count): on a chat whose
    thread lines are posts of the channel (Slack), each takes a place of the posts' pace.
    Written only by the holder of the edit lane's lease."""
    return f"_lines:{workspace}\x00{channel}"


def posts_held(workspace: str, channel: str) -> str:
    """Until when a 429 holds a channel's posting calls (its Retry-After): on a chat whose
    thread lines are posts of the channel (Slack), the edit lane's lines wait for it too.
    Written only by the holder of the posts' lease."""
    return f"_posts_held:{workspace}\x00{channel}"


def lines_held(workspace: str, channel: str) -> str:
    """Until when a 429 on an edit's thread line holds a channel's posting calls (its
    Retry-After): on a chat whose thread lines are posts of the channel (Slack), its new cards
    wait for it too. Written only by the holder of the edit lane's lease."""
    return f"_lines_held:{workspace}\x00{channel}"


def lines_paid(workspace: str, channel: str) -> str:
    """How many of those lines the channel's posts have made room for (their pace moved on
    one interval each). Written only by the holder of the posts' lease."""
    return f"_lines_paid:{workspace}\x00{channel}"


def card_gone(workspace: str, channel: str, message_id: str) -> str:
    """A card's message found deleted from its channel (JSON: when, how, who when the chat
    said, and the message it was shown again as, if it was; ``Outbox._gone``): ``why`` of
    its post says it was delivered and then deleted, not delivered alone."""
    return f"_card_gone:{workspace}\x00{channel}\x00{message_id}"


def dead_incidents(workspace: str, channel: str) -> str:
    """A channel's open incidents of dead deliveries, by cause, and the next incident number of
    each cause (JSON; ``Outbox._incident``): written with each give-up and with the first
    delivery to the channel that works again."""
    return f"_dead_incidents:{workspace}\x00{channel}"


SPIKE_STATE = "_spikes"  # the spike detector's baselines (kept with the cursors)
# the cards of the spikes warned of and not yet over, and where they went, to edit at the end
SPIKE_CARDS = "_spike_cards"
# "_forget:<author digest>": the audit id of the latest erasure of that author
# (``handlers.erasure``), swapped by each: two runs at once are one erasure, the other run
# decides again and finds it done
ERASURE_RUN = "_forget"
HEALTH = "_health"  # "_health:<source>": its latest poll error and failing feeds
SOURCE_POLLED = "_polled"  # "_polled:<source>": when any process last polled it (ISO 8601)
# when a process last beat, and the spans no process ran (bot/engine/uptime.py)
ALIVE = "_alive"
OUTAGES = "_outages"
# the digests' schedule in force (digests.at, its zone, the workspaces'), recorded by the
# process started last (handlers/digest_schedule.py): a rolling deploy's old one follows it
DIGEST_SCHEDULE = "_digest_schedule"
# the starts of the spans in it the store caused (JSON): beside it, as a release before
# 2026-12-07 reads only spans of two items and rewrites the record without any other
OUTAGES_STORE = "_outages_store"
SOURCE_BASELINES = "_source_volumes"  # each source's usual volume, for silence alerts
# the clock of its hours of the day, beside it (handlers/source_health.py: a release before
# health.timezone rewrites that cursor whole)
SOURCE_HOURS_CLOCK = "_source_volumes_clock"
SOURCE_SERIES = "source\x1f"  # per-minute volume of a source: "source\x1f<id>"

# timers ---------------------------------------------------------------------------------------
# A timer id is "<kind>:<subject>"; the engine's timer registry dispatches on the kind.
ESCALATION = "esc"
EXPIRY = "expire"
PUBLISH = "publish"
PUBLISH_AT = "publish_at"  # "publish_at:<approval>": an approved draft's scheduled time
GROUP_FLUSH = "group"
DIGEST_FLUSH = "digest"
SPIKE_CHECK = "spikes"
PRUNE = "prune"
SOURCE_HEALTH = "health"
RECEIPT = "receipt"
TRANSLATE = "translate"  # "translate:<signal id>": the model endpoint translates a card's post
SLA = "sla"  # a ticket's SLA due time: marks it overdue
SNOOZE = "snooze"  # "snooze:<ticket>": its snooze's end, which the card and the history say
# "claimed:<ticket>": when its claim times out (its chain's claim_timeout), or the next look
# at whether its claimer's chat account is gone
CLAIM_TIMEOUT = "claimed"
ESCALATION_NOTICE = "escnote"  # one notice for the escalation steps batched in a channel
HANDOFF = "handoff"  # "handoff:<schedule>@<unix time>": a schedule's handoff, said in its channel


def timer(kind: str, subject: str) -> str:
    return f"{kind}:{subject}"


def timer_kind(timer_id: str) -> str:
    return timer_id.split(":", 1)[0]
