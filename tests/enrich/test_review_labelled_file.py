"""A review's labelled file (2026-12-06): 256 customer posts written before the project's
corpora, lexicons and model were read (only docs/intelligence.md and the corpus README's
labelling guidelines), in English, Spanish, Portuguese, French, German, Italian, Polish,
Turkish, Japanese, Arabic, Hindi (Devanagari and Hinglish) and Indonesian (21 each) and 4 of
no language (a handle and emoji), about fictional banks, telcos, airlines, shops and couriers:
complaints (sarcasm, rhetorical "why", formal claim numbers), questions, praise (litotes,
slang), leads, phishing and follower spam, news, job ads and chatter; typos, @handles,
hashtags, links and emoji. `tests/fixtures/enrich_review_labelled.jsonl`, in the format
`socialops enrich` reads (its `label_*` fields are not read by it), `split` alternating per
language: the dev half's errors chose the fixes below, the held half was never read for them.

The classes the dev half showed, and their fixes (general; the sentences of the tests below
were written for them, not taken from the file):

- a failure denied is praise ("nunca me falla", "never let me down", "nigdy mnie nie
  zawiódł"): the negation stood before a word of fault, which no negation turns, so such praise
  read as a negative complaint (``lexicon_plain.NEVER_FAILS``);
- Hinglish asking or buying with English nouns ("office ke liye 20 connection chahiye",
  "koi batayega kya ... card abroad chalta hai?") had one Hindi word the detector knew, and
  read as Tagalog, Finnish or French (``language``: "liye", "chahiye", "kitne", ...);

and a control written to probe the first fix, a fix that never came ("Kestrel never fixed my
line"), read as positive praise (``lexicon_plain.UNFIXED``).
"""

from __future__ import annotations

import pytest

from bot.enrich.language import LanguageDetector
from tests.enrich.reading import count, predict
from tests.support.labelled import (
    Row,
    assert_at_least,
    assert_every_language,
    enrich_file,
    half,
)


@pytest.fixture(scope="module")
def enriched() -> list[Row]:
    return enrich_file("enrich_review_labelled.jsonl", 256)


def test_the_labelled_file_overall(enriched: list[Row]) -> None:
    # measured 2026-12-06 through `socialops enrich`: before the fixes language 0.969, intent
    # 0.922, polarity 0.883; after them 0.977, 0.926, 0.887 (docs/intelligence.md)
    assert_at_least(enriched, language=0.95, intent=0.90, polarity=0.86)


def test_the_labelled_file_held_half(enriched: list[Row]) -> None:
    # the held half (122 posts), never read to choose a fix: 0.984, 0.902, 0.836 before and
    # after the fixes alike (it holds no post of their classes but one, still wrong: below)
    assert_at_least(half(enriched, "held"), language=0.96, intent=0.87, polarity=0.80)


def test_the_labelled_file_in_every_language(
        enriched: list[Row]) -> None:
    # lowest measured: Hindi language 0.81 (Hinglish), Italian intent 0.86, Indonesian and
    # Italian polarity 0.76
    assert_every_language(enriched, 13, language=0.75, intent=0.80, polarity=0.70)


@pytest.mark.parametrize("text", [
    "Four years with Pelvo and it has never let me down",
    "my Pelvo kettle never fails me",
    "Llevo años con Pelvo y nunca me ha fallado",
    "Pelvo nunca me deixou na mão",
    "Mon routeur Pelvo ne m'a jamais lâché",
    "Pelvo hat mich noch nie im Stich gelassen",
    "Uso Pelvo da anni, non mi ha mai deluso",
    "Pelvo nigdy mnie nie zawiódł",
    "Pelvo laat me nooit in de steek",
    "Pelvo ни разу не подвёл",
    "pake Pelvo 2 taun gak pernah gagal",
])
def test_a_failure_denied_is_praise(text: str) -> None:
    assert count(text, "fault") == 0
    assert predict(text) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    "Pelvo never fails to disappoint 🙄",  # a failure that always comes
    "Pelvo never fixed my line and never called back",
    "the update didn't fix the login loop, Pelvo",
])
def test_a_failure_that_comes_or_a_fix_that_never_did_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "shop ke liye 5 printer chahiye, Pelvo ka rate kitna hai?",
    "koi batao Pelvo ka plan kitne ka hai",
    "mujhe Pelvo ka refund chahiye yaar",
])
def test_hinglish_asking_with_english_nouns(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text, None)[0] == "hi"


# Left (the file's misses after the fixes, by kind; one or two posts each unless said):
# formal claim numbers told calmly read negative (4 of 12: en es fr tr ar), news of a fine
# outside English read neutral or unknown (pt it ar id), sarcasm with an angry emoji or "complimenti
# eh" read as praise (es it), thanks-sarcasm in Turkish with praise after it ("harikasınız 👏"),
# rhetorical "why" in Japanese and Hinglish read as questions, a brand holding a word of praise
# ("Hızlınet": hızlı, fast), slang praise ("a internet tá voando 🚀") a complaint, calm news
# and chatter in German and Italian of `unknown` polarity, Hinglish news naming an English
# "fine" ("RBI ne 2 crore ka fine lagaya ... ke liye") Somali, a short Devanagari question
# Marathi, a short French post ("trop bien la fibre Fibrea 🔥") Spanish.
