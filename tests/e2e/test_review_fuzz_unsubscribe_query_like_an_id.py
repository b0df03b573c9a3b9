"""``unsubscribe <query>`` of a query whose first word is a letter and a number (``s3 outage``:
AWS S3; ``a4 paper``, ``c3 corvette``, ``l2 cache``): ``subscribe s3 outage`` makes it, but the
hint for an id typed without its hyphen (55a1d0d0) refused its removal as "'s3' is not an id:
its letter and number are joined by a hyphen; write S-3", where before today it was removed
by its query; only `unsubscribe S-1` removed it. A query of several words is read as one again;
a single word so shaped (``unsubscribe S3``) still says where the hyphen goes. Found by
fuzzing the id hints (each verb, before and after). Through Slack's signed request path."""

from __future__ import annotations

import pytest

from tests.e2e.test_queue import ask
from tests.e2e.world import DAVE, MARKETING, World


@pytest.mark.parametrize("query", ["s3 outage", "a4 paper", "C3 corvette", "l2 cache"])
async def test_unsubscribe_by_a_query_starting_with_a_letter_and_a_number(
        world: World, query: str) -> None:
    made = await ask(world, DAVE, MARKETING, f"subscribe {query}")
    assert made.startswith("S-1 created"), made
    answer = await ask(world, DAVE, MARKETING, f"unsubscribe {query}")
    assert answer == "S-1 removed", answer


async def test_one_such_word_still_says_where_the_hyphen_goes(world: World) -> None:
    assert (await ask(world, DAVE, MARKETING, "subscribe s3 outage")).startswith("S-1 created")
    answer = await ask(world, DAVE, MARKETING, "unsubscribe S1")
    assert answer.startswith("'S1' is not an id: its letter and number are joined by a "
                             "hyphen; write S-1"), answer
