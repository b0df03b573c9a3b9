"""Corrections teach the deployment: a post predicted ``question`` and corrected to ``lead``
makes the next post of the same kind a lead too, end to end through the Enricher, without
costing more than a little on the held-out split."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Author, Mention
from bot.enrich import Correction, Enricher
from bot.enrich.corpus import load_corpus
from bot.enrich.corrections import learn, precision_recall
from bot.enrich.evaluate import model_scores
from bot.enrich.model import shipped_model

AT = datetime(2026, 11, 20, 12, tzinfo=UTC)
# Asking whether the product supports single sign-on: the shipped model reads these as
# questions; this deployment's sales team knows they come from companies about to buy.
ASKED = "Does Nimbus Drive support SSO with Okta?"
SIMILAR = "Does Nimbus Drive support SSO with Azure AD?"
UNRELATED = ("how do I export my boards to CSV?", "my order never arrived and support ignores me",
             "thank you so much, the support team was great")


def mention(text: str, n: int = 1) -> Mention:
    return Mention(id=f"mastodon:{n}", network="mastodon", source="t", text=text,
                   created_at=AT, author=Author(id="a", handle="h"))


def correction(text: str, new: str, *, field: str = "intent", old: str = "question",
               lang: str = "en") -> Correction:
    return Correction(text=text, language=lang, field=field, old=old, new=new,  # type: ignore[arg-type]
                      who="U-lead", at=AT)


def test_a_correction_changes_the_next_prediction_for_the_same_kind_of_post() -> None:
    enricher = Enricher()
    assert enricher.facts(mention(ASKED)).intent() == "question"
    assert enricher.facts(mention(SIMILAR, 2)).intent() == "question"
    before = {t: enricher.facts(mention(t, 3)).intent() for t in UNRELATED}

    enricher.apply_corrections([correction(ASKED, "lead")])

    assert enricher.facts(mention(ASKED, 4)).intent() == "lead"
    assert enricher.facts(mention(SIMILAR, 5)).intent() == "lead"
    assert {t: enricher.facts(mention(t, 6)).intent() for t in UNRELATED} == before


def test_corrections_given_at_start_up_are_applied() -> None:
    enricher = Enricher(corrections=[correction(ASKED, "lead")])
    assert enricher.facts(mention(SIMILAR)).intent() == "lead"
    assert enricher.base_model is shipped_model()  # the shipped weights stay as trained


def test_a_polarity_correction_in_another_language() -> None:
    text = "Ну спасибо, Сбер, опять всё работает идеально"  # sarcasm, corrected to negative
    enricher = Enricher()
    enricher.apply_corrections([correction(text, "negative", field="polarity",
                                           old="positive", lang="ru")])
    sentiment = enricher.facts(mention(text, 2)).sentiment()
    assert sentiment.label == "negative"


def test_unknown_labels_are_refused() -> None:
    with pytest.raises(ValueError):
        correction(ASKED, "purchase")


def test_corrections_cost_little_on_the_held_out_split() -> None:
    held = [p for p in load_corpus() if p.split == "held"]
    base = model_scores(shipped_model(), held)
    fixes = [correction(ASKED, "lead"), correction(SIMILAR, "lead"),
             correction("Ну спасибо, Сбер, опять всё работает идеально", "negative",
                        field="polarity", old="positive", lang="ru"),
             correction("Rapid response from the bank, sorted in minutes", "praise",
                        old="complaint")]
    adjusted = model_scores(learn(shipped_model(), fixes), held)
    assert adjusted.intent.macro_f1 >= base.intent.macro_f1 - 0.01
    assert adjusted.polarity.accuracy >= base.polarity.accuracy - 0.01


def test_precision_and_recall_on_corrected_posts() -> None:
    fixes = [correction(ASKED, "lead"), correction("my order never arrived", "complaint",
                                                   old="other"),
             correction(ASKED, "question", old="lead")]  # the latest correction wins
    results = precision_recall(fixes, shipped_model())
    intent = results["intent"]
    assert intent.total == 2 and intent.correct == 2
    assert intent.labels["question"].recall == 1.0
    assert intent.labels["complaint"].precision == 1.0
    assert results["polarity"].total == 0
