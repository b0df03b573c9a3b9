"""A network's JSON page is decoded on the event loop, so what a page may hold is bounded by
what decoding it costs, not only by its bytes (``jsonpage.json_page``, ``jsonpage.PAGE``). Read
over real HTTP (the shared local server) by the real sources; the loop stall itself is
measured by benchmarks/json_pages.py, not asserted here. Pages over the budget are read by
the real ``python -m bot.core.jsontrim`` process."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

import pytest

from integrations.social.common import capped, jsonpage
from integrations.social.common.jsonpage import PageBudget, PageTooHeavy, halvable, json_page
from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.integrations.test_bluesky_hostile_records import (  # noqa: F401 (a fixture)
    NOW,
    Network,
    network,
)
from tests.integrations.test_mastodon import T0, TAG, FakeTimeline, config, real_status
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

REAL = PageBudget()


def heavy_status(n: int, *, containers: int) -> dict[str, Any]:
    """A real status with a field of ``containers`` empty objects in arrays of 100: what a
    server speaking the Mastodon API may send in a field socialops does not read (10 MB of
    empty arrays held the loop 0.7 s in ``json.loads``)."""
    status = real_status(n, at=T0 + timedelta(minutes=1))
    status["pleroma"] = {"extra": [[{} for _ in range(100)] for _ in range(containers // 100)]}
    return status


async def test_a_page_too_heavy_to_decode_is_asked_again_with_fewer_statuses(
        net: NetServer, clock: FakeClock) -> None:
    """Twelve statuses of 5,000 objects each: a page of 120 KB (far under the 32 MB a
    response may hold) that was decoded whole on the loop. No part of it stands out to cut:
    it is refused, counted and logged, and asked again with fewer statuses, each read whole."""
    clock.now = T0 + timedelta(minutes=10)
    timeline = FakeTimeline()
    timeline.add(real_status(0, at=T0))
    net.handler("GET", TAG, timeline)
    cursors = Cursors()
    async with capped.capped_client() as client:
        src = MastodonSource(config(net), store=cursors, client=client, clock=clock)
        assert len(await src.poll()) == 1  # the first run fixes the cursor
        heavy = [heavy_status(n, containers=5_000) for n in range(1, 13)]
        timeline.add(*heavy)
        got = await src.poll()
    assert sorted(m.native_id for m in got) == sorted(s["id"] for s in heavy)
    limits = [r.q("limit") for r in net.requests_to(TAG)[1:] if r.q("max_id") is None]
    assert limits[:4] == ["40", "20", "10", "5"]  # ten are 50,621: still over
    assert len(src.skipped) == 3
    assert "arrays and objects, over the 50,000 a JSON page may hold" in src.skipped[0]
    assert src.skipped[0].endswith("; asked again for 20 statuses")
    assert json.loads(cursors.values["m1"])["tag:socialops"] == heavy[-1]["id"]


async def test_normal_pages_read_as_before(net: NetServer, clock: FakeClock) -> None:
    """Forty real statuses: one page, no skip."""
    clock.now = T0 + timedelta(minutes=10)
    timeline = FakeTimeline()
    timeline.add(real_status(0, at=T0))
    net.handler("GET", TAG, timeline)
    async with capped.capped_client() as client:
        src = MastodonSource(config(net), store=Cursors(), client=client, clock=clock)
        await src.poll()
        timeline.add(*(real_status(n, at=T0 + timedelta(seconds=n)) for n in range(1, 41)))
        assert len(await src.poll()) == 40
    assert [r.q("limit") for r in net.requests_to(TAG)[1:2]] == ["40"]
    assert not src.skipped


async def test_a_field_of_200_000_arrays_is_cut_and_its_status_read(
        net: NetServer, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    """A status with a field of 200,000 empty arrays (600 KB): the page holding it was
    decoded whole on the loop at every poll. It is read in a process of its own, the field
    cut to "…" (no field of any network holds a thousand elements): the status and those
    around it are read in one page, and the cursor passes them."""
    clock.now = T0 + timedelta(minutes=10)
    timeline = FakeTimeline()
    timeline.add(real_status(0, at=T0))
    net.handler("GET", TAG, timeline)
    cursors = Cursors()
    async with capped.capped_client() as client:
        src = MastodonSource(config(net), store=cursors, client=client, clock=clock)
        await src.poll()
        statuses = [real_status(n, at=T0 + timedelta(minutes=1)) for n in range(1, 4)]
        statuses[1]["pleroma"] = {"extra": [[] for _ in range(200_000)]}
        timeline.add(*statuses)
        got = await src.poll()
    assert sorted(m.native_id for m in got) == sorted(s["id"] for s in statuses)
    held = next(m for m in got if m.native_id == statuses[1]["id"])
    assert held.raw["pleroma"] == {"extra": "…"}
    limits = [r.q("limit") for r in net.requests_to(TAG)[1:] if r.q("max_id") is None]
    assert limits[:1] == ["40"] and not src.skipped
    assert [r.getMessage() for r in caplog.records if "process of its own" in r.getMessage()] \
        == ["mastodon: GET /api/v1/timelines/tag/socialops: a page of 200,063 arrays and "
            "objects, over the 50,000 a JSON page may hold: read in a process of its own, 1 "
            "of its heaviest parts cut to \"…\""]
    assert json.loads(cursors.values["m1"])["tag:socialops"] == statuses[-1]["id"]


@pytest.mark.parametrize(("body", "why"), [
    (b"[" + b"[]," * 50_000 + b"[]]", "50,002 arrays and objects"),
    (b"[" + b"1," * 500_001 + b"1]", "500,001 values"),
    (b'["' + b"a" * (16 * 1024 * 1024) + b'"]', "16,777,220 bytes"),
])
async def test_a_page_no_part_of_which_stands_out_is_refused(body: bytes, why: str) -> None:
    """Heavy all over, with no item to cut (no page of any network): a failed request."""
    with pytest.raises(PageTooHeavy, match=f"GET /x: a page of {why}, over the .*, and no "
                                           "part of it stands out to cut"):
        await json_page(body, "GET /x")
    with halvable(True), pytest.raises(PageTooHeavy, match=f"GET /x: a page of {why}, over "):
        await json_page(body, "GET /x")


async def test_a_hostile_part_is_cut_and_the_rest_of_the_page_read() -> None:
    page = {"posts": [{"uri": f"at://p/{n}", "record": {"text": f"acme {n}"}}
                      for n in range(100)]}
    page["posts"][7]["record"]["x"] = [[[] for _ in range(500)] for _ in range(300)]
    page["posts"][9]["record"]["y"] = [{} for _ in range(80_000)]
    got = await json_page(json.dumps(page).encode(), "GET /x")
    assert [p["record"]["text"] for p in got["posts"]] == [f"acme {n}" for n in range(100)]
    assert got["posts"][9]["record"]["y"] == "…"
    assert "…" in got["posts"][7]["record"]["x"]  # its heaviest parts, till the page fits


async def test_what_is_not_json_over_the_budget_is_still_a_value_error() -> None:
    with pytest.raises(ValueError, match="not JSON"):
        await json_page(b"[" + b"[]," * 60_000 + b"nope", "GET /x")


def test_real_recorded_pages_are_far_under_the_budget() -> None:
    """Every recorded page of every network fits in a twentieth of each bound."""
    from tests.integrations.test_mastodon import REAL as FIXTURES

    tight = PageBudget(size=REAL.size // 20, containers=REAL.containers // 20,
                       values=REAL.values // 20)
    paths = [*FIXTURES.parent.glob("*/*.json")]
    assert len(paths) > 40
    for path in paths:
        body = path.read_bytes()
        assert tight.over(body) is None, path
        assert asyncio.run(json_page(body, "GET /x")) == json.loads(body)


async def test_a_deep_item_within_the_budget_is_still_repaired() -> None:
    """Depth past the reader's recursion (an AT Protocol record holds any JSON) is cut, not
    fatal, as before (``bot.core.jsonbody``)."""
    body = b'[{"ok": 1}, ' + b"[" * 5_000 + b"]" * 5_000 + b"]"
    page = await json_page(body, "GET /x")
    assert page[0] == {"ok": 1} and isinstance(page[1], list)


async def test_pages_pass_unbounded_when_the_budget_is_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonpage, "PAGE", None)  # what benchmarks/json_pages.py compares with
    assert len(await json_page(b"[" + b"[]," * 50_000 + b"[]]", "GET /x")) == 50_001



async def test_a_bluesky_record_too_heavy_to_decode_is_cut_and_its_post_read(
        network: Network,  # noqa: F811 (the fixture)
        clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    """A record holds any JSON (``validate: false``) within the AT Protocol's limits (1 MiB of
    CBOR, 131,072 elements an array): three arrays of 100,000 empty arrays are 300 KB. The
    search page holding that post was decoded whole on the loop at every poll; it is read in
    a process of its own, the record's heavy field cut, the post and the page read."""
    clock.now = NOW
    uris = [network.post(n, f"acme {n}") for n in range(1, 4)]
    uris.append(network.post(4, "acme 4", junk=[[[] for _ in range(100_000)]] * 3))
    async with capped.capped_client() as client:
        network.client = client
        source = network.source(clock)
        got = await source.poll()
    assert sorted(m.id.removeprefix("bluesky:") for m in got) == sorted(uris)
    held = next(m for m in got if m.id.endswith("3p00000004"))
    assert held.text == "acme 4" and held.raw["record"]["junk"] == ["…", "…", "…"]
    assert not source.skipped
    assert any("process of its own, 3 of its heaviest parts cut" in r.getMessage()
               for r in caplog.records)
