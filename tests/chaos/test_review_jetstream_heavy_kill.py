"""A Jetstream message too heavy to read, skipped by a real ``socialops run`` that is then
SIGKILLed (a reliability review). The source saves the position past such a message "at
once" (``BlueskySource.stream``, docs/networks.md), but in ``socialops run`` a source's cursor
writes are held in the read's cursor transaction (``bot.engine.cursors``) until the next
mention is processed: with no mention after it (a quiet keyword), the save waited, and a kill
lost it, so the next start resumed before the message and read it again in a process of its
own (seconds each time). Jetstream resumes from an event's ``time_us`` (bluesky-social/
jetstream README, "cursor").

Untimed: the kill follows the save seen in the SQLite file; the restart is ordered after it."""

from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from integrations.social.bluesky.source import OVERLAP_US
from tests.app.cli_support import SOCIALOPS, clean_env, socialops
from tests.integrations.test_review_loop_frames import _post, from_cursor
from tests.support.netserver import NetServer
from tests.support.processes import die_with_parent, stopped

pytestmark = pytest.mark.untimed


def _cursor(db: Path, key: str) -> str | None:
    if not db.exists():
        return None
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            row = conn.execute("SELECT value FROM cursors WHERE source = ?", (key,)).fetchone()
    except sqlite3.OperationalError:  # not made yet
        return None
    return None if row is None else str(row[0])


async def _until_said(proc: asyncio.subprocess.Process, words: str, said: list[str]) -> None:
    assert proc.stderr is not None
    while line := (await asyncio.wait_for(proc.stderr.readline(), 60)).decode():
        said.append(line)
        if words in line or "Traceback" in line:
            return


@pytest.mark.timeout(120)
async def test_a_heavy_message_skipped_by_a_killed_run_is_not_read_again(
        tmp_path: Path) -> None:
    post = _post()
    heavy: dict[str, Any] = {**json.loads(json.dumps(post)), "time_us": post["time_us"] + 1}
    heavy["commit"]["rkey"] = "3heavy"
    heavy["commit"]["record"]["text"] = "nothing the keyword matches"
    heavy.update({f"x{n}": {} for n in range(6_000)})  # no part of it stands out to cut
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    config = tmp_path / "socialops.yaml"
    text = config.read_text()
    db = tmp_path / "data" / "socialops.db"  # as init writes it
    async with NetServer() as net:
        connects = net.websocket("/subscribe", [json.dumps(heavy)], select=from_cursor)
        begin, end = text.index("sources:"), text.index("workspaces:")
        config.write_text(text[:begin] + "sources:\n  - id: bsky\n    type: bluesky\n"
                          f"    base_url: {net.base}\n    jetstream_url: {net.ws_base}\n"
                          "    stream: true\n    stream_keywords: [zzqqxx]\n" + text[end:])
        started: list[asyncio.subprocess.Process] = []

        async def start() -> asyncio.subprocess.Process:
            proc = await asyncio.create_subprocess_exec(
                *die_with_parent([SOCIALOPS, "run", "--no-stdin"], "KILL"), cwd=tmp_path,
                env=clean_env(), stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE)
            started.append(proc)
            return proc

        try:
            said: list[str] = []
            first = await start()
            await _until_said(first, "skipped a jetstream message", said)
            assert any("skipped a jetstream message" in s for s in said), "".join(said)[-3000:]
            # saved at once: no mention comes after it (the keyword matches nothing)
            for _ in range(100):
                if _cursor(db, "bsky:jetstream") == str(heavy["time_us"]):
                    break
                await asyncio.sleep(0.1)
            saved = _cursor(db, "bsky:jetstream")
            first.send_signal(signal.SIGKILL)
            await first.wait()
            assert saved == str(heavy["time_us"]), (saved, "".join(said)[-2000:])
            assert _cursor(db, "bsky:jetstream-heavy") is not None

            second = await start()
            for _ in range(300):
                if len(connects) >= 2:
                    break
                await asyncio.sleep(0.1)
            assert len(connects) >= 2 and int(connects[1]["cursor"]) == \
                heavy["time_us"] - OVERLAP_US, connects
            err = (await stopped(second)).decode()
            # the replayed message known as skipped before: not read nor said again
            assert "skipped a jetstream message" not in err, err[-3000:]
            assert "Traceback" not in err, err[-3000:]
        finally:
            for proc in started:
                if proc.returncode is None:
                    proc.kill()
                    await proc.wait()
