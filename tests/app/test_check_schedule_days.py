"""`socialops check` on a schedule's times that name a day the calendar does not have
(2027-02-29, a leap day of a year that has none; 2026-04-31), found by a time review
(2026-12-06): said as that, as a typed time is (`February 2027 has 28 days`), not as a form
to write that the line has already."""

from __future__ import annotations

from pathlib import Path

from tests.app.test_check_schedules import HEAD, check

LEAP = HEAD + """\
schedules:
  - name: primary
    people: [alice, bob]
    start: 2027-02-29T09:00                                 # 9: no such day
    shift: 1w
    timezone: Europe/Berlin
    overrides:
      - {person: bob, from: 2026-04-31T09:00, until: 2026-05-02T09:00}   # 13: no April 31
"""


async def test_a_day_the_calendar_lacks_is_said_so(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(LEAP, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    start = next(line for line in lines if "schedules[0].start" in line)
    assert "February 2027 has 28 days, no 29 (the last is 2027-02-28)" in start, start
    assert "write an ISO date and time" not in start, start
    until = next(line for line in lines if "schedules[0].overrides[0].from" in line)
    assert "April 2026 has 30 days, no 31" in until, until
