"""The shared local network server (tests/support/netserver.py) itself: routes from fixtures with
their meta headers, queued faults, recording, SSE drops and websocket replay with drops."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import httpx
import pytest

from tests.support.netserver import Fault, NetServer, sse_frames

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"
JETSTREAM = Path(__file__).parents[1] / "fixtures" / "real" / "bluesky" / \
    "jetstream_v1_events_real_capture.jsonl"


async def test_fixture_route_serves_meta_status_and_headers_and_records() -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        net.fixture("GET", "/page", REAL / "account_statuses_page_limit5.json")
        net.fixture("GET", "/missing", REAL / "error_404_not_found.json")
        r = await client.get(net.url("/page"), params={"limit": "5"},
                             headers={"Authorization": "Bearer t"})
        assert r.status_code == 200 and len(r.json()) == 5
        assert 'rel="next"' in r.headers["link"]
        assert r.headers["x-ratelimit-remaining"] == "299"
        assert (await client.get(net.url("/missing"))).status_code == 404
        seen = net.requests_to("/page")[0]
        assert seen.q("limit") == "5" and seen.headers["Authorization"] == "Bearer t"


async def test_faults_are_served_in_order_then_normal_service() -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        net.json("POST", "/x", {"ok": True})
        net.fault("POST", "/x", Fault.rate_limited({"Retry-After": "7"}), Fault.server_error(),
                  Fault.unauthorized(), Fault.malformed_json())
        r = await client.post(net.url("/x"), json={"a": 1})
        assert (r.status_code, r.headers["retry-after"]) == (429, "7")
        assert (await client.post(net.url("/x"))).status_code == 500
        assert (await client.post(net.url("/x"))).status_code == 401
        with pytest.raises(ValueError):
            (await client.post(net.url("/x"))).json()
        assert (await client.post(net.url("/x"))).json() == {"ok": True}
        assert net.requests_to("/x")[0].json() == {"a": 1}


async def test_delay_times_out_and_truncated_body_breaks_the_read() -> None:
    async with NetServer() as net, httpx.AsyncClient() as client:
        net.fixture("GET", "/page", REAL / "account_statuses_page_limit5.json")
        net.fault("GET", "/page", Fault.delay(2.0), Fault.truncated())
        with pytest.raises(httpx.TimeoutException):
            await client.get(net.url("/page"), timeout=0.1)
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(net.url("/page"))


async def test_sse_drops_then_holds_open_and_records_connects() -> None:
    frames = sse_frames((REAL / "streaming_public_sse_events.txt").read_text())
    assert [f.splitlines()[0] for f in frames] == ["event: update", "event: delete",
                                                   "event: status.update"]
    async with NetServer() as net, httpx.AsyncClient() as client:
        connects = net.sse("/s", [frames[:1], frames[1:]])
        with pytest.raises(httpx.RemoteProtocolError):
            async with client.stream("GET", net.url("/s"), params={"tag": "a"}) as r:
                async for _ in r.aiter_bytes():
                    pass
        got = b""
        async with client.stream("GET", net.url("/s"), params={"tag": "b"}) as r:
            async for chunk in r.aiter_bytes():
                got += chunk
                if got.count(b"\n\n") == 2:
                    break
        assert got.startswith(b"event: delete")
        assert [c["tag"] for c in connects] == [["a"], ["b"]]


async def test_websocket_replays_jsonl_drops_and_records_query() -> None:
    async with NetServer() as net, aiohttp.ClientSession() as session:
        connects = net.websocket("/subscribe", JETSTREAM, drop_after=[3])
        got: list[str] = []
        async with session.ws_connect(net.ws_base + "/subscribe?cursor=1") as ws:
            async for msg in ws:
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                got.append(msg.data)
        assert len(got) == 3 and "time_us" in json.loads(got[0])
        async with session.ws_connect(net.ws_base + "/subscribe?cursor=2") as ws:
            first = await ws.receive()
            assert first.data == got[0]
        assert connects == [{"cursor": "1"}, {"cursor": "2"}]
