"""Event-loop stalls: the worst gap a 1 ms ticker sees while the bot does things that used to
freeze it, side by side with the same work done the old way (on the loop) in the same run.

    .venv/bin/python benchmarks/loop_stalls.py [--subscriptions 100000]

1. A ``subscribe`` from chat at 100,000 stored subscriptions (the real dispatcher, store and live
   router; the router catches up incrementally), then an ``unsubscribe`` of it (its keywords
   leave what the router finds, without a build). Baseline: reading every subscription and
   compiling the router on the loop, as the bot did before.
2. A write while another process holds the SQLite write lock for 1.5 s (the store runs SQLite
   on its own thread). Baseline: the same write through ``sqlite3`` on the loop.
3. The first mention after start-up (models warmed off the loop by ``App.start``). Baseline:
   the first language detection and scoring on a cold model, on the loop.
4. A full garbage collection after start-up, as ``socialops run`` leaves the collector (start-up's
   objects frozen, ``bot.app.gcpolicy``). Baseline: the same collection over every object
   start-up built, as before they were frozen.
5. A prune that finds 100,000 expired traces, dedup marks and footprints (``--expired``; an
   hour of a busy deployment, a week on), run on the store's thread. Baseline: the same
   deletes on the loop, as the store ran them before.
6. A batch of 500 posts that all route (a poll after an outage, a replay's batch): the loop
   gets a turn every ``bot.engine.pipeline.TURN_AFTER`` of the batch's work. Baseline: the
   batch decided in one go, as before.
7. A rules reload at 100,000 subscriptions (a full build), once with the same keywords and
   once with a new one: the build keeps the automaton it replaces, pauses the collector for
   the whole build and freezes the new router out of its sight, and takes the old router apart
   on a worker thread (``bot.engine.router``, ``bot.core.collector``). Baseline: the build as
   it was (a new automaton, the collector on during the parse, the old router freed on the
   loop).
8. Start-up: the router's first build at 100,000 subscriptions, on a worker thread while the
   loop serves (``socialops run`` opens /healthz and chat first), frozen as it is built.
   Baseline: the same build in a process that had not frozen its start-up, as before: the
   collector walks the new router once the build lets it run again.
9. ``list`` in a channel of 100,000 subscriptions (``--answer-lines``), answered for Slack
   (``render_text``) and Discord (``reply_payload``): the handler builds lines only up to what a
   chat shows (``bot.core.text.listing``) and counts the rest. Baseline: every line built, then
   cleaned and split by each renderer, as before. ``--answers-only`` runs this case alone.
10. A rules file of 2,000 routes (``--rules-routes``) saved, then read again at a SIGHUP: the
   1-second watch of ``socialops run`` (``bot.app.serve._RulesWatch.tick``) reads, hashes,
   parses and validates it on a worker thread. Baseline: the same check on the loop, as before.
11. A delivery retried after an unknown outcome on a console workspace whose record holds
   100,000 cards (``--record-cards``): ``find`` reads the record on a worker thread. Baseline:
   the same read on the loop, as before.
12. Stream frames (``--frames-only`` runs this case alone): a real ``MastodonSource`` stream
   and a ``BlueskySource`` Jetstream stream fed by a local server in another process, with
   hostile frames (nested 900,000 deep, hundreds of thousands of empty arrays, a 2 MiB text,
   400,000 numbers) and 2,000 real frames at once (``--frame-burst``); each read until every
   frame's post came.
   Frames are weighed as pages are (``integrations.social.common.jsonpage``): a heavy one is
   read in a process of its own, and a Jetstream post's text read to 12,000 characters.
   Baseline, as before: Jetstream messages decoded whole on the loop and their text read
   whole, Mastodon data decoded with its status parsed on a worker thread (which keeps the GIL
   for the decode).

The process sets the collector up as ``socialops run`` does (``tune_collector`` at start,
``freeze_startup`` before start-up's router is built, ``gc.freeze`` once started).

During a stall nothing else runs: no Slack or Discord ack (3-second rule), no delivery, no
lease renewal. The goal is at most 50 ms for each.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import io
import json
import multiprocessing
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from routing import make_subscriptions, make_vocab  # noqa: E402

from bot.app.compose import App, open_app  # noqa: E402
from bot.app.gcpolicy import freeze_startup, tune_collector  # noqa: E402
from bot.core import keys as K  # noqa: E402
from bot.core.commands import parse_command  # noqa: E402
from bot.core.config import load_config  # noqa: E402
from bot.core.effects import Effects  # noqa: E402
from bot.core.models import Author, Mention, Subscription  # noqa: E402
from bot.engine import pipeline as pipeline_module  # noqa: E402
from rules import CompiledRouter, RuleSet, compile_router, parse_rules  # noqa: E402

BURST = 500  # posts in one batch: what `socialops replay` reads at once


class Ticker:
    """Wakes every millisecond and remembers the longest time between two wake-ups."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.worst = max(self.worst, now - last - 0.001)
            last = now

    async def measure(self, work: Callable[[], Awaitable[object]]) -> float:
        self.worst = 0.0
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(0.01)
        try:
            await work()
            await asyncio.sleep(0.01)
        finally:
            self._task.cancel()
        return self.worst * 1000


