"""Erasing one person's data on request (GDPR Art. 17): ``socialops forget AUTHOR`` and the
admins' chat verb ``forget AUTHOR [dry-run]``.

An author is named as the bot names them (``mastodon:@kasia@example.social``, a Bluesky handle
or DID, a Reddit ``u/name``, an X ``@handle``, or ``network:author-id``). Their posts are found
by the handle their traces hold and by the customer key (network and author id) their signals
are stored under; then, in one ``Store.apply`` (one SQLite transaction, one Lua script on
Redis), so that a crash midway leaves all of it or none of it:

- each signal of theirs is written again without their words or name (text, URL, links,
  media, the raw payload, the translation; the author an opaque ``erased`` one), its
  footprint no longer counted in anyone's customer context;
- each trace of their posts loses its text and author, and ``why`` says "erased on request
  <date>" of it;
- each ticket of theirs stays (the team's history and counts hold) with its customer key
  replaced by the opaque one, and a line "post erased" in its history;
- each card posted of their posts (an alert's, a ticket's) is edited through the outbox, once,
  to show the post without their words or name; one still waiting to be posted goes out so;
- each dead letter holding a post of theirs (set aside by the pipeline) is deleted, and on
  Redis each entry of the mention streams (``mentions``, ``mentions:dead``) holding one;
- each card of theirs the outbox keeps as delivered (``store.retention.sent_hours``) or dead
  (until retried or pruned) is written over as their cards' edits show it: no words, name or
  link (a dead one retried goes out so), and each digest card quoting one of their posts
  loses that line and its top terms (an edit of the message posted says so in the channel);
- each draft replying to a post of theirs loses its quote of it (``reply_context``; the
  team's reply stays, its version one on; its approval card its "In reply to"), and every
  audit event (earlier ones, and this write's) has their customer key made opaque and the
  quote emptied;
- each correction made on a post of theirs (``label``: it keeps the post's text) is deleted,
  and every process's model learns the corrections again without it;
- each spike card sampling a post of theirs (kept as delivered or dead, and the copy of a
  spike going on its end edits from) loses that sample, their name and their post's link;
- one audit event says who asked, when and how many records, never the words, and names the
  author by a hash only, by which a second run says it was done already.

The dedup marks, which hold post ids and no words, stay: their old posts are not alerted again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pydantic_core import to_json

from bot.core import keys as K
from bot.core.cards import Card, OutboxItem, Reply
from bot.core.effects import Effects, TraceWrite
from bot.core.jsonbody import loads
from bot.core.models import (
    ERASED_AUTHOR,
    ERASED_ON_REQUEST,
    Approval,
    AuditEvent,
    Author,
    Correction,
    Mention,
    Signal,
    Ticket,
    Trace,
    kept_for,
)
from bot.core.ports import DeadItem, Store
from bot.core.text import truncate
from handlers.cards import ANSWERS, IN_REPLY_TO
from handlers.routing import Batch, RouteActions

log = logging.getLogger(__name__)
KNOWN = ("mastodon", "bluesky", "reddit", "hackernews", "rss", "x")
FORMS = ("name the author as the bot does: mastodon:@name@server, a Bluesky handle "
         "(name.bsky.social) or DID (did:plc:...), a Reddit u/name, an X @handle, or "
         "network:author-id")
ERASED = ERASED_AUTHOR
ACTION = "forget"
ATTEMPTS = 3  # decisions whose write conflicted (another run, a ticket changed) before giving up
_DID = re.compile(r"did:(plc|web):[A-Za-z0-9._:%-]+")
_HANDLE = re.compile(r"[A-Za-z0-9._@-]+")


class Malformed(ValueError):
    """One line naming what to write instead."""


@dataclass(frozen=True, slots=True)
class Who:
    network: str | None
    handle: str  # lowercase, no leading @ (a Reddit name without u/)
    given: str

    @property
    def digest(self) -> str:
        """How the audit log names them: never their name."""
        raw = f"{self.network or ''}:{self.handle}".encode()
        return "author-" + hashlib.sha256(raw).hexdigest()[:16]


def parse(text: str) -> Who:
    given = text.strip()
    if not given or len(given) > 300 or any(c.isspace() or not c.isprintable() for c in given):
        raise Malformed(f"{given[:40]!r}: not an author; {FORMS}")
    if _DID.fullmatch(given):
        return Who("bluesky", given.lower(), given)
    net, sep, rest = given.partition(":")
    if sep and net.lower() in KNOWN:
        handle = rest.lstrip("@")
        if net.lower() == "reddit":
            handle = handle.removeprefix("/").removeprefix("u/")
        if not handle or (not _HANDLE.fullmatch(handle) and not _DID.fullmatch(handle)):
            raise Malformed(f"{given[:40]!r}: no author after {net}:; {FORMS}")
        return Who(net.lower(), handle.lower(), given)
    if sep:
        raise Malformed(f"{given[:40]!r}: {net[:20]!r} is no network socialops reads "
                        f"({', '.join(KNOWN)}); {FORMS}")
    if given.startswith(("u/", "/u/")):
        name = given.removeprefix("/").removeprefix("u/")
        if name and _HANDLE.fullmatch(name):
            return Who("reddit", name.lower(), given)
    elif given.startswith("@") and _HANDLE.fullmatch(given[1:]):
        body = given[1:]
        return Who("mastodon" if "@" in body else "x", body.lower(), given)
    elif "." in given and "@" not in given and _HANDLE.fullmatch(given):
        return Who("bluesky", given.lower(), given)
    raise Malformed(f"{given[:40]!r}: not an author; {FORMS}")


def _norm(handle: str) -> str:
    return handle.strip().lstrip("@").removeprefix("u/").lower()


@dataclass
class Found:
    signals: list[Signal] = field(default_factory=list)
    traces: list[Trace] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    # their posts set aside as dead letters (the whole post, as read), deleted
    dead: list[DeadItem] = field(default_factory=list)
    # their posts in the mention streams (Redis): (stream, entry id), deleted
    entries: list[tuple[str, str]] = field(default_factory=list)
    # the cards of their posts and tickets the outbox keeps as delivered (days) or dead
    cards: list[OutboxItem] = field(default_factory=list)
    # drafts replying to a post of theirs, which quote it (``reply_context``)
    drafts: list[Approval] = field(default_factory=list)
    # how each JSON value naming them in the audit log is written erased, and the events
    # holding one (each ticket's event holds its customer key, a draft's its quote)
    audit: list[tuple[str, str]] = field(default_factory=list)
    events: int = 0
    # the cards of spikes going on, as the store keeps them (``keys.SPIKE_CARDS``, read as
    # it is, the write's expectation) when one samples them, and how many do
    spikes_kept: str | None = None
    spikes: int = 0
    # the corrections made on their posts (``label``), which keep the post's whole text
    corrections: list[str] = field(default_factory=list)
    # what of theirs the cards quoting several posts show (their handles, samples, addresses),
    # read once by ``find`` and used again by ``erase``
    marks: _Marks | None = None
    done_before: AuditEvent | None = None
    # the audit id of the latest erasure of theirs, as read (``keys.ERASURE_RUN``): this one's
    # write expects it still, so two runs deciding at once do not both write
    last_run: str | None = None

    @property
    def total(self) -> int:
        return (len(self.signals) + len(self.traces) + len(self.tickets) + len(self.dead)
                + len(self.entries) + len(self.cards) + len(self.drafts) + self.events
                + self.spikes + len(self.corrections))

    def counted(self) -> str:
        # the kinds an erasure always reads, then those found only on some stores, if any
        more = "".join(f", {n} {what}" for n, what in ((len(self.dead), "dead letters"),
                                                       (len(self.entries), "stream entries"),
                                                       (len(self.cards), "outbox cards"),
                                                       (len(self.drafts), "drafts"),
                                                       (self.events, "audit events"),
                                                       (self.spikes, "spike cards kept"),
                                                       (len(self.corrections), "corrections"))
                       if n)
        return (f"{len(self.signals)} signals, {len(self.traces)} traces, "
                f"{len(self.tickets)} tickets{more}")


def _theirs(who: Who, network: str, handle: str, author_id: str = "") -> bool:
    if who.network is not None and network != who.network:
        return False
    return who.handle in (_norm(handle), author_id.lower())


async def find(store: Store, who: Who, *, now: datetime) -> Found:
    """Every record holding their words or name, not erased yet."""
    found = Found()
    # read first: a run writing after this read makes this decision's write conflict
    found.last_run = await store.get_cursor(_run_key(who))
    mine: set[str] = set()
    for data in await store.recent_traces(datetime.fromtimestamp(0, now.tzinfo),
                                          limit=10_000_000):
        t = Trace.model_validate_json(data)  # every trace kept: a rare command, read whole
        if _theirs(who, t.network, t.author):
            mine.add(t.id)
    keys = {f"{who.network}:{who.handle}"} if who.network else set()
    for s in (await store.get_signals(sorted(mine))).values():
        keys.add(s.mention.customer_key)
    signals: dict[str, Signal] = {}
    for key in sorted(keys):
        ids = await store.customer_signal_ids(key, limit=10_000_000)
        signals.update(await store.get_signals(ids))
    for s in (await store.get_signals(sorted(mine))).values():
        signals[s.id] = s
    found.signals = [s for s in signals.values() if s.mention.author.handle != ERASED]
    mine |= set(signals)
    found.traces = [t for i, t in (await store.get_traces(sorted(mine))).items()
                    if t.author or t.text]
    keyset = keys | {s.mention.customer_key for s in found.signals}
    found.tickets = [t for t in await store.list_tickets()
                     if t.customer_key in keyset and t.customer_key != _erased_key(t)]
    found.dead = [d for d in await store.list_dead(limit=10_000_000)
                  if d.kind == "mention" and _holds_theirs(who, d.data, mine)]
    found.entries = [(stream, entry) for stream, entry, data in await store.stream_posts()
                     if _holds_theirs(who, data, mine)]
    tickets = {t.id for t in found.tickets}
    # a draft's quote of their post, and the post's address a reply from another server's
    # account keeps to resolve it (``reply_url``: ``/@name/1`` names them)
    found.drafts = [a for a in await store.list_approvals()
                    if (a.reply_context or a.reply_url)
                    and (a.reply_to in mine or a.ticket_id in tickets)]
    marks = found.marks = _Marks.of(who, found.signals, found.drafts)
    found.cards = await _outbox_cards(store, who, marks, mine, tickets)
    found.corrections = [cid for cid, raw in await store.list_raw_ids(K.CORRECTION)
                         if _made_on(raw, mine)]
    found.spikes_kept = await store.get_cursor(K.SPIKE_CARDS)
    found.spikes = sum(1 for c in _spike_cards(found.spikes_kept).values()
                       if marks.quoted_in(c[0]))
    found.audit = [(_json(k), _json(f"{k.partition(':')[0]}:{ERASED}"))
                   for k in sorted(keyset) if k.partition(":")[2] != ERASED]
    found.audit += [(_json(a.reply_context), _json("")) for a in found.drafts
                    if a.reply_context]
    found.audit += [(_json(a.reply_url), "null") for a in found.drafts if a.reply_url]
    events = await store.audit_since(None)  # (not ``log``: the module's logger)
    found.events = sum(1 for e in events
                       if any(named in e.to_json() for named, _ in found.audit))
    found.done_before = next((e for e in reversed(events)
                              if e.action == ACTION and e.object_id == who.digest), None)
    return found


def _run_key(who: Who) -> str:
    return f"{K.ERASURE_RUN}:{who.digest}"


def _json(value: str) -> str:
    """``value`` as the stored JSON writes it (pydantic's writer, the records' own)."""
    return to_json(value).decode()


def _holds_theirs(who: Who, data: str, posts: set[str]) -> bool:
    """Whether a dead letter's post (its JSON, as the pipeline set it aside) is one of
    theirs: by its author, or by its id among ``posts`` (a post of theirs whose signal names
    them). One this release cannot read is left: it names nobody it can tell."""
    try:
        m = Mention.model_validate_json(data)
    except ValueError:
        return False
    return m.id in posts or _theirs(who, m.network, m.author.handle, m.author.id)


def _shows_theirs(who: Who, card: Card, posts: set[str], tickets: set[str]) -> bool:
    """Whether a card shows a post of theirs, not erased yet: an alert's (keyed by its post),
    a ticket's, or any naming them as its post's author."""
    if card.author == ERASED:
        return False
    return (card.key.partition("|")[0] in posts or card.key in tickets
            or _theirs(who, card.network or "", card.author or ""))


def _erased_card(card: Card, names: set[str]) -> Card:
    """``card`` as kept without their words, name or post's link: what their cards' edits
    show (``RouteActions.revise``), for cards no edit replaces (delivered before it, or dead).
    """
    def blank(text: str | None) -> str | None:
        for name in sorted(names, key=len, reverse=True):
            # whole names only: an X handle "ann" is not the letters of "Announcement"
            text = re.sub(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", ERASED, text,
                          flags=re.IGNORECASE) if text else text
        return text

    return card.model_copy(update={
        "title": blank(card.title) or "", "text": "", "url": None, "author": ERASED,
        "author_url": None, "footer": blank(card.footer), "thread_note": blank(card.thread_note),
        "fields": tuple(f.model_copy(update={"value": blank(f.value) or "", "names": tuple(
            n for n in f.names if blank(n) == n)}) for f in card.fields),
        "buttons": tuple(b for b in card.buttons if b.url is None)})


async def _outbox_cards(store: Store, who: Who, marks: _Marks, posts: set[str],
                        tickets: set[str]) -> list[OutboxItem]:
    """The cards showing their posts that the outbox keeps as delivered or dead."""
    return [i for status in ("sent", "dead")
            for i in await store.list_outbox(status=status, limit=10_000_000)
            if _shows_theirs(who, i.card, posts, tickets) or marks.quoted_in(i.card)]


# an approval card's fields naming the post it answers: its quote, its address
QUOTING = (IN_REPLY_TO, ANSWERS)


def _made_on(raw: str, posts: set[str]) -> bool:
    """Whether a stored correction was made on one of ``posts`` (one unreadable: no)."""
    try:
        return Correction.model_validate_json(raw).post in posts
    except ValueError:
        return False


def _sample(text: str) -> str:
    """A post's text as a spike card samples it (``bot.enrich.spikes``)."""
    return truncate(" ".join(text.split()), 200)


