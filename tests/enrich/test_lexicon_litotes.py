"""The worst denied (``lexicon_litotes``): a worry told and answered, and "not bad" in Tagalog,
Marathi, Catalan and Galician, which the dev half of
``tests/fixtures/enrich_review10_labelled.jsonl`` (2026-12-07) read as ``other`` or complaints,
negative: praise, positive, in the label definitions. The sentences were written for the class,
not taken from the file; beside them, a worry that came true and litotes beside a fault stay
complaints."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "Signal in the mountains was my worry but Soltra worked fine all week",
    "I was nervous about switching to Moxbank but honestly it's been fine",
    "Hindi naman masama ang serbisyo ng Soltra",
    "Soltra चे ॲप वाईट नाही",
    "No està gens malament el servei de Soltra",
])
def test_the_worst_denied_is_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    "Signal was my worry but the Soltra line dropped every hour, useless",
    "Hindi naman masama ang app pero laging nag-crash, sira talaga",
])
def test_a_worry_come_true_stays_a_complaint(text: str) -> None:
    assert predict(text)[0] == "complaint"
