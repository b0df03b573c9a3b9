"""The one compiled keyword matcher: every keyword and phrase of every route and subscription
in a single Aho-Corasick automaton over folded text, so the cost of a post grows with the
matches in it, not with the number of patterns.

Keywords are identified by their folded form (``rules.text.fold``); "Acme", "ACME" and "acmé"
are one key. ``find`` reports every occurrence, overlapping and nested ones included ("new york"
and "york" both fire), each checked against the whole-word policy of ``rules.text``.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick

from rules.text import boundary_ok, fold


class KeywordIndex:
    """Folded keyword -> small int id, and the automaton that finds them."""

    def __init__(self, keywords: Iterable[str]) -> None:
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        for keyword in keywords:
            self.add(keyword)
        if self.keys:
            self._automaton.make_automaton()

    def add(self, keyword: str) -> int:
        key = fold(keyword)
        known = self.ids.get(key)
        if known is not None:
            return known
        if not key:
            raise ValueError(f"the keyword {keyword!r} is empty once normalised")
        kid = len(self.keys)
        self.ids[key] = kid
        self.keys.append(key)
        self._automaton.add_word(key, (kid, len(key)))
        return kid

    def id_of(self, keyword: str) -> int:
        """The id of a keyword given when the index was built (any spelling that folds alike)."""
        return self.ids[fold(keyword)]

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, folded: str) -> frozenset[int]:
        """Ids of keywords present in ``folded`` (text already passed through ``fold``)."""
        if not self.keys or not folded:
            return frozenset()
        found: set[int] = set()
        for end, (kid, length) in self._automaton.iter(folded):
            if kid not in found and boundary_ok(folded, end - length + 1, end + 1):
                found.add(kid)
        return frozenset(found)
