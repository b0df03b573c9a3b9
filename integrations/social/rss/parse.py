"""RSS / Atom bytes to ``Mention``s: encoding repair, feedparser, dates, stable ids.

Pure (the first-seen time is passed in). Rules, in order of how real feeds break:

- Encoding: feedparser honours the HTTP charset, the XML declaration and a BOM. Bytes that
  declare nothing, or are labelled UTF-8 (by the server's default charset or a template's
  declaration) but are not UTF-8, are sniffed first: a non-UTF-8 encoding named by the XML
  declaration when the bytes decode with it; else what ``charset_normalizer`` recognises among
  the East Asian multi-byte encodings and the single-byte ones (Cyrillic windows-1251, KOI8-R,
  ISO-8859-5; Greek, Hebrew, Arabic, Thai; the Latin ISO-8859 and windows code pages). Latin
  code pages are told apart by which one decodes to letters rather than symbols, with
  windows-1252 (what browsers assume) winning ties. The bytes are then transcoded to UTF-8 and
  the labels rewritten, so feedparser reads text, not mojibake. Bytes past ASCII that read
  as UTF-8 under a legacy label (a server's default charset, or a template's XML declaration,
  kept after the site moved to UTF-8: ``encoding="windows-1252"`` on UTF-8 read ``Café`` as
  ``CafÃ©``) are relabelled UTF-8: legacy text past ASCII all but never reads as UTF-8. A
  declaration naming UTF-16 or -32 on bytes readable a byte a character lies and is read as
  naming nothing. A byte order
  mark's encoding, and UTF-16, UTF-32 or EBCDIC told by their first bytes, are decoded to UTF-8
  first (the guard's bounds count bytes as feedparser's regexes read them).
- Cost: a feed whose DTD declares entities, or with more markup than a feed needs, is refused
  unread (``guard``): feedparser would spend seconds on it.
- Well-formedness: a bozo feed that still yields entries is used (the caller logs it); a bozo
  feed with no usable entry, or bytes a codec or feedparser raises on (a declared punycode or
  utf-7, markup its loose parser trips over), raises ``MalformedPayload``. An entry that
  cannot be read is skipped, with why, and the others are kept. A missing content type or an
  overridden encoding is not treated as damage. A web page is said as one, with its title and
  the feed it names (``web_page``).
- Dates: ``published``, then ``updated``, then the first time we saw the entry (an RFC 822
  date without a zone, which feedparser leaves unread with a day name, is UTC). A date ahead of
  the first-seen time is replaced by it, so it cannot pin a cursor: up to ``AHEAD_TOLERANCE``
  (an hour) ahead it is the server's clock running fast, and the entry is dated now like any
  other; further ahead the date cannot be right (a typo, a wrong year) and the entry is as
  good as undated. ``FeedResult`` names the entries of each kind (``undated``, ``ahead``): a
  first read cannot place them in the feed's history.
- Ids: ``rss:<sha1(feed url + "\\n" + entry id or link or title+summary)>``: stable across polls
  and distinct across feeds that reuse entry ids. An id or link that is a web address is read
  without the session a server wrote into it (``identity_url``: ``;jsessionid=``,
  ``PHPSESSID``), new at each fetch. Entries of a document that share that key
  (a feed that gives every entry one guid) have their link and title added to it, and so do
  entries of a key told apart in an earlier document (``told_apart``, kept by the caller):
  an entry's id must not change with what else the document holds, or it is read again.
- Links in entry content resolve against the ``xml:base`` in scope (feedparser reports it per
  content element), else the feed's URL.
- Authors: the entry's; an Atom entry without one has the feed's (RFC 4287 section 4.2.1). The
  name is the author's key, handle and display name: cleaned to one line of at most
  ``MAX_AUTHOR`` characters (as Mastodon's handles and names), so a ``<dc:creator>`` of a
  megabyte or of several lines is neither stored whole nor shown broken.
"""

from __future__ import annotations

import calendar
import email.utils
import hashlib
import html
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from pydantic import ValidationError

from bot.core.errors import UNREADABLE, MalformedPayload, unreadable
from bot.core.models import EARLIEST, Author, Mention
from bot.core.text import clean, one_line
from integrations.social.common.dating import AHEAD_TOLERANCE  # clock skew: dated now
from integrations.social.rss.guard import declaration_alone, refusal
from integrations.social.rss.html import MAX_MARKUP, HtmlText, html_to_text
from integrations.social.rss.zones import numeric_date, with_offset, zone_of

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.I)
_CJK = ("euc_jp", "euc_jis_2004", "euc_jisx0213", "shift_jis", "cp932", "shift_jis_2004",
        "big5", "big5hkscs", "cp950", "gb2312", "gbk", "gb18030", "euc_kr", "cp949", "iso2022_jp")
