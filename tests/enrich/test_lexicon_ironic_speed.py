"""Thanks or praise for speed beside a wait of weeks or months is irony, a complaint
(``bot/enrich/lexicon_ironic_speed.py``, read after the model by ``model.TextModel.predict``).
A review of negation (2026-12-07, ``tests/fixtures/enrich_negation_labelled.jsonl``) found
such posts in French, Chinese, Russian and Turkish read as praise, and the review before it a
Ukrainian one ("Дякую, дуже швидко" after three weeks). The sentences were written for these
tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon_ironic_speed import ironic_speed
from bot.enrich.model import shipped_model


def found(text: str) -> bool:
    return ironic_speed(features.prepare(text).text)


IRONIC = [
    "Merci Acme pour la livraison rapide, seulement deux mois.",
    "Спасибо, Acme, очень быстро: заказ едет уже пятую неделю.",
    "Дякую, Acme, дуже швидко, лише два місяці чекала на повернення.",
    "Teşekkürler Acme, iade tam dört haftada geldi, çok hızlı",
    "Acme的退款真快啊，才等了两个月",
    "Danke Acme für die schnelle Lieferung, nach nur drei Wochen.",
]


@pytest.mark.parametrize("text", IRONIC)
def test_speed_praised_beside_weeks_is_found(text: str) -> None:
    assert found(text)


@pytest.mark.parametrize("text", [
    "Thanks Acme, super fast delivery, arrived in 2 days!",  # days: may be fast
    "Acme answered fast, two weeks ago I had a question and it was sorted in an hour",
    "Не очень быстро, заказ едет третью неделю",  # no praise: the model's own complaint
    "Three weeks with the Acme X2 and it is still fast",  # the speed is the phone's
])
def test_other_posts_are_not(text: str) -> None:
    assert not found(text)


@pytest.mark.parametrize("text", IRONIC)
def test_it_is_a_negative_complaint(text: str) -> None:
    prediction = shipped_model().predict(text)
    assert (prediction.intent, prediction.polarity) == ("complaint", "negative")
