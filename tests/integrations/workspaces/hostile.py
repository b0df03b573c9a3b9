"""The hostile-text corpus: social posts written to ping a whole company, inject links or
formatting, draw the bot's own layout, hide or reorder text, break encodings, or blow through
length limits. Every workspace renderer (console, Slack, Discord) must show them as inert text:
nothing may ping, render as a link, format itself or crash.

The rows live in ``tests/data/hostile_text.tsv`` (ASCII with Python escapes, one class per row).
Add a row whenever a new trick is seen in the wild; every renderer picks it up through the
Workspace contract suite (``tests/integrations/workspaces/contract.py``) and the pipeline through
``tests/chaos/test_hostile_text.py``.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

TSV = Path(__file__).parents[2] / "data" / "hostile_text.tsv"
VISIBLE_LIMIT = 2_000  # longer rows are cut by every renderer, so they need not show in full
CLASSES = ("ping", "link", "markdown", "fake_bot", "invisible", "bidi", "separator",
           "surrogate", "control", "entity", "long")


@dataclass(frozen=True)
class Hostile:
    name: str
    text: str
    visible: bool = True  # short enough that the reader must see it (cleaned) in full
    kind: str = "other"

    def __str__(self) -> str:  # pytest ids
        return self.name


def load(path: Path = TSV) -> tuple[Hostile, ...]:
    rows: list[Hostile] = []
    for lineno, line in enumerate(path.read_text(encoding="ascii").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, name, repeat, raw = line.split("\t", 3)
        if kind not in CLASSES:
            raise ValueError(f"{path.name}:{lineno}: unknown class {kind!r}")
        text = codecs.decode(raw, "unicode_escape") * int(repeat)
        rows.append(Hostile(name, text, visible=len(text) <= VISIBLE_LIMIT, kind=kind))
    names = [r.name for r in rows]
    if len(set(names)) != len(names):
        raise ValueError(f"{path.name}: duplicate row names")
    return tuple(rows)


CORPUS: tuple[Hostile, ...] = load()

# Bare URLs in a post are the post's own content; clients may link them on their own (Slack's
# verbatim text does not; Discord always does). They are kept out of the strict corpus above.
BARE_URLS = ("http://evil.example/bare", "www.evil.example")
