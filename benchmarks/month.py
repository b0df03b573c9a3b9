"""A month of one bot process: what grows with time, in the store and in memory.

    .venv/bin/python benchmarks/month.py [--days 30] [--noise 1000] [--every 5] [--redis]
                                          [--no-memory]

The demo's configuration and rules (``bot/app/sample``), its sample day replayed every day
with fresh ids and texts (about 56 tickets, crisis bursts, praise, leads, spam), plus
``--noise`` posts a day that match nothing, through the real pipeline, timers (escalations,
SLAs, group and digest flushes, spike checks, source health, the daily receipt), outbox and
pruning (every ``store.retention.prune_minutes``), a minute at a time on a simulated clock. The
team claims and resolves every open ticket each hour, a lead mutes a route for an hour each
day, and sales subscribes to a new query each day and drops the day before's. Every
``--every`` days it prints the store's rows per table (SQLite) or keys per family and whether
they carry a TTL (Redis), the database and WAL file sizes, and the memory Python holds
(tracemalloc, after a full collection). SQLite by default, on a file in a temporary folder;
``--redis`` runs the same on a private redis-server (Redis expires keys by its own clock,
which the simulated month does not move: there, look at the keys without a TTL).
``--no-memory`` leaves tracemalloc off and the memory figure out: tracing every allocation
made the run three to four times slower (the test suite's smoke run of this script uses it).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import io
import json
import random
import re
import sys
import tempfile
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app.compose import App, open_app  # noqa: E402
from bot.app.demo import SimClock  # noqa: E402
from bot.app.runtime import prune  # noqa: E402
from bot.core.commands import CommandError, parse_command  # noqa: E402
from bot.core.config import load_config  # noqa: E402
from bot.core.models import Author, Mention  # noqa: E402
from tests.support.redis_server import RedisServer  # noqa: E402

SAMPLE = ROOT / "bot" / "app" / "sample"


def sample_day() -> list[dict[str, Any]]:
    """The sample day's valid mentions (it also holds malformed lines, on purpose)."""
    out = []
    for line in (SAMPLE / "mentions.jsonl").read_text(encoding="utf-8").split("\n"):
        try:
            data = json.loads(line)
            Mention.model_validate(data)
        except ValueError:
            continue
        out.append(data)
    return out


def day_of_mentions(day: int, start: datetime, templates: list[dict[str, Any]], noise: int,
                    rng: random.Random) -> list[Mention]:
    mentions = []
    for t in templates:
        data = dict(t, id=f"{t['id']}-{day}", text=f"{t['text']} (day {day})",
                    created_at=datetime.fromisoformat(t["created_at"]) + timedelta(days=day))
        if data.get("url"):
            data["url"] = f"{data['url']}?day={day}"
        mentions.append(Mention.model_validate(data))
    for j in range(noise):
        who = rng.randrange(20_000)
        mentions.append(Mention(
            id=f"mastodon:n{day}-{j}", network="mastodon", source="sample",
            text=f"weather and coffee and things {rng.random()}",
            url=f"https://mastodon.example/@u{who}/{day}-{j}",
            author=Author(id=f"u{who}", handle=f"u{who}"),
            created_at=start + timedelta(seconds=rng.uniform(0, 86400))))
    return sorted(mentions, key=lambda m: m.created_at)


async def say(app: App, who: str, line: str, channel: str = "support") -> None:
    try:
        await app.dispatcher.handle(parse_command(line).interaction(
            workspace="console", channel=channel, user=who))
    except CommandError:
        pass


class Sink(io.TextIOBase):
    """Where the console's cards go: nowhere (a StringIO would hold a month of them)."""

    def write(self, text: str) -> int:
        return len(text)


def file_sizes(folder: Path) -> str:
    return ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB"
                     for p in sorted(folder.glob("s.db*")) if not p.name.endswith("-shm"))


