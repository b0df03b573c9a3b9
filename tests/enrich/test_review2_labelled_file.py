"""A second review's labelled file (2026-12-06): 202 short customer posts written before
``bot/enrich`` and the project's corpora were read (only the intent names of
docs/intelligence.md), in English (28), Spanish, Portuguese, French and German (15 each),
Italian, Dutch, Japanese, Hindi (Devanagari and Hinglish), Arabic, Indonesian, Turkish and
Polish (14 each), and 2 of emoji alone (no language), about a fictional brand: complaints
(sarcasm with and without a mark, churn, typos, calm claims with an amount), questions and
requests for a DM, praise (litotes: "nicht schlecht", "nie jest źle"), leads, spam and news
(fines, recalls, openings); some code-switched. `tests/fixtures/enrich_review2_labelled.jsonl`,
in the format `socialops enrich` reads, with an ``id``; ``split`` alternates per language, each
language starting on the other half than the one before it: the dev half's errors chose the
fixes below, the held half was not read for them.

The classes the dev half showed, and their fixes (the sentences of the tests below were
written for the classes, not taken from the file):

- a double charge with its amount written with a decimal point ("charged $49.99 twice"):
  the point split the clause, so "charged" and "twice" were in two clauses and the post was
  no double charge (``lexicon_charges``), read neutral;
- praise by litotes with a verb between the negation and "bad" ("nie jest źle", "não está
  mal", "non è male"): the phrase was listed only without the verb, and the post read as a
  complaint;
- news of a fine, a penalty or a recall read ``other`` but neutral, in every language
  (``lexicon_penalty``, ``model.as_bad_news``): the label definitions make it negative;
- sarcasm without a mark, praise of a long wait ("love waiting 2 hours on hold", "me encanta
  esperar 2 horas"), read as praise (``lexicon_wait``);
- Hinglish counting the times ("teesri baar order cancel") read as Dutch, Indonesian without
  slang ("Pelayanannya ramah dan cepat") as Malay, Brazilian text-speak ("pq o app ta travando
  td hora??") as Italian (``language``).

The dev half's gains were 3 language, 2 intent and 6 polarity; the held half's one polarity
(a fine in Indonesian): the language words fixed no held post (its Hinglish and Indonesian
misses have none of them), a sign they are narrower than the classes they name. Left, in both
halves: a customer asking for a DM about their own errand ("please DM me, I need to change my
address", "Proszę o kontakt na priv") read as spam, lead or ``other`` (the corpus's phishing
asks for a DM in the same words); sarcasm without a mark ("never lets me down lol, 4th outage
this week"); questions about a discount or a plan read as leads; calm factual complaints read
neutral, which the corpus's labelling guidelines make neutral too.
"""

from __future__ import annotations

import pytest

from bot.enrich import features
from bot.enrich.language import LanguageDetector
from bot.enrich.lexicon_charges import charge_complaint
from tests.enrich.reading import predict
from tests.support.labelled import (
    Row,
    assert_at_least,
    assert_every_language,
    enrich_file,
    half,
)


@pytest.fixture(scope="module")
def enriched() -> list[Row]:
    return enrich_file("enrich_review2_labelled.jsonl", 202)


def test_the_split_is_fixed_by_id(enriched: list[Row]) -> None:
    ids = [gold["id"] for gold, _ in enriched]
    assert ids == list(range(1, 203))
    assert sum(gold["split"] == "held" for gold, _ in enriched) == 101


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-06 through `socialops enrich`, the held half (101 posts, never read to
    # choose a fix): language 0.980, intent 0.891, polarity 0.970 before the fixes; 0.980,
    # 0.891, 0.980 after (a fine in Indonesian read negative)
    assert_at_least(half(enriched, "held"), language=0.96, intent=0.87, polarity=0.95)


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (101 posts): 0.960, 0.911, 0.921 before the fixes; 0.990, 0.931, 0.980 after
    assert_at_least(half(enriched, "dev"), language=0.97, intent=0.91, polarity=0.96)


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (14 or 15 posts a language, English 28): Hindi intent
    # 0.86 (12 of 14), Indonesian language 0.86, English intent 0.82 (23 of 28) and polarity
    # 0.89
    assert_every_language(enriched, 14, language=0.8, intent=0.75, polarity=0.85)
    # (13 languages and "und")


@pytest.mark.parametrize("text", [
    "you charged me $12.50 twice for one ticket",
    "Kestrel billed me £7.99 twice this month",
    "mi avete addebitato 9.99 euro due volte",
    "Saldo saya terpotong Rp75.000 dua kali",
    "bana 1.299 TL iki kez çekildi",
])
def test_a_double_charge_with_a_decimal_point_is_one_clause(text: str) -> None:
    assert charge_complaint(features.prepare(text).text)
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "you charged me $12.50 for one ticket. Twice the price of the bus",
    "charged $5. Twice as fast as last year",
])
def test_a_full_stop_after_a_number_still_ends_a_clause(text: str) -> None:
    assert not charge_complaint(features.prepare(text).text)


