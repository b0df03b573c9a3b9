"""The Slack Web API client and the one place its errors become socialops errors.

    slack_sdk error                                   socialops error
    HTTP 429 or ``ratelimited``                       RateLimited(retry_after=Retry-After)
    invalid_auth, token_revoked, account_inactive,    WorkspaceRefused (the token: the outbox
    ...                                               holds the workspace's cards until it works)
    channel_not_found, not_in_channel,                PermanentDeliveryError (a retry cannot help)
    message_not_found, invalid_blocks, ...
    any other error envelope, HTTP 5xx, timeouts,     DeliveryError (the outbox retries later)
    connection errors

The client is built with **no retry handlers**: slack_sdk's rate-limit handler would sleep inside
the call, hiding the 429 from the outbox, which owns retries and per-channel pacing.
"""

from __future__ import annotations

import asyncio
import logging
import math
import re
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.core.config import SlackWorkspaceConfig
from bot.core.errors import DeliveryError, PermanentDeliveryError, RateLimited, WorkspaceRefused

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 15  # seconds per call; the outbox retries
DEFAULT_RETRY_AFTER = 1.0
MAX_RETRY_AFTER = 3600.0  # past it (or not a finite number) a Retry-After says no usable wait

PERMANENT_ERRORS = frozenset(
    {
        "account_inactive",
        "cant_update_message",
        "channel_is_archived",
        "channel_not_found",
        "edit_window_closed",
        "ekm_access_denied",
        "invalid_arguments",
        "invalid_auth",
        "invalid_blocks",
        "invalid_blocks_format",
        "invalid_metadata_format",
        "invalid_metadata_schema",
        "is_archived",
        "message_not_found",
        "metadata_too_large",
        "missing_scope",
        "msg_blocks_too_long",
        "msg_too_long",
        "no_permission",
        "no_text",
        "not_allowed_token_type",
        "not_authed",
        "not_in_channel",
        "restricted_action",
        "team_access_not_granted",
        "token_expired",
        "token_revoked",
        "too_many_attachments",
        "user_not_in_channel",
    }
)


# the errors that refuse the token itself, whatever the call: every call of the workspace fails
# alike until someone fixes the token (https://api.slack.com/methods/chat.postMessage, Errors)
REFUSED_TOKEN = frozenset({"account_inactive", "invalid_auth", "not_authed",
                           "not_allowed_token_type", "team_access_not_granted", "token_expired",
                           "token_revoked"})


def make_client(
    config: SlackWorkspaceConfig, *, timeout: int = DEFAULT_TIMEOUT
) -> AsyncWebClient:
    base = config.api_url if config.api_url.endswith("/") else config.api_url + "/"
    return AsyncWebClient(
        token=config.bot_token, base_url=base, timeout=timeout, retry_handlers=[]
    )


def _retry_after(headers: Any) -> float:
    raw = None
    if headers is not None:
        try:
            raw = headers.get("Retry-After") or headers.get("retry-after")
        except AttributeError:
            raw = None
    try:
        value = float(raw) if raw is not None else DEFAULT_RETRY_AFTER
    except ValueError:
        value = DEFAULT_RETRY_AFTER
    if math.isnan(value):  # 'nan': says nothing
        value = DEFAULT_RETRY_AFTER
    # 'inf', '1e12': a date past year 9999, which a caller adding it to now cannot write
    return min(max(0.0, value), MAX_RETRY_AFTER)


