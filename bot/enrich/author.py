"""Customer context for cards and rules: what this author said before, their open tickets,
their sentiment trend, their reach, and whether they look like a bot.

Bot heuristics (documented, deliberately simple): a handle ending in four or more digits, a post
that is mostly a link, or the same text posted three or more times recently. Influence: at least
``influence_followers`` followers (default 10,000).
"""

from __future__ import annotations

import re
from typing import Protocol

from bot.core.models import AuthorContext, Mention, SignalBrief
from bot.core.text import fold

_DIGITS = re.compile(r"(?<!\d)\d{4,}+$")  # from a run's start only: linear
_URL = re.compile(r"https?://\S+")


class History(Protocol):
    """Indexed reads only: the cost of a routed mention does not grow with history. One call
    (one round trip on Redis): the customer's recent signals, how many of their mentions are
    remembered, their open tickets."""

    async def customer_history(self, customer_key: str, limit: int = 20,
                               ) -> tuple[list[SignalBrief], int, list[str]]: ...


class AuthorContextBuilder:
    def __init__(self, store: History, *, influence_followers: int = 10_000,
                 history: int = 20) -> None:
        self.store = store
        self.influence_followers = influence_followers
        self.history = history

    async def context(self, mention: Mention) -> AuthorContext:
        signals, mentions, open_ids = await self.store.customer_history(mention.customer_key,
                                                                        self.history)
        earlier = [s for s in signals if s.id != mention.id]
        open_tickets = tuple(open_ids)
        trend = tuple(s.compound for s in reversed(earlier) if s.compound is not None)
        followers = mention.author.followers or 0
        previous = max(len(earlier), mentions)
        return AuthorContext(previous_mentions=previous, open_tickets=open_tickets,
                             recent_sentiment=trend[-10:],
                             influential=followers >= self.influence_followers,
                             likely_bot=likely_bot(mention, earlier))


def likely_bot(mention: Mention, earlier: list[SignalBrief]) -> bool:
    handle = mention.author.handle.split("@")[0].split(".")[0]
    if _DIGITS.search(handle):
        return True
    text = mention.text.strip()
    if text and len(_URL.sub("", text).strip()) < 0.2 * len(text):
        return True
    same = fold(text)
    return sum(1 for s in earlier if fold(s.text) == same) >= 2
