"""Sentiment of a post in every language the model knows, from its polarity probabilities.

The embedded model (``bot/enrich/model.py``) gives P(negative), P(neutral), P(positive). The
label is the likeliest polarity, or ``unknown`` when even that is below ``UNKNOWN_BELOW``: a
team can trust a label, and an honest "don't know" beats a coin toss. The compound score is
P(positive) - P(negative); for English it is averaged with VADER's compound, which also feeds
the model as a feature (VADER knows intensifiers and negation the corpus is too small to
teach), unless the average would contradict the label: then the model's score stands.
``method`` says which: ``model``, ``model+vader`` or ``emoji`` (``bot.enrich.emoji``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from bot.core.models import Sentiment, SentimentLabel
from bot.enrich.features import MAX_CHARS
from bot.enrich.model import Prediction

UNKNOWN_BELOW = 0.45
VADER_SHARE = 0.5  # of the English compound score


@cache
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@cache
def _valued() -> tuple[dict[str, float], frozenset[str], Callable[[str], str]]:
    """VADER's lexicon, the characters it reads as emoji (it replaces each with its
    description, whose words may be in the lexicon), and its own reading of a word."""
    from vaderSentiment.vaderSentiment import SentiText

    analyzer = _vader()
    return (analyzer.lexicon, frozenset(e for e in analyzer.emojis if len(e) == 1),
            SentiText._strip_punc_if_word)


def _no_valued_word(text: str) -> bool:
    """VADER gives a word a valence only when the word (as it reads it: stripped of
    punctuation, lower case) is in its lexicon; boosters, negations, "but" and punctuation
    only scale such a valence. So a post with no emoji VADER describes and no lexicon word
    has every valence 0 and a compound of exactly 0.0 (about half the English posts of the
    corpus), and VADER's loop over its words need not run."""
    lexicon, emoji, read = _valued()
    return emoji.isdisjoint(text) and not any(read(w).lower() in lexicon for w in text.split())


def vader_compound(text: str) -> float:
    """VADER's compound score (English lexicon), built once per process, of what the model
    reads of a post (its first ``MAX_CHARS``): VADER's Python loop over a 20,000-character
    post would hold the event loop for a third of a second."""
    text = text[:MAX_CHARS]
    if _no_valued_word(text):
        return 0.0
    return float(_vader().polarity_scores(text)["compound"])


def sentiment_of(prediction: Prediction, *, vader: float | None) -> Sentiment:
    """The ``Sentiment`` record for a model prediction (``vader``: for English posts)."""
    if prediction.polarity_confidence < UNKNOWN_BELOW:
        return Sentiment(label="unknown", method=prediction.method)
    compound = prediction.polarity_score
    method = prediction.method
    if vader is not None:
        blended = (1 - VADER_SHARE) * compound + VADER_SHARE * vader
        # VADER refines the strength but never turns the side the label says ("negative
        # +0.35" on a sarcastic post VADER took at its word): then the model's score stands
        side = {"negative": -1, "positive": 1}.get(prediction.polarity, 0)
        if side * blended >= 0:
            compound = blended
        method = "model+vader"
    label: SentimentLabel = prediction.polarity  # type: ignore[assignment]
    return Sentiment(compound=round(compound, 4), label=label, method=method)
