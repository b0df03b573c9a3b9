"""``snooze T-1 until <time>`` through Slack's signed request path, the workspace on Berlin's
clock (``timezone: Europe/Berlin``): a snooze to a time of day, as Slack's reminders and
PagerDuty's "snooze until" take one, read as a scheduled post's ``at=`` is, on the
workspace's clock; across a daylight-saving change it ends at that wall-clock time, not a
span's length later. It was refused ("snooze takes an id and one duration, or off")."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.cards import Interaction
from tests.conftest import FakeClock
from tests.e2e import world as world_module
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, SUPPORT, UNPACED, World, running_world

# the clock starts on Monday 2026-11-23 at 09:00 UTC (10:00 in Berlin)


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED, zone="Europe/Berlin") as w:
        yield w


async def snoozed_until(world: World, ticket_id: str) -> datetime | None:
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None
    return ticket.snoozed_until


async def test_a_snooze_until_a_time_is_read_on_the_workspaces_clock(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    for typed, until in (
            ("until tomorrow 9am", datetime(2026, 11, 24, 8, 0, tzinfo=UTC)),
            ("until monday 09:00", datetime(2026, 11, 30, 8, 0, tzinfo=UTC)),  # next week's
            ("until 17:30", datetime(2026, 11, 23, 16, 30, tzinfo=UTC)),
            ("Until Friday 9 AM", datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),
            ("until 2026-11-24T09:00Z", datetime(2026, 11, 24, 9, 0, tzinfo=UTC))):
        answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} {typed}")
        assert answer.startswith(f"{ticket_id} snoozed until {until:%Y-%m-%d %H:%M} UTC"
                                 if until.day != 23 else
                                 f"{ticket_id} snoozed until {until:%H:%M} UTC"), (typed, answer)
        assert await snoozed_until(world, ticket_id) == until


async def test_a_snooze_says_its_end_on_the_workspaces_clock_too(world: World) -> None:
    """Typed as 9am in Berlin, said back as 08:00 UTC alone: the reader did the sum to see
    it was read right. A scheduled post's time is said on both clocks; so is a snooze's."""
    ticket_id, _ = await open_ticket(world)
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until tomorrow 9am")
            ).startswith(f"{ticket_id} snoozed until 2026-11-24 08:00 UTC (09:00 "
                         "Europe/Berlin)")
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 2h")).startswith(
        f"{ticket_id} snoozed until 11:00 UTC (12:00 Europe/Berlin)")
    world.clock.advance(hours=13)  # 22:00 UTC, 23:00 in Berlin: its midnight comes first
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 90m")).startswith(
        f"{ticket_id} snoozed until 23:30 UTC (2026-11-24 00:30 Europe/Berlin)")


async def test_a_snooze_until_a_time_after_the_clocks_change_ends_at_that_time(
        world: World) -> None:
    """Saturday 2027-03-27 10:00 in Berlin; its clocks go forward that night. Until Monday
    9am is 07:00 UTC (09:00 CEST), not 48 hours' 08:00."""
    world.clock.advance(days=124)
    ticket_id, _ = await open_ticket(world)
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until monday 9am")
            ).startswith(f"{ticket_id} snoozed until 2027-03-29 07:00 UTC")
    assert await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until sun 02:30") == (
        "'sun 02:30': 02:30 never comes in Europe/Berlin on 2027-03-28 (its clocks go forward "
        "from 02:00 to 03:00); write 2027-03-28T03:00+02:00 just after or "
        "2027-03-28T01:59+01:00 just before")
    assert await snoozed_until(world, ticket_id) == datetime(2027, 3, 29, 7, 0, tzinfo=UTC)


async def test_a_snooze_until_24_00_ends_at_the_next_day_s_midnight(world: World) -> None:
    """ISO 8601's end of a day, as calendars write it: 'until 24:00' was refused saying to
    write tomorrow 00:00. It is the next day's 00:00 on the workspace's clock: Sunday
    2027-03-28 in Berlin has 23 hours, so 'until sun 24:00' is 22:00 UTC, not 23:00."""
    ticket_id, _ = await open_ticket(world)
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until 24:00")).startswith(
        f"{ticket_id} snoozed until 23:00 UTC (2026-11-24 00:00 Europe/Berlin)")
    world.clock.advance(days=124)  # Saturday 2027-03-27 10:00 in Berlin
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until sun 24:00")
            ).startswith(f"{ticket_id} snoozed until 2027-03-28 22:00 UTC")
    assert await snoozed_until(world, ticket_id) == datetime(2027, 3, 28, 22, 0, tzinfo=UTC)
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until 2027-03-29T24:00")
            ).startswith(f"{ticket_id} snoozed until 2027-03-29 22:00 UTC")


