"""Inbound requests as an attacker (and a slow network) would send them, through the running
HTTP servers (issue 20): Slack requests signed with slack_sdk's ``SignatureVerifier`` into the
real bolt app of a real socialops (World), Discord interactions signed with PyNaCl into
``HttpInteractions`` served by aiohttp on a loopback port.

- a Discord body that arrives in 1 KB pieces 5 ms apart over real TCP is verified whole;
- an exact replay of a signed request acts once, in the same process or another one sharing
  the store; a Discord timestamp outside the window is refused;
- authentic-but-malformed requests answer 400 and unauthenticated ones 401 before any parsing
  (never a 500);
- a forged request's body never reaches the logs.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
import pytest
from aiohttp import web
from nacl.signing import SigningKey
from slack_sdk.signature import SignatureVerifier

from bot.app.compose import open_app
from bot.core.config import DiscordWorkspaceConfig, SlackWorkspaceConfig, load_config
from integrations.discord.http_interactions import HttpInteractions
from integrations.slack.app import build_slack_app
from tests.chaos.test_forged_refused_ssrf import claim_body
from tests.conftest import FakeClock
from tests.e2e.world import ALICE, SECRET, SUPPORT, World, running_world
from tests.support.netserver import on_loopback

# requests in process; a slow body is slow at any load
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

KEY = SigningKey.generate()
MARKER = "FORGED-BODY-MARKER-7f3a"


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock) as w:
        yield w


# -- Slack ------------------------------------------------------------------------------------


def slack_signed(body: str, *, ts: str | None = None, secret: str = SECRET,
                 content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    stamp = ts or str(int(time.time()))
    sig = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body) or ""
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": sig,
            "Content-Type": content_type}


async def send(url: str, body: str | bytes, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession() as session, session.post(
            url, data=body.encode() if isinstance(body, str) else body,
            headers=headers) as resp:
        return resp.status


async def claimer(world: World, ticket_id: str) -> str | None:
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None
    return ticket.claimer


async def wait_claimer(world: World, ticket_id: str, want: str | None) -> None:
    for _ in range(500):
        if await claimer(world, ticket_id) == want:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{ticket_id} never claimed by {want}")


async def test_an_exact_replay_of_a_signed_slack_request_acts_once(world: World) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1)
    ts = str(world.posts(SUPPORT)[0]["ts"])
    body = claim_body(ALICE, "T-1", ts)
    headers = slack_signed(body)
    assert await send(world.url + "/slack/events", body, headers) == 200
    await wait_claimer(world, "T-1", "alice")
    assert await world.slash(ALICE, SUPPORT, "unclaim T-1") == 200
    await wait_claimer(world, "T-1", None)
    # the same bytes and headers again, well inside Slack's 5-minute window
    assert await send(world.url + "/slack/events", body, headers) == 401
    await world.a.outbox.drain()
    assert await claimer(world, "T-1") is None
    # Slack's own retry of a delivery it already made is acknowledged and does nothing
    retry = {**headers, "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert await send(world.url + "/slack/events", body, retry) == 200
    assert await claimer(world, "T-1") is None


async def test_a_replay_sent_to_another_process_is_refused(world: World) -> None:
    """Two bot processes over one store: the replay cache is the store's, not a process's."""
    async with open_app(load_config(world.tmp / "socialops.yaml"), clock=world.clock,
                        env={}, owner="e2e-other") as other:
        wc = other.config.workspace("slack")
        assert isinstance(wc, SlackWorkspaceConfig)
        bot = build_slack_app(wc, handler=other.dispatcher, identity=lambda ws, u: "alice",
                              mark_seen=other.store.mark_seen)
        async with on_loopback({"/slack/events": bot.handle_http}) as other_url:
            await world.mention("@acme my order is broken again, terrible", n=1)
            ts = str(world.posts(SUPPORT)[0]["ts"])
            body = claim_body(ALICE, "T-1", ts)
            headers = slack_signed(body)
            assert await send(world.url + "/slack/events", body, headers) == 200
            assert await send(other_url + "/slack/events", body, headers) == 401


def nested(depth: int) -> str:
    return '{"a":' + "[" * depth + "]" * depth + "}"


MALFORMED: dict[str, tuple[str, int]] = {
    # name: (what is sent, the status it must get)
    "non-numeric timestamp, signed": ("bad-ts", 401),
    "signed payload= that is not JSON": ("payload=%7Bnot-json", 400),
    "signed payload= that is a JSON list": ("payload=%5B1%2C2%5D", 400),
    "form body sent as JSON, signed": ("form-as-json", 400),
    "unsigned 480 KB nested payload": ("nested-unsigned", 401),
    "signed 480 KB nested payload": ("nested-signed", 400),
    "unsigned body that is not UTF-8": ("latin1", 401),
}


@pytest.mark.parametrize("case", MALFORMED)
async def test_malformed_or_unsigned_slack_requests_never_answer_500(
        world: World, case: str) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1)
    ts = str(world.posts(SUPPORT)[0]["ts"])
    what, want = MALFORMED[case]
    url = world.url + "/slack/events"
    body: str | bytes
    if what == "bad-ts":
        body = claim_body(ALICE, "T-1", ts)
        headers = slack_signed(body, ts="12e3")
    elif what == "form-as-json":
        body = claim_body(ALICE, "T-1", ts)
        headers = slack_signed(body, content_type="application/json")
    elif what.startswith("nested"):
        body = nested(240_000)
        assert 470_000 < len(body) < 490_000
        headers = (slack_signed(body, content_type="application/json")
                   if what == "nested-signed" else {"Content-Type": "application/json"})
    elif what == "latin1":
        body = "payload=caf\xe9".encode("latin-1")
        headers = {"Content-Type": "application/x-www-form-urlencoded",
                   "X-Slack-Request-Timestamp": str(int(time.time())),
                   "X-Slack-Signature": "v0=" + "0" * 64}
    else:
        body = what
        headers = slack_signed(body)
    assert await send(url, body, headers) == want
    await world.a.outbox.drain()
    assert await claimer(world, "T-1") is None


async def test_forged_requests_leave_no_body_in_the_logs(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    body = urlencode({"payload": json.dumps({"type": "block_actions", "note": MARKER})})
    forged = {**slack_signed(body, secret="not-the-secret")}
    stale = slack_signed(body, ts=str(int(time.time()) - 3_600))
    for headers in (forged, stale, {"Content-Type": "application/x-www-form-urlencoded"}):
        assert await send(world.url + "/slack/events", body, headers) == 401
    assert MARKER not in caplog.text
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert len(refusals) == 3
    assert all("/slack/events" in m and f"({len(body)} bytes)" in m for m in refusals)


# -- Discord ----------------------------------------------------------------------------------


class Served:
    def __init__(self, http: HttpInteractions, runner: web.AppRunner, port: int) -> None:
        self.http, self.runner, self.port = http, runner, port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/discord/interactions"


async def serve_discord(world: World, clock: FakeClock) -> Served:
    cfg = DiscordWorkspaceConfig(type="discord", name="discord", token="t",
                                 public_key=KEY.verify_key.encode().hex(), application_id="1",
                                 api_url="http://127.0.0.1:9/api/v10")
    http = HttpInteractions(cfg, handler=world.a.dispatcher, identity=lambda ws, u: None,
                            mark_seen=world.a.store.mark_seen, clock=clock)
    app = web.Application()
    app.router.add_post("/discord/interactions", http.handle_http)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return Served(http, runner, site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]


@pytest.fixture
async def discord(world: World, clock: FakeClock) -> AsyncIterator[Served]:
    served = await serve_discord(world, clock)
    yield served
    await served.runner.cleanup()
    await served.http.close()


def discord_signed(body: bytes, clock: FakeClock, *, age: float = 0.0,
                   stamp: str | None = None) -> dict[str, str]:
    ts = stamp or str(int(clock().timestamp() - age))
    return {"X-Signature-Ed25519": KEY.sign(ts.encode() + body).signature.hex(),
            "X-Signature-Timestamp": ts, "Content-Type": "application/json"}


def ping(size: int, n: int) -> bytes:
    """A PING padded to ``size`` bytes (unknown fields are allowed in interactions)."""
    head = {"type": 1, "id": str(n), "application_id": "1", "token": f"t{n}", "pad": ""}
    pad = size - len(json.dumps(head).encode())
    return json.dumps({**head, "pad": "x" * pad}).encode()


async def raw_post(port: int, path: str, headers: dict[str, str], body: bytes, *,
                   piece: int, gap: float, chunked: bool = False) -> tuple[int, bytes]:
    """A POST written by hand over TCP: headers, then the body ``piece`` bytes at a time with
    ``gap`` seconds between pieces, the way a slow network delivers it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {len(body)}"
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}{framing}\r\n"
                 "Connection: close\r\n\r\n".encode())
    await writer.drain()
    for start in range(0, len(body), piece):
        part = body[start:start + piece]
        writer.write(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
        await writer.drain()
        await asyncio.sleep(gap)  # the network, not a wait for our own work
    if chunked:
        writer.write(b"0\r\n\r\n")
        await writer.drain()
    raw = await reader.read()
    writer.close()
    status_line, _, rest = raw.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.mark.parametrize(("size", "piece", "chunked"), [
    (8 * 1024, 1024, False), (8 * 1024, 1024, True), (900 * 1024, 16 * 1024, False)])
async def test_a_discord_body_arriving_in_pieces_is_verified_whole(
        discord: Served, clock: FakeClock, size: int, piece: int, chunked: bool) -> None:
    accepted = 0
    rounds = 10 if size < 100_000 else 2
    for n in range(rounds):
        body = ping(size, n)
        status, answer = await raw_post(discord.port, "/discord/interactions",
                                        discord_signed(body, clock), body, piece=piece,
                                        gap=0.005, chunked=chunked)
        accepted += status == 200 and json.loads(answer) == {"type": 1}
    assert accepted == rounds


async def test_discord_replays_and_stale_timestamps_are_refused(
        world: World, discord: Served, clock: FakeClock) -> None:
    body = ping(200, 1)
    headers = discord_signed(body, clock)
    assert await send(discord.url, body, headers) == 200
    assert await send(discord.url, body, headers) == 401  # replay, seconds later
    sig = headers["X-Signature-Ed25519"]
    respelled = {**headers, "X-Signature-Ed25519": " ".join(
        sig[i:i + 2] for i in range(0, len(sig), 2)).upper()}
    assert await send(discord.url, body, respelled) == 401  # the same bytes, spelt differently
    clock.advance(hours=2)
    assert await send(discord.url, body, headers) == 401  # replay, hours later
    old = ping(200, 2)
    assert await send(discord.url, old, discord_signed(old, clock, age=11 * 60)) == 401
    odd = ping(200, 3)
    assert await send(discord.url, odd, discord_signed(odd, clock, stamp="soon")) == 401
    fresh = ping(200, 4)
    assert await send(discord.url, fresh, discord_signed(fresh, clock)) == 200
    # another process of the same deployment shares the memory of seen signatures
    second = await serve_discord(world, clock)
    try:
        assert await send(second.url, fresh, discord_signed(fresh, clock)) == 401
    finally:
        await second.runner.cleanup()
        await second.http.close()


@pytest.mark.parametrize("body", [nested(240_000).encode(), b"[1, 2]", b'{"type": "ping"}',
                                  b"\xff\xfe",
                                  b'{"type": Infinity}'])  # json.loads reads it; int() raised
async def test_authentic_but_malformed_discord_bodies_are_400(
        discord: Served, clock: FakeClock, body: bytes) -> None:
    assert await send(discord.url, body, discord_signed(body, clock)) == 400


async def test_an_unsigned_huge_nested_discord_body_is_401(discord: Served) -> None:
    body = nested(240_000).encode()
    assert await send(discord.url, body, {"Content-Type": "application/json"}) == 401


async def test_refused_discord_requests_leave_no_body_in_the_logs(
        discord: Served, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    """As for Slack: forged, stale, replayed, unsigned and authentic-but-malformed Discord
    interactions are logged with the path, the size and the reason, never the body."""
    caplog.set_level(logging.DEBUG)
    marked = json.dumps({"type": 1, "id": "9", "application_id": "1", "token": "t9",
                         "note": MARKER}).encode()
    genuine = discord_signed(marked, clock)
    assert await send(discord.url, marked, genuine) == 200
    other_key = SigningKey.generate()
    ts = str(int(clock().timestamp()))
    forged = {**genuine, "X-Signature-Timestamp": ts,
              "X-Signature-Ed25519": other_key.sign(ts.encode() + marked).signature.hex()}
    malformed = json.dumps([MARKER, {"type": 1}]).encode()
    sent = [(marked, forged, 401), (marked, discord_signed(marked, clock, age=11 * 60), 401),
            (marked, genuine, 401),  # the replay
            (marked, {"Content-Type": "application/json"}, 401),
            (malformed, discord_signed(malformed, clock), 400)]
    for body, headers, want in sent:
        assert await send(discord.url, body, headers) == want
    assert MARKER not in caplog.text
    refusals = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused")]
    assert [m.split(": ", 1)[1] for m in refusals] == [
        f"invalid request signature ({len(marked)} bytes)",
        f"stale timestamp ({len(marked)} bytes)",
        f"replayed signature ({len(marked)} bytes)",
        f"invalid request signature ({len(marked)} bytes)",
        f"malformed interaction: not an interaction ({len(malformed)} bytes)"]
    assert all(m.startswith("refused POST /discord/interactions: ") for m in refusals)
