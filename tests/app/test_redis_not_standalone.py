"""socialops against real redis-servers it cannot write to as it needs: a read-only replica,
and one in cluster mode (``cluster-enabled yes``, one node owning every slot, as managed Redis
services with cluster mode enabled serve it).

A replica refuses every write ("You can't write against a read only replica"): ``check
--online`` said "Redis answered", and ``run`` "cannot reach Redis ... check REDIS_URL (or
store.redis_url): its password and database number". Both now say it is a replica, and name
its primary; a command that only reads the store is served by a replica; a primary demoted
while socialops runs (a failover) says the same in its errors.

A cluster refuses a command or script whose keys lie in different hash slots (CROSSSLOT), and
socialops's scripts touch several keys at once. ``check --online`` said "Redis answered", and
``run`` started and then warned for ever from its loops, "Keys in request don't hash to the
same slot; retrying". ``run``, ``replay`` and ``check --online`` now refuse such a Redis at
the start in one line that says it is a cluster and what to point at instead; where the user
may not run INFO (so the mode cannot be asked), the store's CROSSSLOT errors say the same."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.errors import StoreError
from bot.store.redis import RedisStore
from tests.app.cli_support import Cli, assert_one_line_error, clean_env, socialops
from tests.support.redis_server import OwnRedis, RedisServer, free_port

CLUSTER = "runs in cluster mode, which socialops does not support"


def cluster_port() -> int:
    """A free port whose cluster bus port (the port + 10000) is free too."""
    while True:
        port = free_port()
        if port + 10_000 > 65_535:
            continue
        with socket.socket() as bus:
            try:
                bus.bind(("127.0.0.1", port + 10_000))
            except OSError:
                continue
        return port


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[int]:
    """A one-node Redis cluster holding every slot; its port."""
    server = OwnRedis(tmp_path, "--save", "", "--appendonly", "yes", "--cluster-enabled", "yes",
                      "--cluster-config-file", str(tmp_path / "nodes.conf"),
                      port=cluster_port())
    try:
        server.cli("CLUSTER", "ADDSLOTSRANGE", "0", "16383")
        server.until("CLUSTER INFO", "cluster_state:ok")
        server.cli("ACL", "SETUSER", "noinfo", "on", ">pw", "~*", "&*", "+@all", "-info")
        yield server.port
    finally:
        server.stop()


def test_run_replay_and_check_refuse_a_cluster_in_one_line(tmp_path: Path, cluster: int,
                                                           cli: Cli) -> None:
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    env = clean_env(REDIS_URL=f"redis://127.0.0.1:{cluster}/0")
    assert_one_line_error(cli("run", "--no-stdin", cwd=tmp_path, env=env), CLUSTER,
                          "point REDIS_URL at a standalone Redis")
    (tmp_path / "m.jsonl").write_text(
        '{"id": "x:1", "network": "x", "source": "s", "text": "hi", "created_at": '
        '"2026-12-01T00:00:00Z", "author": {"id": "1", "handle": "a"}}\n', encoding="utf-8")
    assert_one_line_error(cli("replay", "m.jsonl", cwd=tmp_path, env=env), CLUSTER)
    check = cli("check", "--online", cwd=tmp_path, env=env)
    assert check.returncode == 1 and CLUSTER in check.stderr, check.stderr
    assert "Redis answered" not in check.stdout + check.stderr


async def test_a_user_who_may_not_ask_is_told_by_the_stores_errors(cluster: int) -> None:
    store = await RedisStore.connect(f"redis://noinfo:pw@127.0.0.1:{cluster}/0",
                                     clock=lambda: datetime.now(UTC),
                                     require_persistence=False)
    try:
        with pytest.raises(StoreError, match=CLUSTER):
            await store.prune(datetime.now(UTC), sent_seconds=1, refs_seconds=1)
    finally:
        await store.close()


REPLICA = "is a read-only replica"


@pytest.fixture
def replica(tmp_path: Path) -> Iterator[tuple[RedisServer, int]]:
    """A primary and a read-only replica of it; the primary and the replica's port."""
    primary = RedisServer(tmp_path / "primary").start()
    server = OwnRedis(tmp_path / "replica", "--save", "", "--appendonly", "yes",
                      "--replicaof", "127.0.0.1", str(primary.port), ready=None)
    try:
        server.until("INFO replication", "master_link_status:up")
        yield primary, server.port
    finally:
        # killed, not stopped: once a test has made the primary a replica of this one, each
        # is the other's replica, and a SIGTERM may wait for the other to catch up (Redis 7's
        # shutdown-timeout, 10 s); on a loaded machine one outlasted stop's 10 s wait
        # (2026-12-05). What a server does on its way down is not what these tests ask
        server.stop(kill=True)
        primary.stop()


