"""A mention whose processing fails is set aside with its failure's text: kept in the store (its
dead letter's reason, its trace's detail), listed by ``socialops dead list`` and ``why``, and
told in the ops channel's notice. That text is an exception's, and an exception from an HTTP
client or a store may quote the URL, header or answer that carried a secret: it is kept and
told redacted, as a log line is, and cut to ``REASON_LENGTH`` characters.

The app is the real one (``open_app``) on a real store (a SQLite file, a real redis-server),
its facts factory failing for one mention as in ``test_poison``; the stored text read back is
every row of the file, or every value of every key of the server.
"""

from __future__ import annotations

import asyncio
import io
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.effects import DeadLetter, Effects
from bot.core.models import Author, Mention
from bot.core.ports import Store
from bot.engine.pipeline import POISON_AFTER, REASON_LENGTH, trace
from tests.conftest import FakeClock
from tests.engine.test_poison import POISON, Poisoned, write_config
from tests.support.redis_server import RedisServer

CONFIGURED = "ConfiguredScrapeSecret42"  # the config's http.metrics_token, in no known shape
# each secret once, in what an HTTP client's, a store client's or a server's error may say:
# a password holding '@' and ':' (redis-py splits the host off at the last '@'), one
# URL-encoded, a token in a URL's query, an echoed header, the config's own secret
SECRETS = {
    "P@SS:W0RD": "Error connecting to redis://app:P@SS:W0RD@cache:6379/0.",
    "ENC%40DED%3APW": "https://bot:ENC%40DED%3APW@api.example/v1",
    "QUERYTOKEN": "GET https://api.example/v1/timeline?since=1&access_token=QUERYTOKEN",
    "HEADERBEARER": "request headers: {'Authorization': 'Bearer HEADERBEARER'}",
    CONFIGURED: f"answered: bad signature for {CONFIGURED}",
}
# a server's whole error page after it: the kept text is cut, not the page
LEAK = "upstream failed; " + "; ".join(SECRETS.values()) + "\n<html>" + "x" * 1000


class Leaking(Poisoned):
    def fail(self) -> None:
        self.failures += 1
        raise ConnectionError(LEAK)


def stored_text(app: App, backend: str, tmp_path: Path, redis_url: str | None) -> str:
    if backend == "sqlite":
        with sqlite3.connect(tmp_path / "s.db") as db:
            return "\n".join(db.iterdump())
    client = redis.Redis.from_url(redis_url or "", decode_responses=True)
    read: dict[str, Callable[[str], object]] = {
        "string": client.get, "hash": client.hgetall, "set": client.smembers,
        "list": lambda k: client.lrange(k, 0, -1), "stream": client.xrange,
        "zset": lambda k: client.zrange(k, 0, -1, withscores=True)}
    try:
        return "\n".join(f"{key} {read[client.type(key)](key)}" for key in client.scan_iter())
    finally:
        client.close()


