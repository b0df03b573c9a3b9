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
    """A bot token pasted with a space inside (one at either end is taken off since ec21062f)
    was the only problem said: the schema refused it, the workspace was dropped with it, and
    with the workspace every check of its channels and people, which the next run then said one
    after the other. 'Every problem in one run' (README, docs/configuration.md) held only for
    problems outside that workspace."""
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces:\n"
                      "  - {name: slack, type: slack, mode: socket, bot_token: 'xoxb-1 2',\n"
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
                      "  - {name: a, type: slack, mode: socket, bot_token: 'xoxb-1 2'}\n"
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


async def test_a_list_item_the_schema_refused_moves_no_later_item(tmp_path: Path) -> None:
    """An item the schema refused is left out of the config the other checks read, and the
    items after it moved up one place there: their problems were said at the refused item's
    index and line (ghost2, on line 9 in schedules[1], was said at line 4 as schedules[0]),
    found by a newcomer trying the on-call schedules."""
    config = tmp_path / "socialops.yaml"
    config.write_text("people:\n  - {id: alice, role: admin}\n"
                      "schedules:\n"
                      "  - name: primary\n    people: [alice]\n"
                      "    start: 2026-12-07T09:00\n    shift: 30m\n"
                      "  - name: other\n    people: [ghost2]\n"
                      "    start: 2026-12-07T09:00\n    shift: 8h\n"
                      "escalations:\n"
                      "  - name: first\n    steps:\n"
                      "      - {after_minutes: 1h30, notify_users: [alice]}\n"
                      "  - name: second\n    steps:\n"
                      "      - {after_minutes: 30, notify_users: [ghost3]}\n",
                      encoding="utf-8")
    code, lines = await check(config)
    assert code == 1
    said = {line.split(": ", 2)[1]: line.split(": ", 2)[0] for line in lines}
    assert said.get("schedules[1].people[0]") == f"{config}:9", "\n".join(lines)
    assert said.get("escalations[1].steps[0].notify_users[0]") == f"{config}:18", "\n".join(lines)
    assert "schedules[0].people[0]" not in said and "escalations[0].steps[0].notify_users[0]" \
        not in said, "\n".join(lines)
    assert said.get("schedules[0].shift") == f"{config}:7", "\n".join(lines)


async def test_a_route_the_schema_refused_moves_no_later_route(tmp_path: Path) -> None:
    """The same in the rules file: with a route refused (its name a list), the next route's
    unknown channel was said at the refused route's channel line and the last route's not at
    all."""
    config = tmp_path / "socialops.yaml"
    config.write_text("channels:\n  support: {workspace: console, id: support}\n"
                      "workspaces:\n  - {name: console, type: console}\n"
                      "rules: rules.yaml\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        "routes:\n"
        "  - name: [outage]\n    match: {any: [outage]}\n    channel: suport\n"
        "  - name: support\n    match: {any: [help]}\n    channel: suport\n"
        "  - name: mentions\n    match: {any: [acme]}\n    channel: suport\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1
    rules = str(tmp_path / "rules.yaml")
    where = sorted((line.split(": ", 2)[0].removeprefix(rules), line.split(": ", 2)[1])
                   for line in lines if line.startswith(rules))
    assert (":2", "routes[0].name") in where, "\n".join(lines)
    assert (":7", "routes[1].channel") in where, "\n".join(lines)
    assert (":10", "routes[2].channel") in where, "\n".join(lines)
