"""The one compiled keyword matcher: every keyword and phrase of every route and subscription
in a single Aho-Corasick automaton over folded text, so the cost of a post grows with the
matches in it, not with the number of patterns.

Keywords are identified by their folded form (``rules.text.fold``); "Acme", "ACME" and "acmé"
are one key. ``find`` reports every occurrence, overlapping and nested ones included ("new york"
and "york" both fire), each checked against the whole-word policy of ``rules.text``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable

import ahocorasick

from bot.core.text import boundary_ok, fold


@functools.lru_cache(maxsize=262_144)
def key_of(keyword: str) -> str:
    """The folded form that identifies a keyword; cached, since rebuilds see the same words."""
    key = fold(keyword)
    if not key:
        raise ValueError(f"the keyword {keyword!r} is empty once normalised")
    # one string object per keyword: the index, every query and every posting list share it
    # (at 100,000 subscriptions the copies cost ~15 MB)
    return sys.intern(key)


class KeywordIndex:
    """The set of folded keywords, and the automaton that finds them. A keyword is named by
    its folded form everywhere (conditions, subscriptions, ``find``)."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.keys: set[str] = set()
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        self.add_keys(keys)

    def add_keys(self, keys: Iterable[str]) -> None:
        """Add folded keys (see ``key_of``); call ``finish`` before ``find``."""
        known, automaton = self.keys, self._automaton
        for key in keys:
            if key not in known:
                known.add(key)
                automaton.add_word(key, (key, len(key)))

    def add(self, keyword: str) -> str:
        key = key_of(keyword)
        self.add_keys((key,))
        return key

    def finish(self) -> KeywordIndex:
        if self.keys:
            self._automaton.make_automaton()
        return self

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, folded: str) -> frozenset[str]:
        """Keys present in ``folded`` (text already passed through ``fold``)."""
        if not self.keys or not folded:
            return frozenset()
        found: set[str] = set()
        for end, (key, length) in self._automaton.iter(folded):
            if key not in found and boundary_ok(folded, end - length + 1, end + 1):
                found.add(key)
        return frozenset(found)
