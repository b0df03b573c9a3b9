"""A link's text may not name another site than the one it opens, on any workspace: an RSS
author is free text, and ``<name>https://acme.com/support/login</name>`` with
``<uri>https://evil.example/phish</uri>`` must not become a link reading "acme.com" that goes to
evil.example (found by the hostile-input tester, /tmp/hostile/repro_author_label.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.core.cards import Button, Card
from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.text import names_another_site, normalise
from handlers.cards import alert_card
from integrations.console.workspace import render as console_render
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card
from integrations.social.rss.parse import parse_feed

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id>
<updated>2026-01-01T00:00:00Z</updated>
<entry><id>urn:1</id><title>acme refund form</title><link href="https://blog.example/1"/>
<updated>2026-01-01T00:00:00Z</updated>
<author><name>https://acme.com/support/login</name><uri>https://evil.example/phish</uri></author>
<summary>hi</summary></entry></feed>"""
_SLACK_LINK = re.compile(r"<([^<>|]+)\|([^<>]*)>")


def read(feed: bytes) -> Mention:
    """The one entry of ``feed`` as the RSS source reads it."""
    [m] = parse_feed(feed, feed_url="https://blog.example/feed", headers={}, source="rss",
                     first_seen=datetime(2026, 1, 2, tzinfo=UTC)).mentions
    return m


def carded(m: Mention) -> Card:
    """``m``'s alert card, as a route posts it."""
    hit = RouteHit(route="r", action="alert", workspace="w", channel="c")
    return alert_card(Signal(mention=normalise(m), routes=(hit,)), hit, key=m.id)


def slack_texts(card: Card) -> list[str]:
    """The mrkdwn texts of ``card``'s context elements on Slack."""
    return [e["text"] for b in render_card(card).blocks for e in b.get("elements", ())
            if e.get("type") == "mrkdwn"]


def assert_the_blog_links_stay(words: str) -> None:
    """A feed's entry titled and signed ``words``, the author linking to their own blog:
    read, carded and rendered, the title stays the Discord embed's link and the author the
    link's text on Slack and Discord."""
    feed = (FEED.replace(b"acme refund form", words.encode())
            .replace(b"https://acme.com/support/login", words.encode())
            .replace(b"https://evil.example/phish", b"https://blog.example/about"))
    card = carded(read(feed))
    assert any(f"<https://blog.example/about|@{words}>" in t for t in slack_texts(card))
    embed = discord_render(card).embed.to_dict()
    assert embed["url"] == "https://blog.example/1"
    assert embed["author"]["url"] == "https://blog.example/about"


def rss_card() -> Card:
    card = carded(read(FEED))
    return card.model_copy(update={"buttons": (
        *card.buttons,
        Button(action="open", label="www.acme.com/refunds", target="s",
               url="https://evil.example/refunds"),
    )})


def test_slack_shows_a_label_naming_another_site_as_plain_text() -> None:
    msg = render_card(rss_card())
    mrkdwn = [e["text"] for b in msg.blocks for e in b.get("elements", ())
              if e.get("type") == "mrkdwn"]
    assert "*RSS* · @https://acme.com/support/login" in mrkdwn
    assert not any(_SLACK_LINK.search(t) for t in mrkdwn)
    labels = {e["url"]: e["text"]["text"] for b in msg.blocks if b["type"] == "actions"
              for e in b["elements"]}
    assert labels["https://evil.example/refunds"] == "Open link"
    assert labels["https://blog.example/1"] == "Open on RSS"


def test_discord_shows_a_label_naming_another_site_unlinked() -> None:
    r = discord_render(rss_card())
    e = r.embed.to_dict()
    assert e["author"] == {"name": "https://acme.com/support/login · RSS"}  # no url
    assert "url" not in e and "acme" in e["title"]  # the title names acme.com: not a link
    assert e["description"].endswith("[Open the post](https://blog.example/1)")
    assert r.view is not None
    labels = {c["url"]: c["label"] for row in r.view.to_components()
              for c in row["components"]}
    assert labels == {"https://blog.example/1": "Open on RSS",
                      "https://evil.example/refunds": "Open link"}


def test_a_backslash_in_the_address_does_not_make_it_another_sites() -> None:
    """``https://evil.example\\@acme.com/phish``: urlsplit takes "evil.example\\" for a user
    name and acme.com for the host, so the author's name "https://acme.com/support/login"
    was the label of a link every browser opens at evil.example."""
    m = read(FEED.replace(b"https://evil.example/phish", b"https://evil.example\\@acme.com/phish"))
    assert m.author.profile_url == "https://evil.example\\@acme.com/phish"
    card = carded(m)
    mrkdwn = slack_texts(card)
    assert "*RSS* · @https://acme.com/support/login" in mrkdwn
    assert not any(_SLACK_LINK.search(t) for t in mrkdwn)
    assert discord_render(card).embed.to_dict()["author"] == {
        "name": "https://acme.com/support/login · RSS"}


