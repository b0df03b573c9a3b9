"""Bluesky over real HTTP and a real websocket against the local NetServer, fed with the real
recorded records and the real Jetstream capture: normalising (facets by UTF-8 byte offsets),
the app-password session and its refresh, quiet first run and paging back to the cursor, rate
limits, Jetstream with a keyword prefilter, a drop mid-stream and a resume from the cursor, and
publishing with facets, reply refs and a retry that cannot post twice."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.errors import (
    MalformedPayload,
    PublishError,
    PublishUncertain,
    RateLimited,
    SourceAuthError,
)
from bot.core.ports import Store
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.parse import (
    MAX_BYTES,
    facet_entities,
    facet_text,
    normalize_jetstream,
    normalize_post_view,
    normalize_record,
)
from integrations.social.bluesky.source import (
    LOOKBACK,
    BlueskyPublisher,
    BlueskySource,
    KeywordFilter,
    graphemes,
    rkey_for,
)
from tests.conftest import FakeClock
from tests.support.netserver import NetServer

BSKY = Path(__file__).parents[1] / "fixtures" / "real" / "bluesky"
JETSTREAM = BSKY / "jetstream_v1_events_real_capture.jsonl"
DID = "did:plc:u5cwb2mwiv2bfq53cjufe6yn"  # our account (the session's)
KASIA = "did:plc:kasiakasiakasiakasiakasi"  # someone else, who posts about us


def real(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((BSKY / name).read_text(encoding="utf-8"))
    return data


# -- normalising --------------------------------------------------------------------------------


def test_facets_use_utf8_byte_offsets_with_emoji_before_the_link() -> None:
    record = real("post_record_facets_mention_link_emoji_byte_offsets.json")
    text = record["text"]
    links, dids, tags = facet_entities(text, record["facets"])
    assert tags == ()
    assert links == ("https://en.wikipedia.org/wiki/CBOR",)
    assert dids == ("did:plc:ewvi7nxzyoun6zhxrhs64oiz",)
    assert facet_text(text, 23, 35) == "@atproto.com"
    assert facet_text(text, 74, 108) == "https://en.wikipedia.org/wiki/CBOR"
    assert text[74:108] != "https://en.wikipedia.org/wiki/CBOR"  # characters are not bytes
    m = normalize_record(record, uri=f"at://{DID}/app.bsky.feed.post/3k", did=DID, source="b")
    assert m.links == links and m.handles == dids
    assert m.url == f"https://bsky.app/profile/{DID}/post/3k"


def test_reply_refs_language_and_odd_records() -> None:
    reply = normalize_record(real("post_record_reply_refs.json"),
                             uri=f"at://{DID}/app.bsky.feed.post/3r", did=DID, source="b")
    root = "at://did:plc:u5cwb2mwiv2bfq53cjufe6yn/app.bsky.feed.post/3k43tv4rft22g"
    assert reply.reply_to == root and reply.thread_id == root
    thai = normalize_record(real("post_record_thai_multilang.json"),
                            uri=f"at://{DID}/app.bsky.feed.post/3t", did=DID, source="b")
    assert thai.language == "th"
    card = normalize_record(real("post_record_external_link_card.json"),
                            uri=f"at://{DID}/app.bsky.feed.post/3e", did=DID, source="b")
    assert card.links  # the link card's URI
    extra = real("getRecord_post_unknown_extra_field.json")
    assert normalize_record(extra["value"], uri=extra["uri"], did=DID, source="b").text
    with pytest.raises(MalformedPayload):
        normalize_record(real("getRecord_like.json")["value"], uri=f"at://{DID}/x/1", did=DID,
                         source="b")
    with pytest.raises(MalformedPayload):
        normalize_post_view({"uri": "https://not-an-at-uri", "author": {}}, source="b")


def test_a_post_no_mention_can_hold_is_malformed() -> None:
    # pydantic's ValidationError came out, past the per-item skip of ``why``'s lookup
    view = {"uri": f"at://{DID}/app.bsky.feed.post/3o", "author": {"did": DID},
            "record": {"text": "hi", "createdAt": "1960-01-01T00:00:00Z"}}
    with pytest.raises(MalformedPayload, match="does not fit a Mention"):
        normalize_post_view(view, source="b")


def test_a_text_longer_than_the_lexicon_allows_is_cut() -> None:
    # Jetstream relays records unchecked: a megabyte of text was kept whole
    record = {"text": "acme " * 200_000, "createdAt": "2026-11-23T08:00:00Z",
              "facets": [{"index": {"byteStart": 0, "byteEnd": 4},
                          "features": [{"$type": "app.bsky.richtext.facet#tag",
                                        "tag": "acme"}]}]}
    m = normalize_record(record, uri=f"at://{DID}/app.bsky.feed.post/3l", did=DID, source="b")
    assert len(m.text) <= MAX_BYTES and m.text.startswith("acme acme") and m.text.endswith("…")
    assert m.hashtags == ("acme",)


def test_every_jetstream_event_is_a_post_or_nothing_and_never_a_crash() -> None:
    posts = skipped = 0
    for line in JETSTREAM.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        mention = normalize_jetstream(event, source="b")
        c = event.get("commit") or {}
        is_post = c.get("operation") == "create" and c.get("collection") == "app.bsky.feed.post"
        assert (mention is not None) == is_post
        posts += mention is not None
        skipped += mention is None
    assert posts == 17 and skipped == 135
    with pytest.raises(MalformedPayload):
        normalize_jetstream({"kind": "commit", "commit": {"operation": "create"}}, source="b")


def test_prefilter_whole_words_folded_and_unspaced_scripts() -> None:
    f = KeywordFilter(["acme cloud", "Straße", "ジャードゥーガル"])
    assert f("ACME Cloud is down")
    assert not f("acme cloudy skies")
    assert f("die Straße ist gesperrt")
    assert f("待って天幕のジャードゥーガル観よう")


def test_prefilter_uses_the_rules_text_policy() -> None:
    # the same fold and whole-word policy as the rules (bot.core.text), so the prefilter never
    # drops a post a route or subscription would have matched
    assert KeywordFilter(["new york"])("flying to New\nYork")
    assert KeywordFilter(["해킹"])("계정이 해킹당했어요")  # Korean particles attach after
    assert KeywordFilter(["acme"])("Acme가 또 다운됐어요")
    assert KeywordFilter(["acme cloud"])("Acme/Cloud is down")
    assert KeywordFilter(["*은행"])("신한은행 앱이 안 돼요")
    assert not KeywordFilter(["กล"])("กล้อง")


# -- the source over HTTP -------------------------------------------------------------------------

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


class Bsky:
    """A tiny AppView + PDS: sessions, searchPosts over a list of posts, notifications."""

    def __init__(self, net: NetServer) -> None:
        self.net = net
        self.posts: list[tuple[int, datetime, str]] = []
        self.indexed: dict[int, str] = {}  # an indexedAt other than the post's time, by number
        self.written: dict[int, Any] = {}  # a createdAt other than the post's time, by number
        self.sessions = 0
        self.refreshes = 0
        self.expire_next = False
        net.handler("POST", "/xrpc/com.atproto.server.createSession", self.create)
        net.handler("POST", "/xrpc/com.atproto.server.refreshSession", self.refresh)
        net.handler("GET", "/xrpc/app.bsky.feed.searchPosts", self.search)
        # post views name authors without counts (profileViewBasic); getProfiles has them
        net.json("GET", "/xrpc/app.bsky.actor.getProfiles",
                 {"profiles": [{"did": KASIA, "handle": "kasia.example", "followersCount": 42}]})

    async def create(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("password") != "app-pass":
            return web.json_response({"error": "AuthenticationRequired"}, status=401)
        self.sessions += 1
        return web.json_response({"accessJwt": f"access{self.sessions}", "refreshJwt": "r1",
                                  "did": DID, "handle": "acme.example"})

    async def refresh(self, request: web.Request) -> web.Response:
        assert request.headers["Authorization"] == "Bearer r1"
        self.refreshes += 1
        return web.json_response({"accessJwt": f"fresh{self.refreshes}", "refreshJwt": "r1",
                                  "did": DID, "handle": "acme.example"})

    async def search(self, request: web.Request) -> web.Response:
        if self.expire_next:
            self.expire_next = False
            return web.json_response({"error": "ExpiredToken", "message": "Token has expired"},
                                     status=400)
        assert request.headers["Authorization"].startswith("Bearer ")
        items = sorted(self.posts, key=lambda p: -p[0])
        if since := request.query.get("since"):
            start = datetime.fromisoformat(since.replace("Z", "+00:00"))
            items = [p for p in items if p[1] >= start]
        offset = int(request.query.get("cursor") or 0)
        limit = int(request.query["limit"])
        page = items[offset:offset + limit]
        body: dict[str, Any] = {"posts": [{
            "uri": f"at://{DID}/app.bsky.feed.post/3p{n:08d}", "cid": "bafy",
            "author": {"did": KASIA, "handle": "kasia.example"},
            "record": {"$type": "app.bsky.feed.post", "text": text,
                       "createdAt": self.written.get(n, iso(at))},
            "indexedAt": self.indexed.get(n, iso(at)), "likeCount": 2}
            for n, at, text in page]}
        if offset + limit < len(items):
            body["cursor"] = str(offset + limit)
        return web.json_response(body)

    def add(self, n: int, at: datetime, text: str = "acme is down") -> None:
        self.posts.append((n, at, text))


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store  # SQLite only: the store contract suite covers Redis


def config(net: NetServer, **kw: Any) -> BlueskySourceConfig:
    base: dict[str, Any] = {"id": "bsky", "type": "bluesky", "base_url": net.base,
                            "pds_url": net.base, "handle": "acme.example",
                            "app_password": "app-pass", "queries": ("acme",), "timeout": 2}
    return BlueskySourceConfig(**{**base, **kw})


async def no_sleep(_: float) -> None:
    await asyncio.sleep(0)


async def test_quiet_first_run_then_pages_back_to_the_cursor(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    bsky = Bsky(net)
    clock.now = NOW
    bsky.add(1, NOW - timedelta(hours=5), "old news about acme")
    bsky.add(2, NOW - timedelta(minutes=10), "acme login broken")
    source = BlueskySource(config(net), store=store, client=client, clock=clock)
    first = await source.poll()
    assert [m.text for m in first] == ["acme login broken"]  # backfill 60 min
    assert first[0].author.followers == 42 and first[0].metrics == {"likes": 2}
    for n in range(3, 253):  # 250 new posts: three pages of 100
        bsky.add(n, NOW + timedelta(seconds=n))
    clock.now = NOW + timedelta(minutes=10)
    again = BlueskySource(config(net), store=store, client=client, clock=clock)
    second = await again.poll()
    assert len(second) == 250 and len({m.id for m in second}) == 250
    assert await again.poll() == []
    assert bsky.sessions == 2  # one per adapter instance, not per request


async def test_a_post_dated_behind_the_cursor_is_read_once_within_the_lookback(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The AppView dates a post by the earlier of its ``createdAt`` and its indexing: a phone
    whose clock runs slow puts a new post behind the newest one read. It was lost; it is read
    once if it is dated at most ``LOOKBACK`` behind the cursor, and never from before the
    first run (quiet)."""
    bsky = Bsky(net)
    clock.now = NOW
    source = BlueskySource(config(net, backfill_minutes=0), store=store, client=client,
                           clock=clock)
    assert await source.poll() == []
    bsky.add(5, NOW + timedelta(minutes=1), "acme first")
    clock.now = NOW + timedelta(minutes=2)
    assert [m.text for m in await source.poll()] == ["acme first"]
    bsky.add(4, NOW + timedelta(seconds=30), "acme from a slow phone")
    bsky.add(3, NOW - timedelta(seconds=30), "acme dated before the first run")
    clock.now = NOW + timedelta(minutes=3)
    assert [m.text for m in await source.poll()] == ["acme from a slow phone"]
    assert await source.poll() == []
    bsky.add(6, NOW + timedelta(minutes=30), "acme later")
    clock.now = NOW + timedelta(minutes=31)
    assert [m.text for m in await source.poll()] == ["acme later"]
    # dated further behind the newest read than the lookback: history, as a backfill's is
    bsky.add(7, NOW + timedelta(minutes=30) - LOOKBACK - timedelta(minutes=1), "acme too far")
    bsky.add(8, NOW + timedelta(minutes=30) - LOOKBACK / 2, "acme a bit behind")
    assert [m.text for m in await source.poll()] == ["acme a bit behind"]
    assert await source.poll() == []


