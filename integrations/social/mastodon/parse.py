"""Mastodon payloads to Mentions: the pure normaliser (no I/O, no clock).

Owns the mapping of a Mastodon ``Status`` entity (REST, notification and streaming payloads all
carry the same entity) onto ``Mention``: HTML ``content`` to plain text with the stdlib-based
converter of ``rss_html`` (scripts and styles dropped, entities decoded), the content warning
(``spoiler_text``) kept as a ``CW: ...`` prefix so a rule never misses what it hides, custom emoji
shortcodes kept as the ``:name:`` text Mastodon puts in ``content``, mention and hashtag anchors
kept out of ``links``, media URLs, the author's ``followers_count``, ``in_reply_to_id``, the
declared language and, where the server exposes one (Pleroma/Akkoma), the conversation id.

A boost (``reblog``) is normalised as the boosted status: that is the post people talk about.
Anything that is not a usable status raises ``MalformedPayload``; callers count and skip it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import ValidationError

from bot.core.errors import MalformedPayload
from bot.core.models import LATEST, Author, Mention
from bot.core.text import DESCRIBED, POLL_LINE, ascii_digits, clean
from integrations.social.common.dating import post_date
from integrations.social.common.said import LOGGED, Said
from integrations.social.common.urls import site, split
from integrations.social.rss.html import html_to_text

MAX_TEXT = 20_000  # Mastodon caps posts at 500 by default; servers may raise it, not this far


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _web(value: Any) -> str | None:
    """``value`` when it is an http(s) address with a host (``server_of``); None for anything
    else. A status's addresses are the server's to send: ``javascript:`` or ``data:`` there is
    no place to open, and a ``url`` of that kind hid the status's good ``uri``."""
    return value if _str(value) and server_of(value) is not None else None


def _address(status: Mapping[str, Any], post: str, said: Said) -> str | None:
    """A status's address: its ``url``, "a link to the status's HTML representation", when
    that is an http(s) address (``_web``); else its ``uri``, the "URI of the status used for
    federation", when that is an https one; else none (docs.joinmastodon.org/entities/Status
    #url, #uri). A ``url`` that is there and no such address (``javascript:``, ``//host``, a
    number) is refused, as every network's address is: told to ``said``. ``url`` is
    nullable: null is no refusal."""
    url, uri = status.get("url"), status.get("uri")
    federated = _web(uri)  # split by server_of: it reads
    fallback = federated if federated is not None \
        and urlsplit(federated.strip()).scheme.lower() == "https" else None
    if url is None:
        return fallback
    if (web := _web(url)) is not None:
        return web
    shown = repr(url[:80]) if isinstance(url, str) else f"a {type(url).__name__}"
    said.field(post, "url", f"{shown} is no http(s) address; "
               + ("addressed by its uri" if fallback else "no address"))
    return fallback


