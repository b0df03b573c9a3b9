"""Edits of one card taken together while they wait: a card claimed, unclaimed and claimed
again while the chat is slow sends one edit, not three. Both stores call ``coalesced`` as they
queue an edit, in the same write, when the card's latest waiting item is an edit no attempt
has begun (``started`` 0: none may have shown it or its thread line); that edit is then
recorded as sent, and the new one, queued in its lane as any edit, carries both."""

from __future__ import annotations

from bot.core.cards import OutboxItem


def coalesced(waiting: OutboxItem, later: OutboxItem) -> OutboxItem:
    """``later`` in place of ``waiting``: the later card (the latest state wins), every
    thread line of both in order (one message; no line lost, none twice), each person it
    pings once, waiting since the first (its give-up window) and not due before it was (a
    429's Retry-After holds the merged edit too)."""
    notes = [n for n in (waiting.card.thread_note, later.card.thread_note) if n]
    pinged = tuple(dict.fromkeys((*waiting.card.thread_mention_users,
                                  *later.card.thread_mention_users)))
    card = later.card.model_copy(update={"thread_note": "\n".join(notes) or None,
                                         "thread_mention_users": pinged})
    return later.model_copy(update={
        "card": card, "created_at": min(waiting.created_at, later.created_at),
        "next_attempt_at": max(waiting.next_attempt_at, later.next_attempt_at)})


# Thread lines carried by one edit, at most (characters): one message, well under Slack's
# 40,000 and at Discord's 2,000 less a margin (a card claimed and unclaimed all through an
# outage would otherwise grow one line the chat refuses, losing them all)
LINES_MAX = 1_800


def replaceable(waiting: OutboxItem, started: int, later: OutboxItem) -> bool:
    """Whether a waiting item may be replaced by ``later``, an edit of its card: an edit (a
    card's first post has its own message to make) no attempt has begun, whose lines and the
    later's fit in one message."""
    lines = len(waiting.card.thread_note or "") + len(later.card.thread_note or "") + 1
    return (waiting.update_of is not None and waiting.status == "pending" and started == 0
            and lines <= LINES_MAX)


def sent_with(waiting: OutboxItem) -> OutboxItem:
    """The replaced edit as stored: sent, with the edit that carries it."""
    return waiting.model_copy(update={"status": "sent"})
