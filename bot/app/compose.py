"""The composition root: builds every part of a bot process from a loaded config, and closes
them. ``async with open_app(loaded) as app:`` opens the store, the workspaces (with their
inbound chat connections when asked), the HTTP client and the sources, and closes them in
reverse order on leaving, also when building or the body fails.

Nothing else in socialops knows the concrete classes; everything else receives its collaborators.
Vendor workspaces and network adapters are imported only when the config uses them.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx

from bot.app.chat import Chat, LateHandler, answer_fit, build_chat, discord_workspace
from bot.app.escalations import escalation_policies
from bot.app.logs import config_secrets
from bot.app.post_ids import mention_id_of, stored_addresses
from bot.app.runtime import Runtime
from bot.core import keys as K
from bot.core import networks
from bot.core.accounts import Accounts
from bot.core.cards import OutboxItem
from bot.core.config import (
    Config,
    ConsoleWorkspaceConfig,
    DiscordWorkspaceConfig,
    LoadedConfig,
    SlackWorkspaceConfig,
    SourceBase,
    StoreConfig,
    backfill_note,
)
from bot.core.durations import next_boundary
from bot.core.effects import Effects
from bot.core.errors import (
    NotThere,
    PostGone,
    RateLimited,
    SocialopsError,
    SourceError,
    StoreUnavailable,
    rate_wait,
)
from bot.core.lookalikes import lookalike_fold
from bot.core.metrics import Metrics
from bot.core.models import (
    WEEKDAYS,
    Author,
    ChannelRef,
    Correction,
    Mention,
    MessageRef,
    Signal,
    Subscription,
)
from bot.core.oncall import schedules
from bot.core.ports import (
    Clock,
    LookupSource,
    Publisher,
    Source,
    SourceCursorStore,
    Store,
    Workspace,
)
from bot.core.redact import Redaction
from bot.core.settings import Settings, environ
from bot.core.text import code_span, fold, normalise, shell_word, shown_id, truncate
from bot.core.when import shown_at
from bot.engine.cursors import DeferredCursors
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox, Sleep, dead_hint
from bot.engine.pipeline import POISON_AFTER, Pipeline
from bot.engine.router import LiveRouter
from bot.engine.timers import Timers
from bot.engine.uptime import Uptime
from bot.enrich.summary import DigestSummary
from handlers import spike_mutes
from handlers.approvals import ApprovalService
from handlers.assist import Assist
from handlers.audit import Audit
from handlers.cards import notice_card
from handlers.completions import IdCompletions
from handlers.deliveries import Deliveries
from handlers.digest_wait import DigestWait
from handlers.dispatch import Dispatcher
from handlers.drafts import Planner
from handlers.erasure import Erasure
from handlers.home import HomeService
from handlers.identity import Directory
from handlers.labels import Labels
from handlers.linking import LinkService
from handlers.oncall import Handoffs, OnCallBoard
from handlers.overrides import ChatOverrides, OverrideDesk, live
from handlers.preview import Post, Preview, SpikeDefaults
from handlers.queue import TicketQueue
from handlers.receipts import Receipts, channel_names
from handlers.report_verb import TeamReports
from handlers.routing import Batch, RouteActions
from handlers.source_health import STREAM_INTERVAL, PollHealth, SourceHealth, Watched
from handlers.spikes import SpikeChecker
from handlers.spikes import count as spike_count
from handlers.subscriptions import SubscriptionService
from handlers.tickets import TicketService
from handlers.why import LookedUp, SourceInfo, Why, network_of
from integrations.console.workspace import ConsoleWorkspace
from integrations.llm.endpoint import ChatClient, DigestWriter, ModelEndpoint, endpoint_from_config
from integrations.replay.config import ReplaySourceConfig
from integrations.replay.source import ReplayPublisher, build_replay_source
from integrations.social.common.capped import capped_client
from integrations.social.common.own import OwnAccounts
from integrations.social.common.sessions import SessionVault
from rules import (
    RuleSet,
    canonical_query,
    compile_router,
    empty_ruleset,
    load_rules,
    validate_query,
)
from rules.postings import DIGEST_SECONDS

if TYPE_CHECKING:  # redis is imported where a Redis store is opened, not by every process
    from bot.store.queue import MentionQueue

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    loaded: LoadedConfig
    store: Store
    clock: Clock
    metrics: Metrics
    workspaces: dict[str, Workspace]
    applier: Applier
    outbox: Outbox
    timers: Timers
    directory: Directory
    audit: Audit
    tickets: TicketService
    approvals: ApprovalService
    subscriptions: SubscriptionService
    actions: RouteActions
    router: LiveRouter
    enricher: Any
    pipeline: Pipeline
    dispatcher: Dispatcher
    http_client: httpx.AsyncClient
    spikes: SpikeChecker | None = None
    health: SourceHealth | None = None
    receipts: Receipts | None = None
    handoffs: Handoffs | None = None
    why: Why | None = None
    erasure: Erasure | None = None  # `forget`: one person's data erased
    deliveries: Deliveries | None = None
    labels: Labels | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    cursors: dict[str, DeferredCursors] = field(default_factory=dict)
    publishers: dict[str, Publisher] = field(default_factory=dict)
    owner: str = "main"
    queue: MentionQueue | None = None  # Redis: the mention stream shared by all processes
    links: LinkService | None = None
    chats: list[Chat] = field(default_factory=list)  # inbound Slack and Discord connections
    closing: AsyncExitStack = field(default_factory=AsyncExitStack)
    home: HomeService | None = None  # a person's home screen (Slack's App Home)
    uptime: Uptime | None = None  # the outages before this process started, its beat
    started: bool = False  # App.start ran
    ready: bool = False  # App.start finished: the router built, the models warm

    @property
    def config(self) -> Any:
        return self.loaded.config

    def channel_ref(self, name: str) -> tuple[str, str]:
        ch = self.config.channels[name]
        return ch.workspace, ch.id

    async def prepare(self) -> None:
        """What answering chat needs before ``start`` builds the router: who is whom (the
        chat links; the router's full build reads them again)."""
        if self.links is not None:
            await self.links.load()

    async def start(self, *, timers: bool = True) -> None:
        """Before routing: the current routing state (the router, built on a worker thread),
        models warm (off the event loop, so the first mention does not pay for loading
        them), and the recurring timers armed. Once per app: a second call returns at once;
        ``ready`` once it has finished. ``timers``: this process fires them (not ``web``)."""
        if self.started:
            return
        self.started = True
        if self.uptime is not None:  # before any post is read: which digest windows it missed
            await self.uptime.starting(timers=timers)
        # before any post is decided: the digests' windows end on the schedule started last
        await self.actions.record_schedule()
        if self.queue is not None:  # before anything is queued that no process could read
            from bot.store.redis import RedisStore, queue_problem

            assert isinstance(self.store, RedisStore)
            if problem := await queue_problem(self.store.r, self.store.url,
                                              prefix=self.store.k.prefix):
                raise StoreUnavailable(problem)
        await self.router.refresh(force=True)  # its listeners load the chat links too
        warm = getattr(self.enricher, "warm", None)
        if warm is not None:
            await asyncio.to_thread(warm)
        # every network's package (imported on first use: a card names its network)
        await asyncio.to_thread(lambda: [networks.display_name(n) for n in networks.known()])
        fx = Effects()
        for recurring in (self.spikes, self.health, self.receipts, self.handoffs):
            if recurring is not None:
                recurring.arm(fx)
        if self.handoffs is not None:  # says (once) a chat override the file now overlaps
            await live(self.handoffs.schedules, self.handoffs.overrides)
        # snoozes stored before their end was a timer (2026-12-01) end too
        claimed = await self.store.list_tickets(status="claimed")
        self.tickets.arm_snooze_ends([*await self.store.list_tickets(status="open"),
                                      *claimed], fx)
        # claims made before their chain had a claim_timeout (or before this release) time
        # out too
        self.tickets.arm_claim_timeouts(claimed, fx)
        await self.applier.apply(fx)
        self.ready = True

    def runtime(self, *, rng: Any = None,
                on_batch: Callable[[], Any] | None = None,
                advice: Mapping[str, Sequence[str]] | None = None) -> Runtime:
        """The long-running loops over this app's parts. ``advice``: lines to say of a source
        (by id) when this process first polls it."""
        return Runtime(config=self.config, store=self.store, clock=self.clock,
                       metrics=self.metrics, owner=self.owner, timers=self.timers,
                       pipeline=self.pipeline, applier=self.applier, outbox=self.outbox,
                       sources=self.sources, cursors=self.cursors, queue=self.queue,
                       ops=_channel(self.config, self.config.ops_channel), start=self.start,
                       rng=rng, on_batch=on_batch, advice=advice)

    async def close(self) -> None:
        """Close what was built, in reverse order (``open_app`` does this on leaving)."""
        await self.closing.aclose()


async def outage_follows(router: LiveRouter, store: Store, began: datetime,
                         ended: datetime, fires: bool = True) -> list[str]:
    """What an outage (``began`` to ``ended``) leaves this bot to do late, as the start's log
    line says it: only what it has (a route's or a chat subscription's digest, a ticket
    route's escalation chain, an approved post scheduled in the outage): the line spoke of
    digest windows to a bot that had none, of no escalation step to one that had chains,
    and of no post to one whose accounts were about to publish hours after their time.
    ``fires``: this process fires timers; a ``web`` process, which fires none, said they
    fired now while no worker ran: it says they wait for one."""
    said = []
    later = "once a worker runs"
    settings = [s for _, s, _, _ in router.ruleset.walk()]
    if any(s.action == "digest" for s in settings) or any(
            _digest_subscription(raw) for raw in await store.list_raw(K.SUBSCRIPTION)):
        said.append("digest windows that ended then are posted late, each its own card"
                    if fires else f"digest windows that ended then are posted late {later}")
    if any(s.action == "ticket" and s.escalation for s in settings):
        said.append("escalation steps due then fire now, once each, saying how late"
                    if fires else f"escalation steps due then fire {later}")
    if any(a.publish_at is not None and began <= a.publish_at < ended
           for a in await store.list_approvals(status="approved")):
        said.append("approved posts scheduled then publish now, once each, saying how late"
                    if fires else f"approved posts scheduled then publish {later}")
    return said


def _digest_subscription(raw: str) -> bool:
    """A stored subscription that collects a digest (one unreadable is none: the router's
    build says it)."""
    if '"digest"' not in raw:  # most are not: no parse of every one
        return False
    try:
        return Subscription.model_validate_json(raw).mode == "digest"
    except ValueError:
        return False


def poison_notice(ops: ChannelRef | None, clock: Clock, mention: Mention, reason: str,
                  fx: Effects) -> None:
    """A mention set aside after failing again and again: said once in the ops channel, in the
    same write as the dead letter."""
    if ops is None:
        return
    key = f"ops:dead-mention:{mention.id}"
    fx.send(OutboxItem.new(
        key=f"{key}@{ops.channel}", workspace=ops.workspace, channel=ops.channel, now=clock(),
        card=notice_card(key, f"A mention from {mention.source} was set aside",
                         f"{shown_id(mention.id)} failed {POISON_AFTER} times and is not "
                         f"retried on its own: {truncate(reason, 300)}. The source moves on. "
                         f"{code_span('why ' + mention.id)} shows its trace; once the cause is "
                         f"fixed, `socialops dead retry {shell_word(mention.id)}` processes it "
                         "again, once.")))


def _adhoc_mention(text: str, now: datetime) -> Mention:
    """Text typed after ``explain``, as a post: cleaned as the pipeline cleans posts, so the
    answer is what production would route."""
    return normalise(Mention(id="explain:adhoc", network="rss", source="explain", text=text,
                             author=Author(id="explain", handle="explain"), created_at=now))


def process_owner(loaded: LoadedConfig, env: Mapping[str, str]) -> str:
    """Who holds leases. On Redis each process is its own owner, so a dead one's leases expire
    and another takes over: the host and pid, and a random part drawn at start, since
    containers given one fixed host name all run as pid 1. SQLite serves one process per
    database file, so the owner is the host and file: a restarted process takes its own
    leases back at once."""
    host = os.uname().nodename
    cfg = loaded.config.store
    if cfg.backend == "redis" or (cfg.backend is None and Settings.read(env).redis_url):
        return f"{host}:{os.getpid()}:{secrets.token_hex(4)}"
    return f"{host}:sqlite:{os.path.abspath(cfg.path)}"


def timer_lease(cfg: Config) -> float:
    """How long a timer stays with the process that took it. A handler still running when it
    ends loses the timer (its write is refused, ``bot.engine.timers``), so it outlasts the
    endpoint calls a handler makes (a digest's summary, a translation) twice over: a slow but
    working endpoint must not leave a digest passed from process to process until it is set
    aside."""
    calls = [c.timeout for c in (cfg.digest_summary, cfg.model_endpoint) if c.url]
    return max(60.0, float(cfg.store.lease_seconds), *(2 * t for t in calls))


def config_rules(loaded: LoadedConfig, *, now: datetime) -> RuleSet:
    """The config's rules file as ``run`` loads it, or no rules: a silence that ended before
    ``now`` is one warning and left out (``check`` refuses it)."""
    path = loaded.rules_path()
    if not path:
        return empty_ruleset()
    return load_rules(path, channels=loaded.config.channels,
                      escalations=set(escalation_policies(loaded)),
                      people=loaded.people_ids(), groups=loaded.group_names(), now=now)


def build_workspaces(loaded: LoadedConfig, *, out: TextIO | None, record_path: Path | None,
                     inbound: LateHandler | None = None,
                     identity: Callable[[str, str], str | None] | None = None,
                     completions: IdCompletions | None = None,
                     marks: Store | None = None,
                     clock: Clock | None = None) -> dict[str, Workspace]:
    """``inbound``: the handler a workspace whose one client also receives (Discord) is built
    with, when this process serves chat; ``marks``: the store, where its previews wait."""
    workspaces: dict[str, Workspace] = {}
    for wc in loaded.config.workspaces:
        if isinstance(wc, ConsoleWorkspaceConfig):
            record = record_path or (loaded.resolve(wc.record) if wc.record else None)
            workspaces[wc.name] = ConsoleWorkspace(wc.name, out=out, record_path=record,
                                                   width=wc.width)
        elif isinstance(wc, SlackWorkspaceConfig):
            from integrations.slack.workspace import SlackWorkspace

            workspaces[wc.name] = SlackWorkspace(wc)
        elif isinstance(wc, DiscordWorkspaceConfig):
            workspaces[wc.name] = discord_workspace(wc, handler=inbound, identity=identity,
                                                    completions=completions, marks=marks,
                                                    clock=clock)
    return workspaces


@asynccontextmanager
async def open_app(loaded: LoadedConfig, *, clock: Clock = utc_now,
                   env: Mapping[str, str] | None = None, out: TextIO | None = None,
                   record_path: Path | None = None, store: Store | None = None,
                   owner: str | None = None, workspaces: dict[str, Workspace] | None = None,
                   chat: bool = False, sleep: Sleep | None = None,
                   rules: RuleSet | None = None, read_only: bool = False,
                   ) -> AsyncIterator[App]:
    """Everything built, closed on leaving. A ``store`` or ``workspaces`` passed in are the
    app's to close too. ``chat``: build the inbound Slack and Discord connections
    (``App.chats``) for ``socialops run`` to connect. ``sleep``: how the outbox waits out a
    channel's rate limit (the demo's simulated time). ``rules``: the rules file read already
    (``config_rules``; ``run`` reads it before it asks Slack or Discord anything).
    ``read_only``: for a command that only reads the store (``why``, ``outbox list``,
    ``report``): a store of an earlier release's layout is left as it is (``open_store``).
    Sources read their backfill window as ``loaded`` says (``LoadedConfig.as_read``)."""
    app = await _build_app(loaded, clock=clock, env=env, out=out, record_path=record_path,
                           store=store, owner=owner, workspaces=workspaces, chat=chat,
                           sleep=sleep, rules=rules, read_only=read_only)
    try:
        yield app
    finally:
        await app.close()


async def _build_app(loaded: LoadedConfig, *, clock: Clock, env: Mapping[str, str] | None,
                     out: TextIO | None, record_path: Path | None, store: Store | None,
                     owner: str | None, workspaces: dict[str, Workspace] | None, chat: bool,
                     sleep: Sleep | None, rules: RuleSet | None, read_only: bool) -> App:
    """Every part, each one's closing pushed on the app's stack as it is built: what fails
    closes what was built before it."""
    from bot.enrich import Enricher
    from bot.enrich.author import AuthorContextBuilder
    from bot.store import open_store

    env = environ() if env is None else env
    cfg = loaded.config
    metrics = Metrics()
    closing = AsyncExitStack()
    if store is None:
        store = await open_store(cfg.store, redis_url=Settings.read(env).redis_url, clock=clock,
                                 read_only=read_only)
    closing.push_async_callback(store.close)
    owner = owner or process_owner(loaded, env)
    try:
        directory = Directory(cfg.people, cfg.groups, consoles=frozenset(
            w.name for w in cfg.workspaces if w.type == "console"))
        identity = partial(person_id, directory)
        inbound = LateHandler(lambda: dispatcher) if chat else None
        rotations = schedules(cfg.schedules)
        chat_overrides = ChatOverrides(store)  # `oncall primary cover 2h`, every process's
        # ticket and approval ids and schedule names, as a person types one
        completions = IdCompletions(store, schedules=rotations, clock=clock,
                                    overrides=chat_overrides, zones={
                                        w.name: w.timezone for w in cfg.workspaces
                                        if w.timezone is not None})
        ws = workspaces if workspaces is not None else build_workspaces(
            loaded, out=out, record_path=record_path, inbound=inbound, identity=identity,
            completions=completions, marks=store, clock=clock)
        for workspace in ws.values():
            _close_on_exit(closing, workspace)
            accounts = getattr(workspace, "accounts", None)
            if isinstance(accounts, Accounts):  # whose accounts are gone, kept on our clock
                accounts.clock = partial(_seconds, clock)
        applier = Applier(store, metrics=metrics)
        ops = _channel(cfg, cfg.ops_channel)
        outbox = Outbox(store, ws, clock=clock, config=cfg.outbox, owner=owner, metrics=metrics,
                        lease_seconds=cfg.store.lease_seconds, resolve_mentions=directory.resolve,
                        ops=ops, sleep=sleep or asyncio.sleep,
                        refs_seconds=cfg.store.retention.message_refs_days * 86400,
                        redact=Redaction(config_secrets(cfg)))
        applier.on_commit.append(outbox.committed)
        audit = Audit(clock=clock)
        policies = escalation_policies(loaded)
        link = partial(card_link, ws)
        # each workspace's clock, where its cards and answers say a time beside UTC
        zones = {w.name: w.timezone for w in cfg.workspaces if w.timezone is not None}
        # the outages before this process started (read at its start), and its beat; the
        # router, made below, says what an outage left to do late (``outage_follows``)
        uptime = Uptime(store, applier, clock=clock,
                        follows=lambda began, ended, fires: outage_follows(router, store, began,
                                                                           ended, fires))
        # chain name: its claim_timeout (how long a claim holds one of its tickets)
        claim_timeouts = {e.name: timedelta(minutes=e.claim_timeout)
                          for e in cfg.escalations if e.claim_timeout is not None}
        tickets = TicketService(store, applier, clock=clock, audit=audit, directory=directory,
                                escalations=policies, channels=cfg.channels, metrics=metrics,
                                link=link, schedules=rotations, overrides=chat_overrides,
                                zones=zones, left=partial(account_left, ws),
                                group_left=partial(group_left, ws), down_at=uptime.down_at,
                                claim_timeouts=claim_timeouts,
                                route_chains=lambda: router.ruleset.route_chains())  # noqa: PLW0108
        # every response bounded in size, decoded size included (a feed URL serving a disk
        # image or a gzip bomb must not take the process down): see CappedTransport
        http_client = capped_client(timeout=httpx.Timeout(20.0),
                                    headers={"User-Agent": "socialops/0.1"})
        closing.push_async_callback(http_client.aclose)
        vault = SessionVault(store)  # one an app: its source and publisher share a login
        publishers = build_publishers(loaded, client=http_client, clock=clock, sessions=vault)
        cursors, sources = build_sources(loaded, store=store, client=http_client, clock=clock,
                                         sessions=vault)
        for source in sources.values():
            _close_on_exit(closing, source)
        approvals = ApprovalService(store, applier, clock=clock, audit=audit, directory=directory,
                                    config=cfg.approvals, channels=cfg.channels,
                                    publishers=publishers, owner=owner, link=link,
                                    zones=zones, redact=Redaction(config_secrets(cfg)),
                                    left=partial(account_left, ws))
        ruleset = rules if rules is not None else config_rules(loaded, now=clock())
        router = LiveRouter(store, ruleset, clock=clock, metrics=metrics)
        # Discord's mute target offers the routes (built before the router, with the chats)
        completions.routes = router.route_names

        def routing_changed(fx: Effects) -> None:
            if fx.routing:  # this process's own change: catch up now, not at the next batch
                task = asyncio.get_running_loop().create_task(router.refresh())
                _background.add(task)
                task.add_done_callback(_background.discard)

        applier.on_commit.append(routing_changed)
        enricher = Enricher()

        def preview_matcher(sub: Subscription) -> Callable[[Post], bool]:
            """The subscription compiled as the live router compiles it, alone: whether a
            rules-file route dropped the post is in its trace already (the preview skips
            those), and asking every route again would run the intent model on every post.
            The same enrichment, asked only when the subscription's keywords match."""
            alone = compile_router(empty_ruleset(), [sub])
            keywords = alone.index

            def fires(post: Post) -> bool:
                # most posts hold none of its keywords: the router's first step, alone, first
                # (the text folded, and read with its Latin lookalikes as Latin letters)
                if not keywords.find(fold(post.text)):
                    look = lookalike_fold(post.text)
                    if look is None or not keywords.find(look.folded):
                        return False
                # stored traces were validated when written: construct, do not validate again
                mention = Mention.model_construct(
                    id=post.id, network=post.network, source=post.source, text=post.text,
                    language=post.language, created_at=post.at,
                    author=Author.model_construct(id=post.author, handle=post.author))
                hits = alone.route(enricher.facts(mention), post.at).hits
                return any(h.subscription_id == sub.id for h in hits)

            return fires

        async def looks_for(keyword: str) -> bool:
            await router.refresh()  # a subscription made a moment ago, in any process
            return router.looks_for(keyword)

        def digest_end(sub: Subscription, at: datetime) -> datetime:
            """The end of the window a digest subscription's match at ``at`` goes into, as
            the router counts it (``digests.at``, on the digests' clock, on a weekly one's
            day: Monday's were counted), said on that clock. On the schedule in force, as
            the router follows it (``follow_schedule``), not this process's config: a
            rolling deploy's newer process's ``digests.at`` is the one the cards come at."""
            every = timedelta(seconds=DIGEST_SECONDS[sub.digest_interval or "hourly"])
            zone = actions.digests.timezone or actions.zones.get(sub.workspace) or "UTC"
            day = WEEKDAYS.index(sub.digest_day) if sub.digest_day else 0
            return next_boundary(at, every, actions.digests.at, zone, day=day).astimezone(
                ZoneInfo(zone))

        async def follow_schedule() -> None:
            await actions.follow_schedule()

        previews = Preview(store, clock=clock, matcher=preview_matcher,
                           days=min(7, int(cfg.store.retention.traces_days)),
                           digest_end=digest_end, follow=follow_schedule, spikes=SpikeDefaults(
                               enabled=cfg.spikes.enabled,
                               window_minutes=cfg.spikes.window_minutes,
                               min_count=cfg.spikes.min_count, threshold=cfg.spikes.threshold,
                               max_p=cfg.spikes.max_p))
        subscriptions = SubscriptionService(store, applier, clock=clock, audit=audit,
                                            validate_query=validate_query,
                                            canonical_query=canonical_query,
                                            route_names=router.route_names,
                                            may_mute_routes=directory.is_lead,
                                            looks_for=looks_for,
                                            channel_problem=partial(channel_problem, cfg, ws),
                                            previews=previews,
                                            discord=cfg.discord_names, zones=zones)
        brands = tuple(w for words in ruleset.rules.brands.values() for w in words)
        llm_cfg = cfg.digest_summary
        llm_hook = None
        if llm_cfg.url:
            writer = DigestWriter(ChatClient(llm_cfg.url, llm_cfg.model,
                                             api_key=llm_cfg.api_key, timeout=llm_cfg.timeout,
                                             metrics=metrics),
                                  http_client)

            async def llm_hook(summary: DigestSummary,
                               signals: Sequence[Signal]) -> DigestSummary:
                text = await writer.write([s.mention.text for s in signals])
                if text is None:
                    log.info("no generated digest summary; using the extractive one")
                    return summary
                return dataclasses.replace(summary, llm_text=text)

        endpoint = endpoint_from_config(cfg.model_endpoint, http_client, metrics=metrics)
        assist = Assist(store, applier, clock=clock, endpoint=endpoint, zones=zones,
                        signal_ttl=int(cfg.store.dedup_ttl_hours * 3600),
                        target=cfg.model_endpoint.translate_to,
                        team_languages=cfg.model_endpoint.team_languages,
                        translate="translate" in cfg.model_endpoint.features)
        actions = RouteActions(store, tickets, applier, clock=clock, ignore_terms=brands,
                               llm=llm_hook, after_card=assist.after_card,
                               digests=cfg.digests, zones=zones, trace_ttl_seconds=int(
                                   cfg.store.retention.traces_days * 86400),
                               down_at=uptime.down_at, timer_lease_seconds=timer_lease(cfg))
        enricher = Enricher()

        async def learn_corrections(_: Sequence[str] | None) -> None:
            """The deployment's corrections (``label`` in chat), all of them, in order: few
            (hundreds), and learnt in milliseconds, on a worker thread."""
            found = []
            for raw in await store.list_raw(K.CORRECTION):
                try:
                    found.append(Correction.model_validate_json(raw))
                except ValueError as exc:
                    log.warning("a stored correction is unreadable (%s); skipping it", exc)
            found.sort(key=lambda c: c.at)
            if found or enricher.corrections:
                await asyncio.to_thread(enricher.replace_corrections, found)

        router.on_corrections = learn_corrections
        spikes = None
        if cfg.spikes.enabled:
            spikes = SpikeChecker(store, applier, cfg=cfg.spikes, clock=clock,
                                  ignore_terms=brands,
                                  keyword_channel=_channel(cfg, cfg.spikes.channel),
                                  zones=zones, hours_zone=cfg.health.hours_zone,
                                  # the router's rules at each check, as a reload left them
                                  route_limits=lambda: router.ruleset.spike_limits())  # noqa: PLW0108

        def count_signal(signal: Signal, fx: Effects, held: Sequence[str] = ()) -> None:
            spike_count(signal, fx, now_ts=clock().timestamp(), held=held,
                        window=cfg.spikes.window_minutes)

        refine = None
        if endpoint is not None and "classify" in cfg.model_endpoint.features:
            refine = partial(refine_labels, router=router, enricher=enricher,
                             endpoint=endpoint, within=cfg.model_endpoint.timeout)
        pipeline = Pipeline(store=store, tx=applier, facts=enricher.facts, router=router,
                            actions=actions, clock=clock, new_batch=Batch,
                            author_history=AuthorContextBuilder(store),
                            count_signal=count_signal if spikes is not None else None,
                            metrics=metrics,
                            dedup_ttl_seconds=int(cfg.store.dedup_ttl_hours * 3600),
                            trace_ttl_seconds=int(cfg.store.retention.traces_days * 86400),
                            dead_ttl_seconds=int((cfg.store.retention.dead_days or 36600)
                                                 * 86400),
                            refine=refine, on_dead=partial(poison_notice, ops, clock),
                            redact=Redaction(config_secrets(cfg)), reviser=actions)
        async def beat() -> None:
            await uptime.beat()
            # the digests' schedule in force, held while this process runs it (a restarted
            # old process yields to it), taken back when none does (a rollback done)
            await actions.hold_schedule()

        timers = Timers(store, clock=clock, metrics=metrics, lease_seconds=timer_lease(cfg),
                        beat=beat)
        timers.register(K.ESCALATION, tickets.fire_escalation)
        timers.register(K.ESCALATION_NOTICE, tickets.fire_notice)
        timers.register(K.SLA, tickets.fire_sla)
        timers.register(K.SNOOZE, tickets.fire_snooze)
        timers.register(K.CLAIM_TIMEOUT, tickets.fire_claim_timeout)
        timers.register(K.EXPIRY, approvals.expire)
        timers.register(K.PUBLISH, approvals.publish_due)
        timers.register(K.PUBLISH_AT, approvals.publish_due)
        timers.register(K.GROUP_FLUSH, actions.flush)
        timers.register(K.DIGEST_FLUSH, actions.flush)
        if spikes is not None:
            timers.register(K.SPIKE_CHECK, spikes.check)
        health = SourceHealth(store, applier, cfg=cfg.health, clock=clock, ops=ops,
                              sources=[Watched(s.id, STREAM_INTERVAL if getattr(s, "stream", False)
                                               else float(s.interval)) for s in cfg.sources],
                              outages=lambda: uptime.outages)
        timers.register(K.SOURCE_HEALTH, health.check)
        receipts = Receipts(store, applier, cfg=cfg.health, clock=clock, ops=ops,
                            channel_name=channel_names({n: ChannelRef(workspace=c.workspace,
                                                                      channel=c.id)
                                                        for n, c in cfg.channels.items()}))
        timers.register(K.RECEIPT, receipts.fire)
        timers.register(K.TRANSLATE, assist.translate_due)
        announced = {n: ChannelRef(workspace=c.workspace, channel=c.id)
                     for n, c in cfg.channels.items()}
        handoffs = Handoffs(rotations, applier, clock=clock, channels=announced,
                            reachable=lambda ws, person: (
                                ws in directory.consoles
                                or directory.user_of(ws, person) is not None),
                            overrides=chat_overrides, left=partial(account_left, ws),
                            user_of=directory.user_of, down_at=uptime.down_at)
        timers.register(K.HANDOFF, handoffs.fire)

        async def explain(target: str) -> str:
            signal = await store.get_signal(target)
            mention = signal.mention if signal else _adhoc_mention(target, clock())
            await router.refresh()  # chat-made subscriptions and mutes, from any process
            return router.explain(enricher.facts(mention), clock())

        async def explain_mention(mention: Mention) -> str:
            await router.refresh()
            return router.explain(enricher.facts(mention), clock())

        async def lookup(url: str) -> LookedUp:
            return await look_up(url, sources, cfg.sources, clock=clock)

        async def made_after(mention: Mention, since: datetime) -> list[tuple[str, datetime]]:
            await router.refresh()
            ids = [r.removeprefix("sub:") for r in router.fired(enricher.facts(mention), clock())
                   if r.startswith("sub:")]
            subs = await store.get_subscriptions(ids) if ids else []
            return [(s.id, s.created_at) for s in subs if s.created_at > since]

        async def spikes_muted() -> dict[tuple[str, str], tuple[datetime, str]]:
            return spike_mutes.live(await store.list_raw(K.SPIKE_MUTE), clock())

        why = Why(store, explain=explain_mention, lookup=lookup,
                  sources=ConfiguredSources(loaded),
                  health=partial(health_of, health, [s.id for s in cfg.sources]),
                  hint=dead_hint, channel_name=receipts.channel_name,
                  set_aside=stream_set_aside(store), ids_of=mention_id_of,
                  stored_at=partial(stored_addresses, web_urls=[
                      str(getattr(s, "web_url", "")) for s in cfg.sources
                      if s.type == "bluesky" and getattr(s, "web_url", None)]),
                  made_after=made_after, kept_days=cfg.store.retention.traces_days,
                  clock=clock, digest=DigestWait(store, actions=actions, clock=clock).said,
                  spike_mutes=spikes_muted)

        async def status() -> str:
            counts = await store.outbox_counts()
            open_t = await store.count_by_status(K.TICKET, "open")
            claimed = await store.count_by_status(K.TICKET, "claimed")
            pending = await store.count_by_status(K.APPROVAL, "pending")
            healths = await health.describe(list(sources))
            listed = ", ".join(f"{sid} ({healths[sid]})" for sid in sources)
            outbox = ", ".join(f"{state} {n}" for state, n in counts.items())
            muted = spike_mutes.listed(spike_mutes.live(await store.list_raw(K.SPIKE_MUTE),
                                                        clock()))
            return (f"sources: {listed or 'none'}; outbox {outbox}; tickets open "
                    f"{open_t}, claimed {claimed}; approvals pending {pending}"
                    + (f"; {muted}" if muted else ""))

        labels = Labels(store, applier, clock=clock, audit=audit, zones=zones,
                        signal_ttl=int(cfg.store.dedup_ttl_hours * 3600))
        deliveries = Deliveries(store, clock=clock, audit=audit, hint=dead_hint,
                                channel_name=receipts.channel_name, ops=ops,
                                dead_days=cfg.store.retention.dead_days, zones=zones)
        queue = TicketQueue(store, clock=clock, directory=directory, channels=cfg.channels,
                            why=why, link=link, claim_timeouts=claim_timeouts,
                            route_chains=lambda: router.ruleset.route_chains())  # noqa: PLW0108
        links = LinkService(store, applier, clock=clock, audit=audit, directory=directory,
                            admins=ops or _channel(cfg, cfg.approvals.channel),
                            email_of=partial(email_of, ws), owner_of=partial(owner_of, ws))
        router.listeners.append(links.changed)
        erasure = Erasure(store, actions, clock=clock,
                          dedup_ttl=int(cfg.store.dedup_ttl_hours * 3600),
                          traces_ttl=int(cfg.store.retention.traces_days * 86400))
        dispatcher = Dispatcher(reads=store, applier=applier, clock=clock, audit=audit,
                                directory=directory, tickets=tickets, approvals=approvals,
                                subscriptions=subscriptions, explain=explain, status=status,
                                metrics=metrics, why=why, deliveries=deliveries,
                                labels=labels, assist=assist, queue=queue, links=links,
                                platforms={w.name: w.type.capitalize() for w in cfg.workspaces},
                                oncall=OnCallBoard(rotations, clock=clock, desk=OverrideDesk(
                                    store, applier, clock=clock, directory=directory,
                                    audit=audit, channels=announced,
                                    config_file=loaded.path.name if loaded.path else
                                    "socialops.yaml", arm=Handoffs.arm_at,
                                    left=partial(account_left, ws)), zones=zones),
                                reports=TeamReports(store, clock=clock,
                                                    fit=answer_fit(cfg.workspaces),
                                                    zones=zones),
                                saved_replies=cfg.replies, erasure=erasure,
                                drafts=Planner(store, clock=clock, link=link,
                                               fit=answer_fit(cfg.workspaces)))
        home = HomeService(store, queue=queue, approvals=approvals, person_of=dispatcher.person,
                           channels=cfg.channels, clock=clock, link=link, schedules=rotations,
                           overrides=chat_overrides)
        chats = [c for wc in (cfg.workspaces if chat else ())
                 if (c := build_chat(wc, ws[wc.name], handler=dispatcher, identity=identity,
                                     mark_seen=store.mark_seen, forget_seen=store.forget_seen,
                                     is_seen=store.is_seen,
                                     clock=clock, home=home,
                                     completions=completions)) is not None]
        for c in chats:
            closing.push_async_callback(_disconnect, c)
        app = App(loaded=loaded, store=store, clock=clock, metrics=metrics, workspaces=ws,
                  applier=applier, outbox=outbox, timers=timers, directory=directory,
                  audit=audit, tickets=tickets, approvals=approvals, subscriptions=subscriptions,
                  actions=actions, router=router, enricher=enricher, pipeline=pipeline,
                  dispatcher=dispatcher, http_client=http_client, spikes=spikes,
                  health=health, receipts=receipts, handoffs=handoffs, why=why, erasure=erasure,
                  deliveries=deliveries,
                  labels=labels, links=links, home=home,
                  sources=sources, cursors=cursors, publishers=publishers, owner=owner,
                  uptime=uptime,
                  queue=build_queue(store, cfg.store, owner=owner), chats=chats,
                  closing=closing)
        return app
    except BaseException:
        await closing.aclose()
        raise


def _close_on_exit(closing: AsyncExitStack, part: object) -> None:
    closer = getattr(part, "close", None)
    if closer is not None:
        closing.push_async_callback(closer)


async def _disconnect(chat: Chat) -> None:
    # a connection that fails to close is logged, so the rest still close and the process
    # stops cleanly
    try:
        await chat.close()
    except Exception:
        log.exception("stopping the chat connection of %s failed", chat.name)


def person_id(directory: Directory, workspace: str, user: str) -> str | None:
    """Who a chat user is, for the inbound connections."""
    person = directory.person_for(workspace, user)
    return person.id if person else None


_background: set[asyncio.Task[bool]] = set()


def undeclared_channel(cfg: Any, workspace: str, channel: str) -> str | None:
    """Why a subscription cannot bind to this console channel (None when it can). A console
    has no channels of its own: it must be one declared under ``channels:``. Slack and
    Discord channels exist on their platform, so any channel the person is in will do."""
    wc = next((w for w in cfg.workspaces if w.name == workspace), None)
    if not isinstance(wc, ConsoleWorkspaceConfig):
        return None
    mine = {c.id: name for name, c in cfg.channels.items() if c.workspace == workspace}
    if channel in mine:
        return None
    known = ", ".join(f"#{n}" for n in mine.values()) or "none yet"
    return (f"#{channel} is not declared under channels: for the {workspace} workspace, so "
            f"nothing could be delivered there; subscribe from one of its channels ({known}: "
            f"type `in #name` first), or declare it")


async def channel_problem(cfg: Any, workspaces: Mapping[str, Workspace], workspace: str,
                          channel: str) -> str | None:
    """Why a subscription cannot bind to this channel (None when it can): a console channel
    not declared (``undeclared_channel``), or a Slack channel the bot is not in, where every
    card it matched would be refused (``not_in_channel``) and dead-lettered."""
    problem = undeclared_channel(cfg, workspace, channel)
    if problem is not None:
        return problem
    # a conversation the chat knows it can never post in, whatever is_member can tell (Slack:
    # a direct message between people)
    never = getattr(workspaces.get(workspace), "never_posts_in", None)
    why: str | None = never(channel) if never is not None else None
    if why is not None:
        return why
    ask = getattr(workspaces.get(workspace), "is_member", None)
    if ask is not None and await ask(channel) is False:
        return ("socialops is not in this channel, so nothing could be delivered here; invite "
                "it (/invite @socialops), then subscribe again")
    return None


async def _ask(workspaces: Mapping[str, Workspace], workspace: str, method: str,
               arg: str) -> str | None:
    ask = getattr(workspaces.get(workspace), method, None)
    if ask is None:  # a workspace that cannot say (the console, Discord)
        return None
    found: str | None = await ask(arg)
    return found


async def email_of(workspaces: Mapping[str, Workspace], workspace: str,
                   user: str) -> str | None:
    """The email the workspace vouches for (Slack's users.info)."""
    return await _ask(workspaces, workspace, "email_of", user)


async def owner_of(workspaces: Mapping[str, Workspace], workspace: str,
                   email: str) -> str | None:
    """Who holds ``email`` in the workspace (Slack's users.lookupByEmail)."""
    return await _ask(workspaces, workspace, "user_by_email", email)


def _seconds(clock: Clock) -> float:
    return clock().timestamp()


async def account_left(workspaces: Mapping[str, Workspace], workspace: str, channel: str,
                       user: str) -> str | None:
    """Why ``user``'s account in ``workspace`` can no longer be pinged (Slack's deactivated
    account, a Discord member gone from the server), asked of the workspace as an escalation
    notice goes out; None where the chat cannot say (the console) or the call failed."""
    ask = getattr(workspaces.get(workspace), "left", None)
    if ask is None:
        return None
    try:
        found: str | None = await ask(user, channel=channel)
    except SocialopsError as exc:
        log.info("no answer whether %s left %s: %s", user, workspace, exc)
        return None
    return found


async def group_left(workspaces: Mapping[str, Workspace], workspace: str, channel: str,
                     group: str) -> str | None:
    """Why a ping of the platform group ``group`` in ``workspace`` notifies nobody (a Slack
    user group disabled or empty, a Discord role deleted or held by nobody), asked of the
    workspace as an escalation notice goes out; None where the chat cannot say or the call
    failed (the group is pinged as before)."""
    ask = getattr(workspaces.get(workspace), "group_gone", None)
    if ask is None:
        return None
    try:
        found: str | None = await ask(group, channel=channel)
    except SocialopsError as exc:
        log.info("no answer whether group %s in %s pings anyone: %s", group, workspace, exc)
        return None
    return found


async def card_link(workspaces: Mapping[str, Workspace], ref: MessageRef) -> str | None:
    """A posted card's permalink: the reference's own, else the workspace's answer (Slack's
    chat.getPermalink); None where there are no links (the console) or the call failed."""
    if ref.permalink:
        return ref.permalink
    ask = getattr(workspaces.get(ref.workspace), "permalink", None)
    if ask is None:
        return None
    try:
        found: str | None = await ask(ref)
    except SocialopsError as exc:
        log.info("no permalink for %s in %s: %s", ref.message_id, ref.channel, exc)
        return None
    return found


def _channel(cfg: Any, name: str | None) -> ChannelRef | None:
    ch = cfg.channels.get(name or "")
    return None if ch is None else ChannelRef(workspace=ch.workspace, channel=ch.id)


REFINE_AT_ONCE = 8  # endpoint calls in flight per batch
REFINE_MAX = 200  # posts per batch asked about; the rest keep the embedded model's labels


async def refine_labels(facts: Sequence[Any], *, router: LiveRouter, enricher: Any,
                        endpoint: ModelEndpoint, within: float) -> None:
    """The endpoint's labels for the posts that hold a keyword of the rules (the others cannot
    be routed by their labels), at most ``within`` seconds for the whole batch: what has not
    come back by then keeps the embedded model's labels."""
    candidates = [f for f in facts if router.mentions_keyword(f)][:REFINE_MAX]
    if not candidates:
        return
    gate = asyncio.Semaphore(REFINE_AT_ONCE)

    async def one(f: Any) -> None:
        async with gate:
            await enricher.refine(f, endpoint)

    tasks = [asyncio.ensure_future(one(f)) for f in candidates]
    _, pending = await asyncio.wait(tasks, timeout=within)
    for t in pending:
        t.cancel()
    if pending:
        log.warning("model endpoint: %d of %d posts not classified within %.0f s; they keep "
                    "the embedded model's labels", len(pending), len(candidates), within)


class ConfiguredSources:
    """What ``why`` reads about the configured sources (handlers.why.SourceFacts): each one's
    backfill window as read (``LoadedConfig.as_read``), and the configured one when that is
    longer."""

    def __init__(self, loaded: LoadedConfig) -> None:
        self._loaded = loaded

    def sources_for(self, network: str) -> list[SourceInfo]:
        out = []
        for s in self._loaded.config.sources:
            kind = getattr(s, "network_override", None) or s.type
            if kind == network:
                read = self._loaded.as_read(s)
                out.append(SourceInfo(s.id, kind, int(read.backfill_minutes),
                                      tuple(getattr(s, "queries", ()) or ()),
                                      tuple(getattr(s, "stream_keywords", ()) or ()),
                                      tuple(getattr(s, "hashtags", ()) or ()),
                                      configured_minutes=None if read is s
                                      else int(s.backfill_minutes),
                                      base_url=str(getattr(s, "base_url", "") or "")))
        return out


def _failure(exc: SocialopsError, config: SourceBase) -> str:
    """Why a lookup failed, in words that say what to check: the server it could not reach
    and the key naming it, or the source's own error."""
    from bot.app.reach import cannot_reach, unreachable

    found = unreachable(config, exc) if isinstance(exc, SourceError) else None
    if found is None:  # the server's answer may echo the token it was sent
        return Redaction(config_secrets(config))(str(exc))
    key, reached, why = found
    return cannot_reach(reached, why, f"its {key}" if key else "its URLs")


def _network_of(url: str, configs: Sequence[SourceBase]) -> str | None:
    """``network_of``, and the network of a source whose ``web_url`` (its web client, a
    self-hosted one say) is the address's host: the links its cards show are looked up too."""
    host = _host_of(url)
    for c in configs:
        web = getattr(c, "web_url", None)
        if host and isinstance(web, str) and _host_of(web) == host and c.type != "replay":
            return c.type
    return network_of(url)


def _names_an_item(url: str, sources: Sequence[Source]) -> bool:
    """Whether ``url`` is a Hacker News item's address (``item?id=N``) on the web host of any
    of ``sources``, as their lookups read it."""
    from integrations.social.hackernews.parse import WEB_URL, item_id_of

    return any(item_id_of(url, web) is not None
               for web in {getattr(s, "web_url", WEB_URL) for s in sources}
               if isinstance(web, str))


def _host_of(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower().removeprefix("www.")
    except ValueError:  # "http://[::1": no host
        return ""


def _ask_again(exc: RateLimited, clock: Callable[[], datetime] | None) -> str:
    """When a lookup the network rate-limited may be asked again: the wait it gave, from
    now, to the minute after (nothing without a clock)."""
    if clock is None:
        return ""
    at = clock() + timedelta(seconds=rate_wait(exc.retry_after))
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return f": ask again after {shown_at(at)}"


async def look_up(url: str, sources: Mapping[str, Source],
                  configs: Sequence[SourceBase], *,
                  clock: Callable[[], datetime] | None = None) -> LookedUp:
    """The post at ``url`` from the first source of its network that finds it, for ``why``.
    Only a network whose spec has the "lookup" capability is asked (its sources implement
    ``LookupSource``); replays never are. A source that fails is passed over for the next;
    the first failure is the answer when none finds the post, one the network rate-limited
    with when to ask again (``clock``: now). One that says why it found none (``NotThere``:
    a handle no account has) is said so, not "deleted, not public"."""
    network = _network_of(url, configs)
    if network is None:
        return LookedUp(None, "its address names no post")
    try:
        spec = networks.spec(network)
    except SocialopsError:
        return LookedUp(None, f"{network} is not a network socialops knows")
    if "lookup" not in spec.capabilities:
        return LookedUp(None, f"socialops has no lookup for {spec.display} (its addresses "
                              "name no post it can ask for)" if network == "rss" else
                              f"socialops has no lookup for {spec.display}")
    ids = [c.id for c in configs if c.type == network and c.id in sources]
    if not ids:
        return LookedUp(None, f"no {spec.display} source is configured to ask")
    if network == "hackernews" and not _names_an_item(url, [sources[sid] for sid in ids]):
        # nothing to ask: a source's lookup answers None, said "did not return it" before
        return LookedUp(None, "its address names no Hacker News item: an item's address is "
                              "https://news.ycombinator.com/item?id=NUMBER")
    failed: list[str] = []
    missing: list[str] = []  # sources that found nothing and said why (``NotThere``)
    for sid in ids:
        source = cast(LookupSource, sources[sid])
        try:
            found = await source.lookup(url)
        except PostGone as exc:  # there, taken down by a moderator or the network
            return LookedUp(None, gone=f"{spec.display} says it was {exc}")
        except NotThere as exc:  # said better than "deleted, not public": a handle changed
            missing.append(f"{sid}: {exc}")
            continue
        except SocialopsError as exc:
            log.info("looking up %s on %s failed: %s", url, sid, exc)
            failed.append(f"{sid}: {_failure(exc, next(c for c in configs if c.id == sid))}"
                          + (_ask_again(exc, clock) if isinstance(exc, RateLimited) else ""))
            continue
        if found is not None:
            own, unknown = await _own_post(source, found)
            if unknown:  # the server's own answer may echo the token it was sent
                unknown = Redaction([secret for c in configs for secret in config_secrets(c)])(
                    unknown)
            return LookedUp(found, own=own, own_unknown=unknown)
    if failed:
        return LookedUp(None, "looking it up failed: " + "; ".join(failed) + (
            f"; {spec.display} did not return it: " + "; ".join(missing) if missing else ""))
    if missing:
        return LookedUp(None, f"{spec.display} did not return it: " + "; ".join(missing))
    return LookedUp(None, f"{spec.display} did not return it to {', '.join(ids)} (deleted, not "
                          "public, or not readable with the credentials configured: see the "
                          "lookup table in docs/never-silent.md)")


async def _own_post(source: object, post: Mention) -> tuple[bool, str]:
    """Whether ``post`` is one of the config's own accounts' on its network, which the source
    skips (``common.own``): learnt first where the network tells who they are (Mastodon's
    ``learn_own``, once); and, when it is not known to be, the accounts the network did not
    say who they are (``unknown_own``: its verify_credentials failed) with why, "" for none:
    the post may be theirs."""
    if (learn := getattr(source, "learn_own", None)) is not None:
        await learn()
    own = getattr(source, "own", None)
    if isinstance(own, OwnAccounts) and bool(own) and own.is_own(post):
        return True, ""
    unknown = getattr(source, "unknown_own", None)
    missing: dict[str, str] = unknown() if unknown is not None else {}
    return False, "; ".join(f"{cid}: {why}" for cid, why in missing.items())


async def _rate_limited_until(health: SourceHealth, sid: str,
                              polled: PollHealth | None) -> datetime | None:
    """When a source the network rate-limited polls again, or None: its last poll was not
    rate-limited, or the wait is over. A rate limit is no failed poll (``record_poll`` keeps
    none), only a wait (``record_polled``); a failure's wait is marked as one (``failed``):
    the health record keeps a failure's first time while it repeats alike, so a later one's
    wait, unmarked, read as a rate limit's ("nothing to fix") before 2026-12-06."""
    at = await health.polled_at(sid)
    if at is None or not at.waits or at.failed:
        return None
    try:
        failed = datetime.fromisoformat(polled.at) if polled is not None else None
    except ValueError:
        failed = None
    if failed is not None and failed.tzinfo is not None and failed >= at.at:
        return None  # the failure of that same poll, said as one
    until = at.at + timedelta(seconds=at.waits)
    return until if until > health.clock() else None


async def health_of(health: SourceHealth, source_ids: Sequence[str]) -> dict[str, str]:
    """Each source's latest poll error, as recorded by whichever process polls it (so every
    process answers ``why`` alike); sources whose last poll succeeded are left out, and so is
    one whose record cannot be read (``SourceHealth.poll_health`` says so once)."""
    out: dict[str, str] = {}
    for sid in source_ids:
        polled = await health.poll_health(sid)
        if (waiting := await _rate_limited_until(health, sid, polled)) is not None:
            out[sid] = (f"the network rate-limited its last poll: it polls again at "
                        f"{shown_at(waiting)} and reads then what was posted meanwhile (nothing "
                        "to fix; if it happens often, a longer interval or fewer queries "
                        "spend less)")
            continue
        if polled is None:
            continue
        if polled.error:
            out[sid] = f"its last poll failed at {polled.shown_at()}: {polled.error}"
        elif polled.parts:
            out[sid] = "feeds failing: " + "; ".join(
                f"{url}: {why}" for url, why in polled.parts.items())
    return out


def stream_set_aside(store: Store) -> Callable[[str, str | None], Awaitable[str | None]] | None:
    """What ``why`` says of a post the Redis mention stream set aside (None on SQLite)."""
    from bot.store import on_redis

    if not on_redis(store):
        return None
    from bot.app.dead_letters import stream_of, why_set_aside

    stream = stream_of(store)
    return None if stream is None else partial(why_set_aside, stream)


def build_queue(store: Store, cfg: StoreConfig, *, owner: str) -> MentionQueue | None:
    from bot.store import on_redis

    if not on_redis(store) or not cfg.queue:
        return None
    from bot.store.queue import MentionQueue
    from bot.store.redis import RedisStore

    assert isinstance(store, RedisStore)

    return MentionQueue(store.r, prefix=store.k.prefix, consumer=owner,
                        visibility_seconds=cfg.queue_visibility_seconds,
                        max_deliveries=cfg.queue_max_deliveries, url=store.url)


def build_source(config: SourceBase, *, store: SourceCursorStore, client: httpx.AsyncClient,
                 clock: Clock, peers: Sequence[SourceBase] = (),
                 sessions: SessionVault | None = None,
                 remembered: timedelta | None = None) -> Source:
    """A network's source, from its spec in the registry (``bot.core.networks``).
    ``peers``: every source in the config, so a network with our own accounts on it knows
    all of them (a search-only source drops what the publishing account posted).
    ``sessions``: where a network with the "sessions" capability keeps its login.
    ``remembered``: how long the store keeps a dedup mark, for the "remembers" capability."""
    spec = networks.spec(config.type)
    extra: dict[str, Any] = {"peers": tuple(peers)} if "accounts" in spec.capabilities else {}
    extra.update(_sessions(spec, sessions))
    if remembered is not None and "remembers" in spec.capabilities:
        extra["remembered"] = remembered
    return spec.load_source()(config, store=store, client=client, clock=clock, **extra)


def _sessions(spec: networks.NetworkSpec, vault: SessionVault | None) -> dict[str, Any]:
    return {"sessions": vault} if vault is not None and "sessions" in spec.capabilities else {}


def build_publisher(config: SourceBase, *, client: httpx.AsyncClient, clock: Clock,
                    sessions: SessionVault | None = None) -> Publisher | None:
    """The account's publisher, or None for networks without a posting API (RSS, HN)."""
    spec = networks.spec(config.type)
    factory = spec.load_publisher()
    return None if factory is None else factory(config, client=client, clock=clock,
                                                **_sessions(spec, sessions))


def build_publishers(loaded: LoadedConfig, *, client: httpx.AsyncClient, clock: Clock,
                     sessions: SessionVault | None = None) -> dict[str, Publisher]:
    publishers: dict[str, Publisher] = {}
    for sc in loaded.config.sources:
        if sc.publish == "sandbox":
            from integrations.sandbox.publisher import SandboxPublisher

            network = ((sc.network_override or "*") if isinstance(sc, ReplaySourceConfig)
                       else sc.type)
            publishers[sc.id] = SandboxPublisher(network=network, account=sc.id, clock=clock,
                                                 path=loaded.resolve(sc.sandbox_path))
            continue
        if isinstance(sc, ReplaySourceConfig):
            # Without an override a replay holds every network: its publisher answers for all.
            publishers[sc.id] = ReplayPublisher(network=sc.network_override or "*")
            continue
        pub = build_publisher(sc, client=client, clock=clock, sessions=sessions)
        if pub is not None:
            publishers[sc.id] = pub
    return publishers


def build_sources(loaded: LoadedConfig, *, store: Store, client: httpx.AsyncClient,
                  clock: Clock, sessions: SessionVault | None = None,
                  ) -> tuple[dict[str, DeferredCursors], dict[str, Source]]:
    """The enabled sources by id, each with its cursor transactions; a backfill window
    longer than the dedup window is read as long as that one, said in one log line (unless
    ``loaded`` reads it whole: ``fetch``, a dry look that routes nothing)."""
    base_dir = loaded.path.parent if loaded.path else None
    all_cursors: dict[str, DeferredCursors] = {}
    sources: dict[str, Source] = {}
    ttl = loaded.config.store.dedup_ttl_hours
    for configured in loaded.config.sources:
        if not configured.enabled:
            continue
        sc = loaded.as_read(configured)
        if sc is not configured:
            log.warning("%s", backfill_note(configured, ttl))
        cursors = all_cursors[sc.id] = DeferredCursors(store)
        if isinstance(sc, ReplaySourceConfig):
            sources[sc.id] = build_replay_source(sc, store=cursors, base_dir=base_dir)
            continue
        sources[sc.id] = build_source(sc, store=cursors, client=client, clock=clock,
                                      peers=loaded.config.sources, sessions=sessions,
                                      remembered=timedelta(hours=ttl))
    return all_cursors, sources
