"""A reply belongs to the conversation it answers. The fingerprint had only the author and the
words, so a brand's template reply ("Sorry to hear that, please DM us ...") sent to two
customers within the hour, with no @name in its text (a Bluesky reply, a Mastodon reply whose
leading mention the normaliser leaves out, or one on X and one on Mastodon), was taken for one
post cross-posted: the second customer's conversation got no card. Two replies are one post
only when they answer the same post; a post and its copy that are not replies are merged as
before (second review of the de-duplication, tests/fixtures/dedup_pairs_labelled.jsonl, held
pairs h001 to h006)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import Author, Mention
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness

TEMPLATE = "Sorry this is broken for you! Could you DM us your order number so we can look?"
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def reply(native: str, network: str, handle: str, to: str | None, minutes: int) -> Mention:
    return Mention(id=f"{network}:{native}", network=network, source="test",  # type: ignore[arg-type]
                   text=TEMPLATE, author=Author(id=handle, handle=handle, display_name="Acme"),
                   created_at=AT + timedelta(minutes=minutes), reply_to=to)


@pytest.mark.parametrize(("first", "second"), [
    (reply("1", "bluesky", "acme.bsky.social", "at://did:plc:c1/app.bsky.feed.post/1", 0),
     reply("2", "bluesky", "acme.bsky.social", "at://did:plc:c2/app.bsky.feed.post/2", 6)),
    (reply("1", "mastodon", "acme@mastodon.social", "1135", 0),
     reply("2", "mastodon", "acme@mastodon.social", "1136", 21)),
    (reply("1", "x", "acme", "18590", 0),
     reply("2", "mastodon", "acme@mastodon.social", "1136", 2)),
], ids=["bluesky", "mastodon", "x-and-mastodon"])
async def test_a_template_reply_to_two_customers_is_two_cards(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
    assert await h.pipeline.process(second) is not None, "the second conversation got no card"
    assert h.pipeline.tally.crossposts == 0


async def test_a_reply_sent_twice_to_one_post_is_one_card(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(reply("1", "mastodon", "eva@fosstodon.org", "77", 0))
    assert await h.pipeline.process(reply("2", "mastodon", "eva@fosstodon.org", "77", 1)) is None
    assert h.pipeline.tally.crossposts == 1


async def test_a_post_that_answers_nothing_is_still_merged_with_its_copy(
        store: Store, clock: FakeClock, tmp_path: Path) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(reply("1", "x", "acme", None, 0))
    assert await h.pipeline.process(reply("2", "mastodon", "acme@mastodon.social", None, 3)) is None
