"""``mute eu-2 2h`` of a route named ``eu-2`` (or ``s-2``): a word shaped like an id is read as
one (``EU-2``, in any case), so the route was not found by its name and the line was taken for
a subscription id: 'no subscription EU-2 in this channel', the route never muted. A route is
now found as ids are read; where this channel also has a subscription of that id, nothing is
muted and one line names both and how to say which (``mute route s-1``, ``mute subscription
S-1``). A name after ``route`` is a route's, found in any capitals and refused as typed.
Through Slack's signed request path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.world import CAROL, MARKETING, RULES, SUPPORT, World, running_world

ROUTES = RULES + """\
  - {name: eu-2, match: {any: [eu]}, action: alert, channel: support}
  - {name: s-1, match: {any: [s1]}, action: alert, channel: marketing}
"""


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, rules=ROUTES) as w:
        yield w


async def muted_routes(world: World) -> list[str]:
    from bot.core import keys as K
    return sorted(raw for raw in await world.a.store.list_raw(K.SILENCE))


async def test_a_route_named_like_an_id_is_muted_and_unmuted_by_its_name(
        world: World) -> None:
    for typed in ("eu-2", "EU-2", "Eu-2"):
        answer = await ask(world, CAROL, SUPPORT, f"mute {typed} 2h launch")
        assert answer.startswith("route eu-2 muted until 2026-11-23 11:00 UTC"), answer
        answer = await ask(world, CAROL, SUPPORT, f"unmute {typed}")
        assert answer.startswith("route eu-2 unmuted"), answer


async def test_an_id_naming_a_subscription_here_and_a_route_is_refused_naming_both(
        world: World) -> None:
    assert (await ask(world, CAROL, MARKETING, "subscribe pricing")).startswith("S-1 created")
    answer = await ask(world, CAROL, MARKETING, "mute s-1 2h")
    assert answer == ("S-1 names both this channel's subscription S-1 and the route s-1, so "
                      "nothing was muted: type `mute route s-1` or `mute subscription S-1`"), \
        answer
    assert "\n" not in answer
    sub = await world.a.store.get_subscription("S-1")
    assert sub is not None and sub.muted_until is None
    answer = await ask(world, CAROL, MARKETING, "mute subscription s-1 2h")
    assert answer.startswith("S-1 muted until 2026-11-23 11:00 UTC"), answer
    answer = await ask(world, CAROL, MARKETING, "mute route s-1 2h")
    assert answer.startswith("route s-1 muted until 2026-11-23 11:00 UTC"), answer
    # where no subscription S-1 is, the route is meant
    answer = await ask(world, CAROL, SUPPORT, "unmute S-1")
    assert answer.startswith("route s-1 unmuted"), answer
    answer = await ask(world, CAROL, MARKETING, "mute route nope-3 2h")
    # what to type instead: the routes there are
    assert answer == "no route nope-3 in the rules; its routes: eu-2, s-1, support", answer


@pytest.mark.parametrize(("line", "said"), [
    ("mute route 2h", "name the route after `route`: `mute route <route name> 2h`"),
    ("unmute route", "name the route after `route`: `unmute route <route name>`"),
    ("mute subscription 2h",
     "name the subscription after `subscription`: `mute subscription S-2 2h`"),
    ("mute subscription eu-2 2h",
     "no subscription EU-2 in this channel; eu-2 is a route: type `mute route eu-2`"),
    ("unmute subscription S-1",
     "no subscription S-1 in this channel; s-1 is a route: type `unmute route s-1`"),
    ("mute subscription S-7 2h", "no subscription S-7 in this channel"),
])
async def test_a_refusal_after_route_or_subscription_says_what_to_type(
        world: World, line: str, said: str) -> None:
    """`mute route 2h` (the name left out, where no route is named route) was refused 'no
    subscription route in this channel (nor a route by that name)', and `mute subscription
    eu-2 2h` 'no subscription EU-2 in this channel (nor a route by that name)' where eu-2 is a
    route: the one says nothing of what to type, the other is untrue."""
    answer = await ask(world, CAROL, SUPPORT, line)
    assert answer == said, answer
    assert await muted_routes(world) == []


@pytest.fixture
async def with_route_named_route(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    rules = ROUTES + "  - {name: route, match: {any: [rr]}, action: alert, channel: support}\n"
    async with running_world(tmp_path, clock, rules=rules) as w:
        yield w


async def test_route_before_a_name_means_that_route_beside_a_route_named_route(
        with_route_named_route: World) -> None:
    """The parser reads `mute route eu-2 2h` and `unmute route eu-2` as the route eu-2 and
    `mute route 2h` as the route named route; the handler took the route named route for
    both whenever one exists, so `unmute route eu-2` unmuted the route named route (eu-2 left
    muted) and `mute route eu-2 2h` answered 'bad duration'."""
    world = with_route_named_route
    answer = await ask(world, CAROL, SUPPORT, "mute route eu-2 2h")
    assert answer.startswith("route eu-2 muted until 2026-11-23 11:00 UTC"), answer
    answer = await ask(world, CAROL, SUPPORT, "mute route 3h")
    assert answer.startswith("route route muted until 2026-11-23 12:00 UTC"), answer
    answer = await ask(world, CAROL, SUPPORT, "unmute route eu-2")
    assert answer.startswith("route eu-2 unmuted"), answer
    [left] = await muted_routes(world)
    assert '"routes": ["route"]' in left, left
    answer = await ask(world, CAROL, SUPPORT, "unmute route")
    assert answer.startswith("route route unmuted"), answer
    assert await muted_routes(world) == []


async def test_a_route_typed_in_other_capitals_is_found_and_named_as_typed_when_not(
        with_route_named_route: World) -> None:
    """A route's name typed in other capitals (`mute route ROUTE 2h`, `unmute route EU-2`)
    was 'no route ROUTE in the rules'; a name after `route` shaped like an id was refused in
    capitals, as the parser reads an id (`no route NOPE-3`), not as typed."""
    world = with_route_named_route
    answer = await ask(world, CAROL, SUPPORT, "mute route ROUTE 2h")
    assert answer.startswith("route route muted until 2026-11-23 11:00 UTC"), answer
    answer = await ask(world, CAROL, SUPPORT, "unmute Route")
    assert answer.startswith("route route unmuted"), answer
    answer = await ask(world, CAROL, SUPPORT, "mute route EU-2 2h")
    assert answer.startswith("route eu-2 muted until 2026-11-23 11:00 UTC"), answer
    answer = await ask(world, CAROL, SUPPORT, "unmute route Eu-2")
    assert answer.startswith("route eu-2 unmuted"), answer
    assert await muted_routes(world) == []
    answer = await ask(world, CAROL, SUPPORT, "mute route Nope-3 2h")
    assert answer.startswith("no route Nope-3 in the rules; its routes: "), answer


async def test_no_such_route_names_a_few_of_those_there_are(tmp_path: Path,
                                                            clock: FakeClock) -> None:
    """With many routes the refusal stays one short line: the first ten, and how many more."""
    rules = RULES + "".join(f"  - {{name: team-{n:02}, match: {{any: [t{n}]}}, action: alert, "
                            "channel: support}\n" for n in range(30))
    async with running_world(tmp_path, clock, rules=rules) as world:
        answer = await ask(world, CAROL, SUPPORT, "unmute route nope-3")
    assert answer == ("no route nope-3 in the rules; its routes: support, team-00, team-01, "
                      "team-02, team-03, team-04, team-05, team-06, team-07, team-08 "
                      "and 21 more"), answer
