"""A channel's two outbox lanes as the store keeps them, on a SQLite file and a real
redis-server: what a listing says of each waiting item's lane."""

from __future__ import annotations

from bot.core import keys as K
from bot.core.cards import OutboxItem
from bot.core.models import MessageRef
from bot.core.ports import Store
from tests.conftest import FakeClock
from tests.store.test_contract import edit, enqueue, item


async def shown(store: Store, key: str, clock: FakeClock) -> MessageRef:
    await enqueue(store, item(key, "c", clock))
    [it] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    ref = MessageRef(workspace="console", channel="c", message_id="m1")
    await store.finish(it.key, owner="w", ref=ref)
    return ref


async def test_a_pending_listing_names_each_items_lane(store: Store, clock: FakeClock) -> None:
    """``outbox list --pending`` says which lane an item waits in: an edit of a card shown
    in the edit lane (never claimed yet, and after a retry), the rest among the posts."""
    await shown(store, "T-1@c", clock)
    await enqueue(store, item("n1@c", "c", clock))
    await enqueue(store, edit("T-1@c#2", "c", clock))
    await enqueue(store, edit("n1@c#2", "c", clock))  # n1 not shown: behind it, in the posts
    listed = [(i.key, i.lane) for i in await store.list_outbox(status="pending")]
    assert listed == [("n1@c", ""), ("T-1@c#2", K.EDITS), ("n1@c#2", "")]
    got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    for i in got:
        await store.retry_later(i.key, owner="w", at=clock(), error="timeout")
    assert [(i.key, i.lane) for i in await store.list_outbox(status="pending")] == listed


def noted(key: str, clock: FakeClock, note: str, *mentions: str) -> OutboxItem:
    """An edit of the card ``key`` names, adding ``note`` to its thread."""
    e = edit(key, "c", clock)
    return e.model_copy(update={"card": e.card.model_copy(update={
        "thread_note": note, "thread_mention_users": mentions, "text": note})})


async def test_edits_of_a_card_still_waiting_unclaimed_go_as_one(store: Store,
                                                                 clock: FakeClock) -> None:
    """A card claimed, unclaimed and claimed again while the chat is slow: the later edits
    replace the one still waiting (never attempted), in one write, so one edit goes, showing
    the latest state, with each thread line once and in order; the edits it replaced count
    as sent, and queued again (a decision made twice) they are not queued anew."""
    await shown(store, "T-1@c", clock)
    first = noted("T-1@c#2", clock, "claimed by ana", "U1")
    await enqueue(store, first)
    clock.advance(seconds=5)
    await enqueue(store, noted("T-1@c#3", clock, "unclaimed by ana"))
    await enqueue(store, noted("T-1@c#4", clock, "claimed by bo", "U2", "U1"))
    [e] = await store.list_outbox(status="pending")
    assert (e.key, e.lane, e.card.text) == ("T-1@c#4", K.EDITS, "claimed by bo")
    assert e.card.thread_note == "claimed by ana\nunclaimed by ana\nclaimed by bo"
    assert e.card.thread_mention_users == ("U1", "U2")
    assert e.created_at == first.created_at  # waiting since the first: its give-up window
    assert (await store.outbox_counts()) == {"pending": 1, "sent": 3, "dead": 0}
    assert (await store.get_outbox("T-1@c#2")).status == "sent"  # type: ignore[union-attr]
    await enqueue(store, noted("T-1@c#3", clock, "unclaimed by ana"))
    assert (await store.outbox_counts()) == {"pending": 1, "sent": 3, "dead": 0}
    [got] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10, chain=5)
    assert got.key == "T-1@c#4" and got.prior is not None


