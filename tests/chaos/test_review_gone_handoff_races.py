"""A hand-over racing a deactivation (a reliability review of the gone-account refusal,
``TicketService`` ``unclaim ... to=``): two real processes on one SQLite file or one
redis-server, let go at the same moment, each handing one ticket to bob through the local
Slack, which deactivates bob's account right after it first answered ``users.info`` for him
(``deleted: true``, docs.slack.dev/reference/objects/user-object). Whether a process saw bob
active or gone depends on which asked first (each keeps its own answer): either outcome is
acceptable, each process answers in one line, nothing crashes, and the ticket is handed to
bob at most once (one history entry, one thread line)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.chaos.procs import ROOT
from tests.conftest import FakeClock
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import (
    ALICE,
    BOB,
    CAROL,
    SUPPORT,
    UNPACED,
    World,
    redis_url_if,
    running_world,
)


@pytest.fixture(params=["sqlite", "redis"])
async def either(request: pytest.FixtureRequest, tmp_path: Path,
                 clock: FakeClock) -> AsyncIterator[World]:
    """The e2e world (its app, the local Slack) on a SQLite file or a redis-server."""
    async with running_world(tmp_path, clock, extra=UNPACED, store=request.param,
                             redis_url=redis_url_if(request)) as world:
        yield world


@pytest.mark.untimed  # bob's deactivation follows the first answer; either order is right
@pytest.mark.timeout(120)
async def test_a_handoff_racing_a_deactivation_answers_in_one_line_either_way(
        either: World) -> None:
    world = either
    world.slack.users.update({ALICE: "alice@acme.test", BOB: "bob@acme.test",
                              CAROL: "carol@acme.test"})
    ticket_id, _ = await open_ticket(world)
    answered: list[str] = []
    info = world.slack._m_users_info

    def users_info(a: dict[str, Any]) -> dict[str, Any]:
        answer = info(a)
        if str(a.get("user")) == BOB and not answered:
            answered.append(BOB)
            world.slack.deactivated.add(BOB)  # gone right after the first look
        return answer

    world.slack._m_users_info = users_info  # type: ignore[method-assign]
    go = world.tmp / "go"
    env = {**{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
           "PYTHONPATH": str(ROOT)}
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.chaos.slack_say", str(world.tmp / "socialops.yaml"),
        world.clock().isoformat(), str(go), user, SUPPORT, f"unclaim {ticket_id} to=bob",
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        for user in (ALICE, CAROL)]
    try:
        async with asyncio.timeout(90):
            while not all(go.with_suffix(f".{u}").exists() for u in (ALICE, CAROL)):
                if any(p.returncode is not None for p in procs):
                    break
                await asyncio.sleep(0.01)
            go.touch()
            outs = [await p.communicate() for p in procs]
    finally:
        for p in procs:
            if p.returncode is None:
                p.kill()
                await p.wait()
    replies = []
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0 and "Traceback" not in err.decode(), err.decode()[-3000:]
        [line] = out.decode().splitlines()
        reply = json.loads(line)
        assert "\n" not in reply["text"], reply
        replies.append(reply)
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None
    handed = [r for r in replies if r["ok"]]
    refused = [r for r in replies if not r["ok"]]
    assert all("deactivated" in r["text"] or "bob" in r["text"] for r in refused), replies
    if handed:
        assert ticket.claimer == "bob", (ticket, replies)
    else:
        assert ticket.claimer != "bob", (ticket, replies)
    to_bob = [h for h in ticket.history if "bob" in json.dumps(h.model_dump(mode="json"))]
    assert len(to_bob) <= 1, (ticket.history, replies)
    print(replies)
