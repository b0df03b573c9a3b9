"""Negated praise, litotes and negated complaints the lexicon's negation rule cannot reach
(features v91): a review of negation and sentiment shifters (2026-12-07,
``tests/fixtures/enrich_negation_labelled.jsonl``, 136 posts in 21 languages) found them counted
as their opposite, or as nothing.

``lexicon.concept_hits`` turns a word of feeling when a negation stands just before it, in
scripts with spaces and where the negation is one of ``CONCEPTS["negation"]``. Three kinds of
negation fall outside that rule:
- **a negation written in the word, in an unspaced script**: Chinese "不满意" (dissatisfied),
  "不喜欢" (dislike) counted "满意", "喜欢" as praise (as "不推荐" would have, had it no entry);
- **a negation the table cannot hold**: Malay "tak" (not) is Danish "tak" (thanks), Polish
  "tak" (yes) and Swedish "tak" (roof), so "tak puas hati" (not satisfied), "tak suka" (don't
  like) counted praise and "tak teruk" (not bad) blame; Turkish negates inside the verb
  ("memnun kalmadım", I was not satisfied); Swedish "inte nöjd" (not satisfied) was counted as
  praise (its "inte" negates, "nöjd" had no entry as praise to turn);
- **a negation after the word** (Nepali and Hindi are verb-final): "नराम्रो छैन" (is not bad)
  counted blame, "समस्या छैन" (there is no problem) a problem, "मन परेन" (did not like)
  nothing.
Each phrase is an entry of the feeling it says, and the word inside it is not counted too: a
phrase of praise drops the blame inside it (as "nicht schlecht" does), and a phrase of
``NEGATED_PRAISE`` the praise inside it (as "pas terrible" does; ``lexicon.concept_hits``),
though Malay and Turkish ones hold no entry of negation. French "pas mal du tout" (not bad at
all) is praise; a bare "pas mal" is left a negation, since "pas mal de" is "a lot of" ("pas
mal de bugs").

Entries follow the rules of ``lexicon`` (folded word starts, ``$`` the whole word, substrings in
Chinese). No corpus post holds one: every corpus post's features are the same as v90's.
"""

from __future__ import annotations

# said with a negation: dissatisfied, disliked
NEGATED_PRAISE: dict[str, str] = {
    "zh": "不满意|不太满意|不是很满意|不喜欢|不太喜欢|不怎么喜欢|不滿意|不太滿意",
    "ms": "tak puas hati|tidak puas hati|tak suka$|x puas hati",
    "tr": "memnun kalmadim|memnun kalmadik|memnun degilim|memnun degiliz",
    "sv": "inte nojd|inte alls nojd|inte nojda",
    "ne": "मन परेन|मन पराएन",
    "hi": "पसंद नहीं",
}

# said with a negation: not bad, no problem
LITOTES: dict[str, str] = {
    "fr": "pas mal du tout",
    "ms": "tak teruk|tidak teruk|tak teruk pun|boleh tahan",
    "ne": "नराम्रो छैन|समस्या छैन|कुनै समस्या छैन",
}
