"""Bluesky (AT Protocol) posts to ``Mention``, without I/O.

Facets index the post text in **UTF-8 bytes** (``byteStart``/``byteEnd``), not characters: a
post with an emoji before a link has byte offsets far from its character offsets, so slices are
taken on the encoded text. Link facets carry the full URI (the text often shows it shortened);
mention facets carry a DID; tag facets a hashtag without ``#``.

Mention ids are ``bluesky:<at-uri>`` (the at-uri names repo, collection and record key), and a
post's web address is ``<web_url>/profile/<handle or did>/post/<rkey>`` (``web_url``: the
source's web client, ``https://bsky.app`` unless configured).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit

from pydantic import ValidationError

from bot.core.errors import MalformedPayload
from bot.core.models import EARLIEST, LATEST, Author, Mention
from bot.core.text import scrub, truncate
from integrations.social.common.dating import post_date
from integrations.social.common.said import LOGGED, Said
from integrations.social.common.shapes import objects
from integrations.social.common.urls import path_under

WEB_URL = "https://bsky.app"
POST = "app.bsky.feed.post"
MAX_BYTES = 3_000  # app.bsky.feed.post lexicon: text maxLength, counted in UTF-8 bytes
MAX_TIME = 64  # atproto.com/specs/lexicon#datetime: at most 64 characters
# Characters of a record's text read at all: a valid post has at most MAX_BYTES; Jetstream
# relays records unchecked, and the keyword prefilter, the facets and the scrub of a 2 MiB text
# held the event loop 60 ms and more a message. Room is left for what the scrub removes
READ_CHARS = 4 * MAX_BYTES


def read_text(text: str) -> str:
    """What of a record's text is read: its first ``READ_CHARS`` characters (a mention shows
    ``MAX_BYTES`` of them, and the rules match those only)."""
    return text[:READ_CHARS]


def rkey_of(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


def post_uri(did: str, rkey: str) -> str:
    return f"at://{did}/{POST}/{rkey}"


def profile_url(actor: str, web_url: str = WEB_URL) -> str:
    return f"{web_url.rstrip('/')}/profile/{actor}"


def post_url(actor: str, uri: str, web_url: str = WEB_URL) -> str:
    return f"{profile_url(actor, web_url)}/post/{rkey_of(uri)}"


# atproto.com/specs: handle syntax, DID syntax, record keys
_HANDLE = re.compile(r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+"
                     r"[a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?")
_DID = re.compile(r"did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]")
_RKEY = re.compile(r"[A-Za-z0-9._:~-]{1,512}")
_WEB_POST = re.compile(r"/profile/([^/]+)/post/([^/]+)")
# the DID methods Bluesky supports (atproto.com/specs/did): an address names an author by no other
_WEB_DID = re.compile(r"did:(?:plc|web):[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]")


def web_actor(handle: str | None, did: str) -> str | None:
    """How a web address names a post's author: the ``handle`` when it is one (not the
    AppView's ``handle.invalid``), else the ``did`` when it is a did:plc: or did:web:; None
    when neither. The handle is the network's to send: ``bsky.app/post/3l6oveex3ii2l#``
    pasted into the address opened another post."""
    if handle and handle != "handle.invalid" and _HANDLE.fullmatch(handle):
        return handle
    return did if _WEB_DID.fullmatch(did) else None


def post_ref(address: str, web_url: str = WEB_URL) -> tuple[str, str] | None:
    """(handle or DID, record key) of a post address: a web address
    ``https://<web client>/profile/<handle or did>/post/<rkey>`` (any web client: the actor
    and key name the post on the whole network) or an at-uri of an ``app.bsky.feed.post``
    record; None for anything else. A web client served on a path (``web_url``
    ``https://gov.example/bsky/``) has its links read under that path, as its cards write
    them. Handles come back in lower case (they are case-insensitive), DIDs as written."""
    address = address.strip()
    if address.startswith("at://"):
        parts = address.removeprefix("at://").split("/")
        if len(parts) != 3 or parts[1] != POST:
            return None
        actor, rkey = parts[0], parts[2]
    else:
        try:
            split = urlsplit(address)
        except ValueError:  # "http://[::1" or a bracketed host that is no IP address
            return None
        m = _WEB_POST.fullmatch(path_under(split, web_url).rstrip("/"))
        if split.scheme.lower() not in ("http", "https") or m is None:
            return None
        actor, rkey = unquote(m.group(1)), m.group(2)
    if rkey in (".", "..") or not _RKEY.fullmatch(rkey):
        return None
    if _DID.fullmatch(actor):
        return actor, rkey
    actor = actor.removeprefix("@").lower()
    return (actor, rkey) if _HANDLE.fullmatch(actor) else None


def parse_time(value: object) -> datetime:
    """ISO 8601 as written by AT Protocol clients (``Z``, offsets, micro- or milliseconds,
    and the naive timestamps some old clients wrote, read as UTC), and RFC 3339's other
    spellings: a lower-case ``t`` and ``z`` (RFC 3339 section 5.6 allows them), a space for the
    ``T``."""
    if not isinstance(value, str) or not value or len(value) > MAX_TIME:
        raise MalformedPayload(f"bad time {str(value)[:MAX_TIME]!r}")
    try:
        at = datetime.fromisoformat(value.strip().upper().replace("Z", "+00:00"))
    except ValueError as exc:
        raise MalformedPayload(f"bad time {value!r}") from exc
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def post_time(value: object, seen_at: datetime | None) -> datetime:
    """When a post was made: its record's ``createdAt``, which its client wrote, or
    ``seen_at``, when the network first saw it (a view's or a notification's ``indexedAt``,
    a Jetstream event's ``time_us``), where ``createdAt`` cannot say: it does not read as a
    time (``"yesterday"``, more than 64 characters), or lies outside the years a Mention holds
    (``1960-01-01T00:00:00Z``). A PDS writes whatever a client sends with ``validate: false``,
    Jetstream relays it unchecked, and an AppView that does not check records against the
    lexicon shows it (the reference's indexer reads ``createdAt`` with @atproto/syntax's
    ``normalizeDatetimeAlways``: 1970 for what does not read; dev-env 0.6.7's checks the
    lexicon first and indexes none of them, tests/interop): such posts are mentions, and were
    skipped as malformed. Without ``seen_at``, MalformedPayload for a time that does not read;
    one out of range is left to the Mention to refuse."""
    if seen_at is None:
        return parse_time(value)
    return seen_time(value) or seen_at


def seen_time(value: object) -> datetime | None:
    """A time as ``parse_time`` reads it (a view's or a notification's ``indexedAt``, a
    record's ``createdAt``), in UTC, when it is one a Mention holds; else None (it does not
    read, lies outside ``EARLIEST``-``LATEST``, or has no UTC instant in datetime's years:
    ``0001-01-01T00:00:00+01:00``)."""
    try:
        at = parse_time(value).astimezone(UTC)
    except (MalformedPayload, OverflowError):
        return None
    return at if EARLIEST <= at < LATEST else None


def event_time(time_us: object) -> datetime | None:
    """A Jetstream event's ``time_us`` (when Jetstream received it) as a time a Mention holds;
    else None."""
    if not isinstance(time_us, int) or isinstance(time_us, bool) \
            or not EARLIEST.timestamp() * 1e6 <= time_us < LATEST.timestamp() * 1e6:
        return None
    return EARLIEST + timedelta(microseconds=time_us)


def facet_entities(text: str, facets: object) -> tuple[tuple[str, ...], tuple[str, ...],
                                                       tuple[str, ...]]:
    """(links, mentioned DIDs, hashtags) from a record's facets. A facet whose byte range does
    not fall inside the text is ignored (clients do publish broken ones)."""
    links: list[str] = []
    dids: list[str] = []
    tags: list[str] = []
    if not isinstance(facets, list):
        return (), (), ()
    # a lone surrogate (a JSON escape; Jetstream is unsigned) has no UTF-8 form: counted as
    # the 3 bytes of the U+FFFD it becomes
    size = len(text.encode("utf-8", "surrogatepass"))
    for facet in facets:
        if not isinstance(facet, Mapping):
            continue
        index = facet.get("index")
        if not isinstance(index, Mapping):
            continue
        start, end = index.get("byteStart"), index.get("byteEnd")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size):
            continue
        for feature in objects(facet.get("features")):
            kind = str(feature.get("$type", ""))
            if kind.endswith("#link") and (uri := _web(feature.get("uri"))):
                links.append(uri)
            elif kind.endswith("#mention") and isinstance(feature.get("did"), str):
                dids.append(str(feature["did"]))
            elif kind.endswith("#tag") and isinstance(feature.get("tag"), str):
                tags.append(str(feature["tag"]).lstrip("#").lower())
    return tuple(dict.fromkeys(links)), tuple(dict.fromkeys(dids)), tuple(dict.fromkeys(tags))


def facet_text(text: str, start: int, end: int) -> str:
    """The text a facet covers, by UTF-8 byte offsets."""
    return text.encode("utf-8")[start:end].decode("utf-8", errors="replace")


def _web(value: object) -> str | None:
    """``value`` when it is an http(s) URL, as a link facet's must be; None for anything else.
    A record takes any string there (``createRecord`` with ``validate: false``, and Jetstream
    relays records unchecked): a card's ``javascript:`` URI was a link of the post."""
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) \
        else None


def _embed_media(embed: object) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(links, media) from an embed, a record's or a view's: an external card's URI; images'
    blob references (a record's) are not URLs, so only views (``fullsize``) give media. Only
    http(s) URLs."""
    links: list[str] = []
    media: list[str] = []
    if isinstance(embed, Mapping):
        external = embed.get("external")
        if isinstance(external, Mapping) and (uri := _web(external.get("uri"))):
            links.append(uri)
        for image in objects(embed.get("images")):
            if fullsize := _web(image.get("fullsize")):
                media.append(fullsize)
        inner = embed.get("media")
        if isinstance(inner, Mapping):
            more_links, more_media = _embed_media(inner)
            links += more_links
            media += more_media
    return tuple(links), tuple(media)


def normalize_record(record: object, *, uri: str, did: str, source: str,
                     handle: str | None = None, display_name: str = "",
                     followers: int | None = None, metrics: Mapping[str, int] | None = None,
                     raw: dict[str, Any] | None = None, embed_view: object = None,
                     web_url: str = WEB_URL, seen_at: datetime | None = None,
                     fetched_at: datetime | None = None,
                     said: Said = LOGGED) -> Mention:
    """A post record (from a view, a notification or a Jetstream commit) to a Mention. Its
    text is cut at ``MAX_BYTES`` characters: no valid post has more, but Jetstream relays
    records unchecked. ``embed_view`` is a post view's ``embed``: its images' addresses are
    the post's media (the record holds only blob references). ``seen_at``: when the network
    first saw the post, its time when ``createdAt`` cannot say (``post_time``), and when
    ``createdAt`` is more than an hour after ``fetched_at``, when the page or event was read
    (``common.dating.post_date``). Each field changed or refused (that date, an author that
    names no web address: ``web_actor``) is told to ``said`` (``common.said``)."""
    if not isinstance(record, Mapping):
        raise MalformedPayload("post record is not an object")
    kind = record.get("$type", POST)
    if kind != POST:
        # a record of another lexicon in the post collection (written with validate: false,
        # relayed by Jetstream unchecked): no client shows it, so it is no post to answer
        raise MalformedPayload(f"record of type {str(kind)[:60]!r} is no post")
    if not uri.startswith("at://"):
        # a notification without a uri was the post "bluesky:None", every such one the same
        raise MalformedPayload(f"post {uri[:80]!r} has no at-uri")
    if not _DID.fullmatch(did):
        # the author's key: "" made every such post one customer's (their mentions counted as
        # one person's, their open tickets on each card)
        raise MalformedPayload(f"post {uri[:80]} has no author DID ({did[:40]!r})")
    text = record.get("text")
    if not isinstance(text, str):
        raise MalformedPayload("post record has no text")
    # Facets count the UTF-8 bytes of the record's own text, read before it is cleaned for
    # the mention: scrubbed first (a line separator of 3 bytes made a newline of 1, a run of
    # combining marks cut), a facet near the end fell outside it and its link, mention or tag
    # was dropped (a review against the reference servers, 2026-12-06)
    text = read_text(text)  # a facet past the part read falls outside it and is left out
    links, dids, tags = facet_entities(text, record.get("facets"))
    text = scrub(text)
    embed_links, media = _embed_media(record.get("embed"))
    view_links, view_media = _embed_media(embed_view)
    embed_links, media = (*embed_links, *view_links), tuple(dict.fromkeys((*media, *view_media)))
    reply = record.get("reply")
    reply_to = thread = None
    if isinstance(reply, Mapping):
        parent, root = reply.get("parent"), reply.get("root")
        if isinstance(parent, Mapping) and isinstance(parent.get("uri"), str):
            reply_to = str(parent["uri"])
        if isinstance(root, Mapping) and isinstance(root.get("uri"), str):
            thread = str(root["uri"])
    langs = record.get("langs")
    language = str(langs[0]).split("-")[0].lower() if isinstance(langs, list) and langs \
        and isinstance(langs[0], str) else None
    # the AppView's word for a handle whose DNS or HTTPS proof fails: no one's name, no link
    actor = handle if handle and handle != "handle.invalid" else did
    web = web_actor(handle, did)
    if web != actor:
        said.field(f"bluesky:{uri}", "author", f"{actor[:40]!r} names no web address; "
                   f"addressed by {web or 'nothing'}")
        actor = did
    # the record key from the uri as given (a notification's): "abc#x" is no key of a post
    address = post_url(web, uri, web_url) if web and post_ref(uri) else None
    try:
        return Mention(
            id=f"bluesky:{uri}", network="bluesky", source=source,
            url=address,
            author=Author(id=did, handle=actor, display_name=display_name,
                          profile_url=profile_url(web, web_url) if web else None,
                          followers=followers),
            text=truncate(text, MAX_BYTES), language=language,
            created_at=post_date(post_time(record.get("createdAt"), seen_at),
                                 fetched_at=fetched_at, post=f"bluesky:{uri}", field="createdAt",
                                 received=seen_at,
                                 received_as="indexedAt" if raw is None or "time_us" not in raw
                                 else "Jetstream time_us", said=said),
            reply_to=reply_to, thread_id=thread or (uri if reply_to is None else None),
            links=tuple(dict.fromkeys((*links, *embed_links))), media=media, hashtags=tags,
            handles=dids, metrics=dict(metrics or {}), raw=raw or {})
    except ValidationError as exc:  # a time before 1970, say: ``why``'s lookup catches only ours
        raise MalformedPayload(f"post {uri} does not fit a Mention: {exc}") from exc


# Global label values that take content out of every listing whatever the user's settings
# (atproto.com/guides/labels: ``!hide`` "filters the content from listings"; @atproto/api's
# LABELS: not configurable, ``no-override``), and a takedown's, which the AppView normally
# applies itself
HIDING_LABELS = frozenset({"!hide", "!takedown"})


def hiding_label(item: object) -> str | None:
    """``"<val> by <src>"`` when a post view or a notification (or its author, on
    ``author.labels``) carries a label of ``HIDING_LABELS`` that no later label of the same
    source negates (``neg: true``); else None. The AppView returns such posts with their labels:
    hiding them is the client's work, and Bluesky's clients show them to nobody. A label the
    author put on their own post or account (a self-label: its ``src`` is the author's DID) is
    not taken: ``!hide`` is ``no-self``, and the app ignores it so."""
    if not isinstance(item, Mapping):
        return None
    author = item.get("author")
    own = author.get("did") if isinstance(author, Mapping) else None
    labels = [*objects(item.get("labels")),
              *objects(author.get("labels") if isinstance(author, Mapping) else None)]
    active: dict[tuple[str, str, str], bool] = {}
    for one in labels:  # in order: a negation cancels what came before it
        val = one.get("val")
        if isinstance(val, str) and val in HIDING_LABELS and one.get("src") != own:
            key = (str(one.get("src", "")), str(one.get("uri", "")), val)
            active[key] = one.get("neg") is not True
    for (src, _, val), on in active.items():
        if on:
            return f"{val} by {src[:60] or '?'}"
    return None


def display_name_of(author: Mapping[str, Any]) -> str:
    """An author's ``displayName``; "" when it is not a string (a list was shown as "['a']")."""
    name = author.get("displayName")
    return name if isinstance(name, str) else ""


def normalize_post_view(view: object, *, source: str, web_url: str = WEB_URL,
                        fetched_at: datetime | None = None,
                        said: Said = LOGGED) -> Mention:
    """An ``app.bsky.feed.defs#postView`` (searchPosts, getPosts, notifications' subjects).
    ``fetched_at``, ``said``: as ``normalize_record``'s."""
    if not isinstance(view, Mapping):
        raise MalformedPayload("post view is not an object")
    uri, author = view.get("uri"), view.get("author")
    if not isinstance(uri, str) or not uri.startswith("at://") or not isinstance(author, Mapping):
        raise MalformedPayload("post view without uri or author")
    did = author.get("did")
    if not isinstance(did, str):
        raise MalformedPayload("post view author without did")
    handle = author.get("handle") if isinstance(author.get("handle"), str) else None
    followers = author.get("followersCount")
    metrics = {name: int(view[key]) for name, key in (("replies", "replyCount"),
               ("reposts", "repostCount"), ("likes", "likeCount"), ("quotes", "quoteCount"))
               if isinstance(view.get(key), int)}
    return normalize_record(view.get("record"), uri=uri, did=did, source=source,
                            handle=handle,  # normalize_record drops "handle.invalid"
                            display_name=display_name_of(author),
                            followers=followers if isinstance(followers, int) else None,
                            metrics=metrics, raw=dict(view), embed_view=view.get("embed"),
                            web_url=web_url, seen_at=seen_time(view.get("indexedAt")),
                            fetched_at=fetched_at, said=said)


def normalize_jetstream(event: object, *, source: str, web_url: str = WEB_URL,
                        fetched_at: datetime | None = None,
                        said: Said = LOGGED) -> Mention | None:
    """A Jetstream v1 event: a Mention for a post ``create``, and for a post ``update`` (its
    record rewritten: ``revision`` "edit" at the event's ``time_us``); None for anything else
    (likes, follows, deletes, identity and account events: ``jetstream_delete`` reads a
    post's delete)."""
    if not isinstance(event, Mapping) or event.get("kind") != "commit":
        return None
    commit, did = event.get("commit"), event.get("did")
    if not isinstance(commit, Mapping) or not isinstance(did, str):
        raise MalformedPayload("commit event without commit or did")
    if commit.get("operation") not in ("create", "update") or commit.get("collection") != POST:
        return None
    rkey = _rkey(commit)
    seen_at = event_time(event.get("time_us"))
    mention = normalize_record(commit.get("record"), uri=post_uri(did, rkey), did=did,
                               source=source, raw={"time_us": event.get("time_us")},
                               web_url=web_url, seen_at=seen_at,
                               fetched_at=fetched_at, said=said)
    if commit.get("operation") == "update":
        at = seen_at or fetched_at
        if at is None:
            raise MalformedPayload("post update without time_us")
        mention = mention.model_copy(update={"revision": "edit", "revised_at": at})
    return mention


def _rkey(commit: Mapping[str, Any]) -> str:
    rkey = commit.get("rkey")
    if not isinstance(rkey, str):
        raise MalformedPayload("commit without rkey")
    if rkey in (".", "..") or not _RKEY.fullmatch(rkey):
        # the key is the post's id and address: one read with U+FFFD for bytes that are not
        # UTF-8 was another post's too (two keys differing in such a byte: one id, the second
        # dropped as read), and one holding "/" made an address naming another post
        raise MalformedPayload(f"commit with {rkey[:40]!r}, which is no record key")
    return rkey


def jetstream_delete(event: Mapping[str, Any], *, source: str, at: datetime) -> Mention | None:
    """A Jetstream commit deleting a post (``operation`` "delete", no record) as a tombstone
    (``Mention.revision`` "delete", no author, no text); None for any other event."""
    commit, did = event.get("commit"), event.get("did")
    if event.get("kind") != "commit" or not isinstance(commit, Mapping) or (
            commit.get("operation") != "delete" or commit.get("collection") != POST):
        return None
    if not isinstance(did, str):
        raise MalformedPayload("commit event without did")
    uri = post_uri(did, _rkey(commit))
    if post_ref(uri) is None:
        raise MalformedPayload(f"delete of {uri[:80]!r}, which is no post address")
    return Mention(id=f"bluesky:{uri}", network="bluesky", source=source,
                   author=Author(id=did, handle=""), text="", created_at=at,
                   revision="delete", revised_at=at)
