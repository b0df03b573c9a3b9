"""`socialops check --online` against the local Slack and Discord servers: a wrong token, a
channel that does not exist, a channel the bot is not in, and a setup that is right."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from bot.app.check import run_check
from tests.support.fake_discord import FakeDiscord
from tests.support.fake_slack import FakeSlack

KEY = "ab" * 32


def write(tmp_path: Path, slack: FakeSlack, discord: FakeDiscord, *,
          slack_token: str | None = None, discord_token: str | None = None) -> Path:
    """The config of a Slack and a Discord workspace on the local servers, with the tokens
    they take unless others are given."""
    slack_token = slack_token or slack.token
    discord_token = discord_token or discord.token
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces:
  - {{name: acme, type: slack, mode: http, bot_token: {slack_token}, signing_secret: s,
     api_url: "{slack.api_url}"}}
  - {{name: dc, type: discord, token: {discord_token}, application_id: "{discord.application_id}",
     public_key: "{KEY}", api_url: "{discord.api_url}"}}
channels:
  support: {{workspace: acme, id: CSUPPORT}}
  sales: {{workspace: acme, id: CSALES}}
  gone: {{workspace: acme, id: CGONE}}
  ops: {{workspace: dc, id: "{discord.channel_id}"}}
  hidden: {{workspace: dc, id: "1000000000000000077"}}
  nowhere: {{workspace: dc, id: "1000000000000000088"}}
http: {{port: 8080}}
""", encoding="utf-8")
    return path


async def said_at_start(path: Path, caplog: pytest.LogCaptureFixture) -> list[str]:
    """The WARNING lines ``socialops run`` logs at start of the config's chat tokens."""
    from bot.app.serve import check_chat_tokens
    from bot.core.config import load_config

    with caplog.at_level(logging.WARNING, logger="bot.app.serve"):
        await check_chat_tokens(load_config(path, env={}), connects=False)
    return [r.getMessage() for r in caplog.records]


async def check(path: Path) -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=True, out=out, err=err, env={})
    return code, err.getvalue().splitlines()[:-1], out.getvalue()


async def test_wrong_tokens_are_named(tmp_path: Path, slack: FakeSlack,
                                      discord: FakeDiscord) -> None:
    path = write(tmp_path, slack, discord, slack_token="xoxb-wrong", discord_token="wrong")
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:2: workspaces[0].bot_token: Slack refused the token (invalid_auth); copy the "
        "Bot User OAuth Token (xoxb-...) from the app's Install App page",
        f"{path}:4: workspaces[1].token: Discord refused the bot token (401); copy it again "
        "from the Developer Portal (Bot -> Reset Token)",
    ]


async def test_a_server_it_cannot_reach_is_named_at_its_api_url(tmp_path: Path) -> None:
    """Slack's was 'workspaces[0].bot_token: auth.test failed (cannot reach ...)': the token
    blamed for the address, and nothing said what to check."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]  # closed when the block ends: nothing listens there
    down = f"http://127.0.0.1:{port}"
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces:
  - {{name: acme, type: slack, mode: http, bot_token: xoxb-1, signing_secret: s,
     api_url: "{down}/api/"}}
  - {{name: dc, type: discord, token: t, application_id: "123456789012345678",
     public_key: "{KEY}", api_url: "{down}/api/v10"}}
http: {{port: 8080}}
""", encoding="utf-8")
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:3: workspaces[0].api_url: auth.test failed (cannot reach {down}/api/ "
        "(ConnectError)); check this machine's network (or proxy), or this URL",
        f"{path}:5: workspaces[1].api_url: cannot reach {down}/api/v10 (ConnectError); check "
        "this machine's network (or proxy), or this URL",
    ], problems


