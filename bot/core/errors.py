"""The socialops exception tree. Vendor exceptions are translated into these at the edges
(``raise OurError(...) from exc``), so nothing above ``integrations/`` sees httpx, slack_sdk,
discord or redis errors.

    SocialopsError
    ├── ConfigError              bad config or rules file (file, line, field)
    │   ├── ConfigErrors         several of them, found in one pass (``check`` lists them all)
    │   └── UnknownNetwork       a network or source type no registry entry names, or whose
    │                            package cannot be imported (also a ValueError, so a pydantic
    │                            validator reports it as the field's one-line error)
    ├── UsageError               a command cannot do what was asked (a missing file, a bad
    │                            argument, a port in use, a database another process holds)
    ├── Refusal                  a person's chat request refused, with the one line that says
    │                            why (a malformed duration or query, a ticket in the wrong
    │                            state): the dispatcher answers with it and nothing changes
    ├── StoreError               storage failure
    │   ├── StoreUnavailable     cannot reach the store at start-up or while running
    │   └── UnreadableRecord     one stored record cannot be read (damaged): also a Refusal,
    │                            so whoever asked for it hears one line saying what to do
    ├── Quoting                  (the three below) a message that may quote a remote server,
    │                            made one line of visible text when built
    ├── PostGone                 a lookup's post is there but taken down by someone other
    │                            than its author (a moderator, the network): says by whom
    ├── NotThere                 a lookup found no post, and says why where it knows better
    │                            than "deleted or not public" (a handle no account has now)
    ├── SourceError              a social network read failed
    │   ├── SourceAuthError      credentials refused: pause the source and report
    │   ├── RateLimited          pause until ``retry_after`` seconds have passed
    │   └── MalformedPayload     the network sent something we cannot parse
    ├── DeliveryError            a workspace post/update failed
    │   ├── RateLimited          (shared with sources) honour Retry-After
    │   └── PermanentDeliveryError  retrying will not help (bad channel, not in channel, ...)
    └── PublishError             publishing an approved post to a network failed
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Iterator
from typing import Self, TypeVar

from bot.core.text import grapheme_cut, kept_joiner, one_line

E = TypeVar("E", bound=BaseException)


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, then its cause (else its context), in turn: what it wraps."""
    seen: BaseException | None = exc
    for _ in range(20):  # a chain is short; a cycle must not loop
        if seen is None:
            return
        yield seen
        seen = seen.__cause__ or seen.__context__


def in_chain(exc: BaseException, kind: type[E]) -> E | None:
    """The first exception of ``kind`` in ``exc``'s chain (``chain``), ``exc`` included: what
    a library wrapped, as redis-py wraps an AuthenticationError in a ConnectionError over a
    unix socket, or httpx an OSError in a TransportError."""
    return next((seen for seen in chain(exc) if isinstance(seen, kind)), None)


class SocialopsError(Exception):
    """Base of every error socialops raises on purpose."""


