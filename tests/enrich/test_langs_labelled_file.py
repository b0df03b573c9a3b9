"""A review's labelled file in the languages earlier blind sets barely covered (2026-12-07):
220 posts about fictional companies (a telco, a bank, a food delivery app, an airline, a
streaming service, an energy company, a trading app), written and labelled before
``bot/enrich``, its lexicons and the project's corpora were read (only the label names of an
earlier labelled file): 8 in each of Persian, Bengali, Tamil, Swahili, Tagalog, Malay, Greek,
Czech, Slovak, Romanian, Hungarian, Finnish, Danish, Norwegian Bokmål, Catalan, Bulgarian,
Croatian, Lithuanian, Hebrew and Amharic, 16 Serbian (8 in each alphabet), 20 Urdu (8 in its
script, 12 typed in Latin letters), 12 Hindi typed in Latin letters (Hinglish), 12 Arabic
typed in Latin letters (Arabizi); in each language a complaint or two, praise, a question, a
lead, news and spam. ``tests/fixtures/enrich_langs_labelled.jsonl``, in the format
`socialops enrich` reads, with an ``id``; ``split`` fixed by the text's SHA-256 (even: dev)
before anything was run: the dev half's errors (113 posts) chose the fixes, the held half
(107) was measured before and once after, its misses never read.

The classes the dev half showed and their fixes (``tests/enrich/test_language_less_common.py``
holds sentences written for each): Danish spellings Norwegian writes otherwise ("uge",
"klik", "kold") read as Norwegian, English or Basque; Croatian and Serbian in Latin letters
with Polish's ć and its "od", "ne" read as Polish; Bulgarian's articled nouns and Serbian's
"свака" in Cyrillic read as Russian; Hinglish beside German's "mein" read as German, and Urdu
in Latin letters with a word of a third group read as Xhosa; spam in Slovak, Catalan,
Bulgarian, Serbian, Croatian, Lithuanian and Amharic, which had no spam words
(``lexicon_spam_far``), read as complaints, praise or ``other``.

Left (the dev half): Urdu typed in Latin letters without an Urdu word is Hindi (the words are
the same); Serbian and Croatian news without a word that tells them apart is Bosnian or
Polish; a Catalan post whose only Catalan word has an apostrophe ("l'enllaç") is Spanish;
Amharic has few entries (a cold meal after two hours and "we want a package" read
``other``); news in Bengali, Malay and Greek reads with a polarity below the model's floor
(``unknown``); Arabizi praise "3azama" and a Czech thanks said in sarcasm ("Děkuju pěkně")
read as they are written.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import defaultdict
from pathlib import Path

import pytest

from bot.app.model_cli import enrich_lines

LABELLED = Path(__file__).parents[1] / "fixtures" / "enrich_langs_labelled.jsonl"
Row = tuple[dict[str, str], dict[str, str]]


def _accuracy(rows: list[Row]) -> dict[str, float]:
    right: dict[str, int] = defaultdict(int)
    for gold, got in rows:
        right["language"] += gold["label_language"] == (got["language"] or "und")
        right["intent"] += gold["label_intent"] == got["intent"]
        right["polarity"] += gold["label_polarity"] == got["polarity"]
    return {field: right[field] / len(rows) for field in ("language", "intent", "polarity")}


@pytest.fixture(scope="module")
def enriched() -> list[Row]:
    raw = LABELLED.read_bytes()
    out, err = io.StringIO(), io.StringIO()
    assert enrich_lines(io.BytesIO(raw), out=out, err=err, name=str(LABELLED)) == 0
    gold = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    got = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(gold) == len(got) == 220 and err.getvalue() == "220 enriched, 0 skipped\n"
    return list(zip(gold, got, strict=True))


def test_the_split_is_fixed_by_the_text(enriched: list[Row]) -> None:
    assert [gold["id"] for gold, _ in enriched] == list(range(1, 221))
    for gold, _ in enriched:
        even = int(hashlib.sha256(gold["text"].encode()).hexdigest(), 16) % 2 == 0
        assert gold["split"] == ("dev" if even else "held")
    assert sum(gold["split"] == "held" for gold, _ in enriched) == 107


def test_the_held_half(enriched: list[Row]) -> None:
    # measured 2026-12-07 through `socialops enrich`, the held half (107 posts, its misses
    # never read): language 0.813, intent 0.832, polarity 0.869 before the fixes; 0.822,
    # 0.832, 0.869 after
    got = _accuracy([row for row in enriched if row[0]["split"] == "held"])
    assert got["language"] >= 0.82, got
    assert got["intent"] >= 0.83, got
    assert got["polarity"] >= 0.86, got


def test_the_dev_half(enriched: list[Row]) -> None:
    # the dev half (113 posts): 0.788, 0.823, 0.823 before the fixes; 0.903, 0.858, 0.832
    # after
    got = _accuracy([row for row in enriched if row[0]["split"] == "dev"])
    assert got["language"] >= 0.90, got
    assert got["intent"] >= 0.85, got
    assert got["polarity"] >= 0.83, got


def test_the_file_in_every_language(enriched: list[Row]) -> None:
    # lowest measured after the fixes (8 to 20 posts a language): Urdu language 0.60 (its
    # Latin-letter posts read as Hindi), Amharic, Hungarian and Lithuanian intent 0.62,
    # Arabizi polarity 0.67
    by_language: dict[str, list[Row]] = defaultdict(list)
    for row in enriched:
        by_language[row[0]["label_language"]].append(row)
    assert len(by_language) == 24
    for language, rows in by_language.items():
        got = _accuracy(rows)
        assert got["language"] >= 0.6, (language, got)
        assert got["intent"] >= 0.6, (language, got)
        assert got["polarity"] >= 0.6, (language, got)
