"""A post edited or deleted by its author, its cards on Discord: the pipeline, the compiled
rules, the ticket service and the outbox on a SQLite file, delivered by discord.py's own client
to the local Discord (``FakeDiscord``, which enforces the documented message limits).

An alert card a server moderator deleted (Discord then answers an edit of it 404, code 10008
"Unknown Message") came back: the post's edit posted it again, a new message in the channel,
and its author's delete then edited that one to say the post is gone. An alert is a notice of
one post, not a ticket or a draft still worked on: removed from the channel, it stays removed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.config import ChannelConfig, OutboxConfig, StoreConfig
from bot.core.models import Mention
from bot.core.ports import Store
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from bot.engine.pipeline import Pipeline
from bot.engine.router import LiveRouter
from bot.store import open_store
from handlers.audit import Audit
from handlers.identity import Directory
from handlers.routing import Batch, RouteActions
from handlers.tickets import TicketService
from integrations.discord.render import key_from_footer
from integrations.discord.workspace import DiscordWorkspace
from rules import parse_rules
from tests.conftest import FakeClock
from tests.engine.test_pipeline import RULES, Facts, mention
from tests.support.fake_discord import FakeDiscord


class World:
    def __init__(self, store: Store, clock: FakeClock, fake: FakeDiscord,
                 ws: DiscordWorkspace) -> None:
        self.store, self.clock, self.fake = store, clock, fake
        channels = {"support": ChannelConfig(workspace="discord", id=fake.channel_id),
                    "marketing": ChannelConfig(workspace="discord", id=fake.channel_id)}

        async def no_wait(seconds: float) -> None:
            clock.advance(seconds=seconds)

        self.outbox = Outbox(store, {"discord": ws}, clock=clock, config=OutboxConfig(),
                             owner="t", sleep=no_wait)
        applier = Applier(store)
        tickets = TicketService(store, applier, clock=clock, audit=Audit(clock=clock),
                                directory=Directory([]), escalations={}, channels=channels)
        actions = RouteActions(store, tickets, applier, clock=clock)
        ruleset = parse_rules(RULES, file="rules.yaml", channels=channels, escalations=set())
        self.pipeline = Pipeline(store=store, tx=applier, facts=Facts,
                                 router=LiveRouter(store, ruleset, clock=clock),
                                 actions=actions, clock=clock, new_batch=Batch,
                                 reviser=actions)

    def cards(self, key: str) -> list[dict[str, Any]]:
        return [m for m in self.fake.in_channel(self.fake.channel_id)
                if any(key_from_footer((e.get("footer") or {}).get("text")) == key
                       for e in m["embeds"])]


@pytest.fixture
async def world(fake: FakeDiscord, ws_config: Any, clock: FakeClock,
                tmp_path: Path) -> AsyncIterator[World]:
    store = await open_store(StoreConfig(path=str(tmp_path / "s.db")), redis_url=None,
                             clock=clock)
    ws = DiscordWorkspace(ws_config)
    try:
        yield World(store, clock, fake, ws)
    finally:
        await ws.close()
        await store.close()


def edited(m: Mention, text: str, clock: FakeClock, minutes: int = 1) -> Mention:
    return m.model_copy(update={"text": text, "revision": "edit",
                                "revised_at": clock() + timedelta(minutes=minutes),
                                "raw": {"edited_at": "x"}})


def deleted(m: Mention, clock: FakeClock) -> Mention:
    return m.model_copy(update={"text": "", "revision": "delete", "revised_at": clock(),
                                "raw": {}})




def embeds(card: dict[str, Any]) -> str:
    return str(card["embeds"])


async def test_an_alert_card_a_moderator_deleted_is_not_posted_again_by_its_posts_edit(
        world: World, clock: FakeClock) -> None:
    m = mention("3", "I love the new release", clock=clock)
    await world.pipeline.process(m)
    await world.outbox.drain()
    [card] = world.cards("mastodon:3|praise")
    del world.fake.messages[card["id"]]  # a moderator deleted it
    await world.pipeline.process(edited(m, "I love the new release, edited", clock, 1))
    await world.outbox.drain()
    await world.pipeline.process(deleted(m, clock))
    await world.outbox.drain()
    assert world.cards("mastodon:3|praise") == []
    assert await world.store.list_outbox(status="dead") == []


async def test_a_tickets_card_a_moderator_deleted_is_still_shown_again(
        world: World, clock: FakeClock) -> None:
    m = mention("5", "refund please", clock=clock)
    await world.pipeline.process(m)
    await world.outbox.drain()
    [card] = world.cards("T-1")
    del world.fake.messages[card["id"]]
    await world.pipeline.process(edited(m, "refund please, edited", clock, 1))
    await world.outbox.drain()
    [again] = world.cards("T-1")
    assert again["id"] != card["id"] and "refund please, edited" in embeds(again)
    assert await world.store.list_outbox(status="dead") == []


async def test_a_post_edited_twice_under_a_429_ends_on_its_latest_words(
        world: World, clock: FakeClock) -> None:
    m = mention("4", "I love the new release", clock=clock)
    await world.pipeline.process(m)
    await world.outbox.drain()
    [card] = world.cards("mastodon:4|praise")
    # the edit's bucket exhausted: a real 429 body (retry_after) and its X-RateLimit headers
    world.fake.script_429("PATCH", f"/channels/{world.fake.channel_id}/messages/{card['id']}",
                          retry_after=40.0)
    await world.pipeline.process(edited(m, "I love it, first edit", clock, 1))
    await world.outbox.drain()
    await world.pipeline.process(edited(m, "I love it, second edit", clock, 2))
    for _ in range(3):
        clock.advance(seconds=60)
        await world.outbox.drain()
    [card] = world.cards("mastodon:4|praise")
    assert "second edit" in embeds(card) and "edited 2 times" in embeds(card)
    assert await world.store.list_outbox(status="pending") == []


async def test_a_deleted_tickets_card_and_thread_keep_no_words_and_ping_nobody(
        world: World, clock: FakeClock) -> None:
    m = mention("2", "refund please @everyone", clock=clock)
    await world.pipeline.process(m)
    await world.outbox.drain()
    await world.pipeline.process(edited(m, "refund please now <@&1> @everyone **x**", clock, 1))
    await world.outbox.drain()
    await world.pipeline.process(deleted(m, clock))
    await world.outbox.drain()
    [card] = world.cards("T-1")
    assert "please" not in embeds(card) and "deleted by its author" in embeds(card)
    [thread] = world.fake.threads
    lines = [x["content"] for x in world.fake.in_channel(thread)]
    assert lines[-1] == "socialops\\: mastodon\\:2 deleted by its author"
    assert all("<@&1>" not in x and "@everyone" not in x.replace("\\@", "") for x in lines)
    patches = [c for c in world.fake.calls if c.method in ("POST", "PATCH")]
    assert all((c.body or {}).get("allowed_mentions", {}).get("parse") == []
               for c in patches if isinstance(c.body, dict) and "content" in c.body)


async def test_a_deleted_posts_words_are_not_left_in_its_tickets_thread(
        world: World, clock: FakeClock) -> None:
    m = mention("6", "refund please", clock=clock)
    await world.pipeline.process(m)
    await world.outbox.drain()
    await world.pipeline.process(edited(m, "refund please, my card number is 4111", clock, 1))
    await world.outbox.drain()
    await world.pipeline.process(deleted(m, clock))
    await world.outbox.drain()
    [thread] = world.fake.threads
    lines = [x["content"] for x in world.fake.in_channel(thread)]
    assert not any("4111" in x for x in lines), lines
    # the edit is still said, its words left to the card (which the delete blanked)
    assert any(x.endswith("6 edited by its author; its card shows its new words")
               for x in lines), lines
    tickets = await world.store.list_tickets()
    assert tickets and not any("4111" in str(t.model_dump()) for t in tickets)
    assert not any("4111" in str(e.model_dump()) for e in await world.store.audit_since(None))


def links(card: dict[str, Any]) -> list[str]:
    """Every address a card links to the post by: its embeds' and its link buttons'."""
    out = [e["url"] for e in card["embeds"] if e.get("url")]
    out += [b["url"] for row in card["components"] for b in row.get("components", [])
            if b.get("url")]
    return out


async def test_a_deleted_posts_cards_no_longer_link_to_it(
        world: World, clock: FakeClock) -> None:
    """A link to a post its author deleted is a 404 on the network: the card says it was
    deleted instead (review of the edits and deletes follow-up; before, "Open on Mastodon"
    and the title kept the address)."""
    url = "https://mastodon.social/@kasia/7"
    for native, text in (("7", "refund please"), ("8", "I love the new release")):
        await world.pipeline.process(mention(native, text, clock=clock).model_copy(
            update={"url": url if native == "7" else url + "8"}))
    await world.outbox.drain()
    [ticket] = world.cards("T-1")
    [alert] = world.cards("mastodon:8|praise")
    assert url in links(ticket) and url + "8" in links(alert)
    for native in ("7", "8"):
        await world.pipeline.process(deleted(mention(native, "", clock=clock), clock))
    await world.outbox.drain()
    [ticket] = world.cards("T-1")
    [alert] = world.cards("mastodon:8|praise")
    for card in (ticket, alert):
        assert "deleted by its author" in embeds(card)
        assert links(card) == [], card
