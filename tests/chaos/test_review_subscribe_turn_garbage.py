"""A person's subscribe turn (``SUBSCRIBE_TURN``, ``handlers.subscriptions._take_turn``) read
back as something no release wrote: ``_take_turn`` replaces a record it cannot read (a
hand-edit, a restore gone wrong), and a number past what the store's versions hold is such a
record. SQLite's INTEGER is 64-bit: a turn of 2**63 - 1 (or more) made the next turn's write
raise ``OverflowError`` (every subscribe of that person in that channel "went wrong on our
side", for good). Redis held (2**53 + 1 is a guard: it passed before on both stores). Real
SQLite file and real redis-server, as tests/chaos/test_review_subscribe_races.py."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core import keys as K
from bot.core.commands import parse_command
from bot.core.config import load_config
from bot.core.effects import Effects
from tests.chaos.test_claim_races import START, Setup
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


@pytest.mark.untimed  # one process, its clock injected: no other process, no real-clock wait
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("version", [2**53 + 1, 2**63 - 1, 2**70])
async def test_a_turn_past_what_a_store_counts_is_replaced_not_stuck(
        tmp_path: Path, backend: str, version: int, redis_server: RedisServer) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        fx = Effects()
        fx.put(K.SUBSCRIBE_TURN, "console:support:alice", json.dumps({"version": version}))
        assert await app.store.apply(fx)
        for query in ("acme refund", "acme invoice"):
            reply = await app.dispatcher.handle(parse_command(f"subscribe {query}").interaction(
                workspace="console", channel="support", user="alice"))
            assert reply.ok and " created" in reply.text, reply.text
        assert len(await app.store.list_subscriptions()) == 2