def _id(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _str(value)


def parse_time(value: Any) -> datetime:
    """An ISO 8601 Mastodon timestamp as an aware UTC datetime. MalformedPayload for anything
    else, including a time whose UTC is outside datetime's years 1-9999
    (``0001-01-01T00:00:00+01:00``): ``x-ratelimit-reset`` is read with it, and a header is
    whatever the server sends."""
    if not isinstance(value, str):
        raise MalformedPayload(f"mastodon: timestamp is {type(value).__name__}")
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise MalformedPayload(f"mastodon: bad timestamp {value[:40]!r}") from exc
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        return dt.astimezone(UTC)
    except OverflowError as exc:
        raise MalformedPayload(f"mastodon: timestamp out of range {value[:40]!r}") from exc


# Mastodon's Snowflakes have been at least this since 2018 (milliseconds << 16)
_SNOWFLAKE = 10**17


def id_key(native_id: str) -> tuple[int, int, str]:
    """Sort key for Mastodon ids: digits compare as numbers (``bot.core.text.ascii_digits``),
    text of one kind by its length, then as text (base62 or base32 written without padding:
    a longer one is larger). Across kinds, from the lowest: text of no known kind (a hostile
    server's: it never outranks a number), a number below ``_SNOWFLAKE``, a Pleroma/Akkoma
    flake id or a GoToSocial ULID (ASCII letters and digits, 18 characters or more), a
    Snowflake. Pleroma writes an object made before its flake ids (2019) as its integer, stored
    as <<0::64, id::64>>, below every flake id (``Pleroma.FlakeId.to_string``); ranked above
    them, such an id on a hashtag's page became the cursor and every later status was skipped
    as read."""
    if ascii_digits(native_id, 1_000):
        number = int(native_id)
        return (3 if number >= _SNOWFLAKE else 1, number, "")
    flake = native_id.isascii() and native_id.isalnum() and len(native_id) >= 18
    return (2 if flake else 0, len(native_id), native_id)


def newer(a: str | None, b: str | None) -> str | None:
    """The newer of two ids (either may be None)."""
    if a is None or b is None:
        return a or b
    return a if id_key(a) >= id_key(b) else b


# GoToSocial's ids are ULIDs ("01G65Z755AFWAKHE12NY0CQ9FH", mastodon/mastodon#25244): 26
# Crockford base32 characters, the first 10 the milliseconds since 1970
_ULID = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")
_CROCKFORD = {c: i for i, c in enumerate("0123456789ABCDEFGHJKMNPQRSTVWXYZ")}


def _id_ms(native_id: str) -> int | None:
    """The milliseconds since 1970 an id says it was made at: a numeric id read as Mastodon's
    Snowflake (``lib/mastodon/snowflake.rb`` since 2.0: milliseconds since 1970 shifted left 16
    bits, plus a 16-bit sequence; the serial ids of older statuses and of notifications are
    small and read as 1970), a ULID by its first 10 characters. None for any other id
    (Pleroma and Akkoma's base62 flake ids, which cannot be told apart from other servers'
    base62 ids)."""
    if ascii_digits(native_id, 1_000):
        return int(native_id) >> 16
    if _ULID.fullmatch(native_id):
        ms = 0
        for char in native_id[:10]:
            ms = ms * 32 + _CROCKFORD[char]
        return ms
    return None


def dated_after(native_id: str, latest: datetime) -> bool:
    """Whether an id says it was made after ``latest``, which would pin a ``min_id`` cursor:
    every later status has a smaller id. An id that says no time is never after."""
    ms = _id_ms(native_id)
    return ms is not None and ms > int(latest.timestamp() * 1000)


# Snowflakes made before Mastodon 2.0 (2017-10) are serial numbers, read as 1970 (``_id_ms``)
_FIRST_SNOWFLAKE_MS = 1_500_000_000_000


def id_time(native_id: str) -> datetime | None:
    """When a status id says it was made: a Snowflake's or a ULID's time; None for an id that
    says none (a serial number, another server's kind of id)."""
    ms = _id_ms(native_id)
    if ms is None or ms < _FIRST_SNOWFLAKE_MS:
        return None
    try:
        return datetime.fromtimestamp(ms / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def id_at(when: datetime, like: str) -> str:
    """The smallest id of the kind of ``like`` (a Snowflake or a ULID) made at ``when``: a
    ``since_id`` or ``min_id`` that bounds a read by time, which Mastodon takes as it takes any
    id (a number compared, or a ULID's text)."""
    ms = max(0, int(when.timestamp() * 1000))
    if ascii_digits(like, 1_000):
        return str(ms << 16)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    head = ""
    for _ in range(10):
        ms, digit = divmod(ms, 32)
        head = alphabet[digit] + head
    return head + "0" * 16


def _handle(account: Mapping[str, Any]) -> str:
    acct = _str(account.get("acct")) or _str(account.get("username")) or ""
    if acct and "@" not in acct:
        # a local account's acct has no domain: qualify it so handles are global
        parts = split(_str(account.get("url")) or "")
        host = parts.hostname if parts is not None else None
        if host:
            acct = f"{acct}@{host}"
    return clean(acct, limit=300, shown=False)


def normalize_account(account: Any) -> Author:
    if not isinstance(account, Mapping):
        raise MalformedPayload("mastodon: status has no account")
    account_id = _id(account.get("id"))
    handle = _handle(account)
    if not account_id or not handle:
        raise MalformedPayload("mastodon: account lacks id or acct")
    followers = account.get("followers_count")
    return Author(
        id=account_id,
        handle=handle,
        display_name=clean(_str(account.get("display_name")) or "", limit=300, shown=False),
        profile_url=_web(account.get("url")),
        followers=followers if isinstance(followers, int) and followers >= 0 else None,
    )


# A hashtag's page as the server it was written on links it (Mastodon and Misskey /tags/<name>,
# Pleroma and Akkoma /tag/<name>): a status from another server names the tag's page on the
# reading server in ``tags[].url`` and its own in ``content``'s anchor.
_TAG_PAGE = re.compile(r"/tags?/([^/?#]+)/?$")


def _tag_anchor(url: str, names: set[str]) -> bool:
    """Whether ``url`` is the page of one of the status's own hashtags (``names``, casefolded):
    a shared link whose path merely holds "/tags/" (a release's ``/releases/tags/v1.2.0``, a
    blog's tag index) is a link the author shared."""
    found = _TAG_PAGE.search(urlsplit(url).path)
    return found is not None and unquote(found[1]).casefold() in names


def _named(items: Any, key: str) -> list[Mapping[str, Any]]:
    if not isinstance(items, Sequence) or isinstance(items, str):
        return []
    return [i for i in items if isinstance(i, Mapping) and _str(i.get(key))]


def normalize_status(status: Any, *, source: str, fetched_at: datetime | None = None,
                     said: Said = LOGGED) -> Mention:
    """One Mastodon Status as a Mention. Raises MalformedPayload when it is not usable.
    ``fetched_at``: when the page or event was read; a ``created_at`` more than an hour after
    it is replaced by it (``common.dating.post_date``: Mastodon documents no time of its own
    for when a server got a status), the change told to ``said`` (``common.said``)."""
    if not isinstance(status, Mapping):
        raise MalformedPayload(f"mastodon: status is {type(status).__name__}, not an object")
    if isinstance(status.get("reblog"), Mapping):
        status = status["reblog"]
    native_id = _id(status.get("id"))
    if not native_id:
        raise MalformedPayload("mastodon: status has no id")
    author = normalize_account(status.get("account"))
    created_at = post_date(parse_time(status.get("created_at")), fetched_at=fetched_at,
                           post=f"mastodon:{native_id}", field="created_at", said=said)
    content = status.get("content")
    body = html_to_text(content if isinstance(content, str) else "", limit=MAX_TEXT)
    spoiler = _str(status.get("spoiler_text"))
    text = f"CW: {spoiler.strip()}\n{body.text}" if spoiler else body.text
    text = "\n".join((text, *_beside_content(status))).strip("\n")

    mentions = _named(status.get("mentions"), "acct")
    tags = _named(status.get("tags"), "name")
    # mention and hashtag anchors are navigation inside the fediverse, not links people shared
    internal = {str(m.get("url")) for m in mentions} | {str(t.get("url")) for t in tags}
    names = {str(t.get("name")).casefold() for t in tags}
    links = [u for u in body.links if u not in internal and not _tag_anchor(u, names)]
    card = status.get("card")
    if isinstance(card, Mapping) and (card_url := _web(card.get("url"))) and card_url not in links:
        links.append(card_url)
    media = [u for a in _named(status.get("media_attachments"), "url")
             if (u := _web(a.get("remote_url")) or _web(a.get("url")))]
    emojis = [e for e in _named(status.get("emojis"), "shortcode") if _web(e.get("url"))]
    metrics = {name: value for name, key in (("replies", "replies_count"),
                                             ("reposts", "reblogs_count"),
                                             ("likes", "favourites_count"))
               if isinstance(value := status.get(key), int) and value >= 0}
    language = _str(status.get("language"))
    pleroma = status.get("pleroma")
    conversation = _id(pleroma.get("conversation_id")) if isinstance(pleroma, Mapping) else None
    edited_at = _edited_at(status.get("edited_at"), created_at)
    raw = dict(status)
    if emojis:
        # the shortcodes stay in the text; keep where their images live for cards that want them
        raw["_emoji_urls"] = {str(e["shortcode"]): str(e["url"]) for e in emojis}
    try:
        return Mention(
            id=f"mastodon:{native_id}",
            network="mastodon",
            source=source,
            url=_address(status, f"mastodon:{native_id}", said),
            author=author,
            text=text,
            language=language.split("-")[0].lower() if language else None,
            created_at=created_at,
            reply_to=_id(status.get("in_reply_to_id")),
            thread_id=conversation,
            links=tuple(links),
            media=tuple(dict.fromkeys(media)),
            hashtags=tuple(dict.fromkeys(str(t["name"]).lower() for t in tags)),
            handles=tuple(dict.fromkeys(_handle(m) for m in mentions)),
            metrics=metrics,
            raw=raw,
            revision="edit" if edited_at is not None else None,
            revised_at=edited_at,
        )
    except ValidationError as exc:  # a time before 1970, say: ``why``'s lookup catches only ours
        raise MalformedPayload(f"mastodon: status {native_id} does not fit a Mention: "
                               f"{exc}") from exc


def _beside_content(status: Mapping[str, Any]) -> list[str]:
    """The lines a status says beyond its ``content``: its poll's options ("title: The text
    value of the poll option", docs.joinmastodon.org/entities/Poll) in one ``Poll: a / b``
    line, and each attachment's description ("Alternate text that describes what is in the
    media attachment", entities/MediaAttachment) as ``Image description: ...``. Mastodon's
    search finds a status by both (``Status::SearchConcern#searchable_text``) and clients
    show them with it: without them a status found by ``queries: [acme]`` for its poll or
    its picture read without "acme" and its rule never fired. Plain text in the entity, cut
    as the server's own limits cut them (options of 50 characters, descriptions of 1,500:
    another server's may be longer)."""
    lines = []
    poll = status.get("poll")
    if isinstance(poll, Mapping):
        options = [" ".join(clean(str(o["title"]), limit=200, shown=False).split())
                   for o in _named(poll.get("options"), "title")[:20]]
        if shown := [o for o in options if o]:
            lines.append(POLL_LINE + " / ".join(shown))
    for attachment in _named(status.get("media_attachments"), "description")[:16]:
        if said := clean(str(attachment["description"]), limit=1_500, shown=False):
            kind = DESCRIBED.get(str(attachment.get("type")), "Attachment")
            lines.append(f"{kind} description: {' '.join(said.split())}")
    return lines


def tombstone(native_id: Any, *, source: str, at: datetime) -> Mention:
    """A ``delete`` event's status (its data: "the ID of the deleted Status",
    docs.joinmastodon.org/methods/streaming) as a Mention with no author and no text,
    ``revision`` "delete" at ``at``. MalformedPayload when the data is no status id."""
    native = _id(native_id)
    if not native or len(native) > 64 or not native.isascii() or not native.isalnum():
        raise MalformedPayload(f"mastodon: deleted status id {str(native_id)[:40]!r}")
    return Mention(id=f"mastodon:{native}", network="mastodon", source=source,
                   author=Author(id="", handle=""), text="", created_at=at,
                   revision="delete", revised_at=at)


def _edited_at(value: Any, created_at: datetime) -> datetime | None:
    """A status's ``edited_at`` ("Timestamp of when the status was last edited", null if
    never: docs.joinmastodon.org/entities/Status), when it is one: a value that is no time,
    or one before the status or past 2199, makes the status read as never edited (the status
    itself is still read)."""
    if value is None:
        return None
    try:
        at = parse_time(value)
    except MalformedPayload:
        return None
    return at if created_at <= at < LATEST else None


def status_list(payload: Any, *, what: str) -> list[Any]:
    """The list a timeline or notifications endpoint answers; anything else is malformed."""
    if not isinstance(payload, list):
        raise MalformedPayload(f"mastodon: {what} answered {type(payload).__name__}, not a list")
    return payload


# The notifications that are someone talking to the account: a ``mention``, and from Mastodon
# 4.5 a ``quote`` ("Someone has quoted one of your statuses"), whose ``status`` is the quoting
# post (docs.joinmastodon.org/entities/Notification#type, #status). A server that does not know
# a type asked for in ``types[]`` drops it (Mastodon, GoToSocial), so older servers answer the
# mentions as before.
MENTION_TYPES = ("mention", "quote")


def notification_status(notification: Any) -> Any:
    """The status a ``mention`` or ``quote`` notification carries. MalformedPayload when it
    has none (Mastodon sends ``status: null`` when the status was deleted or is not
    visible)."""
    if not isinstance(notification, Mapping):
        raise MalformedPayload("mastodon: notification is not an object")
    if notification.get("type") not in MENTION_TYPES:
        raise MalformedPayload(f"mastodon: notification type {notification.get('type')!r}")
    status = notification.get("status")
    if not isinstance(status, Mapping):
        raise MalformedPayload(f"mastodon: notification {notification.get('id')} has no status")
    return status


# The web and ActivityPub addresses of a status: Mastodon's ``/@user/<id>`` (also
# ``/@user@remote.host/<id>``, a remote status shown by this server under its own id) and
# ``/users/<user>/statuses/<id>``; GoToSocial's ``/@user/statuses/<id>`` (ULIDs).
_STATUS_PATHS = (re.compile(r"/@[^/]+/(\d+)"), re.compile(r"/users/[^/]+/statuses/(\w+)"),
                 re.compile(r"/@[^/]+/statuses/(\w+)"), re.compile(r"/web/statuses/(\d+)"))
_WEB_UI = re.compile(r"^/(?:deck|web)(?=/@)")
_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class StatusAddress:
    """Where a status address points: the server (``host[:port]``, lower case) and the
    status's id on that server."""

    server: str
    status_id: str


def server_of(url: str) -> str | None:
    """``host`` (with ``:port`` unless it is the scheme's default) of an http(s) URL."""
    parts = split(url)
    if parts is None or parts.scheme.lower() not in _SCHEMES:
        return None
    found = site(parts)  # one server however its host is written (IDN, IPv6, a last dot)
    if found is None:
        return None
    host, port = found
    return host if port is None else f"{host}:{port}"


def status_address(url: str) -> StatusAddress | None:
    """The server and status id a status URL names; None for any other address."""
    server = server_of(url)
    if server is None:
        return None
    path = urlsplit(url.strip()).path.rstrip("/")  # server_of read it: it splits
    # the advanced web interface's address of a status (/deck/@user/<id> since 4.0, /web/
    # before it), as copied from a browser's address bar
    path = _WEB_UI.sub("", path, count=1)
    for pattern in _STATUS_PATHS:
        if m := pattern.fullmatch(path):
            return StatusAddress(server, m.group(1))
    return None


def _same_address(a: str, b: str) -> bool:
    def norm(u: str) -> tuple[str, str] | None:
        server, parts = server_of(u), split(u)
        return None if server is None or parts is None else (server, parts.path.rstrip("/"))

    return norm(a) is not None and norm(a) == norm(b)


def is_status_at(status: Any, url: str) -> bool:
    """Whether ``status`` (an entity from search) is the one ``url`` names: its ``url`` or
    ``uri`` is that address, or names the same id on the same server (asked for by its
    ActivityPub ``uri``, shown with its web ``url``, or the reverse)."""
    if not isinstance(status, Mapping):
        return False
    if isinstance(status.get("reblog"), Mapping):
        status = status["reblog"]
    wanted = status_address(url)
    for key in ("url", "uri"):
        value = status.get(key)
        if not isinstance(value, str):
            continue
        if _same_address(value, url) or (wanted is not None
                                         and status_address(value) == wanted):
            return True
    return False
