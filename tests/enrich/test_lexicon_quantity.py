"""French "pas mal de" before a word of trouble (``lexicon_quantity``), which the dev half of
``tests/fixtures/enrich_review10_labelled.jsonl`` (2026-12-07) read as praise: "a fair amount
of" troubles, a complaint, negative. The sentences were written for the class, not taken from
the file; beside them, "pas mal" alone stays praise."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "On a pas mal de soucis avec la connexion Soltra depuis lundi",
    "Pas mal de problèmes avec l'appli Moxbank ces derniers temps",
])
def test_a_fair_amount_of_trouble_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


def test_pas_mal_alone_stays_praise() -> None:
    assert predict("Pas mal du tout, la nouvelle box Soltra") == ("praise", "positive")
