"""Posts made of emoji alone ("👎", "😡😡😡", "❤️❤️", "👍🏽"): their polarity from the emoji.

Such a post has no words, so the embedded model sees little but "has emoji", which its corpus
links to praise: before this, "👎" came out as praise, positive. The table below gives about 90
common emoji a side (+1 or -1), chosen by hand for their usual reading in posts about a
product or a service (not taken from a published lexicon); emoji whose use is mixed or ironic
(🙃 💀 😂 🤔 👀) are left out, and so is anything the table does not list. Skin tones,
variation selectors and zero-width joins are dropped first, so "👍🏽" is "👍" and "🤦‍♂️" is "🤦".

A post with words is the model's alone: "love it 👎" is not decided here, nor are "最高" or
"최고" (one or two Han or Hangul characters make a word). At most ``MAX_LETTERS`` Latin
letters ("ok 👎") do not.
"""

from __future__ import annotations

import re
from itertools import islice

from bot.core.models import INTENTS, Intent
from bot.enrich.model import POLARITIES, Prediction

MAX_LETTERS = 2  # more and the post has words: the model decides
AGREE = 0.75  # the share of its known emoji that must point one way

_POSITIVE = ("👍👌👏🙌🙏❤♥💕💖💗💓💞💘💝💙💚💛💜🧡🤍😀😃😄😁😆😊🙂☺😍🥰"
             "😘😗😙😚😎🤩🥳🎉🎊✨💯⭐🌟🏆🥇✅😇🤗💪👑🚀🆒🔝")
_NEGATIVE = "👎😡😠🤬😤😞😔😟😕🙁☹😣😖😫😩😢😭😰😱😨🤮🤢💩💔🙄😒🤦❌🚫😓😪😵🥵😿🖕"
POLARITY: dict[str, int] = {**{e: 1 for e in _POSITIVE}, **{e: -1 for e in _NEGATIVE}}

_DROP = re.compile("[\U0001f3fb-\U0001f3ff\ufe0e\ufe0f\u200d\u2640\u2642]")
_LETTER = re.compile(r"[^\W\d_]")

_SIDE: dict[int, tuple[str, Intent]] = {1: ("positive", "praise"), -1: ("negative", "complaint")}


def _probabilities(labels: tuple[str, ...], chosen: str, share: float) -> tuple[float, ...]:
    rest = (1.0 - share) / (len(labels) - 1)
    return tuple(share if label == chosen else rest for label in labels)


def emoji_prediction(text: str) -> Prediction | None:
    """The prediction for a post without words: its known emoji's side when they agree, an
    honest "don't know" when they do not or none is known; None for a post with words, or a
    question mark (the model knows "?" is a question)."""
    letters = [m.group() for m in islice(_LETTER.finditer(text), MAX_LETTERS + 1)]
    if len(letters) > MAX_LETTERS or not all(ch.isascii() for ch in letters):
        return None  # words: "最高", "최고", "差" are whole words, and the model knows them
    if "?" in text or "？" in text:
        return None
    sides = [POLARITY[ch] for ch in _DROP.sub("", text) if ch in POLARITY]
    score = sum(sides) / len(sides) if sides else 0.0
    if abs(score) < 2 * AGREE - 1:  # "👀", "👍👎", "...": nothing to go on
        return _prediction("other", 0.4, "neutral", 0.4)  # below UNKNOWN_BELOW: "unknown"
    polarity, intent = _SIDE[1 if score > 0 else -1]
    confidence = 0.5 + 0.3 * abs(score)  # 0.8 when they all agree: emoji are a thin signal
    return _prediction(intent, confidence, polarity, confidence)


def _prediction(intent: Intent, intent_share: float, polarity: str,
                polarity_share: float) -> Prediction:
    return Prediction(
        intent=intent, intent_confidence=intent_share,
        intent_probabilities=_probabilities(INTENTS, intent, intent_share),
        polarity=polarity, polarity_confidence=polarity_share,
        polarity_probabilities=_probabilities(POLARITIES, polarity, polarity_share),
        method="emoji")
