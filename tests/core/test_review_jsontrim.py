"""``bot.core.jsontrim``: what of a page too heavy for the event loop is cut, in-process here
(the process itself is run by tests/integrations/test_review_json_pages.py)."""

from __future__ import annotations

import json

from bot.core.jsonbody import CUT
from bot.core.jsontrim import BREADTH, Budget, fit, trim

BUDGET = Budget(16 * 1024 * 1024, 50_000, 500_000)


def heavy(n: int) -> dict[str, object]:
    return {"id": str(n), "extra": [[{} for _ in range(100)] for _ in range(60)]}


def test_a_page_heavy_all_over_keeps_its_items_when_the_caller_would_halve() -> None:
    page = [heavy(n) for n in range(12)]  # 72,000 objects, no item standing out
    doc, cuts = fit(json.loads(json.dumps(page)), BUDGET, keep=2)
    assert cuts == 0 and doc == page
    doc, cuts = fit(json.loads(json.dumps(page)), BUDGET, keep=0)  # nobody would halve
    assert cuts == doc.count(CUT) > 0  # whole items, each skipped by its normaliser


def test_a_field_over_the_breadth_is_cut_at_any_depth() -> None:
    page = [{"id": "1", "x": [[] for _ in range(BREADTH + 1)]}, {"id": "2"}]
    doc, cuts = fit(page, BUDGET, keep=2)
    assert cuts == 1 and doc == [{"id": "1", "x": CUT}, {"id": "2"}]


def test_the_part_standing_out_goes_and_the_rest_is_kept() -> None:
    page = {"posts": [{"uri": f"p{n}", "record": {"text": "acme"}} for n in range(100)]}
    page["posts"][5]["record"]["junk"] = [[{} for _ in range(500)] for _ in range(200)]
    body, cuts = trim(json.dumps(page).encode(), BUDGET, keep=2)
    got = json.loads(body)
    assert [p["uri"] for p in got["posts"]] == [f"p{n}" for n in range(100)]
    assert all(p["record"]["text"] == "acme" for p in got["posts"]) and cuts >= 1
    assert body.count(b"{") + body.count(b"[") <= BUDGET.containers // 2


def test_a_root_of_more_than_the_breadth_is_left_for_the_caller_to_refuse() -> None:
    page = [[] for _ in range(BREADTH + 1)]
    assert fit(page, BUDGET) == (page, 0)
