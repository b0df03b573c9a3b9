"""``why <url>``'s lookups, mutated as the polled pages are (tests/support/mutations.py): the
real recorded post of each network that has a lookup, every JSON path given a value of the
wrong kind, served by the local network server and read through ``bot.app.compose.look_up``
(the function ``why`` calls, over the source's own ``lookup``).

What must hold: ``look_up`` answers (a post, or one line of why there is none), never raises:
an exception out of it is a traceback in the chat or the terminal where ``why`` was asked; a
post it answers is bounded; its line of why not is one line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app.compose import look_up
from bot.core.config import SourceBase
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonSource
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.source import RedditSource
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.mutations import SETTINGS, mutation, render, shown
from tests.support.polling import World, bounded, opened_world

REAL = Path(__file__).parents[1] / "fixtures" / "real"
NOW = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


def load(name: str) -> Any:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Case:
    name: str
    doc: Any
    route: str
    url: Callable[[World], str]
    config: Callable[[World], SourceBase]
    make: Callable[[World, Any], Any]
    extra: Callable[[World], None] = lambda w: None


_STATUS = load("mastodon/account_statuses_page_limit5.json")[0]
_TWEET = load("x/tweet_lookup_entities_urls_unwound_postman_example.json")
_POST = load("reddit/subreddit_new_listing_100_after_cursor.json")["data"]["children"][0]
_VIEW = load("bluesky/getPostThread_record_with_media_empty_text.json")["thread"]["post"]
_DID, _RKEY = _VIEW["uri"].removeprefix("at://").split("/app.bsky.feed.post/")


def _session(world: World) -> None:
    world.net.json("POST", "/xrpc/com.atproto.server.createSession", {
        "accessJwt": "access", "refreshJwt": "refresh", "did": "did:plc:acme",
        "handle": "acme.example"})
    world.net.json("GET", "/xrpc/app.bsky.actor.getProfiles", {"profiles": []})


def _token(world: World) -> None:
    world.net.json("POST", "/api/v1/access_token", {
        "access_token": "tok-1", "token_type": "bearer", "expires_in": 3600, "scope": "*"})


CASES = [
    Case("mastodon", _STATUS, f"/api/v1/statuses/{_STATUS['id']}",
         url=lambda w: f"{w.net.base}/@someone/{_STATUS['id']}",
         config=lambda w: MastodonSourceConfig(id="m1", type="mastodon", base_url=w.net.base,
                                               hashtags=("#socialops",), timeout=5),
         make=lambda w, c: MastodonSource(c, store=Cursors(), client=w.client, clock=NOW)),
    Case("x", _TWEET, f"/2/tweets/{_TWEET['data']['id']}",
         url=lambda w: f"https://x.com/someone/status/{_TWEET['data']['id']}",
         config=lambda w: XSourceConfig(id="x1", type="x", base_url=w.net.base,
                                        bearer_token="app", queries=("q",), timeout=5),
         make=lambda w, c: XSource(c, store=Cursors(), client=w.client, clock=NOW)),
    Case("reddit", {"kind": "Listing", "data": {"children": [_POST], "after": None}},
         "/api/info",
         url=lambda w: (f"https://www.reddit.com/r/{_POST['data']['subreddit']}/comments/"
                        f"{_POST['data']['id']}/x/"),
         config=lambda w: RedditSourceConfig(
             id="rd", type="reddit", base_url=w.net.base, auth_url=w.net.base,
             client_id="cid", client_secret="sec", username="botuser", password="pw",
             subreddits=("socialops",), timeout=5),
         make=lambda w, c: RedditSource(c, store=Cursors(), client=w.client, clock=NOW),
         extra=_token),
    Case("bluesky", {"posts": [_VIEW]}, "/xrpc/app.bsky.feed.getPosts",
         url=lambda w: f"https://bsky.app/profile/{_DID}/post/{_RKEY}",
         config=lambda w: BlueskySourceConfig(
             id="bsky", type="bluesky", base_url=w.net.base, pds_url=w.net.base,
             handle="acme.example", app_password="app-pass", queries=("acme",), timeout=5),
         make=lambda w, c: BlueskySource(c, store=Cursors(), client=w.client, clock=NOW),
         extra=_session),
]


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with opened_world() as w:
        yield w


def ask(world: World, case: Case, body: bytes) -> Any:
    case.extra(world)
    world.net.bytes("GET", case.route, body, headers={"Content-Type": "application/json"})
    config = case.config(world)
    return world.run(look_up(case.url(world), {config.id: case.make(world, config)}, [config]))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_unmutated_post_is_found(world: World, case: Case) -> None:
    found = ask(world, case, json.dumps(case.doc).encode())
    assert found.post is not None, found.why_not


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@SETTINGS
@given(data=st.data())
def test_a_mutated_post_is_an_answer_not_a_traceback(world: World, case: Case,
                                                     data: st.DataObject) -> None:
    path, kind = data.draw(mutation(case.doc), label="path, kind")
    found = ask(world, case, render(case.doc, path, kind))
    if found.post is not None:
        bounded(found.post)
    else:
        assert found.why_not and found.why_not.isprintable(), \
            f"{shown(path)}: {found.why_not[:300]!r}"
