"""A customer who would buy again (bot/enrich/lexicon_again.py, model.as_praise_to_come_back):
"10/10 would order again" is praise and positive, where the model read its "again" as a
repeat's and the post as a complaint. The sentences were written for these tests, not taken
from a labelled set (the rule came from the dev half of a fourth natural blind set)."""

from __future__ import annotations

import pytest

from bot.enrich import Enricher, features
from bot.enrich.lexicon_again import again_as_praise


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher()


# each read as a complaint (or `other`) before the rule (2026-12-05)
@pytest.mark.parametrize("text", [
    "would buy again",
    "10/10 would order again",
    "The garlic knots were unreal. 10/10 would order again",
    "will definitely be ordering again from Crustino",
    "picked up the van at 8, dropped it at 6, would rent again",
    "tried the new noodle bar on Elm St, would eat there again",
])
def test_a_customer_who_would_buy_again_is_praise(enricher: Enricher, text: str) -> None:
    assert again_as_praise(features.prepare(text).text)
    prediction, _ = enricher.predict(text, "en")
    assert (prediction.intent, prediction.polarity) == ("praise", "positive"), text


@pytest.mark.parametrize("text", [
    "10/10 would starve again",  # no verb of buying: the corpus's sarcasm
    "would NOT buy again, broke after a week",  # a negation between
    "would order again if they ever actually delivered",  # a condition
    "I would order again but the app keeps crashing at checkout",  # a contrast
    "would you order again after last week",  # asked
    "waited 2 hours for a cold pizza, would order again 🙃",  # an emoji
    "charged twice, would order again lol",  # a fault beside it
    # a reviewer's probes (2026-12-05), each taken by the rule's first version: another's
    # words, sarcasm's opening, harm beside it, a replacement
    "To everyone saying they would fly again with Ryanair, check your bank statement first",
    "Boss says we'll fly again with them for the conference, I'm dreading it",
    "Yeah I'll totally fly with them again. Right after I get my luggage back from Lisbon",
    "Food poisoning from the sushi platter. Would definitely eat there again, what a thrill",
    "Second charger died in a month. I will buy again from a different store",
])
def test_a_wish_to_come_back_that_says_more_is_left_to_the_model(text: str) -> None:
    assert not again_as_praise(features.prepare(text).text)


def test_a_teams_correction_wins_over_the_rule() -> None:
    """A team that reads "would order again" as a sarcastic complaint is heard
    (bot/enrich/corrections.py ``Exemption``)."""
    from datetime import UTC, datetime

    from bot.enrich import Correction

    text = "would order again from Crustino, sure"
    at = datetime(2026, 12, 5, 21, tzinfo=UTC)
    enricher = Enricher()
    assert enricher.predict(text, "en")[0].intent == "praise"
    enricher.apply_corrections([Correction(text=text, language="en", field="intent",
                                           old="praise", new="complaint", who="U-cs", at=at)])
    assert enricher.predict(text, "en")[0].intent == "complaint"
