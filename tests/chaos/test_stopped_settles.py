"""A process stopped (a real SIGSTOP) with a card's call at the chat, past its lane's lease, on a
real redis-server and the local wire-level Slack. Process A (``tests.chaos.boundary drain``)
posts a card; the local Slack takes the call and stops A before A hears the answer, which is
either the card shown or an HTTP 500 with nothing shown. Another process (this one) claims the
lane once A's lease has lapsed, looks for the card and records it (or posts it); A is then
resumed and settles what it got. The card must stay as the second process recorded it:
shown once, sent, counted delivered once, nothing left pending.
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.procs import ROOT
from tests.chaos.test_cli_beside_run import Served
from tests.chaos.test_pace_waits import START, _config
from tests.conftest import FakeClock
from tests.store.test_stale_settles import counted
from tests.support.fake_slack import FakeSlack
from tests.support.redis_server import RedisServer

# the stop is made by the chat at the call, the second process acts once it is stopped, and
# the first is resumed once that one is done: ordered by events, no clock raced
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py


class StoppingSlack(FakeSlack):
    """Slack that stops (SIGSTOP) process ``pid`` at its first ``chat.postMessage``, once it
    has answered it (the work done, or the fault armed), before the answer is read."""

    def __init__(self) -> None:
        super().__init__()
        self.proc: subprocess.Popen[bytes] | None = None
        self.stopped = threading.Event()
        self.release = None  # Served lets go of nothing here

    async def _api(self, request: web.Request) -> web.StreamResponse:
        answer = await super()._api(request)
        if request.match_info["method"] == "chat.postMessage" and not self.stopped.is_set():
            assert self.proc is not None
            os.kill(self.proc.pid, signal.SIGSTOP)
            self.stopped.set()
        return answer


# the one post each test's card is for
OUTAGE = Mention(id="mastodon:1", network="mastodon", source="feed", text="acme outage (1)",
                 author=Author(id="a1", handle="u1"), created_at=START)


@asynccontextmanager
async def a_stopped_at_its_call(config: Path, slack: StoppingSlack) -> AsyncIterator[None]:
    """Process A draining the outbox (``tests.chaos.boundary drain``, its clock a second past
    START), stopped by ``slack`` at its card's call; on the way out resumed unless the chat
    resumed it (``HandingSlack``), and its exit asserted clean."""
    first = subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "drain", str(config), "-",
         (START + timedelta(seconds=1)).isoformat()],
        cwd=ROOT, stderr=subprocess.PIPE,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})
    slack.proc = first
    try:
        assert await asyncio.to_thread(slack.stopped.wait, 120), "A never posted"
        yield
    finally:
        if first.poll() is None:  # stopped still, or running: not ended by the chat
            os.kill(first.pid, signal.SIGCONT)
        _, err = await asyncio.to_thread(first.communicate, timeout=60)
    assert first.returncode == 0, err.decode()[-3000:]


@pytest.fixture
def slack() -> Iterator[Served]:
    served = Served(StoppingSlack())  # type: ignore[arg-type]
    yield served
    served.close()


@pytest.mark.parametrize("answer", ["shown", "500"])
async def test_a_process_stopped_at_its_call_settles_nothing_another_recorded(
        tmp_path: Path, redis_server: RedisServer, slack: Served, answer: str) -> None:
    """Before 2026-12-02: A's late settle was written over the second process's: after a
    500, the card sent and shown was put back pending (on Redis in no lane: pending for
    ever, in the counts and in ``outbox list``); after the card shown, its delivery was
    counted twice."""
    redis_server.flushall()
    config = _config(tmp_path, slack, per_second=1, store=(
        f'{{backend: redis, redis_url: "{redis_server.url}", lease_seconds: 30}}'))
    stopping: StoppingSlack = slack.slack  # type: ignore[assignment]
    if answer == "500":
        stopping.fail(method="chat.postMessage", status=500, error="internal_error")
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO()) as app:
        await app.pipeline.process_batch([OUTAGE])
        async with a_stopped_at_its_call(config, stopping):
            clock.now = START + timedelta(seconds=40)  # past A's lease: this process takes over
            assert await app.outbox.drain() == 1
        got = slack.cards()
        assert list(got.values()) == [1], got
        listed = {status: [i.card.key for i in await app.store.list_outbox(status=status)]
                  for status in ("pending", "sent", "dead")}
        assert listed == {"pending": [], "sent": ["mastodon:1|outage"], "dead": []}, listed
        assert await app.store.outbox_counts() == {"pending": 0, "sent": 1, "dead": 0}
        day = int(START.timestamp() // 86400)
        tallies = await app.store.tallies(day)
        assert tallies.get("delivered\x1facme:CSUPPORT", {}).get(day) == 1, tallies


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("at", ["post/2"])  # the first settle written or not, the third unsent
async def test_a_process_killed_mid_chain_leaves_each_card_to_the_next_once(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str, at: str) -> None:
    """A chain of three cards (``burst: 3``) delivered by a real process that dies right after
    the chat showed its ``at`` card, before the outbox recorded it (the settles of the cards
    before it written or not); the next process (on Redis another owner, after the lease; on
    SQLite the same owner, at once) delivers the rest: each card shown once, three sent,
    three counted delivered."""
    served = Served()
    try:
        if backend == "redis":
            redis: RedisServer = request.getfixturevalue("redis_server")
            redis.flushall()
            store = f'{{backend: redis, redis_url: "{redis.url}", lease_seconds: 30}}'
        else:
            store = f"{{backend: sqlite, path: {tmp_path / 's.db'}}}"
        config = _config(tmp_path, served, per_second=1, store=store)
        config.write_text(config.read_text().replace("burst: 1", "burst: 3"))
        clock = FakeClock(START)
        async with open_app(load_config(config), clock=clock, out=io.StringIO()) as app:
            await app.pipeline.process_batch([Mention(
                id=f"mastodon:{i}", network="mastodon", source="feed",
                text=f"acme outage ({i})", author=Author(id=f"a{i}", handle=f"u{i}"),
                created_at=START) for i in (1, 2, 3)])
        died = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "tests.chaos.boundary", "drain",
                             str(config), "-", (START + timedelta(seconds=1)).isoformat(), "-",
                             at],
            cwd=ROOT, capture_output=True, timeout=120, check=False,
            env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
                 "PYTHONPATH": str(ROOT)})
        assert died.returncode == 137, died.stderr.decode()[-3000:]
        clock = FakeClock(START + timedelta(seconds=40))
        async with open_app(load_config(config), clock=clock, out=io.StringIO()) as app:
            await app.outbox.drain()
            got = served.cards()
            assert sorted(k for _, k in got) == [f"mastodon:{i}|outage" for i in (1, 2, 3)], got
            assert max(got.values()) == 1, got
            assert await app.store.outbox_counts() == {"pending": 0, "sent": 3, "dead": 0}
            day = int(START.timestamp() // 86400)
            tallies = await app.store.tallies(day)
            assert tallies.get("delivered\x1facme:CSUPPORT", {}).get(day) == 3, tallies
    finally:
        served.close()


class HandingSlack(StoppingSlack):
    """``StoppingSlack``, and at the next ``chat.postMessage`` (the second process's, which
    took the lane over) resumes the stopped process and answers only once it has ended: what
    the first heard is settled while the second's call is at the chat."""

    def __init__(self) -> None:
        super().__init__()
        self.resumed = False

    async def _api(self, request: web.Request) -> web.StreamResponse:
        if (request.match_info["method"] == "chat.postMessage" and self.stopped.is_set()
                and not self.resumed):
            assert self.proc is not None
            self.resumed = True
            os.kill(self.proc.pid, signal.SIGCONT)
            await asyncio.to_thread(self.proc.wait, 60)
        return await super()._api(request)


