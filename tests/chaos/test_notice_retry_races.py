"""The ops channel's notice that a delivery failed for good is not sent again once that
delivery is being sent again (3d699cf, 68c8094), with the retries in real processes: one
``socialops outbox retry`` of the notice stalled between its check (the delivery still dead)
and its write, while another process retries the delivery; and two ``outbox retry --all`` at
once. Sending the notice beside its delivery tells the ops channel, and whoever it pages, of a
failure being mended."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.cards import delivery_id as short_id
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.store import open_store
from tests.app.cli_support import clean_env
from tests.app.test_dead_letters import write_config
from tests.conftest import FakeClock

pytestmark = pytest.mark.untimed  # ordered by files: no timing decides

ROOT = Path(__file__).parents[2]

# ``socialops ARGS...`` (bot.app.cli.main) in its own process, stalled at the store's requeue of
# HOLD (after the command's checks, before its write) until GO exists; READY says it is there
RETRY = """
import asyncio, sys, time
from pathlib import Path
from bot.app.cli import main
from bot.store.redis import RedisStore
from bot.store.sqlite import SqliteStore
hold, ready, go, *args = sys.argv[1:]
ready, go = Path(ready), Path(go)
for cls in (SqliteStore, RedisStore):
    def wrap(real):
        async def requeue(self, key, **kw):
            if key == hold:
                ready.touch()
                while not go.exists():
                    await asyncio.sleep(0.005)
            return await real(self, key, **kw)
        return requeue
    cls.requeue = wrap(cls.requeue)
