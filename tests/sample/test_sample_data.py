"""The bundled demo data holds what bot/app/sample/README.md promises, and is what the generator
produces (so nobody edits the JSON by hand and loses it on the next run)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import ValidationError

from bot.app.sample.generate import generate
from bot.core.models import Mention
from bot.enrich.language import LanguageDetector

SAMPLE = Path(__file__).parents[2] / "bot" / "app" / "sample" / "mentions.jsonl"


def load() -> tuple[list[Mention], list[int]]:
    valid, bad = [], []
    for n, line in enumerate(SAMPLE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            valid.append(Mention.model_validate_json(line))
        except ValidationError:
            bad.append(n)
    return valid, bad


def test_file_is_the_generators_output() -> None:
    assert SAMPLE.read_text(encoding="utf-8") == "\n".join(generate()) + "\n"


def test_counts_promised_in_the_readme() -> None:
    valid, bad = load()
    assert len(valid) >= 200
    assert len(bad) == 2
    assert set(Counter(m.network for m in valid)) == {"mastodon", "bluesky", "reddit",
                                                      "hackernews", "rss", "x"}
    langs = Counter(LanguageDetector().detect(m.text, m.language)[0] for m in valid)
    for lang in ("en", "ru", "pl", "ko", "th"):
        assert langs[lang] >= 20, (lang, langs)
    ids = Counter(m.id for m in valid)
    assert sum(n - 1 for n in ids.values()) == 4  # exact duplicates
    burst = [m for m in valid if m.created_at.hour == 14 and m.created_at.minute < 20]
    assert len(burst) >= 40
    threads = Counter(m.thread_id for m in valid if m.thread_id)
    assert len(threads) == 3
    assert any("@everyone" in m.text for m in valid)
    assert any("\u202e" in m.text for m in valid)
    assert max(len(m.text) for m in valid) > 4_000


def test_cross_posts_share_author_and_text() -> None:
    valid, _ = load()
    by_text: dict[str, set[str]] = {}
    for m in valid:
        by_text.setdefault(m.text, set()).add(m.network)
    crossed = [t for t, nets in by_text.items() if {"mastodon", "bluesky"} <= nets
               and len(t) > 40]
    assert len(crossed) >= 3
