"""Edits of one card taken together while they wait: a card claimed, unclaimed and claimed
again while the chat is slow sends one edit, not three. Both stores call ``coalesced`` as they
queue an edit, in the same write, when the card's latest waiting item is an edit no attempt
has begun (``started`` 0: none may have shown it or its thread line); that edit is then
recorded as sent, and the new one, queued in its lane as any edit, carries both. An edit of a
card whose first post still waits, no attempt begun, is taken into the post instead
(``takes_in``): the post goes out showing the card as it is now, the edit recorded as sent.
One with a thread line (a ticket's card: its post edited or deleted, claimed) still waits
behind the post for its line, but the post shows its card too (``shows``), whatever waits
between them: a deleted post's words never reach the channel, not even until the edit
follows."""

from __future__ import annotations

from bot.core.cards import OutboxItem


def coalesced(waiting: OutboxItem, later: OutboxItem) -> OutboxItem:
    """``later`` in place of ``waiting``: the later card (the latest state wins), every
    thread line of both in order (one message; no line lost, none twice), each person it
    pings once, waiting since the first (its give-up window) and not due before it was (a
    429's Retry-After holds the merged edit too)."""
    notes, pinged = _together(waiting, later)
    card = later.card.model_copy(update={"thread_note": notes or None,
                                         "thread_mention_users": pinged})
    return later.model_copy(update={
        "card": card, "created_at": min(waiting.created_at, later.created_at),
        "next_attempt_at": max(waiting.next_attempt_at, later.next_attempt_at)})


def _together(waiting: OutboxItem, later: OutboxItem) -> tuple[str, tuple[str, ...]]:
    """The thread lines of both edits in order, as one message, and each person they ping,
    once, in order: what the edit carrying both would show."""
    notes = [n for n in (waiting.card.thread_note, later.card.thread_note) if n]
    pinged = dict.fromkeys((*waiting.card.thread_mention_users, *later.card.thread_mention_users))
    return "\n".join(notes), tuple(pinged)


# Thread lines carried by one edit, at most, as the chat shows them (characters): one message,
# well under Slack's 40,000 and at Discord's 2,000 less a margin (a card claimed and unclaimed
# all through an outage would otherwise grow one line the chat refuses or cuts, losing lines).
# Counted as shown, not as typed: Discord escapes a post's markdown (``*`` is ``\\*``: each
# such character counts two, as does one of two UTF-16 units) and each person pinged is an
# ``<@id>`` after the lines (``PING_SHOWN``: a 20-digit snowflake and its space).
LINES_MAX = 1_800
PING_SHOWN = 24
# People one thread line pings, at most: Discord's and Slack's workspaces ping 20 of a note's
# and drop the rest, so lines whose people together are more go apart, each pinging its own
PINGS_MAX = 20
_ESCAPED = frozenset("\\*_~`|>#-[]()<>:@/{}.^+")


def shown_length(note: str) -> int:
    """``note``'s length as a chat may show it, at most (escaped, in UTF-16 units)."""
    return sum(2 if ch in _ESCAPED or ord(ch) > 0xFFFF else 1 for ch in note)


def replaceable(waiting: OutboxItem, started: int, later: OutboxItem) -> bool:
    """Whether a waiting item may be replaced by ``later``, an edit of its card: an edit (a
    card's first post has its own message to make) no attempt has begun, whose lines and the
    later's fit in one message as shown, pinging at most ``PINGS_MAX`` people."""
    notes, pinged = _together(waiting, later)
    shown = shown_length(notes) + PING_SHOWN * len(pinged)
    return (waiting.update_of is not None and waiting.status == "pending" and started == 0
            and shown <= LINES_MAX and len(pinged) <= PINGS_MAX)


def takes_in(waiting: OutboxItem, started: int, later: OutboxItem) -> bool:
    """Whether ``later``, an edit of a card whose first post still waits (``waiting``: the
    channel paced, a 429, the chat down) with no attempt begun (none may have posted it), is
    taken into that post: the post goes out showing the card as the edit has it (a deleted
    post's words never shown), and the edit is recorded as sent with it (``shown_with``).
    Only an edit without a thread line (a post has no thread to tell): one with a line, or a
    post an attempt began, waits behind the post as any edit."""
    return (waiting.update_of is None and later.update_of is not None
            and waiting.status == "pending" and started == 0
            and not later.card.thread_note and not later.card.thread_mention_users)


def shows(post: OutboxItem, started: int, later: OutboxItem) -> bool:
    """Whether the card's first post (``post``), still waiting with no attempt begun (none
    may have shown it), goes out showing ``later``'s card, an edit of it queued behind it (its
    thread line, or the waiting edits it was taken together with, have a thread to go in only
    once the post is out): the post then shows the card as it is now, and the edit that
    follows only adds the lines."""
    return (post.update_of is None and later.update_of is not None
            and post.status == "pending" and started == 0
            and (post.workspace, post.channel, post.card.key)
            == (later.workspace, later.channel, later.card.key))


def posted_as(waiting: OutboxItem, later: OutboxItem) -> OutboxItem:
    """The waiting post ``waiting`` carrying ``later``'s card (its latest state): its own key,
    place in its lane, due time and give-up window unchanged. Never ``later``'s thread line:
    a post has no thread yet (the edit that follows it carries the line)."""
    return waiting.model_copy(update={"card": later.card.model_copy(update={
        "thread_note": None, "thread_mention_users": (), "thread_key": None})})


def shown_with(later: OutboxItem) -> OutboxItem:
    """The edit taken into its card's waiting post, as stored: sent (its key recorded, so a
    decision made twice queues it once)."""
    return later.model_copy(update={"status": "sent"})


def sent_with(waiting: OutboxItem) -> OutboxItem:
    """The replaced edit as stored: sent, with the edit that carries it."""
    return waiting.model_copy(update={"status": "sent"})


def superseded(dead: OutboxItem, later: OutboxItem | None) -> OutboxItem:
    """A dead edit sent again (``outbox retry``) after ``later``, a later item of its card in
    its channel, went out: the card as that one showed it (its latest state), with the dead
    edit's own thread line, so the retry does not leave the card showing an older state.
    ``dead`` as it is when nothing of its card went out after it, or it is not an edit."""
    if later is None or dead.update_of is None:
        return dead
    card = later.card.model_copy(update={
        "thread_note": dead.card.thread_note,
        "thread_mention_users": dead.card.thread_mention_users,
        "thread_key": dead.card.thread_key})
    return dead.model_copy(update={"card": card})


def settles(claimed: OutboxItem, stored: OutboxItem, new: OutboxItem) -> bool:
    """Whether a settle (``new``) of the item as ``claimed`` is written over ``stored``, the
    item as it is now, still waiting but changed since the claim (another process took the
    lane over after this one's lease lapsed): yes, unless the item was sent again by hand
    since (``outbox retry``: ``requeued`` renews ``created_at``) and the settle is a failure.
    That failure was heard before the retry (a refusal the retry's fix answers, a 500 of the
    attempts before it): written, it set the retried card dead again in silence (its notice's
    key, the first death's, taken) or put the retry off by the old attempt's backoff. A card
    shown is so whatever came after: recorded (its retry would only find it)."""
    return new.status == "sent" or stored.created_at == claimed.created_at
