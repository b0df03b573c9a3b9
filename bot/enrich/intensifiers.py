"""Words that say "very", and the word of feeling or of trouble they strengthen.

"Very bad" is worse than "bad", as VADER's boosters say of English. The model read the
intensifier as a word of its own, and the corpus writes one most often in praise ("çok iyi",
"bardzo dobrze", "너무 좋다", "super freundlich"), so it had learned "very" as praise: "hizmet çok
kötü" (the service is very bad) and "сервіс дуже поганий" read as positive, and "support is
super unhelpful" as praise, "super" being a word of praise of its own in French, German,
Polish and Turkish (features v71).

``intensified`` reads an intensifier that stands right before a negative, positive or trouble
word of the lexicon (right after it in Arabic and Thai, and in Portuguese "demais") as part of
it: the word counts once more, and an intensifier that is itself an entry ("super", "trop")
no longer counts for its own concept there. Elsewhere ("super service", "très bien") an
entry that is an intensifier counts as before.

Every language's intensifiers are read in every post, as the lexicon's entries are; they are
folded (lower case, no accents) as the post is. Left out because they are other words: Spanish
"re" and French "bien" (a prefix, and "well"), Russian "просто" (simply), Polish "za" (for),
English "pretty" and "quite" (which hedge as often as they strengthen). Written on 2026-12-04
from general knowledge, not from any labelled set's errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# before the word, with a space between: folded, whole words
_BEFORE_SPACED = (
    "very", "really", "so", "super", "extremely", "too", "incredibly", "totally", "absolutely",
    "sehr", "extrem", "total", "echt", "richtig", "voll", "mega", "tres", "trop", "vraiment",
    "hyper", "tellement", "muy", "demasiado", "tan", "bastante", "realmente", "muito", "tao",
    "bem", "очень", "слишком", "крайне", "дуже", "надто", "занадто", "вкрай", "bardzo",
    "strasznie", "zbyt", "totalnie", "naprawde", "cok", "asiri", "gercekten", "cidden",
    "resmen", "너무", "정말", "진짜", "완전", "엄청", "아주", "매우", "넘",
)
# before the word, a space or none: scripts without spaces
_BEFORE_GLUED = (
    "非常", "特别", "超级", "超", "很", "太", "好", "真", "极", "巨",
    "とても", "すごく", "めっちゃ", "本当に", "かなり", "非常に", "マジで",
)
# after the word
_AFTER_SPACED = ("جدا", "جدًا", "جداً", "للغاية", "demais")
_AFTER_GLUED = ("มาก", "สุดๆ", "เกินไป")

_BEFORE = re.compile(
    "(?:(?<!\\w)(?:" + "|".join(map(re.escape, _BEFORE_SPACED)) + ") "
    "|(?:" + "|".join(map(re.escape, _BEFORE_GLUED)) + ") ?)$")
_AFTER = re.compile(  # after the rest of the word an entry starts ("سيئة جدا")
    "^(?:\\w* (?:" + "|".join(map(re.escape, _AFTER_SPACED)) + ")(?!\\w)"
    "|(?:" + "|".join(map(re.escape, _AFTER_GLUED)) + "))")
# how far before a word its intensifier may start: the longest, and its space
_LONGEST = max(map(len, (*_BEFORE_SPACED, *_BEFORE_GLUED))) + 1


def intensified(folded: str, hits: list[tuple[int, int, int]],
                strengthened: Iterable[int]) -> list[tuple[int, int, int]]:
    """``hits`` (the lexicon's (concept, start, end inclusive) in ``folded``) with each hit of
    a concept in ``strengthened`` that an intensifier stands next to counted once more, and the
    intensifier's own hit, if it is an entry ("super"), dropped; in order of where they end."""
    kinds = frozenset(strengthened)
    more: list[tuple[int, int, int]] = []
    dropped: set[tuple[int, int]] = set()  # (start, end) of the intensifiers' own entries
    for concept, start, end in hits:
        if concept not in kinds:
            continue
        before = _BEFORE.search(folded, max(0, start - _LONGEST), start)
        if before is not None:
            more.append((concept, start, end))
            dropped.add((before.start(), before.end() - 1))
            continue
        if _AFTER.match(folded[end + 1:end + 41]):
            more.append((concept, start, end))
    if not more:
        return hits
    out = [hit for hit in hits if not any(
        hit[1] >= a and hit[2] <= b for a, b in dropped)]
    out += more
    out.sort(key=lambda hit: hit[2])
    return out

