"""``socialops outbox list --pending`` through the installed command, on a SQLite file and a
real redis-server: each waiting delivery says its lane (``posts``: new cards, and edits of
cards not yet shown; ``edits``: edits of cards already shown, which go beside the new cards),
so an operator reading a backlog sees why a claim went out before the cards queued first."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.core.cards import Card, OutboxItem
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import MessageRef
from bot.store import open_store
from tests.app.cli_support import clean_env, socialops
from tests.app.test_dead_letters import write_config
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


def queued(key: str, clock: FakeClock, *, update: bool = False) -> Effects:
    fx = Effects()
    card = Card(kind="alert", key=key.split("@", maxsplit=1)[0], title=f"card {key}", text="hi")
    fx.send(OutboxItem.new(key=key, workspace="console", channel="support", card=card,
                           now=clock(), update=update))
    return fx


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_outbox_list_says_the_lane_of_each_waiting_delivery(
        tmp_path: Path, backend: str, redis_server: RedisServer) -> None:
    clock = FakeClock()
    redis_server.flushall()
    cfg = write_config(tmp_path, backend, redis_server.url)
    loaded = load_config(cfg)
    store = await open_store(loaded.config.store, redis_url=loaded.config.store.redis_url,
                             clock=clock)
    try:
        await store.apply(queued("T-1@support", clock))
        [shown] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
        await store.finish(shown.key, owner="w", ref=MessageRef(
            workspace="console", channel="support", message_id="m1"))
        await store.apply(queued("T-2@support", clock))
        await store.apply(queued("T-1@support#2", clock, update=True))
    finally:
        await store.close()
    done = socialops("-c", str(cfg), "outbox", "list", "--pending", cwd=tmp_path,
                     env=clean_env())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(", attempt")[0].split(" ", 1)[1] for line in lines[:-1]] == [
        "to console:support (posts)", "to console:support (edits)"], lines
    assert lines[-1] == "2 pending"


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_outbox_list_counts_every_waiting_delivery_past_what_it_prints(
        tmp_path: Path, backend: str, redis_server: RedisServer,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """It prints the first 10,000 (3 here); its count was the number printed, so 100,000
    waiting deliveries read "10000 pending"."""
    from bot.app import cli

    clock = FakeClock()
    redis_server.flushall()
    cfg = write_config(tmp_path, backend, redis_server.url)
    loaded = load_config(cfg)
    store = await open_store(loaded.config.store, redis_url=loaded.config.store.redis_url,
                             clock=clock)
    try:
        for i in range(5):
            await store.apply(queued(f"T-{i}@support", clock))
    finally:
        await store.close()
    monkeypatch.setattr(cli, "OUTBOX_LISTED", 3)
    assert await asyncio.to_thread(cli.main, ["-c", str(cfg), "outbox", "list", "--pending"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and lines[-1] == "5 pending, the first 3 listed", lines


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_outbox_list_says_the_next_attempt_on_the_configs_clock(
        tmp_path: Path, backend: str, redis_server: RedisServer) -> None:
    """Each waiting delivery's next attempt on the clock every workspace of the config names
    (``cli.terminal_zone``) beside UTC, as `socialops why` and `dead list` say their times;
    it said UTC alone."""
    from datetime import UTC, datetime

    clock = FakeClock(datetime(2026, 11, 23, 9, 0, 5, tzinfo=UTC))
    redis_server.flushall()
    cfg = write_config(tmp_path, backend, redis_server.url)
    cfg.write_text(cfg.read_text().replace(
        "workspaces: [{name: console, type: console}]",
        "workspaces: [{name: console, type: console, timezone: Asia/Kolkata}]"))
    loaded = load_config(cfg)
    store = await open_store(loaded.config.store, redis_url=loaded.config.store.redis_url,
                             clock=clock)
    try:
        await store.apply(queued("T-1@support", clock))
    finally:
        await store.close()
    done = socialops("-c", str(cfg), "outbox", "list", "--pending", cwd=tmp_path,
                     env=clean_env())
    assert done.returncode == 0, done.stderr
    assert ", attempt 1 at 2026-11-23 09:00:05 UTC (14:30 Asia/Kolkata): 'card T-1@support'" \
        in done.stdout, done.stdout
