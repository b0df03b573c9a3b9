"""Working hours on a schedule (Grafana OnCall's rotation "working hours", PagerDuty's layer
restrictions: on call only Monday to Friday, 09:00 to 17:00) are no part of socialops's
schedules. A lead coming from those tools writes the key they know and was told only
`unknown field (known: ...)`; the docs said nothing either way (a review of the ticket flow,
2026-12-06). Now `check` says it is not supported and where the way around it is written, and
that way (docs/workflows.md, "Working hours") is held to its word here."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app.check import run_check
from bot.core.config import ScheduleConfig
from bot.core.oncall import Schedule

FILE = """\
people:
  - {{id: alice, role: agent}}
  - {{id: carol, role: agent}}
schedules:
  - name: primary
    people: [alice, carol]
    start: 2026-11-16T09:00
    shift: 1d
    {key}: {{weekdays: [monday:friday], times: ["09:00-17:00"]}}
"""


@pytest.mark.parametrize("key", ["working_hours", "restrictions", "layers"])
async def test_working_hours_on_a_schedule_are_said_not_supported(tmp_path: Path,
                                                                   key: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(FILE.format(key=key), encoding="utf-8")
    err = io.StringIO()
    assert await run_check(path, online=False, out=io.StringIO(), err=err, env={}) == 1
    line = err.getvalue().splitlines()[0]
    assert line.startswith(f"{path}:9: schedules[0].{key}: "), line
    assert "working hours are not supported" in line, line
    assert "docs/workflows.md" in line, line


def test_the_documented_way_around_puts_alice_on_call_in_working_hours_only() -> None:
    """The docs' example: 8-hour shifts from a Monday 09:00, a week's 21 of them named in
    turn, alice's at 09:00 on weekdays, carol's the rest; handoffs keep the wall clock, so it
    holds across both daylight-saving changes of 2026 in Berlin."""
    people = ["alice", "carol", "carol"] * 5 + ["carol"] * 6
    schedule = Schedule(ScheduleConfig.model_validate({
        "name": "support-hours", "people": people, "start": "2026-03-02T09:00",
        "shift": "8h", "timezone": "Europe/Berlin"}))
    berlin = ZoneInfo("Europe/Berlin")
    at = datetime(2026, 3, 2, 9, 0, tzinfo=berlin).astimezone(UTC)
    wrong = []
    while at < datetime(2026, 11, 30, tzinfo=UTC):
        local = at.astimezone(berlin)
        want = "alice" if local.weekday() < 5 and 9 <= local.hour < 17 else "carol"
        if schedule.person_at(at) != want:
            wrong.append(local)
        at += timedelta(minutes=30)
    assert wrong == []
