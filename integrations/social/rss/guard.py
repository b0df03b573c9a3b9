"""Feeds refused before feedparser reads them, because reading them would cost seconds.

feedparser's work is per token and in Python, and a document that is not well-formed is read
twice: by expat up to its first error, then whole by feedparser's loose SGML parser. Measured
(feedparser 6.0, expat 2.5, seconds of one poll of one feed on a busy 2-core machine):

- Entities. expat expands a DTD's entities up to its amplification limit, which only starts
  counting after 8 MiB: a 900-byte "billion laughs" cost 0.65-1.3 s. feedparser keeps the
  plain-text entities for its loose parser, which expands every reference with ``str.replace``
  over the whole text: 200 KB declaring one 50 KB entity and referencing it 50,000 times took
  49 s. A feed needs no entities, so one declaring any entity other than a single character
  (``<!ENTITY nbsp "&#160;">``, which old templates carry and which expands to no more than it
  costs to write) is refused.
- Markup. Each start tag costs about 18 us in expat's callbacks and as much again in the loose
  parser (the ``xml:base`` join each one makes, its language and namespace stacks); any other
  ``<`` or ``&`` 2-7 us. A megabyte of ``<a`` took 9 s a poll, of unclosed ``<a>`` 14 s (expat
  reads to the end before it fails, then the loose parser reads it all again), and a feed may
  be ``MAX_BODY`` (10 MB). A feed with more than ``MAX_TAGS`` start tags or ``MAX_MARKUP`` of
  ``<`` and ``&`` together (outside CDATA sections, which both parsers take as one piece of
  text) is refused: the worst feed under both costs 1.2-1.4 s a poll. Real feeds have one start
  tag in 70-140 bytes and 20-70 ``<`` and ``&`` a kilobyte, so this is a feed of 3-6 MB,
  thousands of entries (Google Alerts sends 20, a subreddit's ``.rss`` 25): a big podcast or
  release-notes feed full of escaped HTML still reads.

- Attributes. feedparser's strict parser takes time quadratic in the attributes of one
  element and in the namespaces declared (``startElementNS``, ``getValueByQName``): one
  element with 10,000 attributes (97 KB) took 1.8 s, 40,000 took 23 s, and 39,000 elements
  each declaring a namespace 61 s (a hostile-input review, 2026-12-05). A feed with an
  element of more than ``MAX_TAG_ATTRIBUTES`` attributes, more than ``MAX_ATTRIBUTES`` in all
  or more than ``MAX_NAMESPACES`` ``xmlns`` declarations is refused: the worst feed under all
  three took 0.4-1.4 s. Real feeds have at most 10 attributes on an element, 2,000 in all
  (the largest recorded one) and 10 namespaces.

- Categories and keywords. feedparser keeps an entry's (and the channel's) categories and
  keywords in one list it searches before each append (``_add_tag``): quadratic in the terms
  of one entry. A comma-separated keywords element (``itunes:keywords``, ``media:keywords``) is
  one start tag however many terms it holds: 20,000 keywords in one element (129 KB) took 5 s
  a poll, and a megabyte of them minutes; 39,000 categories in one entry, under ``MAX_TAGS``,
  about half a minute (a hostile-input review, 2026-12-06). A feed with an entry (or a
  channel) of more than ``MAX_ENTRY_TERMS`` categories and keywords is refused. Real entries
  have a dozen keywords and a few categories.

- Prolog. feedparser reads the encoding with a regex over the first line, and the DOCTYPE and
  entities with regexes from each line's start up to the first element: time cubic and
  quadratic in them (a 13 KB first line 4 s, 200 KB of ``<!DOCTYPE`` 40 s), the GIL held, so
  the event loop stopped too (a feed reader operator's review, 2026-12-07). A long first line is
  ended after its declaration (``declaration_alone``); a declaration longer than
  ``MAX_DECLARATION``, or a prolog of more than ``MAX_PROLOG`` bytes or ``MAX_PROLOG_LINES``
  lines, is refused before those regexes run.

- Authors. feedparser looks for an e-mail address in an author's text with a regular
  expression that starts again at each character of a run of letters, digits and ``_.+-``
  and reads to the run's end: time quadratic in the run. An author of 20,000 such characters
  took 1.5 s a poll, 100,000 some 40 s, a megabyte an hour (a fuzzing review, 2026-12-07). A
  feed with an author holding a run of more than ``MAX_AUTHOR_RUN`` is refused. Real authors
  are names and addresses.

The checks read what feedparser's parsers will be given: its own encoding conversion and
DOCTYPE rewrite (``convert_to_utf8``, ``replace_doctype``) run first, so no encoding (UTF-16,
EBCDIC, UTF-7) and no layout its regular expressions misread can hide a declaration.
"""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Mapping