async def test_a_snooze_until_a_time_that_cannot_be_is_one_line(world: World) -> None:
    ticket_id, _ = await open_ticket(world)
    for typed, said in (
            ("until 09:00", "'09:00' has passed today; write tomorrow 09:00 (or a later time)"),
            ("until 2026-11-23T08:00", "'2026-11-23T08:00' is in the past (it was 2026-11-23 "
                                       "07:00 UTC (08:00 Europe/Berlin); now is 2026-11-23 "
                                       "09:00 UTC (10:00 Europe/Berlin)); give a later time"),
            ("until 2027-06-01 09:00", "'2027-06-01 09:00' is more than 90 days ahead; the "
                                       "latest is 2027-02-21 09:00 UTC (10:00 Europe/Berlin)"),
            ("until monday", "'monday' has no time of day; write monday 9am (or another "
                             "time)"),
            ("until next monday", "'next monday': next is read two ways; write monday 9am "
                                  "for the coming Monday (2026-11-30) or 2026-12-07T09:00 for "
                                  "the one after"),
            ("until soon", "'soon' is not a time: write in 2h, 17:30, tomorrow 9am, mon 09:00 "
                           "or 2026-12-07T09:00+01:00"),
            ("until", f"snooze until needs a time: snooze {ticket_id} until tomorrow 9am (or "
                      f"a duration: snooze {ticket_id} 2h)")):
        answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} {typed}")
        assert answer.startswith(said), (typed, answer)
        assert "\n" not in answer or typed == "until"  # a usage mistake: the usage follows
    assert await snoozed_until(world, ticket_id) is None


async def test_a_snooze_to_another_day_says_its_date_on_the_card_and_in_the_queue(
        world: World) -> None:
    """The card's status and the queue's line said `snoozed until 08:00 UTC` for a snooze to
    next Monday (or `snooze T-1 2d`): read on the day, as today's. A time that is not today
    carries its date, as the reply's does."""
    ticket_id, ts = await open_ticket(world)
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until monday 9am")
            ).startswith(f"{ticket_id} snoozed until 2026-11-30 08:00 UTC")
    await world.a.outbox.drain()
    card = str(world.slack.message(SUPPORT, ts))
    assert "snoozed until 2026-11-30 08:00 UTC" in card, card
    assert f"{ticket_id} · unclaimed, snoozed until 2026-11-30 08:00 UTC (09:00 " \
           "Europe/Berlin) · " in (
        await ask(world, ALICE, SUPPORT, "tickets")), "the queue"
    # today's keeps its time alone
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until 17:30")
            ).startswith(f"{ticket_id} snoozed until 16:30 UTC")
    await world.a.outbox.drain()
    card = str(world.slack.message(SUPPORT, ts))
    assert "snoozed until 16:30 UTC" in card and "2026-11-30" not in card, card


async def test_a_time_typed_without_until_says_to_put_until_before_it(world: World) -> None:
    """`snooze T-1 monday 9am` (the help's `until` left out) was told 'snooze takes an id and
    one duration, or off', and `snooze T-1 17:30` "bad duration '17:30'": neither said that a
    time is taken, after `until`. A bare number is still minutes, a span still a span."""
    ticket_id, _ = await open_ticket(world)
    for typed in ("monday 9am", "17:30", "tomorrow 9am", "Tomorrow", "2026-11-24T09:00",
                  "next monday", "9 am", "24:00"):
        answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} {typed}")
        assert answer.splitlines()[0] == (
            f"a time goes after until: snooze {ticket_id} until {typed}"), (typed, answer)
    # a clock's 1:30 alone may be a time or a stopwatch's span: both are offered
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 1:30")
    assert answer.splitlines()[0] == (
        f"'1:30' may be a time or a span: write snooze {ticket_id} until 1:30 for that time, "
        f"or snooze {ticket_id} 1h30m for that long"), answer
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} next")  # no time
    assert answer.startswith("bad duration 'next'"), answer
    assert await snoozed_until(world, ticket_id) is None
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 15")).startswith(
        f"{ticket_id} snoozed until 09:15 UTC")
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 1 h 30 min")).startswith(
        f"{ticket_id} snoozed until 10:30 UTC")


