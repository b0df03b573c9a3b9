"""Signal intelligence, measured: language accuracy, sentiment agreement, intent precision and
recall on the labelled sets in tests/data/, enrichment cost per mention against a bare keyword
scan measured in the same run, and spike detection delay and false alarms on synthetic traffic
with a known burst onset (seeded, so every run sees the same data).

    .venv/bin/python benchmarks/intelligence.py [--days 7]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.models import Mention  # noqa: E402
from bot.enrich import Enricher  # noqa: E402
from bot.enrich.evaluate import (  # noqa: E402
    INTENTS,
    intent_scores,
    language_accuracy,
    read_tsv,
    vader_agreement,
)
from bot.enrich.intent import classify  # noqa: E402
from bot.enrich.spikes import SpikeDetector  # noqa: E402

DATA = ROOT / "tests" / "data"
T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


def quality() -> None:
    lang = language_accuracy((r[0], r[1]) for r in read_tsv(DATA / "language.tsv"))
    total = sum(t for _, t in lang.per_language.values())
    print(f"language accuracy: {lang.accuracy:.3f} on {total} short posts")
    print("  " + ", ".join(f"{k} {c}/{t}" for k, (c, t) in sorted(lang.per_language.items())))
    for expected, got, text in lang.confusions:
        print(f"  miss: {expected} -> {got}: {text}")
    r, n = vader_agreement(DATA / "vader_tweets_GroundTruth.txt")
    print(f"sentiment: Pearson r = {r:.3f} (VADER compound vs mean human rating, {n} tweets)")
    rows = read_tsv(DATA / "intent.tsv")
    for split in ("dev", "held"):
        res = intent_scores((x[2], x[3]) for x in rows if x[0] == split)
        print(f"intent ({split}, {sum(res.support.values())} posts): accuracy {res.accuracy:.2f},"
              f" macro-F1 {res.macro_f1:.2f}")
        for c in INTENTS:
            print(f"  {c:<9} precision {res.precision[c]:.2f}  recall {res.recall[c]:.2f}"
                  f"  (n={res.support[c]})")


def cost() -> None:
    sample = ROOT / "bot" / "app" / "sample" / "mentions.jsonl"
    lines = sample.read_text(encoding="utf-8").splitlines()
    mentions = []
    for line in lines:
        try:
            mentions.append(Mention.model_validate(json.loads(line)))
        except ValueError:
            continue
    mentions = (mentions * (5000 // len(mentions) + 1))[:5000]
    keywords = re.compile(r"\b(?:acme|outage|login|pricing|refund)\b", re.IGNORECASE)
    enricher = Enricher()
    enricher.facts(mentions[0]).language()  # load the model outside the timing

    def timed(fn: object) -> float:
        start = time.perf_counter()
        for m in mentions:
            fn(m)  # type: ignore[operator]
        return (time.perf_counter() - start) / len(mentions) * 1e6

    base = timed(lambda m: keywords.search(m.text))
    language = timed(lambda m: enricher.facts(m).language())
    intent = timed(lambda m: classify(m.text))

    def everything(m: Mention) -> None:
        f = enricher.facts(m)
        f.language()
        f.intent()
        f.sentiment()

    full = timed(everything)
    print(f"enrichment cost per mention ({len(mentions)} sample mentions, one core):")
    print(f"  baseline: one compiled keyword regex  {base:8.1f} µs")
    print(f"  language (lingua, low accuracy)       {language:8.1f} µs  ({language / base:.0f}x)")
    print(f"  intent (lexicon)                      {intent:8.1f} µs  ({intent / base:.0f}x)")
    print(f"  language + intent + sentiment         {full:8.1f} µs  ({full / base:.0f}x)"
          f"  -> {1e6 / full:,.0f} mentions/s")


def traffic(rng: random.Random, *, start: datetime, hours: float,
            per_hour: float) -> list[datetime]:
    out, t = [], start
    end = start + timedelta(hours=hours)
    while True:
        t += timedelta(seconds=rng.expovariate(per_hour / 3600))
        if t >= end:
            return out
        out.append(t)


def spikes(days: int) -> None:
    rng = random.Random(42)
    alarms = 0
    for day in range(days):  # steady days: a daily cycle between 6 and 30 mentions an hour
        det = SpikeDetector()
        start = T0 + timedelta(days=day)
        for hour in range(24):
            rate = 6 + 24 * (1 - abs(hour - 14) / 14)
            for t in traffic(rng, start=start + timedelta(hours=hour), hours=1, per_hour=rate):
                det.observe([("keyword", "acme")], t, "acme is fine")
                alarms += len(det.check(t))
    print(f"spikes: false alarms over {days} steady days (6-30 mentions/h, daily cycle): "
          f"{alarms} ({alarms / days:.2f} per day)")
    delays = []
    for trial, factor in enumerate((4, 6, 10, 20) * 5):
        det = SpikeDetector()
        base_rate = 18.0
        onset = T0 + timedelta(hours=6, minutes=trial * 7)
        times = [(t, "steady") for t in traffic(rng, start=T0, hours=8, per_hour=base_rate)]
        times += [(t, "burst") for t in traffic(rng, start=onset, hours=0.5,
                                                per_hour=base_rate * factor)]
        detected = None
        for t, _ in sorted(times):
            det.observe([("keyword", "acme")], t, "acme outage")
            if det.check(t) and t >= onset and detected is None:
                detected = (t - onset).total_seconds() / 60
        delays.append((factor, detected))
    for factor in (4, 6, 10, 20):
        found = [d for f, d in delays if f == factor and d is not None]
        missed = sum(1 for f, d in delays if f == factor and d is None)
        mean = f"{sum(found) / len(found):.1f} min" if found else "-"
        print(f"  burst of {factor:>2}x the usual 18/h: detected {len(found)}/5, mean delay "
              f"{mean} after onset, missed {missed}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=7)
    args = ap.parse_args()
    quality()
    cost()
    spikes(args.days)


if __name__ == "__main__":
    main()
