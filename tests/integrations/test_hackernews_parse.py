"""Hacker News normaliser.

No recorded Algolia response exists (tests/fixtures/real/README.md, "gaps"), so the hits here
are built from the official Firebase item fixtures, field for field, the way Algolia indexes
them: ``objectID`` = id, ``author`` = by, ``created_at_i`` = time, ``title``, ``url``,
``story_text`` (stories) / ``comment_text`` (comments) = text, ``parent_id`` = parent,
``story_id``, ``points`` = score, ``num_comments`` = descendants, ``_tags``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.errors import MalformedPayload
from integrations.social.hackernews.parse import normalize_hit, parse_search

HN = Path(__file__).parents[1] / "fixtures" / "real" / "hackernews"
ITEMS = ["item_story_8863.json", "item_comment_2921983.json", "item_ask_121003.json",
         "item_job_192327.json", "item_poll_126809.json", "item_pollopt_160705.json"]


def algolia_hit(item: dict[str, Any], *, story_id: int | None = None) -> dict[str, Any]:
    kind = item["type"]
    hit: dict[str, Any] = {
        "objectID": str(item["id"]), "author": item.get("by"), "created_at_i": item["time"],
        "created_at": datetime.fromtimestamp(item["time"], tz=UTC).strftime(
            "%Y-%m-%dT%H:%M:%S.000Z"),
        "title": item.get("title"), "url": item.get("url"), "points": item.get("score"),
        "num_comments": item.get("descendants"), "story_text": None, "comment_text": None,
        "parent_id": item.get("parent") or item.get("poll"), "story_id": story_id,
        "_tags": [kind, f"author_{item.get('by')}", f"story_{story_id or item['id']}"],
    }
    hit["comment_text" if kind in ("comment", "pollopt") else "story_text"] = item.get("text")
    return hit


def load_hit(name: str) -> dict[str, Any]:
    item = json.loads((HN / name).read_text(encoding="utf-8"))
    return algolia_hit(item, story_id=2921506 if item["type"] == "comment" else None)


@pytest.mark.parametrize("name", ITEMS)
def test_every_item_fixture_normalises(name: str) -> None:
    item = json.loads((HN / name).read_text(encoding="utf-8"))
    m = normalize_hit(load_hit(name), source="hn")
    assert m is not None
    assert m.id == f"hackernews:{item['id']}"
    assert m.url == f"https://news.ycombinator.com/item?id={item['id']}"
    assert m.author.handle == item["by"]
    assert m.author.profile_url == f"https://news.ycombinator.com/user?id={item['by']}"
    assert m.created_at == datetime.fromtimestamp(item["time"], tz=UTC)
    assert m.text and "<p>" not in m.text and "<i>" not in m.text


def test_story_with_url() -> None:
    m = normalize_hit(load_hit("item_story_8863.json"), source="hn")
    assert m is not None
    assert m.text == "My YC app: Dropbox - Throw away your USB drive"
    assert m.links == ("http://www.getdropbox.com/u/2/screencast.html",)
    assert m.thread_id == "8863" and m.reply_to is None
    assert m.metrics == {"points": 111, "comments": 71}


def test_comment_html_to_paragraphs_and_thread() -> None:
    m = normalize_hit(load_hit("item_comment_2921983.json"), source="hn")
    assert m is not None
    assert m.text == ("Aw shucks, guys ... you make me blush with your compliments.\n"
                      "Tell you what, Ill make a deal: I'll keep writing if you keep reading. K?")
    assert m.reply_to == "2921506" and m.thread_id == "2921506"


def test_ask_hn_keeps_title_and_body() -> None:
    m = normalize_hit(load_hit("item_ask_121003.json"), source="hn")
    assert m is not None
    assert m.text.startswith("Ask HN: The Arc Effect\n\nor HN: the Next Iteration\nI get")
    assert "(++ HN)?" in m.text


def test_entities_and_links_in_comment_html() -> None:
    hit = {"objectID": "1", "created_at_i": 1700000000, "author": "a", "_tags": ["comment"],
           "comment_text": 'see <a href="https://e.test/x?a=1&amp;b=2">docs</a> &amp; '
                           '<a href="javascript:alert(1)">bad</a><script>alert(2)</script>',
           "parent_id": 5, "story_id": 4}
    m = normalize_hit(hit, source="hn")
    assert m is not None
    assert m.text == "see docs & bad"
    assert m.links == ("https://e.test/x?a=1&b=2",)


def test_dead_hit_is_skipped() -> None:
    assert normalize_hit({"objectID": "9", "created_at_i": 1, "author": None,
                          "comment_text": None, "_tags": ["comment"]}, source="hn") is None


@pytest.mark.parametrize("hit", [
    {"objectID": "abc", "created_at_i": 1, "author": "a", "title": "t"},
    {"objectID": "1", "author": "a", "title": "t"},
    {"objectID": "1", "created_at_i": "soon", "author": "a", "title": "t"},
    {"created_at_i": 1, "author": "a", "title": "t"},
    # "²".isdigit() is true and int() refuses it; int() refuses over 4,300 digits too
    {"objectID": "1", "created_at_i": "²", "author": "a", "title": "t"},
    {"objectID": "²", "created_at_i": 1, "author": "a", "title": "t"},
    {"objectID": "1", "created_at_i": "9" * 5_000, "author": "a", "title": "t"},
])
def test_malformed_hits_are_rejected(hit: dict[str, Any]) -> None:
    with pytest.raises(MalformedPayload):
        normalize_hit(hit, source="hn")


def test_a_number_that_is_no_number_is_left_out() -> None:
    hit = load_hit("item_story_8863.json")
    m = normalize_hit({**hit, "points": "²", "num_comments": "7", "story_id": "³"}, source="hn")
    assert m is not None
    assert m.metrics == {"comments": 7} and m.thread_id == hit["objectID"]


def test_search_page() -> None:
    page = parse_search({"hits": [load_hit("item_story_8863.json")], "nbHits": 1500,
                         "nbPages": 2, "page": 0, "hitsPerPage": 1000})
    assert page.nb_hits == 1500 and len(page.hits) == 1
    bad_bodies: list[Any] = [None, [], {"hits": "x"}, {"message": "rate limited"}]
    for bad in bad_bodies:
        with pytest.raises(MalformedPayload):
            parse_search(bad)