@pytest.mark.parametrize("name", ["acme\u00ad.com", "acme.c\u00adom", "acme\ufe0f.com",
                                  "acme\u180b.com", "acme\u180f.com", "acme\U000e0101.com",
                                  "https://acme\u00ad.com/support/login"])
def test_an_author_named_with_an_unseen_character_is_no_link_to_another_site(name: str) -> None:
    """An RSS author called "acme\u00ad.com" (a soft hyphen, which ``clean`` keeps and no
    reader sees mid-line; or a variation selector, Mongolian's free ones U+180B-180F too)
    whose uri is evil.example: the name was read as no site, and Slack and Discord linked
    "acme.com" to evil.example."""
    m = read(FEED.replace(b"https://acme.com/support/login", name.encode()))
    assert m.author.handle == name and m.author.profile_url == "https://evil.example/phish"
    card = carded(m)
    mrkdwn = slack_texts(card)
    assert not any(_SLACK_LINK.search(t) for t in mrkdwn), mrkdwn
    assert "url" not in discord_render(card).embed.to_dict()["author"]


@pytest.mark.parametrize("dot", ["\ua4f8", "\u0660", "\u0701"])
def test_an_author_named_with_a_lookalike_dot_is_no_link_to_another_site(dot: str) -> None:
    """An RSS author called "acmeꓸcom" (Lisu's tone mark, drawn as a full stop) whose uri is
    evil.example: read from the feed, carded and rendered, neither Slack nor Discord links the
    name to evil.example (both did)."""
    card = carded(read(FEED.replace(b"https://acme.com/support/login", f"acme{dot}com".encode())))
    mrkdwn = slack_texts(card)
    # a right-to-left dot (Syriac's) makes the name one Slack isolates (FSI ... PDI)
    assert f"*RSS* · @acme{dot}com" in [t.replace("\u2068", "").replace("\u2069", "")
                                        for t in mrkdwn]
    assert not any(_SLACK_LINK.search(t) for t in mrkdwn)
    name = f"\u2068acme{dot}com\u2069" if dot == "\u0701" else f"acme{dot}com"
    assert discord_render(card).embed.to_dict()["author"] == {"name": f"{name} · RSS"}


def test_the_console_draws_no_labelled_links() -> None:
    shown = console_render(rss_card(), channel="c")
    assert "\x1b]8;" not in shown  # no OSC 8 hyperlink: every URL shows as itself


@pytest.mark.parametrize(("label", "url", "expect"), [
    ("@https://acme.com/support/login", "https://evil.example/phish", True),
    ("@acme.com", "https://evil.example/acme.com", True),
    ("Visit ACME.COM", "https://evil.example/", True),
    ("www.acme.com", "https://acme.com.evil.example/", True),
    ("acme\uff0ecom", "https://evil.example/", True),  # a fullwidth dot reads as a dot
    ("@paypal\u3002com", "https://evil.example/@x", True),  # so do the ideographic ones
    ("paypal\uff61com", "https://evil.example/@x", True),
    ("Verify at paypal\u3002com", "https://evil.example/x", True),
    ("сбербанк.рф", "https://evil.example/", True),  # a top-level domain in any script
    # the other dots of Unicode's confusables.txt drawn on the line as a full stop is: Lisu's
    # tone mark, the Arabic-Indic zeros, Syriac's and Vai's full stops, Kharoshthi's dot
    ("acme\ua4f8com", "https://evil.example/", True),
    ("paypal\u0660com", "https://evil.example/", True),
    ("paypal\u06f0com", "https://evil.example/", True),
    ("Verify at acme\u0701com", "https://evil.example/", True),
    ("acme\u0702com", "https://evil.example/", True),
    ("acme\ua60ecom", "https://evil.example/", True),
    ("acme\U00010a50com", "https://evil.example/", True),
    ("acme.0rg", "https://evil.example/", True),  # a zero for its o: .org, to a reader
    ("acme.0rg", "https://acme.org/", False),
    # the negative squared and circled letters of fancy text, which NFKC leaves (🄰 it reads)
    ("\U0001F170\U0001F172\U0001F17C\U0001F174.com", "https://evil.example/", True),
    ("\U0001F150\U0001F152\U0001F15C\U0001F154.com", "https://evil.example/", True),
    ("\U0001F17F\ufe0f parking", "https://evil.example/", False),
    ("@bob@mastodon\ua4f8social", "https://mastodon.social/@bob", False),
    ("\u0633\u0646\u0629 \u0662\u0660\u0662\u0666", "https://evil.example/", False),  # a year
    ("@bob@mastodon\u3002social", "https://mastodon.social/@bob", False),
    ("@bob@mastodon.social", "https://mastodon.social/@bob", False),
    ("acme.com", "https://www.acme.com/support", False),
    ("acme.com", "https://help.acme.com/", False),
    ("@bob", "https://evil.example/", False),
    ("Open on Hacker News", "https://news.ycombinator.com/item?id=1", False),
    ("https://acme.com", None, False),
    # a browser reads the backslash as a slash: evil.example, with "/@acme.com/..." its path
    ("@https://acme.com/support/login", "https://evil.example\\@acme.com/phish", True),
    ("acme.com", "https://evil.example\\@www.acme.com/", True),
    ("acme.com", "https://acme.com\\support", False),
])
def test_what_counts_as_naming_another_site(label: str, url: str | None, expect: bool) -> None:
    assert names_another_site(label, url) is expect