async def test_missing_channels_and_missing_membership_are_named(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    slack.missing_channels.add("CGONE")
    slack.outside_channels.add("CSALES")
    discord.hidden_channels.add("1000000000000000077")
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert code == 1
    assert [p.split(": ", 2)[1] for p in problems] == [
        "channels.sales.id", "channels.gone.id", "channels.hidden.id", "channels.nowhere.id"]
    assert "not a member of #csales (CSALES); invite it there with /invite @socialops" \
        in problems[0]
    assert "no channel CGONE" in problems[1]
    assert "cannot see channel 1000000000000000077" in problems[2]
    assert "Discord has no channel 1000000000000000088" in problems[3]
    called = [c.method for c in slack.calls]
    assert called[0] == "auth.test" and called.count("conversations.info") == 3
    assert not [c for c in slack.calls if c.method.startswith("chat.")], "nothing is posted"


async def test_a_right_setup_passes(tmp_path: Path, slack: FakeSlack,
                                    discord: FakeDiscord) -> None:
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    path = write(tmp_path, slack, discord)
    code, problems, out = await check(path)
    assert (code, problems) == (0, [])
    assert "OK" in out and "Slack and Discord answered" in out


async def test_a_member_id_slack_does_not_know_here_is_named_at_the_person(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """A support lead pasting the on-call people's member IDs from another workspace (or
    keeping someone who left in the rotation): check passed, and each escalation and handoff
    notice pinged an ID that notifies nobody here. users.info is asked for each person's ID in
    each Slack workspace: one Slack does not know (user_not_found) or a deactivated account is
    one line at that person's identity; so is a Discord user id that is no member of the
    server the workspace's channels are in (Get Guild Member: 404 Unknown Member)."""
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    discord.members.add("1000000000000000556")
    slack.add_user("UALICE")
    slack.add_user("UGONE")
    slack.deactivated.add("UGONE")
    path = write(tmp_path, slack, discord)
    path.write_text(path.read_text() + """\
people:
  - {id: alice, identities: {acme: UALICE, dc: "1000000000000000556"}}
  - {id: bob, identities: {acme: UOTHERTEAM, dc: "1000000000000000555"}}
  - {id: dave, identities: {acme: UGONE}}
  - {id: erin}
""", encoding="utf-8")
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:16: people[1].identities.acme: Slack has no member UOTHERTEAM in this "
        "workspace (an ID copied from another workspace?): escalations and on-call notices "
        "would ping nobody; copy the member ID here (profile -> ⋮ -> Copy member ID)",
        f"{path}:16: people[1].identities.dc: Discord user 1000000000000000555 is no member "
        f"of the server ({discord.guild_id}) this workspace's channels are in: escalations and "
        "on-call notices would ping nobody; invite them, or copy their user ID there "
        "(Developer Mode -> right-click the user -> Copy User ID)",
        f"{path}:17: people[2].identities.acme: UGONE is a deactivated account in this Slack "
        "workspace: escalations and on-call notices would ping nobody; name someone who "
        "works here",
    ], problems
    asked = [c.args.get("user") for c in slack.calls if c.method == "users.info"]
    assert asked == ["UALICE", "UOTHERTEAM", "UGONE"]
    looked = [c.path for c in discord.calls if "/members/1" in c.path
              and not c.path.endswith(discord.bot_id)]
    assert looked == [f"/guilds/{discord.guild_id}/members/1000000000000000556",
                      f"/guilds/{discord.guild_id}/members/1000000000000000555"]


PEOPLE = """\
people:
  - {id: alice, identities: {acme: UALICE, dc: "1000000000000000556"}}
  - {id: bob, identities: {acme: UBOB, dc: "1000000000000000557"}}
  - {id: carol, identities: {acme: UCAROL, dc: "1000000000000000558"}}
"""


def with_people(tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> Path:
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    for user in ("UALICE", "UBOB", "UCAROL"):
        slack.add_user(user)
    discord.members.update({"1000000000000000556", "1000000000000000557",
                            "1000000000000000558"})
    path = write(tmp_path, slack, discord)
    path.write_text(path.read_text() + PEOPLE, encoding="utf-8")
    return path


async def test_people_left_unasked_after_a_rate_limit_are_said_not_passed(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """users.info is Tier 4 and Get Guild Member has its own route limit: a 429 stopped the
    lookups without a word, and check said OK of a team it had partly checked. Now a 429
    whose Retry-After is longer than check waits is one line at the first person not asked:
    how many were checked, and when to run it again."""
    path = with_people(tmp_path, slack, discord)
    slack.fail(method="users.info", status=429, error="ratelimited", retry_after=30)
    discord.script_429("GET", r"/guilds/\d+/members/1000000000000000557$", retry_after=40.5)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:15: people[0].identities.acme: checked 0 of 3 people's member IDs in this "
        "Slack workspace: Slack rate limited users.info (Retry-After 30 s), so UALICE and "
        "the 2 after were not looked up; run socialops check --online again in 30 s",
        f"{path}:16: people[1].identities.dc: checked 1 of 3 people's user IDs in this "
        "Discord workspace: Discord rate limited Get Guild Member (Retry-After 41 s), so "
        "1000000000000000557 and the 1 after were not looked up; run socialops check "
        "--online again in 41 s",
    ], problems


async def test_a_short_retry_after_is_waited_and_every_person_checked(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """A Retry-After of a second or two is waited out (as slack_sdk's retry handler does),
    and the lookups go on from the person it stopped at."""
    path = with_people(tmp_path, slack, discord)
    slack.deactivated.add("UCAROL")
    slack.fail(method="users.info", status=429, error="ratelimited", retry_after=1)
    discord.members.discard("1000000000000000558")
    discord.script_429("GET", r"/guilds/\d+/members/1000000000000000557$", retry_after=0.2)
    code, problems, _ = await check(path)
    assert code == 1
    assert [p.split(": ", 2)[1] for p in problems] == [
        "people[2].identities.acme", "people[2].identities.dc"], problems
    asked = [c.args.get("user") for c in slack.calls if c.method == "users.info"]
    assert asked == ["UALICE", "UALICE", "UBOB", "UCAROL"]
    looked = [c.path.rsplit("/", 1)[1] for c in discord.calls if "/members/1" in c.path
              and not c.path.endswith(discord.bot_id)]
    assert looked == ["1000000000000000556", "1000000000000000557", "1000000000000000557",
                      "1000000000000000558"]


async def test_workspaces_are_checked_at_once_so_their_waits_do_not_add_up(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """check asked one workspace after another, each with its own 10 s of Retry-After waits:
    a Slack and a Discord workspace rate limited at once took both waits, one after the other
    (and ten workspaces could take 100 s). Now they are asked at once, within one bounded time
    for all, and every person is still checked."""
    path = with_people(tmp_path, slack, discord)
    slack.fail(method="users.info", status=429, error="ratelimited", retry_after=2)
    discord.script_429("GET", r"/guilds/\d+/members/1000000000000000556$", retry_after=2.0)
    code, problems, _ = await check(path)
    assert (code, problems) == (0, [])
    asked = slack.calls_to("users.info")
    assert len(asked) == 4
    assert len([c for c in discord.calls if "/members/10000000000000005" in c.path]) == 4
    # one wait, not two: each workspace's limited lookup came before the other's retry after
    # its wait (asked one after the other, the second's came after the first's retry)
    limited = [c for c in discord.calls if c.path.endswith("/members/1000000000000000556")]
    assert len(limited) == 2 and limited[0].status == 429, limited
    assert limited[0].at < asked[1].at and asked[0].at < limited[1].at


async def test_a_retry_after_of_nothing_is_not_asked_again_without_end(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """A 429 whose Retry-After is 0 (a proxy's, or Discord's retry_after 0.0) cost nothing of
    check's 10 s of waits, so a limit that did not lift was asked again without end: 500 such
    answers were 501 calls for UALICE alone. Now a person is asked at most 4 times in a row
    (3 waits), then the lookups stop with the rate limit's line."""
    path = with_people(tmp_path, slack, discord)
    slack.fail(times=500, method="users.info", status=429, error="ratelimited", retry_after=0)
    discord.script_429("GET", r"/guilds/\d+/members/1000000000000000557$", retry_after=0.0,
                       times=500)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:15: people[0].identities.acme: checked 0 of 3 people's member IDs in this "
        "Slack workspace: Slack rate limited users.info (Retry-After 0 s), so UALICE and "
        "the 2 after were not looked up; run socialops check --online again in 1 s",
        f"{path}:16: people[1].identities.dc: checked 1 of 3 people's user IDs in this "
        "Discord workspace: Discord rate limited Get Guild Member (Retry-After 0 s), so "
        "1000000000000000557 and the 1 after were not looked up; run socialops check "
        "--online again in 1 s",
    ], problems
    assert len(slack.calls_to("users.info")) == 4
    assert len([c for c in discord.calls if c.path.endswith("/1000000000000000557")]) == 4


async def test_an_error_slack_answers_is_said_cut_with_its_quote_closed(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """Slack's own trouble (any error code, however long a proxy or an outage makes it): the
    line says so and stops there, its quote closed after a cut ('…' after it)."""
    path = with_people(tmp_path, slack, discord)
    slack.fail(method="users.info", error="service_unavailable_" + "x" * 100)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:15: people[0].identities.acme: checked 0 of 3 people's member IDs in this "
        "Slack workspace: users.info failed ('service_unavailable_" + "x" * 40 + "'…), so "
        "UALICE and the 2 after were not looked up; run socialops check --online again"], problems


async def test_a_server_the_bot_cannot_read_members_of_says_what_to_grant(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """Get Guild Member answers 403 Missing Access (50001) where the bot is no member of the
    server: the lookups stopped without a word. It needs no privileged intent (the Server
    Members intent is for member events and List Guild Members), so the line says to add the
    bot to the server, not to turn an intent on."""
    path = with_people(tmp_path, slack, discord)
    discord.script_error("GET", r"/guilds/\d+/members/1000000000000000556$", status=403,
                         body={"message": "Missing Access", "code": 50001})
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:15: people[0].identities.dc: checked 0 of 3 people's user IDs in this "
        f"Discord workspace: Get Guild Member in server {discord.guild_id} answered 403 "
        "Missing Access, so 1000000000000000556 and the 2 after were not looked up: the bot "
        "is not in that server; add it (socialops discord invite), which needs no privileged "
        "intent, and run socialops check --online again",
    ], problems


async def test_a_member_of_another_workspace_of_the_grid_org_is_named(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """On Enterprise Grid users.info answers ok for any member of the organisation, in this
    workspace or not (the user object's enterprise_user.teams lists the workspaces they are
    in), so an ID copied from a sister workspace passed: escalations pinged someone who is not
    here."""
    path = with_people(tmp_path, slack, discord)
    slack.enterprise_id = "E111"
    slack.org_members["UBOB"] = ["T222", "T333"]
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:16: people[1].identities.acme: UBOB is in this Enterprise Grid organisation "
        "but not in this workspace (T111; they are in T222, T333): escalations and on-call "
        "notices would ping nobody here; add them to this workspace, or name someone who is "
        "in it",
    ], problems
    assert [c.args.get("user") for c in slack.calls if c.method == "users.info"] == [
        "UALICE", "UBOB", "UCAROL"]


async def test_online_checks_wait_for_offline_problems(tmp_path: Path, slack: FakeSlack,
                                                        discord: FakeDiscord) -> None:
    path = write(tmp_path, slack, discord, slack_token="xapp-1-wrong-kind",
                 discord_token="discord-bot-token")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=True, out=out, err=err, env={})
    *problems, footer = err.getvalue().splitlines()
    assert code == 1 and len(problems) == 1 and "xapp-" in problems[0]
    assert slack.calls == [], "no network call while the config itself is wrong"
    # said, not silently left out: the note was written to a line only printed on success
    assert footer == ("1 problem(s) found; fix them and run socialops check again (--online "
                      "asks Slack and Discord once there are none)"), footer


def write_socket(tmp_path: Path, slack: FakeSlack, *, app_token: str) -> Path:
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces:
  - {{name: acme, type: slack, mode: socket, bot_token: {slack.token}, app_token: {app_token},
     api_url: "{slack.api_url}"}}
channels:
  support: {{workspace: acme, id: CSUPPORT}}
""", encoding="utf-8")
    return path


async def test_socket_mode_app_token_is_tested(tmp_path: Path, slack: FakeSlack) -> None:
    code, problems, _ = await check(write_socket(tmp_path, slack, app_token="xapp-1-wrong"))
    assert code == 1
    assert len(problems) == 1 and "workspaces[0].app_token: Slack refused the app token " \
        "(invalid_auth); copy an App-Level Token (xapp-...) with the connections:write scope" \
        in problems[0], problems
    opened = slack.calls_to("apps.connections.open")
    assert [c.token for c in opened] == ["xapp-1-wrong"]
    assert slack.calls_to("conversations.info"), "the bot token works: channels still checked"
    assert slack.links == 0, "the URL handed out is never opened"


async def test_socket_mode_with_a_right_app_token_passes(tmp_path: Path,
                                                         slack: FakeSlack) -> None:
    code, problems, out = await check(write_socket(tmp_path, slack, app_token=slack.app_token))
    assert (code, problems) == (0, [])
    # only Slack was asked: the line said 'Slack and Discord answered' for any config
    assert "; Slack answered" in out, out


async def test_a_config_without_slack_or_discord_says_nothing_was_asked(
        tmp_path: Path) -> None:
    """The quick start's console config: 'check --online' said 'Slack and Discord answered'
    without asking anyone."""
    path = tmp_path / "socialops.yaml"
    path.write_text("workspaces: [{name: console, type: console}]\n", encoding="utf-8")
    code, problems, out = await check(path)
    assert (code, problems) == (0, [])
    assert "; no Slack or Discord workspace to ask" in out, out


async def test_a_channel_of_another_server_is_named(tmp_path: Path, slack: FakeSlack,
                                                    discord: FakeDiscord) -> None:
    """With guild_id set the bot answers only in that server: a channel of another server
    would show cards nobody could act on. GET /channels/{id} names the channel's server."""
    discord.channels.add("1000000000000000077")
    discord.foreign_channels["1000000000000000088"] = "1000000000000000999"
    path = write(tmp_path, slack, discord)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'api_url: "{discord.api_url}"',
                                 f'api_url: "{discord.api_url}", guild_id: "{discord.guild_id}"'),
                    encoding="utf-8")
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:12: channels.nowhere.id: channel 1000000000000000088 is in another Discord "
        f"server (1000000000000000999) than this workspace's guild_id {discord.guild_id}; the "
        "bot answers only in that server, so nothing on its cards could be clicked: use one of "
        "its channels, or change guild_id"], problems
    # without guild_id the same channels pass: the bot then serves every server it is in
    path.write_text(text, encoding="utf-8")
    assert (await check(path))[:2] == (0, [])


