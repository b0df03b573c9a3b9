"""``/socialops why <address>`` asked as a support lead asks it in Slack (a signed slash command
through bolt, a SQLite file or a real redis-server, the local AppView and Mastodon servers of
tests/support), of the posts a customer says nobody answered:

- a Bluesky post fetched and ticketed while its author was ``kasia.test``, who has since taken
  another handle (atproto: a handle is the account's to change, its DID stays): the address
  the customer kept names the old handle, which resolves to no one now. Asked exactly as it
  was stored it was found; with what sharing or a browser adds (a last ``/``, a query), the
  handle in capitals or after an ``@``, the host in capitals, or as an ``at://<handle>/...``
  uri, ``why`` asked the network, which knows the handle no more, and said "socialops never
  fetched this post ... deleted, not public, or not readable" of a post fetched and ticketed;
- a post asked by a handle no account has now was said "deleted, not public, or not
  readable", where the post may well be there under the author's new handle;
- a lookup the network rate-limited (a 429 with its wait) said only "rate limited", not when
  to ask again;
- a status of the team's own Mastodon account, while the server would not say whose the
  token is (``verify_credentials`` refused, failing or rate-limited): ``why`` cannot tell the
  post is the team's, and said the source's hashtags and what routing would do with it as of
  a customer's post, without a word of that.
"""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.world import CAROL, SUPPORT, UNPACED, World, running_world
from tests.support.fake_atproto import FakeAppView, iso
from tests.support.netserver import Fault, NetServer

KASIA = "did:plc:kasiakasiakasiakasiakasi"
RKEY = "3p00000009"
OLD = f"https://bsky.app/profile/kasia.test/post/{RKEY}"
MASTODON = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"


def near_now() -> FakeClock:
    # traces are kept for days from when they were written: near the real time on both stores
    return FakeClock(datetime.now(UTC).replace(second=0, microsecond=0))


async def ask(w: World, text: str) -> str:
    before = len(w.said_to(CAROL))
    assert await w.slash(CAROL, SUPPORT, f"why {text}") == 200
    await w.until(lambda: len(w.said_to(CAROL)) > before, "the answer to why")
    return w.said_to(CAROL)[-1]


def renamed(appview: FakeAppView, new: str) -> None:
    """Kasia takes the handle ``new``: the old one resolves to no one, views name the new."""
    appview.handles = {h: d for h, d in appview.handles.items() if d != KASIA}
    appview.handles[new] = KASIA
    for view in appview.posts:
        if view["author"]["did"] == KASIA:
            view["author"]["handle"] = new


@asynccontextmanager
async def bluesky_world(tmp_path: Path, store: str, request: pytest.FixtureRequest
                        ) -> AsyncIterator[tuple[World, FakeAppView, NetServer]]:
    clock = near_now()
    async with NetServer() as net:
        appview = FakeAppView(net)
        appview.add_post(
            uri=f"at://{KASIA}/app.bsky.feed.post/{RKEY}", cid="bafy9",
            author={"did": KASIA, "handle": "kasia.test", "displayName": "Kasia"},
            record={"$type": "app.bsky.feed.post", "text": "acme login is broken, please help",
                    "langs": ["en"], "createdAt": iso(clock() - timedelta(minutes=5))},
            indexed_at=iso(clock() - timedelta(minutes=5)))
        source = f"  - {{id: bsky, type: bluesky, base_url: '{net.base}', queries: [acme]}}\n"
        url = request.getfixturevalue("redis_url") if store == "redis" else None
        async with running_world(tmp_path, clock, extra=UNPACED, sources=source, store=store,
                                 redis_url=url) as w:
            yield w, appview, net


@pytest.mark.parametrize("form", [
    OLD + "/",
    OLD + "?ref_src=embed",
    OLD.replace("kasia.test", "Kasia.Test"),
    OLD.replace("kasia.test", "@kasia.test"),
    OLD.replace("bsky.app", "BSKY.APP"),
    f"at://kasia.test/app.bsky.feed.post/{RKEY}",
])
@pytest.mark.parametrize("store", ["sqlite", "redis"])
async def test_a_post_asked_by_its_authors_old_handle_is_found_however_it_is_written(
        tmp_path: Path, store: str, form: str, request: pytest.FixtureRequest) -> None:
    async with bluesky_world(tmp_path, store, request) as (w, appview, _):
        await w.a.runtime().poll_once(w.a.sources["bsky"], here=True)
        await w.a.outbox.drain()
        assert "ticket T-1" in await ask(w, OLD)
        renamed(appview, "kasia-new.test")
        said = await ask(w, form)
    assert "never fetched" not in said, said
    assert "fetched by bsky" in said and "ticket T-1" in said, said


