"""Spike warnings muted from chat, alone: ``mute spikes <route | S-2 | keyword word> 2h [why]``
and ``unmute spikes ...`` (a Grafana user silences one alert group for a while; muting the
route held back its alerts too).

One record a series (``keys.SPIKE_MUTE``, id ``route:checkout``, ``keyword:outage``,
``subscription:S-2``) in the shared store: the process that runs the spike check reads them at
each check (``handlers.spikes``), whichever process took the line, and a restart keeps them.
The series is still counted, so its usual volume stays what it is; only its warning (and its
end, its return) goes unposted while the mute holds. A spike found then and still going when
the mute ends is warned of then (``SpikeChecker._unmuted``), as Alertmanager notifies at a
silence's end for an alert still firing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime

from bot.core.jsonbody import loads
from bot.core.when import shown_at

SpikeKey = tuple[str, str]  # (kind, key): as bot.enrich.spikes names a series
KIND_SAID = {"route": "route", "subscription": "subscription", "keyword": "keyword"}


def mute_id(key: SpikeKey) -> str:
    return f"{key[0]}:{key[1]}"


def said(key: SpikeKey) -> str:
    """``route checkout``: how a reply names the series."""
    return f"{KIND_SAID.get(key[0], key[0])} {key[1]}"


def record(key: SpikeKey, *, who: str, why: str, now: datetime, until: datetime,
           version: int) -> str:
    """A mute's record. ``version``: each write of a series' record carries the next one, so a
    write decided on what it read is refused once another process changed it (``versions``)."""
    return json.dumps({"kind": key[0], "key": key[1], "who": who, "why": why,
                       "starts": now.isoformat(), "until": until.isoformat(),
                       "version": version})


def versions(raws: Iterable[str]) -> dict[str, int | None]:
    """Each stored mute's id and the version its record carries; None for one written before
    records carried one (a release of 2026-12-07), taken as it is."""
    out: dict[str, int | None] = {}
    for raw in raws:
        found = _read(raw)
        if found is not None:
            version = found[1].get("version")
            out[mute_id(found[0])] = version if isinstance(version, int) else None
    return out


def _read(raw: str) -> tuple[SpikeKey, dict[str, object], datetime] | None:
    """One stored mute, None when it is not one (hand-edited, damaged): ignored, as a
    silence that is not one is."""
    try:
        data = loads(raw)
        if not isinstance(data, dict):
            return None
        until = datetime.fromisoformat(str(data["until"]))
        if until.tzinfo is None:
            return None
        return (str(data["kind"]), str(data["key"])), data, until
    except (ValueError, KeyError, TypeError):
        return None


def live(raws: Iterable[str], now: datetime) -> dict[SpikeKey, tuple[datetime, str]]:
    """The mutes holding at ``now``: each series' end and who muted it. A keyword's key is
    compared as folded (the parser folds what is typed)."""
    out: dict[SpikeKey, tuple[datetime, str]] = {}
    for raw in raws:
        found = _read(raw)
        if found is None or found[2] <= now:
            continue
        (kind, key), data, until = found
        folded = (kind, key.casefold() if kind == "keyword" else key)
        if folded not in out or out[folded][0] < until:
            out[folded] = (until, str(data.get("who") or ""))
    return out


def ended(raws: Iterable[str], now: datetime) -> list[str]:
    """The ids of the mutes over: kept for nothing, taken away at the next."""
    out = []
    for raw in raws:
        found = _read(raw)
        if found is not None and found[2] <= now:
            out.append(mute_id(found[0]))
    return out


def is_muted(mutes: Mapping[SpikeKey, object], key: SpikeKey) -> bool:
    kind, name = key
    return (kind, name.casefold() if kind == "keyword" else name) in mutes


def muted(mutes: Mapping[SpikeKey, tuple[datetime, str]], key: SpikeKey
          ) -> tuple[datetime, str] | None:
    """When ``key``'s mute ends and who muted it; None when it is not muted."""
    kind, name = key
    return mutes.get((kind, name.casefold() if kind == "keyword" else name))


def listed(mutes: Mapping[SpikeKey, tuple[datetime, str]], zone: str | None = None) -> str:
    """``status``'s line: ``spike warnings muted: route checkout until 11:00 UTC (carol)``;
    "" when none is."""
    if not mutes:
        return ""
    return "spike warnings muted: " + ", ".join(
        f"{said(key)} until {shown_at(until, zone)}" + (f" ({who})" if who else "")
        for key, (until, who) in sorted(mutes.items()))
