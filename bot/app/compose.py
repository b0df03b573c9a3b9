"""The composition root: builds every part of a bot process from a loaded config.

Nothing else in socialops knows the concrete classes; everything else receives its collaborators.
Vendor workspaces and network adapters are imported only when the config uses them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import httpx

from bot.core.config import (
    ConsoleWorkspaceConfig,
    DiscordWorkspaceConfig,
    LoadedConfig,
    ReplaySourceConfig,
    SlackWorkspaceConfig,
    StoreConfig,
)
from bot.core.metrics import Metrics
from bot.core.models import ChannelRef, EscalationPolicy, EscalationStep, Mention, Signal
from bot.core.ports import Clock, Publisher, Source, Store, Workspace
from bot.engine.cursors import DeferredCursors
from bot.engine.outbox import Outbox
from bot.engine.pipeline import Pipeline
from bot.engine.router import RouterHolder
from bot.enrich.summary import DigestSummary, LlmSummariser
from bot.store.queue import MentionQueue
from handlers.approvals import ApprovalService
from handlers.audit import Audit
from handlers.dispatch import Dispatcher
from handlers.identity import Directory
from handlers.routing import RouteActions
from handlers.spikes import SpikeObserver, detector_from_config
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
    outbox: Outbox
    directory: Directory
    audit: Audit
    tickets: TicketService
    approvals: ApprovalService
    subscriptions: SubscriptionService
    actions: RouteActions
    router: RouterHolder
    enricher: Any
    pipeline: Pipeline
    dispatcher: Dispatcher
    http_client: httpx.AsyncClient
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

    async def close(self) -> None:
        await self.http_client.aclose()
        for ws in self.workspaces.values():
            closer = getattr(ws, "close", None)
            if closer is not None:
                await closer()
        await self.store.close()


def _adhoc_mention(text: str, now: datetime) -> Mention:
    from bot.core.models import Author

    return Mention(id="explain:adhoc", network="rss", source="explain", text=text,
                   author=Author(id="explain", handle="explain"), created_at=now)


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
        outbox = Outbox(store, ws, clock=clock, config=cfg.outbox, owner=owner, metrics=metrics,
                        lease_seconds=cfg.store.lease_seconds)
        directory = Directory(cfg.people, cfg.groups)
        outbox.resolve_mentions = directory.resolve
        audit = Audit(store, clock=clock)
        policies = escalation_policies(loaded)
        tickets = TicketService(store, outbox, clock=clock, audit=audit, directory=directory,
                                escalations=policies, channels=cfg.channels, metrics=metrics)
        http_client = httpx.AsyncClient(timeout=httpx.Timeout(20.0),
                                        headers={"User-Agent": "socialops/0.1"})
        publishers = build_publishers(loaded, client=http_client, clock=clock)
        approvals = ApprovalService(store, outbox, clock=clock, audit=audit, directory=directory,
                                    config=cfg.approvals, channels=cfg.channels,
                                    publishers=publishers)
        rules_path = loaded.rules_path()
        ruleset = (load_rules(rules_path, channels=cfg.channels, escalations=set(policies))
                   if rules_path else empty_ruleset())
        router = RouterHolder(store, ruleset, clock=clock)
        await router.rebuild()
        subscriptions = SubscriptionService(store, clock=clock, audit=audit,
                                            on_change=router.rebuild,
                                            validate_query=validate_query)
        subscriptions.routes = router
        subscriptions.may_mute_routes = directory.is_lead
        brands = tuple(w for words in ruleset.rules.brands.values() for w in words)
        llm_cfg = cfg.digest_summary
        llm_hook = None
        if llm_cfg.url:
            summariser = LlmSummariser(llm_cfg.url, llm_cfg.model, api_key=llm_cfg.api_key,
                                       timeout=llm_cfg.timeout)

            async def llm_hook(summary: DigestSummary,
                               signals: Sequence[Signal]) -> DigestSummary:
                return await summariser.enrich(summary, signals, client=http_client)

        actions = RouteActions(store, outbox, tickets, clock=clock, ignore_terms=brands,
                               llm=llm_hook)
        enricher = Enricher()
        observers: tuple[SpikeObserver, ...] = ()
        if cfg.spikes.enabled:
            spike_channel = cfg.channels.get(cfg.spikes.channel or "")
            observers = (SpikeObserver(
                detector_from_config(cfg.spikes, ignore_terms=brands), outbox.send,
                clock=clock, state=store,
                keyword_channel=None if spike_channel is None else ChannelRef(
                    workspace=spike_channel.workspace, channel=spike_channel.id)),)
        pipeline = Pipeline(store=store, facts=enricher.facts, router=router, actions=actions,
                            clock=clock, author_history=AuthorContextBuilder(store),
                            metrics=metrics, observers=observers,
                            dedup_ttl_seconds=int(cfg.store.dedup_ttl_hours * 3600))
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

        dispatcher = Dispatcher(store=store, clock=clock, directory=directory, tickets=tickets,
                                approvals=approvals, subscriptions=subscriptions,
                                explain=explain, status=status, metrics=metrics)
        app = App(loaded=loaded, store=store, clock=clock, metrics=metrics, workspaces=ws,
                  outbox=outbox, directory=directory, audit=audit, tickets=tickets,
                  approvals=approvals, subscriptions=subscriptions, actions=actions,
                  router=router, enricher=enricher, pipeline=pipeline, dispatcher=dispatcher,
                  http_client=http_client, sources=sources, publishers=publishers, owner=owner,
                  queue=build_queue(store, cfg.store, owner=owner))
        build_sources(app, env=env)
        return app
    except BaseException:
        await store.close()
        raise


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
                                          clock=app.clock, env=env)
