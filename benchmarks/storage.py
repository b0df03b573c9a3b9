"""Storage under retention: 100,000 mentions over a simulated week through the real pipeline,
store and outbox (SQLite and Redis), with the bot's pruning on, side by side with the same run
and no pruning (what the store kept before retention existed).

    .venv/bin/python benchmarks/storage.py [--mentions 100000] [--days 7] [--redis-url URL]

About 3% of the posts are routed (alerts and tickets), the rest match nothing. Time is
simulated: each batch advances the clock, and pruning runs as the bot runs it (every
``store.retention.prune_minutes``). Figures: database size and rows (or keys and memory) at the
end, and bytes per processed mention.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import runtime  # noqa: E402
from bot.app.compose import App, open_app  # noqa: E402
from bot.core.config import load_config  # noqa: E402
from bot.core.models import Author, Mention  # noqa: E402
from tests.support.redis_server import RedisServer  # noqa: E402

START = datetime(2026, 11, 1, tzinfo=UTC)
BATCH = 200


class SimClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def config(tmp: Path, store: str) -> Path:
    (tmp / "rules.yaml").write_text(
        "routes:\n"
        "  - {name: outage, match: {any: [outage]}, channel: alerts}\n"
        "  - {name: support, match: {any: [refund]}, action: ticket, channel: support}\n")
    path = tmp / "socialops.yaml"
    path.write_text(f"""\
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  support: {{workspace: console, id: support}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
outbox: {{per_channel_per_second: 1000, burst: 100}}
""")
    return path


def mention(i: int, at: datetime, rng: random.Random) -> Mention:
    r = rng.random()
    text = ("acme outage again, nothing loads" if r < 0.02 else
            "acme refund still missing" if r < 0.03 else
            f"just a post about the weather and things number {i}")
    return Mention(id=f"mastodon:{i}", network="mastodon", source="feed", text=text,
                   author=Author(id=f"u{i % 5000}", handle=f"user{i % 5000}"), created_at=at)


@asynccontextmanager
async def run(store_yaml: str, *, mentions: int, days: float, prune: bool,
              tmp: Path) -> AsyncIterator[tuple[App, SimClock, float]]:
    clock = SimClock()
    async with open_app(load_config(config(tmp, store_yaml)), clock=clock, out=io.StringIO(),
                        owner="bench") as app:
        await app.start()
        rng = random.Random(3)
        step = timedelta(days=days) / mentions
        r = app.config.store.retention
        next_prune = clock.now
        started = time.perf_counter()
        for first in range(0, mentions, BATCH):
            batch = [mention(i, clock.now + step * (i - first), rng)
                     for i in range(first, min(first + BATCH, mentions))]
            await app.pipeline.process_batch(batch)
            clock.now += step * len(batch)
            await app.outbox.drain()
            if prune and clock.now >= next_prune:
                await runtime.prune(app.store, r, clock.now)  # as `run` prunes
                next_prune = clock.now + timedelta(minutes=r.prune_minutes)
        yield app, clock, time.perf_counter() - started


async def sqlite_figures(mentions: int, days: float) -> list[tuple[str, dict[str, int], float]]:
    rows = []
    for prune in (True, False):
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            async with run(f"{{backend: sqlite, path: {tmp / 's.db'}}}", mentions=mentions,
                           days=days, prune=prune, tmp=tmp) as (app, _, secs):
                checkpoint = getattr(app.store, "checkpoint", None)
                if checkpoint is not None:
                    await checkpoint()
                usage = await app.store.usage()
            rows.append(("SQLite, retention on" if prune else "SQLite, nothing pruned",
                         usage, secs))
    return rows


async def redis_figures(url: str, mentions: int,
                        days: float) -> list[tuple[str, dict[str, int], float]]:
    import redis.asyncio as aioredis

    rows = []
    for prune in (True, False):
        client = aioredis.Redis.from_url(url)
        await client.flushall()
        await client.aclose()
        with tempfile.TemporaryDirectory() as d:
            async with run(f"{{backend: redis, redis_url: '{url}', queue: false}}",
                           mentions=mentions, days=days, prune=prune,
                           tmp=Path(d)) as (app, _, secs):
                usage = await app.store.usage()
        rows.append(("Redis, retention on" if prune else "Redis, nothing pruned", usage, secs))
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--days", type=float, default=7.0)
    parser.add_argument("--redis-url")
    args = parser.parse_args()
    rows = await sqlite_figures(args.mentions, args.days)
    with tempfile.TemporaryDirectory() as d:
        server = None if args.redis_url else RedisServer(Path(d) / "redis").start()
        try:
            url = server.url if server is not None else args.redis_url
            rows += await redis_figures(url, args.mentions, args.days)
        finally:
            if server is not None:
                server.stop()
    print(f"{args.mentions:,} mentions over {args.days:g} simulated days; about 3% routed")
    for name, usage, secs in rows:
        size = usage.get("bytes", 0)
        detail = ", ".join(f"{k} {v:,}" for k, v in usage.items() if k != "bytes" and v)
        print(f"{name:<26} {size / 1e6:8.1f} MB  {size / args.mentions:7.0f} B/mention  "
              f"{args.mentions / secs:8.0f} mentions/s  ({detail})")


if __name__ == "__main__":
    asyncio.run(main())
