"""A feed entry edited with an ``updated`` ahead of our clock (a publisher's clock running
fast, within the hour of skew taken; or far ahead, a CMS's year 9999), read from a real nginx.
Such an edit was dated by the clock of the read that found it (``min(updated, now)``), and its
"acted on once" mark is keyed by that date: two reads of the same version a minute apart, a
process that stalled past its poll lease and the one that took the feed over, each edited
the card and told the ticket's thread (`edited 2 times`, two lines) for one edit of the
author's. A read's date for it is now the same whoever reads it: within the hour of skew
(``AHEAD_TOLERANCE``) the ``updated`` itself; beyond it the document's ``Last-Modified``
(what nginx says of when the feed changed, RFC 9110 section 8.8.2), else the feed's last read
before it, each no later than the ``updated`` itself.

Also here: a process killed after each store write of the poll and its batch (the cursor moves
in the batch's transaction), the next one reading the feed again a minute later: the edit's
card and thread line come once (this held before)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.config import StoreConfig
from bot.core.models import Mention
from bot.engine.cursors import DeferredCursors
from bot.store import open_store
from integrations.social.rss.source import RssSource
from tests.conftest import FakeClock
from tests.engine.crash_world import Crash, CrashingStore
from tests.engine.test_review_edits import Revising, _outcome
from tests.interop.test_feeds_real import NOW, Site, site
from tests.interop.test_review_feed_edits import FIRST, atom

__all__ = ["site"]

SOON = "2026-11-23T09:40:00Z"  # 30 minutes ahead of the edit's first read (09:10)
SECONDS = "2026-11-23T09:10:02Z"  # 2 s ahead of the first read, passed by the second's clock
FAR = "9999-12-31T23:59:59Z"
FIRST_WORDS = "We love it, login is broken"
EDIT_WORDS = "We love it, login is broken again"


async def _read(h: Revising, site: Site, store: object, clock: FakeClock, url: str) -> None:
    """One poll as the runtime runs it: the cursor held back until the batch commits."""
    cursors = DeferredCursors(store)  # type: ignore[arg-type]
    source = RssSource(site.source([url]).config, store=cursors, client=site.client,
                       clock=clock)
    tx = cursors.begin()
    try:
        batch = await source.poll()
        await h.pipeline.process_batch(batch, cursors=tx.pending)
    finally:
        cursors.end()


@pytest.mark.parametrize("updated", [SOON, FAR])
async def test_killed_at_each_write_of_a_poll_an_edit_dated_ahead_comes_once(
        site: Site, tmp_path: Path, updated: str) -> None:
    async def run(path: Path, crash_after: int | None) -> tuple[bool, object]:
        path.mkdir()
        clock = FakeClock(NOW)
        s = await open_store(StoreConfig(path=str(path / "s.db")), redis_url=None, clock=clock)
        record = path / "r.jsonl"
        name = "feed.atom"  # one URL: the entry keeps its id in every run
        url = site.put(name, atom(("2", FIRST[1], FIRST[2], FIRST_WORDS)))
        h = Revising(CrashingStore(s, crash_after), clock, record)  # type: ignore[arg-type]
        killed = False
        steps = ["read", "drain", "edit", "read", "drain", "read", "drain"]
        step = 0
        try:
            while step < len(steps):
                what = steps[step]
                try:
                    if what == "read":
                        await _read(h, site, h.store, clock, url)
                    elif what == "drain":
                        await h.outbox.drain()
                    else:
                        clock.advance(minutes=10)  # 09:10: the entry edited, dated ahead
                        site.put(name, atom(("2", FIRST[1], updated, EDIT_WORDS)), mtime_step=2)
                except Crash:
                    killed = True
                    clock.advance(minutes=1)  # the next process reads the feed a minute on
                    h = Revising(s, clock, record)
                    continue
                step += 1
            return killed, _outcome(record)
        finally:
            await s.close()

    killed, want = await run(tmp_path / "ref", None)
    assert not killed
    _, lines, _ = want  # type: ignore[misc]
    assert len(lines) == 1 and "edited by its author" in lines[0], lines
    k = 1
    while True:
        killed, got = await run(tmp_path / f"k{k}", k)
        if not killed:
            break
        assert got == want, f"killed after write {k}"
        k += 1
    assert k > 5


@pytest.mark.parametrize("updated", [SOON, FAR, SECONDS])
@pytest.mark.parametrize("start", ["fake", "nginx's"])
async def test_two_reads_a_minute_apart_of_an_edit_dated_ahead_edit_its_card_once(
        site: Site, tmp_path: Path, updated: str, start: str) -> None:
    """Two processes on one SQLite file: one reads the edit and stalls past its poll lease
    before committing; the other takes the feed over a minute later and reads it too.
    An ``updated`` 40 minutes ahead, or 2 seconds (the first's clock not yet past it, the
    second's past it: before 2026-12-06 the first dated it as ``FAR`` below and the second by
    its ``updated``, two edits), dates the edit itself; a far one (``FAR``) as follows.
    ``start``: the processes' clocks start at the test's 09:00 (nginx's Last-Modified, the
    real clock's, is far ahead of them: the read before dates the edit) or at the real
    clock's time, as nginx's (its Last-Modified dates it)."""
    path = tmp_path / "shared.db"
    began = NOW if start == "fake" else datetime.now(UTC).replace(microsecond=0)
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    written = FIRST[1]
    if start != "fake":  # the entry dated by the real clock, the edit's updated still ahead
        written = (began - timedelta(minutes=20)).strftime(stamp)
        updated = FAR if updated == FAR else (began + (
            timedelta(minutes=40) if updated == SOON else timedelta(minutes=10, seconds=2)
        )).strftime(stamp)
    clock_a, clock_b = FakeClock(began), FakeClock(began)
    one = await open_store(StoreConfig(path=str(path)), redis_url=None, clock=clock_a)
    two = await open_store(StoreConfig(path=str(path)), redis_url=None, clock=clock_b)
    try:
        url = site.put("feed.atom", atom(("2", written, written, FIRST_WORDS)))
        a = Revising(one, clock_a, tmp_path / "r.jsonl")
        b = Revising(two, clock_b, tmp_path / "r.jsonl")
        b.outbox.owner = "b"
        cursors = [DeferredCursors(one), DeferredCursors(two)]
        sources = [RssSource(site.source([url]).config, store=c, client=site.client,
                             clock=k) for c, k in zip(cursors, (clock_a, clock_b), strict=True)]
        tx = cursors[0].begin()
        first = await sources[0].poll()
        await a.pipeline.process_batch(first, cursors=tx.pending)
        cursors[0].end()
        await a.outbox.drain()
        clock_a.advance(minutes=10)
        clock_b.advance(minutes=11)
        site.put("feed.atom", atom(("2", written, updated, EDIT_WORDS)), mtime_step=2)

        async def read(i: int) -> tuple[list[Mention], dict[str, str]]:
            held = cursors[i].begin()
            return list(await sources[i].poll()), held.pending

        (got_a, held_a), (got_b, held_b) = await asyncio.gather(read(0), read(1))
        assert [m.revision for m in got_a] == [m.revision for m in got_b] == ["edit"]
        assert got_a[0].revised_at == got_b[0].revised_at
        if updated != FAR:  # within the hour of skew taken: by its updated (before
            # 2026-12-06 by what dates FAR below, and by updated once our clock passed it:
            # tests/interop/test_review_feed_edit_seconds_ahead.py)
            assert got_a[0].revised_at == datetime.strptime(updated, stamp).replace(
                tzinfo=UTC)
        elif start != "fake":  # dated by the document's Last-Modified: the file's mtime
            mtime = (site.dir / "feed.atom").stat().st_mtime
            assert got_a[0].revised_at == datetime.fromtimestamp(int(mtime), tz=UTC)
        else:  # by the read before
            assert got_a[0].revised_at == NOW
        await a.pipeline.process_batch(got_a, cursors=held_a)
        await b.pipeline.process_batch(got_b, cursors=held_b)
        await asyncio.gather(a.outbox.drain(), b.outbox.drain())
        notes = [r[4] for r in a.shown() if r[0] == "update" and r[4]]
        assert notes == [
            f"socialops: {first[0].id} edited by its author; its card shows its new words"], notes
    finally:
        await one.close()
        await two.close()
