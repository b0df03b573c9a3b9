"""Can the Bluesky source keep up with the whole Jetstream post stream? Events/s through the
source's event handling (JSON decode, keyword prefilter, and normalising the few that pass),
against a baseline of ``json.loads`` alone, measured in the same run on the real capture in
tests/fixtures/real/bluesky (152 events, replayed many times).

    .venv/bin/python benchmarks/jetstream_prefilter.py [--events 200000]

Bluesky's network creates on the order of 50-100 posts/s (several hundred commits/s of all
kinds; Jetstream with wantedCollections=app.bsky.feed.post sends only posts).

Rates are events per CPU second of this process, so they hold on a busy machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from integrations.social.bluesky.config import BlueskySourceConfig  # noqa: E402
from integrations.social.bluesky.source import BlueskySource  # noqa: E402

LINES = (ROOT / "tests" / "fixtures" / "real" / "bluesky" /
         "jetstream_v1_events_real_capture.jsonl").read_text(encoding="utf-8").splitlines()


class NullStore:
    async def get_cursor(self, source_id: str) -> str | None:
        return None

    async def set_cursor(self, source_id: str, value: str) -> None:
        return None


def rate(fn: Any, events: list[bytes]) -> float:
    start = time.process_time()
    for e in events:
        fn(e)
    return len(events) / (time.process_time() - start)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=200_000)
    n = ap.parse_args().events
    # bytes, as the stream reads them (``recv(decode=False)``)
    events = [e.encode() for e in (LINES * (n // len(LINES) + 1))[:n]]
    keywords = ("acme", "acmecloud", "acme cloud", "outage", "government", "band", "аватаром",
                "ジャードゥーガル", *(f"product{i}" for i in range(1000)))
    cfg = BlueskySourceConfig(id="b", type="bluesky", stream_keywords=keywords)
    import httpx

    # the real clock: an event's time_us is checked against it (a position past it is refused)
    source = BlueskySource(cfg, store=NullStore(), client=httpx.AsyncClient(),
                           clock=lambda: datetime.now(UTC))
    base = rate(json.loads, events)
    passed = [0]

    async def handle_all() -> float:  # one loop for all: the source's handling is a coroutine
        start = time.process_time()
        for e in events:
            source.recent.clear()  # replays repeat uris; measure the work, not the dedup
            mention, _ = await source._from_event(e)
            passed[0] += mention is not None
        return len(events) / (time.process_time() - start)

    ours = asyncio.run(handle_all())
    print(f"{n:,} Jetstream events (real capture, replayed), {len(keywords):,} keywords")
    print(f"  baseline json.loads only      {base:12,.0f} events/s")
    print(f"  decode + prefilter + normalise {ours:12,.0f} events/s  ({ours / base:.2f}x the "
          f"baseline; {passed[0] / n:.1%} passed the prefilter)")


if __name__ == "__main__":
    main()
