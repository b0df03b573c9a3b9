"""Requests to a Mastodon server, with its errors and rate-limit headers translated into ours.

Owns the HTTP edge shared by the source, the stream and the publisher: the bearer token, the
User-Agent, timeouts, and the rate-limit bookkeeping. Mastodon sends ``X-RateLimit-Remaining``
and ``X-RateLimit-Reset`` (an ISO 8601 time) on every answer; once ``remaining`` reaches 0 the
server would refuse us until the reset, so the next request is not sent at all and raises
``RateLimited`` with the time left. Status mapping:

    401 / 403        -> SourceAuthError
    429              -> RateLimited (Retry-After, else the reset header, else 5 minutes)
    5xx, timeouts,
    transport errors -> SourceError
    other 4xx        -> SourceError with the server's ``error`` text
    non-JSON body    -> MalformedPayload

It also reads RFC 8288 ``Link`` headers, taking only the query of a link: the host in a link is
the server's idea of its own name, and a source must never be steered to another host.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import httpx

from bot.core.errors import (
    RATE_WAIT_MAX,
    MalformedPayload,
    RateLimited,
    SourceAuthError,
    SourceError,
)
from bot.core.ports import Clock
from integrations.social.common.budgets import shared_budget
from integrations.social.common.jsonpage import json_page
from integrations.social.common.shapes import said_in
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.parse import parse_time
from integrations.social.rss.source import DEFAULT_USER_AGENT, retry_after

log = logging.getLogger(__name__)

DEFAULT_PAUSE = 300.0  # Mastodon's rate-limit window is five minutes
_LINK = re.compile(r'<([^<>]*+)>\s*;\s*rel="?([^";,]++)"?')  # linear in a hostile header


@dataclass(frozen=True)
class Answer:
    payload: Any
    headers: httpx.Headers


def link_params(header: str | None, rel: str) -> dict[str, str]:
    """The query parameters of the ``rel`` link in a ``Link`` header ({} when absent, or when
    its address cannot be split: an unclosed ``[`` host made every poll of the source fail on
    ValueError; without the link the poll stops there and the next one goes on from the
    cursor)."""
    for url, name in _LINK.findall(header or ""):
        if rel in name.split():
            try:
                query = urlsplit(url).query
            except ValueError:
                return {}
            return {k: v[0] for k, v in parse_qs(query).items() if v}
    return {}


def server_error_text(response: httpx.Response) -> str:
    return said_in(response.content, "error")


@dataclass
class Budget:
    """An account's rate limit as its server last said it: spent until ``paused_until``."""

    paused_until: datetime | None = None


def account_budget(client: httpx.AsyncClient, config: MastodonSourceConfig) -> Budget:
    """The budget ``config``'s token spends on its server, shared by every source and
    publisher of that server and token on ``client``: Mastodon counts a token's requests
    against its account ("Account access", ``* /api/*``, 300 in 5 minutes), and those without
    a token against the address they come from (docs.joinmastodon.org/api/rate-limits)."""
    return shared_budget(client, Budget, config.base_url, config.token)


class MastodonApi:
    def __init__(self, config: MastodonSourceConfig, *, client: httpx.AsyncClient,
                 clock: Clock) -> None:
        self.config = config
        self.client = client
        self.clock = clock
        self.budget = account_budget(client, config)

    @property
    def paused_until(self) -> datetime | None:
        return self.budget.paused_until

    @paused_until.setter
    def paused_until(self, until: datetime | None) -> None:
        self.budget.paused_until = until

    def headers(self, *, token: bool) -> dict[str, str]:
        headers = {"User-Agent": self.config.user_agent or DEFAULT_USER_AGENT,
                   "Accept": "application/json"}
        if token and self.config.token:
            headers["Authorization"] = f"Bearer {self.config.token}"
        return headers

    def pause_left(self) -> float:
        """Seconds until the server will take requests again (0 when it will now)."""
        if self.paused_until is None:
            return 0.0
        left = (self.paused_until - self.clock()).total_seconds()
        if left <= 0:
            self.paused_until = None
            return 0.0
        return left

    def check_budget(self, what: str) -> None:
        if (left := self.pause_left()) > 0:
            raise RateLimited(f"mastodon: rate limit spent; {what} waits for the reset",
                              retry_after=left)

    def note_limits(self, headers: httpx.Headers) -> None:
        remaining = headers.get("x-ratelimit-remaining")
        if remaining is None or remaining.strip() != "0":
            return
        try:
            reset = parse_time(headers.get("x-ratelimit-reset"))
        except MalformedPayload:
            reset = None
        now = self.clock()
        if reset is None or reset <= now:
            return
        # bounded: a reset in year 9999 paused the source until then, never asking again
        self.paused_until = min(reset, now + timedelta(seconds=RATE_WAIT_MAX))
        log.info("mastodon %s: rate limit spent until %s", self.config.id, reset.isoformat())

    def raise_for(self, response: httpx.Response, what: str, *, sent_token: bool = True) -> None:
        """Our error for a refused answer. ``sent_token``: whether the request carried the
        token; a 401 or 403 to one without is the server wanting one, not refusing ours."""
        status = response.status_code
        if status == 429:
            now = self.clock()
            wait = retry_after(response.headers, now, default=-1.0)
            if wait < 0:
                try:
                    wait = max(1.0, (parse_time(response.headers.get("x-ratelimit-reset"))
                                     - now).total_seconds())
                except MalformedPayload:
                    wait = DEFAULT_PAUSE
            self.paused_until = None  # the 429's own wait decides; the runtime pauses the source
            raise RateLimited(f"mastodon: {what} rate limited", retry_after=wait)
        if status in (401, 403) and not sent_token:
            # a server that lets only signed-in users read this (Mastodon 4.5's
            # timelines_access: authenticated hashtag feeds; hashtag streams from 4.2)
            said = server_error_text(response)
            raise SourceAuthError(
                f"mastodon: {what} needs an access token on this server ({status}"
                f"{': ' + said if said else ''}); set token: to one with read:statuses "
                "(Preferences -> Development -> New application), e.g. token: "
                "${MASTODON_TOKEN}")
        if status in (401, 403):
            raise SourceAuthError(f"mastodon: {what} refused the token ({status}) "
                                  f"{server_error_text(response)}".rstrip())
        if status >= 500:
            raise SourceError(f"mastodon: {what} answered {status}")
        if status >= 400:
            raise SourceError(f"mastodon: {what} answered {status}: "
                              f"{server_error_text(response)}")

    async def get(self, path: str, *, params: Mapping[str, str | list[str]] | None = None,
                  token: bool = False) -> Answer:
        answer = await self._get(path, params=params, token=token, missing_ok=False)
        assert answer is not None
        return answer

    async def find(self, path: str, *, params: Mapping[str, str | list[str]] | None = None,
                   token: bool = False) -> Answer | None:
        """Like ``get``, but None when the server answers 404 or 410: what Mastodon says of a
        status that was deleted or that this token may not see (methods/statuses.md)."""
        return await self._get(path, params=params, token=token, missing_ok=True)

    async def absent(self, path: str, *, params: Mapping[str, str | list[str]] | None = None,
                     token: bool = False) -> Answer | None:
        """Like ``get``, but None when the server answers 404 or 410 with its own JSON
        ``error``: the API saying the thing does not exist, as of a hashtag nobody on the
        server has used yet (methods/timelines#tag: "404: Not found - Hashtag does not
        exist"; GoToSocial answers so). A 404 that is no API answer (an HTML page: a
        base_url that is no Mastodon server) raises as ``get`` does."""
        return await self._get(path, params=params, token=token, missing_ok="api")

    async def _get(self, path: str, *, params: Mapping[str, str | list[str]] | None,
                   token: bool, missing_ok: bool | Literal["api"]) -> Answer | None:
        what = f"GET {path}"
        if token and not self.config.token:
            raise SourceAuthError(f"mastodon: {path} needs a token and none is configured")
        self.check_budget(what)
        try:
            headers = self.headers(token=token)
            response = await self.client.get(
                self.config.base_url.rstrip("/") + path, params=params, headers=headers,
                timeout=self.config.timeout)
        except httpx.TimeoutException as exc:
            raise SourceError(f"mastodon: {what} timed out") from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"mastodon: {what} failed: {type(exc).__name__}") from exc
        self.note_limits(response.headers)
        if missing_ok and response.status_code in (404, 410) and (
                missing_ok is True or server_error_text(response)):
            return None
        self.raise_for(response, what, sent_token="Authorization" in headers)
        try:
            payload = await json_page(response.content, f"mastodon: {what}")
        except ValueError as exc:
            raise MalformedPayload(f"mastodon: {what} body is not JSON") from exc
        return Answer(payload, response.headers)
