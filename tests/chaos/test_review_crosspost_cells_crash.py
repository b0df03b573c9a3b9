"""A cross-post whose copies straddle a boundary of the fingerprint's 2-hour cells (claimed in
two grids, ``bot.engine.crosspost.crosspost_keys``) through a crash at the batch's write, the
claims made before it (a process dying there: nothing of the batch written but the claims),
on a SQLite file and a real redis-server: the batch read again after the crash, its copy read
by another source before or in the same batch, cards the post exactly once."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from bot.app.compose import open_app
from bot.core.config import StoreConfig, load_config
from bot.core.models import Author, Mention, Network
from bot.store import open_store
from tests.chaos.test_dedup_races import START, WORDS, configured
from tests.chaos.test_wall_clock import posts
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

CROSSING = START + timedelta(minutes=59)  # 09:59: its copy at 10:01 is in another a-cell


class Crash(Exception):
    """The process died at this write."""


class CrashingStore:
    """The real store; its first ``apply`` (a batch's one write) never lands."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.crashed = False

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name != "apply" or self.crashed:
            return attr

        async def crash(*_: Any, **__: Any) -> Any:
            self.crashed = True
            raise Crash("died at the batch's write")

        return crash


def post(network: str, minutes: int) -> Mention:
    handle = "kasia@mastodon.social" if network == "mastodon" else "kasia.bsky.social"
    return Mention(id=f"{network}:1", network=cast(Network, network), source="masto",
                   text=WORDS["alert"], author=Author(id=f"{network}-a1", handle=handle),
                   created_at=CROSSING + timedelta(minutes=minutes))


@pytest.mark.untimed  # one process, the crash injected at its write
@pytest.mark.parametrize("order", ["first crashed, copy after", "copy crashed, first after",
                                   "both in the batch again"])
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_cross_post_across_a_cell_boundary_is_carded_once_through_a_crash(
        tmp_path: Path, backend: str, order: str, redis_server: RedisServer) -> None:
    config = configured(tmp_path, backend, redis_server)
    loaded = load_config(config)
    cfg: StoreConfig = loaded.config.store
    first, copy = post("mastodon", 0), post("bluesky", 2)
    crashed, other = (copy, first) if order.startswith("copy") else (first, copy)
    clock = FakeClock(CROSSING + timedelta(minutes=3))
    store = CrashingStore(await open_store(cfg, redis_url=None, clock=clock))
    record = tmp_path / "record.jsonl"
    async with open_app(loaded, clock=clock, out=io.StringIO(), record_path=record,
                        store=store) as app:  # type: ignore[arg-type]
        batch = [crashed, other] if order.startswith("both") else [crashed]
        with pytest.raises(Crash):
            await app.pipeline.process_batch(batch)
        if not order.startswith("both"):
            await app.pipeline.process_batch([other])
        await app.pipeline.process_batch(batch)  # read again after the crash
        await app.outbox.drain()
    shown = [r for r in posts(record, "") if r["channel"] == "marketing"]
    assert store.crashed
    assert len(shown) == 1, shown
