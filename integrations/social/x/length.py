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
* every URL weighs 23 (the t.co link X puts in its place) whatever its length: one with
  ``http://`` or ``https://``, and one without whose domain ends in a top-level domain
  (``example.com``, ``www.example.com/path``, ``foo.co.jp``, ``t.co``).

Hand-written rather than a dependency: the one Python port on PyPI (twitter-text-parser 3.0.0,
May 2023, one maintainer) carries Unicode 12 emoji data (an emoji sequence newer than 2019
would count per code point), imports ``pkg_resources`` (gone from current setuptools) and has
no types. What this module leaves out: twitter-text's full list of some 1,500 top-level domains
(a bare domain under a TLD missing from ``_GTLDS`` counts as typed; with ``https://`` any
domain is a URL), and its special cases of auto-filled reply mentions, which drafts do not use.
"""

from __future__ import annotations

import unicodedata

import regex

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

# Generic top-level domains a bare domain is read under (X's list is longer: see above); any
# two-letter one is a country's
_GTLD_NAMES = """
com net org edu gov mil int info biz name pro mobi aero asia cat coop jobs museum tel travel
app dev page blog shop store online site website tech space xyz club live life world today news
media email cloud link art design agency company group network digital social solutions
services support systems software tools team help works zone center global one top vip wiki
technology academy bank cafe capital care cash city codes community consulting dating
deals directory education energy events exchange expert finance fitness foundation fund games
guide health holdings host house institute international investments land legal limited loans
management marketing money partners photography pictures pizza plus press productions
properties realty recipes restaurant reviews run school science security shopping show ski
studio style tax taxi theater tips tours town toys training tv university ventures video
vision watch wine work xn--p1ai"""
_GTLDS = frozenset(_GTLD_NAMES.split())
_LABEL = r"[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?"
# at most 126 labels before the TLD (a DNS name is at most 253 characters): each start is read
# a bounded way, so a hostile "a.a.a.…" costs linear time
_HOST = (rf"(?:{_LABEL}\.){{1,126}}(?:\p{{L}}{{2,63}}|xn--[a-z0-9-]{{1,59}})"
         r"|(?:\d{1,3}\.){3}\d{1,3}")
# a URL starts after a space, a start or punctuation that is no part of a word, address or tag;
# its path runs to the next space and loses a trailing punctuation mark (and a ")" it did not
# open), as twitter-text's valid_url_path_ending_chars leaves them out
_URL = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}@＠$#＃_./-])(?P<scheme>https?://)?(?P<host>{_HOST})"
    rf"(?P<port>:\d{{1,5}})?(?P<path>[/?#][^\s]*)?(?![\p{{L}}\p{{N}}_-])", regex.IGNORECASE)
_TRAILING = ".,:;!?'\"…»”’"


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
    """The spans of the URLs X would shorten, in order."""
    spans: list[tuple[int, int]] = []
    for m in _URL.finditer(text):
        host = m.group("host")
        tld = host.rsplit(".", 1)[-1].lower()
        if m.group("scheme") is None:
            if tld.isdigit():
                continue  # a bare IP address is no link to X
            if not (tld in _GTLDS or (len(tld) == 2 and tld.isascii())):
                continue
        start, end = m.span()
        if m.group("path"):
            end = _trim(text, m.start("path"), end)
        spans.append((start, end))
    return spans


def _trim(text: str, start: int, end: int) -> int:
    """Where a URL's path ends: without its trailing punctuation and an unopened ")"."""
    while end > start:
        last = text[end - 1]
        if last in _TRAILING or (last == ")" and text.count("(", start, end) <
                                 text.count(")", start, end)):
            end -= 1
            continue
        break
    return end
