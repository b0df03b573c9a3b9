"""An approval waiting for its next publish try as the release before 13 stored it (no
``next_try_at``: its error's own ending says when), and one of this release that no longer
waits for that try (scheduled since), on each store (a SQLite file and a real redis-server).
Which is which is read from the record, not guessed from the error's words: the release before
kept the whole error, ending and all, as its history's entry, this one keeps the network's
words as the error and the entry says the ending after them (review of 151931a)."""

from __future__ import annotations

from datetime import timedelta

from bot.core.effects import Effects
from bot.core.models import HistoryEntry
from bot.core.ports import Store
from handlers.cards import POSTPONED, approval_card, error_said
from tests.handlers.test_withdraw_races import (
    Network,
    answers_odd_429,
    approved_on_berlins_clock,
)
from tests.support.clock import FakeClock

LEGACY = ("mastodon: publish rate limited; tried again at 2026-11-23 09:01 UTC "
          "(10:01 Europe/Berlin)")


async def as_stored_before_13(store: Store, ident: str) -> None:
    """Rewrite the postponed draft as the release before 13 stored it: the whole error, ending
    and all, in its error and its history's entry, no next_try_at."""
    now = await store.get_approval(ident)
    assert now is not None and now.next_try_at is not None
    last = now.history[-1]
    assert last.action == POSTPONED
    fx = Effects()
    fx.update(now.model_copy(update={
        "error": LEGACY, "next_try_at": None, "version": now.version + 1,
        "history": (*now.history[:-1], HistoryEntry(at=last.at, actor=last.actor,
                                                    action=POSTPONED, detail=LEGACY))}),
        expected=now.version)
    assert await store.apply(fx)


async def test_a_429_stored_before_says_its_next_try_on_each_readers_clock(
        store: Store, clock: FakeClock) -> None:
    """The release before ended a 429's error '; tried again at 2026-11-23 09:02 UTC
    (10:02 Europe/Berlin)', on the approvals channel's clock. Upgraded, only a 502's ending
    was read again: a reader on Kolkata's clock (Discord) was shown Berlin's time alone. Now
    that ending is said on the reader's clock too, once, and the next try is still made at
    09:02."""
    network = Network()
    network.limited = 1
    approvals, draft, _ = await approved_on_berlins_clock(store, clock, network)
    now = await store.get_approval(draft.id)
    assert now is not None and now.next_try_at == clock() + timedelta(minutes=1)
    await as_stored_before_13(store, draft.id)
    old = await store.get_approval(draft.id)
    assert old is not None
    said = ("mastodon: publish rate limited; tried again at 2026-11-23 09:01 UTC "
            "(14:31 Asia/Kolkata)")
    assert error_said(old, "Asia/Kolkata") == said, error_said(old, "Asia/Kolkata")
    [error] = [f.value for f in approval_card(old, zone="Asia/Kolkata").fields
               if f.name == "Error"]
    assert error == said, error
    assert error_said(old, "Europe/Berlin") == LEGACY
    clock.advance(minutes=1)
    for timer in await store.take_due(clock(), lease_seconds=60):
        if timer.id.startswith("publish"):
            await approvals.publish_due(timer)
    stored = await store.get_approval(draft.id)
    assert stored is not None and stored.status == "published" and len(network.posts) == 1


async def test_a_draft_scheduled_after_a_429_shows_the_networks_words_as_they_came(
        store: Store, clock: FakeClock) -> None:
    """A 429 whose words end like a 502's ending of ours, then the draft scheduled for
    tomorrow: the schedule clears ``next_try_at`` and keeps the words. Before, the draft then
    read as one stored before 13: the card and status rewrote the network's fake time as our
    next try, and a withdraw cut the words there and said the try may have posted it (a 429
    posts nothing). Now the words are shown whole, and the withdraw keeps them."""
    network = Network()
    odd = answers_odd_429(network)
    approvals, draft, _ = await approved_on_berlins_clock(store, clock, network)
    scheduled = await approvals.schedule(draft.id, "alice", clock() + timedelta(days=1))
    assert scheduled.ok, scheduled
    stored = await store.get_approval(draft.id)
    assert stored is not None and stored.status == "approved" and stored.next_try_at is None
    assert error_said(stored, "Europe/Berlin") == odd, error_said(stored, "Europe/Berlin")
    [error] = [f.value for f in approval_card(stored, zone="Europe/Berlin").fields
               if f.name == "Error"]
    assert error == odd, error
    withdrawn = await approvals.withdraw(draft.id, "alice")
    assert withdrawn.ok and "may have posted" not in withdrawn.text, withdrawn.text
    stored = await store.get_approval(draft.id)
    assert stored is not None
    assert stored.error == f"{odd}; withdrawn before it was tried again", stored.error
