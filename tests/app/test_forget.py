"""`socialops forget AUTHOR`: one person's words and name erased from both stores, once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import pytest

from bot.core import keys as K
from bot.core.cards import Button, Card, CardField, OutboxItem
from bot.core.config import StoreConfig
from bot.core.effects import DeadLetter, Effects, TraceWrite
from bot.core.models import (
    Approval,
    AuditEvent,
    Author,
    Correction,
    Mention,
    Signal,
    Ticket,
    Trace,
)
from bot.core.ports import Store
from bot.store import open_store
from bot.store.queue import MentionQueue
from bot.store.redis import RedisStore
from handlers import erasure as F
from tests.support.clock import FakeClock
from tests.support.stores import create, put_signal

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
WORDS = "my card number leaked, Kasia Nowak, Krakow"


def _mention(n: int, handle: str, author_id: str) -> Mention:
    return Mention(id=f"mastodon:{n}", network="mastodon", source="masto",
                   url=f"https://example.social/@{handle.split('@', maxsplit=1)[0]}/{n}",
                   author=Author(id=author_id, handle=handle, display_name="Kasia Nowak"),
                   text=f"{WORDS} #{n}", created_at=NOW - timedelta(hours=n))


async def _fetched(store: Store, m: Mention) -> None:
    await put_signal(store, Signal(mention=m))
    trace = Trace(id=m.id, source=m.source, network=m.network, url=m.url,
                  author=m.author.handle, text=m.text, created_at=m.created_at,
                  fetched_at=m.created_at, outcome="routed")
    fx = Effects()
    fx.traces.append((TraceWrite(m.id, m.url, m.created_at.timestamp(), trace.to_json()), 86_400))
    await store.apply(fx)


async def _erase(store: Store, text: str) -> F.Found:
    who = F.parse(text)
    found = await F.find(store, who, now=NOW)
    if found.total:
        assert await F.erase(store, who, found, actor="dpo", now=NOW, dedup_ttl=3600,
                             traces_ttl=86_400)
    return found


async def test_an_authors_words_are_erased_and_the_ticket_stays(store: Store) -> None:
    for n in (1, 2):
        await _fetched(store, _mention(n, "kasia@example.social", "109"))
    await _fetched(store, _mention(3, "other@example.social", "200"))
    await create(store, Ticket(id="T-1", signal_id="mastodon:1", route="support",
                               customer_key="mastodon:109", conversation_key="mastodon:1",
                               created_at=NOW))

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert (len(found.signals), len(found.traces), len(found.tickets)) == (2, 2, 1)
    for n in (1, 2):
        s = await store.get_signal(f"mastodon:{n}")
        assert s is not None and s.mention.text == "" and s.mention.url is None
        assert "Kasia" not in s.to_json() and "kasia" not in s.to_json()
        t = await store.get_trace(f"mastodon:{n}")
        assert t is not None and WORDS not in t.to_json() and "kasia" not in t.to_json()
        assert t.detail == "erased on request 2026-12-07"
    # nothing stored under their author id any more: a customer key is their name too
    assert await store.customer_signal_ids("mastodon:109") == []
    assert await store.customer_mentions("mastodon:109") == 0
    assert await store.trace_by_url("https://example.social/@kasia/1") is None
    other = await store.get_signal("mastodon:3")
    assert other is not None and WORDS in other.mention.text  # nobody else's
    ticket = await store.get_ticket("T-1")
    assert ticket is not None and ticket.signal_id == "mastodon:1"
    assert "109" not in ticket.customer_key
    [event] = [e for e in await store.audit_since(None) if e.action == "forget"]
    assert event.actor == "dpo" and "5 records" in event.detail
    assert "kasia" not in event.to_json().lower() and WORDS not in event.to_json()


async def test_a_second_erasure_finds_nothing_more_and_says_when(store: Store) -> None:
    await _fetched(store, _mention(1, "kasia@example.social", "109"))
    await _erase(store, "mastodon:@kasia@example.social")

    again = await _erase(store, "mastodon:@kasia@example.social")

    assert again.total == 0
    assert again.done_before is not None and again.done_before.at == NOW
    assert len([e for e in await store.audit_since(None) if e.action == "forget"]) == 1


@pytest.mark.parametrize(("given", "network", "handle"), [
    ("mastodon:@kasia@example.social", "mastodon", "kasia@example.social"),
    ("@kasia@example.social", "mastodon", "kasia@example.social"),
    ("kasia.bsky.social", "bluesky", "kasia.bsky.social"),
    ("did:plc:abc123", "bluesky", "did:plc:abc123"),
    ("u/Kasia_N", "reddit", "kasia_n"),
    ("@kasia", "x", "kasia"),
])
def test_authors_as_the_bot_names_them(given: str, network: str, handle: str) -> None:
    who = F.parse(given)
    assert (who.network, who.handle) == (network, handle)


@pytest.mark.parametrize("given", ["", "kasia", "myspace:@kasia", "mastodon:", "@ka sia",
                                   "u/", "a\nb"])
def test_a_malformed_author_is_one_line_naming_what_to_write(given: str) -> None:
    with pytest.raises(F.Malformed) as e:
        F.parse(given)
    assert "\n" not in str(e.value) and "u/name" in str(e.value)


async def test_a_stale_write_of_an_erased_post_does_not_bring_its_words_back(
        store: Store) -> None:
    """Another process that read the post before the erasure (a translation, a relabel, its
    pipeline) writes it back after: the store keeps it erased."""
    m = _mention(1, "kasia@example.social", "109")
    await _fetched(store, m)
    await _erase(store, "mastodon:@kasia@example.social")

    await put_signal(store, Signal(mention=m, translation="my card number leaked"))

    s = await store.get_signal("mastodon:1")
    assert s is not None and s.mention.text == "" and s.translation is None
    assert await store.customer_signal_ids("mastodon:109") == []


async def _set_aside(store: Store, m: Mention) -> None:
    """``m`` failed for good in the pipeline: a dead letter holding the whole post."""
    fx = Effects()
    fx.dead.append(DeadLetter("mention", m.id, "boom", m.created_at, m.model_dump_json()))
    await store.apply(fx)


async def test_their_dead_letters_are_erased_and_nobody_elses(store: Store) -> None:
    """A post of theirs set aside as a dead letter holds their words and name until it is
    retried or expires (``store.retention.dead_days``, weeks): erased with the rest, even
    one that was never processed (no signal, no trace: set aside on its first read)."""
    await _fetched(store, _mention(1, "kasia@example.social", "109"))
    await _set_aside(store, _mention(2, "kasia@example.social", "109"))
    await _set_aside(store, _mention(3, "other@example.social", "200"))

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert len(found.dead) == 1 and "1 dead letters" in found.counted()
    assert [d.id for d in await store.list_dead()] == ["mastodon:3"]
    assert (await _erase(store, "mastodon:@kasia@example.social")).total == 0


async def test_only_dead_letters_of_theirs_are_enough_to_erase(store: Store) -> None:
    await _set_aside(store, _mention(2, "kasia@example.social", "109"))

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert found.total == 1 and await store.list_dead() == []


async def test_their_posts_in_the_redis_mention_streams_are_erased(
        redis_url: str, clock: FakeClock) -> None:
    """On Redis every post read goes through the mention stream (``bot.store.queue``), kept
    there after it is processed until the stream is trimmed (a million entries: weeks), and a
    post no process could finish is set aside whole in ``mentions:dead``: both hold their
    words and name, erased with the rest; nobody else's entries are touched."""
    store = await open_store(StoreConfig(backend="redis"), redis_url=redis_url, clock=clock)
    try:
        assert isinstance(store, RedisStore)
        queue = MentionQueue(store.r, prefix=store.k.prefix, consumer="test")
        theirs, other = _mention(1, "kasia@example.social", "109"), _mention(
            3, "other@example.social", "200")
        await queue.add([theirs, other])
        await _fetched(store, theirs)
        for m in (theirs, other):
            await store.r.xadd(store.k.mentions_dead, {"id": "1-0", "m": m.model_dump_json(),
                                                       "taken": "5"})

        found = await _erase(store, "mastodon:@kasia@example.social")

        assert "2 stream entries" in found.counted()
        for stream in (store.k.mentions, store.k.mentions_dead):
            left = [f["m"] for _, f in await store.r.xrange(stream)]
            assert len(left) == 1 and "other@" in left[0] and "kasia@" not in left[0]
        assert (await _erase(store, "mastodon:@kasia@example.social")).total == 0
    finally:
        await store.close()


