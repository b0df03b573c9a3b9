"""The look before a retry, outliving the publishing claim's lease, in real processes.

A draft for X (no idempotency key) is approved; the process publishing it dies right after
claiming it, before its call (SIGKILL of a process held there). Once its lease has lapsed, a
second process (A) claims it and, the earlier attempt maybe having posted, looks at the
account's timeline first. Its look is slow: the local X answers that page (nothing found) only
once another post reached it. Meanwhile a third process (B), on a clock past A's lease, takes
the draft over, looks (nothing), and posts. A's look then comes back with nothing: before, A
posted right away, its lease checked only before the look: the tweet twice on X, the status
twice on a Mastodon that ignores ``Idempotency-Key``; on Bluesky (the look a ``getRecord``) the
record written twice, rewritten under its readers with a new CID and ``createdAt``. Now the
publisher asks right before it posts whether the claim is still its own (renewing it) and posts
nothing when it is not.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.chaos.test_claim_races import START, say
from tests.chaos.test_timer_races import timers_process
from tests.support.clock import FakeClock
from tests.support.fake_atproto import FakeAppView, FakePds
from tests.support.fake_mastodon import ACCOUNT_ID, FakeMastodon
from tests.support.fake_x import FakeX
from tests.support.netserver import NetServer
from tests.support.redis_server import RedisServer

SOURCES = {
    "x": """{{id: acme, type: x, base_url: "{base}", bearer_token: app, user_token: user,
     user_id: "783214", interval: 3600, timeout: 30}}""",
    "mastodon": """{{id: acme, type: mastodon, base_url: "{base}", token: tok, interval: 3600,
     timeout: 30}}""",
    "bluesky": """{{id: acme, type: bluesky, base_url: "{base}", pds_url: "{pds}",
     handle: acme.test, app_password: app-pw, interval: 3600, timeout: 30}}""",
}
CONFIG = """
sources:
  - {source}
workspaces: [{{name: console, type: console}}]
channels:
  support: {{workspace: console, id: support}}
  approvals: {{workspace: console, id: approvals}}
people:
  - {{id: alice, role: agent}}
  - {{id: dave, role: approver}}