async def test_a_forum_or_category_channel_is_named(tmp_path: Path, slack: FakeSlack,
                                                    discord: FakeDiscord) -> None:
    """A forum channel (or a category, copied with the same 'Copy Channel ID') passed check;
    every card to it was then refused by Discord (50008) and retried for a day."""
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    discord.channel_types.update({"1000000000000000077": 15, "1000000000000000088": 4})
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:{line}: channels.{name}.id: channel {channel} is a {kind} channel, which takes "
        "no messages of its own: name a text channel (or a thread) for cards"
        for line, name, channel, kind in ((11, "hidden", "1000000000000000077", "forum"),
                                          (12, "nowhere", "1000000000000000088", "category"))
    ], problems


async def test_a_permission_the_bot_lacks_in_a_channel_is_named(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """check --online said OK for a channel the bot could see but not post in (an overwrite
    denying its role Send Messages, a role invited without Embed Links); every card was then
    refused with 403 50013, which does not say which permission. It reads the server's roles
    and the channel's overwrites as Discord does and names what a card needs there."""
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    # Embed Links left out of the invite; in one channel an overwrite for the bot's role
    # takes Send Messages away, and one for @everyone Create Public Threads
    discord.bot_permissions = str(309237861376 & ~(1 << 14))
    discord.overwrites["1000000000000000077"] = [
        {"id": discord.bot_role_id, "type": 0, "allow": "0", "deny": str(1 << 11)},
        {"id": discord.guild_id, "type": 0, "allow": "0", "deny": str(1 << 35)}]
    discord.overwrites["1000000000000000088"] = [  # given back to the bot itself here
        {"id": discord.bot_id, "type": 1, "allow": str(1 << 14), "deny": "0"}]
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:10: channels.ops.id: the bot lacks Embed Links in channel "
        f"{discord.channel_id}: give it to the bot's role there (Server Settings -> Roles, or "
        "the channel's Permissions)",
        f"{path}:11: channels.hidden.id: the bot lacks Send Messages, Embed Links and Create "
        "Public Threads in channel 1000000000000000077: give them to the bot's role there "
        "(Server Settings -> Roles, or the channel's Permissions)"], problems


