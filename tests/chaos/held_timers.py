"""A real process held between deciding a decision and writing it, for
``test_override_crashes.py`` and ``test_reply_mark_races.py``: ``python -m
tests.chaos.held_timers CONFIG RECORD ISO HOLD KEY`` fires the timers due at ``ISO`` once and
stops; ``... CONFIG RECORD ISO HOLD KEY USER LINE`` answers ``LINE`` typed by ``USER`` instead.
The first write whose effects send a card keyed ``KEY...`` (``handoff:``: an on-call handoff's
notice, decided from who was on call when it read) or write a mark keyed so (``answered:``:
the replies published to a post) writes ``HOLD.ready`` and waits for ``HOLD`` to exist before
it is written, as a process stalled there (a pause, a slow disk) would be; a write after it (a
decision made again) goes by."""

from __future__ import annotations

import asyncio
import io
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.app.compose import open_app
from bot.core.commands import parse_command
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.store import open_store
from tests.conftest import FakeClock


class HeldStore:
    """The real store; the first ``apply`` sending a card keyed ``key...`` waits for
    ``hold``."""

    def __init__(self, inner: Store, hold: Path, key: str) -> None:
        self._inner = inner
        self._hold = hold
        self._key = key
        self._held = False

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name != "apply":
            return attr

        async def apply(fx: Effects, *args: Any, **kwargs: Any) -> Any:
            if not self._held and (any(i.key.startswith(self._key) for i in fx.outbox) or any(
                    m[0].startswith(self._key) for m in (*fx.marks, *fx.firsts))):
                self._held = True
                self._hold.with_suffix(".ready").touch()
                while not self._hold.exists():
                    await asyncio.sleep(0.005)
            return await attr(fx, *args, **kwargs)

        return apply


async def held(config: Path, record: Path, now: datetime, hold: Path, key: str,
               said: tuple[str, str] | None = None) -> None:
    loaded = load_config(config)
    store = HeldStore(await open_store(loaded.config.store, redis_url=None,
                                       clock=FakeClock(now)), hold, key)
    async with open_app(loaded, clock=FakeClock(now), out=io.StringIO(), record_path=record,
                        store=store) as app:  # type: ignore[arg-type]
        if said is None:
            await app.runtime().fire_due_timers()
            return
        user, line = said
        reply = await app.dispatcher.handle(parse_command(line).interaction(
            workspace="console", channel="support", user=user))
        print(json.dumps({"ok": reply.ok, "text": reply.text}))


if __name__ == "__main__":
    asyncio.run(held(Path(sys.argv[1]), Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3]),
                     Path(sys.argv[4]), sys.argv[5],
                     (sys.argv[6], sys.argv[7]) if len(sys.argv) > 7 else None))
