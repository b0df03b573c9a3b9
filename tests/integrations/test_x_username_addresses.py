"""A tweet's author's ``username`` (``includes.users[]``) is pasted into its addresses: one that
is no X username (developer.x.com, the User object: 1 to 15 letters, digits or ``_``) shapes
none, and the card opens the tweet by id (``https://x.com/i/web/status/<id>``, which X
redirects to the tweet). On DevRel's recorded entity example (tests/fixtures/real/x)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from bot.core.models import Mention, RouteHit, Signal
from handlers.cards import alert_card
from integrations.discord.render import render
from integrations.slack.render import render_card
from integrations.social.x.parse import normalize_tweet, parse_page

X = Path(__file__).parents[1] / "fixtures" / "real" / "x"
AUTHOR = "2244994945"


def tweet_by(username: Any) -> Mention:
    page = json.loads((X / "tweet_lookup_entities_urls_unwound_postman_example.json")
                      .read_text(encoding="utf-8"))
    page["data"]["author_id"] = AUTHOR
    page["includes"] = {"users": [{"id": AUTHOR, "username": username, "name": "Twitter Dev"}]}
    parsed = parse_page(page)
    return normalize_tweet(parsed.tweets[0], parsed.users, source="x")


@pytest.mark.parametrize("username", ["jack/status/20?", "a#b", "../evil", "sixteen_letters_", ""])
def test_a_username_that_is_none_shapes_no_address(
        username: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        m = tweet_by(username)
    assert m.url == "https://x.com/i/web/status/1275828087666679809"
    assert m.author.profile_url == f"https://x.com/i/user/{AUTHOR}"
    assert m.author.handle == AUTHOR
    if username:
        assert "is no X username" in caplog.text

    hit = RouteHit(route="support", action="alert", workspace="w", channel="C1")
    card = alert_card(Signal(mention=m, routes=(hit,)), hit, key="k")
    slack = render_card(card)
    assert [e.get("url") for b in slack.blocks if b["type"] == "actions"
            for e in b["elements"] if e.get("url")] == [m.url]
    view = render(card).view
    assert [getattr(i, "url", None) for i in (view.children if view else [])
            if getattr(i, "url", None)] == [m.url]
    assert "status/20" not in json.dumps(slack.blocks)


def test_a_username_keeps_its_addresses() -> None:
    m = tweet_by("Twitter_Dev1")
    assert m.url == "https://x.com/Twitter_Dev1/status/1275828087666679809"
    assert m.author.profile_url == "https://x.com/Twitter_Dev1"
    assert m.author.handle == "Twitter_Dev1"
