"""Reddit: new posts and comments per subreddit, search, username mentions, and reply
comments. ``NETWORK`` is what the registry (``bot.core.networks``) knows of it."""

from bot.core.networks import NetworkSpec, Starter
from integrations.social.reddit.config import RedditSourceConfig

NETWORK = NetworkSpec(
    name="reddit",
    display="Reddit",
    config=RedditSourceConfig,
    source="integrations.social.reddit.source:RedditSource",
    publisher="integrations.social.reddit.publish:RedditPublisher",
    limit="integrations.social.reddit.publish:limit_problem",
    replies_only="a new post needs a subreddit and a title",
    address=(r"[a-z0-9_-]{3,20}", "u/{}"),  # u/name links the user and notifies them
    capabilities=frozenset({"poll", "search", "notifications", "publish", "accounts", "lookup",
                            "remembers"}),
    starter=Starter("SUBREDDIT", lambda what: ("client_id: ${REDDIT_CLIENT_ID}",
                                               "client_secret: ${REDDIT_CLIENT_SECRET}",
                                               f"subreddits: [{what}]")),
)
