"""A Mastodon server that answered 404 to ``verify_credentials`` once is asked on, and its
next answer decides (an SRE's review), against the local Mastodon server.

A 404 says the server has no such route: the source reads on, its account's posts not told,
said once. A server mid-deploy answers 404 for a moment (its proxy before the app is up);
then 5xx: a server without the route would answer 404 again, so it has one and failed, which
holds the poll as any 5xx does. It read on through every 5xx after the one 404, the team's
posts on the timeline taken for customers'. The 404 is still said once however the answers
alternate."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.app.compose import build_source
from bot.core.errors import SourceError
from integrations.social.mastodon.config import MastodonSourceConfig
from tests.conftest import FakeClock
from tests.integrations.test_bluesky_services import Cursors
from tests.integrations.test_own_posts import NOW
from tests.support.netserver import Fault, NetServer


async def test_a_5xx_after_a_404_holds_and_the_404_is_said_once(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    clock.now = NOW
    net.json("GET", "/api/v1/timelines/tag/acme", [])
    net.fault("GET", "/api/v1/accounts/verify_credentials",
              Fault.http(404, None, {"error": "Record not found"}), Fault.server_error(503),
              Fault.http(404, None, {"error": "Record not found"}))
    net.json("GET", "/api/v1/accounts/verify_credentials", {
        "id": "777", "username": "acme", "acct": "acme", "url": f"{net.base}/@acme"})
    cfg = MastodonSourceConfig(id="m", type="mastodon", base_url=net.base, token="tok",
                               hashtags=("acme",), timeout=2)
    source: Any = build_source(cfg, store=Cursors(), client=client, clock=clock, peers=(cfg,))
    with caplog.at_level("WARNING", logger="integrations.social"):
        assert await source.poll() == []  # 404: read on, said
        with pytest.raises(SourceError) as failed:  # before: read on
            await source.poll()
        assert "503" in str(failed.value) and "nothing is read until" in str(failed.value)
        assert await source.poll() == []  # 404 again: read on, not said again
        assert await source.poll() == []  # known at last
    said = [r.getMessage() for r in caplog.records if "verify_credentials" in r.getMessage()]
    assert len(said) == 1 and "(404)" in said[0], said
    assert len(net.requests_to("/api/v1/timelines/tag/acme")) == 3
    assert source.unknown_own() == {}
