"""`socialops check` reports every mistake of issue 16 in one run: one file, one message per
mistake, each at its line. (A YAML syntax error such as bad indentation stops reading its file,
so that one has a file of its own.)"""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path

import pytest

from bot.app.check import run_check
from bot.core.config import load_config
from bot.core.errors import ConfigError, ConfigErrors
from bot.store.sqlite_schema import SCHEMA_VERSION

# Each mistake, the line it is on, and words its message must contain.
MISTAKES = """\
sources:
  - id: replay
    type: replay
    path: missing.jsonl                               # 4: a replay file that does not exist
    interval: 5m                                      # a duration: accepted
  - id: feeds
    type: rss
    urls: [example.com/feed.xml]                      # 8: a feed URL without a scheme
workspaces:
  - name: slack
    type: slack
    mode: socket                                      # 12: socket mode without app_token
    bot_token: xapp-1-A111-222-abc                    # 13: an app token as the bot token
  - name: slack-http
    type: slack
    mode: http
    bot_token: xoxb-1-2-3
    signing_secret: ""                                # 18: empty signing secret
  - name: discord
    type: discord
    token: discord-token
    application_id: abc                               # 22: not a number
    public_key: zz                                    # 23: not 64 hex characters
channels:
  alerts: {workspace: slack, id: "#support"}          # 25: a channel name, not an id
  support: {workspace: slack, id: C0123SUPPORT}
  support: {workspace: slack, id: C0456SUPPORT}       # 27: a channel twice
people:
  - {id: ana, role: agent, identities: {slack: "@ana"}}   # 29: an @name, not a member id
escalations:
  - name: support-default
    steps:
      - {after_minutes: 15, dm_users: [ana]}          # 33: dm_users (never used)
rules: rules.yaml                                     # 34: the rules file is missing
store: {backend: sqlite}
store: {backend: sqlite, path: ./data/x.db}           # 36: store twice
http:
  port: 18:18                                         # 38: YAML 1.1 read this as 1098
spikes:
  window_minutes: 0                                   # 40: out of range
outbox:
  burst: 0                                            # 42: out of range
"""

EXPECTED = [
    (4, "sources[0].path", "file not found"),
    (8, "sources[1].urls[0]", "https://example.com/feed.xml"),
    (12, "workspaces[0].mode", "socket mode needs app_token"),
    (13, "workspaces[0].bot_token", "xoxb-"),
    (18, "workspaces[1].signing_secret", "http mode needs signing_secret"),
    (22, "workspaces[2].application_id", "'abc' is not an application id"),
    (23, "workspaces[2].public_key", "64 hexadecimal characters"),
    (25, "channels.alerts.id", "'#support' is not a Slack channel ID"),
    (27, "channels.support", "duplicate key 'support' (lines 26 and 27)"),
    (29, "people[0].identities.slack", "'@ana' is not a Slack member ID"),
    (33, "escalations[0].steps[0].dm_users", "notify_users"),
    (34, "rules", "file not found"),
    (36, "store", "duplicate key 'store' (lines 35 and 36)"),
    (38, "http.port", "'18:18' is not a port number"),
    (40, "spikes.window_minutes", "greater than or equal to 1"),
    (42, "outbox.burst", "greater than or equal to 1"),
]


async def check(path: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err, env={})
    return code, err.getvalue().splitlines()


