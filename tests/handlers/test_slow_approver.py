"""What a slow approver, rejecter or editor is told when the draft moved on before their
decision was written: another approver's approval published it, is publishing it, or had it
put off by the network, a publish failed, its author withdrew it. Two processes (two services)
on one store, each store (a SQLite file and a real redis-server). Each answer says what is
true now, in one line, who made it so and when, and the post goes out once. Before, they were
told the draft's status word alone: 'A-1 is published, not pending', 'A-1 is publishing, not
pending', 'A-1 is approved, not pending', 'A-1 is failed, not pending'; and the approver whose
own approval another process's publish timer took up first: 'A-1 is published: <url>' or
'A-1 is being published', as if their approval had not been written."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.core.config import ApprovalsConfig, ChannelConfig, PersonConfig
from bot.core.errors import PublishError
from bot.core.ports import PublishResult, Store
from bot.engine.effects import Applier
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.identity import Directory
from tests.handlers.test_withdraw_races import Network
from tests.support.clock import FakeClock


class Refusing(Network):
    async def publish(self, text: str, **kw: Any) -> PublishResult:
        raise PublishError("mastodon: publish refused: Validation failed")


def service(store: Store, clock: FakeClock, network: Network,
            applier: Applier | None = None) -> ApprovalService:
    return ApprovalService(
        store, applier or Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"),
                             PersonConfig(id="dave", role="approver"),
                             PersonConfig(id="erin", role="approver")]),
        config=ApprovalsConfig(expire_hours=24, channel="approvals"),
        channels={"approvals": ChannelConfig(workspace="console", id="approvals")},
        publishers={"masto": network}, zones={"console": "Europe/Berlin"})


async def drafted(first: ApprovalService) -> tuple[str, str]:
    draft, _ = await first.draft(text="Launch day", network="mastodon", account="masto",
                                 author="alice")
    assert draft is not None
    return draft.id, draft.content_hash[:16]


async def late_answers(second: ApprovalService, ident: str, sha: str) -> list[str]:
    """erin's approve and reject, and alice's edit, each read after dave's approval."""
    return [(await second.approve(ident, "erin", shown_hash=sha)).text,
            (await second.reject(ident, "erin", "not on launch day")).text,
            (await second.edit(ident, "alice", "Launch day!")).text]


async def test_a_slow_approver_of_a_published_draft_is_told_by_whom_and_when(
        store: Store, clock: FakeClock) -> None:
    network = Network()
    first, second = service(store, clock, network), service(store, clock, Network())
    ident, sha = await drafted(first)
    assert (await first.approve(ident, "dave", shown_hash=sha)).text == \
        f"{ident} approved and published: https://m.example/1"
    clock.advance(minutes=3)
    when = "2026-11-23 09:00 UTC (10:00 Europe/Berlin)"
    assert await late_answers(second, ident, sha) == [
        f"{ident} was already published at {when}, approved by dave: https://m.example/1",
        f"{ident} was already published at {when}, approved by dave: https://m.example/1",
        f"{ident} is published already: https://m.example/1; it can no longer be edited"]
    assert len(network.posts) == 1


async def test_a_slow_approver_of_a_draft_being_published_is_told_so(
        store: Store, clock: FakeClock) -> None:
    network = Network()
    network.gate = asyncio.Event()  # dave's publish is in flight
    first, second = service(store, clock, network), service(store, clock, Network())
    ident, sha = await drafted(first)
    approving = asyncio.create_task(first.approve(ident, "dave", shown_hash=sha))
    for _ in range(200):
        now = await store.get_approval(ident)
        if now is not None and now.status == "publishing":
            break
        await asyncio.sleep(0.01)
    assert await late_answers(second, ident, sha) == [
        f"{ident} is being published now, approved by dave",
        f"{ident} is being published now, approved by dave",
        f"{ident} is being published now; it can no longer be edited"]
    network.gate.set()
    assert (await approving).text == f"{ident} approved and published: https://m.example/1"
    assert len(network.posts) == 1


