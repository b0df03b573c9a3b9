"""The SQLite store: the default, one file under ``./data/``, for one bot process.

Nothing that can wait runs on the event loop, and nothing that cannot wait pays a thread hop
(about 100 µs, more under load, against 5-60 µs for the statement itself):

- A write first tries inline with no busy timeout: in WAL mode with ``synchronous=NORMAL`` a
  commit appends to the WAL in the page cache, without fsync. If another process holds the
  write lock, SQLite answers "busy" at once and the write runs again on the store's thread,
  which waits (up to 10 s); the loop stays free. Writes are serialised by an asyncio lock,
  held until the thread is done with the writing connection, even past a cancelled caller
  (``_writing``). Checkpoints (which do fsync) run on the thread too, never inline.
- Point reads (a row or a few, by key) run inline and see every committed write, so a read
  after an awaited write sees it. While no write is under way they run on the writing
  connection: its own commits keep its page cache, whereas each of them empties the read-only
  connection's, which then reads every page again (a tenth to a fifth of a routed mention's
  customer context read, half of a small read: ``docs/throughput.md``). While a write is
  under way (on the thread: waiting for another process's lock, or one whose caller was
  cancelled), and if the writing connection answers "busy" (it never waits, see above), they
  run on the read-only connection: a WAL reader never waits for a writer and never sees a
  transaction that has not committed.
- Scans (every subscription, the audit trail, ...) run on the thread, on a third connection.

Writes of one decision go through ``apply`` in one ``BEGIN IMMEDIATE`` transaction (all or
nothing). The outbox's settles (``finish``) of the cards delivered side by side are grouped
into one transaction, a savepoint each (``_settle_grouped``). WAL mode with
``synchronous=NORMAL`` keeps a commit durable across a killed process (only a power loss can
drop the last commits). Expiry times come from the injected clock, so tests advance time
instead of sleeping. Counters kept with the writes (outbox per status) make health checks and
metrics cheap, and ``prune`` applies the retention.

Every mention leaves a footprint (customer, mention), counted for customer context, and a
trace that ``why`` finds by the post's URL. Written straight into tables ordered by customer
or URL, a batch's rows land on as many pages as it has customers or URLs, and the cost of each
grew with the table (unrouted mentions at two thirds of the rate with a million of each
stored; ``benchmarks/pipeline.py --history``). They go to smaller tables first
(``footprints_new``, ``trace_urls_new``) and are merged into ``footprints`` and
``trace_urls`` in bulk, sorted, once ``MERGE_AT`` rows have gathered: one transaction on the
thread (writes wait for it, the event loop does not), each page of a big table written once
for the lot. Reads look in both.
"""

from __future__ import annotations

import asyncio
import errno
import functools
import json
import logging
import os
import resource
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar, cast

from bot.core import keys as LK
from bot.core.cards import OutboxItem
from bot.core.confcheck import read_only_uri, under_a_file
from bot.core.effects import Effects, TimerOp
from bot.core.errors import StoreError, StoreUnavailable, WriteConflict
from bot.core.models import (
    ACTIVE,
    ERASED_AUTHOR,
    Approval,
    AuditEvent,
    MessageRef,
    Signal,
    SignalBrief,
    Subscription,
    Ticket,
    Trace,
)
from bot.core.ports import Clock, DeadItem, DueTimer, RoutingChange
from bot.core.yamlfile import KERNEL_FILE_SYSTEMS, file_system_type
from bot.store import layout as L
from bot.store.coalesce import (
    coalesced,
    posted_as,
    replaceable,
    sent_with,
    settles,
    shown_with,
    shows,
    superseded,
    takes_in,
)
from bot.store.readable import ByIdParsed, Unreadable, natural_order, text_field
from bot.store.sqlite_schema import earlier, migrate

T = TypeVar("T")
log = logging.getLogger(__name__)

# RETURNING came with SQLite 3.35 (2021-03); Python links the system's library, older on some
# systems still kept (RHEL 9's 3.34.1): there a number is taken as before 2026-12-07, in a
# transaction of its own and read back, and the store needs 3.24 (its upserts) as it did
RETURNING = sqlite3.sqlite_version_info >= (3, 35)
ROUTING_LOG = 2000  # routing changes kept; older readers rebuild from scratch
CHECKPOINT_EVERY = 1000  # writes between WAL checkpoints (run on the thread)
MERGE_AT = 100_000  # footprints and trace URLs gathered before a bulk merge (thread; ~0.3 s)
# what a lane is leased and paced as (keys.lane_channel), in SQL over the outbox row ``o``
LANE_CHANNEL = "(o.channel || CASE o.lane WHEN '' THEN '' ELSE char(31) || o.lane END)"
# statements each connection keeps prepared: a record's kind is written into its statements
# (``_kind``), a dozen kinds each, more than Python's default of 128 holds over a long run; one
# pushed out is parsed and planned again at its next execution (a few KB each kept)
STATEMENTS_CACHED = 512
CLAIMED_KEPT = 10_000  # claimed outbox items remembered for their settle, at most
# queued outbox items remembered for their claim, at most: a drain claims what a batch queued
# (500 cards at most) soon after; one claimed late, or by another process, is parsed
QUEUED_KEPT = 2_000
# read around a window of tickets by when they opened, whose index holds Julian days (exact to
# tens of microseconds); the stored times then decide
OPENED_MARGIN = timedelta(seconds=1)
# INDEXED BY: the window through that index or an error, never a scan of every ticket (with
# few tickets stored, the planner would rather read them all through another index)
OPENED_SQL = (f"SELECT id, json FROM {L.T_RECORDS} INDEXED BY {L.I_TICKETS_OPENED} WHERE kind = "
              f"'{LK.TICKET}' AND {L.TICKET_OPENED} >= ? AND {L.TICKET_OPENED} < ?")


def _kind(kind: str) -> str:
    """A record's kind as a literal of its statement, never a bound parameter. SQLite prepares
    a statement again at each execution when its planner compared a parameter with a partial
    index's WHERE (``records_ticket_opened``'s ``kind = 'ticket'``): every statement of
    ``kind = ?`` was parsed and planned anew each time it ran (a one-table read took 9.5 µs,
    not 2.8; the customer context's four-part read 85 µs, not 17, with one customer's records
    in a store of 20,000 posts). The kinds are the code's (``bot.core.keys``); a quote is
    doubled all the same. tests/e2e/test_statements_prepared_once.py"""
    return "'" + kind.replace("'", "''") + "'"


TICKET = _kind(LK.TICKET)


def _ts(dt: datetime) -> float:
    return dt.timestamp()


def _julian(dt: datetime) -> float:
    """An instant as SQLite's ``julianday`` reads the stored one."""
    return dt.timestamp() / 86400 + 2440587.5


class _Conflict(WriteConflict):
    """A compare-and-set in ``apply`` failed: roll back, answer False (a settle's own write
    raises it: ``WriteConflict``)."""


def folder_problem(path: Path, exc: BaseException) -> str | None:
    """When the database (or its lock file) cannot be written because of its folder: why, and
    what to change, in one line; else None."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return under_a_file(path)
    return _unwritable(path, path.parent, denied=isinstance(exc, PermissionError))


def unreadable_file(path: Path) -> str | None:
    """The database file there and unreadable to this user (mode 000, or 200 after a 'chmod
    u+w' that advice for a read-only one would have given), in one line; else None."""
    if path.is_file() and not os.access(path, os.R_OK):
        return (f"cannot read the SQLite database {path}: the file is unreadable to this user; "
                f"make it readable and writable (chmod u+rw {path}), or set store.path to "
                "another file")
    return None


def write_problem(path: Path) -> str | None:
    """What stops the database at ``path`` being written, found without writing anything (so
    that ``check`` says it, and ``run`` before the first write rather than at it, as 'SQLite:
    attempt to write a readonly database'): the file, there already and read-only to this user,
    or its folder (the first of its folders that exists: ``run`` makes the rest), which SQLite
    writes its journal in. None when nothing is known to stop it."""
    folder = next((p for p in path.parents if p.exists()), None)
    if folder is None or not folder.is_dir():
        return None  # under a file: bot.core.confcheck.sqlite_path_problem says it
    if why := unreadable_file(path):
        return why
    if path.is_file() and not os.access(path, os.W_OK) and not _read_only(folder):
        return (f"cannot write the SQLite database {path}: the file is read-only to this user; "
                f"make it writable (chmod u+w {path}), or set store.path to another file")
    return _unwritable(path, folder, denied=False)


# Network and cluster file systems: SQLite's WAL, which the store writes in, needs every process
# of a database on one machine ("WAL does not work over a network filesystem": sqlite.org/wal.html),
# and the lock file's flock is not seen across machines on every such mount (SMB's; NFS mounted
# nolock or local_lock=all), so a run on another machine may start beside this one
NETWORK_FILE_SYSTEMS = frozenset({
    "9p", "afs", "beegfs", "ceph", "cifs", "fuse.cephfs", "fuse.gcsfuse", "fuse.glusterfs",
    "fuse.juicefs", "fuse.rclone", "fuse.s3fs", "fuse.sshfs", "gfs2", "glusterfs", "gpfs",
    "lustre", "ncpfs", "nfs", "nfs4", "ocfs2", "smb3", "smbfs"})


def network_share(path: Path) -> str | None:
    """Why a database at ``path`` on a network file system is one machine's at most, and what
    to do, in one line; None on a local disk (or where the mount cannot be read)."""
    there = next((p for p in (path, *path.parents) if p.exists()), None)  # run makes the rest
    kind = file_system_type(there) if there is not None else None
    if kind not in NETWORK_FILE_SYSTEMS:
        return None
    return (f"the SQLite database {path} is on a network file system ({kind}): SQLite serves "
            "processes of one machine there, and a run on another machine may not see this "
            "one's lock; run one socialops run on one machine, or keep the database on a local "
            "disk (several processes: Redis, docs/storage.md)")


def no_room(path: Path, exc: BaseException) -> str | None:
    """When the database could not be written for want of room: the disk holding it full
    (SQLite: 'database or disk is full'), or a file size limit (``ulimit -f``, systemd's
    LimitFSIZE=) reached, which SQLite says as 'disk I/O error'; or because the file system
    holding it refuses writes (read-only, a used-up quota: ``_refused``), which SQLite says
    as that too; why, and what to change, in one line. Else None."""
    code = getattr(exc, "sqlite_errorcode", None)
    said = getattr(exc, "errno", None)
    full = code == sqlite3.SQLITE_FULL or said == errno.ENOSPC
    # 'disk I/O error', and 'attempt to write a readonly database' of a file opened on a
    # file system that turned read-only since
    io = code is not None and code & 0xFF in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_READONLY)
    if not (full or io or said in (errno.EFBIG, errno.EROFS, errno.EDQUOT)):
        return None
    limit, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    if limit != resource.RLIM_INFINITY and _near(path, limit):
        return (f"cannot write the SQLite database {path}: this process has a file size limit "
                f"of {limit:,} bytes (ulimit -f, or LimitFSIZE= of a systemd unit); raise it "
                "for the user or service running socialops, or set store.path to a file it "
                "may grow")
    # the folder SQLite writes in: the one the path leads to through symlinks
    folder = Path(os.path.realpath(path)).parent
    if Path(os.path.realpath(path.parent)) == folder:
        folder = path.parent  # named as the config names it
    if not full:
        # SQLite says each of these as 'disk I/O error' and keeps the errno to itself:
        # a file system remounted read-only after a disk error (which statvfs and access()
        # may not show: ext4's emergency read-only), a quota used up, a full disk
        found = said if said in (errno.EROFS, errno.EDQUOT) else _probe(folder)
        if found != errno.ENOSPC:
            return _refused(path, folder, found)
    try:
        free = os.statvfs(folder)
        left = free.f_bavail * free.f_frsize
    except OSError:
        left = None
    if left is not None and left >= _ROOM:
        # SQLITE_FULL (ENOSPC, or a write cut short) with room on the disk: not a full disk
        return (f"cannot write the SQLite database {path}: SQLite found no room (database or "
                f"disk is full), though the disk holding {folder}/ has {left:,} bytes "
                "free: a disk quota for this user (quota), or no inodes left there (df -i)?")
    room = "" if left is None else f" ({left:,} bytes free)"
    return (f"cannot write the SQLite database {path}: the disk holding {folder}/ is "
            f"full{room}; free space there, or set store.path to a file on a disk with room")


