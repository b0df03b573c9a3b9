"""Prize spam in Norwegian and Finnish ("win a trip, click the link and type your card's
details"), which the dev half of ``tests/fixtures/enrich_review9_labelled.jsonl`` (2026-12-07)
read as ``other``: one word of spam each ("klikk her", "klikkaa") was not enough; features v90
adds their prize, link and card-details phrases (``lexicon_spam_far``). The sentences were
written for the class, not taken from the file; a Finnish shopper's butter ("voita") and a
link that does not work stay what the model reads."""

from __future__ import annotations

import pytest

from tests.enrich.reading import predict


@pytest.mark.parametrize("text", [
    "Vinn et gavekort på 5000 kr fra Veltro! Klikk på lenken i bio",
    "Gratulerer! Du kan vinne en iPhone, skriv inn kortopplysningene dine her",
    "Voit voittaa 1000 euroa Veltrolta, klikkaa linkkiä ja täytä tietosi",
    "Onnittelut! Syötä korttitietosi ja voita jopa 500 euroa",
])
def test_prize_spam_is_spam(text: str) -> None:
    assert predict(text) == ("spam", "neutral")


@pytest.mark.parametrize("text", [
    "Ostin voita ja maitoa Veltron kaupasta, hinnat nousseet taas",
    "Lenken i Veltro-appen virker ikke, får bare feilmelding",
])
def test_no_spam(text: str) -> None:
    assert predict(text)[0] != "spam"
