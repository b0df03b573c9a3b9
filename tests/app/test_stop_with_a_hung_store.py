"""A stop (SIGTERM) while the store does not answer (a stalled or partitioned Redis): the
README says work still running 20 s after the stop is cancelled in one warning line. The last
outbox drain and the release of the source leases came after those 20 s with no bound of
their own, each waiting out the Redis client's timeouts: a newcomer's `socialops run` took
49 s to exit with its redis-server stopped by SIGSTOP, past Kubernetes' 30-second grace and
Docker's 10. Both now share a short budget (``STOP_TAIL``), each said in one line."""

from __future__ import annotations

import asyncio
import io
import logging
from pathlib import Path

import pytest

import bot.app.runtime as runtime_module
from bot.app.compose import open_app
from bot.core.config import load_config


async def test_the_last_drain_and_the_releases_do_not_outlast_the_stop_budget(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"sources: [{{id: feed, type: replay, path: {tmp_path / 'empty.jsonl'}}}]\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    monkeypatch.setattr(runtime_module, "STOP_TAIL", 0.2, raising=False)
    never = asyncio.Event()  # the store that does not answer

    async def hung(*_: object) -> None:
        await never.wait()

    async with open_app(load_config(cfg), out=io.StringIO()) as app:
        runtime = app.runtime()
        monkeypatch.setattr(runtime.outbox, "drain_once", hung)
        monkeypatch.setattr(runtime.store, "release_lease", hung)
        runtime.stop.set()  # SIGTERM
        with caplog.at_level(logging.INFO, logger="bot.app.runtime"):
            await asyncio.wait_for(runtime.run(), 15)
    said = [r.getMessage() for r in caplog.records if r.name == "bot.app.runtime"]
    assert said[-1] == "stopped", said
    assert "last outbox drain did not finish in 0.2 s; the cards it had not delivered stay " \
           "queued" in said, said
    assert any(m.startswith("could not release source:feed, stream:feed (no answer in "
                            "0.2 s); other processes take them over when they lapse")
               for m in said), said
