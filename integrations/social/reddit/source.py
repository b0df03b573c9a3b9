"""The Reddit source: new posts and new comments per subreddit, search, and username mentions.

Streams (one cursor each, the newest fullname seen, kept as JSON in the store):
``/r/<sub>/new``, ``/r/<sub>/comments`` (when ``comments``), ``/r/<a+b>/search?restrict_sr=1``
or ``/search`` per query (``sort=new``), and ``/message/mentions`` (when ``mentions``; needs a
script app, the inbox belongs to a user).

Paging: with a cursor, ``before=<cursor>`` gives the (up to 100) things just newer than it;
the next page is ``before=<newest of that page>`` until a short page. When that comes back
empty, a one-item probe of the listing's head tells "nothing new" from "the cursor thing was
removed" (a spam-filtered post vanishes from /new, and ``before`` a vanished thing is always
empty); in the second case the head is walked with ``after`` down to ids at or below the
cursor's (Reddit ids are base-36 and grow with time). What a ``before`` page lists ahead of the
cursor is read, a post of an older id too (approved out of the spam filter, Reddit lists it at
the front: ``RedditSource._late``; made before the dedup window, read when the listing never
read it, ``Ledger``). The first run reads the head back to
``backfill_minutes`` only. A listing that fails (a subreddit made private or banned: 403 or
404 with its ``reason``; a timeout, a 5xx) keeps its cursor, is logged, counted in ``skipped``
and in ``failing_parts`` (source health alerts on one that keeps failing), and the other
listings are read (a subreddit Reddit refuses, ``SubredditRefused``, is said once a poll with
what to change, its other listing not asked); a poll in which every listing failed raises,
and one refused the account's credentials or rate limited stops the poll (the runtime pauses
the source). So the next poll starts each listing from its own cursor: nothing is lost or doubled.

Ids the source cannot order: Reddit's are ASCII base 36, ``[0-9a-z]``, 7 characters today.
``int(id, 36)`` also reads other scripts' digits (``"٩"``, ``"９"``), capitals, signs and any
length, and one thing so named (``t3_٩٩٩٩٩٩٩٩٩٩٩٩``, or ``t3_zzzzzzzzzzzz``) became the cursor,
orders of magnitude past every real id: each later post was older than it and dropped, silently,
for good. An id not so spelled has no order (``fullname_order`` -1), nor has one more than
``JUMP`` times what the page shows (its lower median) and the cursor: neither becomes the cursor
nor is asked ``before``, and its thing is read as any other on the page (the pipeline's dedup by
id keeps a listing that answers it again from doubling it), not dropped as older than the cursor.
A cursor stored from such a thing before (not so spelled, or, ``before`` it empty, more than
``JUMP`` times past the listing's newest) is read past as a first run, with one warning.

Search indexes late (``SEARCH_LOOKBACK``): a search stream also reads its head at each poll and
takes a post made in the last 15 minutes that it had not read, behind the cursor or not (before
2026-12-06 such a post was never read).

Edits and deletes (``RedditSource._reread``): a listing lists a thing once, when it is new; an
edit (``edited``, the edit's epoch seconds) or a delete shows only on the thing. Each poll reads
again, through ``/api/info``, the things read in the last ``EDIT_LOOKBACK`` (kept beside the
cursors, ``#watch``), within a bounded number of requests and Reddit's budget: an edit with
other words is an edit of its post (``revision`` edit, dated by ``edited``, or when the words
were last read for ``edited: true``), a thing deleted or removed since a tombstone
(``revision`` delete; ``removed_by`` who took it down when it was not its author: a
moderator, the subreddit's filters, Reddit). Before 2026-12-06 both kept their cards, and so
did a post a moderator removed and an edit whose ``edited`` was ``true``. A thing removed by
someone else than its author stays watched (``REMOVED``), and read public again (approved
again by a moderator) is an edit of its tombstone: it stayed marked removed before.

Lookup (``lookup``, for ``why``): one post or comment by its address, through
``/api/info?id=<fullname>`` with OAuth (or on the public site without an app), normalised as
polled (``RedditSource.lookup``).

The publisher lives in ``publish.py`` (the package's ``NETWORK`` spec names it there) and is
re-exported here for callers that take both from one module.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from bot.core.errors import (
    UNREADABLE,
    PostGone,
    RateLimited,
    SkipLog,
    SourceAuthError,
    SourceError,
    unreadable,
)
from bot.core.models import EARLIEST, Author, Mention
from bot.core.networks import gone_how
from bot.core.ports import Clock, SourceCursorStore
from bot.core.text import one_line
from integrations.social.common.cursor import load_cursor
from integrations.social.common.dating import AHEAD_TOLERANCE
from integrations.social.common.own import OwnAccounts, drop_own, same_network
from integrations.social.common.paging import PageTokens, as_asked, history_starts
from integrations.social.common.said import Counted, Logged
from integrations.social.reddit.api import RedditApi, SubredditRefused
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.parse import (
    fullname_of,
    normalize_thing,
    parse_listing,
    taken_down_by,
)
from integrations.social.reddit.publish import RedditPublisher

__all__ = ["RedditPublisher", "RedditSource", "fullname_order"]

log = logging.getLogger(__name__)

LIMIT = 100  # Reddit's maximum page size
MAX_PAGES = 10  # per stream and poll; the rest waits for the next poll (the cursor allows it)


# A Reddit id: ASCII base 36 in lower case. 13 digits spell any 64-bit number; int(id, 36) alone
# also took "٩", "９", "ABC", " 1", "1_0", "-1" and a 10 KB id
_ID = re.compile(r"[0-9a-z]{1,13}")
# How long after it was made a post that appears behind the cursor (approved out of the spam
# filter: ``_late``) is still read, and a thing read removed (``REMOVED``) still read again:
# as long as the store keeps a post's dedup mark by default (``store.dedup_ttl_hours``), so a
# post listed again within it is never a second alert. It was 24 hours: a post approved the
# next day was never read, or stayed marked removed for good (a review, 2026-12-07)
LATE_REACH = timedelta(hours=72)
# Past ``late_reach`` a post listed late is read only when the source knows it never read it:
# the names each listing read are kept beside its cursor (``<key>#read``, ``Ledger``), the
# newest ``MAX_READ``, and a post listed behind the cursor that is not among them, of an id
# above the ones they cover, was never listed public to us: held in the mod queue or the spam
# filter and approved since (a mod queue cleared days later: news to us now). It was never
# read before (a social-listening review, 2026-12-07: one approved more than 72 hours after
# it was made was lost for good). Reddit archives a post after six months; a month bounds it
LATE_MAX = timedelta(days=30)
MAX_READ = 3000  # names kept per listing (7-8 characters each)
# A page's ids lie close together (posts minutes or days apart), an old one far below at most:
# one past this many times the page's (and the cursor's) is none Reddit gave
JUMP = 1000
# Reddit's search lists a post only once its index has it, from seconds to minutes after the
# post appeared in /new, and then by its creation time (``sort=new``), behind posts indexed
# before it: ``before=<cursor>`` never asks for one indexed after the cursor passed its time.
# Each poll of a search also reads the listing's head and takes what was made within
# ``SEARCH_LOOKBACK`` of the poll and not read yet; the names read in that span are kept
# beside the cursor (``<key>#recent``, name -> created_utc), as the Hacker News source keeps
# its own look back (integrations/social/hackernews)
SEARCH_LOOKBACK = timedelta(minutes=15)
MAX_RECENT = 1000  # names kept for the look back, the newest
# Edits and deletes. Reddit lets a post's text and a comment be edited and deleted after we read
# them, and says so only on the thing (``edited``: "false if not edited, edit date in UTC
# epoch-seconds otherwise", reddit-archive/reddit wiki, JSON; a deleted one's body
# "[deleted]"): no listing lists it again. Each poll reads again, through ``/api/info?id=``
# (a comma-separated list of fullnames, at most ``INFO_BATCH``), the things read in the last
# ``EDIT_LOOKBACK``, kept beside the cursors (``#watch``: name -> [created_utc, edited, digest of
# its words, when last read again]), least lately read first, at most ``INFO_CALLS`` requests
# and never the last ``INFO_RESERVE`` of the budget Reddit says is left (X-Ratelimit-Remaining)
EDIT_LOOKBACK = timedelta(hours=24)
MAX_WATCHED = 1000  # things watched for edits, the newest
INFO_BATCH = 100  # fullnames per /api/info request
INFO_CALLS = 2  # /api/info requests per poll at most
INFO_RESERVE = 10  # requests of Reddit's budget the re-read leaves to the listings
WATCH = "#watch"  # the cursor's key of the things watched for edits
DIGEST = 12  # hex digits kept of a thing's words and links
WATCH_READ_AT_MOST = 2 * MAX_WATCHED  # entries of a stored #watch read (more: a damaged one)
# A ``#watch`` entry's digest for a thing taken down by someone else than its author (its
# tombstone said who): kept watched, since a moderator may approve it again (a review,
# 2026-12-06: it stayed marked removed). No digest of words is spelled so (12 hex digits)
REMOVED = "removed"
# The cursor's key of the things watched with the digest ``REMOVED``: kept apart from ``WATCH``,
# which the release before (70f97283) reads as digests of words, so that one, polling beside
# this release (a rolling upgrade) or after it (going back), read each as removed again and
# stopped watching it: approved again, no release said so (a review, 2026-12-06). It leaves
# this key as it is, as every key of the cursor it does not read
WATCH_REMOVED = "#watch-removed"


def _digest(mention: Mention) -> str:
    """What a thing's words and links are, to tell an edit from the same words read again."""
    return hashlib.sha1("\n".join((mention.text, *mention.links)).encode()).hexdigest()[:DIGEST]


