"""Reddit keeps a deleted or removed submission's title: what it blanks is the author
(``[deleted]``) and the self text (``[deleted]`` / ``[removed]``), and it says why in
``removed_by_category`` (``deleted`` by its author, ``moderator``, ``reddit``,
``automod_filtered``, ...). The normaliser documents that "a deleted or removed" thing is
skipped (None, counted as gone), and does so for comments; a post deleted by its author was
still read as a mention made of its title, by no one (from a review of the network adapters,
2026-12-06). A post a moderator or Reddit removed keeps its title, which is read, as
test_reddit_parse.test_removed_post_keeps_its_title says; so does one whose author's account
is gone but the post stays up."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from integrations.social.reddit.parse import normalize_thing

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "reddit"


@pytest.mark.parametrize(("category", "author", "selftext"), [
    ("deleted", "[deleted]", "[deleted]"),
    ("deleted", "[deleted]", ""),  # a link post: no text to blank
    (None, "[deleted]", "[deleted]"),  # an answer without removed_by_category
])
def test_a_post_its_author_deleted_is_gone_like_a_comment(
        category: str | None, author: str, selftext: str) -> None:
    listing = json.loads((REAL / "subreddit_new_listing_100_after_cursor.json")
                         .read_text(encoding="utf-8"))
    thing = copy.deepcopy(listing["data"]["children"][0])
    thing["data"].update(author=author, selftext=selftext, removed_by_category=category)
    assert normalize_thing(thing, source="rd") is None


def test_a_post_whose_authors_account_is_gone_but_stays_up_is_read() -> None:
    listing = json.loads((REAL / "subreddit_new_listing_100_after_cursor.json")
                         .read_text(encoding="utf-8"))
    thing = copy.deepcopy(listing["data"]["children"][0])
    thing["data"].update(author="[deleted]", removed_by_category=None)
    m = normalize_thing(thing, source="rd")
    assert m is not None and m.text.startswith(thing["data"]["title"])
