"""The Bluesky source and publisher.

Source (``poll``): ``app.bsky.feed.searchPosts`` per query (``sort=latest``, pages of 100 with
``cursor``, read back to the newest post seen last time) and, with ``notifications: true``,
``app.bsky.notification.listNotifications`` (reasons mention, reply and quote; the notified
posts are then read as views with ``getPosts``, for their images and counts, and the authors'
follower counts with ``app.bsky.actor.getProfiles``). Each stream's
cursor is the newest ``indexedAt`` read plus the uris read ``LOOKBACK`` before it, and a poll
reads back that far: posts sharing an instant, or dated behind the cursor (the AppView dates by
the earlier of ``createdAt`` and indexing: a slow clock), are neither lost nor doubled; an
item that cannot be read, or is indexed more than ``FUTURE_SKEW`` past our clock, is skipped
and moves no cursor. A post (or an author) a moderation service labelled ``!hide`` is skipped
(``parse.hiding_label``): the AppView returns it labelled, and Bluesky's clients show it to
nobody. The first run is quiet: only posts from the last ``backfill_minutes``,
and never one dated before them (``from`` in the cursor).

Real time (``stream``): Jetstream, a JSON websocket over the whole network's commits
(``/subscribe?wantedCollections=app.bsky.feed.post``). Every post created anywhere passes by,
so a local keyword prefilter (``stream_keywords``, matched exactly as the rules match them,
through ``bot.core.text``) keeps only candidates before anything is built. The position is
Jetstream's ``time_us``, saved every few hundred events; a reconnect resumes five seconds
before it and a bounded set of recent uris drops what the overlap repeats. A message over
``MAX_MESSAGE`` closes the connection unread (1009), and resuming before it meets it again:
the reconnects look for its ``time_us`` (``TooBig``) and resume 1 µs past it. An event names
its author by DID alone: a mention waits up to ``GATHER`` for others, and their authors'
profiles are asked in one ``getProfiles`` call (remembered ``PROFILE_TTL``, polled ones too;
forgotten at an ``identity`` or ``account`` event of that author: a new handle).

Lookup (``lookup``, for ``why``): one post by its web address or at-uri, through
``getPosts``, normalised as polled (``BlueskySource.lookup``).

Publisher: ``com.atproto.repo.putRecord`` with a record key derived from the idempotency key,
rather than ``createRecord`` (which has no idempotency), all on the account's PDS. Before writing,
``getRecord`` looks under that key: a record already there (an earlier attempt whose answer was
lost) is the result, untouched, so a retry neither posts twice nor rewrites the post with a new
``createdAt`` and CID; a record there that cannot be this approval's (another store's approval
of the same id and text: ``_ours``) is left, and the post goes under a key of its first
attempt's time; the write sends ``swapRecord: null`` so that the PDS, not the look, has
the last word (a write arriving after another process wrote the record is refused). Limits
are checked before anything is sent, as the post lexicon orders them: 3,000 UTF-8 bytes, then
300 graphemes (extended grapheme clusters, UAX #29, counted with the ``regex`` module's
``\\X`` and GB9c applied as ICU applies it: ``bot.core.text.graphemes``). Links, @handles
(resolved to DIDs) and #tags become facets with
UTF-8 byte offsets, detected by the official SDK's rules (``RichText.detectFacets``) so a post
gets the facets the Bluesky app would give the same text; a reply carries strong refs to its
parent and thread root, and is not written when the AppView would show it to nobody (the parent
gone or hidden by a block, or a thread gate that leaves the account out).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import random
import re
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import regex
import websockets

from bot.core.errors import (
    UNREADABLE,
    ClaimEnded,
    MalformedPayload,
    NotThere,
    PublishError,
    PublishNotSent,
    PublishUncertain,
    RateLimited,
    SkipLog,
    SocialopsError,
    SourceAuthError,
    SourceError,
    unreadable,
)
from bot.core.jsonbody import loads
from bot.core.models import Mention
from bot.core.ports import (
    PUBLISH_CLAIM,
    PUBLISH_DRAFTED,
    Clock,
    PublishResult,
    SourceCursorStore,
    set_cursor_now,
)
from bot.core.prefilter import KeywordFilter
from bot.core.text import (
    graphemes,
)
from integrations.social.bluesky.api import BlueskyApi, OtherPds, XrpcError
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.parse import (
    MAX_BYTES,
    POST,
    display_name_of,
    hiding_label,
    jetstream_delete,
    normalize_jetstream,
    normalize_post_view,
    normalize_record,
    parse_time,
    post_ref,
    post_uri,
    post_url,
    profile_url,
    read_text,
    rkey_of,
    seen_time,
)
from integrations.social.bluesky.tlds import TLDS
from integrations.social.common.capped import halving
from integrations.social.common.cursor import FUTURE_SKEW, load_cursor
from integrations.social.common.jsonpage import (
    PageTooHeavy,
    TrimsBusy,
    frame_fits,
    head_member,
    json_page,
    over_what,
)
from integrations.social.common.own import OwnAccounts, drop_own, same_network
from integrations.social.common.paging import PAST_REPEAT, PageTokens, as_asked, history_starts
from integrations.social.common.publish import (
    CLOCK_SKEW,
    PostedElsewhere,
    Poster,
    PublishMemo,
    Whoami,
    is_ours,
)
from integrations.social.common.said import Counted, Lines, Logged
from integrations.social.common.sessions import SessionVault
from integrations.social.common.shapes import objects

log = logging.getLogger(__name__)

LIMIT = 100
MAX_PAGES = 10
MAX_URI = 3_000  # longer than any valid at-uri (a DID has at most 2 KB, a record key 512)
SAVE_EVERY = 500  # Jetstream events between saved positions
OVERLAP_US = 5_000_000  # a reconnect rewinds this far; the uri set drops the repeats
MAX_MESSAGE = 2 ** 22  # bytes of one Jetstream message read (a post's event is a few KB)
# how long closing waits for Jetstream's close frame: a server still writing a message we
# will not read (one too big, or events after a reconnect's first answer) sends none, and each
# reconnect looking for a message too big waited the library's 10 s; a reader loses nothing
CLOSE_TIMEOUT = 0.2
TOO_BIG_STEP_US = 1_000  # how far past the position a reconnect first looks past a message too big
RECENT = 20_000
HEAVY_KEPT = 16  # messages too heavy to read remembered as skipped (a replay skips them)
# How far behind the newest post read a later one may be dated and still be read. The AppView
# dates and sorts notifications (and dev-env's search) by ``sortAt``, the earlier of the post's
# ``createdAt`` and when it was indexed: a phone whose clock runs slow, or a bridge relaying a
# post minutes after it was written, puts a new post behind the cursor. Each poll reads back
# this far and keeps the uris it read there, so such a post is read once, not lost.
LOOKBACK = timedelta(minutes=10)
# getProfile's errors for an account the AppView shows to nobody (@atproto/bsky getProfile)
ACCOUNT_GONE = {"AccountTakedown": "taken down", "AccountDeactivated": "deactivated"}
MAX_RECENT = 5_000  # uris a stream's cursor keeps from the lookback (the newest)
# Pages a poll reads once it is behind the cursor: an account with thousands of likes in ten
# minutes would read them all again every poll (the lookback then covers what two pages hold)
LOOKBACK_PAGES = 2
MAX_BACKOFF = 120.0
PROFILES = 25  # app.bsky.actor.getProfiles: actors a call, and getPosts: uris a call
# Profiles (follower count, handle, name) are remembered: a Jetstream burst on a popular keyword
# brings the same authors again and again, and a PDS lets an IP make 3,000 requests in 5
# minutes, all endpoints together (docs.bsky.app, "Rate Limits")
PROFILE_TTL = timedelta(minutes=30)
MAX_PROFILES = 10_000  # authors remembered (the least recently used go first)
PROFILE_RETRY = timedelta(seconds=30)  # after a failed getProfiles, none is asked this long
GATHER = 0.2  # seconds a streamed mention waits for others to ask their authors together
REASONS = frozenset({"mention", "reply", "quote"})
Sleep = Callable[[float], Coroutine[Any, Any, None]]


@dataclass
class TooBig:
    """Where a Jetstream message too big to read lies. Jetstream replays in ``time_us`` order
    from a cursor: a connection at a cursor at or before the message answers it first (the
    client closes, 1009), one past it an event first. ``lo`` is a cursor known to answer the
    message first, ``hi`` (once found) one known to answer an event first; each reconnect asks
    ``cursor``: ``TOO_BIG_STEP_US`` past ``lo``, twice as far each time the message comes first
    again, then halfway between the two. When they are 1 µs apart the message is at ``lo``
    and the stream goes on from ``hi``: what else that one microsecond held is all that is
    lost (resuming a fixed span past it lost what the span held)."""

    lo: int
    hi: int | None = None
    step: int = TOO_BIG_STEP_US

    @property
    def found(self) -> bool:
        return self.hi is not None and self.hi - self.lo <= 1

    @property
    def cursor(self) -> int:
        if self.hi is None:
            return self.lo + self.step
        return self.hi if self.found else (self.lo + self.hi) // 2

    def answered(self, *, message_first: bool) -> None:
        """What the connection at ``cursor`` answered first."""
        asked = self.cursor
        if message_first:
            self.lo = asked
            if self.hi is None:
                self.step *= 2
        else:
            self.hi = asked


class BlueskySource:
    network = "bluesky"

    def __init__(self, config: BlueskySourceConfig, *, store: SourceCursorStore,
                 client: httpx.AsyncClient, clock: Clock, sleep: Sleep = asyncio.sleep,
                 rng: Callable[[], float] = random.random,
                 peers: Sequence[Any] = (), sessions: SessionVault | None = None) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.api = BlueskyApi(config, client=client, clock=clock, sessions=sessions)
        self.sleep = sleep
        self.rng = rng
        self.skipped = SkipLog()
        # fields of a post changed or refused (common.said): a poll's or the stream's logged
        # and counted, a lookup's logged
        self.said = Counted(self.skipped, log, f"bluesky {config.id}")
        self.lookup_said = Logged(log, f"bluesky {config.id} (lookup)")
        self.prefilter = KeywordFilter(config.stream_keywords)
        self.recent: OrderedDict[str, None] = OrderedDict()
        # did -> (until when, the author's fields a profile gave: none for an unknown DID)
        # did -> (until, the author's fields a profile fills, its account's hiding label)
        self._profiles: OrderedDict[str, tuple[datetime, dict[str, Any], str | None]] = \
            OrderedDict()
        self._profiles_retry: datetime | None = None  # getProfiles failed: not asked before
        self.stream_seen = 0  # events read from Jetstream (for the prefilter's metrics)
        self._bad_time_said = False  # a bad time_us logged on this connection
        self._heavy: list[str] | None = None  # messages too heavy skipped (read once)
        self._save_now = False  # the position to be saved at the next chance
        # our accounts: handles from the config until each one's DID is resolved, then that
        # DID alone (Jetstream events carry only the DID; someone may take a handle given up)
        handles = [c.handle for c in same_network(config, peers) if getattr(c, "handle", None)]
        self.own = OwnAccounts(handles=handles)
        self._unresolved = {str(h) for h in handles}
        self._unresolved_failed: dict[str, SourceError] = {}  # handle -> a failure to retry

    @property
    def id(self) -> str:
        return self.config.id

    # -- polling -----------------------------------------------------------------------------

    async def _learn_own(self) -> None:
        """Our accounts' DIDs: the session's, and each configured handle resolved once (a
        failure is retried on the next poll; the handles already match meanwhile)."""
        for handle in sorted(self._unresolved):
            try:
                data = await self.api.call("com.atproto.identity.resolveHandle",
                                           params={"handle": handle})
            except (SourceAuthError, RateLimited):
                raise  # about the session, not the handle: the poll stops here, not at search
            except SourceError as exc:
                log.info("bluesky %s: cannot resolve our handle %s yet: %s", self.id, handle, exc)
                if not isinstance(exc, XrpcError):  # a 5xx, a timeout: it may answer soon
                    self._unresolved_failed[handle] = exc
                else:  # a handle nobody has: not waited for, whatever failed before it
                    self._unresolved_failed.pop(handle, None)
                continue
            did = data.get("did") if isinstance(data, Mapping) else None
            if isinstance(did, str) and did:
                self.own.resolved(handle, did)  # by its DID alone: a handle may change hands
                self._unresolved.discard(handle)
            self._unresolved_failed.pop(handle, None)
        if self.api.did:  # known once a call above (or an earlier poll) logged in
            self.own.add(id=self.api.did)

    async def poll(self) -> Sequence[Mention]:
        await self._learn_own()
        cursor = await load_cursor(self.store, self.id)
        found: dict[str, Mention] = {}
        for query in self.config.queries:
            key = f"q:{query}"
            state = cursor.get(key)
            cursor[key] = await self._read(
                "app.bsky.feed.searchPosts", {"q": query, "sort": "latest"},
                state if isinstance(state, dict) else None, self._search_items, found)
        if self.config.notifications:
            state = cursor.get("notifications")
            cursor["notifications"] = await self._read(
                "app.bsky.notification.listNotifications", {},
                state if isinstance(state, dict) else None, self._notification_items, found)
        await self.store.set_cursor(self.id, json.dumps(cursor, sort_keys=True))
        kept = drop_own(found.values(), self.own, self.skipped, source=self.id)
        kept = await self._as_views(kept)
        return sorted(await self._with_followers(kept), key=lambda m: m.created_at)

    async def _as_views(self, mentions: Sequence[Mention]) -> list[Mention]:
        """Notified posts as the AppView's views (``getPosts``, 25 a call): a notification
        holds only the record, whose images are blob references, so a mention with a
        screenshot had no media and no counts. A post the AppView no longer returns (deleted
        meanwhile) stays as notified; a failure keeps them all, said in one line."""
        uris = [m.id.removeprefix("bluesky:") for m in mentions if "reason" in m.raw]
        views: dict[str, Mention] = {}
        hide: set[str] = set()
        for i in range(0, len(uris), PROFILES):
            try:
                data = await self.api.call("app.bsky.feed.getPosts",
                                           params={"uris": uris[i:i + PROFILES]})
            except SocialopsError as exc:
                log.warning("bluesky %s: notified posts not read as views (%s); they go on "
                            "without media and counts", self.id, exc)
                break
            for view in objects(data.get("posts") if isinstance(data, Mapping) else None):
                try:
                    # re-dated (or refused) as its record was, and said then: one post, one
                    # line and one count
                    mention = normalize_post_view(view, source=self.id,
                                                  web_url=self.config.web_url,
                                                  fetched_at=self.clock(), said=Lines())
                except UNREADABLE:
                    continue  # the notified record was readable: it stays
                if (hidden := hiding_label(view)) is not None:
                    # labelled since it was notified: hidden on Bluesky, no card
                    self._skip_item(mention.id.removeprefix("bluesky:"),
                                    f"labelled {hidden}: hidden on Bluesky")
                    hide.add(mention.id)
                    continue
                views[mention.id] = mention
        return [views.get(m.id, m) if "reason" in m.raw else m for m in mentions
                if m.id not in hide]

    async def _with_followers(self, mentions: Sequence[Mention], *,
                              streamed: bool = False) -> list[Mention]:
        """The authors' follower counts, from ``app.bsky.actor.getProfiles`` (25 a call): post
        views, notifications and Jetstream events name authors without counts, so
        ``min_followers`` and the influence tag saw none; an author named by DID alone (a
        Jetstream event) gets the profile's handle and name too. Profiles are remembered for
        ``PROFILE_TTL`` (at most ``MAX_PROFILES``). ``streamed``: an author getProfiles leaves
        out is asked why (``_gone``), since no view of the post said the AppView shows it.
        The cursor has moved: a failure keeps the mentions, without counts, said once until
        getProfiles answers again, and none is asked for ``PROFILE_RETRY`` after it."""
        now = self.clock()
        dids = list(dict.fromkeys(m.author.id for m in mentions if m.author.followers is None))
        found: dict[str, dict[str, Any]] = {}  # did -> the author's fields to fill
        ask: list[str] = []
        for did in dids:
            cached = self._profiles.get(did)
            if cached is not None and cached[0] > now:
                self._profiles.move_to_end(did)
                found[did] = cached[1]
            else:
                ask.append(did)
        if self._profiles_retry is not None and now < self._profiles_retry:
            ask = []
        for i in range(0, len(ask), PROFILES):
            try:
                data = await self.api.call("app.bsky.actor.getProfiles",
                                           params={"actors": ask[i:i + PROFILES]})
            except SocialopsError as exc:
                if self._profiles_retry is None:
                    log.warning("bluesky %s: follower counts not read (%s); mentions go on "
                                "without them until getProfiles answers again", self.id, exc)
                self._profiles_retry = now + PROFILE_RETRY
                break
            if self._profiles_retry is not None:
                self._profiles_retry = None
                log.info("bluesky %s: follower counts read again", self.id)
            answered = {}
            hidden: dict[str, str] = {}
            for profile in objects(data.get("profiles") if isinstance(data, Mapping) else None):
                fields = self._profile_fields(profile)
                if fields is not None:
                    answered[str(profile["did"])] = fields
                    # the account's labels are on its profile (a view's ``author.labels``)
                    if (label := hiding_label({"author": profile})) is not None:
                        hidden[str(profile["did"])] = f"labelled {label}"
            for did in ask[i:i + PROFILES]:
                if streamed and did not in answered \
                        and (gone := await self._gone(did)) is not None:
                    hidden[did] = gone
                # a DID the AppView does not answer for (an account gone) is not asked again
                self._profiles[did] = (now + PROFILE_TTL, answered.get(did, {}),
                                       hidden.get(did))
                self._profiles.move_to_end(did)
                if did in answered:
                    found[did] = answered[did]
            while len(self._profiles) > MAX_PROFILES:
                self._profiles.popitem(last=False)
        return [_filled(m, found.get(m.author.id)) if m.author.followers is None else m
                for m in mentions]

    async def _gone(self, did: str) -> str | None:
        """Why the AppView left the account ``did`` out of getProfiles, when it is one Bluesky
        shows to nobody ("taken down", "deactivated"): getProfile names it. None for any other
        answer: an account not indexed yet (a post streamed seconds after it was made) is
        "Profile not found", and its post comes."""
        try:
            await self.api.call("app.bsky.actor.getProfile", params={"actor": did})
        except XrpcError as exc:
            return ACCOUNT_GONE.get(exc.error or "")
        except SocialopsError:
            return None
        return None

    def _hidden_account(self, mention: Mention) -> str | None:
        """Why the account of ``mention``'s author is shown to nobody (labelled ``!hide``, as
        its profile, read by ``_with_followers``, carried it; taken down; deactivated); None
        when it is not, or its profile was not read."""
        cached = self._profiles.get(mention.author.id)
        return cached[2] if cached is not None else None

    def _profile_fields(self, profile: Mapping[str, Any]) -> dict[str, Any] | None:
        """The author's fields a profile fills (None: no DID or no count in it)."""
        count = profile.get("followersCount")
        if not (isinstance(profile.get("did"), str) and isinstance(count, int)
                and not isinstance(count, bool) and count >= 0):
            return None
        fields: dict[str, Any] = {"followers": count}
        if (handle := _valid_handle(profile.get("handle"))) is not None:
            # a Jetstream event names the DID alone: the handle, as views give it
            fields["handle"] = handle
            fields["profile_url"] = profile_url(handle, self.config.web_url)
        if name := display_name_of(profile):
            fields["display_name"] = name
        return fields

    async def lookup(self, url: str) -> Mention | None:
        """The post at ``url`` (a web address or an at-uri), normalised as a polled one: the
        handle resolved to a DID (``com.atproto.identity.resolveHandle``) unless the address
        names the DID, then ``app.bsky.feed.getPosts`` for the at-uri and
        ``app.bsky.actor.getProfiles`` for the author's follower count, all where every read
        of this source goes (the PDS with a session, else the AppView). A handle no account
        has raises ``NotThere`` (an author who changed theirs: the address before the change
        names one no one has now); a post the AppView does not return (deleted, taken down)
        is None."""
        ref = post_ref(url, self.config.web_url)
        if ref is None:
            return None
        actor, rkey = ref
        did = actor if actor.startswith("did:") else await self._resolve(actor)
        if did is None:  # an account's handle is its to change: the post may be there still
            raise NotThere(f"no account has the handle {actor} now (a handle can change: an "
                           "address copied before names the old one; the author's profile "
                           "shows the post at its address now)")
        uri = post_uri(did, rkey)
        data = await self.api.call("app.bsky.feed.getPosts", params={"uris": [uri]})
        posts = data.get("posts") if isinstance(data, Mapping) else None
        if not isinstance(posts, list):
            raise MalformedPayload("getPosts answer without posts")
        for view in posts:
            if isinstance(view, Mapping) and view.get("uri") == uri:
                [mention] = await self._with_followers([normalize_post_view(
                    view, source=self.id, web_url=self.config.web_url,
                    fetched_at=self.clock(), said=self.lookup_said)])
                return mention
        if posts:
            raise MalformedPayload(f"getPosts answered posts other than {uri}")
        return None

    async def _resolve(self, handle: str) -> str | None:
        """The DID of a handle; None when the server cannot resolve it (``400 InvalidRequest``
        "Unable to resolve handle", or ``HandleNotFound`` on newer servers)."""
        data = await self.api.call("com.atproto.identity.resolveHandle",
                                   params={"handle": handle},
                                   accept=frozenset({"InvalidRequest", "HandleNotFound"}))
        if data is None:
            return None
        did = data.get("did") if isinstance(data, Mapping) else None
        if not isinstance(did, str) or not did.startswith("did:"):
            raise MalformedPayload("resolveHandle answer without a did")
        return did

    def _search_items(self, data: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
        posts = data.get("posts")
        if not isinstance(posts, list):
            raise MalformedPayload("searchPosts answer without posts")
        # the uri is kept in the cursor and quoted in logs: a hostile one is cut short
        return [(str(p.get("indexedAt") or ""), str(p.get("uri") or "")[:MAX_URI], p)
                if isinstance(p, Mapping) else ("", "", p) for p in posts]

    def _notification_items(self, data: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
        items = data.get("notifications")
        if not isinstance(items, list):
            raise MalformedPayload("listNotifications answer without notifications")
        return [(str(n.get("indexedAt") or ""), str(n.get("uri") or "")[:MAX_URI], n)
                if isinstance(n, Mapping) else ("", "", n) for n in items]

    def _skip_item(self, uri: str, reason: str) -> None:
        self.skipped.append(f"{uri or '?'}: {reason}")
        log.warning("bluesky %s: skipped %s: %s", self.id, uri or "?", reason)

    def _mention_of(self, item: Any) -> Mention | None:
        if "reason" not in item:
            return normalize_post_view(item, source=self.id, web_url=self.config.web_url,
                                       fetched_at=self.clock(), said=self.said)
        if item.get("reason") not in REASONS:
            return None
        author = item.get("author")
        if not isinstance(author, Mapping) or not isinstance(author.get("did"), str):
            raise MalformedPayload("notification without author")
        uri = item.get("uri")
        return normalize_record(item.get("record"), uri=uri if isinstance(uri, str) else "",
                                did=str(author["did"]), source=self.id,
                                handle=str(author.get("handle") or "") or None,
                                display_name=display_name_of(author),
                                raw=dict(item), web_url=self.config.web_url,
                                seen_at=seen_time(item.get("indexedAt")),
                                fetched_at=self.clock(), said=self.said)

    async def _page(self, method: str, params: dict[str, Any], limit: int) -> tuple[Any, int]:
        """One page of ``limit`` items, and the limit it was read with: halved while a page is
        over ``capped.MAX_RESPONSE`` (a record holds any JSON, and 30 posts of a megabyte each
        are over it; see ``capped.halving``) or over what a JSON page may hold to be decoded
        on the event loop (``jsonpage.PAGE``)."""
        def said(cause: Exception, half: int) -> None:
            reason = (f"bluesky: a page of {method}: {over_what(cause)}; asked again for "
                      f"{half} items")
            self.skipped.append(reason)
            log.warning("bluesky %s: %s", self.id, reason)

        return await halving(lambda n: self.api.call(method, params={**params, "limit": n}),
                             limit, said=said)

    async def _read(self, method: str, base: dict[str, Any], state: dict[str, Any] | None,
                    items_of: Callable[[Mapping[str, Any]], list[tuple[str, str, Any]]],
                    found: dict[str, Mention]) -> dict[str, Any]:
        now = self.clock()
        latest = now + FUTURE_SKEW  # an item indexed later is damaged, and would pin the cursor
        if state and isinstance(state.get("at"), str) and parse_time(state["at"]) > latest:
            # saved before such items were skipped: every post after it would count as older
            log.warning("bluesky %s: ignoring cursor %s of %s, past the clock", self.id,
                        state["at"][:40], method)
            state = None
        if state and isinstance(state.get("at"), str):
            since = parse_time(state["at"])
            # never before the first run's start (its quiet backfill), nor what an old cursor
            # without a lookback had settled
            start = _time_or(state.get("from"), since)
            seen = _recent(state, since)
        else:
            since = start = now - timedelta(minutes=self.config.backfill_minutes)
            seen = {}
            if method.endswith("searchPosts"):
                base = {**base, "since": since.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
        floor = max(start, since - LOOKBACK)  # an item dated before it is old
        snapshot = dict(seen)
        newest = since
        page: str | None = None
        backlog = state.get("backlog") if state else None
        if isinstance(backlog, dict) and isinstance(backlog.get("page"), str) \
                and isinstance(backlog.get("at"), str):
            # the last poll's walk ran out of pages before ``since``: it goes on from the page
            # it stopped at, and what it read then is the newest once it gets there
            page = backlog["page"]
            newest = parse_time(backlog["at"])
            seen.update(_recent(backlog, newest))
        # the walk cannot go on from a cursor answered again: the cursor moves to the newest,
        # and what lies past that page is not read, said (not "waits for the next poll")
        tokens = PageTokens(f"bluesky: cursor of {method}", source=f"bluesky {self.id}",
                            skipped=self.skipped, rest=PAST_REPEAT)
        ended = False
        behind = False  # the walk reached items dated before ``since`` (only the lookback left)
        behind_pages = 0  # pages read since (the lookback's pages are bounded)
        resumed = page is not None
        limit = LIMIT
        for _ in range(MAX_PAGES):
            try:
                data, limit = await self._page(method, {**base, **({"cursor": page} if page
                                                                   else {})}, limit)
            except XrpcError as exc:
                if not resumed:
                    raise
                # an AppView's page cursor need not last (a search's offset has a limit): the
                # walk starts from the newest again, and what lay past that page is lost, said
                reason = (f"bluesky: {method} refused the page the last poll stopped at "
                          f"({exc}); read from the newest again")
                self.skipped.append(reason)
                log.warning("bluesky %s: %s", self.id, reason)
                page, newest, seen = None, since, dict(snapshot)
                resumed = False
                continue
            resumed = False
            if not isinstance(data, Mapping):
                raise MalformedPayload(f"{method}: answer is not an object")
            items = as_asked(items_of(data), limit, what=f"bluesky: {method}",
                             source=f"bluesky {self.id}", skipped=self.skipped)
            older = False
            # the walk has reached what it already read where the page ENDS in items dated
            # before ``floor`` (newest first: the rest is older still); one among newer ones
            # is a damaged date, left out alone, and the walk goes on
            history = history_starts([_dated_before(i, floor) for i in items])
            stands = newest  # the time of the item before, in the page's order
            for place, (at_text, uri, item) in enumerate(items):
                if not isinstance(item, Mapping):
                    self.skipped.append(f"{method}: an item is not an object")
                    log.warning("bluesky %s: skipped an item of %s: not an object", self.id,
                                method)
                    continue
                try:
                    at = parse_time(at_text)
                except MalformedPayload:
                    self.skipped.append(f"{uri or '?'}: no indexedAt")
                    log.warning("bluesky %s: skipped %s: no indexedAt", self.id, uri or "?")
                    continue
                if at < floor and place < history:
                    # remembered as dated where it stands (its newer neighbour's time), so
                    # the next poll's lookback passes it by rather than count it again
                    if (key := uri or _unnamed(item)) not in seen:
                        self._skip_item(uri, f"indexedAt {at_text[:40]} is before the newer "
                                             "items after it on its page (a damaged date)")
                        seen[key] = stands
                    continue
                stands = at
                if at < since:
                    behind = True
                if at < floor:
                    older = True
                    continue
                # read by an earlier poll (a page repeats it, or the lookback); an item without
                # a uri (skipped and counted below, each one) is known by what it holds
                key = uri or _unnamed(item)
                if key in seen:
                    continue
                if at > latest:
                    self._skip_item(uri, f"indexedAt {at_text[:40]} is past our clock")
                    continue
                # the cursor moves past an item the AppView indexed, read or not: one that
                # cannot be read was fetched and skipped again every poll while the newest
                newest = max(newest, at)
                reason = item.get("reason", "mention")
                if not isinstance(reason, str):  # a list is unhashable: it failed the poll
                    self._skip_item(uri, f"reason is {type(reason).__name__}, not a string")
                    continue
                if reason not in REASONS:
                    continue  # a like or a follow: no mention, and kept nowhere
                seen[key] = at
                # hidden or unreadable: counted once (seen), never carded
                if (mention := self._shown_mention(uri, item)) is not None:
                    # a post both searched and notified keeps its view (media, counts): a
                    # notification holds only the record
                    found.setdefault(mention.id, mention)
            nxt = data.get("cursor")
            behind_pages += behind
            if older or not items or not isinstance(nxt, str) or not nxt \
                    or behind_pages >= LOOKBACK_PAGES:
                ended = True
                break
            if (page := tokens.follow(nxt)) is None:  # repeated or overlong: no walk to go on
                ended = True
                break
        if not ended and not behind:
            # MAX_PAGES read and ``since`` not reached (more new posts than pages, a flood of
            # them): the cursor moved to the newest and the posts between were never read.
            # It stays, and the next poll goes on from the next page
            return {**_cursor(since, start, seen, since - LOOKBACK),
                    "backlog": {"page": page, "at": newest.isoformat()}}
        return _cursor(newest, start, seen, newest - LOOKBACK)

    # -- streaming -----------------------------------------------------------------------------

    def _jetstream_url(self, cursor: int | None) -> str:
        url = f"{self.config.jetstream_base}/subscribe?wantedCollections={POST}"
        return url if cursor is None else f"{url}&cursor={cursor}"

    def _latest_us(self) -> int:
        """The furthest a Jetstream position may be: ``FUTURE_SKEW`` past our clock, in µs."""
        return int((self.clock() + FUTURE_SKEW).timestamp() * 1_000_000)

    async def _position(self) -> int | None:
        raw = await self.store.get_cursor(f"{self.id}:jetstream")
        try:
            position = int(raw) if raw else None
        except ValueError:
            return None
        if position is not None and position > self._latest_us():
            # saved before such times were refused: resuming there replays nothing, ever
            log.warning("bluesky %s: ignoring jetstream position %s, past the clock", self.id,
                        raw[:40] if raw else raw)
            return None
        return position

    async def stream(self) -> AsyncIterator[Mention]:
        """Posts matching the prefilter, in real time, across reconnects (see the module
        docstring); raises SourceError only when the server refuses us outright."""
        failures = 0
        too_big: TooBig | None = None  # looking for a message too big to read
        await self._learn_own()
        if self._unresolved_failed:
            # an event names its author by DID alone: without ours, our posts pass as others'
            # (a handle nobody has, a 400, is no reason to wait: ``check --online`` says it)
            handle, exc = next(iter(self._unresolved_failed.items()))
            raise SourceError(f"bluesky {self.id}: cannot tell our account {handle}'s posts on "
                              f"jetstream from others' (its DID: {exc}); nothing is read until "
                              "it resolves, so that our own posts open no tickets") from exc
        while True:
            position = await self._position()
            # read again with the position: another process may have streamed since (the
            # runtime calls ``stream()`` again each time this one takes the lease back)
            self._heavy = None
            if too_big is not None:
                resume: int | None = too_big.cursor
                if too_big.found:
                    reason = (f"jetstream: a message over {MAX_MESSAGE:,} bytes at time_us "
                              f"{too_big.lo} skipped (the stream read from {too_big.hi} on)")
                    self.skipped.append(reason)
                    log.warning("bluesky %s: %s", self.id, reason)
                    too_big = None
            else:
                resume = None if position is None else max(0, position - OVERLAP_US)
            # the first event of a connection resuming at the position is the last one read, or
            # one before it (the overlap): one after it says Jetstream no longer keeps it
            gap_from = position if too_big is None else None
            since_save = 0
            opened = read = asked = False
            self._bad_time_said = False
            try:
                async with websockets.connect(self._jetstream_url(resume), max_size=MAX_MESSAGE,
                                              close_timeout=CLOSE_TIMEOUT,
                                              open_timeout=self.config.timeout) as ws:
                    opened = True
                    # mentions read, each with the position to save before it is yielded,
                    # held up to GATHER seconds so their authors are asked in one call
                    pending: list[tuple[Mention, int | None]] = []
                    gather_until = 0.0
                    loop = asyncio.get_running_loop()
                    while True:
                        message: str | bytes | None = None
                        failed: Exception | None = None
                        closed = False
                        try:
                            # bytes, a text message's too: the client closed the link
                            # (1007) on one that is not UTF-8, and every reconnect read it
                            # again; ``json_page`` reads such bytes as it reads a page's
                            message = await (asyncio.wait_for(
                                ws.recv(decode=False), max(0.0, gather_until - loop.time()))
                                if pending else ws.recv(decode=False))
                        except TimeoutError:
                            pass  # the gathering is over (recv is safe to cancel)
                        except websockets.ConnectionClosedOK:
                            closed = True  # as ``async for`` ends
                        except (OSError, websockets.WebSocketException) as exc:
                            failed = exc
                        if message is not None:
                            failures = 0
                            if too_big is not None:  # an event first: the message lies before
                                too_big.answered(message_first=False)
                                asked = True
                                break
                            read = True
                            self.stream_seen += 1
                            mention, time_us = await self._from_event(message)
                            if gap_from is not None and time_us is not None:
                                since_us, gap_from = gap_from, None
                                if time_us > since_us + OVERLAP_US:
                                    async for found in self._gap(since_us, time_us):
                                        # the position stays before the gap until its posts
                                        # are processed: a crash searches it again
                                        await self.store.set_cursor(f"{self.id}:jetstream",
                                                                    str(since_us))
                                        yield found
                            if time_us is not None:
                                # never back: an older event (a replay, another instance's
                                # clock) would rewind the resume point and replay what was read
                                position = time_us if position is None \
                                    else max(position, time_us)
                                since_save += 1
                                # not past a mention not yet yielded: a crash would lose it
                                # and at once past a message too heavy to read: its
                                # process took seconds, and a restart would take them again
                                if (since_save >= SAVE_EVERY or self._save_now) \
                                        and not pending:
                                    # past a heavy one, at once: in ``socialops run`` a
                                    # write waits for the next mention processed, and a
                                    # kill before it lost the save (no mention held here)
                                    save = set_cursor_now if self._save_now else _later
                                    since_save, self._save_now = 0, False
                                    await save(self.store, f"{self.id}:jetstream",
                                               str(position))
                            if mention is not None:
                                if not pending:
                                    gather_until = loop.time() + GATHER
                                pending.append((mention, position))
                            if len(pending) < PROFILES:
                                continue  # (none pending: nothing to ask)
                        # an event names its author by DID alone: the count, as polled
                        ready = await self._with_followers([m for m, _ in pending],
                                                           streamed=True)
                        for mention, at in zip(ready, [at for _, at in pending], strict=True):
                            if at is not None:
                                # saved with the mention: the runtime commits after processing
                                await self.store.set_cursor(f"{self.id}:jetstream", str(at))
                            if (hidden := self._hidden_account(mention)) is not None:
                                # Jetstream relays no labels: the account's are on its
                                # profile, and Bluesky's clients show its posts to nobody
                                self._skip_item(mention.id.removeprefix("bluesky:"),
                                                f"its account is {hidden}: hidden on Bluesky")
                                continue
                            yield mention
                        pending = []
                        if self._save_now and position is not None:
                            # past a message too heavy read while mentions were held
                            self._save_now = False
                            await set_cursor_now(self.store, f"{self.id}:jetstream",
                                                 str(position))
                        if failed is not None:
                            raise failed
                        if closed:
                            break
            except websockets.InvalidStatus as exc:
                if exc.response.status_code in (401, 403, 404):
                    raise SourceError(f"jetstream refused: {exc.response.status_code}") from exc
            except (TimeoutError, OSError, websockets.WebSocketException) as exc:
                lo = position + 1 if read and position is not None else resume
                if opened and _too_big(exc) and too_big is not None:
                    too_big.answered(message_first=True)
                    asked = True
                elif opened and _too_big(exc) and lo is not None:
                    # the message after the position is over MAX_MESSAGE (a record holds any
                    # JSON, and control characters take 6 bytes each in it): resuming before it
                    # read it again at every reconnect, and the stream stayed there for good.
                    # The next reconnects find where it lies (TooBig) and resume past it
                    too_big, asked = TooBig(lo), True
                    log.warning("bluesky %s: jetstream: a message over %s bytes after time_us "
                                "%s; looking for where it lies to resume past it", self.id,
                                f"{MAX_MESSAGE:,}", lo)
                elif opened:
                    log.warning("bluesky %s: jetstream dropped (%s); reconnecting", self.id, exc)
                else:  # never connected: the address (or the network) is what to look at
                    log.warning("bluesky %s: cannot reach jetstream at %s (%s); check this "
                                "machine's network (or proxy), or jetstream_url; reconnecting",
                                self.id, self.config.jetstream_url, str(exc) or type(exc).__name__)
            if position is not None:
                await self.store.set_cursor(f"{self.id}:jetstream", str(position))
            if asked:
                continue  # a reconnect asking where the message lies is no failure
            failures += 1
            await self.sleep(self.rng() * min(MAX_BACKOFF, 2.0 ** failures))

    async def _gap(self, since_us: int, until_us: int) -> AsyncIterator[Mention]:
        """The posts of a span Jetstream no longer keeps (its first event came after the
        position: a deployment stopped longer than Jetstream's window, about a day), found by
        searching it for the stream's keywords and matched as streamed posts are; said in one
        line, and each part that cannot be searched counted in ``skipped``."""
        since = datetime.fromtimestamp(since_us / 1_000_000, UTC)
        until = datetime.fromtimestamp(until_us / 1_000_000, UTC)
        found: dict[str, Mention] = {}
        lost = [] if self.config.stream_keywords else [
            "no stream_keywords to search it for"]
        for keyword in self.config.stream_keywords:
            try:
                if await self._search_gap(keyword, since, until, found):
                    lost.append(f"{keyword[:80]!r} matched more than "
                                f"{MAX_PAGES * LIMIT:,} posts: the oldest were not read")
            except SocialopsError as exc:  # a 5xx, a 429, a refusal: that keyword's part
                lost.append(f"{keyword[:80]!r} could not be searched ({exc})")
        span = (f"{since:%Y-%m-%d %H:%M:%S} to {until:%Y-%m-%d %H:%M:%S} UTC "
                f"({_span(until - since)})")
        for why in lost:
            self.skipped.append(f"jetstream: posts of {span}, older than Jetstream keeps, "
                                f"not all recovered: {why}")
        mentions = []
        for mention in await self._with_followers(
                sorted(found.values(), key=lambda m: m.created_at), streamed=True):
            if (hidden := self._hidden_account(mention)) is not None:
                self._skip_item(mention.id.removeprefix("bluesky:"),
                                f"its account is {hidden}: hidden on Bluesky")
            else:
                mentions.append(mention)
        log.warning("bluesky %s: jetstream resumed at %s but its first event is at %s: the "
                    "posts between are older than Jetstream keeps (about a day); searched for "
                    "stream_keywords: %d posts found%s", self.id,
                    f"{since:%Y-%m-%d %H:%M:%S} UTC", f"{until:%Y-%m-%d %H:%M:%S} UTC",
                    len(mentions), f"; not recovered: {'; '.join(lost)}" if lost else "")
        for mention in mentions:
            yield mention

    async def _search_gap(self, keyword: str, since: datetime, until: datetime,
                          found: dict[str, Mention]) -> bool:
        """The posts ``searchPosts`` finds for ``keyword`` between ``since`` and ``until``
        that the stream would have passed, into ``found`` (at most ``MAX_PAGES`` pages);
        whether more were left unread."""
        params: dict[str, Any] = {"q": keyword, "sort": "latest", "since": _zulu(since),
                                  "until": _zulu(until)}
        tokens = PageTokens("bluesky: cursor of searchPosts", source=f"bluesky {self.id}",
                            skipped=self.skipped, rest=PAST_REPEAT)
        page: str | None = None
        limit = LIMIT
        for _ in range(MAX_PAGES):
            data, limit = await self._page("app.bsky.feed.searchPosts",
                                           {**params, **({"cursor": page} if page else {})},
                                           limit)
            if not isinstance(data, Mapping):
                raise MalformedPayload("searchPosts: answer is not an object")
            for _at, uri, item in self._search_items(data):
                if isinstance(item, Mapping) and uri:
                    self._gap_post(uri, item, found)
            nxt = data.get("cursor")
            if not isinstance(nxt, str) or not nxt or (page := tokens.follow(nxt)) is None:
                return False
        return True

    def _shown_mention(self, uri: str, item: Mapping[str, Any]) -> Mention | None:
        """The mention an item of a notification page or a gap's search holds, or none: one
        labelled to be hidden (Bluesky's clients show it to nobody: no card to answer) or
        unreadable is skipped and counted."""
        if (hidden := hiding_label(item)) is not None:
            self._skip_item(uri, f"labelled {hidden}: hidden on Bluesky")
            return None
        try:
            return self._mention_of(item)
        except UNREADABLE as exc:
            self._skip_item(uri, unreadable(exc))
            return None

    def _gap_post(self, uri: str, item: Mapping[str, Any], found: dict[str, Mention]) -> None:
        """A post a gap's search found, kept when the stream would have passed it: its text
        through the keyword prefilter (the search matches more loosely), not ours, not read
        lately, not hidden."""
        record = item.get("record")
        text = record.get("text") if isinstance(record, Mapping) else None
        if not isinstance(text, str) or not self.prefilter(read_text(text)):
            return
        mention = self._shown_mention(uri, item)
        if mention is None or mention.id in self.recent or mention.id in found \
                or not drop_own([mention], self.own, self.skipped, source=self.id):
            return
        found[mention.id] = mention
        self.recent[mention.id] = None
        if len(self.recent) > RECENT:
            self.recent.popitem(last=False)

    def _time_us(self, value: Any) -> int | None:
        """An event's ``time_us`` when it can be the stream's position: microseconds since 1970,
        an int (not a boolean), at most ``FUTURE_SKEW`` past our clock. Anything else moves no
        position, and is counted (said once a connection: a server that sends it sends it with
        every event). As the position, ``true`` was saved as "True" (read back as none: the
        resume point lost), one past 2**63 asked Jetstream for a cursor it refuses at every
        reconnect, and 0 or a negative one replayed the whole of its history."""
        if isinstance(value, int) and not isinstance(value, bool) \
                and 0 < value <= self._latest_us():
            return value
        reason = f"jetstream: time_us {str(value)[:40]} is no position; the position stays"
        self.skipped.append(reason)
        if not self._bad_time_said:
            self._bad_time_said = True
            log.warning("bluesky %s: %s (said once a connection)", self.id, reason)
        return None

    def _heavy_mark(self, body: bytes) -> tuple[int | None, str | None]:
        """A message too heavy for the loop: its ``time_us`` read from its head (when it is a
        position), and what it is known by among the messages skipped (its time and size)."""
        value = head_member(body, "time_us")  # Jetstream writes it before the commit
        if not isinstance(value, int) or isinstance(value, bool) \
                or not 0 < value <= self._latest_us():
            return None, None
        return value, f"{value}:{len(body)}"

    async def _heavy_skipped(self) -> list[str]:
        """The messages too heavy to read skipped lately (``HEAVY_KEPT``), kept in the store
        beside the position, as a restart replays the overlap before it."""
        if self._heavy is None:
            raw = await self.store.get_cursor(f"{self.id}:jetstream-heavy")
            try:  # ``loads``: one nested past the recursion limit is read, its depth cut
                kept = loads(raw) if raw else []
            except ValueError:
                kept = []
            self._heavy = [m for m in kept if isinstance(m, str)][-HEAVY_KEPT:] \
                if isinstance(kept, list) else []
        return self._heavy

    async def _remember_heavy(self, mark: str) -> None:
        kept = [*(await self._heavy_skipped()), mark][-HEAVY_KEPT:]
        self._heavy = kept
        await set_cursor_now(self.store, f"{self.id}:jetstream-heavy", json.dumps(kept))

    def _skip_message(self, why: str, time_us: int | None = None
                      ) -> tuple[Mention | None, int | None]:
        self.skipped.append(f"jetstream: {why}")
        log.warning("bluesky %s: skipped a jetstream message: %s", self.id, why)
        return None, time_us

    def _passed(self, event: Mapping[str, Any]) -> bool:
        """Whether the post a commit names is one this stream passed lately (``recent``)."""
        commit, did = event.get("commit"), event.get("did")
        rkey = commit.get("rkey") if isinstance(commit, Mapping) else None
        return isinstance(did, str) and isinstance(rkey, str) and (
            f"bluesky:{post_uri(did, rkey)}" in self.recent)

    def _deleted(self, event: Mapping[str, Any], time_us: int | None
                 ) -> tuple[Mention | None, int | None]:
        """A post's delete, as a tombstone when this stream passed the post lately: the
        firehose deletes posts by the hundred a second, and only those could have a card
        (a post a poll read and the stream never passed keeps its card as it was)."""
        if not self._passed(event):
            return None, time_us
        try:
            gone = jetstream_delete(event, source=self.id, at=self.clock())
        except UNREADABLE as exc:
            return self._skip_message(unreadable(exc), time_us)
        return gone, time_us

    async def _from_event(self, message: str | bytes) -> tuple[Mention | None, int | None]:
        try:
            # weighed first, as a polled page is (``jsonpage``): a record may hold any JSON up
            # to 2 MiB, and one of a million empty arrays, or nested a million deep, held the
            # loop 0.16 s and 0.8 s in ``loads``; such a message is read in a process of its
            # own, its heaviest parts cut, and one that cannot be cut to fit is skipped
            body = (message if isinstance(message, bytes)
                    else message.encode("utf-8", "surrogatepass"))
            if frame_fits(body):
                event = loads(body)
            else:
                # where it lies, read from its head (Jetstream writes ``time_us`` before the
                # commit): a message skipped moves the position past it as any other event
                # does, and one skipped before (a replay: the reconnect's overlap, a
                # restart) is not read again in a process of its own, nor counted twice
                at, mark = self._heavy_mark(body)
                if mark is not None and mark in await self._heavy_skipped():
                    log.debug("bluesky %s: jetstream message at time_us %s skipped before",
                              self.id, at)
                    return None, at
                try:
                    event = await json_page(body, f"bluesky {self.id}: jetstream message",
                                            frame=True)
                except PageTooHeavy as exc:
                    if mark is not None and not isinstance(exc, TrimsBusy):
                        # one skipped as others waited to be cut is read if replayed
                        await self._remember_heavy(mark)
                    self._save_now = at is not None
                    return self._skip_message(f"a message {exc.why}", at)
        except ValueError:
            self.skipped.append("jetstream: message is not JSON")
            log.warning("bluesky %s: skipped a jetstream message: not JSON", self.id)
            return None, None
        if not isinstance(event, dict):
            # every Jetstream message is an event object: this one was dropped unsaid
            return self._skip_message(f"message is a {type(event).__name__}, not an object")
        time_us = self._time_us(event.get("time_us"))
        if event.get("kind") in ("identity", "account") and isinstance(event.get("did"), str):
            # the account's handle (or status) may have changed: its remembered profile would
            # name the old handle on its next posts' cards for up to PROFILE_TTL
            self._profiles.pop(event["did"], None)
            return None, time_us
        commit = event.get("commit")
        record = commit.get("record") if isinstance(commit, dict) else None
        if isinstance(commit, dict) and commit.get("collection") == POST \
                and commit.get("operation") in ("create", "update") \
                and not isinstance(record, dict):
            # a post written that cannot be read, not a post without the keywords
            return self._skip_message(
                f"a post's record is a {type(record).__name__}, not an object", time_us)
        if isinstance(commit, dict) and commit.get("operation") == "delete" \
                and commit.get("collection") == POST:
            return self._deleted(event, time_us)
        text = record.get("text") if isinstance(record, dict) else None
        # the prefilter runs on the raw text first: most of the firehose stops here; an
        # update of a post this stream passed goes on whatever its words (its card follows)
        if not isinstance(text, str) or not (self.prefilter(read_text(text)) or (
                isinstance(commit, dict) and commit.get("operation") == "update"
                and self._passed(event))):
            return None, time_us
        try:
            mention = normalize_jetstream(event, source=self.id,
                                          web_url=self.config.web_url,
                                          fetched_at=self.clock(), said=self.said)
        except UNREADABLE as exc:
            self.skipped.append(f"jetstream: {unreadable(exc)}")
            log.warning("bluesky %s: skipped a jetstream post: %s", self.id, unreadable(exc))
            return None, time_us
        if mention is None or (mention.revision is None and mention.id in self.recent):
            return None, time_us
        if not drop_own([mention], self.own, self.skipped, source=self.id):
            return None, time_us
        self.recent[mention.id] = None
        if len(self.recent) > RECENT:
            self.recent.popitem(last=False)
        return mention, time_us


def _filled(mention: Mention, fields: dict[str, Any] | None) -> Mention:
    """``mention`` with what its author's profile gave (``fields``, None or empty: nothing):
    the follower count, and the handle and name too for an author named by DID alone."""
    if not fields:
        return mention
    if mention.author.handle != mention.author.id:
        fields = {"followers": fields["followers"]}
    return mention.model_copy(update={"author": mention.author.model_copy(update=fields)})


def _zulu(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _span(span: timedelta) -> str:
    """A span as a person reads it: hours under two days, else days."""
    hours = span.total_seconds() / 3600
    return f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"


def _valid_handle(handle: object) -> str | None:
    """A profile's or a view's ``handle`` in lower case, when a web address may name its author
    by it (not the AppView's ``handle.invalid``, whose proof failed); else None."""
    if isinstance(handle, str) and handle != "handle.invalid" \
            and post_ref(f"at://{handle}/{POST}/x"):
        return handle.lower()
    return None


def _time_or(value: object, default: datetime) -> datetime:
    try:
        return parse_time(value)
    except MalformedPayload:
        return default


def _recent(state: Mapping[str, Any], at: datetime) -> dict[str, datetime]:
    """The uris a cursor remembers with the instants they were dated: ``recent`` (uri ->
    time), and ``uris``, those at ``at`` (as cursors before the lookback were written)."""
    out = {str(u): at for u in state.get("uris") or () if isinstance(u, str)}
    recent = state.get("recent")
    if isinstance(recent, Mapping):
        for uri, when in recent.items():
            if isinstance(when, str):
                try:
                    out[str(uri)] = parse_time(when)
                except MalformedPayload:
                    continue
    return out


def _cursor(at: datetime, start: datetime, seen: Mapping[str, datetime],
            keep_from: datetime) -> dict[str, Any]:
    """A stream's cursor: its newest instant ``at``, the first run's start ``from``, and the
    uris read from ``keep_from`` on (at most ``MAX_RECENT``, the newest)."""
    kept = sorted(((when, uri) for uri, when in seen.items() if when >= keep_from),
                  reverse=True)[:MAX_RECENT]
    return {"at": at.isoformat(), "from": start.isoformat(),
            "recent": {uri: when.isoformat() for when, uri in sorted(kept)}}


def _too_big(exc: Exception) -> bool:
    """Whether we closed the connection because a message was over ``max_size`` (1009)."""
    sent = exc.sent if isinstance(exc, websockets.ConnectionClosed) else None
    return sent is not None and sent.code == websockets.CloseCode.MESSAGE_TOO_BIG


# -- publishing ---------------------------------------------------------------------------------

_B32 = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as record keys (TIDs) are written
# Facets as @atproto/api's RichText detects them (rich-text/util.js, detection.js): each starts
# after whitespace or the text's start ("(" too for links and mentions); a link loses one
# trailing [.,;:!?] and a ")" it did not open; a tag needs a character that is not a digit or
# punctuation, loses its trailing punctuation (any script's: "#障害。" is "障害") and has at
# most 64 graphemes. Bare domains, which the SDK checks against a TLD list, stay text.
# JavaScript's \s, which the SDK's patterns mean: Python's leaves out U+FEFF (and takes in
# U+001C-U+001F and U+0085), and a link followed by U+FEFF carried it into its uri, which the
# PDS refused (400 InvalidRequest): the approved post was never published
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# the SDK's URL_REGEX (rich-text/util.js): a link with its scheme, or a domain of ASCII letters
# and digits typed bare, which the Bluesky app links too (as https://) when its last label is a
# top-level domain it knows (``tlds``); case ignored for ASCII only, as JavaScript's i flag
_LINK = re.compile(rf"(?<![^{_JS_SPACE}(])(?:https?://[^{_JS_SPACE}]+|"
                   rf"(?P<domain>[a-z][a-z0-9]*(?:\.[a-z0-9]+)+)[^{_JS_SPACE}]*)",
                   re.IGNORECASE | re.ASCII)
# a cashtag ($ACME, a ticker of up to 5), a tag facet "$ACME" as the SDK makes it (0.20.44)
_CASHTAG = re.compile(rf"(?:^|(?<=[{_JS_SPACE}(]))\$([A-Za-z][A-Za-z0-9]{{0,4}})"
                      rf"(?=[{_JS_SPACE}]|$|[.,;:!?)\"'\u2019])")
_HANDLE = re.compile(r"(?<![^\s(])@([a-zA-Z0-9.-]+)(?a:\b)")  # JS \b: ASCII word characters
_HANDLE_SHAPE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9.-]*\.[a-zA-Z]{2,}")
_INVISIBLE = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"  # end a tag like whitespace
_TAG = regex.compile(rf"(?<!\S)[#＃]((?!\ufe0f)[^\s{_INVISIBLE}]*"
                     rf"[^0-9\s\p{{P}}{_INVISIBLE}]+[^\s{_INVISIBLE}]*)")
_TRAILING_PUNCTUATION = regex.compile(r"\p{P}+$")
MAX_TAG_GRAPHEMES = 64
# app.bsky.richtext.facet#tag: maxLength 640 (UTF-8 bytes) beside its 64 graphemes. The SDK
# checks the graphemes only: 30 Scotland flags (28 bytes each) made a facet the PDS refused
# with the whole record, and the approved post was never published
MAX_TAG_BYTES = 640
MAX_GRAPHEMES = 300  # app.bsky.feed.post lexicon: text maxGraphemes


def rkey_for(idempotency_key: str) -> str:
    """A record key in TID form (13 base32-sortable characters, first bit zero) derived from
    the idempotency key, so the same approval always writes the same record."""
    n = int.from_bytes(hashlib.sha256(idempotency_key.encode()).digest()[:8], "big") >> 1
    chars = []
    for _ in range(13):
        chars.append(_B32[n & 31])
        n >>= 5
    return "".join(reversed(chars))


def _fallback_rkey(idempotency_key: str, since: datetime) -> str:
    """The record key of an approval whose own key holds another approval's post: derived
    from the time its post can be no earlier than, in whole seconds (the same however finely a
    store keeps it)."""
    return rkey_for(f"{idempotency_key}@{int(since.timestamp())}")


def limit_problem(text: str) -> str | None:
    """Why ``text`` cannot be a Bluesky post, in one line, or None. Bytes first, as the lexicon
    validator checks them first: a text over both limits is reported by its bytes."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        return (f"Bluesky posts are at most {MAX_BYTES:,} bytes of UTF-8; this one has "
                f"{size:,} ({size - MAX_BYTES:,} over)")
    count = graphemes(text)
    if count > MAX_GRAPHEMES:
        return (f"Bluesky posts are at most {MAX_GRAPHEMES} graphemes (characters as people see "
                f"them); this one has {count} ({count - MAX_GRAPHEMES} over)")
    return None


def _tag_too_long(tag: str) -> bool:
    return len(tag.encode("utf-8")) > MAX_TAG_BYTES


def _byte_span(text: str, start: int, end: int) -> dict[str, int]:
    return {"byteStart": len(text[:start].encode("utf-8")),
            "byteEnd": len(text[:end].encode("utf-8"))}


class BlueskyPublisher:
    network = "bluesky"

    def __init__(self, config: BlueskySourceConfig, *, client: httpx.AsyncClient,
                 clock: Clock, sessions: SessionVault | None = None) -> None:
        self.config = config
        self.clock = clock
        self.api = BlueskyApi(config, client=client, clock=clock, sessions=sessions)
        self._done = PublishMemo()
        self._who = Whoami(self._whoami, who=f"bluesky publisher {config.id}")

    async def posted_as(self) -> str | None:
        """Who the app password posts as (``SignedPublisher``): the session's DID and handle
        (the session it publishes with, made once), recorded with each publishing claim
        before its record is written. The look reads this repo's record key only: an
        operator who swapped the handle and app password for another account's between an
        attempt's post and its retry had the retry find no record there and post again,
        from the other account (``earlier_posters``). None when the PDS does not say."""
        return await self._who.posted_as()

    async def _whoami(self) -> Poster:
        await self.api.start_session()
        if not self.api.did:
            raise MalformedPayload(f"bluesky {self.config.id}: the session names no DID")
        handle = _valid_handle(self.api.handle)
        return Poster(self.api.did, name=f"@{handle}" if handle else None)

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        async def send() -> PublishResult:
            problem = limit_problem(text)
            if problem is not None:
                raise PublishError(problem)
            try:
                return await self._publish(text, reply_to, idempotency_key, attempted_since,
                                           maybe_published)
            except (PublishError, RateLimited, ClaimEnded):
                raise  # RateLimited: the approval retries after the wait, nothing written
            except PostedElsewhere as exc:  # an earlier attempt posted as another account: this
                # one wrote nothing, and that post may be out (unconfirmed, looked at again)
                raise PublishNotSent(f"bluesky: publish failed: {exc}") from exc
            except OtherPds as exc:  # the account is on another PDS: its line says the fix
                raise PublishError(f"{exc}; nothing was posted") from exc
            except SourceAuthError as exc:  # a revoked or mistyped app password: say the fix
                raise PublishError(
                    f"bluesky {self.config.id}: the PDS refused the account "
                    f"({str(exc).removeprefix('bluesky ')}); nothing was posted: check handle "
                    "and make a new app password (Settings → Privacy and security → App "
                    "passwords) and set it in this source's config, then draft it again") \
                    from exc
            except XrpcError as exc:  # a 4xx the PDS or AppView answered: final
                said = str(exc)
                raise PublishError(said if said.startswith("bluesky") else f"bluesky: {said}") \
                    from exc
            except SourceError as exc:  # a timeout, a 5xx: the same rkey again, looked for
                said = str(exc)
                raise PublishUncertain(said if said.startswith("bluesky") else
                                       f"bluesky: {said}") from exc
            except SocialopsError as exc:  # the API's errors already say "bluesky <method>"
                said = str(exc)
                raise PublishError(said if said.startswith("bluesky") else f"bluesky: {said}") \
                    from exc

        return await self._done.once(idempotency_key, send)

    async def facets(self, text: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for m in _LINK.finditer(text):
            uri, end = m.group(0), m.end()
            if not uri.startswith("http"):  # a bare domain, or a scheme in capitals (no link)
                domain = m.group("domain")
                if not domain or domain.rpartition(".")[2] not in TLDS:
                    continue
                uri = "https://" + uri
            if uri[-1] in ".,;:!?":
                uri, end = uri[:-1], end - 1
            if uri.endswith(")") and "(" not in uri:
                uri, end = uri[:-1], end - 1
            out.append({"index": _byte_span(text, m.start(), end), "features": [
                {"$type": "app.bsky.richtext.facet#link", "uri": uri}]})
        for m in _HANDLE.finditer(text):
            if not _HANDLE_SHAPE.fullmatch(m.group(1)):
                continue  # not a domain: no handle
            try:
                data = await self.api.call("com.atproto.identity.resolveHandle",
                                           params={"handle": m.group(1)})
            except XrpcError:
                # the PDS answered that it knows no such handle (400 "Unable to resolve
                # handle"): plain text, as the SDK leaves it. A 5xx, a timeout or a 429 said
                # nothing of the handle and goes up: the approval is tried again, nothing
                # written, where the post went out for good without its mention, notifying
                # nobody
                continue
            did = data.get("did") if isinstance(data, Mapping) else None
            if isinstance(did, str):
                out.append({"index": _byte_span(text, m.start(), m.end()), "features": [
                    {"$type": "app.bsky.richtext.facet#mention", "did": did}]})
        for t in _TAG.finditer(text):
            tag = _TRAILING_PUNCTUATION.sub("", t.group(1))
            if not tag or graphemes(tag) > MAX_TAG_GRAPHEMES or _tag_too_long(tag):
                continue
            out.append({"index": _byte_span(text, t.start(), t.start() + 1 + len(tag)),
                        "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}]})
        for c in _CASHTAG.finditer(text):
            out.append({"index": _byte_span(text, c.start(), c.end()), "features": [
                {"$type": "app.bsky.richtext.facet#tag", "tag": "$" + c.group(1).upper()}]})
        return out

    async def _reply_refs(self, reply_to: str) -> dict[str, Any]:
        """Strong refs to the parent and the thread's root, from the parent's view as the
        AppView shows it to this account. The PDS takes any reply record, but the AppView shows
        none to a post it leaves out (deleted, taken down, or a block either way) or whose
        thread gate leaves this account out (``viewer.replyDisabled``): such an approval was
        marked published while nobody would ever see the answer. It fails in one line."""
        uri = reply_to.removeprefix("bluesky:")
        data = await self.api.call("app.bsky.feed.getPosts", params={"uris": [uri]})
        posts = data.get("posts") if isinstance(data, Mapping) else None
        if not isinstance(posts, list) or not posts or not isinstance(posts[0], Mapping):
            raise PublishError(f"bluesky: the post to reply to is gone or hidden from this "
                               f"account (deleted, taken down, or a block between the two): "
                               f"{uri[:MAX_URI]}; nothing was posted")
        viewer = posts[0].get("viewer")
        if isinstance(viewer, Mapping) and viewer.get("replyDisabled") is True:
            raise PublishError(f"bluesky: the author of {self._address(uri, posts[0])} does not "
                               "let this account reply (a thread gate: only some people may "
                               "reply, or nobody); nothing was posted")
        parent = {"uri": str(posts[0].get("uri")), "cid": str(posts[0].get("cid"))}
        record = posts[0].get("record")
        reply = record.get("reply") if isinstance(record, Mapping) else None
        root = reply.get("root") if isinstance(reply, Mapping) else None
        if not (isinstance(root, Mapping) and isinstance(root.get("uri"), str)
                and isinstance(root.get("cid"), str)):
            root = parent
        return {"root": {"uri": root["uri"], "cid": root["cid"]}, "parent": parent}

    def _address(self, uri: str, view: Mapping[str, Any]) -> str:
        """The post's web address, by its author's handle when the view gives a valid one (a
        person opens it; an at-uri opens nowhere), else the at-uri as given."""
        ref = post_ref(uri)
        if ref is None:
            return uri[:MAX_URI]
        author = view.get("author")
        handle = _valid_handle(author.get("handle") if isinstance(author, Mapping) else None)
        if handle is not None:
            return post_url(handle, uri, self.config.web_url)
        return post_url(ref[0], uri, self.config.web_url)

    async def _publish(self, text: str, reply_to: str | None, idempotency_key: str,
                       attempted_since: datetime | None, maybe_published: bool
                       ) -> PublishResult:
        if not self.api.can_login:
            raise PublishError(f"bluesky {self.config.id}: publishing needs handle and "
                               "app_password")
        await self.api.start_session()
        # the look reads this account's repo: a post an earlier attempt wrote as another
        # account is not there (the app password swapped since), so nothing is written then
        await self._who.check(now="the app password now posts")
        rkey, existing = await self._look(text, reply_to, idempotency_key, attempted_since,
                                          retry=maybe_published)
        if existing is not None:
            return self._taken(existing[0], idempotency_key)
        record: dict[str, Any] = {"$type": POST, "text": text,
                                  "createdAt": _iso(self.clock())}
        if self.config.language:
            record["langs"] = [self.config.language.strip().lower()]
        facets = await self.facets(text)
        if facets:
            record["facets"] = facets
        if reply_to:
            record["reply"] = await self._reply_refs(reply_to)
        # the look, the facets' handles and the reply's refs may have outlasted the publishing
        # claim's lease: write only while the claim is still this call's (renewed), else the
        # process that took it over may have written the record, and this would rewrite it
        if (holds := PUBLISH_CLAIM.get()) is not None and not await holds():
            raise ClaimEnded(f"the claim on {idempotency_key} ended before the record was "
                             "written; nothing written")
        return await self._write(rkey, record, idempotency_key)

    async def _look(self, text: str, reply_to: str | None, idempotency_key: str,
                    attempted_since: datetime | None, *, retry: bool
                    ) -> tuple[str, tuple[str, Mapping[str, Any]] | None]:
        """The record key this approval's post goes under, and the record already there (an
        earlier attempt may have written it and lost the answer: that record is the post;
        writing again would change its createdAt and CID under its readers). ``retry``: an
        earlier attempt may have posted."""
        # the earliest this approval's post can be dated: when it was drafted, which no claim
        # lost moves. The first attempt, read from the claims, was taken until 2026-12-07: a
        # claim a Redis restart lost (a snapshot from before it) made a later try's first
        # attempt its own, minutes after the post the lost one made, and that post was then
        # another approval's, posted again under a key of the later try's time
        drafted = PUBLISH_DRAFTED.get()
        since = drafted or attempted_since
        rkey = rkey_for(idempotency_key)
        existing = await self._written(rkey)
        if existing is None or since is None or _ours(existing, text, reply_to, since):
            return rkey, existing
        # the key is an approval's id (a store's count from A-1) and its text's hash: a store
        # started afresh, or another deployment on the account, made it before for its own
        # approval (last month's saved reply to someone else). Left as it is; this approval's
        # post goes under a key of its own, the same at each retry
        log.warning("bluesky %s: the record at %s (%s) is another approval's of the same id "
                    "and text, not %s's (%s %s); publishing under another record key",
                    self.config.id, rkey, existing[0], idempotency_key,
                    "drafted" if drafted else "first attempted",
                    f"{since.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC")
        rkey = _fallback_rkey(idempotency_key, since)
        existing = await self._written(rkey)
        if existing is None and retry and attempted_since is not None and drafted is not None:
            # a try made before 2026-12-07 put it under a key of its first attempt's time
            earlier = _fallback_rkey(idempotency_key, attempted_since)
            if (found := await self._written(earlier)) is not None \
                    and _ours(found, text, reply_to, since):
                return earlier, found
        return rkey, existing

    async def _write(self, rkey: str, record: Mapping[str, Any],
                     idempotency_key: str) -> PublishResult:
        # swapRecord null: written only if the key holds no record, decided by the PDS in the
        # repo's transaction. A request sent while the claim was held may arrive after the
        # process that took the claim over wrote the record; it rewrote it (a new CID and
        # createdAt under its likes and replies), and is refused now (InvalidSwap)
        data = await self.api.call("com.atproto.repo.putRecord", write=True, json={
            "repo": self.api.did, "collection": POST, "rkey": rkey, "record": record,
            "swapRecord": None}, accept=frozenset({"InvalidSwap"}))
        if data is None:  # InvalidSwap: the key holds a record, the post written by another
            if (existing := await self._written(rkey)) is not None:
                return self._taken(existing[0], idempotency_key)
            raise PublishUncertain(f"bluesky: putRecord answered InvalidSwap at {rkey} but "
                                   "no record is there")
        uri = data.get("uri") if isinstance(data, Mapping) else None
        if not isinstance(uri, str):  # the record may be written: the retry looks for it
            raise PublishUncertain("bluesky: putRecord answered without a uri")
        return self._result(uri)

    async def _written(self, rkey: str) -> tuple[str, Mapping[str, Any]] | None:
        """The record already at ``rkey`` in the account's repo (its uri and value), or None
        when there is none."""
        existing = await self.api.call("com.atproto.repo.getRecord", params={
            "repo": self.api.did, "collection": POST, "rkey": rkey},
            accept=frozenset({"RecordNotFound"}))
        if isinstance(existing, Mapping) and isinstance(existing.get("uri"), str):
            value = existing.get("value")
            return str(existing["uri"]), value if isinstance(value, Mapping) else {}
        return None

    def _taken(self, uri: str, idempotency_key: str) -> PublishResult:
        log.info("bluesky %s: %s already published as %s", self.config.id, idempotency_key, uri)
        return self._result(uri)

    def _result(self, uri: str) -> PublishResult:
        # by the account's DID, which a handle changed since the session began (it is kept
        # for its 90 days) does not leave leading to "profile not found", or to whoever takes
        # the old handle (a review against the reference servers, 2026-12-06)
        actor = self.api.did or self.api.handle or ""
        return PublishResult(id=f"bluesky:{uri}", url=post_url(actor, uri, self.config.web_url)
                             if actor else None)


async def _later(store: SourceCursorStore, key: str, value: str) -> None:
    """Written with the next mention processed (``set_cursor_now``'s other half)."""
    await store.set_cursor(key, value)


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


__all__ = ["BlueskyPublisher", "BlueskySource", "KeywordFilter", "graphemes", "limit_problem",
           "rkey_for", "rkey_of"]


def _ours(existing: tuple[str, Mapping[str, Any]], text: str, reply_to: str | None,
          attempted_since: datetime) -> bool:
    """Whether the record at this approval's key can be its own post: the same text and reply
    target, made no earlier than the first attempt less the clock skew (``is_ours``, the rule
    of the other networks' looks)."""
    uri, record = existing
    reply = record.get("reply")
    parent = reply.get("parent") if isinstance(reply, Mapping) else None
    parent_uri = parent.get("uri") if isinstance(parent, Mapping) else None
    if record.get("text") != text or not _same_post(parent_uri, reply_to):
        return False
    try:
        created: datetime | None = parse_time(record.get("createdAt"))
    except MalformedPayload:
        created = None
    return is_ours(created, attempted_since - CLOCK_SKEW, what=f"bluesky {uri[:MAX_URI]}")


def _same_post(parent_uri: object, reply_to: str | None) -> bool:
    """Whether a record's reply parent is the post ``reply_to`` names (both None: no reply).
    The parent is written by DID (its view's uri); a ``reply_to`` naming its author by handle
    is the same post by its record key, so that a record this approval wrote is never taken
    for another's (which would post it twice)."""
    if reply_to is None or not isinstance(parent_uri, str):
        return reply_to is None and parent_uri is None
    ours, theirs = post_ref(reply_to.removeprefix("bluesky:")), post_ref(parent_uri)
    if ours is None or theirs is None:
        return parent_uri == reply_to.removeprefix("bluesky:")
    return ours[1] == theirs[1] and (ours[0] == theirs[0] or not ours[0].startswith("did:"))


def _dated_before(entry: tuple[str, str, Any], floor: datetime) -> bool:
    """Whether a page's item is dated before ``floor`` (one without a readable date is not)."""
    try:
        return parse_time(entry[0]) < floor
    except MalformedPayload:
        return False


def _unnamed(item: Mapping[str, Any]) -> str:
    """What a page's item without an at-uri is known by in the cursor's recent items, so that
    a later poll's lookback skips (and counts) it once, and two such items are two."""
    try:
        held = json.dumps(item, sort_keys=True, default=str)
    except (TypeError, ValueError, RecursionError):
        held = repr(sorted(map(str, item)))
    return "unnamed:" + hashlib.sha256(held.encode("utf-8", "surrogatepass")).hexdigest()[:24]
