"""A rules file an earlier release ran, holding what this release's `check` now refuses (a
keyword of one letter or digit, refused since 2026-12-02): a real `socialops run` still starts
on it and routes as before, and a reload to such a file is taken, each with one warning that
says what to write. Refused at start, the whole bot would be down after the upgrade, every
alert lost; refused on reload, the team's edit would never apply."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tests.app.test_console_run import ROOT, one_post_bot

ONE_LETTER = ("routes:\n  - name: support\n    match: {any: [broken, R]}\n"
              "    channel: support\n")
WARNING = ("routes[0].match.any[1]: a keyword of one letter or digit ('R') matches nearly "
           "every post")


def start(cfg: Path, record: Path) -> subprocess.Popen[bytes]:
    """`socialops run` on ``cfg``, its log in run.log beside it."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    with (cfg.parent / "run.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.app.cli", "run", "--config", str(cfg), "--record",
             str(record)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log,
            env=env, cwd=ROOT)


def wait_for(done: Callable[[], bool], proc: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if done():
            return True
        time.sleep(0.05)
    return done()


def posted(record: Path) -> list[tuple[str, str]]:
    """(channel, text) of each card posted, in order."""
    if not record.exists():
        return []
    rows = [json.loads(line) for line in record.read_text().splitlines() if line.strip()]
    return [(r["channel"], r.get("text", "")) for r in rows if r["op"] == "post"]


def stop(proc: subprocess.Popen[bytes], cfg: Path) -> str:
    """SIGTERM; its log."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=30)
    return (cfg.parent / "run.log").read_text()


def test_run_starts_on_a_file_with_a_one_letter_keyword_and_routes_as_before(
        tmp_path: Path) -> None:
    cfg = one_post_bot(tmp_path, ONE_LETTER)
    record = tmp_path / "record.jsonl"
    proc = start(cfg, record)
    try:
        wait_for(lambda: bool(posted(record)), proc)
    finally:
        err = stop(proc, cfg)
    assert proc.returncode == 0, err[-2000:]
    assert [c for c, _ in posted(record)] == ["support"], err[-2000:]
    warned = [line for line in err.splitlines() if "routes[0].match.any[1]" in line]
    assert len(warned) == 1, err[-2000:]
    assert f"{tmp_path / 'rules.yaml'}:3: {WARNING}" in warned[0]
    assert "write a word of two characters or more" in warned[0]


def test_a_reload_to_a_file_with_a_one_letter_keyword_is_taken_with_one_warning(
        tmp_path: Path) -> None:
    cfg = one_post_bot(tmp_path, "routes:\n  - name: support\n    match: {any: [broken]}\n"
                                 "    channel: support\n")
    record = tmp_path / "record.jsonl"
    proc = start(cfg, record)
    try:
        assert wait_for(lambda: len(posted(record)) == 1, proc)
        (tmp_path / "rules.yaml").write_text(ONE_LETTER.replace("broken", "refund"))
        proc.send_signal(signal.SIGHUP)
        wait_for(lambda: "rules reloaded" in (tmp_path / "run.log").read_text(), proc)
    finally:
        err = stop(proc, cfg)
    assert proc.returncode == 0, err[-2000:]
    assert f"rules reloaded from {tmp_path / 'rules.yaml'}" in err, err[-2000:]
    assert "keeping the current rules" not in err, err[-2000:]
    assert len([line for line in err.splitlines() if WARNING in line]) == 1, err[-2000:]


def test_check_refuses_it_in_one_line_saying_what_to_write(tmp_path: Path) -> None:
    cfg = one_post_bot(tmp_path, ONE_LETTER)
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")}
    done = subprocess.run([sys.executable, "-m", "bot.app.cli", "check", "--config", str(cfg)],
                          check=False, capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=60)
    assert done.returncode == 1, done.stdout + done.stderr
    said = [line for line in (done.stdout + done.stderr).splitlines() if WARNING in line]
    assert len(said) == 1 and said[0].endswith(
        "write a word of two characters or more, or a phrase that holds it"), done.stderr
    assert "Traceback" not in done.stderr
