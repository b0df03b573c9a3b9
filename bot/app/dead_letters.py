"""Dead letters, visible and recoverable (``socialops dead list``, ``socialops dead retry``):
the mentions and timers set aside after failing again and again (``bot.engine.pipeline``,
``bot.engine.timers``), listed with their reason and what to run, and processed again once
their cause is fixed (a damaged record restored, a bug fixed in the next release).

A mention's retry goes through the real pipeline (``Pipeline.retry``): routed, enriched and
acted on as a new post, its cards queued in the outbox for the running bot to deliver, and the
dead letter deleted in that same transaction with the retry's audit event; a timer's is
scheduled again for now (``Timers.retry``). Either happens once: two retries of one dead
letter conflict in the store and the second is told so. Beside a running bot, on the same
SQLite file or Redis, as ``socialops outbox retry`` is.

On Redis with the shared mention stream, the entries the stream itself set aside (taken too
often by processes that died or stalled on them: ``bot.store.dead_stream``) are dead letters
of kind ``stream``, listed with the others by their entry id. A retry puts the post back on the
mention stream, removing it and writing its audit row in one script, and the running bot
processes it as any entry: its done mark is the dedup, as for every post. That mark is set
only by a post processed, or set aside by the pipeline (whose own dead letter then holds it),
so the retry looks first: a post processed since is not put back (its entry is removed, as a
mention's retry does), and one the pipeline set aside is retried as that dead letter.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from bot.core import keys as K
from bot.core.effects import Effects
from bot.core.models import Mention
from bot.core.ports import DeadItem, Store
from bot.core.text import one_line, shell_word, shown_id
from bot.core.when import shown_at
from bot.engine.pipeline import POISON_AFTER, Pipeline
from bot.engine.timers import Timers
from bot.store.dead_stream import LATER_RELEASE, DeadStream, is_entry_id, mention_id
from handlers.audit import Audit

__all__ = ["DeadItem", "DeadLetters", "Outcome", "json_line", "listed", "listing", "stream_of"]

STORE_KINDS = ("mention", "timer")  # the store's own (``Store.list_dead``)
STREAM = "stream"  # the Redis mention stream's (``bot.store.dead_stream``)
KINDS = (*STORE_KINDS, STREAM)
LIST_LIMIT = 10_000
PAGE = 500  # dead letters read at a time by `dead retry --all`: its memory, whatever their number


def retry_command(d: DeadItem) -> str:
    """What to run to retry it: the id, whole, quoted for a shell (a mention's id is the
    network's: a line break or an escape sequence in it is written escaped)."""
    kind = "" if d.kind in ("mention", STREAM) else f" --kind {d.kind}"
    return f"socialops dead retry {shell_word(d.id)}{kind}"


def line(d: DeadItem, zone: str | None = None) -> str:
    """``zone``: the clock the time is said on beside UTC (``cli.terminal_zone``)."""
    run = "" if d.reason.endswith(LATER_RELEASE) else f". Run: {retry_command(d)}"
    return (f"{one_line(d.id, 200)} ({d.kind}), set aside {shown_at(d.at, zone)}: "
            f"{one_line(d.reason, 600) or 'no reason recorded'}{run}")


def more_note(n: int, kind: str | None) -> str:
    """Said when more dead letters are stored than `dead list` shows (``LIST_LIMIT``)."""
    what = f"{kind} dead letter" if kind else "dead letter"
    return (f"the oldest {n} {what}s of more: `socialops dead retry --all` takes every one, "
            "`--kind` lists one kind")


def listing(items: Sequence[DeadItem], *, kind: str | None, more: bool = False,
            zone: str | None = None) -> str:
    """``more``: more are stored than ``items`` (the oldest ``LIST_LIMIT``)."""
    what = f"{kind} dead letter" if kind else "dead letter"
    if not items:
        return (f"No {what}s: every mention and timer was processed, or is on its way."
                if kind is None else f"No {what}s.")
    head = more_note(len(items), kind) if more else (
        f"{len(items)} {what}{'' if len(items) == 1 else 's'}")
    lines = [head[0].upper() + head[1:] + ":"]
    lines += [f"• {line(d, zone)}" for d in items]
    lines.append("Fix the cause, then retry each (`socialops dead retry ID`, or `--all`); "
                 "`socialops why ID` shows a mention's trace.")
    return "\n".join(lines)


async def listed(store: Store, stream: DeadStream | None, kind: str | None, *,
                 limit: int | None = None) -> tuple[list[DeadItem], bool]:
    """The oldest ``limit`` (``LIST_LIMIT``) dead letters (of ``kind``), the store's and the
    mention stream's together, and whether more are stored."""
    limit = LIST_LIMIT if limit is None else limit
    items = ([d for d in await store.list_dead(kind, limit=limit + 1) if d.kind in STORE_KINDS]
             if kind != STREAM else [])
    if stream is not None and kind in (None, STREAM):
        items += await stream.page(limit=limit + 1)
        items.sort(key=lambda d: (d.at, d.kind, d.id))
    return items[:limit], len(items) > limit


def stream_of(store: Store) -> DeadStream | None:
    """The Redis mention stream's dead letters (None on SQLite, which has no stream)."""
    from bot.store.redis import RedisStore

    return DeadStream(store.r, store.k) if isinstance(store, RedisStore) else None


async def why_set_aside(stream: DeadStream, target: str, zone: str | None = None) -> str | None:
    """What ``why`` says of a post the mention stream set aside, named by its mention id or the
    dead letter's entry id: fetched but never processed, it has no trace (None: not one).
    ``zone``: the clock its time is said on beside UTC (the asker's; ``cli.terminal_zone``)."""
    d = await (stream.get(target) if is_entry_id(target) else stream.find_post(target))
    if d is None:
        return (f"{target}: no dead letter of the mention stream has this entry id (retried, "
                "or removed store.retention.dead_days after it was set aside); `socialops dead "
                "list` lists them") if is_entry_id(target) else None
    mid = mention_id(d.data)
    at = shown_at(d.at, zone)
    if not mid:
        return (f"{d.id}: a dead letter of the Redis mention stream, set aside {at}: "
                f"{d.reason}; `{retry_command(d)}` says what to do")
    said = (f"{shown_id(mid)} was fetched and set aside by the Redis mention stream {at} as "
            f"its dead letter {d.id}, never processed: {d.reason.removeprefix(f'mention {mid} ')}")
    if d.reason.endswith(LATER_RELEASE):  # this release's retry refuses it: the reason says how
        return said
    return f"{said}. Fix the cause, then run: {retry_command(d)}"


def json_line(d: DeadItem) -> str:
    return json.dumps({"kind": d.kind, "id": d.id, "at": d.at.isoformat(), "reason": d.reason,
                       "retry": retry_command(d)}, ensure_ascii=False)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    text: str  # one line


class DeadLetters:
    def __init__(self, store: Store, *, pipeline: Pipeline, timers: Timers, audit: Audit,
                 dead_days: float | None = None, stream: DeadStream | None = None,
                 queue: bool = True, zone: str | None = None) -> None:
        """``dead_days``: how long a dead letter is kept (``store.retention.dead_days``), which
        a retry of one removed since must say. ``stream``: the Redis mention stream's dead
        letters (None: a SQLite store); ``queue``: whether processes read that stream
        (``store.queue``), without which a post put back on it waits there. ``zone``: the
        clock its answers say a time on beside UTC (``cli.terminal_zone``)."""
        self.zone = zone
        self.stream = stream
        self.queue = queue
        self.store = store
        self.pipeline = pipeline
        self.timers = timers
        self.audit = audit
        self.dead_days = dead_days

    async def list(self, kind: str | None = None) -> list[DeadItem]:
        return (await listed(self.store, self.stream, kind))[0]

    async def each(self, kind: str | None, *, skip: set[tuple[str, str]]
                   ) -> AsyncIterator[DeadItem]:
        """Every dead letter (of ``kind``), oldest first, read ``PAGE`` at a time, but those
        (kind, id) in ``skip``, which the caller adds to as it goes: one its retry set aside
        again (later, so met again further on) is not retried twice in one `--all`."""
        after: tuple[float, str, str] | None = None
        while kind != STREAM:
            page = await self.store.list_dead(kind, limit=PAGE, after=after)
            for d in page:
                if d.kind in STORE_KINDS and (d.kind, d.id) not in skip:
                    yield d
            if len(page) < PAGE:
                break
            last = page[-1]
            after = (last.at.timestamp(), last.kind, last.id)
        # the stream's last: a post the pipeline set aside as well is retried as that first;
        # none with store.queue off (nothing would read them: ``held_back`` says so once)
        entry: str | None = None
        while self.stream is not None and self.queue and kind in (None, STREAM):
            entries = await self.stream.page(limit=PAGE, after=entry)
            for d in entries:
                if (d.kind, d.id) not in skip:
                    yield d
            if len(entries) < PAGE:
                return
            entry = entries[-1].id

    async def held_back(self, kind: str | None) -> tuple[int, Outcome] | None:
        """What `--all` says, once, of the stream's dead letters it does not retry because
        no process reads the mention stream here (``store.queue`` false), with how many."""
        if self.stream is None or self.queue or kind not in (None, STREAM):
            return None
        n = await self.stream.count()
        if not n:
            return None
        return n, Outcome(False, f"{n} dead letter{'s' if n != 1 else ''} of the mention stream "
                                 f"not retried: {'they' if n != 1 else 'it'} would go back to "
                                 "the Redis mention stream, which no process reads here "
                                 "(store.queue is false): set store.queue: true, then retry "
                                 f"{'them' if n != 1 else 'it'}")

    async def find(self, item_id: str, kind: str | None = None) -> DeadItem | Outcome:
        """The dead letter ``item_id`` (of ``kind``, or of any kind), or why there is none."""
        shown = shown_id(item_id)
        if kind == STREAM or (kind is None and is_entry_id(item_id)):  # no mention's, no timer's
            if self.stream is None:
                return Outcome(False, f"no dead letter {shown}: it reads as an entry of the "
                                      "Redis mention stream, which a SQLite store has none of "
                                      "(store.backend); `socialops dead list` lists them")
            got = await self.stream.get(item_id)
            if got is not None:
                return got
            kind = STREAM
        found = [d for k in ([kind] if kind else STORE_KINDS) if k != STREAM
                 if (d := await self.store.get_dead(k, item_id)) is not None]
        if len(found) > 1:
            return Outcome(False, f"{shown} is both a dead mention and a dead timer; pass "
                                  "--kind mention or --kind timer")
        if found:
            return found[0]
        why = ("it was retried already, or never set aside" if self.dead_days is None else
               "it was retried already, never set aside, or was removed "
               f"{self.dead_days:g} day{'' if self.dead_days == 1 else 's'} after it was set "
               "aside (store.retention.dead_days)")
        what = "dead letter of the mention stream" if kind == STREAM else f"dead {kind or 'letter'}"
        return Outcome(False, f"no {what} {shown}: {why}; `socialops dead list` lists them")

    async def retry(self, dead: DeadItem, actor: str) -> Outcome:
        if dead.kind == STREAM:
            return await self._requeue(dead, actor)
        shown = one_line(dead.id, 200)
        fx = Effects()
        fx.audit.append(self.audit.event(actor=actor, action="dead.retry",
                                         object_type=dead.kind, object_id=dead.id,
                                         detail=f"was: {one_line(dead.reason, 300)}"))
        if dead.kind == "timer":
            kind = K.timer_kind(dead.id)
            if kind not in self.timers.handlers:  # the running bot would set it aside again
                return Outcome(False, f"timer {shown} is of kind {one_line(kind, 60)!r}, which "
                                      "nothing in this socialops and its config handles (a "
                                      "kind of an older release, or a feature turned off): "
                                      "retried, it would be set aside again; it is left as "
                                      "it is")
            if not await self.timers.retry(dead, extra=fx):
                return Outcome(False, f"timer {shown} was retried by someone else just now")
            return Outcome(True, f"timer {shown} scheduled again for now; a running bot fires "
                                 "it at its next turn")
        try:
            retried = await self.pipeline.retry(dead, extra=fx)
        except ValueError as exc:  # its post was not kept readable (a release's bug, a hand edit)
            return Outcome(False, f"mention {shown} cannot be processed again: its dead letter "
                                  f"holds no readable post ({one_line(str(exc), 200)})")
        if retried.outcome == "taken":
            return Outcome(False, f"mention {shown} was retried by someone else just now")
        if retried.outcome == "gone":
            return Outcome(False, f"mention {shown} is no longer a dead letter (retried or "
                                  "removed just now); `socialops dead list` lists them")
        if retried.outcome == "processed":
            return Outcome(True, f"mention {shown} was processed since it was set aside (its "
                                 f"source read it again: {retried.detail}), so nothing was done "
                                 "again; its dead letter is removed")
        if retried.outcome == "dead":
            return Outcome(False, f"mention {shown} failed again and is set aside again (its "
                                  f"failures are past the limit of {POISON_AFTER} already): "
                                  f"{one_line(retried.detail, 600)}; fix that, then retry it")
        if retried.outcome == "crosspost":
            return Outcome(True, f"mention {shown} processed again: a cross-post of "
                                 f"{one_line(retried.detail, 200)}, which was handled instead")
        if retried.outcome == "unrouted":
            held = f" (held back: {one_line(retried.detail, 300)})" if retried.detail else ""
            return Outcome(True, f"mention {shown} processed again: no route fired{held}; "
                                 f"`socialops why {shell_word(dead.id)}` says why")
        did = ", ".join(f"{h.route}: {o}" for h, o in retried.actions)
        return Outcome(True, f"mention {shown} processed again ({one_line(did, 300)}); a "
                             "running bot delivers its cards at its next turn")

    async def _requeue(self, dead: DeadItem, actor: str) -> Outcome:
        """A dead letter of the mention stream put back on it, once (see the module's
        docstring); the running bot processes it at its next turn."""
        assert self.stream is not None
        mid = mention_id(dead.data)
        post = one_line(mid, 200)
        if not mid:
            return Outcome(False, f"stream entry {dead.id} holds no readable post, so there is "
                                  "nothing to process again; `redis-cli XDEL "
                                  f"{self.stream.key} {dead.id}` removes it")
        try:  # the bot drops an entry it cannot read (`is not a mention; dropping it`)
            Mention.model_validate_json(dead.data)
        except ValueError as exc:  # a field of a release before, a hand edit
            return Outcome(False, f"mention {post} (stream entry {dead.id}) cannot be processed "
                                  "again: its entry holds no post this socialops can read "
                                  f"({one_line(str(exc), 200)}); it is left as it is "
                                  f"(`redis-cli XDEL {shell_word(self.stream.key)} {dead.id}` "
                                  "removes it)")
        if not self.queue:
            return Outcome(False, f"mention {post} (stream entry {dead.id}) would go back to "
                                  "the Redis mention stream, which no process reads here "
                                  "(store.queue is false): set store.queue: true, then "
                                  "retry it")
        aside = await self.store.get_dead("mention", mid)
        if aside is not None:  # its done mark is set: put back, it would be skipped
            return Outcome(False, f"mention {post} (stream entry {dead.id}) is a dead letter "
                                  f"of the pipeline too, set aside "
                                  f"{shown_at(aside.at, self.zone)}: retry that first "
                                  f"(`{retry_command(aside)}`), then "
                                  "this one removes its entry")
        since = await self.store.get_trace(mid)
        processed = (since.outcome if since is not None and since.outcome != "dead" else
                     "its done mark is set" if await self.store.seen_many([K.done(mid)])
                     else None)
        event = self.audit.event(actor=actor, action="dead.retry", object_type=STREAM,
                                 object_id=dead.id, detail=f"was: {one_line(dead.reason, 300)}")
        got = await self.stream.take(dead.id, audit=event.to_json(),
                                     requeue=processed is None)
        if got is None:  # another retry took it, or the prune job (it holds no mark of which)
            return Outcome(False, f"stream entry {dead.id} is no longer a dead letter: retried "
                                  "by someone else, or removed by store.retention.dead_days, "
                                  "just now; `socialops dead list` lists them")
        if processed is not None:
            return Outcome(True, f"mention {post} (stream entry {dead.id}) was processed since "
                                 f"it was set aside ({processed}), so nothing was done again; "
                                 "its dead letter is removed")
        return Outcome(True, f"mention {post} (stream entry {dead.id}) put back on the mention "
                             f"stream as {got}; a running bot processes it at its next turn")
