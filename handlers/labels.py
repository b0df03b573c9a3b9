"""Corrections from chat: ``label <T-12 | mention id> <intent | polarity>``.

Anyone linked may relabel a post the model got wrong. One transaction: the correction record
(``keys.CORRECTION``, kept for ``socialops model eval`` and for every process's model), an entry
in the shared routing log (so every process learns it at its next batch), the post's signal
with the new label, the audit event, and an update of every card that shows the label (the
ticket's cards and the alert cards of the routes that fired), with a thread note saying who
changed what. The model learns from it (``bot.enrich.corrections``): the next post of the same
kind gets the corrected label.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol, cast

from bot.core import keys as K
from bot.core.cards import OutboxItem, Reply
from bot.core.effects import Effects
from bot.core.models import (
    INTENTS,
    POLARITIES,
    Correction,
    Intent,
    LabelField,
    Sentiment,
    SentimentLabel,
    Signal,
    Ticket,
    Trace,
    kept_for,
)
from bot.core.ports import Clock, Transactions
from handlers.audit import Audit
from handlers.cards import alert_card, ticket_card

USAGE = (f"label <ticket id | mention id> <{' | '.join(INTENTS)} | {' | '.join(POLARITIES)}>")
# A relabelling of a post's field from a value marks it so for this long, and commits only if
# no other has marked it since this one read the post: two people relabelling one post at once
# (two processes) give one change from what the post said, and the other decides again from the
# new label (before, both were told "was complaint" and two corrections were kept, the later
# audit row naming a label the post no longer had). The mark outlives any decision in flight.
SAME_CHANGE_SECONDS = 10


class LabelReads(Protocol):
    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...
    async def get_signal(self, signal_id: str) -> Signal | None: ...
    async def next_number(self, counter: str) -> int: ...
    async def get_trace(self, mention_id: str) -> Trace | None: ...


async def signal_cards(reads: LabelReads, signal: Signal, ticket: Ticket | None, *, note: str,
                       revision: str, now: datetime,
                       zones: Mapping[str, str] | None = None) -> list[OutboxItem]:
    """Updates of every card that shows ``signal``: its ticket's cards (when ``ticket``) and
    the alert cards its routes posted (grouped, held or digested hits have no card of their
    own), each with ``note`` in its thread; ``revision`` makes the update's outbox key;
    ``zones``, each workspace's clock, where a ticket card says a snooze's end."""
    out: list[OutboxItem] = []
    if ticket is not None:
        out += [OutboxItem.new(key=f"{ticket.id}@{ch.channel}#{revision}",
                               workspace=ch.workspace, channel=ch.channel,
                               card=ticket_card(ticket, signal, zone=(zones or {}).get(
                                   ch.workspace)).model_copy(update={"thread_note": note}),
                               now=now, update=True) for ch in ticket.channels]
    trace = await reads.get_trace(signal.id)
    posted = {(h.route, h.channel) for h in trace.hits if h.outcome == "alert"} if trace \
        else set()
    for hit in signal.routes:
        if (hit.route, hit.channel) not in posted:
            continue
        key = f"{signal.id}|{hit.route}"
        card = alert_card(signal, hit, key=key).model_copy(update={"thread_note": note})
        out.append(OutboxItem.new(key=f"{key}@{hit.channel}#{revision}", workspace=hit.workspace,
                                  channel=hit.channel, card=card, now=now, update=True))
    return out


class Labels:
    def __init__(self, reads: LabelReads, applier: Transactions, *, clock: Clock, audit: Audit,
                 signal_ttl: int, zones: Mapping[str, str] | None = None) -> None:
        self.reads = reads
        self.zones = dict(zones or {})
        self.applier = applier
        self.clock = clock
        self.audit = audit
        self.signal_ttl = signal_ttl

    async def label(self, target: str, value: str, person: str) -> Reply:
        return await self.applier.run(lambda: self._decide(target, value, person),
                                      what="label")

    async def _decide(self, target: str, value: str, person: str) -> tuple[Effects, Reply]:
        fx = Effects()
        value = value.strip().lower()
        field: LabelField
        if value in INTENTS:
            field = "intent"
        elif value in POLARITIES:
            field = "polarity"
        else:
            return fx, Reply.refused(f"{value[:40]!r} is not a label; usage: {USAGE}")
        ticket = await self.reads.get_ticket(target.upper()) if target[:2].upper() == "T-" \
            else None
        if target[:2].upper() == "T-" and ticket is None:
            return fx, Reply.refused(f"no ticket {target.upper()}")
        signal_id = ticket.signal_id if ticket is not None else target
        signal = await self.reads.get_signal(signal_id)
        if signal is None:
            return fx, Reply.refused(f"no post {signal_id} in the store (a mention id such "
                                     "as mastodon:123, or a ticket id; older posts pass "
                                     "retention)")
        old = signal.intent if field == "intent" else signal.sentiment.label
        if old == value:
            return fx, Reply.refused(f"{signal.id}'s {field} is {value} already")
        now = self.clock()
        correction = Correction(text=signal.mention.text, language=signal.language, field=field,
                                old=old, new=value, who=person, at=now, post=signal.id)
        cid = f"C-{await self.reads.next_number(K.counter_for(K.CORRECTION))}"
        changed = (signal.model_copy(update={"intent": cast(Intent, value)}) if field == "intent"
                   else signal.model_copy(update={"sentiment": Sentiment(
                       label=cast(SentimentLabel, value), compound=signal.sentiment.compound,
                       method="corrected")}))
        note = f"{person} relabelled the {field}: {old} → {value}"
        fx.mark(K.relabel(signal.id, field, old), SAME_CHANGE_SECONDS, new=True)
        fx.put(K.CORRECTION, cid, correction.model_dump_json())
        fx.routing_change("correction", cid)
        fx.signals.append((changed, kept_for(changed.routes, self.signal_ttl), self.signal_ttl))
        fx.audit.append(self.audit.event(actor=person, action="signal.relabelled",
                                         object_type="signal", object_id=signal.id,
                                         detail=f"{field}: {old} -> {value} ({cid})"))
        for item in await signal_cards(self.reads, changed, ticket, note=note,
                                       revision=cid, now=now, zones=self.zones):
            fx.send(item)
        return fx, Reply.done(f"{ticket.id if ticket else signal.id}: {field} is now {value} (was "
                          f"{old}); the model learns from it ({cid})", public=True)
