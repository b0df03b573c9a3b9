"""The same reply published again in a thread, by the approvals handler on each store (a SQLite
file and a real redis-server) against a local Mastodon-API server that ignores
``Idempotency-Key``: the process publishing dies after claiming, another takes over after the
lease and is told when publishing was first attempted (the claim in the approval's history),
so last week's identical reply is not taken for this one, and this one is posted once."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.core.config import ApprovalsConfig, PersonConfig
from bot.core.errors import RateLimited
from bot.core.models import Approval, HistoryEntry
from bot.core.ports import DueTimer, PublishResult, Store
from bot.engine.effects import Applier
from handlers.approvals import ApprovalService, first_attempt
from handlers.audit import Audit
from handlers.cards import CLAIMED, EDITED, POSTPONED, error_said
from handlers.identity import Directory
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from tests.conftest import FakeClock
from tests.support.fake_mastodon import ACCOUNT_ID, FakeMastodon
from tests.support.netserver import Fault, NetServer
from tests.support.releases import load_release

TEXT = "Thanks, we've fixed it!"


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        yield server


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as c:
        yield c


def service(store: Store, clock: FakeClock, publisher: Any, *,
            release: type[ApprovalService] = ApprovalService) -> ApprovalService:
    """One process's approvals handler on the shared store (``release``: its class in the
    release the process runs). These are the looks of retries after claims the store kept,
    each request counted: a Redis's first try looking too, for a claim it may have lost, is
    tests/integrations/test_review_publish_lost_claim.py's."""
    return release(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"),
                             PersonConfig(id="dave", role="approver")]),
        config=ApprovalsConfig(expire_hours=24), channels={},
        publishers={"masto": publisher}, zones={},
        # a release before 2026-12-07 knows no such argument (nor looks on a first try)
        **({"claims_lossy": False} if release is ApprovalService else {}))


@pytest.fixture
def cfg(net: NetServer) -> MastodonSourceConfig:
    """The account replies are published as, on the local Mastodon-API server."""
    return MastodonSourceConfig(id="masto", type="mastodon", base_url=net.base, token="tok",
                                hashtags=("acme",), timeout=2, interval=30)


async def drafted(process: ApprovalService) -> Approval:
    """alice's draft of TEXT, a reply to status 42."""
    draft, _ = await process.draft(text=TEXT, network="mastodon", account="masto",
                                   author="alice", reply_to="mastodon:42")
    assert draft is not None
    return draft


async def approved(process: ApprovalService, draft: Approval) -> Any:
    """dave approves it as shown: the answer he is told."""
    return await process.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])


async def publish_timers(store: Store, clock: FakeClock) -> list[DueTimer]:
    """The publish timers due now, taken (another process's timer loop)."""
    return [t for t in await store.take_due(clock(), lease_seconds=60)
            if t.id.startswith("publish")]


async def publish_due(store: Store, clock: FakeClock, process: ApprovalService) -> None:
    """The one publish timer due now, run by ``process``."""
    [timer] = await publish_timers(store, clock)
    await process.publish_due(timer)


async def status(store: Store, draft: Approval, expected: str) -> Approval:
    now = await store.get_approval(draft.id)
    assert now is not None and now.status == expected, now
    return now


class Dying:
    """The first process's publisher: it posts (or not), then the process dies before the
    result is recorded."""

    network = "mastodon"

    def __init__(self, real: MastodonPublisher, *, posts: bool) -> None:
        self.real, self.posts = real, posts

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        if self.posts:
            await self.real.publish(text, reply_to=reply_to, idempotency_key=idempotency_key)
        raise asyncio.CancelledError


@pytest.mark.parametrize("posted_before_dying", [False, True], ids=["died-before-posting",
                                                                    "died-after-posting"])
async def test_a_publish_taken_over_after_a_crash_is_not_last_weeks_identical_reply(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient,
        cfg: MastodonSourceConfig,
        posted_before_dying: bool) -> None:
    server = FakeMastodon(net, idempotency=False, clock=clock)
    old = server.add_own(TEXT, in_reply_to_id="42", at=clock() - timedelta(days=7))

    def publisher() -> MastodonPublisher:  # a fresh one is a fresh process: nothing in memory
        return MastodonPublisher(cfg, client=client, clock=clock)

    first = service(store, clock, Dying(publisher(), posts=posted_before_dying))
    draft = await drafted(first)
    claimed_at = clock()
    with pytest.raises(asyncio.CancelledError):
        await approved(first, draft)
    stuck = await store.get_approval(draft.id)
    assert stuck is not None and stuck.status == "publishing"
    assert first_attempt(stuck) == claimed_at

    clock.advance(minutes=5)  # past the publishing lease: another process's timer takes over
    second = service(store, clock, publisher())
    for timer in await publish_timers(store, clock):
        await second.publish_due(timer)
    final = await status(store, draft, "published")
    assert final.publish_attempts == 2
    ours = [s for s in server.statuses if s is not old]
    assert len(ours) == 1 and final.published_id == ours[0]["id"] != old["id"]


