"""``jsonpage.head_member`` on hostile heads (a fuzzing review, 2026-12-06): what it reads of
a frame too heavy for the loop (a Slack envelope's ``envelope_id``, a Jetstream message's
``time_us``) is what ``json.loads`` reads there, or None; never an exception, whatever the
escapes, whitespace, nesting and cuts of its first 4,096 characters. Held: nothing fixed.
Left as documented: a key repeated in the head gives its first value (``json.loads`` the
last; RFC 8259 4: names SHOULD be unique, and a reader's choice is its own)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrations.social.common.jsonpage import HEAD, head_member
from tests.support.mutations import SETTINGS

_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
            | st.text(max_size=2_000))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=5), inner, max_size=3), max_leaves=8)
_KEYS = ["envelope_id", "type", "a", "envelope_\\u0069d", "\\u0065nvelope_id", "envelope_ID"]


@SETTINGS
@given(members=st.lists(st.tuples(st.sampled_from(_KEYS), _VALUES), max_size=6),
       blank=st.text(alphabet=" \t\n\r", max_size=3_000), ascii_only=st.booleans(),
       data=st.data())
def test_what_the_head_gives_is_what_json_reads(members: list[tuple[str, Any]], blank: str,
                                                ascii_only: bool, data: st.DataObject) -> None:
    parts = [blank[:data.draw(st.integers(0, len(blank)))] + f'"{key}"' + blank[:2] + ":"
             + json.dumps(value, ensure_ascii=ascii_only) for key, value in members]
    text = "{" + ",".join(parts) + "}"
    got = head_member(text.encode(), "envelope_id")
    names = [json.loads(f'"{key}"') for key, _ in members]
    if got is None or names.count("envelope_id") != 1:
        return
    want = json.loads(text)["envelope_id"]
    assert got == want or (isinstance(got, float) and math.isnan(got))


@pytest.mark.parametrize(("body", "want"), [
    (b"{" + b" " * 10_000_000 + b'"envelope_id":"x"}', None),  # past the head: not read
    (b'{"envelope_id":"\\ud800"}', "\ud800"),  # a lone surrogate, as json reads it
    (b'{"envelope_id":"a\xff"}', "a\ufffd"),  # not UTF-8: replaced
    (b"\xff" * 5_000, None),
    (b'{"envelope_id":' + b"9" * 5_000 + b"}", None),  # more digits than int() takes
    (b'{"x":"' + "\u00e9".encode() * 2_047 + b'","envelope_id":"z"}', None),  # cut mid-char
    (b'{"x":' + b"[" * 100_000 + b"]" * 100_000 + b',"envelope_id":"z"}', None),
    (b'{"envelope_id":"a","envelope_id":"b"}', "a"),  # the first (see the docstring)
    (b'{"envelope_id":"' + b"x" * (HEAD - 16) + b'"}', None),  # not whole in the head
])
def test_hostile_heads(body: bytes, want: Any) -> None:
    assert head_member(body, "envelope_id") == want
