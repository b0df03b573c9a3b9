"""A feed entry edited with an ``updated`` a few seconds ahead of our clock, read from a real
nginx, then read again after the read's write was lost (a process killed before its cursor was
written, or a poller stalled past its lease and the one that took over): the second read came
after our clock passed that ``updated``. The first read dated the edit by the feed's read
before (its ``updated`` was still ahead: ``_changed_at``), the second by its ``updated``: two
dates, two marks, the card edited twice and two thread notes for one edit of the author's (a
code review, after the same finding in the Reddit and Hacker News sources; failing before).
An ``updated`` up to ``AHEAD_TOLERANCE`` ahead is the edit's date, as Reddit's ``edited`` and
HN's ``updated_at`` are; beyond it, the document's ``Last-Modified`` or the feed's read before,
as before (``test_review_feed_edit_dates.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.interop.test_feeds_real import Site, site
from tests.interop.test_review_feed_edits import FIRST, OLD, atom

__all__ = ["site"]


async def test_an_edit_seconds_ahead_read_again_after_the_clock_passed_it_is_the_same_edit(
        site: Site) -> None:
    url = site.put("feed.atom", atom(FIRST, OLD))
    source = site.source([url])
    [first] = await source.poll()  # 09:00
    site.clock.advance(minutes=10)
    updated = site.clock() + timedelta(seconds=2)  # the publisher's clock 2 s ahead
    stamp = updated.strftime("%Y-%m-%dT%H:%M:%SZ")
    site.put("feed.atom", atom((*FIRST[:2], stamp, "The release is out, v2"), OLD),
             mtime_step=2)
    kept = await site.store.get_cursor("feeds")
    [once] = await source.poll()
    assert (once.id, once.revision) == (first.id, "edit")
    await site.store.set_cursor("feeds", kept or "")  # its write lost
    site.clock.advance(minutes=1)  # our clock past the edit's updated now
    [again] = await source.poll()
    assert once.revised_at == again.revised_at == updated.astimezone(UTC)
    assert isinstance(again.revised_at, datetime)
