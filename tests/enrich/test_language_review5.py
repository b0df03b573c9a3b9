"""Languages the dev half of ``tests/fixtures/enrich_review5_labelled.jsonl`` (2026-12-07)
named wrong, each class with sentences written for it, not taken from the file: Catalan whose
words stand inside an elision or are everyday words the list lacked, Hinglish with English
nouns, and a letter only one language writes in the word that opens a post."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.mark.parametrize("text", [
    "Ningú sap res de l'enviament",  # ningú, and enviament inside the elision
    "El paquet s'ha perdut i ningú respon",
    "Sempre el mateix, ningú contesta",
    "Vosaltres feu enviaments a Menorca?",
    "Doncs la maleta s'ha perdut",
])
def test_catalan_inside_an_elision_or_among_its_everyday_words(detector: LanguageDetector,
                                                               text: str) -> None:
    assert detector.detect(text)[0] == "ca"


@pytest.mark.parametrize("text, language", [
    ("L'avion est en retard, c'est n'importe quoi", "fr"),
    ("Non l'ho mai visto così", "it"),
    ("El enlace no funciona, nadie responde", "es"),
])
def test_elisions_of_french_and_italian_stay_theirs(detector: LanguageDetector, text: str,
                                                     language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text", [
    "ye plan Nepal mein chalega kya?",
    "online kamao roz 2000 rupees",
    "ghar pe delivery chahiye",
])
def test_hinglish_everyday_words(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text)[0] == "hi"


@pytest.mark.parametrize("text, language", [
    ("Roz from support sorted it out, thanks!", "en"),
    ("Mein Paket ist seit Montag unterwegs", "de"),
])
def test_those_words_as_a_name_or_beside_german_stay_so(detector: LanguageDetector,
                                                         text: str, language: str) -> None:
    assert detector.detect(text)[0] == language


def test_a_letter_of_one_language_in_the_first_word(detector: LanguageDetector) -> None:
    # ű, Hungarian's own, in the capitalised word that opens the post: Turkish before
    assert detector.detect("Működik a kártya Izlandon?")[0] == "hu"


@pytest.mark.parametrize("text", [
    "Győr is lovely this time of year",
    "Ștefan from support fixed it, thanks",
])
def test_a_name_that_opens_an_english_post_stays_english(detector: LanguageDetector,
                                                          text: str) -> None:
    assert detector.detect(text)[0] == "en"