# What a disk holding less than has no room for SQLite (a transaction writes pages to the
# journal and the file), and how near a file size limit the database or its journal must
# be for that limit to be what stopped it (a write is a page or a few, a checkpoint more)
_ROOM = 1 << 20


def probed_problem(path: Path) -> str | None:
    """Why the database at ``path`` could not be opened when its first folder that exists
    refuses a write as read-only or over quota (``_probe``): SQLite says either as it meets
    it ('locking protocol', 'disk I/O error', 'unable to open database file'). Else None."""
    folder = next((p for p in path.parents if p.is_dir()), None)
    return None if folder is None else _refused(path, folder, _probe(folder))


def _refused(path: Path, folder: Path, found: int | None) -> str | None:
    """The line for a write ``folder`` refused with ``found`` (an errno), when it is a
    read-only file system or a used-up quota; else None."""
    if found == errno.EROFS:
        return (f"cannot write the SQLite database {path}: the file system holding {folder}/ "
                "is read-only (remounted so after a disk error? see dmesg); make it writable "
                "again, or set store.path to a file on a writable one")
    if found == errno.EDQUOT:
        return (f"cannot write the SQLite database {path}: the disk quota of this user on the "
                f"file system holding {folder}/ is used up (quota -s); free some of theirs "
                "there or raise the quota, or set store.path to a file on a disk with room")
    return None


def _probe(folder: Path) -> int | None:
    """The errno a write of one page in ``folder`` ends with (a file made, written, synced
    and removed): why SQLite could not write there. None when it can, or cannot say."""
    name = folder / f".socialops-probe-{os.getpid()}"
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        return exc.errno
    try:
        os.write(fd, b"\0" * 4096)
        os.fsync(fd)
    except OSError as exc:
        return exc.errno
    finally:
        os.close(fd)
        try:
            os.unlink(name)
        except OSError:
            pass
    return None


def _near(path: Path, limit: int) -> bool:
    """Whether the database at ``path`` or its WAL or journal is within ``_ROOM`` of ``limit``
    bytes: a process whose file size limit is far above them was stopped by something else."""
    sizes = [0]  # none there yet: the limit stops the first byte
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
        try:
            sizes.append(name.stat().st_size)
        except OSError:
            continue
    return max(sizes) + _ROOM >= limit


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


# The kernel's own file systems, which hold no files of anyone's: a database or its lock file
# cannot be made there, though their folders read as writable to root (/proc, /sys)
def _unwritable(path: Path, folder: Path, *, denied: bool) -> str | None:
    kind = file_system_type(folder)
    if kind in KERNEL_FILE_SYSTEMS:
        return (f"cannot write the SQLite database {path} in {folder}/ (a {kind} file system, "
                "the kernel's, which holds no files); set store.path to a file on a disk")
    read_only = _read_only(folder)
    if not (read_only or denied or not os.access(folder, os.W_OK)):
        return None
    why = "the file system is read-only" if read_only else "no permission to write there"
    return (f"cannot write the SQLite database {path} in {folder}/ ({why}); make that folder "
            "writable, or set store.path to a file in one")



MERGES_FOLLOWED = 16  # merges deep a conversation's ticket is followed (more: damaged data)


class _Sums:
    """A transaction's additions to the outbox counts and the tallies, written as one upsert
    a row before it commits rather than one a change: the rows end as they would have (zeros
    included), and nothing in a transaction reads them back."""

    __slots__ = ("counts", "tallies")

    def __init__(self, counts: dict[str, int] | None = None,
                 tallies: dict[tuple[str, int], int] | None = None) -> None:
        self.counts = counts or {}
        self.tallies = tallies or {}

    def copy(self) -> _Sums:
        return _Sums(dict(self.counts), dict(self.tallies))

    def restore(self, saved: _Sums) -> None:
        """Back to ``saved`` (a savepoint's ``copy``): what was added since taken back."""
        self.counts, self.tallies = saved.counts, saved.tallies

    def flush(self, db: sqlite3.Connection) -> None:
        if self.counts:
            db.executemany(f"INSERT INTO {L.T_OUTBOX_COUNTS} VALUES (?, ?) ON CONFLICT(status) "
                           "DO UPDATE SET n = n + excluded.n", list(self.counts.items()))
        if self.tallies:
            db.executemany(
                f"INSERT INTO {L.T_TALLIES} VALUES (?, ?, ?) ON CONFLICT(name, day) "
                "DO UPDATE SET n = n + excluded.n",
                [(name, day, n) for (name, day), n in self.tallies.items()])


def _open_ticket(run: Callable[[str, Sequence[Any]], list[Any]], conversation: str,
                 customer: str) -> tuple[str, str] | None:
    """(id, JSON) of the ticket a post of this customer in this conversation attaches to:
    their latest open or claimed one there, else, when a ticket of theirs there was merged
    into another (``merge T-4 into T-3``) and none has been open there since (``apply`` takes
    the conversation from it, its ``k1``, when one is written open or claimed), the one it was
    merged into (and on, through its own merge) while that one is open or claimed. A merged
    ticket whose JSON cannot say into what (damaged) leads nowhere, as on Redis
    (``bot.store.redis_lua``)."""
    rows = run(f"SELECT id, status, json FROM {L.T_RECORDS} WHERE kind = {TICKET} AND k1 = ? "
               "AND k2 = ? AND status IN ('open', 'claimed', 'merged') "
               "ORDER BY status = 'merged', rowid DESC LIMIT 1", (conversation, customer))
    for _ in range(MERGES_FOLLOWED):
        if not rows:
            return None
        rid, status, data = (str(v) for v in rows[0])
        if status != "merged":
            return (rid, data) if status in ACTIVE else None
        rows = run(f"SELECT id, status, json FROM {L.T_RECORDS} WHERE kind = {TICKET} AND id = ("
                   f"SELECT CASE WHEN json_valid(json) THEN json_extract(json, "
                   f"'$.merged_into') END FROM {L.T_RECORDS} WHERE kind = {TICKET} AND id = ?)",
                   (rid,))
    return None

