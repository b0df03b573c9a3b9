"""Login sessions of the accounts socialops reads and posts with, kept in the store: one session
an account, shared by its source and its publisher, by every process on the same store, and by
the next start.

Why: a network that makes sessions from a password limits how often it does. Bluesky's PDS
lets one identifier make 30 sessions in 5 minutes and 300 a day (``@atproto/pds``,
``createSession``'s ``rateLimit``; Bluesky's entryway allows 100 a day, bsky-docs issue 183),
and refreshing one is not limited that way. A bot that logged in at every start, once for its
source and once for its publisher, in every process, used them up in a crash loop or a day of
deploys, and the account could not log in until the next day.

What is kept: the network's own session answer (its tokens, the account's id), as JSON under
the cursor key ``_session:<network>:<digest>``. The digest is PBKDF2 of the server, the account
and its password: a changed password (an app password set where the account's own was) starts
a new session, and the store holds neither the password nor a hash quick to reverse. The
tokens are secrets at rest, as powerful as the app password until they expire or it is revoked
(docs/networks.md says so).

A store that cannot be read or written is logged and the session is made as before (one a
start): never a failed poll or publish for it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Mapping
from typing import Any

from bot.core.errors import StoreError
from bot.core.ports import SourceCursorStore

log = logging.getLogger(__name__)

PREFIX = "_session:"
ROUNDS = 100_000  # PBKDF2-SHA256, once a process and account (tens of ms, off the loop)


class SessionVault:
    """The kept sessions, over the store's cursors. One per app: its locks make the tasks of
    one process that need a session at once (a source and a publisher of one account) take
    turns, so that the second takes what the first made."""

    def __init__(self, store: SourceCursorStore) -> None:
        self.store = store
        self._locks: dict[str, asyncio.Lock] = {}

    @staticmethod
    async def key(network: str, *, server: str, account: str, password: str) -> str:
        def derive() -> str:
            salt = f"socialops {network} {server.rstrip('/')} {account.casefold()}".encode()
            return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ROUNDS).hex()[:32]

        return f"{PREFIX}{network}:{await asyncio.to_thread(derive)}"

    def lock(self, key: str) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())

    async def load(self, key: str, *, who: str) -> dict[str, Any] | None:
        """The session kept under ``key``, or None (none kept, or the store failed: said)."""
        try:
            raw = await self.store.get_cursor(key)
        except StoreError as exc:
            log.warning("%s: the kept session could not be read (%s); making a new one", who,
                        exc)
            return None
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            log.warning("%s: the kept session is not a session; making a new one", who)
            return None
        return data

    async def save(self, key: str, session: Mapping[str, Any], *, who: str) -> None:
        try:
            await self.store.set_cursor(key, json.dumps(dict(session), separators=(",", ":")))
        except StoreError as exc:
            log.warning("%s: the session could not be kept (%s); the next start makes another",
                        who, exc)
