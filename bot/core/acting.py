"""A mark written in the same transaction as the decision it marks.

A reaction read back after a gateway gap (``integrations.discord.gap``) is acted on, then
marked acted on for 90 days so later sessions leave it on its card: two writes. A process
killed between them left the act without its mark, and the next session acted again: a
ticket reopened since was resolved a second time by the ✅ that had resolved it. The caller
names the mark around the act (``riding_with_the_act``); ``Applier`` adds it to the first
effects the act's own task writes in that context (never a task the act started, which copies
the context), so the act and its mark land together or not at all. An
act that writes nothing (a refusal read only, a card with no such button) carries no mark:
the caller marks it on its own after.

A mark taken ``once`` (a Slack event, acted on once in the whole deployment) must also be
unset when the act commits (``Effects.mark(new=True)``): an act whose mark another process
wrote meanwhile writes nothing, and ``Applier.run`` raises ``ActedElsewhere`` rather than
deciding again.

A mark taken without ``refusals`` (a Slack form's run-once mark) does not ride on a refusal's
own write (its audit line, written ``refusing``): a refused form did nothing, and may be sent
again. It rode on that line and was taken back in a second write, so a process killed between
the two left the form answered "sent already" when sent again, nothing done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from bot.core.effects import Effects
from bot.core.errors import SocialopsError


class ActedElsewhere(SocialopsError):
    """The act's ``once`` mark was written by another process while this one decided: the
    same act was done there, so nothing of this one was written."""


@dataclass
class RidingMark:
    """A mark (``Store.mark_seen``'s kind) for the next write of the act's own task
    (``owner``); ``written`` once it landed. The tasks the act starts copy the context, the
    mark with it, and never carry it: one that wrote before the act did (a card delivery, a
    timer's run, begun while the act still decided) wrote the mark without the act, and a
    process killed then left the reaction marked and never acted on. Later writes of the act
    carry it no more, nor any write once the act's block is left (``over``)."""

    key: str
    ttl_seconds: int
    owner: asyncio.Task[object] | None = None
    written: bool = False
    over: bool = False
    once: bool = False  # the mark must be unset when the act commits
    refusals: bool = True  # it rides on a refusal's audit line too (``refusing``)


_RIDING: ContextVar[RidingMark | None] = ContextVar("socialops_riding_mark", default=None)
_REFUSING: ContextVar[bool] = ContextVar("socialops_refusing", default=False)


@contextmanager
def riding_with_the_act(key: str, ttl_seconds: int, *, once: bool = False,
                        refusals: bool = True) -> Iterator[RidingMark]:
    """Within this block, the first effects written carry the mark ``key``; ``once``: only
    while ``key`` is unset (else ``ActedElsewhere``); without ``refusals``, not the writes
    of a refusal (``refusing``)."""
    mark = RidingMark(key, ttl_seconds, owner=_current_task(), once=once, refusals=refusals)
    token = _RIDING.set(mark)
    try:
        yield mark
    finally:
        mark.over = True
        _RIDING.reset(token)


@contextmanager
def refusing() -> Iterator[None]:
    """Within this block, what is written is a refusal's (its audit line): a riding mark
    taken without ``refusals`` is not added to it."""
    token = _REFUSING.set(True)
    try:
        yield
    finally:
        _REFUSING.reset(token)


def board(effects: Effects) -> RidingMark | None:
    """Add the pending riding mark to ``effects`` (about to be written), if there is one and
    they write anything: the mark to flag ``written`` once they are."""
    mark = _RIDING.get()
    if mark is None or mark.written or mark.over or not effects or \
            _current_task() is not mark.owner or (_REFUSING.get() and not mark.refusals):
        return None
    if (mark.key, "1", mark.ttl_seconds) not in effects.marks:  # decided again: added once
        effects.mark(mark.key, mark.ttl_seconds, new=mark.once)
    return mark


def once_mark(effects: Effects) -> str | None:
    """The ``once`` riding mark's key that ``effects`` carried (``board``), or None: when
    they were not written, whether that mark is set tells an act done elsewhere."""
    mark = _RIDING.get()
    if mark is None or not mark.once or mark.key not in effects.unseen:
        return None
    return mark.key


def _current_task() -> asyncio.Task[object] | None:
    """The running task, or None outside one (no event loop running)."""
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None
