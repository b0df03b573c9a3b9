"""A SQLite ``store.path`` on a network file system (NFS, SMB, a cluster's shared volume) passed
``check`` and ``run`` without a word, and the docs said nothing of it: SQLite's WAL, which the
store writes in, needs every process of the database on one machine (sqlite.org/wal.html: "WAL
does not work over a network filesystem"), and the lock file that keeps a second ``run`` out
(``fcntl.flock``) is not seen across machines on every such mount (SMB's, NFS mounted
``nolock`` or ``local_lock=all``), so two machines given the one file may both run, each
delivering every card and both writing the file. Now ``check`` warns at ``store.path``, and
``run`` says it at start, in one line saying what to do. The type of the mount is the last
inch: read from ``/proc/self/mountinfo`` (``file_system_type``), set here to NFS's."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from bot.app.check import run_check
from bot.app.lock import one_process
from bot.core.config import load_config
from bot.store import sqlite

CONFIG = """\
workspaces: [{{name: console, type: console}}]
channels: {{ops: {{workspace: console, id: ops}}}}
store: {{path: "{db}"}}
"""


@pytest.mark.parametrize("kind", ["nfs4", "cifs"])
async def test_a_database_on_a_network_share_is_warned_of_at_store_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        kind: str) -> None:
    path = tmp_path / "socialops.yaml"
    db = tmp_path / "shared" / "socialops.db"
    path.write_text(CONFIG.format(db=db), encoding="utf-8")
    monkeypatch.setattr(sqlite, "file_system_type", lambda folder: kind)
    out, err = io.StringIO(), io.StringIO()
    assert await run_check(path, online=False, out=out, err=err, env={}) == 0, err.getvalue()
    said = (f"{path}:3: store.path: the SQLite database {db} is on a network file system "
            f"({kind}): SQLite serves processes of one machine there, and a run on another "
            "machine may not see this one's lock; run one socialops run on one machine, or "
            "keep the database on a local disk (several processes: Redis, docs/storage.md)")
    assert err.getvalue().splitlines() == [f"{said} (a warning: nothing stops on it)"]
    with caplog.at_level(logging.WARNING, logger="bot.app.lock"), \
            one_process(load_config(path, env={})):  # what run holds at start
        pass
    assert [r.getMessage() for r in caplog.records] == [said]
