"""The outbox on a real SQLite store and the real console workspace. A thin wrapper injects the
faults (429s, errors, a crash between posting and recording) at the workspace edge."""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.cards import Card
from bot.core.config import OutboxConfig
from bot.core.errors import DeliveryError, PermanentDeliveryError, RateLimited, StoreError
from bot.core.models import ChannelRef, MessageRef
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from integrations.console.workspace import ConsoleWorkspace
from tests.conftest import FakeClock


class Crash(BaseException):
    """Stands for the process dying mid-delivery (not an error the outbox may catch)."""


@dataclass
class Faulty:
    """Wraps a real workspace; pops one scripted fault per call."""

    inner: ConsoleWorkspace
    faults: list[BaseException | None] = field(default_factory=list)
    crash_after_post: bool = False
    crash_after_update: bool = False
    calls: list[str] = field(default_factory=list)
    paced: bool = True  # stands for a rate-limited chat: the pacing tests need one
    lines_share_pace: bool = False  # True: stands for Slack, a thread line a channel's post
    steady_pace: bool = False  # True: stands for Slack, no catching up faster than the pace

    @property
    def name(self) -> str:
        return self.inner.name

    def _fault(self) -> None:
        if self.faults:
            fault = self.faults.pop(0)
            if fault is not None:
                raise fault

    async def post(self, channel: str, card: Card) -> MessageRef:
        self.calls.append(f"post {channel} {card.key}")
        self._fault()
        ref = await self.inner.post(channel, card)
        if self.crash_after_post:
            self.crash_after_post = False
            raise Crash()
        return ref

    async def update(self, ref: MessageRef, card: Card, *,
                     maybe_shown_since: datetime | None = None) -> MessageRef:
        self.calls.append(f"update {ref.channel} {card.key}")
        self._fault()
        shown = await self.inner.update(ref, card, maybe_shown_since=maybe_shown_since)
        if self.crash_after_update:
            self.crash_after_update = False
            raise Crash()
        return shown

    async def find(self, channel: str, card_key: str) -> MessageRef | None:
        self.calls.append(f"find {channel} {card_key}")
        return await self.inner.find(channel, card_key)


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store  # SQLite only: the store contract suite covers Redis


@pytest.fixture
def workspace(tmp_path: Path) -> Faulty:
    return Faulty(ConsoleWorkspace("console", out=io.StringIO(),
                                   record_path=tmp_path / "record.jsonl"))


def make_outbox(store: Store, ws: Faulty, clock: FakeClock, *, owner: str = "w1",
                sleeps: list[float] | None = None, **cfg: float) -> Outbox:
    async def sleep(seconds: float) -> None:
        if sleeps is not None:
            sleeps.append(seconds)
        clock.advance(seconds=seconds)

    import random

    return Outbox(store, {"console": ws}, clock=clock, owner=owner,
                  config=OutboxConfig(**cfg),  # type: ignore[arg-type]
                  rng=random.Random(1), sleep=sleep, lease_seconds=30)


def card(key: str, text: str = "hello") -> Card:
    return Card(kind="alert", key=key, title=f"alert {key}", text=text)


def posts(ws: Faulty) -> list[tuple[str, str]]:
    return [(r["channel"], r["key"]) for r in ws.inner.records() if r["op"] == "post"]


async def test_same_key_is_delivered_once(store: Store, workspace: Faulty,
                                          clock: FakeClock) -> None:
    outbox = make_outbox(store, workspace, clock)
    assert await outbox.send(key="s1|r@support", workspace="console", channel="support",
                             card=card("s1|r"))
    assert not await outbox.send(key="s1|r@support", workspace="console", channel="support",
                                 card=card("s1|r"))
    await outbox.drain()
    await outbox.drain()
    assert posts(workspace) == [("support", "s1|r")]
    assert (await store.outbox_counts())["sent"] == 1


