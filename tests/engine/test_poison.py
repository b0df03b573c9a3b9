"""A poison mention: one mention whose processing always fails. It is retried with its batch,
then set aside as a dead letter with its reason after ``POISON_AFTER`` failures
(``Store.list_dead("mention")``), and every other mention, in its batch or after it, is
delivered once. Nothing else stops: the source moves on.

On Redis two ``App`` instances (two processes' worth of state: their own connections,
routers and memory) share the mention stream, so the failures are counted across processes;
on SQLite one process polls and retries, as the supervisor would. The failure is a facts
factory that raises for that one mention: when its facts are built (before routing), when a
route asks for its signal (while routing), or when it is enriched.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from bot.engine.pipeline import POISON_AFTER
from tests.chaos.paging_config import paging_config
from tests.support.redis_server import RedisServer

N = 30
POISON = "mastodon:12"


def write_feed(path: Path) -> None:
    start = datetime(2026, 11, 23, 9, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as fh:
        for n in range(N):
            fh.write(Mention(id=f"mastodon:{n}", network="mastodon", source="feed",
                             text=f"acme is slow today, ticket {n}",
                             author=Author(id=f"a{n}", handle=f"u{n}"),
                             created_at=start + timedelta(seconds=n)).model_dump_json() + "\n")


def write_config(tmp: Path, store: str) -> Path:
    write_feed(tmp / "feed.jsonl")
    feed = f"{{id: feed, type: replay, path: {tmp / 'feed.jsonl'}, batch: 10}}"
    return paging_config(tmp, feed, ("all", "acme"), store)


class Broken(ValueError):
    pass


class Poisoned:
    """The app's facts factory, failing for ``POISON`` only: ``where`` is "facts" (building
    its facts raises), "signal" (its facts build, and raise when a route asks for the
    signal) or "enrich" (its sentiment raises: first where the pipeline enriches the posts a
    route fired for, together, then in the post's own turn). Counts the failures."""

    def __init__(self, real: Callable[[Mention], Any], where: str) -> None:
        self.real = real
        self.where = where
        self.failures = 0

    def __call__(self, mention: Mention) -> Any:
        if mention.id != POISON:
            return self.real(mention)
        if self.where == "facts":
            self.fail()
        facts = self.real(mention)

        def signal(**kw: Any) -> Any:
            self.fail()

        def sentiment() -> Any:
            self.fail()

        if self.where == "enrich":
            facts.sentiment = sentiment
        else:
            facts.signal = signal
        return facts

    def fail(self) -> None:
        self.failures += 1
        raise Broken("the enricher cannot read this mention")


def poison(app: App, where: str, shared: Poisoned | None = None) -> Poisoned:
    p = shared or Poisoned(app.pipeline.facts, where)
    app.pipeline.facts = p
    return p


def alerts(app: App) -> list[str]:
    return [r["key"] for r in app.workspaces["console"].records()  # type: ignore[attr-defined]
            if r["op"] == "post" and r["channel"] == "alerts"]


def ops_notices(app: App) -> list[str]:
    return [r["key"] for r in app.workspaces["console"].records()  # type: ignore[attr-defined]
            if r["op"] == "post" and r["channel"] == "ops"]


def expected() -> list[str]:
    return sorted(f"mastodon:{n}|all" for n in range(N) if f"mastodon:{n}" != POISON)


WHERE = pytest.mark.parametrize("where", ["facts", "signal", "enrich"])
# how often one attempt meets the failure: the enrichment of the posts a route fired for
# meets it, lets it be, and the post's own turn meets it again
TRIES = {"facts": 1, "signal": 1, "enrich": 2}


@WHERE
async def test_a_poison_mention_on_redis_is_dead_lettered_across_two_processes(
        tmp_path: Path, redis_server: RedisServer, where: str) -> None:
    redis_server.flushall()
    cfg = write_config(tmp_path, "{backend: redis, queue_visibility_seconds: 0.2}")
    async with AsyncExitStack() as stack:
        apps = [await stack.enter_async_context(open_app(
            load_config(cfg), env={"REDIS_URL": redis_server.url}, out=io.StringIO(),
            record_path=tmp_path / "record.jsonl", owner=f"p{i}")) for i in range(2)]
        broken = poison(apps[0], where)
        poison(apps[1], where, broken)  # one mention, one count of its failures
        runtimes = [app.runtime() for app in apps]
        source = apps[0].sources["feed"]
        while await runtimes[0].poll_once(source):
            pass
        failures = 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            handled = 0
            for rt in runtimes:  # both processes consume, as their loops would
                try:
                    handled += await rt.consume_once(block_ms=50)
                except Exception:
                    failures += 1  # the supervisor backs off and tries again
            depth, _ = await apps[0].queue.depth_and_lag()  # type: ignore[union-attr]
            if depth == 0 and handled == 0:
                break
            await asyncio.sleep(0.25)  # entries left unacknowledged come back after 0.2 s
        for app in apps:
            await app.outbox.drain()
        dead = await apps[1].store.list_dead("mention")
        queue_dead = await apps[0].queue.r.xlen(apps[0].queue.dead)  # type: ignore[union-attr]
    got = alerts(apps[0])
    assert sorted(got) == expected() and len(got) == len(set(got))
    assert ops_notices(apps[0]) == [f"ops:dead-mention:{POISON}"], "said once, by one process"
    assert [d.id for d in dead] == [POISON]
    assert "the enricher cannot read this mention" in dead[0].reason
    assert POISON in dead[0].data  # the mention itself is kept for a look
    assert broken.failures == POISON_AFTER * TRIES[where]
    assert queue_dead == 0  # no healthy mention went down with it


@WHERE
async def test_a_poison_mention_on_sqlite_is_dead_lettered_and_the_source_moves_on(
        tmp_path: Path, where: str) -> None:
    cfg = write_config(tmp_path, f"{{backend: sqlite, path: {tmp_path / 's.db'}}}")
    async with open_app(load_config(cfg), out=io.StringIO(),
                        record_path=tmp_path / "record.jsonl") as app:
        broken = poison(app, where)
        runtime = app.runtime()
        source = app.sources["feed"]
        polls = failures = 0
        while polls < 20:  # the supervisor's retries, without its backoff
            polls += 1
            try:
                if await runtime.poll_once(source) == 0:
                    break
            except Exception:
                failures += 1
        await app.outbox.drain()
        dead = await app.store.list_dead("mention")
        got = alerts(app)
        notices = ops_notices(app)
    assert sorted(got) == expected() and len(got) == len(set(got))
    assert [d.id for d in dead] == [POISON]
    assert "the enricher cannot read this mention" in dead[0].reason
    assert broken.failures == POISON_AFTER * TRIES[where] and failures == POISON_AFTER - 1
    assert Counter(got)[f"mastodon:{N - 1}|all"] == 1  # the source moved past it
    assert notices == [f"ops:dead-mention:{POISON}"], "said once in the ops channel"


async def test_a_dead_letters_reason_is_cut_between_characters(tmp_path: Path) -> None:
    """The reason a poison mention was set aside for (its error, which may quote the post)
    kept its first 500 code points: a flag across the cut was left half drawn in the dead
    letters people list. It ends on a whole character now, with "…"."""
    cfg = write_config(tmp_path, f"{{backend: sqlite, path: {tmp_path / 's.db'}}}")
    flag = "\U0001F1E9\U0001F1EA"
    said = "y" * (499 - len("Broken: ")) + flag + " and more"

    class Flagged(Poisoned):
        def fail(self) -> None:
            self.failures += 1
            raise Broken(said)

    async with open_app(load_config(cfg), out=io.StringIO(),
                        record_path=tmp_path / "record.jsonl") as app:
        app.pipeline.facts = Flagged(app.pipeline.facts, "facts")
        runtime = app.runtime()
        for _ in range(POISON_AFTER + 1):
            try:
                if await runtime.poll_once(app.sources["feed"]) == 0:
                    break
            except Exception:
                continue
        [dead] = await app.store.list_dead("mention")
    assert dead.reason == f"Broken: {said}"[:499] + "…"
