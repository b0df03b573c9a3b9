"""A rejection needs a comment saying why (docs/workflows.md): one that draws nothing (the
braille blank U+2800, a Hangul filler, a zero-width space) was taken as one, and the author's
thread line read "dave rejected: " with no reason. Refused as an empty one is, on a SQLite
file and a real redis-server."""

from __future__ import annotations

import pytest

from bot.core.ports import Store
from tests.handlers.test_withdraw_races import Network, pending, service
from tests.support.clock import FakeClock


@pytest.mark.parametrize("comment", ["\u2800", "\u3164 \u3164", "\u200b", "\u00ad"])
async def test_a_comment_that_draws_nothing_rejects_nothing(
        store: Store, clock: FakeClock, comment: str) -> None:
    network = Network()
    ident = await pending(store, clock, network)
    reply = await service(store, clock, network).reject(ident, "dave", comment)
    assert not reply.ok and reply.text == "a rejection needs a comment saying why", reply.text
    stored = await store.get_approval(ident)
    assert stored is not None and stored.status == "pending"
    # a comment that says something is still taken
    assert (await service(store, clock, network).reject(ident, "dave", "\u2800 wrong tone")).ok


async def test_a_withdraw_reason_that_draws_nothing_is_no_reason(
        store: Store, clock: FakeClock) -> None:
    """An optional reason of a braille blank was kept: the draft's decision read
    "withdrawn: ⠀" and its card "Withdrawn by alice: " and nothing after. It is no reason,
    as an empty one."""
    network = Network()
    blank, none = await pending(store, clock, network), await pending(store, clock, network)
    approvals = service(store, clock, network)
    assert (await approvals.withdraw(blank, "alice", "\u2800 \u3164")).ok
    assert (await approvals.withdraw(none, "alice")).ok
    said = [(await store.get_approval(i)) for i in (blank, none)]
    assert [a.decisions[-1].comment for a in said if a] == ["withdrawn", "withdrawn"]
