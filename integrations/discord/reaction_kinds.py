"""The kinds of each person's reaction a gateway session knows given: normal, super, or both.

A super reaction (Nitro's burst: the event's ``burst: true``) and a normal one of the same emoji
by the same person are two reactions on Discord, each taken away on its own (topics/gateway-
events, Message Reaction Add and Remove; resources/message, Get Reactions' ``type``). To
socialops they are one, ``<message>:<person>:<action>``: given both, it acts once; it is taken
away when the last of the two is. Before 2026-12-07 taking one away took the reaction away,
with the other still on the card: its acted-on mark deleted and its count moved on, so the one
given again acted a second time.

What a session knows comes from the adds and removals it hears, in the order they came; a
reaction given before it (a deploy between the two) is unknown here, and the bot asks Discord
(Get Reactions) where it matters. Known empty (taken away) is kept apart from unknown: a
removal heard then is one already taken into account (another kind's, which Discord had
already taken off when it was asked), and counting it again would put this process's count of
removals past the others'.
"""

from __future__ import annotations

from collections import OrderedDict

Seen = tuple[int, int, str]  # (message, person, action)


class Kinds:
    def __init__(self, most: int) -> None:
        self._given: OrderedDict[Seen, set[bool]] = OrderedDict()
        self._most = most

    def known(self, seen: Seen) -> bool:
        return seen in self._given

    def given(self, seen: Seen, burst: bool) -> None:
        """``seen`` given as a super reaction (``burst``) or a normal one."""
        self._keep(seen).add(burst)

    def taken_away(self, seen: Seen, burst: bool) -> bool | None:
        """That kind of ``seen`` taken away: whether it was known given (None: nothing known
        of ``seen``). Called as the removal is heard, before anything is awaited, so the
        kinds follow the events' order."""
        kinds = self._given.get(seen)
        if kinds is None:
            return None
        had = burst in kinds
        kinds.discard(burst)
        return had

    def left(self, seen: Seen) -> bool:
        """Whether a kind of ``seen`` is known still given."""
        return bool(self._given.get(seen))

    def gone(self, seen: Seen) -> None:
        """Neither kind of ``seen`` is given (a moderator cleared them, Discord said so)."""
        self._keep(seen).clear()

    def forget(self, seen: Seen) -> None:
        """Nothing known of ``seen`` any more."""
        self._given.pop(seen, None)

    def _keep(self, seen: Seen) -> set[bool]:
        kinds = self._given.setdefault(seen, set())
        self._given.move_to_end(seen)
        while len(self._given) > self._most:
            self._given.popitem(last=False)
        return kinds
