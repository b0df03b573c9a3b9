"""Time spans as people write them (``90``, ``90s``, ``5m``, ``1.5h``, ``2d``, ``1w``): the one
parser for the config, the rules file, chat commands and the CLI."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from bot.core.errors import Refusal

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, "w": 604800.0}
MAX_SECONDS = 10 * 366 * 86400.0  # ten years: longer spans are typos, and overflow dates
HINT = "expected a duration such as 30s, 5m, 1h or 1d"


def seconds(value: Any) -> float:
    """Seconds in a duration; a bare number is seconds. ValueError with a hint otherwise."""
    if isinstance(value, bool):
        raise ValueError(HINT)
    if isinstance(value, int | float):
        out = float(value)
    elif isinstance(value, str) and (m := _DURATION.match(value)):
        out = float(m.group(1)) * _UNITS[m.group(2) or "s"]
    else:
        raise ValueError(HINT)
    if out > MAX_SECONDS:
        raise ValueError(f"{value!r} is longer than ten years")
    return out


class TooLong(Refusal):
    """A well-formed duration past ``MAX_SECONDS``."""


def parse_duration(text: str) -> timedelta:
    """A duration typed in chat or on the command line (a bare number is minutes there, as
    people mean in ``snooze T-3 30``). Refusal, saying what to type, otherwise."""
    raw = text.strip().lower()
    if raw.replace(".", "", 1).isdigit():
        raw += "m"
    try:
        return timedelta(seconds=seconds(raw))
    except ValueError as exc:
        if _DURATION.match(raw):  # a duration, but too long: say that, not "bad duration"
            raise TooLong(f"{text.strip()!r} is longer than ten years; use a shorter "
                          "duration") from exc
        raise Refusal(f"bad duration {text!r}: use e.g. 30m, 2h or 1d") from exc


Duration = Annotated[float, BeforeValidator(seconds), Field(ge=0)]


def span(minutes: int) -> str:
    """A span as people read it: ``45 min``, ``2 h 5 min``, ``3 days 4 h``."""
    if minutes < 60:
        return f"{minutes} min"
    h, m = divmod(minutes, 60)
    if h < 48:
        return f"{h} h {m} min" if m else f"{h} h"
    return f"{h // 24} days {h % 24} h"
