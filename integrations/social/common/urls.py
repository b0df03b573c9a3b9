"""Addresses read against a configured base URL that may be served on a path of its own (a web
client or an instance at ``https://gov.example/bsky/``, behind a proxy), as the links built
from it (``base.rstrip("/") + path``) are written."""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}


def split(url: str) -> SplitResult | None:
    """``urlsplit`` of ``url`` stripped; None for one it refuses ("http://[::1", a bracketed
    host that is no IP address: "https://[zz]/"), so an address reader given any string says
    "not this network's" rather than raising."""
    try:
        return urlsplit(url.strip())
    except ValueError:
        return None


def site(parts: SplitResult) -> tuple[str, int | None] | None:
    """(host, port unless the scheme's default) of a URL, the host as one server is however
    it is written (``host``); None without a host or with a port that is not one, or with a
    backslash before its host ends: a browser ends an http(s) host there, so
    ``https://phish.example\\@our.server/`` is phish.example's page, though ``urlsplit`` reads
    our.server (what precedes the ``@`` as user info)."""
    if "\\" in parts.netloc:
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname or not (name := host(parts.hostname)):
        return None
    default = _DEFAULT_PORTS.get(parts.scheme.lower())
    return name, None if port == default else port


def host(name: str) -> str:
    """A host name as one form: lower case, without a fully qualified name's last dot, an
    internationalised name in its ASCII (punycode) form as servers write their own addresses,
    an IPv6 address compressed (``0:0:0:0:0:0:0:1`` is ``::1``)."""
    name = name.strip().lower().rstrip(".")
    try:
        return ipaddress.ip_address(name).compressed
    except ValueError:
        pass
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:  # a label too long, or not one IDNA 2003 takes: as written
        return name


def path_under(parts: SplitResult, base: str) -> str:
    """The path of the address ``parts`` as the site at ``base`` reads it: without ``base``'s
    own path when the address is on its host and port and under that path
    (``/bsky/profile/a/post/b`` of ``https://gov.example/bsky/`` is ``/profile/a/post/b``);
    otherwise the address's whole path. The prefix is compared as written in ``base`` (paths
    are case-sensitive) and only whole segments match (``/bsky2/...`` is not under ``/bsky``)."""
    home = split(base)
    if home is None:
        return parts.path
    prefix = home.path.rstrip("/")
    if not prefix or (own := site(home)) is None or own != site(parts):
        return parts.path
    if parts.path == prefix or parts.path.startswith(prefix + "/"):
        return parts.path[len(prefix):] or "/"
    return parts.path


_HTTP_OF = {"http": "http", "https": "https", "ws": "http", "wss": "https"}


def http_base(url: str) -> str | None:
    """``url`` as an http(s) base URL that request paths are appended to (a websocket URL's
    host speaks http too: ``wss://`` is read as ``https://``, in any case), without its last
    ``/``; None when it is no such URL: another scheme or none, no host or a port that is not
    one, a query or a fragment (the paths would be appended after them), a space or a control
    character. A server names such URLs (Mastodon's streaming host): they are its answer, not
    ours to trust as written."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 for c in url.strip()):
        return None
    parts = split(url)
    if parts is None:
        return None
    scheme = _HTTP_OF.get(parts.scheme.lower())
    if scheme is None or parts.query or parts.fragment or site(parts) is None:
        return None
    return parts._replace(scheme=scheme).geturl().rstrip("/")
