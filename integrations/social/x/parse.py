"""X (Twitter) API v2 wire format to ``Mention``: tweet pages with ``includes.users``, entities
(urls, hashtags, mentions), HTML-escaped text, and snowflake ids.

Pure functions, no I/O. X escapes only ``&``, ``<`` and ``>`` in tweet text; those are unescaped.
Surrogate-pair escapes (``\\uD83E\\uDD41``) are decoded by the JSON parser itself. When
``created_at`` is missing (a request without ``tweet.fields``), the time is read from the
snowflake id, which embeds milliseconds since X's epoch.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from bot.core.errors import MalformedPayload
from bot.core.models import EARLIEST, LATEST, Author, Mention
from bot.core.networks import is_x_host
from bot.core.text import MAX_TEXT, ascii_digits, clean
from integrations.social.common.dating import post_date
from integrations.social.common.said import LOGGED, Said
from integrations.social.common.shapes import objects
from integrations.social.common.urls import split

WEB_URL = "https://x.com"
_TWEPOCH_MS = 1288834974657  # snowflake epoch, 2010-11-04T01:42:54.657Z
_SNOWFLAKE_MIN = 29_700_859_247  # ids below this predate snowflakes and carry no time
_NO_LANGUAGE = frozenset({"und", "zxx", "qme", "qht", "qam", "qct", "art"})
_HASHTAG = re.compile(r"(?<![\w&])[#＃](\w+)")
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,15})")
# developer.x.com, the User object: a username is 1 to 15 letters, digits or underscores
_USERNAME = re.compile(r"[A-Za-z0-9_]{1,15}")
# A tweet's 280 characters hold at most a dozen t.co links (23 characters each): the rest of a
# longer list is not a real tweet's, and each entity costs a replacement.
MAX_URL_ENTITIES = 50
# Expanded text kept: the Mention keeps MAX_TEXT characters, and unescaping ("&amp;" to "&")
# shrinks the text at most five times.
_MAX_EXPANDED = 5 * MAX_TEXT
# What an entity's short url must look like to be looked for in the text: X wraps every link
# as https://t.co/ and ten letters or digits. Anything else (a megabyte of "url") is no link
# of the text; the bound keeps the cost of each lookup small.
_SHORT_URL = re.compile(r"https?://t\.co/[A-Za-z0-9]{1,30}")
_T_CO = "t.co/"
_SCHEMES = (len("https://"), len("http://"))  # how far before "t.co/" a short url starts
# X ids are 64-bit snowflakes: 2**63 - 1 has 19 digits
MAX_ID_DIGITS = 19


@dataclass(frozen=True)
class TweetPage:
    tweets: tuple[Mapping[str, Any], ...]
    users: Mapping[str, Mapping[str, Any]]
    newest_id: str | None
    next_token: str | None
    result_count: int
    not_objects: int = 0  # items of ``data`` that are not objects (left out of ``tweets``)
    # ``includes.tweets`` by id: the posts the page's tweets reference (``shared_post``)
    referenced: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def is_tweet_id(value: Any) -> bool:
    """``value`` is an X id: ASCII digits, no more than a 64-bit snowflake has."""
    return isinstance(value, str) and ascii_digits(value, MAX_ID_DIGITS)


def parse_page(payload: Any) -> TweetPage:
    """A search / timeline page: ``{"data": [...], "includes": {"users": [...]}, "meta": {...}}``.
    A page with no results has no ``data`` at all."""
    if not isinstance(payload, Mapping):
        raise MalformedPayload("x: expected a JSON object")
    data = payload.get("data", [])
    if isinstance(data, Mapping):
        data = [data]  # single-tweet lookups
    if not isinstance(data, list):
        raise MalformedPayload("x: data is not a list")
    if not data and "meta" not in payload and "errors" in payload:
        raise MalformedPayload(f"x: error body {str(payload.get('errors'))[:200]}")
    includes = payload.get("includes")
    users: dict[str, Mapping[str, Any]] = {}
    referenced: dict[str, Mapping[str, Any]] = {}
    if isinstance(includes, Mapping):
        for kind, found in (("users", users), ("tweets", referenced)):
            for item in objects(includes.get(kind)):
                if isinstance(item.get("id"), str):
                    found[item["id"]] = item
    meta = payload.get("meta") if isinstance(payload.get("meta"), Mapping) else {}
    assert isinstance(meta, Mapping)
    newest, token = meta.get("newest_id"), meta.get("next_token")
    count = meta.get("result_count")
    return TweetPage(
        tweets=tuple(t for t in data if isinstance(t, Mapping)),
        users=users,
        # it becomes the cursor, compared as a number: "0x10" there failed every later poll
        newest_id=newest if is_tweet_id(newest) else None,
        next_token=token if isinstance(token, str) else None,
        result_count=count if isinstance(count, int) else len(data),
        not_objects=sum(1 for t in data if not isinstance(t, Mapping)),
        referenced=referenced,
    )


# an id of more digits than a snowflake has names no tweet: X answers it 400 invalid-request
_STATUS_PATH = re.compile(rf"/(?:i/web|[^/]+)/status(?:es)?/([0-9]{{1,{MAX_ID_DIGITS}}})(?:/.*)?")


def tweet_id_of(url: str) -> str | None:
    """The id in a tweet's address: ``https://x.com/<user>/status/<id>`` (also twitter.com,
    mobile hosts, ``/i/web/status/<id>``, the old ``/statuses/``, and a trailing
    ``/photo/1``); None for anything else."""
    parts = split(url)
    if parts is None:
        return None
    # one host however written (capitals, "x.com.", "ｘ.com"), from the one list why reads too
    if parts.scheme.lower() not in ("http", "https") or not is_x_host(parts.hostname or ""):
        return None
    path = parts.path
    if path in ("", "/") and parts.fragment.startswith("!/"):
        path = parts.fragment[1:].partition("?")[0]  # the old twitter.com/#!/<user>/status/<id>
    m = _STATUS_PATH.fullmatch(path.rstrip("/"))
    return m.group(1) if m else None




def snowflake_time(tweet_id: str) -> datetime | None:
    if not ascii_digits(tweet_id) or int(tweet_id) < _SNOWFLAKE_MIN:
        return None
    try:
        return datetime.fromtimestamp(((int(tweet_id) >> 22) + _TWEPOCH_MS) / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):  # more digits than a real id: past year 9999
        return None


def unescape(text: str) -> str:
    # X escapes exactly these three; html.unescape would also eat literal "&copy" in prose
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _url_entities(tweet: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The first ``MAX_URL_ENTITIES`` of ``entities.urls``."""
    entities = tweet.get("entities")
    urls = entities.get("urls") if isinstance(entities, Mapping) else None
    if not isinstance(urls, list):
        return []
    return [e for e in urls[:MAX_URL_ENTITIES] if isinstance(e, Mapping)]