# single-byte code pages whose letters are not Latin: charset_normalizer tells them apart well
_NON_LATIN = ("cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp1253",
              "iso8859_7", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp874", "tis_620")
# Latin code pages share ASCII and differ in a few letters: chosen by what decodes to letters
_LATIN = ("cp1252", "iso8859_15", "iso8859_2", "cp1250", "iso8859_9", "cp1254", "iso8859_13",
          "cp1257", "iso8859_4", "iso8859_3", "iso8859_16")
_UTF8 = frozenset({"utf-8", "utf8", "utf_8"})
_ASCII = bytes(range(0x80))
LATIN_SAMPLE = 65_536  # high bytes of an undeclared feed its Latin code page is chosen by
_UTF8_BOM = b"\xef\xbb\xbf"
# byte order marks, UTF-32's first (its little-endian one begins with UTF-16's), and "<?" in
# UTF-16 or UTF-32 without one, or "<?xm" in EBCDIC (XML 1.0 appendix F): decoded to UTF-8
# first, so what feedparser's regexes read is the bytes the guard bounds
_MARKED = ((b"\x00\x00\xfe\xff", "utf-32-be", 4), (b"\xff\xfe\x00\x00", "utf-32-le", 4),
           (b"\xfe\xff", "utf-16-be", 2), (b"\xff\xfe", "utf-16-le", 2),
           (b"\x00\x00\x00<", "utf-32-be", 0), (b"<\x00\x00\x00", "utf-32-le", 0),
           (b"<\x00?\x00", "utf-16-le", 0), (b"\x00<\x00?", "utf-16-be", 0),
           (b"\x4c\x6f\xa7\x94", "cp037", 0))
# encodings of two or four bytes a character: a declaration readable a byte a character that
# names one lies
_WIDE = re.compile(r"(?:utf-?(?:16|32)(?:-?[lb]e)?|ucs-?[24]|unicode)", re.I)
_LOOKS_LIKE_HTML = re.compile(r"</?(?:p|div|a|br|span|img|table|!--)[\s>/]", re.I)
MAX_AUTHOR = 300
# a JSON Feed (jsonfeed.org: "version" names https://jsonfeed.org/version/1 or /1.1), which
# feedparser 6.0 does not read: said as such, with what to use instead. A JSON object whose
# "version" is anywhere in it (an object's keys have no order: a map written with sorted keys,
# Go's encoding/json, puts it after every item); its slashes may be written escaped (``\/``,
# RFC 8259 section 7: PHP's json_encode by default, WordPress's REST API)
_JSON_OBJECT = re.compile(rb"(?:\xef\xbb\xbf)?\s*\{")
_JSON_FEED = re.compile(rb"\"version\"\s*:\s*\"https?:\\?/\\?/jsonfeed\.org\\?/")
# A web page where a feed was asked for (a login or captive portal, a blog's home page): its
# title and the feed it names (RSS autodiscovery, rssboard.org/rss-autodiscovery) are read from
# its first ``PAGE_HEAD`` bytes, where a page's head is
_WEB_PAGE = re.compile(rb"(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html)[\s>]", re.I)
_PAGE_TYPES = ("text/html", "application/xhtml+xml")
PAGE_HEAD = 256 * 1024
# bounded, as each "<link" or "<title" is scanned from: a page of them unclosed costs no square
_PAGE_TITLE = re.compile(r"<title[^<>]{0,200}>([^<]{1,1000})", re.I)
_LINK_TAG = re.compile(r"<link\b[^<>]{0,2000}>", re.I)
_TAG_ATTR = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
# Bozo reasons that say nothing about the document's structure.
_BENIGN = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


@dataclass
class FeedResult:
    mentions: list[Mention] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why each unusable entry was dropped
    bozo: str | None = None  # what was wrong with a damaged but usable feed
    encoding: str | None = None
    title: str = ""
    undated: set[str] = field(default_factory=set)  # ids of entries that give no date
    # ids of entries dated more than AHEAD_TOLERANCE ahead: that date cannot be right
    ahead: set[str] = field(default_factory=set)
    # digests (``key_digest``) of the keys whose entries were told apart by link and title
    told_apart: list[str] = field(default_factory=list)
    # id of an entry told apart -> the id its key alone gave it (a release before, or a
    # document before in which no other entry had that key)
    merged: dict[str, str] = field(default_factory=dict)
    # id -> the entry's own ``updated`` (Atom's atom:updated, RFC 4287 section 4.2.15; never
    # an RSS item's pubDate): when its publisher last changed it, which an edit is told by
    updated: dict[str, datetime] = field(default_factory=dict)
    # the named zones of its dates that RFC 822 does not define (``zones``): how each was read
    # is said by the caller
    zones: set[str] = field(default_factory=set)


def _charset(headers: Mapping[str, str]) -> str | None:
    for key, value in headers.items():
        if key.lower() == "content-type":
            m = re.search(r"charset\s*=\s*\"?([A-Za-z0-9._:-]+)", value, re.I)
            return m.group(1) if m else None
    return None


def _sniff_undeclared(body: bytes, *, declared: str | None = None) -> str | None:
    """The encoding of bytes that are not UTF-8, or None when they are UTF-8. ``declared``: a
    non-UTF-8 encoding the XML declaration names, tried first."""
    try:
        body.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            body.decode(declared)
            return declared
        except (UnicodeError, LookupError):  # punycode and "undefined" raise plain UnicodeError
            pass
    try:
        import charset_normalizer  # optional: only needed for undeclared legacy encodings
    except ImportError:  # pragma: no cover - installed alongside requests in every deployment
        return "windows-1252"
    best = charset_normalizer.from_bytes(body, cp_isolation=[*_CJK, *_NON_LATIN, *_LATIN]).best()
    if best is not None and best.encoding in (*_CJK, *_NON_LATIN):
        try:
            body.decode(best.encoding)
            return best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return _best_latin(body.translate(None, _ASCII)[:LATIN_SAMPLE])


def _best_latin(high: bytes) -> str:
    """The Latin code page under which ``high`` (a feed's bytes of 0x80 and above, the first
    ``LATIN_SAMPLE`` of them) read as letters most often (Polish ``ł`` rather than ``³``);
    windows-1252 wins ties. Scored in Python, about 5 s a megabyte: a hostile-input review
    (2026-12-06) found a 10 MB undeclared feed cost 39 s of CPU a poll, scored whole."""
    best, best_score = "windows-1252", -1.0
    for encoding in _LATIN:
        text = high.decode(encoding, errors="replace")
        letters = sum(ch.isalpha() for ch in text)
        bad = sum(ch == "\ufffd" or "\x80" <= ch <= "\x9f" for ch in text)
        score = letters - 2 * bad
        if score > best_score:
            best, best_score = encoding, score
    return "windows-1252" if best == "cp1252" else best


def _label_is_utf8(label: str | None) -> bool:
    return label is None or label.strip().lower() in _UTF8


def _reads_as_utf8(body: bytes) -> bool:
    """Whether ``body`` has bytes past ASCII and reads as UTF-8: text in a legacy code page
    almost never does (its accented or Cyrillic letters break UTF-8's sequences)."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_DECL_ENCODING = re.compile(rb"\A(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])[A-Za-z0-9._:-]+([\"'])",
                            re.I)


def _relabelled(body: bytes) -> bytes:
    """``body`` with its XML declaration, if it has one, naming UTF-8."""
    return _DECL_ENCODING.sub(rb"\g<1>utf-8\g<2>", body, count=1)


def _as_utf8(text: str | bytes, out: dict[str, str]) -> bytes:
    """``text`` (or bytes that are UTF-8) as UTF-8 bytes declaring so, in a declaration and in
    ``out``'s content type."""
    ctype = out.get("content-type", "application/xml").split(";")[0].strip()
    out["content-type"] = f"{ctype}; charset=utf-8"
    return _relabelled(text.encode("utf-8") if isinstance(text, str) else text)


def repair_encoding(body: bytes, headers: Mapping[str, str]) -> tuple[bytes, dict[str, str]]:
    """Transcode legacy bytes that are undeclared or labelled UTF-8 to UTF-8, so feedparser
    neither guesses Latin-1 nor decodes them as broken UTF-8; relabel as UTF-8 the UTF-8 bytes
    that an HTTP charset or the XML declaration calls a legacy encoding."""
    out = {k.lower(): v for k, v in headers.items()}
    if body.startswith(_UTF8_BOM):  # the mark says what the bytes are, whatever labels say
        return _as_utf8(body[3:], out), out
    for mark, codec, skip in _MARKED:
        if body.startswith(mark):
            # UTF-16 that left out its mark was taken for a legacy code page, made nonsense
            return _as_utf8(body[skip:].decode(codec, errors="replace"), out), out
    http = _charset(headers)
    decl = _XML_DECL.match(body)
    xml = decl.group(1).decode("ascii") if decl else None
    if xml is not None and _WIDE.fullmatch(xml.replace("_", "-")):
        # a declaration readable a byte a character is no UTF-16 or -32's: it lies (a .NET
        # StringWriter's, written out as UTF-8), and followed, no feed was read. The bytes are
        # read as they are, as if it named nothing (feedparser itself reads past an HTTP
        # charset that lies so)
        xml, body = None, _relabelled(body)
    if not (_label_is_utf8(http) and _label_is_utf8(xml)) and _reads_as_utf8(body):
        # a legacy label on UTF-8 bytes: a server's default charset, or a template's XML
        # declaration, kept after the site moved to UTF-8 (feedparser honours either, and
        # rescues only ISO-8859-1). Legacy text past ASCII all but never reads as UTF-8: its
        # letters break UTF-8's sequences, so the bytes outweigh the label
        return _as_utf8(body, out), out
    if not (_label_is_utf8(http) and (_label_is_utf8(xml) or http is not None)):
        return body, out  # a real legacy label: feedparser honours it
    encoding = _sniff_undeclared(body, declared=None if _label_is_utf8(xml) else xml)
    if encoding is None:
        return body, out
    text = body.decode(encoding, errors="replace")
    if decl:  # the declaration must now say what the bytes are
        text = re.sub(r"(encoding\s*=\s*[\"'])[A-Za-z0-9._:-]+([\"'])", r"\g<1>utf-8\g<2>", text,
                      count=1)
    ctype = out.get("content-type", "application/xml").split(";")[0].strip()
    out["content-type"] = f"{ctype}; charset=utf-8"
    return text.encode("utf-8"), out


def _page_feed(head: str, base: str) -> str | None:
    """The first feed a page's ``<link rel="alternate" type="application/rss+xml" href>`` (or
    Atom's, RDF's) names, absolute; None when it names none."""
    for tag in _LINK_TAG.finditer(head):
        attrs = {k.lower(): html.unescape(v.strip("\"'")).strip()
                 for k, v in _TAG_ATTR.findall(tag.group())}
        if ("alternate" in attrs.get("rel", "").lower().split()
                and attrs.get("type", "").lower() in _FEED_TYPES and attrs.get("href")):
            try:
                found = _http(urljoin(base, attrs["href"]))
            except ValueError:
                continue
            if found is not None:
                return found
    return None


def web_page(body: bytes, headers: Mapping[str, str], base: str) -> str | None:
    """What to say of a web page read where a feed was asked for, naming its title and what
    to put in urls instead (the feed it names, or the feed's own address); None for bytes
    that are no web page. It was said "not an RSS or Atom feed" and no more."""
    ctype = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if not (ctype.split(";")[0].strip().lower() in _PAGE_TYPES or _WEB_PAGE.match(body)):
        return None
    head = body[:PAGE_HEAD].decode("utf-8", "replace")
    title = _PAGE_TITLE.search(head)
    named = one_line(html.unescape(title.group(1)), 100) if title else ""
    page = f"is a web page ({named!r})" if named else "is a web page"
    feed = _page_feed(head, base)
    if feed is not None:
        return f"{page}, not an RSS or Atom feed; it names its feed: put {feed} in urls"
    return (f"{page}, not an RSS or Atom feed: a login or captive page, or the feed has moved; "
            "put the feed's own URL in urls")


def _stated(entry: Mapping[str, Any],
            keys: tuple[str, ...] = ("published_parsed", "updated_parsed", "created_parsed"),
            ) -> datetime | None:
    """The date an entry gives (published, else updated, else created); None if none reads.
    A date before 1970 reads as none: no post's, and no Mention's (``EARLIEST``). Feeds written
    from .NET give ``0001-01-01T00:00:00`` (``DateTime.MinValue``, an unset date) for
    ``published``; such an entry was skipped whole, its good ``updated`` never read. A negative
    year (PHP's zero date, ``-0001-11-30T00:00:00+00:00``) is none either: feedparser reads it
    as 2000-01-01, an entry dated so was history on a first read and its ``updated`` unread."""
    for key in keys:
        # dict.get: FeedParserDict.get maps updated_parsed to published_parsed, with a warning
        parsed = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
        # a negative year (PHP's zero date, 0000-00-00, written -0001-11-30T00:00:00+00:00)
        # is no date: feedparser reads it as 2000-01-01
        raw = (dict.get(entry, key.removesuffix("_parsed")) if isinstance(entry, dict)
               else entry.get(key.removesuffix("_parsed")))
        if isinstance(raw, str) and raw.lstrip().startswith("-"):
            continue
        # a zone RFC 822 does not name (JST, CEST), which feedparser read as UTC; a date
        # written year first, whose time feedparser lost
        if (numeric := with_offset(raw)) is not None and (
                (when := _rfc822(numeric)) is not None and when >= EARLIEST):
            return when
        if (when := numeric_date(raw)) is not None and when >= EARLIEST:
            return when
        if parsed is None:
            when = _rfc822(raw)
        else:
            try:
                when = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, OSError, ValueError, TypeError):
                continue
        if when is not None and when >= EARLIEST:
            return when
    return None


