"""The lead's outbox delivering through SlackWorkspace to the local Slack: Retry-After is honoured
through the injected clock, and a reply lost after Slack posted does not post twice (a card, or
a thread line in a busy thread)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.cards import Card
from bot.core.config import OutboxConfig, SlackWorkspaceConfig, StoreConfig
from bot.engine.outbox import Outbox
from integrations.slack.workspace import SlackWorkspace
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack

store_mod = pytest.importorskip("bot.store", reason="bot.store (the lead's stores) not in tree yet")

CH = "C0OPS"


@pytest.fixture
async def outbox(tmp_path: Path, clock: FakeClock,
                 slack_config: SlackWorkspaceConfig) -> AsyncIterator[Outbox]:
    store: Any = await store_mod.open_store(
        StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), redis_url=None, clock=clock)
    yield Outbox(store, {"acme": SlackWorkspace(slack_config)}, clock=clock,
                 config=OutboxConfig(backoff_base=1.0), owner="t")
    await store.close()


def alert(status: str = "new") -> Card:
    return Card(kind="alert", key="sig-1|support", title="Outage reports", status=status)


async def test_retry_after_from_slack_is_honoured(
    outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    fake_slack.fail(status=429, error="ratelimited", retry_after=30)
    assert await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    assert fake_slack.top_level(CH) == []
    clock.advance(seconds=29)
    await outbox.drain()
    assert fake_slack.top_level(CH) == []  # not before Retry-After
    clock.advance(seconds=2)
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


async def test_lost_reply_after_posting_edits_instead_of_posting_twice(
    outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock
) -> None:
    fake_slack.fail(method="chat.postMessage", status=500, error="internal_error",
                    lose_answer=True)
    await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1  # Slack posted it; we never heard back
    clock.advance(minutes=10)
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1
    assert fake_slack.calls_to("conversations.history")  # found by metadata
    await outbox.send(key="k1#2", workspace="acme", channel=CH, card=alert("claimed"),
                      update=True)
    await outbox.drain()
    (msg,) = fake_slack.top_level(CH)
    assert "claimed" in str(msg["blocks"])


@pytest.mark.parametrize("replies", ["before the line was queued", "while it waited"])
async def test_a_retried_line_is_found_in_a_thread_of_more_than_600_replies(
    outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock, replies: str
) -> None:
    """A card's thread holds 650 replies, posted an hour before a note was queued or after it
    was (while it waited for its turn); Slack shows the note and its answer is lost. The next
    attempt looks for the note's key among the replies since it was queued, page after page,
    and does not post it again. (It looked among the thread's first 600 replies before.)"""
    fake_slack.clock = lambda: clock().timestamp()  # Slack's clock is ours
    await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain()
    [card] = fake_slack.top_level(CH)

    def busy() -> None:
        for n in range(650):
            fake_slack.reply(CH, card["ts"], f"reply {n}")

    if replies == "before the line was queued":
        busy()
        clock.advance(hours=1)
    note = alert("claimed").model_copy(update={"thread_note": "alice noted: call back"})
    await outbox.send(key="k1#2", workspace="acme", channel=CH, card=note, update=True)
    if replies == "while it waited":
        busy()
    fake_slack.fail(method="chat.postMessage", status=500, error="internal_error",
                    lose_answer=True)
    await outbox.drain()
    clock.advance(minutes=10)
    await outbox.drain()
    assert not await outbox.store.list_outbox(status="pending")
    lines = [m for m in fake_slack.thread(CH, card["ts"]) if m.get("metadata")]
    assert [m["metadata"]["event_payload"]["key"] for m in lines] == ["k1#2"]


# -- Slack's pace: chat.postMessage is ~1 a second per channel, a thread reply included --------

async def _slack_outbox(backend: str, request: pytest.FixtureRequest, tmp_path: Path,
                        clock: FakeClock, slack_config: SlackWorkspaceConfig,
                        **cfg: Any) -> Outbox:
    url = request.getfixturevalue("redis_url") if backend == "redis" else None
    store: Any = await store_mod.open_store(
        StoreConfig(backend=backend, path=str(tmp_path / "s.db")), redis_url=url, clock=clock)

    async def sleep(seconds: float) -> None:  # simulated time
        clock.advance(seconds=seconds)

    return Outbox(store, {"acme": SlackWorkspace(slack_config)}, clock=clock,
                  config=OutboxConfig(**cfg), owner="t", sleep=sleep)


def _at(message: dict[str, Any]) -> float:
    return float(message["ts"])


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_thread_line_waits_out_the_retry_after_its_channels_card_got(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock,
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig) -> None:
    """A new card's chat.postMessage answered 429 with Retry-After: 30 holds the channel's
    posting for 30 s, a thread line (an edit's chat.postMessage in its card's thread)
    included. The line went about 6 s after the 429 (the card's pause, stored as the posts'
    pace, was read by the edit lane as a clock ahead and capped), earning Slack a second
    429; it now waits the 30 s out, and goes with the card after them."""
    fake_slack.clock = lambda: clock().timestamp()  # Slack's clock is ours
    outbox = await _slack_outbox(backend, request, tmp_path, clock, slack_config)
    try:
        ticket = Card(kind="ticket", key="T-1", title="login broken")
        await outbox.send(key="T-1@C0OPS", workspace="acme", channel=CH, card=ticket)
        await outbox.drain()
        clock.advance(seconds=60)
        fake_slack.fail(method="chat.postMessage", status=429, error="ratelimited",
                        retry_after=30)
        await outbox.send(key="n1@C0OPS", workspace="acme", channel=CH, card=alert())
        await outbox.drain()
        hit = clock().timestamp()
        assert len(fake_slack.calls_to("chat.postMessage")) == 2  # the card, then the 429
        claimed = ticket.model_copy(update={"status": "claimed",
                                            "thread_note": "claimed by ana"})
        await outbox.send(key="T-1@C0OPS#2", workspace="acme", channel=CH, card=claimed,
                          update=True)
        while clock().timestamp() < hit + 45:
            if not await outbox.drain_once():
                clock.advance(seconds=0.5)
        [card, new] = fake_slack.top_level(CH)
        [line] = fake_slack.thread(CH, card["ts"])
        assert _at(new) >= hit + 30, _at(new) - hit
        assert _at(line) >= hit + 30, _at(line) - hit  # was 6 s after the 429
        assert fake_slack.calls_to("chat.update")  # the edit itself is shown
    finally:
        await outbox.store.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_new_card_waits_out_the_retry_after_a_thread_line_got(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock,
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig) -> None:
    """The other way round: an edit's thread line (a chat.postMessage in its card's thread,
    under the channel's one message a second, as new cards are) answered 429 with
    Retry-After: 30 holds the channel's new cards for those 30 s too. Before, the 429 paced
    the edit lane alone (the chat.update tier's), and the next card went at once, into the
    same limit, earning Slack a second 429."""
    fake_slack.clock = lambda: clock().timestamp()  # Slack's clock is ours
    outbox = await _slack_outbox(backend, request, tmp_path, clock, slack_config)
    try:
        ticket = Card(kind="ticket", key="T-1", title="login broken")
        await outbox.send(key="T-1@C0OPS", workspace="acme", channel=CH, card=ticket)
        await outbox.drain()
        clock.advance(seconds=60)
        fake_slack.fail(method="chat.postMessage", status=429, error="ratelimited",
                        retry_after=30)
        claimed = ticket.model_copy(update={"status": "claimed",
                                            "thread_note": "claimed by ana"})
        await outbox.send(key="T-1@C0OPS#2", workspace="acme", channel=CH, card=claimed,
                          update=True)
        await outbox.drain()
        hit = clock().timestamp()
        assert len(fake_slack.calls_to("chat.postMessage")) == 2  # the card, then the 429
        assert fake_slack.calls_to("chat.update")  # the edit itself went
        await outbox.send(key="n1@C0OPS", workspace="acme", channel=CH, card=alert())
        while clock().timestamp() < hit + 45:
            if not await outbox.drain_once():
                clock.advance(seconds=0.5)
        [card, new] = fake_slack.top_level(CH)
        [line] = fake_slack.thread(CH, card["ts"])
        assert _at(new) >= hit + 30, _at(new) - hit  # went at once before
        assert _at(line) >= hit + 30, _at(line) - hit
        assert len(fake_slack.calls_to("chat.postMessage")) == 4  # no second 429
    finally:
        await outbox.store.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_backlog_after_an_outage_goes_at_slacks_one_a_second_after_a_short_burst(
        backend: str, request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock,
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig) -> None:
    """Slack documents chat.postMessage at 1 message a second per channel, 'short bursts >1
    allowed' with no guarantee (api.slack.com/docs/rate-limits): the burst allowance (5) is
    that short burst. 40 cards late after an outage went at ``catch_up`` (2) a second for 20
    s, not a short burst; on Slack they now go at the pace after the burst, as many a second
    as Slack takes (and faster on a chat that takes it: the catch-up tests in
    tests/engine/test_outbox.py)."""
    fake_slack.clock = lambda: clock().timestamp()
    outbox = await _slack_outbox(backend, request, tmp_path, clock, slack_config)
    try:
        for n in range(40):
            await outbox.send(key=f"n{n:02}@C0OPS", workspace="acme", channel=CH,
                              card=Card(kind="alert", key=f"n{n:02}", title=f"card {n}"))
        clock.advance(minutes=10)  # Slack down meanwhile: every card late
        start = clock().timestamp()
        while (clock().timestamp() - start) < 120:
            if not await outbox.drain_once():
                clock.advance(seconds=0.1)
        times = [_at(m) - start for m in fake_slack.top_level(CH)]
        assert len(times) == 40
        burst = outbox.config.burst
        early = [(i, round(t, 2)) for i, t in enumerate(times) if t < i - burst + 1 - 0.01]
        assert not early, early  # no card before its place at 1 a second after the burst
        assert times[-1] <= 40 - burst + 2, times[-1]  # and no slower than that
    finally:
        await outbox.store.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("claimer", ["this process", "another process"])
async def test_a_card_whose_call_outlasts_the_lease_is_not_posted_again(
        backend: str, claimer: str, request: pytest.FixtureRequest, tmp_path: Path,
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig) -> None:
    """A chat.postMessage that takes longer than the channel's lease (store.lease_seconds, 30
    s; the SDK waits 30 s for an answer, discord.py waits out a 429 of up to 30 s inside the
    call) must not let the lane be claimed again while the call is under way: the next claim
    finds no card yet (Slack posts it at the end of the wait) and posts it a second time. The
    run loop (``Outbox.pump``) claims again while a lane's chain runs, so this process took its
    own lane back once the lease lapsed, as another process did; a chain now keeps its lease
    while it runs. Real time, a lease of 0.6 s, a call of 2 s, watched until the card is
    settled."""
    lease = 0.6
    url = request.getfixturevalue("redis_url") if backend == "redis" else None

    def now() -> datetime:
        return datetime.now(UTC)

    store: Any = await store_mod.open_store(
        StoreConfig(backend=backend, path=str(tmp_path / "s.db")), redis_url=url, clock=now)
    ws = {"acme": SlackWorkspace(slack_config)}
    outbox = Outbox(store, ws, clock=now, owner="p1", lease_seconds=lease)
    outboxes = [outbox] + ([Outbox(store, ws, clock=now, owner="p2", lease_seconds=lease)]
                           if claimer == "another process" else [])
    stop = asyncio.Event()

    async def run_loop(o: Outbox) -> None:  # as bot.app.runtime's outbox step
        while not stop.is_set():
            if await o.pump() == 0:
                await asyncio.sleep(0.02)

    try:
        fake_slack.slow("chat.postMessage", 2.0)
        await outbox.send(key="k1@C0OPS", workspace="acme", channel=CH, card=alert())
        loops = [asyncio.ensure_future(run_loop(o)) for o in outboxes]
        # until the card is settled: the slow call, three leases long, has ended and was
        # recorded. A second claim of its lane could only come while it was pending (after
        # its lease's first lapse, 0.6 s in, as it did before); the chain that claim started,
        # still posting then, is waited for below (settle_chains) and counted.
        deadline = asyncio.get_running_loop().time() + 60  # only ends a hang
        while await store.list_outbox(status="pending"):
            assert asyncio.get_running_loop().time() < deadline, "the card was never settled"
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.gather(*loops)
        for o in outboxes:
            await o.settle_chains()
        assert len(fake_slack.top_level(CH)) == 1, [
            c.method for c in fake_slack.calls]  # posted twice
        assert len(fake_slack.calls_to("chat.postMessage")) == 1
        assert not await store.list_outbox(status="pending")
    finally:
        await store.close()


@pytest.mark.parametrize("header", ["nan", "inf", "1e12", "-5", "soon", "0"])
async def test_a_retry_after_that_is_no_usable_wait_holds_the_card_a_bounded_while(
        outbox: Outbox, fake_slack: FakeSlack, clock: FakeClock, header: str) -> None:
    """Retry-After as a proxy or a Slack-compatible server may send it: not a number, not a
    finite one, negative, 0, or past any date (1e12 s, 31,000 years). The card waits a
    bounded while, at least the channel's second (Slack's pace; 0 retried at once asked
    again at every pass while Slack refused) and at most an hour, and goes then, once;
    'inf' and '1e12' raised OverflowError from the delivery (the date past year 9999), which
    the run loop took for a failure of the whole outbox, again at every pass."""
    fake_slack.fail(status=429, error="ratelimited", retry_after=header)  # type: ignore[arg-type]
    assert await outbox.send(key="k1", workspace="acme", channel=CH, card=alert())
    await outbox.drain_once()
    [item] = await outbox.store.list_outbox(status="pending")
    waits = (item.next_attempt_at - clock()).total_seconds()
    assert 1 <= waits <= 3600, waits
    clock.advance(seconds=3601)
    await outbox.drain()
    assert len(fake_slack.top_level(CH)) == 1
    assert not await outbox.store.list_outbox(status="pending")
