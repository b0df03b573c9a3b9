"""Reaction shortcuts: which emoji means which action.

``config.reactions`` is keyed by emoji *name* (``eyes``, ``white_check_mark``, as in Slack),
while Discord sends the Unicode character for standard emoji and the name for custom ones. This
table maps the common names to their characters; a config key may also be the character
itself or a custom emoji's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.core.text import without_skin_tones

NAMES: dict[str, str] = {
    "eyes": "👀",
    "white_check_mark": "✅",
    "heavy_check_mark": "✔️",
    "ballot_box_with_check": "☑️",
    "+1": "👍",
    "thumbsup": "👍",
    "-1": "👎",
    "thumbsdown": "👎",
    "x": "❌",
    "no_entry": "⛔",
    "no_entry_sign": "🚫",
    "zzz": "💤",
    "sleeping": "😴",
    "raised_hand": "✋",
    "hand": "✋",
    "wave": "👋",
    "arrows_counterclockwise": "🔄",
    "repeat": "🔁",
    "rocket": "🚀",
    "memo": "📝",
}
_VS16 = "\ufe0f"  # variation selector: "✔️" and "✔" are the same emoji
# Discord names a custom emoji "AkaShrug~1" where several share a name (its removal events do,
# where the addition said "AkaShrug"): the name is what precedes it
_NTH = re.compile(r"~\d+$")
# a custom emoji as Discord writes it (``\:shipit:`` typed in a channel shows it): the one
# place a person can copy its id from, so the form a key is pasted in
_MENTION = re.compile(r"<a?:(\w{2,32}):(\d{1,20})>")


def _norm(emoji: str) -> str:
    """The emoji as a config key names it: the skin tone a person picked in the emoji picker
    follows every hand they react with, so 👍🏽 is their 👍 (Slack sends "+1::skin-tone-4",
    read as "+1" too)."""
    return _NTH.sub("", (without_skin_tones(emoji) or emoji).replace(_VS16, ""))


def action_for(emoji: str | None, reactions: Mapping[str, str], *,
               emoji_id: int | str | None = None) -> str | None:
    """The action configured for ``emoji`` (a Unicode emoji or a custom emoji's name, with
    ``emoji_id`` its id). A key written as Discord writes a custom emoji,
    ``<:shipit:238039508006862848>``, is that emoji alone, by its id (it matched nothing)."""
    if not emoji:
        return None
    wanted = _norm(emoji)
    for raw_key, action in reactions.items():
        if mention := _MENTION.fullmatch(raw_key.strip()):
            if emoji_id is not None and str(emoji_id) == mention[2]:
                return action
            continue
        key = raw_key.strip(":")
        if _norm(key) == wanted or _norm(NAMES.get(key, "")) == wanted:
            return action
    return None
