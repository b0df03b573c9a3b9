"""A status's addresses that are no place to open (``javascript:``, ``data:``, no host), over
real HTTP: a local server answering a hashtag timeline of real recorded statuses, the middle
one's addresses replaced. Each such address is left out, and the status's good ``uri`` is its
address when its ``url`` is not one."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

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
                                  hashtags=("#socialops",), timeout=0.5)
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
