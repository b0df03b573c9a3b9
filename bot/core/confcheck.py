"""Checks of a schema-valid config that need more than one field: references between sections,
chat settings that can be verified offline (modes, token prefixes, id shapes, keys), files and
URLs, and the store backend against ``REDIS_URL``. Each returns every problem it finds, with
file, line and field, so ``socialops check`` lists them all in one run; ``load_config`` refuses
a config that has any.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import re
import shlex
import sqlite3
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit

from bot.core import replies
from bot.core.cards import REACTION_ACTIONS
from bot.core.config import (
    ChannelConfig,
    ConsoleWorkspaceConfig,
    DiscordWorkspaceConfig,
    LoadedConfig,
    Own,
    Problem,
    SlackWorkspaceConfig,
    YamlPath,
    environment_store_url,
    http_port,
    url_problems,
    uses_sqlite,
    webhook_of,
)
from bot.core.durations import written
from bot.core.errors import ConfigError
from bot.core.oncall import schedule_problems
from bot.core.redact import redact_url
from bot.core.settings import Settings, tls_context
from bot.core.text import quoted, quoted_cut
from bot.core.validation import suggest, written_at
from bot.core.yamlfile import misplaced, not_a_file, unreadable

# a person id or a channel name: what rules, commands and cards name them by
_NAME = re.compile(r"[^\s]{1,64}")
SLACK_CHANNEL = re.compile(r"^[CGD][A-Z0-9]{2,}$")
SLACK_MEMBER = re.compile(r"^[UW][A-Z0-9]{2,}$")
SLACK_GROUP = re.compile(r"^S[A-Z0-9]{2,}$")
# A Discord id (snowflake): milliseconds since 2015 in the high bits, so every id made since
# Discord opened (May 2015) has 17 to 20 digits; a shorter number is a typo or a placeholder.
# The Discord renderer pings only ids ``is_snowflake`` takes (integrations/discord/render.py).
SNOWFLAKE = re.compile(r"^[0-9]{17,20}\Z")  # ASCII digits only, no newline after
# ... and at most 2^63-1: Discord calls ids 64-bit unsigned but reads them signed, and refuses a
# larger one (400 code 50035 NUMBER_TYPE_MAX, discord/discord-api-docs#3733) with the whole
# message naming it; an id it makes reaches 2^63 in 2084
SNOWFLAKE_MOST = 2**63 - 1


def is_snowflake(value: str) -> bool:
    """``value`` is a Discord id as Discord writes it: 17 to 20 ASCII digits, no leading zero
    (a person is known by the id as written, and Discord's "0456…" is never "456…"), at most
    2^63-1."""
    return (SNOWFLAKE.match(value) is not None and not value.startswith("0")
            and int(value) <= SNOWFLAKE_MOST)


def _unwritten(value: str) -> str | None:
    """The end of the line for an id of 17 to 20 digits Discord never writes: too large, or
    with a leading zero."""
    if SNOWFLAKE.match(value) is None or is_snowflake(value):
        return None
    if value.startswith("0"):
        return "Discord writes no id with a leading 0; copy it again"
    return f"it is above {SNOWFLAKE_MOST}, the largest Discord takes; copy it again"


HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
ROLES = ("agent", "lead", "approver", "admin")
MIN_TIMEOUT = 1.0  # seconds a network source waits for an answer, at least
# Seconds between two polls of a network source, at least: faster asks a public API several
# times a second. A source whose every address is this machine (a test server) is exempt.
MIN_INTERVAL = 1.0
# source types whose accounts publish approved posts (integrations.social.registry)
PUBLISHING = frozenset({"x", "reddit", "mastodon", "bluesky"})


def check_config(loaded: LoadedConfig, *, redis_url_env: str | None) -> list[ConfigError]:
    problems = [
        *_unique_ids(loaded),
        *_workspaces(loaded),
        *_channels(loaded),
        *_references(loaded),
        *schedule_problems(loaded),
        *_publishing(loaded),
        *_people(loaded),
        *_sources(loaded),
        *_outbox(loaded),
        *_store(loaded, redis_url_env=redis_url_env),
        *_reply_names(loaded),
    ]
    doc = loaded.doc
    # a value left empty by an unset ${NAME} is reported once, as the variable
    return [loaded.error(path, message) for path, message in problems
            if doc is None or not doc.follows_unset(path)]


Problems = Iterator[Problem]


def _unique_ids(loaded: LoadedConfig) -> Problems:
    cfg = loaded.config
    for section, key, ids in (
        ("sources", "id", [s.id for s in cfg.sources]),
        ("workspaces", "name", [w.name for w in cfg.workspaces]),
        ("people", "id", [p.id for p in cfg.people]),
        ("escalations", "name", [e.name for e in cfg.escalations]),
    ):
        seen: dict[str, int] = {}
        for i, value in enumerate(ids):
            if value in seen:
                first = loaded.doc.line_of((section, seen[value])) if loaded.doc else None
                said = quoted(value)
                yield (section, i, key), (f"duplicate {section} {key} {said} (first at line "
                                          f"{first})" if first else f"duplicate {said}")
            else:
                seen[value] = i


def _kind(loaded: LoadedConfig, workspace: str) -> str | None:
    for w in loaded.config.workspaces:
        if w.name == workspace:
            return str(w.type)
    return None


def _reply_names(loaded: LoadedConfig) -> Problems:
    for name in loaded.config.replies:
        if not replies.NAME.match(name):
            yield (("replies", name), f"{quoted_cut(name)} is not a saved reply's name: "
                   f"{replies.NAME_RULE} (it is typed: reply T-3 :name)")


def _workspaces(loaded: LoadedConfig) -> Problems:
    for i, w in enumerate(loaded.config.workspaces):
        base: YamlPath = ("workspaces", i)
        for emoji, action in w.reactions.items():
            if action not in REACTION_ACTIONS:
                near = suggest(action, REACTION_ACTIONS)
                yield (*base, "reactions", emoji), (
                    f"unknown action {quoted(action)}" + (f"; did you mean {near}?" if near else "")
                    + f" (a reaction can {', '.join(REACTION_ACTIONS)})")
        if isinstance(w, SlackWorkspaceConfig):
            yield from _slack(w, base)
        elif isinstance(w, DiscordWorkspaceConfig):
            yield from _discord(w, base)
        elif isinstance(w, ConsoleWorkspaceConfig) and w.record is not None and (
                # cards are appended to it: a folder there would turn every card into a warning
                problem := misplaced(w.record, loaded.resolve(w.record),
                                     " to append the cards to", ", e.g. cards.jsonl")):
            yield (*base, "record"), problem


# what a Slack token starts with, and which one it is: none of them is a signing secret
_SLACK_TOKENS = {"xoxb-": "the bot token (xoxb-...)", "xapp-": "an app-level token (xapp-...)",
                 "xoxp-": "a user token (xoxp-...)", "xoxe.": "a token rotation token (xoxe...)"}


def _slack(w: SlackWorkspaceConfig, base: YamlPath) -> Problems:
    token = w.bot_token.strip()
    if not token:
        yield (*base, "bot_token"), "empty; the Bot User OAuth Token (xoxb-...) from Install App"
    elif token.startswith("xapp-"):
        yield (*base, "bot_token"), ("this is an app-level token (xapp-...); bot_token takes the "
                                     "Bot User OAuth Token (xoxb-...) and the xapp- token goes "
                                     "in app_token")
    elif token.startswith("xoxp-"):
        yield (*base, "bot_token"), ("this is a user token (xoxp-...); use the Bot User OAuth "
                                     "Token (xoxb-...) from Install App")
    elif not token.startswith("xoxb-"):
        yield (*base, "bot_token"), ("a Slack bot token starts with xoxb- (the Bot User OAuth "
                                     "Token from Install App)")
    if w.mode == "socket":
        if not (w.app_token or "").strip():
            # reported at `mode:` when app_token is not written at all
            at = "app_token" if w.app_token is not None else "mode"
            yield (*base, at), ("socket mode needs app_token: an app-level token (xapp-..., "
                                "Basic Information -> App-Level Tokens, scope "
                                "connections:write); or use mode: http")
        elif not (app := (w.app_token or "").strip()).startswith("xapp-"):
            # the bot token pasted here was told only the prefix: which token it is, and where
            # the app-level one is made (a newcomer's review, 2026-12-06)
            kind = _SLACK_TOKENS.get(app[:5])
            said = ("an app-level token starts with xapp-" if kind is None else
                    f"this is {kind}, which goes in bot_token" if app.startswith("xoxb-") else
                    f"this is {kind}")
            yield (*base, "app_token"), (f"{said}; app_token takes an app-level token "
                                         "(xapp-...: Basic Information -> App-Level Tokens, "
                                         "scope connections:write)")
    elif not (w.signing_secret or "").strip():
        at = "signing_secret" if w.signing_secret is not None else "mode"
        yield (*base, at), ("http mode needs signing_secret: the app's Signing Secret (Basic "
                            "Information -> App Credentials); or use mode: socket")
    elif (kind := _SLACK_TOKENS.get((w.signing_secret or "").strip()[:5])) is not None:
        # every request Slack sends would then fail its signature, buttons and the slash
        # command refused as forged (a newcomer's review, 2026-12-06: check said OK)
        yield (*base, "signing_secret"), (
            f"this is {kind}, not the Signing Secret; copy the Signing Secret from Basic "
            "Information -> App Credentials (Show), a secret with no prefix")
    yield from _api_url(base, w.api_url, "https://slack.com/api/", SLACK_HOSTS)


def _api_url(base: YamlPath, url: str, right: str, own: Mapping[str, Own]) -> Problems:
    """A chat platform's ``api_url``: a webhook's address (either platform's) said as one,
    without its secret path; otherwise as a base URL on the platform's hosts."""
    if (hook := webhook_of(url)) is not None:
        yield (*base, "api_url"), (f"is {hook}'s address (not repeated here: it holds its "
                                   "secret), which posts into one channel without the bot; "
                                   f"api_url is the API socialops's bot calls: write {right!r}, "
                                   "or leave api_url out")
    else:
        yield from url_problems((*base, "api_url"), url, base=True, own=own)


# Slack's own hosts: the Web API is under slack.com/api/; the other platform's hosts are the
# other workspace's (a webhook's address of either is said by ``_api_url``)
_SLACK_SITE = Own("https://slack.com/api/", "Slack's web site, not its Web API", "/api")
_NOT_SLACK = Own("https://slack.com/api/", "Discord's address, not Slack's Web API")
SLACK_HOSTS = {"slack.com": _SLACK_SITE, "app.slack.com": _SLACK_SITE,
               "slack-gov.com": Own("https://slack-gov.com/api/", "GovSlack's web site, not "
                                    "its Web API", "/api"),
               "api.slack.com": Own("https://slack.com/api/", "Slack's developer site, not its "
                                    "Web API"),
               **{host: _NOT_SLACK for host in ("discord.com", "discordapp.com",
                                                "ptb.discord.com", "canary.discord.com")}}
# Discord's: the API is under discord.com/api/ (a version after it), the gateway on its own host
_DISCORD_SITE = Own("https://discord.com/api/v10", "Discord's web site, not its API", "/api")
_NOT_DISCORD = Own("https://discord.com/api/v10", "Slack's address, not Discord's API")
DISCORD_HOSTS = {"discord.com": _DISCORD_SITE, "discordapp.com": _DISCORD_SITE,
                 **{host: _NOT_DISCORD for host in ("slack.com", "app.slack.com",
                                                    "hooks.slack.com", "slack-gov.com",
                                                    "hooks.slack-gov.com")}}
GATEWAY_HOSTS = {"gateway.discord.gg": Own("wss://gateway.discord.gg")}
# its web clients, where a card's link opens (the stable one, the public test build, canary)
_DISCORD_WEB = Own("https://discord.com", credentials=False)
DISCORD_WEB_HOSTS = {host: _DISCORD_WEB for host in ("discord.com", "ptb.discord.com",
                                                     "canary.discord.com")}

# Slack's token prefixes: bot, user, app-level, and the older workspace and refresh tokens
SLACK_TOKENS = ("xoxb-", "xoxp-", "xapp-", "xoxa-", "xoxe")


def _discord(w: DiscordWorkspaceConfig, base: YamlPath) -> Problems:
    token = w.token.strip()
    if not token:
        yield (*base, "token"), ("empty; the bot token from the Developer Portal (Bot -> Reset "
                                 "Token)")
    elif token.startswith(SLACK_TOKENS):  # copied from the Slack workspace beside it
        prefix = next(p for p in SLACK_TOKENS if token.startswith(p))
        yield (*base, "token"), (f"this is a Slack token ({prefix}...); a Discord workspace "
                                 "takes the bot token from the Developer Portal (Bot -> Reset "
                                 "Token)")
    elif mistaken := _other_portal_value(token):
        yield (*base, "token"), (f"{mistaken}; token takes the bot token from the Developer "
                                 "Portal (Bot -> Reset Token)")
    if w.application_id is not None and (problem := application_id_problem(w.application_id)):
        yield (*base, "application_id"), problem
    if w.guild_id is not None and (problem := guild_id_problem(w.guild_id)):
        yield (*base, "guild_id"), problem
    if w.public_key is not None and not HEX64.match(w.public_key.strip()):
        yield (*base, "public_key"), ("a Discord public key is 64 hexadecimal characters "
                                      "(General Information -> Public Key)")
    if w.public_key and not w.application_id:
        yield (*base, "application_id"), "HTTP interactions (public_key) need application_id"
    yield from _api_url(base, w.api_url, "https://discord.com/api/v10", DISCORD_HOSTS)
    # discord.py sets the gateway's query itself: one copied from Discord's docs is harmless
    yield from url_problems((*base, "gateway_url"), w.gateway_url, schemes=("wss", "ws"),
                            own=GATEWAY_HOSTS)
    web = list(url_problems((*base, "web_url"), w.web_url, base=True, adds=("/channels",),
                            own=DISCORD_WEB_HOSTS))
    yield from web
    if not web and urlsplit(w.web_url.strip()).path.lower().startswith("/api"):
        yield (*base, "web_url"), (f"{quoted_cut(w.web_url, 80)} is Discord's API (api_url), "
                                   "not the web client a card's link opens; write "
                                   "'https://discord.com'")


# an OAuth2 Client Secret: 32 URL-safe characters; a bot token is three parts joined by dots
CLIENT_SECRET = re.compile(r"[A-Za-z0-9_-]{32}")


def _other_portal_value(token: str) -> str | None:
    """What a token is when it is another value of the Developer Portal, copied on the way to
    the bot token (Discord refuses it, but only once asked); None when it could be a token."""
    if HEX64.fullmatch(token):
        return ("this is the application's Public Key (General Information), which goes in "
                "public_key")
    if token.isascii() and token.isdigit():
        return "this is an id (a number), such as the Application ID"
    if CLIENT_SECRET.fullmatch(token):
        return "this looks like the OAuth2 Client Secret (32 characters, no dots)"
    return None


# a channel's (or a message's) link, as "Copy Link" gives it, which needs no Developer Mode:
# Discord's names the server and the channel, Slack's the channel (a newcomer's review)
_DISCORD_LINK = re.compile(r"https?://(?:(?:ptb|canary)\.)?discord(?:app)?\.com/channels/"
                           r"([0-9]{17,20})/([0-9]{17,20})(/[0-9]{17,20})?/?", re.IGNORECASE)
_SLACK_LINK = re.compile(r"https?://[a-z0-9.-]*slack\.com/(?:archives|client/[A-Z0-9]+)/"
                         r"([CGD][A-Z0-9]{2,})(/p[0-9]+)?/?(?:\?.*)?", re.IGNORECASE)


LINK_SHOWN = 120  # a Discord message's link, on canary with ids of 20 digits, is 98 characters


def _link_problem(value: str, platform: str, kind: Literal["channel", "server"]) -> str | None:
    """What a link pasted for a channel's (or Discord's server's) id is, naming the id it
    holds; None when it is no such link. The link is quoted whole, up to ``LINK_SHOWN``
    characters: cut at 40, it was cut inside the id the line tells to write."""
    said = quoted_cut(value, LINK_SHOWN)
    found = (_SLACK_LINK if platform == "slack" else _DISCORD_LINK).fullmatch(value.strip())
    if found is None:
        return None
    if kind == "server":
        return f"{said} is a channel's link, not the server's id; write {quoted(found[1])}"
    channel, message = (found[1], found[2]) if platform == "slack" else (found[2], found[3])
    id_word = "ID" if platform == "slack" else "id"
    whose = "a message's link, not the channel's" if message else "the channel's link, not its"
    return f"{said} is {whose} {id_word}; write {quoted(channel)}"


def guild_id_problem(guild_id: str) -> str | None:
    if is_snowflake(guild_id):
        return None
    if why := _unwritten(guild_id):
        return (f"{quoted_cut(guild_id)} is not a server id: {why} (with Developer Mode on, "
                "right-click the server -> Copy Server ID)")
    return _link_problem(guild_id, "discord", "server") or (
        f"{quoted_cut(guild_id)} is not a server id (a number of 17 to 20 digits: with "
        "Developer Mode on, right-click the server -> Copy Server ID)")


def application_id_problem(application_id: str) -> str | None:
    if is_snowflake(application_id):
        return None
    if why := _unwritten(application_id):
        return (f"{quoted_cut(application_id)} is not an application id: {why} (General "
                "Information -> Application ID)")
    return (f"{quoted_cut(application_id)} is not an application id (a number of 17 to 20 digits: "
            "General Information -> Application ID)")


def channel_id_problem(kind: str | None, channel_id: str) -> str | None:
    if kind == "slack" and not SLACK_CHANNEL.match(channel_id):
        return _link_problem(channel_id, "slack", "channel") or (
            f"{quoted_cut(channel_id)} is not a Slack channel ID; use the ID (C0123ABCD: "
            "channel details -> About -> Channel ID), not the channel's name")
    if kind == "discord" and not is_snowflake(channel_id):
        return (_link_problem(channel_id, "discord", "channel")
                or discord_id_problem("channel", channel_id))
    return None


_SUBTEAM = re.compile(r"^<!subteam\^(S[A-Z0-9]{2,})(?:\|[^>]*)?>$")
_HANDLE = re.compile(r"^@?[a-z0-9][a-z0-9._-]*$")
_WHERE_GROUP_ID = ("write its ID (S0123ABCD): Slack's usergroups.list answers it as the id "
                   "beside each group's handle")


def slack_group_id_problem(group_id: str) -> str:
    """What is wrong with a Slack user group id that is none (``SLACK_GROUP``), and what to
    write: the mention markup a card sends and a lower-cased id name the id meant; a handle
    and a member's ID say where the group's ID is."""
    said = quoted_cut(group_id)
    if (found := _SUBTEAM.match(group_id.strip())) is not None:
        return f"{said} is the mention Slack sends; did you mean {quoted(found[1])}?"
    if SLACK_GROUP.match(group_id.strip().upper()) and any(c.isdigit() for c in group_id):
        return (f"{said} is not a Slack user group ID; did you mean "
                f"{quoted(group_id.strip().upper())}?")
    if SLACK_MEMBER.match(group_id.strip()):
        return (f"{said} is a member's ID (U…), not a user group's: a group pinged member by "
                f"member needs no groups: entry (list them under people: with groups:); else "
                f"{_WHERE_GROUP_ID}")
    if group_id.startswith("@"):
        return f"{said} is the user group's @handle, not its ID; {_WHERE_GROUP_ID}"
    if _HANDLE.match(group_id):
        return f"{said} is a user group's handle, not its ID; {_WHERE_GROUP_ID}"
    return f"{said} is not a Slack user group ID; {_WHERE_GROUP_ID}"


# Discord's mention markup (its Reference, "Message Formatting"): a user <@ID> (or <@!ID>, its
# older nickname form), a channel <#ID>, a role <@&ID>; what Discord's client copies when a
# mention is copied from a message, or typed with a backslash before it
_DISCORD_MENTION = re.compile(r"^<(@!|@&|@|#)([0-9]{17,20})>$")
_DISCORD_MARKUP = {"@": "user", "@!": "user", "#": "channel", "@&": "role"}
_DISCORD_NAMED = {"channel": "the name", "user": "the @name",
                  "role": "the role's name"}
_DISCORD_WHERE = {
    "channel": "Developer Mode -> right-click the channel -> Copy Channel ID",
    "user": "Developer Mode -> right-click the user -> Copy User ID",
    "role": "Developer Mode -> Server Settings -> Roles -> right-click the role -> Copy Role ID",
}


def discord_id_problem(kind: Literal["channel", "user", "role"], value: str) -> str:
    """What is wrong with a Discord id of ``kind`` that is no number of 17 to 20 digits, and
    what to write: the mention markup pasted in place of the id (``<#ID>``, ``<@ID>``,
    ``<@&ID>``) names the id it holds, or that it is another kind's; a name says where the id
    is."""
    said = quoted_cut(value)
    if why := _unwritten(value):
        return f"{said} is not a Discord {kind} id: {why} ({_DISCORD_WHERE[kind]})"
    if (found := _DISCORD_MENTION.match(value.strip())) is not None:
        marked = _DISCORD_MARKUP[found[1]]
        if marked == kind:
            return f"{said} is the {kind}'s mention, not its id; write {quoted(found[2])}"
        return (f"{said} is a {marked}'s mention, not a {kind}'s; write the {kind}'s id "
                f"({_DISCORD_WHERE[kind]})")
    return (f"{said} is not a Discord {kind} id: a number of 17 to 20 digits "
            f"({_DISCORD_WHERE[kind]}), not {_DISCORD_NAMED[kind]}")


def member_id_problem(kind: str | None, user_id: str) -> str | None:
    if kind == "slack" and not SLACK_MEMBER.match(user_id):
        return (f"{quoted_cut(user_id)} is not a Slack member ID; use the ID (U0123ABCD: "
                "profile -> ⋮ -> Copy member ID), not the @name")
    if kind == "discord" and not is_snowflake(user_id):
        return discord_id_problem("user", user_id)
    return None


def _names(kind: str, names: set[str], *, section: str) -> str:
    """The names a reference could have used, for its error: ``known: a, b``, or that there
    are none."""
    if not names:
        return f"no {kind} are declared under {section}:"
    return f"known: {', '.join(sorted(names))}"


def _workspace_names(loaded: LoadedConfig) -> set[str] | None:
    """The workspace names channels and identities may use; None when one of them is an
    unset ${NAME} (that variable's line is the one problem to report)."""
    if loaded.unsure("workspaces", "name"):
        return None
    return {w.name for w in loaded.config.workspaces} | loaded.written("workspaces", "name")


def _channels(loaded: LoadedConfig) -> Problems:
    cfg = loaded.config
    names = _workspace_names(loaded)
    for name, ch in cfg.channels.items():
        if not _NAME.fullmatch(name):
            yield ("channels", name), (f"{quoted_cut(name)} is not a channel name: one word of at "
                                       "most 64 characters, no spaces (e.g. support-team)")
        if names is not None and ch.workspace not in names:
            yield ("channels", name, "workspace"), (
                f"unknown workspace {quoted(ch.workspace)} "
                f"({_names('workspaces', names, section='workspaces')})")
            continue
        if names is None:
            continue
        problem = channel_id_problem(_kind(loaded, ch.workspace), ch.id)
        if problem:
            yield ("channels", name, "id"), problem


def _channel_meant(written: str, channels: Mapping[str, ChannelConfig]) -> str:
    """The declared channel a name not declared most likely means, said after the problem:
    one written as Slack shows it (#ops), in other capitals, or misspelt, as the rules file's
    channel: says it; or the channel's id, where its name goes."""
    by_id = [name for name, channel in channels.items() if channel.id == written.strip()]
    if len(by_id) == 1:
        return f"; did you mean {by_id[0]}, the channel of that id?"
    names = list(channels)
    bare = written.strip().lstrip("#").strip()
    same = [name for name in names if name.lower() == bare.lower()]
    near = same[0] if len(same) == 1 else suggest(bare, names)
    return f"; did you mean {near}?" if near else ""


def _references(loaded: LoadedConfig) -> Problems:
    cfg = loaded.config
    known = ("declared: " + ", ".join(sorted(cfg.channels)) if cfg.channels
             else "no channels are declared yet")
    # declared but refused by the schema (reported there): not also "unknown"
    channels = set(cfg.channels) | loaded.written("channels")
    for key, ref in (
        ("ops_channel", cfg.ops_channel),
        ("approvals.channel", cfg.approvals.channel),
        ("spikes.channel", cfg.spikes.channel),
    ):
        if ref is not None and ref not in channels:
            yield tuple(key.split(".")), (f"unknown channel {quoted(ref)}; declare it under "
                                          f"channels: ({known})"
                                          + _channel_meant(ref, cfg.channels))
    for i, ws in enumerate(cfg.workspaces):
        ref = getattr(ws, "channel", None)
        if ref is not None and ref not in channels - set(cfg.channels) and (
                ref not in cfg.channels or cfg.channels[ref].workspace != ws.name):
            mine = ", ".join(sorted(n for n, c in cfg.channels.items()
                                    if c.workspace == ws.name))
            yield ("workspaces", i, "channel"), (
                f"unknown channel {quoted(ref)} for workspace {ws.name} "
                + (f"(its channels: {mine})" if mine
                   else f"(no channel under channels: is in {ws.name})"))
    # None: a person id is an unset ${NAME}, so no reference to a person can be told unknown
    people = None if loaded.unsure("people", "id") else loaded.people_ids()
    groups = loaded.group_names()
    for i, esc in enumerate(cfg.escalations):
        for j, step in enumerate(esc.steps):
            base: YamlPath = ("escalations", i, "steps", j)
            if step.channel is not None and step.channel not in channels:
                yield (*base, "channel"), (f"unknown channel {quoted(step.channel)} ({known})"
                                           + _channel_meant(step.channel, cfg.channels))
            for k, user in enumerate(step.notify_users):
                if people is not None and user not in people:
                    yield (*base, "notify_users", k), (
                        f"unknown person {quoted(user)}; name a person id from people:")
            for k, group in enumerate(step.notify_groups):
                if group not in groups:
                    yield (*base, "notify_groups", k), (
                        f"unknown group {quoted(group)}; use a group named in people: groups or "
                        "under groups:")
    for i, sc in enumerate(cfg.schedules):
        if sc.announce is not None and sc.announce not in channels:
            yield ("schedules", i, "announce"), (f"unknown channel {quoted(sc.announce)}; "
                                                 f"declare it under channels: ({known})"
                                                 + _channel_meant(sc.announce, cfg.channels))
    for i, approval_step in enumerate(cfg.approvals.steps):
        for j, who in enumerate(approval_step.approvers):
            kind, _, name = who.partition(":")
            path: YamlPath = ("approvals", "steps", i, "approvers", j)
            if kind == "role" and name not in ROLES:
                yield path, f"unknown role {quoted(name)} (roles: {', '.join(ROLES)})"
            elif kind == "group" and name not in groups:
                yield path, f"unknown group {quoted(name)}"
            elif kind not in ("role", "group") and people is not None and who not in people:
                yield path, (f"unknown person {quoted(who)}; use a person id, group:<name> "
                             "or role:<name>")


def _publishing(loaded: LoadedConfig) -> Problems:
    cfg = loaded.config
    lease = cfg.approvals.publish_lease_seconds
    for sc in cfg.sources:
        # a publish is a post and, after an ambiguous answer, a look: both within the lease
        if sc.type in PUBLISHING and lease <= 2 * sc.timeout:
            yield ("approvals", "publish_lease_seconds"), (
                f"{lease:g}s is too short for source {quoted(sc.id)} (timeout {sc.timeout:g}s): "
                f"make it more than {2 * sc.timeout:g}s, so a slow publish is never overtaken")


def _outbox(loaded: LoadedConfig) -> Problems:
    outbox = loaded.config.outbox
    if outbox.backoff_max < outbox.backoff_base:
        yield ("outbox", "backoff_max"), (
            f"{_as_written(loaded, ('outbox', 'backoff_max'), outbox.backoff_max)} is shorter "
            f"than backoff_base "
            f"({_as_written(loaded, ('outbox', 'backoff_base'), outbox.backoff_base)}), where "
            "the waits between retries start; make backoff_max at least backoff_base")


def _as_written(loaded: LoadedConfig, path: YamlPath, seconds: float) -> str:
    """A time span as the file writes it (``1ms``), else as a duration (``60`` is ``1m``)."""
    value = written_at(loaded.doc.data, path) if loaded.doc is not None else None
    return value.strip() if isinstance(value, str) else written(seconds)


def _people(loaded: LoadedConfig) -> Problems:
    cfg = loaded.config
    names = _workspace_names(loaded)
    for group, ids in cfg.groups.items():
        for ws, group_id in ids.items():
            if names is None:
                continue
            if ws not in names:
                yield ("groups", group, ws), f"unknown workspace {quoted(ws)}"
            elif _kind(loaded, ws) == "slack" and not SLACK_GROUP.match(group_id):
                yield ("groups", group, ws), slack_group_id_problem(group_id)
            elif _kind(loaded, ws) == "discord" and not is_snowflake(group_id):
                yield ("groups", group, ws), discord_id_problem("role", group_id)
    owner: dict[tuple[str, str], str] = {}
    for i, person in enumerate(cfg.people):
        if not _NAME.fullmatch(person.id):
            yield ("people", i, "id"), (f"{quoted_cut(person.id)} is not a person id: one word of "
                                        "at most 64 characters, no spaces (e.g. ana or ana.k); "
                                        "rules and commands name people by it")
        for ws, user_id in person.identities.items():
            if names is None:
                continue
            if ws not in names:
                yield ("people", i, "identities", ws), (
                    f"unknown workspace {quoted(ws)} "
                    f"({_names('workspaces', names, section='workspaces')})")
                continue
            problem = member_id_problem(_kind(loaded, ws), user_id)
            if problem:
                yield ("people", i, "identities", ws), problem
            elif (ws, user_id) in owner and owner[ws, user_id] != person.id:
                # a chat user is one person: which one's role would a click of theirs carry?
                yield ("people", i, "identities", ws), (
                    f"{quoted(user_id)} in {ws} is already the identity of "
                    f"{quoted(owner[ws, user_id])}; "
                    "a chat user is one person: keep it on one of them")
            else:
                owner[ws, user_id] = person.id


def _meant(path: Path) -> str:
    """`rules.yml` beside the rules.yaml init wrote: " did you mean rules.yaml?" (as
    ``config_not_found`` says of -c); "" when no YAML file there is near its name."""
    try:
        beside = [p.name for p in path.parent.iterdir()
                  if p.suffix in (".yaml", ".yml") and p.is_file()]
    except OSError:
        return ""
    near = suggest(path.name, beside)
    return f" did you mean {near}?" if near is not None else ""


def _sources(loaded: LoadedConfig) -> Problems:
    rules = loaded.rules_path()
    if rules is not None and not rules.is_file():
        where = "" if Path(str(loaded.config.rules)).is_absolute() else (
            " (relative to the current folder, as the config was read from stdin)"
            if loaded.from_stdin else " (relative to the config file's folder)")
        problem = not_a_file(rules)
        yield ("rules",), (f"{rules}: {problem}" if problem else (
            f"file not found: {rules}{where};{_meant(rules)} create it (socialops init writes "
            "one) or fix the path"))
    elif rules is not None and (problem := unreadable(rules, key="rules:")):
        yield ("rules",), problem
    for i, sc in enumerate(loaded.config.sources):
        # each source type checks its own keys (its config class, in its package)
        for path, message in sc.problems(resolve=loaded.resolve):
            yield ("sources", i, *path), message
        if sc.publish == "sandbox" and (  # under a file or a folder: a traceback at first read
                problem := misplaced(sc.sandbox_path, loaded.resolve(sc.sandbox_path),
                                     " to record the posts in")):
            yield ("sources", i, "sandbox_path"), problem
        if sc.type != "replay" and sc.timeout < MIN_TIMEOUT:
            # a network answers in tens of milliseconds at best: every request would time out
            yield ("sources", i, "timeout"), (
                f"{_as_written(loaded, ('sources', i, 'timeout'), sc.timeout)} is too short "
                "for a network request: every poll would time out; write at least "
                f"{written(MIN_TIMEOUT)} (the default is 20s)")
        if sc.type != "replay" and sc.interval < MIN_INTERVAL and not _local_only(sc):
            yield ("sources", i, "interval"), (
                f"{_as_written(loaded, ('sources', i, 'interval'), sc.interval)} between polls "
                "would ask the network more than once a second (and be rate-limited); write at "
                f"least {written(MIN_INTERVAL)} (the default is 1m)")
    for key in ("digest_summary", "model_endpoint"):
        url = getattr(loaded.config, key).url
        found = list(url_problems((key, "url"), url))
        yield from found
        if url is not None and not found and (hint := _base_url_hint(url)):
            yield (key, "url"), hint


def _base_url_hint(url: str) -> str | None:
    """A chat-completions URL written as a client's base URL (Ollama's, vLLM's and the OpenAI
    SDK's documented ``http://localhost:11434/v1``, or a server's root), or as another API's
    (the legacy ``/v1/completions``, which takes a prompt; OpenAI's ``/v1/responses``;
    Ollama's own ``/api/chat`` and ``/api/generate``, whose answers are not chat completions),
    or with its last word cut or misspelt (``/v1/chat``, ``/v1/chat/completion``): socialops
    posts chat completions to the URL as written, so every call would fail. None for any other
    path (a gateway's own, Azure's ``.../deployments/<name>/chat/completions``)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    low = path.lower()
    if low.endswith("/chat/completions"):
        return None
    if not path or low.endswith("/v1"):
        fixed = (path or "/v1") + "/chat/completions"
        what = "is a base URL (a client's base_url)"
    elif low.endswith(("/api/chat", "/api/generate")):
        fixed = path.rsplit("/", 2)[0] + "/v1/chat/completions"
        what = "is Ollama's own API, whose answers are not chat completions"
    elif low.endswith("/chat/completion"):
        fixed = path + "s"
        what = "ends in /chat/completion"
    elif low.endswith("/chat"):
        fixed = path + "/completions"
        what = "ends in /chat"
    elif low.endswith(("/completions", "/responses")):
        fixed = path.rsplit("/", 1)[0] + "/chat/completions"
        what = ("is the legacy completions API (it takes a prompt, not messages)"
                if low.endswith("/completions") else
                "is the Responses API (it takes input, not messages)")
    else:
        return None
    fixed_url = parts._replace(path=fixed).geturl()
    return (f"{quoted(redact_url(url.strip()))} {what}; socialops posts to the URL as written, "
            "and a server answers chat completions under /chat/completions: write "
            f"{quoted(redact_url(fixed_url))}")


NOT_POLLED = frozenset({"web_url", "plc_url"})  # a source's addresses its polls never ask


def _local_only(sc: Any) -> bool:
    """Whether every address ``sc`` polls is on this machine (a local test server)."""
    urls: list[str] = []
    for name, value in sc:
        # web_url is where cards link to, never asked; plc_url (Bluesky's DID directory) is
        # asked only when a login is refused, to say where the account is hosted, not polled
        if name.endswith("url") and name not in NOT_POLLED and isinstance(value, str):
            urls.append(value)
        elif name == "urls" and isinstance(value, tuple | list):
            urls += [u for u in value if isinstance(u, str)]
    return bool(urls) and all(_loopback(u) for u in urls)


def _loopback(url: str) -> bool:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redis_url_problems(path: YamlPath, url: str) -> Problems:
    """A Redis URL's problems: ``url_problems``', and a database that is no number. redis-py
    reads the path's number as the database and drops a path that is none without a word:
    ``redis://host:6379/staging`` wrote into database 0, beside whatever lives there."""
    found = list(url_problems(path, url, schemes=("redis", "rediss", "unix")))
    yield from found
    if found:
        return
    parts = urlsplit(url.strip())
    db = unquote(parts.path).strip("/") if parts.scheme != "unix" else ""
    given = parse_qs(parts.query).get("db", [])
    for value in ([db] if db else []) + given:
        if not value.isascii() or not value.isdigit():
            yield path, (f"{quoted_cut(redact_url(url), 80)} names the database "
                         f"{quoted_cut(value, 30)}, which is no number: Redis databases are "
                         "numbered (redis://host:6379/1); redis-py would use database 0")
            return


def _store(loaded: LoadedConfig, *, redis_url_env: str | None) -> Problems:
    store = loaded.config.store
    if store.backend == "sqlite" and redis_url_env:
        yield ("store", "backend"), ("backend: sqlite, but REDIS_URL is set in the environment; "
                                     "unset REDIS_URL, or set backend: redis to share the work "
                                     "through Redis")
    if store.backend == "sqlite" and store.redis_url is not None:
        yield ("store", "redis_url"), ("backend: sqlite does not use redis_url; remove it, or set "
                                       "backend: redis to share the work through that Redis")
    if uses_sqlite(store, redis_url_env=redis_url_env) and (
            problem := sqlite_path_problem(Path(store.path))):
        yield ("store", "path"), problem
    # backend: redis without a URL is refused when the store opens: tests and tools hand the
    # environment to open_app, not to the loader
    if store.redis_url is not None:
        yield from redis_url_problems(("store", "redis_url"), store.redis_url)
    if store.queue_max_deliveries < MIN_DELIVERIES:
        yield ("store", "queue_max_deliveries"), (
            f"{store.queue_max_deliveries} is too few: at least {MIN_DELIVERIES}: a mention that "
            f"fails in the pipeline is set aside after {MIN_DELIVERIES - 1} tries with its "
            "reason; fewer deliveries set it aside as if its process died")


# The stream must deliver an entry once more than the pipeline tries it (bot.engine.pipeline
# POISON_AFTER, 3, which bot.core cannot import: a test ties the two), so a mention that keeps
# failing is set aside by the pipeline, with its reason and an ops notice, before the stream
# gives up on it as taken by a process that died or stalled.
MIN_DELIVERIES = 4


def sqlite_path_problem(path: Path) -> str | None:
    """What stops the store opening ``path`` as it stands, found without writing anything (so
    that ``check`` says it, not only ``run``): a folder where the file should be, a file that
    is not a database, a folder on the way that is a file. A file or folder that cannot be
    written is said by ``bot.store.sqlite.write_problem``, which ``check`` asks too. SQLite's
    ``:memory:`` (a database inside one process, which no other command can read, and the
    store's reader opens a file) is refused too. The file is never opened here but through
    SQLite (``_not_a_database``)."""
    if str(path) == ":memory:":
        return (":memory: is a database in one process's memory, which `why`, `audit` and the "
                "other commands cannot read, and socialops keeps its store in a file; name "
                "one, e.g. ./data/socialops.db")
    if path.is_dir():
        return (f"{path} is a folder; name the database file in it, e.g. "
                f"{path / 'socialops.db'}")
    try:
        found = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        folder = next((p for p in path.parents if p.exists()), None)
        if folder is not None and not folder.is_dir():
            return under_a_file(path)
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # SQLite could neither open nor make it
            return (f"{path} is a symlink that leads back to itself (a loop of links); point "
                    "store.path at the database file, or at a path with no file yet")
        return None
    # a pipe or a device is no database either (and opening a pipe waits for its writer)
    if not stat.S_ISREG(found.st_mode) or (found.st_size and _not_a_database(path)):
        return (f"{path} is not a SQLite database (another file is there); set store.path "
                "to a new file, or move that one away")
    if found.st_size and found.st_nlink > 1:  # an empty file: SQLite makes a database of it
        return many_names(path, found.st_nlink)
    return None


def read_only_uri(path: Path) -> str:
    """The URI that opens ``path`` read-only: its characters quoted, since a ``#``, ``?`` or
    ``%`` in a folder's name would otherwise end the path or be read as a quoted byte, and
    another file (an empty one made there) read instead."""
    return f"{Path(path).absolute().as_uri()}?mode=ro"


def _not_a_database(path: Path) -> bool:
    """Whether SQLite finds another file's header in the file at ``path``: read through
    SQLite, read-only, never waiting for a lock; one it cannot open or read is left to ``run``,
    which says why. Never through ``open()``: SQLite's locks are POSIX advisory locks, which the
    kernel drops for the whole process when it closes any descriptor of the file. A process
    with the store open (a command's ``main`` run beside an app, in a test) lost its shared
    lock so, and another process, closing, took itself for the file's last, folded its WAL in
    and deleted it under the open store: 'disk I/O error', 'database disk image is malformed'
    (sqlite.org/howtocorrupt.html, 2.2.1). SQLite keeps its descriptors of a file open while a
    connection of the process holds a lock on it."""
    try:
        db = sqlite3.connect(read_only_uri(path), uri=True, timeout=0)
    except sqlite3.Error:
        return False
    try:
        db.execute("PRAGMA schema_version").fetchone()  # reads the header
    except sqlite3.Error as exc:
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB
    finally:
        db.close()
    return False


def link_count(path: Path) -> int:
    """How many names (hard links) the file at ``path`` has; 1 when there is no file yet."""
    try:
        return os.stat(path).st_nlink
    except OSError:
        return 1


def many_names(path: Path, names: int) -> str:
    """A database file with other hard links (a second name, a backup tool's link): what check
    and every command say, and the lock (``bot.app.lock``) refuses after taking it."""
    real = shlex.quote(os.path.realpath(path))
    return (f"{path} has {names} names (hard links to one file): SQLite keeps its WAL beside "
            "the name a process opens, so processes given different names would each write "
            "their own, and neither's lock stops the other; keep one name (`find / -samefile "
            f"{real}` lists them) and point store.path at it; a hard link is no backup (it "
            f"changes with every write): copy with `sqlite3 {shlex.quote(str(path))} "
            "'.backup copy.db'`")


def under_a_file(path: Path) -> str:
    """A SQLite database whose folder is, in part, a file: what check and the store say."""
    return (f"cannot write the SQLite database {path}: part of the folder {path.parent}/ is a "
            "file, not a folder; set store.path to a file in a folder")


def environment_problems(loaded: LoadedConfig, env: Mapping[str, str]) -> list[ConfigError]:
    """What ``run`` would refuse about the settings the environment completes: a Redis
    store without a URL, a bad ``REDIS_URL``, a bad ``PORT``, an ``SSL_CERT_FILE`` or
    ``SSL_CERT_DIR`` that cannot be read. Only ``socialops check`` asks
    (the loader leaves the environment to ``open_app``, which tests and tools hand it)."""
    cfg = loaded.config
    file = str(loaded.path) if loaded.path is not None else None
    env_url = environment_store_url(env)
    out: list[ConfigError] = []
    if not uses_sqlite(cfg.store, redis_url_env=env_url) and not cfg.store.redis_url:
        if not env_url:
            out.append(loaded.error(("store", "backend"), (
                "backend: redis needs a URL: set store.redis_url (redis://host:6379/0) or "
                "REDIS_URL in the environment, or use backend: sqlite")))
        else:
            out += [ConfigError(f"REDIS_URL in the environment: {message}", file=file)
                    for _, message in redis_url_problems(("REDIS_URL",), env_url)]
    try:
        http_port(cfg, env)
    except ConfigError as exc:
        out.append(ConfigError(f"{exc.message}; fix it, or set http.port", file=file))
    else:
        out += unserved(loaded, env)
    settings = Settings.read(env)
    try:  # the networks' requests would fail to start with it (bot.core.settings)
        tls_context(settings)
    except ConfigError as exc:
        out.append(ConfigError(exc.message, file=file))
    if settings.slack_oauth:  # integrations.slack.app refuses it, in the same words
        out += [loaded.error(("workspaces", i), (
            f"SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set in the environment, so "
            f"slack_bolt would authorize workspace {w.name}'s requests by its OAuth "
            "installation flow instead of its bot_token, and refuse them all: unset them "
            "for socialops")) for i, w in enumerate(cfg.workspaces)
            if isinstance(w, SlackWorkspaceConfig)]
    return out


# the secret each Slack mode leaves unused: Socket Mode is signed by its websocket, HTTP
# mode opens none
_UNUSED_IN = {"socket": "signing_secret", "http": "app_token"}


def unused_unset(loaded: LoadedConfig, errors: list[ConfigError]) -> list[ConfigError]:
    """``errors`` with an unset ``${NAME}`` in a secret the workspace's mode does not use said
    so: the socket-mode user who copied the reference was told only to export
    SLACK_SIGNING_SECRET, when the line could go (a reviewer's find, 2026-12-07)."""
    if loaded.doc is None:
        return errors
    said: dict[tuple[str | None, str | None], str] = {}
    for i, w in enumerate(loaded.config.workspaces):
        if isinstance(w, SlackWorkspaceConfig) and (key := _UNUSED_IN.get(w.mode)):
            path = ("workspaces", i, key)
            if loaded.doc.follows_unset(path):
                at = loaded.error(path, "")
                said[(at.file, at.field)] = f"mode: {w.mode} does not use {key}"
    return [_removable(e, said[(e.file, e.field)]) if (e.file, e.field) in said else e
            for e in errors]


def _removable(error: ConfigError, why: str) -> ConfigError:
    unset = re.fullmatch(r"environment variable (\S+) is not set; export it, or write .*",
                         error.message)
    if unset is None:
        return error
    return ConfigError(f"environment variable {unset[1]} is not set; {why}: remove the line, "
                       f"or export {unset[1]}", file=error.file, line=error.line,
                       field=error.field)


def source_advice(loaded: LoadedConfig) -> list[ConfigError]:
    """What each source does as written but one way worse than meant (``SourceBase.advice``),
    at its key's line: ``check`` warns of it, and a start says it in the process that polls."""
    return [said for each in advice_by_source(loaded).values() for said in each]


def advice_by_source(loaded: LoadedConfig) -> dict[str, list[ConfigError]]:
    """``source_advice`` by source id: a running bot says a source's when it first polls it."""
    advice: dict[str, list[ConfigError]] = {}
    for i, sc in enumerate(loaded.config.sources):
        for key, note in sc.advice():
            advice.setdefault(sc.id, []).append(loaded.error(("sources", i, *key), note))
    return advice


def unserved(loaded: LoadedConfig, env: Mapping[str, str] | None = None) -> list[ConfigError]:
    """Workspaces whose requests only the bot's HTTP server takes, when none is set (neither
    ``http.port`` nor ``PORT``): Slack in ``mode: http`` would send its events, buttons and
    commands nowhere, and Discord with a ``public_key`` its interactions (bot.app.chat
    serves the endpoint only beside the HTTP server)."""
    written = loaded.doc is not None and ("http", "port") in loaded.doc.lines
    if written or http_port(loaded.config, env) is not None:
        return []  # a port written but refused is reported where it is written
    out: list[ConfigError] = []
    for i, w in enumerate(loaded.config.workspaces):
        if isinstance(w, SlackWorkspaceConfig) and w.mode == "http":
            out.append(loaded.error(("workspaces", i, "mode"), (
                "http needs the bot's HTTP server for Slack's requests (/slack/events, "
                "/slack/commands), and none is set: set http.port (or PORT), or use mode: "
                "socket")))
        elif isinstance(w, DiscordWorkspaceConfig) and w.public_key:
            out.append(loaded.error(("workspaces", i, "public_key"), (
                f"Discord's HTTP interactions endpoint (/discord/{w.name}/interactions) needs "
                "the bot's HTTP server, and none is set: set http.port (or PORT), or leave "
                "public_key out to take interactions over the gateway")))
    return out
