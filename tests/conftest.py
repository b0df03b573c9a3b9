from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.config import StoreConfig
from bot.core.ports import Store
from bot.store import open_store
from tests.support.clock import FakeClock
from tests.support.logstate import logging_kept
from tests.support.redis_server import RedisServer

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parents[1]
SOURCES = ("bot", "handlers", "integrations", "rules", "tests")
BEGAN = time.time()  # when this process imported the code it tests


def changed_since(began: float) -> list[str]:
    """Source files written after ``began``: code a process started since then ran, and this
    one did not."""
    def written(f: Path) -> float:
        try:
            return f.stat().st_mtime
        except OSError:  # removed meanwhile
            return 0.0

    return sorted(str(f.relative_to(ROOT)) for d in SOURCES for f in (ROOT / d).rglob("*.py")
                  if written(f) > began)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failure in a tree edited during the run says so: the processes a test starts
    (``python -m tests.chaos.boundary``, ``socialops run``) import the files as they are when
    started, this process as they were when it began, so the two ran different code (most
    exposed: tests/chaos/test_real_crashes.py's deliver race, whose processes alone deliver
    what this one queued). Rerun on a checkout nobody edits (``.ci/run`` in a fresh clone)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.failed and (changed := changed_since(BEGAN)):
        report.sections.append((
            "source files written during this run (started processes ran other code)",
            f"since {datetime.fromtimestamp(BEGAN, UTC):%H:%M:%S} UTC: "
            + ", ".join(changed[:20]) + (f" and {len(changed) - 20} more"
                                         if len(changed) > 20 else "")))


@pytest.fixture(autouse=True)
def _logging_put_back() -> Iterator[None]:
    """Each test's changes to the process's logging (tests/support/logstate.py) end with it."""
    with logging_kept():
        yield


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    redis_server.flushall()
    return redis_server.url


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def sqlite_store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    """A real store on a SQLite file only, for modules whose subject is not the backend (the
    store contract suite covers both); such a module binds ``store`` to it."""
    opened = await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")),
                              redis_url=None, clock=clock)
    yield opened
    await opened.close()


@pytest.fixture(params=["sqlite", "redis"])
async def store(request: pytest.FixtureRequest, tmp_path: Path,
                clock: FakeClock) -> AsyncIterator[Store]:
    """A real store on each backend: a SQLite file, and a real redis-server (flushed). A test
    module that defines its own ``store`` fixture uses that one instead."""
    if request.param == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    opened = await open_store(cfg, redis_url=url, clock=clock)
    yield opened
    await opened.close()


@pytest.fixture(params=["sqlite", "redis"])
async def two_stores(request: pytest.FixtureRequest, tmp_path: Path,
                     clock: FakeClock) -> AsyncIterator[tuple[Store, Store]]:
    """Two processes' connections to one store, on each backend: a SQLite file, and a real
    redis-server (flushed)."""
    if request.param == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    first = await open_store(cfg, redis_url=url, clock=clock)
    second = await open_store(cfg, redis_url=url, clock=clock)
    yield first, second
    await second.close()
    await first.close()
