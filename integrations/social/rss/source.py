"""The RSS/Atom source: polls any number of feed URLs with conditional GETs.

Cursor (JSON, in the store): per feed URL its ``etag``, ``modified`` (Last-Modified) and the
ids of the entries in the last document seen. A 304 means nothing new; otherwise every entry
whose id was not in the last document is new. The first poll of a feed is quiet: only entries
newer than ``backfill_minutes`` are returned, the rest are remembered as seen. Entries it cannot
place in that history are left out then too, each kind counted in ``skipped`` with one line per
feed: undated ones, and ones dated more than ``AHEAD_TOLERANCE`` (an hour) ahead of our clock
(stamped when first seen, they would all read as new). An entry dated less than that ahead is
the feed's clock running fast: dated now, it is the newest and is read. Later polls read new
undated and far-ahead entries, dated when first seen.

Errors: a feed that is unreadable (``MalformedPayload``) or failing (5xx, timeout, 404) is
logged, counted in ``skipped`` and in ``failing_parts`` (source health alerts on a feed that
keeps failing), and left for the next poll, so one broken feed does not hide the others; a
poll in which every feed failed raises ``SourceError``. ``RateLimited`` and
``SourceAuthError`` stop the poll: the runtime pauses the source. Feeds offer no publishing:
the package's ``NETWORK`` spec has no publisher.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bot.core.durations import span
from bot.core.errors import MalformedPayload, RateLimited, SkipLog, SourceAuthError, SourceError
from bot.core.models import Mention
from bot.core.ports import Clock, SourceCursorStore
from integrations.social.common.cursor import load_cursor
from integrations.social.common.dating import AHEAD_TOLERANCE
from integrations.social.rss.config import RssSourceConfig
from integrations.social.rss.parse import parse_feed

log = logging.getLogger(__name__)

MAX_BODY = 10 * 1024 * 1024  # a feed larger than this is not a feed
# characters of an ETag or Last-Modified sent back (real ones: 20-70); servers refuse a request
# header line past 8 KB (nginx, Apache) with 400
MAX_VALIDATOR = 1024
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

    @property
    def id(self) -> str:
        return self.config.id

    def _skip(self, reason: str) -> None:
        log.warning("rss source %s: %s", self.id, reason)
        self.skipped.append(reason)
        del self.skipped[:-200]

    async def _fetch(self, url: str, state: Mapping[str, Any]) -> httpx.Response:
        headers = {"User-Agent": self.config.user_agent or DEFAULT_USER_AGENT, "Accept": ACCEPT}
        # stored by a release that kept any: checked again
        if etag := validator(state.get("etag")):
            headers["If-None-Match"] = etag
        if modified := validator(state.get("modified")):
            headers["If-Modified-Since"] = modified
        try:
            response = await self.client.get(url, headers=headers, timeout=self.config.timeout,
                                             follow_redirects=True)
        except httpx.TimeoutException as exc:
            raise SourceError(f"rss: {url} timed out") from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"rss: {url} failed: {type(exc).__name__}: {exc}") from exc
        status = response.status_code
        if status == 429 or (status == 503 and "retry-after" in response.headers):
            raise RateLimited(f"rss: {url} answered {status}",
                              retry_after=retry_after(response.headers, self.clock()))
        if status in (401, 403):
            raise SourceAuthError(
                f"rss: {url} refused access ({status}); feeds are read without a login: use "
                "the feed's public URL, or a private feed's URL with its token in it")
        if status >= 400:
            raise SourceError(f"rss: {url} answered {status}")
        if len(response.content) > MAX_BODY:
            raise MalformedPayload(f"rss: {url} is larger than {MAX_BODY} bytes")
        return response

    def failing_parts(self) -> dict[str, str]:
        """The feeds that failed in the last poll, with why (source health counts each)."""
        return dict(self.failing)

    async def poll(self) -> Sequence[Mention]:
        cursor = await load_cursor(self.store, self.id)
        stored = cursor.get("feeds")
        feeds: dict[str, Any] = stored if isinstance(stored, dict) else {}
        now = self.clock()
        out: list[Mention] = []
        changed = False
        failed: dict[str, str] = {}
        first_error: SourceError | None = None
        self.failing = failed
        for url in self.config.urls:
            known = feeds.get(url)
            state: dict[str, Any] = known if isinstance(known, dict) else {}
            try:
                response = await self._fetch(url, state)
                if response.status_code == 304:
                    continue
                # off the event loop: a feed may be up to MAX_BODY of markup to read
                told = state.get("told_apart")
                result = await asyncio.to_thread(
                    parse_feed, response.content, feed_url=url,
                    headers=dict(response.headers), source=self.id, first_seen=now,
                    told_apart=frozenset(d for d in told if isinstance(d, str))
                    if isinstance(told, list) else frozenset())
            except (RateLimited, SourceAuthError):
                raise
            except SourceError as exc:
                self._skip(str(exc))
                failed[url] = str(exc)
                first_error = first_error or exc
                continue
            if result.bozo:
                log.info("rss source %s: %s is damaged but readable (%s)", self.id, url,
                         result.bozo)
            for reason in result.skipped:
                self._skip(f"{url}: {reason}")
            seen = set(state.get("seen") or [])
            first_run = "seen" not in state
            horizon = now - timedelta(minutes=self.config.backfill_minutes)
            undated = ahead = 0
            merged: set[str] = set()
            for mention in result.mentions:
                if mention.id in seen:
                    continue
                if result.merged.get(mention.id) in seen:
                    # its key named one entry in the last document (all the entries sharing
                    # it, before they were told apart; or this one, before a copy of it came):
                    # that one was read, and which one it was is not known
                    merged.add(mention.id)
                    continue
                if first_run:
                    # undated and far-ahead entries are stamped "now" (first seen): history
                    # too, on a first run
                    if mention.id in result.undated:
                        undated += 1
                        continue
                    if mention.id in result.ahead:
                        ahead += 1
                        continue
                    if mention.created_at < horizon:
                        continue
                out.append(mention)
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
            feeds[url] = {
                "etag": validator(response.headers.get("etag")),
                "modified": validator(response.headers.get("last-modified")),
                # the ids of this document: a feed is a sliding window, so this bounds the set
                "seen": list(dict.fromkeys(m.id for m in result.mentions)),
                **({"told_apart": result.told_apart} if result.told_apart else {}),
            }
            changed = True
        if changed:
            await self.store.set_cursor(self.id, json.dumps({"feeds": feeds}))
        if first_error is not None and len(failed) == len(self.config.urls):
            # not one feed could be read: the source is failing, not quiet
            if len(failed) == 1:
                raise first_error
            # chained: what the first one met (a server it could not reach) is what to fix
            raise SourceError(
                f"rss: all {len(failed)} feeds failed; first: {first_error}") from first_error
        out.sort(key=lambda m: m.created_at)
        return out
