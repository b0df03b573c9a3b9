"""A sixth review's labelled file (2026-12-07): 257 social posts about companies in domains no
earlier set covered (a water utility, a hospital and its clinics, an online game store,
video streaming, a government tax portal, flat rentals, a gym chain, ride-hailing, a vet, a
B2B SaaS outage), written and labelled by an AI agent reviewing the enrichment before it read
``bot/enrich``, its lexicons or the corpora (it had read docs/intelligence.md and the earlier
review files' texts, for the label set and what the last review left): 68 in English, 14
Spanish (Latin American slang among them: "está brutal", "qué chimba", "está de pelos"), 9 in
each of ru pl, 8 in each of uk sw tl id, 8 Urdu (6 typed in Latin letters), 8 Hindi (6 typed in
Latin letters), 8 Vietnamese (6 without its marks), 7 in each of da nb sv ms de fr pt, 6 in
each of hr it tr, 6 Serbian (3 in Cyrillic), 5 in each of ar nl, 4 in each of ja zh ko, 3
Bosnian and 3 emoji-only reactions (``und``); Russian, Ukrainian and Polish sarcasm
("Просто супер.", "Дякую, дуже допомогли", "No brawo"), complaints asked as questions
("how is it possible that ...", "anyone else's launcher stuck ...?", "¿por qué nadie
contesta?", Swahili "Je, kwa nini ...?") beside questions that are no complaint ("do you
deliver on Sundays?", "Je, ZipRide inafanya kazi usiku?"), Danish, Norwegian and Swedish
saying the same things, leads, news, spam, chatter; code-switching, typos, handles, links.

How it was labelled (the corpus's guidelines, tests/data/corpus/README.md, where they speak):
a question whose frame says the thing should not be ("how is it possible that", "why does it
take 3 months", "anyone else's app crashing?", "is it just me or") is a complaint, negative;
one that asks for a fact with no fault in view a question, neutral; thanks or praise for a
failure a complaint, negative; a calm complaint negative; a request to buy for a team or a
business ("80 staff", "400 rental units", "corporate memberships") a lead, neutral; news
``other``: negative when it tells of jobs lost or a strike, else neutral (a price rise, an
acquisition, a funding round, a deadline moved: as the earlier files label such news; they
were first labelled negative by the corpus README's "news of a fine is negative", which those
files do not follow for prices, and relabelled to match them after the first measurement, the
same rule on both halves, before any change); chatter as the author feels ("no regrets 😂"
positive). ``split`` fixed by the text's SHA-256 (even: dev) before anything was run: the dev
half's errors (134 posts) chose the fixes below, the held half (123) was measured before and
once after, its misses never read.

The classes the dev half showed, and their fixes (the sentences of their tests, in
``tests/enrich/test_lexicon_review6.py`` and ``test_language_review6.py``, were written for the
classes, not taken from the file):

- a question that asks how a thing can be ("how is it possible that", "Wie kann es sein,
  dass", "Jak to możliwe, że", "Comment c'est possible que", "Hoe kan het dat", "Как так
  получается") read as a question, and "anyone else's ... stuck?", "is it just me or ... not
  loading?", "Alguém mais com o app travando?" as questions: a complaint after the model
  (``lexicon_disbelief.HOW_POSSIBLE`` and ``NOT_ONLY_ME``, the second only beside a fault);
- a fault closed on two words of praise ("Просто супер.", "Fantastisk timing.") read as praise
  (``model.deadpan_after_fault``);
- a machine "out of order" and Norwegian "krasjer" named no fault (features v88);
- Vietnamese without its marks read as Tsonga or Portuguese, Norwegian "åpent" as Danish,
  Danish with "lige" as Dutch, Malay spam with "pautan" as Indonesian, Urdu typed in Latin
  letters with "mulazimeen" as English, Serbian "odsto" as Croatian, Bosnian "ljekar" as Malay.

Left (the dev half): news of a studio closing with 120 jobs lost and of a strike neutral;
"incredible timing as always 👏👏" and "brilliant planning" positive (complaints); "Vidora
cancelled my favourite show after one season. classic" praise; French "Bravo ..., encore une
hausse de prix ... Vraiment top." praise (no word of fault, a price rise); Swahili "alinitoza
pesa mara mbili na hakuna anayejibu" and Malay "tak ada siapa angkat" (charged twice, nobody
picks up) ``other``; "Zašto mi ... naplaćuje otkazanu vožnju?" and "Je, kwa nini bili ...
imepanda ...?" questions; "thinking of switching from Vidora" ``other``; "Quick one: do you
deliver water coolers to offices ...?" a lead (defensible); Croatian "Radi li ... na Badnjak?"
Polish; Serbian in Latin letters with no word of its own Croatian; Urdu typed in Latin
letters without one of its own words Hindi; slang "slaps ngl" German.
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
    return enrich_file("enrich_review6_labelled.jsonl", 257)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 123)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (123 posts, its misses
    # never read): language 0.886, intent 0.813, polarity 0.837 before the fixes; 0.894,
    # 0.821, 0.846 after
    assert_at_least(half(enriched, "held"), language=0.88, intent=0.81, polarity=0.83)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (134 posts): 0.910, 0.843, 0.858 before the fixes; 0.970, 0.925, 0.873
    # after
    assert_at_least(half(enriched, "dev"), language=0.96, intent=0.91, polarity=0.86)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (3 to 14 posts a language, English 68, 3 emoji alone
    # ``und``): Bosnian language 0.33 (1 of 3), Croatian 0.50, Danish intent and polarity 0.57,
    # Arabic polarity 0.60
    assert_every_language(enriched, 29, language=0.3, intent=0.55, polarity=0.55)