def _rfc822(raw: object) -> datetime | None:
    """An RFC 822 date feedparser left unread, as UTC when it gives no zone (as feedparser
    reads one without a day name): with its day name and without a zone (``Mon, 30 Nov 2026
    11:55:00``, as CMS templates write it), feedparser reads none, and the entry was undated."""
    if not isinstance(raw, str) or len(raw) > 100:
        return None
    try:
        when = email.utils.parsedate_to_datetime(raw)
        when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):  # year 9999 west of UTC too
        return None
    parts = email.utils.parsedate_tz(raw)
    # the year as written before the time: four digits, or two (RFC 822's, read as 19xx or
    # 20xx); PHP's zero date (``-0001``), ``0000`` or ``0001`` read as a year of 2000 is none
    year = parts[0] if parts else when.year
    if not re.search(rf"(?<![\d:-])({year}|{year % 100:02d})(?=\s+\d{{1,2}}:|\s*$)", raw):
        return None
    return when


def _when(entry: Mapping[str, Any], first_seen: datetime) -> datetime:
    """The entry's date, never after ``first_seen`` (see the module's Dates)."""
    when = _stated(entry)
    return first_seen if when is None or when > first_seen else when


# A server's session written into its links, a new one at each fetch: RFC 3986 section 3.3's
# path parameters (a Java servlet's URL rewriting names it ``jsessionid``, the Servlet
# specification's "URL Rewriting"), or the query (PHP's ``PHPSESSID`` with trans_sid on,
# ColdFusion's ``CFID`` and ``CFTOKEN``, ``sessionid``). Names compared without case.
SESSION_PARAMS = frozenset({"jsessionid", "phpsessid", "sessionid", "session_id", "cfid",
                            "cftoken"})
