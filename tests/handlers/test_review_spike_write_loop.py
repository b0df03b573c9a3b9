"""How long a spike check's store write holds the event loop (a review of the loop, 2026-12-06).

The detector's state is encoded in a worker thread (``handlers.spikes``); the store then writes
it: on Redis inside the batch ``_ops_json`` encodes for the apply script, on SQLite as a row.
At ``MAX_SERIES`` (3,000) the state is megabytes; this measures the write of one such state
with a heartbeat's longest gap, on SQLite and a real redis-server. Measured on a shared machine
of two CPUs: 8.3 MB of state, the loop held 15 to 25 ms on either (``_ops_json`` alone, in
pydantic-core's serializer, 20 ms): nothing to move off the loop; the bound guards it."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.enrich.spikes import MAX_SERIES, SpikeDetector
from tests.integrations.test_review_loop_frames import Heartbeat

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
HELD = 1.0  # far above a normal write's hold (15-25 ms), on a loaded CI machine too


def _state() -> str:
    """A detector of ``MAX_SERIES`` series, each with ten buckets counted, as its JSON."""
    detector = SpikeDetector()
    start = int(T0.timestamp()) // detector.bucket_seconds
    for i in range(MAX_SERIES):
        for b in range(start - 9, start + 1):
            detector.set_count(("keyword", f"term-{i:05d}"), b, (i + b) % 7,
                               first_seen=T0.timestamp() - 14 * 86400)
    detector.resume(T0)
    list(detector.check(T0, recent=lambda _: ()))
    return detector.to_json()


async def test_writing_a_full_spike_state_does_not_hold_the_loop(store: Store) -> None:
    state = _state()
    assert len(state) > 4_000_000  # megabytes, as the reviewer said
    for _ in range(2):  # the first inserts the row, the second replaces it
        fx = Effects()
        fx.cursors[K.SPIKE_STATE] = state
        async with Heartbeat() as beat:
            assert await store.apply(fx)
        assert beat.longest < HELD, f"the loop held {beat.longest:.3f} s"
    assert await store.get_cursor(K.SPIKE_STATE) == state
