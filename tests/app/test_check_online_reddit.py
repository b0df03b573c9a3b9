"""`socialops check --online` asks Reddit for the token every poll and reply begins with (``POST
<auth_url>/api/v1/access_token``: read-only, nothing posted), as it asks Mastodon and Bluesky
for theirs. Before, a Reddit source was not asked at all: a secret copied wrong, a changed
password or a firewall that lets no request out to Reddit passed with OK, and the source was
then paused at its first poll ("credentials refused"), where operations.md sends the operator
back to check --online. Against a local server answering as Reddit's token endpoint does: 401
for an app id and secret it does not know, 200 ``{"error": "invalid_grant"}`` for a wrong
password."""

from __future__ import annotations

import io
from pathlib import Path

from aiohttp import BasicAuth, web

from bot.app.check import run_check
from tests.support.netserver import NetServer


async def token(request: web.Request) -> web.Response:
    auth = BasicAuth.decode(request.headers.get("Authorization", ""))
    if (auth.login, auth.password) != ("cid", "sec"):
        return web.json_response({"message": "Unauthorized", "error": 401}, status=401)
    form = await request.post()
    if form.get("grant_type") == "password" and form.get("password") != "pw":
        return web.json_response({"error": "invalid_grant"})
    return web.json_response({"access_token": "tok", "token_type": "bearer",
                              "expires_in": 86400, "scope": "*"})


async def check(tmp_path: Path, auth_url: str, **keys: str) -> tuple[int, list[str]]:
    path = tmp_path / "socialops.yaml"
    written = ", ".join(f"{k}: {v}" for k, v in {"client_id": "cid", "client_secret": "sec",
                                                 "username": "bot", **keys}.items())
    path.write_text(f"""\
workspaces: [{{name: console, type: console}}]
sources:
  - {{id: rd, type: reddit, subreddits: [acme], auth_url: "{auth_url}",
     {written}}}
store: {{path: "{tmp_path / 's.db'}"}}
""", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=True, out=out, err=err, env={})
    return code, [line.removeprefix(f"{path}:") for line in err.getvalue().splitlines()
                  if "warning" not in line]


async def test_the_token_reddit_refuses_or_cannot_give_is_one_line_at_what_to_fix(
        tmp_path: Path) -> None:
    async with NetServer() as net:
        net.handler("POST", "/api/v1/access_token", token)
        assert await check(tmp_path, net.base, password="pw") == (0, [])
        code, lines = await check(tmp_path, net.base, password="pw", client_secret="wrong")
        assert (code, lines[0]) == (1, (
            "4: sources[0].client_secret: reddit rd: Reddit refused the app's client_id and "
            "client_secret (401); copy both again from reddit.com/prefs/apps (the id under "
            "the app's name, the secret beside 'secret')")), lines
        code, lines = await check(tmp_path, net.base, password="old")
        assert (code, lines[0]) == (1, (
            "4: sources[0].password: reddit rd: Reddit refused the username and password "
            "(invalid_grant); set the password of u/bot here (the app must be a script app "
            "of that account, or list it as a developer)")), lines
    code, lines = await check(tmp_path, "http://127.0.0.1:9", password="pw")
    assert code == 1 and len(lines) == 2, lines
    assert lines[0].startswith("3: sources[0].auth_url: reddit rd: http://127.0.0.1:9: cannot "
                               "reach it (ConnectError); check this machine's network"), lines
