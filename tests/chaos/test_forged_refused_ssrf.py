"""Chaos 6, 7 and 8 against the real app (real SQLite store, the bolt app on a loopback port,
the local Slack Web API, Discord's HTTP interactions endpoint):

6. forged, stale and replayed Slack signatures and forged Discord signatures are refused (401)
   and change nothing; the genuine request is accepted;
7. non-approver and self-approval attempts are refused with a message and audited;
8. commands that take a URL never make the bot fetch it (loopback, private, link-local), and a
   catastrophic regex or query cannot hang the bot.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from nacl.signing import SigningKey
from slack_sdk.signature import SignatureVerifier

from bot.core.commands import parse_command
from bot.core.config import DiscordWorkspaceConfig
from integrations.discord.http_interactions import HttpInteractions
from rules import load_rules
from rules.conditions import compile_regex
from tests.chaos.procs import report
from tests.conftest import FakeClock
from tests.e2e.world import ALICE, APPROVALS, BOB, DAVE, REAL, SECRET, SUPPORT, World, running_world

# signed and forged requests in process; stale means 6 min, not a race
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock) as w:
        yield w


def claim_body(user: str, ticket: str, ts: str) -> str:
    body = json.loads((REAL / "interaction_block_actions.json").read_text())
    body["user"]["id"] = user
    body["channel"]["id"] = SUPPORT
    body["container"].update(channel_id=SUPPORT, message_ts=ts, is_ephemeral=False)
    body["actions"][0].update(action_id="socialops:claim", value=ticket)
    return urlencode({"payload": json.dumps(body)})


async def send(world: World, body: str, headers: dict[str, str]) -> int:
    assert world.session is not None
    async with world.session.post(world.url + "/slack/events", data=body.encode(),
                                  headers={"Content-Type": "application/x-www-form-urlencoded",
                                           **headers}) as resp:
        return resp.status


def slack_headers(body: str, *, secret: str = SECRET, ts: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if ts is None else ts)
    sig = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body) or ""
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": sig}


async def test_forged_stale_and_replayed_slack_requests_change_nothing(world: World) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1)
    ts = str(world.posts(SUPPORT)[0]["ts"])
    body = claim_body(ALICE, "T-1", ts)
    genuine = slack_headers(body)
    old = int(time.time()) - 6 * 60
    forged = {
        "wrong secret": slack_headers(body, secret="not-the-secret"),
        "stale (6 min)": slack_headers(body, ts=old),
        "replayed with a new timestamp": {**slack_headers(body, ts=old),
                                          "X-Slack-Request-Timestamp": str(int(time.time()))},
        "tampered body": genuine | {},
        "missing headers": {},
    }
    statuses = {}
    for name, headers in forged.items():
        payload = body.replace("T-1", "T-2") if name == "tampered body" else body
        statuses[name] = await send(world, payload, headers)
    refused = sum(1 for s in statuses.values() if s == 401)
    ticket = await world.a.store.get_ticket("T-1")
    assert ticket is not None and ticket.claimer is None
    assert await send(world, body, genuine) == 200
    for _ in range(300):
        t = await world.a.store.get_ticket("T-1")
        if t is not None and t.claimer == "alice":
            break
        await asyncio.sleep(0.01)
    report("6a (Slack signatures)", {"forged": len(forged), "refused": refused,
                                     "accepted genuine": 1})
    assert statuses == dict.fromkeys(forged, 401)
    assert (await world.a.store.get_ticket("T-1")).claimer == "alice"  # type: ignore[union-attr]


async def test_forged_discord_interactions_are_refused(world: World) -> None:
    key = SigningKey.generate()
    cfg = DiscordWorkspaceConfig(type="discord", name="discord", token="t",
                                 public_key=key.verify_key.encode().hex(), application_id="1",
                                 api_url="http://127.0.0.1:9/api/v10")
    http = HttpInteractions(cfg, handler=world.a.dispatcher, identity=lambda ws, u: None)
    app = web.Application()
    app.router.add_post("/discord/interactions", http.handle_http)
    body = json.dumps({"type": 1, "id": "1", "token": "t"}).encode()
    stamp = str(int(time.time()))

    def sign(data: bytes, k: SigningKey = key, ts: str = stamp) -> dict[str, str]:
        return {"X-Signature-Ed25519": k.sign(ts.encode() + data).signature.hex(),
                "X-Signature-Timestamp": ts, "Content-Type": "application/json"}

    forged = {"other key": (body, sign(body, SigningKey.generate())),
              "tampered body": (b'{"type": 2}', sign(body)),
              "no headers": (body, {"Content-Type": "application/json"}),
              "bad signature hex": (body, {**sign(body), "X-Signature-Ed25519": "zz"})}
    async with TestClient(TestServer(app, host="127.0.0.1", port=0)) as client:
        statuses = {}
        for name, (data, headers) in forged.items():
            resp = await client.post("/discord/interactions", data=data, headers=headers)
            statuses[name] = resp.status
        ok = await client.post("/discord/interactions", data=body, headers=sign(body))
        assert ok.status == 200 and await ok.json() == {"type": 1}
    await http.close()
    report("6b (Discord signatures)", {"forged": len(forged),
                                       "refused": sum(s == 401 for s in statuses.values())})
    assert statuses == dict.fromkeys(forged, 401)


async def test_non_approver_and_self_approval_are_refused_and_audited(world: World) -> None:
    await world.mention("@acme my order is broken again, terrible", n=1)
    reply = await world.a.dispatcher.handle(parse_command("reply T-1 Sorry!").interaction(
        workspace="slack", channel=SUPPORT, user=ALICE))
    assert reply.ok
    attempts = [(BOB, "a non-approver"), (ALICE, "the author herself")]
    refused = 0
    for user, _ in attempts:  # through the dispatcher
        r = await world.a.dispatcher.handle(parse_command("approve A-1").interaction(
            workspace="slack", channel=APPROVALS, user=user))
        refused += not r.ok
        assert r.text  # a message saying why
    await world.a.outbox.drain()
    card_ts = str(next(m for m in world.posts(APPROVALS) if "A-1" in str(m))["ts"])
    await world.click(BOB, "approve", "A-1", channel=APPROVALS, message_ts=card_ts)  # via Slack
    await world.until(lambda: any("not" in t.lower() for t in world.said_to(BOB)),
                      "the refusal in Slack")
    audit = [e for e in await world.a.store.audit_since(None) if e.action == "refused.approve"]
    approval = await world.a.store.get_approval("A-1")
    report("7 (approval refusals)", {"attempts": 3, "refused": refused + 1,
                                     "audited": len(audit)})
    assert refused == 2 and len(audit) == 3
    assert sorted(e.actor for e in audit) == ["alice", "bob", "bob"]
    assert approval is not None and approval.status == "pending" and world.statuses == []
    assert approval is not None
    ok = await world.a.dispatcher.handle(parse_command(
        f"approve A-1 {approval.content_hash[:16]}").interaction(
        workspace="slack", channel=APPROVALS, user=DAVE))
    assert ok.ok and len(world.statuses) == 1


class Counting(BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:
        Counting.hits += 1
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: Any) -> None:
        return


async def test_commands_with_urls_never_fetch_them(world: World) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    urls = [f"http://127.0.0.1:{port}/admin", f"http://localhost:{port}/x",
            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
            f"http://[::1]:{port}/"]
    answers = []
    try:
        for url in urls:
            for line in (f"explain {url}", f"subscribe {url}",
                         f"draft mastodon masto look at {url}"):
                try:
                    interaction = parse_command(line).interaction(
                        workspace="slack", channel=SUPPORT, user=ALICE)
                except ValueError as exc:
                    answers.append(str(exc))
                    continue
                r = await asyncio.wait_for(world.a.dispatcher.handle(interaction), timeout=10)
                answers.append(r.text)
        await world.a.outbox.drain()
    finally:
        server.shutdown()
    report("8a (URLs in commands)", {"commands": len(urls) * 3, "fetched": Counting.hits})
    assert Counting.hits == 0
    assert all(a for a in answers)


async def test_catastrophic_patterns_cannot_hang_the_bot(world: World, tmp_path: Path) -> None:
    evil = "(a+)+$"
    text = "a" * 50_000 + "!"
    # a rules-file regex runs on RE2 (linear time): bounded by a thread with a timeout
    regex = compile_regex(evil)
    found = await asyncio.wait_for(asyncio.to_thread(regex.search, text), timeout=10)
    assert found is None
    rules = tmp_path / "evil-rules.yaml"
    rules.write_text("routes:\n  - name: evil\n    match: {regex: '(a|aa)+$'}\n"
                     "    channel: support\n")
    ruleset = load_rules(rules, channels=world.a.config.channels, escalations=set())
    route_regex = ruleset.rules.routes[0].match.regex
    assert route_regex is not None
    compiled = compile_regex(route_regex)
    assert await asyncio.wait_for(asyncio.to_thread(compiled.search, text), timeout=10) is None
    # a chat subscription is a keyword query: a pattern is just words, refused or literal
    r = await asyncio.wait_for(world.a.dispatcher.handle(
        parse_command(f"subscribe {evil}").interaction(workspace="slack", channel=SUPPORT,
                                                       user=ALICE)), timeout=10)
    await asyncio.wait_for(world.mention(text, n=9), timeout=30)
    report("8b (catastrophic patterns)", {"patterns": 3, "hung": 0})
    assert r.text
