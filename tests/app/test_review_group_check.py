"""`socialops check --online` and the groups `groups:` maps to a Slack user group or a Discord
role, against the local Slack and Discord: one disabled in Slack (``usergroups.list`` with
``include_disabled``: a non-zero ``date_delete``, docs.slack.dev/reference/methods/
usergroups.disable), one with no members (``usergroups.users.list``), one Slack does not list,
a Discord role deleted (Get Guild Roles no longer lists it) or held by nobody
(``GET /guilds/{id}/roles/member-counts``) notifies nobody when an escalation pings it. Check
said nothing of them; now it warns (check still passes on them: the notice says so too and
pings the rest)."""

from __future__ import annotations

from pathlib import Path

from tests.app.test_check_online import check, write
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack

ROLE, GONE_ROLE, EMPTY_ROLE = "1000000000000000300", "1000000000000000301", "1000000000000000302"
GROUPS = f"""\
groups:
  live: {{acme: S0LIVE, dc: "{ROLE}"}}
  off: {{acme: S0OFF}}
  empty: {{acme: S0EMPTY, dc: "{EMPTY_ROLE}"}}
  nowhere: {{acme: S0NOWHERE, dc: "{GONE_ROLE}"}}
"""


def tell(name: str, what: str, *, unknown: bool = False) -> str:
    # an id the chat does not know is no setting of the chat's: the id is what to change
    fix = ("write the ID of one of this workspace's groups here" if unknown else
           f"set it right in the chat, or map {name} to another group")
    return (f"{what}: escalation notices pinging group {name} would notify nobody (they say "
            f"so and ping the rest); {fix} (a warning: nothing stops on it)")


async def test_groups_that_would_ping_nobody_are_warned_of(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    path = write(tmp_path, slack, discord)
    path.write_text(path.read_text().replace("channels:\n", GROUPS + "channels:\n", 1))
    slack.usergroups.update({"S0LIVE": ["U1"], "S0OFF": ["U1"], "S0EMPTY": []})
    slack.disabled_groups.add("S0OFF")
    discord.roles.update({ROLE: {"1"}, EMPTY_ROLE: set()})
    _, lines, _ = await check(path)
    said = [line.split(": ", 2)[2] for line in lines if ": groups." in line]
    assert said == [
        tell("off", "the Slack user group S0OFF is disabled"),
        tell("empty", "the Slack user group S0EMPTY has no members"),
        tell("nowhere", "Slack has no user group S0NOWHERE in this workspace (an id from "
                        "another workspace?)", unknown=True),
        tell("empty", f"nobody holds the Discord role {EMPTY_ROLE}"),
        tell("nowhere", f"Discord has no role {GONE_ROLE} in the bot's server (deleted, or a "
                        "wrong id)", unknown=True),
    ], lines


async def test_without_the_scope_the_groups_are_not_warned_of(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    path = write(tmp_path, slack, discord)
    path.write_text(path.read_text().replace("channels:\n", GROUPS + "channels:\n", 1))
    slack.scopes.discard("usergroups:read")
    _, lines, _ = await check(path)
    assert not [line for line in lines if ": groups." in line and "acme" in line], lines
    assert any("usergroups:read" in line and "user group it pings" in line for line in lines)


async def test_a_workspace_no_group_is_mapped_in_is_not_asked_for_the_scope(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """An app installed before the manifest asked for usergroups:read, in a workspace whose
    config maps no user group: the scope would tell it nothing, so check (and the start,
    which says the same) does not ask for a reinstall."""
    path = write(tmp_path, slack, discord)
    slack.scopes.discard("usergroups:read")
    _, lines, _ = await check(path)
    assert not any("usergroups:read" in line for line in lines), lines
    # a group mapped in another workspace only: still nothing asked of this one
    path.write_text(path.read_text().replace(
        "channels:\n", f'groups:\n  live: {{dc: "{ROLE}"}}\nchannels:\n', 1))
    discord.roles.update({ROLE: {"1"}})
    _, lines, _ = await check(path)
    assert not any("usergroups:read" in line for line in lines), lines
