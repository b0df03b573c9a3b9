"""Routing benchmark: mentions/s through normalise + match + route at 100, 1k, 10k and 100k
subscriptions, side by side with a naive baseline (a loop over subscriptions testing each
keyword with a compiled ``\\b`` regex, as simple bots do), plus rebuild time and peak RSS.

    .venv/bin/python benchmarks/routing.py [--mentions 20000] [--sizes 100,1000,10000,100000]

Synthetic but shaped like production: subscriptions are single keywords, phrases and small
boolean queries over a vocabulary of made-up product names; posts are ordinary sentences in
several languages, of which about 3% mention a subscribed name ("most posts match nothing").
The example rules (bot/app/sample/rules.yaml) are compiled in as well. One process, one core.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import resource
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.core.config import load_config  # noqa: E402
from bot.core.models import Author, Intent, Mention, Sentiment, Subscription  # noqa: E402
from bot.core.text import clean, fold  # noqa: E402
from rules import compile_router, load_rules  # noqa: E402
from rules.query import parse_query, terms  # noqa: E402

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
FILLER = (  # noqa: SIM905
    "the a to and of in is it you that was for on are with as i his they be at one have this "
    "from or had by hot word but what some we can out other were all there when up use your how "
    "said an each she which do their time if will way about many then them write would like so "
    "these her long make thing see him two has look more day could go come did number sound no "
    "most people my over know water than call first who may down side been now find any new work "
    "part take get place made live where after back little only round man year came show every "
    "good me give our under name very through just form sentence great think say help low line "
    "differ turn cause much mean before move right boy old too same tell does set three want air "
    "well also play small end put home read hand port large spell add even land here must big"
).split()
OTHER = [
    "Dzisiaj pada deszcz i jest zimno w Krakowie",
    "Сегодня хорошая погода, пойдём гулять",
    "오늘 날씨가 정말 좋네요 산책 갈까요",
    "วันนี้อากาศดีมากไปเที่ยวกันเถอะ",
    "今日はとても良い天気ですね",
    "Mañana vamos a la playa con los niños",
]


def word(rng: random.Random) -> str:
    syll = ("ka", "zu", "mi", "ro", "te", "la", "vo", "ni", "sa", "qu", "ex", "or", "ly", "fi",
            "bu", "de", "go", "ha", "ju", "pe")
    return "".join(rng.choice(syll) for _ in range(rng.randint(3, 5)))


def make_vocab(rng: random.Random) -> list[str]:
    """Made-up product names, many enough for 100,000 distinct subscriptions."""
    return sorted({word(rng) for _ in range(200_000)})[:150_000]


def make_subscriptions(n: int, rng: random.Random, vocab: list[str]) -> list[Subscription]:
    subs = []
    for i in range(n):
        a, b = rng.choice(vocab), rng.choice(vocab)
        r = rng.random()
        query = (a if r < 0.6 else f'"{a} {b}"' if r < 0.8 else f"{a} AND ({b} OR pricing)"
                 if r < 0.9 else f"{a} OR {b} NOT job")
        subs.append(Subscription(
            id=f"S-{i}", workspace="console", channel=f"C{i % 50}", query=query,
            created_by="bench", created_at=NOW,
            mode="digest" if i % 5 == 0 else "realtime",
            digest_interval="hourly" if i % 5 == 0 else None,
            sentiment_max=-0.2 if i % 7 == 0 else None,
        ))
    return subs


def make_posts(n: int, rng: random.Random, vocab: list[str]) -> list[dict[str, Any]]:
    posts = []
    for i in range(n):
        if i % 10 == 0:
            text = rng.choice(OTHER)
        else:
            text = " ".join(rng.choice(FILLER) for _ in range(rng.randint(8, 30)))
        r = rng.random()
        if r < 0.03:
            text += " " + rng.choice(vocab).capitalize() + " " + rng.choice(("rocks", "pricing?"))
        elif r < 0.04:
            text = "AcmeCloud is down again, " + text
        posts.append({
            "id": str(i), "content": f"<p>{text}</p>", "url": f"https://m.example/@u{i}/{i}",
            "account": {"id": str(i % 997), "acct": f"user{i % 997}", "followers_count": i % 5000},
            "created_at": "2026-01-05T11:59:00Z",
        })
    return posts


_TAGS = re.compile(r"<[^>]+>")


def normalise(raw: dict[str, Any]) -> Mention:
    """A Mastodon-like status to a Mention (HTML stripped, cleaned, validated)."""
    acc = raw["account"]
    return Mention(
        id=f"mastodon:{raw['id']}", network="mastodon", source="bench", url=raw["url"],
        author=Author(id=acc["id"], handle=acc["acct"], followers=acc["followers_count"]),
        text=clean(_TAGS.sub(" ", raw["content"])), created_at=raw["created_at"],
    )


@dataclass
class BenchFacts:
    """Lazy facts: sentiment (VADER) and intent only when a route asks."""

    mention: Mention
    analyzer: Any = None
    scored: list[int] = field(default_factory=lambda: [0])

    def folded(self) -> str:
        # once per post, as the enricher's Facts caches it for dedup and routing
        return fold(self.mention.text)

    def language(self) -> str | None:
        return self.mention.language

    def sentiment(self) -> Sentiment:
        if self.analyzer is None:
            return Sentiment(compound=0.0, label="neutral", method="stub")
        self.scored[0] += 1
        c = float(self.analyzer.polarity_scores(self.mention.text)["compound"])
        return Sentiment(compound=c, label="negative" if c < -0.05 else "positive"
                         if c > 0.05 else "neutral", method="vader")

    def intent(self) -> Intent:
        return "complaint" if "down" in self.mention.text else "other"


def naive(subs: list[Subscription]) -> list[tuple[Subscription, list[re.Pattern[str]]]]:
    out = []
    for s in subs:
        pats = [re.compile(r"\b" + re.escape(t) + r"\b", re.IGNORECASE)
                for t in terms(parse_query(s.query))]
        out.append((s, pats))
    return out


def run_naive(compiled: list[tuple[Subscription, list[re.Pattern[str]]]],
              mentions: list[Mention], budget: float) -> float:
    """Mentions/s of the naive loop (stops after ``budget`` seconds: it is slow)."""
    start = time.perf_counter()
    done = 0
    for m in mentions:
        hits = [s.id for s, pats in compiled if any(p.search(m.text) for p in pats)]
        del hits
        done += 1
        if done % 16 == 0 and time.perf_counter() - start > budget:
            break
    return done / (time.perf_counter() - start)


def rss_mb() -> float:
    """Peak RSS of this process. VmHWM, not ru_maxrss: the latter survives fork+exec, so a
    child would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_only(n: int) -> None:
    """Peak RSS of a process holding only the rules, ``n`` subscriptions and their router."""
    rng = random.Random(7)
    vocab = make_vocab(rng)
    cfg = load_config(ROOT / "bot" / "app" / "sample" / "demo.yaml").config
    ruleset = load_rules(ROOT / "bot" / "app" / "sample" / "rules.yaml", channels=cfg.channels,
                         escalations={e.name for e in cfg.escalations})
    before = rss_mb()
    subs = make_subscriptions(n, rng, vocab)
    with_subs = rss_mb()
    router = compile_router(ruleset, subs)
    router.route(BenchFacts(normalise(make_posts(1, rng, vocab)[0])), NOW)
    print(f"{before:.0f} {with_subs:.0f} {rss_mb():.0f}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--rss-only":
        rss_only(int(sys.argv[2]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--mentions", type=int, default=20_000)
    ap.add_argument("--sizes", default="100,1000,10000,100000")
    ap.add_argument("--naive-budget", type=float, default=3.0, help="seconds per naive run")
    args = ap.parse_args()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    rng = random.Random(7)
    vocab = make_vocab(rng)
    cfg = load_config(ROOT / "bot" / "app" / "sample" / "demo.yaml").config
    ruleset = load_rules(ROOT / "bot" / "app" / "sample" / "rules.yaml", channels=cfg.channels,
                         escalations={e.name for e in cfg.escalations})
    raw_posts = make_posts(args.mentions, rng, vocab)
    mentions = [normalise(p) for p in raw_posts]
    analyzer = SentimentIntensityAnalyzer()
    sizes = [int(s) for s in args.sizes.split(",")]
    all_subs = make_subscriptions(max(sizes), rng, vocab)
    print(f"{len(mentions)} posts; rules: bot/app/sample/rules.yaml; "
          f"python {sys.version.split()[0]}")
    print(f"{'subs':>7} {'patterns':>9} {'build s':>8} {'rebuild s':>9} {'match+route/s':>14} "
          f"{'naive/s':>9} {'ratio':>7} {'e2e+sent/s':>11} {'scored':>7} {'routed':>7} "
          f"{'RSS MB':>7}")
    import subprocess
    rss_notes: list[str] = []
    for n in sizes:
        subs = all_subs[:n]
        parse_query.cache_clear()
        gc.collect()
        t = time.perf_counter()
        router = compile_router(ruleset, subs)
        build = time.perf_counter() - t
        # a subscription change: one query differs, the rest hit the parse cache
        changed = [*subs[:-1], subs[-1].model_copy(update={"query": "brandnewword"})]
        t = time.perf_counter()
        compile_router(ruleset, changed)
        rebuild = time.perf_counter() - t

        facts = [BenchFacts(m) for m in mentions]
        t = time.perf_counter()
        routed = 0
        for f in facts:
            if router.route(f, NOW).hits:
                routed += 1
        match_rate = len(facts) / (time.perf_counter() - t)

        scored = [0]
        t = time.perf_counter()
        for p in raw_posts:
            m = normalise(p)
            router.route(BenchFacts(m, analyzer, scored), NOW)
        e2e = len(raw_posts) / (time.perf_counter() - t)

        naive_rate = run_naive(naive(subs), mentions, args.naive_budget)
        # RSS in a fresh process holding only the rules and the subscriptions: the benchmark's
        # own data (posts, the naive baseline's regexes) would hide the router's cost
        base, with_subs, peak = subprocess.run(
            [sys.executable, __file__, "--rss-only", str(n)], capture_output=True, text=True,
            check=True).stdout.split()
        print(f"{n:>7} {len(router.index):>9} {build:>8.3f} {rebuild:>9.3f} {match_rate:>14,.0f} "
              f"{naive_rate:>9,.0f} {match_rate / naive_rate:>6.0f}x {e2e:>11,.0f} "
              f"{scored[0]:>7} {routed:>7} {peak:>7}")
        rss_notes.append(f"{n}: interpreter+rules {base} MB, +subscriptions {with_subs} MB, "
                         f"+router {peak} MB")
        del router
    print("match+route: pre-normalised mentions, routes + subscriptions, no sentiment unless "
          "asked (stub);\ne2e+sent: normalise from a raw status + match + route, VADER only "
          "for candidate posts;\nbuild: first compile (queries parsed); rebuild: recompile after "
          "one subscription changed;\nRSS: peak of a fresh process holding the rules, the "
          "subscriptions and the router:")
    for note in rss_notes:
        print("  " + note)


if __name__ == "__main__":
    main()