async def test_a_thread_is_checked_with_its_parent_channels_permissions(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """A thread as a card's channel named nothing: a parent channel whose overwrite takes Send
    Messages in Threads from the bot's role passed, and every card there was refused (403
    50013). A thread has its parent's permissions; what a card there needs is named, and a
    bot hidden from the parent is told View Channel, the one permission that gives the rest."""
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    discord.channel_types.update({"1000000000000000077": 11, "1000000000000000088": 11})
    discord.channels.add("1000000000000000099")
    discord.thread_parents["1000000000000000088"] = "1000000000000000099"
    discord.overwrites[discord.channel_id] = [
        {"id": discord.bot_role_id, "type": 0, "allow": "0", "deny": str(1 << 38)}]
    discord.overwrites["1000000000000000099"] = [
        {"id": discord.guild_id, "type": 0, "allow": "0", "deny": str(1 << 10)}]
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:10: channels.ops.id: the bot lacks Send Messages in Threads in channel "
        f"{discord.channel_id}: give it to the bot's role there (Server Settings -> Roles, or "
        "the channel's Permissions)",
        f"{path}:11: channels.hidden.id: the bot lacks Send Messages in Threads in thread "
        f"1000000000000000077 (a thread has the permissions of its channel "
        f"{discord.channel_id}): give it to the bot's role there (Server Settings -> Roles, or "
        "the channel's Permissions)",
        f"{path}:12: channels.nowhere.id: the bot lacks View Channel in thread "
        "1000000000000000088 (a thread has the permissions of its channel "
        "1000000000000000099): give it to the bot's role there (Server Settings -> Roles, or "
        "the channel's Permissions)"], problems


