"""A signed request from another Slack workspace is refused: the signing secret is the app's,
so a distributed app (or one in several workspaces of an Enterprise Grid org) gets correctly
signed requests from every workspace it is installed in. Signed requests built from the real
fixtures go through bolt's request path (HTTP on a loopback port, and Socket Mode); the bot's
own workspace is what the local Slack's ``auth.test`` says."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.core.config import SlackWorkspaceConfig
from integrations.slack.app import SlackBot, build_slack_app
from integrations.slack.teams import REFUSED, REFUSED_OPTION
from tests.integrations.slack.served import (
    REAL,
    RecordingHandler,
    Served,
    fixture,
    posted_ticket,
    reaction,
    serving,
)
from tests.support.fake_slack import FakeSlack


def slash(team_id: str | None, *, enterprise_id: str | None = None,
          text: str = "claim T-1") -> dict[str, str]:
    form = dict(parse_qsl((REAL / "slash_command.form.txt").read_text().strip()))
    form.update(command="/socialops", text=text)
    form.pop("enterprise_id")
    form.pop("team_id")
    if team_id is not None:
        form["team_id"] = team_id
    if enterprise_id is not None:
        form["enterprise_id"] = enterprise_id
    return form


def click(fake: FakeSlack, team_id: str, *, enterprise_id: str | None = None) -> dict[str, Any]:
    body = fixture("interaction_block_actions.json")
    body["response_url"] = fake.response_url("act")
    body["actions"][0].update(action_id="socialops:claim", value="T-1")
    body["team"] = {"id": team_id, "domain": "elsewhere"}
    body["user"]["team_id"] = team_id
    if enterprise_id is not None:
        body["team"]["enterprise_id"] = enterprise_id
    return body


@pytest.fixture
async def app(slack_config: SlackWorkspaceConfig) -> AsyncIterator[Served]:
    handler = RecordingHandler()
    bot = build_slack_app(slack_config, handler=handler,
                          identity=lambda ws, user: f"person-{user}")
    async with serving(bot, handler) as served:
        yield served
    await bot.stop()


async def test_a_slash_command_from_another_workspace_is_refused_in_one_line(
        app: Served, caplog: pytest.LogCaptureFixture) -> None:
    """Before, any workspace the app is installed in could claim this workspace's tickets."""
    caplog.set_level(logging.INFO)
    status, text = await app.command(slash("T999"))
    assert status == 200
    assert json.loads(text) == {"response_type": "ephemeral", "text": REFUSED}
    assert app.handler.seen == []
    assert app.bot.refused.counts() == {"another_workspace": 1}
    (line,) = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert line == ("slack acme: refused a slash command from another workspace "
                    "(team_id='T999', enterprise_id=None): socialops acts only in its bot "
                    "token's workspace")


async def test_the_same_command_from_the_bots_own_workspace_is_run(
        app: Served, fake_slack: FakeSlack) -> None:
    status, _ = await app.command(slash(fake_slack.team_id))
    assert status == 200
    await app.handler.arrived.wait()
    assert [(i.action, i.target) for i in app.handler.seen] == [("claim", "T-1")]
    assert app.bot.refused.counts() == {}


async def test_a_button_from_another_workspace_is_refused_through_its_response_url(
        app: Served, fake_slack: FakeSlack) -> None:
    status, _ = await app.interactive(click(fake_slack, "T999"))
    assert status == 200
    (resp,) = await fake_slack.wait_for("response")
    assert resp.args["text"] == REFUSED
    assert resp.args["response_type"] == "ephemeral"
    assert resp.args["replace_original"] is False
    assert app.handler.seen == []
    assert app.bot.refused.counts() == {"another_workspace": 1}


