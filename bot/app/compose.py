"""The composition root: builds every part of a bot process from a loaded config.

Nothing else in socialops knows the concrete classes; everything else receives its collaborators.
Vendor workspaces and network adapters are imported only when the config uses them.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import httpx

from bot.core import keys as K
from bot.core.config import (
    ConsoleWorkspaceConfig,
    DiscordWorkspaceConfig,
    LoadedConfig,
    ReplaySourceConfig,
    SlackWorkspaceConfig,
    StoreConfig,
)
from bot.core.effects import Effects
from bot.core.metrics import Metrics
from bot.core.models import ChannelRef, EscalationPolicy, EscalationStep, Mention, Signal
from bot.core.ports import Clock, Publisher, Source, Store, Workspace
from bot.core.text import normalise
from bot.engine.cursors import DeferredCursors
from bot.engine.effects import Applier
from bot.engine.outbox import Outbox
from bot.engine.pipeline import Pipeline
from bot.engine.router import LiveRouter
from bot.engine.timers import Timers
from bot.enrich.summary import DigestSummary, LlmSummariser
from bot.store.queue import MentionQueue
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.dispatch import Dispatcher
from handlers.identity import Directory
from handlers.routing import Batch, RouteActions
from handlers.spikes import SpikeChecker
from handlers.spikes import count as spike_count
from handlers.subscriptions import SubscriptionService
from handlers.tickets import TicketService
from integrations.console.workspace import ConsoleWorkspace
from integrations.replay.source import ReplayPublisher, build_replay_source
from rules import (
    empty_ruleset,
    load_rules,
    validate_query,
)

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
    sources: dict[str, Source] = field(default_factory=dict)
    cursors: dict[str, DeferredCursors] = field(default_factory=dict)
    publishers: dict[str, Publisher] = field(default_factory=dict)
    owner: str = "main"
    queue: MentionQueue | None = None  # Redis: the mention stream shared by all processes

    @property
    def config(self) -> Any:
        return self.loaded.config

    def channel_ref(self, name: str) -> tuple[str, str]:
        ch = self.config.channels[name]
        return ch.workspace, ch.id

    async def start(self) -> None:
        """Before serving: the current routing state, models warm (off the event loop, so
        the first mention does not pay for loading them), and the recurring timers armed."""
        await self.router.refresh(force=True)
        warm = getattr(self.enricher, "warm", None)
        if warm is not None:
            await asyncio.to_thread(warm)
        if self.spikes is not None:
            fx = Effects()
            self.spikes.arm(fx)
            await self.applier.apply(fx)

    async def close(self) -> None:
        await self.http_client.aclose()
        for ws in self.workspaces.values():
            closer = getattr(ws, "close", None)
            if closer is not None:
                await closer()
        await self.store.close()


def _adhoc_mention(text: str, now: datetime) -> Mention:
    """Text typed after ``explain``, as a post: cleaned as the pipeline cleans posts, so the
    answer is what production would route."""
    from bot.core.models import Author

    return normalise(Mention(id="explain:adhoc", network="rss", source="explain", text=text,
                             author=Author(id="explain", handle="explain"), created_at=now))


def process_owner(loaded: LoadedConfig, env: Mapping[str, str]) -> str:
    """Who holds leases. On Redis each process is its own owner, so a dead one's leases expire
    and another takes over. SQLite serves one process per database file, so the owner is the
    host and file: a restarted process takes its own leases back at once."""
    host = os.uname().nodename
    cfg = loaded.config.store
    if cfg.backend == "redis" or (cfg.backend is None and env.get("REDIS_URL")):
        return f"{host}:{os.getpid()}"
    return f"{host}:sqlite:{os.path.abspath(cfg.path)}"


def escalation_policies(loaded: LoadedConfig) -> dict[str, EscalationPolicy]:
    return {
        e.name: EscalationPolicy(
            name=e.name, repeat=e.repeat,
            steps=tuple(EscalationStep(**s.model_dump()) for s in e.steps))
        for e in loaded.config.escalations
    }


def build_workspaces(loaded: LoadedConfig, *, out: TextIO | None,
                     record_path: Path | None) -> dict[str, Workspace]:
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
            from integrations.discord.workspace import DiscordWorkspace

            workspaces[wc.name] = DiscordWorkspace(wc)
    return workspaces


async def build_app(loaded: LoadedConfig, *, clock: Clock = utc_now,
                    env: Mapping[str, str] | None = None, out: TextIO | None = None,
                    record_path: Path | None = None, store: Store | None = None,
                    owner: str | None = None,
                    workspaces: dict[str, Workspace] | None = None) -> App:
    """Build everything. The caller owns the returned App and must ``await app.close()``."""
    from bot.enrich import Enricher
    from bot.enrich.author import AuthorContextBuilder
    from bot.store import open_store

    env = os.environ if env is None else env
    cfg = loaded.config
    metrics = Metrics()
    if store is None:
        store = await open_store(cfg.store, redis_url=env.get("REDIS_URL") or None, clock=clock)
    owner = owner or process_owner(loaded, env)
    try:
        ws = workspaces if workspaces is not None else build_workspaces(
            loaded, out=out, record_path=record_path)
        applier = Applier(store, metrics=metrics)
        directory = Directory(cfg.people, cfg.groups)
        ops = cfg.channels.get(cfg.ops_channel or "")
        outbox = Outbox(store, ws, clock=clock, config=cfg.outbox, owner=owner, metrics=metrics,
                        lease_seconds=cfg.store.lease_seconds, resolve_mentions=directory.resolve,
                        ops=ChannelRef(workspace=ops.workspace, channel=ops.id) if ops else None,
                        refs_seconds=cfg.store.retention.message_refs_days * 86400)
        applier.on_commit.append(outbox.committed)
        audit = Audit(clock=clock)
        policies = escalation_policies(loaded)
        tickets = TicketService(store, applier, clock=clock, audit=audit, directory=directory,
                                escalations=policies, channels=cfg.channels, metrics=metrics)
        http_client = httpx.AsyncClient(timeout=httpx.Timeout(20.0),
                                        headers={"User-Agent": "socialops/0.1"})
        publishers = build_publishers(loaded, client=http_client, clock=clock)
        approvals = ApprovalService(store, applier, clock=clock, audit=audit, directory=directory,
                                    config=cfg.approvals, channels=cfg.channels,
                                    publishers=publishers, owner=owner)
        rules_path = loaded.rules_path()
        ruleset = (load_rules(rules_path, channels=cfg.channels, escalations=set(policies))
                   if rules_path else empty_ruleset())
        router = LiveRouter(store, ruleset, clock=clock, metrics=metrics)

        def routing_changed(fx: Effects) -> None:
            if fx.routing:  # this process's own change: catch up now, not at the next batch
                task = asyncio.get_running_loop().create_task(router.refresh())
                _background.add(task)
                task.add_done_callback(_background.discard)

        applier.on_commit.append(routing_changed)
        subscriptions = SubscriptionService(store, applier, clock=clock, audit=audit,
                                            validate_query=validate_query,
                                            route_names=router.route_names,
                                            may_mute_routes=directory.is_lead)
        brands = tuple(w for words in ruleset.rules.brands.values() for w in words)
        llm_cfg = cfg.digest_summary
        llm_hook = None
        if llm_cfg.url:
            summariser = LlmSummariser(llm_cfg.url, llm_cfg.model, api_key=llm_cfg.api_key,
                                       timeout=llm_cfg.timeout)

            async def llm_hook(summary: DigestSummary,
                               signals: Sequence[Signal]) -> DigestSummary:
                return await summariser.enrich(summary, signals, client=http_client)

        actions = RouteActions(store, tickets, applier, clock=clock, ignore_terms=brands,
                               llm=llm_hook)
        enricher = Enricher()
        spikes = None
        if cfg.spikes.enabled:
            spike_channel = cfg.channels.get(cfg.spikes.channel or "")
            spikes = SpikeChecker(store, applier, cfg=cfg.spikes, clock=clock,
                                  ignore_terms=brands,
                                  keyword_channel=None if spike_channel is None else ChannelRef(
                                      workspace=spike_channel.workspace,
                                      channel=spike_channel.id))

        def count_signal(signal: Signal, fx: Effects) -> None:
            spike_count(signal, fx, now_ts=clock().timestamp())

        pipeline = Pipeline(store=store, tx=applier, facts=enricher.facts, router=router,
                            actions=actions, clock=clock, new_batch=Batch,
                            author_history=AuthorContextBuilder(store),
                            count_signal=count_signal if spikes is not None else None,
                            metrics=metrics,
                            dedup_ttl_seconds=int(cfg.store.dedup_ttl_hours * 3600))
        timers = Timers(store, clock=clock, metrics=metrics,
                        lease_seconds=max(60.0, cfg.store.lease_seconds))
        timers.register(K.ESCALATION, tickets.fire_escalation)
        timers.register(K.EXPIRY, approvals.expire)
        timers.register(K.PUBLISH, approvals.publish_due)
        timers.register(K.GROUP_FLUSH, actions.flush)
        timers.register(K.DIGEST_FLUSH, actions.flush)
        if spikes is not None:
            timers.register(K.SPIKE_CHECK, spikes.check)
        sources: dict[str, Source] = {}

        async def explain(target: str) -> str:
            signal = await store.get_signal(target)
            mention = signal.mention if signal else _adhoc_mention(target, clock())
            return router.explain(enricher.facts(mention), clock())

        async def status() -> str:
            counts = await store.outbox_counts()
            open_t = len(await store.list_tickets(status="open"))
            claimed = len(await store.list_tickets(status="claimed"))
            pending = len(await store.list_approvals(status="pending"))
            return (f"sources: {', '.join(sources) or 'none'}; outbox {counts}; tickets open "
                    f"{open_t}, claimed {claimed}; approvals pending {pending}")

        dispatcher = Dispatcher(reads=store, applier=applier, clock=clock, audit=audit,
                                directory=directory, tickets=tickets, approvals=approvals,
                                subscriptions=subscriptions, explain=explain, status=status,
                                metrics=metrics)
        app = App(loaded=loaded, store=store, clock=clock, metrics=metrics, workspaces=ws,
                  applier=applier, outbox=outbox, timers=timers, directory=directory,
                  audit=audit, tickets=tickets, approvals=approvals, subscriptions=subscriptions,
                  actions=actions, router=router, enricher=enricher, pipeline=pipeline,
                  dispatcher=dispatcher, http_client=http_client, spikes=spikes,
                  sources=sources, publishers=publishers, owner=owner,
                  queue=build_queue(store, cfg.store, owner=owner))
        build_sources(app, env=env)
        return app
    except BaseException:
        await store.close()
        raise


_background: set[asyncio.Task[bool]] = set()


def build_queue(store: Store, cfg: StoreConfig, *, owner: str) -> MentionQueue | None:
    from bot.store.redis import RedisStore

    if not isinstance(store, RedisStore) or not cfg.queue:
        return None
    return MentionQueue(store.r, prefix=store.k.prefix, consumer=owner,
                        visibility_seconds=cfg.queue_visibility_seconds,
                        max_deliveries=cfg.queue_max_deliveries)


def build_publishers(loaded: LoadedConfig, *, client: httpx.AsyncClient,
                     clock: Clock) -> dict[str, Publisher]:
    publishers: dict[str, Publisher] = {}
    for sc in loaded.config.sources:
        if sc.publish == "sandbox":
            from integrations.sandbox.publisher import SandboxPublisher

            network = ((sc.network_override or "*") if isinstance(sc, ReplaySourceConfig)
                       else str(sc.type))
            publishers[sc.id] = SandboxPublisher(network=network, account=sc.id, clock=clock,
                                                 path=loaded.resolve(sc.sandbox_path))
            continue
        if isinstance(sc, ReplaySourceConfig):
            # Without an override a replay holds every network: its publisher answers for all.
            publishers[sc.id] = ReplayPublisher(network=sc.network_override or "*")
            continue
        from integrations.social.registry import build_publisher

        pub = build_publisher(sc, client=client, clock=clock)
        if pub is not None:
            publishers[sc.id] = pub
    return publishers


def build_sources(app: App, *, env: Mapping[str, str]) -> None:
    base_dir = app.loaded.path.parent if app.loaded.path else None
    for sc in app.config.sources:
        if not sc.enabled:
            continue
        cursors = DeferredCursors(app.store)
        app.cursors[sc.id] = cursors
        if isinstance(sc, ReplaySourceConfig):
            app.sources[sc.id] = build_replay_source(sc, store=cursors, base_dir=base_dir)
            continue
        from integrations.social.registry import build_source

        app.sources[sc.id] = build_source(sc, store=cursors, client=app.http_client,
                                          clock=app.clock, env=env, peers=app.config.sources)
