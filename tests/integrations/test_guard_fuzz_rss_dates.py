"""Guard: an RSS entry's date, however written, dates the entry or leaves it undated, never
loses it. Dates drawn from RFC 822's pieces and what feeds get wrong (a day name or none, day
0 or 99, year 1, 69, 9999 or 99999, second 60, a zone of -0500, +2359, +9999, EST, GMT+5, none,
another script's digits, a NUL): the entry is always read, dated between ``EARLIEST`` and when
it was first seen. Found the far-future date that skipped its entry (see
test_review_fuzz_rss_far_dates.py). Derandomized: the same draws on every run."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.models import EARLIEST
from integrations.social.rss.parse import parse_feed

FIRST_SEEN = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
DAY_NAMES = ["", "Fri, ", "Montag, ", "\x00Mon, "]
DAYS = ["1", "31", "99", "٣٠"]
MONTHS = ["Jan", "Dec", "Foo"]
YEARS = ["1", "69", "9999", "99999", "-1"]
TIMES = ["00:00:00", "23:59:59", "23:59:60", "11.55"]
ZONES = ["", " -0500", " +2359", " -2359", " +9999", " EST", " GMT+5", " XYZ", " \u202e"]
DATES = st.tuples(*(st.sampled_from(p) for p in (DAY_NAMES, DAYS, MONTHS, YEARS, TIMES, ZONES))
                  ).map(lambda p: f"{p[0]}{p[1]} {p[2]} {p[3]} {p[4]}{p[5]}")


def feed(date: str) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>acme</title>'
            "<item><guid>urn:acme:1</guid><title>Post 1</title>"
            f"<link>https://acme.test/1</link><pubDate>{date}</pubDate></item>"
            "</channel></rss>").encode()


@settings(derandomize=True, max_examples=500, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(date=DATES)
def test_guard_any_date_dates_its_entry_or_leaves_it_undated(date: str) -> None:
    result = parse_feed(feed(date), feed_url="https://acme.test/feed", headers={},
                        source="acme", first_seen=FIRST_SEEN)
    assert result.skipped == [], result.skipped
    [mention] = result.mentions
    assert EARLIEST <= mention.created_at <= FIRST_SEEN
