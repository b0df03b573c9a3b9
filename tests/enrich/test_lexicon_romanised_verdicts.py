"""Verdicts and thanks of Persian, Urdu, Japanese, Chinese and Thai typed in Latin letters, and
Hindi's plural and feminine "acche", "achhi" (bot.enrich.lexicon_translit, features v63). The
posts are not from any measured set."""

from __future__ import annotations

import pytest

from bot.enrich.features import prepare
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts

NEGATIVE = CONCEPT_NAMES.index("negative")
POSITIVE = CONCEPT_NAMES.index("positive")
THANKS = CONCEPT_NAMES.index("thanks")


def counts(text: str) -> list[int]:
    return concept_counts(prepare(text).text)


@pytest.mark.parametrize("text", [
    "poshtibani kheili bade, hich kas javab nemide",
    "in app vaghan mozakhraf shode",
    "service bohat bura hai, koi sunta nahi",
    "app ka update saiaku, zenzen ugokanai",
    "kefu tai cha le, laji",
    "service yae mak, rao rao",
])
def test_a_romanised_complaint_has_its_word(text: str) -> None:
    assert counts(text)[NEGATIVE] > 0


@pytest.mark.parametrize("text", [
    "poshtibani aali bood, kheili khoob javab dadan",
    "delivery boy bohat acha tha, behtareen service",
    "staff bahut acche the, jaldi kaam ho gaya",
    "atarashii app saikou, sugoi benri",
    "kefu hen hao, tui jian",
    "pa nak ngan jai dee mak",
])
def test_romanised_praise_has_its_word(text: str) -> None:
    assert counts(text)[POSITIVE] > 0


@pytest.mark.parametrize("text", [
    "mamnoon az rahnamayi",
    "shukriya aap ka",
    "honto ni arigatou",
    "xiexie ni men",
    "khob khun na krub",
])
def test_romanised_thanks_are_thanks(text: str) -> None:
    assert counts(text)[THANKS] > 0


@pytest.mark.parametrize("text", [
    "my tooth aches since the filling",  # English "ache": no Urdu praise
    "the yaeger bar is open till late",  # a word that starts as Thai "yae" does
    "lajimo la app",  # not Chinese "laji" inside another word
])
def test_neighbours_hold_none_of_them(text: str) -> None:
    c = counts(text)
    assert c[POSITIVE] == 0 and c[NEGATIVE] == 0
