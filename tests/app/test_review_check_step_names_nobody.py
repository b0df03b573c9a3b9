"""`socialops check` on an escalation step that names nobody (no notify_users, notify_groups,
schedule or channel): its notice would ping nobody, as PagerDuty refuses a rule with no target.
check says so in one warning line naming the file, the step's line and the field, and still
passes (the bot runs it, its notice saying nobody was pinged)."""

from __future__ import annotations

import io
from pathlib import Path

from bot.app.check import run_check

CONFIG = """\
channels:
  support: {workspace: console, id: support}
  leads: {workspace: console, id: leads}
people:
  - {id: alice}
escalations:
  - name: support-default
    steps:
      - {after_minutes: 15, notify_users: [alice]}
      - {after_minutes: 30}                                  # 10: names nobody
      - {after_minutes: 30, channel: leads}
"""


async def _check(tmp_path: Path, text: str) -> tuple[int, str, str]:
    path = tmp_path / "socialops.yaml"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    return code, out.getvalue(), err.getvalue()


async def test_a_step_naming_nobody_is_one_warning_line_at_its_line(tmp_path: Path) -> None:
    code, out, err = await _check(tmp_path, CONFIG)
    assert code == 0, err
    assert "OK" in out
    lines = [ln for ln in err.splitlines() if "names nobody" in ln]
    assert len(lines) == 1, err
    line = lines[0]
    assert f"{tmp_path / 'socialops.yaml'}:10:" in line
    assert "escalations[0].steps[1]" in line
    assert "step 2 of support-default names nobody to ping" in line
    assert "notify_users, notify_groups or schedule" in line
    assert line.endswith("(a warning: nothing stops on it)")


async def test_steps_naming_someone_or_a_channel_are_not_warned_of(tmp_path: Path) -> None:
    text = CONFIG.replace("{after_minutes: 30}  ", "{after_minutes: 30, schedule: x}")
    text = text.replace("escalations:", "schedules:\n  - {name: x, people: [alice], "
                        "start: 2026-11-02T09:00, shift: 1w}\nescalations:")
    code, _, err = await _check(tmp_path, text)
    assert code == 0, err
    assert "names nobody" not in err
