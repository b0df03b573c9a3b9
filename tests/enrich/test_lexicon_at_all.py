"""A negation turns a word of praise or complaint with "at all" between them ("isn't at all
bad", "δεν είναι καθόλου κακή"): ``lexicon._near`` does not count the words of
``lexicon_at_all``. The sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from tests.enrich.reading import count


@pytest.mark.parametrize("text", [
    "Honestly the new Acme app isn't at all bad",
    "La nouvelle appli Acme n'est pas du tout mauvaise",
    "Nya Acme-appen är inte alls dålig",  # one word between: turned before too
    "Acmen uusi sovellus ei ole yhtään huono",
    "Η νέα εφαρμογή της Acme δεν είναι καθόλου κακή",
])
def test_negated_complaint_with_at_all_between_is_praise(text: str) -> None:
    assert count(text, "positive") == 1
    assert count(text, "negative") == 0


@pytest.mark.parametrize("text", [
    "I'm not at all happy with Acme's support",
    "Nie jestem w ogóle zadowolony z Acme",
])
def test_negated_praise_with_at_all_between_is_a_complaint(text: str) -> None:
    assert count(text, "negative") == 1
    assert count(text, "positive") == 0


@pytest.mark.parametrize("text", [
    # the words of "at all" count for nothing but the gap: a word further away stays as it is
    "Not at all what I ordered, and the box was bad",
    "not bad",
])
def test_the_gap_still_has_its_limit(text: str) -> None:
    assert count(text, "positive") + count(text, "negative") == 1
