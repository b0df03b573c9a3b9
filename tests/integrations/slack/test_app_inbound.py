"""Signed requests built from the real Slack fixtures go through bolt's HTTP path into the app,
on a real aiohttp server on a loopback port; follow-up Web API calls land on the fake Slack."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.core.cards import Reply
from bot.core.config import SlackWorkspaceConfig
from bot.core.errors import ConfigError
from integrations.slack import shapes
from integrations.slack.app import FAILED, NO_RETRY, SlackBot, build_slack_app
from integrations.slack.escape import unescape
from tests.integrations.slack.served import (
    REAL,
    RecordingHandler,
    Served,
    fixture,
    posted_ticket,
    reaction,
)
from tests.support.fake_slack import FakeSlack


def slash_fixture() -> dict[str, str]:
    return dict(parse_qsl((REAL / "slash_command.form.txt").read_text().strip()))


def click(fake: FakeSlack, action_id: str, value: str) -> dict[str, Any]:
    body = fixture("interaction_block_actions.json")
    body["response_url"] = fake.response_url("act")
    body["actions"][0].update(action_id=action_id, value=value)
    return body


async def wait_until(cond: Callable[[], bool], fake: FakeSlack, method: str) -> None:
    await fake.wait_for(method)
    assert cond()


async def test_the_token_docs_slack_md_exports_makes_no_warning_at_start(
        slack_config: SlackWorkspaceConfig, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """docs/slack.md has the config read ${SLACK_BOT_TOKEN}; bolt reads that variable too,
    whatever it is given, and every start of a bot set up as the page says printed 'WARNING
    slack_bolt.AsyncApp: As you gave `client` as well, `token` will be unused.'"""
    monkeypatch.setenv("SLACK_BOT_TOKEN", slack_config.bot_token)
    caplog.set_level(logging.INFO)
    build_slack_app(slack_config, handler=RecordingHandler())
    assert [r.getMessage() for r in caplog.records if r.name.startswith("slack_bolt")] == []


# -- signatures -------------------------------------------------------------------------------


async def test_url_verification_answers_the_challenge(served: Served) -> None:
    payload = fixture("event_url_verification.json")
    status, text = await served.event(payload)
    assert status == 200
    assert json.loads(text)["challenge"] == payload["challenge"]


@pytest.mark.parametrize("tamper", ["forged", "stale", "ahead", "wrong_secret", "missing"])
async def test_forged_or_stale_requests_are_refused(
    served: Served, fake_slack: FakeSlack, tamper: str
) -> None:
    payload = click(fake_slack, "socialops:claim", "T-1")
    kw: dict[str, Any] = {}
    if tamper == "forged":
        kw["signature"] = "v0=" + "0" * 64
    elif tamper == "stale":
        kw["timestamp"] = int(time.time()) - 6 * 60  # Slack's window is 5 minutes
    elif tamper == "ahead":  # signed for later: a request kept to be sent then, refused now
        kw["timestamp"] = int(time.time()) + 6 * 60
    elif tamper == "wrong_secret":
        kw["secret"] = "not-the-secret"
    else:
        kw["unsigned"] = True
    status, _ = await served.interactive(payload, **kw)
    assert status == 401
    assert served.handler.seen == []
    assert fake_slack.calls == []


# -- buttons ----------------------------------------------------------------------------------


async def test_button_becomes_interaction_and_ephemeral_reply(
    served: Served, fake_slack: FakeSlack
) -> None:
    served.handler.reply = Reply(text="A-1 approved (1 of 2) <!channel>", ephemeral=True)
    status, _ = await served.interactive(click(fake_slack, "socialops:approve", "A-1"))
    assert status == 200
    (resp,) = await fake_slack.wait_for("response")
    (i,) = served.handler.seen
    assert (i.workspace, i.channel, i.user, i.via, i.action, i.target) == (
        "acme", "C111", "W111", "button", "approve", "A-1")
    assert i.message is not None and i.message.message_id == "111.222"
    assert resp.args["response_type"] == "ephemeral"
    assert resp.args["text"] == "A-1 approved (1 of 2) &lt;!channel&gt;"