async def test_an_edit_an_attempt_may_have_shown_is_not_replaced(store: Store,
                                                                  clock: FakeClock) -> None:
    """An edit claimed once and put back after an error (it may have shown its line) stays
    as it is: the next edit goes behind it. One a 429 refused (nothing shown) is replaced,
    and so is one among the posts, behind its card not yet shown."""
    await shown(store, "T-1@c", clock)
    await enqueue(store, noted("T-1@c#2", clock, "claimed by ana"))
    [e2] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.retry_later(e2.key, owner="w", at=clock(), error="timeout")
    await enqueue(store, noted("T-1@c#3", clock, "unclaimed by ana"))
    assert [i.key for i in await store.list_outbox(status="pending")] == ["T-1@c#2", "T-1@c#3"]
    got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10, chain=5)
    assert [i.key for i in got] == ["T-1@c#2", "T-1@c#3"]
    await store.finish("T-1@c#2", owner="w", ref=got[0].prior, release=False)
    await store.retry_later("T-1@c#3", owner="w", at=clock(), error="429", posted=False)
    await enqueue(store, noted("T-1@c#4", clock, "claimed by bo"))
    [e4] = await store.list_outbox(status="pending")
    assert (e4.key, e4.card.thread_note) == ("T-1@c#4", "unclaimed by ana\nclaimed by bo")
    await enqueue(store, item("n1@c", "c", clock))  # a card not yet shown, edited twice
    await enqueue(store, noted("n1@c#2", clock, "claimed by ana"))
    await enqueue(store, noted("n1@c#3", clock, "claimed by bo"))
    assert [(i.key, i.lane, i.card.thread_note)
            for i in await store.list_outbox(status="pending")] == [
        ("T-1@c#4", K.EDITS, "unclaimed by ana\nclaimed by bo"), ("n1@c", "", None),
        ("n1@c#3", "", "claimed by ana\nclaimed by bo")]


async def test_edits_whose_lines_would_not_fit_one_message_are_not_taken_together(
        store: Store, clock: FakeClock) -> None:
    """A card claimed and unclaimed all through an outage: its lines are carried by one edit
    only while they fit one chat message (``LINES_MAX``); the next edit then waits behind
    that one, so no message grows too long for the chat to take (and every line lost)."""
    from bot.store.coalesce import LINES_MAX

    await shown(store, "T-1@c", clock)
    line = "x" * 99
    for rev in range(2, 2 + 2 * LINES_MAX // 100):
        await enqueue(store, noted(f"T-1@c#{rev}", clock, line))
    waiting = await store.list_outbox(status="pending")
    assert len(waiting) == 2 and all(
        len(i.card.thread_note or "") <= LINES_MAX for i in waiting)
    assert sum((i.card.thread_note or "").count(line) for i in waiting) == 2 * LINES_MAX // 100


def discord_line(note: str, pings: tuple[str, ...]) -> int:
    """How long the Discord thread note of ``note`` pinging ``pings`` is, uncut: the note
    escaped (``escape_cut`` cuts past the room) and each ping ``<@id>`` after it."""
    from integrations.discord.escape import escape

    return len(escape(note)) + sum(len(f" <@{u}>") for u in pings) + 1


async def test_edits_taken_together_fit_one_message_as_the_chat_shows_them(
        store: Store, clock: FakeClock) -> None:
    """Lines are taken together only while the one message fits as the chat shows it: on
    Discord a post's markdown escaped (``*`` is ``\\*``) and each person pinged as ``<@id>``
    after it, 2,000 characters in all, and at most 20 people pinged (Discord and Slack drop
    the rest). Counted as typed, three lines of 500 markdown characters went as one of 3,002
    escaped characters, cut at 2,000 (the last line lost), and three pages of ten people each
    pinged 20 of 30."""
    from integrations.discord.render import CONTENT_LIMIT
    from integrations.discord.workspace import MAX_THREAD_PINGS
    from integrations.slack.render import MAX_PINGS

    await shown(store, "T-1@c", clock)
    await shown(store, "T-2@c", clock)
    marks = "*_~`|" * 100  # a post's text quoted in a note: hostile markdown
    for rev in range(2, 5):
        await enqueue(store, noted(f"T-1@c#{rev}", clock, f"{rev} {marks}"))
    for rev in range(2, 5):
        people = tuple(f"{rev}{n:017}" for n in range(10))  # snowflakes
        await enqueue(store, noted(f"T-2@c#{rev}", clock, f"paged {rev}", *people))
    waiting = await store.list_outbox(status="pending")
    for i in waiting:
        assert discord_line(i.card.thread_note or "", i.card.thread_mention_users) \
            <= CONTENT_LIMIT, (i.key, len(i.card.thread_note or ""))
        assert len(i.card.thread_mention_users) <= min(MAX_THREAD_PINGS, MAX_PINGS), i.key
    notes = "\n".join(i.card.thread_note or "" for i in waiting if i.card.key == "T-1")
    assert notes == "\n".join(f"{rev} {marks}" for rev in range(2, 5))
    pinged = [u for i in waiting if i.card.key == "T-2" for u in i.card.thread_mention_users]
    assert sorted(pinged) == sorted(f"{rev}{n:017}" for rev in range(2, 5) for n in range(10))
