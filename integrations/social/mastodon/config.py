"""The ``type: mastodon`` source's config: which instance, which account, what to follow."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import Field

from bot.core.config import Credential, Flag, Problem, SourceBase, blank_problems, url_problems
from bot.core.languages import language_problem
from bot.core.text import quoted_cut


class MastodonSourceConfig(SourceBase):
    type: Literal["mastodon"]
    base_url: str = "https://mastodon.social"
    token: Credential | None = None
    hashtags: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()
    notifications: Flag = False
    stream: Flag = False
    streaming_url: str | None = None
    visibility: Literal["public", "unlisted", "private", "direct"] = "public"  # of published posts
    # the language of published posts (ISO 639-1, sent as ``language``, as Mastodon's composer
    # sends its posting language); unset: the server takes the account's default
    language: str | None = None
    # how long a post may be: the instance says (GET /api/v2/instance, read once); set it when
    # the instance does not (an older server: 500 is assumed) or says wrong
    max_characters: int | None = Field(default=None, ge=1, le=1_000_000)

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        base = list(url_problems(("base_url",), self.base_url, base=True,
                                 adds=("/api/v1", "/api/v2")))
        yield from base
        if not base and (problem := page_problem(self.base_url)):
            yield ("base_url",), problem
        # as the instance names it (wss://, in /api/v2/instance) or as http(s): both are read
        yield from url_problems(("streaming_url",), self.streaming_url, base=True,
                                schemes=("https", "http", "wss", "ws"),
                                adds=("/api/v1/streaming", "/api/v1"))
        if self.language is not None and (problem := language_problem(self.language)):
            yield ("language",), problem
        for i, tag in enumerate(self.hashtags):
            if problem := hashtag_problem(tag):
                yield ("hashtags", i), problem
        yield from blank_problems("queries", self.queries, why=(
            "it searches for nothing"))
        if not self.enabled:
            return
        needs = "searching (queries:)" if self.queries else (
            "notifications: true" if self.notifications else None)
        if needs and not self.token:
            yield ("token",), (f"required: {needs} needs an access token with read scope "
                               "(Preferences -> Development), e.g. token: ${MASTODON_TOKEN}")
        # a hashtag refused above is said there, not again as nothing to follow
        if not (self.hashtags or self.queries or self.notifications
                or self.token or self.posts_only):
            yield ("hashtags",), ("nothing to follow: a mastodon source needs hashtags: (no "
                                  "token needed), queries: or notifications: true (or a token, "
                                  "to only post as the account)")


def hashtag_problem(written: str) -> str | None:
    """Why ``written`` is no hashtag (None when it is): a hashtag is one word of letters,
    digits and _ (Mastodon's own, written with or without its #); ``acme cloud`` was asked as
    /api/v1/timelines/tag/acme%20cloud, which no post is tagged with."""
    tag = written.strip().lstrip("#")
    if tag and all(c.isalnum() or c in "_\u00b7" for c in tag):
        return None
    joined = "".join(c for c in tag if c.isalnum() or c == "_")
    hint = f"; did you mean {joined!r}?" if joined else ""
    return (f"{quoted_cut(written, 80)} is no hashtag: one word of letters, digits and _, "
            f"without spaces or punctuation{hint} (to follow a phrase, use queries:)")


# the first part of the path of the pages of Mastodon's web app (config/routes.rb: the
# profiles /@name, /tags/:tag, and the React app's /home, /explore, /deck, ...; words a
# proxy could serve Mastodon under, such as /web or /public, are left to it): a base_url
# copied from the browser on one of them had every request go under it, and each hashtag was
# only "not known yet", a poll after another (a Mastodon served on a path is written with
# that path, such as https://gov.example/mastodon, and passes)
_PAGES = frozenset({"home", "explore", "deck", "notifications", "settings", "bookmarks",
                    "favourites", "directory", "conversations", "getting-started",
                    "privacy-policy"})


def page_problem(url: str) -> str | None:
    """Why ``url`` (a base_url that passed ``url_problems``) is a page of the instance rather
    than its address, saying the address to write; None when it is not one."""
    parts = urlsplit(url.strip())
    path = parts.path.strip("/")
    first, _, rest = path.partition("/")
    right = urlunsplit(parts._replace(path="", query="", fragment=""))
    if first.startswith("@") and len(first) > 1:
        what, more = f"the page of the account {unquote(first)}", ""
    elif first.lower() == "tags" and rest:
        tag = unquote(rest.partition("/")[0])
        what, more = f"the page of the hashtag #{tag}", f" (and hashtags: [{tag}])"
    elif first.lower() in _PAGES:
        what, more = f"a page of the instance's web app (/{first})", ""
    else:
        return None
    return (f"{quoted_cut(url.strip(), 80)} is {what}, not the instance's address; write "
            f"{right!r}{more}")
