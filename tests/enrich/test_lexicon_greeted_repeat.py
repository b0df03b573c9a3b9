"""A cheer greeting a repeat, and "just what I needed" after one (``lexicon_greeted_repeat``),
which the dev half of ``tests/fixtures/enrich_review10_labelled.jsonl`` (2026-12-07) read as
praise or ``other`` in English, Swedish and Danish: sarcasm, a complaint, negative, in the label
definitions. The sentences were written for the class, not taken from the file; beside them,
sincere praise of another of something and a sincere "just what I needed" stay praise."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "Oh fantastic, another Moxbank app redesign",
    "Wonderful. Another password rule from Soltra",
    "Perfekt, ännu en prishöjning från Soltra",
    "Fedt, endnu et nyt abonnement fra Moxbank",
    "Génial, encore une nouvelle appli Moxbank",
    "Отлично, ещё одна новая тарифная сетка от Солтры",
    "Soltra sent another survey about my last call. Just what I needed.",
])
def test_a_cheered_repeat_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Another great update from Moxbank, the new budget view is lovely",
    "Thanks Soltra, the travel adapter was just what I needed!",
])
def test_sincere_praise_of_more_stays_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")
