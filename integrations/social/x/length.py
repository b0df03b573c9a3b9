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
  only (``日本acme.com`` links ``acme.com``, ``日本.com`` nothing); a link needs no space
  beside CJK (``返品acme.com返品``);
* a link's path and query end where twitter-text's do (``_PATH``, ``_QUERY``): before a CJK
  character, so ``https://acme.com/返品`` counts 23 + 4; a t.co link's path is its slug
  (``_TCO``: ``https://t.co/abc's`` counts 23 + 2; a slug over 40 characters is no link).

Hand-written rather than a dependency: the one Python port on PyPI (twitter-text-parser 3.0.0,
May 2023, one maintainer) carries Unicode 12 emoji data (an emoji sequence newer than 2019
would count per code point), imports ``pkg_resources`` (gone from current setuptools) and has
no types. What this module leaves out: twitter-text's special cases of auto-filled reply
mentions, which drafts do not use; and, without a scheme, the ASCII part of a domain that
starts after a subdomain's ``.``, ``_`` or ``-`` (``日本.acme.com``, ``a_b.acme.com``), which
twitter-text links and which here starts no link (the domain counts as typed).
"""

from __future__ import annotations

import bisect
import unicodedata

import regex

from integrations.social.common.domains import (
    DOMAIN_CHAR,
    domain_end,
    domain_fits,
    domain_length,
    is_country,
)

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

# A link starts after anything but an ASCII letter or digit, @, $ or # (half- or full-width)
# or an invalid character (twitter-text's validUrlPrecedingChars): a CJK letter is no part of
# a link, so "返品https://acme.com/x" links what follows it
_BEFORE = r"(?<![A-Za-z0-9@＠$#＃\ufffe\ufeff\uffff])"
_SCHEME = regex.compile(rf"{_BEFORE}https?://", regex.IGNORECASE)
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
# Without a scheme, twitter-text links the ASCII part of a domain (extractUrlsWithIndices over
# validAsciiDomain: labels of ASCII letters, digits, - and Latin accents; "日本acme.com" links
# "acme.com", "日本.com" nothing), its last label starting with a known TLD read as with a
# scheme (``domain_length``: "acme.com返品", "acme.com.example"), not after - _ . or /
# (invalidUrlWithoutProtocolPrecedingChars). No start inside a run of labels is tried, so a
# hostile "a.a.a.…" is read once.
_ASCII_LABEL = rf"[a-z0-9{_LATIN}](?:[a-z0-9{_LATIN}-]*[a-z0-9{_LATIN}])?"
_BARE = regex.compile(
    rf"(?<![A-Za-z0-9@＠$#＃\ufffe\ufeff\uffff_./{_LATIN}-])(?:{_ASCII_LABEL}\.){{1,2047}}"
    rf"(?P<last>{DOMAIN_CHAR}+)", regex.IGNORECASE)
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
    """The spans of the URLs X would shorten, in order; of two that overlap, the first."""
    # a link with a scheme, then the text it was read from (longer when a t.co slug is cut)
    read = _scheme_urls(text)
    spans = [(start, end) for start, end, _ in read]
    starts = [start for start, _, _ in read]  # in order, none overlapping
    at = 0
    while (m := _BARE.search(text, at)) is not None:
        # the last label runs on into what follows the domain ("comこれは"): read on from it
        at = m.start("last")
        length = domain_length(text, m.start(), m.end())
        if length is None:
            continue  # under no top-level domain twitter-text knows (app.js, 1.1.1.1)
        start, end = m.start(), m.start() + length
        at = end
        host = text[start:end]
        rest = _PORT_PATH.match(text, end)
        if rest is not None and rest.group("path"):
            end = rest.end()  # without a path, the domain alone (extractUrlsWithIndices)
        elif host.count(".") == 1:
            tld = host.rsplit(".", 1)[1].lower()
            if is_country(tld) and tld not in _SHORT_SPECIAL:
                continue  # acme.jp: typed text to X (invalidShortDomain)
        # none inside the text a link with a scheme was read from (the rest of a t.co one)
        within = bisect.bisect_right(starts, start) - 1
        if domain_fits(host, end - start) and not (within >= 0 and start < read[within][2]):
            spans.append((start, end))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _scheme_urls(text: str) -> list[tuple[int, int, int]]:
    """The spans of the URLs with http:// or https:// whose domain X links (``_SCHEME``), each
    with the end of the text it was read from."""
    spans: list[tuple[int, int, int]] = []
    at = 0
    while (scheme := _SCHEME.search(text, at)) is not None:
        at = scheme.end()
        domain = domain_end(text, at)
        if domain is None:
            continue  # no domain X links: the characters count as typed
        end = domain
        if (rest := _PORT_PATH.match(text, domain)) is not None:
            end = rest.end()
        if not domain_fits(text[at:domain], end - scheme.start()):
            continue
        read = end
        if (tco := _TCO.match(text, scheme.start(), end)) is not None:
            if len(tco.group("slug")) > _TCO_SLUG:
                continue  # no link: counted as typed
            end = tco.end()
        spans.append((scheme.start(), end, read))
        at = read
    return spans

