"""`withdraw` racing the publish timer of an approved post, on each store (a SQLite file and a
real redis-server): both read the same version of the draft, and the first to write wins
through the store's versioned write. A claim that won publishes once, and the withdraw says the
post is being published; a withdraw that won leaves the timer nothing to publish. Either way
the post goes out at most once and the last card says what happened."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.config import ApprovalsConfig, ChannelConfig, PersonConfig
from bot.core.effects import Effects
from bot.core.errors import PublishUncertain, RateLimited
from bot.core.models import Approval
from bot.core.ports import PublishResult, Store
from bot.engine.effects import Applier, TimerLost
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.cards import error_said
from handlers.identity import Directory
from tests.support.clock import FakeClock
from tests.support.releases import load_release


class Network:
    network = "mastodon"

    def __init__(self) -> None:
        self.posts: list[str] = []
        self.uncertain = 0  # answers that say nothing of the post (a 502) before posting
        self.limited = 0  # 429s asking to wait a minute, before posting
        self.gate: asyncio.Event | None = None  # a post in flight until it is set

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        if self.gate is not None:
            await asyncio.wait_for(self.gate.wait(), 5)
        if self.uncertain:
            self.uncertain -= 1
            raise PublishUncertain("mastodon: publish answered 502")
        if self.limited:
            self.limited -= 1
            raise RateLimited("mastodon: publish rate limited", retry_after=60)
        self.posts.append(idempotency_key)
        return PublishResult(id=str(len(self.posts)), url=f"https://m.example/{len(self.posts)}")


class Held(Applier):
    """An applier that holds the first write of an approval into ``held`` until a write into
    ``other`` has been committed: the held decision read the version the other then changed,
    so its write conflicts and it decides again, as a second process's would."""

    def __init__(self, store: Store, *, held: str, other: str) -> None:
        super().__init__(store)
        self.held, self.other = held, other
        self.released = asyncio.Event()
        self.read = asyncio.Event()  # the held decision read the version
        self.holds = 0

    def _writes(self, effects: Effects, status: str) -> bool:
        return any(w.kind == "approval" and w.status == status for w in effects.records.values())

    async def run(self, decide: Any, *, what: str = "decision") -> Any:
        for _ in range(10):
            effects, answer = await decide()
            if not self.released.is_set() and self._writes(effects, self.held):
                self.holds += 1
                self.read.set()
                await asyncio.wait_for(self.released.wait(), 5)
            elif self._writes(effects, self.other):  # not before the held one has read
                await asyncio.wait_for(self.read.wait(), 5)
            if not effects or await self.store.apply(effects):
                if self._writes(effects, self.other):
                    self.released.set()
                return answer
            if (lost := await self._lost_timer(effects)) is not None:
                raise TimerLost(f"{what}: timer {lost} lost")
        raise AssertionError("kept conflicting")


def service(store: Store, clock: FakeClock, network: Network,
            applier: Applier | None = None) -> ApprovalService:
    return ApprovalService(
        store, applier or Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"),
                             PersonConfig(id="dave", role="approver")]),
        config=ApprovalsConfig(expire_hours=24, channel="approvals"),
        channels={"approvals": ChannelConfig(workspace="console", id="approvals")},
        publishers={"masto": network}, zones={})


async def due_publish(store: Store, clock: FakeClock) -> Any:
    """The approved draft's publish_at timer, taken as the timer loop takes it."""
    clock.advance(hours=2, minutes=1)
    [timer] = [t for t in await store.take_due(clock(), lease_seconds=60)
               if t.id.startswith("publish_at:")]
    return timer


async def approved(store: Store, clock: FakeClock, network: Network) -> str:
    approvals = service(store, clock, network)
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice", publish_at=approvals.when("in 2h"))
    assert draft is not None
    assert "publishes at" in (await approvals.approve(
        draft.id, "dave", shown_hash=draft.content_hash[:16])).text
    return draft.id


# a 429's words that end like ours ('; trying again at ...'): the network's, never our next try
ODD = ("mastodon: publish rate limited; trying again at 2020-01-01 00:00 UTC, looking "
       "first for the post (try 9 of 5)")


def answers_odd_429(network: Network) -> str:
    """``network`` answers each publish 429 with ``ODD``, asking to wait 120 s: its words."""
    network.limited = 1

    async def publish(text: str, **_: Any) -> PublishResult:
        raise RateLimited(ODD, retry_after=120)

    network.publish = publish  # type: ignore[method-assign]
    return ODD