def cold_first_mention(raw: str) -> float:
    """In a fresh process: the first language detection, sentiment and intent of a mention on
    cold models, on the loop (what the first mention cost before models were warmed)."""
    from bot.enrich import Enricher

    mention = Mention.model_validate_json(raw)

    async def cold() -> None:
        facts = Enricher().facts(mention)
        facts.language()
        facts.sentiment()
        facts.intent()

    return asyncio.run(Ticker().measure(cold))


def first_build(config: str, freeze: bool, subscriptions: int) -> float:
    """In a fresh process: the router's first build from the store, frozen as it is built
    when ``freeze`` (``socialops run`` freezes start-up before it), else as before."""

    async def build() -> float:
        async with open_app(load_config(Path(config)), out=io.StringIO()) as app:
            if freeze:
                freeze_startup()
            stall = await Ticker().measure(lambda: app.router.refresh(force=True))
            assert app.router.compiled.subscription_count == subscriptions
            return stall

    tune_collector()
    return asyncio.run(build())


def warm_models(one_at_a_time: bool) -> float:
    """In a fresh process: start-up's warming of the models, on a worker thread as
    ``App.start`` runs it; the baseline loads lingua's Latin-script models in one call, as the
    warm-up did until 2026-11-30 (lingua keeps the GIL while it loads)."""
    from bot.enrich import Enricher, language

    if not one_at_a_time:
        language._load_one_at_a_time = lambda: None  # the detector's first call loads them all
    enricher = Enricher()
    return asyncio.run(Ticker().measure(lambda: asyncio.to_thread(enricher.warm)))

def many_routes(n: int, tag: str) -> str:
    return "routes:\n" + "".join(
        f"  - {{name: r{i}{tag}, match: {{any: [word{i}, 'phrase {i} here']}}, channel: alerts}}\n"
        for i in range(n))


async def rules_and_record(routes: int, cards: int) -> list[tuple[str, float, float]]:
    """Cases 10 and 11, in their own app (no subscriptions): a rules file read again by the
    watch and on the loop, and a console record looked up by ``find`` and on the loop."""
    from bot.app.serve import _rules_watch
    from integrations.console.workspace import ConsoleWorkspace

    rows: list[tuple[str, float, float]] = []
    ticker = Ticker()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        cfg = write_config(tmp)
        rules = tmp / "rules.yaml"
        async with open_app(load_config(cfg), out=io.StringIO()) as app:
            watch = _rules_watch(app)
            assert watch is not None
            rules.write_text(many_routes(routes, "a"))
            saved_ms = await ticker.measure(watch.tick)
            watch.hup()
            hup_ms = await ticker.measure(watch.tick)
            rules.write_text(many_routes(routes, "b"))

            async def on_loop() -> None:
                watch.reloader.check(force=True)

            base_ms = await ticker.measure(on_loop)
            assert app.metrics.value("rules_reloads_total", outcome="success") == 2
            rows.append((f"a rules file of {routes:,} routes saved / SIGHUP",
                         max(saved_ms, hup_ms), base_ms))
        record = tmp / "record.jsonl"
        ws = ConsoleWorkspace(out=io.StringIO(), record_path=record)
        line = {"op": "post", "workspace": "console", "channel": "alerts", "kind": "alert",
                "title": "acme is down", "status": None, "route": "all", "text": "x" * 400,
                "thread_note": None, "thread_key": None}
        with record.open("w", encoding="utf-8") as fh:
            for i in range(cards):
                fh.write(json.dumps(line | {"key": f"A-{i}", "message_id": f"m{i}"}) + "\n")

        async def old_find() -> None:
            ws._first_post("alerts", "A-missing")

        rows.append((f"a console delivery retried, record of {cards:,} cards",
                     await ticker.measure(lambda: ws.find("alerts", "A-missing")),
                     await ticker.measure(old_find)))
    return rows


