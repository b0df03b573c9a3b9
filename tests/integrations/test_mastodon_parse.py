"""The pure Mastodon normaliser against the real recorded payloads (fixtures/real/mastodon)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import MalformedPayload
from integrations.social.mastodon.parse import (
    dated_after,
    id_key,
    newer,
    normalize_status,
    notification_status,
    parse_time,
    status_list,
)
from tests.support.netserver import sse_frames

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"


def load(name: str) -> Any:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def test_edited_status_with_cw_mention_custom_emoji_and_gifv() -> None:
    m = normalize_status(load("status_edited_cw_mention_customemoji_gifv.json"), source="m1")
    assert m.id == "mastodon:110446223051565765" and m.source == "m1"
    assert m.text.startswith("CW: test post for mastodon.py stuff\n@halcy you're a doo-doo head")
    assert ":trans_heart:" in m.text and "<" not in m.text
    assert m.author.handle == "halcy@icosahedron.website"
    assert m.author.display_name == "halcy :icosahedron:"  # zero-width space dropped
    assert m.author.followers == 3553
    assert m.hashtags == ("thisisahashtag",) and m.handles == ("halcy@icosahedron.website",)
    assert m.links == ()  # the mention and hashtag anchors are not shared links
    assert len(m.media) == 1 and m.media[0].endswith(".mp4")
    assert m.language == "de" and m.created_at == datetime(2023, 5, 28, 12, 6, 50, tzinfo=UTC)
    assert m.metrics == {"replies": 0, "reposts": 0, "likes": 1}
    assert m.raw["_emoji_urls"]["trans_heart"].startswith("https://files.mastodon.social/")


def test_quote_reply_keeps_links_and_reply_to() -> None:
    m = normalize_status(load("status_quote_of_bridged_bluesky_post.json"), source="m1")
    assert m.reply_to == "115044053131672379"
    assert m.links == ("https://bsky.app/profile/h4lcy.bsky.social/post/3lwlumdwf522i",
                       "https://bsky.app/profile/did:plc:5syfqzormjkutgo5hi2u2gpr/post/"
                       "3lwlumdwf522i")
    assert m.author.handle == "h4lcy.bsky.social@bsky.brid.gy"


def test_poll_status_and_page_and_thread() -> None:
    m = normalize_status(load("status_with_poll.json"), source="m1")
    assert m.text == "secret test poll :hecker:\nPoll: real / fr fr / so true / :hecker:"
    assert m.metrics["replies"] == 2 and m.metrics["reposts"] == 1
    page = [normalize_status(s, source="m1") for s in load("account_statuses_page_limit5.json")]
    assert [p.text for p in page] == [f"Toot number {n}!" for n in (9, 8, 7, 6, 5)]
    thread = load("status_context_thread.json")
    final = normalize_status(thread["descendants"][0], source="m1")
    assert final.text == "final status" and final.reply_to == "110446983926957470"


def test_mention_notifications_skip_null_status_and_qualify_local_handles() -> None:
    notes = load("notifications_mentions_some_null_status.json")
    got, skipped = [], 0
    for note in notes:
        try:
            got.append(normalize_status(notification_status(note), source="m1"))
        except MalformedPayload:
            skipped += 1
    assert (len(got), skipped) == (1, 39)
    assert got[0].handles == ("halcy@mastodon.social", "halcy@glitch.social",
                              "halcy@hachyderm.io")


def test_streaming_statuses_normalise() -> None:
    for name in ("streaming_public_sse_events.txt", "streaming_user_sse_events.txt"):
        for frame in sse_frames((REAL / name).read_text(encoding="utf-8")):
            event, data = frame.split("\n", 1)
            payload = data.removeprefix("data: ").strip()
            if event in ("event: update", "event: status.update"):
                m = normalize_status(json.loads(payload), source="m1")
                assert m.text and m.author.handle and "<" not in m.text
            elif event == "event: notification":
                note = json.loads(payload)
                assert notification_status(note)["id"] == note["status"]["id"]


@pytest.mark.parametrize("name", ["error_404_not_found.json", "error_422_validation_de.json",
                                  "error_422_validation_ja.json", "error_429_rate_limited.json",
                                  "status_context_thread.json", "grouped_notifications_v2.json"])
def test_error_and_non_list_bodies_are_rejected_as_timelines(name: str) -> None:
    with pytest.raises(MalformedPayload):
        status_list(load(name), what="timeline")


@pytest.mark.parametrize("name", ["trends_tags.json", "status_edit_history.json"])
def test_lists_of_non_statuses_are_rejected_item_by_item(name: str) -> None:
    for item in status_list(load(name), what="timeline"):
        with pytest.raises(MalformedPayload):
            normalize_status(item, source="m1")


@pytest.mark.parametrize("bad", [None, 3, "x", {}, {"id": "1"},
                                 {"id": "1", "account": {"id": "2", "acct": "a"}},
                                 {"id": "1", "account": {"id": "2", "acct": "a"},
                                  "created_at": "yesterday"},
                                 {"id": "1", "account": "a", "created_at": "2023-01-01T00:00Z"},
                                 # no Mention holds it: pydantic's ValidationError came out
                                 {"id": "1", "account": {"id": "1", "acct": "a@b.test"},
                                  "created_at": "1960-01-01T00:00:00Z"}])
def test_hostile_statuses_raise_malformed_only(bad: Any) -> None:
    with pytest.raises(MalformedPayload):
        normalize_status(bad, source="m1")


def test_a_profile_address_urlsplit_refuses_leaves_the_handle_unqualified() -> None:
    """A local account's handle is qualified with its profile URL's host. A URL urlsplit
    refuses ("http://[::1", a bracketed host that is no IP address) raised ValueError out of
    the normaliser: a poll skipped the post, a lookup (``why``) logged a traceback."""
    status = load("status_with_poll.json")
    for url in ("http://[::1/@bob", "https://[acme]/@bob"):
        status["account"] = {**status["account"], "acct": "bob", "url": url}
        assert normalize_status(status, source="m1").author.handle == "bob"


def test_hostile_content_is_plain_text() -> None:
    status = load("status_with_poll.json")
    status["content"] = '<p>hi<script>alert(1)</script> <a href="javascript:x">x</a></p>'
    status["spoiler_text"] = ""
    status["poll"] = None
    m = normalize_status(status, source="m1")
    assert m.text == "hi x" and m.links == ()


def test_id_order_is_numeric() -> None:
    assert id_key("100") > id_key("99")
    assert newer("99", "100") == "100" and newer(None, "5") == "5"
    assert newer("²", "5") == "5"  # "²".isdigit(), but no number: int() raised ValueError


def test_times_are_utc_and_out_of_range_ones_malformed() -> None:
    assert parse_time("2026-01-01T00:30:00+01:00") == datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    assert parse_time("2026-01-01T00:30:00Z").tzinfo is UTC
    # their UTC is year 0 or 10000: astimezone raised OverflowError, which api.note_limits
    # (reading x-ratelimit-reset) and the sources did not catch
    for value in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"):
        with pytest.raises(MalformedPayload, match="out of range"):
            parse_time(value)
        status = load("status_with_poll.json")
        status["created_at"] = value
        with pytest.raises(MalformedPayload):
            normalize_status(status, source="m1")


NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("native_id", "after"), [
    ("109000000000000001", False),  # a Mastodon Snowflake of 2022
    (str(int(NOW.timestamp() * 1000) << 16 | 0xFFFF), False),  # this very millisecond
    (str((int(NOW.timestamp() * 1000) + 1) << 16), True),  # the next one
    ("99999999999999999999", True),
    ("9" * 400, True),
    ("1", False),  # a status from before Snowflakes (Mastodon 2.0)
    ("68739215", False),  # a notification's serial id
    ("01G65Z755AFWAKHE12NY0CQ9FH", False),  # a GoToSocial ULID of 2022
    ("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", True),  # the last ULID, in the year 10889
    ("AdT4e2c5K0BMhC4bMe", False),  # a Pleroma flake id: no time is read from it
    ("zzzzzzzzzzzzzzzzzzzzzzzz", False),
])
def test_which_ids_say_they_were_made_after_a_time(native_id: str, after: bool) -> None:
    assert dated_after(native_id, NOW) is after
