"""`socialops dead retry --all` over more dead letters than one read holds, on both stores (a
SQLite file, a real redis-server): they are read a page at a time (``dead_letters.PAGE``, the
store never asked for more), every one is processed again, and each outcome is said as it
happens. Before, ``--all`` read the first 10,000 (``LIST_LIMIT``) in one go, retried those,
said "10000 of 10000 dead letters processed again" and left the rest dead without a word. A
letter whose retry sets it aside again (a later time, so a later page) is not retried twice."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from bot.app import cli
from bot.app import dead_letters as D
from bot.app.compose import App
from bot.core import keys as K
from bot.core.config import load_config
from bot.core.effects import DeadLetter, Effects
from bot.core.ports import DeadItem
from tests.app.test_dead_letters import (
    set_aside,
    setup,  # noqa: F401  (the fixture: both stores)
)
from tests.conftest import FakeClock


async def test_retry_all_reads_a_page_at_a_time_and_leaves_none_behind(
        setup: tuple[App, FakeClock, Path, Path],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    app, clock, cfg, _ = setup
    await set_aside(app, clock)  # mastodon:2: its ticket still damaged, it fails again
    clock.advance(minutes=1)
    fx = Effects()
    fx.dead += [DeadLetter("timer", K.timer(K.SNOOZE, f"T-{n}"), "failed 5 times", clock(),
                           json.dumps({"ticket": f"T-{n}"})) for n in range(1, 8)]
    assert await app.store.apply(fx)
    monkeypatch.setattr(D, "PAGE", 3)
    monkeypatch.setattr(D, "LIST_LIMIT", 5)  # what one read held before
    asked: list[int] = []
    store_type: Any = type(app.store)
    real = store_type.list_dead

    async def list_dead(self: Any, kind: str | None = None, **kw: Any) -> list[DeadItem]:
        asked.append(kw.get("limit", 100))
        return list(await real(self, kind, **kw))

    monkeypatch.setattr(store_type, "list_dead", list_dead)
    out, err = io.StringIO(), io.StringIO()
    args = cli._parse(["-c", str(cfg), "-v", "dead", "retry", "--all"])
    assert await cli._dead(load_config(cfg), args, out=out, err=err) == 1
    lines = out.getvalue().splitlines()
    assert lines == [f"timer snooze:T-{n} scheduled again for now; a running bot fires it at "
                     "its next turn" for n in range(1, 8)] + [
        "7 of 8 dead letters processed again"], err.getvalue()
    # set aside again (later than the others, so on a later page): not retried twice
    assert err.getvalue().count("\n") == 1
    assert err.getvalue().startswith("error: mention mastodon:2 failed again and is set aside "
                                      "again")
    assert asked and max(asked) <= 3, asked
    monkeypatch.setattr(store_type, "list_dead", real)
    assert [d.id for d in await app.store.list_dead()] == ["mastodon:2"]
    for n in range(1, 8):
        assert await app.store.timer_due(K.timer(K.SNOOZE, f"T-{n}")) is not None


async def test_dead_list_says_when_it_shows_only_the_oldest(
        setup: tuple[App, FakeClock, Path, Path],  # noqa: F811
        monkeypatch: pytest.MonkeyPatch) -> None:
    """More dead letters than `dead list` shows (``LIST_LIMIT``, 10,000): it says it shows the
    oldest, and that more are stored. Before, "10000 dead letters:" as if that were all."""
    app, clock, cfg, _ = setup
    fx = Effects()
    fx.dead += [DeadLetter("timer", K.timer(K.SNOOZE, f"T-{n}"), "failed 5 times", clock(),
                           json.dumps({"ticket": f"T-{n}"})) for n in range(1, 4)]
    assert await app.store.apply(fx)
    monkeypatch.setattr(D, "LIST_LIMIT", 2)
    more = ("the oldest 2 dead letters of more: `socialops dead retry --all` takes every one, "
            "`--kind` lists one kind")
    for fmt in ("text", "json"):
        out, err = io.StringIO(), io.StringIO()
        args = cli._parse(["-c", str(cfg), "-v", "dead", "list", "--format", fmt])
        assert await cli._dead(load_config(cfg), args, out=out, err=err) == 0
        if fmt == "text":
            lines = out.getvalue().splitlines()
            assert lines[0] == more[0].upper() + more[1:] + ":", lines
            assert [x.split(" (")[0] for x in lines[1:3]] == ["• snooze:T-1", "• snooze:T-2"]
        else:
            assert [json.loads(x)["id"] for x in out.getvalue().splitlines()] == [
                "snooze:T-1", "snooze:T-2"]
            assert err.getvalue() == more + "\n"
