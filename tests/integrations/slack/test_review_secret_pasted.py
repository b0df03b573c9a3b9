"""A Slack signing secret (or token) read from the environment with a line break after it, as
`kubectl create secret --from-file`, `echo secret > file` or a copied line leaves it: the
config refused it ("holds U+000A (a control character) at character 33"), where no Slack
secret or token holds a blank anywhere, so the one at either end is nothing but the paste's.
Now it is taken without it, and Slack's requests, signed with the secret as Slack holds it,
are answered (a newcomer's and an operator's review, 2026-12-07). A blank inside one is still
refused, naming its place (tests/app/test_hostile_config.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.config import SlackWorkspaceConfig, load_config
from integrations.slack.app import build_slack_app
from tests.integrations.slack.served import SIGNING_SECRET, RecordingHandler, serving
from tests.support.fake_slack import FakeSlack


@pytest.mark.parametrize("pasted", ["\n", "\r\n", " \n", "\n\n"])
async def test_a_secret_with_a_line_break_after_it_verifies_slacks_requests(
        tmp_path: Path, fake_slack: FakeSlack, pasted: str) -> None:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(
        "workspaces:\n"
        "  - {name: acme, type: slack, mode: http, bot_token: '${SLACK_BOT_TOKEN}', "
        f"signing_secret: '${{SLACK_SIGNING_SECRET}}', api_url: '{fake_slack.api_url}'}}\n"
        "http: {port: 8080}\n", encoding="utf-8")
    loaded = load_config(cfg, env={"SLACK_BOT_TOKEN": fake_slack.token + pasted,
                                   "SLACK_SIGNING_SECRET": SIGNING_SECRET + pasted})
    [workspace] = loaded.config.workspaces
    assert isinstance(workspace, SlackWorkspaceConfig)
    assert (workspace.signing_secret, workspace.bot_token) == (SIGNING_SECRET, fake_slack.token)
    handler = RecordingHandler()
    bot = build_slack_app(workspace, handler=handler, identity=lambda ws, user: "person-W111")
    async with serving(bot, handler) as served:
        status, text = await served.event({"type": "url_verification", "challenge": "c1"})
    assert status == 200 and "c1" in text, (status, text)
