"""Posts made of emoji alone ("👎", "😡😡😡", "❤️❤️", "👍🏽"): their polarity from the emoji.

Such a post has no words, so the embedded model sees little but "has emoji", which its corpus
links to praise: before this, "👎" came out as praise, positive. The table below gives about 90
common emoji a side (+1 or -1), chosen by hand for their usual reading in posts about a
product or a service (not taken from a published lexicon); emoji whose use is mixed or ironic
(🙃 💀 😂 🤔 👀) are left out, and so is anything the table does not list. Skin tones,
variation selectors and zero-width joins are dropped first, so "👍🏽" is "👍" and "🤦‍♂️" is "🤦".

A post with words is the model's alone: "love it 👎" is not decided here, nor are "最高" or
"최고" (one or two Han or Hangul characters make a word). At most ``MAX_LETTERS`` Latin
letters ("ok 👎") do not, and neither do names: a post whose words are one or two names
(capitalised, or a #hashtag or @handle) that no lexicon concept knows, with a known emoji
("Telvo 👎👎👎", "Orbis Bank 🤮", "#Acme 👎"), is its emoji's. The model read a brand's name
beside an emoji its corpus rarely has as praise ("Telvo 👎👎👎": praise, positive).
"""

from __future__ import annotations

import re
from itertools import islice

from bot.core.models import INTENTS, Intent
from bot.enrich.features import prepare
from bot.enrich.lexicon import concept_counts
from bot.enrich.model import POLARITIES, Prediction

MAX_LETTERS = 2  # more and the post has words: the model decides
MAX_NAMES = 2  # ... unless they are this many names at most ("Orbis Bank 👎")
AGREE = 0.75  # the share of its known emoji that must point one way

_POSITIVE = ("👍👌👏🙌🙏❤♥💕💖💗💓💞💘💝💙💚💛💜🧡🤍😀😃😄😁😆😊🙂☺😍🥰"
             "😘😗😙😚😎🤩🥳🎉🎊✨💯⭐🌟🏆🥇✅😇🤗💪👑🚀🆒🔝")
_NEGATIVE = "👎😡😠🤬😤😞😔😟😕🙁☹😣😖😫😩😢😭😰😱😨🤮🤢💩💔🙄😒🤦❌🚫😓😪😵🥵😿🖕"
POLARITY: dict[str, int] = {**{e: 1 for e in _POSITIVE}, **{e: -1 for e in _NEGATIVE}}
# ... and those read one way only when they are the whole post: fire alone is a reaction of
# praise ("🔥🔥🔥": this is fire), beside a name or a word it may be the fault ("Acme 🔥🔥",
# "server room 🔥") and the model decides (review 2026-12-07)
ALONE: dict[str, int] = {**POLARITY, "🔥": 1}

_DROP = re.compile("[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\u200d\u2640\u2642]")
_LETTER = re.compile(r"[^\W\d_]")
_NAME = re.compile(r"[#@]?[^\W\d_][\w'’.-]*")
_NAMES_UP_TO = 80  # characters: a longer post is not a name and some emoji

_SIDE: dict[int, tuple[str, Intent]] = {1: ("positive", "praise"), -1: ("negative", "complaint")}


def _probabilities(labels: tuple[str, ...], chosen: str, share: float) -> tuple[float, ...]:
    rest = (1.0 - share) / (len(labels) - 1)
    return tuple(share if label == chosen else rest for label in labels)


def emoji_prediction(text: str) -> Prediction | None:
    """The prediction for a post without words: its known emoji's side when they agree, an
    honest "don't know" when they do not or none is known; None for a post with words, or a
    question mark (the model knows "?" is a question)."""
    letters = [m.group() for m in islice(_LETTER.finditer(text), MAX_LETTERS + 1)]
    named = len(letters) > MAX_LETTERS or not all(ch.isascii() for ch in letters)
    if named and not _only_names(text):
        return None  # words: "最高", "최고", "差" are whole words, and the model knows them
    if "?" in text or "？" in text:
        return None
    table = POLARITY if named else ALONE
    sides = [table[ch] for ch in _DROP.sub("", text) if ch in table]
    if named and not sides:
        return None  # a name and emoji of no known side: "Acme 🔥🔥" is the model's
    score = sum(sides) / len(sides) if sides else 0.0
    if abs(score) < 2 * AGREE - 1:  # "👀", "👍👎", "...": nothing to go on
        return _prediction("other", 0.4, "neutral", 0.4)  # below UNKNOWN_BELOW: "unknown"
    polarity, intent = _SIDE[1 if score > 0 else -1]
    confidence = 0.5 + 0.3 * abs(score)  # 0.8 when they all agree: emoji are a thin signal
    return _prediction(intent, confidence, polarity, confidence)


def _only_names(text: str) -> bool:
    """One or two names and nothing else but emoji, spaces and punctuation: each word is
    capitalised or a #hashtag or @handle, and no lexicon concept knows any of them."""
    if len(text) > _NAMES_UP_TO:
        return False
    names = _NAME.findall(text)
    if not 1 <= len(names) <= MAX_NAMES:
        return False
    if not all(n[0] in "#@" or n[0].isupper() for n in names):
        return False
    if len(_LETTER.findall(_NAME.sub("", text))) > 0:
        return False  # letters outside the names: words of a script without capitals
    return not any(concept_counts(prepare(" ".join(n.lstrip("#@") for n in names)).text))


def _prediction(intent: Intent, intent_share: float, polarity: str,
                polarity_share: float) -> Prediction:
    return Prediction(
        intent=intent, intent_confidence=intent_share,
        intent_probabilities=_probabilities(INTENTS, intent, intent_share),
        polarity=polarity, polarity_confidence=polarity_share,
        polarity_probabilities=_probabilities(POLARITIES, polarity, polarity_share),
        method="emoji")
