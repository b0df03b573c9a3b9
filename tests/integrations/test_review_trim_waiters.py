"""Heavy stream frames waiting their turn to be cut (a review of the event loop and memory,
2026-12-06).

At most ``jsonpage.TRIMS_AT_ONCE`` processes cut a page or frame at once; the others waited,
each holding its frame (a Slack Socket Mode frame of up to 4 MiB, as a str and as bytes), with
no bound on how many: a burst of hostile heavy frames held hundreds of MB, and their envelopes
were acknowledged so late that Slack sent them again. At most ``jsonpage.TRIM_WAITERS`` frames
wait now; one beyond is ``PageTooHeavy`` at once (its stream skips it, counted and logged, a
Socket Mode envelope acknowledged), while a polled page still waits its turn."""

from __future__ import annotations

import asyncio

from integrations.social.common import jsonpage
from integrations.social.common.jsonpage import PageTooHeavy, json_page

# one field over FRAME's 5,000 arrays: cut to "…", the rest read
HEAVY = ('{"ok": 1, "junk": [' + ",".join(["[]"] * 60_000) + "]}").encode()


async def _outcomes(count: int, *, frame: bool) -> list[object]:
    return await asyncio.gather(
        *(json_page(HEAVY, f"frame {i}", frame=frame) for i in range(count)),
        return_exceptions=True)


async def test_frames_beyond_the_waiting_bound_are_skipped_at_once() -> None:
    burst = jsonpage.TRIMS_AT_ONCE + 12
    outcomes = await _outcomes(burst, frame=True)
    read = [o for o in outcomes if isinstance(o, dict)]
    skipped = [o for o in outcomes if isinstance(o, PageTooHeavy)]
    assert len(read) + len(skipped) == burst, outcomes
    assert skipped, "every frame of the burst waited its turn, holding its bytes"
    # all the burst's tasks reach the turns before the first process ends: exactly these read
    assert len(read) == jsonpage.TRIMS_AT_ONCE + jsonpage.TRIM_WAITERS, outcomes
    assert all(isinstance(s, jsonpage.TrimsBusy) and "waiting" in s.why for s in skipped), skipped


async def test_once_the_waiters_are_done_a_frame_is_read_again() -> None:
    await _outcomes(jsonpage.TRIMS_AT_ONCE + 12, frame=True)
    assert isinstance(await json_page(HEAVY, "after", frame=True), dict)


async def test_polled_pages_still_wait_their_turn() -> None:
    budget = jsonpage.PageBudget(containers=5_000, values=50_000)
    saved = jsonpage.PAGE
    jsonpage.PAGE = budget  # a page weighed as a frame, to be cut in as little time
    try:
        outcomes = await _outcomes(jsonpage.TRIMS_AT_ONCE + 6, frame=False)
    finally:
        jsonpage.PAGE = saved
    assert all(isinstance(o, dict) for o in outcomes), outcomes
