"""A daily digest whose time (``digests.at``) was moved from 09:00 to 17:00, the bot restarted:
the timer armed at the old 09:00 is moved, when it fires, to the new schedule's 17:00
(``RouteActions.rescheduled``, one write: the timer completed and armed again). Real processes
on a SQLite file or a redis-server fire it and die right after taking it (before the move) or
right after the move's write (before the flush at 17:00); then two fire the timers at once
after the dead one's lease, and at 17:00, and at the next day's 09:00 and 17:00. The window's
digest comes once, at 17:00, holding its post once; none at 09:00."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.boundary import DIED, here
from tests.chaos.test_wall_clock import DAY, ended, fire, post, posts, setup, store_of
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

TUESDAY_NINE = DAY + timedelta(hours=23)  # DAY is Monday 10:00 UTC


def at(config: Path, when: str) -> None:
    """The digests' time in the config file (a daily digest)."""
    text = config.read_text()
    config.write_text(f'digests: {{at: "{when}"}}\n' + "\n".join(
        line for line in text.splitlines() if not line.startswith("digests:")) + "\n")
    rules = config.parent / "rules.yaml"
    rules.write_text(rules.read_text().replace("interval: 1h", "interval: 1d"))


async def together(config: Path, record: Path, now_: timedelta) -> None:
    """Two processes fire the timers due then at once, and the outbox is delivered (once
    both are done: alone, in this process)."""
    now = DAY + now_
    for p in [fire(config, record, now) for _ in range(2)]:
        ended(p)
    await here("drain", str(config), str(record), now.isoformat())


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", ["took digest", "apply/1"])
async def test_a_moved_digest_comes_once_at_the_new_time_through_deaths(
        tmp_path: Path, backend: str, dies: str, request: pytest.FixtureRequest) -> None:
    redis: RedisServer | None = store_of(backend, request)
    config = setup(tmp_path, redis)
    at(config, "09:00")
    record = tmp_path / "record.jsonl"
    clock = FakeClock(DAY + timedelta(minutes=20))
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await post(app, 1, "feature request: exports")  # Monday 10:20: due Tuesday 09:00
    at(config, "17:00")  # changed, the bot restarted (each process below reads it)
    ended(fire(config, record, TUESDAY_NINE, dies), DIED)
    for hours, minutes in ((23, 2), (31, 0), (47, 0), (55, 0)):
        await together(config, record, timedelta(hours=hours, minutes=minutes))
        shown = posts(record, "digest:")
        if hours < 31:  # Tuesday before 17:00: nothing yet
            assert shown == [], shown
    assert [r["title"] for r in shown] == ["Digest for product: 1 mention"], shown
    assert "exports" in str(shown[0]["text"]), shown
