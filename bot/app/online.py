"""``socialops check --online``: ask Slack and Discord whether the configured tokens work, the
channels exist and the bot can post in them, before a wrong token or a missing invitation shows
up as dead deliveries.

Slack: ``auth.test`` (the bot token), ``apps.connections.open`` in Socket Mode (the app token;
the URL it hands out is never opened and expires unused), then ``conversations.info`` per
channel (exists, visible, ``is_member``), and ``users.info`` per person's member ID there (a
member of this workspace, not deactivated). Discord: ``GET /users/@me`` (the token), then
``GET /channels/{id}`` per channel (exists and the bot can see it, which it can only as a member
of the server; with ``guild_id`` set, the channel is in that server; it takes messages), and
what the bot may do there from the server's roles and the channel's overwrites
(``bot.app.discord_access``: the permissions a card needs that it lacks), then ``GET
/guilds/{id}/members/{user}`` per person's user id there (a member of the server).
Each group ``groups:`` maps to a platform group is warned of when a ping of it would notify
nobody: Slack's ``usergroups.list`` (disabled, not listed) and ``usergroups.users.list`` (no
members); Discord's Get Guild Roles (deleted) and ``roles/member-counts`` (held by nobody).
Read-only calls; nothing is posted.

``check_tokens`` is the token half alone: ``socialops run`` asks it once at start-up and tells a
definite refusal (``TokenProblem.refused``: a wrong, revoked or wrong-kind token, which no retry
fixes) from a platform it could not ask (network, 5xx, rate limit).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from math import ceil
from typing import Any
from urllib.parse import quote

import httpx

from bot.app.discord_access import MANAGE_THREADS, lacking, permissions
from bot.app.logs import config_secrets
from bot.core.config import (
    Config,
    DiscordWorkspaceConfig,
    LoadedConfig,
    SlackWorkspaceConfig,
    WorkspaceConfig,
)
from bot.core.durations import span
from bot.core.errors import ConfigError
from bot.core.redact import Redaction
from bot.core.text import one_line, quoted_cut
from handlers.identity import Directory
from integrations.discord.channel_types import THREAD_TYPES
from integrations.slack.scopes import BOT_SCOPES, OPTIONAL_SCOPES, scopes_lacking
from integrations.social.common.capped import capped_client

YamlPath = tuple[str | int, ...]
TIMEOUT = 15.0  # seconds per call
# Slack's answers that say the token itself is wrong: retrying cannot change them
REFUSALS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked",
                      "token_expired", "not_allowed_token_type", "missing_scope"})


UNREACHABLE = "; check this machine's network (or proxy), or this URL"  # at the api_url
# Slack's answers of its own trouble (an outage's 5xx, a rate limit): nothing of the token
SLACK_TROUBLE = frozenset({"internal_error", "fatal_error", "service_unavailable",
                           "request_timeout", "ratelimited"})
TROUBLE = ", which says nothing of the token: Slack's own trouble (status.slack.com)"


@dataclass(frozen=True)
class TokenProblem:
    """A token that did not pass. ``refused``: the platform said no (fix the config);
    otherwise it could not be asked (no network, a 5xx, a rate limit), which says nothing about
    the token."""

    path: YamlPath
    message: str
    refused: bool
    # the token works but lacks something (Slack scopes): said, and nothing stops on it
    warning: bool = False
    lacking: tuple[str, ...] = ()  # the scopes a warning names
    optional: bool = False  # only scopes the bot works without: check passes, saying it


async def check_online(
    loaded: LoadedConfig, *, client: httpx.AsyncClient | None = None,
    warnings: list[ConfigError] | None = None, deadline: float | None = None,
) -> list[ConfigError]:
    """One ConfigError per problem found, pointing at the config line to fix; what works
    without a fix (scopes the bot can do without) goes to ``warnings``. ``deadline``: seconds
    for all of it; a workspace or account not answered by then is one problem naming it (a
    server that takes the connection and never answers holds each call for ``TIMEOUT``)."""
    own = client is None
    http = client or capped_client(timeout=httpx.Timeout(TIMEOUT))
    budget = _Budget()
    problems: list[tuple[YamlPath, str]] = []
    said = _redaction(loaded)
    # every workspace and account at once, so their rate limits' waits overlap instead of
    # adding up; each a task, so one not done by the deadline is named and the rest kept
    places = [(("workspaces", i), _named_workspace(ws), asyncio.ensure_future(
        _workspace(http, loaded, i, ws, budget=budget)))
        for i, ws in enumerate(loaded.config.workspaces)]
    accounts = [(("sources", i), f"the {getattr(source, 'type', '')} account of source "
                 f"{getattr(source, 'name', i)}", asyncio.ensure_future(
                     _account(http, i, source)))
                for i, source in publishing_accounts(loaded)]
    feeds: list[tuple[YamlPath, str, asyncio.Future[Any]]] = [
        (("sources", i, "hashtags"), f"the hashtag feeds of source {getattr(source, 'id', i)}",
         asyncio.ensure_future(_hashtag_feeds(http, i, source)))
        for i, source in hashtag_sources(loaded)]
    apps = [(("sources", i), f"the Reddit app of source {getattr(source, 'id', i)}",
             asyncio.ensure_future(_reddit_app(http, i, source)))
            for i, source in reddit_apps(loaded)]
    tasks = [task for _, _, task in (*places, *accounts, *feeds, *apps)]
    try:
        if tasks:
            await asyncio.wait(tasks, timeout=deadline)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if own:
            await http.aclose()
    within = f"within {deadline:g} s" if deadline is not None else "in time"  # None: no bound
    late = (f" did not answer {within}, the bound of the whole check --online "
            "(--timeout); "
            "its {what} not checked; check this machine's network (or proxy), or its api_url")
    for kind, what, server in ((places, "token, channels and people are", False),
                               (accounts, "credential is", True),
                               (apps, "credential is", True),
                               (feeds, "feed access is", True)):
        for path, name, task in kind:
            if task.cancelled():
                text = name + late.format(what=what)
                problems.append((path, text.replace("its api_url", "its server")
                                 if server else text))
                continue
            found, warned = task.result()
            problems += found
            if warnings is not None:
                warnings += [loaded.error(at, said(message)) for at, message in warned]
    return [loaded.error(path, said(message)) for path, message in problems]


def reddit_apps(loaded: LoadedConfig) -> list[tuple[int, object]]:
    """(index, source) of each enabled Reddit source with an app (a client id): each poll and
    reply asks Reddit for a token first, so check asks for one too."""
    from integrations.social.reddit.config import RedditSourceConfig

    return [(i, s) for i, s in enumerate(loaded.config.sources)
            if s.enabled and isinstance(s, RedditSourceConfig) and s.client_id]


async def _reddit_app(http: httpx.AsyncClient, index: int, source: object
                      ) -> tuple[list[tuple[YamlPath, str]], list[tuple[YamlPath, str]]]:
    """Whether Reddit gives the source's app a token, by the request the bot makes first
    (``POST <auth_url>/api/v1/access_token``, the grant the bot uses; read-only, nothing
    posted): 400-403 refuse the app's id and secret, a 200 with ``error`` the password grant
    (Reddit answers a wrong password ``{"error": "invalid_grant"}``)."""
    from integrations.social.reddit.config import RedditSourceConfig, user_agent

    assert isinstance(source, RedditSourceConfig)
    base = source.auth_url.rstrip("/")
    name = f"reddit {source.id}"
    grant = bool(source.username and source.password)
    form = ({"grant_type": "password", "username": source.username or "",
             "password": source.password or ""} if grant
            else {"grant_type": "client_credentials"})
    try:
        answer = await http.post(f"{base}/api/v1/access_token", data=form,
                                 auth=(source.client_id or "", source.client_secret or ""),
                                 headers={"User-Agent": user_agent(source)})
    except httpx.HTTPError as exc:
        return [(("sources", index, "auth_url"),
                 f"{name}: {base}: cannot reach it ({type(exc).__name__}){UNREACHABLE}")], []
    if answer.status_code in (400, 401, 403):
        return [(("sources", index, "client_secret"), (
            f"{name}: Reddit refused the app's client_id and client_secret "
            f"({answer.status_code}); copy both again from reddit.com/prefs/apps (the id "
            "under the app's name, the secret beside 'secret')"))], []
    try:
        body = answer.json() if answer.status_code == 200 else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return [(("sources", index, "auth_url"), (
            f"{name}: {base} answered {answer.status_code} without a token, which says "
            "nothing of the credential; ask again later, or check this URL"))], []
    if isinstance(body.get("access_token"), str) and body["access_token"]:
        return [], []
    error = one_line(str(body.get("error") or "no reason"), 60)  # the server's words
    if grant:
        return [(("sources", index, "password"), (
            f"{name}: Reddit refused the username and password ({error}); set the password "
            f"of u/{source.username} here (the app must be a script app of that account, or "
            "list it as a developer)"))], []
    return [(("sources", index, "client_id"), (
        f"{name}: Reddit gave the app no token ({error}); check client_id and client_secret "
        "at reddit.com/prefs/apps"))], []


def hashtag_sources(loaded: LoadedConfig) -> list[tuple[int, object]]:
    """(index, source) of each enabled Mastodon source that reads hashtags."""
    from integrations.social.mastodon.config import MastodonSourceConfig

    return [(i, s) for i, s in enumerate(loaded.config.sources)
            if s.enabled and isinstance(s, MastodonSourceConfig)
            and any(h.strip(" #") for h in s.hashtags)]


async def _hashtag_feeds(http: httpx.AsyncClient, index: int, source: object
                         ) -> tuple[list[tuple[YamlPath, str]], list[tuple[YamlPath, str]]]:
    """Whether the server lets the source's hashtags be read, as its ``/api/v2/instance``
    states (``integrations.social.mastodon.access``): turned off for all posts, a problem
    (the source would read nothing); for one part, a warning. A server that does not say,
    or cannot be asked, passes: the bot asks again as it runs."""
    from integrations.social.mastodon.access import hashtag_levels, hashtag_problem

    base = str(getattr(source, "base_url", "")).rstrip("/")
    try:
        answer = await http.get(f"{base}/api/v2/instance")
        payload = answer.json() if answer.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return [], []
    local, remote = hashtag_levels(payload)
    problem = hashtag_problem(local, remote, server=base)
    if problem is None:
        return [], []
    at: YamlPath = ("sources", index, "hashtags")
    said = f"mastodon {getattr(source, 'id', '')}: {problem}"
    return ([(at, said)], []) if "reads nothing" in problem else ([], [(at, said)])


def _named_workspace(ws: WorkspaceConfig) -> str:
    kind = "Slack" if isinstance(ws, SlackWorkspaceConfig) else "Discord"
    return f"{kind} workspace {ws.name}"


def _redaction(loaded: LoadedConfig) -> Redaction:
    """What a problem is said through: the servers' answers it quotes may echo a token of the
    config or name a URL holding one, hidden as a log line hides them."""
    return Redaction(config_secrets(loaded.config))


async def _workspace(http: httpx.AsyncClient, loaded: LoadedConfig, i: int,
                     ws: WorkspaceConfig, *,
                     budget: _Budget) -> tuple[list[tuple[YamlPath, str]],
                                                list[tuple[YamlPath, str]]]:
    """One workspace's problems and warnings: its tokens, channels and people."""
    problems: list[tuple[YamlPath, str]] = []
    tokens = await _tokens(http, ws, i, app_token=True, unneeded=_unneeded(loaded.config, ws))
    problems += [(t.path, t.message) for t in tokens if not t.optional]
    warned = [(t.path, t.message) for t in tokens if t.optional]
    if any(t.path[-1] != "app_token" and not t.warning for t in tokens):
        return problems, warned  # the channels cannot be read without the bot token
    channels = [(name, ch.id) for name, ch in loaded.config.channels.items()
                if ch.workspace == ws.name]
    if isinstance(ws, SlackWorkspaceConfig):
        told = [s for t in tokens if t.warning for s in t.lacking]
        problems += await _slack(http, ws, channels, scopes_told=told)
        problems += await _slack_people(http, ws, [
            (n, p.identities[ws.name]) for n, p in enumerate(loaded.config.people)
            if p.identities.get(ws.name)], scopes_told=told, budget=budget)
        warned += await _slack_groups(http, ws, _groups_in(loaded, ws.name))
    elif isinstance(ws, DiscordWorkspaceConfig):
        servers: set[str] = {ws.guild_id} if ws.guild_id else set()
        problems += await _discord(http, ws, channels, seen=servers)
        directory = Directory(loaded.config.people)
        approvers = {n for n, p in enumerate(loaded.config.people)
                     if any(directory.matches(p.id, entry)
                            for step in loaded.config.approvals.steps
                            for entry in step.approvers)}
        problems += await _discord_people(http, ws, sorted(servers), [
            (n, p.identities[ws.name]) for n, p in enumerate(loaded.config.people)
            if p.identities.get(ws.name)], budget=budget, approvers=approvers)
        warned += await _discord_roles(http, ws, sorted(servers), _groups_in(loaded, ws.name))
    return problems, warned


