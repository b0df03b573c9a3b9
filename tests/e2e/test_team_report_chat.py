"""The team report in chat (`report [7d|since=..] [until=..] [by=route|person|priority|tag]`), end
to end through Slack: the real dispatcher behind bolt's request path, fed signed slash
commands; the answer goes only to the asker, the report's chat form, within one section, with
route names shown as typed and never as Slack markup."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.cards import Interaction
from bot.core.effects import Effects
from bot.core.models import Author, Mention, RouteHit, Signal
from bot.core.text import utf16_len
from tests.conftest import FakeClock
from tests.e2e import world as world_module
from tests.e2e.world import ALICE, BOB, MALLORY, SUPPORT, World, running_world

HOSTILE = "<!channel> *x* <https://evil.test|click> &amp;"


async def open_on(world: World, route: str, n: int, *, tags: tuple[str, ...] = ()) -> str:
    """A ticket of ``route`` (whose ``tags:`` are ``tags``), opened now through the ticket
    service."""
    m = Mention(id=f"mastodon:{n}", network="mastodon", source="masto", text="acme is down",
                author=Author(id=f"c{n}", handle=f"c{n}"), created_at=world.clock())
    hit = RouteHit(route=route, action="ticket", workspace="slack", channel="support",
                   sla_minutes=60, tags=tags)
    fx = Effects()
    await world.a.tickets.open_or_attach(Signal(mention=m, routes=(hit,)), hit, fx, {})
    assert await world.a.store.apply(fx)
    return f"T-{n}"  # the n-th ticket opened


async def answer(world: World, user: str, text: str) -> tuple[dict[str, object], str]:
    """A slash command from ``user``; the response_url answer and its shown text."""
    before = len(world.slack.responses)
    assert await world.slash(user, SUPPORT, text) == 200
    await world.until(lambda: len(world.slack.responses) > before, f"the answer to {text!r}")
    body = world.slack.responses[-1]
    blocks = body.get("blocks") or []
    assert isinstance(blocks, list)
    return body, "\n".join(str(b["text"]["text"]) for b in blocks)


async def test_report_answers_the_asker_with_the_text_form(world: World) -> None:
    t1 = await open_on(world, "support", 1)
    await open_on(world, HOSTILE[:40], 2)
    world.clock.advance(minutes=5)
    assert (await world.a.tickets.claim(t1, "alice")).ok
    world.clock.advance(minutes=5)
    body, shown = await answer(world, ALICE, "report 1d")
    assert body["response_type"] == "ephemeral"  # only the asker sees it
    assert shown.startswith("Tickets opened ") and "; by route" in shown.splitlines()[0]
    # a line a row, as a sentence: a table's columns would not line up in chat
    lines = shown.splitlines()
    assert lines[1].startswith("all tickets: 2 tickets · 1 claimed in 5 min (p90 5 min) · "
                               "0 resolved · 2 open · ")
    assert "support: 1 ticket · 1 claimed in 5 min (p90 5 min) · 0 resolved · 1 open · " + (
        "SLA 0 met, 0 breached · 0 reopened") in lines
    # the route name as typed, in plain text: no @channel, no bold, no link
    blocks = body["blocks"]
    assert isinstance(blocks, list)
    assert all(b["text"]["type"] == "plain_text" for b in blocks)
    assert HOSTILE[:40] in shown
    # by person, and the same refusals as the command line's, in one line
    _, by_person = await answer(world, BOB, "report since=1d by=person")
    assert "; by person" in by_person.splitlines()[0] and "\nalice: 1 ticket · " in by_person
    _, refused = await answer(world, ALICE, "report 7x")
    assert refused == "since '7x': use an ISO time (2026-11-20T09:00) or a duration (2h, 7d)"
    _, refused = await answer(world, ALICE, "report by=team")
    assert refused.startswith("by=team: use route, person, priority or tag")
    _, refused = await answer(world, ALICE, "report since=1h until=2h")
    assert refused.startswith("since 1h is not before until 2h: the window would be empty")
    # a person the config does not link may not read it, as for every verb
    _, refused = await answer(world, MALLORY, "report")
    assert "not linked" in refused


async def test_report_by_tag_counts_a_ticket_in_the_line_of_each_of_its_tags(
        world: World) -> None:
    """`report by=tag`, as Sprout Social's and Hootsuite's tag reports: a line per tag the
    tickets had when asked, a ticket with two in both, `none` for those without, last; the
    total counts each ticket once."""
    t1 = await open_on(world, "support", 1, tags=("billing",))  # its route's tag
    t2 = await open_on(world, "support", 2)
    await open_on(world, "sales", 3)
    world.clock.advance(minutes=5)
    assert (await world.a.tickets.tag(t2, "alice", ["billing", "vip"])).ok
    assert (await world.a.tickets.claim(t1, "bob")).ok
    world.clock.advance(minutes=5)
    _, shown = await answer(world, ALICE, "report 1d by=tag")
    lines = shown.splitlines()
    assert "; by tag" in lines[0]
    assert lines[1].startswith("all tickets: 3 tickets · 1 claimed in 5 min (p90 5 min) · ")
    assert [line.split(":")[0] for line in lines[3:6]] == ["billing", "vip", "none"]
    assert lines[3].startswith("billing: 2 tickets · 1 claimed in 5 min (p90 5 min) · ")
    assert lines[4].startswith("vip: 1 ticket · 0 claimed · ")
    assert lines[5].startswith("none: 1 ticket · 0 claimed · ")
    assert "tag: a row for each tag a ticket had at the end" in lines[-1]


async def test_a_long_report_keeps_its_first_rows_and_says_what_was_left_out(
        world: World) -> None:
    for n in range(1, 81):  # 80 routes of 40 characters: about 9,000 characters of rows
        await open_on(world, f"route-{n:03d}-" + "r" * 30, n)
    world.clock.advance(minutes=5)
    _, shown = await answer(world, ALICE, "report 1d")
    assert len(shown) <= 3_000  # one section
    lines = shown.splitlines()
    kept = [x for x in lines if x.startswith("route-")]
    assert 5 < len(kept) < 80
    assert kept == sorted(kept) and kept[0].startswith("route-001-")  # the first rows
    assert any(x.startswith("all tickets") and x.split()[2] == "80" for x in lines)
    assert lines[-1] == (f"… {80 - len(kept)} more rows (by route) left out: the answer is "
                         "longer than one message holds; `socialops report tickets --since 1d "
                         "--by route` on the command line prints them all")


async def test_a_long_report_of_emoji_names_is_cut_in_slack_s_unit(world: World) -> None:
    """Route names of emoji (two UTF-16 code units each, as every Slack limit is measured):
    the report cuts itself within one section as Slack counts it, so the renderer never splits
    it again and the left-out line stays last."""
    for n in range(1, 81):
        await open_on(world, f"r{n:03d}-" + "\U0001f525" * 30, n)
    world.clock.advance(minutes=5)
    body, shown = await answer(world, ALICE, "report 1d")
    blocks = body["blocks"]
    assert isinstance(blocks, list) and len(blocks) == 1, len(blocks)
    assert utf16_len(shown) <= 3_000
    assert shown.splitlines()[-1].startswith("… ") and "more rows (by route) left out" in shown


async def test_through_the_dispatcher_the_report_is_ephemeral(world: World) -> None:
    await open_on(world, "support", 1)
    world.clock.advance(minutes=1)
    reply = await world.a.dispatcher.handle(Interaction(
        workspace="slack", channel=SUPPORT, user=ALICE, via="command", action="report",
        options={"since": "1d", "by": "priority"}))
    assert reply.ok and reply.ephemeral
    assert "; by priority" in reply.text.splitlines()[0] and "\nnone: 1 ticket · " in reply.text


@pytest.fixture
async def berlin(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world, its Slack workspace on Berlin's clock (``timezone: Europe/Berlin``)."""
    async with running_world(tmp_path, clock, zone="Europe/Berlin") as w:
        yield w


