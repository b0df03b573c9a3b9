"""An edit queued while another process holds the edit lane's lease and is mid-attempt on the
card's waiting edit does not replace it (c1ebbc9, c3c9047): the chat may already show that edit
and its thread line, so the new edit goes behind it, carrying only its own line. Checked by the
store in the enqueue's write (SQLite's transaction, Redis's script: ``started`` 0), here with
a real process's attempt stalled between its claim and its settle, and killed there, beside
this process's enqueue (or a second real process's, held after its read)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import MessageRef
from bot.core.ports import Store
from bot.store import open_store
from tests.app.cli_support import clean_env
from tests.app.test_dead_letters import write_config
from tests.chaos.boundary import DIED

pytestmark = pytest.mark.untimed  # ordered by files: no timing decides

ROOT = Path(__file__).parents[2]

# a delivering process: claims what is due under its lease, writes READY, waits for GO (its
# attempt under way: the chat may show the edit), then records it sent, or dies (os._exit)
ATTEMPT = """
import asyncio, os, sys
from datetime import UTC, datetime
from pathlib import Path
from bot.core.config import load_config
from bot.store import open_store
cfg, ready, go, mode = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
async def main():
    store = await open_store(load_config(cfg).config.store, redis_url=None,
                             clock=lambda: datetime.now(UTC))
    claimed = await store.claim_due(now=datetime.now(UTC), owner="attempt", lease_seconds=600,
                                    limit=5)
    print(" ".join(f"{i.key}:{i.card.thread_note}" for i in claimed), flush=True)
    ready.touch()
    while not go.exists():
        await asyncio.sleep(0.005)
    if mode == "die":
        os._exit(DIED)
    for i in claimed:
        await store.finish(i.key, owner="attempt", ref=None)
    await store.close()
asyncio.run(main())
""".replace("DIED", str(DIED))

# another process queues the card's next edit (a claim typed in chat, say); with READY and GO,
# on Redis, stalled after it read the waiting edit (RedisStore._merges), before its script
QUEUE = """
import asyncio, sys
from datetime import UTC, datetime
from pathlib import Path
from bot.core.cards import Card, OutboxItem
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.store import open_store
from bot.store.redis import RedisStore
cfg, key, note, *hold = Path(sys.argv[1]), sys.argv[2], sys.argv[3], *sys.argv[4:]
if hold:
    real = RedisStore._merges
    async def merges(self, fx):
        found = await real(self, fx)
        Path(hold[0]).write_text(repr(sorted(found)))
        while not Path(hold[1]).exists():
            await asyncio.sleep(0.005)
        return found
    RedisStore._merges = merges
async def main():
    now = datetime.now(UTC)
    store = await open_store(load_config(cfg).config.store, redis_url=None, clock=lambda: now)
    fx = Effects()
    fx.send(OutboxItem.new(key=key, workspace="console", channel="support", now=now,
                           card=Card(kind="ticket", key="T-1", title=note, thread_note=note),
                           update=True))
    assert await store.apply(fx)
    await store.close()
asyncio.run(main())
"""


async def _open(cfg: Path) -> Store:
    return await open_store(load_config(cfg).config.store, redis_url=None,
                            clock=lambda: datetime.now(UTC))


async def _shown_with_an_edit_waiting(cfg: Path) -> None:
    """T-1's card posted in console:support, its edit #2 ('claimed by ana') waiting."""
    store = await _open(cfg)
    try:
        now = datetime.now(UTC)
        fx = Effects()
        fx.send(OutboxItem.new(key="T-1@support", workspace="console", channel="support",
                               card=Card(kind="ticket", key="T-1", title="open"), now=now))
        assert await store.apply(fx)
        [card] = await store.claim_due(now=now, owner="setup", lease_seconds=30, limit=1)
        await store.finish(card.key, owner="setup", ref=MessageRef(
            workspace="console", channel="support", message_id="m1"))
        fx = Effects()
        fx.send(OutboxItem.new(key="T-1@support#2", workspace="console", channel="support",
                               card=Card(kind="ticket", key="T-1", title="claimed by ana",
                                         thread_note="claimed by ana"), now=now, update=True))
        assert await store.apply(fx)
    finally:
        await store.close()


async def _items(cfg: Path) -> dict[str, tuple[str, str | None]]:
    store = await _open(cfg)
    try:
        return {i.key: (i.status, i.card.thread_note) for status in ("pending", "sent")
                for i in await store.list_outbox(status=status, limit=100)}
    finally:
        await store.close()


