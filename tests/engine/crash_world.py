"""The crash-point scenario's world (``test_crash_points.py``): the rules and config, a store
that dies right after its k-th write (``CrashingStore``), a network that keeps every post
in a file (``Network``), and ``World``, which runs the scenario's steps and reads their
outcome. Its own module, without pytest, because the real processes of the chaos tests
(``tests.chaos.boundary``, ``tests.chaos.paging``) import it: each imported pytest (and the
test module) for it, a tenth of its start-up CPU."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app.compose import App, open_app
from bot.core import keys as K
from bot.core.commands import parse_command
from bot.core.config import load_config
from bot.core.models import Author, LinkRequest, Mention
from bot.core.ports import PublishResult, Store
from tests.support.clock import FakeClock

RULES = """
brands:
  acme: [acme]
routes:
  - name: outage
    match: {any: [outage]}
    action: alert
    channel: alerts
    group_wait: 60s
  - name: support
    match: {any: [broken, refund]}
    action: ticket
    channel: support
    sla: 10m
    escalation: esc
  - name: product
    match: {any: [feature]}
    action: digest
    channel: product
    interval: 1h
  - name: all
    match: {any: [acme]}
    channel: firehose
"""

CONFIG = """
sources:
  - {{id: feed, type: replay, path: {mentions}, batch: 4}}
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  support: {{workspace: console, id: support}}
  product: {{workspace: console, id: product}}
  firehose: {{workspace: console, id: firehose}}
  approvals: {{workspace: console, id: approvals}}
people:
  - {{id: alice, role: agent}}
  - {{id: dave, role: approver}}
  - {{id: root, role: admin}}
  - {{id: mallory, role: agent, email: m@acme.test}}
approvals: {{channel: approvals, steps: [{{approvers: ["role:approver"]}}]}}
escalations:
  - {{name: esc, steps: [{{after_minutes: 15, notify_users: [alice]}}]}}
