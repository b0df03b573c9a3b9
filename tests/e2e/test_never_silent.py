"""Never fail silently, end to end on the real app with an injected clock: ``why`` through
Slack (signed slash commands, answered on the response_url) and through the CLI (a second
reader of the same SQLite file) for a post stopped at each stage; a source that goes quiet
alerts once and recovers once in the ops channel; a receipt's counts equal what Slack got; a
dead delivery is listed, retried by a button after the fix, and arrives once."""

from __future__ import annotations

import asyncio
import io
import json
import re
import unicodedata
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiohttp import web

from bot.app.cli import main as cli
from bot.app.runtime import Runtime
from bot.core.cards import delivery_id
from tests.conftest import FakeClock
from tests.e2e.world import CAROL, MARKETING, OPS, SALES, SUPPORT, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer

REAL_MASTODON = Path(__file__).parents[1] / "fixtures" / "real" / "mastodon"

RULES = """
brands:
  acme: [acme]
time_intervals:
  - name: always
    intervals: [{times: [{start: "00:00", end: "24:00"}]}]
routes:
  - name: spam
    match: {any: [airdrop]}
    action: drop
  - name: outage
    match: {brand: [acme], any: [outage]}
    action: alert
    channel: support
    cooldown: 1h
  - name: praise
    match: {brand: [acme], any: [love]}
    action: alert
    channel: marketing
    quiet_hours: [always]
  - name: pricing
    match: {brand: [acme], any: [pricing]}
    action: alert
    channel: sales
    group_wait: 5m
  - name: billing
    match: {brand: [acme], any: [invoice]}
    action: alert
    channel: sales
silences:
  - id: S-maint
    routes: [outage]
    match: {any: [maintenance]}
    who: carol
    why: planned maintenance
    starts: 2020-01-01T00:00:00Z
    until: 2100-01-01T00:00:00Z
"""

EXTRA = """
ops_channel: ops
health: {warmup_hours: 1, min_quiet_minutes: 10, expected_posts: 6, receipt_at: "09:00"}
"""


@pytest.fixture
def clock() -> FakeClock:
    """Near the real time: the CLI, a second reader here, runs on the wall clock, and the store
    keeps traces for days from when they were written."""
    return FakeClock(datetime.now(UTC).replace(second=0, microsecond=0))


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> object:
    async with FakeSlack() as slack, NetServer() as masto:
        w = await World(tmp_path, clock, slack, masto, rules=RULES, extra=EXTRA).start()
        try:
            yield w
        finally:
            await w.stop()


async def why_slack(world: World, target: str) -> str:
    before = len(world.said_to(CAROL))
    assert await world.slash(CAROL, SUPPORT, f"why {target}") == 200
    await world.until(lambda: len(world.said_to(CAROL)) > before, f"the answer to why {target}")
    return world.said_to(CAROL)[-1]


async def run_cli(*args: str) -> tuple[int, str]:
    """``socialops ARGS`` in-process, in a thread of its own (it runs its own event loop), as
    a second reader of the same store."""
    def run() -> tuple[int, str]:
        out = io.StringIO()
        with redirect_stdout(out):
            rc = cli(list(args))
        return rc, out.getvalue()

    return await asyncio.to_thread(run)


async def why_cli(world: World, target: str) -> tuple[int, str]:
    return await run_cli("-c", str(world.tmp / "socialops.yaml"), "why", target)


async def why_both(world: World, target: str) -> str:
    """The same answer through Slack and the CLI."""
    slack = await why_slack(world, target)
    rc, cli_text = await why_cli(world, target)
    assert rc == 0, cli_text
    # Slack shows the answer with formatting characters as look-alikes (NFKC undoes them)
    flat = re.sub(r"[*_`<>]", "", unicodedata.normalize("NFKC", " ".join(slack.split())))
    for line in cli_text.splitlines()[:3]:  # the CLI prints the same trace, plain
        words = re.sub(r"[*_`<>]", "", line).split()[:4]
        assert all(w in flat for w in words), (line, slack)
    return cli_text