def translate(method: str, exc: BaseException) -> DeliveryError:
    """A socialops error for a failed Slack call (the caller raises it ``from exc``)."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        status = getattr(response, "status_code", None) or getattr(response, "status", None)
        error = _error_code(exc)
        headers = getattr(response, "headers", None)
        if status == 429 or error == "ratelimited":
            return RateLimited(
                f"slack {method}: rate limited", retry_after=_retry_after(headers)
            )
        if error in REFUSED_TOKEN:
            return WorkspaceRefused(f"slack {method}: {error}")
        if error in PERMANENT_ERRORS:
            return PermanentDeliveryError(f"slack {method}: {error}{_fix(error, response)}")
        return DeliveryError(f"slack {method}: {error or f'HTTP {status}'}")
    if isinstance(exc, asyncio.TimeoutError | TimeoutError):
        return DeliveryError(f"slack {method}: timed out")
    return DeliveryError(f"slack {method}: {type(exc).__name__}: {str(exc)[:QUOTED]}")


# Slack's answer to a missing scope names the scope needed (``needed``, comma-separated)
_SCOPE = re.compile(r"[a-z][a-z.:_-]{0,59}")


def _fix(error: str, response: object) -> str:
    """What to do about the permanent errors an operator fixes in Slack's settings, for the
    dead delivery that shows it (``socialops outbox list --dead``)."""
    if error in ("is_archived", "channel_is_archived"):
        # a retry goes to the channel the card was for: another one named in the config
        # takes the cards after it; archiving takes apps out of the channel
        return (" (the channel is archived: unarchive it, /invite @socialops there again if "
                "archiving took the bot out, then retry; another channel named in "
                "socialops.yaml, channels:, takes the next cards, not this one)")
    if error == "missing_scope":
        data = getattr(response, "data", None)
        needed = data.get("needed") if isinstance(data, dict) else None
        scopes = [s for s in str(needed or "").split(",")[:10] if _SCOPE.fullmatch(s)]
        named = f" {','.join(scopes)}" if scopes else ""
        # several: the scopes of each kind of channel the method reads (Slack names them all
        # for conversations.*); adding them all is right whichever one this channel wanted
        lacks = "these: add them" if len(scopes) > 1 else "it: add it"
        return (f"{named} (the app lacks {lacks} under OAuth & Permissions, or update the "
                "app from slack-manifest.yml, and reinstall the app)")
    if error in ("invalid_blocks", "invalid_blocks_format"):
        # Slack lists what it refused ("must be less than 3001 characters
        # [json-pointer:/blocks/3/text/text]"): the first two, each one line and bounded, so
        # the dead listing's 300 characters show them
        data = getattr(response, "data", None)
        errors = data.get("errors") if isinstance(data, dict) else None
        said = [" ".join(e.split())[:SAID] for e in (errors if isinstance(errors, list)
                                                     else [])[:2] if isinstance(e, str)]
        return f" ({'; '.join(s for s in said if s)})" if any(said) else ""
    return ""


SAID = 120  # characters of each of Slack's invalid_blocks complaints a dead delivery keeps


# How much of a server's own words an error quotes (the Discord and Mastodon clients bound
# theirs too): a broken server or a proxy answering with a megabyte was quoted whole, then
# redacted and logged whole, seconds of the event loop on every failed delivery. Room for an
# error that names a few addresses (the outbox keeps 2,000 characters)
QUOTED = 1_000


def _error_code(exc: BaseException) -> str:
    data = getattr(getattr(exc, "response", None), "data", None)
    return str(data.get("error", ""))[:QUOTED] if isinstance(data, dict) else ""


async def call(
    client: AsyncWebClient,
    method: str,
    *,
    accept: frozenset[str] = frozenset(),
    **kwargs: Any,
) -> dict[str, Any]:
    """Call a Web API method by its typed client function (``chat_postMessage`` for
    ``chat.postMessage``) and return the response data, or raise a socialops error. Error codes
    in ``accept`` count as success (``already_reacted``)."""
    fn = getattr(client, method.replace(".", "_"))
    try:
        response: AsyncSlackResponse = await fn(**kwargs)
    except SlackApiError as exc:
        code = _error_code(exc)
        if code and code in accept:
            return {"ok": True, "accepted": code}
        raise translate(method, exc) from exc
    except (SlackClientError, aiohttp.ClientError, TimeoutError, OSError, ValueError) as exc:
        raise translate(method, exc) from exc
    data = response.data
    return data if isinstance(data, dict) else {}


async def answer(client: AsyncWebClient, method: str, **kwargs: Any) -> AsyncSlackResponse:
    """``call``'s whole answer (its headers too: bolt reads ``auth.test``'s scopes there), or
    raise a socialops error."""
    fn = getattr(client, method.replace(".", "_"))
    try:
        response: AsyncSlackResponse = await fn(**kwargs)
    except (SlackApiError, SlackClientError, aiohttp.ClientError, TimeoutError, OSError,
            ValueError) as exc:
        raise translate(method, exc) from exc
    return response
