"""What a Mastodon server lets this source read: its hashtag feeds' access, as it states it.

Mastodon 4.5 lets an admin choose who may read hashtag feeds, for posts of the server's own
accounts (``local``) and for posts from other servers (``remote``) apart: ``public``,
``authenticated`` (signed-in users only) or ``disabled`` (nobody but staff with the "view
feeds" permission). ``GET /api/v2/instance`` states it as
``configuration.timelines_access.hashtag_feeds`` (docs.joinmastodon.org/methods/instance#v2,
entities/Instance; Mastodon's app/serializers/rest/instance_serializer.rb). A feed so turned off
answers 200 with an empty list, or without the posts of the part turned off: without this, a
hashtag source read nothing, poll after poll, and nothing said so. ``authenticated`` without a
token needs nothing here: the server answers 401 and the API says what to set.

``FeedAccess`` reads it once and again every ``REREAD`` (an admin may turn a feed back on); a
failure (a timeout, a 5xx, a rate limit) is asked again after ``ASK_AGAIN`` and taken as "not
said" meanwhile, as is a server that does not say (before 4.5; before 4.0 it has no instance
v2 at all: 404). Full-text search has no such statement: Mastodon says nowhere whether it has
Elasticsearch (see docs/networks.md for what the source says of it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from bot.core.errors import SourceError
from integrations.social.mastodon.api import MastodonApi

log = logging.getLogger(__name__)

REREAD = timedelta(hours=6)
ASK_AGAIN = timedelta(minutes=10)
ASK_TIMEOUT = 5.0
_LEVELS = ("public", "authenticated", "disabled")


def hashtag_problem(local: str | None, remote: str | None, *, server: str) -> str | None:
    """What a hashtag stream of ``server`` cannot read, as the instance states its access
    (``local``, ``remote``: public, authenticated, disabled; None when not said); None when
    it can read all of it (or the server does not say)."""
    off = [part for part, level in (("local", local), ("remote", remote))
           if level == "disabled"]
    if not off:
        return None
    said = (f"its timelines_access.hashtag_feeds in /api/v2/instance says local: "
            f"{local or '?'}, remote: {remote or '?'}")
    if len(off) == 2:
        return (f"{server} has turned its hashtag feeds off ({said}): this source reads "
                "nothing from them; ask its admin (Administration > Server settings > "
                "Discovery), use queries: or notifications: instead, or read another server")
    if off == ["remote"]:
        return (f"{server} shows hashtag feeds of posts from other servers to nobody ({said}): "
                "this source reads only posts of its own accounts; ask its admin, or read "
                "a larger server")
    return (f"{server} shows hashtag feeds of its own accounts' posts to nobody ({said}): "
            "this source reads only posts from other servers")


class FeedAccess:
    """The server's hashtag-feed access, read from ``/api/v2/instance`` and kept ``REREAD``."""

    def __init__(self, api: MastodonApi) -> None:
        self.api = api
        self._levels: tuple[str | None, str | None] = (None, None)
        self._next: datetime | None = None  # when to read it again
        self._asking = asyncio.Lock()

    async def hashtags(self) -> tuple[str | None, str | None]:
        """(local, remote) as the server states them; (None, None) when it does not."""
        async with self._asking:
            now = self.api.clock()
            if self._next is None or now >= self._next:
                self._levels, definite = await self._ask()
                self._next = now + (REREAD if definite else ASK_AGAIN)
            return self._levels

    async def _ask(self) -> tuple[tuple[str | None, str | None], bool]:
        try:
            async with asyncio.timeout(ASK_TIMEOUT):
                answer = await self.api.find("/api/v2/instance")
        except (SourceError, TimeoutError) as exc:
            log.info("mastodon %s: cannot read the server's feed access yet (%s); asked again "
                     "in %d minutes", self.api.config.id,
                     exc if isinstance(exc, SourceError) else "timed out",
                     ASK_AGAIN.total_seconds() // 60)
            return self._levels, False
        return hashtag_levels(answer.payload if answer is not None else None), True


def hashtag_levels(instance: Any) -> tuple[str | None, str | None]:
    """(local, remote) hashtag-feed access an ``/api/v2/instance`` answer states."""
    feeds = _get(instance, "configuration", "timelines_access", "hashtag_feeds")
    return _level(feeds, "local"), _level(feeds, "remote")


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        obj = obj.get(key) if isinstance(obj, Mapping) else None
    return obj


def _level(feeds: Any, part: str) -> str | None:
    value = feeds.get(part) if isinstance(feeds, Mapping) else None
    return value if value in _LEVELS else None
