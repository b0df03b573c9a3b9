"""Spike warnings over three weeks of a working week: brands whose weekdays are five times
their weekends, hour by hour (a daily shape in each brand's own time zone: UTC, UTC-8, UTC+1,
UTC-5), with real bursts of 4x, 6x and 10x the usual at that moment injected on weekdays and
at weekends of the second and third weeks. Counts false alarms per brand per day (an alarm
outside a burst) and each burst's detection delay, for the detector without the usual per
hour of the week (``week_half_life_weeks=0``) and with it (the default), on the same traffic.
Seeded (2611, not the intelligence benchmark's 42 or 43, nor the daily cycle's 7); a post a
minute is checked as the bot checks, once a minute.

    .venv/bin/python benchmarks/spike_weeks.py [--seed 2611] [--weeks 3]
        [--silent DAYS]   # instead: two weeks, DAYS of no mention, two weeks back (no burst)
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.enrich.spikes import SpikeDetector  # noqa: E402

T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)  # a Monday
KEY = ("keyword", "acme")
BURST_MINUTES = 30
FACTORS = (4, 6, 10)


@dataclass(frozen=True)
class Brand:
    name: str
    offset: int  # hours from UTC of its customers' clock
    peak: float  # mentions an hour at a weekday's busiest


BRANDS = (Brand("b2b-utc", 0, 60.0), Brand("b2b-utc-8", -8, 60.0),
          Brand("small-utc+1", 1, 24.0), Brand("large-utc-5", -5, 240.0))


def shape(local_hour: float) -> float:
    """The share of the peak at a local hour: quiet nights, a morning climb, a working day,
    an evening decline."""
    if 9 <= local_hour < 17:
        return 1.0
    if 7 <= local_hour < 9:
        return 0.08 + 0.92 * (local_hour - 7) / 2
    if 17 <= local_hour < 22:
        return 1.0 - 0.92 * (local_hour - 17) / 5
    return 0.08


def rate(brand: Brand, at: datetime) -> float:
    """The usual mentions a minute at ``at``: weekends a fifth of weekdays at every hour."""
    local = at + timedelta(hours=brand.offset)
    weekend = local.weekday() >= 5
    per_hour = brand.peak * shape(local.hour + local.minute / 60) * (0.2 if weekend else 1.0)
    return per_hour / 60


def poisson(rng: random.Random, lam: float) -> int:
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    k, p, floor = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p <= floor:
            return k
        k += 1


@dataclass(frozen=True)
class Burst:
    factor: int
    onset: datetime
    weekend: bool


def bursts(rng: random.Random, brand: Brand, weeks: int) -> list[Burst]:
    """Each factor once on a weekday and once at a weekend, on days of their own, after the
    first week, at a local hour from 10 to 17."""
    days = list(range(7, 7 * weeks))
    local_weekday = [d for d in days if d % 7 < 5]
    local_weekend = [d for d in days if d % 7 >= 5]
    rng.shuffle(local_weekday)
    rng.shuffle(local_weekend)
    out = []
    for i, factor in enumerate(FACTORS):
        for pool, weekend in ((local_weekday, False), (local_weekend, True)):
            day = pool[i % len(pool)]
            local = T0 + timedelta(days=day, hours=rng.randint(10, 16), minutes=rng.randint(0, 59))
            out.append(Burst(factor, local - timedelta(hours=brand.offset), weekend))
    return out


@dataclass
class Result:
    alarms: list[datetime]
    found: dict[Burst, float | None]


def run(brand: Brand, plan: list[Burst], weeks: int, seed: int, week: float,
        silent: tuple[int, int] = (0, 0)) -> Result:
    """``silent``: minutes from and to which the brand gets no mention."""
    rng = random.Random(seed)  # the same traffic for each detector
    det = SpikeDetector(**({} if week < 0 else {"week_half_life_weeks": week}))
    alarms: list[datetime] = []
    for minute in range(weeks * 7 * 24 * 60 + silent[1] - silent[0]):
        at = T0 + timedelta(minutes=minute)
        lam = 0.0 if silent[0] <= minute < silent[1] else rate(brand, at)
        for b in plan:
            if b.onset <= at < b.onset + timedelta(minutes=BURST_MINUTES):
                lam *= b.factor
        n = poisson(rng, lam)
        for i in range(n):
            det.observe([KEY], at + timedelta(seconds=60 * (i + 0.5) / n), "acme")
        now = at + timedelta(seconds=59)
        alarms += [now for s in det.check(now) if s.back_of is None]  # cards, not returns
        det.ends(now)
    found: dict[Burst, float | None] = {}
    for b in plan:
        hits = [a for a in alarms if b.onset <= a < b.onset + timedelta(minutes=BURST_MINUTES)]
        found[b] = (hits[0] - b.onset).total_seconds() / 60 if hits else None
    return Result(alarms, found)


def false_alarms(result: Result, plan: list[Burst]) -> list[datetime]:
    """Alarms outside every burst (and its cooldown after)."""
    return [a for a in result.alarms
            if not any(b.onset <= a < b.onset + timedelta(minutes=BURST_MINUTES + 30)
                       for b in plan)]


def back_from_silence(days: int, ways: list[tuple[str, float]], seed: int) -> None:
    """Two weeks, ``days`` without a mention, two weeks back: false alarms by day back."""
    gone = 14 * 24 * 60
    back = gone + days * 24 * 60
    for label, week in ways:
        by_day = [0] * 14
        for i, brand in enumerate(BRANDS):
            result = run(brand, [], 4, seed + i, week, silent=(gone, back))
            for a in result.alarms:
                d = int((a - T0).total_seconds() // 60 - back) // (24 * 60)
                if 0 <= d < 14:
                    by_day[d] += 1
        print(f"week_half_life_weeks={label}: back from {days} silent days, false alarms of "
              f"the {len(BRANDS)} brands by day back: {by_day} ({sum(by_day)})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2611)
    ap.add_argument("--weeks", type=int, default=3)
    ap.add_argument("--ways", default="0,default",
                    help="week half-lives to compare (weeks; 'default' for the detector's own)")
    ap.add_argument("--silent", type=int, default=0)
    args = ap.parse_args()
    ways = [(w, -1.0 if w == "default" else float(w)) for w in args.ways.split(",")]
    if args.silent:
        back_from_silence(args.silent, ways, args.seed)
        return
    plans = {b.name: bursts(random.Random(args.seed * 31 + i), b, args.weeks)
             for i, b in enumerate(BRANDS)}
    for label, week in ways:
        print(f"\nweek_half_life_weeks={label}:")
        totals: dict[str, list[int]] = {"first": [0, 0], "later": [0, 0], "weekend": [0, 0],
                                        "monday": [0, 0]}
        delays: dict[tuple[int, bool], list[float | None]] = {}
        for i, brand in enumerate(BRANDS):
            plan = plans[brand.name]
            result = run(brand, plan, args.weeks, args.seed + i, week)
            wrong = false_alarms(result, plan)
            first = [a for a in wrong if a < T0 + timedelta(days=7)]
            later = [a for a in wrong if a >= T0 + timedelta(days=7)]
            print(f"  {brand.name:>12}: false alarms week 1 {len(first)}, weeks 2-"
                  f"{args.weeks} {len(later)} "
                  f"({len(later) / (7 * (args.weeks - 1)):.2f}/day): "
                  + ", ".join(a.strftime("%a %H:%M") for a in later[:8]))
            totals["first"][0] += len(first)
            totals["first"][1] += 7
            totals["later"][0] += len(later)
            totals["later"][1] += 7 * (args.weeks - 1)
            for a in later:
                local = a + timedelta(hours=brand.offset)
                totals["weekend"][0] += local.weekday() >= 5
                totals["monday"][0] += local.weekday() == 0
            for b, d in result.found.items():
                delays.setdefault((b.factor, b.weekend), []).append(d)
                print(f"      {b.factor:>2}x {'weekend' if b.weekend else 'weekday'} "
                      f"{(b.onset + timedelta(hours=brand.offset)).strftime('%a %H:%M')} local "
                      f"usual {rate(brand, b.onset) * 10:.1f}/10 min: "
                      f"{'missed' if d is None else f'{d:.0f} min'}")
        print(f"  false alarms a brand a day: week 1 {totals['first'][0] / totals['first'][1]:.2f}"
              f", weeks 2-{args.weeks} {totals['later'][0] / totals['later'][1]:.2f} "
              f"(of them at local weekends {totals['weekend'][0]}, local Mondays "
              f"{totals['monday'][0]})")
        for (factor, weekend), ds in sorted(delays.items()):
            hit = [d for d in ds if d is not None]
            mean = f"{sum(hit) / len(hit):.1f} min" if hit else "-"
            print(f"  {factor:>2}x {'weekend' if weekend else 'weekday'}: detected "
                  f"{len(hit)}/{len(ds)}, mean delay {mean}")


if __name__ == "__main__":
    main()