async def test_a_time_typed_for_the_report_is_on_the_workspaces_clock(berlin: World) -> None:
    """since= and until= without an offset were read as UTC in a workspace on Berlin's clock,
    where a scheduled post's at= and a snooze's until are read on Berlin's: since=09:30 at
    10:00 in Berlin left out the ticket opened then. The title says the window on both."""
    await open_on(berlin, "support", 1)  # Monday 2026-11-23 09:00 UTC, 10:00 in Berlin
    berlin.clock.advance(hours=1)
    _, shown = await answer(berlin, ALICE, "report since=2026-11-23T09:30")
    assert shown.startswith(
        "Tickets opened 2026-11-23 08:30 UTC (09:30 Europe/Berlin) to 2026-11-23 10:00 UTC "
        "(11:00 Europe/Berlin) (1 h 30 min), as they stood at its end; by route\n"
        "all tickets: 1 ticket · "), shown
    _, shown = await answer(berlin, ALICE,
                            "report since=2026-11-23T10:01 until=2026-11-23T11:00")
    assert "no tickets were opened in this window" in shown, shown
    _, shown = await answer(berlin, ALICE, "report since=2026-11-23T08:00Z")  # its own offset
    assert shown.startswith("Tickets opened 2026-11-23 08:00 UTC (09:00 Europe/Berlin)"), shown
    _, shown = await answer(berlin, ALICE, "report since=2026-03-29T02:30")
    assert shown == (
        "since '2026-03-29T02:30': 02:30 never comes in Europe/Berlin on 2026-03-29 (its "
        "clocks go forward from 02:00 to 03:00); write 2026-03-29T03:00+02:00 just after or "
        "2026-03-29T01:59+01:00 just before"), shown


