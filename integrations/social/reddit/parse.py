"""Reddit wire format to ``Mention``: listings, things (``t1`` comments, ``t3`` posts), fullnames,
and Reddit-flavoured markdown to plain text.

Pure functions, no I/O. A thing that cannot be read raises ``MalformedPayload``; a deleted or
removed comment returns None (the caller counts it as a skip, it is not an error).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import ValidationError

from bot.core.errors import MalformedPayload
from bot.core.models import Author, Mention
from bot.core.text import clean
from integrations.social.common.dating import post_date
from integrations.social.common.said import LOGGED, Said
from integrations.social.common.urls import host, site, split

WEB_URL = "https://www.reddit.com"
# a permalink's path: printable ASCII without a backslash (a browser reads "/\\evil.example"
# as "//evil.example", another host)
_PATH = re.compile(r"/[!-\[\]-~]{0,2000}")
_ID = re.compile(r"[a-z0-9]{1,13}")  # base-36 ids
_SUBREDDIT = re.compile(r"[A-Za-z0-9_]{1,21}")  # u_<user> profiles' too
_USERNAME = re.compile(r"[A-Za-z0-9_-]{1,20}")
# a ``removed_by_category`` as Reddit writes them (``moderator``, ``anti_evil_ops``): a damaged
# one (words, controls, 100 KB) says nothing of a removal, and the thing is read
_CATEGORY = re.compile(r"[a-z_]{1,40}")
GONE = frozenset({"[deleted]", "[removed]"})
# What Reddit's own admins leave of a thing they removed (a moderator's removal is "[removed]"):
# "[ Removed by Reddit ]" as a comment's body or a post's title, "[ Removed by Reddit on account
# of violating the [content policy](/help/contentpolicy). ]" or "[ Removed by Reddit in response
# to a copyright notice. ]" as a post's text; "reddit" in either case. Reddit now also leaves
# "[ Removed by moderator ]" of a moderator's removal (r/Suunto's sidebar, "the post or comment
# will be changed to: [ Removed by moderator ]"): read as a post, it was a card of those words
_REMOVED = re.compile(r"\[ ?Removed by (?:Reddit|moderators?)\b[^\n]{0,200}\]",
                      re.IGNORECASE)


def gone(text: str) -> bool:
    """Whether a title, post text or comment body is what Reddit leaves of a deleted or removed
    one (each of these was read as a post, "[ Removed by Reddit ]" on a card)."""
    text = text.strip()
    return text in GONE or _REMOVED.fullmatch(text) is not None


def left_by_reddit(data: Mapping[str, Any], text: str) -> bool:
    """Whether ``text`` (a comment's body, a post's title or text) is what Reddit left of the
    thing deleted or removed (``gone``), not its author's own words: ``[removed]`` or
    ``[deleted]`` quoted as a whole comment was skipped as taken down (a review, 2026-12-06).
    Reddit blanks a comment's author with its words (``author`` ``[deleted]``: reddit-archive/
    reddit, r2/r2/models/link.py, ``Comment.add_props``), and says a post is up with a null
    ``removed_by_category``: with its author named, or its category null, the words are the
    author's, Reddit's notice (``[ Removed by Reddit ]``) too: a post of a null category saying
    only that, quoted by its author, was skipped as taken down (a review, 2026-12-07). An
    answer without the field (a post read before Reddit wrote it) is read by its words."""
    if not gone(text):
        return False
    if removed(data):
        return True
    author = data.get("author")
    blanked = not isinstance(author, str) or author.strip() in ("", *GONE)
    if "body" in data:  # a comment (a post has none): Reddit blanks its author with its words
        return blanked
    if "removed_by_category" in data and not blanked:  # a post: Reddit says whether it is up
        return data["removed_by_category"] is not None
    return True


def removed(data: Mapping[str, Any]) -> bool:
    """Whether Reddit says the thing is taken down, whatever its words still show: a
    ``removed_by_category`` (``deleted`` by its author, ``moderator``, ``automod_filtered``,
    ``reddit``, ``anti_evil_ops``, ``copyright_takedown``, ...; null while it is up), or a
    ``banned_by`` (who removed it: what an account that moderates the subreddit reads, with
    the words still in ``selftext``/``body``; null for everyone else and once approved). A
    moderator's removal is reversible on Reddit (re-approved, it is listed again as new)."""
    category, by = data.get("removed_by_category"), data.get("banned_by")
    return (isinstance(category, str) and _CATEGORY.fullmatch(category) is not None) \
        or by is True or (isinstance(by, str) and _USERNAME.fullmatch(by) is not None)


