"""A ticket's thread line (a note, a resolve with its note, a handoff that pings the new owner,
a tag, a priority change, a snooze) is shown once when a real process dies at either side of
the chat: right after the store took
the change, before the line was shown (``tests.chaos.boundary say ... apply``), or right after
the chat showed it, before the outbox recorded that (``tests.chaos.boundary drain ...
update/1``). Another process, on the same SQLite file or redis-server, delivers what is left;
the console workspace's record file, which every process appends to, is the channel. And two
people acting on one ticket at the same moment through two processes: each line once.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.boundary import DIED, here
from tests.chaos.procs import ROOT, let_go_together
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
LEASE = 30  # store.lease_seconds: a dead process's channel is taken over after it

CONFIG = """
sources:
  - {{id: brand, type: replay, path: {empty}, network_override: mastodon}}
workspaces: [{{name: console, type: console}}]
channels:
  support: {{workspace: console, id: support}}
people:
  - {{id: alice, role: lead}}
  - {{id: bob, role: agent, identities: {{console: bob}}}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
"""

# the command, and the thread line it adds to the card
LINES = {
    "note": ("note {t} VIP, call back", "alice noted: VIP, call back"),
    "resolve": ("resolve {t} fixed in 2.3", "alice resolved: fixed in 2.3"),
    "handoff": ("unclaim {t} to=bob", "alice reassigned to bob"),
    "tag": ("tag {t} billing -vip vip-2", "alice tagged: +billing +vip-2"),
    "priority": ("priority {t} p1", "alice changed the priority: none → P1"),
    "snooze": ("snooze {t} 2h", "alice snoozed until 11:00 UTC"),
}


def setup(tmp: Path, backend: str, redis: RedisServer | None) -> Path:
    (tmp / "rules.yaml").write_text(
        "routes:\n  - {name: support, match: {any: [broken]}, action: ticket, "
        "channel: support}\n")
    (tmp / "empty.jsonl").write_text("")
    store = (f"{{backend: sqlite, path: {tmp / 's.db'}, lease_seconds: {LEASE}}}"
             if redis is None else
             f'{{backend: redis, redis_url: "{redis.url}", lease_seconds: {LEASE}}}')
    config = tmp / "socialops.yaml"
    config.write_text(CONFIG.format(empty=tmp / "empty.jsonl", store=store))
    return config


def boundary(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tests.chaos.boundary", *args], cwd=ROOT, capture_output=True,
        timeout=60, check=False,
        env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
             "PYTHONPATH": str(ROOT)})


async def alice_says(tmp_path: Path, config: Path, record: Path, command: str, *,
                     dies: bool) -> None:
    """Alice says COMMAND in the channel: by a process that dies at its write (after the
    store took the claim and decided the lane), or, when the death comes later (the drain),
    by this process (``here``: a run to its end needs no interpreter of its own)."""
    go = tmp_path / "go"
    go.touch()
    said = ("say", str(config), str(record), START.isoformat(), str(go), "alice", command)
    if dies:
        died = boundary(*said, "apply")
        assert died.returncode == DIED, died.stderr.decode()[-3000:]
    else:
        await here(*said)


def thread_lines(record: Path) -> list[str]:
    rows = [json.loads(x) for x in record.read_text().splitlines()] if record.exists() else []
    # each line: edits of a card still waiting go as one, their lines together in order
    return [line for r in rows if r["op"] == "update" and r["thread_note"]
            for line in r["thread_note"].split("\n")]


async def claimed_ticket(app: App) -> str:
    """A complaint's ticket, its card shown, claimed by alice (a handoff needs a claim)."""
    await app.pipeline.process_batch([Mention(
        id="mastodon:1", network="mastodon", source="brand", text="acme app broken",
        author=Author(id="a1", handle="u1"), created_at=START)])
    [ticket] = await app.store.list_tickets()
    await app.tickets.claim(ticket.id, "alice")
    await app.outbox.drain()
    return ticket.id


@pytest.mark.untimed  # one process dies at a named write, the next runs after it
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("dies", ["before the chat", "after the chat"])
@pytest.mark.parametrize("verb", sorted(LINES))
async def test_a_ticket_line_is_shown_once_when_a_process_dies_beside_the_chat(
        tmp_path: Path, backend: str, dies: str, verb: str,
        request: pytest.FixtureRequest) -> None:
    redis: RedisServer | None = None
    if backend == "redis":
        redis = request.getfixturevalue("redis_server")
        redis.flushall()
    config = setup(tmp_path, backend, redis)
    record = tmp_path / "record.jsonl"
    command, line = LINES[verb]
    clock = FakeClock(START)
    async with open_app(load_config(config), clock=clock, out=io.StringIO(),
                        record_path=record) as app:
        ticket = await claimed_ticket(app)
        before = len(thread_lines(record))
        await alice_says(tmp_path, config, record, command.format(t=ticket),
                         dies=dies == "before the chat")
        if dies != "before the chat":  # the drain after it dies
            drained = boundary("drain", str(config), str(record), START.isoformat(), "-",
                               "update/1")
            assert drained.returncode == DIED, drained.stderr.decode()[-3000:]
            assert thread_lines(record)[before:] == [line]  # shown, not recorded
        clock.now = START + timedelta(seconds=LEASE + 1)  # the dead process's claim lapsed
        await app.outbox.drain()
        assert not await app.store.list_outbox(status="pending")
    assert thread_lines(record)[before:] == [line], thread_lines(record)


def race(config: Path, record: Path, tmp: Path, *said: tuple[str, str]) -> list[dict[str, object]]:
    """Each (user, line) answered by a process of its own, let go at the same moment."""
    go = tmp / "race"
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"}, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "say", str(config), str(record),
         START.isoformat(), str(go), user, line], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=env) for user, line in said]
    outs = let_go_together(procs, [go.with_suffix(f".{user}") for user, _ in said], go,
                           timeout=120)
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()[-3000:]
    return [json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outs]


