"""The Traditional -> Simplified table keyword matching reads Chinese with (``bot.core.hanzi``)
is OpenCC's ``t2s`` read one character at a time, as the installed OpenCC reads it."""

from __future__ import annotations

import opencc

from bot.core.hanzi import T2S
from bot.core.text import simplified

HAN = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0x20000, 0x3134F))


def test_the_table_is_opencc_t2s_one_character_at_a_time() -> None:
    chars = [chr(c) for lo, hi in HAN for c in range(lo, hi + 1)]
    out = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    expected = {a: b for a, b in zip(chars, out, strict=True) if a != b and len(b) == 1}
    table = {T2S[i]: T2S[i + 1] for i in range(0, len(T2S), 2)}
    assert table == expected


def test_simplified_is_one_character_for_one() -> None:
    assert simplified("這個價格太貴了 ok") == "这个价格太贵了 ok"
    assert simplified("後で連絡します") == "后で连络します"  # Japanese: as in a Japanese keyword
