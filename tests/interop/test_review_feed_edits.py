"""A feed entry its publisher edited, read from a real nginx, follows its card as a Mastodon,
Bluesky or X edit does (docs/workflows.md, "A post edited or deleted by its author").

Atom says when: ``atom:updated`` "indicat[es] the most recent instant in time when an entry or
feed was modified in a way the publisher considers significant" (RFC 4287 section 4.2.15),
and a reader keeps the entry's ``atom:id`` across such updates (section 4.2.6: "when an Atom
Document is relocated, migrated, syndicated, republished, exported, or imported, the content
of its atom:id element MUST NOT change"). Before, an entry whose id was read once was never
read again: a WordPress post or a GitHub release rewritten after its card went out (the
brand's name added, a correction, a retraction) left the card showing the first words, and an
edit that added the brand's name never alerted.

An edit is an entry read before whose ``updated`` is later than the one read and whose words
or link changed: a feed that stamps every entry with the time it was built (``updated`` moves,
nothing else) edits nothing, nor does a server that ignores the validators and sends the same
document again. An entry the quiet first read left out as history is not followed. RSS 2.0
has no element saying an item changed (only ``pubDate``): its items are not followed unless
they carry ``atom:updated``, ``dc:modified`` or ``dc:date``.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from bot.core.config import StoreConfig
from bot.core.models import Mention
from bot.engine.cursors import DeferredCursors
from bot.store import open_store
from integrations.social.rss.parse import parse_feed
from integrations.social.rss.source import RssSource
from tests.engine.test_review_edits import Revising, run_steps
from tests.interop.test_feeds_real import NOW, Site, site

__all__ = ["site"]


def atom(*entries: tuple[str, str, str, str]) -> bytes:
    """An Atom feed (WordPress's ``/feed/atom/`` layout) of (id, published, updated, words)."""
    body = "".join(
        f"<entry><title type=\"html\">{words}</title>"
        f"<link rel=\"alternate\" href=\"https://blog.example/{eid}/\"/>"
        f"<id>https://blog.example/?p={eid}</id>"
        f"<author><name>Kasia</name></author>"
        f"<published>{pub}</published><updated>{upd}</updated>"
        f"<content type=\"html\"><![CDATA[<p>{words}, read more.</p>]]></content></entry>"
        for eid, pub, upd, words in entries)
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Blog</title>"
            "<id>https://blog.example/feed/atom/</id><updated>2026-11-23T08:59:00Z</updated>"
            f"{body}</feed>").encode()


OLD = ("1", "2026-10-01T08:00:00Z", "2026-10-01T08:00:00Z", "An old post about acme")
FIRST = ("2", "2026-11-23T08:40:00Z", "2026-11-23T08:40:00Z", "The release is out")
EDITED = ("2", "2026-11-23T08:40:00Z", "2026-11-23T09:20:00Z",
          "The release is out and we love it")


async def test_an_edited_entry_edits_its_card_once(site: Site) -> None:
    url = site.put("feed.atom", atom(FIRST, OLD))
    source = site.source([url])
    h = Revising(site.store, site.clock, site.tmp / "r.jsonl")
    [first] = await source.poll()  # the old post is history, the new one is read
    await h.pipeline.process(first)  # no route matches it yet
    await h.outbox.drain()
    assert h.shown() == []

    site.clock.advance(minutes=30)
    # the post edited (now with what the praise route watches); the old post's updated moved
    # alone (a feed that stamps its build time): no edit of an entry left out as history
    site.put("feed.atom", atom(EDITED, (*OLD[:2], "2026-11-23T09:21:00Z",
                                        "An old post about acme, we love it")), mtime_step=2)
    [edit] = await source.poll()
    assert (edit.id, edit.revision) == (first.id, "edit")
    assert edit.revised_at is not None
    assert edit.revised_at.isoformat() == "2026-11-23T09:20:00+00:00"
    assert edit.created_at == first.created_at
    await h.pipeline.process(edit)
    await h.outbox.drain()
    assert [(r[0], r[1]) for r in h.shown()] == [("post", "marketing")]  # alerted once

    assert await source.poll() == []  # nginx's 304
    site.put("feed.atom", atom(EDITED, OLD), mtime_step=2)  # the same entry: 200, no edit
    assert await source.poll() == []
    assert site.since(0)[-2:] == [("feed.atom", 304), ("feed.atom", 200)]

    # edited again: the card shows the new words
    site.clock.advance(minutes=30)
    again = (*EDITED[:2], "2026-11-23T09:50:00Z", "The release is out and we love it a lot")
    site.put("feed.atom", atom(again, OLD), mtime_step=2)
    [edit2] = await source.poll()
    await h.pipeline.process(edit2)
    await h.outbox.drain()
    shown = h.shown()
    assert [r[0] for r in shown] == ["post", "update"]
    assert "we love it a lot" in shown[-1][3]
    kept = await site.store.get_signal(first.id)
    assert kept is not None and kept.mention.edits == 1