def _card(m: Mention, key: str, kind: Literal["alert", "ticket"]) -> Card:
    return Card(kind=kind, key=key, title=f"{key}: @{m.author.handle} on Mastodon",
                text=m.text, url=m.url, network=m.network, author=m.author.handle,
                fields=(CardField(name="Customer", value=f"{m.author.display_name}, 3 posts"),),
                buttons=(Button(action="open", label="Open", target=m.id, url=m.url),))


async def _delivered(store: Store, card: Card, channel: str, *, dies: bool = False,
                     edit: str = "") -> None:
    """``card`` posted in ``channel`` (kept as sent, store.retention.sent_hours), or its
    delivery failed for good (kept as a dead delivery until retried or pruned); ``edit``:
    an edit of it (its key's suffix) instead."""
    fx = Effects()
    fx.send(OutboxItem.new(key=f"{card.key}@{channel}{edit}", workspace="console",
                           channel=channel, card=card, now=NOW, update=bool(edit)))
    await store.apply(fx)
    [claimed] = await store.claim_due(now=NOW, owner="w", lease_seconds=30, limit=10)
    if dies:
        await store.retry_later(claimed.key, owner="w", at=NOW, error="gone", dead=True)
    else:
        await store.finish(claimed.key, owner="w", ref=None)


