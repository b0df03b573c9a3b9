"""A thing's ``permalink`` (and a comment's ``context``, ``link_permalink``) is the card's
address: Reddit sends a path on its site ("/r/sub/comments/id/slug/"). Only such a path,
joined to the source's web base, or an absolute address on that base's host is taken; else the
address is made of the thing's ids and subreddit. On praw's recorded listings
(tests/fixtures/real/reddit), mutated."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from integrations.social.reddit.parse import normalize_thing

REDDIT = Path(__file__).parents[1] / "fixtures" / "real" / "reddit"
HOSTILE = ["https://evil.example/r/kakapo/comments/x/", "//evil.example/r/kakapo/",
           "/\\evil.example/r/kakapo/", "javascript:alert(1)", "http://www.reddit.com.evil.example/",
           "/r/kakapo/comments/654eqk/ x/"]


def child(name: str, at: int = 0) -> dict[str, Any]:
    listing = json.loads((REDDIT / name).read_text(encoding="utf-8"))
    return dict(listing["data"]["children"][at])


@pytest.mark.parametrize("permalink", HOSTILE)
def test_a_post_permalink_off_the_site_is_not_its_address(
        permalink: str, caplog: pytest.LogCaptureFixture) -> None:
    thing = child("subreddit_new_listing_100_after_cursor.json")
    thing["data"]["permalink"] = permalink
    with caplog.at_level(logging.WARNING):
        m = normalize_thing(thing, source="r")
    assert m is not None
    assert m.url == "https://www.reddit.com/r/AskReddit/comments/48fbm9/"
    assert "is no address on https://www.reddit.com" in caplog.text


@pytest.mark.parametrize("permalink", HOSTILE)
def test_a_comment_permalink_off_the_site_is_not_its_address(permalink: str) -> None:
    thing = child("subreddit_comments_stream_page.json")
    thing["data"]["permalink"] = permalink
    m = normalize_thing(thing, source="r")
    assert m is not None
    assert m.url == ("https://www.reddit.com/r/kakapo/comments/654eqk/"
                     "kakapo_calls_i_spent_100_days_last_year_making/dgauydy/")


def test_a_comment_with_no_address_on_the_site_is_made_of_its_ids() -> None:
    thing = child("subreddit_comments_stream_page.json")
    thing["data"]["permalink"] = "https://evil.example/a/"
    thing["data"]["link_permalink"] = "https://evil.example/b/"
    m = normalize_thing(thing, source="r")
    assert m is not None
    assert m.url == "https://www.reddit.com/r/kakapo/comments/654eqk/_/dgauydy/"


def test_an_inbox_context_off_the_site_is_not_its_address() -> None:
    thing = child("inbox_mentions_listing.json")
    thing["data"]["context"] = "https://evil.example/r/x/comments/bb24k7/y/ekftbox/?context=3"
    m = normalize_thing(thing, source="r")
    assert m is not None
    assert m.url == "https://www.reddit.com/r/RemovedByBotter/comments/bb24k7/_/ekftbox/"


@pytest.mark.parametrize("web_url", ["https://www.reddit.com", "https://reddit.example/base/"])
def test_addresses_on_the_site_are_kept(web_url: str) -> None:
    thing = child("subreddit_new_listing_100_after_cursor.json")
    m = normalize_thing(thing, source="r", web_url=web_url)
    assert m is not None
    assert m.url == (web_url.rstrip("/") + "/r/AskReddit/comments/48fbm9/"
                     "serious_parents_of_reddit_whats_the_biggest_lie/")
    thing["data"]["permalink"] = "https://www.reddit.com/r/AskReddit/comments/48fbm9/x/"
    m = normalize_thing(thing, source="r")
    assert m is not None and m.url == "https://www.reddit.com/r/AskReddit/comments/48fbm9/x/"


def test_an_author_that_is_no_username_has_no_profile() -> None:
    thing = child("subreddit_comments_stream_page.json")
    thing["data"]["author"] = "a/../../r/other/comments/zzz"
    m = normalize_thing(thing, source="r")
    assert m is not None and m.author.profile_url is None