def _groups_in(loaded: LoadedConfig, workspace: str) -> list[tuple[str, str]]:
    """(group name, platform group id) of each group ``groups:`` maps in ``workspace``."""
    return [(name, ids[workspace]) for name, ids in loaded.config.groups.items()
            if ids.get(workspace)]


def _pings_nobody(name: str, what: str, *, unknown: bool = False) -> str:
    """``unknown``: the chat does not know the id at all (another workspace's, a role
    deleted): nothing in the chat sets that right, the id here is what to change."""
    fix = ("write the ID of one of this workspace's groups here" if unknown else
           f"set it right in the chat, or map {name} to another group")
    return (f"{what}: escalation notices pinging group {name} would notify nobody (they say "
            f"so and ping the rest); {fix}")


async def _slack_groups(http: httpx.AsyncClient, ws: SlackWorkspaceConfig,
                        groups: list[tuple[str, str]]) -> list[tuple[YamlPath, str]]:
    """Warnings for each user group ``groups:`` maps here that a ping would notify nobody
    through: one Slack does not list, one disabled (``usergroups.list`` with
    ``include_disabled``: a non-zero ``date_delete``, docs.slack.dev/reference/methods/
    usergroups.disable) or one with no members (``usergroups.users.list``). Nothing is said
    when Slack does not answer (the usergroups:read scope missing, which the scopes line
    names; a rate limit; an outage): escalation notices then ping as before."""
    if not groups:
        return []
    listed = await _slack_call(http, ws, "usergroups.list", include_disabled="true")
    if not listed.get("ok"):
        return []
    every = listed.get("usergroups")
    found = {str(g.get("id")): g for g in (every if isinstance(every, list) else ())
             if isinstance(g, dict)}
    out: list[tuple[YamlPath, str]] = []
    for name, group in groups:
        path: YamlPath = ("groups", name, ws.name)
        info = found.get(group)
        if info is None:
            out.append((path, _pings_nobody(name, f"Slack has no user group {group} in this "
                                                  "workspace (an id from another workspace?)",
                                            unknown=True)))
        elif info.get("date_delete") not in (0, None, "0"):
            out.append((path, _pings_nobody(name, f"the Slack user group {group} is "
                                                  "disabled")))
        else:
            users = await _slack_call(http, ws, "usergroups.users.list", usergroup=group)
            if users.get("ok") and not users.get("users"):
                out.append((path, _pings_nobody(name, f"the Slack user group {group} has no "
                                                      "members")))
    return out


