"""The ``type: rss`` source's config: the feeds to poll."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from bot.core.config import Problem, SourceBase, url_problems


class RssSourceConfig(SourceBase):
    type: Literal["rss"]
    urls: tuple[str, ...]

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        if not self.urls:
            yield ("urls",), "list at least one feed URL"
        for i, url in enumerate(self.urls):
            yield from url_problems(("urls", i), url)