async def approved_on_berlins_clock(store: Store, clock: FakeClock, network: Network,
                                    ) -> tuple[ApprovalService, Approval, Any]:
    """alice's draft 'Launch day', approved by dave in a process whose approvals channel
    reads Berlin's clock: the process, the draft as drafted, and what dave was told."""
    approvals = service(store, clock, network)
    approvals.zones["console"] = "Europe/Berlin"
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice")
    assert draft is not None
    told = await approvals.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
    return approvals, draft, told


async def pending(store: Store, clock: FakeClock, network: Network) -> str:
    """alice's draft 'Launch day', waiting for approval: its id."""
    draft, _ = await service(store, clock, network).draft(
        text="Launch day", network="mastodon", account="masto", author="alice")
    assert draft is not None
    return draft.id


async def race(store: Store, clock: FakeClock, network: Network, *, held: str, other: str,
               late: Callable[[ApprovalService], Coroutine[Any, Any, Any]],
               early: Callable[[ApprovalService], Awaitable[Any]]) -> tuple[Any, Any]:
    """Two decisions on one draft at once, each in a process of its own: both read it, the
    ``early`` one (writing ``other``) writes first, the ``late`` one (writing ``held``) decides
    again on what it wrote (``Held``, once). Their answers: the late one's, the early one's."""
    hold = Held(store, held=held, other=other)
    deciding: asyncio.Task[Any] = asyncio.create_task(late(service(store, clock, network,
                                                                   hold)))
    first = await early(service(store, clock, network, hold))
    then = await deciding
    assert hold.holds == 1  # the late one read the version the early one then changed
    return then, first


async def last_card_title(store: Store, ident: str) -> str:
    cards = [i for i in await store.list_outbox(status="pending", limit=1000)
             if i.key.startswith(f"{ident}@")]
    return max(cards, key=lambda i: (len(i.key), i.key)).card.title


async def later_timers_publish_nothing(store: Store, clock: FakeClock,
                                       approvals: ApprovalService) -> None:
    for timer in await store.take_due(clock() + timedelta(days=2), lease_seconds=60):
        if timer.id.startswith("publish"):
            await approvals.publish_due(timer)


async def test_a_claim_that_wrote_first_publishes_and_the_withdraw_is_refused(
        store: Store, clock: FakeClock) -> None:
    network = Network()
    ident = await approved(store, clock, network)
    timer = await due_publish(store, clock)
    held = Held(store, held="rejected", other="publishing")
    approvals = service(store, clock, network, held)
    network.gate = asyncio.Event()  # the post is in flight while the withdraw decides again
    publishing = asyncio.create_task(approvals.publish_due(timer))
    withdrawn = await approvals.withdraw(ident, "alice", "too late")
    network.gate.set()
    await publishing
    assert held.holds == 1  # the withdraw read the version the claim then changed
    assert not withdrawn.ok and withdrawn.text.startswith(
        f"{ident} is being published; it can no longer be withdrawn, unless that publish "
        "stopped unfinished"), withdrawn
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "published" and len(network.posts) == 1
    assert await last_card_title(store, ident) == (
        f"{ident}: Published to Mastodon as masto: https://m.example/1")
    await later_timers_publish_nothing(store, clock, service(store, clock, network))
    assert len(network.posts) == 1


async def test_a_withdraw_that_wrote_first_leaves_the_timer_nothing_to_publish(
        store: Store, clock: FakeClock) -> None:
    network = Network()
    ident = await approved(store, clock, network)
    timer = await due_publish(store, clock)
    held = Held(store, held="publishing", other="rejected")
    approvals = service(store, clock, network, held)
    answers = await asyncio.gather(approvals.withdraw(ident, "dave", "launch moved"),
                                   approvals.publish_due(timer), return_exceptions=True)
    assert held.holds == 1  # the claim read the version the withdraw then changed
    assert answers[0].text == f"{ident} withdrawn"  # type: ignore[union-attr]
    # the claim decided again and found it rejected: nothing published; its timer, cancelled
    # by the withdraw, is the timer loop's to let go (TimerLost), or completed
    assert answers[1] is None or isinstance(answers[1], TimerLost), answers[1]
    assert network.posts == []
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "rejected"
    assert await last_card_title(store, ident) == f"{ident}: Withdrawn by dave: launch moved"
    await later_timers_publish_nothing(store, clock, service(store, clock, network))
    assert network.posts == []


