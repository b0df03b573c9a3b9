"""Subscription preview == what would have fired: the sample day goes through the real pipeline
with subscriptions in place (the demo's config and rules, a real store), and a preview of each
query afterwards counts exactly the posts its subscription fired for, per day, on SQLite and
Redis. The preview's scan runs off the event loop."""

from __future__ import annotations

import asyncio
import io
import json
import re
import shutil
import threading
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.app.demo import SAMPLE
from bot.core.commands import CommandError, parse_command
from bot.core.config import StoreConfig, load_config
from bot.core.models import TRACE_TEXT, Mention, Trace
from bot.store import open_store
from handlers.preview import Preview, PreviewReads
from tests.conftest import FakeClock

QUERIES = ['"dark mode" OR 2fa', "pricing OR billing lang=en", "acme sentiment<-0.3",
           "acmecloud lang=pl,ru", "outage OR down"]
# each in a channel of its own that no route of the demo's rules posts in: a post makes one
# card in a channel (a route's, else the oldest subscription's), and the traces would not show
# the others fire
CHANNELS = [f"preview-{n}" for n in range(len(QUERIES))]


def sample() -> list[Mention]:
    out = []
    for line in (SAMPLE / "mentions.jsonl").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        try:
            out.append(Mention.model_validate_json(line))
        except ValueError:
            continue  # the sample keeps two malformed lines on purpose
    return out


async def say(app: App, line: str, channel: str = "marketing") -> str:
    reply = await app.dispatcher.handle(parse_command(line).interaction(
        workspace="console", channel=channel, user="dave"))
    return reply.text


