"""Two outlets are two cards. A feed entry's author is a byline, not an account: the
fingerprint took the byline alone (``rss:associated press``) for the author, so one wire
story that two papers' feeds carried under the same byline (AP, Reuters, PR Newswire) within
the hour made one card, and the second outlet's coverage was never seen; and the byline,
read as a person, made a feed entry one post with a social account of that name quoting its
headline. A byline is told apart by the site that published the entry (its article's host,
the feed's when it has none), and is no one's account on another network (third review of
the de-duplication, held3 pairs r301 to r315)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import Author, Mention
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness

HARBOUR = "https://harbour-times.example/feed/"
HERALD = "https://www.herald.example/rss/business.xml"
WORDS = ("Acme shares slide 9% as outage knocks payment systems offline\n\nNEW YORK (Reuters) - "
         "Shares of Acme Corp fell 9% after a six-hour outage: card payments broken for hours.")
AT = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


def entry(n: int, feed: str, link: str | None, byline: str, minutes: int = 0) -> Mention:
    host = feed.split("/")[2]
    return Mention(id=f"rss:{n}", network="rss", source="test", text=WORDS, url=link,
                   links=(link,) if link else (),
                   author=Author(id=f"{host}:{byline}", handle=byline, display_name=byline),
                   created_at=AT + timedelta(minutes=minutes))


def social(network: str, handle: str, name: str, minutes: int = 0) -> Mention:
    return Mention(id=f"{network}:1", network=network, source="test",  # type: ignore[arg-type]
                   text=WORDS, author=Author(id=handle, handle=handle, display_name=name),
                   created_at=AT + timedelta(minutes=minutes))


@pytest.mark.parametrize(("first", "second"), [
    (entry(1, HARBOUR, "https://harbour-times.example/m/1/", "Reuters"),
     entry(2, "https://www.valleypost.example/rss", "https://www.valleypost.example/m/1", "Reuters",
           26)),
    (entry(1, "https://feeds.feedburner.com/Herald", "https://www.herald.example/t/1", "AP"),
     entry(2, "https://feeds.feedburner.com/Gazette", "https://gazette.example/t/1/", "AP", 38)),
    (entry(1, "https://harbour-times.example/feed/", None, "PR Newswire"),
     entry(2, "https://valleypost.example/rss", None, "PR Newswire", 4)),
    (entry(1, HARBOUR, "https://harbour-times.example/m/1/", "Reuters"),
     social("mastodon", "reuters@journa.host", "Reuters", 10)),
], ids=["two-papers-one-byline", "two-papers-one-feed-host", "no-links", "byline-and-an-account"])
async def test_two_outlets_one_wire_story_are_two_cards(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
    assert await h.pipeline.process(second) is not None, "the second outlet's story was merged"
    assert h.pipeline.tally.crossposts == 0


@pytest.mark.parametrize(("first", "second"), [
    (entry(1, HERALD, "https://www.herald.example/b/1", "AP"),
     entry(2, "https://rss.herald.example/tech.xml", "https://herald.example/b/1?utm_source=rss",
           "AP", 25)),
    (entry(1, "https://harbour-times.example/feed/", None, "Reuters"),
     entry(2, "https://harbour-times.example/markets/feed/", None, "Reuters", 12)),
    (social("x", "DublinHerald", "Dublin Herald"),
     social("mastodon", "dublinherald@mastodon.social", "Dublin Herald", 2)),
], ids=["one-site-two-feed-hosts", "one-site-no-links", "outlet-x-and-mastodon"])
async def test_one_outlets_story_is_still_one_card(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
    assert await h.pipeline.process(second) is None
    assert h.pipeline.tally.crossposts == 1