async def test_updated_moving_alone_or_backwards_edits_nothing(site: Site) -> None:
    url = site.put("feed.atom", atom(EDITED))
    source = site.source([url], backfill_minutes="600")
    [read] = await source.poll()
    assert read.revision is None
    # a feed that stamps every entry with its build time: updated moved, nothing else did
    site.put("feed.atom", atom((*EDITED[:2], "2026-11-23T10:00:00Z", EDITED[3])), mtime_step=2)
    assert await source.poll() == []
    # an older copy (a CDN node behind): other words, an earlier updated
    site.put("feed.atom", atom(FIRST), mtime_step=2)
    assert await source.poll() == []
    # the newest again, as read before: nothing new either
    site.put("feed.atom", atom((*EDITED[:2], "2026-11-23T10:00:00Z", EDITED[3])), mtime_step=2)
    assert await source.poll() == []


async def test_an_rss_item_changed_under_its_guid_is_not_an_edit(site: Site) -> None:
    url = site.put("feed.rss", source="rss20-content-encoded.rss")
    source = site.source([url])
    [read] = await source.poll()
    was = (site.dir / "feed.rss").read_bytes()
    body = was.replace(b"Postmortem: the checkout outage",
                       b"Postmortem (updated): the checkout outage")
    assert body != was and read.text.startswith("Postmortem: the checkout outage")
    site.put("feed.rss", body, mtime_step=2)
    assert await source.poll() == []  # RSS 2.0 says no item changed: no date to order it by


async def test_killed_at_each_write_of_a_feed_edit_the_cards_come_once(
        site: Site, tmp_path: Path) -> None:
    """The versions as the source reads them from nginx (the entry, then its edit adding the
    support route's words), through a process killed right after each store write of the
    pipeline and outbox, a fresh one resuming on the SQLite file it left: the same cards and
    thread lines as an unkilled run, once each."""
    url = site.put("feed.atom", atom(("2", FIRST[1], FIRST[2], "We love the release")))
    source = site.source([url])
    [read_first] = await source.poll()
    site.clock.advance(minutes=30)
    site.put("feed.atom", atom(("2", FIRST[1], EDITED[2], "We love the release, login is broken")),
             mtime_step=2)
    [read_edit] = await source.poll()
    assert read_edit.revision == "edit"
    steps: list[Mention | None] = [read_first, None, read_edit, None]
    clock = site.clock

    async def run(path: Path, crash_after: int | None) -> tuple[bool, list[Any]]:
        s = await open_store(StoreConfig(path=str(path / "s.db")), redis_url=None, clock=clock)
        record = path / "r.jsonl"
        try:
            killed = await run_steps(s, clock, record, steps, crash_after)
            rows = [json.loads(line) for line in record.read_text().splitlines()]
            posts = sorted((r["channel"], "T-n" if r["key"].startswith("T-") else r["key"])
                           for r in rows if r["op"] == "post")
            last = {("T-n" if r["key"].startswith("T-") else r["key"]): r["text"] for r in rows}
            return killed, [posts, last]
        finally:
            await s.close()

    killed, want = await run(tmp_path / "ref", None)
    assert not killed
    assert want[0] == [("marketing", f"{read_first.id}|praise"), ("support", "T-n")]
    assert all("login is broken" in text for text in want[1].values())
    k = 1
    while True:
        killed, got = await run(tmp_path / f"k{k}", k)
        if not killed:
            break
        assert got == want, f"killed after write {k}"
        k += 1
    assert k > 5