approvals: {{channel: approvals, steps: [{{approvers: ["role:approver"]}}]}}
spikes: {{enabled: false}}
store: {store}
"""
TEXT = "Our winter sale starts now"


@pytest.fixture
def store_yaml(tmp_path: Path, redis_server: RedisServer, request: pytest.FixtureRequest
               ) -> Iterator[str]:
    redis_server.flushall()
    yield (f'{{backend: redis, redis_url: "{redis_server.url}"}}' if request.param == "redis"
           else f'{{backend: sqlite, path: "{tmp_path / "s.db"}"}}')


async def _wait(what: str, done: Callable[[], bool],
                *procs: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300  # a hang's end only
    while not done():
        for p in procs:
            assert p.poll() is None, p.communicate()[1].decode()[-3000:]
        assert time.monotonic() < deadline, what
        await asyncio.sleep(0.01)


@pytest.mark.untimed  # the look held until the other post lands; leases on injected clocks
@pytest.mark.timeout(600)
@pytest.mark.parametrize("store_yaml", ["sqlite", "redis"], indirect=True)
@pytest.mark.parametrize("network", ["x", "mastodon-ignoring-the-key", "mastodon", "bluesky"])
async def test_a_look_that_outlives_the_publish_lease_does_not_post_a_second_time(
        tmp_path: Path, store_yaml: str, network: str) -> None:
    """``mastodon``: a server honouring ``Idempotency-Key`` keeps one status of the two
    posts whatever the look; the others have only the claim to keep the second post out."""
    async with AsyncExitStack() as stack:
        net = await stack.enter_async_context(NetServer())
        pds_base = ""
        looks: list[str] = []
        look_held = asyncio.Event()
        posted = asyncio.Event()
        # the account posted since the first attempt (09:58 with the skew): the look's page
        # is not empty, and read once
        before = START + timedelta(minutes=59)
        if network == "x":
            x = FakeX(net)
            x.add("Unrelated: our stores open at 9", at=before)
            post, look_path = x._post, f"/2/users/{x.user_id}/tweets"
            timeline = x._timeline

            def sent() -> list[str]:
                return [str(t["sent"]) for t in x.tweets][1:]
        elif network == "bluesky":  # the look: getRecord under the key's record key
            pds_net = await stack.enter_async_context(NetServer())
            pds_base = pds_net.base
            pds = FakePds(pds_net, FakeAppView(net))
            stack.push_async_callback(pds.close)
            pds.add_account("did:plc:acme", "acme.test", "app-pw")
            post, timeline = pds._put, pds._get
            look_path = "/xrpc/com.atproto.repo.getRecord"

            def sent() -> list[str]:  # each putRecord rewrites the post (new CID, createdAt)
                return ["write"] * pds.writes
        else:
            m = FakeMastodon(net, idempotency=network == "mastodon", streaming=False)
            m.add_own("Unrelated: our stores open at 9", at=before)
            post, look_path = m._post, f"/api/v1/accounts/{ACCOUNT_ID}/statuses"
            timeline = m._mine

            def sent() -> list[str]:
                return [str(st["content"]) for st in m.statuses][1:]

        async def posting(request: web.Request) -> web.StreamResponse:
            answer = await post(request)
            posted.set()
            return answer

        async def slow_first_look(request: web.Request) -> web.StreamResponse:
            answer = await timeline(request)  # the page as it is now
            looks.append(request.query_string)
            if len(looks) == 1:  # the first look's answer is slow to arrive
                look_held.set()
                await posted.wait()
            return answer

        on = pds_net if network == "bluesky" else net
        on.handler("POST", {"x": "/2/tweets", "bluesky": "/xrpc/com.atproto.repo.putRecord"}
                   .get(network, "/api/v1/statuses"), posting)
        on.handler("GET", look_path, slow_first_look)
        config = tmp_path / "socialops.yaml"
        kind = network.partition("-")[0]
        config.write_text(CONFIG.format(source=SOURCES[kind].format(base=net.base, pds=pds_base),
                                        store=store_yaml))
        record = tmp_path / "record.jsonl"
        async with open_app(load_config(config), out=io.StringIO(), record_path=record,
                            clock=FakeClock(START)) as app:
            answer = await say(app, "alice", f"draft {kind} acme at=1h {TEXT}")
            a = await app.store.get_approval("A-1")
            assert a is not None, answer
            hold = tmp_path / "hold"
            # the first publisher dies right after its claim, before the network
            approved = await say(app, "dave", f"approve A-1 {a.content_hash[:16]}")
            first = timers_process(config, record, START + timedelta(hours=1), f"hold:{hold}")
            await _wait("the first publisher never claimed A-1", hold.with_suffix(".ready").exists,
                        first)
            os.kill(first.pid, signal.SIGKILL)
            await asyncio.to_thread(first.communicate, timeout=60)
            claimed = await app.store.get_approval("A-1")
            assert claimed is not None and claimed.status == "publishing", (approved, claimed)
            lease = app.approvals.config.publish_lease_seconds
            assert claimed.publishing_until is not None
            # A: after the dead one's lease, looks first (slowly)
            a_at = claimed.publishing_until + timedelta(seconds=1)
            proc_a = timers_process(config, record, a_at)
            await _wait("A never looked", look_held.is_set, proc_a)
            # B: past A's lease, takes the draft over, looks, posts
            proc_b = timers_process(config, record, a_at + timedelta(seconds=lease + 1))
            errs = []
            for p in (proc_b, proc_a):
                _, err = await asyncio.to_thread(p.communicate, timeout=120)
                assert p.returncode == 0, err.decode()[-3000:]
                errs.append(err.decode()[-2000:])
            final = await app.store.get_approval("A-1")
        assert final is not None and final.status == "published", final
        assert len(sent()) == 1, (sent(), looks, json.dumps(final.model_dump(mode="json"))[:3000])
        assert sum(h.action == "published" for h in final.history) == 1, final.history
        assert not any(h.action == "posted after its claim ended" for h in final.history)
        if network != "mastodon":  # the key alone kept Mastodon's second post out
            assert "claim ended before it could post" in errs[1], errs
