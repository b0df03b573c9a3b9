"""`socialops fetch SOURCE --json`: one poll of a real source over HTTP, printed as mentions,
without moving the source's cursor (it is a look, not a consumption)."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.app.cli import _fetch, main
from bot.core.config import load_config
from bot.core.errors import ConfigError
from bot.core.models import Mention

FEED = Path(__file__).parents[1] / "fixtures" / "real" / "rss" / "rss2_reddit_front_page.xml"


@pytest.fixture
async def feed_url() -> AsyncIterator[str]:
    async def handle(request: web.Request) -> web.Response:
        return web.Response(body=FEED.read_bytes(), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/feed.xml", handle)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    yield str(server.make_url("/feed.xml"))
    await server.close()


def write_config(tmp_path: Path, url: str) -> Path:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(
        "workspaces:\n  - name: console\n    type: console\n"
        f"store:\n  path: {tmp_path / 'state.db'}\n"
        "sources:\n  - id: feeds\n    type: rss\n"
        # the recorded feed is years old: a wide backfill window lets the first poll print it
        f"    urls: ['{url}']\n    backfill_minutes: 20000000\n")
    return cfg


async def test_fetch_prints_normalised_mentions_and_leaves_the_cursor(
        tmp_path: Path, feed_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    loaded = load_config(write_config(tmp_path, feed_url))
    first = io.StringIO()
    assert await _fetch(loaded, "feeds", as_json=True, out=first) == 0
    lines = first.getvalue().splitlines()
    assert lines, "the recorded feed has entries"
    mentions = [Mention.model_validate_json(line) for line in lines]
    assert all(m.network == "rss" and (m.url or "").startswith("https://www.reddit.com/")
               for m in mentions)
    assert all("raw" not in json.loads(line) for line in lines)
    assert f"{len(mentions)} mention(s)" in capsys.readouterr().err

    again = io.StringIO()
    await _fetch(loaded, "feeds", as_json=True, out=again)
    assert again.getvalue().splitlines() == lines  # the cursor did not move


def test_fetch_unknown_source_names_the_known_ones(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write_config(tmp_path, "http://127.0.0.1:9/feed.xml")
    assert main(["fetch", "nope", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "no source 'nope' (known: feeds)" in err



def test_fetch_of_a_disabled_source_says_to_enable_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A source with enabled: false is never built: fetch ended in a KeyError traceback (a
    newcomer's find, 2026-12-05)."""
    cfg = write_config(tmp_path, "http://127.0.0.1:9/feed.xml")
    cfg.write_text(cfg.read_text().replace("type: rss\n", "type: rss\n    enabled: false\n"))
    assert main(["fetch", "feeds", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert "source 'feeds' has enabled: false" in err and "set it to true" in err, err


async def test_fetch_prints_a_post_without_its_terminal_escapes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The text form is for a terminal: a post's ESC sequences (a replayed or Bluesky post
    keeps them) retitled or cleared the terminal of whoever ran fetch."""
    mentions = tmp_path / "m.jsonl"
    mentions.write_text(json.dumps({
        "id": "x:1", "network": "x", "created_at": "2026-11-20T14:03:11Z",
        "author": {"id": "1", "handle": "ev\x1b[31mil"},
        "text": "acme\x1b]0;pwned\x07 is down\x1b[2J\nagain"}) + "\n")
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces:\n  - name: console\n    type: console\n"
                   f"store:\n  path: {tmp_path / 'state.db'}\n"
                   f"sources:\n  - id: r\n    type: replay\n    path: {mentions}\n")
    out = io.StringIO()
    assert await _fetch(load_config(cfg), "r", as_json=False, out=out) == 0
    line = out.getvalue()
    assert "\x1b" not in line and "\x07" not in line
    assert line.endswith(" x:1 @ev[31mil: acme]0;pwned is down[2J again\n")
    assert "1 mention(s), 0 skipped" in capsys.readouterr().err


def closed_port() -> int:
    """A port nothing listens on: bound, then let go."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(("source", "where"), [
    ("{id: masto, type: mastodon, base_url: 'http://127.0.0.1:PORT', hashtags: [acme]}",
     "socialops.yaml:3: sources[0].base_url: masto: cannot reach http://127.0.0.1:PORT "
     "(ConnectError: "),
    ("{id: feeds, type: rss, urls: ['http://127.0.0.1:PORT/feed.xml']}",
     "socialops.yaml:3: sources[0].urls[0]: feeds: cannot reach "
     "http://127.0.0.1:PORT/feed.xml (ConnectError: "),
    # every feed down (docs/networks.md's example has two): it was 'sources[0]: feeds: rss:
    # all 2 feeds failed; first: ... ConnectError: ...', at the source and without what to check
    ("{id: feeds, type: rss, urls: ['http://127.0.0.1:PORT/feed.xml', "
     "'http://127.0.0.1:PORT/other.xml']}",
     "socialops.yaml:3: sources[0].urls[0]: feeds: cannot reach "
     "http://127.0.0.1:PORT/feed.xml (ConnectError: "),
])
def test_fetch_of_a_server_it_cannot_reach_names_the_url_to_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, where: str) -> None:
    """It was 'error: mastodon: GET /api/v1/timelines/tag/acme failed: ConnectError': no
    server, no config line, nothing to change."""
    port = str(closed_port())
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces: [{name: console, type: console}]\nsources:\n  - "
                   f"{source.replace('PORT', port)}\nstore: {{path: {tmp_path / 's.db'}}}\n",
                   encoding="utf-8")
    code = main(["-c", str(cfg), "fetch", "feeds" if "feeds" in source else "masto"])
    err = capsys.readouterr().err.replace(f"{tmp_path}/", "")
    last = err.splitlines()[-1]
    assert code == 1 and "Traceback" not in err
    assert last.startswith("error: " + where.replace("PORT", port)), last
    assert last.endswith("check this machine's network (or proxy), or this URL"), last


