"""An edit taken into its card's waiting post (``bot.store.coalesce.takes_in``: the post goes
out as the edit has it, the edit recorded as sent) only while no attempt at that post has
begun. Here the post's sender is a real process (``tests.chaos.takein_proc``) on a SQLite
file or a redis-server: it has claimed the post and the chat has its request (held there) when
the edit is written by this process; or it died right after the chat showed the post, before
the outbox recorded it. Either way the edit waits behind the post and is shown after it: the
card ends as the edit has it, posted once. Taken in, the edit would be recorded as sent while
the chat shows the post as it was (the author's deleted words left on the card)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.store import open_store
from tests.chaos.takein_proc import DIED, deliver
from tests.chaos.test_ticket_lines import START
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[2]
LEASE = 30
SAID, EDITED = "acme refund please, order 77", "(deleted by its author)"


def _proc(tmp: Path, backend: str, where: str, owner: str, iso: str, hold: str = "-",
          at: str = "none") -> list[str]:
    return [sys.executable, "-m", "tests.chaos.takein_proc", backend, where, owner, iso,
            hold, at]


def _env(tmp: Path) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            "PYTHONPATH": str(ROOT), "TAKEIN_RECORD": str(tmp / "ws.jsonl")}


async def _ran(tmp: Path, backend: str, where: str, owner: str, iso: str) -> None:
    """A run to its end that neither holds nor dies, as ``_proc``'s process would make it, in
    this process (no other process runs beside it): an interpreter (about 1.2 s of CPU) fewer."""
    await deliver(backend, where, owner, iso, "-", "none", record=tmp / "ws.jsonl")


def _card(text: str) -> Card:
    return Card(kind="alert", key="A-1", title="alert", text=text)


async def _open(tmp: Path, backend: str, redis: RedisServer | None) -> tuple[Store, str]:
    clock = FakeClock(START)
    if redis is None:
        where = str(tmp / "s.db")
        return await open_store(StoreConfig(backend="sqlite", path=where), redis_url=None,
                                clock=clock), where
    redis.flushall()
    return await open_store(StoreConfig(backend="redis"), redis_url=redis.url,
                            clock=clock), redis.url


async def _send(store: Store, item: OutboxItem) -> None:
    fx = Effects()
    fx.send(item)
    assert await store.apply(fx)


def _shown(tmp: Path) -> list[tuple[str, str]]:
    """What the chat did to card A-1, in order: (op, text)."""
    return [(r["op"], r["text"]) for r in map(json.loads, (tmp / "ws.jsonl").read_text()
                                               .splitlines()) if r["key"] == "A-1"]


def _redis(backend: str, request: pytest.FixtureRequest) -> RedisServer | None:
    return request.getfixturevalue("redis_server") if backend == "redis" else None


POST = OutboxItem.new(key="A-1@C1", workspace="ws", channel="C1", card=_card(SAID), now=START)
EDIT = OutboxItem.new(key="A-1@C1#deleted", workspace="ws", channel="C1",
                      card=_card(EDITED), now=START, update=True)


@pytest.mark.untimed  # the sender held in the chat by a file while this process writes
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_an_edit_written_while_another_process_posts_the_card_is_shown_after_it(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    store, where = await _open(tmp_path, backend, _redis(backend, request))
    try:
        await _send(store, POST)
        hold = tmp_path / "hold"
        b = subprocess.Popen(_proc(tmp_path, backend, where, "b", START.isoformat(), str(hold)),
                             cwd=ROOT, env=_env(tmp_path), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        try:
            for _ in range(600):  # b has claimed the post; the chat has its request
                if Path(f"{hold}.read").exists() or b.poll() is not None:
                    break
                await asyncio.sleep(0.05)
            assert Path(f"{hold}.read").exists(), b.communicate()[1].decode()[-3000:]
            await _send(store, EDIT)
            edit = await store.get_outbox(EDIT.key)
            assert edit is not None and edit.status == "pending", edit  # not taken in
            hold.touch()
            _, err = b.communicate(timeout=60)
            assert b.returncode == 0, err.decode()[-3000:]
        finally:
            if b.poll() is None:
                b.kill()
        assert _shown(tmp_path) == [("post", SAID), ("update", EDITED)]
        assert [await store.get_outbox(k) for k in (POST.key, EDIT.key)] != [None, None]
        assert [(i.status if i else None) for i in [await store.get_outbox(POST.key),
                                                    await store.get_outbox(EDIT.key)]] == [
            "sent", "sent"]
    finally:
        await store.close()


@pytest.mark.untimed  # one process dies at a named point, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_an_edit_written_after_a_sender_died_with_the_post_shown_is_shown_after_it(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    store, where = await _open(tmp_path, backend, _redis(backend, request))
    try:
        await _send(store, POST)
        b = subprocess.run(_proc(tmp_path, backend, where, "b", START.isoformat(), "-",
                                 "post/1"), cwd=ROOT, env=_env(tmp_path), capture_output=True,
                           timeout=60, check=False)
        assert b.returncode == DIED, b.stderr.decode()[-3000:]
        assert _shown(tmp_path) == [("post", SAID)]
        await _send(store, EDIT)
        after = (START + timedelta(seconds=LEASE + 1)).isoformat()  # b's lease lapsed
        await _ran(tmp_path, backend, where, "c", after)
        assert _shown(tmp_path) == [("post", SAID), ("update", EDITED)]
    finally:
        await store.close()


@pytest.mark.untimed  # no race: the control, the edit taken in before any attempt
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_an_edit_written_before_any_attempt_is_taken_into_the_post(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    store, where = await _open(tmp_path, backend, _redis(backend, request))
    try:
        await _send(store, POST)
        await _send(store, EDIT)
        await _ran(tmp_path, backend, where, "b", START.isoformat())
        assert _shown(tmp_path) == [("post", EDITED)]
    finally:
        await store.close()
