"""A cross-post is the same words by the same person posted on the networks at about the same
time (a bridge copies a post within minutes; a person pastes it into the other app). The
fingerprint had no time in it: the same customer's "@acmesupport still waiting on my refund"
on X and, two days later, on Mastodon (or the same network the next day) was taken for a
cross-post of the first and never alerted, for as long as the fingerprint was kept (72 hours).
Posts an hour or less apart are one post; two hours or more apart, two (a review of the
de-duplication, tests/fixtures/dedup_pairs_labelled.jsonl)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import Author, Mention
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness

WORDS = "@acmesupport still broken, I love how nobody answers"
# a cell boundary of both grids the claims are made on lies within any hour: start just
# before one, so that a pair an hour apart straddles it whatever the grid
AT = datetime(2026, 11, 20, 9, 59, 50, tzinfo=UTC)


def post(native: str, network: str, handle: str, at: datetime) -> Mention:
    return Mention(id=f"{network}:{native}", network=network, source="test",  # type: ignore[arg-type]
                   text=WORDS, author=Author(id=handle, handle=handle), created_at=at)


@pytest.mark.parametrize(("apart", "one_post"), [
    (timedelta(seconds=20), True), (timedelta(minutes=30), True), (timedelta(minutes=59), True),
    (timedelta(hours=2), False), (timedelta(days=1), False), (timedelta(days=2), False)])
async def test_the_same_words_are_a_cross_post_only_within_the_hour(
        store: Store, clock: FakeClock, tmp_path: Path, apart: timedelta, one_post: bool) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(post("1", "x", "kasia", AT)) is not None
    later = post("2", "mastodon", "kasia@mastodon.social", AT + apart)
    assert (await h.pipeline.process(later) is None) is one_post
    assert h.pipeline.tally.crossposts == int(one_post)


async def test_the_same_words_the_next_day_on_the_same_network_are_a_new_post(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(post("1", "x", "kasia", AT)) is not None
    assert await h.pipeline.process(post("2", "x", "kasia", AT + timedelta(days=1))) is not None
    # and that one's own cross-post, minutes later, is still one post with it
    copy = post("3", "bluesky", "kasia.bsky.social", AT + timedelta(days=1, minutes=3))
    assert await h.pipeline.process(copy) is None
    assert h.pipeline.tally.crossposts == 1
