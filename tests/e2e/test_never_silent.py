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
import subprocess
import unicodedata
from contextlib import redirect_stdout
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiohttp import web

from bot.app.cli import main as cli
from bot.core.cards import delivery_id
from tests.app.cli_support import assert_one_line_error, ran
from tests.conftest import FakeClock
from tests.e2e.world import CAROL, DAVE, MARKETING, OPS, SALES, SUPPORT, World
from tests.support.fake_atproto import FakeAppView, iso
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
  - name: crisis
    match: {brand: [acme], any: [breach]}
    action: alert
    channel: support
    continue: true
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
  - name: refunds
    match: {brand: [acme], any: [refund]}
    action: ticket
    channel: support
inhibit_rules:
  - source: [crisis]
    target: [billing]
    equal: [brand]
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
def clock(request: pytest.FixtureRequest) -> FakeClock:
    """Near the real time: the CLI, a second reader here, runs on the wall clock, and the store
    keeps traces for days from when they were written. A test that counts one calendar day
    asks for ``"yesterday"`` (indirect parametrisation): 00:10 UTC of the day before today, so
    that what it does in the next hours never crosses midnight, whenever the suite runs."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    if getattr(request, "param", None) == "yesterday":
        now = (now - timedelta(days=1)).replace(hour=0, minute=10)
    return FakeClock(now)


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
    assert "grouped: one card with the others" in await why_both(world, grouped.id)
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


@pytest.mark.parametrize("address", ["http://[::1/@a/1", "https://[acme]/@a/1"])
async def test_why_of_an_address_urlsplit_refuses_is_one_line(
        world: World, address: str, caplog: pytest.LogCaptureFixture) -> None:
    """A typed address with a broken bracketed host: urlsplit raises ValueError on it. ``why``
    answered "Something went wrong on our side" in Slack and logged a traceback."""
    text = await why_slack(world, address)
    assert text.startswith(f"{address}: socialops never fetched this post."), text
    assert "its address is not one socialops knows how to read" in text
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    rc, out = await why_cli(world, address)
    assert rc == 0 and "not one socialops knows how to read" in out, out


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


async def test_retry_all_after_a_kick_sends_the_cards_not_the_notices_about_them(
        world: World) -> None:
    """The bot removed from the workspace's channels: its card to #sales failed for good, and
    so did the ops notice saying so. `outbox retry --all` after it is invited back sent both:
    the ops channel was told a delivery had failed for good while it was being delivered
    (PagerDuty or Grafana OnCall would page on it), and its 'retried by' edit posted the
    notice that was never shown. A notice whose delivery is retried or delivered is not sent
    again (tests/handlers/test_dead_notices.py: one about a delivery still dead is)."""
    world.slack.outside_channels.update({SALES, OPS})
    m = await world.mention("acme invoice is wrong once more", n=31)
    dead = await world.a.store.list_outbox(status="dead")
    assert len(dead) == 2 and sorted(i.card.kind for i in dead) == ["alert", "notice"], dead
    assert world.posts(OPS) == [] and world.posts(SALES) == []
    world.slack.outside_channels.clear()  # invited back
    said = await why_slack_verb(world, "retry all")  # `socialops outbox retry --all`'s
    assert "1 dead delivery sent again" in said, said
    assert "1 notice about a delivery sent again was not sent" in said, said
    world.clock.advance(seconds=5)
    await world.a.outbox.drain()
    assert len([p for p in world.posts(SALES) if "invoice" in str(p)]) == 1
    assert [p for p in world.posts(OPS) if "failed for good" in str(p)] == [], (
        "the notice (or its 'retried by' edit) was posted")
    # the notice settled (removed): the next retry all, and deliveries, no longer report it
    assert m.id and (await world.a.store.outbox_counts())["dead"] == 0
    assert await world.a.store.list_outbox(status="dead") == []


async def why_slack_verb(world: World, text: str) -> str:
    before = len(world.said_to(CAROL))
    assert await world.slash(CAROL, OPS, text) == 200
    await world.until(lambda: len(world.said_to(CAROL)) > before, text)
    return world.said_to(CAROL)[-1]


async def test_a_quiet_source_alerts_once_and_recovers_once(world: World) -> None:
    await world.a.start()

    async def minute(fetched: int) -> None:
        world.clock.advance(minutes=1)
        await world.a.runtime().record_poll(world.a.sources["masto"], fetched=fetched,
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
    runtime = world.a.runtime()
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


@pytest.mark.parametrize("clock", ["yesterday"], indirect=True)
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


# -- each stage of `why` the tests above do not reach -------------------------------------------


async def test_why_names_a_paused_source(world: World) -> None:
    """The Mastodon server refuses the token: the source's loop is paused (the supervisor's
    policy for refused credentials), the ops channel is told, and `why` for a post it never
    fetched says the source is not healthy, with the server's refusal."""
    world.masto.json("GET", "/api/v1/timelines/tag/acme",
                     {"error": "The access token is invalid"}, status=401)
    runtime = world.a.runtime()
    source = world.a.sources["masto"]
    await runtime.supervisor.run_once("source:masto", runtime._source_step(source, 60.0))
    assert runtime.paused["source:masto"].startswith("paused")
    await world.a.outbox.drain()
    paused = [p for p in world.posts(OPS) if "source:masto paused" in str(p)]
    assert len(paused) == 1 and "refused the token (401)" in str(paused[0])
    text = await why_both(world, "https://mastodon.example/@someone/5150")
    assert "socialops never fetched this post" in text
    assert re.search(r"• source masto is not healthy: its last poll failed at "
                     r"\d{4}-\d\d-\d\d \d\d:\d\d UTC: mastodon: "
                     r"GET /api/v1/timelines/tag/acme refused the token \(401\) The access "
                     r"token is invalid", text), text


