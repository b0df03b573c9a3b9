"""`socialops check` says every problem in one run: a refused value does not hide the checks
of what holds it."""

from __future__ import annotations

import io
from pathlib import Path

from bot.app.check import run_check


async def check(config: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(config, online=False, out=out, err=err, env={})
    return code, err.getvalue().splitlines()[:-1]


async def test_a_token_pasted_with_a_space_hides_no_other_problem(tmp_path: Path) -> None:
    """A bot token pasted with a trailing space was the only problem said: the schema refused
    it, the workspace was dropped with it, and with the workspace every check of its channels
    and people, which the next run then said one after the other. 'Every problem in one run'
    (README, docs/configuration.md) held only for problems outside that workspace."""
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces:\n"
                      "  - {name: slack, type: slack, mode: socket, bot_token: 'xoxb-1 ',\n"
                      "     app_token: xoxb-2}\n"
                      "channels:\n  support: {workspace: slack, id: '#support'}\n"
                      "people:\n  - {id: alice, role: agent, identities: {slack: '@alice'}}\n",
                      encoding="utf-8")
    code, lines = await check(config)
    assert code == 1
    assert [line.split(": ", 2)[1] for line in lines] == [
        "workspaces[0].bot_token", "workspaces[0].app_token", "channels.support.id",
        "people[0].identities.slack"], "\n".join(lines)
    assert "holds U+0020 (a space) at character 7" in lines[0]


async def test_a_discord_token_with_its_prefix_hides_no_other_problem(tmp_path: Path) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces:\n"
                      "  - {name: dc, type: discord, token: 'Bot abc', application_id: 'x1'}\n"
                      "channels:\n  ops: {workspace: dc, id: '#ops'}\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1
    assert [line.split(": ", 2)[1] for line in lines] == [
        "workspaces[0].token", "workspaces[0].application_id", "channels.ops.id"], \
        "\n".join(lines)


async def test_a_faulty_token_hides_not_what_its_mode_needs(tmp_path: Path) -> None:
    """A token that took a stand-in lost nothing of its workspace, so what the workspace's
    mode needs (Socket Mode's app_token, HTTP's signing_secret) is said in the same run: it
    waited for the token's fix, as a check beside a value the schema dropped does, and the
    next run said it."""
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces:\n"
                      "  - {name: a, type: slack, mode: socket, bot_token: 'xoxb-1 '}\n"
                      "  - {name: b, type: slack, mode: http, bot_token: \"xoxb-2\\u200b\"}\n"
                      "channels:\n  support: {workspace: a, id: C0123456789}\n",
                      encoding="utf-8")
    code, lines = await check(config)
    assert code == 1
    assert [line.split(": ", 2)[1] for line in lines] == [
        "workspaces[0].bot_token", "workspaces[0].mode", "workspaces[1].bot_token",
        "workspaces[1].mode"], "\n".join(lines)
    assert "socket mode needs app_token" in lines[1]
    assert "http mode needs signing_secret" in lines[3]
