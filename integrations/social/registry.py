"""Which adapter serves which source ``type`` (like fsspec's registry): adapters are imported
only when a config uses them, and an unknown type is an error that names it and the known ones.

``replay`` sources are the composition root's (``integrations.replay.source``); they never
reach this module.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from bot.core.config import SourceConfig
from bot.core.errors import ConfigError
from bot.core.ports import Clock, Publisher, Source, SourceCursorStore

# type -> (module, source class, publisher class or None for networks without a posting API)
ADAPTERS: dict[str, tuple[str, str, str | None]] = {
    "rss": ("integrations.social.rss.source", "RssSource", None),
    "hackernews": ("integrations.social.hackernews.source", "HackerNewsSource", None),
    "x": ("integrations.social.x.source", "XSource", "XPublisher"),
    "reddit": ("integrations.social.reddit.source", "RedditSource", "RedditPublisher"),
    "mastodon": ("integrations.social.mastodon.source", "MastodonSource", "MastodonPublisher"),
    "bluesky": ("integrations.social.bluesky.source", "BlueskySource", "BlueskyPublisher"),
}


def _adapter(config: SourceConfig, index: int) -> Any | None:
    entry = ADAPTERS.get(config.type)
    if entry is None or entry[index] is None:
        return None
    try:
        module = importlib.import_module(entry[0])
    except ModuleNotFoundError as exc:
        if exc.name != entry[0]:
            raise  # the adapter exists but a dependency of it is missing: say so
        return None
    return getattr(module, str(entry[index]))


# networks with accounts of our own, whose sources drop those accounts' posts (own.py)
WITH_ACCOUNTS = frozenset({"bluesky", "mastodon", "x", "reddit"})


def build_source(config: SourceConfig, *, store: SourceCursorStore, client: httpx.AsyncClient,
                 clock: Clock, env: Mapping[str, str],
                 peers: Sequence[SourceConfig] = ()) -> Source:
    """``peers``: every source in the config, so the source knows all our accounts on its
    network (a search-only source drops what the publishing account posted)."""
    cls = _adapter(config, 1)
    if cls is None:
        raise _unavailable(config)
    extra: dict[str, Any] = {"peers": tuple(peers)} if config.type in WITH_ACCOUNTS else {}
    source: Source = cls(config, store=store, client=client, clock=clock, **extra)
    return source


def build_publisher(config: SourceConfig, *, client: httpx.AsyncClient,
                    clock: Clock) -> Publisher | None:
    """The account's publisher, or None for networks without a posting API (RSS, HN)."""
    cls = _adapter(config, 2)
    if cls is None:
        return None
    publisher: Publisher = cls(config, client=client, clock=clock)
    return publisher


def _unavailable(config: SourceConfig) -> ConfigError:
    known = ", ".join(["replay", *(t for t, (module, _, _) in ADAPTERS.items()
                                   if importlib.util.find_spec(module) is not None)])
    return ConfigError(f"source type {config.type!r} is not available in this build "
                       f"(available: {known})", field=f"sources[{config.id}].type")
