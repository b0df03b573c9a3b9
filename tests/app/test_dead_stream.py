"""The Redis mention stream's own dead letters (``<prefix>mentions:dead``: entries taken
``store.queue_max_deliveries`` times by processes that died or stalled on them) through the
installed command, beside an app reading the stream on a real redis-server: `dead list` lists
them with the store's dead letters (kind ``stream``, by their entry id), `dead retry ID` and
`--all` put each post back on the mention stream once, with its audit row, and the running app
processes it once: its cards reach their channels once. Before, `dead list` only counted them
in a note and `dead retry` could not take them: only redis-cli and a replay brought them back.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.app.dead_letters import listed
from bot.core import keys as K
from bot.core.config import load_config
from bot.core.effects import DeadLetter, Effects
from bot.store.dead_stream import DeadStream
from bot.store.redis import RedisStore
from tests.app.cli_support import first_run_database
from tests.app.test_dead_letters import post, posts, run, write_config
from tests.support.redis_server import RedisServer


def stream_config(tmp: Path, redis_url: str, *, queue: bool = True) -> Path:
    """A store whose stream sets an entry aside at its fifth taking (the fewest deliveries
    check allows: 4), each 50 ms after the one before."""
    cfg = write_config(tmp, "redis", redis_url)
    cfg.write_text(cfg.read_text().replace(
        "{backend: redis,", "{backend: redis, queue_visibility_seconds: 0.05, "
                            f"queue_max_deliveries: 4, queue: {str(queue).lower()},"))
    return cfg


@pytest.fixture
async def stream_app(tmp_path: Path, redis_server: RedisServer
                     ) -> AsyncIterator[tuple[App, Path, Path]]:
    redis_server.flushall()
    cfg = stream_config(tmp_path, redis_server.url)
    record = tmp_path / "record.jsonl"
    async with open_app(load_config(cfg), out=io.StringIO(), record_path=record) as app:
        assert app.queue is not None
        yield app, cfg, record


async def set_aside_by_the_stream(app: App, *numbers: int) -> list[str]:
    """Posts queued, taken by a process that dies (never acknowledged), taken over three
    times more by processes that die too, each once the visibility passed, and found over the
    limit at the fifth: the stream's dead letters' entry ids."""
    q = app.queue
    assert q is not None
    before = len(await q.r.xrange(q.dead))
    await q.add([post(n, f"login broken {n}", datetime.now(UTC)) for n in numbers])
    assert len(await q.read(count=100, block_ms=50)) == len(numbers)
    for _ in range(3):
        await asyncio.sleep(0.06)
        assert len(await q.reclaim(count=100)) == len(numbers)
    await asyncio.sleep(0.06)
    assert await q.reclaim(count=100) == []
    ids = [str(i) for i, _ in await q.r.xrange(q.dead)]
    assert len(ids) == before + len(numbers)
    return ids[before:]


async def processed(app: App) -> None:
    """The running app at its next turns: what the stream holds processed, cards delivered."""
    runtime = app.runtime()
    while await runtime.consume_once(block_ms=50):
        pass
    await app.outbox.drain()


def cards(record: Path, n: int) -> list[tuple[str, str]]:
    """mastodon:N's alert cards delivered (its ticket's card is the ticket's: ``once``)."""
    return [p for p in posts(record) if p[1].split("|")[0] == f"mastodon:{n}"]


async def once(app: App, record: Path, n: int) -> None:
    """mastodon:N acted on once: its alert delivered once, and in one ticket, once."""
    assert cards(record, n) == [("marketing", f"mastodon:{n}|praise")], posts(record)
    tickets = [await app.store.get_ticket(f"T-{i}") for i in range(1, 5)]
    assert sum(t.mention_ids.count(f"mastodon:{n}") for t in tickets if t is not None) == 1


