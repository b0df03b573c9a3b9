"""A post's address holding a user name or a password (``https://acme.com@evil.example/``) is
linked nowhere, on Slack or on Discord (a hostile-content review, 2026-12-07).

RFC 9110, section 4.2.4: "Before making use of an "http" or "https" URI reference received
from an untrusted source, a recipient SHOULD parse for userinfo and treat its presence as an
error; it is likely being used to obscure the authority for the sake of phishing attacks."
An RSS entry's link, an author's uri, a link a burst of posts shares (a spike card's "The link
shared") are the network's to choose: ``https://www.acme.com@evil.example/refund`` reads as
acme.com on a button's or a link's hover and opens evil.example, and
``https://admin:hunter2@intranet.example/`` showed its password to the channel. Both were
linked: the card's title and author line, its Open button, its "Read the full post" link, a
Published field and an answer's own link. Now the card is delivered as before, unlinked there,
as for any address a workspace does not take (``javascript:``, a bidi control)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.cards import Button, Card, CardField, Reply
from integrations.discord.inbound import reply_payload
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card, render_text
from tests.integrations.discord.reader import discord_view
from tests.integrations.workspaces.test_link_labels import FEED, carded, read
from tests.integrations.workspaces.test_slack_contract import slack_view

USERINFO = [
    "https://www.acme.com@evil.example/refund",
    "https://admin:hunter2@intranet.example/report",
    "https://evil.example\\@acme.com/phish",  # a browser opens evil.example
    "http://ana@social.example/@ana/1",
    "https://:pw@social.example/",
]


def rss_card(url: str) -> Card:
    """An RSS entry linking to ``url``, its author's uri ``url`` too, carded as a route
    posts it, with a long text (a "Read the full post" link) and a field holding ``url``."""
    feed = (FEED.replace(b"https://blog.example/1", url.encode().replace(b"&", b"&amp;"))
            .replace(b"https://evil.example/phish", url.encode().replace(b"&", b"&amp;"))
            .replace(b"https://acme.com/support/login", b"ana")
            .replace(b"<summary>hi</summary>", b"<summary>" + b"refund please " * 400
                     + b"</summary>"))
    card = carded(read(feed))
    assert card.url == url and card.author_url == url  # the reader keeps what the feed says
    return card.model_copy(update={"fields": (CardField(name="Published", value=url),)})


def slack_links(card: Card) -> frozenset[str]:
    msg = render_card(card)
    return slack_view({"text": msg.text, "blocks": msg.blocks}).links


def discord_links(card: Card) -> frozenset[str]:
    r = discord_render(card)
    rows = [] if r.view is None else r.view.to_components()
    message: dict[str, Any] = {"content": r.content, "embeds": [r.embed.to_dict()],
                               "components": rows}
    return discord_view(message, allowed_mentions=r.allowed_mentions.to_dict()).links


def test_a_plain_address_is_linked_everywhere_the_card_links() -> None:
    """The control: the same card with an address holding no user name links it on both."""
    card = rss_card("https://blog.example/1")
    assert "https://blog.example/1" in slack_links(card)
    assert "https://blog.example/1" in discord_links(card)
    r = discord_render(card)
    assert r.embed.url == "https://blog.example/1"
    assert r.embed.author.url == "https://blog.example/1"


@pytest.mark.parametrize("url", USERINFO)
def test_an_address_with_a_user_name_is_linked_nowhere_on_slack(url: str) -> None:
    card = rss_card(url)
    assert slack_links(card) == frozenset()
    msg = render_card(card)
    assert any(b["type"] == "section" and "refund please" in str(b) for b in msg.blocks)


@pytest.mark.parametrize("url", USERINFO)
def test_an_address_with_a_user_name_is_linked_nowhere_on_discord(url: str) -> None:
    card = rss_card(url)
    assert discord_links(card) == frozenset()
    r = discord_render(card)
    assert r.embed.url is None and r.embed.author.url is None and r.view is None
    assert "refund please" in (r.embed.description or "")


@pytest.mark.parametrize("url", USERINFO)
def test_a_spike_shares_such_an_address_and_no_button_opens_it(url: str) -> None:
    """A burst of posts sharing one link: the card's "The link shared" button opened it."""
    card = Card(kind="spike", key="spike:1", title=f"Spike: 40 posts share one link: {url}",
                url=url, buttons=(Button(action="open", label="The link shared",
                                         target="1", url=url),))
    assert slack_links(card) == frozenset()
    assert discord_links(card) == frozenset()


@pytest.mark.parametrize("url", USERINFO)
def test_an_answer_naming_such_an_address_links_it_nowhere(url: str) -> None:
    """An answer's own address (``Reply.links``: a published post's, as its network
    answered it) is linked on both platforms; not one holding a user name."""
    text = f"A-1 approved and published: {url}"
    msg = render_text(text, links=(url,))
    assert slack_view({"text": msg.text, "blocks": msg.blocks}).links == frozenset()
    body = reply_payload(Reply(text=text, links=(url,)))
    assert discord_view({"content": body["content"]},
                        allowed_mentions=body["allowed_mentions"]).links == frozenset()