# ``removed_by_category`` of a removal by the subreddit (its moderators, AutoModerator's filter)
# and by Reddit (its admins, its spam filter, a legal takedown); ``deleted`` (and ``author``)
# are its author's
_BY_MODERATOR = frozenset({"moderator", "automod_filtered"})
_BY_REDDIT = frozenset({"reddit", "anti_evil_ops", "copyright_takedown", "content_takedown",
                        "community_ops"})


def taken_down_by(data: Mapping[str, Any]) -> Literal["moderator", "network", "removed"] | None:
    """Who took a thing read as gone down (``Mention.removed_by``): None when its author
    deleted it (``[deleted]``, ``removed_by_category`` ``deleted``), ``moderator`` and
    ``network`` as ``removed_by_category``, ``banned_by`` (a name: a moderator's; ``true``:
    Reddit's spam filter) or the words left (``[ Removed by moderator ]``, ``[ Removed by
    Reddit ]``) say, else ``removed`` (a bare ``[removed]``)."""
    category, by = data.get("removed_by_category"), data.get("banned_by")
    # only a string is a category: a list or an object (no value Reddit writes) raised
    # ``TypeError`` in the frozensets below, out of every poll after
    category = category if isinstance(category, str) else None
    words = [w.strip() for k in ("body", "selftext", "title")
             if isinstance(w := data.get(k), str)]
    # Reddit's field first: the words are what a reader is shown, and a moderator's account
    # reads ``banned_by`` of whoever removed it last ("[ Removed by moderator ]" and a
    # category ``anti_evil_ops`` was said to be a moderator's: a review, 2026-12-07)
    if category in ("deleted", "author"):
        return None
    if category in _BY_MODERATOR:
        return "moderator"
    if category in _BY_REDDIT:
        return "network"
    if category is None and "[deleted]" in words and "[removed]" not in words:
        return None
    if (isinstance(by, str) and _USERNAME.fullmatch(by)) or any(
            w.lower().startswith(("[ removed by moderator", "[removed by moderator"))
            for w in words):
        return "moderator"
    if by is True or any(_REMOVED.fullmatch(w) for w in words):
        return "network"
    return "removed"


# Characters of a post's or comment's markdown read: Reddit allows 40,000 in a post's text
# and 10,000 in a comment; what we keep of any post is bot.core.text.MAX_TEXT (20,000)
MAX_BODY = 50_000

# Linear in the body's length (each is tried from many places in "[a]([a]([a](..." or
# "\n\n\n..."): a link's label and target stop at the next "[", a rule or fence is one line.
# Spoilers are found with str.find (``_unspoil``).
_MD_LINK = re.compile(
    r"!?\[([^\[\]\n]*+)\]\(\s*+<?([^)\s>\[]*+)>?(?:\s+\"[^\"\n]*+\")?\s*+\)")
_BARE_URL = re.compile(r"https?://[^\s<>()\[\]]+")
_USER = re.compile(r"(?<![\w/])/?u/([A-Za-z0-9_-]{3,20})\b")
_EMPHASIS = re.compile(r"(\*\*|__|~~|\*|(?<!\w)_(?!\s))")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.M)
_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_RULE = re.compile(r"^[ \t]*+(?:[-*_][ \t]*+){3,}+$", re.M)
_FENCE = re.compile(r"^[ \t]*+(```|~~~).*$", re.M)
_SUPER = re.compile(r"\^+")
_CODE = re.compile(r"`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~^|])")


def _unspoil(text: str) -> str:
    """``>!hidden!<`` to ``hidden``: what ``re.sub(r">!(.*?)!<", r"\1", text, flags=re.S)``
    does, in one pass (the regex retried every ``>!`` to the end of a post without ``!<``)."""
    out: list[str] = []
    done = 0
    while (start := text.find(">!", done)) >= 0 and (end := text.find("!<", start + 2)) >= 0:
        out += (text[done:start], text[start + 2:end])
        done = end + 2
    out.append(text[done:])
    return "".join(out)


@dataclass(frozen=True)
class MarkdownText:
    text: str
    links: tuple[str, ...]
    handles: tuple[str, ...]


