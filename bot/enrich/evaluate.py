"""Measuring the enrichment on labelled data (tests/data/): language accuracy, sentiment
agreement with human ratings (Pearson r), intent precision and recall. Shared by the measured
tests, which hold floors, and by benchmarks/intelligence.py, which prints the figures."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.enrich.intent import classify
from bot.enrich.language import LanguageDetector
from bot.enrich.sentiment import SentimentScorer

INTENTS = ("complaint", "question", "praise", "lead", "spam", "other")


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
    detector = detector or LanguageDetector()
    per: dict[str, list[int]] = {}
    confusions = []
    for lang, text in rows:
        got, _ = detector.detect(text)
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


def vader_agreement(path: Path, scorer: SentimentScorer | None = None) -> tuple[float, int]:
    """Pearson r between VADER's compound score and the mean human rating of VADER's own
    ground-truth tweets (id, mean rating -4..4, text), and how many tweets."""
    scorer = scorer or SentimentScorer()
    human, ours = [], []
    for row in read_tsv(path):
        if len(row) < 3:
            continue
        human.append(float(row[1]))
        ours.append(scorer.score(row[2], "en").compound or 0.0)
    return pearson(human, ours), len(human)


@dataclass(frozen=True)
class IntentResult:
    precision: dict[str, float]
    recall: dict[str, float]
    support: dict[str, int]
    errors: list[tuple[str, str, str]]  # (expected, got, text)

    @property
    def macro_f1(self) -> float:
        f1s = []
        for c in INTENTS:
            p, r = self.precision[c], self.recall[c]
            f1s.append(0.0 if p + r == 0 else 2 * p * r / (p + r))
        return sum(f1s) / len(f1s)

    @property
    def accuracy(self) -> float:
        total = sum(self.support.values())
        return (total - len(self.errors)) / max(1, total)


def intent_scores(rows: Iterable[Sequence[str]]) -> IntentResult:
    """Rows of (expected intent, text)."""
    tp: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    support: Counter[str] = Counter()
    errors: list[tuple[str, str, str]] = []
    for expected, text in rows:
        got = classify(text)
        predicted[got] += 1
        support[expected] += 1
        if got == expected:
            tp[expected] += 1
        else:
            errors.append((expected, got, text))
    precision = {c: tp[c] / predicted[c] if predicted[c] else 0.0 for c in INTENTS}
    recall = {c: tp[c] / support[c] if support[c] else 0.0 for c in INTENTS}
    return IntentResult(precision, recall, {c: support[c] for c in INTENTS}, errors)