def test_the_first_attempt_is_the_first_claim_since_the_last_edit(clock: FakeClock) -> None:
    """A 429 puts an approved draft back to approved, nothing posted: that claim is no
    attempt; edited, its new text is another post under another key: its first attempt is its
    own first claim, not the old text's."""
    t0 = clock()

    def at(minutes: int, action: str) -> HistoryEntry:
        return HistoryEntry(at=t0 + timedelta(minutes=minutes), actor="socialops",
                            action=action)

    base = Approval(id="A-1", text="x", network="mastodon", account="m", author="alice",
                    content_hash="h", created_at=t0)
    assert first_attempt(base) is None
    claimed = base.model_copy(update={"history": (
        at(0, "drafted"), at(1, CLAIMED), at(2, POSTPONED), at(5, CLAIMED))})
    assert first_attempt(claimed) == t0 + timedelta(minutes=5)
    # a claim whose process died may have posted; the 429 after it was the retry's
    crashed = base.model_copy(update={"history": (
        at(0, "drafted"), at(1, CLAIMED), at(4, CLAIMED), at(4, POSTPONED), at(6, CLAIMED))})
    assert first_attempt(crashed) == t0 + timedelta(minutes=1)
    edited = claimed.model_copy(update={"history": (
        *claimed.history, at(6, POSTPONED), at(7, EDITED), at(8, "approved"))})
    assert first_attempt(edited) is None
    again = edited.model_copy(update={"history": (*edited.history, at(9, CLAIMED),
                                                  at(12, CLAIMED))})
    assert first_attempt(again) == t0 + timedelta(minutes=9)


class Limited:
    """The first process's publisher: the network answers 429, so nothing is posted."""

    network = "mastodon"

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        raise RateLimited("mastodon: 429 Too Many Requests", retry_after=60)


async def test_an_attempt_the_network_turned_back_is_not_the_first_attempt(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient,
        cfg: MastodonSourceConfig) -> None:
    """A 429 posts nothing: the draft, put back to approved and then scheduled for next
    week, is first attempted next week. The same reply made in the thread meanwhile (by hand,
    or another draft) is not taken for it, and it is posted."""
    server = FakeMastodon(net, idempotency=False, clock=clock)
    first = service(store, clock, Limited())
    draft = await drafted(first)
    turned_back = await approved(first, draft)
    assert "asked to wait" in turned_back.text, turned_back
    assert (await first.schedule(draft.id, "alice", clock() + timedelta(days=7))).ok
    clock.advance(days=3)
    meanwhile = server.add_own(TEXT, in_reply_to_id="42")  # the same words, three days on
    clock.advance(days=4, minutes=1)

    second = service(store, clock, MastodonPublisher(cfg, client=client, clock=clock))
    for timer in await publish_timers(store, clock):
        await second.publish_due(timer)
    final = await status(store, draft, "published")
    ours = [s for s in server.statuses if s is not meanwhile]
    assert len(ours) == 1 and final.published_id == ours[0]["id"] != meanwhile["id"]


async def test_a_post_whose_answer_was_lost_is_found_by_a_later_retry(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient,
        cfg: MastodonSourceConfig) -> None:
    """A server that ignores Idempotency-Key (Takahē) made the status and its 502 lost the
    answer; the looks of the first two tries failed too (the instance overloaded), each try in
    another process (two on Redis, or a restart). The third try, 3 minutes after the first,
    looks for a post made since the FIRST attempt: the status is found, not posted again.
    Before, each uncertain try was recorded as a 429's postponement (nothing posted), so the
    look only took posts made since the latest claim less two minutes: posted twice."""
    server = FakeMastodon(net, idempotency=False, clock=clock)
    server.lose_answers = 1
    net.fault("GET", f"/api/v1/accounts/{ACCOUNT_ID}/statuses",
              Fault.server_error(502), Fault.server_error(502))

    def process() -> ApprovalService:  # a fresh one each try: nothing in memory
        return service(store, clock, MastodonPublisher(cfg, client=client, clock=clock))

    draft = await drafted(process())
    told = await approved(process(), draft)
    assert "not published yet" in told.text, told
    assert len(server.statuses) == 1  # made; its answer lost, the look after it failed
    for minutes in (1, 2):
        clock.advance(minutes=minutes)
        await publish_due(store, clock, process())
    final = await status(store, draft, "published")
    assert final.publish_attempts == 3
    [ours] = server.statuses
    assert final.published_id == ours["id"]