async def test_why_explains_every_stage(world: World) -> None:
    delivered = await world.mention("acme outage in the EU region", n=1)
    held = await world.mention("acme outage again, still nothing works", n=2, handle="ola")
    silenced = await world.mention("acme outage during the maintenance window?", n=3,
                                   handle="jan")
    quiet = await world.mention("I love acme, best tool ever", n=4)
    grouped = await world.mention("what is acme pricing for teams?", n=5)
    dropped = await world.mention("acme airdrop for everyone, click now", n=6)
    unrouted = await world.mention("acme is a fine name for a company", n=7)
    cross = await world.mention("acme outage in the EU region", n=8, network="bluesky")

    text = await why_both(world, str(delivered.url))
    assert "fetched by masto" in text and "route outage fired (alert to #support)" in text
    assert "delivered to #support" in text
    assert "held back by the route's cooldown" in await why_both(world, str(held.url))
    text = await why_both(world, silenced.id)
    assert "route outage matched but was held back" in text and "S-maint" in text
    text = await why_both(world, quiet.id)
    assert "route praise matched but was held back" in text and "quiet hours" in text
    assert "grouped: posted as one card" in await why_both(world, grouped.id)
    assert "dropped by the route" in await why_both(world, dropped.id)
    text = await why_both(world, unrouted.id)
    assert "no route or subscription fired" in text
    assert re.search(r"outage: no match: any: no keyword of outage", text), text
    text = await why_both(world, cross.id)
    assert f"a cross-post of {delivered.id}" in text

    # never fetched: which sources could have, and why they did not
    text = await why_both(world, "https://mastodon.example/@someone/424242")
    assert "never fetched" in text and "could not be looked up" in text
    text = await why_both(world, "https://news.ycombinator.com/item?id=1")
    assert "no configured source reads hackernews" in text
    # a mention id not traced, and nonsense, answered in one line
    assert "never fetched" in await why_both(world, "mastodon:999999")
    rc, _ = await why_cli(world, "not a thing")
    assert rc == 1
    assert "why takes a post URL" in await why_slack(world, "not-a-thing")


def status(world: World, status_id: str, text: str, *, handle: str = "kasia",
           server: str | None = None) -> dict[str, object]:
    """A Mastodon status as the API renders it (the real recorded one, fixtures/real/mastodon,
    with its text, author and addresses replaced). ``server``: where it was posted (default:
    the instance the source reads)."""
    base = server or world.masto.base
    recorded = json.loads((REAL_MASTODON / "account_statuses_page_limit5.json").read_text(
        encoding="utf-8"))[0]
    account = {**recorded["account"], "id": f"acct-{handle}", "username": handle,
               "acct": handle if server is None else f"{handle}@{urlsplit(base).hostname}",
               "url": f"{base}/@{handle}"}
    return {**recorded, "id": status_id, "url": f"{base}/@{handle}/{status_id}",
            "uri": f"{base}/users/{handle}/statuses/{status_id}", "account": account,
            "created_at": world.clock().strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "content": f"<p>{text}</p>", "spoiler_text": "", "reblog": None, "tags": [],
            "mentions": [], "media_attachments": [], "card": None, "language": "en"}


