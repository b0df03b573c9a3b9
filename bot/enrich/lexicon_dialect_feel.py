"""Egyptian and Levantine Arabic words of feeling the lexicon misses, and two that read either
way: "خدمة ... زي الزفت" (like tar: awful), "... خرا" (crap), "تحفة" (a masterpiece: great),
"مش طبيعي" (not normal: unreal, or unacceptable), "بيجنن" (Levantine: amazing; Egyptian:
maddening).

The lexicon has "زفت" as a word's start, which the article glued to it ("الزفت") hides, and
has neither the vulgar "خرا" nor the verbs of disgust; a review's labelled file of consumer
brands (2026-12-07) read Egyptian "حاجة تقرف" and Levantine praise without their feeling in its
dev half. Written from general knowledge of the two dialects, not mined from a labelled file.
``model.TextModel.predict`` reads a post with a word of ``NEGATIVE`` (and none of
``POSITIVE``) that the model took as ``other`` or praise as a complaint, and a complaint with
one negative; a post with a word of ``POSITIVE`` (none of ``NEGATIVE``, no fault) read
``other``, neutral, as praise. A word of ``EITHER`` counts for the side the post's other words
take (the lexicon's fault or negative concept, its positive concept) and alone for neither.
News ("تطلق", "أعلنت": the lexicon's ``news``) is left to the model.
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts

NEGATIVE: dict[str, str] = {
    # "زي الزفت" / "الزفت": like tar, awful (Egyptian, Levantine); the article hides "زفت"
    # "خرا", "خرة", "خره": crap (Levantine and Egyptian, vulgar)
    # "تقرف", "يقرف", "بتقرف", "بيقرف": disgusts (both; "مقرف" the lexicon has)
    "ar": "زي الزفت|الزفت$|خرا$|خرة$|خره$|تقرف|يقرف|بتقرف|بيقرف",
}
POSITIVE: dict[str, str] = {
    # "تحفة": a masterpiece, great (Egyptian, Levantine; in the lexicon too, repeated so the
    # rule sees it); "يجنن": lovely, amazing ("حلو يجنن"; both); "مية مية": a hundred per
    # cent, perfect (Levantine, Egyptian); "بيرفكت": the loan "perfect"
    "ar": "تحفة|تحفه|يجنن|مية مية|ميه ميه|بيرفكت",
}
EITHER: dict[str, str] = {
    # "مش طبيعي": not normal, both "unreal" praise ("سرعة ... مش طبيعية") and "unacceptable"
    # ("التأخير ده مش طبيعي"); "مو طبيعي" its Gulf and Levantine form
    # "بيجنن", "بتجنن", "بجنن": Levantine "amazing", Egyptian "drives me mad"
    # "فظيع", "رهيب": standard Arabic "awful", colloquial "awesome" too
    "ar": "مش طبيعي|مش طبيعية|مش طبيعيه|مو طبيعي|بيجنن|بتجنن|بجنن|فظيع|رهيب",
}

_NEG, _POS, _FAULT = (CONCEPT_NAMES.index(n) for n in ("negative", "positive", "fault"))
_NEWS = CONCEPT_NAMES.index("news")


def _pattern(table: dict[str, str]) -> re.Pattern[str]:
    """``table``'s entries over folded text, each at a word's start ("$": the whole word)."""
    from bot.enrich.features import fold_text  # the one text policy

    entries = sorted({fold_text(w) for text in table.values() for w in text.split("|")},
                     key=len, reverse=True)
    words = "|".join(re.escape(w[:-1]) + r"(?!\w)" if w.endswith("$") else re.escape(w)
                     for w in entries)
    return re.compile(r"(?<!\w)(?:" + words + ")")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return _pattern(NEGATIVE), _pattern(POSITIVE), _pattern(EITHER)


def dialect_feeling(folded: str) -> str | None:
    """"negative", "positive" or None: the feeling a folded post's Egyptian or Levantine words
    of feeling give it, none when they pull both ways, or the post is news."""
    negative, positive, either = _patterns()
    neg, pos = negative.search(folded) is not None, positive.search(folded) is not None
    if not (neg or pos or either.search(folded)):
        return None  # most posts: three searches of small patterns
    counts = concept_counts(folded)
    if counts[_NEWS]:
        return None
    blamed = counts[_NEG] > 0 or counts[_FAULT] > 0
    if either.search(folded) is not None:
        neg = neg or blamed
        pos = pos or counts[_POS] > 0
    if neg and not pos:
        return "negative"
    if pos and not neg and not blamed:
        return "positive"
    return None
