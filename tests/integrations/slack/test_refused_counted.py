"""Requests refused before they are trusted (unsigned, a bad signature, a stale timestamp, a
replay, a body too large or compressed, another workspace) are counted by reason, and the
counts reach ``/metrics`` as ``socialops_chat_refused_total{workspace, reason}``. They were
refused and logged, but counted nowhere an operator looks. Requests go over a real socket into
the bot's own HTTP server."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

import pytest
from nacl.signing import SigningKey

from tests.integrations.slack.served import Served, fixture, whole_app
from tests.support.fake_slack import FakeSlack

MARK = "ZZ-attacker-text"


def click(fake: FakeSlack) -> dict[str, Any]:
    body = fixture("interaction_block_actions.json")
    body["response_url"] = fake.response_url("act")
    body["actions"][0].update(action_id="socialops:claim", value=f"T-1 {MARK}")
    return body


@pytest.mark.parametrize(("tamper", "kind"), [
    ("forged", "bad_signature"), ("wrong_secret", "bad_signature"),
    ("stale", "stale_timestamp"), ("ahead", "stale_timestamp"), ("missing", "unsigned"),
    ("letters", "bad_timestamp"), ("latin1", "not_utf8"), ("replayed", "replayed"),
    # a forgery is a forgery whatever its timestamp: counted as a clock's drift, someone
    # trying the endpoint with old timestamps would hide in stale_timestamp
    ("forged_stale", "bad_signature"), ("wrong_secret_ahead", "bad_signature"),
])
async def test_each_refusal_is_counted_by_its_reason(
        served: Served, fake_slack: FakeSlack, tamper: str, kind: str) -> None:
    payload = json.dumps(click(fake_slack))
    kw: dict[str, Any] = {}
    if tamper == "forged":
        kw["signature"] = "v0=" + "0" * 64
    elif tamper == "wrong_secret":
        kw["secret"] = "not-the-secret"
    elif tamper == "stale":
        kw["timestamp"] = int(time.time()) - 6 * 60
    elif tamper == "ahead":
        kw["timestamp"] = int(time.time()) + 6 * 60
    elif tamper == "forged_stale":
        kw["signature"] = "v0=" + "0" * 64
        kw["timestamp"] = int(time.time()) - 6 * 60
    elif tamper == "wrong_secret_ahead":
        kw["secret"] = "not-the-secret"
        kw["timestamp"] = int(time.time()) + 6 * 60
    elif tamper == "missing":
        kw["unsigned"] = True
    elif tamper == "letters":
        kw["extra"] = {"X-Slack-Request-Timestamp": "12ab"}
    if tamper == "latin1":  # bytes no Slack request has; Served would encode UTF-8
        async with served.session.post(served.url + "/slack/events",
                                       data=f"payload={MARK}\xe9".encode("latin-1"), headers={
                                           "X-Slack-Request-Timestamp": str(int(time.time())),
                                           "X-Slack-Signature": "v0=" + "1" * 64}) as resp:
            assert resp.status == 401
        assert served.bot.refused.counts() == {kind: 1}
        return
    if tamper == "replayed":  # the same body signed at the same second: the same signature
        stamp = int(time.time())
        assert (await served.interactive(click(fake_slack), timestamp=stamp))[0] == 200
        status, _ = await served.interactive(click(fake_slack), timestamp=stamp)
        assert status == 401
        assert served.bot.refused.counts() == {kind: 1}
        return
    status, _ = await served.interactive(json.loads(payload), **kw)
    assert status == 401
    assert served.bot.refused.counts() == {kind: 1}
    assert served.handler.seen == []


@pytest.mark.parametrize(("headers", "kind", "status"), [
    ({"Content-Length": str(2 * 1024 * 1024)}, "too_large", 413),
    ({"Content-Encoding": "gzip"}, "compressed", 415),
])
async def test_a_body_refused_before_it_is_read_is_counted(
        served: Served, headers: dict[str, str], kind: str, status: int) -> None:
    body = b"x" * 64 if "Content-Encoding" in headers else b"x" * (2 * 1024 * 1024)
    async with served.session.post(served.url + "/slack/events", data=body,
                                   headers={k: v for k, v in headers.items()
                                            if k != "Content-Length"}) as resp:
        assert resp.status == status
    assert served.bot.refused.counts() == {kind: 1}


async def test_refusals_show_in_metrics_by_workspace_and_reason_and_no_sent_text_is_logged(
        tmp_path: Path, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    key = SigningKey.generate()
    async with whole_app(tmp_path, fake_slack, discord_key=key.verify_key.encode().hex()) \
            as served:
        http = served.session
        for _ in range(2):
            status, _ = await served.interactive(click(fake_slack), signature=f"v0={MARK}")
            assert status == 401
        status, _ = await served.interactive(click(fake_slack),
                                             timestamp=int(time.time()) - 3600)
        assert status == 401
        foreign = click(fake_slack)
        foreign["team"] = {"id": f"T{MARK}"}
        foreign["user"]["team_id"] = f"T{MARK}"
        status, _ = await served.interactive(foreign)
        assert status == 200
        async with http.post("/discord/dc/interactions", data=b'{"type": 1}', headers={
                "X-Signature-Ed25519": "00" * 64,
                "X-Signature-Timestamp": str(int(time.time()))}) as resp:
            assert resp.status == 401
        async with http.get("/metrics") as resp:
            text = await resp.text()
    assert ('socialops_chat_refused_total{reason="bad_signature",workspace="acme"} 2.0'
            in text)
    assert ('socialops_chat_refused_total{reason="stale_timestamp",workspace="acme"} 1.0'
            in text)
    assert ('socialops_chat_refused_total{reason="another_workspace",workspace="acme"} 1.0'
            in text)
    assert 'socialops_chat_refused_total{reason="bad_signature",workspace="dc"} 1.0' in text
    # what the sender wrote is never in our lines: only the team id, cut and quoted
    # (slack_sdk's own DEBUG lines show the parameters of bolt's auth.test call)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith(("bot", "integrations"))]
    assert len([line for line in lines if line.startswith("refused POST")]) == 4
    assert not [line for line in lines if MARK in line and "team_id='T" not in line]
