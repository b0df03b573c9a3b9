"""Guard, fuzzed with hypothesis (derandomized: the same draws on every run): a card's history
thread is named in one line of 1 to 100 characters that draws something (Discord refuses
another name with 50035, and the card's update with it), however blank its title and author
(soft hyphens, U+2800, Hangul fillers, unassigned ignorables, zero-width and bidi characters,
a lone surrogate, NUL): its title and author, else its key, else its kind. And only the ids
Discord writes are pinged (``mention_ids``: no leading 0, at most 2^63-1, ASCII digits)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.cards import Card
from bot.core.text import is_blank
from integrations.discord.render import THREAD_NAME_LIMIT, mention_ids, thread_name

PIECES = ["\u00ad", "\u2800", "\u3164", "\u115f", "\ufff0", "\u200b", "\u202e", "\u2067",
          "\U000e0041", "\ud800", "\x00", "\n", "\u2028", " ", "@", "a", "שרה", "محمد", "e\u0301",
          "👩\u200d💻", "x" * 120]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=8).map(
    "".join)


@settings(derandomize=True, max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, author=TEXT, key=TEXT)
def test_guard_a_thread_is_named_in_one_line_that_draws(title: str, author: str,
                                                        key: str) -> None:
    card = Card(kind="ticket", key=key or "k", title=title, author=author or None)
    name = thread_name(card)
    assert 1 <= len(name) <= THREAD_NAME_LIMIT and "\n" not in name, ascii(name)
    assert name == "ticket" or not is_blank(name), ascii(name)


def test_guard_only_ids_discord_writes_are_pinged() -> None:
    ids = ("0123456789012345678", "9223372036854775807", "9223372036854775808",
           "12345678901234567", "１２３４５６７８９０１２３４５６７８", "1234567890123456",
           "12345678901234567")
    assert mention_ids(ids) == [9223372036854775807, 12345678901234567]