async def test_dead_list_lists_the_streams_dead_letters_beside_the_stores(
        stream_app: tuple[App, Path, Path]) -> None:
    app, cfg, _ = stream_app
    fx = Effects()
    fx.dead.append(DeadLetter("mention", "mastodon:1", "RuntimeError: a bug",
                              datetime(2026, 1, 1, tzinfo=UTC),
                              post(1, "login broken", datetime.now(UTC)).model_dump_json()))
    assert await app.store.apply(fx)
    e7, e8 = await set_aside_by_the_stream(app, 7, 8)
    code, out, err = run(cfg, "list")
    assert (code, err) == (0, ""), err
    lines = out.splitlines()
    assert lines[0] == "3 dead letters:"
    assert lines[1].startswith("• mastodon:1 (mention), set aside 2026-01-01 00:00 UTC")
    at = datetime.fromtimestamp(int(e7.split("-")[0]) / 1000, UTC)
    assert lines[2] == (f"• {e7} (stream), set aside {at:%Y-%m-%d %H:%M} UTC: mention "
                        "mastodon:7 taken 4 times by processes that died or stalled on it, never "
                        f"acknowledged. Run: socialops dead retry {e7}")
    assert lines[3].startswith(f"• {e8} (stream), set aside ") and "mastodon:8" in lines[3]
    assert "mentions:dead" not in out  # no note beside: they are listed
    code, out, err = run(cfg, "list", "--kind", "stream", "--format", "json")
    assert (code, err) == (0, "")
    rows = [json.loads(x) for x in out.splitlines()]
    assert [(r["kind"], r["id"], r["retry"]) for r in rows] == [
        ("stream", e7, f"socialops dead retry {e7}"), ("stream", e8, f"socialops dead retry {e8}")]
    assert rows[0]["at"] == at.isoformat() and "mastodon:7" in rows[0]["reason"]
    code, out, err = run(cfg, "list", "--kind", "mention")
    assert (code, err) == (0, "") and e7 not in out and "mastodon:1" in out
    # the same limit as the store's: the oldest, and whether there are more
    assert isinstance(app.store, RedisStore)
    items, more = await listed(app.store, DeadStream(app.store.r, app.store.k), None, limit=2)
    assert ([d.id for d in items], more) == (["mastodon:1", e7], True)


async def test_a_stream_dead_letter_retried_is_processed_once(
        stream_app: tuple[App, Path, Path]) -> None:
    app, cfg, record = stream_app
    [entry] = await set_aside_by_the_stream(app, 7)
    await processed(app)
    assert cards(record, 7) == []  # set aside: nothing came of it
    code, out, err = run(cfg, "retry", entry, "--as", "alice")
    assert (code, err) == (1, "error: --as 'alice': no such person; name a person id as in "
                              f"{cfg} (people: none declared)\n"), err
    code, out, err = run(cfg, "retry", entry)
    assert (code, err) == (0, ""), err
    assert out.startswith(f"mention mastodon:7 (stream entry {entry}) put back on the mention "
                          "stream as "), out
    assert out.endswith("; a running bot processes it at its next turn\n")
    assert app.queue is not None and await app.queue.r.xlen(app.queue.dead) == 0
    [event] = [e for e in await app.store.audit_since() if e.action == "dead.retry"]
    assert (event.object_type, event.object_id) == ("stream", entry)
    assert event.actor.startswith("cli:") and "mastodon:7" in event.detail
    await processed(app)
    await once(app, record, 7)
    assert ("support", "T-1") in posts(record)
    code, out, err = run(cfg, "retry", entry)  # once: a second retry finds none
    assert (code, out) == (1, "")
    assert err.startswith(f"error: no dead letter of the mention stream {entry}: it was "
                          "retried already"), err
    assert len(err.splitlines()) == 1
    await processed(app)
    await once(app, record, 7)


async def test_dead_retry_all_takes_the_streams_too_each_once(
        stream_app: tuple[App, Path, Path]) -> None:
    app, cfg, record = stream_app
    fx = Effects()
    fx.dead.append(DeadLetter("mention", "mastodon:1", "RuntimeError: a bug",
                              datetime.now(UTC), post(1, "login broken", datetime.now(UTC))
                              .model_copy(update={"thread_id": "1"}).model_dump_json()))
    assert await app.store.apply(fx)
    e7, e8 = await set_aside_by_the_stream(app, 7, 8)
    code, out, err = run(cfg, "retry", "--all")
    assert (code, err) == (0, ""), err
    lines = out.splitlines()
    assert lines[0].startswith("mention mastodon:1 processed again")
    assert lines[1].startswith(f"mention mastodon:7 (stream entry {e7}) put back")
    assert lines[2].startswith(f"mention mastodon:8 (stream entry {e8}) put back")
    assert lines[3] == "3 of 3 dead letters processed again"
    await processed(app)
    for n in (1, 7, 8):
        await once(app, record, n)
    code, out, err = run(cfg, "retry", "--all", "--kind", "stream")
    # nothing to retry is no mistake: said, exit 0 (a runbook's step or a cron finds none)
    assert (code, out, err) == (0, "No dead letters of the mention stream to retry.\n", "")


