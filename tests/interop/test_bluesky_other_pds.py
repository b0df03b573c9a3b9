"""An account hosted on another PDS than the configured ``pds_url`` (a self-hosted one, with
``pds_url`` left at its default): the session is refused, and the line says where the account is
hosted and which key to set, found as any AT Protocol client finds it (the handle resolved with
``com.atproto.identity.resolveHandle``, then the DID document from the PLC directory, its
``#atproto_pds`` service: atproto.com/specs/account, "Account hosting").

The account, its handle resolution, its DID document and its PDS are the reference stack's. The
PDS the source is wrongly pointed at is a local server answering as a PDS answers for a handle
it does not host (the reference PDS's createSession: ``401 AuthenticationRequired "Invalid
identifier or password"``, tests/interop/README.md) and resolving handles as bsky.social does,
for any account of the network (here: by asking the stack's PDS).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest
from aiohttp import web

from bot.app.compose import build_publisher, build_source
from bot.app.online import check_online
from bot.app.reach import source_failed
from bot.core.config import StoreConfig, load_config
from bot.core.errors import PublishError, SourceAuthError
from bot.engine.supervisor import Supervisor
from bot.store import open_store
from integrations.social.bluesky import hosting
from integrations.social.bluesky.source import BlueskySource
from tests.interop.test_bluesky_real import wall

if TYPE_CHECKING:
    from tests.interop.conftest import Account, AtprotoStack

REFUSED = {"error": "AuthenticationRequired", "message": "Invalid identifier or password"}


@dataclass
class Server:
    url: str
    asked: list[str]


async def _serve(routes: Callable[[web.Application], None]) -> AsyncIterator[Server]:
    asked: list[str] = []

    @web.middleware
    async def record(request: web.Request, handler: Callable) -> web.StreamResponse:
        asked.append(request.path)
        return await handler(request)

    app = web.Application(middlewares=[record])
    routes(app)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield Server(f"http://127.0.0.1:{port}", asked)
    finally:
        await runner.cleanup()


@pytest.fixture
async def other_pds(atproto: AtprotoStack) -> AsyncIterator[Server]:
    """A PDS that hosts none of the stack's accounts and resolves their handles."""

    async def create_session(_: web.Request) -> web.Response:
        return web.json_response(REFUSED, status=401)

    async def resolve_handle(request: web.Request) -> web.Response:
        async with httpx.AsyncClient() as http:
            r = await http.get(f"{atproto.pds}/xrpc/com.atproto.identity.resolveHandle",
                               params=dict(request.query))
        return web.Response(body=r.content, status=r.status_code,
                            content_type="application/json")

    def routes(app: web.Application) -> None:
        app.router.add_post("/xrpc/com.atproto.server.createSession", create_session)
        app.router.add_get("/xrpc/com.atproto.identity.resolveHandle", resolve_handle)

    async for server in _serve(routes):
        yield server


def _config(tmp: Path, account: Account, *, pds_url: str, plc_url: str,
            app_password: str | None = None) -> tuple[Path, dict[str, str]]:
    path = tmp / "socialops.yaml"
    path.write_text("\n".join([
        "sources:", "  - id: bsky", "    type: bluesky", f"    pds_url: {pds_url}",
        f"    plc_url: {plc_url}", f"    handle: {account.handle}",
        "    app_password: ${BLUESKY_APP_PASSWORD}", "    notifications: true", ""]),
        encoding="utf-8")
    return path, {"BLUESKY_APP_PASSWORD": app_password or account.app_password}


async def _poll(path: Path, env: dict[str, str], client: httpx.AsyncClient) -> list[object]:
    """The source's failed poll as the supervisor reports it (paused, with the line), and as
    ``socialops fetch`` says it (the config line it names, then the line)."""
    loaded = load_config(path, env=env)
    config = loaded.config
    store = await open_store(StoreConfig(backend="sqlite", path=str(path.with_suffix(".db"))),
                             redis_url=None, clock=wall)
    source = build_source(config.source("bsky"), store=store, client=client, clock=wall,
                          peers=config.sources)
    assert isinstance(source, BlueskySource)
    reports: list[object] = []

    async def report(task: str, what: str, why: str) -> None:
        reports.append((what, why))

    async def step() -> float:
        await source.poll()
        return 60.0

    supervisor = Supervisor(stop=asyncio.Event(), clock=wall, report=report)
    try:
        await supervisor.run_once("source:bsky", step)
        with pytest.raises(SourceAuthError) as refused:
            await source.poll()
    finally:
        await store.close()
    said = str(source_failed(loaded, "bsky", refused.value))
    return [*reports, said[said.index("sources[0]."):]]


