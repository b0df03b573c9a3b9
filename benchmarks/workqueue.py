"""Working the queue from chat, measured: a subscription preview over a week of stored traces,
and the `tickets` listing beside a long resolved history, on SQLite and Redis.

    .venv/bin/python benchmarks/workqueue.py [--traces 200000] [--open 2000] [--resolved 100000]
                                          [--redis-url URL]

Traces are written through ``Store.apply`` as the pipeline writes them (texts drawn from the
bundled sample day, spread over seven days); the preview is the service the `preview` verb
calls (the router's own compile of the subscription, the scan on a worker thread). While it
runs, a ticker on the event loop records the longest stall. Listing reads the open and claimed
tickets through the status index; the resolved history is there to show it is not read.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app.compose import App, open_app  # noqa: E402
from bot.core.config import load_config  # noqa: E402
from bot.core.effects import Effects, TraceWrite  # noqa: E402
from bot.core.models import ChannelRef, Mention, Subscription, Ticket, Trace  # noqa: E402
from handlers.queue import TicketQuery  # noqa: E402
from tests.support.redis_server import RedisServer  # noqa: E402

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)
QUERIES = [("pricing OR billing", {}), ('"dark mode" OR 2fa', {"languages": ("en",)}),
           ("acme", {"sentiment_max": -0.3}), ("outage OR down OR awaria", {})]


def sample_texts() -> list[Mention]:
    out = []
    for line in (ROOT / "bot/app/sample/mentions.jsonl").read_text().splitlines():
        try:
            out.append(Mention.model_validate_json(line))
        except ValueError:
            continue
    return out


def config(tmp: Path, store: str) -> Path:
    (tmp / "rules.yaml").write_text((ROOT / "bot/app/sample/rules.yaml").read_text())
    path = tmp / "socialops.yaml"
    text = (ROOT / "bot/app/sample/demo.yaml").read_text().split("\nrules:")[0]
    path.write_text(text.replace("path: mentions.jsonl",
                                 f"path: {ROOT / 'bot/app/sample/mentions.jsonl'}")
                    + f"\nrules: rules.yaml\nstore: {store}\n")
    return path


async def fill(app: App, *, traces: int, open_n: int, resolved: int) -> None:
    rng = random.Random(7)
    posts = sample_texts()
    fx = Effects()
    for n in range(traces):
        m = posts[n % len(posts)]
        at = NOW - timedelta(seconds=rng.uniform(0, 7 * 86400 - 60))
        tr = Trace(id=f"{m.network}:{n}", source=m.source, network=m.network,
                   url=f"{m.url}?n={n}" if m.url else None, author=m.author.handle,
                   text=m.text, language=m.language, created_at=at, fetched_at=at,
                   outcome="routed" if n % 3 else "unrouted")
        fx.traces.append((TraceWrite(tr.id, tr.url, at.timestamp(), tr.to_json()), 8 * 86400))
        if len(fx.traces) >= 5000:
            await app.store.apply(fx)
            fx = Effects()
    for n in range(open_n + resolved):
        status = "resolved" if n < resolved else ("claimed" if n % 4 == 0 else "open")
        at = NOW - timedelta(minutes=rng.uniform(1, 3000))
        fx.create(Ticket(id=f"T-{n + 1}", status=status, signal_id=f"x:{n}", route="support",
                         customer_key=f"x:c{n}", conversation_key=f"x:{n}", created_at=at,
                         claimer="alice" if status != "open" else None,
                         sla_due=at + timedelta(minutes=60),
                         channels=(ChannelRef(workspace="console", channel="support"),)))
        if len(fx.records) >= 2000:
            await app.store.apply(fx)
            fx = Effects()
    await app.store.apply(fx)


async def stalls_during(coro: object) -> tuple[object, float]:
    """Run ``coro``; the longest time the event loop was not free meanwhile (ms)."""
    worst = 0.0
    done = False

    async def tick() -> None:
        nonlocal worst
        last = time.perf_counter()
        while not done:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            worst = max(worst, now - last - 0.005)
            last = now

    ticker = asyncio.ensure_future(tick())
    result = await coro  # type: ignore[misc]
    done = True
    await ticker
    return result, worst * 1000


async def run(store_yaml: str, label: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with open_app(load_config(config(Path(tmp), store_yaml)), clock=lambda: NOW,
                            out=io.StringIO(), owner="bench", env={}) as app:
            await asyncio.to_thread(app.enricher.warm)  # as app.start() does
            started = time.perf_counter()
            await fill(app, traces=args.traces, open_n=args.open, resolved=args.resolved)
            print(f"\n{label}: stored {args.traces:,} traces, {args.open:,} open/claimed and "
                  f"{args.resolved:,} resolved tickets in {time.perf_counter() - started:.1f} s")
            previews = app.subscriptions.previews
            assert previews is not None
            for query, extra in QUERIES:
                sub = Subscription(id="S-preview", workspace="console", channel="sales",
                                   query=query, created_by="bench", created_at=NOW, **extra)
                t0 = time.perf_counter()
                result, stall = await stalls_during(previews.run(sub))
                took = time.perf_counter() - t0
                print(f"  preview {query!r} {extra or ''}: {result.matched:,} of "  # type: ignore[attr-defined]
                      f"{result.scanned:,} in {took:.2f} s; event loop stalled at most "  # type: ignore[attr-defined]
                      f"{stall:.0f} ms")
            queue = app.dispatcher.queue
            assert queue is not None
            for words in ([], ["overdue", "support"], ["mine"]):
                q = queue.query(words)
                assert isinstance(q, TicketQuery)
                t0 = time.perf_counter()
                for _ in range(5):
                    page = await queue.page(q, "alice")
                took = (time.perf_counter() - t0) / 5
                print(f"  tickets {' '.join(words)}: {page.total:,} listed, "
                      f"{len(page.rows)} shown, {took * 1000:.0f} ms")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--traces", type=int, default=200_000)
    ap.add_argument("--open", type=int, default=2_000)
    ap.add_argument("--resolved", type=int, default=100_000)
    ap.add_argument("--redis-url", default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(f"{{backend: sqlite, path: {tmp}/s.db}}", "SQLite", args))
    with tempfile.TemporaryDirectory() as tmp:
        server = (None if args.redis_url
                  else RedisServer(Path(tmp) / "redis", appendonly=False).start())
        url = server.url if server is not None else args.redis_url
        try:
            asyncio.run(run(f"{{backend: redis, redis_url: '{url}', accept_data_loss: true}}",
                            "Redis", args))
        finally:
            if server is not None:
                server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
