"""The SQLite schema and its migrations (``PRAGMA user_version``)."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from bot.core import keys as LK
from bot.core.confcheck import read_only_uri
from bot.store import layout as L

SCHEMA_VERSION = 19
# The oldest release's version that reads and writes a file of this version correctly, stamped
# in the file (``PRAGMA application_id``): a later release that only adds an index (7 did)
# leaves the releases before it able to run on its file, as SQLite keeps an index for every
# writer. A file whose stamp is newer than this release is refused (a downgrade). 8 added a
# field to stored tickets and route hits (``priority``), which version 7 reads as an unknown
# field and fails on (records forbid them), on every ticket written since: so 8 reads 8 only;
# 9 added tickets' ``tags`` the same way, so 9 reads 9 only; 10 merged tickets (their status
# ``merged``, ``merged_into`` and ``merged``), so 10 reads 10 only; 11 keeps on-call overrides
# made in chat (``oncall primary cover 2h``), which version 10 never reads: it would page the
# person who handed the shift away, so 11 reads 11 only; 12 gives a channel's edits of cards
# already shown a lane of their own (outbox ``lane``, and the items' ``lane`` field, which 11
# reads as an unknown field), so 12 reads 12 only; 13 keeps when an approval waiting for its
# next publish try is tried again as a field of its own (``next_try_at``, which 12 reads as an
# unknown field), so 13 reads 13 only; 14 keeps a post's edits and delete by its author
# (``Mention.revision``, ``revised_at``, ``edits``, written only when set, which 13 reads as
# unknown fields on an edited post's signal), so 14 reads 14 only; 15 keeps who took a post
# down (``Mention.removed_by``, on a removed post's signal) and the right-to-left names of a
# card's fields (``CardField.names``, on a spike card waiting in the outbox), both written only
# when set, which 14 reads as unknown fields (its spike timer failed on every try, each removed
# post's signal "damaged"), so 15 reads 15 only; 16 keeps the claim timeout a ticket's holder
# took it under (``Ticket.claim_timeout_minutes``), which 15 reads as an unknown field on every
# ticket claimed since, so 16 reads 16 only; 17 keeps the address of the post a reply from
# another server's account answers (``Approval.reply_url``), a subscription's own spike
# thresholds (``Subscription.spikes``) and a card's right-to-left names in its lines
# (``Card.text_names``), which 16 reads as unknown fields on every approval and subscription
# written since and on a queued card naming one (and, reading past the first, would post the
# reply answering another post of that id), so 17 reads 17 only; 18 keeps the chain a claim took its
# timeout from when it is not the one its ticket opened with (``Ticket.claim_timeout_chain``,
# written only when set, on a ticket claimed after its chain was renamed), which 17 reads as an
# unknown field on such a ticket, so 18 reads 18 only; 19 keeps that a card was deleted from
# its channel (``MessageRef.gone``: ``Gone.message_id``, ``Gone.said``, written only when
# found) and a weekly digest's day (``Subscription.digest_day``, ``RouteHit.digest_day``),
# which 18 reads as unknown fields on such a card's reference and on a weekly subscription
# and the route hits it holds, so 19 reads 19 only.
READABLE_FROM = 19

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {L.T_KV} (
    key TEXT PRIMARY KEY, value TEXT NOT NULL, expires REAL NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expires ON {L.T_KV} (expires);
CREATE TABLE IF NOT EXISTS {L.T_CURSORS} (source TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {L.T_COUNTERS} (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS {L.T_RECORDS} (
    kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL, status TEXT,
    k1 TEXT, k2 TEXT, json TEXT NOT NULL, PRIMARY KEY (kind, id));
CREATE INDEX IF NOT EXISTS records_status ON {L.T_RECORDS} (kind, status);
CREATE INDEX IF NOT EXISTS records_k1 ON {L.T_RECORDS} (kind, k1, k2);
CREATE INDEX IF NOT EXISTS records_k2 ON {L.T_RECORDS} (kind, k2, status);
CREATE INDEX IF NOT EXISTS {L.I_TICKETS_OPENED} ON {L.T_RECORDS} ({L.TICKET_OPENED})
    WHERE kind = '{LK.TICKET}';
CREATE TABLE IF NOT EXISTS {L.T_OUTBOX} (
    key TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, workspace TEXT NOT NULL,
    channel TEXT NOT NULL, status TEXT NOT NULL, next_at REAL NOT NULL, created REAL NOT NULL,
    json TEXT NOT NULL, started INTEGER NOT NULL DEFAULT 0, card TEXT NOT NULL DEFAULT '',
    lane TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS outbox_pending ON {L.T_OUTBOX} (status, workspace, channel, seq);
CREATE INDEX IF NOT EXISTS outbox_lanes ON {L.T_OUTBOX} (status, workspace, channel, lane, seq);
CREATE INDEX IF NOT EXISTS outbox_card ON {L.T_OUTBOX} (card, workspace, channel, lane)
    WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS outbox_status_next ON {L.T_OUTBOX} (status, next_at);
CREATE TABLE IF NOT EXISTS {L.T_OUTBOX_COUNTS} (status TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS {L.T_CHANNEL_LEASES} (
    workspace TEXT NOT NULL, channel TEXT NOT NULL, owner TEXT NOT NULL, expires REAL NOT NULL,
    PRIMARY KEY (workspace, channel));
CREATE TABLE IF NOT EXISTS {L.T_MESSAGE_REFS} (
    card_key TEXT NOT NULL, workspace TEXT NOT NULL, channel TEXT NOT NULL, json TEXT NOT NULL,
    expires REAL NOT NULL, PRIMARY KEY (card_key, workspace, channel));
CREATE INDEX IF NOT EXISTS message_refs_expires ON {L.T_MESSAGE_REFS} (expires);
CREATE TABLE IF NOT EXISTS {L.T_SIGNALS} (
    id TEXT PRIMARY KEY, customer TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL,
    json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS signals_customer ON {L.T_SIGNALS} (customer, created);
CREATE INDEX IF NOT EXISTS signals_expires ON {L.T_SIGNALS} (expires);
CREATE TABLE IF NOT EXISTS {L.T_FOOTPRINTS} (
    customer TEXT NOT NULL, mention TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL,
    PRIMARY KEY (customer, mention)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS footprints_expires ON {L.T_FOOTPRINTS} (expires);
CREATE TABLE IF NOT EXISTS {L.T_FOOTPRINTS_NEW} (
    customer TEXT NOT NULL, mention TEXT NOT NULL, created REAL NOT NULL, expires REAL NOT NULL,
    PRIMARY KEY (customer, mention)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {L.T_GROUP_ITEMS} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, item TEXT NOT NULL,
    UNIQUE (name, item));
CREATE TABLE IF NOT EXISTS {L.T_AUDIT} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS audit_at ON {L.T_AUDIT} (at, seq);
CREATE TABLE IF NOT EXISTS {L.T_LEASES} (
    name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS {L.T_TIMERS} (
    id TEXT PRIMARY KEY, due REAL NOT NULL, payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS timers_due ON {L.T_TIMERS} (due);
CREATE TABLE IF NOT EXISTS {L.T_ROUTING_LOG} (
    version INTEGER PRIMARY KEY, op TEXT NOT NULL, id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS {L.T_SERIES} (
    name TEXT NOT NULL, bucket INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (name, bucket));
CREATE INDEX IF NOT EXISTS series_bucket ON {L.T_SERIES} (bucket);
CREATE TABLE IF NOT EXISTS {L.T_TRACES} (
    id TEXT PRIMARY KEY, url TEXT, fetched REAL NOT NULL, expires REAL NOT NULL,
    json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS traces_fetched ON {L.T_TRACES} (fetched);
CREATE TABLE IF NOT EXISTS {L.T_TRACE_URLS} (
    url TEXT PRIMARY KEY, id TEXT NOT NULL, expires REAL NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS trace_urls_expires ON {L.T_TRACE_URLS} (expires);
CREATE TABLE IF NOT EXISTS {L.T_TRACE_URLS_NEW} (
    url TEXT PRIMARY KEY, id TEXT NOT NULL, expires REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {L.T_TALLIES} (
    name TEXT NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (name, day));
CREATE TABLE IF NOT EXISTS {L.T_DEAD} (
    kind TEXT NOT NULL, id TEXT NOT NULL, reason TEXT NOT NULL, at REAL NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (kind, id));
"""


