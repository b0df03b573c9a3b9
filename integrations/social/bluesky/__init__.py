"""Bluesky (AT Protocol): search, notifications, the Jetstream firehose, and publishing on the
account's PDS. ``NETWORK`` is what the registry (``bot.core.networks``) knows of it."""

from bot.core.networks import NetworkSpec, Starter
from integrations.social.bluesky.config import BlueskySourceConfig

NETWORK = NetworkSpec(
    name="bluesky",
    display="Bluesky",
    config=BlueskySourceConfig,
    source="integrations.social.bluesky.source:BlueskySource",
    publisher="integrations.social.bluesky.source:BlueskyPublisher",
    limit="integrations.social.bluesky.source:limit_problem",
    address=(r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?", "@{}"),
    capabilities=frozenset({"poll", "stream", "search", "notifications", "publish", "accounts",
                            "lookup", "sessions"}),
    verified_handles=True,  # a handle is a domain name the account proved by DNS or HTTPS
    starter=Starter("QUERY", lambda what: ("handle: ${BLUESKY_HANDLE}",
                                           "app_password: ${BLUESKY_APP_PASSWORD}",
                                           f"queries: [{what}]")),
)
