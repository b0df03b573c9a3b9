"""Shoppers asking how a shoe or a garment's sizes run (``lexicon_fit``), which the dev half of
``tests/fixtures/enrich_review8_labelled.jsonl`` (2026-12-07) read as leads or, German
"ausfallen" being a word of fault, as complaints: a question, neutral, in the label
definitions. The sentences were written for the class, not taken from the file; beside them, a
size told as a tip and a size that failed stay what the model reads."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "do the Trailpeak hiking boots run true to size? normally an 11",
    "do Vellor jeans fit small? I'm usually a 32 waist",
    "¿Las botas de Karsa tallan grande o pequeño? uso 40",
    "Est-ce que les baskets Ondine taillent grand ? je fais du 39",
    "Fallen die Wanderschuhe von Bergwerk eher klein aus? Ich trage sonst 44",
    "Zijn de laarzen van Duinstap klein van maat? Ik heb normaal 41",
    "czy buty Sowa mają zaniżoną rozmiarówkę? noszę 38",
    "Trailpeakのブーツ、サイズ感どうですか？いつも27cmです",
    "Vellor 운동화 정사이즈인가요? 평소 260 신어요",
    "Karsa botlarının kalıbı dar mı? 42 giyiyorum",
])
def test_asking_how_sizes_run_is_a_question(text: str) -> None:
    assert predict(text) == ("question", "neutral")


@pytest.mark.parametrize("text", [
    # a size's fit told as a tip, no question asked: not this rule's
    "Trailpeak boots run small, go half a size up",
    # a fit that failed, asked about in anger: a complaint
    ("ordered Vellor jeans in my size, they run so small they're useless and the refund "
     "still hasn't come?!"),
])
def test_a_size_told_or_failed_is_no_such_question(text: str) -> None:
    assert predict(text) != ("question", "neutral")