@pytest.mark.parametrize("rounds", [12])
async def test_withdraw_and_the_timer_at_once_publish_at_most_once(
        store: Store, clock: FakeClock, rounds: int) -> None:
    """No forced order: each round, a withdraw and the due timer started together; whichever
    wins, the post goes out at most once and the draft's state, its card and the answers
    agree."""
    for n in range(rounds):
        network = Network()
        ident = await approved(store, clock, network)
        timer = await due_publish(store, clock)
        approvals = service(store, clock, network)
        first = [approvals.withdraw(ident, "alice"), approvals.publish_due(timer)]
        answers = await asyncio.gather(*(first if n % 2 else first[::-1]),
                                       return_exceptions=True)
        withdrawn = next(a for a in answers if a is not None and not isinstance(
            a, BaseException))
        assert not any(isinstance(a, BaseException) and not isinstance(a, TimerLost)
                       for a in answers), answers
        await later_timers_publish_nothing(store, clock, approvals)
        stored = await store.get_approval(ident)
        assert stored is not None
        title = await last_card_title(store, ident)
        if stored.status == "published":
            assert len(network.posts) == 1
            assert withdrawn.text.startswith((
                f"{ident} is being published; it can no longer be withdrawn, unless",
                f"{ident} is published already: https://m.example/1; it can no longer be "
                "withdrawn")), withdrawn
            assert title.startswith(f"{ident}: Published to Mastodon")
        else:
            assert (stored.status, network.posts) == ("rejected", [])
            assert withdrawn.text == f"{ident} withdrawn"
            assert title == f"{ident}: Withdrawn by alice"


async def test_an_approve_whose_publish_a_withdraw_beat_says_who_withdrew_it(
        store: Store, clock: FakeClock) -> None:
    """The last step's approve is written, and its publish claim reads the approved draft;
    the author's withdraw writes first. The claim decides again and publishes nothing, and
    the approver is told who withdrew it (it answered "A-1 is rejected": a rejection nobody
    made), not that it was published or rejected."""
    network = Network()
    held = Held(store, held="publishing", other="rejected")
    approvals = service(store, clock, network, held)
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice")
    assert draft is not None
    approving = asyncio.create_task(approvals.approve(draft.id, "dave",
                                                      shown_hash=draft.content_hash[:16]))
    await asyncio.wait_for(held.read.wait(), 5)  # approved, its claim read it, held
    withdrawn = await approvals.withdraw(draft.id, "alice", "wrong day")
    approved = await approving
    assert held.holds == 1
    assert withdrawn.text == f"{draft.id} withdrawn"
    assert approved.text == f"{draft.id} was withdrawn by alice; it will not publish", \
        approved.text
    assert network.posts == []
    stored = await store.get_approval(draft.id)
    assert stored is not None and stored.status == "rejected"
    await later_timers_publish_nothing(store, clock, service(store, clock, network))
    assert network.posts == []


async def test_a_withdraw_after_a_try_that_may_have_posted_says_to_look(
        store: Store, clock: FakeClock) -> None:
    """A 502 said nothing of the post: it may be out. The withdraw stops the next try and says
    where to look, rather than claiming nothing was posted."""
    network = Network()
    network.uncertain = 1
    approvals = service(store, clock, network)
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice")
    assert draft is not None
    said = await approvals.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
    assert "not published yet" in said.text, said.text
    reply = await approvals.withdraw(draft.id, "alice")
    assert reply.text == (f"{draft.id} withdrawn; it is not tried again, but an earlier try "
                          "did not say whether it posted it, so it may be on Mastodon or "
                          "appear there yet: look there as masto")
    clock.advance(minutes=5)
    await later_timers_publish_nothing(store, clock, approvals)
    assert network.posts == []


