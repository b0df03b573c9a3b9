"""A failed poll is recorded and told with its secrets hidden, as a log line is: the error
names the URL it went to, and a feed's URL may hold a token in its query, a server's URL a
password, and the server's answer echo the token it was sent. What the runtime records of
it (the source health record in the store, chat's ``status``), the supervisor's ``/healthz``
reasons and the ops channel's notice hold none of them. The app as ``socialops run`` builds
it, a local HTTP server, a real SQLite file."""

from __future__ import annotations

import io
import socket
import sqlite3
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.ports import Source
from tests.app.test_operator_signals import NOW, STATUS, Opener, config, opened  # noqa: F401

FEED_TOKEN = "FEEDQUERYTOKEN"
URL_PASSWORD = "URLPASSWORD99"
MASTO_TOKEN = "MASTOCONFIGTOKEN"  # the config's: echoed in the server's answer
SECRETS = (FEED_TOKEN, URL_PASSWORD, MASTO_TOKEN)


def closed_port() -> int:
    with socket.socket() as closed:  # a port nothing listens on once this block ends
        closed.bind(("127.0.0.1", 0))
        return int(closed.getsockname()[1])


async def test_a_failed_poll_is_recorded_and_told_without_its_secrets(
        tmp_path: Path, opened: Opener) -> None:  # noqa: F811
    async def answer(request: web.Request) -> web.Response:
        if request.path.startswith("/api/"):  # echoes the token it was sent
            sent = request.headers.get("Authorization", "").removeprefix("Bearer ")
            return web.json_response({"error": f"invalid_token {sent}"}, status=401)
        return web.Response(status=404, text="no such feed")

    server_app = web.Application()
    server_app.router.add_route("*", "/{tail:.*}", answer)
    async with TestServer(server_app, host="127.0.0.1", port=0) as server:
        base = str(server.make_url("")).rstrip("/")
        cfg = config(tmp_path, 0)
        cfg.write_text(cfg.read_text().replace(
            "[{id: feeds, type: replay, path: m.jsonl, batch: 2}]",
            f"[{{id: feed, type: rss, urls: ['{base}/feed.xml?token={FEED_TOKEN}']}}, "
            f"{{id: far, type: mastodon, base_url: 'http://bob:{URL_PASSWORD}@127.0.0.1:"
            f"{closed_port()}', hashtags: [acme]}}, "
            f"{{id: fedi, type: mastodon, base_url: '{base}', token: {MASTO_TOKEN}, "
            "hashtags: [acme]}]") + "ops_channel: support\n")
        out = io.StringIO()  # the console workspace: the ops channel's notices
        app: App = await opened(open_app(load_config(cfg), out=out,
                                         clock=lambda: NOW))
        runtime = app.runtime()
        for sid in ("feed", "far", "fedi"):
            source = app.sources[sid]

            async def step(source: Source = source) -> float:
                await runtime.poll_once(source)
                return 1.0

            await runtime.supervisor.run_once(f"source:{sid}", step)
        await app.outbox.drain()
    status = (await app.dispatcher.handle(STATUS)).text
    healthz = str(runtime.supervisor.unhealthy())
    with sqlite3.connect(tmp_path / "s.db") as db:
        stored = "\n".join(db.iterdump())
    assert "far" in status and "fedi" in status, status
    assert "source:fedi" in healthz, healthz
    assert "source:fedi paused" in out.getvalue(), out.getvalue()
    for where, text in (("status", status), ("healthz", healthz), ("store", stored),
                        ("ops notice", out.getvalue())):
        for secret in SECRETS:
            assert secret not in text, (where, secret, text)
