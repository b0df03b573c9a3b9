"""The registry of social networks (and of every source ``type:``), by name, imported lazily.

Each network's package declares one ``NetworkSpec`` (its config class, display name,
capabilities, and where its source and publisher classes live); this module holds the one
registry entry per network: ``name -> "module:attribute"`` of that spec. Like fsspec's
``known_implementations``, an entry is a string until someone asks for the network, so a
config that uses RSS imports RSS's config class and nothing else; a name no entry gives is an
error naming the known ones, and an entry whose module is missing says so and asks whether
the package is installed. ``register`` adds a network at run time (a plugin, a test) and
refuses to replace an entry silently.

Why here, in ``bot.core``: every layer asks the same questions of it (the config schema and
the chat verbs here in core, the rules file's ``network:`` matcher, the cards' display names
in the handlers), and all of them may import ``bot.core`` only. The table is data: core
imports no network statically (the import-linter contracts check that), only the spec a
caller names, with importlib, when it is asked for. The alternative (the table in
``integrations`` and the composition root passing the specs down) would thread one more
argument through every config load, rules load and card builder for no gain in direction.

``replay`` is a source type but no network: a replay's mentions keep the networks they were
recorded on, so rules and drafts never name it. It has a config class (``source_config``)
and no spec; the composition root builds it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from bot.core.errors import UnknownNetwork
from bot.core.models import NETWORK_NAME, Mention

if TYPE_CHECKING:  # annotations only: the config module asks this one for source classes
    from bot.core.config import SourceBase
    from bot.core.ports import Publisher, Source

# What a network's adapter can do. "accounts": the config names our own accounts there, so its
# sources drop our own posts and take every ``peers`` config of the network to know them all.
# "lookup": its source finds one post by its address (``bot.core.ports.LookupSource``), which
# ``why`` uses for a post socialops never fetched. "sessions": its accounts log in with a
# session worth keeping (Bluesky's: 30 new ones in 5 minutes): its source and publisher take
# ``sessions``, the app's ``SessionVault``, which keeps one an account in the store.
# "remembers": the source reads behind its cursor (posts listed late) no further back than the
# store keeps a post's dedup mark, and takes ``remembered`` (``store.dedup_ttl_hours``) for it
Capability = Literal["poll", "stream", "search", "notifications", "publish", "accounts",
                     "lookup", "sessions", "remembers"]
CAPABILITIES: frozenset[str] = frozenset(get_args(Capability))

NAME = re.compile(NETWORK_NAME)

# The hosts of X's post addresses: one list, which ``why`` (``handlers.why.network_of``, which
# picks the sources asked to look an address up) and the X source (``tweet_id_of``) both read
# through ``is_x_host``, so they agree on what is X's.
# The front ends that mirror X (nitter, xcancel) and the embed fixers people paste in chat
# (fxtwitter, vxtwitter, fixupx, fixvx) serve a status at the same path: its id is X's.
X_POST_HOSTS = frozenset({"x.com", "twitter.com", "mobile.twitter.com", "m.twitter.com",
                          "mobile.x.com", "nitter.net", "nitter.poast.org", "xcancel.com",
                          "fxtwitter.com", "vxtwitter.com", "fixupx.com", "fixvx.com"})


def is_x_host(name: str) -> bool:
    """Whether ``name``, a URL's host as written, is one of ``X_POST_HOSTS``: in any capitals,
    with a fully qualified name's last dot ("x.com."), ``www.``, or an internationalised form
    IDNA reads as one ("ｘ.com", fullwidth, as an input method types it)."""
    name = name.strip().lower().rstrip(".")
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError:  # a label too long, or not one IDNA 2003 takes: no X host
            return False
    return name.removeprefix("www.") in X_POST_HOSTS


@dataclass(frozen=True)
class Starter:
    """What ``socialops init --source NAME:WHAT`` writes for a new source of this network."""

    what: str  # what to follow, for the prompt: "HASHTAG", "QUERY", "URL"
    # WHAT (written as a YAML string) -> the source's lines, "key: value", ${VAR} for secrets
    keys: Callable[[str], tuple[str, ...]]
    optional: bool = False  # WHAT may be left out (the brand's first word is used)


@dataclass(frozen=True)
class NetworkSpec:
    """One network, as its package declares it (``NETWORK`` in its ``__init__``).

    ``source`` and ``publisher`` are ``"module:Class"`` locations, imported only when a
    config uses the network; the classes take ``(config, *, store, client, clock)`` and
    ``(config, *, client, clock)``, plus ``peers`` for sources with the "accounts"
    capability. ``publisher`` is None for networks without a posting API."""

    name: str
    display: str  # how people read it: "Hacker News"
    config: type[SourceBase]  # its ``type`` field is ``Literal[name]``
    source: str
    publisher: str | None = None
    capabilities: frozenset[Capability] = frozenset({"poll"})
    starter: Starter | None = None
    # its handles are domains their owners proved to the network (Bluesky's): a card may show
    # one as the label of the profile link the parser built (``text.names_another_site``)
    verified_handles: bool = False
    # how a post there addresses someone: what a handle of the network is (a regular
    # expression matched whole, case ignored) and the text naming them ("@{}", "u/{}"), which
    # a saved reply's {author} writes (``bot.core.replies.address``); None: no mentions there
    address: tuple[str, str] | None = None
    # ``"module:function"``: why a text cannot be posted there (its own limit: Bluesky's 300
    # graphemes), one line, or None; checked when a draft is written, not when it publishes.
    # A limit of the account's (X's per account, a Mastodon instance's) is its publisher's:
    # ``bot.core.ports.LimitedPublisher``
    limit: str | None = None
    # why its publisher posts replies only, or None when it posts new posts too (Reddit's: a
    # new post needs a subreddit and a title, which a draft does not carry); a draft that
    # replies to nothing is refused when it is written, not after its approval
    replies_only: str | None = None
    # ``"module:function"``: the native id a reply to a post (its Mention, as stored now)
    # answers, or None for the id's own: X keys an edited post by its original's id, but
    # a reply goes to the newest version (``bot.core.networks.reply_target``)
    reply_target: str | None = None
    # a reply notifies its post's author only when its text mentions them (Mastodon has no
    # reply notification; its composer starts a reply with ``@user@server``): a reply drafted
    # to a post starts with the author's ``address`` unless it names them
    # (``bot.core.replies.reply_mention``)
    reply_mentions: bool = False

    def __post_init__(self) -> None:
        # Fail when the package is imported, not when a source first polls.
        if not NAME.match(self.name):
            raise ValueError(f"network name {self.name!r} must match {NAME.pattern}")
        unknown = set(self.capabilities) - CAPABILITIES
        if unknown:
            raise ValueError(f"network {self.name!r}: unknown capabilities {sorted(unknown)} "
                             f"(known: {', '.join(sorted(CAPABILITIES))})")
        if ("publish" in self.capabilities) != (self.publisher is not None):
            raise ValueError(f"network {self.name!r}: the 'publish' capability and a "
                             "publisher location go together")
        for location in (self.source, self.publisher, self.limit, self.reply_target):
            if location is not None:
                _split(location)
        tag = self.config.model_fields.get("type")
        if tag is None or get_args(tag.annotation) != (self.name,):
            raise ValueError(f"network {self.name!r}: {self.config.__name__}.type must be "
                             f"Literal[{self.name!r}]")

    def load_source(self) -> Callable[..., Source]:
        source: Callable[..., Source] = _load(self.source, self.name)
        return source

    def load_publisher(self) -> Callable[..., Publisher] | None:
        if self.publisher is None:
            return None
        publisher: Callable[..., Publisher] = _load(self.publisher, self.name)
        return publisher


# The one registry entry of each network: its name -> where its NetworkSpec is.
_NETWORKS: dict[str, str] = {
    "bluesky": "integrations.social.bluesky:NETWORK",
    "hackernews": "integrations.social.hackernews:NETWORK",
    "mastodon": "integrations.social.mastodon:NETWORK",
    "reddit": "integrations.social.reddit:NETWORK",
    "rss": "integrations.social.rss:NETWORK",
    "x": "integrations.social.x:NETWORK",
}
# Source types that are no network: name -> where their config class is.
_OTHER_SOURCES: dict[str, str] = {
    "replay": "integrations.replay.config:ReplaySourceConfig",
}
_loaded: dict[str, NetworkSpec] = {}


def known() -> tuple[str, ...]:
    """The networks' names (no import happens)."""
    return tuple(sorted(_NETWORKS))


