"""Dead deliveries, visible and recoverable: listed in chat (``deliveries``) and on the CLI
(``socialops outbox list --dead``) with their error and the fix, and sent again with ``retry``
(a button on the ops channel's notice, the chat verb, or ``socialops outbox retry``).

A retry puts the delivery back in its channel's queue with a fresh give-up window, in the same
transaction as its audit event; a second retry of the same delivery finds it no longer dead and
does nothing, so two people pressing Retry send it once. The worker looks for the card in the
channel before posting it again when an earlier attempt may have posted it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from bot.core.cards import OutboxItem, Reply
from bot.core.cards import delivery_id as short_id
from bot.core.effects import Effects
from bot.core.errors import UnreadableRecord
from bot.core.models import ChannelRef
from bot.core.ports import Clock
from bot.core.text import truncate
from bot.core.when import shown_at
from handlers.audit import Audit

LIST_LIMIT = 500


# `retry all` finding none: a refusal in chat, where it answers a typed mistake; the command
# line's `outbox retry --all` says it and exits 0 (a runbook's step or a cron's finds nothing)
NOTHING_DEAD = "No dead deliveries to retry."

class DeliveryStore(Protocol):
    async def list_outbox(self, *, status: str, limit: int = 100) -> list[OutboxItem]: ...
    async def get_outbox(self, key: str) -> OutboxItem | None: ...
    async def requeue(self, key: str, *, at: datetime, effects: Effects | None = None,
                      while_dead: OutboxItem | None = None) -> bool: ...
    async def settle_notice(self, key: str, *, because: str, dead_too: bool = False,
                            effects: Effects | None = None) -> bool: ...


class Deliveries:
    def __init__(self, store: DeliveryStore, *, clock: Clock, audit: Audit,
                 hint: Callable[[str], str],
                 channel_name: Callable[[str], str] | None = None,
                 ops: ChannelRef | None = None, dead_days: float | None = None,
                 zones: Mapping[str, str] | None = None) -> None:
        """``dead_days``: how long a dead delivery is kept (``store.retention.dead_days``;
        None, for ever), which a retry of one removed since must say. ``zones``: the
        workspaces' clocks (``timezone:``), on which a notice says when it was retried."""
        self.store = store
        self.zones = zones or {}
        self.ops = ops
        self.dead_days = dead_days
        self.clock = clock
        self.audit = audit
        self.hint = hint
        self.channel_name = channel_name or (lambda key: key)

    async def dead(self, limit: int = LIST_LIMIT) -> list[OutboxItem]:
        return await self.store.list_outbox(status="dead", limit=limit)

    async def find(self, target: str) -> OutboxItem | None:
        item = await self.store.get_outbox(target)
        if item is not None:
            return item
        wanted = target.strip().lower()
        for found in await self.dead():
            if short_id(found.key) == wanted:
                return found
        return None

    def line(self, item: OutboxItem) -> str:
        error = truncate(" ".join((item.last_error or "no error recorded").split()), 300)
        fix = self.hint(item.last_error or "")
        where = self.channel_name(f"{item.workspace}:{item.channel}")
        return (f"{short_id(item.key)} to {where}, {truncate(item.card.title, 80)!r}: {error}"
                + (f". Fix: {fix}" if fix else ""))

    def listing(self, items: Sequence[OutboxItem], *, shown: int = 20) -> str:
        if not items:
            return "No dead deliveries: every card was delivered or is on its way."
        lines = [f"{len(items)} dead deliver{'y' if len(items) == 1 else 'ies'}:"]
        lines += [f"• {self.line(i)}" for i in items[:shown]]
        if len(items) > shown:
            lines.append(f"… and {len(items) - shown} more (socialops outbox list --dead)")
        lines.append("Fix the cause, then `retry <id>` (or `retry all`).")
        return "\n".join(lines)

    async def list_reply(self) -> Reply:
        return Reply.done(self.listing(await self.dead()))

    async def retry(self, target: str, actor: str) -> Reply:
        target = target.strip()
        if not target:
            return Reply.refused("usage: retry <delivery id | all>")
        if target.lower() == "all":
            items = await self.dead()
            if not items:
                return Reply.refused(NOTHING_DEAD)
            done, unreadable, stale, settled, taken = [], [], 0, 0, 0
            # the deliveries first, then the ops notices of their deaths: a notice about one
            # sent again (or delivered since) would tell the ops channel, and whoever it
            # pages, of a failure that is being mended
            for i in sorted(items, key=lambda i: i.notice_subject() is not None):
                try:
                    sent = await self._requeue_news(i, actor)
                except UnreadableRecord:  # set aside as damaged: the others go on
                    unreadable.append(short_id(i.key))
                    continue
                if isinstance(sent, tuple):
                    stale += 1
                    settled += await self._settle(i, sent[0], actor)
                elif sent:
                    done.append(i)
                else:  # sent again by another retry between this one's read and its write
                    taken += 1
            left = (f"; {', '.join(unreadable)} cannot be read: restore "
                    f"{'it' if len(unreadable) == 1 else 'them'} from a backup of the store "
                    "first (socialops outbox list says how to see it)") if unreadable else ""
            kept = (f"; {stale} notice{' about a delivery' if stale == 1 else 's about deliveries'}"
                    f" sent again {'was' if stale == 1 else 'were'} not sent"
                    + (f" and {'is' if stale == 1 else 'are'} settled" if settled == stale
                       else f" ({settled} settled)")) if stale else ""
            # a second retry all typed while one runs: what the other took is said, with
            # what to do (nothing), rather than left out of the count
            other = (f"; {taken} {'was' if taken == 1 else 'were'} sent again by another retry "
                     "at the same time (nothing to do: socialops outbox list --pending shows "
                     f"{'it' if taken == 1 else 'them'} waiting)") if taken else ""
            return Reply.done(f"{len(done)} dead deliver{'y' if len(done) == 1 else 'ies'} "
                              f"sent again{other}{kept}{left}", public=True)
        item = await self.find(target)
        if item is None:  # an ops notice keeps its Retry button after retention removed it
            why = ("it was retried already, or never died" if self.dead_days is None else
                   "it was retried already, never died, or was removed "
                   f"{self.dead_days:g} day{'' if self.dead_days == 1 else 's'} after it died "
                   "(store.retention.dead_days)")
            return Reply.refused(f"no dead delivery {target}: {why}; `deliveries` in chat and "
                                 "`socialops outbox list` list the dead ones")
        if item.status != "dead":
            return Reply.refused(f"{short_id(item.key)} is not dead (it is {item.status}): "
                                 "nothing to retry")
        try:
            requeued = await self._requeue_news(item, actor)
        except UnreadableRecord as exc:  # set aside as damaged: sent only once restored
            return Reply.refused(str(exc))
        if isinstance(requeued, tuple):
            subject, state = requeued
            said = (f"{short_id(item.key)} is the notice that {short_id(subject.key)} failed "
                    f"for good, which {state}: nothing to retry")
            # settled as retry all settles it: left dead, it was listed and reported again
            if await self._settle(item, subject, actor):
                return Reply.done(f"{said}; the notice is settled (no longer listed)",
                                  public=True)
            return Reply.refused(said)
        if not requeued:
            return Reply.refused(f"{short_id(item.key)} was retried by someone else just now")
        where = self.channel_name(f"{item.workspace}:{item.channel}")
        return Reply.done(f"{short_id(item.key)} sent again to {where}", public=True)

    async def _settled_subject(self, item: OutboxItem) -> tuple[OutboxItem, str] | None:
        """For the ops notice of a dead delivery: that delivery and what became of it, when
        the notice is news no more: sent again, delivered, or given up again since, a death
        with a notice of its own (``dead_notice`` renews with each retry; sending both would
        tell the ops channel of one failure twice). None for any other item, and for a notice
        whose delivery is still dead and has no later notice, or is no longer kept: that
        notice is still news."""
        key = item.notice_subject()
        subject = await self.store.get_outbox(key) if key is not None else None
        if subject is None:
            return None
        if subject.status != "dead":
            return subject, ("is delivered now" if subject.status == "sent"
                             else "is being sent again now")
        latest = subject.dead_notice()
        if self.ops is None or item.card.key in (latest, f"dead:{subject.key}"):
            return None
        later = await self.store.get_outbox(subject.dead_notice_at(self.ops.channel))
        if later is None:  # the later death was not noticed: this notice is its news
            return None
        return subject, f"failed again since ({short_id(later.key)} says so)"

    async def _requeue_news(self, item: OutboxItem, actor: str
                            ) -> bool | tuple[OutboxItem, str]:
        """``item`` sent again (True; False: someone else retried it), unless it is an ops
        notice that is news no more (``_settled_subject``: that delivery and its state). The
        notice of a delivery read as dead is requeued only while that delivery is still dead,
        in the same write: another process retrying the delivery between this check and the
        write (``outbox retry`` typed twice, a chat's ``retry``) would otherwise see both sent."""
        for _ in range(3):
            if (settled := await self._settled_subject(item)) is not None:
                return settled
            key = item.notice_subject()
            subject = await self.store.get_outbox(key) if key is not None else None
            if await self._requeue(item, actor, while_dead=subject):
                return True
            if subject is None:  # the notice itself retried by someone else
                return False
        return False

    async def _settle(self, notice: OutboxItem, subject: OutboxItem, actor: str) -> bool:
        """Close the dead ops ``notice`` about ``subject`` that is news no more, as PagerDuty
        resolves an incident whose cause recovered: removed, as retention would 30 days on,
        so later retries and the dead list no longer report it; its audit event keeps where it
        was going, what it said and why it failed. Only while it still is news
        no more, checked in the store's write: a delivery dead again since keeps its news."""
        fx = Effects()
        fx.audit.append(self.audit.event(actor=actor, action="outbox.settle",
                                         object_type="delivery", object_id=notice.key,
                                         detail=f"the notice of {short_id(subject.key)}, "
                                                f"which is {subject.status} now; to "
                                                f"{notice.workspace}:{notice.channel}, "
                                                f"{truncate(notice.card.title, 80)!r}; was: "
                                                f"{truncate(notice.last_error or '', 300)}"))
        if subject.status != "dead":
            done = await self.store.settle_notice(notice.key, because=subject.key, effects=fx)
        elif self.ops is not None:
            done = await self.store.settle_notice(
                notice.key, because=subject.dead_notice_at(self.ops.channel), dead_too=True,
                effects=fx)
        else:
            done = False
        # settled by another retry at the same time: settled all the same
        return done or await self.store.get_outbox(notice.key) is None

    async def _requeue(self, item: OutboxItem, actor: str, *,
                       while_dead: OutboxItem | None = None) -> bool:
        fx = Effects()
        fx.audit.append(self.audit.event(actor=actor, action="outbox.retry",
                                         object_type="delivery", object_id=item.key,
                                         detail=f"to {item.workspace}:{item.channel}; was: "
                                                f"{truncate(item.last_error or '', 300)}"))
        notice = None
        if self.ops is not None:  # this death's notice (or, from before 2026-11-30, the one)
            notice = (await self.store.get_outbox(item.dead_notice_at(self.ops.channel))
                      or await self.store.get_outbox(f"dead:{item.key}@{self.ops.channel}"))
        # the ops notice shows who retried it, and loses its button; one never shown (dead
        # too: the bot was out of the ops channel as well) stays unshown, not posted now
        if notice is not None and notice.status != "dead":
            now = self.clock()
            card = notice.card.model_copy(update={
                "status": f"retried by {actor}", "buttons": (),
                "thread_note": f"retried by {actor} at "
                               f"{shown_at(now, self.zones.get(notice.workspace))}"})
            fx.send(OutboxItem.new(key=f"{notice.key}:retry:{now.timestamp():.0f}",
                                   workspace=notice.workspace, channel=notice.channel,
                                   card=card, now=now, update=True))
        return await self.store.requeue(item.key, at=self.clock(), effects=fx,
                                        while_dead=while_dead)
