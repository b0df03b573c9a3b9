"""A marketing lead's first `socialops init` and `socialops check` on Discord, Mastodon and
Bluesky (a newcomer's review): the values a person pastes from the chat or the browser in
place of the one a key takes, each told in one line what to write instead.

* Discord's client copies a mention as markup (its Reference, "Message Formatting": a channel
  ``<#CHANNEL_ID>``, a user ``<@USER_ID>`` or ``<@!USER_ID>``, a role ``<@&ROLE_ID>``). Such a
  channel id was told it was "not the name", and a role's name or mention only that it was "not
  a Discord role id", with nowhere said where the role's id is.
* A Bluesky ``handle:`` holding the app password (the reference PDS makes them as four groups
  of four base32 characters, ``createAppPassword`` in @atproto/pds's
  account-manager/helpers/password.js) passed check; every session was then refused.
* A Mastodon ``base_url:`` copied from the browser on a page of the instance (the account's
  profile ``/@acme``, a hashtag's ``/tags/acme``) passed check, and every request went under
  it: each hashtag was then only "not known on https://mastodon.social/@acme yet", an INFO
  line each poll, and nothing was read.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.cli_support import Cli
from tests.support.fake_discord import FakeDiscord

CHANNEL, USER, ROLE = "345678901234567890", "456789012345678901", "567890123456789012"
CONFIG = f"""\
sources:
  - id: fedi
    type: mastodon
    base_url: https://mastodon.social
    hashtags: [acme]
  - id: bsky
    type: bluesky
    handle: acme.bsky.social
    app_password: abcd-efgh-ijkl-mnop
    queries: [acme]
workspaces:
  - name: discord
    type: discord
    token: x.y.z
    application_id: "123456789012345678"
channels:
  support: {{workspace: discord, id: "{CHANNEL}"}}
people:
  - {{id: alice, role: approver, identities: {{discord: "{USER}"}}}}
groups:
  support: {{discord: "{ROLE}"}}
rules: rules.yaml
"""
RULES = "routes:\n  - name: all\n    match: {any: [acme]}\n    channel: support\n"


def check(tmp_path: Path, cli: Cli, old: str, new: str) -> list[str]:
    assert old in CONFIG
    (tmp_path / "socialops.yaml").write_text(CONFIG.replace(old, new, 1))
    (tmp_path / "rules.yaml").write_text(RULES)
    proc = cli("check", cwd=tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr
    if old == new:
        assert proc.returncode == 0, proc.stderr
        return []
    assert proc.returncode == 1, proc.stdout
    return [line.split(": ", 2)[2] for line in proc.stderr.splitlines()
            if line.startswith("socialops.yaml:")]


def test_the_config_as_written_passes(tmp_path: Path, cli: Cli) -> None:
    assert check(tmp_path, cli, "acme.bsky.social", "acme.bsky.social") == []


@pytest.mark.parametrize(("old", "new", "said"), [
    (f'id: "{CHANNEL}"', f'id: "<#{CHANNEL}>"',
     f"'<#{CHANNEL}>' is the channel's mention, not its id; write '{CHANNEL}'"),
    (f'discord: "{USER}"', f'discord: "<@!{USER}>"',
     f"'<@!{USER}>' is the user's mention, not its id; write '{USER}'"),
    (f'discord: "{USER}"', f'discord: "<@{USER}>"',
     f"'<@{USER}>' is the user's mention, not its id; write '{USER}'"),
    (f'discord: "{ROLE}"', f'discord: "<@&{ROLE}>"',
     f"'<@&{ROLE}>' is the role's mention, not its id; write '{ROLE}'"),
    (f'discord: "{ROLE}"', 'discord: "Support Team"',
     "'Support Team' is not a Discord role id: a number of 17 to 20 digits (Developer Mode "
     "-> Server Settings -> Roles -> right-click the role -> Copy Role ID), not the role's "
     "name"),
    (f'id: "{CHANNEL}"', f'id: "<@&{ROLE}>"',
     f"'<@&{ROLE}>' is a role's mention, not a channel's; write the channel's id (Developer "
     "Mode -> right-click the channel -> Copy Channel ID)"),
], ids=["channel-mention", "user-nickname-mention", "user-mention", "role-mention",
        "role-name", "role-for-channel"])
def test_a_discord_id_pasted_as_its_mention_or_name(
        tmp_path: Path, cli: Cli, old: str, new: str, said: str) -> None:
    assert check(tmp_path, cli, old, new) == [said]


def test_init_names_the_id_inside_a_pasted_channel_mention(tmp_path: Path, cli: Cli) -> None:
    proc = cli("init", "--yes", "--workspace", "discord", "--discord-application-id",
               "123456789012345678", "--channel", f"support=<#{CHANNEL}>", "--channel",
               f"approvals={CHANNEL}1", "--channel", f"ops={CHANNEL}2", "--person",
               f"alice={USER}", cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout
    assert proc.stderr.splitlines() == [
        f"error: --channel support=<#{CHANNEL}>: '<#{CHANNEL}>' is the channel's mention, "
        f"not its id; write '{CHANNEL}'"], proc.stderr


@pytest.mark.parametrize("handle", ["abcd-efgh-ijkl-mnop", "ABCD-2345-ijkl-mnop"])
def test_an_app_password_in_the_handle_field(tmp_path: Path, cli: Cli, handle: str) -> None:
    said = check(tmp_path, cli, "handle: acme.bsky.social", f"handle: {handle}")
    assert said == [
        "holds an app password (four groups of four letters and digits), not a handle: the "
        "app password goes in app_password, and handle is the account's handle, e.g. "
        "acme.bsky.social"], said
    assert all(handle not in line for line in said)  # a secret is never echoed


def test_the_two_bluesky_credentials_swapped(tmp_path: Path, cli: Cli) -> None:
    config = CONFIG.replace("handle: acme.bsky.social\n    app_password: abcd-efgh-ijkl-mnop",
                            "handle: abcd-efgh-ijkl-mnop\n    app_password: acme.bsky.social")
    (tmp_path / "socialops.yaml").write_text(config)
    (tmp_path / "rules.yaml").write_text(RULES)
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        "socialops.yaml:8: sources[1].handle: holds an app password (four groups of four "
        "letters and digits), not a handle: handle and app_password are swapped; write "
        "handle: acme.bsky.social and the app password in app_password"), proc.stderr


@pytest.mark.parametrize(("url", "what", "more"), [
    ("https://mastodon.social/@acme", "the page of the account @acme", ""),
    ("https://mastodon.social/@acme/", "the page of the account @acme", ""),
    ("https://mastodon.social/@acme@mastodon.social", "the page of the account "
     "@acme@mastodon.social", ""),
    ("https://mastodon.social/tags/acme", "the page of the hashtag #acme",
     " (and hashtags: [acme])"),
    ("https://mastodon.social/explore", "a page of the instance's web app (/explore)", ""),
    ("https://mastodon.social/home", "a page of the instance's web app (/home)", ""),
    ("https://mastodon.social/deck/@acme", "a page of the instance's web app (/deck)", ""),
])
def test_a_mastodon_base_url_copied_from_a_page_of_the_instance(
        tmp_path: Path, cli: Cli, url: str, what: str, more: str) -> None:
    said = check(tmp_path, cli, "base_url: https://mastodon.social", f"base_url: {url}")
    assert said == [f"{url!r} is {what}, not the instance's address; write "
                    f"'https://mastodon.social'{more}"], said


@pytest.mark.parametrize("url", ["https://mastodon.social/", "https://gov.example/mastodon",
                                 "https://gov.example/mastodon/"])
def test_a_mastodon_base_url_with_a_slash_or_served_on_a_path_passes(
        tmp_path: Path, cli: Cli, url: str) -> None:
    assert check(tmp_path, cli, "https://mastodon.social", "https://mastodon.social") == []
    (tmp_path / "socialops.yaml").write_text(
        CONFIG.replace("base_url: https://mastodon.social", f"base_url: {url}", 1))
    assert cli("check", cwd=tmp_path).returncode == 0


async def test_an_approver_who_is_not_in_the_server_is_told_they_could_approve_nothing(
        tmp_path: Path, discord: FakeDiscord) -> None:
    """The marketing lead's manager, the one approver, with a user id of another server (or
    who left): check --online said only that escalations and on-call notices would ping
    nobody, which this approver has none of; the draft's card, buttons and reactions are the
    server's, so nothing of theirs ever approves. An agent no member is told as before."""
    from tests.app.test_check_online import check as check_online

    alice, manager = "1000000000000000101", "1000000000000000102"
    discord.members.add("1000000000000000109")
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces:
  - {{name: dc, type: discord, token: {discord.token}, application_id: "{discord.application_id}",
     api_url: "{discord.api_url}"}}
