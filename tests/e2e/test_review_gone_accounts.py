"""A person whose Slack account is gone, the leftovers of the notices' check (a support lead's
review, from PagerDuty and Grafana OnCall, 2026-12-06): signed requests into the bolt app,
the local Slack answering ``users.info`` (``deleted: true`` for a deactivated account,
docs.slack.dev/reference/objects/user-object; a Tier 4 method, about 100 calls a minute:
docs.slack.dev/apis/web-api/rate-limits), a SQLite file or a redis-server.

- ``escalate`` answered ``(notifies carol)`` while the notice it fired left carol out, saying
  why: the answer now says what the notice says.
- each notice asked ``users.info`` for each person it pings, every time: three tickets'
  step-1 notices (alice, bob, carol) cost nine calls; the workspace keeps an answer a few
  minutes, so three.
- a 429 from ``users.info`` leaves the notice as it was (pinged, nothing said), and nobody is
  asked again until its Retry-After has passed.
- a re-activated account is pinged again once the kept answer runs out.
- ``unclaim T-1 to=bob`` handed the ticket to a deactivated account (its thread line pinged
  nobody, and a held ticket never escalates), and ``oncall primary cover 2h for=bob`` put one
  on call: both refused in one line naming what to type instead, as PagerDuty assigns
  nothing to a deactivated user; a rotation's handoff to one (the config's, nothing to
  refuse) is warned in its notice, which pings nobody.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_oncall import SCHEDULES
from tests.e2e.test_oncall_handoffs import SCHEDULES as ANNOUNCED
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import (
    ALICE,
    BOB,
    CAROL,
    ESCALATIONS,
    SUPPORT,
    UNPACED,
    World,
    redis_url_if,
    running_world,
)
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer


def notices(world: World, channel: str) -> list[str]:
    return [json.dumps(m) for m in world.posts(channel) if "Escalation" in json.dumps(m)]


def asked(world: World, user: str) -> int:
    return sum(1 for c in world.slack.calls_to("users.info") if c.args.get("user") == user)


async def customer_writes(world: World, n: int) -> None:
    """A ticket of its own: customer ``n``'s complaint."""
    before = len(await world.a.store.list_tickets(status="open"))
    await world.mention("@acme my order is broken again, this is terrible", n=n,
                        handle=f"customer{n}")
    assert len(await world.a.store.list_tickets(status="open")) == before + 1


def linked(world: World) -> None:
    world.slack.users.update({ALICE: "alice@acme.test", BOB: "bob@acme.test",
                              CAROL: "carol@acme.test"})


async def test_escalate_answers_as_its_notice_says_of_a_deactivated_account(
        either: World) -> None:
    world = either
    linked(world)
    world.slack.deactivated.add(CAROL)  # after the bot started
    ticket_id, _ = await open_ticket(world)
    world.clock.advance(minutes=1)
    said = await ask(world, ALICE, SUPPORT, f"escalate {ticket_id}")
    assert ("(notifies group support); carol is not pinged: their Slack account is "
            "deactivated") in said, said  # the group is pinged as its other members
    world.clock.advance(minutes=1)
    await world.timers()
    step1 = notices(world, SUPPORT)
    assert len(step1) == 1 and "carol was not pinged" in step1[0], step1
    world.clock.advance(minutes=2)
    said = await ask(world, ALICE, SUPPORT, f"escalate {ticket_id}")
    assert "step 2 of support-default" in said, said
    assert "notifies carol" not in said, said
    assert ("(notifies nobody); carol is not pinged: their Slack account is deactivated "
            "(carol is still under people: in socialops.yaml)") in said, said
    world.clock.advance(minutes=1)
    await world.timers()
    step2 = notices(world, ESCALATIONS)
    assert len(step2) == 1 and f"<@{CAROL}>" not in step2[0], step2
    assert "carol was not pinged: their Slack account is deactivated" in step2[0], step2[0]


async def test_escalate_of_a_step_whose_people_are_all_here_names_them(world: World) -> None:
    linked(world)
    ticket_id, _ = await open_ticket(world)
    world.clock.advance(minutes=1)
    said = await ask(world, ALICE, SUPPORT, f"escalate {ticket_id}")
    assert "(notifies group support)" in said and "not pinged" not in said, said


