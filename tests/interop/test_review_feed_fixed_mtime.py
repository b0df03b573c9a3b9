"""A feed served with a Last-Modified that does not move (a review of the feed edit dated by
Last-Modified, test failing before).

An edit whose ``updated`` is ahead of our clock is dated by the document's ``Last-Modified``
(RFC 9110 section 8.8.2: "the date and time at which the origin server believes the selected
representation was last modified"), so every read of one version dates it alike. A site built
reproducibly serves every version with one fixed date: a Nix store's files all have the mtime
1 (Thu, 01 Jan 1970 00:00:01 GMT), a build with ``SOURCE_DATE_EPOCH`` its commit's time. Each
edit of such a feed was dated that one date: before the post itself (1970), and every later
edit the same instant as the first, so the pipeline, which acts on an edit once a date
(``Pipeline._dedup``: the mark of an edit is its ``revised_at``), dropped them all as that first
edit read again. A document changed since the feed's read before was modified after it; one
whose Last-Modified is not after it is dated by that read, as one without Last-Modified is.
Real nginx (its Last-Modified is the file's mtime), as tests/interop/test_review_feed_edits.py."""

from __future__ import annotations

import os

from tests.interop.test_feeds_real import Site, site
from tests.interop.test_review_feed_edits import FIRST, OLD, atom

__all__ = ["site"]

FIXED = 1  # the mtime of every file in a Nix store


def _put_fixed(site: Site, data: bytes) -> str:
    url = site.put("feed.atom", data)
    os.utime(site.dir / "feed.atom", (FIXED, FIXED))
    return url


async def test_edits_of_a_feed_whose_last_modified_never_moves_are_each_dated_apart(
        site: Site) -> None:
    url = _put_fixed(site, atom(FIRST, OLD))
    source = site.source([url])
    [first] = await source.poll()  # 09:00
    # the publisher writes local times as UTC: each edit's updated two hours ahead of ours
    site.clock.advance(minutes=10)
    _put_fixed(site, atom((*FIRST[:2], "2026-11-23T11:10:00Z", "The release is out, v2"), OLD))
    [one] = await source.poll()
    site.clock.advance(minutes=10)
    _put_fixed(site, atom((*FIRST[:2], "2026-11-23T11:20:00Z",
                           "The release is out, v3 with the fix"), OLD))
    [two] = await source.poll()
    assert (one.revision, two.revision) == ("edit", "edit")
    assert one.revised_at is not None and two.revised_at is not None
    assert first.created_at <= one.revised_at < two.revised_at <= site.clock()
