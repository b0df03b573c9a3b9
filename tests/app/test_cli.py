"""The CLI contract: names, exit codes, and errors a user can act on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.cli import main


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.app.cli", *args], capture_output=True,
                          text=True, timeout=60, cwd=cwd, check=False)


def test_unknown_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "usage: socialops" in err and "demo" in err and "check" in err


def test_unknown_option_prints_subcommand_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--colour"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--config" in err and "unrecognized arguments: --colour" in err


def test_check_reports_file_line_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces:\n  - name: console\n    type: console\n    colour: red\n")
    assert main(["check", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert f"{cfg}:4: workspaces[0].colour: unknown field" in err


def test_check_ok_without_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces:\n  - name: console\n    type: console\n")
    assert main(["check", "--config", str(cfg)]) == 0
    assert "OK" in capsys.readouterr().out


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    proc = run_cli("check", "--config", str(tmp_path / "absent.yaml"))
    assert proc.returncode == 1
    assert "absent.yaml: file not found" in proc.stderr
