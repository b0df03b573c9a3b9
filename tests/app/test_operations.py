"""What an operator relies on: metric names and label bounds, /readyz beside /healthz, the
per-poll log line with structured fields, quiet libraries, the SQLite lock, the sandbox
publisher, rules-reload metrics and the process roles."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from aiohttp.test_utils import TestServer

from bot.app.compose import build_app
from bot.app.health import (
    DEAD_DELIVERIES,
    SOURCE_FAILURES,
    HealthTracker,
    poll_started,
    record_poll,
    record_poll_failure,
)
from bot.app.http import build_http_app
from bot.app.lock import SqliteLock, uses_sqlite
from bot.app.logs import log_delivery_failure, log_poll, setup_logging
from bot.core.config import StoreConfig, load_config
from bot.core.errors import UsageError
from bot.core.metrics import Metrics
from bot.core.models import Author, Mention

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def mention(n: int, *, age: float) -> Mention:
    return Mention(id=f"rss:{n}", network="rss", source="feeds", text=f"post {n}",
                   author=Author(id="a", handle="a"), created_at=NOW - timedelta(seconds=age))


# -- metrics -------------------------------------------------------------------------------


def test_counters_end_in_total_and_subscriptions_share_one_route_label() -> None:
    m = Metrics(version="9.9.9")
    for i in range(1000):
        m.inc("mentions_routed_total", route=f"sub:S-{i}")
    m.inc("mentions_routed_total", route="crisis")
    m.inc("mentions_suppressed_total", route="sub:S-7")
    text = m.render().decode()
    assert 'socialops_mentions_routed_total{route="subscription"} 1000.0' in text
    assert 'socialops_mentions_routed_total{route="crisis"} 1.0' in text
    assert "S-7" not in text and "sub:" not in text
    for line in text.splitlines():
        if line.startswith("# TYPE socialops_") and line.endswith(" counter"):
            assert line.split()[2].startswith("socialops_")
    assert 'socialops_build_info{python="' in text and 'version="9.9.9"' in text
    assert "process_resident_memory_bytes" in text and "process_start_time_seconds" in text


def test_queue_totals_are_counters_fed_by_running_totals() -> None:
    m = Metrics()
    m.set("queue_reclaimed", 3)
    m.set("queue_reclaimed", 5)
    m.set("queue_dead_lettered", 1)
    text = m.render().decode()
    assert "# TYPE socialops_queue_reclaimed_total counter" in text
    assert "socialops_queue_reclaimed_total 5.0" in text
    assert "socialops_queue_dead_lettered_total 1.0" in text
    assert m.value("queue_reclaimed") == 5


def test_delivery_latency_is_a_histogram() -> None:
    m = Metrics()
    m.observe("delivery_latency_seconds", 0.4, workspace="slack")
    m.observe("delivery_latency_seconds", 40, workspace="slack")
    text = m.render().decode()
    assert "# TYPE socialops_delivery_latency_seconds histogram" in text
    assert 'socialops_delivery_latency_seconds_bucket{le="0.5",workspace="slack"} 1.0' in text
    assert 'socialops_delivery_latency_seconds_count{workspace="slack"} 2.0' in text


# -- the per-poll line, lag and skips ------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.received = self.duplicates = self.crossposts = self.routed = 0


class FakeSource:
    id = "feeds"

    def __init__(self) -> None:
        self.skipped: list[str] = []


def test_one_info_line_per_poll_with_fields(caplog: pytest.LogCaptureFixture) -> None:
    metrics, tracker, tally, source = Metrics(), HealthTracker(), Tally(), FakeSource()
    start = poll_started(source, tally)
    batch = [mention(1, age=30), mention(2, age=90), mention(3, age=10)]
    tally.received, tally.duplicates, tally.crossposts, tally.routed = 3, 1, 0, 1
    source.skipped.append("entry 4: no link")
    with caplog.at_level(logging.INFO, logger="socialops.poll"):
        record_poll(start, source, batch, tally, metrics=metrics, now=NOW, tracker=tracker)
    (record,) = caplog.records
    assert record.getMessage() == "poll feeds: 2 new, 1 duplicates, 1 routed, 1 errors"
    assert (record.source, record.new, record.duplicates, record.routed, record.errors) == (  # type: ignore[attr-defined]
        "feeds", 2, 1, 1, 1)
    assert metrics.value("source_lag_seconds", source="feeds") == 10
    assert metrics.value("mentions_skipped_total", source="feeds") == 1
    assert metrics.value("source_polls_total", source="feeds", outcome="ok") == 1
    assert tracker.snapshot().ready


def test_a_failed_poll_is_one_line_too(caplog: pytest.LogCaptureFixture) -> None:
    metrics, tracker = Metrics(), HealthTracker()
    with caplog.at_level(logging.INFO, logger="socialops.poll"):
        record_poll_failure("feeds", "HTTP 500", metrics=metrics, tracker=tracker)
    assert caplog.records[0].getMessage() == (
        "poll feeds: 0 new, 0 duplicates, 0 routed, 1 errors (HTTP 500)")
    assert metrics.value("source_polls_total", source="feeds", outcome="error") == 1


def test_json_logs_carry_context_as_fields() -> None:
    stream = io.StringIO()
    setup_logging(level="INFO", json_format=True, stream=stream)
    try:
        log_poll("mastodon-acme", new=12, duplicates=3, routed=2)
        log_delivery_failure(workspace="slack", channel="C0SUPPORT", key="card:T-3",
                             error="not_in_channel", final=True, route="support", ticket="T-3")
        logging.getLogger("apscheduler.executors.default").info("Running job ...")
    finally:
        setup_logging(level="WARNING")
    poll, failure = (json.loads(line) for line in stream.getvalue().splitlines())
    assert poll["source"] == "mastodon-acme" and poll["new"] == 12 and poll["routed"] == 2
    assert failure["level"] == "error" and failure["channel"] == "C0SUPPORT"
    assert failure["route"] == "support" and failure["ticket"] == "T-3"


# -- readiness -----------------------------------------------------------------------------


def test_readiness_rules() -> None:
    tracker = HealthTracker()
    assert tracker.snapshot().ready
    for _ in range(SOURCE_FAILURES - 1):
        tracker.poll_failed("feeds", "HTTP 500")
    assert tracker.snapshot().ready, "a blip is not an outage"
    tracker.poll_failed("feeds", "HTTP 500")
    assert tracker.snapshot().problems == ["source feeds failing (HTTP 500)"]
    tracker.poll_ok("feeds", NOW)
    for _ in range(DEAD_DELIVERIES):
        tracker.delivery_dead()
    assert not tracker.snapshot().ready
    tracker.delivered()
    tracker.poll_failed("x", "credentials refused", paused=True)
    tracker.loop_died("outbox")
    assert tracker.snapshot().problems == ["source x paused: credentials refused",
                                           "loop outbox died"]


async def test_readyz_fails_while_the_runtime_reports_trouble(tmp_path: Path) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"workspaces: [{{name: console, type: console}}]\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    app = await build_app(load_config(cfg), out=io.StringIO())
    tracker = HealthTracker()
    server = TestServer(build_http_app(app, health=tracker.snapshot), port=0)
    await server.start_server()
    try:
        async with httpx.AsyncClient(base_url=str(server.make_url("/"))) as client:
            ready = await client.get("/readyz")
            assert ready.status_code == 200 and ready.json()["ready"] is True
            for _ in range(DEAD_DELIVERIES):
                tracker.delivery_dead()
            not_ready = await client.get("/readyz")
            assert not_ready.status_code == 503
            assert not_ready.json()["problems"] == [
                f"deliveries failing: the last {DEAD_DELIVERIES} were given up"]
            assert (await client.get("/healthz")).status_code == 200, "still alive"
    finally:
        await server.close()
        await app.close()


async def test_readyz_knows_paused_sources_without_a_tracker(tmp_path: Path) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    app = await build_app(load_config(cfg), out=io.StringIO())
    server = TestServer(build_http_app(app, paused={"x": "credentials refused"}), port=0)
    await server.start_server()
    try:
        async with httpx.AsyncClient(base_url=str(server.make_url("/"))) as client:
            answer = await client.get("/readyz")
            assert answer.status_code == 503
            assert answer.json()["problems"] == ["source x paused: credentials refused"]
    finally:
        await server.close()
        await app.close()


# -- the SQLite lock and REDIS_URL ---------------------------------------------------------


def test_one_process_per_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "data" / "socialops.db"
    with SqliteLock(db), pytest.raises(UsageError,
                                       match=r"another socialops process \(pid \d+\)"):
        SqliteLock(db).acquire()  # flock is per open file: a second holder is refused
    with SqliteLock(db):
        pass  # released on exit, so the next start succeeds


def test_which_stores_take_the_lock() -> None:
    assert uses_sqlite(StoreConfig(), redis_url_env=None)
    assert not uses_sqlite(StoreConfig(), redis_url_env="redis://h")
    assert uses_sqlite(StoreConfig(backend="sqlite"), redis_url_env=None)
    assert not uses_sqlite(StoreConfig(backend="redis"), redis_url_env=None)


# -- sandbox publisher ---------------------------------------------------------------------


async def test_sandbox_publishes_nowhere_and_once(tmp_path: Path) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("sources:\n  - {id: hn, type: hackernews, publish: sandbox}\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    app = await build_app(load_config(cfg), out=io.StringIO())
    try:
        publisher = app.publishers["hn"]
        first = await publisher.publish("hello", reply_to="hackernews:1", idempotency_key="k1")
        again = await publisher.publish("hello", reply_to="hackernews:1", idempotency_key="k1")
        assert first == again and first.url == "sandbox://hn/1"
    finally:
        await app.close()
    (line,) = (tmp_path / "data" / "sandbox-posts.jsonl").read_text().splitlines()
    record = json.loads(line)
    assert record["network"] == "hackernews" and record["text"] == "hello"
    assert record["reply_to"] == "hackernews:1" and record["key"] == "k1"


# -- CLI parsing ---------------------------------------------------------------------------


def test_global_options_before_or_after_the_command() -> None:
    from bot.app.cli import _parse

    before = _parse(["-c", "a.yaml", "-v", "--json-logs", "check"])
    after = _parse(["check", "-c", "a.yaml", "-v", "--json-logs"])
    for args in (before, after):
        assert (str(args.config), args.log_level, args.json_logs) == ("a.yaml", "INFO", True)
    assert _parse(["run", "-vv"]).log_level == "DEBUG"
    assert _parse(["run"]).role == "all" and _parse(["run", "--role", "worker"]).role == "worker"
    assert str(_parse(["check"]).config) == "socialops.yaml"


def test_procfile_separates_the_roles() -> None:
    procfile = (Path(__file__).parents[2] / "Procfile").read_text(encoding="utf-8")
    lines = dict(line.split(":", 1) for line in procfile.splitlines()
                 if line and not line.startswith("#"))
    assert "--role web" in lines["web"] and "--role worker" in lines["worker"]


async def test_rules_reload_outcomes_are_metrics(tmp_path: Path) -> None:
    from bot.app.serve import _rules_watch

    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces: [{name: console, type: console}]\n"
                   "channels: {support: {workspace: console, id: support}}\nrules: rules.yaml\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes:\n  - {name: a, channel: support}\n")
    app = await build_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW)
    try:
        watch = _rules_watch(app)
        assert watch is not None
        assert app.metrics.value("rules_last_reload_success") == 1
        rules.write_text("routes:\n  - {name: a, channel: nowhere-at-all}\n")
        await watch.tick()
        assert app.metrics.value("rules_reloads_total", outcome="failure") == 1
        assert app.metrics.value("rules_last_reload_success") == 0
        rules.write_text("routes:\n  - {name: b, channel: support}\n  - {name: c, action: drop}\n")
        await watch.tick()
        assert app.metrics.value("rules_reloads_total", outcome="success") == 1
        assert app.metrics.value("rules_last_reload_success") == 1
        assert app.metrics.value("rules_last_reload_success_timestamp_seconds") == NOW.timestamp()
    finally:
        await app.close()
