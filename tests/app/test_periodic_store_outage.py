"""The web role's periodic tasks (the router's catch-up with the shared routing state, the
rules file's watch) while the store cannot be reached: one WARNING line when it starts, naming
the task and the store, and one INFO line when it works again, no traceback. Before, a web
process logged "ERROR periodic task failed" with a traceback every 2 seconds for as long as
its Redis was away (a newcomer restarting redis-server under a Procfile's web and workers), where
operations.md promises one line each and no traceback. A failure that is not the store's is a
bug and keeps its traceback."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.app.serve import _every
from bot.core.config import load_config
from bot.core.errors import StoreError


async def run_every(tmp_path: Path, outcomes: list[Exception | None],
                    caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    async with open_app(load_config(cfg), out=io.StringIO()) as app:
        runtime = app.runtime()
        left = list(outcomes)

        async def step() -> None:
            outcome = left.pop(0)
            if not left:
                runtime.stop.set()
            if outcome is not None:
                raise outcome

        caplog.clear()
        with caplog.at_level(logging.INFO, logger="bot.app.serve"):
            await _every(runtime, 0, step, what="router refresh")
    return [r for r in caplog.records if r.name == "bot.app.serve"]


async def test_a_store_outage_is_one_line_and_its_end_another(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    down = StoreError("Redis at redis://127.0.0.1:6379/0: Error 111 connecting")
    records = await run_every(tmp_path, [None, down, down, down, down, None, None], caplog)
    said = [(r.levelname, r.getMessage(), r.exc_info) for r in records]
    assert said == [
        ("WARNING", "router refresh: Redis at redis://127.0.0.1:6379/0: Error 111 connecting; "
                    "trying again every 0 s", None),
        ("INFO", "router refresh resumed", None)], said


async def test_a_bug_keeps_its_traceback(tmp_path: Path,
                                         caplog: pytest.LogCaptureFixture) -> None:
    records = await run_every(tmp_path, [KeyError("x"), None], caplog)
    # a traceback: exc_info, or its text once the log's redactor (left on the root logger by
    # an earlier test's setup_logging) has formatted it
    assert [(r.levelname, bool(r.exc_info or r.exc_text)) for r in records] == [("ERROR", True)]
    assert "router refresh failed" in records[0].getMessage()


async def test_a_loop_that_resumes_is_no_error_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A supervised loop back after the outage: the supervisor's INFO line (`timers resumed`)
    says so. The report of it was a second line, at ERROR, carrying the old error (`timers
    resumed: Redis at ...: Error 111 connecting`), which an alert on error lines fired on
    as the outage ended."""
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    why = "Redis at redis://127.0.0.1:6379/0: Error 111 connecting"
    async with open_app(load_config(cfg), out=io.StringIO()) as app:
        runtime = app.runtime()
        with caplog.at_level(logging.INFO, logger="bot.app.runtime"):
            await runtime._report("timers", "failing", why)
            caplog.clear()
            await runtime._report("timers", "resumed", why)
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
