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

from bot.app.compose import open_app
from bot.app.http import build_http_app
from bot.app.lock import SqliteLock, uses_sqlite
from bot.app.logs import setup_logging
from bot.core import metrics
from bot.core.config import StoreConfig, load_config
from bot.core.errors import MalformedPayload, SkipLog, UsageError, unreadable
from bot.core.metrics import Metrics
from bot.core.models import Author, Mention
from tests.app.cli_support import Cli, assert_one_line_error

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def mention(n: int, *, age: float) -> Mention:
    return Mention(id=f"rss:{n}", network="rss", source="feeds", text=f"post {n}",
                   author=Author(id="a", handle="a"), created_at=NOW - timedelta(seconds=age))


# -- metrics -------------------------------------------------------------------------------


@pytest.mark.parametrize("series_kept", [None, 7])
def test_counters_end_in_total_and_subscriptions_share_one_route_label(
        series_kept: int | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """``series_kept``: the look-up of labelled series emptied again and again (a thousand
    subscriptions' route labels past it), which changes no count."""
    if series_kept is not None:
        monkeypatch.setattr(metrics, "SERIES_KEPT", series_kept)
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
    m.observe("delivery_latency_seconds", 0.4, lane="posts")
    m.observe("delivery_latency_seconds", 40, lane="posts")
    text = m.render().decode()
    assert "# TYPE socialops_delivery_latency_seconds histogram" in text
    assert 'socialops_delivery_latency_seconds_bucket{lane="posts",le="0.5"} 1.0' in text
    assert 'socialops_delivery_latency_seconds_count{lane="posts"} 2.0' in text


# -- the per-poll line, skips -----------------------------------------------------------


async def test_one_json_line_per_poll_with_fields(tmp_path: Path) -> None:

    # batches of 2: then 3, a repeat of 2, and a broken line
    (tmp_path / "m.jsonl").write_text(
        "".join(mention(i, age=60).model_dump_json() + "\n" for i in (1, 2, 3, 2)) + "{broken\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("sources: [{id: feeds, type: replay, path: m.jsonl, batch: 2}]\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    stream = io.StringIO()
    async with open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW) as app:
        setup_logging(level="INFO", json_format=True, stream=stream)
        try:
            runtime = app.runtime()
            for _ in range(3):
                await runtime.poll_once(app.sources["feeds"])
            logging.getLogger("apscheduler.executors.default").info("Running job ...")
        finally:
            setup_logging(level="WARNING")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    first, second, _ = [r for r in records if r["msg"].startswith("polled feeds")]
    assert (first["source"], first["new"], first["duplicates"], first["routed"]) == (
        "feeds", 2, 0, 0)
    assert (second["new"], second["duplicates"]) == (1, 1)
    assert not [r for r in records if r["logger"].startswith("apscheduler")]
    skipped = [r for r in records if "m.jsonl:5: skipped: not JSON" in r["msg"]]
    assert skipped and skipped[0]["source"] == "feeds"


async def test_empty_polls_log_one_line_a_minute_a_source(tmp_path: Path) -> None:
    """A source polled every 10 ms with nothing new (the sample config's replay, once read)
    wrote 100 INFO lines a second; an empty poll now gets a line at most once a minute, and the
    next line says how many went unlogged. Every poll that fetches something is logged."""
    (tmp_path / "m.jsonl").write_text(mention(1, age=60).model_dump_json() + "\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("sources: [{id: feeds, type: replay, path: m.jsonl}]\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    stream = io.StringIO()
    now = [NOW]
    async with open_app(load_config(cfg), out=io.StringIO(), clock=lambda: now[0]) as app:
        setup_logging(level="INFO", json_format=True, stream=stream)
        try:
            runtime = app.runtime()
            for _ in range(200):  # one with the mention, then 199 empty, 10 ms apart
                await runtime.poll_once(app.sources["feeds"])
                now[0] += timedelta(milliseconds=10)
            now[0] += timedelta(seconds=60)
            await runtime.poll_once(app.sources["feeds"])
        finally:
            setup_logging(level="WARNING")
    polled = [json.loads(line) for line in stream.getvalue().splitlines()
              if '"polled feeds' in line]
    assert [(r["new"], r["unlogged_empty_polls"]) for r in polled] == [(1, 0), (0, 0), (0, 198)]
    assert polled[-1]["msg"].endswith("(198 empty polls before it not logged)")


def test_skips_are_counted_from_the_sources_own_logs() -> None:
    from bot.app.health import SkipCounter

    class Source:
        def __init__(self) -> None:
            self.skipped: list[str] = []

    metrics, counter, source = Metrics(), SkipCounter(), Source()
    source.skipped += ["entry 1: no link", "entry 2: no date"]
    counter.update(metrics, {"feeds": source})
    counter.update(metrics, {"feeds": source})  # nothing new
    source.skipped.append("entry 3: not XML")
    del source.skipped[0]  # the source keeps a bounded log
    counter.update(metrics, {"feeds": source})
    assert metrics.value("mentions_skipped_total", source="feeds") == 3


# -- readiness -----------------------------------------------------------------------------


def test_deliveries_dead_until_one_succeeds() -> None:
    from bot.app.health import DeliveryWatch

    metrics = Metrics()
    watch = DeliveryWatch(metrics)
    assert not watch.dead()
    metrics.inc("outbox_dead_total")
    assert watch.dead() and watch.dead(), "stays so while nothing is delivered"
    metrics.inc("outbox_dead_total")
    metrics.inc("delivered_total", workspace="slack")
    assert not watch.dead(), "one channel failing among working ones is not an outage"


async def test_readyz_fails_while_loops_or_deliveries_fail(tmp_path: Path) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"workspaces: [{{name: console, type: console}}]\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    unhealthy: dict[str, str] = {}
    async with open_app(load_config(cfg), out=io.StringIO()) as app:
        server = TestServer(build_http_app(app, paused=lambda: unhealthy), port=0)
        await server.start_server()
        try:
            async with httpx.AsyncClient(base_url=str(server.make_url("/"))) as client:
                ready = await client.get("/readyz")
                assert ready.status_code == 200 and ready.json()["ready"] is True
                unhealthy["source:feeds"] = "backoff: HTTP 500"
                failing = await client.get("/readyz")
                assert failing.status_code == 503
                assert failing.json()["problems"] == ["source:feeds: backoff: HTTP 500"]
                assert (await client.get("/healthz")).status_code == 200, "alive, though not ready"
                unhealthy.clear()
                app.metrics.inc("outbox_dead_total")
                dead = await client.get("/readyz")
                assert dead.status_code == 503 and "deliveries" in dead.json()["problems"][0]
                app.metrics.inc("delivered_total", workspace="console")
                assert (await client.get("/readyz")).status_code == 200
        finally:
            await server.close()


# -- the SQLite lock and REDIS_URL ---------------------------------------------------------


def test_one_process_per_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "data" / "socialops.db"
    with SqliteLock(db), pytest.raises(UsageError,
                                       match=r"another socialops process \(pid \d+\)"):
        SqliteLock(db).acquire()  # flock is per open file: a second holder is refused
    with SqliteLock(db):
        pass  # released on exit, so the next start succeeds


@pytest.mark.parametrize("command", [["run", "--no-stdin"], ["replay", "m.jsonl"],
                                     ["why", "T-1"], ["report"]])
def test_a_store_folder_that_cannot_be_written_is_one_line(tmp_path: Path,
                                                           command: list[str], cli: Cli) -> None:
    """A data folder that is a file (or read-only) was a traceback from the lock file's
    os.open in `run` and `replay`, and 'File exists' elsewhere."""
    (tmp_path / "data").write_text("not a folder\n", encoding="utf-8")
    (tmp_path / "m.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "socialops.yaml").write_text(
        "workspaces: [{name: console, type: console}]\nstore:\n  backend: sqlite\n"
        "  path: ./data/socialops.db\n", encoding="utf-8")
    line = assert_one_line_error(cli(*command, cwd=tmp_path),
                                 "cannot write the SQLite database data/socialops.db: part of "
                                 "the folder data/ is a file, not a folder; set store.path")
    if command[0] in ("run", "replay"):  # they read the config's lines: named where to fix
        assert line.startswith("error: socialops.yaml:4: store.path: "), line


def test_a_relative_store_path_is_read_from_the_folder_socialops_runs_in(tmp_path: Path,
                                                                        cli: Cli) -> None:
    """As the README says (Configuration, Storage): unlike sources' paths and rules:, which
    are relative to the config file."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "m.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "sub" / "socialops.yaml").write_text(
        "workspaces: [{name: console, type: console}]\n"
        "sources: [{id: s, type: replay, path: m.jsonl}]\n"
        "store: {backend: sqlite, path: ./data/socialops.db}\n", encoding="utf-8")
    proc = cli("-c", "sub/socialops.yaml", "report", cwd=tmp_path)
    # no data/ here: not read as an empty store beside the config, said at store.path
    assert_one_line_error(proc, "socialops.yaml:3: store.path: data/socialops.db: no "
                                "database there (no folder data/)")
    assert not (tmp_path / "sub" / "data").exists()
    (tmp_path / "data").mkdir()
    proc = cli("-c", "sub/socialops.yaml", "report", cwd=tmp_path)
    # nor is an empty one made there: a command that reads writes nothing
    assert_one_line_error(proc, "store.path: data/socialops.db: no database there;")
    assert list((tmp_path / "data").iterdir()) == []
    (tmp_path / "sub" / "m.jsonl").write_text(  # an empty one is refused, and says so
        '{"id": "x:1", "network": "x", "author": {"id": "1", "handle": "kasia"}, '
        '"text": "acme", "created_at": "2026-11-20T14:03:11Z"}\n', encoding="utf-8")
    made = cli("-c", "sub/socialops.yaml", "replay", "sub/m.jsonl", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    proc = cli("-c", "sub/socialops.yaml", "report", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "data" / "socialops.db").is_file()
    assert not (tmp_path / "sub" / "data").exists()


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
    async with open_app(load_config(cfg), out=io.StringIO()) as app:
        publisher = app.publishers["hn"]
        first = await publisher.publish("hello", reply_to="hackernews:1", idempotency_key="k1")
        again = await publisher.publish("hello", reply_to="hackernews:1", idempotency_key="k1")
        assert first == again and first.url == "sandbox://hn/1"
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
    assert _parse(["--log-level", "debug", "run"]).log_level == "DEBUG"  # as written anywhere
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
    async with open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW) as app:
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


async def test_a_rules_file_put_back_as_it_was_clears_the_failure(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """docs/rules.md, hot reload: a broken save, then the file put back as it was (an editor's
    undo, `git checkout rules.yaml`). The rules in force were never changed, so nothing is
    rebuilt; but socialops_rules_last_reload_success stayed 0 and nothing was logged, so an
    alert on it kept firing at a file that loads."""
    from bot.app.serve import _rules_watch

    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces: [{name: console, type: console}]\n"
                   "channels: {support: {workspace: console, id: support}}\nrules: rules.yaml\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    rules = tmp_path / "rules.yaml"
    good = "routes:\n  - {name: a, channel: support}\n"
    rules.write_text(good)
    async with open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW) as app:
        watch = _rules_watch(app)
        assert watch is not None
        rules.write_text("")
        await watch.tick()
        assert app.metrics.value("rules_last_reload_success") == 0
        caplog.set_level(logging.INFO)
        caplog.clear()
        rules.write_text(good)
        await watch.tick()
        assert app.metrics.value("rules_last_reload_success") == 1
        assert app.metrics.value("rules_reloads_total", outcome="success") == 0  # not reloaded
        said = [r.getMessage() for r in caplog.records if "rules" in r.name]
        assert said == [f"rules file {rules} is the rules in force again; nothing to reload"], said


def test_the_same_reason_skipped_again_is_counted_again() -> None:
    """A source's reason is often one ``str`` object each time (``str()`` of an exception
    made from a literal is that literal): counting entries by identity missed every repeat,
    so a source skipping one malformed item per poll showed one skip in all."""
    from bot.app.health import SkipCounter

    class Source:
        def __init__(self) -> None:
            self.skipped: list[str] = SkipLog()

    def skip() -> None:
        source.skipped.append(unreadable(MalformedPayload("mastodon: status has no id")))

    metrics, counter, source = Metrics(), SkipCounter(), Source()
    skip()
    counter.update(metrics, {"m": source})
    skip()
    skip()
    counter.update(metrics, {"m": source})
    counter.update(metrics, {"m": source})  # nothing new
    for _ in range(SkipLog.KEPT + 5):  # more than the log keeps
        skip()
    counter.update(metrics, {"m": source})
    assert metrics.value("mentions_skipped_total", source="m") == 3 + SkipLog.KEPT + 5
    assert len(source.skipped) == SkipLog.KEPT


def test_a_skip_reason_is_one_line() -> None:
    skipped = SkipLog()
    skipped.append(unreadable(MalformedPayload("post 1 does not fit a Mention: 1 validation "
                                               "error for Mention\nid\n  Value too long")))
    skipped += ["a\r\nb"]
    assert skipped == ["post 1 does not fit a Mention: 1 validation error for Mention id "
                       "Value too long", "a b"]
    assert skipped.total == 2
