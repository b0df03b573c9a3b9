"""The event loop stays free while the rules file is read again (docs/rules.md, hot reload:
checked every second and at SIGHUP). A review of 2026-12-06 drove a real app with a rules file
of 2,000 routes: each SIGHUP or save held the event loop 1.3 s (the file read, hashed, parsed
and validated inline in ``_RulesWatch.tick``), so chat commands, /healthz and deliveries
waited. ``rules.reload.poll_in_thread`` existed for this and was not used. Shown by where the
work runs (the reloader's own log line and callback are on a worker thread), not by timing."""

from __future__ import annotations

import io
import logging
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.app.serve import _rules_watch
from bot.core.config import load_config
from rules import RuleSet

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def config(tmp_path: Path) -> Path:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces: [{name: console, type: console}]\n"
                   "channels: {support: {workspace: console, id: support}}\nrules: rules.yaml\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: a, channel: support}\n")
    return cfg


async def test_a_changed_rules_file_is_parsed_off_the_event_loop(tmp_path: Path) -> None:
    cfg = config(tmp_path)
    async with open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW) as app:
        watch = _rules_watch(app)
        assert watch is not None
        threads: list[threading.Thread] = []
        handed = watch.reloader.callback

        def seen(ruleset: RuleSet) -> None:  # called by the reloader once the file is parsed
            threads.append(threading.current_thread())
            handed(ruleset)

        watch.reloader.callback = seen
        (tmp_path / "rules.yaml").write_text("routes:\n  - {name: b, channel: support}\n")
        await watch.tick()
        assert app.metrics.value("rules_reloads_total", outcome="success") == 1
        assert sorted(app.router.route_names()) == ["b"]
        assert len(threads) == 1 and threads[0] is not threading.main_thread(), threads
        watch.hup()  # SIGHUP: read again, whatever the file's size and time say
        (tmp_path / "rules.yaml").write_text("routes:\n  - {name: c, channel: support}\n")
        await watch.tick()
        assert len(threads) == 2 and threads[1] is not threading.main_thread(), threads
        assert sorted(app.router.route_names()) == ["c"]


async def test_a_broken_rules_file_is_read_off_the_event_loop(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cfg = config(tmp_path)
    async with open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW) as app:
        watch = _rules_watch(app)
        assert watch is not None
        (tmp_path / "rules.yaml").write_text("routes:\n  - {name: a, channel: nowhere}\n")
        caplog.set_level(logging.ERROR, logger="rules")
        await watch.tick()
        assert app.metrics.value("rules_last_reload_success") == 0
        said = [r for r in caplog.records if "invalid rules file" in r.getMessage()]
        assert len(said) == 1, [r.getMessage() for r in caplog.records]
        assert said[0].thread != threading.main_thread().ident, said[0].threadName
