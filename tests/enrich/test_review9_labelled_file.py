"""A ninth review's labelled file (2026-12-07): 255 posts shaped like the mention stream of
services where complaints are costly (an airline, a bank, an insurer, two telecoms, a parcel
carrier, a city's public transport; fictional brands), written and labelled by an AI agent
playing an NLP evaluator at a social-listening vendor, before it read ``bot/enrich``, its
lexicons or the corpora (it had read docs/intelligence.md, tests/enrich and the earlier review
files' texts, for the label set, the format and the languages they cover thinly): 77 in
English (formal complaints, all caps, Gen-Z slang, sarcasm with no word of fault, "10/10 would
sit on the tarmac for 4 hours again", price questions, "INSANE 🔥" hype), 22 Chinese (10
Simplified, 6 Traditional, 6 Cantonese, all labelled ``zh`` as the detector names ``yue``), 10
each Vietnamese, Thai and Russian, 9 Ukrainian, 8 each Persian, Hebrew, Greek, Romanian, Czech,
Hungarian, Swedish, Finnish and Tagalog, 7 each Norwegian Bokmål, Danish and Malay, 6 each
Bengali, Tamil, Urdu and Nepali. The mix such brands receive: delays, lost baggage, refunds,
fees, outages, cards declined, roaming, fraud alerts and phishing, praise for crew and
drivers, questions about rules and allowances, leads (company travel, business SIMs, group
insurance, a group booking), news (strikes, an outage, results, fares), chatter, spam.

How it was labelled, where a kind is ambiguous (the corpus's guidelines,
tests/data/corpus/README.md, and the earlier files' rules): sarcasm at a fault, with or
without a word of fault, a complaint, negative; a question that names a fault and asks for a
remedy ("changed my flight without notice, any way to get moved back?") a complaint; asking the
price of something to buy (a roaming pass, a plan, a policy, a tariff for a team) a lead, but
the price of a fee or an allowance on what was bought (checked baggage, a bike on the train, a
name change, a card's foreign fee) a question, neutral; asking whether a phishing text is real
a question; a fraud warning to other customers ``other``, negative; leaving a provider and
asking readers for another a lead, negative ("fed up"); coming to a brand from a rival
praise; a mixed post by what the author feels in the end ("bumped me off ..., gave me a
voucher and a hotel. honestly not mad" praise); news ``other``: negative for a strike, an
outage or jobs cut, neutral for results, fares and hiring; chatter as the author feels.
``split`` fixed by the text's SHA-256 (even: dev) before anything was run: the dev half's
errors (145 posts) chose the fixes, the held half (110) was measured before and once after,
its totals never printed while fixes were tried and its misses never read.

The classes the dev half showed, and their fixes (the sentences of their tests were written
for the classes, not taken from the file):

- a card or a payment refused at a till ("card declined at the petrol station", "Mit kort
  blev afvist", "Korttini hylättiin", "Kad saya ditolak", "Declined na naman yung card ko")
  read ``other`` or praise: a complaint, negative (``lexicon_declined``, after the model;
  ``test_lexicon_declined.py``); such a post read as praise, positive, came out with a
  negative under the sentiment's floor ("unknown"), as did a device that hangs: its feeling
  is turned now (``test_turned_fault_sure.py``);
- news of a strike in Greek and Swedish read neutral: ``lexicon_strikes`` in 12 more languages
  (``test_lexicon_strikes_far.py``);
- Nepali without one of the detector's Nepali words read Hindi, Norwegian "Tusen takk ..."
  English, a Danish post German (``test_language_review9.py``);
- Norwegian and Finnish prize spam read ``other`` (features v90,
  ``test_lexicon_spam_nordic.py``).

Left (the dev half): fee questions ("cât costă bagajul de cală", "Hur mycket kostar det att ta
med en cykel", "Magkano po ang excess baggage fee") leads; sarcasm with no word of fault
("so the 'express' in ParcelJet Express is ironic right", Ukrainian "Посилка їде вже третій
тиждень. Дякую, дуже швидко.") ``other`` or praise; negated faults and switches in English
("not bad at all tbh", "not going back") praise, negative; "honestly not mad" after a bumped
flight a complaint; "a fridge up 4 flights of stairs with a smile. 5 stars" and "wifi actually
working today" ``other``; "changed my flight without notice, any way to get moved back?" a
question; leads fed up with their provider neutral; "nobody answers" stated in Danish, Malay
and Nepali neutral; an announced cut of 600 jobs neutral (as the corpus labels a company's
cut); a card declined beside "app says" (a word of news) ``other``; Cantonese "等成日都冇人嚟"
``other``; a Bengali thanks a complaint; an Urdu group-insurance lead ``other``; "mate the
Skyreach lounge in Dubai is unreal" German.
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
    return enrich_file("enrich_review9_labelled.jsonl", 255)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 110)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (110 posts, its misses
    # never read): language 0.982, intent 0.827, polarity 0.845 before the fixes; the same
    # after
    assert_at_least(half(enriched, "held"), language=0.97, intent=0.81, polarity=0.83)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (145 posts): 0.959, 0.828, 0.807 before the fixes; 0.993, 0.876, 0.855
    # after
    assert_at_least(half(enriched, "dev"), language=0.98, intent=0.86, polarity=0.84)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (6 to 10 posts a language, Chinese 22, English 77):
    # Danish language 0.86 and polarity 0.57, Malay language 0.86, Persian polarity 0.62,
    # Norwegian intent and polarity 0.71, English polarity 0.74, Czech, Hungarian and Swedish
    # intent 0.75
    assert_every_language(enriched, 22, language=0.8, intent=0.7, polarity=0.55)
