"""The CLI contract: names, exit codes, and errors a user can act on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.app.cli import main


def run_cli(*args: str, cwd: Path | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.app.cli", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, check=False)


def test_unknown_command_is_one_line_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "usage:" not in err
    assert err.startswith("error: socialops: unknown command 'frobnicate' (choose from 'demo'")
    assert err.endswith("; see `socialops --help`\n")


def test_unknown_option_is_one_line_at_its_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--colour"])
    assert info.value.code == 2
    assert capsys.readouterr().err == ("error: socialops check: unrecognized arguments: "
                                       "--colour; see `socialops check --help`\n")


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
    assert "absent.yaml: config file not found; check the path given to -c" in proc.stderr


def check_from_stdin(*args: str, config: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`cat <config> | socialops <args>`: stdin is a pipe."""
    return subprocess.run([sys.executable, "-m", "bot.app.cli", *args], input=config,
                          capture_output=True, text=True, timeout=60, cwd=cwd, check=False)


CONFIG = ("workspaces: [{name: console, type: console}]\n"
          "channels: {support: {workspace: console, id: support}}\n"
          "rules: rules.yaml\n")


def test_check_reads_the_config_from_stdin_with_a_dash(tmp_path: Path) -> None:
    # `cat socialops.yaml | socialops check -c /dev/stdin` was refused: a pipe
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: r, match: {any: [acme]}, channel: support}\n", encoding="utf-8")
    proc = check_from_stdin("check", "-c", "-", config=CONFIG, cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == ("<stdin>: OK: 0 source(s), 1 workspace(s), 1 channel(s), 0 people; "
                           "rules OK (rules.yaml); no source, so the bot reads no network: "
                           "add one under sources: (docs/networks.md)\n")
    # mistakes at their lines of stdin; a relative path is read from the current folder
    proc = check_from_stdin("check", "-c", "-", cwd=tmp_path,
                            config=CONFIG.replace("rules.yaml", "rules/x.yaml") + "colour: 1\n")
    assert proc.returncode == 1
    first, second, last = proc.stderr.splitlines()
    assert first == (
        "<stdin>:3: rules: file not found: rules/x.yaml (relative to the current folder, as "
        "the config was read from stdin); create it (socialops init writes one) or fix the path")
    assert second.startswith("<stdin>:4: colour: unknown field (known: sources, ")
    assert last == "2 problem(s) found; fix them and run socialops check again"


def test_a_pipe_as_the_config_file_says_to_pass_a_dash(tmp_path: Path) -> None:
    proc = check_from_stdin("check", "-c", "/dev/stdin", config=CONFIG, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == ("/dev/stdin: is a pipe; to check a config piped in, pass -c - "
                           "(cat socialops.yaml | socialops check -c -)\n")


@pytest.mark.parametrize("command", [["run"], ["fetch", "feeds"], ["rules", "test", "r", "c"]])
def test_only_check_reads_the_config_from_stdin(tmp_path: Path, command: list[str]) -> None:
    proc = check_from_stdin("-c", "-", *command, config=CONFIG, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == ("error: -c -: only `socialops check` reads the config from stdin; "
                           "pass the config file (-c socialops.yaml)\n")