async def test_a_withdrawn_drafts_card_no_longer_says_it_is_tried_again(
        store: Store, clock: FakeClock) -> None:
    """After a 502 the draft's error ends 'trying again at 09:01 UTC, looking first for the
    post (try 1 of 5)', shown on its card. Withdrawn, nothing is tried again: the card kept
    saying it would be, and not that the try may have posted it."""
    network = Network()
    network.uncertain = 1
    approvals = service(store, clock, network)
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice")
    assert draft is not None
    await approvals.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
    assert "trying again at " in (error_said((await store.get_approval(draft.id)) or draft)
                                  or "")
    await approvals.withdraw(draft.id, "alice", "wrong day")
    cards = [i for i in await store.list_outbox(status="pending", limit=1000)
             if i.key.startswith(f"{draft.id}@")]
    card = max(cards, key=lambda i: (len(i.key), i.key)).card
    assert card.title == f"{draft.id}: Withdrawn by alice: wrong day"
    [error] = [f.value for f in card.fields if f.name == "Error"]
    assert error == ("mastodon: publish answered 502; withdrawn before it was tried again, "
                     "but that try may have posted it: look on Mastodon as masto"), error
    stored = await store.get_approval(draft.id)
    assert stored is not None and stored.error == error
    clock.advance(minutes=5)
    await later_timers_publish_nothing(store, clock, approvals)
    assert network.posts == []


@pytest.mark.parametrize("limited", [1, 0])
async def test_a_withdrawn_card_says_no_next_try_after_a_429(
        store: Store, clock: FakeClock, limited: int) -> None:
    """Withdrawn while waiting out a 429 (nothing posted: no try may be out), its error, shown
    on its card and by status, says it was withdrawn before it was tried again, with any time
    it gave for the next try taken off; after a 502 then a 429, the 502's try may be out."""
    network = Network()
    network.uncertain, network.limited = 1 - limited, 1
    approvals = service(store, clock, network)
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice")
    assert draft is not None
    await approvals.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
    if not limited:  # the 502 first, then its try meets the 429
        clock.advance(minutes=2, seconds=1)
        for timer in await store.take_due(clock(), lease_seconds=60):
            await approvals.publish_due(timer)
    before = await store.get_approval(draft.id)
    assert before is not None and before.status == "approved"
    assert (before.error or "").startswith("mastodon: publish rate limited"), before.error
    await approvals.withdraw(draft.id, "alice")
    stored = await store.get_approval(draft.id)
    assert stored is not None
    assert stored.error == "mastodon: publish rate limited; withdrawn before it was tried again" + (
        "" if limited else ", but an earlier try may have posted it: look on Mastodon as masto")
    clock.advance(minutes=30)
    await later_timers_publish_nothing(store, clock, approvals)
    assert network.posts == []


RELEASES = Path(__file__).parent / "releases"


def release_before(name: str) -> Any:
    """handlers/<name>.py of the release before ``withdraw`` (f374210^), run as it was."""
    path = RELEASES / f"{name}_2026_12_01.py.txt"
    return load_release(path)


async def test_the_release_before_reads_a_withdrawn_post_and_never_publishes_it(
        store: Store, clock: FakeClock) -> None:
    """A rolling upgrade: a process of the release before, beside this one, takes the publish
    timer of a post this one withdrew. It reads the record (no field, no status value added),
    publishes nothing, and its card says what was done."""
    network = Network()
    ident = await approved(store, clock, network)
    assert (await service(store, clock, network).withdraw(ident, "dave", "launch moved")
            ).text == f"{ident} withdrawn"
    old = release_before("approvals")
    before = old.ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"),
                             PersonConfig(id="dave", role="approver")]),
        config=ApprovalsConfig(expire_hours=24, channel="approvals"),
        channels={"approvals": ChannelConfig(workspace="console", id="approvals")},
        publishers={"masto": network}, zones={})
    stored = await store.get_approval(ident)
    assert stored is not None
    # its timer was cancelled with the withdrawal: the old release is handed it anyway, as
    # one taken just before would be
    reply = await before.publish(ident)
    assert (reply.text, network.posts) == (f"{ident} is rejected", [])
    assert release_before("cards").approval_headline(stored) == \
        "Rejected by dave: withdrawn: launch moved"
    assert (await before.approve(ident, "dave", shown_hash=stored.content_hash[:16])).text == \
        f"{ident} is rejected, not pending"


