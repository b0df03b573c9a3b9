"""The ``type: hackernews`` source's config: the Algolia search and item APIs (both at
``base_url``), and what to follow."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from bot.core.config import Own, Problem, SourceBase, blank_problems, url_problems
from bot.core.validation import add_hint

HN_HOSTS = {"news.ycombinator.com": Own("https://hn.algolia.com", "Hacker News's web site, not "
                                        "its API (Algolia)"),
            "hacker-news.firebaseio.com": Own("https://hn.algolia.com", "Hacker News's Firebase "
                                              "API, which socialops does not read (it reads "
                                              "Algolia)"),
            "hn.algolia.com": Own("https://hn.algolia.com", credentials=False)}

# "We are limiting the number of API requests from a single IP to 10,000 per hour"
# (hn.algolia.com/api, algolia/hn-search app/assets/templates/api.html.haml, "Rate limits")
ALGOLIA_HOURLY = 10_000


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

    def advice(self) -> Iterator[Problem]:
        if not (self.enabled and self.queries) or self.interval < 1:
            return  # under a second is refused, said once (``interval``'s own check)
        host = (urlsplit(self.base_url.strip()).hostname or "").rstrip(".").lower()
        hourly = math.ceil(len(self.queries) * 3600 / self.interval)
        if host == "hn.algolia.com" and hourly > ALGOLIA_HOURLY:
            least = math.ceil(len(self.queries) * 3600 / ALGOLIA_HOURLY)
            yield ("interval",), (
                f"{len(self.queries)} queries every {self.interval:g}s ask Algolia at least "
                f"{hourly:,} times an hour; hn.algolia.com allows {ALGOLIA_HOURLY:,} requests "
                "an hour from one IP (past it: 429, or the address blocked): set interval to "
                f"{least} or more, or list fewer queries")


# item_url (the Firebase API) was accepted and checked but never asked: polls and lookups read
# Algolia at base_url. Refused, saying so, rather than an address silently ignored.
add_hint("item_url", "item_url is not used: Hacker News is read, lookups included, through "
         "Algolia at base_url; remove it (or set base_url)", under=HackerNewsSourceConfig)
