"""The digests' schedule in force across processes (docs/scaling.md, "Rolling deploys").

A digest's windows end on a schedule: ``digests.at``, ``digests.timezone`` and the workspaces'
zones. In a rolling deploy changing it, the old release's processes run beside the new one's
for a while, each with its own config: the old one posted a digest at its old time and, deciding
a post, pulled the timer the new one had armed back to it. So each process records its schedule
in the store when it starts (``App.start``), unless the record is of a process started after
it, and every process counts windows on the recorded one: the old process follows the new one.
A process is no owner for being started last, though: an old one restarted mid-deploy (a crash)
recorded its old schedule and won till a new one started again. So the record names the
schedules it replaced, and its own processes say at each timer beat that it still runs
(``held``): a process whose schedule the record replaced yields while that one is held, and
takes it back once none has held it for ``OWNER_GONE`` (a rollback, its processes all gone). A
process that never starts (a one-shot CLI command) follows the record too; with no record, each
follows its own config.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.config import DigestsConfig

log = logging.getLogger(__name__)

# characters of a record read at most: a schedule is a few hundred (one zone a workspace); a
# longer one is none this bot wrote
READ_AT_MOST = 64 * 1024
# a schedule whose processes beat (once a minute) none for this long has none left running, as
# an outage is counted (bot/engine/uptime.py): one it replaced may take over again
OWNER_GONE = timedelta(minutes=5)
# the replaced schedules a record names: a deploy's old one, and a few before it
REPLACED_KEPT = 8


@dataclass(frozen=True)
class Schedule:
    """``digests.at``, ``digests.timezone``, each workspace's zone, and since when the schedule
    is the one in force (its process's start)."""

    at: str
    timezone: str | None
    since: datetime
    zones: Mapping[str, str] = field(default_factory=dict)
    # the schedules this one replaced (``key``), newest first, and when a process of it last
    # said it runs (None: at ``since``; a record of a release before has neither)
    replaced: tuple[str, ...] = ()
    held: datetime | None = None

    def same(self, other: Schedule) -> bool:
        """Whether ``other`` ends every digest's windows at the same times (its start aside)."""
        return self.key() == other.key()

    def key(self) -> str:
        """The schedule's times alone, short: what a record's ``replaced`` names."""
        times = json.dumps([self.at, self.timezone, dict(self.zones)], sort_keys=True)
        return hashlib.sha256(times.encode()).hexdigest()[:16]

    def alive(self, now: datetime) -> bool:
        """Whether a process of this (recorded) schedule ran within ``OWNER_GONE``."""
        return now - (self.held or self.since) < OWNER_GONE

    def replacing(self, found: Schedule | None, now: datetime) -> Schedule:
        """This schedule recorded in place of ``found``, held from ``now``."""
        before = () if found is None or found.same(self) else (found.key(), *found.replaced)
        replaced = tuple(k for k in dict.fromkeys(before) if k != self.key())[:REPLACED_KEPT]
        return replace(self, replaced=replaced, held=now)

    def dumps(self) -> str:
        record: dict[str, object] = {"at": self.at, "timezone": self.timezone,
                                     "zones": dict(self.zones), "since": self.since.isoformat(),
                                     "replaced": list(self.replaced)}
        if self.held is not None:
            record["held"] = self.held.isoformat()
        return json.dumps(record, sort_keys=True)


def in_force(found: Schedule | None, own: Schedule, now: datetime) -> Schedule:
    """The schedule a process of ``own`` follows, given the one recorded (``found``): its own
    when none is recorded, or none of the recorded one's processes runs any more; the recorded
    one while they run and it replaced ``own`` (a restarted old process yields) or started after
    it; else its own (a new release's, started last)."""
    if found is None:
        return own
    if found.same(own):
        return found  # since its first start, and its replaced kept
    if found.alive(now) and (own.key() in found.replaced or found.since > own.since):
        return found
    return own


def parse_schedule(raw: str | None) -> Schedule | None:
    """The recorded schedule; None when there is none or it is damaged (hand-edited, cut):
    each process then follows its own config, as before the record existed."""
    if raw is None:
        return None
    try:
        if len(raw) > READ_AT_MOST:
            raise ValueError(f"{len(raw)} characters")
        data = json.loads(raw)
        zones = data["zones"]
        if not isinstance(zones, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in zones.items()):
            raise ValueError("zones is no map of names to zones")
        for zone in zones.values():
            ZoneInfo(zone)
        # as the config file's digests: are read (pydantic's errors are ValueErrors)
        digests = DigestsConfig(at=data["at"], timezone=data["timezone"])
        since = _aware(data["since"], "since")
        held = None if data.get("held") is None else _aware(data["held"], "held")
        replaced = data.get("replaced", [])
        if not isinstance(replaced, list) or not all(isinstance(k, str) for k in replaced):
            raise ValueError("replaced is no list of schedules")
        return Schedule(at=digests.at, timezone=digests.timezone, since=since, zones=zones,
                        replaced=tuple(replaced[:REPLACED_KEPT]), held=held)
    except (ValueError, TypeError, KeyError, OSError) as exc:  # ZoneInfo's are OSError's
        log.warning("the digests' schedule recorded in the store is unreadable (%s): this "
                    "process counts digest windows on its own config; its next start records "
                    "it again", exc)
        return None


def _aware(raw: object, name: str) -> datetime:
    if not isinstance(raw, str):
        raise ValueError(f"{name} is no time")
    when = datetime.fromisoformat(raw)
    if when.tzinfo is None:
        raise ValueError(f"{name} names no offset")
    return when
