"""``socialops report tickets`` through the command line, on a real SQLite file (and a real
redis-server) holding the known day of ``tests.support.tickets_day``: the table as printed,
JSON and CSV, beside a running bot, and each mistake in one line. ``socialops report
--since`` is the delivery receipts' still (``tests/app/test_report.py``). The report beside a
running bot's lock goes through the installed command, a process of its own; the rest run the
same ``main`` in the test's process (``cli``), each store filled before it (``asyncio.run``:
``main`` runs its own event loop)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from bot.app.lock import SqliteLock
from bot.core.config import StoreConfig
from bot.store import open_store
from tests.app.cli_support import (
    REPO,
    Cli,
    assert_one_line_error,
    clean_env,
    first_run_database,
    socialops,
)
from tests.conftest import FakeClock
from tests.support.tickets_day import worked_day

CONFIG = """\
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
store: {backend: sqlite, path: ./data/socialops.db}
"""
WINDOW = ("--since", "2026-11-23T10:00", "--until", "2026-11-23T18:00")
TABLE = """\
route        tickets  claimed  resolved  open  claim med  claim p90  resolve med  resolve p90  SLA met  SLA breached  esc≥1  esc≥2  reopened
sales              3        1         0     3     30 min     30 min            –            –        0             1      0      0         0
support            5        5         5     0      6 min     40 min       50 min   1 h 30 min        3             2      1      1         1
all tickets        8        6         5     3      7 min     40 min       50 min   1 h 30 min        3             3      1      1         1
"""  # noqa: E501  (as printed)


async def day_in(folder: Path, *, redis_url: str | None = None) -> None:
    clock = FakeClock()
    cfg = (StoreConfig(backend="redis") if redis_url else
           StoreConfig(backend="sqlite", path=str(folder / "data" / "socialops.db")))
    store = await open_store(cfg, redis_url=redis_url, clock=clock)
    try:
        await worked_day(store, clock)
    finally:
        await store.close()
    (folder / "socialops.yaml").write_text(
        CONFIG.replace("sqlite, path: ./data/socialops.db", "redis") if redis_url else CONFIG,
        encoding="utf-8")


def table(out: str) -> str:
    """The table's lines of the text report (between its title and its key)."""
    return out.split("\n\n")[1] + "\n"


