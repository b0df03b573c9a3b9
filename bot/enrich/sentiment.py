"""Sentiment that knows its limits: VADER for English only (its lexicon is English); every other
language gets an explicit ``unknown`` rather than a confident wrong number. The analyzer is
built once per process, on first use."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from bot.core.models import Sentiment

THRESHOLD = 0.05  # VADER's own cut-offs for positive / negative


class SentimentScorer:
    languages = frozenset({"en"})

    @cached_property
    def _vader(self) -> Any:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        return SentimentIntensityAnalyzer()

    def score(self, text: str, language: str | None) -> Sentiment:
        if language not in self.languages:
            return Sentiment(label="unknown", method="none")
        compound = float(self._vader.polarity_scores(text)["compound"])
        label = ("positive" if compound >= THRESHOLD else
                 "negative" if compound <= -THRESHOLD else "neutral")
        return Sentiment(compound=round(compound, 4), label=label, method="vader")
