"""X (Twitter) API v2: recent search, the mentions timeline, and posting. ``NETWORK`` is what
the registry (``bot.core.networks``) knows of it."""

from bot.core.networks import NetworkSpec, Starter
from integrations.social.x.config import XSourceConfig

NETWORK = NetworkSpec(
    name="x",
    display="X",
    config=XSourceConfig,
    source="integrations.social.x.source:XSource",
    publisher="integrations.social.x.source:XPublisher",
    reply_target="integrations.social.x.parse:reply_target",
    address=(r"[a-z0-9_]{1,15}", "@{}"),  # a username: 1 to 15 letters, digits or _
    capabilities=frozenset({"poll", "search", "notifications", "publish", "accounts", "lookup"}),
    starter=Starter("QUERY", lambda what: ("bearer_token: ${X_BEARER_TOKEN}",
                                           f"queries: [{what}]")),
)
