"""A draft's run of more than ``MAX_BLANK_RUN`` blanks in one line (braille blanks, em or
ideographic spaces) is published as its card shows it, its first 40 (``as_shown``), and its
author is told, as of invisible characters and combining marks past a letter's 8: a draft is
never changed without a word (a hostile-content review, 2026-12-07)."""

from __future__ import annotations

import pytest

from bot.core.text import MAX_BLANK_RUN, blanks_cut
from handlers.approvals import draft_text, left_out


@pytest.mark.parametrize("blank", ["\u2003", "\u2800", "\u3000", " \u2800"])
def test_a_draft_s_long_run_of_blanks_is_said(blank: str) -> None:
    run = blank * (100 // len(blank))
    text, left = draft_text(f"Hello{run}there")
    assert text == f"Hello{run[:MAX_BLANK_RUN]}there"
    assert left.blanks == len(run) - MAX_BLANK_RUN
    said = left_out(left)
    assert f"{len(run) - MAX_BLANK_RUN} blank characters left out" in said, said
    assert f"at most {MAX_BLANK_RUN} in a row" in said, said


def test_what_is_not_cut_is_not_said() -> None:
    """Spaces alone, a short run, and a line of nothing (one blank line, as before) count
    nothing."""
    assert blanks_cut("a" + " " * 200 + "b") == 0
    assert blanks_cut("a" + "\u2003" * MAX_BLANK_RUN + "b") == 0
    assert blanks_cut("a\n\n" + "\u2800" * 300 + "\n\nb") == 0
    assert not draft_text("plain words")[1]