# ASP.NET's cookieless session: a path segment of ``(S(...))``, with ``A(...)`` or ``F(...)``
_ASPNET_SESSION = re.compile(r"/\((?:[A-Za-z]\([^()/]{0,200}\))+\)(?=/)")
_WEB_ADDRESS = re.compile(r"https?://", re.I)
# characters of a link read for a session: servers refuse a longer request line (nginx and
# Apache at 8 KB), so a longer link is no page's and is taken as it came (a hostile one of
# megabytes cost a second of the parsing thread, holding the GIL)
MAX_SESSION_LINK = 8192


def _no_session(pairs: str, sep: str, *, keep_first: bool = False) -> str:
    """``pairs`` (a query's ``&``-separated ones, or a path segment's ``;`` parameters, after
    its name: ``keep_first``) without those naming a session."""
    head, *rest = pairs.split(sep)
    kept = [p for p in ([] if keep_first else [head]) + rest
            if p.split("=", 1)[0].strip().lower() not in SESSION_PARAMS]
    return sep.join([head, *kept] if keep_first else kept)


def identity_url(url: str) -> str:
    """``url`` as it names an entry: without the session a server wrote into it
    (``SESSION_PARAMS``, ASP.NET's ``(S(...))`` segment), which is new at each fetch, so an
    entry keyed by its link was read again at every poll. Only for telling entries apart: the
    link shown is the feed's. Any other address, and one holding no session, is returned as it
    came, so the ids of entries read before stay the same."""
    if (len(url) > MAX_SESSION_LINK or not _WEB_ADDRESS.match(url)
            or not any(c in url for c in ";(?")):
        return url
    rest, hash_, fragment = url.partition("#")
    rest, query_mark, query = rest.partition("?")
    scheme, _, tail = rest.partition("://")
    host, slash, path = tail.partition("/")
    kept = _ASPNET_SESSION.sub("", "/" + "/".join(
        _no_session(segment, ";", keep_first=True) for segment in path.split("/")))[1:]
    kept_query = _no_session(query, "&")
    if (kept, kept_query) == (path, query):
        return url
    return (f"{scheme}://{host}{slash}{kept}{query_mark if kept_query else ''}{kept_query}"
            f"{hash_}{fragment}")


