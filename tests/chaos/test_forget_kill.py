"""`socialops forget` killed at its write (before it, or right after it committed), then run
again, on a SQLite file and a real redis-server: the second run finishes the erasure, or says
it was done; either way one audit event, each card's edit queued once, no word left."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.app.cli_support import REPO, clean_env, ran
from tests.app.test_dead_letters import write_config
from tests.chaos.forget_proc import DIED
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

WORDS = "login broken again, call me at +48 600 100 200"
AUTHOR = "mastodon:@kasia@example.social"

# the process dies at a named point of its one write, not at a time: no timing changes it
pytestmark = pytest.mark.untimed


# ``audit`` on SQLite alone: one Lua script on Redis has no inside to die in
@pytest.mark.parametrize(("backend", "at"), [
    (backend, at) for backend in ("sqlite", "redis") for at in ("before", "audit", "after")
    if (backend, at) != ("redis", "audit")])
async def test_a_killed_erasure_run_again_is_done_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, at: str,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``audit``: killed inside the one write on SQLite, its outbox cards written over and the
    audit log's rewrite begun (a guard, 2026-12-07: passed when written; a write split in two
    would leave the cards erased and the audit log naming them). One Lua script on Redis has
    no inside to die in."""
    redis_server.flushall()
    cfg = write_config(tmp_path, backend, redis_server.url)
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10))
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO()) as app:
        await app.pipeline.process(Mention(
            id="mastodon:1", network="mastodon", source="brand", text=WORDS,
            url="https://example.social/@kasia/1", created_at=clock(), thread_id="1",
            author=Author(id="a1", handle="kasia@example.social")))
        await app.outbox.drain()

    died = subprocess.run([sys.executable, "-m", "tests.chaos.forget_proc", str(cfg), AUTHOR,
                           at], cwd=REPO, env=clean_env(), capture_output=True, text=True,
                          timeout=120, check=False)
    assert died.returncode == DIED, died.stderr
    # run again by `socialops forget`'s main in this process (the killed one is dead): the
    # command's own code, an interpreter fewer (tests/app/cli_support.py ``ran``)
    again = await asyncio.to_thread(ran, "-c", str(cfg), "forget", AUTHOR, cwd=tmp_path,
                                    monkeypatch=monkeypatch, capsys=capsys, env=clean_env())

    today = datetime.now(UTC).date().isoformat()
    assert (again.returncode, again.stdout) == (0, (
        f"{AUTHOR}: erased 6 records (1 signals, 1 traces, 1 tickets, 2 outbox cards, 1 audit "
        "events); audited\n"
        if at != "after" else f"{AUTHOR}: erased already on {today}; nothing more to erase\n"))
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO()) as app:
        signal = await app.store.get_signal("mastodon:1")
        assert signal is not None and WORDS not in signal.to_json()
        assert len([e for e in await app.store.audit_since(None) if e.action == "forget"]) == 1
        waiting = [i.key for i in await app.store.list_outbox(status="pending")]
        assert sorted(waiting) == ["T-1@support#1", "mastodon:1|praise@marketing#erased"]