spikes: {{enabled: false}}
outbox: {{per_channel_per_second: 1000, burst: 1000}}  # pacing is not what this tests
rules: rules.yaml
store: {store}
"""

TEXTS = [
    "acme outage in the eu region", "acme app broken after the update",
    "acme outage again, nothing loads", "please add a feature to export acme reports",
    "acme refund still missing", "acme is nice", "acme outage confirmed by many",
    "acme feature idea: dark mode", "acme broken login for me too", "acme ok today",
]


class Crash(BaseException):
    """The process died right after a store write."""


MUTATING = frozenset({
    "apply", "mark_seen", "forget_seen", "claim_values", "claim_value", "bump_failures",
    "set_cursor", "next_number", "open_ticket_or_number", "claim_due", "finish", "retry_later",
    "requeue", "acquire_lease", "release_lease", "take_due", "prune"})


class CrashingStore:
    """The real store, until the ``crash_after``-th write has returned."""

    def __init__(self, inner: Store, crash_after: int | None) -> None:
        self._inner = inner
        self.crash_after = crash_after
        self.writes = 0
        self.dead = False

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr) or name.startswith("_") or name == "close":
            return attr

        async def call(*args: Any, **kwargs: Any) -> Any:
            if self.dead:
                raise Crash(f"dead process called {name}")
            result = await attr(*args, **kwargs)
            if name in MUTATING:
                self.writes += 1
                if self.crash_after is not None and self.writes >= self.crash_after:
                    self.dead = True
                    raise Crash(f"killed after write {self.writes} ({name})")
            return result

        return call


class Network:
    """A social network that keeps every post in a file and, like X, has no idempotency key:
    socialops must look before it retries (``maybe_published``)."""

    network = "*"

    def __init__(self, path: Path) -> None:
        self.path = path

    def posts(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text().splitlines() if line]

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        if maybe_published:
            for n, post in enumerate(self.posts(), start=1):
                if post["text"] == text and post["reply_to"] == reply_to:
                    return PublishResult(id=str(n))
        with self.path.open("a") as fh:
            fh.write(json.dumps({"text": text, "reply_to": reply_to}) + "\n")
        return PublishResult(id=str(len(self.posts())))


class World:
    def __init__(self, tmp: Path, store_yaml: str, opener: Callable[[], Awaitable[Store]]) -> None:
        self.tmp = tmp
        self.opener = opener
        mentions = tmp / "mentions.jsonl"
        start = FakeClock().now
        mentions.write_text("".join(Mention(
            id=f"mastodon:{i}", network="mastodon", source="feed", text=text,
            author=Author(id=f"u{i % 4}", handle=f"user{i % 4}"),
            created_at=start + timedelta(seconds=i)).model_dump_json() + "\n"
            for i, text in enumerate(TEXTS)))
        (tmp / "rules.yaml").write_text(RULES)
        (tmp / "socialops.yaml").write_text(CONFIG.format(mentions=mentions, store=store_yaml))
        self.record = tmp / "record.jsonl"
        self.network = Network(tmp / "network.jsonl")
        self.steps_done = tmp / "steps.json"
        self.names = tmp / "names.json"

    async def run(self, *, crash_after: int | None) -> int:
        """Run (or resume) the scenario; returns the writes made, or raises Crash."""
        done: list[str] = (json.loads(self.steps_done.read_text())
                           if self.steps_done.exists() else [])
        clock = FakeClock()
        store = CrashingStore(await self.opener(), crash_after)
        # a dead store closes only its files, as the OS would close the dead process's
        async with open_app(load_config(self.tmp / "socialops.yaml"), clock=clock,
                            out=io.StringIO(), store=store,  # type: ignore[arg-type]
                            record_path=self.record, owner="p") as app:
            for account in list(app.approvals.publishers):
                app.approvals.publishers[account] = self.network  # type: ignore[index]
            for name, offset, step in self.steps(app):
                clock.now = FakeClock().now + offset
                if name in done:
                    continue
                await step()
                done.append(name)
                self.steps_done.write_text(json.dumps(done))
            await self.record_names(app.store)
        return store.writes

    async def record_names(self, store: Any) -> None:
        """Which ticket and approval each number names in this run (numbers differ between a
        run and its re-run; what they stand for does not)."""
        names = {t.id: f"ticket({t.signal_id})" for t in await store.list_tickets()}
        names.update({a.id: f"approval({a.text})" for a in await store.list_approvals()})
        self.names.write_text(json.dumps(names))

    def steps(self, app: App) -> list[tuple[str, timedelta, Callable[[], Awaitable[Any]]]]:
        runtime = app.runtime()
        source = app.sources["feed"]

        async def ingest() -> None:
            await app.start()
            while await runtime.poll_once(source, here=True):
                pass

        async def act(line: str, who: str) -> None:
            await app.dispatcher.handle(parse_command(line).interaction(
                workspace="console", channel="support", user=who))

        async def first_ticket() -> str:
            # ids are handed out by counters, so a crash may leave a gap: find it by its post
            tickets = await app.store.list_tickets()
            return next(t.id for t in tickets if t.signal_id == "mastodon:1")

        async def claim() -> None:
            await act(f"claim {await first_ticket()}", "alice")

        async def draft_and_approve() -> None:
            if not await app.store.list_approvals():
                await act(f"reply {await first_ticket()} we are on it, sorry!", "alice")
            for approval in await app.store.list_approvals():
                await act(f"approve {approval.id} {approval.content_hash[:16]}", "dave")

        async def timers() -> None:
            await runtime.fire_due_timers()

        async def link() -> None:
            # the console cannot vouch for an email: a request, which an admin confirms
            def requests(raws: list[str]) -> list[LinkRequest]:
                return [LinkRequest.model_validate_json(r) for r in raws]

            if not await app.store.get_raw(K.LINK, "console:m1") and not [
                    r for r in requests(await app.store.list_raw(K.LINK_REQUEST))
                    if r.status == "pending"]:
                await act("link m@acme.test", "m1")
            for r in requests(await app.store.list_raw(K.LINK_REQUEST)):
                if r.status == "pending":
                    await act(f"link {r.id}", "root")

        minute = timedelta(minutes=1)
        return [
            ("ingest", 0 * minute, ingest),
            ("deliver", 0 * minute, app.outbox.drain),
            ("claim", 1 * minute, claim),
            ("group flush", 2 * minute, timers),
            ("escalation", 16 * minute, timers),
            ("publish", 17 * minute, draft_and_approve),
            ("link", 18 * minute, link),
            ("digest flush", 61 * minute, timers),
            ("late timers", 120 * minute, timers),
            ("deliver again", 121 * minute, app.outbox.drain),
        ]

    def outcome(self) -> dict[str, Any]:
        """What people saw. Ids are named by what they stand for (a crash may leave a gap in
        the counters) and flush times are dropped (a flush whose process died runs again once
        its timer's lease ends: later, but once)."""
        names = json.loads(self.names.read_text())

        def canonical(key: str) -> str:
            key = re.sub(r"[TA]-\d+", lambda m: names.get(m.group(0), m.group(0)), key)
            key = re.sub(r"L-\d+", "L", key)  # a crash may leave a gap in link request ids
            return re.sub(r":\d{14}:", ":", key)

        # An escalation notice lists the tickets whose step fired within its batch window. A
        # step whose process died fires again after its timer's lease, possibly after the
        # notice went out: it then gets a notice of its own. So notices are compared by what
        # they list: every ticket in exactly one notice per channel and step.
        notices: dict[str, list[str]] = {}
        posts: Counter[tuple[str, str]] = Counter()
        for r in _records(self.record):
            if r["op"] != "post":
                continue
            if r["key"].startswith("escnote:"):
                group = r["key"].rsplit(":", 1)[0]
                notices.setdefault(group, []).extend(
                    # the tickets it lists, each by its line ("T-3 has been unclaimed"): the
                    # chain's end names them again after the list
                    names.get(t, t) for t in re.findall(r"(T-\d+) has been", r["text"]))
                continue
            posts[(r["channel"], canonical(r["key"]))] += 1
        return {"posts": posts, "network": Counter(p["text"] for p in self.network.posts()),
                "notices": {g: sorted(ts) for g, ts in notices.items()}}


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line] \
        if path.exists() else []
