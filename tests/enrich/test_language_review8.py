"""Language mix-ups the dev half of ``tests/fixtures/enrich_review8_labelled.jsonl``
(2026-12-07) showed, by class: Singapore English's particles and loans (read as Yoruba or
Polish), colloquial Jakarta Indonesian (French), a Hinglish shopper's "kahan milega?" beside
"mein" (German), and a common English word shouted in capitals beside a brand, set aside as a
name (Italian, Spanish). The sentences were written for the classes, not taken from the file;
beside them, Arabizi's "leh" and Malay's "lah" keep their languages."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.mark.parametrize(("text", "language"), [
    ("walao the Zentro queue jialat", "en"),
    ("Zentro kopi damn shiok", "en"),
    ("Zentro phone camera damn shiok lor", "en"),
    ("nongkrong bareng temen di Zentro", "id"),
    ("Zentro ka naya phone kahan milega?", "hi"),
    ("Zentro ka charger Delhi mein kahan milega bhai", "hi"),
    ("Zentro x Kora collab INSANE 🔥🔥🔥", "en"),
])
def test_the_words_that_name_a_language(detector: LanguageDetector, text: str,
                                        language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize(("text", "language"), [
    ("leh keda ya Zentro", "ar"),
    ("Zentro leh msh shaghal", "ar"),
    ("cepat lah Zentro, saya tunggu", "id"),
    ("the new Zentro colourway is INSANE 🔥", "en"),
])
def test_their_neighbours_keep_their_language(detector: LanguageDetector, text: str,
                                              language: str) -> None:
    assert detector.detect(text)[0] == language