async def _discord_roles(http: httpx.AsyncClient, ws: DiscordWorkspaceConfig,
                         servers: list[str], groups: list[tuple[str, str]]
                         ) -> list[tuple[YamlPath, str]]:
    """Warnings for each role ``groups:`` maps here that a ping would notify nobody through:
    one no server of the workspace has (deleted: Get Guild Roles no longer lists it,
    discord.com/developers/docs/resources/guild#get-guild-roles) or one nobody holds
    (``GET /guilds/{id}/roles/member-counts``). Nothing is said when Discord does not answer."""
    if not groups or not servers:
        return []
    base = ws.api_url.rstrip("/")
    headers = {"Authorization": f"Bot {ws.token}"}
    roles: set[str] = set()
    counts: dict[str, int] = {}
    for server in servers:
        try:
            listed = await http.get(f"{base}/guilds/{server}/roles", headers=headers)
            if listed.status_code != 200 or not isinstance(body := listed.json(), list):
                return []
            roles |= {str(r.get("id")) for r in body if isinstance(r, dict)}
            held = await http.get(f"{base}/guilds/{server}/roles/member-counts",
                                  headers=headers)
            if held.status_code == 200 and isinstance(many := held.json(), dict):
                counts.update({str(k): v for k, v in many.items() if isinstance(v, int)})
        except (httpx.HTTPError, ValueError):
            return []
    out: list[tuple[YamlPath, str]] = []
    for name, role in groups:
        path: YamlPath = ("groups", name, ws.name)
        if role not in roles:
            out.append((path, _pings_nobody(name, f"Discord has no role {role} in the bot's "
                                                  "server (deleted, or a wrong id)",
                                            unknown=True)))
        elif counts.get(role) == 0:
            out.append((path, _pings_nobody(name, f"nobody holds the Discord role {role}")))
    return out


def publishing_accounts(loaded: LoadedConfig) -> list[tuple[int, object]]:
    """(index, source) of each enabled source that publishes with a credential of its own: a
    Mastodon token, a Bluesky handle and app password (a sandbox publishes nowhere)."""
    from integrations.social.bluesky.config import BlueskySourceConfig
    from integrations.social.mastodon.config import MastodonSourceConfig

    return [(i, s) for i, s in enumerate(loaded.config.sources)
            if s.enabled and s.publish == "network" and (
                (isinstance(s, MastodonSourceConfig) and s.token)
                or (isinstance(s, BlueskySourceConfig) and s.handle and s.app_password))]


async def _account(http: httpx.AsyncClient, index: int,
                   source: object) -> tuple[list[tuple[YamlPath, str]],
                                            list[tuple[YamlPath, str]]]:
    """Whether the network takes the source's credential, by the read-only call the bot makes
    with it first: Mastodon's ``verify_credentials`` (who the token's account is), Bluesky's
    ``createSession`` (a session from the app password). Nothing is posted. Problems, and
    warnings: a Bluesky session the account's own password made (it works, with every right
    of the account)."""
    from integrations.social.bluesky.api import (
        FULL_ACCESS,
        account_password_warning,
        session_scope,
    )
    from integrations.social.bluesky.config import BlueskySourceConfig

    problems, session = await _credential(http, index, source)
    if isinstance(source, BlueskySourceConfig) and isinstance(session, dict) \
            and isinstance(token := session.get("accessJwt"), str) \
            and session_scope(token) == FULL_ACCESS:
        return problems, [(("sources", index, "app_password"),
                           account_password_warning(source.id))]
    return problems, []


