"""An edit's answer says a scheduled draft's time on the clock of the workspace it was typed
in, as every other answer of the approvals does (docs/configuration.md, timezone: 'an answer
on that of the workspace it was asked in'), on each store (a SQLite file and a real
redis-server)."""

from __future__ import annotations

from bot.core.ports import Store
from tests.handlers.test_withdraw_races import Network, service
from tests.support.clock import FakeClock


async def test_an_edit_typed_on_kolkatas_clock_says_the_time_on_it(
        store: Store, clock: FakeClock) -> None:
    """The approvals channel on Berlin's clock (console), alice editing from a workspace on
    Kolkata's: before, the answer said Berlin's time alone ('(13:00 Europe/Berlin)'), where
    the schedule's and the approval's answers to her said Kolkata's."""
    approvals = service(store, clock, Network())
    approvals.zones.update({"console": "Europe/Berlin", "discord": "Asia/Kolkata"})
    draft, _ = await approvals.draft(text="Launch day", network="mastodon", account="masto",
                                     author="alice", publish_at=approvals.when("in 3h"))
    assert draft is not None
    edited = await approvals.edit(draft.id, "alice", "Launch day, at noon",
                                  workspace="discord")
    assert edited.ok and edited.text == (
        f"{draft.id} edited (back to pending); it still publishes at 2026-11-23 12:00 UTC "
        "(17:30 Asia/Kolkata) once approved"), edited.text