async def test_public_success_on_a_button_is_left_to_the_card_update(
    served: Served, fake_slack: FakeSlack
) -> None:
    served.handler.reply = Reply(text="T-1 claimed by ana", ephemeral=False)
    gate = served.handler.gate = asyncio.Event()
    await served.interactive(click(fake_slack, "socialops:claim:1", "T-1"))
    await served.handler.arrived.wait()
    assert served.handler.seen[0].action == "claim"
    gate.set()
    # A refusal would be answered; a following refusal proves the reply channel works.
    served.handler.reply = Reply(text="already claimed by bo", ok=False, ephemeral=False)
    served.handler.gate = None
    await served.interactive(click(fake_slack, "socialops:claim", "T-1"))
    (resp,) = await fake_slack.wait_for("response")
    assert resp.args["text"] == "already claimed by bo"
    assert len(served.handler.seen) == 2


async def test_ack_returns_before_the_handler_finishes(
    served: Served, fake_slack: FakeSlack
) -> None:
    gate = served.handler.gate = asyncio.Event()
    status, _ = await served.interactive(click(fake_slack, "socialops:resolve", "T-2"))
    assert status == 200  # answered while the handler is still blocked
    await served.handler.arrived.wait()
    assert fake_slack.calls_to("response") == []
    gate.set()
    await fake_slack.wait_for("response")


async def test_open_button_is_acked_and_ignored(served: Served, fake_slack: FakeSlack) -> None:
    status, _ = await served.interactive(click(fake_slack, "socialops:open", "sig-1"))
    assert status == 200
    assert served.handler.seen == []


async def test_handler_crash_still_answers_the_person(
    served: Served, fake_slack: FakeSlack
) -> None:
    served.handler.fail = True
    await served.interactive(click(fake_slack, "socialops:claim", "T-1"))
    (resp,) = await fake_slack.wait_for("response")
    assert resp.args["text"] == FAILED


@pytest.mark.parametrize("linked", [set()])
async def test_unlinked_user_gets_a_clear_ephemeral_message(
    served: Served, fake_slack: FakeSlack
) -> None:
    await served.interactive(click(fake_slack, "socialops:claim", "T-1"))
    (resp,) = await fake_slack.wait_for("response")
    assert resp.args["response_type"] == "ephemeral"
    assert "not linked to a socialops person" in resp.args["text"]
    assert "people:" in resp.args["text"] and "W111" in resp.args["text"]
    assert served.handler.seen == []


# -- reject modal -----------------------------------------------------------------------------


async def test_reject_button_opens_a_modal_instead_of_rejecting(
    served: Served, fake_slack: FakeSlack
) -> None:
    await served.interactive(click(fake_slack, "socialops:reject", "A-7"))
    (opened,) = await fake_slack.wait_for("views.open")
    assert opened.args["trigger_id"] == "111.222.valid"
    view = fake_slack.views[0]
    assert view["callback_id"] == "socialops:reject_modal"
    assert json.loads(view["private_metadata"]) == {"target": "A-7", "channel": "C111",
                                                    "ts": "111.222"}
    assert view["blocks"][0]["optional"] is False
    assert served.handler.seen == []


def submission(comment: str | None) -> dict[str, Any]:
    body = fixture("interaction_view_submission.json")
    view = body["view"]
    view["callback_id"] = "socialops:reject_modal"
    view["private_metadata"] = json.dumps({"target": "A-7", "channel": "C111", "ts": "5.5"})
    view["state"]["values"] = {"comment": {"comment": {"type": "plain_text_input",
                                                       "value": comment}}}
    return body


async def test_modal_submission_rejects_with_the_comment(
    served: Served, fake_slack: FakeSlack
) -> None:
    served.handler.reply = Reply(text="A-7 rejected", ephemeral=True)
    status, _ = await served.interactive(submission("  Tone is off, see brand guide  "))
    assert status == 200
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    (i,) = served.handler.seen
    assert (i.via, i.action, i.target, i.comment, i.channel, i.user) == (
        "modal", "reject", "A-7", "Tone is off, see brand guide", "C111", "W111")
    assert eph.args["user"] == "W111" and eph.args["text"] == "A-7 rejected"


