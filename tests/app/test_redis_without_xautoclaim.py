"""socialops on a Redis without XAUTOCLAIM, as Redis before 6.2 is (Ubuntu 22.04's and Debian
11's redis-server packages are 6.0): a real redis-server 7 with the command renamed away
(``rename-command XAUTOCLAIM ""``), which answers it as 6.0 does, "unknown command".

The mention stream several processes share (``store.queue``, on by default with Redis) takes
over a stopped process's mentions with XAUTOCLAIM, first in each consumer step: ``run`` started,
its sources queued mentions, and its consumer failed and retried for ever, so no mention was
ever processed (no card). ``run``, ``replay`` and ``check --online`` now refuse such a Redis in
one line naming the version and ``store.queue: false``, with which it serves one process."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.demo import SAMPLE
from tests.app.cli_support import (
    Cli,
    assert_one_line_error,
    clean_env,
    sample_replay_delivered,
)
from tests.support.redis_server import OwnRedis

SAID = ("has no XAUTOCLAIM command (Redis 6.2 or later has it), with which the mention stream "
        "shared by several processes (store.queue) takes over a stopped process's mentions; "
        "run Redis 6.2 or later")


@pytest.fixture
def old_redis(tmp_path: Path) -> Iterator[int]:
    server = OwnRedis(tmp_path, "--save", "", "--appendonly", "yes",
                      "--rename-command", "XAUTOCLAIM", "")
    yield server.port
    server.stop()


def demo_on(tmp_path: Path, port: int, *extra: str) -> Path:
    """The bundled demo's config, on that Redis (``extra``: more store keys)."""
    shutil.copytree(SAMPLE, tmp_path / "sample")
    cfg = tmp_path / "sample" / "demo.yaml"
    text = cfg.read_text(encoding="utf-8")
    start = text.index("\nstore:\n") + 1
    end = text.index("\n", text.index("path:", start))
    store = "\n".join(["store:", "  backend: redis", f"  redis_url: redis://127.0.0.1:{port}/0",
                       *(f"  {e}" for e in extra)])
    cfg.write_text(text[:start] + store + text[end:], encoding="utf-8")
    return cfg


def test_run_replay_and_check_refuse_it_with_the_queue_on(tmp_path: Path,
                                                           old_redis: int, cli: Cli) -> None:
    cfg = demo_on(tmp_path, old_redis)
    env = clean_env()
    run = cli("run", "--no-stdin", "--config", str(cfg), cwd=tmp_path, env=env)
    assert_one_line_error(run, SAID, "or set store.queue: false")
    replay = cli("replay", "--config", str(cfg), str(cfg.parent / "mentions.jsonl"),
                       cwd=tmp_path, env=env)
    assert_one_line_error(replay, SAID)
    check = cli("check", "--online", "--config", str(cfg), cwd=tmp_path, env=env)
    assert check.returncode == 1 and SAID in check.stderr, check.stderr
    keys = subprocess.run(["redis-cli", "-p", str(old_redis), "KEYS", "socialops:mention*"],
                          check=True, capture_output=True, text=True).stdout.split()
    assert keys == []  # nothing queued that no process could read


def test_with_the_queue_off_it_serves_one_process(tmp_path: Path, old_redis: int, cli: Cli) -> None:
    cfg = demo_on(tmp_path, old_redis, "queue: false")
    replay = cli("replay", "--config", str(cfg), str(cfg.parent / "mentions.jsonl"),
                       cwd=tmp_path, env=clean_env())
    assert replay.returncode == 0, replay.stderr
    assert sample_replay_delivered(replay.stdout) >= 20, replay.stdout[-2000:]
