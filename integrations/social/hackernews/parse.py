"""Hacker News (Algolia search API) wire format to ``Mention``.

Pure functions, no I/O. An Algolia hit carries ``objectID``, ``created_at_i``, ``author``,
``title``, ``story_text`` / ``comment_text`` (HTML), ``url``, ``story_id``, ``parent_id``,
``points``, ``num_comments`` and ``_tags``. A hit that cannot be read raises ``MalformedPayload``;
a hit with nothing readable left (dead or deleted: no author, no text, no title) returns None.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pydantic import ValidationError

from bot.core.errors import MalformedPayload
from bot.core.models import Author, Mention
from bot.core.text import ascii_digits, clean
from integrations.social.common.urls import host, split
from integrations.social.rss.html import html_to_text

WEB_URL = "https://news.ycombinator.com"
_ITEM_ID = re.compile(r"[1-9][0-9]{0,14}")


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[Mapping[str, Any], ...]
    nb_hits: int
    nb_pages: int
    page: int
    not_objects: int = 0  # hits that are not objects (left out of ``hits``, still sent)
    # ``nbHits`` sent and not said to be approximate: Algolia approximates it when a query
    # takes over 50 ms (``exhaustiveNbHits``, or ``exhaustive.nbHits`` in newer responses,
    # false; algolia.com/doc "Understand the API response"), and a count that is missing or
    # approximate cannot tell a full page from the whole window
    nb_hits_exact: bool = True


def _int(value: Any) -> int | None:
    """An integer field, whether sent as a number or as digits; None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and ascii_digits(value):
        return int(value)
    return None


def parse_search(payload: Any) -> SearchPage:
    """A ``search_by_date`` response body."""
    if not isinstance(payload, Mapping) or not isinstance(payload.get("hits"), list):
        raise MalformedPayload("hackernews: expected an Algolia body with hits")
    hits = tuple(h for h in payload["hits"] if isinstance(h, Mapping))
    nb_hits = _int(payload.get("nbHits"))
    exhaustive = payload.get("exhaustive")
    approximate = payload.get("exhaustiveNbHits") is False or (
        isinstance(exhaustive, Mapping) and exhaustive.get("nbHits") is False)
    return SearchPage(
        hits=hits,
        nb_hits=nb_hits or len(hits),
        nb_hits_exact=nb_hits is not None and not approximate,
        nb_pages=_int(payload.get("nbPages")) or 1,
        page=_int(payload.get("page")) or 0,
        not_objects=len(payload["hits"]) - len(hits),
    )


def hit_time(hit: Mapping[str, Any]) -> int:
    value = _int(hit.get("created_at_i"))
    if value is None:
        raise MalformedPayload("hackernews: hit without created_at_i")
    return value


def item_url(item_id: str | int, web_url: str = WEB_URL) -> str:
    return f"{web_url.rstrip('/')}/item?id={item_id}"


def item_id_of(url: str, web_url: str = WEB_URL) -> str | None:
    """N of an item address ``https://news.ycombinator.com/item?id=N`` (or of ``web_url``'s
    host), or the M of ``item?id=N#M``, a comment on N's page; None for any other address."""
    parts, web = split(url), split(web_url)
    if parts is None:
        return None
    # one host however written: capitals, a fully qualified name's last dot
    hosts = {host(h) for h in (urlsplit(WEB_URL).hostname, web.hostname if web else None) if h}
    if parts.scheme.lower() not in ("http", "https") or host(parts.hostname or "") not in hosts:
        return None
    if parts.path.rstrip("/") != "/item":
        return None
    ids = parse_qs(parts.query).get("id") or []
    if len(ids) != 1 or not _ITEM_ID.fullmatch(ids[0]):
        return None
    # a comment's row on an item's page has its id as anchor: item?id=<story>#<comment>, a
    # link to it on its story's page, names that comment
    return parts.fragment if _ITEM_ID.fullmatch(parts.fragment) else ids[0]


def _live_comments(children: Any) -> int:
    """The comments under an item (dead and deleted ones, shown as ``{id, children}``, left
    out): what search's ``num_comments`` counts."""
    count = 0
    stack = [children]
    while stack:
        nodes = stack.pop()
        if not isinstance(nodes, list):
            continue
        for node in nodes:
            if isinstance(node, Mapping):
                count += node.get("type") == "comment" and "author" in node
                stack.append(node.get("children"))
    return count


def _unwrapped(text: str) -> str:
    """An item's text as HN writes it (and search's hits carry it): paragraphs parted by a bare
    ``<p>``. The items API wraps it, ``<p>`` + the text with each ``<p>`` made ``</p><p>`` +
    ``</p>`` (hn-search's ItemSerializer); HN's own text never holds ``</p>``, so this undoes
    it exactly, and the same text reads the same."""
    if text.startswith("<p>") and text.endswith("</p>"):
        return text[3:-4].replace("</p><p>", "<p>")
    return text


