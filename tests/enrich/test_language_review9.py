"""Languages the dev half of ``tests/fixtures/enrich_review9_labelled.jsonl`` (2026-12-07)
named wrong, each class with sentences written for it, not taken from the file: Nepali
without one of the detector's Nepali words (its "much", "good", "how much", and its verbs'
honorific and negative endings, which Hindi says with separate words), Norwegian "takk",
"dager", "penger", "imponert" and Danish "selvom", "penge", "dage", "imponeret", "blev"."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.mark.parametrize("text, language", [
    ("Veltro एप धेरै ढिलो चल्छ", "ne"),
    ("रिचार्ज गर्दा कति पैसा काटिन्छ?", "ne"),
    ("ग्राहक सेवाले छिटो समाधान गरिदिनुभयो, धन्यवाद", "ne"),
    ("कृपया मेरो रिफन्ड छिटो पठाउनुहोस्", "ne"),
    ("पार्सल तीन दिनदेखि आउँदैन", "ne"),
    ("Tusen takk til Veltro for rask service!", "nb"),
    ("Tusen takk til piloten for trygg landing", "nb"),
    ("Mit kort virkede ikke, selvom der er penge nok", "da"),
    ("Pengene kom efter fem dage", "da"),
])
def test_the_words_that_tell_a_language(detector: LanguageDetector, text: str,
                                        language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text, language", [
    ("Veltro का ऐप बहुत धीमा चलता है", "hi"),
    ("रिचार्ज करने पर कितना पैसा कटता है?", "hi"),
    ("मुझे रसमलाई बहुत पसंद है", "hi"),
    ("Tack för hjälpen, pengarna kom efter tre dagar", "sv"),
    ("Tak for hjælpen i dag!", "da"),
])
def test_the_neighbours_keep_their_language(detector: LanguageDetector, text: str,
                                            language: str) -> None:
    assert detector.detect(text)[0] == language
