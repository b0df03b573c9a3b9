"""The ``type: reddit`` source's config: the OAuth app and account, and what to follow."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from bot.core.config import (
    Credential,
    Flag,
    Own,
    Password,
    Problem,
    SourceBase,
    blank_problems,
    url_problems,
)
from bot.core.text import quoted_cut

# Reddit's two hosts: the API (a bearer token) and the sign-in address (the app's secret)
_SIGN_IN = Own("https://oauth.reddit.com", "Reddit's sign-in address (auth_url), not its API")
API_HOSTS = {"www.reddit.com": _SIGN_IN, "reddit.com": _SIGN_IN,
             "oauth.reddit.com": Own("https://oauth.reddit.com")}
AUTH_HOSTS = {"oauth.reddit.com": Own("https://www.reddit.com",
                                      "Reddit's API (base_url), not its sign-in address"),
              "www.reddit.com": Own("https://www.reddit.com"),
              "reddit.com": Own("https://reddit.com")}
# the web site: Reddit's API is no site a card can open
WEB_HOSTS = {"oauth.reddit.com": Own("https://www.reddit.com",
                                     "Reddit's API (base_url), not its web site")}


# A subreddit's name: letters, digits and _, up to 21 (a user's profile is u_<user>); written
# as name, r/name or /r/name
SUBREDDIT = re.compile(r"[A-Za-z0-9_]{2,21}")
_IN_ADDRESS = re.compile(r"/r/([A-Za-z0-9_]{2,21})(?:/|$)")


def subreddit_problem(written: str) -> str | None:
    """Why ``written`` names no subreddit (None when it does): pasted as an address, with a
    space, with a slash after it. Each was asked as /r/<it>/new and answered 404 at every
    poll, where check said OK."""
    name = written.strip().removeprefix("/").removeprefix("r/")
    if SUBREDDIT.fullmatch(name):
        return None
    if (found := _IN_ADDRESS.search(urlsplit(written.strip()).path or written)) is not None:
        return (f"{quoted_cut(written, 80)} is an address: a subreddit is named alone; did you "
                f"mean {found[1]!r}?")
    if "+" in name and all(SUBREDDIT.fullmatch(n) for n in name.split("+")):
        return (f"{quoted_cut(written, 80)} names several subreddits in one: list each on its "
                f"own, subreddits: [{', '.join(name.split('+'))}]")
    if SUBREDDIT.fullmatch(name.rstrip("/")):
        return f"{quoted_cut(written, 80)} ends with a slash; did you mean {name.rstrip('/')!r}?"
    return (f"{quoted_cut(written, 80)} is no subreddit's name: letters, digits and _ only, "
            "as in r/acme (written acme, r/acme or /r/acme)")


VERSION = "0.1"  # of the User-Agent's app: Reddit may block one version of an app


class RedditSourceConfig(SourceBase):
    type: Literal["reddit"]
    base_url: str = "https://oauth.reddit.com"
    auth_url: str = "https://www.reddit.com"
    # the site cards link posts, comments and profiles to, and which a lookup without an app
    # reads (``/api/info.json``): another front end (old.reddit.com), or a proxy in front
    web_url: str = "https://www.reddit.com"
    client_id: Credential | None = None
    client_secret: Credential | None = None
    username: str | None = None
    password: Password | None = None
    subreddits: tuple[str, ...] = ()
    comments: Flag = True
    queries: tuple[str, ...] = ()
    mentions: Flag = False

    def problems(self, *, resolve: Callable[[str], Path]) -> Iterator[Problem]:
        yield from url_problems(("base_url",), self.base_url, base=True, own=API_HOSTS)
        yield from url_problems(("auth_url",), self.auth_url, base=True,
                                adds=("/api/v1/access_token",), own=AUTH_HOSTS)
        yield from url_problems(("web_url",), self.web_url, base=True, own=WEB_HOSTS)
        for i, sub in enumerate(self.subreddits):
            if problem := subreddit_problem(sub):
                yield ("subreddits", i), problem
        yield from blank_problems("queries", self.queries, why=(
            "it searches for nothing"))
        if not self.enabled:
            return
        if not self.client_id:
            yield ("client_id",), ("required: Reddit's API needs a registered app: its client "
                                   "id (reddit.com/prefs/apps), e.g. client_id: "
                                   "${REDDIT_CLIENT_ID}")
        elif not self.client_secret:
            # a script or web app always has a secret, and both grants socialops asks for
            # (password, client_credentials) need it: an installed app, the kind without
            # one, takes neither (reddit-archive/reddit wiki, OAuth2: Application Only OAuth)
            yield ("client_secret",), ("required: Reddit's token request needs the app's "
                                       "secret with its client id (under the app's name on "
                                       "reddit.com/prefs/apps, a script app's), e.g. "
                                       "client_secret: ${REDDIT_CLIENT_SECRET}")
        if self.mentions:
            for key in ("username", "password"):
                if not getattr(self, key):
                    yield (key,), ("required: mentions: true needs a script app's username "
                                   "and password (it reads the account's inbox)")
        if not (self.subreddits or self.queries or self.mentions or self.password
                or self.posts_only):
            yield ("subreddits",), ("nothing to follow: a reddit source needs subreddits:, "
                                    "queries: or mentions: true (or username and password, "
                                    "to only post as the account)")

    def advice(self) -> Iterator[Problem]:
        if self.enabled and (said := unnamed_advice(self)) is not None:
            yield ("user_agent",), said


def user_agent(config: RedditSourceConfig) -> str:
    """Reddit's required ``<platform>:<app id>:<version> (by /u/<user>)``; unique per app,
    so the client id goes into the app id. ``user_agent`` in the config wins. Without a
    ``username`` the ``(by /u/...)`` part is left out: it is the operator's contact
    (Reddit's API rules: "your username as contact information"; "NEVER lie about your
    user-agent"), and ``/u/socialops`` named an account that is not theirs
    (``unnamed_advice`` says what to set)."""
    if config.user_agent:
        return config.user_agent
    app = f"socialops.{config.client_id}" if config.client_id else "socialops"
    contact = f" (by /u/{config.username})" if config.username else ""
    return f"python:{app}:{VERSION}{contact}"


def unnamed_advice(config: RedditSourceConfig) -> str | None:
    """What to set when the User-Agent can name no account (no ``username``, no
    ``user_agent``), else None: ``check`` warns of it, and a start says it in the process
    that polls (``RedditSourceConfig.advice``)."""
    if config.user_agent or config.username:
        return None
    return ("its User-Agent names no Reddit account (no username is set): Reddit's API rules "
            f'ask for yours as contact; set user_agent: "{user_agent(config)} (by /u/<your '
            'reddit username>)"')
