"""Bluesky sessions kept in the store (``integrations.social.common.sessions``): a restart, a
second process, and an account's source and publisher take the session made once, instead of
each logging in again against a PDS that allows 30 new sessions a handle in 5 minutes.

On a real store of each backend (a SQLite file, a real redis-server) and the PDS of
tests/support/fake_atproto.py, which rate-limits ``createSession`` and rotates refresh tokens
with a grace period as the reference PDS does. Each "start" or "process" below is a new
``SessionVault`` and new adapters over the same store, as a new process has.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.errors import RateLimited, SourceAuthError, StoreUnavailable
from bot.core.ports import Store
from integrations.social.bluesky.source import BlueskyPublisher, BlueskySource
from integrations.social.common.sessions import PREFIX, Place, SessionVault
from tests.integrations.test_bluesky_services import ACME, NOW, Services
from tests.support.clock import FakeClock
from tests.support.fake_atproto import Account, xrpc_error
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

PASSWORD = "app-pass"  # the account's app password in Services
CREATE = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"


class Pds(Services):
    """The PDS and AppView of the Bluesky service tests, counting sessions made."""

    @property
    def net(self) -> NetServer:
        return self.pds_net

    @property
    def account(self) -> Account:
        return self.pds.accounts[ACME]

    @property
    def logins(self) -> int:
        return len(self.net.requests_to(CREATE))

    @property
    def refreshes(self) -> int:
        return len(self.net.requests_to(REFRESH))


@pytest.fixture
async def pds(clock: FakeClock) -> AsyncIterator[Pds]:
    clock.now = NOW
    async with NetServer() as appview, NetServer() as net:
        p = Pds(appview, net)
        yield p
        await p.pds.close()


class Process:
    """What one process builds for the account: its vault over the shared store, a source and
    a publisher."""

    def __init__(self, pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock,
                 *, keep: bool = True, **config: Any) -> None:
        vault = SessionVault(store) if keep else None
        cfg = pds.config(**config)
        self.source = BlueskySource(cfg, store=store, client=client, clock=clock,
                                    sessions=vault)
        self.publisher = BlueskyPublisher(cfg, client=client, clock=clock, sessions=vault)


async def test_restarts_take_the_kept_session_where_each_logged_in_until_the_pds_refused(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    # Before: every start logged in twice (source and publisher): the 16th start's login is
    # the 31st in 5 minutes, refused for the rest of the window.
    for start in range(15):
        p = Process(pds, store, client, clock, keep=False)
        await p.source.poll()
        await p.publisher.publish(f"hello {start}", reply_to=None, idempotency_key=f"A-{start}")
    assert pds.logins == 30
    with pytest.raises(RateLimited):
        await Process(pds, store, client, clock, keep=False).source.poll()

    # Kept: another account (the first is locked out), sixteen starts, one login. Sixteen
    # starts that each logged in twice would be 32 logins, past the 30 the PDS allows.
    pds.pds.add_account("did:plc:otherotherotherotherothe", "other.test", PASSWORD)
    before = pds.logins
    for start in range(16):
        p = Process(pds, store, client, clock, handle="other.test")
        pds.post(start, NOW, f"acme start {start}")
        assert [m.text for m in await p.source.poll()] == [f"acme start {start}"]
        await p.publisher.publish(f"reply {start}", reply_to=None, idempotency_key=f"B-{start}")
    assert pds.logins - before == 1
    assert pds.refreshes == 0


async def test_a_source_and_its_publisher_needing_a_session_at_once_make_one(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    p = Process(pds, store, client, clock)
    await asyncio.gather(p.source.poll(),
                         p.publisher.publish("hi", reply_to=None, idempotency_key="A-1"))
    assert pds.logins == 1
    assert p.source.api.sessions + p.publisher.api.sessions == 1


async def test_a_session_one_process_refreshed_is_taken_by_the_other_without_refreshing(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    a, b = Process(pds, store, client, clock), Process(pds, store, client, clock)
    await a.source.poll()
    await b.source.poll()
    assert pds.logins == 1 and b.source.api.access == a.source.api.access

    pds.pds.expire_access_tokens()  # two hours later
    await a.source.poll()
    assert pds.refreshes == 1
    await b.source.poll()  # its token is refused: the newer kept one is taken
    assert (pds.logins, pds.refreshes) == (1, 1)
    assert b.source.api.access == a.source.api.access


async def test_both_processes_refreshing_at_once_keep_a_session_that_works(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    a, b = Process(pds, store, client, clock), Process(pds, store, client, clock)
    await a.source.poll()
    await b.source.poll()
    pds.pds.expire_access_tokens()
    await asyncio.gather(a.source.poll(), b.source.poll())
    assert pds.logins == 1  # each refreshed or took the other's; nobody logged in

    pds.pds.end_grace()
    pds.pds.expire_access_tokens()
    c = Process(pds, store, client, clock)
    await c.source.poll()  # the kept session refreshes: its refresh token is the newest
    assert pds.logins == 1


async def test_a_kept_session_the_pds_no_longer_knows_is_replaced_and_nothing_pauses(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    await Process(pds, store, client, clock).source.poll()
    # the PDS forgot every session (its data restored, its signing key changed): the kept
    # access token answers 400 InvalidToken, which a session in use would pause the source for
    pds.pds.access.clear()
    pds.pds.revoke_refresh_tokens()
    pds.post(1, NOW, "acme after the reset")
    p = Process(pds, store, client, clock)
    assert [m.text for m in await p.source.poll()] == ["acme after the reset"]
    assert (pds.logins, pds.refreshes) == (2, 1)
    await Process(pds, store, client, clock).source.poll()  # the new session was kept
    assert pds.logins == 2


async def test_a_changed_password_makes_a_new_session(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    pds.account.app_passwords.add("the-accounts-own-password")
    await Process(pds, store, client, clock, app_password="the-accounts-own-password"
                  ).source.poll()
    # the operator replaced the account's own password with an app password: a session of
    # the old one (every right of the account) must not outlive it
    p = Process(pds, store, client, clock)
    await p.source.poll()
    assert pds.logins == 2
    create = pds.net.requests_to(CREATE)[-1]
    assert PASSWORD in create.body.decode()


async def test_the_store_holds_no_password_and_no_token_usable_without_it(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        tmp_path: Path) -> None:
    source = Process(pds, store, client, clock).source
    await source.poll()
    vault = SessionVault(store)
    place = await vault.place("bluesky", server=pds.net.base, account="acme.test",
                              password=PASSWORD)
    kept = await store.get_cursor(place.key)
    assert place.key.startswith(PREFIX) and kept is not None
    tokens = [source.api.access, source.api.refresh]
    assert all(tokens) and pds.pds.refresh
    for secret in (PASSWORD, *tokens):  # sealed: the store alone opens nothing
        assert str(secret) not in place.key and str(secret) not in kept
        for path in tmp_path.glob("s.db*"):  # the SQLite file and its journal, byte by byte
            assert str(secret).encode() not in path.read_bytes()
    # a process given another password (or none of ours) finds nothing it can open there
    other = await vault.place("bluesky", server=pds.net.base, account="acme.test",
                              password="another-password")
    assert other.key != place.key
    assert await SessionVault(store).load(Place(place.key, other.box), who="test") is None
    assert await SessionVault(store).load(place, who="test") == {
        "accessJwt": tokens[0], "refreshJwt": tokens[1], "did": ACME, "handle": "acme.test"}


class FailingStore:
    """A store whose cursors fail as an unreachable store's do."""

    def __init__(self, store: Store, *, reads: bool, writes: bool) -> None:
        self.store, self.reads, self.writes = store, reads, writes

    async def get_cursor(self, key: str) -> str | None:
        if self.reads:
            raise StoreUnavailable("Redis: connection refused")
        return await self.store.get_cursor(key)

    async def set_cursor(self, key: str, value: str) -> None:
        if self.writes:
            raise StoreUnavailable("Redis: connection refused")
        await self.store.set_cursor(key, value)