async def test_every_mistake_is_reported_once_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(MISTAKES, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    problems, summary = lines[:-1], lines[-1]
    assert summary.startswith(f"{len(EXPECTED)} problem(s) found")
    assert len(problems) == len(EXPECTED), "\n".join(problems)
    for (line, field, words), got in zip(EXPECTED, problems, strict=True):
        assert got.startswith(f"{path}:{line}: {field}: "), (got, line, field)
        assert words in got, (got, words)


async def test_the_same_config_fails_to_load_with_all_its_problems(tmp_path: Path) -> None:
    """`run` refuses the file with the same list, not with the first problem only."""
    path = tmp_path / "socialops.yaml"
    path.write_text(MISTAKES, encoding="utf-8")
    with pytest.raises(ConfigErrors) as info:
        load_config(path, env={})
    assert len(info.value.errors) == len(EXPECTED)


async def test_bad_indentation_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text("workspaces:\n  - name: console\n    type: console\n   channels: {}\n",
                    encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert lines[0].startswith(f"{path}:4: ")
    assert "indent" in lines[0] and "YAML" not in lines[0].split(":", 2)[2][:15]


async def test_a_tab_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text("workspaces:\n\t- {name: console, type: console}\n", encoding="utf-8")
    _, lines = await check(path)
    assert "tab" in lines[0] and "spaces" in lines[0]


RULES_MISTAKES = """\
time_intervals:
  - name: night
    intervals:
      - times: [{start: 22:00, end: 24:00}, {start: 00:00, end: 07:00}]   # unquoted: fine
routes:
  - name: a
    channel: support
    channel: sales                     # 8: channel twice in a route
    match: {query: 'acme AND (b'}      # 9: a broken query
  - name: b
    channel: nowhere                   # 11: an unknown channel
    quiet_hours: [nite]                # 12: an unknown time interval
"""


async def test_rules_mistakes_come_in_the_same_run_as_config_mistakes(tmp_path: Path) -> None:
    config = tmp_path / "socialops.yaml"
    config.write_text("workspaces: [{name: console, type: console}]\n"
                      "channels:\n  support: {workspace: console, id: support}\n"
                      "  sales: {workspace: console, id: sales}\n"
                      "rules: rules.yaml\nhttp: {port: 70000}\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES_MISTAKES, encoding="utf-8")
    code, lines = await check(config)
    assert code == 1
    rules = str(tmp_path / "rules.yaml")
    assert lines[:-1] == [
        f"{config}:6: http.port: 70000 is out of range: must be less than or equal to 65535",
        f"{rules}:8: routes[0].channel: duplicate key 'channel' (lines 7 and 8); the second "
        "would silently replace the first: keep one",
        f"{rules}:9: routes[0].match.query: bad query: unclosed parenthesis at position 10",
        f"{rules}:11: routes[1].channel: unknown channel 'nowhere' (config channels: sales, "
        "support)",
        f"{rules}:12: routes[1].quiet_hours[0]: unknown time interval 'nite'",
    ], "\n".join(lines)


def test_unquoted_times_are_times_and_durations_are_accepted(tmp_path: Path) -> None:
    """YAML 1.2: 22:00 is the string "22:00" (YAML 1.1 made it 1320); any time span takes a
    duration."""
    from rules import load_rules

    head = RULES_MISTAKES.partition("routes:")[0]
    (tmp_path / "rules.yaml").write_text(head + "routes: []\n", encoding="utf-8")
    ruleset = load_rules(tmp_path / "rules.yaml", channels={}, escalations=set())
    times = ruleset.rules.time_intervals[0].intervals[0].times
    assert [(t.start, t.end) for t in times] == [("22:00", "24:00"), ("00:00", "07:00")]
    path = tmp_path / "socialops.yaml"
    path.write_text(
        "sources:\n  - {id: hn, type: hackernews, queries: [acme], interval: 5m,"
        " backfill_minutes: 2h, timeout: 30s}\napprovals: {expire_hours: 2d}\n"
        "store: {dedup_ttl_hours: 1w, lease_seconds: 1m}\n", encoding="utf-8")
    cfg = load_config(path, env={}).config
    source = cfg.sources[0]
    assert (source.interval, source.backfill_minutes, source.timeout) == (300.0, 120, 30.0)
    assert cfg.approvals.expire_hours == 48 and cfg.store.dedup_ttl_hours == 168
    assert cfg.store.lease_seconds == 60


def test_whole_minutes_where_minutes_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text("escalations:\n  - name: e\n    steps: [{after_minutes: 90s}]\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError,
                       match=r"after_minutes: 90s is not whole minutes; write e\.g\. 2m"):
        load_config(path, env={})


async def test_a_discord_id_too_short_to_be_real_is_refused(tmp_path: Path) -> None:
    """Every Discord id made since Discord opened has 17 to 20 digits; "12345" is a
    placeholder, and the renderer would never ping it (one rule for both)."""
    from integrations.discord.render import mention_ids

    path = tmp_path / "socialops.yaml"
    path.write_text("""\
workspaces:
  - {name: dc, type: discord, token: t, guild_id: "123"}
channels:
  alerts: {workspace: dc, id: "12345"}
  support: {workspace: dc, id: "345678901234567890"}
  sales: {workspace: dc, id: "３４５６７８９０１２３４５６７８９０"}
people:
  - {id: ana, identities: {dc: "12345"}}
  - {id: bo, identities: {dc: "456789012345678901"}}
""", encoding="utf-8")
    _, lines = await check(path)
    problems = [line.split(": ", 1)[1] for line in lines[:-1]]
    assert [p.split(": ", 1)[0] for p in problems] == [
        "workspaces[0].guild_id", "channels.alerts.id", "channels.sales.id",
        "people[0].identities.dc"], problems
    assert all("17 to 20 digits" in p for p in problems), problems
    # fullwidth digits are digits to `\d`, not to Discord
    assert mention_ids(("12345", "456789012345678901", "４" * 18)) == [456789012345678901]


async def test_a_channel_named_by_its_id_where_a_name_goes_names_the_channel(
        tmp_path: Path) -> None:
    """A reviewer's run of check (2026-12-06): `ops_channel: C0123ABCF`, the id of the
    channel declared as ops, was told to declare it under channels:, where it is, with no
    did-you-mean (one is given for '#ops' and for a misspelling)."""
    path = tmp_path / "socialops.yaml"
    path.write_text(
        "workspaces: [{name: ws, type: slack, mode: socket, bot_token: xoxb-1, "
        "app_token: xapp-1}]\n"
        "channels: {ops: {workspace: ws, id: C0123ABCF}, support: {workspace: ws, "
        "id: C0123ABCD}}\n"
        "ops_channel: C0123ABCF\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1 and lines[0] == (
        f"{path}:3: ops_channel: unknown channel 'C0123ABCF'; declare it under channels: "
        "(declared: ops, support); did you mean ops, the channel of that id?"), lines


# Mistakes a probe found passing check (then failing at run time, or never working), each
# with the one line check now says about it. The config is HEAD plus the snippet.
HEAD = """\
workspaces: [{name: console, type: console}]
channels: {support: {workspace: console, id: support}}
"""
CANNOT_WORK = [
    ("http: {host: 'not a host!', port: 18123}",
     "3: http.host: 'not a host!' is not a host name or IP address"),
    # an address with a part too many is no host name: run then blamed the port (the SRE's)
    ("http: {host: 0.0.0.0.0, port: 18123}",
     "3: http.host: '0.0.0.0.0' is not a host name or IP address"),
    ("http: {host: 10.0.300.1, port: 18123}",
     "3: http.host: '10.0.300.1' is not a host name or IP address"),
    # the URL of a Redis the sqlite store never reads: two processes so set kept two stores
    ("store: {backend: sqlite, redis_url: 'redis://127.0.0.1:6379/0'}",
     "3: store.redis_url: backend: sqlite does not use redis_url; remove it, or set backend: "
     "redis to share the work through that Redis"),
    ("approvals: {steps: []}", "3: approvals.steps: needs at least 1 step"),
    # a channel of the config named as Slack shows it, or misspelt: the rules file's channel:
    # names the one meant, the config's own references did not (a newcomer's review)
    ("ops_channel: '#support'", "3: ops_channel: unknown channel '#support'; declare it under "
     "channels: (declared: support); did you mean support?"),
    ("approvals: {channel: suport}", "3: approvals.channel: unknown channel 'suport'; declare "
     "it under channels: (declared: support); did you mean support?"),
    ("escalations: [{name: e, steps: [{after_minutes: 5, channel: Support}]}]",
     "3: escalations[0].steps[0].channel: unknown channel 'Support' (declared: support); did "
     "you mean support?"),
    # a source type misspelt, or by the name people say, was only listed with the known ones,
    # where a workspace's type and a rule's network name the one meant (a newcomer's review)
    ("sources: [{id: m, type: mastadon, hashtags: [acme]}]", "3: sources[0].type: unknown "
     "source type 'mastadon' (known: bluesky, hackernews, mastodon, reddit, replay, rss, x); "
     "did you mean mastodon?"),
    ("sources: [{id: t, type: twitter, queries: [acme]}]", "3: sources[0].type: unknown source "
     "type 'twitter' (known: bluesky, hackernews, mastodon, reddit, replay, rss, x); did you "
     "mean x?"),
    ("sources: [{id: r, type: replai, path: m.jsonl}]", "did you mean replay?"),
    ("sources: [{id: x, type: x, queries: [acme]}]",
     "3: sources[0].bearer_token: required: searching (queries:) needs the app's Bearer Token"),
    ("sources: [{id: r, type: reddit, subreddits: [acme]}]",
     "3: sources[0].client_id: required: Reddit's API needs a registered app"),
    ("sources: [{id: m, type: mastodon, queries: [acme]}]",
     "3: sources[0].token: required: searching (queries:) needs an access token"),
    ("sources: [{id: m, type: mastodon, hashtags: [acme], notifications: true}]",
     "3: sources[0].token: required: notifications: true needs an access token"),
    ("sources: [{id: m, type: mastodon, hashtags: []}]",
     "3: sources[0].hashtags: nothing to follow: a mastodon source needs hashtags:"),
    ("sources: [{id: x, type: x, mentions: true, user_token: u}]",
     "3: sources[0].user_id: required: mentions: true needs the account's numeric user id"),
    ("sources: [{id: h, type: hackernews}]",
     "3: sources[0].queries: required: a hackernews source needs at least one search"),
    ("sources: [{id: m, type: mastodon, hashtags: [a], token: '$MASTODON_TOKEN'}]",
     "3: sources[0].token: looks like an environment reference; write ${MASTODON_TOKEN}"),
    ("sources: [{id: m, type: mastodon, hashtags: [a], token: '${MASTODON_TOKEN'}]",
     "3: sources[0].token: looks like an environment reference but is not written as one; "
     "write ${MASTODON_TOKEN}"),
    ("sources: [{id: m, type: mastodon, hashtags: [a], token: '${mastodon-token}'}]",
     "write ${MASTODON_TOKEN}"),
    ("sources: [{id: m, type: mastodon, hashtags: [a], token: '${ MASTODON_TOKEN }'}]",
     "write ${MASTODON_TOKEN}"),
    ('sources: [{id: f, type: rss, urls: ["https://exa mple.com/f"]}]',
     "3: sources[0].urls[0]: 'https://exa mple.com/f' has a space in it"),
    ('sources: [{id: f, type: rss, urls: ["https://a.example/f", "https://b.example/f", '
     '"https://a.example/f"]}]', "3: sources[0].urls[2]: is urls[0] again: remove one"),
    ("model_endpoint: {url: 'localhost:8080/v1'}",
     "3: model_endpoint.url: 'localhost:8080/v1' is not a full http/https URL"),
    ("digest_summary: {url: 'https://[zz]/v1'}",
     "3: digest_summary.url: 'https://[zz]/v1' has no valid host name or IP address"),
    # values accepted though they cannot be meant
    ("approvals: {publish_lease_seconds: .inf}", "3: approvals.publish_lease_seconds: .inf is "
     "not a number a setting can take; write a finite number"),
    ("outbox: {per_channel_per_second: .inf}", "3: outbox.per_channel_per_second: .inf is not "
     "a number a setting can take; write a finite number"),
    ("spikes: {threshold: .nan}", "3: spikes.threshold: .nan is not a number a setting can "
     "take; write a finite number"),
    ("spikes: {min_count: 99999999999999999999999999}", "3: spikes.min_count: "
     "99999999999999999999999999 is out of range: must be less than or equal to 1000000"),
    # a limit of a span held as a float was said as pydantic holds it: 604800.0
    ("sources: [{id: h, type: hackernews, queries: [a], interval: 700000}]", "3: sources[0]."
     "interval: 700000 is out of range: must be less than or equal to 604800"),
    ("outbox: {backoff_base: 60, backoff_max: 1}", "3: outbox.backoff_max: 1s is shorter than "
     "backoff_base (1m), where the waits between retries start; make backoff_max at least "
     "backoff_base"),
    ("sources: [{id: h, type: hackernews, queries: [a], timeout: 1ms}]", "3: sources[0].timeout: "
     "1ms is too short for a network request: every poll would time out; write at least 1s "
     "(the default is 20s)"),
    ("sources: [{id: h, type: hackernews, queries: [a], interval: 0.5}]", "3: sources[0]."
     "interval: 0.5s between polls would ask the network more than once a second (and be "
     "rate-limited); write at least 1s (the default is 1m)"),
    ("sources: [{id: b, type: bluesky, queries: [a], interval: 100ms, "  # pds_url is not
     "base_url: 'http://127.0.0.1:9'}]", "3: sources[0].interval: 100ms between polls"),
    ("sources: [{id: h, type: hackernews, queries: [a], interval: 100ms, "  # a local server
     "base_url: 'http://127.0.0.1:9'}, {id: b, type: bluesky, queries: [a], interval: 100ms, "
     "base_url: 'http://127.0.0.1:9', pds_url: 'http://127.0.0.1:9', "
     "jetstream_url: 'ws://127.0.0.1:9'}, {id: h2, type: hackernews, queries: [a], "
     "interval: 100ms}]", "3: sources[2].interval: 100ms between polls"),
    # Hacker News is read through Algolia alone (base_url), lookups too: item_url was taken,
    # checked and never used, so an address written there was silently ignored
    ("sources: [{id: h, type: hackernews, queries: [a], item_url: 'http://127.0.0.1:9'}]",
     "3: sources[0].item_url: item_url is not used: Hacker News is read, lookups included, "
     "through Algolia at base_url; remove it (or set base_url)"),
    ("sources: [{id: r, type: replay, path: socialops.yaml, network_override: twitter}]",
     "3: sources[0].network_override: unknown network 'twitter' (known: bluesky, hackernews, "
     "mastodon, reddit, rss, x); did you mean x?"),
    ("people: [{id: a, identities: {console: x}}, {id: b, identities: {console: x}}]",
     "3: people[1].identities.console: 'x' in console is already the identity of 'a'; a chat "
     "user is one person: keep it on one of them"),
    ("people: [{id: 'ana b'}]", "3: people[0].id: 'ana b' is not a person id: one word of at "
     "most 64 characters, no spaces"),
    # YAML that would be read as something else than written
    ("sources: [&hn {id: hn1, type: hackernews, queries: [a]}, {<<: *hn, id: hn2}]",
     "3: sources[1]: YAML merge keys (<<) are not supported; write the keys out"),
    ("rules: !!python/object:os.system rules.yaml", "3: rules: the YAML tag "
     "!!python/object:os.system is not supported; write the value without it"),
    ("ops_channel: !!binary c3VwcG9ydA==", "3: ops_channel: the YAML tag !!binary is not "
     "supported"),
    ("spikes: !custom {channel: support}", "3: spikes: the YAML tag !custom is not supported"),
]

# Same, where the mistake is in the workspace or the channel HEAD declares
REFUSED_IN_HEAD = [
    (HEAD.replace("type: console}", "type: console, reactions: {eyes: clam}}"),
     "1: workspaces[0].reactions.eyes: unknown action 'clam'; did you mean claim? (a reaction "
     "can claim, unclaim, resolve, reopen, snooze, approve, reject, retry)"),
    (HEAD.replace("{support:", "{my support:"), "2: channels.my support: 'my support' is not a "
     "channel name: one word of at most 64 characters, no spaces (e.g. support-team)"),
    (HEAD.replace("id: support}", "id: ''}"), "2: channels.support.id: is empty; write the "
     "channel's id"),
    # the stores keep a channel's edit lane as "<id>\x1f<lane>": an id holding it read as
    # another channel's lane
    (HEAD.replace("id: support}", 'id: "ops\\x1fedits"}'), "2: channels.support.id: holds "
     "the control character U+001F; write the channel's id as the chat shows it"),
    (HEAD.replace("id: support}", 'id: "sup\\tport"}'), "2: channels.support.id: holds the "
     "control character U+0009"),
    (HEAD.replace("type: console}", "type: console, record: cards}"), "1: workspaces[0].record: "
     "cards: is a directory, not a file; name a file to append the cards to, e.g. cards.jsonl"),
]


@pytest.mark.parametrize(("config", "expected"), REFUSED_IN_HEAD)
async def test_what_cannot_work_in_a_workspace_or_channel_is_refused(
        tmp_path: Path, config: str, expected: str) -> None:
    (tmp_path / "cards").mkdir()
    path = tmp_path / "socialops.yaml"
    path.write_text(config, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert len(lines) == 2 and lines[0].startswith(f"{path}:{expected}"), lines


@pytest.mark.parametrize(("token", "expected"), [
    ("xoxb-1111-2222-abcdef", "this is a Slack token (xoxb-...); a Discord workspace takes the "
                              "bot token from the Developer Portal (Bot -> Reset Token)"),
    ("xapp-1-A0123-4567-abcdef", "this is a Slack token (xapp-...); a Discord workspace"),
    ("Bot MTIzNDU2Nzg5.GaBcDe.abcdef", "write the token without the 'Bot ' prefix (socialops "
                                       "adds it)"),
    # the three other values of the Developer Portal a newcomer copies on the way (step 2 of
    # docs/discord.md copies the first two): each passed check and was only refused by Discord
    ("0123456789abcdef" * 4, "this is the application's Public Key (General Information), which "
                             "goes in public_key; token takes the bot token"),
    ("1234567890123456789", "this is an id (a number), such as the Application ID; token takes "
                            "the bot token"),
    ("Ab-dEfGhIjKlMnOpQrStUvWxYz0_2345", "this looks like the OAuth2 Client Secret (32 "
                                         "characters, no dots); token takes the bot token"),
])
async def test_a_discord_token_of_the_wrong_kind_says_which_token_goes_there(
        tmp_path: Path, token: str, expected: str) -> None:
    """A Slack token pasted into a Discord workspace passed check (Discord refuses it only once
    asked, and not at all offline); 'Bot <token>', as an Authorization header writes it, was
    told only that it 'holds U+0020 (a space)': the prefix's own advice came after that and was
    never said."""
    path = tmp_path / "socialops.yaml"
    path.write_text(f"workspaces: [{{name: dc, type: discord, token: '{token}'}}]\n",
                    encoding="utf-8")
    code, lines = await check(path)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:1: workspaces[0].token: {expected}"), lines
    assert token[5:] not in lines[0]


# A newcomer's review (2026-12-06): a channel's link, what Slack's and Discord's "Copy link"
# give (no Developer Mode needed), was said to be "not the name", and the id it holds unsaid
@pytest.mark.parametrize(("kind", "field", "value", "expected"), [
    ("slack", "channels.support.id", "https://acme.slack.com/archives/C0123ABCD",
     "is the channel's link, not its ID; write 'C0123ABCD'"),
    ("slack", "channels.support.id", "https://app.slack.com/client/T0123ABCD/C0123ABCD/",
     "is the channel's link, not its ID; write 'C0123ABCD'"),
    ("slack", "channels.support.id", "https://acme.slack.com/archives/C0123ABCD/p1733500000123456",
     "is a message's link, not the channel's ID; write 'C0123ABCD'"),
    ("discord", "channels.support.id",
     "https://discord.com/channels/234567890123456789/345678901234567890",
     "is the channel's link, not its id; write '345678901234567890'"),
    ("discord", "channels.support.id",
     "https://ptb.discord.com/channels/234567890123456789/345678901234567890/456789012345678901",
     "is a message's link, not the channel's id; write '345678901234567890'"),
    ("discord", "workspaces[0].guild_id",
     "https://discord.com/channels/234567890123456789/345678901234567890",
     "is a channel's link, not the server's id; write '234567890123456789'"),
])
async def test_a_channel_link_names_the_id_it_holds(tmp_path: Path, kind: str, field: str,
                                                   value: str, expected: str) -> None:
    workspace = ("{name: ws, type: slack, mode: socket, bot_token: xoxb-1, app_token: xapp-1}"
                 if kind == "slack" else
                 "{name: ws, type: discord, token: a.b.c, guild_id: '%s'}" % (
                     value if field.endswith("guild_id") else "234567890123456789"))
    channel = value if field.startswith("channels") else (
        "C0123ABCD" if kind == "slack" else "345678901234567890")
    path = tmp_path / "socialops.yaml"
    path.write_text(f"workspaces: [{workspace}]\n"
                    f"channels: {{support: {{workspace: ws, id: '{channel}'}}}}\n",
                    encoding="utf-8")
    code, lines = await check(path)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].split(": ", 2)[1] == field, lines
    assert expected in lines[0], lines


@pytest.mark.parametrize("value", [
    "https://acme.slack.com/archives/C0123ABCDEF",
    "https://discord.com/channels/234567890123456789/345678901234567890",
])
async def test_a_channel_link_is_quoted_whole_beside_the_id_it_holds(tmp_path: Path,
                                                                     value: str) -> None:
    """A reviewer's run of check (2026-12-06): a channel's link, as long as Slack's and
    Discord's are, was quoted cut at 40 characters, inside the id ("'https://acme.slack.com/
    archives/C0123ABC'… is the channel's link, not its ID; write 'C0123ABCDEF'"): the id the
    line told to write looked like another than the link's."""
    slack = "slack.com" in value
    workspace = ("{name: ws, type: slack, mode: socket, bot_token: xoxb-1, app_token: xapp-1}"
                 if slack else "{name: ws, type: discord, token: a.b.c}")
    path = tmp_path / "socialops.yaml"
    path.write_text(f"workspaces: [{workspace}]\n"
                    f"channels: {{support: {{workspace: ws, id: '{value}'}}}}\n",
                    encoding="utf-8")
    code, lines = await check(path)
    assert code == 1 and f": '{value}' is the channel's link" in lines[0], lines


# A newcomer's review (2026-12-06): the bot token pasted as the app token (both are copied on
# the way, docs/slack.md steps 2 and 3) was told only "an app-level token starts with xapp-":
# not which token it was, nor where the app-level one is made
@pytest.mark.parametrize(("token", "expected"), [
    ("xoxb-1-2-abc", "this is the bot token (xoxb-...), which goes in bot_token; app_token "
                     "takes an app-level token (xapp-...: Basic Information -> App-Level "
                     "Tokens, scope connections:write)"),
    ("xoxp-1-2-abc", "this is a user token (xoxp-...); app_token takes an app-level token"),
    ("abc123", "an app-level token starts with xapp-; app_token takes an app-level token "
               "(xapp-...: Basic Information -> App-Level Tokens, scope connections:write)"),
])
async def test_a_slack_app_token_of_the_wrong_kind_says_which_token_goes_there(
        tmp_path: Path, token: str, expected: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text("workspaces: [{name: acme, type: slack, mode: socket, "
                    f"bot_token: xoxb-9-9-xyz, app_token: '{token}'}}]\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:1: workspaces[0].app_token: {expected}"), lines


@pytest.mark.parametrize("token", [
    # bot tokens as Discord has issued them: the bot's id in base64 (unpadded), a timestamp,
    # an HMAC; ids of 17 to 20 digits, so a first part of 23 to 27 characters, and the HMAC
    # of 27 (older) or 38 (newer) characters, URL-safe letters with - and _
    "MjM4NDk0NzU2NTIxMzc3Nzky.CunGFQ.wUILz7z6HoJzVeq6pyHPmVgQgV4",
    "NDAxNjk4MzA0NTE2NTQ3Nzk0.DT4B3Q.Yp-_ab" + "c" * 21,
    "MTA5ODc2NTQzMjEwOTg3NjU0Mw.GhIjKl." + "a-b_C0" * 6 + "Zz",
    "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA.Gx_Y-z." + "0" * 38,
    "OTk5OTk5OTk5OTk5OTk5OTk5.YaBcDe.h" + "_" * 26,
])
async def test_a_bot_token_of_any_shape_discord_issues_passes(tmp_path: Path,
                                                             token: str) -> None:
    """Guard for 6ab915d's refusals (the Public Key, an id, the Client Secret): none of them
    takes a real bot token, which always has its three dot-separated parts."""
    path = tmp_path / "socialops.yaml"
    path.write_text(f"workspaces: [{{name: dc, type: discord, token: '{token}'}}]\n",
                    encoding="utf-8")
    code, lines = await check(path)
    assert not [line for line in lines if "token" in line], lines
    assert code == 0, lines


@pytest.mark.parametrize("field", ["slack", "discord"])
@pytest.mark.parametrize("quote", ['"', "'"])
async def test_a_token_that_came_with_its_quotes_says_so(tmp_path: Path, field: str,
                                                        quote: str) -> None:
    """A token from an env file that docker --env-file read keeps its quotes
    (SLACK_BOT_TOKEN="xoxb-..."): Slack's was told it 'starts with xoxb-', which it reads as
    if it did, and a Discord token passed check."""
    token = {"slack": "xoxb-1111-2222-abcdef", "discord": "MTIzNDU2Nzg5.GaBcDe.abcdef"}[field]
    workspace = ("{name: sl, type: slack, mode: socket, bot_token: '${TOKEN}', app_token: xapp-1}"
                 if field == "slack" else "{name: dc, type: discord, token: '${TOKEN}'}")
    path = tmp_path / "socialops.yaml"
    path.write_text(f"workspaces: [{workspace}]\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err,
                           env={"TOKEN": quote + token + quote})
    lines = err.getvalue().splitlines()
    assert code == 1 and len(lines) == 2, lines
    assert lines[0] == (f"{path}:1: workspaces[0].{'bot_token' if field == 'slack' else 'token'}"
                        f": is wrapped in quotes ({quote}...{quote}), which no token has (an env "
                        "file read by docker --env-file keeps them); write it without them")


def test_time_spans_the_readme_says_take_a_duration_do(tmp_path: Path) -> None:
    """`publish_lease_seconds: 2m` and `model_endpoint.timeout` were `'2m' is not a number`."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "approvals: {publish_lease_seconds: 2m}\n"
                    "model_endpoint: {timeout: 1m}\n"
                    "escalations: [{name: e, batch_seconds: 1m, steps: [{after_minutes: 5}]}]\n",
                    encoding="utf-8")
    cfg = load_config(path, env={}).config
    assert (cfg.approvals.publish_lease_seconds, cfg.model_endpoint.timeout) == (120.0, 60.0)
    assert cfg.escalations[0].batch_seconds == 60


@pytest.mark.parametrize(("snippet", "expected"), CANNOT_WORK)
async def test_what_cannot_work_is_refused_by_check(tmp_path: Path, snippet: str,
                                                    expected: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + snippet + "\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert len(lines) == 2 and lines[0].startswith(f"{path}:"), lines
    assert expected in lines[0], lines


async def test_a_discord_gateway_url_without_its_scheme(tmp_path: Path) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text("workspaces: [{name: d, type: discord, token: abc, "
                    "gateway_url: gateway.discord.gg}]\n", encoding="utf-8")
    _, lines = await check(path)
    assert lines[0] == (f"{path}:1: workspaces[0].gateway_url: 'gateway.discord.gg' is not a "
                        "full wss/ws URL; did you mean 'wss://gateway.discord.gg'?"), lines


@pytest.mark.parametrize("secret", ["abc$def", "$ecret1", "pa$$word", "$1234"])
async def test_a_secret_with_a_dollar_in_it_is_taken_as_written(tmp_path: Path,
                                                               secret: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"sources: [{{id: m, type: mastodon, hashtags: [a], "
                    f"token: '{secret}'}}]\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 0, lines
    assert load_config(path, env={}).config.sources[0].token == secret  # type: ignore[attr-defined]


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "0.0.0.0", "localhost", "web_1",
                                  "bot.internal.example"])
async def test_host_names_and_addresses_pass(tmp_path: Path, host: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"http: {{host: '{host}', port: 8080}}\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 0, lines


@pytest.mark.parametrize("source", [
    "{id: m, type: mastodon, token: t}",  # an account only posted as
    "{id: m, type: mastodon, hashtags: [acme]}",  # public timelines need no token
    "{id: x, type: x, user_token: u, user_id: '1'}",
    "{id: r, type: reddit, client_id: c, client_secret: s, username: u, password: p}",
    "{id: h, type: hackernews, publish: sandbox}",  # approvals tried on a read-only network
    "{id: h, type: hackernews, enabled: false}",
    # a local test server may be polled as fast as a test likes
    "{id: m, type: mastodon, hashtags: [a], interval: 50ms, base_url: 'http://127.0.0.1:9'}",
])
async def test_sources_that_can_work_pass(tmp_path: Path, source: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + f"sources: [{source}]\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 0, lines


CONFLICT = ("a merge conflict marker (%s): both sides of an unresolved git merge are in the "
            "file; keep the lines you want, delete the <<<<<<<, ======= and >>>>>>> lines")

# (the file, the line and message check gives): where the construct was opened, in words
YAML_SLIPS = [
    ("workspaces:\n  - {name: console, type: console}\nrules: \"rules.yaml\nstore:\n"
     "  backend: sqlite\nhttp:\n  port: 8080\n",
     "3: a quoted string opened here (\") is never closed; end it with \" on this line"),
    # closed by the first quote of a later line: the parser gave up two lines below (it was
    # "5: bad indentation: this line does not line up with the keys above it ...")
    ("approvals:\n  channel: approvals\n  expire_hours: \"48\n  steps:\n    - {approvers: "
     "[\"role:admin\"], mode: any}\n",
     "3: a quoted string opened here (\") runs on to line 5, where the next \" ends it; end it "
     "with \" on this line"),
    ("workspaces:\n  - {name: console, type: console\nchannels:\n  a: {workspace: console, "
     "id: a}\n", "2: a { } mapping opened here is never closed; end it with '}'"),
    ("workspaces:\n  - {name: console, type: console}\npeople: [\n",
     "3: a [ ] list opened here is never closed; end it with ']'"),
    ("workspaces:\n  - {name: console, type: console}]\nchannels: {}\n",
     "2: a ']' that closes no '[' (nothing is open here); remove it"),
    ("# mentions\n" + '{"id": "x:1", "text": "acme"}\n{"id": "x:2", "text": "acme"}\n',
     "2: this looks like a mentions file (JSON lines: one JSON object per line, what replay "
     "sources and `socialops replay` read), not a config or rules file (YAML)"),
    # a merge left unresolved: it was "6: expected 'key: value' here; check the indentation
    # and the colon on this line or the one above", of the line after the marker
    ("workspaces: [{name: console, type: console}]\nstore:\n<<<<<<< HEAD\n  backend: sqlite\n"
     "=======\n  backend: redis\n>>>>>>> feature/redis\n", "3: " + CONFLICT % "<<<<<<<"),
    ("workspaces: [{name: console, type: console}]\r\npeople:\r\n  - id: ana\r\n<<<<<<< ours"
     "\r\n    role: admin\r\n||||||| base\r\n    role: agent\r\n=======\r\n    role: lead"
     "\r\n>>>>>>> theirs\r\n", "4: " + CONFLICT % "<<<<<<<"),
    ("workspaces: [{name: console, type: console}]\nrules: rules.yaml\n=======\n"
     "rules: other.yaml\n>>>>>>> main\n", "3: " + CONFLICT % "======="),  # half resolved
]


@pytest.mark.parametrize(("text", "said"), YAML_SLIPS)
async def test_a_yaml_slip_is_reported_where_it_was_made(tmp_path: Path, text: str,
                                                         said: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(text, encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert lines[:-1] == [f"{path}:{said}"], lines


@pytest.mark.parametrize(("until", "said"), [
    ("2099-02-30T00:00:00Z", "'2099-02-30T00:00:00Z': February 2099 has no day 30 (it has 28 "
                             "days)"),
    ("2099-13-01T00:00:00Z", "'2099-13-01T00:00:00Z': there is no month 13 (01-12)"),
    ("2099-01-01T00:00:00", "'2099-01-01T00:00:00' has no time zone; add one: "
                            "2099-01-01T00:00:00Z for UTC, or an offset such as +01:00"),
    ("2001-02-03T00:00:00Z", "silence 's' ended at 2001-02-03 00:00 UTC and mutes nothing; "
                             "delete it, or move until: into the future"),
])
async def test_a_date_says_what_is_wrong_with_it(tmp_path: Path, until: str, said: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "rules: rules.yaml\n", encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(
        f"routes: []\nsilences:\n  - {{id: s, who: a, why: b, until: {until}}}\n",
        encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert lines[:-1] == [f"{tmp_path}/rules.yaml:3: silences[0].until: {said}"], lines


@pytest.mark.parametrize(("where", "expected"), [
    ("folder", "{path} is a folder; name the database file in it, e.g. {path}/socialops.db"),
    ("notes.txt", "{path} is not a SQLite database (another file is there); set store.path "
                  "to a new file, or move that one away"),
    ("notes.txt/sub/s.db", "cannot write the SQLite database {path}: part of the folder "
                           "{tmp}/notes.txt/sub/ is a file, not a folder; set store.path to a "
                           "file in a folder"),
])
async def test_a_store_path_that_cannot_be_a_database_is_refused_by_check(
        tmp_path: Path, where: str, expected: str) -> None:
    """`check` said OK, and `run` then refused the same store.path (a folder, another file)."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("not a database\n", encoding="utf-8")
    config, db = tmp_path / "socialops.yaml", tmp_path / where
    config.write_text(HEAD + f"store: {{backend: sqlite, path: '{db}'}}\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].endswith("store.path: " + expected.format(path=db, tmp=tmp_path)), lines


async def test_a_store_path_of_memory_is_refused_by_check(tmp_path: Path) -> None:
    """SQLite's ':memory:' is a database inside one process, which no other command can read:
    check said OK, `run` and `replay` then failed ('cannot open SQLite database at :memory::
    unable to open database file': its reader opens a file) leaving ':memory:.lock' behind,
    and the commands that read said 'no database there; socialops run makes it'."""
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + "store: {backend: sqlite, path: ':memory:'}\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{config}:3: store.path: :memory: is a database in one "
                               "process's memory"), lines
    assert "./data/socialops.db" in lines[0], lines


async def test_a_store_file_with_another_hard_link_is_refused_by_check(tmp_path: Path) -> None:
    """`run` refuses a database file with a second name (9bc39c7: each name its own WAL and
    lock), but check said OK, and the refusal's `find / -samefile` named no file (find:
    missing argument). check says it now, with a command that lists the names, and that a
    hard link (a backup tool's) is no copy."""
    db = tmp_path / "s.db"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.close()
    (tmp_path / "snapshot").mkdir()
    os.link(db, tmp_path / "snapshot" / "s.db")
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + f"store: {{backend: sqlite, path: '{db}'}}\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{config}:3: store.path: {db} has 2 names (hard links to one "
                               "file)"), lines
    assert f"`find / -samefile {db}`" in lines[0] and ".backup" in lines[0], lines
    os.unlink(tmp_path / "snapshot" / "s.db")
    assert await check(config) == (0, [])


async def test_a_store_path_that_is_a_symlink_loop_is_refused_by_check(tmp_path: Path) -> None:
    """a.db -> b.db -> a.db: check said OK, the commands that read 'no database there;
    socialops run makes it', and run then failed ('unable to open database file')."""
    (tmp_path / "a.db").symlink_to("b.db")
    (tmp_path / "b.db").symlink_to("a.db")
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + f"store: {{backend: sqlite, path: '{tmp_path / 'a.db'}'}}\n",
                      encoding="utf-8")
    code, lines = await check(config)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{config}:3: store.path: {tmp_path / 'a.db'} is a symlink "
                               "that leads back to itself"), lines


async def test_a_store_path_holding_a_database_or_nothing_yet_passes(tmp_path: Path) -> None:
    made = tmp_path / "made.db"
    sqlite3.connect(made).execute("CREATE TABLE t (x)").connection.close()
    (tmp_path / "empty.db").touch()  # SQLite makes a database of an empty file
    for db in (made, tmp_path / "new" / "later.db", tmp_path / "empty.db"):
        config = tmp_path / "socialops.yaml"
        config.write_text(HEAD + f"store: {{backend: sqlite, path: '{db}'}}\n",
                          encoding="utf-8")
        assert await check(config) == (0, []), db


@pytest.mark.parametrize(("version", "expected"), [
    (SCHEMA_VERSION + 1, f"schema version {SCHEMA_VERSION + 1} is newer than this release's "
                         f"({SCHEMA_VERSION}): a later socialops wrote it"),
    (0, "this file has no schema version (a release before 2026-11-29 wrote it)"),
])
async def test_a_store_file_run_would_refuse_is_refused_by_check_without_a_write(
        tmp_path: Path, version: int, expected: str) -> None:
    """`check` said OK to a SQLite file a later release wrote (a downgrade) or one from
    before schema versions, which `run` then refused (bot.store.sqlite_schema.refusal)."""
    db = tmp_path / "s.db"
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE records (kind, id, json)")
    raw.execute(f"PRAGMA user_version = {version}")
    raw.commit()
    raw.close()
    before = db.read_bytes()
    config = tmp_path / "socialops.yaml"
    config.write_text(HEAD + f"store: {{backend: sqlite, path: '{db}'}}\n", encoding="utf-8")
    code, lines = await check(config)
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith(f"{config}:3: store.path: {db}: {expected}"), lines
    assert db.read_bytes() == before


def test_an_outbox_max_attempts_of_an_old_config_says_what_replaced_it(tmp_path: Path) -> None:
    """The README's config of 2026-11-23 sets outbox.max_attempts, which was met with only
    'unknown field (known: ...)'; a max_attempts elsewhere is still just unknown."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "outbox: {per_channel_per_second: 1.0, max_attempts: 12}\n"
                    "spikes: {max_attempts: 3}\n", encoding="utf-8")
    with pytest.raises(ConfigErrors) as refused:
        load_config(path, env={})
    said = sorted(str(e) for e in refused.value.errors)  # by line
    assert len(said) == 2, said
    assert said[0].startswith(f"{path}:3: outbox.max_attempts: max_attempts was removed"), said
    assert "give_up_after_minutes" in said[0], said
    assert "spikes.max_attempts: unknown field" in said[1], said


def test_a_digest_interval_in_the_config_says_where_it_goes(tmp_path: Path) -> None:
    """A newcomer wrote socialops.yaml's digests: {interval: 1d}, told only 'unknown field
    (known: at, timezone)': how often a digest comes is its route's, in the rules file. An
    interval elsewhere is still just unknown."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "digests: {interval: 1d}\nspikes: {interval: 3}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigErrors) as refused:
        load_config(path, env={})
    said = sorted(str(e) for e in refused.value.errors)  # by line
    assert len(said) == 2, said
    assert said[0].startswith(f"{path}:3: digests.interval: how often a digest comes is its "
                              "route's, in the rules file (interval: 1d on a route"), said
    assert "spikes.interval: unknown field" in said[1], said


