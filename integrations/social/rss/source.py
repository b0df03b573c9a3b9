"""The RSS/Atom source: polls any number of feed URLs with conditional GETs.

Cursor (JSON, in the store): per feed URL its ``etag``, ``modified`` (Last-Modified) and the
ids of the entries in the last document seen, then those of the documents before it, up to
``MAX_SEEN`` (``last``: how many are the last document's). A 304 means nothing new; otherwise
every entry whose id was not seen is new: a feed that answers an empty, truncated or older
document once does not make the entries it left out new again; ``words``, as far back, the
digests of their links and words: an entry under a new id with those of one read before is that
entry (a feed whose guids change at every fetch). The first poll of a feed is
quiet: only entries newer than ``backfill_minutes`` are returned, the rest are remembered as
seen. Entries it cannot
place in that history are left out then too, each kind counted in ``skipped`` with one line per
feed: undated ones, and ones dated more than ``AHEAD_TOLERANCE`` (an hour) ahead of our clock
(stamped when first seen, they would all read as new). An entry dated less than that ahead is
the feed's clock running fast: dated now, it is the newest and is read. Later polls read new
undated and far-ahead entries, dated when first seen.

Errors: a feed that is unreadable (``MalformedPayload``) or failing (5xx, timeout, 404) is
logged, counted in ``skipped`` and in ``failing_parts`` (source health alerts on a feed that
keeps failing), and left for the next poll, so one broken feed does not hide the others; a poll
in which every feed failed raises ``SourceError``. ``RateLimited`` and ``SourceAuthError`` (a
429, a 401/403) fail that feed like any other, and its 429's ``Retry-After`` is waited out
before it is asked again, while the source's other feeds are read; when every feed failed and
one of them refused, that refusal is raised: the runtime pauses the source. A feed not read
whole within the source's ``timeout`` (a server sending it slowly or without end) fails so too.
A ``Last-Modified`` more than ``AHEAD_TOLERANCE`` ahead of our clock is not sent back
(``_ahead``). A 301 or 308 on the way is said once per new address in the log, and at every
poll in ``moved_feeds`` (the source's ``status`` line names it), and a redirected document's
relative links resolve against where it was read from; a feed read from where another of the
source's feeds is read fails (``_read_once``). An entry read before whose ``updated``
is later than the one read and whose words or link changed is returned again as an edit
(``revision`` "edit", ``_edited``); the cursor's ``versions`` keep, per entry of the last
document, what that is told by. Feeds offer no publishing: the package's ``NETWORK`` spec has
no publisher.
"""

from __future__ import annotations

import asyncio
import email.utils
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bot.core.durations import span
from bot.core.errors import (
    MalformedPayload,
    RateLimited,
    SkipLog,
    SourceAuthError,
    SourceError,
    rate_wait,
)
from bot.core.models import EARLIEST, Mention
from bot.core.ports import Clock, SourceCursorStore
from integrations.social.common.capped import ResponseTooLarge
from integrations.social.common.cursor import load_cursor
from integrations.social.common.dating import AHEAD_TOLERANCE
from integrations.social.rss.config import RssSourceConfig
from integrations.social.rss.guard import SHORTER
from integrations.social.rss.parse import feed_key, identity_url, parse_feed
from integrations.social.rss.zones import how_read

log = logging.getLogger(__name__)

MAX_BODY = 10 * 1024 * 1024  # a feed larger than this is not a feed
# characters of an ETag or Last-Modified sent back (real ones: 20-70); servers refuse a request
# header line past 8 KB (nginx, Apache) with 400
MAX_VALIDATOR = 1024
# ids kept per feed past those of the last document: a feed that answers an empty document
# once, or an older copy of itself (a CDN node behind), brought every entry gone from the
# last document back as new
MAX_SEEN = 1000
DEFAULT_USER_AGENT = "socialops/0.1 (+https://github.com/socialops/socialops)"
ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
          "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")


def validator(value: object) -> str | None:
    """A feed's ``ETag`` or ``Last-Modified`` as it can be sent back in ``If-None-Match`` /
    ``If-Modified-Since``; None for one that cannot. An ETag may hold bytes past ASCII (RFC
    9110's obs-text), which httpx reads as text and cannot send again (UnicodeEncodeError out
    of the poll, every poll, the source's other feeds unread); one of 100 KB is refused by
    the server (400) at every poll after it. Without it the feed is fetched whole each time:
    its entries are told apart by the ids seen."""
    if (isinstance(value, str) and 0 < len(value) <= MAX_VALIDATOR and value.isascii()
            and value.isprintable()):
        return value
    return None