# Versions brought up to date in place: 3 added footprints_new; 4 moved the lookup of a trace
# by its post's URL from an index on traces to trace_urls (and trace_urls_new); 5 made the
# tables every unrouted mention writes to (its dedup mark, its footprint) WITHOUT ROWID; 6
# dropped the index of traces by expiry (every fetched post's trace wrote to it): they are
# pruned by when they were fetched, through that index, as on Redis; 7 indexed tickets by when
# they opened (``socialops report tickets``), an index SQLite builds over the tickets stored
# and keeps from then on, whichever process writes them (one of an older release included); 8
# added tickets' priority, a field of their JSON that a ticket stored before reads as none: no
# table changes, only the version and the stamp (READABLE_FROM) that locks version 7 out; 9
# added tickets' tags (``tag T-3 billing``), none for a ticket stored before, as 8 did; 10
# merged tickets (``merge T-4 into T-3``), a ticket stored before read as merged with none; 11
# on-call overrides made in chat, records of a kind of their own (``override``): no table
# changes either; 12 added the outbox's ``lane`` (every item stored before is of its channel's
# posts, lane '') and its indexes; 13 (approvals' ``next_try_at``) changes no table; nor does
# 14 (a post's ``revision``), nor 15 (``removed_by``, a card field's ``names``), nor 16 (a
# ticket's ``claim_timeout_minutes``), nor 17 (an approval's ``reply_url``, a subscription's
# ``spikes``, a card's ``text_names``), nor 18 (a ticket's ``claim_timeout_chain``), nor 19
# (a card's reference's ``gone``, a weekly digest's ``digest_day``).
UPGRADES = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18}
# Tables made WITHOUT ROWID in version 5, with their indexes: keyed by their primary key alone,
# a row goes into one B-tree instead of two (the rows and an index of the key), so the mark
# and the footprint every mention leaves cost less to write (about 3% more mentions a second
# at 3% routed, benchmarks/pipeline.py), and a customer's footprints are read in key order.
REBUILT = {L.T_KV: ("kv_expires",), L.T_FOOTPRINTS: ("footprints_expires",),
           L.T_FOOTPRINTS_NEW: ()}


