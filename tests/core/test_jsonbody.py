"""``bot.core.jsonbody.loads``: a page readable whatever one item holds."""

from __future__ import annotations

import json

import pytest

from bot.core.jsonbody import MAX_NESTING, loads, shallow


def test_a_well_formed_document_reads_as_json_loads_reads_it() -> None:
    doc = {"a": ["[{", {"b": "\\\"]}"}], "n": 1.5}
    assert loads(json.dumps(doc).encode()) == doc == loads(json.dumps(doc))


def test_too_deep_a_part_becomes_an_ellipsis_and_the_rest_is_read() -> None:
    deep = "[" * 10_000 + "1" + "]" * 10_000
    doc = loads(f'[{{"id": 1, "x": {deep}, "s": "[[[{{"}}, {{"id": 2}}]'.encode())
    assert [item["id"] for item in doc] == [1, 2]
    assert doc[0]["s"] == "[[[{"  # brackets inside a string are text
    value = doc[0]["x"]
    depth = 2  # the page and the item
    while isinstance(value, list):
        depth, value = depth + 1, value[0]
    assert value == "…" and depth == MAX_NESTING


def test_invalid_utf8_becomes_replacement_characters() -> None:
    assert loads(b'[{"text": "acme \xff\xc3( down"}, {"text": "ok"}]') == [
        {"text": "acme \ufffd\ufffd( down"}, {"text": "ok"}]


@pytest.mark.parametrize("body", [b"[" * 10_000, b'{"a": "unclosed', b"\xff\xfe\x00"])
def test_what_is_not_json_is_still_a_value_error(body: bytes) -> None:
    with pytest.raises(ValueError):
        loads(body)


def test_shallow_leaves_a_document_within_the_limit_as_it_is() -> None:
    text = json.dumps({"a": [[["x"]]], "b": "]]]"})
    assert shallow(text) == text
