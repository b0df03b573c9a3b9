"""Examples in the README that a reader copies: the `rules test` cases file passes against the
sample rules, and the `rules explain` output is what the command prints."""

from __future__ import annotations

import re
from pathlib import Path

from tests.app.cli_support import REPO, socialops


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    text = readme()
    start = text.index(title)
    return text[start:text.index("\n### ", start + len(title))]


def test_the_rules_test_example_passes_against_the_sample_rules(tmp_path: Path) -> None:
    block = re.search(r"```yaml\n(.*?)```", section("### `socialops rules test RULES CASES`"),
                      re.S)
    assert block
    (tmp_path / "cases.yaml").write_text(block.group(1), encoding="utf-8")
    proc = socialops("rules", "test", str(REPO / "bot/app/sample/rules.yaml"), "cases.yaml",
                     cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 case(s): 2 passed" in proc.stdout


def test_the_explain_example_is_the_real_output() -> None:
    block = re.search(r"```\n\$ socialops (.*?)\n(.*?)```",
                      section("### `socialops rules explain`"), re.S)
    assert block
    args = re.findall(r'"[^"]*"|\S+', block.group(1))
    proc = socialops(*(a.strip('"') for a in args), cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == block.group(2)


def test_no_stale_references() -> None:
    text = readme()
    assert "DISCORD_TOKEN}" not in text and "docs/slack.md" not in text
    assert "](../slack-manifest.yml)" not in text
    assert "220+" not in text
    manifest = (REPO / "slack-manifest.yml").read_text(encoding="utf-8")
    assert "docs/" not in manifest
    for name in re.findall(r"`(socialops_[a-z_]+)`", text):
        if name.endswith(("_total", "_seconds", "_depth", "_paused", "_info", "_success",
                          "_card")):
            continue
        raise AssertionError(f"metric {name} without its real suffix in the README")


def test_the_configuration_example_passes_check(tmp_path: Path) -> None:
    """The README's full config example, with its secrets in the environment and any rules
    file, is a config `socialops check` accepts."""
    from tests.app.cli_support import clean_env

    text = section("## Configuration")
    block = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert block and "workspaces:" in block.group(1)
    (tmp_path / "socialops.yaml").write_text(block.group(1), encoding="utf-8")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: all, channel: support}\n",
                                         encoding="utf-8")
    env = clean_env(MASTODON_TOKEN="m", SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s",
                    SLACK_APP_TOKEN="xapp-1", DISCORD_BOT_TOKEN="d", DISCORD_PUBLIC_KEY="ab" * 32)
    proc = socialops("check", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
