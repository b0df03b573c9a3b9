"""slack-manifest.yml asks for exactly what the Slack integration uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MANIFEST = Path(__file__).parents[3] / "slack-manifest.yml"


def load() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MANIFEST.read_text())
    return data


def test_scopes_events_and_urls() -> None:
    m = load()
    assert set(m["oauth_config"]["scopes"]["bot"]) == {
        "chat:write", "commands", "reactions:read", "channels:history", "groups:history",
        "channels:read", "groups:read", "users:read", "users:read.email", "usergroups:read"}
    assert m["settings"]["event_subscriptions"]["bot_events"] == [
        "reaction_added", "app_home_opened", "app_uninstalled", "tokens_revoked"]
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    assert m["settings"]["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert m["settings"]["interactivity"]["request_url"].endswith("/slack/events")
    (cmd,) = m["features"]["slash_commands"]
    assert cmd["command"] == "/socialops" and cmd["url"].endswith("/slack/commands")
    assert cmd["should_escape"] is False


def test_every_scope_is_explained() -> None:
    lines = MANIFEST.read_text().splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith("- ") and ":" in line and "scopes" not in line:
            scope = line.strip()[2:]
            if scope in {"chat:write", "commands", "reactions:read", "channels:history",
                         "groups:history", "channels:read", "groups:read", "users:read",
                         "usergroups:read"}:
                assert lines[i - 1].strip().startswith("#"), f"{scope} has no reason"


def test_no_scope_for_a_method_the_code_never_calls() -> None:
    """reactions:write would be for reactions.add, which no code path calls; the manifest
    must not ask for it."""
    import subprocess

    root = Path(__file__).parents[3]
    callers = subprocess.run(
        ["grep", "-rlnE", "--include=*.py", r"\.(add|remove)_reaction\(", "bot", "handlers",
         "integrations"],
        cwd=root, capture_output=True, text=True, check=False).stdout.split()
    assert callers == [], callers
    assert "reactions:write" not in load()["oauth_config"]["scopes"]["bot"]


def test_the_email_scope_is_asked_for_because_links_call_users_info() -> None:
    """users:read.email (with users:read, which Slack requires beside it) is for users.info,
    which `link <email>` calls; the fake answers without the email when it is missing."""
    from integrations.slack import workspace

    source = Path(workspace.__file__).read_text()
    assert '"users.info"' in source
    scopes = load()["oauth_config"]["scopes"]["bot"]
    assert "users:read" in scopes and "users:read.email" in scopes


# What each Web API method needs of a bot token, from its page at
# docs.slack.dev/reference/methods/<method> (public and private channels: the bot posts in
# both). None: called only by a test helper, never by the bot.
NEEDS: dict[str, frozenset[str] | None] = {
    "auth.test": frozenset(),
    "apps.connections.open": frozenset(),  # the app-level token's connections:write
    "chat.postMessage": frozenset({"chat:write"}),
    "chat.update": frozenset({"chat:write"}),
    "chat.postEphemeral": frozenset({"chat:write"}),
    "chat.getPermalink": frozenset(),
    "conversations.history": frozenset({"channels:history", "groups:history"}),
    "conversations.info": frozenset({"channels:read", "groups:read"}),
    "conversations.replies": frozenset({"channels:history", "groups:history"}),
    "users.info": frozenset({"users:read"}),
    "users.lookupByEmail": frozenset({"users:read.email"}),
    "usergroups.list": frozenset({"usergroups:read"}),
    "usergroups.users.list": frozenset({"usergroups:read"}),
    "views.open": frozenset(),
    "views.publish": frozenset(),
    "views.update": frozenset(),
    "reactions.add": None,
    "reactions.remove": None,
}


def test_every_method_the_code_calls_has_its_scopes() -> None:
    """conversations.info (check --online; whether the bot is in a channel before a
    subscription binds to it) needs channels:read and groups:read, which the manifest did not
    ask for: an app installed from it answered missing_scope, and check --online told the
    reader to reinstall from this same manifest."""
    import re

    root = Path(__file__).parents[3]
    called = set()
    for folder in ("bot", "handlers", "integrations"):
        for path in (root / folder).rglob("*.py"):
            called |= set(re.findall(
                r'"((?:apps|auth|chat|conversations|files|reactions|team|usergroups|users|views)'
                r'\.[A-Za-z.]+)"', path.read_text(encoding="utf-8")))
    assert called, "the pattern is stale"
    assert sorted(called - set(NEEDS)) == [], "methods without their scopes in NEEDS"
    scopes = set(load()["oauth_config"]["scopes"]["bot"])
    missing = {m: sorted(need - scopes) for m, need in NEEDS.items()
               if m in called and need is not None and need - scopes}
    assert missing == {}
    needed = set().union(*(n for n in NEEDS.values() if n)) | {"commands", "reactions:read",
                                                                  "users:read"}
    assert sorted(scopes - needed) == [], "scopes nothing uses"


def test_the_local_slack_grants_what_the_manifest_asks_for() -> None:
    """The local Slack answers missing_scope for what its token lacks; by default its token has
    the manifest's scopes, so the tests run as an app installed from it."""
    from tests.support.fake_slack import FakeSlack

    assert FakeSlack().scopes == set(load()["oauth_config"]["scopes"]["bot"])


def test_the_scopes_check_online_asks_for_are_the_manifests() -> None:
    """check --online names the scopes an installed app lacks against BOT_SCOPES: the same list
    as the manifest's, in its order, so a scope added to one is asked for by the other."""
    from integrations.slack.scopes import BOT_SCOPES

    assert list(BOT_SCOPES) == load()["oauth_config"]["scopes"]["bot"]
