"""Languages the dev half of ``tests/fixtures/enrich_review7_labelled.jsonl`` (2026-12-07)
named wrong, each class with sentences written for it, not taken from the file: Haitian Creole
(which lingua does not know), Nepali by a word before a question mark, Marathi by "my" and
"became", and Hausa, Yoruba typed without its marks, Afrikaans and Swahili by everyday words
they had none of."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.mark.parametrize("text, language", [
    ("Mwen pa ka konekte sou aplikasyon an depi maten, tanpri ede m", "ht"),
    ("Eske nou gen sèvis la jodi a? Mwen bezwen voye lajan", "ht"),
    ("पैसा फिर्ता कहिले हुन्छ?", "ne"),
    ("माझे पैसे का अडकले? दोन दिवस झाले", "mr"),
    ("Wannan banki baya amsa waya kullum", "ha"),
    ("Kilode ti owo mi ko tii pada lati ose to koja", "yo"),
    ("Ons wil kunsmis in die Noord-Kaap bestel", "af"),
    ("Wanafunzi wanataka kutumia EduPay", "sw"),
])
def test_the_words_that_name_a_language(detector: LanguageDetector, text: str,
                                        language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text, language", [
    ("Mon colis n'est toujours pas arrivé, pouvez-vous m'aider ?", "fr"),
    ("मेरा ऑर्डर अभी तक क्यों नहीं आया?", "hi"),
    ("Ik wacht al drie weken op mijn bestelling", "nl"),
])
def test_their_neighbours_keep_their_language(detector: LanguageDetector, text: str,
                                              language: str) -> None:
    assert detector.detect(text)[0] == language
