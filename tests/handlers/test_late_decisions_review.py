"""Review of the late-decision answers (ba59335, 2f201e5, 5f5e9ee), on each store (a SQLite file
and a real redis-server): a draft a 429 put off as the release before 13 stored it (no
``next_try_at``: its error's own ending says when) is told to a late approver and listed by
``drafts`` as waiting for the network, with its time, as its card says it; and ``drafts --format
json`` gives a script the next try's time as a field of its own, in UTC."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.core.effects import Effects
from bot.core.models import HistoryEntry
from bot.core.ports import Store
from handlers.cards import POSTPONED
from handlers.drafts import DraftRow, json_line, state
from tests.handlers.test_slow_approver import drafted, service
from tests.handlers.test_withdraw_races import Network
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


async def test_a_late_approver_of_a_429_stored_before_13_is_told_the_network_asked_to_wait(
        store: Store, clock: FakeClock) -> None:
    """Before: 'A-1 was already approved by dave; it is being published' (the stored ending
    was not read), and drafts listed it 'approved, publishing when the network allows' with no
    time, though its card and status say when."""
    network = Network()
    network.limited = 1
    first, second = service(store, clock, network), service(store, clock, Network())
    ident, sha = await drafted(first)
    await first.approve(ident, "dave", shown_hash=sha)
    await as_stored_before_13(store, ident)
    waits = (f"{ident} was already approved by dave; the network asked to wait: mastodon: "
             "publish rate limited; tried again at 2026-11-23 09:01 UTC (10:01 Europe/Berlin)")
    assert (await second.approve(ident, "erin", shown_hash=sha)).text == waits
    assert (await second.reject(ident, "erin", "not today")).text == \
        f"{waits}; to stop it, type: withdraw {ident}"
    old = await store.get_approval(ident)
    assert old is not None
    assert state(old, clock(), "Asia/Kolkata") == (
        "approved, publishing when the network allows: tried again at 2026-11-23 09:01 UTC "
        "(14:31 Asia/Kolkata)")
    row = json.loads(json_line(DraftRow(approval=old, link=None), clock()))
    assert row["next_try_at"] == "2026-11-23T09:01:00+00:00", row


async def test_drafts_json_gives_the_next_try_time_of_a_429_and_of_a_502(
        store: Store, clock: FakeClock) -> None:
    """Before, a script read the next try's time only out of the words of ``state``; now
    ``next_try_at`` (UTC, ISO 8601) says it, null for a draft not waiting for a try."""
    network = Network()
    network.limited = 1
    first = service(store, clock, network)
    ident, sha = await drafted(first)
    row = json.loads(json_line(DraftRow(approval=await store.get_approval(ident),  # type: ignore[arg-type]
                                        link=None), clock()))
    assert row["next_try_at"] is None  # pending
    await first.approve(ident, "dave", shown_hash=sha)
    limited = await store.get_approval(ident)
    assert limited is not None and limited.next_try_at is not None
    row = json.loads(json_line(DraftRow(approval=limited, link=None), clock()))
    assert row["next_try_at"] == limited.next_try_at.astimezone(UTC).isoformat()
    assert datetime.fromisoformat(row["next_try_at"]) == limited.next_try_at
    assert row["state"].endswith("tried again at 2026-11-23 09:01 UTC"), row["state"]
    network = Network()
    network.uncertain = 1
    first = service(store, clock, network)
    ident, sha = await drafted(first)
    await first.approve(ident, "dave", shown_hash=sha)
    unsure = await store.get_approval(ident)
    assert unsure is not None and unsure.status == "approved"
    row = json.loads(json_line(DraftRow(approval=unsure, link=None), clock()))
    assert row["next_try_at"] is not None and "tried again at" in row["state"], row
