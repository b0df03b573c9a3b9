"""A fuzzing review (fourth hostile pass, 2026-12-07): each network's real recorded item
shapes, read by the network's own normaliser, carrying text drawn from every Slack and Discord
ping form (``<!channel>``, ``<!here|x>``, ``<!subteam^S1>``, ``<@U1>``, ``<#C1>``,
``@everyone``, ``@here``, ``<@&1>``, ``<@!1>``, ``<t:0>``, ``</cmd:1>``) with zero-width, soft
hyphen, bidi, variation-selector, fullwidth and homoglyph characters put inside them, markdown
that breaks out of a code span or a quote, shortcodes inside addresses, and link labels that
name another site (``[trusted.example](https://evil.example)``, ``<https://evil.example|
trusted>``), in the post's text, the author's name and handle; a second item of the same page
given a value of the wrong kind at one of its paths (``tests/support/mutations.HOSTILE``:
null, numbers, lists, objects, 100 KB, controls, NaN, nesting 50,000 deep, lone surrogates).

Properties, for every example:

- the reader never raises but with our own ``SocialopsError`` for the wrong-kind item alone:
  the page's untouched item and the hostile-text item are still read;
- every card made of what was read, every answer quoting it and the Home tab quoting it as
  a draft ping nobody on either
  platform, read as the platform reads it (``slack_view``, ``discord_view`` with the
  ``allowed_mentions`` sent), and keeps every documented size bound (PLATFORMS.md);
- no link the author wrote: every link shown is the post's or its author's structured
  address, and no link's label names another site than the one it opens;
- nothing the author wrote draws any formatting (the styles are those of the same card made
  of plain words): no emoji from a shortcode, no quote, code span, bold.

Derandomized (``mutations.SETTINGS``): the same examples every run.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.cards import Card, Reply
from bot.core.errors import MalformedPayload, SocialopsError
from bot.core.home import Home, HomeItem, HomeSection
from bot.core.jsonbody import loads
from bot.core.models import Mention, RouteHit, Signal
from handlers.cards import alert_card
from integrations.discord.inbound import reply_payload
from integrations.discord.render import render as discord_render
from integrations.slack.home import render_home
from integrations.slack.render import render_card, render_text
from integrations.social.bluesky import parse as bluesky_parse
from integrations.social.hackernews import parse as hackernews_parse
from integrations.social.mastodon import parse as mastodon_parse
from integrations.social.reddit import parse as reddit_parse
from integrations.social.rss import parse as rss_parse
from integrations.social.x import parse as x_parse
from tests.integrations.discord.reader import discord_view, unescape
from tests.integrations.workspaces.contract import Rendered
from tests.integrations.workspaces.test_slack_contract import slack_view
from tests.support import mutations
from tests.support.mutations import HOSTILE, KINDS, SETTINGS, encode, paths, replaced

# in-process reads and renders, no clock, no process: timing changes nothing
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

REAL = Path(__file__).parents[1] / "fixtures" / "real"
NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)
# per network: five networks, each example nine renders (a quarter of the mutation suites'
# count: SOCIALOPS_MUTATIONS=2000 for a longer hunt)
EXAMPLES = max(20, mutations.EXAMPLES // 4)

PINGS = ("<!channel>", "<!here|x>", "<!here>", "<!everyone>", "<!subteam^S1>", "<@U1>",
         "<@W1|w>", "<#C1>", "<#C1|general>", "@everyone", "@here", "@channel", "<@&1>",
         "<@!1>", "<@1>", "<t:0>", "<t:0:R>", "</cmd:1>", "<id:home>")
# What hides inside a ping form or a link: zero-width, soft hyphen, word joiner, bidi marks
# and overrides, variation selectors, a BOM, a combining grapheme joiner, a tag
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\u200e", "\u200f", "\u202e",
             "\u2066", "\u2069", "\ufe0f", "\ufe0e", "\U000e0041", "\ufeff", "\u034f",
             "\u180e", "\u061c")
# Lookalikes of the characters a ping or a link is made of
LOOKALIKES = {"<": ("\uff1c", "\u2039", "\u02c2"), ">": ("\uff1e", "\u203a"),
              "@": ("\uff20", "\ufe6b"), "!": ("\uff01",), "e": ("\u0435",), "o": ("\u043e",),
              "a": ("\u0430",), ":": ("\uff1a", "\u02d0"), "/": ("\u2215", "\uff0f"),
              ".": ("\u3002", "\uff0e", "\u2024")}
BREAKOUTS = ("`", "```", "``x`` `", "> quoted", "\n> quote", "\n>>> all quoted", "*bold*",
             "**bold**", "_it_", "__u__", "~~s~~", "||spoiler||", "# Heading", "\n-# sub",
             "\\", "\\`", "&lt;!channel&gt;", "&amp;lt;", "\n- item", "\n1. item",
             ":100:", ":white_check_mark:", "https://x.example/a:100:b",
             "did:plc:abc:100:x", "http://[2001:db8::1]:8080/a:smile:b")
LINKS = ("[trusted.example](https://evil.example/x)", "[x](https://evil.example)",
         "<https://evil.example|trusted>", "<https://evil.example|trusted.example>",
         "<http://evil.example>", "[https://trusted.example](<https://evil.example>)",
         "https://evil.example/bare", "www.evil.example", "evil.example/path")
PIECES = PINGS + BREAKOUTS + LINKS + ("acme", "down", "again", "שלום", "مرحبا", "😀", " ",
                                      "\n", "1")


@st.composite
def disguised(draw: st.DrawFn) -> str:
    """One ping form, break-out or link, with invisible characters put inside it and some
    of its characters swapped for lookalikes."""
    text = list(draw(st.sampled_from(PIECES)))
    for _ in range(draw(st.integers(0, 3))):
        if text and draw(st.booleans()):
            at = draw(st.integers(0, len(text) - 1))
            if text[at] in LOOKALIKES:
                text[at] = draw(st.sampled_from(LOOKALIKES[text[at]]))
        else:
            text.insert(draw(st.integers(0, len(text))), draw(st.sampled_from(INVISIBLE)))
    return "".join(text)


MEGABYTE = "x" * 1_000_000
# a few pieces, or the same after a megabyte of text (every bound is met at its cut)
HOSTILE_TEXT = st.tuples(st.lists(disguised(), min_size=1, max_size=8).map(" ".join),
                         st.sampled_from(("", "", "", "", "", " " + MEGABYTE))).map("".join)
MISSING = "missing"  # the key at the path taken out, beside HOSTILE's wrong kinds of value


def removed(doc: Any, path: tuple[Any, ...]) -> Any:
    """``doc`` without the key (or list item) at ``path``."""
    head, last = path[:-1], path[-1]
    inner = doc
    for key in head:
        inner = inner[key]
    if isinstance(inner, dict):
        smaller: Any = {k: v for k, v in inner.items() if k != last}
    else:
        smaller = [v for n, v in enumerate(inner) if n != last]
    return replaced(doc, head, smaller) if head else smaller


def real(path: str) -> Any:
    return json.loads((REAL / path).read_text(encoding="utf-8"))


class Network:
    """A page of three items of one network's real shape: item 0 untouched, item 1 carrying
    the hostile text, item 2 given a wrong kind of value at one of its paths."""

    name: str

    def items(self) -> list[Any]:
        raise NotImplementedError

    def with_text(self, item: Any, text: str) -> Any:
        raise NotImplementedError

    def read(self, page: bytes) -> list[Mention | Exception | None]:
        """Each item as the normaliser reads it, or the exception it raised."""
        raise NotImplementedError


def each(items: list[Any], normalise: Callable[[Any], Mention | None]
         ) -> list[Mention | Exception | None]:
    out: list[Mention | Exception | None] = []
    for item in items:
        try:
            out.append(normalise(item))
        except Exception as exc:  # judged by the test: only SocialopsError, only for item 2
            out.append(exc)
    return out


def _ids(items: list[Any], key: Callable[[Any, int], Any]) -> list[Any]:
    return [key(item, n) for n, item in enumerate(items)]


class Mastodon(Network):
    name = "mastodon"

    def items(self) -> list[Any]:
        return list(real("mastodon/account_statuses_page_limit5.json")[:3])

    def with_text(self, item: Any, text: str) -> Any:
        account = {**item["account"], "display_name": text, "username": f"{text}x",
                   "acct": f"{text}x@m.example"}
        return {**item, "content": f"<p>{_html(text)}</p>", "spoiler_text": text,
                "account": account}

    def read(self, page: bytes) -> list[Mention | Exception | None]:
        items = loads(page)
        return each(items, lambda s: mastodon_parse.normalize_status(s, source="m"))


class Reddit(Network):
    name = "reddit"

    def items(self) -> list[Any]:
        children = real("reddit/subreddit_new_listing_100_after_cursor.json")["data"]["children"]
        return list(children[:3])

    def with_text(self, item: Any, text: str) -> Any:
        data = {**item["data"], "title": text, "selftext": text, "author": f"{text}x",
                "link_flair_text": text}
        return {**item, "data": data}

    def read(self, page: bytes) -> list[Mention | Exception | None]:
        things = loads(page)
        return each(things, lambda t: reddit_parse.normalize_thing(t, source="r")
                    if isinstance(t, dict) else _not_object(t))


class X(Network):
    name = "x"

    def items(self) -> list[Any]:
        tweet = real("x/tweet_lookup_entities_urls_unwound_postman_example.json")["data"]
        return [{**tweet, "id": str(int(tweet["id"]) + n)} for n in range(3)]

    def with_text(self, item: Any, text: str) -> Any:
        return {**item, "text": text}

    def read(self, page: bytes) -> list[Mention | Exception | None]:
        tweets = loads(page)
        author = str(self.items()[0]["author_id"])
        users = {author: {"id": author, "username": "TwitterDev", "name": "Twitter Dev"}}
        return each(tweets, lambda t: x_parse.normalize_tweet(t, users, source="x")
                    if isinstance(t, dict) else _not_object(t))


class HackerNews(Network):
    name = "hackernews"

    def items(self) -> list[Any]:
        story = real("hackernews/item_story_8863.json")
        return [{"objectID": str(story["id"] + n), "title": story["title"],
                 "url": story["url"], "author": story["by"], "story_text": None,
                 "created_at_i": story["time"], "points": story["score"]} for n in range(3)]

    def with_text(self, item: Any, text: str) -> Any:
        return {**item, "title": text, "story_text": f"<p>{_html(text)}</p>",
                "author": f"{text}x"}

    def read(self, page: bytes) -> list[Mention | Exception | None]:
        hits = loads(page)
        return each(hits, lambda h: hackernews_parse.normalize_hit(h, source="h")
                    if isinstance(h, dict) else _not_object(h))


class Bluesky(Network):
    name = "bluesky"

    def items(self) -> list[Any]:
        view = real("bluesky/getPostThread_record_with_media_empty_text.json")["thread"]["post"]
        return [{**view, "uri": view["uri"][:-1] + str(n), "cid": view["cid"][:-1] + str(n)}
                for n in range(3)]

    def with_text(self, item: Any, text: str) -> Any:
        author = {**item["author"], "displayName": text}
        return {**item, "record": {**item["record"], "text": text}, "author": author}

    def read(self, page: bytes) -> list[Mention | Exception | None]:
        views = loads(page)
        return each(views, lambda v: bluesky_parse.normalize_post_view(v, source="b"))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _not_object(value: Any) -> Mention:
    raise SocialopsError(f"not an object: {type(value).__name__}")  # as the page readers do


# What an RSS item is given in place of one of its elements: the feed's text forms of a
# wrong value (none, empty, a date that is none, controls as character references, a lone
# surrogate's reference, markup nested deep, a megabyte)
RSS_DAMAGE = ("", "<link></link>", "<guid>&#0;</guid>", "<pubDate>NaN</pubDate>",
              "<pubDate>99999-01-01</pubDate>", "<title>&#xD800;&#x1b;[2J</title>",
              "<description>" + "<b>" * 5_000 + "x" + "</b>" * 5_000 + "</description>",
              "<link>javascript:alert(1)</link>", "<title>" + "x" * 1_000_000 + "</title>",
              "<author>&lt;!channel&gt;</author>")
RSS_ELEMENTS = ("title", "link", "guid", "pubDate", "description", "author")


class Rss(Network):
    """An RSS 2.0 feed of three items: the XML in place of JSON, so item 2 has one of its
    elements replaced by a damaged one (``RSS_DAMAGE``) instead of a wrong JSON kind."""

    name = "rss"
    text = ""

    def items(self) -> list[Any]:
        return [{"title": f"Acme status {n}", "link": f"https://blog.example/{n}",
                 "guid": f"https://blog.example/{n}", "description": f"<p>post {n}</p>",
                 "pubDate": "Mon, 07 Dec 2026 09:00:00 GMT", "author": "ops@blog.example"}
                for n in range(3)]

    def with_text(self, item: Any, text: str) -> Any:
        return {**item, "title": text, "description": f"<p>{_html(text)}</p>", "author": text}

    def feed(self, items: list[Any], damage: tuple[str, str] | None) -> bytes:
        def element(name: str, value: str) -> str:
            return f"<{name}>{_xml(value)}</{name}>"

        body = []
        for n, item in enumerate(items):
            parts = [element(k, v) for k, v in item.items()]
            if n == 2 and damage is not None:
                at = RSS_ELEMENTS.index(damage[0])
                parts[at] = damage[1]
            body.append("<item>" + "".join(parts) + "</item>")
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                "<title>Acme</title><link>https://blog.example/</link>"
                + "".join(body) + "</channel></rss>").encode("utf-8", "replace")

    def read_feed(self, feed: bytes) -> list[Mention]:
        return rss_parse.parse_feed(feed, feed_url="https://blog.example/feed", headers={},
                                    source="rss", first_seen=NOW).mentions


def _xml(text: str) -> str:
    """``text`` as XML character data: escaped, and the characters XML 1.0 cannot hold at
    all (controls, lone surrogates) left out, as no feed can carry them."""
    kept = "".join(ch for ch in text if ch in "\t\n\r" or (
        ch >= " " and not "\ud800" <= ch <= "\udfff" and ch not in "\ufffe\uffff"))
    return _html(kept)


NETWORKS = (Mastodon(), Reddit(), X(), HackerNews(), Bluesky())
RSS = Rss()


def _item_paths(network: Network) -> list[tuple[Any, ...]]:
    third = network.items()[2]
    return list(paths(third))


# -- how the platforms read what was sent ----------------------------------------------------

def slack_card(card: Card) -> Rendered:
    msg = render_card(card)
    return slack_view({"text": msg.text, "blocks": msg.blocks})


def discord_card(card: Card) -> Rendered:
    r = discord_render(card)
    message = {"content": r.content or "", "embeds": [r.embed.to_dict()],
               "components": r.view.to_components() if r.view is not None else []}
    return discord_view(message, allowed_mentions=r.allowed_mentions.to_dict())


def slack_answer(reply: Reply) -> Rendered:
    msg = render_text(reply.marked(), unlisted=reply.unlisted, links=reply.links)
    return slack_view({"text": msg.text, "blocks": msg.blocks})


def discord_answer(reply: Reply) -> Rendered:
    body = reply_payload(reply)
    return discord_view({"content": body["content"]}, allowed_mentions=body["allowed_mentions"])


_LABELLED = re.compile(r"<(https?://[^|<>]+)\|([^<>]*)>")
_MASKED = re.compile(r"\[([^\]]*)\]\(<?(https?://[^)\s>]+)>?\)")


def _mrkdwn(o: Any) -> list[str]:
    if isinstance(o, dict):
        own = [o["text"]] if o.get("type") == "mrkdwn" else []
        return own + [t for v in o.values() for t in _mrkdwn(v)]
    return [t for v in o for t in _mrkdwn(v)] if isinstance(o, list) else []


def labels(card: Card) -> list[tuple[str, str]]:
    """(target, label) of every labelled link of the card on both platforms: Slack's
    ``<url|label>`` in mrkdwn, Discord's ``[label](url)`` in its markdown parts, escaped
    characters left out (``unescape``)."""
    out = [(m[1], m[2]) for text in _mrkdwn(render_card(card).blocks)
           for m in _LABELLED.finditer(text)]
    embed = discord_render(card).embed.to_dict()
    parts = [embed.get("title"), embed.get("description"),
             *(f.get(k) for f in embed.get("fields") or [] for k in ("name", "value"))]
    for part in parts:
        syntax = unescape(part or "")[1]
        out += [(m[2], m[1]) for m in _MASKED.finditer(syntax)]
    return out


PLANTED = ("trusted.example", "evil.example")  # the sites the hostile text names


def names_other_site(target: str, label: str) -> bool:
    """Does ``label`` name a site the author wrote (``PLANTED``) that ``target`` is not on?
    A label a network gave (a Bluesky handle is its author's domain) is not the author's
    text, and is left to the renderers' own rule (``names_another_site``)."""
    host = (urlsplit(target).hostname or "").lower()
    folded = unicodedata.normalize("NFKC", label).casefold()
    return any(site in folded and site != host for site in PLANTED)


def _check(where: str, shown: Rendered, allowed: set[str], baseline: Rendered) -> None:
    assert shown.pings == frozenset(), f"{where}: pinged {set(shown.pings)}"
    assert shown.problems == (), f"{where}: {shown.problems}"
    # a link target has its "|" percent-encoded (Slack's ``<url|label>`` would end there)
    unowned = {u for u in shown.links if u not in allowed
               and u.replace("%7C", "|") not in allowed}
    assert not unowned, f"{where}: linked {unowned}"
    assert sorted(shown.styles) == sorted(baseline.styles), \
        f"{where}: drew {sorted(shown.styles)}, the plain card {sorted(baseline.styles)}"


def _card(mention: Mention) -> Card:
    hit = RouteHit(route="support", action="alert", workspace="acme", channel="C1")
    return alert_card(Signal(mention=mention, routes=(hit,)), hit, key=f"{mention.id}|support")


def _plain(mention: Mention) -> Mention:
    """The same mention in plain words: the layout without anything the author wrote. A
    handle that is the author's DID (Bluesky's stand-in when the handle is unusable) is the
    network's, not the author's: kept, with the colons of its method (``did:plc:``), which
    the renderers keep so a copied DID is the DID."""
    handle = mention.author.handle if mention.author.handle.startswith("did:") else "plain"
    return mention.model_copy(update={
        "text": "plain words", "author": mention.author.model_copy(update={
            "handle": handle, "display_name": "Plain"})})


CARD_LINK = "https://acme.slack.com/archives/C1/p1700000000000100"


def slack_home(text: str) -> Rendered:
    """An approval waiting on the Home tab, quoting ``text`` as its draft (``handlers.home``)."""
    item = HomeItem(id="A-1", text=f"Mastodon as acme, by kasia: \u201c{text}\u201d",
                    link=CARD_LINK)
    view = render_home(Home(person="kasia", sections=(HomeSection(
        title="Approvals you may decide", items=(item,)),)))
    return slack_view({"text": "home", "blocks": [b for b in view["blocks"]
                                                  if b["type"] != "divider"]})


def check_rendered(mention: Mention) -> None:
    card, plain = _card(mention), _card(_plain(mention))
    allowed = {u for u in (mention.url, mention.author.profile_url) if u} | {
        b.url for b in card.buttons if b.url}
    _check("slack card", slack_card(card), allowed, slack_card(plain))
    _check("discord card", discord_card(card), allowed, discord_card(plain))
    for target, label in labels(card):
        assert not names_other_site(target, label), f"link {target} labelled {label!r}"
    # an answer quoting the post and its author (``why``, ``status``, a preview's sample)
    quoted = f"• @{mention.author.handle} on {mention.network}: {mention.text}"
    reply = Reply.done(quoted, names=(f"@{mention.author.handle}",))
    bare = Reply.done("• @plain on x: plain words")
    _check("slack answer", slack_answer(reply), set(), slack_answer(bare))
    _check("discord answer", discord_answer(reply), set(), discord_answer(bare))
    # a draft quoting it, waiting on an approver's Home tab (mrkdwn: the id is bold)
    _check("slack home", slack_home(mention.text), {CARD_LINK}, slack_home("plain words"))


@pytest.mark.parametrize("network", NETWORKS, ids=lambda n: n.name)
def test_hostile_text_and_a_wrong_kind_of_value_in_one_page(network: Network) -> None:
    where = _item_paths(network)

    @settings(SETTINGS, max_examples=EXAMPLES)
    @given(text=HOSTILE_TEXT, path=st.sampled_from(where),
           kind=st.sampled_from((*KINDS, MISSING)))
    def run(text: str, path: tuple[Any, ...], kind: str) -> None:
        items = network.items()
        items[1] = network.with_text(items[1], text)
        items[2] = (removed(items[2], path) if kind == MISSING
                    else replaced(items[2], path, HOSTILE[kind]))
        got = network.read(encode(items))
        for n in (0, 1):
            assert isinstance(got[n], Mention), f"item {n}: {got[n]!r}"
        assert got[2] is None or isinstance(got[2], Mention | SocialopsError), \
            f"{network.name} {path} {kind}: {type(got[2]).__name__}: {got[2]}"
        for m in got:
            if isinstance(m, Mention):
                check_rendered(m)

    run()


@settings(SETTINGS, max_examples=EXAMPLES)
@given(text=HOSTILE_TEXT, damage=st.tuples(st.sampled_from(RSS_ELEMENTS),
                                           st.sampled_from(RSS_DAMAGE)))
def test_hostile_text_and_a_damaged_item_in_one_feed(text: str, damage: tuple[str, str]
                                                     ) -> None:
    items = RSS.items()
    items[1] = RSS.with_text(items[1], text)
    try:
        read = RSS.read_feed(RSS.feed(items, damage))
    except MalformedPayload as refused:
        # an author of a megabyte without a blank: refused before feedparser, whose search
        # for an address in it is quadratic (tests/integrations/test_review_rss_long_author.py)
        assert MEGABYTE in text and "\n" not in str(refused), refused
        return
    links = {m.url for m in read}
    assert {"https://blog.example/0", "https://blog.example/1"} <= links, (damage, links)
    for m in read:
        check_rendered(m)
