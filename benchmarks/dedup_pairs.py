"""Precision and recall of what the pipeline merges, on a hand-labelled set of pairs.

    .venv/bin/python benchmarks/dedup_pairs.py [--file tests/fixtures/dedup_pairs_labelled.jsonl]
                                               [--show wrong|all|none]

Each pair of normalised mentions (``a`` then ``b``) goes through the real pipeline of the
composition root (``open_app``) on a store of its own (a SQLite file), under one route that
matches every post, as ``socialops replay`` of the two lines would; the pair is *merged* when
its two posts made one card. A pair labelled ``same`` (one post reached twice, or the same
words cross-posted by one person) should be merged; any other should not. Precision: of the
pairs merged, those labelled same; recall: of the pairs labelled same, those merged. Beside
them, in the same run, the baseline of a bot that de-duplicates by post id alone. The figures
are given for the whole file and for each of its splits: ``dev``, the pairs the rules were
fixed on (a pair with no ``split``), and ``held``, ``held3``, ``held4``, pairs labelled before
a later review's fixes (the second's, the third's, the fourth's) and never tuned on.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app.compose import open_app  # noqa: E402
from bot.core.config import load_config  # noqa: E402
from bot.core.models import Mention  # noqa: E402
from integrations.console.workspace import ConsoleWorkspace  # noqa: E402

LABELLED = ROOT / "tests" / "fixtures" / "dedup_pairs_labelled.jsonl"
CONFIG = """\
sources:
  - {{id: pairs, type: replay, path: {replay}}}
workspaces: [{{name: console, type: console, record: {record}}}]
channels:
  all: {{workspace: console, id: all}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: sqlite, path: {db}}}
"""
RULES = "routes:\n  - {name: every, match: {}, channel: all}\n"


def read_pairs(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


async def cards_of(pair: dict[str, Any]) -> int:
    """How many cards the pair's two posts made, processed one after the other."""
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "empty.jsonl").write_text("")
        (tmp / "rules.yaml").write_text(RULES)
        (tmp / "socialops.yaml").write_text(CONFIG.format(
            replay=tmp / "empty.jsonl", record=tmp / "cards.jsonl", db=tmp / "s.db"))
        async with open_app(load_config(tmp / "socialops.yaml"), out=io.StringIO(),
                            owner="pairs") as app:
            await app.start()
            for side in ("a", "b"):
                await app.pipeline.process(Mention.model_validate(pair[side]))
            await app.outbox.drain()
            console = app.workspaces["console"]
            assert isinstance(console, ConsoleWorkspace)
            return sum(1 for r in console.records() if r["op"] == "post")


def figures(rows: list[tuple[dict[str, Any], bool]]) -> tuple[float, float, int, int, int]:
    merged_same = sum(1 for p, merged in rows if merged and p["same"])
    merged = sum(1 for _, m in rows if m)
    same = sum(1 for p, _ in rows if p["same"])
    precision = merged_same / merged if merged else 1.0
    recall = merged_same / same if same else 1.0
    return precision, recall, merged_same, merged, same


async def measure(path: Path) -> list[tuple[dict[str, Any], bool]]:
    return [(p, await cards_of(p) == 1) for p in read_pairs(path)]


def same_id(pair: dict[str, Any]) -> bool:
    """The baseline: merged only when both sides carry the same post id (what a bot that
    de-duplicates by id alone does), decided without the pipeline."""
    return bool(pair["a"]["id"] == pair["b"]["id"])


def split_of(pair: dict[str, Any]) -> str:
    return str(pair.get("split", "dev"))


def report_figures(rows: list[tuple[dict[str, Any], bool]], name: str) -> None:
    precision, recall, hit, merged, same = figures(rows)
    print(f"{name}: {len(rows)} pairs, {same} labelled one post; merged {merged}, "
          f"of them {hit} rightly")
    print(f"  precision {precision:.3f}, recall {recall:.3f}")
    base_precision, base_recall, *_ = figures([(p, same_id(p)) for p, _ in rows])
    print(f"  baseline, the same id alone: precision {base_precision:.3f}, "
          f"recall {base_recall:.3f}")


def report(rows: list[tuple[dict[str, Any], bool]], show: str) -> None:
    report_figures(rows, "all")
    for split in sorted({split_of(p) for p, _ in rows}):
        report_figures([r for r in rows if split_of(r[0]) == split], split)
    groups: dict[str, list[bool]] = defaultdict(list)
    for p, merged_ in rows:
        groups[p["group"]].append(merged_ == p["same"])
    for group, right in sorted(groups.items()):
        print(f"  {group:55} {sum(right):3}/{len(right)} right")
    for p, merged_ in rows:
        if show == "all" or (show == "wrong" and merged_ != p["same"]):
            verdict = "merged" if merged_ else "kept apart"
            label = "same" if p["same"] else "different"
            print(f"{p['id']} ({split_of(p)}) {verdict} (labelled {label}): {p['reason']}"
                  f"\n    a: {p['a']['text'][:90]!r}\n    b: {p['b']['text'][:90]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=LABELLED)
    parser.add_argument("--show", choices=("wrong", "all", "none"), default="wrong")
    args = parser.parse_args()
    report(asyncio.run(measure(args.file)), args.show)


if __name__ == "__main__":
    main()