def retry_after(headers: Mapping[str, str], now: datetime, *, default: float = 60.0) -> float:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    value = headers.get("retry-after")
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _ahead(http_date: str, now: datetime) -> bool:
    """Whether a stored ``Last-Modified`` is more than ``AHEAD_TOLERANCE`` ahead of ``now``:
    no origin may send one later than its own clock (RFC 9110 section 8.8.2.1), and sent
    back as ``If-Modified-Since`` it made a server that answers 304 when its file is not
    newer (a file with a future mtime, no ETag) call every version "not modified" until our
    clock reached it, the entries of those versions never read."""
    try:
        when = email.utils.parsedate_to_datetime(http_date)
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when > now + AHEAD_TOLERANCE


def _read_at(value: object) -> datetime | None:
    """When a feed's document was last read (its cursor's ``read``), None if unreadable."""
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


def _kept_ids(current: Sequence[str], before: object) -> list[str]:
    """This document's ids, then the ids seen before it (newest documents first), at most
    ``MAX_SEEN`` in all unless this document alone holds more."""
    older = [i for i in before if isinstance(i, str)] if isinstance(before, list) else []
    kept = list(dict.fromkeys([*current, *older]))
    return kept[:max(MAX_SEEN, len(current))]


def _digest(mention: Mention) -> str:
    """What an entry's words and link are, for telling an edit from a rebuilt document."""
    # the link as it names the entry: a session in it is new at each fetch (``identity_url``)
    link = identity_url(mention.url) if mention.url else mention.url
    return hashlib.sha1(f"{link}\n{mention.text}".encode()).hexdigest()[:16]


def _version(mention: Mention, updated: datetime | None, now: datetime) -> list[Any]:
    """What the cursor keeps of an entry it follows: its ``updated`` (0: none given), the
    digest of its words and link, and its date (seconds since the epoch). An ``updated``
    more than ``AHEAD_TOLERANCE`` ahead of ``now`` cannot be right (as a date so far ahead
    is not, ``parse``) and is kept as ``now``, the time it was read: a far one (year 9999, a
    CMS's placeholder) kept as written made every later ``updated`` read older, the entry's
    edits never counted again. One ahead within the tolerance (a publisher's clock) is kept."""
    return [_at(updated, now) if updated is not None else 0, _digest(mention),
            int(mention.created_at.timestamp())]


def _at(updated: datetime, now: datetime) -> int:
    return int((now if updated > now + AHEAD_TOLERANCE else updated).timestamp())


def _changed_at(last_modified: str | None, read: object, now: datetime) -> datetime:
    """When a document read at ``now`` changed, as every read of that document says it: its
    ``Last-Modified`` (RFC 9110 section 8.8.2, the origin's "date and time at which ... the
    selected representation was last modified"), unless missing, unreadable or more than
    ``AHEAD_TOLERANCE`` ahead of ``now``; else the feed's read before (its cursor's
    ``read``, which the reads of one position share); else ``now``. What an edit whose
    ``updated`` is more than ``AHEAD_TOLERANCE`` ahead of the clock is dated by: the reading
    clock's own time made two reads of one version (a process that stalled past its lease
    and the one that took over) two edits, each acted on. A ``Last-Modified`` not after the
    read before is no date of this version (a document changed since was modified since): a
    site built reproducibly serves every version with one (a Nix store's mtime, 1970-01-01
    00:00:01), which dated every edit alike, before the post, each later one dropped as the
    first read again."""
    try:
        said = email.utils.parsedate_to_datetime(last_modified) if last_modified else None
    except (TypeError, ValueError, IndexError, OverflowError):
        said = None
    before = _read_at(read)
    if before is not None and before > now:
        before = None
    if said is not None and said.tzinfo is not None and said <= now + AHEAD_TOLERANCE \
            and said > (before or EARLIEST):
        return said.astimezone(UTC)
    return before if before is not None else now


