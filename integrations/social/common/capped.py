"""A bound on what one HTTP response from a network or a feed may hold.

httpx reads a whole response into memory and has no size limit of its own, so a feed URL that
serves a disk image, or a server that streams without end, would grow the bot's memory until
the process dies; a gzip bomb does it in a few megabytes on the wire. ``CappedTransport`` wraps
the client's transport: a ``Content-Length`` over the bound is refused before the body is read,
and the body is counted as it streams, decoded size included (gzip and deflate, the encodings
the client asks for, are inflated here in bounded steps only to be counted; httpx decodes them
as usual). Past the bound the read fails with ``ResponseTooLarge``, an ``httpx.ReadError``, so
every source treats it as the failed request it is (logged, retried with backoff, shown in
source health) and the memory held stays near the bound.

What of a network's JSON page may be decoded on the event loop is bounded much more tightly,
by ``integrations.social.common.jsonpage``.
"""

from __future__ import annotations

import ssl
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import lru_cache
from typing import Any, TypeVar

import httpx

from bot.core.errors import SourceError
from bot.core.settings import Settings, tls_context
from bot.core.text import ascii_digits
from integrations.social.common.jsonpage import PageTooHeavy, halvable

T = TypeVar("T")

MAX_RESPONSE = 32 * 1024 * 1024  # bytes, decoded: a podcast feed with years of items is ~10 MB
ACCEPT_ENCODING = "gzip, deflate"  # what the client asks for, and all it will count
_STEP = 64 * 1024
# encodings httpx decodes (when their package is installed) that are not counted here: never
# asked for, so a response in one is refused
_DECODED_UNCOUNTED = frozenset({"br", "zstd"})


class ResponseTooLarge(httpx.ReadError):
    """A response over the bound (declared, sent, or once decoded)."""


async def halving(ask: Callable[[int], Awaitable[T]], limit: int, *,
                  said: Callable[[Exception, int], None]) -> tuple[T, int]:
    """``ask(limit)``, and the limit it answered with. A page over the bound a response may
    hold, or over what a JSON page may hold (``PageTooHeavy``; a record or a status holds any
    markup, and a page of them can be over it) failed every poll, the cursor never passing
    it; it is asked again with half as many items, down to one, each time told to ``said``
    (the cause, the new limit: one warning, one count). While it asks for more than one item,
    a JSON page heavy all over is refused rather than have items cut (``jsonpage.halvable``)."""
    while True:
        try:
            with halvable(limit > 1):
                return await ask(limit), limit
        except SourceError as exc:
            cause = exc if isinstance(exc, PageTooHeavy) else exc.__cause__
            if limit <= 1 or not isinstance(cause, ResponseTooLarge | PageTooHeavy):
                raise
            limit //= 2
        said(cause, limit)


class CappedTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport | None = None, *,
                 limit: int = MAX_RESPONSE) -> None:
        self.inner = inner or httpx.AsyncHTTPTransport()
        self.limit = limit

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        declared = response.headers.get("content-length", "")
        if ascii_digits(declared) and int(declared) > self.limit:
            await response.aclose()
            raise ResponseTooLarge(f"response of {int(declared):,} bytes, over the "
                                   f"{self.limit:,} a response may hold", request=request)
        encodings = [e.strip().lower() for e in
                     response.headers.get("content-encoding", "").split(",") if e.strip()]
        uncounted = [e for e in encodings if e in _DECODED_UNCOUNTED]
        if uncounted:
            await response.aclose()
            raise ResponseTooLarge(f"response in an encoding not asked for ({uncounted[0]}): "
                                   "its decoded size cannot be bounded", request=request)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        # gzip and deflate are counted decoded; any other encoding httpx leaves as sent
        response.stream = _Counted(response.stream, request, self.limit,
                                   [e for e in encodings if e in ("gzip", "deflate")])
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


