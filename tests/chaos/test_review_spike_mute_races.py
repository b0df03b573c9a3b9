"""Spike warnings muted from chat (``mute spikes``) in two real processes on one SQLite file or
one redis-server (``tests.chaos.boundary say``): one process's mute decided (it read the mutes,
a series' mute among them over) and held before its write, while another mutes that series
anew and writes; then the first writes. Its write took the ended mutes' records away
unconditionally, the record just put again among them: the new mute was lost, though its reply
said muted and its audit event was written (a chaos review, 2026-12-07; failed before: status
listed no keyword mute). The records carry a version, and a mute takes an ended one away only
as it read it; on a conflict it decides again."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.procs import ROOT, until_set
from tests.chaos.test_claim_races import START, Setup, say
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

LEAD = "  - {id: erin, role: approver}\n"


def _with_a_lead(s: Setup) -> None:
    text = s.config.read_text()
    assert LEAD in text
    s.config.write_text(text.replace(LEAD, LEAD + "  - {id: lena, role: lead}\n"))


def _run(s: Setup, go: Path, line: str, *at: str) -> subprocess.Popen[bytes]:
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "say", str(s.config), str(s.record),
         START.isoformat(), str(go), "lena", line, *at], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=env)


def _answer(proc: subprocess.Popen[bytes]) -> dict[str, Any]:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()[-3000:]
    return dict(json.loads(out.decode().strip().splitlines()[-1]))


@pytest.mark.untimed  # the first process held decided by a file while the second writes
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_mute_decided_before_another_is_written_does_not_take_it_away(
        tmp_path: Path, backend: str, redis_server: RedisServer) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    _with_a_lead(s)
    async with open_app(load_config(s.config), clock=FakeClock(START - timedelta(hours=3)),
                        out=io.StringIO(), record_path=s.record) as app:
        await say(app, "lena", "mute spikes keyword broken 1h")  # over an hour before START
    hold, go = tmp_path / "hold", tmp_path / "go-held"
    go.touch()
    held = _run(s, go, "mute spikes support 2h", f"stall:{hold}")
    try:
        assert until_set(held, hold.with_suffix(".ready")), \
            held.communicate()[1].decode()[-3000:]
        (tmp_path / "go-second").touch()
        second = _answer(_run(s, tmp_path / "go-second", "mute spikes keyword broken 2h"))
        assert second["ok"] and "keyword broken muted until" in second["text"], second
        hold.touch()
        first = _answer(held)
        assert first["ok"] and "route support muted until" in first["text"], first
    finally:
        if held.poll() is None:
            held.kill()
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        status = await say(app, "lena", "status")
        events = [e for e in await app.store.audit_since(None)
                  if e.action.startswith("spikes.")]
    assert "keyword broken until" in status and "route support until" in status, status
    assert sorted((e.action, e.object_id) for e in events) == [
        ("spikes.mute", "keyword:broken"), ("spikes.mute", "keyword:broken"),
        ("spikes.mute", "route:support")]
