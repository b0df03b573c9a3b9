"""``why <url>`` for a post socialops never fetched: which network an address belongs to
(``network_of``), which sources are asked to look it up (the composition root's ``look_up``,
led by the "lookup" capability in each network's spec), and what ``why`` says with the answer.
The lookups themselves, per network and over the wire, are in
tests/integrations/test_*_lookup.py; the whole path end to end in tests/e2e/test_never_silent.py.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from bot.app.compose import look_up
from bot.core import networks
from bot.core.cards import OutboxItem
from bot.core.errors import RateLimited, SourceAuthError, SourceError
from bot.core.models import Author, Mention, Network, Ticket, Trace
from bot.core.ports import Source
from handlers.why import LookedUp, SourceInfo, Why, network_of
from integrations.replay.config import ReplaySourceConfig
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import KeywordFilter
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.rss.config import RssSourceConfig

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
URL = "https://mastodon.example/@kasia/4242"


@pytest.mark.parametrize(("url", "network"), [
    ("https://mastodon.social/@Gargron/109", "mastodon"),
    ("https://mastodon.social/@Gargron/109/", "mastodon"),
    ("https://mastodon.social/@bob@other.host/109", "mastodon"),
    ("https://mastodon.social/users/Gargron/statuses/109", "mastodon"),
    ("https://gts.example/@a/statuses/01HX9", "mastodon"),
    ("https://bsky.app/profile/kasia.bsky.social/post/3k2a", "bluesky"),
    ("at://did:plc:abc/app.bsky.feed.post/3k2a", "bluesky"),
    ("at://did:plc:abc/app.bsky.feed.like/3k2a", None),
    # another web client's (a support lead pastes what the customer uses): docs/never-silent.md
    ("https://deer.social/profile/kasia.bsky.social/post/3k2a", "bluesky"),
    ("https://main.bsky.dev/profile/did:plc:abc/post/3k2a/", "bluesky"),
    ("https://blog.example/profile/about/post/1", "rss"),  # no handle, no DID: a page
    ("https://www.reddit.com/r/a/comments/abc/t/", "reddit"),
    ("https://old.reddit.com/r/a/comments/abc/t/def/", "reddit"),
    ("https://redd.it/abc", "reddit"),
    ("https://notreddit.com/r/a/comments/abc/", "rss"),
    ("https://news.ycombinator.com/item?id=1", "hackernews"),
    ("https://x.com/a/status/1", "x"),
    ("https://twitter.com/a/status/1?s=20", "x"),
    ("https://mobile.twitter.com/a/status/1", "x"),
    ("https://www.x.com/a/status/1", "x"),
    ("https://blog.example/2026/11/a-post", "rss"),
    ("ftp://files.example/x", None),
    ("mailto:someone@example.com", None),
])
def test_network_of(url: str, network: str | None) -> None:
    assert network_of(url) == network


# -- which sources are asked -------------------------------------------------------------------


class Finder:
    """A source of a network: answers ``lookup`` with what it is given."""

    def __init__(self, sid: str, network: str, answer: Mention | Exception | None) -> None:
        self.id, self.network, self.answer = sid, network, answer
        self.asked: list[str] = []

    async def poll(self) -> Sequence[Mention]:
        return []

    async def lookup(self, url: str) -> Mention | None:
        self.asked.append(url)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def post(network: Network = "mastodon", *, text: str = "acme outage in the EU region",
         native: str = "4242") -> Mention:
    return Mention(id=f"{network}:{native}", network=network, source="m1", url=URL,
                   author=Author(id="a1", handle="kasia@mastodon.example"), text=text,
                   created_at=AT)


def mastodon(sid: str) -> MastodonSourceConfig:
    return MastodonSourceConfig(id=sid, type="mastodon", base_url="https://m.example")


async def test_the_first_source_that_finds_it_answers_after_one_that_failed() -> None:
    failing = Finder("m1", "mastodon", RateLimited("mastodon: rate limited", retry_after=9))
    finding = Finder("m2", "mastodon", post())
    configs = [mastodon("m1"), mastodon("m2")]
    sources: dict[str, Source] = {"m1": failing, "m2": finding}
    looked = await look_up(URL, sources, configs)
    assert looked.post == post() and failing.asked == finding.asked == [URL]


async def test_none_found_none_asked_or_all_failed_say_why() -> None:
    nothing = {"m1": Finder("m1", "mastodon", None), "m2": Finder("m2", "mastodon", None)}
    looked = await look_up(URL, nothing, [mastodon("m1"), mastodon("m2")])
    assert looked.post is None and "Mastodon did not return it to m1, m2" in looked.why_not
    failed = {"m1": Finder("m1", "mastodon", SourceAuthError("mastodon: refused (401)"))}
    looked = await look_up(URL, failed, [mastodon("m1")])
    assert looked.why_not == "looking it up failed: m1: mastodon: refused (401)"
    # a server it could not reach: which, and the key naming it (was 'm1: mastodon: GET
    # /api/v1/statuses/4242 failed: ConnectError')
    down = SourceError("mastodon: GET /api/v1/statuses/4242 failed: ConnectError")
    down.__cause__ = httpx.ConnectError("All connection attempts failed", request=httpx.Request(
        "GET", "https://m.example/api/v1/statuses/4242"))
    looked = await look_up(URL, {"m1": Finder("m1", "mastodon", down)}, [mastodon("m1")])
    assert looked.why_not == (
        "looking it up failed: m1: cannot reach https://m.example (ConnectError: All connection "
        "attempts failed); check this machine's network (or proxy), or its base_url")
    bsky = BlueskySourceConfig(id="b1", type="bluesky")
    looked = await look_up(URL, {"b1": Finder("b1", "bluesky", post())}, [bsky])
    assert looked.why_not == "no Mastodon source is configured to ask"


async def test_replays_and_networks_without_the_capability_are_never_asked() -> None:
    replay = Finder("r1", "mastodon", post())  # a replay recorded on mastodon
    looked = await look_up(URL, {"r1": replay}, [
        ReplaySourceConfig(id="r1", type="replay", path="x.jsonl", network_override="mastodon")])
    assert looked.post is None and replay.asked == []
    feed = Finder("f1", "rss", post("rss"))
    looked = await look_up("https://blog.example/a-post", {"f1": feed},
                           [RssSourceConfig(id="f1", type="rss", urls=("https://blog.example/",))])
    assert looked.post is None and feed.asked == []
    assert looked.why_not.startswith("socialops has no lookup for RSS")
    looked = await look_up("ftp://x.example/y", {}, [])
    assert looked.why_not == "its address names no post"


def test_the_lookup_capability_and_the_source_method_go_together() -> None:
    """A network's spec says "lookup" exactly when its source class has ``lookup``: the
    composition root trusts the capability and never probes the source."""
    for name in networks.known():
        spec = networks.spec(name)
        finder = getattr(spec.load_source(), "lookup", None)
        assert ("lookup" in spec.capabilities) == (finder is not None), name
        if finder is not None:
            assert inspect.iscoroutinefunction(finder), name
    assert {n for n in networks.known() if "lookup" in networks.spec(n).capabilities} == {
        "mastodon", "bluesky", "hackernews", "reddit", "x"}


# -- what why says -----------------------------------------------------------------------------


class Reads:
    def __init__(self, traces: dict[str, Trace] | None = None) -> None:
        self.traces = traces or {}
        self.asked: list[str] = []

    async def get_trace(self, mention_id: str) -> Trace | None:
        self.asked.append(mention_id)
        return self.traces.get(mention_id)

    async def trace_by_url(self, url: str) -> Trace | None:
        return next((t for t in self.traces.values() if t.url == url), None)

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        return None

    async def get_outbox(self, key: str) -> OutboxItem | None:
        return None


class Sources:
    def __init__(self, *infos: SourceInfo) -> None:
        self.infos = infos

    def sources_for(self, network: str) -> Sequence[SourceInfo]:
        return [i for i in self.infos if i.network == network]


async def explain(m: Mention) -> str:
    return f"  ✔ outage: fired (on {m.text!r})"


def why(reads: Reads, answer: LookedUp, **kw: Any) -> Why:
    async def lookup(url: str) -> LookedUp:
        return answer

    return Why(reads, explain=explain, lookup=lookup,
               sources=Sources(SourceInfo("m1", "mastodon", 60, ("acme",)),
                               SourceInfo("m2", "mastodon", 60, ("pricing",))), **kw)


async def test_a_post_found_on_its_network_shows_what_routing_would_do_now() -> None:
    reply = await why(Reads(), LookedUp(post())).why(URL)
    text = reply.text
    assert "socialops never fetched this post" in text
    assert "• on mastodon: @kasia@mastodon.example at 2026-11-23 09:00 UTC: acme outage" in text
    assert "• m1: the network did not return it to this source's queries" in text
    assert "• m2: its queries (pricing) do not match this post" in text
    assert "• what routing would do with it now:\n  ✔ outage: fired" in text


async def test_a_post_not_found_says_why() -> None:
    reply = await why(Reads(), LookedUp(None, "Mastodon did not return it to m1")).why(URL)
    assert reply.text.endswith("• it could not be looked up on its network: Mastodon did not "
                               "return it to m1")


async def test_a_post_fetched_under_another_address_shows_its_trace() -> None:
    trace = Trace(id="mastodon:4242", source="m1", network="mastodon",
                  url="https://mastodon.example/@kasia/4242", author="kasia", text="acme outage",
                  created_at=AT, fetched_at=AT, outcome="unrouted")
    reads = Reads({trace.id: trace})
    # asked by its ActivityPub uri, the same post: it was fetched after all
    reply = await why(reads, LookedUp(post())).why(
        "https://mastodon.example/users/kasia/statuses/4242")
    assert "never fetched" not in reply.text
    assert "fetched by m1 at 2026-11-23 09:00 UTC" in reply.text
    assert reads.asked == ["mastodon:4242"]


async def test_an_at_uri_is_a_bluesky_post_address() -> None:
    uri = "at://did:plc:abc/app.bsky.feed.post/3k2a"
    trace = Trace(id=f"bluesky:{uri}", source="b1", network="bluesky",
                  url="https://bsky.app/profile/k.test/post/3k2a", author="k.test",
                  text="acme", created_at=AT, fetched_at=AT, outcome="unrouted")
    assert "fetched by b1" in (await why(Reads({trace.id: trace}), LookedUp(None)).why(uri)).text
    reply = await why(Reads(), LookedUp(None, "no Bluesky source is configured to ask")).why(uri)
    assert "never fetched" in reply.text and "no configured source reads bluesky" in reply.text


async def test_a_source_reading_hashtags_says_the_post_carries_none_of_them() -> None:
    async def lookup(url: str) -> LookedUp:
        return LookedUp(post())

    tagged = post().model_copy(update={"hashtags": ("acme",)})

    async def lookup_tagged(url: str) -> LookedUp:
        return LookedUp(tagged)

    sources = Sources(SourceInfo("m1", "mastodon", 60, hashtags=("#Acme",)),
                      SourceInfo("m2", "mastodon", 60, ("pricing",), hashtags=("acme", "x")))
    text = (await Why(Reads(), explain=explain, lookup=lookup, sources=sources).why(URL)).text
    assert "• m1: it carries none of the hashtags it reads (#Acme)" in text
    assert ("• m2: it carries none of the hashtags it reads (#acme, #x), and its queries "
            "(pricing) do not match it") in text
    text = (await Why(Reads(), explain=explain, lookup=lookup_tagged,
                      sources=sources).why(URL)).text
    assert "• m1: the network did not return it" in text  # #acme is on it: timing, then
    assert "• m2: the network did not return it" in text


async def test_a_hostile_post_is_one_line_without_control_characters() -> None:
    """``socialops why`` prints this answer to a terminal: the post's escape sequences and
    line breaks (a forged "• route ... fired" line) came through as written."""
    hostile = Mention(id="mastodon:4242", network="mastodon", source="m1", url=URL,
                      author=Author(id="a1", handle="ev\x1b]0;x\x07il\n• m1: fired"),
                      text="acme\x1b[2J outage\n• outage: delivered", created_at=AT)
    reply = await why(Reads(), LookedUp(hostile)).why(URL)
    assert "• on mastodon: @ev]0;xil • m1: fired at 2026-11-23 09:00 UTC: acme[2J outage • " \
        "outage: delivered" in reply.text
    trace = Trace(id="mastodon:4242", source="m1", network="mastodon", url=URL + "\n• forged",
                  author="ev\x1bil\n• forged", text="acme", created_at=AT, fetched_at=AT,
                  outcome="unrouted")
    reply = await why(Reads({trace.id: trace}), LookedUp(post())).why(URL)
    assert reply.text.splitlines()[0] == f"mastodon:4242 by @evil • forged ({URL} • forged)"
    assert "\x1b" not in reply.text


@pytest.mark.parametrize(("text", "keyword"), [
    ("Асme is down again", "acme"),  # a Cyrillic А and с (lookalikes)
    ("Acme-Cloud is down again", "acme cloud"),  # a hyphen between the words
    ("kelpo is down again", "kelp\u043e"),  # the keyword typed with a Cyrillic о
    ("\u30a2\u30d7\u30ea\u843d\u3061\u308b", "\u30a2\u30d7\u30ea \u843d\u3061\u308b"),
    ("\U0001F9D1\U0001F3FF\u200d\U0001F373 tonight", "\U0001F9D1\u200d\U0001F373")])
async def test_why_reads_a_stream_prefilter_s_keywords_as_the_prefilter_does(
        text: str, keyword: str) -> None:
    """The Bluesky stream prefilter keeps a post its keywords find as routing finds them
    (lookalike letters read as Latin, a hyphen between words a space); why said "the
    prefilter dropped it" of such a post, which it had kept."""
    assert KeywordFilter([keyword])(text)  # what the prefilter does
    async def lookup(url: str) -> LookedUp:
        return LookedUp(post("bluesky", text=text))

    sources = Sources(SourceInfo("b1", "bluesky", 60, stream_keywords=(keyword,)))
    answer = (await Why(Reads(), explain=explain, lookup=lookup, sources=sources).why(URL)).text
    assert "prefilter dropped it" not in answer, answer
    assert "• b1: the network did not return it" in answer, answer


@pytest.mark.parametrize("network", ["bluesky", "x"])
async def test_why_reads_a_network_search_query_as_the_network_does(network: Network) -> None:
    """A source's queries are searched by the network (X's recent search, Bluesky's
    searchPosts), which reads the letters as written: 'acme' does not find 'Асme' (Cyrillic
    А and с) there. why read the queries in the lookalike reading too, as the stream
    prefilter (ours) reads its keywords, and so blamed the backfill window ('the network
    did not return it ...') for a post the query never matched."""
    text = "Асme is down again"

    async def lookup(url: str) -> LookedUp:
        return LookedUp(post(network, text=text))

    sources = Sources(SourceInfo("s1", network, 60, queries=("acme",)))
    answer = (await Why(Reads(), explain=explain, lookup=lookup, sources=sources).why(URL)).text
    assert "• s1: its queries (acme) do not match this post" in answer, answer