async def test_a_refusal_heard_while_another_process_posts_the_card_changes_nothing(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """A's post is refused (not_in_channel: the bot was invited a moment later) and A is
    stopped before it hears so; this process takes the lane over after A's lease, looks for
    the card (none) and posts it; A is resumed while that post is at the chat, and settles
    the refusal. Before 2026-12-02 that settle was written (neither claim changes the item
    as stored, so A's claim looked current): the card set aside as dead under this process's
    call, whose own settle then found it dead and wrote nothing: the card shown in #support,
    listed dead, not counted delivered, its message not recorded, and a dead-letter notice
    for it sent to the ops channel."""
    redis_server.flushall()
    served = Served(HandingSlack())  # type: ignore[arg-type]
    try:
        config = _config(tmp_path, served, per_second=1, store=(
            f'{{backend: redis, redis_url: "{redis_server.url}", lease_seconds: 30}}'))
        config.write_text(config.read_text().replace(
            "id: CSUPPORT}\n", "id: CSUPPORT}\n  ops: {workspace: acme, id: COPS}\n"
            "ops_channel: ops\n"))
        handing: HandingSlack = served.slack  # type: ignore[assignment]
        handing.fail(method="chat.postMessage", status=200, error="not_in_channel")
        clock = FakeClock(START)
        async with open_app(load_config(config), clock=clock, out=io.StringIO()) as app:
            await app.pipeline.process_batch([OUTAGE])
            async with a_stopped_at_its_call(config, handing):
                clock.now = START + timedelta(seconds=40)  # past A's lease
                await app.outbox.drain()
                assert handing.resumed, "this process never posted"
            await app.outbox.drain()  # a notice A queued, if any, goes out
            got = served.cards()
            assert got == {("CSUPPORT", "mastodon:1|outage"): 1}, got
            listed = {status: [i.card.key for i in await app.store.list_outbox(status=status)]
                      for status in ("pending", "sent", "dead")}
            assert listed == {"pending": [], "sent": ["mastodon:1|outage"], "dead": []}, listed
            assert await app.store.outbox_counts() == {"pending": 0, "sent": 1, "dead": 0}
            day = int(START.timestamp() // 86400)
            tallies = await app.store.tallies(day)
            assert tallies.get("delivered\x1facme:CSUPPORT", {}).get(day) == 1, tallies
            assert not tallies.get("dead\x1facme:CSUPPORT", {}).get(day), tallies
    finally:
        served.close()


@pytest.mark.parametrize("answer", ["500", "not_in_channel", "429"])
async def test_a_process_stopped_at_its_call_that_nobody_took_over_settles_what_it_heard(
        tmp_path: Path, redis_server: RedisServer, answer: str) -> None:
    """The stale-settle rules skip nothing here: A is stopped (SIGSTOP) with its call at the
    chat, this process looks for work while A's lease still runs (it takes nothing, the lane
    is A's) and A is resumed: what A heard is settled as it always was. A 500: pending, one
    attempt, delivered by the next drain once its backoff is over; a refusal: dead, with one
    dead-letter notice in the ops channel; a 429: pending until its Retry-After, its claim
    taken back (the retry posts without looking first). Each card shown once, the counts as
    a recount of the items."""
    redis_server.flushall()
    served = Served(StoppingSlack())  # type: ignore[arg-type]
    try:
        config = _config(tmp_path, served, per_second=1, store=(
            f'{{backend: redis, redis_url: "{redis_server.url}", lease_seconds: 30}}'))
        config.write_text(config.read_text().replace(
            "id: CSUPPORT}\n", "id: CSUPPORT}\n  ops: {workspace: acme, id: COPS}\n"
            "ops_channel: ops\n"))
        stopping: StoppingSlack = served.slack  # type: ignore[assignment]
        if answer == "429":
            stopping.fail(method="chat.postMessage", status=429, error="ratelimited",
                          retry_after=20)
        else:
            stopping.fail(method="chat.postMessage", status=500 if answer == "500" else 200,
                          error="internal_error" if answer == "500" else answer)
        clock = FakeClock(START)
        async with open_app(load_config(config), clock=clock, out=io.StringIO()) as app:
            await app.pipeline.process_batch([OUTAGE])
            async with a_stopped_at_its_call(config, stopping):
                clock.now = START + timedelta(seconds=10)  # within A's lease: nothing taken
                assert await app.outbox.drain() == 0
            [card] = [i for s in ("pending", "dead") for i in
                      await app.store.list_outbox(status=s) if i.channel == "CSUPPORT"]
            want = "dead" if answer == "not_in_channel" else "pending"
            assert (card.status, card.attempts) == (want, 1), card
            said = {"500": "internal_error", "429": "rate limited"}.get(answer, answer)
            assert said in (card.last_error or ""), card
            clock.now = START + timedelta(minutes=5)  # past any backoff and the Retry-After
            await app.outbox.drain()
            got = served.cards()
            notices = [k for (ch, k) in got if ch == "COPS"]
            if answer == "not_in_channel":
                assert ("CSUPPORT", "mastodon:1|outage") not in got, got
                assert len(notices) == 1 and max(got.values()) == 1, got
                want_counts = {"pending": 0, "sent": 1, "dead": 1}
            else:
                assert got == {("CSUPPORT", "mastodon:1|outage"): 1}, got
                want_counts = {"pending": 0, "sent": 1, "dead": 0}
                looked = len(stopping.calls_to("conversations.history"))
                assert (looked > 0) == (answer == "500"), looked  # a 429 took its claim back
            assert await counted(app.store) == want_counts
    finally:
        served.close()
