"""The text enrichment reads (``bot.enrich.reading``): lookalike letters inside a word undone
in both directions, Arabic harakat and tatweel dropped, before language, sentiment and intent.
The posts were written for these tests, not taken from a labelled set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Author, Mention
from bot.enrich import Enricher
from bot.enrich.reading import read

CYR_A, CYR_O = "\u0430", "\u043e"


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


def facts(enricher: Enricher, text: str, lang: str | None = None) -> tuple[str | None, str, str]:
    """(language, polarity, intent) of a mention, as the pipeline reads it."""
    m = Mention(id="mastodon:1", network="mastodon", source="t", text=text, language=lang,
                created_at=datetime(2026, 12, 4, 12, tzinfo=UTC),
                author=Author(id="a1", handle="someone"))
    f = enricher.facts(m)
    return f.language(), f.sentiment().label, f.intent()


# Latin words spelled with Cyrillic lookalikes (о, а, е, р, с): English complaints
LATIN_SPOOFED = [
    "Qubо kеерs сrаshing, rеаllу bаd",
    "nоthing wоrks, hоrrible suрроrt",
    f"Qubo ch{CYR_A}rged me twice and supp{CYR_O}rt ignores me, awful",
]
# Russian words spelled with Latin lookalikes (o, a, e, p, c): Russian complaints
CYRILLIC_SPOOFED = [
    "Нe мoгу вoйти",
    "Ужacнo медлeннo",
    "Пpилoжeниe oпять нe paбoтaeт",
]


@pytest.mark.parametrize("text", LATIN_SPOOFED)
def test_latin_words_with_cyrillic_lookalikes_read_as_english(enricher: Enricher,
                                                              text: str) -> None:
    assert facts(enricher, text) == ("en", "negative", "complaint")


@pytest.mark.parametrize("text", CYRILLIC_SPOOFED)
def test_cyrillic_words_with_latin_lookalikes_read_as_russian(enricher: Enricher,
                                                              text: str) -> None:
    assert facts(enricher, text) == ("ru", "negative", "complaint")


def test_both_directions_resolve_to_the_words_meant() -> None:
    assert read(f"sl{CYR_O}w {CYR_A}pp") == "slow app"  # "арр" alone follows the post
    assert read("Сaйт нe paбoтaeт") == "Сайт не работает"


@pytest.mark.parametrize("text", [
    "The app is great, thanks",  # ASCII
    "Сайт не работает, Qubo опять",  # Russian with a Latin brand: no word mixes
    "Qubo в Москве: OK",  # a Latin word of lookalikes alone in a Russian post
    "Το Qubo δεν λειτουργεί",  # Greek with a Latin brand
])
def test_ordinary_posts_are_read_as_written(text: str) -> None:
    assert read(text) is text


ARABIC = [
    # (plain, with harakat, with tatweel): "very slow", "excellent service", "very bad"
    ("بطيء جدا", "بَطِيءٌ جِدًّا", "بطـــيء جـــدا"),
    ("خدمة ممتازة", "خِدْمَةٌ مُمْتَازَةٌ", "خدمـــة ممتـــازة"),
    ("سيئة جدا", "سَيِّئَةٌ جِدًّا", "ســيئة جـــدا"),
]


@pytest.mark.parametrize("forms", ARABIC)
def test_arabic_marks_do_not_change_the_language(enricher: Enricher,
                                                 forms: tuple[str, str, str]) -> None:
    readings = [facts(enricher, text) for text in forms]
    assert [r[0] for r in readings] == ["ar", "ar", "ar"]
    assert readings[1] == readings[0] and readings[2] == readings[0]


def test_arabic_letters_without_persian_ones_are_arabic(enricher: Enricher) -> None:
    # "very slow" in two words: lingua read it Persian; ي and no ی say Arabic
    assert enricher.detect("بطيء جدا", None)[0] == "ar"
    assert enricher.detect("خیلی بد بود", None)[0] == "fa"  # Persian's own ی
    assert enricher.detect("یہ بہت برا ہے", None)[0] == "ur"
