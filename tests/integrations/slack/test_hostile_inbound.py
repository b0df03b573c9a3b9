"""Hostile and malformed inbound Slack traffic through bolt's request path (correctly signed
requests to the app on a loopback port, Web API calls landing on the local Slack): each ends
in the answer Slack expects, at most one log line and no traceback, a counted skip, and
nothing run."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Any

import pytest
from nacl.signing import SigningKey

from bot.core.config import SlackWorkspaceConfig
from integrations.slack.app import NO_RETRY, SlackBot, build_slack_app
from integrations.slack.escape import unescape
from tests.integrations.slack import test_app_inbound as inbound_tests
from tests.integrations.slack.served import (
    RecordingHandler,
    Served,
    fixture,
    reaction,
    serving,
    whole_app,
)
from tests.integrations.slack.test_app_inbound import click, slash
from tests.support.fake_slack import FakeSlack


def _problems(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


async def _counted(served: Served, count: int = 1) -> None:
    """The skip happens after the ack; wait until it is counted (at most 5 s)."""
    for _ in range(500):
        if served.bot.skipped >= count:
            return
        await asyncio.sleep(0.01)


# -- buttons ------------------------------------------------------------------------------


async def test_a_button_no_card_has_is_acknowledged_and_skipped(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    """`socialops:frobnicate` reached the handler, which refused it and wrote the refusal to
    the audit log."""
    status, _ = await served.interactive(click(fake_slack, "socialops:frobnicate", "T-1"))
    assert status == 200
    await _counted(served)
    assert served.bot.skipped == 1 and served.handler.seen == []
    assert len(caplog.records) <= 1 and all(r.exc_info is None for r in caplog.records)
    await served.interactive(click(fake_slack, "socialops:claim", "T-9"))
    await served.handler.arrived.wait()
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-9")]


# -- requests no listener takes -------------------------------------------------------------


async def test_another_slash_command_of_the_app_gets_one_line_not_a_404(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    """bolt answered 404 (Slack shows the person "/other failed with the error
    http_service_error") and logged a WARNING of a dozen lines suggesting a listener."""
    caplog.set_level(logging.INFO)
    status, text = await served.command(slash(fake_slack, "claim T-1") | {"command": "/other"})
    assert status == 200 and "/socialops" in text
    assert served.handler.seen == [] and _problems(caplog) == []
    assert len([r for r in caplog.records if r.name.startswith(("integrations", "slack"))]) == 1


UNKNOWN_TYPES = {"an interaction type Slack may add": ("interactive", {"type": "frobnicate",
                                                                        "user": {"id": "W111"}}),
                 "an Events API envelope type Slack may add": ("event", {"type": "frobnicate"})}


@pytest.mark.parametrize("case", UNKNOWN_TYPES)
async def test_a_payload_type_no_listener_takes_gets_an_empty_200(
        served: Served, caplog: pytest.LogCaptureFixture, case: str) -> None:
    caplog.set_level(logging.INFO)
    how, payload = UNKNOWN_TYPES[case]
    status, text = await (served.interactive(payload) if how == "interactive"
                          else served.event(payload))
    assert (status, text) == (200, "")
    assert _problems(caplog) == [] and served.bot.skipped == 0
    [line] = [r for r in caplog.records if r.name.startswith(("integrations", "slack"))]
    assert "frobnicate" in line.getMessage()


NOT_SLACK = {"an empty body": ("", "application/x-www-form-urlencoded"),
             "a form that is not a command": ("hello=world&user_id=W111",
                                              "application/x-www-form-urlencoded"),
             "text that is not a form": ("hello world \x01", "text/plain"),
             "JSON without a type": ('{"user": "W111"}', "application/json")}


@pytest.mark.parametrize("case", NOT_SLACK)
async def test_a_signed_body_that_is_no_slack_request_is_a_counted_400(
        served: Served, caplog: pytest.LogCaptureFixture, case: str) -> None:
    """bolt answered 404 and logged a WARNING; such a body is not what Slack sends."""
    body, content_type = NOT_SLACK[case]
    status, text = await served.post("/slack/events", body, content_type=content_type)
    assert (status, served.bot.skipped) == (400, 1), text
    assert served.headers.get(NO_RETRY) == "1"
    [line] = _problems(caplog)
    assert line.exc_info is None and "neither an event" in line.getMessage()


@pytest.mark.parametrize("kind", [["block_actions"], {"block_actions": 1}])
async def test_an_interaction_whose_type_is_a_list_or_object_is_a_counted_400(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture,
        kind: Any) -> None:
    """The mutation suite's shrunk example (tests/integrations/test_mutated_inbound.py): the
    one line naming the payload's type looked the type up in a set, and a list is unhashable,
    so the request got a 500 and aiohttp's traceback instead of a counted 400."""
    status, text = await served.interactive(click(fake_slack, "socialops:claim", "T-1")
                                            | {"type": kind})
    assert (status, served.bot.skipped) == (400, 1), text
    assert served.handler.seen == []
    [line] = _problems(caplog)
    assert line.exc_info is None and "type is not" in line.getMessage()


async def test_slacks_ssl_check_is_still_answered(served: Served) -> None:
    status, _ = await served.post("/slack/commands", "ssl_check=1&token=x",
                                  content_type="application/x-www-form-urlencoded")
    assert (status, served.bot.skipped) == (200, 0)


over_socket = inbound_tests.over_socket  # the app connected over Socket Mode (a fixture)


async def test_over_socket_mode_a_type_no_listener_takes_is_acknowledged_quietly(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    bot, handler = over_socket
    ack = await fake_slack.ack(await fake_slack.envelope("interactive", {
        "type": "frobnicate", "user": {"id": "W111"}}))
    assert "payload" not in ack and bot.skipped == 0 and handler.seen == []
    assert _problems(caplog) == []


# -- past Slack's documented limits ---------------------------------------------------------


def _submission(meta: str) -> dict[str, Any]:
    body = fixture("interaction_view_submission.json")
    body["view"].update(callback_id="socialops:reject_modal", private_metadata=meta)
    body["view"]["state"]["values"] = {"comment": {"comment": {"type": "plain_text_input",
                                                               "value": "tone"}}}
    return body


def _action(fake: FakeSlack, **action: Any) -> dict[str, Any]:
    body = click(fake, "socialops:claim", "T-1")
    body["actions"][0].update(action)
    return body


# A button's value holds 2,000 characters, an action_id or block_id 255, a view's
# private_metadata 3,000 (docs.slack.dev/reference/block-kit/block-elements, surfaces/views):
# nothing past them comes from Slack. Each reached the handler or views.open whole.
PAST_LIMITS = {
    "a claim button's value of 100 KB": lambda fake: _action(fake, value="T-1" + "1" * 100_000),
    "a reject button's value of 100 KB": lambda fake: _action(
        fake, action_id="socialops:reject", value="A-1" + "1" * 100_000),
    "an action_id of 300 characters": lambda fake: _action(
        fake, action_id="socialops:claim:" + "x" * 284),
    "a block_id of 300 characters": lambda fake: _action(fake, block_id="b" * 300),
    "private_metadata of 100 KB": lambda fake: _submission(json.dumps(
        {"target": "A-1" + "1" * 100_000, "channel": "C111"})),
    # ids: the mutation suite's shrunk examples (tests/integrations/test_mutated_inbound.py);
    # each reached the handler whole, as the person and channel of the interaction
    "a user id of 100 KB": lambda fake: _action(fake) | {"user": {"id": "W" + "1" * 100_000}},
    "a channel id of 100 KB": lambda fake: _action(fake) | {"channel": {"id": "C" * 100_000}},
}


@pytest.mark.parametrize("case", PAST_LIMITS)
async def test_a_field_past_slacks_documented_limit_is_a_counted_400(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture,
        case: str) -> None:
    status, text = await served.interactive(PAST_LIMITS[case](fake_slack))
    assert (status, served.bot.skipped) == (400, 1), text
    assert "longer than" in text and served.headers.get(NO_RETRY) == "1"
    assert served.handler.seen == [] and fake_slack.calls == []
    [line] = _problems(caplog)
    assert line.exc_info is None


async def test_a_form_slack_will_not_open_is_one_line_not_a_traceback(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    """A click answered after its trigger_id expired (3 s): views.open refuses it, and the
    person is told to type the command. The failure was logged with a traceback."""
    fake_slack.fail(method="views.open", error="expired_trigger_id")
    await served.interactive(click(fake_slack, "socialops:reject", "A-7"))
    (resp,) = await fake_slack.wait_for("response")
    assert "reject A-7" in unescape(resp.args["text"])
    [line] = _problems(caplog)
    assert line.exc_info is None and "expired_trigger_id" in line.getMessage()


# -- counted where the project counts skips ---------------------------------------------------


async def test_inbound_skips_show_in_metrics_per_workspace(
        tmp_path: Path, fake_slack: FakeSlack) -> None:
    """Each chat connection counted its skips in an attribute that nothing read: no metric
    showed a workspace refusing what Slack or Discord sent."""
    key = SigningKey.generate()
    async with whole_app(tmp_path, fake_slack, discord_key=key.verify_key.encode().hex()) \
            as served:
        http = served.session
        for body_text in ("", "hello=world"):  # bodies no Slack request has
            status, _ = await served.post("/slack/acme/events", body_text,
                                          content_type="text/plain")
            assert status == 400
        body = b'{"type": 2}'
        stamp = str(int(time.time()))
        async with http.post("/discord/dc/interactions", data=body, headers={
                "X-Signature-Ed25519": key.sign(stamp.encode() + body).signature.hex(),
                "X-Signature-Timestamp": stamp}) as resp:
            assert resp.status == 400
        async with http.get("/metrics") as resp:
            text = await resp.text()
    assert 'socialops_chat_skipped_total{workspace="acme"} 2.0' in text
    assert 'socialops_chat_skipped_total{workspace="dc"} 1.0' in text


# -- reactions in channels the bot cannot read --------------------------------------------------


@pytest.mark.parametrize("refusal", ["missing", "outside"])
async def test_a_reaction_in_a_channel_slack_will_not_show_is_read_once(
        slack_config: SlackWorkspaceConfig, fake_slack: FakeSlack,
        caplog: pytest.LogCaptureFixture, refusal: str) -> None:
    """channel_not_found and not_in_channel are permanent: the read was tried three times
    with 1 s and 2 s of backoff between, for every such reaction and each of Slack's retries
    of it."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    (fake_slack.missing_channels if refusal == "missing" else
     fake_slack.outside_channels).add("C404")
    handler = RecordingHandler()
    bot = build_slack_app(slack_config, handler=handler, sleep=sleep)
    async with serving(bot, handler) as served:
        body = reaction("eyes", "1700000001.000001")
        body["event"]["item"]["channel"] = "C404"
        assert (await served.event(body))[0] == 200
        await fake_slack.wait_for("conversations.history")
        for _ in range(500):
            if bot.reactions_failed:
                break
            await asyncio.sleep(0.01)
    assert bot.reactions_failed == 1 and waits == []
    assert len(fake_slack.calls_to("conversations.history")) == 1
    [line] = _problems(caplog)
    assert line.exc_info is None and "C404" in line.getMessage()


@pytest.mark.parametrize("field", ["user_id", "channel_id"])
async def test_a_slash_command_from_an_id_of_100_kb_is_a_counted_400(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture,
        field: str) -> None:
    status, text = await served.command(slash(fake_slack, "claim T-1")
                                        | {field: "W" + "1" * 100_000})
    assert (status, served.bot.skipped) == (400, 1), text
    assert "longer than" in text and served.handler.seen == []
    [line] = _problems(caplog)
    assert line.exc_info is None
