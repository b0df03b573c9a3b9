"""Two real processes tag one ticket at the same moment, on one real redis-server and on one
SQLite file (``tests.chaos.test_claim_races``' processes): both tags are kept, since the one
that loses the compare-and-set is decided again from the winner's tags; the same tag twice is
one change, the other told it is there already."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.test_claim_races import START, Setup, one_ticket
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_two_people_tagging_one_ticket_in_two_processes_keep_both_tags(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        replies = await asyncio.to_thread(s.race, ("alice", f"tag {ticket.id} billing"),
                                          ("bob", f"tag {ticket.id} vip"))
        assert all(r["ok"] for r in replies), replies
        final = await app.store.get_ticket(ticket.id)
        assert final is not None and final.tags == ("billing", "vip")
        # the later write was decided from the first's tags: its reply lists both
        held = sorted(r["text"].rsplit(" (", 1)[1] for r in replies)
        assert held in (["tags: billing)", "tags: billing, vip)"],
                        ["tags: billing, vip)", "tags: vip)"]), replies
        assert sorted(e.detail for e in final.history if e.action == "tagged") == [
            "+billing", "+vip"]
        assert sorted(e.detail for e in await app.store.audit_since(None)
                      if e.action == "ticket.tagged") == ["+billing", "+vip"]

        replies = await asyncio.to_thread(s.race, ("alice", f"tag {ticket.id} refund"),
                                          ("bob", f"tag {ticket.id} refund"))
        assert sorted(r["text"] for r in replies) == [
            f"{ticket.id} is tagged refund already: nothing changed",
            f"{ticket.id} tagged: +refund (tags: billing, refund, vip)"], replies
        changed = await app.store.get_ticket(ticket.id)
        assert changed is not None and changed.tags == ("billing", "refund", "vip")
        assert len([e for e in changed.history if e.action == "tagged"]) == 3


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
async def test_a_tag_and_a_claim_at_once_in_two_processes_both_stand(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """A tag decided from the open ticket and a claim at the same moment: the one that loses
    the compare-and-set is decided again from the winner's ticket, so the ticket ends claimed
    by alice and tagged billing whichever wrote first; neither undoes the other."""
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        ticket = await one_ticket(app)
        replies = await asyncio.to_thread(s.race, ("alice", f"claim {ticket.id}"),
                                          ("bob", f"tag {ticket.id} billing"))
        assert all(r["ok"] for r in replies), replies
        final = await app.store.get_ticket(ticket.id)
        assert final is not None
        assert (final.status, final.claimer, final.tags) == ("claimed", "alice", ("billing",))
        assert sorted(e.action for e in final.history) == ["claimed", "opened", "tagged"]
