"""Talking to Reddit's OAuth API: the access token, the User-Agent, the rate-limit budget, and
the translation of every HTTP outcome into bot.core.errors.

Token: ``POST <auth_url>/api/v1/access_token`` with HTTP basic auth (client id and secret); a
script app uses the password grant (``username`` and ``password`` set), any other app the
client-credentials grant. The token is kept in memory until ``expires_in`` (less a margin) and
fetched again after that, or once when a request with a token from an earlier call gets a 401.
A 401 with a token fetched for this very request means the credentials are refused.

Rate limits: every answer's ``X-Ratelimit-Remaining`` / ``-Reset`` (seconds until the window
resets) is remembered; once the budget is spent the next request raises ``RateLimited`` without
being sent. The token request is no part of that budget (it goes to ``auth_url``, not the API):
it is sent whatever the budget, and its answer's headers are not taken for the client's. A
429 honours ``Retry-After``, else the reset header. Reddit counts the requests of an OAuth
client against one budget, so the record is kept per API and client id (``Budget``), shared by
every source and publisher of that app in a process.

Errors: timeouts, transport failures and 5xx are ``SourceError``; 401 after a fresh token and
403 are ``SourceAuthError``, except a 403 naming its ``reason`` (a subreddit made private,
quarantined, for members only), which is that listing's ``SourceError`` (``SubredditRefused``
under ``/r/<name>/``, saying what to change); a body that is not JSON (Reddit's HTML error
pages) on a 2xx is ``MalformedPayload``, on a 4xx a ``SourceError`` saying so. A 4xx but 401,
408 and 429 is ``Refused`` (a ``SourceError``): Reddit did not act on the request, so a
comment so answered was not posted.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from bot.core.errors import (
    MalformedPayload,
    RateLimited,
    SourceAuthError,
    SourceError,
    rate_wait,
)
from bot.core.ports import Clock
from bot.core.text import one_line
from integrations.social.common.budgets import shared_budget
from integrations.social.common.jsonpage import json_page
from integrations.social.common.shapes import said_in
from integrations.social.reddit.config import RedditSourceConfig, user_agent
from integrations.social.rss.source import retry_after

log = logging.getLogger(__name__)

TOKEN_MARGIN = timedelta(seconds=60)  # refresh a little early: a token must not expire in flight


def _reason(response: httpx.Response) -> str | None:
    """The ``reason`` Reddit gives a refused listing (``private``, ``quarantined``,
    ``gold_only``, ``banned``), cut to a word; None when the body names none."""
    return said_in(response.content, "reason", limit=40) or None


class Refused(SourceError):
    """Reddit refused the request with a 4xx before acting on it (a 400, a 403 naming its
    reason, a 404): a write so answered made nothing. Not 401 (a token fetched again), 408 (a
    server or proxy that stopped waiting for the request: said nothing of it) nor 429
    (``RateLimited``)."""


def refused_or_not(status: int) -> type[SourceError]:
    """``Refused`` for a 4xx that says the request was not acted on, else ``SourceError``."""
    return Refused if 400 <= status < 500 and status not in (401, 408, 429) else SourceError


class SubredditRefused(Refused):
    """A subreddit's listing Reddit refuses for the subreddit's own sake (made private,
    quarantined, banned, for Premium members: the ``reason`` of its 403 or 404): each of its
    listings answers alike, so a poll asks one (``listings``: the paths under it)."""

    def __init__(self, message: str, *, listings: str) -> None:
        super().__init__(message)
        self.listings = listings


# what each reason means and what to change; {sub} the subreddit as r/<name>, {user} the account
_SUBREDDIT_REASONS = {
    "private": "{sub} is private: Reddit lists it only to its approved users; ask its "
               "moderators to make u/{user} an approved user, or take it out of subreddits",
    "quarantined": "{sub} is quarantined: Reddit lists it only to a user who opted in to it; "
                   "log in to reddit.com as u/{user} and opt in to {sub} (open it and choose to "
                   "view it), or take it out of subreddits",
    "banned": "{sub} is banned by Reddit: nothing in it can be read; take it out of subreddits",
    "gold_only": "{sub} is for Reddit Premium members only: take it out of subreddits, or read "
                 "it with an account that has Premium",
}
# the same, for an app without a user (the client-credentials grant): no user to approve
_NO_USER = ("{sub} is {reason}: Reddit lists it only to a user it lets in, and this app reads "
            "as none: set username and password (a script app) for an account it lets in, or "
            "take it out of subreddits")


def subreddit_refused(config: RedditSourceConfig, path: str, status: int,
                      reason: str | None) -> SubredditRefused | None:
    """What Reddit's refusal of a listing under ``/r/<name>/`` for ``reason`` means, in one
    line with what to change; None for another path or reason. It said the listing's path and
    the reason alone (``forbidden (403 private)``, ``answered 404: banned Not Found``), once
    for each listing of the subreddit."""
    parts = path.split("/")
    if reason not in _SUBREDDIT_REASONS or len(parts) < 4 or parts[1] != "r":
        return None
    name = parts[2]
    sub = f"one of r/{name}" if "+" in name else f"r/{name}"
    if (config.username and config.password) or reason in ("banned", "gold_only"):
        said = _SUBREDDIT_REASONS[reason].format(sub=sub, user=config.username)
    else:
        said = _NO_USER.format(sub=sub, reason=reason)
    head, _, todo = said.partition(": ")
    return SubredditRefused(f"reddit: {head} ({path} answered {status} {reason}): {todo}",
                            listings=f"/r/{name}/")


def redirected(response: httpx.Response, what: str) -> SourceError:
    """What a redirect Reddit answers a listing with means, in one line with what to change:
    a subreddit that does not exist is sent to its subreddit search (``/subreddits/search
    ?q=<name>``; praw's "Redirect to /subreddits/search"), a search whose query is an address
    to the submit page (praw-dev/praw#880); any other says where it went. Each was "body is
    not JSON" at every poll, naming nothing to put right."""
    location = response.headers.get("location", "")
    status = response.status_code
    try:
        target = urlsplit(location)
    except ValueError:  # "Invalid IPv6 URL" (an unclosed [), a host NFKC breaks: said as sent
        return SourceError(f"reddit: {what} answered {status}, a redirect to an address that "
                           f"cannot be read ({one_line(location, 80)}): not followed")
    if target.path.rstrip("/").endswith("/subreddits/search"):
        name = one_line(parse_qs(target.query).get("q", ["?"])[0], 40)
        return SourceError(f"reddit: {what}: r/{name} does not exist (Reddit answers {status}, "
                           "to its subreddit search): check its spelling in subreddits")
    if target.path.rstrip("/").endswith("/submit"):
        return SourceError(f"reddit: {what}: Reddit answers a search for an address with its "
                           f"submit page ({status}): write the query in queries as "
                           'url:"<the address>" (or its domain as site:<domain>)')
    return SourceError(f"reddit: {what} answered {status}, a redirect to "
                       f"{one_line(target.path or location, 80) or 'nowhere'}: not followed")


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Token:
    value: str
    expires: datetime


@dataclass
class Budget:
    """An OAuth client's rate budget as Reddit last said it: spent until ``paused_until``;
    ``remaining`` the requests left (X-Ratelimit-Remaining) and till when that holds."""

    paused_until: datetime | None = None
    remaining: tuple[float, datetime] | None = None


def client_budget(client: httpx.AsyncClient, config: RedditSourceConfig) -> Budget:
    """The budget ``config``'s OAuth client spends, shared by every source and publisher of
    that API and client id on ``client``: Reddit counts every request of an OAuth client
    against one budget ("100 queries per minute per OAuth client id"; the X-Ratelimit-*
    headers "based on client id only": r/modnews, "API Update: Continued access to our API for
    moderators", 2023-05-31); requests without OAuth spend the address's ("")."""
    return shared_budget(client, Budget, config.base_url, config.client_id)


class RedditApi:
    """One account's requests. Shared by the source and the publisher of that account."""

    def __init__(self, config: RedditSourceConfig, *, client: httpx.AsyncClient,
                 clock: Clock) -> None:
        self.config = config
        self.client = client
        self.clock = clock
        self.user_agent = user_agent(config)
        self._token: Token | None = None
        self.requests_sent = 0
        # the OAuth client's, shared with the other sources and publishers of the app; its
        # ``remaining`` is what the source's re-read of recent things may spend
        self.budget = client_budget(client, config)

    @property
    def _paused_until(self) -> datetime | None:
        return self.budget.paused_until

    @_paused_until.setter
    def _paused_until(self, until: datetime | None) -> None:
        self.budget.paused_until = until

    @property
    def _remaining(self) -> tuple[float, datetime] | None:
        return self.budget.remaining

    @_remaining.setter
    def _remaining(self, remaining: tuple[float, datetime] | None) -> None:
        self.budget.remaining = remaining

    # --- rate budget -------------------------------------------------------------------------

    def _check_budget(self, what: str) -> None:
        if self._paused_until is None:
            return
        wait = (self._paused_until - self.clock()).total_seconds()
        if wait > 0:
            raise RateLimited(f"reddit: request budget spent, not sending {what}",
                              retry_after=wait)
        self._paused_until = None

    def remaining(self) -> float | None:
        """The requests Reddit last said were left in its window (X-Ratelimit-Remaining);
        None when it said none, or its window (X-Ratelimit-Reset) has ended since."""
        if self._remaining is None or self.clock() >= self._remaining[1]:
            return None
        return self._remaining[0]

    def pause(self, seconds: float, what: str) -> None:
        """No request sent for ``seconds`` (a 429 caught by a caller that goes on): the next
        one raises ``RateLimited`` unsent, and the runtime pauses the source."""
        until = self.clock() + timedelta(seconds=max(1.0, rate_wait(seconds)))
        if self._paused_until is None or until > self._paused_until:
            self._paused_until = until
        log.info("reddit %s: %s rate limited, pausing %.0fs", self.config.id, what,
                 (until - self.clock()).total_seconds())

    def _note_budget(self, headers: Mapping[str, str]) -> None:
        remaining = _float(headers.get("x-ratelimit-remaining"))
        reset = _float(headers.get("x-ratelimit-reset"))
        if remaining is not None and reset is not None and math.isfinite(remaining):
            self._remaining = (remaining, self.clock() + timedelta(
                seconds=max(0.0, rate_wait(reset))))
        if remaining is not None and remaining < 1 and reset is not None:
            # bounded: a reset of 1e300 or inf raised OverflowError out of every request, one
            # of years paused the source for as long
            wait = max(1.0, rate_wait(reset))
            self._paused_until = self.clock() + timedelta(seconds=wait)
            log.info("reddit %s: rate budget spent, pausing %.0fs", self.config.id, wait)

    # --- transport ---------------------------------------------------------------------------

    async def _send(self, method: str, url: str, what: str, *,
                    params: Mapping[str, str] | None = None, data: Mapping[str, str] | None = None,
                    headers: Mapping[str, str], auth: tuple[str, str] | None = None,
                    counted: bool = True) -> httpx.Response:
        """One request; ``counted``: it spends the OAuth client's budget, whose pause holds it
        and whose record its X-Ratelimit-* answer updates (the token request does not)."""
        if counted:
            self._check_budget(what)
        try:
            self.requests_sent += 1
            response = await self.client.request(
                method, url, params=params, data=data, timeout=self.config.timeout,
                headers={"User-Agent": self.user_agent, **headers},
                auth=auth if auth else httpx.USE_CLIENT_DEFAULT)
        except httpx.TimeoutException as exc:
            raise SourceError(f"reddit: {what} timed out") from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"reddit: {what} failed: {type(exc).__name__}") from exc
        if counted:
            self._note_budget(response.headers)
        status = response.status_code
        if status == 429:
            reset = _float(response.headers.get("x-ratelimit-reset"))
            default = reset if reset is not None and reset > 0 else 60.0
            raise RateLimited(f"reddit: {what} rate limited",
                              retry_after=retry_after(response.headers, self.clock(),
                                                      default=default))
        if status >= 500:
            raise SourceError(f"reddit: {what} answered {status}")
        return response

    @staticmethod
    async def _json(response: httpx.Response, what: str) -> Any:
        try:
            return await json_page(response.content, f"reddit: {what}")
        except ValueError as exc:  # includes UnicodeDecodeError and a body cut short
            kind = response.headers.get("content-type", "?").split(";")[0]
            if response.status_code >= 400:
                raise refused_or_not(response.status_code)(
                    f"reddit: {what} answered {response.status_code} with a {kind} body, "
                    "not JSON") from exc
            raise MalformedPayload(f"reddit: {what} body is not JSON ({kind})") from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"reddit: {what} body failed: {type(exc).__name__}") from exc

    # --- token -------------------------------------------------------------------------------

    async def _fetch_token(self) -> Token:
        cfg = self.config
        if not cfg.client_id:
            raise SourceAuthError(f"reddit {cfg.id}: no client_id configured")
        form = ({"grant_type": "password", "username": cfg.username, "password": cfg.password}
                if cfg.username and cfg.password else {"grant_type": "client_credentials"})
        # not counted: Reddit counts an OAuth client's requests to its API (``base_url``); the
        # token request goes to ``auth_url`` (www.reddit.com), whose X-Ratelimit-* are that
        # host's own, and taken for the client's, a 0 there paused every poll and publish
        response = await self._send(
            "POST", cfg.auth_url.rstrip("/") + "/api/v1/access_token", "access_token",
            data=form, headers={}, auth=(cfg.client_id, cfg.client_secret or ""),
            counted=False)
        if response.status_code in (400, 401, 403):
            raise SourceAuthError(f"reddit {cfg.id}: client credentials refused "
                                  f"({response.status_code})")
        payload = await self._json(response, "access_token")
        # a wrong password is a 200 with {"error": "invalid_grant"}
        token = payload.get("access_token") if isinstance(payload, Mapping) else None
        if not isinstance(token, str) or not token:
            error = payload.get("error") if isinstance(payload, Mapping) else None
            raise SourceAuthError(f"reddit {cfg.id}: no access token ({error or 'no reason'})")
        expires_in = payload.get("expires_in")
        seconds = float(expires_in) if isinstance(expires_in, int | float) else 3600.0
        return Token(token, self.clock() + timedelta(seconds=seconds) - TOKEN_MARGIN)

    async def _current_token(self) -> tuple[str, bool]:
        """The token, and whether it was fetched just now."""
        if self._token is not None and self.clock() < self._token.expires:
            return self._token.value, False
        self._token = await self._fetch_token()
        return self._token.value, True

    async def ready(self) -> None:
        """A current token, fetched now if there is none (it lives an hour): a caller whose
        request must not fail ambiguously (a comment) gets the token's failure before it."""
        await self._current_token()

    # --- calls -------------------------------------------------------------------------------

    async def call(self, method: str, path: str, *, params: Mapping[str, str] | None = None,
                   data: Mapping[str, str] | None = None) -> Any:
        """One authorised request; returns the decoded JSON body of a 2xx answer."""
        what = path
        url = self.config.base_url.rstrip("/") + path
        query = {**(params or {}), "raw_json": "1"}
        for attempt in (1, 2):
            token, fresh = await self._current_token()
            response = await self._send(method, url, what, params=query, data=data,
                                        headers={"Authorization": f"bearer {token}"})
            if response.status_code == 401:
                self._token = None
                if fresh or attempt == 2:
                    challenge = response.headers.get("www-authenticate", "")
                    raise SourceAuthError(f"reddit: {what} refused the token (401 {challenge})")
                log.info("reddit %s: token refused, fetching a new one", self.config.id)
                continue
            break
        if response.status_code == 403:
            reason = _reason(response)
            if (gone := subreddit_refused(self.config, path, 403, reason)) is not None:
                raise gone
            if reason is None:
                raise SourceAuthError(f"reddit: {what} forbidden (403)")
            # the listing's own refusal, not the credentials': a subreddit made private,
            # quarantined or for members only answers {"reason": "private", ...}
            raise Refused(f"reddit: {what} forbidden (403 {reason})")
        if 300 <= response.status_code < 400:
            raise redirected(response, what)
        payload = await self._json(response, what)
        if response.status_code >= 400:
            detail = ""
            reason = payload.get("reason") if isinstance(payload, Mapping) else None
            if (gone := subreddit_refused(self.config, path, response.status_code,
                                          reason if isinstance(reason, str) else None)):
                raise gone  # a banned subreddit's 404
            if isinstance(payload, Mapping):
                detail = " ".join(str(payload[k]) for k in ("reason", "explanation", "message")
                                  if payload.get(k))
            raise refused_or_not(response.status_code)(
                f"reddit: {what} answered {response.status_code}: {detail}")
        return payload

    async def read_public(self, public_url: str, path: str, *,
                          params: Mapping[str, str] | None = None) -> Any:
        """A read without OAuth, on the public site (``<public_url><path>.json``), for an
        account with no app configured: Reddit serves it to 10 requests a minute, and may
        refuse unauthenticated clients altogether (401/403: ``SourceAuthError``)."""
        what = path
        url = public_url.rstrip("/") + path + ".json"
        response = await self._send("GET", url, what, params={**(params or {}), "raw_json": "1"},
                                    headers={})
        if response.status_code in (401, 403):
            raise SourceAuthError(f"reddit: {what} refused without OAuth "
                                  f"({response.status_code}); configure client_id")
        if 300 <= response.status_code < 400:
            raise redirected(response, what)
        payload = await self._json(response, what)
        if response.status_code >= 400:
            raise SourceError(f"reddit: {what} answered {response.status_code}")
        return payload