@pytest.mark.parametrize(("written", "dated"), [
    # RFC 3339 section 5.6: "T" and "Z" may be lower case; a space may stand for the "T"
    ("2026-11-23t08:58:00z", NOW - timedelta(minutes=2)),
    ("2026-11-23 08:58:00Z", NOW - timedelta(minutes=2)),
    ("2026-11-23T08:58:00.123456789+00:00", NOW - timedelta(minutes=2, microseconds=-123456)),
    # no time a Mention holds: dated when the AppView indexed it, as the AppView shows it
    ("yesterday", NOW - timedelta(minutes=1)),
    ("1960-01-01T00:00:00Z", NOW - timedelta(minutes=1)),
    ("0001-01-01T00:00:00+01:00", NOW - timedelta(minutes=1)),
    ("2026-11-23T08:58:00Z" + "0" * 60, NOW - timedelta(minutes=1)),  # over 64 characters
    (1764000000, NOW - timedelta(minutes=1)),
    (None, NOW - timedelta(minutes=1)),
], ids=["lower-case", "space", "nanoseconds", "words", "before-1970", "year-one", "too-long",
        "a-number", "null"])
async def test_a_post_whose_client_wrote_an_odd_time_is_read_not_skipped(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        written: Any, dated: datetime) -> None:
    """A PDS writes what a client sends with ``validate: false``, and an AppView that does not
    check records against the lexicon shows it (the reference's indexer reads ``createdAt``
    with @atproto/syntax's ``normalizeDatetimeAlways``, 1970 for what does not read). Such a
    post was skipped as malformed: a mention lost. It is read, dated by its ``createdAt`` where
    that reads as a time a post can have, else by its ``indexedAt``."""
    bsky = Bsky(net)
    clock.now = NOW
    bsky.add(1, NOW - timedelta(minutes=1), "acme is down")
    bsky.written[1] = written
    source = BlueskySource(config(net), store=store, client=client, clock=clock)
    [mention] = await source.poll()
    assert mention.created_at == dated and mention.created_at.utcoffset() == timedelta(0)
    assert source.skipped == []


