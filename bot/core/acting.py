"""A mark written in the same transaction as the decision it marks.

A reaction read back after a gateway gap (``integrations.discord.gap``) is acted on, then
marked acted on for 90 days so later sessions leave it on its card: two writes. A process
killed between them left the act without its mark, and the next session acted again: a
ticket reopened since was resolved a second time by the ✅ that had resolved it. The caller
names the mark around the act (``riding_with_the_act``); ``Applier`` adds it to the first
effects it writes in that context, so the act and its mark land together or not at all. An
act that writes nothing (a refusal read only, a card with no such button) carries no mark:
the caller marks it on its own after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from bot.core.effects import Effects


@dataclass
class RidingMark:
    """A mark (``Store.mark_seen``'s kind) for the next write; ``written`` once it landed.
    One object, shared by the tasks the act starts (they copy the context): later writes of
    the act (its cards delivered, a publish) carry it no more, nor any write once the act's
    block is left (``over``)."""

    key: str
    ttl_seconds: int
    written: bool = False
    over: bool = False


_RIDING: ContextVar[RidingMark | None] = ContextVar("socialops_riding_mark", default=None)


@contextmanager
def riding_with_the_act(key: str, ttl_seconds: int) -> Iterator[RidingMark]:
    """Within this block, the first effects written carry the mark ``key``."""
    mark = RidingMark(key, ttl_seconds)
    token = _RIDING.set(mark)
    try:
        yield mark
    finally:
        mark.over = True
        _RIDING.reset(token)


def board(effects: Effects) -> RidingMark | None:
    """Add the pending riding mark to ``effects`` (about to be written), if there is one and
    they write anything: the mark to flag ``written`` once they are."""
    mark = _RIDING.get()
    if mark is None or mark.written or mark.over or not effects:
        return None
    if (mark.key, "1", mark.ttl_seconds) not in effects.marks:  # decided again: added once
        effects.mark(mark.key, mark.ttl_seconds)
    return mark
