"""Which retweets of a stream bring a post it has not read: ``Retweets``, kept in the cursor.

A retweet is read as the post it shares (``parse.shared_post``). Its own id is new, past the
stream's ``since_id``, and the post it shares may be old. One the stream read when it was posted
(made since the stream began reading, at or before its ``since_id``) is left out: read again
days later, past the pipeline's 72-hour dedup, it was a second card for a handled post. One made
before the stream began, the stream never read: a complaint of last month retweeted today is a
mention now, and it was left out all the same. It is read, once: its id is kept (the newest
``KEPT``), so its next retweets are left out as the others are.

A stream's cursor of a release before this one has no ``from``: when it began is not known, so
every post at or before its ``since_id`` counts as read, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from integrations.social.x.parse import is_tweet_id, tweet_time

KEPT = 200  # ids of old posts read through a retweet, per stream: the newest kept


@dataclass
class Retweets:
    """A stream's beginning (``began``: the time its first read asked from, None when not
    known) and the old posts it read through a retweet (``read``, oldest first)."""

    began: datetime | None
    read: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, value: Any) -> Retweets:
        """The kept state; one not kept, or damaged, is a stream whose beginning is not known."""
        if not isinstance(value, Mapping) or not isinstance(value.get("from"), str):
            return cls(began=None)
        try:
            began = datetime.fromisoformat(value["from"])
        except ValueError:
            return cls(began=None)
        if began.tzinfo is None:
            return cls(began=None)
        ids = value.get("read")
        read = [i for i in ids if is_tweet_id(i)][-KEPT:] if isinstance(ids, list) else []
        return cls(began=began.astimezone(UTC), read=read)

    def to_json(self) -> dict[str, Any]:
        assert self.began is not None
        return {"from": self.began.isoformat(), "read": self.read[-KEPT:]}

    def read_before(self, shared: Mapping[str, Any], since_id: int | None) -> bool:
        """Whether the stream read ``shared`` before: made at or before ``since_id`` and not
        before the stream began (when that is not known, every such post), or an old post
        read already through a retweet."""
        shared_id = shared.get("id")
        if not is_tweet_id(shared_id):
            return False
        assert isinstance(shared_id, str)
        if shared_id in self.read:
            return True
        if since_id is None or int(shared_id) > since_id:
            return False
        return not self._older(shared, shared_id)

    def note(self, shared: Mapping[str, Any]) -> None:
        """``shared`` read through a retweet: kept when it is older than the stream."""
        shared_id = shared.get("id")
        if is_tweet_id(shared_id) and shared_id not in self.read:
            assert isinstance(shared_id, str)
            if self._older(shared, shared_id):
                self.read = [*self.read, shared_id][-KEPT:]

    def _older(self, shared: Mapping[str, Any], shared_id: str) -> bool:
        made = tweet_time(shared, shared_id)
        return self.began is not None and made is not None and made < self.began
