"""A coffee or a lunch told in passing (bot/enrich/lexicon_errand.py, lexicon.passing_errand) is
a passing mention, other and neutral; with a word of how it went, a count of minutes or a
question it is more, and the model reads it. The sentences were written for these tests, not
taken from a labelled set (the rule came from the dev half of tests/data/blind_mixed15.tsv)."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher, features
from bot.enrich.lexicon import passing_errand
from bot.enrich.model import as_passing_errand, shipped_model


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


# each read as praise, a complaint or with a polarity before the rule (2026-12-05), but the
# fourth (right before too: its time of day is no count of minutes)
@pytest.mark.parametrize(("language", "text"), [
    ("en", "coffee break at Kobble ☕"),
    ("en", "on my way to work, stopping at Kobble"),
    ("en", "quick bite at Dishoo before my flight"),
    ("en", "grabbing a coffee at Kobble before the 8:30 standup"),
    ("es", "tomando un café en Kobble después del trabajo"),
    ("it", "pranzo al volo da Kobble prima del lavoro"),
    ("nl", "even koffie halen bij Kobble voor het werk"),
    ("zh", "下班后去Kobble喝咖啡"),
    ("ko", "퇴근길에 Kobble 들렀다"),
])
def test_a_coffee_or_a_lunch_in_passing_is_other_and_neutral(
        enricher: Enricher, language: str, text: str) -> None:
    assert passing_errand(features.prepare(text).text)
    prediction, _ = enricher.predict(text, language)
    assert (prediction.intent, prediction.polarity) == ("other", "neutral"), text


@pytest.mark.parametrize("text", [
    "grabbing coffee at Kobble before work, love this place",  # praise
    "Kobble's app crashed on my way to work",  # a fault
    "on my way home and Dishoo cancelled my order for the third time",
    "antes del trabajo pedí en Dishoo y nunca llegó",  # a negation
    "can I order ahead at Kobble before work?",  # asked
    "waited 20 minutes for a quick coffee at Kobble",  # a count of minutes
    "quick lunch at Kobble before the meeting took 40 minutes",
    "quick coffee at Kobble, terrible service",
    # a clause of four words or more beside the errand (each read other/neutral without it)
    "grabbing coffee at Kobble before work, the barista remembered my name",
    "coffee break at Kobble, obsessed with their oat latte",
    "getting coffee at Kobble after work, line out the door as usual",
])
def test_an_errand_that_says_more_is_no_passing_mention(text: str) -> None:
    assert not passing_errand(features.prepare(text).text)


def test_an_english_errand_that_says_how_it_went_is_left_to_the_model(
        enricher: Enricher) -> None:
    """No concept's word in "so good": VADER's compound (0.58) says it is praise."""
    text = "quick lunch at Kobble before the meeting so good"
    assert passing_errand(features.prepare(text).text)
    prediction, vader = enricher.predict(text, "en")
    assert vader is not None and vader > 0.3
    assert (prediction.intent, prediction.polarity) == ("praise", "positive")


def test_spam_read_by_the_model_stays_spam() -> None:
    spam = shipped_model().predict("free Kobble gift cards, click https://kobble-gifts.example.xyz")
    assert spam.intent == "spam"
    assert as_passing_errand(spam) == spam
    praise = shipped_model().predict("quick lunch at Kobble")
    assert (as_passing_errand(praise).intent, as_passing_errand(praise).polarity) == (
        "other", "neutral")


def test_a_teams_correction_wins_over_the_rule() -> None:
    """A team that calls a passing mention praise is heard, as against the company-reply rule
    (bot/enrich/corrections.py ``Exemption``); a correction that agrees leaves the rule."""
    from datetime import UTC, datetime

    from bot.enrich import Correction

    text = "quick bite at Dishoo before my flight"
    at = datetime(2026, 12, 5, 14, tzinfo=UTC)
    enricher = Enricher()
    assert enricher.predict(text, "en")[0].intent == "other"
    enricher.apply_corrections([Correction(text=text, language="en", field="intent",
                                           old="other", new="praise", who="U-lead", at=at)])
    assert enricher.predict(text, "en")[0].intent == "praise"
    agreeing = Enricher(corrections=[Correction(text=text, language="en", field="polarity",
                                                old="positive", new="neutral", who="U-lead",
                                                at=at)])
    prediction, _ = agreeing.predict(text, "en")
    assert (prediction.intent, prediction.polarity) == ("other", "neutral")