async def test_a_store_that_fails_costs_a_login_never_a_poll(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    cfg = pds.config()
    for reads in (True, False):
        vault = SessionVault(FailingStore(store, reads=reads, writes=True))
        source = BlueskySource(cfg, store=Cursors(), client=client, clock=clock, sessions=vault)
        with caplog.at_level(logging.WARNING):
            assert await source.poll() == []
    assert pds.logins == 2
    assert "the kept session could not be read (Redis: connection refused)" in caplog.text
    assert "the session could not be kept (Redis: connection refused)" in caplog.text


async def test_killed_between_a_refresh_and_keeping_it_the_next_start_refreshes_again(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    await Process(pds, store, client, clock).source.poll()
    pds.pds.expire_access_tokens()
    # the refresh is answered, the process dies before the store has the new tokens
    dying = SessionVault(FailingStore(store, reads=False, writes=True))
    source = BlueskySource(pds.config(), store=Cursors(), client=client, clock=clock,
                           sessions=dying)
    await source.poll()
    assert (pds.logins, pds.refreshes) == (1, 1)
    # the kept refresh token was rotated but is in its grace period: the next start refreshes
    # with it and gets the same successor, no login
    await Process(pds, store, client, clock).source.poll()
    assert (pds.logins, pds.refreshes) == (1, 2)
    # after the grace period (two hours down), the stale token is refused: one login
    pds.pds.end_grace()
    pds.pds.expire_access_tokens()
    dying_again = BlueskySource(pds.config(), store=Cursors(), client=client, clock=clock,
                                sessions=dying)
    await dying_again.poll()  # refreshes the kept token (in grace), keeps nothing again
    pds.pds.end_grace()
    pds.pds.expire_access_tokens()
    await Process(pds, store, client, clock).source.poll()
    assert pds.logins == 2


async def test_a_publish_after_a_restart_uses_the_kept_session(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    await Process(pds, store, client, clock).publisher.publish(
        "first", reply_to=None, idempotency_key="A-1")
    p = Process(pds, store, client, clock)
    result = await p.publisher.publish("second", reply_to=None, idempotency_key="A-2")
    assert result.id.startswith(f"bluesky:at://{ACME}/")
    assert pds.logins == 1 and p.publisher.api.did == ACME



# -- refusals ---------------------------------------------------------------------------------


async def test_a_refused_login_is_tried_once_a_poll(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    # a refused createSession costs a point of the PDS's limit too: resolving our own handle
    # (which logs in first) and the search after it each tried again
    pds.account.app_passwords.clear()  # revoked
    source = Process(pds, store, client, clock).source
    with pytest.raises(SourceAuthError, match="createSession: 401"):
        await source.poll()
    assert pds.logins == 1
    for _ in range(29):
        with pytest.raises(SourceAuthError):
            await source.poll()
    with pytest.raises(RateLimited):  # the 31st in 5 minutes
        await source.poll()
    assert pds.logins == 31


async def test_a_session_in_use_the_pds_cannot_verify_is_replaced_at_once(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    for keep in (True, False):
        source = Process(pds, store, client, clock, keep=keep).source
        await source.poll()
        logins = pds.logins
        pds.pds.access.clear()  # its keys changed: 400 InvalidToken, as the reference PDS says
        pds.pds.revoke_refresh_tokens()
        pds.post(10 + keep, NOW, f"acme after the reset {keep}")
        # before, the same refused token was sent at every poll for ever (a 400 read as a
        # request the PDS did not like, retried)
        assert [m.text for m in await source.poll()] == [f"acme after the reset {keep}"]
        assert pds.logins == logins + 1


async def test_an_approved_reply_after_the_pds_changed_its_keys_is_published(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    # it failed for good, telling the approver to make a new app password
    publisher = Process(pds, store, client, clock).publisher
    await publisher.publish("first", reply_to=None, idempotency_key="A-1")
    pds.pds.access.clear()
    pds.pds.revoke_refresh_tokens()
    result = await publisher.publish("second", reply_to=None, idempotency_key="A-2")
    assert result.id.startswith(f"bluesky:at://{ACME}/") and pds.logins == 2


async def test_a_pds_that_refuses_even_a_new_session_pauses_the_source_once_a_poll(
        pds: Pds, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    source = Process(pds, store, client, clock).source
    await source.poll()

    async def refuse_every_token(request: web.Request) -> web.Response:
        return xrpc_error(400, "InvalidToken", "Token could not be verified")

    pds.appview_net.handler("GET", "/xrpc/app.bsky.feed.searchPosts", refuse_every_token)
    pds.net.handler("GET", "/xrpc/app.bsky.feed.searchPosts", refuse_every_token)
    logins = pds.logins
    for _ in range(3):
        with pytest.raises(SourceAuthError, match="400 InvalidToken"):
            await source.poll()  # the supervisor pauses the source and says why
    # each poll renewed its session twice at most (a refresh, and a login when the next
    # refresh finds the session the first made): never a login a call for ever
    assert pds.logins - logins <= 3
