"""``socialops enrich`` and ``socialops model eval`` from the command line: JSON lines in and
out, bad lines reported and counted, stdin, and precision/recall on a corrections file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.app.cli import main


def test_enrich_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "posts.jsonl"
    src.write_text("\n".join([
        json.dumps({"text": "how much is the team plan for 40 people?"}),
        json.dumps({"text": "Опять не работает вход, верните деньги", "lang": "ru"}),
        "not json",
        json.dumps({"txt": "no text field"}),
        "",
        json.dumps({"text": "แอปล่มอีกแล้ว ใช้ไม่ได้เลย"}),
    ]) + "\n", encoding="utf-8")
    assert main(["enrich", str(src)]) == 0
    out, err = capsys.readouterr()
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["language"] for r in rows] == ["en", "ru", "th"]
    assert [r["intent"] for r in rows] == ["lead", "complaint", "complaint"]
    assert rows[1]["polarity"] == "negative" and rows[1]["compound"] < 0
    assert rows[1]["language_confidence"] == 1.0  # detected: "lang" is only a fallback
    assert rows[0]["method"] == "model+vader" and rows[2]["method"] == "model"
    assert set(rows[0]) == {"language", "language_confidence", "intent", "intent_confidence",
                            "polarity", "polarity_confidence", "compound", "method"}
    assert f"{src}:3: skipped: not JSON" in err and f"{src}:4: skipped" in err
    assert "3 enriched, 2 skipped" in err


def test_enrich_reads_lang_as_the_pipeline_reads_a_language_tag(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A declared "lang" is a fallback, as a network's language tag is to the pipeline: the
    text decides, and "lang" only when the text says too little. The CLI took "lang" as the
    language, so a labelled file measured a higher language accuracy than production."""
    from datetime import UTC, datetime

    from bot.core.models import Author, Mention
    from bot.enrich import Enricher

    posts = [("Ya no puedo entrar a mi cuenta desde ayer", "pt"),  # the tag is wrong
             ("Das Paket ist schon wieder nicht angekommen", "en"),
             ("ok", "fr"),  # too short to tell: the tag stands
             ("Die App stürzt ständig ab", None)]
    src = tmp_path / "posts.jsonl"
    src.write_text("".join(json.dumps({"text": t} if lang is None else {"text": t, "lang": lang})
                           + "\n" for t, lang in posts), encoding="utf-8")
    assert main(["enrich", str(src)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["language"] for r in rows] == ["es", "de", "fr", "de"]
    enricher = Enricher()
    for (text, lang), row in zip(posts, rows, strict=True):
        facts = enricher.facts(Mention(
            id="mastodon:1", network="mastodon", source="t", text=text, language=lang,
            created_at=datetime(2026, 12, 4, tzinfo=UTC), author=Author(id="a", handle="a")))
        assert (row["language"], row["language_confidence"], row["intent"], row["polarity"]) \
            == (facts.language(), facts.language_confidence(), facts.intent(),
                facts.sentiment().label)


def test_enrich_stdin(monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"text": "Dzięki, świetna obsługa!"}\n'))
    assert main(["enrich", "-"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["language"], row["intent"], row["polarity"]) == ("pl", "praise", "positive")


def test_enrich_with_nothing_readable_fails(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text("oops\n", encoding="utf-8")
    assert main(["enrich", str(src)]) == 1


def test_model_eval_on_corrections(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "corrections.jsonl"
    at = "2026-11-20T12:00:00+00:00"
    src.write_text("\n".join([
        json.dumps({"text": "the app keeps crashing, refund me", "language": "en",
                    "field": "intent", "old": "other", "new": "complaint", "who": "U1",
                    "at": at}),
        json.dumps({"text": "Does it support SSO for our 40 person team?", "language": "en",
                    "field": "intent", "old": "question", "new": "lead", "who": "U1",
                    "at": at}),
        json.dumps({"text": "great, down again", "language": "en", "field": "polarity",
                    "old": "positive", "new": "negative", "who": "U2", "at": at}),
        json.dumps({"text": "x", "field": "intent", "new": "purchase"}),
    ]) + "\n", encoding="utf-8")
    assert main(["model", "eval", "--corrections", str(src)]) == 0
    out, err = capsys.readouterr()
    assert "intent: 1/2 right" in out or "intent: 2/2 right" in out
    assert "complaint" in out and "precision" in out and "recall" in out
    assert "polarity: " in out
    assert "line 4: skipped" in err


def test_model_eval_defaults_to_the_held_out_split(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "eval"]) == 0
    out = capsys.readouterr().out
    assert "held-out" in out and "intent: " in out and "/1123 right" in out


def test_a_line_with_an_integer_too_long_to_convert_is_read(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A labelled file's id of 5,000 digits: the line was skipped with Python's words ("use
    sys.set_int_max_str_digits() to increase the limit"), its text never read."""
    src = tmp_path / "posts.jsonl"
    src.write_text('{"id": 1' + "0" * 5_000 + ', "text": "how much is the team plan?"}\n',
                   encoding="utf-8")
    assert main(["enrich", str(src)]) == 0
    out, err = capsys.readouterr()
    assert "intent" in json.loads(out) and "1 enriched, 0 skipped" in err
    assert "sys.set_int_max_str_digits" not in err
