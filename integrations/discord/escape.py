"""Neutralising untrusted social text for Discord: markdown, mentions, links, invisible
characters, and cutting to Discord's length limits without breaking an escape.

Discord renders markdown in message content, embed titles, descriptions and field values, so
each of those gets ``escape``: every character that can start markdown, a mention
(``<@id>``, ``<@&id>``, ``<#id>``, ``</cmd:id>``, ``<t:..>``), ``@everyone``/``@here``, a masked
link ``[x](http://evil)`` or an autolink (``https://``) is backslash-escaped. Discord's
escape rule accepts a backslash before any ASCII punctuation, so the text still *reads* the same
but nothing formats, pings or links. ``discord.utils.escape_markdown`` is not enough on its own:
it deliberately leaves links intact and does not touch ``<#id>`` or ``<t:..>``.

Embed author names and footers render no markdown at all, so they get ``plain`` (cleaned, no
backslashes, which would show literally there).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from urllib.parse import quote, urlsplit

from bot.core.text import (
    MAX_TEXT,
    clean,
    cut_end,
    flat,
    grapheme_cut,
    has_userinfo,
    whole_lines,
)

# ASCII punctuation that can open or close Discord markdown, a mention, a link or an emoji.
# Left alone: , ' " ? ! ; % & = $ + (harmless on their own, and escaping them doubles prose).
_SPECIAL = frozenset("\\*_~`|>#-[]()<>:@/{}.^")
ELLIPSIS = "…"
MAX_URL = 2_048  # longer URLs are refused by Discord (50035), which would lose the whole card


def _escape_char(ch: str) -> str:
    return "\\" + ch if ch in _SPECIAL else ch


def _pieces(cleaned: str) -> list[str]:
    """Each character escaped. A ``+`` is escaped only where it could start a list item (first
    on its line): elsewhere it is prose ("C++", "+1") and stays as typed."""
    out: list[str] = []
    line_start = True
    for ch in cleaned:
        out.append("\\+" if ch == "+" and line_start else _escape_char(ch))
        if ch == "\n":
            line_start = True
        elif not ch.isspace():
            line_start = False
    return out


def escape(text: str) -> str:
    """Clean ``text`` (controls, zero-width, bidi overrides) and escape it for markdown fields."""
    return "".join(_pieces(clean(text)))


def escape_cut(text: str, limit: int, *, suffix: str = "") -> str:
    """``escape(text)`` cut so that it plus ``suffix`` fits in ``limit`` characters.

    Cutting happens on the raw characters, so an escape pair is never split (a dangling
    backslash would escape whatever follows, such as our own suffix). When cut, ``…`` and then
    ``suffix`` follow; when not cut, the suffix is left off."""
    cleaned = clean(text)
    pieces = _pieces(cleaned)
    escaped = "".join(pieces)
    if len(escaped) <= limit:
        return escaped
    if len(suffix) + len(ELLIPSIS) > limit:
        suffix = ""  # no room for our link: the ellipsis alone still says "there is more"
    budget = max(0, limit - len(suffix) - len(ELLIPSIS))
    out: list[str] = []
    used = 0
    for piece in pieces:
        if used + len(piece) > budget:
            break
        out.append(piece)
        used += len(piece)
    body = "".join(out[:grapheme_cut(cleaned, len(out))])
    # Back up to a word boundary when one is near, so the cut does not land mid-word.
    space = body.rfind(" ", max(0, len(body) - 40))
    if space > 0 and not body.endswith(" "):
        body = body[:space]
    return cut_end(body) + ELLIPSIS + suffix


def escape_head(text: str, limit: int) -> tuple[str, int]:
    """The first characters of ``escape(text)`` that fit ``limit``, never half an escape pair,
    and how many characters of the cleaned text they show: for a text that must be shown
    exactly as far as it is shown (a draft), so no word boundary and no ellipsis."""
    cleaned = clean(text)
    out: list[str] = []
    used = 0
    for piece in _pieces(cleaned):
        if used + len(piece) > limit:
            break
        out.append(piece)
        used += len(piece)
    shown = grapheme_cut(cleaned, len(out))
    return "".join(out[:shown]), shown


def escape_lines(text: str, limit: int, *, more: Callable[[int], str],
                 unlisted: int = 0) -> str:
    """``escape(text)`` when it fits ``limit``; else as many of its whole lines as fit with
    ``more(n)`` (escaped) after them, saying how many lines were left out: an answer listing
    rows (tickets, subscriptions) loses its last rows, not half of one and the line counting
    the rest. A first line that does not fit alone is cut as ``escape_cut`` cuts.
    ``unlisted``: lines of a listing after ``text``, counted, not built
    (``bot.core.text.listing``), counted with the lines left out."""
    # whole (not cut at clean's MAX_TEXT): every line left out is counted
    lines = clean(text, limit=max(MAX_TEXT, len(text))).split("\n")
    # a newline is never escaped, nor can a backslash escape one, and _pieces starts each line
    # afresh: escaped whole lines are the escaped text's lines. Only the lines that may be
    # shown are escaped (once past the limit, the rest are only counted): an answer of
    # 100,000 lines escaped whole held the event loop for seconds
    escaped: list[str] = []
    size = 0
    for line in lines:
        if size > limit:
            break
        escaped.append("".join(_pieces(line)))
        size += len(escaped[-1]) + 1
    kept = whole_lines("\n".join([*escaped, *lines[len(escaped):]]), limit,
                       more=lambda n: escape(more(n)), unlisted=unlisted)
    return escape_cut(text, limit) if kept is None else kept


def escape_line(text: str, limit: int) -> str:
    """``escape_cut`` of ``text`` made one line (an embed title, a field name): line breaks
    there would let a post draw lines that read like the card's own."""
    return escape_cut(flat(text), limit)


