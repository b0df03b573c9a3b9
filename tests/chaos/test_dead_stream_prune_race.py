"""A retry of the Redis mention stream's dead letter (``socialops dead retry ENTRY``) as a real
process on a real redis-server, held at its script while the prune job
(``store.retention.dead_days``) removes that entry: the retry finds it gone and says so in one
line naming both causes; it said another retry had taken it ('retried by someone else just
now'), which no one had, and no audit row claims a retry."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App
from bot.app.runtime import prune
from bot.core.config import load_config
from tests.app.test_dead_stream import stream_app  # noqa: F401  (the fixture)
from tests.chaos.procs import until_set
from tests.chaos.test_dead_stream_races import dead, retrying  # noqa: F401  (a fixture)


@pytest.mark.untimed  # ordered by the script's call alone: the process waits at it
async def test_a_stream_retry_whose_entry_the_prune_job_removed_meanwhile_says_so(
        dead: tuple[App, Path, Path, str]) -> None:  # noqa: F811
    app, cfg, _, entry = dead
    go = cfg.parent / "go"
    proc = retrying(cfg, "hold", "a", entry)
    try:
        assert await asyncio.to_thread(until_set, proc, go.with_suffix(".a"))
        retention = load_config(cfg).config.store.retention
        later = datetime.now(UTC) + timedelta(days=retention.dead_days + 1)
        assert (await prune(app.store, retention, later))["dead_letters"] == 1
        go.touch()
        out, err = await asyncio.to_thread(proc.communicate, timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (proc.returncode, out.decode()) == (1, "")
    assert err.decode() == (f"error: stream entry {entry} is no longer a dead letter: retried "
                            "by someone else, or removed by store.retention.dead_days, just "
                            "now; `socialops dead list` lists them\n"), err.decode()
    assert app.queue is not None and await app.queue.r.xlen(app.queue.dead) == 0
    assert [e for e in await app.store.audit_since() if e.action == "dead.retry"] == []
