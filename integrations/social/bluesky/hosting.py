"""Where a Bluesky account is hosted, asked when its PDS (``pds_url``) refused a session: an
account on a self-hosted PDS with ``pds_url`` left at bsky.social is refused as a wrong password
is ("Invalid identifier or password"), and was told to check its handle and app password.

Found as AT Protocol clients find it (atproto.com/specs/handle, /specs/did,
/specs/account "Account hosting"): the handle resolved to a DID with
``com.atproto.identity.resolveHandle`` on ``pds_url`` (bsky.social resolves any handle of the
network; a PDS its own and, as a rule, others too) and from ``https://<handle>/.well-known/
atproto-did``, both asked at once and the first DID found taken; then the DID document
(``did:plc`` from ``plc_url``, ``did:web`` from ``https://<host>/.well-known/did.json``, http for
``localhost``) and
its ``#atproto_pds`` service endpoint. Resolving a
handle by its DNS TXT record (``_atproto.<handle>``) is not done: the two HTTP ways cover
bsky.social's handles and a PDS's own. Each request is bounded (``LOOKUP_SECONDS``) and so is
its answer (``MOST_BYTES``); a lookup that fails is logged and says nothing.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import httpx

from integrations.social.bluesky.config import BlueskySourceConfig

log = logging.getLogger(__name__)

# each request of the lookup, connecting to the last byte: a slow PLC directory or handle host
# must not hold a refused session's report (nor check --online) for long
LOOKUP_SECONDS = 5.0
# a DID document is a few hundred bytes; whatever answers may be anyone's server
MOST_BYTES = 64 * 1024
# what a DID of either method that holds an account is written with (atproto.com/specs/did)
DID = re.compile(r"did:(?:plc:[a-z2-7]{24}|web:[a-zA-Z0-9.\-%]+)")
# a did:web's host once decoded: a name and, for localhost, a port
WEB_HOST = re.compile(r"[a-zA-Z0-9.\-]+(?::[0-9]{1,5})?")
HANDLE = re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*"
                    r"[a-zA-Z0-9])?)+")


class NotFound(Exception):
    """The lookup found no answer it could read; its words say where it stopped."""


# one machine's own names: a PDS on it may be configured by any (its DID documents name one)
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
PORTS = {"http": 80, "https": 443}


def same_server(a: str, b: str) -> bool:
    """Whether two base URLs name one server: the case of scheme and host, a default port, a
    trailing slash and the loopback's names aside."""
    return _server(a) == _server(b)


def _server(url: str) -> tuple[str, str, int | None, str]:
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    try:
        port = parts.port or PORTS.get(scheme)
    except ValueError:  # a port that is no number: compared as written
        return scheme, parts.netloc.lower(), None, parts.path.rstrip("/")
    return scheme, "loopback" if host in LOOPBACK else host, port, parts.path.rstrip("/")


async def elsewhere(config: BlueskySourceConfig, client: httpx.AsyncClient) -> str | None:
    """The one line saying which PDS hosts the account when it is not ``pds_url``; None when it
    is ``pds_url``, or when that could not be found out (logged)."""
    handle = (config.handle or "").strip()
    try:
        # two lookups in a row: the DID (its two ways asked at once), then its document
        endpoint = await asyncio.wait_for(hosted_on(handle, config, client),
                                          timeout=2 * LOOKUP_SECONDS)
    except (NotFound, httpx.HTTPError, TimeoutError) as exc:
        log.info("bluesky %s: could not find where %s is hosted (%s); the refused session is "
                 "reported as it is", config.id, handle, str(exc) or type(exc).__name__)
        return None
    if same_server(endpoint, config.pds_url):
        return None
    pds_url = config.pds_url.strip().rstrip("/")
    return (f"bluesky {config.id}: {handle} is hosted on {endpoint}, not {pds_url}: "
            f"set pds_url: {endpoint}")


async def hosted_on(handle: str, config: BlueskySourceConfig, client: httpx.AsyncClient) -> str:
    """The ``#atproto_pds`` endpoint of the account ``handle`` (or DID) names."""
    did = handle if DID.fullmatch(handle) else await _did_of(handle, config, client)
    if did.startswith("did:plc:"):
        document = await _json(client, f"{config.plc_url.strip().rstrip('/')}/{did}")
    else:
        document = await _json(client, did_web_document(did))
    return _pds_endpoint(document, did)


