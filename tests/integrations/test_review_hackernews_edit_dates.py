"""Hacker News edits dated by the hit's ``updated_at`` when hn-search's clock is a little
ahead of ours (a code review, after the same finding in the Reddit source; test failing
before).

An edit is dated by its hit's ``updated_at`` (when hn-search last indexed it) so that the same
edit read again after a lost write (a process killed before its cursor was written, or a
poller stalled past its lease and the one that took the source over) is the same edit, which
the pipeline acts on once: its mark is the edit's time (``Pipeline._dedup``). An
``updated_at`` even a second ahead of the reading clock was dated by that clock instead: read
again a minute later it was another edit, a second card edit and thread note. The item's own
time from the same server is taken up to ``AHEAD_TOLERANCE`` ahead (``FUTURE_SKEW``,
``latest`` in ``HackerNewsSource.poll``); its ``updated_at`` now is too, and beyond it the
edit is dated when it was read, as before. Over real HTTP against the local Algolia of
``test_hackernews.py``."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from integrations.social.common.dating import AHEAD_TOLERANCE
from tests.conftest import FakeClock
from tests.integrations.test_hackernews import NOW, T0, Algolia, algolia, hit_from, make
from tests.support.fakes import Cursors

__all__ = ["algolia"]  # the fixture, used here


def stamp(when: object) -> str:
    return when.isoformat().replace("+00:00", "Z")  # type: ignore[attr-defined]


@pytest.mark.parametrize("ahead", [timedelta(seconds=2), AHEAD_TOLERANCE])
async def test_an_edit_dated_ahead_read_again_after_a_lost_write_is_the_same_edit(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock,
        ahead: timedelta) -> None:
    clock.now = NOW
    hit = hit_from("item_comment_2921983.json", object_id=10, at=T0 - 60)
    algolia.hits = [hit]
    cursors = Cursors()
    await make(algolia, client, clock, cursors).poll()
    clock.advance(seconds=60)
    updated = clock.now + ahead  # hn-search's clock ahead of ours
    hit.update(comment_text="Edit: dropbox lost my files.", updated_at=stamp(updated))
    kept = dict(cursors.values)
    [once] = await make(algolia, client, clock, cursors).poll()
    cursors.values = dict(kept)  # its write lost
    clock.advance(seconds=60)
    [again] = await make(algolia, client, clock, cursors).poll()
    assert (once.revision, again.revision) == ("edit", "edit")
    assert once.revised_at == again.revised_at == updated


async def test_an_updated_at_far_ahead_is_still_dated_when_read(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Past the tolerance an ``updated_at`` is no time to keep (a later edit would read as
    older than it): the edit is dated when it was read, as before."""
    clock.now = NOW
    hit = hit_from("item_comment_2921983.json", object_id=10, at=T0 - 60)
    algolia.hits = [hit]
    cursors = Cursors()
    await make(algolia, client, clock, cursors).poll()
    clock.advance(seconds=60)
    hit.update(comment_text="Edit: dropbox lost my files.",
               updated_at=stamp(clock.now + AHEAD_TOLERANCE + timedelta(minutes=1)))
    [edit] = await make(algolia, client, clock, cursors).poll()
    assert edit.revised_at == clock.now


async def test_an_edit_another_query_read_first_is_dated_alike(
        algolia: Algolia, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The other path to an edit: an item new to one query that another query of the source
    read with other words (``others`` in ``_read_hits``) is dated by ``updated_at`` too."""
    clock.now = NOW
    hit = hit_from("item_comment_2921983.json", object_id=10, at=T0 - 60)
    algolia.hits = [hit]
    cursors = Cursors()
    await make(algolia, client, clock, cursors).poll()  # query "dropbox"
    clock.advance(seconds=60)
    updated = clock.now + timedelta(seconds=5)
    hit.update(comment_text="Edit: dropbox and box lost my files.", updated_at=stamp(updated))
    kept = dict(cursors.values)
    dates = []
    for _ in range(2):
        cursors.values = dict(kept)  # the first read's write lost
        source = make(algolia, client, clock, cursors)
        source.config = source.config.model_copy(update={"queries": ("dropbox", "box")})
        got = await source.poll()
        dates.append({m.revised_at for m in got if m.revision == "edit"})
        clock.advance(seconds=60)
    assert dates[0] == dates[1] == {updated}
