"""End-to-end throughput: what a user runs (`socialops replay FILE`, default settings)
through the real pipeline and store, side by side with the router alone on the same mentions
and JSON decoding alone (the floor), at 1%, 3% and 10% of posts routed.

    .venv/bin/python benchmarks/pipeline.py [--mentions 20000] [--hits 1,3,10] [--redis-url URL]
    .venv/bin/python benchmarks/pipeline.py --hits 3 --runs 6   # + medians and ranges of 6 runs
    .venv/bin/python benchmarks/pipeline.py --latency   # stream to chat card at 1,000/s
    .venv/bin/python benchmarks/pipeline.py --history   # a routed mention, 0 vs 100k tickets;
                                                         # a new author vs a regular;
                                                         # unrouted ones, 0 vs 1M stored

One process, one core; rates are mentions per CPU second of this process (all its threads;
Redis's own CPU is not counted), so they hold on a busy machine. The replay file is JSON
lines of mentions shaped like production (ordinary sentences in several languages; a few
mention a routed product name).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from routing import FILLER, OTHER  # noqa: E402

from bot.app.compose import App, open_app  # noqa: E402
from bot.app.demo import REPLAY_BATCH, replay_loop  # noqa: E402
from bot.app.gcpolicy import tune_collector  # noqa: E402
from bot.core.config import load_config  # noqa: E402
from bot.core.models import Author, Mention  # noqa: E402
from bot.engine.cursors import DeferredCursors  # noqa: E402
from integrations.replay.source import ReplaySource  # noqa: E402
from tests.support.redis_server import RedisServer  # noqa: E402

START = datetime(2026, 11, 20, 9, tzinfo=UTC)
RULES = """\
brands: {acme: [acme, acmecloud]}
routes:
  - {name: outage, match: {any: [outage, "is down"], brand: [acme]}, channel: alerts}
  - {name: billing, match: {any: [refund, invoice, charged]}, action: ticket, channel: support}
  - {name: praise, match: {any: [zorblatt]}, channel: marketing}
"""
ROUTED = ["acme outage again, nothing loads", "charged twice for zorblatt, refund please",
          "zorblatt is lovely", "acmecloud is down in eu-west", "my invoice from zorblatt is off"]


def make_file(path: Path, n: int, hit_rate: float, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            if rng.random() < hit_rate:
                text = rng.choice(ROUTED) + f" #{i}"
            elif i % 10 == 0:
                text = rng.choice(OTHER) + f" {i}"
            else:
                text = " ".join(rng.choice(FILLER) for _ in range(rng.randint(8, 30)))
            fh.write(json.dumps({
                "id": f"mastodon:{i}", "network": "mastodon", "source": "feed",
                "url": f"https://mastodon.example/@u/{i}",
                "author": {"id": f"u{i % 3000}", "handle": f"user{i % 3000}@mastodon.example"},
                "text": text, "created_at": (START + timedelta(seconds=i)).isoformat()},
                ensure_ascii=False) + "\n")


def write_config(tmp: Path, store: str, replay: Path) -> Path:
    (tmp / "rules.yaml").write_text(RULES)
    path = tmp / "socialops.yaml"
    path.write_text(f"""\
