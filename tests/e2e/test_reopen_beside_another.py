"""``reopen`` of a ticket whose conversation opened another while it was resolved: both are
open, and the conversation's next posts go to the newest (``find_open_ticket`` on both
stores). The answer says so and how to keep one ticket, through Slack's signed request path,
on a SQLite file and a redis-server: the newest open ticket is the one opened last on both (Redis
took the one written open last, so a reopen, or a claim, moved the conversation's posts)."""

from __future__ import annotations

import pytest

from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, SUPPORT, World


@pytest.fixture
def world(either: World) -> World:
    """The e2e world on either store (tests/e2e/conftest.py)."""
    return either


async def test_reopen_says_which_ticket_of_the_conversation_takes_its_next_posts(
        world: World) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1, thread="100")
    assert (await ask(world, ALICE, SUPPORT, "resolve T-1")).startswith("T-1 resolved")
    await world.mention("@acme still broken, this is terrible", n=2, thread="100")
    t2 = await world.a.store.get_ticket("T-2")
    assert t2 is not None and t2.status == "open"
    answer = await ask(world, ALICE, SUPPORT, "reopen T-1")
    assert answer == ("T-1 reopened; T-2 is open for the same conversation and its new posts "
                      "go there: `merge T-1 into T-2` keeps one ticket"), answer
    await world.mention("@acme hello? still broken, terrible", n=3, thread="100")
    t2 = await world.a.store.get_ticket("T-2")
    assert t2 is not None and "mastodon:3" in t2.mention_ids
    # a write to the older one (a claim) leaves the conversation's posts with the newest
    assert (await ask(world, ALICE, SUPPORT, "claim T-1")).startswith("T-1 claimed")
    await world.mention("@acme anyone? still broken, terrible", n=4, thread="100")
    t2 = await world.a.store.get_ticket("T-2")
    assert t2 is not None and "mastodon:4" in t2.mention_ids
    assert await ask(world, ALICE, SUPPORT, "merge T-1 into T-2") != ""
    assert (await ask(world, ALICE, SUPPORT, "resolve T-2")).startswith("T-2 resolved")
    # a ticket alone in its conversation: the answer as before
    assert await ask(world, ALICE, SUPPORT, "reopen T-2") == "T-2 reopened"
