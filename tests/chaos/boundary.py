"""A real process that dies at one named write boundary of the crash-point scenario
(``tests/engine/test_crash_points.py``), for ``test_real_crashes.py``.

``python -m tests.chaos.boundary DIR BACKEND URL AT`` runs (or resumes) the scenario's steps in
``DIR`` on the store it names (``sqlite``: ``DIR/s.db``; ``redis``: ``URL``), as its own
process with its own lease owner (the production ``process_owner``), and calls ``os._exit``
at ``AT``: no ``finally``, no close, no flush, as SIGKILL would leave it. ``AT`` is

- ``STEP/METHOD/N``: right after the N-th write ``METHOD`` (``apply``, ``take_due``, ...) of
  step ``STEP`` returned;
- ``STEP/network``: right after the social network took the post, before the store heard;
- ``STEP/post/N``: right after the N-th card of ``STEP`` reached the chat, before the outbox
  recorded it;
- ``STEP/took KIND``: right after a timer of that kind was taken, before its handler ran;
- ``STEP/sent KIND``: right after a write that queued a card whose key starts ``KIND:``;
- ``none``: run to the end;
- ``only:STEP``: run that step alone, when ``DIR/go`` appears.

``python -m tests.chaos.boundary timers CONFIG RECORD ISO [AT] [GO]`` is a process that fires
the timers due at ``ISO`` (its clock) once and stops, or dies at ``AT`` (written without a
step; ``network`` too, right after a publisher took a post; ``hold:PATH``: each publish call
held before the network until ``PATH`` exists); with ``GO``, at the same moment as a ``say``
given that file.
``python -m tests.chaos.boundary say CONFIG RECORD ISO GO USER LINE [AT]`` answers one
command typed in chat, started at the same moment as its rivals (``say``; with ``AT``
``stall:PATH``, its first write decided and held until ``PATH`` exists); ``drain CONFIG RECORD ISO
[HOLD|-] [AT]`` delivers what the outbox holds and stops (with ``HOLD``, stalled in any wait
for a channel's pace until ``HOLD`` exists; with ``AT``, ``post/N`` or ``update/N``, dying
right after the chat showed that card or edit, before the outbox recorded it); ``process
CONFIG ISO MENTIONS HOLD`` decides a batch of mentions and stalls before writing it until
``HOLD`` exists.

The steps, the network (a file that keeps every post and, like X, has no idempotency key) and
the outcome are the crash-point scenario's, so both tests compare the same thing.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app.compose import App, open_app
from bot.core import keys as K
from bot.core.cards import Card
from bot.core.commands import parse_command
from bot.core.config import StoreConfig, load_config
from bot.core.models import Mention, MessageRef
from bot.core.ports import PublishResult, Store
from bot.store import open_store
from tests.engine.crash_world import MUTATING, World
from tests.support.clock import FakeClock

DIED = 137  # the exit status the test expects of a process that died where it was told


class Boundary:
    """Where to die: counts what happens in the current step."""

    def __init__(self, at: str) -> None:
        self.at = at
        self.step = ""
        self.counts: dict[str, int] = {}

    def enter(self, step: str) -> None:
        self.step = step
        self.counts = {}

    def passed(self, what: str) -> None:
        """``what`` (a store write's method, ``network`` or ``post``) just happened."""
        n = self.counts[what] = self.counts.get(what, 0) + 1
        where = f"{self.step}/{what}" if self.step else what
        if self.at in (f"{where}/{n}", where):
            sys.stderr.write(f"dying after {self.at}\n")
            sys.stderr.flush()
            os._exit(DIED)


class DyingStore:
    """The real store; the process dies right after the write named by ``boundary``."""

    def __init__(self, inner: Store, boundary: Boundary) -> None:
        self._inner = inner
        self._boundary = boundary

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name not in MUTATING:
            return attr

        async def call(*args: Any, **kwargs: Any) -> Any:
            result = await attr(*args, **kwargs)
            self._boundary.passed(name)
            if name == "take_due":
                for timer in result:
                    self._boundary.passed(f"took {K.timer_kind(timer.id)}")
            if name == "apply":
                for kind in dict.fromkeys(i.key.split(":", 1)[0] for i in args[0].outbox):
                    self._boundary.passed(f"sent {kind}")
            return result

        return call


def store_config(tmp: Path, backend: str, url: str | None) -> tuple[StoreConfig, str]:
    if backend == "sqlite":
        return (StoreConfig(backend="sqlite", path=str(tmp / "s.db")),
                f"{{backend: sqlite, path: {tmp / 's.db'}}}")
    return (StoreConfig(backend="redis", redis_url=url),
            f"{{backend: redis, redis_url: '{url}'}}")


def world(tmp: Path, backend: str, url: str | None) -> World:
    cfg, yaml = store_config(tmp, backend, url)

    async def opener() -> Store:
        return await open_store(cfg, redis_url=None, clock=FakeClock())

    return World(tmp, yaml, opener)


async def run(tmp: Path, backend: str, url: str | None, at: str, *,
              until: str | None = None) -> None:
    """``World.run`` as a process of its own would run it, dying at ``at``; stopping before
    step ``until``. ``at`` = ``only:STEP`` runs that step alone, once ``DIR/go`` exists (so
    two such processes run it at the same moment)."""
    only = at.removeprefix("only:") if at.startswith("only:") else None
    w = world(tmp, backend, url)
    boundary = Boundary(at)
    done: list[str] = json.loads(w.steps_done.read_text()) if w.steps_done.exists() else []
    clock = FakeClock()
    store = DyingStore(await w.opener(), boundary)
    async with open_app(load_config(tmp / "socialops.yaml"), clock=clock, out=io.StringIO(),
                        store=store, record_path=w.record) as app:  # type: ignore[arg-type]
        network = w.network

        async def publish(text: str, *, reply_to: str | None, idempotency_key: str,
                          maybe_published: bool = False,
                          attempted_since: datetime | None = None) -> PublishResult:
            result = await network.publish(text, reply_to=reply_to,
                                           idempotency_key=idempotency_key,
                                           maybe_published=maybe_published,
                                           attempted_since=attempted_since)
            boundary.passed("network")
            return result

        publisher = type("Network", (), {"network": "*", "publish": staticmethod(publish)})()
        for account in list(app.approvals.publishers):
            app.approvals.publishers[account] = publisher
        console = app.outbox.workspaces["console"]
        post = console.post

        async def posted(channel: str, card: Card) -> MessageRef:
            ref = await post(channel, card)
            boundary.passed("post")
            return ref

        console.post = posted  # type: ignore[method-assign]
        async def settle() -> None:
            # a process restarted at the very end waits out the dead one's leases (channels,
            # timers) like any other, then delivers what is left
            await app.runtime().fire_due_timers()
            await app.outbox.drain()

        for name, offset, step in [*w.steps(app), ("settle", timedelta(hours=3), settle)]:
            clock.now = FakeClock().now + offset
            if name == until:
                return
            if name in done or only not in (None, name):
                continue
            if only is not None:
                (tmp / f"ready.{os.getpid()}").touch()
                while not (tmp / "go").exists():
                    await asyncio.sleep(0.005)
            boundary.enter(name)
            await step()
            done.append(name)
            w.steps_done.write_text(json.dumps(done))
        await w.record_names(app.store)


async def fire_timers(config: Path, record: Path, now: datetime, at: str,
                      go: Path | None = None) -> None:
    """One process firing the timers due at ``now`` (its clock), then stopping; it dies at
    ``at`` (``WHAT[/N]``, as above without the step) if it gets there. With ``go``, built, it
    writes ``go.timers`` and waits for ``go``, as ``say`` does (to act with one at once)."""
    loaded = load_config(config)
    cfg = loaded.config.store
    boundary = Boundary(at)
    store = DyingStore(await open_store(cfg, redis_url=None, clock=FakeClock(now)), boundary)
    async with open_app(loaded, clock=FakeClock(now), out=io.StringIO(), record_path=record,
                        store=store) as app:  # type: ignore[arg-type]
        dying_publishers(app, boundary)
        if go is not None:
            go.with_suffix(".timers").touch()
            while not go.exists():
                await asyncio.sleep(0.005)
        await app.runtime().fire_due_timers()


async def start(config: Path, now: datetime) -> None:
    """One process starting (``App.start``: what a ``socialops run`` does first) at ``now``
    (its clock), then stopping: a release's process joining the others on the store."""
    async with open_app(load_config(config), clock=FakeClock(now), out=io.StringIO()) as app:
        await app.start()


class StallingStore:
    """The real store; the first ``apply`` (a batch's one write) waits for ``hold`` to exist,
    as a process stalled between deciding and writing would (after writing ``hold.ready``)."""

    def __init__(self, inner: Store, hold: Path) -> None:
        self._inner = inner
        self._hold = hold
        self._held = False

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name != "apply":
            return attr

        async def apply(*args: Any, **kwargs: Any) -> Any:
            if not self._held:
                self._held = True
                self._hold.with_suffix(".ready").touch()
                while not self._hold.exists():
                    await asyncio.sleep(0.005)
            return await attr(*args, **kwargs)

        return apply


async def process(config: Path, now: datetime, mentions: Path, hold: Path) -> None:
    """One process deciding a batch of mentions (JSON lines) and stalling before its write
    until ``hold`` exists."""
    loaded = load_config(config)
    store = StallingStore(await open_store(loaded.config.store, redis_url=None,
                                           clock=FakeClock(now)), hold)
    async with open_app(loaded, clock=FakeClock(now), out=io.StringIO(),
                        store=store) as app:  # type: ignore[arg-type]
        await app.pipeline.process_batch([Mention.model_validate_json(line) for line in
                                          mentions.read_text().splitlines()])


def _dying(inner: Any, what: str, boundary: Boundary) -> Any:
    """``inner`` (a workspace's post or update), then the boundary ``what`` passed."""

    async def call(*args: Any, **kwargs: Any) -> Any:
        result = await inner(*args, **kwargs)
        boundary.passed(what)
        return result

    return call


async def drain(config: Path, record: Path | None, now: datetime,
                hold: Path | None = None, at: str = "none") -> None:
    """One process delivering what the outbox holds due at ``now`` (its clock), then stopping.
    With ``hold``, a wait for a channel's pace stalls it, however short: it writes the seconds
    asked for to ``HOLD.ready`` and waits for ``hold`` to exist. It dies at ``at``
    (``post/N``, ``update/N``: right after the console showed the N-th new card, or the N-th
    edit with its thread line, before the outbox recorded it) if it gets there."""

    async def stalled(seconds: float) -> None:
        assert hold is not None
        hold.with_suffix(".ready").write_text(str(seconds))
        while not hold.exists():
            await asyncio.sleep(0.005)

    boundary = Boundary(at)
    async with open_app(load_config(config), clock=FakeClock(now), out=io.StringIO(),
                        record_path=record, sleep=stalled if hold else None) as app:
        for ws in app.outbox.workspaces.values():
            for what in ("post", "update"):
                setattr(ws, what, _dying(getattr(ws, what), what, boundary))
        await app.outbox.drain()


def dying_publishers(app: App, boundary: Boundary) -> None:
    """Each account's publisher, then the boundary ``network`` passed (the post taken, the
    store not yet told). With ``AT`` ``hold:PATH``, each call writes ``PATH.ready`` and waits
    for ``PATH`` before it reaches the network (a call outliving its claim's lease)."""
    hold = Path(boundary.at[5:]) if boundary.at.startswith("hold:") else None
    for account, inner in list(app.approvals.publishers.items()):
        async def publish(text: str, *, reply_to: str | None, idempotency_key: str,
                          maybe_published: bool = False,
                          attempted_since: datetime | None = None,
                          inner: Any = inner) -> PublishResult:
            if hold is not None:
                hold.with_suffix(".ready").touch()
                while not hold.exists():
                    await asyncio.sleep(0.005)
            result: PublishResult = await inner.publish(
                text, reply_to=reply_to, idempotency_key=idempotency_key,
                maybe_published=maybe_published, attempted_since=attempted_since)
            boundary.passed("network")
            return result

        app.approvals.publishers[account] = type(  # type: ignore[assignment]
            "Dying", (), {"network": inner.network, "publish": staticmethod(publish)})()


async def say(config: Path, record: Path, now: datetime, go: Path, user: str,
              line: str, at: str = "none") -> None:
    """One process answering ``line`` typed by ``user``: built, it writes ``go.USER`` and waits
    for ``go`` (so two such processes act at the same moment), then prints its reply as JSON.
    It dies at ``at`` (``network``: right after a publisher took a post) if it gets there;
    ``stall:PATH``: its first write waits, decided, for ``PATH`` (after ``PATH.ready``)."""
    loaded = load_config(config)
    stall = Path(at[6:]) if at.startswith("stall:") else None
    boundary = Boundary("none" if stall else at)
    store: Any = DyingStore(await open_store(loaded.config.store, redis_url=None,
                                             clock=FakeClock(now)), boundary)
    if stall is not None:
        store = StallingStore(store, stall)
    async with open_app(loaded, clock=FakeClock(now), out=io.StringIO(), record_path=record,
                        store=store) as app:  # type: ignore[arg-type]
        dying_publishers(app, boundary)
        go.with_suffix(f".{user}").touch()
        while not go.exists():
            await asyncio.sleep(0.005)
        reply = await app.dispatcher.handle(parse_command(line).interaction(
            workspace="console", channel="support", user=user))
        print(json.dumps({"ok": reply.ok, "text": reply.text}))


async def act(argv: list[str]) -> None:
    """What ``python -m tests.chaos.boundary ARGV`` does. A run that neither dies nor holds,
    with every other process of its test dead or done, is the same run in the test's process
    (``here``): its own app, store connection, clock and, on Redis, lease owner (on SQLite the
    owner is the file's, the same in any process)."""
    if argv[0] == "process":  # process CONFIG ISO-TIME MENTIONS HOLD
        await process(Path(argv[1]), datetime.fromisoformat(argv[2]), Path(argv[3]),
                      Path(argv[4]))
        return
    if argv[0] == "drain":  # drain CONFIG RECORD ISO-TIME [HOLD|-] [AT]
        await drain(Path(argv[1]), None if argv[2] == "-" else Path(argv[2]),
                    datetime.fromisoformat(argv[3]),
                    Path(argv[4]) if len(argv) > 4 and argv[4] != "-" else None, *argv[5:])
        return
    if argv[0] == "say":  # say CONFIG RECORD ISO-TIME GO-FILE USER LINE [AT]
        await say(Path(argv[1]), Path(argv[2]), datetime.fromisoformat(argv[3]),
                  Path(argv[4]), argv[5], argv[6], *argv[7:])
        return
    if argv[0] == "start":  # start CONFIG ISO-TIME
        await start(Path(argv[1]), datetime.fromisoformat(argv[2]))
        return
    if argv[0] == "timers":  # timers CONFIG RECORD ISO-TIME [AT] [GO-FILE]
        await fire_timers(Path(argv[1]), Path(argv[2]), datetime.fromisoformat(argv[3]),
                          argv[4] if len(argv) > 4 else "none",
                          Path(argv[5]) if len(argv) > 5 else None)
        return
    tmp, backend, url, at = argv
    await run(Path(tmp), backend, None if url == "-" else url, at)


async def here(*args: str) -> str:
    """What ``python -m tests.chaos.boundary ARGS`` does, for a run that neither dies nor
    holds nor races (every other process of the test dead or done), in this process
    (``act``): the same run, an interpreter (about 1.2 s of CPU) fewer. Its standard output
    (``say``'s reply)."""
    rest = {"say": 7, "drain": 4, "timers": 4}[args[0]]  # where its death or hold is named
    assert all(a in ("-", "none") for a in args[rest:]), f"not a run to its end: {args}"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        await act(list(args))
    return out.getvalue()


def main(argv: list[str]) -> None:
    asyncio.run(act(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
