"""The rules file schema: pydantic models with ``extra="forbid"``, so a misspelt field is an
error naming file:line:field (``bot.core.validation.validate``). Cross-references (channels,
escalations, time intervals, route names) are checked by ``rules.loader``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

from bot.core import networks
from bot.core.config import Config, Flag, OptionalFlag
from bot.core.durations import Duration, at_least, end_of_day
from bot.core.models import NO_PRIORITY, PRIORITIES, Intent, NoPriority, Priority, priority_of
from bot.core.validation import add_hint


def _as_tuple(value: Any) -> Any:
    # a single value where a list is expected: `network: x` means `network: [x]`
    return (value,) if isinstance(value, str | int | float) else value


StrList = Annotated[tuple[str, ...], BeforeValidator(_as_tuple)]


def _as_words(value: Any) -> Any:
    # months and weekdays may be numbers (`months: [1, 12]`); they are checked as words
    value = _as_tuple(value)
    if isinstance(value, list | tuple):
        return tuple(str(v) if isinstance(v, int) and not isinstance(v, bool) else v
                     for v in value)
    return value


WordList = Annotated[tuple[str, ...], BeforeValidator(_as_words)]


def _clock(*, end: bool) -> Any:
    def check(value: Any) -> Any:
        text = str(value).strip() if isinstance(value, str | int) else None
        # 9:00 is 09:00, as the config's health.receipt_at reads it
        if text is None or not re.fullmatch(
                r"([01]?\d|2[0-3]):[0-5]\d" + ("|24:00" if end else ""), text):
            shown = repr(value) if isinstance(value, str) else str(value)
            raise ValueError(f"{shown[:40]} is not a time (HH:MM, e.g. \"07:30\""
                             + (", or 24:00 for the end of the day" if end else "") + ")")
        return text.zfill(5)

    return check
# a network the registry knows (bot.core.networks); another name is one line naming them
KnownNetwork = Annotated[str, AfterValidator(networks.network)]


def _in_utc(value: datetime) -> datetime:
    # year 1 at +14:00 or year 9999 at -14:00 is no instant Python can hold in UTC: every
    # comparison with now, and the check's own message, ended in an OverflowError traceback
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{value.isoformat()} is not a time socialops can hold (in UTC it falls "
                         "outside the years 1 to 9999); write e.g. 2027-01-01T00:00:00Z") from None
    return value


Instant = Annotated[AwareDatetime, AfterValidator(_in_utc)]


def _start_of(value: Any) -> Any:
    """ISO 8601's 24:00 ends a day and starts none: as a start it is refused with the 00:00 to
    write (Python reads it as no time, which was said as 'no time zone')."""
    if isinstance(value, str) and (fixed := end_of_day(value)) is not None:
        raise ValueError(f"{value.strip()!r} is not a time: 24:00 is 00:00 of the next day; "
                         f"write {fixed}")
    return value


def _end_of(value: Any) -> Any:
    """As an end, ``2027-06-01T24:00Z`` (a calendar's end of a day, as an on-call override's
    ``until`` takes it) is the next day's 00:00, its offset kept."""
    if not isinstance(value, str) or (fixed := end_of_day(value)) is None:
        return value
    if not fixed.endswith(("Z", "z")) and not re.search(r"[+-]\d{2}:?\d{2}$", fixed):
        # said as written: the next day's 00:00 it stands for was quoted, a date not written
        shown = value.strip()[:40]
        raise ValueError(f"{shown!r} has no time zone; add one: {shown}Z for UTC, or an "
                         "offset such as +01:00")
    return fixed