async def test_the_cards_delivered_or_dead_in_the_outbox_keep_none_of_their_words(
        store: Store) -> None:
    """Each card posted (an alert's, a ticket's) is kept in the outbox as delivered for days,
    and a delivery that failed for good until it is retried or pruned: both hold the card as
    it was, their words, name and post's link. Erased in place (each stays, as sent or
    dead, for the counts and a retry), nobody else's touched."""
    theirs, other = _mention(1, "kasia@example.social", "109"), _mention(
        3, "other@example.social", "200")
    await _fetched(store, theirs)
    await _delivered(store, _card(theirs, "mastodon:1|praise", "alert"), "marketing")
    await _delivered(store, _card(theirs, "T-1", "ticket"), "support", dies=True)
    await _delivered(store, _card(other, "mastodon:3|praise", "alert"), "marketing")
    await create(store, Ticket(id="T-1", signal_id="mastodon:1", route="support",
                               customer_key="mastodon:109", conversation_key="mastodon:1",
                               created_at=NOW))

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert "2 outbox cards" in found.counted()
    sent = {i.key: i for i in await store.list_outbox(status="sent")}
    dead = {i.key: i for i in await store.list_outbox(status="dead")}
    assert sorted(sent) == ["mastodon:1|praise@marketing", "mastodon:3|praise@marketing"]
    assert sorted(dead) == ["T-1@support"]
    for item in (sent["mastodon:1|praise@marketing"], dead["T-1@support"]):
        shown = item.card.to_json()
        assert "kasia" not in shown.lower() and WORDS not in shown and "Nowak" not in shown
        assert item.card.author == F.ERASED and item.card.key in shown
    assert WORDS in sent["mastodon:3|praise@marketing"].card.text  # nobody else's
    assert (await _erase(store, "mastodon:@kasia@example.social")).total == 0


def _event(n: int, action: str, record: Ticket | Approval) -> AuditEvent:
    return AuditEvent(id=f"E-{n}", at=NOW, actor="socialops", action=action,
                      object_type=action.partition(".")[0], object_id=record.id,
                      after=record.model_dump(mode="json"))


