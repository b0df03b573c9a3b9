"""Spike alerts over shared counts: one detector's answer whatever the number of processes.

Counting happens in the pipeline, in each batch's transaction: every routed signal adds one to
the current minute of each of its series (the routes and subscriptions that fired, and the
keywords that matched) and joins that series' sample buffer. Detection runs in one process at a
time (the ``spikes`` timer, taken by one process and re-armed every ``CHECK_EVERY`` seconds):
it reads the minute totals that every process wrote, feeds them to the ``SpikeDetector``,
posts a card per spike to the channel of the route or subscription (keywords go to the
configured spikes channel), edits the card of a spike that is over and says so in its thread,
trims the sample buffers, and saves the detector's baselines and the cards of the spikes not
yet over (``keys.SPIKE_CARDS``), all in one transaction: a process that takes the check over
(a restart, another process on Redis) ends what the last one warned of, once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.core import keys as K
from bot.core.cards import Button, Card, CardField, OutboxItem
from bot.core.config import SpikesConfig
from bot.core.durations import civil_zone
from bot.core.effects import Effects
from bot.core.jsonbody import loads
from bot.core.models import ChannelRef, Signal, Subscription
from bot.core.networks import display_name
from bot.core.ports import Clock, DueTimer, Transactions
from bot.core.text import at_handle, right_to_left_names
from bot.core.when import shown_at
from bot.enrich.bursts import NAME_LIMIT, TOP, Origin, SpikeEnd, Subject, same_words
from bot.enrich.spikes import Limits, Sample, Spike, SpikeDetector, SpikeKey
from handlers import spike_mutes

log = logging.getLogger(__name__)
CHECK_EVERY = 10.0  # seconds between checks
# per series: who wrote a burst is read from them (a card says "of the latest 200" past that)
SAMPLES_KEPT = 200
TRIM_EVERY = 300  # seconds between trims of the sample buffers
SEP = "\x1f"
BUCKET = 60
RECENT = 100  # spikes this process remembers having posted
LATE = "late"  # the series of posts read after their minute left the window (``count``)


class SpikeReads(Protocol):
    async def get_cursor(self, source_id: str) -> str | None: ...
    async def series_counts(self, since_bucket: int, *,
                            sources: bool = False) -> dict[str, dict[int, int]]: ...
    async def group_items(self, group: str) -> list[str]: ...
    async def get_signal(self, signal_id: str) -> Signal | None: ...
    async def get_signals(self, signal_ids: Sequence[str]) -> Mapping[str, Signal]: ...
    async def get_subscription(self, sub_id: str) -> Subscription | None: ...
    async def get_subscriptions(self, ids: Sequence[str]) -> list[Subscription]: ...
    async def list_raw(self, kind: str) -> list[str]: ...


def detector_from_config(cfg: SpikesConfig, *, ignore_terms: tuple[str, ...] = (),
                         hours_zone: str = "UTC") -> SpikeDetector:
    """``hours_zone``: the clock of the usual's hours when ``cfg.timezone`` is unset."""
    name = cfg.timezone or hours_zone
    return SpikeDetector(
        zone=None if name == "UTC" else civil_zone(name),
        bucket_seconds=BUCKET, window_buckets=cfg.window_minutes,
        alpha=1 - math.exp(math.log(0.5) / cfg.half_life_minutes),
        min_count=cfg.min_count, threshold=cfg.threshold, max_p=cfg.max_p,
        cooldown_seconds=cfg.cooldown_minutes * 60, warmup_seconds=cfg.warmup_minutes * 60,
        ignore_terms=ignore_terms)