StartInstant = Annotated[Instant, BeforeValidator(_start_of)]
EndInstant = Annotated[Instant, BeforeValidator(_end_of)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# what each list of alternatives takes when it is left out: an empty list (`language: []`, a
# template's placeholder) narrowed nothing, so a route of empty lists took every post
_EMPTY_MEANS = {"any": "any words", "all": "any words", "network": "any network",
                "source": "any source", "language": "any language", "intent": "any intent",
                "hashtags": "any hashtags", "handles": "any accounts mentioned",
                "emoji": "any emoji", "brand": "any brand"}


def _not_empty(value: Any, what: str) -> Any:
    if isinstance(value, list | tuple) and not value:
        raise ValueError(f"[] is empty, which narrows nothing: list what to match, or leave "
                         f"the key out to take {what}")
    return value


class SentimentRange(Strict):
    min: float | None = Field(default=None, ge=-1, le=1)
    max: float | None = Field(default=None, ge=-1, le=1)


class AuthorMatch(Strict):
    handles: StrList = ()  # the author must be one of these (glob patterns, handle or id)
    deny: StrList = ()  # never these authors
    allow: StrList = ()  # these authors pass min_followers / verified regardless
    min_followers: int | None = Field(default=None, ge=0)
    verified: OptionalFlag = None

    @field_validator("handles", mode="before")
    @classmethod
    def _handles_listed(cls, value: Any) -> Any:
        return _not_empty(value, "any author")


class Match(Strict):
    """Every condition given must hold (AND). Lists inside one condition are alternatives (OR),
    except ``all`` and ``none``."""

    any: StrList = ()  # at least one of these keywords / phrases
    all: StrList = ()  # every one of these
    none: StrList = ()  # none of these
    query: str | None = None  # boolean query: AND OR NOT "phrases" (parentheses)
    regex: str | None = None  # RE2 syntax (linear time), on the NFKC text
    network: Annotated[tuple[KnownNetwork, ...], BeforeValidator(_as_tuple)] = ()
    source: StrList = ()
    language: StrList = ()
    sentiment: SentimentRange | None = None
    intent: Annotated[tuple[Intent, ...], BeforeValidator(_as_tuple)] = ()
    author: AuthorMatch | None = None
    has_link: OptionalFlag = None
    has_media: OptionalFlag = None
    hashtags: StrList = ()  # any of these hashtags (with or without #)
    handles: StrList = ()  # any of these @accounts mentioned in the post
    emoji: StrList = ()  # any of these emoji
    brand: StrList = ()  # any of these brands (see `brands:`)

    @field_validator(*_EMPTY_MEANS, mode="before")
    @classmethod
    def _listed(cls, value: Any, info: ValidationInfo) -> Any:
        return _not_empty(value, _EMPTY_MEANS[str(info.field_name)])


Action = Literal["alert", "ticket", "digest", "drop", "approval"]


class MentionTargets(Strict):
    users: StrList = ()
    groups: StrList = ()


def _priority(value: Any) -> Any:
    # `priority: p1` (or P1); `none`: no priority, where a parent route gives one (left out,
    # the parent's is inherited); anything else names what it takes
    if isinstance(value, str) and value.strip().lower() == NO_PRIORITY:
        return NO_PRIORITY
    found = priority_of(value) if isinstance(value, str) else None
    if found is None:
        shown = repr(value) if isinstance(value, str) else str(value)
        raise ValueError(f"{shown[:40]} is not a priority: use one of "
                         f"{', '.join(p.lower() for p in PRIORITIES)} (p1 the most urgent), "
                         f"or {NO_PRIORITY} for no priority")
    return found


def _route_name(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_.:-]{1,64}", value):
        raise ValueError(f"{value[:40]!r} is not a route name: 1 to 64 letters, digits and "
                         "_ . : - (no spaces)")
    return value


class RouteSpikes(Strict):
    """A route's own spike thresholds (``spikes:`` in socialops.yaml is the default of each,
    with the same bounds): a brand's route takes bursts of dozens every day, a recall's three
    posts out of nothing are news. Each unset is the parent route's, else the bot's."""

    min_count: int | None = Field(default=None, ge=1, le=1_000_000)
    threshold: float | None = Field(default=None, gt=1.0, le=1000)
    max_p: float | None = Field(default=None, gt=0, le=1)


class Route(Strict):
    name: Annotated[str, AfterValidator(_route_name)]
    match: Match = Match()
    action: Action | None = None  # inherited from the parent route; "alert" at the top
    channel: str | None = None  # a channel name declared in the config's `channels:`
    mention: MentionTargets | None = None
    # tickets: time to first answer, counted in whole minutes (bot.core.models.RouteHit)
    sla: Annotated[float, BeforeValidator(at_least(60, why=(
        " (an SLA is counted in minutes)")))] | None = None
    escalation: str | None = None  # tickets: an escalation chain from the config
    # tickets: p1..p5, or none (a child dropping its parent's); None: the parent's
    priority: Annotated[Priority | NoPriority, BeforeValidator(_priority)] | None = None
    tags: StrList | None = None  # tickets: the tags they open with (each checked by the loader)
    # digests: how often; a shorter one would post a digest per mention
    interval: Annotated[float, BeforeValidator(at_least(60))] | None = None
    group_by: StrList | None = None
    group_wait: Duration | None = None
    cooldown: Duration | None = None
    quiet_hours: StrList | None = None  # names of time_intervals during which it is muted
    labels: dict[str, str] | None = None
    spikes: RouteSpikes | None = None  # its series' spike thresholds, else the bot's
    continue_: Flag = Field(default=False, alias="continue")
    routes: tuple[Route, ...] = ()  # children: tried when this route matches; the first
    # matching child fires instead of this route (its settings inherit from this one)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class TimeRange(Strict):
    start: Annotated[str, BeforeValidator(_clock(end=False))]
    end: Annotated[str, BeforeValidator(_clock(end=True))]


Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class Interval(Strict):
    weekdays: WordList = ()  # "monday", "monday:friday"
    times: tuple[TimeRange, ...] = ()
    months: WordList = ()  # "january", "june:august", "1:3", 12


class TimeInterval(Strict):
    name: str
    time_zone: str = "UTC"
    intervals: tuple[Interval, ...] = Field(min_length=1)


class Silence(Strict):
    """A mute with an owner, a reason and an end (Alertmanager style). ``routes`` are names or
    glob patterns (``sub:*`` for every subscription); ``match`` narrows it further."""

    id: str
    routes: StrList = ("*",)
    match: Match = Match()
    who: str
    why: str
    starts: StartInstant | None = None
    until: EndInstant

    def active(self, now: datetime) -> bool:
        return (self.starts is None or self.starts <= now) and now < self.until


class InhibitRule(Strict):
    """While a ``source`` route fires (in the same post, or within ``for`` after it), hits of
    ``target`` routes that agree on every label in ``equal`` are suppressed."""

    source: StrList = Field(min_length=1)
    target: StrList = Field(min_length=1)
    equal: StrList = ()
    for_: Duration = Field(default=0.0, alias="for")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RulesFile(Strict):
    brands: dict[str, StrList] = Field(default_factory=dict)
    time_intervals: tuple[TimeInterval, ...] = ()
    routes: tuple[Route, ...] = ()
    silences: tuple[Silence, ...] = ()
    inhibit_rules: tuple[InhibitRule, ...] = ()


# socialops.yaml's keys written in the rules file (docs/rules.md's Digests section shows
# socialops.yaml's `digests:`): say where they go, not only that they are unknown here
for _key in (f.alias or n for n, f in Config.model_fields.items()):
    if _key not in RulesFile.model_fields:
        add_hint(_key, f"{_key} belongs in socialops.yaml (the config file), not in the rules "
                 "file: move it there", under=RulesFile)
# the word the docs use for what a route finds, written as its key (a newcomer's review,
# 2026-12-07: told only 'unknown field')
for _key in ("keywords", "keyword"):
    add_hint(_key, "unknown field; keywords go in any: (a post with one of them), all: (with "
             "every one) or query: (pricing OR \"price list\"): docs/rules.md", under=Match)
