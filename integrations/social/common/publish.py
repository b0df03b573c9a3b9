"""Publishing once: the memo of what a publisher already published per idempotency key, and
looking for our own post before posting again where a network has no idempotency key.

The look takes a post as ours only if the network says it was made at or after this
publish's first attempt (or the time the approval's record puts before any claim, if
earlier: ``PUBLISH_NOT_BEFORE``), less ``CLOCK_SKEW``: a team that posts the same text again
(a weekly outage notice, a standard thank-you in the same thread) must not have the new post
taken for last week's and left unposted.

Who a publisher posts as (``Poster``, ``SignedPublisher.posted_as``) is recorded with each
publishing claim before its post; a look that finds an earlier claim recorded another account
(the operator swapped the token or password for another account's between a try's post and
its retry) cannot say that post was not made, its account's posts not being this one's:
``PostedElsewhere``, the try posting nothing and staying unconfirmed (``earlier_posters``)."""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from bot.core.errors import ClaimEnded, RateLimited, SocialopsError, SourceError
from bot.core.ports import (
    PUBLISH_CLAIM,
    PUBLISH_CLAIMS_LOSSY,
    PUBLISH_NOT_BEFORE,
    PUBLISH_POSTED_AS,
    Clock,
    PublishResult,
)
from bot.core.text import one_line

T = TypeVar("T")

log = logging.getLogger(__name__)

# How much earlier than our first attempt (by our clock) the network may stamp our own post:
# our hosts and the networks' keep NTP time, off by well under a second, so two minutes
# covers a badly drifting host with room to spare. Only an identical post (same text, same
# reply target) made within these two minutes before the first attempt could still be taken
# for ours: the same words sent twice in two minutes, once by hand and once approved, which
# is a double post already.
CLOCK_SKEW = timedelta(minutes=2)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def is_ours(created: datetime | None, since: datetime | None, *, what: str) -> bool:
    """Whether a post with our text and reply target, made at ``created`` (the network's
    time, None when it gave none that reads), can be the one this publish made. ``since``:
    the earliest time ours can carry (``LookBeforeRetry`` gives it to the look), or None when
    nobody knows when publishing began: every match is ours, as before times were kept.

    A match whose time cannot be read is not ours: the networks document the field on every
    post (X's ``created_at``, asked for; Reddit's ``created_utc``; Mastodon's ``created_at``),
    so it is a garbled answer, and taking it would be the silent loss this check exists to
    stop (the approval recorded published, with a link to an older post, and nobody told).
    Posting again instead risks a second post, which everyone sees and one delete undoes.
    Said in a warning line either way."""
    if since is None:
        return True
    if created is None:
        log.warning("%s has our text but no time that reads: not taken for this publish "
                    "(made no earlier than %s), which posts unless it finds a post of its own",
                    what, f"{(since + CLOCK_SKEW).astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC")
        return False
    return created >= since


class LookFailed(SourceError):
    """The look for an earlier attempt's post could not be made (the network refused the
    token, answered garbage or failed): the earlier attempt may have posted, so this one
    neither posts nor says nothing was posted; the publish stays unconfirmed and is tried
    again, looking first (``PublishUncertain``)."""


class PostedElsewhere(LookFailed):
    """An earlier attempt's claim recorded that it posted as another account than the one the
    credentials in use post as: that attempt's post, if it made one, is among the other
    account's posts, so this account's not showing it says nothing; nothing is posted, the
    publish stays unconfirmed, and the line names the account to look at."""


# how much of a name a claim records (a Bluesky handle may be 253 characters): the record is
# kept only under 300 (``ApprovalService._posted_as``), and the id is what is compared
NAME_KEPT = 100


@dataclass(frozen=True)
class Poster:
    """Who a publisher posts as, as a publishing claim records it (``record``, JSON after
    ``; posting as `` in the claim's detail; Mastodon's since debaf2f3 read as they are):
    ``account``, the network's id of the account (X's user id, Reddit's name, Bluesky's DID,
    a Mastodon account's id on ``server``), what is compared; ``name``, how a person finds
    it (``@handle``, ``u/name``), said only; ``app``, the application that makes the posts,
    where the network shows it on each (Mastodon)."""

    account: str | None
    name: str | None = None
    server: str | None = None
    app: str | None = None

    def record(self) -> str:
        said = {"app": self.app, "account": self.account, "server": self.server}
        if self.name is not None:
            said["name"] = one_line(self.name, NAME_KEPT)
        return json.dumps({k: v for k, v in said.items() if v is not None},
                          separators=(",", ":"))

    def shown(self) -> str:
        """The account in a line for the operator: its name, its id beside when the name
        does not hold it, and its server where the id means one there."""
        account = one_line(self.account or "?", 100)
        name = one_line(self.name, NAME_KEPT) if self.name else None
        said = name if name is None or account in name else f"{name} ({account})"
        return f"account {said or account}" + (
            f" on {one_line(self.server, 100)}" if self.server else "")


