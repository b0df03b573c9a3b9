"""The console's wrap of one long word does work linear in its length: every character is
measured once (``cell_len``) and the grapheme reader (the regex module's ``\\X``, which looks
back to the start of a run of flag letters for each one) is given bounded pieces. A word of
20,000 flag letters took 1.5 s, cut line by line with the rest measured each time."""

from __future__ import annotations

from typing import Any

import pytest
import regex
from rich.cells import cell_len

from bot.core import text as core_text
from integrations.console import workspace
from integrations.console.workspace import frame

WIDTH = 80


class _Counted:
    """The grapheme reader, counting the work a piece given to it may cost (its length
    squared: ``\\X`` over a run of flag letters)."""

    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern
        self.work = 0

    def finditer(self, text: str, *args: Any) -> Any:
        self.work += len(text) ** 2
        return self.pattern.finditer(text, *args)


@pytest.mark.parametrize("letter", ["🇺", "🇺🇸", "界", "e\u0301", "a"],
                         ids=["flag-letters", "flags", "wide", "accent", "ascii"])
def test_one_long_word_is_wrapped_in_linear_work(letter: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    measured = [0]

    def counted_cell_len(text: str) -> int:
        measured[0] += len(text)
        return cell_len(text)

    reader = _Counted(regex.compile(r"\X"))
    monkeypatch.setattr(workspace, "cell_len", counted_cell_len)
    monkeypatch.setattr(core_text, "_GRAPHEME", reader)  # what grapheme_spans reads with
    word = letter * (20_000 // len(letter))
    printed = frame("t", [word], width=WIDTH)

    lines = printed.splitlines()[1:-1]
    # every character shown once, in order, each line inside the box
    assert "".join(line[2:-2].rstrip() for line in lines) == word
    assert all(cell_len(line) == WIDTH for line in lines)
    # a flag is never cut in half: each line but the last holds whole pairs
    if letter == "🇺":
        assert all(len(line[2:-2].rstrip()) % 2 == 0 for line in lines[:-1])
    assert measured[0] <= 4 * len(word)
    assert reader.work <= 200 * len(word)


def test_a_flag_is_not_split_across_lines() -> None:
    """Flag letters pair from the run's start (UAX #29): read a window at a time, the pairs
    are the same as read whole."""
    word = "a" + "🇺🇸" * 5_000
    lines = [line[2:-2].rstrip() for line in frame("t", [word], width=WIDTH).splitlines()[1:-1]]
    assert lines[0].startswith("a")
    for line in lines:
        body = line.removeprefix("a")
        assert all(pair == "🇺🇸" for pair in regex.findall(r"\X", body)), line
