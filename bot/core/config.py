"""The socialops configuration file (DESIGN §6): schema and loading.

One YAML file, default ``socialops.yaml``. Secrets come from the environment as ``${NAME}``.
Every model forbids unknown fields, so a typo is an error naming file, line and field rather
than a silently ignored setting. This module and ``bot.settings`` are the only readers of the
environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.core.errors import ConfigError
from bot.core.yamlfile import YamlDoc, load_yaml, register_union_tags, validate

DEFAULT_CONFIG = "socialops.yaml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- sources -----------------------------------------------------------------------------------


class SourceBase(Strict):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    interval: float = Field(default=60.0, gt=0, description="seconds between polls")
    backfill_minutes: int = Field(
        default=60, ge=0, description="first run: only mentions newer than this"
    )
    enabled: bool = True
    timeout: float = Field(default=20.0, gt=0)
    user_agent: str | None = None


class ReplaySourceConfig(SourceBase):
    type: Literal["replay"]
    path: str
    network_override: str | None = None
    batch: int = Field(default=50, ge=1)


class MastodonSourceConfig(SourceBase):
    type: Literal["mastodon"]
    base_url: str = "https://mastodon.social"
    token: str | None = None
    hashtags: tuple[str, ...] = ()
    queries: tuple[str, ...] = ()
    notifications: bool = False
    stream: bool = False
    streaming_url: str | None = None
    visibility: Literal["public", "unlisted", "private", "direct"] = "public"  # of published posts


class BlueskySourceConfig(SourceBase):
    type: Literal["bluesky"]
    base_url: str = "https://api.bsky.app"  # AppView, for reads
    pds_url: str = "https://bsky.social"  # PDS, for sessions and writes
    handle: str | None = None
    app_password: str | None = None
    queries: tuple[str, ...] = ()
    notifications: bool = False
    stream: bool = False
    jetstream_url: str = "wss://jetstream2.us-east.bsky.network"
    stream_keywords: tuple[str, ...] = ()


class RedditSourceConfig(SourceBase):
    type: Literal["reddit"]
    base_url: str = "https://oauth.reddit.com"
    auth_url: str = "https://www.reddit.com"
    client_id: str | None = None
    client_secret: str | None = None
    username: str | None = None
    password: str | None = None
    subreddits: tuple[str, ...] = ()
    comments: bool = True
    queries: tuple[str, ...] = ()
    mentions: bool = False


class HackerNewsSourceConfig(SourceBase):
    type: Literal["hackernews"]
    base_url: str = "https://hn.algolia.com"
    item_url: str = "https://hacker-news.firebaseio.com"
    queries: tuple[str, ...] = ()
    tags: tuple[Literal["story", "comment"], ...] = ("story", "comment")


class RssSourceConfig(SourceBase):
    type: Literal["rss"]
    urls: tuple[str, ...]


class XSourceConfig(SourceBase):
    type: Literal["x"]
    base_url: str = "https://api.x.com"
    bearer_token: str | None = None
    user_token: str | None = None
    user_id: str | None = None
    queries: tuple[str, ...] = ()
    mentions: bool = False


SourceConfig = Annotated[
    ReplaySourceConfig
    | MastodonSourceConfig
    | BlueskySourceConfig
    | RedditSourceConfig
    | HackerNewsSourceConfig
    | RssSourceConfig
    | XSourceConfig,
    Field(discriminator="type"),
]
register_union_tags(
    "replay",
    "mastodon",
    "bluesky",
    "reddit",
    "hackernews",
    "rss",
    "x",
    "console",
    "slack",
    "discord",
)


# --- workspaces --------------------------------------------------------------------------------


class WorkspaceBase(Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    reactions: dict[str, str] = Field(
        default_factory=lambda: {
            "eyes": "claim",
            "white_check_mark": "resolve",
            "+1": "approve",
            "x": "reject",
        },
        description="emoji name -> action",
    )


class ConsoleWorkspaceConfig(WorkspaceBase):
    type: Literal["console"]
    record: str | None = Field(
        default=None, description="append every delivered card as a JSON line here"
    )
    width: int | None = None


class SlackWorkspaceConfig(WorkspaceBase):
    type: Literal["slack"]
    bot_token: str
    signing_secret: str | None = None
    app_token: str | None = None  # xapp-..., enables Socket Mode
    api_url: str = "https://slack.com/api/"
    mode: Literal["socket", "http"] = "http"


class DiscordWorkspaceConfig(WorkspaceBase):
    type: Literal["discord"]
    token: str
    application_id: str | None = None
    public_key: str | None = None
    api_url: str = "https://discord.com/api/v10"
    guild_id: str | None = None


WorkspaceConfig = Annotated[
    ConsoleWorkspaceConfig | SlackWorkspaceConfig | DiscordWorkspaceConfig,
    Field(discriminator="type"),
]


class ChannelConfig(Strict):
    workspace: str
    id: str


# --- people, approvals, escalations ------------------------------------------------------------


class PersonConfig(Strict):
    id: str
    name: str | None = None
    role: Literal["agent", "lead", "approver", "admin"] = "agent"
    groups: tuple[str, ...] = ()
    identities: dict[str, str] = Field(
        default_factory=dict, description="workspace name -> platform user id"
    )


class ApprovalStepConfig(Strict):
    approvers: tuple[str, ...] = Field(min_length=1)
    mode: Literal["any", "all"] = "any"


class ApprovalsConfig(Strict):
    channel: str | None = None
    steps: tuple[ApprovalStepConfig, ...] = (ApprovalStepConfig(approvers=("role:approver",)),)
    expire_hours: float = Field(default=48, gt=0)


class EscalationStepConfig(Strict):
    after_minutes: int = Field(ge=0)
    notify_groups: tuple[str, ...] = ()
    notify_users: tuple[str, ...] = ()
    channel: str | None = None
    dm_users: tuple[str, ...] = ()


class EscalationConfig(Strict):
    name: str
    steps: tuple[EscalationStepConfig, ...] = Field(min_length=1)
    repeat: int = Field(default=0, ge=0)


# --- runtime -----------------------------------------------------------------------------------


class StoreConfig(Strict):
    backend: Literal["sqlite", "redis"] | None = None  # None: redis when REDIS_URL is set
    path: str = "./data/socialops.db"
    redis_url: str | None = None
    dedup_ttl_hours: float = Field(default=72, gt=0)
    # how long a dead process keeps a source or a channel before another takes over
    lease_seconds: float = Field(default=30.0, gt=0)
    # Redis only: mentions flow through a stream shared by every process (bot/queue.py)
    queue: bool = True
    queue_visibility_seconds: float = Field(default=60.0, gt=0)
    queue_max_deliveries: int = Field(default=5, ge=1)


class OutboxConfig(Strict):
    per_channel_per_second: float = Field(default=1.0, gt=0)
    max_attempts: int = Field(default=12, ge=1)
    backoff_base: float = Field(default=1.0, gt=0)
    backoff_max: float = Field(default=300.0, gt=0)


class HttpConfig(Strict):
    host: str = "0.0.0.0"
    port: int | None = None  # from PORT when unset; no server when neither


class LoggingConfig(Strict):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    json_format: bool = Field(default=False, alias="json")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class SpikesConfig(Strict):
    """Explained spike alerts (bot/enrich/spikes.py)."""

    enabled: bool = True
    channel: str | None = None  # where keyword spikes go; route/subscription spikes go to theirs
    window_minutes: int = Field(default=10, ge=1, le=1440)
    min_count: int = Field(default=5, ge=1)
    threshold: float = Field(default=3.0, gt=1.0)
    max_p: float = Field(default=1e-4, gt=0, le=1,
                         description="and no likelier than this at the usual Poisson rate")
    half_life_minutes: float = Field(default=35.0, gt=0, description="baseline EWMA half-life")
    cooldown_minutes: float = Field(default=30.0, ge=0)
    warmup_minutes: float = Field(default=60.0, ge=0)


class DigestSummaryConfig(Strict):
    """The optional OpenAI-compatible summary hook for digests (off unless url is set)."""

    url: str | None = None  # e.g. http://localhost:8080/v1/chat/completions
    model: str = "gpt-4o-mini"
    api_key: str | None = None
    timeout: float = Field(default=10.0, gt=0)


class ModelEndpointConfig(Strict):
    """The optional OpenAI-compatible model endpoint (bot/enrich/endpoint.py); off unless url
    is set. ``features`` says what it may do: classify intent and polarity, translate posts,
    suggest reply drafts. Any failure or timeout falls back to the embedded model."""

    url: str | None = None  # e.g. http://localhost:8080/v1/chat/completions
    model: str = "local"
    api_key: str | None = None
    timeout: float = Field(default=5.0, gt=0, le=120)
    features: tuple[Literal["classify", "translate", "reply"], ...] = ("translate", "reply")


class Config(Strict):
    sources: tuple[SourceConfig, ...] = ()
    workspaces: tuple[WorkspaceConfig, ...] = (
        ConsoleWorkspaceConfig(name="console", type="console"),
    )
    channels: dict[str, ChannelConfig] = Field(default_factory=dict)
    people: tuple[PersonConfig, ...] = ()
    # group name -> workspace -> platform group id (a Slack user group "S0…", a Discord role id);
    # a group without one is pinged as its members
    groups: dict[str, dict[str, str]] = Field(default_factory=dict)
    approvals: ApprovalsConfig = ApprovalsConfig()
    escalations: tuple[EscalationConfig, ...] = ()
    rules: str | None = None  # path of the routes file, relative to this file
    ops_channel: str | None = None
    spikes: SpikesConfig = SpikesConfig()
    digest_summary: DigestSummaryConfig = DigestSummaryConfig()
    model_endpoint: ModelEndpointConfig = ModelEndpointConfig()
    store: StoreConfig = StoreConfig()
    outbox: OutboxConfig = OutboxConfig()
    http: HttpConfig = HttpConfig()
    logging: LoggingConfig = LoggingConfig()

    @model_validator(mode="after")
    def _unique_ids(self) -> Config:
        for what, ids in (
            ("sources", [s.id for s in self.sources]),
            ("workspaces", [w.name for w in self.workspaces]),
            ("people", [p.id for p in self.people]),
            ("escalations", [e.name for e in self.escalations]),
        ):
            dup = {i for i in ids if ids.count(i) > 1}
            if dup:
                raise ValueError(f"duplicate {what} id(s): {', '.join(sorted(dup))}")
        return self

    def workspace(self, name: str) -> WorkspaceConfig:
        for w in self.workspaces:
            if w.name == name:
                return w
        raise KeyError(name)

    def source(self, source_id: str) -> SourceConfig:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)


class LoadedConfig:
    """A validated Config plus where it came from, for resolving relative paths and errors."""

    def __init__(self, config: Config, doc: YamlDoc | None, path: Path | None) -> None:
        self.config = config
        self.doc = doc
        self.path = path

    def resolve(self, relative: str) -> Path:
        p = Path(relative)
        if p.is_absolute() or self.path is None:
            return p
        return self.path.parent / p

    def rules_path(self) -> Path | None:
        return self.resolve(self.config.rules) if self.config.rules else None

    def error(self, path: tuple[str | int, ...], message: str) -> ConfigError:
        if self.doc is None:
            return ConfigError(message, field=".".join(map(str, path)))
        return self.doc.error(path, message)


def load_config(path: str | Path, *, env: Mapping[str, str] | None = None) -> LoadedConfig:
    doc = load_yaml(path, env=env)
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        raise doc.error((), "the config file must be a mapping")
    config = validate(Config, doc)
    loaded = LoadedConfig(config, doc, Path(path))
    _check_references(loaded)
    return loaded


def _check_references(loaded: LoadedConfig) -> None:
    cfg = loaded.config
    names = {w.name for w in cfg.workspaces}
    for name, ch in cfg.channels.items():
        if ch.workspace not in names:
            raise loaded.error(
                ("channels", name, "workspace"),
                f"unknown workspace {ch.workspace!r} (known: {sorted(names)})",
            )
    for key, ref in (
        ("ops_channel", cfg.ops_channel),
        ("approvals.channel", cfg.approvals.channel),
        ("spikes.channel", cfg.spikes.channel),
    ):
        if ref is not None and ref not in cfg.channels:
            path: tuple[str | int, ...] = tuple(key.split("."))
            raise loaded.error(path, f"unknown channel {ref!r}; declare it under channels:")
    for i, esc in enumerate(cfg.escalations):
        for j, step in enumerate(esc.steps):
            if step.channel is not None and step.channel not in cfg.channels:
                raise loaded.error(
                    ("escalations", i, "steps", j, "channel"), f"unknown channel {step.channel!r}"
                )
    for group, ids in cfg.groups.items():
        for ws in ids:
            if ws not in names:
                raise loaded.error(("groups", group, ws), f"unknown workspace {ws!r}")
    for i, person in enumerate(cfg.people):
        for ws in person.identities:
            if ws not in names:
                raise loaded.error(("people", i, "identities", ws), f"unknown workspace {ws!r}")


def environment_store_url(env: Mapping[str, str] | None = None) -> str | None:
    return (os.environ if env is None else env).get("REDIS_URL") or None


def as_dict(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