def _seconds(value: Any) -> float | None:
    """``value`` as a finite float, None when it is no number (a bool, a string, NaN) or one
    no float holds: JSON's integers have no limit, and ``math.isfinite(10**400)`` raised
    ``OverflowError`` out of the poll, at every poll after (a fuzzing review, 2026-12-06)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def edited_at(data: Any) -> float:
    """A thing's ``edited`` as epoch seconds: 0 for ``false``, and for what is no time (``true``,
    which "some old edited comments" carry instead of the date: reddit-archive/reddit wiki,
    JSON; a string; NaN; more digits than a float holds)."""
    value = _seconds(data.get("edited") if isinstance(data, Mapping) else None)
    return 0.0 if value is None or value < 0 else value


def fullname_order(fullname: str) -> int:
    """The creation order of a fullname (``t3_abc`` -> int of ``abc`` in base 36); -1 when its
    id is not one Reddit writes (ASCII ``[0-9a-z]``, at most 13 characters)."""
    _, _, native = fullname.partition("_")
    return int(native, 36) if _ID.fullmatch(native) else -1


@dataclass
class Ledger:
    """The names a listing read (``<key>#read``): every id above ``floor`` (an id's order) that
    the listing read is in ``ids``, so a post of such an id listed late and not among them was
    never read. Begun at the cursor it was first kept beside (what was read before is not in
    it); the oldest names dropped past ``MAX_READ`` raise the floor."""

    floor: int
    ids: set[str]

    @classmethod
    def of(cls, kept: object) -> Ledger | None:
        """The ledger as stored; None when there is none, or it reads not (begun anew)."""
        if not isinstance(kept, Mapping):
            return None
        floor, ids = kept.get("floor"), kept.get("ids")
        # a floor below every id (a hand-damaged one) would take all of a listing's past
        if isinstance(floor, bool) or not isinstance(floor, int) or floor < 0 \
                or not isinstance(ids, str):
            return None
        names = ids.split()[:2 * MAX_READ]  # more: a damaged one, not sorted through
        return cls(floor, {n for n in names if _ID.fullmatch(n)})

    def unread(self, name: str) -> bool:
        """Whether the thing ``name`` is of an id the ledger covers and was never read."""
        order = fullname_order(name)
        return order > self.floor and name.partition("_")[2] not in self.ids

    def add(self, names: Iterable[str]) -> None:
        self.ids.update(n.partition("_")[2] for n in names if fullname_order(n) > self.floor)
        if len(self.ids) > MAX_READ:
            ranked = sorted(self.ids, key=lambda n: int(n, 36))
            dropped, kept = ranked[:-MAX_READ], ranked[-MAX_READ:]
            self.floor, self.ids = int(dropped[-1], 36), set(kept)

    def stored(self) -> dict[str, Any]:
        return {"floor": self.floor,
                "ids": " ".join(sorted(self.ids, key=lambda n: int(n, 36)))}


@dataclass(frozen=True)
class Stream:
    key: str  # the cursor's key
    path: str
    params: Mapping[str, str]
    kind: str  # what it lists: t3 (posts) or t1 (comments)


class RedditSource:
    network = "reddit"

    def __init__(self, config: RedditSourceConfig, *, store: SourceCursorStore,
                 client: httpx.AsyncClient, clock: Clock, web_url: str | None = None,
                 api: RedditApi | None = None, peers: Sequence[Any] = (),
                 remembered: timedelta | None = None) -> None:
        """``remembered``: how long the store keeps a post's dedup mark
        (``store.dedup_ttl_hours``): a post listed late, or watched removed, is read back no
        further (``LATE_REACH`` at most), or one read before and listed again past its mark
        would be a second alert, as ``within_dedup`` bounds a backfill."""
        self.config = config
        self.late_reach = LATE_REACH if remembered is None else min(LATE_REACH, remembered)
        self.store = store
        self.clock = clock
        self.web_url = web_url or config.web_url  # an argument: tests' local site
        self.api = api or RedditApi(config, client=client, clock=clock)
        self.skipped = SkipLog()  # malformed things and our own posts, with the reason
        # fields of a thing changed or refused (common.said): a poll's logged and counted, a
        # lookup's logged
        self.said = Counted(self.skipped, log, f"reddit source {config.id}")
        self.lookup_said = Logged(log, f"reddit source {config.id} (lookup)")
        self.gone = 0  # deleted or removed things skipped
        self.failing: dict[str, str] = {}  # listing path -> why it failed, in the last poll
        # our accounts: the usernames configured for Reddit (user names are case-insensitive)
        self.own = OwnAccounts(handles=[str(c.username) for c in same_network(config, peers)
                                        if getattr(c, "username", None)])

    @property
    def id(self) -> str:
        return self.config.id

    def streams(self) -> list[Stream]:
        out: list[Stream] = []
        for sub in self.config.subreddits:
            name = quote(sub.removeprefix("r/").removeprefix("/r/"), safe="")
            out.append(Stream(f"new:{sub}", f"/r/{name}/new", {}, "t3"))
            if self.config.comments:
                out.append(Stream(f"comments:{sub}", f"/r/{name}/comments", {}, "t1"))
        subs = "+".join(quote(s.removeprefix("r/").removeprefix("/r/"), safe="")
                        for s in self.config.subreddits)
        for q in self.config.queries:
            if subs:
                out.append(Stream(f"search:{q}", f"/r/{subs}/search",
                                  {"q": q, "restrict_sr": "1", "sort": "new", "type": "link"},
                                  "t3"))
            else:
                out.append(Stream(f"search:{q}", "/search",
                                  {"q": q, "sort": "new", "type": "link"}, "t3"))
        if self.config.mentions:  # the inbox's username mentions are comments
            out.append(Stream("mentions", "/message/mentions", {}, "t1"))
        return out

    async def _page(self, stream: Stream, **cursor: str
                    ) -> tuple[list[Mapping[str, Any]], str | None, int]:
        """The page's things of the stream's kind, its ``after`` token, and how many children
        it listed (skipped ones too: a full page is one of ``LIMIT`` children, whatever they
        are)."""
        params = {**stream.params, "limit": str(LIMIT), **cursor}
        payload = await self.api.call("GET", stream.path, params=params)
        data = payload.get("data") if isinstance(payload, Mapping) else None
        if isinstance(data, Mapping) and isinstance(data.get("children"), list):
            payload = {**payload, "data": {**data, "children": as_asked(
                data["children"], int(params["limit"]), what=f"reddit: {stream.path}",
                source=f"reddit source {self.id}", skipped=self.skipped)}}
        listing = parse_listing(payload)
        for _ in range(listing.not_objects):
            self.skipped.append("reddit: a child of a listing is not an object")
            log.warning("reddit source %s: skipped a child of %s: not an object", self.id,
                        stream.path)
        # a thing of the other kind (a comment in a listing of posts) is none of the stream's:
        # its id is of another sequence (comments' run far past posts'), so as the cursor it
        # hid every later post; skipped and counted
        things = []
        for thing in listing.things:
            kind = thing.get("kind")
            if kind == stream.kind:
                things.append(thing)
                continue
            what = (f"a {one_line(kind, 20)} thing" if isinstance(kind, str)
                    else "a thing of no kind")
            name = self._name(thing)
            self.skipped.append(f"reddit: {what}{f' ({one_line(name, 40)})' if name else ''} "
                                f"in {stream.path}, which lists {stream.kind}")
            log.warning("reddit source %s: %s", self.id, self.skipped[-1])
        return things, listing.after, len(listing.things) + listing.not_objects

    @staticmethod
    def _name(thing: Mapping[str, Any]) -> str | None:
        data = thing.get("data")
        if not isinstance(data, Mapping):
            return None
        name, native, kind = data.get("name"), data.get("id"), thing.get("kind")
        if not isinstance(kind, str):
            return None
        # its kind's prefix, as ``normalize_thing`` names it: "t1_x" on a post is not its name
        if isinstance(name, str) and name.startswith(f"{kind}_") and len(name) > len(kind) + 1:
            return name
        return f"{kind}_{native}" if isinstance(native, str) and native else None

    def _tokens(self, name: str, stream: Stream) -> PageTokens:
        return PageTokens(f"reddit: {name} of {stream.path}", source=f"reddit source {self.id}",
                          skipped=self.skipped)

    def _newest(self, things: Sequence[Mapping[str, Any]], since: str | None = None
                ) -> str | None:
        """The newest name of ``things`` the source can order: not one whose id Reddit does
        not write, nor one more than ``JUMP`` times past both the page's lower median and
        ``since`` (the cursor): as the cursor either hid every later post for good."""
        named = sorted((order, n) for t in things
                       if (n := self._name(t)) and (order := fullname_order(n)) >= 0)
        if not named:
            return None
        bound = JUMP * max(named[(len(named) - 1) // 2][0], fullname_order(since or ""), 1)
        return [n for order, n in named if order <= bound][-1]  # the median's at least

    async def _after_cursor(self, stream: Stream, cursor: str
                            ) -> list[Mapping[str, Any]] | None:
        """Everything newer than ``cursor``, oldest page last; None when ``cursor`` is past
        the listing's newest by more than ``JUMP`` times, no id Reddit gave (one stored by a
        release that took such an id for the cursor): nothing is ever newer than it."""
        found: list[Mapping[str, Any]] = []
        tokens = self._tokens("before", stream)
        before = tokens.follow(cursor)
        listed_cursor = False
        for _ in range(MAX_PAGES):
            if before is None:
                break
            things, _, listed = await self._page(stream, before=before)
            if not listed:
                break
            # what Reddit lists ahead of the cursor: all of the page; a listing that ignores
            # ``before`` answers its head, the cursor's own thing and those behind it too
            names = [self._name(t) for t in things]
            listed_cursor = listed_cursor or cursor in names  # so it has not vanished
            found.extend(things[:names.index(cursor)] if cursor in names else things)
            if listed < LIMIT:
                break
            # a listing that ignores ``before`` answers the same page: its newest again
            before = tokens.follow(self._newest(things, cursor))
        if found or listed_cursor:
            return found
        # empty: nothing new, or the cursor thing vanished from the listing
        head, _, _ = await self._page(stream, limit="1")
        newest = self._newest(head, cursor)
        if newest is not None and JUMP * fullname_order(newest) < fullname_order(cursor):
            self._no_cursor(stream, cursor, f"past the newest, {newest}, a thousand times over")
            return None
        if newest is None or fullname_order(newest) <= fullname_order(cursor):
            return []
        log.info("reddit %s: cursor %s left %s; walking the head", self.id, cursor, stream.path)
        found, _ = await self._walk_head(stream, stop=lambda t: (
            0 <= fullname_order(self._name(t) or "") <= fullname_order(cursor)))
        return found

    async def _walk_head(self, stream: Stream, *,
                         stop: Callable[[Mapping[str, Any]], bool],
                         ) -> tuple[list[Mapping[str, Any]], str | None]:
        """The head of the listing down to the first ``stop`` thing; and the newest name."""
        found: list[Mapping[str, Any]] = []
        after: str | None = None
        head: str | None = None
        tokens = self._tokens("after", stream)
        for _ in range(MAX_PAGES):
            things, token, listed = await self._page(stream,
                                                     **({"after": after} if after else {}))
            head = head or self._newest(things)
            # the walk has reached its end where the page ENDS in ``stop`` things (new-first:
            # the rest is older still); one among newer ones is a damaged date or id, left out
            # alone and counted, and the walk goes on (it ended there: the posts after it, and
            # the pages after, were never read)
            stops = [stop(t) for t in things]
            history = history_starts(stops)
            found.extend(t for t, stopped in zip(things[:history], stops, strict=False)
                         if not stopped)
            if astray := sum(stops[:history]):
                reason = (f"reddit: {stream.path} listed {astray} thing(s) older than where "
                          "the walk ends among newer ones (a damaged date or id): left out")
                self.skipped.append(reason, count=astray)
                log.warning("reddit source %s: %s", self.id, reason)
            if history < len(things) or not listed:
                break
            # a listing that ignores ``after`` answers the same page and the same token
            if (after := tokens.follow(token)) is None:
                break
        return found, head

    async def _first_run(self, stream: Stream) -> tuple[list[Mapping[str, Any]], str | None]:
        cutoff = (self.clock() - timedelta(minutes=self.config.backfill_minutes)).timestamp()

        def old(thing: Mapping[str, Any]) -> bool:
            data = thing.get("data")
            created = data.get("created_utc") if isinstance(data, Mapping) else None
            # every stream here is sorted new-first, so the first old thing ends the window;
            # a thing without a readable time does not (it is skipped when normalised): it
            # ended the window there, and the rest of the backfill was never read. Read as the
            # normaliser reads it: ``true`` is no time (it was 1, 1970: old), nor is a time
            # before 1970 (no Mention's)
            return (isinstance(created, int | float) and not isinstance(created, bool)
                    and EARLIEST.timestamp() <= created < cutoff)

        return await self._walk_head(stream, stop=old)

    @staticmethod
    def _late(thing: Mapping[str, Any], since: float) -> bool:
        """Whether ``thing``, of an id at or below the cursor's yet listed ahead of it, is one
        that appeared late: made since ``since`` (``LATE_REACH`` ago). Reddit lists a post a
        moderator approved out of the spam filter at the front of /new, its id kept (r/changelog,
        2012-04-18, "Approved links move to the top of the new listing"): dropped as older than
        the cursor, it was never read. Listed ahead till a newer post comes, it is answered
        again by the polls till then: its name is kept beside the cursor (``<key>#late``) till
        the cursor moves, and not read twice. One made longer ago than ``LATE_REACH`` is not
        taken (a listing that ignores ``before`` answers what is behind the cursor too)."""
        data = thing.get("data")
        created = data.get("created_utc") if isinstance(data, Mapping) else None
        return (isinstance(created, int | float) and not isinstance(created, bool)
                and created >= since)

    def _no_cursor(self, stream: Stream, cursor: str, why: str) -> None:
        log.warning("reddit source %s: cursor %.40r of %s is no id Reddit gives (%s); read "
                    "from the last %d minutes, as a first run", self.id, cursor, stream.path,
                    why, self.config.backfill_minutes)

    @staticmethod
    def _ledger(since: str | None, newest: str | None, read: Sequence[Mention]
                ) -> Ledger | None:
        """A listing's ledger begun now: covering the ids above the cursor it was read after,
        or on a first run from the oldest thing read (the head when none was); None before the
        listing has any id (a first run of an empty listing: the next is a first run too)."""
        orders = [fullname_order(m.native_id) for m in read]
        floor = (fullname_order(since) if since is not None
                 else min((o - 1 for o in orders if o >= 0),
                          default=fullname_order(newest or "")))
        return Ledger(floor, set()) if floor >= 0 else None

    def _unread_late(self, thing: Mapping[str, Any], name: str, ledger: Ledger | None) -> bool:
        """Whether ``thing``, listed behind the cursor and made before ``late_reach``, is one
        the listing never read (``ledger``), made in the last ``LATE_MAX``: held and approved
        days later, news now. Logged: it is old news to the card's reader."""
        if ledger is None or not ledger.unread(name):
            return False
        if not self._late(thing, (self.clock() - LATE_MAX).timestamp()):
            return False
        log.info("reddit source %s: %s, never listed before, is listed now (approved by a "
                 "moderator since): read", self.id, name)
        return True

    async def _read(self, stream: Stream, cursor: str | None,
                    read_late: frozenset[str] = frozenset(), ledger: Ledger | None = None,
                    ) -> tuple[list[Mention], str | None, str | None, set[str]]:
        """The stream's mentions, its newest name, the cursor they were read after (None
        for a first run, and for a stored ``cursor`` that is no id Reddit gives), and the names
        of the things read that appeared late behind it (``_late``, or older and never read by
        the listing: ``ledger``; those in ``read_late``, read by an earlier poll from the same
        cursor, are not read again)."""
        # even a quiet first run fixes a cursor (the head), so the next poll is not a first run
        head: str | None = None
        if cursor and fullname_order(cursor) < 0:
            self._no_cursor(stream, cursor, "not spelled [0-9a-z]")
            cursor = None
        elif cursor and not cursor.startswith(f"{stream.kind}_"):
            # a comment's fullname for a posts listing: ``before`` it is always empty, and
            # its id (another sequence) past every post's: nothing new, for good
            self._no_cursor(stream, cursor, f"not a {stream.kind} fullname, what "
                                            f"{stream.path} lists")
            cursor = None
        things = await self._after_cursor(stream, cursor) if cursor else None
        if things is None:
            cursor = None
            things, head = await self._first_run(stream)
        out: list[Mention] = []
        reach = (self.clock() - self.late_reach).timestamp()
        late: set[str] = set()
        for thing in things:
            name = self._name(thing)
            if cursor and name and 0 <= fullname_order(name) <= fullname_order(cursor):
                if name in read_late or not (self._late(thing, reach)
                                             or self._unread_late(thing, name, ledger)):
                    continue  # a listing that ignores ``before`` must not double anything
                late.add(name)
            mention = self._normalized(thing, name)
            if mention is not None:
                out.append(mention)
        return out, head or self._newest(things, cursor), cursor, late

    def _normalized(self, thing: Mapping[str, Any], name: str | None) -> Mention | None:
        """``thing`` as a mention; None for one unreadable (logged, counted in ``skipped``) or
        deleted or removed (counted in ``gone``)."""
        try:
            mention = normalize_thing(thing, source=self.id, web_url=self.web_url,
                                      fetched_at=self.clock(), said=self.said)
        except UNREADABLE as exc:
            self.skipped.append(unreadable(exc))
            log.warning("reddit source %s: %s", self.id, unreadable(exc))
            return None
        if mention is None:
            self.gone += 1
            log.debug("reddit source %s: %s deleted or removed, skipped", self.id, name)
        return mention

    async def _look_back(self, stream: Stream, recent: dict[str, float],
                         read: Sequence[Mention]) -> list[Mention]:
        """A search's head, made within ``SEARCH_LOOKBACK`` and neither in ``recent`` nor
        in ``read`` (this poll's): the posts the index took late. ``recent`` is updated in
        place with every name of the span seen (the ones read and the ones new), and pruned
        to the span."""
        since = (self.clock() - SEARCH_LOOKBACK).timestamp()
        for gone in [n for n, made in recent.items() if made < since]:
            del recent[gone]
        done = {m.id.removeprefix(f"{self.network}:") for m in read}
        things, _, _ = await self._page(stream)
        out: list[Mention] = []
        for thing in things:
            named = self._name(thing)
            data = thing.get("data")
            made = data.get("created_utc") if isinstance(data, Mapping) else None
            if (named is None or not isinstance(made, int | float) or isinstance(made, bool)
                    or made < since):
                continue
            name = named
            seen = name in recent or name in done
            recent[name] = float(made)
            if seen:
                continue
            mention = self._normalized(thing, name)
            if mention is not None:
                log.info("reddit source %s: %s was indexed by search after the cursor "
                         "passed it; read now", self.id, name)
                out.append(mention)
        return out

    async def _reread(self, watch: dict[str, list[float | str]], skip: set[str]
                      ) -> list[Mention]:
        """The edits and deletes of the things watched (``WATCH``), read again through
        ``/api/info``: made in the last ``EDIT_LOOKBACK``, not read by this poll's listings
        (``skip``), least lately read again first; at most ``INFO_CALLS`` requests of
        ``INFO_BATCH`` names, and none once Reddit says ``INFO_RESERVE`` requests or fewer
        are left of its budget. ``watch`` is updated in place: each thing's words and
        ``edited`` as read, when it was read, and a deleted one gone from it.

        A failed request (a 404, a 403, a timeout) leaves the things as they were, said once
        (logged, counted in ``skipped``); a 429 pauses the account's requests (the next poll's
        first raises ``RateLimited``, and the runtime pauses the source): neither loses what
        the listings read."""
        now = self.clock()
        since = (now - EDIT_LOOKBACK).timestamp()
        removed_since = (now - self.late_reach).timestamp()
        due = sorted((n for n, w in watch.items() if n not in skip and float(w[0]) >= (
                          removed_since if w[2] == REMOVED else since)),
                     key=lambda n: (float(watch[n][3]), -float(watch[n][0])))
        out: list[Mention] = []
        for start in range(0, min(len(due), INFO_BATCH * INFO_CALLS), INFO_BATCH):
            left = self.api.remaining()
            if left is not None and left <= INFO_RESERVE:
                log.info("reddit source %s: %g requests left of Reddit's budget; edits are "
                         "read again after its reset", self.id, left)
                break
            batch = due[start:start + INFO_BATCH]
            try:
                payload = await self.api.call("GET", "/api/info",
                                              params={"id": ",".join(batch)})
                things = parse_listing(payload).things
            except RateLimited as exc:
                self.api.pause(exc.retry_after, "/api/info")
                log.warning("reddit source %s: %s; edits are read again after it", self.id, exc)
                break
            except SourceError as exc:
                reason = (f"reddit: reading {len(batch)} thing(s) again for edits: "
                          f"{one_line(str(exc), 200)}; their cards stay as read")
                self.skipped.append(reason)
                log.warning("reddit source %s: %s", self.id, reason)
                break
            asked = set(batch)
            for thing in things:
                name = self._name(thing)
                if name is None or name not in asked:
                    continue  # not asked, or answered twice
                asked.discard(name)
                revision = self._revised(thing, name, watch[name], now)
                if revision is not None:
                    out.append(revision)
                    if revision.revision == "delete" and revision.removed_by is None:
                        del watch[name]  # its author's: final
                    elif revision.revision == "delete":
                        watch[name][2] = REMOVED  # a moderator may approve it again
            for name in batch:
                if name in watch:
                    watch[name][3] = now.timestamp()
        return out

    def _revised(self, thing: Mapping[str, Any], name: str, state: list[float | str],
                 now: datetime) -> Mention | None:
        """``thing`` read again: its edit (``edited`` later than the one read, and other words
        or links), dated by ``edited`` so the same edit read again (a process killed before
        its cursors were written) is the same one; a tombstone when it is deleted or removed
        now (what ``normalize_thing`` reads as gone); else None. ``state`` takes what was
        read.

        A thing read removed before (``state``'s digest ``REMOVED``) and public now was
        approved again: an edit of its tombstone (no author's edit: ``edits`` unchanged by the
        pipeline), dated by Reddit's ``approved_at_utc`` (a moderator's account reads it) or
        else when it was last read removed, so every process meeting it makes the same one;
        still removed, nothing."""
        try:
            mention = normalize_thing(thing, source=self.id, web_url=self.web_url,
                                      fetched_at=now, said=self.said)
        except UNREADABLE as exc:  # a damaged answer: its card stays as read
            self.skipped.append(unreadable(exc))
            log.warning("reddit source %s: %s", self.id, unreadable(exc))
            return None
        if mention is None and state[2] == REMOVED:
            return None  # its tombstone was read: nothing new
        if mention is None:
            data = thing.get("data")
            by = taken_down_by(data) if isinstance(data, Mapping) else None
            log.info("reddit source %s: %s %s since read", self.id, name,
                     f"removed ({by})" if by else "deleted by its author")
            # a removal is dated when the thing was last read public (Reddit says when only
            # to its moderators: ``banned_at_utc``), alike in every process, so each removal
            # is acted on once, and one after an approval again too (its author's delete,
            # final, is once a post: its time is this read's); never before the edit read
            # (``state[1]``) nor the thing's own time (``state[0]``), both by Reddit's clock,
            # which may be ahead of ours, as an approval again is dated: the pipeline keeps a
            # removal older than the version shown as stale (one redelivered late)
            gone_at = now if by is None else datetime.fromtimestamp(max(
                self._dated(data, "banned_at_utc", float(state[3]), now), float(state[1]),
                float(state[0])), UTC)
            return Mention(id=f"reddit:{name}", network="reddit", source=self.id,
                           author=Author(id="", handle=""), text="", created_at=now,
                           revision="delete", revised_at=gone_at, removed_by=by)
        # an ``edited`` further ahead of the clock than Reddit's may be (1e308, a year past
        # 9999: no datetime at all) is kept as the clock's, so a later real edit is still one;
        # one a little ahead is kept as it is, the date of its edit below
        data = thing.get("data")
        said = edited_at(data)
        digest, edited = _digest(mention), (
            said if said <= (now + AHEAD_TOLERANCE).timestamp() else now.timestamp())
        was_edited, was, last_read = float(state[1]), state[2], float(state[3])
        state[1], state[2] = max(was_edited, edited), digest
        if was == REMOVED:
            back_at = datetime.fromtimestamp(
                self._dated(data, "approved_at_utc", last_read, now), UTC)
            log.info("reddit source %s: %s public again since read removed", self.id, name)
            # not before the removal it follows (dated at least by the last edit read)
            return mention.model_copy(update={"revision": "edit", "revised_at": max(
                back_at, mention.created_at, datetime.fromtimestamp(was_edited, UTC))})
        if digest == was:
            return None  # the same words (a score moved, an edit back to them, say)
        if isinstance(data, Mapping) and data.get("edited") is True:
            # "edited" with no date ("some old edited comments" carry ``true``: reddit-archive
            # /reddit wiki, JSON), and other words: an edit made since the words were last
            # read (``state[3]``), dated then, so the same edit read again by the next
            # process after one was killed before its write is the same one. It used to edit
            # nothing: the card kept the words its author had replaced
            when = datetime.fromtimestamp(max(last_read, mention.created_at.timestamp()), UTC)
            return mention.model_copy(update={"revision": "edit", "revised_at": when})
        if edited <= was_edited:
            return None  # not edited since: Reddit says no later edit
        when = datetime.fromtimestamp(edited, UTC)
        # Reddit's clock a little ahead of ours is taken as its ``created_utc`` is
        # (``post_date``): dated by the reading clock, the same edit read again after a lost
        # write was another edit
        if not mention.created_at <= when <= now + AHEAD_TOLERANCE:
            when = max(now, mention.created_at)  # a damaged date: when it was read
        return mention.model_copy(update={"revision": "edit", "revised_at": when})

    @staticmethod
    def _dated(data: Any, key: str, last_read: float, now: datetime) -> float:
        """When Reddit says (``data[key]``: ``banned_at_utc``, ``approved_at_utc``, epoch
        seconds a moderator's account reads) a thing was removed or approved, when that is
        after it was last read and not ahead of the clock by more than a post's own time may
        be; else when it was last read (``last_read``), the same for every process."""
        said = _seconds(data.get(key) if isinstance(data, Mapping) else None)
        if said is not None and last_read <= said <= (now + AHEAD_TOLERANCE).timestamp():
            return said
        return last_read

    def failing_parts(self) -> dict[str, str]:
        """The listings that failed in the last poll, with why (source health counts each)."""
        return dict(self.failing)

    async def poll(self) -> Sequence[Mention]:
        cursor = await load_cursor(self.store, self.id)
        found: dict[str, Mention] = {}
        self.failing = failed = {}
        streams = self.streams()
        refused: list[SubredditRefused] = []  # subreddits Reddit refused this poll
        for stream in streams:
            if (gone := next((r for r in refused if stream.path.startswith(r.listings)),
                             None)) is not None:
                # its other listing answers alike: said once a poll, not asked again, still
                # failing (source health), its cursor kept
                failed[stream.path] = str(gone)
                if len(failed) == len(streams):
                    raise gone
                continue
            stored = cursor.get(stream.key)
            stored = stored if isinstance(stored, str) else None
            # the late things read from this cursor (``_late``): the polls till it moves list
            # them again
            kept = cursor.get(f"{stream.key}#late")
            read_late = frozenset(n for n in kept if isinstance(n, str)) \
                if isinstance(kept, list) else frozenset()
            ledger = Ledger.of(cursor.get(f"{stream.key}#read"))
            try:
                mentions, newest, since, late = await self._read(stream, stored, read_late,
                                                                 ledger)
            except (RateLimited, SourceAuthError):
                raise  # the account's, not the listing's: the runtime pauses the source
            except SourceError as exc:
                # one listing's (a subreddit made private or banned answers 403 or 404 with
                # its reason; a timeout): its cursor stays, and the other listings are read.
                # Raised, one gone subreddit hid every other, at every poll
                failed[stream.path] = str(exc)
                self.skipped.append(str(exc))
                log.warning("reddit source %s: %s; the other listings are read", self.id, exc)
                if isinstance(exc, SubredditRefused):
                    refused.append(exc)
                if len(failed) == len(streams):
                    raise
                continue
            if stream.key.startswith("search:"):
                kept = cursor.get(f"{stream.key}#recent")
                recent = _recent_of(kept)
                if since is None or kept is None:
                    # a first run's backfill decides alone, and a cursor stored by a release
                    # before has read what it has: what it read is only noted
                    bound = (self.clock() - SEARCH_LOOKBACK).timestamp()
                    recent.update((m.id.removeprefix("reddit:"), m.created_at.timestamp())
                                  for m in mentions if m.created_at.timestamp() >= bound)
                else:
                    try:
                        mentions += await self._look_back(stream, recent, mentions)
                    except (RateLimited, SourceAuthError):
                        raise
                    except SourceError as exc:  # the look back's alone: the cursor moves on
                        log.warning("reddit source %s: looking back in %s: %s", self.id,
                                    stream.path, exc)
                cursor[f"{stream.key}#recent"] = dict(
                    sorted(recent.items(), key=lambda kv: kv[1])[-MAX_RECENT:])
            for m in mentions:
                found.setdefault(m.id, m)
            if (ledger := ledger or self._ledger(since, newest, mentions)) is not None:
                ledger.add(m.native_id for m in mentions)
                cursor[f"{stream.key}#read"] = ledger.stored()
            if newest and (since is None or fullname_order(newest) > fullname_order(since)):
                cursor[stream.key] = newest
                cursor.pop(f"{stream.key}#late", None)  # behind the new cursor: not listed
            elif late:
                cursor[f"{stream.key}#late"] = sorted(read_late | late)[-LIMIT:]
            elif since is None and stored is not None:  # none Reddit gives, and no head
                del cursor[stream.key]  # to replace it: said once, not at every poll
        kept = drop_own(found.values(), self.own, self.skipped, source=self.id)
        now = self.clock().timestamp()
        watch = _watch_of(cursor.get(WATCH), now, source=self.id)
        # read removed in the last poll of this release: so still, whatever a release before
        # wrote of it meanwhile in ``WATCH`` (a removed post approved again is listed new)
        watch.update((n, [*w[:2], REMOVED, w[3]]) for n, w in _watch_of(
            cursor.get(WATCH_REMOVED), now, source=self.id).items())
        # a removed post approved again is listed at the front of /new: read as the post
        # already read (dedup), it stayed marked removed; the re-read makes it public again
        kept = [m for m in kept if watch.get(m.native_id, ("", "", ""))[2] != REMOVED]
        revised = await self._reread(watch, {m.native_id for m in kept})
        for m in kept:  # what was read now is watched for its edits
            if m.native_id not in watch:
                watch[m.native_id] = [m.created_at.timestamp(), edited_at(m.raw), _digest(m),
                                      self.clock().timestamp()]
        horizon = (self.clock() - EDIT_LOOKBACK).timestamp()
        removed_horizon = (self.clock() - self.late_reach).timestamp()
        watched = dict(sorted(((n, w) for n, w in watch.items() if float(w[0]) >= (
                                  removed_horizon if w[2] == REMOVED else horizon)),
                              key=lambda kv: float(kv[1][0]))[-MAX_WATCHED:])
        for key, part in ((WATCH, {n: w for n, w in watched.items() if w[2] != REMOVED}),
                          (WATCH_REMOVED, {n: w for n, w in watched.items() if w[2] == REMOVED})):
            if part:
                cursor[key] = part
            else:
                cursor.pop(key, None)
        await self.store.set_cursor(self.id, json.dumps(cursor))
        return sorted([*kept, *revised], key=lambda m: m.created_at)

    async def lookup(self, url: str) -> Mention | None:
        """The post or comment at ``url`` (a comment when the address names one), normalised
        as a polled one: ``GET /api/info?id=<fullname>``, on the OAuth API when the account
        has an app (``client_id``), else on the public site (``web_url``), which Reddit
        limits to 10 requests a minute and may refuse. A thing the answer does not hold
        (no such id, a private subreddit) or one its author deleted is None; one taken down
        by a moderator, a subreddit's filters or Reddit raises ``PostGone`` saying which (a
        poll never reads it either: ``why`` says so rather than "deleted")."""
        fullname = fullname_of(url)
        if fullname is None:
            return None
        params = {"id": fullname}
        payload = (await self.api.call("GET", "/api/info", params=params)
                   if self.config.client_id
                   else await self.api.read_public(self.web_url, "/api/info", params=params))
        for thing in parse_listing(payload).things:
            if self._name(thing) == fullname:
                found = normalize_thing(thing, source=self.id, web_url=self.web_url,
                                        fetched_at=self.clock(), said=self.lookup_said)
                data = thing.get("data")
                if found is None and isinstance(data, Mapping) and (
                        by := taken_down_by(data)) is not None:
                    raise PostGone(gone_how("reddit", by))
                return found
        return None


def _watch_of(kept: object, now: float, *, source: str = "") -> dict[str, list[float | str]]:
    """The things watched for edits as stored (name -> [created_utc, edited, digest, read
    again at]); {} when it reads not, and without an entry that does not (a cursor of a
    release before has none: what it read is not watched). Only posts and comments (``t3_``,
    ``t1_``: ``/api/info`` answers a subreddit or an account too, which no poll reads), none
    made ahead of ``now`` (a date no poll writes: ``post_date`` takes the read's time for one
    more than an hour ahead; such entries, the newest, outlived every real one), a read-again
    time ahead of ``now`` as ``now`` and an ``edited`` as ``AHEAD_TOLERANCE`` ahead at most
    (as ``_revised`` takes it). More than ``WATCH_READ_AT_MOST`` entries is no cursor a
    release wrote: none read (said), so a hand-damaged one costs the loop no sorting."""
    if not isinstance(kept, dict):
        return {}
    if len(kept) > WATCH_READ_AT_MOST:
        log.warning("reddit source %s: the cursor's %s holds %d entries (at most %d are "
                    "written): not read; the things read from now on are watched for edits",
                    source, WATCH, len(kept), MAX_WATCHED)
        return {}
    out: dict[str, list[float | str]] = {}
    for name, w in kept.items():
        if (isinstance(name, str) and name[:3] in ("t1_", "t3_") and fullname_order(name) >= 0
                and isinstance(w, list)
                and len(w) == 4 and isinstance(w[2], str) and len(w[2]) <= DIGEST
                and all(_seconds(v) is not None for v in (w[0], w[1], w[3]))
                and w[0] <= now + AHEAD_TOLERANCE.total_seconds()):
            # an ``edited`` as far ahead as a real one is kept (``_revised`` takes Reddit's
            # clock that far ahead of ours): a removal is dated no earlier than it
            out[name] = [float(w[0]), min(float(w[1]), now + AHEAD_TOLERANCE.total_seconds()),
                         w[2], min(float(w[3]), now)]
    return out


def _recent_of(kept: object) -> dict[str, float]:
    """A search's ``#recent`` names as stored (name -> created_utc); {} when it reads not."""
    if not isinstance(kept, dict):
        return {}
    return {n: float(t) for n, t in kept.items() if isinstance(n, str)
            and isinstance(t, int | float) and not isinstance(t, bool)}