async def test_notices_a_minute_apart_ask_slack_once_a_person(world: World) -> None:
    linked(world)
    for n in (1, 2, 3):  # three tickets, each step 1 its own notice (a minute apart)
        await customer_writes(world, n)
        world.clock.advance(minutes=1)
    for _ in range(16):
        world.clock.advance(minutes=1)
        await world.timers()
    assert len(notices(world, SUPPORT)) == 3, notices(world, SUPPORT)
    assert all(f"<@{CAROL}>" in n for n in notices(world, SUPPORT))
    assert [asked(world, u) for u in (ALICE, BOB, CAROL)] == [1, 1, 1]


async def test_a_rate_limited_lookup_pings_as_before_and_asks_no_more_until_retry_after(
        world: World) -> None:
    linked(world)
    world.slack.deactivated.add(CAROL)
    world.slack.fail(method="users.info", status=429, error="ratelimited", retry_after=120)
    await open_ticket(world)
    world.clock.advance(minutes=15)
    await world.timers()
    world.clock.advance(minutes=1)
    await world.timers()
    first = notices(world, SUPPORT)
    assert len(first) == 1 and "not pinged" not in first[0], first
    assert f"<@{CAROL}>" in first[0]  # Slack did not say: pinged as before
    # one 429, then nobody asked in its two minutes: not three calls refused in a row
    assert sum(asked(world, u) for u in (ALICE, BOB, CAROL)) == 1


async def test_a_reactivated_account_is_pinged_again_once_the_answer_runs_out(
        world: World) -> None:
    linked(world)
    world.slack.deactivated.add(CAROL)
    await customer_writes(world, 1)
    world.clock.advance(minutes=15)
    await world.timers()
    world.clock.advance(minutes=1)
    await world.timers()
    assert "carol was not pinged" in notices(world, SUPPORT)[0]
    world.slack.deactivated.discard(CAROL)  # an admin re-activated her account
    await customer_writes(world, 2)
    world.clock.advance(minutes=15)
    await world.timers()
    world.clock.advance(minutes=1)
    await world.timers()
    again = notices(world, SUPPORT)
    assert len(again) == 2 and f"<@{CAROL}>" in again[1], again
    assert "not pinged" not in again[1], again[1]


async def test_a_ticket_is_not_handed_to_a_deactivated_account(either: World) -> None:
    world = either
    linked(world)
    ticket_id, _ = await open_ticket(world)
    world.slack.deactivated.add(BOB)
    said = await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=bob")
    assert said == (f"{ticket_id} not handed to bob: their Slack account is deactivated (bob "
                    "is still under people: in socialops.yaml); hand it to someone here: "
                    f"`unclaim {ticket_id} to=<person>`"), said
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.status == "open" and ticket.claimer is None
    said = await ask(world, CAROL, SUPPORT, f"unclaim {ticket_id} to=alice")  # here: as before
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "alice", said


@pytest.fixture
async def scheduled(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, extra=UNPACED + SCHEDULES)
        await w.start()
        try:
            yield w
        finally:
            await w.stop()


async def test_nobody_puts_a_deactivated_account_on_call(scheduled: World) -> None:
    world = scheduled
    linked(world)
    world.slack.deactivated.add(BOB)
    said = await ask(world, CAROL, SUPPORT, "oncall primary cover 2h for=bob")
    assert said == ("bob is not put on call in primary: their Slack account is deactivated "
                    "(bob is still under people: in socialops.yaml); cover it for someone "
                    "here: `oncall primary cover 2h for=<person>`"), said
    assert "O-1: alice on call in primary" in await ask(
        world, CAROL, SUPPORT, "oncall primary cover 2h for=alice")


@pytest.fixture(params=["sqlite", "redis"])
async def announced(request: pytest.FixtureRequest, tmp_path: Path,
                    clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED + ANNOUNCED, store=request.param,
                             redis_url=redis_url_if(request), armed=True) as w:
        yield w


async def test_a_handoff_to_a_deactivated_account_warns_and_pings_nobody(
        announced: World) -> None:
    world = announced
    linked(world)
    world.slack.deactivated.add(BOB)  # the rotation hands over to bob at 09:30 UTC
    world.clock.advance(minutes=30, seconds=1)
    await world.timers()
    [notice] = [str(m) for m in world.posts(ESCALATIONS) if "On call in" in str(m)]
    assert "On call in primary: bob" in notice and f"<@{BOB}>" not in notice, notice
    assert ("bob was not pinged: their Slack account is deactivated (bob is still under "
            "people: in socialops.yaml); `oncall primary cover 2h for=<person>` puts "
            "someone else on call.") in notice, notice
