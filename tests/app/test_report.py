"""``socialops report`` after ``socialops replay``, through the command line and a real SQLite
store."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.app.cli_support import Cli, assert_one_line_error

CONFIG = """\
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
store: {backend: sqlite, path: ./data/socialops.db}
"""
MENTION = ('{"id": "x:%d", "network": "x", "author": {"id": "1", "handle": "kasia"}, '
           '"text": "acme outage %d", "created_at": "2026-11-20T14:03:11Z"}')


def section(report: str, title: str) -> list[str]:
    """The rows of one section of the report, as printed (name, total)."""
    block = report.split(f"\n{title}\n", 1)[1].split("\n\n", 1)[0]
    return [" ".join(line.split()[:2]) for line in block.splitlines()]


def test_a_file_read_again_is_fetched_and_already_seen(tmp_path: Path, cli: Cli) -> None:
    """The same five posts replayed from a second file: the report counted ten fetched, as if
    all were new, and nothing said five had been dropped as duplicates."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "m.jsonl").write_text("".join(MENTION % (i, i) + "\n" for i in range(5)),
                                      encoding="utf-8")
    shutil.copy(tmp_path / "m.jsonl", tmp_path / "again.jsonl")
    for name in ("m.jsonl", "again.jsonl"):
        proc = cli("replay", name, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    proc = cli("report", "--since", "1d", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    fetched = section(proc.stdout, "Fetched, per source")
    seen = section(proc.stdout, "Of those, already seen (dropped as duplicates)")
    assert sorted(row.split()[1] for row in fetched) == ["5", "5"], proc.stdout
    (again,) = seen  # the second file's source, all five
    assert again.split()[1] == "5" and again in fetched, proc.stdout
    assert re.search(r"^  replay-\w+\s+5  ·█  5 today$", proc.stdout, re.M), proc.stdout


@pytest.mark.parametrize("command", ["report", "audit"])
@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_since_outside_what_utc_holds_is_one_line(tmp_path: Path, command: str,
                                                    when: str, cli: Cli) -> None:
    """Year 1 at +14:00 is before year 1 in UTC: `report` converted it and ended in an
    OverflowError traceback."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    assert_one_line_error(cli(command, "--since", when, cwd=tmp_path),
                          f"error: --since '{when}' falls outside the years 1 to 9999 in UTC")


@pytest.mark.parametrize("command", ["report", "audit"])
@pytest.mark.parametrize("when", ["", "  "])
def test_an_empty_since_is_one_line(tmp_path: Path, command: str, when: str, cli: Cli) -> None:
    """``--since "$SINCE"`` with the variable unset: `report` ended in an AssertionError
    traceback and `audit` exported everything, as if no --since had been given."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    assert_one_line_error(cli(command, "--since", when, cwd=tmp_path),
                          f"error: --since {when!r} is empty; give an ISO time")
