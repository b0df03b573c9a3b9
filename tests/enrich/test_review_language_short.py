"""Posts of a word or two, which networks often send without a language (a Reddit title, a
Hacker News comment, a reply): lingua's guess at them was noise, so a subscription with
`lang=en` missed "new logo" (Polish to lingua) and "logo!" (Portuguese). Such a post takes
its words' language, else the network's declared one, else none (``bot/enrich/language.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.enrich.evaluate import read_tsv
from bot.enrich.language import LanguageDetector
from bot.enrich.reading import read

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(("text", "expected"), [
    ("new logo", "en"),  # Polish to lingua; "new" is an English function word
    ("thanks!", "en"),  # Turkish; every word a common English word
    ("hello?", "en"),
    ("thanks @acme 🙏", "en"),
    ("lol same", "en"),
    ("grazie @acme", "it"),  # Polish; a function word of Italian alone
    ("Gracias @HiperSol ❤️", "es"),  # one-word thanks of one language
    ("valeu @acme", "pt"),  # French
    ("danke", "de"),  # Dutch
    ("logo!", None),  # Portuguese: one word any language writes
    ("omg", None),  # Dutch, 0.96: chat words are every language's
    ("Netflix 🍿", None),  # a name
    ("Samsung Galaxy", None),  # German, 0.999: two names
    ("#acme", None),
    ("gefeliciteerd!", "nl"),  # a lower-case word lingua is sure of stays
    ("teşekkürler", "tr"),  # letters only Turkish writes still decide
    ("спасибо @acme", "ru"),
    ("the new logo is great", "en"),
])
def test_a_post_of_a_word_or_two(detector: LanguageDetector, text: str,
                                 expected: str | None) -> None:
    assert detector.detect(read(text))[0] == expected


@pytest.mark.parametrize(("text", "declared", "expected"), [
    ("logo!", "en", "en"),  # no word says: the network's language
    ("logo!", "pt-BR", "pt"),
    ("Samsung Galaxy", "de", "de"),
    ("new logo", "es", "en"),  # the text decides when a word of it does
    ("grazie", "en", "it"),
])
def test_the_declared_language_decides_what_the_words_do_not(
        detector: LanguageDetector, text: str, declared: str, expected: str) -> None:
    assert detector.detect(read(text), declared)[0] == expected


def test_a_blind_set_of_short_posts() -> None:
    """tests/data/language_short_blind.tsv: the held half of 393 posts of 1 to 6 words (emoji,
    hashtags, @handles, links) in 27 languages and 60 of no language (names, "ok", "lol",
    numbers), written before the detector was read; the dev half's errors chose the change,
    this half was read once before it and once after."""
    rows = read_tsv(DATA / "language_short_blind.tsv")
    assert len(rows) == 197
    detector = LanguageDetector()
    read_as = [(lang, detector.detect(read(text))[0] or "und") for lang, text in rows]
    right = sum(1 for lang, got in read_as if got == lang)
    # another language than the post's: what a language filter leaves out (a post of no
    # language it lets through)
    other = sum(1 for lang, got in read_as if "und" not in (lang, got) and got != lang)
    # measured 163 right (0.827) and 18 read as another language; before, 144 (0.731) and 34
    assert right >= 160, read_as
    assert other <= 20, read_as
