"""The one compiled keyword matcher: every keyword and phrase of every route and subscription
in a single Aho-Corasick automaton over folded text, so the cost of a post grows with the
matches in it, not with the number of patterns.

Keywords are identified by their folded form (``bot.core.text.fold``); "Acme", "ACME" and
"acmé" are one key. The automaton holds each key's pattern (``bot.core.text.keyword_pattern``:
hyphens and slashes between words as spaces, edge stars removed) and runs over the post in
``match_form``, so "acme cloud" finds "Acme-Cloud". ``find`` reports every occurrence,
overlapping and nested ones included ("new york" and "york" both fire), each checked against
the whole-word policy of ``bot.core.text``. A key with a leading or trailing ``*`` (``*은행``,
``acme*``) is found without a word boundary on that side. Keys that share a pattern ("은행" and
"*은행", "e-mail" and "e mail") share one automaton entry.

A key is read as a post is (``bot.core.lookalikes.keyword_patterns``), so the automaton may
hold more than one pattern for it: the Latin reading of a key typed with a lookalike letter
("kelpо", a Cyrillic о, also finds "kelpo"), and a phrase of a script written without spaces
also written together ("アプリ 落ちる" finds "アプリ落ちる"). Traditional and
Simplified Chinese are one form already (``match_form``); an emoji keyword written without a
skin tone is also looked for in the post without its tones ("🧑‍🍳" finds "🧑🏿‍🍳").
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Iterable
from itertools import islice

import ahocorasick

from bot.core.lookalikes import keyword_patterns as patterns_of
from bot.core.text import (
    boundary_ok,
    fold,
    has_emoji,
    has_han,
    keyword_pattern,
    match_form,
    without_skin_tones,
)

log = logging.getLogger(__name__)

# Candidate matches examined per post, at most. A normal post yields a handful per keyword it
# holds; nested keywords ("eee…" at 31 to 490 letters, as chat subscriptions) over a post of one
# 20,000-letter word yield millions (3 s of the event loop). Past the bound the post is routed on
# the keys found so far, and the cut is logged and counted: ~40 ms of matching at most.
MAX_CANDIDATES = 100_000


@functools.lru_cache(maxsize=262_144)
def key_of(keyword: str) -> str:
    """The folded form that identifies a keyword; cached, since rebuilds see the same words."""
    key = fold(keyword)
    if not key:
        raise ValueError(f"the keyword {keyword!r} is empty once normalised")
    # one string object per keyword: the index, every query and every posting list share it
    # (at 100,000 subscriptions the copies cost ~15 MB)
    return sys.intern(key)


# things freed at once when a big build is taken apart (``dismantle``): about 1 ms of work
DISMANTLE_SLICE = 500


class KeywordIndex:
    """The set of keyword keys, and the automaton that finds them. A keyword is named by its
    key everywhere (conditions, subscriptions, ``find``)."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.keys: set[str] = set()
        # pattern -> (key, len(pattern)), or (keys, len(pattern)) when several keys share the
        # pattern: the common case stays one small tuple per keyword
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY)
        self.cut_short = 0  # posts whose matching stopped at MAX_CANDIDATES
        # whether a key holds a Han character / an emoji: only then is a post read in
        # Simplified Chinese / without its skin tones (``find``), so posts cost nothing more
        # where no keyword asks for it
        self._han = self._emoji = False
        self.add_keys(keys)

    def add_keys(self, keys: Iterable[str]) -> None:
        """Add keys (see ``key_of``); call ``finish`` before ``find``."""
        known, automaton = self.keys, self._automaton
        for key in keys:
            if key in known:
                continue
            known.add(key)
            if not key.isascii():
                self._han = self._han or has_han(key)
                self._emoji = self._emoji or has_emoji(key)
            for i, pattern in enumerate(patterns_of(key)):
                entry = automaton.get(pattern, None)
                if entry is None:
                    # a key's other patterns are held as a tuple, so a match of one is tested
                    # as the key asks (``_starred_ok``), whatever its length
                    automaton.add_word(pattern, (key if i == 0 else (key,), len(pattern)))
                else:
                    held, length = entry
                    variants = (held,) if isinstance(held, str) else held
                    if key not in variants:
                        automaton.add_word(pattern, ((*variants, key), length))

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

    def dismantle(self) -> None:
        """Empty the automaton a slice of words at a time, for a caller on a worker thread
        (see ``CompiledRouter.dismantle``): freed in one go, the automaton of 100,000
        subscriptions is one call of 50 ms into its C code with the GIL held; a slice is about
        1 ms, and the interpreter hands the GIL over between slices."""
        keys = list(self.keys)
        for i in range(0, len(keys), DISMANTLE_SLICE):
            for key in keys[i:i + DISMANTLE_SLICE]:
                for pattern in patterns_of(key):
                    self._automaton.remove_word(pattern)
        self.keys = set()

    def find(self, folded: str) -> frozenset[str]:
        """Keys present in ``folded`` (text already passed through ``fold``)."""
        if not self.keys or not folded:
            return frozenset()
        text = match_form(folded, chinese=self._han)
        found: set[str] = set()
        self._find_in(text, found)
        if self._emoji and (toneless := without_skin_tones(text)) is not None:
            self._find_in(toneless, found)
        return frozenset(found)

    def _find_in(self, text: str, found: set[str]) -> None:
        candidates = self._automaton.iter(text)
        for end, (held, length) in islice(candidates, MAX_CANDIDATES):
            start = end - length + 1
            if type(held) is str:  # exact type, cheaper than isinstance in the hot loop
                if held in found:
                    continue
                if len(held) == length:  # not starred: the plain whole-word test
                    if boundary_ok(text, start, end + 1):
                        found.add(held)
                elif _starred_ok(held, text, start, end + 1):
                    found.add(held)
            else:
                found.update(k for k in held if k not in found
                             and _starred_ok(k, text, start, end + 1))
        if next(candidates, None) is not None:
            self.cut_short += 1
            log.warning("keyword matching stopped after %d candidate matches in a post of %d "
                        "characters (nested keywords?); routed on the %d keywords found so far",
                        MAX_CANDIDATES, len(text), len(found))


def _starred_ok(key: str, text: str, start: int, end: int) -> bool:
    _, inside_start, inside_end = keyword_pattern(key)
    return boundary_ok(text, start, end, inside_start=inside_start, inside_end=inside_end)