def hit_of_item(item: Any, item_id: str) -> dict[str, Any] | None:
    """An Algolia items answer (``GET /api/v1/items/:id``: ``id``, ``created_at_i``,
    ``type``, ``author``, ``title``, ``url``, ``text``, ``points``, ``parent_id``,
    ``story_id``, the whole ``children`` tree) as the search hit the index holds for it, so
    ``normalize_hit`` reads it as it reads polled hits. None for a dead or deleted item
    (answered with ``id`` and ``children`` only) or a poll option (no author, no time)."""
    if not isinstance(item, Mapping):
        raise MalformedPayload("hackernews: item answer is not an object")
    if str(_int(item.get("id"))) != item_id:
        raise MalformedPayload(f"hackernews: asked for item {item_id}, got {item.get('id')!r}")
    created = _int(item.get("created_at_i"))
    if created is None and isinstance(item.get("created_at"), str):
        try:
            created = int(datetime.fromisoformat(
                str(item["created_at"]).replace("Z", "+00:00")).timestamp())
        except ValueError as exc:
            raise MalformedPayload(f"hackernews: item {item_id} has a bad created_at") from exc
    if created is None or not isinstance(item.get("author"), str):
        return None  # dead, deleted, or a poll option: nothing search would show
    kind = item.get("type") if isinstance(item.get("type"), str) else "story"
    text = _unwrapped(item["text"]) if isinstance(item.get("text"), str) else None
    story_id = _int(item.get("story_id"))
    hit: dict[str, Any] = {
        "objectID": item_id, "created_at_i": created, "author": item["author"],
        "title": item.get("title"), "url": item.get("url"), "points": item.get("points"),
        "story_text": None if kind == "comment" else text,
        "comment_text": text if kind == "comment" else None,
        "parent_id": item.get("parent_id"), "story_id": story_id,
        "num_comments": _live_comments(item.get("children")) if kind != "comment" else None,
        "_tags": [kind, f"author_{item['author']}", f"story_{story_id or item_id}"],
    }
    return hit


def normalize_hit(hit: Mapping[str, Any], *, source: str,
                  web_url: str = WEB_URL) -> Mention | None:
    object_id = hit.get("objectID")
    if isinstance(object_id, int) and not isinstance(object_id, bool):
        object_id = str(object_id)
    if not isinstance(object_id, str) or not ascii_digits(object_id):
        raise MalformedPayload(f"hackernews: bad objectID {object_id!r}")
    created = hit_time(hit)
    author_name = hit.get("author") if isinstance(hit.get("author"), str) else ""
    title = hit.get("title") if isinstance(hit.get("title"), str) else ""
    body_html = ""
    for key in ("comment_text", "story_text", "text"):
        value = hit.get(key)
        if isinstance(value, str) and value:
            body_html = value
            break
    body = html_to_text(body_html)
    if not author_name and not body.text and not title:
        return None  # dead or deleted: nothing left to read
    text = clean("\n\n".join(p for p in (title, body.text) if p), shown=False)
    links = list(body.links)
    story_url = hit.get("url")
    if (isinstance(story_url, str) and story_url.startswith(("http://", "https://"))
            and story_url not in links):
        links.insert(0, story_url)
    story_id = _int(hit.get("story_id"))
    parent_id = _int(hit.get("parent_id"))
    raw_tags = hit.get("_tags")
    tags: list[Any] = raw_tags if isinstance(raw_tags, list) else []
    is_comment = "comment" in tags or bool(hit.get("comment_text"))
    metrics: dict[str, int] = {}
    for key, name in (("points", "points"), ("num_comments", "comments")):
        value = _int(hit.get(key))
        if value is not None:
            metrics[name] = value
    try:
        when = datetime.fromtimestamp(created, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise MalformedPayload(f"hackernews: bad created_at_i {created}") from exc
    try:
        return Mention(
            id=f"hackernews:{object_id}", network="hackernews", source=source,
            url=item_url(object_id, web_url),
            author=Author(
                # no author is nobody's history: one id per item, not one "[deleted]" for all
                id=author_name or f"[deleted]:{object_id}", handle=author_name or "[deleted]",
                profile_url=f"{web_url.rstrip('/')}/user?id={author_name}" if author_name else None,
            ),
            text=text, created_at=when,
            reply_to=str(parent_id) if is_comment and parent_id is not None else None,
            # a comment hn-search indexed before resolving its story (``resolve_parent!``
            # runs after the item is saved and indexed) has no story_id: its conversation is
            # then its parent's (``conversation_key``), not one of its own
            thread_id=(str(story_id) if story_id is not None
                       else None if is_comment and parent_id is not None else object_id),
            links=tuple(links), media=body.media, metrics=metrics, raw=dict(hit),
        )
    except ValidationError as exc:
        raise MalformedPayload(f"hackernews: {object_id} does not fit a Mention: {exc}") from exc