@dataclass(frozen=True)
class _Marks:
    """What of theirs the cards that quote several posts show: their handles (a digest's
    lines, a spike's authors), their posts' texts as sampled and addresses (a spike's)."""

    handles: frozenset[str]
    samples: frozenset[str]
    urls: frozenset[str]
    drafts: frozenset[str] = frozenset()  # the drafts quoting them (their approval cards)

    @classmethod
    def of(cls, who: Who, signals: list[Signal], drafts: Sequence[Approval] = ()) -> _Marks:
        return cls(frozenset(_norm(h) for h in (who.handle,
                                                *(s.mention.author.handle for s in signals))),
                   frozenset(_sample(s.mention.text) for s in signals if s.mention.text),
                   frozenset(s.mention.url for s in signals if s.mention.url),
                   frozenset(a.id for a in drafts))

    def quoted_in(self, card: Card) -> bool:
        if card.kind == "approval":
            return card.key in self.drafts and any(f.name in QUOTING for f in card.fields)
        if card.kind == "digest":
            return any(_quoted(ln, self.handles) for ln in card.text.splitlines())
        if card.kind != "spike":
            return False
        return (any(ln[2:] in self.samples for ln in card.text.splitlines())
                or any(b.url in self.urls for b in card.buttons)
                or any(_named(f.value, self.handles) for f in card.fields))

    def erased_spike(self, card: Card, names: set[str], note: str) -> Card:
        """A spike card without their samples, name or posts' links; nobody else's."""
        lines = [f"• {ERASED}: {note}" if ln[2:] in self.samples else ln
                 for ln in card.text.splitlines()]
        shown = _erased_card(card.model_copy(update={"buttons": ()}), names)
        return shown.model_copy(update={
            "text": "\n".join(lines), "author": card.author, "url": card.url,
            "buttons": tuple(b for b in card.buttons if b.url not in self.urls)})


