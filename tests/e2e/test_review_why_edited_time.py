"""``why`` of a post its author edited said when as the record keeps it, "edited by its author
at 2026-12-07T09:13:00+00:00" (in Slack "2026-12-07T09：13：00+00：00：", its colons escaped
as an emoji's would be), where every other time of the answer reads "2026-12-07 09:13 UTC",
with the asker's clock beside it (a review, 2026-12-07). Said as the others now, on a
workspace on Berlin's clock. Signed slash commands into the bolt app, the local Slack, a
SQLite file, an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import FakeClock
from tests.e2e.world import CAROL, SUPPORT, UNPACED, running_world


async def test_why_says_an_edit_on_the_askers_clock(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 12, 7, 9, 10, tzinfo=UTC))
    async with running_world(tmp_path, clock, extra=UNPACED, zone="Europe/Berlin") as w:
        m = await w.mention("acme charged me twice, where is my refund?", n=1)
        clock.advance(minutes=3)
        await w.a.pipeline.process(m.model_copy(update={
            "text": "acme charged me three times, where is my refund?", "revision": "edit",
            "revised_at": clock(), "raw": {}}))
        await w.a.outbox.drain()
        before = len(w.said_to(CAROL))
        assert await w.slash(CAROL, SUPPORT, "why mastodon:1") == 200
        await w.until(lambda: len(w.said_to(CAROL)) > before, "the answer to why")
        said = w.said_to(CAROL)[-1]
        assert "edited by its author at 2026-12-07 09:13 UTC (10:13 Europe/Berlin)" in said, said
        assert "T09" not in said, said
