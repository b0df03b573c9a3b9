"""Praise is positive: a post the model reads praise and negative, with a word of complaint or
fault and none of praise or thanks, is a complaint (bot/enrich/model.py,
``praise_read_negative``), and a team's correction to praise still holds. The sentences were
written for these tests, not taken from a labelled set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.models import Author, Correction, Mention
from bot.enrich import Enricher
from bot.enrich.features import prepare
from bot.enrich.model import praise_read_negative
from tests.enrich.reading import predict

AT = datetime(2026, 12, 4, tzinfo=UTC)


@pytest.mark.parametrize("text", [
    # before: praise/negative ("service is" is praise in the corpus)
    "the customer service is terrible",
    "the service is so bad",
    "the website is horrible",
    "the customer service is slow",
    "the service is unacceptable",
])
def test_a_service_said_to_be_bad_is_a_complaint(text: str) -> None:
    assert predict(text) == ("complaint", "negative")


def test_praise_with_thanks_read_negative_stays_praise() -> None:
    text = "you found my lost bag, I could cry, thank you"
    assert predict(text) == ("praise", "negative")  # the model's own reading, left
    assert not praise_read_negative(prepare(text).text)


@pytest.mark.parametrize(("text", "read"), [
    ("the service is terrible", True),
    ("the service is terrible but the staff were amazing", False),  # a word of praise
    ("thanks, the service is terrible", False),  # thanks
    ("the service is", False),  # no word of complaint
])
def test_what_makes_praise_read_negative_a_complaint(text: str, read: bool) -> None:
    assert praise_read_negative(prepare(text).text) is read


def test_a_teams_correction_to_praise_holds() -> None:
    text = "the customer service is terrible"
    enricher = Enricher()
    enricher.apply_corrections([Correction(
        text=text, language="en", field="intent", old="complaint", new="praise",
        who="U-lead", at=AT)])
    facts = enricher.facts(Mention(id="mastodon:1", network="mastodon", source="t", text=text,
                                   created_at=AT, author=Author(id="a", handle="h")))
    assert facts.intent() == "praise"
    assert facts.sentiment().label == "positive"  # praise is positive
