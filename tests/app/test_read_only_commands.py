"""The commands that only read the store leave it as it is, on Redis a data set of an earlier
release's layout included: ``why``, ``outbox list``, ``audit``, ``report``, ``report
tickets``, ``drafts``, ``dead list`` (docs/storage.md, Upgrading). Typed with a new release
installed beside a redis-server an earlier release's ``run`` uses, each raised the layout stamp
(and, from layout 5, wrote the ``outbox:held`` keys of what waited), so that process, once
restarted, was refused (8769b8d measured it with the release of layout 5, a622bea). They read
such a data set as it is (this release reads every earlier layout's records, as that commit
checked field for field) and write nothing; ``run`` (and every command that writes) still
raises the stamp."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from bot.core.cards import Card, OutboxItem
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import AuditEvent, Ticket
from bot.store import open_store
from bot.store.redis import LAYOUT
from tests.app.cli_support import Cli, assert_one_line_error, clean_env
from tests.app.test_dead_letters import write_config
from tests.conftest import FakeClock
from tests.store.test_upgrade_in_use import release_11_file, version

READ_ONLY = (("why", "T-1"), ("outbox", "list"), ("outbox", "list", "--pending"), ("audit",),
             ("report", "--since", "7d"), ("report", "tickets"), ("drafts",), ("dead", "list"))


async def keyspace(url: str) -> dict[str, bytes]:
    """Every key of the data set with its value, as Redis serialises it (DUMP)."""
    raw = aioredis.Redis.from_url(url)
    try:
        return {k.decode(): bytes(await raw.dump(k) or b"") async for k in raw.scan_iter("*")}
    finally:
        await raw.aclose()


async def layout_5(cfg: Path, url: str) -> None:
    """A data set as the release of layout 5 left it: a ticket, its card waiting and an edit
    of it behind, an audit event; no ``outbox:held`` keys, stamped 5."""
    loaded = load_config(cfg)
    now = datetime.now(UTC) - timedelta(minutes=5)
    store = await open_store(loaded.config.store, redis_url=None, clock=lambda: now)
    try:
        fx = Effects()
        fx.open_ticket(Ticket(id="T-1", signal_id="s1", route="support", customer_key="c1",
                              conversation_key="mastodon:100", mention_ids=("mastodon:1",),
                              created_at=now))
        for key, edit in (("T-1", False), ("T-1#2", True)):
            # the edit tells the ticket's thread (a claim's), so it waits behind the post
            # rather than being taken into it as an edit without a line is
            fx.send(OutboxItem.new(key=f"{key}@support", workspace="console", channel="support",
                                   card=Card(kind="ticket", key="T-1", title="login broken",
                                             thread_note="claimed by ann" if edit else None),
                                   now=now, update=edit))
        fx.audit.append(AuditEvent(id="E1", at=now, actor="cli:ops", action="claim",
                                   object_type="ticket", object_id="T-1"))
        assert await store.apply(fx)
    finally:
        await store.close()
    raw = aioredis.Redis.from_url(url, decode_responses=True)
    try:
        held = [k async for k in raw.scan_iter("socialops:outbox:held:*")]
        if held:
            await raw.delete(*held)
        await raw.set("socialops:layout", 5)
    finally:
        await raw.aclose()


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_a_read_only_command_leaves_an_earlier_layout_s_data_set_as_it_is(
        tmp_path: Path, redis_url: str, cli: Cli, command: tuple[str, ...]) -> None:
    cfg = write_config(tmp_path, "redis", redis_url)
    asyncio.run(layout_5(cfg, redis_url))
    before = asyncio.run(keyspace(redis_url))
    assert asyncio.run(stamp_and_held(redis_url)) == ("5", [])
    done = cli("-c", str(cfg), *command, cwd=tmp_path, env=clean_env())
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    after = asyncio.run(keyspace(redis_url))
    assert sorted(after) == sorted(before), (command, set(after) ^ set(before))
    assert after == before, [k for k in after if after[k] != before[k]]


def test_what_a_read_only_command_reads_of_an_earlier_layout_is_what_it_holds(
        tmp_path: Path, redis_url: str, cli: Cli) -> None:
    """Read as it is, not refused: the ticket, its waiting cards, its audit events."""
    cfg = write_config(tmp_path, "redis", redis_url)
    asyncio.run(layout_5(cfg, redis_url))
    listed = cli("-c", str(cfg), "outbox", "list", "--pending", cwd=tmp_path, env=clean_env())
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[-1].endswith(" pending"), listed.stdout
    assert int(listed.stdout.splitlines()[-1].split()[0]) >= 2, listed.stdout
    why = cli("-c", str(cfg), "why", "T-1", cwd=tmp_path, env=clean_env())
    assert why.returncode == 0 and "T-1" in why.stdout, why.stdout + why.stderr
    audit = cli("-c", str(cfg), "audit", cwd=tmp_path, env=clean_env())
    assert audit.returncode == 0 and "T-1" in audit.stdout, audit.stdout + audit.stderr


def test_a_command_that_writes_still_raises_the_stamp(
        tmp_path: Path, redis_url: str, cli: Cli) -> None:
    """``outbox retry`` writes (the deliveries it sends again): it opens the data set as
    ``run`` does, stamping it with this release's layout (and holding what waits)."""
    cfg = write_config(tmp_path, "redis", redis_url)
    asyncio.run(layout_5(cfg, redis_url))
    cli("-c", str(cfg), "outbox", "retry", "--all", cwd=tmp_path, env=clean_env())
    layout, held = asyncio.run(stamp_and_held(redis_url))
    assert layout == str(LAYOUT) and held


