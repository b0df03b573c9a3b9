"""socialops_source_errors_total is documented (docs/operations.md, metric table) as a
source's *poll failures* (rate_limited, auth, error, bug), beside socialops_source_polls_total
{outcome="error"}. A store outage (Redis down, a full SQLite disk) is not a failure of the
network the source reads: observed on a real redis-server stopped for 20 s, every source got
socialops_source_errors_total{kind="error"} while socialops_source_polls_total had no error
outcome for it (sample: 6 errors, 0 failed polls), so an alert on source errors pages for the
network when the store is what failed."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

from bot.core.errors import StoreUnavailable
from bot.core.metrics import Metrics
from bot.engine.supervisor import Supervisor
from tests.conftest import FakeClock

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


async def test_a_store_outage_is_not_counted_as_a_source_poll_error() -> None:
    metrics = Metrics()

    async def step() -> float:
        raise StoreUnavailable("Redis at redis://127.0.0.1:16391/0: Error 111 connecting")

    sup = Supervisor(stop=asyncio.Event(), clock=FakeClock(NOW), metrics=metrics,
                     rng=random.Random(3), floor=1.0)
    for _ in range(3):
        await sup.run_once("source:sample", step)
    # the loop's failure is counted where it belongs ...
    assert metrics.value("task_failures_total", task="source:sample") == 3
    # ... but no poll of the source failed: its poll-failure counter must not move
    assert metrics.value("source_polls_total", source="sample", outcome="error") == 0
    assert metrics.value("source_errors_total", source="sample") == 0
