"""How long a post is by X's count, and whether it fits an account's limit.

X counts weighted characters, as its twitter-text library's configuration v3 says
(docs.x.com/fundamentals/counting-characters, "Counting characters when composing Tweets";
github.com/twitter/twitter-text config/v3.json, checked against its conformance suite,
conformance/validate.yml, WeightedTweetsWithDiscountedEmojiCounterTest):

* the text is normalised to NFC first (a decomposed "é" is one character, a composition
  exclusion such as U+FB2C three);
* a code point in 0-4351 (Latin, Greek, Cyrillic, Hebrew, Arabic, Devanagari, Thai, ...),
  8192-8205, 8208-8223 or 8242-8247 (general punctuation, up to the zero-width joiner) weighs
  1; any other (CJK, Hangul, most symbols) weighs 2;
* an emoji sequence (a ZWJ family, a skin tone, a flag, a keycap, a tag sequence) weighs 2
  however many code points it takes;
* every URL weighs 23 (the t.co link X puts in its place) whatever its length, if its domain
  ends in one of twitter-text's top-level domains (conformance/tld_lib.yml) or a punycode one,
  as twitter-text's valid_domain reads it (``integrations.social.common.domains``, shared with
  Mastodon's count): one with ``http://`` or ``https://`` (``https://acme.example/``,
  ``http://localhost:3000/``, ``http://127.0.0.1/`` and ``https://intranet/`` are no links and
  count every character; ``https://acme.com.example/x`` links ``https://acme.com``; a link over
  4,096 characters is none), and one without (``example.com``, ``www.example.com/path``,
  ``foo.co.jp``, ``t.co``, ``acme.zip``; not ``app.js``, nor one label under a country's TLD
  without a path, ``acme.jp``, which X takes for typed text), of which X links the ASCII part
  only (``日本acme.com`` and ``日本.acme.com`` link ``acme.com``, ``a_b.acme.com``
  ``b.acme.com``, ``日本.com`` nothing), read match by match as twitter-text's
  extractUrlsWithIndices reads them (``_urls``); a link needs no space beside CJK
  (``返品acme.com返品``);
* a link's path and query end where twitter-text's do (``_PATH``, ``_QUERY``): before a CJK
  character, so ``https://acme.com/返品`` counts 23 + 4; a t.co link's path is its slug
  (``_TCO``: ``https://t.co/abc's`` counts 23 + 2; a slug over 40 characters is no link).

Hand-written rather than a dependency: the one Python port on PyPI (twitter-text-parser 3.0.0,
May 2023, one maintainer) carries Unicode 12 emoji data (an emoji sequence newer than 2019
would count per code point), imports ``pkg_resources`` (gone from current setuptools) and has
no types. What this module leaves out: twitter-text's special cases of auto-filled reply
mentions, which drafts do not use. Where twitter-text's ports differ, the JVM's (X's servers)
is followed: a link's length with its scheme counted once, its domain converted by IDNA.
"""

from __future__ import annotations

import bisect
import unicodedata

import regex

from integrations.social.common.domains import (
    DOMAIN_CHAR,
    domain_fits,
    is_country,
    tld_length,
)
from integrations.social.common.tlds import COUNTRY, GENERIC

DEFAULT_LIMIT = 280  # characters; Premium accounts may post more (the source's max_characters)
URL_WEIGHT = 23
SCALE = 100  # config v3 weighs in hundredths of a character
DEFAULT_WEIGHT = 200
# config v3 "ranges": code points weighing one character (100); every other weighs 200
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))

# An emoji sequence of more than one code point: a flag (two regional indicators), a keycap
# (with or without its variation selector), or a pictograph with its variation selector, skin
# tone or tag sequence (England's flag), joined by ZWJ to more of them
_PICTO = (r"\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?"
          r"(?:[\U000E0020-\U000E007E]+\U000E007F)?")
_EMOJI = regex.compile(rf"\p{{RI}}\p{{RI}}|[0-9#*]\uFE0F?\u20E3|{_PICTO}(?:\u200D{_PICTO})*")

