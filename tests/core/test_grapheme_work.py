"""Counting user-perceived characters does work linear in the text. The regex module's ``\\X``
looks back to the start of a run of flag letters (regional indicators) for each one it reads,
so reading a whole text with it is quadratic in such a run: 20,000 flag letters took 0.84 s in
``graphemes`` (40,000: 3.4 s), which Mastodon's and Bluesky's draft checks call, on the event
loop. ``bot.core.text.grapheme_spans`` reads a window at a time (what the console's wrap does
with the same helper); the work is counted here as the regex module spends it, a piece's length
squared, not timed."""

from __future__ import annotations

import random
from typing import Any

import pytest
import regex

from bot.core import text as core_text
from bot.core.text import grapheme_spans, graphemes
from integrations.social.bluesky.source import limit_problem as bluesky_problem
from integrations.social.mastodon.length import characters

_X = regex.compile(r"\X")


class _Counted:
    """The grapheme reader, counting the work a piece given to it may cost (its length
    squared: ``\\X`` over a run of flag letters)."""

    def __init__(self) -> None:
        self.work = 0

    def finditer(self, text: str, *args: Any) -> Any:
        self.work += len(text) ** 2
        return _X.finditer(text, *args)

    def findall(self, text: str, *args: Any) -> Any:
        self.work += len(text) ** 2
        return _X.findall(text, *args)

    def match(self, text: str, *args: Any) -> Any:
        self.work += len(text) ** 2
        return _X.match(text, *args)


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> _Counted:
    counted = _Counted()
    monkeypatch.setattr(core_text, "_GRAPHEME", counted)
    return counted


LETTERS = ["🇺", "🇺🇸", "界", "e\u0301", "a", "👩\u200d💻"]


@pytest.mark.parametrize("letter", LETTERS,
                         ids=["flag-letters", "flags", "wide", "accent", "ascii", "zwj"])
def test_graphemes_does_linear_work(letter: str, reader: _Counted) -> None:
    text = letter * (20_000 // len(letter))
    assert graphemes(text) == len(_X.findall(text))
    assert reader.work <= 200 * len(text)


def test_a_mastodon_and_a_bluesky_draft_of_flag_letters_are_measured_in_linear_work(
        reader: _Counted) -> None:
    text = "🇺" * 20_000
    assert characters(text) == 10_000
    assert reader.work <= 200 * len(text)
    reader.work = 0
    assert bluesky_problem("🇺" * 700) is not None  # 2,800 bytes: counted in graphemes
    assert reader.work <= 200 * 700


def test_spans_are_the_characters_read_whole() -> None:
    """Read a window at a time, the characters are the ones ``\\X`` finds in the whole text:
    flags paired from their run's start, joined emoji, letters with marks, CRLF, Hangul jamo,
    Indic conjuncts, each straddling window edges at every offset."""
    parts = ["a", "🇺", "🇸", "🇺🇸", "👩\u200d💻", "\u200d", "e\u0301", "\u0301", "\r", "\n",
             "界", "क्ष", "\u1100\u1161\u11a8", "🏴\U000E0067\U000E0062\U000E0065\U000E006E"
             "\U000E0067\U000E007F", "👍🏽", "\ufe0f", " "]
    rnd = random.Random(7)
    for _ in range(2_000):
        text = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 120)))
        want = [m.span() for m in _X.finditer(text)]
        assert list(grapheme_spans(text)) == want, repr(text)
        assert graphemes(text) == len(want)
    long_one = "👩" + "\u200d👩" * 200  # one character longer than any window
    assert list(grapheme_spans("a" + long_one + "b")) == [
        (0, 1), (1, 1 + len(long_one)), (1 + len(long_one), 2 + len(long_one))]
