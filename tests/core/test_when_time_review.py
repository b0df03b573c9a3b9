"""bot.core.when against the words for times of day that chat schedulers take (Slack's
/remind, Hootsuite's composer: "tomorrow at noon", "until midnight"), found by a time review
(2026-12-06)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.errors import Refusal
from bot.core.when import cover_span, publish_time, snooze_end

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # Tuesday, 11:00 in Berlin


def test_noon_is_twelve_o_clock_not_a_time_zone() -> None:
    """`schedule A-3 tomorrow noon` was answered "'noon' is not a time zone; use a name such
    as UTC or Europe/Berlin": the word was read as a zone typed after a time. Noon is 12:00
    on the workspace's clock, as Slack's /remind and the planners read it."""
    assert publish_time("tomorrow noon", NOW, zone="Europe/Berlin") == \
        datetime(2026, 12, 2, 11, 0, tzinfo=UTC)
    assert publish_time("fri at noon", NOW, zone="Europe/Berlin") == \
        datetime(2026, 12, 4, 11, 0, tzinfo=UTC)
    assert snooze_end("noon", NOW, zone="America/New_York") == \
        datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    assert cover_span("tomorrow noon to 18:00", NOW, zone="Europe/Berlin") == (
        datetime(2026, 12, 2, 11, 0, tzinfo=UTC), datetime(2026, 12, 2, 17, 0, tzinfo=UTC))


@pytest.mark.parametrize("typed", ["tomorrow midnight", "fri midnight"])
def test_midnight_is_said_as_a_time_not_as_a_zone(typed: str) -> None:
    """Midnight is the start of a day to some and its end to others: refused saying what to
    write, 00:00 or 24:00, never that it is no time zone."""
    with pytest.raises(Refusal) as caught:
        snooze_end(typed, NOW, zone="Europe/Berlin")
    message = str(caught.value)
    assert "time zone" not in message, message
    assert "00:00" in message and "24:00" in message, message


def test_midnight_alone_is_the_one_to_come() -> None:
    with pytest.raises(Refusal) as caught:
        snooze_end("midnight", NOW, zone="Europe/Berlin")
    assert str(caught.value) == "'midnight': write tomorrow 00:00 for the midnight to come"