async def test_why_says_a_post_the_source_could_read_is_older_than_its_backfill_window(
        world: World) -> None:
    """A post that carries the hashtag the source reads, never fetched: the only reason left
    is the first run's backfill window, said with its length."""
    old = status(world, "6161", "acme outage last year, #acme")
    old["tags"] = [{"name": "acme", "url": f"{world.masto.base}/tags/acme"}]
    old["created_at"] = "2020-01-02T03:04:05.000Z"
    world.masto.json("GET", "/api/v1/statuses/6161", old)
    text = await why_both(world, str(old["url"]))
    assert "• on mastodon: @kasia@127.0.0.1 at 2020-01-02 03:04 UTC" in text
    assert ("• masto: the network did not return it to this source's queries (posts older "
            "than the first run's backfill window, 60 min, are never read)") in text, text


async def test_why_says_the_backfill_window_was_cut_to_the_dedup_window(
        tmp_path: Path, clock: FakeClock) -> None:
    """A source set to read 7 days back on a store that remembers posts for an hour reads an
    hour (583bfdc): why says the window read and that it is the configured one cut short, so
    '60 min' is not read as the config's 7d mistyped."""
    async with FakeSlack() as slack, NetServer() as masto:
        w = World(tmp_path, clock, slack, masto, rules=RULES, extra=EXTRA)
        path = tmp_path / "socialops.yaml"
        text = path.read_text().replace("hashtags: [acme]}", "hashtags: [acme], "
                                        "backfill_minutes: 7d}")
        path.write_text(re.sub(r'(store: \{backend: sqlite, path: "[^"]*")\}',
                               r"\1, dedup_ttl_hours: 1h}", text))
        await w.start()
        try:
            old = status(w, "6162", "acme outage last year, #acme")
            old["tags"] = [{"name": "acme", "url": f"{w.masto.base}/tags/acme"}]
            old["created_at"] = "2020-01-02T03:04:05.000Z"
            w.masto.json("GET", "/api/v1/statuses/6162", old)
            said = await why_both(w, str(old["url"]))
        finally:
            await w.stop()
    assert ("• masto: the network did not return it to this source's queries (posts older "
            "than the first run's backfill window, 60 min, are never read; backfill_minutes "
            "is 10080, cut to store.dedup_ttl_hours, how long a post is remembered as "
            "seen)") in said, said


