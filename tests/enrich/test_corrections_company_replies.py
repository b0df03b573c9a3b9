"""A team's corrections win over the company-reply rule (bot/enrich/model.py
`as_company_reply`) for the posts they were made on and near-identical ones, through the
Enricher's corrections (bot/enrich/corrections.py `learn`, `Exemption`). Before, the rule read
such a post as `other` after the model had spoken, and no number of corrections changed it;
a deployment without such a correction still applies the rule to every post it takes. The
sentences were written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Author, Mention
from bot.enrich import Correction, Enricher
from bot.enrich.corrections import learn
from bot.enrich.model import shipped_model

AT = datetime(2026, 12, 1, 2, tzinfo=UTC)
# a customer quoting the canned reply without quotation marks: the rule takes it as the reply
QUOTING = ("Sorry to hear that, please DM us your order number - that's all Acme ever says. "
           "Still no refund after 3 weeks")
NEAR = [  # the same complaint from another customer, of another brand, written another way
    ("Sorry to hear that, please DM us your order number - that's all Globex ever says. "
     "Still no refund after 5 weeks"),
    ("sorry to hear that, please DM us your order number... that's all Acme ever says! "
     "still no refund after 3 weeks"),
    ("@Acme Sorry to hear that, please DM us your order number - that's all you ever say. "
     "Still no refund after 3 weeks"),
]
REPLIES = [  # a company's own replies, some with the very formula the customer quoted
    "Sorry to hear that, please DM us your order number and we'll look into it.",
    "Sorry to hear that, please DM us your order number and we'll sort out the refund.",
    "Hi Jo, we're sorry to hear that. Please DM us your booking reference and we'll look into it.",
    "Thanks so much for the kind words, we'll pass them on to the team!",
]


def mention(text: str, n: int = 1) -> Mention:
    return Mention(id=f"mastodon:{n}", network="mastodon", source="t", text=text,
                   created_at=AT, author=Author(id="a", handle="h"))


def correction(text: str, new: str, *, field: str = "intent", old: str = "other",
               minute: int = 0) -> Correction:
    return Correction(text=text, language="en", field=field, old=old, new=new,  # type: ignore[arg-type]
                      who="U-lead", at=AT.replace(minute=minute))


def labels(enricher: Enricher, text: str) -> tuple[str, str]:
    facts = enricher.facts(mention(text))
    return facts.intent(), facts.sentiment().label


def test_the_rule_takes_the_customers_post_before_any_correction() -> None:
    enricher = Enricher()
    for text in [QUOTING, *NEAR, *REPLIES[:3]]:
        assert labels(enricher, text)[0] == "other", text


def test_a_complaint_relabelled_reads_complaint_and_so_do_near_identical_posts() -> None:
    enricher = Enricher()
    replies = {t: labels(enricher, t) for t in REPLIES}

    enricher.apply_corrections([correction(QUOTING, "complaint")])

    assert labels(enricher, QUOTING) == ("complaint", "negative")
    for text in NEAR:
        assert labels(enricher, text)[0] == "complaint", text
    # the company's own replies, one with the same formula, are still the rule's
    assert {t: labels(enricher, t) for t in REPLIES} == replies
    assert all(intent == "other" for intent, _ in replies.values())


def test_a_polarity_correction_also_wins_over_the_rule() -> None:
    enricher = Enricher(corrections=[correction(QUOTING, "negative", field="polarity",
                                                old="neutral")])
    assert labels(enricher, QUOTING)[1] == "negative"
    assert labels(enricher, NEAR[0])[1] == "negative"
    assert labels(enricher, REPLIES[0])[1] == "neutral"


def test_a_later_correction_that_agrees_with_the_rule_gives_the_post_back_to_it() -> None:
    enricher = Enricher(corrections=[correction(QUOTING, "complaint")])
    assert labels(enricher, QUOTING)[0] == "complaint"
    enricher.apply_corrections([correction(QUOTING, "other", old="complaint", minute=5)])
    assert labels(enricher, QUOTING)[0] == "other"
    assert labels(enricher, NEAR[0])[0] == "other"


@pytest.mark.parametrize("text", [QUOTING, *NEAR, *REPLIES])
def test_a_correction_the_rule_agrees_with_changes_nothing_it_takes(text: str) -> None:
    # a reply corrected to `other` (what the rule gives) exempts nothing
    adjusted = learn(shipped_model(), [correction(REPLIES[0], "other", old="lead")])
    assert not adjusted.exemptions
    assert adjusted.predict(text).intent == "other"
