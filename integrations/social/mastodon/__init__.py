"""Mastodon (any instance): hashtag timelines, search and mention notifications, the streaming
API, and publishing. ``NETWORK`` is what the registry (``bot.core.networks``) knows of it."""

from bot.core.networks import NetworkSpec, Starter
from integrations.social.mastodon.config import MastodonSourceConfig

NETWORK = NetworkSpec(
    name="mastodon",
    display="Mastodon",
    config=MastodonSourceConfig,
    source="integrations.social.mastodon.source:MastodonSource",
    publisher="integrations.social.mastodon.source:MastodonPublisher",
    # @user for a local account, @user@instance for any: how Mastodon's composer mentions
    address=(r"[a-z0-9_][a-z0-9_.-]{0,63}(@[a-z0-9-]+(\.[a-z0-9-]+)+)?", "@{}"),
    reply_mentions=True,
    capabilities=frozenset({"poll", "stream", "search", "notifications", "publish", "accounts",
                            "lookup"}),
    starter=Starter("HASHTAG", lambda what: ("base_url: https://mastodon.social",
                                             f"hashtags: [{what}]")),
)
