"""``claim_timeout:`` on an escalation chain (PagerDuty's acknowledgement timeout): a
duration, absent by default (a claim then holds until someone acts, as before); a value that
is no duration is one line naming the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import ConfigError, load_config

CHAIN = "escalations:\n  - name: e\n    steps: [{{after_minutes: 5}}]\n    claim_timeout: {}\n"


def test_a_claim_timeout_is_read_as_a_duration(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(CHAIN.format("4h"), encoding="utf-8")
    assert load_config(path, env={}).config.escalations[0].claim_timeout == 240
    path.write_text("escalations: [{name: e, steps: [{after_minutes: 5}]}]\n", encoding="utf-8")
    assert load_config(path, env={}).config.escalations[0].claim_timeout is None


@pytest.mark.parametrize(("value", "said"), [
    ("4 hourz", "claim_timeout: "),
    ("0", "claim_timeout: "),
    ("-1h", "claim_timeout: "),
    ("[4h]", "claim_timeout: "),
])
def test_a_claim_timeout_that_is_no_duration_is_one_line(tmp_path: Path, value: str,
                                                         said: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(CHAIN.format(value), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path, env={})
    lines = str(raised.value).splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}:4: escalations[0].{said}"), lines[0]
