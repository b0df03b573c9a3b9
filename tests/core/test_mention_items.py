"""A mention's lists (links, media, hashtags, handles) hold at most MAX_ITEMS, the first ones: a
hostile post with 2 million links was kept whole with every signal built from it."""

from __future__ import annotations

import json
from typing import Any

from bot.core.models import MAX_ITEMS, Mention


def post(**lists: Any) -> dict[str, Any]:
    return {"id": "mastodon:1", "network": "mastodon", "source": "masto",
            "author": {"id": "a", "handle": "a"}, "text": "hi",
            "created_at": "2026-11-30T10:00:00Z", **lists}


def test_each_list_keeps_its_first_items() -> None:
    links = [f"https://example.com/{n}" for n in range(2_000_000)]
    m = Mention.model_validate(post(links=links, media=tuple(links[:500]),
                                    hashtags=[f"t{n}" for n in range(300)],
                                    handles=[f"@u{n}" for n in range(MAX_ITEMS + 1)]))
    assert m.links == tuple(links[:MAX_ITEMS]) and m.media == m.links
    assert m.hashtags == tuple(f"t{n}" for n in range(MAX_ITEMS))
    assert len(m.handles) == MAX_ITEMS and m.handles[-1] == f"@u{MAX_ITEMS - 1}"


def test_the_bound_holds_when_a_stored_mention_is_read_back() -> None:
    raw = json.dumps(post(hashtags=[f"t{n}" for n in range(10_000)], links=["a", "b"]))
    m = Mention.model_validate_json(raw)
    assert len(m.hashtags) == MAX_ITEMS and m.links == ("a", "b")
    assert Mention.model_validate_json(m.model_dump_json()) == m
