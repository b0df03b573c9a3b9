"""Socket Mode frames heavy to decode, many at once (a fuzzing review, 2026-12-06).

Each frame is read in a task of its own (``OneAttemptClient.process_message``), and one over
``jsonpage.FRAME`` in a process of its own (``jsonpage.json_page``: a Python interpreter, the
frame of up to 4 MiB aiohttp reads, up to ``TRIM_SECONDS`` of CPU). Nothing bounded how many
such processes ran at once: a burst of heavy frames was a process each, all at once, on a
machine of two CPUs (measured here before: 16 frames, 16 processes at once). At most
``jsonpage.TRIMS_AT_ONCE`` run now, the others waiting their turn, every frame acknowledged.
Through the fake Slack's websocket and slack_sdk's client, the processes counted in /proc."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from integrations.slack.app import SlackBot
from integrations.social.common.jsonpage import TRIMS_AT_ONCE
from tests.integrations.slack import test_app_inbound as inbound_tests
from tests.integrations.slack.served import RecordingHandler
from tests.integrations.slack.test_review_socket_frames import _mention
from tests.support.fake_slack import FakeSlack

over_socket = inbound_tests.over_socket  # the app connected over Socket Mode (a fixture)


def _children() -> int:
    """Processes this one started that still run (each thread's children, /proc)."""
    tasks = Path(f"/proc/{os.getpid()}/task")
    return sum(len((t / "children").read_text().split()) for t in tasks.iterdir())


async def test_heavy_frames_at_once_are_read_a_few_processes_at_a_time(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack) -> None:
    _, _ = over_socket
    before = _children()
    most = 0

    async def watch() -> None:
        nonlocal most
        while True:
            most = max(most, _children() - before)
            await asyncio.sleep(0.01)

    watcher = asyncio.ensure_future(watch())
    try:
        heavy = "[" + ",".join(["[]"] * 300_000) + "]"
        sent = [await fake_slack.envelope_text("events_api", _mention(heavy))
                for _ in range(16)]
        for envelope_id in sent:  # every one still acknowledged
            await fake_slack.ack(envelope_id, timeout=120)
    finally:
        watcher.cancel()
    assert 1 <= most <= TRIMS_AT_ONCE, most