async def test_why_looks_a_never_fetched_post_up_and_says_what_routing_would_do_now(
        world: World) -> None:
    """A post the source never fetched, served by the Mastodon server the source reads (a
    status of that server: ``GET /api/v1/statuses/:id``) or by another one (resolved through
    ``/api/v2/search`` with the source's token), is looked up and walked through the rules as
    they stand now, through Slack and the CLI alike."""
    here = status(world, "5151", "acme outage in the APAC region, nothing loads")
    world.masto.json("GET", "/api/v1/statuses/5151", here)
    text = await why_both(world, str(here["url"]))
    assert "never fetched" in text and "could not be looked up" not in text
    assert "• on mastodon: @kasia@127.0.0.1 at " in text
    assert "acme outage in the APAC region, nothing loads" in text
    assert "• masto: it carries none of the hashtags it reads (#acme)" in text
    assert "• what routing would do with it now:" in text
    assert re.search(r"outage: (fired|would fire)", text), text
    assert re.search(r"spam: no match: any: no keyword of airdrop", text), text
    assert world.masto.requests_to("/api/v1/statuses/5151")  # asked by both readers

    remote_url = "https://mastodon.example/@ola/9001"
    there = status(world, "5152", "acme pricing for teams, anyone?", handle="ola",
                   server="https://mastodon.example")
    there["url"] = remote_url  # this server's copy keeps the address it has there

    async def search(request: web.Request) -> web.Response:
        found = (request.query.get("resolve") == "true"
                 and request.query.get("q") == remote_url
                 and request.headers.get("Authorization") == "Bearer tok")
        return web.json_response({"accounts": [], "hashtags": [],
                                  "statuses": [there] if found else []})

    world.masto.handler("GET", "/api/v2/search", search)
    text = await why_both(world, remote_url)
    assert "never fetched" in text and "• on mastodon: @ola@mastodon.example at " in text
    assert "• what routing would do with it now:" in text and "pricing" in text
    # gone there (nothing resolves): said so, in the words it had before
    text = await why_both(world, "https://mastodon.example/@ola/9002")
    assert "could not be looked up" in text and "Mastodon did not return it to masto" in text


async def test_why_follows_a_ticket_id_and_a_pending_delivery(world: World) -> None:
    world.slack.fail(times=50, method="chat.postMessage", status=500)
    m = await world.mention("acme invoice is wrong", n=11)
    text = await why_both(world, m.id)
    assert "route billing fired (alert to #sales)" in text
    assert "waiting to be delivered to #sales (attempt 2" in text and "last error" in text
    world.slack.faults.clear()
    world.clock.advance(minutes=5)
    await world.a.outbox.drain()
    assert "delivered to #sales" in await why_both(world, m.id)


async def test_a_dead_delivery_is_listed_and_retried_once_after_the_fix(world: World) -> None:
    world.slack.outside_channels.add(SALES)  # the bot was never invited to #sales
    m = await world.mention("acme invoice is wrong again", n=21)
    assert world.posts(SALES) == []
    item = (await world.a.store.list_outbox(status="dead"))[0]
    short = delivery_id(item.key)
    text = await why_both(world, m.id)
    assert "failed for good" in text and "invite the bot to the channel" in text
    assert f"retry {short}" in text
    # the ops channel was told, with the fix and a Retry button
    notice = [p for p in world.posts(OPS) if "failed for good" in str(p)]
    assert len(notice) == 1 and world.button_value(OPS, notice[0]["ts"], "retry") == short
    # listed in chat and on the CLI
    assert short in await why_slack_verb(world, "deliveries")
    rc, listed = await run_cli("-c", str(world.tmp / "socialops.yaml"), "outbox", "list")
    assert rc == 0 and short in listed and "invite the bot" in listed
    # readiness counts it
    assert (await world.a.store.outbox_counts())["dead"] == 1

    world.slack.outside_channels.discard(SALES)  # someone invites the bot
    ts = notice[0]["ts"]
    for _ in range(2):  # a double click
        assert await world.click(CAROL, "retry", short, channel=OPS, message_ts=ts) == 200
    # the second click finds it no longer dead (whichever the first was)
    await world.until(lambda: any("no dead delivery" in t or "retried by someone else" in t
                                  for t in world.said_to(CAROL)), "the second click's answer")
    world.clock.advance(seconds=5)
    await world.a.outbox.drain()
    shown = world.slack.message(OPS, ts)  # the notice now says who retried it, no button
    assert shown is not None and "retried by carol" in str(shown)
    assert world.button_value(OPS, ts, "retry") is None
    cards = [p for p in world.posts(SALES) if "invoice" in str(p)]
    assert len(cards) == 1, "retried once, delivered once"
    assert (await world.a.store.outbox_counts())["dead"] == 0
    retries = [e for e in await world.a.store.audit_since(None) if e.action == "outbox.retry"]
    assert [e.actor for e in retries] == ["carol"]