async def long_answers(lines: int) -> tuple[float, float]:
    """Case 9, in its own app: ``list`` of ``lines`` subscriptions in one channel rendered for
    Slack and Discord, built as far as shown (ours) and whole (the baseline)."""
    from bot.core.cards import Reply
    from handlers.subscriptions import describe
    from integrations.discord.inbound import reply_payload
    from integrations.slack.render import render_text

    with tempfile.TemporaryDirectory() as d:
        async with open_app(load_config(write_config(Path(d))), out=io.StringIO()) as app:
            import random

            rng = random.Random(9)
            await seed(app, [s.model_copy(update={"id": f"L{s.id}", "channel": "C0"})
                             for s in make_subscriptions(lines, rng, make_vocab(rng))])
            ticker = Ticker()

            async def answer() -> None:
                reply = await app.dispatcher.handle(parse_command("list").interaction(
                    workspace="console", channel="C0", user="alice"))
                assert reply.ok and reply.unlisted > lines - 1_000, reply.unlisted
                render_text(reply.text, unlisted=reply.unlisted)
                reply_payload(reply)

            async def whole() -> None:  # every line built, cleaned and split by both
                subs = await app.store.list_subscriptions(workspace="console", channel="C0")
                now = app.clock()
                text = "\n".join(describe(s, now) for s in subs)
                render_text(text)
                reply_payload(Reply(text=text))

            return await ticker.measure(answer), await ticker.measure(whole)


def write_config(tmp: Path) -> Path:
    (tmp / "rules.yaml").write_text("routes:\n  - {name: all, match: {any: [acme]}, "
                                    "channel: alerts}\n")
    cfg = tmp / "socialops.yaml"
    cfg.write_text(f"""\
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  c0: {{workspace: console, id: C0}}
people: [{{id: alice, role: lead, identities: {{console: alice}}}}]
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: sqlite, path: {tmp / "s.db"}}}
""")
    return cfg


async def seed(app: App, subs: list[Subscription]) -> None:
    for i in range(0, len(subs), 5000):
        fx = Effects()
        for s in subs[i:i + 5000]:
            fx.create(s)
        fx.routing_change("*", "seed")
        assert await app.store.apply(fx)


def expire(path: str, n: int) -> None:
    """``n`` expired traces, dedup marks and footprints, as a week-old hour leaves them."""
    db = sqlite3.connect(path)
    with db:
        db.executemany("INSERT OR REPLACE INTO traces VALUES (?, ?, ?, ?, ?)",
                       ((f"mastodon:x{i}", f"https://m.example/@u/{i}", 1.0, 2.0, "{}")
                        for i in range(n)))
        db.executemany("INSERT OR REPLACE INTO kv VALUES (?, ?, ?)",
                       ((f"done:mastodon:x{i}", "1", 2.0) for i in range(n)))
        db.executemany("INSERT OR IGNORE INTO footprints VALUES (?, ?, ?, ?)",
                       ((f"mastodon:u{i % 30000}", f"mastodon:x{i}", 1.0, 2.0)
                        for i in range(n)))
    db.close()


def hold_lock(path: str, seconds: float, ready: multiprocessing.synchronize.Event) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    ready.set()
    time.sleep(seconds)
    db.execute("COMMIT")


# -- stream frames (case 12, ``--frames-only``) --------------------------------------------------

JETSTREAM_CAPTURE = ROOT / "tests" / "fixtures" / "real" / "bluesky" / \
    "jetstream_v1_events_real_capture.jsonl"
MASTODON_STATUS = ROOT / "tests" / "fixtures" / "real" / "mastodon" / \
    "account_statuses_page_limit5.json"


