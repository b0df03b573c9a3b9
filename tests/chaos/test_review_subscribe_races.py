"""Subscriptions made from chat (``subscribe``) in two real processes at the same moment
(``tests.chaos.boundary say``, let go together) on one SQLite file or one redis-server, while
this process routes with the subscriptions it read before (``LiveRouter``: the keyword index
caught up from the routing log, ``router_updates_total{kind="incremental"}``): each new
subscription is in every router once, so each matching post is one card; the same line
subscribed twice at once makes one subscription; and one person's subscriptions in a channel
stay within ``MAX_PER_PERSON`` when two of theirs are made at once."""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app.compose import App, open_app
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import Author, Mention, Subscription
from handlers.subscriptions import MAX_PER_PERSON
from tests.chaos.boundary import here
from tests.chaos.procs import ROOT, until_set
from tests.chaos.test_claim_races import START, Setup
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer


async def _post(app: App, n: int, text: str) -> None:
    await app.pipeline.process_batch([Mention(
        id=f"mastodon:{n}", network="mastodon", source="brand", text=text,
        author=Author(id=f"a{n}", handle=f"u{n}"), created_at=app.clock())])


def _cards(s: Setup) -> list[str]:
    """The keys of the cards posted for subscriptions."""
    rows = [json.loads(x) for x in s.record.read_text().splitlines()] if s.record.exists() else []
    return [r["key"] for r in rows if r["op"] == "post" and "|sub:" in r["key"]]


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_two_subscriptions_made_at_once_each_fire_once_in_a_running_router(
        tmp_path: Path, backend: str, redis_server: RedisServer) -> None:
    s = Setup(tmp_path, redis_server, backend=backend)
    clock = FakeClock(START)
    async with open_app(load_config(s.config), clock=clock, out=io.StringIO(),
                        record_path=s.record) as app:
        await _post(app, 1, "acme refund, before any subscription")  # the router built
        full = app.metrics.value("router_updates_total", kind="full")
        replies = await asyncio.to_thread(s.race, ("alice", "subscribe acme refund"),
                                          ("bob", "subscribe acme invoice"))
        assert all(r["ok"] and " created" in r["text"] for r in replies), replies
        subs = {sub.query: sub.id for sub in await app.store.list_subscriptions()}
        assert sorted(subs) == ["acme invoice", "acme refund"], subs
        clock.now = START + timedelta(minutes=1)
        await _post(app, 2, "acme refund please")
        await _post(app, 3, "acme invoice is wrong")
        await _post(app, 4, "acme refund and invoice both")
        assert app.metrics.value("router_updates_total", kind="full") == full  # caught up
        assert app.metrics.value("router_updates_total", kind="incremental") >= 1
        await app.outbox.drain()
    oldest = min(subs.values(), key=lambda i: int(i.removeprefix("S-")))
    # a post both match is one card in the channel, the oldest subscription's (docs/rules.md)
    assert sorted(_cards(s)) == sorted([
        f"mastodon:2|sub:{subs['acme refund']}", f"mastodon:3|sub:{subs['acme invoice']}",
        f"mastodon:4|sub:{oldest}"])


async def test_the_same_subscribe_in_two_processes_at_once_makes_one_on_sqlite(
        tmp_path: Path, redis_server: RedisServer) -> None:
    """``test_claim_races`` has it on a redis-server; here one SQLite file."""
    s = Setup(tmp_path, redis_server, backend="sqlite")
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        await _post(app, 1, "acme nothing yet")
        replies = await asyncio.to_thread(s.race, ("alice", "subscribe acme refund"),
                                          ("bob", "subscribe Acme  refund"))
        [sub] = await app.store.list_subscriptions()
        assert sorted(r["text"].split(":")[0] for r in replies) == [
            f"{sub.id} created",
            f"this channel already follows `{sub.query}` as {sub.id}; nothing added"], replies
        await _post(app, 2, "acme refund please")
        await app.outbox.drain()
    assert _cards(s) == [f"mastodon:2|sub:{sub.id}"]