def _edited(mention: Mention, updated: datetime | None, was: object, now: datetime,
            changed: datetime | None = None) -> tuple[Mention | None, Any]:
    """An entry read before, as its publisher now gives it: the edit to act on (None when it
    is no edit) and what the cursor keeps of it. An edit is a later ``updated`` (RFC 4287
    section 4.2.15: "modified in a way the publisher considers significant") with other words
    or another link: a feed that stamps every entry with its build time edits nothing, nor does
    an older copy of the document. ``was``: the entry's kept version; 0, an entry left out as
    history (never followed); ``...``, none kept (read by a release before this one): this
    version is where its edits count from. ``changed``: when the document changed
    (``_changed_at``), the edit's date when its ``updated`` is more than ``AHEAD_TOLERANCE``
    ahead of ``now`` (default: ``now``); within it the ``updated`` is."""
    if was is ...:
        return None, _version(mention, updated, now)
    if not (isinstance(was, list) and len(was) == 3 and all(
            isinstance(v, int | str) for v in was)):
        return None, 0 if was == 0 else _version(mention, updated, now)
    at, digest, created = was
    if updated is None or not isinstance(at, int) or updated.timestamp() <= at:
        return None, was
    now_version = [_at(updated, now), _digest(mention),
                   created if isinstance(created, int) else 0]
    if now_version[1] == digest:
        return None, now_version
    try:
        when = datetime.fromtimestamp(created, tz=UTC) if isinstance(created, int) else None
        edit = mention.model_copy(update={
            "revision": "edit",
            # up to AHEAD_TOLERANCE ahead (a publisher's clock) as written, as a post's own
            # date is: dated otherwise while ahead and by itself once our clock passed it,
            # the same version read again after a lost write was a second edit
            "revised_at": (updated if updated <= now + AHEAD_TOLERANCE
                           else min(updated, changed or now)),
            "created_at": when if when is not None and when >= EARLIEST else mention.created_at})
    except (OverflowError, OSError, ValueError):
        return None, now_version
    return edit, now_version


