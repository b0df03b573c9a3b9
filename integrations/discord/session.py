"""Logging a discord.py client in, once, without leaking what a failed attempt opened; and
discord.py's log lines a bot that never uses voice should not print.

``client.login`` opens a new aiohttp session each time it is called and keeps it when the login
fails: the next attempt (the outbox's next card, the gateway's next retry) opened another, and
each one lost was an ``Unclosed client session`` error at exit. ``log_in`` logs a client in at
most once at a time (the outbound workspace and the gateway share the bot's client), closes the
session of a failed attempt, and raises our errors: ``PermanentDeliveryError`` for a refused
token, ``DeliveryError`` when Discord cannot be reached.

``quiet_logs`` filters the ``discord.client`` logger: the "PyNaCl/davey is not installed, voice
will NOT be supported" warnings are dropped (socialops never joins a voice channel), and the
traceback discord.py logs before each gateway reconnect becomes one WARNING line (the reconnect
itself, with discord.py's backoff, is unchanged). It filters ``discord.webhook.async_`` too:
its "Retrying in %.2f seconds" line of a 429 whose ``retry_after`` is no number (a hostile or
broken one) could not be formatted, and logging printed its own traceback for it.
"""

from __future__ import annotations

import asyncio
import logging
import weakref

import discord
from discord.utils import MISSING

from bot.core.errors import DeliveryError
from integrations.discord.endpoints import translated

_LOCKS: weakref.WeakKeyDictionary[discord.Client, asyncio.Lock] = weakref.WeakKeyDictionary()


async def log_in(client: discord.Client, token: str) -> None:
    """Log ``client`` in unless it is; one attempt."""
    lock = _LOCKS.setdefault(client, asyncio.Lock())
    async with lock:
        if client.http.token is not None and client.user is not None:
            return
        try:
            with translated("login"):
                await client.login(token)
        except DeliveryError:
            await _forget(client)
            raise


async def _forget(client: discord.Client) -> None:
    """Close the HTTP session a failed login opened, so the next attempt starts clean."""
    http = client.http
    http.token = None
    await http.close()
    # closing the session closed its connector too: let the next login make a new one
    http.connector = MISSING
    http.clear()


class _QuietClientLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "voice will NOT be supported" in message:
            return False
        if message.startswith("Attempting a reconnect") and record.exc_info:
            exc = record.exc_info[1]
            record.msg = f"discord gateway: {message} ({type(exc).__name__}: {exc})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class _WebhookLog(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.getMessage()
        except (TypeError, ValueError):  # "%.2f" of a retry_after that is no number
            said = f"{record.msg} {record.args!r}"[:300]
            record.msg, record.args = "%s", (said,)
        return True


_FILTER = _QuietClientLog()
_WEBHOOK_FILTER = _WebhookLog()


def quiet_logs() -> None:
    """Install the filter (once; before a client is built, which is when voice is warned of)."""
    logger = logging.getLogger("discord.client")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    webhooks = logging.getLogger("discord.webhook.async_")
    if _WEBHOOK_FILTER not in webhooks.filters:
        webhooks.addFilter(_WEBHOOK_FILTER)