def markdown_to_text(body: str) -> MarkdownText:
    """Reddit markdown to readable plain text. Deliberately small: links keep their label,
    emphasis, headings, quotes, spoilers and superscripts lose their markers. The result is
    plain text (never rendered as HTML), so nothing here needs to be a sanitiser. Only the
    first ``MAX_BODY`` characters are read: Reddit keeps no more, and the regexes below ran
    1.8 s (on the event loop) over a 10 MB body a damaged answer held."""
    body = body[:MAX_BODY]
    links: list[str] = []

    def _link(m: re.Match[str]) -> str:
        label, target = m.group(1), m.group(2)
        if target.startswith(("http://", "https://")) and target not in links:
            links.append(target)
        # subreddit emotes like [](#middleparrot) have no label and no readable target
        return label

    text = _MD_LINK.sub(_link, body)
    for found in _BARE_URL.findall(text):
        url = found.rstrip(".,;:!?'\"")
        if url not in links:
            links.append(url)
    text = _unspoil(text)
    text = _FENCE.sub("", text)
    text = _RULE.sub("", text)
    text = _HEADING.sub("", text)
    text = _QUOTE.sub("", text)
    text = _CODE.sub("", text)
    text = _SUPER.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = text.replace("&nbsp;", " ").replace("&#x200B;", "")
    handles = tuple(dict.fromkeys(m.group(1) for m in _USER.finditer(body)))
    return MarkdownText(text=clean(text, shown=False), links=tuple(links), handles=handles)


@dataclass(frozen=True)
class Listing:
    things: tuple[Mapping[str, Any], ...]  # each ``{"kind": ..., "data": {...}}``
    after: str | None
    before: str | None
    not_objects: int = 0  # children that are not objects (left out of ``things``)


def parse_listing(payload: Any) -> Listing:
    """A ``{"kind": "Listing", "data": {"children": [...], "after", "before"}}`` body."""
    if not isinstance(payload, Mapping) or payload.get("kind") != "Listing":
        raise MalformedPayload("reddit: expected a Listing")
    data = payload.get("data")
    if not isinstance(data, Mapping) or not isinstance(data.get("children"), list):
        raise MalformedPayload("reddit: Listing without data.children")
    after, before = data.get("after"), data.get("before")
    return Listing(
        things=tuple(c for c in data["children"] if isinstance(c, Mapping)),
        not_objects=sum(1 for c in data["children"] if not isinstance(c, Mapping)),
        after=after if isinstance(after, str) else None,
        before=before if isinstance(before, str) else None,
    )


# Post and comment addresses: /r/<sub>/comments/<post>[/<slug>[/<comment>]], the same under
# /user/<name>/ or with no prefix, /r/<sub>/comments/<post>/comment/<comment>, and
# https://redd.it/<post>. Ids are base 36.
_THING_PATH = re.compile(r"(?:/(?:r|u|user)/[^/]+)?/comments/([a-z0-9]{1,13})"
                         r"(?:/comment/([a-z0-9]{1,13})|/[^/]*(?:/([a-z0-9]{1,13}))?)?")
_SHORT_PATH = re.compile(r"/([a-z0-9]{1,13})")
# a gallery post's own address (its ``url``: https://www.reddit.com/gallery/<id>), which
# Reddit's apps share as the post's
_GALLERY_PATH = re.compile(r"/gallery/([a-z0-9]{1,13})")


def fullname_of(url: str) -> str | None:
    """The fullname a Reddit address names: ``t1_<id>`` for a comment's address, ``t3_<id>``
    for a post's (any reddit.com host: www, old, new, np; a gallery's ``/gallery/<id>``; and
    redd.it); None for anything
    else (share links ``/r/<sub>/s/<code>`` name no thing until Reddit redirects them)."""
    parts = split(url)
    if parts is None:
        return None
    name = host(parts.hostname or "")  # capitals, a last dot ("old.reddit.com.") as one
    if parts.scheme.lower() not in ("http", "https"):
        return None
    path = parts.path.rstrip("/").lower()
    if name == "redd.it":
        m = _SHORT_PATH.fullmatch(path)
        return f"t3_{m.group(1)}" if m else None
    if name != "reddit.com" and not name.endswith(".reddit.com"):
        return None
    if (gallery := _GALLERY_PATH.fullmatch(path)) is not None:
        return f"t3_{gallery.group(1)}"
    m = _THING_PATH.fullmatch(path)
    if m is None:
        return None
    comment = m.group(2) or m.group(3)
    return f"t1_{comment}" if comment else f"t3_{m.group(1)}"


def _created(data: Mapping[str, Any]) -> datetime:
    value = data.get("created_utc")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedPayload("reddit: thing without created_utc")
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise MalformedPayload(f"reddit: bad created_utc {value!r}") from exc


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


_THREAD_IN_PATH = re.compile(r"/comments/([a-z0-9]+)/")
_PARENT = re.compile(r"t[13]_[0-9a-z]{1,13}")