def spike_card(spike: Spike) -> Card:
    """The warning: how many against the usual, and, when its posts were read, who wrote them
    (a burst of one author's posts says so in its title), in what languages, on which
    networks. Names are the networks' text: the renderers escape them as every card's."""
    made_of = spike.made_of if spike.made_of is not None and spike.made_of.posts else None
    few = [made_of.few() if made_of is not None else None,
           spike.driver.few() if spike.driver is not None else None]
    d = spike.driver
    answered = (at_handle(d.author, NAME_LIMIT),) if d is not None and d.author else ()
    fields = [CardField(name="Why", value=spike.explain(authors=made_of is None),
                        names=right_to_left_names(answered))]
    if made_of is not None:
        # the names isolated where shown: a right-to-left one took the counts after it
        fields += [CardField(name="Authors", value=made_of.authors_line(),
                             names=right_to_left_names(a for a, _ in made_of.authors[:TOP])),
                   CardField(name="Languages", value=made_of.languages_line()),
                   CardField(name="Networks", value=made_of.networks_line())]
    # links to what drives it and to the posts shown: a card says where to look
    lead = d.url if d is not None else None
    buttons = [Button(action="open", label="The post answered" if d and d.kind == "post"
                      else "The link shared", target=spike.id, url=lead)] if lead else []
    buttons += [Button(action="open", label=f"Sample {i}", target=spike.id, url=u)
                for i, u in enumerate(spike.links, start=1) if u != lead]
    return Card(
        kind="spike", key=f"spike:{spike.id}",
        title=f"Spike on {spike.kind} {spike.key}: {spike.count} mentions in "
              f"{spike.window_minutes} min" + "".join(f", {f}" for f in few if f),
        text="\n".join(f"• {s}" for s in spike.samples),
        url=lead,
        route=spike.key if spike.kind == "route" else None,
        fields=tuple(fields), buttons=tuple(buttons),
        created_at=spike.window_start)


def ended_card(card: Card, end: SpikeEnd, *, when: str) -> Card:
    """``card`` (a spike's warning) once the spike is over: marked ended, with a field and a
    line in its thread saying when, how many posts over how long, and its busiest minute."""
    said = end.says(when)
    return card.model_copy(update={
        "status": "ended", "fields": (*card.fields, CardField(name="Ended", value=said)),
        "thread_note": f"Spike ended {said}"})


def series_keys(signal: Signal) -> list[SpikeKey]:
    """The series a routed post counts in: the routes and subscriptions it fired (a drop
    route's aside: what the team's own rules throw away, a burst of spam, paged the crisis
    channel with its sample posts: a review of spikes, 2026-12-06), and its keywords, unless
    it was only dropped."""
    kept = [h for h in signal.routes if h.action != "drop"]
    if not kept:
        return []
    keys: list[SpikeKey] = [("subscription", h.subscription_id) if h.subscription_id
                            else ("route", h.route) for h in kept]
    keys.extend(("keyword", k) for k in signal.keywords)
    return list(dict.fromkeys(keys))


def held_keys(signal: Signal, held: Sequence[str]) -> list[SpikeKey]:
    """The series of the routes and subscriptions that matched a post but were held back (a
    silence, a mute, quiet hours, an inhibition: ``sub:S-1`` is a subscription's), and its
    keywords. The post is still the topic's volume: left out, a silenced launch hour shrank
    the baseline and the usual rate after it rang (a review of spikes, 2026-12-06)."""
    if not held:
        return []
    keys: list[SpikeKey] = [("subscription", r[4:]) if r.startswith("sub:") else ("route", r)
                            for r in held]
    keys.extend(("keyword", k) for k in signal.keywords)
    return list(dict.fromkeys(keys))


def _series(key: SpikeKey) -> str:
    return f"{key[0]}{SEP}{key[1]}"


def _samples(key: SpikeKey) -> str:
    return f"spike-samples:{_series(key)}"


def _late(key: SpikeKey, bucket: int) -> str:
    return f"{LATE}{SEP}{bucket}{SEP}{_series(key)}"


def count(signal: Signal, fx: Effects, *, now_ts: float, held: Sequence[str] = (),
          window: int = 10) -> None:
    """The pipeline's part: count this signal into its series (shared by every process). The
    series it was delivered for keep it as a sample too; those whose routes ``held`` it back
    count it only, so that their spike is judged on the posts shown (``SpikeChecker``). A
    post written before the ``window`` (minutes) now ending, read late, is counted in its
    minute and said late in the current one, for the checker to fold into the usual."""
    bucket = int(min(signal.mention.created_at.timestamp(), now_ts)) // BUCKET
    now = int(now_ts) // BUCKET
    delivered = series_keys(signal)
    for key in delivered:
        fx.counts.append((_series(key), bucket, 1))
        fx.group_add.append((_samples(key), signal.id))
    for key in held_keys(signal, held):
        if key not in delivered:
            fx.counts.append((_series(key), bucket, 1))
    if bucket <= now - window:
        for key in dict.fromkeys([*delivered, *held_keys(signal, held)]):
            fx.counts.append((_late(key, bucket), now, 1))


