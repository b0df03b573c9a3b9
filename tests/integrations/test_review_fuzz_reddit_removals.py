"""Hostile ``GET /api/info`` answers of things taken down since read, against the Reddit
source's re-read (``RedditSource._revised``, ``parse.taken_down_by``; a fuzzing review,
2026-12-06).

A removed thing whose ``removed_by_category`` was a list or an object (a JSON value of the
wrong kind: Reddit documents a string or null) made ``taken_down_by`` raise ``TypeError``
(``in`` a frozenset hashes it) out of the poll, at every poll after: the account never read
again, since the cursor is written after the re-read. Over real HTTP against
``tests/support/fake_reddit.py``'s ``Reads``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.ports import Store
from integrations.social.reddit.parse import taken_down_by
from tests.conftest import FakeClock
from tests.integrations.test_reddit import net, store
from tests.integrations.test_review_fuzz_reddit_info import mutated_info_poll
from tests.integrations.test_review_reddit_edits import reddit, world
from tests.support.mutations import SETTINGS
from tests.support.netserver import NetServer
from tests.support.polling import World, bounded, one_line_logs, opened_world

__all__ = ["net", "store"]

ODD = [[], {}, ["moderator"], {"moderator": True}, 1, 1.5, True, "", "x" * 100_000,
       "moderator\u202e", "Moderator"]


@pytest.mark.parametrize("category", ODD, ids=lambda v: repr(v)[:20])
@pytest.mark.parametrize("by", [None, [], {}, 1, "acme_mod", True, "x" * 100_000],
                         ids=lambda v: repr(v)[:20])
def test_any_removed_by_category_and_banned_by_say_who_or_nobody(category: Any,
                                                                 by: Any) -> None:
    data = {"id": "abc", "name": "t1_abc", "body": "[removed]",
            "removed_by_category": category, "banned_by": by}
    assert taken_down_by(data) in ("moderator", "network", "removed")


@pytest.mark.parametrize("category", [[], {"a": 1}, ["moderator"]], ids=repr)
async def test_a_removal_of_a_category_of_the_wrong_kind_is_a_tombstone(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        category: Any) -> None:
    reads, post, _ = world(clock)
    src = reddit(net, store, client, clock, reads)
    await src.poll()
    reads.remove(post)
    reads.thing(post)["data"]["removed_by_category"] = category
    clock.advance(minutes=1)
    [gone] = await src.poll()  # raised TypeError: unhashable type
    assert (gone.id, gone.revision, gone.text) == (f"reddit:{post}", "delete", "")
    assert gone.removed_by == "removed"  # "[removed]" alone: who, not said
    clock.advance(minutes=1)
    assert await src.poll() == []


# --- /api/info answers of removed things mutated at every path ----------------------------

@pytest.fixture(scope="module")
def fuzzed() -> Iterator[World]:
    with opened_world() as w:
        yield w


def _doc() -> Any:
    """The answer of ``/api/info`` for the post and comment of ``world``: the post removed
    by a moderator, the comment by Reddit's admins, each as a moderator of it reads it."""
    clock = FakeClock()
    reads, post, comment = world(clock)
    reads.remove(post, "moderator")
    reads.remove(comment, "anti_evil_ops")
    reads.thing(comment)["data"]["banned_by"] = True
    reads.thing(comment)["data"]["edited"] = True
    reads.thing(post)["data"]["edited"] = clock.now.timestamp() + 30
    return reads.answer("GET", "/api/info", {"id": f"{post},{comment}"})[2]


_DOC = _doc()


@SETTINGS
@given(data=st.data())
def test_a_mutated_answer_of_removed_things_is_never_a_failed_poll(
        fuzzed: World, data: st.DataObject) -> None:
    clock = FakeClock()
    out, _, _ = mutated_info_poll(fuzzed, data, _DOC, clock)
    one_line_logs(out)
    for m in out.mentions:
        bounded(m)
        assert m.revision in ("edit", "delete")
        assert m.revised_at is not None and m.revised_at <= clock.now + timedelta(hours=1)
