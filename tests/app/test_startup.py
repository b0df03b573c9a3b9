"""`socialops run` starting with many subscriptions: /healthz, /readyz and chat are answered
while the router is built (on a worker thread, the event loop free), /readyz says start-up is
not done until the router is complete, and nothing routes before then."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import Subscription
from tests.support.redis_server import free_port

ROOT = Path(__file__).parents[2]
SUBSCRIPTIONS = 30_000  # a router that takes a while to build, so the start can be watched


def bot_with_subscriptions(tmp_path: Path, port: int) -> Path:
    """A console bot over a store holding SUBSCRIPTIONS subscriptions, one word each, and a
    replay of one post naming the last one's word."""
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: outage, match: {any: [outage]}, channel: support}\n")
    (tmp_path / "m.jsonl").write_text(json.dumps({
        "id": "x:1", "network": "x", "author": {"id": "9", "handle": "kasia"},
        "text": f"what about zq{SUBSCRIPTIONS - 1} then",
        "created_at": "2026-11-20T09:00:00+00:00"}) + "\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"""\
sources: [{{id: r, type: replay, path: {tmp_path / "m.jsonl"}, interval: 0.05}}]
workspaces: [{{name: console, type: console}}]
channels: {{support: {{workspace: console, id: support}}}}
rules: rules.yaml
store: {{backend: sqlite, path: {tmp_path / "s.db"}}}
http: {{host: 127.0.0.1, port: {port}}}
""")

    async def seed() -> None:
        at = datetime(2026, 11, 20, tzinfo=UTC)
        async with open_app(load_config(cfg), out=io.StringIO()) as app:
            fx = Effects()
            for i in range(SUBSCRIPTIONS):
                fx.create(Subscription(id=f"B-{i}", workspace="console", channel="support",
                                       query=f"zq{i}", created_by="alice", created_at=at))
            fx.routing_change("*", "seed")
            assert await app.store.apply(fx)

    asyncio.run(seed())
    return cfg


def test_health_is_answered_while_the_router_builds_and_nothing_routes_before(
        tmp_path: Path) -> None:
    port = free_port()
    cfg = bot_with_subscriptions(tmp_path, port)
    record = tmp_path / "record.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.app.cli", "run", "--config", str(cfg), "--no-stdin",
         "--record", str(record)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=env, cwd=ROOT)
    answers: list[tuple[int, int, list[str]]] = []  # (readyz, healthz, readyz's problems)
    try:
        deadline = time.monotonic() + 120
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    ready = client.get("/readyz")
                    health = client.get("/healthz")
                except httpx.TransportError:  # not listening yet
                    time.sleep(0.005)
                    continue
                answers.append((ready.status_code, health.status_code,
                                ready.json()["problems"]))
                if ready.status_code == 200:
                    break
        while time.monotonic() < deadline and not (
                record.exists() and f"zq{SUBSCRIPTIONS - 1}" in record.read_text()):
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()[-2000:]
    starting = [a for a in answers if any(p.startswith("start-up:") for p in a[2])]
    assert starting, answers[:3]  # answered before the router was complete
    assert all(ready == 503 and health == 200 for ready, health, _ in starting)
    assert answers[-1][0] == 200
    # the one post was routed by the complete router: to the last subscription, not only
    # through the rules file (which it does not match)
    [row] = [json.loads(line) for line in record.read_text().splitlines()]
    assert (row["op"], row["channel"], row["route"]) == (
        "post", "support", f"sub:B-{SUBSCRIPTIONS - 1}")
