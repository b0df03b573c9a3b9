"""The labelled corpus in ``tests/data/corpus/<lang>.tsv`` and its one train/held-out split.

Each file has the columns ``intent<TAB>polarity<TAB>register<TAB>text`` (a header line starting
with ``#``); the file name is the language. Labelling guidelines and provenance are in
``tests/data/corpus/README.md``.

The split is computed, not stored: within each (language, intent) group the posts are ranked
by the SHA-1 of their text, and the first ``HELD_FRACTION`` of the ranking (rounded) is held
out. So the split is stratified per language and intent, identical on every machine, and a
post keeps its side when other posts are added or relabelled (only its own group's cut-off
moves, by at most one post).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.core.models import INTENTS, Intent

CORPUS_DIR = Path(__file__).resolve().parents[2] / "tests" / "data" / "corpus"
LANGUAGES = ("en", "de", "fr", "es", "pt", "ru", "uk", "pl", "tr", "zh", "ja", "ko", "th")
HELD_FRACTION = 0.2
Polarity = Literal["positive", "negative", "neutral"]
POLARITIES: tuple[Polarity, ...] = ("negative", "neutral", "positive")
Split = Literal["train", "held"]


@dataclass(frozen=True)
class Post:
    lang: str
    intent: Intent
    polarity: Polarity
    register: str
    text: str
    split: Split = "train"


def read_corpus_file(path: Path) -> list[Post]:
    lang = path.stem
    posts = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise ValueError(f"{path}:{number}: expected 4 tab-separated fields")
        intent, polarity, register, text = fields
        if intent not in INTENTS or polarity not in POLARITIES:
            raise ValueError(f"{path}:{number}: unknown label {intent!r}/{polarity!r}")
        posts.append(Post(lang, intent, polarity, register, text))
    return posts


def _rank_key(post: Post) -> str:
    return hashlib.sha1(post.text.encode("utf-8")).hexdigest()


def assign_split(posts: Iterable[Post], *, held_fraction: float = HELD_FRACTION) -> list[Post]:
    """The posts with ``split`` set (see the module docstring); order is kept."""
    posts = list(posts)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, post in enumerate(posts):
        groups[(post.lang, post.intent)].append(i)
    held: set[int] = set()
    for members in groups.values():
        ranked = sorted(members, key=lambda i: _rank_key(posts[i]))
        held.update(ranked[: round(len(ranked) * held_fraction)])
    return [Post(p.lang, p.intent, p.polarity, p.register, p.text,
                 "held" if i in held else "train") for i, p in enumerate(posts)]


def load_corpus(directory: Path = CORPUS_DIR,
                languages: Sequence[str] | None = None) -> list[Post]:
    """Every post of the corpus, with its split."""
    posts: list[Post] = []
    for path in sorted(directory.glob("*.tsv")):
        if languages is None or path.stem in languages:
            posts.extend(read_corpus_file(path))
    return assign_split(posts)
