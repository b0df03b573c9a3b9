"""A channel's two outbox lanes as the store keeps them, on a SQLite file and a real
redis-server: what a listing says of each waiting item's lane."""

from __future__ import annotations

from bot.core import keys as K
from bot.core.cards import OutboxItem
from bot.core.config import StoreConfig
from bot.core.effects import Effects
from bot.core.models import MessageRef
from bot.core.ports import Store
from bot.store import open_store
from bot.store.redis import RedisStore
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


async def sent_together(store: Store, *items: OutboxItem) -> None:
    """``items`` queued by one write, as a batch's decisions are (one ``apply``)."""
    fx = Effects()
    for i in items:
        fx.send(i)
    assert await store.apply(fx)


async def test_edits_of_a_card_queued_by_one_write_go_as_one_as_by_several(
        store: Store, clock: FakeClock) -> None:
    """A batch whose replies edit one ticket card again and again queues its edits in one
    write: they are taken together as when each came in a write of its own, on either store
    (on Redis each was compared with what waited before the write, so none of a write's
    edits replaced another: a replay of 1,500 replies in 8 threads showed 745 ticket cards
    on Redis against 567 on SQLite). An edit queued before with no attempt begun is
    replaced too; a card's first post is not, its edits wait behind it, taken together (the
    post, no attempt begun, shows the card as the last of them has it: a deleted post's words
    never shown); an edit the same write queues again (a decision made twice) changes
    nothing."""
    await shown(store, "T-1@c", clock)
    await enqueue(store, noted("T-1@c#2", clock, "claimed by ana", "U1"))
    await sent_together(store, noted("T-1@c#3", clock, "unclaimed by ana"),
                        noted("T-1@c#4", clock, "claimed by bo", "U2"),
                        noted("T-1@c#5", clock, "closed by bo"))
    await sent_together(store, item("n1@c", "c", clock), noted("n1@c#2", clock, "by ana"),
                        noted("n1@c#3", clock, "by bo"), noted("T-1@c#4", clock, "again"))
    assert [(i.key, i.lane, i.card.text, i.card.thread_note, i.card.thread_mention_users)
            for i in await store.list_outbox(status="pending")] == [
        ("T-1@c#5", K.EDITS, "closed by bo",
         "claimed by ana\nunclaimed by ana\nclaimed by bo\nclosed by bo", ("U1", "U2")),
        ("n1@c", "", "by bo", None, ()), ("n1@c#3", "", "by bo", "by ana\nby bo", ())]
    assert (await store.outbox_counts()) == {"pending": 3, "sent": 5, "dead": 0}
    replaced = [await store.get_outbox(k) for k in ("T-1@c#2", "T-1@c#3", "T-1@c#4", "n1@c#2")]
    assert [(i.status, i.seq > 0) for i in replaced if i] == [("sent", True)] * 4
    got = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10, chain=5)
    assert [i.key for i in got] == ["T-1@c#5", "n1@c", "n1@c#3"]


async def test_a_later_edit_of_a_write_is_not_taken_with_one_whose_merge_failed(
        redis_url: str, clock: FakeClock) -> None:
    """Redis decides a write's merges before it (``RedisStore._merges``), the script keeps
    them only if the store still reads so. An attempt begun meanwhile on the edit waiting
    keeps it (it may show its line); the write's first edit then goes as it is, and its
    second, decided as carrying the first's merge, goes as it is too, behind: 'claimed by
    ana' not sent twice. A guard: it passes on the code before the write's edits followed
    each other too."""
    store = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    assert isinstance(store, RedisStore)
    try:
        await shown(store, "T-1@c", clock)
        await enqueue(store, noted("T-1@c#2", clock, "claimed by ana"))
        fx = Effects()
        fx.send(noted("T-1@c#3", clock, "unclaimed by ana"))
        fx.send(noted("T-1@c#4", clock, "claimed by bo"))
        merges = await store._merges(fx)
        assert set(merges) == {"T-1@c#3", "T-1@c#4"}
        [claimed] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
        assert claimed.key == "T-1@c#2"  # an attempt begins meanwhile
        assert await store._apply_ops(store._ops(fx, merges=merges))
        assert [(i.key, i.card.thread_note) for i in await store.list_outbox(status="pending")
                ] == [("T-1@c#2", "claimed by ana"), ("T-1@c#3", "unclaimed by ana"),
                      ("T-1@c#4", "claimed by bo")]
        assert (await store.outbox_counts()) == {"pending": 3, "sent": 1, "dead": 0}
    finally:
        await store.close()


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


async def test_sent_and_dead_listings_name_each_items_lane(store: Store,
                                                          clock: FakeClock) -> None:
    """A delivery keeps its lane once it is no longer waiting: listed sent or dead, an edit
    of a card shown says ``edits`` on both stores (Redis read the lane from the list an item
    waits in, so every item sent or dead listed as among the posts there)."""
    ref = await shown(store, "T-1@c", clock)
    await enqueue(store, edit("T-1@c#2", "c", clock))
    [e] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.finish(e.key, owner="w", ref=ref)
    await enqueue(store, edit("T-1@c#3", "c", clock))
    [d] = await store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
    await store.retry_later(d.key, owner="w", at=clock(), error="gone", dead=True)
    sent = [(i.key, i.lane) for i in await store.list_outbox(status="sent")]
    assert sorted(sent) == [("T-1@c", ""), ("T-1@c#2", K.EDITS)]
    dead = [(i.key, i.lane) for i in await store.list_outbox(status="dead")]
    assert dead == [("T-1@c#3", K.EDITS)]
