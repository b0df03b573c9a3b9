"""The bot's own accounts on a network, so a source drops their posts before they become
mentions: an approved reply that comes back through search (or a notification, or Jetstream)
must never open a ticket about itself.

"Own" means every account configured for that network in the same config file, not only the
source's own: a search-only source must also drop what the publishing account posted. Each
adapter says what identifies an account (``OwnAccounts.ids`` are compared with
``Author.id``, ``handles`` case-insensitively with ``Author.handle``) and learns what the config
does not say (a Bluesky DID, a Mastodon account id) from the network, lazily and once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from bot.core.errors import RateLimited, SourceAuthError, SourceError
from bot.core.models import Mention
from bot.core.redact import Redaction
from bot.core.text import one_line

log = logging.getLogger(__name__)

T = TypeVar("T")

OWN_POST = "own post"
SKIPPED_KEPT = 200  # reasons kept per source (the count is what matters; the newest explain it)


class OwnAccounts:
    def __init__(self, *, ids: Iterable[str] = (), handles: Iterable[str] = ()) -> None:
        self.ids: set[str] = {i for i in ids if i}
        self.handles: set[str] = {h.casefold().lstrip("@") for h in handles if h}

    def add(self, *, id: str | None = None, handle: str | None = None) -> None:
        if id:
            self.ids.add(id)
        if handle:
            self.handles.add(handle.casefold().lstrip("@"))

    def resolved(self, handle: str, id: str) -> None:
        """``handle``'s account is ``id``: known by that alone from now on. A handle is a name
        the account may give up and anyone may then take (Bluesky frees it at once): matched
        by name, the posts of whoever took it were dropped as ours while the config still
        named it."""
        self.ids.add(id)
        self.handles.discard(handle.casefold().lstrip("@"))

    def __bool__(self) -> bool:
        return bool(self.ids or self.handles)

    def is_own(self, mention: Mention) -> bool:
        return self.is_account(id=mention.author.id, handle=mention.author.handle)

    def is_account(self, *, id: Any, handle: Any) -> bool:
        """Whether the account ``id`` or ``handle`` (as a payload holds them: anything) is
        ours."""
        return ((isinstance(id, str) and id in self.ids)
                or (isinstance(handle, str) and handle.casefold().lstrip("@") in self.handles))


def same_network(config: Any, peers: Sequence[Any]) -> list[Any]:
    """``config`` and every peer config of the same type (each account once)."""
    out = [config]
    out += [p for p in peers if getattr(p, "type", None) == config.type
            and getattr(p, "id", None) != config.id]
    return out


def drop_own(mentions: Iterable[Mention], own: OwnAccounts, skipped: list[str], *,
             source: str) -> list[Mention]:
    """``mentions`` without the own accounts' posts; each one dropped is counted in
    ``skipped`` with the reason "own post"."""
    kept: list[Mention] = []
    for mention in mentions:
        if own and own.is_own(mention):
            log.info("source %s: %s is our own post; skipped", source, mention.id)
            skipped.append(f"{OWN_POST}: {mention.id}")
            del skipped[:-SKIPPED_KEPT]
            continue
        kept.append(mention)
    return kept


class UnknownOwn:
    """The configured accounts a network has not said who they are yet (Mastodon's
    ``verify_credentials``, X's ``/2/users/me`` failed): asked again at every poll, which reads
    nothing meanwhile (``hold``), since their posts cannot be told from a customer's and the
    team's own reply would open a ticket about itself. One learner at a time: a poll, a stream
    and `why` all ask. ``label`` names the source in what is said ("mastodon acme"),
    ``server`` who answers ("the server", "X"), ``secret`` the account config's token the
    server's words may echo."""

    def __init__(self, accounts: Iterable[Any], *, label: str, server: str,
                 secret: Callable[[Any], str | None],
                 kept: tuple[type[SourceError], ...] = ()) -> None:
        self.accounts = list(accounts)
        self.failed: dict[str, SourceError] = {}  # account config id -> its failure
        # accounts whose server has no such route (its last answer a 404), and those said so
        # (once: a server's answers may alternate)
        self.no_route: set[str] = set()
        self.no_route_said: set[str] = set()
        self.set_aside: set[str] = set()  # disabled sources whose token is refused (said once)
        self.lock = asyncio.Lock()
        self.label, self.server, self.secret, self.kept = label, server, secret, kept

    async def learn(self, ask: Callable[[Any], Awaitable[T | None]],
                    learnt: Callable[[Any, T], None], *, no_route: Callable[[Any], None],
                    missing: str) -> None:
        """Ask each unknown account (``ask``: None when its server has no such route, 404);
        ``learnt`` adds what was said to the own accounts. A server without the route never
        says whose a token is: holding the poll would stop it for good, so it reads on, our
        posts not told, said once (``no_route`` logs it; ``missing`` is the failure kept)."""
        async with self.lock:
            for config in list(self.accounts):
                try:
                    found = await ask(config)
                except SourceError as exc:  # a MalformedPayload too
                    self.failed[config.id] = exc
                    # the last answer decides: a server without the route answers 404 again,
                    # so a 5xx after a 404 (a deploy's proxy up before the app) holds, where
                    # the one 404 read on through every later failure, our posts not told
                    self.no_route.discard(config.id)
                    if self._aside(config) and config.id not in self.set_aside:
                        self.set_aside.add(config.id)
                        log.warning(
                            "%s: the token of source %s (enabled: false) is refused (%s): its "
                            "posts cannot be told from others', read on; renew its token, or "
                            "take it out of the config", self.label, config.id,
                            one_line(Redaction([self.secret(config) or ''])(str(exc)), 300))
                    continue
                if found is None:
                    if config.id not in self.no_route_said:
                        no_route(config)
                    self.no_route.add(config.id)
                    self.no_route_said.add(config.id)
                    self.failed[config.id] = SourceError(missing)
                    continue
                self.no_route.discard(config.id)
                self.set_aside.discard(config.id)
                learnt(config, found)
                self.accounts.remove(config)
                self.failed.pop(config.id, None)

    def _aside(self, config: Any) -> bool:
        """A disabled source (``enabled: false``) whose token the server refuses holds
        nothing: a refused token posts nothing through the bot, so nothing of ours comes back
        from it; it held every source of its network, and ``check --online`` (enabled sources
        only) never said so. Any other failure of it holds, as an enabled one's: its token may
        still publish."""
        return (getattr(config, "enabled", True) is False
                and isinstance(self.failed.get(config.id), SourceAuthError))

    def unknown(self) -> dict[str, str]:
        """Each account not known yet and why, for ``why``, which cannot tell their posts from
        others' meanwhile."""
        return {c.id: str(self.failed.get(c.id, "not asked yet")) for c in self.accounts}

    def hold(self, own_config: Any) -> None:
        """Raise while an account of ours is not known; nothing is read, so the cursor stays
        and the next poll that knows them reads what came meanwhile. The error is the
        failure's kind, in one line: a rate limit's wait (the runtime waits it out), a refused
        token of this source's (``own_config``: paused, "check the source's token"), another
        source's (its id named), else a failed poll retried with backoff."""
        held = [c for c in self.accounts if c.id not in self.no_route and not self._aside(c)]
        if not held:
            return
        config = held[0]
        exc = self.failed.get(config.id) or SourceError("not asked yet")
        mine = config is own_config
        more = len(held) - 1
        # the server's words may echo the token; another source's is no secret of this one's
        # to whoever hides this source's own (``fetch``)
        said = (f"{self.label}: cannot tell "
                f"{'its account' if mine else f'the account of source {config.id}'}'s posts "
                f"from others' ({one_line(Redaction([self.secret(config) or ''])(str(exc)), 300)}"
                f"{f'; and {more} more account(s)' if more else ''}); nothing is read until "
                f"{self.server} says whose the token is, so that our own posts open no tickets")
        if isinstance(exc, RateLimited):
            raise RateLimited(said, retry_after=exc.retry_after) from exc
        if isinstance(exc, self.kept):
            raise type(exc)(said) from exc
        if isinstance(exc, SourceAuthError) and mine:
            raise SourceAuthError(said) from exc
        if isinstance(exc, SourceAuthError):
            raise SourceError(f"{said}: renew {config.id}'s token, or take it out of the "
                              "config") from exc
        raise SourceError(said) from exc
