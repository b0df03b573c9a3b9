"""``why`` of a Hacker News comment asked by a link to it on its story's page:
``item?id=<story>#<comment>`` (each comment's row on an item page has its id as its anchor). A
support manager pasted the address of a customer's comment socialops had ticketed (2026-12-07):
``why`` read the story's id, and said the story was never fetched, looked the story up and
explained routing on the story's title, of a comment that had opened a ticket. The anchor names
the comment: found by it, and looked up by it. The local Algolia server the source polls, signed
slash commands into the bolt app, the local Slack, a SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from integrations.social.hackernews.parse import item_id_of
from tests.conftest import FakeClock
from tests.e2e.test_review_why_handles_and_limits import ask
from tests.e2e.world import UNPACED, running_world
from tests.integrations.test_hackernews_lookup import Algolia
from tests.support.netserver import NetServer

RULES = """
brands:
  acme: [acme]
routes:
  - name: support
    match: {brand: [acme]}
    action: ticket
    channel: support
    sla: 60m
    escalation: support-default
"""


def test_an_items_anchor_naming_a_comment_is_that_comments_address() -> None:
    assert item_id_of("https://news.ycombinator.com/item?id=1#6") == "6"
    assert item_id_of("https://news.ycombinator.com/item?id=1&p=2#6") == "6"
    # an anchor naming no item (none, a word) leaves the page's own
    assert item_id_of("https://news.ycombinator.com/item?id=1#") == "1"
    assert item_id_of("https://news.ycombinator.com/item?id=1#comments") == "1"


async def test_a_comment_asked_by_its_anchor_on_the_storys_page_is_found(
        tmp_path: Path) -> None:
    clock = FakeClock(datetime.now(UTC).replace(second=0, microsecond=0))
    t0 = int(clock().timestamp())
    async with NetServer() as net:
        algolia = Algolia(net)
        algolia.add("item_story_8863.json", item_id=1, at=t0 - 120)
        algolia.add("item_comment_2921983.json", item_id=6, at=t0 - 60, story=1)
        algolia.items[6]["text"] = "acme lost my files after the update, who can help?"
        source = (f"  - {{id: hn, type: hackernews, base_url: '{net.base}', "
                  "queries: [acme]}\n")
        async with running_world(tmp_path, clock, rules=RULES, extra=UNPACED,
                                 sources=source) as w:
            await w.a.runtime().poll_once(w.a.sources["hn"], here=True)
            await w.a.outbox.drain()
            assert "ticket T-1" in await ask(w, "hackernews:6")
            said = await ask(w, "https://news.ycombinator.com/item?id=1#6")
    assert "never fetched" not in said, said  # before: the story's, never fetched
    assert said.startswith("hackernews:6 by ") and "ticket T-1" in said, said