@asynccontextmanager
async def answering(handler: Callable[[web.Request], Awaitable[web.Response]],
                    ) -> AsyncIterator[str]:
    """A local server on a free port answering every request on any path with ``handler``:
    its base URL."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    server = TestServer(app, host="127.0.0.1", port=0)
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


@pytest.fixture
async def refusing_url() -> AsyncIterator[str]:
    """A server that answers every request 401, as a network does a wrong credential."""
    async def refuse(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"error": "invalid_token"}, status=401)

    async with answering(refuse) as url:
        yield url


@pytest.mark.parametrize(("source", "field", "check"), [
    ("{id: s, type: mastodon, base_url: 'URL', token: wrong, hashtags: [acme]}",
     "sources[0].token", "check its token"),
    ("{id: s, type: x, base_url: 'URL', bearer_token: wrong, queries: [acme]}",
     "sources[0].bearer_token", "check its bearer_token"),
    ("{id: s, type: bluesky, pds_url: 'URL', handle: acme.example.com, app_password: wrong, "
     "queries: [acme]}", "sources[0].handle", "check its handle and app_password"),
    ("{id: s, type: reddit, base_url: 'URL', auth_url: 'URL', client_id: wrong, "
     "client_secret: wrong, subreddits: [acme]}",
     "sources[0].client_id", "check its client_id and client_secret"),
])
async def test_fetch_with_a_refused_credential_names_the_keys_to_check(
        tmp_path: Path, refusing_url: str, source: str, field: str, check: str) -> None:
    """docs/networks.md's sources with a wrong credential: 'sources[4]: bsky: bluesky
    com.atproto.server.createSession: 401 invalid_token' said neither where nor what to fix."""
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces: [{name: console, type: console}]\nsources:\n  - "
                   f"{source.replace('URL', refusing_url)}\nstore: {{path: {tmp_path / 's.db'}}}\n",
                   encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        await _fetch(load_config(cfg), "s", as_json=False, out=io.StringIO())
    line = str(info.value)
    assert line.startswith(f"{cfg}:3: {field}: s: "), line
    assert line.endswith(f"; {check}"), line
    assert "wrong" not in line


async def test_a_fetch_leaves_its_config_read_cut_for_what_opens_it_next(
        tmp_path: Path, feed_url: str) -> None:
    """fetch reads its source's whole backfill window (``LoadedConfig.reading_whole``), a
    config of its own: the config it was given still reads the window cut to the dedup window
    (72 h by default) for what is opened from it next in the same process, the sources ``run``
    polls and what ``why`` says of them. A ``reading_whole`` that marked the config itself
    would have a later ``run`` alert posts whose done marks have expired."""
    from bot.app.compose import ConfiguredSources, open_app

    loaded = load_config(write_config(tmp_path, feed_url))
    assert await _fetch(loaded, "feeds", as_json=True, out=io.StringIO()) == 0
    assert loaded.reading_whole().as_read(loaded.config.source("feeds")).backfill_minutes \
        == 20000000
    async with open_app(loaded) as app:
        assert app.sources["feeds"].config.backfill_minutes == 72 * 60  # type: ignore[attr-defined]
    [read] = ConfiguredSources(loaded).sources_for("rss")
    assert (read.backfill_minutes, read.configured_minutes) == (72 * 60, 20000000)


@pytest.fixture
async def echoing_url() -> AsyncIterator[str]:
    """A server that answers every request 401 quoting the token it was sent, as a proxy's
    error page may."""
    async def refuse(request: web.Request) -> web.Response:
        sent = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return web.json_response({"error": f"invalid_token {sent}"}, status=401)

    async with answering(refuse) as url:
        yield url


async def test_fetch_says_a_failure_without_its_secrets(
        tmp_path: Path, echoing_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A fetch's error line names the URL it could not reach and quotes the server's answer:
    a URL's password, a feed's token in its query, the token a server echoes are hidden, as
    in a log line (a fetch's output is pasted in issues)."""
    port = closed_port()
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(
        "workspaces: [{name: console, type: console}]\nsources:\n"
        f"  - {{id: far, type: mastodon, base_url: 'http://bob:UrlPassw0rd@127.0.0.1:{port}', "
        "hashtags: [acme]}\n"
        f"  - {{id: feed, type: rss, urls: ['http://127.0.0.1:{port}/f.xml?token=FeedT0ken']}}\n"
        f"  - {{id: fedi, type: mastodon, base_url: '{echoing_url}', token: EchoedT0ken123, "
        "hashtags: [acme]}\n"
        f"store: {{path: {tmp_path / 's.db'}}}\n", encoding="utf-8")
    for sid in ("far", "feed", "fedi"):
        assert await asyncio.to_thread(main, ["-c", str(cfg), "fetch", sid]) == 1
        err = capsys.readouterr().err
        assert "Traceback" not in err and f"{sid}: " in err, err
        for secret in ("UrlPassw0rd", "FeedT0ken", "EchoedT0ken123"):
            assert secret not in err, (sid, secret, err)
