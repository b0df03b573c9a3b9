"""Reddit removals and undated edits, from a community manager's review (2026-12-06).

A post a moderator, a subreddit's filters or Reddit took down after socialops read it kept its
card and its ticket as if still public: Reddit keeps its title on the post's page but blanks
its text (``selftext`` ``[removed]``) and says who took it down in ``removed_by_category``
(``moderator``, ``automod_filtered``, ``reddit``, ``anti_evil_ops``, ``copyright_takedown``;
null while it is up); an account that moderates the subreddit still reads the words, with
``banned_by`` naming who removed it. Its card is now marked as the network took it down and its
words go, as a deleted post's and a removed comment's already were (docs/workflows.md, "A post
edited or deleted by its author"); one read first when already removed is skipped, as a
removed comment is. Reddit now also leaves ``[ Removed by moderator ]`` of a moderator's
removal (r/Suunto's sidebar: "the post or comment will be changed to: [ Removed by moderator ]"),
which was read as a comment of those words.

An edit whose ``edited`` is ``true`` ("some old edited comments" carry it instead of a date:
reddit-archive/reddit wiki, JSON) with other words edited nothing: now it is an edit, dated by
when the words were last read, so the same edit read again after a lost write is the same one.

Over real HTTP against ``tests/support/fake_reddit.py``'s ``Reads``, on a real SQLite store;
through real processes killed at the store's write: tests/chaos/test_review_reddit_removal_kills.py.
"""

from __future__ import annotations

import json

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

CATEGORIES = ["moderator", "automod_filtered", "reddit", "anti_evil_ops", "copyright_takedown"]


@pytest.mark.parametrize("as_moderator", [False, True])
@pytest.mark.parametrize("category", CATEGORIES)
async def test_a_post_taken_down_after_it_was_read_is_a_tombstone_once(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        category: str, as_moderator: bool) -> None:
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.remove(post, category, as_moderator=as_moderator)
    clock.advance(minutes=1)
    [gone] = await src.poll()
    assert (gone.id, gone.revision, gone.text, gone.links) == (
        f"reddit:{post}", "delete", "", ())
    # who took it down, for its cards: never "deleted by its author"
    assert gone.removed_by == (
        "moderator" if category in ("moderator", "automod_filtered") else "network")
    clock.advance(minutes=1)
    assert await src.poll() == []  # once
    # kept watched, marked removed, under a key of its own the release before never reads
    # (tests/integrations/test_review_reddit_removed_rolling.py): a moderator may approve it
    # again (tests/integrations/test_review_reddit_approved_again.py)
    cursor = json.loads(await store.get_cursor("rd") or "{}")
    assert cursor["#watch-removed"][post][2] == "removed" and post not in cursor["#watch"]


@pytest.mark.parametrize(("body", "by"), [
    ("[ Removed by moderator ]", "moderator"), ("[ Removed by Reddit ]", "network"),
    ("[removed]", "removed"), ("[deleted]", None)])
async def test_a_comment_taken_down_is_a_tombstone_saying_who_as_reddit_shows_it(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        body: str, by: str | None) -> None:
    reads, _, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    # Reddit blanks the author with the words (r2/r2/models/link.py, Comment.add_props)
    reads.thing(comment)["data"].update(body=body, author="[deleted]")
    clock.advance(minutes=1)
    [gone] = await src.poll()
    assert (gone.id, gone.revision, gone.removed_by) == (f"reddit:{comment}", "delete", by)


async def test_a_post_its_author_deleted_is_still_its_authors_delete(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.delete(post)
    clock.advance(minutes=1)
    [gone] = await src.poll()
    assert (gone.revision, gone.removed_by) == ("delete", None)
    # final: no longer watched (a moderator's removal stays watched: approved again)
    assert post not in json.loads(await store.get_cursor("rd") or "{}")["#watch"]


async def test_a_comment_removed_as_its_moderator_account_reads_it_is_a_tombstone(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The brand's account moderates its subreddit: Reddit shows it the words, and who
    removed them in ``banned_by``."""
    reads, _, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.remove(comment, as_moderator=True)
    clock.advance(minutes=1)
    [gone] = await src.poll()
    assert (gone.id, gone.revision, gone.text, gone.removed_by) == (
        f"reddit:{comment}", "delete", "", "moderator")


@pytest.mark.parametrize("as_moderator", [False, True])
async def test_what_is_already_taken_down_when_first_read_makes_no_card(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        as_moderator: bool) -> None:
    reads, post, comment = world(clock)
    reads.remove(post, as_moderator=as_moderator)
    reads.remove(comment, as_moderator=as_moderator)
    src = reddit(net, store, client, clock, reads)
    assert await src.poll() == []
    assert src.gone == 2


async def test_an_undated_edit_with_other_words_is_an_edit_once_dated_when_last_read(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    reads, post, comment = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    read_at = clock.now
    reads.edit_undated(comment, "acme support answered after all")
    clock.advance(minutes=1)
    before = await store.get_cursor("rd")
    [edit] = await src.poll()
    assert (edit.id, edit.revision, edit.text, edit.revised_at) == (
        f"reddit:{comment}", "edit", "acme support answered after all", read_at)
    # the process that read it killed before its write: the next reads the same edit
    assert before is not None
    await store.set_cursor("rd", before)
    clock.advance(minutes=1)
    [again] = await src.poll()
    assert (again.revision, again.revised_at) == ("edit", read_at)
    clock.advance(minutes=1)
    assert await src.poll() == []  # once its words are the ones read
    reads.edit_undated(comment, "acme support answered after all")  # the same words
    reads.thing(post)["data"]["edited"] = True  # marked, no other words
    clock.advance(minutes=1)
    assert await src.poll() == []
    later = clock.now
    reads.edit_undated(comment, "acme support answered, then closed my case")
    clock.advance(minutes=1)
    [second] = await src.poll()
    assert (second.revision, second.revised_at) == ("edit", later)


@pytest.mark.parametrize(("field", "value"), [
    ("banned_by", "\x1b[2J evil"), ("banned_by", ""), ("banned_by", False),
    ("removed_by_category", "Moderator!"), ("removed_by_category", ""),
    ("removed_by_category", True)])
def test_a_damaged_removal_field_says_nothing_and_the_thing_is_read(
        field: str, value: object) -> None:
    """Only what Reddit writes there (a username, ``true``; a category's ``[a-z_]`` name)
    takes a thing down: a damaged value dropped it uncounted as a skip."""
    for thing in (real("subreddit_new_listing_100_after_cursor.json")["data"]["children"][0],
                  real("subreddit_comments_stream_page.json")["data"]["children"][0]):
        thing["data"][field] = value
        assert normalize_thing(thing, source="rd") is not None, thing["data"]["name"]
