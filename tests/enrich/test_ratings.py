"""A review's rating read as a word of praise or complaint (bot/enrich/ratings.py)."""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.model import encode
from bot.enrich.ratings import HIGH, LOW, marked


@pytest.mark.parametrize(("text", "mark"), [
    ("★★☆☆☆ the tracking map is always wrong", LOW),
    ("★☆☆☆☆ crashes on start", LOW),
    ("Great kettle ★★★★☆ one star off for the box", HIGH),
    ("⭐⭐⭐⭐⭐ best notes app", HIGH),
    ("1/5 login loop after the update", LOW),
    ("Rating: 2/5. Slow and buggy", LOW),
    ("4.5/5 would buy again", HIGH),
    ("5/5 stars, fast and clean", HIGH),
    ("1 star. Renewed without a reminder", LOW),
    ("5 Sterne. Klare Empfehlung", HIGH),
    ("resolveu tudo em meia hora. 5 estrelas.", HIGH),
])
def test_a_rating_becomes_its_mark(text: str, mark: str) -> None:
    out, _ = marked(text)
    assert mark in out and ({LOW, HIGH} - {mark}).isdisjoint(out), out


@pytest.mark.parametrize("text", [
    "★★★☆☆ fine, nothing special",  # three of five says neither
    "3/5 for now",
])
def test_a_middling_rating_says_neither(text: str) -> None:
    out, _ = marked(text)
    assert LOW not in out and HIGH not in out


@pytest.mark.parametrize("text", [
    "Reseñas de 5 estrellas en Google Maps ⭐⭐⭐⭐⭐ cuentas reales",  # follower spam sells them
    "delivered on 1/5/2026 as promised",  # a date
    "24/5 support, call us",
    "10/10 would starve again",  # as often ironic as not
    "my 5 stars for the barista went to the wrong shop yesterday, sorry",
])
def test_what_is_not_a_rating_is_left_alone(text: str) -> None:
    assert marked(text) == (text, 0)


def test_the_rating_is_a_concept_not_emoji() -> None:
    # "★" read as an emoji, and the model saw few in training: "★☆☆☆☆" read as praise
    names = features.CUES
    low = encode("★☆☆☆☆ the app closes itself since the update").cues
    assert low[names.index("concept:negative")] > 0
    assert low[names.index("emoji")] == 0
    high = encode("★★★★★ the app is quick and tidy").cues
    assert high[names.index("concept:positive")] > 0
    assert high[names.index("concept:negative")] == 0