_LISTED = re.compile(r"[,+/&]")


def several(name: str) -> tuple[str, ...]:
    """The networks ``name`` lists when it names more than one, each known (`mastodon,bluesky`,
    `mastodon+bluesky`, `mastodon/bluesky`, in any case), as a planner's composer picks several
    profiles for one post; else ()."""
    listed = tuple(dict.fromkeys(p.strip().lower() for p in _LISTED.split(str(name))
                                 if p.strip()))
    return listed if len(listed) > 1 and all(p in _NETWORKS for p in listed) else ()


def one_a_draft(name: str, each: Callable[[str], str]) -> str | None:
    """The refusal of a draft to the several networks ``name`` lists (None when it lists no
    such networks), ``each`` saying how one network's draft is typed: a draft goes to one
    network and account, approved and published on its own, so one network down leaves the
    others' posts as they are."""
    listed = several(name)
    if not listed:
        return None
    return (f"{str(name)[:40]!r} names {len(listed)} networks ({', '.join(listed[:-1])} and "
            f"{listed[-1]}), and a draft goes to one network and account, approved and "
            f"published on its own: draft each ({', then '.join(map(each, listed))}); nothing "
            "was drafted")


def source_types() -> tuple[str, ...]:
    """Every ``type:`` a source may have: the networks and replay (no import happens)."""
    return tuple(sorted({*_NETWORKS, *_OTHER_SOURCES}))


