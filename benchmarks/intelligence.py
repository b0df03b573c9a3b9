"""Signal intelligence, measured: language accuracy on short posts, VADER's agreement with
human ratings, intent and polarity per language on the corpus's held-out split and
leave-one-language-out, cost per routed mention and memory per process, the optional model
endpoint when one is given, and spike detection on synthetic traffic (seeded).

    .venv/bin/python benchmarks/intelligence.py [--days 7] [--no-lolo]
        [--endpoint URL --endpoint-model NAME]   # also measure an OpenAI-compatible endpoint
        [--cost-posts N]                         # time the cost on N corpus posts, not all

Leave-one-language-out retrains the model 13 times (needs the dev extra: scikit-learn).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.models import INTENTS, Mention  # noqa: E402
from bot.enrich import Enricher  # noqa: E402
from bot.enrich.corpus import LANGUAGES, Post, load_corpus  # noqa: E402
from bot.enrich.evaluate import (  # noqa: E402
    ModelResult,
    blind_set_scores,
    language_accuracy,
    model_scores,
    read_tsv,
    scores,
    vader_agreement,
)
from bot.enrich.model import POLARITIES, shipped_model  # noqa: E402
from bot.enrich.spikes import SpikeDetector  # noqa: E402

DATA = ROOT / "tests" / "data"
T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


def language(posts: list[Post]) -> None:
    short = [(r[0], r[1]) for r in read_tsv(DATA / "language.tsv")]
    for name, rows in (("language.tsv", short),
                       ("corpus (all posts)", [(p.lang, p.text) for p in posts]),
                       ("both", short + [(p.lang, p.text) for p in posts])):
        res = language_accuracy(rows)
        total = sum(t for _, t in res.per_language.values())
        print(f"language accuracy, {name}: {res.accuracy:.4f} on {total} posts "
              f"({len(res.confusions)} misses)")
    for expected, got, text in res.confusions:
        print(f"  miss: {expected} -> {got}: {text[:90]}")
    other = [(r[0], r[1]) for r in read_tsv(DATA / "language_other.tsv")]
    res = language_accuracy(other)
    print(f"language accuracy, language_other.tsv (languages outside the 15): "
          f"{res.accuracy:.4f} on {len(other)} posts in {len(res.per_language)} languages "
          f"({len(res.confusions)} misses)")
    for expected, got, text in res.confusions:
        print(f"  miss: {expected} -> {got}: {text[:90]}")
    r, n = vader_agreement(DATA / "vader_tweets_GroundTruth.txt")
    print(f"VADER: Pearson r = {r:.3f} (compound vs mean human rating, {n} tweets)")


def table(title: str, results: dict[str, ModelResult] | ModelResult) -> None:
    print(f"\n{title}")
    print("| language | posts | intent macro-F1 | intent accuracy | polarity accuracy |")
    print("|---|---:|---:|---:|---:|")
    if isinstance(results, ModelResult):
        per = {lang: r for lang, r in results.per_language.items()}
        overall = (results.intent, results.polarity)
    else:
        per = {lang: (r.intent, r.polarity) for lang, r in results.items()}
        overall = (scores(((e, g, t) for i, _ in per.values() for e, g, t in _rows(i)),
                          INTENTS),
                   scores(((e, g, t) for _, p in per.values() for e, g, t in _rows(p)),
                          POLARITIES))
    for lang in LANGUAGES:
        if lang in per:
            i, p = per[lang]
            print(f"| {lang} | {i.total} | {i.macro_f1:.2f} | {i.accuracy:.2f} | "
                  f"{p.accuracy:.2f} |")
    i, p = overall
    print(f"| **all** | {i.total} | **{i.macro_f1:.2f}** | {i.accuracy:.2f} | "
          f"**{p.accuracy:.2f}** |")


def _rows(s: object) -> list[tuple[str, str, str]]:
    """Rebuild (expected, got, text) rows from a Scores: right answers are not kept, so count
    them back from support minus errors."""
    from bot.enrich.evaluate import Scores

    assert isinstance(s, Scores)
    rows = list(s.errors)
    wrong: dict[str, int] = {}
    for expected, _, _ in s.errors:
        wrong[expected] = wrong.get(expected, 0) + 1
    for label, n in s.support.items():
        rows += [(label, label, "")] * (n - wrong.get(label, 0))
    return rows


def quality(posts: list[Post], *, lolo: bool) -> None:
    model = shipped_model()
    held = [p for p in posts if p.split == "held"]
    result = model_scores(model, held)
    table(f"held-out split ({len(held)} posts; model trained on the {len(posts) - len(held)} "
          "train posts)", result)
    print("\nper intent on the held-out split:")
    for c in INTENTS:
        print(f"  {c:<9} precision {result.intent.precision[c]:.2f}  recall "
              f"{result.intent.recall[c]:.2f}  (n={result.intent.support[c]})")
    legacy = [(r[2], r[3]) for r in read_tsv(DATA / "intent.tsv")]
    old = scores(((e, model.predict(t).intent, t) for e, t in legacy), INTENTS)
    print(f"\nintent.tsv (older set, another writer, {old.total} posts in en ru pl ko th): "
          f"accuracy {old.accuracy:.2f}, macro-F1 {old.macro_f1:.2f}")
    blind = read_tsv(DATA / "intent_nl_it.tsv")
    for lang in ("nl", "it", None):
        rows = [r for r in blind if lang is None or r[0] == lang]
        got = [model.predict(r[3]) for r in rows]
        i = scores(((r[1], g.intent, r[3]) for r, g in zip(rows, got, strict=True)), INTENTS)
        p = scores(((r[2], g.polarity, r[3]) for r, g in zip(rows, got, strict=True)),
                   POLARITIES)
        print(f"intent_nl_it.tsv ({lang or 'both'}, {i.total} posts, no corpus in these "
              f"languages): intent accuracy {i.accuracy:.3f}, macro-F1 {i.macro_f1:.3f}, "
              f"polarity accuracy {p.accuracy:.3f}")
    for name, languages, what in (
            ("blind_mixed.tsv", 19, "hard registers"), ("blind_mixed2.tsv", 33, "hard registers"),
            ("blind_contrast.tsv", 18, "contrast and sarcasm"),
            ("blind_domains.tsv", 18, "goods, services, hedged praise"),
            ("blind_networks.tsv", 16, "Reddit, HN, Mastodon, RSS, reviews, replies"),
            ("blind_saas.tsv", 24, "software and SaaS customers"),
            ("blind_churn.tsv", 24, "churn, feature wishes, outage questions, company replies"),
            ("blind_replies.tsv", 30, "company replies, comparisons, irony, cancellations"),
            ("blind_mixed3.tsv", 32, "switching, how to cancel, thanks-sarcasm, news"),
            ("blind_mixed4.tsv", 38, "short, emoji, code-switching, URL- and hashtag-only"),
            ("blind_mixed5.tsv", 39, "ticket follow-ups, implicit complaints, pricing, B2B"),
            ("blind_mixed6.tsv", 39, "calm complaints, rhetorical questions, reviews, peers"),
            ("blind_mixed7.tsv", 43, "tips, threats to leave, code-switching, new languages"),
            ("blind_mixed8.tsv", 35, "reviews, caps, voice typing, leads, small languages"),
            ("blind_mixed9.tsv", 26, "informal and slang writing of the big languages"),
            ("blind_mixed10.tsv", 25, "long, noisy posts: Reddit, HN, Mastodon, RSS, code-mixed"),
            ("blind_mixed11.tsv", 30, "short replies in threads, status chatter, quoted emails"),
            ("blind_mixed12.tsv", 25, "code-switched, transliterated, banks, airlines, utilities"),
            ("blind_mixed13.tsv", 32, "indirect, hedged and long: wishes, irony, rhetoric"),
            ("blind_mixed14.tsv", 24, "romanised, unaccented, text-speak, caps, typed in a hurry"),
            ("blind_mixed15.tsv", 21, "a natural mix: news, passing mentions, everyday posts"),
            ("blind_mixed16.tsv", 18, "a natural mix, 21% English: news, passing, everyday"),
            ("blind_mixed17.tsv", 27, "a natural mix written after the news rule, 30% English"),
            ("blind_mixed18.tsv", 30, "a fourth natural mix, 30% English"),
            ("blind_mixed19.tsv", 30, "a fifth natural mix: sectors the others lack"),
            ("probe_neighbours.tsv", 39, "a reviewer's probes: words a neighbour writes too")):
        r = blind_set_scores(DATA / name)
        print(f"{name} ({r.intent.total} posts, {languages} languages, {what}, read as a routed "
              f"mention): intent accuracy {r.intent.accuracy:.3f}, macro-F1 "
              f"{r.intent.macro_f1:.3f}, polarity accuracy {r.polarity.accuracy:.3f}, macro-F1 "
              f"{r.polarity.macro_f1:.3f}, language accuracy {r.language.accuracy:.3f}")
    if lolo:
        from bot.enrich.train import hyperparameters, leave_one_language_out

        started = time.perf_counter()
        res = leave_one_language_out(posts, hyper=hyperparameters(model.meta))
        table("leave-one-language-out (trained on the train split of the 12 other languages, "
              f"tested on all posts of the 13th; {time.perf_counter() - started:.0f} s)", res)


def mentions(posts: list[Post]) -> list[Mention]:
    out = []
    for i, p in enumerate(posts):
        out.append(Mention(id=f"mastodon:{i}", network="mastodon", source="bench", text=p.text,
                           created_at=T0, author={"id": str(i), "handle": f"u{i}"}))
    return out


def cost(posts: list[Post], limit: int | None = None) -> None:
    sample = mentions(posts[:limit])
    enricher = Enricher()
    enricher.warm()  # load lingua, the model and VADER outside timing
    enricher.facts(sample[0]).sentiment()

    def timed(fn: object, rounds: int = 3) -> float:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for m in sample:
                fn(m)  # type: ignore[operator]
            best = min(best, (time.perf_counter() - start) / len(sample) * 1e6)
        return best

    def everything(m: Mention) -> None:
        f = enricher.facts(m)
        f.language()
        f.intent()
        f.sentiment()

    keywords = re.compile(r"\b(?:acme|outage|login|pricing|refund)\b", re.IGNORECASE)
    base = timed(lambda m: keywords.search(m.text))
    lang = timed(lambda m: enricher.facts(m).language())
    model = timed(lambda m: enricher.model.predict(m.text))
    full = timed(everything)
    print(f"\ncost per routed mention ({len(sample)} corpus posts, one core, best of 3):")
    print(f"  baseline: one compiled keyword regex    {base:7.1f} µs")
    print(f"  language (lingua + script rules)        {lang:7.1f} µs")
    print(f"  intent + polarity (embedded model)      {model:7.1f} µs")
    print(f"  language + intent + sentiment (+VADER)  {full:7.1f} µs  -> "
          f"{1e6 / full:,.0f} mentions/s")


def memory() -> None:
    code = ("import sys; sys.path.insert(0, %r)\n"
            "def rss(): return int(open('/proc/self/statm').read().split()[1]) * 4096 / 1e6\n"
            "from bot.core.models import Mention\n"
            "from datetime import datetime, UTC\n"
            "before = rss()\n"
            "from bot.enrich import Enricher\n"
            "e = Enricher()\n"
            "m = Mention(id='x:1', network='mastodon', source='s', text='the app is down again',"
            " created_at=datetime.now(UTC), author={'id': '1', 'handle': 'h'})\n"
            "f = e.facts(m); f.language(); f.intent(); f.sentiment()\n"
            "t = m.model_copy(update={'id': 'x:2', 'text': '中華電信今天網路又當機了'})\n"
            "f = e.facts(t); f.intent()  # OpenCC's tables, loaded by the first Han post\n"
            "e.detector.warm()  # lingua's models for posts in other languages and scripts\n"
            "print(before, rss())\n").replace("%r", repr(str(ROOT)))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    before, after = float(out[0]), float(out[1])
    print(f"\nmemory per process: +{after - before:.0f} MB resident for lingua, the model, "
          f"numpy, OpenCC and VADER ({before:.0f} -> {after:.0f} MB)")


def endpoint(posts: list[Post], url: str, model_name: str, n: int = 60) -> None:
    import httpx

    from integrations.llm.endpoint import ChatClient, ModelEndpoint

    every = [p for p in posts if p.split == "held"]
    held = every[:: max(1, len(every) // n)][:n]

    async def run() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]], float,
                             int]:
        intents, polarities, failed = [], [], 0
        async with httpx.AsyncClient() as client:
            ep = ModelEndpoint(ChatClient(url, model_name, timeout=30), client,
                               features=("classify",))
            started = time.perf_counter()
            for p in held:
                answer = await ep.classify(p.text)
                if answer is None:
                    failed += 1
                    continue
                intents.append((p.intent, answer.intent, p.text))
                polarities.append((p.polarity, answer.polarity, p.text))
            elapsed = (time.perf_counter() - started) / len(held) * 1e3
        return intents, polarities, elapsed, failed

    intents, polarities, ms, failed = asyncio.run(run())
    i, p = scores(intents, INTENTS), scores(polarities, POLARITIES)
    print(f"\nendpoint {model_name} at {url} on {len(held)} held-out posts: intent macro-F1 "
          f"{i.macro_f1:.2f}, accuracy {i.accuracy:.2f}; polarity accuracy {p.accuracy:.2f}; "
          f"{ms:.0f} ms per post; {failed} failures (fell back to the embedded model)")


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
    """Each row twice, in the same run on the same traffic: without the usual at each hour of
    the day (``season_half_life_days=0``, as before 2026-12-06) and with it (the default)."""
    from bot.enrich.spikes import SEASON_HALF_LIFE_DAYS

    ways = (("without the usual per hour", 0.0), ("with it", SEASON_HALF_LIFE_DAYS))
    rng = random.Random(42)
    steady: list[list[datetime]] = []  # steady days: a daily cycle of 6 to 30 mentions an hour
    for day in range(days):
        start = T0 + timedelta(days=day)
        steady.append([])
        for hour in range(24):
            rate = 6 + 24 * (1 - abs(hour - 14) / 14)
            steady[-1] += traffic(rng, start=start + timedelta(hours=hour), hours=1,
                                  per_hour=rate)
    trials = []
    for trial, factor in enumerate((4, 6, 10, 20) * 5):
        base_rate = 18.0
        onset = T0 + timedelta(hours=6, minutes=trial * 7)
        times = [(t, "steady") for t in traffic(rng, start=T0, hours=8, per_hour=base_rate)]
        times += [(t, "burst") for t in traffic(rng, start=onset, hours=0.5,
                                                per_hour=base_rate * factor)]
        trials.append((factor, onset, sorted(times)))
    # two days of the usual 18/h before each burst, so the hours of the day are known
    # (another seed: the rows above read the same traffic as before)
    known = random.Random(43)
    history = [traffic(known, start=T0 - timedelta(days=2), hours=48, per_hour=18.0)
               for _ in trials]
    for name, season in ways:
        alarms = 0
        for posts in steady:  # a detector a day, as before
            det = SpikeDetector(season_half_life_days=season)
            for t in posts:
                det.observe([("keyword", "acme")], t, "acme is fine")
                alarms += len(det.check(t))
        det = SpikeDetector(season_half_life_days=season)
        through = 0  # one detector through every day: from the second day on it knows the hours
        for t in (t for posts in steady for t in posts):
            det.observe([("keyword", "acme")], t, "acme is fine")
            through += len(det.check(t))
        print(f"\nspikes, {name}: false alarms over {days} steady days (6-30 mentions/h, "
              f"daily cycle): {alarms} ({alarms / days:.2f} per day); one detector through "
              f"the {days} days: {through} ({through / days:.2f} per day)")
        for label, past in (("", None), (", after two days of it", history)):
            delays = []
            for i, (factor, onset, times) in enumerate(trials):
                det = SpikeDetector(season_half_life_days=season)
                for t in past[i] if past is not None else ():
                    det.observe([("keyword", "acme")], t, "acme is fine")
                    det.check(t)
                detected = None
                for t, _ in times:
                    det.observe([("keyword", "acme")], t, "acme outage")
                    if det.check(t) and t >= onset and detected is None:
                        detected = (t - onset).total_seconds() / 60
                delays.append((factor, detected))
            for factor in (4, 6, 10, 20):
                found = [d for f, d in delays if f == factor and d is not None]
                missed = sum(1 for f, d in delays if f == factor and d is None)
                mean = f"{sum(found) / len(found):.1f} min" if found else "-"
                print(f"  burst of {factor:>2}x the usual 18/h{label}: detected "
                      f"{len(found)}/5, mean delay {mean} after onset, missed {missed}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--no-lolo", action="store_true", help="skip leave-one-language-out")
    ap.add_argument("--cost-posts", type=int, default=None,
                    help="time the cost per mention on the corpus's first N posts (all)")
    ap.add_argument("--endpoint", default=None, help="an OpenAI-compatible chat-completions URL")
    ap.add_argument("--endpoint-model", default="local")
    args = ap.parse_args()
    posts = load_corpus()
    language(posts)
    quality(posts, lolo=not args.no_lolo)
    cost(posts, args.cost_posts)
    memory()
    if args.endpoint:
        endpoint(posts, args.endpoint, args.endpoint_model)
    spikes(args.days)


if __name__ == "__main__":
    main()