def _thread_of(data: Mapping[str, Any]) -> str | None:
    link_id = data.get("link_id")
    if isinstance(link_id, str) and link_id.startswith("t3_"):
        return link_id
    # inbox items carry no link_id; the thread is in the context path
    for key in ("context", "permalink"):
        value = data.get(key)
        if isinstance(value, str) and (m := _THREAD_IN_PATH.search(value)):
            return f"t3_{m.group(1)}"
    return None


def on_site(path: Any, web_url: str) -> str | None:
    """A permalink as an address on ``web_url``'s site: a path there ("/r/sub/comments/id/",
    not "//host/..."), or an absolute address on its host; None for anything else. Reddit
    sends paths: "https://evil.example/..." there made the card open another site."""
    if not isinstance(path, str) or not path:
        return None
    if path.startswith("/") and not path.startswith("//") and _PATH.fullmatch(path):
        return web_url.rstrip("/") + path
    parts, home = split(path), split(web_url)
    if (parts is not None and home is not None and parts.scheme.lower() in ("http", "https")
            and site(parts) is not None and site(parts) == site(home)):
        return path
    return None


def site_address(data: Mapping[str, Any], key: str, web_url: str, *, post: str,
                 said: Said) -> str | None:
    """``data[key]`` (a thing's ``permalink``, ``context``) as an address on the site
    (``on_site``); one that is not is told to ``said``, and None. The source's things and the
    publisher's answer are checked alike."""
    path = data.get(key)
    url = on_site(path, web_url)
    if url is None and isinstance(path, str) and path:
        said.field(post, key, f"{path[:80]!r} is no address on {web_url}; not used")
    return url


def _comment_url(data: Mapping[str, Any], native: str, web_url: str, *, post: str,
                 said: Said) -> str | None:
    # older listings carry no permalink for comments; reddit resolves any slug in its place
    if (link := site_address(data, "link_permalink", web_url, post=post, said=said)) \
            and _ID.fullmatch(native):
        return link.rstrip("/") + f"/{native}/"
    return thread_address(data, native, web_url)


def thread_address(data: Mapping[str, Any], native: object, web_url: str) -> str | None:
    """A comment's address made of its thread, subreddit and id (``native``), when each is
    one Reddit could have given (a base-36 id, a subreddit's name): None otherwise."""
    thread, sub = _thread_of(data), data.get("subreddit")
    if (thread and _ID.fullmatch(thread[3:]) and isinstance(native, str)
            and _ID.fullmatch(native) and isinstance(sub, str) and _SUBREDDIT.fullmatch(sub)):
        return f"{web_url.rstrip('/')}/r/{sub}/comments/{thread[3:]}/_/{native}/"
    return None


def _post_url(data: Mapping[str, Any], native: str, web_url: str) -> str | None:
    """A post's address made of its id (and subreddit), as Reddit answers it."""
    if not _ID.fullmatch(native):
        return None
    sub = data.get("subreddit")
    where = f"/r/{sub}" if isinstance(sub, str) and _SUBREDDIT.fullmatch(sub) else ""
    return f"{web_url.rstrip('/')}{where}/comments/{native}/"