def entry_key(entry: Mapping[str, Any]) -> str | None:
    for key in ("id", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return identity_url(value.strip())
    title, summary = entry.get("title") or "", entry.get("summary") or ""
    if isinstance(title, str) and isinstance(summary, str) and (title.strip() or summary.strip()):
        return "content:" + title.strip() + "\n" + summary.strip()
    # last: an item of a media file alone (skipped at every poll before); an entry with any key
    # above keeps the one it had
    if (file := enclosure(entry)) is not None:
        return "enclosure:" + identity_url(file)
    return None


def enclosure(entry: Mapping[str, Any]) -> str | None:
    """The address of an entry's first http(s) enclosure (RSS ``<enclosure url>``, Atom
    ``<link rel="enclosure">``): a podcast's episode, a media item; None without one."""
    for item in entry.get("enclosures") or []:
        if isinstance(item, Mapping) and (href := _http(item.get("href"))) is not None:
            return href
    return None


def distinct_key(entry: Mapping[str, Any], key: str) -> str:
    """The key of an entry whose ``key`` another entry of the same document has too (a feed
    that gives every entry one guid, or the feed's own address): its link and title added.
    They were one mention: the first was read, the others never, nor any later entry."""
    link, title = entry.get("link"), entry.get("title")
    return "\n".join((key, identity_url(link) if isinstance(link, str) else "",
                      title if isinstance(title, str) else ""))


def key_digest(key: str) -> str:
    """What the cursor keeps of a key told apart: a guid is any length."""
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def feed_key(feed_url: str) -> str:
    """What the store keeps of a feed's URL (the source's cursor, a mention's ``raw``): one
    feed told from another, never the URL as written, whose path or query may hold the token
    of a private feed (docs/networks.md), which the store has no need of."""
    return "sha256:" + hashlib.sha256(feed_url.encode("utf-8")).hexdigest()


def mention_id(feed_url: str, key: str) -> str:
    return "rss:" + hashlib.sha1((feed_url + "\n" + key).encode("utf-8")).hexdigest()


def _is_text(detail: Any) -> bool:
    """Whether feedparser read a text construct as plain text (``text/plain``): an Atom one of
    ``type="text"``, the type of one that names none (RFC 4287 section 3.1.1), or an RSS
    element holding no markup it knows. Its ``<`` is a character, not a tag: read as HTML,
    ``Fix Vec&lt;T&gt; handling`` was "Fix Vec handling", and the words after an escaped
    ``<script>`` were dropped."""
    return isinstance(detail, Mapping) and detail.get("type") == "text/plain"


def _plain(text: str) -> HtmlText:
    """A plain-text construct as ``html_to_text`` gives markup: bounded, cleaned, no links."""
    return HtmlText(clean(text[:MAX_MARKUP], shown=False))


def _body_html(entry: Mapping[str, Any]) -> tuple[str, str | None, bool]:
    """The longest of summary and content, the base URL its relative links resolve against
    (feedparser reports the ``xml:base`` in scope per element), and whether it is plain text
    (``_is_text``)."""
    best = entry.get("summary") if isinstance(entry.get("summary"), str) else ""
    detail = entry.get("summary_detail")
    base = detail.get("base") if isinstance(detail, Mapping) else None
    plain = _is_text(detail)
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, Mapping) else None
        # >=: feedparser copies an Atom content into summary, without its base
        if isinstance(value, str) and len(value) >= len(best or ""):
            best, base, plain = value, content.get("base"), _is_text(content)
    return best or "", base if isinstance(base, str) and base else None, plain


