"""`socialops check --online` asks the publishing accounts too: a Mastodon source's token
(``verify_credentials``, which the bot asks to know its own account, answered as Mastodon
answers it: 401 for a revoked token, 403 for one without read:accounts) and a Bluesky
source's handle and app password (``createSession`` on its PDS), on the local servers that
model them (tests/support/fake_mastodon.py, fake_atproto.py). Before, check --online asked
Slack, Discord and Redis only and said OK; the first approval then failed on the token."""

from __future__ import annotations

import io
from pathlib import Path

import regex
from aiohttp import web

from bot.app.check import run_check
from tests.support.fake_atproto import FakeAppView, FakePds
from tests.support.fake_mastodon import FakeMastodon
from tests.support.netserver import NetServer

ACME = "did:plc:acmeacmeacmeacmeacmeacme"


def write(tmp_path: Path, masto: str, pds: str, *, token: str, password: str) -> Path:
    path = tmp_path / "socialops.yaml"
    path.write_text(f"""\
workspaces: [{{name: console, type: console}}]
sources:
  - {{id: fedi, type: mastodon, base_url: "{masto}/masto/", token: {token}, visibility: unlisted}}
  - {{id: bsky, type: bluesky, pds_url: "{pds}", base_url: "{pds}", handle: acme.test,
     app_password: {password}}}
  - {{id: readonly, type: mastodon, base_url: "{masto}/masto/", hashtags: [acme]}}
store: {{path: "{tmp_path / 's.db'}"}}
""", encoding="utf-8")
    return path


