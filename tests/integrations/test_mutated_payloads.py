"""Every JSON path of each network's real recorded page, given a value of the wrong kind (see
tests/support/mutations.py), served by the local network server and read by the source's own
``poll``: the path a poller takes, HTTP and JSON decoding included.

What must hold for every mutation of one item: ``poll`` returns (an item never fails a poll);
every other item of the page is still read; the mutated item is either read or skipped with one
count in the source's ``skipped`` log (``mentions_skipped_total``) and one log line, never more;
no log line of the poll spans two lines or carries a control character; and every mention
read is bounded (text, handle, name, URLs, its whole JSON). A mutation of the page's envelope
(``meta``, ``data.after``, ...) may fail the poll, but only with our own ``SourceError``.

Derandomized and bounded (``mutations.SETTINGS``): the same examples every run, 80 per page,
about a second of CPU each (all the mutation suites together: about 20 s). A small page's
every (path, kind) pair is tried once the examples outnumber them: ``SOCIALOPS_MUTATIONS=2000``
for a longer hunt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskySource
from integrations.social.hackernews.config import HackerNewsSourceConfig
from integrations.social.hackernews.source import HackerNewsSource
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonSource
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.source import RedditSource
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XSource
from tests.conftest import FakeClock
from tests.support.fakes import Cursors
from tests.support.mutations import (
    EXAMPLES,
    HOSTILE,
    SETTINGS,
    SPLICED,
    JsonPath,
    mutation,
    mutations_in_one_item,
    render,
    render_all,
    shown,
)
from tests.support.polling import Outcome, World, bounded, one_line_logs, opened_world, polled

REAL = Path(__file__).parents[1] / "fixtures" / "real"


def load(name: str) -> Any:
    return json.loads((REAL / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with opened_world() as w:
        yield w


def check_item(out: Outcome, *, baseline: dict[str, int], mutated: int, path: JsonPath,
               silent: bool = False) -> None:
    """The verdict for a mutation inside item ``mutated`` (its index in the page) of a page
    whose unmutated reading is ``baseline`` (native id -> index of the item it came from)."""
    assert out.error is None, f"{shown(path)}: the poll failed: {out.error}"
    assert out.mentions is not None
    got = {m.native_id for m in out.mentions}
    lost = {i for i, n in baseline.items() if n != mutated and i not in got}
    assert not lost, f"{shown(path)}: other items of the page were lost: {sorted(lost)}"
    assert out.skips <= 1, f"{shown(path)}: one item, {out.skips} skips"
    mine = [i for i, n in baseline.items() if n == mutated]
    if mine and not any(i in got for i in mine) and not silent:
        # the item may now carry another id (a mutated id is never a valid one, but a
        # mutation elsewhere may leave it readable under its own): either way, counted
        assert out.skips == 1 or len(out.mentions) == len(baseline), \
            f"{shown(path)}: the item was dropped without a count"
    skip_lines = [r for r in out.lines if r.levelno >= logging.WARNING]
    assert len(skip_lines) <= max(out.skips, 1) + 1, \
        f"{shown(path)}: {len(skip_lines)} warnings: {[r.getMessage()[:120] for r in skip_lines]}"
    one_line_logs(out)
    for m in out.mentions:
        bounded(m)


def check_envelope(out: Outcome, *, path: JsonPath) -> None:
    one_line_logs(out)
    for m in out.mentions or ():
        bounded(m)


@dataclass(frozen=True)
class Case:
    """One network's real page and how its source polls it: ``serve`` puts a body where the
    source reads it, ``make`` builds a fresh source (no cursor: a first run over the page),
    ``item`` says which item of the page a path lies in (None: the envelope), ``native_ids``
    the native id each item gives when read unmutated."""

    name: str
    doc: Any
    serve: Callable[[World, bytes], None]
    make: Callable[[World], Any]
    item: Callable[[JsonPath], int | None]
    native_ids: Callable[[Any], list[str | None]]  # None: an item that gives no mention
    # a mutation after which the item is, as documented, not a mention at all (a notification
    # whose reason is one we do not read: a like, a follow, one Bluesky adds later)
    not_a_mention: Callable[[JsonPath, str], bool] = lambda path, kind: False
    skips: int = 0  # of the unmutated page

    def poll(self, world: World, body: bytes) -> Outcome:
        self.serve(world, body)
        source = self.make(world)
        return polled(world, source, source.poll)


def _json(world: World, path: str, body: bytes) -> None:
    world.net.bytes("GET", path, body, headers={"Content-Type": "application/json"})


# --- Mastodon: a hashtag timeline page (five real statuses) --------------------------------

MASTODON_T0 = datetime(2026, 8, 1, 13, 52, 34, tzinfo=UTC)

MASTODON = Case(
    name="mastodon",
    doc=load("mastodon/account_statuses_page_limit5.json"),
    serve=lambda w, body: _json(w, "/api/v1/timelines/tag/socialops", body),
    make=lambda w: MastodonSource(
        MastodonSourceConfig(id="m1", type="mastodon", base_url=w.net.base,
                             hashtags=("#socialops",), timeout=5, backfill_minutes=10**6),
        store=Cursors(), client=w.client, clock=FakeClock(MASTODON_T0 + timedelta(minutes=10))),
    item=lambda path: int(path[0]),
    native_ids=lambda doc: [s["id"] for s in doc],
)


# --- X: a recent-search page (ten real tweets, no next page; ``meta`` is the envelope) ----

_SEARCH = load("x/search_recent_tweets.json")
del _SEARCH["meta"]["next_token"]  # the server serves this page for every request
# The recorded page asked no expansions; the real users/me answer as the author of each tweet,
# as X sends it with expansions=author_id (includes.users), so its fields are mutated too
_ME = load("x/users_me.json")["data"]
_SEARCH["data"] = [{**t, "author_id": _ME["id"]} for t in _SEARCH["data"]]
_SEARCH["includes"] = {"users": [_ME]}

X = Case(
    name="x",
    doc=_SEARCH,
    serve=lambda w, body: _json(w, "/2/tweets/search/recent", body),
    make=lambda w: XSource(
        XSourceConfig(id="x1", type="x", base_url=w.net.base, bearer_token="app",
                      queries=("tweepy",), timeout=5),
        store=Cursors(), client=w.client, clock=FakeClock(datetime(2022, 10, 8, tzinfo=UTC))),
    item=lambda path: int(path[1]) if path[0] == "data" and len(path) > 1 else None,
    native_ids=lambda doc: [t["id"] for t in doc["data"]],
)


# --- Reddit: a subreddit's /new listing (its first eight real posts, no next page) ----------

_LISTING = load("reddit/subreddit_new_listing_100_after_cursor.json")
_LISTING["data"]["children"] = _LISTING["data"]["children"][:8]
_LISTING["data"]["after"] = None


def _reddit_serve(world: World, body: bytes) -> None:
    world.net.json("POST", "/api/v1/access_token", {
        "access_token": "tok-1", "token_type": "bearer", "expires_in": 3600, "scope": "*"})
    _json(world, "/r/socialops/new", body)


REDDIT = Case(
    name="reddit",
    doc=_LISTING,
    serve=_reddit_serve,
    make=lambda w: RedditSource(
        RedditSourceConfig(id="rd", type="reddit", base_url=w.net.base, auth_url=w.net.base,
                           client_id="cid", client_secret="sec", username="botuser",
                           password="pw", subreddits=("socialops",), comments=False,
                           timeout=5, backfill_minutes=10**6),
        store=Cursors(), client=w.client,
        clock=FakeClock(datetime(2016, 3, 1, 9, tzinfo=UTC))),
    item=lambda path: (int(path[2]) if path[:2] == ("data", "children") and len(path) > 2
                       else None),
    native_ids=lambda doc: [c["data"]["name"] for c in doc["data"]["children"]],
    # ``banned_by: true``: Reddit's spam filter took the thing down, which is then skipped as
    # a removed one (docs/networks.md, Reddit, Skips), counted in ``gone``
    not_a_mention=lambda path, kind: path[-1] == "banned_by" and kind == "bool",
)

# --- Hacker News: an Algolia search_by_date page ------------------------------------------
# No recorded Algolia body has a citable source (tests/fixtures/real/README.md); the hits are
# the real Firebase items in Algolia's hit shape, as tests/integrations/test_hackernews.py
# builds them. ``nbHits`` and the rest are the envelope.

HN_NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _hit(name: str, n: int) -> dict[str, Any]:
    item = load(f"hackernews/{name}")
    kind = "comment" if item["type"] == "comment" else "story"
    return {"objectID": str(1000 + n), "author": item["by"],
            "created_at_i": int(HN_NOW.timestamp()) - 60 + n, "title": item.get("title"),
            "url": item.get("url"), "points": item.get("score"),
            "story_text": None if kind == "comment" else item.get("text"),
            "comment_text": item.get("text") if kind == "comment" else None,
            "parent_id": item.get("parent"), "story_id": item.get("parent"),
            "_tags": [kind, f"author_{item['by']}"]}


_HITS = [_hit(name, n) for n, name in enumerate(
    ("item_story_8863.json", "item_ask_121003.json", "item_comment_2921983.json",
     "item_job_192327.json", "item_poll_126809.json"))]

HACKERNEWS = Case(
    name="hackernews",
    doc={"hits": _HITS, "nbHits": len(_HITS), "page": 0, "nbPages": 1, "hitsPerPage": 1000},
    serve=lambda w, body: _json(w, "/api/v1/search_by_date", body),
    make=lambda w: HackerNewsSource(
        HackerNewsSourceConfig(id="hn", type="hackernews", queries=("dropbox",),
                               base_url=w.net.base, timeout=5, backfill_minutes=60),
        store=Cursors(), client=w.client, clock=FakeClock(HN_NOW)),
    item=lambda path: int(path[1]) if path[0] == "hits" and len(path) > 1 else None,
    native_ids=lambda doc: [h["objectID"] for h in doc["hits"]],
)

# --- Bluesky: a searchPosts page -----------------------------------------------------------
# No recorded search page has a citable source; its posts are the real post view of a recorded
# getPostThread, three times under three record keys (``cursor`` is the envelope).

_VIEW = load("bluesky/getPostThread_record_with_media_empty_text.json")["thread"]["post"]
_POSTS = [{**_VIEW, "uri": _VIEW["uri"][:-1] + key} for key in "abc"]
BLUESKY_NOW = datetime(2023, 9, 28, 13, 0, tzinfo=UTC)


def _bluesky_serve(world: World, body: bytes) -> None:
    world.net.json("POST", "/xrpc/com.atproto.server.createSession", {
        "accessJwt": "access", "refreshJwt": "refresh", "did": "did:plc:acme",
        "handle": "acme.example"})
    world.net.json("GET", "/xrpc/app.bsky.actor.getProfiles", {"profiles": []})
    _json(world, "/xrpc/app.bsky.feed.searchPosts", body)


BLUESKY = Case(
    name="bluesky",
    doc={"posts": _POSTS},
    serve=_bluesky_serve,
    make=lambda w: BlueskySource(
        BlueskySourceConfig(id="bsky", type="bluesky", base_url=w.net.base,
                            pds_url=w.net.base, handle="acme.example",
                            app_password="app-pass", queries=("acme",), timeout=5,
                            backfill_minutes=60),
        store=Cursors(), client=w.client, clock=FakeClock(BLUESKY_NOW)),
    item=lambda path: int(path[1]) if path[0] == "posts" and len(path) > 1 else None,
    native_ids=lambda doc: [p["uri"] for p in doc["posts"]],
)

# --- the mention streams: X's mentions timeline, Reddit's inbox, Bluesky's notifications ----

_MENTIONS = load("x/user_mentions_timeline_page.json")
del _MENTIONS["meta"]["next_token"]

X_MENTIONS = Case(
    name="x mentions",
    doc=_MENTIONS,
    serve=lambda w, body: _json(w, "/2/users/2244994945/mentions", body),
    make=lambda w: XSource(
        XSourceConfig(id="x1", type="x", base_url=w.net.base, user_token="user",
                      user_id="2244994945", mentions=True, timeout=5),
        store=Cursors(), client=w.client, clock=FakeClock(datetime(2022, 10, 8, tzinfo=UTC))),
    item=X.item,
    native_ids=X.native_ids,
)

_INBOX = load("reddit/inbox_mentions_listing.json")
_INBOX["data"]["children"] = _INBOX["data"]["children"][:6]
_INBOX["data"]["after"] = None


def _inbox_serve(world: World, body: bytes) -> None:
    world.net.json("POST", "/api/v1/access_token", {
        "access_token": "tok-1", "token_type": "bearer", "expires_in": 3600, "scope": "*"})
    _json(world, "/message/mentions", body)


REDDIT_INBOX = Case(
    name="reddit inbox",
    doc=_INBOX,
    serve=_inbox_serve,
    make=lambda w: RedditSource(
        RedditSourceConfig(id="rd", type="reddit", base_url=w.net.base, auth_url=w.net.base,
                           client_id="cid", client_secret="sec", username="botuser",
                           password="pw", mentions=True, timeout=5, backfill_minutes=10**7),
        store=Cursors(), client=w.client,
        clock=FakeClock(datetime(2019, 4, 9, 2, tzinfo=UTC))),
    item=REDDIT.item,
    native_ids=REDDIT.native_ids,
    not_a_mention=REDDIT.not_a_mention,
)


def _note(n: int, reason: str) -> dict[str, Any]:
    at = BLUESKY_NOW - timedelta(minutes=n)
    return {"uri": f"at://did:plc:kasia/app.bsky.feed.post/3n{n}", "cid": "c", "reason": reason,
            "author": {"did": "did:plc:kasia", "handle": "kasia.example"},
            "record": load("bluesky/post_record_reply_refs.json"), "isRead": False,
            "indexedAt": at.strftime("%Y-%m-%dT%H:%M:%S.000Z")}


def _notes_serve(world: World, body: bytes) -> None:
    _bluesky_serve(world, b'{"posts": []}')
    world.net.json("GET", "/xrpc/app.bsky.feed.getPosts", {"posts": []})
    _json(world, "/xrpc/app.bsky.notification.listNotifications", body)


BLUESKY_NOTES = Case(
    name="bluesky notifications",
    doc={"notifications": [_note(1, "mention"), _note(2, "reply"), _note(3, "quote")]},
    serve=_notes_serve,
    make=lambda w: BlueskySource(
        BlueskySourceConfig(id="bsky", type="bluesky", base_url=w.net.base,
                            pds_url=w.net.base, handle="acme.example",
                            app_password="app-pass", queries=(), notifications=True,
                            timeout=5, backfill_minutes=60),
        store=Cursors(), client=w.client, clock=FakeClock(BLUESKY_NOW)),
    item=lambda path: (int(path[1]) if path[0] == "notifications" and len(path) > 1
                       else None),
    native_ids=lambda doc: [n["uri"] for n in doc["notifications"]],
    # (an integer of 5,000 digits is read as its digits, a string: docs/networks.md)
    not_a_mention=lambda path, kind: path[-1] == "reason" and (
        kind in ("5,000 digits", "lone surrogates")
        or (kind not in SPLICED and isinstance(HOSTILE[kind], str))),
)

# Mastodon's mentions: the real notifications page's one notification with a status, twice more
# under other ids, and one of its real notifications whose status is null (skipped, counted)
_NOTES = load("mastodon/notifications_mentions_some_null_status.json")
_WITH = _NOTES[38]
_MASTODON_NOTES = [_NOTES[0]] + [
    {**_WITH, "id": str(int(_WITH["id"]) + n),
     "status": {**_WITH["status"], "id": str(int(_WITH["status"]["id"]) + n)}}
    for n in range(3)]


def _notes_path(world: World, body: bytes) -> None:
    world.net.json("GET", "/api/v1/accounts/verify_credentials", {
        "id": "1", "username": "acme", "acct": "acme", "url": world.net.url("/@acme")})
    _json(world, "/api/v1/notifications", body)


MASTODON_NOTES = Case(
    name="mastodon notifications",
    doc=_MASTODON_NOTES,
    serve=_notes_path,
    make=lambda w: MastodonSource(
        MastodonSourceConfig(id="m1", type="mastodon", base_url=w.net.base, token="tok",
                             notifications=True, timeout=5, backfill_minutes=10**6),
        store=Cursors(), client=w.client,
        clock=FakeClock(datetime(2026, 3, 23, tzinfo=UTC))),
    item=lambda path: int(path[0]),
    native_ids=lambda doc: [(n.get("status") or {}).get("id") for n in doc],
    # a notification of another type than mention (a follow, a like) is not a mention
    not_a_mention=lambda path, kind: path[1:] == ("type",),
    skips=1,
)

_COMMENTS = load("reddit/subreddit_comments_stream_page.json")
_COMMENTS["data"]["children"] = _COMMENTS["data"]["children"][:6]


def _comments_serve(world: World, body: bytes) -> None:
    _reddit_serve(world, b"")  # the token
    _json(world, "/r/kakapo/new", b'{"kind": "Listing", "data": {"children": [], "after": null}}')
    _json(world, "/r/kakapo/comments", body)


REDDIT_COMMENTS = Case(
    name="reddit comments",
    doc=_COMMENTS,
    serve=_comments_serve,
    make=lambda w: RedditSource(
        RedditSourceConfig(id="rd", type="reddit", base_url=w.net.base, auth_url=w.net.base,
                           client_id="cid", client_secret="sec", username="botuser",
                           password="pw", subreddits=("kakapo",), comments=True, timeout=5,
                           backfill_minutes=10**7),
        store=Cursors(), client=w.client,
        clock=FakeClock(datetime(2017, 4, 15, 17, tzinfo=UTC))),
    item=REDDIT.item,
    native_ids=REDDIT.native_ids,
    not_a_mention=REDDIT.not_a_mention,
)

CASES = [MASTODON, X, REDDIT, HACKERNEWS, BLUESKY, X_MENTIONS, REDDIT_INBOX, BLUESKY_NOTES,
         REDDIT_COMMENTS, MASTODON_NOTES]


@pytest.fixture(scope="module")
def baselines(world: World) -> dict[str, dict[str, int]]:
    """Per case, native id -> the index of the item it came from, read unmutated: every item
    of every page is read (the test would prove nothing about items never read)."""
    found: dict[str, dict[str, int]] = {}
    for case in CASES:
        out = case.poll(world, json.dumps(case.doc).encode())
        assert out.mentions is not None and out.skips == case.skips, (case.name, out)
        ids = case.native_ids(case.doc)
        found[case.name] = {m.native_id: ids.index(m.native_id) for m in out.mentions}
        assert len(found[case.name]) == len([i for i in ids if i]), case.name
    return found


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@SETTINGS
@given(data=st.data())
def test_a_mutated_page_is_read_but_for_the_item(world: World, baselines: dict[str, dict[str, int]],
                                                 case: Case, data: st.DataObject) -> None:
    path, kind = data.draw(mutation(case.doc, item=case.item), label="path, kind")
    out = case.poll(world, render(case.doc, path, kind))
    out.skips -= case.skips  # what the unmutated page skips (a real null status) is not this
    index = case.item(path)
    if index is None:
        check_envelope(out, path=path)
    else:
        check_item(out, baseline=baselines[case.name], mutated=index, path=path,
                   silent=case.not_a_mention(path, kind))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@settings(SETTINGS, max_examples=max(1, EXAMPLES // 4))
@given(data=st.data())
def test_several_fields_of_one_item_broken_at_once(
        world: World, baselines: dict[str, dict[str, int]], case: Case,
        data: st.DataObject) -> None:
    index, changes = data.draw(mutations_in_one_item(case.doc, item=case.item),
                               label="item, changes")
    out = case.poll(world, render_all(case.doc, changes))
    out.skips -= case.skips
    where = " and ".join(f"{shown(p)} = {k}" for p, k in changes)
    check_item(out, baseline=baselines[case.name], mutated=index, path=(where,),
               silent=any(case.not_a_mention(p, k) for p, k in changes))
