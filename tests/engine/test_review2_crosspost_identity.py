"""The same person, not the same name. The fingerprint took a person to be the handle before
its first ``@`` or ``.``, so alex@mastodon.social (Alex Rivera) and alex.bsky.social (Alex
Chen), two people, writing the same sentence within the hour made one card: the second
person's post was never seen. What tells one person's two accounts apart from two namesakes:
a bridge's account names the one it copies whole (Bridgy Fed's
``alex.bsky.social@bsky.brid.gy``, ``alex.mastodon.social.ap.brid.gy``), an X mirror's feed
names the X account (``@alex`` on nitter.net); across networks with no bridge, the same name
before the ``@`` or ``.`` and the same display name (second review of the de-duplication,
held pairs h007 to h014)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import Author, Mention
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness

WORDS = "The new Acme dashboard is broken again, it logs me out every ten minutes"
AT = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def post(native: str, network: str, handle: str, name: str, minutes: int = 0,
         url: str | None = None) -> Mention:
    return Mention(id=f"{network}:{native}", network=network, source="test",  # type: ignore[arg-type]
                   text=WORDS, author=Author(id=f"{network}/{handle}", handle=handle,
                                             display_name=name),
                   created_at=AT + timedelta(minutes=minutes), url=url)


@pytest.mark.parametrize(("first", "second"), [
    (post("1", "mastodon", "alex@mastodon.social", "Alex Rivera"),
     post("2", "bluesky", "alex.bsky.social", "Alex Chen", 9)),
    (post("1", "x", "sam", "Sam Okafor"), post("2", "bluesky", "sam.bsky.social", "Samantha", 5)),
    (post("1", "x", "sam", "Sam Okafor"), post("2", "mastodon", "sam@hachyderm.io", "", 5)),
], ids=["mastodon-and-bluesky", "x-and-bluesky", "no-name-on-one"])
async def test_two_people_of_one_name_are_two_cards(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
    assert await h.pipeline.process(second) is not None, "the second person's post was merged"
    assert h.pipeline.tally.crossposts == 0


@pytest.mark.parametrize(("first", "second"), [
    (post("1", "x", "nina_dev", "Nina"), post("2", "bluesky", "nina_dev.bsky.social", "Nina", 1)),
    (post("1", "x", "chloe", "Chloé"), post("2", "bluesky", "chloe.bsky.social", "chloe\u0301", 1)),
    (post("1", "bluesky", "lee.bsky.social", "Lee"),
     post("2", "mastodon", "lee.bsky.social@bsky.brid.gy", "", 2)),
    (post("1", "mastodon", "tom@mastodon.social", "Tom"),
     post("2", "bluesky", "tom.mastodon.social.ap.brid.gy", "Tom (bridged)", 3)),
    (post("1", "x", "kasia_w", "Kasia W", url="https://x.com/kasia_w/status/1"),
     post("2", "rss", "@kasia_w", "@kasia_w", url="https://nitter.net/kasia_w/status/1#m")),
    (post("1", "mastodon", "eva@fosstodon.org", "Eva"),
     post("2", "mastodon", "eva@fosstodon.org", "Eva", 1)),
], ids=["same-name", "same-name-nfd", "bridgy-fed-to-mastodon-no-name", "bridgy-fed-to-bluesky",
        "x-mirror-feed", "two-servers"])
async def test_one_persons_copy_is_still_one_card(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
    assert await h.pipeline.process(second) is None
    assert h.pipeline.tally.crossposts == 1