# Where twitter-text's extractUrl may start a link (validUrlPrecedingChars): after any one
# character but an ASCII letter or digit, @, $ or # (half- or full-width) or an invalid one,
# which the match takes as its first character ("before"), or at the very start of the text
# when no such character is there. extractUrlsWithIndices reads matches one after the other,
# each from where the last ended, so the character a match takes is no part of another link.
_NOT_BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@＠$#＃"
                        "\ufffe\ufeff\uffff")
_SCHEME = regex.compile(r"https?://", regex.IGNORECASE)
# A link's path and query as twitter-text's extractUrl reads them (github.com/twitter/
# twitter-text js/src/regexp: validUrlPath.js, validGeneralUrlPathChars.js,
# validUrlPathEndingChars.js, validUrlBalancedParens.js, validUrlQueryChars.js,
# validUrlQueryEndingChars.js): ASCII letters and digits, Latin accents, Cyrillic and some
# punctuation, so a path or query ends before a CJK character, a space, "<", "»" or a quote
# (conformance/extract.yml, "Extract URLs with and without protocol surrounded by CJK
# characters": "http://twitter.com/これは日本語です。" extracts "http://twitter.com/"); a path
# ends in none of . , : ; ! ? ' * ( ) and a query in a letter, digit or - _ & = # /.
# Each repetition ends in a character it needs, so a hostile path is read in linear time.
_LATIN = ("\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253\u0254\u0256\u0257"
          "\u0259\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff")
_G = rf"[a-z\u0400-\u04ff0-9!*';:=+,.$/%#\[\]\-\u2013_~@|&{_LATIN}]"
_PARENS = rf"\((?:{_G}+|{_G}*\({_G}+\){_G}*)\)"
_PATH_END = rf"(?:[+\-a-z\u0400-\u04ff0-9=_#/{_LATIN}]|{_PARENS})"
_PATH = rf"/(?:{_G}*(?:{_PARENS}{_G}*)*{_PATH_END}|@{_G}+/)*"
_QUERY = r"\?[a-z0-9!?*'@();:&=+$/%#\[\]\-_.,~|]*[a-z0-9\-_&=#/]"
_PORT_PATH = regex.compile(rf"(?::[0-9]+)?(?P<path>{_PATH})?(?:{_QUERY})?", regex.IGNORECASE)
# Without a scheme, twitter-text links the ASCII parts of the domain it read
# (extractUrlsWithIndices over validAsciiDomain: labels of ASCII letters, digits, - and Latin
# accents, then a known TLD or a punycode one, each part found in turn), unless the character
# the match took before the domain is - _ . or / (invalidUrlWithoutProtocolPrecedingChars):
# "日本.acme.com" links "acme.com" (the match took "日", its domain "本.acme.com"), "a_b.acme.com"
# "b.acme.com", "日本.com" nothing; a path goes with the last part.
_TLD_AHEAD = r"(?=[^0-9a-zA-Z@+\-]|$)"
_ASCII_DOMAIN = regex.compile(
    rf"(?:[\-a-z0-9{_LATIN}]+\.)+(?:(?:{'|'.join(map(regex.escape, GENERIC))}){_TLD_AHEAD}"
    rf"|(?:{'|'.join(map(regex.escape, COUNTRY))}){_TLD_AHEAD}|xn--[\-0-9a-z]+)",
    regex.IGNORECASE)
_TLD_START = regex.compile(
    rf"(?:{'|'.join(map(regex.escape, (*GENERIC, *COUNTRY)))}|xn--)", regex.IGNORECASE)
# a dotted run of labels a domain is read from (DOMAIN_CHAR, - and _ inside a label)
_LABEL = rf"{DOMAIN_CHAR}(?:[-_]*{DOMAIN_CHAR})*"
_RUN = regex.compile(rf"{_LABEL}(?:\.{_LABEL})*")
# X's own links (twitter-text's validTcoUrl, MAX_TCO_SLUG_LENGTH): http(s)://t.co/ and a slug of
# ASCII letters and digits, and a query; what follows the slug is no part of it, and a slug
# over 40 characters makes no link
_TCO = regex.compile(rf"https?://t\.co/(?P<slug>[a-z0-9]+)(?:{_QUERY})?", regex.IGNORECASE)
_TCO_SLUG = 40
# twitter-text's invalidShortDomain and validSpecialShortDomain: without a scheme or a path, one
# label under a country's TLD is no link (acme.jp, it.so), but under .co or .tv it is (t.co)
_SHORT_SPECIAL = ("co", "tv")