def plain(text: str, limit: int) -> str:
    """For places that render no markdown (embed author name, footer): cleaned and cut."""
    one = flat(text)
    if len(one) <= limit:
        return one
    return cut_end(one[: grapheme_cut(one, max(0, limit - 1))]) + ELLIPSIS


# A host Discord holds well formed, as Django's URLValidator has it (every report of 50035
# "Not a well formed URL." matches it): an IP address (IPv6 without a zone), localhost, or
# dot-separated labels of ASCII letters, digits and inner hyphens and of any character from
# U+00A1 to U+FFFF (a domain in any script: Hindi's and Tamil's vowel signs and viramas, or an
# emoji domain's symbol, are no \w, and Django takes them), the last a top-level domain of such
# characters but digits, or an xn-- one, read as written (not lower-cased: "İ" lower-cased is
# two characters). A host of any character past ASCII that fails this (an emoji domain's 😀,
# past U+FFFF; "例子。测试", whose full stops IDNA reads as dots; "a.ß", ß being ss to IDNA)
# is read again in punycode, as Django reads it, where a top-level domain mixing a character
# past U+FFFF with ASCII ("ex😀mple": xn--exmple-…, a hyphen) is refused. Anything else in an
# embed's or a link button's url ("http://intranet/post", an underscore in a host) gets the
# whole message refused (docs/discord.md, Escaping).
_NON_ASCII = "\u00a1-\uffff"
_LABEL = re.compile(rf"(?!-)[a-z0-9{_NON_ASCII}-]{{1,63}}(?<!-)", re.IGNORECASE)
_TOP_LEVEL = re.compile(rf"(?!-)(?:[a-z{_NON_ASCII}-]{{2,63}}|xn--[a-z0-9]{{1,59}})(?<!-)",
                        re.IGNORECASE)
# a host, or an IPv6 address in brackets, and a port of 1 to 5 digits (no user name: safe_url
# refuses one). urlsplit reads past what Django refuses: a port of 000000080 as 80, and "[::1]80"
# or "x[::1]" as the address [::1] alone
_HOST_PORT = re.compile(r"(?:\[[^\[\]]*\]|[^\[\]:]+)(?::[0-9]{1,5})?")


def _labels_ok(host: str) -> bool:
    """``host``'s labels as Django's regular expression reads them; its length is checked
    apart, on urlsplit's hostname, as Django checks it (its punycode may be longer)."""
    labels = host.removesuffix(".").split(".")
    return (len(labels) > 1
            and all(_LABEL.fullmatch(label) for label in labels)
            and _TOP_LEVEL.fullmatch(labels[-1]) is not None)


def _host_ok(host: str, netloc: str) -> bool:
    """``host`` is urlsplit's hostname, lower-cased; Django reads the labels as written in
    ``netloc``: "İ".lower() is two characters, and "a.İ" a top-level domain of one."""
    if len(host) > 253:
        return False
    if host == "localhost":
        return True
    if "%" in host:  # an IPv6 zone (fe80::1%25eth0): not well formed to Discord
        return False
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    written = netloc.partition(":")[0]
    if _labels_ok(written):
        return True
    if written.isascii():
        return False
    # Django's second reading: the whole netloc in punycode, a port part of the label beside
    # it ("1.2.3.😀:80" is "1.2.3.xn--:80-…"), which is then refused
    try:
        coded = netloc.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    host = coded.partition(":")[0]
    return _netloc_ok(coded) and _labels_ok(host.lower())


def _netloc_ok(netloc: str) -> bool:
    """A host (or an IPv6 address in brackets, nothing glued to them) and a port of 1 to 5
    digits if any, not left empty (``https://a.example:/x``)."""
    return _HOST_PORT.fullmatch(netloc) is not None


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL Discord will accept, else None.

    A card with a URL Discord refuses fails as a whole (50035), so a hostile or broken link must
    be dropped rather than sent. One holding a user name or a password, which Discord takes,
    is dropped too (``has_userinfo``: ``https://www.acme.com@evil.example/`` opens
    evil.example)."""
    if not url or len(url) > MAX_URL:
        return None
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url) or clean(url) != url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or too big
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname \
            or has_userinfo(parts.netloc) or not _netloc_ok(parts.netloc) \
            or not _host_ok(parts.hostname, parts.netloc):
        return None
    return url


def link_target(url: str) -> str:
    """``url`` made safe inside our own masked link ``[text](<url>)``: brackets, parentheses and
    angle brackets are percent-encoded so the link cannot be closed early."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")