def _queue(cfg: Path, key: str, note: str) -> None:
    """QUEUE's write, not held, in this process (with a store connection of its own): the
    attempt it goes beside is the other process's."""

    async def queue() -> None:
        now = datetime.now(UTC)
        store = await open_store(load_config(cfg).config.store, redis_url=None,
                                 clock=lambda: now)
        try:
            fx = Effects()
            fx.send(OutboxItem.new(key=key, workspace="console", channel="support", now=now,
                                   card=Card(kind="ticket", key="T-1", title=note,
                                             thread_note=note), update=True))
            assert await store.apply(fx)
        finally:
            await store.close()

    asyncio.run(queue())


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("mode", ["finish", "die"])
def test_an_edit_queued_while_another_process_attempts_the_waiting_one_goes_behind_it(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str, mode: str) -> None:
    url = request.getfixturevalue("redis_url") if backend == "redis" else ""
    cfg = write_config(tmp_path, backend, url)
    asyncio.run(_shown_with_an_edit_waiting(cfg))
    ready, go = tmp_path / "ready", tmp_path / "go"
    proc = subprocess.Popen([sys.executable, "-c", ATTEMPT, str(cfg), str(ready), str(go), mode],
                            cwd=ROOT, env=clean_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        _queue(cfg, "T-1@support#3", "unclaimed by ana")
    finally:
        go.touch()
        out, err = proc.communicate(timeout=120)
    assert out == "T-1@support#2:claimed by ana\n", (out, err)
    assert proc.returncode == (0 if mode == "finish" else DIED), err
    # #2 as claimed (sent, or pending again once its lease lapses), #3 behind it with its line
    assert asyncio.run(_items(cfg)) == {
        "T-1@support": ("sent", None),
        "T-1@support#2": ("sent" if mode == "finish" else "pending", "claimed by ana"),
        "T-1@support#3": ("pending", "unclaimed by ana")}


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_an_edit_queued_while_none_attempts_the_waiting_one_replaces_it(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    """The same two processes' store with no attempt begun: replaced (a guard that the test
    above can fail)."""
    url = request.getfixturevalue("redis_url") if backend == "redis" else ""
    cfg = write_config(tmp_path, backend, url)
    asyncio.run(_shown_with_an_edit_waiting(cfg))
    _queue(cfg, "T-1@support#3", "unclaimed by ana")
    assert asyncio.run(_items(cfg)) == {
        "T-1@support": ("sent", None), "T-1@support#2": ("sent", "claimed by ana"),
        "T-1@support#3": ("pending", "claimed by ana\nunclaimed by ana")}


def test_an_attempt_begun_between_the_read_and_the_script_keeps_its_edit(
        tmp_path: Path, redis_url: str) -> None:
    """Redis reads the waiting edit before its write: the enqueue stalled right after that read
    (it found #2 replaceable), a second process then claims #2 and begins its attempt, and the
    script, run after, finds #2 begun and queues #3 behind it."""
    cfg = write_config(tmp_path, "redis", redis_url)
    asyncio.run(_shown_with_an_edit_waiting(cfg))
    read, write = tmp_path / "read", tmp_path / "write"
    queue = subprocess.Popen([sys.executable, "-c", QUEUE, str(cfg), "T-1@support#3",
                              "unclaimed by ana", str(read), str(write)], cwd=ROOT,
                             env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    ready, go = tmp_path / "ready", tmp_path / "go"
    attempt = None
    try:
        deadline = time.monotonic() + 60
        while not read.exists():
            assert queue.poll() is None, queue.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert read.read_text() == "['T-1@support#3']"  # it would replace #2
        attempt = subprocess.Popen([sys.executable, "-c", ATTEMPT, str(cfg), str(ready),
                                    str(go), "finish"], cwd=ROOT, env=clean_env(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while not ready.exists():
            assert attempt.poll() is None, attempt.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.01)
    finally:
        write.touch()
        _, err = queue.communicate(timeout=120)
        go.touch()
        out = attempt.communicate(timeout=120)[0] if attempt is not None else ""
    assert queue.returncode == 0, err
    assert out == "T-1@support#2:claimed by ana\n"
    assert asyncio.run(_items(cfg)) == {
        "T-1@support": ("sent", None), "T-1@support#2": ("sent", "claimed by ana"),
        "T-1@support#3": ("pending", "unclaimed by ana")}