def network(name: str) -> str:
    """``name`` when it names a registered network; else UnknownNetwork naming the known
    ones (it is a ValueError too, so pydantic validators and the chat dispatcher report it
    as one line)."""
    if name not in _NETWORKS:
        near = meant(str(name))
        raise UnknownNetwork(f"unknown network {str(name)[:40]!r} (known: "
                             f"{', '.join(known())})" + (f"; did you mean {near}?" if near else ""))
    return name


# names people write for a network: its old name, a short one
_ALSO_CALLED = {"twitter": "x", "hn": "hackernews", "hacker news": "hackernews",
                "bsky": "bluesky", "atom": "rss"}


def meant(name: str, others: tuple[str, ...] = ()) -> str | None:
    """The registered network (or one of ``others``) ``name`` most likely means, or None."""
    import difflib

    low = " ".join(name.lower().split())
    if low in _NETWORKS or low in others:
        return low
    if low in _ALSO_CALLED:
        return _ALSO_CALLED[low]
    close = difflib.get_close_matches(low, [*_NETWORKS, *others], n=1, cutoff=0.75)
    return close[0] if close else None


def spec(name: str) -> NetworkSpec:
    """The network's spec, imported on first use."""
    if name in _loaded:
        return _loaded[name]
    location = _NETWORKS.get(network(name))
    assert location is not None
    found = _load(location, name)
    if not isinstance(found, NetworkSpec):
        raise UnknownNetwork(f"{name!r} is registered at {location}, which is a "
                             f"{type(found).__name__}, not a NetworkSpec")
    if found.name != name:
        raise UnknownNetwork(f"{name!r} is registered at {location}, which declares the "
                             f"network {found.name!r}")
    _loaded[name] = found
    return found


def source_config(source_type: str) -> type[SourceBase]:
    """The config class of a source type (a network's, or replay's)."""
    if source_type in _NETWORKS:
        return spec(source_type).config
    location = _OTHER_SOURCES.get(source_type)
    if location is None:
        # the one meant, as for a network (`mastadon`, `twitter`) or replay misspelt
        near = meant(str(source_type), tuple(_OTHER_SOURCES))
        raise UnknownNetwork(f"unknown source type {str(source_type)[:40]!r} (known: "
                             f"{', '.join(source_types())})"
                             + (f"; did you mean {near}?" if near else ""))
    config: type[SourceBase] = _load(location, source_type)
    return config


