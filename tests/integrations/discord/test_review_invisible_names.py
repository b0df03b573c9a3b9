"""An author's name that draws nothing (zero-width characters, soft hyphens, bidi marks, the
braille blank U+2800, Hangul fillers) and a card title of soft hyphens, posted by discord.py's
own client to the local Discord: what arrives shows a name or the card's key, never a blank.

The soft hyphen (U+00AD) and the braille blank survive ``clean`` (a soft hyphen is a real
hyphenation point in a German post's word), so a handle made of them was the card's author:
"Mastodon mention by @" and an author line " · Mastodon" showed an author with no name, and a
thread named only with soft hyphens showed none at all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.cards import Card
from bot.core.config import DiscordWorkspaceConfig
from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.text import is_blank, normalise
from handlers.cards import alert_card
from integrations.discord.workspace import DiscordWorkspace
from tests.integrations.discord.test_review_thread_names import _thread_name
from tests.support.fake_discord import FakeDiscord

BLANK_NAMES = [
    "\u00ad\u00ad\u00ad",
    "\u2800",
    "\u200b\u00ad\u200e\u2800\u3164\u115f\u1160\uffa0",
    "\u2067\u00ad\u2069 \u2800",
]


def _alert(handle: str, *, display_name: str | None = "Kasia") -> Card:
    m = Mention(id="mastodon:1", network="mastodon", source="s", text="hi",
                url="https://m.example/@a/1",
                author=Author(id="110000000000000001", handle=handle,
                              display_name=display_name, profile_url="https://m.example/@a"),
                created_at=datetime(2026, 1, 1, tzinfo=UTC))
    hit = RouteHit(route="r", action="alert", workspace="discord", channel="c")
    return alert_card(Signal(mention=normalise(m), routes=(hit,)), hit, key="k")


async def _posted(ws_config: DiscordWorkspaceConfig, fake: FakeDiscord,
                  card: Card) -> dict[str, object]:
    ws = DiscordWorkspace(ws_config)
    try:
        ref = await ws.post(fake.channel_id, card)
    finally:
        await ws.close()
    return fake.messages[ref.message_id]


@pytest.mark.parametrize("handle", BLANK_NAMES)
async def test_a_handle_that_draws_nothing_gives_way_to_the_display_name(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, handle: str) -> None:
    msg = await _posted(ws_config, fake, _alert(handle))
    [e] = msg["embeds"]  # type: ignore[misc]
    assert e["author"]["name"] == "Kasia · Mastodon"
    assert e["title"] == "Mastodon mention by \\@Kasia"


@pytest.mark.parametrize("handle", BLANK_NAMES)
async def test_no_name_that_draws_anything_falls_back_to_the_author_id(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, handle: str) -> None:
    msg = await _posted(ws_config, fake, _alert(handle, display_name=handle))
    [e] = msg["embeds"]  # type: ignore[misc]
    assert e["author"]["name"] == "110000000000000001 · Mastodon"


@pytest.mark.parametrize("name", [*BLANK_NAMES, "@\u00ad"])
async def test_a_card_whose_author_draws_nothing_shows_the_network_alone(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, name: str) -> None:
    """A card built elsewhere (a queued card of an older version) with such an author."""
    card = Card(kind="alert", key="k", title="a post", text="hi", author=name,
                network="mastodon", network_name="Mastodon")
    msg = await _posted(ws_config, fake, card)
    [e] = msg["embeds"]  # type: ignore[misc]
    assert e["author"]["name"] == "Mastodon"


@pytest.mark.parametrize("title", ["\u00ad" * 5, "\u00ad \u2800 \u3164\u00ad"])
async def test_a_thread_named_only_with_soft_hyphens_is_named_by_the_key(
        ws_config: DiscordWorkspaceConfig, fake: FakeDiscord, title: str) -> None:
    card = Card(kind="ticket", key="T-7", title=title, text="hi", status="open")
    name = await _thread_name(ws_config, fake, card)
    assert name == "T-7" and not is_blank(name)
