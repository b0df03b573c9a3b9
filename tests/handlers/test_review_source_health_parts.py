"""The chat and console ``status`` says a source's part its last poll could not read
(review 2026-12-06, "never silent").

A source reports the parts of it that read nothing in ``failing_parts`` (an RSS feed that
failed, a Reddit listing gone private, a Mastodon hashtag the server's feed settings keep
from it: ``integrations/social/mastodon/access.py``). Source health alerts on one only after
``health.failing_polls`` polls in its window, and until then ``status`` said ``ok``: a
source reading nothing, said nowhere a person asks. Now ``status`` names each part of the
last poll with why, until the check judges it failing (then: ``feed ... failing``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.config import HealthConfig, StoreConfig
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.store import open_store
from handlers import source_health
from handlers.source_health import SourceHealth, Watched
from tests.conftest import FakeClock

START = datetime(2026, 11, 1, tzinfo=UTC)
WHY = ("http://m.example has turned its hashtag feeds off (its timelines_access.hashtag_feeds "
       "in /api/v2/instance says local: disabled, remote: disabled): this source reads nothing")


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    s = await open_store(StoreConfig(path=str(tmp_path / "h.db")), redis_url=None, clock=clock)
    yield s
    await s.close()


async def test_status_names_the_part_the_last_poll_could_not_read(
        store: Store, clock: FakeClock) -> None:
    health = SourceHealth(store, Applier(store), cfg=HealthConfig(), clock=clock,
                          sources=[Watched("m1", 60.0)], ops=None)
    fx = Effects()
    source_health.record_poll(fx, "m1", START, fetched=0, error=None,
                              parts={"#acme": WHY}, last=None)
    assert await store.apply(fx)
    (said,) = (await health.describe(["m1"])).values()
    assert said.startswith("#acme not read: http://m.example has turned its hashtag feeds off")
    # the poll after reads it all: ok again
    fx = Effects()
    source_health.record_poll(fx, "m1", START, fetched=0, error=None, parts={}, last=None)
    assert await store.apply(fx)
    assert await health.describe(["m1"]) == {"m1": "ok"}
