"""Review of the late-decision answers (ba59335, 2f201e5, 5f5e9ee), on each store (a SQLite file
and a real redis-server): a draft a 429 put off as the release before 13 stored it (no
``next_try_at``: its error's own ending says when) is told to a late approver and listed by
``drafts`` as waiting for the network, with its time, as its card says it; and ``drafts --format
json`` gives a script the next try's time as a field of its own, in UTC."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.core.cards import button_value, split_button_value
from bot.core.config import ApprovalsConfig, ApprovalStepConfig, ChannelConfig, PersonConfig
from bot.core.effects import Effects
from bot.core.models import Approval
from bot.core.ports import Store
from bot.engine.effects import Applier
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.cards import approval_card, error_said
from handlers.drafts import DraftRow, json_line, state
from handlers.identity import Directory
from tests.handlers.test_next_try_stored_before import as_stored_before_13
from tests.handlers.test_slow_approver import drafted, service
from tests.handlers.test_withdraw_races import Network
from tests.support.clock import FakeClock


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


def two_steps(store: Store, clock: FakeClock, network: Network) -> ApprovalService:
    """Two steps, each any one approver (dave, erin, frank), as a team asks two pairs of eyes
    of one group; an approver of step 1 may not pass step 2 too."""
    return ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"),
                             *(PersonConfig(id=p, role="approver")
                               for p in ("dave", "erin", "frank"))]),
        config=ApprovalsConfig(expire_hours=24, channel="approvals",
                               steps=(ApprovalStepConfig(approvers=("role:approver",)),
                                      ApprovalStepConfig(approvers=("role:approver",)))),
        channels={"approvals": ChannelConfig(workspace="console", id="approvals")},
        publishers={"masto": network}, zones={"console": "Europe/Berlin"})


def approve_click(a: Approval) -> str | None:
    """What a click on ``a``'s card's Approve button (or a 👍 on it) carries back."""
    [button] = [b for b in approval_card(a).buttons if b.action == "approve"]
    return split_button_value(button_value(button.target, button.version))[1]


async def test_a_late_click_on_step_1s_card_does_not_approve_step_2(
        store: Store, clock: FakeClock) -> None:
    """erin presses Approve on the card as it showed step 1, after dave's approval passed
    step 1 (the card's update not yet out). Before, her click was written as step 2's
    approval and published the post: a click she meant as step 1's sent it out. Now a click
    acts on the step its card showed: she is told who passed step 1 and when, and how to
    approve step 2; nothing is approved or published until she approves step 2."""
    network = Network()
    first, second = two_steps(store, clock, network), two_steps(store, clock, network)
    draft, _ = await first.draft(text="Launch day", network="mastodon", account="masto",
                                 author="alice")
    assert draft is not None
    on_step_1 = approve_click(draft)
    assert (await first.approve(draft.id, "dave", shown_hash=on_step_1)).ok
    clock.advance(minutes=2)
    late = await second.approve(draft.id, "erin", shown_hash=on_step_1)
    sha = draft.content_hash[:16]
    assert not late.ok and late.text == (
        f"{draft.id} was not approved: step 1, which your card showed, was approved already "
        "by dave at 2026-11-23 09:00 UTC (10:00 Europe/Berlin); it waits for step 2 of 2 "
        f"now; to approve step 2, type: approve {draft.id} {sha} step=2"), late.text
    now = await store.get_approval(draft.id)
    assert now is not None and now.status == "pending" and now.current_step == 1
    assert [(d.person, d.step) for d in now.decisions] == [("dave", 0)]
    assert network.posts == []
    # dave's own late click on that card says he passed step 1, as before
    again = await second.approve(draft.id, "dave", shown_hash=on_step_1)
    assert not again.ok and "you approved step 1" in again.text, again.text
    # the card as it shows step 2 now, and the typed approve, each approve step 2
    assert (await second.approve(draft.id, "erin", shown_hash=approve_click(now))).text == \
        f"{draft.id} approved and published: https://m.example/1"
    assert len(network.posts) == 1


async def test_a_typed_approve_and_a_one_step_card_act_on_the_current_step(
        store: Store, clock: FakeClock) -> None:
    """A typed ``approve A-1 <sha>`` names a text, not a step: it approves the step the
    draft is at, as before; a one-step draft's card carries no step."""
    network = Network()
    approvals = two_steps(store, clock, network)
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice")
    assert draft is not None
    sha = draft.content_hash[:16]
    assert (await approvals.approve(draft.id, "dave", shown_hash=sha)).ok
    assert (await approvals.approve(draft.id, "erin", shown_hash=sha)).text == \
        f"{draft.id} approved and published: https://m.example/1 (your approval passed step 2 " \
        "of 2, the last)"
    one = service(store, clock, Network())
    single, _ = await one.draft(text="Other day", network="mastodon", account="masto",
                                author="alice")
    assert single is not None and approve_click(single) == single.content_hash


async def test_an_edited_drafts_own_failed_try_replaces_the_earlier_texts_error(
        store: Store, clock: FakeClock) -> None:
    """A 429 put off the first text; the draft is edited twice and approved again, and its
    own try is put off too (then answered 502): what is shown is the new text's error with
    its own next try, never 'before the last edit' nor the first text's time. Held by 73c1862
    (a pin of the review, passing before too)."""
    network = Network()
    network.limited = 1
    approvals = service(store, clock, network)
    ident, sha = await drafted(approvals)
    await approvals.approve(ident, "dave", shown_hash=sha)
    for text in ("Launch day, at noon", "Launch day, at one"):
        assert (await approvals.edit(ident, "alice", text)).ok
    edited = await store.get_approval(ident)
    assert edited is not None and edited.status == "pending"
    assert error_said(edited) == "before the last edit: mastodon: publish rate limited"
    clock.advance(minutes=5)
    network.limited = 1
    told = await approvals.approve(ident, "dave", shown_hash=edited.content_hash[:16])
    assert told.text.endswith("the network asked to wait: mastodon: publish rate limited; "
                              "tried again at 2026-11-23 09:06 UTC (10:06 Europe/Berlin)"), \
        told.text
    now = await store.get_approval(ident)
    assert now is not None
    assert error_said(now) == ("mastodon: publish rate limited; tried again at 2026-11-23 "
                               "09:06 UTC"), error_said(now)
    assert state(now, clock()) == ("approved, publishing when the network allows: tried "
                                   "again at 2026-11-23 09:06 UTC")
    network.uncertain = 1
    clock.advance(minutes=1)
    for timer in await store.take_due(clock(), lease_seconds=60):
        if timer.id.startswith("publish"):
            await approvals.publish_due(timer)
    now = await store.get_approval(ident)
    assert now is not None and now.status == "approved"
    said = error_said(now)
    assert said is not None and said.startswith("mastodon: publish answered 502; trying again")
    assert "before the last edit" not in said and network.posts == []


async def test_a_late_step_1_approver_no_approver_of_step_2_is_told_who_passed_step_1(
        store: Store, clock: FakeClock) -> None:
    """Step 1 a lead's (carol, lena), step 2 an approver's (dave): lena's approve (typed, so
    it names no step) and her reject, after carol passed step 1, were told 'you are not an
    approver for step 2 of A-1', nothing of what happened to the step she came to decide.
    Now the line says who passed step 1 and when, on her clock, before that."""
    network = Network()
    approvals = ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"), PersonConfig(id="carol", role="lead"),
                             PersonConfig(id="lena", role="lead"),
                             PersonConfig(id="dave", role="approver")]),
        config=ApprovalsConfig(expire_hours=24, channel="approvals",
                               steps=(ApprovalStepConfig(approvers=("role:lead",)),
                                      ApprovalStepConfig(approvers=("role:approver",)))),
        channels={"approvals": ChannelConfig(workspace="console", id="approvals")},
        publishers={"masto": network}, zones={"console": "Europe/Berlin"})
    ident, sha = await drafted(approvals)
    assert (await approvals.approve(ident, "carol", shown_hash=sha)).ok
    clock.advance(minutes=4)
    passed = (f"step 1 of {ident} was approved already by carol at 2026-11-23 09:00 UTC "
              f"(10:00 Europe/Berlin); you are not an approver for step 2 of {ident}")
    assert (await approvals.approve(ident, "lena", shown_hash=sha)).text == \
        f"{passed} (approvers: role:approver)"
    assert (await approvals.reject(ident, "lena", "wrong tone")).text == passed
    assert (await approvals.reject(ident, "alice", "no")).text == \
        f"you are not an approver for step 2 of {ident}"  # no approver of step 1 either
    assert network.posts == []