def _named(text: str, handles: frozenset[str]) -> bool:
    return any(re.search(rf"(?<![\w.-]){re.escape(h)}(?![\w.-])", text, re.IGNORECASE)
               for h in handles)


def _spike_cards(raw: str | None) -> dict[str, tuple[Card, object]]:
    """The kept cards of spikes going on (``handlers.spikes``), by spike id, with where each
    was posted; one unreadable is left out (the spike handler writes them afresh then)."""
    try:
        held = loads(raw) if raw else {}
    except ValueError:
        return {}
    out: dict[str, tuple[Card, object]] = {}
    for sid, kept in (held.items() if isinstance(held, dict) else ()):
        try:
            out[str(sid)] = (Card.model_validate(kept["card"]), kept.get("to"))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return out


def _quoted(line: str, handles: frozenset[str]) -> bool:
    """Whether a digest card's line quotes a post of theirs: "• @handle (network): text"
    (``handlers.routing.digest_card``)."""
    return line.startswith("• @") and _norm(line[2:].partition(" (")[0]) in handles


DIGEST_DROPPED = ("Top terms", "Summary (generated)")  # made of every quoted post's words


def _erased_digest(card: Card, handles: frozenset[str], names: set[str], note: str) -> Card:
    """A digest card without their lines (nobody else's), nor what its window's words made
    (its top terms, a generated summary), their names out of the rest."""
    lines = [f"• @{ERASED}: {note}" if _quoted(ln, handles) else ln
             for ln in card.text.splitlines()]
    shown = _erased_card(card, names)
    return shown.model_copy(update={
        "text": "\n".join(lines), "author": card.author, "url": card.url,
        "fields": tuple(f for f in shown.fields if f.name not in DIGEST_DROPPED)})


