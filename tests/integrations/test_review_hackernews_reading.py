"""Review of how the Hacker News source reads Algolia (a developer-relations lead's review),
against the local Algolia-like server of ``test_hackernews.py``: an edited comment, and a
comment indexed before its story was resolved."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.core.ports import Store
from integrations.social.hackernews.parse import normalize_hit
from tests.app.test_newcomer_review import HEAD, check
from tests.conftest import FakeClock
from tests.engine.test_review_edits import Revising
from tests.integrations.test_hackernews import NOW, T0, Algolia, algolia, hit_from, make
from tests.integrations.test_hackernews_parse import HN, load_hit
from tests.support.fakes import Cursors

__all__ = ["algolia"]  # the fixture, used here


def test_a_comment_indexed_before_its_story_is_resolved_is_not_a_thread_of_its_own() -> None:
    """hn-search (algolia/hn-search app/models/item.rb) saves and indexes an item as it crawls
    it and resolves a comment's ``story_id`` afterwards, in a delayed job
    (``after_create :after_create_tasks`` -> ``resolve_parent!``): a fresh comment can be
    indexed with ``story_id`` null (and the tag ``story_<its own id>``). It was read as the
    root of its own conversation (thread_id its own id), so the reply of a customer to the
    story of an open ticket opened another one. Without a story the conversation is its
    parent's."""
    hit = {**load_hit("item_comment_2921983.json"), "story_id": None,
           "_tags": ["comment", "author_pg", "story_2921983"]}
    m = normalize_hit(hit, source="hn")
    assert m is not None
    assert m.reply_to == "2921506"
    assert m.thread_id != "2921983"
    assert m.conversation_key == "hackernews:2921506"
    # a story is its own thread, with or without story_id
    story = normalize_hit({**load_hit("item_story_8863.json"), "story_id": None}, source="hn")
    assert story is not None and story.thread_id == "8863"


