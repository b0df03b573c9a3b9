"""A phone, an app or a computer that "hangs": the freeze told with the English verb, in
English ("my phone keeps hanging since the update"), in Hinglish and Hindi ("phone bahut hang
ho raha hai", "फोन बहुत हैंग हो रहा है"), in Nigerian Pidgin ("e dey hang"), in Indonesian
("hp-nya ngehang terus") and in Taglish ("laging nagha-hang").

South Asian, West African and Southeast Asian English, and the languages that borrowed the
word from them, say "hang" where American English says "freeze"; the lexicon's word of fault
has "frozen" and "freez" but not "hang", which in English is mostly no fault: "hang out",
"hang on a sec", "hang in there", "get the hang of it", "hung up on me" (a fault, but not of
a device), "hang the TV on the wall". A review's labelled file of consumer brands (2026-12-07)
read "फोन बहुत हैंग हो रहा है" and "don spoil my phone o, e dey hang" without a fault in its
dev half. ``model.TextModel.predict`` reads a post the model took as ``other`` or praise, with a
freeze told so, as a complaint, and a complaint with one as negative.

What makes it a freeze, each a rule a reader of these varieties uses:

- English: the verb intransitive (no particle, article or pronoun after it: "hangs out",
  "hang on,", "hang the", "hung up" are other verbs), not a noun ("the hang of it", "a hang"),
  in a post that names a device or software (phone, app, laptop, screen, ...): what hangs is a
  machine. "hangs on the logo" and "hung at 99%" are freezes: "on"/"at" followed, within three
  words, by a screen, a logo, a page, loading or a percentage;
- Hindi and Urdu in Devanagari: "हैंग" is only ever the borrowed freeze;
- Hinglish: "hang" followed by the light verbs that make a borrowed verb (ho, hota, hoti, hua,
  hui, hone, kar, karta, karti, kare): "hang ho raha", "hang kar deta";
- Nigerian Pidgin: "dey hang", "don hang" (the continuous and the perfect markers) with no
  particle after ("we dey hang out" is chatter);
- Indonesian and Malay slang "ngehang"/"nge-hang" (the nasal prefix makes the loan a verb; bare
  "hang" is the northern Malay "you"), Tagalog "nag-hang"/"naghahang"/"nagha-hang" (its verb
  prefixes on the loan).
"""

from __future__ import annotations

import re
from functools import cache

# what follows the English verb when it is another verb ("hang out", "hang on,", "hang in
# there", "hung up") or transitive ("hang the picture", "hang it up")
_NOT_FREEZE_AFTER = (
    "out|on|in|around|round|about|up|with|tight|over|loose|together|onto|back|off|by|"
    "the|a|an|my|your|our|his|her|their|it|them|this|that|these|those|me|him|us|you|"
    "ten|five|left|right|from|there|here"
)
# "hangs on the logo", "hung at 99%": a place where a machine stops
_STOP_PLACE = (
    r"(?:on|at)\s+(?:\S+\s+){0,2}?(?:(?:splash|boot|login|loading|start(?:up)?|home|lock|"
    r"black|white|blank)\s+)?(?:screen|logo|page|loading|boot|splash|startup|login|checkout|"
    r"payment|0+\s*%|0+%)"
)
_VERB = r"(?:hang|hangs|hanging|hangin|hung)"
_ENGLISH = re.compile(
    r"(?<!\w)(?<!the )(?<!a )(?<!get )(?<!got )(?<!getting )" + _VERB
    + r"(?!\w)(?:\s+" + _STOP_PLACE + r"|(?!\s*[,;:]?\s*(?:" + _NOT_FREEZE_AFTER + r")(?!\w)))"
)
# what hangs must be a machine: a device or software named in the post
_MACHINE = re.compile(
    r"(?<!\w)(?:phone|phones|mobile|smartphone|app|apps|application|laptop|computer|pc|"
    r"tablet|ipad|screen|tv|console|game|device|system|software|update|website|site|"
    r"browser|router|printer|watch|handset|hp|cell)(?!\w)"
)
_BORROWED = re.compile(
    # Hindi/Urdu in Devanagari, Hinglish with a light verb, Pidgin with an aspect marker,
    # Indonesian/Malay and Tagalog with their verb prefixes
    r"हैंग|(?<!\w)hang\s+(?:ho|hota|hoti|hote|hua|hui|hone|kar|karta|karti|kare|kr)(?!\w)"
    r"|(?<!\w)(?:dey|don)\s+hang(?!\w)(?!\s+(?:out|with|around)(?!\w))"
    r"|(?<!\w)nge-?hang|(?<!\w)nag-?hang|(?<!\w)nagha-?hang"
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns over folded text (``features.fold_text`` keeps these letters as they are;
    the Devanagari entry is folded once here in case it ever does not)."""
    from bot.enrich.features import fold_text  # the one text policy

    borrowed = re.compile(_BORROWED.pattern.replace("हैंग", re.escape(fold_text("हैंग"))))
    return _ENGLISH, _MACHINE, borrowed


def tells_a_freeze(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) tells that a device or an app
    hangs (froze)."""
    english, machine, borrowed = _patterns()
    if borrowed.search(folded):
        return True
    return english.search(folded) is not None and machine.search(folded) is not None
