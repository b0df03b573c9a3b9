"""Event-loop stalls while a real source reads heavy JSON pages: the worst gap a 1 ms ticker
sees while ``MastodonSource.poll`` reads a hashtag timeline from a local server (another
process, speaking Mastodon's paging: ``limit``, ``min_id``, ``Link``), side by side with the
same poll decoding every page whole on the loop, as before (``jsonpage.PAGE = None`` and the
repair of a too-deep page as it was), in the same run.

    .venv/bin/python benchmarks/json_pages.py

Pages (each a poll after the first, which fixes the cursor):

1. forty real statuses (tests/fixtures/real/mastodon), about 85 KB;
2. forty statuses with 250 KB of empty arrays each (10 MB): a server that relays what other
   servers send; each status's field cut in a process of its own (``jsonpage``);
3. forty statuses, one holding an array nested 100,000 deep, the others 250 KB of short
   strings each (10 MB): the repair path (``bot.core.jsonbody``).

The goal is at most 50 ms for each (no Slack or Discord ack, delivery or lease renewal runs
during a stall).
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import multiprocessing
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from loop_stalls import Ticker  # noqa: E402

from bot.core import jsonbody  # noqa: E402
from integrations.social.common import jsonpage  # noqa: E402
from integrations.social.common.capped import capped_client  # noqa: E402
from integrations.social.mastodon.config import MastodonSourceConfig  # noqa: E402
from integrations.social.mastodon.source import MastodonSource  # noqa: E402

REAL = ROOT / "tests" / "fixtures" / "real" / "mastodon" / "account_statuses_page_limit5.json"
T0 = datetime(2026, 8, 1, 13, 52, 34, tzinfo=UTC)


def status(n: int, at: datetime, **extra: Any) -> dict[str, Any]:
    base = json.loads(REAL.read_text(encoding="utf-8"))[n % 5]
    s: dict[str, Any] = copy.deepcopy(base)
    s["id"] = str(117020580000000000 + n)
    s["created_at"] = at.isoformat().replace("+00:00", "Z")
    s["content"] = f"<p>acme number {n}</p>"
    s.update(extra)
    return s


def pages() -> dict[str, list[bytes]]:
    """Each case's timeline, newest first, every status encoded once."""
    first = status(0, T0)
    new = T0 + timedelta(minutes=1)
    real = [status(n, new) for n in range(1, 41)]
    arrays = [status(n, new, pleroma={"extra": [[] for _ in range(83_000)]})
              for n in range(1, 41)]
    strings = [status(n, new, pleroma={"extra": ["ab"] * 41_000}) for n in range(1, 41)]
    deep = "[" * 100_000 + "]" * 100_000
    encoded = {"real": [json.dumps(s).encode() for s in real],
               "arrays": [json.dumps(s).encode() for s in arrays],
               "deep": [json.dumps(s).encode() for s in strings]}
    encoded["deep"][20] = json.dumps(strings[20]).encode()[:-1] + b', "x": ' + deep.encode() + b"}"
    return {case: [json.dumps(first).encode(), *items][::-1] for case, items in encoded.items()}


