"""A battery that does not last is a fault (``bot/enrich/lexicon_battery.py``, features v92):
after praise and a "but" it is what the author feels in the end. A review of negation
(2026-12-07, ``tests/fixtures/enrich_negation_labelled.jsonl``) read such a Russian review as
praise. The sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts
from bot.enrich.model import shipped_model

_FAULT = CONCEPT_NAMES.index("fault")


def faults(text: str) -> int:
    return concept_counts(features.prepare(text).text)[_FAULT]


@pytest.mark.parametrize("text", [
    "Love the screen on the Acme X5 but the battery dies before lunch",
    "Отличная камера у Acme X5, но батарея садится к вечеру",
    "Камера в Acme X5 класна, але батарея сідає до обіду",
    "Gostei do Acme X5, mas a bateria não aguenta um dia",
    "Acme X5 的屏幕很好，可惜用半天就没电了",
])
def test_a_battery_that_does_not_last_is_a_fault(text: str) -> None:
    assert faults(text)


@pytest.mark.parametrize("text", [
    "The Acme X5 battery lasts all day",
    "A bateria do Acme X5 dura muito",
    "Батарея у Acme X5 держит два дня",
])
def test_a_battery_that_lasts_is_none(text: str) -> None:
    assert not faults(text)


@pytest.mark.parametrize("text", [
    "Отличная камера у Acme X5, но батарея садится к вечеру",
    "Камера в Acme X5 класна, але батарея сідає до обіду",
])
def test_praise_then_the_battery_is_a_complaint(text: str) -> None:
    prediction = shipped_model().predict(text)
    assert (prediction.intent, prediction.polarity) == ("complaint", "negative")
