"""News of a fine (``bot.enrich.lexicon_penalty``) against English that says "fine" and "of"
with no sanction (a fuzzing review, 2026-12-06): the entry "fine of" (for "hit with fine of
€2m") was found in "fine of course" and "fine of sorts", which a post the model read `other`
and neutral then read as bad news, negative (``model.as_bad_news``). A fine of is now one with
its amount ("fine of €0m", "fine of up to")."""

from __future__ import annotations

import pytest

from bot.enrich.features import prepare
from bot.enrich.lexicon_penalty import penalty
from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "the new Kestrel release is fine of course",
    "Kestrel's app is fine of course, it's the courier that's late",
    "Kestrel support was fine of sorts",
])
def test_fine_of_course_is_no_fine(text: str) -> None:
    assert not penalty(prepare(text).text)


@pytest.mark.parametrize("text", [
    "Kestrel hit with fine of €2m over data breach",
    "Kestrel faces fine of up to 4% of turnover",
    "Kestrel gets fine of $500,000 from regulator",
    "Kestrel gets fine of US$2m",
    "Kestrel handed fine of 2 million euros",
    "Kestrel hit with a fine of EUR 2m",
])
def test_a_fine_with_its_amount_is_a_fine(text: str) -> None:
    assert penalty(prepare(text).text)



@pytest.mark.parametrize("text", [
    "Kestrel opens a store in Porto, fine of course",
    "Kestrel is launching a new plan next week, which is fine of course",
])
def test_news_said_to_be_fine_of_course_is_not_bad_news(text: str) -> None:
    assert predict(text) == ("other", "neutral")
