"""Where a mention's time goes: ``benchmarks/pipeline.py``'s replay (the real pipeline and
store, ``socialops replay``'s own loop) under cProfile, once with no post routed and once with
``--hits`` percent routed, and the hottest functions per unrouted and per routed mention.

    .venv/bin/python benchmarks/pipeline_profile.py [--hits 3] [--backend sqlite|redis]
                                                    [--top 15] [--mentions 20000]

Per unrouted mention: the run with none routed, divided by its mentions. Per routed mention:
what the routed run costs beyond its unrouted mentions at that rate, divided by the routed
ones. Each function's own time and its cumulative time (callees included), in µs. cProfile
slows Python code two to three times and C code (SQLite, lingua, pydantic-core) hardly at
all, so the profiled totals are printed beside the same runs' CPU time without it: compare
functions with each other, and rates with ``benchmarks/pipeline.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import ROOT, cpu, flush, make_file, replay, write_config

sys.path.insert(0, str(ROOT))

from bot.app.compose import open_app
from bot.app.gcpolicy import tune_collector
from bot.core.config import load_config
from tests.support.redis_server import RedisServer

# (file, line, function) -> (own seconds, cumulative seconds, calls)
Costs = dict[tuple[str, int, str], tuple[float, float, int]]


async def run(args: argparse.Namespace, hits: float, redis_url: str, *,
              profiled: bool) -> tuple[float, int, Costs]:
    """One replay: its CPU seconds, how many posts were routed, and (``profiled``) each
    function's cost."""
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        path = tmp / "mentions.jsonl"
        make_file(path, args.mentions, hits / 100)
        store = (f"{{backend: sqlite, path: {tmp / 's.db'}}}" if args.backend == "sqlite" else
                 f"{{backend: redis, redis_url: '{redis_url}', queue: false}}")
        if args.backend == "redis":
            await flush(redis_url)
        async with open_app(load_config(write_config(tmp, store, path)), out=io.StringIO(),
                            owner="bench") as app:
            await app.start()
            profile = cProfile.Profile(cpu) if profiled else None
            if profile is not None:
                profile.enable()
            secs = await replay(app, path)
            if profile is not None:
                profile.disable()
            routed = app.pipeline.tally.routed
    costs: Costs = {}
    if profile is not None:
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        costs = {key: (own, cum, calls) for key, (_, calls, own, cum, _) in stats.items()}
    return secs, routed, costs


def name(key: tuple[str, int, str]) -> str:
    path, line, function = key
    for prefix in (f"{ROOT}/.venv/lib/", f"{ROOT}/"):
        path = path.removeprefix(prefix)
    return f"{path}:{line}({function})" if line else function


def show(title: str, per: dict[tuple[str, int, str], tuple[float, float, float]],
         top: int) -> None:
    print(f"\n{title}: own µs, cumulative µs, calls (by own time)")
    for key, (own, cum, calls) in sorted(per.items(), key=lambda kv: -kv[1][0])[:top]:
        print(f"{own:9.1f} {cum:9.1f} {calls:8.2f}  {name(key)}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mentions", type=int, default=20_000)
    parser.add_argument("--hits", type=float, default=3.0)
    parser.add_argument("--backend", choices=("sqlite", "redis"), default="sqlite")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    if not 0 < args.hits <= 100:
        parser.error("--hits takes a percentage above 0, at most 100")
    tune_collector()  # as socialops itself does at start
    with tempfile.TemporaryDirectory() as d:
        server = RedisServer(Path(d) / "redis").start() if args.backend == "redis" else None
        url = server.url if server is not None else ""
        try:
            plain0, _, _ = await run(args, 0.0, url, profiled=False)
            plain, _, _ = await run(args, args.hits, url, profiled=False)
            secs0, _, base = await run(args, 0.0, url, profiled=True)
            secs, routed, costs = await run(args, args.hits, url, profiled=True)
        finally:
            if server is not None:
                server.stop()
    n = args.mentions
    if not routed:
        print("no post was routed: nothing to tell routed work from")
        return
    unrouted = n - routed
    u, r = {}, {}
    for key in base.keys() | costs.keys():
        own0, cum0, calls0 = base.get(key, (0.0, 0.0, 0))
        own, cum, calls = costs.get(key, (0.0, 0.0, 0))
        u[key] = (own0 / n * 1e6, cum0 / n * 1e6, calls0 / n)
        r[key] = ((own - own0 * unrouted / n) / routed * 1e6,
                  (cum - cum0 * unrouted / n) / routed * 1e6,
                  (calls - calls0 * unrouted / n) / routed)
    per_unrouted = secs0 / n * 1e6
    per_routed = (secs - secs0 * unrouted / n) / routed * 1e6
    plain_unrouted = plain0 / n * 1e6
    plain_routed = (plain - plain0 * unrouted / n) / routed * 1e6
    print(f"{args.backend}, {n:,} mentions, {routed} routed ({args.hits:g}%): "
          f"{n / plain:,.0f}/s unprofiled")
    print(f"per unrouted mention: {plain_unrouted:.1f} µs unprofiled, {per_unrouted:.1f} µs "
          "profiled")
    print(f"per routed mention:   {plain_routed:.0f} µs unprofiled, {per_routed:.0f} µs profiled")
    show("per unrouted mention", u, args.top)
    show("per routed mention (beyond an unrouted one)", r, args.top)


if __name__ == "__main__":
    asyncio.run(main())
