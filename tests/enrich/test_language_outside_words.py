"""Languages outside the configured set are named by their own words (step 7 of
bot.enrich.language's docstring): news of a shop opening in Indonesian and Malay named none of
them ("buka", to open; "cabang", a branch) and went to lingua among the 15, which read Polish.
Written 2026-12-05 from general knowledge; not from any measured set."""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector


@pytest.mark.parametrize("text, language", [
    ("Acme membuka kantor baru di Surabaya", "id"),  # before: Polish 0.85
    ("Acme buka cabang baru di Bandung", "id"),  # before: German 0.96
])
def test_a_shop_opening_in_indonesian_is_indonesian(detector: LanguageDetector, text: str,
                                                    language: str) -> None:
    assert detector.detect(text)[0] == language


@pytest.mark.parametrize("text, language", [
    # Polish "kantor" (a currency exchange) is Indonesian "kantor" (an office): not a word of
    # Indonesian's here
    ("kantor wymiany walut przy dworcu", "pl"),
    ("Nowy kantor Acme w Krakowie", "pl"),
])
def test_a_word_indonesian_shares_names_no_language(detector: LanguageDetector, text: str,
                                                    language: str) -> None:
    assert detector.detect(text)[0] == language