channels:
  approvals: {{workspace: dc, id: "{discord.channel_id}"}}
people:
  - {{id: alice, role: agent, identities: {{dc: "{alice}"}}}}
  - {{id: manager, role: approver, identities: {{dc: "{manager}"}}}}
  - {{id: lead, role: agent, identities: {{dc: "1000000000000000109"}}}}
approvals:
  channel: approvals
""", encoding="utf-8")
    code, problems, _ = await check_online(path)
    assert code == 1
    not_member = ("is no member of the server ({}) this workspace's channels are in: "
                  "escalations and on-call notices would ping nobody{}; invite them, or copy "
                  "their user ID there (Developer Mode -> right-click the user -> Copy User ID)")
    assert problems == [
        f"{path}:7: people[0].identities.dc: Discord user {alice} "
        + not_member.format(discord.guild_id, ""),
        f"{path}:8: people[1].identities.dc: Discord user {manager} "
        + not_member.format(discord.guild_id, ", and as an approver they could approve no "
                            "draft (its card, buttons and reactions are in that server)"),
    ], problems


@pytest.mark.parametrize(("written", "meant"), [
    ("9am", "09:00"), ("9 AM", "09:00"), ("5:30pm", "17:30"), ("12am", "00:00"),
    ("12 p.m.", "12:00"), ("11:05 PM", "23:05")])
def test_a_digest_time_written_with_am_or_pm_says_the_24_hour_time(
        tmp_path: Path, cli: Cli, written: str, meant: str) -> None:
    """`digests.at: 9am`, as the chat's `at=` and `snooze until` take it, was refused with
    `write HH:MM, e.g. "09:00"` whatever was written (`5pm` too): now the time meant."""
    config = CONFIG + f'digests:\n  at: "{written}"\n'
    (tmp_path / "socialops.yaml").write_text(config)
    (tmp_path / "rules.yaml").write_text(RULES)
    proc = cli("check", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        f"socialops.yaml:24: digests.at: '{written}' is not a time of day; write HH:MM, on "
        f'the 24-hour clock: "{meant}"'), proc.stderr


def test_a_digest_time_of_no_clock_keeps_its_example(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG + 'digests:\n  at: "morning"\n')
    (tmp_path / "rules.yaml").write_text(RULES)
    proc = cli("check", cwd=tmp_path)
    assert proc.stderr.splitlines()[0] == (
        "socialops.yaml:24: digests.at: 'morning' is not a time of day; write HH:MM, e.g. "
        '"09:00"'), proc.stderr
