"""``why <url | mention id | ticket id>``: any post, any time, "why did (or didn't) we see this?"

The answer walks the post through every stage, from what was recorded when it passed (its
``Trace``) and what the outbox knows about its cards:

1. fetched: by which source and when, or, for a post never fetched, why not (no source reads
   that network, the source is paused, failing or rate-limited, the post is older than the
   source's backfill window, the stream's prefilter dropped it, the network's query did not
   return it, it is a post of the config's own accounts, or the network took it down and who),
   after looking the post up on its network where the API allows;
2. dedup: a repeat, or a cross-post of which post;
3. routing: every route and subscription that fired, and for a post nothing fired for, the
   first condition each route failed (the router's explain, run now on the post's text);
4. suppression: silences, quiet hours, inhibition, mutes, cooldowns and grouping;
5. delivery: where and when, with the card's link, or pending or dead with the error and the
   fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol
from urllib.parse import urlsplit

from bot.core import keys as K
from bot.core.cards import GENERIC_HINT, OutboxItem, Reply, delivery_id
from bot.core.commands import digits_mistake, typed_id
from bot.core.errors import UnreadableRecord
from bot.core.models import ERASED_ON_REQUEST, Mention, Ticket, Trace, TraceHit
from bot.core.networks import is_x_host
from bot.core.text import at_handle, one_line, shell_word, shown_id
from bot.core.when import shown_at
from handlers import spike_mutes
from handlers.follow_up import followed
from handlers.routing import NOT_KEPT, UNSUBSCRIBED

Explain = Callable[[Mention], Awaitable[str]]


@dataclass(frozen=True)
class LookedUp:
    """What looking a post up on its network gave: the post, or why there is none."""

    post: Mention | None
    why_not: str = ""  # when ``post`` is None: no lookup there, not found, or the failure
    # when ``post`` is None: the network still has it but took it down, and who ("Reddit says
    # it was removed by a moderator")
    gone: str = ""
    own: bool = False  # ``post`` is one of the config's own accounts': its sources skip it
    # when not ``own``: the configured accounts the network would not say who they are, and
    # why ("masto: <the verify_credentials failure>"): ``post`` may be one of theirs
    own_unknown: str = ""


Lookup = Callable[[str], Awaitable[LookedUp]]
# the subscriptions that would alert on a post now, made after ``since`` (its fetch): ids and
# when each was made
MadeAfter = Callable[[Mention, datetime], Awaitable[Sequence[tuple[str, datetime]]]]
# what a post waiting in a hit's digest waits for (``handlers.digest_wait``): the post's id,
# the hit, the asker's zone; None when not known
DigestWaits = Callable[[str, TraceHit, str | None], Awaitable[str | None]]
# the spike warnings muted now: each series' (kind, key) and when its mute ends, who muted it
SpikeMutes = Callable[[], Awaitable[Mapping[tuple[str, str], tuple[datetime, str]]]]


class WhyReads(Protocol):
    async def get_trace(self, mention_id: str) -> Trace | None: ...
    async def trace_by_url(self, url: str) -> Trace | None: ...
    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...
    async def get_outbox(self, key: str) -> OutboxItem | None: ...
    async def get_value(self, key: str) -> str | None: ...


class SourceFacts(Protocol):
    """What ``why`` needs to know about the configured sources."""

    def sources_for(self, network: str) -> Sequence[SourceInfo]: ...


@dataclass(frozen=True)
class SourceInfo:
    id: str
    network: str
    backfill_minutes: int
    queries: tuple[str, ...] = ()
    stream_keywords: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()  # the hashtag timelines it reads (Mastodon)
    # the config's backfill_minutes when the one read is shorter (cut to the dedup window)
    configured_minutes: int | None = None
    base_url: str = ""  # the server it reads (a Mastodon status id is that server's)


_TICKET = re.compile(r"^T-\d+$", re.IGNORECASE)
# the time a revision's detail names (``Pipeline._revise`` writes it as ISO 8601)
_REVISED_AT = re.compile(r" at (\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?"
                         r"(?:[+-]\d\d:\d\d|Z)?)")
_GONE_FOLLOWED = 20  # a card shown again and deleted again: the times followed, at most
# a hint's last words telling to retry, which the answer's own `retry <id>` (or a waiting
# card's own next try) says
_THEN_RETRY = re.compile(r"[;,]? then retry$")
# how routing's explanation (rules.explain) begins the routes that fire: "result: no route
# fires" when none does
_FIRES_NOW = "\nresult:\n"
# a hit's outcome: the ticket it opened or joined (TicketService.open_or_attach)
_OUTCOME_TICKET = re.compile(r"ticket (T-\d+)")
# a network's id may hold whitespace (a Mastodon instance sends any string as a status id)
_MENTION = re.compile(r"^[a-z][a-z0-9_-]*:(?=.*\S).+$", re.DOTALL)
_SPACE = re.compile(r"\s")
# a dead letter's id in the Redis mention stream's (bot.store.dead_stream): 1796116440000-0
_ENTRY = re.compile(r"^[0-9]{1,20}-[0-9]{1,20}$")
# a digest card's short id (``cards.digest_id``), which its "more not shown" line names
_DIGEST = re.compile(r"^digest-[0-9a-f]{8}$", re.IGNORECASE)
# a digest's posts listed in a chat answer at most: a window of thousands is a screenful of
# ids in chat; the command line prints every one
LISTED_IN_CHAT = 50
_TAKES = {  # what each verb reaching ``locate`` takes, for its refusal
    "why": "a post URL, a mention id (mastodon:123), a ticket id (T-3) or a digest id "
           "(digest-1a2b3c4d)",
    "status": "a ticket id (T-3), an approval id (A-2), a post URL or a mention id "
              "(mastodon:123)",
}


class Why:
    def __init__(self, reads: WhyReads, *, explain: Explain, lookup: Lookup | None = None,
                 sources: SourceFacts | None = None,
                 health: Callable[[], Awaitable[Mapping[str, str]]] | None = None,
                 hint: Callable[[str], str] | None = None,
                 channel_name: Callable[[str], str] | None = None,
                 set_aside: Callable[[str, str | None], Awaitable[str | None]] | None = None,
                 ids_of: Callable[[str], str | None] | None = None,
                 stored_at: Callable[[str], Sequence[str]] | None = None,
                 made_after: MadeAfter | None = None,
                 kept_days: float | None = None,
                 clock: Callable[[], datetime] | None = None,
                 digest: DigestWaits | None = None,
                 spike_mutes: SpikeMutes | None = None) -> None:
        """``set_aside``: what to say of a post the Redis mention stream set aside, by its
        mention id or the dead letter's entry id (fetched, never processed: it has no trace),
        its time on the clock of the zone it is given beside UTC, or None when it is not one;
        None on a store without that stream. ``ids_of``: the mention id a post address names
        by itself (an X status's, a Reddit thing's), or None: a fetched post asked for by
        another address of it. ``stored_at``: the addresses a post named by an address was
        stored at when fetched, where the address does not name its id (a Bluesky post's by
        its author's handle, as it was then, which the network may know no more).
        ``made_after``: the subscriptions that would alert on a post
        now and were made after it was fetched (a subscription takes posts fetched from then
        on). ``kept_days`` and ``clock``: how long traces are kept
        (``store.retention.traces_days``) and now: a post looked up that is older has no record
        either way, fetched or not. ``digest``: when a post waiting in a digest is due, and
        why it is late."""
        self.digest = digest
        # the series whose spike warnings are muted now (``mute spikes``): a post of one says
        # so, and until when, as asked why no spike card came
        self.spike_mutes = spike_mutes
        self.made_after = made_after
        self.kept_days = kept_days
        self.clock = clock
        self.reads = reads
        self.ids_of = ids_of
        self.stored_at = stored_at
        self.set_aside = set_aside
        self.explain = explain
        self.lookup = lookup
        self.sources = sources
        self.health = health
        self.hint = hint or (lambda error: "")
        self.channel_name = channel_name or (lambda key: key.split(":", 1)[-1])

    async def why(self, target: str, *, zone: str | None = None, whole: bool = False) -> Reply:
        """``zone``: the clock the answer's times are said on beside UTC (the asking
        workspace's; the command line's, ``cli_zone``), None for UTC alone. ``whole``: a
        digest's posts are listed every one (the command line), not ``LISTED_IN_CHAT``."""
        target = target.strip().strip("<>")
        if _DIGEST.match(target):
            return await self._digest_posts(target.lower(), whole=whole)
        found = await self.locate(target, zone=zone)
        if found is None:  # a URL never fetched: look harder (the sources, the network)
            return Reply.done(await self._never_seen(target, zone))
        if isinstance(found, Reply):
            return found
        return Reply.done(await self._trace_lines(found, zone))

    async def _digest_posts(self, digest: str, *, whole: bool) -> Reply:
        """Every post of the digest card ``digest`` names (its "more not shown" line): its
        id, and its address while its trace is kept."""
        raw = await self.reads.get_value(K.digest_posts(digest))
        try:
            data = json.loads(raw) if raw is not None else None
            posts = [str(p) for p in data["posts"]] if isinstance(data, dict) else None
            route = one_line(str(data["route"]), 100) if isinstance(data, dict) else ""
        except (ValueError, KeyError, TypeError):
            posts = None
        if posts is None:
            return Reply.refused(f"no digest {digest}: mistyped, or posted longer ago than its "
                                 "posts are kept (store.retention.traces_days)")
        shown = posts if whole else posts[:LISTED_IN_CHAT]
        lines = [f"{digest}: the {len(posts)} posts of a digest of route {route}"]
        for post in shown:
            trace = await self.reads.get_trace(post)
            url = f" {trace.url}" if trace is not None and trace.url else ""
            lines.append(f"• {shown_id(post)}{url}")
        if len(shown) < len(posts):
            lines.append(f"… {len(posts) - len(shown)} more: `socialops why {digest}` on the "
                         "command line prints every one")
        return Reply.done("\n".join(lines))

    async def locate(self, target: str, *, verb: str = "why",
                     zone: str | None = None) -> Trace | Reply | None:
        """The trace of a post named by URL, mention id or ticket id; else the answer (refused
        for a malformed target, naming ``verb``: the one typed), or None for a post URL
        socialops never fetched. ``status`` shares it. ``zone``: the clock a time it says is on
        beside UTC (a post the mention stream set aside)."""
        target = target.strip().strip("<>")
        if not target:
            return Reply.refused("usage: why <post url | mention id | ticket id | digest id>")
        trace: Trace | None = None
        if mistake := digits_mistake(target):  # T-٣: as every verb refuses it
            return Reply.refused(mistake)
        if (named := typed_id(target)) is not None and named.startswith("T-"):
            target = named  # Ｔ－３ is T-3, as claim reads it
        if _TICKET.match(target):
            ticket = await self.reads.get_ticket(target.upper())
            if ticket is None:
                return Reply.refused(f"no ticket {target.upper()}")
            trace = await self.reads.get_trace(ticket.signal_id)
            if trace is None:
                return Reply.done(f"{ticket.id} was opened from {ticket.signal_id}, whose "
                                  "record has passed its retention (store.retention.traces_days)")
        elif target.lower().startswith(("http://", "https://", "at://")):  # HTTPS:// too
            # an at-uri is a Bluesky post's id (its mention id is "bluesky:<at-uri>")
            trace = (await self.reads.get_trace(f"bluesky:{target}")
                     if target.startswith("at://") else await self.reads.trace_by_url(target))
            if trace is None and (bare := _status_path_only(target)) not in (None, target):
                # a status's address with what sharing adds (?utm_source=share, a last "/",
                # an anchor) or the advanced web interface's /deck/: its path names it whole
                trace = await self.reads.trace_by_url(bare)
            if trace is None and self.ids_of is not None and (
                    named := self.ids_of(target)) is not None:
                # another address of a fetched post (twitter.com for x.com, redd.it): its id
                trace = await self.reads.get_trace(named)
            for stored in (self.stored_at(target) if self.stored_at is not None and
                           trace is None else ()):
                # a Bluesky post by its author's handle, written otherwise than it was stored
                # (a last "/", a query, capitals, an at-uri): a handle changed since resolves
                # to no one, so no lookup finds it
                if (trace := await self.reads.trace_by_url(stored)) is not None:
                    break
            if trace is None:  # another server's status as a source's own server shows it
                trace = await self._on_own_server(target)
            if trace is not None and trace.outcome == "crosspost" and trace.detail:
                # one post fetched twice at one address (a status of a third server, through
                # two Mastodon servers' sources): the copy that was handled answers for it
                owner = await self.reads.get_trace(trace.detail)
                if owner is not None and owner.url == trace.url:
                    trace = owner
            if trace is None and _SPACE.search(target):  # no address holds any: copied in
                return Reply.done(f"{shell_word(target)}: no post fetched at this address, "
                                  "which holds spaces or line breaks; an address has none: "
                                  "type it again without them")
            if trace is None:
                return None
        elif _MENTION.match(target):
            trace = await self.reads.get_trace(target)
            if trace is None and "\uff40" in target:
                # typed as a reply's code span shows an id holding a backtick (``code_span``
                # swaps each for this lookalike: the ops channel's notice of a dead mention)
                trace = await self.reads.get_trace(target.replace("\uff40", "`"))
            if trace is None and self.set_aside is not None and (
                    said := await self.set_aside(target, zone)) is not None:
                return Reply.done(said)
            head = target.split(None, 1)[0]
            if trace is None and head != target and await self.reads.get_trace(head):
                # `why mastodon:1 by @kasia`, copied from an answer's first line: the whole is
                # no id, its first word is one fetched ("never fetched" said it of the post)
                return Reply.done(f"{shell_word(target)}: never fetched; {head} was: "
                                  f"{verb} {head} (an id holding spaces is looked up whole)")
            if trace is None:  # named on one line, whatever whitespace it holds
                return Reply.done(f"{shell_word(target) if _SPACE.search(target) else target}: "
                                  "never fetched, or fetched longer ago than the traces are "
                                  "kept (store.retention.traces_days)")
        elif _ENTRY.match(target) and self.set_aside is not None:  # the stream's dead letter
            return Reply.done(await self.set_aside(target, zone) or target)
        else:
            return Reply.refused(f"{verb} takes {_TAKES.get(verb, _TAKES['why'])}")
        return trace

    async def _on_own_server(self, url: str) -> Trace | None:
        """The trace of a status asked for at its address on the server a Mastodon source
        reads (``/@kasia@other.example/<id>``, as that server shows another's status, or
        ``/@kasia/<id>``): the id there is the one the source fetched it by, so it is found
        without a lookup (which fails while that server rate-limits or is down). Only that
        source's trace: the same id of another server is another status."""
        if self.sources is None or network_of(url) != "mastodon":
            return None
        try:
            parts = urlsplit(_status_path_only(url) or url)
            where = (parts.scheme.lower(), (parts.hostname or "").rstrip("."), parts.port)
        except ValueError:
            return None
        found = _LOCAL_STATUS.fullmatch(parts.path)
        if found is None:
            return None
        for s in self.sources.sources_for("mastodon"):
            try:
                base = urlsplit(s.base_url)
                server = (base.scheme.lower(), (base.hostname or "").rstrip("."), base.port)
            except ValueError:
                continue
            if s.base_url and server == where:
                trace = await self.reads.get_trace(f"mastodon:{found[1]}")
                if trace is not None and trace.source == s.id:
                    return trace
        return None

    async def _trace_lines(self, t: Trace, zone: str | None = None) -> str:
        # the post's own words, author and address are one line each and hold no control
        # characters: this answer is printed to a terminal by `socialops why` too
        lines = [f"{shown_id(t.id)} by {at_handle(t.author or '')} "
                 f"({one_line(t.url or '', 300) or 'no link'})",
                 f"• fetched by {t.source} at {shown_at(t.fetched_at, zone)} "
                 f"(posted {shown_at(t.created_at, zone)})"]
        if t.detail.startswith(ERASED_ON_REQUEST):  # `socialops forget`: no author, no words
            lines[0] = f"{shown_id(t.id)}: its author's data {one_line(t.detail, 100)}"
            return "\n".join(lines)
        if t.outcome == "crosspost":
            elsewhere = ("" if t.detail.startswith(f"{t.network}:")
                         else " on another network")  # two servers' copies of one status
            fate, then = await self._handled_instead(t, zone)
            lines.append(f"• not alerted: a cross-post of {t.detail} (same author, same "
                         f"words{elsewhere}), {fate}")
            return "\n".join(lines + then)
        if t.outcome == "dead":
            lines.append(f"• processing failed and the post was set aside: {t.detail}; once "
                         "the cause is fixed, `socialops dead retry "
                         f"{shell_word(t.id)}` processes it again")
            return "\n".join(lines)
        if t.outcome == "routed" and t.detail:  # edited or deleted by its author since
            lines.append(f"• {_revised_at(one_line(t.detail, 600), zone)}")
        if t.keywords:
            lines.append(f"• matched keywords: {', '.join(t.keywords)}")
        for route, reason in t.suppressed:
            lines.append(f"• route {route} matched but was held back: {reason}")
        for route, reason in await self._repeats(t):  # its card would show the post twice
            lines.append(f"• route {route} matched, and made no card of its own: {reason}")
        lines += await self._spikes_muted(t, zone)
        if not t.hits and t.suppressed:
            lines.append("• so nothing was delivered: every route that matched was held back")
            return "\n".join(lines)
        if not t.hits:
            post = _as_mention(t)
            lines.append("• no route or subscription fired. What each route checks, on this "
                         "post, now:")
            made = (await self.made_after(post, t.fetched_at)
                    if self.made_after is not None else ())
            for sub_id, at in made:
                lines.insert(-1, f"• {sub_id} was made at {shown_at(at, zone)}, after this "
                                 "post was fetched: a subscription alerts on the posts fetched "
                                 f"from then on (`preview` shows the ones before)")
            explained = await self.explain(post)
            if _FIRES_NOW in explained and not made:
                # the explanation runs on the post as its trace keeps it: a route on a fact
                # it does not keep reads none, and seems to contradict the line above
                lines.insert(-1, "• routing would alert on it now, though nothing fired when "
                                 "it was read: the rules may have changed since, or a route "
                                 "turns on what this record does not keep (its links, media, "
                                 "hashtags, the accounts it mentions, its author's followers "
                                 "or verification), read below as none")
            lines.append(explained)
            return "\n".join(lines)
        return "\n".join(lines + await self._hit_lines(t, zone))

    async def _hit_lines(self, t: Trace, zone: str | None) -> list[str]:
        """Each route and subscription that fired for ``t``'s post, and where its card is."""
        lines = []
        for hit in t.hits:
            where = self.channel_name(f"{hit.workspace}:{hit.channel}")
            # a drop route posts nowhere: it has no channel to name
            action = hit.action if hit.action == "drop" else f"{hit.action} to {where}"
            lines.append(f"• route {hit.route} fired ({action}): "
                         f"{await self._outcome(hit.outcome, post=t.id)}")
            lines.append(await self._delivery(hit.card, hit.outcome,
                                              where=(hit.workspace, hit.channel), zone=zone,
                                              flushed=K.flushed(hit.route, hit.workspace,
                                                                hit.channel, t.id),
                                              waiting=(t.id, hit)))
        return lines

    async def _handled_instead(self, t: Trace, zone: str | None) -> tuple[str, list[str]]:
        """What came of the post ``t`` is a cross-post of, as the words closing its line and
        the lines after: where its cards went, or what held it back (then neither copy was
        shown), read from its own trace; a "handled" said blind left the asker to guess
        where, or misled them when the first copy was muted too."""
        owner = await self.reads.get_trace(t.detail) if t.detail != t.id else None
        if owner is None:
            return ("whose record has passed its retention (store.retention.traces_days): "
                    "what came of it is not known now", [])
        if owner.hits:
            return "which was handled instead:", await self._hit_lines(owner, zone)
        if owner.suppressed:
            return ("which was held back too, so neither copy was shown:",
                    [f"• route {route} matched but was held back: {reason}"
                     for route, reason in owner.suppressed])
        return f"which was not alerted either: `why {shell_word(owner.id)}` says why", []

    async def _spikes_muted(self, t: Trace, zone: str | None) -> list[str]:
        """A line for each series of the post (its routes and subscriptions, those held back
        too, and its keywords) whose spike warnings are muted now, and until when."""
        if self.spike_mutes is None:
            return []
        mutes = await self.spike_mutes()
        routes = [h.route for h in t.hits] + [route for route, _ in t.suppressed]
        series = [("subscription", r[4:]) if r.startswith("sub:") else ("route", r)
                  for r in routes] + [("keyword", k) for k in t.keywords]
        lines = []
        for key in dict.fromkeys(series):
            if (found := spike_mutes.muted(mutes, key)) is not None:
                until, who = found
                lines.append(f"• spike warnings of {spike_mutes.said(key)} muted until "
                             f"{shown_at(until, zone)}" + (f" ({who})" if who else "")
                             + ": its posts are counted, no spike card while it holds")
        return lines

    async def _repeats(self, t: Trace) -> list[tuple[str, str]]:
        """The subscriptions that matched ``t``'s post and made no card of their own (the mark
        the pipeline wrote beside the trace; none for a store of an earlier release)."""
        said = await self.reads.get_value(K.repeats(t.id)) if t.outcome == "routed" else None
        if said is None:
            return []
        try:
            return [(str(route), str(reason)) for route, reason in json.loads(said)]
        except (ValueError, TypeError):  # not ours: nothing to say of it
            return []

    async def _outcome(self, outcome: str, *, post: str) -> str:
        """A hit's outcome as recorded (``ticket T-4``), the ticket it follows when ``post``
        opened it after the customer's last was resolved, and where that ticket's posts are
        now when it has been merged into another since (``merge T-4 into T-3``)."""
        found = _OUTCOME_TICKET.fullmatch(outcome)
        if found is None:
            return outcome
        try:
            ticket = await self.reads.get_ticket(found[1])
        except UnreadableRecord:
            return outcome  # said by the store's log; the outcome as recorded still holds
        after = followed(ticket) if ticket is not None else None
        if after is not None and ticket is not None and ticket.signal_id == post:
            # the post that opened it: a follow-up of the customer's last ticket, resolved
            outcome += f" (a follow-up: follows {after[0]}, {after[1]})"
        if ticket is None or ticket.merged_into is None:
            return outcome
        return f"{outcome}, since merged into {ticket.merged_into} (its posts are there)"

    async def _delivery(self, key: str | None, outcome: str, *,
                        where: tuple[str, str] = ("", ""), flushed: str = "",
                        zone: str | None = None,
                        waiting: tuple[str, TraceHit] | None = None) -> str:
        """``where``: the hit's workspace and channel; ``flushed``: the mark naming the card
        a group_wait or digest flush posted the post in, once it did; ``waiting``: the post
        and the hit, for a digest not posted yet."""
        if key is None and outcome == "digest" and flushed and (
                await self.reads.get_value(flushed)) == UNSUBSCRIBED:
            return ("  collected into the subscription's digest; not posted: the subscription "
                    "was removed before the digest was due")
        if key is None and outcome == "digest" and flushed and (
                await self.reads.get_value(flushed)) == NOT_KEPT:
            # its card's Window: which window and why late (the bot down, the store refusing
            # it, a flush held up); a mark written before 2026-12-07 has none
            late = await self.reads.get_value(K.not_kept(
                waiting[1].route, waiting[1].workspace, waiting[1].channel, waiting[0])) \
                if waiting is not None else None
            said = (f"its card for {late}" if late else
                    "late: the bot was not running at its time")
            return ("  collected into the route's digest; not shown in it: no longer stored "
                    f"when its digest was posted ({said}, for longer than a digest's posts "
                    "are kept); its card counts it")
        if key is None and outcome in ("grouped", "digest") and flushed and (
                card := await self.reads.get_value(flushed)) is not None:
            item = await self.reads.get_outbox(card)
            said = {"grouped": "  grouped: one card with the others matched in the route's "
                               "group_wait; ",
                    "digest": "  collected into the route's digest; "}[outcome]
            if outcome == "digest" and item is not None and (window := next(
                    (f.value for f in item.card.fields if f.name == "Window"), None)):
                # a late window's card: an outage's are posted within a minute, the window
                # tells them apart (its field: "09:00-10:00 UTC, posted late: ...")
                said = (f"  collected into the route's digest, its card for "
                        f"{window.split(', posted late', 1)[0]}, posted late: ")
            return said + (await self._shown(item, zone) if item is not None else
                           "delivered; the delivery record has passed its retention")
        if key is None and outcome == "digest" and waiting is not None and \
                self.digest is not None and (waits := await self.digest(*waiting, zone)):
            return waits
        if key is None:
            return {
                "grouped": "  grouped: one card with the others matched in the route's "
                           "group_wait, posted when it ends (not before)",
                "held (cooldown)": "  held back by the route's cooldown; counted into its "
                                   "next card",
                "digest": "  collected into the route's digest",
                "dropped": "  dropped by the route (action: drop)",
            }.get(outcome, f"  {outcome}")
        item = await self.reads.get_outbox(key)
        if item is None and (joined := await self._joined(outcome, where, zone)) is not None:
            return joined
        if item is None:
            return "  delivered; the delivery record has passed its retention"
        return "  " + await self._shown(item, zone)

    async def _joined(self, outcome: str, where: tuple[str, str],
                      zone: str | None = None) -> str | None:
        """A ticket route's hit whose post joined a ticket whose card is in other channels
        (one ticket a conversation: another route of the same post, or an earlier post of the
        conversation, opened it there): that card, and that none was posted in the hit's
        channel. None when the ticket's card is in that channel (its record pruned since)."""
        found = _OUTCOME_TICKET.fullmatch(outcome)
        if found is None:
            return None
        try:
            ticket = await self.reads.get_ticket(found[1])
        except UnreadableRecord:
            return None
        if ticket is None or not ticket.channels or any(
                (c.workspace, c.channel) == where for c in ticket.channels):
            return None
        card = ticket.channels[0]
        there = self.channel_name(f"{card.workspace}:{card.channel}")
        said = (f"  joined {ticket.id}, whose card is in {there}: none was posted in "
                f"{self.channel_name(':'.join(where))}")
        item = await self.reads.get_outbox(f"{ticket.id}@{card.channel}")
        return said + ("; " + await self._shown(item, zone) if item is not None else "")

    async def _shown(self, item: OutboxItem, zone: str | None = None) -> str:
        """``_item``, and for a card delivered, whether it was deleted from its channel since
        (``keys.card_gone``)."""
        said = self._item(item, zone)
        if item.status == "sent" and item.ref is not None:
            said += await self._deleted_since(item.workspace, item.channel,
                                              item.ref.message_id, zone)
        return said

    async def _deleted_since(self, workspace: str, channel: str, message_id: str,
                             zone: str | None) -> str:
        """", then deleted from #support (found when and how)" and where it is shown again,
        following a card shown again and deleted again; "" for a message not known deleted
        (or its record damaged: the delivery is said as it is kept)."""
        found = await self._gone(workspace, channel, message_id)
        if found is None:
            return ""
        at, how, again, link = found
        said = (f", then deleted from {self.channel_name(f'{workspace}:{channel}')} (found "
                f"{shown_at(at, zone)}: {how})")
        if again is None:
            return said + "; not shown again: an alert's card stays removed"
        times, shown = 0, again
        for _ in range(_GONE_FOLLOWED):  # shown again, and deleted again
            later = await self._gone(workspace, channel, shown)
            if later is None:
                break
            later_at, _, later_again, later_link = later
            if later_again is None:
                break
            times, at, shown, link = times + 1, later_at, later_again, later_link
        return (said + f"; shown again at {shown_at(at, zone)} ({link or f'message {shown}'})"
                + (f", after {times} more deletion{'s' if times > 1 else ''}" if times else ""))

    async def _gone(self, workspace: str, channel: str,
                    message_id: str) -> tuple[datetime, str, str | None, str | None] | None:
        """A card's message found deleted: when, how, the message shown again and its link."""
        raw = await self.reads.get_value(K.card_gone(workspace, channel, message_id))
        if raw is None:
            return None
        try:
            found = json.loads(raw)
            return (datetime.fromisoformat(found["at"]), one_line(str(found["said"]), 300),
                    found.get("again"), found.get("link"))
        except (ValueError, TypeError, KeyError):
            return None

    def _item(self, item: OutboxItem, zone: str | None = None) -> str:
        """Where a card is: delivered, dead with the fix, or waiting."""
        channel = self.channel_name(f"{item.workspace}:{item.channel}")
        if item.status == "sent":
            where = item.ref.permalink if item.ref and item.ref.permalink else (
                f"message {item.ref.message_id}" if item.ref else "")
            return f"delivered to {channel} at {shown_at(item.next_attempt_at, zone)} ({where})"
        if item.status == "dead":
            fix = self._fix(item.last_error or "")
            return (f"delivery to {channel} failed for good: {item.last_error}. "
                    + (f"Fix: {fix}; then " if fix else "Then ")
                    + f"`retry {delivery_id(item.key)}`")
        # a person's fix (a token the workspace refuses: every card waits, none given up for
        # a day) is said as a dead card's; a rate limit or an outage passes by itself
        fix = self._fix(item.last_error or "") if item.last_error else ""
        return (f"waiting to be delivered to {channel} (attempt {item.attempts + 1}, "
                f"next at {shown_at(item.next_attempt_at, zone)}"
                + (f"; last error: {item.last_error}" if item.last_error else "") + ")"
                + (f". Fix: {fix}; it is tried again on its own" if fix else ""))

    def _fix(self, error: str) -> str:
        """What to do about a delivery's ``error``, said once: none when the error carries
        its own (Slack's archived channel's words end in "then retry"), or when the hint is
        only to read the error; without its "then retry", which the answer's `retry` says."""
        fix = self.hint(error)
        if not fix or "then retry" in error or fix == GENERIC_HINT:
            return ""
        return _THEN_RETRY.sub("", fix)

    async def _never_seen(self, url: str, zone: str | None = None) -> str:
        if network_of(url) == "reddit" and _REDDIT_SHARE.fullmatch(urlsplit(url).path):
            return (f"{url}: a Reddit share link, which names no post until Reddit redirects "
                    "it: open it in a browser and ask `why` with the address it leads to "
                    "(/r/<subreddit>/comments/<id>/...)")
        lines = [f"{url}: socialops never fetched this post."]
        looked = (await self.lookup(url) if self.lookup is not None
                  else LookedUp(None, "no lookup here"))
        post = looked.post
        aged = (post is not None and self.kept_days is not None and self.clock is not None
                and post.created_at < self.clock() - timedelta(days=self.kept_days))
        if aged:  # fetched or not, no record of it is left: say which of the two is unknown
            lines = [f"{url}: socialops has no record of this post. It was posted longer ago "
                     "than records are kept (store.retention.traces_days, "
                     f"{self.kept_days:g} days): if it was fetched then, that record is gone; "
                     "if it was not, the reasons below."]
        # a post found names its network: a link of a source's own web client (web_url) has
        # an address network_of does not know
        network = post.network if post is not None else network_of(url)
        sources = list(self.sources.sources_for(network)) if self.sources and network else []
        if network is None:
            lines.append("• its address is not one socialops knows how to read")
        elif not sources:
            lines.append(f"• no configured source reads {network}")
        health = await self.health() if self.health is not None else {}
        for s in sources:
            state = health.get(s.id)
            if state:
                lines.append(f"• source {s.id} is not healthy: {state}")
        if post is None and looked.gone:  # listed to no one: no poll reads it either
            lines.append(f"• {looked.gone}: a post taken down is listed to no one, so no "
                         "source can read it; nothing to fix in socialops")
            return "\n".join(lines)
        if post is None:
            lines.append(f"• it could not be looked up on its network: "
                         f"{looked.why_not or 'no lookup here'}")
            return "\n".join(lines)
        # the same post under another address (x.com for twitter.com, a DID for a handle,
        # old.reddit.com, a status's ActivityPub uri): its trace, if it was fetched after all
        trace = await self.reads.get_trace(post.id)
        if trace is not None:  # said on the asker's clock, as when found by its own address
            return await self._trace_lines(trace, zone)
        lines.append(f"• on {post.network}: {at_handle(post.author.shown())} at "
                     f"{shown_at(post.created_at, zone)}: {one_line(post.text, 200)}")
        if looked.own:  # common.own: a reply the team posted never alerts about itself
            lines.append(f"• {at_handle(post.author.shown())} is one of this config's own "
                         f"accounts: sources skip their posts, so what the team posts never "
                         "opens a ticket or an alert about itself; nothing to fix")
            return "\n".join(lines)
        if looked.own_unknown:  # a failed verify_credentials: ours or not is not known now
            lines.append(f"• socialops cannot tell whether {at_handle(post.author.shown())} is "
                         "one of this config's own accounts, whose posts sources skip (the "
                         "team's own posts never alert about themselves): the network did not "
                         f"say whose these accounts are ({one_line(looked.own_unknown, 400)}); "
                         "if it is one of them, that is why no source read it; if not:")
        for s in sources:
            lines.append(f"• {s.id}: {_why_not(post, s, unwell=bool(health.get(s.id)))}")
        lines.append("• what routing would do with it now:")
        lines.append(await self.explain(post))
        return "\n".join(lines)


