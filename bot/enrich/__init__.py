"""Signal intelligence: language, sentiment that knows its limits, intent, customer context.

``Enricher`` is built once per process; ``Enricher.facts(mention)`` gives a ``LazyFacts`` whose
costly parts (sentiment, intent, language) are computed on first use only, so rules that never
ask never pay, and sentiment is scored only for posts a route fired for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.models import AuthorContext, Intent, Mention, RouteHit, Sentiment, Signal
from bot.core.text import fold
from bot.enrich.intent import classify
from bot.enrich.language import DEFAULT_LANGUAGES, LanguageDetector
from bot.enrich.sentiment import SentimentScorer

__all__ = ["Enricher", "LazyFacts"]


class Enricher:
    def __init__(self, *, languages: Sequence[str] | None = None) -> None:
        self.detector = LanguageDetector(languages or DEFAULT_LANGUAGES)
        self.scorer = SentimentScorer()

    def facts(self, mention: Mention) -> LazyFacts:
        return LazyFacts(mention, self)

    def warm(self) -> None:
        """Load every model now (seconds of CPU): called off the event loop at start-up, so
        the first mention does not stall it."""
        language, _ = self.detector.detect("Warming up the models for the first post", None)
        self.scorer.score("warming up", language or "en")
        classify("warming up")


@dataclass
class LazyFacts:
    """Satisfies ``bot.core.ports.Facts``; ``computed`` lists what was actually worked out."""

    _mention: Mention
    enricher: Enricher
    computed: list[str] = field(default_factory=list)
    _language: tuple[str | None, float | None] | None = None
    _sentiment: Sentiment | None = None
    _intent: Intent | None = None
    _folded: str | None = None

    @property
    def mention(self) -> Mention:
        return self._mention

    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self._mention.text)
        return self._folded

    def _lang(self) -> tuple[str | None, float | None]:
        if self._language is None:
            self.computed.append("language")
            self._language = self.enricher.detector.detect(self._mention.text,
                                                           self._mention.language)
        return self._language

    def language(self) -> str | None:
        return self._lang()[0]

    def sentiment(self) -> Sentiment:
        if self._sentiment is None:
            self.computed.append("sentiment")
            self._sentiment = self.enricher.scorer.score(self._mention.text, self.language())
        return self._sentiment

    def intent(self) -> Intent:
        if self._intent is None:
            self.computed.append("intent")
            self._intent = classify(self._mention.text)
        return self._intent

    def signal(self, *, routes: Sequence[RouteHit], keywords: Sequence[str],
               author_context: AuthorContext | None = None,
               score_sentiment: bool = False) -> Signal:
        language, confidence = self._lang()
        sentiment = self.sentiment() if score_sentiment else (self._sentiment or Sentiment())
        return Signal(mention=self._mention, language=language, language_confidence=confidence,
                      sentiment=sentiment, intent=self.intent(), keywords=tuple(keywords),
                      author_context=author_context or AuthorContext(), routes=tuple(routes))
