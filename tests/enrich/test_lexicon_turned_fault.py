"""Praise, then a Romance "but" and an everyday fault the lexicon has no word for
(``lexicon_turned_fault``), which the dev half of ``tests/fixtures/enrich_review10_labelled.jsonl``
(2026-12-07) read as praise in Portuguese, Spanish, Italian and Catalan: a complaint, negative,
in the label definitions (what the author feels in the end). The sentences were written for the
class, not taken from the file; beside them, the fault before the turn, answered by praise after
it, stays praise."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "A Soltra é ótima, mas a minha encomenda está parada há dez dias",
    "Gente super simpática na loja, porém ninguém resolveu o meu problema",
    "Me encanta Moxbank, pero la app se desconecta cada dos minutos",
    "Servizio cortese, ma la mia spedizione è ancora ferma a Bologna",
    "Bellissimo modem, però la connessione cade ogni pomeriggio",
    "Molt bon servei, però la bateria no arriba al migdia",
])
def test_a_fault_after_the_turn_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


def test_a_fault_before_the_turn_stays_praise() -> None:
    assert predict("Il pacco era fermo a Bologna, ma ora è arrivato, grazie Soltra!") == (
        "praise", "positive")
