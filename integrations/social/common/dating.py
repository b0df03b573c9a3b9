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
fast and is kept. Each change is said (``said``, a ``common.said.Said``: a poll's logs and
counts it); none is silent. Pure: the fetch time is passed in, never read here.
"""

from __future__ import annotations

from datetime import datetime

from integrations.social.common.cursor import FUTURE_SKEW
from integrations.social.common.said import LOGGED, Said

AHEAD_TOLERANCE = FUTURE_SKEW


def post_date(stated: datetime, *, fetched_at: datetime | None, post: str, field: str,
              received: datetime | None = None, received_as: str = "",
              said: Said = LOGGED) -> datetime:
    """``stated``, a post's own date (its ``field``), unless it lies more than
    ``AHEAD_TOLERANCE`` after ``fetched_at``: then ``received`` (named ``received_as`` in what
    is said) when that is not ahead too, else ``fetched_at``; the change is told to ``said``
    for ``post``. Without ``fetched_at`` (no fetch time known) ``stated`` as it is."""
    if fetched_at is None or stated <= fetched_at + AHEAD_TOLERANCE:
        return stated
    if received is not None and received <= fetched_at + AHEAD_TOLERANCE:
        when, by = received, f"its {received_as}" if received_as else "when the network got it"
    else:
        when, by = fetched_at, "when it was fetched"
    said.field(post, field, f"{stated.isoformat()} is more than "
               f"{int(AHEAD_TOLERANCE.total_seconds() // 60)} min after it was fetched "
               f"({fetched_at.isoformat(timespec='seconds')}): dated by {by}, "
               f"{when.isoformat()}")
    return when

