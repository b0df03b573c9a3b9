"""Approvals end to end: a reply drafted from a ticket through Slack, refused approvals, a
double approve that publishes once on the local Mastodon server, edits, expiry, and the audit
export."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.cli import main
from tests.conftest import FakeClock
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask
from tests.e2e.world import (
    ALICE,
    APPROVALS,
    BOB,
    CAROL,
    DAVE,
    ERIN,
    MALLORY,
    MARKETING,
    SUPPORT,
    World,
    running_world,
)


async def drafted_reply(world: World) -> tuple[str, str]:
    """Alice answers a ticket from chat; returns the approval id and its card's ts."""
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    assert await world.slash(ALICE, SUPPORT, "reply T-1 Sorry! We are on it.") == 200
    await world.until(lambda: any("A-1" in t for t in world.said_to(ALICE)), "the draft")
    await world.a.outbox.drain()
    cards = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    assert len(cards) == 1
    return "A-1", str(cards[0]["ts"])


async def status_of(world: World, approval_id: str) -> str:
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None
    return approval.status


async def wait_status(world: World, approval_id: str, want: str) -> None:
    for _ in range(500):
        if await status_of(world, approval_id) == want:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{approval_id} never became {want}")


async def test_request_shows_text_target_and_context(world: World) -> None:
    _, ts = await drafted_reply(world)
    card = str(world.slack.message(APPROVALS, ts))
    assert "Sorry! We are on it." in card and "Mastodon as masto" in card
    assert "content sha256" in card
    assert "my order is broken again" in card  # the reply context