def _wal(db: sqlite3.Connection, wait: float = 10.0) -> None:
    """Puts ``db`` in WAL mode. Two processes making one new file at once: SQLite answers the
    one whose switch meets the other's lock "database is locked" at once, without its busy
    handler (6 of 40 triple starts on a new file failed so), so the switch is tried again for
    up to ``wait`` seconds, as any other statement waits for a lock."""
    deadline = time.monotonic() + wait
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _file_identity(path: Path) -> tuple[int, int] | None:
    """The device and inode ``path`` leads to; None when none does."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


class SqliteStore:
    may_lose_writes = False  # a commit survives a killed process (synchronous=NORMAL, WAL)

    def __init__(self, path: str | Path, *, clock: Clock, read_only: bool = False) -> None:
        """``read_only``: for a command that only reads the store; a file of an earlier
        release's schema is refused (``sqlite_schema.earlier``), not upgraded."""
        self.path = Path(path)
        self.clock = clock
        self._reads_only = read_only
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")
        self._wlock = asyncio.Lock()
        self._job: asyncio.Future[Any] | None = None  # the last write sent to the thread
        self._writes = 0
        self._closed = False
        self._settles: list[tuple[Callable[[sqlite3.Connection], None],
                                  asyncio.Future[None]]] = []
        self._settler: asyncio.Task[None] | None = None
        # key -> (stored JSON, item) of each item claimed and not yet settled: a settle starts
        # from it, guarded by the stored JSON being unchanged (see ``_settle_in``)
        self._claimed: dict[str, tuple[str, OutboxItem]] = {}
        # key -> (JSON written, item) of each item this process queued and has not claimed: a
        # claim that reads that JSON unchanged (but for its number) takes the item rather than
        # parse it again (``_queued_as``); parsing an item, its card's text cleaned once more,
        # was 25-30 µs of a routed mention's delivery
        self._queued: dict[str, tuple[str, OutboxItem]] = {}
        self._unreadable = Unreadable(f"the SQLite store at {self.path}", self._inspect)
        self._sums: _Sums | None = None  # the open transaction's (``_tx``)
        try:
            self._db = self._pool.submit(self._open).result()
            self._reader = sqlite3.connect(read_only_uri(self.path), uri=True,
                                           isolation_level=None, check_same_thread=False,
                                           cached_statements=STATEMENTS_CACHED)
            self._reader.execute("PRAGMA busy_timeout=10000")
            self._file = _file_identity(self.path)  # the file opened, as its name leads
        except (sqlite3.Error, OSError) as exc:
            self._pool.shutdown(wait=False)
            why = (unreadable_file(self.path) or probed_problem(self.path)
                   or folder_problem(self.path, exc)
                   or no_room(self.path, exc))
            raise StoreUnavailable(why or f"cannot open SQLite database at {self.path}: {exc}"
                                   ) from exc

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:  # a new file is this user's alone (SQLite gives its -wal and -shm its mode)
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:  # one made before keeps the mode it has
            pass
        db = sqlite3.connect(str(self.path), isolation_level=None, timeout=10.0,
                             check_same_thread=False, cached_statements=STATEMENTS_CACHED)
        _wal(db)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA busy_timeout=10000")
        if self._reads_only and (why := earlier(db)) is not None:
            db.close()
            raise sqlite3.DatabaseError(why)
        migrate(db, self.path)
        self._gathered = int(db.execute(
            f"SELECT (SELECT COUNT(*) FROM {L.T_FOOTPRINTS_NEW}) + "
            f"(SELECT COUNT(*) FROM {L.T_TRACE_URLS_NEW})").fetchone()[0])
        db.execute("PRAGMA busy_timeout=0")  # inline writes never wait (see the docstring)
        db.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints fsync: the thread runs them
        self._scanner = sqlite3.connect(str(self.path), isolation_level=None, timeout=10.0,
                                        cached_statements=STATEMENTS_CACHED)
        return db

    async def _write(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a write (a whole transaction) inline; on the thread if the lock is taken."""
        async with self._writing():
            try:
                result = fn(*args)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise self._failure(exc) from exc
                result = await self._run(self._patiently, fn, *args, writing=True)
            except sqlite3.Error as exc:
                raise self._failure(exc) from exc
            self._writes += 1
            if self._gathered >= MERGE_AT:  # under the lock already
                try:
                    await self._run(self._patiently, self._merge_gathered, writing=True)
                except StoreError as exc:  # they stay where they are, read, and merge later
                    log.warning("merging footprints and trace URLs failed: %s", exc)
            if self._writes % CHECKPOINT_EVERY == 0:
                await self._run(self._checkpoint, "PASSIVE", writing=True)
            return result

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[None]:
        """The write lock, held for as long as a write uses the writing connection. A caller
        cancelled while its write runs on the thread (a stop cancels a task that did not
        finish, the last outbox drain is bounded) leaves at once, but the thread goes on (it
        cannot be stopped: waiting for another process's lock, say): the lock is released when
        the thread is done, not before. Else an inline write or a point read, both of which use
        the writing connection while the lock is free, ran there meanwhile: each held the event
        loop until the thread's statement ended (up to the 10 s it waits for a lock), and the
        write then met the thread's transaction ('cannot start a transaction within a
        transaction')."""
        # a closed store's connection is being shut on the thread, or was: never used again
        if self._closed:
            raise StoreUnavailable(f"SQLite store at {self.path} is closed")
        await self._wlock.acquire()
        if self._closed:  # closed while this waited
            self._wlock.release()
            raise StoreUnavailable(f"SQLite store at {self.path} is closed")
        try:
            yield
        finally:
            job = self._job
            if job is not None and not job.done():
                job.add_done_callback(lambda _: self._wlock.release())
            else:
                self._wlock.release()

    async def _write_on_thread(self, fn: Callable[[], T]) -> T:
        """A long write (a prune, a bulk merge): on the thread, waiting for the write lock if
        another process holds it; the event loop stays free, the other writes wait."""
        async with self._writing():
            return await self._run(self._patiently, fn, writing=True)

    def _patiently(self, fn: Callable[..., T], *args: Any) -> T:
        self._db.execute("PRAGMA busy_timeout=10000")
        try:
            return fn(*args)
        finally:
            self._db.execute("PRAGMA busy_timeout=0")

    def _checkpoint(self, mode: str) -> None:
        self._db.execute("PRAGMA busy_timeout=10000")
        try:
            self._db.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()
        finally:
            self._db.execute("PRAGMA busy_timeout=0")

    async def _run(self, fn: Callable[..., T], *args: Any, writing: bool = False) -> T:
        """``fn`` on the thread; ``writing``: it uses the writing connection, under the write
        lock (``_writing``), which waits for it even if this caller is cancelled."""
        loop = asyncio.get_running_loop()
        try:
            job = loop.run_in_executor(self._pool, functools.partial(fn, *args))
            if writing:
                self._job = job
                return await asyncio.shield(job)
            return await job
        except sqlite3.Error as exc:
            raise self._failure(exc) from exc
        except RuntimeError as exc:  # the store was closed (its thread is gone)
            raise StoreUnavailable(f"SQLite store at {self.path} is closed") from exc

    def _now(self) -> float:
        return _ts(self.clock())

    def _inspect(self, kind: str, record_id: str) -> str:
        """The command line that shows a record as stored (a damaged one's log line says it)."""
        table, where = {"outbox": (L.T_OUTBOX, "key = {}"), "signal": (L.T_SIGNALS, "id = {}"),
                        "audit": (L.T_AUDIT, "seq = {}")}.get(
            kind, (L.T_RECORDS, f"kind = '{kind}' AND id = {{}}"))
        value = record_id.removeprefix("#") if kind == "audit" else "'{}'".format(
            record_id.replace("'", "''"))
        return f'sqlite3 {self.path} "SELECT json FROM {table} WHERE {where.format(value)}"'

    def unreadable_records(self) -> dict[str, int]:
        return dict(self._unreadable.counts)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        self._sums = sums = _Sums()
        try:
            yield db
            sums.flush(db)
            db.execute("COMMIT")
        except BaseException:
            # a COMMIT that failed (disk full, I/O error) leaves the transaction open: without
            # this every later BEGIN failed until a restart; an error SQLite already rolled
            # back for (some do) leaves none to roll back
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            self._sums = None

    def _q(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        return self._db.execute(sql, tuple(args)).fetchall()

    def _sq(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        """A scan, on the thread's own connection."""
        return self._scanner.execute(sql, tuple(args)).fetchall()

    def _point(self, sql: str, args: Sequence[Any] = ()) -> list[Any]:
        """A point read, inline (see the module docstring for which connection)."""
        try:
            if not (self._wlock.locked() or self._closed or self._db.in_transaction):
                try:
                    return self._db.execute(sql, tuple(args)).fetchall()
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
            return self._reader.execute(sql, tuple(args)).fetchall()
        except sqlite3.ProgrammingError as exc:  # closed
            raise StoreUnavailable(f"SQLite store at {self.path} is closed") from exc
        except sqlite3.Error as exc:
            raise self._failure(exc) from exc

    def _failure(self, exc: sqlite3.Error) -> StoreError:
        """A statement's failure as the store's: a disk gone full while the bot runs (SQLite:
        'database or disk is full', a file size limit's 'disk I/O error') says which disk and
        what to do, as at start-up (``no_room``); the write is rolled back (``_tx``) and its
        caller tries again later (a batch, a delivery, a timer), so nothing is lost."""
        return StoreError(no_room(self.path, exc) or f"SQLite: {exc}")

    async def close(self) -> None:
        """Idempotent: whoever owns the store closes it once more on the way out."""
        if self._closed:
            return
        self._closed = True
        self._reader.close()

        def shut() -> None:
            self._db.close()
            self._scanner.close()

        # the connection is shut on the thread while no write holds it (one on the thread
        # ends first): a write run inline on a connection being closed killed the process
        # (a segmentation fault in SQLite); a write after this is refused (_writing)
        await self._wlock.acquire()
        try:
            await self._run(shut)
        finally:
            self._wlock.release()
            self._pool.shutdown(wait=True)

    # -- apply: one decision, one transaction ------------------------------------------------

    async def apply(self, effects: Effects) -> bool:
        return await self._write(self._apply, effects)

    def _apply(self, fx: Effects, db: sqlite3.Connection | None = None) -> bool:
        if db is None:
            try:
                with self._tx() as tx:
                    self._apply(fx, tx)
            except _Conflict:
                return False
            return True
        now = self._now()
        for key, expected in fx.cursors_if.items():
            row = db.execute(f"SELECT value FROM {L.T_CURSORS} WHERE source = ?",
                             (key,)).fetchone()
            if (None if row is None else str(row[0])) != expected:
                raise _Conflict  # written by another process since this decision read it
        for chunk in _chunks(fx.unseen):
            if db.execute(f"SELECT 1 FROM {L.T_KV} WHERE key IN ({','.join('?' * len(chunk))}) "
                          "AND expires > ? LIMIT 1", [*chunk, now]).fetchone() is not None:
                raise _Conflict  # marked by another process since this decision read it
        if fx.revived:
            self._revive(db, fx.revived)
        for conversation, customer in fx.sole_tickets:
            if _open_ticket(lambda q, a: db.execute(q, a).fetchall(), conversation,
                            customer) is not None:
                raise _Conflict  # another process opened the conversation's ticket meanwhile
        for w in fx.records.values():
            if w.open and w.kind == LK.TICKET:
                # a ticket open or claimed in a conversation takes it from a ticket merged
                # there before, for good (Redis: the conversation's pointer): once this one
                # is resolved, a post there opens a new ticket, wherever that one went
                db.execute(f"UPDATE {L.T_RECORDS} SET k1 = NULL WHERE kind = {TICKET} AND "
                           "k1 = ? AND k2 = ? AND status = 'merged'", (w.k1, w.k2))
            if w.upsert:
                db.execute(f"INSERT OR REPLACE INTO {L.T_RECORDS} VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (w.kind, w.id, w.version, w.status, w.k1, w.k2, w.json))
            elif w.expected is None:
                try:
                    db.execute(f"INSERT INTO {L.T_RECORDS} VALUES (?, ?, ?, ?, ?, ?, ?)",
                               (w.kind, w.id, w.version, w.status, w.k1, w.k2, w.json))
                except sqlite3.IntegrityError as exc:
                    raise _Conflict from exc
            else:
                # a swapped record's version is the one its JSON carries, as on Redis (one
                # another write put keeps 0 in the column)
                stored = "json_extract(json, '$.version')" if w.swap else "version"
                cur = db.execute(
                    f"UPDATE {L.T_RECORDS} SET version = ?, status = ?, k1 = ?, k2 = ?, json = ? "
                    f"WHERE kind = {_kind(w.kind)} AND id = ? AND {stored} = ?",
                    (w.version, w.status, w.k1, w.k2, w.json, w.id, w.expected))
                if cur.rowcount != 1:
                    raise _Conflict
        for d in fx.deletes:
            if d.expected is None:
                db.execute(f"DELETE FROM {L.T_RECORDS} WHERE kind = {_kind(d.kind)} AND id = ?",
                           (d.id,))
            else:
                cur = db.execute(f"DELETE FROM {L.T_RECORDS} WHERE kind = {_kind(d.kind)} AND "
                                 "id = ? AND version = ?", (d.id, d.expected))
                if cur.rowcount != 1:
                    raise _Conflict
        if fx.audit:
            db.executemany(f"INSERT INTO {L.T_AUDIT} (at, json) VALUES (?, ?)",
                           [(_ts(e.at), e.to_json()) for e in fx.audit])
        for item in fx.outbox:
            self._enqueue(db, item)
        for op in fx.timers:
            self._timer_op(db, op)
        if fx.group_add:
            db.executemany(f"INSERT OR IGNORE INTO {L.T_GROUP_ITEMS} (name, item) VALUES (?, ?)",
                           fx.group_add)
        for name, items in fx.group_take:
            db.executemany(f"DELETE FROM {L.T_GROUP_ITEMS} WHERE name = ? AND item = ?",
                           [(name, i) for i in items])
        if fx.marks:
            db.executemany(f"INSERT OR REPLACE INTO {L.T_KV} VALUES (?, ?, ?)",
                           [(k, v, now + ttl) for k, v, ttl in fx.marks])
        for k, v, ttl, keep in fx.firsts:  # read here, in the write: two at once both land
            row = db.execute(f"SELECT value FROM {L.T_KV} WHERE key = ? AND expires > ?",
                             (k, now)).fetchone()
            held = [i for i in (str(row[0]).split() if row is not None else []) if i != v]
            db.execute(f"INSERT OR REPLACE INTO {L.T_KV} VALUES (?, ?, ?)",
                       (k, " ".join([v, *held][:keep]), now + ttl))
        if fx.forget:
            db.executemany(f"DELETE FROM {L.T_KV} WHERE key = ?", [(k,) for k in fx.forget])
        if fx.cursors:
            db.executemany(f"INSERT OR REPLACE INTO {L.T_CURSORS} VALUES (?, ?)",
                           list(fx.cursors.items()))
        if fx.signals:
            # a post whose author's data were erased (``handlers.erasure``) stays so: a
            # process that read it before writes it back unerased, and is not heard
            # (one statement whatever the batch's size: the ids as one JSON array, so a
            # batch of another size prepares no statement again; the pattern written in, as a
            # LIKE against a bound value is planned again at each execution)
            erased = {r[0] for r in db.execute(
                f"SELECT id FROM {L.T_SIGNALS} WHERE customer LIKE '%:{ERASED_AUTHOR}' AND id "
                "IN (SELECT value FROM json_each(?))",
                (json.dumps([s.id for s, _, _ in fx.signals]),))}
            kept = [(s, ttl, counted) for s, ttl, counted in fx.signals
                    if s.id not in erased or s.mention.author.id == ERASED_AUTHOR]
            db.executemany(f"INSERT OR REPLACE INTO {L.T_SIGNALS} VALUES (?, ?, ?, ?, ?)",
                           [(s.id, s.mention.customer_key, _ts(s.mention.created_at),
                             now + ttl, s.to_json()) for s, ttl, _ in kept])
            self._footprints(db, [(s.mention.customer_key, s.id, _ts(s.mention.created_at),
                                   now + counted) for s, _, counted in kept])
        if fx.footprints:
            self._footprints(db, [(c, m, at, now + ttl) for c, m, at, ttl in fx.footprints])
        self._erase(db, fx)
        for change, rid in fx.routing:
            version = self._incr(db, LK.ROUTING)
            db.execute(f"INSERT INTO {L.T_ROUTING_LOG} VALUES (?, ?, ?)", (version, change, rid))
            db.execute(f"DELETE FROM {L.T_ROUTING_LOG} WHERE version <= ?",
                       (version - ROUTING_LOG,))
        if fx.counts:
            db.executemany(
                f"INSERT INTO {L.T_SERIES} VALUES (?, ?, ?) ON CONFLICT(name, bucket) "
                "DO UPDATE SET n = n + excluded.n", fx.counts)
        if fx.traces:
            db.executemany(f"INSERT OR REPLACE INTO {L.T_TRACES} VALUES (?, ?, ?, ?, ?)",
                           [(tr.id, tr.url, tr.fetched, now + ttl, tr.json)
                            for tr, ttl in fx.traces])
            urls = [(tr.url, tr.id, now + ttl) for tr, ttl in fx.traces if tr.url]
            db.executemany(f"INSERT OR REPLACE INTO {L.T_TRACE_URLS_NEW} VALUES (?, ?, ?)", urls)
            self._gathered += len(urls)
        if fx.tallies:
            if self._sums is None:
                db.executemany(
                    f"INSERT INTO {L.T_TALLIES} VALUES (?, ?, ?) ON CONFLICT(name, day) "
                    "DO UPDATE SET n = n + excluded.n", fx.tallies)
            else:
                tallies = self._sums.tallies
                for name, day, n in fx.tallies:
                    tallies[name, day] = tallies.get((name, day), 0) + n
        if fx.dead:
            db.executemany(f"INSERT OR REPLACE INTO {L.T_DEAD} VALUES (?, ?, ?, ?, ?)",
                           [(d.kind, d.id, d.reason, _ts(d.at), d.data) for d in fx.dead])
        return True

    @staticmethod
    def _erase(db: sqlite3.Connection, fx: Effects) -> None:
        """A person's data erased (``handlers.erasure``): the indexes naming them dropped, the
        cards of theirs kept in the outbox and the audit log's values naming them written
        erased; after the audit events of ``fx`` are inserted, so that they are too."""
        for table in (L.T_FOOTPRINTS, L.T_FOOTPRINTS_NEW):
            db.executemany(f"DELETE FROM {table} WHERE customer = ?",
                           [(c,) for c in fx.erased_customers])
        for table in (L.T_TRACE_URLS, L.T_TRACE_URLS_NEW):
            db.executemany(f"DELETE FROM {table} WHERE url = ?", [(u,) for u in fx.erased_urls])
        for key, status, card in fx.erased_cards:
            if db.execute(f"UPDATE {L.T_OUTBOX} SET json = json_set(json, '$.card', json(?)) "
                          "WHERE key = ? AND status = ?", (card, key, status)).rowcount != 1:
                raise _Conflict  # retried, or pruned, since the erasure read it
        for named, written in fx.erased_audit:  # a scan of the log: a rare command's
            db.execute(f"UPDATE {L.T_AUDIT} SET json = replace(json, ?, ?) "
                       "WHERE instr(json, ?) > 0", (named, written, named))

    @staticmethod
    def _revive(db: sqlite3.Connection, revived: list[tuple[str, str, float]]) -> None:
        """Dead letters taken back, each only while still stored as set aside then (within a
        millisecond: the time was read back through a datetime); before any other write, so
        one set aside again by the same effects is written after."""
        for kind, item_id, at in revived:
            if db.execute(f"DELETE FROM {L.T_DEAD} WHERE kind = ? AND id = ? AND "
                          "abs(at - ?) < 0.001", (kind, item_id, at)).rowcount != 1:
                raise _Conflict  # retried (or pruned, or set aside again) meanwhile

    def _footprints(self, db: sqlite3.Connection, rows: list[tuple[str, str, float, float]]
                    ) -> None:
        """Into the small table; ``_merge_gathered`` moves them on (see the docstring)."""
        db.executemany(f"INSERT OR IGNORE INTO {L.T_FOOTPRINTS_NEW} VALUES (?, ?, ?, ?)", rows)
        self._gathered += len(rows)

    def _merge_gathered(self) -> None:
        """Move the gathered footprints and trace URLs into their big tables in key order
        (each page written once for the lot), in one transaction: a crash leaves every row in
        one table or the other; a footprint already there is not counted twice, and a URL
        keeps its latest trace."""
        with self._tx() as db:
            db.execute(f"INSERT OR IGNORE INTO {L.T_FOOTPRINTS} SELECT * FROM "
                       f"{L.T_FOOTPRINTS_NEW} ORDER BY customer, mention")
            db.execute(f"DELETE FROM {L.T_FOOTPRINTS_NEW}")
            db.execute(f"INSERT OR REPLACE INTO {L.T_TRACE_URLS} SELECT * FROM "
                       f"{L.T_TRACE_URLS_NEW} ORDER BY url")
            db.execute(f"DELETE FROM {L.T_TRACE_URLS_NEW}")
        self._gathered = 0

    @staticmethod
    def _incr(db: sqlite3.Connection, counter: str) -> int:
        upsert = (f"INSERT INTO {L.T_COUNTERS} VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET "
                  "value = value + 1")
        if not RETURNING:  # read back, in the caller's transaction
            db.execute(upsert, (counter,))
            return int(db.execute(f"SELECT value FROM {L.T_COUNTERS} WHERE name = ?",
                                  (counter,)).fetchone()[0])
        # one statement, read to its end: outside a transaction it is its own, committed
        # once its row is read (fetchone would leave it open until the cursor went)
        return int(db.execute(f"{upsert} RETURNING value", (counter,)).fetchall()[0][0])

    def _enqueue(self, db: sqlite3.Connection, item: OutboxItem) -> bool:
        # An edit goes behind its card's latest item still waiting, in that item's lane (an
        # edit queued while its card was not yet posted waits among the posts; one queued while
        # an edit waits in the edit lane, even once the card's message ref has ended, there),
        # so a card's revisions are never reordered (each lane keeps its order) and two lanes
        # never both post it; else an edit of a card already shown goes in its channel's edit
        # lane, beside the channel's new cards rather than behind them.
        lane = ""
        if item.update_of is not None:
            waiting = db.execute(
                f"SELECT lane, key, json, started FROM {L.T_OUTBOX} WHERE card = ? AND "
                "workspace = ? AND channel = ? AND status = 'pending' ORDER BY seq DESC LIMIT 1",
                (item.card.key, item.workspace, item.channel)).fetchone()
            if waiting is not None:
                lane = str(waiting[0])
                item = self._coalesce(db, item, str(waiting[1]), str(waiting[2]),
                                      int(waiting[3]))
                if item.status == "sent":  # taken into its card's waiting post: in no lane
                    lane = ""
            elif db.execute(f"SELECT 1 FROM {L.T_MESSAGE_REFS} WHERE card_key = ? AND "
                            "workspace = ? AND channel = ?",
                            (item.card.key, item.workspace, item.channel)).fetchone():
                lane = LK.EDITS
        # one statement: unless the key exists, take the next sequence number (the unique index
        # on seq answers MAX at once) and write it into the item's JSON too
        data = item.to_json()
        cur = db.execute(
            f"INSERT OR IGNORE INTO {L.T_OUTBOX} (key, seq, workspace, channel, status, "
            "next_at, created, json, started, card, lane) SELECT ?, s, ?, ?, ?, ?, ?, "
            "json_set(?, '$.seq', s), 0, ?, ? FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS s "
            f"FROM {L.T_OUTBOX})",
            (item.key, item.workspace, item.channel, item.status, _ts(item.next_attempt_at),
             _ts(item.created_at), data, item.card.key, lane))
        if cur.rowcount != 1:
            return False
        self._queue(item, data)
        self._count(db, item.status, 1)
        if item.update_of is not None and item.status == "pending":
            self._shown_by_post(db, item)
        return True

    def _queue(self, item: OutboxItem, data: str) -> None:
        """Remember ``item`` for its claim, with ``data``, the JSON it was written from (its
        sequence number then set in it). Kept even if the transaction rolls back: a claim
        takes it only for a stored JSON the same byte for byte, which is this item whoever
        wrote it."""
        if item.status != "pending":  # sent with the card's waiting post: never claimed
            return
        if len(self._queued) >= QUEUED_KEPT:
            self._queued.clear()
        self._queued[item.key] = (data, item)

    def _queued_as(self, key: str, data: str, seq: int) -> OutboxItem | None:
        """The item this process queued under ``key``, numbered ``seq``, if ``data`` (read by
        a claim) is still the JSON it was written as: with its number set, as ``json_set``
        writes it (compact JSON kept as it was; the first ``"seq":`` is the item's own, a
        string's quotes being escaped). None otherwise: an edit coalesced into it since, or
        another process's write, changed it, or a SQLite library wrote it otherwise; then it
        is parsed as any other."""
        queued = self._queued.pop(key, None)
        if queued is None:
            return None
        written, item = queued
        if written.replace(f'"seq":{item.seq},', f'"seq":{seq},', 1) != data:
            return None
        return item.model_copy(update={"seq": seq})

    def _shown_by_post(self, db: sqlite3.Connection, item: OutboxItem) -> None:
        """The card's first post, still waiting with no attempt begun (``item``, its edit,
        waits behind it for its thread line), goes out showing the card as ``item`` has it
        (``bot.store.coalesce.shows``): a deleted post's words never reach the channel."""
        row = db.execute(
            f"SELECT key, json, started FROM {L.T_OUTBOX} WHERE card = ? AND workspace = ? "
            "AND channel = ? AND status = 'pending' ORDER BY seq LIMIT 1",
            (item.card.key, item.workspace, item.channel)).fetchone()
        if row is None or str(row[0]) == item.key:
            return
        try:
            post = OutboxItem.model_validate_json(str(row[1]))
        except ValueError:  # damaged: left for the claim to set aside
            return
        if shows(post, int(row[2]), item):
            db.execute(f"UPDATE {L.T_OUTBOX} SET json = ? WHERE key = ?",
                       (posted_as(post, item).to_json(), str(row[0])))
            self._claimed.pop(str(row[0]), None)

    def _coalesce(self, db: sqlite3.Connection, item: OutboxItem, key: str, data: str,
                  started: int) -> OutboxItem:
        """``item`` carrying the card's waiting edit ``key`` too, which is then sent with it
        (``bot.store.coalesce``); ``item`` as it is when that edit may not be replaced or
        ``item`` was queued before (a decision made twice changes nothing)."""
        try:
            waiting = OutboxItem.model_validate_json(data)
        except ValueError:  # damaged: left for the claim to set aside
            return item
        if takes_in(waiting, started, item):  # the card's first post not yet attempted
            if db.execute(f"SELECT 1 FROM {L.T_OUTBOX} WHERE key = ?", (item.key,)).fetchone():
                return item
            db.execute(f"UPDATE {L.T_OUTBOX} SET json = ? WHERE key = ?",
                       (posted_as(waiting, item).to_json(), key))
            self._claimed.pop(key, None)
            return shown_with(item)
        if not replaceable(waiting, started, item) or db.execute(
                f"SELECT 1 FROM {L.T_OUTBOX} WHERE key = ?", (item.key,)).fetchone():
            return item
        db.execute(f"UPDATE {L.T_OUTBOX} SET status = 'sent', json = ? WHERE key = ?",
                   (sent_with(waiting).to_json(), key))
        self._count(db, "pending", -1)
        self._count(db, "sent", 1)
        self._claimed.pop(key, None)
        return coalesced(waiting, item)

    def _count(self, db: sqlite3.Connection, status: str, n: int) -> None:
        if self._sums is not None:  # written as the transaction ends
            self._sums.counts[status] = self._sums.counts.get(status, 0) + n
            return
        db.execute(f"INSERT INTO {L.T_OUTBOX_COUNTS} VALUES (?, ?) ON CONFLICT(status) "
                   "DO UPDATE SET n = n + excluded.n", (status, n))

    def _timer_op(self, db: sqlite3.Connection, t: TimerOp) -> None:
        op, timer_id, due, payload, token = t.op, t.id, t.due, t.payload, t.token
        if op == "schedule":
            assert due is not None
            db.execute(f"INSERT OR REPLACE INTO {L.T_TIMERS} VALUES (?, ?, ?, 0)",
                       (timer_id, _ts(due), payload))
        elif op == "once":
            assert due is not None
            db.execute(f"INSERT OR IGNORE INTO {L.T_TIMERS} VALUES (?, ?, ?, 0)",
                       (timer_id, _ts(due), payload))
        elif op == "sooner":  # a leased one moved loses its lease: it fires again, due now
            assert due is not None
            db.execute(f"INSERT INTO {L.T_TIMERS} VALUES (?, ?, ?, 0) ON CONFLICT(id) DO UPDATE "
                       "SET due = excluded.due, payload = excluded.payload, attempts = 0 "
                       f"WHERE excluded.due < {L.T_TIMERS}.due", (timer_id, _ts(due), payload))
        elif op == "cancel":
            db.execute(f"DELETE FROM {L.T_TIMERS} WHERE id = ?", (timer_id,))
        elif op == "complete":
            # the decision was made under this lease: if another process took the timer since
            # (the lease lapsed) or it was re-scheduled or cancelled, none of it is written
            if db.execute(f"DELETE FROM {L.T_TIMERS} WHERE id = ? AND due = ?",
                          (timer_id, token)).rowcount != 1:
                raise _Conflict
        elif op == "release":  # still this lease's, else another process's now: left alone
            assert due is not None
            db.execute(f"UPDATE {L.T_TIMERS} SET due = ?, attempts = MAX(attempts - 1, 0) "
                       "WHERE id = ? AND due = ?", (_ts(due), timer_id, token))
        else:
            raise ValueError(f"unknown timer op {op!r}")

    # -- dedup -------------------------------------------------------------------------------

    async def mark_seen(self, key: str, ttl_seconds: int) -> bool:
        def run() -> bool:
            now = self._now()
            with self._tx() as db:
                row = db.execute(f"SELECT expires FROM {L.T_KV} WHERE key = ?", (key,)).fetchone()
                if row is not None and row[0] > now:
                    return False
                db.execute(f"INSERT OR REPLACE INTO {L.T_KV} VALUES (?, '1', ?)",
                           (key, now + ttl_seconds))
                return True

        return await self._write(run)

    async def forget_seen(self, key: str) -> None:
        def run() -> None:
            with self._tx() as db:
                db.execute(f"DELETE FROM {L.T_KV} WHERE key = ?", (key,))

        await self._write(run)

    async def is_seen(self, key: str) -> bool:
        return bool(await self.seen_many([key]))

    async def seen_many(self, keys: Sequence[str]) -> set[str]:
        now = self._now()
        out: set[str] = set()
        for chunk in _chunks(list(keys)):
            marks = ",".join("?" * len(chunk))
            out.update(str(r[0]) for r in self._point(
                f"SELECT key FROM {L.T_KV} WHERE key IN ({marks}) AND expires > ?",
                [*chunk, now]))
        return out

    async def claim_values(self, claims: Sequence[tuple[str, str]],
                           ttl_seconds: int) -> dict[str, str]:
        def run() -> dict[str, str]:
            now = self._now()
            owners: dict[str, str] = {}
            with self._tx() as db:
                keys = list(dict.fromkeys(k for k, _ in claims))
                for chunk in _chunks(keys):
                    owners.update((str(k), str(v)) for k, v in db.execute(
                        f"SELECT key, value FROM {L.T_KV} WHERE key IN "
                        f"({','.join('?' * len(chunk))}) AND expires > ?", (*chunk, now)))
                new: list[tuple[str, str, float]] = []
                for value, its in _keys_by_value(claims).items():
                    if all(owners.get(k, value) == value for k in its):  # all or none
                        new += ((k, value, now + ttl_seconds) for k in its if k not in owners)
                        owners.update(dict.fromkeys(its, value))
                db.executemany(f"INSERT OR REPLACE INTO {L.T_KV} VALUES (?, ?, ?)", new)
            return owners

        return await self._write(run) if claims else {}

    async def get_values(self, keys: Sequence[str]) -> dict[str, str]:
        now = self._now()
        out: dict[str, str] = {}
        for chunk in _chunks(list(dict.fromkeys(keys))):
            out.update((str(k), str(v)) for k, v in self._point(
                f"SELECT key, value FROM {L.T_KV} WHERE key IN ({','.join('?' * len(chunk))}) "
                "AND expires > ?", [*chunk, now]))
        return out

    async def claim_value(self, key: str, value: str, ttl_seconds: int) -> str:
        return (await self.claim_values([(key, value)], ttl_seconds))[key]

    async def get_value(self, key: str) -> str | None:
        rows = self._point(f"SELECT value FROM {L.T_KV} WHERE key = ? AND "
                               "expires > ?", (key, self._now()))
        return str(rows[0][0]) if rows else None

    async def bump_failures(self, key: str, ttl_seconds: int) -> int:
        def run() -> int:
            now = self._now()
            with self._tx() as db:
                row = db.execute(f"SELECT value, expires FROM {L.T_KV} WHERE key = ?",
                                 (key,)).fetchone()
                n = int(row[0]) + 1 if row is not None and row[1] > now else 1
                db.execute(f"INSERT OR REPLACE INTO {L.T_KV} VALUES (?, ?, ?)",
                           (key, str(n), now + ttl_seconds))
                return n

        return await self._write(run)

    # -- cursors and counters ------------------------------------------------------------------

    async def get_cursor(self, source_id: str) -> str | None:
        rows = self._point(f"SELECT value FROM {L.T_CURSORS} WHERE source = ?",
                               (source_id,))
        return str(rows[0][0]) if rows else None

    async def set_cursor(self, source_id: str, value: str) -> None:
        await self._write(self._q, f"INSERT OR REPLACE INTO {L.T_CURSORS} VALUES (?, ?)",
                        (source_id, value))

    async def next_number(self, counter: str) -> int:
        # a ticket opened by a batch takes its number here, before the batch's transaction:
        # one statement, no BEGIN, read back or COMMIT of its own (a routed mention's ticket
        # cost a transaction of three statements and its commit)
        if RETURNING:
            return await self._write(self._incr, self._db, counter)

        def run() -> int:
            with self._tx() as db:
                return self._incr(db, counter)

        return await self._write(run)

    async def routing_version(self) -> int:
        rows = self._point(f"SELECT value FROM {L.T_COUNTERS} WHERE name = ?",
                               (LK.ROUTING,))
        return int(rows[0][0]) if rows else 0

    async def routing_changes(self, since: int) -> list[RoutingChange] | None:
        rows = self._point(f"SELECT version, op, id FROM {L.T_ROUTING_LOG} WHERE version > ? "
                           "ORDER BY version", (since,))
        first = self._point(f"SELECT MIN(version) FROM {L.T_ROUTING_LOG}")[0][0]
        if first is not None and since + 1 < int(first):
            return None
        return [RoutingChange(version=int(v), op=str(o), id=str(i)) for v, o, i in rows]

    # -- records -------------------------------------------------------------------------------

    def _get(self, kind: str, rid: str) -> str | None:
        rows = self._point(f"SELECT json FROM {L.T_RECORDS} WHERE kind = {_kind(kind)} AND "
                           "id = ?", (rid,))
        return str(rows[0][0]) if rows else None

    def _list(self, kind: str, where: str = "", args: Sequence[Any] = ()) -> list[str]:
        return [data for _, data in self._pairs(kind, where, args)]

    def _pairs(self, kind: str, where: str = "", args: Sequence[Any] = ()
               ) -> list[tuple[str, str]]:
        """(id, stored JSON) of each record of ``kind`` (that ``where`` picks), in order."""
        rows = self._sq(f"SELECT id, json FROM {L.T_RECORDS} WHERE kind = {_kind(kind)} {where}",
                        tuple(args))
        return sorted(((str(i), str(d)) for i, d in rows), key=lambda r: natural_order(r[0]))

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        data = self._get(LK.TICKET, ticket_id)
        return self._unreadable.one(LK.TICKET, ticket_id, data,
                                    Ticket.model_validate_json) if data else None

    async def list_tickets(self, *, status: str | None = None) -> list[Ticket]:
        rows = await self._run(self._pairs, LK.TICKET, *(("AND status = ?", (status,))
                                                         if status else ()))
        return self._unreadable.each(LK.TICKET, rows, Ticket.model_validate_json)

    async def tickets_opened(self, since: datetime, until: datetime) -> list[Ticket]:
        def run() -> list[tuple[str, str]]:
            return [(str(i), str(d)) for i, d in self._sq(
                OPENED_SQL, (_julian(since - OPENED_MARGIN), _julian(until + OPENED_MARGIN)))]

        tickets = self._unreadable.each(LK.TICKET, await self._run(run),
                                        Ticket.model_validate_json)
        return sorted((t for t in tickets if since <= t.created_at < until),
                      key=lambda t: t.created_at)

    async def find_open_ticket(self, conversation_key: str,
                               customer_key: str) -> Ticket | None:
        found = _open_ticket(self._point, conversation_key, customer_key)
        return self._unreadable.one(LK.TICKET, *found, Ticket.model_validate_json) \
            if found else None

    async def open_ticket_or_number(self, conversation_key: str, customer_key: str,
                                    counter: str, look_back: int,
                                    ) -> tuple[Ticket | None, int | None, list[str] | None]:
        found = await self.find_open_ticket(conversation_key, customer_key)
        if found is not None:
            return found, None, None
        return (None, await self.next_number(counter),
                await self.customer_signal_ids(customer_key, look_back))

    async def customer_open_tickets(self, customer_key: str) -> list[str]:
        rows = self._point(f"SELECT id FROM {L.T_RECORDS} WHERE kind = {TICKET} AND k2 = ? "
                           "AND status IN ('open', 'claimed')", (customer_key,))
        return sorted((str(r[0]) for r in rows), key=natural_order)

    async def get_approval(self, approval_id: str) -> Approval | None:
        data = self._get(LK.APPROVAL, approval_id)
        return self._unreadable.one(LK.APPROVAL, approval_id, data,
                                    Approval.model_validate_json) if data else None

    async def list_approvals(self, *, status: str | None = None) -> list[Approval]:
        rows = await self._run(self._pairs, LK.APPROVAL, *(("AND status = ?", (status,))
                                                           if status else ()))
        return self._unreadable.each(LK.APPROVAL, rows, Approval.model_validate_json)

    async def count_by_status(self, kind: str, status: str) -> int:
        # on the store's thread: a count over 100,000 index entries is no point read
        rows = await self._run(self._sq, f"SELECT COUNT(*) FROM {L.T_RECORDS} WHERE kind = "
                               f"{_kind(kind)} AND status = ?", (status,))
        return int(rows[0][0])

    async def get_subscription(self, sub_id: str) -> Subscription | None:
        data = self._get(LK.SUBSCRIPTION, sub_id)
        return self._unreadable.one(LK.SUBSCRIPTION, sub_id, data,
                                    Subscription.model_validate_json) if data else None

    async def get_subscriptions(self, ids: Sequence[str]) -> list[Subscription]:
        def run() -> list[tuple[str, str]]:
            out: list[tuple[str, str]] = []
            for chunk in _chunks(list(ids)):
                out += [(str(i), str(d)) for i, d in self._sq(
                    f"SELECT id, json FROM {L.T_RECORDS} WHERE kind = {_kind(LK.SUBSCRIPTION)} "
                    f"AND id IN ({','.join('?' * len(chunk))})", chunk)]
            return out

        return self._unreadable.each(LK.SUBSCRIPTION, await self._run(run),
                                     Subscription.model_validate_json) if ids else []

    async def list_subscriptions(self, *, workspace: str | None = None,
                                 channel: str | None = None) -> list[Subscription]:
        where, args = "", cast(tuple[str, ...], ())
        if workspace is not None and channel is not None:
            where, args = "AND k1 = ? AND k2 = ?", (workspace, channel)
        elif workspace is not None:
            where, args = "AND k1 = ?", (workspace,)
        rows = await self._run(self._pairs, LK.SUBSCRIPTION, where, args)
        return self._unreadable.each(LK.SUBSCRIPTION, rows, Subscription.model_validate_json)

    async def channel_subscriptions_raw(self, *, workspace: str, channel: str) -> list[str]:
        return await self._run(self._list, LK.SUBSCRIPTION, "AND k1 = ? AND k2 = ?",
                               (workspace, channel))

    async def count_subscriptions(self, *, workspace: str, channel: str,
                                  created_by: str) -> int:
        def run() -> int:
            try:
                return int(self._sq(
                    f"SELECT COUNT(*) FROM {L.T_RECORDS} WHERE kind = {_kind(LK.SUBSCRIPTION)} "
                    "AND k1 = ? AND k2 = ? AND json_extract(json, '$.created_by') = ?",
                    (workspace, channel, created_by))[0][0])
            except sqlite3.OperationalError as exc:
                if "malformed JSON" not in str(exc):
                    raise
            # one of them is no JSON at all (json_extract refuses it): read them here; such
            # a one is nobody's, as the Redis store counts
            return sum(1 for raw in self._list(LK.SUBSCRIPTION, "AND k1 = ? AND k2 = ?",
                                               (workspace, channel))
                       if text_field(raw, "created_by") == created_by)

        return await self._run(run)

    async def list_raw(self, kind: str) -> list[str]:
        return await self._run(self._list, kind)

    async def list_raw_ids(self, kind: str) -> list[tuple[str, str]]:
        return await self._run(self._pairs, kind)

    async def get_raw(self, kind: str, record_id: str) -> str | None:
        return self._get(kind, record_id)

    # -- outbox --------------------------------------------------------------------------------

    async def claim_due(self, *, now: datetime, owner: str, lease_seconds: float,
                        limit: int, chain: int = 1,
                        busy: Collection[tuple[str, str]] = ()) -> list[OutboxItem]:
        skip = set(busy)

        def run() -> list[OutboxItem]:
            t = _ts(now)
            out: list[OutboxItem] = []
            read: list[tuple[str, OutboxItem]] = []
            with self._tx() as db:
                heads = db.execute(
                    f"SELECT o.key, o.workspace, o.channel, o.lane, o.seq, o.json, o.started, "
                    f"l.owner, l.expires, c.value, r.json FROM {L.T_OUTBOX} o "
                    f"JOIN (SELECT workspace, channel, lane, MIN(seq) AS s FROM {L.T_OUTBOX} "
                    "WHERE status = 'pending' GROUP BY workspace, channel, lane) h "
                    "ON o.seq = h.s "
                    f"LEFT JOIN {L.T_CHANNEL_LEASES} l ON l.workspace = o.workspace "
                    f"AND l.channel = {LANE_CHANNEL} "
                    f"LEFT JOIN {L.T_CURSORS} c ON c.source = '_pace:' || o.workspace || "
                    f"char(0) || {LANE_CHANNEL} "
                    f"LEFT JOIN {L.T_MESSAGE_REFS} r ON r.card_key = o.card AND "
                    "r.workspace = o.workspace AND r.channel = o.channel "
                    # the window: four heads a claim, beside the lanes skipped as busy (their
                    # heads, pending while delivered, the oldest)
                    "WHERE o.next_at <= ? ORDER BY o.seq LIMIT ?",
                    (t, (limit + len(skip)) * 4)).fetchall()
                for key, ws, ch, lane, seq, data, started, holder, until, pace, ref in heads:
                    if len(out) >= limit:
                        break
                    if holder is not None and holder != owner and until > t:
                        continue
                    leased = LK.lane_channel(ch, lane)
                    if (ws, leased) in skip:  # the caller's own chain is delivering it
                        continue
                    db.execute(f"INSERT OR REPLACE INTO {L.T_CHANNEL_LEASES} VALUES (?, ?, ?, ?)",
                               (ws, leased, owner, t + lease_seconds))
                    links = [(key, data, started, ref, seq)]
                    room = min(chain, limit - len(out)) - 1
                    if room > 0:  # the chain: the channel's next pending items, while due
                        for k, due, d, n, r, s in db.execute(
                                f"SELECT o.key, o.next_at, o.json, o.started, r.json, o.seq "
                                f"FROM {L.T_OUTBOX} o LEFT JOIN {L.T_MESSAGE_REFS} r ON "
                                "r.card_key = o.card AND r.workspace = o.workspace AND "
                                "r.channel = o.channel WHERE o.status = 'pending' AND "
                                "o.workspace = ? AND o.channel = ? AND o.lane = ? AND "
                                "o.seq > ? ORDER BY o.seq LIMIT ?",
                                (ws, ch, lane, seq, room)).fetchall():
                            if due > t:
                                break
                            links.append((k, d, n, r, s))
                    db.executemany(f"UPDATE {L.T_OUTBOX} SET started = started + 1 "
                                   "WHERE key = ?", [(k,) for k, *_ in links])
                    paced = L.parse_time(pace)
                    taken = len(out)
                    for k, d, n, r, s in links:
                        try:
                            item = (self._queued_as(k, d, s)
                                    or OutboxItem.model_validate_json(d))
                        except ValueError as exc:
                            # damaged: set aside as a dead delivery, its JSON as it is, once;
                            # left pending it would be the channel's head for ever
                            self._unreadable.skip("outbox", k, exc)
                            db.execute(f"UPDATE {L.T_OUTBOX} SET status = 'dead', next_at = ? "
                                       "WHERE key = ?", (t, k))
                            self._count(db, "pending", -1)
                            self._count(db, "dead", 1)
                            continue
                        read.append((d, item))
                        out.append(item.model_copy(update={
                            "started": n + 1, "pace": paced, "lane": lane,
                            "prior": MessageRef.model_validate_json(r) if r else None}))
                    if len(out) == taken:  # nothing of the channel's claimed: no lease held
                        db.execute(f"DELETE FROM {L.T_CHANNEL_LEASES} WHERE workspace = ? AND "
                                   "channel = ?", (ws, leased))
            # committed: remember what was read, for the settles
            if len(self._claimed) > CLAIMED_KEPT:  # deliveries cut short (a stop) never settled
                self._claimed.clear()
            for data, item in read:
                self._claimed[item.key] = (data, item)
            return out

        return await self._write(run)

    async def renew_lane(self, workspace: str, channel: str, lane: str, *, owner: str,
                         until: datetime) -> bool:
        def run() -> bool:
            with self._tx() as db:
                return db.execute(
                    f"UPDATE {L.T_CHANNEL_LEASES} SET expires = ? WHERE workspace = ? AND "
                    "channel = ? AND owner = ?",
                    (_ts(until), workspace, LK.lane_channel(channel, lane), owner)).rowcount == 1

        return await self._write(run)

    async def get_outbox(self, key: str) -> OutboxItem | None:
        rows = self._point(f"SELECT json FROM {L.T_OUTBOX} WHERE key = ?", (key,))
        return self._unreadable.one("outbox", key, str(rows[0][0]),
                                    OutboxItem.model_validate_json) if rows else None

    def _settle(self, key: str, owner: str, change: Callable[[OutboxItem], OutboxItem], *,
                ref: MessageRef | None, refs_seconds: float, effects: Effects | None,
                unposted: bool = False, unclaimed: Sequence[str] = (),
                failure: bool = False) -> None:
        with self._tx() as db:
            self._settle_in(db, key, owner, change, ref=ref, refs_seconds=refs_seconds,
                            effects=effects, unposted=unposted, unclaimed=unclaimed,
                            failure=failure)

    def _settle_in(self, db: sqlite3.Connection, key: str, owner: str,
                   change: Callable[[OutboxItem], OutboxItem], *, ref: MessageRef | None,
                   refs_seconds: float, effects: Effects | None,
                   unposted: bool = False, release: bool = True,
                   unclaimed: Sequence[str] = (), failure: bool = False) -> None:
        """One settle, inside the caller's transaction: from what ``claim_due`` read of the
        item if that is still what is stored (no read, no parse), else from a fresh read (the
        item changed meanwhile: another process took over a lapsed lease). Written only
        while the item waits, as every claimed one does: one sent or dead by now was settled
        by another process since (its lease lapsed under this one, stopped), and is that
        one's to say; nothing of this settle is written. A ``failure`` neither while another
        owner holds the item's lane: that one claimed it since and settles it."""
        for k in unclaimed:
            self._claimed.pop(k, None)
        claimed = self._claimed.pop(key, None)
        if failure and self._lane_taken(db, key, owner):
            return
        claimed_item = claimed[1] if claimed is not None else None
        if claimed is not None:
            data, item = claimed
            new = change(item)
            cur = db.execute(f"UPDATE {L.T_OUTBOX} SET status = ?, next_at = ?, json = ? "
                             "WHERE key = ? AND json = ?",
                             (new.status, _ts(new.next_attempt_at), new.to_json(), key, data))
            if cur.rowcount != 1:
                claimed = None
        if claimed is None:
            row = db.execute(f"SELECT json FROM {L.T_OUTBOX} WHERE key = ?", (key,)).fetchone()
            if row is None:
                return
            item = self._unreadable.one("outbox", key, str(row[0]),
                                        OutboxItem.model_validate_json)
            if item.status != "pending":  # settled by another process since this claim
                return
            new = change(item)
            if claimed_item is not None and not settles(claimed_item, item, new):
                return
            db.execute(f"UPDATE {L.T_OUTBOX} SET status = ?, next_at = ?, json = ? "
                       "WHERE key = ?", (new.status, _ts(new.next_attempt_at), new.to_json(),
                                         key))
        if unposted:  # a definite refusal (429), or put back untried: this attempt taken
            # back, not the ones before it (one that timed out may have shown the card)
            db.execute(f"UPDATE {L.T_OUTBOX} SET started = MAX(started - 1, 0) WHERE key = ?",
                       (key,))
        if unclaimed:  # the rest of a chain, never attempted: as if never claimed
            db.executemany(f"UPDATE {L.T_OUTBOX} SET started = MAX(started - 1, 0) "
                           "WHERE key = ?", [(k,) for k in unclaimed])
        if new.status != item.status:
            self._count(db, item.status, -1)
            self._count(db, new.status, 1)
        if ref is not None:
            self._keep_ref(db, item, ref, expires=self._now() + refs_seconds)
        if release:
            db.execute(f"DELETE FROM {L.T_CHANNEL_LEASES} WHERE workspace = ? AND channel = "
                       f"(SELECT {LANE_CHANNEL} FROM {L.T_OUTBOX} o WHERE o.key = ?) "
                       "AND owner = ?", (item.workspace, key, owner))
        if effects:
            self._apply(effects, db)

    @staticmethod
    def _lane_taken(db: sqlite3.Connection, key: str, owner: str) -> bool:
        """Whether another owner than ``owner`` holds the lease on ``key``'s lane: it claimed
        the item after this owner's lease lapsed (stopped) and may be calling the chat for it
        now; what this owner heard before is not written over its claim."""
        row = db.execute(f"SELECT l.owner FROM {L.T_CHANNEL_LEASES} l JOIN {L.T_OUTBOX} o ON "
                         f"l.workspace = o.workspace AND l.channel = {LANE_CHANNEL} "
                         "WHERE o.key = ?", (key,)).fetchone()
        return row is not None and row[0] != owner

    async def finish(self, key: str, *, owner: str, ref: MessageRef | None,
                     effects: Effects | None = None, release: bool = True,
                     unclaimed: Sequence[str] = (),
                     refs_seconds: float = L.REFS_SECONDS) -> None:
        now = self.clock()

        def change(item: OutboxItem) -> OutboxItem:
            return item.model_copy(update={"status": "sent", "ref": ref,
                                           "next_attempt_at": now})

        await self._settle_grouped(functools.partial(
            self._settle_in, key=key, owner=owner, change=change, ref=ref,
            refs_seconds=refs_seconds, effects=effects, release=release,
            unclaimed=tuple(unclaimed)))

    async def _settle_grouped(self, settle: Callable[[sqlite3.Connection], None]) -> None:
        """Group commit of settles: the cards a drain delivers together (its deliveries run
        side by side) are settled in one transaction rather than one each. Each settle runs
        in its own savepoint, so one that fails leaves the others to commit, and its caller
        gets its error; every caller returns only once its own settle has committed (or
        raises). A crash before the commit loses the whole group's settles, as it would have
        lost any that had not committed yet: those cards were claimed (``started``), so the
        next attempt looks for each before posting it (DESIGN §4)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._settles.append((settle, done))
        if self._settler is None:
            # a task, so that every delivery ready to settle in this turn of the loop joins
            self._settler = loop.create_task(self._settle_group())
        await done

    async def _settle_group(self) -> None:
        group, self._settles, self._settler = self._settles, [], None

        def fail(exc: BaseException) -> None:
            for _, done in group:
                if not done.done():
                    done.set_exception(exc)

        try:
            errors = await self._write(self._settle_many, [s for s, _ in group])
        except asyncio.CancelledError:
            fail(StoreUnavailable(f"SQLite store at {self.path}: settling was cancelled"))
            raise
        except BaseException as exc:  # every caller gets it (nothing of the group committed)
            fail(exc)
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            return
        for (_, done), error in zip(group, errors, strict=True):
            if done.done():
                continue
            if error is None:
                done.set_result(None)
            else:
                done.set_exception(error)

    def _settle_many(self, settles: list[Callable[[sqlite3.Connection], None]]
                     ) -> list[Exception | None]:
        errors: list[Exception | None] = []
        with self._tx() as db:
            sums = self._sums
            assert sums is not None
            for settle in settles:
                db.execute("SAVEPOINT settle")
                saved = sums.copy()
                try:
                    settle(db)
                except Exception as exc:
                    db.execute("ROLLBACK TO settle")
                    sums.restore(saved)  # its additions taken back with it
                    errors.append(self._failure(exc) if isinstance(exc, sqlite3.Error)
                                  else exc)
                else:
                    errors.append(None)
                finally:
                    db.execute("RELEASE settle")
        return errors

    @staticmethod
    def _keep_ref(db: sqlite3.Connection, item: OutboxItem, ref: MessageRef, *,
                  expires: float) -> None:
        """The first message posted for the card stays its message; a later ref for that same
        message replaces it (an update learnt its thread). Either way its retention restarts."""
        db.execute(f"INSERT INTO {L.T_MESSAGE_REFS} VALUES (?, ?, ?, ?, ?) "
                   "ON CONFLICT(card_key, workspace, channel) DO UPDATE SET json = CASE WHEN "
                   "json_extract(json, '$.message_id') = json_extract(excluded.json, "
                   "'$.message_id') THEN excluded.json ELSE json END, expires = excluded.expires",
                   (item.card.key, item.workspace, item.channel, ref.to_json(), expires))

    async def retry_later(self, key: str, *, owner: str, at: datetime, error: str,
                          dead: bool = False, effects: Effects | None = None,
                          posted: bool = True, unclaimed: Sequence[str] = ()) -> None:
        def change(item: OutboxItem) -> OutboxItem:
            return item.model_copy(update={
                "attempts": item.attempts + 1, "next_attempt_at": at,
                "last_error": error[:2000], "status": "dead" if dead else "pending"})

        await self._write(functools.partial(self._settle, key, owner, change, ref=None,
                                            refs_seconds=0.0, effects=effects,
                                            unposted=not posted, unclaimed=tuple(unclaimed),
                                            failure=True))

    async def outbox_counts(self) -> dict[str, int]:
        """The outbox's items by status (what /healthz, /readyz and /metrics look at): also
        refused when ``store.path`` no longer leads to the file this process has open."""
        if self._file is not None and _file_identity(self.path) != self._file:
            raise StoreUnavailable(
                f"the SQLite database {self.path} is no longer the file this process opened "
                "(moved or deleted): what it writes now is lost when it stops; put the file "
                "back and restart the process")
        rows = self._point(f"SELECT status, n FROM {L.T_OUTBOX_COUNTS}")
        counts = {"pending": 0, "sent": 0, "dead": 0}
        counts.update({str(s): int(n) for s, n in rows})
        return counts

    async def list_outbox(self, *, status: str, limit: int = 100) -> list[OutboxItem]:
        rows = await self._run(self._sq, f"SELECT key, json, workspace, channel, seq, next_at, "
                               f"card, lane FROM {L.T_OUTBOX} WHERE status = ? ORDER BY seq "
                               "LIMIT ?", (status, limit))
        if status != "dead":
            lanes = {str(k): str(lane or "") for k, *_, lane in rows}  # not in the JSON
            return [i.model_copy(update={"lane": lanes.get(i.key, "")}) for i in
                    self._unreadable.each("outbox", [(str(k), str(d)) for k, d, *_ in rows],
                                          OutboxItem.model_validate_json)]
        out = []
        for key, data, ws, ch, seq, at, card, lane in rows:
            try:
                out.append(OutboxItem.model_validate_json(data).model_copy(
                    update={"lane": str(lane or "")}))
            except ValueError:  # set aside by claim_due: listed, with why
                out.append(self._unreadable.dead_delivery(
                    str(key), str(data), workspace=str(ws), channel=str(ch), seq=int(seq),
                    died=datetime.fromtimestamp(at, UTC), card_key=str(card)))
        return out

    async def requeue(self, key: str, *, at: datetime, effects: Effects | None = None,
                      while_dead: OutboxItem | None = None) -> bool:
        def run() -> bool:
            with self._tx() as db:
                row = db.execute(f"SELECT json FROM {L.T_OUTBOX} WHERE key = ? AND "
                                 "status = 'dead'", (key,)).fetchone()
                if row is None:
                    return False
                if while_dead is not None and not self._dead_since(db, while_dead):
                    return False
                item = self._unreadable.one("outbox", key, str(row[0]),
                                            OutboxItem.model_validate_json).requeued(at)
                if item.update_of is not None:  # an edit: the card as shown since, if it was
                    later = db.execute(
                        f"SELECT key, json FROM {L.T_OUTBOX} WHERE card = ? AND workspace = ? "
                        "AND channel = ? AND status = 'sent' AND seq > (SELECT seq FROM "
                        f"{L.T_OUTBOX} WHERE key = ?) ORDER BY seq DESC LIMIT 1",
                        (item.card.key, item.workspace, item.channel, key)).fetchone()
                    if later is not None:
                        try:
                            item = superseded(item, OutboxItem.model_validate_json(later[1]))
                        except ValueError:  # damaged: the retry as it was
                            pass
                db.execute(f"UPDATE {L.T_OUTBOX} SET status = 'pending', next_at = ?, json = ? "
                           "WHERE key = ?", (_ts(at), item.to_json(), key))
                self._count(db, "dead", -1)
                self._count(db, "pending", 1)
                if effects:
                    self._apply(effects, db)
                return True

        return await self._write(run)

    @staticmethod
    def _dead_since(db: sqlite3.Connection, item: OutboxItem) -> bool:
        """Whether ``item`` is still dead from the death it was read dead from."""
        row = db.execute(f"SELECT json FROM {L.T_OUTBOX} WHERE key = ? AND status = 'dead'",
                         (item.key,)).fetchone()
        try:
            return row is not None and (
                OutboxItem.model_validate_json(row[0]).created_at == item.created_at)
        except ValueError:  # damaged since: not the item read
            return False

    async def settle_notice(self, key: str, *, because: str, dead_too: bool = False,
                           effects: Effects | None = None) -> bool:
        def run() -> bool:
            with self._tx() as db:
                if db.execute(f"SELECT 1 FROM {L.T_OUTBOX} WHERE key = ? AND status = 'dead'",
                              (key,)).fetchone() is None:
                    return False
                row = db.execute(f"SELECT status FROM {L.T_OUTBOX} WHERE key = ?",
                                 (because,)).fetchone()
                if row is None or (row[0] == "dead" and not dead_too):
                    return False
                db.execute(f"DELETE FROM {L.T_OUTBOX} WHERE key = ?", (key,))
                self._count(db, "dead", -1)
                if effects:
                    self._apply(effects, db)
                return True

        return await self._write(run)

    async def message_ref(self, card_key: str, workspace: str,
                          channel: str) -> MessageRef | None:
        rows = self._point(f"SELECT json FROM {L.T_MESSAGE_REFS} WHERE card_key = ? "
                               "AND workspace = ? AND channel = ?", (card_key, workspace, channel))
        return MessageRef.model_validate_json(rows[0][0]) if rows else None

    # -- signals, customers, groups, series --------------------------------------------------------

    async def get_signal(self, signal_id: str) -> Signal | None:
        rows = self._point(f"SELECT json FROM {L.T_SIGNALS} WHERE id = ? AND "
                               "expires > ?", (signal_id, self._now()))
        return self._unreadable.one("signal", signal_id, str(rows[0][0]),
                                    Signal.model_validate_json) if rows else None

    async def get_signals(self, signal_ids: Sequence[str]) -> Mapping[str, Signal]:
        return self._by_id(L.T_SIGNALS, "signal", signal_ids, Signal.model_validate_json)

    async def customer_signals(self, customer_key: str, limit: int = 20) -> list[Signal]:
        rows = self._point(f"SELECT id, json FROM {L.T_SIGNALS} WHERE customer = ? AND "
                           "expires > ? ORDER BY created DESC LIMIT ?",
                           (customer_key, self._now(), limit))
        return self._unreadable.each("signal", [(str(i), str(d)) for i, d in rows],
                                     Signal.model_validate_json)

    async def customer_signal_ids(self, customer_key: str, limit: int = 20) -> list[str]:
        rows = self._point(f"SELECT id FROM {L.T_SIGNALS} WHERE customer = ? AND "
                           "expires > ? ORDER BY created DESC LIMIT ?",
                           (customer_key, self._now(), limit))
        return [str(i) for i, in rows]

    async def customer_mentions(self, customer_key: str) -> int:
        return (await self.customer_history(customer_key, 0))[1]

    async def customer_history(self, customer_key: str, limit: int = 20,
                               ) -> tuple[list[SignalBrief], int, list[str]]:
        """The three reads in one statement (one read transaction: a third of the cost of
        three); each part comes tagged and is put in order here. Of each signal, SQLite reads
        out the two fields the context needs (``SignalBrief``)."""
        def read(valid: str = "") -> list[Any]:
            return self._point(
                f"SELECT 0, COUNT(*), NULL, NULL, NULL FROM {L.T_FOOTPRINTS} WHERE customer = "
                "?1 AND expires > ?2 UNION ALL SELECT 0, COUNT(*), NULL, NULL, NULL FROM "
                f"{L.T_FOOTPRINTS_NEW} WHERE customer = ?1 AND expires > ?2 UNION ALL "
                f"SELECT 1, rowid, id, NULL, NULL FROM {L.T_RECORDS} WHERE kind = {TICKET} "
                "AND k2 = ?1 AND status IN ('open', 'claimed') UNION ALL SELECT 2, created, "
                "id, json_extract(json, '$.sentiment.compound'), json_extract(json, "
                f"'$.mention.text') FROM (SELECT created, id, json FROM {L.T_SIGNALS} WHERE "
                f"customer = ?1 AND expires > ?2 {valid}ORDER BY created DESC LIMIT ?3)",
                (customer_key, self._now(), limit))

        try:
            rows = read()
        except StoreError as exc:
            if "malformed JSON" not in str(exc):
                raise
            # a signal that is no JSON (json_extract refuses it): read again without it
            rows = read("AND json_valid(json) ")
            for (sid,) in self._point(
                    f"SELECT id FROM (SELECT id, json FROM {L.T_SIGNALS} WHERE customer = ? "
                    "AND expires > ? ORDER BY created DESC LIMIT ?) WHERE NOT json_valid(json)",
                    (customer_key, self._now(), limit)):
                self._unreadable.skip("signal", str(sid), ValueError("not JSON"))
        mentions = sum(int(n) for tag, n, *_ in rows if tag == 0)
        tickets = sorted((str(v) for tag, _, v, *_ in rows if tag == 1), key=natural_order)
        signals = []
        for tag, n, v, c, t in rows:
            if tag != 2:
                continue
            if isinstance(c, str) or not isinstance(t, str | None):  # a field's wrong type
                self._unreadable.skip("signal", str(v), TypeError("not a signal's fields"))
                continue
            signals.append((n, SignalBrief(str(v), None if c is None else float(c), str(t))))
        signals.sort(key=lambda s: s[0], reverse=True)  # newest first
        return [b for _, b in signals], mentions, tickets

    async def group_items(self, group: str) -> list[str]:
        rows = self._point(f"SELECT item FROM {L.T_GROUP_ITEMS} WHERE name = ? "
                               "ORDER BY seq", (group,))
        return [str(r[0]) for r in rows]

    async def group_has(self, group: str, item: str) -> bool:
        return bool(self._point(f"SELECT 1 FROM {L.T_GROUP_ITEMS} WHERE name = ? AND item = ?",
                                (group, item)))  # its UNIQUE (name, item) index

    async def series_counts(self, since_bucket: int, *,
                            sources: bool = False) -> dict[str, dict[int, int]]:
        low, high = LK.SOURCE_SERIES, LK.SOURCE_SERIES[:-1] + chr(ord(LK.SOURCE_SERIES[-1]) + 1)
        which = "name >= ? AND name < ?" if sources else "NOT (name >= ? AND name < ?)"
        rows = await self._run(self._sq, f"SELECT name, bucket, n FROM {L.T_SERIES} WHERE "
                               f"bucket >= ? AND {which}", (since_bucket, low, high))
        out: dict[str, dict[int, int]] = {}
        for name, bucket, n in rows:
            out.setdefault(str(name), {})[int(bucket)] = int(n)
        return out

    # -- traces and tallies --------------------------------------------------------------------

    async def get_trace(self, mention_id: str) -> Trace | None:
        rows = self._point(f"SELECT json FROM {L.T_TRACES} WHERE id = ? AND expires > ?",
                           (mention_id, self._now()))
        return self._unreadable.one("trace", mention_id, str(rows[0][0]),
                                    Trace.model_validate_json) if rows else None

    async def get_traces(self, mention_ids: Sequence[str]) -> Mapping[str, Trace]:
        return self._by_id(L.T_TRACES, "trace", mention_ids, Trace.model_validate_json)

    def _by_id(self, table: str, kind: str, ids: Sequence[str],
               parse: Callable[[str], T]) -> ByIdParsed[T]:
        """The unexpired rows of ``ids`` in ``table`` (signals, traces), one statement a
        chunk, each parsed when looked up (``get_signal``'s and ``get_trace``'s refusal)."""
        stored: dict[str, str] = {}
        now = self._now()
        for chunk in _chunks(list(dict.fromkeys(ids))):
            stored.update((str(i), str(d)) for i, d in self._point(
                f"SELECT id, json FROM {table} WHERE id IN ({','.join('?' * len(chunk))}) "
                "AND expires > ?", [*chunk, now]))
        return ByIdParsed(self._unreadable, kind, stored, parse)

    async def trace_by_url(self, url: str) -> Trace | None:
        """The latest trace of the post at ``url``: gathered lately, or merged before."""
        rows = self._point(
            f"SELECT json FROM {L.T_TRACES} WHERE id = COALESCE((SELECT id FROM "
            f"{L.T_TRACE_URLS_NEW} WHERE url = ?1), (SELECT id FROM {L.T_TRACE_URLS} WHERE "
            "url = ?1)) AND expires > ?2", (url, self._now()))
        return self._unreadable.one("trace", url, str(rows[0][0]),
                                    Trace.model_validate_json) if rows else None

    async def recent_traces(self, since: datetime, *, limit: int = 200_000) -> list[str]:
        rows = await self._run(self._sq, f"SELECT json FROM {L.T_TRACES} WHERE fetched >= ? "
                               "AND expires > ? ORDER BY fetched LIMIT ?",
                               (_ts(since), self._now(), limit))
        return [str(r[0]) for r in rows]

    async def tallies(self, since_day: int) -> dict[str, dict[int, int]]:
        rows = await self._run(self._sq, f"SELECT name, day, n FROM {L.T_TALLIES} WHERE "
                               "day >= ?", (since_day,))
        out: dict[str, dict[int, int]] = {}
        for name, day, n in rows:
            out.setdefault(str(name), {})[int(day)] = int(n)
        return out

    # -- audit and dead letters --------------------------------------------------------------------

    async def audit_since(self, since: datetime | None = None) -> list[AuditEvent]:
        rows = await self._run(self._sq, f"SELECT seq, json FROM {L.T_AUDIT} WHERE at >= ? "
                               "ORDER BY at, seq", (_ts(since) if since else 0.0,))
        return self._unreadable.each("audit", [(f"#{n}", str(d)) for n, d in rows],
                                     AuditEvent.model_validate_json)

    async def list_dead(self, kind: str | None = None, *, limit: int = 100,
                        after: tuple[float, str, str] | None = None) -> list[DeadItem]:
        # to the microsecond, as a DeadItem's time is read back (``after`` is one's)
        at, k, i = (round(after[0], 6), *after[1:]) if after is not None else (None, None, None)
        rows = await self._run(self._sq, f"SELECT kind, id, reason, at, data FROM {L.T_DEAD} "
                               "WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR (round(at, 6), "
                               "kind, id) > (?, ?, ?)) ORDER BY round(at, 6), kind, id LIMIT ?",
                               (kind, kind, at, at, k, i, limit))
        return [DeadItem(kind=str(k), id=str(i), reason=str(r),
                         at=datetime.fromtimestamp(float(a), UTC), data=str(d))
                for k, i, r, a, d in rows]

    async def purge_copies(self) -> bool:
        def truncate() -> bool:
            self._db.execute("PRAGMA busy_timeout=10000")
            try:  # (busy, frames in the log, frames folded in): busy 1, a reader held it
                busy, *_ = self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                self._db.execute("PRAGMA busy_timeout=0")
            return not busy

        async with self._writing():
            return await self._run(truncate, writing=True)

    async def stream_posts(self) -> list[tuple[str, str, str]]:
        return []  # no mention stream: each process reads its own sources

    async def get_dead(self, kind: str, item_id: str) -> DeadItem | None:
        rows = self._point(f"SELECT reason, at, data FROM {L.T_DEAD} WHERE kind = ? AND id = ?",
                           (kind, item_id))
        return next((DeadItem(kind=kind, id=item_id, reason=str(r),
                              at=datetime.fromtimestamp(float(a), UTC), data=str(d))
                     for r, a, d in rows), None)

    # -- leases and timers ---------------------------------------------------------------------

    async def acquire_lease(self, name: str, owner: str, ttl_seconds: float) -> bool:
        def run() -> bool:
            now = self._now()
            with self._tx() as db:
                row = db.execute(f"SELECT owner, expires FROM {L.T_LEASES} WHERE name = ?",
                                 (name,)).fetchone()
                if row is not None and row[0] != owner and row[1] > now:
                    return False
                db.execute(f"INSERT OR REPLACE INTO {L.T_LEASES} VALUES (?, ?, ?)",
                           (name, owner, now + ttl_seconds))
                return True

        return await self._write(run)

    async def release_lease(self, name: str, owner: str) -> None:
        await self._write(self._q, f"DELETE FROM {L.T_LEASES} WHERE name = ? AND owner = ?",
                        (name, owner))

    async def take_due(self, now: datetime, *, lease_seconds: float,
                       limit: int = 100) -> list[DueTimer]:
        def run() -> list[DueTimer]:
            t = _ts(now)
            with self._tx() as db:
                rows = db.execute(f"SELECT id, payload, attempts FROM {L.T_TIMERS} WHERE due <= ? "
                                  "ORDER BY due, id LIMIT ?", (t, limit)).fetchall()
                token = t + lease_seconds
                db.executemany(f"UPDATE {L.T_TIMERS} SET due = ?, attempts = attempts + 1 "
                               "WHERE id = ?", [(token, r[0]) for r in rows])
            return [DueTimer(id=str(i), payload=str(p), token=token, attempts=int(a) + 1)
                    for i, p, a in rows]

        return await self._write(run)

    async def timer_due(self, timer_id: str) -> datetime | None:
        rows = self._point(f"SELECT due FROM {L.T_TIMERS} WHERE id = ?", (timer_id,))
        return datetime.fromtimestamp(float(rows[0][0]), UTC) if rows else None

    # -- housekeeping ----------------------------------------------------------------------------

    async def prune(self, now: datetime, *, sent_seconds: float, refs_seconds: float,
                    audit_seconds: float | None = None,
                    traces_seconds: float = 7 * 86400,
                    dead_seconds: float | None = None) -> dict[str, int]:
        def run() -> dict[str, int]:
            t = _ts(now)
            done: dict[str, int] = {}
            with self._tx() as db:
                done["marks"] = db.execute(f"DELETE FROM {L.T_KV} WHERE expires <= ?",
                                           (t,)).rowcount
                done["signals"] = db.execute(f"DELETE FROM {L.T_SIGNALS} WHERE expires <= ?",
                                             (t,)).rowcount
                # by when they were fetched (an index every trace needs for previews), not by
                # expiry: an index of that too would cost every fetched post a third write
                done["traces"] = db.execute(f"DELETE FROM {L.T_TRACES} WHERE fetched <= ?",
                                            (t - traces_seconds,)).rowcount
                for table in (L.T_TRACE_URLS, L.T_TRACE_URLS_NEW):
                    db.execute(f"DELETE FROM {table} WHERE expires <= ?", (t,))
                done["tallies"] = db.execute(f"DELETE FROM {L.T_TALLIES} WHERE day < ?",
                                             (int(t // 86400) - L.TALLY_DAYS,)).rowcount
                done["footprints"] = sum(
                    db.execute(f"DELETE FROM {table} WHERE expires <= ?", (t,)).rowcount
                    for table in (L.T_FOOTPRINTS, L.T_FOOTPRINTS_NEW))
                sent = db.execute(f"DELETE FROM {L.T_OUTBOX} WHERE status = 'sent' AND "
                                  "next_at <= ?", (t - sent_seconds,)).rowcount
                self._count(db, "sent", -sent)
                done["outbox"] = sent
                done["message_refs"] = db.execute(f"DELETE FROM {L.T_MESSAGE_REFS} WHERE "
                                                  "expires <= ?", (t,)).rowcount
                done["series"] = db.execute(f"DELETE FROM {L.T_SERIES} WHERE bucket < ?",
                                            (int(t // 60) - L.SERIES_BUCKETS,)).rowcount
                done["leases"] = db.execute(f"DELETE FROM {L.T_CHANNEL_LEASES} WHERE "
                                            "expires <= ?", (t,)).rowcount
                if audit_seconds is not None:
                    done["audit"] = db.execute(f"DELETE FROM {L.T_AUDIT} WHERE at < ?",
                                               (t - audit_seconds,)).rowcount
                if dead_seconds is not None:
                    # by when they died (a dead item's next_at); a dead delivery retried by
                    # hand is pending again (requeue, one transaction) and not among them
                    dead = db.execute(f"DELETE FROM {L.T_OUTBOX} WHERE status = 'dead' AND "
                                      "next_at <= ?", (t - dead_seconds,)).rowcount
                    self._count(db, "dead", -dead)
                    done["dead"] = dead
                    done["dead_letters"] = db.execute(f"DELETE FROM {L.T_DEAD} WHERE at <= ?",
                                                      (t - dead_seconds,)).rowcount
            return done

        # on the thread: a week-old hour of traces, marks and footprints is a big delete, which
        # inline would hold the event loop for its whole length (benchmarks/loop_stalls.py)
        return await self._write_on_thread(run)

    async def usage(self) -> dict[str, int]:
        def run() -> dict[str, int]:
            out = {t: int(self._sq(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in L.ALL_TABLES}
            page = self._sq("PRAGMA page_count")[0][0] * self._sq("PRAGMA page_size")[0][0]
            out["bytes"] = int(page)
            return out

        return await self._run(run)

    async def checkpoint(self) -> None:
        """Fold the WAL back into the database file (storage figures, tests)."""
        async with self._writing():
            await self._run(self._checkpoint, "TRUNCATE", writing=True)

    async def merge_gathered(self) -> None:
        """Merge what was gathered now (benchmarks count the merge a run has owed)."""
        await self._write_on_thread(self._merge_gathered)


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _keys_by_value(claims: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Each value's keys, the values in the order of their first claim."""
    out: dict[str, list[str]] = {}
    for key, value in claims:
        out.setdefault(value, []).append(key)
    return out