class SpikeChecker:
    def __init__(self, reads: SpikeReads, applier: Transactions, *, cfg: SpikesConfig, clock: Clock,
                 ignore_terms: tuple[str, ...] = (),
                 keyword_channel: ChannelRef | None = None,
                 zones: Mapping[str, str] | None = None, hours_zone: str = "UTC",
                 route_limits: Callable[[], Mapping[str, Limits]] | None = None) -> None:
        self.reads = reads
        # each route's own thresholds (its ``spikes:`` in the rules), read at each check: a
        # reload of the rules applies at the next one
        self.route_limits = route_limits
        self.hours_zone = hours_zone  # the usual's hours' clock, unless spikes.timezone
        self.applier = applier
        self.cfg = cfg
        self.clock = clock
        self.ignore_terms = ignore_terms
        self.keyword_channel = keyword_channel
        self.zones = dict(zones or {})  # each workspace's clock, where the end is said
        self.posted: deque[Spike] = deque(maxlen=RECENT)  # this process's latest

    def arm(self, fx: Effects) -> None:
        """Make sure the check timer exists (at start-up; any process may do it)."""
        fx.schedule(K.timer(K.SPIKE_CHECK, "all"), self.clock(), "{}", once=True)

    async def check(self, timer: DueTimer) -> None:
        fx = Effects()
        fx.complete(timer.id, timer.token)
        now = self.clock()
        fx.schedule(timer.id, now + timedelta(seconds=CHECK_EVERY), "{}")
        detector = detector_from_config(self.cfg, ignore_terms=self.ignore_terms,
                                        hours_zone=self.hours_zone)
        if self.route_limits is not None:
            detector.limits = {("route", name): own
                               for name, own in self.route_limits().items()}
        raw = await self.reads.get_cursor(K.SPIKE_STATE)
        if raw:
            try:
                # a few hundred ms at a few thousand series: off the event loop
                await asyncio.to_thread(detector.load_json, raw)
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("spike state unreadable (%s); starting afresh", exc)
        detector.resume(now)
        bucket = int(now.timestamp()) // BUCKET
        since = bucket - self.cfg.window_minutes - 1
        late: list[tuple[SpikeKey, int, dict[int, int]]] = []
        for name, counts in (await self.reads.series_counts(since)).items():
            kind, _, subject = name.partition(SEP)
            if kind == LATE:
                written, _, series = subject.partition(SEP)
                kind, _, subject = series.partition(SEP)
                if written.lstrip("-").isdigit():
                    late.append(((kind, subject), int(written), counts))
                continue
            begun = None
            if (kind, subject) not in detector.series and detector.started is not None:
                begun = await self._begun((kind, subject), detector.started)
            for b, n in sorted(counts.items()):
                detector.set_count((kind, subject), b, n, first_seen=now.timestamp(),
                                   since=begun)
        detector.late_counts(late, now)
        detector.limits.update(await self._subscription_limits(detector))
        known = set(detector.series)
        was = await self._cards()
        cards = dict(was or {})
        # muted from chat (``mute spikes``), in any process: read at each check
        mutes = spike_mutes.live(await self.reads.list_raw(K.SPIKE_MUTE), now)
        for found in detector.check(now, recent=lambda _: ()):
            key = (found.kind, found.key)
            sid = found.back_of or found.id  # its burst's: a return keeps its spike's id
            if spike_mutes.is_muted(mutes, key):
                # counted still (its usual volume), warned of nowhere while the mute holds,
                # its cooldown run; kept as held back, so that one still going when the mute
                # ends is warned of then (``_unmuted``), as Alertmanager notifies at a
                # silence's end for an alert still firing
                log.info("spike on %s %s muted from chat: %s", found.kind, found.key,
                         found.explain())
                cards[sid] = {**cards.get(sid, {}), "muted": {
                    "kind": found.kind, "key": found.key, "at": now.isoformat()}}
                continue
            held = cards.get(sid)
            # back after a spike found while muted had ended: never warned of, so warned now
            fresh = found.back_of is not None and held is not None and "card" not in held
            if (record := await self._warn(detector, replace(found, back_of=None)
                                           if fresh else found, fx, sid=sid,
                                           posted=held, now=now)) is not None:
                cards[sid] = record
        for end in detector.ends(now):
            posted = cards.get(end.spike_id)
            self._ended(end, posted, fx, now=now)
            if posted is not None:  # kept while its cooldown runs: it may come back
                cards[end.spike_id] = {**posted, "ended": True}
        await self._unmuted(detector, cards, mutes, fx, now=now)
        going = {s.burst.spike_id(kind, key, detector.bucket_seconds)
                 for (kind, key), s in detector.series.items() if s.burst is not None}
        going |= {f"{kind}:{key}:{s.ended * detector.bucket_seconds}"
                  for (kind, key), s in detector.series.items() if s.ended is not None}
        cards = {sid: c for sid, c in cards.items() if sid in going}  # a state reset: no end
        if cards != was:
            fx.cursors[K.SPIKE_CARDS] = json.dumps(cards)
        trim = int(now.timestamp()) % TRIM_EVERY < CHECK_EVERY
        for key in list(detector.series) if trim else ():  # keep sample buffers bounded
            ids = await self.reads.group_items(_samples(key))
            if len(ids) > SAMPLES_KEPT:
                fx.group_take.append((_samples(key), tuple(ids[:-SAMPLES_KEPT])))
        for key in known - set(detector.series):  # forgotten (idle for long): their samples too
            ids = await self.reads.group_items(_samples(key))
            if ids:
                fx.group_take.append((_samples(key), tuple(ids)))
        fx.cursors[K.SPIKE_STATE] = await asyncio.to_thread(detector.to_json)
        await self.applier.apply(fx)

    async def _warn(self, detector: SpikeDetector, found: Spike, fx: Effects, *, sid: str,
                    posted: dict[str, object] | None, now: datetime,
                    muted_at: datetime | None = None) -> dict[str, object] | None:
        """The warning of ``found`` (its card, or its card edited back for a return) queued
        under its burst's id ``sid``; its record in ``keys.SPIKE_CARDS``, None when nothing
        was posted (most of its posts held back, no channel for it). ``muted_at``: when it
        was found, held back by its series' mute, for a warning given as the mute ends."""
        key = (found.kind, found.key)
        channels: dict[SpikeKey, ChannelRef] = {}
        samples, origins, subjects, urls = await self._recent(key, fx, channels)
        spike = await self._driven(detector.explained(found, samples, origins, subjects, urls))
        oldest = int(spike.window_start.timestamp()) // BUCKET
        shown = sum(1 for at, *_ in samples if at >= oldest)
        # (a window that rings no more, its burst still going after a mute: warned of still)
        if shown < SAMPLES_KEPT and detector.would_ring(spike.count, spike) \
                and not detector.would_ring(shown, spike):
            # most of it held back by a silence, mute or quiet hours: counted, not shown
            log.info("spike on %s %s held back: %d of its %d posts were delivered (%s)",
                     spike.kind, spike.key, shown, spike.count, spike.explain())
            return None
        if spike.back_of is not None:
            return self._back(spike, posted, fx, now=now)
        where = self.keyword_channel if spike.kind == "keyword" else channels.get(key)
        if where is None:
            log.info("spike on %s %s: no channel for it (%s)", spike.kind, spike.key,
                     spike.explain())
            return None
        self.posted.append(spike)
        card = spike_card(spike)
        if muted_at is not None:
            said = shown_at(muted_at, self.zones.get(where.workspace))
            card = card.model_copy(update={"fields": (*card.fields, CardField(
                name="Found", value=f"{said}, while its spike warnings were muted"))})
        fx.send(OutboxItem.new(key=f"spike:{sid}:{where.workspace}:{where.channel}",
                               workspace=where.workspace, channel=where.channel,
                               card=card, now=now))
        return {"card": card.model_dump(mode="json"), "to": [where.workspace, where.channel]}

    async def _unmuted(self, detector: SpikeDetector, cards: dict[str, dict[str, object]],
                       mutes: Mapping[SpikeKey, object], fx: Effects, *,
                       now: datetime) -> None:
        """The spikes found while their series was muted whose mute has ended (or was
        lifted): one still going is warned of now, as it stands (Alertmanager notifies at a
        silence's end for an alert still firing: a spike found muted was taken as said, and
        one still going when the mute ended was never warned of); one over is left unsaid.
        In the check's one write, as every warning: once, whichever process checks."""
        for sid, record in list(cards.items()):
            held = record.get("muted")
            if not isinstance(held, dict):
                continue
            key = (str(held.get("kind")), str(held.get("key")))
            if spike_mutes.is_muted(mutes, key):
                continue
            rest = {k: v for k, v in record.items() if k != "muted"}
            cards[sid] = rest
            s = detector.series.get(key)
            if s is None or s.burst is None or \
                    s.burst.spike_id(*key, detector.bucket_seconds) != sid:
                continue  # over while muted: nothing is going on to warn of
            spike = detector.going(key, now)
            if spike is None:
                continue
            posted = _posted(rest, sid)[0] is not None  # a return of a spike warned of
            try:
                at = datetime.fromisoformat(str(held.get("at")))
            except ValueError:
                at = now
            warned = await self._warn(detector, replace(spike, back_of=sid if posted else None),
                                      fx, sid=sid, posted=rest, now=now,
                                      muted_at=None if posted else at)
            if warned is not None:
                cards[sid] = warned

    async def _subscription_limits(self, detector: SpikeDetector) -> dict[SpikeKey, Limits]:
        """Each subscription series' own thresholds (``subscribe ... spikes.min_count=3``),
        read at each check in one read of the subscriptions counted: a change applies at the
        next one."""
        ids = [key for kind, key in detector.series if kind == "subscription"]
        subs = await self.reads.get_subscriptions(ids) if ids else []
        return {("subscription", s.id): s.spikes.limits() for s in subs
                if s.spikes is not None}

    async def _cards(self) -> dict[str, dict[str, object]] | None:
        """The cards of the spikes not yet over, by spike id; None when unreadable (then
        written afresh, and the spikes going on end unsaid)."""
        raw = await self.reads.get_cursor(K.SPIKE_CARDS)
        try:
            cards = loads(raw) if raw else {}
        except ValueError:
            cards = None
        if not isinstance(cards, dict):
            log.warning("spike cards unreadable; the spikes going on end unsaid")
            return None
        return cards

    def _ended(self, end: SpikeEnd, posted: dict[str, object] | None, fx: Effects, *,
               now: datetime) -> None:
        """The card of a spike that is over, edited where it was posted, a line in its
        thread; its outbox key is the end's (and its return's, once back), so a decision run
        again queues it once."""
        card, to = _posted(posted, end.spike_id)
        if card is None or to is None or (posted or {}).get("ended"):
            log.info("spike on %s %s ended %s (its card was not posted)", end.kind, end.key,
                     end.says(shown_at(end.end)))
            return
        workspace, channel = to
        when = shown_at(end.end, self.zones.get(workspace))
        again = f":{posted.get('back')}" if posted and posted.get("back") else ""
        fx.send(OutboxItem.new(key=f"spike:{end.spike_id}:ended{again}:{workspace}:{channel}",
                               workspace=workspace, channel=channel,
                               card=ended_card(card, end, when=when), now=now, update=True))

    def _back(self, spike: Spike, posted: dict[str, object] | None, fx: Effects, *,
              now: datetime) -> dict[str, object] | None:
        """A spike back within its cooldown after its end was said: its card edited back as
        it was warned of, a line in its thread saying so; no new card (one spike, one). Its
        record as it is now, None when its card was not posted."""
        assert spike.back_of is not None
        card, to = _posted(posted, spike.back_of)
        if card is None or to is None or posted is None or not posted.get("ended"):
            log.info("spike on %s %s back: %s (its card was not posted)", spike.kind,
                     spike.key, spike.explain())
            return None
        workspace, channel = to
        was = posted.get("back")
        back = (was if isinstance(was, int) else 0) + 1
        note = f"Spike back {shown_at(now, self.zones.get(workspace))}: {spike.headline()}"
        fx.send(OutboxItem.new(key=f"spike:{spike.back_of}:back:{back}:{workspace}:{channel}",
                               workspace=workspace, channel=channel,
                               card=card.model_copy(update={"thread_note": note}), now=now,
                               update=True))
        return {**posted, "ended": False, "back": back}

    async def _begun(self, key: SpikeKey, started: float) -> float | None:
        """When a series first seen now began, if after the detector did: a subscription
        made since, or a keyword its first post matched for a subscription made since (the
        keyword is new to the detector because the subscription is). Judged from then on, a
        warm-up later: a subscription on a busy topic was a spike at once, "vs almost none
        usual", it and its keyword (a review of spikes, 2026-12-06). A keyword of the rules
        that never matched before, then a handful, is news, as before."""
        subs: list[str] = []
        if key[0] == "subscription":
            subs = [key[1]]
        elif key[0] == "keyword":
            ids = (await self.reads.group_items(_samples(key)))[:1]
            first = await self.reads.get_signal(ids[0]) if ids else None
            subs = [h.subscription_id for h in (first.routes if first else ())
                    if h.subscription_id]
        begun = [sub.created_at.timestamp() for sid in subs
                 if (sub := await self.reads.get_subscription(sid)) is not None]
        newest = max(begun, default=None)
        return newest if newest is not None and newest > started else None

    async def _driven(self, spike: Spike) -> Spike:
        """``spike`` with the post most of it answers read: its address and author."""
        d = spike.driver
        if d is None or d.kind != "post":
            return spike
        answered = await self.reads.get_signal(d.target)
        if answered is None:
            return spike
        author = answered.mention.author
        return replace(spike, driver=replace(d, url=answered.mention.url,
                                             author=author.shown()))

    async def _recent(self, key: SpikeKey, fx: Effects, channels: dict[SpikeKey, ChannelRef]
                      ) -> tuple[list[Sample], list[Origin], list[Subject], list[str | None]]:
        """The series' latest posts as samples; who wrote them, in what language, where; what
        each answers or shares; their addresses."""
        ids = (await self.reads.group_items(_samples(key)))[-SAMPLES_KEPT:]
        out: list[Sample] = []
        origins: list[Origin] = []
        subjects: list[Subject] = []
        urls: list[str | None] = []
        kept = await self.reads.get_signals(ids)  # one read, each parsed in turn
        for sid in ids:
            signal = kept.get(sid)
            if signal is None:
                continue
            for hit in signal.routes:
                hk: SpikeKey = (("subscription", hit.subscription_id) if hit.subscription_id
                                else ("route", hit.route))
                if hk == key:
                    channels[key] = ChannelRef(workspace=hit.workspace, channel=hit.channel)
            at = int(signal.mention.created_at.timestamp()) // BUCKET
            out.append((at, signal.mention.text, signal.sentiment.compound,
                        tuple(signal.keywords)))
            origins.append((at, signal.mention.author.shown(),
                            signal.language, display_name(signal.mention.network)))
            m = signal.mention
            about = [f"link:{u}" for u in m.links]
            if m.reply_to:
                about.append(f"post:{m.network}:{m.reply_to}")
            if words := same_words(m.text):
                about.append(f"text:{words}")
            subjects.append((at, tuple(about)))
            urls.append(m.url)
        return out, origins, subjects, urls


def _posted(posted: dict[str, object] | None, spike_id: str
            ) -> tuple[Card | None, tuple[str, str] | None]:
    """The warning card of a spike's record in ``keys.SPIKE_CARDS``, and where it went."""
    to = posted.get("to") if posted else None
    if not posted or not isinstance(to, list) or len(to) != 2:
        return None, None
    try:
        return Card.model_validate(posted.get("card")), (str(to[0]), str(to[1]))
    except ValueError:
        log.warning("spike %s: its card unreadable; its end unsaid", spike_id)
        return None, None
