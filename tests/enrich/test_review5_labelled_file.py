"""A fifth review's labelled file (2026-12-07): 275 social posts about companies in domains no
earlier set covered (an airline's lost baggage, a telco's roaming, insurance claims, car
rental, e-learning, a pharmacy, parcel lockers, a crypto exchange, public transport, a dating
app, an event venue), written and labelled by an AI agent reviewing the enrichment before
it read ``bot/enrich``, its lexicons or the corpora (it had read docs/intelligence.md and the
earlier review files' tests, for the label set and what the last review left): 77 in
English, 11 Spanish, 9 in each of pt fr de, 8 Italian, 7 in each of nl pl tr ru ja zh ko ar id,
12 Hindi (5 in Devanagari, 7 typed in Latin letters), 9 Urdu (6 typed in Latin letters), 6 in
each of ca da hu sw tl, 5 in each of ms sk hr bg, 4 in each of sr vi, 3 in each of th el, and 4
emoji-only reactions (``und``); complaints (sarcasm, thanks for a failure, complaints asked as
questions), questions that are no complaint ("is the late checkout still available?", "do you
ship to Iceland?"), praise in slang ("this slaps", "goated", "no cap the app is fire"), leads
(fleets, corporate licences, a venue hired), news, spam, chatter; code-switching, typos.
Calm complaints are labelled negative, a request to the company a question.
``tests/fixtures/enrich_review5_labelled.jsonl``, in the format `socialops enrich` reads, with
an ``id``; ``split`` fixed by the text's SHA-256 (even: dev) before anything was run: the dev
half's errors (131 posts) chose the fixes below, the held half (144) was measured before and
once after, its misses never read.

The classes the dev half showed, and their fixes (the sentences of their tests, in
``tests/enrich/test_language_review5.py``, ``test_lexicon_review5.py`` and ``test_emoji.py``,
were written for the classes, not taken from the file):

- a Catalan post whose Catalan word stands inside an elision ("l'enllaç") or is an everyday
  word the list lacked ("perdut", "enviaments", "guanya") read as Spanish, French or English:
  the word after an elided article or pronoun is looked up too, and the list has more words;
- Hinglish with English nouns and "chalega", "ghar", "roz", "kamao" read as English or German;
- a letter only Hungarian writes in the capitalised word that opens a post ("Működik ...?")
  was skipped as a name's, and the post read Turkish;
- losing in Bulgarian ("изгубиха") and in Gulf and Levantine Arabic ("ضيعوا"), an Italian
  train "soppresso" and a German outage split round a word of repeat ("fällt mal wieder aus")
  named no fault, and thanks for them closed with "Super gemacht." or "Bravi davvero." read as
  praise ("bravi davvero" is now sarcasm beside something wrong; features v87);
- fire alone ("🔥🔥🔥") read ``other``, unknown: praise when it is the whole post.

Left (the dev half): "Спасибо ..., вывод висит ... Просто супер." praise ("висит" and "просто
супер" are words of a corpus post: an entry would need the weights retrained); complaints
asked as questions ("how is it possible that ... stops working?", "Wieso dauert ... sechs
Wochen?", "anyone else's app crashing ...?", "ये क्या तरीका है?") questions, and "¿Cuánto
tarda ...? Llevo dos meses esperando" a lead; praise in slang ("clean af", Spanish "está
brutal", read negative); "waited 90 minutes at the counter ..." ``other``; news of a venue's
event positive; Swahili "Je, ... inafanya kazi?" Turkish (its "je" is French's function word),
Croatian "Radi li ... na Islandu?" English, Danish without a Danish spelling Norwegian,
Bulgarian without a word of its own Russian, Urdu typed in Latin letters without one of its
own words Hindi.
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
    return enrich_file("enrich_review5_labelled.jsonl", 275)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 144)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (144 posts, its misses
    # never read): language 0.917, intent 0.910, polarity 0.868 before the fixes; 0.924,
    # 0.910, 0.868 after
    assert_at_least(half(enriched, "held"), language=0.91, intent=0.90, polarity=0.86)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (131 posts): 0.908, 0.870, 0.840 before the fixes; 0.954, 0.908, 0.870
    # after
    assert_at_least(half(enriched, "dev"), language=0.95, intent=0.90, polarity=0.86)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (3 to 12 posts a language, English 77, 4 emoji alone
    # ``und``): Bulgarian and Croatian language 0.60, Russian intent 0.57, Spanish polarity 0.55
    assert_every_language(enriched, 31, language=0.55, intent=0.55, polarity=0.5)
