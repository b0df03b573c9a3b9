"""A delivery's error is recorded with its secrets hidden, as a log line is: the error a
server (or a proxy answering for it) sends may quote a webhook's URL, a token in a URL's
query, an Authorization header or the config's own secrets, and the outbox keeps it in the
store (``socialops outbox list``, ``why``) and says it in the ops channel's "failed for good"
card. The outbox, a real store (a SQLite file, a real redis-server) and the Slack client are
the real ones, against the local Slack Web API; the clock is injected."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
import redis

from bot.core.cards import Card, OutboxItem
from bot.core.config import OutboxConfig, SlackWorkspaceConfig
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.core.redact import Redaction
from bot.engine.outbox import Outbox
from integrations.slack.workspace import SlackWorkspace
from tests.conftest import FakeClock
from tests.support.fake_slack import FakeSlack

CONFIGURED = "CONFIGSIGNINGSECRET"  # a value of the config's, in no shape a pattern knows
# each secret once, in what a proxy's error page or an echoing server may say
SECRETS = {
    "DISCORDHOOKTOKEN": "https://discord.com/api/webhooks/1234/DISCORDHOOKTOKEN",
    "SLACKHOOKSECRET": "https://hooks.slack.com/services/T1/B1/SLACKHOOKSECRET",
    "GOVRESPONSESECRET": "https://hooks.slack-gov.com/commands/T1/123/GOVRESPONSESECRET",
    "MASTOQUERYTOKEN": "https://mastodon.example/api/v1/statuses?access_token=MASTOQUERYTOKEN",
    "BEARERECHOED": "Authorization: Bearer BEARERECHOED",
    "DISCORDBOTTOKEN": "authorization: Bot DISCORDBOTTOKEN",
    "REDISPASSWORD": "redis://:REDISPASSWORD@cache:6379/0",
    CONFIGURED: f"signed with {CONFIGURED}",
}
LEAK = "upstream_failed " + "; ".join(SECRETS.values())


def slack_workspace(name: str, slack: FakeSlack) -> SlackWorkspace:
    return SlackWorkspace(SlackWorkspaceConfig(name=name, type="slack", bot_token=slack.token,
                                               signing_secret=CONFIGURED,
                                               api_url=slack.api_url))


def stored_text(store: Store, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Everything the store holds, as written: every row of the SQLite file, or every value
    of every key of the redis-server."""
    if request.node.callspec.params["store"] == "sqlite":
        with sqlite3.connect(tmp_path / "s.db") as db:
            return "\n".join(db.iterdump())
    client = redis.Redis.from_url(request.getfixturevalue("redis_url"), decode_responses=True)
    out = []
    read: dict[str, Callable[[str], object]] = {
        "string": client.get, "hash": client.hgetall, "set": client.smembers,
        "list": lambda k: client.lrange(k, 0, -1), "stream": client.xrange,
        "zset": lambda k: client.zrange(k, 0, -1, withscores=True)}
    for key in client.scan_iter():
        value = read[client.type(key)](key)
        out.append(f"{key} {value}")
    client.close()
    return "\n".join(out)


async def test_a_failed_delivery_is_recorded_and_told_without_its_secrets(
        store: Store, clock: FakeClock, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    async with FakeSlack() as slack, FakeSlack() as ops_slack:
        slack.fail(times=1_000, method="chat.postMessage", error=LEAK)
        outbox = Outbox(store, {"slack": slack_workspace("slack", slack),
                                "ops": slack_workspace("ops", ops_slack)},
                        clock=clock, config=OutboxConfig(give_up_after_minutes=1),
                        ops=ChannelRef(workspace="ops", channel="COPS"),
                        redact=Redaction([CONFIGURED]))
        fx = Effects()
        fx.send(OutboxItem.new(key="A-1@C1", workspace="slack", channel="C1",
                               card=Card(kind="alert", key="A-1", title="alert"), now=clock()))
        assert await store.apply(fx)
        await outbox.drain()
        pending = await store.get_outbox("A-1@C1")
        assert pending is not None and pending.status == "pending"
        clock.advance(minutes=2)  # past give_up_after_minutes: the next failure gives up
        await outbox.drain()
        await outbox.drain()  # the ops card
        dead = await store.get_outbox("A-1@C1")
        assert dead is not None and dead.status == "dead"
        [card] = ops_slack.messages["COPS"]
        told = str(card)
        assert "failed for good" in told and "upstream_failed" in told, told
        for where, text in (("pending", pending.last_error or ""), ("dead", dead.last_error or ""),
                            ("ops card", told),
                            ("store", stored_text(store, request, tmp_path))):
            assert "upstream_failed" in text or where == "store", (where, text)
            for secret in SECRETS:
                assert secret not in text, (where, secret, text)
        # what is kept says where it failed: the host and the path, never the secret
        assert "https://discord.com/api/webhooks/1234/" in (dead.last_error or "")
        assert "redis://:" in (dead.last_error or "") and "@cache:6379/0" in (
            dead.last_error or "")


async def test_an_error_an_earlier_release_stored_raw_is_read_without_its_secrets(
        store: Store, clock: FakeClock) -> None:
    """A release before 2026-12-02 kept the error as it came: read back (``outbox list``,
    ``why``, the ``retry`` answer all read it through the record), what the rules find in it
    is hidden too. The config's own secrets are not known where a record is read: those it
    held stay until the delivery is retried or settled."""
    fx = Effects()
    fx.send(OutboxItem.new(key="A-1@C1", workspace="slack", channel="C1",
                           card=Card(kind="alert", key="A-1", title="alert"), now=clock()))
    assert await store.apply(fx)
    [claimed] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=1)
    await store.retry_later(claimed.key, owner="w", at=clock(), error=LEAK, dead=True)
    [dead] = await store.list_outbox(status="dead")
    found = await store.get_outbox("A-1@C1")
    assert found is not None
    for text in (dead.last_error or "", found.last_error or ""):
        assert "upstream_failed" in text and "webhooks/1234/[REDACTED]" in text, text
        for secret in set(SECRETS) - {CONFIGURED}:
            assert secret not in text, (secret, text)


