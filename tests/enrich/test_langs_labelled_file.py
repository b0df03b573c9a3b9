"""A review's labelled file in the languages earlier blind sets barely covered (2026-12-07):
220 posts about fictional companies (a telco, a bank, a food delivery app, an airline, a
streaming service, an energy company, a trading app), written and labelled before
``bot/enrich``, its lexicons and the project's corpora were read (only the label names of an
earlier labelled file): 8 in each of Persian, Bengali, Tamil, Swahili, Tagalog, Malay, Greek,
Czech, Slovak, Romanian, Hungarian, Finnish, Danish, Norwegian Bokmål, Catalan, Bulgarian,
Croatian, Lithuanian, Hebrew and Amharic, 16 Serbian (8 in each alphabet), 20 Urdu (8 in its
script, 12 typed in Latin letters), 12 Hindi typed in Latin letters (Hinglish), 12 Arabic
typed in Latin letters (Arabizi); in each language a complaint or two, praise, a question, a
lead, news and spam. ``tests/fixtures/enrich_langs_labelled.jsonl``, in the format
`socialops enrich` reads, with an ``id``; ``split`` fixed by the text's SHA-256 (even: dev)
before anything was run: the dev half's errors (113 posts) chose the fixes, the held half
(107) was measured before and once after, its misses never read.

The classes the dev half showed and their fixes (``tests/enrich/test_language_less_common.py``
holds sentences written for each): Danish spellings Norwegian writes otherwise ("uge",
"klik", "kold") read as Norwegian, English or Basque; Croatian and Serbian in Latin letters
with Polish's ć and its "od", "ne" read as Polish; Bulgarian's articled nouns and Serbian's
"свака" in Cyrillic read as Russian; Hinglish beside German's "mein" read as German, and Urdu
in Latin letters with a word of a third group read as Xhosa; spam in Slovak, Catalan,
Bulgarian, Serbian, Croatian, Lithuanian and Amharic, which had no spam words
(``lexicon_spam_far``), read as complaints, praise or ``other``.

Left (the dev half): Urdu typed in Latin letters without an Urdu word is Hindi (the words are
the same); Serbian and Croatian news without a word that tells them apart is Bosnian or
Polish; a Catalan post whose only Catalan word has an apostrophe ("l'enllaç") is Spanish;
Amharic has few entries (a cold meal after two hours and "we want a package" read
``other``); news in Bengali, Malay and Greek reads with a polarity below the model's floor
(``unknown``); Arabizi praise "3azama" and a Czech thanks said in sarcasm ("Děkuju pěkně")
read as they are written.
"""

from __future__ import annotations

import pytest

from tests.support.labelled import (
    Row,
    assert_at_least,
    assert_every_language,
    assert_split_by_text,
    enrich_file,
    half,
)


@pytest.fixture(scope="module")
def enriched() -> list[Row]:
    return enrich_file("enrich_langs_labelled.jsonl", 220)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 107)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (107 posts, its misses
    # never read): language 0.813, intent 0.832, polarity 0.869 before the fixes; 0.822,
    # 0.832, 0.869 after
    assert_at_least(half(enriched, "held"), language=0.82, intent=0.83, polarity=0.86)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (113 posts): 0.788, 0.823, 0.823 before the fixes; 0.903, 0.858, 0.832
    # after
    assert_at_least(half(enriched, "dev"), language=0.90, intent=0.85, polarity=0.83)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (8 to 20 posts a language): Urdu language 0.60 (its
    # Latin-letter posts read as Hindi), Amharic, Hungarian and Lithuanian intent 0.62,
    # Arabizi polarity 0.67
    assert_every_language(enriched, 24, language=0.6, intent=0.6, polarity=0.6)