@pytest.mark.parametrize("text", [
    "nie było źle, kurier przyjechał na czas",
    "nie jest źle, aplikacja działa szybko",
    "não está mal, chegou no prazo",
    "non è male, arrivato in tempo",
    "no es malo, llegó a tiempo",
])
def test_litotes_with_a_verb_between_is_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    "Kestrel hit with record fine from EU regulators",
    "Il Garante privacy sanziona Kestrel con una multa",
    "غرامة مالية على شركة Kestrel بسبب تسريب بيانات",
    "Kestrel fined €2m over misleading ads",
    "金融庁、Kestrelに課徴金",
])
def test_news_of_a_fine_is_negative(text: str) -> None:
    assert predict(text) == ("other", "negative")


@pytest.mark.parametrize("text", [
    "Kestrel names new CEO",
    "Kestrel lança novo plano de fibra",
    "the new Kestrel app works fine for me",
])
def test_news_without_a_fine_is_not_made_negative(text: str) -> None:
    assert predict(text)[1] != "negative"


@pytest.mark.parametrize("text", [
    "doosri baar delivery late",
    "Kestrel wale sun lo, teesri baar call drop",
    "ek baar aur try karo",
    "dobara payment fail ho gaya",
])
def test_hinglish_counting_the_times(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text, None)[0] == "hi"


@pytest.mark.parametrize("text", [
    "Pelayanannya ramah dan cepat, recommended!",
    "Sinyal hilang terus dari pagi",
    "Paketnya belum sampai, pengiriman lama sekali",
    "Akun saya diblokir tanpa alasan",
])
def test_indonesian_without_slang_is_not_malay(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text, None)[0] == "id"


@pytest.mark.parametrize("text", [
    "Perkhidmatan pelanggan sangat teruk, tak guna langsung",
    "Bil elektrik bulan ini mahal sangat",
])
def test_malay_stays_malay(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text, None)[0] == "ms"


@pytest.mark.parametrize("text", [
    "love waiting 3 hours on hold with Kestrel",
    "me encanta esperar 2 horas al teléfono con Kestrel",
    "j'adore attendre 2h au téléphone avec Kestrel",
    "ich liebe es, 2 Stunden in der Kestrel-Warteschleife zu hängen",
    "adoro aspettare 2 ore al telefono con Kestrel",
    "uwielbiam czekać 2 godziny na infolinii Kestrel",
    "suka banget nunggu 2 jam di CS Kestrel",
])
def test_praise_of_a_long_wait_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "only waited 5 minutes, love Kestrel's support",
    "Kestrel fixed it within an hour, thank you so much!",
    "waited 2 hours but Kestrel sorted everything, thanks!",
    "love my Kestrel watch, battery lasts 5 days",
])
def test_a_short_wait_or_a_fix_is_still_praise(text: str) -> None:
    assert predict(text) == ("praise", "positive")


@pytest.mark.parametrize("text", [
    "vc sabe se o app ta fora do ar?",
    "blz, obg pela ajuda",
    "app travou dnv, vcs podem ver?",
])
def test_portuguese_text_speak(detector: LanguageDetector, text: str) -> None:
    assert detector.detect(text, None)[0] == "pt"
