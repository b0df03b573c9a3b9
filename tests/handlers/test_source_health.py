"""Source health judged minute by minute on simulated traffic: a quiet source alerts once and
recovers once; quiet nights, a bot that was down and a rare failed poll never alert; a failing
source and a failing feed alert once each, with one recovery note. The state goes through JSON
every minute, as it does through the store."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta

from bot.core.config import HealthConfig
from handlers.source_health import (
    Alert,
    HealthCheck,
    SourceState,
    Watched,
    errors,
    minutes_by_hour,
    polls,
    volume,
)

START = datetime(2026, 11, 1, tzinfo=UTC)


def poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class Sim:
    def __init__(self, cfg: HealthConfig | None = None, interval: float = 60.0) -> None:
        self.check = HealthCheck(cfg or HealthConfig(), [Watched("s", interval)])
        self.states: dict[str, SourceState] = {}
        self.minute = int(START.timestamp() // 60)
        self.alerts: list[Alert] = []

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
        # the state goes through JSON, as it does through the store between checks
        self.states = {k: SourceState(json.loads(json.dumps(v.to_json())))
                       for k, v in self.states.items()}
        found = self.check.step(self.states, counts, first=m, last=m, now=self.now)
        self.alerts += found
        self.minute += 1
        return found

    def run(self, minutes: int, rate_per_hour: float | None = None, *, seed: int = 1,
            night_off: bool = False, polled: int = 1) -> None:
        rng = random.Random(seed + self.minute)
        for _ in range(minutes):
            hour = (self.minute // 60) % 24
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
