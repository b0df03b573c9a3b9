"""A Jetstream message too heavy to read, skipped under the runtime (a review of the heavy
messages' position, test failing before).

The runtime reads a stream through ``DeferredCursors``: a source's cursor writes are held in
the transaction of the read that made them and become durable with the mention that read
yields (``bot/engine/cursors.py``, ``Runtime._consume_stream``). A message too heavy to read
yields no mention: its position ("saved at once") and its place among the messages skipped
(``<id>:jetstream-heavy``) stayed in a transaction that nothing committed until the next
post of the brand came, hours on a quiet stream. A restart before it resumed before the
message (Jetstream's cursor: bluesky-social/jetstream README) and read it in a process of its
own again, seconds each time, and counted it again. Run on the real app: SQLite, the
runtime's stream step, a websocket speaking Jetstream's messages."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from typing import Any

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.integrations.test_review_loop_frames import _post, from_cursor
from tests.support.netserver import NetServer


async def _until(check: Any, seconds: float = 30) -> None:
    async with asyncio.timeout(seconds):
        while not await check():
            await asyncio.sleep(0.02)


async def test_a_message_too_heavy_is_past_for_good_with_no_post_after_it(
        net: NetServer, tmp_path: Path) -> None:
    post = _post()
    heavy = {**json.loads(json.dumps(post)), "time_us": post["time_us"] + 10_000_000}
    heavy["commit"]["rkey"] = "3heavy"
    heavy.update({f"x{n}": {} for n in range(6_000)})  # nothing stands out to cut
    net.websocket("/subscribe", [json.dumps(post), json.dumps(heavy)], select=from_cursor)
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - name: all\n    match: {any: [government]}\n    channel: alerts\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"""\
sources:
  - {{id: bsky, type: bluesky, base_url: "{net.base}", jetstream_url: "{net.ws_base}",
      stream: true, stream_keywords: [government], interval: 3600}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  ops: {{workspace: console, id: ops}}
ops_channel: ops
rules: rules.yaml
store: {{backend: sqlite, path: {tmp_path / "s.db"}}}
""")
    async with open_app(load_config(cfg), out=io.StringIO(),
                        record_path=tmp_path / "r.jsonl") as app:
        source: Any = app.sources["bsky"]
        runtime = app.runtime()
        task = asyncio.create_task(runtime.run())
        try:
            async def skipped() -> bool:
                return app.pipeline.tally.processed >= 1 and any(
                    "stands out" in s for s in source.skipped)

            await _until(skipped)

            async def saved() -> bool:  # the stream stays open: no post comes after it
                return await app.store.get_cursor("bsky:jetstream") == str(heavy["time_us"])

            try:
                await _until(saved, 10)
            except TimeoutError:
                pass
            assert await app.store.get_cursor("bsky:jetstream") == str(heavy["time_us"])
            kept = json.loads(await app.store.get_cursor("bsky:jetstream-heavy") or "[]")
            assert [m.split(":")[0] for m in kept] == [str(heavy["time_us"])]
        finally:
            runtime.stop.set()
            await asyncio.wait_for(task, 30)
