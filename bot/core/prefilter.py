"""The keyword test of a stream's prefilter (Bluesky's ``stream_keywords``), read as routes
and subscriptions read keywords (``bot.core.text``, ``bot.core.lookalikes``), and by ``why``
when it says whether the prefilter dropped a post."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ahocorasick

from bot.core.lookalikes import keyword_patterns, lookalike_fold
from bot.core.text import (
    boundary_ok,
    fold,
    has_emoji,
    keyword_pattern,
    match_form,
    without_skin_tones,
)


class KeywordFilter:
    """Whole-word keyword test, one Aho-Corasick pass per post, under the rules' text policy
    (``bot.core.text``: the same fold, hyphens and slashes, word boundaries per script and
    starred keywords), so it never drops a post a route or subscription would match."""

    def __init__(self, keywords: Sequence[str]) -> None:
        self.automaton: Any = None
        # pattern -> the (inside_start, inside_end) of each keyword written with it; a keyword
        # has a pattern for each form routing reads it in (``keyword_patterns``: its Latin
        # reading, a phrase written together)
        variants: dict[str, set[tuple[bool, bool]]] = {}
        self.emoji = False  # a keyword holds one: a post is also read without skin tones
        for k in keywords:
            key = fold(k)
            if key:
                _, inside_start, inside_end = keyword_pattern(key)
                for pattern in keyword_patterns(key):
                    variants.setdefault(pattern, set()).add((inside_start, inside_end))
                self.emoji = self.emoji or has_emoji(key)
        if variants:
            self.automaton = ahocorasick.Automaton()
            for pattern, sides in variants.items():
                # None for a plain keyword, the common case: no flags to unpack per match
                plain = sides == {(False, False)}
                self.automaton.add_word(pattern, (len(pattern), None if plain else tuple(sides)))
            self.automaton.make_automaton()

    def __call__(self, text: str) -> bool:
        if self.automaton is None:
            return True  # no keywords: everything passes (a firehose; see docs/networks.md)
        words = match_form(fold(text))
        if self._finds(words):
            return True
        # without its skin tones, for an emoji keyword written with none, as routing reads it
        if self.emoji and (toneless := without_skin_tones(words)) is not None \
                and self._finds(toneless):
            return True
        # read with its Latin lookalikes as Latin letters ("Асme"), as routing reads it
        look = lookalike_fold(text)
        return look is not None and self._finds(match_form(look.folded))

    def _finds(self, words: str) -> bool:
        for end, (length, sides) in self.automaton.iter(words):
            start = end - length + 1
            if sides is None:
                if boundary_ok(words, start, end + 1):
                    return True
            elif any(boundary_ok(words, start, end + 1, inside_start=a, inside_end=b)
                     for a, b in sides):
                return True
        return False