async def test_a_private_thread_the_bot_is_not_in_is_named(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """A private thread takes messages only from its members and those who may manage threads
    (resources/channel): as a card's channel it passed check with its parent's permissions,
    and every card was refused. The bot's membership is asked (Get Thread Member: 404 when not
    one); a member, or a bot with Manage Threads there, passes."""
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    discord.channel_types.update({"1000000000000000077": 12, "1000000000000000088": 12})
    discord.thread_members.add("1000000000000000088")
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:11: channels.hidden.id: the bot is not a member of private thread "
        "1000000000000000077, where only members post: add it to the thread (mention it "
        f"there), or give its role Manage Threads in channel {discord.channel_id}"], problems
    discord.overwrites[discord.channel_id] = [
        {"id": discord.bot_role_id, "type": 0, "allow": str(1 << 34), "deny": "0"}]
    code, problems, _ = await check(path)
    assert (code, problems) == (0, []), problems


async def test_a_locked_thread_is_named_unless_the_bot_may_manage_threads(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """A locked thread takes messages only from those with Manage Threads (a message no longer
    reopens it once archived, code 50083): as a card's channel it passed check and every card
    was refused. It is named; with Manage Threads given to the bot's role it passes."""
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    discord.channel_types.update({"1000000000000000077": 11, "1000000000000000088": 11})
    discord.locked_threads.update({"1000000000000000077", "1000000000000000088"})
    discord.thread_parents["1000000000000000088"] = "1000000000000000099"
    discord.channels.add("1000000000000000099")
    discord.overwrites["1000000000000000099"] = [
        {"id": discord.bot_role_id, "type": 0, "allow": str(1 << 34), "deny": "0"}]
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:11: channels.hidden.id: the bot lacks Manage Threads (the thread is locked) in "
        f"thread 1000000000000000077 (a thread has the permissions of its channel "
        f"{discord.channel_id}): give it to the bot's role there (Server Settings -> Roles, or "
        "the channel's Permissions)"], problems