def _erased_key(ticket: Ticket) -> str:
    return f"{ticket.customer_key.partition(':')[0]}:{ERASED}"


def _redacted(s: Signal) -> Signal:
    m = s.mention
    author = Author(id=ERASED, handle=ERASED)
    mention = m.model_copy(update={"author": author, "text": "", "url": None, "links": (),
                                   "media": (), "hashtags": (), "handles": (), "raw": {}})
    return s.model_copy(update={"mention": mention, "translation": None})


def erased_note(at: datetime) -> str:
    return f"{ERASED_ON_REQUEST} {at.date().isoformat()}"


async def erase(store: Store, who: Who, found: Found, *, actor: str, now: datetime,
                dedup_ttl: int, traces_ttl: int, reviser: RouteActions | None = None) -> bool:
    """Write it all in one transaction (True: written). ``reviser``: the cards posted of
    their posts (or still waiting to be) edited to show the redacted post, each once (the
    outbox keys are the erasure's), and a line in each of their tickets' threads."""
    fx = Effects()
    note = erased_note(now)
    batch = Batch()
    for s in found.signals:
        gone = _redacted(s)
        fx.signals.append((gone, kept_for(s.routes, dedup_ttl), 0))
        if reviser is not None and s.routes:
            await reviser.revise(s, gone, fx, batch, erased=note)
    later = {t.id: t for t in batch.tickets.values()}
    for t in found.traces:
        blank = t.model_copy(update={"author": "", "text": "", "url": None, "detail": note})
        fx.traces.append((TraceWrite(t.id, None, t.fetched_at.timestamp(),
                                     blank.model_dump_json()), traces_ttl))
    for ticket in found.tickets:
        # told of the post erased (its history, its cards): that change, one version on
        now_is = later.get(ticket.id, ticket.model_copy(update={"version": ticket.version + 1}))
        fx.update(now_is.model_copy(update={"customer_key": _erased_key(ticket)}),
                  expected=ticket.version)
    for d in found.dead:  # deleted only while still set aside as read, or nothing is written
        fx.revive(d.kind, d.id, d.at)
    fx.erased_entries.extend(found.entries)
    names = {n for s in found.signals for n in (s.mention.author.handle,
                                                 s.mention.author.display_name) if n}
    names |= {who.handle} | {i.card.author for i in found.cards if i.card.author}
    marks = found.marks or _Marks.of(who, found.signals, found.drafts)
    shown: dict[tuple[str, str, str], tuple[OutboxItem, Card]] = {}
    for i in found.cards:
        if i.card.kind not in ("digest", "spike", "approval"):
            fx.erased_cards.append((i.key, i.status, _erased_card(i.card, names).to_json()))
            continue
        card = (_erased_digest(i.card, marks.handles, names, note) if i.card.kind == "digest"
                else marks.erased_spike(i.card, names, note) if i.card.kind == "spike"
                else i.card.model_copy(update={"fields": tuple(
                    f for f in i.card.fields if f.name not in QUOTING)}))
        fx.erased_cards.append((i.key, i.status, card.to_json()))
        if i.status == "sent":  # the message posted edited too, as their cards' are (revise)
            where = (i.workspace, i.channel, i.card.key)
            if where not in shown or shown[where][0].seq < i.seq:
                shown[where] = (i, card)
    for (workspace, channel, _), (i, card) in shown.items():  # as its latest delivery was
        fx.send(OutboxItem.new(key=f"{i.key}#erased", workspace=workspace, channel=channel,
                               card=card, now=now, update=True))
    if found.spikes:  # the copy a spike's end edits its card from: only as read
        kept = {sid: {"card": (marks.erased_spike(c, names, note) if marks.quoted_in(c)
                               else c).model_dump(mode="json"), "to": to}
                for sid, (c, to) in _spike_cards(found.spikes_kept).items()}
        fx.swap_cursor(K.SPIKE_CARDS, json.dumps(kept), expected=found.spikes_kept)
    for draft in found.drafts:  # the team's reply kept; the quote of their post not
        # without its address, a reply from another server's account is refused at publishing
        # (it cannot find their post), in the line a draft stored before addresses gets
        fx.update(draft.model_copy(update={"reply_context": "", "reply_url": None,
                                           "version": draft.version + 1}),
                  expected=draft.version)
    for cid in found.corrections:
        fx.delete(K.CORRECTION, cid)
    if found.corrections:  # every process learns its corrections again, without theirs
        fx.routing_change("correction", found.corrections[0])
    fx.erased_audit.extend(found.audit)
    fx.erased_customers.extend(sorted({s.mention.customer_key for s in found.signals}
                                      | {t.customer_key for t in found.tickets}))
    fx.erased_urls.extend(sorted({t.url for t in found.traces if t.url}))
    event = f"E-{now.strftime('%Y%m%d%H%M%S%f')}-forget-{who.digest[-8:]}"
    # nothing else here is versioned for an author without a ticket or a draft: two runs at
    # once both committed, two erasures audited, each run saying it erased it all
    fx.swap_cursor(_run_key(who), event, expected=found.last_run)
    fx.audit.append(AuditEvent(
        id=event, at=now,
        actor=actor, action=ACTION, object_type="author", object_id=who.digest,
        detail=f"erased on request: {found.total} records ({found.counted()})"))
    if not await store.apply(fx):
        return False
    await purged(store)
    return True


