"""The SQLite file holds the team's tickets and their notes, drafts of replies, the audit log
and the posts read: a store made under the usual umask (022) is the bot user's alone, not
readable by every account of the machine. SQLite gives its WAL and shared-memory files the
mode of the database file, so they follow. A file the operator made (or opened up) keeps
its mode."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.cards import Card, OutboxItem
from bot.store.sqlite import SqliteStore
from tests.conftest import FakeClock
from tests.support.stores import enqueue


@pytest.fixture
def usual_umask() -> Iterator[None]:
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


async def test_a_new_store_is_readable_by_its_user_only(
        tmp_path: Path, clock: FakeClock, usual_umask: None) -> None:
    path = tmp_path / "data" / "socialops.db"
    store = SqliteStore(path, clock=clock)
    try:
        await enqueue(store, OutboxItem(
            key="k@c", workspace="console", channel="c",
            card=Card(kind="alert", key="k", title="a customer's post", text="their words"),
            next_attempt_at=clock(), created_at=clock()))
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()
                 if p.name.startswith("socialops.db") and not p.name.endswith(".lock")}
    finally:
        await store.close()
    assert set(modes) >= {"socialops.db", "socialops.db-wal"}, modes
    assert all(mode & 0o077 == 0 for mode in modes.values()), {k: oct(v) for k, v in
                                                               modes.items()}


async def test_a_file_made_before_keeps_its_mode(
        tmp_path: Path, clock: FakeClock, usual_umask: None) -> None:
    path = tmp_path / "socialops.db"
    path.touch()
    path.chmod(0o640)  # the operator's choice: a group that reads reports
    store = SqliteStore(path, clock=clock)
    await store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
