"""A SQLite store that cannot grow at start is one line saying why and what to change. With the
disk full (a 64 KB tmpfs) ``socialops run`` said `store unavailable: cannot open SQLite database
at data/socialops.db: database or disk is full`, and under a file size limit (``ulimit -f``, as
a systemd unit's LimitFSIZE= or a container's sets it) `...: disk I/O error`, SQLite's words,
which name neither cause nor key (tried by a newcomer filling a tmpfs). The limit is what the
test sets: a full disk needs a mount, which only root may make."""

from __future__ import annotations

import errno
import os
import resource
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.errors import StoreError
from bot.store.sqlite import SqliteStore, no_room
from tests.app.cli_support import SOCIALOPS, Cli, assert_one_line_error, clean_env
from tests.support.clock import FakeClock


def limited_run(cwd: Path, limit: int) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([SOCIALOPS, "run", "--no-stdin"], cwd=cwd, env=clean_env(),
                          capture_output=True, text=True, timeout=120, check=False,
                          stdin=subprocess.DEVNULL, preexec_fn=cap)


def test_a_file_size_limit_is_named_with_its_fix(tmp_path: Path, cli: Cli) -> None:
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    run = limited_run(tmp_path, 2048)
    line = assert_one_line_error(
        run, "data/socialops.db", "file size limit of 2,048 bytes (ulimit -f",
        "raise it for the user or service running socialops, or set store.path")
    assert "disk I/O error" not in line, line


def sqlite_full(path: Path) -> sqlite3.Error:
    """SQLite's own SQLITE_FULL ('database or disk is full') on a disk with room: what a quota
    or a file system out of inodes gives too (here the database's max_page_count)."""
    db = sqlite3.connect(path)
    try:
        db.execute("CREATE TABLE t (x BLOB)")
        db.execute("PRAGMA max_page_count = 3")
        db.execute("INSERT INTO t VALUES (zeroblob(100000))")
    except sqlite3.Error as exc:
        return exc
    finally:
        db.close()
    raise AssertionError("no SQLITE_FULL")


def test_no_room_names_only_what_it_found(tmp_path: Path) -> None:
    """a37389e named a full disk for any SQLITE_FULL, though the disk it stats had room ('the
    disk holding ... is full (53,687,091,200 bytes free)'), and a file size limit whenever the
    process had one, however far the database was from it (a unit's LimitFSIZE=1G, a 100 KB
    file, a full disk: 'this process has a file size limit of 1,073,741,824 bytes')."""
    path = tmp_path / "socialops.db"
    exc = sqlite_full(path)
    free = os.statvfs(tmp_path)
    assert free.f_bavail * free.f_frsize > 1 << 20, "this test wants a disk with room"
    said = no_room(path, exc)
    assert said is not None and "/ is full" not in said and "free space" not in said, said
    assert said.startswith(f"cannot write the SQLite database {path}: SQLite found no room "
                           f"(database or disk is full), though the disk holding "
                           f"{tmp_path}/ has "), said
    assert said.endswith(" bytes free: a disk quota for this user (quota), or no inodes left "
                         "there (df -i)?"), said
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 30, hard))
    try:
        under_a_limit = no_room(path, exc)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert under_a_limit is not None and "limit" not in under_a_limit, under_a_limit
    assert under_a_limit.startswith(said.split(" has ")[0]), under_a_limit