class ConfigError(SocialopsError):
    """A configuration or rules file is invalid. ``str()`` reads ``file:line: field: message``."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        # the schema refused the value and a stand-in took its place (a token: ``StandIn``):
        # what holds it lost nothing, so the checks of its neighbours are not follow-ons
        self.stood_in = False
        where = ""
        if file:
            where = f"{file}:{line}: " if line else f"{file}: "
        what = f"{field}: " if field else ""
        super().__init__(printable(f"{where}{what}{message}"))


def printable(text: str) -> str:
    """``text`` with each character that does not print escaped as Python writes it
    (``\\x1b``, ``\\n``, ``\\u202e``): a problem is one line a person reads in a terminal,
    and a name or a path from the file is quoted in it as written, where an escape sequence,
    a line break or a bidi override would be done instead of shown. A ZWJ or ZWNJ that is
    part of how the text is drawn (an emoji sequence's 👩‍💻, Persian's "می‌خواهم": ``clean``
    keeps it too) stays, so a name in such letters reads as written. A word longer than
    ``LONG_WORD`` (a value pasted whole: 200,000 characters were one problem's line) keeps
    its start and its end, with "…" between, but a path (a word with a "/") up to
    ``PATH_MAX``: the file to fix, or the one not found, is named whole."""
    if not prints(text):
        text = "".join(ch if ch.isprintable() or kept_joiner(text, i)
                       else ch.encode("unicode_escape").decode("ascii")
                       for i, ch in enumerate(text))
    if len(text) > LONG_WORD:
        text = _LONG_WORD.sub(_shortened, text)
    return text


def prints(text: str) -> bool:
    """True when every character of ``text`` is shown as written by ``printable``: it prints,
    or it is a ZWJ or ZWNJ that is part of how the text is drawn (``kept_joiner``)."""
    return text.isprintable() or all(ch.isprintable() or kept_joiner(text, i)
                                     for i, ch in enumerate(text))


LONG_WORD = 200
PATH_MAX = 4096  # Linux's: no longer path can be opened
_LONG_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")


def _shortened(m: re.Match[str]) -> str:
    word = m.group()
    if len(word) <= PATH_MAX and ("/" in word or os.sep in word):
        return word
    head = word[:grapheme_cut(word, LONG_WORD - 40)]
    tail = word[grapheme_cut(word, len(word) - 30):]
    return f"{head}…{tail}"


class ConfigErrors(ConfigError):
    """Every problem found in one pass over the config and rules. It carries the first
    problem's file, line and field (so code that handles one ConfigError still works);
    ``str()`` is one line per problem."""

    def __init__(self, errors: list[ConfigError]) -> None:
        if not errors:
            raise ValueError("ConfigErrors needs at least one error")
        first = errors[0]
        super().__init__(first.message, file=first.file, line=first.line, field=first.field)
        self.errors = [e for err in errors for e in flatten(err)]
        self.args = ("\n".join(str(e) for e in self.errors),)


class UnknownNetwork(ConfigError, ValueError):
    """A network name (a source's ``type:``, a rule's ``network:``, ``draft <network>``) that
    ``bot.core.networks`` does not know or cannot import. The message names the known ones."""


def flatten(error: ConfigError) -> list[ConfigError]:
    """The single problems inside ``error`` (itself, unless it is a ConfigErrors)."""
    return list(error.errors) if isinstance(error, ConfigErrors) else [error]


class UsageError(SocialopsError):
    """The person running a command can fix this; the CLI prints it as one line."""


class Refusal(SocialopsError):
    """A request refused, with ``message``: one line the person who asked can act on. Raised
    where the reason is found, however deep; the chat dispatcher answers with it (and audits
    it) as ``Reply.refused(message)``, a service method returning a ``Reply`` turns it into
    one itself, and the CLI prints it. ``field``: the one argument it is about, when it is
    about one alone (``Reply.field``)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(message)


class StoreError(SocialopsError):
    pass


class StoreUnavailable(StoreError):
    pass


class StoreDown(StoreUnavailable):
    """The store was not there to answer (Redis refused the connection, did not answer, its
    host unreachable): it may be back by itself, where a mistake (the URL, its password or
    database, TLS, a permission) fails the same way at every try. ``run`` waits for this one
    and stops at once on the others."""


class WriteConflict(StoreError):
    """A settle of the outbox (``Store.finish``, ``Store.retry_later``) whose effects carry a
    conditional cursor write (``Effects.swap_cursor``) that another process's write changed
    meanwhile: nothing of it was written; read again, decide again."""


class UnreadableRecord(Refusal, StoreError):
    """One stored record that cannot be read (its JSON edited by hand, cut short by a full
    disk, a field of the wrong type): raised by a read of that record alone (``get_ticket``);
    a listing skips it instead (``bot.store.readable``). A Refusal, so a chat command or the
    CLI that asked for it answers ``message``, one line, and nothing is written over it."""

    def __init__(self, message: str, *, kind: str, record_id: str) -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(message)


MAX_QUOTED = 2_000  # characters of an error that quotes a remote server (what a store keeps)


class Quoting(SocialopsError):
    """An error whose message may quote a remote server: an error code, a response body, an
    HTTP reason. Such text is the server's (or a proxy's, or whoever answers in its place),
    and the message goes to logs, terminals (``socialops why``, ``outbox list``) and cards, so
    it is made one line of visible text when the error is built (``one_line``): an escape
    sequence cannot set a terminal's clipboard or clear its screen, a bidi override cannot
    reorder the line, a line break cannot draw a line that reads like one of ours."""

    def __init__(self, *args: object) -> None:
        if args and isinstance(args[0], str):
            args = (one_line(args[0], MAX_QUOTED), *args[1:])
        super().__init__(*args)


class SourceError(Quoting):
    pass


class SourceAuthError(SourceError):
    # the config key the error names the fix of, in its own words (a Bluesky account hosted
    # on another PDS than pds_url: "set pds_url: ..."); None: the credentials were refused,
    # and the keys that hold them are the ones to check
    key: str | None = None


class MalformedPayload(SourceError):
    pass


# What reading one item of a page may raise: a normaliser's own MalformedPayload, or what Python
# raises on a value of the wrong type, size or depth that no check foresaw (a list where an
# object was expected, a date out of range, a number too large, nesting deeper than the stack;
# a pydantic ValidationError is a ValueError). Sources catch these per item, so one hostile
# item is skipped and counted and the rest of its page is kept, and the cursor moves past it
# (a poll that raised would fetch the same item again, and fail again, forever).
UNREADABLE: tuple[type[Exception], ...] = (
    MalformedPayload, ValueError, TypeError, KeyError, IndexError, AttributeError,
    OverflowError, RecursionError)


def unreadable(exc: BaseException) -> str:
    """What a skip of an item that raised ``exc`` (one of ``UNREADABLE``) says: one line (a
    pydantic error inside a ``MalformedPayload`` spans several, and a log line of a skip must
    not), at most ``SKIP_REASON`` characters."""
    if isinstance(exc, MalformedPayload):
        return one_line(str(exc), SKIP_REASON)
    return f"unreadable item ({type(exc).__name__}: {one_line(str(exc), 200)})"


SKIP_REASON = 300  # characters of a skip's reason kept (a reason may quote the item)


class SkipLog(list[str]):
    """Why a source skipped items, newest last: the last ``KEPT`` reasons, each one line, and
    ``total``, every skip ever appended. ``mentions_skipped_total`` is made of ``total``: the
    entries cannot say how many are new since the last look, because one reason may be one
    ``str`` object each time (``str()`` of an exception built from a literal is that literal),
    and the oldest are dropped."""

    KEPT = 200

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def append(self, reason: str, count: int = 1) -> None:
        """One reason; ``count`` items skipped for it (one line summing up several)."""
        super().append(one_line(reason, SKIP_REASON))
        self.total += count
        if len(self) > self.KEPT:
            del self[: -self.KEPT]

    def extend(self, reasons: Iterable[str]) -> None:
        for reason in reasons:
            self.append(reason)

    def __iadd__(self, reasons: Iterable[str]) -> Self:  # type: ignore[override,misc]
        self.extend(reasons)
        return self


class DeliveryError(Quoting):
    pass


# A server's Retry-After (or rate-limit reset) is waited out for at most this long: the waiter
# then asks again, and a limit still spent answers with a new wait. One of a year (a reset in
# milliseconds read as seconds, a hostile server) paused a source for as long, and "inf",
# which float() reads, for ever; a rate-limited loop is not reported, so nothing said why.
RATE_WAIT_MAX = 3600.0


def rate_wait(seconds: float) -> float:
    """A rate limit's wait in seconds: at most ``RATE_WAIT_MAX`` (inf and NaN: that), at
    least 0."""
    if math.isnan(seconds):
        return RATE_WAIT_MAX
    return min(max(seconds, 0.0), RATE_WAIT_MAX)


class RateLimited(SourceError, DeliveryError):
    """The remote asked us to wait. ``retry_after`` is in seconds. ``holds_posts``: the call
    it answered was one of the channel's posts though made for an edit (Slack's thread line
    under an edited card, a chat.postMessage): the channel's new cards wait it out too.
    ``whole_workspace``: the limit is the bot's, every channel's (Discord's global limit):
    the workspace's other channels wait it out too."""

    def __init__(self, message: str, *, retry_after: float, holds_posts: bool = False,
                 whole_workspace: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.holds_posts = holds_posts
        self.whole_workspace = whole_workspace


class PermanentDeliveryError(DeliveryError):
    pass


class WorkspaceRefused(PermanentDeliveryError):
    """The workspace refuses the bot's credentials (a revoked, expired or wrong token): no card
    can go there until someone fixes the token. The outbox holds that workspace's cards rather
    than giving each up (``bot.engine.outbox``); elsewhere it is permanent like any other."""


# what a Slack workspace whose app was uninstalled (its bot token revoked for good) needs: said
# by the outbox's refusal (``bot.engine.outbox.dead_hint``) and at Slack's own word of it
# (``integrations.slack.app``, app_uninstalled and tokens_revoked)
REINSTALL_SLACK_APP = (
    "install the app again (https://api.slack.com/apps, Install App), put its new Bot User "
    "OAuth Token (xoxb-...) where bot_token reads it and restart socialops")


class PublishError(Quoting):
    pass


class PostGone(SocialopsError):
    """A post looked up (``LookupSource.lookup``) that its network still answers for but has
    taken down, not its author: the message says by whom ("removed by a moderator"), which
    ``why`` tells rather than "deleted, not public, or not readable"."""


class NotThere(SocialopsError):
    """A post looked up (``LookupSource.lookup``) that its address names on no account now,
    where the network says why better than "deleted, not public, or not readable": the
    message says it (a Bluesky handle no account has: a handle can change)."""


class ClaimEnded(SocialopsError):
    """A publisher that looked for an earlier attempt's post, and found none, was about to post
    when its publishing claim was no longer its own (another process took the approval over,
    or a withdraw did, while the look ran): nothing was posted (``PUBLISH_CLAIM``)."""


class PublishUncertain(PublishError):
    """A publish met a failure that says nothing of the post (a timeout, a 5xx, an unreadable
    answer) and the publisher's look found none: tried again later with the same idempotency
    key, looking first, rather than failed for good."""


class PublishNotSent(PublishUncertain):
    """A publish that failed on a timeout or a 5xx before its post's request was sent (a read
    the post needs first: the post a Mastodon reply answers, or the look for an earlier
    attempt's post): tried again as ``PublishUncertain`` is, but this try posted nothing, so
    it is recorded "publish not sent" (``handlers.cards.UNSENT``), no attempt a later look
    must find."""
