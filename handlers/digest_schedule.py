"""The digests' schedule in force across processes (docs/scaling.md, "Rolling deploys").

A digest's windows end on a schedule: ``digests.at``, ``digests.timezone`` and the workspaces'
zones. In a rolling deploy changing it, the old release's processes run beside the new one's
for a while, each with its own config: the old one posted a digest at its old time and, deciding
a post, pulled the timer the new one had armed back to it. So each process records its schedule
in the store when it starts (``App.start``), unless the record is of a process started after
it, and every process counts windows on the recorded one: the old process follows the new one
(a rollback's processes, started last, are followed in turn). A process that never starts (a
one-shot CLI command) follows the record too; with no record, each follows its own config.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.config import DigestsConfig

log = logging.getLogger(__name__)

# characters of a record read at most: a schedule is a few hundred (one zone a workspace); a
# longer one is none this bot wrote
READ_AT_MOST = 64 * 1024


@dataclass(frozen=True)
class Schedule:
    """``digests.at``, ``digests.timezone``, each workspace's zone, and since when the schedule
    is the one in force (its process's start)."""

    at: str
    timezone: str | None
    since: datetime
    zones: Mapping[str, str] = field(default_factory=dict)

    def same(self, other: Schedule) -> bool:
        """Whether ``other`` ends every digest's windows at the same times (its start aside)."""
        return (self.at, self.timezone, dict(self.zones)) == \
            (other.at, other.timezone, dict(other.zones))

    def dumps(self) -> str:
        return json.dumps({"at": self.at, "timezone": self.timezone, "zones": dict(self.zones),
                           "since": self.since.isoformat()}, sort_keys=True)


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
        since = datetime.fromisoformat(data["since"])
        if since.tzinfo is None:
            raise ValueError("since names no offset")
        return Schedule(at=digests.at, timezone=digests.timezone, since=since, zones=zones)
    except (ValueError, TypeError, KeyError, OSError) as exc:  # ZoneInfo's are OSError's
        log.warning("the digests' schedule recorded in the store is unreadable (%s): this "
                    "process counts digest windows on its own config; its next start records "
                    "it again", exc)
        return None