async def test_a_slow_approver_of_a_draft_the_network_put_off_is_told_when_it_is_tried(
        store: Store, clock: FakeClock) -> None:
    network = Network()
    network.limited = 1
    first, second = service(store, clock, network), service(store, clock, Network())
    ident, sha = await drafted(first)
    await first.approve(ident, "dave", shown_hash=sha)
    approve, reject, edit = await late_answers(second, ident, sha)
    waits = ("approved by dave; the network asked to wait: mastodon: publish rate limited; "
             "tried again at 2026-11-23 09:01 UTC (10:01 Europe/Berlin)")
    assert approve == f"{ident} was already {waits}", approve
    assert reject == f"{ident} was already {waits}; to stop it, type: withdraw {ident}", \
        reject  # a rejection cannot stop an approved draft; a withdraw can
    assert (await second.withdraw(ident, "erin", "not on launch day")).ok
    assert edit.startswith(f"{ident} edited (back to pending)"), edit  # as documented


async def test_a_slow_approver_of_a_failed_or_withdrawn_draft_is_told_so(
        store: Store, clock: FakeClock) -> None:
    first = service(store, clock, Refusing())
    second = service(store, clock, Network())
    ident, sha = await drafted(first)
    await first.approve(ident, "dave", shown_hash=sha)
    failed = (f"{ident} was approved by dave, but publishing it failed: mastodon: publish "
              "refused: Validation failed; draft it again to post it")
    assert (await late_answers(second, ident, sha))[:2] == [failed, failed]
    assert (await second.edit(ident, "alice", "Launch day!")).text == (
        f"publishing {ident} failed (mastodon: publish refused: Validation failed); it can "
        "no longer be edited: draft it again")
    network = Network()
    network.limited = 1
    first = service(store, clock, network)
    ident, sha = await drafted(first)
    await first.approve(ident, "dave", shown_hash=sha)
    assert (await first.withdraw(ident, "alice", "launch moved")).ok
    assert (await second.approve(ident, "erin", shown_hash=sha)).text == \
        f"{ident} was withdrawn by alice, not pending"


class TimerFirst(Applier):
    """dave's process: right after his approval is written, another process's timer loop
    takes the publish timer written with it and publishes (or starts to publish) the draft,
    before dave's own publish call claims it."""

    def __init__(self, store: Store, other: ApprovalService, clock: FakeClock) -> None:
        super().__init__(store)
        self.other, self.clock = other, clock
        self.task: asyncio.Task[None] | None = None
        # the states the other process's publish is waited through before the approval's own
        # publish reads the draft: past "publishing" too, when that publish is not held (else
        # which of "being published" and "published" the approver is told is a race)
        self.through: tuple[str, ...] = ("approved",)

    async def run(self, decide: Any, *, what: str = "decision") -> Any:
        answer = await super().run(decide, what=what)
        if self.task is None and isinstance(answer, tuple) and answer[1] is not None \
                and answer[1].status == "approved":
            [timer] = [t for t in await self.store.take_due(self.clock(), lease_seconds=60)
                       if t.id.startswith("publish:")]
            self.task = asyncio.create_task(self.other.publish_due(timer))
            for _ in range(200):
                now = await self.store.get_approval(answer[1].id)
                if now is not None and now.status not in self.through:
                    break
                await asyncio.sleep(0.01)
        return answer


async def test_an_approval_whose_publish_another_process_took_up_says_it_was_approved(
        store: Store, clock: FakeClock) -> None:
    network = Network()
    network.gate = asyncio.Event()
    timers = service(store, clock, network)
    held = TimerFirst(store, timers, clock)
    first = service(store, clock, network, held)
    ident, sha = await drafted(first)
    told = await first.approve(ident, "dave", shown_hash=sha)
    assert told.text == f"{ident} approved; it is being published now", told.text
    network.gate.set()
    assert held.task is not None
    await held.task
    network.gate = None
    ident, sha = await drafted(first)
    held.task, held.through = None, ("approved", "publishing")
    told = await first.approve(ident, "dave", shown_hash=sha)
    assert told.text == f"{ident} approved and published: https://m.example/2", told.text
    assert len(network.posts) == 2
