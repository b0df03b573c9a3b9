"""Who a cross-post's author is, fourth review of the de-duplication (held4 pairs q401 to
q414). Two accounts of one network showing one name (chris@infosec.exchange and chris@mas.to,
both "Chris"; mia.bsky.social and mia.dev) were one person, so the second's complaint, the same
words within the hour, was merged into the first's and never seen: a network that shows both
accounts is itself saying they are two. Across networks the name is still all a post tells
(X's "Nina" and nina_dev.bsky.social's "Nina" are one person)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import Author, Mention
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness

WORDS = "Acme deleted my workspace during the downgrade and the export is broken too"
AT = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


def post(network: str, n: int, handle: str, name: str, minutes: int = 0,
         reply_to: str | None = None, text: str = WORDS) -> Mention:
    return Mention(id=f"{network}:{n}", network=network, source="test",  # type: ignore[arg-type]
                   text=text, reply_to=reply_to, created_at=AT + timedelta(minutes=minutes),
                   author=Author(id=f"{handle}-id", handle=handle, display_name=name))


@pytest.mark.parametrize(("first", "second"), [
    (post("mastodon", 1, "chris@infosec.exchange", "Chris"),
     post("mastodon", 2, "chris@mas.to", "Chris", 25)),
    (post("bluesky", 1, "mia.bsky.social", "Mia"), post("bluesky", 2, "mia.dev", "Mia", 18)),
], ids=["two-mastodon-servers", "two-bluesky-handles"])
async def test_two_accounts_of_one_network_showing_one_name_are_two_people(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
    assert await h.pipeline.process(second) is not None, "the namesake's complaint was merged"
    assert h.pipeline.tally.crossposts == 0


@pytest.mark.parametrize(("first", "second"), [
    (post("x", 1, "nina_dev", "Nina"), post("bluesky", 2, "nina_dev.bsky.social", "Nina", 1)),
    (post("mastodon", 1, "kasia@mastodon.social", "Kasia"),
     post("mastodon", 2, "kasia@mastodon.social", "Kasia", 0)),  # read through two servers
], ids=["one-name-two-networks", "one-account-two-servers"])
async def test_one_persons_cross_post_is_still_one_card(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
    assert await h.pipeline.process(second) is None
    assert h.pipeline.tally.crossposts == 1
