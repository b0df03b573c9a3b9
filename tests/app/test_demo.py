"""``socialops demo`` as a newcomer runs it: the walkthrough's summary says what its last cards
show (the summary reads every record's state at the end, not what it was mid-walk)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.app.cli_support import socialops


def test_the_demo_summary_agrees_with_its_last_cards(tmp_path: Path) -> None:
    proc = socialops("demo", cwd=tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    out = proc.stdout
    summary = out[out.rindex("Workflows"):]
    rejection = re.search(r"(A-\d+) rejected with a comment, then edited; now (\w+)", summary)
    assert rejection, summary
    approval, state = rejection.groups()
    last_card = out[:out.rindex("Workflows")].rindex(f"{approval}: ")
    header = out.rfind("APPROVAL [", 0, last_card)
    assert out[header:].startswith(f"APPROVAL [{state}]"), out[header:header + 80]
    for row in ("queue", "preview", "claim", "source health", "receipts"):
        assert re.search(rf"│ {row}\s+│", summary), (row, summary)
    assert "tickets (overdue, team support)" in summary
    # the simulated day polls the source all along, as a running bot does: no notice says
    # none polls it (each jump of its clock between two posts said so, and then "again")
    assert "is not polled" not in out and "is polled again" not in out
    assert re.search(r"\d+ of \d+ posts in the last 7 days would have matched", summary)
