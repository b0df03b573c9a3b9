"""``why`` of a post no route fired for, where the record of it (its trace) keeps its words,
author and language but not its links, media, hashtags, mentioned accounts or the author's
followers: routing's explanation "now" is run on the post as kept, so a route that turned on
one of those facts was said to fire (``✔ plain: fired``) under the line saying none fired, with
nothing telling the asker which to believe (a support manager's review, 2026-12-07). It now
says that routing would alert on it now, and why that may differ from what happened. Signed
slash commands into the bolt app, the local Slack, a SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.core.models import Author, Mention
from tests.conftest import FakeClock
from tests.e2e.test_review_why_handles_and_limits import ask
from tests.e2e.world import UNPACED, running_world

RULES = """
brands:
  acme: [acme]
routes:
  - name: plain
    match: {brand: [acme], has_link: false}
    channel: marketing
"""


async def test_a_route_said_to_fire_now_on_a_post_none_fired_for_is_said_so(
        tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 12, 3, 9, 10, tzinfo=UTC))
    async with running_world(tmp_path, clock, rules=RULES, extra=UNPACED) as w:
        m = Mention(id="mastodon:1", network="mastodon", source="masto",
                    text="acme has a new page, have a look", created_at=clock(),
                    author=Author(id="acct1", handle="kasia", followers=120),
                    url="https://mastodon.example/@kasia/1",
                    links=("https://acme.example/new",))  # a link card, not in the words
        await w.a.pipeline.process(m)
        await w.a.outbox.drain()
        said = await ask(w, "mastodon:1")
    assert "no route or subscription fired" in said, said
    assert "✔ plain: fired" in said, said  # the explanation on what the record keeps
    # before: nothing between the two
    assert "routing would alert on it now" in said, said
    assert "links" in said.split("routing would alert on it now", 1)[1], said
