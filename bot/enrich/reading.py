"""The text enrichment reads: a post with its disguises and optional marks undone, before its
language, sentiment and intent are worked out.

- **Lookalike letters within a word.** "Zuvo is dоwn аgаin" with Cyrillic о and а, or
  "Прилoжение нe рaботает" with Latin o, e and a: the matchers read such words
  (``bot.core.lookalikes``), but the language detector and the model saw Latin grams broken by
  Cyrillic letters (German, neutral, praise) and Russian grams broken by Latin ones
  (Portuguese). A word that mixes Latin and Cyrillic or Greek letters is read in the script
  of its letters that have no lookalike in the other ("dоwn": d, w, n are Latin); a word of
  lookalikes alone ("арр", "OK") in the script most of the post's such letters are written
  in. Only a post with such a mixed word is rewritten (no real word of any language mixes
  them): an ordinary post costs an ASCII test, or two regex searches when it is not ASCII.
- **Arabic harakat and tatweel** (U+064B..U+0652, U+0670; U+0640): optional in writing, they
  changed the detected language ("سيء جداً" Persian, "ســـيء" Urdu, a fully vowelled post
  none). They are dropped. Hebrew niqqud did not change the language and is left be
  (``fold`` drops every combining mark for the lexicon).
- **Zalgo** (a review's hostile input, 2026-12-06): a letter under a stack of three or more
  combining marks ("A̷̢̛͓c̸m̵e̴") is read as the letter; no language stacks three. "Acme is down
  again" so written had no language and read as praise, now English, a negative complaint.
"""

from __future__ import annotations

import re

from bot.core.lookalikes import LATIN_LOOKALIKES

# Cyrillic and Greek letters that look Latin -> the ASCII letter they imitate (the matchers'
# table, bot.core.lookalikes; letters only: "б" is no "6" here)
_AS_LATIN = {ch: latin for ch, (latin, script) in LATIN_LOOKALIKES.items()
             if script in ("Cyrillic", "Greek") and latin.isalpha() and len(ch) == 1}
# Latin letters that look Cyrillic -> the Russian (or Ukrainian) letter they imitate
_AS_CYRILLIC = dict(zip("AaBCcEeHKkMOoPpTXxyi", "АаВСсЕеНКкМОоРрТХхуі", strict=True))
_LATIN_TABLE = str.maketrans(_AS_LATIN)
_CYRILLIC_TABLE = str.maketrans(_AS_CYRILLIC)

_FOREIGN = "\u0370-\u03ff\u0400-\u04ff"  # Greek and Cyrillic
_WORD = re.compile(r"[^\W\d_]+")
# a word that mixes the scripts has a Latin letter next to a Cyrillic or Greek one ("dоwn",
# "Прилoжение"): found without backtracking over every word of a Russian post
_MIXED = re.compile(rf"[A-Za-z][{_FOREIGN}]|[{_FOREIGN}][A-Za-z]")
_LATIN_ONLY = re.compile("[A-Za-z]")

_ARABIC_MARKS = re.compile("[\u0640\u064b-\u0652\u0670]+")
# "zalgo" text: a letter under a stack of combining marks ("A̷̢̛͓c̸m̵e̴ ̶i̷s̵ ̴d̶o̷w̸n̷"); no
# language stacks three of these marks on a letter (Vietnamese, typed decomposed, at most two),
# so a run of three or more is dropped, the letter kept (a review's hostile input, 2026-12-06:
# "Acme is down again" so written had no language and read as praise)
_ZALGO = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]{3,}")


def read(text: str) -> str:
    """``text`` as the language detector and the model read it (the module docstring);
    ``text`` itself when nothing is to be undone."""
    if text.isascii():
        return text
    if _ARABIC_MARKS.search(text):
        text = _ARABIC_MARKS.sub("", text)
    if _ZALGO.search(text):
        text = _ZALGO.sub("", text)
    if _LATIN_ONLY.search(text) and _MIXED.search(text):
        text = _unmix(text)
    return text


def _own_letters(word: str) -> tuple[int, int]:
    """(Latin letters with no Cyrillic or Greek twin, Cyrillic and Greek letters with no Latin
    one) of ``word``."""
    latin = sum(1 for ch in word if ch.isascii() and ch not in _AS_CYRILLIC)
    other = sum(1 for ch in word if not ch.isascii() and ch not in _AS_LATIN
                and ("\u0370" <= ch <= "\u04ff"))
    return latin, other


def _unmix(text: str) -> str:
    words = _WORD.findall(text)
    latin_total = other_total = 0
    for w in words:
        latin, other = _own_letters(w)
        latin_total += latin
        other_total += other
    post_latin = latin_total >= other_total

    def one(m: re.Match[str]) -> str:
        word = m.group()
        has_latin = _LATIN_ONLY.search(word) is not None
        has_other = any("\u0370" <= ch <= "\u04ff" for ch in word)
        if not (has_latin and has_other) and not _all_twins(word):
            return word
        latin, other = _own_letters(word)
        to_latin = latin > other if latin != other else post_latin
        if to_latin:
            return word.translate(_LATIN_TABLE)
        if any("\u0370" <= ch <= "\u03ff" for ch in word):
            return word  # Greek with Latin letters: no table reads them as Greek
        return word.translate(_CYRILLIC_TABLE)

    return _WORD.sub(one, text)


def _all_twins(word: str) -> bool:
    """A word of lookalikes alone ("арр", "OK"): read in the post's script."""
    return all(ch in _AS_LATIN or ch in _AS_CYRILLIC for ch in word)
