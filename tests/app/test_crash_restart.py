"""`socialops run` is SIGKILLed in the middle of a replay and restarted: every expected alert
still reaches the console workspace's record exactly once.

The expected set comes from the same replay through `socialops replay` in a clean store; the
killed run uses its own store and record. Real processes, a real SQLite file, real signals.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
N_MENTIONS = 150

RULES = """\
routes:
  - name: outage
    match:
      any: [outage, down, "не работает", "nie działa"]
    action: alert
    channel: alerts
    continue: true
  - name: billing
    match:
      any: [invoice, refund, charged]
    action: alert
    channel: billing
"""


def config(tmp: Path, *, replay: Path, db: Path) -> Path:
    cfg = tmp / f"socialops-{db.stem}.yaml"
    cfg.write_text(f"""\
sources:
  - id: replay
    type: replay
    path: {replay}
    batch: 3
    interval: 0.02
workspaces:
  - {{name: console, type: console}}
channels:
  alerts: {{workspace: console, id: alerts}}
  billing: {{workspace: console, id: billing}}
rules: {tmp / "rules.yaml"}
store: {{backend: sqlite, path: {db}}}
outbox: {{per_channel_per_second: 1000}}
""")
    return cfg


def mentions(path: Path) -> None:
    words = ["outage again", "service is down", "не работает вход", "nie działa logowanie",
             "invoice wrong", "double charged", "refund please", "love it", "nice update"]
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N_MENTIONS):
            fh.write(json.dumps({
                "id": f"mastodon:{1000 + i}", "network": "mastodon",
                "author": {"id": f"a{i % 37}", "handle": f"user{i % 37}"},
                "text": f"{words[i % len(words)]} #{i}",
                "created_at": (start + timedelta(seconds=i)).isoformat(),
            }) + "\n")


def posts(record: Path) -> list[tuple[str, str]]:
    if not record.exists():
        return []
    out = []
    # read while a process appends: its last line may be read half written (a read beside a
    # write() of a regular file sees what the write copied so far); a whole line ends in
    # "\n", and a torn line that a kill left inside the file still fails here
    text = record.read_text(encoding="utf-8", errors="replace")
    for line in text[:text.rfind("\n") + 1].splitlines():
        row = json.loads(line)
        if row["op"] == "post":
            out.append((row["channel"], row["key"]))
    return out


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    e["PYTHONPATH"] = str(ROOT)
    return e


def start(cfg: Path, record: Path, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.app.cli", "run", "--config", str(cfg), "--no-stdin",
         "--record", str(record)],
        stdout=subprocess.DEVNULL, stderr=log.open("ab"), env=env(), cwd=ROOT)


def wait_for(pred: object, timeout: float) -> bool:
    assert callable(pred)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.slow
def test_sigkill_mid_replay_then_restart_delivers_each_alert_once(tmp_path: Path) -> None:
    replay = tmp_path / "mentions.jsonl"
    mentions(replay)
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")

    # The expected deliveries: the same replay, uninterrupted, in a store of its own.
    ref_cfg = config(tmp_path, replay=replay, db=tmp_path / "ref.db")
    ref_record = tmp_path / "ref.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "bot.app.cli", "replay", str(replay), "--config", str(ref_cfg),
         "--record", str(ref_record)],
        capture_output=True, env=env(), cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    expected = posts(ref_record)
    assert len(expected) > 60  # the rules route a good share of the replay
    assert len(set(expected)) == len(expected)

    cfg = config(tmp_path, replay=replay, db=tmp_path / "run.db")
    record = tmp_path / "run.jsonl"
    log = tmp_path / "run.log"
    kills = 0
    for fraction in (0.2, 0.55):
        proc = start(cfg, record, log)
        reached = wait_for(lambda f=fraction: len(posts(record)) >= f * len(expected), 60)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert reached, log.read_text()
        kills += 1
    proc = start(cfg, record, log)
    try:
        assert wait_for(lambda: len(posts(record)) >= len(expected), 90), log.read_text()
        # a little longer, so a late duplicate would show
        time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=30)
    assert rc == 0, log.read_text()

    got = posts(record)
    doubled = {k: n for k, n in Counter(got).items() if n > 1}
    assert kills == 2
    assert doubled == {}
    assert sorted(got) == sorted(expected)
