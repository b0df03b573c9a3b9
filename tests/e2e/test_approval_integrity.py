"""Approvals bind the exact text a second person saw (issue 20), end to end through Slack: an
editor cannot approve their own version, every Approve (button, reaction, command) carries the
content hash of the version it showed, expiry holds at decision time, a ticket is reassigned
only to a configured person, an invisible draft is refused, and a draft's hidden characters
are neither shown nor published."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e import world as world_module
from tests.e2e.test_approvals import drafted_reply, status_of, wait_status
from tests.e2e.test_queue import ask
from tests.e2e.world import (
    ALICE,
    APPROVALS,
    BOB,
    CAROL,
    DAVE,
    ERIN,
    SUPPORT,
    World,
    running_world,
)
from tests.integrations.workspaces.test_slack_contract import slack_view

V1 = "Sorry! We are on it."


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


async def edit(world: World, user: str, approval_id: str, text: str) -> None:
    before = len(world.said_to(user))
    assert await world.slash(user, APPROVALS, f"edit {approval_id} {text}") == 200
    await world.until(lambda: len(world.said_to(user)) > before, "the edit's answer")
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None and approval.text == text, world.said_to(user)[-1]


async def told(world: World, user: str, fragment: str) -> str:
    await world.until(lambda: any(fragment in t for t in world.said_to(user)),
                      f"{user} being told {fragment!r}")
    return next(t for t in reversed(world.said_to(user)) if fragment in t)


async def test_an_editor_cannot_approve_the_version_they_edited(world: World) -> None:
    approval_id, ts = await drafted_reply(world)
    # carol is a lead (may edit anyone's draft) and an approver (role:lead is in the step)
    await edit(world, CAROL, approval_id, "Sorry! A refund is on its way.")
    await world.a.outbox.drain()
    await world.click(CAROL, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await told(world, CAROL, "you edited this post")
    assert await status_of(world, approval_id) == "pending"
    assert world.statuses == []
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await wait_status(world, approval_id, "published")
    assert [s["form"]["status"] for s in world.statuses] == ["Sorry! A refund is on its way."]


async def test_a_stale_approve_button_approves_nothing(world: World) -> None:
    approval_id, ts = await drafted_reply(world)
    seen_v1 = world.button_value(APPROVALS, ts, "approve")  # what dave's client still shows
    assert seen_v1 is not None
    v2 = "Sorry! Nothing is wrong, read our terms."
    await edit(world, ALICE, approval_id, v2)
    await world.a.outbox.drain()
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts,
                      value=seen_v1)
    answer = await told(world, DAVE, "not approved")
    assert v2 in answer and sha(v2)[:16] in answer  # refused with the current text
    assert await status_of(world, approval_id) == "pending"
    assert world.statuses == []
    assert world.button_value(APPROVALS, ts, "approve") == f"{approval_id}#{sha(v2)}"
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await wait_status(world, approval_id, "published")
    assert [s["form"]["status"] for s in world.statuses] == [v2]
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None
    assert [d.content_hash for d in approval.decisions if d.verdict == "approve"] == [sha(v2)]


async def test_a_reaction_approves_the_version_its_message_shows(world: World) -> None:
    approval_id, ts = await drafted_reply(world)
    v2 = "Sorry! Nothing is wrong, read our terms."
    await edit(world, ALICE, approval_id, v2)  # the card update is still in the outbox
    assert V1 in str(world.slack.message(APPROVALS, ts))
    assert await world.react(DAVE, "+1", channel=APPROVALS, message_ts=ts, event_id="Ev1") == 200
    await told(world, DAVE, "not approved")
    assert await status_of(world, approval_id) == "pending" and world.statuses == []
    await world.a.outbox.drain()  # now the message shows v2
    assert await world.react(DAVE, "+1", channel=APPROVALS, message_ts=ts, event_id="Ev2") == 200
    await wait_status(world, approval_id, "published")
    assert [s["form"]["status"] for s in world.statuses] == [v2]


async def test_the_approve_command_needs_the_hash_of_the_text(world: World) -> None:
    approval_id, _ = await drafted_reply(world)
    assert await world.slash(DAVE, APPROVALS, f"approve {approval_id}") == 200
    answer = await told(world, DAVE, "confirm")
    assert V1 in answer and f"approve {approval_id} {sha(V1)[:16]}" in answer
    assert await status_of(world, approval_id) == "pending" and world.statuses == []
    wrong = sha("something else")[:16]
    assert await world.slash(DAVE, APPROVALS, f"approve {approval_id} {wrong}") == 200
    assert V1 in await told(world, DAVE, "not approved")
    assert await status_of(world, approval_id) == "pending" and world.statuses == []
    assert await world.slash(DAVE, APPROVALS, f"approve {approval_id} {sha(V1)[:16]}") == 200
    await wait_status(world, approval_id, "published")
    assert len(world.statuses) == 1


async def test_an_approve_after_expiry_is_refused_before_the_timer_runs(world: World) -> None:
    approval_id, ts = await drafted_reply(world)
    world.clock.advance(hours=24, minutes=1)  # the expiry timer has not fired (process down)
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await told(world, DAVE, "expired")
    assert await status_of(world, approval_id) == "expired"
    assert world.statuses == []
    assert await world.timers() >= 0  # the late timer finds nothing left to do
    assert await status_of(world, approval_id) == "expired"


async def test_unclaim_reassigns_only_to_configured_people(world: World) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1)
    assert await world.slash(ALICE, SUPPORT, "claim T-1") == 200
    await told(world, ALICE, "T-1 claimed")
    assert await world.slash(CAROL, SUPPORT, "unclaim T-1 to=nobody-such") == 200
    await told(world, CAROL, "nobody-such")
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.claimer == "alice"
    assert await world.slash(CAROL, SUPPORT, "unclaim T-1 to=bob") == 200
    await told(world, CAROL, "reassigned to bob")
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.claimer == "bob"


INVISIBLE = "\u200b\u2060\u3164\u200d\u2800\u034f"


async def test_a_draft_of_invisible_characters_is_refused(world: World) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1)
    assert await world.slash(ALICE, SUPPORT, f"reply T-1 {INVISIBLE}") == 200
    await told(world, ALICE, "usage: reply")
    assert await world.slash(ALICE, SUPPORT, f"draft mastodon masto {INVISIBLE}") == 200
    await told(world, ALICE, "empty")
    assert await world.a.store.list_approvals() == []
    assert await world.slash(ALICE, SUPPORT, "reply T-1 Sorry! We are on it.") == 200
    await told(world, ALICE, "A-1")
    assert await world.slash(ALICE, APPROVALS, f"edit A-1 {INVISIBLE}") == 200
    await told(world, ALICE, "the new text is empty")
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.text == V1


# A draft whose characters the card cannot show: a right-to-left override, tag characters
# (text no reader sees, but a language model reading the published reply does), a zero-width
# space and a bell.
HIDDEN = ("Sorry\u202e! Your refund \U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065"
          " is on\u200b its way.\x07")
SHOWN = "Sorry! Your refund  is on its way."


async def test_what_the_approver_reads_is_what_is_published(world: World) -> None:
    """The card shows a draft cleaned of what hides or reorders text; the draft itself kept
    it, and that is what the network got: the approver approved (and the hash bound) a text
    that was not the one published. The draft is now kept as the card shows it, and the
    author is told what was left out."""
    await world.mention("@acme my order is broken again, terrible", n=1)
    answer = await ask(world, ALICE, SUPPORT, f"reply T-1 {HIDDEN}")
    assert answer.startswith("A-1 drafted") and "9 invisible characters left out" in answer, \
        answer
    await world.a.outbox.drain()
    (card,) = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    assert SHOWN in slack_view(card).text
    await world.click(DAVE, "approve", "A-1", channel=APPROVALS, message_ts=str(card["ts"]))
    await wait_status(world, "A-1", "published")
    assert [s["form"]["status"] for s in world.statuses] == [SHOWN]
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.text == SHOWN


# A letter carrying twelve combining marks: the card draws at most SHOWN_MARKS (8) on one
# letter, so the draft is kept, approved and published with eight, as the approver reads it
# (as Hootsuite or Sprout publish the preview approved); the author was not told four were
# left out of what they wrote.
ZALGO = "Sorry! Your refund is on its way H" + "\u0301\u0300" * 6 + "!"
ZALGO_SHOWN = "Sorry! Your refund is on its way H" + "\u0301\u0300" * 4 + "!"


async def test_marks_the_card_cannot_stack_are_left_out_and_the_author_told(
        world: World) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1)
    answer = await ask(world, ALICE, SUPPORT, f"reply T-1 {ZALGO}")
    assert answer.startswith("A-1 drafted") and (
        "4 combining marks left out: a card shows at most 8 on one letter" in answer), answer
    await world.a.outbox.drain()
    (card,) = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    assert ZALGO_SHOWN in slack_view(card).text
    await world.click(DAVE, "approve", "A-1", channel=APPROVALS, message_ts=str(card["ts"]))
    await wait_status(world, "A-1", "published")
    assert [s["form"]["status"] for s in world.statuses] == [ZALGO_SHOWN]
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.content_hash == sha(ZALGO_SHOWN)
    answer = await ask(world, ALICE, SUPPORT, f"reply T-1 {ZALGO_SHOWN}")  # 8: kept whole
    assert answer.startswith("A-2 drafted") and "left out" not in answer, answer


# Marks the card leaves out are counted as the card cuts them: after the invisible characters
# are dropped. Twelve marks half of them COMBINING GRAPHEME JOINERs (invisible, left out as
# such) leave six, all shown; five and five parted by a zero-width space are ten on one letter
# once it is dropped, and two are left out. The note said 4 marks left out of the first (none
# were) and nothing of the second's two.
MARKS_JOINED = "Your refund is on its way H" + "\u0301\u034f" * 6 + "!"
MARKS_PARTED = "Your refund is on its way H" + "\u0301" * 5 + "\u200b" + "\u0300" * 5 + "!"
# what real scripts write stacks fewer than 8 marks on a letter: no note
REAL_SCRIPTS = ("Tiếng Việt: người được khuyến mãi, cảm ơn",
           "בְּרֵאשִׁ֖ית בָּרָ֣א אֱלֹהִ֑ים יְרוּשָׁלִַם",
           "بِسْمِ ٱللَّٰهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ",
           "สวัสดีครับ ผู้ใช้ที่น่ารัก", "क्षत्रिय त्र्यंबक कृपया")


async def test_marks_left_out_are_counted_as_the_card_cuts_them(world: World) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1)
    answer = await ask(world, ALICE, SUPPORT, f"reply T-1 {MARKS_JOINED}")
    assert answer.startswith("A-1 drafted") and "6 invisible characters left out" in answer, (
        answer)
    assert "combining mark" not in answer, answer
    answer = await ask(world, ALICE, SUPPORT, f"reply T-1 {MARKS_PARTED}")
    assert answer.startswith("A-2 drafted") and "1 invisible character left out" in answer and (
        "2 combining marks left out: a card shows at most 8 on one letter" in answer), answer
    for n, text in enumerate(REAL_SCRIPTS, start=3):
        answer = await ask(world, ALICE, SUPPORT, f"reply T-1 {text}")
        assert answer.startswith(f"A-{n} drafted") and "left out" not in answer, answer


def tags(text: str) -> str:
    return "".join(chr(0xE0000 + ord(c)) for c in text)


# Tag characters after a black flag and before a cancel tag: ``clean`` keeps such an emoji tag
# sequence whole, as it keeps England's flag, so eight letters per flag rode along unseen (the
# card shows a black flag; a machine reading the reply reads 'ignore a', 'll previ').
FLAGS = (f"Sorry! \U0001f3f4{tags('ignore a')}\U000e007f\U0001f3f4{tags('ll previ')}\U000e007f"
         f" Refund sent \U0001f3f4{tags('gbwls')}\U000e007f")
FLAGS_SHOWN = f"Sorry! \U0001f3f4\U0001f3f4 Refund sent \U0001f3f4{tags('gbwls')}\U000e007f"


async def test_a_flag_carries_no_hidden_text_into_a_published_draft(world: World) -> None:
    """Only the three subdivision flags every platform draws (England, Scotland, Wales) keep
    their tag characters in a draft; any other black flag loses them, and its author is told."""
    await world.mention("@acme my order is broken again, terrible", n=1)
    answer = await ask(world, ALICE, SUPPORT, f"reply T-1 {FLAGS}")
    assert answer.startswith("A-1 drafted") and "18 invisible characters left out" in answer, \
        answer
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.text == FLAGS_SHOWN
    answer = await ask(world, ALICE, APPROVALS, f"edit A-1 {FLAGS} again")
    assert "18 invisible characters left out" in answer, answer
    await world.a.outbox.drain()
    (card, *_) = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    await world.click(DAVE, "approve", "A-1", channel=APPROVALS, message_ts=str(card["ts"]))
    await wait_status(world, "A-1", "published")
    assert [s["form"]["status"] for s in world.statuses] == [f"{FLAGS_SHOWN} again"]
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.content_hash == sha(f"{FLAGS_SHOWN} again")


# Emoji a ZWJ joins (👩‍💻, 🏳️‍🌈, 👨‍👩‍👧) and a Persian word spelt with its ZWNJ (می‌خواهم) are drawn
# as written; a ZWJ inside a Latin word ("ha\u200dppy") draws nothing.
JOINED = ("Sorry! Our \U0001F469\u200d\U0001F4BB team \U0001F3F3\ufe0f\u200d\U0001F308 is on it "
          "\U0001F468\u200d\U0001F469\u200d\U0001F467 "
          "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645")
JOINED_DRAFT = JOINED.replace("Sorry!", "So\u200drry!")


async def test_a_draft_publishes_joined_emoji_as_one(world: World) -> None:
    """The joiners were dropped with the zero-width space: the card showed and the network got
    "👩💻", a woman and a laptop, "🏳️🌈" and three people for a family."""
    await world.mention("@acme my order is broken again, terrible", n=1)
    answer = await ask(world, ALICE, SUPPORT, f"reply T-1 {JOINED_DRAFT}")
    assert answer.startswith("A-1 drafted") and "1 invisible character left out" in answer, \
        answer
    await world.a.outbox.drain()
    (card,) = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    assert JOINED in slack_view(card).text
    await world.click(DAVE, "approve", "A-1", channel=APPROVALS, message_ts=str(card["ts"]))
    await wait_status(world, "A-1", "published")
    assert [s["form"]["status"].encode() for s in world.statuses] == [JOINED.encode()]
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.content_hash == sha(JOINED)


async def test_an_admin_who_is_an_approver_cannot_approve_the_version_they_edited(
        world: World) -> None:
    """The issue's other case: erin is an admin (admins count as every role, so as an approver
    here); she edits alice's draft, then may not approve it. Another approver publishes it."""
    approval_id, ts = await drafted_reply(world)
    edited = "Sorry! A refund is on its way, from erin."
    await edit(world, ERIN, approval_id, edited)
    await world.a.outbox.drain()
    await world.click(ERIN, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    answer = await told(world, ERIN, "you edited this post")
    assert answer == "you edited this post; someone else must approve it", answer
    assert await status_of(world, approval_id) == "pending"
    assert world.statuses == []
    assert await world.slash(ERIN, APPROVALS, f"approve {approval_id} {sha(edited)}") == 200
    await world.until(lambda: sum("you edited this post" in t
                                  for t in world.said_to(ERIN)) == 2, "the command's refusal")
    assert await status_of(world, approval_id) == "pending" and world.statuses == []
    refused = [e for e in await world.a.store.audit_since(None) if e.action == "refused.approve"]
    assert [e.actor for e in refused] == ["erin", "erin"]
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await wait_status(world, approval_id, "published")
    assert [s["form"]["status"] for s in world.statuses] == [edited]


async def test_a_refused_reassignment_keeps_the_ticket_escalating(world: World) -> None:
    """``unclaim T-1 to=nobody-such`` changes nothing: alice still holds T-1, and once she lets
    it go the escalation chain runs as for any open ticket."""
    await world.mention("@acme my order is broken again, terrible", n=1)
    assert await world.slash(ALICE, SUPPORT, "claim T-1") == 200
    await told(world, ALICE, "T-1 claimed")
    assert await world.slash(CAROL, SUPPORT, "unclaim T-1 to=nobody-such") == 200
    answer = await told(world, CAROL, "nobody-such")
    # one line, and not the list of everyone configured (anyone linked may ask)
    assert answer == ("no person 'nobody-such' to reassign T-1 to: name a person id as in "
                      "socialops.yaml (people:)")
    world.clock.advance(minutes=20)
    await world.timers()
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.claimer == "alice" and ticket.escalation_level == 0
    assert ticket.escalation is not None and ticket.escalation.name == "support-default"
    assert await world.slash(ALICE, SUPPORT, "unclaim T-1") == 200
    await told(world, ALICE, "T-1 unclaimed")
    world.clock.advance(minutes=15)
    await world.timers()
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.status == "open" and ticket.escalation_level == 1
    world.clock.advance(seconds=30)  # the step's notice, batched
    await world.timers()
    notices = [m for m in world.posts(SUPPORT) if "Escalation" in str(m) and "T-1" in str(m)]
    assert len(notices) == 1 and all(f"<@{u}>" in str(notices[0]) for u in (ALICE, BOB, CAROL))


async def test_a_reopened_ticket_escalates_again(world: World) -> None:
    """Resolve stops the chain; reopen starts it again at the step it had reached."""
    await world.mention("@acme my order is broken again, terrible", n=1)
    assert await world.slash(ALICE, SUPPORT, "resolve T-1") == 200
    await told(world, ALICE, "T-1 resolved")
    assert await world.slash(ALICE, SUPPORT, "reopen T-1") == 200
    await told(world, ALICE, "T-1 reopened")
    world.clock.advance(minutes=14)
    await world.timers()
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.escalation_level == 0
    world.clock.advance(minutes=1)
    await world.timers()
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.status == "open" and ticket.escalation_level == 1


@pytest.fixture
async def two_steps(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world with two approval steps: a lead's, then an approver's. Erin, an admin,
    is both (``role:`` matches an admin)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", world_module.CONFIG.replace(
            '    - {{approvers: ["role:approver", "role:lead"], mode: any}}',
            '    - {{approvers: ["role:lead"], mode: any}}\n'
            '    - {{approvers: ["role:approver"], mode: any}}'))
        async with running_world(tmp_path, clock) as w:
            yield w


