"""Fault phrases in the word orders the lexicon's adjacent entries miss (``lexicon_order``):
Spanish with a dative clitic between "se" and the verb ("se le cae la app") and German with
"nicht" and the verb closing a subordinate clause ("..., weil die App nicht lädt"), kinds the
seventh review's labelled file (2026-12-07) named. The sentences were written for the class;
beside them, "se le cae" of a price, and "nicht" before a verb that goes on, are no fault."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon_order import fault_in_order
from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "Zentro, a mi hermana se le cae la app cada vez que paga",
    "a mi mamá se le cae la app de Zentro todo el tiempo",
    "se nos cae la app de Zentro al pagar",
])
def test_a_fault_told_with_a_clitic_between_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "a mi hermano se le congeló el móvil de Zentro",
    "Ich weiß nicht, warum die Zentro-App seit gestern nicht lädt.",
    "Schade, dass die Zentro-App nicht mehr startet",
])
def test_the_fault_is_found(text: str) -> None:
    assert fault_in_order(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "a mi abuela se le cae el pelo, pero Zentro le regaló un gorro",
    "Zentro lädt nicht nur Handys, sondern auch Uhren",
    "Ich weiß nicht, ob Zentro heute Pakete ausliefert",
])
def test_other_orders_are_no_fault(text: str) -> None:
    assert not fault_in_order(features.prepare(text).text)
