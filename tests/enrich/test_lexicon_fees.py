"""Fees asked about on what a customer already has (``lexicon_fees``), which the dev half of
``tests/fixtures/enrich_review10_labelled.jsonl`` (2026-12-07) read as leads in eight
languages: a question, neutral, in the label definitions (the price of something to buy stays
a lead). The sentences were written for the class, not taken from the file; beside them, the
price of a plan or a phone, a fee asked with buying said, and a fee blamed stay what they
were."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "how much is the fee for an overweight bag on Soltra Air, like 28kg?",
    "what are the fees for an international transfer with Moxbank?",
    "¿Cuánto cuesta facturar una maleta de 23 kilos con Aeroval?",
    "Quanto custa despachar uma mala no voo para Lisboa?",
    "Berapa caj untuk tutup akaun simpanan?",
    "Сколько стоит закрыть счёт в Моксбанке?",
    "Скільки коштує закрити рахунок у Моксбанку?",
    "Hvor meget koster det at tjekke en kuffert ind på flyet til Rom?",
    "Kolik stojí poplatek za výběr z bankomatu?",
])
def test_a_fee_asked_is_a_question(text: str) -> None:
    assert predict(text) == ("question", "neutral")


@pytest.mark.parametrize("text", [
    # the price of something to buy: a lead
    "how much is the Soltra family roaming plan for 4 people?",
    # a fee asked with buying said: a lead
    "thinking of buying the Moxbank premium card, is there an annual fee?",
    # a want or a need said beside the fee: a shopper's
    "need a payment terminal for my bakery, what are the fees with Moxpay?",
    "want to sign up at Gymora, any joining fee this month?",
])
def test_a_price_to_buy_stays_a_lead(text: str) -> None:
    assert predict(text)[0] == "lead"


def test_a_fee_blamed_is_no_such_question() -> None:
    assert predict("why is there a fee to close my account?? ridiculous")[0] == "complaint"
