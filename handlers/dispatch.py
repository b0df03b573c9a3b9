"""The one InteractionHandler every workspace calls: maps the platform user to a person, then
runs the verb (claim, approve, subscribe, ...) and answers with a Reply.

Verbs and their arguments are the same from a button, a reaction, a slash command or a line typed
in the console; see ``bot.core.commands`` for the text syntax.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import cast, get_args

from bot.core.cards import Interaction, Reply
from bot.core.commands import help_text
from bot.core.metrics import Metrics
from bot.core.models import Network
from bot.core.ports import Clock, Store
from bot.core.text import is_blank
from handlers.approvals import ApprovalService
from handlers.identity import UNLINKED, Directory
from handlers.subscriptions import SubscriptionService
from handlers.tickets import TicketService

log = logging.getLogger(__name__)

ExplainFn = Callable[[str], Awaitable[str]]
StatusFn = Callable[[], Awaitable[str]]

_DURATION = re.compile(r"^(\d+)([mhd])$")


def parse_duration(text: str) -> timedelta:
    m = _DURATION.match(text.strip().lower())
    if not m:
        raise ValueError(f"bad duration {text!r}: use e.g. 30m, 2h or 1d")
    n, unit = int(m.group(1)), m.group(2)
    return (
        timedelta(minutes=n)
        if unit == "m"
        else timedelta(hours=n)
        if unit == "h"
        else timedelta(days=n)
    )


class Dispatcher:
    def __init__(
        self,
        *,
        store: Store,
        clock: Clock,
        directory: Directory,
        tickets: TicketService,
        approvals: ApprovalService,
        subscriptions: SubscriptionService,
        explain: ExplainFn | None = None,
        status: StatusFn | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
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
            return Reply(
                text=UNLINKED.format(platform=platform, workspace=interaction.workspace), ok=False
            )
        try:
            ok, text = await self._run(interaction, person.id)
        except ValueError as exc:
            ok, text = False, str(exc)
        self.metrics.inc("interactions_total", action=action, outcome="ok" if ok else "refused")
        if not ok:
            await self.tickets.audit.record(
                actor=person.id,
                action=f"refused.{action}",
                object_type="interaction",
                object_id=interaction.target or "-",
                detail=text,
            )
        public = ok and action in {"claim", "resolve", "reopen", "unclaim"}
        return Reply(text=text, ok=ok, ephemeral=not public)

    async def _run(self, i: Interaction, person: str) -> tuple[bool, str]:
        a, target = i.action, i.target or (i.args[0] if i.args else None)
        rest = i.args[1:] if i.target is None else i.args
        if a in {"claim", "unclaim", "resolve", "reopen", "snooze"}:
            if not target:
                return False, f"usage: {a} T-<number>"
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
                return False, f"usage: {a} A-<number>"
            if a == "approve":
                # the hash of the version the person saw: from the button or reaction's card,
                # or typed after the id; without one nothing is approved (see ApprovalService)
                return await self.approvals.approve(
                    target, person, shown_hash=i.options.get("sha256"))
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
                return False, "usage: draft <network> <account> <text>"
            network = i.args[0]
            if network not in get_args(Network):
                return False, f"unknown network {network!r}"
            approval = await self.approvals.draft(
                text=" ".join(i.args[2:]),
                network=cast(Network, network),
                account=i.args[1],
                author=person,
            )
            return True, f"{approval.id} drafted and waiting for approval"
        if a in {"subscribe", "unsubscribe", "list", "mute"}:
            return await self.subscriptions.handle(i, person)
        if a == "explain":
            if self.explain is None or not target:
                return False, "usage: explain <mention id>"
            return True, await self.explain(target)
        if a == "status":
            return True, await self.status() if self.status else "running"
        return False, f"unknown command {a!r}; try help"

    async def _reply(self, ticket_id: str | None, text: str, person: str) -> tuple[bool, str]:
        if not ticket_id or is_blank(text):
            return False, "usage: reply T-<number> <text>"
        ticket = await self.tickets.store.get_ticket(ticket_id)
        if ticket is None:
            return False, f"no ticket {ticket_id}"
        signal = await self.store.get_signal(ticket.signal_id)
        if signal is None:
            return False, f"the mention behind {ticket_id} is no longer stored"
        m = signal.mention
        # Answer from the account that heard the mention; else any account on that network.
        publishers = self.approvals.publishers
        account = m.source if m.source in publishers else next(
            (acc for acc, pub in publishers.items() if pub.network in (m.network, "*")), None)
        if account is None:
            return False, f"no configured account can publish to {m.network}"
        approval = await self.approvals.draft(
            text=text,
            network=m.network,
            account=account,
            author=person,
            reply_to=m.id,
            reply_context=f"@{m.author.handle}: {m.text[:300]}",
            ticket_id=ticket_id,
        )
        return True, f"{approval.id} drafted as a reply to {ticket_id}; waiting for approval"
