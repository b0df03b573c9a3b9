"""Praise of a failure said with sarcasm is a complaint: a post the model reads praise, with a
word of fault and one of sarcasm, is read a complaint, negative (bot/enrich/model.py,
``sarcastic_fault``), as a complaint read positive with sarcasm is made negative. The sentences
were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich.features import prepare
from bot.enrich.model import sarcastic_fault
from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    # before (2026-12-05): praise, positive but the first (negative)
    "Gracias Zippa por el retraso de tres horas, servicio impecable 🙃",
    "Merci Zippa pour ce retard, service impeccable 🙃",
    "Dziękuję Zippa za kolejne opóźnienie, świetna obsługa 🙃",
    "Grazie Zippa per l'ennesimo ritardo, servizio impeccabile 🙃",
])
def test_praise_of_a_failure_with_sarcasm_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize(("text", "read"), [
    ("Grazie Zippa per l'ennesimo ritardo, servizio impeccabile 🙃", True),
    ("Grazie Zippa, il ritardo è stato risolto subito", False),  # a fault, no sarcasm
    ("love how fast Zippa delivers 🙃", False),  # sarcasm's word, no fault
    ("love how the Zippa app never crashes", False),  # a fault negated
    ("Oh great, the bug is finally fixed", False),  # a fix
    ("Zippa is great, delivered early again", False),
])
def test_what_makes_praise_of_a_failure(text: str, read: bool) -> None:
    assert sarcastic_fault(prepare(text).text) is read


@pytest.mark.parametrize("text", [
    "oh great, Zippa's app crashed again right at checkout",  # the model's complaint already
    "Obrigado Zippa pelo atraso de novo, serviço impecável 🙃",
])
def test_a_complaint_the_model_read_stays_one(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "Thanks Zippa, the delay was fixed in minutes, great support",
    "Grazie Zippa, servizio impeccabile come sempre",
    # a fix told: "love how" is sincere (complaints with the rule before this guard)
    "Love how quickly Zippa fixed the outage, thanks team",
    "Oh great, the bug is finally fixed, thanks Zippa",
    "love how Zippa never has delays, best airline",  # a fault negated
])
def test_sincere_praise_stays_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")


def test_a_teams_correction_to_praise_holds() -> None:
    """A team that calls such a post sincere praise is heard (``corrections.learn`` records an
    ``Exemption``, as against the company-reply rule)."""
    from datetime import UTC, datetime

    from bot.enrich import Correction, Enricher

    text = "Grazie Zippa per l'ennesimo ritardo, servizio impeccabile 🙃"
    enricher = Enricher()
    assert enricher.predict(text, "it")[0].intent == "complaint"
    enricher.apply_corrections([Correction(
        text=text, language="it", field="intent", old="complaint", new="praise",
        who="U-lead", at=datetime(2026, 12, 5, 15, tzinfo=UTC))])
    assert enricher.predict(text, "it")[0].intent == "praise"
