"""Who took a Reddit thing down, and whether it is down at all, were decided by its words
(a community manager's second review, 2026-12-07): a post whose ``removed_by_category`` was
null (Reddit says it is up) with its author's text exactly ``[ Removed by Reddit ]`` (what the
customer saw happen to their last post, quoted), or a comment of a named author saying only
that, was skipped as taken down: the post was lost. And a removal whose
``removed_by_category`` named Reddit (``anti_evil_ops``) while its words said ``[ Removed by
moderator ]`` was said to be a moderator's.

Reddit's fields say it: a post's ``removed_by_category`` (null while it is up; ``moderator``,
``automod_filtered`` the subreddit's; ``reddit``, ``anti_evil_ops``, ``content_takedown``,
``copyright_takedown`` Reddit's; ``deleted``, ``author`` its author's), and a comment's author,
which Reddit blanks with its words when it is deleted or removed (reddit-archive/reddit,
r2/r2/models/link.py, ``Comment.add_props``: ``item.author = DeletedUser()``). The words decide
only where no field says (an answer without ``removed_by_category``, the recordings of 2016).
Over real HTTP against ``tests/support/fake_reddit.py``'s ``Reads``.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.integrations.test_reddit import net, store
from tests.integrations.test_review_reddit_edits import reddit
from tests.support.fake_reddit import Reads
from tests.support.netserver import NetServer

__all__ = ["net", "store"]

NOTICE = "[ Removed by Reddit ]"


async def test_a_live_post_and_comment_saying_only_reddits_notice_are_read(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads = Reads()
    post = reads.post("acme took my review down", NOTICE, at=clock.now - timedelta(minutes=5))
    comment = reads.comment(NOTICE, at=clock.now - timedelta(minutes=4), on=post)
    assert reads.thing(post)["data"]["removed_by_category"] is None  # Reddit: it is up
    assert reads.thing(comment)["data"]["author"] not in ("[deleted]", "")
    src = reddit(net, store, client, clock, reads)
    got = {m.id: m for m in await src.poll()}
    assert set(got) == {f"reddit:{post}", f"reddit:{comment}"}, src.gone
    assert got[f"reddit:{comment}"].text == NOTICE
    assert NOTICE in got[f"reddit:{post}"].text


@pytest.mark.parametrize(("category", "words", "by"), [
    ("anti_evil_ops", "[ Removed by moderator ]", "network"),
    ("reddit", "[ Removed by moderator ]", "network"),
    ("content_takedown", "[removed]", "network"),
    ("moderator", NOTICE, "moderator"),
    ("automod_filtered", NOTICE, "moderator"),
])
async def test_who_removed_a_post_is_its_removed_by_category(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        category: str, words: str, by: str) -> None:
    reads = Reads()
    post = reads.post("acme cloud is down", "since this morning",
                      at=clock.now - timedelta(minutes=5))
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.thing(post)["data"].update(selftext=words, removed_by_category=category)
    clock.advance(minutes=1)
    [gone] = await src.poll()
    assert (gone.id, gone.revision, gone.removed_by) == (f"reddit:{post}", "delete", by)


async def test_a_live_post_edited_to_reddits_notice_is_an_edit_not_a_removal(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads = Reads()
    post = reads.post("acme cloud is down", "since this morning",
                      at=clock.now - timedelta(minutes=5))
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    clock.advance(minutes=1)
    reads.edit(post, NOTICE, at=clock.now - timedelta(seconds=10))
    clock.advance(minutes=1)
    [edit] = await src.poll()
    assert (edit.revision, edit.removed_by) == ("edit", None)
    assert NOTICE in edit.text
