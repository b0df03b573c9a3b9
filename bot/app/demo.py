"""`socialops demo` and `socialops replay FILE`.

The demo runs the real pipeline (SQLite store, enrichment, rules, tickets, approvals, outbox,
console workspace) on the bundled sample day of mentions, on a simulated clock that follows the
mentions' timestamps, so group waits, digests and escalations happen as they would have that
day. It then lists the overdue support queue, previews a subscription over the day's posts,
walks one claim race and one approval, lets the rest of the day's timers fire, and prints a
summary. No tokens, no network; a temporary store each run.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import re
import shlex
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.app.compose import App, open_app
from bot.app.runtime import Runtime
from bot.core.cards import Reply
from bot.core.config import LoadedConfig, StoreConfig, load_config
from bot.core.effects import Effects
from bot.core.errors import UsageError
from bot.engine.cursors import DeferredCursors
from bot.store import open_store
from handlers.dispatch import Dispatcher
from handlers.source_health import record_polled
from integrations.console.workspace import output_closed
from integrations.replay.config import ReplaySourceConfig
from integrations.replay.source import SHOWN_SKIPS, ReplaySource

SAMPLE = Path(__file__).parent / "sample"


class SimClock:
    """The demo's clock: moves forward to each mention's time, never back."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        """Waiting (for a channel's rate limit) passes simulated time, not real time."""
        self.now += timedelta(seconds=max(seconds, 0.0))

    def advance_to(self, t: datetime) -> None:
        self.now = max(self.now, t)


async def run_demo(out: TextIO, *, quiet: bool = False, record: Path | None = None) -> int:
    started = time.perf_counter()
    loaded = load_config(SAMPLE / "demo.yaml")
    console = _console(out)
    shown: TextIO = io.StringIO() if quiet else out
    clock = SimClock(datetime.fromisoformat("2026-11-20T00:00:00+00:00"))
    with tempfile.TemporaryDirectory(prefix="socialops-demo-") as tmp:
        store = await open_store(StoreConfig(backend="sqlite", path=f"{tmp}/demo.db"),
                                 redis_url=None, clock=clock)
        async with open_app(loaded, clock=clock, out=shown, store=store, record_path=record,
                            owner="demo", sleep=clock.sleep) as app:
            runtime = app.runtime()
            await app.start()
            source = app.sources["sample"]
            assert isinstance(source, ReplaySource)
            _heading(console, "Departments subscribe from their own channels", quiet)
            walk_subs = await _subscriptions(app, console, quiet=quiet)
            _heading(console, "Replaying a day of mentions (2026-11-20) through the pipeline",
                     quiet)
            await _replay_with_sim_clock(app, runtime, source, clock)
            walk = {**walk_subs, **await _walkthrough(app, console, quiet=quiet)}
            _heading(console, "The next day: timers fire (escalations, digests, expiry); the "
                              "sample source polls on but yields nothing (a silence alert), and "
                              "the daily receipt arrives in #ops", quiet)
            end = clock() + timedelta(hours=24)
            while clock() < end:
                clock.advance_to(clock() + timedelta(minutes=15))
                await runtime.record_poll(source, fetched=0, error=None)
                await runtime.fire_due_timers()
                await app.outbox.drain()
            await _summary(app, console, source, walk, wall=time.perf_counter() - started)
    return 0


async def _polled_all_along(app: App, source: ReplaySource, clock: SimClock) -> None:
    """A running bot polls the sample source all along, between the day's posts too: kept
    as when it was last polled (not counted as polls, which would teach source health a
    day of silent minutes), so no notice says that no process polls it."""
    fx = Effects()
    record_polled(fx, source.id, clock(), last=None)
    await app.applier.apply(fx)


async def _replay_with_sim_clock(app: App, runtime: Runtime, source: ReplaySource,
                                 clock: SimClock) -> None:
    cursors = app.cursors[source.id]
    while True:
        tx = cursors.begin()
        batch = await source.poll()
        cursors.end()
        for mention in batch:
            clock.advance_to(mention.created_at)
            await _polled_all_along(app, source, clock)
            await runtime.fire_due_timers()
            await app.pipeline.process(mention)
            await runtime.record_poll(source, fetched=1, error=None)  # for source health
            await app.outbox.drain()
        moved = Effects()
        moved.cursors.update(tx.pending)
        await app.applier.apply(moved)
        if source.exhausted:
            break


def _heading(console: Console, text: str, quiet: bool) -> None:
    if not quiet:
        console.rule(Text(text, style="bold"))


async def _say(app: App, console: Console, who: str, line: str, *, quiet: bool,
               channel: str = "support") -> str:
    """Run one console command as a person, the way `socialops run` reads stdin."""
    from bot.core.commands import CommandError, parse_command

    try:
        interaction = parse_command(line).interaction(workspace="console", channel=channel,
                                                      user=who)
        reply = await app.dispatcher.handle(interaction)
    except CommandError as exc:  # refused before it reaches a handler, as in chat
        reply = Reply(text=str(exc).splitlines()[0], ok=False)
    await app.outbox.drain()
    if not quiet:
        mark = "✓" if reply.ok else "✗"
        console.print(Text(f"#{channel} {who}> {line}\n  {mark} {reply.whole()}",
                           style="green" if reply.ok else "red"))
    return reply.text


async def _walkthrough(app: App, console: Console, *, quiet: bool) -> dict[str, str]:
    walk: dict[str, str] = {}
    tickets = sorted(await app.store.list_tickets(status="open"),
                     key=lambda t: int(t.id.split("-")[1]))
    if not tickets:
        return walk
    ticket = tickets[0]
    _heading(console, "The lead looks at the support queue: what is past its SLA", quiet)
    queue = await _say(app, console, "carol", "tickets overdue support", quiet=quiet)
    walk["queue"] = queue.splitlines()[0]
    _heading(console, "Sales previews a query over the stored posts before subscribing", quiet)
    preview = await _say(app, console, "dave", "preview pricing OR price OR cennik",
                         quiet=quiet, channel="sales")
    walk["preview"] = preview.splitlines()[0]
    _heading(console, f"Two agents click Claim on {ticket.id} at the same moment", quiet)
    dispatcher: Dispatcher = app.dispatcher
    from bot.core.commands import parse_command

    claims = [parse_command(f"claim {ticket.id}").interaction(
        workspace="console", channel="support", user=who) for who in ("alice", "bob")]
    replies = await asyncio.gather(*(dispatcher.handle(i) for i in claims))
    await app.outbox.drain()
    winner = "alice" if replies[0].ok else "bob"
    for who, reply in zip(("alice", "bob"), replies, strict=True):
        if not quiet:
            console.print(Text(f"{who}> claim {ticket.id}\n  {'✓' if reply.ok else '✗'} "
                               f"{reply.text}", style="green" if reply.ok else "red"))
    walk["claim"] = f"{ticket.id} claimed by {winner}; the other click was refused"

    _heading(console, f"{winner} answers the customer; the reply goes through approval", quiet)
    text = await _say(app, console, winner, f"reply {ticket.id} Sorry about that! We are on it "
                      "and will DM you as soon as it is fixed.", quiet=quiet)
    approval_id = text.split()[0]
    await _say(app, console, winner, f"approve {approval_id}", quiet=quiet)
    await _say(app, console, "bob" if winner == "alice" else "alice", f"approve {approval_id}",
               quiet=quiet)
    # Without the hash of the text nothing is approved: dave is shown the text and its hash.
    await _say(app, console, "dave", f"approve {approval_id}", quiet=quiet)
    shown = await app.store.get_approval(approval_id)
    bound = f"approve {approval_id} {shown.content_hash[:16] if shown else ''}"
    await _say(app, console, "dave", bound, quiet=quiet)
    await _say(app, console, "carol", bound, quiet=quiet)
    approval = await app.store.get_approval(approval_id)
    walk["approval"] = (f"{approval_id} {approval.status if approval else '?'}"
                        f" ({approval.published_url if approval else ''})")
    await _say(app, console, winner, f"status {ticket.id}", quiet=quiet)
    await _say(app, console, winner, f"resolve {ticket.id}", quiet=quiet)

    _heading(console, "A post drafted for marketing is rejected with a comment, then fixed",
             quiet)
    text = await _say(app, console, "bob", "draft mastodon sample Acme Mobile 3.2 is out: "
                      "dark mode for everyone!", quiet=quiet, channel="marketing")
    draft_id = text.split()[0]
    await _say(app, console, "dave", f"reject {draft_id}", quiet=quiet, channel="approvals")
    await _say(app, console, "dave", f"reject {draft_id} say which platforms get it first",
               quiet=quiet, channel="approvals")
    await _say(app, console, "bob", f"edit {draft_id} Acme Mobile 3.2 is out on iOS today, "
               "Android next week: dark mode for everyone!", quiet=quiet, channel="marketing")
    # its status is read again for the summary: the day's timers may expire it meanwhile
    walk["rejection"] = f"{draft_id} rejected with a comment, then edited; now %s"

    _heading(console, "A lead mutes a noisy route for an hour", quiet)
    await _say(app, console, "alice", "mute praise 1h product launch", quiet=quiet,
               channel="marketing")
    await _say(app, console, "carol", "mute praise 1h product launch", quiet=quiet,
               channel="marketing")
    return walk


async def _subscriptions(app: App, console: Console, *, quiet: bool) -> dict[str, str]:
    """Marketing and sales subscribe from chat before the day starts."""
    await _say(app, console, "dave", '"dark mode" OR 2fa'.join(["subscribe ", ""]),
               quiet=quiet, channel="marketing")
    await _say(app, console, "dave", "subscribe pricing OR billing digest=daily", quiet=quiet,
               channel="sales")
    await _say(app, console, "dave", "list", quiet=quiet, channel="marketing")
    subs = await app.store.list_subscriptions()
    return {"subscriptions": ", ".join(f"{s.id} in #{s.channel}: {s.query}" for s in subs)}


async def _summary(app: App, console: Console, source: ReplaySource, walk: dict[str, str], *,
                   wall: float) -> None:
    tally = app.pipeline.tally
    console.rule(Text("Summary", style="bold"))
    t = Table(title="Mentions", show_header=False)
    t.add_row("read", str(tally.received))
    first = [f"line {s.line}" for s in source.skipped[:SHOWN_SKIPS]]
    more = len(source.skipped) - len(first)
    lines = ", ".join(first) + (f" and {more} more" if more > 0 else "")
    t.add_row("malformed lines skipped", f"{len(source.skipped)} ({lines})" if lines else "0")
    t.add_row("exact duplicates", str(tally.duplicates))
    t.add_row("cross-posts", str(tally.crossposts))
    t.add_row("routed / not routed", f"{tally.routed} / {tally.unrouted}")
    console.print(t)
    console.print(_counter_table("Route hits per route", tally.by_route))
    delivered = await app.store.outbox_counts()
    console.print(_counter_table("Route hits per channel", tally.by_channel))
    if tally.suppressed:
        console.print(_counter_table("Suppressed (silences, quiet hours, inhibition)",
                                     tally.suppressed))
    tickets = await app.store.list_tickets()
    approvals = await app.store.list_approvals()
    w = Table(title="Workflows", show_header=False)
    w.add_row("tickets", ", ".join(f"{k} {v}" for k, v in
                                   sorted(Counter(x.status for x in tickets).items())) or "none")
    w.add_row("escalation steps fired", str(int(app.metrics.value("escalations_total"))))
    by_status = sorted(Counter(a.status for a in approvals).items())
    w.add_row("approvals", ", ".join(f"{k} {v}" for k, v in by_status) or "none")
    for k, v in walk.items():
        shown = v
        if k == "rejection" and "%s" in v:
            found = await app.store.get_approval(v.split()[0])
            shown = v.replace("%s", "?" if found is None else found.status)
        w.add_row(k, shown)
    w.add_row("outbox", ", ".join(f"{k} {v}" for k, v in sorted(delivered.items())))
    if app.health is not None:
        w.add_row("source health", "; ".join(a.title for a in app.health.alerts) or "no alerts")
    if app.receipts is not None:
        w.add_row("receipts", "; ".join(f"{c.title}: {c.text}" for c in app.receipts.posted)
                  or "none yet")
    w.add_row("wall time", f"{wall:.1f} s")
    console.print(w)


def _counter_table(title: str, counter: Counter[str]) -> Table:
    table = Table(title=title)
    table.add_column("name")
    table.add_column("count", justify="right")
    for name, n in counter.most_common():
        table.add_row(name, str(n))
    return table


def _console(out: TextIO) -> Console:
    """The summary's console. When the reader goes away (`socialops demo | head`), rich points
    stdout at /dev/null and exits with 1; a closed pipe is no failure: 141, as Unix tools end
    (and as the console workspace's cards do)."""
    console = Console(file=out, width=110, highlight=False)
    console.on_broken_pipe = output_closed  # type: ignore[method-assign]
    return console


# Lines `socialops replay FILE` reads a batch (one store transaction each). More than a replay
# source reads under `socialops run` (50), where a batch's transaction holds the event loop
# that answers chat; a replay answers none, and its per-batch costs (the commit, the router's
# refresh, a delivery pass) spread thinner: 28% more mentions a second than at 50
# (benchmarks/pipeline.py, 3% routed).
REPLAY_BATCH = 500


async def replay_loop(app: App, runtime: Runtime, source: ReplaySource) -> None:
    """`socialops replay`'s loop (``benchmarks/pipeline.py`` times it): a batch of the file
    at a time, processed here, then the timers due fired and the cards delivered, until the
    file is read."""
    while True:
        await runtime.poll_once(source, here=True)
        await runtime.fire_due_timers()
        await app.outbox.drain()
        if source.exhausted:
            break


ITEMS = "'.[]'"  # jq's program for each item of an array
WHOLE_JSON_BYTES = 8 << 20  # a file refused line by line is read whole up to this size
# what a mention written over several lines holds one of at least (docs/replay-format.md)
_MENTION_KEYS = frozenset({"id", "text", "network", "author", "url"})


def _written_whole(path: Path) -> str | None:
    """What a replay file refused line by line is when the whole of it is one JSON document:
    a mention written over several lines (as docs/replay-format.md shows its example) or an
    array of mentions (an export's); each was refused line by line, "Expecting property name
    enclosed in double quotes", with nothing said of why (a newcomer's review, 2026-12-06).
    None for anything else."""
    from bot.core.jsonbody import loads

    try:
        if path.stat().st_size > WHOLE_JSON_BYTES:
            return None
        raw = path.read_bytes()
        text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") \
            else raw.decode("utf-8-sig")
    except (OSError, ValueError):
        return None
    # without the `#` lines the reader skips (replay/source.py's ``_content``): a note above
    # a pretty-printed mention hid it, and jq reads no comment (a newcomer's review,
    # 2026-12-07). No JSON line starts with `#`: a string holds no raw newline.
    kept = [line for line in text.split("\n") if not line.lstrip().startswith("#")]
    commented = len(kept) < text.count("\n") + 1
    text = "\n".join(kept)
    try:
        whole = loads(text)
    except (ValueError, RecursionError):
        whole = _one_after_another(text)
    where = "where a replay file holds each on a line of its own"
    named = shlex.quote(str(path))

    def jq(program: str) -> str:
        return (f"`grep -v '^[[:space:]]*#' {named} | jq -c {program}`" if commented
                else f"`jq -c {program} {named}`")

    lines = sum(1 for line in text.splitlines() if line.strip())
    if isinstance(whole, tuple) and lines > len(whole) and all(
            _MENTION_KEYS & m.keys() for m in whole):
        return (f"it holds {len(whole)} mentions written over {lines} lines, {where}: "
                f"{jq('.')} writes it so")
    if isinstance(whole, dict) and len(whole) == 1:  # an export's {"mentions": [...]}
        [(key, held)] = whole.items()
        if (re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) and isinstance(held, list) and held
                and all(isinstance(m, dict) for m in held)):
            program = f"'.{key}[]'"
            return (f'it is a JSON object holding {len(held)} mention(s) under "{key}", '
                    f"{where}: {jq(program)} writes them so")
    # on one line, it was refused for its fields; an object of no mention's fields (a
    # config's, another tool's) is no mention, and `jq -c .` would write a line refused again
    if isinstance(whole, dict) and lines > 1 and _MENTION_KEYS & whole.keys():
        return (f"it holds one mention written over {lines} lines, {where}: {jq('.')} "
                "writes it so")
    if isinstance(whole, list) and whole and all(isinstance(m, dict) for m in whole):
        return (f"it is a JSON array of {len(whole)} mention(s), {where}: {jq(ITEMS)} "
                "writes it so")
    return None


