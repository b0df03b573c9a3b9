"""XRPC over HTTP for Bluesky: an app-password session and every outcome translated into our
errors.

Where each request goes (docs.bsky.app, "API Hosts and Auth"): with a session, **every** call
goes to the account's PDS (``pds_url``): its own ``com.atproto.*`` methods, and ``app.bsky.*``
reads, which the PDS proxies to its AppView with a service token of the account. The PDS
access token never leaves for the AppView, which refuses it (``401 InvalidToken "Malformed
token"``). ``appview_proxy`` (a service DID with its ``#bsky_appview`` fragment) is sent as
the ``atproto-proxy`` header when set; unset, the PDS uses the AppView it is configured with,
which is what the docs prescribe for the Bluesky AppView. Without credentials, only public
``app.bsky.*`` reads are made, unauthenticated, straight to the AppView (``base_url``).

Sessions: ``createSession`` on the PDS, made once an account and kept in the store by the
app's ``SessionVault`` (integrations/social/common/sessions.py), which the account's source,
publisher, other processes and the next start take instead of making their own (the PDS allows
30 new ones a handle in 5 minutes). An access token that answers ``ExpiredToken`` is replaced
by a newer kept one, else refreshed with ``refreshSession``, and the result kept; a refresh
token that is expired or revoked (``400 ExpiredToken`` again) or refused means a new
``createSession`` from the app password; if that is refused too, ``SourceAuthError`` (the
source pauses; a publisher turns it into ``PublishError``). A token the PDS cannot verify
(``InvalidToken``: its keys changed), and a kept session refused in any way (the PDS may no
longer know it), are renewed so too; a session still refused after that is dropped, so that
the next call starts again from the vault.

Other outcomes: 429 honours ``Retry-After`` or ``ratelimit-reset`` (epoch
seconds), 5xx and timeouts are ``SourceError`` (retried later), bad JSON is malformed; a 4xx
carries the XRPC error name in ``XrpcError.error``.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from bot.core.errors import MalformedPayload, RateLimited, SourceAuthError, SourceError
from bot.core.ports import Clock
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.hosting import elsewhere
from integrations.social.common.jsonpage import json_page
from integrations.social.common.sessions import SessionVault
from integrations.social.common.shapes import said_in
from integrations.social.rss.source import DEFAULT_USER_AGENT, retry_after

log = logging.getLogger(__name__)


# The scope of a session made with the account's own password (@atproto/pds auth-scope):
# one made with an app password is "com.atproto.appPass" (or "...appPassPrivileged")
FULL_ACCESS = "com.atproto.access"
# a refused session is renewed at most this often for one call: once for an expired token,
# once more when a newer session kept by another process had expired too
RENEWALS = 2


def session_scope(access_jwt: str) -> str | None:
    """The ``scope`` an access token's payload names (read, not verified: the PDS checks it),
    or None when it names none or is no JWT."""
    parts = access_jwt.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return None
    scope = payload.get("scope") if isinstance(payload, dict) else None
    return scope if isinstance(scope, str) else None


def account_password_warning(source_id: str) -> str:
    return (f"bluesky {source_id}: app_password is the account's own password, which lets "
            "socialops do anything the account can (change its email and password, delete "
            "it); make an app password for it (Settings → Privacy and security → App "
            "passwords) and set that instead")


class XrpcError(SourceError):
    """A 4xx answer that is not about auth or rate limits; ``error`` is its XRPC error name."""

    def __init__(self, message: str, *, status: int, error: str | None) -> None:
        super().__init__(message)
        self.status = status
        self.error = error


class BlueskyApi:
    def __init__(self, config: BlueskySourceConfig, *, client: httpx.AsyncClient,
                 clock: Clock, sessions: SessionVault | None = None) -> None:
        self.config = config
        self.client = client
        self.clock = clock
        self.vault = sessions
        self.access: str | None = None
        self.refresh: str | None = None
        self.did: str | None = None
        self.handle: str | None = None
        self.sessions = 0  # createSession calls made (a new session after a revoked one)
        self._scope_said = False  # the account's own password, said once
        # the session in hand was read from the vault, not made by this object: a refusal of
        # it may be of a session the PDS no longer knows (its data or keys changed), not of
        # the call, and is answered by renewing it once
        self._kept_elsewhere = False

    @property
    def can_login(self) -> bool:
        return bool(self.config.handle and self.config.app_password)

    def _url(self, base: str, method: str) -> str:
        return f"{base.rstrip('/')}/xrpc/{method}"

    async def login(self) -> None:
        if not self.can_login:
            raise SourceAuthError(f"bluesky {self.config.id}: handle and app_password needed")
        self.access = self.refresh = None
        try:
            data = await self._send("POST", self.config.pds_url,
                                    "com.atproto.server.createSession",
                                    json={"identifier": self.config.handle,
                                          "password": self.config.app_password}, auth=None)
        except SourceAuthError as exc:
            # a PDS refuses an account it does not host as it refuses a wrong password: say
            # where the account is hosted when that is not pds_url (the default, bsky.social,
            # for a self-hosted account)
            if type(exc) is SourceAuthError \
                    and (line := await elsewhere(self.config, self.client)) is not None:
                raise OtherPds(line) from exc
            raise
        self.sessions += 1
        self._take(data)

    @property
    def _who(self) -> str:
        return f"bluesky {self.config.id}"

    def _kept(self) -> dict[str, str | None]:
        return {"accessJwt": self.access, "refreshJwt": self.refresh, "did": self.did,
                "handle": self.handle}

    def _take_kept(self, kept: Mapping[str, Any]) -> bool:
        try:
            self._take(kept)
        except MalformedPayload:
            return False
        self._kept_elsewhere = True
        return True

    async def start_session(self) -> None:
        """A session in hand: the one the vault keeps (made by another process, by this
        account's publisher or source, or before a restart), else a new one, then kept."""
        if self.access is None:
            await self._from_vault(self.login, refused=None)

    async def _renew(self, refused: str | None) -> None:
        """The session in hand was refused (``refused``, the access token sent): take a newer
        one that another process or task kept, else refresh it (a new session when that is
        refused), and keep what was made."""
        await self._from_vault(self._refresh, refused=refused)

    async def _from_vault(self, make: Callable[[], Awaitable[None]], *,
                          refused: str | None) -> None:
        """The vault's session unless it is the one just ``refused``, else ``make`` one and
        keep it; the vault's lock makes this process's tasks for the account take turns."""
        if self.vault is None or not self.can_login:
            await make()
            return
        place = await self.vault.place(
            "bluesky", server=self.config.pds_url, account=self.config.handle or "",
            password=self.config.app_password or "")
        async with self.vault.lock(place.key):
            kept = await self.vault.load(place, who=self._who)
            if (kept is not None and kept.get("accessJwt") != refused
                    and self._take_kept(kept)):
                return
            await make()
            await self.vault.save(place, self._kept(), who=self._who)

    def _take(self, data: Any) -> None:
        if not isinstance(data, Mapping) or not isinstance(data.get("accessJwt"), str):
            raise MalformedPayload("session answer without accessJwt")
        self.access = str(data["accessJwt"])
        self._kept_elsewhere = False  # made here (_take_kept says otherwise after)
        if not self._scope_said and session_scope(self.access) == FULL_ACCESS:
            self._scope_said = True  # once: a session is made again after each refusal
            log.warning("%s", account_password_warning(self.config.id))
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
        except SourceAuthError as exc:
            # an expired or revoked refresh token (400 ExpiredToken) or one the PDS no longer
            # knows: start a new session from the app password; its refusal is final
            log.info("bluesky %s: session not refreshed (%s); logging in again",
                     self.config.id, exc)
            await self.login()
            return
        self._take(data)

    async def call(self, method: str, *, params: Mapping[str, Any] | None = None,
                   json: Any = None, write: bool = False,
                   accept: frozenset[str] = frozenset()) -> Any:
        """One XRPC call, on the PDS with the session when credentials are configured (logging
        in first, refreshing an expired session once), else unauthenticated on the AppView.
        Returns None for a 4xx whose XRPC error name is in ``accept`` (``RecordNotFound``)."""
        verb = "POST" if write or json is not None else "GET"
        if not self.can_login:
            if write:
                raise SourceAuthError(f"bluesky {self.config.id}: writing needs handle and "
                                      "app_password")
            return await self._accepting(accept, verb, self.config.base_url, method,
                                         params=params, json=json, auth=None)
        await self.start_session()
        for renewals in range(RENEWALS + 1):
            sent = self.access
            try:
                answer = await self._accepting(accept, verb, self.config.pds_url, method,
                                               params=params, json=json, auth=sent)
            except SourceAuthError as exc:
                # a token expired or one the PDS cannot verify (its keys changed), or any
                # refusal of a session read from the vault: a newer one (kept by another
                # process, or refreshed, or made), then the call again
                if renewals == RENEWALS or not (isinstance(exc, _Expired | _Invalid)
                                                or self._kept_elsewhere):
                    if isinstance(exc, _Invalid):
                        # refused even so: the next call (after the pause this error brings)
                        # starts from the vault's session or a new one, not from this one
                        self.access = None
                    raise
                await self._renew(sent)
                continue
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    async def _accepting(self, accept: frozenset[str], verb: str, base: str, method: str, *,
                         params: Mapping[str, Any] | None, json: Any,
                         auth: str | None) -> Any:
        try:
            return await self._send(verb, base, method, params=params, json=json, auth=auth)
        except XrpcError as exc:
            if exc.error in accept:
                return None
            raise

    async def _send(self, verb: str, base: str, method: str, *,
                    params: Mapping[str, Any] | None = None, json: Any = None,
                    auth: str | None) -> Any:
        headers = {"User-Agent": self.config.user_agent or DEFAULT_USER_AGENT,
                   "Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {auth}"
            if self.config.appview_proxy and method.startswith("app.bsky."):
                # atproto.com/specs/xrpc "Service Proxying": names the AppView the PDS forwards to
                headers["atproto-proxy"] = self.config.appview_proxy
        try:
            resp = await self.client.request(verb, self._url(base, method), params=params,
                                             json=json, headers=headers,
                                             timeout=self.config.timeout)
        except httpx.TimeoutException as exc:
            raise SourceError(f"bluesky {method}: timed out") from exc
        except httpx.HTTPError as exc:
            raise SourceError(f"bluesky {method}: {exc}") from exc
        error = _error_name(resp)
        if resp.status_code in (400, 401) and error == "ExpiredToken":
            raise _Expired(f"bluesky {method}: token expired")
        if resp.status_code in (400, 401) and error == "InvalidToken":
            # a token the PDS cannot verify: the reference PDS answers 400 (auth-verifier:
            # "Token could not be verified", "Malformed token"), others 401
            raise _Invalid(f"bluesky {method}: {resp.status_code} InvalidToken")
        if resp.status_code in (401, 403) or error in ("AuthenticationRequired",
                                                       "AuthFactorTokenRequired"):
            raise SourceAuthError(f"bluesky {method}: {resp.status_code} {error or ''}".strip())
        if resp.status_code == 429:
            raise RateLimited(f"bluesky {method}: rate limited",
                              retry_after=self._wait(resp))
        if resp.status_code >= 500:
            raise SourceError(f"bluesky {method}: HTTP {resp.status_code}")
        if resp.status_code >= 400:
            # the server's message too (the PDS's explanation of an InvalidRequest): the name
            # alone told an approver nothing of why a post was refused
            said = said_in(resp.content, "message")
            raise XrpcError(f"bluesky {method}: HTTP {resp.status_code} {error or ''}".strip()
                            + (f": {said}" if said else ""),
                            status=resp.status_code, error=error)
        try:
            return await json_page(resp.content, f"bluesky {method}")
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


class OtherPds(SourceAuthError):
    """createSession refused by ``pds_url``, and the account is hosted on another PDS: the
    message is the whole line, with the fix."""

    key = "pds_url"


class _Invalid(SourceAuthError):
    """The token sent is one the PDS cannot verify (``InvalidToken``): signed with a key it no
    longer has, or not its own."""


class _Expired(SourceAuthError):
    """The token sent expired (``400 ExpiredToken``): renew the session and retry (at most
    ``RENEWALS`` times). An auth error, so that if it ever escapes it pauses the source like
    one."""


def _error_name(resp: httpx.Response) -> str | None:
    if resp.status_code < 400:
        return None
    return said_in(resp.content, "error") or None