async def test_a_handle_no_account_has_now_is_said_so_not_deleted(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Never fetched (the source was not polled), and the author renamed since the customer
    copied the address: the network knows the handle no more, the post is there."""
    async with bluesky_world(tmp_path, "sqlite", request) as (w, appview, _):
        renamed(appview, "kasia-new.test")
        said = await ask(w, OLD)
    assert "never fetched" in said, said
    assert "no account has the handle kasia.test" in said, said
    assert "deleted, not public" not in said, said


async def test_a_lookup_the_network_rate_limited_says_when_to_ask_again(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    async with bluesky_world(tmp_path, "sqlite", request) as (w, _, net):
        net.fault("GET", "/xrpc/com.atproto.identity.resolveHandle",
                  Fault.rate_limited({"Retry-After": "600"}))
        said = await ask(w, OLD)
        again = f"{w.clock() + timedelta(minutes=10):%Y-%m-%d %H:%M} UTC"
    assert "rate limited" in said and f"ask again after {again}" in said, said


async def test_a_status_of_another_server_while_ours_rate_limits_says_when_to_ask_again(
        tmp_path: Path) -> None:
    async with running_world(tmp_path, near_now(), extra=UNPACED) as w:
        w.masto.fault("GET", "/api/v2/search", Fault.rate_limited({"Retry-After": "300"}))
        said = await ask(w, "https://other.example/@bob/55")
        again = f"{w.clock() + timedelta(minutes=5):%Y-%m-%d %H:%M} UTC"
    assert "rate limited" in said and f"ask again after {again}" in said, said


@pytest.mark.parametrize(("fault", "why"), [
    (Fault.unauthorized(), "401"),
    (Fault.server_error(503), "503"),
    (Fault.rate_limited({"Retry-After": "120"}), "rate limited"),
])
async def test_a_status_of_our_account_while_the_server_will_not_say_whose_the_token_is(
        tmp_path: Path, fault: Fault, why: str) -> None:
    async with running_world(tmp_path, near_now(), extra=UNPACED) as w:
        status = json.loads((MASTODON / "status_edited_cw_mention_customemoji_gifv.json")
                            .read_text(encoding="utf-8"))
        ours = copy.deepcopy(status)
        ours["account"].update(id="777", acct="acme", url=f"{w.masto.base}/@acme",
                               username="acme")
        ours.update(created_at=iso(w.clock() - timedelta(minutes=5)), spoiler_text="",
                    content="<p>acme login is down for everyone, we are on it</p>",
                    url=f"{w.masto.base}/@acme/{ours['id']}")
        w.masto.json("GET", f"/api/v1/statuses/{ours['id']}", ours)
        w.masto.json("GET", "/api/v1/accounts/verify_credentials", ours["account"])
        w.masto.fault("GET", "/api/v1/accounts/verify_credentials", fault)
        said = await ask(w, ours["url"])
        # once the server says whose the token is, the same question says it is ours
        again = await ask(w, ours["url"])
    assert "cannot tell whether @acme@127.0.0.1 is one of this config's own accounts" in said, \
        said
    assert "masto" in said and why in said, said
    assert "own accounts: sources skip their posts" in again, again


@pytest.mark.parametrize("form", [
    "HTTPS://Mastodon.Example/@kasia/5151",
    "https://MASTODON.EXAMPLE/@kasia/5151/?utm_source=share",
])
@pytest.mark.parametrize("store", ["sqlite", "redis"])
async def test_a_status_asked_with_its_host_in_capitals_is_found(
        tmp_path: Path, store: str, form: str, request: pytest.FixtureRequest) -> None:
    """A host is read in any case (a browser opens it so, and shows it in lower case); the
    status's address was found only as stored, and asked of its server else (here refusing
    with a 503): "never fetched" of a post fetched and ticketed."""
    url = request.getfixturevalue("redis_url") if store == "redis" else None
    async with running_world(tmp_path, near_now(), extra=UNPACED, store=store,
                             redis_url=url) as w:
        m = await w.mention("acme login is down for me, please help", n=5151)
        w.masto.fault("GET", "/api/v2/search", Fault.server_error(503))
        said = await ask(w, form)
    assert "never fetched" not in said, said
    assert m.id in said and "fetched by masto" in said, said


async def test_a_post_never_fetched_asked_by_another_web_clients_address_is_looked_up(
        tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Bluesky's addresses are any web client's (docs/never-silent.md); one of another client
    was read as a feed item's page: "no configured source reads rss", nothing asked."""
    async with bluesky_world(tmp_path, "sqlite", request) as (w, _, _):
        said = await ask(w, OLD.replace("bsky.app", "deer.social"))
    assert "never fetched" in said and "• on bluesky: @kasia.test at " in said, said
    assert "rss" not in said, said
