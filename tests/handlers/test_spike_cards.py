"""The spike card says who wrote the burst, in what languages and where, and when the spike is
over its card is edited and its thread told once: by whichever process checks (two on one
Redis), its state in the store, through the outbox's edit path. Authors' names are the
networks' text: no ping, no formatting, bounded, on Slack and on Discord."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.cards import Card
from bot.core.config import SpikesConfig, StoreConfig
from bot.core.effects import Effects
from bot.core.models import Author, ChannelRef, Mention, RouteHit, Sentiment, Signal
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.enrich.bursts import Driver, SpikeEnd, breakdown
from bot.enrich.spikes import Spike
from bot.store import open_store
from handlers.spikes import SpikeChecker, count, ended_card, spike_card
from integrations.discord.render import render as discord_render
from integrations.slack.render import render_card, render_text
from tests.conftest import FakeClock
from tests.integrations.discord.reader import discord_view
from tests.integrations.workspaces.test_slack_contract import slack_view

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
HOSTILE = "@everyone <!channel> <@&123456789012345678> *bold* `code` ~x~ > quote " + "z" * 3000


def spike(handle: str = "kasia") -> Spike:
    origins = [(5, handle, "pl", "Mastodon")] * 11 + [(5, "ola", "en", "Bluesky")]
    return Spike(kind="route", key="mentions", window_start=T0, window_minutes=10, count=12,
                 usual=1.2, top_terms=("awaria",), samples=("acme awaria",),
                 mean_sentiment=-0.5, made_of=breakdown(origins, oldest=0, count=12))


def test_the_card_says_one_author_wrote_most_and_the_languages_and_networks() -> None:
    card = spike_card(spike())
    assert card.title == "Spike on route mentions: 12 mentions in 10 min, mostly one author"
    fields = {f.name: f.value for f in card.fields}
    assert fields["Authors"] == "11 of 12 posts by one author: @kasia 11, @ola 1"
    assert fields["Languages"] == "pl 11, en 1"
    assert fields["Networks"] == "Mastodon 11, Bluesky 1"
    # said once in the fields: Why said it again before the Authors line (a review)
    assert "author" not in fields["Why"], fields["Why"]
    assert spike_card(replace(spike(), made_of=None)).fields[0].value.endswith("sentiment -0.5")
    assert spike().explain().endswith("; 11 of 12 posts by one author")  # a log line says it


def test_a_hostile_author_pings_nobody_and_formats_nothing() -> None:
    card = spike_card(spike(HOSTILE))
    end = SpikeEnd(kind="route", key="mentions", spike_id="x", start=T0,
                   end=T0 + timedelta(minutes=23), posts=85, peak=14)
    for shown in (card, ended_card(card, end, when="10:23 UTC")):
        msg = render_card(shown)
        view = slack_view({"text": msg.text, "blocks": msg.blocks})
        assert view.pings == frozenset() and view.problems == ()
        assert "@everyone" in view.text  # shown as text
        assert set(view.styles) <= {"bold", "code"}  # the layout's field names and badges
        assert len(view.text) < 3000  # the handle was cut
        d = discord_render(shown)
        body = {"content": d.content, "embeds": [d.embed.to_dict()]}
        dview = discord_view(body, allowed_mentions=d.allowed_mentions.to_dict())
        assert dview.pings == frozenset() and dview.problems == ()
        assert d.allowed_mentions.everyone is False


def test_the_end_edits_the_card_and_tells_its_thread() -> None:
    card = spike_card(spike())
    end = SpikeEnd(kind="route", key="mentions", spike_id="x", start=T0,
                   end=T0 + timedelta(minutes=23), posts=85, peak=14)
    done = ended_card(card, end, when="2026-11-23 10:23 UTC")
    assert done.key == card.key and done.status == "ended"
    assert done.thread_note == "Spike ended 2026-11-23 10:23 UTC: 85 posts over 23 min, " \
                               "peak 14/min"
    assert done.fields[: len(card.fields)] == card.fields
    assert done.fields[-1].name == "Ended"
    note = render_text(done.thread_note or "")
    assert slack_view({"text": note.text, "blocks": note.blocks}).pings == frozenset()


# -- through the store: two processes on one Redis ------------------------------------------

@pytest.fixture
async def stores(redis_url: str, clock: FakeClock) -> AsyncIterator[list[Store]]:
    opened = [await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
              for _ in range(2)]
    yield opened
    for s in opened:
        await s.close()


def post(n: int, at: datetime, *, handle: str, network: str = "mastodon",
         language: str = "pl") -> Signal:
    hit = RouteHit(route="mentions", action="alert", workspace="slack", channel="C1")
    m = Mention(id=f"{network}:{n}", network=network, source="t",  # type: ignore[arg-type]
                text=f"acme awaria {n}", author=Author(id=f"a-{handle}", handle=handle),
                created_at=at)
    return Signal(mention=m, routes=(hit,), language=language,
                  sentiment=Sentiment(compound=-0.5, label="negative"))


async def test_two_processes_warn_once_and_say_the_end_once(stores: list[Store],
                                                            clock: FakeClock) -> None:
    clock.now = T0
    cfg = SpikesConfig(warmup_minutes=0, min_count=5)

    def checker(store: Store) -> SpikeChecker:
        return SpikeChecker(store, Applier(store), cfg=cfg, clock=clock,
                            keyword_channel=ChannelRef(workspace="slack", channel="CSPIKES"),
                            zones={"slack": "Europe/Warsaw"})

    checkers = [checker(stores[0]), checker(stores[1])]

    async def check(c: SpikeChecker) -> None:
        fx = Effects()
        c.arm(fx)
        await c.applier.apply(fx)
        for t in await c.reads.take_due(clock(), lease_seconds=30):  # type: ignore[attr-defined]
            await c.check(t)

    for i in range(12):  # a burst, counted by two processes: 11 by one author
        clock.advance(seconds=20)
        s = post(i, clock(), handle="kasia" if i else "ola",
                 network="bluesky" if i == 0 else "mastodon", language="en" if i == 0 else "pl")
        fx = Effects()
        fx.signals.append((s, 3600, 3600))
        count(s, fx, now_ts=clock().timestamp())
        assert await stores[i % 2].apply(fx)
    await check(checkers[0])
    [warned] = await stores[1].list_outbox(status="pending")
    assert warned.card.title.endswith("12 mentions in 10 min, mostly one author")
    fields = {f.name: f.value for f in warned.card.fields}
    assert fields["Authors"].startswith("11 of 12 posts by one author: @kasia 11, @ola 1")
    assert fields["Languages"] == "pl 11, en 1"
    assert fields["Networks"] == "Mastodon 11, Bluesky 1"

    for minute in range(40):  # calm; the checks taken by either process, a fresh one each time
        clock.advance(minutes=1)
        await check(checker(stores[minute % 2]))
    items = await stores[0].list_outbox(status="pending")
    ends = [i for i in items if i.update_of is not None]
    assert len(items) == 2 and len(ends) == 1
    [end] = ends
    assert end.update_of == warned.card.key and end.channel == warned.channel == "C1"
    assert end.card.status == "ended"
    assert end.card.thread_note is not None
    # the burst's minutes: 10:00 (2 posts) to 10:04 (its last post, the minute after 10:03),
    # on the workspace's clock too
    assert end.card.thread_note == "Spike ended 2026-11-23 10:05 UTC (11:05 Europe/Warsaw): " \
                                   "12 posts over 5 min, peak 3/min"
    assert end.card.fields[: len(warned.card.fields)] == warned.card.fields
    raw = await stores[1].get_cursor("_spike_cards")
    assert raw is not None and json.loads(raw) == {}  # said: forgotten
    Card.model_validate(end.card.model_dump())


async def test_a_damaged_record_of_the_cards_is_written_afresh(sqlite_store: Store,
                                                               clock: FakeClock) -> None:
    """The cards of spikes not yet over, unreadable (a hand edit, a damaged row): the check
    goes on (those spikes end unsaid) and writes the record afresh, not warning every 10 s."""
    clock.now = T0
    fx = Effects()
    fx.cursors["_spike_cards"] = "[not json"
    assert await sqlite_store.apply(fx)
    checker = SpikeChecker(sqlite_store, Applier(sqlite_store), cfg=SpikesConfig(), clock=clock)
    fx = Effects()
    checker.arm(fx)
    assert await sqlite_store.apply(fx)
    for t in await sqlite_store.take_due(clock(), lease_seconds=30):
        await checker.check(t)
    assert await sqlite_store.get_cursor("_spike_cards") == "{}"


def test_the_post_driving_it_and_the_samples_are_links_on_slack_and_discord() -> None:
    """A review (2026-12-06): the post most of a burst answers and the samples shown are link
    buttons; a link of a post's own text that is no web address is none, and pings nobody."""
    driven = replace(spike(), driver=Driver(kind="post", target="mastodon:9", n=9, posts=12,
                                            url="https://mastodon.example/@ceo/9",
                                            author="ceo"),
                     links=("https://mastodon.example/@a/1", "javascript:alert(1)"))
    card = spike_card(driven)
    assert card.title.endswith("mostly one author, mostly answers to one post")
    assert "9 of 12 posts answer one post by @ceo: https://mastodon.example/@ceo/9" in \
        card.fields[0].value
    msg = render_card(card)
    urls = [e.get("url") for b in msg.blocks if b.get("type") == "actions"
            for e in b["elements"]]
    assert urls == ["https://mastodon.example/@ceo/9", "https://mastodon.example/@a/1"]
    d = discord_render(card)
    assert d.embed.url == "https://mastodon.example/@ceo/9"
    shown = json.dumps([c.to_component_dict() for c in d.view.children]) if d.view else ""
    assert "https://mastodon.example/@a/1" in shown and "javascript" not in shown
    link = spike_card(replace(spike(), driver=Driver(kind="link", target="@everyone <!here>",
                                                     n=9, posts=12, url="@everyone <!here>")))
    view = slack_view({"text": render_card(link).text, "blocks": render_card(link).blocks})
    assert view.pings == frozenset()