# Each secret once, in the forms a proxy's page or a server's text escapes a URL to: JSON's
# `\/` (PHP's json_encode, many gateways), a URL's own encoding (a `?next=` or `?url=`
# parameter), HTML's `&amp;` (a page's link); the config's own secret in them too.
ENCODED = {
    "JSONSLACKHOOK": r"https:\/\/hooks.slack.com\/services\/T1\/B1\/JSONSLACKHOOK",
    "JSONDISCORDHOOK": r"https:\/\/discord.com\/api\/webhooks\/1234\/JSONDISCORDHOOK",
    "JSONREDISPW": r"redis:\/\/:JSONREDISPW@cache:6379\/0",
    "URLDISCORDHOOK": "?url=https%3A%2F%2Fdiscord.com%2Fapi%2Fwebhooks%2F1234%2FURLDISCORDHOOK",
    "URLQUERYTOKEN": "?next=%2Fcb%3Fa%3D1%26access_token%3DURLQUERYTOKEN",
    "HTMLQUERYTOKEN": '<a href="/cb?a=1&amp;access_token=HTMLQUERYTOKEN">',
    "JSONTOKENKEY": r'{\"access_token\":\"JSONTOKENKEY\"}',
}
CONFIGURED_URL = "https://hooks.slack.com/triggers/T1/CONFIGUREDTRIGGER/x"  # a config's secret


@pytest.mark.parametrize("form", ["raw", "json"])
async def test_a_secret_in_an_escaped_or_encoded_form_is_hidden_too(
        store: Store, clock: FakeClock, form: str) -> None:
    """A proxy's page (or a server's text quoting another's JSON) writes a URL escaped: its
    rules and the config's secrets are found in those forms too."""
    encoded = [*ENCODED.values(), CONFIGURED_URL.replace("/", r"\/"),
               quote(CONFIGURED_URL, safe="")]
    page = "<html><body>upstream_failed " + " ; ".join(encoded) + "</body></html>"
    async with FakeSlack() as slack:
        if form == "raw":  # a proxy's HTML page
            slack.fail(times=1_000, method="chat.postMessage", status=502, body=page)
        else:  # Slack's JSON error, which the client quotes
            slack.fail(times=1_000, method="chat.postMessage", error=page)
        outbox = Outbox(store, {"slack": slack_workspace("slack", slack)}, clock=clock,
                        config=OutboxConfig(give_up_after_minutes=1),
                        redact=Redaction([CONFIGURED, CONFIGURED_URL]))
        fx = Effects()
        fx.send(OutboxItem.new(key="A-1@C1", workspace="slack", channel="C1",
                               card=Card(kind="alert", key="A-1", title="alert"), now=clock()))
        assert await store.apply(fx)
        await outbox.drain()
    pending = await store.get_outbox("A-1@C1")
    assert pending is not None and pending.status == "pending"
    text = pending.last_error or ""
    assert "upstream_failed" in text or (form == "raw" and "502" in text), text
    for secret in [*ENCODED, "CONFIGUREDTRIGGER"]:
        assert secret not in text, (secret, text)


# What the rules alone find (a token fetched at run time is in no config, and a record an
# earlier release kept is read without the config's secrets): shapes they did not know
MISSED = {
    "XOXEREFRESH": "refresh xoxe-1-XOXEREFRESH",  # Slack's rotating refresh token
    "APIKEYQUERY": "https://api.example/v1/items?apikey=APIKEYQUERY",
    "APIDASHKEY": "https://api.example/v1/items?x=1&api-key=APIDASHKEY",  # Azure's
    "XAPIKEYHEADER": "X-Api-Key: XAPIKEYHEADER",
    "PARENTOKEN": "request failed (token=PARENTOKEN)",
    "COMMATOKEN": "params: a=1,access_token=COMMATOKEN",
}


async def test_a_token_in_a_shape_the_rules_missed_is_hidden(
        store: Store, clock: FakeClock) -> None:
    async with FakeSlack() as slack:
        slack.fail(times=1_000, method="chat.postMessage",
                   error="upstream_failed " + " ; ".join(MISSED.values()))
        outbox = Outbox(store, {"slack": slack_workspace("slack", slack)}, clock=clock,
                        config=OutboxConfig(give_up_after_minutes=1), redact=Redaction())
        fx = Effects()
        fx.send(OutboxItem.new(key="A-1@C1", workspace="slack", channel="C1",
                               card=Card(kind="alert", key="A-1", title="alert"), now=clock()))
        assert await store.apply(fx)
        await outbox.drain()
    pending = await store.get_outbox("A-1@C1")
    assert pending is not None and pending.status == "pending"
    text = pending.last_error or ""
    assert "upstream_failed" in text and "https://api.example/v1/items?" in text, text
    for secret in MISSED:
        assert secret not in text, (secret, text)
