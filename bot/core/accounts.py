"""``Accounts``: a chat workspace's short memory of whose accounts are gone (a deactivated
Slack account, a Discord member gone from the server), so an escalation notice does not ask
the chat about each person it pings each time it goes out.

A chain of 5 steps naming 10 people would otherwise cost 50 ``users.info`` or Get Guild Member
calls a round (Slack's users.info is a Tier 4 method, about 100 a minute per workspace:
docs.slack.dev/apis/web-api/rate-limits). An answer is kept ``ttl`` seconds (minutes), so a
person who comes back (re-activated, invited again) is pinged again once it runs out; at most
``size`` answers are kept, the oldest forgotten first. A chat that did not answer (an outage)
is not remembered: the next notice asks again. A rate limit is: no one is asked until its
``Retry-After`` has passed, and those notices ping as before.

The same memory holds whether a platform group a step pings notifies nobody (a Slack user
group disabled or empty, keyed ``subteam:<id>``; a Discord role deleted or held by nobody,
keyed ``<server>:role:<id>``): ``usergroups.list`` is a Tier 2 method, about 20 a minute.
A rate limit holds the lookups of its lane only (``hold``'s ``lane``: Slack's user and user
group lookups are limited apart).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class UnknownGroup(str):
    """Why a group pings nobody when the chat does not know its id at all (a Slack user group
    ``usergroups.list`` does not list: an ID copied from another workspace; a Discord role
    deleted, whose id no role made again takes): nothing set in the chat brings it back, the id
    under ``groups:`` in socialops.yaml is what to change, which the notice says."""

    __slots__ = ()


class UnknownMember(str):
    """Why a person's mention notifies nobody when the chat has no member of the id socialops
    holds for them (Slack's ``users.info`` answers ``user_not_found``: removed from the
    workspace, or an ID copied from another one): nothing set in the chat brings it back, their
    id under ``identities:`` in socialops.yaml is what to change, which the notice says."""

    __slots__ = ()


TTL_SECONDS = 300.0  # five minutes: a notice batch and the next steps share one answer
MAX_ANSWERS = 4096  # people whose answers are kept; the oldest go first
MAX_HOLD = 3600.0  # seconds a rate limit holds the lookups at most (a longer wait: this)


class Accounts:
    """Person id -> why their account can no longer be pinged (None: it can), for ``ttl``
    seconds by ``clock`` (seconds, monotonic or not: only differences count, and one below
    zero, the clock set back, is an answer or a hold of unknown age: asked again, let go)."""

    def __init__(self, *, ttl: float = TTL_SECONDS, size: int = MAX_ANSWERS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.size, self.clock = ttl, size, clock
        self._answers: OrderedDict[str, tuple[float, str | None]] = OrderedDict()
        # lane -> (since, until) a rate limit holds its lookups: Slack limits each method on
        # its own ("per API method per workspace per app", docs.slack.dev/apis/web-api/
        # rate-limits), so a Tier 2 usergroups.list's 429 does not hold users.info (Tier 4)
        self._holds: dict[str, tuple[float, float]] = {}

    def known(self, user: str) -> tuple[bool, str | None]:
        """(whether an answer for ``user`` is kept, that answer)."""
        found = self._answers.get(user)
        if found is None:
            return False, None
        age = self.clock() - found[0]
        if not 0 <= age < self.ttl:  # run out, or kept by a clock since set back: ask again
            del self._answers[user]
            return False, None
        return True, found[1]

    def keep(self, user: str, why: str | None) -> None:
        self._answers.pop(user, None)
        self._answers[user] = (self.clock(), why)
        while len(self._answers) > self.size:
            self._answers.popitem(last=False)

    def hold(self, seconds: float, lane: str = "") -> None:
        """The chat answered a rate limit: ask nobody for ``seconds`` (its Retry-After),
        ``MAX_HOLD`` at most (infinity, NaN or 10^12 s held every lookup for good); in
        ``lane`` only (the lookups one limit covers: ``held(lane)``)."""
        now = self.clock()
        wait = min(seconds, MAX_HOLD) if seconds > 0 else 0.0  # NaN: no wait
        since, until = self._holds.get(lane, (float("-inf"), float("-inf")))
        if now + wait > until or now < since:
            self._holds[lane] = (now, now + wait)

    def held(self, lane: str = "") -> bool:
        """Whether a rate limit holds the lookups of ``lane``; not once the clock is set back
        before the hold began (how long it has held is then unknown: the chat says so again
        if so)."""
        now = self.clock()
        since, until = self._holds.get(lane, (float("-inf"), float("-inf")))
        return since <= now < until
