"""The X (Twitter) API v2 source and publisher.

Source: recent search (``/2/tweets/search/recent``, app bearer token) per query, and the mentions
timeline (``/2/users/:id/mentions``, the user token, else the app's bearer token), paged
(``next_token`` for search, ``pagination_token`` for the timeline) back to the stored
``since_id``. The cursor (JSON in the store) keeps the newest id per stream; the first run asks
only for ``start_time = now - backfill``. ``x-rate-limit-reset`` (epoch seconds) sets how long
an endpoint X refused (429) or said is spent waits, unasked, kept in the cursor; the source's
other endpoints are read meanwhile. A stream X refuses, is over capacity for or does not
answer in time is skipped alone, its cursor kept, and named in ``failing_parts`` (source health
alerts on one that keeps failing); a poll none of whose streams was read fails (one answering
only errors too), unless it only waits for a spent window. An edit is a
new tweet (a new id, past the cursor): read as the post it edits (``parse.original_of``), the
newest version kept when two streams read two.

Lookup (``lookup``, for ``why``): one tweet by its address, ``GET /2/tweets/:id`` with the
bearer token and the search's fields, normalised as polled (``XSource.lookup``).

Publisher: ``POST /2/tweets`` with ``{"text", "reply": {"in_reply_to_tweet_id"}}``; 201 gives a
PublishResult. X has no idempotency key: after an ambiguous failure (timeout, transport error,
5xx) the publisher reads the account's recent tweets and returns an identical one (same text
with its links unwrapped from t.co, same reply target) instead of posting again; a retried
publish does the same check first. Only a tweet made since the publish was first attempted
(less ``CLOCK_SKEW``, by its ``created_at``) counts: the read asks X for those alone
(``start_time``), and each tweet's time is checked again here, for a server that ignores it.

Windows: a source keeps its spent windows in its cursor; the publisher's (``POST /2/tweets``)
is held in memory, and sources of one token keep theirs apart: each costs one 429 after a
restart, or per source and window, nothing posted or read twice (docs/networks.md, why).
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from bot.core.errors import (
    RATE_WAIT_MAX,
    UNREADABLE,
    MalformedPayload,
    PublishError,
    PublishNotSent,
    PublishUncertain,
    RateLimited,
    SkipLog,
    SourceAuthError,
    SourceError,
    rate_wait,
    unreadable,
)
from bot.core.models import Mention
from bot.core.ports import Clock, PublishResult, SourceCursorStore, set_cursor_now
from bot.core.text import ascii_digits
from integrations.social.common.cursor import FUTURE_SKEW, load_cursor
from integrations.social.common.jsonpage import json_page
from integrations.social.common.own import OwnAccounts, UnknownOwn, drop_own, same_network
from integrations.social.common.paging import (
    PAST_REPEAT,
    PageTokens,
    as_asked,
    fits,
    history_starts,
)
from integrations.social.common.publish import (
    LookBeforeRetry,
    LookFailed,
    Poster,
    PublishMemo,
    Whoami,
    is_ours,
)
from integrations.social.common.said import Counted, Logged
from integrations.social.common.shapes import error_body, objects, said_in
from integrations.social.rss.source import DEFAULT_USER_AGENT, retry_after
from integrations.social.x.config import XSourceConfig
from integrations.social.x.length import limit_problem
from integrations.social.x.parse import (
    WEB_URL,
    TweetPage,
    as_posted,
    is_tweet_id,
    normalize_tweet,
    parse_page,
    shared_post,
    snowflake_time,
    stated_time,
    tweet_id_of,
    tweet_time,
)
from integrations.social.x.retweets import Retweets

log = logging.getLogger(__name__)

# note_tweet: a long post's whole text (``parse.whole``); ``text`` holds its first 280 only
# edit_history_tweet_ids: an edit's versions, the original first (``parse.original_of``);
# X answers it unasked (a default field), asked all the same as "Edit Posts" shows it
TWEET_FIELDS = ("created_at,lang,entities,author_id,conversation_id,public_metrics,"
                "referenced_tweets,note_tweet,edit_history_tweet_ids")
USER_FIELDS = "username,name,public_metrics"
# referenced_tweets.id(.author_id): a retweet's post, whole, in includes.tweets, and its
# author in includes.users (``parse.shared_post``)
EXPANSIONS = "author_id,referenced_tweets.id,referenced_tweets.id.author_id"
MAX_PAGES = 10  # per stream and poll: 1,000 tweets; the rest waits for the next poll
LOOK_PAGES = 5  # the look before a retry reads our newest 500 tweets at most
# Recent search reaches back 7 days (docs.x.com, "Search Posts": recent search, "the last 7
# days"), and X refuses a since_id of a tweet made before them with 400 invalid-request
# ("'since_id' must be a tweet id created after <time>. Please use a 'since_id' that is
# larger than <id>"). A query quiet for a week, or a bot off for one, kept such a cursor: every
# poll of the source failed for good. Refused so, the stream is read from this far back
# instead (with start_time, which X refuses beside a since_id): what lies between is past X's
# reach anyway. Read from X's answer, not our clock: X's window is X's.
SEARCH_REACH = timedelta(days=7) - timedelta(minutes=10)
STALE_SINCE_ID = "must be a tweet id created after"
# The cursor's key for the endpoints whose window X said is spent, and when each resets
# (``XApi.kept_windows``): kept in memory only, a restart within the window, or another process
# taking the source's lease over, asked once more and met X's 429. Written in the cursor's own
# store write, and read back at each poll.
WINDOWS = "#windows"


# X's rate-limit window ("Most limits reset every 15 minutes", docs.x.com, "Rate limits"): how
# long an endpoint X refused or said is spent waits when X's answer names no readable reset
X_WINDOW = 900.0
# The longest a publish waits for a reset X names: X's limits are "usually 15 minutes or 24
# hours" (docs.x.com, "Rate limits"), and POST /2/tweets has a per-user "/24hrs" one, named by
# the same x-rate-limit-* headers. A source waits an hour at most (``rate_wait``: a reset of
# year 9999 is asked again then); a publisher so bound asked again every hour of a spent day,
# each a 429. A day is the longest an approval is put off at once too.
PUBLISH_WAIT_MAX = 24 * 3600.0

# X limits each endpoint (a template such as /2/tweets/:id), not each address; the leading /2
# is the API's version, no id (it was read as one: /:id/tweets/search/recent)
_ID_IN_PATH = re.compile(r"(?<=.)/[0-9]+(?=/|$)")


def _endpoint(path: str) -> str:
    """The endpoint X counts a request to ``path`` under: its ids as ``:id``."""
    return _ID_IN_PATH.sub("/:id", path)


def _reset_after(headers: Mapping[str, str], now_epoch: float) -> float:
    reset = headers.get("x-rate-limit-reset")
    if reset and ascii_digits(reset):
        return max(1.0, float(reset) - now_epoch)
    return -1.0


class Refused(SourceError):
    """X refused the request itself: a 4xx other than auth (401, 403) and rate limits (429)."""


class Unavailable(SourceError):
    """X over capacity (503, error 130 "Over capacity"), broken (another 5xx) or not reached
    (a timeout, a dropped connection): the request may be asked again later, and another
    endpoint may answer meanwhile. A publish so failed may have posted all the same (X has no
    idempotency key): uncertain, looked for before posting again."""


class ErrorsOnly(SourceError):
    """X answered a stream's first page with ``200`` and only ``errors`` (what it will not
    show: the mentions timeline of a suspended or deleted account, ``resource-not-found``):
    the stream read nothing this poll, a failure as a 503 on it is, its cursor kept."""


class UsageCapped(SourceError):
    """X's 429 for a project whose monthly post cap is spent (``UsageCapExceeded``, type
    ``.../problems/usage-capped``), not a rate limit: its headers name the 15-minute window,
    hardly used (xdevplatform/xdk#25). Waited out as one, every poll asked again for the rest of
    the month and source health, which takes a rate limit for no failure, never said X was no
    longer read: a failed poll, in X's words; a publish so refused posted nothing."""


class Forbidden(SourceAuthError):
    """A 403: the account's (a token without the scope, an app not in a project) or, when
    X says why (``detail``), the request's own: a reply to a tweet deleted or not visible,
    duplicate content. A source pauses on either; a publish says X's reason."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class Backlog:
    """A stream's walk that ran out of pages (``MAX_PAGES``) before its cursor: the paging token
    of the next page, the bounds it was asked with (``since_id`` or ``start_time``, which every
    page of a walk repeats) and the newest id it read, the stream's cursor once the walk is
    done. Kept in the cursor beside the stream's own id, under ``<key>#backlog``."""

    page: str
    bounds: Mapping[str, str]
    newest: str | None

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "bounds": dict(self.bounds), "newest": self.newest}

    @classmethod
    def read(cls, value: Any) -> Backlog | None:
        """A stored backlog; None for anything that is not one."""
        if not isinstance(value, Mapping):
            return None
        page, bounds, newest = value.get("page"), value.get("bounds"), value.get("newest")
        if not (isinstance(page, str) and fits(page)
                and isinstance(bounds, Mapping) and set(bounds) <= {"since_id", "start_time"}
                and all(isinstance(v, str) for v in bounds.values())
                and (newest is None or is_tweet_id(newest))):
            return None
        return cls(page=page, bounds=dict(bounds), newest=newest)


