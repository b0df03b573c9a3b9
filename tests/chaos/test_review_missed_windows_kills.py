"""An hourly digest the bot was down for three windows of (docs/rules.md, Digests): real
processes on a SQLite file or a redis-server fire its timers when the bot comes back, the
first dying right after taking the digest's timer or right after writing one window's card
(the card queued, its posts taken and marked, the timer armed for the next missed window).
Each missed window's card comes once, with its own posts, whoever fires the rest."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.boundary import DIED, here
from tests.chaos.test_wall_clock import DAY, ended, fire, posts, setup, store_of
from tests.conftest import FakeClock

BACK = DAY + timedelta(hours=3, minutes=30)  # 13:30; the bot stopped at 10:30


async def read(app: object, n: int, written: datetime) -> None:
    await app.pipeline.process_batch([Mention(  # type: ignore[attr-defined]
        id=f"mastodon:{n}", network="mastodon", source="feed",
        text=f"acme feature request ({n})", author=Author(id=f"a{n}", handle=f"u{n}"),
        created_at=written)])


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", ["took digest", "sent digest", "sent digest/2"])
async def test_each_missed_window_comes_once_through_deaths(
        tmp_path: Path, backend: str, dies: str, request: pytest.FixtureRequest) -> None:
    redis = store_of(backend, request)
    config = setup(tmp_path, redis)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(DAY + timedelta(minutes=20))
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await read(app, 1, clock())  # 10:20, read live; the bot stops at 10:30
    clock.now = BACK
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:  # back: the backlog read first
        await read(app, 3, DAY + timedelta(hours=2, minutes=10))
        await read(app, 2, DAY + timedelta(hours=1, minutes=10))
    p = fire(config, record, BACK, dies)
    _, err = p.communicate(timeout=120)
    assert p.returncode in (0, DIED), err.decode()[-3000:]
    died = p.returncode == DIED
    back = BACK + timedelta(minutes=2)  # the dead one's leases lapsed
    for _ in range(4):  # the timer loop's beats
        for q in [fire(config, record, back) for _ in range(2)]:
            ended(q)
    # every other process done: the rest runs alone, in this process
    await here("drain", str(config), str(record), back.isoformat())
    nxt = DAY + timedelta(hours=4, minutes=1)  # the open window's end: nothing more
    await here("timers", str(config), str(record), nxt.isoformat())
    await here("drain", str(config), str(record), nxt.isoformat())
    shown = posts(record, "digest:")
    said = [(str(r["title"]), "(1)" in str(r["text"]), "(2)" in str(r["text"]),
             "(3)" in str(r["text"])) for r in shown]
    assert sorted(said) == sorted([
        ("Digest for product: 1 mention", True, False, False),
        ("Digest for product: 1 mention", False, True, False),
        ("Digest for product: 1 mention", False, False, True)]), (died, shown)
    # (the record keeps a card's title and text, not its Window field: the labels are
    # tests/e2e/test_review_missed_digest_windows.py's)
    if dies == "took digest":
        assert died
