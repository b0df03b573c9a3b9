"""`draft reddit <account> <text>` through Slack's signed request path: Reddit's publisher
posts replies only (a new post needs a subreddit and a title), so the draft was taken,
approved, and then refused at publish ('reddit: only replies are published'). Now it is
refused when written, in one line; a reply to a Reddit ticket is still the way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.world import ALICE, SUPPORT, UNPACED, World, running_world

# no request reaches Reddit here
SOURCES = """  - {id: reddit-acme, type: reddit, base_url: "http://127.0.0.1:9",
     auth_url: "http://127.0.0.1:9", client_id: cid, client_secret: sec, username: acme,
     password: pw}
"""


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED, sources=SOURCES) as w:
        yield w


async def test_a_new_reddit_post_is_refused_when_written(world: World) -> None:
    assert await world.slash(ALICE, SUPPORT, "draft reddit reddit-acme Our winter sale") == 200
    await world.until(lambda: any("replies only" in t for t in world.said_to(ALICE)),
                      "the refusal")
    assert next(t for t in world.said_to(ALICE) if "replies only" in t) == (
        "Reddit takes replies only (a new post needs a subreddit and a title): draft a reply "
        "to a Reddit post instead; nothing was drafted")
    assert await world.a.store.list_approvals() == []
