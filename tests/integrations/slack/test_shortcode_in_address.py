"""A ``:name:`` inside an address in mrkdwn (an author's name, a badge): a DID's method's
colons stay (``did:plc:abc``), and a colon closing no ``:name:``; every other ``:name:`` gets
fullwidth colons (tests/integrations/slack/test_review_shortcode_in_bare_address.py), and a
name holding ``_`` above all: it is an emoji's (``:white_check_mark:``, ``:large_green_circle:``,
``:rotating_light:``), never a DID's, an IPv6 address's or a time's: kept, Slack could draw
it beside the author as if it were one of the card's own status marks. Its colons are swapped
for the fullwidth ones like any shortcode's outside an address."""

from __future__ import annotations

import json

import pytest

from bot.core.cards import Card
from integrations.slack.escape import neutral
from integrations.slack.render import render_card

FULL = "\uff1a"


@pytest.mark.parametrize("name", ["white_check_mark", "large_green_circle", "rotating_light",
                                  "heavy_check_mark", "no_entry_sign", "a_b"])
def test_an_emoji_name_with_an_underscore_inside_an_address_is_not_drawn(name: str) -> None:
    author = f"ana https://status.example/ok:{name}:done"
    msg = render_card(Card(kind="alert", key="K", title="t", text="hello", author=author,
                           badges=(f"see https://x.example/a:{name}:b",)))
    mrkdwn = [e["text"] for b in msg.blocks if b["type"] == "context"
              for e in b["elements"] if e["type"] == "mrkdwn"]
    shown = json.dumps(mrkdwn, ensure_ascii=False)
    assert f":{name}:" not in shown
    assert f"ok{FULL}{name}{FULL}done" in shown and f"a{FULL}{name}{FULL}b" in shown


@pytest.mark.parametrize("address", [
    "did:plc:abc123xyz", "http://[::1]:8080/", "https://example.com/a:b/c",
    "https://mastodon.example/@ana/tags/time:10", "at://did:web:acme.example/x/y"])
def test_an_identifier_s_colons_stay(address: str) -> None:
    assert neutral(f"see {address} now") == f"see {address} now"