async def test_why_on_an_exact_duplicate_shows_the_first_fetch_and_one_delivery(
        world: World) -> None:
    first_at = world.clock()
    m = await world.mention("acme invoice is wrong, please check", n=31)
    world.clock.advance(minutes=7)
    again = await world.mention("acme invoice is wrong, please check", n=31)  # fetched again
    assert again.id == m.id
    cards = [p for p in world.posts(SALES) if "please check" in str(p)]
    assert len(cards) == 1, "a repeat is not delivered again"
    text = await why_both(world, m.id)
    assert f"• fetched by masto at {first_at:%Y-%m-%d %H:%M} UTC" in text, text
    assert text.count("route billing fired (alert to #sales)") == 1
    assert f"delivered to #sales at {first_at:%Y-%m-%d %H:%M} UTC" in text


async def subscribe(world: World, user: str, channel: str, query: str) -> str:
    before = {s.id for s in await world.a.store.list_subscriptions()}
    assert await world.slash(user, channel, f"subscribe {query}") == 200
    await world.until(lambda: len(world.slack.responses) > 0, "the subscribe answer")
    for _ in range(100):
        new = [s.id for s in await world.a.store.list_subscriptions() if s.id not in before]
        if new:
            return new[0]
        await asyncio.sleep(0.01)
    raise AssertionError(f"no subscription made: {world.slack.responses[-1:]}")


async def test_why_names_the_subscription_that_fired_and_the_one_that_did_not(
        world: World) -> None:
    fired = await subscribe(world, DAVE, MARKETING, '"dark mode"')
    await world.mention("acme please add dark mode to the app", n=41)
    text = await why_both(world, "mastodon:41")
    assert f"• route sub:{fired} fired (alert to #marketing)" in text, text
    assert "delivered to #marketing at" in text
    # a post the subscription does not match: the router's explanation names it
    await world.mention("acme needs a light theme", n=42)
    text = await why_both(world, "mastodon:42")
    assert "no route or subscription fired" in text
    assert "subscriptions: 0 of 1 share a keyword with this post" in text, text


async def test_why_says_a_route_was_inhibited_by_crisis(world: World) -> None:
    m = await world.mention("acme breach: my invoice shows someone else's card", n=51)
    text = await why_both(world, m.id)
    assert "• route billing matched but was held back: inhibited by crisis (brand=acme)" in text
    assert "route crisis fired (alert to #support)" in text
    assert [p for p in world.posts(SALES) if "breach" in str(p)] == []


async def test_why_says_a_muted_subscription_and_a_muted_route_held_it_back(
        world: World) -> None:
    sub = await subscribe(world, DAVE, MARKETING, "roadmap")
    before = len(world.slack.responses)
    assert await world.slash(DAVE, MARKETING, f"mute {sub} 2h launch week") == 200
    await world.until(lambda: len(world.slack.responses) > before, "the mute answer")
    until = world.clock() + timedelta(hours=2)
    await world.mention("is a public acme roadmap coming?", n=61)
    text = await why_both(world, "mastodon:61")
    assert (f"• route sub:{sub} matched but was held back: subscription muted until "
            f"{until:%Y-%m-%d %H:%M} UTC") in text, text
    assert "so nothing was delivered: every route that matched was held back" in text
    # a lead mutes a rules-file route from chat
    before = len(world.slack.responses)
    assert await world.slash(CAROL, SALES, "mute billing 2h invoicing migration") == 200
    await world.until(lambda: len(world.slack.responses) > before, "the route mute answer")
    await world.mention("acme invoice came twice", n=62)
    text = await why_both(world, "mastodon:62")
    assert re.search(r"• route billing matched but was held back: silenced by chat-billing-\d+ "
                     r"\(carol: invoicing migration\) until " + f"{until:%Y-%m-%d %H:%M}",
                     text), text
    assert [p for p in world.posts(SALES) if "came twice" in str(p)] == []


async def test_why_follows_a_real_ticket_id(world: World) -> None:
    m = await world.mention("acme refund still not here after a month", n=71)
    ticket = next(t for t in await world.a.store.list_tickets() if t.signal_id == m.id)
    text = await why_both(world, ticket.id)
    assert text.splitlines()[0] == f"{m.id} by @kasia ({m.url})"
    assert f"• route refunds fired (ticket to #support): ticket {ticket.id}" in text, text
    assert "delivered to #support at" in text
    lower = await why_slack(world, ticket.id.lower())  # t-1 is T-1
    assert f"ticket {ticket.id}" in lower
    assert "no ticket T-999" in await why_slack(world, "T-999")