async def test_their_customer_key_and_quoted_words_leave_the_audit_log_and_drafts(
        store: Store) -> None:
    """Every ticket event in the audit log holds the ticket as it was, its customer key (the
    network and their author id: their name, as good as) with it, and a draft replying to a
    post of theirs quotes it (``reply_context``), in the draft and in its audit event: the
    keys made opaque as the tickets' are, the quotes emptied; nobody else's touched."""
    theirs, other = _mention(1, "kasia@example.social", "109"), _mention(
        3, "other@example.social", "200")
    for m in (theirs, other):
        await _fetched(store, m)
    ticket = Ticket(id="T-1", signal_id="mastodon:1", route="support",
                    customer_key="mastodon:109", conversation_key="mastodon:1", created_at=NOW)
    others = ticket.model_copy(update={"id": "T-2", "signal_id": "mastodon:3",
                                       "customer_key": "mastodon:200"})
    quote = f"@kasia@example.social: {theirs.text}"
    draft = Approval(id="A-1", text="sorry to hear that", network="mastodon", account="masto",
                     reply_to="mastodon:1", reply_context=quote, ticket_id="T-1",
                     author="bob", content_hash="h", created_at=NOW)
    fx = Effects()
    for record in (ticket, others, draft):
        fx.create(record)
    fx.audit += [_event(1, "ticket.open", ticket), _event(2, "ticket.open", others),
                 _event(3, "approval.draft", draft)]
    await store.apply(fx)

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert "1 drafts" in found.counted()
    log = "\n".join(e.to_json() for e in await store.audit_since(None))
    assert "mastodon:109" not in log and WORDS not in log and '"mastodon:[erased]"' in log
    assert '"mastodon:200"' in log  # nobody else's
    kept = await store.get_approval("A-1")
    assert kept is not None and kept.reply_context == "" and kept.text == draft.text
    assert (await _erase(store, "mastodon:@kasia@example.social")).total == 0


async def test_the_address_a_draft_answers_is_erased_with_its_quote(store: Store) -> None:
    """A reply drafted from another server's account keeps the post's address
    (``reply_url``), which names them (``/@kasia/1``): erased with the draft's quote, in the
    draft and its audit event, even when the draft holds no quote (a review, 2026-12-07: kept,
    and shown on its redrawn card's "Answers" line). The draft then cannot resolve its post
    and is refused at publishing, in the line a draft without an address gets."""
    theirs = _mention(1, "kasia@example.social", "109")
    await _fetched(store, theirs)
    url = "https://example.social/@kasia/1"
    draft = Approval(id="A-1", text="sorry to hear that", network="mastodon", account="masto",
                     reply_to="mastodon:1", reply_url=url, author="bob", content_hash="h",
                     created_at=NOW)
    fx = Effects()
    fx.create(draft)
    fx.audit.append(_event(1, "approval.draft", draft))
    await store.apply(fx)

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert "1 drafts" in found.counted()
    kept = await store.get_approval("A-1")
    assert kept is not None and kept.reply_url is None and kept.text == draft.text
    assert url not in "\n".join(e.to_json() for e in await store.audit_since(None))
    assert (await _erase(store, "mastodon:@kasia@example.social")).total == 0


async def test_no_copy_of_their_words_is_left_in_the_sqlite_files(
        sqlite_store: Store, tmp_path: Path) -> None:
    """SQLite writes each change to ``<db>-wal`` first, and a running bot keeps that file
    (checkpointed now and then, never truncated) as long as it runs: after an erasure made in
    it (``forget`` in chat), the file still held their posts and traces as first written,
    with their name, for anyone who reads the folder (a backup, a copy sent for support)."""
    for n in (1, 2):
        await _fetched(sqlite_store, _mention(n, "kasia@example.social", "109"))
    files = [tmp_path / "s.db", tmp_path / "s.db-wal"]
    assert any(b"kasia@example.social" in f.read_bytes() for f in files if f.exists())

    await _erase(sqlite_store, "mastodon:@kasia@example.social")

    assert await sqlite_store.get_signal("mastodon:1") is not None  # still open, as a bot's
    held = {f.name: f.read_bytes() for f in files if f.exists()}
    assert [n for n, b in held.items() if b"kasia@example.social" in b or WORDS.encode() in b
            ] == []