sources:
  - {{id: feed, type: replay, path: {replay}, batch: {REPLAY_BATCH}}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  support: {{workspace: console, id: support}}
  marketing: {{workspace: console, id: marketing}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
""")
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# CPU seconds of this process (every thread), not wall time: on a shared machine another
# process's load stretches wall time but not the work done here.
cpu = time.process_time


async def replay(app: App, replay_path: Path) -> float:
    """`socialops replay`'s own loop (the replay source's default batch, timers, delivery)."""
    runtime = app.runtime()
    source = app.sources["feed"]
    assert isinstance(source, ReplaySource)
    start = cpu()
    await replay_loop(app, runtime, source)
    merge = getattr(app.store, "merge_gathered", None)
    if merge is not None:  # SQLite merges some rows in bulk: the run's share is counted
        await merge()
    return cpu() - start


def router_alone(app: App, mentions: list[Mention]) -> float:
    now = datetime.now(UTC)
    start = cpu()
    for m in mentions:
        app.router.route(app.enricher.facts(m), now)
    return cpu() - start


def decode_alone(path: Path) -> float:
    start = cpu()
    for line in path.read_text(encoding="utf-8").splitlines():
        json.loads(line)
    return cpu() - start


async def flush(url: str) -> None:
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(url)
    await client.flushall()
    await client.aclose()


def redis_cpu(pid: int | None) -> float:
    """redis-server's own CPU seconds (Linux /proc), to show what the bot's figure leaves out."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def throughput(args: argparse.Namespace, redis_url: str, redis_pid: int | None) -> None:
    print(f"{args.mentions:,} mentions per run; one process; {sys.version.split()[0]}")
    print(f"{'hits':>5} {'backend':<8} {'end to end/s':>13} {'router alone/s':>15} "
          f"{'ratio':>6} {'json alone/s':>13} {'peak RSS':>9} {'redis CPU/s':>12}")
    runs: dict[tuple[float, str], list[tuple[float, float]]] = {}  # (rate, ratio) of each run
    for hits in (float(h) for h in args.hits.split(",")):
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d)
            path = tmp / "mentions.jsonl"
            make_file(path, args.mentions, hits / 100)
            mentions = [Mention.model_validate_json(line)
                        for line in path.read_text().splitlines()]
            floor = decode_alone(path)
            for run in range(args.runs):
                for backend in ("sqlite", "redis"):
                    store = (f"{{backend: sqlite, path: {tmp / f'{backend}{run}.db'}}}"
                             if backend == "sqlite" else
                             f"{{backend: redis, redis_url: '{redis_url}', queue: false}}")
                    if backend == "redis":
                        await flush(redis_url)
                    loaded = load_config(write_config(tmp, store, path))
                    async with open_app(loaded, out=io.StringIO(), owner="bench") as app:
                        await app.start()
                        before = redis_cpu(redis_pid) if backend == "redis" else 0.0
                        secs = await replay(app, path)
                        alone = router_alone(app, mentions)
                        tally = app.pipeline.tally
                    n = args.mentions
                    served = redis_cpu(redis_pid) - before if backend == "redis" else 0.0
                    runs.setdefault((hits, backend), []).append((n / secs, secs / alone))
                    print(f"{hits:4.0f}% {backend:<8} {n / secs:13,.0f} {n / alone:15,.0f} "
                          f"{secs / alone:6.1f} {n / floor:13,.0f} {peak_rss_mb():7.0f} MB "
                          f"{(f'{n / served:,.0f}' if served else '-'):>12}"
                          f"   (routed {tally.routed})")
    if args.runs > 1:  # the machine's noise: a median, with the range it came from
        print(f"\nmedians of {args.runs} runs (alternating SQLite and Redis):")
        for (hits, backend), got in runs.items():
            rates, ratios = [r for r, _ in got], [x for _, x in got]
            print(f"{hits:4.0f}% {backend:<8} {statistics.median(rates):13,.0f}/s "
                  f"({min(rates):,.0f}-{max(rates):,.0f}), "
                  f"{min(ratios):.1f}-{max(ratios):.1f}x the router alone")