def _http(value: Any) -> str | None:
    """``value`` when it is an http(s) URL; None for anything else, including a URL that
    ``urlsplit`` refuses ("http://[", a netloc that changes under NFKC)."""
    if not isinstance(value, str):
        return None
    try:
        scheme = urlsplit(value).scheme
    except ValueError:
        return None
    return value if scheme in ("http", "https") else None


def normalize_entry(entry: Mapping[str, Any], *, feed_url: str, feed_title: str,
                    source: str, first_seen: datetime, language: str | None = None,
                    feed_author: Mapping[str, Any] | None = None,
                    key: str | None = None, location: str | None = None) -> Mention:
    """One entry as a Mention; ``key`` (``entry_key``'s unless given) names it. ``location``:
    where the document was read from, after redirects (its relative links' base, RFC 3986
    section 5.1.3); the feed's URL unless given."""
    key = key or entry_key(entry)
    if key is None:
        raise MalformedPayload("rss: entry with no id, link, title or summary")
    raw_title = entry.get("title")
    raw_title = raw_title if isinstance(raw_title, str) else ""
    if _is_text(entry.get("title_detail")):
        title = " ".join(_plain(raw_title).text.split())
    else:
        title = html_to_text(raw_title).text
    markup, base, plain = _body_html(entry)
    # a text body holding paragraphs or links is escaped HTML under a missing or wrong type (an
    # Atom summary with none is text): read as HTML, as it was before text was told apart
    plain = plain and not _LOOKS_LIKE_HTML.search(markup)
    body = _plain(markup) if plain else html_to_text(markup, base=base or location or feed_url)
    if not plain and _LOOKS_LIKE_HTML.search(body.text):
        # double-escaped markup (reddit's RSS, some CMSs): one more pass, never more
        again = html_to_text(body.text, base=base or location or feed_url)
        body = HtmlText(again.text, tuple(dict.fromkeys(body.links + again.links)),
                        tuple(dict.fromkeys(body.media + again.media)))
    text = body.text if body.text.startswith(title) else "\n\n".join(
        p for p in (title, body.text) if p)
    # an item without a link (a podcast's episode) is at its file's address
    link = _http(entry.get("link")) or enclosure(entry)
    if not text and not link:
        raise MalformedPayload("rss: entry with neither text nor link")
    links = [link] if link else []
    links += [u for u in body.links if u not in links]
    media = list(body.media)
    for thumb in entry.get("media_thumbnail") or []:
        url = _http(thumb.get("url")) if isinstance(thumb, Mapping) else None
        if url and url not in media:
            media.append(url)
    reply_to = None
    refs = entry.get("thr_in-reply-to")  # the Atom threading extension, as feedparser names it
    for ref in [refs] if isinstance(refs, Mapping) else refs or []:
        if isinstance(ref, Mapping) and isinstance(ref.get("ref"), str):
            reply_to = ref["ref"]
    author = entry.get("author")
    author_name = author if isinstance(author, str) else ""
    host = urlsplit(feed_url).hostname or feed_url
    detail = entry.get("author_detail")
    if not author_name and feed_author is not None:
        detail = feed_author
        author_name = str(feed_author.get("name") or "")
    author_name = one_line(author_name, MAX_AUTHOR)
    profile = _http(detail.get("href")) if isinstance(detail, Mapping) else None
    try:
        return Mention(
            id=mention_id(feed_url, key), network="rss", source=source, url=link,
            author=Author(id=f"{host}:{author_name}" if author_name else host,
                          handle=author_name or host,
                          display_name=author_name or feed_title, profile_url=profile),
            text=clean(text or link or "", shown=False), language=language,
            created_at=_when(entry, first_seen), reply_to=reply_to,
            links=tuple(links), media=tuple(media),
            raw={"feed": feed_key(feed_url), "entry_key": key, "title": entry.get("title") or ""},
        )
    except ValidationError as exc:
        raise MalformedPayload(f"rss: entry does not fit a Mention: {exc}") from exc