# A hostile-input review's finds: what a reader takes for "paypal.com" where the check saw no
# dot against letters (a thin or hair space, a braille blank or a combining mark beside the
# dot; a middle dot, a bullet operator, katakana's middle dot or the Urdu full stop for it)
@pytest.mark.parametrize("label", [
    "paypal\u200a.com", "acme\u2009.com", "acme\u2005.com", "acme\u2006.com", "acme\u2008.com",
    "acme\u202f.com", "acme\u205f.com", "acme.\u2009com",
    "paypal\u2800.com", "paypal\u0307.com", "paypal.\u0323com", "paypal\u0358.com",
    "acme\u00b7com", "acme\u0387com", "acme\u22c5com", "acme\u2219com", "acme\u2e31com",
    "acme\u30fbcom", "acme\uff65com", "acme\u06d4com", "acme\u2024com", "acme\u2027com",
    "@bob@mastodon\u200a.social",
    # a second review (2026-12-05): the rest of confusables.txt's middle dots (the sinological
    # dot, runic single punctuation, Canadian syllabics' final middle dot, the Aegean word
    # separator dot) and the raised dot and Z notation spot; a zero or a one for the o or l of
    # the top level, which a reader reads as .com and .org
    "paypal\ua78fcom", "paypal\u16ebcom", "paypal\u1427com", "paypal\U00010101com",
    "acme\u2e33com", "acme\u2981com", "paypal.c0m", "acme.c0m"])
def test_a_dot_a_reader_sees_is_a_dot(label: str) -> None:
    assert names_another_site(label, "https://evil.example/login") is True
    # on its own site the name is fine
    assert names_another_site(label, "https://www.paypal.com/"
                              if "paypal" in label else "https://acme.com/"
                              if "acme" in label else "https://mastodon.social/@bob") is False


@pytest.mark.parametrize("label", [
    "Col\u00b7legi d'Advocats", "Acme \u00b7 Support", "Hello. World", "Acme \u2022 News",
    "\u30a2\u30af\u30e1\u30fb\u30b5\u30dd\u30fc\u30c8", "caf\u00e9 . bar", "Dr.\u00a0Smith",
    "Dr.\u3000Smith", "Version 1.0 notes", "v2.10", "Release 3.01a"])
def test_a_separator_that_is_no_dot_between_letters_names_no_site(label: str) -> None:
    """Catalan's l·l, a name and its team set apart by a middle dot or a bullet, katakana's
    middle dot between two words, a sentence's end (after a space as wide as any: a no-break
    or ideographic one is seen as a space): no site, the link keeps its label."""
    assert names_another_site(label, "https://evil.example/") is False


def test_a_bluesky_handle_stays_the_label_of_its_profile_link() -> None:
    """A Bluesky handle is a domain its owner proved to the network, and the parser builds
    the profile link: "@bob.bsky.social" links to bsky.app on both platforms. The same label
    on an RSS card (free text from the feed) would not."""
    m = Mention(id="bluesky:at://did:plc:x/app.bsky.feed.post/1", network="bluesky",
                source="b", text="acme is down", created_at=datetime(2026, 1, 1, tzinfo=UTC),
                url="https://bsky.app/profile/bob.bsky.social/post/1",
                author=Author(id="did:plc:x", handle="bob.bsky.social",
                              profile_url="https://bsky.app/profile/bob.bsky.social"))
    hit = RouteHit(route="r", action="alert", workspace="w", channel="c")
    card = alert_card(Signal(mention=m, routes=(hit,)), hit, key=m.id)
    mrkdwn = slack_texts(card)
    assert any("<https://bsky.app/profile/bob.bsky.social|@bob.bsky.social>" in t
               for t in mrkdwn)
    embed = discord_render(card).embed.to_dict()
    assert embed["author"]["url"] == "https://bsky.app/profile/bob.bsky.social"
    assert embed["url"] == "https://bsky.app/profile/bob.bsky.social/post/1"
    rss = card.model_copy(update={"network": "rss", "network_name": "RSS"})
    assert "url" not in discord_render(rss).embed.to_dict()["author"]


