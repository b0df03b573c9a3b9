"""XRPC over HTTP for Bluesky: an app-password session (``createSession`` on the PDS, refreshed
with ``refreshSession`` when the access token expires), and every outcome translated into our
errors: 401 and refused sessions pause the source, 429 honours ``Retry-After`` or
``ratelimit-reset`` (epoch seconds), 5xx and timeouts are retried later, bad JSON is
malformed. Reads go to the AppView (``base_url``), writes and sessions to the PDS
(``pds_url``); with a session both carry its bearer token."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import httpx

from bot.core.config import BlueskySourceConfig
from bot.core.errors import MalformedPayload, RateLimited, SourceAuthError, SourceError
from bot.core.ports import Clock
from integrations.social.rss.source import DEFAULT_USER_AGENT, retry_after

log = logging.getLogger(__name__)


class BlueskyApi:
    def __init__(self, config: BlueskySourceConfig, *, client: httpx.AsyncClient,
                 clock: Clock) -> None:
        self.config = config
        self.client = client
        self.clock = clock
        self.access: str | None = None
        self.refresh: str | None = None
        self.did: str | None = None
        self.handle: str | None = None

    @property
    def can_login(self) -> bool:
        return bool(self.config.handle and self.config.app_password)

    def _url(self, base: str, method: str) -> str:
        return f"{base.rstrip('/')}/xrpc/{method}"

    async def login(self) -> None:
        if not self.can_login:
            raise SourceAuthError(f"bluesky {self.config.id}: handle and app_password needed")
        data = await self._send("POST", self.config.pds_url, "com.atproto.server.createSession",
                                json={"identifier": self.config.handle,
                                      "password": self.config.app_password}, auth=None)
        self._take(data)

    def _take(self, data: Any) -> None:
        if not isinstance(data, Mapping) or not isinstance(data.get("accessJwt"), str):
            raise MalformedPayload("session answer without accessJwt")
        self.access = str(data["accessJwt"])
        self.refresh = str(data.get("refreshJwt") or "") or None
        self.did = str(data.get("did") or "") or self.did
        self.handle = str(data.get("handle") or "") or self.handle

    async def _refresh(self) -> None:
        if self.refresh is None:
            await self.login()
            return
        try:
            data = await self._send("POST", self.config.pds_url,
                                    "com.atproto.server.refreshSession", auth=self.refresh)
        except SourceAuthError:
            await self.login()  # the refresh token expired too: start a new session
            return
        self._take(data)

    async def call(self, method: str, *, params: Mapping[str, Any] | None = None,
                   json: Any = None, write: bool = False) -> Any:
        """One XRPC call; logs in first when credentials are configured, and refreshes an
        expired session once."""
        if self.access is None and self.can_login:
            await self.login()
        base = self.config.pds_url if write else self.config.base_url
        verb = "POST" if write or json is not None else "GET"
        try:
            return await self._send(verb, base, method, params=params, json=json,
                                    auth=self.access)
        except _Expired:
            await self._refresh()
            return await self._send(verb, base, method, params=params, json=json,
                                    auth=self.access)

    async def _send(self, verb: str, base: str, method: str, *,
                    params: Mapping[str, Any] | None = None, json: Any = None,
                    auth: str | None) -> Any:
        headers = {"User-Agent": self.config.user_agent or DEFAULT_USER_AGENT,
                   "Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {auth}"
        try:
            resp = await self.client.request(verb, self._url(base, method), params=params,
                                             json=json, headers=headers,
                                             timeout=self.config.timeout)
        except httpx.TimeoutException as exc:
            raise SourceError(f"bluesky {method}: timed out") from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"bluesky {method}: {exc}") from exc
        error = _error_name(resp)
        if resp.status_code == 400 and error == "ExpiredToken":
            raise _Expired(method)
        if resp.status_code in (401, 403) or error in ("AuthenticationRequired",
                                                       "AuthFactorTokenRequired"):
            if resp.status_code == 401 and error == "ExpiredToken":
                raise _Expired(method)
            raise SourceAuthError(f"bluesky {method}: {resp.status_code} {error or ''}".strip())
        if resp.status_code == 429:
            raise RateLimited(f"bluesky {method}: rate limited",
                              retry_after=self._wait(resp))
        if resp.status_code >= 500:
            raise SourceError(f"bluesky {method}: HTTP {resp.status_code}")
        if resp.status_code >= 400:
            raise SourceError(f"bluesky {method}: HTTP {resp.status_code} {error or ''}".strip())
        try:
            return resp.json()
        except ValueError as exc:
            raise MalformedPayload(f"bluesky {method}: body is not JSON") from exc

    def _wait(self, resp: httpx.Response) -> float:
        if resp.headers.get("retry-after"):
            return retry_after(resp.headers, self.clock())
        reset = resp.headers.get("ratelimit-reset")
        try:
            return max(1.0, float(reset) - self.clock().timestamp()) if reset else 60.0
        except ValueError:
            return 60.0


class _Expired(Exception):
    """The access token expired: refresh the session and retry once."""


def _error_name(resp: httpx.Response) -> str | None:
    if resp.status_code < 400:
        return None
    try:
        body = resp.json()
    except ValueError:
        return None
    return str(body.get("error")) if isinstance(body, Mapping) and body.get("error") else None
