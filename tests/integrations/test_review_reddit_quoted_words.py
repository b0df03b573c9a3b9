"""A Reddit comment or post whose words are exactly ``[removed]`` or ``[deleted]`` because its
author wrote them (quoting what Reddit shows, a joke, a question about it) was skipped as
taken down, and a comment edited to them by its author was a tombstone: the decision was made
on the text alone (a community manager's review, 2026-12-06).

Reddit's other fields decide it. Reddit blanks a comment's author with its words: a comment
deleted or removed, as anyone but an admin reads it, has ``author`` ``[deleted]`` and ``body``
``[deleted]`` or ``[removed]`` (reddit-archive/reddit, r2/r2/models/link.py,
``Comment.add_props``: ``item.author = DeletedUser()`` beside ``item.body = '[removed]'``; the
recorded deleted comment, tests/fixtures/real/reddit/comment_info_deleted.json, has both); a
moderator of the subreddit reads the words with ``banned_by``. A post says it in
``removed_by_category`` (null while it is up; ``deleted`` by its author). So a comment whose
author is named, or a post whose ``removed_by_category`` is null, is up, whatever its words;
an answer without the field (Reddit's before 2019, the 2016 recordings) is read by its words
as before. Over real HTTP against ``tests/support/fake_reddit.py``'s ``Reads`` too.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from bot.core.ports import Store
from integrations.social.reddit.parse import normalize_thing
from tests.conftest import FakeClock
from tests.integrations.test_reddit import net, store
from tests.integrations.test_review_reddit_edits import reddit, world
from tests.support.fake_reddit import real
from tests.support.netserver import NetServer

__all__ = ["net", "store"]


def _comment(**data: Any) -> dict[str, Any]:
    thing = copy.deepcopy(real("subreddit_comments_stream_page.json")["data"]["children"][0])
    thing["data"].update(data)
    return thing


def _post(**data: Any) -> dict[str, Any]:
    thing = copy.deepcopy(
        real("subreddit_new_listing_100_after_cursor.json")["data"]["children"][0])
    thing["data"].update(is_self=True, **data)
    return thing


@pytest.mark.parametrize("words", ["[removed]", "[deleted]", " [removed] "])
def test_a_comment_of_those_words_by_its_named_author_is_read(words: str) -> None:
    m = normalize_thing(_comment(body=words), source="rd")
    assert m is not None and m.text == words.strip() and m.author.handle == "butt_woman"


@pytest.mark.parametrize("words", ["[removed]", "[deleted]"])
def test_a_comment_reddit_blanked_is_still_gone(words: str) -> None:
    """As Reddit shows it: its author blanked with its words; or no author at all."""
    assert normalize_thing(_comment(body=words, author="[deleted]"), source="rd") is None
    assert normalize_thing(_comment(body=words, author=None), source="rd") is None
    # a moderator of the subreddit reads the words and who removed them
    assert normalize_thing(_comment(body="acme is down", banned_by="acme_mod"),
                           source="rd") is None


@pytest.mark.parametrize("words", ["[removed]", "[deleted]"])
def test_a_post_of_those_words_reddit_says_is_up_is_read(words: str) -> None:
    m = normalize_thing(_post(title="what does this mean?", selftext=words,
                              removed_by_category=None), source="rd")
    assert m is not None and m.text == f"what does this mean?\n\n{words}"
    titled = normalize_thing(_post(title=words, selftext="", removed_by_category=None),
                             source="rd")
    assert titled is not None and titled.text == words


@pytest.mark.parametrize(("words", "category"), [
    ("[removed]", "moderator"), ("[deleted]", "deleted"),
    ("[removed]", ["damaged"]),  # a category of no kind Reddit writes: the words decide
    ("[removed]", "absent"),  # an answer before removed_by_category: the words decide
])
def test_a_post_reddit_took_down_is_still_gone(words: str, category: Any) -> None:
    post = _post(selftext=words, removed_by_category=category)
    if category == "absent":
        del post["data"]["removed_by_category"]
    assert normalize_thing(post, source="rd") is None


async def test_a_comment_its_author_edits_to_those_words_is_an_edit_not_a_tombstone(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads, _, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.edit(comment, "[removed]", at=clock.now)
    clock.advance(minutes=1)
    [edit] = await src.poll()
    assert (edit.id, edit.revision, edit.text) == (f"reddit:{comment}", "edit", "[removed]")
    reads.remove(comment)  # now a moderator's removal, as Reddit shows it
    clock.advance(minutes=1)
    [gone] = await src.poll()
    assert (gone.revision, gone.removed_by) == ("delete", "removed")


async def test_a_new_comment_of_those_words_makes_a_mention(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    said = reads.comment("[deleted]", at=clock.now, on=post)
    clock.advance(minutes=1)
    assert [m.id for m in await src.poll()] == [f"reddit:{said}"]
    assert src.gone == 0