async def test_one_person_does_not_pass_two_steps(two_steps: World) -> None:
    """A second step is a second pair of eyes. Erin, who may approve at both steps, approved
    step 1 and then step 2 with a second click, and the draft was published on her word
    alone. Whoever approved this text at an earlier step is not one of a later step's
    approvers: step 2 needs dave, and only dave's approval publishes it."""
    world = two_steps
    assert (await ask(world, ALICE, SUPPORT, "draft mastodon masto Our status page moved")
            ).startswith("A-1 drafted")
    (approval,) = await world.a.store.list_approvals()
    approve = f"approve A-1 {approval.content_hash[:16]}"
    assert (await ask(world, ERIN, APPROVALS, approve)).startswith("A-1 approved")
    assert (await world.a.store.get_approval("A-1")).current_step == 1  # type: ignore[union-attr]
    answer = await ask(world, ERIN, APPROVALS, approve)
    assert answer.startswith("you approved step 1 of A-1 already; step 2 needs someone "
                             "else (step 2 still needs dave)"), answer
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.status == "pending" and world.statuses == []
    assert (await ask(world, DAVE, APPROVALS, approve)).startswith(
        "A-1 approved and published: ")
    assert len(world.statuses) == 1


async def test_an_approval_made_before_an_edit_neither_blocks_nor_counts_after_it(
        world: World) -> None:
    """As Hootsuite and Sprout Social void an approval when the post is edited, an edit
    sends the draft back to step 1 with no approval standing. Dave approved A-1 (waiting for
    its time); alice edited it, then edited it back to its first words, and dave, pressing
    Approve on it again, was told `you approved A-1 already; step 1 still needs carol, erin`:
    nothing moved, and a chain whose step has one approver waited until it expired. The
    approvals made before the last edit are void, whatever text they approved."""
    assert (await ask(world, ALICE, SUPPORT, f"draft mastodon masto at=2h {V1}")
            ).startswith("A-1 drafted")
    approve = f"approve A-1 {sha(V1)[:16]}"
    assert (await ask(world, DAVE, APPROVALS, approve)).startswith("A-1 approved; publishes")
    await edit(world, ALICE, "A-1", V1 + " (typo)")
    await edit(world, ALICE, "A-1", V1)  # back to the text dave approved
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.status == "pending"
    answer = await ask(world, DAVE, APPROVALS, approve)
    assert answer.startswith("A-1 approved; publishes at "), answer
    assert await status_of(world, "A-1") == "approved"