def read_poster(recorded: str) -> Poster | None:
    """The ``Poster`` a claim recorded, or None when it holds none that reads (another
    publisher's record, a damaged one)."""
    try:
        said = json.loads(recorded)
    except ValueError:
        return None
    if not isinstance(said, dict):
        return None
    app, account, server, name = (said.get(k) for k in ("app", "account", "server", "name"))
    found = Poster(account=account if isinstance(account, str) and account else None,
                   name=name if isinstance(name, str) and name else None,
                   server=server if isinstance(server, str) and server else None,
                   app=app if isinstance(app, str) and app else None)
    return None if found == Poster(None) else found


def earlier_posters(me: Poster, *, now: str) -> list[Poster]:
    """Who each earlier claim that may have posted recorded posting as (``PUBLISH_POSTED_AS``,
    read by ``read_poster``), given that this try posts as ``me``. One that recorded another
    account (its id, on its server where it names one) raises ``PostedElsewhere``: the
    operator swapped the credentials for another account's after it, and the look among
    ``me``'s posts cannot find its post (``now``: "the token now posts", said before ``me``).
    A claim of a release before 2026-12-07, or whose network did not say, recorded none:
    compared as before, with ``me`` alone."""
    posters = [p for p in map(read_poster, PUBLISH_POSTED_AS.get()) if p is not None]
    for earlier in posters:
        if earlier.account is not None and (earlier.account, earlier.server) != (
                me.account, me.server):
            raise PostedElsewhere(
                f"an earlier attempt posted as {earlier.shown()}, and {now} as {me.shown()}: "
                "its post, if made, is not among this account's; look at that account's posts")
    return posters


def recorded_accounts() -> bool:
    """Whether an earlier claim that may have posted recorded who it posted as: only then
    must a look ask who the credentials post as now (``earlier_posters``)."""
    return any(p is not None and p.account is not None
               for p in map(read_poster, PUBLISH_POSTED_AS.get()))


class Whoami:
    """Who a publisher posts as (``ask``: one request to the network), asked once it answers:
    ``posted_as`` for the claim's record, never raising; ``check`` for the look before a
    retry, which raises what the network said."""

    def __init__(self, ask: Callable[[], Awaitable[Poster]], *, who: str) -> None:
        self.ask = ask
        self.who = who  # "x publisher x1", in the line a failure is said in
        self._known: Poster | None = None

    async def __call__(self) -> Poster:
        if self._known is None:
            self._known = await self.ask()
        return self._known

    async def posted_as(self) -> str | None:
        """``SignedPublisher.posted_as``: the record, or None when the network does not say
        (a refused token, a timeout, a 429: the post says so itself), in an info line."""
        try:
            return (await self()).record()
        except SocialopsError as exc:
            log.info("%s: the network did not say which account the credentials post as "
                     "(%s): this attempt's claim does not record it", self.who,
                     one_line(str(exc), 200))
            return None

    async def check(self, *, now: str) -> None:
        """``earlier_posters`` of the account the credentials post as now, asked only when an
        earlier claim recorded one: a look of a claim an earlier release made (or none) asks
        nothing more than it did."""
        if recorded_accounts():
            earlier_posters(await self(), now=now)


class PublishMemo:
    """Results by idempotency key, the newest ``size`` kept: a retry of a key that already
    published in this process answers at once (the store's approval record is the durable
    truth across processes)."""

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self._done: OrderedDict[str, PublishResult] = OrderedDict()

    def get(self, key: str) -> PublishResult | None:
        return self._done.get(key)

    def put(self, key: str, result: PublishResult) -> None:
        self._done[key] = result
        while len(self._done) > self.size:
            self._done.popitem(last=False)

    async def once(self, key: str,
                   publish: Callable[[], Awaitable[PublishResult]]) -> PublishResult:
        """The result kept for ``key``, else ``publish``'s, then kept (a failure keeps none)."""
        done = self.get(key)
        if done is None:
            done = await publish()
            self.put(key, done)
        return done