async def test_non_approver_and_self_approval_are_refused_with_a_message(world: World) -> None:
    approval_id, ts = await drafted_reply(world)
    await world.click(BOB, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await world.until(lambda: world.said_to(BOB), "bob's refusal")
    assert "not" in world.said_to(BOB)[-1].lower()
    await world.click(ALICE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await world.until(lambda: any("drafted this post" in t for t in world.said_to(ALICE)),
                      "the self-approval refusal")
    await world.click(MALLORY, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await world.until(lambda: any("not linked" in t for t in world.said_to(MALLORY)),
                      "the unlinked user's message")
    assert await status_of(world, approval_id) == "pending"
    assert world.statuses == []
    refused = [e.actor for e in await world.a.store.audit_since(None)
               if e.action == "refused.approve"]
    assert sorted(refused) == ["alice", "bob"]


async def test_a_double_approve_publishes_once(world: World) -> None:
    approval_id, ts = await drafted_reply(world)
    # two approvers racing, and one of them double-clicking
    await asyncio.gather(
        world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts),
        world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts),
        world.click(CAROL, "approve", approval_id, channel=APPROVALS, message_ts=ts))
    await wait_status(world, approval_id, "published")
    for _ in range(3):  # let any late click finish
        await asyncio.sleep(0.05)
    assert len(world.statuses) == 1
    sent = world.statuses[0]
    assert sent["form"]["status"] == "Sorry! We are on it."
    assert sent["form"]["in_reply_to_id"] == "1"
    assert sent["key"]
    await world.a.outbox.drain()
    card = str(world.slack.message(APPROVALS, ts))
    assert "/@acme/9001" in card  # the card links the published post
    decisions = [e for e in await world.a.store.audit_since(None)
                 if e.object_id == approval_id and e.action.startswith("approval.")]
    assert any(e.action == "approval.published" for e in decisions)


async def test_an_edit_after_approval_returns_to_pending_and_drafts_expire(
        world: World) -> None:
    # a two-step policy would be approved-but-not-published after step 1; with one step the
    # draft publishes at once, so this edit comes between the request and the approval
    approval_id, ts = await drafted_reply(world)
    await world.slash(ALICE, APPROVALS, f"edit {approval_id} Sorry! Fixed now.")
    await world.until(lambda: len(world.said_to(ALICE)) >= 2, "the edit answer")
    approval = await world.a.store.get_approval(approval_id)
    assert approval is not None and approval.text == "Sorry! Fixed now."
    assert approval.status == "pending"
    world.clock.advance(hours=24, minutes=1)
    await world.timers()
    assert await status_of(world, approval_id) == "expired"
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await world.until(lambda: world.said_to(DAVE), "the late approver's answer")
    assert world.statuses == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
async def test_audit_export_has_every_decision_with_a_content_hash(
        world: World, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    approval_id, ts = await drafted_reply(world)
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await wait_status(world, approval_id, "published")
    await world.stop()  # the export reads the same SQLite file from another process's view
    # the CLI runs its own event loop: give it a thread, as a separate command would have
    assert await asyncio.to_thread(main, ["audit", "--config", str(world.tmp / "socialops.yaml"),
                                          "--format", fmt]) == 0
    out = capsys.readouterr().out
    rows = ([json.loads(line) for line in out.splitlines() if line.strip()] if fmt == "json"
            else list(csv.DictReader(io.StringIO(out))))
    actions = [r["action"] for r in rows]
    assert "ticket.open" in actions and "approval.approved" in actions
    approve = next(r for r in rows if r["action"] == "approval.approved")
    assert approve["actor"] == "dave"
    digest = hashlib.sha256(b"Sorry! We are on it.").hexdigest()
    assert digest[:12] in json.dumps(approve)  # the hash of the exact text approved


async def test_approving_again_after_publishing_says_where_it_stands(world: World) -> None:
    """A second Approve by the same approver (a double click, a retried event) is what they
    asked for already: the answer says the post is published, and nothing is refused."""
    approval_id, ts = await drafted_reply(world)
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await wait_status(world, approval_id, "published")
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await world.until(lambda: any("already" in t for t in world.said_to(DAVE)), "the answer")
    (answer,) = [t for t in world.said_to(DAVE) if "already" in t]
    assert answer.startswith(f"you approved {approval_id} already; it is published: ")
    assert "/@acme/9001" in answer
    assert not [e for e in await world.a.store.audit_since(None)
                if e.action.startswith("refused.")]
    assert len(world.statuses) == 1


async def test_free_text_is_published_as_typed(world: World) -> None:
    """The words after the id are the author's: line breaks (also right after the id) and
    typographic quotes are kept, and any whitespace separates the verb and the id."""
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    typed = "reply T-1\nIl a dit «non» — “merci”\n\n  „danke“"
    assert (await ask(world, ALICE, SUPPORT, typed)).startswith("A-1 drafted as a reply to T-1")
    assert (await ask(world, ALICE, SUPPORT, "draft mastodon masto\t“Quoted” news")
            ).startswith("A-2 drafted")
    assert (await ask(world, ALICE, APPROVALS, "edit\tA-2 Il a dit «oui»")).startswith(
        "A-2 edited")
    assert (await ask(world, DAVE, APPROVALS, "reject A-1 Pas de «non», s’il vous plaît")
            ) == "A-1 rejected"
    texts = {a.id: a for a in await world.a.store.list_approvals()}
    assert texts["A-1"].text == "Il a dit «non» — “merci”\n\n  „danke“"
    assert texts["A-2"].text == "Il a dit «oui»"
    assert texts["A-1"].decisions[-1].comment == "Pas de «non», s’il vous plaît"
    assert (await ask(world, ALICE, SUPPORT, "claim\nT-1")) == "T-1 claimed"


async def test_approve_without_the_hash_answers_an_excerpt_the_hash_and_the_card(
        world: World) -> None:
    """``approve A-1`` alone approves nothing. It quoted up to 1,500 characters of the draft
    back, burying the command; now one escaped line of at most 200 characters, the command with
    the hash of the whole draft, and where its card shows the draft whole. That command
    approves exactly the text the card shows."""
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    draft = ("Sorry! @here <!channel> we are on it.\n\n"
             + " ".join(f"Step {n}: we check the order and write back." for n in range(60)))
    assert (await ask(world, ALICE, SUPPORT, f"reply T-1 {draft}")).startswith("A-1 drafted")
    await world.a.outbox.drain()
    [card] = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.text == draft and len(draft) > 2_500
    short = approval.content_hash[:16]

    answer = await ask(world, DAVE, APPROVALS, "approve A-1")
    first, rest = answer.split(" It begins “", 1)
    assert first == "Nothing approved yet: confirm the text of A-1.", answer
    excerpt, rest = rest.split("” (", 1)
    assert "\n" not in excerpt and len(excerpt) <= 200, excerpt
    assert excerpt.startswith("Sorry! @here <!channel> we are on it. Step 0: we check")
    assert rest.startswith(f"{len(draft):,} characters, content sha256 {short}). The whole "
                           "draft is on its card: "), rest
    permalink = f"/archives/{APPROVALS}/p{str(card['ts']).replace('.', '')}."
    assert permalink in rest, rest  # the card's link, from chat.getPermalink
    assert rest.endswith("To approve exactly that text, press Approve on its card or type "
                         f"`approve A-1 {short}`."), rest
    assert len(answer) < 600, len(answer)
    sent = [r for r in world.slack.responses if f"-{DAVE}-" in str(r.get("rid"))][-1]
    assert [b["text"]["type"] for b in sent["blocks"]] == ["plain_text"]
    assert "<" not in sent["text"], sent["text"]  # the notification text is escaped
    assert await status_of(world, "A-1") == "pending"

    await ask(world, DAVE, APPROVALS, f"approve A-1 {short}")
    await wait_status(world, "A-1", "published")
    assert [s["form"]["status"] for s in world.statuses] == [draft]



async def test_a_typed_hash_naming_two_versions_approves_neither(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """A draft's author can find two texts whose sha256 begin with the same 16 hex digits (a
    birthday search), draft the harmless one and edit to the other just before an approver
    types the hash the card showed: the prefix named both, and the edited text was approved
    and published. Now a typed hash must name the current text and no earlier version; the
    approver is shown the current text, and its full hash approves it. (The collision is
    made by replacing the hash function: finding one takes about 2^32 tries.)"""
    from handlers import approvals

    real = approvals.content_hash
    twins = {"Sorry! We are on it.": "5eed" * 4 + "0" * 48,
             "Claim your refund at evil.example": "5eed" * 4 + "f" * 48}
    monkeypatch.setattr(approvals, "content_hash", lambda text: twins.get(text, real(text)))
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    assert (await ask(world, ALICE, SUPPORT, "reply T-1 Sorry! We are on it.")).startswith(
        "A-1 drafted")
    shown = "5eed" * 4  # what the card showed the approver
    assert (await ask(world, ALICE, APPROVALS, "edit A-1 Claim your refund at evil.example")
            ).startswith("A-1 edited")
    answer = await ask(world, DAVE, APPROVALS, f"approve A-1 {shown}")
    assert answer.startswith(f"A-1 was not approved: the version you named (sha256 {shown}) "
                             "is not its current text"), answer
    assert "Claim your refund at evil.example" in answer, "the current text is shown"
    assert await status_of(world, "A-1") == "pending"
    assert world.statuses == []
    await ask(world, DAVE, APPROVALS, f"approve A-1 {twins['Claim your refund at evil.example']}")
    await wait_status(world, "A-1", "published")
    assert [s["form"]["status"] for s in world.statuses] == ["Claim your refund at evil.example"]

@pytest.fixture
async def all_of_them(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world with one approval step that needs all of leads and approvers (carol,
    dave, and erin, an admin)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", world_module.CONFIG.replace(
            '{{approvers: ["role:approver", "role:lead"], mode: any}}',
            '{{approvers: ["role:lead", "role:approver"], mode: all}}'))
        async with running_world(tmp_path, clock) as w:
            yield w


async def test_an_all_step_needs_everyone_but_the_author(all_of_them: World) -> None:
    """Dave, an approver, drafts: the step needs carol and erin, never dave himself (he cannot
    approve his own post). Until both have, the answer says who it still needs."""
    world = all_of_them
    assert (await ask(world, DAVE, MARKETING, "draft mastodon masto Our status page moved")
            ).startswith("A-1 drafted")
    (approval,) = await world.a.store.list_approvals()
    assert approval.steps[0].mode == "all"
    approve = f"approve A-1 {approval.content_hash[:16]}"
    assert await ask(world, CAROL, APPROVALS, approve) == \
        "A-1: your approval is recorded; step 1 still needs erin"
    assert await status_of(world, "A-1") == "pending"
    assert await ask(world, CAROL, APPROVALS, approve) == \
        "you approved A-1 already; step 1 still needs erin"
    assert (await ask(world, ERIN, APPROVALS, approve)).startswith(
        "A-1 approved and published: ")
    assert await status_of(world, "A-1") == "published" and len(world.statuses) == 1
    published = await world.a.store.get_approval("A-1")
    assert published is not None
    assert "approved; step 1 still needs erin" in [h.action for h in published.history]


async def test_a_rejected_draft_mended_after_its_expiry_waits_for_approval_again(
        world: World) -> None:
    """Rejected with a comment, a draft is mended and sent back, as a Hootsuite or Sprout
    Social author resubmits a rejected post. Alice mended A-1 thirty hours after drafting it:
    `A-1 edited (back to pending)`, and yet `drafts` listed nothing and dave's approval was
    answered `A-1 expired at ...`: it kept the expiry of its first version, passed while it
    lay rejected. An edit gives it expire_hours from the edit, as it does a scheduled one,
    and its expiry timer marks it expired then."""
    assert (await ask(world, ALICE, SUPPORT, "draft mastodon masto Winter sale")
            ).startswith("A-1 drafted")
    assert (await ask(world, DAVE, APPROVALS, "reject A-1 wrong price")) == "A-1 rejected"
    world.clock.advance(hours=30)
    await world.timers()
    mended = "Winter sale: 20% off"
    assert (await ask(world, ALICE, APPROVALS, f"edit A-1 {mended}")).startswith(
        "A-1 edited (back to pending)")
    listed = await ask(world, BOB, APPROVALS, "drafts")
    assert "A-1 · pending" in listed and "expires in 24 h" in listed, listed
    digest = hashlib.sha256(mended.encode()).hexdigest()[:16]
    assert (await ask(world, DAVE, APPROVALS, f"approve A-1 {digest}")).startswith(
        "A-1 approved and published: ")
    assert [s["form"]["status"] for s in world.statuses] == [mended]


async def test_a_draft_mended_after_rejection_and_left_expires_a_day_after_the_edit(
        world: World) -> None:
    assert (await ask(world, ALICE, SUPPORT, "draft mastodon masto Winter sale")
            ).startswith("A-1 drafted")
    assert (await ask(world, DAVE, APPROVALS, "reject A-1 wrong price")) == "A-1 rejected"
    world.clock.advance(hours=30)
    await ask(world, ALICE, APPROVALS, "edit A-1 Winter sale: 20% off")
    world.clock.advance(hours=23)
    await world.timers()
    assert await status_of(world, "A-1") == "pending"
    world.clock.advance(hours=1, minutes=1)
    await world.timers()
    assert await status_of(world, "A-1") == "expired"


async def test_a_rejection_pings_the_author_with_its_comment(world: World) -> None:
    """Alice answered a customer from #support; dave rejected the draft in #approvals with a
    comment, and alice was told nothing: the card's thread line pinged nobody, and she, who
    does not watch the approvals channel, learnt of it only by looking. As Hootsuite and
    Sprout Social notify a post's author when it is rejected, with the comment, the
    rejection's thread line pings its author, and only them."""
    approval_id, ts = await drafted_reply(world)
    assert (await ask(world, DAVE, APPROVALS, f"reject {approval_id} wrong tone")) == \
        f"{approval_id} rejected"
    await world.a.outbox.drain()
    [line] = [m for m in world.slack.thread(APPROVALS, ts) if "rejected" in str(m)]
    assert "dave rejected: wrong tone" in str(line)
    pinged = [b["text"]["text"] for b in line.get("blocks") or []
              if b["text"]["type"] == "mrkdwn" and not b["text"].get("verbatim")]
    assert pinged == [f"<@{ALICE}>"] and str(line).count("<@") == 1, line