# Arabic, Persian and Urdu numbers whose last digit is a zero, written against the word after
# them: a Hijri year ("١٤٤٠هـ", 1440 AH), "۱۰تا" (Persian: ten of), "١٠دقائق" (ten minutes),
# "۱۰روپے" (Urdu: ten rupees). Their zero is a digit of the number, no full stop
@pytest.mark.parametrize("words", [
    "\u0639\u0631\u0648\u0636 \u0631\u0645\u0636\u0627\u0646 \u0661\u0664\u0664\u0660\u0647\u0640",
    "\u06f1\u06f0\u062a\u0627 \u0646\u06a9\u062a\u0647",
    "\u0645\u062c\u0644\u0629 \u0661\u0660\u062f\u0642\u0627\u0626\u0642",
    "\u06f1\u06f0\u0631\u0648\u067e\u06d2 \u06a9\u06cc \u0628\u0686\u062a",
])
def test_a_number_ending_in_an_arabic_indic_zero_keeps_its_link(words: str) -> None:
    """An Arabic, Persian or Urdu feed's entry titled and signed with such a number, linking
    to its own blog: read from the feed, carded and rendered, the title and the author stay
    the links' text on Discord and the author's on Slack (0cb49cd read the zero as a dot,
    "١٤٤.هـ" a site, and showed both unlinked)."""
    assert_the_blog_links_stay(words)


@pytest.mark.parametrize(("label", "expect"), [
    ("\u0661\u0664\u0664\u0660\u0647\u0640", False),  # ١٤٤٠هـ, a Hijri year
    ("\u06f1\u06f0\u062a\u0627", False),  # ۱۰تا
    ("\u0661\u0660\u062f\u0648\u0644\u0627\u0631", False),  # ١٠دولار, ten dollars
    ("\u0661\u0660\u0660\u066b\u0665 \u0631\u064a\u0627\u0644", False),  # ١٠٠٫٥ ريال
    ("acme\u06f0com", True),  # a zero between letters is still a dot
    ("web3\u0660com", True),  # and beside a digit of another script: no number mixes them
    ("\u0628\u0646\u0643\u0660\u0643\u0648\u0645", True),  # and between Arabic letters
])
def test_an_arabic_indic_zero_is_a_dot_only_outside_a_number(label: str, expect: bool) -> None:
    assert names_another_site(label, "https://evil.example/") is expect


# Japanese and Chinese end a sentence with the ideographic full stop and start the next with
# no space: "新機能を試した。感想" is two sentences, no address ending in a top-level "感想"
@pytest.mark.parametrize("words", [
    "\u65b0\u6a5f\u80fd\u3092\u8a66\u3057\u305f\u3002\u611f\u60f3\u306f\u3053\u3061\u3089",
    "\u65b0\u54c1\u53d1\u5e03\u3002\u6b22\u8fce\u8d2d\u4e70",
    "\uc5c5\ub370\uc774\ud2b8\u3002\uac10\uc0ac\ud569\ub2c8\ub2e4",
])
def test_a_cjk_sentence_after_an_ideographic_full_stop_keeps_its_link(words: str) -> None:
    """A Japanese, Chinese or Korean feed's entry titled and signed with two sentences,
    linking to its own blog: read from the feed, carded and rendered, the title stays the
    Discord embed's link and the author the link's text on both (the full stop was read as
    a dot, "試した.感想は" an address, and both were shown unlinked)."""
    assert_the_blog_links_stay(words)


@pytest.mark.parametrize(("label", "expect"), [
    ("paypal\u3002com", True),  # before Latin letters it is the dot a browser reads
    ("\u30a2\u30af\u30e1\u3002com", True),  # アクメ。com
    ("@paypal\uff61com", True),
    ("\u4eca\u65e5\u306f\u6674\u308c\u3002\u660e\u65e5\u306f\u96e8", False),  # 今日は晴れ。明日は雨
    ("\u4eca\u65e5\u306f\u6674\u308c\uff61\uff71\uff76\uff92", False),  # halfwidth: ｡ｱｶﾒ
])
def test_an_ideographic_full_stop_before_cjk_ends_a_sentence(label: str, expect: bool) -> None:
    assert names_another_site(label, "https://evil.example/") is expect