async def test_an_until_of_24_00_is_the_end_of_its_day(berlin: World) -> None:
    """ISO 8601's end of a day, as a calendar exports one, reads as an end wherever one is
    typed (f7b62eb: cover, until, snooze, an override's until): report's until=...T24:00 was
    told to 'use an ISO time', which it is. It is the next day's 00:00 on the workspace's
    clock; a since of 24:00, which ends a day and starts none, says which 00:00 to write."""
    await open_on(berlin, "support", 1)  # Monday 2026-11-23 09:00 UTC, 10:00 in Berlin
    berlin.clock.advance(days=1)
    _, shown = await answer(berlin, ALICE,
                            "report since=2026-11-23T00:00 until=2026-11-23T24:00")
    assert shown.startswith(
        "Tickets opened 2026-11-22 23:00 UTC (2026-11-23 00:00 Europe/Berlin) to 2026-11-23 "
        "23:00 UTC (2026-11-24 00:00 Europe/Berlin) (1 day), as they stood at its end; by "
        "route\nall tickets: 1 ticket · "), shown
    _, shown = await answer(berlin, ALICE, "report since=2026-11-22T24:00")
    assert shown == ("since '2026-11-22T24:00': 24:00 ends a day and starts none; write "
                     "2026-11-23T00:00"), shown


async def test_a_long_reports_command_reads_the_window_the_chat_read(berlin: World) -> None:
    """The left-out line's command repeated since= as typed: `--since 2026-11-23T09:30`, which
    the command line reads as UTC (it has no workspace), so in a Berlin workspace it printed
    another window, an hour later, than the rows it was offered for. A time without an offset
    is written with the workspace's; a duration or a time with its own offset, as typed."""
    for n in range(1, 81):  # 80 routes of 40 characters: past one section
        await open_on(berlin, f"route-{n:03d}-" + "r" * 30, n)
    berlin.clock.advance(minutes=5)
    for typed, cli in (
            ("since=2026-11-23", "--since 2026-11-23T00:00+01:00"),
            ("since=2026-11-23T09:30 until=2026-11-23T11:00",
             "--since 2026-11-23T09:30+01:00 --until 2026-11-23T11:00+01:00"),
            ("since=2026-11-23T08:00Z", "--since 2026-11-23T08:00Z"),
            # the end of the day, as the command line reads the chat's (not UTC's 24:00)
            ("since=2026-11-23 until=2026-11-23T24:00",
             "--since 2026-11-23T00:00+01:00 --until 2026-11-24T00:00+01:00"),
            ("1d", "--since 1d")):
        _, shown = await answer(berlin, ALICE, f"report {typed}")
        assert shown.splitlines()[-1].endswith(
            f"`socialops report tickets {cli} --by route` on the command line prints them "
            "all"), (typed, shown.splitlines()[-1])


async def test_yesterday_is_answered_with_its_date_on_the_workspaces_clock(
        berlin: World) -> None:
    """`report since=yesterday` was told to use an ISO time or a duration; the date it means
    is the workspace's, and is what to write (a date is its midnight on that clock)."""
    _, shown = await answer(berlin, ALICE, "report since=yesterday")
    assert shown == ("since 'yesterday': write its date, since=2026-11-22 (from its midnight "
                     "on Europe/Berlin's clock; add until=2026-11-23 for that day alone)"), shown
    _, shown = await answer(berlin, ALICE, "report since=2d until=today")
    assert shown == ("until 'today': write its date, until=2026-11-23 (its midnight on "
                     "Europe/Berlin's clock)"), shown


@pytest.fixture
async def pago_pago(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world on Pago Pago's clock (-11): at 09:00 UTC it is 22:00 the day before."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(world_module, "CONFIG", world_module.CONFIG.replace(
            'api_url: "{api}"}}', 'api_url: "{api}", timezone: Pacific/Pago_Pago}}'))
        async with running_world(tmp_path, clock) as w:
            yield w


async def test_a_start_still_to_come_on_the_workspaces_clock_says_its_time_and_now(
        pago_pago: World) -> None:
    """At 09:00 UTC on 2026-11-23, UTC's date, since=2026-11-23, is tomorrow at Pago Pago: it
    was told 'since 2026-11-23 is not before until now: the window would be empty', naming
    neither when that start is nor what the date is there."""
    _, shown = await answer(pago_pago, ALICE, "report since=2026-11-23")
    assert shown == (
        "since 2026-11-23 is still to come: it is 2026-11-23 11:00 UTC (00:00 "
        "Pacific/Pago_Pago), and now is 2026-11-23 09:00 UTC (2026-11-22 22:00 "
        "Pacific/Pago_Pago); give an earlier start"), shown
    _, shown = await answer(pago_pago, ALICE, "report since=2026-11-22")
    assert shown.startswith("Tickets opened 2026-11-22 11:00 UTC (00:00 Pacific/Pago_Pago) "
                            "to 2026-11-23 09:00 UTC (2026-11-22 22:00 Pacific/Pago_Pago) "), shown
