"""A fault closed on asking the company when it will be fixed (``lexicon_fix_when``), which the
dev half of ``tests/fixtures/enrich_review8_labelled.jsonl`` (2026-12-07) read as a question
without feeling: the fault in view and the company waited on, a complaint, negative. The
sentences were written for the class, not taken from the file; beside them, "when" and "fix"
asked apart stay questions."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "La app de Ventora no carga los pedidos desde ayer, ¿cuándo lo van a arreglar?",
    "O app da Ventora não abre desde a atualização, quando vão resolver?",
    "Die Ventora-App stürzt beim Bezahlen ab. Wann wird das behoben?",
    "L'appli Ventora plante à chaque paiement, vous corrigez quand ?",
    "Ventora 앱이 결제할 때마다 꺼져요. 언제 고쳐요?",
    "Ventora app blijft hangen bij het afrekenen, wanneer wordt dit opgelost?",
])
def test_asking_when_a_fault_is_fixed_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "when does the Ventora store on Main St open on Sundays?",
    "¿Cuándo abre la tienda de Ventora en el centro?",
])
def test_when_alone_stays_a_question(text: str) -> None:
    assert predict(text) == ("question", "neutral")
