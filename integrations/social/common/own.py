"""The bot's own accounts on a network, so a source drops their posts before they become
mentions: an approved reply that comes back through search (or a notification, or Jetstream)
must never open a ticket about itself.

"Own" means every account configured for that network in the same config file, not only the
source's own: a search-only source must also drop what the publishing account posted. Each
adapter says what identifies an account (``OwnAccounts.ids`` are compared with
``Author.id``, ``handles`` case-insensitively with ``Author.handle``) and learns what the config
does not say (a Bluesky DID, a Mastodon account id) from the network, lazily and once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from bot.core.models import Mention

log = logging.getLogger(__name__)

OWN_POST = "own post"
SKIPPED_KEPT = 200  # reasons kept per source (the count is what matters; the newest explain it)


class OwnAccounts:
    def __init__(self, *, ids: Iterable[str] = (), handles: Iterable[str] = ()) -> None:
        self.ids: set[str] = {i for i in ids if i}
        self.handles: set[str] = {h.casefold().lstrip("@") for h in handles if h}

    def add(self, *, id: str | None = None, handle: str | None = None) -> None:
        if id:
            self.ids.add(id)
        if handle:
            self.handles.add(handle.casefold().lstrip("@"))

    def __bool__(self) -> bool:
        return bool(self.ids or self.handles)

    def is_own(self, mention: Mention) -> bool:
        return (mention.author.id in self.ids
                or mention.author.handle.casefold().lstrip("@") in self.handles)


def same_network(config: Any, peers: Sequence[Any]) -> list[Any]:
    """``config`` and every peer config of the same type (each account once)."""
    out = [config]
    out += [p for p in peers if getattr(p, "type", None) == config.type
            and getattr(p, "id", None) != config.id]
    return out


def drop_own(mentions: Iterable[Mention], own: OwnAccounts, skipped: list[str], *,
             source: str) -> list[Mention]:
    """``mentions`` without the own accounts' posts; each one dropped is counted in
    ``skipped`` with the reason "own post"."""
    kept: list[Mention] = []
    for mention in mentions:
        if own and own.is_own(mention):
            log.info("source %s: %s is our own post; skipped", source, mention.id)
            skipped.append(f"{OWN_POST}: {mention.id}")
            del skipped[:-SKIPPED_KEPT]
            continue
        kept.append(mention)
    return kept
