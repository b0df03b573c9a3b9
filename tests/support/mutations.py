"""Hostile mutations of real payloads: every JSON path of a recorded document, and values of the
wrong kind to put there, rendered as the bytes a server would send.

A mutation is ``(path, kind)``: ``path`` a tuple of keys and indexes into the document, ``kind``
a name in ``HOSTILE``. ``render`` gives the document's JSON with the value at ``path`` replaced,
copying only the containers along the path (a 130 KB listing is not copied whole per example).
The deeply nested value is spliced in as text after encoding: ``json.dumps`` itself refuses a
value that deep, and a server sends it as bytes anyway.

Tests draw ``(path, kind)`` with hypothesis (``mutation``), derandomized and bounded
(``SETTINGS``) so a CI run is the same run every time, and a failure shrinks to the earliest
path and kind, which is what a plain regression test then spells out.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

JsonPath = tuple[str | int, ...]

DEPTH = 50_000  # of the nested value: far past the recursion limit of any recursive reader

# Values json.dumps cannot write, spliced into the encoded text where a placeholder string
# stands: nesting past every recursive reader, and the numbers Python's json reads though JSON
# has none of them (NaN, an exponent that overflows to infinity) or reads only as an error
# (an integer of more digits than int() converts: 4,300).
SPLICED: dict[str, str] = {
    "deeply nested": "[" * DEPTH + "]" * DEPTH,
    "NaN": "NaN",
    "infinity": "1e999",
    "5,000 digits": "9" * 5_000,
    # JSON's escape of a lone UTF-16 surrogate, which Python's json reads as is and no UTF-8
    # encoder (an URL's, a log stream's, a serialiser's) takes
    "lone surrogates": '"\\ud800 x \\udfff"',
}
_PLACEHOLDERS = {kind: f"\x00socialops-{n}\x00" for n, kind in enumerate(SPLICED)}

# The wrong kinds of value, by name. Numbers: one past int64 (timestamps, ids cast to int), one
# negative. Text: empty, 100 KB, one of terminal controls, NUL, lone surrogates' neighbours
# and bidi overrides (what a log line, a card or a terminal must never pass on raw), lone
# surrogates themselves (spliced as JSON's escapes), and a time that overflows in UTC.
HOSTILE: dict[str, Any] = {
    "null": None,
    "huge number": 10**30,
    "negative number": -1,
    "bool": True,
    "list": [1, "two", None],
    "object": {"unexpected": ["value"]},
    "empty string": "",
    "100 KB string": "\u00e9x" * 50_000,
    "controls and bidi": "\x00\x1b]52;c;aGk=\x07\x1b[2J\r\n\u202e\u2066evil\u2069\u200f\ufeff",
    # a time whose UTC is past year 9999 (10000-01-01T00:59:59Z): converting it overflows
    "time past 9999 in UTC": "9999-12-31T23:59:59-01:00",
    **_PLACEHOLDERS,
}
KINDS = tuple(HOSTILE)

# SOCIALOPS_MUTATIONS=5000 (with --timeout=0: pytest-timeout stops a test at 120 s) for a longer
# local hunt; CI runs the bounded default
EXAMPLES = int(os.environ.get("SOCIALOPS_MUTATIONS", "80"))
SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=EXAMPLES,
                    suppress_health_check=list(HealthCheck), print_blob=False)


def paths(value: Any, prefix: JsonPath = ()) -> Iterator[JsonPath]:
    """Every path under ``value`` (containers and leaves, not the root itself), depth first."""
    if isinstance(value, dict):
        items: Sequence[tuple[str | int, Any]] = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return
    for key, child in items:
        yield (*prefix, key)
        yield from paths(child, (*prefix, key))


def replaced(doc: Any, path: JsonPath, new: Any) -> Any:
    """``doc`` with the value at ``path`` replaced by ``new``; only the containers along the
    path are copied."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(doc, dict):
        return {**doc, head: replaced(doc[head], rest, new)}
    copy = list(doc)
    copy[int(head)] = replaced(doc[int(head)], rest, new)
    return copy


def encode(doc: Any) -> bytes:
    """The JSON bytes of ``doc``, with each ``SPLICED`` placeholder spliced in as text."""
    text = json.dumps(doc, ensure_ascii=False)
    for kind, placeholder in _PLACEHOLDERS.items():
        quoted = json.dumps(placeholder)
        if quoted in text:
            text = text.replace(quoted, SPLICED[kind])
    return text.encode()


def render(doc: Any, path: JsonPath, kind: str) -> bytes:
    return encode(replaced(doc, path, HOSTILE[kind]))


def mutation(doc: Any, *, item: Callable[[JsonPath], int | None] = lambda p: 0
             ) -> st.SearchStrategy[tuple[JsonPath, str]]:
    """``(path, kind)`` over every path of ``doc``. The envelope's paths (``item`` gives None:
    a page's cursor, counts, ``meta``) are drawn as often as the items' (a page's items hold
    nearly all its paths, and the envelope would hardly be drawn otherwise)."""
    every = list(paths(doc))
    envelope = [p for p in every if item(p) is None]
    items = [p for p in every if item(p) is not None]
    groups = [st.sampled_from(g) for g in (envelope, items) if g]
    return st.tuples(st.one_of(*groups), st.sampled_from(KINDS))


def render_all(doc: Any, changes: Sequence[tuple[JsonPath, str]]) -> bytes:
    """``doc`` with each change made in turn; a path a change before it replaced (it lies
    inside a value that is no longer there) is left out."""
    for path, kind in changes:
        if _resolves(doc, path):
            doc = replaced(doc, path, HOSTILE[kind])
    return encode(doc)


def _resolves(doc: Any, path: JsonPath) -> bool:
    for key in path:
        if isinstance(doc, list) and isinstance(key, int) and 0 <= key < len(doc):
            doc = doc[key]
            continue
        if not (isinstance(doc, dict) and key in doc):
            return False
        doc = doc[key]
    return True


def mutations_in_one_item(doc: Any, *, item: Callable[[JsonPath], int | None]
                          ) -> st.SearchStrategy[tuple[int, list[tuple[JsonPath, str]]]]:
    """An item's index and two or three changes inside it at once (fields that are each read
    on their own may break together: an id that reads and a date that does not)."""
    by_item: dict[int, list[JsonPath]] = {}
    for path in paths(doc):
        index = item(path)
        if index is not None:
            by_item.setdefault(index, []).append(path)
    return st.sampled_from(sorted(by_item)).flatmap(lambda index: st.tuples(
        st.just(index),
        st.lists(st.tuples(st.sampled_from(by_item[index]), st.sampled_from(KINDS)),
                 min_size=2, max_size=3)))


def shown(path: JsonPath) -> str:
    return "".join(f"[{p!r}]" for p in path)
