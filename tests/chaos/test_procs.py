"""The helpers that let raced processes go (``tests.chaos.procs``): a process still starting is
waited for or fails the test, never left behind while the others run alone (a race not run,
that passes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.chaos.procs import let_go_together, until_set

# writes READY at once (or only once HOLD exists, if given), then waits for GO
SET = """
import sys, time
from pathlib import Path
ready, go, hold = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
while hold and not Path(hold[0]).exists():
    time.sleep(0.005)
ready.touch()
while not go.exists():
    time.sleep(0.005)
"""


def start(*args: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", SET, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.untimed  # the second process is never set: no moment decides anything
def test_a_process_never_set_fails_the_race_and_the_others_are_not_let_go(
        tmp_path: Path) -> None:
    go = tmp_path / "go"
    procs = [start(tmp_path / "a", go), start(tmp_path / "b", go, tmp_path / "never")]
    with pytest.raises(AssertionError, match=r"not set within 1 s.*: b$"):
        let_go_together(procs, [tmp_path / "a", tmp_path / "b"], go, timeout=1)
    assert not go.exists()  # before: let go after the wait, as if both were set
    assert all(p.poll() is not None for p in procs)  # killed


@pytest.mark.untimed
def test_a_process_set_late_is_waited_for_and_let_go_with_the_others(tmp_path: Path) -> None:
    go, hold = tmp_path / "go", tmp_path / "hold"
    procs = [start(tmp_path / "a", go), start(tmp_path / "b", go, hold)]
    assert until_set(procs[0], tmp_path / "a")
    hold.touch()  # b is set only now, after a
    outs = let_go_together(procs, [tmp_path / "a", tmp_path / "b"], go)
    assert [p.returncode for p in procs] == [0, 0], outs


@pytest.mark.untimed
def test_until_set_tells_a_process_that_ended_unset(tmp_path: Path) -> None:
    ended = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    assert until_set(ended, tmp_path / "ready") is False
    assert ended.returncode == 3