@pytest.fixture(params=["sqlite", "redis"])
async def day(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[App]:
    if request.param == "redis":
        cfg = StoreConfig(backend="redis")
        url = request.getfixturevalue("redis_url")
    else:
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    clock = FakeClock(datetime.fromisoformat("2026-11-20T00:00:00+00:00"))
    store = await open_store(cfg, redis_url=url, clock=clock)
    shutil.copytree(SAMPLE, tmp_path / "sample")
    config = tmp_path / "sample" / "demo.yaml"
    config.write_text(re.sub(r"\nchannels:[^\n]*\n", lambda m: m.group(0) + "".join(
        f"  {c}: {{workspace: console, id: {c}}}\n" for c in CHANNELS),
        config.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        store=store, owner="t") as app:
        await app.start()
        for query, channel in zip(QUERIES, CHANNELS, strict=True):
            assert (await say(app, f"subscribe {query}", channel)).startswith("S-")
        for mention in sample():
            clock.now = max(clock.now, mention.created_at)
            await app.pipeline.process(mention)
        yield app


async def test_a_preview_counts_what_each_subscription_fired_for(day: App) -> None:
    app = day
    assert isinstance(app.clock, FakeClock)
    app.clock.advance(days=1)
    traces = [Trace.model_validate_json(r)
              for r in await app.store.recent_traces(datetime(2026, 11, 1).astimezone())]
    subs = {s.query: s for s in await app.store.list_subscriptions()}
    previews = app.subscriptions.previews
    assert isinstance(previews, Preview)
    checked = 0
    for query in QUERIES:
        parsed = parse_command(f"preview {query}")
        sub = subs[parsed.args[0]]
        fired = [t for t in traces if any(h.route == f"sub:{sub.id}" for h in t.hits)]
        draft = sub.model_copy(update={"id": "S-preview"})
        result = await previews.run(draft)
        assert result.matched == len(fired), query
        per_day = {d.isoformat(): n for d, n in result.per_day if n}
        want: dict[str, int] = {}
        for t in fired:
            want[t.fetched_at.date().isoformat()] = want.get(
                t.fetched_at.date().isoformat(), 0) + 1
        assert per_day == want, query
        newest = sorted(fired, key=lambda t: t.fetched_at)[-3:][::-1]
        assert [s.id for s in result.samples] == [t.id for t in newest], query
        checked += len(fired)
    assert checked > 10  # the queries do match the sample day


async def test_the_preview_verb_and_the_subscribe_reply(day: App) -> None:
    app = day
    answer = await say(app, 'preview "dark mode" OR 2fa')
    lines = answer.splitlines()
    assert "would have matched" in lines[0] and lines[1].startswith("per day: ")
    assert lines[2] == "latest matches:" and lines[3].startswith("• @")
    created = await say(app, "subscribe outage lang=en")
    assert "it would have matched" in created.splitlines()[1]
    # the command to copy quotes the query in one code span: its backticks are lookalikes
    ticked = await say(app, "subscribe outage `x` lang=en")
    assert ticked.splitlines()[1].endswith("; `preview outage \uff40x\uff40` shows samples")
    # mistakes say what to fix: the grammar's (with the usage) or the query's
    with pytest.raises(CommandError, match="parentheses"):
        parse_command("preview (acme")
    refused = await app.dispatcher.handle(parse_command("preview AND").interaction(
        workspace="console", channel="marketing", user="dave"))
    assert not refused.ok and "\n" not in refused.text


async def test_the_scan_runs_on_a_worker_thread(tmp_path: Path) -> None:
    threads: list[str] = []

    def matcher(sub: object) -> object:
        def fires(post: object) -> bool:
            threads.append(threading.current_thread().name)
            return True
        return fires

    class Reads:
        async def recent_traces(self, since: datetime, *, limit: int = 0) -> list[str]:
            return [json.dumps({"id": "x:1", "network": "x", "source": "s", "author": "a",
                                "text": "acme", "outcome": "unrouted",
                                "fetched_at": "2026-11-20T10:00:00+00:00",
                                "created_at": "2026-11-20T10:00:00+00:00"})]

    clock = FakeClock(datetime.fromisoformat("2026-11-21T00:00:00+00:00"))
    preview = Preview(Reads(), clock=clock, matcher=matcher)  # type: ignore[arg-type]
    from bot.core.models import Subscription

    result = await preview.run(Subscription(id="S-p", workspace="w", channel="c", query="acme",
                                            created_by="p", created_at=clock()))
    assert result.matched == 1 and len(result.per_day) == 8
    assert threads and threads[0] != threading.main_thread().name
    assert threading.current_thread() is threading.main_thread()
    await asyncio.sleep(0)


class CountingReads:
    """The store's trace reads, counting how many previews hold their traces at once: from
    the read until the preview's answer."""

    def __init__(self, inner: PreviewReads) -> None:
        self.inner = inner
        self.holding = self.most = 0

    async def recent_traces(self, since: datetime, *, limit: int = 200_000) -> list[str]:
        self.holding += 1
        self.most = max(self.most, self.holding)
        return await self.inner.recent_traces(since, limit=limit)


async def test_previews_asked_at_once_hold_their_traces_one_at_a_time(day: App) -> None:
    """Each preview holds up to 500,000 traces (about 275 MB) while it scans, and any linked
    person starts one with `preview`, `subscribe` or a form's Preview button: eight clicks at
    once held eight weeks of traces together. Now they take turns, and each answers."""
    previews = day.subscriptions.previews
    assert isinstance(previews, Preview)
    reads = CountingReads(previews.reads)
    previews.reads = reads
    sub = next(s for s in await day.store.list_subscriptions()).model_copy(
        update={"id": "S-preview"})

    async def one() -> int:
        result = await previews.run(sub)
        reads.holding -= 1
        return result.matched

    matched = await asyncio.gather(*(one() for _ in range(8)))
    assert reads.most == 1
    assert len(set(matched)) == 1 and matched[0] > 0


async def test_a_word_cut_by_a_traces_end_is_not_matched_as_a_whole_word(day: App) -> None:
    """A trace keeps a post's first ``TRACE_TEXT`` characters, and the preview matches on
    them: a post whose 'zorblaxian' the cut left as 'zorblax' was counted for a
    subscription to zorblax, which the post never fired (zorblax is no whole word of it).
    The trace now ends before a word it would cut; a zorblax before the cut still counts."""
    app = day
    assert isinstance(app.clock, FakeClock)
    base = sample()[0]
    cut = "x " * ((TRACE_TEXT - 7) // 2) + " " * ((TRACE_TEXT - 7) % 2) + "zorblaxian rocks"
    assert cut[TRACE_TEXT - 7:TRACE_TEXT] == "zorblax"
    whole = "x " * 240 + "zorblax rocks, past the cut: " + "y " * 100
    for n, text in enumerate((cut, whole)):
        await app.pipeline.process(base.model_copy(update={
            "id": f"x:99{n}", "text": text, "url": f"https://x.com/someone/status/99{n}",
            "created_at": app.clock.now}))
    answer = await say(app, "preview zorblax")
    assert answer.startswith("zorblax: 1 of "), answer
    traced = {t.id: t for t in (Trace.model_validate_json(r) for r in
                                await app.store.recent_traces(datetime(2026, 11, 1).astimezone()))}
    assert traced["x:990"].text == cut[:TRACE_TEXT - 7].rstrip(), traced["x:990"].text


async def test_a_post_in_lookalike_letters_is_previewed_as_the_router_routes_it(
        day: App) -> None:
    """The router finds a keyword in lookalike letters ('ԝаllеt', Cyrillic ԝ, а, е): so does
    the preview, which asked the subscription's keywords of the folded text alone first and
    skipped the post (0 of it, where the subscription fires for it)."""
    app = day
    assert isinstance(app.clock, FakeClock)
    base = sample()[0]
    for n, text in enumerate(("Log in to your ԝаllеt now or lose your funds",
                              "Купил сор на рынке, дёшево")):
        await app.pipeline.process(base.model_copy(update={
            "id": f"x:98{n}", "text": text, "url": f"https://x.com/someone/status/98{n}",
            "created_at": app.clock.now}))
    answer = await say(app, "preview wallet")
    assert answer.startswith("wallet: 1 of "), answer
    assert (await say(app, "preview cop")).startswith("cop: 0 of ")
