"""Words that begin like another language's stem are not that stem (``lexicon.LOOKALIKES``):
the automaton reads every language's entries in every post, so German "beste" was found in
"Bestellung" (an order), French "bug" in Turkish "bugün" (today) and "баг" in Ukrainian
"багато" (many). The sentences were written for these tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher, features
from bot.enrich.lexicon import (
    CONCEPT_NAMES,
    accented_twins,
    concept_hits,
    concept_tally,
)
from tests.enrich.reading import count


@pytest.mark.parametrize(("concept", "other_word", "the_word"), [
    ("positive", "Meine Bestellung ist seit zwei Wochen nicht da", "Das beste Paket bisher"),
    ("positive", "Das Problem besteht weiterhin", "Der beste Support"),
    ("positive", "I asked for a supervisor twice", "super fast delivery"),
    ("positive", "Acme delivery from the supermarket was late", "Acme ist super"),
    ("positive", "Entrega do supermercado atrasada", "Acme est super"),
    ("positive", "Superonline yine kesildi", "Acme süper"),
    ("negative", "Płacę za Acme co miesiąc", "Der Service von Acme ist mies"),
    ("negative", "Acme w moim mieszkaniu nie działa", "Miese Qualität bei Acme"),
    ("positive", "Acme 3 milyon kullanıcıya ulaştı", "Bardzo miły pan z Acme"),
    ("fault", "Bugün Acme'den sipariş verdim", "L'appli Acme bug encore"),
    ("fault", "В Acme багато нових тарифів", "В Acme знову баги"),
    ("fault", "Acme доставили багаж вовремя", "Опять баг в приложении Acme"),
    ("negative", "Acme sınırsız paket fiyatı nedir", "Acme yüzünden sinir oldum"),
    ("spam_money", "Acme kargo nerede", "Günde 500 TL kar garantili"),
    ("price", "Acme ne zaman açılıyor", "Acme'ye yine zam geldi"),
    ("question", "Quelqu'un chez Acme a répondu", "Quel forfait Acme choisir"),
    ("resolved", "Спасибо, Acme", "Acme спасли мой заказ"),
    ("family", "Acme, который я купил", "Мой кот любит Acme"),
    ("spam_growth", "Reklamacja w Acme od miesiąca bez odpowiedzi", "Acme reklam satın al"),
    ("why", "Arıza nedeniyle Acme kapalı", "Acme neden çalışmıyor"),
])
def test_a_word_that_only_begins_like_a_stem_is_not_it(concept: str, other_word: str,
                                                        the_word: str) -> None:
    # before: each post on the left counted the concept once (its first word of the pair)
    assert count(other_word, concept) == 0, other_word
    assert count(the_word, concept) > 0, the_word


@pytest.mark.parametrize(("other_phrase", "the_word"), [
    ("Pappa köpte sin nya dator hos Acme, smidigt", "Acme me dejó sin internet"),
    ("Hun glemte sin jakke i Acme-butikken", "Tres días sin señal de Acme"),
    ("Han ringte sin bank om Acme-kortet", "Acme sin respuesta desde el lunes"),
])
def test_a_phrase_of_another_language_hides_the_entry_it_ends_in(other_phrase: str,
                                                                  the_word: str) -> None:
    # Swedish, Danish and Norwegian "sin" (her, his own) is no Spanish "sin" (without):
    # before, each post on the left held a negation (``lexicon.OTHER_PHRASES``)
    assert count(other_phrase, "negation") == 0, other_phrase
    assert count(the_word, "negation") > 0, the_word


@pytest.mark.parametrize("text", [
    "No subtitles on half the catalogue, I'm deaf, that's the show gone for me",
    "the whole show is useless to me now",
    "my favourite show stops every 5 minutes",
    "Lumeo removed the TV show I was halfway through",
])
def test_an_english_show_is_no_brazilian_praise(text: str) -> None:
    # Brazilian "show" (great) was found in each (``lexicon.OTHER_PHRASES``)
    assert count(text, "positive") == 0, text


def test_brazilian_show_is_still_praise() -> None:
    for text in ("o atendimento foi show", "entrega show de bola", "show demais, chegou rápido"):
        assert count(text, "positive") >= 1, text


def test_an_english_complaint_about_a_show_is_no_praise() -> None:
    # before (features v20): praise, negative and praise, positive
    enricher = Enricher()
    for text in ("The new app dropped the audio descriptions, I'm blind and the whole show is "
                 "useless to me now", "@Lumeo my favourite show stops every 5 minutes"):
        prediction, _ = enricher.predict(text, "en")
        assert (prediction.intent, prediction.polarity) == ("complaint", "negative"), text


def test_swedish_praise_with_sin_is_not_turned_into_a_complaint() -> None:
    # before: "sin" negated "snabbt" (fast), and the post came out praise/negative
    prediction, _ = Enricher().predict("Mormor fick sin beställning snabbt, toppen", "sv")
    assert prediction.polarity == "positive"


def twin_count(text: str, concept: str) -> int:
    """``concept``'s count in ``text`` as the model's cues read it: with its accented twins."""
    folded = features.prepare(text).text
    hits = concept_hits(folded, accented_twins(text, folded))
    return concept_tally(hits)[CONCEPT_NAMES.index(concept)]


@pytest.mark.parametrize(("concept", "twin", "the_word"), [
    ("negative", "J'ai hâte de tester la nouvelle version !", "I hate this update"),
    ("negative", "Trop hâte que Lumo sorte le mode hors ligne", "hate the new Lumo layout"),
    ("fault", "Budget ca. 900 € pro Stück, Kernwerk?", "Lumo app stuck on the splash screen"),
    ("fault", "Acme löst das Problem in zwei Minuten", "Acme lost my parcel"),
    ("fault", "Fél óra alatt megjött az Acme csomag", "Acme appen är fel igen"),
    ("fault", "Acme stále funguje skvěle", "stale bread from Acme again"),
    ("negation", "Acme chạy nhanh hơn, bản nào cũng tốt", "Acme não é bom"),
    ("negation", "Acme nó tốt lắm", "no good at all, Acme"),
    ("negation", "Chegou rápido, né? Acme bom", "Acme ne marche pas"),
    # Hungarian "után" (after) is no Swedish "utan" (without) nor Turkish "utan" (be ashamed)
    ("negation", "Fél év után is tökéletes a Kettlo vízforralóm", "Appen kraschar utan anledning"),
    ("negative", "Egy hét után megjött az Acme csomag", "Utan Acme, utan!"),
])
def test_an_accented_word_of_another_language_is_not_the_entry_it_folds_to(
        concept: str, twin: str, the_word: str) -> None:
    # fold strips the accent: before, each post on the left counted the concept once
    # (``lexicon.ACCENTED_TWINS``)
    assert twin_count(twin, concept) == 0, twin
    assert twin_count(the_word, concept) > 0, the_word


def test_a_twin_beside_its_plain_form_hides_only_itself() -> None:
    # the words that fold alike are paired in order: "hate" is still the English word
    text = "J'ai hâte, mais I hate the old version"
    folded = features.prepare(text).text
    assert list(accented_twins(text, folded).items()) == [(5, 8)]
    assert twin_count(text, "negative") == 1


def test_an_eager_french_post_is_no_complaint_and_an_english_hate_is() -> None:
    # before (features v57): 'J'ai hâte de tester ...' read complaint
    enricher = Enricher()
    prediction, _ = enricher.predict("J'ai hâte de tester la nouvelle version !", "fr")
    assert prediction.intent != "complaint"
    assert prediction.polarity != "negative"
    prediction, _ = enricher.predict("I hate this update", "en")
    assert (prediction.intent, prediction.polarity) == ("complaint", "negative")


@pytest.mark.parametrize("text", [
    "J'ai hate de tester la nouvelle version de Lumo !",
    "Trop hate de voir le mode hors ligne de Nimbly",
    "jai hate que ca sorte",
    "Tellement hate 😍",
])
def test_french_hate_typed_without_its_accent_is_no_english_hate(text: str) -> None:
    # "j'ai hâte" typed on a phone without the circumflex: before (features v59), "hate"
    # counted as a word of negative, and the first read complaint
    assert twin_count(text, "negative") == 0, text
    assert twin_count("I hate this update", "negative") == 1


def test_hungarian_praise_after_a_while_is_not_negated() -> None:
    # before (features v58): "után" read as the negation "utan", and "tökéletes" (perfect),
    # negated, as a word of complaint: complaint/negative
    text = "Fél év után is tökéletes a Kettlo vízforralóm."
    assert twin_count(text, "negative") == 0
    assert twin_count(text, "positive") == 1


def test_swedish_lag_nere_is_still_down() -> None:
    # "låg" is Swedish for low, but also lay: "sajten låg nere" (the site was down) is a fault
    text = "Sajten låg nere i en timme"
    assert accented_twins(text, features.prepare(text).text) == {}
    assert twin_count(text, "fault") == count(text, "fault") >= 1
