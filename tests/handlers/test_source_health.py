"""Source health judged minute by minute on simulated traffic: a quiet source alerts once and
recovers once; quiet nights, a bot that was down and a rare failed poll never alert; a failing
source and a failing feed alert once each, with one recovery note. The state goes through JSON
every minute, as it does through the store."""

from __future__ import annotations

import json
import math
import random
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.app.compose import health_of
from bot.core import keys as K
from bot.core.config import HealthConfig, StoreConfig, load_config
from bot.core.effects import Effects
from bot.core.errors import ConfigErrors
from bot.core.models import ChannelRef
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.timers import Timers
from bot.store import open_store
from handlers import source_health
from handlers.source_health import (
    Alert,
    HealthCheck,
    SourceHealth,
    SourceState,
    Watched,
    errors,
    health_key,
    hour_of,
    minutes_by_hour,
    polls,
    volume,
)
from tests.conftest import FakeClock
from tests.support.releases import load_release

START = datetime(2026, 11, 1, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")
UTC_CLOCK = ZoneInfo("UTC")
# Berlin's clocks: back an hour at 03:00 CEST (01:00 UTC), forward an hour at 02:00 CET
FALL_BACK = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
SPRING_FORWARD = datetime(2027, 3, 28, 1, 0, tzinfo=UTC)


def poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class Sim:
    def __init__(self, cfg: HealthConfig | None = None, interval: float = 60.0, *,
                 start: datetime = START) -> None:
        self.check = HealthCheck(cfg or HealthConfig(), [Watched("s", interval)])
        self.states: dict[str, SourceState] = {}
        self.minute = int(start.timestamp() // 60)
        self.alerts: list[Alert] = []
        self.said_at: list[datetime] = []  # when each alert came

    @property
    def now(self) -> datetime:
        return datetime.fromtimestamp(self.minute * 60, UTC)

    def tick(self, *, posts: int = 0, polled: int = 1, failed: int = 0,
             feeds: dict[str, int] | None = None) -> list[Alert]:
        m = self.minute
        counts: dict[str, dict[int, int]] = {}
        for name, n in ((volume("s"), posts), (polls("s"), polled), (errors("s"), failed)):
            if n:
                counts[name] = {m: n}
        for feed, n in (feeds or {}).items():
            counts[errors("s", feed)] = {m: n}
        # the state goes through JSON, as it does through the store between checks: every
        # quarter hour and after an alert (each minute made half the cost of a two-week run)
        if m % 15 == 0 or self.said_at[-1:] == [self.now - timedelta(minutes=1)]:
            self.states = {k: SourceState(json.loads(json.dumps(v.to_json())))
                           for k, v in self.states.items()}
        found = self.check.step(self.states, counts, first=m, last=m, now=self.now)
        self.alerts += found
        self.said_at += [self.now] * len(found)
        self.minute += 1
        return found

    def run(self, minutes: int, rate_per_hour: float | None = None, *, seed: int = 1,
            night_off: bool = False, polled: int = 1, audience: ZoneInfo = UTC_CLOCK,
            ) -> None:
        """``night_off``: nothing comes outside 08:00-20:00 on the ``audience``'s clock."""
        rng = random.Random(seed + self.minute)
        for _ in range(minutes):
            hour = self.now.astimezone(audience).hour
            lam = 0.0 if rate_per_hour is None or (night_off and not 8 <= hour < 20) else (
                rate_per_hour / 60)
            self.tick(posts=poisson(rng, lam) if lam else 0, polled=polled)

    def kinds(self) -> list[str]:
        return [a.kind for a in self.alerts]


def test_a_source_that_goes_quiet_alerts_once_and_recovers_once() -> None:
    sim = Sim()
    sim.run(2 * 1440, rate_per_hour=12)  # two days of learning, 12 posts an hour
    assert sim.kinds() == []
    silent_from = sim.minute
    sim.run(180)  # polls keep succeeding; nothing comes
    assert sim.kinds() == ["quiet"], "one alert, not one per check"
    alert = sim.alerts[0]
    # about 10 posts were expected when it fired: at 12 an hour, after ~50 minutes
    assert 40 <= sim.states["s"].quiet["at"] - silent_from <= 70  # type: ignore[index]
    assert "has gone quiet" in alert.title and "polls succeed" in alert.text
    evidence = dict(alert.evidence)
    assert "posts an hour" in evidence["Usually"] and "chance of none" in evidence[
        "Expected since its last post"]
    sim.tick(posts=3)
    assert sim.kinds() == ["quiet", "quiet-over"]
    assert "3 posts" in sim.alerts[1].text and "of silence" in sim.alerts[1].text
    sim.run(600, rate_per_hour=12, seed=9)
    assert sim.kinds() == ["quiet", "quiet-over"]


def test_nothing_is_judged_before_the_warm_up() -> None:
    sim = Sim(HealthConfig(warmup_hours=24))
    sim.run(600, rate_per_hour=30)
    sim.run(600)  # ten silent hours on the first day
    assert sim.kinds() == []


def test_quiet_nights_are_learnt_and_do_not_alert() -> None:
    sim = Sim(HealthConfig(warmup_hours=24))
    sim.run(5 * 1440, rate_per_hour=40, night_off=True)  # busy days, silent nights
    assert sim.kinds() == [], "a silent night is that source's usual"
    # a silent morning, when 40 an hour are usual, is a silence
    while (sim.minute // 60) % 24 != 8:
        sim.tick()
    before = len(sim.alerts)
    sim.run(90)
    assert [a.kind for a in sim.alerts[before:]] == ["quiet"]


def test_a_bot_that_was_down_is_not_a_silent_source() -> None:
    sim = Sim()
    sim.run(2 * 1440, rate_per_hour=12)
    sim.run(300, polled=0)  # no process polled for five hours
    assert sim.kinds() == []
    sim.tick(posts=40)  # the first poll back brings the backlog
    sim.run(120, rate_per_hour=12, seed=5)
    assert sim.kinds() == []


def test_a_failing_source_alerts_once_and_recovers_once() -> None:
    sim = Sim()
    sim.run(1440, rate_per_hour=6)
    for _ in range(30):
        sim.tick(polled=1, failed=1)
    assert sim.kinds() == ["failing"]
    assert "of" in sim.alerts[0].text and "polls in the last 15 min failed" in sim.alerts[0].text
    sim.run(4, rate_per_hour=6)
    assert sim.kinds() == ["failing"], "not recovered before the recovery window"
    sim.run(10, rate_per_hour=6)
    assert sim.kinds() == ["failing", "failing-over"]
    assert "failing for" in sim.alerts[1].text


def test_a_rare_failed_poll_is_not_an_alert() -> None:
    sim = Sim()
    for i in range(3 * 1440):
        sim.tick(posts=1 if i % 5 == 0 else 0, failed=1 if i % 17 == 0 else 0)
    assert "failing" not in sim.kinds()


def test_a_source_that_always_fails_a_little_is_judged_against_its_usual() -> None:
    """A flaky instance: one poll in four usually fails, so half failing is not news for it
    (though it would be for a healthy source); every poll failing is."""
    sim = Sim(HealthConfig(failing_share=0.4))
    for i in range(3 * 1440):
        sim.tick(posts=1 if i % 5 == 0 else 0, polled=4, failed=1)
    assert "failing" not in sim.kinds()
    for i in range(60):
        sim.tick(posts=1 if i % 5 == 0 else 0, polled=4, failed=2)
    assert "failing" not in sim.kinds()
    healthy = Sim(HealthConfig(failing_share=0.4))
    for i in range(3 * 1440):
        healthy.tick(posts=1 if i % 5 == 0 else 0, polled=4)
    for _ in range(15):
        healthy.tick(polled=4, failed=2)
    assert healthy.kinds() == ["failing"]
    for _ in range(20):
        sim.tick(polled=4, failed=4)
    assert sim.kinds() == ["failing"]


def test_a_failing_feed_alerts_once_and_recovers_once() -> None:
    sim = Sim()
    sim.run(600, rate_per_hour=6)
    url = "https://blog.example/feed.xml"
    for _ in range(20):
        sim.tick(posts=0, feeds={url: 1})
    assert sim.kinds() == ["feed"] and sim.alerts[0].subject == url
    sim.run(10, rate_per_hour=6)
    assert sim.kinds() == ["feed", "feed-over"]


def test_slow_polls_get_a_wider_window() -> None:
    sim = Sim(interval=600)  # a poll every ten minutes: the window is 40 minutes
    for i in range(60):
        sim.tick(polled=1 if i % 10 == 0 else 0, failed=1 if i % 10 == 0 else 0)
    assert sim.kinds() == ["failing"]


def test_minutes_by_hour() -> None:
    assert sum(minutes_by_hour(0, 1440 * 3 + 7)) == 1440 * 3 + 7
    assert minutes_by_hour(30, 90)[0] == 30 and minutes_by_hour(30, 90)[1] == 30
    start = int((START + timedelta(hours=23, minutes=50)).timestamp() // 60)
    got = minutes_by_hour(start, start + 20)
    assert got[23] == 10 and got[0] == 10


def berlin_audience(cfg: HealthConfig, change: datetime) -> Sim:
    """Two weeks of a source whose audience posts 08:00-20:00 in Berlin (30 an hour, none at
    night), then three days past the clock change ``change``."""
    sim = Sim(cfg, start=change - timedelta(days=14, hours=1))
    sim.run(14 * 1440 + 60 + 3 * 1440, rate_per_hour=30, night_off=True, audience=BERLIN)
    return sim


@pytest.mark.parametrize("change", [FALL_BACK, SPRING_FORWARD], ids=["fall", "spring"])
def test_a_clock_change_does_not_make_an_usual_quiet_hour_a_silence(change: datetime) -> None:
    """Hours learnt on UTC shift by an hour when Berlin's clocks change: for about a week the
    hour at the edge of the busy day (07:00 after the change in autumn, 20:00 in spring)
    expected the busy rate, and said "has gone quiet" each day. On Berlin's clock it is the
    same quiet hour as before."""
    on_utc = berlin_audience(HealthConfig(), change)  # as every release before health.timezone
    false_alarms = [at.astimezone(BERLIN) for a, at in zip(on_utc.alerts, on_utc.said_at,
                                                            strict=True) if a.kind == "quiet"]
    assert false_alarms and all(at > change for at in false_alarms)
    assert {at.hour for at in false_alarms} == {7 if change == FALL_BACK else 20}
    on_berlin = berlin_audience(HealthConfig(timezone="Europe/Berlin"), change)
    assert on_berlin.kinds() == []


def test_the_hours_follow_the_receipt_time_zone_unless_health_timezone_is_set() -> None:
    assert HealthConfig().hours_zone == "UTC"
    assert HealthConfig(receipt_timezone="Europe/Berlin").hours_zone == "Europe/Berlin"
    assert HealthConfig(receipt_timezone="Europe/Berlin",
                        timezone="UTC").hours_zone == "UTC"
    assert berlin_audience(HealthConfig(receipt_timezone="Europe/Berlin"),
                           FALL_BACK).kinds() == []


@pytest.mark.parametrize(("zone", "said"), [
    ("Europe/Berln", "'Europe/Berln' is not a time zone; did you mean 'Europe/Berlin'?"),
    ("right/Europe/Berlin", "'right/Europe/Berlin' is not a time zone; did you mean "
                            "'Europe/Berlin'?"),
    ("12", "'12' is not a time zone; use a name such as UTC or Europe/Berlin"),
])
def test_health_timezone_is_checked_as_the_other_time_zones(tmp_path: Path, zone: str,
                                                            said: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text("workspaces: [{name: console, type: console}]\n"
                    f"health: {{timezone: '{zone}'}}\n", encoding="utf-8")
    with pytest.raises(ConfigErrors) as refused:
        load_config(path, env={})
    assert str(refused.value).strip() == f"{path}:2: health.timezone: {said}"


def test_a_real_silence_after_the_clock_change_still_alerts() -> None:
    sim = berlin_audience(HealthConfig(timezone="Europe/Berlin"), FALL_BACK)
    while sim.now.astimezone(BERLIN).hour != 10:
        sim.run(1, rate_per_hour=30, night_off=True, audience=BERLIN)
    assert sim.kinds() == []
    sim.run(90)  # 10:00 in Berlin, when 30 an hour are usual: nothing comes
    assert sim.kinds() == ["quiet"]
    assert sim.said_at[0].astimezone(BERLIN).hour == 10
    usual = dict(sim.alerts[0].evidence)["Usually"]
    # the lower of the hour's 30 and the day's 15 (rate)
    assert 13 < float(usual.split()[0]) <= 15 and usual.endswith("at this time of day")


@pytest.mark.parametrize(("change", "hours"), [(FALL_BACK, 25), (SPRING_FORWARD, 23)],
                         ids=["fall", "spring"])
def test_the_skipped_hour_learns_nothing_and_the_repeated_hour_learns_twice(
        change: datetime, hours: int) -> None:
    day = datetime.combine(change.astimezone(BERLIN).date(), datetime.min.time(), BERLIN)
    start, end = (int(t.timestamp() // 60) for t in (day, day + timedelta(days=1)))
    assert end - start == hours * 60
    got = minutes_by_hour(start, end, zone=BERLIN)
    assert got[2] == (120 if hours == 25 else 0)
    assert [k for h, k in enumerate(got) if h != 2] == [60] * 23
    assert minutes_by_hour(start - 1440 * 3, end, zone=BERLIN) == [k + 180 for k in got]
    # what is learnt: a post every minute of the day, then the same day with a silence
    for silent in (False, True):
        sim = Sim(HealthConfig(timezone="Europe/Berlin"), start=day)
        sim.tick(posts=1)
        while sim.minute < end:
            sim.tick(posts=0 if silent else 1)
        sim.tick(posts=1)
        seen = sim.states["s"].seen
        assert seen[0] == 61 and seen[1:] == got[1:], silent


def test_minutes_by_hour_on_a_clock_half_an_hour_from_utc() -> None:
    kolkata = ZoneInfo("Asia/Kolkata")  # UTC+05:30
    start = int(START.timestamp() // 60)
    got = minutes_by_hour(start, start + 60, zone=kolkata)
    assert got[5] == 30 and got[6] == 30 and sum(got) == 60
    assert minutes_by_hour(start, start + 1440, zone=kolkata) == [60] * 24


OLD_STATE = {"hours": [[float(h), 1.0] for h in range(24)],  # hour h: h posts a minute
             "seen": [100 + h for h in range(24)], "all": [5.0, 1.0], "err": [0.0, 0.0],
             "learnt": 20_000}


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.mark.parametrize(("header", "zone", "usual_at_8", "seen_at_8"), [
    # the previous release: no version, UTC's hours
    ({}, "UTC", 8.0, 108),  # as before: nothing moves
    ({}, "Europe/Berlin", 7.0, 107),  # 08:00 in Berlin in November is 07:00 UTC
    ({}, "Asia/Kolkata", 2.5, 103),  # 08:00-09:00 there is 02:30-03:30 UTC: half of each
    # health.timezone changed from Berlin's clock (UTC+1 now) to New York's (UTC-5)
    ({"version": 2, "zone": "Europe/Berlin"}, "America/New_York", 14.0, 114),
    ({"version": 2, "zone": "Europe/Berlin"}, "Europe/Berlin", 8.0, 108),
    # a zone this machine does not know, written by a process whose time zone database has
    # it (a newer name of the same place, most likely): taken as this clock, one warning
    ({"version": 2, "zone": "Mars/Olympus"}, "Europe/Berlin", 8.0, 108),
])
async def test_stored_hours_are_moved_to_the_clock_once(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture,
        header: dict[str, object], zone: str, usual_at_8: float, seen_at_8: int) -> None:
    """The previous release stored each source's hours of the day on UTC's clock, without a
    version: the first check moves them to ``health.timezone``'s clock by its offset now; what
    it writes names its clock, and is not moved again."""
    clock.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    last = int(clock.now.timestamp() // 60) - 2
    fx = Effects()
    fx.cursors[K.SOURCE_BASELINES] = json.dumps(
        {**header, "read": last - 1, "sources": {"s": OLD_STATE}})
    assert await store.apply(fx)
    health = SourceHealth(store, Applier(store), cfg=HealthConfig(timezone=zone), clock=clock,
                          sources=[Watched("s", 60.0)], ops=None)
    timers = Timers(store, clock=clock)
    timers.register(K.SOURCE_HEALTH, health.check)
    fx = Effects()
    health.arm(fx)
    assert await store.apply(fx)
    for _ in range(3):  # three checks, a minute apart
        assert await timers.fire_due() == 1
        stored = json.loads(await store.get_cursor(K.SOURCE_BASELINES) or "")
        assert (stored["version"], stored["zone"]) == (2, zone)
        state = SourceState(stored["sources"]["s"])
        assert state.hours[8].value == pytest.approx(usual_at_8)
        assert state.seen[8] == seen_at_8
        assert sum(state.seen) == sum(OLD_STATE["seen"])  # type: ignore[arg-type]
        clock.advance(minutes=1)
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warned == (["source health: the stored hours are on the clock of 'Mars/Olympus', "
                       "which this machine does not know; they are taken to be on Europe/Berlin's"]
                      if header.get("zone") == "Mars/Olympus" else [])


PREVIOUS = Path(__file__).parent / "releases" / "source_health_2026_11.py.txt"


def previous_release() -> Any:
    """handlers/source_health.py of the release before health.timezone, run as it was."""
    return load_release(PREVIOUS)


async def stored_hours(store: Store, clock: FakeClock, read: int,
                       state: Mapping[str, object] = OLD_STATE) -> None:
    fx = Effects()
    fx.cursors[K.SOURCE_BASELINES] = json.dumps({"read": read, "sources": {"s": state}})
    assert await store.apply(fx)


def timer_of(store: Store, clock: FakeClock, check: Any) -> Timers:
    timers = Timers(store, clock=clock)
    timers.register(K.SOURCE_HEALTH, check)
    return timers


@pytest.fixture(params=["sqlite", "redis"])
async def shared(request: pytest.FixtureRequest, tmp_path: Path,
                 clock: FakeClock) -> AsyncIterator[Store]:
    """The store two processes share: a SQLite file, or a real redis-server (docs/scaling.md)."""
    if request.param == "sqlite":
        cfg, url = StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")), None
    else:
        cfg, url = StoreConfig(backend="redis"), request.getfixturevalue("redis_url")
    opened = await open_store(cfg, redis_url=url, clock=clock)
    yield opened
    await opened.close()


async def test_two_releases_side_by_side_move_the_hours_once(
        shared: Store, clock: FakeClock) -> None:
    """During a rolling upgrade the ``health`` timer runs in whichever process claims it, of
    either release. The release before reads the hours as UTC's and writes them back without
    a version: it must find UTC's hours (else at 06:00 in New York it judges by the hours
    learnt at 11:00 there and says a quiet night "has gone quiet"), and what it writes back
    must not be moved again by the next check of the new release."""
    await stored_hours(shared, clock, int(clock.now.timestamp() // 60) - 3)
    cfg = HealthConfig(timezone="America/New_York")  # UTC-5 in November
    new = SourceHealth(shared, Applier(shared), cfg=cfg, clock=clock,
                       sources=[Watched("s", 60.0)], ops=None)
    old_module = previous_release()
    old = old_module.SourceHealth(shared, Applier(shared), cfg=cfg, clock=clock,
                                  sources=[old_module.Watched("s", 60.0)], ops=None)
    fx = Effects()
    new.arm(fx)
    assert await shared.apply(fx)
    for turn in range(6):  # the processes take turns
        runs = new if turn % 2 == 0 else old
        assert await timer_of(shared, clock, runs.check).fire_due() == 1
        stored = json.loads(await shared.get_cursor(K.SOURCE_BASELINES) or "")
        as_new = SourceState(stored["sources"]["s"])
        as_old = old_module.SourceState(stored["sources"]["s"])
        if runs is new:
            assert as_new.hours[8].value == pytest.approx(13.0), turn  # 08:00 is 13:00 UTC
            assert as_new.seen[8] == 113
        assert as_old.hours[13].value == pytest.approx(13.0), turn  # what the old one reads
        assert as_old.seen[13] == 113
        clock.advance(minutes=1)


async def test_hours_learnt_before_a_clock_change_move_by_the_offset_they_were_learnt_at(
        store: Store, clock: FakeClock) -> None:
    """The new release first runs the morning after Berlin's clocks went forward (UTC+2 now),
    with everything it was taught on UTC's hours while Berlin was UTC+1 (the process was
    stopped before the change): 08:00 in Berlin was 07:00 UTC for all of it."""
    clock.now = SPRING_FORWARD + timedelta(hours=6)
    await stored_hours(store, clock, int((SPRING_FORWARD - timedelta(hours=3)).timestamp() // 60))
    new = SourceHealth(store, Applier(store), cfg=HealthConfig(timezone="Europe/Berlin"),
                       clock=clock, sources=[Watched("s", 60.0)], ops=None)
    fx = Effects()
    new.arm(fx)
    assert await store.apply(fx)
    assert await timer_of(store, clock, new.check).fire_due() == 1
    stored = json.loads(await store.get_cursor(K.SOURCE_BASELINES) or "")
    state = SourceState(stored["sources"]["s"])
    assert state.hours[8].value == pytest.approx(7.0)
    assert state.seen[8] == 107


class DiesAtTheWrite:
    """The store's write fails once, as when the process is killed before it commits."""

    def __init__(self, store: Store) -> None:
        self.real = Applier(store)
        self.fail = 1

    async def apply(self, fx: Effects) -> bool:
        if self.fail:
            self.fail -= 1
            raise ConnectionError("killed at the write")
        return await self.real.apply(fx)


async def test_a_check_that_dies_at_the_write_moves_nothing_and_the_next_moves_once(
        store: Store, clock: FakeClock) -> None:
    await stored_hours(store, clock, int(clock.now.timestamp() // 60) - 3)
    applier = DiesAtTheWrite(store)
    new = SourceHealth(store, applier, cfg=HealthConfig(timezone="Europe/Berlin"),
                       clock=clock, sources=[Watched("s", 60.0)], ops=None)
    fx = Effects()
    new.arm(fx)
    assert await store.apply(fx)
    await timer_of(store, clock, new.check).fire_due()  # the timer logs it, to run again
    assert not applier.fail
    assert "version" not in json.loads(await store.get_cursor(K.SOURCE_BASELINES) or "")
    for _ in range(2):
        clock.advance(minutes=1)
        assert await timer_of(store, clock, new.check).fire_due() == 1
        stored = json.loads(await store.get_cursor(K.SOURCE_BASELINES) or "")
        assert SourceState(stored["sources"]["s"]).hours[8].value == pytest.approx(7.0)


async def test_a_first_start_moves_nothing(store: Store, clock: FakeClock,
                                           caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="handlers.source_health")
    new = SourceHealth(store, Applier(store), cfg=HealthConfig(timezone="Europe/Berlin"),
                       clock=clock, sources=[Watched("s", 60.0)], ops=None)
    fx = Effects()
    new.arm(fx)
    assert await store.apply(fx)
    assert await timer_of(store, clock, new.check).fire_due() == 1
    assert not [r for r in caplog.records if "moved" in r.getMessage()]


def test_a_silence_of_months_is_counted_without_looking_the_clock_up_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each check judges a silence from its first minute: for a rare source (a post a month,
    10 expected) that is months, every minute. On a clock with daylight saving that looked the
    offset up twice a day of it (2 ms a year, for each such source, on the event loop); now
    the clock's changes are found once a year."""
    looked: list[int] = []
    real = source_health.offset

    def counted(minute: int, zone: Any) -> int:
        looked.append(minute)
        return int(real(minute, zone))

    monkeypatch.setattr(source_health, "offset", counted)
    start = int(datetime(2025, 6, 1, tzinfo=UTC).timestamp() // 60)
    year = minutes_by_hour(start, start + 365 * 1440, zone=BERLIN)
    assert year == [365 * 60] * 24  # a 25-hour day and a 23-hour one
    looked.clear()
    for minute in range(60):  # the next hour's checks
        minutes_by_hour(start, start + 365 * 1440 + minute, zone=BERLIN)
    assert looked == []


@pytest.mark.parametrize("name", [
    "Europe/Berlin", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham",
    "Australia/Lord_Howe", "Africa/Casablanca", "America/Santiago", "Etc/UTC"])
def test_minutes_by_hour_is_the_hour_of_each_minute(name: str) -> None:
    """Against the hour of each minute, one by one, on clocks a half or three quarters of an
    hour off UTC, one whose daylight saving is half an hour (Lord Howe), one that stops it for
    Ramadan (Casablanca)."""
    zone = ZoneInfo(name)
    rng = random.Random(name)
    low = int(datetime(2018, 1, 1, tzinfo=UTC).timestamp() // 60)
    high = int(datetime(2027, 12, 1, tzinfo=UTC).timestamp() // 60)
    for _ in range(12):
        start = rng.randint(low, high)
        end = start + rng.choice([0, 1, 59, 61, 1439, 1441, rng.randint(0, 50 * 1440)])
        each = [0] * 24
        for m in range(start, end):
            each[hour_of(m, zone)] += 1
        assert minutes_by_hour(start, end, zone=zone) == each, (start, end)


@pytest.mark.parametrize("shift", [330, -210, 765, -765, 60, -300, 0, 1439, -1439])
def test_moved_hours_keep_every_minute_and_post(shift: int) -> None:
    """Moving by a clock a half or three quarters of an hour off (India, Newfoundland,
    Chatham) shares each hour between two: nothing negative, nothing lost or made."""
    rng = random.Random(shift)
    state = SourceState({"hours": [[rng.uniform(0, 50), rng.uniform(0.5, 1)] for _ in range(24)],
                         "seen": [rng.randint(0, 10_000) for _ in range(24)]})
    before = [(b.s, b.w) for b in state.hours], list(state.seen)
    state.move_hours(shift)
    assert all(b.s >= 0 and b.w >= 0 for b in state.hours)
    assert all(k >= 0 for k in state.seen) and sum(state.seen) == sum(before[1])
    assert sum(b.s for b in state.hours) == pytest.approx(sum(s for s, _ in before[0]))
    assert sum(b.w for b in state.hours) == pytest.approx(sum(w for _, w in before[0]))
    state.move_hours(-shift)
    if shift % 60 == 0:  # whole hours: back exactly
        assert ([(b.s, b.w) for b in state.hours], state.seen) == before


def test_the_repeated_hour_weighs_twice_but_expects_its_usual_rate() -> None:
    """The 25-hour day learns 02:00-03:00 twice: twice the minutes, each at the usual rate, so
    the hour's rate stays the usual one (not doubled, which would judge a silence then by
    twice the posts), and a silence over both expects the posts of 120 minutes."""
    sim = Sim(HealthConfig(timezone="Europe/Berlin"), start=FALL_BACK - timedelta(days=10))
    sim.run(12 * 1440, rate_per_hour=30)
    state = sim.states["s"]
    assert state.hours[2].value == pytest.approx(0.5, rel=0.15)
    day = datetime(2026, 10, 25, tzinfo=BERLIN)
    start, end = (int(t.timestamp() // 60) for t in (day, day + timedelta(days=1)))
    per_minute = state.all.value or 0.0
    assert state.expected(start, end, zone=BERLIN) == pytest.approx(25 * 60 * per_minute,
                                                                    rel=0.1)
    assert sim.kinds() == []


async def test_hours_the_release_before_learnt_for_months_after_a_downgrade_move_by_the_offset(
        store: Store, clock: FakeClock) -> None:
    """Back to the release before in winter (Berlin UTC+1), up again in summer (UTC+2): what it
    wrote was learnt for months on UTC's hours while Berlin was UTC+2 mostly, not the UTC view
    the new release wrote in winter, and moves by two hours."""
    cfg = HealthConfig(timezone="Europe/Berlin")
    new = SourceHealth(store, Applier(store), cfg=cfg, clock=clock,
                       sources=[Watched("s", 60.0)], ops=None)
    await stored_hours(store, clock, int(clock.now.timestamp() // 60) - 3)
    fx = Effects()
    new.arm(fx)
    assert await store.apply(fx)
    assert await timer_of(store, clock, new.check).fire_due() == 1  # in November
    clock.now = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)  # the release before ran since
    await stored_hours(store, clock, int(clock.now.timestamp() // 60) - 3)
    assert await timer_of(store, clock, new.check).fire_due() == 1
    stored = json.loads(await store.get_cursor(K.SOURCE_BASELINES) or "")
    assert SourceState(stored["sources"]["s"]).hours[8].value == pytest.approx(6.0)


def test_the_release_before_judges_a_quiet_night_on_utc_hours() -> None:
    """A source whose audience in New York posts 08:00-20:00, judged overnight by a process of
    the release before on what the new release stored. Its hours of New York's clock, read as
    UTC's (1cb1859 stored them so), expect at 03:00-11:00 UTC what 08:00-11:00 in New York
    brings: "has gone quiet" at night. The UTC view it reads now expects the night's nothing."""
    new_york = ZoneInfo("America/New_York")
    sim = Sim(HealthConfig(timezone="America/New_York"),
              start=datetime(2026, 11, 2, 5, 0, tzinfo=UTC))  # midnight in New York
    sim.run(14 * 1440 + 21 * 60, rate_per_hour=30, night_off=True, audience=new_york)
    assert sim.kinds() == []
    learnt = sim.states["s"]
    old = previous_release()
    said: dict[str, list[str]] = {}
    for stored, utc_view in (("clock's hours", 0), ("UTC view", 300)):
        check = old.HealthCheck(HealthConfig(), [old.Watched("s", 60.0)])
        states = {"s": old.SourceState(json.loads(json.dumps(learnt.to_json(
            utc_view=utc_view))))}
        minute, alerts = sim.minute, list[Any]()
        for _ in range(9 * 60):  # to 06:00 in New York: polls succeed, nothing comes
            now = datetime.fromtimestamp((minute + 2) * 60, UTC)
            alerts += check.step(states, {polls("s"): {minute: 1}}, first=minute, last=minute,
                                 now=now)
            minute += 1
        said[stored] = [a.kind for a in alerts]
    assert said == {"clock's hours": ["quiet"], "UTC view": []}


async def test_processes_that_disagree_on_the_clock_are_told(
        store: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    """Two processes with different health.timezone (a rolling restart with a new one, a
    config file not copied everywhere) move the hours between their clocks at every check of
    either: said once by each, naming both, and the hours are where the last one put them."""
    await stored_hours(store, clock, int(clock.now.timestamp() // 60) - 3)
    checks = [SourceHealth(store, Applier(store), cfg=HealthConfig(timezone=zone), clock=clock,
                           sources=[Watched("s", 60.0)], ops=None)
              for zone in ("Europe/Berlin", "Asia/Tokyo")]
    fx = Effects()
    checks[0].arm(fx)
    assert await store.apply(fx)
    for turn in range(6):
        assert await timer_of(store, clock, checks[turn % 2].check).fire_due() == 1
        clock.advance(minutes=1)
    stored = json.loads(await store.get_cursor(K.SOURCE_BASELINES) or "")
    assert SourceState(stored["sources"]["s"]).hours[8].value == pytest.approx(23.0)  # Tokyo
    warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warned == [
        "source health: another process learns the hours of the day on Asia/Tokyo's clock, "
        "this one on Europe/Berlin's (health.timezone): each check moves them between the two; "
        "set the same health.timezone in every process",
        "source health: another process learns the hours of the day on Europe/Berlin's clock, "
        "this one on Asia/Tokyo's (health.timezone): each check moves them between the two; "
        "set the same health.timezone in every process"]


@pytest.mark.parametrize("stored", [
    "[]", '"state"', "5", "null", '{"read": 1, "sources": []}', '{"read": "x", "sources": {}}',
    '{"read": 1, "sources": {"s": [1]}}', '{"read": 1, "sources": {"s": {"hours": 5}}}',
    # one source's fields of the wrong type or size, which SourceState took as they were
    '{"read": 1, "sources": {"s": {"failing": 5}}}',
    '{"read": 1, "sources": {"s": {"failing": {"since": "x"}}}}',
    '{"read": 1, "sources": {"s": {"quiet": {"since": 1e300}}}}',
    '{"read": 1, "sources": {"s": {"failing": {"since": 1000000000000000}}}}',
    '{"read": 1, "sources": {"s": {"hours": [[0, 0]]}}}',
    '{"read": 1, "sources": {"s": {"seen": [1]}}}',
    '{"read": 1, "sources": {"s": {"recent": [[1]]}}}',
    '{"read": 1, "sources": {"s": {"recent": [["a", 1, 1]]}}}',
    '{"read": 1, "sources": {"s": {"gap": "x", "ok": 3}}}',
    '{"read": 1, "sources": {"s": {"parts": {"u": [[1]]}}}}',
    '{"read": 1, "sources": {"s": {"failing_parts": {"u": 5}}}}',
    '{"read": 1, "sources": {"s": {"all": [1, "x"]}}}',
    '{"read": 1, "sources": {"s": {"failing": {"at": 1}}}}'])
async def test_a_stored_state_that_is_no_json_object_is_skipped_counted_and_learnt_afresh(
        shared: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture,
        stored: str) -> None:
    """A state edited by hand (or written by something else) that is JSON but not the object
    the check keeps raised at every check, a traceback a minute, and no source was judged
    again; status's health words raised too. Now: one warning line, counted as an unreadable
    record of kind source_health, and the check learns afresh (on SQLite and Redis)."""
    caplog.set_level("WARNING")
    fx = Effects()
    fx.cursors[K.SOURCE_BASELINES] = stored
    assert await shared.apply(fx)
    health = SourceHealth(shared, Applier(shared), cfg=HealthConfig(), clock=clock,
                          sources=[Watched("s", 60.0)], ops=None)
    assert await health.describe(["s"]) == {"s": "ok"}
    fx = Effects()
    health.arm(fx)
    assert await shared.apply(fx)
    for _ in range(2):
        assert await timer_of(shared, clock, health.check).fire_due() == 1
        clock.advance(minutes=1)
    said = [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    assert [r.name for r in said] == ["handlers.source_health"], said
    assert "\n" not in said[0].getMessage() and "learning afresh" in said[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)
    assert health.unreadable_records() == {"source_health": 1}
    now = json.loads(await shared.get_cursor(K.SOURCE_BASELINES) or "")
    assert now["version"] == source_health.VERSION and set(now["sources"]) == {"s"}


# a source's latest poll health (health_key), as record_poll writes it, damaged: not JSON,
# nested past what json reads, no object, feeds that are no object of texts, an error or a
# time of another type, a time past what a datetime holds in UTC
DAMAGED_POLL = ["{", "[" * 100_000, "[1]", "null", '{"parts": ["a"]}', '{"parts": "abc"}',
                '{"parts": [["u", "why", 3]]}', '{"parts": {"u": {"x": 1}}}',
                '{"error": ["x"]}', '{"error": "boom", "at": 5}',
                '{"error": "boom", "at": "9999-12-31T23:59:59-23:59"}']


@pytest.mark.parametrize("stored", DAMAGED_POLL)
async def test_a_damaged_poll_health_is_skipped_by_every_reader(
        shared: Store, clock: FakeClock, caplog: pytest.LogCaptureFixture,
        stored: str) -> None:
    """Its readers (the chat status's words, why's 'not healthy' line, a failing alert's
    card) raised on some of these (why: dict() of a list; all: json's RecursionError; status:
    a time that overflows): a traceback where an answer was asked, at every ask. Now each
    reads it as no error, said in one warning line and counted once (on SQLite and Redis)."""
    caplog.set_level("WARNING")
    fx = Effects()
    fx.cursors[health_key("s")] = stored
    assert await shared.apply(fx)
    health = SourceHealth(shared, Applier(shared), cfg=HealthConfig(), clock=clock,
                          sources=[Watched("s", 60.0)], ops=ChannelRef(workspace="w",
                                                                       channel="ops"))
    for _ in range(2):
        assert await health.describe(["s"]) == {"s": "ok"}  # the chat status
        assert await health_of(health, ["s"]) == {}  # why
        fx = Effects()
        await health._say(Alert("s", "failing", "Source s is failing", "t"), fx, clock())
        (sent,) = fx.outbox
        assert [f.name for f in sent.card.fields] == []
    said = [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    assert [r.name for r in said] == ["handlers.source_health"], said
    assert "\n" not in said[0].getMessage() and health_key("s") in said[0].getMessage()
    assert not any(r.exc_info for r in caplog.records)
    assert health.unreadable_records() == {"source_health": 1}


async def test_a_poll_health_as_written_is_read_by_every_reader(
        shared: Store, clock: FakeClock) -> None:
    health = SourceHealth(shared, Applier(shared), cfg=HealthConfig(), clock=clock,
                          sources=[Watched("s", 60.0)], ops=ChannelRef(workspace="w",
                                                                       channel="ops"))
    fx = Effects()
    source_health.record_poll(fx, "s", START, fetched=0, error="HTTP 503",
                              parts={"https://a.example/feed": "HTTP 404"}, last=None)
    assert await shared.apply(fx)
    assert await health.describe(["s"]) == {"s": "last poll failed (00:00 UTC): HTTP 503"}
    assert await health_of(health, ["s"]) == {
        "s": "its last poll failed at 2026-11-01 00:00 UTC: HTTP 503"}
    fx = Effects()
    await health._say(Alert("s", "feed", "Feed failing", "t", subject="https://a.example/feed"),
                      fx, clock())
    assert [(f.name, f.value) for f in fx.outbox[0].card.fields] == [
        ("Last error", "HTTP 404"), ("At", "2026-11-01T00:00:00+00:00")]
    assert health.unreadable_records() == {}


async def test_a_poll_error_stored_on_several_lines_is_read_as_one_line(
        shared: Store, clock: FakeClock) -> None:
    """A poll's error is ``str`` of whatever the poll raised (``Runtime._failed``): a
    ``Quoting`` error is one line when built, but an exception not ours (a pydantic error, a
    library's, quoting the server's body) or a record a release before wrote is kept as it
    came. Its readers quoted it as stored: why's line ("its last poll failed at …: <error>")
    was unbounded and broke into lines that read like why's own bullets, with the server's
    escape sequences and bidi overrides in them. Read back, it is one line of visible text,
    bounded (as ``OutboxItem.last_error`` is), on SQLite and Redis."""
    hostile = ("HTTP 502\n• s: nothing to fix\x1b]52;c;aGk=\x07 \u202eevil" + "x" * 5_000)
    health = SourceHealth(shared, Applier(shared), cfg=HealthConfig(), clock=clock,
                          sources=[Watched("s", 60.0)], ops=ChannelRef(workspace="w",
                                                                       channel="ops"))
    fx = Effects()
    source_health.record_poll(fx, "s", START, fetched=0, error=hostile,
                              parts={"https://a.example/feed": hostile}, last=None)
    assert await shared.apply(fx)
    polled = await health.poll_health("s")
    assert polled is not None
    for said in (polled.error, *polled.parts.values(), *(await health_of(health, ["s"])).values(),
                 *(await health.describe(["s"])).values()):
        assert "\n" not in said and "\x1b" not in said and "\u202e" not in said, said
        assert len(said) <= 2_100
    assert polled.error.startswith("HTTP 502 • s: nothing to fix")
