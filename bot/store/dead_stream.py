"""The mention stream's dead letters (Redis only): entries of ``<prefix>mentions`` that
processes took ``store.queue_max_deliveries`` times and never acknowledged (they died or
stalled on them; ``bot.store.queue``), kept in ``<prefix>mentions:dead``. Listed as dead
letters of kind ``stream`` and put back for ``socialops dead retry``.

A dead letter's id is its entry id in ``<prefix>mentions:dead`` (``1764601200000-0``): unique
(a post may be in the stream twice, and a dead letter of the pipeline too, under its mention
id), what ``redis-cli XRANGE`` shows, the milliseconds it was set aside, and unlike any mention
or timer id (both hold a colon). Putting one back (``REQUEUE_DEAD``) appends its post to the
mention stream again, removes it and writes its audit row in one script: whatever dies when,
and however many retry it at once, the post is in one of the two streams, once.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from redis import asyncio as aioredis
from redis.exceptions import RedisError

from bot.core.errors import StoreUnavailable
from bot.core.jsonbody import loads
from bot.core.models import Mention
from bot.core.ports import DeadItem
from bot.store import redis_lua as lua
from bot.store.layout import RedisKeys
from bot.store.queue import MAX_LENGTH

KIND = "stream"
ENTRY_ID = re.compile(r"[0-9]{1,20}-[0-9]{1,20}")


def is_entry_id(text: str) -> bool:
    return ENTRY_ID.fullmatch(text) is not None


def mention_id(data: str) -> str:
    """The post's id in a dead letter's JSON, "" if none can be read."""
    try:
        got = loads(data) if data else None
    except ValueError:
        return ""
    return str(got.get("id") or "") if isinstance(got, dict) else ""


def _at(entry_id: str) -> datetime:
    """When a dead letter was set aside: its entry id's milliseconds."""
    return datetime.fromtimestamp(int(entry_id.split("-", 1)[0]) / 1000, UTC)


def readable(data: str) -> bool:
    """This release reads the post in a dead letter's JSON."""
    try:
        Mention.model_validate_json(data)
    except ValueError:
        return False
    return True


# the end of a set-aside entry's reason that this release cannot retry (a later release's):
# what to run is said in it, not this release's `dead retry` (which refuses it in one line)
LATER_RELEASE = " (not this release's)"


class DeadStream:
    def __init__(self, client: aioredis.Redis, keys: RedisKeys) -> None:
        self.r = client
        self.keys = keys
        self.key = keys.mentions_dead
        self._requeue = client.register_script(lua.REQUEUE_DEAD)

    def _item(self, entry_id: str, fields: dict[str, str]) -> DeadItem:
        data = fields.get("m") or ""
        mid = mention_id(data)
        taken = fields.get("taken")
        times = ("once" if taken == "1" else f"{taken} times" if taken else
                 "too many times (store.queue_max_deliveries)")
        if (unread := fields.get("unread")) and readable(data):
            # set aside by a process of an earlier release (beside this one in a rolling
            # upgrade): this release reads it, and its `dead retry` takes it back
            return DeadItem(kind=KIND, id=entry_id, at=_at(entry_id), data=data, reason=(
                f"{f'mention {mid}' if mid else 'an entry'} set aside by a process that "
                f"could not read it ({unread}; an earlier release's, run beside this one?); "
                "this release reads it (stop that process, then retry it)"))
        if unread:  # set aside at once: a later release's post?
            return DeadItem(kind=KIND, id=entry_id, at=_at(entry_id), data=data, reason=(
                f"{f'mention {mid}' if mid else 'an entry'} holds what this release cannot "
                f"read ({unread}; a later release's?): `socialops dead retry` of the release "
                f"that wrote it takes it back{LATER_RELEASE}"))
        reason = (f"mention {mid} taken {times} by processes that died or stalled on it, "
                  "never acknowledged" if mid else
                  f"an entry holding no readable post, taken {times}")
        return DeadItem(kind=KIND, id=entry_id, reason=reason, at=_at(entry_id), data=data)

    async def count(self) -> int:
        try:
            return int(await self.r.xlen(self.key))
        except RedisError as exc:
            raise StoreUnavailable(f"mention stream's dead letters: {exc}") from exc

    async def page(self, *, limit: int, after: str | None = None) -> list[DeadItem]:
        """The oldest ``limit`` of them, after the entry id ``after``."""
        try:
            got: Any = await self.r.xrange(self.key, min=f"({after}" if after else "-",
                                           max="+", count=limit)
        except RedisError as exc:
            raise StoreUnavailable(f"mention stream's dead letters: {exc}") from exc
        return [self._item(str(i), f) for i, f in got]

    async def get(self, entry_id: str) -> DeadItem | None:
        if not is_entry_id(entry_id):
            return None
        try:
            got: Any = await self.r.xrange(self.key, min=entry_id, max=entry_id)
        except RedisError as exc:
            raise StoreUnavailable(f"mention stream's dead letters: {exc}") from exc
        return self._item(str(got[0][0]), got[0][1]) if got else None

    async def find_post(self, mention_id_: str, *, limit: int = 10_000) -> DeadItem | None:
        """The newest dead letter holding the post ``mention_id_``, among the newest ``limit``
        (``why``; the stream has no index by post, so it is read a page at a time)."""
        before, seen = "+", 0
        while seen < limit:
            try:
                got: Any = await self.r.xrevrange(self.key, max=before, min="-",
                                                  count=min(500, limit - seen))
            except RedisError as exc:
                raise StoreUnavailable(f"mention stream's dead letters: {exc}") from exc
            for i, f in got:
                if mention_id(f.get("m") or "") == mention_id_:
                    return self._item(str(i), f)
            if len(got) < min(500, limit - seen):
                return None
            seen += len(got)
            before = f"({got[-1][0]}"
        return None

    async def take(self, entry_id: str, *, audit: str, requeue: bool) -> str | None:
        """Put the dead letter back on the mention stream (``requeue``), or only remove it,
        with its audit row (``audit``, an event's JSON), in one step: the new entry's id
        ("dropped" when only removed), "" if it holds no post (nothing done), None if it is
        no longer there (another retry took it, or the prune job)."""
        try:
            got = await self._requeue(
                keys=[self.key, self.keys.mentions, self.keys.audit],
                args=[entry_id, MAX_LENGTH, audit, "requeue" if requeue else "drop"])
        except RedisError as exc:
            raise StoreUnavailable(f"mention stream's dead letters: {exc}") from exc
        return None if got is None else str(got)
