"""The repair of a too-deep page (``bot.core.jsonbody``) runs on the event loop like any
decode: its Python-level work must follow the page's brackets, not its every value. A page of
40 statuses with one item nested 100,000 deep took 3.4 s, because the repair read every
integer of the page through a Python hook and stepped through every string in Python."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.core import jsonbody
from bot.core.jsonbody import CUT, MAX_NESTING, loads, shallow

DEEP = "[" * 5_000 + "]" * 5_000


def test_a_deep_page_reads_its_ordinary_integers_without_the_long_integer_hook(
        monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []

    def counted(digits: str) -> int | str:
        called.append(digits)
        return jsonbody.integer.__wrapped__(digits)  # type: ignore[attr-defined,no-any-return]

    counted.__wrapped__ = jsonbody.integer  # type: ignore[attr-defined]
    monkeypatch.setattr(jsonbody, "integer", counted)
    page = loads(("[" + "1," * 10_000 + DEEP + "]").encode())
    assert page[:10_000] == [1] * 10_000 and page[-1] != []
    assert called == []


def test_a_long_integer_in_a_deep_page_stays_its_digits() -> None:
    digits = "9" * 5_000
    page = loads(f'[{digits}, 7, {DEEP}]'.encode())
    assert page[0] == digits and page[1] == 7


def test_shallow_steps_through_the_brackets_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Strings are skipped inside the regular expression (C), not one by one in Python."""
    seen: list[Any] = []
    real = jsonbody._BRACKETS.match

    class Spy:
        def match(self, text: str, pos: int) -> Any:
            m = real(text, pos)
            seen.append(m)
            return m

    monkeypatch.setattr(jsonbody, "_BRACKETS", Spy())
    text = "[" + '"a [ { ] }", ' * 10_000 + DEEP + "]"
    cut = shallow(text)
    assert len(seen) == 2 + 10_000 + 1  # one a bracket, and the last that found none
    assert json.loads(cut)[:2] == ["a [ { ] }", "a [ { ] }"]


@pytest.mark.parametrize("text", [
    '{"a": "x\\"]", "b": [[["\\\\"]]], "c": "{"}',
    '["unterminated [[[',
    '"a string alone"',
    '[1, 2, {"k": []}]  ',
    "[" * 300 + '"s]"' + "]" * 300,
    "[" * 300 + "1" + "]" * 299,
    '[{"a": ' + "[" * 250 + "]" * 250 + '}, "tail ]]"]',
])
def test_shallow_cuts_as_before(text: str) -> None:
    assert shallow(text) == _old_shallow(text)


def _old_shallow(text: str, limit: int = MAX_NESTING) -> str:
    import re

    tokens = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.S)
    out: list[str] = []
    done = depth = 0
    cut_at: int | None = None
    for m in tokens.finditer(text):
        token = m.group()
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth == limit + 1:
                cut_at = m.start()
        elif depth > 0:
            if depth == limit + 1 and cut_at is not None:
                out += (text[done:cut_at], json.dumps(CUT))
                done, cut_at = m.end(), None
            depth -= 1
    out.append(text[done:cut_at])
    return "".join(out)
