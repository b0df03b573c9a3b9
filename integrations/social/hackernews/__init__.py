"""Hacker News, read through Algolia's search; it has no write API, so no publisher.
``NETWORK`` is what the registry (``bot.core.networks``) knows of it."""

from bot.core.networks import NetworkSpec, Starter
from integrations.social.hackernews.config import HackerNewsSourceConfig

NETWORK = NetworkSpec(
    name="hackernews",
    display="Hacker News",
    config=HackerNewsSourceConfig,
    source="integrations.social.hackernews.source:HackerNewsSource",
    capabilities=frozenset({"poll", "search", "lookup"}),
    starter=Starter("QUERY", lambda what: (f"queries: [{what}]",), optional=True),
)
