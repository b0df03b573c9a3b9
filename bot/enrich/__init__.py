"""Signal intelligence: language, intent and sentiment in every language the model knows,
customer context.

``Enricher`` is built once per process; ``Enricher.facts(mention)`` gives a ``LazyFacts`` whose
costly parts (language, intent, sentiment) are computed on first use only, so rules that never
ask never pay. Intent and polarity come from one pass of the embedded model
(``bot/enrich/model.py``) and are shared; language comes first, since VADER is a feature of
English posts. A deployment's corrections adjust the model (``Enricher.apply_corrections``,
``bot/enrich/corrections.py``); an optional model endpoint may refine a post's labels
(``Enricher.refine``, ``integrations/llm/endpoint.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from bot.core.models import (
    AuthorContext,
    Classification,
    Correction,
    Intent,
    Mention,
    RouteHit,
    Sentiment,
    Signal,
)
from bot.core.text import fold, own_words
from bot.enrich.language import DEFAULT_LANGUAGES, LanguageDetector
from bot.enrich.reading import read

# numpy and the model's modules are imported by the first prediction, not by every process that
# builds an Enricher: one answering a chat command or delivering cards never predicts
if TYPE_CHECKING:
    from bot.enrich.model import Prediction, TextModel


class Classifier(Protocol):
    """The optional model endpoint's classification (``integrations.llm.endpoint``)."""

    async def classify(self, text: str) -> Classification | None: ...

__all__ = ["Correction", "Enricher", "LazyFacts"]


class Enricher:
    """Built once per process. ``corrections``: this deployment's stored corrections, applied
    on top of the shipped model at start-up."""

    def __init__(self, *, languages: Sequence[str] | None = None,
                 model: TextModel | None = None,
                 corrections: Sequence[Correction] = ()) -> None:
        self.detector = LanguageDetector(languages or DEFAULT_LANGUAGES)
        self._base = model
        self._model: TextModel | None = None
        self.corrections: list[Correction] = []
        if corrections:
            self.apply_corrections(corrections)

    @property
    def base_model(self) -> TextModel:
        """The model before this deployment's corrections (the shipped one by default)."""
        if self._base is None:
            from bot.enrich.model import shipped_model

            self._base = shipped_model()
        return self._base

    @property
    def model(self) -> TextModel:
        """The model in use: the base model adjusted by every correction applied so far."""
        if self._model is None:
            from bot.enrich.corrections import learn

            self._model = learn(self.base_model, self.corrections)
        return self._model

    def replace_corrections(self, corrections: Sequence[Correction]) -> None:
        """Learn this deployment's corrections afresh (all of them, in order): the model the
        next prediction uses. CPU work: call it off the event loop."""
        from bot.enrich.corrections import learn

        model = learn(self.base_model, corrections)
        self.corrections = list(corrections)
        self._model = model

    def apply_corrections(self, corrections: Sequence[Correction]) -> None:
        """Learn from more corrections; the next prediction uses them."""
        from bot.enrich.corrections import learn

        self.corrections.extend(corrections)
        self._model = learn(self.model, corrections) if self._model is not None else None

    def detect(self, text: str, declared: str | None) -> tuple[str | None, float | None]:
        """The post's language and the detector's confidence, as the pipeline reads it: the
        text decides, and ``declared`` (a network's language tag, a labelled file's ``lang``)
        is only the answer when the text says too little (``LanguageDetector.detect``)."""
        return self.detector.detect(read(text), declared)

    def predict(self, text: str, language: str | None) -> tuple[Prediction, float | None]:
        """The model's prediction and, for English, VADER's compound (also a feature); a post
        of emoji alone is read by its emoji (``bot.enrich.emoji``). Both read the text as
        ``bot.enrich.reading`` gives it (lookalike letters undone, Arabic marks dropped)."""
        from bot.enrich.emoji import emoji_prediction
        from bot.enrich.sentiment import vader_compound

        text = read(text)
        by_emoji = emoji_prediction(text)
        if by_emoji is not None:
            return by_emoji, None
        vader = vader_compound(text) if language == "en" else None
        return self.model.predict(text, vader=vader), vader

    def facts(self, mention: Mention) -> LazyFacts:
        return LazyFacts(mention, self)

    def warm(self) -> None:
        """Load every model now (seconds of CPU): called off the event loop at start-up, so
        the first mention does not stall it."""
        self.detector.warm()
        language, _ = self.detect("Warming up the models for the first post", None)
        self.predict("warming up the models", language or "en")
        self.predict("預熱", "zh")  # OpenCC's tables, which the first Traditional post loads

    async def refine(self, facts: LazyFacts, endpoint: Classifier) -> LazyFacts:
        """Ask the optional model endpoint for the post's intent and polarity; on any failure
        or timeout the embedded model's answer stands."""
        answer = await endpoint.classify(facts.mention.text)
        if answer is not None:
            facts.adopt(intent=answer.intent, sentiment=answer.sentiment())
        return facts


@dataclass
class LazyFacts:
    """Satisfies ``bot.core.ports.Facts``; ``computed`` lists what was actually worked out."""

    _mention: Mention
    enricher: Enricher
    computed: list[str] = field(default_factory=list)
    _language: tuple[str | None, float | None] | None = None
    _prediction: tuple[Prediction, float | None] | None = None
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
            # the author's words: a Mastodon status's poll and alt-text lines (another
            # person's words, often English, under English labels) are not its language
            self._language = self.enricher.detect(own_words(self._mention.text),
                                                  self._mention.language)
        return self._language

    def language(self) -> str | None:
        return self._lang()[0]

    def language_confidence(self) -> float | None:
        return self._lang()[1]

    def prediction(self) -> Prediction:
        """The embedded model's full answer (probabilities), computed once."""
        if self._prediction is None:
            self._prediction = self.enricher.predict(self._mention.text, self.language())
        return self._prediction[0]

    def sentiment(self) -> Sentiment:
        if self._sentiment is None:
            prediction = self.prediction()
            self.computed.append("sentiment")
            assert self._prediction is not None
            from bot.enrich.sentiment import sentiment_of

            self._sentiment = sentiment_of(prediction, vader=self._prediction[1])
        return self._sentiment

    def intent(self) -> Intent:
        if self._intent is None:
            intent = self.prediction().intent
            self.computed.append("intent")
            self._intent = intent
        return self._intent

    def adopt(self, *, intent: Intent | None = None, sentiment: Sentiment | None = None) -> None:
        """Take labels decided elsewhere (the optional model endpoint)."""
        if intent is not None:
            self._intent = intent
        if sentiment is not None:
            self._sentiment = sentiment

    def signal(self, *, routes: Sequence[RouteHit], keywords: Sequence[str],
               author_context: AuthorContext | None = None,
               score_sentiment: bool = False) -> Signal:
        language, confidence = self._lang()
        sentiment = self.sentiment() if score_sentiment else (self._sentiment or Sentiment())
        return Signal(mention=self._mention, language=language, language_confidence=confidence,
                      sentiment=sentiment, intent=self.intent(), keywords=tuple(keywords),
                      author_context=author_context or AuthorContext(), routes=tuple(routes))