def test_a_jetstream_post_whose_time_does_not_read_is_dated_by_its_event() -> None:
    line = next(json.loads(raw) for raw in JETSTREAM.read_text(encoding="utf-8").splitlines()
                if '"app.bsky.feed.post"' in raw and '"create"' in raw)
    line["commit"]["record"]["createdAt"] = "not a time"
    mention = normalize_jetstream(line, source="b")
    assert mention is not None
    assert mention.created_at == datetime.fromtimestamp(line["time_us"] / 1e6, UTC)
    line["time_us"] = "soon"  # nothing to date it by: malformed, as before
    with pytest.raises(MalformedPayload, match="bad time"):
        normalize_jetstream(line, source="b")


async def test_a_post_indexed_past_the_clock_is_skipped_and_moves_no_cursor(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    # it moved the cursor to 9999: every post after it counted as older than the cursor
    bsky = Bsky(net)
    clock.now = NOW
    bsky.add(1, NOW - timedelta(minutes=5), "acme first")
    bsky.add(2, NOW - timedelta(minutes=4), "acme indexed in 9999")
    bsky.indexed[2] = "9999-12-31T23:59:59.000Z"
    source = BlueskySource(config(net), store=store, client=client, clock=clock)
    assert [m.text for m in await source.poll()] == ["acme first"]
    assert "past our clock" in source.skipped[-1]
    bsky.add(3, NOW + timedelta(minutes=1), "acme later")
    clock.now = NOW + timedelta(minutes=2)
    assert [m.text for m in await source.poll()] == ["acme later"]


async def test_a_stored_cursor_past_the_clock_is_ignored(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    # saved before posts indexed ahead were skipped: the source heard nothing after it
    bsky = Bsky(net)
    clock.now = NOW
    bsky.add(1, NOW - timedelta(minutes=5), "acme down")
    await store.set_cursor("bsky", json.dumps({"q:acme": {"at": "9999-12-31T23:59:59+00:00",
                                                          "uris": []}}))
    source = BlueskySource(config(net), store=store, client=client, clock=clock)
    assert [m.text for m in await source.poll()] == ["acme down"]


async def test_expired_token_is_refreshed_once_and_bad_password_pauses(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    bsky = Bsky(net)
    clock.now = NOW
    source = BlueskySource(config(net), store=store, client=client, clock=clock)
    await source.poll()
    bsky.expire_next = True
    bsky.add(1, NOW + timedelta(seconds=1))
    clock.now = NOW + timedelta(seconds=2)
    assert len(await source.poll()) == 1
    assert bsky.refreshes == 1
    searches = net.requests_to("/xrpc/app.bsky.feed.searchPosts")
    assert searches[-1].headers["Authorization"] == "Bearer fresh1"
    wrong = BlueskySource(config(net, id="b2", app_password="nope"), store=store, client=client,
                          clock=clock)
    with pytest.raises(SourceAuthError):
        await wrong.poll()


async def test_rate_limit_reset_header_pauses_until_the_reset(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    Bsky(net)
    clock.now = NOW
    reset = int(NOW.timestamp()) + 120
    net.fault("GET", "/xrpc/app.bsky.feed.searchPosts", *[
        _status(429, {"error": "RateLimitExceeded"}, {"ratelimit-reset": str(reset),
                                                      "ratelimit-remaining": "0"})])
    source = BlueskySource(config(net), store=store, client=client, clock=clock)
    with pytest.raises(RateLimited) as info:
        await source.poll()
    assert 119 <= info.value.retry_after <= 121


def _status(status: int, body: Any, headers: dict[str, str]) -> Any:
    from tests.support.netserver import Fault

    return Fault.http(status, {"Content-Type": "application/json", **headers}, body)


async def test_notifications_keep_mentions_replies_and_quotes(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    Bsky(net)
    clock.now = NOW
    record = real("post_record_reply_refs.json")

    def note(n: int, reason: str) -> dict[str, Any]:
        return {"uri": f"at://{DID}/app.bsky.feed.post/3n{n}", "cid": "c", "reason": reason,
                "author": {"did": KASIA, "handle": "kasia.example"}, "record": record,
                "isRead": False, "indexedAt": iso(NOW - timedelta(minutes=n))}

    net.json("GET", "/xrpc/app.bsky.notification.listNotifications", {"notifications": [
        note(1, "mention"), note(2, "like"), note(3, "reply"), note(4, "follow"),
        note(5, "quote")]})
    source = BlueskySource(config(net, queries=(), notifications=True), store=store,
                           client=client, clock=clock)
    got = await source.poll()
    assert sorted(m.id.rsplit("/", 1)[1] for m in got) == ["3n1", "3n3", "3n5"]


async def test_a_notification_from_a_handle_failing_verification_names_the_did(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The AppView says handle.invalid for a handle whose DNS or HTTPS proof fails: a post view
    (search) named the author by DID, a notification by 'handle.invalid', so the card linked
    bsky.app/profile/handle.invalid and a saved reply's {author} wrote @handle.invalid,
    addressing nobody (now a DID, refused in one line: ``replies.nameless``)."""
    Bsky(net)
    clock.now = NOW
    net.json("GET", "/xrpc/app.bsky.notification.listNotifications", {"notifications": [
        {"uri": f"at://{KASIA}/app.bsky.feed.post/3n1", "cid": "c", "reason": "mention",
         "author": {"did": KASIA, "handle": "handle.invalid"},
         "record": real("post_record_reply_refs.json"), "isRead": False,
         "indexedAt": iso(NOW - timedelta(minutes=1))}]})
    # and so does its profile (the same AppView): no handle is filled from it
    net.json("GET", "/xrpc/app.bsky.actor.getProfiles", {"profiles": [
        {"did": KASIA, "handle": "handle.invalid", "followersCount": 3}]})
    source = BlueskySource(config(net, queries=(), notifications=True), store=store,
                           client=client, clock=clock)
    (got,) = await source.poll()
    assert got.author.handle == KASIA and got.author.followers == 3
    assert got.author.profile_url == f"https://bsky.app/profile/{KASIA}"


# -- Jetstream --------------------------------------------------------------------------------

KEYWORDS = ("government", "band", "аватаром")
WORDS = re.compile(r"(?<!\w)(government|band|аватаром)(?!\w)", re.IGNORECASE)


def expected_uris() -> set[str]:
    out = set()
    for line in JETSTREAM.read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        c = e.get("commit") or {}
        if c.get("operation") == "create" and c.get("collection") == "app.bsky.feed.post" \
                and WORDS.search(c["record"].get("text", "")):
            out.add(f"bluesky:at://{e['did']}/app.bsky.feed.post/{c['rkey']}")
    return out


async def test_jetstream_prefilters_survives_a_drop_and_resumes_from_the_cursor(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    lines = JETSTREAM.read_text(encoding="utf-8").splitlines()

    def from_cursor(query: Any, all_lines: list[str]) -> list[str]:
        cursor = int(query.get("cursor", 0))
        return [ln for ln in all_lines if json.loads(ln)["time_us"] >= cursor]

    connects = net.websocket("/subscribe", lines, drop_after=[60, None], select=from_cursor)
    cfg = config(net, jetstream_url=net.ws_base, stream=True, stream_keywords=KEYWORDS)
    source = BlueskySource(cfg, store=store, client=client, clock=clock, sleep=no_sleep)
    want = expected_uris()
    assert len(want) >= 4
    got: list[str] = []

    async def consume() -> None:
        async for mention in source.stream():
            got.append(mention.id)
            if set(got) >= want:
                return

    await asyncio.wait_for(consume(), timeout=30)
    assert len(got) == len(set(got)) == len(want)  # nothing lost, nothing doubled
    assert connects[0].get("wantedCollections") == "app.bsky.feed.post"
    assert "cursor" not in connects[0]  # a new stream starts at the live tail
    position_at_drop = json.loads(lines[59])["time_us"]
    resumed = int(connects[1]["cursor"])
    assert resumed <= position_at_drop and position_at_drop - resumed <= 5_000_000 + 1_000_000
    assert source.stream_seen > len(want)  # the rest was filtered out before parsing


async def test_a_streamed_mention_has_its_authors_follower_count(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A Jetstream event holds the DID and the record, no counts: a rule's ``min_followers``
    saw "unknown" for every streamed author, and cards named it by DID. The count and the
    handle come from getProfiles, as polled."""
    Bsky(net)  # sessions, and getProfiles: KASIA has 42 followers
    clock.now = NOW
    event = {"did": KASIA, "time_us": int(NOW.timestamp() * 1_000_000), "kind": "commit",
             "commit": {"rev": "3l", "operation": "create", "collection": "app.bsky.feed.post",
                        "rkey": "3kstream", "cid": "bafy", "record": {
                            "$type": "app.bsky.feed.post", "text": "the band is down",
                            "createdAt": iso(NOW)}}}
    net.websocket("/subscribe", [json.dumps(event)])
    cfg = config(net, jetstream_url=net.ws_base, stream=True, stream_keywords=KEYWORDS)
    source = BlueskySource(cfg, store=store, client=client, clock=clock, sleep=no_sleep)

    async def first() -> Any:
        async for mention in source.stream():
            return mention

    mention = await asyncio.wait_for(first(), timeout=10)
    assert mention.id == f"bluesky:at://{KASIA}/app.bsky.feed.post/3kstream"
    assert mention.author.followers == 42
    # the event named the DID alone: the handle comes with the count
    assert (mention.author.handle, mention.author.profile_url) == (
        "kasia.example", "https://bsky.app/profile/kasia.example")


async def test_a_jetstream_it_cannot_reach_is_named_with_the_key_to_check(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock,
        caplog: pytest.LogCaptureFixture) -> None:
    """docs/networks.md's Bluesky example with stream: true and no network: every retry said
    'bluesky bsky: jetstream dropped ([Errno 111] Connect call failed ...); reconnecting',
    neither the address nor the key that sets it."""
    import socket

    with socket.socket() as closed:  # a port nothing listens on once this block ends
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]

    class Stop(Exception):
        pass

    async def stop(_: float) -> None:
        raise Stop

    Bsky(net)
    cfg = config(net, jetstream_url=f"ws://127.0.0.1:{port}", stream=True,
                 stream_keywords=KEYWORDS)
    source = BlueskySource(cfg, store=store, client=client, clock=clock, sleep=stop)
    with pytest.raises(Stop):
        async for _ in source.stream():
            pass
    said = [r.getMessage() for r in caplog.records if "jetstream" in r.getMessage()]
    assert len(said) == 1, said
    assert said[0].startswith(
        f"bluesky bsky: cannot reach jetstream at ws://127.0.0.1:{port} ("), said
    assert said[0].endswith("); check this machine's network (or proxy), or jetstream_url; "
                            "reconnecting"), said


# -- publishing ----------------------------------------------------------------------------------


class Pds:
    def __init__(self, net: NetServer) -> None:
        self.records: dict[str, dict[str, Any]] = {}
        self.puts = 0
        self.fail_next = 0
        Bsky(net)
        net.handler("POST", "/xrpc/com.atproto.repo.putRecord", self.put)
        net.handler("GET", "/xrpc/com.atproto.repo.getRecord", self.get)
        net.json("GET", "/xrpc/com.atproto.identity.resolveHandle",
                 {"did": "did:plc:ewvi7nxzyoun6zhxrhs64oiz"})
        # the posts the AppView shows this account; a thread gate that leaves it out sets
        # the view's viewer.replyDisabled; a deleted post (or a block) is left out of the answer
        self.views = {f"at://{DID}/app.bsky.feed.post/{rkey}": {
            "uri": f"at://{DID}/app.bsky.feed.post/{rkey}", "cid": f"bafy{rkey}",
            "author": {"did": DID, "handle": "kasia.example"},
            "record": real("post_record_reply_refs.json"), "indexedAt": iso(NOW),
            "viewer": {"replyDisabled": rkey == "3gated"}} for rkey in ("3parent", "3gated")}
        net.handler("GET", "/xrpc/app.bsky.feed.getPosts", self.get_posts)

    async def get_posts(self, request: web.Request) -> web.Response:
        return web.json_response({"posts": [self.views[u] for u in request.query.getall("uris")
                                            if u in self.views]})

    async def put(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.puts += 1
        self.records[body["rkey"]] = body  # putRecord overwrites: one record per key
        if self.fail_next:
            self.fail_next -= 1
            return web.json_response({"error": "InternalServerError"}, status=502)
        return web.json_response({"uri": f"at://{DID}/app.bsky.feed.post/{body['rkey']}",
                                  "cid": "bafynew"})

    async def get(self, request: web.Request) -> web.Response:
        rkey = request.query["rkey"]
        if rkey not in self.records:  # what the PDS answers for a missing record
            return web.json_response({"error": "RecordNotFound", "message": "Could not locate "
                                      "record"}, status=400)
        return web.json_response({"uri": f"at://{DID}/app.bsky.feed.post/{rkey}",
                                  "cid": "bafynew", "value": self.records[rkey]["record"]})


async def test_publish_a_reply_with_byte_offset_facets_and_reply_refs(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    pds = Pds(net)
    clock.now = NOW
    pub = BlueskyPublisher(config(net), client=client, clock=clock)
    text = "✨ thanks @atproto.com 👨‍❤️‍👨 see https://en.wikipedia.org/wiki/CBOR #acme"
    result = await pub.publish(text, reply_to=f"bluesky:at://{DID}/app.bsky.feed.post/3parent",
                               idempotency_key="A-7:abc")
    body = next(iter(pds.records.values()))
    record = body["record"]
    assert body["repo"] == DID and body["collection"] == "app.bsky.feed.post"
    assert body["rkey"] == rkey_for("A-7:abc") and len(body["rkey"]) == 13
    encoded = text.encode("utf-8")
    spans = {f["features"][0]["$type"].split("#")[1]:
             encoded[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode()
             for f in record["facets"]}
    assert spans == {"mention": "@atproto.com", "link": "https://en.wikipedia.org/wiki/CBOR",
                     "tag": "#acme"}
    root = "at://did:plc:u5cwb2mwiv2bfq53cjufe6yn/app.bsky.feed.post/3k43tv4rft22g"
    assert record["reply"]["parent"] == {"uri": f"at://{DID}/app.bsky.feed.post/3parent",
                                         "cid": "bafy3parent"}
    assert record["reply"]["root"]["uri"] == root
    # by the account's DID: a handle changed since the session began leads nowhere
    assert result.url == f"https://bsky.app/profile/{body['repo']}/post/{body['rkey']}"
    assert body["repo"].startswith("did:")


# What @atproto/api 0.20.44's RichText.detectFacets finds in these texts (tests/interop compares
# against the SDK itself): (kind, the text the facet covers, its tag/uri).
SDK_FACETS = {
    "done #障害情報。 see https://en.wikipedia.org/wiki/Mercury_(planet)!": [
        ("tag", "#障害情報", "障害情報"),
        ("link", "https://en.wikipedia.org/wiki/Mercury_(planet)",
         "https://en.wikipedia.org/wiki/Mercury_(planet)")],
    "#123 #Node.js #covid-19, (@atproto.com) 👋@atproto.com #태그! (https://example.com/paren)": [
        ("tag", "#Node.js", "Node.js"), ("tag", "#covid-19", "covid-19"),
        ("mention", "@atproto.com", "did:plc:ewvi7nxzyoun6zhxrhs64oiz"), ("tag", "#태그", "태그"),
        ("link", "https://example.com/paren", "https://example.com/paren")],
}


@pytest.mark.parametrize("text", list(SDK_FACETS))
async def test_facets_follow_the_official_sdk(
        text: str, net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    Pds(net)
    facets = await BlueskyPublisher(config(net), client=client, clock=clock).facets(text)
    encoded = text.encode("utf-8")
    got = sorted(facets, key=lambda f: f["index"]["byteStart"])
    assert [(f["features"][0]["$type"].split("#")[1],
             encoded[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode(),
             next(v for k, v in f["features"][0].items() if k != "$type"))
            for f in got] == SDK_FACETS[text]


async def test_a_retry_after_a_lost_answer_writes_the_same_record(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    pds = Pds(net)
    pds.fail_next = 1  # the record is written, the answer is lost
    pub = BlueskyPublisher(config(net), client=client, clock=clock)
    with pytest.raises(PublishError):
        await pub.publish("we are on it", reply_to=None, idempotency_key="A-9:h")
    await pub.publish("we are on it", reply_to=None, idempotency_key="A-9:h")
    assert pds.puts == 1 and len(pds.records) == 1  # the retry found the record: one write
    await pub.publish("we are on it", reply_to=None, idempotency_key="A-9:h")
    assert pds.puts == 1  # done once: the memo answers


async def test_a_reply_the_appview_would_hide_or_to_a_post_gone_writes_nothing(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """The PDS takes any reply record; the AppView shows none to a post whose thread gate
    leaves this account out (``viewer.replyDisabled``), and getPosts leaves out a post deleted
    or hidden by a block. Either way the approval fails in one line and nothing is written."""
    pds = Pds(net)
    pub = BlueskyPublisher(config(net), client=client, clock=clock)
    for rkey, said in (("3gated", "does not let this account reply"),
                       ("3deleted", "is gone or hidden from this account")):
        with pytest.raises(PublishError) as caught:
            await pub.publish("sorry!", reply_to=f"bluesky:at://{DID}/app.bsky.feed.post/{rkey}",
                              idempotency_key=f"A-1:{rkey}")
        assert said in str(caught.value) and "\n" not in str(caught.value)
        assert str(caught.value).endswith("nothing was posted")
    assert pds.puts == 0


async def test_too_long_posts_are_refused_before_sending(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    pds = Pds(net)
    pub = BlueskyPublisher(config(net), client=client, clock=clock)
    assert graphemes("👨‍❤️‍👨e\u0301") == 2
    with pytest.raises(PublishError, match="at most 300 graphemes"):
        await pub.publish("x" * 301, reply_to=None, idempotency_key="k")
    assert pds.puts == 0


@pytest.mark.parametrize(("text", "icu"), [
    # counted by Node 22's Intl.Segmenter (ICU 78), as the PDS's graphemeLen counts them
    ("कि्ष", 2), ("a্ক", 2), (" ്ന", 2), ("्क", 2), ("\r्ক", 3), ("\u0600\u0661", 1),
    ("क्ष", 1), ("क\u093c\u094dष", 1), ("क्\u200dष", 1), ("क्\u200cष", 2),
    ("ক্ষ্ম", 1), ("క్ష", 1), ("ஸ்ரீ", 2), ("น้ำ", 1), ("👨‍👩‍👧‍👦", 1), ("👨‍‍👩", 2),
])
def test_graphemes_are_counted_as_the_pds_counts_them(text: str, icu: int) -> None:
    """GB9c joins a consonant after a virama only when a consonant precedes the virama: the
    regex module's \\X joined it after any, and a typo's broken conjunct counted one where the
    PDS counts two (tests/interop/test_bluesky_review_graphemes.py on the real PDS)."""
    assert graphemes(text) == icu


@pytest.mark.parametrize("name", sorted(p.name for p in BSKY.glob("post_record_*.json")))
def test_every_recorded_post_record_normalises(name: str) -> None:
    record = real(name)
    m = normalize_record(record, uri=f"at://{DID}/app.bsky.feed.post/3x", did=DID, source="b")
    assert m.text == record["text"] and m.created_at.tzinfo is not None


def test_a_thread_view_with_empty_text_and_media_normalises() -> None:
    view = real("getPostThread_record_with_media_empty_text.json")["thread"]["post"]
    m = normalize_post_view(view, source="b")
    assert m.text == "" and m.id == f"bluesky:{view['uri']}"
    assert m.author.handle == view["author"]["handle"]
    # the record holds only the image's blob reference: its address comes from the view
    assert m.media == (view["embed"]["media"]["images"][0]["fullsize"],)


def test_follows_are_not_posts() -> None:
    with pytest.raises(MalformedPayload):
        normalize_post_view(real("getFollows_no_cursor.json"), source="b")


async def test_publish_names_the_configured_language(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """``language:`` on the source is the post's ``langs`` (as the Bluesky app writes its post
    language), so language feeds and filters see it; without it no ``langs`` is written."""
    pds = Pds(net)
    for language, key in (("pl", "A-3:pl"), (None, "A-3:none")):
        pub = BlueskyPublisher(config(net, language=language), client=client, clock=clock)
        await pub.publish("Dziękujemy!", reply_to=None, idempotency_key=key)
        record = pds.records[rkey_for(key)]["record"]
        assert record.get("langs") == ([language] if language else None)


def test_a_bluesky_language_that_is_no_code_is_refused() -> None:
    cfg = BlueskySourceConfig(id="b", type="bluesky", language="Polish")
    assert [p for p in cfg.problems(resolve=Path) if p[0] == ("language",)] == [
        (("language",), "'Polish' is not an ISO 639-1 language code; use pl")]


@pytest.mark.parametrize("status, error, raised", [
    (429, "RateLimitExceeded", RateLimited),  # nothing written: the approval waits, as Mastodon's
    (502, "InternalServerError", PublishUncertain),  # says nothing of the post: tried again
    (400, "InvalidRecord", PublishError)])  # the PDS's refusal: final
async def test_a_failed_write_says_whether_to_wait_try_again_or_give_up(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock, status: int, error: str,
        raised: type[Exception]) -> None:
    Pds(net)

    async def refuse(_: web.Request) -> web.Response:
        return web.json_response({"error": error, "message": "no"}, status=status,
                                 headers={"retry-after": "30"})

    net.handler("POST", "/xrpc/com.atproto.repo.putRecord", refuse)
    pub = BlueskyPublisher(config(net), client=client, clock=clock)
    with pytest.raises(PublishError if raised is PublishError else Exception) as info:
        await pub.publish("we are on it", reply_to=None, idempotency_key=f"A-4:{status}")
    assert type(info.value) is raised, info.value


async def test_a_write_answered_without_a_uri_is_tried_again_and_found(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """putRecord answered 200 with no uri (a proxy's '{}', a PDS mid-restart): the record may
    be written, so the approval is tried again with the same record key (PublishUncertain),
    and the next try finds the record instead of failing for good. Before: a PublishError, the
    approval failed with its post live, and drafting it again posted a second one."""
    pds = Pds(net)

    async def written_but_no_uri(request: web.Request) -> web.Response:
        await pds.put(request)
        return web.json_response({})

    net.handler("POST", "/xrpc/com.atproto.repo.putRecord", written_but_no_uri)
    with pytest.raises(PublishUncertain):
        await BlueskyPublisher(config(net), client=client, clock=clock).publish(
            "we are on it", reply_to=None, idempotency_key="A-5:x")
    again = await BlueskyPublisher(config(net), client=client, clock=clock).publish(
        "we are on it", reply_to=None, idempotency_key="A-5:x")
    assert again.id == f"bluesky:at://{DID}/app.bsky.feed.post/{rkey_for('A-5:x')}"
    assert pds.puts == 1


async def test_a_post_written_as_2199_is_dated_by_its_indexed_at_logged_and_counted(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """createdAt 2199 (a client writes any with validate: false) was kept: first in its
    author's history for ever. It is dated by indexedAt, with one warning line and one count."""
    bsky = Bsky(net)
    clock.now = NOW
    bsky.add(1, NOW - timedelta(minutes=5), "acme first")
    bsky.add(2, NOW - timedelta(minutes=4), "acme from 2199")
    bsky.written[2] = "2199-12-31T00:00:00Z"
    source = BlueskySource(config(net), store=store, client=client, clock=clock)
    got = {m.text: m.created_at for m in await source.poll()}
    assert got == {"acme first": NOW - timedelta(minutes=5),
                   "acme from 2199": NOW - timedelta(minutes=4)}
    assert source.skipped.total == 1 and "2199-12-31" in source.skipped[0]
    assert "indexedAt" in source.skipped[0]


async def test_a_notified_post_written_as_2199_is_counted_once(
        net: NetServer, store: Store, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """A notified post is read twice, its record and then its view (getPosts): re-dated in
    both, it is said and counted once."""
    Bsky(net)
    clock.now = NOW
    record = {**real("post_record_reply_refs.json"), "createdAt": "2199-12-31T00:00:00Z"}
    uri = f"at://{DID}/app.bsky.feed.post/3n1"
    author = {"did": KASIA, "handle": "kasia.example"}
    net.json("GET", "/xrpc/app.bsky.notification.listNotifications", {"notifications": [
        {"uri": uri, "cid": "c", "reason": "mention", "author": author, "record": record,
         "isRead": False, "indexedAt": iso(NOW - timedelta(minutes=1))}]})
    net.json("GET", "/xrpc/app.bsky.feed.getPosts", {"posts": [
        {"uri": uri, "cid": "c", "author": author, "record": record,
         "indexedAt": iso(NOW - timedelta(minutes=1))}]})
    source = BlueskySource(config(net, queries=(), notifications=True), store=store,
                           client=client, clock=clock)
    [got] = await source.poll()
    assert got.created_at == NOW - timedelta(minutes=1)
    assert source.skipped.total == 1 and uri in source.skipped[0]
