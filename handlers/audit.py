"""Append-only audit trail: who did what, when, with the record before and after. Events are
built here and written by the engine in the same transaction as the change they describe; and
the two export formats (``socialops audit``), made safe for the tools people open them with."""

from __future__ import annotations

import itertools
import os
import re

from pydantic import BaseModel

from bot.core.models import AuditEvent
from bot.core.ports import Clock
from bot.core.text import as_shown


class Audit:
    def __init__(self, *, clock: Clock) -> None:
        self.clock = clock
        self._seq = itertools.count()
        self._prefix = f"{os.getpid():x}"

    def event(
        self,
        *,
        actor: str,
        action: str,
        object_type: str,
        object_id: str,
        obj: BaseModel | None = None,
        before: BaseModel | None = None,
        detail: str = "",
    ) -> AuditEvent:
        now = self.clock()
        return AuditEvent(
            id=f"E-{now.strftime('%Y%m%d%H%M%S%f')}-{self._prefix}-{next(self._seq)}",
            at=now,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            before=_slim(before),
            after=_slim(obj),
            detail=detail,
        )


def _slim(model: BaseModel | None) -> dict[str, object] | None:
    if model is None:
        return None
    return model.model_dump(mode="json", exclude={"history", "raw"})


# OWASP, CSV injection: a cell starting with one of these is run as a formula by spreadsheets.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters JSON allows raw inside strings but line-based readers split on (str.splitlines,
# JavaScript's line terminators): one event must stay one line.
_LINE_BREAKERS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


# A formula start after a ";", a tab or a line break: a spreadsheet splitting on ";" (Excel's
# list separator in much of Europe) or on tabs, or one reading a line break inside a quoted
# cell as a new row, makes the rest a cell of its own, which the writer does not quote.
# a separator, and the spaces a spreadsheet trimming them on import drops, before a formula
_SPLIT_FORMULA = re.compile(r"([;\t\r\n][ \u00a0]*)(?=[=+\-@])")


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet (or a terminal) shows as text: what a card would show of it
    (``as_shown``: no control, escape, zero-width or bidi characters, which could set a
    terminal's clipboard or reorder the cell), and an apostrophe before a formula start that
    begins the cell or any part of it a spreadsheet may split off, spaces it may trim
    included (a note, a reject comment or a route name is anyone's text). The JSON export
    keeps every character."""
    value = _SPLIT_FORMULA.sub(r"\1'", as_shown(value))
    return "'" + value if value.startswith(_FORMULA_START) else value


def json_line(event: AuditEvent) -> str:
    """One event as one line of JSON, whatever its text contains."""
    return event.model_dump_json().translate(_LINE_BREAKERS)
