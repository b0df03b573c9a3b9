"""An interaction's answer, sent on its webhook after the deferred "thinking…": the same over
the gateway (``integrations.discord.bot``) and over HTTP
(``integrations.discord.http_interactions``).

``POST {api_url}/webhooks/{application_id}/{token}`` needs no bot token, and the token takes
follow-ups for 15 minutes (interactions/receiving-and-responding). A 429 is waited out when
its ``retry_after`` is at most ``FOLLOW_UP_WAIT_MOST``; a longer one (the bot's global limit,
which every route meets: the real one asks 64.57 s) is one WARNING line and not tried again.
discord.py's webhook adapter, which sent the gateway's answers before 2026-12-07, slept out any
429 it met, five times over, past the token's life. A 5xx or a request lost on the way is sent
again after 2, 4, 8 and 16 s; any other refusal (an expired token: 401 code 50027, 404 code
10015) is one line at once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

# a follow-up refused by a 429 or a 5xx, or lost to the network, is sent again this many times
# in all, each wait at most this many seconds (the interaction's token lasts 15 minutes)
FOLLOW_UP_TRIES = 5
FOLLOW_UP_WAIT_MOST = 60.0
# a call lost on the way: a connection reset or dropped, a timeout
LOST = (aiohttp.ClientError, OSError, TimeoutError)


async def follow_up(session: aiohttp.ClientSession, url: str, body: dict[str, Any], *,
                    sleep: Callable[[float], Awaitable[None]], what: str) -> None:
    """``body`` to the webhook ``url``; ``what`` names it in the log (``follow-up for
    interaction 123``)."""
    for attempt in range(1, FOLLOW_UP_TRIES + 1):
        wait: float | None = None
        limited = ""  # a 429's: how long, and whether every route of the bot meets it
        try:
            async with session.post(url, json=body) as resp:
                if resp.status < 300:
                    return
                said = (await resp.text())[:300]
                if resp.status == 429:  # the body's retry_after, in seconds (PLATFORMS.md)
                    wait = retry_after(said, resp.headers.get("Retry-After"))
                    limited = f"{wait:.0f} s" + (" (the bot's global limit)"
                                                 if _global(said) else "")
                elif resp.status >= 500:
                    wait = float(2 ** attempt)
                why = f"HTTP {resp.status} {' '.join(said.split())}"
        except LOST as exc:
            wait, why = float(2 ** attempt), str(exc) or type(exc).__name__
        if limited and wait is not None and wait > FOLLOW_UP_WAIT_MOST:
            log.warning("discord: %s not sent: Discord rate limited it for %s, longer than "
                        "socialops waits (%.0f s); what it answers was done, and the person "
                        "saw no answer", what, limited, FOLLOW_UP_WAIT_MOST)
            return
        if wait is None or attempt == FOLLOW_UP_TRIES:
            log.warning("discord: %s %s: %s", what, "refused" if wait is None else
                        f"failed after {attempt} tr{'y' if attempt == 1 else 'ies'}", why)
            return
        # a 429 or an outage of a few seconds is waited out, and the person's "thinking…"
        # gets its answer
        await sleep(wait)


def retry_after(body: str, header: str | None) -> float:
    """Seconds a 429 asks to wait: its JSON body's ``retry_after`` (Discord's), else the
    ``Retry-After`` header, else one second."""
    for read in (lambda: json.loads(body).get("retry_after"), lambda: header):
        try:
            value = float(read())  # type: ignore[arg-type]
        except (TypeError, ValueError, AttributeError):
            continue
        if value >= 0:
            return value
    return 1.0


def _global(body: str) -> bool:
    """Whether a 429's body says the limit is the bot's global one (``"global": true``)."""
    try:
        said = json.loads(body)
    except ValueError:
        return False
    return isinstance(said, dict) and said.get("global") is True