async def _credential(http: httpx.AsyncClient, index: int,
                      source: object) -> tuple[list[tuple[YamlPath, str]], object]:
    """``_account``'s problems, and the session Bluesky answered (None for Mastodon, or when
    refused)."""
    from integrations.social.bluesky.config import BlueskySourceConfig

    if isinstance(source, BlueskySourceConfig):
        base, key = source.pds_url.rstrip("/"), "pds_url"
        name = f"bluesky {source.id}: {base}"
        request = http.build_request(
            "POST", f"{base}/xrpc/com.atproto.server.createSession",
            json={"identifier": source.handle, "password": source.app_password})
    else:
        base, key = str(getattr(source, "base_url", "")).rstrip("/"), "base_url"
        name = f"mastodon {getattr(source, 'id', '')}: {base}"
        request = http.build_request(
            "GET", f"{base}/api/v1/accounts/verify_credentials",
            headers={"Authorization": f"Bearer {getattr(source, 'token', '')}"})
    at: YamlPath = ("sources", index, key)
    try:
        answer = await http.send(request)
    except httpx.HTTPError as exc:
        return [(at, f"{name}: cannot reach it ({type(exc).__name__}){UNREACHABLE}")], None
    status = answer.status_code
    if status < 400:
        if isinstance(source, BlueskySourceConfig):
            try:
                return [], answer.json()
            except ValueError:
                return [], None  # a session that does not read: the bot says so
        return await _statuses(http, index, name=name, base=base,
                               token=str(getattr(source, "token", "")), who=answer), None
    if isinstance(source, BlueskySourceConfig) and status in (400, 401, 403):
        from integrations.social.bluesky.hosting import elsewhere

        # a PDS refuses an account it does not host as it refuses a wrong password
        if (line := await elsewhere(source, http)) is not None:
            return [(("sources", index, "pds_url"), line)], None
        try:
            body = answer.json()
        except ValueError:
            body = {}
        error = body.get("error") if isinstance(body, dict) else None
        words = body.get("message") if isinstance(body, dict) else None
        said = " ".join(str(w) for w in (error,) if w) + (f": {words}" if words else "")
        return [(("sources", index, "app_password"),
                 f"{name} refused the handle and app password ({status}"
                 f"{' ' + said if said else ''}); make a new app password (Settings → Privacy "
                 "and security → App passwords) and set it here, or check handle")], None
    if status in (401, 403):
        return [_refused_token(index, name, answer)], None
    if isinstance(source, BlueskySourceConfig) and status == 429:
        return [(("sources", index, "handle"),
                 _sessions_refused(name, str(source.handle), answer))], None
    return [(at, f"{name} answered {status}, which says nothing of the credential; "
                 "ask again later")], None


