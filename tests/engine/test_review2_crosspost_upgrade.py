"""A cross-post that spans an upgrade is carded once. The releases before this one claimed a
fingerprint under other keys: until 2026-12-07 10:50 (ee0297e) one key with no time in it,
``fp:<sha1 of handle-before-@-or-dot, NUL, words>``; then that same hash in its two cells
(``fp:<hash>@a<cell>``, ``@b<cell>``). This release's keys are versioned (``fp:3.``) and
hashed from more (the person's accounts, the post a reply answers), so a post the release
before carded, whose copy this one reads minutes later, was carded twice. A post made before
this process started (and its first hour) is looked for under the earlier keys too, read only:
an earlier claim with no time in it counts only if the post holding it was made within the
hour, as its trace says (second review of the de-duplication)."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from bot.core.models import Author, Mention, Trace
from bot.core.ports import Store
from bot.core.text import fold
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness

WORDS = "The acme app is broken again since this morning, sync never finishes"
BEFORE = "routes:\n  - {name: none, match: {any: [zzzz]}, channel: support}\n"
TTL = 72 * 3600


def post(native: str, network: str, handle: str, clock: FakeClock, minutes: float) -> Mention:
    return Mention(id=f"{network}:{native}", network=network, source="test",  # type: ignore[arg-type]
                   text=WORDS, author=Author(id=handle, handle=handle),
                   created_at=clock() + timedelta(minutes=minutes))


def earlier_hash(who: str) -> str:
    """The fingerprint of the releases before, from their code: the handle before its first
    ``@`` or ``.``, NUL, the folded words."""
    return hashlib.sha1(f"{who}\x00{fold(WORDS)}".encode()).hexdigest()


async def carded_by_the_release_before(store: Store, clock: FakeClock, tmp_path: Path,
                                       first: Mention, keys: list[str]) -> None:
    """``first`` as the release before left it: its trace (written by this release's pipeline
    under a rule that matches nothing: traces read alike) and its claim under ``keys``."""
    before = Harness(store, clock, tmp_path / "before.jsonl", rules=BEFORE)
    await before.pipeline.process(first)
    await store.claim_values([(k, first.id) for k in keys], TTL)


async def test_a_copy_of_a_post_claimed_with_no_time_is_merged(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    first = post("1", "x", "kasia", clock, -30)
    await carded_by_the_release_before(store, clock, tmp_path, first,
                                       [f"fp:{earlier_hash('kasia')}"])
    h = Harness(store, clock, tmp_path / "record.jsonl")
    copy = post("2", "mastodon", "kasia@mastodon.social", clock, -25)
    assert await h.pipeline.process(copy) is None, "carded again across the upgrade"
    trace = await store.get_trace(copy.id)
    assert isinstance(trace, Trace) and (trace.outcome, trace.detail) == ("crosspost", "x:1")


async def test_a_copy_of_a_post_claimed_in_its_cells_is_merged(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    first = post("1", "x", "kasia", clock, -30)
    at = int(first.created_at.timestamp())
    fp = earlier_hash("kasia")
    await carded_by_the_release_before(store, clock, tmp_path, first, [
        f"fp:{fp}@a{at // 7200}", f"fp:{fp}@b{(at + 3600) // 7200}"])
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(post("2", "bluesky", "kasia.bsky.social", clock, 10)) is None


async def test_the_same_words_days_after_an_earlier_claim_are_a_new_post(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    first = post("1", "x", "kasia", clock, -2 * 24 * 60)
    await carded_by_the_release_before(store, clock, tmp_path, first,
                                       [f"fp:{earlier_hash('kasia')}"])
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(post("2", "x", "kasia", clock, -5)) is not None


async def test_a_post_the_release_before_claimed_itself_is_carded_when_read_again(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    """It crashed after the claim, before its batch's write: the post is read again."""
    first = post("1", "x", "kasia", clock, -3)
    await store.claim_values([(f"fp:{earlier_hash('kasia')}", first.id)], TTL)
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
