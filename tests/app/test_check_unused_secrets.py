"""A secret the workspace's mode does not use, written as an unset ``${NAME}`` (a reviewer's
find, 2026-12-07): the socket-mode user who copied the configuration reference had to export
SLACK_SIGNING_SECRET, and the error said only to export it, not that the line could go."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.app.cli_support import Cli, clean_env
from tests.app.test_readme_examples import section

SLACK = """\
workspaces:
  - name: slack
    type: slack
    bot_token: xoxb-1
    signing_secret: ${SLACK_SIGNING_SECRET}
    app_token: ${SLACK_APP_TOKEN}
    mode: MODE
channels:
  support: {workspace: slack, id: C0123ABCD}
store: {backend: sqlite, path: ./data/socialops.db}
http: {port: 8080}
"""


@pytest.mark.parametrize(("mode", "given", "line", "field", "name"), [
    ("socket", {"SLACK_APP_TOKEN": "xapp-1"}, 5, "signing_secret", "SLACK_SIGNING_SECRET"),
    ("http", {"SLACK_SIGNING_SECRET": "s"}, 6, "app_token", "SLACK_APP_TOKEN"),
])
def test_an_unset_secret_the_mode_does_not_use_says_the_line_can_go(
        tmp_path: Path, cli: Cli, mode: str, given: dict[str, str], line: int, field: str,
        name: str) -> None:
    (tmp_path / "socialops.yaml").write_text(SLACK.replace("MODE", mode), encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env=clean_env(**given))
    assert proc.returncode == 1 and proc.stderr.splitlines() == [
        f"socialops.yaml:{line}: workspaces[0].{field}: environment variable {name} is not "
        f"set; mode: {mode} does not use {field}: remove the line, or export {name}",
        "1 problem(s) found; fix them and run socialops check again"], proc.stderr


def test_the_reference_passes_check_in_socket_mode_without_a_signing_secret(
        tmp_path: Path, cli: Cli) -> None:
    """The reference's Slack workspace is in mode: socket: nothing asks for the secret."""
    block = re.search(r"```yaml\n(.*?)```", section("configuration.md", "# Configuration"),
                      re.S)
    assert block is not None and "mode: socket" in block.group(1)
    (tmp_path / "socialops.yaml").write_text(textwrap.dedent(block.group(1)), encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                         encoding="utf-8")
    proc = cli("check", cwd=tmp_path, env=clean_env(
        MASTODON_TOKEN="m", SLACK_BOT_TOKEN="xoxb-1", SLACK_APP_TOKEN="xapp-1",
        DISCORD_BOT_TOKEN="d", DISCORD_PUBLIC_KEY="ab" * 32))
    assert proc.returncode == 0, proc.stderr
