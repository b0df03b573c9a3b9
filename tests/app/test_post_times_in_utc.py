"""A post's time is kept in UTC, whatever offset its network wrote it with. AT Protocol's
datetime format allows any offset, and clients write their own ("2026-11-19T23:30:00-05:00");
the Bluesky normaliser kept it as written, and so did the Mention. Its trace then held the
local time, and the preview, which prints a trace's time as UTC, said "2026-11-19 23:30 UTC"
for a post made at 04:30 UTC the next day (a day off in the listing, and out of order beside
the other samples); ``fetch`` printed it too without a zone. ``Mention.created_at`` is now
converted to UTC when the record is made (DESIGN: "created_at (UTC)"). Through the real
path: the recorded Bluesky post view, its normaliser, the pipeline into a SQLite file with the
demo's config, and the ``preview`` verb."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.app.demo import SAMPLE
from bot.core.commands import parse_command
from bot.core.config import StoreConfig, load_config
from bot.store import open_store
from integrations.social.bluesky.parse import normalize_post_view
from tests.conftest import FakeClock

REAL = Path(__file__).parents[1] / "fixtures" / "real"
VIEW = json.loads((REAL / "bluesky" / "getPostThread_record_with_media_empty_text.json")
                  .read_text(encoding="utf-8"))["thread"]["post"]
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


async def say(app: App, line: str) -> str:
    reply = await app.dispatcher.handle(parse_command(line).interaction(
        workspace="console", channel="marketing", user="dave"))
    return reply.text


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[App]:
    clock = FakeClock(NOW)
    store = await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")),
                             redis_url=None, clock=clock)
    shutil.copytree(SAMPLE, tmp_path / "sample")
    async with open_app(load_config(tmp_path / "sample" / "demo.yaml"), clock=clock,
                        out=io.StringIO(), store=store, owner="t") as opened:
        await opened.start()
        yield opened


@pytest.mark.parametrize(("written", "utc"), [
    ("2026-11-19T23:30:00-05:00", "2026-11-20 04:30"),
    ("2026-11-20T10:15:00+05:45", "2026-11-20 04:30"),
])
async def test_a_post_written_with_an_offset_is_previewed_at_its_utc_time(
        app: App, written: str, utc: str) -> None:
    view = {**VIEW, "record": {**VIEW["record"], "createdAt": written,
                               "text": "zorblax is down again"}}
    mention = normalize_post_view(view, source="bsky")
    assert mention.created_at == datetime(2026, 11, 20, 4, 30, tzinfo=UTC)
    assert mention.created_at.utcoffset() == timedelta(0)
    await app.pipeline.process(mention)
    answer = await say(app, "preview zorblax")
    sample = next(line for line in answer.splitlines() if line.startswith("• @"))
    assert f", {utc} UTC: zorblax is down again" in sample, answer
