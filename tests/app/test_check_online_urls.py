"""`socialops check --online` blames the address, not the token, when a chat platform's
api_url answers as no API does: Discord's ``GET /users/@me`` answering 404 (the path is not
Discord's: api_url without its /api/v10, or a proxy's prefix left out) or 200 with a web page
(the web site) was 'workspaces[N].token: GET /users/@me answered 404', or passed."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app.check import run_check
from tests.support.netserver import NetServer

KEY = "ab" * 32


@pytest.fixture
async def net() -> AsyncIterator[NetServer]:
    async with NetServer() as server:
        yield server


async def check(path: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=True, out=out, err=err, env={})
    return code, err.getvalue().splitlines()[:-1]


@pytest.mark.parametrize("site", ["404", "web page"])
async def test_a_discord_api_url_that_is_no_api_is_named_at_api_url(
        tmp_path: Path, net: NetServer, site: str) -> None:
    if site == "web page":
        net.bytes("GET", "/site/users/@me", b"<!doctype html><title>Gov</title>",
                  headers={"Content-Type": "text/html; charset=utf-8"})
    url = f"{net.base}/site"
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces:
  - {{name: dc, type: discord, token: t, application_id: "123456789012345678",
     public_key: "{KEY}", api_url: "{url}"}}
http: {{port: 8080}}
""", encoding="utf-8")
    code, problems = await check(path)
    assert code == 1
    answered = "404" if site == "404" else "200 with text/html"
    assert problems == [
        f"{path}:3: workspaces[0].api_url: GET {url}/users/@me answered {answered}, not as "
        "Discord's API does; check api_url (Discord's is https://discord.com/api/v10)"], problems
