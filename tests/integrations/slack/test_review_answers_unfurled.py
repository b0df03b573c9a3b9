"""Every Slack answer is sent with unfurling off, as cards and thread lines are (a hostile-
content review, 2026-12-07; docs/slack.md: "Messages are sent with parse=none,
link_names=false and unfurling off").

An answer quotes posts' addresses: ``why`` names the post's link, a subscription's preview
each post's, ``status`` and ``tickets`` a post's words. Slack unfurls the media links of an
app's messages unless told not to ("For messages posted via incoming webhooks, the
chat.postMessage API method or chat.postEphemeral, we will unfurl links to media": its classic
unfurling docs), so a post's ``https://evil.example/x.gif`` drew the attacker's picture under
the answer. ``chat.postMessage`` was sent with ``unfurl_links`` and ``unfurl_media`` false;
an answer through the command's ``response_url`` (public or ephemeral) and one through
``chat.postEphemeral`` were sent with neither. Signed requests through bolt, the local Slack.
"""

from __future__ import annotations

import pytest

from bot.core.cards import Reply
from bot.core.config import SlackWorkspaceConfig
from integrations.slack.workspace import SlackWorkspace
from tests.integrations.slack.served import Served
from tests.integrations.slack.test_app_inbound import slash
from tests.support.fake_slack import FakeSlack

QUOTED = ("T-3 · @mallory (rss): free refunds https://evil.example/x.gif "
          "(https://blog.example/1)")
OFF = (False, "0", "false")


@pytest.mark.parametrize("public", [True, False])
async def test_an_answer_through_the_commands_response_url_unfurls_nothing(
        served: Served, fake_slack: FakeSlack, public: bool) -> None:
    served.handler.reply = Reply(text=QUOTED, ephemeral=not public)
    status, _ = await served.command(slash(fake_slack, "status T-3"))
    assert status == 200
    (answer,) = await fake_slack.wait_for("response")
    assert answer.args["response_type"] == ("in_channel" if public else "ephemeral")
    assert answer.args.get("unfurl_links") in OFF
    assert answer.args.get("unfurl_media") in OFF


async def test_an_ephemeral_answer_posted_in_the_channel_unfurls_nothing(
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig) -> None:
    """chat.postEphemeral: an answer to a reaction, or one whose response_url is spent."""
    ws = SlackWorkspace(slack_config)
    await ws.post_ephemeral("C111", "W111", QUOTED)
    (call,) = fake_slack.calls_to("chat.postEphemeral")
    assert call.args["parse"] == "none"
    assert call.args.get("unfurl_links") in OFF
    assert call.args.get("unfurl_media") in OFF
