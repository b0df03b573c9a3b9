"""State the bot keeps for itself in the store, hand-damaged (a fuzzing review): nested past
Python's recursion limit, ``json.loads`` raises RecursionError, not the ValueError each of
these readers takes as "unreadable, start afresh". Before, the spike check and the source
health check raised at every run (a timer's traceback each minute, then set aside: those
checks stopped for good), a stored silence failed every build of the router, a plan's row
record failed every draft of its row, a subscription record failed each count of a person's
subscriptions (every ``subscribe`` in its channel, both stores), and a Discord form's kept
preview its Subscribe button. Read with the depth cut
(``bot.core.jsonbody.loads``), each is the damaged record it is: a sane default. Real stores:
a SQLite file and a real redis-server."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import pytest

from bot.core import keys as K
from bot.core.config import HealthConfig, SpikesConfig
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.router import active_silences
from bot.engine.timers import Timers
from bot.store.dead_stream import mention_id
from bot.store.readable import text_field
from handlers.approvals import _planrow
from handlers.source_health import SourceHealth, Watched
from handlers.spikes import SpikeChecker
from handlers.subscriptions import _holder, _silence, _take_turn, _until
from integrations.discord.inbound import StoredPreviews
from tests.conftest import FakeClock

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"id": "x", "until": ' + DEEP + "}"
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def _cursor(store: Store, key: str, raw: str) -> None:
    fx = Effects()
    fx.cursors[key] = raw
    assert await store.apply(fx)


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_deep_record_of_spike_cards_is_written_afresh(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    clock.now = T0
    await _cursor(store, K.SPIKE_CARDS, DEEP)
    checker = SpikeChecker(store, Applier(store), cfg=SpikesConfig(), clock=clock)
    timers = Timers(store, clock=clock)
    timers.register(K.SPIKE_CHECK, checker.check)
    fx = Effects()
    checker.arm(fx)
    assert await store.apply(fx)
    assert await timers.fire_due() == 1
    assert _errors(caplog) == []
    assert await store.get_cursor(K.SPIKE_CARDS) == "{}"


async def test_a_deep_clock_marker_of_source_health_does_not_stop_the_check(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    clock.now = T0
    await _cursor(store, K.SOURCE_HOURS_CLOCK, DEEP)
    health = SourceHealth(store, Applier(store), cfg=HealthConfig(), clock=clock,
                          sources=[Watched("s", 60.0)], ops=None)
    timers = Timers(store, clock=clock)
    timers.register(K.SOURCE_HEALTH, health.check)
    fx = Effects()
    health.arm(fx)
    assert await store.apply(fx)
    assert await timers.fire_due() == 1
    assert _errors(caplog) == []
    stored = json.loads(await store.get_cursor(K.SOURCE_BASELINES) or "{}")
    assert stored.get("version") == 2  # the check ran and wrote its state


async def test_a_deep_stored_silence_is_ignored_not_a_failed_router_build(
        store: Store, clock: FakeClock) -> None:
    fx = Effects()
    fx.put(K.SILENCE, "hand-edited", DEEP_OBJECT)
    fx.put(K.SILENCE, "deep", DEEP)
    assert await store.apply(fx)
    assert active_silences(await store.list_raw(K.SILENCE), clock()) == []


@pytest.mark.parametrize("raw", [DEEP, DEEP_OBJECT])
async def test_deep_records_of_subscribes_mutes_and_plans_read_as_damaged(
        store: Store, raw: str) -> None:
    fx = Effects()
    fx.put(K.DRAFTED_ONCE, "row", raw)
    assert await store.apply(fx)
    stored = await store.get_raw(K.DRAFTED_ONCE, "row")
    assert stored is not None
    assert _planrow(stored) is None  # that row is drafted again
    assert _holder(stored) is None
    silence = _silence(stored)  # a mute of no time: ended, deleted at the next mute
    assert silence is None or _until(silence) == datetime.min.replace(tzinfo=UTC)
    turn = Effects()
    _take_turn(turn, "k", stored)  # replaced, as any record that cannot be read
    assert turn.records


def test_one_field_of_a_deep_record_is_read_or_none() -> None:
    """The dead letters' listing names a stream entry by its post's id, and both stores count a
    person's subscriptions by one field (``text_field``): a record nested too deep raised."""
    deep_beside = '{"id": "mastodon:1", "created_by": "alice", "x": ' + DEEP + "}"
    assert mention_id(DEEP) == "" and mention_id(deep_beside) == "mastodon:1"
    assert text_field(DEEP, "created_by") is None
    assert text_field(deep_beside, "created_by") == "alice"


async def test_a_deep_discord_preview_is_none_to_take(store: Store) -> None:
    await store.claim_value(K.previewed("t0"), DEEP, 60)
    assert await StoredPreviews(store).take("t0", "u1") is None
