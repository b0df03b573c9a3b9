"""Every cut of post text for Slack and Discord ends between two characters a reader sees as one
(UAX #29 grapheme clusters): half a flag shows a stray letter, half of 👩‍💻 a woman and a
dangling joiner, a letter cut from its accent a different letter."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.text import clean
from integrations.discord import escape as discord
from integrations.slack import escape as slack
from tests.core.test_text_and_logs import CLUSTERS


def shown(text: str) -> list[str]:
    """The characters a reader sees, with Discord's escapes taken off and Slack's decoded."""
    text = regex.sub(r"\\(.)", r"\1", text.removesuffix("…"))
    return regex.findall(r"\X", slack.unescape(text).rstrip())


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from([*CLUSTERS, "*", "&", "<"]), max_size=50),
       limit=st.integers(min_value=2, max_value=60))
def test_every_cut_keeps_whole_characters(parts: list[str], limit: int) -> None:
    text = "".join(parts)
    cleaned = clean(text)
    one_line = " ".join(cleaned.split())
    cuts = [(text, slack.cut(text, limit)), (one_line, slack.plain(text, limit)),
            (cleaned, slack.plain_cut(text, limit)[0]), (cleaned, discord.escape_cut(text, limit)),
            (one_line, discord.plain(text, limit)), (cleaned, discord.escape_head(text, limit)[0])]
    for source, cut in cuts:
        whole, seen = regex.findall(r"\X", source), shown(cut)
        if seen:
            last = whole[len(seen) - 1]
            assert seen[:-1] == whole[:len(seen) - 1], (text, cut)
            assert seen[-1] in (last, last.rstrip("\u200c\u200d")), (text, cut)


def test_a_flag_is_never_halved() -> None:
    flags = "\U0001F1EB\U0001F1F7" * 3  # 🇫🇷🇫🇷🇫🇷
    assert slack.cut(flags, 6) == "\U0001F1EB\U0001F1F7…"  # 4 UTF-16 units a flag
    assert discord.escape_cut(flags, 4) == "\U0001F1EB\U0001F1F7…"
    assert discord.plain(flags, 4) == "\U0001F1EB\U0001F1F7…"
    assert discord.escape_head(flags, 3) == ("\U0001F1EB\U0001F1F7", 2)
