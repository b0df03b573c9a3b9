"""Spam's words in seven languages that had none (``bot.enrich.lexicon_spam_far``): the dev
half of ``tests/fixtures/enrich_langs_labelled.jsonl`` (2026-12-07) read "earn N a day from
home, click the link" in Bulgarian and Serbian as complaints, in Lithuanian ``other`` and in
Amharic praise. The sentences are written for the class, not taken from the file."""

from __future__ import annotations

import pytest

from tests.enrich.reading import count, predict


@pytest.mark.parametrize("text", [
    # Bulgarian and Serbian in Cyrillic read as complaints, Lithuanian `other`, Amharic and
    # Catalan praise: their spam words were no concept's (``lexicon_spam_far``)
    "Спечелете 1000 лева от вкъщи! Кликнете на линка",
    "Освојите 10000 динара! Кликните на линк у опису",
    "Uždirbk 200 eurų per dieną iš namų! Spausk nuorodą",
    "ከቤትዎ ሆነው ገቢ ያግኙ! አሁን ሊንኩን ይጫኑ",
    "Guanya 300 euros des de casa! Clica l'enllaç de la bio",
])
def test_spam_in_languages_that_had_no_spam_words(text: str) -> None:
    assert predict(text) == ("spam", "neutral")


@pytest.mark.parametrize("text", [
    "Линкът за плащане не работи от вчера",
    "Линк за плаћање не ради од јуче",
    "Nuoroda į sąskaitą neveikia jau antrą dieną",
    "Odkaz na faktúru nefunguje, opravte to prosím",
])
def test_a_link_that_does_not_work_is_no_spam(text: str) -> None:
    assert predict(text)[0] == "complaint"


@pytest.mark.parametrize("text", [
    # words of those languages in another sense are no entry: Portuguese "ingressos"
    # (tickets; Catalan income), a company's own prize draw ("osvojite", win)
    "Quero ver o show da Lumo, mas os ingressos ainda não saíram",
    "Nagradni natječaj! Osvojite godišnju pretplatu na Velora, komentirajte i podijelite",
])
def test_their_words_in_another_sense_are_no_spam(text: str) -> None:
    assert count(text, "spam_money") == count(text, "spam_action") == 0
