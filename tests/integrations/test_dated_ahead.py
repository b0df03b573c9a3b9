"""A post dated far ahead of when it was fetched (``common.dating``): each network's real
recorded payload, its own date moved to 2199, is dated by the network's record of when it got
the post (Bluesky's ``indexedAt`` or Jetstream's ``time_us``, X's snowflake id) or by the fetch
time (Mastodon, Reddit), and the change is said; a date within the hour is kept."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import SkipLog
from integrations.social.bluesky.parse import (
    event_time,
    normalize_jetstream,
    normalize_post_view,
    seen_time,
)
from integrations.social.common.dating import AHEAD_TOLERANCE, post_date
from integrations.social.common.said import Counted, Lines
from integrations.social.mastodon.parse import normalize_status
from integrations.social.reddit.parse import normalize_thing
from integrations.social.x.parse import normalize_tweet, snowflake_time

REAL = Path(__file__).parents[1] / "fixtures" / "real"
FETCHED = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
FAR = "2199-12-31T00:00:00Z"


def real(path: str) -> Any:
    return json.loads((REAL / path).read_text(encoding="utf-8"))


def bluesky_view() -> dict[str, Any]:
    view: dict[str, Any] = real("bluesky/getPostThread_record_with_media_empty_text.json")[
        "thread"]["post"]
    view["record"]["createdAt"] = FAR
    return view


def test_bluesky_view_dated_by_indexed_at() -> None:
    view, said = bluesky_view(), Lines()
    mention = normalize_post_view(view, source="b", fetched_at=FETCHED, said=said)
    assert mention.created_at == seen_time(view["indexedAt"])
    assert mention.created_at.year == 2023
    assert len(said) == 1 and "indexedAt" in said[0] and "2199-12-31" in said[0]


def test_bluesky_jetstream_dated_by_time_us() -> None:
    lines = (REAL / "bluesky/jetstream_v1_events_real_capture.jsonl").read_text(
        encoding="utf-8").splitlines()
    event = next(e for e in map(json.loads, lines)
                 if e.get("kind") == "commit" and e["commit"].get("operation") == "create"
                 and e["commit"].get("collection") == "app.bsky.feed.post")
    event["commit"]["record"]["createdAt"] = FAR
    said = Lines()
    mention = normalize_jetstream(event, source="b", fetched_at=FETCHED, said=said)
    assert mention is not None
    assert mention.created_at == event_time(event["time_us"])
    assert len(said) == 1 and "time_us" in said[0]


def test_x_dated_by_snowflake() -> None:
    tweet = real("x/tweet_lookup_entities_urls_unwound_postman_example.json")["data"]
    tweet["created_at"] = "2199-12-31T00:00:00.000Z"
    said = Lines()
    mention = normalize_tweet(tweet, {}, source="x", fetched_at=FETCHED, said=said)
    assert mention.created_at == snowflake_time(tweet["id"])
    assert mention.created_at.year == 2020
    assert len(said) == 1 and "snowflake" in said[0]


def test_mastodon_dated_by_fetch_time() -> None:
    status = real("mastodon/status_with_poll.json")
    status["created_at"] = "2199-12-31T00:00:00.000Z"
    said = Lines()
    mention = normalize_status(status, source="m", fetched_at=FETCHED, said=said)
    assert mention.created_at == FETCHED
    assert len(said) == 1 and "when it was fetched" in said[0]


def test_reddit_dated_by_fetch_time() -> None:
    thing = real("reddit/subreddit_comments_stream_page.json")["data"]["children"][0]
    thing["data"]["created_utc"] = 7_000_000_000.0  # 2191
    said = Lines()
    mention = normalize_thing(thing, source="r", fetched_at=FETCHED, said=said)
    assert mention is not None and mention.created_at == FETCHED
    assert len(said) == 1 and mention.id in said[0]


def test_received_time_ahead_too_falls_back_to_fetch_time() -> None:
    """An ``indexedAt`` as far ahead (an AppView's clock, or a hostile one) is no better."""
    view, said = bluesky_view(), Lines()
    view["indexedAt"] = "2199-06-01T00:00:00Z"
    mention = normalize_post_view(view, source="b", fetched_at=FETCHED, said=said)
    assert mention.created_at == FETCHED and "when it was fetched" in said[0]


@pytest.mark.parametrize("ahead", [timedelta(0), AHEAD_TOLERANCE])
def test_within_the_tolerance_the_date_is_kept(ahead: timedelta) -> None:
    """A writer's clock running up to the hour fast: its date stands, nothing said."""
    status = real("mastodon/status_with_poll.json")
    status["created_at"] = (FETCHED + ahead).isoformat()
    said = Lines()
    mention = normalize_status(status, source="m", fetched_at=FETCHED, said=said)
    assert mention.created_at == FETCHED + ahead and said == []


def test_without_a_fetch_time_the_date_is_as_written() -> None:
    status = real("mastodon/status_with_poll.json")
    status["created_at"] = "2199-12-31T00:00:00.000Z"
    assert normalize_status(status, source="m").created_at.year == 2199


def test_a_source_logs_and_counts_each_change(caplog: pytest.LogCaptureFixture) -> None:
    skipped = SkipLog()
    said = Counted(skipped, logging.getLogger("t"), "mastodon source m")
    with caplog.at_level(logging.WARNING):
        post_date(FETCHED + timedelta(days=1), fetched_at=FETCHED, post="mastodon:1",
                  field="created_at", said=said)
    assert skipped.total == 1 and "mastodon:1" in skipped[0]
    assert any("mastodon source m: mastodon:1: created_at 2026-12-05" in r.getMessage()
               for r in caplog.records)
