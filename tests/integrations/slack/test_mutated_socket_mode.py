"""Slack's Socket Mode envelopes (events_api, interactive, slash_commands) of the wrong shape,
through the bot's Socket Mode path: slack_sdk's client connected to the local Slack's
websocket (tests/support/fake_slack.py), as test_mutated_inbound.py sends them over HTTP.

Each real payload has JSON paths given a value of the wrong kind (tests/support/mutations.py),
the payload's JSON text spliced into the envelope as Slack's would be. What must hold: every
envelope is acknowledged (an unacknowledged one comes again); no log record carries a
traceback or an ERROR; at most one WARNING; at most one count; what reaches the handler is
bounded; and the connection still serves a real click after them all. The (path, kind) pairs
are drawn from a seeded generator, as many per payload as the HTTP suite's examples."""

from __future__ import annotations

import asyncio
import json
import logging
import random
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from integrations.slack.app import SlackBot
from tests.integrations.slack import test_app_inbound as inbound_tests
from tests.integrations.slack.served import RecordingHandler
from tests.integrations.slack.test_app_inbound import click
from tests.integrations.test_mutated_inbound import bounded_interaction, settled
from tests.support.fake_slack import FakeSlack
from tests.support.mutations import EXAMPLES, KINDS, paths, render, shown

REAL = Path(__file__).parents[2] / "fixtures" / "real" / "slack"
over_socket = inbound_tests.over_socket  # the app connected over Socket Mode (a fixture)

PAYLOADS = [("interaction_block_actions.json", "interactive"),
            ("interaction_view_submission.json", "interactive"),
            ("event_app_mention.json", "events_api"),
            ("event_reaction_added.json", "events_api"),
            ("event_message_changed.json", "events_api"),
            ("slash_command.form.txt", "slash_commands")]


def _doc(name: str, fake: FakeSlack) -> Any:
    if name.endswith(".txt"):  # Socket Mode sends a slash command's form as a JSON object
        form = dict(parse_qsl((REAL / name).read_text().strip()))
        return {**form, "command": "/socialops", "text": "claim T-1",
                "response_url": fake.response_url("cmd")}
    doc: dict[str, Any] = json.loads((REAL / name).read_text(encoding="utf-8"))
    if "response_url" in doc:
        doc["response_url"] = fake.response_url("act")
    if doc.get("type") == "block_actions":
        doc["actions"][0].update(action_id="socialops:claim", value="T-1")
    return doc


@pytest.mark.parametrize(("name", "kind"), PAYLOADS, ids=[n for n, _ in PAYLOADS])
async def test_mutated_socket_mode_envelopes_are_each_acknowledged_and_survived(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack,
        caplog: pytest.LogCaptureFixture, name: str, kind: str) -> None:
    caplog.set_level(logging.INFO)
    bot, handler = over_socket
    doc = _doc(name, fake_slack)
    every = list(paths(doc))
    rng = random.Random(name)
    for _ in range(max(1, EXAMPLES // 3)):
        path, hostile = rng.choice(every), rng.choice(KINDS)
        what = f"{name} {shown(path)} = {hostile}"
        caplog.clear()
        before, skipped = set(asyncio.all_tasks()), bot.skipped
        sent = await fake_slack.envelope_text(kind, render(doc, path, hostile).decode())
        try:
            await fake_slack.ack(sent)
        except TimeoutError:
            raise AssertionError(f"{what}: never acknowledged") from None
        await settled(before)
        records = caplog.records
        traced = [r for r in records if r.exc_info or r.exc_text or r.levelno >= logging.ERROR]
        assert not traced, f"{what}: {[r.getMessage()[:200] for r in traced]}"
        warnings = [r for r in records if r.levelno == logging.WARNING]
        assert len(warnings) <= 1, f"{what}: {[r.getMessage()[:160] for r in warnings]}"
        assert bot.skipped - skipped <= 1, what
        for line in records:
            assert "\n" not in line.getMessage() and "\x1b" not in line.getMessage(), what
        for seen in handler.seen:
            bounded_interaction(seen)
    handler.seen.clear()
    handler.arrived.clear()
    await fake_slack.ack(await fake_slack.envelope("interactive", click(
        fake_slack, "socialops:claim", "T-9")))
    await handler.arrived.wait()
    assert [(i.action, i.target) for i in handler.seen][-1:] == [("claim", "T-9")]


# The suite's shrunk examples, spelled out: each failed before its fix.
UNDECODABLE = {
    # slack_sdk read the frame with json.loads, which raised: the envelope was never
    # acknowledged (Slack sent it again) and each time logged an ERROR with a traceback
    "an event nested 50,000 deep": ("events_api", "event_app_mention.json", ("type",),
                                    "deeply nested"),
    "a message_ts of 5,000 digits": ("interactive", "interaction_block_actions.json",
                                     ("container", "message_ts"), "5,000 digits"),
    "a slash command's user_id nested 50,000 deep": (
        "slash_commands", "slash_command.form.txt", ("user_id",), "deeply nested"),
    # bolt's authorization sent it to auth.test as team_id: a request no server takes (414),
    # and bolt logged an ERROR with a traceback
    "a team_id of 100 KB": ("events_api", "event_reaction_added.json", ("team_id",),
                            "100 KB string"),
}


@pytest.mark.parametrize("case", UNDECODABLE)
async def test_an_envelope_slack_sdk_could_not_read_is_acknowledged_and_counted(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack,
        caplog: pytest.LogCaptureFixture, case: str) -> None:
    caplog.set_level(logging.INFO)
    bot, handler = over_socket
    kind, name, path, hostile = UNDECODABLE[case]
    before = set(asyncio.all_tasks())
    ack = await fake_slack.ack(await fake_slack.envelope_text(
        kind, render(_doc(name, fake_slack), path, hostile).decode()))
    await settled(before)
    assert "payload" not in ack and bot.skipped == 1 and handler.seen == []
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not [c for c in fake_slack.calls_to("auth.test") if len(str(c)) > 1_000]