async def test_an_app_without_the_channel_read_scope_is_told_to_reinstall(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """conversations.info needs channels:read: an app installed from a manifest without it
    (slack-manifest.yml before this scope was in it) is told, at each Slack channel, to
    reinstall from the manifest, which now asks for it. (With Slack's X-OAuth-Scopes header,
    the scope is named once instead: test_scopes_the_app_lacks_are_named_in_one_line.)"""
    slack.scopes.discard("channels:read")
    slack.scope_header = False
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert code == 1
    told = ("the app lacks the scope to read channel info (reinstall it from "
            "slack-manifest.yml)")
    assert [p.split(": ", 2)[1:] for p in problems] == [
        [f"channels.{name}.id", told] for name in ("support", "sales", "gone")]


async def test_an_archived_channel_is_named(tmp_path: Path, slack: FakeSlack,
                                            discord: FakeDiscord) -> None:
    """An archived Slack channel exists, and conversations.info answers ok for it (with
    is_archived); check --online said OK, and every card for it then died as 'is_archived'."""
    slack.archived_channels.add("CSALES")
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:8: channels.sales.id: #csales (CSALES) is archived: Slack takes no messages "
        "there; unarchive it, or name another channel's id"]


async def test_scopes_the_app_lacks_are_named_in_one_line(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """Slack lists a token's scopes in each answer's X-OAuth-Scopes header. An app installed
    from an older manifest, or one whose scopes someone trimmed, passed check --online as long
    as it could read channel info; its cards then died as 'missing_scope' at the first post."""
    slack.scopes -= {"chat:write", "users:read.email", "channels:read"}
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:2: workspaces[0].bot_token: the app lacks the scopes chat:write, "
        "channels:read, users:read.email that slack-manifest.yml asks for; add them under "
        "OAuth & Permissions (or update the app's manifest) and reinstall the app"]
    assert slack.calls_to("conversations.info"), "each channel was still asked"