def _sessions_refused(name: str, handle: str, answer: httpx.Response) -> str:
    """A PDS that makes no more sessions for the handle for now (``createSession``'s rate
    limit, 30 in 5 minutes and 300 a day on Bluesky's): until when, by its ``RateLimit-Reset``
    (epoch seconds), and its ``RateLimit-Policy`` ("30;w=300")."""
    try:
        reset = datetime.fromtimestamp(float(answer.headers.get("ratelimit-reset", "")), UTC)
        until = f"until {reset:%Y-%m-%d %H:%M:%S} UTC"
    except (ValueError, OverflowError, OSError):
        until = "for now (it said not until when)"
    policy = re.fullmatch(r"\s*(\d+)\s*;\s*w=(\d+)\s*", answer.headers.get("ratelimit-policy", ""))
    window = int(policy[2]) if policy else 0
    within = span(window // 60) if window % 60 == 0 else f"{window} s"
    limit = f" (its limit: {policy[1]} in {within})" if policy else ""
    return (f"{name} makes no more sessions for {handle} {until}{limit}; a bot already "
            "running is not affected (its session is kept in the store); run socialops "
            "check --online again then")


def _refused_token(index: int, name: str, answer: httpx.Response, *,
                   reading: str = "") -> tuple[YamlPath, str]:
    from integrations.social.mastodon.api import server_error_text

    said = server_error_text(answer)
    return (("sources", index, "token"),
            f"{name} refused the token{reading} ({answer.status_code}"
            f"{': ' + said if said else ''}); make a new access token with read:statuses, "
            "read:accounts and write:statuses (Preferences → Development → your application) "
            "and set it here")


async def _statuses(http: httpx.AsyncClient, index: int, *, name: str, base: str,
                    token: str, who: httpx.Response) -> list[tuple[YamlPath, str]]:
    """A Mastodon token that knows its account may still not read statuses, which a reply
    (the visibility of the post it answers) and a retry (the look for its post) need: the
    account's newest status, asked as the look asks."""
    try:
        me = who.json().get("id")
    except (ValueError, AttributeError):
        return []  # verify_credentials said who in no way that reads: the bot will say so
    if not isinstance(me, str) or not me:
        return []
    try:
        answer = await http.get(f"{base}/api/v1/accounts/{quote(me, safe='')}/statuses",
                                params={"limit": "1"},
                                headers={"Authorization": f"Bearer {token}"})
    except httpx.HTTPError:
        return []  # the server answered a moment ago: a blip, not the credential
    if answer.status_code in (401, 403):
        return [_refused_token(index, name, answer, reading=" reading the account's statuses")]
    return []


async def check_tokens(
    loaded: LoadedConfig, *, app_tokens: bool, client: httpx.AsyncClient | None = None
) -> list[tuple[ConfigError, TokenProblem]]:
    """Each Slack and Discord token that did not pass, as the ConfigError ``check --online``
    prints and the problem behind it. ``app_tokens``: also Socket Mode's app tokens (the
    processes that connect)."""
    own = client is None
    http = client or capped_client(timeout=httpx.Timeout(TIMEOUT))
    try:  # every workspace at once: start-up waits for the slowest, not for their sum
        found = await asyncio.gather(*(_tokens(http, ws, i, app_token=app_tokens,
                                               unneeded=_unneeded(loaded.config, ws))
                                       for i, ws in enumerate(loaded.config.workspaces)))
    finally:
        if own:
            await http.aclose()
    said = _redaction(loaded)
    return [(loaded.error(t.path, said(t.message)), t) for tokens in found for t in tokens]


def _unneeded(config: Config, ws: object) -> frozenset[str]:
    """The optional scopes a workspace's config has no use for: ``usergroups:read`` only
    tells an escalation notice that a user group it pings reaches nobody, so a workspace no
    ``groups:`` entry maps a user group in is not told to reinstall the app for it."""
    name = getattr(ws, "name", None)
    return (frozenset() if any(name in mapped for mapped in config.groups.values())
            else frozenset({"usergroups:read"}))


async def _tokens(http: httpx.AsyncClient, ws: object, index: int, *,
                  app_token: bool, unneeded: frozenset[str] = frozenset()
                  ) -> list[TokenProblem]:
    if isinstance(ws, SlackWorkspaceConfig):
        return await _slack_tokens(http, ws, index, app_token=app_token, unneeded=unneeded)
    if isinstance(ws, DiscordWorkspaceConfig):
        return await _discord_token(http, ws, index)
    return []


async def _slack_call(http: httpx.AsyncClient, ws: SlackWorkspaceConfig, method: str,
                      token: str | None = None, **params: str) -> dict[str, object]:
    """Slack's envelope; one with ``unreachable`` set when Slack could not be asked."""
    return (await _slack_answer(http, ws, method, token, **params))[0]


async def _slack_answer(http: httpx.AsyncClient, ws: SlackWorkspaceConfig, method: str,
                        token: str | None = None, **params: str
                        ) -> tuple[dict[str, object], str | None]:
    """Slack's envelope and its ``X-OAuth-Scopes`` header (the token's scopes, which Slack
    sends with each answer; None when it did not)."""
    url = ws.api_url.rstrip("/") + "/" + method
    try:
        answer = await http.post(url, data=params,
                                 headers={"Authorization": f"Bearer {token or ws.bot_token}"})
    except httpx.HTTPError as exc:
        return {"ok": False, "unreachable": True,
                "error": f"cannot reach {ws.api_url} ({type(exc).__name__})"}, None
    return _envelope(answer), answer.headers.get("X-OAuth-Scopes")


def _envelope(answer: httpx.Response) -> dict[str, object]:
    try:
        body = answer.json()
    except ValueError:
        return {"ok": False, "unreachable": True,
                "error": f"HTTP {answer.status_code}, not a Slack answer"}
    if not isinstance(body, dict):
        return {"ok": False, "unreachable": True, "error": "not a Slack answer"}
    if answer.status_code == 429:  # Slack's rate limit: its wait in seconds, in the header
        return {**body, "retry_after": answer.headers.get("Retry-After")}
    return body


async def _slack_tokens(http: httpx.AsyncClient, ws: SlackWorkspaceConfig, index: int, *,
                        app_token: bool, unneeded: frozenset[str] = frozenset()
                        ) -> list[TokenProblem]:
    out: list[TokenProblem] = []
    auth, scopes = await _slack_answer(http, ws, "auth.test")
    missing = [s for s in scopes_lacking(scopes) if s not in unneeded]
    if auth.get("ok") and missing and all(
            s in OPTIONAL_SCOPES for s in missing):
        # the bot works without them, one way slower: said, and check passes
        out.append(TokenProblem(("workspaces", index, "bot_token"), (
            f"the app lacks the scope{'s' if len(missing) > 1 else ''} {', '.join(missing)}, "
            f"so {'; '.join(OPTIONAL_SCOPES[s] for s in missing)}; add "
            f"{'them' if len(missing) > 1 else 'it'} under OAuth & Permissions and reinstall "
            "the app if that is not what you mean"),
            refused=False, warning=True, lacking=tuple(missing), optional=True))
    elif auth.get("ok") and missing:
        # without them cards die as missing_scope at the first post: said by check --online
        # and at start, which goes on with what it has
        out.append(TokenProblem(("workspaces", index, "bot_token"), (
            f"the app lacks the scope{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"that slack-manifest.yml asks for; add {'them' if len(missing) > 1 else 'it'} "
            "under OAuth & Permissions (or update the app's manifest) and reinstall the app"),
            refused=False, warning=True, lacking=tuple(missing)))
    if not auth.get("ok"):
        error = str(auth.get("error"))
        refused = error in REFUSALS and not auth.get("unreachable")
        why = "Slack refused the token" if refused else "auth.test failed"
        fix = (UNREACHABLE if auth.get("unreachable") else TROUBLE if error in SLACK_TROUBLE
               else "; copy the Bot User OAuth Token (xoxb-...) from the app's Install App page")
        key = "api_url" if auth.get("unreachable") else "bot_token"  # the address, not the token
        out.append(TokenProblem(("workspaces", index, key), f"{why} ({error}){fix}", refused))
    if app_token and ws.mode == "socket" and ws.app_token:
        opened = await _slack_call(http, ws, "apps.connections.open", token=ws.app_token)
        if not opened.get("ok"):
            error = str(opened.get("error"))
            refused = error in REFUSALS and not opened.get("unreachable")
            why = ("Slack refused the app token" if refused
                   else "apps.connections.open failed")
            fix = (UNREACHABLE if opened.get("unreachable") else TROUBLE
                   if error in SLACK_TROUBLE else "; copy an App-Level Token "
                   "(xapp-...) with the connections:write scope from the app's Basic "
                   "Information page, and turn Socket Mode on")
            key = "api_url" if opened.get("unreachable") else "app_token"
            out.append(TokenProblem(("workspaces", index, key), f"{why} ({error}){fix}",
                                    refused))
    return out


async def _slack(http: httpx.AsyncClient, ws: SlackWorkspaceConfig,
                 channels: Iterable[tuple[str, str]], *,
                 scopes_told: Collection[str] = ()) -> list[tuple[YamlPath, str]]:
    """``scopes_told``: the scopes the bot token's line already said the app lacks."""
    out: list[tuple[YamlPath, str]] = []
    for name, channel_id in channels:
        info = await _slack_call(http, ws, "conversations.info", channel=channel_id)
        path: YamlPath = ("channels", name, "id")
        if not info.get("ok"):
            error = str(info.get("error"))
            # the scopes Slack says it needs for this channel (``needed``); none: not said
            needed = [s for s in (n.strip() for n in str(info.get("needed") or "").split(","))
                      if 0 < len(s) <= 60]
            if error == "channel_not_found":
                out.append((path, f"Slack has no channel {channel_id} the bot can see (a wrong "
                                  "id, or a private channel it was not invited to: /invite "
                                  "@socialops there)"))
            elif error == "missing_scope" and (
                    set(needed) & set(scopes_told) or (scopes_told and not needed)):
                pass  # the scopes line names it, once
            elif error == "missing_scope" and needed and not set(needed) & set(BOT_SCOPES):
                out.append((path, f"the app lacks the scope {', '.join(needed[:4])} to read "
                                  "channel info (slack-manifest.yml does not ask for it: a "
                                  "direct message's id? name a channel's)"))
            elif error == "missing_scope":
                out.append((path, "the app lacks the scope to read channel info (reinstall it "
                                  "from slack-manifest.yml)"))
            else:
                out.append((path, f"conversations.info failed for {channel_id} ({error})"))
            continue
        channel = info.get("channel")
        if isinstance(channel, dict) and channel.get("is_archived") is True:
            label = channel.get("name") or channel_id
            out.append((path, f"#{label} ({channel_id}) is archived: Slack takes no messages "
                              "there; unarchive it, or name another channel's id"))
            continue
        if isinstance(channel, dict) and channel.get("is_member") is False:
            label = channel.get("name") or channel_id
            out.append((path, f"the bot is not a member of #{label} ({channel_id}); invite it "
                              "there with /invite @socialops"))
    return out


async def _slack_people(http: httpx.AsyncClient, ws: SlackWorkspaceConfig,
                        people: Iterable[tuple[int, str]], *,
                        scopes_told: Collection[str] = (),
                        budget: _Budget | None = None) -> list[tuple[YamlPath, str]]:
    """Each person's member ID in this workspace (``people[n].identities.<workspace>``) asked
    of ``users.info``: one Slack does not know here (copied from another workspace), one of
    another workspace of the same Enterprise Grid organisation (which users.info answers as
    any other: ``enterprise_user.teams`` names its workspaces) or a deactivated account is
    pinged by escalation steps and on-call notices, and notifies nobody. A short Retry-After
    is waited out; when the people cannot all be asked (a longer rate limit, Slack down), one
    line says how many were and when to ask again: check never passes a team it did not check
    (without ``users:read``, the scopes line says so)."""
    out: list[tuple[YamlPath, str]] = []
    asked = list(people)
    waits = _Waits(budget or _Budget())
    team: list[str | None] = []  # this workspace's team id, read once, when Grid needs it
    for done, (index, user) in enumerate(asked):
        path: YamlPath = ("people", index, "identities", ws.name)
        info = await _slack_call(http, ws, "users.info", user=user)
        waits.next_person()
        while info.get("error") == "ratelimited" and await waits.waited(info.get("retry_after")):
            info = await _slack_call(http, ws, "users.info", user=user)
        member = info.get("user")
        if info.get("ok") and isinstance(member, dict) and member.get("deleted") is True:
            out.append((path, f"{user} is a deactivated account in this Slack workspace: "
                              "escalations and on-call notices would ping nobody; name someone "
                              "who works here"))
        elif info.get("ok") and isinstance(member, dict):
            if (elsewhere := await _other_workspaces(http, ws, member, team)) is not None:
                here, theirs = elsewhere
                out.append((path, f"{user} is in this Enterprise Grid organisation but not in "
                                  f"this workspace ({here}; they are in {theirs}): escalations "
                                  "and on-call notices would ping nobody here; add them to "
                                  "this workspace, or name someone who is in it"))
        elif info.get("error") == "user_not_found":
            out.append((path, f"Slack has no member {user} in this workspace (an ID copied "
                              "from another workspace?): escalations and on-call notices would "
                              "ping nobody; copy the member ID here (profile -> ⋮ -> Copy "
                              "member ID)"))
        else:
            error = str(info.get("error"))
            if error == "missing_scope" and "users:read" in scopes_told:
                break  # the scopes line names users:read, and check does not pass
            after = _checked(done, len(asked), "people's member IDs in this Slack workspace")
            if error == "ratelimited":
                out.append((path, f"{after}: Slack rate limited users.info"
                                  f"{_limited(info.get('retry_after'), user, len(asked) - done)}"))
            else:
                fix = (" (add users:read under OAuth & Permissions and reinstall the app)"
                       if error == "missing_scope" else "")
                out.append((path, f"{after}: users.info failed ({quoted_cut(error, 60)})"
                                  f"{fix}, so {_rest(user, len(asked) - done - 1)} not looked "
                                  "up; run socialops check --online again"))
            break
    return out


async def _other_workspaces(http: httpx.AsyncClient, ws: SlackWorkspaceConfig,
                            member: dict[str, Any], team: list[str | None]
                            ) -> tuple[str, str] | None:
    """(this workspace's team id, theirs) for an Enterprise Grid member who is in none of this
    workspace's: None when they are in it, for a user object of no organisation, and for an
    org-wide install (whose token is the organisation's, not one workspace's)."""
    grid = member.get("enterprise_user")
    teams = grid.get("teams") if isinstance(grid, dict) else None
    if not isinstance(teams, list) or not all(isinstance(t, str) for t in teams):
        return None
    if not team:
        auth = await _slack_call(http, ws, "auth.test")
        own = auth.get("team_id")
        team.append(own if auth.get("ok") and isinstance(own, str) and own
                    and auth.get("is_enterprise_install") is not True else None)
    if team[0] is None or team[0] in teams:
        return None
    # team ids as Slack writes them (T0123ABCD): anything else an answer holds is not said
    theirs = [t for t in teams if _TEAM_ID.fullmatch(t)][:5]
    return team[0], ", ".join(theirs) or "no workspace"


_TEAM_ID = re.compile(r"[TE][A-Z0-9]{2,20}")
PEOPLE_WAIT = 10.0  # seconds of check's time that Retry-After waits may take, all workspaces'
PERSON_WAITS = 3  # waits for one lookup: a limit still there after them is said, not waited


class _Budget:
    """The time check's Retry-After waits may take, shared by every workspace's lookups: a
    wait is waited out only when it ends within ``PEOPLE_WAIT`` seconds of the first wait's
    start. The workspaces are checked at once, so their waits overlap and check takes at most
    about that long more however many workspaces and servers a config names (one after
    another, each workspace's 10 s added up)."""

    def __init__(self) -> None:
        self.deadline: float | None = None

    def allows(self, seconds: float) -> bool:
        now = asyncio.get_running_loop().time()
        if self.deadline is None:
            self.deadline = now + PEOPLE_WAIT
        return now + seconds <= self.deadline


class _Waits:
    """The Retry-After waits of one workspace's people lookups: each waited out while it ends
    within check's shared ``_Budget`` (a large team under Tier 4's ~100 a minute is checked
    whole) and ``PERSON_WAITS`` for one lookup (a Retry-After of 0 costs nothing of the
    seconds: without it a limit that does not lift was asked again without end), and a longer
    one said instead of waited."""

    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        self.times = 0

    def next_person(self) -> None:
        """Another lookup is asked: its own ``PERSON_WAITS``."""
        self.times = 0

    async def waited(self, retry_after: object) -> bool:
        seconds = _retry_seconds(retry_after)
        if seconds is None or self.times >= PERSON_WAITS or not self.budget.allows(seconds):
            return False
        self.times += 1
        await asyncio.sleep(seconds)
        return True


def _retry_seconds(value: object) -> float | None:
    try:
        seconds = float(str(value))
    except ValueError:
        return None
    return seconds if 0 <= seconds < 86_400 else None


def _limited(retry_after: object, user: str, left: int) -> str:
    """What follows a rate limit's line: its wait, who was not asked, when to ask again."""
    seconds = _retry_seconds(retry_after)
    wait = f"{max(1, ceil(seconds))} s" if seconds is not None else "a minute"
    said = f"Retry-After {ceil(seconds)} s" if seconds is not None else "no Retry-After"
    return (f" ({said}), so {_rest(user, left - 1)} not looked up; run socialops check "
            f"--online again in {wait}")


def _checked(done: int, total: int, what: str) -> str:
    return f"checked {done} of {total} {what}"


def _rest(user: str, after: int) -> str:
    return f"{user} and the {after} after were" if after else f"{user} was"


async def _discord_token(http: httpx.AsyncClient, ws: DiscordWorkspaceConfig,
                         index: int) -> list[TokenProblem]:
    try:
        me = await http.get(f"{ws.api_url.rstrip('/')}/users/@me",
                            headers={"Authorization": f"Bot {ws.token}"})
    except httpx.HTTPError as exc:
        return [TokenProblem(("workspaces", index, "api_url"),
                             f"cannot reach {ws.api_url} ({type(exc).__name__}){UNREACHABLE}",
                             False)]
    if me.status_code == 401:
        return [TokenProblem(("workspaces", index, "token"), "Discord refused the bot token "
                             "(401); copy it again from the Developer Portal (Bot -> Reset "
                             "Token)", True)]
    # 404, or a web page: the address is no Discord API (the web site, a path left out)
    kind = me.headers.get("Content-Type", "").split(";")[0].strip().lower()[:40]
    kind = kind if kind.isprintable() else "an unreadable content type"
    if me.status_code == 404 or (me.status_code == 200 and kind != "application/json"):
        answered = "404" if me.status_code == 404 else f"200 with {kind or 'no content type'}"
        return [TokenProblem(("workspaces", index, "api_url"), (
            f"GET {ws.api_url.rstrip('/')}/users/@me answered {answered}, not as Discord's "
            "API does; check api_url (Discord's is https://discord.com/api/v10)"), False)]
    if me.status_code != 200:
        return [TokenProblem(("workspaces", index, "token"),
                             f"GET /users/@me answered {me.status_code}", False)]
    return []


async def _discord(http: httpx.AsyncClient, ws: DiscordWorkspaceConfig,
                   channels: Iterable[tuple[str, str]], *,
                   seen: set[str] | None = None) -> list[tuple[YamlPath, str]]:
    """``seen``: gains the server (guild) id of each channel read."""
    base = ws.api_url.rstrip("/")
    headers = {"Authorization": f"Bot {ws.token}"}
    out: list[tuple[YamlPath, str]] = []
    servers = _Servers(http, base, headers)
    for name, channel_id in channels:
        path: YamlPath = ("channels", name, "id")
        try:
            answer = await http.get(f"{base}/channels/{channel_id}", headers=headers)
        except httpx.HTTPError as exc:
            out.append((path, f"cannot reach Discord ({type(exc).__name__})"))
            continue
        channel = _channel_object(answer) if answer.status_code == 200 else None
        if seen is not None and channel is not None and str(
                channel.get("guild_id") or "").isdigit():
            seen.add(str(channel["guild_id"]))
        if answer.status_code == 404:
            out.append((path, f"Discord has no channel {channel_id} (deleted, or a wrong id): "
                              "copy the channel's id in Discord (Developer Mode -> right-click "
                              "the channel -> Copy Channel ID)"))
        elif answer.status_code == 403:
            out.append((path, f"the bot cannot see channel {channel_id}: add it to that server "
                              "(socialops discord invite) and let its role view the channel"))
        elif answer.status_code != 200:
            out.append((path, f"GET /channels/{channel_id} answered {answer.status_code}"))
        elif (kind := _no_messages(channel)) is not None:
            out.append((path, f"channel {channel_id} is a {kind} channel, which takes no "
                              "messages of its own: name a text channel (or a thread) for "
                              "cards"))
        elif (elsewhere := _other_server(channel, ws.guild_id)) is not None:
            out.append((path, f"channel {channel_id} is in another Discord server "
                              f"({elsewhere}) than this workspace's guild_id {ws.guild_id}; "
                              "the bot answers only in that server, so nothing on its cards "
                              "could be clicked: use one of its channels, or change guild_id"))
        elif lacks := await servers.lacking(channel):
            missing, parent = lacks
            them = "them" if len(missing) > 1 else "it"
            names = ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 \
                else missing[0]
            where = (f"thread {channel_id} (a thread has the permissions of its channel "
                     f"{parent})") if parent else f"channel {channel_id}"
            out.append((path, f"the bot lacks {names} in {where}: give {them} to "
                              "the bot's role there (Server Settings -> Roles, or the channel's "
                              "Permissions)"))
        elif (parent := await servers.outside(channel, channel_id)) is not None:
            out.append((path, f"the bot is not a member of private thread {channel_id}, where "
                              "only members post: add it to the thread (mention it there), or "
                              f"give its role Manage Threads in channel {parent}"))
    return out


async def _discord_people(http: httpx.AsyncClient, ws: DiscordWorkspaceConfig,
                          servers: list[str], people: Iterable[tuple[int, str]], *,
                          budget: _Budget | None = None,
                          approvers: Collection[int] = ()) -> list[tuple[YamlPath, str]]:
    """Each person's Discord user id (``people[n].identities.<workspace>``) looked up in the
    servers of the workspace's channels (Get Guild Member, which needs no privileged intent:
    the Server Members intent is for member events and List Guild Members): one that is a
    member of none of them is pinged by escalation steps and on-call notices, and notifies
    nobody; one of ``approvers`` (the indices of the people an approval step names) could
    approve nothing either: the approvals channel's cards, buttons and reactions are that
    server's, which they cannot see. One that is an app's bot (``user.bot``: an ID copied from
    the wrong account) acts on nothing: socialops ignores bots' reactions, and a bot clicks no
    button. A short Retry-After is waited out; any other answer than
    a member or 404 Unknown Member (a longer rate limit, 403 Missing Access where the bot is
    not in the server, an outage) ends the lookups with one line saying how many were checked
    and what to do."""
    base = ws.api_url.rstrip("/")
    headers = {"Authorization": f"Bot {ws.token}"}
    out: list[tuple[YamlPath, str]] = []
    asked = list(people) if servers else []
    waits = _Waits(budget or _Budget())
    for done, (index, user) in enumerate(asked):
        path: YamlPath = ("people", index, "identities", ws.name)
        found, stopped, bot = False, None, False
        for server in servers:
            route = f"{base}/guilds/{server}/members/{quote(user, safe='')}"
            try:
                answer = await http.get(route, headers=headers)
                waits.next_person()
                while answer.status_code == 429 and await waits.waited(_discord_wait(answer)):
                    answer = await http.get(route, headers=headers)
            except httpx.HTTPError as exc:
                stopped = f"cannot reach Discord ({type(exc).__name__})"
                break
            if answer.status_code == 200:
                found, bot = True, _a_bot(answer)
                break
            if answer.status_code == 404 and _code(answer) in (10007, 10013):
                continue
            stopped = _discord_stop(answer, server, user, len(asked) - done)
            break
        if stopped is not None:
            after = _checked(done, len(asked), "people's user IDs in this Discord workspace")
            out.append((path, f"{after}: {stopped}"))
            break
        if bot:
            also = ", and as an approver they could approve no draft" if index in approvers \
                else ""
            out.append((path, (
                f"Discord user {user} is a bot (an app's account), not a person: socialops "
                "ignores its reactions and it clicks no button, so nothing of this person's "
                f"would act from Discord{also}; copy the person's own user ID (Developer Mode "
                "-> right-click the user -> Copy User ID)")))
        if not found:
            also = (", and as an approver they could approve no draft (its card, buttons and "
                    "reactions are in that server)") if index in approvers else ""
            out.append((path, (
                f"Discord user {user} is no member of the server ({', '.join(servers)}) this "
                "workspace's channels are in: escalations and on-call notices would ping "
                f"nobody{also}; invite them, or copy their user ID there (Developer Mode -> "
                "right-click the user -> Copy User ID)")))
    return out


def _a_bot(answer: httpx.Response) -> bool:
    """Whether Get Guild Member's member is an app's bot (its ``user.bot``: resources/user),
    whose reactions socialops ignores (integrations.discord.bot.by_a_bot)."""
    try:
        body = answer.json()
    except ValueError:
        return False
    user = body.get("user") if isinstance(body, dict) else None
    return isinstance(user, dict) and user.get("bot") is True


def _discord_wait(answer: httpx.Response) -> object:
    """A 429's wait: the body's ``retry_after`` (seconds, a float), else the header's."""
    try:
        body = answer.json()
    except ValueError:
        body = None
    wait = body.get("retry_after") if isinstance(body, dict) else None
    return wait if wait is not None else answer.headers.get("Retry-After")


def _discord_stop(answer: httpx.Response, server: str, user: str, left: int) -> str:
    """Why the lookups stop at ``user``, with what to do: a rate limit, no access, else the
    status Discord answered."""
    rest = f"so {_rest(user, left - 1)} not looked up"
    if answer.status_code == 429:
        return "Discord rate limited Get Guild Member" + _limited(_discord_wait(answer), user,
                                                                   left)
    if answer.status_code == 403:
        return (f"Get Guild Member in server {server} answered 403 Missing Access, {rest}: "
                "the bot is not in that server; add it (socialops discord invite), which needs "
                "no privileged intent, and run socialops check --online again")
    code = _code(answer)
    said = f" (code {code})" if isinstance(code, int) else ""
    return (f"Get Guild Member in server {server} answered {answer.status_code}{said}, {rest}; "
            "run socialops check --online again")


def _code(answer: httpx.Response) -> object:
    """Discord's JSON error code (``{"code": 10007, ...}``), or None."""
    try:
        body = answer.json()
    except ValueError:
        return None
    return body.get("code") if isinstance(body, dict) else None


class _Servers:
    """The bot's user id, each server's roles and the bot's roles there, and each thread's
    channel, read once per check (``GET /users/@me``, ``/guilds/{id}``,
    ``/guilds/{id}/members/{bot}``, ``/channels/{parent_id}``), to work out what it may do in
    a channel. Anything it cannot read names nothing: the channel's cards
    then say it (403 code 50013, with the permissions a request needs)."""

    def __init__(self, http: httpx.AsyncClient, base: str, headers: dict[str, str]) -> None:
        self.http, self.base, self.headers = http, base, headers
        self._me: str | None = None
        self._servers: dict[str, tuple[dict[str, Any], list[str]] | None] = {}
        self._parents: dict[str, Any] = {}  # a thread's channel, by id

    async def _json(self, path: str) -> Any:
        try:
            answer = await self.http.get(f"{self.base}{path}", headers=self.headers)
            return answer.json() if answer.status_code == 200 else None
        except (httpx.HTTPError, ValueError):
            return None

    async def _server(self, guild_id: str) -> tuple[dict[str, Any], list[str]] | None:
        if guild_id not in self._servers:
            if self._me is None:
                me = await self._json("/users/@me")
                self._me = str(me.get("id")) if isinstance(me, dict) else ""
            guild = await self._json(f"/guilds/{guild_id}")
            member = await self._json(f"/guilds/{guild_id}/members/{self._me}") \
                if self._me else None
            roles = member.get("roles") if isinstance(member, dict) else None
            self._servers[guild_id] = ((guild, [str(r) for r in roles])
                                       if isinstance(guild, dict) and isinstance(roles, list)
                                       else None)
        return self._servers[guild_id]

    async def _permissions(self, channel: dict[str, Any]) -> tuple[int, str | None] | None:
        """The bot's permissions in this channel (its channel object), for a thread its
        parent's (read with ``GET /channels/{parent_id}``), and that parent; None when
        anything is unreadable."""
        parent: str | None = None
        if channel.get("type") in THREAD_TYPES:
            parent = str(channel.get("parent_id") or "")
            if not (parent.isascii() and parent.isdigit()):
                return None
            if parent not in self._parents:  # ``lacking`` and ``outside`` both ask
                self._parents[parent] = await self._json(f"/channels/{parent}")
            found = self._parents[parent]
            if not isinstance(found, dict):
                return None
            channel = found
        guild_id = str(channel.get("guild_id") or "")
        server = await self._server(guild_id) if guild_id.isascii() and guild_id.isdigit() \
            else None
        if server is None or not self._me:
            return None
        guild, roles = server
        return permissions(channel=channel, guild=guild, member_roles=roles,
                           user_id=self._me), parent

    async def lacking(self, channel: dict[str, Any] | None
                      ) -> tuple[list[str], str | None] | None:
        """What a card needs in this channel (its channel object) that the bot may not do
        there, and for a thread the parent channel whose permissions it has; None when it
        lacks nothing or anything is unreadable."""
        if channel is None or (found := await self._permissions(channel)) is None:
            return None
        perms, parent = found
        metadata = channel.get("thread_metadata")
        locked = parent is not None and isinstance(metadata, dict) and metadata.get(
            "locked") is True
        missing = lacking(perms, thread=parent is not None, locked=locked)
        return (missing, parent) if missing else None

    async def outside(self, channel: dict[str, Any] | None, channel_id: str) -> str | None:
        """For a private thread the bot is not a member of (``GET /channels/{id}/thread-
        members/{bot}`` answers 404) and may not manage threads in: its parent channel, where
        Manage Threads would do instead. A private thread takes messages only from those
        (resources/channel). None otherwise, and when anything is unreadable."""
        if channel is None or channel.get("type") != PRIVATE_THREAD:
            return None
        found = await self._permissions(channel)
        if found is None or found[1] is None or found[0] & MANAGE_THREADS:
            return None
        try:
            answer = await self.http.get(
                f"{self.base}/channels/{channel_id}/thread-members/{self._me}",
                headers=self.headers)
        except httpx.HTTPError:
            return None
        return found[1] if answer.status_code == 404 else None


PRIVATE_THREAD = 12
# channel types (Channel Object, resources/channel) that take no messages: cards would be
# refused (400, code 50008) every time
NO_MESSAGES = {4: "category", 14: "directory", 15: "forum", 16: "media"}


def _channel_object(answer: httpx.Response) -> dict[str, Any] | None:
    """The channel object of an answer to ``GET /channels/{id}``, read once for every check of
    it; None when it is not one."""
    try:
        channel = answer.json()
    except ValueError:
        return None
    return channel if isinstance(channel, dict) else None


def _no_messages(channel: dict[str, Any] | None) -> str | None:
    """The kind of channel a channel object is when it takes no messages; None otherwise."""
    kind = channel.get("type") if channel is not None else None
    return NO_MESSAGES.get(kind) if isinstance(kind, int) else None


def _other_server(channel: dict[str, Any] | None, guild_id: str | None) -> str | None:
    """The server a channel object (``GET /channels/{id}``) says it is in, when that is not
    the workspace's ``guild_id``; None when it is, or either is unknown."""
    if not guild_id or channel is None:
        return None
    guild = channel.get("guild_id")
    if guild is None or str(guild) == guild_id:
        return None
    return str(guild)[:40]