async def stamp_and_held(url: str) -> tuple[str | None, list[str]]:
    raw = aioredis.Redis.from_url(url, decode_responses=True)
    try:
        layout = await raw.get("socialops:layout")
        return (None if layout is None else str(layout),
                [str(k) async for k in raw.scan_iter("socialops:outbox:held:*")])
    finally:
        await raw.aclose()


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_a_read_only_command_refuses_an_earlier_release_s_sqlite_file_in_one_line(
        tmp_path: Path, cli: Cli, command: tuple[str, ...]) -> None:
    """On SQLite the commands that read upgraded the file (when no process held it), and the
    release that wrote it could not run on it again (READABLE_FROM). This release's reads need
    what the upgrade adds (the outbox's lane), so the file is refused, left as it is."""
    cfg = write_config(tmp_path, "sqlite", "")
    path = tmp_path / "s.db"
    asyncio.run(release_11_file(path, FakeClock()))
    before = path.read_bytes()
    done = cli("-c", str(cfg), *command, cwd=tmp_path, env=clean_env())
    assert done.returncode == 1, (command, done.stdout, done.stderr)
    [line] = done.stderr.splitlines()
    assert "schema version 11 is an earlier release's" in line, line
    assert "this command only reads" in line and "socialops run" in line, line
    assert version(path) == 11 and path.read_bytes() == before


@pytest.mark.parametrize("command", (*READ_ONLY, ("model", "eval", "--stored")), ids=" ".join)
def test_a_read_only_command_given_no_sqlite_file_writes_nothing(
        tmp_path: Path, cli: Cli, command: tuple[str, ...]) -> None:
    """A typo in store.path (or the bot not started yet): each made an empty database (and
    its lock file) there and reported nothing, exit 0, leaving the files behind. One line at
    store.path now, nothing written."""
    cfg = write_config(tmp_path, "sqlite", "")
    cfg.write_text(cfg.read_text().replace(str(tmp_path / "s.db"), str(tmp_path / "typo.db")))
    before = sorted(p.name for p in tmp_path.iterdir())
    done = cli("-c", str(cfg), *command, cwd=tmp_path, env=clean_env())
    line = assert_one_line_error(done, f"{tmp_path / 'typo.db'}: no database there",
                                 "socialops run")
    assert line.startswith(f"error: {cfg}:"), line  # at the config's store.path
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("command", (*READ_ONLY, ("model", "eval", "--stored")), ids=" ".join)
def test_a_read_only_command_given_an_empty_file_writes_nothing(
        tmp_path: Path, cli: Cli, command: tuple[str, ...]) -> None:
    """An empty file at store.path (`touch`ed by a deploy script, or a volume's placeholder)
    holds no database: no run wrote it, since SQLite writes its header as it makes the schema
    (WAL included). Each command wrote the whole schema into it (240 KB) and its lock file
    beside it, and reported nothing, exit 0. One line at store.path now, nothing written."""
    cfg = write_config(tmp_path, "sqlite", "")
    (tmp_path / "s.db").write_bytes(b"")
    before = sorted(p.name for p in tmp_path.iterdir())
    done = cli("-c", str(cfg), *command, cwd=tmp_path, env=clean_env())
    line = assert_one_line_error(done, f"{tmp_path / 's.db'}: an empty file, no database",
                                 "socialops run")
    assert line.startswith(f"error: {cfg}:"), line  # at the config's store.path
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "s.db").read_bytes() == b""