def test_no_room_for_the_lock_file_is_one_line(tmp_path: Path, cli: Cli) -> None:
    """The lock file beside the database is written first (its holder's pid, 15 bytes): on a
    disk with no byte left (a 64 KB tmpfs filled, checked by hand) or under a file size limit
    of 0, ``socialops run`` ended in a traceback from bot.app.lock (`OSError: [Errno 28] No
    space left on device`), not the line a37389e gives the database."""
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    run = limited_run(tmp_path, 0)
    assert_one_line_error(
        run, "data/socialops.db", "file size limit of 0 bytes (ulimit -f",
        "raise it for the user or service running socialops, or set store.path")
    assert "Traceback" not in run.stderr, run.stderr


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB tmpfs with 4 KB left (a mount: root only)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
            capture_output=True, check=False).returncode != 0:
        pytest.skip("a full disk needs a tmpfs mount, which only root may make")
    try:
        (disk / "fill").write_bytes(b"\0" * (60 * 1024))
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_the_full_disk_named_is_the_one_a_symlink_leads_to(tmp_path: Path,
                                                          full_disk: Path, cli: Cli) -> None:
    """store.path a symlink (data/socialops.db -> a full disk's file): no_room stated the
    symlink's folder, a disk with room, and called it full ('the disk holding data/ is full
    (77,405,827,072 bytes free)'); SQLite writes where the symlink leads."""
    assert cli("init", "--yes", cwd=tmp_path).returncode == 0
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "socialops.db").symlink_to(full_disk / "s.db")
    run = limited_run(tmp_path, resource.RLIM_INFINITY)
    line = assert_one_line_error(
        run, f"cannot write the SQLite database data/socialops.db: the disk holding "
             f"{full_disk}/ is full (")
    assert "data/ is" not in line, line


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs, empty (a mount: root only)."""
    disk = tmp_path / "small"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a disk that fills up needs a tmpfs mount, which only root may make "
                    "(run the suite as root, e.g. in a container, to test it)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)],
                             capture_output=True, text=True, check=False)
    if mounted.returncode != 0:
        pytest.skip(f"a tmpfs mount was refused here ({mounted.stderr.strip()}): a container "
                    "without CAP_SYS_ADMIN")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


async def test_a_disk_filling_up_while_running_says_where_and_what_to_do(
        small_disk: Path) -> None:
    """The disk filled while the bot ran: each write failed with SQLite's words, `SQLite:
    database or disk is full`, in every task's warning line (a source's poll, the outbox's
    drain), naming neither the disk nor the fix that start-up names (a37389e). Now a failed
    write says the line ``no_room`` says, the write is undone and the caller's retry works once
    there is room again; what was written before is kept."""
    db = small_disk / "socialops.db"
    store = SqliteStore(db, clock=FakeClock())
    try:
        await store.set_cursor("before", "kept")
        filler = small_disk / "filler"
        with filler.open("wb") as out:  # the disk filled by something else (logs, a backup)
            try:
                while True:
                    out.write(b"\0" * 65536)
                    out.flush()
            except OSError:
                pass
        failed: StoreError | None = None
        for n in range(200):  # the WAL may hold a few pages still: write until it cannot
            try:
                await store.set_cursor(f"source{n}", "x" * 8192)
            except StoreError as exc:
                failed = exc
                break
        assert failed is not None, "the full disk took every write"
        said = str(failed)
        assert "SQLite: database or disk is full" not in said, said
        assert said.startswith(f"cannot write the SQLite database {db}: the disk holding "
                               f"{small_disk}/ is full ("), said
        assert said.endswith("; free space there, or set store.path to a file on a disk with "
                             "room"), said
        assert "\n" not in said, said
        filler.unlink()  # room again: the same write goes through, nothing before it lost
        await store.set_cursor(f"source{n}", "x" * 8192)
        assert await store.get_cursor(f"source{n}") == "x" * 8192
        assert await store.get_cursor("before") == "kept"
    finally:
        await store.close()


@pytest.fixture
def failing_disk(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """An ext4 file system on a loop device, mounted errors=remount-ro as most are, and the
    sysfs file that makes it meet an error (it then turns read-only, as after a failing
    disk's error: ext4's emergency read-only, which statvfs and access() do not show). A
    mount: root only."""
    if os.geteuid() != 0:
        pytest.skip("a file system that turns read-only needs a loop mount, which only root "
                    "may make (run the suite as root, e.g. in a container, to test it)")
    image, disk = tmp_path / "ext4.img", tmp_path / "ext4"
    disk.mkdir()
    with image.open("wb") as out:
        out.truncate(16 << 20)
    made = subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], capture_output=True,
                          text=True, check=False)
    mounted = subprocess.run(["mount", "-o", "loop,errors=remount-ro", str(image), str(disk)],
                             capture_output=True, text=True, check=False)
    if made.returncode or mounted.returncode:
        pytest.skip(f"no ext4 loop mount here ({(made.stderr or mounted.stderr).strip()})")
    try:
        device = subprocess.run(["findmnt", "-n", "-o", "SOURCE", str(disk)],
                                capture_output=True, text=True, check=True).stdout.strip()
        trigger = Path("/sys/fs/ext4") / Path(device).name / "trigger_fs_error"
        if not trigger.exists():
            pytest.skip(f"{trigger} is not there: a kernel before 6.3")
        yield disk, trigger
    finally:
        subprocess.run(["umount", str(disk)], check=False)


async def test_a_file_system_turned_read_only_says_so_while_running_and_at_start(
        failing_disk: tuple[Path, Path]) -> None:
    """A disk error turned the file system holding the database read-only while the bot
    ran: each write failed with SQLite's `SQLite: disk I/O error`, and the next start at its
    first write with `SQLite: attempt to write a readonly database` (on a fresh mount of it:
    `cannot open SQLite database at ...: locking protocol`; a new folder there: `no
    permission to write there`), none naming the cause (statvfs and access() call it
    writable). Now each says the file system is read-only, which folder, and what to do, in
    one line; what was written before is read."""
    disk, trigger = failing_disk
    db = disk / "socialops.db"
    store = SqliteStore(db, clock=FakeClock())
    try:
        await store.set_cursor("before", "kept")
        trigger.write_text("test\n")  # a disk error: ext4 turns read-only (errors=remount-ro)
        with pytest.raises(StoreError) as failed:
            await store.set_cursor("after", "lost")
        assert await store.get_cursor("before") == "kept"
    finally:
        await store.close()
    said = [str(failed.value)]
    for path in (db, disk / "data" / "socialops.db"):  # the next start: its file, a new one
        with pytest.raises(StoreError) as refused:
            again = SqliteStore(path, clock=FakeClock())  # (it may open, then not write)
            try:
                await again.set_cursor("after", "lost")
            finally:
                await again.close()
        said.append(str(refused.value))
    for line, path in zip(said, (db, db, disk / "data" / "socialops.db"), strict=True):
        assert line == (f"cannot write the SQLite database {path}: the file system holding "
                        f"{disk}/ is read-only (remounted so after a disk error? see dmesg); "
                        "make it writable again, or set store.path to a file on a writable "
                        "one"), line


def test_a_used_up_quota_is_named_with_its_fix(tmp_path: Path) -> None:
    """A quota used up is EDQUOT where an error keeps its errno (the folder made at start,
    the lock file); it said `cannot open SQLite database at ...: [Errno 122] Disk quota
    exceeded`. Where SQLite keeps it to itself ('disk I/O error') the same line comes from a
    page written beside the database (the kernel here has no quotas to show that with)."""
    db = tmp_path / "data" / "socialops.db"
    line = no_room(db, OSError(errno.EDQUOT, os.strerror(errno.EDQUOT), str(db.parent)))
    assert line == (f"cannot write the SQLite database {db}: the disk quota of this user on the "
                    f"file system holding {db.parent}/ is used up (quota -s); free some of "
                    "theirs there or raise the quota, or set store.path to a file on a disk "
                    "with room"), line
