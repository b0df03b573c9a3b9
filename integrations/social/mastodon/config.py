"""The ``type: mastodon`` source's config: which instance, which account, what to follow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from bot.core.config import Problem, SourceBase, url_problems


class MastodonSourceConfig(SourceBase):
    type: Literal["mastodon"]
    base_url: str = "https://mastodon.social"
    token: str | None = None
    hashtags: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()
    notifications: bool = False
    stream: bool = False
    streaming_url: str | None = None
    visibility: Literal["public", "unlisted", "private", "direct"] = "public"  # of published posts

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        yield from url_problems(("base_url",), self.base_url)
        yield from url_problems(("streaming_url",), self.streaming_url)