async def test_an_all_step_counts_no_approval_made_before_an_edit(tmp_path: Path,
                                                                  clock: FakeClock) -> None:
    """A step every approver must pass (mode: all): carol approved, alice edited the text and
    edited it back, and erin's one approval then passed the step, carol's approval of before
    the edits counted as if no edit had been made. Each approver approves after the last
    edit."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", world_module.CONFIG.replace(
            '    - {{approvers: ["role:approver", "role:lead"], mode: any}}',
            '    - {{approvers: [carol, erin], mode: all}}'))
        async with running_world(tmp_path, clock) as world:
            assert (await ask(world, ALICE, SUPPORT, f"draft mastodon masto {V1}")
                    ).startswith("A-1 drafted")
            approve = f"approve A-1 {sha(V1)[:16]}"
            assert "erin" in await ask(world, CAROL, APPROVALS, approve)  # erin still needed
            await edit(world, ALICE, "A-1", V1 + " (typo)")
            await edit(world, ALICE, "A-1", V1)
            answer = await ask(world, ERIN, APPROVALS, approve)
            assert answer.startswith("A-1: your approval is recorded; step 1 still needs "
                                     "carol"), answer
            assert await status_of(world, "A-1") == "pending" and world.statuses == []
            assert (await ask(world, CAROL, APPROVALS, approve)).startswith(
                "A-1 approved and published: ")
            assert len(world.statuses) == 1


async def test_an_edit_that_changes_nothing_keeps_the_approval(world: World) -> None:
    """An edit typed again unchanged (a form sent again, the text pasted back as it was) sent
    an approved post waiting for its time back to step 1: `A-1 edited (back to pending)`, and
    the post no longer went out at its time unless approved again. An edit that changes no
    character is answered as done already, nothing written, as the other verbs answer a
    change that changes nothing."""
    assert (await ask(world, ALICE, SUPPORT, f"draft mastodon masto at=2h {V1}")
            ).startswith("A-1 drafted")
    assert (await ask(world, DAVE, APPROVALS, f"approve A-1 {sha(V1)[:16]}")
            ).startswith("A-1 approved; publishes")
    answer = await ask(world, ALICE, APPROVALS, f"edit A-1 {V1}")
    assert answer == "A-1 reads so already: nothing changed (approved; it publishes at " \
        "2026-11-23 11:00 UTC)", answer
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.status == "approved"
    assert [d.verdict for d in approval.decisions] == ["approve"]
