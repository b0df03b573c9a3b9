"""Words of feeling that are not the author's about the brand (bot/enrich/lexicon_frames.py):
wishes in the conditional and the formulas of a company's reply; and Hebrew entries ending in a
letter's final form (bot/enrich/lexicon.py). The sentences were written for these tests, not
taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich import features, lexicon
from bot.enrich.corpus import Post, load_corpus
from bot.enrich.lexicon import concept_counts
from tests.enrich.reading import count


@pytest.mark.parametrize(("wish", "praise"), [
    ("Would be great if the Acme app let me pause a delivery", "The Acme app is great"),
    ("it'd be great if Acme showed the data I have left", "Acme support was great today"),
    ("Ce serait top si l'appli Acme affichait les horaires", "L'appli Acme est top"),
    ("Sería genial que Acme dejara elegir asiento", "Acme es genial"),
    ("Wäre super, wenn man bei Acme die Lieferzeit planen könnte", "Acme ist super"),
    ("Byłoby super, gdyby Acme dodało filtr miejsc przy oknie", "Acme jest super"),
    ("Acme uygulamasına karanlık mod gelse çok iyi olur", "Acme uygulaması çok iyi"),
    ("Zou fijn zijn als Acme een maandoverzicht had", "Acme is fijn"),
])
def test_a_word_of_praise_in_a_wish_is_not_praise(wish: str, praise: str) -> None:
    # before: "would be great if ..." counted "great" as "the app is great" does, and wishes
    # came out praise
    assert count(wish, "positive") == 0, wish
    assert count(praise, "positive") > 0, praise


@pytest.mark.parametrize(("reply", "customer"), [
    ("Sorry for the inconvenience, and thank you for your patience.",
     "Thanks for the quick fix, Acme!"),
    ("Przepraszamy za utrudnienia, dziękujemy za cierpliwość.",
     "Dziękuję za szybką pomoc!"),
    ("Lamentamos las molestias, gracias por tu paciencia.", "¡Gracias por la ayuda, Acme!"),
    ("Bedankt voor je bericht, sorry voor het ongemak.", "Bedankt voor de snelle hulp!"),
])
def test_the_formulas_of_a_company_reply_are_not_the_authors_feelings(
        reply: str, customer: str) -> None:
    # before: a company's apology counted as the author's complaint and its thanks as praise
    for concept in ("thanks", "negative", "positive"):
        assert count(reply, concept) == 0, (reply, concept)
    assert count(customer, "thanks") > 0, customer


def test_hebrew_entries_match_their_feminine_and_plural() -> None:
    # "מושלם" (perfect) ends in a final mem; before, "מושלמת" and "פגומה" (damaged) matched no
    # entry, since their mem is the usual one
    assert count("החוויה הייתה מושלמת", "positive") == 1
    assert count("השירות היה מושלם", "positive") == 1
    assert count("הקופסה הגיעה פגומה", "fault") == 1
    assert count("המוצר הגיע פגום", "fault") == 1


@pytest.fixture(scope="module")
def corpus() -> list[Post]:
    return load_corpus()


def test_no_frame_occurs_in_a_corpus_post(corpus: list[Post],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The model was trained before the frames: a corpus post with one would have other
    features than the weights saw. None has, so the weights are exact; a frame that matched
    one (Ukrainian "дякуємо за звернення" in a customer's quote of a bank's reply, Chinese
    "给您带来不便" in a bank's notice) was left out."""
    with_frames = [concept_counts(features.prepare(p.text).text) for p in corpus]
    monkeypatch.setattr(lexicon, "WISHES", {})
    monkeypatch.setattr(lexicon, "REPLIES", {})
    lexicon._automaton.cache_clear()
    try:
        changed = [p.text for p, counts in zip(corpus, with_frames, strict=True)
                   if concept_counts(features.prepare(p.text).text) != counts]
    finally:
        monkeypatch.undo()
        lexicon._automaton.cache_clear()
    assert changed == []
