"""The ``type: bluesky`` source's config: the account's PDS, the AppView, Jetstream, and what
to follow."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from bot.core.config import (
    Flag,
    Own,
    Password,
    Problem,
    SourceBase,
    blank_problems,
    url_problems,
)
from bot.core.languages import language_problem
from bot.core.redact import redact_url
from bot.core.text import quoted_cut

_SITE = "Bluesky's web site (web_url), not its API"
_PLC = "Bluesky's DID directory (plc_url)"
# Bluesky's own hosts, as each URL key sees them (each is checked as https only)
BASE_HOSTS = {"bsky.app": Own("https://public.api.bsky.app", _SITE),
              "public.api.bsky.app": Own("https://public.api.bsky.app"),
              "api.bsky.app": Own("https://api.bsky.app"),
              "plc.directory": Own("https://public.api.bsky.app", f"{_PLC}, not its API")}
PDS_HOSTS = {"bsky.app": Own("https://bsky.social", _SITE),
             "bsky.social": Own("https://bsky.social"),
             "plc.directory": Own("https://bsky.social", f"{_PLC}, not a PDS")}
WEB_HOSTS = {host: Own("https://bsky.app", "Bluesky's API (base_url), not its web site")
             for host in ("public.api.bsky.app", "api.bsky.app", "bsky.social")}
# the DID directory asked only when a login is refused (bluesky/hosting.py): a wrong one was
# never said, the account's real PDS just not named. It takes no credentials
_NOT_PLC = "not its DID directory"
PLC_HOSTS = {"plc.directory": Own("https://plc.directory", credentials=False),
             "bsky.social": Own("https://plc.directory", f"Bluesky's PDS (pds_url), {_NOT_PLC}"),
             "bsky.app": Own("https://plc.directory", f"Bluesky's web site (web_url), {_NOT_PLC}"),
             **{host: Own("https://plc.directory", f"Bluesky's API (base_url), {_NOT_PLC}")
                for host in ("public.api.bsky.app", "api.bsky.app")}}


# an app password as a PDS makes it: 16 base32 characters in four groups ("1234-abcd-5678-efgh",
# createAppPassword in @atproto/pds account-manager/helpers/password.js), in either case
APP_PASSWORD = re.compile(r"[a-z2-7]{4}(?:-[a-z2-7]{4}){3}", re.IGNORECASE)
# what reads as a handle where the app password goes: a domain name of two labels or more
# (atproto.com/specs/handle)
HANDLE = re.compile(r"[^\s.@/:]+(?:\.[^\s.@/:]+)+")


def _unseen(handle: str) -> tuple[int, str] | None:
    """The first character of ``handle`` (stripped) that no login a PDS reads holds (a handle
    is ASCII: atproto.com/specs/handle; a DID or an email holds no space nor an invisible
    character), with its place from 1; None when there is none."""
    for n, ch in enumerate(handle.strip(), 1):
        if ch.isspace() or not ch.isprintable():
            return n, ch
    return None


def _named(ch: str) -> str:
    return "a space" if ch == " " else unicodedata.name(ch, "").lower() or "a control character"


def _seen(handle: str) -> str:
    """``handle`` stripped, without the characters ``_unseen`` names."""
    return "".join(ch for ch in handle.strip() if not ch.isspace() and ch.isprintable())


def _plc_problems(url: str) -> Iterator[Problem]:
    """``plc_url`` as a base URL on Bluesky's hosts, and not one DID document's address
    (``https://plc.directory/did:plc:...``, as a browser shows it), after which each lookup
    added the DID it looks up."""
    said = list(url_problems(("plc_url",), url, base=True, own=PLC_HOSTS))
    if said:
        yield from said
        return
    parts = urlsplit(url.strip())
    head, _, last = parts.path.rstrip("/").rpartition("/")
    if last.lower().startswith("did:"):
        right = urlunsplit(parts._replace(path=head))
        yield ("plc_url",), (f"{quoted_cut(redact_url(url.strip()), 80)} ends in a DID (the "
                             "address of one account's DID document), which socialops adds "
                             f"to every lookup itself; write {redact_url(right)!r}")


class BlueskySourceConfig(SourceBase):
    type: Literal["bluesky"]
    # AppView: only unauthenticated public reads (no credentials configured) go here
    base_url: str = "https://public.api.bsky.app"
    # the account's PDS: sessions, writes, and every authenticated read (proxied to its AppView)
    pds_url: str = "https://bsky.social"
    # sent as ``atproto-proxy`` on proxied app.bsky.* calls, e.g.
    # "did:web:api.bsky.app#bsky_appview"; unset: the PDS's own AppView
    appview_proxy: str | None = None
    # the PLC directory did:plc documents are read from, to say which PDS hosts an account
    # whose session pds_url refused (bluesky/hosting.py); a self-hosted one, or a mirror
    plc_url: str = "https://plc.directory"
    handle: str | None = None
    # an app password (xxxx-xxxx-xxxx-xxxx), or the account's own (it runs, with a warning:
    # bluesky/api.py), so a person's password as the type
    app_password: Password | None = None
    queries: tuple[str, ...] = ()
    notifications: Flag = False
    stream: Flag = False
    jetstream_url: str = "wss://jetstream2.us-east.bsky.network"
    # the web client cards link posts and profiles to (``/profile/<handle>/post/<rkey>``):
    # another client, or the one in front of a self-hosted AppView
    web_url: str = "https://bsky.app"
    stream_keywords: tuple[str, ...] = ()
    # the language of published posts (ISO 639-1), written as the record's ``langs`` as the
    # Bluesky app writes its post language; unset: no ``langs``
    language: str | None = None

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        yield from url_problems(("base_url",), self.base_url, base=True, adds=("/xrpc",),
                                own=BASE_HOSTS)
        yield from url_problems(("pds_url",), self.pds_url, base=True, adds=("/xrpc",),
                                own=PDS_HOSTS)
        yield from _plc_problems(self.plc_url)
        yield from url_problems(("web_url",), self.web_url, base=True, own=WEB_HOSTS)
        # Jetstream's README writes its instances with /subscribe and a query: taken as written
        # (jetstream_base), so not refused
        yield from url_problems(("jetstream_url",), self.jetstream_url, schemes=("ws", "wss"))
        yield from blank_problems("queries", self.queries, why=(
            "it searches for nothing"))
        yield from blank_problems("stream_keywords", self.stream_keywords, why=(
            "an empty keyword lets every post of the network through"))
        if self.language is not None and (problem := language_problem(self.language)):
            yield ("language",), problem
        if self.handle and self.handle.strip().startswith("@"):
            # as bsky.app shows it; a PDS reads an identifier holding @ as an email address
            # (createSession: identifier.includes('@') -> the account by email), so no
            # session is ever made and the app password is blamed
            bare = self.handle.strip().lstrip("@")
            yield ("handle",), (f"{quoted_cut(self.handle)} is written with its @; write "
                                f"{quoted_cut(bare)} (a PDS reads a login holding @ as an "
                                "email address)")
        if self.handle and (bad := _unseen(self.handle)) is not None \
                and not APP_PASSWORD.fullmatch(_seen(self.handle)):
            # pasted with it (a zero-width space, a byte order mark, a bidi mark): every
            # session refused, "check its handle and app_password", with check saying OK.
            # The value is never repeated (it may be a secret pasted in the wrong key)
            n, ch = bad
            yield ("handle",), (f"holds U+{ord(ch):04X} ({_named(ch)}) at character {n}, "
                                "which no handle has (a handle is ASCII letters, digits, "
                                "hyphens and dots); write it without it")
        if self.handle and APP_PASSWORD.fullmatch(_seen(self.handle)):
            # copied into the wrong key: every session refused, "check its handle and
            # app_password"; the password itself is never repeated in the line
            other = (self.app_password or "").strip().lstrip("@")
            yield ("handle",), (
                "holds an app password (four groups of four letters and digits), not a "
                "handle: " + (f"handle and app_password are swapped; write handle: {other} "
                              "and the app password in app_password"
                              if HANDLE.fullmatch(other) else
                              "the app password goes in app_password, and handle is the "
                              "account's handle, e.g. acme.bsky.social"))
        if not self.enabled:
            return
        # a session takes both: one without the other asked the public AppView, unsigned
        for key, other in (("handle", "app_password"), ("app_password", "handle")):
            if getattr(self, other) and not getattr(self, key):
                yield (key,), (f"required beside {other}: a session needs the account's handle "
                               "and an app password (Settings -> Privacy and security -> App "
                               "passwords), e.g. app_password: ${BLUESKY_APP_PASSWORD}")
        if self.notifications and not (self.handle or self.app_password):
            yield ("handle",), ("required: notifications: true reads the account's mentions, "
                                "which needs its handle and an app password, e.g. handle: "
                                "acme.bsky.social and app_password: ${BLUESKY_APP_PASSWORD}")
        if not (self.queries or self.notifications or self.stream or self.handle
                or self.posts_only):
            yield ("queries",), ("nothing to follow: a bluesky source needs queries: (search), "
                                 "notifications: true or stream: true with stream_keywords: "
                                 "(or handle and app_password, to only post as the account)")

    def advice(self) -> Iterator[Problem]:
        if self.enabled and self.stream and not self.stream_keywords:
            yield ("stream_keywords",), (
                "stream: true without stream_keywords: every post of the network (hundreds a "
                "second) is read and routed, a firehose; list the words your rules match, "
                "e.g. stream_keywords: [acme]")

    @property
    def keeps_session(self) -> bool:
        # createSession: 30 in 5 minutes, 300 a day per account (tests/support/fake_atproto.py)
        return bool(self.handle and self.app_password)

    @property
    def jetstream_base(self) -> str:
        """jetstream_url without the /subscribe and query Jetstream's README writes its
        instances with (wss://jetstream2.us-east.bsky.network/subscribe?wantedCollections=...):
        the stream asks /subscribe with its own query under it."""
        try:
            parts = urlsplit(self.jetstream_url.strip())
        except ValueError:
            return self.jetstream_url.rstrip("/")
        path = parts.path.rstrip("/")
        if path.lower().endswith("/subscribe"):
            path = path[:-len("/subscribe")]
        return urlunsplit(parts._replace(path=path, query="", fragment=""))
