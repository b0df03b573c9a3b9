"""The runtime on the real app (SQLite, rules, console): a failing source is paused and reported
while the others keep flowing; a streaming source is consumed; a stop is graceful."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import random
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.cards import Card, OutboxItem
from bot.core.config import load_config
from bot.core.effects import DeadLetter, Effects
from bot.core.errors import RateLimited, SourceAuthError, StoreError
from bot.core.models import Author, Mention
from bot.core.ports import DueTimer
from bot.engine.supervisor import Supervisor
from integrations.social.mastodon.config import MastodonSourceConfig
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer
from tests.support.stores import schedule


def write_config(tmp: Path) -> Path:
    (tmp / "rules.yaml").write_text(
        "routes:\n  - name: all\n    match: {any: [acme]}\n    channel: alerts\n")
    (tmp / "empty.jsonl").write_text("")
    cfg = tmp / "socialops.yaml"
    cfg.write_text(f"""\
sources:
  - {{id: good, type: replay, path: {tmp / "empty.jsonl"}, interval: 0.01}}
  - {{id: bad, type: replay, path: {tmp / "empty.jsonl"}, interval: 0.01}}
  - {{id: limited, type: replay, path: {tmp / "empty.jsonl"}, interval: 0.01}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  ops: {{workspace: console, id: ops}}
ops_channel: ops
rules: rules.yaml
store: {{backend: sqlite, path: {tmp / "s.db"}}}
""")
    return cfg


def completed(timer: DueTimer) -> Effects:
    fx = Effects()
    fx.complete(timer.id, timer.token)
    return fx


def mention(n: int) -> Mention:
    return Mention(id=f"mastodon:{n}", network="mastodon", source="good", text=f"acme post {n}",
                   author=Author(id=f"a{n}", handle=f"u{n}"),
                   created_at=datetime(2026, 11, 20, 9, tzinfo=UTC))


class Counting:
    def __init__(self, sid: str, batches: list[list[Mention]]) -> None:
        self.id, self.network = sid, "mastodon"
        self.batches = batches
        self.polls = 0

    async def poll(self) -> Sequence[Mention]:
        self.polls += 1
        return self.batches.pop(0) if self.batches else []


class Failing:
    def __init__(self, sid: str, error: Exception) -> None:
        self.id, self.network = sid, "mastodon"
        self.error = error
        self.polls = 0

    async def poll(self) -> Sequence[Mention]:
        self.polls += 1
        raise self.error


class Streaming(Counting):
    def __init__(self, sid: str, items: list[Mention]) -> None:
        super().__init__(sid, [])
        self.items = items

    async def stream(self) -> AsyncIterator[Mention]:
        for m in self.items:
            await asyncio.sleep(0)
            yield m
        await asyncio.Event().wait()  # an idle stream: stays open


async def until(pred: object, timeout: float = 10.0) -> None:
    assert callable(pred)
    async with asyncio.timeout(timeout):
        while not pred():
            await asyncio.sleep(0.01)


async def test_failing_sources_pause_and_report_while_others_flow(tmp_path: Path) -> None:
    out = io.StringIO()
    record = tmp_path / "record.jsonl"
    async with open_app(load_config(write_config(tmp_path)), out=out,
                        record_path=record) as app:
        good = Counting("good", [[mention(1), mention(2)], [mention(3)]])
        bad = Failing("bad", SourceAuthError("401 invalid_token"))
        limited = Failing("limited", RateLimited("slow down", retry_after=3600))
        app.sources.update({"good": good, "bad": bad, "limited": limited})
        runtime = app.runtime()
        task = asyncio.create_task(runtime.run())
        try:
            await until(lambda: good.polls >= 3 and "source:bad" in runtime.paused)
            await until(lambda: sum(1 for r in app.workspaces["console"].records()  # type: ignore[attr-defined]
                                    if r["op"] == "post") >= 4)
        finally:
            runtime.stop.set()
            await asyncio.wait_for(task, 30)
        posts = [(r["channel"], r["key"]) for r in app.workspaces["console"].records()  # type: ignore[attr-defined]
                 if r["op"] == "post"]
        assert sorted(k for ch, k in posts if ch == "alerts") == [
            "mastodon:1|all", "mastodon:2|all", "mastodon:3|all"]
        ops = [k for ch, k in posts if ch == "ops"]
        assert len(ops) == 1 and ops[0].startswith("ops:source:bad:")  # once, not every retry
        assert bad.polls == 1 and limited.polls == 1  # paused, not hammered
        assert app.metrics.value("source_errors_total", source="bad", kind="auth") == 1
        assert app.metrics.value("source_errors_total", source="limited", kind="rate_limited") == 1


async def test_streaming_source_is_consumed_and_stop_is_graceful(tmp_path: Path) -> None:
    async with open_app(load_config(write_config(tmp_path)), out=io.StringIO(),
                        record_path=tmp_path / "r.jsonl") as app:
        stream_cfg = MastodonSourceConfig(id="live", type="mastodon", stream=True)
        app.loaded.config = app.loaded.config.model_copy(update={"sources": (stream_cfg,)})
        live = Streaming("live", [mention(10), mention(11)])
        app.sources = {"live": live}
        runtime = app.runtime()
        task = asyncio.create_task(runtime.run())
        try:
            await until(lambda: app.pipeline.tally.processed >= 2)
        finally:
            runtime.stop.set()
            await asyncio.wait_for(task, 30)
        assert app.pipeline.tally.processed == 2
        assert (await app.store.outbox_counts())["sent"] == 2


class Breaking(Counting):
    """A stream whose first connection dies of an unexpected error after one post (a bug in a
    parser, say); the next connection works and stays open."""

    def __init__(self, sid: str) -> None:
        super().__init__(sid, [])
        self.connections = 0

    async def stream(self) -> AsyncIterator[Mention]:
        self.connections += 1
        if self.connections == 1:
            yield mention(20)
            raise ZeroDivisionError("a parser bug")
        yield mention(21)
        await asyncio.Event().wait()


async def test_a_stream_that_dies_of_a_bug_reconnects_after_a_backoff_with_a_floor(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    async with open_app(load_config(write_config(tmp_path)), out=io.StringIO(),
                        record_path=tmp_path / "r.jsonl") as app:
        stream_cfg = MastodonSourceConfig(id="live", type="mastodon", stream=True)
        app.loaded.config = app.loaded.config.model_copy(update={"sources": (stream_cfg,)})
        live = Breaking("live")
        app.sources = {"live": live}
        runtime = app.runtime()
        task = asyncio.create_task(runtime.run())
        try:
            await until(lambda: app.pipeline.tally.processed >= 2, timeout=30)
        finally:
            runtime.stop.set()
            await asyncio.wait_for(task, 30)
    assert live.connections == 2 and app.pipeline.tally.processed == 2
    assert app.metrics.value("task_failures_total", task="stream:live", kind="bug") == 1
    waits = [float(m.group(1)) for r in caplog.records
             if (m := re.search(r"^stream:live: a parser bug; retrying in (\S+)s$",
                                r.getMessage()))]
    assert len(waits) == 1 and waits[0] >= 1.0, caplog.text  # never "retrying in 0s"
    assert not task.done() or task.exception() is None


def test_backoff_never_goes_below_its_floor() -> None:
    sup = Supervisor(stop=asyncio.Event(), clock=lambda: datetime.now(UTC),
                     rng=random.Random(3), floor=1.0, max_backoff=300.0)
    delays = [sup.backoff(n) for n in range(40) for _ in range(20)]
    assert min(delays) >= 1.0 and max(delays) <= 300.0


async def test_a_report_the_store_cannot_take_is_one_line(
        caplog: pytest.LogCaptureFixture) -> None:
    """Redis stopped under a running bot (docs/operations.md: /readyz says 503): every loop
    failed, and reporting each to the ops channel (an outbox row) failed too, logged as 'could
    not report mentions failing' with three chained tracebacks, four times. A store that cannot
    be reached is said in the loop's WARNING already: one line, no traceback."""
    async def report(task: str, what: str, why: str) -> None:
        raise StoreError("Redis at redis://127.0.0.1:6379/0: Error 111 connecting")

    async def step() -> float:
        raise StoreError("Redis at redis://127.0.0.1:6379/0: Error 111 connecting")

    sup = Supervisor(stop=asyncio.Event(), clock=lambda: datetime.now(UTC),
                     rng=random.Random(3), report=report)
    caplog.set_level(logging.INFO)
    await sup.run_once("timers", step)
    assert not any(r.exc_info for r in caplog.records), [r.getMessage() for r in caplog.records]
    assert [r.getMessage() for r in caplog.records if "could not report" in r.getMessage()] == [
        "could not report timers failing: Redis at redis://127.0.0.1:6379/0: Error 111 "
        "connecting"]


async def test_a_failure_quoting_a_server_is_reported_as_one_line_of_visible_text() -> None:
    """An exception that is not ours (an OSError, a library's error) may quote what a server
    sent; the loop's health (``/readyz``) and its report to the ops channel carry it as one
    line of visible text (its log lines are escaped by the formatter, bot/app/logs.py)."""
    reported: list[str] = []

    async def report(task: str, what: str, why: str) -> None:
        reported.append(why)

    async def step() -> float:
        raise OSError("bad\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202elive\nINFO all fine")

    sup = Supervisor(stop=asyncio.Event(), clock=lambda: datetime.now(UTC),
                     rng=random.Random(3), report=report)
    await sup.run_once("timers", step)
    shown = [*reported, *sup.unhealthy().values()]
    assert any("bad]52;c;ZXZpbA==[2Jlive INFO all fine" in x for x in shown), shown
    assert not any(re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", x) for x in shown), shown


async def test_redis_stopped_under_a_running_bot_is_logged_without_a_traceback(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """docs/operations.md: with the store unreachable /readyz says 503 and the loops retry.
    Stopping the bot then logged 'last outbox drain failed' with three chained tracebacks
    (and each loop's ops report before it, the test above): a store that is down is an
    operator's problem said in one line, not a bug."""
    server = RedisServer(tmp_path / "redis").start()
    try:
        cfg = write_config(tmp_path)
        cfg.write_text(cfg.read_text().replace(
            f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}", "store: {backend: redis}"))
        async with open_app(load_config(cfg), env={"REDIS_URL": server.url}, out=io.StringIO(),
                            record_path=tmp_path / "r.jsonl") as app:
            runtime = app.runtime()
            task = asyncio.create_task(runtime.run())
            try:
                health = runtime.supervisor.health
                await until(lambda: "source:good" in health
                            and health["source:good"].last_ok is not None)
                server.stop()
                await until(lambda: any("could not report" in r.getMessage()
                                        for r in caplog.records), timeout=20)
            finally:
                runtime.stop.set()
                await asyncio.wait_for(task, 40)
    finally:
        server.stop()
    traced = [r.getMessage() for r in caplog.records if r.exc_info]
    assert traced == [], traced
    assert any(r.getMessage().startswith("last outbox drain failed: Redis at ")
               for r in caplog.records)
    [released] = [r.getMessage() for r in caplog.records
                  if "could not release" in r.getMessage()]  # a line a lease before
    assert released.startswith("could not release source:good, stream:good, source:bad"), (
        released)
    assert "Redis at " in released and released.endswith("when they lapse"), released


async def test_the_scheduler_fires_due_timers_while_running(tmp_path: Path) -> None:
    async with open_app(load_config(write_config(tmp_path)), out=io.StringIO(),
                        record_path=tmp_path / "r.jsonl") as app:
        app.sources = {}
        fired: list[str] = []

        async def expire(timer: DueTimer) -> None:
            fired.append(json.loads(timer.payload)["approval"])
            await app.applier.apply(completed(timer))

        app.timers.handlers["expire"] = expire
        await schedule(app.store, "expire:A-1", app.clock() - timedelta(seconds=1),
                       json.dumps({"approval": "A-1"}))
        runtime = app.runtime()
        task = asyncio.create_task(runtime.run())
        try:
            await until(lambda: fired == ["A-1"])
        finally:
            runtime.stop.set()
            await asyncio.wait_for(task, 30)


async def test_after_redis_lost_its_data_no_process_posts_a_delivered_card_again(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """Process a delivered 6 cards; Redis comes back empty. a notices at its next batch and
    reads its file again from the start, which queues the 6 cards again; b's outbox (b has run
    no batch since) may take them first. Every outbox turns careful before it posts, so each
    card is looked up in its channel and none is posted twice."""
    redis_server.flushall()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(mention(n).model_dump_json() + "\n" for n in range(6)))
    cfg = write_config(tmp_path)
    cfg.write_text(cfg.read_text().split("sources:")[0] + f"""\
sources:
  - {{id: good, type: replay, path: {feed}}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  ops: {{workspace: console, id: ops}}
ops_channel: ops
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: redis}}
""")
    record = tmp_path / "record.jsonl"
    async with AsyncExitStack() as stack:
        a, b = [await stack.enter_async_context(open_app(
            load_config(cfg), env={"REDIS_URL": redis_server.url}, out=io.StringIO(),
            record_path=record, owner=f"p{i}")) for i in range(2)]
        ra, rb = a.runtime(), b.runtime()

        def alerts() -> list[str]:
            return [r["key"] for r in a.workspaces["console"].records()  # type: ignore[attr-defined]
                    if r["op"] == "post" and r["channel"] == "alerts"]

        await ra._source_step(a.sources["good"], 60.0)()
        await ra.consume_once(block_ms=50)
        await a.outbox.drain()
        assert len(alerts()) == 6
        redis_server.flushall()  # Redis restarted without persistence
        await ra._source_step(a.sources["good"], 60.0)()  # a notices; the file is read again
        await ra.consume_once(block_ms=50)
        assert (await b.store.outbox_counts())["pending"] >= 6
        await rb._outbox_step()  # b has not noticed through a batch of its own
        await ra._outbox_step()
        assert sorted(alerts()) == sorted(f"mastodon:{n}|all" for n in range(6))


async def test_a_stop_as_a_timer_beat_starts_logs_no_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """SIGTERM just as APScheduler made a beat's task, before the task's first step: the
    scheduler's shutdown cancels it, and APScheduler logged that as "Error running job
    timers" with a traceback (seen under load in a real `socialops run`, after "stopped").
    Which of the loop's ready callbacks runs first decides it, so the last inch is forced:
    the executor shuts down right after making the second beat's task, as the runtime's
    stop does when it comes first."""
    from apscheduler.executors.asyncio import AsyncIOExecutor

    async with open_app(load_config(write_config(tmp_path)), out=io.StringIO(),
                        record_path=tmp_path / "r.jsonl") as app:
        runtime = app.runtime()
        submit = AsyncIOExecutor._do_submit_job
        beats: list[object] = []

        def submitted(self: AsyncIOExecutor, job: object, run_times: object) -> None:
            submit(self, job, run_times)
            beats.append(job)
            if len(beats) == 2:  # the second beat (the first ran whole)
                self.shutdown(wait=False)
                runtime.stop.set()

        monkeypatch.setattr(AsyncIOExecutor, "_do_submit_job", submitted)
        await asyncio.wait_for(runtime.run(), 30)
        await asyncio.sleep(0.05)  # the cancelled beat's callback runs
    assert len(beats) == 2
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("dead_days", [None, "null"])
async def test_the_prune_step_drops_dead_ones_after_dead_days(tmp_path: Path,
                                                               dead_days: str | None) -> None:
    """store.retention.dead_days (default 30) reaches the store from the prune step: a dead
    delivery and a dead letter 30 days and a minute old go, and are logged; null keeps
    them."""
    cfg = write_config(tmp_path)
    if dead_days is not None:
        cfg.write_text(cfg.read_text().replace(
            "store: {", f"store: {{retention: {{dead_days: {dead_days}}}, "))
    clock = FakeClock()
    async with open_app(load_config(cfg), out=io.StringIO(), clock=clock,
                        record_path=tmp_path / "r.jsonl") as app:
        fx = Effects()
        fx.send(OutboxItem.new(key="a@alerts", workspace="console", channel="alerts",
                               card=Card(kind="alert", key="a", title="t"), now=clock()))
        fx.dead.append(DeadLetter("mention", "mastodon:1", "KeyError", clock(), "{}"))
        await app.store.apply(fx)
        [it] = await app.store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=1)
        await app.store.retry_later(it.key, owner="w", at=clock(), error="gone", dead=True)
        clock.advance(days=30, minutes=1)
        await app.runtime()._prune_step()
        kept = 0 if dead_days is None else 1
        assert len(await app.store.list_outbox(status="dead")) == kept
        assert len(await app.store.list_dead()) == kept


async def test_a_stop_held_by_a_poll_says_what_it_waits_for_and_what_it_gave_up_on(
        tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A poll stuck on a server that does not answer held the stop up to 20 s with nothing
    said after 'finishing work in hand'."""
    import bot.app.runtime as runtime_module

    monkeypatch.setattr(runtime_module, "STOP_SAY", 0.05)
    monkeypatch.setattr(runtime_module, "STOP_WAIT", 1.05)
    polling = asyncio.Event()

    class Hanging:
        id = "good"

        async def poll(self) -> list[Mention]:
            polling.set()
            await asyncio.Event().wait()  # a server that never answers
            return []

    caplog.set_level(logging.INFO, logger="bot.app.runtime")
    async with open_app(load_config(write_config(tmp_path)), out=io.StringIO(),
                        record_path=tmp_path / "r.jsonl") as app:
        app.sources = {"good": Hanging()}  # type: ignore[dict-item]
        runtime = app.runtime()
        task = asyncio.create_task(runtime.run())
        await asyncio.wait_for(polling.wait(), 10)
        runtime.stop.set()
        await asyncio.wait_for(task, 10)
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("stopping")]
    assert said == [
        "stopping: finishing work in hand",
        "stopping: waiting for source:good (up to 1 s more)",
        "stopping: source:good did not finish in 1 s and was cancelled; what it had not "
        "written is read again at the next start"]