async def test_a_delivered_digest_quoting_them_is_erased_in_the_outbox_and_edited(
        store: Store) -> None:
    """A digest card quotes a few of its window's posts, one line each ("• @handle (network):
    text"), and its top terms are their words too: kept in the outbox as delivered, and in
    the channel, as posted. Their line is erased (nobody else's), the terms and a generated
    summary dropped, in the outbox and by an edit of the message posted."""
    theirs = _mention(1, "kasia@example.social", "109")
    other = _mention(3, "other@example.social", "200").model_copy(update={"text": "great"})
    await _fetched(store, theirs)
    digest = Card(kind="digest", key="digest:dig|w1", title="Digest for dig: 2 mentions",
                  text=f"• @kasia@example.social (mastodon): {theirs.text}\n"
                       f"• @other@example.social (mastodon): {other.text}",
                  fields=(CardField(name="Networks", value="mastodon 2"),
                          CardField(name="Top terms", value="leaked, krakow, nowak"),
                          CardField(name="Summary (generated)", value="Kasia Nowak's card")))
    await _delivered(store, digest, "marketing")

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert "1 outbox cards" in found.counted()
    [kept] = await store.list_outbox(status="sent")
    [edit] = await store.list_outbox(status="pending")
    assert edit.update_of == digest.key and edit.channel == "marketing"
    for card in (kept.card, edit.card):
        shown = card.to_json()
        assert "kasia" not in shown.lower() and theirs.text not in shown
        assert "Nowak" not in shown and "krakow" not in shown
        assert f"• @other@example.social (mastodon): {other.text}" in card.text
        assert [f.name for f in card.fields] == ["Networks"]
    assert (await _erase(store, "mastodon:@kasia@example.social")).total == 0


async def test_a_spike_card_sampling_them_is_erased_in_the_outbox_and_its_kept_copy(
        store: Store) -> None:
    """A spike warning shows up to three of its posts' texts as samples, its authors by
    name and buttons to the sample posts; the card of a spike going on is kept in the store
    too (``_spike_cards``), and edited where it was posted once the spike ends: that edit
    posted their words again after the erasure. Their sample, name and link go from the
    delivered card, from the kept copy and, by an edit, from the channel; nobody else's."""
    theirs = _mention(1, "kasia@example.social", "109")
    await _fetched(store, theirs)
    other_url = "https://example.social/@other/3"
    spike = Card(kind="spike", key="spike:k1", title="Spike on keyword leak: 9 mentions",
                 text=f"• {theirs.text}\n• great service",
                 fields=(CardField(name="Authors", value="9 posts: @kasia@example.social 5, "
                                                         "@other@example.social 4"),),
                 buttons=(Button(action="open", label="Sample 1", target="k1", url=theirs.url),
                          Button(action="open", label="Sample 2", target="k1", url=other_url)))
    await _delivered(store, spike, "marketing")
    held = json.dumps({"k1": {"card": spike.model_dump(mode="json"),
                              "to": ["console", "marketing"]}})
    await store.set_cursor(K.SPIKE_CARDS, held)

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert "1 outbox cards" in found.counted()
    [kept] = await store.list_outbox(status="sent")
    [edit] = await store.list_outbox(status="pending")
    copy = json.loads(await store.get_cursor(K.SPIKE_CARDS) or "{}")["k1"]
    assert copy["to"] == ["console", "marketing"]
    for card in (kept.card, edit.card, Card.model_validate(copy["card"])):
        shown = card.to_json()
        assert "kasia" not in shown.lower() and theirs.text not in shown, shown
        assert card.text.endswith("\n• great service") and other_url in shown
        assert "@other@example.social 4" in card.fields[0].value
    assert edit.update_of == "spike:k1"
    assert (await _erase(store, "mastodon:@kasia@example.social")).total == 0


