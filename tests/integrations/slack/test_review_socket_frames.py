"""Socket Mode frames and the event loop (an SRE's review, tests failing before).

slack_sdk's aiohttp client reads a frame whole (aiohttp's ``max_msg_size``, 4 MiB: slack_sdk
passes none), and ``OneAttemptClient.process_message`` decoded it on the loop. Slack's
envelopes are small (api.slack.com/apis/socket-mode: an ``envelope_id``, a ``type``, the
``payload`` an HTTP request would carry), but a frame under 4 MiB heavy to decode held the
loop: nested 1,900,000 deep, 5 s (the depth repair, ``bot.core.jsonbody``); 1,300,000
empty arrays, 0.8 s. Every workspace, ticket timer and outbox delivery of the process waited.
It is weighed now as a Jetstream message is (``jsonpage.FRAME``): a heavy one is read in a
process of its own, its heaviest parts cut, and still acknowledged (an unacknowledged
envelope comes again). A frame over 4 MiB is refused by aiohttp unread (close 1009), and the
connection is opened again: what that costs is asserted too."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from integrations.slack.app import SlackBot
from tests.integrations.slack import test_app_inbound as inbound_tests
from tests.integrations.slack.served import RecordingHandler
from tests.integrations.slack.test_app_inbound import click
from tests.integrations.test_review_loop_frames import STALL, Heartbeat
from tests.support.fake_slack import FakeSlack

REAL = Path(__file__).parents[2] / "fixtures" / "real" / "slack"
over_socket = inbound_tests.over_socket  # the app connected over Socket Mode (a fixture)


def _mention(hostile: str) -> str:
    """A real app_mention event's JSON text, with a field Slack does not define holding
    ``hostile`` (JSON text)."""
    doc = json.loads((REAL / "event_app_mention.json").read_text(encoding="utf-8"))
    doc["x-hole"] = "HOLE"
    return json.dumps(doc).replace('"HOLE"', hostile)


async def test_a_heavy_socket_mode_frame_is_decoded_off_the_loop_and_acknowledged(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack) -> None:
    _, handler = over_socket
    for hostile in ("[" * 1_900_000 + "]" * 1_900_000,
                    "[" + ",".join(["[]"] * 1_300_000) + "]"):
        async with Heartbeat() as beat:
            sent = await fake_slack.envelope_text("events_api", _mention(hostile))
            await fake_slack.ack(sent, timeout=60)
        assert beat.longest < STALL, (len(hostile), beat.longest)
    served = await fake_slack.envelope("interactive", click(fake_slack, "socialops:claim",
                                                            "T-9"))
    await fake_slack.ack(served)
    await handler.arrived.wait()
    assert [(i.action, i.target) for i in handler.seen][-1:] == [("claim", "T-9")]


async def test_a_frame_over_what_aiohttp_reads_is_refused_unread_and_served_after(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack) -> None:
    """10 MB in one frame: aiohttp refuses it past 4 MiB (``max_msg_size``) without
    decoding it, and closes the connection (1009); the bot opens a new one at once
    (``test_review_socket_refused``) and serves the next envelope on it. The refused envelope
    is never acknowledged (Slack would send it again: it would be refused again)."""
    bot, handler = over_socket
    links = fake_slack.links
    async with Heartbeat() as beat:
        try:
            await fake_slack.envelope_text("events_api", _mention(json.dumps("x" * 10_000_000)))
        except ConnectionError:
            pass  # the client closed the link while the frame was still being written
        async with asyncio.timeout(30):
            while fake_slack.links == links:
                await asyncio.sleep(0.05)
    assert beat.longest < STALL, beat.longest
    client = bot.socket_mode().built().client
    async with asyncio.timeout(10):
        while not await client.is_connected():
            await asyncio.sleep(0.05)
    served = await fake_slack.envelope("interactive", click(fake_slack, "socialops:claim",
                                                            "T-9"))
    await fake_slack.ack(served)
    await handler.arrived.wait()
    assert [(i.action, i.target) for i in handler.seen] == [("claim", "T-9")]


async def test_a_frame_that_cannot_be_cut_to_fit_is_acknowledged_and_skipped(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack) -> None:
    """6,000 empty objects side by side in the payload: no part stands out to cut. Its
    ``envelope_id`` is read from the frame's head (Slack writes it first), so it is still
    acknowledged (not sent again), counted once, and reaches no listener."""
    bot, handler = over_socket
    payload = json.dumps({f"x{n}": {} for n in range(6_000)})
    ack = await fake_slack.ack(await fake_slack.envelope_text("events_api", payload), timeout=60)
    assert "payload" not in ack and bot.skipped == 1
    assert handler.seen == []
