"""A Mastodon draft whose link is followed by ``]`` or ``…``, at the instance's limit, through
Slack's signed request path: Mastodon ends a link before ``]`` (which counts as typed) and
after ``…`` (the link's own, inside its 23), as its config/initializers/twitter_regex.rb says
(tests/integrations/test_mastodon_link_ends.py has the rule). Before, a reply of 601 by
Mastodon's count was drafted as 600, approved, and only then refused by the instance; one of
600 ending in ``…`` was refused as 601."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.world import ALICE, SUPPORT, UNPACED, World, running_world

INSTANCE = {"domain": "masto.example", "version": "4.3.0", "configuration": {"statuses": {
    "max_characters": 600, "max_media_attachments": 4, "characters_reserved_per_url": 23}}}
LINK = "https://acme.com/track/" + "a" * 300  # counts 23
FAMILY = "\U0001F469\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"  # one grapheme


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED) as w:
        w.masto.json("GET", "/api/v2/instance", INSTANCE)
        yield w


def text(n: int, after: str) -> str:
    """``n`` graphemes (a ZWJ family, CJK, a letter under two marks), a space, the link and
    ``after``."""
    head = (FAMILY + "返金" + "e\u0301\u0302") * (n // 4) + "x" * (n % 4)
    return f"[{head} {LINK}{after}"


async def test_a_link_before_a_bracket_and_before_an_ellipsis(world: World) -> None:
    host = world.masto.base.removeprefix("http://")
    await world.mention("@acme my parcel?", n=1)
    # "[" + 574 + " " + 23 + "]" is 600: taken
    assert await world.slash(ALICE, SUPPORT, "reply T-1 " + text(574, "]")) == 200
    await world.until(lambda: any("A-1 drafted" in t for t in world.said_to(ALICE)),
                      "the draft at the limit")
    # one more before the link: 601, the bracket counted as Mastodon counts it
    assert await world.slash(ALICE, SUPPORT, "reply T-1 " + text(575, "]")) == 200
    await world.until(lambda: any("601" in t for t in world.said_to(ALICE)), "the refusal")
    assert next(t for t in world.said_to(ALICE) if "601" in t) == (
        f"Mastodon posts on {host} are at most 600 characters (a link counts as 23); this one "
        "has 601 (1 over); shorten it (nothing was drafted)")
    # an ellipsis after the link is the link's: 600, taken
    assert await world.slash(ALICE, SUPPORT, "reply T-1 " + text(575, "…")) == 200
    await world.until(lambda: any("A-2 drafted" in t for t in world.said_to(ALICE)),
                      "the draft ending in an ellipsis")
    assert [a.id for a in await world.a.store.list_approvals()] == ["A-1", "A-2"]


async def test_a_link_mastodon_does_not_link_counts_as_typed(world: World) -> None:
    """``https://shop.example/...`` has no top-level domain Mastodon knows (twitter-text's
    valid_domain), so Mastodon links nothing and counts all 67 characters; before, it counted
    23 here and a draft of 601 by Mastodon's count was drafted as 557, then refused."""
    host = world.masto.base.removeprefix("http://")
    shop = "https://shop.example/track/" + "a" * 40  # 67 characters, none linked

    def draft(n: int) -> str:
        head = (FAMILY + "返金" + "e\u0301\u0302") * (n // 4) + "x" * (n % 4)
        return f"[{head} {shop}"

    await world.mention("@acme my parcel?", n=1)
    # "[" + 531 + " " + 67 is 600: taken
    assert await world.slash(ALICE, SUPPORT, "reply T-1 " + draft(531)) == 200
    await world.until(lambda: any("A-1 drafted" in t for t in world.said_to(ALICE)),
                      "the draft at the limit")
    assert await world.slash(ALICE, SUPPORT, "reply T-1 " + draft(532)) == 200
    await world.until(lambda: any("601" in t for t in world.said_to(ALICE)), "the refusal")
    assert next(t for t in world.said_to(ALICE) if "601" in t) == (
        f"Mastodon posts on {host} are at most 600 characters (a link counts as 23); this one "
        "has 601 (1 over); shorten it (nothing was drafted)")
    assert [a.id for a in await world.a.store.list_approvals()] == ["A-1"]
