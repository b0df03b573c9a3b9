"""A support lead's first config, from docs/slack.md, docs/networks.md (Reddit) and
docs/workflows.md (escalation to a Slack user group), checked offline: the mistakes a newcomer
makes there are each one line that says what to write instead.

* A Reddit source with its client id and no secret passed ``socialops check`` (docs/networks.md
  says both are required), then every token request was refused at run time: Reddit's password
  and client_credentials grants take a script or web app's id and secret (an installed app, the
  only kind without a secret, takes neither; reddit-archive/reddit wiki, OAuth2, "Application
  Only OAuth").
* A Slack user group written as its @handle, as a member's ID, as the mention markup the app
  sends (``<!subteam^S…>``) or in lower case was refused as "not a Slack user group ID
  (S0123ABCD)", saying neither what was written instead nor where the ID is.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.check import run_check

HEAD = """\
workspaces:
  - {name: acme, type: slack, mode: http, bot_token: xoxb-1-2-abc, signing_secret: s}
channels: {support: {workspace: acme, id: C0123456789}}
http: {port: 18123}
"""


async def check(tmp_path: Path, text: str) -> tuple[int, list[str]]:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    return code, [line.removeprefix(f"{path}:") for line in err.getvalue().splitlines()]


@pytest.mark.parametrize("source", [
    "{id: r, type: reddit, client_id: c, subreddits: [acme]}",
    "{id: r, type: reddit, client_id: c, client_secret: '', subreddits: [acme]}",
    "{id: r, type: reddit, client_id: c, username: u, password: p}",
])
async def test_a_reddit_source_without_its_secret_is_refused(tmp_path: Path,
                                                             source: str) -> None:
    code, lines = await check(tmp_path, f"sources: [{source}]\n")
    assert code == 1, lines
    assert lines[0].startswith("5: sources[0].client_secret: required: Reddit's token request "
                               "needs the app's secret"), lines
    assert "client_secret: ${REDDIT_CLIENT_SECRET}" in lines[0]
    assert len(lines) == 2, lines  # the one problem and the summary


async def test_a_reddit_source_with_id_and_secret_passes(tmp_path: Path) -> None:
    code, lines = await check(
        tmp_path, "sources: [{id: r, type: reddit, client_id: c, client_secret: s, "
                  "subreddits: [acme]}]\n")
    assert code == 0, lines


@pytest.mark.parametrize(("written", "said"), [
    ("'@support-team'", "'@support-team' is the user group's @handle, not its ID"),
    ("support-team", "'support-team' is a user group's handle, not its ID"),
    ("U0AAAAAAA", "'U0AAAAAAA' is a member's ID (U…), not a user group's"),
    ("'<!subteam^S0SUPPORT>'", "'<!subteam^S0SUPPORT>' is the mention Slack sends; did you "
                               "mean 'S0SUPPORT'?"),
    ("'<!subteam^S0SUPPORT|@support>'", "did you mean 'S0SUPPORT'?"),
    ("s0support", "'s0support' is not a Slack user group ID; did you mean 'S0SUPPORT'?"),
    ("support", "'support' is a user group's handle, not its ID"),
])
async def test_a_slack_group_written_otherwise_says_what_to_write(
        tmp_path: Path, written: str, said: str) -> None:
    code, lines = await check(tmp_path, f"groups: {{support: {{acme: {written}}}}}\n")
    assert code == 1, lines
    assert len(lines) == 2, lines
    assert lines[0].startswith("5: groups.support.acme: "), lines
    assert said in lines[0], lines
    # each says where the ID is to be found
    assert "usergroups.list" in lines[0] or "did you mean" in lines[0], lines


async def test_a_slack_group_id_passes(tmp_path: Path) -> None:
    code, lines = await check(tmp_path, "groups: {support: {acme: S0SUPPORT}}\n")
    assert code == 0, lines