async def test_a_502_after_the_network_asked_to_wait_is_the_first_try_of_five(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient,
        cfg: MastodonSourceConfig) -> None:
    """Only the unconfirmed tries count towards the five: a draft the network turned back
    with a 429 four times (nothing posted) and then met one 502 is tried again in a minute.
    Before, every claim counted (publish_attempts): that one 502 was 'given up after 5
    tries', the approved reply failed for good."""
    server = FakeMastodon(net, clock=clock)
    process = service(store, clock, MastodonPublisher(cfg, client=client, clock=clock))
    draft = await drafted(process)
    server.rate_limited_until = clock() + timedelta(seconds=30)
    told = await approved(process, draft)
    assert "asked to wait" in told.text, told
    assert told.text.endswith(
        f"; tried again at {clock() + timedelta(seconds=30):%Y-%m-%d %H:%M} UTC"), told.text
    for turn in range(4):
        clock.advance(seconds=31)
        if turn < 3:
            server.rate_limited_until = clock() + timedelta(seconds=30)
        else:
            net.fault("POST", "/api/v1/statuses", Fault.server_error(502))
        await publish_due(store, clock, process)
    now = await status(store, draft, "approved")
    assert now.publish_attempts == 5 and "(try 1 of 5)" in (error_said(now) or ""), now
    assert server.statuses == []
    clock.advance(minutes=1)
    await publish_due(store, clock, process)
    await status(store, draft, "published")
    assert len(server.statuses) == 1


@pytest.mark.parametrize("retry_after", ["1e20", "inf", "99999999999"])
async def test_a_429_asking_an_absurd_wait_waits_a_day_at_most(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient,
        cfg: MastodonSourceConfig,
        retry_after: str) -> None:
    """A server (or its proxy) whose 429 asks to wait for ever, or past the calendar's end:
    the approval waits a day and is tried again (and waits again if still asked). Before,
    publish raised OverflowError building the wait: no answer, the approval left publishing,
    and every later claim raised the same."""
    FakeMastodon(net, clock=clock)
    net.fault("POST", "/api/v1/statuses", Fault.rate_limited({"Retry-After": retry_after}))
    process = service(store, clock, MastodonPublisher(cfg, client=client, clock=clock))
    draft = await drafted(process)
    told = await approved(process, draft)
    assert "asked to wait" in told.text, told
    # the approver is told when it is tried again, and that the network asked for longer
    # (before: the 429's words alone, nothing of the day)
    again = f"{clock() + timedelta(days=1):%Y-%m-%d %H:%M} UTC"
    assert told.text.endswith(" (it asked for longer than a day: a day at most, then it is "
                              f"asked again); tried again at {again}"), told.text
    now = await status(store, draft, "approved")
    assert now.next_try_at == clock() + timedelta(days=1), now
    assert f"tried again at {again}" in (error_said(now) or ""), now.error
    clock.advance(hours=23, minutes=59)
    assert [t for t in await store.take_due(clock(), lease_seconds=60)
            if t.id.startswith("publish")] == []
    clock.advance(minutes=1)
    await publish_due(store, clock, process)
    await status(store, draft, "published")


async def test_a_busy_account_does_not_push_the_lost_post_out_of_the_look(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient,
        cfg: MastodonSourceConfig) -> None:
    """A server that ignores Idempotency-Key (Takahē; Mastodon after its hour) made the
    status and its 502 lost the answer, the look after it failing too; by the retry a minute
    later the account had posted 250 other statuses. The look pages back until it passes the
    first attempt: the status is found, not posted again. Before, it read the newest 200
    only and took 'not among them' for 'not posted': posted twice."""
    server = FakeMastodon(net, idempotency=False, clock=clock)
    server.lose_answers = 1
    net.fault("GET", f"/api/v1/accounts/{ACCOUNT_ID}/statuses", Fault.server_error(502))
    process = service(store, clock, MastodonPublisher(cfg, client=client, clock=clock))
    draft = await drafted(process)
    told = await approved(process, draft)
    assert "not published yet" in told.text, told
    [lost] = server.statuses
    for n in range(250):
        server.add_own(f"Reply {n}, thanks for waiting", in_reply_to_id=str(1000 + n))
    clock.advance(minutes=1)
    await publish_due(store, clock, process)
    final = await status(store, draft, "published")
    assert [s for s in server.statuses if s["in_reply_to_id"] == "42"] == [lost]
    assert final.published_id == lost["id"]


