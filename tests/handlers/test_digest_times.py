"""Digests come on the clock (``digests.at`` in ``digests.timezone``): a daily one at the same
local time every day, daylight saving or not, an hourly one at that minute of each hour. They
came an interval after whichever post opened the window, so a team's daily digest arrived at
a different time each day, later after every quiet spell."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import ScheduleConfig, load_config
from bot.core.durations import next_boundary
from bot.core.errors import ConfigErrors
from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.oncall import Schedule
from bot.enrich.summary import summarise
from handlers.digest_schedule import OWNER_GONE, in_force, parse_schedule
from handlers.digest_schedule import Schedule as DigestSchedule
from handlers.routing import digest_card
from tests.conftest import FakeClock

CONFIG = """\
workspaces: [{{name: console, type: console}}]
channels: {{product: {{workspace: console, id: product}}}}
rules: rules.yaml
{digests}
store: {{backend: sqlite, path: '{db}'}}
"""
RULES = """\
routes:
  - {{name: product, match: {{any: [feature]}}, action: digest, channel: product,
     interval: {interval}}}
"""


def post(n: int, at: datetime) -> Mention:
    return Mention(id=f"x:{n}", network="x", source="x", text=f"acme feature idea {n}",
                   author=Author(id=str(n), handle=f"p{n}"), created_at=at)


async def digests_posted(tmp_path: Path, *, digests: str, interval: str,
                         posts: list[datetime], look: list[datetime]) -> list[datetime]:
    """Each post read when it was written, the timers fired at each ``look`` time: when each
    digest card was posted."""
    (tmp_path / "socialops.yaml").write_text(CONFIG.format(
        digests=digests, db=tmp_path / "s.db"), encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES.format(interval=interval), encoding="utf-8")
    record = tmp_path / "cards.jsonl"
    clock = FakeClock(posts[0])
    posted = []
    async with open_app(load_config(tmp_path / "socialops.yaml", env={}), clock=clock,
                        out=io.StringIO(), record_path=record, owner="t", env={}) as app:
        runtime = app.runtime()
        events = sorted([(t, "post", i) for i, t in enumerate(posts)]
                        + [(t, "look", 0) for t in look])
        for when, what, i in events:
            clock.now = when
            if what == "post":
                await app.pipeline.process(post(i, when))
                continue
            before = record.read_text().count('"op": "post"') if record.exists() else 0
            await runtime.fire_due_timers()
            await app.outbox.drain()
            if record.exists() and record.read_text().count('"op": "post"') > before:
                posted.append(when)
    return posted


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def test_a_daily_digest_comes_at_the_same_local_time_each_day(tmp_path: Path) -> None:
    """Warsaw, 08:30: 07:30 UTC in winter. Posts at 14:37 and, after a quiet day, at 16:05:
    each day's digest at 07:30 UTC, not a day after its first post."""
    looks = [utc("2026-11-30T14:38") + timedelta(minutes=15 * k) for k in range(4 * 24 * 3)]
    posted = await digests_posted(
        tmp_path, digests="digests: {at: '08:30', timezone: Europe/Warsaw}", interval="1d",
        posts=[utc("2026-11-30T14:37"), utc("2026-12-02T16:05")], look=looks)
    # the first look at or after each 07:30 UTC that ends a window with posts
    assert posted == [utc("2026-12-01T07:38"), utc("2026-12-03T07:38")]


async def test_an_hourly_digest_comes_on_the_hour(tmp_path: Path) -> None:
    looks = [utc("2026-11-30T14:40") + timedelta(minutes=5 * k) for k in range(30)]
    posted = await digests_posted(tmp_path, digests="", interval="1h",
                                  posts=[utc("2026-11-30T14:37"), utc("2026-11-30T15:20")],
                                  look=looks)
    assert posted == [utc("2026-11-30T15:00"), utc("2026-11-30T16:00")]


@pytest.mark.parametrize(("after", "due"), [
    # Berlin's clocks go forward on 2026-03-29 and back on 2026-10-25: 09:00 local each day
    ("2026-03-28T12:00", "2026-03-29T07:00"), ("2026-03-29T07:00", "2026-03-30T07:00"),
    ("2026-10-24T12:00", "2026-10-25T08:00"), ("2026-10-25T08:00", "2026-10-26T08:00"),
])
def test_a_day_is_a_day_on_the_wall_clock(after: str, due: str) -> None:
    assert next_boundary(utc(after), timedelta(days=1), "09:00", "Europe/Berlin") == utc(due)


def test_a_weekly_window_ends_on_mondays() -> None:
    due = next_boundary(utc("2026-11-25T10:00"), timedelta(weeks=1), "09:00", "UTC")
    assert (due, due.weekday()) == (utc("2026-11-30T09:00"), 0)


