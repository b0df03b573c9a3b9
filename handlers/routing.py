"""What happens when a route fires for a signal: alert, ticket, digest or drop, with the route's
noise control (cooldown, group_wait) carried out through the store.

- ``alert``: one card per signal × route × channel (that is the outbox idempotency key).
  With ``cooldown``, repeats for the same group key within the cooldown are held back and
  counted into the next card. With ``group_wait``, alerts for the same group arriving within
  the wait are collected and posted as one card when the group's timer fires.
- ``ticket``: opens a ticket (or attaches to the customer's open one).
- ``digest``: the signal joins the route's digest buffer, flushed on the digest timer.
- ``drop``: nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

from bot.core.cards import Card, CardField
from bot.core.models import RouteHit, Signal
from bot.core.ports import Clock, Store
from bot.engine.outbox import Outbox
from bot.enrich.summary import DigestSummary, summarise
from handlers.cards import alert_card, group_card
from handlers.tickets import TicketService

log = logging.getLogger(__name__)

# the optional generated-summary hook (bot.enrich.summary.LlmSummariser, bound to a client)
DigestHook = Callable[[DigestSummary, Sequence[Signal]], Awaitable[DigestSummary]]


def _group_id(hit: RouteHit) -> str:
    return f"{hit.route}|{hit.workspace}|{hit.channel}|{hit.group_key or '-'}"


class RouteActions:
    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        tickets: TicketService,
        *,
        clock: Clock,
        ignore_terms: Sequence[str] = (),
        llm: DigestHook | None = None,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.tickets = tickets
        self.clock = clock
        self.ignore_terms = tuple(ignore_terms)  # brand names: in every post, so no news
        self.llm = llm

    async def apply(self, signal: Signal, hit: RouteHit) -> str:
        """Carry out one route hit. Returns what was done (for the summary)."""
        if hit.action == "drop":
            return "dropped"
        if hit.action == "ticket":
            ticket = await self.tickets.open_or_attach(signal, hit)
            return f"ticket {ticket.id}"
        if hit.action == "digest":
            return await self._to_digest(signal, hit)
        return await self._alert(signal, hit)

    async def _alert(self, signal: Signal, hit: RouteHit) -> str:
        group = _group_id(hit)
        if hit.cooldown:
            first = await self.store.mark_seen(f"cooldown:{group}", int(hit.cooldown))
            if not first:
                await self.store.append_group(f"held:{group}", signal.id)
                return "held (cooldown)"
        if hit.group_wait:
            size = await self.store.append_group(f"wait:{group}", signal.id)
            if size == 1:
                due = self.clock() + timedelta(seconds=hit.group_wait)
                await self.store.schedule(
                    f"group:{group}",
                    due,
                    json.dumps(
                        {"kind": "group", "group": group, "hit": hit.model_dump(mode="json")}
                    ),
                )
            return "grouped"
        held = await self.store.drain_group(f"held:{group}") if hit.cooldown else []
        card = alert_card(signal, hit, key=f"{signal.id}|{hit.route}")
        if held:
            card = card.model_copy(
                update={
                    "fields": (
                        *card.fields,
                        CardField(
                            name="Held back",
                            value=f"{len(held)} similar mention(s) during the cooldown",
                        ),
                    )
                }
            )
        await self.outbox.send(
            key=f"{signal.id}|{hit.route}@{hit.channel}",
            workspace=hit.workspace,
            channel=hit.channel,
            card=card,
        )
        return "alert"

    async def _to_digest(self, signal: Signal, hit: RouteHit) -> str:
        group = _group_id(hit)
        size = await self.store.append_group(f"digest:{group}", signal.id)
        if size == 1:
            interval = hit.digest_interval or 3600.0
            due = self.clock() + timedelta(seconds=interval)
            await self.store.schedule(
                f"digest:{group}",
                due,
                json.dumps({"kind": "digest", "group": group, "hit": hit.model_dump(mode="json")}),
            )
        return "digest"

    async def flush(self, payload: str) -> int:
        """A group_wait or digest timer fired: post the collected signals as one card."""
        data = json.loads(payload)
        hit = RouteHit.model_validate(data["hit"])
        kind, group = data["kind"], data["group"]
        ids = list(
            dict.fromkeys(
                await self.store.drain_group(f"{'wait' if kind == 'group' else 'digest'}:{group}")
            )
        )
        signals = [s for s in [await self.store.get_signal(i) for i in ids] if s is not None]
        if not signals:
            return 0
        stamp = self.clock().strftime("%Y%m%d%H%M%S")
        key = f"{kind}:{group}:{stamp}:{ids[0]}"
        if kind == "group":
            card = (
                alert_card(signals[0], hit, key=key)
                if len(signals) == 1
                else group_card(signals, hit, key=key)
            )
        else:
            summary = summarise(signals, ignore=self.ignore_terms)
            if self.llm is not None:
                summary = await self.llm(summary, signals)
            card = digest_card(summary, hit, key=key)
        await self.outbox.send(
            key=f"{key}@{hit.channel}", workspace=hit.workspace, channel=hit.channel, card=card
        )
        return len(signals)


def digest_card(summary: DigestSummary, hit: RouteHit, *, key: str) -> Card:
    split = ", ".join(f"{label} {n}" for label, n in sorted(summary.sentiment.items(),
                                                          key=lambda kv: -kv[1]))
    fields = [CardField(name="Sentiment", value=split)]
    if summary.top_terms:
        fields.append(CardField(name="Top terms", value=", ".join(summary.top_terms)))
    if summary.llm_text:
        fields.append(CardField(name="Summary (generated)", value=summary.llm_text))
    lines = [f"• @{s.mention.author.handle} ({s.mention.network}): "
             f"{' '.join(s.mention.text.split())[:200]}" for s in summary.representatives]
    return Card(
        kind="digest",
        key=key,
        title=f"Digest for {hit.route}: {summary.count} mentions",
        text="\n".join(lines),
        route=hit.route,
        fields=tuple(fields),
    )