def test_the_recorded_feeds_say_when_an_atom_entry_changed_and_no_rss_item_does() -> None:
    """What an edit is told by, in the recorded real feeds: every Atom entry's own ``updated``
    (Movable Type's some months before its ``published``: when an entry changed, not when it
    was published), and an RDF item's ``dc:date`` (which feedparser reads as ``updated``: a
    publisher that moves it with the item's words edits it), never an RSS 2.0 ``pubDate``."""
    real = Path(__file__).parents[1] / "fixtures" / "real" / "rss"

    def updated(name: str) -> tuple[int, int]:
        r = parse_feed((real / name).read_bytes(), feed_url="https://feeds.test/f",
                       headers={"Content-Type": "application/xml"}, source="feeds",
                       first_seen=NOW)
        return len(r.mentions), len(r.updated)

    assert updated("atom_heise_german_cdata_html.xml") == (15, 15)
    assert updated("atom_movabletype_russian_large.xml") == (15, 15)
    assert updated("rss1_rdf_craigslist.xml") == (25, 25)
    for name in ("rss2_jn_pt_iso8859-1_crlf.xml", "rss2_reddit_front_page.xml",
                 "rss_uol_latin1_no_xml_declaration.xml"):
        assert updated(name)[1] == 0, name


async def test_two_processes_reading_one_edit_edit_its_card_once(
        site: Site, tmp_path: Path) -> None:
    """Two processes on one SQLite file each poll the feed (each read's cursor write held
    back until its batch commits, as the runtime holds it), both before either committed: both
    read the edit from nginx, and its card is edited once, with one thread line."""
    path = tmp_path / "shared.db"
    one = await open_store(StoreConfig(path=str(path)), redis_url=None, clock=site.clock)
    two = await open_store(StoreConfig(path=str(path)), redis_url=None, clock=site.clock)
    try:
        url = site.put("feed.atom", atom(("2", FIRST[1], FIRST[2], "We love it, login is broken")))
        a = Revising(one, site.clock, tmp_path / "r.jsonl")
        b = Revising(two, site.clock, tmp_path / "r.jsonl")  # one workspace, two processes
        b.outbox.owner = "b"
        cursors = [DeferredCursors(one), DeferredCursors(two)]
        sources = [RssSource(site.source([url]).config, store=c, client=site.client,
                             clock=site.clock) for c in cursors]
        tx = cursors[0].begin()
        first = await sources[0].poll()
        await a.pipeline.process_batch(first, cursors=tx.pending)
        cursors[0].end()
        await a.outbox.drain()
        site.clock.advance(minutes=30)
        site.put("feed.atom", atom(("2", FIRST[1], EDITED[2], "We love it, login is broken again")),
                 mtime_step=2)

        async def read(i: int) -> tuple[list[Mention], dict[str, str]]:
            held = cursors[i].begin()  # in this task's context: its own read
            return list(await sources[i].poll()), held.pending

        (got_a, held_a), (got_b, held_b) = await asyncio.gather(read(0), read(1))
        assert [m.revision for m in got_a] == [m.revision for m in got_b] == ["edit"]
        await asyncio.gather(a.pipeline.process_batch(got_a, cursors=held_a),
                             b.pipeline.process_batch(got_b, cursors=held_b))
        await asyncio.gather(a.outbox.drain(), b.outbox.drain())
        updates = [r for r in a.shown() if r[0] == "update"]
        assert [(r[1], r[3]) for r in updates] == [
            ("support", "We love it, login is broken again, read more.")]
        assert [r[4] for r in updates] == [
            f"socialops: {first[0].id} edited by its author; its card shows its new words"]
        assert await sources[0].poll() == []  # both committed the same position: nginx's 304
    finally:
        await one.close()
        await two.close()


async def test_a_cursor_of_a_release_before_counts_edits_from_its_next_read(
        site: Site) -> None:
    """A feed read by a release that kept no versions: the entries it read are followed from
    the next document on (what that document says is where their edits count from), so an
    upgrade edits no card with what changed while nobody compared."""
    url = site.put("feed.atom", atom(FIRST))
    source = site.source([url])
    [read] = await source.poll()
    raw = await site.store.get_cursor("feeds")
    assert raw is not None
    kept = json.loads(raw)
    state = next(iter(kept["feeds"].values()))
    assert state.pop("versions")  # as a release before wrote it
    await site.store.set_cursor("feeds", json.dumps(kept))
    site.clock.advance(minutes=30)
    site.put("feed.atom", atom(EDITED), mtime_step=2)
    assert await source.poll() == []
    site.clock.advance(minutes=30)
    site.put("feed.atom", atom((*EDITED[:2], "2026-11-23T09:50:00Z", "Edited once more")),
             mtime_step=2)
    [edit] = await source.poll()
    assert (edit.id, edit.revision, edit.created_at) == (read.id, "edit", read.created_at)
