"""A customer who would buy again: "10/10 would order again", "would buy again", "booked it for
the weekend, would rent again", "will definitely be ordering again from Kasko".

The model read such posts as complaints: "again" is a word of a repeat ("down again", "charged
again"; the concept ``again``), and in a short post it outweighed the rest. Of 11 sincere
English ones written for this rule (2026-12-05, after a dev half's "10/10 would order again"
read negative), 9 were complaints. The phrase says the author means to come back: praise
(``tests/data/README.md``), as "would recommend" is.

``again_as_praise`` takes a post that holds such a phrase (a verb of buying or coming back,
with "would", "will" or "I'd" before it, at most an adverb of certainty between, and "again"
after it within three words) and says nothing more: no negation ("would NOT buy again" never
matches: nothing but those adverbs stands between), no condition or contrast ("would order
again if they ever delivered", "... but the app crashes"), nothing asked, no emoji ("would
order again 🙃"), at most ``LONGEST_WORDS`` words, and no word of any concept outside the
phrase but praise, thanks, buying, price, business, humour and opinion. The sarcasm "10/10
would starve again" holds no verb of buying, and the model reads it. English only: the other
languages' forms ("volvería a pedir", "würde wieder bestellen") were read right already or
were not probed.

A reviewer (another AI agent helping on the project, who read this module and no labelled
set) wrote 73 posts that hold the phrase and are no praise and 21 sincere ones, labelled before
running them: the first version took 20 of the 73, 10 of them read worse (another's words,
"they would fly again", "Boss says we'll fly again"; sarcasm opening "Yeah I'll totally fly
with them again. Right after I get my luggage back"; harm beside it, food poisoning, the ER;
a replacement, "I will buy again from a different store"). So the phrase must open the post
or a clause (after at most a rating, "and", "I" or "we"), and ``_BUT`` holds those words:
it takes none of the 73 and 19 of the 21 (14 moved to their label, none the other way).
Those were chosen from the same probes, so these figures flatter them.
"""

from __future__ import annotations

import re
import unicodedata

from bot.enrich.lexicon import CONCEPT_NAMES, concept_hits

_VERBS = ("order|ordering|buy|buying|book|booking|stay|staying|fly|flying|eat|eating|rent|"
          "renting|use|using|shop|shopping|visit|visiting|ride|riding|purchase|purchasing|"
          "subscribe|subscribing|travel|traveling|travelling")
_CERTAIN = "definitely|def|defo|totally|happily|absolutely|gladly|for sure|000%|000 %"
# the author's own wish: at the start of the post or of a clause, after nothing but a rating
# ("10/10"), "and", "I" or "we" ("they would fly again", "Boss says we'll fly again", "yeah
# I'll totally fly again": another's words, or sarcasm's opening; a reviewer's probes)
_AGAIN = re.compile(
    r"(?:^|[.,;:!\n]\s*)(?:(?:000?/000?|and|i|we)\s+)?"
    r"(?:would|will|i'd|i'll|we'd|we'll|id)\s+"
    rf"(?:(?:{_CERTAIN})\s+)?(?:be\s+)?(?:{_VERBS})"
    r"(?:\s+(?:it|them|there|here|from them|with them|this|that|these|those)){0,2}"
    r"\s+again(?!\w)")
# what makes the phrase no plain wish to come back: a condition, a contrast, a question (with
# its mark or without: "thoughts", "asking for a friend"), a replacement ("a different brand",
# "another airline"), or harm beside it ("food poisoning", "writing this from the ER")
_BUT = re.compile(
    r"(?<!\w)(?:if|unless|once|but|though|although|except|only|when|whether|assuming|maybe|"
    r"depends|right after|thoughts|curious|asking|different|another|instead|poison\w*|"
    r"hospital|sick|er|died|dead|broke\w*|owe\w*|refund\w*|scam\w*)(?!\w)|[?？]")
LONGEST_WORDS = 40
_MAY_HOLD = frozenset(CONCEPT_NAMES.index(n) for n in (
    "positive", "thanks", "buy", "price", "business", "humour", "opinion"))


def again_as_praise(folded: str) -> bool:
    """Whether a folded post (``features.prepare``'s text) says the author would buy or come
    back again, and nothing more (the module docstring)."""
    m = _AGAIN.search(folded)
    if m is None:
        return False  # most posts: one search
    if len(folded.split()) > LONGEST_WORDS or _BUT.search(folded) is not None:
        return False
    if any(unicodedata.category(ch) == "So" for ch in folded):
        return False  # an emoji says how it went ("would order again 🙃")
    start, end = m.start(), m.end() - 1
    # a word that reaches into the phrase is the phrase's: "10/10 would" is sarcasm's mark
    # beside "starve again", and here a rating before a wish to order again
    return all(concept in _MAY_HOLD or (a <= end and b >= start)
               for concept, a, b in concept_hits(folded))
