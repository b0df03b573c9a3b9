"""A Mastodon server whose hashtag feeds are turned off (review 2026-12-06, "never silent"),
against the local server speaking Mastodon's documented wire format.

Mastodon 4.5 lets an admin choose who may read hashtag feeds, for posts of the server's own
accounts and for posts from other servers apart: public, signed-in users only, or nobody
(``disabled``); ``GET /api/v2/instance`` states it as ``configuration.timelines_access``
(``hashtag_feeds: {local, remote}``; docs.joinmastodon.org/methods/instance#v2 and
entities/Instance; app/serializers/rest/instance_serializer.rb). A feed turned off answers 200
with an empty list: a hashtag source read nothing (or only the server's own accounts' posts),
poll after poll, said nowhere. It is now read from the instance (once, again every
``access.REREAD``), said once in the log, and in the source's health (``failing_parts``: the
``status`` command and ``why``).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from integrations.social.mastodon.access import REREAD
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

INSTANCE = "/api/v2/instance"
TAG = "/api/v1/timelines/tag/acme"


def instance(local: str, remote: str) -> dict[str, Any]:
    """The parts of a Mastodon 4.5 instance answer that matter here, as its serializer
    writes them."""
    return {"domain": "127.0.0.1", "version": "4.5.0", "configuration": {
        "statuses": {"max_characters": 500, "characters_reserved_per_url": 23},
        "timelines_access": {
            "live_feeds": {"local": "public", "remote": "public"},
            "hashtag_feeds": {"local": local, "remote": remote},
            "trending_link_feeds": {"local": local, "remote": remote}}}}


def source(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
           **kw: Any) -> MastodonSource:
    config = MastodonSourceConfig(**{"id": "m1", "type": "mastodon", "base_url": net.base,
                                     "timeout": 2.0, "hashtags": ("acme",), **kw})
    return MastodonSource(config, store=Cursors(), client=client, clock=clock)


async def test_hashtag_feeds_turned_off_are_said_once_and_in_health(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    net.json("GET", INSTANCE, instance("disabled", "disabled"))
    net.json("GET", TAG, [])
    src = source(net, client, clock)
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            assert await src.poll() == []
            clock.advance(seconds=60)
    said = [r.getMessage() for r in caplog.records if "hashtag feeds" in r.getMessage()]
    assert len(said) == 1, said
    assert "#acme" in said[0] and "reads nothing" in said[0]
    assert set(src.failing_parts()) == {"#acme"}
    assert "timelines_access" in src.failing_parts()["#acme"]
    # asked once, not at every poll
    assert len(net.requests_to(INSTANCE)) == 1


async def test_only_other_servers_posts_turned_off_says_what_is_read(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    net.json("GET", INSTANCE, instance("public", "disabled"))
    net.json("GET", TAG, [])
    src = source(net, client, clock)
    with caplog.at_level(logging.INFO):
        await src.poll()
    (why,) = src.failing_parts().values()
    assert "only posts of its own accounts" in why


async def test_turned_on_again_is_seen_at_the_next_read_and_said(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    net.json("GET", INSTANCE, instance("disabled", "disabled"))
    net.json("GET", TAG, [])
    src = source(net, client, clock)
    await src.poll()
    assert src.failing_parts()
    net.json("GET", INSTANCE, instance("public", "public"))
    clock.advance(seconds=REREAD.total_seconds() + 1)
    with caplog.at_level(logging.INFO):
        await src.poll()
    assert src.failing_parts() == {}
    assert any("hashtag feeds" in r.getMessage() and "readable again" in r.getMessage()
               for r in caplog.records)
    assert len(net.requests_to(INSTANCE)) == 2


@pytest.mark.parametrize("answer", [
    {"status": 404, "body": {"error": "Record not found"}},  # before 4.0: no instance v2
    {"status": 200, "body": instance("public", "public")},
    {"status": 200, "body": {"configuration": {}}},  # before 4.5: no timelines_access
])
async def test_a_server_that_does_not_say_or_allows_is_read_without_a_word(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, answer: dict[str, Any],
        caplog: pytest.LogCaptureFixture) -> None:
    net.json("GET", INSTANCE, answer["body"], status=answer["status"])
    net.json("GET", TAG, [])
    src = source(net, client, clock)
    with caplog.at_level(logging.WARNING):
        assert await src.poll() == []
    assert src.failing_parts() == {}
    assert not [r for r in caplog.records if "hashtag feeds" in r.getMessage()]


async def test_no_hashtags_no_instance_read(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    net.json("GET", INSTANCE, instance("disabled", "disabled"))
    net.json("GET", "/api/v1/notifications", [])
    src = source(net, client, clock, hashtags=(), notifications=True, token="t")
    net.json("GET", "/api/v1/accounts/verify_credentials", {"id": "1", "username": "a",
                                                            "acct": "a", "url": net.base})
    await src.poll()
    assert net.requests_to(INSTANCE) == []


async def test_a_search_that_finds_nothing_at_all_at_first_is_said_once(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """Mastodon says nowhere whether it searches text (no Elasticsearch: every statuses
    search answers ``{"statuses": []}``; StatusesSearchService, SearchService
    ``full_text_searchable?``): a search source read nothing, poll after poll, without a word.
    A search whose first poll found no status at all, not even an old one, is said once, with
    what may cause it."""
    net.json("GET", "/api/v2/search", {"accounts": [], "statuses": [], "hashtags": []})
    src = source(net, client, clock, hashtags=(), queries=("acme outage",), token="t")
    net.json("GET", "/api/v1/accounts/verify_credentials", {"id": "1", "username": "a",
                                                            "acct": "a", "url": net.base})
    with caplog.at_level(logging.INFO):
        for _ in range(3):
            assert await src.poll() == []
            clock.advance(seconds=60)
    said = [r.getMessage() for r in caplog.records if "full-text search" in r.getMessage()]
    assert len(said) == 1, said
    assert "search:acme outage" in said[0]
