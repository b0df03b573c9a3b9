"""Login sessions of the accounts socialops reads and posts with, kept in the store: one session
an account, shared by its source and its publisher, by every process on the same store, and by
the next start.

Why: a network that makes sessions from a password limits how often it does. Bluesky's PDS
lets one identifier make 30 sessions in 5 minutes and 300 a day (``@atproto/pds``,
``createSession``'s ``rateLimit``; Bluesky's entryway allows 100 a day, bsky-docs issue 183),
and refreshing one is not limited that way. A bot that logged in at every start, once for its
source and once for its publisher, in every process, used them up in a crash loop or a day of
deploys, and the account could not log in until the next day.

What is kept: the network's own session answer (its tokens, the account's id), as JSON sealed
with a key derived from the account's password (PyNaCl's ``SecretBox``: XSalsa20-Poly1305),
under the cursor key ``_session:<network>:<name>``. Both the name and the sealing key come from
one PBKDF2 of the server, the account and its password (two independent output blocks): a
changed password (an app password set where the account's own was) finds no session and makes
a new one, and the store holds neither the password, nor a hash quick to reverse, nor a token
usable without the password (a copy of the store, a backup, a Redis another application reads).

A store that cannot be read or written is logged and the session is made as before (one a
start): never a failed poll or publish for it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

from bot.core.errors import StoreError
from bot.core.ports import SourceCursorStore

log = logging.getLogger(__name__)

PREFIX = "_session:"
ROUNDS = 100_000  # PBKDF2-SHA256, once an account and app (40 ms here, off the loop)


@dataclass(frozen=True)
class Place:
    """Where an account's session is kept (``key``, a cursor key) and what seals it."""

    key: str
    box: SecretBox


class SessionVault:
    """The kept sessions, over the store's cursors. One per app: its locks make the tasks of
    one process that need a session at once (a source and a publisher of one account) take
    turns, so that the second takes what the first made."""

    def __init__(self, store: SourceCursorStore) -> None:
        self.store = store
        self._locks: dict[str, asyncio.Lock] = {}
        # derived once an app: an account's source and publisher ask for the same place
        self._places: dict[tuple[str, str, str, str], Place] = {}

    async def place(self, network: str, *, server: str, account: str, password: str) -> Place:
        asked = (network, server.rstrip("/"), account.casefold(), password)
        if asked not in self._places:
            self._places[asked] = await asyncio.to_thread(_derive, *asked)
        return self._places[asked]

    def lock(self, key: str) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())

    async def load(self, place: Place, *, who: str) -> dict[str, Any] | None:
        """The session kept there, or None (none kept, or the store failed: said)."""
        try:
            raw = await self.store.get_cursor(place.key)
        except StoreError as exc:
            log.warning("%s: the kept session could not be read (%s); making a new one", who,
                        exc)
            return None
        if not raw:
            return None
        try:
            data = json.loads(place.box.decrypt(base64.b64decode(raw, validate=True)))
        except (ValueError, binascii.Error, CryptoError):
            data = None  # not sealed with this password, or damaged
        if not isinstance(data, dict):
            log.warning("%s: the kept session cannot be read; making a new one", who)
            return None
        return data

    async def save(self, place: Place, session: Mapping[str, Any], *, who: str) -> None:
        sealed = place.box.encrypt(json.dumps(dict(session), separators=(",", ":")).encode())
        try:
            await self.store.set_cursor(place.key, base64.b64encode(bytes(sealed)).decode())
        except StoreError as exc:
            log.warning("%s: the session could not be kept (%s); the next start makes another",
                        who, exc)


def _derive(network: str, server: str, account: str, password: str) -> Place:
    salt = f"socialops {network} {server} {account}".encode()
    # two SHA-256 blocks, each of its own PBKDF2 chain: the first names the place (stored in
    # the clear), the second seals what is kept there
    out = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ROUNDS, dklen=64)
    return Place(f"{PREFIX}{network}:{out[:16].hex()}", SecretBox(out[32:]))
