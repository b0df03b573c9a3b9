"""Chaos, several processes: real `socialops run` processes share a real redis-server, and
are killed, starved and lied to while they work. Each scenario prints its counts (delivered,
lost, duplicated, refused) and holds them to exactly once."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.chaos.procs import Cluster, expected_keys, report, tally, wait_for, write_mentions
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.slow


@pytest.fixture
def redis_aof(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis", fsync="always").start()
    yield server
    server.stop()


# the kills stop after a minute (or 20 kills), then the cluster has two minutes to finish: on a
# loaded machine each restart costs seconds of CPU, and kills every 1.5-3 s for 150 s left the
# cluster restarting more than delivering, past the suite's 120 s timeout before its own
# deadline could say what was missing
@pytest.mark.timeout(300)
def test_three_processes_with_random_sigkills_deliver_each_alert_once(
        tmp_path: Path, redis_aof: RedisServer) -> None:
    n = 5000
    replay = tmp_path / "mentions.jsonl"
    write_mentions(replay, n)
    expected = expected_keys(n)
    cluster = Cluster(tmp_path, redis_aof.url, replay)
    rng = random.Random(8)
    for i in range(3):
        cluster.start(i)
    try:
        deadline = time.monotonic() + 60
        while (time.monotonic() < deadline and cluster.kills < 20
               and len(set(cluster.posts())) < len(expected)):
            time.sleep(rng.uniform(1.5, 3.0))
            if len(set(cluster.posts())) >= len(expected):
                break
            victim = rng.randrange(3)
            cluster.kill(victim)
            cluster.start(victim)
        assert wait_for(lambda: len(set(cluster.posts())) >= len(expected), 120), \
            cluster.log_text()
        time.sleep(1.0)  # a late duplicate would show now
    finally:
        codes = cluster.stop_all()
    counts = tally(expected, cluster.posts())
    counts["kills"] = cluster.kills
    report("1 (3 processes, SIGKILL every few seconds)", counts)
    assert cluster.kills >= 3
    assert counts["lost"] == 0 and counts["duplicated"] == 0 and counts["unexpected"] == 0
    assert all(c == 0 for c in codes), (codes, cluster.log_text())  # a graceful stop each


def test_redis_restarts_mid_run_and_nothing_is_lost(tmp_path: Path,
                                                    redis_aof: RedisServer) -> None:
    n = 1500
    replay = tmp_path / "mentions.jsonl"
    write_mentions(replay, n)
    expected = expected_keys(n)
    cluster = Cluster(tmp_path, redis_aof.url, replay)
    for i in range(2):
        cluster.start(i)
    try:
        assert wait_for(lambda: len(cluster.posts()) >= len(expected) // 4, 60)
        redis_aof.stop()  # appendonly yes: what was acknowledged survives the restart
        time.sleep(1.0)
        redis_aof.start()
        assert wait_for(lambda: len(set(cluster.posts())) >= len(expected), 90), \
            cluster.log_text()
        time.sleep(1.0)
    finally:
        cluster.stop_all()
    counts = tally(expected, cluster.posts())
    report("3 (redis-server restarted mid-run, AOF on)", counts)
    assert counts["lost"] == 0 and counts["duplicated"] == 0


class Hostile(BaseHTTPRequestHandler):
    """A feed server that answers garbage, 401s and stalls, in turn."""

    calls = 0

    def do_GET(self) -> None:
        Hostile.calls += 1
        kind = Hostile.calls % 3
        if kind == 0:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(b"\x00\x01<rss><channel><item><title>")
        elif kind == 1:
            self.send_response(401)
            self.end_headers()
        else:
            time.sleep(3)  # longer than the source's timeout
            self.send_response(200)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def test_a_hostile_source_is_paused_and_reported_while_the_others_flow(
        tmp_path: Path, redis_aof: RedisServer) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    n = 600
    replay = tmp_path / "mentions.jsonl"
    write_mentions(replay, n)
    expected = expected_keys(n)
    cluster = Cluster(tmp_path, redis_aof.url, replay, extra_sources=(
        f"  - {{id: hostile, type: rss, urls: ['{url}'], interval: 0.2, timeout: 1}}"))
    cluster.start(0)
    try:
        assert wait_for(lambda: len(set(cluster.posts("alerts") + cluster.posts("billing")))
                        >= len(expected), 60), cluster.log_text()
        assert wait_for(lambda: any("hostile" in str(r.get("title")) + str(r.get("text"))
                                    for r in cluster.rows() if r.get("channel") == "ops"), 30)
    finally:
        cluster.stop_all()
        server.shutdown()
    notices = [r for r in cluster.rows() if r.get("channel") == "ops"]
    counts = tally(expected, cluster.posts("alerts") + cluster.posts("billing"))
    counts["ops notices"] = len(notices)
    report("4 (one source answers garbage, 401 and timeouts)", counts)
    assert counts["lost"] == 0 and counts["duplicated"] == 0
    assert len(notices) == 1  # reported once, not once per failure
    assert "paused" in str(notices[0].get("title"))
