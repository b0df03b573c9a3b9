"""A rejection racing an edit that wrote first, each in a process of its own, on each store (a
SQLite file and a real redis-server): the mirror of test_withdraw_races' edit-first case, which
0806995 fixed for the withdraw only (review of 0806995: 'an edit and a withdraw (or a
rejection) made at once never both take effect')."""

from __future__ import annotations

from bot.core.ports import Store
from tests.handlers.test_withdraw_races import (
    Network,
    later_timers_publish_nothing,
    pending,
    race,
    service,
)
from tests.support.clock import FakeClock


async def test_a_rejection_racing_an_edit_that_wrote_first_rejects_nothing_unseen(
        store: Store, clock: FakeClock) -> None:
    """dave rejects the pending draft while alice edits it: both read it pending, her edit
    writes first, his rejection decides again. Before, it rejected the edited text he had not
    seen, both answered done (alice told her edit waits for approval, the draft rejected).
    Now the rejection is refused saying the draft was edited and how to reject it as it is
    now, and the edited draft waits for approval."""
    network = Network()
    ident = await pending(store, clock, network)
    rejected, edited = await race(
        store, clock, network, held="rejected", other="pending",
        late=lambda s: s.reject(ident, "dave", "not this week"),
        early=lambda s: s.edit(ident, "alice", "Launch day, at noon"))
    assert edited.ok, edited
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "pending", stored.status
    assert not rejected.ok and rejected.text == (
        f"{ident} was not rejected: alice edited it just now (sha256 "
        f"{stored.content_hash[:16]}), so it waits for approval of that text; to reject it "
        f"as it is now, type: reject {ident} <comment>"), rejected.text
    await later_timers_publish_nothing(store, clock, service(store, clock, network))
    assert network.posts == []