class XApi:
    """Requests to X with its error statuses translated into ours."""

    def __init__(self, config: XSourceConfig, *, client: httpx.AsyncClient, clock: Clock,
                 longest: float = RATE_WAIT_MAX) -> None:
        self.config = config
        self.client = client
        self.clock = clock
        self.longest = longest  # the longest wait for a reset X names (``_spend``)
        # endpoints whose window X said is spent (x-rate-limit-remaining: 0), till its reset
        self._spent: dict[str, datetime] = {}

    def _check_window(self, path: str) -> None:
        """Raise ``RateLimited``, unsent, while ``path``'s window is spent: the request would
        be X's 429, and an app asking past its limit every window is one X may cut off."""
        until = self._spent.get(_endpoint(path))
        if until is None:
            return
        wait = (until - self.clock()).total_seconds()
        if wait > 0:
            raise RateLimited(f"x: {path}: X said no request of this window is left; not "
                              "asked until its reset", retry_after=wait)
        del self._spent[_endpoint(path)]

    def kept_windows(self) -> dict[str, float]:
        """The spent windows not reset yet, each endpoint's reset in epoch seconds: what the
        cursor keeps (``WINDOWS``) for a restart, or another process polling the source."""
        now = self.clock()
        return {endpoint: until.timestamp() for endpoint, until in self._spent.items()
                if until > now}

    def adopt_windows(self, stored: Any) -> None:
        """The spent windows a cursor kept (``kept_windows`` of this source's last run, or of
        another process's), waited for as if X had just said so. The cursor is stored data: a
        reset that is no number is none, and one further than ``RATE_WAIT_MAX`` is that far
        (a damaged cursor pauses an endpoint an hour at most, as a reset of year 9999 does)."""
        if not isinstance(stored, Mapping):
            return
        now = self.clock()
        for endpoint, reset in stored.items():
            if (not isinstance(endpoint, str) or not endpoint.startswith("/2/")
                    or isinstance(reset, bool) or not isinstance(reset, int | float)
                    or not math.isfinite(reset) or reset <= now.timestamp()):
                continue
            until = now + timedelta(seconds=rate_wait(reset - now.timestamp()))
            if (had := self._spent.get(endpoint)) is None or until > had:
                self._spent[endpoint] = until

    def _note_window(self, path: str, headers: Mapping[str, str], now: datetime) -> None:
        """Remember a window X says is spent (docs.x.com, "Rate limits": every answer carries
        x-rate-limit-remaining and x-rate-limit-reset, epoch seconds)."""
        remaining = headers.get("x-rate-limit-remaining")
        if remaining is None or remaining.strip() != "0":
            return
        self._spend(path, headers, now, said="X's rate window is spent")

    def _spend(self, path: str, headers: Mapping[str, str], now: datetime, *,
               said: str) -> float:
        """Mark ``path``'s endpoint spent till X's reset, said in one line (``said``: what X
        answered), and return the wait in seconds: X counts each endpoint apart, so the
        source's others are still asked (a 429 of search paused the whole source, its
        mentions timeline unread). Bounded: a reset of year 9999 is asked again after an hour
        (``longest``: a publisher's day);
        a reset X did not say, or not as epoch seconds, waits X's window (``X_WINDOW``, or a
        proxy's Retry-After), a warning: the endpoint is not asked, nor said again, till
        then."""
        endpoint = _endpoint(path)
        wait = _reset_after(headers, now.timestamp())
        if wait > 0:
            wait = self._bounded(wait)
            log.info("x source %s: %s: %s; not asked for %.0fs (X's other endpoints "
                     "are)", self.config.id, endpoint, said, wait)
        else:
            wait = self._bounded(max(1.0, retry_after(headers, now, default=X_WINDOW)))
            log.warning("x source %s: %s: %s, with no readable x-rate-limit-reset (%.40r); "
                        "not asked for %.0fs (X's other endpoints are)",
                        self.config.id, endpoint, said, headers.get("x-rate-limit-reset"), wait)
        self._spent[endpoint] = now + timedelta(seconds=wait)
        return wait

    def _bounded(self, seconds: float) -> float:
        """A wait of ``seconds``, at most ``longest`` (inf and NaN: that)."""
        return self.longest if math.isnan(seconds) else min(max(seconds, 0.0), self.longest)

    async def call(self, method: str, path: str, *, token: str | None,
                   params: Mapping[str, str] | None = None,
                   body: Mapping[str, Any] | None = None,
                   accept: frozenset[int] = frozenset()) -> tuple[int, Any]:
        """(status, decoded body). Statuses in ``accept`` come back instead of raising (the
        body None when it is not JSON)."""
        if not token:
            raise SourceAuthError(f"x: no token configured for {path}")
        self._check_window(path)
        try:
            response = await self.client.request(
                method, self.config.base_url.rstrip("/") + path, params=params, json=body,
                timeout=self.config.timeout,
                headers={"Authorization": f"Bearer {token}",
                         "User-Agent": self.config.user_agent or DEFAULT_USER_AGENT})
        except httpx.TimeoutException as exc:
            # one stream's, as a 503 is: a SourceError failed the source's whole poll, the
            # other streams' tweets read again (and paid again) the next poll
            raise Unavailable(f"x: {path} timed out") from exc
        except httpx.HTTPError as exc:
            raise Unavailable(f"x: {path} failed: {type(exc).__name__}") from exc
        status = response.status_code
        now = self.clock()
        if status != 429:  # a 429 raises its own wait, below
            self._note_window(path, response.headers, now)
        if status == 429 and _usage_capped(response.content):
            raise UsageCapped(f"x: {path}: X's monthly post cap of this app's project is spent "
                              f"({_detail(response.content) or 'UsageCapExceeded'}): nothing "
                              "is read (or posted) until it resets; see the project's usage in "
                              "X's developer portal, or raise its plan")
        if status == 429:
            wait = self._spend(path, response.headers, now, said="X answered 429")
            raise RateLimited(f"x: {path} rate limited", retry_after=wait)
        if status == 403:
            detail = _detail(response.content)
            raise Forbidden(f"x: {path} refused the token (403)"
                            + (f": {detail}" if detail else ""), detail=detail)
        if status == 401:
            raise SourceAuthError(f"x: {path} refused the token ({status})")
        if status >= 500:
            detail = _detail(response.content)
            raise Unavailable(f"x: {path} answered {status}" + (f" ({detail})" if detail else ""))
        if status in accept:
            try:
                return status, await json_page(response.content, f"x: {path}")
            except ValueError:
                return status, None
        try:
            payload = await json_page(response.content, f"x: {path}")
        except ValueError as exc:
            raise MalformedPayload(f"x: {path} body is not JSON") from exc
        if status >= 400:
            said = payload.get("detail") if isinstance(payload, Mapping) else None
            first = _first_error(payload)
            raise Refused(f"x: {path} answered {status}: {said or ''}"
                          + (f" ({first})" if first else ""))
        return status, payload