# two people at the same moment through two processes: what each types, and the thread line
# it adds when its write stands (each once, whichever process wins the write)
RACES = {
    "two resolves with notes": [
        ("alice", "resolve {t} fixed in 2.3", "alice resolved: fixed in 2.3"),
        ("bob", "resolve {t} refunded", "bob resolved: refunded")],
    "a handoff and a note": [("alice", "unclaim {t} to=bob", "alice reassigned to bob"),
                             ("bob", "note {t} calling them now", "bob noted: calling them now")],
    "a handoff and a resolve": [("alice", "unclaim {t} to=bob", "alice reassigned to bob"),
                                ("bob", "resolve {t} done", "bob resolved: done")],
    "a tag and a handoff": [("alice", "unclaim {t} to=bob", "alice reassigned to bob"),
                            ("bob", "tag {t} billing", "bob tagged: +billing")],
}


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("case", sorted(RACES))
async def test_two_ticket_lines_decided_at_once_in_two_processes_each_come_once(
        tmp_path: Path, backend: str, case: str, request: pytest.FixtureRequest) -> None:
    """Each write that stands adds its line once; one that loses is decided again from the
    winner's ticket: kept (a note, a handoff before a resolve), or refused in one line (a
    second resolve, whose note is said to be lost; a handoff of a ticket resolved meanwhile)
    and adding no line."""
    redis: RedisServer | None = None
    if backend == "redis":
        redis = request.getfixturevalue("redis_server")
        redis.flushall()
    config = setup(tmp_path, backend, redis)
    record = tmp_path / "record.jsonl"
    async with open_app(load_config(config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=record) as app:
        ticket = await claimed_ticket(app)
        before = len(thread_lines(record))
        replies = race(config, record, tmp_path,
                       *[(user, line.format(t=ticket)) for user, line, _ in RACES[case]])
        await app.outbox.drain()
    got = thread_lines(record)[before:]
    stood = {line for (_, _, line), r in zip(RACES[case], replies, strict=True) if r["ok"]}
    assert sorted(got) == sorted(stood), (got, replies)  # each line of a write that stood, once
    refused = {str(r["text"]) for r in replies if not r["ok"]}
    assert refused <= {
        f"{ticket} is already resolved: the note is not kept; note {ticket} <text> adds it",
        f"{ticket} is resolved; reopen it first"}, replies  # a handoff after the resolve
    if case == "two resolves with notes":
        assert len(refused) == 1, replies
