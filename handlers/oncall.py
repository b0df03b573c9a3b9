"""The ``oncall`` verb: who each on-call schedule (``schedules:``, ``bot.core.oncall``) has on
call now, until when, and who then; ``oncall NAME`` for one schedule. Read-only, answered to
the asker, at the injected clock's time."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.cards import Reply
from bot.core.oncall import Schedule, describe
from bot.core.ports import Clock
from bot.core.text import one_line
from bot.core.validation import suggest

NONE_CONFIGURED = ("no on-call schedules are configured; declare them under schedules: in "
                   "socialops.yaml (docs/configuration.md)")


class OnCallBoard:
    def __init__(self, schedules: Mapping[str, Schedule], *, clock: Clock) -> None:
        self.schedules = schedules
        self.clock = clock

    def reply(self, name: str | None = None) -> Reply:
        if not self.schedules:
            return Reply.refused(NONE_CONFIGURED)
        now = self.clock()
        if name:
            found = self.schedules.get(name) or next(
                (s for n, s in self.schedules.items() if n.lower() == name.lower()), None)
            if found is None:
                near = suggest(name, self.schedules)
                return Reply.refused(
                    f"no schedule {one_line(name, 40)!r}"
                    + (f"; did you mean {near}?" if near else "")
                    + f" (schedules: {', '.join(self.schedules)})")
            return Reply.done(f"On call: {describe(found, now)}")
        lines = [describe(s, now) for s in self.schedules.values()]
        return Reply.done("On call now:\n" + "\n".join(f"• {line}" for line in lines))
