"""The Mastodon source and publisher.

Source (``poll``): one read stream per configured hashtag (``/api/v1/timelines/tag/:tag``,
public), per search query (``/api/v2/search?type=statuses``, token) and, with
``notifications: true``, the account's mentions and quotes of its posts
(``/api/v1/notifications?types[]=mention&types[]=quote&include_filtered=true``, token;
``parse.MENTION_TYPES``; filtered ones too: see ``read_streams``).
The cursor (JSON in the store) keeps the newest id seen per stream. Timelines and
notifications are read forward from it with ``min_id`` (Mastodon answers the oldest page newer
than ``min_id``), following the ``Link`` header's ``prev`` link page by page, so a poll that
stops at ``MAX_PAGES`` leaves no gap: the next poll continues where it stopped. The first run
of a stream reads only the newest page and keeps what is younger than ``backfill_minutes``.

An id that decodes to more than ``FUTURE_SKEW`` past the clock (``dated_after``: Mastodon's
Snowflakes, GoToSocial's ULIDs) is skipped and never becomes the cursor, and a stored cursor
that does is ignored with a warning, as the Hacker News and Bluesky sources treat their time
cursors.

A spent rate limit (``X-RateLimit-Remaining: 0``) ends the poll with what it has, and the next
poll raises ``RateLimited`` until ``X-RateLimit-Reset`` without sending anything; so does the
publisher's POST after any answer of its own (a read, a POST) saying so. A status that
cannot be normalised (or a mention notification with ``status: null``) is logged and counted in
``skipped``; it never fails the poll.

Real time (``stream``): server-sent events, see ``mastodon_stream``.

Lookup (``lookup``, for ``why``): one status by its address, normalised as polled; see
``MastodonSource.lookup`` for which request each kind of address takes.

Publisher: ``POST /api/v1/statuses`` with ``status``, ``in_reply_to_id``, ``visibility`` and
``language`` (when the source names one), and
the idempotency key as ``Idempotency-Key``: Mastodon answers a repeated key with the status it
already created (for an hour). The header is optional for Mastodon-API servers and some ignore it
(Takahē), so after an ambiguous failure (timeout, transport error, 5xx, an unreadable answer) the
publisher also looks before posting again (``LookBeforeRetry``, as for X and Reddit): it reads
the account's recent statuses (``verify_credentials``, then ``/api/v1/accounts/:id/statuses``,
paging back past what the account posted since) and takes one with the same reply target and
text as the result, if it was made since the publish was first attempted (less
``CLOCK_SKEW``, by its ``created_at``): the same text posted last week is not this one (the
statuses endpoint takes no time bound, so the check is ours alone). Nor is one posted with
another application than the token's (its ``application``, which Mastodon shows the account's
own token; the token's from ``/api/v1/apps/verify_credentials``): the same reply posted by
hand in the web interface ("Web") since the approval, which a Redis store's try (it looks
first, ``PUBLISH_CLAIMS_LOSSY``) would otherwise take for a lost claim's post. One posted with
the application an earlier attempt's claim recorded (``posted_as``, kept before its post and
given back as ``PUBLISH_POSTED_AS``) is ours too: the token may have been swapped for another
application's since that attempt posted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from bot.core.errors import (
    UNREADABLE,
    MalformedPayload,
    PublishError,
    PublishNotSent,
    PublishUncertain,
    RateLimited,
    SkipLog,
    SourceAuthError,
    SourceError,
    unreadable,
)
from bot.core.models import Mention
from bot.core.ports import Clock, PublishResult, SourceCursorStore
from bot.core.text import graphemes, is_blank, one_line
from integrations.social.common.capped import halving
from integrations.social.common.cursor import FUTURE_SKEW, load_cursor
from integrations.social.common.jsonpage import json_page, over_what
from integrations.social.common.own import OwnAccounts, UnknownOwn, drop_own, same_network
from integrations.social.common.paging import as_asked
from integrations.social.common.publish import (
    LookBeforeRetry,
    LookFailed,
    Poster,
    PublishMemo,
    earlier_posters,
    is_ours,
)
from integrations.social.common.said import Counted, Logged
from integrations.social.common.shapes import head_of
from integrations.social.mastodon.access import FeedAccess, hashtag_problem
from integrations.social.mastodon.api import (
    Answer,
    MastodonApi,
    link_params,
    server_error_text,
)
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.length import InstanceLimits, characters, limit_problem
from integrations.social.mastodon.parse import (
    MENTION_TYPES,
    dated_after,
    id_at,
    id_key,
    id_time,
    is_status_at,
    newer,
    normalize_account,
    normalize_status,
    notification_status,
    parse_time,
    server_of,
    status_address,
    status_list,
)
from integrations.social.rss.html import html_to_text

log = logging.getLogger(__name__)

PAGE = 40  # Mastodon's maximum page size for timelines, notifications and search
MAX_PAGES = 10  # per stream and poll; the rest waits for the next poll, without a gap
# Mastodon numbers a status it receives from another server by the time the status says it
# was made, not by when it arrived (``Mastodon::Snowflake::Callbacks``: ``id_at(created_at)``
# for a created_at in the past): one delivered late (a delivery queue, a retry after either
# server was down) lands below statuses a poll read already, where ``min_id`` never looks.
# Each poll of a timeline also reads below its cursor, back to ``LOOKBACK`` before it (at most
# ``LOOKBACK_PAGES`` pages, newest first), and sends what it had not read: the ids read in
# that span are kept beside the cursor (``<key>#recent``, at most ``MAX_RECENT``).
LOOKBACK = timedelta(minutes=10)
# Search answers newest first (Mastodon's StatusesSearchService orders by id, descending), so
# a walk from the cursor that stops before its last page (the budget spent, MAX_PAGES read)
# has read the newest statuses and not the oldest: the cursor stays, and the next poll goes
# on below the oldest one read (``<key>#walk``: the newest and the oldest id read), until a
# short page ends the walk and the cursor takes its newest.
LOOKBACK_PAGES = 2
MAX_RECENT = 400


@dataclass(frozen=True)
class ReadStream:
    """One thing a poll reads: cursor key, path, fixed params, whether it needs the token."""

    key: str
    path: str
    params: tuple[tuple[str, str], ...]
    token: bool
    kind: str  # "timeline", "search" or "notifications"


def read_streams(config: MastodonSourceConfig) -> list[ReadStream]:
    out = [ReadStream(f"tag:{tag}", f"/api/v1/timelines/tag/{quote(tag, safe='')}", (),
                      bool(config.token),
                      "timeline")
           for tag in (t.lstrip("#").strip() for t in config.hashtags) if tag]
    out += [ReadStream(f"search:{q}", "/api/v2/search",
                       (("q", q), ("type", "statuses"), ("resolve", "false")), True, "search")
            for q in config.queries]
    if config.notifications:
        # include_filtered: from Mastodon 4.3 the account's notification policy filters a
        # private mention from an account it does not follow, and one from an account a
        # moderator limited, by default, and the list leaves those out unless asked
        # (entities/NotificationPolicy); a server before it ignores the parameter
        out.append(ReadStream("notifications", "/api/v1/notifications",
                              (*(("types[]", t) for t in MENTION_TYPES),
                               ("include_filtered", "true")), True, "notifications"))
    return out


class MastodonSource:
    network = "mastodon"

    def __init__(self, config: MastodonSourceConfig, *, store: SourceCursorStore,
                 client: httpx.AsyncClient, clock: Clock,
                 sleep: Callable[[float], Coroutine[Any, Any, None]] | None = None,
                 rng: Callable[[], float] | None = None,
                 peers: Sequence[Any] = ()) -> None:
        self.config = config
        self.store = store
        self.client = client
        self.clock = clock
        self.api = MastodonApi(config, client=client, clock=clock)
        self.skipped = SkipLog()  # why items were skipped, newest last (bounded)
        # fields of a post changed or refused (common.said): a poll's or the stream's logged
        # and counted, a lookup's logged
        self.said = Counted(self.skipped, log, f"mastodon source {config.id}")
        self.lookup_said = Logged(log, f"mastodon source {config.id} (lookup)")
        self._sleep = sleep
        self._rng = rng
        # our accounts (every configured token on any server), learnt from verify_credentials
        self.own = OwnAccounts()
        # every configured token on any server, until its server says whose it is; one
        # learner at a time: a poll, the stream and `why` (``compose.look_up``) all ask
        self._unknown = UnknownOwn((c for c in same_network(config, peers)
                                    if getattr(c, "token", None)),
                                   label=f"mastodon {config.id}", server="the server",
                                   secret=lambda c: c.token)
        self._absent: set[str] = set()  # hashtags the server said it does not know (logged)
        # what the server lets the hashtag streams read (``access``): the problem said last
        # (logged once), and each stream it blinds, for source health
        self.access = FeedAccess(self.api)
        self._blind_said: str | None = None
        self._blind: dict[str, str] = {}
        self._empty_searches: set[str] = set()  # searches whose first poll found nothing

    @property
    def id(self) -> str:
        return self.config.id

    def skip(self, reason: str) -> None:
        log.warning("mastodon source %s: %s", self.id, reason)
        self.skipped.append(reason)
        del self.skipped[:-200]

    async def load_cursor(self) -> dict[str, str]:
        cursor = await load_cursor(self.store, self.id)
        return {k: v for k, v in cursor.items() if isinstance(k, str) and isinstance(v, str)}

    async def advance_cursor(self, key: str, native_id: str) -> None:
        """Move one stream's cursor forward (never back); the stream calls this as it yields.
        The status is kept among the recent ones too, so a poll's look below the cursor does
        not send it again."""
        cursor = await self.load_cursor()
        best = newer(cursor.get(key), native_id)
        if best is not None and best != cursor.get(key):
            cursor[key] = best
            if (recent := cursor.get(_recent_key(key))) is not None:
                cursor[_recent_key(key)] = _recent({*recent.split(), native_id}, best)
            await self.store.set_cursor(self.id, json.dumps(cursor, sort_keys=True))

    def _normalise_all(self, items: Sequence[Any], kind: str) -> list[Mention | None]:
        return [self._normalise(item, kind) for item in items]

    def _normalise(self, item: Any, kind: str) -> Mention | None:
        if kind == "notifications" and isinstance(item, dict) and (
                item.get("type") not in MENTION_TYPES):
            return None  # a server that ignores types[] sends follows and likes too: not ours
        try:
            status = notification_status(item) if kind == "notifications" else item
            return normalize_status(status, source=self.id,
                                    fetched_at=self.clock(), said=self.said)
        except UNREADABLE as exc:
            self.skip(unreadable(exc))
            return None

    async def _page(self, stream: ReadStream,
                    params: dict[str, str | list[str]]) -> Answer:
        """One page of ``params["limit"]`` statuses, halved (and kept so for the rest of the
        walk) while a page is over ``capped.MAX_RESPONSE`` (32 MB: 40 statuses of a megabyte of
        markup each, from a server that relays them; see ``capped.halving``) or over what a
        JSON page may hold to be decoded on the event loop (``jsonpage.PAGE``). A hashtag
        timeline the API answers 404 (``MastodonApi.absent``: a hashtag the server does not
        know yet) is an empty page."""
        def said(cause: Exception, half: int) -> None:
            self.skip(f"{stream.key}: a page {over_what(cause)}; asked again for {half} "
                      "statuses")

        ask = self.api.absent if stream.kind == "timeline" else self.api.get
        answer, limit = await halving(
            lambda n: ask(stream.path, params={**params, "limit": str(n)}, token=stream.token),
            int(str(params["limit"])), said=said)
        params["limit"] = str(limit)
        if answer is None:
            # a hashtag nobody on the server has used yet: nothing to read, said once (the
            # other streams of the source are read; before, the whole poll failed on it)
            if stream.key not in self._absent:
                self._absent.add(stream.key)
                log.info("mastodon source %s: #%s is not known on %s yet (it answered 404): "
                         "nothing to read until someone uses it; asked again at each poll",
                         self.id, stream.key.removeprefix("tag:"),
                         self.config.base_url.rstrip("/"))
            return Answer([], httpx.Headers())
        self._absent.discard(stream.key)
        return answer

    async def _read(self, stream: ReadStream, since: str | None, *,
                    below: str | None = None) -> tuple[list[Mention], str | None, set[str],
                                                       str | None]:
        """Mentions newer than ``since`` (first run: the newest page within the backfill),
        the newest native id of the items read (the stream's next cursor), every id read, and,
        for a search walk that stopped before its last page, the oldest id it read (where the
        next poll goes on: ``SEARCH_WALK``; None when it read to the end). ``below``: a
        search walk's going on, under the oldest id its last part read."""
        params: dict[str, str | list[str]] = {k: v for k, v in stream.params if k != "types[]"}
        if stream.kind == "notifications":
            params["types[]"] = list(MENTION_TYPES)
        params["limit"] = str(PAGE)
        if since:
            params["min_id"] = since
        if below is not None:
            # Mastodon bounds a search by the second an id says (``before:``): one second
            # above, and what was read already (at or above ``below``) skipped below
            made = id_time(below)
            params["max_id"] = below if made is None else max(
                below, id_at(made + timedelta(seconds=1), like=below), key=id_key)
        horizon = self.clock() - timedelta(minutes=self.config.backfill_minutes)
        latest = self.clock() + FUTURE_SKEW
        out: list[Mention] = []
        newest: str | None = None
        read: set[str] = set()
        ended = False  # read to the last page
        for page_no in range(MAX_PAGES):
            if page_no and self.api.pause_left() > 0:
                break  # budget spent mid-poll: keep what we have; the next poll waits
            asked = params.get("min_id") if stream.kind != "search" else None
            ignored = False  # the server answered a status at or below the min_id asked
            answer = await self._page(stream, params)
            if stream.kind == "search":
                payload = answer.payload
                if not isinstance(payload, dict):
                    raise MalformedPayload("mastodon: search answered something not an object")
                items = status_list(payload.get("statuses"), what="search")
            else:
                items = status_list(answer.payload, what=stream.path)
            items = as_asked(items, int(str(params["limit"])), what=f"mastodon: {stream.key}",
                             source=f"mastodon source {self.id}", skipped=self.skipped)
            fresh = []
            reached = False  # a search listed the cursor's status or an older one
            for item in items:
                item_id = item.get("id") if isinstance(item, dict) else None
                if not isinstance(item_id, str) or not item_id:
                    self.skip(f"{stream.key}: an item without an id")
                    continue
                if isinstance(asked, str) and id_key(item_id) <= id_key(asked):
                    ignored = True
                if item_id in read:
                    continue  # the same page again, from a server that ignores min_id
                if since and id_key(item_id) <= id_key(since):
                    reached = True
                    continue  # search ignores min_id on some servers
                if below is not None and id_key(item_id) >= id_key(below):
                    continue  # read by the walk's last part
                if dated_after(item_id, latest):
                    # a damaged or hostile server's id: as the cursor, it would hide every
                    # later status (each has a smaller id)
                    self.skip(f"{stream.key}: id {item_id[:40]} is past our clock")
                    continue
                newest = newer(newest, item_id)
                read.add(item_id)
                fresh.append(item)
            # statuses are HTML: parsed on a worker thread, so a hostile one (100 KB of
            # unclosable markup: 0.25 s even after the pre-pass) never holds the event loop
            mentions = await asyncio.to_thread(self._normalise_all, fresh, stream.kind)
            out += [m for m in mentions
                    if m is not None and (since or m.created_at >= horizon)]
            size = int(str(params["limit"]))
            if ignored and since:
                # a server that does not read min_id answers its newest page whatever it
                # says (docs.joinmastodon.org/methods/timelines: "immediately newer than this
                # ID"); what lies between the cursor and the oldest status read is asked
                # newest first with max_id and since_id, which it reads, or was read already
                # when the page went down to the cursor
                if not reached and read:
                    out += await self._below_newest(stream, since, read,
                                                    pages=MAX_PAGES - page_no - 1)
                ended = True
                break
            if not since or len(items) < size or (reached and stream.kind == "search"):
                # a first run reads one page; a short page is the last one; and a search
                # (newest first) that lists the cursor or below has read all above it: a
                # server that reads neither min_id nor max_id (Pleroma's and Akkoma's
                # DatabaseSearch: offset and limit only) answers its whole history, and a
                # walk kept for its unread rest skipped every later status for ever
                ended = True
                break
            if stream.kind == "search":
                params["offset"] = str(int(str(params.get("offset", "0"))) + size)
                continue
            prev = link_params(answer.headers.get("link"), "prev").get("min_id")
            if not prev:
                ended = True
                break
            params["min_id"] = prev
        rest = None
        if stream.kind == "search" and since and not ended:
            if read:
                rest = min(read, key=id_key)
            elif below is not None:
                # a part that read nothing below where the walk stopped cannot go on: a server
                # that reads no max_id (Pleroma's and Akkoma's search) answers the same newest
                # pages at every poll, and the walk, kept as it was, held the cursor for ever
                log.warning("mastodon source %s: %s: the search answered nothing below %s "
                            "within %d pages (the server reads no max_id?): what lies below "
                            "is not read; reading from the newest again", self.id, stream.key,
                            below[:40], MAX_PAGES)
        return out, newest, read, rest

    async def _below_newest(self, stream: ReadStream, since: str, read: set[str], *,
                            pages: int) -> list[Mention]:
        """The statuses above the cursor ``since`` and below every id ``read``, newest first
        (``max_id`` and ``since_id``, following the ``Link`` header's ``next``), at most
        ``pages`` pages: a read forward from a server that ignores ``min_id`` gave its newest
        page only. Adds the ids it reads to ``read``. A walk the budget or the pages end
        before the cursor is said in one warning: what lies below it is not read."""
        params: dict[str, str | list[str]] = {k: v for k, v in stream.params if k != "types[]"}
        if stream.kind == "notifications":
            params["types[]"] = list(MENTION_TYPES)
        params.update(limit=str(PAGE), max_id=min(read, key=id_key), since_id=since)
        latest = self.clock() + FUTURE_SKEW
        out: list[Mention] = []
        for _ in range(pages):
            if self.api.pause_left() > 0:
                break
            answer = await self._page(stream, params)
            size = int(str(params["limit"]))
            items = as_asked(status_list(answer.payload, what=stream.path), size,
                             what=f"mastodon: {stream.key}",
                             source=f"mastodon source {self.id}", skipped=self.skipped)
            top = str(params["max_id"])
            fresh = []
            for item in items:
                item_id = item.get("id") if isinstance(item, dict) else None
                if (not isinstance(item_id, str) or not item_id or item_id in read
                        or not id_key(since) < id_key(item_id) < id_key(top)
                        or dated_after(item_id, latest)):
                    continue  # out of the span asked, or read already
                read.add(item_id)
                fresh.append(item)
            mentions = await asyncio.to_thread(self._normalise_all, fresh, stream.kind)
            out += [m for m in mentions if m is not None]
            if len(items) < size or not fresh:
                return out
            params["max_id"] = min((i["id"] for i in fresh), key=id_key)
        log.warning("mastodon source %s: %s: the server answers its newest statuses whatever "
                    "min_id says; read down to %s before the poll's %d pages or the rate limit "
                    "ran out: the statuses between it and %s are not read", self.id,
                    stream.key, str(params["max_id"])[:40], MAX_PAGES, since[:40])
        return out

    async def _look_back(self, stream: ReadStream, since: str,
                         recent: set[str]) -> tuple[list[Mention], set[str]]:
        """A timeline's statuses below its cursor ``since``, back to ``LOOKBACK`` before the
        time its id says, that are not among the ``recent`` ids read: statuses another server
        delivered late, numbered by when they were made (see ``LOOKBACK``). Newest first, at
        most ``LOOKBACK_PAGES`` pages; the ids read, for the recent ones. Nothing for a stream
        whose ids say no time (notifications are numbered as they come; a server whose ids
        are neither Snowflakes nor ULIDs)."""
        made = id_time(since)
        if stream.kind != "timeline" or made is None:
            return [], set()
        floor = id_at(made - LOOKBACK, like=since)
        params: dict[str, str | list[str]] = {**dict(stream.params), "limit": str(PAGE),
                                              "max_id": since, "since_id": floor}
        latest = self.clock() + FUTURE_SKEW
        out: list[Mention] = []
        read: set[str] = set()
        for _ in range(LOOKBACK_PAGES):
            if self.api.pause_left() > 0:
                break
            answer = await self._page(stream, params)
            items = as_asked(status_list(answer.payload, what=stream.path),
                             int(str(params["limit"])), what=f"mastodon: {stream.key}",
                             source=f"mastodon source {self.id}", skipped=self.skipped)
            late = []
            for item in items:
                item_id = item.get("id") if isinstance(item, dict) else None
                if (not isinstance(item_id, str) or not item_id
                        or not id_key(floor) < id_key(item_id) < id_key(since)
                        or dated_after(item_id, latest)):
                    continue  # out of the span asked (a server ignoring max_id or since_id)
                read.add(item_id)
                if item_id not in recent:
                    late.append(item)
            mentions = await asyncio.to_thread(self._normalise_all, late, stream.kind)
            out += [m for m in mentions if m is not None]
            older = link_params(answer.headers.get("link"), "next").get("max_id")
            if len(items) < int(str(params["limit"])) or not older:
                break
            params["max_id"] = older
        if out:
            log.info("mastodon source %s: %d status(es) of %s delivered late, read below the "
                     "cursor", self.id, len(out), stream.key)
        return out, read

    async def learn_own(self) -> None:
        """Who our accounts are: ``verify_credentials`` once per configured token. The qualified
        handle (``name@host``) matches on any server; the account id only on the account's own
        server, since ids are per server. A failure is kept (``unknown_own``) and asked again
        at the next poll, which reads nothing meanwhile (``hold_while_own_unknown``); a `why`
        during a poll waits for the poll's answer rather than asking again (both removing the
        account learnt failed)."""

        async def ask(config: Any) -> Any:
            api = self.api if config is self.config else MastodonApi(
                config, client=self.client, clock=self.clock)
            answer = await api.find("/api/v1/accounts/verify_credentials", token=True)
            return None if answer is None else normalize_account(answer.payload)

        def learnt(config: Any, account: Any) -> None:
            same_server = config.base_url.rstrip("/") == self.config.base_url.rstrip("/")
            self.own.add(id=account.id if same_server else None, handle=account.handle)

        def no_route(config: Any) -> None:
            log.warning("mastodon source %s: %s has no verify_credentials (404): the posts of "
                        "%s's account cannot be told from others'", self.id,
                        config.base_url.rstrip("/"), config.id)

        await self._unknown.learn(
            ask, learnt, no_route=no_route,
            missing="mastodon: the server has no /api/v1/accounts/verify_credentials (404)")

    def unknown_own(self) -> dict[str, str]:
        """The configured accounts the server has not said who they are yet (their
        ``verify_credentials`` failed), with why (``UnknownOwn.unknown``)."""
        return self._unknown.unknown()

    def hold_while_own_unknown(self) -> None:
        """Raise while an account of ours is not known (``UnknownOwn.hold``)."""
        self._unknown.hold(self.config)

    def _search_said_empty(self, stream: ReadStream) -> None:
        """A search's first poll answered no status at all, not even an old one: said once
        (a log line), as Mastodon does not say whether it searches text. It finds statuses
        by their words only with full-text search set up (Elasticsearch or OpenSearch;
        docs.joinmastodon.org/admin/elasticsearch), and from 4.2 only public posts of
        accounts that opted in to search; a server without it answers every such search
        with an empty list, which reads as "no match"."""
        if stream.key in self._empty_searches:
            return
        self._empty_searches.add(stream.key)
        log.info("mastodon source %s: %s found no status at all on %s; a Mastodon server "
                 "finds posts by their words only with full-text search (Elasticsearch or "
                 "OpenSearch) and only posts of accounts that opted in to search, and one "
                 "without it answers every search empty: if nothing comes, ask its admin, "
                 "or follow hashtags: instead", self.id, stream.key,
                 self.config.base_url.rstrip("/"))

    def failing_parts(self) -> dict[str, str]:
        """The streams the server's own settings keep from reading all they ask for (source
        health says them: ``status``, ``why``)."""
        return dict(self._blind)

    async def _check_access(self) -> None:
        """Whether the server lets the hashtag streams read (``access``), said once in the
        log when it changes, kept for ``failing_parts``."""
        tags = [s.key.removeprefix("tag:") for s in read_streams(self.config)
                if s.kind == "timeline"]
        if not tags:
            return
        local, remote = await self.access.hashtags()
        problem = hashtag_problem(local, remote, server=self.config.base_url.rstrip("/"))
        if problem != self._blind_said:
            shown = ", ".join(f"#{t}" for t in tags)
            if problem is not None:
                log.warning("mastodon source %s: %s: %s", self.id, shown, problem)
            elif self._blind_said is not None:
                log.info("mastodon source %s: %s: the server's hashtag feeds are readable "
                         "again", self.id, shown)
            self._blind_said = problem
        self._blind = {} if problem is None else {f"#{t}": problem for t in tags}

    async def poll_streams(self, keys: set[str] | None = None) -> list[Mention]:
        """Poll every read stream (or only those in ``keys``: the live stream's gap fill)."""
        self.api.check_budget(f"source {self.id}")
        await self.learn_own()
        self.hold_while_own_unknown()
        await self._check_access()
        cursor = await self.load_cursor()
        latest = self.clock() + FUTURE_SKEW
        found: dict[str, Mention] = {}
        for stream in read_streams(self.config):
            if keys is not None and stream.key not in keys:
                continue
            if self.api.pause_left() > 0:
                break
            if stream.key in cursor and dated_after(cursor[stream.key], latest):
                # saved before such ids were skipped: every poll from it would be empty
                log.warning("mastodon source %s: ignoring cursor %s of %s, past the clock",
                            self.id, cursor[stream.key][:40], stream.key)
                del cursor[stream.key]
            since = cursor.get(stream.key)
            walk = cursor.get(_walk_key(stream.key), "").split()
            if stream.kind != "search" or not since or len(walk) != 2:
                walk = []
            mentions, newest, read, rest = await self._read(
                stream, since, below=walk[1] if walk else None)
            if stream.kind == "search" and since is None and not read:
                self._search_said_empty(stream)
            if rest is not None:
                # search answers newest first: the cursor waits for the walk's end
                cursor[_walk_key(stream.key)] = f"{walk[0] if walk else newest} {rest}"
                newest = None
            elif walk:
                cursor.pop(_walk_key(stream.key), None)
                newest = newer(walk[0], newest)
            known = cursor.get(_recent_key(stream.key))
            if since is not None:  # a timeline whose ids say a time (``_look_back``)
                late, below = await self._look_back(stream, since,
                                                    set(known.split()) if known else set())
                # a cursor kept before the look below it: what lies there was read then
                mentions += late if known is not None else []
                read |= below
            for m in mentions:
                found.setdefault(m.id, m)
            if newest:
                cursor[stream.key] = newer(cursor.get(stream.key), newest) or newest
            if stream.key in cursor and id_time(cursor[stream.key]) is not None and (
                    stream.kind == "timeline"):
                cursor[_recent_key(stream.key)] = _recent(
                    {*(known.split() if known else ()), *read}, cursor[stream.key])
        await self.store.set_cursor(self.id, json.dumps(cursor, sort_keys=True))
        kept = drop_own(found.values(), self.own, self.skipped, source=self.id)
        return sorted(kept, key=lambda m: (m.created_at, id_key(m.native_id)))

    async def poll(self) -> Sequence[Mention]:
        return await self.poll_streams()

    async def lookup(self, url: str) -> Mention | None:
        """The status at ``url``, normalised as a polled one. A status of this server:
        ``GET /api/v1/statuses/:id`` (public for public statuses; with the token when one is
        configured, which also sees what the account may see). A status of another server:
        ``GET /api/v2/search?q=<url>&resolve=true&type=statuses``, which fetches it over
        ActivityPub; Mastodon allows ``resolve`` only with a user token (methods/search.md),
        so without one such a URL is not readable here (None). 404 (deleted, not visible)
        is None too."""
        address = status_address(url)
        if address is None:
            return None
        if address.server == server_of(self.config.base_url):
            answer = await self.api.find(f"/api/v1/statuses/{quote(address.status_id, safe='')}",
                                         token=bool(self.config.token))
            return None if answer is None else normalize_status(
                answer.payload, source=self.id, fetched_at=self.clock(), said=self.lookup_said)
        if not self.config.token:
            return None
        status = await resolved(self.api, url)
        return None if status is None else normalize_status(
            status, source=self.id, fetched_at=self.clock(), said=self.lookup_said)

    def stream(self) -> AsyncIterator[Mention]:
        """Mentions as the server pushes them, reconnecting by itself (see mastodon_stream)."""
        from integrations.social.mastodon.stream import MastodonStreamer

        return MastodonStreamer(self, sleep=self._sleep, rng=self._rng).run()


async def resolved(api: MastodonApi, url: str) -> dict[str, Any] | None:
    """The status at ``url`` (of any server) as ``api``'s server has it, under its own id:
    ``GET /api/v2/search?q=<url>&resolve=true&type=statuses``, which fetches it over
    ActivityPub, as Mastodon's clients open a pasted address (docs.joinmastodon.org/methods/
    search: ``resolve`` needs a user token). None when it finds nothing (404 too). Only the
    status at that address: a server that ignores ``resolve`` or ``type`` and searches its
    own text answers posts that link to the URL, which are not it."""
    answer = await api.find("/api/v2/search", token=True, params={
        "q": url.strip(), "resolve": "true", "type": "statuses"})
    if answer is None:
        return None
    if not isinstance(answer.payload, dict):
        raise MalformedPayload("mastodon: search answered something not an object")
    for status in status_list(answer.payload.get("statuses"), what="search"):
        if is_status_at(status, url) and isinstance(status, dict):
            found = status.get("id")
            if isinstance(found, str) and found:
                return status
    return None


# Mastodon's visibilities, the least private first
_PRIVACY = ("public", "unlisted", "private", "direct")


def _walk_key(key: str) -> str:
    """Where a search's unfinished walk is kept (``SEARCH_WALK``): "<newest> <oldest>" read."""
    return f"{key}#walk"


def _recent_key(key: str) -> str:
    """Where a timeline's recent ids are kept in the cursor, beside the stream's own key."""
    return f"{key}#recent"


def _recent(ids: set[str], cursor: str) -> str:
    """The ids a timeline's look below ``cursor`` need not send again: those made within
    ``LOOKBACK`` of it (by the time each id says), the newest ``MAX_RECENT``, as one string."""
    made = id_time(cursor)
    bound = id_key(id_at(made - LOOKBACK, like=cursor)) if made is not None else None
    kept = sorted((i for i in ids if bound is None or id_key(i) > bound), key=id_key)
    return " ".join(kept[-MAX_RECENT:])


def _acct(status: dict[str, Any]) -> str:
    """The status's author as a mention names them (its ``acct``), bounded, one line."""
    account = status.get("account")
    acct = account.get("acct") if isinstance(account, dict) else None
    return "@" + one_line(acct, 200) if isinstance(acct, str) and acct else "its author"


# a mention as Mastodon reads one in a status's text (app/models/account.rb, MENTION_RE)
_MENTIONED = re.compile(
    r"(?<![=/\w])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_])?(?:@[\w.-]+\w+)?)", re.IGNORECASE)


class MastodonPublisher:
    network = "mastodon"

    def __init__(self, config: MastodonSourceConfig, *, client: httpx.AsyncClient,
                 clock: Clock) -> None:
        self.config = config
        self.client = client
        self.clock = clock
        self.api = MastodonApi(config, client=client, clock=clock)
        # Idempotency-Key is optional for Mastodon-API servers (Takahē ignores it) and Mastodon
        # keeps keys for one hour only: after an ambiguous failure, look before posting again
        self._guard = LookBeforeRetry(clock)
        self._done = PublishMemo()
        self._me: str | None = None  # our account id on this server, for the look
        # the name of the application the token belongs to, which Mastodon puts on each status
        # the token posts: a status of the same text posted with another (by hand, "Web") is
        # not ours. None: not asked yet, or asked and not said (asked again at the next look)
        self._app: str | None = None
        self._app_unsaid = False  # the server refused or lacks the route: not asked again
        self._own: str | None = None  # our user@server, not named in our replies
        self.limits = InstanceLimits(self.api)
        # the server's host: ``@user`` alone in a reply names an account of it
        self.home = (urlsplit(config.base_url).hostname or "").lower()
        # host and port: a status id is this server's own (a reply from another server's
        # account to an id read here answers another post)
        self.server = server_of(config.base_url) or self.home

    async def own_handle(self) -> str | None:
        """The account this token posts as, ``user@server`` as a mention's handles name it
        (``verify_credentials``, asked once it answers), or None, said in a log line, when
        the server does not say (a reply then names its author alone)."""
        if self._own is None:
            try:
                answer = await self.api.find("/api/v1/accounts/verify_credentials", token=True)
                account = normalize_account(answer.payload) if answer is not None else None
            except SourceError as exc:  # a refused token, a timeout, an unreadable answer
                log.warning("mastodon %s: verify_credentials did not say who the account is "
                            "(%s): a reply names its post's author only, not the others it "
                            "mentions", self.config.id, one_line(str(exc), 200))
                return None
            if account is None or "@" not in account.handle:
                return None
            self._own = account.handle
        return self._own

    async def resolve(self, url: str) -> str:
        """This server's id for the post at ``url`` (``resolved``), for a reply to a post
        another server's source read: that server's id names another post here, or none."""
        try:
            status = await resolved(self.api, url)
        except RateLimited:
            raise  # the approval retries after the wait
        except SourceAuthError as exc:  # 401: the token refused; 403: without read:search
            raise PublishError(
                f"mastodon {self.config.id}: {str(exc).removeprefix('mastodon: ')}; nothing "
                "was posted: resolving another server's post needs a token with read:search: "
                "make a new access token with read:statuses, read:search, read:accounts and "
                "write:statuses (Preferences → Development → your application) and set it as "
                "this source's token, then draft it again") from exc
        except SourceError as exc:  # a timeout, a 5xx, an unreadable answer: nothing posted
            raise PublishUncertain(f"mastodon: publish failed: resolving {one_line(url, 200)} "
                                   f"failed ({exc}); nothing was posted yet") from exc
        if status is None:
            raise PublishError(
                f"mastodon {self.config.id}: {self.server} found no post at "
                f"{one_line(url, 200)} (GET /api/v2/search with resolve=true): it was deleted, "
                "or its server does not answer that one; nothing was posted: reply from an "
                "account on the server that read it")
        return str(status["id"])

    async def post_problem(self, text: str) -> str | None:
        """Too long for the instance (``max_characters``, else what it says), or None."""
        return limit_problem(text, await self.limits.get(), instance=self.limits.instance)

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        if not self.config.token:
            raise PublishError(f"mastodon {self.config.id}: no token configured to publish")
        target = reply_to.removeprefix("mastodon:") if reply_to else None

        async def send() -> PublishResult:
            posting = False  # whether this try got as far as its POST (or the look before it)
            try:
                visibility, parent = await self._visibility(target)
                if parent is not None and (problem := self._unreached(
                        text, target or "", parent, visibility)) is not None:
                    raise PublishError(problem)
                warning = _content_warning(parent)
                if warning is not None and (problem := await self._over_with(
                        text, warning, target or "")) is not None:
                    raise PublishError(problem)
                posting = True
                return await self._guard.send(
                    idempotency_key,
                    post=lambda: self._post(text, target, idempotency_key, visibility,
                                            warning),
                    look=lambda since: self._already_posted(text, target, since=since),
                    certain=(RateLimited, SourceAuthError), maybe_published=maybe_published,
                    attempted_since=attempted_since)
            except RateLimited:
                raise  # the approval retries after the wait
            except SourceAuthError as exc:  # reading the post answered, or the post
                if maybe_published or idempotency_key in self._guard.ambiguous:
                    # refused before this try's look: an earlier try may have posted (before
                    # the token was revoked), so not "nothing was posted" (drafted again, it
                    # answered twice); unconfirmed, as a failed look is
                    raise PublishNotSent(
                        f"mastodon {self.config.id}: {str(exc).removeprefix('mastodon: ')}; "
                        f"an earlier try may have posted it already: {TOKEN_HINT}") from exc
                raise PublishError(
                    f"mastodon {self.config.id}: {str(exc).removeprefix('mastodon: ')}; nothing "
                    f"was posted: {TOKEN_HINT}, then draft it again") from exc
            except SourceError as exc:  # a timeout, a 5xx, an unreadable answer; none found;
                # the look for an earlier attempt's post refused (LookFailed): it may have
                # posted, so unconfirmed, with what the token needs
                hint = (f"; {TOKEN_HINT}" if isinstance(exc, LookFailed)
                        and isinstance(exc.__cause__, SourceAuthError) else "")
                if not posting:  # reading the post it answers: this try posted nothing
                    earlier = maybe_published or idempotency_key in self._guard.ambiguous
                    raise PublishNotSent(
                        f"mastodon: publish failed before its post was sent: {exc}; "
                        + ("this try posted nothing (an earlier one may have)" if earlier
                           else "nothing was posted yet")) from exc
                # the look before the POST failing: this try posted nothing (an earlier one
                # may have, which is why it looked, and which its record says)
                failed = PublishNotSent if isinstance(exc, LookFailed) else PublishUncertain
                raise failed(f"mastodon: publish failed: {exc}{hint}") from exc

        return await self._done.once(idempotency_key, send)

    async def _visibility(self, target: str | None) -> tuple[str, dict[str, Any] | None]:
        """The source's ``visibility``, or the post's when that is more private: a reply to a
        direct message or a followers-only post must not go out on the public timelines, as
        Mastodon's composer keeps it (privacyPreference). A post the server cannot find
        (deleted, or not visible to the token) leaves the source's: the POST then says it is
        gone. With it, the post read (``None``: a new post, or none found)."""
        if target is None:
            return self.config.visibility, None
        answer = await self.api.find(f"/api/v1/statuses/{quote(target, safe='')}", token=True)
        if answer is None or not isinstance(answer.payload, dict):
            return self.config.visibility, None
        seen = answer.payload.get("visibility")
        if seen not in _PRIVACY:  # a server's own ('limited', Akkoma's 'local') or none that
            seen = "direct"  # reads: never more visible than a direct message
        if _PRIVACY.index(seen) <= _PRIVACY.index(self.config.visibility):
            return self.config.visibility, answer.payload
        return str(seen), answer.payload

    async def _over_with(self, text: str, warning: str, target: str) -> str | None:
        """Why ``text`` with the content ``warning`` it keeps is too long, or None: Mastodon
        counts a status's warning with its text (StatusLengthValidator), and the draft was
        weighed without it (the post it answers is read when it publishes)."""
        limits = await self.limits.get()
        count = characters(text, per_url=limits.per_url) + graphemes(warning)
        over = count - limits.max_characters
        if over <= 0:
            return None
        return (f"mastodon {self.config.id}: the post to reply to ({one_line(target, 100)}) is "
                f"behind a content warning ('{one_line(warning, 80)}'), which the reply keeps "
                f"and Mastodon counts with its text: {count:,} characters, {over:,} over the "
                f"{limits.max_characters:,} of {self.limits.instance}; nothing was posted: "
                f"shorten the reply by {over:,} and draft it again")

    def _unreached(self, text: str, target: str, parent: dict[str, Any],
                   visibility: str) -> str | None:
        """Why a reply going out with ``visibility`` would not reach the author of
        ``parent``, or None. Mastodon shows a direct status only to the accounts it mentions,
        and a followers-only one to this account's followers and those it mentions: a reply
        to a direct message, or one made followers-only because the post was, must mention
        the post's author (who need not follow the account)."""
        if visibility not in ("direct", "private") or self._reaches(text, parent):
            return None
        to = one_line(target, 100)
        if visibility == "private":
            if parent.get("visibility") != "private":
                return None  # the source's own choice, to a post anyone may read
            why = (f"the post to reply to ({to}) is for its author's followers only, and a "
                   "followers-only reply reaches only this account's followers and the "
                   "accounts it mentions;")
        elif self.config.visibility == "direct":
            why = (f"this source's visibility is direct (replying to {to}), which Mastodon "
                   "shows only to the accounts a reply mentions, and")
        else:
            why = (f"the post to reply to ({to}) is a direct message, which Mastodon shows "
                   "only to the accounts a reply mentions, and")
        return (f"mastodon {self.config.id}: {why} this text does not mention its author: "
                f"nothing was posted; draft it again mentioning {_acct(parent)}")

    def _reaches(self, text: str, parent: dict[str, Any]) -> bool:
        """Whether ``text`` mentions the author of ``parent``: a direct reply reaches only
        the accounts it mentions. A local author (``acct`` without a domain) is ``@name`` or
        ``@name@`` this server; a remote one ``@name@domain`` whole."""
        account = parent.get("account")
        acct = account.get("acct") if isinstance(account, dict) else None
        if not isinstance(acct, str) or not acct:
            return False
        acct = acct.lower()
        ours = {urlsplit(self.config.base_url).hostname or ""}
        if isinstance(account, dict) and isinstance(account.get("url"), str):
            ours.add(urlsplit(account["url"]).hostname or "")
        for m in _MENTIONED.finditer(text):
            said = m.group(1).lower()
            name, _, domain = said.partition("@")
            if said == acct or ("@" not in acct and name == acct and domain in ours):
                return True
        return False

    async def _post(self, text: str, target: str | None, key: str,
                    visibility: str | None = None, warning: str | None = None) -> PublishResult:
        """One POST /api/v1/statuses. Ambiguous outcomes (timeouts, transport errors, 5xx, an
        unreadable 200) are SourceErrors for the guard; a refusal that posted nothing for sure
        (422 and other 4xx) is a PublishError. Not sent while an answer said the rate limit is
        spent (``X-RateLimit-Remaining: 0``: the read of the post it answers, the POST before):
        ``RateLimited`` until ``X-RateLimit-Reset``, nothing sent (it drew a 429 before)."""
        self.api.check_budget("publish")
        body: dict[str, Any] = {"status": text,
                                "visibility": visibility or self.config.visibility}
        if target:
            body["in_reply_to_id"] = target
        if warning:
            body["spoiler_text"] = warning
        if self.config.language:
            body["language"] = self.config.language.strip().lower()
        headers = {**self.api.headers(token=True), "Idempotency-Key": key}
        url = self.config.base_url.rstrip("/") + "/api/v1/statuses"
        try:
            response = await self.client.post(url, json=body, headers=headers,
                                              timeout=self.config.timeout)
        except httpx.HTTPError as exc:
            raise SourceError(f"mastodon: publish: {type(exc).__name__}") from exc
        self.api.note_limits(response.headers)  # the next publish waits for a spent one's reset
        if response.status_code in (401, 403):
            # revoked, expired or mistyped (401), or without write:statuses (403): nothing was
            # created, and only a new token helps
            said = server_error_text(response)
            raise PublishError(
                f"mastodon {self.config.id}: the server refused the token "
                f"({response.status_code}{': ' + said if said else ''}); nothing was posted: "
                "make a new access token with write:statuses (Preferences → Development → "
                "your application) and set it as this source's token, then draft it again")
        if response.status_code == 429 or response.status_code >= 500:
            self.api.raise_for(response, "publish")
        if response.status_code == 404 and target:
            # Mastodon's answer for an in_reply_to_id it cannot find or may not show (deleted
            # since the mention, or its author blocked us): nothing was created
            said = server_error_text(response)
            raise PublishError(
                f"mastodon: the status to reply to ({target} on {self.config.base_url.rstrip('/')}"
                f") is gone or not visible to this account (the server answered 404"
                f"{': ' + said if said else ''}); nothing was posted")
        if response.status_code >= 400:
            raise PublishError(f"mastodon: publish answered {response.status_code}: "
                               f"{server_error_text(response)}".rstrip(": "))
        try:
            # weighed as a polled page is (an answer may hold 32 MB); one that cannot be cut
            # to fit is ``PageTooHeavy``, a SourceError: the retry looks before it posts again
            payload = await json_page(response.content, "mastodon: publish answer")
        except ValueError as exc:
            raise MalformedPayload("mastodon: publish answer is not JSON") from exc
        status_id = payload.get("id") if isinstance(payload, dict) else None
        if not isinstance(status_id, str) or not status_id:
            raise MalformedPayload(
                f"mastodon: publish answer has no id: {head_of(response.content)}")
        return _result(payload, self.config.base_url)

    async def _already_posted(self, text: str, target: str | None, *,
                              since: datetime | None) -> PublishResult | None:
        """Our recent status with the same reply target and the same text, made at or after
        ``since`` (``is_ours``), posted with this token's application or one an earlier
        attempt's claim recorded (``posted_as``), if one landed."""
        me = await self._account()
        app = await self._own_app()
        # an earlier attempt that posted as another account (the token swapped for another
        # account's) raises: its post is on that account's timeline, which this look skips
        apps = {p.app for p in earlier_posters(Poster(me, server=self.server),
                                                now="the token now posts")
                if p.app is not None}
        params = {"limit": str(PAGE), "exclude_reblogs": "true"}
        for _ in range(LOOK_PAGES):  # the account may have posted a lot since the attempt
            answer = await self.api.get(
                f"/api/v1/accounts/{quote(me, safe='')}/statuses", params=params,
                token=True)
            statuses = status_list(answer.payload, what="own statuses")
            oldest: datetime | None = None
            for status in statuses:
                if not isinstance(status, dict):
                    continue
                made = oldest = _created(status)
                if status.get("in_reply_to_id") != target:
                    continue
                content = status.get("content")
                if (isinstance(content, str) and _same_text(content, text)
                        and is_ours(made, since, what=f"mastodon: status {status.get('id')}")
                        and self._posted_with(status, app, earlier=apps)):
                    return _result(status, self.config.base_url)
            if since is not None and oldest is not None and oldest < since:
                return None  # newest first: the rest is older still
            older = link_params(answer.headers.get("Link"), "next").get("max_id")
            if older is None and statuses and isinstance(statuses[-1], dict):
                older = str(statuses[-1].get("id") or "") or None
            if not statuses or older is None:
                return None
            params["max_id"] = older
        if since is None:  # nobody knows when publishing began: as many as it reads
            return None
        # not back to the first attempt yet: ours may be further back, so 'not seen' is not
        # 'not posted' (posting again would make it twice); the try stays unconfirmed
        raise SourceError(f"mastodon: the look for the post read the account's newest "
                          f"{LOOK_PAGES * PAGE} statuses without reaching the first attempt")


    async def _account(self) -> str:
        """Our account's id on this server (``verify_credentials``, asked once it answers)."""
        if self._me is None:
            answer = await self.api.get("/api/v1/accounts/verify_credentials", token=True)
            self._me = normalize_account(answer.payload).id
        return self._me

    async def posted_as(self) -> str | None:
        """Who this token posts as (``SignedPublisher``), recorded with each publishing claim
        before its post: its application's name, which Mastodon puts on each status it posts,
        and the account's id on this server (``Poster.record``). The look before a retry
        compares a status's application with these, not only with the token's
        in use then: the operator may have swapped the token for another application's
        between an attempt's post and its retry, and the retry took the attempt's post for
        one made by hand and posted the reply again (where the server ignores
        ``Idempotency-Key``, or an hour later). The text, reply target and time the look
        already asks cannot tell a reply made by hand apart, and the visibility neither (the
        composer makes a reply as private as its post, as we do): what made the post is the
        one mark of ours it carries. None when the server says neither (each asked once it
        answers; a failure said in a line, as the look says it)."""
        try:
            me: str | None = await self._account()
        except SourceError as exc:  # a refused token, a timeout, a 429: the POST says so
            log.info("mastodon %s: verify_credentials did not say who the account is (%s): "
                     "this attempt's claim does not record it", self.config.id,
                     one_line(str(exc), 200))
            me = None
        try:
            app = await self._own_app()
        except SourceError:  # a 429: the POST is put off with it
            app = None
        if app is not None and (len(app) > MAX_APP or not app.isprintable()):
            app = None  # a server's hostile name is not recorded: the look compares as before
        if me is None and app is None:
            return None
        return Poster(me, server=self.server, app=app).record()

    async def _own_app(self) -> str | None:
        """The name of the application this token belongs to (``GET
        /api/v1/apps/verify_credentials``, asked once it answers), or None when the server does
        not say: a Mastodon before 4.3 asks the token for the ``read`` scope, which one made
        with read:statuses and read:accounts lacks (403); a server without the route (404).
        Said in one line; a timeout or a 5xx is asked again at the next look."""
        if self._app is not None or self._app_unsaid:
            return self._app
        path = "/api/v1/apps/verify_credentials"
        try:
            answer = await self.api.find(path, token=True)
        except RateLimited:
            raise  # the look is put off with the publish
        except SourceError as exc:
            refused = isinstance(exc, SourceAuthError)
            self._app_unsaid = refused
            log.info("mastodon %s: %s did not say which application the token is (%s): a "
                     "status of the same text and reply target posted by hand since the "
                     "approval can be taken for its post%s", self.config.id, path,
                     one_line(str(exc), 200), "" if refused else "; asked again next time")
            return None
        name = answer.payload.get("name") if answer is not None and isinstance(
            answer.payload, dict) else None
        if not isinstance(name, str) or not name:
            self._app_unsaid = True
            log.info("mastodon %s: %s did not say which application the token is (%s): a "
                     "status of the same text and reply target posted by hand since the "
                     "approval can be taken for its post", self.config.id, path,
                     "404: no such route" if answer is None else "no name in its answer")
            return None
        self._app = name
        return name

    def _posted_with(self, status: dict[str, Any], app: str | None, *,
                     earlier: set[str]) -> bool:
        """Whether ``status``, of our text and reply target, can have been posted by this
        token's application ``app`` or one an earlier attempt's claim recorded (``earlier``):
        Mastodon shows the account's own token the application each of its statuses was
        posted with (entities/Status ``application``; its serializer's
        ``show_application?``), "Web" for the web interface. A status that names none (a
        server that shows none), or a token whose application is not known, is ours as
        before: then nothing tells a post made by hand apart."""
        shown = status.get("application")
        name = shown.get("name") if isinstance(shown, dict) else None
        if app is None or not isinstance(name, str) or name == app or name in earlier:
            return True
        log.warning("mastodon %s: status %s has the approval's text and reply target but was "
                    "posted with '%s', not with this token's application '%s': someone's post "
                    "made by hand, not this publish's, which posts", self.config.id,
                    one_line(str(status.get("id")), 40), one_line(name, 80), one_line(app, 80))
        return False


def _content_warning(parent: dict[str, Any] | None) -> str | None:
    """The content warning (``spoiler_text``) of the post a reply answers, or None: a reply
    keeps it, as Mastodon's composer copies it (reducers/compose.js, COMPOSE_REPLY), so what
    the customer hid behind it is not answered in the open."""
    said = parent.get("spoiler_text") if parent is not None else None
    # one that shows nothing (spaces, a zero-width space) would hide the reply behind a blank
    return said.strip() if isinstance(said, str) and not is_blank(said) else None


# what a publish refused for its token says to do
TOKEN_HINT = ("make a new access token with read:statuses, read:accounts and write:statuses "
              "(Preferences → Development → your application) and set it as this source's "
              "token")
# the look before a retry reads our newest 1,000 statuses at most (25 requests, of the 300
# in 5 minutes Mastodon allows an account), back to the first attempt
LOOK_PAGES = 25
MAX_APP = 100  # characters of an application's name recorded with a claim (Mastodon allows 60)
_MENTION_DOMAIN = re.compile(r"(?<![\w@])(@[\w.-]+)@[\w.-]+\w")


def _same_text(content: str, text: str) -> bool:
    """The HTML Mastodon rendered shows mentions without their domain and collapses spaces;
    compare the sent text the same way."""
    shown = " ".join(html_to_text(content).text.split())
    sent = " ".join(_MENTION_DOMAIN.sub(r"\1", text).split())
    return shown == sent


def _created(status: dict[str, Any]) -> datetime | None:
    """A status's ``created_at``, or None when it has none that reads."""
    try:
        return parse_time(status.get("created_at"))
    except MalformedPayload:
        return None


def _result(status: dict[str, Any], base_url: str) -> PublishResult:
    """Our status as published: its ``url``, else its ``uri``, only when on our own server
    (``base_url``'s host and port), where a status we posted is: the approval card links to
    it, and a server naming another host's page (a phishing one) would have the team open it
    as their post. Neither there: no address, said in a warning line (the card names the id)."""
    ours = server_of(base_url)
    for key in ("url", "uri"):
        value = status.get(key)
        if isinstance(value, str) and value and server_of(value) == ours:
            return PublishResult(id=str(status["id"]), url=value)
    shown = next((v for k in ("url", "uri") if isinstance(v := status.get(k), str) and v), None)
    if shown is not None:
        log.warning("mastodon: published status %s is addressed off this server (%s, not %s): "
                    "no link kept, the card names its id", one_line(str(status["id"]), 40),
                    one_line(shown, 120), ours)
    return PublishResult(id=str(status["id"]))
