"""A draft edited after a try of its earlier text failed (a 429, a 502) says that error was the
earlier text's, on each store (a SQLite file and a real redis-server): the card's Error field,
status and the drafts listing say what is true of the text it holds now, as a Hootsuite or
Sprout Social approver reads an edited post as a new one. The error is kept, marked (a 502's
try of the earlier text may have posted it), and a withdraw of the edited draft says nothing
of a try its text never had."""

from __future__ import annotations

from bot.core.ports import Store
from handlers.cards import approval_card, error_said
from handlers.drafts import state
from tests.handlers.test_withdraw_races import Network, approved_on_berlins_clock
from tests.support.clock import FakeClock


def error_field(card: object) -> str | None:
    return next((f.value for f in card.fields  # type: ignore[attr-defined]
                 if f.name == "Error"), None)


# each draft is approved by approved_on_berlins_clock: the errors read here say no time, so
# the approvals channel's clock (Berlin's) is not what they test
async def test_an_edited_drafts_card_says_the_429_was_the_earlier_texts(
        store: Store, clock: FakeClock) -> None:
    """Before: the card of the edited draft, pending again, still said 'Error: mastodon:
    publish rate limited', the new text's approvers read it as their text's."""
    network = Network()
    network.limited = 1
    approvals, draft, told = await approved_on_berlins_clock(store, clock, network)
    assert "the network asked to wait" in told.text, told.text
    edited = await approvals.edit(draft.id, "alice", "Launch day, at noon")
    assert edited.ok, edited.text
    now = await store.get_approval(draft.id)
    assert now is not None and now.status == "pending"
    said = "before the last edit: mastodon: publish rate limited"
    assert error_said(now) == said
    assert error_field(approval_card(now)) == said
    approved = await approvals.approve(draft.id, "dave", shown_hash=now.content_hash[:16])
    assert "approved and published" in approved.text, approved.text
    assert network.posts == [f"socialops-{draft.id}-{now.content_hash[:16]}"]


async def test_an_edit_after_a_502_keeps_that_the_earlier_text_may_be_out(
        store: Store, clock: FakeClock) -> None:
    """A 502's try of the earlier text may have posted it: withdrawn, then edited, the card
    says so of the earlier text, and the edited draft approved (its timer not run yet) is
    listed as approved, publishing, not waiting for the network."""
    network = Network()
    network.uncertain = 1
    approvals, draft, _ = await approved_on_berlins_clock(store, clock, network)
    withdrawn = await approvals.withdraw(draft.id, "alice", "wrong day")
    assert withdrawn.ok, withdrawn.text
    edited = await approvals.edit(draft.id, "alice", "Launch day, at noon")
    assert edited.ok, edited.text
    now = await store.get_approval(draft.id)
    assert now is not None
    said = error_field(approval_card(now))
    assert said == ("before the last edit: mastodon: publish answered 502; withdrawn before "
                    "it was tried again, but that try may have posted it: look on Mastodon "
                    "as masto"), said
    # approved again, its publish timer not run yet: the listing's state is its own, not
    # the earlier text's wait for the network
    assert state(now.model_copy(update={"status": "approved"}), clock()) == \
        "approved, publishing"
    # withdrawn again before its own try: nothing said of a try its text never had
    again = await approvals.withdraw(draft.id, "alice", "not today")
    assert again.ok, again.text
    gone = await store.get_approval(draft.id)
    assert gone is not None
    assert error_said(gone) == said, error_said(gone)
    assert "may have posted" not in again.text, again.text