def _frame_cases(burst: int) -> dict[str, tuple[list[bytes], list[bytes]]]:
    """Each case's Mastodon ``update`` data and Jetstream messages: one real frame first, then
    the case's frames. A hostile field is one no post defines (a record or a status may carry
    any JSON); every frame is a new post with the keyword, so each is read to its end."""
    status: dict[str, Any] = json.loads(MASTODON_STATUS.read_text(encoding="utf-8"))[0]
    lines = JETSTREAM_CAPTURE.read_text(encoding="utf-8").splitlines()
    post: dict[str, Any] = json.loads(next(
        ln for ln in lines if '"app.bsky.feed.post"' in ln and '"create"' in ln
        and "government" in ln.lower()))
    # Mastodon's data may hold 2 MiB of characters (stream.MAX_EVENT), Jetstream's 4 MiB
    shapes = {"nested 900,000 deep": ("[" * 900_000 + "]" * 900_000, "[" * 1_000_000 +
                                      "]" * 1_000_000),
              "450,000 / 700,000 empty arrays": (json.dumps([[]] * 450_000),
                                                 json.dumps([[]] * 700_000)),
              "a text of 1.9 / 2 MiB": ("", ""),
              "200,000 / 400,000 numbers": (json.dumps(list(range(200_000))),
                                            json.dumps(list(range(400_000))))}

    def toot(n: int, hole: str = "", text: str = "") -> bytes:
        s = dict(status, id=str(117020580000000000 + n),
                 content=f"<p>{text or f'acme toot {n}'}</p>")
        return json.dumps({**s, "pleroma": "HOLE"}).replace('"HOLE"', hole or "null").encode()

    def skeet(n: int, hole: str = "", text: str = "") -> bytes:
        e = json.loads(json.dumps(post))
        e["time_us"] = post["time_us"] + n
        e["commit"]["rkey"] = f"3bench{n}"
        e["commit"]["record"]["text"] = text or f"the government, post {n}"
        e["commit"]["record"]["x-relay"] = "HOLE"
        return json.dumps(e).replace('"HOLE"', hole or "null").encode()

    cases: dict[str, tuple[list[bytes], list[bytes]]] = {}
    for name, (m_hole, j_hole) in shapes.items():
        m_text = "government acme " + "word " * 380_000 if not m_hole else ""
        j_text = "the government " + "word " * 419_000 if not j_hole else ""
        cases[name] = ([toot(0), toot(1, m_hole, m_text)], [skeet(0), skeet(1, j_hole, j_text)])
    cases[f"{burst:,} real frames at once"] = (
        [toot(n) for n in range(burst)], [skeet(n) for n in range(burst)])
    return cases