def serve(port_out: Any, ready: Any) -> None:
    """The timeline server, in its own process (encoding pages must not stall the loop
    measured): newest first, ``min_id`` the oldest page newer than it, a ``Link`` header."""
    from aiohttp import web

    timelines = pages()
    live = {case: 1 for case in timelines}  # statuses shown: the first poll sees one

    async def timeline(request: web.Request) -> web.Response:
        case = request.match_info["case"]
        shown = timelines[case][-live[case]:]
        limit = min(40, int(request.query.get("limit", "20")))
        ids = [int(b.split(b'"id": "', 1)[1].split(b'"', 1)[0]) for b in shown]
        items = list(zip(ids, shown, strict=True))
        if "max_id" in request.query:
            items = [(i, b) for i, b in items if i < int(request.query["max_id"])]
        if "min_id" in request.query:
            page = [(i, b) for i, b in items if i > int(request.query["min_id"])][-limit:]
        else:
            page = items[:limit]
        headers = {}
        if page:
            older = request.url.with_query(limit=limit, max_id=page[-1][0])
            newer = request.url.with_query(limit=limit, min_id=page[0][0])
            headers["Link"] = f'<{older}>; rel="next", <{newer}>; rel="prev"'
        body = b"[" + b",".join(b for _, b in page) + b"]"
        return web.Response(body=body, content_type="application/json", headers=headers)

    async def show(request: web.Request) -> web.Response:
        live[request.match_info["case"]] = int(request.query["n"])
        return web.Response(text="ok")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/api/v1/timelines/tag/{case}", timeline)
        app.router.add_post("/show/{case}", show)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_out.value = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def old_loads(body: bytes | str) -> Any:
    """``bot.core.jsonbody.loads`` as it was: the repair tried whole again with the long-integer
    hook on every integer, then cut by a Python step for every string and bracket."""
    import re

    tokens = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.S)

    def shallow(text: str, limit: int = jsonbody.MAX_NESTING) -> str:
        out: list[str] = []
        done = depth = 0
        cut_at: int | None = None
        for m in tokens.finditer(text):
            token = m.group()
            if token[0] == '"':
                continue
            if token in "[{":
                depth += 1
                if depth == limit + 1:
                    cut_at = m.start()
            elif depth > 0:
                if depth == limit + 1 and cut_at is not None:
                    out += (text[done:cut_at], json.dumps(jsonbody.CUT))
                    done, cut_at = m.end(), None
                depth -= 1
        out.append(text[done:cut_at])
        return "".join(out)

    try:
        return json.loads(body)
    except RecursionError:
        text = body if isinstance(body, str) else body.decode("utf-8-sig", errors="replace")
    try:
        return json.loads(text, parse_int=jsonbody.integer)
    except RecursionError:
        return json.loads(shallow(text), parse_int=jsonbody.integer)


async def poll_case(base: str, case: str, old: bool) -> tuple[float, int]:
    """The stall of the poll that reads ``case``'s forty new statuses, and the mentions it
    read."""
    import httpx

    config = MastodonSourceConfig(id=f"m-{case}", type="mastodon", base_url=base,
                                  hashtags=(f"#{case}",), timeout=60.0, backfill_minutes=600)
    clock = lambda: T0 + timedelta(minutes=10)  # noqa: E731
    from tests.support.fakes import Cursors

    async with capped_client() as client, httpx.AsyncClient() as admin:
        await admin.post(f"{base}/show/{case}", params={"n": "1"})
        src = MastodonSource(config, store=Cursors(), client=client, clock=clock)
        await src.poll()  # the first run: the cursor fixed at the one status shown
        await admin.post(f"{base}/show/{case}", params={"n": "41"})
        budget, loads = jsonpage.PAGE, jsonpage.loads
        if old:
            jsonpage.PAGE, jsonpage.loads = None, old_loads
        got: list[Any] = []
        try:
            stall = await Ticker().measure(lambda: _collect(src, got))
        finally:
            jsonpage.PAGE, jsonpage.loads = budget, loads
        return stall, len(got)


async def _collect(src: MastodonSource, got: list[Any]) -> None:
    got.extend(await src.poll())


def main() -> None:
    logging.disable(logging.WARNING)  # the halving and cutting warnings, one a page
    ctx = multiprocessing.get_context("spawn")
    port, ready = ctx.Value("i", 0), ctx.Event()
    server = ctx.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    try:
        if not ready.wait(120):
            raise SystemExit("the timeline server did not start")
        base = f"http://127.0.0.1:{port.value}"
        rows = [("forty real statuses (85 KB)", "real"),
                ("forty of 250 KB of empty arrays each (10 MB)", "arrays"),
                ("one nested 100,000 deep, 10 MB of strings", "deep")]
        print(f"{'worst event-loop stall (1 ms ticker), one poll':<50} {'socialops':>11} "
              f"{'on the loop':>12}  read (socialops / on the loop)")
        asyncio.run(poll_case(base, "real", old=False))  # warm-up: first imports and calls
        for label, case in rows:
            ours, ours_n = asyncio.run(poll_case(base, case, old=False))
            base_ms, base_n = asyncio.run(poll_case(base, case, old=True))
            print(f"{label:<50} {ours:>9.1f} ms {base_ms:>9.1f} ms  {ours_n} / {base_n}")
        print("read: statuses of the forty read by that poll (a halved page reads fewer a poll, "
              "MAX_PAGES pages: the rest the next polls, without a gap)")
    finally:
        server.kill()
        server.join()


if __name__ == "__main__":
    main()
