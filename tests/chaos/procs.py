"""Real ``socialops run`` processes sharing one real redis-server, for the chaos scenarios:
start, SIGKILL, restart, and read what reached the workspace (the console workspace's record
file, shared by every process, as one channel would be)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).parents[2]

RULES = """\
routes:
  - name: outage
    match: {any: [outage, down, "не работает", "nie działa"]}
    channel: alerts
    continue: true
  - name: billing
    match: {any: [invoice, refund, charged]}
    channel: billing
"""
WORDS = ["outage again", "service is down", "не работает вход", "nie działa logowanie",
         "invoice wrong", "double charged", "refund please", "love it", "nice update"]


def write_mentions(path: Path, n: int) -> None:
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({
                "id": f"mastodon:{100000 + i}", "network": "mastodon",
                "author": {"id": f"a{i % 97}", "handle": f"user{i % 97}"},
                "text": f"{WORDS[i % len(WORDS)]} #{i}",
                "created_at": (start + timedelta(seconds=i)).isoformat()}) + "\n")


def expected_keys(n: int) -> list[tuple[str, str]]:
    """What the rules deliver for ``write_mentions(n)``: (channel, card key) once each."""
    out = []
    for i in range(n):
        text = WORDS[i % len(WORDS)]
        mid = f"mastodon:{100000 + i}"
        if any(w in text for w in ("outage", "down", "не работает", "nie działa")):
            out.append(("alerts", f"{mid}|outage"))
        if any(w in text for w in ("invoice", "refund", "charged")):
            out.append(("billing", f"{mid}|billing"))
    return out


def let_go_together(procs: list[subprocess.Popen[bytes]], ready: list[Path], go: Path, *,
                    timeout: float = 300) -> list[tuple[bytes, bytes]]:
    """Processes that each write a file of ``ready`` once set, and then wait for ``go``: let go
    at the same moment once all are set (or one has ended: its output says why), never
    before, and their (stdout, stderr) once they end; any still running then is killed.

    ``timeout`` only ends a hang: a process not set within it fails the test. It does not let
    the others go alone, which would run no race and pass: on a starved CPU (one core, a busy
    loop beside it) two of them took 32 s to be set, past the 30 s this used to wait."""
    try:
        deadline = time.monotonic() + timeout
        while not (all(r.exists() for r in ready) or any(p.poll() is not None for p in procs)):
            if time.monotonic() > deadline:
                raise AssertionError(f"not set within {timeout:.0f} s (hung?): "
                                     + ", ".join(r.name for r in ready if not r.exists()))
            time.sleep(0.01)
        go.touch()
        return [p.communicate(timeout=timeout) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()


def until_set(proc: subprocess.Popen[bytes], ready: Path, *, timeout: float = 300) -> bool:
    """Wait until ``proc`` has written ``ready`` (True) or ended without it (False).
    ``timeout`` only ends a hang, as in ``let_go_together``: a process slow to start is waited
    for, never taken for one that went by."""
    deadline = time.monotonic() + timeout
    while not ready.exists():
        if proc.poll() is not None:
            return ready.exists()
        if time.monotonic() > deadline:
            raise AssertionError(f"{ready.name} not written within {timeout:.0f} s (hung?)")
        time.sleep(0.01)
    return True


@asynccontextmanager
async def stalled_process(config: Path, start: datetime, jsonl: str, tmp_path: Path
                          ) -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """A second real process (``tests.chaos.boundary process``) handed the mentions of
    ``jsonl``, held at its store write until the test lets it go; yields that: it lets the
    process go on and waits for it to end well. Killed if the test ends first."""
    mentions = tmp_path / "mentions.jsonl"
    mentions.write_text(jsonl)
    hold = tmp_path / "hold"
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"}, "PYTHONPATH": str(ROOT)}
    stalled = subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "process", str(config),
         start.isoformat(), str(mentions), str(hold)],
        cwd=ROOT, stderr=subprocess.PIPE, env=env)

    async def let_go() -> None:
        hold.touch()
        _, err = await asyncio.to_thread(stalled.communicate, timeout=60)
        assert stalled.returncode == 0, err.decode()[-3000:]

    try:
        assert await asyncio.to_thread(until_set, stalled, hold.with_suffix(".ready")), \
            stalled.communicate()[1].decode()[-3000:]
        yield let_go
    finally:
        if stalled.poll() is None:
            stalled.kill()


@dataclass
class Processes:
    """``socialops run`` processes started from one config file on one Redis: start, SIGKILL,
    stop; process ``i`` logs to ``log_of(i)`` (across its restarts), and every process's
    console deliveries go to one record file."""

    tmp: Path
    redis_url: str
    config: Path
    record: Path = field(init=False)
    procs: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    kills: int = 0

    def __post_init__(self) -> None:
        self.record = self.tmp / "record.jsonl"

    def log_of(self, i: int) -> Path:
        return self.tmp / f"process-{i}.log"

    def log_text(self, tail: int = 3000) -> str:
        """The end of every process's log, for a failing assertion's message."""
        return "\n".join(f"--- process {i}\n" + self.log_of(i).read_text(errors="replace")[-tail:]
                         for i in sorted(self.procs) if self.log_of(i).exists())

    def env(self) -> dict[str, str]:
        e = dict(os.environ)
        e["PYTHONPATH"] = str(ROOT)
        e["REDIS_URL"] = self.redis_url
        e.pop("PORT", None)
        return e

    def start(self, i: int) -> None:
        with self.log_of(i).open("ab") as log:
            self.procs[i] = subprocess.Popen(
                [sys.executable, "-m", "bot.app.cli", "run", "--config", str(self.config),
                 "--no-stdin", "--record", str(self.record)],
                stdout=subprocess.DEVNULL, stderr=log, env=self.env(), cwd=ROOT)

    def alive(self, i: int) -> bool:
        return self.procs[i].poll() is None

    def kill(self, i: int) -> None:
        self.procs[i].send_signal(signal.SIGKILL)
        self.procs[i].wait(timeout=10)
        self.kills += 1

    def stop_all(self) -> list[int]:
        codes = []
        for p in self.procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs.values():
            try:
                codes.append(p.wait(timeout=30))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
                codes.append(-9)
        return codes

    def rows(self) -> list[dict[str, object]]:
        if not self.record.exists():
            return []
        out = []
        for line in self.record.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue  # a line being written by a process killed mid-write
        return out

    def posts(self, channel: str | None = None) -> list[tuple[str, str]]:
        return [(str(r["channel"]), str(r["key"])) for r in self.rows()
                if r.get("op") == "post" and (channel is None or r["channel"] == channel)]


class Cluster(Processes):
    """Processes routing one replay file with ``RULES`` into the console channels alerts,
    billing and ops."""

    def __init__(self, tmp: Path, redis_url: str, replay: Path, extra_sources: str = "") -> None:
        super().__init__(tmp, redis_url, tmp / "socialops.yaml")
        self.replay = replay
        (self.tmp / "rules.yaml").write_text(RULES, encoding="utf-8")
        self.config.write_text(f"""\
sources:
  - {{id: replay, type: replay, path: {self.replay}, batch: 50, interval: 0.01}}
{extra_sources}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  billing: {{workspace: console, id: billing}}
  ops: {{workspace: console, id: ops}}
ops_channel: ops
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: redis, lease_seconds: 2, queue_visibility_seconds: 2}}
outbox: {{per_channel_per_second: 1000}}
""", encoding="utf-8")


def wait_for(pred: Callable[[], bool], timeout: float, *, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(every)
    return pred()


def tally(expected: list[tuple[str, str]], got: list[tuple[str, str]],
          refused: int = 0) -> dict[str, int]:
    counts = Counter(got)
    want = set(expected)
    return {"expected": len(want),
            "delivered": sum(1 for k in want if counts[k] >= 1),
            "lost": sum(1 for k in want if counts[k] == 0),
            "duplicated": sum(n - 1 for n in counts.values() if n > 1),
            "unexpected": sum(1 for k in counts if k not in want),
            "refused": refused}


def report(name: str, counts: dict[str, int]) -> None:
    print(f"\nchaos {name}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
