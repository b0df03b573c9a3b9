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
        first: dict[str, int] = {}
        for i, url in enumerate(self.urls):
            yield from url_problems(("urls", i), url)
            # one feed listed twice: each poll read it twice, and its mention ids are the URL's
            if (before := first.setdefault(url.strip(), i)) != i:
                yield ("urls", i), f"is urls[{before}] again: remove one"
