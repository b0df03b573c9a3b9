"""The Hacker News source: Algolia ``search_by_date`` over ``created_at_i`` windows.

For each query the poll asks for ``created_at_i >= t - LATE_INDEXING`` (never before the first
run's backfill) and ``created_at_i <= now``, where ``t`` is the time of the newest hit read so
far. The cursor (JSON in the store) keeps ``t`` and the ids read in the ``LATE_INDEXING`` before
it (``recent``), so items sharing the boundary second are neither lost nor doubled, and an item
Algolia indexes late, after a newer one was read, is still caught within that span. A hit
that cannot be read, or is dated more than ``FUTURE_SKEW`` past ``now``, is skipped and does
not move ``t``.

Algolia returns at most 1,000 hits per query (``paginationLimitedTo``). When ``nbHits`` says a
window holds more than one page returns, the window is split in halves and each half is asked
again, recursively, down to a single second; only a full page is split (a short one that
claims more could not show more in any half), and a full page is split as well when ``nbHits``
is missing or approximate, unless the server ignores the window (a hit dated outside it).

A hit of that span read before, indexed again with other words or links (HN lets an item's
text be edited for two hours, and hn-search indexes it again, same id and time), is an edit of
its post (``revision`` edit); the cursor keeps a digest of each one's words (``words``).

Lookup (``lookup``, for ``why``): one item by its address, from Algolia's items API, turned
into the hit search would give for it and normalised as polled (``HackerNewsSource.lookup``).

Hacker News has no write API: there is no publisher for this network.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bot.core.errors import (
    UNREADABLE,
    MalformedPayload,
    RateLimited,
    SkipLog,
    SourceAuthError,
    SourceError,
    unreadable,
)
from bot.core.models import Mention
from bot.core.ports import Clock, SourceCursorStore
from integrations.social.common.cursor import FUTURE_SKEW, load_cursor
from integrations.social.common.dating import AHEAD_TOLERANCE
from integrations.social.common.jsonpage import json_page
from integrations.social.common.paging import as_asked
from integrations.social.hackernews.config import HackerNewsSourceConfig
from integrations.social.hackernews.parse import (
    WEB_URL,
    hit_of_item,
    hit_time,
    item_id_of,
    normalize_hit,
    parse_search,
)
from integrations.social.rss.source import DEFAULT_USER_AGENT, retry_after

log = logging.getLogger(__name__)

MAX_HITS = 1000  # Algolia's pagination cap per query
MAX_ID = 100  # characters of an objectID kept in the cursor (real ones have eight digits)
# HN Search indexes items behind HN, by seconds to hours (algolia/hn-search#56; its crawler,
# app/workers/hacker_news_realtime_crawler.rb, refreshes ranges of ids by cron): an item
# written before the newest hit read can be indexed after it. Each poll asks again this far
# behind the cursor, and the ids read in that span are kept so that none is read twice.
LATE_INDEXING = 15 * 60  # seconds
MAX_RECENT = 5000  # ids kept for that span, per query
DIGEST = 12  # hex digits kept per id of that span: what its words and links were


def _digest(mention: Mention) -> str:
    """What an item's words and links are, to tell an edit from the same words indexed again
    (for its points or comment count)."""
    return hashlib.sha1("\n".join((mention.text, *mention.links)).encode()).hexdigest()[:DIGEST]


def _updated(hit: Mapping[str, Any], created: datetime, now: datetime) -> datetime:
    """When an item read as edited was edited: the hit's ``updated_at`` (when hn-search last
    indexed it, an ISO time) when it reads as one between the item's time and
    ``AHEAD_TOLERANCE`` past ``now`` (hn-search's clock a little ahead of ours, taken as an
    item's own time is: ``latest`` in ``poll``), so the same edit read again (a process killed
    before its cursor was written, or a poller stalled past its lease and the one that took
    over) is the same edit; else ``now``. Dated by the reading clock, an ``updated_at`` even
    a second ahead was a second edit when read again (a second card edit and thread note)."""
    value = hit.get("updated_at")
    if isinstance(value, str) and len(value) <= 40:
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            when = None
        if (when is not None and when.tzinfo is not None
                and created <= when <= now + AHEAD_TOLERANCE):
            return when.astimezone(UTC)
    return max(now, created)


class HackerNewsSource:
    network = "hackernews"

    def __init__(self, config: HackerNewsSourceConfig, *, store: SourceCursorStore,
                 client: httpx.AsyncClient, clock: Clock, hits_per_page: int = MAX_HITS,
                 web_url: str = WEB_URL) -> None:
        self.config = config
        self.store = store
        self.client = client
        self.clock = clock
        self.hits_per_page = min(hits_per_page, MAX_HITS)
        self.web_url = web_url
        self.skipped = SkipLog()
        self.requests = 0  # search calls made, for logs and tests of the window split

    @property
    def id(self) -> str:
        return self.config.id

    def _skip(self, reason: str) -> None:
        log.warning("hackernews source %s: %s", self.id, reason)
        self.skipped.append(reason)
        del self.skipped[:-200]

    async def _search(self, query: str, lo: int, hi: int) -> Any:
        params = {
            "query": query,
            "tags": "(" + ",".join(self.config.tags) + ")",
            "numericFilters": f"created_at_i>={lo},created_at_i<={hi}",
            "hitsPerPage": str(self.hits_per_page),
            "page": "0",
        }
        self.requests += 1
        return await self._get("/api/v1/search_by_date", params, "search")

    async def _get(self, path: str, params: dict[str, str], what: str, *,
                   missing_ok: bool = False) -> Any:
        """The decoded JSON body of a GET on the Algolia API; None for a 404 when
        ``missing_ok``."""
        url = self.config.base_url.rstrip("/") + path
        try:
            response = await self.client.get(
                url, params=params, timeout=self.config.timeout,
                headers={"User-Agent": self.config.user_agent or DEFAULT_USER_AGENT})
        except httpx.TimeoutException as exc:
            raise SourceError(f"hackernews: {what} timed out") from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"hackernews: {what} failed: {type(exc).__name__}") from exc
        status = response.status_code
        # a 503 with Retry-After says how long the service expects to be down (RFC 9110
        # section 10.2.3): waited like a 429, as the RSS source does
        if status == 429 or (status == 503 and "retry-after" in response.headers):
            raise RateLimited(f"hackernews: {what} answered {status}",
                              retry_after=retry_after(response.headers, self.clock(),
                                                      default=60.0))
        if status in (401, 403):
            raise SourceAuthError(
                f"hackernews: {url} refused access ({status}); the Algolia API asks for no "
                "login: check base_url, and whether a proxy or firewall refuses this client "
                "(user_agent)")
        if status == 404 and missing_ok:
            return None
        if status >= 400:
            raise SourceError(f"hackernews: {what} answered {status}")
        try:
            return await json_page(response.content, f"hackernews: {what}")
        except ValueError as exc:
            raise MalformedPayload(f"hackernews: {what} body is not JSON") from exc

    async def lookup(self, url: str) -> Mention | None:
        """The item at ``https://news.ycombinator.com/item?id=N``, from the Algolia items API
        (``GET /api/v1/items/N`` on ``base_url``, the index the search reads), as the hit
        search would give for it, normalised as a polled one. A missing (404), dead or
        deleted item is None."""
        item_id = item_id_of(url, self.web_url)
        if item_id is None:
            return None
        payload = await self._get(f"/api/v1/items/{item_id}", {}, "item", missing_ok=True)
        if payload is None:
            return None
        hit = hit_of_item(payload, item_id)
        return None if hit is None else normalize_hit(hit, source=self.id, web_url=self.web_url)

    async def _window(self, query: str, lo: int, hi: int) -> list[dict[str, Any]]:
        """Every hit with lo <= created_at_i <= hi, splitting the window past the cap."""
        payload = await self._search(query, lo, hi)
        hits = payload.get("hits") if isinstance(payload, Mapping) else None
        answered: list[Any] = hits if isinstance(hits, list) else []
        if len(answered) > self.hits_per_page:
            # more than the page asked for: only its first hitsPerPage are read (see
            # ``as_asked``), and the rest counted below unless the window is split
            payload = {**payload, "hits": answered[:self.hits_per_page]}
        page = parse_search(payload)
        # a hit that is not an object was still sent: counting only the readable ones made
        # the window look past the cap, and split it down to single seconds
        sent = len(answered)
        # only a full page can hide more: a page short of it that claims more (nbHits 10**30)
        # claims it of every half too, and splitting sent two requests per second of the
        # window (7,199 for a first poll's hour). A full page hides more when nbHits says so,
        # or when nbHits is missing or approximate and so cannot say it does not. A server
        # that ignores the window (a hit outside it) is not split: every half would get the
        # same page back.
        full = sent >= self.hits_per_page
        more = page.nb_hits > sent or (full and not page.nb_hits_exact)
        if not full or not more or hi <= lo or self._outside(page.hits, lo, hi):
            as_asked(answered, self.hits_per_page, what=f"hackernews: search for {query!r}",
                     source=f"hackernews source {self.id}", skipped=self.skipped)
            for _ in range(page.not_objects):
                self._skip(f"a hit for {query!r} is not an object")
            if more:
                when = f"second {lo}" if hi <= lo else f"seconds {lo} to {hi}"
                claimed = (f"{page.nb_hits} hits" if page.nb_hits > sent
                           else f"a full page of {sent} hits, maybe more,")
                self._skip(f"{claimed} in {when} for {query!r}: "
                           f"only {len(page.hits)} can be read")
            return [dict(h) for h in page.hits]
        mid = (lo + hi) // 2
        older = await self._window(query, lo, mid)
        newer = await self._window(query, mid + 1, hi)
        # a hit both halves answered (a damaged date, which no window holds) is one hit: read,
        # or skipped and counted, once
        known = {h.get("objectID") for h in older if isinstance(h.get("objectID"), str)}
        return older + [h for h in newer if h.get("objectID") not in known]

    @staticmethod
    def _outside(hits: Sequence[Mapping[str, Any]], lo: int, hi: int) -> bool:
        """Whether the page is one of a server that ignores the window asked for: most of its
        dated hits are outside it (a half asked of such a server gets the newest page back,
        all of it outside). One hit dated outside among hits inside is a damaged date, which
        is skipped when read: it stopped the split, and the rest of the window was lost. A
        hit whose date cannot be read says nothing here."""
        dated = outside = 0
        for hit in hits:
            try:
                outside += not lo <= hit_time(hit) <= hi
            except MalformedPayload:
                continue
            dated += 1
        return outside * 2 > dated

    def _read_hits(self, hits: Sequence[Mapping[str, Any]], lo: int,
                   boundary: Mapping[str, int], *, latest: int,
                   digests: Mapping[str, str] | None = None, now: datetime | None = None,
                   others: Sequence[Mapping[str, Any]] = (),
                   ) -> tuple[list[Mention], int, dict[str, int], dict[str, str]]:
        """The mentions of one query's hits, and the newest second and ids among the hits
        placed in time: a hit whose time cannot be read, or is past ``latest``, is skipped
        and moves nothing (10**30 emptied every later window); a hit with a time but nothing
        else readable is skipped and still moves the cursor past it (it was fetched and
        skipped again every poll while it was the newest).

        A hit read by an earlier poll (in ``boundary``) whose words or links changed since
        (``digests``: what each was) is an edit of its post, dated by ``_updated``: HN lets a
        comment or a story's text be edited for two hours and hn-search indexes it again, same
        id and ``created_at_i``; so is a hit new to this query that another query of the source
        read (``others``: their digests) with other words. Returned too: each hit's digest, for
        the next poll."""
        mentions: list[Mention] = []
        newest = max([lo, *boundary.values()])
        placed: dict[str, int] = {}
        seen: dict[str, str] = {}
        kept = digests or {}
        before = 0
        for hit in hits:
            try:
                when = hit_time(hit)
                # the boundary ids are kept in the cursor: a hostile id is kept short there
                object_id = str(hit.get("objectID"))[:MAX_ID]
                if object_id in boundary:  # read by an earlier poll, in the span asked again
                    # an edit keeps its item's time: one dated otherwise is no edit of it
                    same = when == boundary[object_id]
                    edit = self._edit(hit, kept.get(object_id) if same else None, seen, now)
                    if edit is not None:
                        mentions.append(edit)
                    continue
                if when < lo:  # a server that ignores numericFilters: read by an earlier
                    # poll (or older than the backfill); past dedup's window, new again
                    before += 1
                    continue
                if when > latest:
                    raise MalformedPayload(f"hackernews: item {object_id[:40]} is dated "
                                           f"{when}, past our clock")
            except UNREADABLE as exc:
                self._skip(unreadable(exc))
                continue
            newest = max(newest, when)
            placed[object_id] = when
            try:
                mention = normalize_hit(hit, source=self.id, web_url=self.web_url)
            except UNREADABLE as exc:
                self._skip(unreadable(exc))
                continue
            if mention is None:
                self._skip(f"item {hit.get('objectID')} is dead or deleted")
                continue
            seen[object_id] = _digest(mention)
            was = next((w[object_id] for w in others or () if isinstance(
                w.get(object_id), str)), None)
            if was is not None and was != seen[object_id] and now is not None:
                # new to this query, read by another of the source's before, with other
                # words: an edit that brought this query's words (and maybe took the other's)
                mention = mention.model_copy(update={
                    "revision": "edit", "revised_at": _updated(hit, mention.created_at, now)})
            mentions.append(mention)
        if before:
            reason = (f"{before} hit(s) dated before the window asked for (created_at_i>="
                      f"{lo}; a damaged date, or a server that ignores numericFilters): left "
                      "out")
            log.warning("hackernews source %s: %s", self.id, reason)
            self.skipped.append(reason, count=before)
        return mentions, newest, placed, seen

    def _edit(self, hit: Mapping[str, Any], was: str | None, seen: dict[str, str],
              now: datetime | None) -> Mention | None:
        """A hit read before, asked again: the edit it is when its words or links are not
        those read (``was``), else None. No digest kept (a cursor of a release before, or
        an item that was skipped): this version is where its edits count from."""
        object_id = str(hit.get("objectID"))[:MAX_ID]
        try:
            mention = normalize_hit(hit, source=self.id, web_url=self.web_url)
        except UNREADABLE:
            return None  # a damaged re-index of a post read already: its card stays
        if mention is None:
            return None  # dead or deleted since: a lookup cannot tell which (see docs)
        digest = _digest(mention)
        seen[object_id] = digest
        if was is None or was == digest or now is None:
            return None
        return mention.model_copy(update={
            "revision": "edit", "revised_at": _updated(hit, mention.created_at, now)})

    async def poll(self) -> Sequence[Mention]:
        cursor = await load_cursor(self.store, self.id)
        stored = cursor.get("queries")
        states: dict[str, Any] = stored if isinstance(stored, dict) else {}
        now = self.clock()
        hi = int(now.timestamp())
        latest = hi + int(FUTURE_SKEW.total_seconds())
        out: dict[str, Mention] = {}
        words_of = {q: v["words"] for q, v in states.items()
                    if isinstance(v, dict) and isinstance(v.get("words"), dict)}
        for query in self.config.queries:
            others = [words for q, words in words_of.items() if q != query]
            state = states.get(query) if isinstance(states.get(query), dict) else None
            if state and isinstance(state.get("t"), int) and state["t"] > latest:
                # saved before hits from the future were skipped: every window after it is empty
                log.warning("hackernews source %s: ignoring cursor %s of %r, past the clock",
                            self.id, state["t"], query)
                state = None
            boundary: dict[str, int] = {}
            digests: dict[str, str] = {}
            if state and isinstance(state.get("t"), int):
                words = state.get("words")
                if isinstance(words, dict):
                    digests = {str(k)[:MAX_ID]: v for k, v in words.items()
                               if isinstance(v, str) and len(v) <= DIGEST}
                t = state["t"]
                kept = state.get("recent")
                if isinstance(kept, dict):
                    boundary = {str(k)[:MAX_ID]: v for k, v in kept.items()
                                if isinstance(v, int) and not isinstance(v, bool)}
                for object_id in state.get("ids") or []:  # a cursor of a release before
                    boundary.setdefault(str(object_id)[:MAX_ID], t)
                floor = state.get("floor")
                # asked again LATE_INDEXING behind, never before the first run's backfill
                lo = max(t - LATE_INDEXING, floor if isinstance(floor, int) else 0)
            else:  # first run: only the backfill window
                t = lo = int((now - timedelta(minutes=self.config.backfill_minutes)).timestamp())
                floor = lo
            hits = await self._window(query, lo, hi)
            # comments are HTML: parsed on a worker thread, so a hostile one never holds the
            # event loop (see MastodonSource._read)
            mentions, newest, placed, seen = await asyncio.to_thread(
                self._read_hits, hits, lo, boundary, latest=latest, digests=digests, now=now,
                others=others)
            for mention in mentions:
                # two queries may match one item: its edit, when one query read it as one
                if mention.id not in out or (mention.revision and not out[mention.id].revision):
                    out[mention.id] = mention
            newest = max(newest, t)
            recent = sorted(((w, i) for i, w in {**boundary, **placed}.items()
                             if w >= newest - LATE_INDEXING), reverse=True)[:MAX_RECENT]
            words = {**digests, **seen}
            states[query] = {"t": newest, "ids": sorted(i for w, i in recent if w == newest),
                             "recent": {i: w for w, i in recent},
                             "words": {i: words[i] for w, i in recent if i in words},
                             **({"floor": floor} if isinstance(floor, int) else {})}
        await self.store.set_cursor(self.id, json.dumps({"queries": states}))
        return sorted(out.values(), key=lambda m: m.created_at)