def test_the_hacker_news_item_url_hint_is_said_of_hacker_news_sources_only(
        tmp_path: Path) -> None:
    """The hint for item_url (removed from hackernews) was looked up by the key alone: an
    item_url written under an RSS source beside a Hacker News one was told 'Hacker News is
    read through Algolia', not that rss has no such field."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "sources: [{id: r, type: rss, urls: ['https://example.com/feed'], "
                    "item_url: 'https://example.com/x'}, {id: h, type: hackernews, queries: "
                    "[a], item_url: 'https://example.com/x'}]\n", encoding="utf-8")
    with pytest.raises(ConfigErrors) as refused:
        load_config(path, env={})
    said = [str(e) for e in refused.value.errors]
    assert [s.split(": ", 2)[1] for s in said] == ["sources[0].item_url", "sources[1].item_url"]
    assert "Hacker News" not in said[0] and "unknown field" in said[0], said
    assert "item_url is not used: Hacker News is read" in said[1], said


async def test_a_long_value_is_quoted_whole_up_to_a_cut_between_characters(
        tmp_path: Path) -> None:
    """A value is quoted up to 40 characters (a number's 60): cut by code points before it was
    quoted, an emoji sequence across the cut (👩‍💻, three code points) was quoted as another
    picture (👩, its joiner escaped), and a number's value was cut after repr() had escaped
    it, in the middle of an escape ('\\x1) and without its closing quote. Now the value is
    cut between characters, then quoted, with "…" after the quote saying it was cut."""
    coder = "\U0001F469\u200d\U0001F4BB"
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces:
  - {{name: dc, type: discord, token: t, guild_id: "{'1' * 39}{coder}"}}
spikes:
  window_minutes: "{'5' * 36}\\e[2J{'5' * 9}"
outbox:
  burst: "{'5' * 56}\\e[2J{'5' * 9}"
http:
  port: "{'8' * 39}{coder}"
sources:
  - {{id: feeds, type: rss, urls: ["{'u' * 79}{coder}"]}}
""", encoding="utf-8")
    _, lines = await check(path)
    problems = {p.split(": ", 1)[0]: p.split(": ", 1)[1]
                for p in (line.split(": ", 1)[1] for line in lines[:-1])}
    assert problems["workspaces[0].guild_id"].startswith(f"'{'1' * 39}'… is not a server id"), \
        problems
    assert problems["spikes.window_minutes"].startswith(
        f"'{'5' * 36}\\x1b[2J'… is not a duration"), problems
    assert problems["outbox.burst"].startswith(
        f"'{'5' * 56}\\x1b[2J'… is not a whole number"), problems
    assert problems["http.port"].startswith(f"'{'8' * 39}'… is not a port number"), problems
    assert problems["sources[0].urls[0]"].startswith(f"'{'u' * 79}'… is not a full"), problems


@pytest.mark.parametrize("prefix", ["Bearer ", "bearer "])
async def test_a_token_pasted_with_its_bearer_word_says_so(tmp_path: Path, prefix: str) -> None:
    """A token copied from an Authorization header (`Bearer xoxb-...`, as Slack's and X's docs
    show requests) was refused for its space (character 7), the prefix unnamed."""
    path = tmp_path / "socialops.yaml"
    path.write_text("workspaces: [{name: sl, type: slack, mode: socket, bot_token: '${TOKEN}', "
                    "app_token: xapp-1}]\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=False, out=out, err=err,
                           env={"TOKEN": prefix + "xoxb-1111-2222-abcdef"})
    lines = err.getvalue().splitlines()
    assert code == 1 and len(lines) == 2, lines
    assert lines[0] == (f"{path}:1: workspaces[0].bot_token: starts with '{prefix.strip()} ', "
                        "the Authorization header's word; write the token alone "
                        "(socialops adds it)")


async def test_a_silence_until_the_end_of_a_day_is_the_next_days_midnight(tmp_path: Path) -> None:
    """ISO 8601's end of a day (`2099-06-01T24:00:00Z`, as calendars write it; on-call
    overrides take it) was refused as having no time zone; a silence's start there is no
    time, said with the 00:00 to write."""
    path = tmp_path / "socialops.yaml"
    path.write_text(HEAD + "rules: rules.yaml\n", encoding="utf-8")
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes: []\nsilences:\n  - {id: s, who: a, why: b, "
                     "until: '2099-06-01T24:00:00Z'}\n  - {id: t, who: a, why: b, "
                     "until: '2099-06-01T24:00+02:00'}\n", encoding="utf-8")
    code, lines = await check(path)
    assert code == 0, lines
    from rules import load_rules
    silences = load_rules(rules, channels={}, escalations=set()).rules.silences
    assert [s.until.isoformat() for s in silences] == ["2099-06-02T00:00:00+00:00",
                                                       "2099-06-02T00:00:00+02:00"]
    rules.write_text("routes: []\nsilences:\n  - {id: s, who: a, why: b, "
                     "starts: '2099-06-01T24:00Z', until: '2099-06-03T00:00Z'}\n",
                     encoding="utf-8")
    code, lines = await check(path)
    assert code == 1
    assert lines[:-1] == [f"{rules}:3: silences[0].starts: '2099-06-01T24:00Z' is not a time: "
                          "24:00 is 00:00 of the next day; write 2099-06-02T00:00Z"], lines
