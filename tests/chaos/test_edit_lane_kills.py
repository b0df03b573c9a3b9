"""A claim made while a backlog of new cards waits goes out in its channel's edit lane, ahead
of the backlog, and is still shown once when a real process dies at either side of it: right
after the store took the claim and decided its lane (``tests.chaos.boundary say ... apply``),
or right after the chat showed the edit, before the outbox recorded it (``tests.chaos.boundary
drain ... update/1``). Another process, on the same SQLite file or redis-server, delivers what
is left: the claim's line once, every new card once and in order (the console workspace's
record file, which every process appends to, is the channel).
A third kill falls right after the chat showed a card, before the outbox recorded it: its claim
then waits behind its post (``drain ... post/1``), and the card is shown once.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.boundary import DIED, here
from tests.chaos.test_ticket_lines import LEASE, START, alice_says, boundary, setup
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

BACKLOG = 30


def rows(record: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in record.read_text().splitlines()] if record.exists() else []


@pytest.mark.untimed  # one process dies at a named write, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", ["before the chat", "after the chat"])
async def test_a_claim_behind_a_backlog_is_shown_first_and_once_when_a_process_dies(
        tmp_path: Path, backend: str, dies: str, request: pytest.FixtureRequest) -> None:
    redis: RedisServer | None = None
    if backend == "redis":
        redis = request.getfixturevalue("redis_server")
        redis.flushall()
    config = setup(tmp_path, backend, redis)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.pipeline.process_batch([Mention(
            id="mastodon:1", network="mastodon", source="brand", text="acme app broken",
            author=Author(id="a1", handle="u1"), created_at=START)])
        await app.outbox.drain()
        [ticket] = await app.store.list_tickets()
        await app.pipeline.process_batch([Mention(
            id=f"mastodon:{i}", network="mastodon", source="brand",
            text=f"acme app broken ({i})", author=Author(id=f"a{i}", handle=f"u{i}"),
            created_at=START) for i in range(2, 2 + BACKLOG)])
        backlog = [i.card.key for i in await app.store.list_outbox(status="pending")]
        assert len(backlog) == BACKLOG
        await alice_says(tmp_path, config, record, f"claim {ticket.id}",
                         dies=dies == "before the chat")
        if dies != "before the chat":  # the drain after it dies
            drained = boundary("drain", str(config), str(record), START.isoformat(), "-",
                               "update/1")
            assert drained.returncode == DIED, drained.stderr.decode()[-3000:]
            shown = rows(record)
            edit = [n for n, r in enumerate(shown) if r["op"] == "update"]
            assert len(edit) == 1  # shown, not recorded: before most of the backlog
            assert sum(r["op"] == "post" for r in shown[:edit[0]]) < 1 + BACKLOG // 2
        clock.now = START + timedelta(seconds=LEASE + 1)  # the dead process's claim lapsed
        await app.outbox.drain()
        assert not await app.store.list_outbox(status="pending")
    shown = rows(record)
    assert [r["key"] for r in shown if r["op"] == "post"][1:] == backlog
    assert [r["thread_note"] for r in shown if r["op"] == "update" and r["thread_note"]] == [
        "alice claimed"], shown


@pytest.mark.untimed  # one process dies at a named write, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_claim_on_a_card_shown_but_not_recorded_is_shown_on_that_card_once(
        tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    """The settle of a post that an edit waits on: a real process dies right after the chat
    showed a ticket's card, before the outbox recorded it (``drain ... post/1``); the claim
    typed then finds no message for the card, so its edit waits behind the card's post among
    the posts (in the edit lane another process would post the card a second time). The next
    process finds the card, edits it: the card once, the claim's line once, the backlog in
    order."""
    redis: RedisServer | None = None
    if backend == "redis":
        redis = request.getfixturevalue("redis_server")
        redis.flushall()
    config = setup(tmp_path, backend, redis)
    record = tmp_path / "record.jsonl"
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        await app.pipeline.process_batch([Mention(
            id=f"mastodon:{i}", network="mastodon", source="brand",
            text=f"acme app broken ({i})", author=Author(id=f"a{i}", handle=f"u{i}"),
            created_at=START) for i in range(1, 1 + 5)])
        cards = [i.card.key for i in await app.store.list_outbox(status="pending")]
        [first, *_] = sorted(await app.store.list_tickets(), key=lambda t: int(t.id[2:]))
        drained = boundary("drain", str(config), str(record), START.isoformat(), "-", "post/1")
        assert drained.returncode == DIED, drained.stderr.decode()[-3000:]
        assert [r["key"] for r in rows(record)] == cards[:1]  # shown, not recorded
        go = tmp_path / "go"
        go.touch()
        await here("say", str(config), str(record), START.isoformat(), str(go), "alice",
                   f"claim {first.id}")  # in this process: the one before it is dead
        clock.now = START + timedelta(seconds=LEASE + 1)  # the dead process's claim lapsed
        await app.outbox.drain()
        assert not await app.store.list_outbox(status="pending")
    shown = rows(record)
    assert [r["key"] for r in shown if r["op"] == "post"] == cards
    assert [(r["key"], r["thread_note"]) for r in shown if r["op"] == "update"] == [
        (cards[0], "alice claimed")], shown
