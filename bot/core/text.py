"""Platform-independent handling of untrusted social text: control characters, invisible
characters and size. Each renderer adds its own escaping (Slack mrkdwn, Discord markdown, rich
markup) on top of ``clean``.
"""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except tab and newline (ANSI escapes start with ESC, so they go too), and the
# invisible characters used to hide or reorder text: zero-width, bidi embeddings/overrides/isolates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_BLANKS = re.compile(r"\n{3,}")

MAX_TEXT = 20_000  # what we keep of one post; renderers cut far shorter


def clean(text: str, *, limit: int = MAX_TEXT) -> str:
    """Drop control and invisible characters, normalise newlines, bound the size."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
