"""The length the team report's title gives its window, on a day the clocks change: found by
a time review (2026-12-06). The window's ends came back from the typed times on the
workspace's clock (a ZoneInfo), and Python subtracts two times of one tzinfo on the wall
clock: one window got two lengths, as its end was typed."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from handlers.ticket_report import render_chat, team_report, window

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
NAMES = ("since=", "until=")


def title(since: str, until: str, zone: str = "Europe/Berlin") -> str:
    start, end = window(since, until, NOW, names=NAMES, zone=zone)
    report = dataclasses.replace(team_report([], since=start, until=end, by="route"),
                                 zone=zone)
    return render_chat(report).splitlines()[0]


def test_one_window_has_one_length_however_its_end_is_typed() -> None:
    """Sunday 2026-03-29 in Berlin, 23 hours long, typed as `until=2026-03-30` was "(1 day)"
    and as `until=2026-03-29T24:00` (the same instant, the docs' own form) "(23 h)"."""
    by_date = title("2026-03-29", "2026-03-30")
    by_24 = title("2026-03-29", "2026-03-29T24:00")
    assert by_date.split(" UTC")[0] == by_24.split(" UTC")[0]  # the same window
    assert "(1 day)" in by_date and "(1 day)" in by_24, (by_date, by_24)


def test_hours_across_the_change_are_the_hours_that_passed() -> None:
    """00:00 to 04:00 on the night Berlin's clocks go back is five hours (02:00-03:00 comes
    twice): the tickets of five hours are counted, and the title said "(4 h)"."""
    said = title("2026-10-25T00:00", "2026-10-25T04:00")
    assert "(5 h)" in said, said
