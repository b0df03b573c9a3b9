"""Disbelief asked of the company after a fault: "lost my parcel for the third time,
seriously??", "третий раз теряете посылку, вы серьезно??", "认真的吗？？". A rule's words, not a
concept's: the post's only question asks nothing, so what the model reads as a question (or,
for a number beside it, a lead) is a complaint (``model.as_complaint``).

Written from general knowledge by a review (2026-12-06) after its blind set's dev half read
such posts as questions and leads (Chinese "认真的吗" holds "认真", conscientious, a word of
praise; Indonesian "3x" a price's). A rule, not entries of a concept: the corpus's train posts
hold "серйозно?", "serio?", "ernsthaft?" already, so as entries they would move the weights.
Only beside a word of fault (``lexicon`` concept ``fault``) and at the end of the post or a
clause, with its question mark: "Seriously, is there a family plan?" asks.
"""

from __future__ import annotations

import re
from functools import cache

DISBELIEF: dict[str, str] = {
    "en": "seriously|for real|are you serious|are you kidding me|you kidding me|really",
    "es": "en serio|es en serio|neta|de verdad",
    "pt": "sério|serio|é sério|ta de brincadeira|tá de brincadeira",
    "fr": "sérieux|sérieusement|c'est sérieux|vous êtes sérieux|sans blague",
    "de": "ernsthaft|im ernst|echt jetzt|ist das euer ernst",
    "it": "sul serio|davvero|seriamente|ma siete seri",
    "nl": "serieus|echt waar|menen jullie dit",
    "pl": "serio|poważnie|na serio",
    "uk": "серйозно|ви серйозно|ви що",
    "ru": "серьезно|серьёзно|вы серьезно|вы серьёзно|вы что",
    "tr": "ciddi misiniz|ciddi mi|ciddiye mi|şaka mı",
    "id": "serius|beneran|yang bener aja|yg bener aja",
    "ar": "جد|جدي|بجد|معقول",
    "hi": "सच में|seriously yaar|sach mein",
    "zh": "认真的吗|真的假的|开玩笑吗|搞什么",
    "ja": "マジで|本気で|ふざけてる",
    "ko": "진짜|실화냐|장난하나",
}

_UNSPACED = ("zh", "ja", "ko")


@cache
def _pattern() -> re.Pattern[str]:
    from bot.enrich.features import fold_text

    spaced = sorted({fold_text(w) for lang, text in DISBELIEF.items() if lang not in _UNSPACED
                     for w in text.split("|")}, key=len, reverse=True)
    unspaced = sorted({fold_text(w) for lang, text in DISBELIEF.items() if lang in _UNSPACED
                       for w in text.split("|")}, key=len, reverse=True)
    words = "|".join(map(re.escape, spaced))
    signs = "|".join(map(re.escape, unspaced))
    # the phrase and its question mark(s) end the post or a clause (", seriously??!")
    return re.compile(rf"(?:(?<!\w)(?:{words})|(?:{signs}))"
                      r"\s*[?？؟][?？؟!！]*\s*(?:$|[.,;!。，]|\n)")


def disbelief(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) holds a question of disbelief at the
    end of a clause (the module docstring); the caller asks for a fault beside it."""
    return _pattern().search(folded) is not None
