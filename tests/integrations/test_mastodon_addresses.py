"""A status's addresses that are no place to open (``javascript:``, ``data:``, no host), over
real HTTP: a local server answering a hashtag timeline of real recorded statuses, the middle
one's addresses replaced. Each such address is left out, and the status's good ``uri`` is its
address when its ``url`` is not one."""

from __future__ import annotations

import copy
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.core.models import Mention
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"
TAG = "/api/v1/timelines/tag/socialops"
NOW = datetime(2026, 8, 1, 14, 0, tzinfo=UTC)
JS = "javascript:alert(document.cookie)"


def statuses() -> list[dict[str, Any]]:
    page = json.loads((REAL / "account_statuses_page_limit5.json").read_text(encoding="utf-8"))
    gifv = json.loads((REAL / "status_edited_cw_mention_customemoji_gifv.json")
                      .read_text(encoding="utf-8"))
    out = []
    for n, recorded in enumerate((page[0], gifv, page[1])):
        status = copy.deepcopy(recorded)
        status["id"] = str(117020580518794573 - n)
        status["created_at"] = (NOW - timedelta(minutes=5 + n)).isoformat()
        out.append(status)
    return out


async def test_addresses_that_open_nothing_are_left_out(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    page = statuses()
    hostile = page[1]
    uri = hostile["uri"]
    media = hostile["media_attachments"][0]["url"]
    hostile["url"] = JS  # hid the good uri: the card's link was this
    hostile["account"]["url"] = "data:text/html,<script>alert(1)</script>"
    hostile["card"] = {"url": "javascript:void(0)", "title": "t"}
    hostile["media_attachments"][0]["remote_url"] = JS  # its url, on the server, is good
    hostile["emojis"][0]["url"] = "vbscript:msgbox(1)"
    net.json("GET", TAG, page)
    clock.now = NOW
    config = MastodonSourceConfig(id="m1", type="mastodon", base_url=net.base,
                                  hashtags=("#socialops",), timeout=1.0)
    got = {m.native_id: m for m in await MastodonSource(config, store=Cursors(), client=client,
                                                         clock=clock).poll()}
    assert len(got) == 3
    m = got[hostile["id"]]
    assert m.url == uri
    assert m.author.profile_url is None
    assert m.media == (media,)
    assert all(link.startswith(("http://", "https://")) for link in m.links)
    assert "_emoji_urls" not in m.raw or all(
        u.startswith("https://") for u in m.raw["_emoji_urls"].values())
    # the others as they were sent
    assert got[page[0]["id"]].url == page[0]["url"]
    assert got[page[0]["id"]].author.profile_url == page[0]["account"]["url"]


async def poll_with(net: NetServer, client: httpx.AsyncClient, clock: FakeClock,
                    page: list[dict[str, Any]]) -> tuple[MastodonSource, dict[str, Mention]]:
    net.json("GET", TAG, page)
    clock.now = NOW
    config = MastodonSourceConfig(id="m1", type="mastodon", base_url=net.base,
                                  hashtags=("#socialops",), timeout=1.0)
    src = MastodonSource(config, store=Cursors(), client=client, clock=clock)
    return src, {m.native_id: m for m in await src.poll()}


# Status.url: "A link to the status's HTML representation" (nullable); Status.uri: "URI of the
# status used for federation" (docs.joinmastodon.org/entities/Status#url, #uri)
@pytest.mark.parametrize("url", [JS, "//evil.example/@a/1", "ftp://evil.example/@a/1", "",
                                 42, {"href": "https://evil.example/"}])
async def test_a_url_that_is_no_web_address_is_refused_said_and_counted(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, url: Any,
        caplog: pytest.LogCaptureFixture) -> None:
    """A status's ``url`` that was no http(s) address was dropped silently (its ``uri`` took
    its place, nothing said), where every other network's refused address is one warning
    line and one count. It is refused so now; the https ``uri`` is the address."""
    page = statuses()
    hostile = page[1]
    hostile["url"] = url
    with caplog.at_level(logging.WARNING):
        src, got = await poll_with(net, client, clock, page)
    assert len(got) == 3 and got[hostile["id"]].url == hostile["uri"]
    assert src.skipped.total == 1
    [line] = [r.getMessage() for r in caplog.records]
    assert line.startswith(f"mastodon source m1: mastodon:{hostile['id']}: url ")
    assert line.endswith("is no http(s) address; addressed by its uri")


@pytest.mark.parametrize("uri", [JS, "http://mastodon.example/users/a/statuses/1", None])
async def test_with_no_https_uri_either_the_status_has_no_address(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, uri: Any) -> None:
    page = statuses()
    hostile = page[1]
    hostile["url"], hostile["uri"] = JS, uri
    src, got = await poll_with(net, client, clock, page)
    assert got[hostile["id"]].url is None
    assert src.skipped.total == 1 and src.skipped[0].endswith("; no address")


async def test_a_null_url_is_no_refusal(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Status.url is nullable: none is the uri's place, nothing refused."""
    page = statuses()
    page[1]["url"] = None
    src, got = await poll_with(net, client, clock, page)
    assert got[page[1]["id"]].url == page[1]["uri"] and src.skipped.total == 0
