"""A ticket's thread line (a note, a resolve with its note, a handoff that pings the new owner)
is shown once when a real process dies at either side of the chat: right after the store took
the change, before the line was shown (``tests.chaos.boundary say ... apply``), or right after
the chat showed it, before the outbox recorded that (``tests.chaos.boundary drain ...
update/1``). Another process, on the same SQLite file or redis-server, delivers what is left;
the console workspace's record file, which every process appends to, is the channel.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.boundary import DIED
from tests.chaos.procs import ROOT
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = 30  # store.lease_seconds: a dead process's channel is taken over after it

CONFIG = """
sources:
  - {{id: brand, type: replay, path: {empty}, network_override: mastodon}}
workspaces: [{{name: console, type: console}}]
channels:
  support: {{workspace: console, id: support}}
people:
  - {{id: alice, role: lead}}
  - {{id: bob, role: agent, identities: {{console: bob}}}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
"""

# the command, and the thread line it adds to the card
LINES = {
    "note": ("note {t} VIP, call back", "alice noted: VIP, call back"),
    "resolve": ("resolve {t} fixed in 2.3", "alice resolved: fixed in 2.3"),
    "handoff": ("unclaim {t} to=bob", "alice reassigned to bob"),
}


def setup(tmp: Path, backend: str, redis: RedisServer | None) -> Path:
    (tmp / "rules.yaml").write_text(
        "routes:\n  - {name: support, match: {any: [broken]}, action: ticket, "
        "channel: support}\n")
    (tmp / "empty.jsonl").write_text("")
    store = (f"{{backend: sqlite, path: {tmp / 's.db'}, lease_seconds: {LEASE}}}"
             if redis is None else
             f'{{backend: redis, redis_url: "{redis.url}", lease_seconds: {LEASE}}}')
    config = tmp / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp / "empty.jsonl", store=store))
    return config


def boundary(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tests.chaos.boundary", *args], cwd=ROOT, capture_output=True,
        timeout=60, check=False,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})


def thread_lines(record: Path) -> list[str]:
    rows = [json.loads(x) for x in record.read_text().splitlines()] if record.exists() else []
    return [r["thread_note"] for r in rows if r["op"] == "update" and r["thread_note"]]


async def claimed_ticket(app: App) -> str:
    """A complaint's ticket, its card shown, claimed by alice (a handoff needs a claim)."""
    await app.pipeline.process_batch([Mention(
        id="mastodon:1", network="mastodon", source="brand", text="acme app broken",
        author=Author(id="a1", handle="u1"), created_at=START)])
    [ticket] = await app.store.list_tickets()
    await app.tickets.claim(ticket.id, "alice")
    await app.outbox.drain()
    return ticket.id


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", ["before the chat", "after the chat"])
@pytest.mark.parametrize("verb", sorted(LINES))
async def test_a_ticket_line_is_shown_once_when_a_process_dies_beside_the_chat(
        tmp_path: Path, backend: str, dies: str, verb: str,
        request: pytest.FixtureRequest) -> None:
    redis: RedisServer | None = None
    if backend == "redis":
        redis = request.getfixturevalue("redis_server")
        redis.flushall()
    config = setup(tmp_path, backend, redis)
    record = tmp_path / "record.jsonl"
    command, line = LINES[verb]
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        ticket = await claimed_ticket(app)
        before = len(thread_lines(record))
        go = tmp_path / "go"
        go.touch()
        at = "apply" if dies == "before the chat" else "none"
        said = boundary("say", str(config), str(record), START.isoformat(), str(go), "alice",
                        command.format(t=ticket), at)
        assert said.returncode == (DIED if at != "none" else 0), said.stderr.decode()[-3000:]
        if dies == "after the chat":
            drained = boundary("drain", str(config), str(record), START.isoformat(), "-",
                               "update/1")
            assert drained.returncode == DIED, drained.stderr.decode()[-3000:]
            assert thread_lines(record)[before:] == [line]  # shown, not recorded
        clock.now = START + timedelta(seconds=LEASE + 1)  # the dead process's claim lapsed
        await app.outbox.drain()
        assert not await app.store.list_outbox(status="pending")
    assert thread_lines(record)[before:] == [line], thread_lines(record)
