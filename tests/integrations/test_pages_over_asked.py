"""A page holding more items than it was asked for (``limit``, ``max_results``,
``hitsPerPage``), as a broken or hostile server answers: each source reads the first ones, as
many as it asked for, and leaves the rest out with one warning line and one count per item
left out in ``skipped`` (``mentions_skipped_total``).

A response is bounded in bytes (``capped.MAX_RESPONSE``, 32 MB), not in items: 32 MB is
100,000 small tweets or 65,000 small Reddit posts. Read whole, one such X page held the event
loop for 15 s (5 s of CPU) and 440 MB of mentions, and a poll reads up to ten pages. The pages
here are the real recorded items of each network (tests/integrations/test_mutated_payloads.py)
repeated under other ids to ``EXTRA`` past the page size: what is proven is the bound, not
the cost, which no test here measures."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from integrations.social.bluesky.source import LIMIT as BLUESKY_PAGE
from integrations.social.hackernews.source import MAX_HITS
from integrations.social.mastodon.source import PAGE as MASTODON_PAGE
from integrations.social.reddit.source import LIMIT as REDDIT_PAGE
from tests.integrations.test_mutated_payloads import (
    BLUESKY,
    HACKERNEWS,
    HN_NOW,
    MASTODON,
    REDDIT,
    Case,
    X,
)
from tests.support.polling import World, bounded, one_line_logs, opened_world

EXTRA = 25


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with opened_world() as w:
        yield w


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, d = divmod(n, 36)
        out = digits[d] + out
    return out or "0"


def _mastodon(n: int) -> tuple[Any, list[str]]:
    first = MASTODON.doc[0]
    ids = [str(int(first["id"]) - i) for i in range(n)]
    return [{**first, "id": i} for i in ids], ids


def _x(n: int) -> tuple[Any, list[str]]:
    doc = copy.deepcopy(X.doc)
    first = doc["data"][0]
    ids = [str(int(first["id"]) - i) for i in range(n)]
    doc["data"] = [{**first, "id": i} for i in ids]
    doc["meta"]["result_count"] = n
    return doc, ids


def _reddit(n: int) -> tuple[Any, list[str]]:
    doc = copy.deepcopy(REDDIT.doc)
    first = doc["data"]["children"][0]
    start = int(first["data"]["id"], 36)
    natives = [_base36(start - i) for i in range(n)]
    doc["data"]["children"] = [{**first, "data": {**first["data"], "id": i, "name": f"t3_{i}"}}
                               for i in natives]
    return doc, [f"t3_{i}" for i in natives]


def _hackernews(n: int) -> tuple[Any, list[str]]:
    first = HACKERNEWS.doc["hits"][0]
    start = int(HN_NOW.timestamp()) - 1_200  # all in the first poll's hour, newest first
    hits = [{**first, "objectID": str(5_000 + i), "created_at_i": start - i} for i in range(n)]
    return {**HACKERNEWS.doc, "hits": hits, "nbHits": n}, [h["objectID"] for h in hits]


def _bluesky(n: int) -> tuple[Any, list[str]]:
    first = BLUESKY.doc["posts"][0]
    uris = [first["uri"][:-1] + f"k{i}" for i in range(n)]
    return {"posts": [{**first, "uri": u} for u in uris]}, uris


PAGES: list[tuple[Case, int, Callable[[int], tuple[Any, list[str]]]]] = [
    (MASTODON, MASTODON_PAGE, _mastodon),
    (X, 100, _x),  # max_results
    (REDDIT, REDDIT_PAGE, _reddit),
    (HACKERNEWS, MAX_HITS, _hackernews),
    (BLUESKY, BLUESKY_PAGE, _bluesky),
]


@pytest.mark.parametrize(("case", "asked", "page"), PAGES, ids=[c.name for c, _, _ in PAGES])
def test_a_page_over_its_size_is_read_as_asked_and_the_rest_counted(
        world: World, case: Case, asked: int,
        page: Callable[[int], tuple[Any, list[str]]]) -> None:
    doc, ids = page(asked + EXTRA)
    out = case.poll(world, json.dumps(doc).encode())
    assert out.error is None, out.error
    assert out.mentions is not None
    # the first ones, as many as asked: a page lists its newest first
    assert sorted(m.native_id for m in out.mentions) == sorted(ids[:asked])
    assert out.skips == EXTRA
    warnings = [r.getMessage() for r in out.lines if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, warnings
    assert f"answered {asked + EXTRA:,} items for a page of {asked}" in warnings[0]
    assert f"the other {EXTRA} left out" in warnings[0]
    one_line_logs(out)
    for m in out.mentions:
        bounded(m)


@pytest.mark.parametrize(("case", "asked", "page"), PAGES, ids=[c.name for c, _, _ in PAGES])
def test_a_page_of_exactly_its_size_is_read_whole(
        world: World, case: Case, asked: int,
        page: Callable[[int], tuple[Any, list[str]]]) -> None:
    doc, ids = page(asked)
    out = case.poll(world, json.dumps(doc).encode())
    assert out.error is None, out.error
    assert out.mentions is not None
    assert sorted(m.native_id for m in out.mentions) == sorted(ids)
    assert out.skips == 0, [r.getMessage() for r in out.lines]

