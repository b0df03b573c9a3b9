"""A right-to-left author's name is isolated (FSI ... PDI) on every card that shows it, Slack
and Discord: an Arabic or Hebrew name took the card's own neutral characters and digits after
it into its run, and one starting the Discord author line turned "@name · Mastodon" round.
Bidi controls inside the name (RLO, RLE, LRI, ...) are still dropped; only our pair is added."""

from __future__ import annotations

import unicodedata
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




@pytest.mark.parametrize("handle", ["\u202e>محمد", "+שרה 2", "@محمد", ">علي & <!here>",
                                    "\ufdd1محمد\ufdd0"])  # markers of its own: not ours
def test_a_name_starting_with_markup_is_isolated_too(handle: str) -> None:
    """The name was looked for in the line as escaped, escaped alone: Slack's notification
    text turns a ">" starting a text into "＞" (a quote), not one inside a line, and Discord
    escapes a "+" only first on a line, so "&gt;محمد" and "\\+שרה" were not found in their
    lines and the name was shown as it was, reordering the words after it."""
    msg = render_card(_card(handle))
    e = discord_render(_card(handle)).embed.to_dict()
    for text in (msg.blocks[0]["text"]["text"], msg.text, e["title"]):
        assert text.count(FSI) == text.count(PDI) == 1, text
        assert text.endswith(PDI), text  # the name ends the title
        inside = text[text.index(FSI) + 1:text.index(PDI)]
        assert any(unicodedata.bidirectional(c) in ("R", "AL") for c in inside), text
        assert not inside.startswith(("@", "\\@")), text  # the "@" is the card's, outside
    assert "<!here>" not in msg.text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == FSI) - (ch == PDI)
        if depth not in (0, 1):
            return False
    return depth == 0


ADLAM = "𞤀𞤣𞤤𞤢𞤥 " * 17  # 102 characters, 170 UTF-16 code units: Slack cuts the header in it


def test_a_name_cut_at_slacks_header_limit_is_still_closed() -> None:
    """Slack's header holds 150 UTF-16 code units: an Adlam name (right to left, each
    letter two units) of 100 characters is cut there. The name was then not found whole in
    the header and not isolated at all; now the isolate is opened before it and closed after
    what is kept of it, and no letter is split."""
    import regex

    from bot.core.models import Ticket
    from bot.core.text import utf16_len
    from handlers.cards import ticket_card

    ticket = Ticket(id="T-12345", signal_id="mastodon:1", route="r", customer_key="c",
                    conversation_key="k", created_at=datetime(2026, 1, 1, tzinfo=UTC),
                    priority="P1", overdue=True)
    signal = Signal(mention=normalise(Mention(
        id="mastodon:1", network="mastodon", source="s", text="hi",
        author=Author(id="a", handle=ADLAM), created_at=datetime(2026, 1, 1, tzinfo=UTC))))
    for card in (_card(ADLAM), ticket_card(ticket, signal)):  # and as a ticket, P1, overdue
        header = render_card(card).blocks[0]["text"]["text"]
        assert utf16_len(header) <= 150, header
        assert _balanced(header) and header.endswith(f"…{PDI}"), header
        kept = header[header.index(FSI) + 1:-2]
        assert kept and set(regex.findall(r"\X", kept)) <= set(regex.findall(r"\X", ADLAM))


def test_a_name_cut_at_discords_title_limit_is_still_closed() -> None:
    """Discord's title holds 256 characters: a title whose author's name runs past them (a
    long name after the card's own words) kept the isolate's start, not its end, or (as
    before) none; and no escape is split at the cut ("\\*" stays whole before the PDI)."""
    name = "שרה*" * 40
    card = Card(kind="alert", key="k", title="word " * 40 + f"by @{name} on Mastodon",
                author=name, network="mastodon")
    title = discord_render(card).embed.to_dict()["title"]
    assert len(title) <= 256, len(title)
    assert _balanced(title) and title.endswith(PDI) and FSI in title, title
    before = title[:-1].removesuffix("…")
    assert (len(before) - len(before.rstrip("\\"))) % 2 == 0, title  # no backslash left alone