sys.exit(main(args))
"""


async def _dead(store: Store, item: OutboxItem) -> OutboxItem:
    fx = Effects()
    fx.send(item)
    assert await store.apply(fx)
    [claimed] = await store.claim_due(now=item.next_attempt_at, owner="w", lease_seconds=30,
                                      limit=1)
    await store.retry_later(claimed.key, owner="w", at=item.next_attempt_at,
                            error="Missing Access", dead=True)
    return item


async def _card_and_notice(cfg: Path) -> tuple[str, str]:
    """A card to console:support and its ops notice, both dead (the bot out of both)."""
    clock = FakeClock(datetime.now(UTC))
    store = await open_store(load_config(cfg).config.store, redis_url=None, clock=clock)
    try:
        card = await _dead(store, OutboxItem.new(
            key="T-1@support", workspace="console", channel="support",
            card=Card(kind="alert", key="T-1", title="login broken"), now=clock()))
        notice = Card(kind="notice", key=card.dead_notice(), title="Delivery to support failed")
        dead = await _dead(store, OutboxItem.new(key=f"{notice.key}@ops", workspace="console",
                                                 channel="ops", card=notice, now=clock()))
        assert dead.notice_subject() == card.key
        return card.key, dead.key
    finally:
        await store.close()


async def _statuses(cfg: Path) -> dict[str, str]:
    store = await open_store(load_config(cfg).config.store, redis_url=None,
                             clock=lambda: datetime.now(UTC))
    try:
        return {i.key: i.status for status in ("pending", "dead", "sent")
                for i in await store.list_outbox(status=status, limit=100)}
    finally:
        await store.close()


def _stalled(cfg: Path, tmp: Path, hold: str, *args: str) -> tuple[subprocess.Popen[str], Path]:
    ready, go = tmp / "ready", tmp / "go"
    proc = subprocess.Popen([sys.executable, "-c", RETRY, hold, str(ready), str(go),
                             "-c", str(cfg), *args], cwd=tmp, env=clean_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the retry never reached its write"
        time.sleep(0.01)
    return proc, go


def _retry(cfg: Path, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.app.cli", "-c", str(cfg), "outbox",
                           "retry", *args], check=False, cwd=tmp, env=clean_env(),
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_notice_checked_before_its_delivery_was_retried_is_not_sent(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    url = request.getfixturevalue("redis_url") if backend == "redis" else ""
    cfg = write_config(tmp_path, backend, url)
    card, notice = asyncio.run(_card_and_notice(cfg))
    proc, go = _stalled(cfg, tmp_path, notice, "outbox", "retry", short_id(notice))
    try:
        other = _retry(cfg, tmp_path, short_id(card))
        assert other.returncode == 0, other.stderr
    finally:
        go.touch()
        out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err and not err, err
    # the notice settled (removed), as retry all settles it, and it says so in one line
    assert asyncio.run(_statuses(cfg)) == {card: "pending"}, (out, err)
    assert proc.returncode == 0 and "being sent again now: nothing to retry; the notice is " \
        "settled" in out and len(out.splitlines()) == 1, (out, err)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_two_retry_alls_at_once_send_the_delivery_once_and_not_its_notice(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    """One stalled at its write of the delivery, the other run whole meanwhile."""
    url = request.getfixturevalue("redis_url") if backend == "redis" else ""
    cfg = write_config(tmp_path, backend, url)
    card, notice = asyncio.run(_card_and_notice(cfg))
    proc, go = _stalled(cfg, tmp_path, card, "outbox", "retry", "--all")
    try:
        other = _retry(cfg, tmp_path, "--all")
        assert other.returncode == 0, other.stderr
    finally:
        go.touch()
        out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err and len(err.splitlines()) <= 1, err
    # the notice settled (removed) by whichever came to it first; each says so
    statuses = asyncio.run(_statuses(cfg))
    assert statuses == {card: "pending"} and notice not in statuses, (out, err, other.stdout)
    assert "was not sent and is settled" in out and "is settled" in other.stdout, (
        out, other.stdout)
    # the one whose write came second says what the other sent, and what to do: nothing
    assert out.startswith("0 dead deliveries sent again; 1 was sent again by another retry at "
                          "the same time (nothing to do: socialops outbox list --pending "
                          "shows it waiting)") and len(out.splitlines()) == 1, out


async def _dies_again(cfg: Path, card: str) -> str:
    """``card`` retried, attempted and given up again, with the notice of that death (as the
    bot's write of a death queues it): its key."""
    clock = FakeClock(datetime.now(UTC))
    store = await open_store(load_config(cfg).config.store, redis_url=None, clock=clock)
    try:
        assert await store.requeue(card, at=clock())
        [claimed] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=1)
        notice = Card(kind="notice", key=claimed.dead_notice(), title="Delivery failed again")
        fx = Effects()
        fx.send(OutboxItem.new(key=f"{notice.key}@ops", workspace="console", channel="ops",
                               card=notice, now=clock()))
        await store.retry_later(claimed.key, owner="w", at=clock(), error="Missing Access",
                                dead=True, effects=fx)
        return f"{notice.key}@ops"
    finally:
        await store.close()


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_a_notice_checked_before_its_delivery_died_again_is_not_sent_beside_the_later(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    """Between the check and the write the delivery is retried and given up again, its later
    death noticed: the earlier notice, sent too, would tell the ops channel of one failure
    twice (68c8094's refusal, met inside the window)."""
    url = request.getfixturevalue("redis_url") if backend == "redis" else ""
    cfg = write_config(tmp_path, backend, url)
    card, notice = asyncio.run(_card_and_notice(cfg))
    proc, go = _stalled(cfg, tmp_path, notice, "outbox", "retry", short_id(notice))
    try:
        later = asyncio.run(_dies_again(cfg, card))
    finally:
        go.touch()
        out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err and not err, err
    # the earlier notice settled: the later one tells of the delivery's death
    assert asyncio.run(_statuses(cfg)) == {card: "dead", later: "pending"}, (out, err)
    assert proc.returncode == 0 and "failed again since" in out and "the notice is settled" \
        in out, (out, err)


async def test_a_notice_of_a_delivery_stored_with_utc_written_plus_00_00_is_sent(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """The write's check compares the delivery's created_at as stored with the one read: a
    delivery stored with '+00:00' (as written by hand, or a JSON writer other than this
    release's) is the same death, its notice sent (else refused as retried by someone else)."""
    from handlers.audit import Audit
    from handlers.deliveries import Deliveries
    from tests.handlers.test_dead_notices import OPS, _card_and_notice

    card, notice = await _card_and_notice(store, clock)
    raw = card.to_json().replace('"created_at":"2026-11-23T09:00:00Z"',
                                 '"created_at":"2026-11-23T09:00:00+00:00"')
    assert raw != card.to_json()
    if hasattr(store, "r"):  # redis
        await store.r.hset(f"socialops:outbox:item:{card.key}", "json", raw)  # type: ignore[attr-defined]
    else:
        import sqlite3

        with closing(sqlite3.connect(tmp_path / "s.db")) as db, db:
            db.execute("UPDATE outbox SET json = ? WHERE key = ?", (raw, card.key))
    deliveries = Deliveries(store, clock=clock, audit=Audit(clock=clock), hint=lambda _: "",
                            ops=OPS)
    reply = await deliveries.retry(short_id(notice.key), "carol")
    assert reply.ok, reply.text
    assert [i.key for i in await store.list_outbox(status="pending")] == [notice.key]
