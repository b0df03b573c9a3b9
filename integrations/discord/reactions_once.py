"""A reaction taken once in the whole deployment.

Every gateway session of the bot (one per ``web`` process) gets each MESSAGE_REACTION_ADD, and
the event carries no id: the first process to claim ``<message>:<person>:<action>:<n>`` in the
store runs it, ``n`` counting the times the person took that reaction away (each session gets
the removals too, so every process counts the same). A process started after a removal (a
deploy), or whose new session (after INVALID_SESSION) missed it, counts fewer: its key is one
an earlier reaction took. A session only gets events that happen after its READY, so a key
taken before it (by more than ``CLOCK_SKEW``, clocks of different machines) was taken by an
earlier reaction, and the count moves on past it. Before, such a reaction was dropped as
"taken by another process" for ``REACTION_ONCE_TTL``: 👍 given again to approve an edited draft
did nothing, with no answer.

"Before" is read off the store's own order too (``ORDER``, a counter each session's READY and
each claim take a number of): by clocks alone, a process whose clock was behind by more than
``CLOCK_SKEW`` stamped a reaction it took after another's session began as taken before it,
and that other process ran it too. A key is an earlier reaction's only when both its number
and its time are before the session's; a key claimed by the release before, without a
number, by its time alone.

A removal heard late (another session was faster, or a RESUMED replays it) must not take back
what came after it: ``untaken`` names the key the reaction given again after it is taken
under, or None when a process has taken it already (a newer reaction this session hears
later), so the removal's delete of the acted-on mark (``gap.Acted``) is made only while that
key is still free, in one store write.

A read-back (``gap``) is no event after the session's READY: the reaction it finds may be the
very one a key taken before the session names, acted on right now by the process that took it
(its card read behind a rate limit, a publish waiting on a network), its acted-on mark not yet
written. ``acting`` says so for a key taken within ``ACT_LEASE``, and the read-back looks at it
again once that is up, acting then only if the mark is still missing (its process was killed).
Moved past at once, it acted a second time.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.core.errors import SocialopsError
from integrations.webhook import ForgetSeen

log = logging.getLogger(__name__)

ClaimValue = Callable[[str, str, int], Awaitable[str]]  # Store.claim_value
NextNumber = Callable[[str], Awaitable[int]]  # Store.next_number
GetValue = Callable[[str], Awaitable[str | None]]  # Store.get_value
ORDER = "discord-reaction-order"  # the counter (Store.next_number) of sessions and claims
REACTION_ONCE_TTL = 3600
CLOCK_SKEW = 10.0  # seconds another process's clock may be ahead of or behind this one's
MOST_MOVES = 100  # a bound on the keys tried for one reaction
# how long an act a key was taken for may run (its card read, then the handler), as a form's
# run lease (integrations.discord.inbound.FORM_RUN_LEASE): a key taken that recently and not
# marked acted on is an act in progress, which a read-back leaves until then
ACT_LEASE = 60.0


class ReactionsOnce:
    def __init__(self, *, claim_value: ClaimValue, forget_seen: ForgetSeen | None,
                 next_number: NextNumber | None = None,
                 get_value: GetValue | None = None) -> None:
        self._claim = claim_value
        self._forget = forget_seen
        self._next = next_number
        self._get = get_value

    async def order(self) -> int | None:
        """The store's next number of ``ORDER``: taken at a session's READY and with each
        claim. None without one, or when the store cannot tell (then time alone says)."""
        if self._next is None:
            return None
        try:
            return await self._next(ORDER)
        except SocialopsError as exc:
            log.error("reaction order unavailable: %s", exc)
            return None

    @staticmethod
    def _key(base: str, n: int) -> str:
        return f"replay:discord-reaction:{base}:{n}"

    async def take(self, base: str, n: int, *, now: datetime, since: datetime,
                   since_order: int | None = None) -> tuple[bool | None, int]:
        """Claim the reaction ``base`` given again ``n`` times: (True, the count it was taken
        under) for the first process, False when another took it, None when the store cannot
        tell (the caller acts, as on Slack). ``since``: when this process's session began;
        ``since_order``: the ``order`` it took then."""
        number = await self.order() if since_order is not None else None
        for moved in range(MOST_MOVES):
            mine = f"at {now.timestamp():.3f} {uuid.uuid4().hex}" + (
                f" {number}" if number is not None else "")
            try:
                owner = await self._claim(self._key(base, n + moved), mine, REACTION_ONCE_TTL)
            except SocialopsError as exc:
                log.error("reaction check unavailable: %s", exc)
                return None, n + moved
            if owner == mine:
                return True, n + moved
            if not _before(owner, since.timestamp() - CLOCK_SKEW, since_order):
                return False, n + moved
        return False, n + MOST_MOVES

    async def untaken(self, base: str, n: int, *, since: datetime,
                      since_order: int | None = None) -> str | None:
        """The key the reaction ``base`` given again ``n`` times will be taken under (past
        keys taken before this session, as ``take`` moves), while no process has taken it;
        None once one has (a reaction given again after the removal that made the count
        ``n``, which this session hears after it), or when the store cannot tell."""
        if self._get is None:
            return self._key(base, n)
        for moved in range(MOST_MOVES):
            key = self._key(base, n + moved)
            try:
                owner = await self._get(key)
            except SocialopsError as exc:
                log.error("reaction check unavailable: %s", exc)
                return None
            if owner is None:
                return key
            if not _before(owner, since.timestamp() - CLOCK_SKEW, since_order):
                return None
        return None

    async def acting(self, base: str, n: int, *, now: datetime, since: datetime,
                     since_order: int | None = None) -> float | None:
        """Seconds until the act on a key of ``base`` (given again ``n`` times, or after)
        taken before this session, within ``ACT_LEASE`` of ``now``, may have ended: the
        reaction a read-back finds on the card, not marked acted on yet, may be that act's.
        None when no such key is taken (or the store cannot tell: ``take`` decides)."""
        if self._get is None:
            return None
        for moved in range(MOST_MOVES):
            try:
                owner = await self._get(self._key(base, n + moved))
            except SocialopsError as exc:
                log.error("reaction check unavailable: %s", exc)
                return None
            if owner is None or not _before(owner, since.timestamp() - CLOCK_SKEW,
                                            since_order):
                return None  # free, or taken in this session: ``take`` says which
            at = _taken_at(owner)
            # in milliseconds, as a claim keeps its time: a lease just up reads as up
            if at is not None and (left := round((at + ACT_LEASE) * 1000)
                                   - round(now.timestamp() * 1000)) > 0:
                return left / 1000
        return None

    async def forget(self, base: str, n: int) -> bool:
        """Undo ``take`` (the reaction was not acted on): True when the store forgot it."""
        if self._forget is None:
            return False
        try:
            await self._forget(self._key(base, n))
        except SocialopsError as exc:
            log.error("reaction forget unavailable: %s", exc)
            return False
        return True


def _taken_at(owner: str) -> float | None:
    """When the claim ``owner`` was made, by its process's clock (None: another kind)."""
    parts = owner.split(" ")
    try:
        return float(parts[1]) if len(parts) in (3, 4) and parts[0] == "at" else None
    except ValueError:
        return None


def _before(owner: str, moment: float, order: int | None = None) -> bool:
    """Whether the claim ``owner`` was made before ``moment`` and, when both it and the
    session have one, before the store's number ``order``; a value of another kind (an
    earlier version's mark) counts as made now."""
    parts = owner.split(" ")
    try:
        if len(parts) not in (3, 4) or parts[0] != "at" or not float(parts[1]) < moment:
            return False
        return len(parts) == 3 or order is None or int(parts[3]) < order
    except ValueError:
        return False
