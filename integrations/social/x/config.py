"""The ``type: x`` source's config: the API's tokens, the account, and what to follow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from pydantic import Field

from bot.core.config import Credential, Flag, Own, Problem, SourceBase, blank_problems, url_problems

_SITE = Own("https://api.x.com", "X's web site, not its API")
X_HOSTS = {"x.com": _SITE, "www.x.com": _SITE, "twitter.com": _SITE, "www.twitter.com": _SITE,
           "api.x.com": Own("https://api.x.com"), "api.twitter.com": Own("https://api.twitter.com")}


class XSourceConfig(SourceBase):
    type: Literal["x"]
    base_url: str = "https://api.x.com"
    bearer_token: Credential | None = None
    user_token: Credential | None = None
    user_id: str | None = None
    queries: tuple[str, ...] = ()
    mentions: Flag = False
    # how long a post of this account may be, in X's weighted characters: 280, more for a
    # Premium account (up to 25,000); a draft over it is refused when it is written
    max_characters: int = Field(default=280, ge=1, le=25_000)

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        yield from url_problems(("base_url",), self.base_url, base=True, adds=("/2",),
                                own=X_HOSTS)
        if self.user_id == "" and not (self.enabled and self.mentions):
            yield ("user_id",), ("is empty: write the account's numeric user id, or leave the "
                                 "key out")
        elif self.user_id and not (self.user_id.isascii() and self.user_id.isdigit()):
            yield ("user_id",), (f"{self.user_id[:40]!r} is not X's numeric user id: the "
                                 "account's id is a number (GET /2/users/by/username/<handle> "
                                 "or GET /2/users/me answers it), not its @handle")
        yield from blank_problems("queries", self.queries, why=(
            "it searches for nothing"))
        if not self.enabled:
            return
        if self.queries and not self.bearer_token:
            yield ("bearer_token",), ("required: searching (queries:) needs the app's Bearer "
                                      "Token (developer portal -> Keys and tokens), e.g. "
                                      "bearer_token: ${X_BEARER_TOKEN}")
        if self.mentions:
            if not self.user_id:
                yield ("user_id",), ("required: mentions: true needs the account's numeric "
                                     "user id")
            # X serves the mentions timeline to the app's Bearer Token too (docs.x.com, "User
            # Mentions Timeline" quickstart): a team that only listens has no user token
            if not (self.user_token or self.bearer_token):
                yield ("user_token",), ("required: mentions: true needs a token: the app's "
                                        "bearer_token (e.g. ${X_BEARER_TOKEN}) or a user "
                                        "access token of the account, user_token")
        if not (self.queries or self.mentions or self.user_token or self.posts_only):
            yield ("queries",), ("nothing to follow: an x source needs queries: (search) or "
                                 "mentions: true (or user_token, to only post as the account)")