def post_problem(name: str, text: str) -> str | None:
    """Why ``text`` cannot be a post on the network, as its package's ``limit`` says, or None
    (also for a network that declares no limit, or that no entry gives any more)."""
    try:
        location = spec(name).limit
    except ValueError:
        return None
    if location is None:
        return None
    problem: str | None = _load(location, name)(text)
    return problem


def reply_target(name: str, mention: Mention) -> str | None:
    """The native id a reply to ``mention`` (a post of network ``name``, as stored now)
    answers, as its package's ``reply_target`` says; None for the post id's own (also for a
    network that declares none, or that no entry gives any more)."""
    try:
        location = spec(name).reply_target
    except ValueError:
        return None
    if location is None:
        return None
    target: str | None = _load(location, name)(mention)
    return target


def new_post_problem(name: str) -> str | None:
    """Why a new post (a draft replying to nothing) cannot go out on the network, in one
    line, or None (also for a network no entry gives)."""
    try:
        found = spec(name)
    except ValueError:
        return None
    if found.replies_only is None:
        return None
    return (f"{found.display} takes replies only ({found.replies_only}): draft a reply to a "
            f"{found.display} post instead")


def display_name(name: str) -> str:
    """How people read a network's name ("Hacker News"); the name itself for a network no
    entry gives (a stored mention of a network whose plugin was removed still shows)."""
    try:
        return spec(name).display
    except ValueError:  # UnknownNetwork, or a plugin's broken spec: never fail a card for it
        return name


DELETED = "deleted by its author"


def gone_how(network: str, removed_by: str | None) -> str:
    """How a post its tombstone stands for went (``Mention.removed_by``), as its cards, its
    tickets' threads and ``why`` say it: "deleted by its author", or taken down by someone
    else ("removed by a moderator", "removed by Reddit"): a moderator's removal called its
    author's delete blamed the customer for what the subreddit did."""
    if removed_by == "moderator":
        return "removed by a moderator"
    if removed_by == "network":
        return f"removed by {display_name(network)}"
    if removed_by == "removed":
        return f"removed on {display_name(network)}"
    return DELETED


def back_how(network: str) -> str:
    """How a post taken down by someone else than its author (``gone_how``) and read public
    again is said: a moderator approved it again (Reddit), or the network put it back."""
    return f"public again on {display_name(network)}"


def register(name: str, location: str, *, replace: bool = False) -> None:
    """Add a network: ``location`` is ``"module:attribute"`` of its NetworkSpec, imported
    when first asked for. Registering a name again is refused unless it is the same location
    or ``replace`` is given: a plugin must not silently take over a network."""
    if not NAME.match(name):
        raise ValueError(f"network name {name!r} must match {NAME.pattern}")
    _split(location)
    if name in _OTHER_SOURCES:
        raise ValueError(f"{name!r} is a source type of socialops itself, not a network")
    current = _NETWORKS.get(name)
    if current is not None and current != location and not replace:
        raise ValueError(f"network {name!r} is already registered ({current}); pass "
                         "replace=True to replace it")
    _NETWORKS[name] = location
    _loaded.pop(name, None)


def unregister(name: str) -> None:
    """Remove a network (a test's, a plugin's); a name no entry gives is ignored."""
    _NETWORKS.pop(name, None)
    _loaded.pop(name, None)


def _split(location: str) -> tuple[str, str]:
    module, sep, attribute = location.partition(":")
    if not (module and sep and attribute):
        raise ValueError(f"{location!r} is not a location: write 'package.module:attribute'")
    return module, attribute


def _load(location: str, name: str) -> Any:
    module_name, attribute = _split(location)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        missing = exc.name or module_name
        raise UnknownNetwork(
            f"{name!r} is registered at {location}, but module {missing!r} cannot be "
            "imported: is the package installed?") from exc
    try:
        return getattr(module, attribute)
    except AttributeError:
        raise UnknownNetwork(f"{name!r} is registered at {location}, but {module_name} has "
                             f"no {attribute!r}") from None

