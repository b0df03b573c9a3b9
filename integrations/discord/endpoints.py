"""Where discord.py sends its requests, and how its errors become ours.

discord.py has no constructor option for its endpoints: REST (including interaction callbacks
and webhook follow-ups) goes to the class attribute ``discord.http.Route.BASE`` and the gateway to
``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``. Setting them is therefore **process-wide**:
every Discord workspace in one process must use the same API base. These are internal names, so
discord.py is pinned to a minor version and ``check_endpoint_attributes`` (run by the tests and at
start-up) fails loudly if an upgrade moves them.

Error mapping (only our own exceptions leave integrations/):
    discord.RateLimited (discord.py gave up waiting)      -> RateLimited(retry_after)
    401 Unauthorized, a refused login                     -> WorkspaceRefused (the token)
    403 Forbidden, 404 NotFound, codes 50035 and 50008    -> PermanentDeliveryError
      (403 code 50013, Missing Permissions, does not say which one: the caller names the
      permissions its request needs and the channel, and the error says them)
    codes 50083 and 160002 (a thread archived and locked;  -> PermanentDeliveryError
      a reply without Read Message History, named)
    any other HTTP error, server error, network failure   -> DeliveryError
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
import discord
import discord.gateway
import discord.http
import yarl

from bot.core.errors import DeliveryError, PermanentDeliveryError, RateLimited, WorkspaceRefused

log = logging.getLogger(__name__)

INVALID_FORM_BODY = 50035
MISSING_PERMISSIONS = 50013
NOT_TEXT = 50008  # "Cannot send messages in a non-text channel": a forum, a category
# "Thread is archived": what reaches here is a thread no message reopens (locked), or an edit
# refused again after reopening it (integrations.discord.workspace)
ARCHIVED = 50083
# "Cannot reply without permission to read message history": a 400, not 403 50013
NO_REPLY = 160002
PERMANENT_STATUSES = frozenset({401, 403, 404})
UNAUTHORIZED = 401  # a bad token (https://discord.com/developers/docs/topics/opcodes-and-status-codes#http)
# what a discord.py call may raise, each of which ``translate`` turns into ours
FAILURES = (discord.DiscordException, aiohttp.ClientError, OSError, TimeoutError)


def check_endpoint_attributes() -> None:
    """Raise if discord.py no longer reads its endpoints from the attributes we set."""
    moved = RuntimeError("discord.http.Route.BASE moved: the Discord API base cannot be set")
    base = getattr(discord.http.Route, "BASE", None)
    if not isinstance(base, str):
        raise moved
    if not discord.http.Route("GET", "/users/@me").url.startswith(base):
        raise moved
    if not isinstance(getattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", None), yarl.URL):
        raise RuntimeError("DiscordWebSocket.DEFAULT_GATEWAY moved: the gateway cannot be set")


def set_api_base(url: str) -> None:
    """Point every discord.py REST call in this process at ``url`` (e.g. ``.../api/v10``)."""
    check_endpoint_attributes()
    base = url.rstrip("/")
    if base != discord.http.Route.BASE:
        log.info("discord API base set to %s (process-wide)", base)
        discord.http.Route.BASE = base


def set_gateway(url: str) -> None:
    """Point the gateway connection at ``url`` (process-wide; the config's ``gateway_url``,
    Discord's own by default)."""
    check_endpoint_attributes()
    gateway = yarl.URL(url)
    if gateway != discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY:
        log.info("discord gateway set to %s (process-wide)", url)
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = gateway


def translate(exc: BaseException, *, what: str,
              needs: tuple[tuple[str, ...], str] | None = None) -> Exception:
    """Our exception for a discord.py / aiohttp failure while doing ``what``. ``needs``: the
    permissions the request needs and the channel, said when Discord answers that one is
    missing."""
    if isinstance(exc, discord.RateLimited):
        # discord.py waits a 429 out itself up to 30 s and raises this only past that: a wait
        # that long is the bot's global limit ("global": true, error_429_global_rate_limit.json
        # asks 64.57 s) or its IP's, which every route meets, and the exception does not say
        # which; the whole workspace waits it out (each card more sent meanwhile is another
        # 429 of the 10,000 in 10 minutes that ban the IP: PLATFORMS.md)
        return RateLimited(f"discord: {what}: rate limited", retry_after=exc.retry_after,
                           whole_workspace=True)
    if isinstance(exc, discord.LoginFailure):
        return WorkspaceRefused(f"discord: {what}: token refused ({exc})")
    if isinstance(exc, discord.HTTPException):
        detail = f"discord: {what}: HTTP {exc.status} code {exc.code}: {exc.text[:300]}"
        if exc.code == MISSING_PERMISSIONS and needs is not None:
            detail += _needed(*needs)
        if exc.code == NO_REPLY and needs is not None:
            detail += _needed(("Read Message History",), needs[1])
        if exc.status == UNAUTHORIZED:  # the token itself, whatever the call
            return WorkspaceRefused(detail)
        if exc.status in PERMANENT_STATUSES or exc.code in (INVALID_FORM_BODY, NOT_TEXT,
                                                            ARCHIVED, NO_REPLY):
            return PermanentDeliveryError(detail)
        return DeliveryError(detail)
    if isinstance(exc, FAILURES):
        return DeliveryError(f"discord: {what}: {type(exc).__name__}: {exc}")
    raise TypeError(f"not a Discord failure: {exc!r}") from exc


def _needed(permissions: tuple[str, ...], channel: str) -> str:
    names = " and ".join(permissions)
    them = "them" if len(permissions) > 1 else "it"
    return (f": the bot needs {names} in channel {channel} (give {them} to its role in the "
            "channel's Permissions)")


@contextmanager
def translated(what: str, *,
               needs: tuple[tuple[str, ...], str] | None = None) -> Iterator[None]:
    try:
        yield
    except FAILURES as exc:
        raise translate(exc, what=what, needs=needs) from exc
