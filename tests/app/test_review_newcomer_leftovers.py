"""A newcomer's review (2026-12-07): the README and docs/ followed verbatim on a fresh clone,
then held wrong on purpose. Each test fails on the code reviewed and passes once the command
does what the README says, or says what is wrong in one line with what to do."""

from __future__ import annotations

from pathlib import Path

from tests.app.cli_support import Cli, clean_env

# -- 1. `socialops fetch` made an empty store where none was meant ---------------------------


def test_fetch_without_a_store_writes_none(tmp_path: Path, cli: Cli) -> None:
    """README: fetch polls one source once, "no routing, no posting, cursor untouched". In the
    quick start's folder before any `socialops run`, it made `data/`, a 240 KB database and its
    lock there: a store nobody meant, which the readers (`why`, `audit`) then took for the
    bot's and reported nothing from."""
    assert cli("init", "--yes", cwd=tmp_path, env=clean_env()).returncode == 0
    before = sorted(p.name for p in tmp_path.iterdir())
    fetched = cli("fetch", "sample", cwd=tmp_path, env=clean_env())
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stderr.startswith("50 mention(s), 0 skipped"), fetched.stderr
    assert len(fetched.stdout.splitlines()) == 50
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no data/, no database
    why = cli("why", "T-1", cwd=tmp_path, env=clean_env())  # still no bot's store to read
    assert why.returncode == 1 and "no database there" in why.stderr, why.stderr
