"""What a network's JSON holds where its schema promises an array of objects: a payload is
hostile input, and a number or a string there must leave that part out, not the post."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.core.jsonbody import loads
from integrations.social.common.jsonpage import ERROR_BODY


def objects(value: object) -> list[Mapping[str, Any]]:
    """The objects of ``value`` when it is a JSON array; nothing for any other value (a
    number, ``true``, a string, an object), and an array's other items are left out."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def said_in(content: bytes, key: str, *, limit: int = 200) -> str:
    """What an error answer's JSON object says under ``key`` (Bluesky's ``message``, X's
    ``detail``, Reddit's ``reason``, Mastodon's ``error``), its whitespace made one space and
    cut to ``limit``; "" when the body is no JSON object or says nothing there."""
    body = error_body(content)
    value = body.get(key) if isinstance(body, Mapping) else None
    return " ".join(str(value).split())[:limit] if isinstance(value, str | int) else ""


def head_of(content: bytes, *, limit: int = 200) -> str:
    """What an answer that cannot be used says, for its error: its JSON ``error`` when it is
    light enough to decode (``error_body``), else its first ``limit`` characters as they came,
    on one line. Never the whole answer written out: ``str()`` of a decoded 16 MB answer held
    the loop seconds (490,000 floats: 2 s) for these 200 characters."""
    said = said_in(content, "error", limit=limit)
    if said:
        return said
    head = content[:limit * 4].decode("utf-8", "replace")  # at most 4 bytes a character
    return " ".join(head.split())[:limit]


def error_body(content: bytes) -> Any:
    """An error answer's JSON, decoded on the event loop only when it weighs no more than
    ``jsonpage.ERROR_BODY`` (a 4xx of 32 MB of empty arrays held the loop seconds for a message
    of one line); None when it is heavier or no JSON."""
    if ERROR_BODY.over(content) is not None:
        return None
    try:
        return loads(content)
    except ValueError:
        return None