async def test_no_scope_header_says_nothing_of_scopes(tmp_path: Path, slack: FakeSlack,
                                                      discord: FakeDiscord) -> None:
    """A Slack-compatible server (or a proxy) that sends no X-OAuth-Scopes header says nothing
    about the scopes: nothing is blamed on them."""
    slack.scope_header = False
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert (code, problems) == (0, [])


@pytest.mark.parametrize("header", ["", " ", " , "])
async def test_a_blank_scope_header_says_nothing_of_scopes(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord, header: str) -> None:
    """An X-OAuth-Scopes header sent blank (a proxy that blanks what it does not pass on, a
    Slack-compatible server that fills in no scopes) names no scope: a bot token holds at
    least one. It was read as a token holding none, and check (and run, at start) said the
    app lacked all nine scopes of the manifest."""
    slack.scope_header = header
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    path = write(tmp_path, slack, discord)
    code, problems, _ = await check(path)
    assert (code, problems) == (0, [])


async def test_run_is_told_at_start_of_the_scopes_the_app_lacks(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord,
        caplog: pytest.LogCaptureFixture) -> None:
    """socialops run asks auth.test at start; a token without chat:write then started in
    silence and every card died as missing_scope. It still starts (what the scopes do not
    touch works), with one WARNING naming them, as check --online does."""
    slack.scopes -= {"chat:write"}
    path = write(tmp_path, slack, discord)
    assert await said_at_start(path, caplog) == [
        f"{path}:2: workspaces[0].bot_token: the app lacks the scope chat:write that "
        "slack-manifest.yml asks for; add it under OAuth & Permissions (or update the app's "
        "manifest) and reinstall the app; starting anyway"]
    assert len(slack.calls_to("auth.test")) == 1, "one call tells the token and its scopes"


WITHOUT_EMAIL = ("the app lacks the scope users:read.email, so `link <email>` asks an admin to "
                 "confirm each link instead of linking at once; add it under OAuth & "
                 "Permissions and reinstall the app if that is not what you mean")


async def test_an_app_lacking_only_a_scope_the_bot_works_without_passes_told_so(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord,
        caplog: pytest.LogCaptureFixture) -> None:
    """docs/workflows.md makes users:read.email optional (without it an admin confirms each
    `link <email>`), and admins often hold it back; check --online failed on it (exit 1,
    'the app lacks the scope users:read.email'), so such a workspace could never pass. It
    passes now, told what it costs; run says the same at start."""
    slack.scopes -= {"users:read.email"}
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    path = write(tmp_path, slack, discord)
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=True, out=out, err=err, env={})
    assert code == 0, err.getvalue()
    assert err.getvalue().splitlines() == [
        f"{path}:2: workspaces[0].bot_token: {WITHOUT_EMAIL} (a warning: nothing stops on it)"]
    assert ": OK: " in out.getvalue()
    assert await said_at_start(path, caplog) == [
        f"{path}:2: workspaces[0].bot_token: {WITHOUT_EMAIL}; starting anyway"]


