"""A right-to-left author's name is isolated (FSI ... PDI) on every card that shows it, Slack
and Discord: an Arabic or Hebrew name took the card's own neutral characters and digits after
it into its run, and one starting the Discord author line turned "@name · Mastodon" round.
Bidi controls inside the name (RLO, RLE, LRI, ...) are still dropped; only our pair is added."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.cards import Card
from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.text import FSI, PDI, normalise
from handlers.cards import alert_card
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card

NAMES = {  # handle as the network sent it -> the name as shown, isolated
    "\u202eمحمد 12\u202c": f"{FSI}محمد 12{PDI}",
    "\u2067שרה\u2069": f"{FSI}שרה{PDI}",
    "\u202bعلي\u202c @everyone": f"{FSI}علي @everyone{PDI}",
}


def _card(handle: str) -> Card:
    m = Mention(id="mastodon:1", network="mastodon", source="s", text="hi",
                url="https://m.example/@a/1",
                author=Author(id="a", handle=handle, profile_url="https://m.example/@a"),
                created_at=datetime(2026, 1, 1, tzinfo=UTC))
    hit = RouteHit(route="r", action="alert", workspace="w", channel="c")
    return alert_card(Signal(mention=normalise(m), routes=(hit,)), hit, key="k")


@pytest.mark.parametrize(("handle", "shown"), NAMES.items())
def test_slack_isolates_the_name_in_title_context_and_notification(
        handle: str, shown: str) -> None:
    msg = render_card(_card(handle))
    header, context = msg.blocks[0], msg.blocks[1]
    assert header["text"]["text"] == f"🔔 Mastodon mention by @{shown}"
    who = context["elements"][0]["text"]
    assert who.startswith("*Mastodon* · \u2068<https://m.example/@a|@") and who.endswith(PDI)
    assert "<!everyone>" not in who and "<!" not in who
    assert msg.text.endswith(PDI)
    for text in (header["text"]["text"], who, msg.text):  # no control of the post's own
        assert not set(text) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067")
        assert text.count(FSI) == text.count(PDI) == 1


@pytest.mark.parametrize(("handle", "shown"), NAMES.items())
def test_discord_isolates_the_name_in_title_and_author(handle: str, shown: str) -> None:
    e = discord_render(_card(handle)).embed.to_dict()
    assert e["author"]["name"] == f"{shown} · Mastodon"
    assert e["title"].startswith("Mastodon mention by \\@\u2068") and e["title"].endswith(PDI)
    assert "@everyone" not in e["title"].replace("\\@everyone", "")
    for text in (e["author"]["name"], e["title"]):
        assert not set(text) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067")
        assert text.count(FSI) == text.count(PDI) == 1


def test_a_left_to_right_name_is_shown_as_before() -> None:
    card = _card("kasia@mastodon.social")
    assert FSI not in str(render_card(card).blocks)
    assert FSI not in str(discord_render(card).embed.to_dict())