# the braille blank, a Hangul filler, a zero-width space: a comment that draws nothing was
# taken, and the author read "dave rejected: " and no reason
@pytest.mark.parametrize("comment", [None, "   ", "\u2800", "\u3164 \u3164", "\u200b"])
async def test_modal_without_a_comment_shows_a_field_error(
    served: Served, comment: str | None
) -> None:
    status, text = await served.interactive(submission(comment))
    assert status == 200
    answer = json.loads(text)
    assert answer["response_action"] == "errors" and "comment" in answer["errors"]
    assert served.handler.seen == []


async def test_modal_with_garbage_metadata_is_a_counted_skip(served: Served) -> None:
    body = submission("fine")
    body["view"]["private_metadata"] = "{not json"
    status, _ = await served.interactive(body)
    assert status == 200
    for _ in range(50):  # the skip happens after the ack; yield until it is counted
        if served.bot.skipped:
            break
        await asyncio.sleep(0)
    assert served.bot.skipped == 1 and served.handler.seen == []


# -- slash command ----------------------------------------------------------------------------


def slash(fake: FakeSlack, text: str) -> dict[str, str]:
    form = slash_fixture()
    form.update(command="/socialops", text=text, response_url=fake.response_url("cmd"))
    return form


async def test_slash_command_runs_the_parsed_verb_and_answers_in_channel(
    served: Served, fake_slack: FakeSlack
) -> None:
    served.handler.reply = Reply(text="T-3 claimed by ana", ephemeral=False)
    status, _ = await served.command(slash(fake_slack, "claim t-3"))
    assert status == 200
    (resp,) = await fake_slack.wait_for("response")
    (i,) = served.handler.seen
    assert (i.via, i.action, i.target, i.channel, i.user) == (
        "command", "claim", "T-3", "C111", "W111")
    assert resp.args["response_type"] == "in_channel"


async def test_slash_subscribe_keeps_slack_escaped_query_as_typed(
    served: Served, fake_slack: FakeSlack
) -> None:
    text = "subscribe “new york” AND (outage OR down) NOT a&amp;b lang=en sentiment&lt;-0.3"
    await served.command(slash(fake_slack, text))
    (resp,) = await fake_slack.wait_for("response")
    (i,) = served.handler.seen
    assert i.args == ('"new york" AND (outage OR down) NOT a&b',)
    assert i.options == {"lang": "en", "sentiment<": "-0.3"}
    assert resp.args["response_type"] == "ephemeral"


async def test_slash_subscribe_in_a_channel_picked_from_the_list_says_it_as_seen(
    served: Served, fake_slack: FakeSlack
) -> None:
    """A channel picked from Slack's list reaches the app as `<#C0123ABCD|marketing>` (or
    `<#C0123ABCD|>`, a private one): the answer, plain text, showed that markup back and said
    to quote it to look for it as text (a reviewer's run, 2026-12-06)."""
    await served.command(slash(fake_slack, "subscribe outage in <#C0123ABCD|marketing>"))
    (resp,) = await fake_slack.wait_for("response")
    [block] = resp.args["blocks"]
    assert block["text"]["text"].splitlines()[0] == (
        "a subscription goes to the channel where you type it: type it in #marketing, "
        "without 'in #marketing' after the query")
    assert served.handler.seen == []


@pytest.mark.parametrize(("text", "expect"), [("frobnicate", "unknown command"),
                                               ("snooze T-1 soon", "usage: snooze"),
                                               ("", "socialops commands"),
                                               ("help", "subscribe <query>")])
async def test_slash_usage_and_help_are_ephemeral_and_skip_the_handler(
    served: Served, fake_slack: FakeSlack, text: str, expect: str
) -> None:
    await served.command(slash(fake_slack, text))
    (resp,) = await fake_slack.wait_for("response")
    assert expect in unescape(resp.args["text"]) and resp.args["response_type"] == "ephemeral"
    assert served.handler.seen == []


# -- reactions --------------------------------------------------------------------------------


async def test_reaction_maps_to_the_cards_button_once(
    served: Served, fake_slack: FakeSlack
) -> None:
    ts = await posted_ticket(served.bot.workspace)
    served.handler.reply = Reply(text="T-5 claimed", ephemeral=False)
    status, _ = await served.event(reaction("eyes", ts))
    assert status == 200
    await served.handler.arrived.wait()
    (i,) = served.handler.seen
    assert (i.via, i.action, i.target, i.user, i.channel) == (
        "reaction", "claim", "T-5", "W111", "C111")
    assert i.message is not None and i.message.message_id == ts
    # Slack redelivers (retries): the same event acts once.
    served.handler.arrived.clear()
    await served.event(reaction("eyes", ts))
    await served.event(reaction("eyes+1::skin-tone-2", ts, event_id="Ev112"))  # unmapped
    assert len(served.handler.seen) == 1


