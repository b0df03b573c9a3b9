"""An on-call review of spike warnings (2026-12-07): a Berlin brand's day, quiet at night and
busy from 09:00 local, climbing from 07:00, learnt per hour of the day on UTC's clock. The
morning the clocks went forward (2027-03-28) its day came an hour earlier in UTC, judged by
the usual of a night hour: "9 mentions in 10 min vs about 2 usual, about 2 usual at this
hour", a card on every series with a day, once a spring and once an autumn. The hours are
now the configured clock's (``spikes.timezone``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.config import SpikesConfig
from bot.enrich.spikes import SpikeDetector
from handlers.spikes import detector_from_config

KEY = ("keyword", "acme")
BERLIN = ZoneInfo("Europe/Berlin")


def berlin_day(t: datetime) -> float:
    loc = t.astimezone(BERLIN)
    h = loc.hour + loc.minute / 60
    if 7 <= h < 9:
        return 0.1 + 4.9 * (h - 7) / 2
    return 5.0 if 9 <= h < 18 else 0.1


def run(det: SpikeDetector, start: datetime, days: int,
        rate: Callable[[datetime], float] = berlin_day) -> list[datetime]:
    out = []
    owed = 0.0
    for minute in range(days * 24 * 60):
        t = start + timedelta(minutes=minute)
        owed += rate(t)
        n = int(owed)
        owed -= n
        for i in range(n):
            at = t + timedelta(seconds=60 * (i + 0.5) / n)
            det.observe([KEY], at, "acme is down, login fails")
            out += [at for _ in det.check(at)]
    return out


def test_the_morning_the_clocks_change_is_no_spike() -> None:
    for start in (datetime(2027, 3, 14, tzinfo=UTC), datetime(2027, 10, 24, tzinfo=UTC)):
        rang = run(SpikeDetector(alpha=0.0196, zone=BERLIN), start, 16)
        # the first morning, nothing known yet, rings; none after, across the change
        assert [t.date() for t in rang] == [start.date()], rang


def test_a_burst_the_morning_after_still_rings() -> None:
    burst_at = datetime(2027, 3, 29, 14, tzinfo=UTC)

    def burst(t: datetime) -> float:
        return 25.0 if burst_at <= t < burst_at + timedelta(minutes=20) else berlin_day(t)

    start = datetime(2027, 3, 21, tzinfo=UTC)
    rang = run(SpikeDetector(alpha=0.0196, zone=BERLIN), start, 9, burst)
    assert [t for t in rang if t.date() != start.date()][:1] != []
    assert all(burst_at <= t < burst_at + timedelta(minutes=5)
               for t in rang if t.date() != start.date()), rang


def test_hours_learnt_on_another_clock_are_forgotten() -> None:
    det = SpikeDetector(alpha=0.0196)
    run(det, datetime(2027, 3, 1, tzinfo=UTC), 2)
    s = det.series[KEY]
    assert det._seasonal(s, s.bucket) is not None
    berlin = SpikeDetector(alpha=0.0196, zone=BERLIN)
    berlin.load_json(det.to_json())  # UTC's hours, read on Berlin's clock: a shifted day
    b = berlin.series[KEY]
    assert berlin._seasonal(b, b.bucket) is None and b.baseline == s.baseline
    again = SpikeDetector(alpha=0.0196, zone=BERLIN)
    again.load_json(berlin.to_json())
    assert json.loads(again.to_json()) == json.loads(berlin.to_json())


def test_the_clock_is_spikes_timezone_else_the_teams() -> None:
    assert detector_from_config(SpikesConfig()).zone is None
    assert detector_from_config(SpikesConfig(), hours_zone="Europe/Warsaw").zone_name \
        == "Europe/Warsaw"
    assert detector_from_config(SpikesConfig(timezone="Europe/Berlin"),
                                hours_zone="Europe/Warsaw").zone_name == "Europe/Berlin"


def _learnt(zone: str) -> SpikeDetector:
    det = detector_from_config(SpikesConfig(timezone=zone))
    det.alpha = 0.0196
    run(det, datetime(2027, 3, 1, tzinfo=UTC), 2)
    s = det.series[KEY]
    assert det._seasonal(s, s.bucket) is not None
    return det


def test_hours_learnt_on_the_same_clock_under_another_name_are_kept() -> None:
    """A review of spikes (2026-12-07): `spikes.timezone` set from UTC to Etc/UTC, or from a
    link (Europe/Kiev, US/Pacific) to its zone's name, forgot every series' hours of the day
    and week, and the next morning's climb rang on each of them as it did on its first day.
    Hours on the same clock under another name are the same hours."""
    for was, now in (("UTC", "Etc/UTC"), ("Etc/UTC", "UTC"), ("GMT", "UTC"),
                     ("Europe/Kiev", "Europe/Kyiv"), ("US/Pacific", "America/Los_Angeles")):
        det = _learnt(was)
        s = det.series[KEY]
        renamed = detector_from_config(SpikesConfig(timezone=now))
        renamed.load_json(det.to_json())
        r = renamed.series[KEY]
        assert json.loads(renamed.to_json())["series"] == json.loads(det.to_json())["series"]
        assert renamed._seasonal(r, r.bucket) == det._seasonal(s, s.bucket), (was, now)
        assert json.loads(renamed.to_json())["zone"] == now  # compared once, not every check


def test_hours_learnt_on_another_clock_are_forgotten_whatever_its_name() -> None:
    for was, now in (("Europe/London", "UTC"), ("Europe/Berlin", "Europe/Kyiv"),
                     ("America/Phoenix", "America/Denver")):
        det = _learnt(was)
        renamed = detector_from_config(SpikesConfig(timezone=now))
        renamed.load_json(det.to_json())
        r = renamed.series[KEY]
        assert renamed._seasonal(r, r.bucket) is None, (was, now)
