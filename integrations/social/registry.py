"""Which adapter serves which source ``type`` (like fsspec's registry): adapters are imported
only when a config uses them, and an unknown type is an error that names it and the known ones.

``replay`` sources are the composition root's (``bot.replay``); they never reach this module.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from bot.config import (
    BlueskySourceConfig,
    HackerNewsSourceConfig,
    MastodonSourceConfig,
    RedditSourceConfig,
    RssSourceConfig,
    SourceConfig,
    XSourceConfig,
)
from bot.errors import ConfigError
from bot.ports import Clock, Publisher, Source, SourceCursorStore


def build_source(config: SourceConfig, *, store: SourceCursorStore, client: httpx.AsyncClient,
                 clock: Clock, env: Mapping[str, str]) -> Source:
    if isinstance(config, RssSourceConfig):
        from integrations.social.rss import RssSource

        return RssSource(config, store=store, client=client, clock=clock)
    if isinstance(config, HackerNewsSourceConfig):
        from integrations.social.hackernews import HackerNewsSource

        return HackerNewsSource(config, store=store, client=client, clock=clock)
    if isinstance(config, XSourceConfig):
        from integrations.social.x import XSource

        return XSource(config, store=store, client=client, clock=clock)
    if isinstance(config, RedditSourceConfig):
        try:
            from integrations.social.reddit import RedditSource  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            raise _unavailable(config) from None
        source: Source = RedditSource(config, store=store, client=client, clock=clock)
        return source
    if isinstance(config, MastodonSourceConfig):
        try:
            from integrations.social.mastodon import MastodonSource  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            raise _unavailable(config) from None
        mastodon: Source = MastodonSource(config, store=store, client=client, clock=clock)
        return mastodon
    if isinstance(config, BlueskySourceConfig):
        try:
            from integrations.social.bluesky import BlueskySource  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            raise _unavailable(config) from None
        bluesky: Source = BlueskySource(config, store=store, client=client, clock=clock)
        return bluesky
    raise _unavailable(config)


def build_publisher(config: SourceConfig, *, client: httpx.AsyncClient,
                    clock: Clock) -> Publisher | None:
    """The account's publisher, or None for networks without a posting API (RSS, HN)."""
    if isinstance(config, XSourceConfig):
        from integrations.social.x import XPublisher

        return XPublisher(config, client=client, clock=clock)
    if isinstance(config, RedditSourceConfig):
        try:
            from integrations.social.reddit import RedditPublisher  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            return None
        publisher: Publisher = RedditPublisher(config, client=client, clock=clock)
        return publisher
    if isinstance(config, MastodonSourceConfig):
        try:
            from integrations.social.mastodon import MastodonPublisher  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            return None
        mastodon: Publisher = MastodonPublisher(config, client=client, clock=clock)
        return mastodon
    if isinstance(config, BlueskySourceConfig):
        try:
            from integrations.social.bluesky import BlueskyPublisher  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            return None
        bluesky: Publisher = BlueskyPublisher(config, client=client, clock=clock)
        return bluesky
    return None


def _unavailable(config: SourceConfig) -> ConfigError:
    known = ", ".join(t for t in ("replay", "rss", "hackernews", "x", "reddit", "mastodon",
                                     "bluesky") if _importable(t))
    return ConfigError(f"source type {config.type!r} is not available in this build "
                       f"(available: {known})", field=f"sources[{config.id}].type")


def _importable(kind: str) -> bool:
    if kind in ("replay", "rss", "hackernews", "x"):
        return True
    import importlib.util

    return importlib.util.find_spec(f"integrations.social.{kind}") is not None
