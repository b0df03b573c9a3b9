"""RSS and Atom feeds (Google Alerts, reviews, blogs), polled with conditional GETs; feeds take
no posts, so no publisher. ``NETWORK`` is what the registry (``bot.core.networks``) knows of
it."""

from bot.core.networks import NetworkSpec, Starter
from integrations.social.rss.config import RssSourceConfig

NETWORK = NetworkSpec(
    name="rss",
    display="RSS",
    config=RssSourceConfig,
    source="integrations.social.rss.source:RssSource",
    capabilities=frozenset({"poll"}),
    starter=Starter("URL", lambda what: (f"urls: [{what}]",)),
)
