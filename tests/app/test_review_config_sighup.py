"""A config change and a SIGHUP, as an operator tries one on a running `socialops run`: the
SIGHUP reloads the rules file only (README, docs/configuration.md), so an edit of
socialops.yaml waits for a restart. Before, the process answered the SIGHUP with `rules
reloaded from rules.yaml` and nothing else: the edit (a channel, the outbox's pace, a
schedule's override) looked applied and was not, with no word of it."""

from __future__ import annotations

import signal
from pathlib import Path

from tests.app.test_console_run import one_post_bot
from tests.app.test_rules_upgrade import posted, start, stop, wait_for

RULES = "routes:\n  - name: support\n    match: {any: [broken]}\n    channel: support\n"
SAID = "changed since this process started, and a SIGHUP reloads the rules file only"


def hup_after(tmp_path: Path, edit: bool, *, encoding: str | None = None) -> str:
    cfg = one_post_bot(tmp_path, RULES)
    if encoding is not None:  # saved again as a Windows editor saves it (read as such)
        cfg.write_bytes(cfg.read_text(encoding="utf-8").encode(encoding))
    record = tmp_path / "record.jsonl"
    proc = start(cfg, record)
    log = tmp_path / "run.log"
    try:
        assert wait_for(lambda: len(posted(record)) == 1, proc), log.read_text()[-2000:]
        if edit:
            with cfg.open("ab") as f:
                f.write("outbox: {per_channel_per_second: 0.5}\n".encode(
                    "utf-16-le" if encoding == "utf-16" else "utf-8"))
        proc.send_signal(signal.SIGHUP)
        wait_for(lambda: "rules reloaded" in log.read_text(), proc)
    finally:
        err = stop(proc, cfg)
    assert proc.returncode == 0, err[-2000:]
    assert "rules reloaded from" in err, err[-2000:]
    return err


def test_a_sighup_after_the_config_was_edited_says_the_edit_needs_a_restart(
        tmp_path: Path) -> None:
    err = hup_after(tmp_path, edit=True)
    said = [line for line in err.splitlines() if SAID in line]
    assert len(said) == 1, err[-2000:]
    assert f"SIGHUP: {tmp_path / 'socialops.yaml'} changed" in said[0]
    assert said[0].rstrip().endswith(
        "restart the process to apply it (one process at a time: docs/scaling.md)"), said[0]


def test_a_sighup_with_the_config_as_it_was_says_nothing_of_it(tmp_path: Path) -> None:
    err = hup_after(tmp_path, edit=False)
    assert SAID not in err, err[-2000:]


def test_a_sighup_with_a_config_saved_with_a_byte_order_mark_as_it_was_says_nothing(
        tmp_path: Path) -> None:
    """A config saved by a Windows editor (UTF-8 with its byte order mark, or UTF-16: both
    read, docs/configuration.md) and not edited since: every SIGHUP said it had changed and
    asked for a restart (the check read it as plain UTF-8, the mark or every other byte
    making it differ from the text the process had read)."""
    for encoding in ("utf-8-sig", "utf-16"):
        run = tmp_path / encoding
        run.mkdir()
        err = hup_after(run, edit=False, encoding=encoding)
        assert SAID not in err, (encoding, err[-2000:])


def test_a_sighup_after_a_byte_order_marked_config_was_edited_says_so(tmp_path: Path) -> None:
    err = hup_after(tmp_path, edit=True, encoding="utf-8-sig")
    assert len([line for line in err.splitlines() if SAID in line]) == 1, err[-2000:]