async def test_discords_duration_option_takes_until_and_says_the_same(world: World) -> None:
    """Discord's `/socialops tickets snooze` hands its `duration` option to the dispatcher as
    typed (the ticket as the target): `until mon 9am` snoozes as the typed line does; a time
    without `until` was "bad duration 'monday 9am'", and `until` alone "say when: ...",
    where the typed line says what to write."""
    ticket_id, _ = await open_ticket(world)

    async def option(duration: str) -> str:
        reply = await world.a.dispatcher.handle(Interaction(
            workspace="slack", channel=SUPPORT, user=ALICE, via="command", action="snooze",
            target=ticket_id, args=(duration,)))
        return reply.text

    assert (await option("until mon 9am")).startswith(
        f"{ticket_id} snoozed until 2026-11-30 08:00 UTC (09:00 Europe/Berlin)")
    assert await option("monday 9am") == (
        f"a time goes after until: snooze {ticket_id} until monday 9am")
    assert await option("until ") == (
        f"snooze until needs a time: snooze {ticket_id} until tomorrow 9am (or a duration: "
        f"snooze {ticket_id} 2h)")
    assert (await option("2h")).startswith(f"{ticket_id} snoozed until 11:00 UTC")
    assert (await option("off")).startswith(f"{ticket_id} unsnoozed")


async def test_the_tickets_line_says_a_snoozes_end_on_the_workspaces_clock_too(
        world: World) -> None:
    """'snooze T-1 until tomorrow 9am' was answered on both clocks, and `tickets` then listed
    'snoozed until 2026-11-24 08:00 UTC' alone: the 9am typed was nowhere in the queue."""
    ticket_id, _ = await open_ticket(world)
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until tomorrow 9am")
    listed = await ask(world, ALICE, SUPPORT, "tickets")
    assert (f"{ticket_id} · unclaimed, snoozed until 2026-11-24 08:00 "
            "UTC (09:00 Europe/Berlin) ·") in listed, listed


async def test_the_card_says_a_snoozes_end_on_the_workspaces_clock_too(world: World) -> None:
    """The reply and the `tickets` line said 'snoozed until 2026-11-24 08:00 UTC (09:00
    Europe/Berlin)', the card's status '... 08:00 UTC' alone: the card now agrees with them."""
    ticket_id, ts = await open_ticket(world)
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until tomorrow 9am")
    await world.a.outbox.drain()
    card = str(world.slack.message(SUPPORT, ts))
    assert "snoozed until 2026-11-24 08:00 UTC (09:00 Europe/Berlin)" in card, card
    # today's: its time alone on either clock, as the tickets line says it
    await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until 17:30")
    await world.a.outbox.drain()
    card = str(world.slack.message(SUPPORT, ts))
    assert "snoozed until 16:30 UTC (17:30 Europe/Berlin)" in card, card
    # a relabel redraws the card (handlers.labels): on the same clock
    assert "lead" in await ask(world, ALICE, SUPPORT, f"label {ticket_id} lead")
    await world.a.outbox.drain()
    card = str(world.slack.message(SUPPORT, ts))
    assert "snoozed until 16:30 UTC (17:30 Europe/Berlin)" in card, card


async def test_a_misspelt_days_correction_keeps_the_zone_typed(world: World) -> None:
    """'until tomorow 9am America/New_York' was answered 'did you mean tomorrow 9am?', the
    zone left out: typed as offered, the snooze ended at 9am in Berlin (the workspace's),
    six hours before the time meant. The correction is the line as typed, the day mended."""
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT,
                       f"snooze {ticket_id} until tomorow 9am America/New_York")
    assert "did you mean tomorrow 9am America/New_York?" in answer, answer
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until mondy at 9 am")
    assert "did you mean monday at 9 am?" in answer, answer
    assert (await ask(world, ALICE, SUPPORT,
                      f"snooze {ticket_id} until tomorrow 9am America/New_York")
            ).startswith(f"{ticket_id} snoozed until 2026-11-24 14:00 UTC"), answer


async def test_a_thousands_comma_in_a_snooze_is_not_offered_as_a_decimal(world: World) -> None:
    """'snooze T-1 1,000m' (a thousand minutes, as English writes the number) was answered
    'write 1.000m', a minute: both readings are offered."""
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 1,000m")
    assert answer.splitlines()[0] == (
        "bad duration '1,000m': a comma is no decimal point nor a thousands separator; write "
        "1000m or 1.000m; `off` ends a snooze"), answer


