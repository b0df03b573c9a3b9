"""A post the model reads as praise, positive, that tells a fault the lexicon had no word for
(a device that hangs, ``lexicon_hang``; a card refused, ``lexicon_declined``) is made a
complaint, negative, after the model. Until 2026-12-07 its negative took the share the model
gave neutral, a praise's few hundredths, so the enrichment's sentiment was "unknown" (under
``sentiment.UNKNOWN_BELOW``) for the very posts the rule was for: "great, my ... card got
declined at the hotel" read negative 0.04; a ninth review's dev half had a Malay one. Now its
feeling is turned as a sarcastic complaint's: as sure of the blame as the model was of the
praise. The sentences were written for the class."""

from __future__ import annotations

import pytest

from bot.enrich.model import shipped_model
from bot.enrich.sentiment import UNKNOWN_BELOW, sentiment_of


@pytest.mark.parametrize("text", [
    "great, my Veltro card got declined at the hotel with money in the account",
    "Kad Veltro saya ditolak di kedai padahal ada duit, hebat betul bank ni",
    "Kartu Veltro saya ditolak di kasir padahal saldo cukup, mantap",
    "my Zentro phone keeps hanging since the update, amazing work 😍",
    "Zentro ka phone bahut hang ho raha hai, mast phone hai 😂",
])
def test_the_complaint_is_surely_negative(text: str) -> None:
    got = shipped_model().predict(text)
    assert (got.intent, got.polarity) == ("complaint", "negative")
    assert got.polarity_confidence >= UNKNOWN_BELOW
    assert sentiment_of(got, vader=None).label == "negative"