async def test_a_modal_submitted_in_another_workspace_says_so_in_the_modal(
        app: Served) -> None:
    body = fixture("interaction_view_submission.json")
    body["team"] = {"id": "T999"}
    body["user"]["team_id"] = body["view"]["team_id"] = "T999"
    body["view"]["app_installed_team_id"] = "T999"
    status, text = await app.interactive(body)
    assert status == 200
    answer = json.loads(text)
    assert answer["response_action"] == "update"
    assert answer["view"]["blocks"][0]["text"]["text"] == REFUSED
    assert app.bot.refused.counts() == {"another_workspace": 1}


async def test_a_reaction_delivered_for_another_installation_is_not_acted_on(
        app: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    ts = await posted_ticket(app.bot.workspace)
    body = reaction("white_check_mark", ts)
    body["team_id"] = "T999"
    body["authorizations"] = [{"team_id": "T999", "enterprise_id": None, "is_bot": True,
                               "is_enterprise_install": False, "user_id": "U9"}]
    assert (await app.event(body))[0] == 200
    assert app.handler.seen == []
    assert "conversations.history" not in {c.method for c in fake_slack.calls}
    assert app.bot.refused.counts() == {"another_workspace": 1}
    # Slack delivering another installation's events is not a person's attempt: INFO
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_a_reaction_in_a_shared_channel_delivered_for_this_installation_is_taken(
        app: Served, fake_slack: FakeSlack) -> None:
    """A Slack Connect channel: the event's own team_id is the other organisation's, and
    ``authorizations`` names the installation it is delivered for, this one."""
    ts = await posted_ticket(app.bot.workspace)
    body = reaction("white_check_mark", ts)
    body["team_id"] = "T999"
    body["is_ext_shared_channel"] = True
    body["authorizations"] = [{"team_id": fake_slack.team_id, "enterprise_id": None,
                               "is_bot": True, "is_enterprise_install": False,
                               "user_id": fake_slack.bot_user_id}]
    assert (await app.event(body))[0] == 200
    await app.handler.arrived.wait()
    assert [(i.action, i.target) for i in app.handler.seen] == [("resolve", "T-5")]
    assert app.bot.refused.counts() == {}


async def test_a_request_naming_no_workspace_is_refused(app: Served) -> None:
    status, text = await app.command(slash(None))
    assert status == 200
    assert json.loads(text)["text"] == REFUSED
    assert app.handler.seen == []
    assert app.bot.refused.counts() == {"no_workspace": 1}


# -- Enterprise Grid --------------------------------------------------------------------------


async def test_an_org_wide_token_takes_every_workspace_of_its_org_and_no_other(
        app: Served, fake_slack: FakeSlack) -> None:
    """An org-wide install is one token for all the org's workspaces
    (api.slack.com/enterprise/apps/changes-apis): a workspace of the same org is served, one
    of another org is not."""
    fake_slack.enterprise_id, fake_slack.org_wide = "E111", True
    await app.command(slash("T222", enterprise_id="E111"))
    await app.handler.arrived.wait()
    assert [i.action for i in app.handler.seen] == ["claim"]
    # an interaction of an org-wide install: team null, the org in `enterprise`
    body = click(fake_slack, "T333")
    body["team"] = None
    body["enterprise"] = {"id": "E111", "name": "Org"}
    body["is_enterprise_install"] = True
    await app.interactive(body)
    for _ in range(500):
        if len(app.handler.seen) == 2:
            break
        await asyncio.sleep(0.01)
    assert [i.action for i in app.handler.seen] == ["claim", "claim"]
    _, text = await app.command(slash("T444", enterprise_id="E999"))
    assert json.loads(text)["text"] == REFUSED
    _, text = await app.command(slash("T111"))  # a workspace outside any org
    assert json.loads(text)["text"] == REFUSED
    assert len(app.handler.seen) == 2
    assert app.bot.refused.counts() == {"another_org": 1, "no_org": 1}


async def test_a_grid_workspace_token_takes_only_its_own_workspace(
        app: Served, fake_slack: FakeSlack) -> None:
    """A workspace-level install in a Grid org acts only in that workspace: another
    workspace of the same org has its own installation (or none)."""
    fake_slack.enterprise_id = "E111"
    _, text = await app.command(slash("T222", enterprise_id="E111"))
    assert json.loads(text)["text"] == REFUSED
    assert app.handler.seen == []
    await app.command(slash(fake_slack.team_id, enterprise_id="E111"))
    await app.handler.arrived.wait()
    assert app.bot.refused.counts() == {"another_workspace": 1}


# -- Socket Mode ------------------------------------------------------------------------------


async def test_over_socket_mode_another_workspace_is_refused_too(
        slack_config: SlackWorkspaceConfig, fake_slack: FakeSlack) -> None:
    handler = RecordingHandler()
    cfg = slack_config.model_copy(update={"mode": "socket", "app_token": fake_slack.app_token,
                                          "signing_secret": None})
    bot: SlackBot = build_slack_app(cfg, handler=handler,
                                    identity=lambda ws, user: f"person-{user}")
    task = asyncio.create_task(bot.run_socket_mode())
    try:
        client = bot.socket_mode().built().client
        for _ in range(500):
            if await client.is_connected():
                break
            await asyncio.sleep(0.01)
        ack = await fake_slack.ack(await fake_slack.envelope("slash_commands", slash("T999")))
        assert ack["payload"] == {"response_type": "ephemeral", "text": REFUSED}
        assert handler.seen == []
        assert bot.refused.counts() == {"another_workspace": 1}
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await bot.stop()


async def test_when_slack_cannot_say_whose_token_it_is_the_request_waits_for_a_retry(
        app: Served, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    """bolt asked auth.test first and was answered; the bot's own question failed (Slack
    hiccuped between the two): not the request's fault, so 503 (Slack retries an event; a
    person sees the command fail and types it again), never a guess either way."""
    assert (await app.command(slash(fake_slack.team_id, text="claim T-0")))[0] == 200
    await app.handler.arrived.wait()  # bolt has asked auth.test, and keeps its answer
    app.bot.workspace._installation = None  # the bot's own answer: as if not asked yet
    app.bot.workspace._auth = None
    fake_slack.fail(times=1, method="auth.test", status=500)
    sent = int(time.time())
    status, _ = await app.command(slash(fake_slack.team_id), timestamp=sent)
    assert status == 503
    assert len(app.handler.seen) == 1 and app.bot.refused.counts() == {}
    assert any("cannot tell which workspace" in r.getMessage() for r in caplog.records)
    # asked again (a new delivery: its own signature, whatever second it is by now; the same
    # timestamp and body again would be a replay, refused 401, as it was on a loaded machine)
    status, _ = await app.command(slash(fake_slack.team_id), timestamp=sent - 1)
    assert status == 200
    for _ in range(500):
        if len(app.handler.seen) == 2:
            break
        await asyncio.sleep(0.01)
    assert [i.target for i in app.handler.seen] == ["T-0", "T-1"]


# -- Slack Connect ----------------------------------------------------------------------------
# What Slack sends for a person of another organisation acting in a channel shared with this
# workspace (slackapi/bolt-js#1614, Slack's support confirming it, and bolt-python#734 which
# reads it): a button's payload names the workspace the app is installed in as ``team.id``
# (the person's own in ``user.team_id``); a modal's submission names the person's workspace
# as ``team.id`` and the installation's as ``view.app_installed_team_id``. A slash command
# typed there is not sent to this installation at all ('/socialops is not a valid command'
# unless their workspace installed the app too, and then it is that installation's, with
# their ``team_id``: refused above; bolt-python#767).

OTHER_ORG = "T0EXTERNAL1"


async def test_a_person_of_another_org_presses_a_button_in_a_shared_channel(
        app: Served, fake_slack: FakeSlack) -> None:
    body = click(fake_slack, fake_slack.team_id)
    body["team"] = {"id": fake_slack.team_id, "domain": "acme"}  # the installation's
    body["user"] = {"id": "U0EXTERNAL", "username": "guest", "name": "guest",
                    "team_id": OTHER_ORG}  # the person's own
    body["is_enterprise_install"] = False
    body["enterprise"] = None
    assert (await app.interactive(body))[0] == 200
    await app.handler.arrived.wait()
    assert [(i.action, i.target) for i in app.handler.seen] == [("claim", "T-1")]
    assert app.bot.refused.counts() == {}


async def test_a_person_of_another_org_submits_a_modal_opened_in_a_shared_channel(
        app: Served, fake_slack: FakeSlack) -> None:
    body = fixture("interaction_view_submission.json")
    body["team"] = {"id": OTHER_ORG, "domain": "guests"}
    body["user"] = {"id": "U0EXTERNAL", "username": "guest", "name": "guest",
                    "team_id": OTHER_ORG}
    body["view"]["team_id"] = OTHER_ORG
    body["view"]["app_installed_team_id"] = fake_slack.team_id
    status, text = await app.interactive(body)
    assert status == 200
    assert REFUSED not in text
    assert app.bot.refused.counts() == {}


async def test_an_options_load_from_another_workspace_gets_one_line_in_the_menu(
        app: Served) -> None:
    """A select menu asks for its options: an empty body is no answer Slack can show."""
    body = fixture("interaction_block_suggestion.json")
    body["team"] = {"id": "T999", "domain": "elsewhere"}
    body["user"]["team_id"] = "T999"
    body["view"]["team_id"] = body["view"]["app_installed_team_id"] = "T999"
    status, text = await app.interactive(body)
    assert status == 200
    (option,) = json.loads(text)["options"]
    assert option["text"] == {"type": "plain_text", "text": REFUSED_OPTION}
    assert len(REFUSED_OPTION) <= 75  # Block Kit's option text
    assert app.bot.refused.counts() == {"another_workspace": 1}


async def test_a_message_shortcut_from_another_workspace_is_told_through_its_response_url(
        app: Served, fake_slack: FakeSlack) -> None:
    body = fixture("interaction_shortcut_message.json")
    body["team"] = {"id": "T999", "domain": "elsewhere"}
    body["response_url"] = fake_slack.response_url("shortcut")
    assert (await app.interactive(body))[0] == 200
    (resp,) = await fake_slack.wait_for("response")
    assert (resp.args["text"], resp.args["response_type"]) == (REFUSED, "ephemeral")
    assert app.bot.refused.counts() == {"another_workspace": 1}


async def test_a_payload_claiming_an_org_wide_install_does_not_widen_a_workspace_token(
        app: Served, fake_slack: FakeSlack) -> None:
    """Whether the token is org-wide is auth.test's to say, never the request's: a Grid
    workspace token gets an interaction from another workspace of its org that says
    is_enterprise_install with the org's id (as an org-wide install's payloads do)."""
    fake_slack.enterprise_id = "E111"
    body = click(fake_slack, "T333", enterprise_id="E111")
    body["team"] = None
    body["enterprise"] = {"id": "E111", "name": "Org"}
    body["is_enterprise_install"] = True
    assert (await app.interactive(body))[0] == 200
    (resp,) = await fake_slack.wait_for("response")
    assert resp.args["text"] == REFUSED
    assert app.handler.seen == []
    assert app.bot.refused.counts() == {"another_workspace": 1}


async def test_a_refusal_slack_took_without_saying_so_is_shown_once(
        app: Served, fake_slack: FakeSlack) -> None:
    """The refusal's response_url took it and the connection was reset before its answer:
    bolt's respond() sent it again (slack_sdk's default retry of a reset connection), and the
    person read the refusal twice."""
    fake_slack.lose_responses = 1
    status, _ = await app.interactive(click(fake_slack, "T999"))
    assert status == 200
    await fake_slack.wait_for("response")
    await app.bot.stop()  # the refusal's answer sent
    assert [r["text"] for r in fake_slack.responses] == [REFUSED]
