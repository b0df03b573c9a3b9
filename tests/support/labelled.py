"""What every review's labelled file test reads its file with: the file enriched through
`socialops enrich` (``enrich_lines``), paired with its labels, its accuracy by field, its
split by the text's hash checked, and its rows by labelled language."""

from __future__ import annotations

import hashlib
import io
import json
from collections import defaultdict
from pathlib import Path

from bot.app.model_cli import enrich_lines

FIXTURES = Path(__file__).parents[1] / "fixtures"
FIELDS = ("language", "intent", "polarity")
# (the labelled line, what `socialops enrich` wrote of it)
Row = tuple[dict[str, str], dict[str, str]]


def enrich_file(name: str, posts: int) -> list[Row]:
    """``tests/fixtures/<name>`` enriched, each line beside its labels: all ``posts`` of
    them, none skipped."""
    path = FIXTURES / name
    raw = path.read_bytes()
    out, err = io.StringIO(), io.StringIO()
    assert enrich_lines(io.BytesIO(raw), out=out, err=err, name=str(path)) == 0
    gold = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    got = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(gold) == len(got) == posts
    assert err.getvalue() == f"{posts} enriched, 0 skipped\n"
    return list(zip(gold, got, strict=True))


def accuracy(rows: list[Row]) -> dict[str, float]:
    """The share of ``rows`` whose language (``und`` when none), intent and polarity are
    the labelled ones."""
    right: dict[str, int] = defaultdict(int)
    for gold, got in rows:
        right["language"] += gold["label_language"] == (got["language"] or "und")
        right["intent"] += gold["label_intent"] == got["intent"]
        right["polarity"] += gold["label_polarity"] == got["polarity"]
    return {field: right[field] / len(rows) for field in FIELDS}


def half(rows: list[Row], split: str) -> list[Row]:
    """The ``dev`` or ``held`` half of ``rows``."""
    return [row for row in rows if row[0]["split"] == split]


def assert_split_by_text(rows: list[Row], held: int) -> None:
    """Ids 1..n in order, and each row's half fixed by its text's SHA-256 (even: dev), as
    chosen before anything was run; ``held`` of them held."""
    assert [gold["id"] for gold, _ in rows] == list(range(1, len(rows) + 1))
    for gold, _ in rows:
        even = int(hashlib.sha256(gold["text"].encode()).hexdigest(), 16) % 2 == 0
        assert gold["split"] == ("dev" if even else "held"), gold["id"]
    assert len(half(rows, "held")) == held


def by_language(rows: list[Row]) -> dict[str, list[Row]]:
    """``rows`` by their labelled language."""
    found: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        found[row[0]["label_language"]].append(row)
    return dict(found)


def assert_at_least(rows: list[Row], language: float, intent: float, polarity: float,
                    *, what: str = "") -> None:
    """``rows``' accuracy is at least these floors in each field (``what`` names them)."""
    got = accuracy(rows)
    floors = {"language": language, "intent": intent, "polarity": polarity}
    for field, floor in floors.items():
        assert got[field] >= floor, (what, field, got)


def assert_every_language(rows: list[Row], languages: int, language: float, intent: float,
                          polarity: float) -> None:
    """``rows`` hold ``languages`` labelled languages, each at least these floors."""
    found = by_language(rows)
    assert len(found) == languages, sorted(found)
    for name, its in found.items():
        assert_at_least(its, language, intent, polarity, what=name)
