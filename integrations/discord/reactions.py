"""Reaction shortcuts: which emoji means which action.

``config.reactions`` is keyed by emoji *name* (``eyes``, ``white_check_mark``, as in Slack),
while Discord sends the Unicode character for standard emoji and the name for custom ones. This
table maps the common names to their characters; a config key may also be the character
itself or a custom emoji's name.
"""

from __future__ import annotations

from collections.abc import Mapping

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


def _norm(emoji: str) -> str:
    return emoji.replace(_VS16, "")


def action_for(emoji: str | None, reactions: Mapping[str, str]) -> str | None:
    """The action configured for ``emoji`` (a Unicode emoji or a custom emoji's name)."""
    if not emoji:
        return None
    wanted = _norm(emoji)
    for raw_key, action in reactions.items():
        key = raw_key.strip(":")
        if _norm(key) == wanted or _norm(NAMES.get(key, "")) == wanted:
            return action
    return None
