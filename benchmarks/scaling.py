"""Scaling on Redis: mentions/s through the shared stream (XREADGROUP), the pipeline (dedup,
enrichment, routing, tickets) and the outbox (durable, per-channel leases) into the console
workspace, with 1, 2 and 3 worker processes on one redis-server, side by side in one run.

    .venv/bin/python benchmarks/scaling.py [--mentions 3000] [--procs 1,2,3]

Each run starts a private redis-server, queues the same mentions (the bundled sample day,
repeated with fresh ids), starts the workers together, and measures from the first entry
taken to the last one acknowledged (start-up excluded). Routing uses the sample rules.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.models import Mention  # noqa: E402
from tests.support.redis_server import RedisServer  # noqa: E402


def config(tmp: Path) -> Path:
    demo = (ROOT / "bot" / "app" / "sample" / "demo.yaml").read_text(encoding="utf-8")
    head, _, _ = demo.partition("\nstore:")
    rules = ROOT / "bot" / "app" / "sample" / "rules.yaml"
    body = head.replace("rules: rules.yaml", f"rules: {rules}")
    start = body.index("sources:")
    end = body.index("workspaces:")
    body = body[:start] + body[end:]
    body += "\nstore: {backend: redis}\noutbox: {per_channel_per_second: 1000}\n"
    path = tmp / "bench.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def mentions(n: int) -> list[Mention]:
    base = []
    for line in (ROOT / "bot" / "app" / "sample" / "mentions.jsonl").read_text().splitlines():
        try:
            base.append(Mention.model_validate(json.loads(line)))
        except ValueError:
            continue
    out = []
    for i in range(n):
        m = base[i % len(base)]
        out.append(m.model_copy(update={"id": f"{m.network}:bench{i}",
                                        "text": f"{m.text} ({i})"}))
    return out


async def worker(cfg: Path, url: str) -> dict[str, float | int | None]:
    from bot.app.compose import open_app
    from bot.core.config import load_config

    async with open_app(load_config(cfg), env={"REDIS_URL": url},
                        out=io.StringIO(), owner=f"bench-{os.getpid()}") as app:
        runtime = app.runtime()
        first = last = None
        cpu_start = cpu_end = 0.0
        done = 0
        idle = 0
        while idle < 3:
            n = await runtime.consume_once(block_ms=200)
            if n:
                if first is None:
                    first, cpu_start = time.time(), time.process_time()
                await app.outbox.drain()
                last, cpu_end = time.time(), time.process_time()
                done += n
                idle = 0
            else:
                idle += 1
    return {"first": first, "last": last, "done": done, "cpu": cpu_end - cpu_start}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(procs: int, items: list[Mention], tmp: Path) -> tuple[float, int, float, float]:
    """(mentions/s, processed, worker CPU s per mention, redis CPU s per mention)"""
    server = RedisServer(tmp / f"redis{procs}").start()
    try:
        cfg = config(tmp)

        async def fill() -> None:
            from redis import asyncio as aioredis

            from bot.store.queue import MentionQueue

            r = aioredis.Redis.from_url(server.url, decode_responses=True, protocol=2)
            q = MentionQueue(r, prefix="socialops:", consumer="filler")
            for i in range(0, len(items), 500):
                await q.add(items[i:i + 500])
            await r.aclose()

        asyncio.run(fill())
        assert server.proc is not None
        redis_before = cpu_seconds(server.proc.pid)
        outs = [tmp / f"w{procs}-{i}.json" for i in range(procs)]
        workers = [subprocess.Popen([sys.executable, __file__, "--worker", str(cfg), server.url,
                                     str(len(items)), str(o)], cwd=ROOT,
                                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                   for o in outs]
        for w in workers:
            w.wait(timeout=600)
        redis_cpu = cpu_seconds(server.proc.pid) - redis_before
        stats = [json.loads(o.read_text()) for o in outs if o.exists()]
        firsts = [s["first"] for s in stats if s["first"]]
        lasts = [s["last"] for s in stats if s["last"]]
        done = sum(s["done"] for s in stats)
        worker_cpu = sum(s["cpu"] for s in stats)
        rate = done / (max(lasts) - min(firsts)) if firsts else 0.0
        return rate, done, worker_cpu / max(done, 1), redis_cpu / max(done, 1)
    finally:
        server.stop()


def main() -> None:
    if len(sys.argv) == 6 and sys.argv[1] == "--worker":
        stats = asyncio.run(worker(Path(sys.argv[2]), sys.argv[3]))
        Path(sys.argv[5]).write_text(json.dumps(stats))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentions", type=int, default=3000)
    ap.add_argument("--procs", default="1,2,3")
    args = ap.parse_args()
    items = mentions(args.mentions)
    print(f"{len(items)} mentions (the sample day, repeated), sample rules, console workspace, "
          f"{os.cpu_count()} CPU(s)")
    cores = os.cpu_count() or 1
    print(f"{'processes':>9} {'mentions/s':>11} {'vs 1':>6} {'processed':>10} "
          f"{'bot CPU/mention':>16} {'redis CPU/mention':>18} {'model':>8}")
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for k in (int(p) for p in args.procs.split(",")):
            rate, done, bot_cpu, redis_cpu = run(k, items, Path(tmp))
            base = base or rate
            # the scaling model: k workers and Redis share the machine's cores, so the rate is
            # bounded by k / (bot CPU) and by cores / (bot CPU + Redis CPU) per mention
            model = min(k / bot_cpu, cores / (bot_cpu + redis_cpu)) if bot_cpu else 0.0
            print(f"{k:>9} {rate:>11,.0f} {rate / base:>5.2f}x {done:>10} "
                  f"{bot_cpu * 1e3:>13.2f} ms {redis_cpu * 1e3:>15.2f} ms {model:>8,.0f}")


if __name__ == "__main__":
    main()