async def why_slack_verb(world: World, text: str) -> str:
    before = len(world.said_to(CAROL))
    assert await world.slash(CAROL, OPS, text) == 200
    await world.until(lambda: len(world.said_to(CAROL)) > before, text)
    return world.said_to(CAROL)[-1]


async def test_a_quiet_source_alerts_once_and_recovers_once(world: World) -> None:
    await world.a.start()

    async def minute(fetched: int) -> None:
        world.clock.advance(minutes=1)
        await Runtime(world.a).record_poll(world.a.sources["masto"], fetched=fetched,
                                           error=None)
        await world.timers()

    def said(what: str) -> list[dict[str, object]]:
        return [p for p in world.posts(OPS) if what in str(p)]

    for i in range(150):  # two and a half hours at about 12 posts an hour
        await minute(1 if i % 5 == 0 else 0)
    assert not said("has gone quiet")
    for _ in range(90):  # polls succeed, nothing comes
        await minute(0)
    assert len(said("has gone quiet")) == 1, "one alert, not one per check"
    assert "posts an hour" in str(said("has gone quiet")[0])
    assert "Last successful poll" in str(said("has gone quiet")[0])
    await world.restart()  # a restart in the middle of the silence remembers it was said
    for _ in range(60):
        await minute(0)
    assert len(said("has gone quiet")) == 1
    await minute(4)
    for _ in range(30):
        await minute(1)
    assert len(said("yielding posts again")) == 1 and len(said("has gone quiet")) == 1


async def test_a_failing_source_alerts_once_with_its_error(world: World) -> None:
    runtime = Runtime(world.a)
    source = world.a.sources["masto"]
    await world.a.start()
    for _ in range(60):
        world.clock.advance(minutes=1)
        await runtime.record_poll(source, fetched=0, error=None)
        await world.timers()
    for _ in range(10):
        world.clock.advance(minutes=1)
        await runtime.record_poll(source, fetched=0, error="mastodon: answered 502")
        await world.timers()
    failing = [p for p in world.posts(OPS) if "is failing" in str(p)]
    assert len(failing) == 1 and "answered 502" in str(failing[0])
    assert "its last poll failed" in await why_both(world, "https://mastodon.example/@x/77")
    for _ in range(10):
        world.clock.advance(minutes=1)
        await runtime.record_poll(source, fetched=1, error=None)
        await world.timers()
    assert len([p for p in world.posts(OPS) if "recovered" in str(p)]) == 1


async def test_a_receipt_counts_what_was_delivered(world: World) -> None:
    await world.a.start()
    start = world.clock()
    n = 100
    for i in range(4):
        await world.mention(f"acme outage number {i} in region {i}", n=n + i, handle=f"u{i}")
        world.clock.advance(hours=2)  # past the cooldown
    await world.mention("acme invoice is wrong", n=n + 10)
    await world.mention("acme is nice", n=n + 11)  # fetched, not matched
    world.slack.outside_channels.add(MARKETING)
    await world.mention("we love acme so much", n=n + 12)  # quiet hours: suppressed
    delivered = {"support": len(world.posts(SUPPORT)), "sales": len(world.posts(SALES))}
    assert delivered == {"support": 4, "sales": 1}
    # the next morning at 09:00 the receipt for the day arrives in #ops, once
    next_day = (start + timedelta(days=1)).replace(hour=9, minute=0, second=0)
    world.clock.now = next_day
    await world.timers()
    await world.timers()
    receipts = [p for p in world.posts(OPS) if "Delivery receipt" in str(p)]
    assert len(receipts) == 1
    body = str(receipts[0])
    assert f"#support {delivered['support']}" in body and f"#sales {delivered['sales']}" in body
    assert "masto 7" in body  # fetched
    assert "quiet hours 1" in body
    rc, report = await run_cli("-c", str(world.tmp / "socialops.yaml"), "report", "--since", "3d")
    assert rc == 0
    assert re.search(r"#support\s+4\s", report) and "Suppressed, per reason" in report
