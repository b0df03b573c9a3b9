"""A customer deletes the post a ticket holds while an agent claims that ticket, in two real
processes on one SQLite file or one redis-server: the process deciding the delete (a
Mastodon stream's ``delete`` event, ``mastodon.parse.tombstone``) stalls between deciding and
writing while this process answers the claim (``tests.chaos.boundary process``), or the two
are let go at the same moment (``say`` beside ``process``). Both are kept, each once: the
ticket claimed, one ``post deleted`` line in its history, the audit and the card's thread;
the card's last state shows the claim and none of the deleted words."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from integrations.social.mastodon.parse import tombstone
from tests.chaos.procs import ROOT, stalled_process, until_set
from tests.chaos.test_claim_races import START, Setup, one_ticket, say
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

WORDS = "acme app broken"


def _env() -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"}, "PYTHONPATH": str(ROOT)}


def _deciding(s: Setup) -> AbstractAsyncContextManager[Callable[[], Awaitable[None]]]:
    """A process deciding the post's delete, stalled before its write until let go."""
    at = START + timedelta(minutes=1)
    return stalled_process(s.config, at, tombstone("1", source="brand", at=at)
                           .model_dump_json() + "\n", s.tmp)


def _card_rows(s: Setup, key: str) -> list[dict[str, object]]:
    return [r for r in map(json.loads, s.record.read_text().splitlines()) if r["key"] == key]


async def _check(s: Setup, app: object, clock: FakeClock, ticket_id: str) -> None:
    store = app.store  # type: ignore[attr-defined]
    clock.now = START + timedelta(minutes=2)  # the delete's edits due
    await app.outbox.drain()  # type: ignore[attr-defined]
    t = await store.get_ticket(ticket_id)
    assert t is not None and t.status == "claimed" and t.claimer == "alice", t
    actions = [h.action for h in t.history]
    assert actions.count("post deleted") == 1 and actions.count("claimed") == 1, actions
    audit = [e.action for e in await store.audit_since(None)]
    assert audit.count("ticket.post_deleted") == 1 and audit.count("ticket.claimed") == 1, audit
    rows = _card_rows(s, ticket_id)
    last = json.dumps(rows[-1], ensure_ascii=False)
    assert WORDS not in last and "claimed" in last.lower(), last
    lines = [str(r.get("thread_note")) for r in rows if r.get("thread_note")]
    assert sum("deleted" in line for line in lines) == 1, lines
    assert sum("alice claimed" in line for line in lines) == 1, lines
    signal = await store.get_signal("mastodon:1")
    assert signal is not None and signal.mention.text == "", signal


@pytest.mark.untimed  # the delete's process held before its write by a file
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_delete_decided_while_its_ticket_is_claimed_keeps_both(
        tmp_path: Path, backend: str, redis_server: RedisServer) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        await app.outbox.drain()
        async with _deciding(s) as let_go:
            await say(app, "alice", f"claim {ticket.id}")  # written while the delete waits
            await let_go()
        await _check(s, app, clock, ticket.id)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_delete_and_a_claim_let_go_together_keep_both(
        tmp_path: Path, backend: str, redis_server: RedisServer) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        await app.outbox.drain()
        go = tmp_path / "go"
        claiming = subprocess.Popen(
            [sys.executable, "-m", "tests.chaos.boundary", "say", str(s.config),
             str(s.record), (START + timedelta(minutes=1)).isoformat(), str(go), "alice",
             f"claim {ticket.id}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=_env())
        try:
            async with _deciding(s) as let_go:
                assert await asyncio.to_thread(until_set, claiming, go.with_suffix(".alice")), \
                    claiming.communicate()[1].decode()[-3000:]
                go.touch()  # both set (the claim's process waits for go): let go together
                await let_go()
            out, err = await asyncio.to_thread(claiming.communicate, timeout=60)
            assert claiming.returncode == 0, err.decode()[-3000:]
            assert json.loads(out.decode().strip().splitlines()[-1])["ok"], out
        finally:
            if claiming.poll() is None:
                claiming.kill()
        await _check(s, app, clock, ticket.id)
