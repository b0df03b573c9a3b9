"""A paging token that cannot be sent: a lone UTF-16 surrogate (``"\\ud800"``, which JSON's
escapes can spell and Python's json reads as is) in X's ``next_token``, Reddit's ``after`` or
Bluesky's ``cursor``. Put into the next request's query it cannot be encoded as UTF-8 (the
URL must be), and the poll failed with UnicodeEncodeError, a traceback and none of the page's
mentions, at every poll. The walk ends there as at any token not to follow (``PageTokens``):
the page's mentions kept, one warning, one count in ``skipped``."""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from tests.integrations.test_mutated_payloads import BLUESKY, REDDIT, Case, X
from tests.support.mutations import encode
from tests.support.polling import World, one_line_logs, opened_world

LONE = "\x00lone-surrogate\x00"


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with opened_world() as w:
        yield w


def _with_token(case: Case) -> bytes:
    doc: dict[str, Any] = copy.deepcopy(case.doc)
    if case is X:
        doc["meta"]["next_token"] = LONE
    elif case is REDDIT:
        doc["data"]["after"] = LONE
    else:
        doc["cursor"] = LONE
    # json.dumps cannot write a lone surrogate as UTF-8 text: spliced in as JSON's escape
    return encode(doc).replace(f'"{LONE}"'.replace("\x00", "\\u0000").encode(),
                               b'"\\ud800abc"')


@pytest.mark.parametrize("case", [X, REDDIT, BLUESKY], ids=lambda c: c.name)
def test_a_token_of_a_lone_surrogate_ends_the_walk_not_the_poll(world: World,
                                                                 case: Case) -> None:
    body = _with_token(case)
    assert b"\\ud800abc" in body
    whole = case.poll(world, encode(case.doc))
    assert whole.error is None and whole.mentions
    out = case.poll(world, body)
    assert out.error is None, out.error
    assert out.mentions is not None
    assert {m.id for m in out.mentions} == {m.id for m in whole.mentions}
    assert out.skips == 1, out.skips
    warnings = [r.getMessage() for r in out.lines if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "paging stopped" in warnings[0], warnings
    one_line_logs(out)