def assert_hidden(where: str, text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, (where, secret, text)


def assert_kept_redacted(where: str, text: str) -> None:
    """What is kept says what failed and where, without the secret, and is bounded."""
    assert text.startswith("ConnectionError: upstream failed; "), (where, text)
    assert "[REDACTED]" in text and "@cache:6379/0" in text, (where, text)
    assert len(text) <= REASON_LENGTH, (where, len(text))
    assert_hidden(where, text)


@pytest.mark.parametrize("where", ["facts", "signal"])
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_a_failed_mention_is_stored_and_told_without_its_secrets(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str, where: str) -> None:
    """``facts``: the mention fails while it is prepared (before routing); ``signal``: while
    it is routed and acted on. Both set it aside after ``POISON_AFTER`` polls, and its retry
    (``socialops dead retry``), failing again, sets it aside again with the new reason."""
    redis_url = None
    if backend == "sqlite":
        store = f"{{backend: sqlite, path: {tmp_path / 's.db'}}}"
        env: dict[str, str] = {}
    else:
        server: RedisServer = request.getfixturevalue("redis_server")
        server.flushall()
        redis_url = server.url
        store = "{backend: redis, queue_visibility_seconds: 0.2}"
        env = {"REDIS_URL": redis_url}
    cfg = write_config(tmp_path, store)
    cfg.write_text(cfg.read_text() + 'http: {metrics_token: "${SCRAPE}"}\n')
    env["SCRAPE"] = CONFIGURED
    async with open_app(load_config(cfg, env=env), env=env, out=io.StringIO(),
                        record_path=tmp_path / "record.jsonl") as app:
        broken = Leaking(app.pipeline.facts, where)
        app.pipeline.facts = broken
        runtime = app.runtime()
        source = app.sources["feed"]
        deadline = time.monotonic() + 30  # a bound on a hang only
        while not await app.store.list_dead("mention") and time.monotonic() < deadline:
            try:  # the supervisor's retries, without its backoff
                await runtime.poll_once(source)
                if backend == "redis":
                    while await runtime.consume_once(block_ms=10):
                        pass
            except Exception as exc:
                assert_hidden("the retried batch's error", str(exc))
            if backend == "redis":  # entries left unacknowledged come back after 0.2 s
                await asyncio.sleep(0.25)
        await app.outbox.drain()
        [dead] = await app.store.list_dead("mention")
        assert dead.id == POISON and broken.failures >= POISON_AFTER
        trace = await app.store.get_trace(POISON)
        assert trace is not None and trace.outcome == "dead"
        assert_kept_redacted("dead letter", dead.reason)
        assert_kept_redacted("trace", trace.detail or "")
        notices = [r for r in app.workspaces["console"].records()  # type: ignore[attr-defined]
                   if r["op"] == "post" and r["channel"] == "ops"]
        assert len(notices) == 1 and "upstream failed" in str(notices[0]), notices
        assert_hidden("ops notice", str(notices[0]))
        retried = await app.pipeline.retry(dead)  # socialops dead retry: it fails again
        assert retried.outcome == "dead"
        [again] = await app.store.list_dead("mention")
        assert_kept_redacted("dead letter set aside again", again.reason)
        trace = await app.store.get_trace(POISON)
        assert trace is not None
        assert_kept_redacted("trace of the retry", trace.detail or "")
        stored = stored_text(app, backend, tmp_path, redis_url)
    assert "upstream failed" in stored
    assert_hidden("store", stored)



async def test_a_failure_an_earlier_release_stored_raw_is_read_without_its_secrets(
        store: Store, clock: FakeClock) -> None:
    """A release before 2026-12-03 kept a mention's failure as the exception said it: read
    back (``socialops dead list``, ``why``, a retry's answer all read it through the record),
    what the log rules find in it is hidden too. The config's own secrets are not known where
    a record is read: those it held stay until it is retried or expires."""
    mention = Mention(id=POISON, network="mastodon", source="feed", text="acme",
                      author=Author(id="a", handle="u"), created_at=clock())
    raw = f"ConnectionError: {LEAK}"
    fx = Effects()  # as the pipeline of an earlier release wrote them
    fx.dead.append(DeadLetter("mention", POISON, raw, clock(), mention.model_dump_json()))
    fx.traces.append((trace(mention, clock(), "dead", detail=raw), 3600))
    assert await store.apply(fx)
    [listed] = await store.list_dead("mention")
    got = await store.get_dead("mention", POISON)
    told = await store.get_trace(POISON)
    assert got is not None and told is not None
    for where, text in (("dead list", listed.reason), ("dead letter", got.reason),
                        ("trace", told.detail)):
        assert "upstream failed" in text and "redis://app:[REDACTED]@cache:6379/0" in text, (
            where, text)
        for secret in set(SECRETS) - {CONFIGURED}:
            assert secret not in text, (where, secret, text)