@pytest.mark.parametrize(("setting", "said"), [
    ("{at: '25:00'}", "digests.at: '25:00' is not a time of day; write HH:MM"),
    # two times, meaning a digest at each: one time, said as one, not the list's repr
    ("{at: ['08:30', '17:00']}", "digests.at: should be one time of day, not a list; write "
                                 "HH:MM, e.g. \"09:00\""),
    ("{at: {hour: 9}}", "digests.at: should be one time of day, not a mapping; write HH:MM"),
    ("{timezone: Mars/Olympus}", "digests.timezone: 'Mars/Olympus' is not a time zone; use a "
                                 "name such as UTC or Europe/Berlin"),
    # zone names are spelt with their capitals: the one meant is named
    ("{timezone: europe/berlin}", "digests.timezone: 'europe/berlin' is not a time zone; did "
                                  "you mean 'Europe/Berlin'?"),
    # a POSIX TZ string, as the TZ variable takes one: its offset said with ISO 8601's sign
    ("{timezone: CET-1CEST}", "digests.timezone: 'CET-1CEST' is not a time zone; it is a POSIX "
                              "TZ string, which counts hours west of UTC: CET-1 is UTC+01:00"),
    # a clock's abbreviation: the zones that show it
    ("{timezone: JST}", "digests.timezone: 'JST' is not a time zone; JST is a clock's "
                        "abbreviation, not a zone's name: write the place's IANA zone, "
                        "Region/City (JST is the clock of Asia/Tokyo)"),
    ("{timezone: America/New_Yrok}", "digests.timezone: 'America/New_Yrok' is not a time zone; "
                                     "did you mean 'America/New_York'?"),
])
def test_a_digest_time_that_cannot_be_is_one_line_at_its_field(tmp_path: Path, setting: str,
                                                                said: str) -> None:
    path = tmp_path / "socialops.yaml"
    path.write_text(f"workspaces: [{{name: console, type: console}}]\ndigests: {setting}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigErrors) as refused:
        load_config(path, env={})
    assert f"{path}:2: {said}" in str(refused.value), refused.value


def test_a_digest_of_one_post_says_one_mention() -> None:
    signal = Signal(mention=post(1, utc("2026-11-30T14:37")))
    hit = RouteHit(route="product", action="digest", workspace="console", channel="product")
    titles = [digest_card(summarise([signal] * n), hit, key="k").title for n in (1, 2)]
    assert titles == ["Digest for product: 1 mention", "Digest for product: 2 mentions"]


def ends(after: str, every: timedelta, at: str, n: int) -> list[datetime]:
    out, due = [], utc(after)
    for _ in range(n):
        due = next_boundary(due, every, at, "Europe/Berlin")
        out.append(due)
    return out


def test_an_hourly_window_ends_in_each_hour_when_the_clocks_go_back() -> None:
    """Berlin's 02:00 to 03:00 comes twice on 2026-10-25 (00:00 and 01:00 UTC): each of those
    hours ends a window, as every other hour does (the second was skipped: a two-hour window)."""
    assert ends("2026-10-24T23:30", timedelta(hours=1), "09:00", 4) == [
        utc("2026-10-25T00:00"), utc("2026-10-25T01:00"), utc("2026-10-25T02:00"),
        utc("2026-10-25T03:00")]
    assert ends("2026-10-24T23:50", timedelta(minutes=30), "09:00", 4) == [
        utc("2026-10-25T00:00"), utc("2026-10-25T00:30"), utc("2026-10-25T01:00"),
        utc("2026-10-25T01:30")]


def test_the_hour_the_clocks_skip_ends_no_window_twice() -> None:
    assert ends("2026-03-28T23:30", timedelta(hours=1), "09:00", 3) == [
        utc("2026-03-29T00:00"), utc("2026-03-29T01:00"), utc("2026-03-29T02:00")]


def test_a_daily_window_at_a_time_that_comes_twice_ends_once() -> None:
    """02:30 comes twice in Berlin on 2026-10-25: the daily digest at the first, then the next
    day's, not again an hour later."""
    assert ends("2026-10-24T12:00", timedelta(days=1), "02:30", 2) == [
        utc("2026-10-25T00:30"), utc("2026-10-26T01:30")]


@pytest.mark.parametrize(("zone", "after", "every", "at", "due"), [
    # a daily time the clocks skip comes at the skip's end (03:00 CEST), as cron runs it and
    # a rotation hands over, then at 02:30
    ("Europe/Berlin", "2027-03-27T12:00", timedelta(days=1), "02:30",
     ["2027-03-28T01:00", "2027-03-29T00:30"]),
    # the southern spring at midnight (Santiago: 00:00 -04 is 01:00 -03), then its autumn,
    # whose 23:00 to 24:00 comes twice: the first pass, once
    ("America/Santiago", "2026-09-05T00:00", timedelta(days=1), "00:00",
     ["2026-09-05T04:00", "2026-09-06T04:00", "2026-09-07T03:00"]),
    ("America/Santiago", "2026-04-04T00:00", timedelta(days=1), "23:30",
     ["2026-04-04T02:30", "2026-04-05T02:30", "2026-04-06T03:30"]),
    # Lord Howe's 30-minute change: 01:30 to 02:00 comes twice, so 01:45 ends two windows
    # half an hour apart and the hour after it a shorter one
    ("Australia/Lord_Howe", "2026-04-04T13:30", timedelta(hours=1), "09:45",
     ["2026-04-04T13:45", "2026-04-04T14:45", "2026-04-04T15:15", "2026-04-04T16:15"]),
    ("Australia/Lord_Howe", "2026-10-03T00:00", timedelta(days=1), "02:15",
     ["2026-10-03T15:30", "2026-10-04T15:15"]),  # 02:15 skipped: the skip's end, 02:30 LHDT
    # +05:45 all year: hours end at a quarter past in UTC, days across the year's end
    ("Asia/Kathmandu", "2026-12-31T02:00", timedelta(hours=1), "09:00",
     ["2026-12-31T02:15", "2026-12-31T03:15"]),
    ("Asia/Kathmandu", "2026-12-31T00:00", timedelta(days=1), "09:00",
     ["2026-12-31T03:15", "2027-01-01T03:15"]),
    # Sydney's spring is October: Monday 09:00 AEDT is Sunday 22:00 UTC
    ("Australia/Sydney", "2026-09-28T00:00", timedelta(weeks=1), "09:00",
     ["2026-10-04T22:00", "2026-10-11T22:00"]),
])
def test_windows_end_on_the_wall_clock_of_zones_with_odd_changes(
        zone: str, after: str, every: timedelta, at: str, due: list[str]) -> None:
    out, t = [], utc(after)
    for _ in due:
        t = next_boundary(t, every, at, zone)
        out.append(t)
    assert out == [utc(d) for d in due]


async def test_a_digest_and_a_handoff_at_a_time_the_clocks_skip_come_at_once(
        tmp_path: Path) -> None:
    """02:30 never comes in Berlin on 2027-03-28 (02:00 to 03:00). A daily rotation handing
    over at 02:30 hands over at 03:00 CEST (01:00 UTC), as cron runs a job set in the skip;
    the daily digest at 02:30 came at 03:30 (fold 0's reading). Both come at 03:00 now: the
    digest through the app, its timers fired every five minutes."""
    looks = [utc("2027-03-27T23:00") + timedelta(minutes=5 * k) for k in range(12 * 4)]
    posted = await digests_posted(
        tmp_path, digests="digests: {at: '02:30', timezone: Europe/Berlin}", interval="1d",
        posts=[utc("2027-03-27T22:00")], look=looks)
    rotation = Schedule(ScheduleConfig.model_validate({
        "name": "primary", "timezone": "Europe/Berlin", "shift": "1d",
        "start": "2027-03-20T02:30", "people": ["alice", "bob"]}))
    handoff = next(rotation.handoff(n) for n in range(30)
                   if rotation.handoff(n) > utc("2027-03-27T12:00"))
    assert posted == [utc("2027-03-28T01:00")] == [handoff]


def test_a_replaced_schedule_yields_while_its_replacement_runs_and_takes_over_after() -> None:
    """Which digests' schedule a process follows (``in_force``): an old process restarted
    mid-deploy yields to the schedule that replaced its own while a process of that one beat
    within ``OWNER_GONE``; a rollback's takes over once none has; a new one (replacing nothing
    of it) wins as it starts, as before."""
    t0 = datetime(2026, 12, 7, 10, tzinfo=UTC)
    old = DigestSchedule(at="09:00", timezone=None, since=t0)
    new = DigestSchedule(at="17:00", timezone=None, since=t0 + timedelta(hours=1)).replacing(
        old, t0 + timedelta(hours=1))
    restarted = DigestSchedule(at="09:00", timezone=None, since=t0 + timedelta(hours=2))
    held = replace(new, held=t0 + timedelta(hours=2) - timedelta(minutes=1))
    assert in_force(held, restarted, t0 + timedelta(hours=2)) is held
    gone = t0 + timedelta(hours=2) - OWNER_GONE
    assert in_force(replace(new, held=gone), restarted, t0 + timedelta(hours=2)) is restarted
    other = DigestSchedule(at="08:00", timezone=None, since=t0 + timedelta(hours=2))
    assert in_force(held, other, t0 + timedelta(hours=2)) is other
    mended = restarted.replacing(held, t0 + timedelta(hours=3))
    assert mended.replaced == (new.key(),)  # its own no longer among those it replaced
    assert parse_schedule(mended.dumps()) == mended