async def test_the_documented_late_answers_of_a_scheduled_and_a_rejected_draft(
        store: Store, clock: FakeClock) -> None:
    """docs/workflows.md's lines for two states ba59335 did not list: a draft approved to go
    out tomorrow (a late approver is told when it publishes, a late rejecter how to stop it)
    and one rejected already (who rejected it)."""
    network = Network()
    first, second = service(store, clock, network), service(store, clock, network)
    draft, _ = await first.draft(text="Winter sale", network="mastodon", account="masto",
                                 author="alice", publish_at=clock() + timedelta(hours=23))
    assert draft is not None
    sha = draft.content_hash[:16]
    await first.approve(draft.id, "dave", shown_hash=sha)
    later = (f"{draft.id} was already approved by dave; it publishes at 2026-11-24 08:00 UTC "
             "(09:00 Europe/Berlin)")
    assert (await second.approve(draft.id, "erin", shown_hash=sha)).text == later
    assert (await second.reject(draft.id, "erin", "not on sale day")).text == \
        f"{later}; to stop it, type: withdraw {draft.id}"
    ident, sha = await drafted(first)
    assert (await first.reject(ident, "erin", "wrong tone")).ok
    assert (await second.approve(ident, "dave", shown_hash=sha)).text == \
        f"{ident} was rejected by erin already, not pending"
    assert network.posts == []


