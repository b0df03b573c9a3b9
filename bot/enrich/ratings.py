"""A review's rating, read as a word of praise or of complaint.

App-store and shop reviews arrive with their rating in the text: "★★☆☆☆", "1/5", "5/5
stars", "Rating: 2/5", "1 star", "5 Sterne", "5 estrelas.". The stars are not
words of any language, so the lexicon cannot hold them, and the model saw few in training
(and "★" reads as just another emoji there). ``marked`` puts one mark where a rating stands:
``LOW`` for two stars of five or fewer (40 % or less), ``HIGH`` for four or more (80 % or
more); three of five says neither and is only taken out. The features
(``bot.enrich.features.cues``) count a ``LOW`` mark as an occurrence of the ``negative``
concept and a ``HIGH`` one as ``positive``, whose weights the corpus trains.

Not every star is a rating: follower spam sells "⭐⭐⭐⭐⭐ reviews" and "5 yıldızlı yorum", and
"1/5" may be a date. So a run of stars counts anywhere only when it has hollow ones
("★★☆☆☆": that shape is a rating), a run of filled stars only at the start of the post, where
a review puts its rating; "N/5" counts anywhere outside a longer run of slashes ("1/5/2026")
and numbers ("24/5"), "4.5/5" too; "N stars" and its kind in the languages of the lexicon
count only at the start of the post or at its very end. "N/10" is not read: "10/10 would
starve again" is as common as the sincere one (the corpus has both), and reading it moved
posts of the held-out split that have no rating, none for the better.
"""

from __future__ import annotations

import re

LOW = "\ue002"
HIGH = "\ue003"

_FILLED = "★⭐✭✮"
_HOLLOW = "☆✩"
_GLYPH = re.compile(f"[{_FILLED}{_HOLLOW}]")
_STARS = re.compile(rf"[{_FILLED}{_HOLLOW}](?:\ufe0f?[{_FILLED}{_HOLLOW}])*\ufe0f?")
_OUT_OF = re.compile(r"(?<![\w/.,])(\d(?:[.,]\d)?)\s?/\s?(5)(?![\w/]|[.,]\d)")
_STAR_WORDS = (
    r"stars?|sterne?|étoiles?|etoiles?|estrellas?|estrelas?|stelle|stella|sterren|ster|"
    r"gwiazd(?:ka|ki|ek)?|звезд[аыу]?|звёзд|зірк[аиі]?|зірок|yıldız|stjärn(?:a|or)|"
    r"つ星|颗星|نجوم|نجمة|نجمتين"
)
_EDGE = 2  # how many other characters may stand before (or after) a rating in words
_COUNTED = rf"([0-5]|one|two|three|four|five)\s?(?:{_STAR_WORDS})"
_OPENING = re.compile(rf"\W{{0,{_EDGE}}}{_COUNTED}(?!\w)", re.IGNORECASE)
_CLOSING = re.compile(rf"(?<!\w){_COUNTED}\W{{0,{_EDGE}}}$", re.IGNORECASE)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _mark(share: float) -> str:
    return LOW if share <= 0.4 else HIGH if share >= 0.8 else " "


def marked(text: str) -> tuple[str, int]:
    """``text`` with each rating it holds replaced by ``LOW``, ``HIGH`` or a space (see the
    module docstring), and how many star glyphs went with them."""
    glyphs = 0
    if _GLYPH.search(text):
        parts: list[str] = []
        at = 0
        for m in _STARS.finditer(text):
            run = m.group().replace("\ufe0f", "")
            filled = sum(1 for ch in run if ch in _FILLED)
            hollow = len(run) - filled
            opens = not text[:m.start()].strip(" \t\"'([-–—:")
            if len(run) > 10 or not (hollow or (opens and filled <= 5)):
                continue
            parts += [text[at:m.start()], f" {_mark(filled / (5 if not hollow else len(run)))} "]
            at = m.end()
            glyphs += len(run)
        text = "".join(parts) + text[at:]
    if "/" in text:
        text = _OUT_OF.sub(_out_of, text)
    # "N stars" only opens or closes a post: its first and last words alone are read
    words = _OPENING.match(text) or _CLOSING.search(text, max(0, len(text) - 24))
    if words:
        text = f"{text[:words.start(1)]} {_counted(words)} {text[words.end():]}"
    return text, glyphs


def _out_of(m: re.Match[str]) -> str:
    score, scale = float(m.group(1).replace(",", ".")), int(m.group(2))
    if score > scale:
        return m.group()
    return f" {_mark(score / scale)} "


def _counted(m: re.Match[str]) -> str:
    word = m.group(1).lower()
    return _mark((_NUMBERS[word] if word in _NUMBERS else int(word)) / 5)