def _revised_at(detail: str, zone: str | None) -> str:
    """A revision's detail (``Pipeline._revise``: "edited by its author at <ISO time>: ...")
    with its time said as every other time of the answer, on the asker's clock too: the
    record keeps it as ISO 8601, which Slack showed with its colons escaped."""
    found = _REVISED_AT.search(detail)
    if found is None:
        return detail
    try:
        at = datetime.fromisoformat(found[1])
    except ValueError:
        return detail
    at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return detail[:found.start(1)] + shown_at(at, zone) + detail[found.end(1):]


def _why_not(post: Mention, s: SourceInfo, *, unwell: bool = False) -> str:
    """Why source ``s`` did not read ``post``; ``unwell``: its last poll failed, in part or
    whole, or waits out a rate limit (said above it)."""
    from bot.core.prefilter import KeywordFilter
    from bot.core.text import boundary_ok, fold, keyword_pattern, match_form

    if s.stream_keywords and not KeywordFilter(s.stream_keywords)(post.text):
        return (f"its stream keeps only posts with {', '.join(s.stream_keywords)} (the "
                "prefilter dropped it)")
    # a query is the network's search, which reads the letters as written ("acme" finds no
    # "Асme"), a hyphen or slash between words a space
    written = match_form(fold(post.text))

    def has(word: str) -> bool:
        key = fold(word)
        if not key:
            return False
        pattern, lead, trail = keyword_pattern(key)
        i = written.find(pattern)
        while i >= 0:
            if boundary_ok(written, i, i + len(pattern), inside_start=lead, inside_end=trail):
                return True
            i = written.find(pattern, i + 1)
        return False

    tags = [t.lstrip("#").strip() for t in s.hashtags if t.lstrip("#").strip()]
    tagged = {t.casefold() for t in tags} & {h.casefold() for h in post.hashtags}
    matched = any(all(has(w) for w in q.split()) for q in s.queries)
    if tags and not tagged and not matched:
        why = f"it carries none of the hashtags it reads ({', '.join('#' + t for t in tags)})"
        return why + (f", and its queries ({'; '.join(s.queries)}) do not match it"
                      if s.queries else "")
    if s.queries and not matched and not tagged:
        return f"its queries ({'; '.join(s.queries)}) do not match this post"
    cut = (f"; backfill_minutes is {s.configured_minutes}, cut to store.dedup_ttl_hours, how "
           "long a post is remembered as seen" if s.configured_minutes is not None else "")
    if unwell:  # when its polls began to fail is not kept: both cases, each true
        return ("not read yet if it was posted since the source's last poll that succeeded: "
                "its polls fail or wait (said above), and it reads what was posted meanwhile "
                "once one succeeds; if before, the network did not return it to its queries")
    return (f"the network did not return it to this source's queries (posts older than the "
            f"first run's backfill window, {s.backfill_minutes} min, are never read{cut})")


