"""``socialops check --online --timeout DURATION``: the bound of the whole online check, which
was 60 s, fixed (``bot.app.check.ONLINE_DEADLINE``), whatever the network between."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app.cli import main
from tests.app.test_cli import run_cli


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that takes connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_the_online_check_ends_at_the_timeout_given(tmp_path: Path, silent_port: int) -> None:
    """A Slack API that never answers held check --online for its 60 s, whatever was asked;
    --timeout 1 ends it after a second, naming the workspace and the flag. The process is given
    30 s, which the default bound cannot meet."""
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"""\
workspaces:
  - {{name: acme, type: slack, mode: http, bot_token: xoxb-1, signing_secret: s,
     api_url: "http://127.0.0.1:{silent_port}/api/"}}
http: {{port: 8080}}
""", encoding="utf-8")
    proc = run_cli("check", "--config", str(cfg), "--online", "--timeout", "1", timeout=30)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines()[0] == (
        f"{cfg}:2: workspaces[0]: Slack workspace acme did not answer within 1 s, the bound "
        "of the whole check --online (--timeout); its token, channels and people are not "
        "checked; check this machine's network (or proxy), or its api_url"), proc.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["--online", "--timeout", "0"], "--timeout '0': give more than 0 and at most 1h "
                                     "(default 60s)"),
    (["--online", "--timeout", "2h"], "--timeout '2h': give more than 0 and at most 1h "
                                      "(default 60s)"),
    (["--online", "--timeout", "soon"], "--timeout: 'soon' is not a duration: expected a "
                                        "duration such as 30s, 5m, 1h or 1d"),
    (["--online", "--timeout=-5"], "--timeout: '-5' is negative"),
    (["--online", "--timeout", "1m30"], "--timeout: '1m30': 30 has no unit; write 1m30s"),
    (["--timeout", "90"], "--timeout '90': it bounds check --online; add --online, or leave "
                          "--timeout out"),
])
def test_a_timeout_that_cannot_be_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              args: list[str], said: str) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces:\n  - name: console\n    type: console\n", encoding="utf-8")
    assert main(["check", "--config", str(cfg), *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {said}"), err


def test_a_timeout_in_any_form_of_duration_is_taken(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A console-only config asks nobody online: the timeout is read and the check passes."""
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces:\n  - name: console\n    type: console\n", encoding="utf-8")
    for typed in ("90", "90s", "2m", "1m30s", "0.5"):
        assert main(["check", "--config", str(cfg), "--online", "--timeout", typed]) == 0, typed
        capsys.readouterr()
