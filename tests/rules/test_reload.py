"""Hot reload without sleeps: write the file, call poll."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from rules import RuleSet
from rules.reload import RulesReloader
from tests.rules.support import CHANNELS, ESCALATIONS, T0

V1 = "routes:\n  - name: one\n    channel: support\n"
V2 = "routes:\n  - name: two\n    channel: sales\n"
BAD = "routes:\n  - name: three\n    channel: nowhere\n"


def write(path: Path, text: str, bump: int) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    # mtime granularity can hide two writes in one tick; move it explicitly instead of sleeping
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + bump * 1_000_000_000))


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, list[RuleSet], RulesReloader]:
    path = tmp_path / "rules.yaml"
    write(path, V1, 0)
    got: list[RuleSet] = []
    return path, got, RulesReloader(path, got.append, channels=CHANNELS, escalations=ESCALATIONS)


def names(rs: RuleSet) -> list[str]:
    return [r.name for r, *_ in rs.walk()]


async def test_unchanged_file_is_not_reloaded(setup: tuple[Path, list[RuleSet],
                                                             RulesReloader]) -> None:
    path, got, reloader = setup
    assert await reloader.poll() is False
    write(path, V1, 1)  # touched, same content
    assert await reloader.poll() is False
    assert got == []


async def test_change_is_handed_over(setup: tuple[Path, list[RuleSet], RulesReloader]) -> None:
    path, got, reloader = setup
    write(path, V2, 1)
    assert await reloader.poll() is True
    assert [names(rs) for rs in got] == [["two"]]
    assert await reloader.poll() is False


async def test_invalid_file_keeps_old_rules_and_logs_once(
    setup: tuple[Path, list[RuleSet], RulesReloader], caplog: pytest.LogCaptureFixture
) -> None:
    path, got, reloader = setup
    with caplog.at_level(logging.ERROR, logger="rules.reload"):
        write(path, BAD, 1)
        assert await reloader.poll() is False
        write(path, BAD, 2)
        assert await reloader.poll() is False
    assert got == []
    assert reloader.failures == 1
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "rules.yaml:3: routes[0].channel: unknown channel 'nowhere'" in errors[0].getMessage()
    write(path, V2, 3)  # fixed: the next poll picks it up
    assert await reloader.poll() is True
    assert [names(rs) for rs in got] == [["two"]]
    assert reloader.last_error is None


@pytest.mark.parametrize(("gone", "said"), [
    ("deleted", "file not found (deleted or moved?); keeping the current rules until it is back"),
    ("a folder", "is a directory, not a file; keeping the current rules until it is a file "
                 "again")])
async def test_a_file_gone_keeps_rules_and_says_so_in_words(
        setup: tuple[Path, list[RuleSet], RulesReloader], caplog: pytest.LogCaptureFixture,
        gone: str, said: str) -> None:
    """Said as every other file problem is, not as Python's errno ("[Errno 2] No such file or
    directory: 'rules.yaml'", a newcomer's find); back, it is reloaded."""
    path, got, reloader = setup
    path.unlink()
    if gone == "a folder":
        path.mkdir()
    with caplog.at_level(logging.ERROR, logger="rules.reload"):
        assert await reloader.poll() is False
    assert [r.getMessage() for r in caplog.records] == [f"{path}: {said}"]
    if gone == "a folder":
        path.rmdir()
    write(path, V2, 5)
    assert await reloader.poll() is True
    assert len(got) == 1


@pytest.mark.parametrize("empty", ["", "\n", "# rules, written later\n"])
async def test_a_truncated_file_keeps_the_current_rules(
    setup: tuple[Path, list[RuleSet], RulesReloader], caplog: pytest.LogCaptureFixture,
    empty: str,
) -> None:
    """What an editor's save can leave for a moment (`: > rules.yaml`) is not "no routes"."""
    path, got, reloader = setup
    with caplog.at_level(logging.ERROR, logger="rules.reload"):
        write(path, empty, 1)
        assert await reloader.poll() is False
    assert got == []
    assert reloader.failures == 1
    assert "keeping the current rules" in caplog.text
    assert "the rules file is empty" in caplog.text
    write(path, V2, 2)  # the save completes
    assert await reloader.poll() is True
    assert [names(rs) for rs in got] == [["two"]]


async def test_a_file_without_routes_keeps_the_current_rules(
    setup: tuple[Path, list[RuleSet], RulesReloader],
) -> None:
    path, got, reloader = setup
    write(path, "brands:\n  ours: [acme]\n", 1)
    assert await reloader.poll() is False
    assert reloader.last_error is not None and "no routes:" in str(reloader.last_error)
    write(path, "routes: []\n", 2)  # nothing routed, on purpose
    assert await reloader.poll() is True
    assert [names(rs) for rs in got] == [[]]


async def test_a_reload_leaves_an_ended_silence_out_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    path = tmp_path / "rules.yaml"
    write(path, V1, 0)
    got: list[RuleSet] = []
    reloader = RulesReloader(path, got.append, channels=CHANNELS, escalations=ESCALATIONS,
                             clock=lambda: T0)
    with caplog.at_level(logging.WARNING, logger="rules.loader"):
        write(path, V1 + "silences:\n  - {id: s, routes: [one], who: a, why: b, "
                         "until: 2026-11-22T00:00:00Z}\n", 1)
        assert await reloader.poll() is True  # the new file is taken, less the silence
    assert [rs.rules.silences for rs in got] == [()]
    assert [r.getMessage() for r in caplog.records] == [
        f"{path}:5: silences[0].until: silence 's' ended at 2026-11-22 00:00 UTC: it is "
        "ignored; delete it, or move until: into the future"]
