"""A security review's fuzzing of ``unsubscribe <query>`` (2026-12-06): a query of one word in
a script other than Latin (``Москва``, ``東京``, ``مرحبا``) or ending in an accented letter
(``café``, ``olé``) was read as an id typed amiss ("'Москва' is not an id like S-2"): the
shape of one (``[A-Za-z]{0,3}`` then marks) took every non-ASCII letter for a mark, so the
channel could not remove by its query what it had subscribed to. Before 2026-12-06 such a
word was read as a query (it holds no digit, quote or dash)."""

from __future__ import annotations

import pytest

from tests.e2e.test_queue import ask
from tests.e2e.world import DAVE, MARKETING, World


@pytest.mark.parametrize("query", ["Москва", "東京", "مرحبا", "café", "olé", "ß"])
async def test_unsubscribe_by_a_one_word_query_of_another_script(world: World,
                                                                 query: str) -> None:
    made = await ask(world, DAVE, MARKETING, f"subscribe {query}")
    assert made.startswith("S-1 created"), made
    answer = await ask(world, DAVE, MARKETING, f"unsubscribe {query}")
    assert answer == "S-1 removed", answer


@pytest.mark.parametrize("typed", ["sub2", "S2", '"S-2', "S-.", "S_2", "T-\u0663"])
async def test_an_id_typed_amiss_is_still_said_as_one(world: World, typed: str) -> None:
    answer = await ask(world, DAVE, MARKETING, f"unsubscribe {typed}")
    assert "is not an id like S-2" in answer or "write S-2" in answer or "T-" in answer, answer
    assert "removed" not in answer, answer
