"""A key of socialops.yaml written in the rules file, or one of the rules file written in
socialops.yaml: `socialops check` says which file it belongs in, not only 'unknown field'.

docs/rules.md's Digests section shows `digests: {at: ..., timezone: ...}` (under a
`# socialops.yaml` comment a reader can miss, on the rules page): written in rules.yaml it was
'unknown field (known: brands, time_intervals, routes, silences, inhibit_rules)', which says
where it is not, never where it goes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.check import run_check


async def check(config: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(config, online=False, out=out, err=err, env={})
    return code, err.getvalue().splitlines()[:-1]


async def test_keys_in_the_wrong_file_are_sent_to_the_right_one(tmp_path: Path) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces: [{name: console, type: console}]\n"
                      "channels:\n  support: {workspace: console, id: support}\n"
                      "rules: rules.yaml\n"
                      "brands: {acme: [acme]}\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes:\n  - {name: s, match: {any: [acme]}, channel: support}\n"
                     'digests: {at: "08:30", timezone: Europe/Berlin}\n'
                     "escalations: []\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1
    assert lines == [
        f"{config}:5: brands: brands belongs in the rules file (the file rules: names in "
        "socialops.yaml, e.g. rules: rules.yaml), not in socialops.yaml: move it there",
        f"{rules}:3: digests: digests belongs in socialops.yaml (the config file), not in the "
        "rules file: move it there",
        f"{rules}:4: escalations: escalations belongs in socialops.yaml (the config file), not "
        "in the rules file: move it there",
    ], "\n".join(lines)


async def test_routes_in_a_config_without_a_rules_file_say_how_to_make_one(
        tmp_path: Path) -> None:
    """A newcomer who wrote routes: in socialops.yaml has, as a rule, no rules file: 'the one
    rules: names' sent them to a key their config does not have. The line names the key and
    a file to give it, as docs/configuration.md does."""
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces: [{name: console, type: console}]\n"
                      "channels:\n  support: {workspace: console, id: support}\n"
                      "routes:\n  - {name: s, match: {any: [acme]}, channel: support}\n",
                      encoding="utf-8")
    code, lines = await check(config)
    assert code == 1
    assert lines == [
        f"{config}:4: routes: routes belongs in the rules file (the file rules: names in "
        "socialops.yaml, e.g. rules: rules.yaml), not in socialops.yaml: move it there"], \
        "\n".join(lines)


def test_the_config_knows_the_rules_files_keys() -> None:
    from bot.core.config import RULES_FILE_KEYS
    from rules.schema import RulesFile

    assert list(RULES_FILE_KEYS) == list(RulesFile.model_fields)


async def test_sources_without_a_rules_file_get_one_warning_line_naming_the_key(
        tmp_path: Path) -> None:
    """With sources and no rules: key only chat subscriptions route, so a newcomer who forgot
    the key saw 'OK ... no rules file' and then no alerts. check still passes (a team that
    only subscribes from chat may mean it) but says so in one line naming the key to add."""
    (tmp_path / "mentions.jsonl").write_text("", encoding="utf-8")
    config = tmp_path / "socialops.yaml"
    body = ("sources: [{id: r, type: replay, path: mentions.jsonl}]\n"
            "workspaces: [{name: console, type: console}]\n"
            "channels:\n  support: {workspace: console, id: support}\n")
    config.write_text(body, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert await run_check(config, online=False, out=out, err=err, env={}) == 0
    assert out.getvalue() == (f"{config}: OK: 1 source(s), 1 workspace(s), 1 channel(s), "
                              "0 people; no rules file\n")
    assert err.getvalue() == (
        f"{config}: warning: no rules: key, so the mentions of the 1 source(s) reach only the "
        "channels that subscribe from chat (subscribe <query>), none by routes; add "
        "rules: rules.yaml (socialops init writes one) unless that is what you mean\n")
    # with no sources there is nothing to route (the OK line says so); with a rules file the
    # routes do it
    config.write_text("workspaces: [{name: console, type: console}]\n", encoding="utf-8")
    err = io.StringIO()
    assert await run_check(config, online=False, out=io.StringIO(), err=err, env={}) == 0
    assert err.getvalue() == ""
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: s, match: {any: [acme]}, channel: support}\n", encoding="utf-8")
    config.write_text(body + "rules: rules.yaml\n", encoding="utf-8")
    err = io.StringIO()
    assert await run_check(config, online=False, out=io.StringIO(), err=err, env={}) == 0
    assert err.getvalue() == ""


async def test_every_source_disabled_gets_one_warning_line_at_sources(tmp_path: Path) -> None:
    """`enabled: false` on every source (a staging copy's) passed as 'OK: 2 source(s)', and
    the bot then started and read nothing. check still passes, with one line at sources:."""
    (tmp_path / "mentions.jsonl").write_text("", encoding="utf-8")
    config = tmp_path / "socialops.yaml"
    sources = ("sources:\n"
               "  - {id: r, type: replay, path: mentions.jsonl, enabled: false}\n"
               "  - {id: s, type: replay, path: mentions.jsonl, enabled: %s}\n")
    rest = ("workspaces: [{name: console, type: console}]\n"
            "channels:\n  support: {workspace: console, id: support}\n"
            "rules: rules.yaml\n")
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: s, match: {any: [acme]}, channel: support}\n", encoding="utf-8")
    config.write_text(sources % "false" + rest, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert await run_check(config, online=False, out=out, err=err, env={}) == 0
    assert out.getvalue().startswith(f"{config}: OK: 2 source(s), ")
    assert err.getvalue() == (
        f"{config}:1: sources: every source is enabled: false, so the bot reads no network; "
        "set enabled: true on the one to read (a warning: nothing stops on it)\n")
    config.write_text(sources % "true" + rest, encoding="utf-8")  # one enabled: nothing said
    err = io.StringIO()
    assert await run_check(config, online=False, out=io.StringIO(), err=err, env={}) == 0
    assert err.getvalue() == ""



@pytest.mark.parametrize("sources", ["", "sources: []\n"])
async def test_a_config_with_no_source_says_so_in_its_ok_line(tmp_path: Path,
                                                              sources: str) -> None:
    """No sources: key (or an empty list) passed as 'OK: 0 source(s)', read as all well, and
    the bot then started and read nothing. check still passes (a team may run it for
    approvals alone), its line saying so and what to add."""
    config = tmp_path / "socialops.yaml"
    config.write_text(sources + "workspaces: [{name: console, type: console}]\n"
                      "channels:\n  support: {workspace: console, id: support}\n",
                      encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert await run_check(config, online=False, out=out, err=err, env={}) == 0
    assert out.getvalue() == (
        f"{config}: OK: 0 source(s), 1 workspace(s), 1 channel(s), 0 people; no rules file; "
        "no source, so the bot reads no network: add one under sources: (docs/networks.md)\n")
    assert err.getvalue() == ""
