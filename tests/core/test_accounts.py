"""``Accounts``, a workspace's kept answers of whose chat accounts are gone: kept ``ttl``
seconds, at most ``size`` of them (the oldest forgotten first), nobody asked while a rate
limit holds."""

from __future__ import annotations

from bot.core.accounts import Accounts


class Seconds:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_kept_ttl_seconds() -> None:
    at = Seconds()
    kept = Accounts(ttl=300, clock=at)
    kept.keep("U1", "their Slack account is deactivated")
    at.now = 299
    assert kept.known("U1") == (True, "their Slack account is deactivated")
    at.now = 300
    assert kept.known("U1") == (False, None)


def test_at_most_size_answers_are_kept_the_oldest_forgotten_first() -> None:
    kept = Accounts(size=2, clock=Seconds())
    for user in ("U1", "U2", "U3"):
        kept.keep(user, None)
    assert [kept.known(u)[0] for u in ("U1", "U2", "U3")] == [False, True, True]


def test_a_rate_limit_holds_every_lookup_until_it_has_passed() -> None:
    at = Seconds()
    kept = Accounts(clock=at)
    assert not kept.held()
    kept.hold(120)
    at.now = 119.9
    assert kept.held()
    at.now = 120
    assert not kept.held()