async def figures(app: App, folder: Path) -> str:
    memory = "python (not traced)"
    if tracemalloc.is_tracing():
        gc.collect()
        memory = f"python {tracemalloc.get_traced_memory()[0] / 1e6:.1f} MB"
    files = file_sizes(folder)
    r = getattr(app.store, "r", None)
    if r is None:
        rows = await app.store.usage()
        kept = ", ".join(f"{k} {v:,}" for k, v in rows.items() if v and k != "bytes")
        return f"{memory}; {files}; rows: {kept}"
    families: dict[tuple[str, bool], int] = {}
    async for key in r.scan_iter(count=1000):
        family = re.sub(r"^(socialops:[a-z-]+(:(status|item|chan|lease|counts|seq|channels|"
                        r"sent|dead))?).*", r"\1", key)
        forever = await r.ttl(key) == -1
        families[(family, forever)] = families.get((family, forever), 0) + 1
    used = (await r.info("memory"))["used_memory"]
    no_ttl = ", ".join(f"{f} {n:,}" for (f, forever), n in sorted(families.items()) if forever)
    return f"{memory}; Redis {used / 1e6:.1f} MB; keys without TTL: {no_ttl}"


async def month(args: argparse.Namespace, folder: Path, redis_url: str | None) -> None:
    templates = sample_day()
    start = datetime.fromisoformat(templates[0]["created_at"]).replace(
        hour=0, minute=0, second=0, microsecond=0)
    (folder / "rules.yaml").write_text((SAMPLE / "rules.yaml").read_text())
    store = (f"backend: redis\n  redis_url: '{redis_url}'\n  queue: false" if redis_url
             else f"backend: sqlite\n  path: {folder / 's.db'}")
    config = (SAMPLE / "demo.yaml").read_text().replace(
        "path: mentions.jsonl", f"path: {SAMPLE / 'mentions.jsonl'}").replace(
        "backend: sqlite\n  path: ./data/demo.db", store)
    (folder / "socialops.yaml").write_text(config)
    clock = SimClock(start)
    rng = random.Random(7)
    async with open_app(load_config(folder / "socialops.yaml"), clock=clock, out=Sink(),
                        owner="month", sleep=clock.sleep) as app:
        runtime = app.runtime()
        await app.start()
        source = app.sources["sample"]
        retention = app.config.store.retention
        for day in range(args.days):
            mentions = day_of_mentions(day, clock.now, templates, args.noise, rng)
            first = clock.now
            for minute in range(1, 1441):
                clock.now = first + timedelta(minutes=minute)
                batch = []
                while mentions and mentions[0].created_at <= clock.now:
                    batch.append(mentions.pop(0))
                if batch:
                    await app.pipeline.process_batch(batch)
                await runtime.record_poll(source, fetched=len(batch), error=None)
                await runtime.fire_due_timers()
                await app.outbox.drain()
                if minute % int(retention.prune_minutes) == 0:  # as `run` prunes
                    await prune(app.store, retention, clock.now)
                if minute % 60 == 30:
                    for ticket in await app.store.list_tickets(status="open"):
                        await say(app, "alice", f"claim {ticket.id}")
                        await say(app, "alice", f"resolve {ticket.id}")
                if minute == 600:
                    await say(app, "carol", "mute praise 1h")
                    await say(app, "dave", f"subscribe coffee{day}", channel="sales")
                    for sub in await app.store.list_subscriptions():
                        if sub.query == f"coffee{day - 1}":
                            await say(app, "dave", f"unsubscribe {sub.id}", channel="sales")
            await app.outbox.drain()
            if (day + 1) % args.every == 0 or day + 1 == args.days:
                print(f"day {day + 1}: {await figures(app, folder)}", flush=True)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--noise", type=int, default=1000, help="unrouted posts a day")
    parser.add_argument("--every", type=int, default=5, help="print every N days")
    parser.add_argument("--redis", action="store_true", help="on a private redis-server")
    parser.add_argument("--no-memory", action="store_true",
                        help="leave tracemalloc off (3-4 times faster; no Python memory figure)")
    args = parser.parse_args()
    if not args.no_memory:
        tracemalloc.start()
    print(f"{args.days} simulated days: the sample day and {args.noise:,} unrouted posts a "
          f"day, on {'Redis' if args.redis else 'SQLite'}", flush=True)
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        server = RedisServer(folder / "redis").start() if args.redis else None
        try:
            await month(args, folder, server.url if server is not None else None)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    asyncio.run(main())
