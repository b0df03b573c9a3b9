"""Shared state across processes, on one real redis-server: what one process changes, every
other process acts on within one batch (subscriptions, unsubscriptions, subscription mutes,
route silences), and an approval is published once however many processes race to publish it.

Each "process" is a separately built ``App`` with its own Redis connection, its own compiled
router and its own memory; they share nothing but Redis, as separate processes do.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core import keys as K
from bot.core.commands import parse_command
from bot.core.config import load_config
from bot.core.models import Author, Mention
from bot.core.ports import PublishResult
from tests.conftest import FakeClock

RULES = """
brands: {acme: [acme]}
routes:
  - {name: outage, match: {any: [outage]}, channel: alerts}
"""

CONFIG = """
workspaces: [{{name: console, type: console}}]
channels:
  alerts: {{workspace: console, id: alerts}}
  marketing: {{workspace: console, id: marketing}}
  approvals: {{workspace: console, id: approvals}}
people:
  - {{id: alice, role: lead, identities: {{console: alice}}}}
  - {{id: dave, role: approver, identities: {{console: dave}}}}
  - {{id: erin, role: approver, identities: {{console: erin}}}}
  - {{id: root, role: admin, identities: {{console: root}}}}
  - {{id: mallory, role: agent, email: mallory@acme.test}}
approvals: {{channel: approvals, steps: [{{approvers: ["role:approver"]}}]}}
sources:
  - {{id: brand, type: replay, path: {empty}}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: redis, queue: false}}