def migrate(db: sqlite3.Connection, path: Path | None = None) -> None:
    """Upgrades the database of ``db`` (opened at ``path``, as the config names it: the lock
    file a ``run`` holds is beside that name, not beside the file a symlink leads to)."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version == SCHEMA_VERSION or (version > SCHEMA_VERSION and not refusal(db, version)):
        return  # ours, or a later release's that says this one reads it: left as it is
    with _alone(db, path) as holder:
        _upgrade(db, holder)


def _upgrade(db: sqlite3.Connection, holder: str | None) -> None:
    db.execute("BEGIN IMMEDIATE")  # one process upgrades; another waits, then finds it done
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version == SCHEMA_VERSION or (version > SCHEMA_VERSION and not refusal(db, version)):
            # upgraded while this process waited, by this release or a later one it reads:
            # left as it is (writing ours would lower a later release's version and stamp)
            db.execute("ROLLBACK")
            return
        if why := refusal(db, version):
            raise sqlite3.DatabaseError(why)
        if version > 0 and holder is not None:
            raise sqlite3.DatabaseError(_in_use(version, holder))
        rebuilt = _rowid_tables(db)
        for table in rebuilt:  # set aside, copied back below into the table of this version
            db.execute(f"ALTER TABLE {table} RENAME TO {table}_v4")
            for index in REBUILT[table]:
                db.execute(f"DROP INDEX IF EXISTS {index}")
        outbox = [r[1] for r in db.execute(f"PRAGMA table_info({L.T_OUTBOX})")]
        if outbox and "lane" not in outbox:  # before the schema's index of it
            db.execute(f"ALTER TABLE {L.T_OUTBOX} ADD COLUMN lane TEXT NOT NULL DEFAULT ''")
        for statement in _statements(_SCHEMA):
            db.execute(statement)
        db.execute("DROP INDEX IF EXISTS traces_expires")
        for table in rebuilt:
            db.execute(f"INSERT OR IGNORE INTO {table} SELECT * FROM {table}_v4")
            db.execute(f"DROP TABLE {table}_v4")
        if 0 < version < 4:  # the traces kept so far keep their lookup by URL, latest first
            db.execute(f"INSERT OR REPLACE INTO {L.T_TRACE_URLS} SELECT url, id, expires FROM "
                       f"{L.T_TRACES} WHERE url IS NOT NULL ORDER BY fetched")
            db.execute("DROP INDEX IF EXISTS traces_url")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute(f"PRAGMA application_id = {READABLE_FROM}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def earlier(db: sqlite3.Connection) -> str | None:
    """Why a command that only reads the store does not open a file of an earlier release's
    schema: upgrading it would lock that release out (``READABLE_FROM``), and this release's
    reads need what the upgrade adds (12: the outbox's ``lane``). None for any other file
    (this release's, a later one's or an empty one: ``migrate`` decides as for every command)."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if not 0 < version < SCHEMA_VERSION:
        return None
    return (f"schema version {version} is an earlier release's, and this command only reads, "
            "so it leaves the file as it is (upgraded, that release could not run on it "
            "again): use that release's commands, or start this release's `socialops run` "
            "(after stopping that release's), which upgrades the file")


def refusal(db: sqlite3.Connection, version: int) -> str | None:
    """Why this release refuses a file it would misread, before anything is written: one a
    later release wrote (its version would otherwise be set back to ours, and what this
    release then wrote would lack what the later one keeps beside it), one of a version it
    does not upgrade, or one from before versions were kept (no version, but tables whose
    columns predate version 2). ``migrate`` asks inside the upgrade's transaction: a file
    another process is creating at that moment is none of these."""
    readable_from = int(db.execute("PRAGMA application_id").fetchone()[0]) or version
    if version > SCHEMA_VERSION and readable_from > SCHEMA_VERSION:
        return (f"schema version {version} is newer than this release's ({SCHEMA_VERSION}): "
                "a later socialops wrote it, and this one would misread it; run that release "
                "or a later one (downgrades are refused), or a copy of the file taken before it")
    if 0 < version < SCHEMA_VERSION and version not in UPGRADES:
        return (f"schema version {version} predates this release (needs {SCHEMA_VERSION}); "
                "move the old database file aside and start afresh")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0 and tables & set(L.ALL_TABLES):
        return ("this file has no schema version (a release before 2026-11-29 wrote it), which "
                f"predates this release (needs {SCHEMA_VERSION}); move the old database file "
                "aside and start afresh")
    return None


def _in_use(version: int, holder: str) -> str:
    """``holder``: what the process holding the lock wrote in it (its pid, and ``upgrading``
    while it upgrades the file)."""
    pid, _, what = holder.partition(" ")
    if what == LOCKLESS:
        return (f"schema version {version} is an earlier release's, and another socialops "
                f"process (pid {pid}) has it open, holding a lock file that is no longer beside "
                "it (deleted?) or one beside it through another name (a symlink): upgraded "
                "now, that process would fail on every card it queues; stop that process, "
                "then start this release's `socialops run`, which upgrades the file")
    if what == UPGRADING:  # waited for, UPGRADE_WAIT and SQLite's busy_timeout: still going
        return (f"schema version {version} is an earlier release's, and another socialops "
                f"process (pid {pid}) is upgrading it still: try again once it is done")
    # an earlier release's process runs on the file: upgraded under it, it would fail on every
    # write it makes that this version changed (release 11 inserts outbox rows by position)
    return (f"schema version {version} is an earlier release's, and another socialops process "
            f"(pid {pid}) is using it: upgraded now, that process would fail on every card "
            "it queues; stop that process, then start this release's `socialops run`, which "
            "upgrades the file (or use that release's commands until then)")


@contextmanager
def _alone(db: sqlite3.Connection, path: Path | None) -> Iterator[str | None]:
    """Holds the database's lock (``lock_path``) for an upgrade, so that a ``run`` of an
    earlier release starting meanwhile is refused by it instead of running on the file it read
    before the upgrade committed; yields what is written by another process that holds it
    (a ``run`` of any release since schema 7 holds it the same way), or None: free (held here
    until the block ends), held by this process (``run`` takes it before it opens the store),
    or by a process of this release (or a later one), which upgrades the file itself before
    anything else. Another process's upgrade holding it is waited for, as SQLite's write lock
    would be (it is then found done). The lock beside the name the store was opened at and the
    one beside the file it leads to (through symlinks) are both asked, when they differ. A
    database in memory, or a folder the lock file cannot be made in (and no lock file there):
    None, none held."""
    file = str(db.execute("PRAGMA database_list").fetchone()[2] or "")
    names = [lock_path(p) for p in dict.fromkeys(
        [*([Path(path).absolute()] if path is not None and file else []),
         *([Path(file)] if file else [])])]
    held: list[int] = []
    mine = False  # a lock of this process's among them (``run`` took it before opening)
    try:
        for name in names:
            fd = _open_lock(name)
            if fd is None or _held_here(fd) or inode_of(fd) in map(inode_of, held):
                if fd is not None:  # held here, or both names one file (a linked folder)
                    mine = mine or _held_here(fd)
                    os.close(fd)
                continue
            written = _take(fd)
            if written is None:
                held.append(fd)
                continue
            os.close(fd)
            if not _of_this_release(written.partition(" ")[2]):
                yield written
                return
        # a process with the file open holding another lock file: one deleted, or beside
        # another name of the file (an earlier release's run given a symlink held that one
        # only), asked also when this process holds the lock (a run given the file)
        if (held or mine) and file and (pid := _lockless(
                Path(file), {*map(inode_of, held), *_HELD})) is not None:
            yield f"{pid} {LOCKLESS}"
            return
        mark = f"{os.getpid()} {UPGRADING}\n".encode()  # never empty, unlike truncating first
        for fd in held:
            try:
                os.pwrite(fd, mark, 0)
                os.ftruncate(fd, len(mark))
            except OSError:  # a lock file this user may only read: held all the same
                pass
        yield None
    finally:
        for fd in held:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _open_lock(name: Path) -> int | None:
    """The lock file ``name`` opened (made if none), read-only when this user may not write it
    (``flock`` needs no more); None when there is none and none can be made there. A lock file
    that cannot be read at all is refused: whether a process uses the file is then unknown."""
    try:
        return os.open(name, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        pass
    try:
        return os.open(name, os.O_RDONLY)
    except FileNotFoundError:  # the upgrade's own write says what is wrong with the folder
        return None
    except OSError as exc:
        raise sqlite3.DatabaseError(
            f"cannot read the lock file {name} ({exc.strerror or exc}), so whether another "
            "socialops process is using the database is unknown and it is not upgraded: run "
            "this command as the user the bot runs as") from None


# The lock files this process holds (``bot.app.lock.SqliteLock``), by device and inode: a
# process tells its own lock by that, not by the pid written in it, which is another
# process's too when each runs in a container of its own (both pid 1, say).
_HELD: set[tuple[int, int]] = set()


def held(fd: int) -> None:
    """``fd``'s lock file is held by this process (``SqliteLock`` took it)."""
    _HELD.add(inode_of(fd))


def let_go(fd: int) -> None:
    _HELD.discard(inode_of(fd))


def _held_here(fd: int) -> bool:
    return inode_of(fd) in _HELD


def inode_of(fd: int) -> tuple[int, int]:
    """The open file's device and inode: one file, whatever name it was opened by."""
    st = os.fstat(fd)
    return st.st_dev, st.st_ino


def open_elsewhere(file: Path, taken: set[tuple[int, int]]) -> tuple[str, bool] | None:
    """``_lockless`` for ``bot.app.lock``: a process with ``file`` open holding a lock file
    other than ``taken`` (device, inode), by its pid, and whether that lock file was deleted
    (else it is beside another name of ``file``)."""
    return _lockless_holder(file, taken)


UPGRADING = "upgrading"
LOCKLESS = "lockless"  # a process with the file open holds a lock file no longer beside it


def _lockless(file: Path, taken: set[tuple[int, int]]) -> str | None:
    """``_lockless_holder``'s pid."""
    holder = _lockless_holder(file, taken)
    return holder[0] if holder else None


def _lockless_holder(file: Path, taken: set[tuple[int, int]]) -> tuple[str, bool] | None:
    """A process (its pid) that has the database open and holds a lock file other than the
    ones taken here (``taken``: their device and inode): a ``run`` whose ``<db>.lock`` an
    operator deleted, which the new lock file made in its place does not stop, or one of an
    earlier release given another name of the file. Read in /proc/locks (Linux; elsewhere
    None): an open WAL connection holds a read lock on the database file as long as it is
    open, and a ``run`` its flock. Every process with the file open holds that read lock (a
    backup, a sqlite3 shell, ``why``), and some hold an flock of their own (a cron job's
    one-at-a-time lock): only an flock on a ``<name>.lock`` whose name leads to the database
    (deleted or not, as /proc/<pid>/fd names it, read here or through /proc/<pid>/root) is
    a ``run``'s. A process whose open files
    this user may not read (another user's, ``hidepid``) is not known to be one: None, as
    for processes in another pid namespace (not listed there). With the pid: whether its lock
    file was deleted."""
    try:
        text = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
        st = os.stat(file)
    except OSError:
        return None
    here = str(os.getpid())
    database = (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)
    ours = {(os.major(d), os.minor(d), i) for d, i in taken}
    readers: set[str] = set()
    locking: dict[str, set[tuple[int, int, int]]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 6 or parts[1] == "->":  # '->': waiting for the lock, not holding it
            continue
        kind, mode, pid, where = parts[1], parts[3], parts[4], parts[5].split(":")
        try:
            at = (int(where[0], 16), int(where[1], 16), int(where[2]))
        except (IndexError, ValueError):
            continue
        if pid == here:
            continue
        if kind == "POSIX" and at == database:
            readers.add(pid)
        elif kind == "FLOCK" and mode == "WRITE" and at not in ours:
            locking.setdefault(pid, set()).add(at)
    for pid in sorted(readers & locking.keys(), key=int):
        if (deleted := _locks_beside(pid, locking[pid], database)) is not None:
            return pid, deleted
    return None


def _locks_beside(pid: str, locked: set[tuple[int, int, int]],
                  database: tuple[int, int, int]) -> bool | None:
    """Whether process ``pid`` holds one of the ``locked`` files (device, inode) open as a
    ``<name>.lock`` whose ``<name>`` leads to the ``database`` file: a lock beside another
    name of it (a symlink: False), or one beside it that was deleted (True); None if not. Its
    open files are read in /proc/<pid>/fd; unreadable (another user's process, ``hidepid``):
    None."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return None
    for fd in fds:
        try:
            st = os.stat(f"/proc/{pid}/fd/{fd}")
            if (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino) not in locked:
                continue
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
            name = link.removesuffix(" (deleted)")
            if not name.endswith(".lock"):
                continue
        except OSError:  # closed meanwhile
            continue
        # the name as that process sees it: here, and through its root (a mount namespace
        # of its own, a systemd unit's BindPaths= or a container's volume, sees the folder
        # at another path)
        for stem in (name.removesuffix(".lock"), f"/proc/{pid}/root{name[:-5]}"):
            try:
                beside = os.stat(stem)
            except OSError:  # no file by that name (the lock of another)
                continue
            if (os.major(beside.st_dev), os.minor(beside.st_dev), beside.st_ino) == database:
                return name != link
    return None
UPGRADE_WAIT = 10.0  # seconds, as the store's busy_timeout waits for SQLite's write lock
RELEASE = f"schema {SCHEMA_VERSION}"  # after the pid in the lock of a process of this release


def holder_mark() -> str:
    """What a process of this release writes in the lock it holds: its pid, then ``RELEASE``
    (releases before this one wrote the pid alone)."""
    return f"{os.getpid()} {RELEASE}\n"


def _of_this_release(what: str) -> bool:
    """A lock marked ``schema N``, N this release's or later: its process upgrades the file
    as it opens it (and waits for this one's upgrade, or finds it done), so it is not one an
    upgrade would break."""
    kind, _, number = what.partition(" ")
    return kind == "schema" and number.isdigit() and int(number) >= SCHEMA_VERSION


def written_in(fd: int) -> str:
    """What the holder of the lock ``fd`` wrote in it: its pid, then ``RELEASE`` or
    ``UPGRADING`` (releases before this one wrote the pid alone); "" when nothing yet."""
    return os.pread(fd, 32, 0).decode("ascii", "replace").strip()


def _take(fd: int) -> str | None:
    """Takes the lock: None once held, else what its holder wrote; an upgrade's (or a holder
    that has not written its pid yet) is waited for, ``UPGRADE_WAIT`` at most."""
    deadline = time.monotonic() + UPGRADE_WAIT
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return None
        except BlockingIOError:
            written = written_in(fd)
        pid, _, what = written.partition(" ")
        if (pid and what != UPGRADING) or time.monotonic() > deadline:
            return written or "?"
        time.sleep(0.02)


def lock_path(db_path: Path) -> Path:
    """``<db>.lock``, which a ``socialops run`` holds for its life (``bot.app.lock``)."""
    return db_path.with_name(db_path.name + ".lock")


_T = TypeVar("_T")


def _read_file(path: Path, read: Callable[[sqlite3.Connection], _T], failed: _T) -> _T:
    """``read`` of the database at ``path`` opened read-only (``read_only_uri``); ``failed``
    for no file, or one that cannot be opened or read."""
    if not path.is_file():
        return failed
    try:
        db = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return failed
    try:
        return read(db)
    except sqlite3.Error:
        return failed
    finally:
        db.close()


def file_refusal(path: Path) -> str | None:
    """``refusal`` of the database at ``path`` as it stands, read without writing anything,
    so that ``socialops check`` says it too; None for no file, or one that cannot be read
    (the store says why when it opens it)."""
    return _read_file(path, lambda db: refusal(
        db, int(db.execute("PRAGMA user_version").fetchone()[0])), None)


def file_subscriptions_in(path: Path, channel: str) -> list[str]:
    """The stored JSON of the subscriptions for ``channel`` (of every workspace) in the
    database at ``path``, read without writing anything, for ``socialops check``; none for no
    file, one that cannot be read, or one ``file_refusal`` refuses."""
    if file_refusal(path) is not None:
        return []
    return _read_file(path, lambda db: [str(data) for (data,) in db.execute(
        f"SELECT json FROM {L.T_RECORDS} WHERE kind = ? AND k2 = ?",
        (LK.SUBSCRIPTION, channel)).fetchall()], [])


def _rowid_tables(db: sqlite3.Connection) -> list[str]:
    """The tables of ``REBUILT`` a database holds as ordinary (rowid) tables."""
    found = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    return [t for t in REBUILT if t in found and "WITHOUT ROWID" not in found[t].upper()]


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
