"""The crash-point matrix: every workflow, killed right after each of its store writes, then
restarted, ends exactly as an uninterrupted run does: every card exists once, every timer fires
once, every approved post is published once.

A "process" here is a built ``App`` on the real store (a SQLite file, or a real redis-server).
The crash is a ``BaseException`` raised right after the k-th write returns: ``except Exception``
handlers cannot catch it, and from then on the dead store refuses every call, so nothing the
dying process still tries reaches the store (as with SIGKILL). The next process is a fresh
``App`` on the same store and the same console record file, and resumes the scenario at the
step that was interrupted (as the runtime would: a poll that did not commit is polled again, a
timer that did not complete fires again, a person clicks again when nothing happened).

The scenario covers every workflow write boundary: mentions processed in batches (tickets
opened, alerts, group and digest buffers), cards delivered, a claim, an escalation step and its
batched notice, an SLA passing (overdue), an approval published, a link request confirmed by
an admin, a group flush and a digest flush.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.core.ports import Store
from bot.store import open_store
from tests.chaos.procs import report
from tests.conftest import FakeClock
from tests.engine.crash_world import Crash, World


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _world(tmp: Path, backend: str, redis_url: str | None) -> World:
    from bot.core.config import StoreConfig

    if backend == "sqlite":
        cfg = StoreConfig(backend="sqlite", path=str(tmp / "s.db"))
        yaml = f"{{backend: sqlite, path: {tmp / 's.db'}}}"
    else:
        cfg = StoreConfig(backend="redis", redis_url=redis_url)
        yaml = f"{{backend: redis, redis_url: '{redis_url}'}}"

    async def opener() -> Store:
        return await open_store(cfg, redis_url=None, clock=FakeClock())

    return World(tmp, yaml, opener)


async def test_every_write_boundary_of_every_workflow_survives_a_crash(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    redis = request.getfixturevalue("redis_server") if backend == "redis" else None

    def fresh(name: str) -> Path:
        if redis is not None:
            redis.flushall()
        d = tmp_path / name
        d.mkdir()
        return d

    url = redis.url if redis is not None else None
    reference = await _world(fresh("reference"), backend, url)
    writes = await reference.run(crash_after=None)
    expected = reference.outcome()
    assert expected["network"] == Counter({"we are on it, sorry!": 1})
    assert {ch for ch, _ in expected["posts"]} == {"alerts", "support", "product", "firehose",
                                                   "approvals"}
    assert max(expected["posts"].values()) == 1
    assert expected["notices"] and all(len(set(ts)) == len(ts)
                                       for ts in expected["notices"].values())
    assert ("approvals", "L") in expected["posts"]  # the link request's card
    assert writes > 40
    failures = []
    for k in range(1, writes + 1):
        world = await _world(fresh(f"crash{k}"), backend, url)
        with pytest.raises(Crash):
            await world.run(crash_after=k)
        await world.run(crash_after=None)
        got = world.outcome()
        if got != expected:
            extra = (got["posts"] - expected["posts"]) + (got["network"] - expected["network"])
            missing = ((expected["posts"] - got["posts"])
                       + (expected["network"] - got["network"]))
            failures.append(f"crash after write {k}: extra {dict(extra)}, "
                            f"missing {dict(missing)}, notices {got['notices']} "
                            f"(expected {expected['notices']})")
    report(f"crash points ({backend})", {"write boundaries": writes, "runs": writes * 2,
                                         "differences": len(failures)})
    assert not failures, "\n".join(failures)
