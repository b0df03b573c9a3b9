"""A copy skipped as a cross-post claims nothing. A post claims its fingerprint in a cell of
each of two grids of 2-hour cells; a copy found in one of its original's cells still claimed
its cell of the other grid, which the original does not hold, so the same words posted again
two hours and more after the original were merged into the copy (a post with no card) instead
of carded, and a chain of copies under an hour apart stretched one post's claim without end.
A post's claims are now made all or none: a post that finds any of them held by another post
is that post's copy and claims none (second review of the de-duplication)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.models import Author, Mention, Trace
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness

WORDS = "@acmesupport still waiting on my refund, order 5512, nobody answers"
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)  # a boundary of the first grid's cells


def post(native: str, minutes: int) -> Mention:
    return Mention(id=f"x:{native}", network="x", source="test", text=WORDS,
                   author=Author(id="1", handle="kasia_w"),
                   created_at=AT + timedelta(minutes=minutes))


async def test_the_same_words_over_two_hours_after_the_first_are_carded(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(post("1", 0)) is not None
    assert await h.pipeline.process(post("2", 100)) is None  # 1 h 40 apart: its cell of 10-12 h
    later = post("3", 150)  # 2 h 30 after the first: a new post, whatever the copy between
    assert await h.pipeline.process(later) is not None, "merged into a copy that has no card"


async def test_a_copy_is_named_after_the_post_that_was_carded(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    for native, minutes in (("1", 0), ("2", 100), ("3", 150), ("4", 160)):
        await h.pipeline.process(post(native, minutes))
    traces = {m: await store.get_trace(f"x:{m}") for m in "1234"}
    said = {m: (t.outcome, t.detail) for m, t in traces.items() if isinstance(t, Trace)}
    assert said == {"1": ("routed", ""), "2": ("crosspost", "x:1"), "3": ("routed", ""),
                    "4": ("crosspost", "x:3")}


async def test_posts_under_an_hour_apart_all_day_are_not_one_post(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    carded = [await h.pipeline.process(post(str(i), 50 * i)) is not None for i in range(12)]
    assert carded[0] and sum(carded) >= 4, carded  # ten hours: one card every 2 to 4 hours
