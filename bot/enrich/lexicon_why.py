"""Asking "why" in the languages the corpus lacks: "Kwa nini ... inachukua siku tatu ...?",
"ለምን ...?", "Me yasa ... ba sa biyan ...?", "Hoekom vra
... 'n ekstra fooi?".

The corpus's guidelines make a customer's "why ...?" a reproach: 84 of its 101 posts with
"why" are complaints, 4 questions (``lexicon``'s concept ``why``). The model learnt that in the
corpus's nine languages, and reads "why" and its frames there itself ("how is it possible to
change my appointment?" asks). In the languages the corpus lacks it has only the concept's cue
to go on, and read such posts as questions, or as complaints without feeling (a seventh
review's labelled file, 2026-12-07, where "why" in Hausa, Amharic, Nepali, Sinhala, Yoruba,
Zulu, Burmese and Khmer was still a question word and Afrikaans and Haitian Creole had none).
``model.TextModel.predict`` reads a post that asks why in one of them as a complaint, negative.
The words are the ``why`` entries of the lexicons of those languages (``lexicon_world``,
``lexicon_far``, ``lexicon_gaps``), matched as ``lexicon`` matches them. Not Croatian and
Serbian "zašto", still a question word in ``lexicon_slavic``: a labelled set
(``tests/data/probe_neighbours.tsv``) asks "Zasto mi je racun veci nego prosli mesec?" as a
question, where the sixth and seventh reviews' files make such a post a complaint. It is a
complaint beside a fault only (``asks_why_at_fault``, below; 2026-12-07).
"""

from __future__ import annotations

import re
from functools import cache

from bot.enrich.lexicon import CONCEPT_NAMES, concept_counts
from bot.enrich.lexicon_far import FAR
from bot.enrich.lexicon_gaps import NEW_LANGUAGES
from bot.enrich.lexicon_wait import entries_pattern
from bot.enrich.lexicon_world import WORLD

_TABLES = (WORLD, FAR, NEW_LANGUAGES)


@cache
def _pattern() -> re.Pattern[str]:
    """The ``why`` entries of ``_TABLES`` over folded text (``lexicon_wait.entries_pattern``)."""
    by_language: dict[str, list[str]] = {}
    for table in _TABLES:
        for lang, text in table.get("why", {}).items():
            by_language.setdefault(lang, []).append(text)
    return entries_pattern({lang: "|".join(texts) for lang, texts in by_language.items()})


def asks_why(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) asks why in a language the corpus
    lacks."""
    return _pattern().search(folded) is not None


# Croatian, Serbian and Bosnian "zašto" (folded "zasto") asks a fact as often as it reproaches
# ("Zasto mi je racun veci nego prosli mesec?" asks, in a labelled set); beside a fault it
# reproaches ("Zašto mi ... još nije isplatio dobitak?", "Zašto ... stalno pada?": the sixth
# and seventh reviews' files). The fault is the lexicon's concept or one of these words the
# lexicon lacks, in the three languages (folded, so with and without their marks): an app
# that "pada" (falls over) or "se ruši" (crashes), "zablokirali" (blocked), "još nije" (still
# has not: a thing awaited), "ne mogu" (I can't), "čekam" (I have been waiting), "naplatili
# dvaput" (charged twice), "otkazan" (a cancelled ride, order or flight charged for)
_SLAVIC_WHY = re.compile(r"(?<!\w)zasto(?!\w)")
_SLAVIC_FAULT = re.compile(
    r"(?<!\w)(?:pada|padne|pade|rusi|srusi|srusila|srusio|zablokir\w*|jos nije|jos uvijek nije|"
    r"jos uvek nije|ne mogu|ne moze|cekam|cekamo|dvaput|dva puta|otkazan\w*)(?!\w)"
)


def asks_why_at_fault(folded: str) -> bool:
    """Whether a folded post asks "zašto" (Croatian, Serbian, Bosnian) beside a fault: the
    lexicon's concept ``fault`` or one of ``_SLAVIC_FAULT``'s words."""
    if _SLAVIC_WHY.search(folded) is None:
        return False  # most posts: one search of a small pattern
    if _SLAVIC_FAULT.search(folded) is not None:
        return True
    return concept_counts(folded)[CONCEPT_NAMES.index("fault")] > 0
