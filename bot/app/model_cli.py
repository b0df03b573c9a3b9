"""``socialops enrich`` and ``socialops model eval``: the embedded model from the command line,
so a team can measure it on any labelled file of its own and on its own corrections.

    socialops enrich FILE|-         JSON lines in ({"text": ..., "lang": optional}),
                                    JSON lines out (language, intent, polarity, scores);
                                    "lang" is read as the pipeline reads a network's
                                    language tag: only when the text says too little
    socialops model eval [--corrections FILE]
                                    precision and recall per intent and polarity on corrected
                                    posts (JSON lines of Correction records); without a file,
                                    on the corpus's held-out split
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from bot.core.jsonbody import integer
from bot.core.text import scrub

COMMANDS = ("enrich", "model")


def register(cmd: Any) -> None:
    """Add the commands through the ``socialops`` parser's ``cmd(name, help, parent=...)``
    (which gives each the global options)."""
    e = cmd("enrich", "language, intent and sentiment of JSON-lines posts")
    e.add_argument("file", help='JSON lines with "text" (and optional "lang"); - for stdin')
    m = cmd("model", "the embedded intent and sentiment model")
    msub = m.add_subparsers(dest="model_command", required=True,
                            parser_class=type(m))
    ev = cmd("eval", "precision and recall on corrected posts", msub)
    which = ev.add_mutually_exclusive_group()
    which.add_argument("--corrections", metavar="FILE", type=Path, default=None,
                       help="JSON lines of corrections (default: the corpus's held-out split)")
    which.add_argument("--stored", action="store_true",
                       help="this deployment's corrections (`label` in chat), from the store "
                            "the config names")


def run(args: argparse.Namespace, *, out: TextIO | None = None,
        err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    if args.command == "enrich":
        # bytes: a line that is not UTF-8 is skipped and said, not a traceback for the file
        if args.file == "-":
            stdin = getattr(sys.stdin, "buffer", sys.stdin)  # a test's StringIO has none
            return enrich_lines(stdin, out=out, err=err, name="<stdin>")
        with open(args.file, "rb") as fh:
            return enrich_lines(fh, out=out, err=err, name=args.file)
    if getattr(args, "stored", False):
        import asyncio

        from bot.core.config import load_config
        from bot.core.errors import UsageError

        if not args.config.exists():
            raise UsageError(f"{args.config}: config file not found (--stored reads the store "
                             "it names)")
        from bot.app.lock import database_to_read

        loaded = load_config(args.config)
        database_to_read(loaded)
        return model_eval(None, out=out, err=err,
                          stored=asyncio.run(_stored_corrections(loaded)))
    return model_eval(args.corrections, out=out, err=err)


async def _stored_corrections(loaded: Any) -> list[Any]:
    from datetime import UTC, datetime

    from bot.core import keys as K
    from bot.core.models import Correction
    from bot.core.settings import Settings
    from bot.store import open_store

    store = await open_store(loaded.config.store, redis_url=Settings.read().redis_url,
                             clock=lambda: datetime.now(UTC), read_only=True)
    try:
        raw = await store.list_raw(K.CORRECTION)
    finally:
        await store.close()
    return sorted((Correction.model_validate_json(r) for r in raw), key=lambda c: c.at)


def _json_line(line: str) -> Any:
    """One line's JSON; ValueError says what is wrong with it."""
    try:
        # an integer past the digits int() converts (a labelled file's ids, say) stays its
        # digits: the line's text is read, not skipped with Python's advice to raise the limit
        return json.loads(line, parse_int=integer)
    except RecursionError:  # json's reader recurses once per level of [ or {
        raise ValueError("nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None


def _read(line: str | bytes) -> tuple[str, str | None]:
    """(text, declared language) of one input line; ValueError says what is wrong."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not UTF-8 text (byte {exc.start + 1})") from None
    item = _json_line(line)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise ValueError('expected an object with a "text" string')
    lang = item.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise ValueError('"lang" must be a string')
    return scrub(item["text"]), lang  # a lone surrogate escape ("\\ud83d") cannot be written


def enrich_lines(lines: Iterable[str | bytes], *, out: TextIO, err: TextIO,
                 name: str = "<stdin>") -> int:
    """One JSON line out per good line in; 0 even when lines were skipped (they are
    reported as ``name:line: skipped: why``), 1 when nothing could be read."""
    from bot.enrich import Enricher
    from bot.enrich.sentiment import sentiment_of

    enricher = Enricher()
    done = skipped = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            text, lang = _read(line)
        except ValueError as exc:
            print(f"{name}:{number}: skipped: {exc}", file=err)
            skipped += 1
            continue
        # as the pipeline reads a mention and its network's language tag: the text decides,
        # "lang" only when the text says too little (docs/intelligence.md)
        language, confidence = enricher.detect(text, lang)
        prediction, vader = enricher.predict(text, language)
        sentiment = sentiment_of(prediction, vader=vader)
        out.write(json.dumps({
            "language": language, "language_confidence": confidence,
            "intent": prediction.intent,
            "intent_confidence": round(prediction.intent_confidence, 3),
            "polarity": sentiment.label,
            "polarity_confidence": round(prediction.polarity_confidence, 3),
            "compound": sentiment.compound, "method": sentiment.method,
        }, ensure_ascii=False) + "\n")
        done += 1
    print(f"{done} enriched, {skipped} skipped", file=err)
    return 0 if done or not skipped else 1


def model_eval(path: Path | None, *, out: TextIO, err: TextIO,
               stored: list[Any] | None = None) -> int:
    from bot.enrich.corrections import precision_recall
    from bot.enrich.model import shipped_model

    model = shipped_model()
    if stored is not None:
        corrections = stored
        source = f"this deployment's {len(stored)} corrected post(s)"
        if not stored:
            out.write("no corrections stored yet: `label <ticket id> <intent|polarity>` in "
                      "chat makes one\n")
            return 0
    elif path is None:
        corrections = _held_out_as_corrections()
        source = "the corpus's held-out split"
    else:
        corrections = []
        skipped = 0
        for number, line in enumerate(_lines(path), 1):
            if not line.strip():
                continue
            try:
                corrections.append(parse_correction(line))
            except ValueError as exc:
                print(f"{path}: line {number}: skipped: {exc}", file=err)
                skipped += 1
        if not corrections:
            from bot.core.errors import UsageError

            why = f"all {skipped} line(s) were skipped" if skipped else "the file is empty"
            raise UsageError(f"{path}: no corrections to evaluate ({why}); each line is a JSON "
                             f"object {CORRECTION_SHAPE}")
        source = str(path)
    results = precision_recall(corrections, model)
    out.write(f"shipped model on {source}\n")
    for field, result in results.items():
        out.write(f"{field}: {result.correct}/{result.total} right "
                  f"(accuracy {result.accuracy:.2f})\n")
        for label, s in result.labels.items():
            if s.support or s.predicted:
                out.write(f"  {label:<10} precision {s.precision:.2f}  recall {s.recall:.2f}"
                          f"  (corrected to it: {s.support}, predicted: {s.predicted})\n")
    return 0


CORRECTION_SHAPE = ('{"text": ..., "field": "intent"|"polarity", "old": ..., "new": ..., '
                    '"who": ..., "at": "2026-11-01T09:00:00Z"} (optional: "language", "post")')


def _lines(path: Path) -> list[str]:
    from bot.core.errors import UsageError

    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UsageError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def parse_correction(line: str) -> Any:
    """One JSON line as a Correction; ValueError says, in one line, which fields are wrong
    and what they take."""
    from pydantic import ValidationError

    from bot.core.models import INTENTS, POLARITIES, Correction
    from bot.core.validation import humane

    item = _json_line(line)
    if not isinstance(item, dict):
        raise ValueError(f"not a JSON object; write {CORRECTION_SHAPE}")
    labels = {"intent": INTENTS, "polarity": POLARITIES}.get(str(item.get("field")))
    if labels is not None and "new" in item and item["new"] not in labels:
        raise ValueError(f"new: {str(item['new'])[:40]!r} is not {_a(item['field'])} label "
                         f"(one of {', '.join(labels)})")
    try:
        return Correction.model_validate(item)
    except ValidationError as exc:
        parts, missing = [], []
        for e in exc.errors():
            where = ".".join(str(p) for p in e["loc"])
            if e["type"] == "missing":
                missing.append(where)
            elif e["type"] == "extra_forbidden":
                parts.append(f"{where}: unknown field")
            else:
                parts.append(f"{where}: {humane(e)}" if where else humane(e))
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        raise ValueError("; ".join(parts) + f"; a correction is {CORRECTION_SHAPE}") from None


def _held_out_as_corrections() -> list[Any]:
    """The held-out posts as if each had been corrected to its label."""
    from datetime import UTC, datetime

    from bot.core.models import Correction
    from bot.enrich.corpus import load_corpus

    at = datetime(2026, 11, 1, tzinfo=UTC)
    out = []
    for post in load_corpus():
        if post.split != "held":
            continue
        out.append(Correction(text=post.text, language=post.lang, field="intent", old="",
                              new=post.intent, who="corpus", at=at))
        out.append(Correction(text=post.text, language=post.lang, field="polarity", old="",
                              new=post.polarity, who="corpus", at=at))
    return out


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"