# A character reference to a UTF-16 surrogate (&#xD83D;, &#55357;) or past U+10FFFF (&#x110000;)
# is not a character: XML forbids it, and feedparser's loose parser turns the first into a lone
# surrogate it then fails to encode, and raises on the second (chr() out of range, or an int
# too large for it). Matched: every surrogate and every reference of six hex or seven decimal
# digits or more (planes 15 and 16 among them, so the check is the callback's).
_BAD_CHAR_REF = re.compile(
    rb"&#(?:[xX]0*(?:[dD][89a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{5,})"
    rb"|0*(?:5[5-7]\d{3}|[1-9]\d{6,}))\s*;")


def _bad_char_ref(m: re.Match[bytes]) -> bytes:
    ref = m.group(0)[2:].rstrip(b"; \t\r\n")
    hexa = ref[:1] in (b"x", b"X")
    digits = (ref[1:] if hexa else ref).lstrip(b"0")
    if len(digits) > 8:  # past U+10FFFF in either base, and not worth an int()
        return b"&#xFFFD;"
    value = int(digits, 16 if hexa else 10)
    return b"&#xFFFD;" if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF else m.group(0)


# A CDATA section opened right after an element's start tag, and an entry's end inside what an
# unclosed one swallowed: that element's end tag, then </item> or </entry>
_CDATA_OPEN = re.compile(rb"<([A-Za-z_][\w:.-]*)(?:\s[^<>]*)?>\s*<!\[CDATA\[")
_ENTRY_END = re.compile(rb"</([A-Za-z_][\w:.-]*)\s*>\s*</(?:item|entry)\s*>")


def close_runaway_cdata(body: bytes) -> tuple[bytes, int]:
    """``body`` with each CDATA section never closed ended where its element ends, and how
    many were. With no ``]]>`` after it, an unclosed ``<![CDATA[`` took the entries after it
    (lost): a section that holds its own element's end tag and then an entry's
    (``</description></item>``) is ended before that end tag. One that a later ``]]>`` closes
    is left as written, though an unclosed one followed by another entry's section reads as
    one entry with the entries between as its text: those bytes are exactly a well-formed
    feed whose entry's text (a comment, a forum post: anyone's) quotes an entry's end and an
    entry of its own, and reading that as entries let the text forge one, with its title and
    its link to another site."""
    if b"<![CDATA[" not in body:
        return body, 0
    out: list[bytes] = []
    at = pos = closed = 0
    end = -2  # the next "]]>" (-1: none left), found once for all the sections before it
    while (m := _CDATA_OPEN.search(body, pos)) is not None:
        start = m.end()
        if end != -1 and end < start:
            end = body.find(b"]]>", start)
        stop = len(body) if end < 0 else end
        if end >= 0:  # closed: its text, whatever markup it quotes
            pos = stop + 3
            continue
        runaway = next((e for e in _ENTRY_END.finditer(body, start, stop)
                        if e.group(1) == m.group(1)), None)
        if runaway is None:
            break  # no end of its element: nothing after it to recover
        out += [body[at:runaway.start()], b"]]>"]
        at = pos = runaway.start()
        closed += 1
    return (b"".join([*out, body[at:]]), closed) if closed else (body, 0)


