"""The ``oncall`` verb: who each on-call schedule (``schedules:``, ``bot.core.oncall``) has on
call now, until when, and who then; ``oncall NAME`` for one schedule, answered to the asker at
the injected clock's time, chat's overrides counted (read from the store as it is asked);
``oncall NAME cover|overrides|drop ...`` makes, lists and drops those (``handlers.overrides``).
And ``Handoffs``: each handoff of a schedule with ``announce:``, said in its channel when it
comes."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core import keys as K
from bot.core.cards import Card, OutboxItem, Reply
from bot.core.effects import Effects
from bot.core.models import ChannelRef
from bot.core.oncall import Schedule, describe, status, when
from bot.core.ports import Clock, DueTimer, Transactions
from bot.core.text import one_line
from bot.core.validation import suggest
from handlers.cards import notice_card
from handlers.overrides import ChatOverrides, OverrideDesk, live, take_change

NONE_CONFIGURED = ("no on-call schedules are configured; declare them under schedules: in "
                   "socialops.yaml (docs/configuration.md)")


class OnCallBoard:
    def __init__(self, schedules: Mapping[str, Schedule], *, clock: Clock,
                 overrides: ChatOverrides | None = None,
                 desk: OverrideDesk | None = None,
                 zones: Mapping[str, str] | None = None) -> None:
        self.schedules = schedules
        # workspace -> its timezone: who asks reads each handoff on their clock too
        self.zones = {w: ZoneInfo(z) for w, z in (zones or {}).items()}
        self.clock = clock
        self.overrides = overrides or (desk.chat if desk is not None else None)
        self.desk = desk

    async def reply(self, name: str | None = None, what: str | None = None, rest: str = "", *,
                    person: str | None = None, for_: str | None = None,
                    workspace: str | None = None) -> Reply:
        if not self.schedules:
            return Reply.refused(NONE_CONFIGURED)
        reader = self.zones.get(workspace or "")
        if what and not name:  # `oncall cover 2h`: PagerDuty's app asks for no schedule
            if len(self.schedules) > 1:
                typed = one_line(" ".join(w for w in (what, rest) if w), 60)
                return Reply.refused(f"which schedule? oncall <schedule> {typed} (schedules: "
                                     f"{', '.join(self.schedules)})")
            name = next(iter(self.schedules))
        if name:
            found = self.schedules.get(name) or next(
                (s for n, s in self.schedules.items() if n.lower() == name.lower()), None)
            if found is None:
                near = suggest(name, self.schedules)
                return Reply.refused(
                    f"no schedule {one_line(name, 40)!r}"
                    + (f"; did you mean {near}?" if near else "")
                    + f" (schedules: {', '.join(self.schedules)})")
            if what:
                if self.desk is None or person is None:
                    return Reply.refused("on-call overrides are not made here")
                return await self.desk.reply(found, what, rest, person, for_=for_,
                                             reader=reader)
            now = self.clock()
            found = (await live({found.name: found}, self.overrides))[found.name]
            return Reply.done(f"On call: {describe(found, now, reader=reader)}")
        schedules = await live(self.schedules, self.overrides)
        now = self.clock()
        lines = [describe(s, now, reader=reader) for s in schedules.values()]
        return Reply.done("On call now:\n" + "\n".join(f"• {line}" for line in lines))


# a handoff said this long after its instant says when it was (the bot was not running)
LATE = timedelta(minutes=5)


def handoff_timer(schedule: str, at: datetime) -> str:
    return K.timer(K.HANDOFF, f"{schedule}@{int(at.timestamp())}")


class Handoffs:
    """Each handoff of a schedule with ``announce:``, said in that channel as it happens, the
    person going on call pinged (Grafana OnCall's shift-change notification, PagerDuty's "you
    are now on call").

    A handoff is a store timer (``handoff:<schedule>@<instant>``) armed at start and, as each
    fires, for the next one, so it is said once whichever process takes it, after a restart
    too; its card's key names the instant, so a second timer for one handoff (two processes
    arming at once) sends nothing twice. A timer fires against the schedule as configured now:
    one edited since (no handoff at that instant any more) says nothing and arms the next
    real one. A bot down across a handoff says it when it is back, once, with who is on call
    then and when the handoff was; a second one missed in that time is not said apart. A
    notice takes a change number of the schedule's overrides (``take_change``), so one decided
    while an override was dropped or made is decided again from it, never said from the old."""

    def __init__(self, schedules: Mapping[str, Schedule], applier: Transactions, *,
                 clock: Clock, channels: Mapping[str, ChannelRef],
                 reachable: Callable[[str, str], bool] | None = None,
                 overrides: ChatOverrides | None = None,
                 left: Callable[[str, str, str], Awaitable[str | None]] | None = None,
                 user_of: Callable[[str, str], str | None] | None = None,
                 down_at: Callable[[datetime], str | None] | None = None) -> None:
        # (workspace, channel, user id) -> why that account is gone (TicketService's
        # ``left``), with ``user_of`` (workspace, person) -> their user id there
        self.left, self.user_of = left, user_of
        # why no bot process ran its timers at a time (``bot.engine.uptime``: ``"store"``
        # when the store refused them), None when one did: a late handoff says which
        self.down_at = down_at
        self.schedules = schedules
        self.overrides = overrides  # chat's, counted at each handoff as it fires
        self.applier = applier
        self.clock = clock
        self.channels = channels
        # (workspace, person) -> whether a ping reaches them there (an account configured or
        # linked from chat); None: every one does
        self.reachable = reachable

    def _announced(self, schedules: Mapping[str, Schedule] | None = None
                   ) -> Iterator[tuple[Schedule, ChannelRef]]:
        for s in (schedules or self.schedules).values():
            ref = self.channels.get(s.config.announce or "")
            if ref is not None:
                yield s, ref

    def arm(self, fx: Effects) -> None:
        """At start: each announced schedule's next handoff (kept if armed already)."""
        now = self.clock()
        for s, _ in self._announced():
            self._arm_next(fx, s, now)

    @staticmethod
    def _arm_next(fx: Effects, schedule: Schedule, after: datetime) -> None:
        until = schedule.on_call(after).until
        if until is not None:
            Handoffs.arm_at(fx, schedule.name, until)

    @staticmethod
    def arm_at(fx: Effects, schedule: str, at: datetime) -> None:
        """A handoff timer at ``at`` (an override made in chat: its start and its end), kept
        if armed already; one that finds nothing changed when it fires says nothing."""
        fx.schedule(handoff_timer(schedule, at), at,
                    json.dumps({"schedule": schedule, "at": at.timestamp()}), once=True)

    async def fire(self, timer: DueTimer) -> None:
        data = json.loads(timer.payload)
        name, at = str(data["schedule"]), datetime.fromtimestamp(float(data["at"]), UTC)
        # whether the account of whoever goes on call is gone (a chat call, made before the
        # decision): warned, not pinged; the rotation is the config's, so nothing is refused
        gone = await self._gone(name)

        async def decide() -> tuple[Effects, None]:
            fx = Effects()
            fx.complete(timer.id, timer.token)
            # read before the overrides: one made or dropped while this decides conflicts
            # with the notice, which is decided again from it (not said from a dropped one)
            change = (await self.overrides.handoff_change(name) if self.overrides is not None
                      else None)
            schedules = await live(self.schedules, self.overrides)
            found = next(((s, ref) for s, ref in self._announced(schedules) if s.name == name),
                         None)
            if found is None:  # no longer declared, or no longer announced: nothing to say
                return fx, None
            schedule, ref = found
            now = self.clock()
            before = schedule.person_at(at - timedelta(microseconds=1))
            if schedule.person_at(at) != before:  # a handoff still, as the schedule is now
                fx.send(OutboxItem.new(
                    key=f"handoff:{name}:{int(at.timestamp())}@{ref.channel}",
                    workspace=ref.workspace, channel=ref.channel,
                    card=self.card(schedule, at, before, now,
                                   unpinged=self._unpinged(schedule, ref, now),
                                   gone=gone, store=self.down_at is not None
                                   and self.down_at(at) == "store"), now=now))
                if change is not None:
                    take_change(fx, name, change)
            self._arm_next(fx, schedule, max(now, at))
            return fx, None

        await self.applier.run(decide, what=f"handoff of {name}")

    async def _gone(self, name: str) -> tuple[str, str] | None:
        """(person, why) when whoever schedule ``name`` has on call now has an account gone
        from the workspace its handoffs are said in."""
        schedules = await live(self.schedules, self.overrides)
        found = next(((s, ref) for s, ref in self._announced(schedules) if s.name == name),
                     None)
        if found is None or self.left is None or self.user_of is None:
            return None
        person = found[0].person_at(self.clock())
        uid = self.user_of(found[1].workspace, person) if person else None
        if person is None or uid is None:
            return None
        why = await self.left(found[1].workspace, found[1].channel, uid)
        return (person, why) if why is not None else None

    def _unpinged(self, schedule: Schedule, ref: ChannelRef, now: datetime) -> str | None:
        """Who goes on call but has no account in the channel's workspace to ping."""
        person = schedule.person_at(now)
        if person is None or self.reachable is None or self.reachable(ref.workspace, person):
            return None
        return person

    @staticmethod
    def card(schedule: Schedule, at: datetime, before: str | None, now: datetime, *,
             unpinged: str | None = None, gone: tuple[str, str] | None = None,
             store: bool = False) -> Card:
        """``store``: the handoff was missed while the store refused the bot's timers (the
        bot ran), not while no process ran."""
        c = schedule.on_call(now)
        who = (f"{c.person} (override)" if c.overridden else c.person) if c.person else "nobody"
        text = f"Now: {status(schedule, now)}. Before: {before or 'nobody'}."
        if now - at > LATE:
            why = "the store could not be reached" if store else "socialops was not running"
            text += f" The handoff was at {when(at, schedule.zone)}; {why} then, so it is said now."
        if unpinged is not None:  # said, not silently left out (identities: or `link`)
            text += (f" {unpinged} has no account in this workspace to ping: add one under "
                     "their identities: in socialops.yaml, or have them type `link <their "
                     "email>` here.")
        left_out = gone is not None and gone[0] == c.person
        if gone is not None and left_out:  # warned: the rotation is the config's to change
            text += (f" {gone[0]} was not pinged: {gone[1]} ({gone[0]} is still under "
                     f"people: in socialops.yaml); `oncall {schedule.name} cover 2h "
                     "for=<person>` puts someone else on call.")
        return notice_card(f"handoff:{schedule.name}:{int(at.timestamp())}",
                           f"On call in {schedule.name}: {who}", text,
                           mention_users=(c.person,) if c.person and not left_out else ())