async def test_a_correction_made_on_their_post_is_erased_and_the_model_told(
        store: Store) -> None:
    """``label`` in chat keeps the relabelled post's whole text as a correction (for the
    model of every process and ``socialops model eval``), for ever: theirs is deleted, and
    the routing log tells every process to learn its corrections again, without it."""
    theirs, other = _mention(1, "kasia@example.social", "109"), _mention(
        3, "other@example.social", "200")
    for m in (theirs, other):
        await _fetched(store, m)
    fx = Effects()
    for n, m in ((1, theirs), (2, other)):
        fx.put(K.CORRECTION, f"C-{n}", Correction(
            text=m.text, field="intent", old="question", new="complaint", who="bob", at=NOW,
            post=m.id).model_dump_json())
    await store.apply(fx)
    version = await store.routing_version()

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert "1 corrections" in found.counted()
    [kept] = [Correction.model_validate_json(r) for r in await store.list_raw(K.CORRECTION)]
    assert kept.post == "mastodon:3"
    assert [c.op for c in await store.routing_changes(version) or []] == ["correction"]
    assert (await _erase(store, "mastodon:@kasia@example.social")).total == 0


async def test_a_delivered_approval_card_quoting_their_post_is_erased_and_edited(
        store: Store) -> None:
    """A draft's approval card shows the post it answers ("In reply to"), kept in the outbox
    as delivered and in the approvers' channel: that field goes, the team's reply stays."""
    theirs = _mention(1, "kasia@example.social", "109")
    await _fetched(store, theirs)
    quote = f"@kasia@example.social: {theirs.text}"
    draft = Approval(id="A-1", text="sorry to hear that", network="mastodon", account="masto",
                     reply_to="mastodon:1", reply_context=quote, author="bob",
                     content_hash="h", created_at=NOW)
    await create(store, draft)
    card = Card(kind="approval", key="A-1", title="A-1: reply on mastodon",
                text=draft.text, fields=(CardField(name="In reply to", value=quote),
                                         CardField(name="Drafted by", value="bob")))
    await _delivered(store, card, "approvals")

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert "1 outbox cards" in found.counted()
    [kept] = await store.list_outbox(status="sent")
    [edit] = await store.list_outbox(status="pending")
    assert edit.update_of == "A-1" and edit.channel == "approvals"
    for shown in (kept.card, edit.card):
        assert WORDS not in shown.to_json() and "kasia" not in shown.to_json()
        assert shown.text == draft.text and [f.name for f in shown.fields] == ["Drafted by"]


async def test_a_delivered_approval_card_naming_their_posts_address_is_erased(
        store: Store) -> None:
    """A reply from another server's account shows the address it answers ("Answers": the
    post at ``.../@kasia/1``), which names them: that field goes as "In reply to" does."""
    theirs = _mention(1, "kasia@example.social", "109")
    await _fetched(store, theirs)
    url = "https://example.social/@kasia/1"
    draft = Approval(id="A-1", text="sorry to hear that", network="mastodon", account="masto",
                     reply_to="mastodon:1", reply_url=url, author="bob", content_hash="h",
                     created_at=NOW)
    await create(store, draft)
    card = Card(kind="approval", key="A-1", title="A-1: reply on mastodon", text=draft.text,
                fields=(CardField(name="Answers", value=f"the post at {url}, looked up on "
                                                        "masto-b's server when it publishes"),
                        CardField(name="Drafted by", value="bob")))
    await _delivered(store, card, "approvals")

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert "1 outbox cards" in found.counted()
    [kept] = await store.list_outbox(status="sent")
    [edit] = await store.list_outbox(status="pending")
    for shown in (kept.card, edit.card):
        assert "kasia" not in shown.to_json()
        assert [f.name for f in shown.fields] == ["Drafted by"]


async def test_a_card_delivered_then_edited_is_edited_once_more_as_it_was_last(
        store: Store) -> None:
    """A spike's card and the edit saying it ended, both delivered: both are erased in the
    outbox, and the message is edited once, to the card as it was last shown (ended), not
    back to the first one."""
    theirs = _mention(1, "kasia@example.social", "109")
    await _fetched(store, theirs)
    spike = Card(kind="spike", key="spike:k1", title="Spike on keyword leak: 9 mentions",
                 text=f"• {theirs.text}\n• great service")
    await _delivered(store, spike, "marketing")
    await _delivered(store, spike.model_copy(update={"status": "ended"}), "marketing",
                     edit=":ended")

    found = await _erase(store, "mastodon:@kasia@example.social")

    assert "2 outbox cards" in found.counted()
    [edit] = await store.list_outbox(status="pending")
    assert edit.card.status == "ended" and theirs.text not in edit.card.text
