"""A failed publish is recorded with its secrets hidden: the error the network's server (or a
proxy) answers may echo the token it was sent or name a URL holding one, and the approval
keeps it (its cards, the approve answer, ``why``). The approvals handler, the real Mastodon
publisher against a local Mastodon-API server, and a real store (a SQLite file, a real
redis-server)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.core.ports import Store
from bot.core.redact import Redaction
from handlers.approvals import ApprovalService
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from tests.conftest import FakeClock
from tests.handlers.test_publish_same_text_again import approved, drafted, service
from tests.support.netserver import Fault, NetServer

TOKEN = "MASTOPUBLISHTOKEN"  # the config's: the server echoes it
HOOK = "https://discord.com/api/webhooks/1/HOOKTOKENINBODY"


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        yield server


async def test_a_failed_publish_is_recorded_without_its_secrets(
        store: Store, clock: FakeClock, net: NetServer) -> None:
    cfg = MastodonSourceConfig(id="masto", type="mastodon", base_url=net.base, token=TOKEN,
                               hashtags=("acme",), timeout=2, interval=30)
    net.fault("POST", "/api/v1/statuses", Fault.http(
        422, body={"error": f"Validation failed: token {TOKEN} may not post; see {HOOK}"}))
    async with httpx.AsyncClient() as client:
        process: ApprovalService = service(
            store, clock, MastodonPublisher(cfg, client=client, clock=clock))
        process.redact = Redaction([TOKEN])  # as the composition root gives it the config's
        draft = await drafted(process)
        answer = await approved(process, draft)
    failed = await store.get_approval(draft.id)
    assert failed is not None and failed.status == "failed", failed
    for where, text in (("approval", failed.error or ""), ("answer", answer.text)):
        assert "Validation failed" in text, (where, text)
        for secret in (TOKEN, "HOOKTOKENINBODY"):
            assert secret not in text, (where, secret, text)


async def test_a_secret_an_error_was_cut_through_is_hidden_as_far_as_it_goes(
        store: Store, clock: FakeClock, net: NetServer) -> None:
    """The Mastodon publisher quotes at most 200 characters of the server's error (as other
    clients cut a server's answer at 200 or 300) before the approval redacts it: a token the
    cut ends inside is no longer the config's secret as written, and its start was kept. What
    a cut left of a secret (8 characters or more, ended inside a run of letters and digits) is
    hidden; the rest of the error is kept."""
    token = "Zq7RkM2vXb9LwT4nHs8YcJ1pDf6GaE3uVo5iKx0rNe"  # as Mastodon makes one: 43
    said = "Validation failed: " + "x" * 160 + " sent " + token  # the token from character 185
    cfg = MastodonSourceConfig(id="masto", type="mastodon", base_url=net.base, token=token,
                               hashtags=("acme",), timeout=2, interval=30)
    net.fault("POST", "/api/v1/statuses", Fault.http(422, body={"error": said}))
    async with httpx.AsyncClient() as client:
        process: ApprovalService = service(
            store, clock, MastodonPublisher(cfg, client=client, clock=clock))
        process.redact = Redaction([token])
        draft = await drafted(process)
        answer = await approved(process, draft)
    failed = await store.get_approval(draft.id)
    assert failed is not None and failed.status == "failed", failed
    for where, text in (("approval", failed.error or ""), ("answer", answer.text)):
        assert "Validation failed" in text and " sent [REDACTED]" in text, (where, text)
        assert token[:8] not in text, (where, text)
