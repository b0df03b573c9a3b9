# ruff: noqa: F811
"""A form opened from a command that left an argument out is filled with what the command
gave (from a review of how cards and answers are rendered). The text a person typed in the
``text`` option is cut to the field's 3,000 characters with a plain slice of code points, so a
flag, a ZWJ emoji sequence or a letter with its marks straddling the cut is split: the modal
shows half a flag ('🇵' of '🇵🇱'). Every other cut in the project is made between
user-perceived characters (``bot.core.text.grapheme_cut``), Slack's form included
(``integrations.slack.forms``: ``utf16_prefix``)."""

from __future__ import annotations

from typing import Any

from bot.core.text import graphemes
from tests.integrations.discord.test_bot import (  # noqa: F401  (fixtures)
    ALICE,
    Recorder,
    recorder,
    slash,
    start,
    store,
)
from tests.support.fake_discord import FakeDiscord, modal_errors

FLAG = "\U0001F1F5\U0001F1F1"  # 🇵🇱: two code points, one character as drawn


async def test_a_prefilled_text_is_cut_between_characters(
        start: Any, fake: FakeDiscord, recorder: Recorder) -> None:
    await start()
    typed = "a" * 2_999 + FLAG + " and the rest of the reply"
    await fake.dispatch("INTERACTION_CREATE", fake.interaction(
        2, slash("reply", text=typed), user_id=ALICE))  # no ticket: the form asks for it
    modal = (await fake.wait_for("POST", "/callback")).body
    assert modal["type"] == 9 and modal_errors(modal["data"]) == {}
    [text] = [row["components"][0] for row in modal["data"]["components"]
              if row["components"][0]["custom_id"] == "text"]
    shown = text["value"]
    assert len(shown) <= text["max_length"]
    assert typed.startswith(shown)
    # the cut falls between two characters as drawn, never inside the flag
    assert graphemes(shown) + graphemes(typed[len(shown):]) == graphemes(typed), \
        repr(shown[-3:])
