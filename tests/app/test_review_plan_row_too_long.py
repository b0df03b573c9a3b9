"""`socialops draft --from plan.csv`: a row whose text is longer than a draft may be
(``MAX_DRAFT_READ``, before any of it is cleaned: tests/core/test_review_clean_reads_a_bound.py)
is its line's problem in one line, not a traceback (a hostile-content review, 2026-12-07)."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import Cli
from tests.app.test_draft_from_file import home


def test_a_plan_s_row_too_long_to_read_is_one_line(tmp_path: Path, cli: Cli) -> None:
    """A row of 120,000 characters (the CSV reader's own limit is 131,072), nothing drafted."""
    home(tmp_path)
    (tmp_path / "plan.csv").write_text("network,account,at,text\n"
                                       "mastodon,sample,,fine\n"
                                       f"mastodon,sample,,{'a' * 120_000}\n", encoding="utf-8")
    proc = cli("draft", "--from", "plan.csv", "--as", "me", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [
        "error: plan.csv:3: text: the text is 120,000 characters, more than a draft may be "
        "(100,000, longer than any network's post): shorten it"], proc.stderr