def _crossposted(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The post a crosspost shares: Reddit lists a crosspost with its own title, no text and
    a relative `url`, the original's fields in `crosspost_parent_list` (its text is what the
    customer wrote; a deleted or removed original's is Reddit's placeholder, read as gone)."""
    parents = data.get("crosspost_parent_list")
    if isinstance(parents, list) and parents and isinstance(parents[0], Mapping):
        return parents[0]
    return None


def normalize_thing(thing: Mapping[str, Any], *, source: str, web_url: str = WEB_URL,
                    fetched_at: datetime | None = None, said: Said = LOGGED) -> Mention | None:
    """One listing child as a Mention; None for a deleted or removed comment.
    ``fetched_at``: when the listing was read; a ``created_utc`` more than an hour after it is
    replaced by it (``common.dating.post_date``: Reddit documents no other time). Each field
    changed or refused (that date, a permalink off the site) is told to ``said``
    (``common.said``)."""
    kind = thing.get("kind")
    data = thing.get("data")
    if kind not in ("t1", "t3") or not isinstance(data, Mapping):
        raise MalformedPayload(f"reddit: unsupported thing kind {kind!r}")
    native = data.get("id")
    if not isinstance(native, str) or not native:
        raise MalformedPayload("reddit: thing without id")
    # a name of the thing's kind ("t3_..."), else made of its kind and id: "" was the mention
    # "reddit:", every such thing the same one
    name = data.get("name")
    fullname = name if isinstance(name, str) and name.startswith(f"{kind}_") \
        and len(name) > len(kind) + 1 else f"{kind}_{native}"
    author_name = str(data["author"]) if isinstance(data.get("author"), str) else ""
    post = f"reddit:{fullname}"
    if kind == "t1":
        body = data.get("body")
        if not isinstance(body, str):
            raise MalformedPayload(f"reddit: comment {fullname} without body")
        if left_by_reddit(data, body) or removed(data):
            return None
        md = markdown_to_text(body)
        text, links, handles = md.text, md.links, md.handles
        url = (site_address(data, "permalink", web_url, post=post, said=said)
               or site_address(data, "context", web_url, post=post, said=said)
               or _comment_url(data, native, web_url, post=post, said=said))
        parent = data.get("parent_id")
        # where a reply goes: a post's or a comment's fullname, or nowhere
        reply_to = parent if isinstance(parent, str) and _PARENT.fullmatch(parent) else None
        thread_id = _thread_of(data)
        metrics = {k: v for k in ("score",) if (v := _int(data.get(k))) is not None}
    else:
        title = data.get("title")
        if not isinstance(title, str):
            raise MalformedPayload(f"reddit: post {fullname} without title")
        raw_selftext = data.get("selftext")
        selftext = raw_selftext if isinstance(raw_selftext, str) else ""
        if left_by_reddit(data, title) and (left_by_reddit(data, selftext) or not selftext):
            return None
        if left_by_reddit(data, selftext) or removed(data):
            # deleted by its author, who took it back, or taken down by a moderator, a
            # subreddit's filters or Reddit: Reddit keeps its title on the post's page, but
            # lists it nowhere and blanks its text; a mention made of it was a card (and a
            # ticket) for a post no one can see or answer, kept as if public when a moderator
            # removed it after it was read (a review, 2026-12-06). Skipped at its first read,
            # a tombstone when read again (``RedditSource._revised``), as a removed comment is
            return None
        shared = _crossposted(data) if not selftext else None
        shared_text = shared.get("selftext") if shared is not None else None
        body = shared_text if isinstance(shared_text, str) else selftext
        md = markdown_to_text("" if shared is not None and gone(body) else body)
        text = clean(title + ("\n\n" + md.text if md.text else ""), shown=False)
        links_list = list(md.links)
        for linked in (data, shared or {}):
            target = linked.get("url")
            if (isinstance(target, str) and target.startswith(("http://", "https://"))
                    and not linked.get("is_self") and target not in links_list):
                links_list.insert(0, target)
        links, handles = tuple(links_list), md.handles
        url = site_address(data, "permalink", web_url, post=post, said=said) \
            or _post_url(data, native, web_url)
        reply_to, thread_id = None, fullname
        metrics = {k: v for k in ("score", "num_comments")
                   if (v := _int(data.get(k))) is not None}
    deleted_author = author_name in GONE or not author_name
    author_id = data.get("author_fullname")
    # a deleted account is nobody's history: "[deleted]" as the id made every deleted account
    # one customer (their mentions counted as one person's, their open tickets on each card,
    # one "likely bot"); one id per thing instead
    author = Author(
        id=author_id if isinstance(author_id, str) and author_id
        else f"[deleted]:{fullname}" if deleted_author else author_name,
        handle=author_name or "[deleted]",
        profile_url=None if deleted_author or not _USERNAME.fullmatch(author_name)
        else f"{web_url.rstrip('/')}/user/{author_name}",
    )
    try:
        return Mention(
            id=f"reddit:{fullname}", network="reddit", source=source, url=url, author=author,
            text=text, created_at=post_date(_created(data), fetched_at=fetched_at,
                                            post=post, field="created_utc", said=said),
            reply_to=reply_to, thread_id=thread_id,
            links=links, handles=handles, metrics=metrics, raw=dict(data),
        )
    except ValidationError as exc:
        raise MalformedPayload(f"reddit: {fullname} does not fit a Mention: {exc}") from exc


def parse_envelope(payload: Any) -> list[Mapping[str, Any]]:
    """The ``{"json": {"errors": [...], "data": {"things": [...]}}}`` write envelope.

    Returns the things; raises ``ValueError`` with reddit's own words when ``errors`` is not empty
    (the publisher turns it into PublishError)."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("json"), Mapping):
        raise ValueError("reddit: response is not a json envelope")
    body = payload["json"]
    errors = body.get("errors") or []
    if errors:
        described = "; ".join(
            ": ".join(str(p) for p in e if p) if isinstance(e, list) else str(e) for e in errors
        )
        raise ValueError(f"reddit refused: {described}")
    data = body.get("data")
    things = data.get("things") if isinstance(data, Mapping) else None
    if not isinstance(things, list):
        return []
    return [t for t in things if isinstance(t, Mapping)]
