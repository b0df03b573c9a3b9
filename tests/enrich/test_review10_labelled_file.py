"""A tenth review's labelled file (2026-12-07): 254 posts about fictional brands (a telecom, a
bank, an airline, a parcel carrier, a phone maker, a gym), written and labelled by an AI agent
playing a support-analytics lead who has labelled customer messages for a triage model in many
languages, before it read ``bot/enrich`` (it had read docs/intelligence.md, tests/enrich and
two earlier review files, for the label set and the format), centred on what the earlier
reviews left: 69 in English (questions about fees and prices, purchase intent said or asked,
sarcasm with no word of fault, "Great, another update.", litotes and worries answered after the
context, "Not bad at all tbh"), 14 French ("pas mal", litotes, against "pas mal de", a lot of),
8 each Portuguese, Spanish and Italian (praise, then "but" and a fault), and close or thinly
covered languages, each with a short post of 3 to 6 words: 8 each Malay, Indonesian, Tagalog,
Hindi, Marathi, Nepali, Ukrainian, Russian, Belarusian, Norwegian Bokmål, Danish, Swedish,
Catalan and Galician, 7 each Serbian (in Latin letters), Croatian, Bosnian, Slovak and Czech.
The close languages' posts are mostly the same few messages in each language (a fault, a fee
question, thanks, a lead, litotes, a short post, a sarcasm), so a language's figure is of one
writer's sentences, 7 or 8 of them.

How it was labelled (the corpus's guidelines, tests/data/corpus/README.md, and the earlier
files' rules): asking a fee or an allowance on what one has (a checked bag, closing an account,
a transfer, a replacement card) a question, neutral; asking the price of something to buy, or
any question with buying said ("thinking of joining", "I want to buy", "can I pay for the X5 in
instalments if I buy it online?") a lead; a product's feature asked with no purchase said
("Does the X5 support eSIM?", "does Kiro have a student discount?", "Is the premium account
worth it?") a question; sarcasm with no word of fault ("Great, another update.", "Wow ..., a
delivery window of 7am to 9pm. So precise.") a complaint, negative; litotes ("not bad at all",
"pas mal", "ikke verst", "inte illa", "niente male") and a worry answered ("Roaming was a worry
but it worked fine") praise, positive; "pas mal de" before a trouble a complaint, before
people or parcels as the rest says; praise, then "but" and a fault a complaint, negative;
"lots of people report an outage" ``other``, negative. Serbian in Latin letters is ekavian
("ceo", "lepo", "uvek"), Croatian and Bosnian ijekavian, Bosnian with "šta", "ko", "hiljadu",
"kahva"; a post of words the three share is labelled as its writer meant it. ``split`` fixed by
the text's SHA-256 (even: dev) before anything was run: the dev half's errors (125 posts) chose
the fixes, the held half (129) was measured before and once after, its totals never printed
while fixes were tried and its misses never read.

The classes the dev half showed, and their fixes (the sentences of their tests were written
for the classes, not taken from the file):

- Serbian, Croatian, Galician, Slovak and Catalan named as a neighbour or as Ganda, Portuguese,
  Polish, English: their spellings of "at all", "we wanted", "luggage" and everyday words
  (``language``, ``test_language_review10.py``);
- a fee asked on what one has read as a lead in eight languages: ``lexicon_fees``
  (``test_lexicon_fees.py``);
- a cheer greeting "another" of something ("Great, another update.", "Toppen, ännu en
  uppdatering. Precis vad jag behövde.") read as praise: ``lexicon_greeted_repeat``
  (``test_lexicon_greeted_repeat.py``);
- praise, then a Romance "but" and a fault the lexicon has no word for ("mas meu pacote está
  parado há duas semanas", "pero el router se desconecta") read as praise:
  ``lexicon_turned_fault`` (``test_lexicon_turned_fault.py``);
- a worry answered and litotes in Tagalog, Marathi, Catalan read as complaints:
  ``lexicon_litotes`` (``test_lexicon_litotes.py``);
- "pas mal de soucis" read as praise: ``lexicon_quantity`` (``test_lexicon_quantity.py``).

Left (the dev half): sarcasm with no repeat named ("Love spending my lunch break on hold ...
Best hour of my day.", "Just what I needed on a Monday: Brisa moving my 9am flight to 6pm.")
praise or ``other``; "Take my money @Velora" a complaint; a student discount asked a lead; leads
in Indonesian, Tagalog, Serbian and Croatian ("Mau pasang internet ... buat kantor", "Htjeli
bismo uzeti 20 kartica za tvrtku") questions; "Is the overdraft fee still £5 a day" a
complaint; Belarusian "колькі можна?" a question; "All'inizio ero scettico, ma ... va
benissimo" ``other``; the language of posts whose words Serbian, Croatian and Bosnian share
(Bosnian and Serbian read one another), Galician with one Galician word (Portuguese or
Spanish), Slovak "... vôbec nie je zlá" (Polish), Italian "Niente male, Tarvo!" (French), a
Nepali thanks (Hindi).
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
    return enrich_file("enrich_review10_labelled.jsonl", 254)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 129)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (129 posts, its misses
    # never read): language 0.845, intent 0.721, polarity 0.814 before the fixes; 0.845,
    # 0.822, 0.853 after
    assert_at_least(half(enriched, "held"), language=0.83, intent=0.8, polarity=0.83)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (125 posts): 0.832, 0.688, 0.808 before the fixes; 0.928, 0.888, 0.936
    # after
    assert_at_least(half(enriched, "dev"), language=0.91, intent=0.87, polarity=0.92)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (7 or 8 posts a language, French 14, English 69):
    # language Bosnian 0.14 (1 of 7: Serbian or Croatian), Galician 0.38, Serbian 0.57,
    # Nepali 0.62, Croatian and Slovak 0.71; intent Bosnian, Serbian, Croatian 0.71; polarity
    # Croatian 0.71, Norwegian 0.75
    assert_every_language(enriched, 24, language=0.1, intent=0.7, polarity=0.7)
