"""A person's home screen (``bot.core.home.Home``), built from the same services the chat
verbs use: who each on-call schedule has on call (``bot.core.oncall``, as ``oncall`` says it,
and whether it is me), ``TicketQueue`` pages (claimed by me; overdue and unclaimed in each of
my teams), the pending approvals ``ApprovalService.may_decide`` lets me decide, and the
subscriptions of my teams' channels in the workspace asking.

*My teams* are the person's ``groups:``; a team is a channel name or a people group, as in
``tickets <team>``. Every list is bounded (``ROWS``); the rest is counted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.config import ChannelConfig, PersonConfig
from bot.core.home import Home, HomeItem, HomeSection
from bot.core.models import Approval, MessageRef, Subscription
from bot.core.networks import display_name
from bot.core.oncall import Schedule, reader_clock, status, when
from bot.core.ports import Clock
from bot.core.text import truncate
from handlers.approvals import ApprovalService
from handlers.cards import CardLink, where_is
from handlers.overrides import ChatOverrides, live
from handlers.queue import TicketPage, TicketQuery, TicketQueue, TicketRow
from handlers.subscriptions import describe

ROWS = 10  # items per section; a home shows a handful of sections
DRAFT_PREVIEW = 120

PersonOf = Callable[[str, str], Awaitable[PersonConfig | None]]  # (workspace, user) -> person


class HomeReads(Protocol):
    async def list_approvals(self, *, status: str | None = None) -> list[Approval]: ...
    async def list_subscriptions(
        self, *, workspace: str | None = None, channel: str | None = None
    ) -> list[Subscription]: ...
    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None: ...


class HomeService:
    def __init__(self, reads: HomeReads, *, queue: TicketQueue, approvals: ApprovalService,
                 person_of: PersonOf, channels: Mapping[str, ChannelConfig], clock: Clock,
                 link: CardLink | None = None,
                 schedules: Mapping[str, Schedule] | None = None,
                 overrides: ChatOverrides | None = None) -> None:
        self.reads = reads
        self.schedules = schedules or {}
        self.overrides = overrides  # chat's (handlers.overrides), read as the home is built
        self.queue = queue
        self.approvals = approvals
        self.person_of = person_of
        self.channels = channels
        self.clock = clock
        self.link = link

    async def home(self, workspace: str, user: str) -> Home:
        person = await self.person_of(workspace, user)
        if person is None:
            return Home(person=None, note=(
                "Your account is not linked to a socialops person yet: type "
                "`/socialops link <your email>` to link it, then open this tab again."))
        # times on the clock of the workspace viewing it too, as its answers say them
        zone = self.approvals.zone(workspace)
        sections = [await self._on_call(person.id, zone)] if self.schedules else []
        mine = await self.queue.page(TicketQuery(mine=True, limit=ROWS), person.id)
        sections.append(self._section("Claimed by you", mine, zone=zone,
                                      empty="You have no claimed tickets."))
        for team in person.groups:
            overdue = await self.queue.page(TicketQuery(overdue=True, team=team, limit=ROWS),
                                            person.id)
            sections.append(self._section(f"Overdue in {team}", overdue, zone=zone,
                                          empty="Nothing overdue."))
            unclaimed = await self.queue.page(TicketQuery(open=True, team=team,
                                                          limit=ROWS + overdue.total), person.id)
            # the overdue ones are counted apart: the list is in priority order, so an overdue
            # ticket of a lower priority is not among the rows read
            late = await self.queue.page(TicketQuery(open=True, overdue=True, team=team,
                                                     limit=0), person.id)
            fresh = TicketPage(query=unclaimed.query,
                               rows=tuple(r for r in unclaimed.rows if not r.overdue)[:ROWS],
                               total=unclaimed.total - late.total)
            sections.append(self._section(f"Unclaimed in {team}", fresh, zone=zone,
                                          empty="No unclaimed tickets."))
        sections.append(await self._approvals(person.id, workspace))
        sections.append(await self._subscriptions(workspace, person))
        return Home(person=person.id, sections=tuple(sections))

    async def _on_call(self, person: str, zone: str | None = None) -> HomeSection:
        """Each schedule's row as ``oncall`` says it, the person's own first; a line above
        them when the person is the one on call, or the one on call next. As of now: the home
        is rebuilt when opened. ``zone``: the viewing workspace's, each handoff said on its
        clock too, as ``oncall`` does."""
        schedules = await live(self.schedules, self.overrides)
        now = self.clock()
        reader = ZoneInfo(zone) if zone else None

        def at(s: Schedule, moment: datetime) -> str:
            return when(moment, s.zone) + reader_clock(moment, s.zone, reader)
        on = [(s, s.on_call(now)) for s in schedules.values()]
        yours = [(s, c) for s, c in on if c.person == person]
        coming = [(s, c) for s, c in on if c.then == person and c.person != person and c.until]
        notes = []
        if yours:
            notes.append("You are on call in " + ", and in ".join(
                s.name + (f" until {at(s, c.until)}" if c.until else "")
                for s, c in yours))
        if coming:  # PagerDuty's "your next on-call shift"
            notes.append(("You are" if not yours else "you are") + " on call next in "
                         + ", and in ".join(f"{s.name} from {at(s, c.until)}"
                                            for s, c in coming if c.until))
        note = "; ".join(notes) or None
        shown = sorted(on, key=lambda sc: sc[1].person != person)[:ROWS]
        return HomeSection(title="On call", note=note,
                           items=tuple(HomeItem(id=s.name,
                                                text=status(s, now, reader=reader))
                                       for s, _ in shown),
                           more=max(0, len(on) - ROWS))

    def _section(self, title: str, page: TicketPage, *, empty: str,
                 zone: str | None = None) -> HomeSection:
        return HomeSection(title=title, items=tuple(self._ticket(r, zone) for r in page.rows),
                           more=max(0, page.total - len(page.rows)), empty=empty)

    def _ticket(self, r: TicketRow, zone: str | None = None) -> HomeItem:
        line = TicketQueue.line(r, self.clock(), zone=zone).removeprefix("• ")
        # the id leads the item and the link is its own field
        line = line.removeprefix(f"{r.id} · ")
        if r.link:
            line = line.removesuffix(f" · {r.link}")
        return HomeItem(id=r.id, text=line, link=r.link, overdue=r.overdue)

    async def _approvals(self, person: str, workspace: str) -> HomeSection:
        mine = [a for a in await self.reads.list_approvals(status="pending")
                if self.approvals.may_decide(a, person)]
        mine.sort(key=lambda a: a.created_at)
        items = []
        for a in mine[:ROWS]:
            home = a.channels[0] if a.channels else None
            ref = (await self.reads.message_ref(a.id, home.workspace, home.channel)
                   if home is not None else None)
            # cut between characters as drawn (a flag, an emoji with its skin tone), at a word
            draft = truncate(" ".join(a.text.split()), DRAFT_PREVIEW)
            items.append(HomeItem(
                id=a.id, link=await where_is(ref, self.link),
                text=f"{display_name(a.network)} as {a.account}, by {a.author}: “{draft}”"
                # on the clock of the workspace viewing it, as its answers say times
                + (f" · publishes at {self.approvals.shown(a.publish_at, workspace)}"
                   if a.publish_at is not None else "")))
        return HomeSection(title="Approvals you may decide", items=tuple(items),
                           more=max(0, len(mine) - ROWS), empty="Nothing waits for you.")

    async def _subscriptions(self, workspace: str, person: PersonConfig) -> HomeSection:
        now = self.clock()
        subs: list[Subscription] = []
        names = [g for g in person.groups if g in self.channels
                 and self.channels[g].workspace == workspace]
        for name in names:
            subs += await self.reads.list_subscriptions(workspace=workspace,
                                                        channel=self.channels[name].id)
        where = ", ".join(f"#{n}" for n in names) or "your teams' channels"
        zone = self.approvals.zone(workspace)
        items = tuple(HomeItem(id=s.id, text=describe(s, now, zone).removeprefix(f"{s.id}: "))
                      for s in subs[:ROWS])
        return HomeSection(title=f"Subscriptions in {where}", items=items,
                           more=max(0, len(subs) - ROWS),
                           empty="None yet: `/socialops subscribe <query>` in the channel.")