async def test_a_time_shown_twice_whose_second_showing_is_to_come_is_not_past(
        world: World) -> None:
    """The night Berlin's clocks go back (2027-10-31), 02:30 shows at 00:30 and at 01:30 UTC.
    At 01:00 UTC (02:00 on the clock, the second time round), 'until 02:30' was told it is in
    the past, by its first showing, though its second is half an hour away: the line the
    night gets, as before b4c175d."""
    world.clock.now = datetime(2027, 10, 31, 1, 0, tzinfo=UTC)
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until 02:30")
    assert "in the past" not in answer, answer
    assert answer.startswith("'02:30': 02:30 comes twice in Europe/Berlin on 2027-10-31"), answer


async def test_a_time_said_with_at_and_a_zone_is_read(world: World) -> None:
    """'until tomorrow at 9am' is read (as planners' composers say it), and 'until tomorrow
    9am America/New_York'; 'until tomorrow at 9am America/New_York' was refused as no time."""
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT,
                       f"snooze {ticket_id} until tomorrow at 9am America/New_York")
    assert answer.startswith(f"{ticket_id} snoozed until 2026-11-24 14:00 UTC"), answer
    assert await snoozed_until(world, ticket_id) == datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


async def test_a_snooze_by_duration_goes_as_far_as_one_until_a_time(world: World) -> None:
    """``snooze T-1 3000d`` was taken (up to ten years) where ``until`` stops at 90 days; a
    duration past them is refused the same way, naming the latest time."""
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 91d")
    assert answer == ("'91d' is more than 90 days ahead; the latest is 2027-02-21 09:00 UTC "
                      "(10:00 Europe/Berlin)"), answer
    assert await snoozed_until(world, ticket_id) is None
    assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} 90d")).startswith(
        f"{ticket_id} snoozed until 2027-02-21 09:00 UTC")


@pytest.mark.parametrize("typed", ["3661d", "99999999999d", "until 9999-12-31T09:00",
                                   "until 9500-01-01T09:00Z"])
async def test_a_snooze_past_ten_years_is_told_the_snooze_s_own_limit(
        world: World, typed: str) -> None:
    """A snooze stops at 90 days, but one past ten years was told the duration parser's
    bound ("'3661d' is too long: the longest is 3660d (ten years)") and one until a year past
    9000 that it "is not a time a post can be scheduled at": neither said how long a snooze
    may be. Both are answered as `snooze T-1 91d` is."""
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} {typed}")
    shown = typed.removeprefix("until ")
    assert answer == (f"'{shown}' is more than 90 days ahead; the latest is 2027-02-21 09:00 "
                      "UTC (10:00 Europe/Berlin)"), answer
    assert await snoozed_until(world, ticket_id) is None


async def test_weds_is_answered_with_the_day_meant(world: World) -> None:
    """'weds 9am', the usual short Wednesday, was told 'weds' is not today, tomorrow or a
    weekday (too far from 'wednesday' for the did-you-mean of 'tomorow'); now it is offered
    'wednesday 9am'. 'tues' and 'thur', the start of their day, are read as it."""
    ticket_id, _ = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until weds 9am")
    assert "'weds 9am' is not a time: did you mean wednesday 9am?" in answer, answer
    for typed in ("tues 9am", "thur 9am"):
        assert (await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until {typed}")
                ).startswith(f"{ticket_id} snoozed until "), typed


@pytest.fixture
async def utc_world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    with pytest.MonkeyPatch.context() as patch:  # what a server's /etc/timezone says
        patch.setattr(world_module, "CONFIG", world_module.CONFIG.replace(
            'api_url: "{api}"}}', 'api_url: "{api}", timezone: Etc/UTC}}'))
        async with running_world(tmp_path, clock, extra=UNPACED) as w:
            yield w


async def test_a_workspace_on_utc_under_another_name_is_told_the_time_once(
        utc_world: World) -> None:
    """`timezone: Etc/UTC` had the reply, the `tickets` line and the card say 'snoozed until
    2026-11-24 09:00 UTC (09:00 Etc/UTC)', one time twice; now once, as for `UTC`."""
    world = utc_world
    ticket_id, ts = await open_ticket(world)
    answer = await ask(world, ALICE, SUPPORT, f"snooze {ticket_id} until tomorrow 9am")
    assert answer.startswith(f"{ticket_id} snoozed until 2026-11-24 09:00 UTC"), answer
    assert "Etc/UTC" not in answer, answer
    listed = await ask(world, ALICE, SUPPORT, "tickets")
    assert f"{ticket_id} · unclaimed, snoozed until 2026-11-24 09:00 UTC ·" in listed, listed
    await world.a.outbox.drain()
    card = str(world.slack.message(SUPPORT, ts))
    assert "snoozed until 2026-11-24 09:00 UTC" in card and "Etc/UTC" not in card, card
