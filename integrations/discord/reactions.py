"""Reaction shortcuts: which emoji means which action.

``config.reactions`` is keyed by emoji *name* (``eyes``, ``white_check_mark``, as in Slack),
while Discord sends the Unicode character for standard emoji and the name for custom ones. This
table maps the common names to their characters; a config key may also be the character
itself or a custom emoji's name.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from bot.core.cards import several_targets
from bot.core.text import without_skin_tones
from integrations.discord.render import parse_custom_id

log = logging.getLogger(__name__)

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
# the presentation selectors (emoji-variation-sequences.txt) pick a glyph for one emoji: "✔️",
# "✔" and "✔︎" are the same, and a key written in text presentation ("✅︎", U+FE0E: a Mac's
# character viewer, a copy from a plain-text page) matched no reaction
_PRESENTATION = str.maketrans("", "", "\ufe0e\ufe0f")
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
    return _NTH.sub("", (without_skin_tones(emoji) or emoji).translate(_PRESENTATION))


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


def target_for(message: dict[str, Any], action: str) -> str | None:
    """The value of the card's button for ``action``: what a click on it would carry. None
    when the card shows no such button; then the reaction does nothing, as on Slack (an
    approve reaction never falls through to a ticket, nor a reject to one)."""
    return next(iter(targets_for(message, action)), None)


def several_on(message: dict[str, Any], action: str) -> str | None:
    """What a reaction for ``action`` is answered on a message with such a button for each of
    several targets (``bot.core.cards.several_targets``); None on a card of one."""
    return several_targets(action, targets_for(message, action))


def targets_for(message: dict[str, Any], action: str) -> list[str]:
    """The values of the message's buttons for ``action``, in the order shown."""
    values: list[str] = []
    try:
        for row in message.get("components") or ():
            for comp in row.get("components") or ():
                parsed = parse_custom_id(str(comp.get("custom_id") or ""))
                if parsed and parsed[0] == action:
                    values.append(parsed[1])
    except (AttributeError, TypeError):
        log.info("discord: malformed message %s", message.get("id"))
    return values
