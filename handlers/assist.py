"""What the optional model endpoint adds to cards (``model_endpoint:`` in the config; see
``integrations.llm.endpoint``): translations of non-English posts, and reply suggestions.

- **Translation** never delays a card: when an alert or a ticket card is made for a post in a
  language the team does not read (not in ``model_endpoint.team_languages``), a ``translate``
  timer is scheduled in the same transaction; when it fires (in one process), the endpoint is
  asked (bounded by its timeout), and the translation is stored on the signal and shown on its
  cards (an update of each, with a thread note), and in the "In reply to" of approval requests
  drafted from it. A failed or refused translation leaves the cards as they are.
- **`suggest <ticket id>`** asks for a short reply draft in the post's language and shows it to
  the person privately, to edit and send through approval with `reply`; nothing is posted.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.core import keys as K
from bot.core.cards import Reply
from bot.core.commands import reads_as_time
from bot.core.effects import Effects
from bot.core.models import Signal, Ticket, kept_for
from bot.core.ports import Clock, DueTimer, Transactions
from bot.core.text import code_span, truncate
from handlers.labels import LabelReads, signal_cards

log = logging.getLogger(__name__)


class Assistant(Protocol):
    async def translate(self, text: str, target: str = "English") -> str | None: ...
    async def suggest_reply(self, post: str, context: str = "") -> str | None: ...


class AssistReads(LabelReads, Protocol):
    async def find_open_ticket(self, conversation_key: str,
                               customer_key: str) -> Ticket | None: ...


class Assist:
    def __init__(self, reads: AssistReads, applier: Transactions, *, clock: Clock,
                 endpoint: Assistant | None, signal_ttl: int, target: str = "English",
                 team_languages: Sequence[str] = ("en",), translate: bool = True,
                 zones: Mapping[str, str] | None = None) -> None:
        self.reads = reads
        self.zones = dict(zones or {})  # workspace: its timezone, for a ticket card's snooze
        self.applier = applier
        self.clock = clock
        self.endpoint = endpoint
        self.signal_ttl = signal_ttl
        self.target = target
        self.team_languages = frozenset(team_languages)
        self.translating = translate and endpoint is not None

    # -- translation ---------------------------------------------------------------------------

    def after_card(self, signal: Signal, fx: Effects) -> None:
        """A card was made for ``signal`` (in ``fx``): translate it later if the team needs."""
        if (self.translating and signal.language and signal.language not in self.team_languages
                and not signal.translation):
            fx.schedule(K.timer(K.TRANSLATE, signal.id), self.clock(), "{}", once=True)

    async def translate_due(self, timer: DueTimer) -> None:
        fx = Effects()
        fx.complete(timer.id, timer.token)
        signal_id = timer.id.split(":", 1)[1]
        signal = await self.reads.get_signal(signal_id)
        text = None
        if signal is not None and not signal.translation and self.endpoint is not None:
            text = await self.endpoint.translate(signal.mention.text, self.target)
        if signal is None or not text:
            if signal is not None:
                log.info("no translation for %s (the endpoint gave none)", signal_id)
            await self.applier.apply(fx)
            return
        changed = signal.model_copy(update={"translation": truncate(" ".join(text.split()), 2000)})
        fx.signals.append((changed, kept_for(changed.routes, self.signal_ttl), self.signal_ttl))
        ticket = await self.reads.find_open_ticket(signal.mention.conversation_key,
                                                    signal.mention.customer_key)
        if ticket is not None and signal.id not in ticket.mention_ids:
            ticket = None
        for item in await signal_cards(self.reads, changed, ticket,
                                       note=f"translated from {signal.language}",
                                       revision="translated", now=self.clock(),
                                       zones=self.zones):
            fx.send(item)
        await self.applier.apply(fx)

    # -- reply suggestions ---------------------------------------------------------------------

    async def suggest(self, ticket_id: str, person: str) -> Reply:
        if self.endpoint is None:
            return Reply.refused("no model endpoint is configured (model_endpoint.url), so "
                                 "no suggestion: write the reply with "
                                 f"{code_span(f'reply {ticket_id} <text>')}")
        ticket = await self.reads.get_ticket(ticket_id.upper())
        if ticket is None:
            return Reply.refused(f"no ticket {ticket_id.upper()}")
        signal = await self.reads.get_signal(ticket.signal_id)
        if signal is None:
            return Reply.refused(f"the post behind {ticket.id} is no longer stored")
        draft = await self.endpoint.suggest_reply(signal.mention.text)
        if not draft:
            return Reply.refused("the model endpoint gave no suggestion (it may be down or "
                                 f"slow); write the reply with `reply {ticket.id} <text>`")
        draft = truncate(" ".join(draft.split()), 1000)
        if reads_as_time(draft):
            # a post can steer the model: copied as said, `reply T-1 at=1m ...` would be sent
            # by itself at that time once approved, not after the agent's edit
            return Reply.refused("the model endpoint's suggestion began with at=, which "
                                 f"{code_span('reply')} reads as the time to send it: not "
                                 "shown; write the reply with "
                                 f"{code_span(f'reply {ticket.id} <text>')}")
        return Reply.done(f"Suggested reply for {ticket.id} (nothing is sent; edit it and "
                          f"send it for approval):\nreply {ticket.id} {draft}")
