"""Measuring the enrichment on labelled data (tests/data/): language accuracy, VADER's agreement
with human ratings, and intent and polarity accuracy, macro-F1, precision and recall per
language. Shared by the measured tests, which hold floors, and by benchmarks/intelligence.py,
which prints the figures for docs/intelligence.md."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.models import INTENTS
from bot.enrich import Enricher
from bot.enrich.corpus import Post
from bot.enrich.language import LanguageDetector
from bot.enrich.model import POLARITIES, TextModel
from bot.enrich.reading import read
from bot.enrich.sentiment import sentiment_of, vader_compound


def read_tsv(path: Path) -> list[list[str]]:
    """Rows of a tab-separated file; lines starting with '#' are comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.rstrip("\r").split("\t"))
    return rows


@dataclass(frozen=True)
class LanguageResult:
    per_language: dict[str, tuple[int, int]]  # lang -> (correct, total)
    confusions: list[tuple[str, str, str]]  # (expected, got, text)

    @property
    def accuracy(self) -> float:
        right = sum(c for c, _ in self.per_language.values())
        return right / max(1, sum(t for _, t in self.per_language.values()))


def language_accuracy(rows: Iterable[Sequence[str]],
                      detector: LanguageDetector | None = None) -> LanguageResult:
    """Rows of (expected language, text)."""
    detector = detector or LanguageDetector()
    return _language_result((lang, detector.detect(read(text))[0], text) for lang, text in rows)


def _language_result(read: Iterable[tuple[str, str | None, str]]) -> LanguageResult:
    """Tally (expected language, detected language, text) triples."""
    per: dict[str, list[int]] = {}
    confusions = []
    for lang, got, text in read:
        counts = per.setdefault(lang, [0, 0])
        counts[1] += 1
        if got == lang:
            counts[0] += 1
        else:
            confusions.append((lang, str(got), text))
    return LanguageResult({k: (v[0], v[1]) for k, v in per.items()}, confusions)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    vx = sum((x - mx) ** 2 for x in xs)
    vy = sum((y - my) ** 2 for y in ys)
    return cov / math.sqrt(vx * vy)


def vader_agreement(path: Path) -> tuple[float, int]:
    """Pearson r between VADER's compound score and the mean human rating of VADER's own
    ground-truth tweets (id, mean rating -4..4, text), and how many tweets."""
    human, ours = [], []
    for row in read_tsv(path):
        if len(row) < 3:
            continue
        human.append(float(row[1]))
        ours.append(vader_compound(row[2]))
    return pearson(human, ours), len(human)


@dataclass(frozen=True)
class Scores:
    """Accuracy, macro-F1 and per-label precision/recall of one labelling task."""

    labels: tuple[str, ...]
    precision: dict[str, float]
    recall: dict[str, float]
    support: dict[str, int]
    errors: list[tuple[str, str, str]]  # (expected, got, text)

    @property
    def total(self) -> int:
        return sum(self.support.values())

    @property
    def accuracy(self) -> float:
        return (self.total - len(self.errors)) / max(1, self.total)

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the labels present in the data."""
        f1s = []
        for c in self.labels:
            if not self.support[c]:
                continue
            p, r = self.precision[c], self.recall[c]
            f1s.append(0.0 if p + r == 0 else 2 * p * r / (p + r))
        return sum(f1s) / max(1, len(f1s))


def scores(rows: Iterable[tuple[str, str, str]], labels: Sequence[str]) -> Scores:
    """Rows of (expected, predicted, text)."""
    tp: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    support: Counter[str] = Counter()
    errors: list[tuple[str, str, str]] = []
    for expected, got, text in rows:
        predicted[got] += 1
        support[expected] += 1
        if got == expected:
            tp[expected] += 1
        else:
            errors.append((expected, got, text))
    precision = {c: tp[c] / predicted[c] if predicted[c] else 0.0 for c in labels}
    recall = {c: tp[c] / support[c] if support[c] else 0.0 for c in labels}
    return Scores(tuple(labels), precision, recall, {c: support[c] for c in labels}, errors)


@dataclass(frozen=True)
class ModelResult:
    """Intent and polarity scores of a model on posts, overall and per language."""

    intent: Scores
    polarity: Scores
    per_language: dict[str, tuple[Scores, Scores]]


def model_scores(model: TextModel, posts: Sequence[Post]) -> ModelResult:
    """Scores of ``model`` on ``posts``, each post read in its labelled language (so VADER
    is a feature of the English ones, as at training time)."""
    intent_rows: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    polarity_rows: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for post in posts:
        vader = vader_compound(post.text) if post.lang == "en" else None
        p = model.predict(post.text, vader=vader)
        intent_rows[post.lang].append((post.intent, p.intent, post.text))
        polarity_rows[post.lang].append((post.polarity, p.polarity, post.text))
    per = {lang: (scores(intent_rows[lang], INTENTS), scores(polarity_rows[lang], POLARITIES))
           for lang in sorted(intent_rows)}
    return ModelResult(scores((r for rows in intent_rows.values() for r in rows), INTENTS),
                       scores((r for rows in polarity_rows.values() for r in rows),
                              POLARITIES), per)


@dataclass(frozen=True)
class PipelineResult:
    """Intent, polarity and language of posts read the way a routed mention is."""

    intent: Scores
    polarity: Scores  # the sentiment's label: "unknown" counts as wrong
    language: LanguageResult  # posts labelled "und" (no words) left out


def pipeline_scores(rows: Iterable[Sequence[str]],
                    enricher: Enricher | None = None) -> PipelineResult:
    """Rows of (language, intent, polarity, text), each read as ``socialops enrich`` reads a
    line without a declared language: the detected language first, then the model (VADER for
    English) or the emoji, and the sentiment's label."""
    enricher = enricher or Enricher()
    intents, polarities = [], []
    languages: list[tuple[str, str | None, str]] = []
    for lang, intent, polarity, text in rows:
        detected, _ = enricher.detect(text, None)
        prediction, vader = enricher.predict(text, detected)
        intents.append((intent, prediction.intent, text))
        polarities.append((polarity, sentiment_of(prediction, vader=vader).label, text))
        if lang != "und":
            languages.append((lang, detected, text))
    return PipelineResult(scores(intents, INTENTS), scores(polarities, POLARITIES),
                          _language_result(languages))


def blind_rows(path: Path) -> list[tuple[str, str, str, str]]:
    """(language, intent, polarity, text) of a blind set's rows (``tests/data/blind_*.tsv``:
    language, intent, polarity, register, text); a ``\\n`` in a text is a line break of the
    post (a long post's paragraphs, a code block's lines)."""
    return [(r[0], r[1], r[2], r[4].replace("\\n", "\n")) for r in read_tsv(path)]


def blind_set_scores(path: Path, enricher: Enricher | None = None) -> PipelineResult:
    """``pipeline_scores`` of a blind set's rows (``blind_rows``)."""
    return pipeline_scores(blind_rows(path), enricher)