_WRITTEN = re.compile(r"\S")  # where the next JSON value starts


def _one_after_another(text: str) -> tuple[dict[str, object], ...] | None:
    """The mentions of ``text`` when it is JSON objects written one after another (``jq '.[]'``
    without -c writes an export's array so, each over several lines), at least two; else
    None."""
    decoder = json.JSONDecoder()
    found: list[dict[str, object]] = []
    at = 0
    try:
        while (next_one := _WRITTEN.search(text, at)) is not None:
            value, at = decoder.raw_decode(text, next_one.start())
            if not isinstance(value, dict):
                return None
            found.append(value)
    except (ValueError, RecursionError):
        return None
    return tuple(found) if len(found) > 1 else None


async def replay_file(loaded: LoadedConfig, path: Path, *, out: TextIO,
                      record: Path | None = None) -> int:
    """`socialops replay FILE`: every mention in the file through the configured pipeline."""
    started = time.perf_counter()
    async with open_app(loaded, out=out, record_path=record) as app:
        # the name's bytes: a file name that is not UTF-8 holds lone surrogates here
        sid = "replay-" + hashlib.sha1(os.fsencode(path)).hexdigest()[:8]
        cursors = DeferredCursors(app.store)
        source = ReplaySource(config=ReplaySourceConfig(id=sid, type="replay", path=str(path),
                                                        batch=REPLAY_BATCH),
                              store=cursors, path=path)
        runtime = app.runtime()
        app.cursors[sid] = cursors
        await app.start()
        before = await app.store.get_cursor(sid)
        await replay_loop(app, runtime, source)
        if source.skipped and not app.pipeline.tally.received:
            # refused whole: where it stood, so that the file read again (mended) is read, not
            # taken for one replayed before ("Nothing new", exit 0: a newcomer's find)
            await app.store.set_cursor(sid, before or "0")
            raise UsageError(f"{path}: nothing could be read: "
                             + (_written_whole(path) or f"all {len(source.skipped)} line(s) "
                                "with content were skipped; a replay file holds one mention "
                                "per line as JSON")
                             + " (see docs/replay-format.md)")
        if not before and not app.pipeline.tally.received and source.empty():
            # an export that failed: an empty summary and exit 0 looked like success (a
            # newcomer's review); the cursor stays where it was, so the file written later
            # is read from its first line
            await app.store.set_cursor(sid, "0")
            raise UsageError(f"{path}: empty: no mention to replay; a replay file holds one "
                             "mention per line as JSON (see docs/replay-format.md)")
        console = _console(out)
        await _summary(app, console, source, {}, wall=time.perf_counter() - started)
        if source.resumed_at and not app.pipeline.tally.received and not source.skipped:
            console.print(f"Nothing new: this store has replayed {path} before, up to line "
                          f"{source.resumed_at:,}; only lines added after it are read (a post "
                          "read again would be dropped as a duplicate anyway).")
    return 0
