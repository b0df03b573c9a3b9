"""One rate budget per account, shared by every part of a process that spends it.

A platform counts an account's (or an OAuth client's) requests against one budget, whichever
part of socialops sends them: a source's polls and a publisher's reads and posts of one token
spend the same requests. Each kept its own record of the budget until 2026-12-07, so a poll
that spent the last request left the publisher to send its own and draw a 429. The records
live here, per HTTP client (one a process: ``compose``), kind of record, server address and
the account's key (a token, a client id; "" for requests without one: the address's), and go
with the client.
"""

from __future__ import annotations

from typing import TypeVar
from weakref import WeakKeyDictionary

import httpx

B = TypeVar("B")

_BUDGETS: WeakKeyDictionary[httpx.AsyncClient, dict[tuple[type, str, str], object]] = \
    WeakKeyDictionary()


def shared_budget(client: httpx.AsyncClient, kind: type[B], base_url: str,
                  account: str | None) -> B:
    """The ``kind`` record of ``account`` on ``base_url``, made on first use (``kind()``) and
    shared by every caller on ``client`` naming the same server and account."""
    budgets = _BUDGETS.setdefault(client, {})
    key = (kind, base_url.rstrip("/").lower(), account or "")
    budget = budgets.get(key)
    if budget is None:
        budget = budgets[key] = kind()
    assert isinstance(budget, kind)
    return budget