async def test_a_comment_edited_in_the_look_back_is_an_edit_of_its_card(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """HN lets a comment be edited for two hours; hn-search re-indexes it with the same
    ``objectID`` and ``created_at_i`` and the new ``comment_text``. Asked again in the
    look-back, it was dropped as read already: a comment edited to add the brand never
    alerted, and its card kept the old words. Now it is an edit (``revision`` edit) when
    its words changed; the same words again (points or num_comments moved) are nothing."""
    clock.now = NOW
    hit = hit_from("item_comment_2921983.json", object_id=10, at=T0 - 60)
    algolia.hits = [hit]
    cursors = Cursors()
    first = await make(algolia, client, clock, cursors).poll()
    assert [(m.id, m.revision) for m in first] == [("hackernews:10", None)]
    clock.advance(seconds=60)
    hit["points"] = 5  # re-indexed for its points only
    assert await make(algolia, client, clock, cursors).poll() == []
    hit["comment_text"] = "Edit: dropbox lost my files.<p>Aw shucks, guys"
    clock.advance(seconds=60)
    edited = await make(algolia, client, clock, cursors).poll()
    assert [(m.id, m.revision) for m in edited] == [("hackernews:10", "edit")]
    assert edited[0].text.startswith("Edit: dropbox lost my files.")
    assert edited[0].created_at == first[0].created_at
    assert edited[0].revised_at is not None and edited[0].revised_at <= clock.now
    clock.advance(seconds=60)
    assert await make(algolia, client, clock, cursors).poll() == []


async def test_an_edit_is_dated_by_its_updated_at_so_read_again_it_is_the_same_edit(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Algolia's hits carry ``updated_at`` (when the item was last indexed). An edit read by
    a poll whose cursor was then lost (a process killed before the write) is read again by
    the next: dated by the poll's clock it was a second edit (the pipeline tells edits by
    their time: the card edited twice, 'edited 2 times'); dated by ``updated_at`` it is the
    same. An ``updated_at`` that is no time, or is before the item or past the clock, is not
    taken."""
    clock.now = NOW
    hit = hit_from("item_comment_2921983.json", object_id=10, at=T0 - 60)
    algolia.hits = [hit]
    cursors = Cursors()
    await make(algolia, client, clock, cursors).poll()
    hit.update(comment_text="Edit: dropbox lost my files.", updated_at="2026-11-23T09:00:30Z")
    clock.advance(seconds=60)
    kept = dict(cursors.values)
    [once] = await make(algolia, client, clock, cursors).poll()
    cursors.values = dict(kept)  # killed before the cursor was written
    clock.advance(seconds=60)
    [again] = await make(algolia, client, clock, cursors).poll()
    assert once.revised_at == again.revised_at == datetime(2026, 11, 23, 9, 0, 30, tzinfo=UTC)
    for bad in ("yesterday", "2026-11-23T08:00:00Z", "2027-01-01T00:00:00Z", "2026-11-23T09:00"):
        cursors.values = dict(kept)
        hit["updated_at"] = bad
        [edit] = await make(algolia, client, clock, cursors).poll()
        assert edit.revised_at == clock.now, bad


def test_a_code_block_keeps_its_lines_indented() -> None:
    """HN reproduces verbatim text indented by two or more spaces, as ``<pre><code>``
    (news.ycombinator.com/formatdoc; the recorded item 192327 holds two such blocks). Every
    run of spaces was collapsed and each line's indentation dropped: a Python snippet or a
    stack trace in a comment lost its shape on the card. A block keeps its lines, less the
    indentation they all share (HN's own two spaces)."""
    job = json.loads((HN / "item_job_192327.json").read_text(encoding="utf-8"))
    m = normalize_hit({**load_hit("item_comment_2921983.json"), "comment_text": job["text"]},
                      source="hn")
    assert m is not None
    assert ("Responsibilities\n\n* Contribute to product design and implementation discussions\n"
            "* Implement projects from the idea phase to production\n") in m.text
    code = ("Our SDK fails:<p><pre><code>  def handler(event):\n      if event.retry:\n"
            "          raise   Timeout()\n</code></pre>\nAny idea?")
    m = normalize_hit({**load_hit("item_comment_2921983.json"), "comment_text": code},
                      source="hn")
    assert m is not None
    assert m.text == ("Our SDK fails:\n\ndef handler(event):\n    if event.retry:\n"
                      "        raise   Timeout()\n\nAny idea?")


async def test_an_edited_comment_read_by_polls_edits_its_card_on_both_stores(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock, store: Store,
        tmp_path: Path) -> None:
    """The edit as a poll reads it, through the pipeline, the compiled rules and the outbox
    on a SQLite file and a redis-server: the comment first matched no route; edited to say
    the sync is broken, it opens a ticket once, its card with the new words; polled again,
    nothing more."""
    clock.now = NOW
    hit = hit_from("item_comment_2921983.json", object_id=10, at=T0 - 60)
    hit["comment_text"] = "Tried dropbox today."
    algolia.hits = [hit]
    cursors = Cursors()
    h = Revising(store, clock, tmp_path / "r.jsonl")
    [first] = await make(algolia, client, clock, cursors).poll()
    await h.pipeline.process(first)
    await h.outbox.drain()
    assert h.shown() == []
    hit["comment_text"] = "Tried dropbox today. Edit: the sync is broken for me."
    clock.advance(seconds=90)
    [edit] = await make(algolia, client, clock, cursors).poll()
    await h.pipeline.process(edit)
    await h.outbox.drain()
    shown = h.shown()
    assert [(r[0], r[1]) for r in shown] == [("post", "support")]
    assert "the sync is broken" in shown[0][3]
    clock.advance(seconds=90)
    assert await make(algolia, client, clock, cursors).poll() == []


async def test_check_says_when_the_queries_ask_algolia_past_its_hourly_limit(
        tmp_path: Path) -> None:
    """hn.algolia.com/api, "Rate limits": "We are limiting the number of API requests from a
    single IP to 10,000 per hour" (and blacklists past it). Each query is one request a poll
    at least: 30 queries every 5 s is 21,600 an hour, and check said nothing; the source
    then met 429s all day. A self-hosted base_url is its own business."""
    head = HEAD + "sources:\n  - {id: hn, type: hackernews, interval: 5, queries: [%s]%s}\n"
    many = ", ".join(f"q{i}" for i in range(30))
    config = tmp_path / "socialops.yaml"
    config.write_text(head % (many, ""), encoding="utf-8")
    _, lines = await check(config)
    said = [line for line in lines if "sources[0].interval" in line]
    assert len(said) == 1 and "21,600" in said[0] and "11 or more" in said[0], lines
    for fine in (head % ("q1, q2", ""), head % (many, ", base_url: 'https://hn.acme.test'")):
        config.write_text(fine, encoding="utf-8")
        _, lines = await check(config)
        assert not any("interval" in line for line in lines), lines


@dataclass
class Searching(Algolia):
    """The local Algolia, answering only the hits whose words hold the query (Algolia's
    ``query``; the shared fake answers every hit in the window whatever it asks)."""

    async def search(self, request: web.Request) -> web.Response:
        everything = self.hits
        word = request.query["query"].lower()
        self.hits = [h for h in everything
                     if word in f"{h.get('title') or ''} {h.get('comment_text') or ''}".lower()]
        try:
            return await super().search(request)
        finally:
            self.hits = everything


@pytest.fixture
async def searching() -> AsyncIterator[Searching]:
    a = Searching()
    app = web.Application()
    app.router.add_get("/api/v1/search_by_date", a.search)
    a.server = TestServer(app, host="127.0.0.1", port=0)
    await a.server.start_server()
    yield a
    await a.server.close()


async def test_an_edit_that_brings_another_query_s_words_is_an_edit(
        searching: Searching, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Two queries, ``dropbox`` and ``sync``. A comment read by the first, edited to say
    ``sync``: the second query answers it as new, the first as read. Read as new by the one,
    it was a duplicate of the post already decided, and dropped, whichever query came first;
    edited to drop ``dropbox``, only the new query answers it at all. Either way it is an
    edit now."""
    clock.now = NOW
    hit = hit_from("item_comment_2921983.json", object_id=10, at=T0 - 60)
    hit["comment_text"] = "Tried dropbox today."
    searching.hits = [hit]
    cursors = Cursors()
    src = make(searching, client, clock, cursors)
    src.config = src.config.model_copy(update={"queries": ("sync", "dropbox")})
    [first] = await src.poll()
    assert first.revision is None
    for words in ("Tried dropbox today. Edit: sync is broken.", "Edit: the sync is broken."):
        hit["comment_text"] = words
        clock.advance(seconds=60)
        [edit] = await src.poll()
        assert (edit.id, edit.revision, edit.text) == ("hackernews:10", "edit", words)
    clock.advance(seconds=60)
    assert await src.poll() == []


async def test_a_front_page_burst_is_read_once_each_across_polls_and_the_cap(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A launch on the front page: 2,400 comments in the 15 minutes each poll asks again, 40
    in some seconds, past the 1,000 hits Algolia returns for one query (here a page of 100,
    the same cap scaled), arriving while the source polls, some indexed a few minutes late.
    Every comment is read once: none lost at the cap or between polls, none read twice in the
    span asked again. Held before this review; a guard."""
    clock.now = NOW
    cursors = Cursors()
    read: list[str] = []
    n = 0
    for minute in range(15):
        for k in range(160):  # this minute's, two of them written three minutes before
            late = 180 if k % 80 == 0 and minute >= 3 else 0
            algolia.hits.append(hit_from("item_comment_2921983.json", object_id=10_000 + n,
                                         at=T0 + 60 * minute - 60 + (k * 60) // 160 - late))
            n += 1
        read += [m.id for m in await make(algolia, client, clock, cursors,
                                          hits_per_page=100).poll()]
        clock.advance(seconds=60)
    read += [m.id for m in await make(algolia, client, clock, cursors, hits_per_page=100).poll()]
    assert len(read) == len(set(read)) == n == 2400
