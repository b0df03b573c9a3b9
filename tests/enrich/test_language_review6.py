"""Languages the dev half of ``tests/fixtures/enrich_review6_labelled.jsonl`` (2026-12-07)
named wrong, each class with sentences written for it, not taken from the file: Vietnamese
typed without its marks, Danish and Norwegian by how they spell "open" (åben, åpen) and
Danish "lige", Malay's "pautan", Urdu's "mulazim", Serbian "odsto" and Bosnian "ljekar"."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.mark.parametrize("text, language", [
    ("hom nay mat dien ca ngay, khong ai bao truoc", "vi"),
    ("nuoc yeu qua, goi tong dai khong ai nghe", "vi"),
    ("cam on shop, giao hang nhanh va dong goi can than", "vi"),
    ("Er butikken åpen på søndag?", "nb"),
    ("Systemet er nede igen, lige op til fristen", "da"),
    ("Pakken kom lige nu, tak", "da"),
    ("Klik pautan untuk menang iPhone", "ms"),
    ("hamare mulazimeen ke liye koi corporate plan hai?", "ur"),
    ("Račun za struju veći je 20 odsto nego prošle godine, zašto?", "sr"),
    ("Ljekar nas je primio odmah, hvala puno", "bs"),
])
def test_the_words_that_tell_a_neighbour(detector: LanguageDetector, text: str,
                                         language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text, language", [
    ("Is the store open on Sunday?", "en"),
    ("Er butikken åben på søndag?", "da"),
    ("Klik tautan untuk menang iPhone", "id"),
    ("Ho perso il posto, ma va bene", "it"),
    ("Račun za struju veći je 20 posto nego prošle godine, zašto?", "hr"),
])
def test_those_words_elsewhere_leave_their_language(detector: LanguageDetector, text: str,
                                                    language: str) -> None:
    assert detector.detect(text)[0] == language