def network_of(url: str) -> str | None:
    """Which network a post address belongs to, from its shape; None for an address that is
    no post's (not http(s), or an at-uri of something other than a post, or an address
    ``urlsplit`` refuses: "http://[::1" or a bracketed host that is no IP address)."""
    if url.startswith("at://"):
        return "bluesky" if "/app.bsky.feed.post/" in url else None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # a fully qualified name's last dot ("x.com.", as a browser opens it) names the same host
    host = parts.hostname.lower().rstrip(".").removeprefix("www.")
    path = parts.path.rstrip("/")
    if host in ("bsky.app", "bsky.social") or "/app.bsky.feed.post/" in path:
        return "bluesky"
    if host in ("reddit.com", "redd.it") or host.endswith(".reddit.com"):
        return "reddit"
    if host == "news.ycombinator.com":
        return "hackernews"
    if is_x_host(parts.hostname):  # the list the X source reads too (networks.X_POST_HOSTS)
        return "x"
    if _BLUESKY_POST.fullmatch(path):  # another Bluesky web client's (deer.social, ...)
        return "bluesky"
    # Mastodon's /@user/<id> and /users/<user>/statuses/<id>, GoToSocial's
    # /@user/statuses/<id>
    if re.search(r"/@[^/]+/\d+$", path) or "/statuses/" in path:
        return "mastodon"
    return "rss"


