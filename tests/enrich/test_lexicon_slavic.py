"""Slovak, Croatian (with Bosnian and Serbian in Latin letters), Serbian in Cyrillic and
Bulgarian are read through their own entries (``bot/enrich/lexicon_slavic.py``): before them a
post in these languages found no concept, and a complaint without a word the model knew read
``other``. The sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher
from tests.enrich.reading import count


@pytest.mark.parametrize(("concept", "text"), [
    ("negative", "Zákaznícka podpora Acme je hrozná, som sklamaný"),
    ("negative", "Podrška Acme je očajna, prava sramota"),
    ("negative", "Подршка Acme је очајна, права срамота"),
    ("negative", "Поддръжката на Acme е ужасна, пълен провал"),
    ("positive", "Aplikácia Acme je skvelá, odporúčam"),
    ("positive", "Acme aplikacija je odlična, preporučujem"),
    ("positive", "Acme апликација је одлична, препоручујем"),
    ("positive", "Приложението на Acme е страхотно, препоръчвам"),
    ("positive", "Aplikacija Acme uopšte nije loša"),
    ("positive", "Приложението на Acme изобщо не е лошо"),
    ("positive", "Acme vôbec nie je zlé"),
    ("fault", "Aplikácia Acme nefunguje od rána"),
    ("fault", "Acme aplikacija ne radi od jutros"),
    ("fault", "Апликација Acme не ради од јутрос"),
    ("fault", "Приложението на Acme не работи от сутринта"),
    ("again", "Acme mi opet nije isporučio paket"),
    ("question", "Koliko košta Acme paket za porodicu?"),
    ("question", "Колко струва семейният план на Acme?"),
    ("hiring", "Da li Acme zapošljava programere u Zagrebu?"),
    ("thanks", "Hvala Acme, sve je stiglo na vrijeme"),
])
def test_each_language_has_its_words(concept: str, text: str) -> None:
    assert count(text, concept) >= 1


@pytest.mark.parametrize(("concept", "text"), [
    # words of these languages that fold to another language's are left out
    ("negative", "I always lose my connection on Acme"),  # "loše"
    ("question", "O preço do plano Acme subiu de novo"),  # Slovak "prečo"
])
def test_a_word_of_another_language_is_not_theirs(concept: str, text: str) -> None:
    assert count(text, concept) == 0


def test_negated_praise_in_serbian_reads_as_praise() -> None:
    enricher = Enricher()
    prediction, _ = enricher.predict("Aplikacija Acme uopšte nije loša, plaćanje je brzo.", "hr")
    assert prediction.polarity == "positive"
