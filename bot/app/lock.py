"""One process per SQLite database: an OS-level lock file next to it, held for the life of the
process (``fcntl.flock``, released by the kernel however the process ends, so a crash leaves
nothing stale). A second ``socialops run`` on the same file refuses to start with one line,
instead of delivering every card a second time, and so does ``socialops replay`` while a
``run`` holds it (it would drain the running bot's outbox into its own terminal). A command
that only delivers what it made (``socialops draft``) delivers it when no ``run`` holds the
lock and otherwise leaves it to that process (``beside_run``): on SQLite every process of a
database is one lease owner, so it would take over the channel the bot is posting in and post
the bot's card again. Redis deployments take no lock: several processes share the work there
by design, each its own lease owner.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import TracebackType

from bot.core.confcheck import link_count, many_names
from bot.core.config import LoadedConfig, environment_store_url, uses_sqlite
from bot.core.errors import UsageError
from bot.store.sqlite import folder_problem, network_share, no_room, write_problem
from bot.store.sqlite_schema import (
    held,
    holder_mark,
    inode_of,
    let_go,
    lock_path,
    open_elsewhere,
    written_in,
)

log = logging.getLogger(__name__)

__all__ = ["SqliteLock", "beside_run", "database_to_read", "one_process", "uses_sqlite"]


class SqliteLock:
    """``with SqliteLock(db_path):`` holds ``<db_path>.lock`` or raises UsageError. One lock
    per database file, whatever the name: the lock beside the file ``db_path`` leads to
    through symlinks is held too (beside the name alone, a ``run`` given a symlink and one
    given the file each held its own and both ran), and a file with another hard link is
    refused (``ManyNames``)."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self.real_path = Path(os.path.realpath(self.db_path))
        self.path = lock_path(self.db_path)
        self.paths = list(dict.fromkeys([self.path, lock_path(self.real_path)]))
        self._fds: list[int] = []

    def acquire(self) -> None:
        try:
            for path in self.paths:
                self._take(path)
            # a process with the file open holding another lock file: a run whose lock file
            # was deleted (the one taken here is new), or a run of a release before
            # 2026-12-02 given another name of it (a symlink), whose lock is beside that name
            # only
            elsewhere = open_elsewhere(self.real_path, set(map(inode_of, self._fds)))
            if elsewhere and elsewhere[1]:
                raise HeldElsewhere(elsewhere[0],
                    f"another socialops process (pid {elsewhere[0]}) is using {self.db_path}, "
                    "holding its lock file, which was deleted (the one here now is new); "
                    "SQLite serves one process: stop it (its lock no longer stops a second "
                    "one), and leave the .lock files beside the database in place")
            if elsewhere:
                pid = elsewhere[0]
                raise HeldElsewhere(pid,
                    f"another socialops process (pid {pid}) is using {self.db_path} through "
                    "another name (a symlink to it), holding the lock beside that name only "
                    "(a release before 2026-12-02); SQLite serves one process: stop it, and "
                    "give every process the same store.path")
            if (names := link_count(self.real_path)) > 1:
                raise ManyNames(many_names(self.db_path, names))  # a link made since load
        except BaseException:
            self.release()
            raise

    def _take(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # a read-only folder, a file where the folder should be
            raise FolderUnwritable(folder_problem(self.db_path, exc) or (
                f"cannot write the lock file {path}: {exc.strerror or exc}")) from None
        if any(inode_of(fd) == inode_of(mine) for mine in self._fds):
            os.close(fd)  # both names in one folder through a linked folder: one lock file
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            written = written_in(fd).split()
            holder = written[0] if written else "?"  # its pid (this release adds its schema)
            os.close(fd)
            raise HeldElsewhere(holder,
                f"another socialops process (pid {holder}) is using {self.db_path}; SQLite "
                "serves one process: stop it, run a single `socialops run` (role all), or set "
                "REDIS_URL and store.backend: redis to run several") from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, holder_mark().encode(), 0)
        except OSError as exc:  # no byte left on the disk, a file size limit of 0, a quota
            os.close(fd)
            db = self.db_path if path == self.path else self.real_path
            raise FolderUnwritable(no_room(db, exc) or (
                f"cannot write the lock file {path}: {exc.strerror or exc}")) from None
        held(fd)  # this process's own lock: the upgrade (``migrate``) tells it by this
        self._fds.append(fd)

    def release(self) -> None:
        while self._fds:
            fd = self._fds.pop()
            let_go(fd)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> SqliteLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()


class HeldElsewhere(UsageError):
    """Another process holds the database: ``holder`` is its pid, as it wrote it."""

    def __init__(self, holder: str, message: str) -> None:
        super().__init__(message)
        self.holder = holder


class FolderUnwritable(UsageError):
    """The database's folder cannot take the lock file: the config's ``store.path`` to fix."""


class ManyNames(UsageError):
    """The database file has other hard links: the config's ``store.path`` to fix."""


def one_process(loaded: LoadedConfig) -> AbstractContextManager[str | None]:
    """Holds the store's lock for the block when the store is SQLite; nothing for Redis. A
    folder it cannot write is one line at the config's ``store.path``; another process holding
    it, one line with its pid."""
    return _sqlite_lock(loaded, beside=False)