class _Counted(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request, limit: int,
                 encodings: list[str]) -> None:
        self.inner = inner
        self.request = request
        self.limit = limit
        # the encodings in the order to undo them (the last one listed was applied last);
        # each inflater is made on its first bytes, which tell zlib from raw deflate
        self.encodings = list(reversed(encodings))
        self.inflaters: list[zlib._Decompress | None] = [None] * len(encodings)
        self.heads = [b""] * len(encodings)  # first bytes, until there are two to look at

    async def __aiter__(self) -> AsyncIterator[bytes]:
        sent = decoded = 0
        async for chunk in self.inner:
            sent += len(chunk)
            decoded += self._decoded_size(chunk) if self.encodings else len(chunk)
            if max(sent, decoded) > self.limit:
                raise ResponseTooLarge(f"response over the {self.limit:,} bytes a response may "
                                       "hold" + (" once decoded" if decoded > sent else ""),
                                       request=self.request)
            yield chunk

    def _decoded_size(self, chunk: bytes) -> int:
        """Bytes ``chunk`` inflates to, counted ``_STEP`` at a time (at most the bound is held
        at once); a broken stream counts as nothing more (httpx reports it itself)."""
        pieces = [chunk]
        for i, encoding in enumerate(self.encodings):
            out: list[bytes] = []
            total = 0
            for piece in pieces:
                data = piece
                inflater = self.inflaters[i]
                if inflater is None:
                    data = self.heads[i] + piece
                    if len(data) < 2:
                        self.heads[i] = data
                        continue
                    inflater = self.inflaters[i] = _inflater(encoding, data)
                while data and inflater is not None:
                    try:
                        step = inflater.decompress(data, _STEP)
                    except zlib.error:
                        return 0
                    out.append(step)
                    total += len(step)
                    if total > self.limit:
                        return total
                    data = inflater.unconsumed_tail
            pieces = out
        return sum(map(len, pieces))

    async def aclose(self) -> None:
        await self.inner.aclose()


def _inflater(encoding: str, first: bytes) -> zlib._Decompress:
    """gzip: a gzip stream. deflate: a zlib stream (RFC 9110), or raw deflate as some servers
    send it (httpx's decoder accepts both): a zlib header's first two bytes, read as a
    big-endian number, are a multiple of 31 with compression method 8."""
    if encoding == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    zlib_header = (len(first) >= 2 and first[0] & 0x0F == 8
                   and (first[0] << 8 | first[1]) % 31 == 0)
    return zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)


@lru_cache(maxsize=4)
def _tls(settings: Settings) -> ssl.SSLContext:
    # the environment's, read by bot.core.settings; httpx is told not to read it again
    return tls_context(settings) or httpx.create_ssl_context(trust_env=False)


def shared_tls(settings: Settings | None = None) -> ssl.SSLContext:
    """The TLS context httpx would make for a client (certifi's roots, or the bundle
    ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` names: ``settings``, else the environment's), made
    once a process: loading the roots is about 28 ms of CPU and a copy of them in memory per
    client. A context is made to be shared; httpcore sets the same ALPN on it for every
    connection of ours (HTTP/1.1). A bundle that cannot be read is a ``ConfigError``, one line
    naming the variable."""
    return _tls(settings or Settings.read())


def capped_client(*, limit: int = MAX_RESPONSE, **kwargs: Any) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` (``kwargs`` as for it) whose every transport is capped: the
    direct one and those of the proxies the environment names (``HTTPS_PROXY``, ``NO_PROXY``,
    ...). Passing ``transport=`` to httpx would turn the environment's proxies off, so the
    client is built as usual and its transports wrapped; if httpx ever stops keeping them
    where this looks, start-up fails here rather than running unbounded."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING, **dict(kwargs.pop("headers", None) or {})}
    kwargs.setdefault("verify", shared_tls())
    client = httpx.AsyncClient(headers=headers, **kwargs)
    transport = getattr(client, "_transport", None)
    mounts = getattr(client, "_mounts", None)
    if not isinstance(transport, httpx.AsyncBaseTransport) or not isinstance(mounts, dict):
        raise RuntimeError("httpx changed: its client's transports cannot be bounded")
    client._transport = CappedTransport(transport, limit=limit)
    client._mounts = {pattern: None if t is None else CappedTransport(t, limit=limit)
                      for pattern, t in mounts.items()}
    return client