async def test_a_click_on_a_card_of_an_edited_text_is_told_of_the_edit_not_the_step(
        store: Store, clock: FakeClock) -> None:
    """A card showing step 2, then the draft edited (back to step 1, another text): a click
    on that card is told the text it showed is not the current one, with the current text to
    read, never to type an approve of a text it has not seen."""
    network = Network()
    approvals = two_steps(store, clock, network)
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice")
    assert draft is not None
    assert (await approvals.approve(draft.id, "dave", shown_hash=approve_click(draft))).ok
    on_step_2 = await store.get_approval(draft.id)
    assert on_step_2 is not None
    assert (await approvals.edit(draft.id, "alice", "Launch day, at noon")).ok
    told = await approvals.approve(draft.id, "erin", shown_hash=approve_click(on_step_2))
    assert not told.ok and told.text.startswith(
        f"{draft.id} was not approved: the version you named (sha256 "
        f"{on_step_2.content_hash[:16]}) is not its current text"), told.text
    assert "type: approve" not in told.text or "Launch day, at noon" in told.text, told.text
    assert network.posts == []


async def test_a_card_of_a_step_past_99_approves_its_step(store: Store, clock: FakeClock) -> None:
    """The step a card carries is read whatever its number: a draft of 100 steps at its last
    step showed '@100', which split_button_value took for no version at all, so every click
    on that card (and its 👍) was answered 'no approval A-1#<sha>@100' and the draft could be
    approved only by typing. Through the store, as a click's value comes back."""
    network = Network()
    approvals = two_steps(store, clock, network)
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice")
    assert draft is not None
    many = draft.model_copy(update={"steps": draft.steps * 50, "current_step": 99,
                                    "version": draft.version + 1})
    shown = approve_click(many)
    assert shown == f"{draft.content_hash}@100", shown
    fx = Effects()
    fx.update(many, expected=draft.version)
    assert await store.apply(fx)
    told = await approvals.approve(draft.id, "erin", shown_hash=approve_click(
        many.model_copy(update={"current_step": 98})))
    assert not told.ok and "your card showed step 99; it waits for step 100 of 100" in told.text
    assert (await approvals.approve(draft.id, "erin", shown_hash=shown)).text == \
        f"{draft.id} approved and published: https://m.example/1"
    assert len(network.posts) == 1


async def test_a_card_posted_before_steps_were_carried_approves_the_current_step(
        store: Store, clock: FakeClock) -> None:
    """Pins what docs/workflows.md says of a card posted before a947d14 (its value the whole
    hash, no step): a click on it approves the step the draft is at, so a late click on one
    still showing step 1 passes step 2, as before; the card as rendered since carries it."""
    network = Network()
    first, second = two_steps(store, clock, network), two_steps(store, clock, network)
    draft, _ = await first.draft(text="Launch day", network="mastodon", account="masto",
                                 author="alice")
    assert draft is not None
    assert (await first.approve(draft.id, "dave", shown_hash=approve_click(draft))).ok
    now = await store.get_approval(draft.id)
    assert now is not None and approve_click(now) == f"{draft.content_hash}@2"
    assert (await second.approve(draft.id, "erin", shown_hash=draft.content_hash)).text == \
        f"{draft.id} approved and published: https://m.example/1 (your approval passed step 2 " \
        "of 2, the last)"
    assert len(network.posts) == 1
