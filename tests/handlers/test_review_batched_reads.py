"""A digest's card reads the posts it holds in one store call (``get_signals``), not one
call a post (a performance review, 2026-12-06): the same card, on a SQLite file."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Signal
from tests.conftest import FakeClock
from tests.handlers.test_digest_times import CONFIG, RULES, post, utc


async def test_a_digest_card_reads_its_posts_at_once(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG.format(
        digests="", db=tmp_path / "s.db"), encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES.format(interval="1h"), encoding="utf-8")
    record = tmp_path / "cards.jsonl"
    start = utc("2026-12-01T09:05")
    clock = FakeClock(start)
    async with open_app(load_config(tmp_path / "socialops.yaml", env={}), clock=clock,
                        out=io.StringIO(), record_path=record, owner="t", env={}) as app:
        for n in range(6):
            clock.now = start + timedelta(minutes=n)
            await app.pipeline.process(post(n, clock.now))
        store, calls = app.store, Counter[str]()
        one, many = store.get_signal, store.get_signals

        async def get_signal(signal_id: str) -> Signal | None:  # counted, the last inch
            calls["get_signal"] += 1
            return await one(signal_id)

        async def get_signals(signal_ids: Sequence[str]) -> Mapping[str, Signal]:
            calls["get_signals"] += 1
            return await many(signal_ids)

        store.get_signal, store.get_signals = get_signal, get_signals  # type: ignore[method-assign]
        clock.now = start + timedelta(hours=1)
        await app.runtime().fire_due_timers()
        await app.outbox.drain()
    posted = [json.loads(line) for line in record.read_text().splitlines()]
    cards = [p for p in posted if p.get("op") == "post"]
    assert len(cards) == 1, cards
    assert cards[0]["title"] == "Digest for product: 6 mentions", cards[0]
    lines = cards[0]["text"].splitlines()
    assert lines[:3] == [f"\u2022 @p{n} (x): acme feature idea {n}" for n in range(3)], lines
    assert lines[3].startswith("\u2026 3 more not shown: the command why digest-"), lines
    assert calls == {"get_signals": 1}, calls