def did_web_document(did: str) -> str:
    """Where a hostname-level ``did:web`` (the only kind atproto takes; ``DID`` refuses a path)
    keeps its document, read as the reference resolver reads it (@atproto/identity's
    DidWebResolver): the id percent-decoded, so a port's colon written ``%3a`` is the ``%3A``
    one (hex digits are either case, RFC 3986 2.1; only ``%3A`` was decoded, and ``%3a`` named
    no host), and ``http`` for ``localhost``, where a port is allowed (atproto.com/specs/did:
    testing and development), as a local PDS speaks it."""
    host = unquote(did.removeprefix("did:web:"))
    if not WEB_HOST.fullmatch(host):  # decoded, anyone's DID may name a path or a user too
        raise NotFound(f"{did[:80]!r} names no host")
    scheme = "http" if urlsplit(f"//{host}").hostname == "localhost" else "https"
    return f"{scheme}://{host}/.well-known/did.json"


async def _did_of(handle: str, config: BlueskySourceConfig, client: httpx.AsyncClient) -> str:
    """The handle's DID, from whichever of its two ways answers first with one: asked one after
    the other, a ``resolveHandle`` hanging on ``pds_url`` held the handle's own host for its
    whole bound, and the refused session's line with it."""
    if not HANDLE.fullmatch(handle):  # an email address: only its PDS knows whose it is
        raise NotFound(f"{handle[:80]!r} is no handle")
    asks = [asyncio.ensure_future(_resolved(handle, config, client)),
            asyncio.ensure_future(_well_known(handle, client))]
    why: list[str] = []
    try:
        for answered in asyncio.as_completed(asks):
            try:
                return await answered
            except (NotFound, httpx.HTTPError) as exc:
                why.append(str(exc) or type(exc).__name__)
    finally:
        for ask in asks:
            ask.cancel()
        await asyncio.gather(*asks, return_exceptions=True)
    raise NotFound(f"{handle} resolves to no DID ({'; '.join(why)})")


async def _resolved(handle: str, config: BlueskySourceConfig, client: httpx.AsyncClient) -> str:
    url = f"{config.pds_url.strip().rstrip('/')}/xrpc/com.atproto.identity.resolveHandle"
    answer = await _json(client, url, params={"handle": handle})
    did = answer.get("did") if isinstance(answer, dict) else None
    if not isinstance(did, str) or not DID.fullmatch(did):
        raise NotFound(f"{url}: no DID")
    return did


async def _well_known(handle: str, client: httpx.AsyncClient) -> str:
    url = f"https://{quote(handle)}/.well-known/atproto-did"
    did = (await _text(client, url)).strip()
    if not DID.fullmatch(did):
        raise NotFound(f"{url}: no DID")
    return did


def _pds_endpoint(document: Any, did: str) -> str:
    services = document.get("service") if isinstance(document, dict) else None
    for service in services if isinstance(services, list) else ():
        if (isinstance(service, dict) and service.get("type") == "AtprotoPersonalDataServer"
                and service.get("id") in ("#atproto_pds", f"{did}#atproto_pds")):
            endpoint = service.get("serviceEndpoint")
            if isinstance(endpoint, str) and _is_base_url(endpoint):
                return endpoint.rstrip("/")
            raise NotFound(f"the DID document of {did} names no usable PDS URL")
    raise NotFound(f"the DID document of {did} names no #atproto_pds service")


def _is_base_url(url: str) -> bool:
    # said in a config line: a printable http(s) URL of a host, of a sane length
    if len(url) > 200 or not url.isprintable() or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not parts.query


async def _json(client: httpx.AsyncClient, url: str,
                params: dict[str, str] | None = None) -> Any:
    try:
        return json.loads(await _text(client, url, params))
    except ValueError as exc:
        raise NotFound(f"{url}: not JSON") from exc


async def _text(client: httpx.AsyncClient, url: str,
                params: dict[str, str] | None = None) -> str:
    """The body of a 200 answer to GET ``url``, at most ``MOST_BYTES``."""
    async with client.stream("GET", url, params=params, timeout=LOOKUP_SECONDS,
                             headers={"Accept": "application/json"},
                             follow_redirects=False) as resp:
        if resp.status_code != 200:
            raise NotFound(f"{url}: HTTP {resp.status_code}")
        body = b""
        async for chunk in resp.aiter_bytes():
            body += chunk
            if len(body) > MOST_BYTES:
                raise NotFound(f"{url}: answer over {MOST_BYTES} bytes")
    try:
        return body.decode()
    except UnicodeDecodeError as exc:
        raise NotFound(f"{url}: not UTF-8") from exc
