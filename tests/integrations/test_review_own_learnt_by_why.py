"""`why` of a Mastodon post while the source polls (review of 5a7172e7): ``look_up`` now asks
the source to learn who our accounts are (``learn_own``, verify_credentials) before saying
whether the post is ours, and so does every poll. Both asked a slow server at once (a local
HTTP server speaking Mastodon's wire format, both answers held 0.3 s); the second to be
answered removed an account the first had already removed: ``ValueError`` out of
``learn_own``, which failed the poll and the `why` (outside ``look_up``'s own error
handling), where each alone works."""

from __future__ import annotations

import asyncio
import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from bot.app.compose import build_source, look_up
from integrations.social.mastodon.config import MastodonSourceConfig
from tests.conftest import FakeClock
from tests.integrations.test_bluesky_services import Cursors
from tests.support.netserver import Fault, NetServer

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MASTODON = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"


async def test_a_why_lookup_during_a_poll_learns_our_account_once_and_both_answer(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    status = json.loads((MASTODON / "status_edited_cw_mention_customemoji_gifv.json")
                        .read_text(encoding="utf-8"))
    ours = copy.deepcopy(status)
    ours["account"].update(id="777", acct="acme", url=f"{net.base}/@acme", username="acme")
    ours["created_at"] = (NOW - timedelta(minutes=5)).isoformat().replace("+00:00", "Z")
    net.json("GET", "/api/v1/timelines/tag/acme", [])
    net.json("GET", f"/api/v1/statuses/{ours['id']}", ours)
    net.json("GET", "/api/v1/accounts/verify_credentials", ours["account"])
    net.fault("GET", "/api/v1/accounts/verify_credentials", Fault.delay(0.3), Fault.delay(0.3))
    clock.now = NOW
    cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base, token="tok",
                               hashtags=("acme",), timeout=5)
    source: Any = build_source(cfg, store=Cursors(), client=client, clock=clock, peers=(cfg,))
    polled, looked = await asyncio.gather(
        source.poll(), look_up(f"{net.base}/@acme/{ours['id']}", {"m": source}, [cfg]),
        return_exceptions=True)
    assert polled == [], polled
    assert not isinstance(looked, BaseException), repr(looked)
    assert looked.post is not None and looked.own, looked
    # one learner at a time: the second waits for the first's answer, asked once
    assert len(net.requests_to("/api/v1/accounts/verify_credentials")) == 1