async def test_a_next_try_is_a_field_the_networks_words_cannot_move(
        store: Store, clock: FakeClock) -> None:
    """The next try's time is the approval's ``next_try_at`` (UTC), not words at the end of
    its error read back: a network's (or a proxy's) message that itself ends like our words
    ('; trying again at ...') is shown as it came, the card says the real next try on its
    workspace's clock, and the withdraw keeps the words whole. Before, the card rewrote the
    fake time as if ours, and the withdraw cut the message at it."""
    network = Network()
    odd = answers_odd_429(network)
    approvals, draft, told = await approved_on_berlins_clock(store, clock, network)
    assert told.text.endswith(f"{odd}; tried again at 2026-11-23 09:02 UTC "
                              "(10:02 Europe/Berlin)"), told.text
    stored = await store.get_approval(draft.id)
    assert stored is not None and stored.error == odd
    assert stored.next_try_at == clock() + timedelta(minutes=2)
    cards = [i for i in await store.list_outbox(status="pending", limit=1000)
             if i.key.startswith(f"{draft.id}@")]
    card = max(cards, key=lambda i: (len(i.key), i.key)).card
    [error] = [f.value for f in card.fields if f.name == "Error"]
    assert error == f"{odd}; tried again at 2026-11-23 09:02 UTC (10:02 Europe/Berlin)", error
    await approvals.withdraw(draft.id, "alice")
    stored = await store.get_approval(draft.id)
    assert stored is not None and stored.next_try_at is None
    assert stored.error == f"{odd}; withdrawn before it was tried again", stored.error


async def test_an_approval_stored_before_next_try_at_still_says_its_next_try(
        store: Store, clock: FakeClock) -> None:
    """An approval waiting after a 502, as the release before (schema 12, layout 6)
    stored it: no ``next_try_at``, the time at the end of its error in UTC. This
    release reads it (the field absent is None), says the time on the card's clock, and its
    withdraw takes that ending off, saying the try may have posted it."""
    network = Network()
    network.uncertain = 1
    approvals, draft, _ = await approved_on_berlins_clock(store, clock, network)
    now = await store.get_approval(draft.id)
    assert now is not None and now.next_try_at is not None
    legacy = ("mastodon: publish answered 502; trying again at 2026-11-23 09:01 UTC, looking "
              "first for the post (try 1 of 5)")
    fx = Effects()
    fx.update(now.model_copy(update={"error": legacy, "next_try_at": None,
                                     "version": now.version + 1}), expected=now.version)
    assert await store.apply(fx)
    old = await store.get_approval(draft.id)
    assert old is not None
    assert error_said(old, "Europe/Berlin") == legacy.replace(
        "09:01 UTC", "09:01 UTC (10:01 Europe/Berlin)")
    await approvals.withdraw(draft.id, "alice")
    stored = await store.get_approval(draft.id)
    assert stored is not None
    assert stored.error == ("mastodon: publish answered 502; withdrawn before it was tried "
                            "again, but that try may have posted it: look on Mastodon as masto")


class Dies(Network):
    """The publishing process's network call: the process dies in it (before or after the
    post went out), leaving the draft 'publishing' under its lease."""

    def __init__(self, *, posts: bool) -> None:
        super().__init__()
        self.posts_before_dying = posts

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        if self.posts_before_dying:
            self.posts.append(idempotency_key)
        raise asyncio.CancelledError


@pytest.mark.parametrize("posted", [False, True], ids=["died-before-posting",
                                                       "died-after-posting"])
async def test_a_draft_left_publishing_by_a_dead_process_is_withdrawn_once_its_lease_ends(
        store: Store, clock: FakeClock, posted: bool) -> None:
    """The process publishing an approved draft died mid-publish: the draft stays
    'publishing' until its claim's lease ends (publish_lease_seconds). Withdrawn before, the
    refusal says from when it can be (on the asker's clock), not only that it is being
    published; withdrawn after, it is taken over as a publish claim would take it: withdrawn,
    saying the dead try may have posted it, and no later timer publishes it. Before, the
    withdraw was refused for good ('A-1 is being published; it can no longer be
    withdrawn'), though the next timer would publish the draft its author wanted back."""
    dying = Dies(posts=posted)
    first = service(store, clock, dying)
    first.zones["console"] = "Europe/Berlin"
    draft, _ = await first.draft(text="Launch day", network="mastodon", account="masto",
                                 author="alice")
    assert draft is not None
    with pytest.raises(asyncio.CancelledError):
        await first.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
    stuck = await store.get_approval(draft.id)
    assert stuck is not None and stuck.status == "publishing"
    network = Network()
    second = service(store, clock, network)
    second.zones["console"] = "Europe/Berlin"
    clock.advance(seconds=60)
    early = await second.withdraw(draft.id, "alice", workspace="console")
    assert not early.ok and early.text == (
        f"{draft.id} is being published; it can no longer be withdrawn, unless that publish "
        "stopped unfinished (its process died): then from 2026-11-23 09:02 UTC "
        "(10:02 Europe/Berlin), when its claim ends"), early.text
    clock.advance(seconds=61)
    late = await second.withdraw(draft.id, "alice", workspace="console")
    assert late.ok and late.text == (
        f"{draft.id} withdrawn; it is not tried again, but an earlier try did not say "
        "whether it posted it, so it may be on Mastodon or appear there yet: look there as "
        "masto"), late.text
    stored = await store.get_approval(draft.id)
    assert stored is not None and stored.status == "rejected" and stored.publishing_until is None
    clock.advance(minutes=5)
    await later_timers_publish_nothing(store, clock, second)
    assert network.posts == [] and len(dying.posts) == int(posted)


