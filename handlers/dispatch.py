"""The one InteractionHandler every workspace calls: maps the platform user to a person, then
runs the verb (claim, approve, subscribe, ...) and answers with a Reply.

Verbs and their arguments are the same from a button, a reaction, a slash command or a line typed
in the console; see ``bot.core.commands`` for the text syntax.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Protocol, cast, get_args

from bot.core.cards import Interaction, Reply
from bot.core.commands import help_text
from bot.core.durations import parse_duration
from bot.core.effects import Effects
from bot.core.metrics import Metrics
from bot.core.models import Network, Signal, Ticket
from bot.core.ports import Clock, Transactions
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.identity import UNLINKED, Directory
from handlers.subscriptions import SubscriptionService
from handlers.tickets import TicketService

log = logging.getLogger(__name__)

ExplainFn = Callable[[str], Awaitable[str]]
StatusFn = Callable[[], Awaitable[str]]
PUBLIC = frozenset({"claim", "resolve", "reopen", "unclaim"})


class DispatchReads(Protocol):
    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...
    async def get_signal(self, signal_id: str) -> Signal | None: ...


class Dispatcher:
    def __init__(
        self,
        *,
        reads: DispatchReads,
        applier: Transactions,
        clock: Clock,
        audit: Audit,
        directory: Directory,
        tickets: TicketService,
        approvals: ApprovalService,
        subscriptions: SubscriptionService,
        explain: ExplainFn | None = None,
        status: StatusFn | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.reads = reads
        self.applier = applier
        self.clock = clock
        self.audit = audit
        self.directory = directory
        self.tickets = tickets
        self.approvals = approvals
        self.subscriptions = subscriptions
        self.explain = explain
        self.status = status
        self.metrics = metrics or Metrics()

    async def handle(self, interaction: Interaction) -> Reply:
        action = interaction.action
        if action == "help":
            return Reply(text=help_text())
        person = self.directory.person_for(interaction.workspace, interaction.user)
        if person is None:
            self.metrics.inc("interactions_total", action=action, outcome="unlinked")
            platform = interaction.workspace.capitalize()
            return Reply.refused(UNLINKED.format(platform=platform,
                                                 workspace=interaction.workspace))
        try:
            reply = await self._run(interaction, person.id)
        except ValueError as exc:  # a malformed argument (a duration, a number)
            reply = Reply.refused(str(exc))
        self.metrics.inc("interactions_total", action=action,
                         outcome="ok" if reply.ok else "refused")
        if not reply.ok:
            fx = Effects()
            fx.audit.append(self.audit.event(actor=person.id, action=f"refused.{action}",
                                             object_type="interaction",
                                             object_id=interaction.target or "-",
                                             detail=reply.text))
            await self.applier.apply(fx)
        elif action in PUBLIC:
            reply = reply.model_copy(update={"ephemeral": False})
        else:
            reply = reply.model_copy(update={"ephemeral": True})
        return reply

    async def _run(self, i: Interaction, person: str) -> Reply:
        a, target = i.action, i.target or (i.args[0] if i.args else None)
        rest = i.args[1:] if i.target is None else i.args
        if a in {"claim", "unclaim", "resolve", "reopen", "snooze"}:
            if not target:
                return Reply.refused(f"usage: {a} T-<number>")
            if a == "claim":
                return await self.tickets.claim(target, person)
            if a == "unclaim":
                return await self.tickets.unclaim(target, person, reassign_to=i.options.get("to"))
            if a == "resolve":
                return await self.tickets.resolve(target, person)
            if a == "reopen":
                return await self.tickets.reopen(target, person)
            duration = parse_duration(rest[0]) if rest else timedelta(hours=1)
            return await self.tickets.snooze(target, person, duration)
        if a in {"approve", "reject", "edit"}:
            if not target:
                return Reply.refused(f"usage: {a} A-<number>")
            if a == "approve":
                return await self.approvals.approve(target, person)
            text = i.comment if i.comment is not None else " ".join(rest)
            if a == "reject":
                return await self.approvals.reject(target, person, text)
            return await self.approvals.edit(target, person, text)
        if a == "reply":
            return await self._reply(
                target, " ".join(rest) if i.comment is None else i.comment, person
            )
        if a == "draft":
            if len(i.args) < 3:
                return Reply.refused("usage: draft <network> <account> <text>")
            network = i.args[0]
            if network not in get_args(Network):
                return Reply.refused(f"unknown network {network!r}")
            _, reply = await self.approvals.draft(
                text=" ".join(i.args[2:]), network=cast(Network, network), account=i.args[1],
                author=person)
            return reply
        if a in {"subscribe", "unsubscribe", "list", "mute"}:
            return await self.subscriptions.handle(i, person)
        if a == "explain":
            if self.explain is None or not target:
                return Reply.refused("usage: explain <mention id>")
            return Reply.done(await self.explain(target))
        if a == "status":
            return Reply.done(await self.status() if self.status else "running")
        return Reply.refused(f"unknown command {a!r}; try help")

    async def _reply(self, ticket_id: str | None, text: str, person: str) -> Reply:
        if not ticket_id or not text.strip():
            return Reply.refused("usage: reply T-<number> <text>")
        ticket = await self.reads.get_ticket(ticket_id)
        if ticket is None:
            return Reply.refused(f"no ticket {ticket_id}")
        signal = await self.reads.get_signal(ticket.signal_id)
        if signal is None:
            return Reply.refused(f"the mention behind {ticket_id} is no longer stored")
        m = signal.mention
        # Answer from the account that heard the mention; else any account on that network.
        publishers = self.approvals.publishers
        account = m.source if m.source in publishers else next(
            (acc for acc, pub in publishers.items() if pub.network in (m.network, "*")), None)
        if account is None:
            return Reply.refused(f"no configured account can publish to {m.network}")
        approval, reply = await self.approvals.draft(
            text=text, network=m.network, account=account, author=person, reply_to=m.id,
            reply_context=f"@{m.author.handle}: {m.text[:300]}", ticket_id=ticket_id)
        if approval is None:
            return reply
        return Reply.done(f"{approval.id} drafted as a reply to {ticket_id}; "
                          "waiting for approval")
