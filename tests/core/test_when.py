"""bot.core.when against what people type that its author did not write."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.errors import Refusal
from bot.core.when import publish_time

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def refused(text: str, now: datetime = NOW, zone: str | None = None) -> str:
    with pytest.raises(Refusal) as caught:
        publish_time(text, now, zone=zone)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 300, message
    return message


def test_what_is_read_is_what_was_typed_however_long() -> None:
    """The text was cut to 60 characters before it was read: an ISO time whose offset came
    after a long fraction of a second lost its offset and was read on the workspace's clock,
    five hours off, without a word."""
    typed = "2026-12-07T09:00:00." + "0" * 40 + "+05:00"
    assert datetime.fromisoformat(typed) == datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    try:
        assert publish_time(typed, NOW) == datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
    except Refusal as exc:  # refusing is fine too; reading another time is not
        assert "characters" in str(exc), exc
    message = refused("tomorrow 9am " + "x" * 10_000)
    assert "characters" in message and len(message) < 300, message
    message = refused("tomorrow 9am\n" * 2_000)
    assert "characters" in message, message
