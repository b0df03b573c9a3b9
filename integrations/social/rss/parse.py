"""RSS / Atom bytes to ``Mention``s: encoding repair, feedparser, dates, stable ids.

Pure (the first-seen time is passed in). Rules, in order of how real feeds break:

- Encoding: feedparser honours the HTTP charset, the XML declaration and a BOM. Bytes that
  declare nothing and are not UTF-8 are sniffed first: a multi-byte East Asian encoding
  (EUC-JP, Shift_JIS, Big5, GB18030, EUC-KR) when ``charset_normalizer`` recognises one and
  the bytes decode strictly, otherwise windows-1252, which is what browsers assume.
- Well-formedness: a bozo feed that still yields entries is used (the caller logs it); a bozo
  feed with no usable entry raises ``MalformedPayload``. A missing content type or an overridden
  encoding is not treated as damage.
- Dates: ``published``, then ``updated``, then the first time we saw the entry. A date in the
  future (clock skew, typos) is replaced by the first-seen time so it cannot pin a cursor.
- Ids: ``rss:<sha1(feed url + "\\n" + entry id or link or title+summary)>``: stable across polls
  and distinct across feeds that reuse entry ids.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import feedparser
from pydantic import ValidationError

from bot.core.errors import MalformedPayload
from bot.core.models import Author, Mention
from bot.core.text import clean
from integrations.social.rss.html import HtmlText, html_to_text

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", re.I)
_CJK = ("euc_jp", "euc_jis_2004", "euc_jisx0213", "shift_jis", "cp932", "shift_jis_2004",
        "big5", "big5hkscs", "cp950", "gb2312", "gbk", "gb18030", "euc_kr", "cp949", "iso2022_jp")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_LOOKS_LIKE_HTML = re.compile(r"</?(?:p|div|a|br|span|img|table|!--)[\s>/]", re.I)
_FUTURE_SLACK = timedelta(hours=1)
# Bozo reasons that say nothing about the document's structure.
_BENIGN = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


@dataclass
class FeedResult:
    mentions: list[Mention] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why each unusable entry was dropped
    bozo: str | None = None  # what was wrong with a damaged but usable feed
    encoding: str | None = None
    title: str = ""


def _charset(headers: Mapping[str, str]) -> str | None:
    for key, value in headers.items():
        if key.lower() == "content-type":
            m = re.search(r"charset\s*=\s*\"?([A-Za-z0-9._:-]+)", value, re.I)
            return m.group(1) if m else None
    return None


def _sniff_undeclared(body: bytes) -> str | None:
    """The encoding of undeclared, non-UTF-8 bytes, or None when they are UTF-8."""
    try:
        body.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    try:
        import charset_normalizer  # optional: only needed for undeclared legacy encodings
    except ImportError:  # pragma: no cover - installed alongside requests in every deployment
        return "windows-1252"
    best = charset_normalizer.from_bytes(body, cp_isolation=list(_CJK)).best()
    if best is not None and best.encoding in _CJK:
        try:
            body.decode(best.encoding)
            return best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return "windows-1252"


def repair_encoding(body: bytes, headers: Mapping[str, str]) -> tuple[bytes, dict[str, str]]:
    """Transcode undeclared legacy bytes to UTF-8 so feedparser does not guess Latin-1."""
    out = {k.lower(): v for k, v in headers.items()}
    if _charset(headers) or _XML_DECL.match(body) or body.startswith(_BOMS):
        return body, out
    encoding = _sniff_undeclared(body)
    if encoding is None:
        return body, out
    text = body.decode(encoding, errors="replace")
    ctype = out.get("content-type", "application/xml").split(";")[0].strip()
    out["content-type"] = f"{ctype}; charset=utf-8"
    return text.encode("utf-8"), out


def _when(entry: Mapping[str, Any], first_seen: datetime) -> datetime:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get: FeedParserDict.get maps updated_parsed to published_parsed, with a warning
        parsed = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
        if parsed is None:
            continue
        try:
            when = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
        except (OverflowError, OSError, ValueError, TypeError):
            continue
        return first_seen if when > first_seen + _FUTURE_SLACK else when
    return first_seen


def entry_key(entry: Mapping[str, Any]) -> str | None:
    for key in ("id", "link"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    title, summary = entry.get("title") or "", entry.get("summary") or ""
    if isinstance(title, str) and isinstance(summary, str) and (title.strip() or summary.strip()):
        return "content:" + title.strip() + "\n" + summary.strip()
    return None


def mention_id(feed_url: str, key: str) -> str:
    return "rss:" + hashlib.sha1((feed_url + "\n" + key).encode("utf-8")).hexdigest()


def _body_html(entry: Mapping[str, Any]) -> str:
    best = entry.get("summary") if isinstance(entry.get("summary"), str) else ""
    for content in entry.get("content") or []:
        value = content.get("value") if isinstance(content, Mapping) else None
        if isinstance(value, str) and len(value) > len(best or ""):
            best = value
    return best or ""


def _http(value: Any) -> str | None:
    if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
        return value
    return None


def normalize_entry(entry: Mapping[str, Any], *, feed_url: str, feed_title: str,
                    source: str, first_seen: datetime, language: str | None = None) -> Mention:
    key = entry_key(entry)
    if key is None:
        raise MalformedPayload("rss: entry with no id, link, title or summary")
    title = html_to_text(entry.get("title") or "").text if isinstance(entry.get("title"), str) \
        else ""
    body = html_to_text(_body_html(entry))
    if _LOOKS_LIKE_HTML.search(body.text):
        # double-escaped markup (reddit's RSS, some CMSs): one more pass, never more
        again = html_to_text(body.text)
        body = HtmlText(again.text, tuple(dict.fromkeys(body.links + again.links)),
                        tuple(dict.fromkeys(body.media + again.media)))
    text = body.text if body.text.startswith(title) else "\n\n".join(
        p for p in (title, body.text) if p)
    link = _http(entry.get("link"))
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
    author_name = entry.get("author") if isinstance(entry.get("author"), str) else ""
    host = urlsplit(feed_url).hostname or feed_url
    detail = entry.get("author_detail")
    profile = _http(detail.get("href")) if isinstance(detail, Mapping) else None
    try:
        return Mention(
            id=mention_id(feed_url, key), network="rss", source=source, url=link,
            author=Author(id=f"{host}:{author_name}" if author_name else host,
                          handle=author_name or host,
                          display_name=author_name or feed_title, profile_url=profile),
            text=clean(text or link or ""), language=language,
            created_at=_when(entry, first_seen), reply_to=reply_to,
            links=tuple(links), media=tuple(media),
            raw={"feed": feed_url, "entry_key": key, "title": entry.get("title") or ""},
        )
    except ValidationError as exc:
        raise MalformedPayload(f"rss: entry does not fit a Mention: {exc}") from exc


# A character reference to a UTF-16 surrogate (&#xD83D;, &#55357;) is not a character: XML
# forbids it, and feedparser turns it into a lone surrogate and then fails to encode it.
_SURROGATE_REF = re.compile(
    rb"&#(?:[xX]0*[dD][89a-fA-F][0-9a-fA-F]{2}|0*(?:5[5-7]\d{3}))\s*;")


def _surrogate_ref(m: re.Match[bytes]) -> bytes:
    ref = m.group(0)[2:].rstrip(b"; \t\r\n")
    value = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
    return b"&#xFFFD;" if 0xD800 <= value <= 0xDFFF else m.group(0)


def parse_feed(body: bytes, *, feed_url: str, headers: Mapping[str, str], source: str,
               first_seen: datetime) -> FeedResult:
    body = _SURROGATE_REF.sub(_surrogate_ref, body)
    repaired, fixed_headers = repair_encoding(body, headers)
    fixed_headers.setdefault("content-location", feed_url)
    parsed = feedparser.parse(repaired, response_headers=fixed_headers, sanitize_html=False,
                              resolve_relative_uris=False)
    feed = parsed.get("feed") or {}
    result = FeedResult(encoding=parsed.get("encoding"),
                        title=feed.get("title", "") if isinstance(feed.get("title"), str) else "")
    language = feed.get("language") if isinstance(feed.get("language"), str) else None
    if not parsed.get("version") and not parsed.get("entries"):
        raise MalformedPayload(f"rss: {feed_url} is not an RSS or Atom feed")
    exc = parsed.get("bozo_exception")
    damaged = bool(parsed.get("bozo")) and not isinstance(exc, _BENIGN)
    for entry in parsed.get("entries") or []:
        try:
            result.mentions.append(normalize_entry(
                entry, feed_url=feed_url, feed_title=result.title, source=source,
                first_seen=first_seen, language=language or None))
        except MalformedPayload as err:
            result.skipped.append(str(err))
    if damaged:
        result.bozo = f"{type(exc).__name__}: {exc}"
        if not result.mentions:
            raise MalformedPayload(f"rss: {feed_url} is not a readable feed ({result.bozo})")
    return result