def _one_person_twice(s: Setup, *lines: str) -> list[dict[str, Any]]:
    """alice typing each line in a process of its own, let go at the same moment (each
    waits for a go file of its own: ``Setup.race`` names the files by the person)."""
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    gos = [s.tmp / f"go{n}" for n in range(len(lines))]
    procs = [subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "say", str(s.config), str(s.record),
         START.isoformat(), str(go), "alice", line], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=env) for go, line in zip(gos, lines, strict=True)]
    try:
        for p, go in zip(procs, gos, strict=True):
            assert until_set(p, go.with_suffix(".alice")), p.communicate()[1].decode()[-3000:]
        for go in gos:
            go.touch()
        outs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err.decode()[-3000:]
    return [json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outs]


async def _one_person_stalled(s: Setup, stalled: str, line: str) -> list[dict[str, Any]]:
    """alice's ``stalled`` line decided (what she keeps counted) in a process held before its
    write, while her ``line`` is answered and written (in this process: it neither dies nor
    holds nor races, the held one waits on a file); then the first writes."""
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    hold, go = s.tmp / "hold", s.tmp / "go-stalled"
    go.touch()
    first = subprocess.Popen(
        [sys.executable, "-m", "tests.chaos.boundary", "say", str(s.config), str(s.record),
         START.isoformat(), str(go), "alice", stalled, f"stall:{hold}"], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        assert await asyncio.to_thread(until_set, first, hold.with_suffix(".ready")), \
            first.communicate()[1].decode()[-3000:]
        go2 = s.tmp / "go-second"
        go2.touch()
        second = await here("say", str(s.config), str(s.record), START.isoformat(), str(go2),
                            "alice", line)
        hold.touch()
        out, err = await asyncio.to_thread(first.communicate, timeout=120)
        assert first.returncode == 0, err.decode()[-3000:]
    finally:
        if first.poll() is None:
            first.kill()
    return [json.loads(o.strip().splitlines()[-1]) for o in (out.decode(), second)]


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
@pytest.mark.parametrize("how", [
    "together",
    # the first process held before its write by a file, the second run while it is held
    pytest.param("stalled", marks=pytest.mark.untimed)])
async def test_one_persons_last_subscription_made_twice_at_once_keeps_the_limit(
        tmp_path: Path, backend: str, how: str, redis_server: RedisServer) -> None:
    """alice keeps MAX_PER_PERSON - 1 subscriptions in the channel and sends two more at once
    (two tabs, two teammates' bots for one account): let go together, or the first decided
    and held before its write while the second is made. One is made, the other refused with
    the limit. Before, each process counted MAX_PER_PERSON - 1 and both were made: 201, past
    the limit docs/rules.md states."""
    s = Setup(tmp_path, redis_server, backend=backend)
    async with open_app(load_config(s.config), clock=FakeClock(START), out=io.StringIO(),
                        record_path=s.record) as app:
        fx = Effects()
        for n in range(MAX_PER_PERSON - 1):
            fx.create(Subscription(id=f"S-{n + 1000}", workspace="console", channel="support",
                                   query=f"kept{n}", created_by="alice", created_at=START))
        assert await app.store.apply(fx)
        if how == "together":
            replies = await asyncio.to_thread(_one_person_twice, s, "subscribe acme refund",
                                              "subscribe acme invoice")
        else:
            replies = await _one_person_stalled(s, "subscribe acme refund",
                                                "subscribe acme invoice")
        mine = await app.store.count_subscriptions(workspace="console", channel="support",
                                                   created_by="alice")
    assert mine == MAX_PER_PERSON, replies
    assert sorted(r["ok"] for r in replies) == [False, True], replies
    refused = next(r["text"] for r in replies if not r["ok"])
    assert refused.startswith(f"you already keep {MAX_PER_PERSON} subscriptions"), refused
