"""`socialops dead` at its edges, through the installed command beside an app on the same
store (a SQLite file, a real redis-server).

A dead timer of a kind nothing handles any more (a kind of an older release, spike checks
turned off): before, its retry said "scheduled again for now; a running bot fires it at its
next turn", and the running bot set it aside again at its next turn ("no handler"); now it is
refused in one line saying why, and left as it is."""

from __future__ import annotations

import json
from pathlib import Path

from bot.app.compose import App
from bot.core import keys as K
from bot.core.effects import DeadLetter, Effects
from tests.app.test_dead_letters import (
    run,
    setup,  # noqa: F401  (the fixture: both stores)
)
from tests.conftest import FakeClock


async def test_a_dead_timer_of_a_kind_nothing_handles_is_refused_in_one_line(
        setup: tuple[App, FakeClock, Path, Path]) -> None:  # noqa: F811
    app, clock, cfg, _ = setup
    fx = Effects()
    fx.dead += [DeadLetter("timer", "gone:1", "no handler for timer kind 'gone'", clock(), "{}"),
                DeadLetter("timer", K.timer(K.SNOOZE, "T-9"), "failed 5 times", clock(),
                           json.dumps({"ticket": "T-9"}))]
    assert await app.store.apply(fx)
    said = ("error: timer gone:1 is of kind 'gone', which nothing in this socialops and its "
            "config handles (a kind of an older release, or a feature turned off): retried, it "
            "would be set aside again; it is left as it is\n")
    code, out, err = run(cfg, "retry", "gone:1")
    assert (code, out, err) == (1, "", said)
    code, out, err = run(cfg, "retry", "--all")
    assert (code, out, err) == (1, "timer snooze:T-9 scheduled again for now; a running bot "
                                   "fires it at its next turn\n1 of 2 dead letters processed "
                                   "again\n", said)
    assert [d.id for d in await app.store.list_dead()] == ["gone:1"]
    assert await app.store.timer_due("gone:1") is None
