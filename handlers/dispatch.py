"""The one InteractionHandler every workspace calls: maps the platform user to a person, then
runs the verb (claim, approve, subscribe, ...) and answers with a Reply.

Verbs and their arguments are the same from a button, a reaction, a slash command or a line typed
in the console; see ``bot.core.commands`` for the text syntax.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Protocol

from bot.core import networks, replies
from bot.core.acting import refusing
from bot.core.cards import ACCOUNT_IDS, Interaction, Reply, account_id_shaped, unlinked
from bot.core.commands import (
    HELP_TOPICS,
    SCHEDULE_OFF,
    SNOOZE_OFF,
    SNOOZE_UNTIL,
    help_text,
    parse_span,
    snooze_mistake,
    typed_id,
)
from bot.core.config import PersonConfig
from bot.core.durations import TooLong
from bot.core.effects import Effects
from bot.core.errors import Refusal, UnknownNetwork
from bot.core.metrics import Metrics
from bot.core.models import Approval, Signal, Ticket
from bot.core.ports import Clock, Transactions
from bot.core.text import at_handle, flat, is_blank, one_line, truncate
from bot.core.verbs import VERBS
from bot.core.when import snooze_end
from handlers.approvals import ApprovalService, draft_text, in_reply_to, left_out, stands
from handlers.assist import Assist
from handlers.audit import Audit
from handlers.deliveries import Deliveries
from handlers.drafts import Planner
from handlers.erasure import Erasure
from handlers.identity import Directory
from handlers.labels import Labels
from handlers.linking import LinkService
from handlers.oncall import OnCallBoard
from handlers.queue import TicketQueue
from handlers.report_verb import TeamReports
from handlers.subscriptions import SubscriptionService
from handlers.tickets import TicketService
from handlers.why import Why

log = logging.getLogger(__name__)

ExplainFn = Callable[[str], Awaitable[str]]
StatusFn = Callable[[], Awaitable[str]]
VerbHandler = Callable[[Interaction, str], Awaitable[Reply]]


_PADDED = re.compile(r"^T-0+[0-9]")  # a ticket id typed with leading zeros: T-01
_MENTION = re.compile(r"^<@!?([A-Za-z0-9]{1,30})(?:\|[^<>|]{0,200})?>$")  # a member picked


def no_such_member(key: str, shown: str, *, workspace: str, user: str) -> str:
    """The refusal of ``key=<member>`` (to=, for=) naming a member no person is here: what maps
    a member to a person is that person's ``identities:`` (under ``people:``), or a chat link;
    said with the entry to add. Every verb taking a person says it so."""
    return (f"{key}={shown} is a member no person in socialops.yaml is: add {workspace}: "
            f"{user} under that person's identities:, or have them link first (link <email>); "
            f"or name a person id, {key}=bob")


def target_of(i: Interaction) -> str | None:
    """The id a verb acts on: the button's, or the first argument typed."""
    return i.target or (i.args[0] if i.args else None)


def unreadable_target(i: Interaction) -> str | None:
    """The refusal of a button's value that is no id socialops made: one of several words or
    lines (a forged click, a stale client) was echoed as it came, "no ticket \\n0", an answer
    over two lines naming nothing to fix."""
    if i.via != "button" or not i.target or (i.target == flat(i.target) and " " not in i.target):
        return None  # a typed command's target is the rest of its words (a query, an id)
    return (f"this button's value {one_line(i.target, 40)!r} is not an id socialops made; "
            f"type the command instead: {VERBS[i.action].usage if i.action in VERBS else 'help'}")


def rest_of(i: Interaction) -> tuple[str, ...]:
    """The arguments after the id."""
    return i.args[1:] if i.target is None else i.args