def _hosted_on(atproto: AtprotoStack) -> str:
    """The PDS the stack's DID documents name (dev-env names it localhost, not 127.0.0.1)."""
    return atproto.pds.replace("127.0.0.1", "localhost")


async def test_an_account_hosted_on_another_pds_is_told_to_set_pds_url(
    atproto: AtprotoStack, other_pds: Server, tmp_path: Path
) -> None:
    account = atproto.account("elsewhere-bot")
    path, env = _config(tmp_path, account, pds_url=other_pds.url, plc_url=atproto.plc)
    endpoint = _hosted_on(atproto)
    line = (f"bluesky bsky: {account.handle} is hosted on {endpoint}, not {other_pds.url}: "
            f"set pds_url: {endpoint}")
    async with httpx.AsyncClient() as client:
        assert await _poll(path, env, client) == [("paused", line),
                                                  f"sources[0].pds_url: {line}"]
        publisher = build_publisher(load_config(path, env=env).config.source("bsky"),
                                    client=client, clock=wall)
        with pytest.raises(PublishError) as failed:
            await publisher.publish("Hello", reply_to=None, idempotency_key="elsewhere-1")
        assert str(failed.value) == f"{line}; nothing was posted"
    assert "/xrpc/com.atproto.identity.resolveHandle" in other_pds.asked

    [problem] = await check_online(load_config(path, env=env))
    assert str(problem).endswith(f": sources[0].pds_url: {line}"), problem

    # the line's fix works: pds_url set as it says, the session is made
    path, env = _config(tmp_path, account, pds_url=endpoint, plc_url=atproto.plc)
    assert await check_online(load_config(path, env=env)) == []


async def test_a_refused_password_on_the_accounts_own_pds_keeps_its_line(
    atproto: AtprotoStack, tmp_path: Path
) -> None:
    account = atproto.account("own-pds-bot")
    wrong = "aaaa-bbbb-cccc-dddd"
    # pds_url as 127.0.0.1, where its DID document names localhost: one machine, one PDS
    path, env = _config(tmp_path, account, pds_url=atproto.pds, plc_url=atproto.plc,
                        app_password=wrong)
    async with httpx.AsyncClient() as client:
        assert await _poll(path, env, client) == [
            ("paused", "bluesky com.atproto.server.createSession: 401 AuthenticationRequired"),
            "sources[0].handle: bsky: bluesky com.atproto.server.createSession: 401 "
            "AuthenticationRequired; check its handle and app_password"]
    [problem] = await check_online(load_config(path, env=env))
    assert "sources[0].app_password: " in str(problem) and "refused the handle and app " \
        "password (401 AuthenticationRequired: Invalid identifier or password)" in str(problem)


async def test_a_lookup_that_fails_or_hangs_keeps_the_line_and_is_logged(
    atproto: AtprotoStack, other_pds: Server, tmp_path: Path,
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = atproto.account("no-lookup-bot")

    released = asyncio.Event()

    async def hang(_: web.Request) -> web.Response:
        await released.wait()  # until the test ends: the server stops only then
        return web.json_response({})

    def routes(app: web.Application) -> None:
        app.router.add_get("/{did}", hang)

    # a PLC directory that never answers: the lookup gives up at its bound
    monkeypatch.setattr(hosting, "LOOKUP_SECONDS", 0.3)
    async for plc in _serve(routes):
        path, env = _config(tmp_path, account, pds_url=other_pds.url, plc_url=plc.url)
        caplog.set_level(logging.INFO, logger=hosting.__name__)
        async with httpx.AsyncClient() as client:
            assert (await _poll(path, env, client))[0] == (
                "paused", "bluesky com.atproto.server.createSession: 401 AuthenticationRequired")
        assert plc.asked == [f"/{account.did}"] * 2  # the supervisor's poll, the fetch
        [problem] = await check_online(load_config(path, env=env))
        assert "sources[0].app_password: " in str(problem), problem
        released.set()
    said = [r.getMessage() for r in caplog.records if r.name == hosting.__name__]
    assert len(said) == 3 and all(f"where {account.handle} is hosted" in s for s in said), said