# -- dead deliveries retried by the chat verbs and the installed command ------------------------


async def dead_to_sales(world: World, text: str, n: int) -> str:
    """A card for #sales that dies (the bot is not in the channel); its short id."""
    before = {i.key for i in await world.a.store.list_outbox(status="dead")}
    await world.mention(text, n=n)
    new = [i for i in await world.a.store.list_outbox(status="dead") if i.key not in before]
    assert len(new) == 1, new
    return delivery_id(new[0].key)


def sales_cards(world: World, words: str) -> list[dict[str, object]]:
    return [p for p in world.posts(SALES) if words in str(p)]


async def test_retry_and_retry_all_in_chat_deliver_each_dead_card_once(world: World) -> None:
    world.slack.outside_channels.add(SALES)
    first = await dead_to_sales(world, "acme invoice one is wrong", 81)
    assert "no dead delivery d-00000000: it was retried already, never died, or was removed " \
        "30 days after it died (store.retention.dead" in \
        await why_slack_verb(world, "retry d-00000000")
    world.slack.outside_channels.discard(SALES)  # the bot is invited
    answer = await why_slack_verb(world, f"retry {first}")
    assert f"{first} sent again to #sales" in answer, answer
    world.clock.advance(seconds=5)
    await world.a.outbox.drain()
    assert len(sales_cards(world, "invoice one")) == 1
    assert "no dead delivery" in await why_slack_verb(world, f"retry {first}")  # done already

    world.slack.outside_channels.add(SALES)  # removed again; two more die
    world.clock.advance(hours=1)
    await dead_to_sales(world, "acme invoice two is wrong", 82)
    await dead_to_sales(world, "acme invoice three is wrong", 83)
    world.slack.outside_channels.discard(SALES)
    answer = await why_slack_verb(world, "retry all")
    assert "2 dead deliveries sent again" in answer, answer
    world.clock.advance(seconds=5)
    await world.a.outbox.drain()
    assert len(sales_cards(world, "invoice two")) == 1
    assert len(sales_cards(world, "invoice three")) == 1
    assert "No dead deliveries to retry." in await why_slack_verb(world, "retry all")
    assert (await world.a.store.outbox_counts())["dead"] == 0
    retries = [e.actor for e in await world.a.store.audit_since(None)
               if e.action == "outbox.retry"]
    assert retries == ["carol"] * 3


