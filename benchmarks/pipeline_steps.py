"""Where a routed mention's time goes, unprofiled: ``benchmarks/pipeline.py``'s replay on SQLite
with each step's CPU (the event loop's thread) added up, once with no post routed and once with
``--hits`` percent routed; per routed mention, each step's time in the routed run less its
share of the unrouted one.

    .venv/bin/python benchmarks/pipeline_steps.py [--hits 10] [--mentions 20000] [--runs 2]
                                                  [--unrouted]

``--unrouted`` also times the steps every mention takes (reading it, dedup, the router, its
trace, the batch's transaction) and shows them per mention of the run with none routed; each
timed call adds two reads of the thread's clock (system calls) to the step that holds it.

cProfile (``benchmarks/pipeline_profile.py``) makes Python three to four times dearer than
SQLite and the models; this times the steps as they run. A step awaited (``async``) counts the
work of the other tasks that ran while it waited, so the outbox's steps overlap each other:
compare the steps within the pipeline's side and within delivery's, and the whole with
``benchmarks/pipeline.py``. The last run of each is shown.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib
import inspect
import io
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import cpu, make_file, replay, write_config

from bot.app.compose import open_app
from bot.app.gcpolicy import tune_collector
from bot.core.config import load_config

# (module, class or None, function, label): indented labels are parts of the one above
STEPS = [
    ("bot.engine.pipeline", None, "_enrich_fired", "enrichment (its two passes)"),
    ("bot.enrich", "Enricher", "detect", "  language (lingua)"),
    ("bot.enrich", "Enricher", "predict", "  intent and sentiment"),
    ("bot.enrich.model", "TextModel", "predict", "    the embedded model"),
    ("bot.enrich.sentiment", None, "vader_compound", "    VADER"),
    ("bot.engine.pipeline", "Pipeline", "_routed", "the routed post's decision"),
    ("bot.enrich.author", "AuthorContextBuilder", "context", "  customer context"),
    ("bot.store.sqlite", "SqliteStore", "customer_history", "    its read"),
    ("bot.enrich", "LazyFacts", "signal", "  the signal"),
    ("handlers.routing", "RouteActions", "apply", "  the route's actions"),
    ("handlers.tickets", "TicketService", "open_or_attach", "    tickets"),
    ("bot.store.sqlite", "SqliteStore", "open_ticket_or_number", "      open ticket or number"),
    ("bot.store.sqlite", "SqliteStore", "next_number", "        the number"),
    ("handlers.tickets", None, "follows", "      the follow-up's read"),
    ("bot.engine.pipeline", "Pipeline", "_claim_fingerprints", "fingerprint claims"),
    ("bot.engine.outbox", "Outbox", "_deliver", "delivery (awaited)"),
    ("integrations.console.workspace", None, "render", "  the console's card"),
    ("bot.store.sqlite", "SqliteStore", "_settle_many", "  settles (their transactions)"),
    ("bot.store.sqlite", "SqliteStore", "claim_due", "  claims (awaited)"),
    ("bot.store.sqlite", "SqliteStore", "_enqueue", "queueing its cards (their rows)"),
    ("bot.core.metrics", "Metrics", "inc", "counters (all of them)"),
    ("bot.core.metrics", "Metrics", "observe", "histograms (all of them)"),
]
# the steps of every mention (``--unrouted``), shown per mention of the run with none routed
UNROUTED = [
    ("integrations.replay.source", "ReplaySource", "poll", "the source's poll"),
    ("integrations.replay.source", "ReplaySource", "_mention", "  a line read into a Mention"),
    ("bot.engine.pipeline", "Pipeline", "process_batch", "the batch"),
    ("bot.engine.pipeline", None, "normalise", "  normalise"),
    ("bot.engine.pipeline", None, "_rounds", "  its rounds"),
    ("bot.engine.pipeline", "Pipeline", "_dedup", "  dedup"),
    ("bot.store.sqlite", "SqliteStore", "seen_many", "    its read"),
    ("bot.engine.pipeline", "Pipeline", "_decide", "  deciding"),
    ("rules.router", "CompiledRouter", "route", "    the router"),
    ("bot.enrich", "LazyFacts", "folded", "      its fold"),
    ("bot.engine.pipeline", None, "trace", "    the trace"),
    ("bot.store.sqlite", "SqliteStore", "apply", "  the batch's transaction"),
    ("bot.app.runtime", "Runtime", "record_poll", "the poll's health record"),
    ("bot.store.sqlite", "SqliteStore", "_merge_gathered", "the bulk merge (the store's thread)"),
]

spent: Counter[str] = Counter()
calls: Counter[str] = Counter()
clock = time.thread_time


def timed(module: str, owner: str | None, name: str, label: str) -> None:
    place: Any = importlib.import_module(module)
    if owner is not None:
        place = getattr(place, owner)
    fn = getattr(place, name)
    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def step(*args: Any, **kwargs: Any) -> Any:
            start = clock()
            try:
                return await fn(*args, **kwargs)
            finally:
                spent[label] += clock() - start
                calls[label] += 1
    else:
        @functools.wraps(fn)
        def step(*args: Any, **kwargs: Any) -> Any:
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] += clock() - start
                calls[label] += 1
    setattr(place, name, step)


async def run(mentions: int, hits: float) -> tuple[float, int, Counter[str], Counter[str]]:
    spent.clear()
    calls.clear()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        path = tmp / "mentions.jsonl"
        make_file(path, mentions, hits / 100)
        config = load_config(write_config(tmp, f"{{backend: sqlite, path: {tmp / 's.db'}}}",
                                          path))
        async with open_app(config, out=io.StringIO(), owner="bench") as app:
            await app.start()
            secs = await replay(app, path)
            return secs, app.pipeline.tally.routed, Counter(spent), Counter(calls)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hits", type=float, default=10.0)
    parser.add_argument("--mentions", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--unrouted", action="store_true")
    args = parser.parse_args()
    if not 0 < args.hits <= 100:
        parser.error("--hits takes a percentage above 0, at most 100")
    tune_collector()  # as socialops itself does at start
    for step in STEPS + (UNROUTED if args.unrouted else []):
        timed(*step)
    for _ in range(args.runs):  # the first of each warms what a process loads once
        secs0, _, spent0, calls0 = await run(args.mentions, 0.0)
        secs, routed, spent1, calls1 = await run(args.mentions, args.hits)
    n = args.mentions
    if not routed:
        print("no post was routed: nothing to tell routed work from")
        return
    share = (n - routed) / n
    print(f"sqlite, {n:,} mentions, {routed} routed ({args.hits:g}%): {n / secs:,.0f}/s; "
          f"{secs0 / n * 1e6:.1f} µs an unrouted mention, "
          f"{(secs - secs0 * share) / routed * 1e6:.0f} µs a routed one ({cpu.__name__})")
    print("per routed mention: µs (thread CPU), calls")
    for *_, label in STEPS:
        us = (spent1[label] - spent0[label] * share) / routed * 1e6
        many = (calls1[label] - calls0[label] * share) / routed
        print(f"{us:8.1f} {many:6.2f}  {label}")
    if args.unrouted:
        print("per mention of the run with none routed: µs (thread CPU), calls")
        for *_, label in UNROUTED:
            print(f"{spent0[label] / n * 1e6:8.2f} {calls0[label] / n:6.2f}  {label}")


if __name__ == "__main__":
    asyncio.run(main())