def test_the_table_json_and_csv(tmp_path: Path, cli: Cli) -> None:
    asyncio.run(day_in(tmp_path))
    proc = cli("report", "tickets", *WINDOW, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == (
        "Tickets opened 2026-11-23 10:00 UTC to 2026-11-23 18:00 UTC (8 h), as they stood at "
        "its end; by route")
    assert table(proc.stdout) == TABLE
    # the page's example is this output, whole
    assert proc.stdout in (REPO / "docs" / "workflows.md").read_text(encoding="utf-8")
    proc = cli("report", "tickets", *WINDOW, "--by", "person", "--format", "json",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [(r["person"], r["claimed"], r["resolved"], r["open"]) for r in data["rows"]] == [
        ("alice", 3, 1, 0), ("bob", 2, 3, 1), ("carol", 1, 1, 0)]
    proc = cli("report", "tickets", *WINDOW, "--format", "csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [(r["route"], r["tickets"], r["claim_median_seconds"]) for r in rows] == [
        ("sales", "3", "1800.0"), ("support", "5", "360.0"), ("all tickets", "8", "420.0")]


def test_on_redis(tmp_path: Path, redis_url: str, cli: Cli) -> None:
    asyncio.run(day_in(tmp_path, redis_url=redis_url))
    proc = cli("report", "tickets", *WINDOW, cwd=tmp_path, env=clean_env(REDIS_URL=redis_url))
    assert proc.returncode == 0, proc.stderr
    assert table(proc.stdout) == TABLE
    proc = cli("report", "tickets", *WINDOW, "--by", "priority", cwd=tmp_path,
               env=clean_env(REDIS_URL=redis_url))
    assert proc.returncode == 0, proc.stderr
    assert table(proc.stdout) == BY_PRIORITY


BY_PRIORITY = """\
priority     tickets  claimed  resolved  open  claim med  claim p90  resolve med  resolve p90  SLA met  SLA breached  esc≥1  esc≥2  reopened
P1                 1        1         1     0      6 min      6 min   1 h 30 min   1 h 30 min        0             1      0      0         0
P2                 4        4         4     0      6 min     40 min       40 min    1 h 5 min        3             1      1      1         1
none               3        1         0     3     30 min     30 min            –            –        0             1      0      0         0
all tickets        8        6         5     3      7 min     40 min       50 min   1 h 30 min        3             3      1      1         1
"""  # noqa: E501  (as printed)


def test_by_priority(tmp_path: Path, cli: Cli) -> None:
    """`--by priority`: a row per priority the tickets had at the window's end, P1 first and
    none last (T-4 made P1 from its route's P2 inside the window; T-7 given P3 after it)."""
    asyncio.run(day_in(tmp_path))
    proc = cli("report", "tickets", *WINDOW, "--by", "priority", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].endswith("as they stood at its end; by priority")
    assert table(proc.stdout) == BY_PRIORITY
    assert table(proc.stdout) in (REPO / "docs" / "workflows.md").read_text(encoding="utf-8")


BY_TAG = """\
tag          tickets  claimed  resolved  open  claim med  claim p90  resolve med  resolve p90  SLA met  SLA breached  esc≥1  esc≥2  reopened
billing            2        2         2     0      6 min      8 min       19 min       30 min        2             0      0      0         0
refund             2        2         1     1     35 min     40 min       50 min       50 min        1             0      1      1         0
vip                2        2         2     0      7 min      8 min       49 min   1 h 30 min        1             1      0      0         0
none               3        1         1     2      2 min      2 min    1 h 5 min    1 h 5 min        0             2      0      0         1
all tickets        8        6         5     3      7 min     40 min       50 min   1 h 30 min        3             3      1      1         1
"""  # noqa: E501  (as printed)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_by_tag(tmp_path: Path, backend: str, request: pytest.FixtureRequest,
                cli: Cli) -> None:
    """`--by tag`: a row for each tag the tickets had at the window's end, `none` for those
    without, the total counting each once: T-3 (billing and vip) in two rows, T-5's billing
    changed to refund inside the window, T-8's refund taken away and T-7's vip added after
    it. The page's example is this output (after its title), whole."""
    url = request.getfixturevalue("redis_url") if backend == "redis" else None
    asyncio.run(day_in(tmp_path, redis_url=url))
    env = clean_env(REDIS_URL=url) if url else None
    proc = cli("report", "tickets", *WINDOW, "--by", "tag", cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].endswith("as they stood at its end; by tag")
    assert table(proc.stdout) == BY_TAG
    shown = "\n".join(proc.stdout.splitlines()[2:])  # the table and its key
    assert shown in (REPO / "docs" / "workflows.md").read_text(encoding="utf-8")
    proc = cli("report", "tickets", *WINDOW, "--by", "tag", "--format", "json", cwd=tmp_path,
               env=env)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [(r["tag"], r["tickets"], r["open"]) for r in data["rows"]] == [
        ("billing", 2, 0), ("refund", 2, 1), ("vip", 2, 0), ("none", 3, 2)]
    assert data["total"]["tickets"] == 8
    proc = cli("report", "tickets", *WINDOW, "--by", "tag", "--format", "csv", cwd=tmp_path,
               env=env)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [(r["tag"], r["tickets"], r["claim_median_seconds"]) for r in rows] == [
        ("billing", "2", "360.0"), ("refund", "2", "2100.0"), ("vip", "2", "420.0"),
        ("none", "3", "120.0"), ("all tickets", "8", "420.0")]


async def test_beside_a_running_bot_writing(tmp_path: Path) -> None:
    """A `run` holds the database's lock and, at that moment, its write lock: the report
    reads anyway (SQLite's readers never wait for its writer) and neither is disturbed."""
    await day_in(tmp_path)
    db = tmp_path / "data" / "socialops.db"
    with SqliteLock(db):
        writer = sqlite3.connect(db, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        try:
            proc = socialops("report", "tickets", *WINDOW, cwd=tmp_path, timeout=60)
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    assert proc.returncode == 0, proc.stderr
    assert table(proc.stdout) == TABLE


@pytest.mark.parametrize(("args", "line"), [
    (("--by", "team"), "error: socialops report tickets: --by 'team': use route, person, "
                       "priority or tag; see `socialops report tickets --help`"),
    (("--format", "xml"), "error: socialops report tickets: --format 'xml': use text, json or "
                          "csv; see `socialops report tickets --help`"),
    (("--since", "last week"), "error: --since 'last week': use an ISO time"),
    (("--since", ""), "error: --since '' is empty"),
    (("--until", "tomorrow"), "error: --until 'tomorrow': use an ISO time"),
    (("--since", "2026-11-22T24:00"), "error: --since '2026-11-22T24:00': 24:00 ends a day and "
                                      "starts none; write 2026-11-23T00:00"),
    (("--since", "1d", "--until", "2d"),
     "error: --since 1d is not before --until 2d: the window would be empty"),
])
def test_a_mistake_is_one_line(tmp_path: Path, args: tuple[str, ...], line: str, cli: Cli) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    proc = cli("report", "tickets", *args, cwd=tmp_path)
    assert_one_line_error(proc, line)
    # a value not offered is said as argparse says its own, exit 2; a bad time exits 1
    assert proc.returncode == (2 if line.endswith("--help`") else 1)
    assert not (tmp_path / "data").exists()  # refused before the store is opened


def test_the_delivery_report_keeps_its_since(tmp_path: Path, cli: Cli) -> None:
    """`report --since 3d` is the delivery receipts, as before; given before `tickets`, the
    window's start is the team report's."""
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    first_run_database(tmp_path / "data" / "socialops.db")  # as a first `run` leaves it
    proc = cli("report", "--since", "3d", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("socialops report: ") and "Fetched, per source" in proc.stdout
    proc = cli("report", "--since", "2026-11-23T10:00", "tickets", "--until",
               "2026-11-23T18:00", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Tickets opened 2026-11-23 10:00 UTC to 2026-11-23 18:00")
