"""The ``type: hackernews`` source's config: the Algolia search and item APIs, and what to
follow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from bot.core.config import Problem, SourceBase, url_problems


class HackerNewsSourceConfig(SourceBase):
    type: Literal["hackernews"]
    base_url: str = "https://hn.algolia.com"
    item_url: str = "https://hacker-news.firebaseio.com"
    queries: tuple[str, ...] = ()
    tags: tuple[Literal["story", "comment"], ...] = ("story", "comment")

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        yield from url_problems(("base_url",), self.base_url)
        yield from url_problems(("item_url",), self.item_url)
        if self.enabled and not any(q.strip() for q in self.queries) and not self.posts_only:
            yield ("queries",), ("required: a hackernews source needs at least one search, "
                                 "e.g. queries: [acme]")
