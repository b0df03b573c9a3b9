"""``socialops check --online``: ask Slack and Discord whether the configured tokens work, the
channels exist and the bot can post in them, before a wrong token or a missing invitation shows
up as dead deliveries.

Slack: ``auth.test`` (the token), then ``conversations.info`` per channel (exists, visible,
``is_member``). Discord: ``GET /users/@me`` (the token), then ``GET /channels/{id}`` per channel
(exists and the bot can see it, which it can only as a member of the server). Read-only calls;
nothing is posted.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from bot.core.config import DiscordWorkspaceConfig, LoadedConfig, SlackWorkspaceConfig
from bot.core.errors import ConfigError

YamlPath = tuple[str | int, ...]


async def check_online(
    loaded: LoadedConfig, *, client: httpx.AsyncClient | None = None
) -> list[ConfigError]:
    """One ConfigError per problem found, pointing at the config line to fix."""
    own = client is None
    http = client or httpx.AsyncClient(timeout=httpx.Timeout(15.0))
    problems: list[tuple[YamlPath, str]] = []
    try:
        for i, ws in enumerate(loaded.config.workspaces):
            channels = [(name, ch.id) for name, ch in loaded.config.channels.items()
                        if ch.workspace == ws.name]
            if isinstance(ws, SlackWorkspaceConfig):
                problems += await _slack(http, ws, i, channels)
            elif isinstance(ws, DiscordWorkspaceConfig):
                problems += await _discord(http, ws, i, channels)
    finally:
        if own:
            await http.aclose()
    return [loaded.error(path, message) for path, message in problems]


async def _slack_call(http: httpx.AsyncClient, ws: SlackWorkspaceConfig, method: str,
                      **params: str) -> dict[str, object]:
    url = ws.api_url.rstrip("/") + "/" + method
    try:
        answer = await http.post(url, data=params,
                                 headers={"Authorization": f"Bearer {ws.bot_token}"})
    except httpx.HTTPError as exc:
        return {"ok": False, "error": f"cannot reach {ws.api_url} ({type(exc).__name__})"}
    try:
        body = answer.json()
    except ValueError:
        return {"ok": False, "error": f"HTTP {answer.status_code}, not a Slack answer"}
    return body if isinstance(body, dict) else {"ok": False, "error": "not a Slack answer"}


async def _slack(http: httpx.AsyncClient, ws: SlackWorkspaceConfig, index: int,
                 channels: Iterable[tuple[str, str]]) -> list[tuple[YamlPath, str]]:
    out: list[tuple[YamlPath, str]] = []
    auth = await _slack_call(http, ws, "auth.test")
    if not auth.get("ok"):
        error = str(auth.get("error"))
        why = ("Slack refused the token" if error in ("invalid_auth", "not_authed",
                                                       "account_inactive", "token_revoked")
               else "auth.test failed")
        return [(("workspaces", index, "bot_token"), f"{why} ({error}); copy the Bot User OAuth "
                 "Token (xoxb-...) from the app's Install App page")]
    for name, channel_id in channels:
        info = await _slack_call(http, ws, "conversations.info", channel=channel_id)
        path: YamlPath = ("channels", name, "id")
        if not info.get("ok"):
            error = str(info.get("error"))
            if error == "channel_not_found":
                out.append((path, f"Slack has no channel {channel_id} the bot can see (a wrong "
                                  "id, or a private channel it was not invited to: /invite "
                                  "@socialops there)"))
            elif error == "missing_scope":
                out.append((path, "the app lacks the scope to read channel info (reinstall it "
                                  "from slack-manifest.yml)"))
            else:
                out.append((path, f"conversations.info failed for {channel_id} ({error})"))
            continue
        channel = info.get("channel")
        if isinstance(channel, dict) and channel.get("is_member") is False:
            label = channel.get("name") or channel_id
            out.append((path, f"the bot is not a member of #{label} ({channel_id}); invite it "
                              "there with /invite @socialops"))
    return out


async def _discord(http: httpx.AsyncClient, ws: DiscordWorkspaceConfig, index: int,
                   channels: Iterable[tuple[str, str]]) -> list[tuple[YamlPath, str]]:
    base = ws.api_url.rstrip("/")
    headers = {"Authorization": f"Bot {ws.token}"}
    try:
        me = await http.get(f"{base}/users/@me", headers=headers)
    except httpx.HTTPError as exc:
        return [(("workspaces", index, "api_url"),
                 f"cannot reach {ws.api_url} ({type(exc).__name__})")]
    if me.status_code == 401:
        return [(("workspaces", index, "token"), "Discord refused the bot token (401); copy it "
                 "again from the Developer Portal (Bot -> Reset Token)")]
    if me.status_code != 200:
        return [(("workspaces", index, "token"), f"GET /users/@me answered {me.status_code}")]
    out: list[tuple[YamlPath, str]] = []
    for name, channel_id in channels:
        path: YamlPath = ("channels", name, "id")
        try:
            answer = await http.get(f"{base}/channels/{channel_id}", headers=headers)
        except httpx.HTTPError as exc:
            out.append((path, f"cannot reach Discord ({type(exc).__name__})"))
            continue
        if answer.status_code == 404:
            out.append((path, f"Discord has no channel {channel_id}"))
        elif answer.status_code == 403:
            out.append((path, f"the bot cannot see channel {channel_id}: add it to that server "
                              "(socialops discord invite) and let its role view the channel"))
        elif answer.status_code != 200:
            out.append((path, f"GET /channels/{channel_id} answered {answer.status_code}"))
    return out