def serve_frames(port_out: Any, burst: int) -> None:
    """The local Mastodon streaming and Jetstream server, in its own process (encoding and
    sending must not stall the loop measured): ``/api/v1/streaming/hashtag?tag=c<N>`` plays
    case N's frames as server-sent events, ``/c<N>/subscribe`` as websocket messages; both
    then hold the connection open, as the real servers do."""
    from aiohttp import web

    cases = list(_frame_cases(burst).values())

    async def sse(request: web.Request) -> web.StreamResponse:
        frames = cases[int(request.query["tag"][1:])][0]
        out = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await out.prepare(request)
        for data in frames:
            await out.write(b"event: update\ndata: " + data + b"\n\n")
        await asyncio.sleep(3600)
        return out

    async def ws(request: web.Request) -> web.StreamResponse:
        sock = web.WebSocketResponse()
        await sock.prepare(request)
        for data in cases[int(request.match_info["case"][1:])][1]:
            await sock.send_str(data.decode())
        async for _ in sock:
            pass
        return sock

    async def absent(request: web.Request) -> web.Response:
        return web.Response(status=404, text='{"error": "not here"}')

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/api/v1/streaming/hashtag", sse)
        app.router.add_get("/{case}/subscribe", ws)
        app.router.add_route("*", "/{tail:.*}", absent)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_out.put(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        await asyncio.Event().wait()

    asyncio.run(main())


async def stream_frames(burst: int) -> list[tuple[str, float, float]]:
    """Case 12: a real ``MastodonSource`` and ``BlueskySource`` read their streams from the
    local server (another process) until each frame's post has come. Ours: frames weighed as
    pages are (``jsonpage``), a heavy one read in a process of its own. Baseline, as before:
    Jetstream messages decoded whole on the loop (``jsonpage.PAGE = None``), Mastodon data
    decoded and parsed together on a worker thread (the decoder keeps the GIL)."""
    import logging

    import httpx

    from bot.core.jsonbody import loads
    from integrations.social.bluesky import parse as bluesky_parse
    from integrations.social.bluesky.config import BlueskySourceConfig
    from integrations.social.bluesky.source import BlueskySource
    from integrations.social.common import jsonpage
    from integrations.social.mastodon.config import MastodonSourceConfig
    from integrations.social.mastodon.source import MastodonSource
    from integrations.social.mastodon.stream import Endpoint, MastodonStreamer, SseEvent

    logging.disable(logging.WARNING)  # the cut frames' warnings and the 404s of profiles
    cases = _frame_cases(burst)
    ports: Any = multiprocessing.get_context("spawn").Queue()
    server = multiprocessing.get_context("spawn").Process(target=serve_frames, args=(ports, burst),
                                                          daemon=True)
    server.start()
    port = ports.get(timeout=60)
    ticker = Ticker()

    class NoStore:
        async def get_cursor(self, key: str) -> str | None:
            return None

        async def set_cursor(self, key: str, value: str) -> None:
            return None

    async def old_to_mention(self: MastodonStreamer, event: SseEvent,
                             ep: Endpoint) -> tuple[Mention, str | None] | None:
        return await asyncio.to_thread(lambda: self._parsed(event, loads(event.data)))

    async def read_all(stream: Any, want: int, skipped: list[str]) -> None:
        """Until ``want`` mentions came; none may have been skipped."""
        got = 0
        async with asyncio.timeout(120):
            async for _ in stream:
                got += 1
                if got == want:
                    break
        await stream.aclose()
        assert not skipped, list(skipped)

    rows: list[tuple[str, float, float]] = []
    async with httpx.AsyncClient() as client:
        for n, (name, (toots, skeets)) in enumerate(cases.items()):
            async def mastodon(n: int = n, want: int = len(toots)) -> None:
                src = MastodonSource(MastodonSourceConfig(
                    id="m", type="mastodon", base_url=f"http://127.0.0.1:{port}",
                    hashtags=(f"c{n}",), stream=True, timeout=30), store=NoStore(),
                    client=client, clock=lambda: datetime.now(UTC))
                await read_all(src.stream(), want, src.skipped)

            async def jetstream(n: int = n, want: int = len(skeets)) -> None:
                src = BlueskySource(BlueskySourceConfig(
                    id="b", type="bluesky", base_url=f"http://127.0.0.1:{port}",
                    jetstream_url=f"ws://127.0.0.1:{port}/c{n}", stream=True,
                    stream_keywords=("government",), timeout=30), store=NoStore(),
                    client=client, clock=lambda: datetime.fromtimestamp(2_000_000_000, UTC))
                await read_all(src.stream(), want, src.skipped)

            m_ours, j_ours = await ticker.measure(mastodon), await ticker.measure(jetstream)
            page, to_mention = jsonpage.PAGE, MastodonStreamer.to_mention
            read_chars = bluesky_parse.READ_CHARS
            jsonpage.PAGE = None
            MastodonStreamer.to_mention = old_to_mention  # type: ignore[method-assign]
            bluesky_parse.READ_CHARS = sys.maxsize  # a record's text read whole
            try:
                m_base, j_base = await ticker.measure(mastodon), await ticker.measure(jetstream)
            finally:
                jsonpage.PAGE = page
                MastodonStreamer.to_mention = to_mention  # type: ignore[method-assign]
                bluesky_parse.READ_CHARS = read_chars
            rows.append((f"Mastodon stream: {name}", m_ours, m_base))
            rows.append((f"Jetstream: {name}", j_ours, j_base))
    server.kill()
    server.join()
    logging.disable(logging.NOTSET)
    return rows


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--answer-lines", type=int, default=100_000)
    parser.add_argument("--answers-only", action="store_true")
    parser.add_argument("--frames-only", action="store_true")
    # real frames sent at once: a busy hashtag, or the firehose catching up after a reconnect
    parser.add_argument("--frame-burst", type=int, default=2000)
    parser.add_argument("--rules-routes", type=int, default=2000)
    parser.add_argument("--record-cards", type=int, default=100_000)
    parser.add_argument("--expired", type=int, default=100_000,
                        help="expired traces, dedup marks and footprints the prune finds")
    args = parser.parse_args()
    tune_collector()  # as socialops itself does at start (bot.app.cli.main)
    if args.frames_only:
        print(f"{'worst event-loop stall (1 ms ticker)':<52} {'socialops':>11} "
              f"{'as before':>12}")
        for name, ours, base in await stream_frames(args.frame_burst):
            print(f"{name:<52} {ours:>9.1f} ms {base:>9.1f} ms")
        return
    if args.answers_only:
        ours, base = await long_answers(args.answer_lines)
        print(f"{'worst event-loop stall (1 ms ticker)':<52} {'socialops':>11} "
              f"{'on the loop':>12}")
        print(f"{f'list of {args.answer_lines:,} subscriptions, Slack and Discord':<52} "
              f"{ours:>9.1f} ms {base:>9.1f} ms")
        return
    ticker = Ticker()
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        loaded = load_config(write_config(tmp))
        async with open_app(loaded, out=io.StringIO()) as app:
            import random

            rng = random.Random(5)
            # ids the chat's own numbering (S-1, S-2, ...) does not reach
            subs = [s.model_copy(update={"id": f"B{s.id}"})
                    for s in make_subscriptions(args.subscriptions, rng, make_vocab(rng))]
            await seed(app, subs)
            freeze_startup()  # as socialops run does before it serves
            start_ms = await ticker.measure(app.start)  # full build + warming, off the loop

            async def collect() -> None:
                gc.collect()

            gc.unfreeze()  # the baseline: every object start-up built, in the collector's sight
            unfrozen_ms = await ticker.measure(collect)
            freeze_startup()  # as socialops run leaves it once started
            frozen_ms = await ticker.measure(collect)

            made: list[str] = []

            async def subscribe() -> None:
                reply = await app.dispatcher.handle(parse_command(
                    "subscribe zzbrandnew OR zzother").interaction(
                        workspace="console", channel="C0", user="alice"))
                assert reply.ok, reply.text
                made.append(reply.text.split()[0])
                await app.router.refresh()

            sub_ms = await ticker.measure(subscribe)

            async def unsubscribe() -> None:
                reply = await app.dispatcher.handle(parse_command(
                    f"unsubscribe {made[0]}").interaction(
                        workspace="console", channel="C0", user="alice"))
                assert reply.ok, reply.text
                await app.router.refresh()
                assert made[0] not in app.router.compiled.postings.by_id

            unsub_ms = await ticker.measure(unsubscribe)
            assert app.metrics.value("router_updates_total", kind="full") == 1, "rebuilt"

            async def old_subscribe() -> None:  # read + validate + compile on the loop
                stored = await app.store.list_subscriptions()
                compile_router(app.router.ruleset, stored)

            old_ms = await ticker.measure(old_subscribe)
            rows.append((f"subscribe at {args.subscriptions:,} subscriptions", sub_ms, old_ms))
            rows.append((f"unsubscribe at {args.subscriptions:,} subscriptions", unsub_ms,
                         old_ms))
            gc.collect()  # what the baseline left, so that no later case pays for it
            rows.append(("start-up: build router and warm models", start_ms, float("nan")))

            ready = multiprocessing.Event()
            holder = multiprocessing.Process(target=hold_lock,
                                             args=(str(tmp / "s.db"), 1.5, ready))
            holder.start()
            ready.wait()

            async def write() -> None:
                fx = Effects()
                fx.mark("bench:lock", 60)
                await app.store.apply(fx)

            lock_ms = await ticker.measure(write)
            holder.join()
            ready2 = multiprocessing.Event()
            holder = multiprocessing.Process(target=hold_lock,
                                             args=(str(tmp / "s.db"), 1.5, ready2))
            holder.start()
            ready2.wait()

            async def old_write() -> None:
                db = sqlite3.connect(str(tmp / "s.db"), isolation_level=None, timeout=10)
                db.execute("BEGIN IMMEDIATE")
                db.execute("COMMIT")
                db.close()

            rows.append(("a write while another process holds the lock 1.5 s", lock_ms,
                         await ticker.measure(old_write)))
            holder.join()

            mention = Mention(id="mastodon:1", network="mastodon", source="s",
                              text="acme is down again, cannot log in since this morning",
                              author=Author(id="a", handle="a"), created_at=datetime.now(UTC))
            first_ms = await ticker.measure(lambda: app.pipeline.process_batch([mention]))
            # the baseline needs cold models, so it runs in a fresh process
            with multiprocessing.get_context("spawn").Pool(1) as pool:
                cold_ms = pool.apply(cold_first_mention, (mention.model_dump_json(),))
            rows.append(("the first mention after start-up", first_ms, cold_ms))
            warms: list[float] = []
            for one_at_a_time in (True, False):  # each in a fresh process: models load once
                with multiprocessing.get_context("spawn").Pool(1) as pool:
                    warms.append(pool.apply(warm_models, (one_at_a_time,)))
            warm_ms, one_call_ms = warms
            rows.append(("start-up: warming the models (a worker thread)", warm_ms, one_call_ms))

            def burst(first: int) -> list[Mention]:  # a poll after an outage: all routed
                return [Mention(id=f"mastodon:b{first + i}", network="mastodon", source="s",
                                text=f"acme is down again, cannot log in (#{first + i})",
                                author=Author(id=f"b{i}", handle=f"b{i}"),
                                created_at=datetime.now(UTC)) for i in range(BURST)]

            burst_ms = await ticker.measure(lambda: app.pipeline.process_batch(burst(0)))
            turn_after, pipeline_module.TURN_AFTER = pipeline_module.TURN_AFTER, float("inf")
            try:  # the baseline: the batch decided in one go, as before
                whole_ms = await ticker.measure(
                    lambda: app.pipeline.process_batch(burst(BURST)))
            finally:
                pipeline_module.TURN_AFTER = turn_after
            rows.append((f"a batch of {BURST} posts, every one routed", burst_ms, whole_ms))

            def rules_file(words: str) -> RuleSet:
                text = ("routes:\n  - {name: all, match: {any: [" + words + "]}, "
                        "channel: alerts}\n")
                return parse_rules(text, file="rules.yaml", channels=app.config.channels,
                                   escalations=set())

            async def old_reload(ruleset: RuleSet) -> None:  # the full build as it was
                live = app.router
                stored = await app.store.list_raw(K.SUBSCRIPTION)

                def build() -> CompiledRouter:
                    parsed = [Subscription.model_validate_json(s) for s in stored]
                    return compile_router(ruleset, parsed, state=live.state)  # a new automaton

                live.ruleset = ruleset
                live._router = await asyncio.to_thread(build)  # the old one freed on the loop

            for label, words in (("same keywords", "acme"), ("a new keyword", "acme, zznew")):
                reload_ms = await ticker.measure(
                    lambda w=words: app.router.set_rules(rules_file(w)))  # type: ignore[misc]
                await app.router.set_rules(rules_file("acme"))
                base_ms = await ticker.measure(
                    lambda w=words: old_reload(rules_file(w)))  # type: ignore[misc]
                await app.router.set_rules(rules_file("acme"))
                gc.collect()  # what the baseline left, so that no later case pays for it
                rows.append((f"a rules reload at {args.subscriptions:,} subs: {label}",
                             reload_ms, base_ms))

            expire(str(tmp / "s.db"), args.expired)

            async def prune() -> None:
                await app.store.prune(datetime.now(UTC), sent_seconds=86400,
                                      refs_seconds=86400)

            prune_ms = await ticker.measure(prune)
            expire(str(tmp / "s.db"), args.expired)

            async def old_prune() -> None:  # the same deletes, on the loop
                db = sqlite3.connect(str(tmp / "s.db"), isolation_level=None, timeout=10)
                db.execute("BEGIN IMMEDIATE")
                for table in ("kv", "traces", "footprints"):
                    db.execute(f"DELETE FROM {table} WHERE expires <= ?", (time.time(),))
                db.execute("COMMIT")
                db.close()

            rows.append((f"a prune of {args.expired:,} expired traces, marks, footprints", prune_ms,
                         await ticker.measure(old_prune)))
            rows.append(("a full garbage collection after start-up", frozen_ms, unfrozen_ms))

            firsts: list[float] = []
            for freeze in (True, False):  # each in a fresh process, as a process starts
                with multiprocessing.get_context("spawn").Pool(1) as pool:
                    firsts.append(pool.apply(first_build, (str(tmp / "socialops.yaml"), freeze,
                                                           len(subs))))
            first_ms, unfrozen_first_ms = firsts
            rows.append((f"start-up: the router's first build at {args.subscriptions:,}",
                         first_ms, unfrozen_first_ms))
    rows.extend(await rules_and_record(args.rules_routes, args.record_cards))
    ours, base = await long_answers(args.answer_lines)
    rows.append((f"list of {args.answer_lines:,} subscriptions, Slack and Discord", ours, base))
    rows.extend(await stream_frames(args.frame_burst))
    print(f"{'worst event-loop stall (1 ms ticker)':<52} {'socialops':>11} {'on the loop':>12}")
    for name, ours, base in rows:
        print(f"{name:<52} {ours:>9.1f} ms {base:>9.1f} ms")


if __name__ == "__main__":
    asyncio.run(main())