class RssSource:
    network = "rss"

    def __init__(self, config: RssSourceConfig, *, store: SourceCursorStore,
                 client: httpx.AsyncClient, clock: Clock) -> None:
        self.config = config
        self.store = store
        self.client = client
        self.clock = clock
        self.skipped = SkipLog()  # why items or feeds were skipped, newest last
        self.failing: dict[str, str] = {}  # feed URL -> why it failed in the last poll
        self._moved: dict[str, str] = {}  # feed URL -> where a permanent redirect sent it
        # feed URL -> what to put in urls, of the feeds a permanent redirect sent elsewhere in
        # the last poll (``moved_feeds``: said in ``status`` while the old URL is configured)
        self.moved: dict[str, str] = {}
        self._waits: dict[str, datetime] = {}  # feed URL -> until when its 429 asked to wait
        # (feed URL, zone) whose reading was said: once a process, not once a poll
        self._zones_said: set[tuple[str, str]] = set()
        self._new_guids_said: set[str] = set()  # feed URLs whose guids change between fetches

    @property
    def id(self) -> str:
        return self.config.id

    def _say_zones(self, url: str, zones: set[str]) -> None:
        """Say once how a feed's dates in a zone RFC 822 does not name are read
        (``rss.zones``): a guess (IST, a name not known) as a warning."""
        for zone in sorted(zones):
            if (url, zone) in self._zones_said:
                continue
            self._zones_said.add((url, zone))
            guess, how = how_read(zone)
            log.log(logging.WARNING if guess else logging.INFO,
                    "rss source %s: %s: dates in zone %s %s", self.id, url, zone, how)

    def _say_new_guids(self, url: str, count: int) -> None:
        """Say once a process that a feed gives entries read before new ids (``_same``)."""
        if count and url not in self._new_guids_said:
            self._new_guids_said.add(url)
            log.warning("rss source %s: %s: %d entries came back under new ids with the links "
                        "and words of entries read before (its guids change between fetches): "
                        "taken as read", self.id, url, count)

    def _skip(self, reason: str) -> None:
        log.warning("rss source %s: %s", self.id, reason)
        self.skipped.append(reason)
        del self.skipped[:-200]

    async def _fetch(self, url: str, state: Mapping[str, Any]) -> httpx.Response:
        headers = {"User-Agent": self.config.user_agent or DEFAULT_USER_AGENT, "Accept": ACCEPT}
        # stored by a release that kept any: checked again
        if etag := validator(state.get("etag")):
            headers["If-None-Match"] = etag
        if (modified := validator(state.get("modified"))) and not _ahead(modified, self.clock()):
            headers["If-Modified-Since"] = modified
        limit = self.config.timeout
        try:
            # the whole fetch, redirects and body: httpx's timeout bounds each wait for bytes
            # alone, and a server sending a kilobyte a second was read for hours
            async with asyncio.timeout(limit):
                response = await self.client.get(url, headers=headers, timeout=limit,
                                                 follow_redirects=True)
        except TimeoutError as exc:
            raise SourceError(
                f"rss: {url} timed out: not read whole within the source's timeout of "
                f"{limit:g} s (its server sends it slowly, or without end); raise timeout if "
                "the feed is only slow") from exc
        except httpx.TimeoutException as exc:
            raise SourceError(f"rss: {url} timed out") from exc
        except httpx.HTTPError as exc:
            # one too large to hold: what to put in urls instead, as the guard says it
            fix = SHORTER if isinstance(exc, ResponseTooLarge) else ""
            raise SourceError(f"rss: {url} failed: {type(exc).__name__}: {exc}{fix}") from exc
        status = response.status_code
        if status == 429 or (status == 503 and "retry-after" in response.headers):
            raise RateLimited(f"rss: {url} answered {status}",
                              retry_after=retry_after(response.headers, self.clock()))
        if status in (401, 403):
            raise SourceAuthError(
                f"rss: {url} refused access ({status}); feeds are read without a login: use "
                "the feed's public URL, or a private feed's URL with its token in it")
        if status == 410:  # RFC 9110 section 15.5.11: likely permanent
            raise SourceError(f"rss: {url} answered 410: the feed is gone for good; remove it "
                              "from urls")
        if status >= 400:
            raise SourceError(f"rss: {url} answered {status}")
        if (size := len(response.content)) > MAX_BODY:
            raise MalformedPayload(f"rss: {url} is {size:,} bytes, more than the {MAX_BODY:,} a "
                                   f"feed is read with{SHORTER}")
        self._say_moved(url, response)
        return response

    def _say_moved(self, url: str, response: httpx.Response) -> None:
        """A 301 or 308 on the way (RFC 9110 section 15.4: "future references ... ought to
        use" the new URI) is said once per new address: the configured URL may stop
        redirecting one day (a lapsed domain) and the feed would go quiet unexplained."""
        hops = [*response.history, response]
        moved = next((str(hops[i + 1].request.url) for i in range(len(hops) - 2, -1, -1)
                      if hops[i].status_code in (301, 308)), None)
        if (moved is None or moved == url
                or moved in self.config.urls):  # in urls already: ``_read_once`` says it
            return
        status = next(h.status_code for h in reversed(hops[:-1]) if h.status_code in (301, 308))
        self.moved[url] = (f"{url} has moved for good to {moved} ({status}): put {moved} in "
                           "urls in place of it")
        if self._moved.get(url) == moved:
            return
        self._moved[url] = moved
        log.warning("rss source %s: %s has moved for good to %s (%d): put the new URL in "
                    "urls", self.id, url, moved, status)

    def _read_once(self, url: str, location: str, read_from: dict[str, str]) -> None:
        """Raises when the document ``url`` was read from (after redirects) is another of the
        source's feeds' (a feed listed under its old address and its new one, or two old ones):
        each of its entries was read twice, under each URL's ids, and alerted twice."""
        twin = location if location != url and location in self.config.urls else (
            read_from.get(location))
        if twin is not None and twin != url:
            raise SourceError(f"rss: {url} is read from {location}, as urls' {twin} is: each "
                              f"entry would be read twice; remove {url} from urls")
        read_from.setdefault(location, url)

    def failing_parts(self) -> dict[str, str]:
        """The feeds that failed in the last poll, with why (source health counts each)."""
        return dict(self.failing)

    def moved_feeds(self) -> dict[str, str]:
        """The feeds a 301 or 308 sent elsewhere in the last poll, with the URL to put in urls
        (the runtime keeps it with the poll's health, and ``status`` says it): a warning line
        once a process was all, and the day the old address stopped redirecting the feed went
        quiet with nothing anyone read to say why."""
        return dict(self.moved)

    async def poll(self) -> Sequence[Mention]:
        cursor = await load_cursor(self.store, self.id)
        stored = cursor.get("feeds")
        feeds: dict[str, Any] = stored if isinstance(stored, dict) else {}
        now = self.clock()
        out: list[Mention] = []
        changed = False
        failed: dict[str, str] = {}
        read_from: dict[str, str] = {}  # where a document was read this poll -> its feed URL
        first_error: SourceError | None = None
        refusal: SourceError | None = None  # the first 429 or 401/403, if any
        self.failing = failed
        self.moved = {}
        for url in self.config.urls:
            # kept under its feed_key; a cursor of a release before kept the URL as written
            key = feed_key(url)
            before = feeds.pop(url, None)
            if before is not None:
                feeds.setdefault(key, before)
                changed = True
            known = feeds.get(key)
            state: dict[str, Any] = known if isinstance(known, dict) else {}
            until = self._waits.get(url)
            if until is not None and now < until:  # its host asked to wait: not asked again
                waiting = RateLimited(f"rss: {url} is waiting out its Retry-After",
                                      retry_after=(until - now).total_seconds())
                failed[url] = str(waiting)
                first_error = first_error or waiting
                refusal = refusal or waiting
                continue
            try:
                response = await self._fetch(url, state)
                self._read_once(url, str(response.url), read_from)
                if response.status_code == 304:
                    continue
                # off the event loop: a feed may be up to MAX_BODY of markup to read
                told = state.get("told_apart")
                result = await asyncio.to_thread(
                    parse_feed, response.content, feed_url=url,
                    headers=dict(response.headers), source=self.id, first_seen=now,
                    told_apart=frozenset(d for d in told if isinstance(d, str))
                    if isinstance(told, list) else frozenset(),
                    location=str(response.url))
            except SourceError as exc:
                # a refusal (429, 401/403) is this feed's host's: the source's other feeds are
                # read; the source is paused only when every feed failed (below)
                if isinstance(exc, RateLimited):
                    # at most an hour (inf, a date in year 9999), as the runtime waits
                    self._waits[url] = now + timedelta(seconds=rate_wait(exc.retry_after))
                if isinstance(exc, RateLimited | SourceAuthError):
                    refusal = refusal or exc
                self._skip(str(exc))
                failed[url] = str(exc)
                first_error = first_error or exc
                continue
            if result.bozo:
                log.info("rss source %s: %s is damaged but readable (%s)", self.id, url,
                         result.bozo)
            self._say_zones(url, result.zones)
            for reason in result.skipped:
                self._skip(f"{url}: {reason}")
            stored_seen = state.get("seen")
            seen = set(stored_seen or [])
            # the ids of the last document alone: the first "last" of "seen" (all of it in a
            # cursor of a release before)
            last_n = state.get("last")
            last = set(stored_seen[:last_n]) if isinstance(last_n, int) and isinstance(
                stored_seen, list) else seen
            first_run = "seen" not in state
            # the digests of the entries of the documents read before (``_digest``): an entry
            # under a new id with the link and words of one of them is that entry (a feed
            # putting a session or its build time in each guid gave every entry a new id at
            # every fetch, and each was read again at every poll)
            stored_words = state.get("words")
            words = set(stored_words) if isinstance(stored_words, list) else set()
            digests = {m.id: _digest(m) for m in result.mentions}
            horizon = now - timedelta(minutes=self.config.backfill_minutes)
            # not one of this document's ids was seen before, though ids were: the site
            # rewrote them (moved to https, another CMS) and the feed's history would all read
            # as new. Read as a first read is, counted back from the feed's last read (a feed
            # that turned over whole since, a busy one after a stop, is read whole; an entry
            # dated a little before that read but listed after it, a cache, too)
            renamed = bool(seen) and bool(result.mentions) and not any(
                m.id in seen or result.merged.get(m.id) in last or digests[m.id] in words
                for m in result.mentions)
            if renamed:
                horizon = min(now, _read_at(state.get("read")) or now) - timedelta(
                    minutes=self.config.backfill_minutes)
            quiet = first_run or renamed
            history = 0
            undated = ahead = 0
            merged: set[str] = set()
            versions_before = state.get("versions")
            before_v: dict[str, Any] = versions_before if isinstance(versions_before,
                                                                      dict) else {}
            versions: dict[str, Any] = {}
            # an edit dated ahead of the clock is dated as every read of this document dates it
            dated = _changed_at(response.headers.get("last-modified"), state.get("read"), now)
            same = 0
            for mention in result.mentions:
                if mention.id not in seen and digests[mention.id] in words:
                    same += 1  # read before under another id: followed from this version
                    versions[mention.id] = _version(mention, result.updated.get(mention.id), now)
                    continue
                if mention.id in seen:
                    was = before_v.get(mention.id, ...)
                    edit, versions[mention.id] = _edited(
                        mention, result.updated.get(mention.id), was, now, dated)
                    if edit is not None:
                        out.append(edit)
                    continue
                # not followed (an entry left out below): its edits are history's too
                versions[mention.id] = 0
                if result.merged.get(mention.id) in last:
                    # its key named one entry in the last document (all the entries sharing
                    # it, before they were told apart; or this one, before a copy of it came):
                    # that one was read, and which one it was is not known
                    merged.add(mention.id)
                    continue
                if quiet:
                    # undated and far-ahead entries are stamped "now" (first seen): history
                    # too, on a first run
                    if mention.id in result.undated:
                        undated += 1
                        continue
                    if mention.id in result.ahead:
                        ahead += 1
                        continue
                    if mention.created_at < horizon:
                        history += 1
                        continue
                out.append(mention)
                versions[mention.id] = _version(mention, result.updated.get(mention.id), now)
            if renamed and (history or undated or ahead):
                reason = (f"{url}: none of its {len(result.mentions)} entries has an id read "
                          f"before (the site rewrote them: moved to https, another CMS?); "
                          f"{history + undated + ahead} dated before its last read, undated or "
                          "dated ahead taken as read under their old ids")
                log.warning("rss source %s: %s", self.id, reason)
                self.skipped.append(reason, count=history + undated + ahead)
                undated = ahead = 0
            self._say_new_guids(url, same)
            if merged:
                reason = (f"{url}: {len(merged)} entries sharing an id read as one entry "
                          "before are told apart by link and title from now on; taken as read")
                log.warning("rss source %s: %s", self.id, reason)
                self.skipped.append(reason, count=len(merged))
            # by design (a quiet first read), but counted and said: a feed of such items
            # otherwise looks empty until its next new item
            tolerance = span(int(AHEAD_TOLERANCE.total_seconds() // 60))
            for count, reason in (
                    (undated, f"{url}: {undated} undated item(s) on the first read of this "
                              "feed left out; undated items are read from the next poll on"),
                    (ahead, f"{url}: {ahead} item(s) dated more than {tolerance} ahead (a "
                            "wrong date, not clock skew) on the first read of this feed left "
                            "out; such items are read from the next poll on, dated when first "
                            "seen")):
                if count:
                    log.info("rss source %s: %s", self.id, reason)
                    self.skipped.append(reason, count=count)
            current = list(dict.fromkeys(m.id for m in result.mentions))
            feeds[key] = {
                "etag": validator(response.headers.get("etag")),
                "modified": validator(response.headers.get("last-modified")),
                # the ids of this document (a feed is a sliding window, so this bounds the set)
                # and the ids of the documents before, up to MAX_SEEN (never fewer than this
                # document's): an empty or older document does not make them new again
                "seen": _kept_ids(current, state.get("seen")),
                "last": len(current),
                # the words and link of this document's entries, then of those before, as "seen"
                "words": _kept_ids(list(dict.fromkeys(digests.values())), stored_words),
                "read": now.isoformat(),  # a document read: what a renamed one is read from
                **({"told_apart": result.told_apart} if result.told_apart else {}),
                # this document's entries: when each was last changed, a digest of its words
                # and link, and its date (an edit keeps it), to tell an edit by (_edited)
                **({"versions": versions} if versions else {}),
            }
            changed = True
        if changed:
            await self.store.set_cursor(self.id, json.dumps({"feeds": feeds}))
        if first_error is not None and len(failed) == len(self.config.urls):
            # not one feed could be read: the source is failing, not quiet
            # a refusal among them pauses the source (and says what to check), as a feed's own
            if len(failed) == 1 or refusal is not None:
                raise refusal or first_error
            # chained: what the first one met (a server it could not reach) is what to fix
            raise SourceError(
                f"rss: all {len(failed)} feeds failed; first: {first_error}") from first_error
        out.sort(key=lambda m: m.created_at)
        return out