async def test_socialops_outbox_retry_by_id_and_all_on_the_command_line(
        world: World, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`socialops outbox retry`, a second reader of the same SQLite file, requeues the dead
    deliveries; the running bot delivers each at its next turn, once. The command runs in this
    process (``ran``: its own store, its own event loop in a thread of its own, its exit code,
    stdout and stderr), not through an interpreter of its own (1.5-3 s of CPU each): what is
    tested is the requeueing, not the process."""
    config = str(world.tmp / "socialops.yaml")

    def socialops_cli(*args: str) -> subprocess.CompletedProcess[str]:
        return ran("-c", config, *args, cwd=world.tmp, monkeypatch=monkeypatch, capsys=capsys)

    world.slack.outside_channels.add(SALES)
    one = await dead_to_sales(world, "acme invoice four is wrong", 91)
    world.clock.advance(hours=1)
    two = await dead_to_sales(world, "acme invoice five is wrong", 92)
    world.clock.advance(hours=1)
    three = await dead_to_sales(world, "acme invoice six is wrong", 93)
    world.slack.outside_channels.discard(SALES)

    proc = await asyncio.to_thread(socialops_cli, "outbox", "retry", one, "--as", "carol")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (f"{one} sent again to #sales; a running bot delivers it at its next "
                           "turn\n")
    proc = await asyncio.to_thread(socialops_cli, "outbox", "retry", one)  # not dead any more
    assert_one_line_error(proc, f"no dead delivery {one}: it was retried already")
    world.clock.advance(minutes=5)  # past the wall clock the command requeued at
    await world.a.outbox.drain()
    assert len(sales_cards(world, "invoice four")) == 1
    assert sales_cards(world, "invoice five") == []

    proc = await asyncio.to_thread(socialops_cli, "outbox", "retry", "--all", "--as", "carol")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ("2 dead deliveries sent again; a running bot delivers them at its "
                           "next turn\n")
    proc = await asyncio.to_thread(socialops_cli, "outbox", "retry", "--all")
    # nothing to retry is no mistake: said, exit 0 (a runbook's step or a cron finds none)
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0, "No dead deliveries to retry.\n", ""), proc.stderr
    world.clock.advance(minutes=5)
    await world.a.outbox.drain()
    for words in ("invoice four", "invoice five", "invoice six"):
        assert len(sales_cards(world, words)) == 1, words
    assert {two, three}.isdisjoint(
        delivery_id(i.key) for i in await world.a.store.list_outbox(status="dead"))
    retries = [e for e in await world.a.store.audit_since(None) if e.action == "outbox.retry"]
    assert [e.actor for e in retries] == ["carol"] * 3


async def test_socialops_report_draws_one_character_a_day(world: World) -> None:
    """Three days ago two outages, the day before yesterday nothing, yesterday one, today none:
    `socialops report --since 3d` draws each row as ·, then eight heights up to its largest."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    world.clock.now = today - timedelta(days=3) + timedelta(hours=10)
    await world.mention("acme outage in the EU region", n=101)
    world.clock.advance(hours=2)  # past the route's cooldown
    await world.mention("acme outage in the US region", n=102, handle="ola")
    world.clock.now = today - timedelta(days=1) + timedelta(hours=10)
    await world.mention("acme outage in the APAC region", n=103, handle="jan")
    rc, report = await run_cli("-c", str(world.tmp / "socialops.yaml"), "report", "--since", "3d")
    assert rc == 0, report
    assert report.splitlines()[0] == (
        f"socialops report: {today - timedelta(days=3):%Y-%m-%d} to {today:%Y-%m-%d} (UTC days; "
        "one character a day, · for none)")
    assert re.search(r"^  #support\s+3  █·▄·  0 today$", report, re.M), report
    assert re.search(r"^  masto\s+3  █·▄·  0 today$", report, re.M), report
    assert "Dead (not delivered)\n  none" in report


async def test_why_says_the_stream_prefilter_dropped_a_bluesky_post(tmp_path: Path,
                                                                    clock: FakeClock) -> None:
    """A Bluesky source reading Jetstream keeps only posts with its ``stream_keywords``; a post
    without them, looked up on the local AppView, is said to have been dropped there."""
    kasia = "did:plc:kasiakasiakasiakasiakasi"
    async with FakeSlack() as slack, NetServer() as masto, NetServer() as appview_net:
        appview = FakeAppView(appview_net)
        appview.add_post(
            uri=f"at://{kasia}/app.bsky.feed.post/3p00000009", cid="bafy9",
            author={"did": kasia, "handle": "kasia.test", "displayName": "Kasia"},
            record={"$type": "app.bsky.feed.post", "text": "acme checkout is slow today",
                    "langs": ["en"], "createdAt": iso(clock() - timedelta(minutes=5))},
            indexed_at=iso(clock() - timedelta(minutes=5)))
        w = World(tmp_path, clock, slack, masto, rules=RULES, extra=EXTRA)
        config = w.tmp / "socialops.yaml"
        config.write_text(config.read_text().replace("sources:\n", (
            "sources:\n  - {id: bsky, type: bluesky, base_url: \"" + appview_net.base + "\", "
            "stream: true, jetstream_url: \"ws://127.0.0.1:9/\", "
            "stream_keywords: [outage, is down]}\n"), 1))
        await w.start()
        try:
            text = await why_both(w, "https://bsky.app/profile/kasia.test/post/3p00000009")
        finally:
            await w.stop()
    assert "socialops never fetched this post" in text
    assert "• on bluesky: @kasia.test at " in text and "acme checkout is slow today" in text
    assert ("• bsky: its stream keeps only posts with outage, is down (the prefilter dropped "
            "it)") in text, text
