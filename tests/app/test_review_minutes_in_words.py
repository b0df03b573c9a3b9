"""An escalation step's wait written in words, as a support lead writes it (``after_minutes:
thirty``, ``half an hour``): `socialops check` answered "expected a duration such as 30s, 5m,
1h or 1d", and the first example it gave, ``30s``, is then refused for this key ("30s is not
whole minutes"). A key in whole minutes says what it takes: whole minutes or a duration of
whole minutes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.test_check_followons import CONFIG, check

STEP = ("escalations:\n  - name: support-default\n    steps:\n"
        "      - {{after_minutes: {0}, notify_users: [ana]}}\n"
        "people:\n  - {{id: ana, role: agent, identities: {{console: ana}}}}\n")


@pytest.mark.parametrize("written", ["thirty", "half an hour", "'thirty minutes'"])
async def test_minutes_in_words_are_said_as_whole_minutes(tmp_path: Path, written: str) -> None:
    code, lines = await check(tmp_path, CONFIG.replace("rules: rules.yaml\n", "")
                              + STEP.format(written))
    assert code == 1
    assert len(lines) == 2, lines
    assert lines[0].startswith("socialops.yaml:7: escalations[0].steps[0].after_minutes: "), lines
    assert "30s" not in lines[0], lines
    assert lines[0].endswith("is not a duration: expected whole minutes such as 30, or a "
                             "duration such as 5m, 1h or 1d"), lines


async def test_a_wait_in_whole_minutes_of_a_duration_is_taken(tmp_path: Path) -> None:
    code, lines = await check(tmp_path, CONFIG.replace("rules: rules.yaml\n", "")
                              + STEP.format("'30 minutes'"))
    assert code == 0, lines