ME = "/2/users/me"


def _me_of(payload: Any) -> str:
    """The user id in X's answer to ``GET /2/users/me``."""
    data = payload.get("data") if isinstance(payload, Mapping) else None
    me = data.get("id") if isinstance(data, Mapping) else None
    if not isinstance(me, str) or not ascii_digits(me):
        raise MalformedPayload(f"x: {ME} answered no user id: {str(payload)[:200]}")
    return me


async def whose_token(api: XApi, user_token: str | None) -> str:
    """The numeric id of the account a user token acts for: X's answer to ``GET /2/users/me``
    (``{"data": {"id", "name", "username"}}``, user context only;
    https://docs.x.com/x-api/users/lookup/integrate)."""
    _, payload = await api.call("GET", ME, token=user_token)
    return _me_of(payload)


class XSource:
    network = "x"

    def __init__(self, config: XSourceConfig, *, store: SourceCursorStore,
                 client: httpx.AsyncClient, clock: Clock, web_url: str = WEB_URL,
                 peers: Sequence[Any] = ()) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        self.api = XApi(config, client=client, clock=clock)
        self.web_url = web_url
        self.skipped = SkipLog()
        # the streams the last poll read nothing of, with why (``failing_parts``)
        self.failing: dict[str, str] = {}
        # fields of a tweet changed or refused (common.said): a poll's logged and counted, a
        # lookup's logged
        self.said = Counted(self.skipped, log, f"x source {config.id}")
        self.lookup_said = Logged(log, f"x source {config.id} (lookup)")
        # our accounts: the user ids configured for X (author_id is what a tweet names)
        accounts = same_network(config, peers)
        self.own = OwnAccounts(ids=[str(c.user_id) for c in accounts
                                    if getattr(c, "user_id", None)])
        # accounts that post (user_token) without their user_id, this source's or another's:
        # whose tweets are ours is asked of X (``learn_own``) until it says
        self._unknown = UnknownOwn((c for c in accounts if getattr(c, "user_token", None)
                                    and not getattr(c, "user_id", None)),
                                   label=f"x {config.id}", server="X",
                                   secret=lambda c: c.user_token, kept=(UsageCapped,))

    async def learn_own(self) -> None:
        """Who our accounts without a ``user_id`` are: ``GET /2/users/me`` with each one's
        user token, until it answers. A failure is kept (``unknown_own``) and asked again at
        the next poll, which reads nothing meanwhile (``hold_while_own_unknown``), as the
        Mastodon source does; a `why` during a poll waits for the poll's answer."""

        async def ask(config: Any) -> str | None:
            api = self.api if config is self.config else XApi(
                config, client=self.api.client, clock=self.clock)
            status, payload = await api.call("GET", ME, token=config.user_token,
                                             accept=frozenset({404}))
            # a server without it (an X-compatible one): read on, said once
            return None if status == 404 else _me_of(payload)

        def no_route(config: Any) -> None:
            log.warning("x source %s: %s has no %s (404): the tweets of %s's account cannot "
                        "be told from others'; set its user_id", self.id,
                        config.base_url.rstrip("/"), ME, config.id)

        await self._unknown.learn(ask, lambda _, me: self.own.add(id=me), no_route=no_route,
                                  missing=f"x: the server has no {ME} (404)")

    def unknown_own(self) -> dict[str, str]:
        """The configured accounts X has not said who they are yet (``/2/users/me`` failed),
        with why (``UnknownOwn.unknown``)."""
        return self._unknown.unknown()

    def hold_while_own_unknown(self) -> None:
        """Raise while an account of ours is not known (``UnknownOwn.hold``)."""
        self._unknown.hold(self.config)

    @property
    def id(self) -> str:
        return self.config.id

    def _streams(self) -> list[tuple[str, str, str | None, dict[str, str]]]:
        streams = [(f"search:{q}", "/2/tweets/search/recent", self.config.bearer_token,
                    {"query": q}) for q in self.config.queries]
        if self.config.mentions and self.config.user_id:
            # the user's token when there is one, else the app's: X serves the mentions
            # timeline to either (docs.x.com, "User Mentions Timeline" quickstart)
            streams.append(("mentions", f"/2/users/{self.config.user_id}/mentions",
                            self.config.user_token or self.config.bearer_token, {}))
        return streams

    async def _read(self, path: str, token: str | None, base: dict[str, str],
                    since_id: str | None, backlog: Backlog | None = None, *,
                    start: datetime | None = None, retweets: Retweets | None = None,
                    ) -> tuple[list[Mention], str | None, Backlog | None]:
        """The tweets of one stream back to ``since_id`` (without one: made since ``start``,
        by default ``backfill_minutes`` ago), the newest id, and the walk to go on with next
        poll when ``MAX_PAGES`` ran out before it (see ``Backlog``). ``retweets``: the
        stream's beginning and the old posts it read through a retweet, noted as read. A
        first page of only errors raises ``ErrorsOnly``: the stream read nothing."""
        retweets = retweets if retweets is not None else Retweets(began=None)
        params = {**base, "max_results": "100", "tweet.fields": TWEET_FIELDS,
                  "expansions": EXPANSIONS, "user.fields": USER_FIELDS}
        if since_id:
            params["since_id"] = since_id
        else:
            start = start or self.clock() - timedelta(minutes=self.config.backfill_minutes)
            params["start_time"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")
        out: list[Mention] = []
        newest: str | None = None
        # recent search pages with ``next_token``; the timelines (mentions) with
        # ``pagination_token`` (docs.x.com, "Pagination"), and refuse ``next_token`` (400)
        name = "next_token" if path.endswith("/search/recent") else "pagination_token"
        # the walk cannot go on from a token answered again: the cursor moves to the newest,
        # and what lies past that page is not read, said (not "waits for the next poll")
        tokens = PageTokens(f"x: {name} of {path}", source=f"x source {self.id}",
                            skipped=self.skipped, rest=PAST_REPEAT)
        if backlog is not None:  # the same walk, asked as it was, from the page it stopped at
            params.pop("since_id", None)
            params.pop("start_time", None)
            params.update(backlog.bounds)
            params[name] = backlog.page
            newest = backlog.newest
        since_floor = _since_id(params)
        start_floor = _start_time(params)
        for page_no in range(MAX_PAGES):
            try:
                _, payload = await self.api.call("GET", path, token=token, params=params)
            except Unavailable as exc:
                if not page_no:
                    raise  # the stream is not read this poll (``poll``), its cursor unmoved
                # part way through the walk: what it read is delivered, and the next poll goes
                # on from this page (raised, the pages before were dropped, and read, and paid,
                # again: each poll, for as long as X was over capacity)
                return out, None, self._cut_short(path, str(exc), params, name, newest)
            except RateLimited as exc:
                if not page_no:
                    raise  # the stream waits for its endpoint's reset (``poll``), unread
                # the window ran out part way through the walk (its page before said none was
                # left, or X's 429): what it read is delivered, and the walk goes on from here
                # after the reset. Raised, the pages read were thrown away, and the next window
                # read them again and ran out at the same place: a query with more new tweets
                # than a window's pages delivered nothing, ever
                log.info("x source %s: %s; %s read %d page(s) of its walk, the rest after X's "
                         "reset", self.id, exc, path, page_no)
                return out, None, Backlog(page=params[name], bounds=_bounds(params),
                                          newest=newest)
            except Refused as exc:  # not a timeout: that passes, and the backlog stays
                if backlog is None or page_no:
                    raise
                # a paging token need not last: the walk starts from the newest again, and
                # what lay past that page is lost, said
                reason = (f"x: {path} refused the page the last poll stopped at ({exc}); "
                          "read from the newest again")
                self.skipped.append(reason)
                log.warning("x source %s: %s", self.id, reason)
                return await self._read(path, token, base, since_id, retweets=retweets)
            data = payload.get("data") if isinstance(payload, Mapping) else None
            if isinstance(data, list):
                payload = {**payload, "data": as_asked(
                    data, int(params["max_results"]), what=f"x: {path}",
                    source=f"x source {self.id}", skipped=self.skipped)}
            try:
                page = _tweet_page(payload)
            except MalformedPayload as exc:
                # X answers 200 with only ``errors`` for what it will not show (the mentions
                # timeline of a suspended or deleted account: resource-not-found): this
                # stream's page, not the source: the stream alone fails (``poll``), its cursor
                # (and a walk to go on with) kept, and the other streams are read. Part way
                # through a walk, the next poll goes on from this page
                if page_no:
                    return out, None, self._cut_short(path, str(exc), params, name, newest)
                raise ErrorsOnly(f"{exc}: {path} read no further this poll") from exc
            newest = newest or page.newest_id  # the first page holds the newest tweets
            for _ in range(page.not_objects):
                self.skipped.append("x: an item of a page is not an object")
                log.warning("x source %s: skipped an item of a page: not an object", self.id)
            below = before = astray = shared_before = 0
            # which tweets are at or before since_id (1) or made before start_time (2): the
            # walk has reached what it asked X to leave out where the page ENDS in them (newest
            # first, the rest of the walk is older still); one among newer ones after it is a
            # tweet out of place (a damaged id or date), left out alone, and the walk goes on
            old = [1 if _at_or_before(t, since_floor) else 2 if start_floor is not None and (
                made := stated_time(t)) is not None and made < start_floor else 0
                for t in page.tweets]
            history = history_starts([bool(o) for o in old])
            for at, tweet in enumerate(page.tweets):
                if old[at] and at < history:
                    astray += 1
                    continue
                if old[at] == 1:
                    below += 1
                    continue
                if old[at] == 2:
                    before += 1
                    continue
                shared = shared_post(tweet, page.referenced)
                if shared is not None and retweets.read_before(shared, since_floor):
                    # a retweet (new, past since_id) of a post this stream read before: read
                    # as that post, it came again as new past the pipeline's dedup window
                    # (72 h), a second card for a handled post at each retweet
                    shared_before += 1
                    continue
                # the team's own retweet is its own post (left out, ``drop_own``), not the
                # customer's post it shares: the team has read that one
                own = self._own_tweet(tweet, page.users)
                try:
                    out.append(normalize_tweet(
                        tweet, page.users, source=self.id, fetched_at=self.clock(),
                        said=self.said, web_url=self.web_url,
                        referenced={} if own else page.referenced))
                    if shared is not None and not own:
                        retweets.note(shared)  # an old post, read once through a retweet
                except UNREADABLE as exc:
                    self.skipped.append(unreadable(exc))
                    log.warning("x source %s: %s", self.id, unreadable(exc))
            if shared_before:
                reason = (f"x: {path} answered {shared_before} retweet(s) of posts read by an "
                          "earlier poll: left out")
                self.skipped.append(reason, count=shared_before)
                log.info("x source %s: %s", self.id, reason)
            if astray:
                reason = (f"x: {path} answered {astray} tweet(s) dated at or before what it was "
                          "asked for among newer ones (a damaged id or created_at): left out")
                self.skipped.append(reason, count=astray)
                log.warning("x source %s: %s", self.id, reason)
            if below:
                # a server that ignores since_id (a proxy, an X-compatible one): what it
                # answered at or before it was read by an earlier poll, and past dedup's
                # window (recent search reaches back 7 days) it would come again as new.
                # Newest first: the rest of the walk is older still
                reason = (f"x: {path} answered {below} tweet(s) at or before its since_id: "
                          "left out, the walk stops there")
                self.skipped.append(reason, count=below)
                log.warning("x source %s: %s", self.id, reason)
                return out, newest, None
            if before:
                # the same for a server that ignores start_time (the first run's backfill):
                # tweets it says were made before it are history, as X leaves them out. By
                # their created_at alone: a server that ignores start_time need not make its
                # ids X's snowflakes, and the time one would embed is no time then
                reason = (f"x: {path} answered {before} tweet(s) made before its start_time "
                          f"{params['start_time']}: left out, the walk stops there")
                self.skipped.append(reason, count=before)
                log.warning("x source %s: %s", self.id, reason)
                return out, newest, None
            if (following := tokens.follow(page.next_token)) is None:
                return out, newest, None
            params[name] = following  # ``token`` stays the credentials of every page
        # MAX_PAGES read and a page left: more new tweets than a poll reads (a flood of them).
        # The cursor moved to the newest and the tweets between were never read
        return out, None, Backlog(page=params[name], bounds=_bounds(params), newest=newest)

    def _cut_short(self, path: str, why: str, params: Mapping[str, str], name: str,
                   newest: str | None) -> Backlog:
        """The walk to go on with from the page X did not answer (``why``), said in one
        warning line and one counted skip: the cursor stays till the rest is read."""
        reason = (f"{why}: {path} read no further this poll; the next poll goes on from that "
                  "page (the cursor stays till then)")
        self.skipped.append(reason)
        log.warning("x source %s: %s", self.id, reason)
        return Backlog(page=params[name], bounds=_bounds(params), newest=newest)

    def _beyond_reach(self, path: str, since_id: str) -> datetime:
        """Where the read of a search stream whose cursor X no longer reaches starts, said
        once (a WARNING and a counted skip)."""
        start = self.clock() - SEARCH_REACH
        when = snowflake_time(since_id)
        reason = (f"x: the cursor of {path} (tweet {since_id}"
                  f"{f', {when:%Y-%m-%d %H:%M} UTC' if when else ''}) is older than recent "
                  f"search's 7 days: read from {start:%Y-%m-%d %H:%M} UTC; what was posted "
                  "between is past X's reach")
        self.skipped.append(reason)
        log.warning("x source %s: %s", self.id, reason)
        return start

    def _dated_after(self, tweet_id: str) -> bool:
        """Whether a tweet id says it was made more than ``FUTURE_SKEW`` past our clock: as
        ``since_id`` it would hide every later tweet (each has a smaller id), for good."""
        when = snowflake_time(tweet_id)
        return when is not None and when > self.clock() + FUTURE_SKEW

    async def _read_stream(self, key: str, path: str, token: str | None,
                           params: dict[str, str], *, since: str | None,
                           backlog: Backlog | None, retweets: Retweets,
                           ) -> tuple[list[Mention], str | None, Backlog | None, bool]:
        """``_read`` of one stream, and, when X refuses its ``since_id`` as older than recent
        search reaches, what X still holds read from there, said (the last item True: the
        stream's cursor is to be dropped). Either read raising skips the stream alone
        (``poll``), its cursor kept: the re-read's 503 or timeout failed the whole poll."""
        try:
            mentions, newest, left = await self._read(path, token, params, since, backlog,
                                                      retweets=retweets)
            return mentions, newest, left, False
        except Refused as exc:
            if since is None or STALE_SINCE_ID not in str(exc):
                raise
        mentions, newest, left = await self._read(
            path, token, params, None, start=self._beyond_reach(path, since),
            retweets=retweets)
        return mentions, newest, left, True

    def failing_parts(self) -> dict[str, str]:
        """The streams (their cursor keys: ``search:<query>``, ``mentions``) the last poll
        read nothing of, X refusing, over capacity, not answering in time or answering only
        errors, with why: source health alerts on one that keeps failing (a rate limit is
        waited for, no failure)."""
        return dict(self.failing)

    async def poll(self) -> Sequence[Mention]:
        self.failing = {}
        cursor = await load_cursor(self.store, self.id)
        self.api.adopt_windows(cursor.pop(WINDOWS, None))
        await self.learn_own()
        self.hold_while_own_unknown()
        found: dict[str, Mention] = {}
        streams = self._streams()
        spent: list[RateLimited] = []  # streams whose endpoint X said is spent: left unasked
        # streams that read nothing: X over capacity, not answering, answering only errors, or
        # refusing the request; each read again next poll, its cursor unmoved
        failed: list[SourceError] = []
        read = 0  # streams read whole this poll
        for key, path, token, params in streams:
            since = cursor.get(key) if is_tweet_id(cursor.get(key)) else None
            if since is None and key in cursor:
                # saved before ids were checked: X would refuse it as since_id, every poll
                log.warning("x source %s: ignoring stored cursor %s=%.40r, not a tweet id",
                            self.id, key, cursor[key])
            elif since is not None and self._dated_after(since):
                # saved before such ids were refused: every poll from it would be empty
                log.warning("x source %s: ignoring stored cursor %s=%s, past the clock",
                            self.id, key, since)
                since = None
            retweets = Retweets.load(cursor.get(f"{key}#retweets"))
            if retweets.began is None and since is None and key not in cursor:
                # a stream's first read: it begins where that read asks from (a cursor of a
                # release before, whose beginning is not known, stays so: ``Retweets``)
                retweets = Retweets(began=self.clock() - timedelta(
                    minutes=self.config.backfill_minutes))
            kept = cursor.pop(f"{key}#backlog", None)
            backlog = Backlog.read(kept)
            if backlog is not None and backlog.bounds.get("since_id") != since:
                backlog = None  # a walk from a cursor no longer kept
            try:
                mentions, newest, left, stale = await self._read_stream(
                    key, path, token, params, since=since, backlog=backlog, retweets=retweets)
            except RateLimited as exc:
                # X limits each endpoint apart, and its window (spent, or a 429) is noted
                # (``XApi._spend``): this stream waits for its reset, unasked, and the others
                # are read. A 429 of search failed the whole poll (and what the streams before
                # read, read and paid again after the wait), the mentions timeline unread
                spent.append(exc)
                if kept is not None:
                    cursor[f"{key}#backlog"] = kept
                continue
            except (Unavailable, ErrorsOnly) as exc:
                # X over capacity on this stream's first page, or answering it with errors
                # only: the others are read, and this one at the next poll, its cursor unmoved
                # (raised, the whole poll was lost)
                failed.append(exc)
                if kept is not None:
                    cursor[f"{key}#backlog"] = kept
                reason = (str(exc) if isinstance(exc, ErrorsOnly)
                          else f"{exc}: {path} not read this poll, its cursor unmoved")
                self.skipped.append(reason)
                self.failing[key] = reason
                log.warning("x source %s: %s", self.id, reason)
                continue
            except Refused as exc:
                # this stream's request (a query with an operator the app's access lacks, too
                # long, malformed), not the source's: raised, it kept every other query and
                # the mentions from being read, at every poll
                failed.append(exc)
                if kept is not None:
                    cursor[f"{key}#backlog"] = kept
                self._refused(key, exc)
                continue
            if stale:
                # the cursor X refused is dropped (a quiet query's next poll asks from
                # ``backfill_minutes`` ago, as a first run does, till a tweet is read)
                since = None
                cursor.pop(key, None)
            read += 1
            if retweets.began is not None:
                cursor[f"{key}#retweets"] = retweets.to_json()
            for m in mentions:
                # one post's versions (an edit is a new tweet, keyed by the original id:
                # ``parse.original_of``) read by two streams: the newest kept, whichever
                # stream came first
                if (had := found.get(m.id)) is None or _newer(m, had):
                    found[m.id] = m
            if left is not None:
                cursor[f"{key}#backlog"] = left.to_json()  # the cursor stays till it is read
            elif newest and self._dated_after(newest):
                reason = (f"x: newest_id {newest} of {path} is dated past our clock: the "
                          "cursor stays")
                self.skipped.append(reason)
                log.warning("x source %s: %s", self.id, reason)
            elif newest and (since is None or int(newest) > int(since)):
                cursor[key] = newest
        self._keep_windows(cursor)
        if spent and not read:  # no stream read, some endpoint spent
            # no stream's cursor moved: written at once, outside the read's transaction, which
            # a raising poll never commits (the windows X named would be asked again)
            await set_cursor_now(self.store, self.id, json.dumps(cursor))
        if failed and not read:
            # nothing of the source read, and not only for a wait: a failed poll, in X's
            # words, for source health and status to count (an empty success before, when a
            # stream answered only errors: a source X read nothing of said nothing)
            raise failed[0]
        if spent and not read:  # every stream's endpoint is spent: the source waits
            raise min(spent, key=lambda e: e.retry_after)
        await self.store.set_cursor(self.id, json.dumps(cursor))
        delivered = drop_own(found.values(), self.own, self.skipped, source=self.id)
        return sorted(delivered, key=lambda m: m.created_at)

    def _keep_windows(self, cursor: dict[str, Any]) -> None:
        """The spent windows put in ``cursor`` (``WINDOWS``), none when there are none."""
        if windows := self.api.kept_windows():
            cursor[WINDOWS] = windows
        else:
            cursor.pop(WINDOWS, None)

    def _own_tweet(self, tweet: Mapping[str, Any], users: Mapping[str, Mapping[str, Any]]
                   ) -> bool:
        """Whether one of our accounts posted ``tweet`` (its ``author_id``, or that user's
        username in the page's ``includes.users``)."""
        author = tweet.get("author_id")
        user = users.get(author) if isinstance(author, str) else None
        return self.own.is_account(id=author, handle=(user or {}).get("username"))

    def _refused(self, key: str, exc: Refused) -> None:
        """Say, in one warning line and one count, that X refused one stream's request."""
        what = (f"the query {key.removeprefix('search:')[:120]!r} (fix it in queries)"
                if key.startswith("search:") else "the mentions timeline")
        reason = f"x: X refused {what}: {exc}; the source's other streams are read"
        self.skipped.append(reason)
        self.failing[key] = reason
        log.warning("x source %s: %s", self.id, reason)

    async def lookup(self, url: str) -> Mention | None:
        """The tweet at ``https://x.com/<user>/status/<id>`` (twitter.com too), normalised as
        a polled one: ``GET /2/tweets/:id`` with the fields and expansions the search asks
        for, with the bearer token (None without one: X has no unauthenticated reads). X
        answers a deleted tweet, or one it will not show (protected, suspended author), with
        200 and only ``errors`` (``resource-not-found``, ``not-authorized-for-resource``):
        None, as is a 404. Asked for an edited post's earlier version, X may answer its newest
        (one whose ``edit_history_tweet_ids`` names the id asked): read as the post."""
        tweet_id = tweet_id_of(url)
        if tweet_id is None or not self.config.bearer_token:
            return None
        path = f"/2/tweets/{tweet_id}"
        status, payload = await self.api.call(
            "GET", path, token=self.config.bearer_token, accept=frozenset({404}), params={
                "tweet.fields": TWEET_FIELDS, "expansions": EXPANSIONS,
                "user.fields": USER_FIELDS})
        if status == 404:
            return None
        if not isinstance(payload, Mapping):
            raise MalformedPayload(f"x: {path} answered {type(payload).__name__}")
        if "data" not in payload:
            errors = payload.get("errors")
            if isinstance(errors, list) and errors and all(_unreadable(e) for e in errors):
                return None
            raise SourceError(f"x: {path} answered no tweet: {str(errors)[:200]}")
        page = parse_page(payload)
        for tweet in page.tweets:
            # an edited post's earlier version: X answers "the most recent edit, along with
            # any edit history" (docs.x.com, Post lookup), which names it
            history = tweet.get("edit_history_tweet_ids")
            if tweet.get("id") == tweet_id or (isinstance(history, list)
                                               and tweet_id in history):
                return normalize_tweet(tweet, page.users, source=self.id, web_url=self.web_url,
                                       fetched_at=self.clock(), said=self.lookup_said,
                                       referenced=page.referenced)
        raise MalformedPayload(f"x: {path} answered another tweet")


def _tweet_page(payload: Any) -> TweetPage:
    """``parse_page`` of a stream's page, one with ``errors`` and no ``data`` refused even
    beside a ``meta``: X read nothing, and says why (it was an empty page, said nowhere)."""
    if (isinstance(payload, Mapping) and not payload.get("data")
            and isinstance(errors := payload.get("errors"), list) and errors):
        raise MalformedPayload(f"x: error body {str(errors)[:200]}")
    return parse_page(payload)


def _newer(m: Mention, than: Mention) -> bool:
    """Whether ``m`` is a later version of the post ``than`` is (an edit after it)."""
    return m.revised_at is not None and (than.revised_at is None
                                         or m.revised_at > than.revised_at)


# The problem types X answers for a tweet it cannot show (the v2 OpenAPI spec's
# ResourceNotFoundProblem and ResourceUnauthorizedProblem, under api.twitter.com/2/problems/ or,
# lately, api.x.com/2/problems/)
_UNREADABLE = ("/problems/resource-not-found", "/problems/not-authorized-for-resource")


def _unreadable(error: Any) -> bool:
    kind = error.get("type") if isinstance(error, Mapping) else None
    return isinstance(kind, str) and kind.endswith(_UNREADABLE)


CREATED = frozenset({200, 201})  # a publish's answers read even when their body is not JSON
_SCHEME = re.compile(r"\bhttps?://", re.IGNORECASE)


def _same_text(posted: str, sent: str) -> bool:
    """Whether a tweet read back (t.co unwrapped) is the text sent: its links compared
    without their scheme, as X wraps a domain typed without one too (``status.example.com``)
    and gives it back with the scheme it added (``http://status.example.com``): never found,
    a retry after a lost answer tweeted it twice (a review, 2026-12-06)."""
    return posted == sent or _SCHEME.sub("", posted) == _SCHEME.sub("", sent)


def _usage_capped(content: bytes) -> bool:
    """Whether a 429's body is X's monthly cap (``UsageCapExceeded``), not a rate limit."""
    return (said_in(content, "title") == "UsageCapExceeded"
            or said_in(content, "type").endswith("/problems/usage-capped"))


def _detail(content: bytes) -> str:
    """An error answer's ``detail`` (else its first error's message), cut to one line; "" when
    the body says none."""
    if said := said_in(content, "detail"):
        return said
    return _first_error(error_body(content))


def _first_error(payload: Any) -> str:
    """X's first error's message, said beside its ``detail`` (which says only "One or more
    parameters to your request was invalid"), cut to one short line ("" for none)."""
    errors = payload.get("errors") if isinstance(payload, Mapping) else None
    first = errors[0] if isinstance(errors, list) and errors else None
    message = first.get("message") if isinstance(first, Mapping) else None
    return " ".join(message.split())[:200] if isinstance(message, str) else ""


def _bounds(params: Mapping[str, str]) -> dict[str, str]:
    """The bounds a walk was asked with (``since_id`` or ``start_time``), which each of its
    pages repeats: a ``Backlog``'s."""
    return {k: params[k] for k in ("since_id", "start_time") if k in params}


def _since_id(params: Mapping[str, str]) -> int | None:
    """The ``since_id`` a read asked with, as a number."""
    since = params.get("since_id")
    return int(since) if isinstance(since, str) and is_tweet_id(since) else None


def _start_time(params: Mapping[str, str]) -> datetime | None:
    """The ``start_time`` a read asked with (whole seconds, as it was sent; X's is
    inclusive)."""
    try:
        return datetime.strptime(params["start_time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (KeyError, ValueError):
        return None


def _at_or_before(tweet: Mapping[str, Any], since_id: int | None) -> bool:
    """Whether ``tweet`` is one ``since_id`` asked X to leave out (ids grow with time)."""
    tweet_id = tweet.get("id")
    return (since_id is not None and isinstance(tweet_id, str) and is_tweet_id(tweet_id)
            and int(tweet_id) <= since_id)


# X's 403 for a text the account already posted (akrherz/iembot#163: "You are not allowed to
# create a Tweet with duplicate content.")
DUPLICATE = "duplicate content"


def _duplicate(detail: str, *, earlier: bool) -> str:
    """The line an approver reads for X's duplicate refusal: what happened and what to do.
    After an attempt whose answer was lost (``earlier``), the tweet X compares with may be
    that attempt's, which the look did not find: not "nothing was posted" then."""
    if earlier:
        return (f"x: publish refused: {detail} An earlier attempt of this draft may have "
                "posted it (its answer was lost) where the look did not find it: look at the "
                "account's posts before drafting it again")
    return (f"x: publish refused: {detail} X refuses a post with the words of one the account "
            "already made, and nothing was posted: change its words and draft it again")


class XPublisher:
    network = "x"

    def __init__(self, config: XSourceConfig, *, client: httpx.AsyncClient, clock: Clock,
                 web_url: str = WEB_URL) -> None:
        self.config = config
        self.api = XApi(config, client=client, clock=clock, longest=PUBLISH_WAIT_MAX)
        self.web_url = web_url
        self._guard = LookBeforeRetry(clock)  # X has no idempotency key
        self._done = PublishMemo()
        self._me: str | None = config.user_id or None
        self._who = Whoami(self._whoami, who=f"x publisher {config.id}")

    async def posted_as(self) -> str | None:
        """Who the user token posts as (``SignedPublisher``): the account's user id and
        @username (``GET /2/users/me``, asked once it answers), recorded with each publishing
        claim before its post. The look before a retry reads one account's tweets: an
        operator who swapped the token for another account's between an attempt's post and
        its retry had the retry find nothing there and tweet again, from the other account
        (``earlier_posters``). None when X does not say (a refused token, a timeout, a 429:
        the post says so itself)."""
        return await self._who.posted_as()

    async def _whoami(self) -> Poster:
        _, payload = await self.api.call("GET", ME, token=self.config.user_token)
        data = payload.get("data") if isinstance(payload, Mapping) else None
        username = data.get("username") if isinstance(data, Mapping) else None
        # X's usernames are letters, digits and _ (15 at most): anything else is not said
        shown = (f"@{username}" if isinstance(username, str)
                 and re.fullmatch(r"\w{1,50}", username, re.ASCII) else None)
        return Poster(_me_of(payload), name=shown)

    async def _own_id(self) -> str:
        """The account's numeric user id: ``user_id``, or else ``whose_token`` asked once:
        without it the look before a retry could not read the account's tweets and would
        take "not seen" for "not posted"."""
        if self._me is None:
            self._me = await whose_token(self.api, self.config.user_token)
        return self._me

    async def post_problem(self, text: str) -> str | None:
        """Too long for this account (``max_characters``, X's weighted count), or None."""
        return limit_problem(text, self.config.max_characters)

    def _result(self, tweet_id: str) -> PublishResult:
        return PublishResult(id=tweet_id, url=f"{self.web_url.rstrip('/')}/i/web/status/"
                                              f"{tweet_id}")

    async def _already_posted(self, text: str, reply_to: str | None, *,
                              since: datetime | None) -> PublishResult | None:
        """Our tweet with this text (links as sent, not as t.co) and reply target, made at or
        after ``since`` (``is_ours``), among the account's newest ``LOOK_PAGES`` pages: the
        retry comes a publishing lease after the attempt, and the account may have posted a
        lot meanwhile. ``start_time`` (inclusive, whole seconds) asks X for no older tweet; an
        answer with no tweet at all is asked again without it (X's user timeline has been
        reported to answer nothing when ``start_time`` is set though tweets of the span exist,
        https://github.com/xdevplatform/samples/issues/93: a look trusting it tweeted a second
        copy), each tweet's own time checked as ever: one request more, on a retry only."""
        await self._who.check(now="the user token now posts")
        me = await self._own_id()
        params = {"max_results": "100",
                  "tweet.fields": "created_at,referenced_tweets,entities,note_tweet"}
        if since is not None:
            # X reads it as UTC, whole seconds (floored: inclusive); ``since`` may carry an offset
            params["start_time"] = f"{since.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
        tokens = PageTokens(f"x: pagination_token of /2/users/{me}/tweets",
                            source=f"x publisher {self.config.id}", skipped=None,
                            rest="the look reads no further")
        for _ in range(LOOK_PAGES):
            _, payload = await self.api.call(
                "GET", f"/2/users/{me}/tweets", token=self.config.user_token, params=params)
            page = parse_page(payload)
            if not page.tweets and "start_time" in params and "pagination_token" not in params:
                params.pop("start_time")  # empty, bounded: read the newest again, unbounded
                _, payload = await self.api.call(
                    "GET", f"/2/users/{me}/tweets", token=self.config.user_token,
                    params=params)
                page = parse_page(payload)
            oldest: datetime | None = None
            for tweet in page.tweets:
                refs = [r.get("id") for r in objects(tweet.get("referenced_tweets"))
                        if r.get("type") == "replied_to"]
                tweet_id = str(tweet.get("id"))
                made = oldest = tweet_time(tweet, tweet_id)
                if (_same_text(as_posted(tweet), text) and (reply_to is None or reply_to in refs)
                        and is_ours(made, since, what=f"x: tweet {tweet_id}")):
                    return self._result(tweet_id)
            if since is not None and oldest is not None and oldest < since:
                return None  # newest first: the rest is older still
            if (following := tokens.follow(page.next_token)) is None:
                return None
            params["pagination_token"] = following
        if since is None:  # nobody knows when publishing began: as many as it reads
            return None
        # not back to the first attempt yet: ours may be further back, so 'not seen' is not
        # 'not posted' (posting again would make it twice); the try stays unconfirmed
        raise SourceError(f"x: the look for the tweet read the account's newest "
                          f"{LOOK_PAGES * 100} tweets without reaching the first attempt")

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        return await self._done.once(idempotency_key, lambda: self._publish(
            text, reply_to, idempotency_key, maybe_published, attempted_since))

    async def _publish(self, text: str, reply_to: str | None, idempotency_key: str,
                       maybe_published: bool, attempted_since: datetime | None,
                       ) -> PublishResult:
        target = reply_to.removeprefix("x:") if reply_to else None
        body: dict[str, Any] = {"text": text}
        if target:
            body["reply"] = {"in_reply_to_tweet_id": target}

        async def post() -> tuple[int, Any]:
            # a 2xx whose body cannot be read (cut short, a proxy's page) made the tweet all
            # the same: unconfirmed, looked for before posting again (it was failed as
            # "nothing posted", and drafting it again tweeted it twice: a review, 2026-12-06)
            return await self.api.call("POST", "/2/tweets", token=self.config.user_token,
                                       body=body, accept=CREATED)

        try:
            answer = await self._guard.send(
                idempotency_key, post=post,
                look=lambda since: self._already_posted(text, target, since=since),
                certain=(RateLimited, SourceAuthError, MalformedPayload, UsageCapped),
                maybe_published=maybe_published, attempted_since=attempted_since)
        except (PublishError, RateLimited):
            raise  # RateLimited: the approval retries after the wait, nothing posted
        except Forbidden as exc:
            if DUPLICATE in exc.detail:
                raise PublishError(_duplicate(exc.detail, earlier=maybe_published or (
                    idempotency_key in self._guard.ambiguous))) from exc
            if exc.detail:  # X's reason (a reply to a deleted tweet), not the token's
                raise PublishError(f"x: publish refused: {exc.detail}") from exc
            raise PublishError(f"x: publish failed: {exc}") from exc
        except (SourceAuthError, MalformedPayload, Refused, UsageCapped) as exc:
            # final: nothing posted
            raise PublishError(f"x: publish failed: {exc}") from exc
        except SourceError as exc:  # a timeout, a 5xx, and the look found none: the same key
            # again later, looking first. The look before the POST failing: this try sent
            # nothing (an earlier one may have, which is why it looked)
            failed = PublishNotSent if isinstance(exc, LookFailed) else PublishUncertain
            raise failed(f"x: publish failed: {exc}") from exc
        if isinstance(answer, PublishResult):
            return answer
        status, payload = answer
        data = payload.get("data") if isinstance(payload, Mapping) else None
        if not isinstance(data, Mapping) or not isinstance(data.get("id"), str):
            raise PublishUncertain(f"x: the answer to the publish ({status}) names no tweet "
                                   f"({str(payload)[:120]}); it is looked for before posting "
                                   "again")
        return self._result(data["id"])
