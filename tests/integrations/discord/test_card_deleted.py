"""A ticket's card deleted by a server moderator (a message anyone with Manage Messages may
delete; Discord then answers an edit of it with 404, code 10008 "Unknown Message":
topics/opcodes-and-status-codes, JSON error codes). The ticket is still open and still changes
(claimed, noted, resolved). Each change was a dead delivery: the edit refused for good, its
thread line with it (the card's thread outlives its starter message on Discord), an ops
notice each time, and ``socialops outbox retry`` refused again the same way, for ever; the
channel showed no card for the ticket, so no button to press, no reaction to give."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.cards import Card
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from integrations.discord.render import key_from_footer
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store  # SQLite only: the store contract suite covers Redis


def ticket(status: str, note: str | None = None) -> Card:
    return Card(kind="ticket", key="T-3", title="Refund", text="x", status=status,
                thread_note=note)


def cards_of(fake: FakeDiscord, key: str) -> list[dict[str, Any]]:
    return [m for m in fake.in_channel(fake.channel_id)
            if any(key_from_footer((e.get("footer") or {}).get("text")) == key
                   for e in m["embeds"])]


async def test_a_card_a_moderator_deleted_is_shown_again_on_the_tickets_next_change(
        fake: FakeDiscord, store: Store, outbox: Outbox) -> None:
    await outbox.send(key="T-3@c", workspace="discord", channel=fake.channel_id,
                      card=ticket("open"))
    await outbox.drain()
    [card] = cards_of(fake, "T-3")
    del fake.messages[card["id"]]  # a moderator deleted it
    await outbox.send(key="T-3@c#1", workspace="discord", channel=fake.channel_id,
                      card=ticket("claimed", "alice claimed"), update=True)
    await outbox.drain()
    await outbox.send(key="T-3@c#2", workspace="discord", channel=fake.channel_id,
                      card=ticket("resolved", "alice resolved"), update=True)
    await outbox.drain()
    assert await store.list_outbox(status="dead") == []
    [again] = cards_of(fake, "T-3")  # one card, the latest state, edited in place after
    assert again["id"] != card["id"]
    assert "resolved" in str(again["embeds"])
    [thread] = [t for t in fake.threads if t == again["id"]]
    assert [m["content"] for m in fake.in_channel(thread)] == [
        "alice claimed", "alice resolved"]


async def test_a_card_shown_again_pings_nobody_again(
        fake: FakeDiscord, store: Store, outbox: Outbox) -> None:
    """Its route's people were pinged when the card was first posted; shown again after a
    moderator deleted it, they were all pinged a second time (a new message's content
    mentions, allowed by allowed_mentions): not again now."""
    pinged = ticket("open").model_copy(update={"mention_users": ("223344556677889900",)})
    await outbox.send(key="T-3@c", workspace="discord", channel=fake.channel_id, card=pinged)
    await outbox.drain()
    [card] = cards_of(fake, "T-3")
    assert "<@223344556677889900>" in card["content"]
    del fake.messages[card["id"]]
    await outbox.send(key="T-3@c#1", workspace="discord", channel=fake.channel_id,
                      card=pinged.model_copy(update={"status": "claimed"}), update=True)
    await outbox.drain()
    [again] = cards_of(fake, "T-3")
    assert again["id"] != card["id"] and "claimed" in str(again["embeds"])
    assert "223344556677889900" not in str(again.get("content")), again
    assert not (again.get("allowed_mentions") or {}).get("users"), again


async def test_why_is_told_a_card_was_deleted_and_where_it_is_shown_again(
        fake: FakeDiscord, store: Store, outbox: Outbox) -> None:
    """``why`` of the card's post said "delivered" with a link to the deleted message (a
    review, 2026-12-07): the 10008 found at the next edit is kept for it now, with the message
    the card is shown again as; an alert's card, not shown again, with none. What ``why``
    makes of it: tests/e2e/test_review_why_card_deleted.py."""
    import json

    from bot.core import keys as K
    from handlers.why import Why

    await outbox.send(key="T-3@c", workspace="discord", channel=fake.channel_id,
                      card=ticket("open"))
    alert = Card(kind="alert", key="s1:buzz", title="Buzz", text="x")
    await outbox.send(key="s1:buzz@c", workspace="discord", channel=fake.channel_id, card=alert)
    await outbox.drain()
    [card] = cards_of(fake, "T-3")
    [shown] = cards_of(fake, "s1:buzz")
    del fake.messages[card["id"]], fake.messages[shown["id"]]
    await outbox.send(key="T-3@c#1", workspace="discord", channel=fake.channel_id,
                      card=ticket("claimed", "alice claimed"), update=True)
    await outbox.send(key="s1:buzz@c#1", workspace="discord", channel=fake.channel_id,
                      card=alert.model_copy(update={"status": "edited"}), update=True)
    await outbox.drain()
    [again] = cards_of(fake, "T-3")
    raw = await store.get_value(K.card_gone("discord", fake.channel_id, card["id"]))
    assert raw is not None, "the deletion found was not kept"
    found = json.loads(raw)
    assert found["again"] == again["id"], found
    assert found["said"].startswith("Discord answered 10008 Unknown Message"), found
    raw = await store.get_value(K.card_gone("discord", fake.channel_id, shown["id"]))
    assert raw is not None and json.loads(raw)["again"] is None, raw
    why = Why(store, explain=_nothing)
    item = await store.get_outbox("T-3@c")
    assert item is not None
    said = await why._shown(item)
    assert ", then deleted from " in said and said.endswith(f"/{again['id']})"), said
    stored = await store.get_outbox("T-3@c#1")
    assert stored is not None and stored.ref is not None and stored.ref.gone is None


async def _nothing(_: object) -> str:
    return ""