def beside_run(loaded: LoadedConfig) -> AbstractContextManager[str | None]:
    """For a command that may be typed while ``socialops run`` works on the same store:
    yields the pid of the process holding the SQLite store (the command must leave the
    delivering to it), or None when there is none, holding the lock for the block so none
    starts meanwhile. Redis: None, nothing held (each process is its own lease owner)."""
    return _sqlite_lock(loaded, beside=True)


@contextmanager
def _sqlite_lock(loaded: LoadedConfig, *, beside: bool) -> Iterator[str | None]:
    store = loaded.config.store
    if not uses_sqlite(store, redis_url_env=environment_store_url()):
        yield None
        return
    if why := write_problem(Path(store.path)):  # else said at the first write, in SQLite's words
        raise loaded.error(("store", "path"), why)
    if not beside and (why := _started_afresh(loaded, Path(store.path))):
        raise loaded.error(("store", "path"), why)
    if not beside and (why := network_share(Path(store.path))):
        log.warning("%s", loaded.error(("store", "path"), why))  # check's warning, at start
    lock = SqliteLock(store.path)
    try:
        lock.acquire()  # before anything opens the database
    except HeldElsewhere as exc:
        if not beside:
            raise
        yield exc.holder
        return
    except (FolderUnwritable, ManyNames) as exc:
        raise loaded.error(("store", "path"), str(exc)) from None
    try:
        yield None
    finally:
        lock.release()


def _beside_config(loaded: LoadedConfig, path: Path) -> str:
    """What to add when a relative ``store.path`` names no database in the folder socialops
    runs in but one is there beside the config (``socialops -c ~/bot/socialops.yaml why T-1``
    from the home folder): the relative path is read from the current folder, not the
    config's, and the line said only "no folder data/" (a newcomer's review, 2026-12-06)."""
    if path.is_absolute() or loaded.path is None:
        return ""
    folder = loaded.path.parent.absolute()
    here = Path.cwd()
    if folder == here or not (folder / path).is_file():
        return ""
    return (f"{path}: no database in {here}, the folder socialops runs in, which a relative "
            f"store.path is read from (not the config's); the config's folder has one: cd "
            f"{folder} first, or make store.path absolute")


def _started_afresh(loaded: LoadedConfig, path: Path) -> str:
    """What refuses ``run`` (or ``replay``) from another folder than the config's, whose
    relative ``store.path`` names no database here while the config's folder has the bot's:
    it made a new, empty one here and started afresh, every post read and each card posted
    again, the tickets numbered from T-1 again (a newcomer's review, 2026-12-07). A path
    that exists here, or names no database beside the config either, is the run's own."""
    if path.exists() or not (beside := _beside_config(loaded, path)):
        return ""
    return f"{beside} (socialops run would start a new, empty one here)"


def no_database_yet(loaded: LoadedConfig) -> bool:
    """Whether a SQLite ``store.path`` names no database yet: no file there (or a dangling
    symlink), or an empty one, which opening would make or fill with the schema. ``fetch``, a
    dry look, then reads beside a store of its own, made and thrown away, rather than make one
    at ``store.path`` (with its folder and lock) that the readers then take for the bot's."""
    store = loaded.config.store
    if not uses_sqlite(store, redis_url_env=environment_store_url()):
        return False
    path = Path(store.path)
    return not path.exists() or (path.is_file() and path.stat().st_size == 0)


def database_to_read(loaded: LoadedConfig) -> None:
    """For a command that reads what the bot stored (``why``, ``audit``, ``report``,
    ``outbox``, ``dead``, ``drafts``, ``model eval --stored``): a SQLite path with no file
    names no database any bot wrote (a typo, or the bot not started yet), and opening it
    would make an empty one there, and its lock file, and report nothing, exit 0; so does an
    empty file (``touch``ed, a volume's placeholder: a run writes SQLite's header as it makes
    the schema, WAL or not), which opening would fill with the schema. Said in one line at the
    config's ``store.path`` instead, nothing written."""
    store = loaded.config.store
    if not uses_sqlite(store, redis_url_env=environment_store_url()):
        return
    path = Path(store.path)
    if not path.exists() and (beside := _beside_config(loaded, path)):
        raise loaded.error(("store", "path"), beside)
    if not path.parent.exists():
        raise loaded.error(("store", "path"), (
            f"{path}: no database there (no folder {path.parent}/); `socialops run` makes "
            "it, or, if the bot runs already, point store.path at the database it writes"))
    if not path.exists():  # a dangling symlink too: SQLite would make the file it names
        raise loaded.error(("store", "path"), (
            f"{path}: no database there; `socialops run` makes it, or, if the bot runs "
            "already, point store.path at the database it writes"))
    if path.is_file() and path.stat().st_size == 0:  # SQLite writes its header with the schema
        raise loaded.error(("store", "path"), (
            f"{path}: an empty file, no database in it; `socialops run` makes it there, or, "
            "if the bot runs already, point store.path at the database it writes"))
