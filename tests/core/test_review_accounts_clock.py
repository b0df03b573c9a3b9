"""``Accounts`` with the app's clock going backwards, and waits it cannot keep (a fuzzing
review, 2026-12-06). The app gives it its own clock (``bot.app.compose``: UTC time, which
an NTP step or an operator's fix sets back), and its docstring says "monotonic or not: only
differences count". A difference below zero was read as a young answer, though: an answer
kept, then the clock set back an hour, was kept an hour and five minutes (a person
re-activated in that hour not pinged), and a rate limit's hold an hour and two minutes (no
one asked). A time ahead of the clock now is of a clock that was wrong: such an answer is
asked again, such a hold lets go (a rate limit answered again holds again). A wait no chat
gives (discord.py's ``RateLimited`` is raised only for a long one: infinity, 10^12 s) held
every lookup for good: a hold is ``MAX_HOLD`` at most."""

from __future__ import annotations

import math

import pytest

from bot.core.accounts import MAX_HOLD, Accounts
from tests.core.test_accounts import Seconds


def test_an_answer_kept_before_the_clock_went_back_is_asked_again() -> None:
    at = Seconds()
    at.now = 10_000.0
    kept = Accounts(ttl=300, clock=at)
    kept.keep("U1", "their Slack account is deactivated")
    at.now = 10_000.0 - 3600  # set back an hour
    assert kept.known("U1") == (False, None)
    kept.keep("U1", None)  # asked again: kept from the clock as it is now
    at.now += 299
    assert kept.known("U1") == (True, None)


def test_a_hold_begun_before_the_clock_went_back_lets_go() -> None:
    at = Seconds()
    at.now = 10_000.0
    kept = Accounts(clock=at)
    kept.hold(120)
    at.now = 10_000.0 - 3600
    assert not kept.held()
    kept.hold(120)  # the chat says so again
    at.now += 119
    assert kept.held()
    at.now += 1
    assert not kept.held()


@pytest.mark.parametrize("seconds", [math.inf, 1e12, math.nan, -math.inf])
def test_a_hold_is_at_most_max_hold(seconds: float) -> None:
    at = Seconds()
    kept = Accounts(clock=at)
    kept.hold(seconds)
    at.now = MAX_HOLD
    assert not kept.held()