async def test_retry_after_is_honoured_and_channel_order_kept(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    outbox = make_outbox(store, workspace, clock)
    workspace.faults = [RateLimited("slow down", retry_after=5)]
    for i in range(3):
        await outbox.send(key=f"k{i}@support", workspace="console", channel="support",
                          card=card(f"k{i}"))
    await outbox.drain()
    assert posts(workspace) == []  # k0 waits for Retry-After, and k1, k2 wait behind it
    clock.advance(seconds=4)
    await outbox.drain()
    assert posts(workspace) == []
    clock.advance(seconds=1.5)
    for _ in range(5):
        await outbox.drain()
        clock.advance(seconds=1)
    assert posts(workspace) == [("support", "k0"), ("support", "k1"), ("support", "k2")]
    assert outbox.metrics.value("outbox_retries_total", reason="rate_limited") == 1


async def test_per_channel_rate_limit_spaces_messages(store: Store, workspace: Faulty,
                                                      clock: FakeClock) -> None:
    sleeps: list[float] = []
    outbox = make_outbox(store, workspace, clock, sleeps=sleeps, per_channel_per_second=0.5,
                         burst=1)
    for i in range(3):
        await outbox.send(key=f"k{i}@a", workspace="console", channel="a", card=card(f"k{i}"))
    await outbox.send(key="other@b", workspace="console", channel="b", card=card("other"))
    await outbox.drain()
    assert len(posts(workspace)) == 4
    # two waits of ~2 s in channel a (0.5 msg/s); channel b did not wait
    assert [round(s, 3) for s in sleeps] == [2.0, 2.0]


async def test_a_chat_without_a_rate_limit_is_not_paced(store: Store, workspace: Faulty,
                                                          clock: FakeClock) -> None:
    """The console has no rate limit: a replay's backlog prints at once, in channel order,
    and leaves no pace behind for a later paced delivery to wait on."""
    workspace.paced = False
    sleeps: list[float] = []
    outbox = make_outbox(store, workspace, clock, sleeps=sleeps, per_channel_per_second=0.5,
                         burst=1)
    for i in range(5):
        await outbox.send(key=f"k{i}@a", workspace="console", channel="a", card=card(f"k{i}"))
    await outbox.drain()
    assert [k for _, k in posts(workspace)] == [f"k{i}" for i in range(5)]
    assert sleeps == []
    workspace.paced = True  # the next card to the channel, paced, has no pace to wait on
    await outbox.send(key="k5@a", workspace="console", channel="a", card=card("k5"))
    await outbox.drain()
    assert len(posts(workspace)) == 6 and sleeps == []
    assert ConsoleWorkspace.paced is False  # what `socialops replay` and `run` print into


async def test_a_burst_allowance_drains_a_backlog_faster_than_the_pace(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """After a pause (an outage), a channel may take ``burst`` messages at once, then the
    steady pace: a backlog drains instead of waiting behind itself forever."""
    sleeps: list[float] = []
    outbox = make_outbox(store, workspace, clock, sleeps=sleeps, per_channel_per_second=1.0,
                         burst=4)
    for i in range(6):
        await outbox.send(key=f"k{i}@a", workspace="console", channel="a", card=card(f"k{i}"))
    await outbox.drain()
    assert [k for _, k in posts(workspace)] == [f"k{i}" for i in range(6)]
    assert [round(s, 3) for s in sleeps] == [1.0, 1.0]  # four at once, then one a second


async def test_a_late_backlog_catches_up_faster_than_the_pace_where_the_chat_takes_it(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """Cards over 15 s late go ``catch_up`` times faster than the pace after the burst, on a
    chat whose limit takes it; on one that says its pace is steady (Slack:
    ``steady_pace``), at the pace (tests/integrations/slack/test_outbox_e2e.py)."""
    sleeps: list[float] = []
    outbox = make_outbox(store, workspace, clock, sleeps=sleeps, burst=2, catch_up=2.0)
    for i in range(5):
        await outbox.send(key=f"k{i}@a", workspace="console", channel="a", card=card(f"k{i}"))
    clock.advance(minutes=10)
    await outbox.drain()
    assert [round(s, 3) for s in sleeps] == [0.5, 0.5, 0.5]  # two at once, then two a second
    workspace.steady_pace = True
    sleeps.clear()
    clock.advance(minutes=10)
    for i in range(5, 10):
        await outbox.send(key=f"k{i}@a", workspace="console", channel="a", card=card(f"k{i}"))
    clock.advance(minutes=10)
    await outbox.drain()
    assert [round(s, 3) for s in sleeps] == [1.0, 1.0, 1.0]
    assert [k for _, k in posts(workspace)] == [f"k{i}" for i in range(10)]


async def test_errors_back_off_until_the_age_limit_then_go_dead_and_are_reported(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    outbox = make_outbox(store, workspace, clock, give_up_after_minutes=1.0, backoff_base=1.0,
                         backoff_max=8.0)
    outbox.ops = ChannelRef(workspace="console", channel="ops")
    workspace.faults = [DeliveryError("not_in_channel")] * 1000
    await outbox.send(key="bad@c", workspace="console", channel="c", card=card("bad"))
    for _ in range(30):
        await outbox.drain()
        clock.advance(seconds=5)
        if (await store.get_outbox("bad@c")).status == "dead":  # type: ignore[union-attr]
            break
    item = await store.get_outbox("bad@c")
    assert item is not None and item.status == "dead"
    assert item.attempts > 5  # a count of attempts did not end it: its age did
    assert "gave up after 1 min" in (item.last_error or "")
    workspace.faults = []
    await outbox.send(key="good@c", workspace="console", channel="c", card=card("good"))
    await outbox.drain()
    notice = [(ch, k) for ch, k in posts(workspace) if ch == "ops"]
    # its notice, then the channel working again (the good card) said once: its incident ends
    assert notice == [("ops", item.dead_notice()),
                      ("ops", "deadok:console:c:not_in_channel.0")]
    assert item.dead_notice().startswith("dead:bad@c:")
    assert ("c", "good") in posts(workspace)  # the dead head no longer blocks its channel


async def test_permanent_error_is_not_retried(store: Store, workspace: Faulty,
                                              clock: FakeClock) -> None:
    outbox = make_outbox(store, workspace, clock)
    workspace.faults = [PermanentDeliveryError("channel_not_found")]
    await outbox.send(key="x@gone", workspace="console", channel="gone", card=card("x"))
    await outbox.drain()
    item = await store.get_outbox("x@gone")
    assert item is not None and item.status == "dead" and item.attempts == 1
    assert workspace.calls == ["post gone x"]


async def test_the_notice_of_a_dead_card_names_its_title_on_one_line(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """The ops channel's notice wrote the dead card's title as the first line of its text, as
    it was: a title holding line breaks (a card naming a network's handle) drew lines of its
    own there ('✅ delivered after a retry, nothing to do')."""
    outbox = make_outbox(store, workspace, clock)
    outbox.ops = ChannelRef(workspace="console", channel="ops")
    workspace.faults = [PermanentDeliveryError("channel_not_found")]
    forged = "✅ delivered after a retry, nothing to do"
    dead = Card(kind="ticket", key="T-1", title=f"T-1: @kasia\n\n{forged}\n on Mastodon")
    await outbox.send(key="T-1@gone", workspace="console", channel="gone", card=dead)
    await outbox.drain()
    await outbox.drain()
    [notice] = [r for r in workspace.inner.records() if r["channel"] == "ops"]
    assert notice["text"].splitlines()[0] == f"T-1: @kasia {forged} on Mastodon"
    assert forged not in [line.strip() for line in notice["text"].splitlines()]


async def test_an_unexpected_error_of_several_lines_is_kept_and_said_on_one_line(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """An error the outbox does not expect (a renderer's or a client's bug) is its str():
    pydantic's ValidationError is several lines, and an error may quote the card it failed
    on, a network's text. The ops notice of the card given up wrote it after the title as it
    was, so it drew lines of its own there ('✅ delivered after a retry, nothing to do'); the
    stored last_error (outbox list, why) was one line already (OutboxItem's validator)."""
    from pydantic import BaseModel, ValidationError

    class Block(BaseModel):
        count: int

    forged = "✅ delivered after a retry, nothing to do"
    try:
        Block.model_validate({"count": "kasia"})
    except ValidationError as exc:
        bug: Exception = exc
    assert "\n" in str(bug)
    outbox = make_outbox(store, workspace, clock, give_up_after_minutes=1.0, backoff_base=1.0,
                         backoff_max=8.0)
    outbox.ops = ChannelRef(workspace="console", channel="ops")
    workspace.faults = [bug, ValueError(f"cannot draw @kasia\n\n{forged}\n")] * 500
    await outbox.send(key="bad@c", workspace="console", channel="c", card=card("bad"))
    await outbox.drain()
    item = await store.get_outbox("bad@c")
    assert item is not None and item.last_error is not None
    assert "\n" not in item.last_error and "1 validation error" in item.last_error
    for _ in range(30):
        await outbox.drain()
        clock.advance(seconds=5)
        if (await store.get_outbox("bad@c")).status == "dead":  # type: ignore[union-attr]
            break
    item = await store.get_outbox("bad@c")
    assert item is not None and item.status == "dead" and "\n" not in (item.last_error or "")
    workspace.faults = []
    await outbox.drain()
    [notice] = [r for r in workspace.inner.records() if r["channel"] == "ops"]
    assert len(notice["text"].splitlines()) == 2, notice["text"]
    assert forged not in [line.strip() for line in notice["text"].splitlines()]


async def test_crash_between_post_and_record_does_not_post_twice(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    first = make_outbox(store, workspace, clock, owner="dies")
    workspace.crash_after_post = True
    await first.send(key="s9|r@support", workspace="console", channel="support",
                     card=card("s9|r"))
    with pytest.raises(Crash):
        await first.drain()
    assert posts(workspace) == [("support", "s9|r")]  # it reached the channel...
    # ...but the store never heard. Another worker takes over once the lease expires.
    second = make_outbox(store, workspace, clock, owner="survivor")
    await second.drain()
    assert posts(workspace) == [("support", "s9|r")]  # lease still held by the dead worker
    clock.advance(seconds=31)
    await second.drain()
    assert posts(workspace) == [("support", "s9|r")]
    assert "find support s9|r" in workspace.calls
    item = await store.get_outbox("s9|r@support")
    assert item is not None and item.status == "sent" and item.ref is not None


async def test_update_edits_the_posted_message(store: Store, workspace: Faulty,
                                               clock: FakeClock) -> None:
    outbox = make_outbox(store, workspace, clock)
    await outbox.send(key="T-1@support", workspace="console", channel="support",
                      card=card("T-1"))
    await outbox.drain()
    await outbox.send(key="T-1@support#1", workspace="console", channel="support",
                      card=card("T-1", "claimed").model_copy(
                          update={"thread_note": "alice claimed"}),
                      update=True)
    clock.advance(seconds=2)
    await outbox.drain()
    ops = [(r["op"], r["message_id"]) for r in workspace.inner.records()]
    assert ops[0][0] == "post" and ops[1][0] == "update" and ops[0][1] == ops[1][1]


async def test_unknown_workspace_is_dead_lettered(store: Store, workspace: Faulty,
                                                  clock: FakeClock) -> None:
    outbox = make_outbox(store, workspace, clock)
    assert await outbox.send(key="k@x", workspace="teams", channel="x", card=card("k"))
    await outbox.drain()
    item = await store.get_outbox("k@x")
    assert item is not None and item.status == "dead"
    assert item.last_error == "unknown workspace teams"
    assert outbox.metrics.value("outbox_dead_total") == 1


async def test_an_unexpected_exception_is_counted_retried_and_never_stops_the_channel(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """A bug in a renderer or a client (not a DeliveryError) fails that attempt only: it is
    logged, counted as an error retry, backed off like any failure, and the card is delivered
    once when the next attempt works; the drain itself never raises."""
    outbox = make_outbox(store, workspace, clock, backoff_base=1.0, backoff_max=4.0)
    workspace.faults = [KeyError("blocks"), ZeroDivisionError("render")]
    await outbox.send(key="bug@c", workspace="console", channel="c", card=card("bug"))
    for _ in range(10):
        await outbox.drain()
        clock.advance(seconds=5)
    item = await store.get_outbox("bug@c")
    assert item is not None and item.status == "sent"
    assert outbox.metrics.value("outbox_retries_total", reason="error") == 2
    assert posts(workspace) == [("c", "bug")]


async def test_cards_delivered_together_are_settled_in_one_transaction(
        store: Store, workspace: Faulty, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite settles the cards of one drain in one transaction (a group commit); each
    delivery still returns only once its settle has committed."""
    from bot.store.sqlite import SqliteStore

    assert isinstance(store, SqliteStore)
    groups: list[int] = []
    settle_many = store._settle_many

    def counted(settles: list[Any]) -> list[Exception | None]:
        groups.append(len(settles))
        return settle_many(settles)

    monkeypatch.setattr(store, "_settle_many", counted)
    outbox = make_outbox(store, workspace, clock)
    for ch in ("alerts", "support", "marketing"):
        await outbox.send(key=f"s1|r@{ch}", workspace="console", channel=ch, card=card("s1|r"))
    await outbox.drain()
    assert groups == [3]
    assert sorted(posts(workspace)) == [("alerts", "s1|r"), ("marketing", "s1|r"),
                                        ("support", "s1|r")]
    assert (await store.outbox_counts()) == {"pending": 0, "sent": 3, "dead": 0}


async def test_a_settle_that_fails_leaves_the_rest_of_its_group_to_commit(
        store: Store, clock: FakeClock) -> None:
    """Each settle of a group runs in its own savepoint: the one whose effects fail their
    check gets the error and stays claimed; the others commit."""
    from bot.core.cards import OutboxItem
    from bot.core.effects import Effects
    from bot.core.models import Ticket
    from tests.support.stores import create, enqueue

    def item(key: str, channel: str) -> OutboxItem:
        return OutboxItem(key=key, workspace="console", channel=channel, card=card(key),
                          next_attempt_at=clock(), created_at=clock())

    for key, ch in (("a@c1", "c1"), ("b@c2", "c2"), ("c@c3", "c3")):
        await enqueue(store, item(key, ch))
    ticket = Ticket(id="T-1", status="open", signal_id="mastodon:1", route="support",
                    customer_key="mastodon:a1", conversation_key="mastodon:1",
                    created_at=clock())
    assert await create(store, ticket)
    clash = Effects()
    clash.create(ticket)  # exists already: this settle's check fails
    claimed = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    assert len(claimed) == 3
    ref = MessageRef(workspace="console", channel="c", message_id="m")
    results = await asyncio.gather(
        store.finish("a@c1", owner="w", ref=ref),
        store.finish("b@c2", owner="w", ref=ref, effects=clash),
        store.finish("c@c3", owner="w", ref=ref), return_exceptions=True)
    assert results[0] is None and results[2] is None
    assert isinstance(results[1], Exception)
    statuses = {k: (i.status if (i := await store.get_outbox(k)) else None)
                for k in ("a@c1", "b@c2", "c@c3")}
    assert statuses == {"a@c1": "sent", "b@c2": "pending", "c@c3": "sent"}
    assert (await store.outbox_counts()) == {"pending": 1, "sent": 2, "dead": 0}


async def test_a_crash_during_a_group_settle_posts_no_card_twice(
        store: Store, workspace: Faulty, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The crash boundary of the group commit: the process dies while the settles of three
    cards already posted are being written. None of them commits; the worker that takes the
    channels over finds each card in its channel instead of posting it again."""
    from bot.store.sqlite import SqliteStore

    assert isinstance(store, SqliteStore)
    settle_in = store._settle_in
    calls = 0

    def dies_on_the_second(*args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # the first settle of the group is written, not committed
            raise Crash()
        settle_in(*args, **kwargs)

    first = make_outbox(store, workspace, clock, owner="dies")
    for ch in ("alerts", "support", "marketing"):
        await first.send(key=f"s1|r@{ch}", workspace="console", channel=ch, card=card("s1|r"))
    monkeypatch.setattr(store, "_settle_in", dies_on_the_second)
    with pytest.raises(Crash):
        await first.drain()
    monkeypatch.setattr(store, "_settle_in", settle_in)
    assert len(posts(workspace)) == 3  # every card reached its channel...
    assert (await store.outbox_counts()) == {"pending": 3, "sent": 0, "dead": 0}  # ...unrecorded
    second = make_outbox(store, workspace, clock, owner="survivor")
    clock.advance(seconds=31)  # the dead worker's channel leases lapse
    await second.drain()
    assert sorted(posts(workspace)) == [("alerts", "s1|r"), ("marketing", "s1|r"),
                                        ("support", "s1|r")]
    assert sorted(c for c in workspace.calls if c.startswith("find")) == [
        "find alerts s1|r", "find marketing s1|r", "find support s1|r"]
    assert (await store.outbox_counts()) == {"pending": 0, "sent": 3, "dead": 0}


# -- chains: a channel's cards claimed together, delivered in order under one lease -----------

def queue(outbox: Outbox, channel: str, keys: list[str]) -> list[Any]:
    return [outbox.send(key=f"{k}@{channel}", workspace="console", channel=channel,
                        card=card(k)) for k in keys]


async def test_a_channels_backlog_goes_out_in_chains_with_few_store_writes(
        store: Store, workspace: Faulty, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Five cards in each of three channels, burst 5: one claim takes all fifteen, and their
    settles commit in two transactions (the cards before each chain's last, then the lasts,
    which release the leases) rather than a claim and a settle per card."""
    from bot.store.sqlite import SqliteStore

    assert isinstance(store, SqliteStore)
    claims: list[int] = []
    groups: list[int] = []
    claim_due, settle_many = store.claim_due, store._settle_many

    async def counted_claim(**kw: Any) -> list[Any]:
        got = await claim_due(**kw)
        claims.append(len(got))
        return got

    def counted_settle(settles: list[Any]) -> list[Exception | None]:
        groups.append(len(settles))
        return settle_many(settles)

    monkeypatch.setattr(store, "claim_due", counted_claim)
    monkeypatch.setattr(store, "_settle_many", counted_settle)
    outbox = make_outbox(store, workspace, clock, burst=5)
    for ch in ("alerts", "support", "marketing"):
        for send in queue(outbox, ch, [f"k{i}" for i in range(5)]):
            await send
    await outbox.drain()
    assert claims == [15, 0]  # the empty claim ends the drain
    assert groups == [12, 3]
    for ch in ("alerts", "support", "marketing"):
        assert [k for c, k in posts(workspace) if c == ch] == [f"k{i}" for i in range(5)]
    assert not any(c.startswith("find") for c in workspace.calls)
    assert (await store.outbox_counts()) == {"pending": 0, "sent": 15, "dead": 0}


async def test_an_update_behind_its_card_in_one_chain_edits_the_message_just_posted(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """The store knows only messages posted before the claim; the chain carries forward the
    one it posted, so the update edits it instead of posting a second card. (The update has a
    thread line, as a ticket's: one without is taken into the waiting post instead.)"""
    outbox = make_outbox(store, workspace, clock)
    await outbox.send(key="T-1@support", workspace="console", channel="support",
                      card=card("T-1"))
    claimed = card("T-1", "claimed").model_copy(update={"thread_note": "claimed by ana"})
    await outbox.send(key="T-1@support#1", workspace="console", channel="support",
                      card=claimed, update=True)
    await outbox.drain()
    ops = [(r["op"], r["message_id"]) for r in workspace.inner.records()]
    assert [op for op, _ in ops] == ["post", "update"] and ops[0][1] == ops[1][1]
    assert await store.message_ref("T-1", "console", "support") is not None


async def test_a_429_mid_chain_leaves_the_rest_unattempted_and_unclaimed(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """k0 is posted, k1 is refused with a 429: k1 and k2 posted nothing, so after Retry-After
    both go out in order without looking for an earlier copy first."""
    outbox = make_outbox(store, workspace, clock)
    workspace.faults = [None, RateLimited("slow down", retry_after=5)]
    for send in queue(outbox, "support", ["k0", "k1", "k2"]):
        await send
    await outbox.drain()
    assert posts(workspace) == [("support", "k0")]
    assert workspace.calls == ["post support k0", "post support k1"]
    stored = [await store.get_outbox(f"k{i}@support") for i in range(3)]
    assert [(i.status, i.attempts) for i in stored if i] == [
        ("sent", 0), ("pending", 1), ("pending", 0)]
    clock.advance(seconds=6)
    await outbox.drain()
    assert posts(workspace) == [("support", "k0"), ("support", "k1"), ("support", "k2")]
    assert not any(c.startswith("find") for c in workspace.calls)


async def test_a_crash_mid_chain_posts_no_card_twice_and_loses_none(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """The process dies right after posting the second card of a chain of four, before its
    settle. The worker that takes the channel over once the lease lapses looks for the cards
    that were claimed and unrecorded, finds those posted, and posts the rest once each."""
    first = make_outbox(store, workspace, clock, owner="dies")
    for send in queue(first, "support", ["k0", "k1", "k2", "k3"]):
        await send
    original = workspace.post
    count = 0

    async def dies_after_the_second(channel: str, c: Card) -> MessageRef:
        nonlocal count
        count += 1
        ref = await original(channel, c)
        if count == 2:
            raise Crash()
        return ref

    workspace.post = dies_after_the_second  # type: ignore[method-assign]
    with pytest.raises(Crash):
        await first.drain()
    workspace.post = original  # type: ignore[method-assign]
    assert posts(workspace) == [("support", "k0"), ("support", "k1")]
    second = make_outbox(store, workspace, clock, owner="survivor")
    await second.drain()
    assert len(posts(workspace)) == 2  # the dead worker's lease still holds the channel
    clock.advance(seconds=31)
    await second.drain()
    assert posts(workspace) == [("support", f"k{i}") for i in range(4)]
    assert "find support k1" in workspace.calls  # claimed, posted, never recorded
    assert (await store.outbox_counts()) == {"pending": 0, "sent": 4, "dead": 0}


async def test_a_chain_stops_where_the_pace_would_make_the_next_card_wait(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """Burst 3 at one per second: a chain of three goes at once; the next card is claimed in a
    later round and waits for the pace, never sent early."""
    sleeps: list[float] = []
    outbox = make_outbox(store, workspace, clock, sleeps=sleeps, burst=3,
                         per_channel_per_second=1.0)
    for send in queue(outbox, "support", [f"k{i}" for i in range(5)]):
        await send
    assert await outbox.drain_once() == 3
    assert sleeps == [] and len(posts(workspace)) == 3
    await outbox.drain()
    assert posts(workspace) == [("support", f"k{i}") for i in range(5)]
    assert len(sleeps) == 2 and all(s > 0 for s in sleeps)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_two_workers_on_one_store_deliver_every_card_once_in_order(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """Two processes' outboxes (each its own connection to one store) drain the same channels
    side by side, in chains: every card once, each channel in order."""
    from bot.core.config import StoreConfig
    from bot.store import open_store

    if backend == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "shared.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    one = await open_store(cfg, redis_url=url, clock=clock)
    two = await open_store(cfg, redis_url=url, clock=clock)
    try:
        a = make_outbox(one, workspace, clock, owner="a", burst=4)
        b = make_outbox(two, workspace, clock, owner="b", burst=4)
        channels = ["c1", "c2", "c3", "c4"]
        for ch in channels:
            for send in queue(a, ch, [f"k{i:02}" for i in range(12)]):
                await send
        for _ in range(40):
            await asyncio.gather(a.drain_once(limit=6), b.drain_once(limit=6))
            clock.advance(seconds=1)
        for ch in channels:
            assert [k for c, k in posts(workspace) if c == ch] == [f"k{i:02}" for i in range(12)]
        assert (await one.outbox_counts()) == {"pending": 0, "sent": 48, "dead": 0}
    finally:
        await one.close()
        await two.close()


# -- the edit lane: edits of cards already shown go beside a channel's new cards --------------

async def show(outbox: Outbox, channel: str, keys: list[str]) -> None:
    """Post these cards and record their messages (a burst's first cards, already shown)."""
    for send in queue(outbox, channel, keys):
        await send
    await outbox.drain()


async def claim(outbox: Outbox, channel: str, key: str, revision: int, text: str) -> None:
    await outbox.send(key=f"{key}@{channel}#{revision}", workspace="console", channel=channel,
                      card=card(key, text).model_copy(update={"thread_note": text}),
                      update=True)


async def test_a_claim_shows_on_its_card_before_the_100th_card_of_a_backlog(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """The newcomer's measure in one process: a card of a burst is claimed while 130 new cards
    wait in its channel. Its edit went out behind all of them (78.5 s at the default pace and
    catch-up); it goes out in its channel's edit lane within about a second now, and the 130
    cards still go out in their order, each once."""
    outbox = make_outbox(store, workspace, clock)
    await show(outbox, "support", ["T-1", "T-2"])
    start = clock()
    for send in queue(outbox, "support", [f"n{i:03}" for i in range(130)]):
        await send
    await claim(outbox, "support", "T-2", 2, "claimed by ana")
    shown: list[float] = []
    update = workspace.update

    async def timed(ref: MessageRef, c: Card, **kw: Any) -> MessageRef:
        shown.append((clock() - start).total_seconds())
        return await update(ref, c, **kw)

    workspace.update = timed  # type: ignore[method-assign]
    await outbox.drain()
    ops = [(r["op"], r["key"]) for r in workspace.inner.records()][2:]
    assert ops.index(("update", "T-2")) < 100 and shown[0] <= 2.0, (ops[:10], shown)
    assert [k for op, k in ops if op == "post"] == [f"n{i:03}" for i in range(130)]
    assert (await store.outbox_counts()) == {"pending": 0, "sent": 133, "dead": 0}


async def test_a_429_on_an_edit_pauses_the_edits_not_the_new_cards(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """Edits are paced apart (Slack's chat.update is a method of its own tier, Discord's
    message edits a route bucket of their own): a Retry-After on an edit holds that lane."""
    outbox = make_outbox(store, workspace, clock, burst=5)
    await show(outbox, "support", ["T-1"])
    await claim(outbox, "support", "T-1", 2, "claimed")
    workspace.faults = [RateLimited("slow down", retry_after=30)]  # the first call: the edit
    for send in queue(outbox, "support", ["n1"]):
        await send
    calls = len(workspace.calls)
    await outbox.drain()
    assert workspace.calls[calls:] == ["update support T-1", "post support n1"]
    assert outbox.metrics.value("outbox_retries_total", reason="rate_limited") == 1
    clock.advance(seconds=30)
    await outbox.drain()
    assert [(r["op"], r["key"]) for r in workspace.inner.records()][1:] == [
        ("post", "n1"), ("update", "T-1")]


async def test_the_metrics_of_deliveries_and_pace_waits_say_their_lane(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """``delivery_latency_seconds`` and ``outbox_rate_limit_waits_total`` are labelled with
    the lane (``posts``, ``edits``): a channel's edits showing late behind its new cards, or
    waiting for their own pace, are told from its new cards."""
    outbox = make_outbox(store, workspace, clock, burst=1)
    await show(outbox, "support", ["T-1"])
    await claim(outbox, "support", "T-1", 2, "claimed")
    [first] = await store.claim_due(now=clock(), owner="w0", lease_seconds=30, limit=10)
    await store.retry_later(first.key, owner="w0", at=clock(), error="timeout")  # begun
    await claim(outbox, "support", "T-1", 3, "unclaimed")  # so not replaced: behind it
    await outbox.drain()  # the second edit waits for the edits' pace
    for send in queue(outbox, "support", ["n1", "n2"]):
        await send
    await outbox.drain()  # n2 waits for the posts' pace
    m = outbox.metrics
    assert (m.value("delivery_latency_seconds", lane="posts"),
            m.value("delivery_latency_seconds", lane="edits")) == (3, 2)
    assert (m.value("outbox_rate_limit_waits_total", lane="posts"),
            m.value("outbox_rate_limit_waits_total", lane="edits")) == (1, 1)


async def test_the_retries_metric_says_the_lane_as_the_delivery_metrics_do(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """``outbox_retries_total`` carries ``lane`` beside ``reason``: a 429 or an error on a
    channel's edits is told from one on its new cards (it had ``reason`` only)."""
    outbox = make_outbox(store, workspace, clock)
    await show(outbox, "support", ["T-1"])
    await claim(outbox, "support", "T-1", 2, "claimed")
    workspace.faults = [RateLimited("slow down", retry_after=5)]
    await outbox.drain()
    clock.advance(seconds=6)
    await outbox.drain()  # the claim shown
    workspace.faults = [DeliveryError("timeout")]
    for send in queue(outbox, "support", ["n1"]):
        await send
    await outbox.drain()
    m = outbox.metrics
    assert (m.value("outbox_retries_total", reason="rate_limited", lane="edits"),
            m.value("outbox_retries_total", reason="error", lane="posts")) == (1, 1)


async def test_a_card_claimed_unclaimed_and_claimed_while_the_chat_is_slow_is_edited_once(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """Its first edit refused with a 429, the card's two later edits replace it while it
    waits: one edit goes when the Retry-After is over, the latest state, its thread getting
    the three lines once, in order (three edits went before)."""
    outbox = make_outbox(store, workspace, clock)
    await show(outbox, "support", ["T-1"])
    await claim(outbox, "support", "T-1", 2, "claimed by ana")
    workspace.faults = [RateLimited("slow down", retry_after=30)]
    await outbox.drain()
    await claim(outbox, "support", "T-1", 3, "unclaimed by ana")
    await claim(outbox, "support", "T-1", 4, "claimed by bo")
    clock.advance(seconds=30)
    await outbox.drain()
    edits = [r for r in workspace.inner.records() if r["op"] == "update"]
    assert [(r["text"], r["thread_note"]) for r in edits] == [
        ("claimed by bo", "claimed by ana\nunclaimed by ana\nclaimed by bo")]
    assert workspace.calls.count("update support T-1") == 2  # the 429, then the one edit
    assert (await store.outbox_counts()) == {"pending": 0, "sent": 4, "dead": 0}


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_edits_sent_as_one_show_their_lines_once_when_a_process_dies_after_the_chat(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """The edit carrying its card's earlier waiting edits is shown, and the process dies
    before recording it: the next process, on the same store, edits the card again without
    showing the lines twice, and none is lost."""
    from bot.core.config import StoreConfig
    from bot.store import open_store

    if backend == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "crash.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    one = await open_store(cfg, redis_url=url, clock=clock)
    two = await open_store(cfg, redis_url=url, clock=clock)
    try:
        a = make_outbox(one, workspace, clock, owner="a")
        await show(a, "support", ["T-1"])
        for rev, note in ((2, "claimed by ana"), (3, "unclaimed by ana"), (4, "claimed by bo")):
            await claim(a, "support", "T-1", rev, note)
        workspace.crash_after_update = True
        with pytest.raises(Crash):
            await a.drain()
        clock.advance(seconds=31)  # a's lease lapses
        await make_outbox(two, workspace, clock, owner="b").drain()
        lines = [r["thread_note"] for r in workspace.inner.records()
                 if r["op"] == "update" and r["thread_note"]]
        assert lines == ["claimed by ana\nunclaimed by ana\nclaimed by bo"]
        assert (await two.outbox_counts()) == {"pending": 0, "sent": 4, "dead": 0}
    finally:
        await one.close()
        await two.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_two_workers_deliver_posts_and_edits_once_each_card_in_revision_order(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """Two processes drain a backlog of new cards while the cards already shown are edited
    several times each: every post and every edit once, each channel's posts in order, each
    card's revisions in order (some queued while the card itself still waited)."""
    from bot.core.config import StoreConfig
    from bot.store import open_store

    if backend == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "shared.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    one = await open_store(cfg, redis_url=url, clock=clock)
    two = await open_store(cfg, redis_url=url, clock=clock)
    try:
        a = make_outbox(one, workspace, clock, owner="a", burst=3)
        b = make_outbox(two, workspace, clock, owner="b", burst=3)
        for ch in ("c1", "c2"):
            await show(a, ch, ["T-1", "T-2"])
            for send in queue(a, ch, [f"n{i:02}" for i in range(20)]):
                await send
        for rev in range(2, 6):
            for ch in ("c1", "c2"):
                for key in ("T-1", "T-2", "n05"):  # n05: edits queued before it is shown
                    await claim(a, ch, key, rev, f"r{rev}")
            await asyncio.gather(a.drain_once(limit=4), b.drain_once(limit=4))
            clock.advance(seconds=1)
        for _ in range(60):
            await asyncio.gather(a.drain_once(limit=4), b.drain_once(limit=4))
            clock.advance(seconds=1)
        records = list(workspace.inner.records())
        for ch in ("c1", "c2"):
            assert [r["key"] for r in records if r["channel"] == ch and r["op"] == "post"] == [
                "T-1", "T-2", *(f"n{i:02}" for i in range(20))]
            for key in ("T-1", "T-2", "n05"):  # an edit waiting unattempted is replaced
                assert "\n".join(r["thread_note"] for r in records if r["channel"] == ch
                                 and r["op"] == "update" and r["key"] == key).split("\n") == [
                    f"r{rev}" for rev in range(2, 6)]  # by the next, which carries its line
        assert (await one.outbox_counts()) == {"pending": 0, "sent": 2 * 22 + 2 * 12,
                                               "dead": 0}
    finally:
        await one.close()
        await two.close()


# -- Slack: a channel's posting calls (new cards and the thread lines of edits) share one pace --

@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_thread_lines_of_edits_share_their_channels_posting_pace(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """On Slack an edit's thread line is a chat.postMessage in its channel, under the ~1
    message a second per channel that new cards keep to (PLATFORMS.md); chat.update is a tier
    of its own. 120 new cards wait in each of two channels; in one of them a shown card is
    claimed each second. The busy channel got 163 posting calls in the first minute against
    103 in the quiet one (the edit lane paced only its chat.update); now 104 against 102, and
    each claim still shows within a second."""
    from bot.core.config import StoreConfig
    from bot.store import open_store

    if backend == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "pace.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    shared = await open_store(cfg, redis_url=url, clock=clock)
    try:
        outbox = make_outbox(shared, workspace, clock)

        async def sleep(seconds: float) -> None:
            # simulated time for two lanes side by side: each waits from when it began
            until = clock() + timedelta(seconds=seconds)
            for _ in range(50):
                await asyncio.sleep(0)
            clock.now = max(clock.now, until)

        outbox.sleep = sleep
        await show(outbox, "busy", [f"T-{i:02}" for i in range(60)])
        clock.advance(seconds=120)
        workspace.lines_share_pace = True
        start = clock()
        for ch in ("busy", "quiet"):
            for send in queue(outbox, ch, [f"n{i:03}" for i in range(120)]):
                await send
        calls: list[tuple[float, str, str]] = []  # (seconds, channel, call)
        claimed_at: dict[str, float] = {}
        post, update = workspace.post, workspace.update

        async def posting(channel: str, c: Card) -> MessageRef:
            calls.append(((clock() - start).total_seconds(), channel, "post"))
            return await post(channel, c)

        async def editing(ref: MessageRef, c: Card, **kw: Any) -> MessageRef:
            at = (clock() - start).total_seconds()
            calls.append((at, ref.channel, "line" if c.thread_note else "update"))
            claimed_at.setdefault(c.key, at)
            return await update(ref, c, **kw)

        workspace.post = posting  # type: ignore[method-assign]
        workspace.update = editing  # type: ignore[method-assign]
        claims = 0
        while (elapsed := (clock() - start).total_seconds()) < 60:
            while claims < min(60, int(elapsed) + 1):
                await claim(outbox, "busy", f"T-{claims:02}", 2, "claimed by ana")
                claims += 1
            if not await outbox.drain_once():
                clock.advance(seconds=0.1)
        minute = [(ch, what) for at, ch, what in calls if at < 60]
        quiet = minute.count(("quiet", "post"))
        busy = minute.count(("busy", "post")) + minute.count(("busy", "line"))
        # the two lanes of a pass may each start from the pace stored before it: a burst
        assert busy <= quiet + 5, (busy, quiet)
        waited = [at - int(key[2:]) for key, at in claimed_at.items()]
        assert len(waited) == 60 and max(waited) <= 2.0, waited
        await outbox.drain()
        records = list(workspace.inner.records())
        assert [r["key"] for r in records if r["channel"] == "busy" and r["op"] == "post"][60:] \
            == [f"n{i:03}" for i in range(120)]
        assert sorted(r["key"] for r in records if r["op"] == "update") == [
            f"T-{i:02}" for i in range(60)]
    finally:
        await shared.close()


async def _open(backend: str, request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> Store:
    from bot.core.config import StoreConfig
    from bot.store import open_store

    if backend == "sqlite":
        return await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "o.db")),
                                redis_url=None, clock=clock)
    return await open_store(StoreConfig(backend="redis"),
                            redis_url=request.getfixturevalue("redis_url"), clock=clock)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_thread_lines_of_a_channel_taking_no_new_cards_keep_going_out(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """On Slack (thread lines share the channel's posting pace) a channel whose cards are all
    shown is worked through: a claim every two seconds, no new card coming. Only a posts chain
    made room for the lines, so once more than two bursts of lines were counted and none paid,
    every later line waited a few seconds, was put back, and waited again: the claims stopped
    showing until a new card came to the channel (12 of 30 shown in two minutes)."""
    shared = await _open(backend, request, tmp_path, clock)
    try:
        outbox = make_outbox(shared, workspace, clock, burst=5)
        await show(outbox, "support", [f"T-{i:02}" for i in range(30)])
        clock.advance(seconds=3600)  # the edit lane idle for an hour, then a burst of claims
        workspace.lines_share_pace = True
        start = clock()
        claims = 0
        while (elapsed := (clock() - start).total_seconds()) < 120:
            while claims < min(30, int(elapsed) // 2 + 1):
                await claim(outbox, "support", f"T-{claims:02}", 2, f"claimed by ana {claims}")
                claims += 1
            if not await outbox.drain_once():
                clock.advance(seconds=0.1)
        shown = [r["key"] for r in workspace.inner.records() if r["op"] == "update"]
        assert shown == [f"T-{i:02}" for i in range(30)], (len(shown), shown[-3:])
    finally:
        await shared.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_dead_edit_retried_after_a_later_edit_went_out_leaves_the_card_as_it_is_now(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """An edit refused for good (the dead deliveries' list), then the card edited again and
    shown: an operator's ``outbox retry`` of the dead edit showed its older text last, the card
    left claimed by ana when bo holds it. The retried edit now carries the card as the later
    edit showed it, and its own thread line, in its place."""
    shared = await _open(backend, request, tmp_path, clock)
    try:
        outbox = make_outbox(shared, workspace, clock)
        await show(outbox, "support", ["T-1"])
        await claim(outbox, "support", "T-1", 2, "claimed by ana")
        workspace.faults = [PermanentDeliveryError("invalid_blocks")]
        await outbox.drain()
        assert (await shared.get_outbox("T-1@support#2")).status == "dead"  # type: ignore[union-attr]
        clock.advance(seconds=5)
        await claim(outbox, "support", "T-1", 3, "claimed by bo")
        await outbox.drain()
        clock.advance(seconds=60)
        assert await shared.requeue("T-1@support#2", at=clock())
        await outbox.drain()
        edits = [(r["text"], r["thread_note"]) for r in workspace.inner.records()
                 if r["op"] == "update"]
        assert edits == [("claimed by bo", "claimed by bo"), ("claimed by bo", "claimed by ana")]
        assert (await shared.outbox_counts()) == {"pending": 0, "sent": 3, "dead": 0}
    finally:
        await shared.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_an_edit_an_attempt_may_have_shown_is_not_replaced_after_a_429(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """An edit whose attempt timed out may have been shown, its thread line too. Its next
    attempt refused with a 429 (chat.update's own tier) took back every attempt, not only
    its own, so the edit read as never attempted: the card's next edit replaced it, carrying
    its line, and the thread showed 'claimed by ana' twice. Only the refused attempt is taken
    back now: the next edit waits behind it, and each line shows once."""
    shared = await _open(backend, request, tmp_path, clock)
    try:
        outbox = make_outbox(shared, workspace, clock)
        await show(outbox, "support", ["T-1"])
        update = workspace.update
        timeouts = [1]

        async def slow(ref: MessageRef, c: Card, **kw: Any) -> MessageRef:
            shown = await update(ref, c, **kw)
            if timeouts:  # shown, and the answer never came
                timeouts.pop()
                raise DeliveryError("timed out")
            return shown

        workspace.update = slow  # type: ignore[method-assign]
        await claim(outbox, "support", "T-1", 2, "claimed by ana")
        await outbox.drain_once()  # shown, timed out: retried later
        workspace.faults = [RateLimited("slow down", retry_after=5)]
        for _ in range(30):  # the retry: refused with a 429
            clock.advance(seconds=1)
            await outbox.drain_once()
            if not workspace.faults:
                break
        assert not workspace.faults
        await claim(outbox, "support", "T-1", 3, "unclaimed by ana")
        for _ in range(60):
            clock.advance(seconds=1)
            await outbox.drain_once()
        lines = [line for r in workspace.inner.records() if r["op"] == "update"
                 and r["thread_note"] for line in r["thread_note"].split("\n")]
        assert lines == ["claimed by ana", "unclaimed by ana"], lines
        assert (await shared.outbox_counts())["pending"] == 0
    finally:
        await shared.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_lane_handed_over_mid_burst_on_slack_loses_and_doubles_nothing(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """Two processes on one store drain a Slack channel (thread lines share the posts' pace):
    new cards waiting, claims of cards shown coming in, one process killed after the chat
    showed an edit and its line and again after it posted a card; the other takes each lane
    over once its lease lapses. Every card once and in order, every line once and in order,
    the lines' counts moved on (none negative, none owed for ever: the last claim shows)."""
    from bot.core.config import StoreConfig
    from bot.store import open_store

    if backend == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "h.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    one = await open_store(cfg, redis_url=url, clock=clock)
    two = await open_store(cfg, redis_url=url, clock=clock)
    try:
        a = make_outbox(one, workspace, clock, owner="a", burst=3)
        b = make_outbox(two, workspace, clock, owner="b", burst=3)
        await show(a, "support", [f"T-{i}" for i in range(6)])
        workspace.lines_share_pace = True
        for send in queue(a, "support", [f"n{i:02}" for i in range(20)]):
            await send
        for i in range(6):
            await claim(a, "support", f"T-{i}", 2, f"claimed {i}")
        workspace.crash_after_update = True
        with pytest.raises(Crash):
            for _ in range(10):
                await a.drain_once()
        workspace.crash_after_post = True
        with pytest.raises(Crash):
            for _ in range(10):
                await a.drain_once()
                clock.advance(seconds=0.5)
        for i in range(6):
            await claim(b, "support", f"T-{i}", 3, f"unclaimed {i}")
        for _ in range(200):
            await (a if _ % 3 else b).drain_once()
            clock.advance(seconds=0.5)
        assert [k for c, k in posts(workspace)][6:] == [f"n{i:02}" for i in range(20)]
        lines = [r["thread_note"] for r in workspace.inner.records()
                 if r["op"] == "update" and r["thread_note"]]
        for i in range(6):
            mine = [x for line in lines for x in line.split("\n") if x.endswith(f" {i}")]
            assert mine == [f"claimed {i}", f"unclaimed {i}"], (i, lines)
        assert (await one.outbox_counts())["pending"] == 0
    finally:
        await one.close()
        await two.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_pace_stored_an_hour_ahead_holds_neither_cards_nor_lines_of_a_slack_channel(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """On Slack (thread lines share the channel's posting pace) the channel's pace was stored
    by a clock an hour ahead (NTP stepped it back since, or another process's). Such a pace is
    read as only the furthest one this engine stores, so each card and line waits that much:
    but a wait over a second put the card back, and at every later pass the pace was still an
    hour ahead, the wait as long, the card put back again: new cards and claims both stayed
    unshown for the hour."""
    from bot.core import keys as K

    shared = await _open(backend, request, tmp_path, clock)
    try:
        outbox = make_outbox(shared, workspace, clock, burst=2)
        await show(outbox, "support", ["T-1", "T-2"])
        workspace.lines_share_pace = True
        await shared.set_cursor(K.pace("console", "support"),
                                (clock() + timedelta(hours=1)).isoformat())
        for send in queue(outbox, "support", ["n1", "n2"]):
            await send
        await claim(outbox, "support", "T-1", 2, "claimed by ana")
        start = clock()
        while (clock() - start).total_seconds() < 120:
            if not await outbox.drain_once():
                clock.advance(seconds=0.5)
        assert [k for _, k in posts(workspace)] == ["T-1", "T-2", "n1", "n2"]
        assert [r["key"] for r in workspace.inner.records() if r["op"] == "update"] == ["T-1"]
    finally:
        await shared.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_channel_whose_call_is_slow_does_not_hold_another_channels_cards(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """Channels are independent (as PagerDuty and Grafana OnCall users expect): a card whose
    call takes long in one channel (discord.py waits out a 429 of up to 30 s inside the call,
    ``max_ratelimit_timeout``; a chat answering slowly) must not hold the cards due in another.
    The run loop's pass gathered every chain and began the next only when all had ended, so
    a card queued in #b while #a's call waited was shown only after it (at 1:100 scale, a 30 s
    wait in #a: #b's card queued at 5 s shown at 32 s); each lane's chain now runs on its own
    (``Outbox.pump``), and the lane in flight is not claimed again by the next pass."""
    shared = await _open(backend, request, tmp_path, clock)
    try:
        outbox = make_outbox(shared, workspace, clock)
        release = asyncio.Event()
        post = workspace.post

        async def slow_in_a(channel: str, c: Card) -> MessageRef:
            if channel == "a":
                await release.wait()
            return await post(channel, c)

        workspace.post = slow_in_a  # type: ignore[method-assign]
        for send in queue(outbox, "a", ["a1"]):
            await send
        stop = asyncio.Event()

        async def run_loop() -> None:  # as bot.app.runtime's outbox step
            while not stop.is_set():
                if await outbox.pump() == 0:
                    await asyncio.sleep(0.005)

        loop = asyncio.ensure_future(run_loop())
        try:
            await asyncio.sleep(0.05)  # #a's call under way
            for send in queue(outbox, "b", ["b1"]):
                await send
            for _ in range(200):
                if ("b", "b1") in posts(workspace):
                    break
                await asyncio.sleep(0.005)
            assert ("b", "b1") in posts(workspace), "#b's card held behind #a's call"
            assert ("a", "a1") not in posts(workspace)  # still waiting in its call
        finally:
            release.set()
            stop.set()
            await loop
        await outbox.drain()  # waits for #a's chain, then what is left
        assert sorted(posts(workspace)) == [("a", "a1"), ("b", "b1")]  # each once
        assert not await shared.list_outbox(status="pending")
    finally:
        await shared.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_the_run_loop_keeps_at_most_its_limit_of_chains_under_way(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, workspace: Faulty,
        clock: FakeClock) -> None:
    """Hundreds of channels with a card due while the chat answers slowly: each pass of the run
    loop (``Outbox.pump``) claimed up to 100 more and started their chains beside the ones
    still waiting, so 250 channels made 250 calls at once (a burst of connections, past the
    HTTP client's pool); at most ``limit`` (100) chains are now under way, the next claimed as
    one ends. Each card once."""
    shared = await _open(backend, request, tmp_path, clock)
    try:
        outbox = make_outbox(shared, workspace, clock)
        release = asyncio.Event()
        post = workspace.post
        under_way = 0
        most = 0

        async def slow(channel: str, c: Card) -> MessageRef:
            nonlocal under_way, most
            under_way += 1
            most = max(most, under_way)
            try:
                await release.wait()
                return await post(channel, c)
            finally:
                under_way -= 1

        workspace.post = slow  # type: ignore[method-assign]
        for n in range(250):
            for send in queue(outbox, f"c{n:03}", ["x"]):
                await send
        async def step() -> None:  # as bot.app.runtime's outbox step under its supervisor
            try:
                await outbox.pump()
            except StoreError:  # a loaded machine: a Redis connection timing out, retried
                await asyncio.sleep(0.1)

        for _ in range(20):  # while the calls wait
            await step()
            await asyncio.sleep(0.005)
        assert most <= 100, most
        release.set()
        for _ in range(50):
            await step()
            await outbox.settle_chains()
        for _ in range(5):
            try:
                await outbox.drain()
                break
            except StoreError:
                await asyncio.sleep(0.1)
        assert sorted(posts(workspace)) == [(f"c{n:03}", "x") for n in range(250)]
    finally:
        await shared.close()


async def test_a_restarted_process_takes_the_lanes_it_held_back_at_once_on_sqlite(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """SQLite serves one process per database file, so its owner is the host and the file
    (``bot.app.compose.process_owner``): a process restarted after a crash takes back at once
    the lanes it held, rather than waiting out their leases. The run loop's passes claimed
    under owners of their own (``<owner>~<n>``, counted from 1 again after a restart), so a
    lane claimed by the dead process's fourth pass was held from the new one for the lease
    (30 s)."""
    dead = make_outbox(store, workspace, clock)
    for _ in range(3):
        assert await dead.pump() == 0  # passes with nothing due
    stuck = asyncio.Event()
    post = workspace.post

    async def hangs_once(channel: str, c: Card) -> MessageRef:
        if not stuck.is_set():
            stuck.set()
            await asyncio.Event().wait()  # the process dies in this call
        return await post(channel, c)

    workspace.post = hangs_once  # type: ignore[method-assign]
    for send in queue(dead, "a", ["a1"]):
        await send
    assert await dead.pump() == 1
    await stuck.wait()
    restarted = make_outbox(store, workspace, clock)  # the same owner: host and file
    try:
        assert await restarted.pump() == 1, "the lane held for the dead process's lease"
        await restarted.settle_chains()
        assert posts(workspace) == [("a", "a1")]
    finally:
        for task in list(dead._inflight):
            task.cancel()
        await asyncio.gather(*dead._inflight, return_exceptions=True)


async def test_every_chain_that_fails_is_logged_and_counted_and_its_lane_retried(
        store: Store, workspace: Faulty, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """Two lanes' chains fail in one pass (a bug after their cards were shown: the settle
    raises), a third's goes out. The run loop raises the first failure at its next pass (the
    supervisor logs it, counts it and tells the ops channel); the other was dropped unseen,
    no line, no count. Each failure beyond the one raised is now logged with its traceback
    and counted (task_failures_total, task outbox); both lanes are claimed again, their cards
    found in the channel and not posted again, and the third lane is not held."""
    outbox = make_outbox(store, workspace, clock)
    finish = store.finish
    broken = {"a1@a": "bug in a", "b1@b": "bug in b"}

    async def fails_once(key: str, **kw: Any) -> None:
        if key in broken:
            raise RuntimeError(broken.pop(key))
        await finish(key, **kw)

    store.finish = fails_once  # type: ignore[method-assign]
    for ch in ("a", "b", "c"):
        for send in queue(outbox, ch, [f"{ch}1"]):
            await send
    assert await outbox.pump() == 3
    await outbox.settle_chains()
    with pytest.raises(RuntimeError) as first:
        await outbox.pump()
    other = "bug in b" if "a" in str(first.value) else "bug in a"
    assert any(other in (r.exc_text or "") or other in r.getMessage()
               for r in caplog.records), "the other chain's failure dropped unseen"
    assert outbox.metrics.value("task_failures_total", task="outbox", kind="bug") == 1
    for _ in range(5):
        await outbox.pump()
        await outbox.settle_chains()
    assert sorted(posts(workspace)) == [("a", "a1"), ("b", "b1"), ("c", "c1")]  # each once
    assert not await store.list_outbox(status="pending")


async def test_a_chain_failure_no_pass_raised_is_raised_by_the_last_drain(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """A stop ends the run loop and drains once (``bot.app.runtime``'s stop tail, which logs
    what it raises): a chain that failed after the loop's last pass was waited for and its
    error dropped, no line; the drain now raises it, and its card goes at the next drain."""
    outbox = make_outbox(store, workspace, clock)
    finish = store.finish
    broken = {"a1@a"}

    async def fails_once(key: str, **kw: Any) -> None:
        if key in broken:
            broken.discard(key)
            raise RuntimeError("bug in a")
        await finish(key, **kw)

    store.finish = fails_once  # type: ignore[method-assign]
    for send in queue(outbox, "a", ["a1"]):
        await send
    assert await outbox.pump() == 1
    with pytest.raises(RuntimeError, match="bug in a"):
        await outbox.drain_once()  # the stop's last drain
    await outbox.drain()
    assert posts(workspace) == [("a", "a1")]
    assert not await store.list_outbox(status="pending")


async def test_a_lane_due_behind_the_lanes_under_way_is_claimed_when_there_is_room(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """The run loop claims only as many as it has room for beside the chains under way; the
    SQLite claim read the channels' heads in a window of four times that, oldest first, where
    the lanes under way (their cards still pending) came first: with five chains waiting in
    slow calls and room for one more, the window held only theirs, and a sixth channel's due
    card was not claimed until more chains ended."""
    outbox = make_outbox(store, workspace, clock, burst=1)  # one card a chain
    release = asyncio.Event()
    post = workspace.post

    async def slow(channel: str, c: Card) -> MessageRef:
        if channel != "f":
            await release.wait()
        return await post(channel, c)

    workspace.post = slow  # type: ignore[method-assign]
    for ch in "abcde":
        for send in queue(outbox, ch, [f"{ch}1", f"{ch}2"]):
            await send
    assert await outbox.pump(limit=5) == 5
    for send in queue(outbox, "f", ["f1"]):
        await send
    try:
        assert await outbox.pump(limit=6) == 1, "room for one, and f1 due: not claimed"
        await asyncio.sleep(0.01)
        assert ("f", "f1") in posts(workspace)
    finally:
        release.set()
        await outbox.settle_chains()
    await outbox.drain()
    assert sorted(posts(workspace)) == sorted(
        [(ch, f"{ch}{n}") for ch in "abcde" for n in (1, 2)] + [("f", "f1")])


async def test_a_process_paused_past_its_lease_posts_no_card_another_took_over(
        request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """A process paused (SIGSTOP, a frozen container, a VM paused) while its chain waits for
    the channel's pace keeps no lease: its renewals cannot run, the lease lapses, and another
    process claims the lane, looks for the card (not its first claim), finds none and posts
    it. The first, resumed, posted it again without looking: its claim was the first, and
    nothing told it the lane was no longer its own. A chain now makes sure it still holds its
    lane before a call when its lease was last known held longer ago than half the lease,
    and leaves the lane to its new holder otherwise. Redis (SQLite serves one process). The
    paused process runs on an event loop of its own in a thread, blocked as SIGSTOP blocks a
    process: its lease's renewals cannot run either."""
    import threading
    import time
    from datetime import UTC

    from bot.core import keys as K
    from bot.core.config import StoreConfig
    from bot.core.effects import Effects
    from bot.store import open_store

    url = request.getfixturevalue("redis_url")
    lease = 1.0
    record = tmp_path / "record.jsonl"

    def now() -> datetime:
        return datetime.now(UTC)

    def console() -> Faulty:
        return Faulty(ConsoleWorkspace("console", out=io.StringIO(), record_path=record))

    cfg = OutboxConfig(burst=1, per_channel_per_second=1)
    store_b = await open_store(StoreConfig(backend="redis"), redis_url=url, clock=now)
    b = Outbox(store_b, {"console": console()}, clock=now, owner="p2", config=cfg,
               lease_seconds=lease)
    paused = threading.Event()

    async def frozen(seconds: float) -> None:  # the pace's wait, in which the process stops
        paused.set()
        time.sleep(2.5)  # blocks its loop: the whole process stopped, nothing of it runs

    async def first() -> int:
        store_a = await open_store(StoreConfig(backend="redis"), redis_url=url, clock=now)
        try:
            a = Outbox(store_a, {"console": console()}, clock=now, owner="p1", config=cfg,
                       lease_seconds=lease, sleep=frozen)
            return await a.drain_once()
        finally:
            await store_a.close()

    try:
        await b.send(key="k1@support", workspace="console", channel="support", card=card("k1"))
        fx = Effects()  # the channel's pace a moment ahead: the first card waits for it
        fx.cursors[K.pace("console", K.lane_channel("support", ""))] = (
            now() + timedelta(seconds=0.3)).isoformat()
        await store_b.apply(fx)
        a_done = asyncio.ensure_future(asyncio.to_thread(asyncio.run, first()))
        assert await asyncio.to_thread(paused.wait, 5), "the first process never waited"
        await asyncio.sleep(lease + 0.5)  # its lease lapsed while it is stopped
        await b.drain_once()  # another process takes the lane over and posts the card
        assert [r["key"] for r in console().inner.records() if r["op"] == "post"] == ["k1"]
        await a_done  # the first resumes
        assert [r["key"] for r in console().inner.records() if r["op"] == "post"] == [
            "k1"], "the paused process posted the card again"
        assert (await store_b.outbox_counts())["sent"] == 1
        assert not await store_b.list_outbox(status="pending")
    finally:
        await store_b.close()


async def test_a_call_that_never_answers_is_given_up_and_its_card_looked_for_next_time(
        store: Store, workspace: Faulty, clock: FakeClock) -> None:
    """A chain keeps its lane's lease while its call runs (renewed every third of the lease),
    so a call that never answers held the lane, and one of the run loop's chains, for ever:
    discord.py sets no timeout of its own (aiohttp's 5 minutes a try, five tries), and a
    workspace of another kind may set none. A call is now given up after
    ``Outbox.call_timeout`` (``CALL_MAX``, five minutes): its card is retried later as after
    a timeout, looked for first (the call may have posted it), and posted once."""
    outbox = make_outbox(store, workspace, clock)
    outbox.call_timeout = 0.2
    post = workspace.post
    hang = True

    async def never_answers(channel: str, c: Card) -> MessageRef:
        if hang:
            workspace.calls.append(f"post {channel} {c.key}")
            await asyncio.Event().wait()
        return await post(channel, c)

    workspace.post = never_answers  # type: ignore[method-assign]
    for send in queue(outbox, "support", ["k1"]):
        await send
    done = asyncio.ensure_future(outbox.drain_once())
    await asyncio.wait({done}, timeout=3)
    assert done.done(), "the chain still waits for a call that never answers"
    (item,) = await store.list_outbox(status="pending")
    assert "the chat did not answer within 0.2 s" in (item.last_error or "")
    hang = False
    clock.advance(seconds=3600)
    await outbox.drain()
    assert posts(workspace) == [("support", "k1")]
    assert workspace.calls == ["post support k1", "find support k1", "post support k1"]


async def test_a_machine_suspended_past_its_lease_posts_no_card_another_took_over(
        request: pytest.FixtureRequest, tmp_path: Path) -> None:
    """The paused process above, its machine suspended instead (a laptop asleep, a VM
    suspended with its guest): Linux's CLOCK_MONOTONIC, Python's ``time.monotonic``, does
    not count the time the machine slept, so the resumed chain read its lease as held a
    moment ago and posted without asking the store; the world's clock had moved on by the
    sleep, another process had claimed the lane and posted the card. The chain's lease is
    now timed on a clock that counts a suspend (``Outbox.held_clock``: CLOCK_BOOTTIME on
    Linux). A suspend cannot be made here: the process keeps running, and the sleep is told
    to it as a suspended machine tells it, on its wall clock and the boot clock injected,
    while ``time.monotonic`` moves on by what the test takes (the last inch, taken on
    trust). With the monotonic clock injected instead, k1 is posted twice."""
    import threading
    import time
    from datetime import UTC

    from bot.core import keys as K
    from bot.core.config import StoreConfig
    from bot.core.effects import Effects
    from bot.store import open_store

    url = request.getfixturevalue("redis_url")
    lease = 60.0  # no renewal is due in the test's time (every 20 s)
    slept = 3 * lease  # how long the machine was suspended
    record = tmp_path / "record.jsonl"
    wall = [0.0]  # the world's clock ahead of this one's by the sleep, once slept
    boot = [0.0]  # the suspended machine's boot clock, ahead of its monotonic one

    def now() -> datetime:
        return datetime.now(UTC) + timedelta(seconds=wall[0])

    def booted() -> float:
        return time.monotonic() + boot[0]

    def console() -> Faulty:
        return Faulty(ConsoleWorkspace("console", out=io.StringIO(), record_path=record))

    cfg = OutboxConfig(burst=1, per_channel_per_second=1)
    store_b = await open_store(StoreConfig(backend="redis"), redis_url=url, clock=now)
    b = Outbox(store_b, {"console": console()}, clock=now, owner="p2", config=cfg,
               lease_seconds=lease)
    asleep, woken = threading.Event(), threading.Event()

    async def suspended(seconds: float) -> None:  # the pace's wait, in which the machine sleeps
        asleep.set()
        woken.wait(30)  # blocks its loop: nothing of it runs
        boot[0] += slept  # as it wakes, its boot clock has counted the sleep

    async def first() -> int:
        store_a = await open_store(StoreConfig(backend="redis"), redis_url=url, clock=now)
        try:
            a = Outbox(store_a, {"console": console()}, clock=now, owner="p1", config=cfg,
                       lease_seconds=lease, sleep=suspended, held_clock=booted)
            return await a.drain_once()
        finally:
            await store_a.close()

    try:
        await b.send(key="k1@support", workspace="console", channel="support", card=card("k1"))
        fx = Effects()  # the channel's pace a moment ahead: the first card waits for it
        fx.cursors[K.pace("console", K.lane_channel("support", ""))] = (
            now() + timedelta(seconds=0.3)).isoformat()
        await store_b.apply(fx)
        a_done = asyncio.ensure_future(asyncio.to_thread(asyncio.run, first()))
        assert await asyncio.to_thread(asleep.wait, 5), "the first process never waited"
        wall[0] += slept  # the world's clock moves on while the machine sleeps
        await b.drain_once()  # another process takes the lane over and posts the card
        assert [r["key"] for r in console().inner.records() if r["op"] == "post"] == ["k1"]
        woken.set()
        await a_done  # the machine wakes
        assert [r["key"] for r in console().inner.records() if r["op"] == "post"] == [
            "k1"], "the suspended process posted the card again"
        assert await store_b.outbox_counts() == {"pending": 0, "sent": 1, "dead": 0}
    finally:
        woken.set()
        await store_b.close()


def test_a_chain_lease_is_timed_on_a_clock_that_counts_a_suspend() -> None:
    """On Linux, CLOCK_BOOTTIME (what ``time.monotonic`` reads, CLOCK_MONOTONIC, stops while
    the machine is suspended); elsewhere ``time.monotonic``."""
    import time

    from bot.engine.outbox import held_time

    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    if boottime is None:
        assert held_time is time.monotonic
        return
    before = time.clock_gettime(boottime)
    at = held_time()
    assert before <= at <= time.clock_gettime(boottime)