async def test_a_post_processed_since_is_not_put_back_and_one_the_pipeline_set_aside_too_is_retried_as_that(  # noqa: E501
        stream_app: tuple[App, Path, Path]) -> None:
    """Put back, a post whose done mark is set is skipped as a duplicate. It is set when the
    post was processed (a process that stalled on it finished after all): its entry is then
    removed and nothing done again. Or when the pipeline set it aside as well: that dead
    letter holds it, and is retried first (`--all` does so), its entry removed after."""
    app, cfg, record = stream_app
    e7, e8 = await set_aside_by_the_stream(app, 7, 8)
    await app.pipeline.process(post(7, "login broken 7", datetime.now(UTC)))  # finished late
    code, out, err = run(cfg, "retry", e7)
    assert (code, err) == (0, ""), err
    assert out == (f"mention mastodon:7 (stream entry {e7}) was processed since it was set "
                   "aside (routed), so nothing was done again; its dead letter is removed\n")
    fx = Effects()
    fx.mark(K.done("mastodon:8"), 3600)
    fx.dead.append(DeadLetter("mention", "mastodon:8", "RuntimeError: a bug",
                              datetime(2026, 1, 1, tzinfo=UTC),
                              post(8, "login broken 8", datetime.now(UTC)).model_dump_json()))
    assert await app.store.apply(fx)
    # the terminal's clock is the config's (its one workspace's), as dead list's: before, the
    # refusal said UTC alone
    cfg.write_text(cfg.read_text().replace("{name: console, type: console}",
                                           "{name: console, type: console, "
                                           "timezone: Asia/Kolkata}"))
    code, out, err = run(cfg, "retry", e8)
    assert (code, out) == (1, "")
    assert err == (f"error: mention mastodon:8 (stream entry {e8}) is a dead letter of the "
                   "pipeline too, set aside 2026-01-01 00:00 UTC (05:30 Asia/Kolkata): retry "
                   "that first (`socialops dead retry mastodon:8`), then this one removes its "
                   "entry\n")
    code, out, err = run(cfg, "retry", "--all")
    assert (code, err) == (0, ""), err
    assert out.splitlines()[1] == (f"mention mastodon:8 (stream entry {e8}) was processed since "
                                   "it was set aside (routed), so nothing was done again; its "
                                   "dead letter is removed")
    await processed(app)
    await once(app, record, 7)
    await once(app, record, 8)
    assert app.queue is not None and await app.queue.r.xlen(app.queue.dead) == 0


async def test_what_a_stream_retry_refuses_is_one_line(tmp_path: Path,
                                                       redis_server: RedisServer) -> None:
    sqlite = tmp_path / "sqlite"
    sqlite.mkdir()
    cfg = write_config(sqlite, "sqlite", redis_server.url)
    first_run_database(sqlite / "s.db")
    code, out, err = run(cfg, "retry", "1764601200000-0")
    assert (code, out) == (1, "")
    assert err == ("error: no dead letter 1764601200000-0: it reads as an entry of the Redis "
                   "mention stream, which a SQLite store has none of (store.backend); "
                   "`socialops dead list` lists them\n")
    for args in (["list", "--kind", "stream"], ["retry", "--all", "--kind", "stream"]):
        code, out, err = run(cfg, *args)
        assert (code, out) == (1, "")
        assert err == (f"error: --kind stream: the Redis mention stream's dead letters, and "
                       f"{cfg} keeps a sqlite store, which has no stream; leave --kind out, or "
                       "use mention or timer\n")
    # on Redis with store.queue turned off since: nothing would read the post put back
    redis_server.flushall()
    off = tmp_path / "off"
    off.mkdir()
    cfg = stream_config(off, redis_server.url)
    async with open_app(load_config(cfg), out=io.StringIO(),
                        record_path=off / "record.jsonl") as app:
        [entry] = await set_aside_by_the_stream(app, 7)
    cfg.write_text(cfg.read_text().replace("queue: true", "queue: false"))
    code, out, err = run(cfg, "retry", entry)
    assert (code, out) == (1, "")
    assert err == (f"error: mention mastodon:7 (stream entry {entry}) would go back to the "
                   "Redis mention stream, which no process reads here (store.queue is false): "
                   "set store.queue: true, then retry it\n")
    code, out, err = run(cfg, "retry", "1-0")
    assert (code, out) == (1, "")
    assert err.startswith("error: no dead letter of the mention stream 1-0: it was retried "
                          "already"), err
