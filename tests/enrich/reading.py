"""How the enrichment tests read a post: the lexicon's count of one concept in it, and the
shipped model's intent and polarity (with VADER's compound for an ASCII post, as the
enrichment gives it to English posts)."""

from __future__ import annotations

from bot.enrich import features
from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts
from bot.enrich.model import shipped_model
from bot.enrich.sentiment import vader_compound


def count(text: str, concept: str) -> int:
    """How many entries of ``concept`` the lexicon finds in ``text``."""
    return concept_counts(features.prepare(text).text)[CONCEPT_NAMES.index(concept)]


def predict(text: str) -> tuple[str, str]:
    """The shipped model's (intent, polarity) of ``text``."""
    got = shipped_model().predict(text, vader=vader_compound(text) if text.isascii() else None)
    return got.intent, got.polarity
