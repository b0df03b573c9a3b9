"""`socialops model eval --corrections FILE`: a bad line is one line naming its fields and
what they take; a file with nothing valid in it is an error, not 'accuracy 0.00'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.app.model_cli import parse_correction
from tests.app.cli_support import Cli, assert_one_line_error, clean_env

AT = "2026-11-01T09:00:00Z"
GOOD = {"text": "this is awful", "field": "polarity", "old": "neutral", "new": "negative",
        "who": "me", "at": AT}


@pytest.mark.parametrize(("line", "words"), [
    (json.dumps({**GOOD, "new": "negativ"}),
     "new: 'negativ' is not a polarity label (one of negative, neutral, positive)"),
    (json.dumps({"bad": 1}), "bad: unknown field; missing text, field, old, new, who, at; "
                             'a correction is {"text": ..., "field": "intent"|"polarity"'),
    (json.dumps({**GOOD, "field": "mood", "at": "yesterday"}),
     "field: 'mood' is not one of: intent or polarity; at: 'yesterday' is not a date and time"),
    ("not json", "not JSON (Expecting value at column 1)"),
    ("[1]", "not a JSON object"),
])
def test_a_bad_line_says_which_field_and_what_it_takes(line: str, words: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_correction(line)
    message = str(info.value)
    assert words in message
    assert "\n" not in message and "validation error" not in message


def test_skipped_lines_are_reported_one_line_each(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "c.jsonl").write_text(
        json.dumps(GOOD) + "\n" + json.dumps({**GOOD, "new": "negativ"}) + "\n",
        encoding="utf-8")
    proc = cli("model", "eval", "--corrections", "c.jsonl", cwd=tmp_path,
                     env=clean_env())
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines() == [
        "c.jsonl: line 2: skipped: new: 'negativ' is not a polarity label (one of negative, "
        "neutral, positive)"]
    assert "polarity: 1/1 right" in proc.stdout


@pytest.mark.parametrize(("text", "why"), [
    ("", "the file is empty"),
    ('{"bad": 1}\n\n{"bad": 2}\n', "all 2 line(s) were skipped"),
])
def test_nothing_valid_is_an_error(tmp_path: Path, text: str, why: str, cli: Cli) -> None:
    (tmp_path / "c.jsonl").write_text(text, encoding="utf-8")
    proc = cli("model", "eval", "--corrections", "c.jsonl", cwd=tmp_path,
                     env=clean_env())
    assert proc.returncode != 0 and "accuracy" not in proc.stdout
    last = proc.stderr.splitlines()[-1]
    assert last.startswith(f"error: c.jsonl: no corrections to evaluate ({why})"), proc.stderr
    if not text:
        assert_one_line_error(proc, "c.jsonl")
