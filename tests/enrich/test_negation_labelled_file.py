"""A review of negation and sentiment shifters (2026-12-07): 136 posts in 21 languages about
fictional brands (a telecom, a bank, a shop, an airline, a phone maker), written and labelled
by an AI agent playing a computational linguist, before it read ``bot/enrich`` (it had read
docs/intelligence.md, tests/enrich and the earlier review files' texts): 29 in English, 9
French, 8 each German and Spanish, 7 Dutch, 6 each Portuguese and Chinese, 5 each Italian,
Japanese, Ukrainian, Russian, Danish, Swedish, Malay, Polish and Turkish, 4 each Norwegian
Bokmål, Nepali and Indonesian, 3 each Hindi and Korean. Centred on negation: litotes ("not bad
at all", "nicht schlecht", "pas mal du tout", "no está mal", "niet slecht", "nada mal", "还不错",
"hiç fena değil", "tak teruk"), negated praise ("not impressed", "no me gustó", "不太满意",
"tak puas hati"), negated complaints ("no issues so far", "kein Problem", "aucun souci", "कुनै
समस्या छैन"), contrastive "but" ("great phone but the battery dies by noon", and the other way
round), leaving a brand or coming to it, "nobody answers" said ("ingen svarer", "tiada siapa
jawab"), sarcasm with a time cue ("Merci ... livraison express… en trois semaines"), and
questions with a negation ("Is there no way to ...?").

How it was labelled: litotes and negated complaints praise, positive; negated praise a
complaint, negative; praise, then "but" and a fault a complaint, negative, and a worry, then
"but" and praise, praise (what the author feels in the end); leaving a brand ("Left Brightcart
for Shopzo ... never going back") a complaint, negative, for the brand left, coming to one
("Moved my salary to @KestrelBank, never looking back") praise; thanks or praise of speed with
weeks of waiting, and "just what I needed" after a price rise, a complaint, negative; a
question with a negation a question, neutral. ``split`` fixed by the text's SHA-256 (even: dev)
before anything was run: the dev half's errors (65 posts) chose the fixes, the held half (71)
was measured before and once after, its misses never read.

The classes the dev half showed, and their fixes (the sentences of their tests were written
for the classes, not taken from the file):

- "nobody answers" said, not asked (Malay, Hindi) read neutral: ``lexicon_unanswered``
  (``test_lexicon_unanswered.py``);
- thanks or praise of speed beside weeks or months (French, Chinese, Turkish) read praise:
  ``lexicon_ironic_speed`` (``test_lexicon_ironic_speed.py``);
- negations the turning rule cannot reach: Chinese "不太满意", Malay "tak puas hati" read
  praise, Malay "tak teruk" and Nepali "कुनै समस्या छैन" blame (features v91,
  ``lexicon_negated``, ``test_lexicon_negated.py``);
- praise, then "но батарея садится к обеду" read praise (features v92, ``lexicon_battery``,
  ``test_lexicon_battery.py``).

Left (the dev half): English "Tried the new Lumo X2 for a week. Not bad at all tbh" and
"Battery was a worry but the Lumo X2 lasts two days easily" complaints (the model weighs the
English negation and the worry; VADER is positive); "Yeah great, another price rise ... Just
what I needed." and "Спасибо, ... всего месяц доставки. Молодцы." praise (sarcasm with no
word of speed or fault); "Ótimo celular mas a bateria acaba antes do almoço" praise;
"Il n'y a pas de frais ... ?" negative; Malay read Polish and Turkish, Nepali "मन परेन" Hindi.
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
    return enrich_file("enrich_negation_labelled.jsonl", 136)


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert_split_by_text(enriched, 71)


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (71 posts, its misses
    # never read): language 0.944, intent 0.817, polarity 0.817 before the fixes; 0.944,
    # 0.901, 0.930 after
    assert_at_least(half(enriched, "held"), language=0.93, intent=0.88, polarity=0.91)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (65 posts): 0.954, 0.800, 0.738 before the fixes; 0.954, 0.923, 0.908
    # after
    assert_at_least(half(enriched, "dev"), language=0.94, intent=0.9, polarity=0.89)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (3 to 9 posts a language, English 29): Malay language
    # 0.4 (the dev half's two read Polish and Turkish), Portuguese intent and polarity 0.67
    assert_every_language(enriched, 21, language=0.35, intent=0.6, polarity=0.6)
