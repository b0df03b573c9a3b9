"""Hot reload of the rules file. ``RulesReloader.poll()`` (called every second and on SIGHUP)
looks at the file's size and mtime, and when they moved, at its content hash; a new, valid file
is handed to the callback. An invalid new file keeps the old rules (the callback is not called)
and logs the ConfigError once per distinct content, so a broken save does not flood the log.

Nothing here sleeps: tests write a file and call ``poll`` (``check`` is the synchronous form).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from pathlib import Path

from bot.core.config import ChannelConfig
from bot.core.errors import ConfigError
from bot.core.yamlfile import read_problem
from rules.loader import RuleSet, load_rules

log = logging.getLogger(__name__)


class RulesReloader:
    def __init__(
        self,
        path: Path,
        callback: Callable[[RuleSet], None],
        *,
        channels: Mapping[str, ChannelConfig],
        escalations: Collection[str],
        env: Mapping[str, str] | None = None,
        people: Collection[str] | None = None,
        groups: Collection[str] | None = None,
        clock: Callable[[], datetime] | None = None,
        in_force: str | None = None,
    ) -> None:
        """``in_force``: the digest (``file_digest``) of the file as the rules in force were
        read from it, taken before they were read; None: the file as it is now. A bot reads
        its rules long before it starts watching them (it asks Slack, opens the store, builds
        the router meanwhile): an edit saved in between is then reloaded at the first check."""
        self.path = Path(path)
        self.clock = clock  # given: a silence already ended is a warning, left out
        self.people = people
        self.groups = groups
        self.callback = callback
        self.channels = channels
        self.escalations = escalations
        self.env = env
        self.reloads = 0
        self.failures = 0
        self.recoveries = 0  # a broken file put back as the rules in force (nothing reloaded)
        self.last_error: ConfigError | None = None
        self._stat: tuple[int, int] | None = None
        self._digest: str | None = None
        self._bad_digest: str | None = None
        if in_force is None:
            self._prime()
        else:  # no size and time remembered: the first check compares the content
            self._digest = in_force

    def _prime(self) -> None:
        """Remember the file as it is now: the rules loaded at start-up came from it."""
        try:
            st = self.path.stat()
            self._stat = (st.st_mtime_ns, st.st_size)
            self._digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            self._stat = None

    async def poll(self) -> bool:
        """Reload if the file changed. True when new rules were handed to the callback."""
        return self.check()

    def check(self, *, force: bool = False) -> bool:
        try:
            st = self.path.stat()
        except OSError as exc:
            if self._stat is not None:
                log.error("%s: %s", self.path, _unreadable(exc))
                self._stat = None
            return False
        stat = (st.st_mtime_ns, st.st_size)
        if stat == self._stat and not force:
            return False
        self._stat = stat
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            log.error("%s: %s", self.path, _unreadable(exc))
            return False
        digest = hashlib.sha256(data).hexdigest()
        if digest == self._digest and not force:
            if self._bad_digest is not None:  # a broken save undone: valid again, as in force
                self._bad_digest = None
                self.last_error = None
                self.recoveries += 1
                log.info("rules file %s is the rules in force again; nothing to reload",
                         self.path)
            return False  # touched, not changed
        if digest == self._bad_digest and not force:
            return False  # the same broken content: already reported
        try:
            ruleset = load_rules(
                self.path, channels=self.channels, escalations=self.escalations, env=self.env,
                people=self.people, groups=self.groups,
                now=self.clock() if self.clock is not None else None,
            )
        except ConfigError as exc:
            self.failures += 1
            self.last_error = exc
            self._bad_digest = digest
            log.error("invalid rules file; keeping the current rules: %s", exc)
            return False
        self._digest = digest
        self._bad_digest = None
        self.last_error = None
        self.reloads += 1
        self.callback(ruleset)
        return True


def file_digest(path: Path) -> str | None:
    """What ``in_force`` takes: the file's content hash, None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


async def poll_in_thread(reloader: RulesReloader) -> bool:
    """``poll`` off the event loop, for a very large rules file."""
    return await asyncio.to_thread(reloader.check)


def _unreadable(exc: OSError) -> str:
    """Why the rules file cannot be read (``read_problem``), and what the reloader does."""
    until = ("it is back" if isinstance(exc, FileNotFoundError) else "it is a file again"
             if isinstance(exc, IsADirectoryError) else "socialops may read it")
    said = read_problem(exc) + (" (deleted or moved?)" if isinstance(exc, FileNotFoundError)
                                else "")
    return f"{said}; keeping the current rules until {until}"
