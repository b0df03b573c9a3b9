"""Praise said by denying the worst, where the lexicon's turning of a negated word does not reach:
a worry told and then answered ("Roaming was a worry but it worked fine the whole trip", "I was
nervous about moving my savings but it's been fine"), and litotes in Tagalog, Marathi, Catalan
and Galician ("Hindi naman masama ...", "... वाईट नाही", "No està gens malament ...", "Non está
nada mal ...").

The label definitions make both praise, positive: what the author feels in the end, and "not
bad" said of a product is its praise. The model read the worry as the verdict and the negated
"bad" as blame: a tenth review's labelled file (2026-12-07) read two English worries answered
and three such litotes in its dev half as ``other`` or complaints, negative (the negation review
had left "Battery was a worry but ... lasts two days easily" so). ``model.TextModel.predict``
reads a post the model took as a complaint or ``other`` so, with no word of fault or blame
after the worry's turn or beside the litotes, as praise, positive.

Entries are folded (lower case, Latin letters without their marks).
"""

from __future__ import annotations

import re

# a worry told, then "but" and an answer that all is well
_WORRY = re.compile(
    r"(?<!\w)(?:was|were|i was|i'd been|had been) (?:a |my |the |our |the only |a big |a bit )?"
    r"(?:worry|worried|concern|concerned|nervous|skeptical|sceptical)(?!\w)")
_BUT = re.compile(r"(?<!\w)(?:but|though)(?!\w)")
_WELL = re.compile(
    r"(?<!\w)(?:fine|ok|okay|good|great|perfect|smooth|easily|no problem|no problems|"
    r"no issues|all good|worked|works)(?!\w)")
# litotes the lexicon does not turn: "not bad (at all)" in Tagalog, Marathi, Catalan, Galician
_LITOTES = re.compile(
    r"(?<!\w)(?:hindi naman masama|di naman masama|hindi masama|"
    r"no esta gens malament|no esta malament|gens malament|"
    r"non esta nada mal|non esta mal)(?!\w)|वाईट नाही")


def worry_answered(folded: str) -> str | None:
    """The part of a folded post after the turn that answers a worry told before it ("X was a
    worry but it's fine"), when there is one; else None. The caller weighs the words of fault
    in it."""
    worry = _WORRY.search(folded)
    if worry is None:
        return None  # most posts
    turn = _BUT.search(folded, worry.end())
    if turn is None:
        return None
    after = folded[turn.end():]
    return after if _WELL.search(after) else None


def litotes(folded: str) -> str | None:
    """The folded post with its litotes blanked, when it has one; else None. The caller weighs
    the words of fault left."""
    blanked, found = _LITOTES.subn(" ", folded)
    return blanked if found else None
