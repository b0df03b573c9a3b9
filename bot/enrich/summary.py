"""Digest summaries, offline and extractive: how many, the top terms, a few representative
posts and the sentiment split. An optional hook (``integrations.llm.endpoint.DigestWriter``,
bound by the app) adds a generated sentence; it is off unless configured, never required, and
any failure falls back to the extractive text.

Terms: words of spaced scripts, folded, minus stop words of the seed languages and the words
everybody uses for the brand (pass them as ``ignore``). Thai, Japanese and Chinese are written
without spaces, so their posts contribute their matched keywords and hashtags instead of
tokens; Korean words lose a trailing particle (고객센터는 → 고객센터).
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.core.models import Signal
from bot.core.text import at_handle, fold, truncate

log = logging.getLogger(__name__)

_STOP_TEXT = """
a an and are as at be been but by can could did do does for from had has have how i if in into
is it its just me my no not of on or our so than that the their them then there these they this
to too up us was we were what when where which who why will with would you your im ive dont cant
got get like one all any out about after again also am more very still now really please thanks
и в во не на я что он она они мы вы это как с со а но по за к у из от до же ли бы уже так
для мне меня мой моя все всё нет да там тут есть был была было
i w z na nie to jest sie się że ze do co jak ale po za od mi mnie moje juz już tak czy dla
der die das und ist nicht ein eine zu mit den von auf für im es ich sie wir
le la les et est pas un une de des du en pour que qui je il nous vous
el los las y es no un una de del en por para que se me mi
o os as e é não um uma de do da em para que se eu
"""
# compared after folding, like the terms: "się" is "sie", "für" is "fur"
STOP_WORDS = frozenset(fold(w) for w in _STOP_TEXT.split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_KO_PARTICLES = ("에서", "으로", "은", "는", "이", "가", "을", "를", "에", "의", "도", "로",
                 "와", "과", "요")


def terms_of(text: str, keywords: Iterable[str] = ()) -> list[str]:
    """The countable terms of one post as written (lower case), see the module docstring.
    Compare them with ``fold``: "Działa" and "dziala" are one term."""
    out = [unicodedata.normalize("NFC", k).lower() for k in keywords]
    for raw in _WORD.findall(unicodedata.normalize("NFC", text).lower()):
        word = raw.strip("'’-")
        if _UNSPACED.search(word):
            continue  # unspaced scripts: the keywords above stand for the post
        if _HANGUL.search(word):
            for particle in _KO_PARTICLES:
                if word.endswith(particle) and len(word) > len(particle) + 1:
                    word = word[: -len(particle)]
                    break
            if len(word) >= 2:
                out.append(word)
            continue
        if len(word) >= 3 and fold(word) not in STOP_WORDS:
            out.append(word)
    return out


class _TermCounts:
    """Posts per term (a post counts a term once), keyed by the folded form and shown as
    first written."""

    def __init__(self, ignore: Iterable[str]) -> None:
        self.skip = {fold(w) for w in ignore}
        self.df: Counter[str] = Counter()
        self.shown: dict[str, str] = {}

    def add(self, terms: Iterable[str]) -> set[str]:
        # in order of appearance, not a set's (hash-seeded) order: terms found in as many posts
        # rank by which came first, so a digest reads the same in every process and every run
        keys: dict[str, None] = {}
        for t in terms:
            key = fold(t)
            if key and key not in self.skip:
                keys[key] = None
                self.shown.setdefault(key, t)
        self.df.update(list(keys))
        return set(keys)

    def top(self, n: int) -> list[str]:
        ranked = [k for k, c in self.df.most_common(n * 2) if c > 1 or len(self.df) <= n]
        return [self.shown[k] for k in _distinct(ranked, n)]


def top_terms(texts: Iterable[tuple[str, Sequence[str]]], *, n: int = 5,
              ignore: Iterable[str] = ()) -> list[str]:
    """The ``n`` terms found in the most posts."""
    counts = _TermCounts(ignore)
    for text, keywords in texts:
        counts.add(terms_of(text, keywords))
    return counts.top(n)


def _distinct(ranked: list[str], n: int) -> list[str]:
    """Drop a term already said by a better-ranked one ("dziala" after "nie dziala")."""
    out: list[str] = []
    for term in ranked:
        words = set(term.split())
        narrower = [i for i, t in enumerate(out) if set(t.split()) < words]
        if narrower:  # the phrase says more than the word it contains: keep the phrase
            out[narrower[0]] = term
            continue
        if any(words <= set(t.split()) for t in out):
            continue
        out.append(term)
    return out[:n]


@dataclass(frozen=True)
class DigestSummary:
    count: int
    top_terms: tuple[str, ...]
    representatives: tuple[Signal, ...]
    sentiment: dict[str, int] = field(default_factory=dict)
    networks: dict[str, int] = field(default_factory=dict)
    llm_text: str | None = None

    def sentiment_split(self) -> str:
        """``positive 3, negative 1``: the most first."""
        return _most_first(self.sentiment)

    def network_counts(self) -> str:
        """``bluesky 2, mastodon 1``: the most first."""
        return _most_first(self.networks)

    def render(self) -> str:
        lines = [f"{self.count} mentions ({self.network_counts()}); "
                 f"sentiment: {self.sentiment_split()}"]
        if self.top_terms:
            lines.append("top terms: " + ", ".join(self.top_terms))
        if self.llm_text:
            lines.append(self.llm_text)
        for s in self.representatives:
            body = " ".join(s.mention.text.split())
            lines.append(f"• {at_handle(s.mention.author.shown())} ({s.mention.network}): "
                         f"{truncate(body, 201)}")
        return "\n".join(lines)


def summarise(signals: Sequence[Signal], *, samples: int = 3,
              ignore: Iterable[str] = ()) -> DigestSummary:
    """Counts, top terms, the sentiment split and the ``samples`` most representative posts:
    those sharing the most terms with the rest (centrality), one per author."""
    counts = _TermCounts(ignore)
    per_post = [counts.add(terms_of(s.mention.text, s.keywords)) for s in signals]
    df = counts.df
    ranked = sorted(
        range(len(signals)),
        key=lambda i: (-sum(df[t] - 1 for t in per_post[i]) / math.sqrt(len(per_post[i]) + 1),
                       i))
    chosen: list[Signal] = []
    authors: set[str] = set()
    for i in ranked:
        author = signals[i].mention.author.handle
        if author in authors:
            continue
        authors.add(author)
        chosen.append(signals[i])
        if len(chosen) == samples:
            break
    top = counts.top(5)
    return DigestSummary(
        count=len(signals), top_terms=tuple(top), representatives=tuple(chosen),
        sentiment=dict(Counter(s.sentiment.label for s in signals)),
        networks=dict(Counter(s.mention.network for s in signals)))


def _most_first(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} {n}" for label, n in sorted(counts.items(), key=lambda kv: -kv[1]))