async def latency(redis_url: str, *, rate: float = 1000.0, seconds: float = 10.0) -> None:
    """Posts arrive on a stream at ``rate``/s; p50/p95 from arrival to the chat card."""
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        path = tmp / "empty.jsonl"
        path.write_text("")
        loaded = load_config(write_config(tmp, f"{{backend: sqlite, path: {tmp / 's.db'}}}",
                                          path))
        async with open_app(loaded, out=io.StringIO(), owner="bench") as app:
            await app.start()
            arrived: dict[str, float] = {}
            delays: list[float] = []
            console = app.workspaces["console"]
            post = console.post

            async def timed_post(channel: str, card: object) -> object:
                ref = await post(channel, card)  # type: ignore[arg-type]
                key = card.key.split("|")[0]  # type: ignore[attr-defined]
                if key in arrived:
                    delays.append(time.perf_counter() - arrived[key])
                return ref

            console.post = timed_post  # type: ignore[method-assign]
            rng = random.Random(2)
            queue: asyncio.Queue[Mention] = asyncio.Queue()

            class Stream:
                id, network = "feed", "mastodon"

                async def poll(self) -> list[Mention]:
                    return []

                async def stream(self):  # type: ignore[no-untyped-def]
                    while True:
                        yield await queue.get()

            app.sources = {"feed": Stream()}
            app.cursors = {"feed": DeferredCursors(app.store)}
            stream_cfg = app.config.sources[0].model_copy(update={"stream": True})
            object.__setattr__(app.loaded, "config",
                               app.config.model_copy(update={"sources": (stream_cfg,)}))
            runtime = app.runtime()
            task = asyncio.create_task(runtime.run())
            n = int(rate * seconds)
            start = time.perf_counter()
            for i in range(n):
                routed = rng.random() < 0.03
                text = (rng.choice(ROUTED) if routed else
                        " ".join(rng.choice(FILLER) for _ in range(12))) + f" #{i}"
                m = Mention(id=f"mastodon:{i}", network="mastodon", source="feed", text=text,
                            author=Author(id=f"u{i}", handle=f"u{i}"), created_at=datetime.now(UTC))
                arrived[m.id] = time.perf_counter()
                await queue.put(m)
                target = start + (i + 1) / rate
                if (delay := target - time.perf_counter()) > 0:
                    await asyncio.sleep(delay)
            await asyncio.sleep(2.0 + queue.qsize() / rate)  # the last posts' cards
            runtime.stop.set()
            await task
        if not delays:
            print("no cards delivered")
            return
        delays.sort()
        p50 = statistics.median(delays)
        p95 = delays[int(len(delays) * 0.95) - 1]
        print(f"stream to chat card at {rate:,.0f}/s input, {n:,} posts, {len(delays)} cards: "
              f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {delays[-1] * 1000:.0f} ms")


@contextlib.asynccontextmanager
async def empty_app(backend: str, redis_url: str) -> AsyncIterator[App]:
    """A started app with nothing stored and no source to poll (mentions go in by hand)."""
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        path = tmp / "empty.jsonl"
        path.write_text("")
        store = (f"{{backend: sqlite, path: {tmp / 's.db'}}}" if backend == "sqlite"
                 else f"{{backend: redis, redis_url: '{redis_url}', queue: false}}")
        if backend == "redis":
            await flush(redis_url)
        async with open_app(load_config(write_config(tmp, store, path)),
                            out=io.StringIO(), owner="bench") as app:
            await app.start()
            yield app


async def median_ms(app: App, mentions: Iterable[Mention]) -> float:
    """The median time the pipeline takes over each of ``mentions``, in ms."""
    timings: list[float] = []
    for m in mentions:
        start = time.perf_counter()
        await app.pipeline.process(m)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def routed(i: int, author: str | None = None, *, alert: bool = False) -> Mention:
    """A post the benchmark's rules route (a ticket, or an alert), by ``author`` or a new
    author each."""
    who = author or f"c{i}"
    text = "acme outage again, nothing loads" if alert else "charged twice for zorblatt, refund"
    return Mention(id=f"mastodon:r{i}", network="mastodon", source="feed", text=f"{text} #{i}",
                   author=Author(id=who, handle=who), created_at=START + timedelta(seconds=i))


async def history(redis_url: str, *, tickets: int = 100_000, earlier: int = 20) -> None:
    """The cost of one routed mention with an empty store and with ``tickets`` stored; then by
    a new author and by an author with ``earlier`` routed posts before (the most the customer
    context reads)."""
    from bot.core.effects import Effects
    from bot.core.models import Ticket

    for backend in ("sqlite", "redis"):
        results = []
        for stored in (0, tickets):
            async with empty_app(backend, redis_url) as app:
                for first in range(0, stored, 2000):
                    fx = Effects()
                    for i in range(first, min(first + 2000, stored)):
                        fx.create(Ticket(id=f"T-old{i + 1}", status="resolved",
                                         signal_id=f"x:{i}", route="billing",
                                         customer_key=f"mastodon:old{i % 5000}",
                                         conversation_key=f"mastodon:old{i}",
                                         created_at=START, version=0))
                    await app.store.apply(fx)
                await app.pipeline.process(routed(-1))  # warm
                results.append(await median_ms(app, (routed(i) for i in range(200))))
        print(f"{backend:<7} one routed mention: {results[0]:.2f} ms with 0 tickets, "
              f"{results[1]:.2f} ms with {tickets:,} ({results[1] / results[0]:.2f}x)")
        async with empty_app(backend, redis_url) as app:  # alerts: no ticket piles up
            await app.pipeline.process(routed(-1, alert=True))  # warm
            new = await median_ms(app, (routed(i, alert=True) for i in range(200)))
            for i in range(1000, 1000 + earlier):  # the regular's earlier posts
                await app.pipeline.process(routed(i, "regular", alert=True))
            regular = await median_ms(app, (routed(i, "regular", alert=True)
                                            for i in range(2000, 2200)))
        print(f"{backend:<7} one routed mention by a new author: {new:.2f} ms, by an author "
              f"with {earlier} earlier: {regular:.2f} ms ({regular / new:.2f}x)")


async def gathered_history(*, stored: int = 1_000_000, customers: int = 300_000) -> None:
    """Unrouted mentions through the real pipeline on SQLite, with an empty store and with
    ``stored`` footprints of ``customers`` customers and ``stored`` traces (a few days of a
    modest deployment; the traces' URLs interleave with the new posts'), over enough mentions
    for two bulk merges; side by side, the baseline: each write's footprints and trace URLs
    merged into the big key-ordered tables at once, as they were written before they were
    gathered."""
    from bot.store import sqlite as sqlite_store

    gathered = sqlite_store.MERGE_AT
    n = gathered  # two rows a mention: two merges
    for merge_at, label in ((gathered, f"gathered, merged by {gathered:,} rows"),
                            (1, "baseline, straight in")):
        rates = []
        for prefill in (0, stored):
            with tempfile.TemporaryDirectory() as d:
                tmp = Path(d)
                path = tmp / "m.jsonl"
                make_file(path, n, 0.0)
                db = tmp / "s.db"
                loaded = load_config(write_config(tmp, f"{{backend: sqlite, path: {db}}}", path))
                async with open_app(loaded, out=io.StringIO(), owner="bench") as app:
                    await app.start()  # the schema
                if prefill:
                    await asyncio.to_thread(_prefill, db, prefill, customers)
                sqlite_store.MERGE_AT = merge_at
                try:
                    async with open_app(loaded, out=io.StringIO(), owner="bench") as app:
                        await app.start()
                        rates.append(n / await replay(app, path))
                finally:
                    sqlite_store.MERGE_AT = gathered
        print(f"sqlite  unrouted mentions, footprints and trace URLs {label}: {rates[0]:,.0f}/s "
              f"with 0 stored, {rates[1]:,.0f}/s with {stored:,} of each "
              f"({rates[1] / rates[0]:.2f}x)")


def _prefill(db: Path, stored: int, customers: int) -> None:
    """History as the bot leaves it: footprints, and traces findable by URL (the replay's
    posts are at https://mastodon.example/@u/<n>; these interleave with them)."""
    import sqlite3

    at, until = START.timestamp(), time.time() + 86400
    conn = sqlite3.connect(db)
    with conn:
        conn.executemany("INSERT OR IGNORE INTO footprints VALUES (?, ?, ?, ?)",
                         ((f"mastodon:u{i % customers}", f"mastodon:old{i}", at, until)
                          for i in range(stored)))
        urls = [(f"https://mastodon.example/@u/{(i * 7919) % 40000}{i}", f"mastodon:old{i}")
                for i in range(stored)]
        conn.executemany("INSERT OR IGNORE INTO traces VALUES (?, ?, ?, ?, ?)",
                         ((mid, url, at, until, "{}") for url, mid in urls))
        conn.executemany("INSERT OR REPLACE INTO trace_urls VALUES (?, ?, ?)",
                         ((url, mid, until) for url, mid in sorted(urls)))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=20_000)
    parser.add_argument("--hits", default="1,3,10")
    parser.add_argument("--redis-url")
    parser.add_argument("--latency", action="store_true")
    parser.add_argument("--history", action="store_true")
    parser.add_argument("--runs", type=int, default=1,
                        help="runs of each row; with more than one, their medians too")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs takes 1 or more")
    tune_collector()  # as socialops itself does at start (bot.app.cli.main)
    with tempfile.TemporaryDirectory() as d:
        server = None if args.redis_url else RedisServer(Path(d) / "redis").start()
        url = server.url if server is not None else args.redis_url
        try:
            if args.latency:
                await latency(url)
            elif args.history:
                await history(url)
                await gathered_history()
            else:
                pid = server.proc.pid if server is not None and server.proc else None
                await throughput(args, url, pid)
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    asyncio.run(main())