# a Bluesky post's path on any web client: /profile/<handle or did>/post/<rkey>; a handle holds
# a dot (atproto.com/specs/handle), a did is did:plc: or did:web: (what Bluesky supports)
_BLUESKY_POST = re.compile(r"/profile/(?:did:(?:plc|web):[^/]+|@?[^/@]+\.[^/]+)"
                           r"/post/[A-Za-z0-9._:~-]+")
# the address Reddit's Share button copies: a code, not the post's id, till Reddit redirects it
_REDDIT_SHARE = re.compile(r"/r/[^/]+/s/[A-Za-z0-9]+/?")
_WEB_UI = re.compile(r"^/(?:deck|web)(?=/@)")
# a status's path on a Mastodon server (another server's account is @user@host), and
# GoToSocial's: the status id it was fetched by from that server
_LOCAL_STATUS = re.compile(r"/(?:@[^/]+(?:/statuses)?|users/[^/]+/statuses)/([^/]+)")


def _status_path_only(url: str) -> str | None:
    """A Mastodon status's address as fetched: scheme, host (in lower case) and path, without
    the query, the anchor, a last "/" or the advanced web interface's ``/deck`` (``/web``
    before 4.0); None for an address that is no status's (a feed item's query may name the
    page: kept)."""
    if network_of(url) != "mastodon":
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    path = _WEB_UI.sub("", parts.path.rstrip("/"), count=1)
    # a scheme and a host are read in any case (RFC 3986 3.1, 3.2.2): stored in lower case
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


def _as_mention(t: Trace) -> Mention:
    from bot.core.models import Author

    # the language its network declared, which decides a short post's as it did live: without
    # it, `why` of "logo!" sent as Portuguese explained it as a post of no language
    return Mention(id=t.id, network=t.network, source=t.source, url=t.url,
                   author=Author(id=t.author or "unknown", handle=t.author or "unknown"),
                   text=t.text, created_at=t.created_at, language=t.language)

