"""Asking whether anyone at the company reads or answers says nobody does: a complaint
(``bot/enrich/lexicon_nobody.py``, ``lexicon.nobody_answers``, counted as a word of ``fault``
by ``features.cues``). The sentences were written for these tests, not taken from a labelled
set."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.lexicon import nobody_answers
from bot.enrich.model import shipped_model


def found(text: str) -> bool:
    return nobody_answers(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "Does anybody at Acme actually answer the support email?",
    "Antwortet bei Acme überhaupt noch jemand auf E-Mails?",
    "Est-ce que quelqu'un chez Acme lit les réclamations ?",
    "Læser nogen hos Acme deres mails?",
    "Olvassa valaki az Acme-nál a leveleket?",
    "Διαβάζει κανείς στην Acme τα email;",
    "מישהו ב-Acme עונה למיילים?",
    "Có ai ở Acme trả lời email không?",
    "มีใครที่ Acme อ่านอีเมลบ้างไหม",
    "Kuna mtu yeyote Acme anayejibu barua pepe?",
])
def test_someone_and_a_verb_of_answering_are_found(text: str) -> None:
    assert found(text)


@pytest.mark.parametrize("text", [
    "Does anyone know if Acme delivers on Sundays?",
    "Does anyone work with Acme's API? How do I paginate?",
    "¿a alguien le llega el código de Acme?",  # "le" is no Portuguese "lê"
    "Anyone at Acme? I read your answer, thanks.",  # two sentences
])
def test_other_questions_with_someone_are_not(text: str) -> None:
    assert not found(text)


@pytest.mark.parametrize("text", [
    # not every one before features v28: "Olvassa valaki az Acme-nál a leveleket?" read a
    # question (see below)
    "Læser nogen hos Acme deres mails?",
    "Διαβάζει κανείς στην Acme τα email;",
    "Kuna mtu yeyote Acme anayejibu barua pepe?",
])
def test_asked_in_a_language_the_corpus_lacks_it_is_a_complaint(text: str) -> None:
    prediction = shipped_model().predict(text)
    assert (prediction.intent, prediction.polarity) == ("complaint", "negative")


def test_said_without_asking_it_is_left_to_the_model() -> None:
    text = "Someone at Acme finally answers emails, thank you so much!"
    assert found(text)
    assert shipped_model().predict(text).intent == "praise"



@pytest.mark.parametrize("text", [
    # features v28: asked, it is a word of feeling too; with the fault alone these read
    # neutral (and still read questions, 0.57 and 0.64 against complaint)
    "Có ai ở Acme đọc email của khách không?",
    "Ingabe ukhona umuntu e-Acme ofunda imiyalezo?",
])
def test_asked_it_is_negative_as_well_as_a_fault(text: str) -> None:
    assert shipped_model().predict(text).polarity == "negative"


@pytest.mark.parametrize("text", [
    # questions before features v28; not every one: "Υπάρχει κανείς στην Acme που διαβάζει τα
    # email;" still reads one (0.52 against complaint 0.48)
    "Olvassa valaki az Acme-nál a leveleket?",
    "Les einhver hjá Acme tölvupóstinn?",
    "هل هناك أحد في Acme يقرأ البريد؟",
])
def test_asked_with_a_word_of_feeling_it_is_a_complaint_in_more_languages(text: str) -> None:
    assert shipped_model().predict(text).intent == "complaint"