def test_a_replica_is_refused_naming_its_primary_and_serves_reads(
        tmp_path: Path, replica: tuple[RedisServer, int], cli: Cli) -> None:
    primary, port = replica
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    said = (f"Redis at redis://127.0.0.1:{port}/0 is a read-only replica (of 127.0.0.1:"
            f"{primary.port}), where socialops cannot write; point REDIS_URL at its "
            f"primary, 127.0.0.1:{primary.port}")
    env = clean_env(REDIS_URL=f"redis://127.0.0.1:{port}/0")
    assert_one_line_error(cli("run", "--no-stdin", cwd=tmp_path, env=env), said)
    check = cli("check", "--online", cwd=tmp_path, env=env)
    assert check.returncode == 1 and said in check.stderr, check.stderr
    # the primary's data, read on its replica
    on_primary = clean_env(REDIS_URL=primary.url)
    assert cli("outbox", "list", cwd=tmp_path, env=on_primary).returncode == 0
    listed = cli("outbox", "list", cwd=tmp_path, env=env)
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr


async def test_a_primary_demoted_while_running_says_so(
        replica: tuple[RedisServer, int]) -> None:
    primary, port = replica
    store = await RedisStore.connect(primary.url, clock=lambda: datetime.now(UTC))
    try:
        subprocess.run(["redis-cli", "-p", str(primary.port), "REPLICAOF", "127.0.0.1",
                        str(port)], check=True, capture_output=True)
        with pytest.raises(StoreError, match=REPLICA):
            await store.set_cursor("feeds", "1")
    finally:
        await store.close()


async def test_a_redis_whose_info_is_renamed_away_is_not_asked(tmp_path: Path) -> None:
    """Some hardened set-ups rename INFO away (``rename-command INFO ""``). With
    ``store.accept_data_loss: true`` (nothing else needs INFO) the store opened; the cluster and
    replica checks asked INFO and stopped it with "cannot reach Redis ... check its password"."""
    server = OwnRedis(tmp_path, "--save", "", "--appendonly", "yes",
                      "--rename-command", "INFO", "")
    try:
        store = await RedisStore.connect(server.url, clock=lambda: datetime.now(UTC),
                                         require_persistence=False)
        await store.set_cursor("feeds", "1")  # it works there
        await store.close()
    finally:
        server.stop()


async def test_report_tickets_on_a_replica_reads_tickets_its_index_lacks(
        tmp_path: Path, replica: tuple[RedisServer, int]) -> None:
    """`report tickets` is one of the commands that only read (docs/storage.md: served by a
    replica, writing nothing). Where the index of tickets by when they opened lacks some (a
    data set written before it, or by a process of an older release), it wrote them into the
    index first: on a replica that was "is a read-only replica ... point REDIS_URL at its
    primary", exit 1, and on the primary the data set changed under a read-only command."""
    from tests.store.test_tickets_opened import ticket
    from tests.support.stores import create

    primary, port = replica
    now = datetime.now(UTC)
    store = await RedisStore.connect(primary.url, clock=lambda: now)
    try:
        for n in range(1, 4):
            assert await create(store, ticket(n, now - timedelta(hours=n)))
        await store.r.delete(store.k.opened("ticket"))  # as written before the index
    finally:
        await store.close()
    # the replica has what the primary wrote (WAIT: until one replica acknowledged it)
    subprocess.run(["redis-cli", "-p", str(primary.port), "WAIT", "1", "10000"],
                   capture_output=True, check=False)
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(cfg.read_text().replace("backend: sqlite", "backend: redis"))
    for url in (f"redis://127.0.0.1:{port}/0", primary.url):
        done = socialops("report", "tickets", "--format", "json", cwd=tmp_path,
                         env=clean_env(REDIS_URL=url))
        assert done.returncode == 0, (url, done.stderr)
        assert '"tickets": 3' in done.stdout.replace('"tickets":3', '"tickets": 3'), done.stdout
    left = subprocess.run(["redis-cli", "-p", str(primary.port), "EXISTS",
                           "socialops:tickets-opened"], capture_output=True, text=True,
                          check=False)
    assert left.stdout.strip() == "0"  # nothing written by a command that only reads
