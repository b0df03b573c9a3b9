"""A Mastodon status id is its server's own: the same post has another id on every server that
has it (docs/networks.md, "Limits the API imposes"). A reply drafted from an account on
another server than the one whose source read the post (``socialops draft --account b
--reply-to mastodon:…`` of a post ``a`` read) went out with ``in_reply_to_id`` set to server
a's id: server b answered another post of that id, or 404. A post whose address is not known
(as here: its trace has none) is refused when it is written, in one line naming the account
to draft it from (with one, server b resolves it when the reply publishes:
test_review_masto_reply_resolved.py); an account on the same server
(another of the team's there) replies as before. The approvals handler on a real SQLite
store, its publishers talking to two local Mastodon servers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from bot.core.config import ApprovalsConfig, PersonConfig
from bot.core.models import Author, Mention
from bot.core.ports import Store
from bot.engine.effects import Applier, Effects
from bot.engine.pipeline import trace
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.identity import Directory
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from tests.conftest import FakeClock
from tests.support.fake_mastodon import FakeMastodon
from tests.support.netserver import NetServer

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def servers() -> AsyncIterator[tuple[NetServer, NetServer]]:
    async with NetServer() as a, NetServer() as b:
        FakeMastodon(a)
        FakeMastodon(b)
        yield a, b


async def service(store: Store, clock: FakeClock, client: httpx.AsyncClient,
                  a: NetServer, b: NetServer) -> ApprovalService:
    def account(name: str, net: NetServer) -> Any:
        return MastodonPublisher(MastodonSourceConfig(
            id=name, type="mastodon", base_url=net.base, token="tok"), client=client,
            clock=clock)

    fx = Effects()  # the post, as source masto-a read it from server a
    fx.traces.append((trace(Mention(
        id="mastodon:42", network="mastodon", source="masto-a", text="my parcel never came",
        author=Author(id="9", handle="kasia@other.example"), created_at=AT), AT, "unrouted"),
        3600))
    assert await store.apply(fx)
    return ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice")]), config=ApprovalsConfig(),
        channels={}, zones={}, publishers={
            "masto-a": account("masto-a", a), "masto-a2": account("masto-a2", a),
            "masto-b": account("masto-b", b)})


async def test_a_reply_from_an_account_on_another_server_is_refused(
        store: Store, clock: FakeClock, servers: tuple[NetServer, NetServer]) -> None:
    a, b = servers
    async with httpx.AsyncClient() as client:
        approvals = await service(store, clock, client, a, b)
        draft, reply = await approvals.draft(
            text="@kasia@other.example sorry", network="mastodon", account="masto-b",
            author="alice", reply_to="mastodon:42")
        assert draft is None and not reply.ok
        host = lambda net: net.base.split("://", 1)[1]  # noqa: E731
        assert reply.text == (
            f"mastodon:42 was read by masto-a on {host(a)}, and masto-b posts on {host(b)}: a "
            "Mastodon status id is its server's own, so the reply would answer another post "
            "there, or none; draft it from masto-a, or from another account on "
            f"{host(a)} (nothing was drafted)")
        assert "\n" not in reply.text
        assert await store.list_approvals() == []


@pytest.mark.parametrize("account", ["masto-a", "masto-a2"])
async def test_a_reply_from_an_account_on_the_same_server_is_drafted(
        store: Store, clock: FakeClock, servers: tuple[NetServer, NetServer],
        account: str) -> None:
    async with httpx.AsyncClient() as client:
        approvals = await service(store, clock, client, *servers)
        draft, reply = await approvals.draft(
            text="@kasia@other.example sorry", network="mastodon", account=account,
            author="alice", reply_to="mastodon:42")
        assert draft is not None, reply.text