async def test_an_edit_racing_a_withdraw_that_wrote_first_revives_nothing(
        store: Store, clock: FakeClock) -> None:
    """alice edits her approved post while dave withdraws it, each in a process of its own:
    both read it approved, the withdraw writes first, and the edit decides again on the
    withdrawn draft. Before, that edit sent it back to approval (an edit of a withdrawn draft
    does so), so both were answered done and the draft dave took back was pending again with
    a text he never saw. Now the edit is refused in one line saying who withdrew it and how to
    send it back, and the draft stays withdrawn."""
    network = Network()
    ident = await approved(store, clock, network)
    edited, withdrawn = await race(
        store, clock, network, held="pending", other="rejected",
        late=lambda s: s.edit(ident, "alice", "Launch day, at noon"),
        early=lambda s: s.withdraw(ident, "dave", "launch moved"))
    assert (withdrawn.ok, withdrawn.text) == (True, f"{ident} withdrawn")
    assert not edited.ok and edited.text == (
        f"{ident} was withdrawn by dave just now, so your edit was not made; to send it back "
        f"to approval with your text, edit it again: edit {ident} <text>"), edited.text
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "rejected" and stored.text == "Launch day"
    assert await last_card_title(store, ident) == f"{ident}: Withdrawn by dave: launch moved"
    await later_timers_publish_nothing(store, clock, service(store, clock, network))
    assert network.posts == []


async def test_a_withdraw_racing_an_edit_that_wrote_first_withdraws_nothing_unseen(
        store: Store, clock: FakeClock) -> None:
    """The other order: alice's edit writes first (the draft pending again, another text),
    then dave's withdraw decides again. Before, it withdrew the edited text he had not seen,
    both answered done. Now the withdraw is refused saying the draft was edited and waits for
    approval again (nothing publishes without one), and how to withdraw it as it is now."""
    network = Network()
    ident = await approved(store, clock, network)
    withdrawn, edited = await race(
        store, clock, network, held="rejected", other="pending",
        late=lambda s: s.withdraw(ident, "dave", "launch moved"),
        early=lambda s: s.edit(ident, "alice", "Launch day, at noon"))
    assert edited.ok, edited
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "pending"
    assert not withdrawn.ok and withdrawn.text == (
        f"{ident} was not withdrawn: alice edited it just now (sha256 "
        f"{stored.content_hash[:16]}), so it waits for approval again; to withdraw it as it "
        f"is now, type: withdraw {ident}"), withdrawn.text
    assert stored.text == "Launch day, at noon"
    await later_timers_publish_nothing(store, clock, service(store, clock, network))
    assert network.posts == []


async def test_an_edit_racing_a_rejection_that_wrote_first_sends_nothing_back(
        store: Store, clock: FakeClock) -> None:
    """The same with an approver's rejection of a pending draft: the edit deciding again on
    the rejected draft would send it back to approval, both answered done."""
    network = Network()
    ident = await pending(store, clock, network)
    edited, rejected = await race(
        store, clock, network, held="pending", other="rejected",
        late=lambda s: s.edit(ident, "alice", "Launch day, at noon"),
        early=lambda s: s.reject(ident, "dave", "not this week"))
    assert rejected.ok, rejected
    assert not edited.ok and edited.text.startswith(
        f"{ident} was rejected by dave just now, so your edit was not made"), edited.text
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "rejected" and stored.text == "Launch day"
