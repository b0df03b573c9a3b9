"""One rule, for every network, for a post dated ahead of when it was fetched.

A post's own date is what its client or server wrote: a Bluesky record's ``createdAt`` (any
string with ``validate: false``), a tweet's ``created_at``, a status's ``created_at``, a
thing's ``created_utc``. One dated in 2199 stayed so: first in a customer's history (newest
first) for ever, shown so on cards, the source's lag read 0. A date more than
``AHEAD_TOLERANCE`` (``FUTURE_SKEW``, the hour Hacker News's cursor and RSS's dates allow
for clock skew) after the moment the page was fetched cannot be right, and the post is dated
by the network's own record of when it got it where there is one (Bluesky's ``indexedAt`` or
a Jetstream event's ``time_us``; X's snowflake id), else by the fetch time, as RSS dates such
an entry by when it was first seen. Within the tolerance a date is the writer's clock running
fast and is kept. Each change is said (``said``: one line per post, which the source logs and
counts); none is silent. Pure: the fetch time is passed in, never read here.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Protocol

from bot.core.errors import SkipLog
from integrations.social.common.cursor import FUTURE_SKEW

AHEAD_TOLERANCE = FUTURE_SKEW


def post_date(stated: datetime, *, fetched_at: datetime | None, post: str,
              received: datetime | None = None, received_as: str = "",
              said: Said | None = None) -> datetime:
    """``stated``, a post's own date, unless it lies more than ``AHEAD_TOLERANCE`` after
    ``fetched_at``: then ``received`` (named ``received_as`` in what is said) when that is not
    ahead too, else ``fetched_at``; the change is appended to ``said``. ``post`` names the
    post in that line. Without ``fetched_at`` (no fetch time known) ``stated`` as it is."""
    if fetched_at is None or stated <= fetched_at + AHEAD_TOLERANCE:
        return stated
    if received is not None and received <= fetched_at + AHEAD_TOLERANCE:
        when, by = received, f"its {received_as}" if received_as else "when the network got it"
    else:
        when, by = fetched_at, "when it was fetched"
    if said is not None:
        said.append(f"{post[:120]} is dated {stated.isoformat()}, more than "
                    f"{int(AHEAD_TOLERANCE.total_seconds() // 60)} min after it was fetched "
                    f"({fetched_at.isoformat(timespec='seconds')}): dated by {by}, "
                    f"{when.isoformat()}")
    return when



class Said(Protocol):
    """Where ``post_date`` says a change: a list, or a source's ``DateLog``."""

    def append(self, line: str, /) -> None: ...


class DateLog:
    """A source's ``Said``: each line logged as a warning and counted in its ``skipped``
    (``socialops_mentions_skipped_total`` and ``fetch``'s skipped, as a page asked again is:
    a warning and a count) when it is said."""

    def __init__(self, skipped: SkipLog, log: logging.Logger, source: str) -> None:
        self.skipped, self.log, self.source = skipped, log, source

    def append(self, line: str, /) -> None:
        self.log.warning("%s: %s", self.source, line)
        self.skipped.append(line)