async def test_reaction_on_an_older_card_finds_that_card(
    served: Served, fake_slack: FakeSlack
) -> None:
    ts = await posted_ticket(served.bot.workspace)
    await posted_ticket(served.bot.workspace, approval=True)  # newer messages after it
    await served.bot.workspace.post_text("C111", "chatter")
    await served.event(reaction("white_check_mark", ts))
    await served.handler.arrived.wait()
    (i,) = served.handler.seen
    assert (i.action, i.target) == ("resolve", "T-5")
    (hist,) = fake_slack.calls_to("conversations.history")
    assert hist.args["latest"] == ts and hist.args["limit"] == "1"


async def test_check_mark_on_an_approval_approves(served: Served, fake_slack: FakeSlack) -> None:
    ts = await posted_ticket(served.bot.workspace, approval=True)
    served.handler.reply = Reply(text="A-2 approved", ephemeral=True)
    await served.event(reaction("white_check_mark", ts))
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    (i,) = served.handler.seen
    assert (i.action, i.target) == ("approve", "A-2")
    assert eph.args["text"] == "A-2 approved"


async def test_x_reaction_asks_for_a_comment(served: Served, fake_slack: FakeSlack) -> None:
    ts = await posted_ticket(served.bot.workspace, approval=True)
    await served.event(reaction("x", ts))
    (eph,) = await fake_slack.wait_for("chat.postEphemeral")
    assert "reject A-2 <comment>" in unescape(eph.args["text"])
    assert served.handler.seen == []


async def test_reactions_on_other_messages_and_other_emoji_do_nothing(
    served: Served, fake_slack: FakeSlack
) -> None:
    other = (await served.bot.workspace.post_text("C111", "someone else's message"))
    ts = await posted_ticket(served.bot.workspace)
    await served.event(reaction("eyes", other, event_id="E1"))
    await served.event(reaction("heart_eyes", ts, event_id="E2"))
    await served.event(reaction("eyes", "404.404", event_id="E3"))
    # A later, real reaction proves the earlier ones were processed (in order) and dropped.
    await served.event(reaction("eyes", ts, event_id="E4"))
    await served.handler.arrived.wait()
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-5")]


async def test_a_reaction_on_a_file_is_no_malformed_event(
    served: Served, fake_slack: FakeSlack
) -> None:
    """Slack sends reaction_added for a file or a file comment as for a message, its item
    {"type": "file", "file": "F…"} (docs.slack.dev/reference/events/reaction_added): no card,
    and no "malformed" warning or count either (a review's find, 2026-12-05)."""
    on_file = reaction("eyes", "0", event_id="E9")
    on_file["event"]["item"] = {"type": "file", "file": "F0123ABCD"}
    ts = await posted_ticket(served.bot.workspace)
    await served.event(on_file)
    await served.event(reaction("eyes", ts, event_id="E10"))
    await served.handler.arrived.wait()
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-5")]
    assert served.bot.skipped == 0


# Real events socialops has no listener for; Slack sends them when the app's configuration
# subscribes to more than the manifest does (a message event, an app mention)
UNHANDLED = ["event_app_mention.json", "event_message_changed.json", "event_message_deleted.json",
             "event_message_file_share.json", "event_message_from_bot.json",
             "event_message_thread_broadcast.json"]


@pytest.mark.parametrize("name", UNHANDLED)
async def test_an_event_no_listener_takes_is_acknowledged(
        served: Served, fake_slack: FakeSlack, name: str,
        caplog: pytest.LogCaptureFixture) -> None:
    """bolt answered these 404: Slack retries a delivery not answered 200 three times, and
    disables the event subscriptions of an app failing 5% of its deliveries in an hour
    (docs.slack.dev/reference/events/app_rate_limited); bolt also logged each as a WARNING of
    nine lines holding the event's type."""
    caplog.set_level(logging.INFO)
    payload = fixture(name)
    for authorization in payload.get("authorizations") or []:  # placeholders: T-auth, E-auth
        authorization.update(team_id=fake_slack.team_id, enterprise_id=None)
    status, _ = await served.event(payload)
    assert status == 200
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert served.handler.seen == []
    assert served.bot.refused.counts() == {}
    # bolt asks who the bot is (auth.test) before any listener; nothing else is called
    assert {c.method for c in fake_slack.calls} <= {"auth.test"}
    assert served.bot.skipped == 0


