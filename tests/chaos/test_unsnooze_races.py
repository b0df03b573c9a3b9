"""Two real processes end one ticket's snooze at the same moment, on one real redis-server and
on one SQLite file (``tests.chaos.test_claim_races``' processes): one ends it, the one that
loses the compare-and-set is decided again from the winner's ticket and told it is not
snoozed; one history entry, one audit row. A snooze and its end at once are both kept, in
either order."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.test_claim_races import START, Setup, one_ticket, say
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_people_ending_one_snooze_in_two_processes_end_it_once(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        t = (await one_ticket(app)).id
        assert (await say(app, "alice", f"snooze {t} 2h")).startswith(f"{t} snoozed until")
        replies = await asyncio.to_thread(s.race, ("alice", f"snooze {t} off"),
                                          ("bob", f"snooze {t} off"))
        texts = sorted(r["text"] for r in replies)
        assert texts[1] == f"{t} unsnoozed; escalation step 1 of support-default is due at " \
            "09:15 UTC", replies
        assert texts[0] in (f"{t} is not snoozed: {who} ended its snooze at 09:00 UTC"
                            for who in ("alice", "bob")), replies
        final = await app.store.get_ticket(t)
        assert final is not None and final.snoozed_until is None
        assert [e.action for e in final.history].count("unsnoozed") == 1
        assert [e.action for e in await app.store.audit_since(None)].count(
            "ticket.unsnoozed") == 1

        # a new snooze and an end at once: both written, the ticket as the later left it
        replies = await asyncio.to_thread(s.race, ("alice", f"snooze {t} 1h"),
                                          ("dave", f"snooze {t} off"))
        final = await app.store.get_ticket(t)
        assert final is not None
        last = final.history[-1].action
        if last == "unsnoozed":  # the snooze first, then its end
            assert final.snoozed_until is None and final.history[-2].action.startswith(
                "snoozed until")
            assert all(r["ok"] for r in replies), replies
        else:  # the end first found nothing snoozed: refused, the snooze kept
            assert last.startswith("snoozed until") and final.snoozed_until is not None
            # the earlier end said, by whichever of the first race's two did it
            assert sorted(r["text"] for r in replies)[0].startswith(
                f"{t} is not snoozed: "), replies
