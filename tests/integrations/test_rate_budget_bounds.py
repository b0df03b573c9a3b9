"""A spent rate budget a server announces on a page it answered (Reddit's
``X-Ratelimit-Remaining: 0`` with ``X-Ratelimit-Reset`` in seconds, Mastodon's
``X-RateLimit-Remaining: 0`` with ``X-RateLimit-Reset`` a time) is kept by the source's client,
which then sends nothing until the reset. A reset of years (a time in year 9999, a number of
seconds in milliseconds) paused the source until then, never asking again; Reddit's 1e300 or
``inf`` raised OverflowError out of every request, the page it came with lost, at every poll.
The pause is now at most ``RATE_WAIT_MAX`` (an hour), then the source asks again. Served by the
local network server; the pages are the real recorded ones of the mutation suite."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.core.errors import RATE_WAIT_MAX, RateLimited
from tests.integrations.test_mutated_payloads import MASTODON, REDDIT, Case
from tests.support.polling import World, opened_world


@pytest.fixture
def world() -> Iterator[World]:
    """A world a case: an account's budget is shared by every source of its token on one HTTP
    client (a process's), so one kept across cases began spent by the case before."""
    with opened_world() as w:
        yield w


def served_with(world: World, case: Case, headers: dict[str, str]) -> str:
    """Serve ``case``'s page with ``headers``; the path it is served at."""
    case.serve(world, json.dumps(case.doc).encode())
    path = "/r/socialops/new" if case is REDDIT else "/api/v1/timelines/tag/socialops"
    world.net.bytes("GET", path, json.dumps(case.doc).encode(),
                    headers={"Content-Type": "application/json", **headers})
    return path


@pytest.mark.parametrize(("case", "reset"), [
    (REDDIT, "1e300"), (REDDIT, "inf"), (REDDIT, "99999999999"), (REDDIT, "1000000000"),
    (MASTODON, "9999-12-31T23:59:59.000Z"), (MASTODON, "2100-01-01T00:00:00.000Z"),
], ids=["reddit 1e300", "reddit inf", "reddit past 9999", "reddit 31 years",
        "mastodon 9999", "mastodon 2100"])
def test_a_spent_budget_pauses_the_source_for_at_most_an_hour(
        world: World, case: Case, reset: str) -> None:
    remaining = "X-Ratelimit-Remaining" if case is REDDIT else "X-RateLimit-Remaining"
    path = served_with(world, case, {remaining: "0", "X-Ratelimit-Reset": reset})
    src = case.make(world)
    got = world.run(src.poll())  # raised OverflowError for Reddit's 1e300, inf, past 9999
    assert got, "the page the header came with is read"
    with pytest.raises(RateLimited) as limited:  # the budget is spent: nothing is sent
        world.run(src.poll())
    assert 0 < limited.value.retry_after <= RATE_WAIT_MAX
    asked = len(world.net.requests_to(path))
    src.clock.advance(seconds=RATE_WAIT_MAX)
    world.run(src.poll())  # an hour on, the source asks again
    assert len(world.net.requests_to(path)) > asked
