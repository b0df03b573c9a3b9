"""Ticket lifecycle: open (or attach to the customer's open ticket), claim, unclaim, resolve,
reopen, snooze; escalation while unclaimed.

Every transition is a compare-and-set in the store, so when two agents click Claim at once exactly
one wins and the other is told who did. After each change the card is re-queued as an update of
the original message, with a history line for its thread, and an audit row is written.

Escalation follows the policy snapshot taken when the ticket opened. Each step is a store timer
keyed ``esc:<ticket>:<step>``; ``take_due`` hands a timer to one process only, and the step
number in the timer must match the ticket's escalation level, so a step never fires twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot.core.config import ChannelConfig
from bot.core.metrics import Metrics
from bot.core.models import (
    ChannelRef,
    EscalationPolicy,
    EscalationStep,
    HistoryEntry,
    RouteHit,
    Signal,
    Ticket,
)
from bot.core.ports import Clock, Store
from bot.engine.outbox import Outbox
from handlers.audit import Audit
from handlers.cards import notice_card, ticket_card
from handlers.identity import Directory

log = logging.getLogger(__name__)

Result = tuple[bool, str]
SNOOZE_DEFAULT = timedelta(hours=1)


class TicketService:
    def __init__(
        self,
        store: Store,
        outbox: Outbox,
        *,
        clock: Clock,
        audit: Audit,
        directory: Directory,
        escalations: Mapping[str, EscalationPolicy],
        channels: Mapping[str, ChannelConfig],
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.outbox = outbox
        self.clock = clock
        self.audit = audit
        self.directory = directory
        self.escalations = escalations
        self.channels = channels
        self.metrics = metrics or Metrics()

    # -- opening -----------------------------------------------------------------------------

    async def open_or_attach(self, signal: Signal, hit: RouteHit) -> Ticket:
        m = signal.mention
        existing = await self.store.find_open_ticket(m.conversation_key)
        if existing is not None and existing.customer_key == m.customer_key:
            return await self._attach(existing, signal)
        now = self.clock()
        number = await self.store.next_number("ticket")
        policy = self.escalations.get(hit.escalation) if hit.escalation else None
        ticket = Ticket(
            id=f"T-{number}",
            signal_id=signal.id,
            route=hit.route,
            customer_key=m.customer_key,
            conversation_key=m.conversation_key,
            mention_ids=(signal.id,),
            created_at=now,
            sla_due=now + timedelta(minutes=hit.sla_minutes) if hit.sla_minutes else None,
            escalation=policy,
            channels=(ChannelRef(workspace=hit.workspace, channel=hit.channel),),
            history=(
                HistoryEntry(
                    at=now, actor="socialops", action="opened", detail=f"route {hit.route}"
                ),
            ),
        )
        if not await self.store.create_ticket(ticket):
            raise RuntimeError(f"ticket id {ticket.id} already exists")
        self.metrics.inc("tickets_opened_total")
        await self.audit.record(
            actor="socialops",
            action="ticket.open",
            obj=ticket,
            object_type="ticket",
            object_id=ticket.id,
            detail=f"signal {signal.id}",
        )
        await self.outbox.send(
            key=f"{ticket.id}@{hit.channel}",
            workspace=hit.workspace,
            channel=hit.channel,
            card=ticket_card(ticket, signal),
        )
        if policy is not None:
            await self._schedule_step(ticket, 0)
        return ticket

    async def _attach(self, ticket: Ticket, signal: Signal) -> Ticket:
        if signal.id in ticket.mention_ids:
            return ticket  # reprocessing after a crash: already attached

        def change(t: Ticket) -> Ticket | str:
            if signal.id in t.mention_ids:
                return "already attached"
            return t.model_copy(update={"mention_ids": (*t.mention_ids, signal.id)})

        await self._transition(
            ticket.id,
            "socialops",
            "attached",
            change,
            detail=f"new mention {signal.id}: {signal.mention.text[:140]}",
        )
        return await self.store.get_ticket(ticket.id) or ticket

    # -- people acting -----------------------------------------------------------------------

    async def claim(self, ticket_id: str, person: str) -> Result:
        def change(t: Ticket) -> Ticket | str:
            if t.status == "claimed":
                return f"{t.id} is already claimed by {t.claimer}"
            if t.status == "resolved":
                return f"{t.id} is resolved; reopen it first"
            return t.model_copy(
                update={"status": "claimed", "claimer": person, "snoozed_until": None}
            )

        ok, msg = await self._transition(ticket_id, person, "claimed", change)
        if ok:
            await self.store.cancel(_esc_job(ticket_id))
        return ok, msg

    async def unclaim(
        self, ticket_id: str, person: str, *, reassign_to: str | None = None
    ) -> Result:
        if reassign_to is not None and self.directory.get(reassign_to) is None:
            # A ticket held by nobody real would sit claimed (so never escalated) forever.
            known = ", ".join(sorted(self.directory.people)) or "none configured"
            return False, f"no person {reassign_to!r} to reassign {ticket_id} to (people: {known})"

        def change(t: Ticket) -> Ticket | str:
            if t.status != "claimed":
                return f"{t.id} is not claimed"
            if t.claimer != person and not self.directory.is_lead(person):
                return f"only {t.claimer} or a lead may unclaim or reassign {t.id}"
            if reassign_to:
                return t.model_copy(update={"claimer": reassign_to})
            return t.model_copy(update={"status": "open", "claimer": None})

        action = f"reassigned to {reassign_to}" if reassign_to else "unclaimed"
        return await self._transition(ticket_id, person, action, change)

    async def resolve(self, ticket_id: str, person: str) -> Result:
        def change(t: Ticket) -> Ticket | str:
            if t.status == "resolved":
                return f"{t.id} is already resolved"
            return t.model_copy(update={"status": "resolved", "claimer": t.claimer or person})

        ok, msg = await self._transition(ticket_id, person, "resolved", change)
        if ok:
            await self.store.cancel(_esc_job(ticket_id))
        return ok, msg

    async def reopen(self, ticket_id: str, person: str) -> Result:
        def change(t: Ticket) -> Ticket | str:
            if t.status != "resolved":
                return f"{t.id} is not resolved"
            return t.model_copy(update={"status": "open", "claimer": None})

        return await self._transition(ticket_id, person, "reopened", change)

    async def snooze(
        self, ticket_id: str, person: str, duration: timedelta = SNOOZE_DEFAULT
    ) -> Result:
        until = self.clock() + duration

        def change(t: Ticket) -> Ticket | str:
            if t.status == "resolved":
                return f"{t.id} is resolved"
            return t.model_copy(update={"snoozed_until": until})

        ok, msg = await self._transition(
            ticket_id, person, f"snoozed until {until:%H:%M UTC}", change
        )
        if ok:
            ticket = await self.store.get_ticket(ticket_id)
            if ticket is not None and ticket.status == "open" and ticket.escalation:
                await self.store.schedule(
                    _esc_job(ticket_id),
                    until,
                    json.dumps({"ticket": ticket_id, "step": ticket.escalation_level}),
                )
        return ok, msg

    async def _transition(
        self,
        ticket_id: str,
        actor: str,
        action: str,
        change: Callable[[Ticket], Ticket | str],
        *,
        detail: str = "",
    ) -> Result:
        for _ in range(20):
            current = await self.store.get_ticket(ticket_id)
            if current is None:
                return False, f"no ticket {ticket_id}"
            changed = change(current)
            if isinstance(changed, str):
                return False, changed
            now = self.clock()
            new = changed.model_copy(
                update={
                    "version": current.version + 1,
                    "history": (
                        *current.history,
                        HistoryEntry(at=now, actor=actor, action=action, detail=detail),
                    ),
                }
            )
            if await self.store.update_ticket(new, expected_version=current.version):
                await self.audit.record(
                    actor=actor,
                    action=f"ticket.{action.split(maxsplit=1)[0]}",
                    obj=new,
                    before=current,
                    object_type="ticket",
                    object_id=ticket_id,
                    detail=detail or action,
                )
                await self._refresh_card(
                    new, note=f"{actor} {action}" + (f": {detail}" if detail else "")
                )
                return True, f"{ticket_id} {action}"
        return False, f"{ticket_id} is busy; try again"

    async def _refresh_card(self, ticket: Ticket, *, note: str) -> None:
        signal = await self.store.get_signal(ticket.signal_id)
        card = ticket_card(ticket, signal).model_copy(update={"thread_note": note})
        for ch in ticket.channels:
            await self.outbox.send(
                key=f"{ticket.id}@{ch.channel}#{ticket.version}",
                workspace=ch.workspace,
                channel=ch.channel,
                card=card,
                update=True,
            )

    # -- escalation --------------------------------------------------------------------------

    async def _schedule_step(
        self, ticket: Ticket, step: int, *, base: datetime | None = None
    ) -> None:
        policy = ticket.escalation
        if policy is None:
            return
        n = len(policy.steps)
        if step >= n * (policy.repeat + 1):
            return
        after = policy.steps[step % n].after_minutes
        due = (base or ticket.created_at) + timedelta(minutes=after)
        await self.store.schedule(
            _esc_job(ticket.id), due, json.dumps({"ticket": ticket.id, "step": step})
        )

    async def fire_escalation(self, payload: str) -> bool:
        """Run one escalation step (called when its timer is due). True if it notified."""
        data = json.loads(payload)
        ticket_id, step = str(data["ticket"]), int(data["step"])
        ticket = await self.store.get_ticket(ticket_id)
        if ticket is None or ticket.escalation is None or ticket.status != "open":
            return False  # claimed or resolved: the chain stops
        now = self.clock()
        if ticket.snoozed_until is not None and ticket.snoozed_until > now:
            await self.store.schedule(_esc_job(ticket_id), ticket.snoozed_until, payload)
            return False
        if ticket.escalation_level != step:
            return False  # this step already fired (or a later one did)
        policy = ticket.escalation
        s = policy.steps[step % len(policy.steps)]
        new = ticket.model_copy(
            update={
                "escalation_level": step + 1,
                "version": ticket.version + 1,
                "history": (
                    *ticket.history,
                    HistoryEntry(at=now, actor="socialops", action=f"escalated (step {step + 1})"),
                ),
            }
        )
        if not await self.store.update_ticket(new, expected_version=ticket.version):
            return False
        self.metrics.inc("escalations_total")
        await self.audit.record(
            actor="socialops",
            action="ticket.escalate",
            obj=new,
            before=ticket,
            object_type="ticket",
            object_id=ticket_id,
            detail=f"step {step + 1} of {policy.name}",
        )
        await self._notify_step(new, s, step)
        await self._refresh_card(new, note=f"escalated: step {step + 1} of {policy.name}")
        await self._schedule_step(new, step + 1, base=now)
        return True

    async def _notify_step(self, ticket: Ticket, s: EscalationStep, step: int) -> None:
        text = (
            f"{ticket.id} has been unclaimed for "
            f"{int((self.clock() - ticket.created_at).total_seconds() // 60)} min."
        )
        targets: list[ChannelRef] = list(ticket.channels)
        if s.channel and s.channel in self.channels:
            ch = self.channels[s.channel]
            targets.append(ChannelRef(workspace=ch.workspace, channel=ch.id))
        for ref in targets:
            users = self.directory.platform_ids(ref.workspace, s.notify_users)
            groups = tuple(s.notify_groups)
            card = notice_card(
                f"{ticket.id}-esc{step}",
                f"Escalation: {ticket.id}",
                text,
                mention_users=users,
                mention_groups=groups,
            )
            await self.outbox.send(
                key=f"{ticket.id}-esc{step}@{ref.channel}",
                workspace=ref.workspace,
                channel=ref.channel,
                card=card,
            )


def _esc_job(ticket_id: str) -> str:
    return f"esc:{ticket_id}"
