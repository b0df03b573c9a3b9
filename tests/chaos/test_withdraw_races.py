"""`withdraw` against the publish timer in real processes, on a real redis-server and on one
SQLite file: a scheduled post approved and waiting for its time (``tests.chaos
.test_scheduled_publish``). At its time two processes fire the timers while a third withdraws
it, let go together; or a timers process dies right after taking the timer (nothing claimed:
the withdraw wins) or right after the network took the post (the draft still ``publishing``:
the withdraw is refused). Whatever the order, the post goes out at most once, the draft's state
agrees with the network, and the last line in the card's thread says what happened.
"""

from __future__ import annotations

import asyncio
import io
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.commands import parse_command
from bot.core.config import load_config
from tests.chaos.test_claim_races import START, Setup, say
from tests.chaos.test_scheduled_publish import DUE, fire, posts, scheduled
from tests.chaos.test_snooze_ends import settle, thread_lines
from tests.chaos.test_timer_races import timers_process
from tests.support.clock import FakeClock
from tests.support.redis_server import RedisServer

WITHDRAWN = "A-1 withdrawn"
REFUSED = ("A-1 is being published; it can no longer be withdrawn",
           "A-1 is published already: ")


def race(s: Setup, first: str) -> dict[str, object]:
    """Two timers processes at the post's time and one withdrawing it; the withdraw's answer.
    ``first``: ``timers`` starts them as the withdraw's process starts (a process of each
    release at about the same moment, the timers' usually first to the store); ``withdraw``
    starts them once the withdraw's process is let go (its write usually first)."""
    def timers() -> list[subprocess.Popen[bytes]]:
        return [timers_process(s.config, s.record, START + timedelta(minutes=DUE))
                for _ in range(2)]

    started = timers() if first == "timers" else []
    with ThreadPoolExecutor(1) as pool:
        said = pool.submit(s.race, ("alice", "withdraw A-1 launch moved"))
        if first == "withdraw":
            deadline = time.monotonic() + 300
            while not (s.tmp / "go").exists() and not said.done():
                assert time.monotonic() < deadline, "the withdraw's process was never let go"
                time.sleep(0.01)
            started = timers()
        [answer] = said.result(timeout=300)
    for p in started:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()[-3000:]
    return answer


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize("first", ["timers", "withdraw"])
async def test_withdraw_and_two_timer_processes_at_once_publish_at_most_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, first: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        await scheduled(app)
        answer = await asyncio.to_thread(race, s, first)
        await settle(app, clock, DUE + 30)  # past every lease: whatever is left runs
        approval = await app.store.get_approval("A-1")
        assert approval is not None
        last = thread_lines(s.record)[-1]
        if approval.status == "published":
            [post] = posts(s)
            assert answer["ok"] is False and str(answer["text"]).startswith(REFUSED), answer
            assert last == f"socialops published: {post['url']}", last
        else:
            assert (approval.status, posts(s)) == ("rejected", [])
            assert answer == {"ok": True, "text": WITHDRAWN}, answer
            assert last == "withdrawn by alice: launch moved", last
        assert await app.store.timer_due("publish_at:A-1") is None
        assert await app.store.timer_due("publish:A-1") is None


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
@pytest.mark.parametrize("at", ["took publish_at", "network"])
async def test_withdraw_after_a_timer_process_died_at_the_publish(
        tmp_path: Path, redis_server: RedisServer, backend: str, at: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        await scheduled(app)
        await asyncio.to_thread(fire, s, DUE, at)  # dies at the boundary
        clock.now = START + timedelta(minutes=DUE)
        reply = await app.dispatcher.handle(parse_command("withdraw A-1").interaction(
            workspace="console", channel="support", user="alice"))
        end = DUE + max(app.timers.lease_seconds,
                        app.approvals.config.publish_lease_seconds) / 60 + 1
        await asyncio.to_thread(fire, s, end, n=2)  # two processes after the leases
        await settle(app, clock, end + 1)
        approval = await app.store.get_approval("A-1")
        assert approval is not None
        if at == "took publish_at":  # nothing claimed: the withdraw wins, nothing goes out
            assert (reply.ok, reply.text) == (True, WITHDRAWN)
            assert (approval.status, posts(s)) == ("rejected", [])
            assert thread_lines(s.record)[-1] == "withdrawn by alice"
        else:  # the post is out: refused, and the next claim finds it, once
            assert not reply.ok and reply.text.startswith(REFUSED[0]), reply
            assert reply.text.endswith(", when its claim ends"), reply  # from when, if it died
            [post] = posts(s)
            assert approval.status == "published"
            assert thread_lines(s.record)[-1].startswith(
                f"socialops published: {post['url']}")
        assert await say(app, "alice", "status A-1")


@pytest.mark.untimed  # the call held by a file, the lease passed on an injected clock
@pytest.mark.timeout(600)  # a hang's end: a process starts slowly on a loaded machine
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_post_made_after_a_withdraw_took_over_is_recorded_not_lost(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """A timers process claims A-1 at its time and its call to the network is held (slow, not
    dead) past the claim's lease; alice's withdraw, in this process, takes the draft over
    then, told the try may have posted it; the held call then posts. Before, that process's
    settle was refused ('A-1 is rejected'): the post was live and the draft said withdrawn,
    its address nowhere (review of 9887305). Now the draft is published with it, the card's
    thread says it came after alice's withdraw, and nothing posts again."""
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    hold = tmp_path / "hold"
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        await scheduled(app)
        slow = timers_process(s.config, s.record, START + timedelta(minutes=DUE),
                              f"hold:{hold}")
        deadline = time.monotonic() + 300  # a hang's end only
        while not hold.with_suffix(".ready").exists():
            assert slow.poll() is None, slow.communicate()[1].decode()[-3000:]
            assert time.monotonic() < deadline, "the timers process never reached the network"
            await asyncio.sleep(0.01)
        claimed = await app.store.get_approval("A-1")
        assert claimed is not None and claimed.status == "publishing"
        lease = app.approvals.config.publish_lease_seconds
        clock.now = START + timedelta(minutes=DUE, seconds=lease + 1)
        reply = await app.dispatcher.handle(parse_command("withdraw A-1 launch moved")
                                            .interaction(workspace="console",
                                                         channel="support", user="alice"))
        assert reply.ok and "may be on Mastodon or appear there yet" in reply.text, reply
        hold.touch()
        _, err = await asyncio.to_thread(slow.communicate, timeout=120)
        assert slow.returncode == 0, err.decode()[-3000:]
        [post] = posts(s)
        approval = await app.store.get_approval("A-1")
        assert approval is not None and approval.status == "published", approval
        assert approval.published_url == post["url"]
        await settle(app, clock, DUE + 30)
        assert posts(s) == [post]
        assert any(line.startswith(f"socialops published: {post['url']}; after alice "
                                   "withdrew it") for line in thread_lines(s.record)), \
            thread_lines(s.record)
        assert await app.store.timer_due("publish_at:A-1") is None
        assert await app.store.timer_due("publish:A-1") is None


@pytest.mark.untimed  # the call held by a file, the lease passed on an injected clock
@pytest.mark.timeout(600)  # a hang's end: a process starts slowly on a loaded machine
@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_post_made_after_a_withdraw_and_an_edit_is_recorded_not_lost(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """As above, but alice also edits A-1 back to approval before the held call posts the old
    text. Before, that process's settle was refused ('A-1 is pending'): the old text's post
    was live and its address nowhere (review of 32da262). Now the draft, pending with the new
    text, keeps the post's address in its history and card thread, and nothing posts again."""
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    hold = tmp_path / "hold"
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        old_hash = await scheduled(app)
        slow = timers_process(s.config, s.record, START + timedelta(minutes=DUE),
                              f"hold:{hold}")
        deadline = time.monotonic() + 300  # a hang's end only
        while not hold.with_suffix(".ready").exists():
            assert slow.poll() is None, slow.communicate()[1].decode()[-3000:]
            assert time.monotonic() < deadline, "the timers process never reached the network"
            await asyncio.sleep(0.01)
        lease = app.approvals.config.publish_lease_seconds
        clock.now = START + timedelta(minutes=DUE, seconds=lease + 1)
        withdrawn = await say(app, "alice", "withdraw A-1 launch moved")
        assert "may be on Mastodon or appear there yet" in withdrawn, withdrawn
        edited = await say(app, "alice", "edit A-1 Our winter sale starts next week")
        assert edited.startswith("A-1 edited"), edited
        hold.touch()
        _, err = await asyncio.to_thread(slow.communicate, timeout=120)
        assert slow.returncode == 0, err.decode()[-3000:]
        [post] = posts(s)
        approval = await app.store.get_approval("A-1")
        assert approval is not None and approval.status == "pending", approval
        assert approval.text == "Our winter sale starts next week"
        late = [e for e in approval.history if e.action == "posted after its claim ended"]
        assert len(late) == 1 and late[0].detail.startswith(f"{post['url']}: the text of "
                                                            f"sha256 {old_hash[:16]}"), late
        await settle(app, clock, DUE + 30)
        assert posts(s) == [post]
        assert any(line.startswith(f"socialops posted after its claim ended: {post['url']}")
                   for line in thread_lines(s.record)), thread_lines(s.record)
