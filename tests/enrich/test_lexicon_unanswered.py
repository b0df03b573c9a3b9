"""Saying, not asking, that nobody at the company answers is a complaint, negative
(``bot/enrich/lexicon_unanswered.py``, read after the model by ``model.TextModel.predict``).
A review of negation (2026-12-07, ``tests/fixtures/enrich_negation_labelled.jsonl``) found
such posts in Malay and Hindi read as neutral complaints, and the review before it Danish,
Malay and Nepali. The sentences were written for these tests, not taken from a labelled
set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon_unanswered import nobody_answers_said
from bot.enrich.model import shipped_model


def said(text: str) -> bool:
    return nobody_answers_said(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "Rang the Acme helpline all morning. No one at Acme ever picks up.",
    "Keiner geht bei Acme ran, seit Tagen.",
    "Personne ne répond chez Acme depuis lundi",
    "Ingen svarer på Acmes telefon",
    "Tiada siapa jawab telefon Acme dari pagi",
    "Acme में कोई फ़ोन नहीं उठाता",
    "Acme मा कसैले फोन उठाउँदैन",
    "Acme'de kimse telefonu açmıyor",
    "Acme 고객센터는 아무도 전화를 안 받아요",
    "Acmeのサポート、誰も電話に出ない",
    "打了一上午Acme客服都没人接",
])
def test_nobody_answering_said_is_found(text: str) -> None:
    assert said(text)


@pytest.mark.parametrize("text", [
    "Someone at Acme answered within a minute, thank you",
    "Nobody likes waiting, but Acme answered in two minutes",  # nobody does not answer
    "No one at Acme? I read your answer, thanks.",  # two sentences
    "Ingen problemer med Acme, de svarer altid hurtigt",  # "ingen" of problems
    "Acme में कोई दिक्कत नहीं, फ़ोन तुरंत उठाते हैं",  # nobody is no one here
])
def test_other_posts_are_not(text: str) -> None:
    assert not said(text)


@pytest.mark.parametrize("text", [
    "Tiada siapa jawab telefon Acme dari pagi",
    "Acme में कोई फ़ोन नहीं उठाता",
    "Acme मा कसैले फोन उठाउँदैन",
    "Ingen svarer hos Acme kundeservice",
])
def test_said_it_is_a_negative_complaint(text: str) -> None:
    prediction = shipped_model().predict(text)
    assert (prediction.intent, prediction.polarity) == ("complaint", "negative")