async def test_a_look_that_cannot_reach_the_first_attempt_posts_nothing(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient,
        cfg: MastodonSourceConfig,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the pages the look may read (more statuses than ``LOOK_PAGES`` pages since the
    first attempt) it has not seen whether the lost status is out: the try is unconfirmed
    again (nothing posted), not taken for 'not posted'."""
    monkeypatch.setattr("integrations.social.mastodon.source.LOOK_PAGES", 2)
    server = FakeMastodon(net, idempotency=False, clock=clock)
    server.lose_answers = 1
    net.fault("GET", f"/api/v1/accounts/{ACCOUNT_ID}/statuses", Fault.server_error(502))
    process = service(store, clock, MastodonPublisher(cfg, client=client, clock=clock))
    draft = await drafted(process)
    await approved(process, draft)
    [lost] = server.statuses
    for n in range(100):
        server.add_own(f"Reply {n}, thanks for waiting", in_reply_to_id=str(1000 + n))
    clock.advance(minutes=1)
    await publish_due(store, clock, process)
    now = await status(store, draft, "approved")
    assert "(try 2 of 5)" in (error_said(now) or "") and "statuses" in (now.error or ""), now
    assert [s for s in server.statuses if s["in_reply_to_id"] == "42"] == [lost]


def release_before_retries() -> Any:
    """handlers/approvals.py of the release before publish retries (85469d8^), run as it
    was: a process of it may run beside this one during a rolling upgrade."""
    path = Path(__file__).parent / "releases" / "approvals_before_85469d8.py.txt"
    return load_release(path)


async def test_the_release_before_retries_takes_the_retry_and_finds_the_lost_post(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient,
        cfg: MastodonSourceConfig) -> None:
    """A rolling upgrade: this release's try met a 502 whose status was made (a server that
    ignores Idempotency-Key, the look after it failing) and recorded 'publish unconfirmed',
    a history action the release before does not know. A process of that release takes the
    publish timer: it claims the draft, looks first (an earlier attempt is in the record) back
    to the first claim (an unknown action drops no claim), finds the status and records it
    published: posted once. No behaviour change: the check that the word is safe to add."""
    server = FakeMastodon(net, idempotency=False, clock=clock)
    server.lose_answers = 1
    net.fault("GET", f"/api/v1/accounts/{ACCOUNT_ID}/statuses", Fault.server_error(502))
    this = service(store, clock, MastodonPublisher(cfg, client=client, clock=clock))
    draft = await drafted(this)
    told = await approved(this, draft)
    assert "not published yet" in told.text, told
    [lost] = server.statuses
    old = release_before_retries()
    before = service(store, clock, MastodonPublisher(cfg, client=client, clock=clock),
                     release=old.ApprovalService)
    clock.advance(minutes=3)  # past the 2 minutes' skew: only the first claim's time finds it
    await publish_due(store, clock, before)
    final = await status(store, draft, "published")
    assert server.statuses == [lost] and final.published_id == lost["id"]


async def test_a_429_asking_no_wait_again_and_again_is_tried_ever_less_often(
        store: Store, clock: FakeClock, net: NetServer, client: httpx.AsyncClient,
        cfg: MastodonSourceConfig) -> None:
    """A server (or its proxy) answering every publish 429 with Retry-After 0, or an
    X-RateLimit-Reset behind our clock: each wait was 1 s, for as long as it answered so, each
    try two history entries and two card edits in every channel. Now each postponement in a
    row at least doubles the wait (1, 2, 4 s ... an hour at most): in 10 minutes it is tried
    10 times, not 300, and once the server takes it, it is published once."""
    server = FakeMastodon(net, clock=clock)
    net.fault("POST", "/api/v1/statuses",
              *[Fault.rate_limited({"Retry-After": "0"}) for _ in range(1000)])
    process = service(store, clock, MastodonPublisher(cfg, client=client, clock=clock))
    draft = await drafted(process)
    await approved(process, draft)
    tried = [clock()]
    for _ in range(600):
        clock.advance(seconds=1)
        for timer in await store.take_due(clock(), lease_seconds=60):
            if timer.id.startswith("publish"):
                tried.append(clock())
                await process.publish_due(timer)
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(tried)]
    assert len(tried) == 10 and gaps == [1, 2, 4, 8, 16, 32, 64, 128, 256], gaps
    await status(store, draft, "approved")
    net._faults.clear()  # the server takes posts again
    clock.advance(seconds=512)
    await publish_due(store, clock, process)
    await status(store, draft, "published")
    assert len(server.statuses) == 1