from feedparser.encodings import convert_to_utf8
from feedparser.sanitizer import replace_doctype

MAX_TAGS = 40_000
MAX_MARKUP = 200_000
MAX_ATTRIBUTES = 50_000  # in the whole feed
MAX_TAG_ATTRIBUTES = 100  # on one element
MAX_NAMESPACES = 200  # xmlns declarations in the whole feed
MAX_ENTRY_TERMS = 1_000  # categories and keywords of one entry, or of the channel
# feedparser's regexes over a document's first line and its prolog (``declaration_alone``,
# ``_prolog``): the longest XML declaration, and what may come before the first element. Real
# feeds: a declaration of 40 bytes, a prolog of 3 lines and 163 bytes at most (an RSS 0.91
# DOCTYPE); the worst prolog under both bounds costs 0.13 s
MAX_DECLARATION = 1_024
MAX_PROLOG = 64 * 1024
MAX_PROLOG_LINES = 200
MAX_AUTHOR_RUN = 2_000  # letters, digits and "_.+-" in a row in an author's text
# An author's text, as feedparser looks for an e-mail address in it (``_sync_author_detail``:
# RSS author, managingEditor, webMaster, dc:creator, dc:author, itunes:author): plain or in
# CDATA sections, up to the element's end
_AUTHOR = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?(?:author|creator|managingEditor|webMaster)\b[^<>]*>"
    rb"((?:[^<]++|<!\[CDATA\[.*?\]\]>)*)", re.S | re.I)
# the run that regular expression reads to the end from each of its characters, taken whole
# (a bounded repeat, "{2001,}", is tried again from each character of a shorter run: itself
# quadratic)
_EMAIL_RUN = re.compile(rb"[A-Za-z0-9_.+-]++")
# what an entity may stand for: one character, written or as a character reference
_ONE_CHARACTER = re.compile(r".|&#(?:[0-9]{1,7}|x[0-9a-fA-F]{1,6});", re.S)
# a section closes at the first "]]>" after it; one that never closes is counted as markup
_CDATA = re.compile(rb"<!\[CDATA\[.*?\]\]>", re.S)


