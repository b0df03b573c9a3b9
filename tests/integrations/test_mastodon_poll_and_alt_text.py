"""What a status says beyond its ``content``: its poll's options ("title: The text value of the
poll option", docs.joinmastodon.org/entities/Poll) and its attachments' descriptions
("description: Alternate text that describes what is in the media attachment",
entities/MediaAttachment). Mastodon's full-text search finds a status by both
(``Status::SearchConcern#searchable_text``: spoiler text, plain text, poll options, media
descriptions), and every client shows them with the post: a status found by ``queries:
[acme]`` whose only "acme" was a poll option or an image's description read as text without
it, so ``any: [acme]`` never fired and no card was made, and a poll's card showed its question
without its choices. Against the local server, with the real recorded statuses."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from integrations.social.mastodon.parse import normalize_status
from integrations.social.mastodon.source import MastodonSource
from rules import compile_router
from tests.conftest import FakeClock
from tests.integrations.test_mastodon import config
from tests.rules.support import T0, facts, rules
from tests.support.fakes import Cursors
from tests.support.netserver import NetServer

REAL = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"


def load(name: str) -> Any:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


def fires(text: str) -> bool:
    router = compile_router(rules("routes:\n  - name: r\n    match: {any: [acme]}\n"
                                  "    channel: support\n"), [])
    return [h.route for h in router.route(facts(text), T0).hits] == ["r"]


def test_a_polls_options_and_an_attachments_description_are_read() -> None:
    poll = normalize_status(load("status_with_poll.json"), source="m1")
    assert poll.text == "secret test poll :hecker:\nPoll: real / fr fr / so true / :hecker:"
    gif = normalize_status(load("status_edited_cw_mention_customemoji_gifv.json"),
                           source="m1")
    assert gif.text.startswith("CW: test post for mastodon.py stuff\n@halcy")
    assert gif.text.endswith("#ThisIsAHashtag\nGIF description: a furry cube breakdancing")


async def test_a_status_search_found_by_a_poll_option_or_alt_text_fires_the_rule(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    poll = copy.deepcopy(load("status_with_poll.json"))
    poll["content"] = "<p>Which bank app crashed on you this week?</p>"
    poll["poll"]["options"] = [{"title": "Acme", "votes_count": 8},
                               {"title": "Globex", "votes_count": 3}]
    image = copy.deepcopy(load("status_edited_cw_mention_customemoji_gifv.json"))
    image["id"], image["content"], image["spoiler_text"] = "110446223051565766", "<p>ugh</p>", ""
    image["media_attachments"][0].update(
        type="image", description="Screenshot: the Acme app says error 500 at checkout")
    net.json("GET", "/api/v2/search", {"accounts": [], "hashtags": [],
                                       "statuses": [image, poll]})
    clock.now = datetime(2023, 5, 29, 12, 0, tzinfo=UTC)
    src = MastodonSource(config(net, hashtags=(), queries=("acme",), token="tok",
                                backfill_minutes=60 * 24 * 2),
                         store=Cursors(), client=client, clock=clock)
    got = {m.native_id: m for m in await src.poll()}
    assert set(got) == {poll["id"], image["id"]}
    assert got[poll["id"]].text.endswith("\nPoll: Acme / Globex")
    assert fires(got[poll["id"]].text) and fires(got[image["id"]].text)
