"""On-call overrides made in chat: ``oncall primary cover 2h [for=bob]``, ``oncall primary
overrides``, ``oncall primary drop O-3`` (PagerDuty's and Grafana OnCall's "I'll cover
tonight"). Each is a record in the store (kind ``override``, ``O-<n>``), so every process
counts it the moment it is made, where the config's ``schedules[].overrides`` count once every
process has restarted; and ``ChatOverrides.live``: the schedules as they are now, the config's
with chat's overrides, which everything asking who is on call reads as it asks (escalation
steps, ``oncall``, the App Home, handoff notices, completions).

Who may: anyone linked, for themselves; for someone else (``for=``), a lead or admin, or one
of the schedule's own rotation (PagerDuty lets every responder of its User role edit a
schedule, overrides for anyone included; here the people a schedule concerns and the leads).
Dropping: whoever made it, whoever it puts on call, or a lead or admin. Refused in one line:
an unknown person, a span that ends before it starts, is past, starts before now, lasts more
than ``LONGEST`` or starts more than ``AHEAD`` ahead, one overlapping another override
(named: one person is on call at a time, as ``socialops check`` says of the config's), and
one past ``MOST`` kept on the schedule (every read of who is on call reads them all).

Two processes making overlapping overrides at once: each change of a schedule's overrides
reserves the next number of that schedule's changes (``overridegen``), so the second's write
conflicts, its decision runs again, reads the first's override and refuses the overlap. A
handoff's notice takes a number too (``handlers.oncall.Handoffs.fire``): one decided from an
override dropped (or made) while it decided is decided again, never said from the old one.
An override made, or dropped, is said in the schedule's ``announce:`` channel, and its start
and end are handoffs armed as the config's are (``handlers.oncall.Handoffs``); a dropped
one's timers fire, find nothing changed and say nothing (one dropped while it runs hands the
shift back at once: the drop's notice pings whoever is on call again). One that has ended is read (a
handoff said late needs it) until the next change of its schedule a week after its end takes
it out; the audit log keeps both events."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from bot.core import keys as K
from bot.core.cards import OutboxItem, Reply
from bot.core.commands import digits_mistake, typed_id
from bot.core.effects import Effects
from bot.core.errors import Refusal
from bot.core.models import ChannelRef, ShiftOverride
from bot.core.oncall import Schedule, Span, reader_clock, status, when
from bot.core.ports import Clock, Transactions
from bot.core.text import ascii_digits, one_line, quoted_cut
from bot.core.validation import suggest
from bot.core.when import cover_span
from handlers.audit import Audit
from handlers.cards import notice_card
from handlers.identity import Directory

log = logging.getLogger(__name__)

LONGEST = timedelta(days=30)  # a holiday's cover; longer is the rotation's to change
AHEAD = timedelta(days=90)  # as far as a scheduled post: further is a typo of the year
KEPT = timedelta(days=7)  # an ended override is read this long (a late handoff's notice)
# the most a schedule keeps (upcoming, running, and ended less than KEPT ago): every escalation
# step, oncall, home and handoff reads them all, and who is on call is worked out across them
# (10,000 one-minute covers took 2.7 s of the event loop at each); a team makes a few a week
MOST = 200
# "<schedule>@<n>": the n-th change of a schedule's overrides, kept: a change decided from
# number k writes k+1 as the current one, and only the reservation of k+1 still held stops a
# decision stalled across many changes from writing an old number back (after which every
# change of the schedule would conflict for ever); a few bytes a change or handoff notice
GENERATION = "overridegen"


class OverrideReads(Protocol):
    async def list_raw(self, kind: str) -> list[str]: ...
    async def get_raw(self, kind: str, record_id: str) -> str | None: ...
    async def next_number(self, counter: str) -> int: ...


class ChatOverrides:
    """The overrides made in chat, read from the store as they are asked for."""

    def __init__(self, reads: OverrideReads) -> None:
        self.reads = reads
        self._said: set[str] = set()  # damaged records warned of, once each

    async def stored(self) -> list[ShiftOverride]:
        found = []
        for raw in await self.reads.list_raw(K.OVERRIDE):
            try:
                found.append(ShiftOverride.model_validate_json(raw))
            except ValidationError as exc:  # damaged: left out, as other unreadable records
                if raw not in self._said and len(self._said) < 1000:
                    self._said.add(raw)
                    log.warning("an on-call override in the store cannot be read, and is left "
                                "out of who is on call (%s): %s", one_line(str(exc), 200),
                                one_line(raw, 200))
        return sorted(found, key=lambda o: (o.start, o.id))

    async def change(self, name: str) -> int:
        """The number a change of ``name``'s overrides takes, read BEFORE its overrides: a
        change written after this read takes this number first, so this one's reservation
        (``take_change``) conflicts and it decides again, reading that change's override.
        (Read after them, a change landing between the two reads went unseen and
        unconflicted: two overlapping overrides.) A handoff said from the overrides takes one
        too: one dropped or made while the handoff decided is read when it decides again."""
        raw = await self.reads.get_raw(GENERATION, name)
        return int(raw) + 1 if raw and ascii_digits(raw) else 1

    async def handoff_change(self, name: str) -> int | None:
        """``change`` for a handoff's notice, or None when the stored number cannot be read
        (hand-edited): read as 1, its reservation is held by the schedule's first change, so
        every decision of the notice conflicted and it was never said; it is said without a
        number instead, as before handoffs took one (a drop meanwhile unguarded). Only ASCII
        digits are a number here, as in ``change`` ("²" and "٣" pass ``str.isdigit``)."""
        raw = await self.reads.get_raw(GENERATION, name)
        if raw is not None and not ascii_digits(raw):
            log.warning("the change number of on-call schedule %s's overrides cannot be read "
                        "(%s): its handoff is said without one", name, one_line(raw, 80))
            return None
        return int(raw) + 1 if raw else 1

    async def live(self, schedules: Mapping[str, Schedule]) -> Mapping[str, Schedule]:
        """``schedules`` (the config's) with the overrides made in chat."""
        if not schedules:
            return schedules
        spans: dict[str, list[Span]] = defaultdict(list)
        made: dict[str, list[ShiftOverride]] = defaultdict(list)
        for o in await self.stored():
            spans[o.schedule].append((o.start, o.end, o.person))
            made[o.schedule].append(o)
        for n, s in schedules.items():
            for o, span in file_overlaps(s, made.get(n, [])):
                self._overlap(s, o, span)
        return {n: s.with_overrides(spans[n]) if n in spans else s
                for n, s in schedules.items()}

    def _overlap(self, schedule: Schedule, o: ShiftOverride, span: Span) -> None:
        """Said once a process: an override of the file (added after this one was made in
        chat, and counted since a restart) overlaps one made in chat."""
        key = f"{o.id}:{o.schedule}:{span}"
        if key in self._said or len(self._said) >= 1000:
            return
        self._said.add(key)
        zone = schedule.zone
        first = min((span[0], 0, span[2]), (o.start, 1, o.person))[2]  # as person_at reads
        log.warning("on-call override %s made in chat (%s, %s to %s) overlaps the override in "
                    "the config file (%s, %s to %s) in %s: %s, starting first, is on call "
                    "where they overlap; drop it (oncall %s drop %s) or edit the file",
                    o.id, o.person, when(o.start, zone), when(o.end, zone), span[2],
                    when(span[0], zone), when(span[1], zone), schedule.name, first,
                    schedule.name, o.id)


def file_overlaps(schedule: Schedule, made: list[ShiftOverride]
                  ) -> list[tuple[ShiftOverride, Span]]:
    """Overrides made in chat that one of the file's overlaps: ``cover`` refuses those, but an
    override added to the file later counts from a restart beside the chat one, and where
    they overlap the one starting first holds until it ends (the file's on a tie)."""
    return [(o, span) for o in made for span in schedule.configured
            if o.start < span[1] and span[0] < o.end]


def take_change(fx: Effects, name: str, n: int) -> None:
    """Reserve change number ``n`` (``ChatOverrides.change``) among ``name``'s (a racing
    change conflicts and decides again; the reservations are never deleted: ``GENERATION``)."""
    fx.reserve(GENERATION, f"{name}@{n}", "")
    fx.put(GENERATION, name, str(n))


async def live(schedules: Mapping[str, Schedule],
               overrides: ChatOverrides | None) -> Mapping[str, Schedule]:
    """The schedules as they are now: with chat's overrides when there is a store to read."""
    return schedules if overrides is None else await overrides.live(schedules)


class OverrideDesk:
    """``cover``, ``overrides`` and ``drop`` of one schedule (``oncall <schedule> ...``)."""

    def __init__(self, reads: OverrideReads, applier: Transactions, *, clock: Clock,
                 directory: Directory, audit: Audit, channels: Mapping[str, ChannelRef],
                 config_file: str = "socialops.yaml",
                 arm: Callable[[Effects, str, datetime], None] | None = None,
                 left: Callable[[str, str, str], Awaitable[str | None]] | None = None) -> None:
        self.reads = reads
        # (workspace, channel, user id) -> why that account is gone (TicketService's ``left``)
        self.left = left
        self.chat = ChatOverrides(reads)
        self.applier = applier
        self.clock = clock
        self.directory = directory
        self.audit = audit
        self.channels = channels
        self.config_file = config_file
        self.arm = arm  # a handoff timer at an instant (handlers.oncall.Handoffs.arm_at)

    async def reply(self, schedule: Schedule, what: str, rest: str, person: str, *,
                    for_: str | None = None, reader: ZoneInfo | None = None) -> Reply:
        """``reader``: the asker's workspace's clock, on which an answer (a confirmation, a
        refusal, the list) says each time too where it reads otherwise than the schedule's (as
        ``oncall`` says a handoff)."""
        try:
            if what == "overrides":
                return await self._list(schedule, reader)
            if what == "drop":
                return await self._drop(schedule, rest.strip(), person, reader)
            return await self._cover(schedule, rest, person, for_, reader)
        except Refusal as exc:
            return Reply.refused(exc.message)

    # -- cover ---------------------------------------------------------------------------------

    def _who(self, schedule: Schedule, person: str, for_: str | None) -> str:
        if for_ is None or for_ == person:
            return person
        known = self.directory.people
        who = for_ if for_ in known else next(
            (p for p in known if p.casefold() == for_.casefold()), None)
        if who is None:
            near = suggest(for_, known)
            raise Refusal(f"no person {quoted_cut(for_)} in people:"
                          + (f"; did you mean {near}?" if near else "")
                          + f" (for= takes a person id from {self.config_file})")
        if who != person and not (self.directory.is_lead(person) or person in schedule.people):
            raise Refusal(f"only leads, admins and {schedule.name}'s own people give a shift "
                          f"to someone else; cover it yourself (leave out for=), or ask {who}")
        return who

    async def _cover(self, schedule: Schedule, text: str, person: str,
                     for_: str | None, reader: ZoneInfo | None) -> Reply:
        who = self._who(schedule, person, for_)
        if who != person:  # the asker is here; someone else's account may be gone
            why = await self._gone(schedule, who)
            if why is not None:  # PagerDuty puts no deactivated user on call
                raise Refusal(f"{who} is not put on call in {schedule.name}: {why} ({who} is "
                              f"still under people: in {self.config_file}); cover it for "
                              f"someone here: `oncall {schedule.name} cover "
                              f"{one_line(text.strip(), 40)} for=<person>`")
        zone = schedule.zone
        now = self.clock()
        start, end = cover_span(text, now, zone=zone.key)
        shown = f"{when(start, zone)} to {when(end, zone)}"

        def said(at: datetime) -> str:  # in a refusal: on the asker's clock too
            return _both(at, zone, reader)

        span = f"{said(start)} to {said(end)}"
        if end <= start:
            raise Refusal(f"{quoted_cut(text.strip(), 60)} ends ({said(end)}) before it "
                          f"starts ({said(start)}): an override ends after it begins")
        if end <= now:
            raise Refusal(f"{span} is in the past (now is {said(now)}); give a later time")
        if start < now:
            raise Refusal(f"{span} starts before now ({said(now)}); write cover until "
                          f"<end> to cover from now")
        if end - start > LONGEST:
            raise Refusal(f"{span} is longer than {LONGEST.days} days; cover a part of it, or "
                          f"change the rotation in {self.config_file}")
        if start > now + AHEAD:
            raise Refusal(f"{span} starts more than {AHEAD.days} days ahead; the latest start "
                          f"is {said(now + AHEAD)}")

        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            change = await self.chat.change(schedule.name)  # before the overrides it decides on
            mine = [o for o in await self.chat.stored() if o.schedule == schedule.name]
            current = schedule.with_overrides((o.start, o.end, o.person) for o in mine)
            clash = current.clash(start, end)
            if clash is not None:
                raise Refusal(self._clash(schedule, clash, mine, reader))
            if len([o for o in mine if o.end + KEPT >= now]) >= MOST:
                raise Refusal(f"{schedule.name} holds {MOST} overrides made in chat (upcoming, "
                              f"and those ended in the last {KEPT.days} days), the most it "
                              f"keeps; drop one (oncall {schedule.name} overrides), or change "
                              f"the rotation in {self.config_file}")
            self._generation(fx, schedule.name, change, mine, now)
            oid = f"O-{await self.reads.next_number(K.counter_for(K.OVERRIDE))}"
            made = ShiftOverride(id=oid, schedule=schedule.name, person=who, start=start,
                                 end=end, by=person, at=now)
            fx.put(K.OVERRIDE, oid, made.model_dump_json())
            fx.audit.append(self.audit.event(
                actor=person, action="oncall.override_made", object_type="override",
                object_id=oid, obj=made, detail=f"{schedule.name}: {who}, {shown}"))
            text = (f"{oid}: {who} on call in {schedule.name} from {shown}"
                    + (f", given by {person}" if who != person else ""))
            self._announce(fx, schedule, f"override:{oid}:made", f"Override {oid} in "
                           f"{schedule.name}", text, users=(who,), now=now)
            if self.arm is not None and schedule.config.announce:
                self.arm(fx, schedule.name, start)
                self.arm(fx, schedule.name, end)
            # the answer in the asker's channel: each time on their clock too (the audit row
            # and the announce channel's notice keep the schedule's alone)
            theirs = f"{_both(start, zone, reader)} to {_both(end, zone, reader)}"
            answer = text.replace(f"from {shown}", f"from {theirs}", 1)
            return fx, Reply.done(answer + f" (drop it: oncall {schedule.name} drop {oid})",
                                  public=True)

        return await self.applier.run(decide, what="on-call override")

    async def _gone(self, schedule: Schedule, who: str) -> str | None:
        """Why ``who``'s account is gone, asked where the schedule announces, else in each
        workspace ``identities:`` gives them (None: here, or the chat did not say)."""
        if self.left is None:
            return None
        ref = self.channels.get(schedule.config.announce or "")
        person = self.directory.get(who)
        places = {**({ws: "" for ws in person.identities} if person else {}),
                  **({ref.workspace: ref.channel} if ref else {})}
        for ws, channel in places.items():
            uid = self.directory.user_of(ws, who)
            if ws in self.directory.consoles or uid is None:
                continue
            why = await self.left(ws, channel, uid)
            if why is not None:
                return why
        return None

    def _clash(self, schedule: Schedule, clash: Span, mine: list[ShiftOverride],
               reader: ZoneInfo | None) -> str:
        zone = schedule.zone
        made = next((o for o in mine if (o.start, o.end, o.person) == clash), None)
        span = f"{clash[2]}, {_both(clash[0], zone, reader)} to {_both(clash[1], zone, reader)}"
        if made is not None:
            return (f"overlaps {made.id} ({span}, made by {made.by}): one person is on call "
                    f"at a time; drop it first (oncall {schedule.name} drop {made.id}) or "
                    "cover the time around it")
        return (f"overlaps the override in {self.config_file} ({span}): one person is on "
                "call at a time; cover the time around it, or edit the file")

    @staticmethod
    def _generation(fx: Effects, name: str, n: int, mine: list[ShiftOverride],
                    now: datetime) -> None:
        """Take this change's number ``n`` (``take_change``), and take out the schedule's
        overrides ended a week ago."""
        take_change(fx, name, n)
        for old in mine:
            if old.end + KEPT < now:
                fx.delete(K.OVERRIDE, old.id)

    # -- overrides -----------------------------------------------------------------------------

    async def _list(self, schedule: Schedule, reader: ZoneInfo | None) -> Reply:
        now = self.clock()
        zone = schedule.zone
        made = [o for o in await self.chat.stored() if o.schedule == schedule.name]
        clashes = file_overlaps(schedule, made)

        def span(start: datetime, end: datetime) -> str:  # on the asker's clock too
            return f"{_both(start, zone, reader)} to {_both(end, zone, reader)}"

        rows: list[tuple[datetime, str]] = [
            (s, f"{p}, {span(s, e)} (in {self.config_file}"
                + "".join(f"; overlaps {o.id}, the one starting first counts"
                          for o, overlap in clashes if overlap == (s, e, p)) + ")")
            for s, e, p in schedule.configured if e > now]
        rows += [(o.start, f"{o.id}: {o.person}, {span(o.start, o.end)} (made by {o.by})")
                 for o in made if o.end > now]
        if not rows:
            return Reply.done(f"{schedule.name} has no current or upcoming overrides; make one: "
                              f"oncall {schedule.name} cover 2h")
        rows.sort(key=lambda r: r[0])
        return Reply.done(f"Overrides in {schedule.name}:\n"
                          + "\n".join(f"• {text}" for _, text in rows))

    # -- drop ----------------------------------------------------------------------------------

    async def _drop(self, schedule: Schedule, oid: str, person: str,
                    reader: ZoneInfo | None) -> Reply:
        if mistake := digits_mistake(oid):  # O-٣: as every verb refuses it
            raise Refusal(mistake)
        oid = typed_id(oid) or oid.upper()  # Ｏ－３ is O-3, as every verb reads an id

        async def decide() -> tuple[Effects, Reply]:
            fx = Effects()
            change = await self.chat.change(schedule.name)  # before the overrides it decides on
            mine = [o for o in await self.chat.stored() if o.schedule == schedule.name]
            found = next((o for o in mine if o.id == oid), None)
            if found is None:
                raise Refusal(f"no override {quoted_cut(oid, 20)} made in chat in "
                              f"{schedule.name} (see oncall {schedule.name} overrides); one in "
                              f"{self.config_file} is edited there, and counts once every "
                              "process has restarted")
            if person not in (found.by, found.person) and not self.directory.is_lead(person):
                raise Refusal(f"{oid} was made by {found.by} for {found.person}: only they, "
                              "leads and admins drop it")
            now = self.clock()
            self._generation(fx, schedule.name, change, mine, now)
            fx.delete(K.OVERRIDE, oid)
            zone = schedule.zone
            span = f"{found.person}, {when(found.start, zone)} to {when(found.end, zone)}"
            fx.audit.append(self.audit.event(
                actor=person, action="oncall.override_dropped", object_type="override",
                object_id=oid, before=found, detail=f"{schedule.name}: {span}"))
            before = schedule.with_overrides((o.start, o.end, o.person) for o in mine)
            after = schedule.with_overrides(
                (o.start, o.end, o.person) for o in mine if o.id != oid)
            text = f"{person} dropped {oid} ({span}). Now: {status(after, now)}."
            # one running now hands the shift back at once, and no timer says so (its end
            # finds nothing changed): whoever is on call again is pinged here, as at a handoff
            back = after.person_at(now)
            self._announce(fx, schedule, f"override:{oid}:dropped",
                           f"Override {oid} dropped in {schedule.name}", text,
                           users=(back,) if back and back != before.person_at(now) else (),
                           now=now)
            # the rotation's handoffs the dropped override covered are handoffs again: the
            # chain of handoff timers had gone past them to its end, so the next one is armed
            # (kept if armed already; one that finds nothing changed says nothing)
            if self.arm is not None and schedule.config.announce:
                nxt = after.on_call(now).until
                if nxt is not None:
                    self.arm(fx, schedule.name, nxt)
            theirs = (f"{found.person}, {_both(found.start, zone, reader)} to "
                      f"{_both(found.end, zone, reader)}")
            return fx, Reply.done(f"{oid} dropped in {schedule.name} ({theirs}); now: "
                                  f"{status(after, now, reader=reader)}", public=True)

        return await self.applier.run(decide, what="on-call override")

    def _announce(self, fx: Effects, schedule: Schedule, key: str, title: str, text: str, *,
                  users: tuple[str, ...], now: datetime) -> None:
        ref = self.channels.get(schedule.config.announce or "")
        if ref is not None:
            fx.send(OutboxItem.new(key=f"{key}@{ref.channel}", workspace=ref.workspace,
                                   channel=ref.channel,
                                   card=notice_card(key, title, text, mention_users=users),
                                   now=now))


def _both(at: datetime, zone: ZoneInfo, reader: ZoneInfo | None) -> str:
    """``at`` on the schedule's clock, and on the reader's after it where that reads otherwise:
    ``Mon 2026-11-23 18:00 CET (12:00 America/New_York)``."""
    return when(at, zone) + reader_clock(at, zone, reader)