class _Declares(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _Root(Exception):
    """The root element began: the DTD is behind."""


def _expat_declares(data: bytes) -> str | None:
    """The first entity expat would be given by the document's DTD that is more than one
    character, read only up to the root element."""

    def declared(name: str, is_parameter: int, value: str | None, *_: object) -> None:
        if is_parameter or value is None or len(value) != 1:
            raise _Declares(name)

    def root(*_: object) -> None:
        raise _Root

    parser = xml.parsers.expat.ParserCreate()
    parser.EntityDeclHandler = declared
    parser.StartElementHandler = root
    try:
        parser.Parse(data, True)
    except _Declares as found:
        return found.name
    except (_Root, xml.parsers.expat.ExpatError):
        pass  # past the DTD, or where expat stops reading: nothing further is declared
    return None


def declaration_alone(body: bytes) -> bytes:
    """``body`` with its XML declaration (its first ``?>``, within ``MAX_DECLARATION`` bytes)
    alone on its first line: feedparser reads the encoding with ``^<\\?.*encoding=['"](.*?)
    ['"].*\\?>`` over the first line, whose time is cubic in that line's length when it does
    not match (a one-line feed of ``encoding='a' `` without ``?>``: 13 KB took 4 s, the GIL
    held, the event loop stopped). A newline after the declaration is whitespace the prolog
    allows; a first line shorter than ``MAX_DECLARATION`` is left as it is (a DOCTYPE that
    begins a line is read otherwise by feedparser's ``replace_doctype``: ``refusal`` reads the
    DTD as written too)."""
    if (not body.startswith(b"<?") or len(body) < MAX_DECLARATION
            or body.find(b"\n", 0, MAX_DECLARATION) >= 0):
        return body
    end = body.find(b"?>", 2, MAX_DECLARATION)
    if end < 0:
        return body
    return body[:end + 2] + b"\n" + body[end + 2:]


def _first_line(body: bytes) -> str | None:
    """Why a document's first line is too long for feedparser's encoding regex, or None: one
    opening with ``<?`` whose declaration ``declaration_alone`` could not end."""
    if not body.startswith(b"<?") or len(body) <= MAX_DECLARATION + 1:
        return None
    if body.find(b"\n", 0, MAX_DECLARATION + 2) < 0:
        return f"its XML declaration does not end within its first {MAX_DECLARATION:,} bytes"
    return None


def _prolog(data: bytes) -> str | None:
    """Why what comes before a document's first element (where ``replace_doctype`` looks for
    its DOCTYPE and entities, with ``^\\s*<!DOCTYPE([^>]*?)>`` from each line's start: time
    quadratic in it, 20 KB of newlines 1.5 s and 200 KB of ``<!DOCTYPE`` 40 s, the GIL held) is
    too long, or None."""
    first = re.search(rb"<\w", data)  # as replace_doctype divides the document
    head = data[:first.start() + 1] if first else data
    if len(head) > MAX_PROLOG:
        return (f"it has {len(head):,} bytes before its first element, more than the "
                f"{MAX_PROLOG:,} a feed is read with")
    if (lines := head.count(b"\n")) > MAX_PROLOG_LINES:
        return (f"it has {lines:,} lines before its first element, more than the "
                f"{MAX_PROLOG_LINES:,} a feed is read with")
    return None


def _outside_cdata(data: bytes) -> bytes:
    """The document without its CDATA sections, which both parsers take as one piece of
    text."""
    last_close = data.rfind(b"]]>")
    if last_close >= 0:  # no section closes after the last "]]>": the regex never scans twice
        cut = last_close + 3
        data = _CDATA.sub(b"", data[:cut]) + data[cut:]
    return data


def _markup(data: bytes) -> tuple[int, int]:
    """(start tags, ``<`` and ``&``) of a document without its CDATA sections."""
    opens = data.count(b"<")
    tags = opens - data.count(b"</") - data.count(b"<!") - data.count(b"<?")
    return tags, opens + data.count(b"&")


# a start tag up to its end or the next tag: what lies in it after its name is its attributes
_START_TAG = re.compile(rb"<[^<>!?/][^<>]*")


def _attributes(data: bytes) -> tuple[int, int, int]:
    """(attributes, the most on one element, namespace declarations) of a document without its
    CDATA sections: each ``=`` in a start tag is counted as an attribute, so a value holding
    one (a link's query) counts twice, which only errs towards refusing a feed no template
    writes."""
    total = most = 0
    if data.count(b"=") > MAX_TAG_ATTRIBUTES:  # a plain feed of a few dozen: no scan
        for tag in _START_TAG.finditer(data):
            n = tag.group().count(b"=")
            total += n
            most = max(most, n)
    else:
        total = most = data.count(b"=")
    return total, most, data.count(b"xmlns")


# what starts an entry, and what gives it a term (a keywords or tags element: one a comma)
_TERMS = re.compile(rb"<(?:[\w.-]+:)?(item|entry|category|subject|keywords|tags)(?=[\s/>])",
                    re.I)


def _commas_kept(data: bytes) -> bytes:
    """The document with each CDATA section replaced by its commas alone: a keywords element's
    terms may be written in one, and nothing else in one is markup."""
    last_close = data.rfind(b"]]>")
    if last_close >= 0:  # as ``_outside_cdata``: the regex never scans twice
        cut = last_close + 3
        data = _CDATA.sub(lambda m: b"," * m.group().count(b","), data[:cut]) + data[cut:]
    return data


def _most_terms(data: bytes) -> int:
    """The most categories and keywords feedparser would give one entry (or the channel): a
    category or subject element one, a keywords or tags element one and one a comma, up to
    the next end tag (which CDATA's commas are kept for)."""
    data = _commas_kept(data)
    most = here = 0
    counted_to = 0  # the text up to here is counted: each byte once however the tags nest
    end = -1  # the next "</" at or after the last keywords element (len(data): none)
    for m in _TERMS.finditer(data):
        name = m.group(1).lower()
        if name in (b"item", b"entry"):
            here = 0
            continue
        here += 1
        if name in (b"keywords", b"tags"):
            start = max(m.end(), counted_to)
            if end < start:
                found = data.find(b"</", start)
                end = len(data) if found < 0 else found
            here += data.count(b",", start, end)
            counted_to = max(counted_to, end)
        most = max(most, here)
    return most


# what to do about a feed too big to read (a podcast's every episode, a site's whole archive)
SHORTER = ": put a shorter feed in urls (the site's latest entries, or one category's or tag's)"


def _longest_author_run(data: bytes) -> int:
    """The longest run past ``MAX_AUTHOR_RUN`` of the characters of an e-mail address's local
    part in an author's text, else 0. feedparser's search for an address there starts again
    at each character of such a run and reads to its end: time quadratic in the run (20,000
    characters, 1.5 s of a poll; a megabyte, an hour). Read once, in linear time, after the
    tags' budget."""
    longest = 0
    for author in _AUTHOR.finditer(data):
        for run in _EMAIL_RUN.finditer(author.group(1)):
            longest = max(longest, run.end() - run.start())
    return longest if longest > MAX_AUTHOR_RUN else 0


def refusal(body: bytes, headers: Mapping[str, str]) -> str | None:
    """Why feedparser must not be given ``body`` (served with ``headers``; in UTF-8 or an
    encoding ``<``, ``?``, ``>`` and newlines are bytes of, its declaration alone on its first
    line: ``declaration_alone``), or None."""
    if (why := _first_line(body)) is not None:
        return why
    data = convert_to_utf8(dict(headers), body, {})
    if (why := _prolog(data)) is not None:
        return why
    written = data
    _version, data, entities = replace_doctype(data)
    name = next((k for k, v in entities.items() if not _ONE_CHARACTER.fullmatch(v)), None)
    # as feedparser's parsers read it, and as written: a DOCTYPE on the line a long first line
    # was ended at (``declaration_alone``) is cut by replace_doctype, its declarations unseen
    name = name or _expat_declares(data) or _expat_declares(written)
    if name is not None:
        return (f"its DTD declares the entity {name!r}; a feed may declare only one-character "
                f"entities such as nbsp")
    whole, data = data, _outside_cdata(data)
    tags, markup = _markup(data)
    if tags > MAX_TAGS:
        return (f"it has {tags:,} tags, more than the {MAX_TAGS:,} a feed is read with{SHORTER}")
    if markup > MAX_MARKUP:
        return (f"it has {markup:,} '<' and '&', more than the {MAX_MARKUP:,} a feed is read "
                f"with{SHORTER}")
    # after the tags' budget: its loop then runs over at most MAX_TAGS of them
    terms = _most_terms(whole)
    if terms > MAX_ENTRY_TERMS:
        return (f"an entry of it has {terms:,} categories and keywords, more than the "
                f"{MAX_ENTRY_TERMS:,} an entry is read with")
    if (run := _longest_author_run(whole)) > MAX_AUTHOR_RUN:
        return (f"an author of it holds {run:,} letters and digits without a blank, more than "
                f"the {MAX_AUTHOR_RUN:,} an author is read with")
    attributes, most, namespaces = _attributes(data)
    if most > MAX_TAG_ATTRIBUTES:
        return (f"an element of it has {most:,} attributes, more than the "
                f"{MAX_TAG_ATTRIBUTES:,} a feed is read with")
    if attributes > MAX_ATTRIBUTES:
        return (f"it has {attributes:,} attributes, more than the {MAX_ATTRIBUTES:,} a feed is "
                f"read with{SHORTER}")
    if namespaces > MAX_NAMESPACES:
        return (f"it declares {namespaces:,} namespaces, more than the {MAX_NAMESPACES:,} a "
                f"feed is read with")
    return None