async def check(path: Path) -> tuple[int, list[str], str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(path, online=True, out=out, err=err, env={})
    return code, [line for line in err.getvalue().splitlines() if "warning" not in line], \
        out.getvalue()


async def test_refused_publishing_credentials_are_named_with_the_fix(tmp_path: Path) -> None:
    async with NetServer() as masto_net, NetServer() as appview_net, NetServer() as pds_net:
        FakeMastodon(masto_net)

        async def who(request: web.Request) -> web.Response:
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if token == "scoped":  # a token made without read:accounts
                return web.json_response(
                    {"error": "This action is outside the authorized scopes"}, status=403)
            if token != "good":
                return web.json_response({"error": "The access token is invalid"}, status=401)
            return web.json_response({"id": "1", "username": "acme", "acct": "acme"})

        masto_net.handler("GET", "/masto/api/v1/accounts/verify_credentials", who)
        pds = FakePds(pds_net, FakeAppView(appview_net))
        pds.add_account(ACME, "acme.test", "app-pass")
        base = masto_net.base + "/masto"

        path = write(tmp_path, masto_net.base, pds_net.base, token="revoked", password="old")
        code, problems, _ = await check(path)
        assert code == 1
        assert problems == [
            f"{path}:3: sources[0].token: mastodon fedi: {base} refused the token (401: The "
            "access token is invalid); make a new access token with read:statuses, "
            "read:accounts and write:statuses (Preferences → Development → your application) "
            "and set it here",
            f"{path}:5: sources[1].app_password: bluesky bsky: {pds_net.base} refused the "
            "handle and app password (401 AuthenticationRequired: Invalid identifier or "
            "password); make a new app password (Settings → Privacy and security → App "
            "passwords) and set it here, or check handle",
            "2 problem(s) found; fix them and run socialops check again"], problems

        path = write(tmp_path, masto_net.base, pds_net.base, token="scoped", password="app-pass")
        code, problems, _ = await check(path)
        assert code == 1
        assert problems[0] == (
            f"{path}:3: sources[0].token: mastodon fedi: {base} refused the token (403: This "
            "action is outside the authorized scopes); make a new access token with "
            "read:statuses, read:accounts and write:statuses (Preferences → Development → your "
            "application) and set it here"), problems

        path = write(tmp_path, masto_net.base, pds_net.base, token="good", password="app-pass")
        code, problems, out = await check(path)
        assert code == 0, problems
        assert out.rstrip().endswith("; Mastodon and Bluesky answered"), out
        # only the sources that publish with a credential are asked, each once
        assert len(masto_net.requests_to("/masto/api/v1/accounts/verify_credentials")) == 3
        assert len(pds_net.requests_to("/xrpc/com.atproto.server.createSession")) == 3


async def test_a_token_that_cannot_read_statuses_is_named_too(tmp_path: Path) -> None:
    """A Mastodon reply reads the post it answers (its visibility) and a retry reads the
    account's statuses (the look), both needing read:statuses: a token made with read:accounts
    and write:statuses only, as this check's fix said, passed it and then failed every reply
    ('GET /api/v1/statuses/... refused the token (403)'). The check now reads the account's
    newest status too, and its fix names read:statuses."""
    async with NetServer() as masto_net, NetServer() as appview_net, NetServer() as pds_net:
        FakeMastodon(masto_net)
        masto_net.json("GET", "/masto/api/v1/accounts/verify_credentials",
                       {"id": "1", "username": "acme", "acct": "acme"})
        masto_net.json("GET", "/masto/api/v1/accounts/1/statuses",
                       {"error": "This action is outside the authorized scopes"}, status=403)
        pds = FakePds(pds_net, FakeAppView(appview_net))
        pds.add_account(ACME, "acme.test", "app-pass")
        base = masto_net.base + "/masto"
        path = write(tmp_path, masto_net.base, pds_net.base, token="good", password="app-pass")
        code, problems, _ = await check(path)
        assert code == 1
        assert problems[0] == (
            f"{path}:3: sources[0].token: mastodon fedi: {base} refused the token reading the "
            "account's statuses (403: This action is outside the authorized scopes); make a "
            "new access token with read:statuses, read:accounts and write:statuses "
            "(Preferences → Development → your application) and set it here"), problems
        [read] = masto_net.requests_to("/masto/api/v1/accounts/1/statuses")
        assert read.q("limit") == "1"


async def test_a_pds_that_makes_no_more_sessions_for_now_says_until_when(
        tmp_path: Path) -> None:
    """A crash loop of an older release (a session a start) used the handle's 30 sessions in
    5 minutes: check --online said "answered 429, which says nothing of the credential; ask
    again later". It now says until when, the PDS's limit, and that a running bot is not
    affected."""
    async with NetServer() as masto_net, NetServer() as appview_net, NetServer() as pds_net:
        masto_net.json("GET", "/masto/api/v1/accounts/verify_credentials",
                       {"id": "1", "username": "acme", "acct": "acme"})
        masto_net.json("GET", "/masto/api/v1/accounts/1/statuses", [])
        pds = FakePds(pds_net, FakeAppView(appview_net))
        pds.add_account(ACME, "acme.test", "app-pass")
        path = write(tmp_path, masto_net.base, pds_net.base, token="good", password="app-pass")
        for _ in range(30):
            assert (await check(path))[0] == 0
        code, problems, _ = await check(path)
        await pds.close()
    assert code == 1
    [line] = [p for p in problems if "bluesky" in p]
    assert regex.fullmatch(
        rf"{path}:4: sources\[1\]\.handle: bluesky bsky: {pds_net.base} makes no more sessions "
        r"for acme\.test until 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC \(its limit: 30 in 5 "
        r"min\); a bot already running is not affected \(its session is kept in the "
        r"store\); run socialops check --online again then", line), line


async def test_hashtag_feeds_the_server_turned_off_are_named(tmp_path: Path) -> None:
    """Mastodon 4.5's ``timelines_access`` (GET /api/v2/instance): a server whose hashtag
    feeds are off answers every hashtag timeline with an empty list, so a hashtag source
    would read nothing, said nowhere (review 2026-12-06). check --online reads the
    instance: all off is a problem at the source's hashtags, one part off a warning."""
    async with NetServer() as masto_net:
        fake = FakeMastodon(masto_net, hashtag_feeds=("disabled", "disabled"))
        path = tmp_path / "socialops.yaml"
        path.write_text(f"""\
workspaces: [{{name: console, type: console}}]
sources:
  - {{id: tags, type: mastodon, base_url: "{masto_net.base}", hashtags: [acme]}}
store: {{path: "{tmp_path / 's.db'}"}}
""", encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        code = await run_check(path, online=True, out=out, err=err, env={})
        assert code == 1
        (line,) = [x for x in err.getvalue().splitlines() if "hashtags" in x]
        assert line.startswith(f"{path}:3: sources[0].hashtags: mastodon tags: "
                               f"{masto_net.base} has turned its hashtag feeds off"), line
        assert "reads nothing" in line

        fake.hashtag_feeds = ("public", "disabled")
        out, err = io.StringIO(), io.StringIO()
        code = await run_check(path, online=True, out=out, err=err, env={})
        assert code == 0, err.getvalue()
        assert "reads only posts of its own accounts" in err.getvalue()
