"""How long a status is by Mastodon's count, and how long the instance lets one be.

Counting (docs.joinmastodon.org/user/posting, "Text"; the server's StatusLengthValidator):
characters as people see them (grapheme clusters: an emoji family, a flag, a letter with its
accents are one each); every link (``http://``, ``https://``, and ``dat``, ``dweb``, ``ipfs``,
``ipns``, ``ssb``, ``gopher``, ``gemini``) counts as the instance's
``characters_reserved_per_url`` (23 by default) whatever its length, up to where Mastodon's
twitter_regex.rb ends it (``_REST``: the characters after it count as typed), if its domain
ends in a top-level domain twitter-text knows (``integrations.social.common.domains``, shared
with X's count: ``https://acme.example/`` and ``http://localhost/`` are no links and count as
typed, as is a link over 4,096 characters),
and so does an ``xmpp:`` address or a ``magnet:?`` link (``_EXTRA``, however short or long); a
mention of an account on another server counts only its username (``@kasia@other.example`` is
``@kasia``), where Mastodon reads a mention (``_MENTION``: an ASCII username, and not followed
by an @, a Latin accent or ://, its domain at most 253 characters; ``@jörg@example.com`` counts
as typed).

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
from integrations.social.common.domains import domain_end, domain_fits
from integrations.social.mastodon.api import MastodonApi

log = logging.getLogger(__name__)

DEFAULT_MAX_CHARACTERS = 500
DEFAULT_PER_URL = 23
# a draft waits for the instance's answer at most this long (the source's timeout may be 20 s)
ASK_TIMEOUT = 5.0
# after a failure that may pass, the guess is kept this long before the instance is asked again
ASK_AGAIN = timedelta(minutes=1)
# Links as the server's extractor takes them (twitter-text's valid_url with Mastodon's
# config/initializers/twitter_regex.rb; a scheme is needed: extract_url_without_protocol
# false). Not after an ASCII letter or digit, @, $ or # (valid_url_preceding_chars); a domain of
# labels (valid_subdomain, valid_domain_name) that ends in one of twitter-text's top-level
# domains or a punycode one (common/domains.py), the TLD not followed by an ASCII letter or
# digit, @, + or - (so https://acme.example/, http://localhost:3000/ and https://acme.com+ are
# no links and count as typed); a port; a path from "/" whose characters are no space, "<",
# ">", "?" nor a "(" never closed, ending in none of _ENDING's characters
# (valid_url_path_ending_chars, which count as typed; a closed pair of parentheses may end it);
# a query from "?" of _QUERY's characters ending in one of _QUERY_END's ("&" and "=" end a
# query, "+" and "^" do not)
_PRECEDING = r"(?<![A-Za-z0-9@\uff20$#\uff03\ufffe\ufeff\uffff])"  # valid_url_preceding_chars
_SCHEME = regex.compile(rf"{_PRECEDING}(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://",
                        regex.IGNORECASE)
_G = r"[^\s<>()?]"  # valid_general_url_path_chars
_PARENS = rf"\((?:{_G}+|{_G}*\({_G}+\){_G}*)\)"
# valid_url_path_ending_chars: a path ends in none of ( ) ? ! * " ' 「 」 < > ; : = , . $ % [ ] ~
# & | @, or in a closed pair of parentheses
_E = rf"(?:[^\s()?!*\"'「」<>;:=,.$%\[\]~&|@]|{_PARENS})"
_UCHARS = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
           "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd"
           "\U00060000-\U0006fffd\U00070000-\U0007fffd\U00080000-\U0008fffd"
           "\U00090000-\U0009fffd\U000a0000-\U000afffd\U000b0000-\U000bfffd"
           "\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd\ue000-\uf8ff"
           "\U000f0000-\U000ffffd\U00100000-\U0010fffd")
_QUERY = rf"[a-z0-9!?*'();:&=+$/%#\[\]\-_.,~|@^{_UCHARS}]"
_QUERY_END = rf"[a-z0-9_&=#/\-{_UCHARS}]"
_Q = rf"\?{_QUERY}*{_QUERY_END}"
_REST = regex.compile(rf"(?::[0-9]+)?(?:/(?:{_G}*(?:{_PARENS}{_G}*)*{_E}|{_G}+/)*)?(?:{_Q})?",
                      regex.IGNORECASE)
# Mastodon's own URIs (twitter_regex.rb valid_extended_uri, Extractor
# extract_extra_uris_with_indices), counted as a link too: xmpp:[//node@domain/][node@]domain
# [/resource][?query] and magnet:?query
_EXTRA = regex.compile(rf"{_PRECEDING}(?:xmpp|(magnet)):", regex.IGNORECASE)
_UNRESERVED = r"[a-z\p{Cyrillic}0-9\p{Pd}._~]|%[0-9a-f]{2}"
_NODE = regex.compile(rf"(?:{_UNRESERVED}|[!$()*+,;=])+@", regex.IGNORECASE)
_RESOURCE = regex.compile(rf"/(?:{_UNRESERVED}|[!$&'()*+,;=])+", regex.IGNORECASE)
_QUERY_PART = regex.compile(_Q, regex.IGNORECASE)
# a mention's domain longer than a DNS name is no mention (Extractor's MAX_DOMAIN_LENGTH)
MAX_DOMAIN_LENGTH = 253
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
    parts: list[str] = []
    at = 0
    # overlapping entities: the first to start is kept (remove_overlapping_entities)
    for start, end in sorted([*links(text), *_extra_uris(text)]):
        if start < at:
            continue
        parts += [text[at:start], placeholder]
        at = end
    parts.append(text[at:])

    def mention(m: regex.Match[str]) -> str:
        after = m.string[m.end():m.end() + 3]
        if len(m.group()) - len(m.group(1)) - 1 > MAX_DOMAIN_LENGTH:
            return m.group()
        return m.group() if _END_MENTION.match(after) else m.group(1)

    return graphemes(_MENTION.sub(mention, "".join(parts)))


def links(text: str) -> list[tuple[int, int]]:
    """Where the links Mastodon counts as ``characters_reserved_per_url`` are in ``text``."""
    spans: list[tuple[int, int]] = []
    at = 0
    while (scheme := _SCHEME.search(text, at)) is not None:
        at = scheme.end()
        domain = domain_end(text, at)
        if domain is None:
            continue
        rest = _REST.match(text, domain)
        end = rest.end() if rest is not None else domain
        if not domain_fits(text[at:domain], end - scheme.start()):
            continue
        spans.append((scheme.start(), end))
        at = end
    return spans


def _extra_uris(text: str) -> list[tuple[int, int]]:
    """Where Mastodon's xmpp: and magnet: URIs are in ``text`` (``_EXTRA``)."""
    spans: list[tuple[int, int]] = []
    at = 0
    while (scheme := _EXTRA.search(text, at)) is not None:
        at = scheme.end()
        if scheme.group(1):  # magnet:?query
            query = _QUERY_PART.match(text, at)
            if query is not None:
                spans.append((scheme.start(), query.end()))
                at = query.end()
            continue
        end = _xmpp_end(text, at)
        if end is not None:
            spans.append((scheme.start(), end))
            at = end
    return spans


def _xmpp_end(text: str, at: int) -> int | None:
    """Where an xmpp URI whose address starts at ``at`` ends, or None when there is none."""
    if text.startswith("//", at) and (node := _NODE.match(text, at + 2)) is not None:
        domain = domain_end(text, node.end())
        if domain is not None and text.startswith("/", domain):
            at = domain + 1  # the authority: //node@domain/
    if (node := _NODE.match(text, at)) is not None and domain_end(text, node.end()):
        at = node.end()
    end = domain_end(text, at)
    if end is None:
        return None
    for part in (_RESOURCE, _QUERY_PART):
        if (found := part.match(text, end)) is not None:
            end = found.end()
    return end


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