def _short_url(value: Any) -> str | None:
    """``value`` when it can be a t.co link (``_SHORT_URL``), else None."""
    return value if isinstance(value, str) and _SHORT_URL.fullmatch(value) else None


def expand(text: str, replacements: Mapping[str, str]) -> str:
    """``text`` with every short url in ``replacements`` (t.co links, as ``_short_url`` keeps
    them) replaced, in one pass over the first ``_MAX_EXPANDED`` characters: at each "t.co/"
    the text holds, the urls that would start there are looked up, longest first. A
    replacement is never read again: replacing one url after another made an expansion that
    holds its own short url double the text per entity (24 entities: 400 MB in 11 s). The
    result is cut at ``_MAX_EXPANDED`` characters."""
    if not replacements:
        return text
    text = text[:_MAX_EXPANDED]
    lengths = sorted({len(url) for url in replacements}, reverse=True)
    out: list[str] = []
    size = last = 0
    at = text.find(_T_CO)
    while at >= 0 and size <= _MAX_EXPANDED:
        after = at + len(_T_CO)
        for start in (at - _SCHEMES[0], at - _SCHEMES[1]):
            if start < last:
                continue
            url = next((text[start:start + n] for n in lengths
                        if text[start:start + n] in replacements), None)
            if url is not None:
                out += (text[last:start], replacements[url])
                size += start - last + len(replacements[url])
                last = after = start + len(url)
                break
        at = text.find(_T_CO, after)
    if size > _MAX_EXPANDED:
        return "".join(out)[:_MAX_EXPANDED]
    out.append(text[last:])
    return "".join(out)[:_MAX_EXPANDED]