def weighted_length(text: str) -> int:
    """The post's length as X counts it, in characters (see the module docstring)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    at = 0
    for start, end in _urls(text):
        total += _weigh(text[at:start]) + URL_WEIGHT * SCALE
        at = end
    total += _weigh(text[at:])
    return total // SCALE


def limit_problem(text: str, limit: int = DEFAULT_LIMIT) -> str | None:
    """Why ``text`` cannot be a post of an account that may post ``limit`` characters, in one
    line, or None."""
    count = weighted_length(text)
    if count <= limit:
        return None
    return (f"X posts are at most {limit:,} characters (as X counts them: a link is 23, an "
            f"emoji or a CJK character 2); this one has {count:,} ({count - limit:,} over)")


def _weigh(text: str) -> int:
    total = 0
    at = 0
    for m in _EMOJI.finditer(text):
        total += _code_points(text[at:m.start()])
        # a sequence weighs as one emoji; a lone pictograph as its code point (200, or 100
        # for the few in the light ranges, such as a text-style ©)
        total += DEFAULT_WEIGHT if len(m.group()) > 1 else _code_points(m.group())
        at = m.end()
    return total + _code_points(text[at:])


def _code_points(text: str) -> int:
    total = 0
    for char in text:
        point = ord(char)
        total += SCALE if any(lo <= point <= hi for lo, hi in _LIGHT) else DEFAULT_WEIGHT
    return total


def _urls(text: str) -> list[tuple[int, int]]:
    """The spans of the URLs X would shorten, in order: twitter-text's extractUrlsWithIndices
    (github.com/twitter/twitter-text js/src/extractUrlsWithIndices.js and regexp/extractUrl.js),
    match by match."""
    spans: list[tuple[int, int]] = []
    runs = _Runs(text)
    at = 0
    while at < len(text):
        match = _match(text, at, runs)
        if match is None:
            at = runs.next_try(at)
            continue
        before, start, domain, domain_end, end, path = match
        at = end  # the next match starts after this one, whether it links or not
        host = text[domain:domain_end]
        scheme = domain > start
        # isValidUrl as the JVM twitter-text reads it (Extractor.isValidHostAndLength, also
        # Ruby's and Objective-C's): the domain converts to ASCII (IDNA) and the link, with
        # https:// counted when it has no scheme, is at most MAX_URL_LENGTH. (The JavaScript
        # counts a scheme twice and keeps a domain Python's IDNA refuses, "xn--p1ai語t.co".)
        if not domain_fits(host, end - start + (0 if scheme else len("https://"))):
            continue
        if scheme:
            if (tco := _TCO.match(text, start, end)) is not None:
                if len(tco.group("slug")) > _TCO_SLUG:
                    continue  # no link: counted as typed
                end = tco.end()
            spans.append((start, end))
            continue
        if before and before in "-_./":
            continue
        last: tuple[int, int] | None = None
        for part in _ASCII_DOMAIN.finditer(host):
            last = (domain + part.start(), domain + part.end())
            if path or not _short(part.group()):
                spans.append(last)
        if last is not None and path:
            spans[-1] = (last[0], end)  # the last part to the path's end (lastUrl.indices)
    return spans


def _short(host: str) -> bool:
    """One label under a country's TLD but .co or .tv: typed text to X without a path
    (invalidShortDomain, validSpecialShortDomain: acme.jp, it.so; t.co is a link). The label
    is a validDomainName, so one starting or ending with "-" makes no short domain."""
    label, _, tld = host.partition(".")
    return ("." not in tld and not label.startswith("-") and not label.endswith("-")
            and is_country(tld) and tld.lower() not in _SHORT_SPECIAL)


def _match(text: str, at: int,
           runs: _Runs) -> tuple[str, int, int, int, int, bool] | None:
    """extractUrl's match from ``at``: the character it takes before the link, where the
    link, its domain and the domain's end are, where the match ends and whether it has a
    path; or None when no match starts at ``at``."""
    starts = [] if text[at] in _NOT_BEFORE else [at + 1]
    if at == 0:
        starts.append(0)
    for start in starts:
        domain = start
        domain_end = None
        if (scheme := _SCHEME.match(text, start)) is not None:
            domain = scheme.end()
            domain_end = runs.domain_end(domain)
        if domain_end is None:
            domain = start
            domain_end = runs.domain_end(start)
        if domain_end is None:
            continue
        rest = _PORT_PATH.match(text, domain_end)
        end = rest.end() if rest is not None else domain_end
        path = rest is not None and rest.group("path") is not None
        return text[start - 1:start] if start > at else "", start, domain, domain_end, end, path
    return None


class _Runs:
    """The dotted runs of labels of one text, each read once however many starts inside it
    are tried, so a hostile "a.a.a.…" or "a_b.co.a_b.co.…" is read in linear time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = self.end = -1
        self.labels: list[int] = []  # where each label of the current run starts
        self.ends: list[int] = []  # where each ends
        self.tlds: list[int | None] = []  # how long the TLD each label starts with is
        # the last label that ends a domain (a TLD after a label without "_") from any start
        # before the label ahead of it
        self.best = -1
        self.failed_to = -1  # no start before this ends a domain
        self.scheme = -1  # where the next http:// or https:// begins

    def domain_end(self, at: int) -> int | None:
        """Where twitter-text's validDomain read from ``at`` ends: the most labels whose
        last starts with a known TLD, at least two, the one before it without "_" (see
        ``domains.domain_length``), or None."""
        if not (self.start <= at < self.end):
            run = _RUN.match(self.text, at)
            if run is None or "." not in run.group():  # a domain has two labels or more
                self.failed_to = at + 1 if run is None else run.end()
                return None
            self._read(at, run.end())
        elif self.text[at] in "-_." or not _RUN.match(self.text, at, at + 1):
            return None
        index = bisect.bisect_right(self.labels, at) - 1
        if self.best >= index + 2:
            return self.labels[self.best] + (self.tlds[self.best] or 0)
        following = index + 1
        if (following < len(self.labels) and (tld := self.tlds[following]) is not None
                and "_" not in self.text[at:self.ends[index]]):
            return self.labels[following] + tld
        self.failed_to = self._escape(index)
        return None

    def _escape(self, index: int) -> int:
        """Where the next start that may end a domain is, after one in label ``index`` ended
        none: just after the last "_" of the first label from there on that a TLD follows
        (none later ends a domain with a label without "_" before its TLD), or the run's end."""
        for label in range(index, len(self.labels) - 1):
            if self.tlds[label + 1] is not None:
                return self.text.rfind("_", self.labels[label], self.ends[label]) + 1
        return self.end

    def next_try(self, at: int) -> int:
        """The next place a match may start after none did at ``at``: the character before
        the next start that may end a domain or begins http:// or https://."""
        if self.scheme <= at:
            found = _SCHEME.search(self.text, at + 1)
            self.scheme = found.start() if found is not None else len(self.text)
        return max(at + 1, min(self.failed_to, self.scheme) - 1)

    def _read(self, start: int, end: int) -> None:
        self.start, self.end = start, end
        self.labels, self.ends, self.tlds = [], [], []
        at = start
        for label in self.text[start:end].split("."):
            self.labels.append(at)
            self.ends.append(at + len(label))
            # an ASCII label that starts no TLD's name is no TLD: one C-speed match rather
            # than a comparison with each name of its first letter
            maybe = not label.isascii() or _TLD_START.match(label) is not None
            self.tlds.append(tld_length(self.text, at, at + len(label), hyphens=True)
                             if maybe else None)
            at += len(label) + 1
        self.best = -1
        for index in range(len(self.labels) - 1, 0, -1):
            if self.tlds[index] is not None and "_" not in self.text[
                    self.labels[index - 1]:self.ends[index - 1]]:
                self.best = index
                break
