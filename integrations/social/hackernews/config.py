"""The ``type: hackernews`` source's config: the Algolia search and item APIs (both at
``base_url``), and what to follow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from bot.core.config import Own, Problem, SourceBase, blank_problems, url_problems
from bot.core.validation import add_hint

HN_HOSTS = {"news.ycombinator.com": Own("https://hn.algolia.com", "Hacker News's web site, not "
                                        "its API (Algolia)"),
            "hacker-news.firebaseio.com": Own("https://hn.algolia.com", "Hacker News's Firebase "
                                              "API, which socialops does not read (it reads "
                                              "Algolia)"),
            "hn.algolia.com": Own("https://hn.algolia.com", credentials=False)}


class HackerNewsSourceConfig(SourceBase):
    type: Literal["hackernews"]
    base_url: str = "https://hn.algolia.com"
    queries: tuple[str, ...] = ()
    tags: tuple[Literal["story", "comment"], ...] = ("story", "comment")

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        yield from url_problems(("base_url",), self.base_url, base=True, adds=("/api/v1",),
                                own=HN_HOSTS)
        yield from blank_problems("queries", self.queries, why=(
            "Hacker News's search (Algolia) answers an empty query with every story and "
            "comment"))
        if self.enabled and not self.queries and not self.posts_only:
            yield ("queries",), ("required: a hackernews source needs at least one search, "
                                 "e.g. queries: [acme]")


# item_url (the Firebase API) was accepted and checked but never asked: polls and lookups read
# Algolia at base_url. Refused, saying so, rather than an address silently ignored.
add_hint("item_url", "item_url is not used: Hacker News is read, lookups included, through "
         "Algolia at base_url; remove it (or set base_url)", under=HackerNewsSourceConfig)
