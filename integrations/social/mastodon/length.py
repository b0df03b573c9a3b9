"""How long a status is by Mastodon's count, and how long the instance lets one be.

Counting (docs.joinmastodon.org/user/posting, "Text"; the server's StatusLengthValidator):
characters as people see them (grapheme clusters: an emoji family, a flag, a letter with its
accents are one each); every link (``http://``, ``https://``, and ``dat``, ``dweb``, ``ipfs``,
``ipns``, ``ssb``, ``gopher``, ``gemini``) counts as the instance's
``characters_reserved_per_url`` (23 by default) whatever its length, up to where Mastodon's
twitter_regex.rb ends it (``_URL``, ``_TRAILING``: the characters after it count as typed); a
mention of an account on another server counts only its username (``@kasia@other.example`` is
``@kasia``), where Mastodon reads a mention (``_MENTION``: an ASCII username, and not followed
by an @, a Latin accent or ://; ``@jörg@example.com`` counts as typed).

The limit is the instance's: 500 by default, raised by many. ``GET /api/v2/instance`` states it
as ``configuration.statuses.max_characters`` beside ``characters_reserved_per_url``
(docs.joinmastodon.org/methods/instance, "View server information"). ``InstanceLimits`` reads it
once from the configured ``base_url`` (any instance: self-hosted, a government's) and keeps it.
An instance that does not say (an older server without instance v2, 404; an answer without
``configuration``) is assumed to take 500, said in one log line, and not asked again; a failure
that may pass (a timeout, a 5xx, a rate limit) assumes 500, said in one log line, for the drafts
of the next ``ASK_AGAIN`` and asks again after (a draft waits ``ASK_TIMEOUT`` at most; a plan of
500 rows, each checked and then drafted, waits once, not a thousand times). The source's
``max_characters`` overrides whatever the instance says, and nothing is asked then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import regex

from bot.core.errors import SourceError
from bot.core.text import graphemes
from integrations.social.mastodon.api import MastodonApi

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARACTERS = 500
DEFAULT_PER_URL = 23
# a draft waits for the instance's answer at most this long (the source's timeout may be 20 s)
ASK_TIMEOUT = 5.0
# after a failure that may pass, the guess is kept this long before the instance is asked again
ASK_AGAIN = timedelta(minutes=1)
# Links as the server's extractor takes them (a scheme is needed: extract_url_without_protocol
# false), with the schemes and path characters of Mastodon's config/initializers/
# twitter_regex.rb: a path never holds a space, "<" or ">" (valid_general_url_path_chars), nor
# a "(" that is not closed, and it does not end in one of _TRAILING
# (valid_url_path_ending_chars), which count as typed; a closed pair of parentheses may end it
_URL = regex.compile(r"(?<![\p{L}\p{N}@$#/])(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://"
                     r"[^\s<>]+", regex.IGNORECASE)
_TRAILING = "()?!*\"'「」<>;:=,.$%[]~&|@"
# Account::MENTION_RE (app/models/account.rb): "@user@domain" counts as "@user", a username
# being ASCII letters, digits and _ (USERNAME_RE), a domain word characters; and, as Extractor
# (app/lib/extractor.rb) reads it, not followed by an @, a Latin accent or :// (twitter-text's
# end_mention_match), which makes the match no mention at all
_MENTION = regex.compile(r"(?<![=/\w])(@[A-Za-z0-9_]+(?:[.-]+[A-Za-z0-9_]+)*)@\w+(?:[.-]+\w+)*")
_END_MENTION = regex.compile("[@\uff20\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f"
                             "\u0253\u0254\u0256\u0257\u0259\u025b\u0263\u0268\u026f\u0272"
                             "\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff]|://")


@dataclass(frozen=True)
class Limits:
    max_characters: int = DEFAULT_MAX_CHARACTERS
    per_url: int = DEFAULT_PER_URL


def characters(text: str, *, per_url: int = DEFAULT_PER_URL) -> int:
    """How many characters Mastodon counts in ``text`` (see the module docstring)."""
    placeholder = "x" * per_url

    def link(m: regex.Match[str]) -> str:
        url = _unclosed(m.group())
        kept = url.rstrip(_TRAILING)
        # a ")" the link opened stays in it, as in https://en.wikipedia.org/wiki/Foo_(bar)
        while len(kept) < len(url) and url[len(kept)] == ")" and \
                kept.count("(") > kept.count(")"):
            kept += ")"
        return placeholder + m.group()[len(kept):]

    def mention(m: regex.Match[str]) -> str:
        after = m.string[m.end():m.end() + 3]
        return m.group() if _END_MENTION.match(after) else m.group(1)

    counted = _MENTION.sub(mention, _URL.sub(link, text))
    return graphemes(counted)


def _unclosed(url: str) -> str:
    """``url`` up to a "(" that no ")" after it closes (a path holds a parenthesis only in a
    balanced pair, valid_url_balanced_parens)."""
    opened: list[int] = []
    for at, char in enumerate(url):
        if char == "(":
            opened.append(at)
        elif char == ")" and opened:
            opened.pop()
    return url[:opened[0]] if opened else url


def limit_problem(text: str, limits: Limits, *, instance: str) -> str | None:
    """Why ``text`` cannot be a status on ``instance`` (a host), in one line, or None."""
    count = characters(text, per_url=limits.per_url)
    most = limits.max_characters
    if count <= most:
        return None
    return (f"Mastodon posts on {instance} are at most {most:,} characters (a link counts as "
            f"{limits.per_url}); this one has {count:,} ({count - most:,} over)")


class InstanceLimits:
    """The instance's limits, asked once (``GET /api/v2/instance``) and kept."""

    def __init__(self, api: MastodonApi) -> None:
        self.api = api
        self.config = api.config
        self.instance = urlsplit(self.config.base_url).netloc or self.config.base_url
        self._known: Limits | None = None
        self._guessed_until: datetime | None = None  # asked, failed: the guess until then
        self._asking = asyncio.Lock()

    async def get(self) -> Limits:
        if self.config.max_characters is not None:
            return Limits(max_characters=self.config.max_characters)
        if self._known is not None:
            return self._known
        async with self._asking:  # drafts written at once ask once
            if self._known is None:
                if self._guessed_until is not None and self.api.clock() < self._guessed_until:
                    return Limits()
                limits, definite = await self._ask()
                if not definite:
                    self._guessed_until = self.api.clock() + ASK_AGAIN
                    return limits
                self._known = limits
            return self._known

    async def _ask(self) -> tuple[Limits, bool]:
        """The limits and whether they are the instance's answer (kept) or a guess for now."""
        where = f"{self.config.base_url.rstrip('/')}/api/v2/instance"
        try:
            async with asyncio.timeout(ASK_TIMEOUT):
                answer = await self.api.find("/api/v2/instance")
        except (SourceError, TimeoutError) as exc:  # a 5xx, a rate limit: may answer later
            why = str(exc) if isinstance(exc, SourceError) else (
                f"mastodon: GET /api/v2/instance took over {ASK_TIMEOUT:g} s")
            log.warning("mastodon %s: cannot read the instance's post limit (%s); %d "
                        "characters assumed for now (max_characters: sets it)",
                        self.config.id, why, DEFAULT_MAX_CHARACTERS)
            return Limits(), False
        statuses = _get(answer.payload if answer is not None else None,
                        "configuration", "statuses")
        most = _count(statuses, "max_characters")
        if most is None:
            said = "answered 404" if answer is None else "does not say max_characters"
            log.info("mastodon %s: %s %s; %d characters assumed (max_characters: sets it)",
                     self.config.id, where, said, DEFAULT_MAX_CHARACTERS)
            return Limits(), True
        per_url = _count(statuses, "characters_reserved_per_url")
        return Limits(max_characters=most,
                      per_url=DEFAULT_PER_URL if per_url is None else per_url), True


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        obj = obj.get(key) if isinstance(obj, Mapping) else None
    return obj


def _count(obj: Any, key: str) -> int | None:
    """A count the instance states: a whole number, not a boolean, at most a million."""
    value = obj.get(key) if isinstance(obj, Mapping) else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 1_000_000:
        return value
    return None
