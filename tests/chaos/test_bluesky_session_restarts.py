"""A bot in a crash loop, then two processes, on one Bluesky account: real ``socialops run``
processes (the installed command, a config as ``socialops init`` writes it with the Bluesky
source put in), each SIGKILLed once it has polled, sharing one real redis-server, against the
local PDS (tests/support/fake_atproto.py, which rate-limits ``createSession`` to 30 a handle
in 5 minutes as the reference PDS does). Each start logged in again (its publisher too, when
it published): six sessions here, and a locked-out account after thirty starts. The session
made by the first start is kept in the store and taken by every later one.

Untimed: every kill follows a line the process printed, and the two processes at the end start
after the session is kept and poll in turn (one source lease), whichever is first."""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.app.cli_support import SOCIALOPS, clean_env, socialops
from tests.support.fake_atproto import FakeAppView, FakePds, iso
from tests.support.netserver import NetServer
from tests.support.processes import die_with_parent, stopped
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.untimed

ACME = "did:plc:acmeacmeacmeacmeacmeacme"
KASIA = "did:plc:kasiakasiakasiakasiakasi"
PASSWORD = "abcd-efgh-ijkl-mnop"
CREATE = "/xrpc/com.atproto.server.createSession"


async def polled(proc: asyncio.subprocess.Process) -> str:
    """Its stderr up to the first poll's line (or its end)."""
    assert proc.stderr is not None
    lines: list[str] = []
    while line := (await asyncio.wait_for(proc.stderr.readline(), 120)).decode():
        lines.append(line)
        if "polled bsky" in line or "Traceback" in line or "error:" in line:
            break
    return "".join(lines)


async def test_a_crash_loop_and_a_second_process_log_in_once(
        tmp_path: Path, redis_server: RedisServer) -> None:
    redis_server.flushall()
    assert socialops("init", "--yes", cwd=tmp_path).returncode == 0
    async with NetServer() as appview_net, NetServer() as pds_net:
        appview = FakeAppView(appview_net)
        pds = FakePds(pds_net, appview)
        pds.add_account(ACME, "acme.test", PASSWORD)
        now = iso(datetime.now(UTC))  # the processes read the machine's clock
        appview.add_post(uri=f"at://{KASIA}/app.bsky.feed.post/3p1", cid="bafy1",
                         author={"did": KASIA, "handle": "kasia.test"},
                         record={"$type": "app.bsky.feed.post", "text": "acme is down",
                                 "createdAt": now}, indexed_at=now)
        config = tmp_path / "socialops.yaml"
        text = config.read_text()
        begin, end = text.index("sources:"), text.index("workspaces:")
        config.write_text(
            text[:begin] + "sources:\n  - id: bsky\n    type: bluesky\n"
            f"    pds_url: {pds_net.base}\n    base_url: {appview_net.base}\n"
            "    handle: acme.test\n    app_password: ${BLUESKY_APP_PASSWORD}\n"
            "    queries: [acme]\n    interval: 1s\n" + text[end:]
            .replace("backend: sqlite", f"backend: redis\n  redis_url: {redis_server.url}\n"
                     # a killed process's poll lease is taken over after this long
                     "  lease_seconds: 1"))
        env = clean_env(BLUESKY_APP_PASSWORD=PASSWORD)

        started: list[asyncio.subprocess.Process] = []

        async def start() -> asyncio.subprocess.Process:
            proc = await asyncio.create_subprocess_exec(
                *die_with_parent([SOCIALOPS, "run", "--no-stdin"], "KILL"), cwd=tmp_path,
                env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
            started.append(proc)
            return proc

        try:
            for _ in range(4):  # killed once it has polled, as a crash loop does
                proc = await start()
                said = await polled(proc)
                assert "polled bsky" in said, said[-3000:]
                proc.send_signal(signal.SIGKILL)
                await proc.wait()
            # two at once: one polls (it holds the source's lease); stopped, the other takes
            # the lease over and polls with the same session
            pair = {asyncio.ensure_future(polled(p)): p for p in (await start(), await start())}
            done, waiting = await asyncio.wait(pair, return_when=asyncio.FIRST_COMPLETED)
            [first] = done
            assert "polled bsky" in first.result(), first.result()[-3000:]
            assert "Traceback" not in (await stopped(pair[first])).decode()
            [second] = waiting
            said = await second
            assert "polled bsky" in said, said[-3000:]
            assert "Traceback" not in (await stopped(pair[second])).decode()
        finally:
            # a test that failed or timed out leaves no bot behind (one would go on polling,
            # and write to whichever redis-server takes this one's port next)
            for proc in started:
                if proc.returncode is None:
                    proc.kill()
                    await proc.wait()
            await pds.close()
    assert len(pds_net.requests_to(CREATE)) == 1

