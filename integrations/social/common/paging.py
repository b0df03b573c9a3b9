"""Following a server's paging token without trusting it: X's ``next_token`` and
``pagination_token``, Reddit's ``after`` and ``before``.

A source asks for the page a token names, up to its ``MAX_PAGES`` per stream and poll. A hostile
or broken server can answer the token it was just given again (every poll then fetches
``MAX_PAGES`` copies of one page), or a token of 100 KB (every request after it then carries
that much, or fails on a URL too long for the server), or one holding a lone UTF-16 surrogate
(JSON's ``"\\ud800"`` escape reads as one), which no URL can carry: httpx raised
UnicodeEncodeError building the next request, and the poll failed with it, its page lost, at
every poll. ``PageTokens`` ends the walk at any of these:
one warning line, and one count in the source's ``SkipLog`` (so
``socialops_mentions_skipped_total`` shows it). What the pages before it held is kept; the rest
waits for the next poll where the source's cursor allows it (Reddit's), else it is not read
(``PAST_REPEAT``: X and Bluesky move the cursor to the newest, as no walk can go on from that
token; a walk cut short by ``MAX_PAGES`` goes on at the next poll).

The bound is ``MAX_TOKEN`` bytes of UTF-8, as a request carries the token (percent-encoded in
its URL: a 4-byte character is 12 there), not characters: 512 emoji were 2 KB of token and 6 KB
of request line. X documents ``next_token`` only as an opaque string
(docs.x.com, "Pagination"; the recorded ones in tests/fixtures/real/x are 45 characters of base
36). Reddit's ``after`` and ``before`` are fullnames, a type prefix and a base-36 id
(``t3_48f6io``; reddit-archive/reddit wiki, "JSON"). 512 leaves room for a longer format and
stays far below the 8 KB request line many servers accept.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TypeVar

from bot.core.errors import SkipLog

T = TypeVar("T")

log = logging.getLogger(__name__)

MAX_TOKEN = 512
PAST_REPEAT = "what lies past that page is not read (the cursor moves to the newest)"


class PageTokens:
    """The paging tokens of one walk through one listing (one stream, one poll).

    ``follow(token)`` is ``token`` when the next page should be asked for with it, None when
    the walk ends: no token, one already followed in this walk, one longer than ``MAX_TOKEN``
    bytes, or one that cannot be sent. The last three end it with one warning line from ``source``
    (``x source x1``) and one reason in ``skipped`` naming ``what`` (``x: next_token of
    /2/tweets/search/recent``)."""

    def __init__(self, what: str, *, source: str, skipped: list[str] | None,
                 rest: str = "the rest waits for the next poll") -> None:
        self.what = what
        self.source = source
        self.rest = rest
        self.skipped = skipped
        self.followed: set[str] = set()

    def follow(self, token: str | None) -> str | None:
        if not token:
            return None
        if (size := token_bytes(token)) > MAX_TOKEN:
            why = f"is {size:,} bytes long (at most {MAX_TOKEN})"
        elif not _sendable(token):
            why = f"{token[:40]!r} cannot be sent (a lone surrogate: not UTF-8)"
        elif token in self.followed:
            why = f"{token[:40]!r} came back again"
        else:
            self.followed.add(token)
            return token
        reason = f"{self.what} {why}: paging stopped, {self.rest}"
        log.warning("%s: %s", self.source, reason)
        if self.skipped is not None:
            self.skipped.append(reason)
        return None


def as_asked(items: list[T], asked: int, *, what: str, source: str,
             skipped: SkipLog) -> list[T]:
    """The first ``asked`` of a page's ``items``, when the server answered more than the page
    size it was asked for (``limit``, ``max_results``, ``hitsPerPage``). A response is bounded
    in bytes (``capped.MAX_RESPONSE``), not in items: 32 MB is 100,000 small tweets or 65,000
    small Reddit posts, read into 400 MB of mentions (a page of ten times that many, ten pages a
    poll) and held the event loop for seconds. The rest is left out: one warning line from
    ``source`` and one count per item left out in ``skipped`` (``what`` names the page:
    ``x: /2/tweets/search/recent``)."""
    if len(items) <= asked:
        return items
    left = len(items) - asked
    reason = (f"{what} answered {len(items):,} items for a page of {asked}: the first "
              f"{asked} read, the other {left:,} left out")
    log.warning("%s: %s", source, reason)
    skipped.append(reason, count=left)
    return items[:asked]


def history_starts(old: Sequence[bool]) -> int:
    """Where a page's history begins: the place of the first of the items (newest first) that
    END the page and are all ``old`` (dated before what the walk asked for: the bound a server
    ignoring it answers past, where the walk ends; ``len(old)`` when there are none). An old
    item before that place, among newer ones, is a damaged date or id, not history: the
    sources leave it out alone and walk on (it ended the walk, and the pages after it were
    never read)."""
    start = len(old)
    while start and old[start - 1]:
        start -= 1
    return start


def token_bytes(token: str) -> int:
    """The size of ``token`` as a request carries it: its UTF-8 bytes (a character of another
    script is 2 to 4). A lone surrogate, which has none, counts 3, as it would be encoded."""
    if token.isascii():
        return len(token)
    return len(token.encode("utf-8", "surrogatepass"))


def fits(token: str) -> bool:
    """Whether a stored or answered token is one a walk may follow by its size: 1 to
    ``MAX_TOKEN`` bytes."""
    return 0 < token_bytes(token) <= MAX_TOKEN


def _sendable(token: str) -> bool:
    try:
        token.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
