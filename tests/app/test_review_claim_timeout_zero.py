"""``claim_timeout: 0`` on an escalation chain, as a PagerDuty user writes it for "no
acknowledgement timeout" (a review, 2026-12-07): refused, as before, but in words that name
no unit ("0 is out of range: must be greater than or equal to 1": one what?) and that did not
say how to have no timeout. Now one line naming the file, the line and the field, the unit,
the range, and that leaving it out (or null) holds a claim until someone acts; a bare number
past the top is said in minutes and days. Through `socialops check`, as a user meets it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli_support import Cli, clean_env

CONFIG = """\
sources: [{{id: brand, type: replay, path: {empty}}}]
workspaces: [{{name: console, type: console}}]
channels:
  support: {{workspace: console, id: support}}
escalations:
  - name: e
    steps: [{{after_minutes: 5}}]
    claim_timeout: {value}
rules: rules.yaml
"""


@pytest.mark.parametrize(("value", "said"), [
    ("0", "0 minutes would release every claim at once: write 1m to 30d (e.g. 4h), or leave "
          "claim_timeout out (or null) for a claim held until someone acts"),
    ("'0'", "0 minutes would release every claim at once"),
    ("0m", "0m would release every claim at once"),
    ("0h", "0h would release every claim at once"),
    ("50000", "50000 minutes is too long: at most 30d"),
])
def test_a_claim_timeout_of_zero_says_its_unit_and_how_to_have_none(
        tmp_path: Path, value: str, said: str, cli: Cli) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: s, match: {any: [broken]}, action: ticket, channel: support, "
        "escalation: e}\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", value=value))
    done = cli("-c", str(cfg), "check", cwd=tmp_path, env=clean_env())
    assert done.returncode != 0
    lines = [line for line in (done.stdout + done.stderr).splitlines()
             if "escalations[0].claim_timeout" in line]
    assert len(lines) == 1, done.stdout + done.stderr
    assert lines[0].startswith(f"{cfg}:8: escalations[0].claim_timeout: {said}"), lines[0]
    assert "Traceback" not in done.stderr


def test_a_claim_timeout_of_null_holds_a_claim_until_someone_acts(tmp_path: Path) -> None:
    from bot.core.config import load_config

    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "rules.yaml").write_text("routes: []\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(CONFIG.format(empty=tmp_path / "empty.jsonl", value="null"))
    assert load_config(cfg, env={}).config.escalations[0].claim_timeout is None