class DispatchReads(Protocol):
    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...
    async def get_signal(self, signal_id: str) -> Signal | None: ...
    async def list_approvals(self, *, status: str | None = None) -> list[Approval]: ...


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
        why: Why | None = None,
        deliveries: Deliveries | None = None,
        labels: Labels | None = None,
        assist: Assist | None = None,
        queue: TicketQueue | None = None,
        links: LinkService | None = None,
        reports: TeamReports | None = None,
        oncall: OnCallBoard | None = None,
        saved_replies: Mapping[str, str] | None = None,
        drafts: Planner | None = None,
        platforms: Mapping[str, str] | None = None,
        erasure: Erasure | None = None,
    ) -> None:
        self.erasure = erasure
        # workspace name -> its platform as people call it ("Discord"), for what they are told
        self.platforms = dict(platforms or {})
        self.drafts = drafts
        self.oncall = oncall
        self.queue = queue
        self.reports = reports
        self.saved_replies = dict(saved_replies or {})  # name -> template (bot.core.replies)
        self.links = links
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
        self.why = why
        self.deliveries = deliveries
        self.labels = labels
        self.assist = assist
        self.metrics = metrics or Metrics()
        self.verbs = self._verbs()
        missing = set(VERBS) - set(self.verbs) - {"help"}
        unknown = set(self.verbs) - set(VERBS)
        if missing or unknown:  # fail at start-up, not when someone types the verb
            raise ValueError(f"verbs without a handler: {sorted(missing)}; "
                             f"handlers without a verb: {sorted(unknown)}")

    def _verbs(self) -> dict[str, VerbHandler]:
        """Each verb's handler, registered once; ``bot.core.verbs`` declares its usage,
        arguments and where its answer is shown."""
        tickets, approvals = self.tickets, self.approvals

        def on_ticket(act: Callable[[str, str, Interaction], Awaitable[Reply]]) -> VerbHandler:
            async def run(i: Interaction, person: str) -> Reply:
                target = target_of(i)
                if not target:
                    return Reply.refused(f"usage: {VERBS[i.action].usage}")
                return await act(target, person, i)
            return run

        async def snooze(target: str, person: str, i: Interaction) -> Reply:
            rest = rest_of(i)
            if rest and rest[0].strip().lower() == SNOOZE_OFF:
                return await tickets.unsnooze(target, person, zone=approvals.zone(i.workspace))
            if rest and (mistake := snooze_mistake(target, rest[0])) is not None:
                return Reply.refused(mistake)  # Discord's option, as the typed line says it
            words = rest[0].split(None, 1) if rest else []
            zone = approvals.zone(i.workspace)  # this workspace's clock: read and said on it
            if words and words[0].lower() == SNOOZE_UNTIL:  # until monday 9am
                until = snooze_end(words[1] if len(words) > 1 else "", tickets.clock(),
                                   zone=zone)
                return await tickets.snooze(target, person, until=until, zone=zone)
            try:
                duration = parse_span(rest[0]) if rest else timedelta(hours=1)
            except TooLong:  # past ten years: refused as past a snooze's own 90 days
                return tickets.too_far(one_line(rest[0], 20), zone=zone)
            return await tickets.snooze(target, person, duration, zone=zone)

        async def decide(target: str, person: str, i: Interaction) -> Reply:
            text = i.comment if i.comment is not None else " ".join(rest_of(i))
            if i.action == "reject":
                return await approvals.reject(target, person, text, workspace=i.workspace,
                                              shown_hash=i.options.get("sha256"))
            if (name := replies.typed_name(text)) is not None:
                return Reply.refused(replies.only_by_reply(name, f"{target} is unchanged"))
            return await approvals.edit(target, person, text, workspace=i.workspace)

        async def reply(i: Interaction, person: str) -> Reply:
            text = " ".join(rest_of(i)) if i.comment is None else i.comment
            return await self._reply(target_of(i), text, person, at=self._when(i),
                                     workspace=i.workspace)

        async def schedule(target: str, person: str, i: Interaction) -> Reply:
            rest = " ".join(rest_of(i)).strip()
            if not rest:
                return Reply.refused(f"usage: {VERBS['schedule'].usage}")
            at = None if rest.lower() == SCHEDULE_OFF else approvals.when(rest, i.workspace)
            return await approvals.schedule(target, person, at, workspace=i.workspace)

        async def saved(i: Interaction, person: str) -> Reply:
            return Reply.done(replies.listing(self.saved_replies))

        async def note(target: str, person: str, i: Interaction) -> Reply:
            text = i.comment if i.comment is not None else " ".join(rest_of(i))
            return await tickets.note(target, person, text)

        async def resolve(target: str, person: str, i: Interaction) -> Reply:
            note = i.comment if i.comment is not None else " ".join(rest_of(i))
            return await tickets.resolve(target, person, note)

        async def withdraw(target: str, person: str, i: Interaction) -> Reply:
            reason = i.comment if i.comment is not None else " ".join(rest_of(i))
            return await approvals.withdraw(target, person, reason, workspace=i.workspace,
                                            shown_hash=i.options.get("sha256"))

        async def escalate(target: str, person: str, i: Interaction) -> Reply:
            reason = i.comment if i.comment is not None else " ".join(rest_of(i))
            return await tickets.escalate(target, person, reason)

        async def priority(target: str, person: str, i: Interaction) -> Reply:
            rest = rest_of(i)
            if len(rest) != 1:
                return Reply.refused(f"usage: {VERBS['priority'].usage}")
            return await tickets.set_priority(target, person, rest[0])

        async def merge(target: str, person: str, i: Interaction) -> Reply:
            rest = rest_of(i)
            if len(rest) != 1:
                return Reply.refused(f"usage: {VERBS['merge'].usage}")
            said = await tickets.merge(target, rest[0], person)
            if not said.ok:
                return said
            # a reply drafted on the merged ticket still answers its post (its customer's):
            # said, so no one takes it for the other ticket's
            drafts = [a.id for s in ("pending", "approved")
                      for a in await self.reads.list_approvals(status=s) if a.ticket_id == target]
            if not drafts:
                return said
            what = (f"{drafts[0]}, a reply" if len(drafts) == 1
                    else f"{', '.join(drafts)}, replies")
            return Reply.done(f"{said.text}; {what} drafted on {target}, still answer"
                              f"{'s' if len(drafts) == 1 else ''} {target}'s post when published",
                              public=not said.ephemeral)

        async def explain(i: Interaction, person: str) -> Reply:
            target = target_of(i)
            if self.explain is None or not target:
                return Reply.refused(f"usage: {VERBS['explain'].usage}")
            return Reply.done(await self.explain(target))

        async def why(i: Interaction, person: str) -> Reply:
            target = target_of(i)
            if self.why is None or not target:
                return Reply.refused(f"usage: {VERBS['why'].usage}")
            return await self.why.why(target, zone=approvals.zone(i.workspace))

        async def label(i: Interaction, person: str) -> Reply:
            target, rest = target_of(i), rest_of(i)
            if self.labels is None or not target or len(rest) != 1:
                return Reply.refused(f"usage: {VERBS['label'].usage}")
            return await self.labels.label(target, rest[0], person)

        async def suggest(target: str, person: str, i: Interaction) -> Reply:
            if self.assist is None:
                return Reply.refused("no model endpoint is configured (model_endpoint.url)")
            return await self.assist.suggest(target, person)

        async def deliveries(i: Interaction, person: str) -> Reply:
            if self.deliveries is None:
                return Reply.refused("deliveries are not tracked here")
            return await self.deliveries.list_reply()

        async def retry(i: Interaction, person: str) -> Reply:
            if self.deliveries is None:
                return Reply.refused("deliveries are not tracked here")
            if not self.directory.is_lead(person):
                return Reply.refused("only leads and admins retry deliveries (a dead "
                                     "delivery usually needs a fix first: see `deliveries`)")
            return await self.deliveries.retry(target_of(i) or "", person)

        async def link(i: Interaction, person: str) -> Reply:
            if self.links is None:
                return Reply.refused("linking from chat is not available here")
            return await self.links.link(i, person)

        async def unlink(i: Interaction, person: str) -> Reply:
            if self.links is None:
                return Reply.refused("linking from chat is not available here")
            return await self.links.unlink(target_of(i) or "", person)

        async def forget(i: Interaction, person: str) -> Reply:
            # a person's data erased for good (GDPR Art. 17): the deployment's admins only
            if self.erasure is None:
                return Reply.refused("erasing from chat is not available here")
            if not self.directory.is_admin(person):
                return Reply.refused("only admins erase a person's data (`forget`); ask one")
            target, rest = target_of(i), rest_of(i)
            if not target or rest not in ((), ("dry-run",)):
                return Reply.refused(f"usage: {VERBS['forget'].usage}")
            return await self.erasure.reply(target, actor=person, dry_run=bool(rest))

        async def status(i: Interaction, person: str) -> Reply:
            target = target_of(i)
            if target and self.queue is not None:
                return await self.queue.status_reply(target,
                                                     zone=approvals.zone(i.workspace))
            return Reply.done(await self.status() if self.status else "running")

        async def queue(i: Interaction, person: str) -> Reply:
            if self.queue is None:
                return Reply.refused("tickets are not listed here")
            return await self.queue.list_reply(i.args, person,
                                               zone=approvals.zone(i.workspace))

        async def drafts(i: Interaction, person: str) -> Reply:
            # read-only, as `tickets`: whoever may use the bot may see what goes out when
            if self.drafts is None:
                return Reply.refused("drafts are not listed here")
            return await self.drafts.reply(i.args, person, workspace=i.workspace,
                                           zone=approvals.zone(i.workspace))

        async def report(i: Interaction, person: str) -> Reply:
            # read-only, as `tickets` and `why`: whoever may use the bot may ask
            if self.reports is None:
                return Reply.refused("the team report is not available here")
            return await self.reports.reply(i)

        async def oncall(i: Interaction, person: str) -> Reply:
            # asking is read-only, as `tickets`: whoever may use the bot may ask who is on
            # call; cover/drop say themselves who may (handlers.overrides)
            board = self.oncall or OnCallBoard({}, clock=self.clock)
            if len(i.args) < 3:
                return await board.reply(target_of(i), workspace=i.workspace)
            name, what, rest = i.args[:3]
            return await board.reply(name, what, rest, person=person,
                                     for_=i.options.get("for"), workspace=i.workspace)

        subscriptions = self.subscriptions.handle
        return {
            "claim": on_ticket(lambda t, p, i: tickets.claim(t, p)),
            "unclaim": on_ticket(lambda t, p, i: tickets.unclaim(
                t, p, reassign_to=i.options.get("to"), workspace=i.workspace)),
            "resolve": on_ticket(resolve),
            "reopen": on_ticket(lambda t, p, i: tickets.reopen(t, p)),
            "snooze": on_ticket(snooze),
            "note": on_ticket(note),
            "escalate": on_ticket(escalate),
            "priority": on_ticket(priority),
            "tag": on_ticket(lambda t, p, i: tickets.tag(t, p, rest_of(i))),
            "merge": on_ticket(merge),
            "tickets": queue,
            "report": report,
            "reply": reply,
            "replies": saved,
            "drafts": drafts,
            "draft": self._draft,
            # the hash of the version the person saw: from the button or reaction's card, or
            # typed after the id; without one nothing is approved (see ApprovalService)
            "approve": on_ticket(lambda t, p, i: approvals.approve(
                t, p, shown_hash=i.options.get("sha256"), workspace=i.workspace,
                step=int(n) if (n := i.options.get("step", "")).isdigit() else None)),
            "schedule": on_ticket(schedule),
            "reject": on_ticket(decide),
            "withdraw": on_ticket(withdraw),
            "edit": on_ticket(decide),
            "subscribe": subscriptions,
            "preview": subscriptions,
            "unsubscribe": subscriptions,
            "list": subscriptions,
            "mute": subscriptions,
            "unmute": subscriptions,
            "explain": explain,
            "why": why,
            "deliveries": deliveries,
            "label": label,
            "suggest": on_ticket(suggest),
            "retry": retry,
            "link": link,
            "unlink": unlink,
            "forget": forget,
            "status": status,
            "oncall": oncall,
        }

    async def handle(self, interaction: Interaction) -> Reply:
        action = interaction.action
        if action == "help":  # `help spikes`: a topic, as parse_command let it through
            topic = next((a for a in interaction.args if a in HELP_TOPICS), None)
            return Reply(text=help_text(topic))
        person = await self.person(interaction.workspace, interaction.user)
        if person is None:
            if action == "link" and self.links is not None:  # the way to get linked
                return await self.links.link(interaction, None)
            self.metrics.inc("interactions_total", action=action, outcome="unlinked")
            platform = self.platforms.get(interaction.workspace,
                                          interaction.workspace.capitalize())
            return Reply.refused(unlinked(platform, interaction.workspace, interaction.user))
        handler = self.verbs.get(action)
        picked = (unreadable_target(interaction)
                  or await self._picked(await self._unpadded(interaction)))
        try:
            reply = (Reply.refused(picked) if isinstance(picked, str)  # counted, audited
                     else await handler(picked, person.id) if handler is not None
                     else Reply.refused(f"unknown command {action!r}; try help"))
        except Refusal as exc:  # found deep in the request: a malformed duration or query
            reply = Reply.refused(exc.message, field=exc.field)
        # an act done and then failed (an approve whose publish failed) was accepted: not a
        # refusal, in the count as in the audit
        self.metrics.inc("interactions_total", action=action if handler else "unknown",
                         outcome="ok" if reply.ok else "failed" if reply.acted else "refused")
        if not reply.ok and not reply.acted:  # an act done and then failed is audited as
            # its own writes say (approved, then failed), not as a refusal of the verb
            if reply.audited:  # its handler wrote the refusal's row, with what it found
                return reply
            fx = Effects()
            fx.audit.append(self.audit.event(actor=person.id, action=f"refused.{action}",
                                             object_type="interaction",
                                             object_id=interaction.target or "-",
                                             detail=reply.text))
            with refusing():  # a form's run-once mark does not ride on it (bot.core.acting)
                await self.applier.apply(fx)
            return reply
        verb = VERBS.get(action)
        return reply.model_copy(update={"ephemeral": not (verb is not None and verb.public)})

    async def _picked(self, i: Interaction) -> Interaction | str:
        """``i`` with a member named in ``to=`` or ``for=`` read as the person that member is
        here (``identities:`` or a link): picked as a mention (``<@id>``, as Discord writes
        one picked in a string option, ``<@U...|name>`` as Slack escapes one), or the member
        ID typed bare (Slack's "Copy member ID", Discord's "Copy User ID") where no person
        has that id. The one line saying what to do instead when that member is nobody."""
        options = dict(i.options)
        for key in ("to", "for"):
            typed = options.get(key) or ""
            m = _MENTION.match(typed)
            uid = m.group(1) if m is not None else typed if self._member_id(i, typed) else None
            if uid is None:
                continue
            person = await self.person(i.workspace, uid)
            if person is None:
                # the member's id alone: the name after | is typed text, said by no answer
                return no_such_member(key, f"<@{uid}>" if m is not None else uid,
                                      workspace=i.workspace, user=uid)
            options[key] = person.id
        return i if options == i.options else i.model_copy(update={"options": options})

    def _member_id(self, i: Interaction, typed: str) -> bool:
        """Whether ``typed`` is a member ID of the asking workspace's platform that no person
        id is (a person's id wins: it is what ``to=`` and ``for=`` take)."""
        platform = self.platforms.get(i.workspace, "")
        return (platform in ACCOUNT_IDS and account_id_shaped(typed, platform)
                and self.directory.get(typed) is None
                and not any(p.casefold() == typed.casefold() for p in self.directory.people))

    async def _unpadded(self, i: Interaction) -> Interaction:
        """``i`` with a ticket id typed with leading zeros (``claim T-01``, ``why t-01``,
        ``merge T-02 into T-01``) read as the ticket it names, T-1: ids are made unpadded, as
        a subscription's ``S-02`` is S-2 (``handlers.subscriptions``); a record stored so
        (hand-made) is found first. "no ticket T-01" answered it (a review, 2026-12-07)."""
        if i.via != "command" or i.target is None:
            return i
        target = await self._ticket_typed(i.target)
        args = i.args
        if i.action == "merge" and args:  # merge T-4 into T-3: the one it joins
            args = (await self._ticket_typed(args[0]), *args[1:])
        if target == i.target and args == i.args:
            return i
        return i.model_copy(update={"target": target, "args": args})

    async def _ticket_typed(self, typed: str) -> str:
        plain = typed_id(typed)
        if plain is None or not _PADDED.match(plain) or \
                await self.reads.get_ticket(plain) is not None:
            return typed
        return f"T-{int(plain[2:])}"

    async def person(self, workspace: str, user: str) -> PersonConfig | None:
        """Who acts: by ``identities:``, else by a chat link read from the store now (an
        unlink in another process counts at once)."""
        found = self.directory.configured(workspace, user)
        if found is not None or self.links is None:
            return found
        person = await self.links.linked(workspace, user)
        return self.directory.get(person) if person else None

    async def _draft(self, i: Interaction, person: str) -> Reply:
        if len(i.args) < 3:
            return Reply.refused(f"usage: {VERBS['draft'].usage}")
        if (several := networks.one_a_draft(
                i.args[0], lambda n: f"draft {n} <account> <text>")) is not None:
            return Reply.refused(several)
        try:
            network = networks.network(i.args[0])
        except UnknownNetwork as exc:
            return Reply.refused(exc.message, field="network")
        text = " ".join(i.args[2:])
        if (name := replies.typed_name(text)) is not None:
            return Reply.refused(replies.only_by_reply(name, "nothing was drafted"),
                                 field="text")
        if (wrong := self.approvals.network_problem(i.args[1], network)) is not None:
            return Reply.refused(f"{wrong}; nothing was drafted")
        _, reply = await self.approvals.draft(
            text=text, network=network, account=i.args[1], author=person,
            publish_at=self._when(i), workspace=i.workspace)
        return reply

    def _when(self, i: Interaction) -> datetime | None:
        """The ``at=`` of a draft or a reply, read on the workspace's clock (Refusal);
        ``off``, as ``schedule`` takes it and a past time's refusal offers it: none."""
        typed = i.options.get("at")
        if typed is None or typed.strip().lower() == SCHEDULE_OFF:
            return None
        try:
            return self.approvals.when(typed, i.workspace)
        except Refusal as exc:  # about the time alone (a form's Publish at field)
            raise Refusal(exc.message, field="at") from exc

    async def _reply(self, ticket_id: str | None, text: str, person: str, *,
                     at: datetime | None = None, workspace: str | None = None) -> Reply:
        if not ticket_id or is_blank(text):
            return Reply.refused(f"usage: {VERBS['reply'].usage}",
                                 field="text" if ticket_id else "ticket")
        ticket = await self.reads.get_ticket(ticket_id)
        if ticket is None:
            return Reply.refused(f"no ticket {ticket_id}", field="ticket")
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
        saved = replies.typed_name(text)
        opening = replies.opening_name(text) if saved is None else None
        if opening is not None and opening in self.saved_replies:
            return Reply.refused(replies.with_more(opening, ticket_id), field="text")
        if saved is not None:
            template = self.saved_replies.get(saved)
            if template is None:
                if not self.saved_replies:  # nothing to list: say where they are written
                    return Reply.refused(f"no saved reply :{saved} (none are configured); "
                                         f"{replies.WHERE}", field="text")
                known = ", ".join(f":{n}" for n in sorted(self.saved_replies))
                return Reply.refused(f"no saved reply :{saved} (saved replies: {known}; "
                                     "the replies command lists them)", field="text")
            if replies.named(template, "author") and replies.nameless(
                    m.author.handle, author_id=m.author.id):
                # "Hi deleted," or "Hi did:plc:…" to the customer, or @12345 to a stranger
                return Reply.refused(
                    f"{ticket_id}'s author has no name {networks.display_name(m.network)} "
                    f"can address ({one_line(m.author.handle, 40)}), so :{saved}'s {{author}} "
                    f"cannot be filled; write the reply yourself: reply {ticket_id} <text>",
                    field="text")
            who = self.directory.get(person)
            text = replies.fill(template, {
                "author": replies.address(m.network, m.author.handle), "ticket": ticket_id,
                "network": networks.display_name(m.network),
                "agent": (who.name or who.id) if who is not None else person})
        # Mastodon notifies only the accounts a reply mentions: it starts with the author's
        # address and those the post mentions, as Mastodon's composer starts one, unless it
        # names them
        typed = text
        if (mention := await self.approvals.reply_opening(
                account, m.network, m.author.handle, m.handles, text)) is not None:
            text = f"{mention} {text}"
        approval, reply = await self.approvals.draft(
            text=text, network=m.network, account=account, author=person, reply_to=m.id,
            reply_context=in_reply_to(m.author.handle, m.text) + (
                f"\n(translated from {signal.language}) {truncate(signal.translation, 300)}"
                if signal.translation else ""), ticket_id=ticket_id, publish_at=at,
            workspace=workspace)
        if approval is None and mention is not None and not reply.ok and \
                await self.approvals.draft_problem(typed, network=m.network,
                                                   account=account) is None:
            # the text typed fits; with the mention added it does not: said, or the writer
            # is told it is over by characters they never typed
            return reply.model_copy(update={"text": replies.mention_refused(
                reply.text, mention, m.network)})
        if approval is None:
            return reply
        source = f" from :{saved}" if saved is not None else ""
        when = (f"; it publishes at {self.approvals.shown(at, workspace)} once approved"
                if at is not None else "")
        # a merged ticket's post is still its customer's to answer (T-3's reply does not reach
        # them): said, so no one takes it for T-3's; the handle is the network's text, one
        # line and cut here (a line break in it drew lines of its own in the answer)
        merged = (f" (merged into {ticket.merged_into}: this answers {ticket_id}'s post, by "
                  f"{at_handle(m.author.shown())})" if ticket.merged_into is not None
                  else "")
        if mention is not None:
            merged += (f" (it starts with {mention}: {networks.display_name(m.network)} "
                       "notifies only the accounts a reply mentions)")
        return Reply.done(f"{approval.id} drafted{source} as a reply to {ticket_id}{merged}; "
                          f"waiting for approval{when}{left_out(draft_text(text)[1])}"
                          + await self._others_answering(ticket, approval, person))

    async def _others_answering(self, ticket: Ticket, draft: Approval, person: str) -> str:
        """What a reply's author should know before the customer gets two answers (Sprout
        Social's collision detection): the other replies to the ticket, or to the post it
        answers (``socialops draft --reply-to`` names no ticket), still waiting (pending,
        approved or being published) or published in the last day (``ApprovalService.others``,
        as the approver is told), and who holds the ticket if not them."""
        others = await self.approvals.others(draft)
        waiting = [a for a in others if a.status != "published"]
        said = ""
        if waiting:
            listed = ", ".join(f"{a.id} by {a.author} ({a.status})" for a in waiting[:3])
            more = f" and {len(waiting) - 3} more" if len(waiting) > 3 else ""
            what = "another reply" if len(waiting) == 1 else "other replies"
            said += (f"; {ticket.id} has {what} waiting: {listed}{more}: the customer gets each "
                     "one approved (reject one to send one answer)")
        now = self.clock()
        for a in [a for a in others if a.status == "published"][:3]:
            said += f"; {a.id} by {a.author}, a reply to the same post, {stands(a, now)}"
        if ticket.claimer is not None and ticket.claimer != person:
            said += f"; {ticket.id} is claimed by {ticket.claimer}"
        return said
