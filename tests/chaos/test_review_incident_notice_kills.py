"""The ops incident notices (``Outbox._incident``, ``_resolve``, stored by
``Effects.swap_cursor``) through real processes killed between the give-up's write and the
notice's post, and between the chat showing the notice (its first post, an edit with the
count, the "work again" notice) and the outbox recording its message: on a SQLite file and a
redis-server, the ops channel holds each notice posted once, its count right, the end told
once. ``test_review_incident_kills`` reads the ops channel by key (the last text of each), so
a notice posted twice under its key read as one there: these count the posts."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from tests.chaos.incident_proc import DIED
from tests.chaos.test_review_incident_kills import (
    LATE,
    LEASE,
    _counted,
    _item,
    _queue,
    _ran,
    _redis,
    _run,
    _told,
    _world,
)

AFTER = (LATE + timedelta(seconds=LEASE + 1)).isoformat()  # the dead process's leases lapsed
LATER = (LATE + timedelta(seconds=2 * LEASE + 2)).isoformat()


def _posts(tmp: Path) -> Counter[str]:
    """Each card key of the ops channel, by how many times it was posted (not edited)."""
    path = tmp / "ops.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
    return Counter(str(r["key"]) for r in rows if r.get("op") == "post")


@pytest.mark.untimed  # one process dies at a named point, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("at", ["retry_later/1", "ops post/1"])
async def test_a_notice_killed_before_or_after_its_post_is_posted_once(
        tmp_path: Path, backend: str, at: str, request: pytest.FixtureRequest) -> None:
    """``retry_later/1``: dead right after the give-up's write, the notice queued, not posted;
    ``ops post/1``: the notice shown in the ops channel, its message not yet recorded."""
    store, clock, where = await _world(tmp_path, backend, _redis(backend, request))
    try:
        await _queue(store, _item("A-2@C1", "A-2", "alert 2"))
        if at == "ops post/1":  # given up by one process, its notice posted by the next
            await _ran(tmp_path, backend, where, "a", LATE.isoformat())
        a = _run(tmp_path, backend, where, "b", AFTER, "-", at)
        assert a.returncode == DIED, a.stderr.decode()[-3000:]
        if at == "ops post/1":
            assert sum(_posts(tmp_path).values()) == 1  # shown before the death
        await _ran(tmp_path, backend, where, "c", LATER)
        told = await _told(store, clock, tmp_path)
        assert len(told) == 1, told
        assert list(_posts(tmp_path).values()) == [1], _posts(tmp_path)
        assert await _counted(store) == [1]
        assert [i.key for i in await store.list_outbox(status="dead")] == ["A-2@C1"]
    finally:
        await store.close()


@pytest.mark.untimed  # one process dies at a named point, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_count_edit_killed_after_the_chat_showed_it_is_not_a_second_notice(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    """The incident's second death edits its notice (the count): the process delivering that
    edit dies once the chat showed it; the next one edits it again, never posts it anew."""
    store, clock, where = await _world(tmp_path, backend, _redis(backend, request))
    try:
        await _queue(store, _item("A-2@C1", "A-2", "alert 2"))
        await _ran(tmp_path, backend, where, "a", LATE.isoformat())
        await _queue(store, _item("A-3@C1", "A-3", "alert 3"))
        await _ran(tmp_path, backend, where, "b", AFTER)  # posts the notice, gives up A-3
        assert await _counted(store) == [2]
        later = (LATE + timedelta(seconds=3 * LEASE)).isoformat()
        b = _run(tmp_path, backend, where, "c", later, "-", "ops update/1")
        assert b.returncode == DIED, b.stderr.decode()[-3000:]
        later = (LATE + timedelta(seconds=5 * LEASE)).isoformat()
        await _ran(tmp_path, backend, where, "d", later)
        told = await _told(store, clock, tmp_path)
        assert len(told) == 1, told
        assert "2 cards to C1 given up since" in str(told[0]["text"]), told
        assert list(_posts(tmp_path).values()) == [1], _posts(tmp_path)
    finally:
        await store.close()


@pytest.mark.untimed  # one process dies at a named point, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_the_end_notice_killed_after_the_chat_showed_it_is_told_once(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    """A delivery to the channel works: its "work again" notice, shown in the ops channel by
    a process that dies before recording it, is not posted again by the next."""
    store, clock, where = await _world(tmp_path, backend, _redis(backend, request))
    try:
        await _queue(store, _item("A-2@C1", "A-2", "alert 2"))
        await _ran(tmp_path, backend, where, "a", LATE.isoformat())
        await _queue(store, _item("A-3@C1", "A-3", "alert 3"))  # the channel works again
        await _ran(tmp_path, backend, where, "b", AFTER, record="ws.jsonl")
        assert await _counted(store) == []
        # the ops channel: the incident's notice (posted by b), then the end's, dying after it
        later = (LATE + timedelta(seconds=3 * LEASE)).isoformat()
        c = _run(tmp_path, backend, where, "c", later, "-", "ops post/1", record="ws.jsonl")
        assert c.returncode == DIED, c.stderr.decode()[-3000:]
        assert len(_posts(tmp_path)) == 2, _posts(tmp_path)  # the end's shown
        later = (LATE + timedelta(seconds=5 * LEASE)).isoformat()
        await _ran(tmp_path, backend, where, "d", later, record="ws.jsonl")
        told = await _told(store, clock, tmp_path)
        texts = [str(r["text"]) for r in told]
        assert len(told) == 2 and "work again: 1 given up meanwhile" in texts[1], texts
        assert sorted(_posts(tmp_path).values()) == [1, 1], _posts(tmp_path)
    finally:
        await store.close()
