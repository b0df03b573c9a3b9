"""The poll's INFO line on Redis, where the poller hands its batch to the shared stream: a
poll that fetched nothing says so, and not that it queued anything (`polled sample: 0 fetched,
queued for the shared stream` was what a newcomer's worker logged once the sample was read,
while nothing was queued)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app.compose import open_app
from bot.app.logs import setup_logging
from bot.core.config import load_config
from bot.core.models import Author, Mention

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


async def test_an_empty_poll_on_the_shared_stream_says_nothing_was_fetched(
        tmp_path: Path, redis_url: str) -> None:
    post = Mention(id="rss:1", network="rss", source="feeds", text="post 1",
                   author=Author(id="a", handle="a"), created_at=NOW - timedelta(seconds=60))
    (tmp_path / "m.jsonl").write_text(post.model_dump_json() + "\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("sources: [{id: feeds, type: replay, path: m.jsonl}]\n"
                   f"store: {{backend: redis, redis_url: '{redis_url}'}}\n")
    stream = io.StringIO()
    async with open_app(load_config(cfg), out=io.StringIO(), clock=lambda: NOW) as app:
        setup_logging(level="INFO", json_format=True, stream=stream)
        try:
            runtime = app.runtime()
            assert runtime.queue is not None  # the shared stream, as with several processes
            for _ in range(2):  # the mention, then nothing new
                await runtime.poll_once(app.sources["feeds"])
        finally:
            setup_logging(level="WARNING")
    polled = [json.loads(line) for line in stream.getvalue().splitlines()
              if '"polled feeds' in line]
    assert [(r["msg"], r["queued"]) for r in polled] == [
        ("polled feeds: 1 fetched, queued for the shared stream", 1),
        ("polled feeds: 0 fetched", 0)]