async def test_the_scopes_line_hides_no_channel_that_needs_another_scope(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """A channel Slack cannot describe for a scope the scopes line did not name (a direct
    message's id needs im:read, which the manifest does not ask for) was left out whenever
    the app lacked any scope at all (users:read.email, which admins often hold back): the
    line said nothing of that channel, and adding users:read.email then revealed it."""
    slack.scopes -= {"users:read.email"}
    discord.channels.update({"1000000000000000077", "1000000000000000088"})
    path = write(tmp_path, slack, discord)
    path.write_text(path.read_text(encoding="utf-8").replace("id: CGONE", "id: DGONE"),
                    encoding="utf-8")
    code, problems, _ = await check(path)
    assert code == 1
    assert problems == [
        f"{path}:9: channels.gone.id: the app lacks the scope im:read to read channel info "
        "(slack-manifest.yml does not ask for it: a direct message's id? name a channel's)",
        f"{path}:2: workspaces[0].bot_token: {WITHOUT_EMAIL} (a warning: nothing stops on it)"]
    slack.scopes.add("users:read.email")  # the same channel, nothing else lacking
    code, problems, _ = await check(path)
    assert problems == [
        f"{path}:9: channels.gone.id: the app lacks the scope im:read to read channel info "
        "(slack-manifest.yml does not ask for it: a direct message's id? name a channel's)"]


async def test_a_slack_error_at_start_blames_no_token(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord,
        caplog: pytest.LogCaptureFixture) -> None:
    """auth.test answered with an error that is no refusal (Slack's internal_error, answered
    with a 500 in an outage) says nothing of the token; run's WARNING at start (and check
    --online) told the operator to copy the token again, which fixes nothing and sends them
    to the wrong page while Slack is down."""
    slack.fail(1, method="auth.test", status=500, error="internal_error")
    path = write(tmp_path, slack, discord)
    assert await said_at_start(path, caplog) == [
        f"{path}:2: workspaces[0].bot_token: auth.test failed (internal_error), which says "
        "nothing of the token: Slack's own trouble (status.slack.com); starting anyway: the "
        "outbox keeps each card and retries it with backoff (given up after "
        "outbox.give_up_after_minutes); this process (--role worker) opens no chat "
        "connection, the web process answers chat"]  # said_at_start: a worker's start


async def test_a_server_answer_is_said_without_the_config_secrets(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """check quotes the error a server answers (Slack's error code): a proxy's or a broken
    server's may echo a token of the config or a webhook's URL, hidden as in a log line."""
    path = write(tmp_path, slack, discord)
    slack.fail(times=10, method="conversations.info", error=(
        f"upstream_failed for {discord.token} via "
        "https://hooks.slack.com/services/T1/B1/HookS3cret"))
    _, problems, _ = await check(path)
    said = "\n".join(problems)
    assert "upstream_failed for [REDACTED]" in said, said
    assert discord.token not in said and "HookS3cret" not in said, said


async def test_a_server_that_never_answers_is_named_within_the_whole_checks_bound(
        tmp_path: Path, discord: FakeDiscord) -> None:
    """A Slack server that takes the connection and never answers held check --online for 15 s
    a call (its token, then each channel and person in turn): minutes, with nothing said. The
    whole command has one bound (``deadline``, 60 s; here 1 s): what answered within it is
    checked as ever, and each check that did not is one line naming it, check exiting 1."""
    import asyncio

    held: list[asyncio.StreamWriter] = []

    async def never(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)  # the request read by nobody, and nothing written back

    server = await asyncio.start_server(never, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces:
  - {{name: acme, type: slack, mode: http, bot_token: xoxb-1, signing_secret: s,
     api_url: "http://127.0.0.1:{port}/api/"}}
  - {{name: dc, type: discord, token: discord-bot-token,
     application_id: "{discord.application_id}", public_key: "{KEY}",
     api_url: "{discord.api_url}"}}
channels:
  ops: {{workspace: dc, id: "{discord.channel_id}"}}
http: {{port: 8080}}
""", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        code = await run_check(path, online=True, out=out, err=err, env={}, deadline=1.0)
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()
    assert code == 1
    assert err.getvalue().splitlines() == [
        f"{path}:2: workspaces[0]: Slack workspace acme did not answer within 1 s, the bound "
        "of the whole check --online (--timeout); its token, channels and people are not "
        "checked; check this machine's network (or proxy), or its api_url",
        "1 problem(s) found; fix them and run socialops check again"]


async def test_a_deleted_discord_channel_is_named_with_the_fix(
        tmp_path: Path, slack: FakeSlack, discord: FakeDiscord) -> None:
    """Discord answers 404 code 10003 Unknown Channel for a channel deleted (or a wrong id):
    the line says so and what to do, as Slack's channel_not_found line does."""
    discord.channels.add("1000000000000000077")
    path = write(tmp_path, slack, discord)
    _, problems, _ = await check(path)
    [line] = [p for p in problems if "channels.nowhere.id" in p]
    assert line.endswith(
        "channels.nowhere.id: Discord has no channel 1000000000000000088 (deleted, or a wrong "
        "id): copy the channel's id in Discord (Developer Mode -> right-click the channel -> "
        "Copy Channel ID)"), line