async def test_app_rate_limited_is_acknowledged_with_one_warning(
        served: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    """Slack sends it unasked, to every app, when it holds events back (over 30,000 an hour
    from a workspace); the payload is the documented example
    (docs.slack.dev/reference/events/app_rate_limited)."""
    caplog.set_level(logging.INFO)
    status, _ = await served.event({"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
                                    "type": "app_rate_limited", "team_id": "T123456",
                                    "minute_rate_limited": 1518467820,
                                    "api_app_id": "A123456"})
    assert status == 200
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "app_rate_limited" in warnings[0], warnings
    assert "\n" not in warnings[0]
    assert served.handler.seen == [] and fake_slack.calls == []
    # what it means, as Slack's page says it: the events held back are not delivered later
    # (the line said reactions "wait until the hour is over"), and the same event says an app
    # that fails 5% of its deliveries has its subscriptions limited or turned off, which no
    # hour's end mends
    assert warnings == [
        "slack acme: Slack is not delivering this app's events from workspace T123456 since "
        "2018-02-12 20:37 UTC (app_rate_limited): over 30,000 events in an hour from it, or "
        "5% of the last hour's deliveries not answered 200 (then Slack may turn the "
        "subscription off); reactions and Home tab opens meanwhile are lost, not delayed: if "
        "none arrive within the hour, check Event Subscriptions at https://api.slack.com/apps "
        "and how this bot answers /slack/events (socialops_chat_refused_total)"], warnings


# -- authentic but malformed ------------------------------------------------------------------


def _block_actions(**over: Any) -> dict[str, Any]:
    body = fixture("interaction_block_actions.json")
    body["actions"][0].update(action_id="socialops:claim", value="T-1")
    body.update(over)
    return body


def _event(event: Any) -> dict[str, Any]:
    body = fixture("event_reaction_added.json")
    body["event"] = event
    return body


# Correctly signed bodies Slack never sends, each of which used to raise inside bolt (while it
# built the request or matched listeners) and come back as a 500, which Slack retries.
BOLT_CRASHERS: dict[str, tuple[str, dict[str, Any]]] = {
    "block_actions, actions null": ("interactive", _block_actions(actions=None)),
    "block_actions, actions [1]": ("interactive", _block_actions(actions=[1])),
    "block_actions, an integer action_id": (
        "interactive", _block_actions(actions=[{"action_id": 5, "value": "T-1"}])),
    "event_callback, event a list": ("event", _event([1])),
    "view_submission, view null": (
        "interactive", {**fixture("interaction_view_submission.json"), "view": None}),
    "app_home_opened, user 5": (
        "event", _event({"type": "app_home_opened", "user": 5, "tab": "home"})),
}
# and some that bolt let through to a listener that made the best of them
OTHER_SHAPES: dict[str, tuple[str, dict[str, Any]]] = {
    "block_actions, user a string": ("interactive", _block_actions(user="W111")),
    "block_actions, a list value": (
        "interactive", _block_actions(actions=[{"action_id": "socialops:claim",
                                                "value": ["T-1"]}])),
    "reaction_added, item.ts a number": (
        "event", _event({"type": "reaction_added", "user": "W111", "reaction": "eyes",
                         "item": {"type": "message", "channel": "C111", "ts": 5}})),
    "url_verification, challenge an object": (
        "event", {"type": "url_verification", "challenge": {"a": 1}}),
}


async def _send(served: Served, how: str, payload: dict[str, Any]) -> tuple[int, str]:
    if how == "interactive":
        return await served.interactive(payload)
    return await served.event(payload)


async def _still_serves(served: Served, fake_slack: FakeSlack) -> None:
    status, _ = await served.interactive(click(fake_slack, "socialops:claim", "T-9"))
    assert status == 200
    await served.handler.arrived.wait()
    assert [(i.action, i.target) for i in served.handler.seen] == [("claim", "T-9")]


@pytest.mark.parametrize("case", [*BOLT_CRASHERS, *OTHER_SHAPES])
async def test_an_authentic_body_of_the_wrong_shape_is_a_counted_400(
        served: Served, fake_slack: FakeSlack, case: str) -> None:
    how, payload = {**BOLT_CRASHERS, **OTHER_SHAPES}[case]
    status, text = await _send(served, how, payload)
    assert (status, served.bot.skipped) == (400, 1), text
    assert text.startswith("malformed body")
    assert served.headers.get(NO_RETRY) == "1"  # not retried by the Events API
    assert served.handler.seen == []
    await _still_serves(served, fake_slack)  # the next request is served as usual
    assert served.bot.skipped == 1


@pytest.mark.parametrize("case", BOLT_CRASHERS)
async def test_what_bolt_cannot_read_is_a_400_even_past_the_shape_check(
        served: Served, fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch,
        case: str) -> None:
    """The last line of defence: with the shape check gone, what bolt raises while building or
    dispatching an authentic request is still a counted 400, not a 500."""
    monkeypatch.setattr(shapes, "check", lambda payload, *, interactive=False: None)
    how, payload = BOLT_CRASHERS[case]
    status, _ = await _send(served, how, payload)
    assert (status, served.bot.skipped) == (400, 1)
    assert served.headers.get(NO_RETRY) == "1"
    await _still_serves(served, fake_slack)


@pytest.mark.parametrize(("error", "status"), [(KeyError("x"), 400),
                                               (ConnectionError("down"), 500)])
async def test_only_an_error_about_the_body_is_a_400(
        served: Served, fake_slack: FakeSlack, error: Exception, status: int) -> None:
    """bolt's middleware failing for another reason (a network failure) keeps its 500, which
    Slack retries; our listeners' own errors are not touched (test_handler_crash_...)."""
    async def failing(next: Callable[[], Any]) -> None:  # bolt passes it by this name
        raise error

    served.bot.app.use(failing)
    got, _ = await served.interactive(click(fake_slack, "socialops:claim", "T-1"))
    assert (got, served.bot.skipped) == (status, 1 if status == 400 else 0)
    assert served.handler.seen == []


def test_every_real_slack_payload_has_the_shape_slack_documents() -> None:
    for path in sorted(REAL.glob("*.json")):
        if path.name.startswith(("event_", "interaction_")):
            shapes.check(json.loads(path.read_text()),
                         interactive=path.name.startswith("interaction_"))
    shapes.check(slash_fixture())
    # the nulls Slack sends: org-wide installs, no Grid, an empty optional input, a deselection
    body = fixture("interaction_view_submission.json")
    body.update(team=None, enterprise=None)
    body["view"]["state"]["values"]["hspI"]["maBWU"]["value"] = None
    body["view"]["state"]["values"]["b2"] = {"s": {"type": "static_select",
                                                   "selected_option": None}}
    shapes.check(body, interactive=True)


# -- construction and Socket Mode -------------------------------------------------------------


def test_http_mode_needs_a_signing_secret(slack_config: SlackWorkspaceConfig) -> None:
    with pytest.raises(ConfigError, match="signing_secret"):
        SlackBot(slack_config.model_copy(update={"signing_secret": None}),
                 handler=RecordingHandler())


def test_socket_mode_needs_an_app_token(slack_config: SlackWorkspaceConfig) -> None:
    with pytest.raises(ConfigError, match="app_token"):
        SlackBot(slack_config.model_copy(update={"mode": "socket"}), handler=RecordingHandler())


async def test_socket_mode_is_wired_to_the_same_app_and_client(
    slack_config: SlackWorkspaceConfig, fake_slack: FakeSlack
) -> None:
    cfg = slack_config.model_copy(update={"mode": "socket", "app_token": "xapp-1-test",
                                          "signing_secret": None})
    bot = SlackBot(cfg, handler=RecordingHandler())
    handler = bot.socket_mode().built()
    assert handler is bot.socket_mode().built()
    assert handler.app is bot.app
    assert handler.app_token == "xapp-1-test"
    assert handler.client.web_client.base_url == fake_slack.api_url
    await bot.stop()
    assert bot._socket is None



# -- Socket Mode: the same shapes over slack_sdk's websocket client ---------------------------

ENVELOPE = {"interactive": "interactive", "event": "events_api"}


@pytest.fixture
async def over_socket(slack_config: SlackWorkspaceConfig,
                      fake_slack: FakeSlack) -> AsyncIterator[tuple[SlackBot, RecordingHandler]]:
    """The app connected over Socket Mode to the local Slack (api.slack.com/apis/socket-mode)."""
    handler = RecordingHandler()
    cfg = slack_config.model_copy(update={"mode": "socket", "app_token": fake_slack.app_token,
                                          "signing_secret": None})
    bot = build_slack_app(cfg, handler=handler, identity=lambda ws, user: f"person-{user}")
    task = asyncio.create_task(bot.run_socket_mode())
    client = bot.socket_mode().built().client
    for _ in range(500):
        if await client.is_connected():
            break
        await asyncio.sleep(0.01)
    assert await client.is_connected()
    yield bot, handler
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    await bot.stop()


@pytest.mark.parametrize("case", [*BOLT_CRASHERS, *OTHER_SHAPES])
async def test_a_socket_mode_envelope_of_the_wrong_shape_is_acknowledged_and_skipped(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack,
        case: str) -> None:
    """Over Socket Mode the shape check holds as on the HTTP endpoint: the envelope is
    acknowledged (so Slack does not send it again), counted, and never reaches a listener;
    the next one is served as usual."""
    bot, handler = over_socket
    how, payload = {**BOLT_CRASHERS, **OTHER_SHAPES}[case]
    ack = await fake_slack.ack(await fake_slack.envelope(ENVELOPE[how], payload))
    assert "payload" not in ack and bot.skipped == 1
    assert handler.seen == []
    served = await fake_slack.envelope("interactive", click(fake_slack, "socialops:claim",
                                                            "T-9"))
    await fake_slack.ack(served)
    await handler.arrived.wait()
    assert [(i.action, i.target) for i in handler.seen] == [("claim", "T-9")]
    assert bot.skipped == 1


async def test_a_socket_mode_payload_that_is_not_an_object_is_acknowledged_and_skipped(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack) -> None:
    bot, handler = over_socket
    await fake_slack.ack(await fake_slack.envelope("events_api", ["not", "an", "object"]))
    assert bot.skipped == 1 and handler.seen == []


@pytest.mark.parametrize("case", BOLT_CRASHERS)
async def test_what_bolt_cannot_read_over_socket_mode_is_acknowledged_past_the_shape_check(
        over_socket: tuple[SlackBot, RecordingHandler], fake_slack: FakeSlack,
        monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    """With the shape check gone, bolt's own refusal (a 400) is still acknowledged and
    counted, never left for Slack to send again."""
    monkeypatch.setattr(shapes, "check", lambda payload, *, interactive=False: None)
    bot, handler = over_socket
    how, payload = BOLT_CRASHERS[case]
    await fake_slack.ack(await fake_slack.envelope(ENVELOPE[how], payload))
    assert bot.skipped == 1 and handler.seen == []


def test_slack_client_id_and_secret_in_the_environment_are_refused_in_one_line(
        slack_config: SlackWorkspaceConfig, monkeypatch: pytest.MonkeyPatch) -> None:
    """bolt reads SLACK_CLIENT_ID and SLACK_CLIENT_SECRET from the environment whatever it is
    given and, both set, authorizes by its OAuth installation flow: every slash command and
    button was answered 'your installation with this app is no longer available. Please
    reinstall this app' (tests/e2e/test_queue.py run with them set), bot_token unused, and
    nothing said why. One of them alone changes nothing in bolt."""
    monkeypatch.setenv("SLACK_CLIENT_ID", "1234.5678")
    build_slack_app(slack_config, handler=RecordingHandler())
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "abc")
    with pytest.raises(ConfigError) as caught:
        build_slack_app(slack_config, handler=RecordingHandler())
    assert str(caught.value) == (
        "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set in the environment, so slack_bolt "
        "would authorize workspace acme's requests by its OAuth installation flow instead of "
        "its bot_token, and refuse them all: unset them for socialops")