async def purged(store: Store) -> None:
    """No copy of the rows as they were left in the store's files (SQLite's write-ahead log):
    after the write, and again by a run that finds it done (one killed in between)."""
    if not await store.purge_copies():
        log.warning("forget: a reader kept the store's write-ahead log from being truncated; "
                    "it still holds the erased rows as they were: run forget again")


class Erasure:
    """``forget`` from chat (admins) and the command line: one reply, one line."""

    def __init__(self, store: Store, actions: RouteActions, *, clock: Callable[[], datetime],
                 dedup_ttl: int, traces_ttl: int) -> None:
        self.store = store
        self.actions = actions
        self.clock = clock
        self.dedup_ttl = dedup_ttl
        self.traces_ttl = traces_ttl

    async def reply(self, author: str, *, actor: str, dry_run: bool = False) -> Reply:
        try:
            who = parse(author)
        except Malformed as exc:
            return Reply.refused(str(exc))
        for _ in range(ATTEMPTS):
            reply = await self._decide(who, actor=actor, dry_run=dry_run)
            if reply is not None:
                return reply
        return Reply.refused(f"{who.given}: a record of theirs (a ticket, a dead letter, a "
                             "card) kept changing meanwhile; erase again")

    async def _decide(self, who: Who, *, actor: str, dry_run: bool) -> Reply | None:
        """One decision from fresh reads, written; None when its write conflicted (another
        run, a ticket changed): the next one reads what that write left, another run's
        erasure then found done."""
        now = self.clock()
        found = await find(self.store, who, now=now)
        if not found.total:
            if found.done_before is not None:
                if not dry_run:  # one killed between its write and the purge: finished
                    await purged(self.store)
                return Reply.done(f"{who.given}: erased already on "
                                  f"{found.done_before.at.date().isoformat()}; nothing more "
                                  "to erase")
            return Reply.refused(f"{who.given}: no post of this author is stored; check the "
                                 f"spelling: {FORMS}")
        if dry_run:
            return Reply.done(f"{who.given}: would erase {found.total} records "
                              f"({found.counted()}); nothing written (dry run)")
        if not await erase(self.store, who, found, actor=actor, now=now,
                           dedup_ttl=self.dedup_ttl, traces_ttl=self.traces_ttl,
                           reviser=self.actions):
            return None
        return Reply.done(f"{who.given}: erased {found.total} records ({found.counted()}); "
                          "audited")
