"""A feed entry's ``updated`` is the publisher's to write, and hostile or broken as any feed
text: a year 9999 (a CMS's "never" placeholder, a typo) must not stop the entry's edits from
counting once the date is put right (RFC 4287 section 4.2.15: atom:updated is "the most
recent instant in time when an entry ... was modified"; an instant ahead of our clock is not
one yet). Real nginx, as tests/interop/test_review_feed_edits.py."""

from __future__ import annotations

from datetime import timedelta

from tests.interop.test_feeds_real import Site, site
from tests.interop.test_review_feed_edits import EDITED, FIRST, OLD, atom

__all__ = ["site"]

FAR = "9999-12-31T23:59:59Z"


async def test_an_updated_in_year_9999_does_not_stop_the_entrys_edits(site: Site) -> None:
    url = site.put("feed.atom", atom(FIRST, OLD))
    source = site.source([url])
    [first] = await source.poll()
    site.clock.advance(minutes=10)
    # the publisher's CMS stamps updated 9999 once, words changed: an edit, dated as every
    # read of this document dates it (nginx's Last-Modified is the real clock's, far ahead of
    # this test's: the feed's read before, tests/interop/test_review_feed_edit_ahead_kills.py)
    site.put("feed.atom", atom((*FIRST[:2], FAR, "The release is out, v2"), OLD),
             mtime_step=2)
    [edit] = await source.poll()
    assert (edit.id, edit.revision) == (first.id, "edit")
    assert edit.revised_at == site.clock() - timedelta(minutes=10)
    # the same far date, the same words: no edit
    site.put("feed.atom", atom((*FIRST[:2], FAR, "The release is out, v2"), OLD),
             mtime_step=2)
    assert await source.poll() == []
    # the date put right (an hour later than any edit read) and the words edited again: an
    # edit, where the stored 9999 made every later updated "older" for ever
    site.clock.advance(minutes=60)
    site.put("feed.atom", atom((*EDITED[:2], "2026-11-23T10:05:00Z", EDITED[3]), OLD),
             mtime_step=2)
    [again] = await source.poll()
    assert (again.id, again.revision, again.text.count("we love it")) == (
        first.id, "edit", 1)


async def test_a_publishers_clock_a_little_ahead_is_kept_so_an_older_copy_edits_nothing(
        site: Site) -> None:
    """A guard (passes before): within the hour of clock skew taken for dates
    (``AHEAD_TOLERANCE``) an ``updated`` is kept as written, so an older copy of the
    document (a CDN node behind), stamped by the same clock a little ahead, is older."""
    url = site.put("feed.atom", atom(FIRST, OLD))
    source = site.source([url])
    [first] = await source.poll()  # clock 09:00
    site.clock.advance(minutes=10)
    # edited twice by a publisher whose clock is 40 minutes ahead: the first edit stamped
    # 09:35, the second 09:45; the bot reads the second first
    site.put("feed.atom", atom((*FIRST[:2], "2026-11-23T09:45:00Z", "second words"), OLD),
             mtime_step=2)
    [edit] = await source.poll()
    assert (edit.id, edit.revision) == (first.id, "edit")
    site.put("feed.atom", atom((*FIRST[:2], "2026-11-23T09:35:00Z", "first words"), OLD),
             mtime_step=2)
    assert await source.poll() == []
