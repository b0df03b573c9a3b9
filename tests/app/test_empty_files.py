"""An empty (or comment-only) file is an error, never a bot that silently does nothing: in
`socialops check`, at start-up, and (for the rules) on hot reload (tests/rules/test_reload.py).
Start-up is the installed command's `run`; the check runs the same ``main`` in the test's process
(``cli``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli_support import Cli, assert_one_line_error, clean_env, socialops
from tests.app.test_check_followons import CONFIG, check


@pytest.mark.parametrize("text", ["", "# nothing yet\n\n"])
def test_an_empty_rules_file_is_an_error_in_check_and_at_start_up(tmp_path: Path, text: str,
                                                                   cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(text, encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env=clean_env())
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "rules.yaml: the rules file is empty: no routes, so nothing would reach a "
        "channel; write routes: (see docs/rules.md), or `routes: []` to route "
        "nothing on purpose"), proc.stderr
    proc = socialops("run", "--no-stdin", cwd=tmp_path, env=clean_env(), timeout=60)
    assert_one_line_error(proc, "rules.yaml: the rules file is empty")


async def test_rules_without_routes_are_an_error_unless_written_as_none(tmp_path: Path) -> None:
    code, lines = await check(tmp_path, CONFIG, "brands:\n  ours: [acme]\n")
    assert code == 1
    assert lines[0].startswith("rules.yaml:1: no routes: in the rules file"), lines
    code, lines = await check(tmp_path, CONFIG, "brands:\n  ours: [acme]\nroutes: []\n")
    assert (code, lines) == (0, [])



@pytest.mark.parametrize("text", ["", "# socialops.yaml\n# (to do)\n"])
def test_an_empty_config_file_is_an_error(tmp_path: Path, text: str, cli: Cli) -> None:
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    proc = cli("check", "-c", "c.yaml", cwd=tmp_path, env=clean_env())
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "c.yaml: the file is empty (or only comments); write a config with `socialops init`, "
        "or see docs/configuration.md"), proc.stderr
    proc = socialops("run", "-c", "c.yaml", "--no-stdin", cwd=tmp_path, env=clean_env(),
                     timeout=60)
    assert_one_line_error(proc, "c.yaml: the file is empty", "socialops init")