def whole(tweet: Mapping[str, Any]) -> Mapping[str, Any]:
    """``tweet`` with its long post's whole text and entities in ``text`` and ``entities``. A
    post over 280 characters (Premium accounts write up to 25,000) has in ``text`` its first
    280 and an ellipsis, and whole only in ``note_tweet`` (``{"text", "entities"}``), which X
    answers a read asking ``tweet.fields=note_tweet``: a brand named, or a link, past the cut was
    never read, and the look before a retry never found a long post (posted twice). A
    ``note_tweet`` without entities keeps the tweet's (a link before the cut is in both)."""
    note = tweet.get("note_tweet")
    text = note.get("text") if isinstance(note, Mapping) else None
    if not isinstance(text, str) or not text:
        return tweet
    assert isinstance(note, Mapping)
    entities = note.get("entities")
    return {**tweet, "text": text,
            "entities": entities if isinstance(entities, Mapping) else tweet.get("entities")}


def shared_post(tweet: Mapping[str, Any],
                referenced: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The post ``tweet`` retweets, as the page's ``includes.tweets`` hold it whole; None for a
    tweet that is no retweet, or whose post X did not include (deleted, protected)."""
    for ref in objects(tweet.get("referenced_tweets")):
        if ref.get("type") == "retweeted" and isinstance(ref.get("id"), str):
            shared = referenced.get(ref["id"])
            if shared is not None and shared.get("id") != tweet.get("id"):
                return shared
    return None


def as_posted(tweet: Mapping[str, Any]) -> str:
    """A tweet's text as its author sent it: X wraps every link in t.co in ``text``, and keeps
    the link as written in ``entities.urls[].expanded_url`` (not ``unwound_url``, where a
    redirect ends); a long post's from its ``note_tweet`` (``whole``)."""
    tweet = whole(tweet)
    replacements: dict[str, str] = {}
    for entity in _url_entities(tweet):
        short, full = _short_url(entity.get("url")), entity.get("expanded_url")
        if short and isinstance(full, str):
            replacements.setdefault(short, full)  # the first entity for a url wins
    return expand(unescape(str(tweet.get("text") or "")), replacements)


def tweet_time(tweet: Mapping[str, Any], tweet_id: str) -> datetime | None:
    """When the tweet was made: its ``created_at``, else the time its snowflake id embeds;
    None when neither reads. A ``created_at`` whose UTC lies outside datetime's years 1-9999
    (``9999-12-31T23:59:59-01:00``) does not read either: converting it raised OverflowError
    out of a lookup (``why``) and the publisher's look for its own tweet; nor does one outside
    a post's years (``EARLIEST``, ``LATEST``: ``3000-01-01T00:00:00Z``), which no Mention
    takes: the tweet was skipped, and ``why`` answered pydantic's validation error."""
    return stated_time(tweet) or snowflake_time(tweet_id)


def stated_time(tweet: Mapping[str, Any]) -> datetime | None:
    """A tweet's ``created_at`` as UTC, when it reads as a time a post can have; else None."""
    value = tweet.get("created_at")
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        utc = when.astimezone(UTC) if when.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None
    return utc if utc is not None and EARLIEST <= utc < LATEST else None


def _created(tweet: Mapping[str, Any], tweet_id: str) -> datetime:
    when = tweet_time(tweet, tweet_id)
    if when is None:
        raise MalformedPayload(f"x: tweet {tweet_id} has no usable created_at")
    return when


def _entities(tweet: Mapping[str, Any], text: str) -> tuple[str, list[str], list[str], list[str]]:
    """Text with t.co links expanded, plus links, hashtags and handles."""
    entities = tweet.get("entities") if isinstance(tweet.get("entities"), Mapping) else {}
    assert isinstance(entities, Mapping)
    links: list[str] = []
    replacements: dict[str, str] = {}
    for entity in _url_entities(tweet):
        short = _short_url(entity.get("url"))
        full = entity.get("unwound_url") or entity.get("expanded_url") or short
        if not isinstance(full, str) or not full.startswith(("http://", "https://")):
            continue
        # links to media are the tweet's own photo pages, not something the author shared
        if isinstance(entity.get("media_key"), str):
            if short:
                replacements.setdefault(short, "")
            continue
        if full not in links:
            links.append(full)
        if short:
            replacements.setdefault(short, full)
    text = expand(text, replacements)
    if "" in replacements.values():
        text = text.rstrip()  # a photo link ends the text: its place is not kept
    hashtags = [h["tag"] for h in objects(entities.get("hashtags"))
                if isinstance(h.get("tag"), str)]
    handles = [m["username"] for m in objects(entities.get("mentions"))
               if isinstance(m.get("username"), str)]
    # pages fetched without tweet.fields=entities still deserve tags and handles
    if "hashtags" not in entities:
        hashtags = list(dict.fromkeys(_HASHTAG.findall(text)))
    if "mentions" not in entities:
        handles = list(dict.fromkeys(_HANDLE.findall(text)))
    return text, links, hashtags, handles


def reply_target(mention: Mention) -> str | None:
    """The tweet a reply to ``mention`` answers: of an edited post (``x:<original id>``), the
    newest version read (its payload's id), since X returns "the most recent version of a
    Post" (docs.x.com, Edit Posts) and the versions before live on as its edit history only;
    None for a post never edited (its id's own) or one whose payload is gone (deleted)."""
    version = mention.raw.get("id") if mention.revision == "edit" else None
    return str(version) if is_tweet_id(version) else None


def original_of(tweet: Mapping[str, Any], tweet_id: str) -> str | None:
    """The id of the post ``tweet`` is an edit of, from its ``edit_history_tweet_ids``: X makes
    each edit a new post with a new id, and every version lists the "edit history (oldest
    first)", the original first and the version itself last; one id alone is a post never
    edited (docs.x.com, "Edit Posts"). None for a post never edited, and for a history other
    than that (not a list of ids, the version not last in it, an original not older than it):
    such a tweet is read under its own id, as before edits were read."""
    history = tweet.get("edit_history_tweet_ids")
    if not isinstance(history, list) or len(history) < 2 or history[-1] != tweet_id:
        return None
    if not all(is_tweet_id(i) for i in history):
        return None
    first = history[0]
    assert isinstance(first, str)
    return first if int(first) < int(tweet_id) else None


def normalize_tweet(tweet: Mapping[str, Any], users: Mapping[str, Mapping[str, Any]], *,
                    source: str, web_url: str = WEB_URL, fetched_at: datetime | None = None,
                    said: Said = LOGGED,
                    referenced: Mapping[str, Mapping[str, Any]] | None = None) -> Mention:
    """One tweet (with the page's ``users``) as a Mention, dated by ``created_at``, else by
    its snowflake id; one dated more than an hour after ``fetched_at`` (when the page was
    read) by its snowflake id (``common.dating.post_date``). Each field changed or refused
    and stood in for (that date, a username that is no X username) is told to ``said``
    (``common.said``). A long post is read whole, from its ``note_tweet`` (``whole``).

    A retweet is the post it shares (``shared_post``, from the page's ``referenced``), as a
    Mastodon boost is the boosted status: X cuts a retweet's ``text`` to "RT @<author>: " and
    the post's first 140 characters with an ellipsis, and answers the post whole only in
    ``includes.tweets`` (``expansions=referenced_tweets.id``; DocNow/twarc#452,
    tweepy/tweepy#1915). Read as the retweeter's own, a complaint retweeted fifty times was
    fifty cards cut after 140 characters, each a reply to the retweeter.

    An edited post's version (``original_of``) is the original's Mention: its id
    ``x:<original id>``, made when the original was (its snowflake's time, when it has one),
    ``revision`` "edit" at this version's time; its address and payload this version's. So
    the pipeline reads it as it reads a Mastodon edit: the cards of a post already carded
    edited, once a version, and a version read first a post like any."""
    if (shared := shared_post(tweet, referenced or {})) is not None:
        try:
            return normalize_tweet(shared, users, source=source, web_url=web_url,
                                   fetched_at=fetched_at, said=said)
        except MalformedPayload:
            pass  # an included post that does not read: the retweet, as X cut it
    raw, tweet = tweet, whole(tweet)
    tweet_id = tweet.get("id")
    if not isinstance(tweet_id, str) or not ascii_digits(tweet_id):
        raise MalformedPayload(f"x: bad tweet id {tweet_id!r}")
    raw_text = tweet.get("text")
    if not isinstance(raw_text, str):
        raise MalformedPayload(f"x: tweet {tweet_id} without text")
    text, links, hashtags, handles = _entities(tweet, raw_text)
    author_id = tweet.get("author_id") if isinstance(tweet.get("author_id"), str) else None
    user = users.get(author_id, {}) if author_id else {}
    username = user.get("username") if isinstance(user.get("username"), str) else None
    if username is not None and not _USERNAME.fullmatch(username):
        # it is pasted into addresses: "jack/status/20?" made the card open tweet 20
        said.field(f"x:{tweet_id}", "author's username",
                   f"{username[:40]!r} is no X username; addressed by id")
        username = None
    metrics_in = user.get("public_metrics")
    followers = metrics_in.get("followers_count") if isinstance(metrics_in, Mapping) else None
    base = web_url.rstrip("/")
    author = Author(
        # no author is nobody's history: one id per tweet, not one for all; and no one's name
        # ("unknown" was also a real account's handle: rules for @unknown matched these)
        id=author_id or f"[unknown]:{tweet_id}",
        handle=username or author_id or "[unknown]",
        display_name=user.get("name") if isinstance(user.get("name"), str) else "",
        profile_url=(f"{base}/{username}" if username
                     else f"{base}/i/user/{author_id}" if is_tweet_id(author_id) else None),
        followers=followers if isinstance(followers, int) else None,
        verified=bool(user.get("verified")) if isinstance(user.get("verified"), bool) else False,
    )
    reply_to = None
    for ref in objects(tweet.get("referenced_tweets")):
        # an id X would answer for (a reference without one was the post "None", and every
        # such reply one conversation: one customer's open ticket took them all)
        if ref.get("type") == "replied_to" and is_tweet_id(ref.get("id")):
            reply_to = str(ref["id"])
    lang = tweet.get("lang")
    public = tweet.get("public_metrics")
    metrics = ({k.removesuffix("_count"): v for k, v in public.items()
                if isinstance(v, int) and not isinstance(v, bool)}
               if isinstance(public, Mapping) else {})
    conversation = tweet.get("conversation_id")
    original = original_of(tweet, tweet_id)
    try:
        made = post_date(_created(tweet, tweet_id), fetched_at=fetched_at,
                         post=f"x:{tweet_id}", field="created_at",
                         received=snowflake_time(tweet_id),
                         received_as="snowflake id's time", said=said)
        first_made = snowflake_time(original) if original is not None else None
        return Mention(
            id=f"x:{original or tweet_id}", network="x", source=source,
            url=f"{base}/{username or 'i/web'}/status/{tweet_id}",
            author=author, text=clean(unescape(text), shown=False),
            language=lang if isinstance(lang, str) and lang not in _NO_LANGUAGE else None,
            created_at=min(made, first_made) if first_made is not None else made,
            reply_to=reply_to,
            thread_id=conversation if isinstance(conversation, str) else None,
            links=tuple(links), hashtags=tuple(hashtags), handles=tuple(handles),
            metrics=metrics, raw=dict(raw),
            revision="edit" if original is not None else None,
            revised_at=made if original is not None else None,
        )
    except ValidationError as exc:
        raise MalformedPayload(f"x: tweet {tweet_id} does not fit a Mention: {exc}") from exc