def parse_feed(body: bytes, *, feed_url: str, headers: Mapping[str, str], source: str,
               first_seen: datetime, told_apart: Collection[str] = (),
               location: str | None = None) -> FeedResult:
    """The feed's entries as mentions; ``told_apart``: the digests of keys whose entries an
    earlier document told apart (``FeedResult.told_apart`` of the last poll); ``location``:
    the URL the document was read from after redirects, the base of its relative links (the
    mentions' ids stay the feed URL's)."""
    body = _BAD_CHAR_REF.sub(_bad_char_ref, body)
    body, runaway = close_runaway_cdata(body)
    try:
        repaired, fixed_headers = repair_encoding(body, headers)
        repaired = declaration_alone(repaired)
        fixed_headers.setdefault("content-location", location or feed_url)
        why_not = refusal(repaired, fixed_headers)
        parsed = None if why_not else feedparser.parse(
            repaired, response_headers=fixed_headers, sanitize_html=False,
            resolve_relative_uris=False)
    except UNREADABLE as err:
        # codecs and feedparser's loose parser raise on hostile bytes (a declared punycode or
        # utf-7, a </entry> inside <link>): this feed is unreadable, not its source
        why = " ".join(str(err).split())[:200]
        raise MalformedPayload(f"rss: {feed_url} cannot be parsed ({type(err).__name__}: "
                               f"{why})") from err
    if parsed is None:
        raise MalformedPayload(f"rss: {feed_url} is not read: {why_not}")
    feed = parsed.get("feed") or {}
    result = FeedResult(encoding=parsed.get("encoding"),
                        title=feed.get("title", "") if isinstance(feed.get("title"), str) else "")
    language = feed.get("language") if isinstance(feed.get("language"), str) else None
    # RFC 4287 section 4.2.1: an Atom entry without an author has the feed's (an RSS channel's
    # managingEditor is not the author of its items)
    detail = feed.get("author_detail")
    feed_author = detail if isinstance(detail, Mapping) and str(
        parsed.get("version") or "").startswith("atom") else None
    if not parsed.get("version") and not parsed.get("entries"):
        if _JSON_OBJECT.match(repaired) and _JSON_FEED.search(repaired):
            raise MalformedPayload(
                f"rss: {feed_url} is a JSON Feed (jsonfeed.org), which is not read: put the "
                "site's RSS or Atom feed in urls (most sites offer one beside it)")
        if (page := web_page(repaired, fixed_headers, location or feed_url)) is not None:
            raise MalformedPayload(f"rss: {feed_url} {page}")
        raise MalformedPayload(f"rss: {feed_url} is not an RSS or Atom feed")
    exc = parsed.get("bozo_exception")
    damaged = bool(parsed.get("bozo")) and not isinstance(exc, _BENIGN)
    entries = list(parsed.get("entries") or [])
    keys = [entry_key(e) if isinstance(e, Mapping) else None for e in entries]
    # a key once shared stays told apart: keyed alone again when the document comes down to
    # one entry of it, that entry was read again, and the next ones had the id of the last
    apart = {k for k, n in Counter(k for k in keys if k).items()
             if n > 1 or (told_apart and key_digest(k) in told_apart)}
    result.told_apart = sorted(key_digest(k) for k in apart)
    for entry, key in zip(entries, keys, strict=True):
        try:
            mention = normalize_entry(
                entry, feed_url=feed_url, feed_title=result.title, source=source,
                first_seen=first_seen, language=language or None, feed_author=feed_author,
                key=distinct_key(entry, key) if key in apart else None, location=location)
        except UNREADABLE as err:
            result.skipped.append(unreadable(err))
            continue
        result.mentions.append(mention)
        if key in apart:
            result.merged[mention.id] = mention_id(feed_url, key)
        stated = _stated(entry)
        result.zones.update(z for k in ("published", "updated", "created")
                            if (z := zone_of(dict.get(entry, k) if isinstance(entry, dict)
                                             else entry.get(k))) is not None)
        if (changed := _stated(entry, ("updated_parsed",))) is not None:
            result.updated[mention.id] = changed
        if stated is None:
            result.undated.add(mention.id)
        elif stated > first_seen + AHEAD_TOLERANCE:
            result.ahead.add(mention.id)
    if damaged:
        result.bozo = f"{type(exc).__name__}: {exc}"
        if not result.mentions:
            raise MalformedPayload(f"rss: {feed_url} is not a readable feed ({result.bozo})")
    if runaway:
        unclosed = (f"{runaway} CDATA section(s) left unclosed, ended at their element's end "
                    "(the entries after each would have been its text, or lost)")
        result.bozo = f"{result.bozo}; {unclosed}" if result.bozo else unclosed
    return result
