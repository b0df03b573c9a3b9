"""Platform-independent handling of untrusted social text: control characters, invisible
characters, separators, broken UTF-16 and size. Each renderer adds its own escaping (Slack
plain text, Discord markdown, the console's reserved glyphs) on top of ``clean``.

Two levels:

- ``scrub`` is lossless apart from what cannot be kept: a lone UTF-16 surrogate (which JSON
  escapes such as ``"\\ud83d"`` produce) becomes U+FFFD, because it cannot be encoded as UTF-8
  and would crash language detection, fingerprints and every JSON serialiser downstream; the
  line and paragraph separators U+2028/U+2029 become newlines, because renderers, terminals and
  line-based readers each treat them differently. ``Mention`` applies it to every field at the
  edge, so whatever a normaliser builds is safe to store.
- ``clean`` also drops control and invisible characters and bounds the size: for display.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# C0/C1 controls except tab and newline (ANSI escapes start with ESC, so they go too), and the
# invisible characters used to hide or reorder text: zero-width, bidi embeddings/overrides/isolates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_BLANKS = re.compile(r"\n{3,}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n"})
# Letters and symbols that draw nothing (Hangul fillers, the braille blank, the Mongolian vowel
# separator, the combining grapheme joiner): a text made of them looks empty but is not "space".
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5")

# Spaces, separators, controls, format characters (zero-width, bidi, tags), lone surrogates and
# non-spacing marks. Private-use and unassigned characters draw a glyph or a box, so they count.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Mn", "Me"})

MAX_TEXT = 20_000  # what we keep of one post; renderers cut far shorter


def scrub(text: str) -> str:
    """Lone surrogates to U+FFFD, U+2028/U+2029 to newlines; everything else kept."""
    if text.isascii():
        return text
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text.translate(_SEPARATORS)


def scrub_deep(value: Any) -> Any:
    """``scrub`` every string in a JSON-like value (a payload kept as ``raw``), keys included."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub_deep(k): scrub_deep(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub_deep(v) for v in value]
    return value


def is_blank(text: str) -> bool:
    """True when ``text`` would show nothing: only spaces, separators, controls, format and
    invisible characters, combining marks without a base, or letters that draw nothing."""
    for ch in text:
        if ch in _BLANK_LOOKING:
            continue
        if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES:
            return False
    return True


def clean(text: str, *, limit: int = MAX_TEXT) -> str:
    """Drop control and invisible characters, normalise newlines and separators, replace broken
    UTF-16, bound the size."""
    text = scrub(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _UNSAFE.sub("", text)
    text = _BLANKS.sub("\n\n", text).strip()
    return truncate(text, limit)


def truncate(text: str, limit: int, *, marker: str = "…") -> str:
    """Cut to at most ``limit`` characters, on a word boundary when one is near."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(marker))]
    if not text[len(cut)].isspace():  # mid-word: back up to the last space, if one is near
        space = cut.rfind(" ", max(0, len(cut) - 40))
        if space > 0:
            cut = cut[:space]
    return cut.rstrip() + marker


def one_line(text: str, limit: int) -> str:
    return truncate(" ".join(clean(text).split()), limit)


# Letters with a stroke or slash have no Unicode decomposition, so NFKD keeps them: map them.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ŧ": "t", "ı": "i"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form for comparisons (not for display)."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(
        _UNDECOMPOSABLE)