"""


class Counting:
    """A network without idempotency keys that counts every post it receives."""

    network = "*"

    def __init__(self) -> None:
        self.posts: list[str] = []

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        await asyncio.sleep(0.01)  # a network call: the other processes get to run meanwhile
        self.posts.append(text)
        return PublishResult(id=str(len(self.posts)))


@pytest.fixture
async def apps(tmp_path: Path, redis_url: str, clock: FakeClock) -> AsyncIterator[list[App]]:
    (tmp_path / "rules.yaml").write_text(RULES)
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "socialops.yaml").write_text(CONFIG.format(empty=tmp_path / "empty.jsonl"))
    loaded = load_config(tmp_path / "socialops.yaml")
    async with AsyncExitStack() as stack:
        built = [await stack.enter_async_context(open_app(
            loaded, clock=clock, env={"REDIS_URL": redis_url}, out=io.StringIO(), owner=f"p{i}"))
            for i in range(3)]
        for app in built:
            await app.start()
        yield built


def mention(n: int, text: str) -> Mention:
    return Mention(id=f"mastodon:{n}", network="mastodon", source="brand", text=text,
                   author=Author(id=f"a{n}", handle=f"u{n}"),
                   created_at=datetime(2026, 11, 23, 9, tzinfo=UTC))


async def say(app: App, line: str, *, who: str = "alice", channel: str = "marketing") -> str:
    reply = await app.dispatcher.handle(parse_command(line).interaction(
        workspace="console", channel=channel, user=who))
    assert reply.ok, reply.text
    return reply.text


async def routes_of(app: App, n: int, text: str) -> list[str]:
    result = await app.pipeline.process_batch([mention(n, text)])
    return [h.route for s in result.signals for h in s.routes]


async def test_a_subscription_made_in_one_process_routes_in_every_other_within_a_batch(
        apps: list[App]) -> None:
    a, b, c = apps
    await say(a, "subscribe dark mode")
    # b and c never heard of it: the next batch they process catches up with the shared state
    assert await routes_of(b, 1, "acme dark mode when?") == ["sub:S-1"]
    assert await routes_of(c, 2, "dark mode please, acme") == ["sub:S-1"]
    assert b.metrics.value("router_updates_total", kind="incremental") >= 1

    await say(c, "mute S-1 1h too noisy")
    assert await routes_of(a, 3, "acme dark mode again") == []
    assert await routes_of(b, 4, "more dark mode") == []

    await say(b, "subscribe acme pricing")
    await say(b, "unsubscribe S-1")
    assert await routes_of(a, 5, "dark mode, acme pricing?") == ["sub:S-2"]
    assert await routes_of(c, 6, "dark mode") == []


async def test_an_unsubscribe_in_one_process_leaves_no_trace_of_it_in_another(
        apps: list[App]) -> None:
    """Caught up in place, without a full build: the unsubscribed words are not routed, not
    among the keywords ``explain`` found, and not a reason to ask the model endpoint."""
    a, b, _ = apps
    await say(a, "subscribe zebra OR okapi")
    assert await routes_of(b, 1, "acme zebra sighting") == ["sub:S-1"]
    full = b.metrics.value("router_updates_total", kind="full")
    await say(a, "unsubscribe S-1")
    assert await routes_of(b, 2, "another zebra, an okapi too") == []
    assert b.metrics.value("router_updates_total", kind="full") == full
    assert "keywords found: none" in await say(b, "explain a zebra and an okapi")
    assert not b.router.mentions_keyword(b.enricher.facts(mention(3, "zebra")))


async def test_a_route_silence_made_in_one_process_holds_in_the_others(
        apps: list[App], clock: FakeClock) -> None:
    a, b, _ = apps
    assert await routes_of(b, 1, "acme outage in the eu") == ["outage"]
    await say(a, "mute outage 2h known incident")
    result = await b.pipeline.process_batch([mention(2, "acme outage again")])
    assert result.signals == []
    assert "outage" in " ".join(b.pipeline.tally.suppressed)
    clock.advance(hours=2, seconds=1)  # the silence ends by itself, everywhere
    await say(a, "subscribe whatever")  # any change: processes rebuild and drop it
    assert await routes_of(b, 3, "acme outage") == ["outage"]


async def test_an_unmute_in_one_process_holds_in_the_others_within_a_batch(
        apps: list[App]) -> None:
    a, b, c = apps
    await say(a, "mute outage 2h known incident")
    await say(b, "subscribe dark mode")
    await say(b, "mute S-1 2h launch")
    assert await routes_of(c, 1, "acme outage, dark mode") == []
    await say(a, "unmute outage")  # a lead lifts the route's mute early
    await say(c, "unmute S-1")
    assert sorted(await routes_of(b, 2, "acme outage, dark mode")) == ["outage", "sub:S-1"]
    assert b.metrics.value("router_updates_total", kind="full") <= 1  # caught up in place


async def test_a_chat_link_made_in_one_process_counts_in_every_other(apps: list[App]) -> None:
    a, b, c = apps
    ask = parse_command("link mallory@acme.test").interaction(workspace="console",
                                                             channel="marketing", user="m1")
    asked = await a.dispatcher.handle(ask)
    assert "L-1" in asked.text  # the console cannot vouch for an email: an admin decides
    assert (await say(b, "link L-1", who="root")).startswith("linked")
    # c acts for mallory at once (the store is read for whoever acts), and after its next
    # batch its directory knows the link too (pings name mallory)
    assert (await say(c, "subscribe acme pricing", who="m1")).startswith("S-1 created")
    await routes_of(c, 1, "nothing to see")
    assert c.directory.person_for("console", "m1") is not None
    await say(a, "unlink mallory", who="root")
    refused = await c.dispatcher.handle(parse_command("list").interaction(
        workspace="console", channel="marketing", user="m1"))
    assert not refused.ok and "not linked" in refused.text
    await routes_of(b, 2, "still nothing")
    assert b.directory.person_for("console", "m1") is None


async def test_two_admins_confirming_two_accounts_for_one_person_at_once_link_one(
        apps: list[App]) -> None:
    """Two chat accounts ask to be mallory; two admins confirm the two requests at the same
    moment in two processes. Each reads that mallory has no account yet before either
    writes: one link is made, the other confirm is refused in one line and its request
    stays pending."""
    a, b, _ = apps
    for user in ("m1", "m2"):
        asked = await a.dispatcher.handle(parse_command("link mallory@acme.test").interaction(
            workspace="console", channel="marketing", user=user))
        assert "an admin" in asked.text
    both_read = asyncio.Barrier(2)
    waited: list[App] = []
    for app in (a, b):
        assert app.links is not None
        reads = app.links.reads
        list_raw = reads.list_raw

        async def read_then_wait(kind: str, list_raw=list_raw,  # type: ignore[no-untyped-def]
                                 app: App = app) -> list[str]:
            rows = await list_raw(kind)
            if kind == K.LINK and app not in waited:  # each process's first read of the links
                waited.append(app)
                await asyncio.wait_for(both_read.wait(), 5.0)
            return rows

        app.links.reads = type("Reads", (), {  # type: ignore[assignment]
            "list_raw": staticmethod(read_then_wait), "get_raw": reads.get_raw,
            "next_number": reads.next_number})()
    replies = await asyncio.gather(*(app.dispatcher.handle(parse_command(f"link L-{n}").interaction(
        workspace="console", channel="approvals", user=admin))
        for app, n, admin in ((a, 1, "root"), (b, 2, "root"))))
    assert sorted(r.ok for r in replies) == [False, True], [r.text for r in replies]
    refused = next(r for r in replies if not r.ok)
    assert refused.text.startswith("mallory is already linked to console user m")
    links = [e.detail for e in await a.store.audit_since(None) if e.action == "person.linked"]
    assert len(links) == 1


async def test_an_approval_is_published_once_however_many_processes_race(
        apps: list[App], clock: FakeClock) -> None:
    network = Counting()
    for app in apps:
        app.approvals.publishers["brand"] = network  # type: ignore[index]
    await say(apps[0], "draft mastodon brand We fixed the outage, thanks for your patience!",
              who="alice")
    # two approvers click at once in two processes, and every process's publish timer fires
    draft = await apps[0].store.get_approval("A-1")
    assert draft is not None
    approve = f"approve A-1 {draft.content_hash[:16]}"
    replies = await asyncio.gather(*(app.dispatcher.handle(parse_command(approve)
                                                           .interaction(workspace="console",
                                                                        channel="approvals",
                                                                        user=who))
                                     for app, who in ((apps[1], "dave"), (apps[2], "erin"))))
    assert sorted(r.ok for r in replies) == [False, True]
    clock.advance(minutes=5)  # past any publishing lease
    await asyncio.gather(*(app.timers.fire_due() for app in apps))
    await asyncio.gather(*(app.approvals.publish("A-1") for app in apps))
    assert network.posts == ["We fixed the outage, thanks for your patience!"]
    final = await apps[2].store.get_approval("A-1")
    assert final is not None and final.status == "published" and final.publish_attempts == 1


async def test_a_publish_interrupted_in_one_process_is_finished_by_another_once(
        apps: list[App], clock: FakeClock) -> None:
    """The process publishing dies after claiming (before or after the network call): another
    process's timer takes over after the lease and tells the network an earlier attempt may
    have posted, so a network without idempotency keys looks first."""
    network = Counting()
    looked: list[bool] = []

    async def publish(text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        looked.append(maybe_published)
        if maybe_published and text in network.posts:
            return PublishResult(id="1")
        return await network.publish(text, reply_to=reply_to, idempotency_key=idempotency_key)

    class Dying:
        network = "*"

        async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                          maybe_published: bool = False,
                          attempted_since: datetime | None = None) -> PublishResult:
            await network.publish(text, reply_to=reply_to, idempotency_key=idempotency_key)
            raise asyncio.CancelledError  # posted, then the process died before recording it

    apps[0].approvals.publishers["brand"] = Dying()  # type: ignore[index]
    for app in apps[1:]:
        app.approvals.publishers["brand"] = type("P", (), {"network": "*",  # type: ignore[index]
                                                           "publish": staticmethod(publish)})()
    await say(apps[1], "draft mastodon brand Back online now.", who="alice")
    draft = await apps[0].store.get_approval("A-1")
    assert draft is not None
    with pytest.raises(asyncio.CancelledError):
        await apps[0].dispatcher.handle(parse_command(
            f"approve A-1 {draft.content_hash[:16]}").interaction(
            workspace="console", channel="approvals", user="dave"))
    stuck = await apps[1].store.get_approval("A-1")
    assert stuck is not None and stuck.status == "publishing"
    await asyncio.gather(*(app.timers.fire_due() for app in apps[1:]))  # lease still live
    assert network.posts == ["Back online now."]
    clock.advance(seconds=timedelta(minutes=3).total_seconds())
    await asyncio.gather(*(app.timers.fire_due() for app in apps[1:]))
    final = await apps[2].store.get_approval("A-1")
    assert final is not None and final.status == "published"
    assert network.posts == ["Back online now."] and looked == [True]