class LookBeforeRetry:
    """For networks without an idempotency key (X, Reddit): when a post's outcome is unknown (a
    timeout, a 5xx, a garbled answer), look for our own post before anyone posts again, now
    and on every later attempt with the same key until the question is settled.

    The look is given the earliest time our post can carry (``look(since)``): the first
    attempt, the earlier of when this guard first sent the key and ``attempted_since`` (the
    store's record of the first attempt, perhaps by a process that died) or, if earlier, the
    time the approval's record puts before any claim (``PUBLISH_NOT_BEFORE``), less
    ``CLOCK_SKEW``. An identical post older than that is someone's earlier post, not ours.
    Where the store can lose a claim (``PUBLISH_CLAIMS_LOSSY``) it looks before a first try
    too."""

    def __init__(self, clock: Clock = _utc_now, *, size: int = 10_000) -> None:
        self.clock = clock
        # keys whose outcome is unknown -> when this guard first sent them, the newest ``size``
        # kept: a key given up on (its approval failed, cancelled) is never settled here, and
        # one forgotten still looks first, the store's record saying it was attempted
        # (``maybe_published``) and when (``attempted_since``)
        self.size = size
        self.ambiguous: dict[str, datetime] = {}

    def since(self, key: str, attempted_since: datetime | None) -> datetime | None:
        """The earliest time a post of ``key`` can carry, or None when unknown: the earliest
        attempt known, or, where an approval is published, the time its record puts before
        any claim (``PUBLISH_NOT_BEFORE``) if earlier. The first attempt, read from the
        approval's claims, was taken alone until 2026-12-07: a claim a Redis restart lost
        made a later try's first attempt its own, minutes after the post the lost one made,
        which the look then took for someone else's and posted again. A post an earlier
        release's try made, after its claim on record, is found as before."""
        known = [t for t in (attempted_since, self.ambiguous.get(key), PUBLISH_NOT_BEFORE.get())
                 if t is not None]
        return min(known) - CLOCK_SKEW if known else None

    async def send(self, key: str, *, post: Callable[[], Awaitable[T]],
                   look: Callable[[datetime | None], Awaitable[PublishResult | None]],
                   certain: tuple[type[Exception], ...],
                   maybe_published: bool = False,
                   attempted_since: datetime | None = None) -> T | PublishResult:
        """``post()``'s answer, or the post ``look(since)`` found. ``certain`` errors mean
        nothing was posted (a 429, refused credentials); other ``SourceError``s are ambiguous.
        ``maybe_published``: an earlier attempt (perhaps in a process that died) may have
        posted; the approval's record in the store says so, so look first. A look that fails
        raises ``LookFailed`` (a 429 stays ``RateLimited``): never "nothing posted", which a
        refused token or a garbled page would otherwise be taken for.
        ``attempted_since``: when publishing this text was first attempted (the store's
        record); None when not known."""
        known = maybe_published or key in self.ambiguous
        # a store that can lose a claim it acknowledged (PUBLISH_CLAIMS_LOSSY) may have lost
        # the one an earlier try posted under, its record showing none: look then too
        if known or PUBLISH_CLAIMS_LOSSY.get():
            try:
                found = await look(self.since(key, attempted_since))
            except (RateLimited, PostedElsewhere):
                raise  # nothing posted now; the next attempt looks first again
            except SourceError as exc:
                if known:
                    raise LookFailed(f"an earlier attempt may have posted it, and the look "
                                     f"for it failed: {exc}") from exc
                # no earlier attempt on record: most likely there was none, and holding every
                # first post of a flaky server back for a claim perhaps lost would cost more
                # than the rare second post it might save; said, then posted as before
                log.warning("the look before publishing %s (for a post of a claim the store "
                            "may have lost) failed: %s; posting", key, exc)
                found = None
            if found is not None:
                self.ambiguous.pop(key, None)
                return found
            # the look may have outlasted the publishing claim's lease: post only while the
            # claim is still this call's (renewed), else another process may have taken the
            # publish over meanwhile, looked before this post and posted it too
            if (holds := PUBLISH_CLAIM.get()) is not None and not await holds():
                raise ClaimEnded(f"the claim on {key} ended while looking for an earlier "
                                 "attempt's post; nothing posted")
        sent = self.clock()
        try:
            answer = await post()
        except certain:
            raise
        except SourceError:
            self.ambiguous.setdefault(key, sent)
            while len(self.ambiguous) > self.size:  # the oldest first (insertion order)
                del self.ambiguous[next(iter(self.ambiguous))]
            try:
                found = await look(self.since(key, attempted_since))
            except SourceError:
                found = None  # still ambiguous: the next attempt looks again first
            if found is not None:
                self.ambiguous.pop(key, None)
                return found
            raise
        self.ambiguous.pop(key, None)
        return answer
