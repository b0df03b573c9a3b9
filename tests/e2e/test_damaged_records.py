"""One damaged ticket record, end to end through Slack (signed requests into the bolt app, the
local Slack Web API, a SQLite file): ``tickets``, App Home and the other tickets' buttons work
for everyone, the damaged one is refused in one line by ``status``, ``claim`` and its card's
button, nothing is written over it, and ``/metrics`` counts the skips. Before, each of them
answered 'Sorry, that did not work: socialops hit an error' with a traceback in the log."""

from __future__ import annotations

import logging

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from bot.app.http import build_http_app
from bot.core import keys as K
from bot.core.effects import Effects
from tests.e2e.test_home import home_of, section
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, BOB, SUPPORT, World
from tests.store.test_damaged_records import damage

REFUSED = ("T-2 cannot be read: its stored record is damaged (status: Input should be 'open', "
           "'claimed', 'resolved' or 'merged'); restore it from a backup of the store")


async def metrics_of(world: World) -> str:
    """What the world's app answers on /metrics."""
    server = TestServer(build_http_app(world.a), port=0)
    await server.start_server()
    try:
        async with aiohttp.ClientSession(str(server.make_url("/"))) as http, \
                http.get("/metrics") as resp:
            return await resp.text()
    finally:
        await server.close()


async def test_one_damaged_ticket_is_refused_alone_and_the_rest_work(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    for n in (1, 2, 3):
        await world.mention(f"@acme my order {n} is broken again, this is terrible", n=n,
                            handle=f"customer{n}")
    assert [t.id for t in await world.a.store.list_tickets()] == ["T-1", "T-2", "T-3"]
    stored = await damage(world.a.store, "ticket", "T-2", "wrong status")
    caplog.set_level(logging.WARNING)

    listed = await ask(world, BOB, SUPPORT, "tickets")
    assert listed.startswith("2 tickets (open or claimed)")
    assert "T-1" in listed and "T-3" in listed and "T-2" not in listed
    assert (await ask(world, BOB, SUPPORT, "status T-2")).startswith(f"ticket {REFUSED}")
    assert (await ask(world, ALICE, SUPPORT, "claim T-2")).startswith(f"ticket {REFUSED}")
    assert await ask(world, ALICE, SUPPORT, "claim T-3") == "T-3 claimed"

    ts = str(next(m for m in world.posts(SUPPORT) if "T-2:" in str(m.get("text")))["ts"])
    before = len(world.said_to(ALICE))
    await world.click(ALICE, "claim", "T-2", channel=SUPPORT, message_ts=ts)
    await world.until(lambda: len(world.said_to(ALICE)) > before, "the button's answer")
    assert world.said_to(ALICE)[-1].startswith(f"ticket {REFUSED}")

    await world.open_home(ALICE)
    home = await home_of(world, ALICE)
    assert "*T-3* · claimed by alice" in section(home, "Claimed by you")
    assert "*T-1* · unclaimed" in section(home, "Unclaimed in support")

    assert await world.a.store.get_raw(K.TICKET, "T-2") == stored  # nothing wrote over it
    assert not [r for r in caplog.records if r.exc_info]  # no traceback anywhere
    metrics = await metrics_of(world)
    skipped = world.a.store.unreadable_records()["ticket"]
    assert skipped == 1  # one damaged ticket, however many listings met it
    assert f'socialops_store_records_unreadable_total{{kind="ticket"}} {skipped}.0' in metrics


async def test_a_damaged_source_health_state_is_counted_on_metrics(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    """The health check's stored state edited into a JSON list: one warning line, learnt
    afresh, and /metrics counts it as an unreadable record of kind source_health."""
    assert world.a.health is not None
    fx = Effects()
    fx.cursors[K.SOURCE_BASELINES] = "[]"
    world.a.health.arm(fx)
    assert await world.a.store.apply(fx)
    await world.timers()
    assert not [r for r in caplog.records if r.exc_info or r.levelname == "ERROR"]
    metrics = await metrics_of(world)
    assert 'socialops_store_records_unreadable_total{kind="source_health"} 1.0' in metrics


@pytest.mark.parametrize("stored", ['{"parts": ["a"]}', "[" * 100_000,
                                    '{"error": "boom", "at": "9999-12-31T23:59:59-23:59"}'])
async def test_a_damaged_latest_poll_is_read_as_no_error_by_status(
        world: World, caplog: pytest.LogCaptureFixture, stored: str) -> None:
    """A source's latest poll (cursor _health:<source>) edited by hand: the chat ``status``,
    asked through Slack, answered 'Sorry, that did not work' with a traceback for some of
    these; it answers, the source 'ok', one warning line, and /metrics counts it."""
    fx = Effects()
    fx.cursors[f"{K.HEALTH}:masto"] = stored
    assert await world.a.store.apply(fx)
    for _ in range(2):
        assert await world.slash(ALICE, SUPPORT, "status") == 200
    await world.until(lambda: len([t for t in world.said_to(ALICE) if "sources:" in t]) == 2,
                      "both answers")
    assert all("masto (ok)" in t for t in world.said_to(ALICE) if "sources:" in t)
    assert not [r for r in caplog.records if r.exc_info or r.levelname == "ERROR"]
    assert [r.name for r in caplog.records if r.levelname == "WARNING"] == [
        "handlers.source_health"]
    metrics = await metrics_of(world)
    assert 'socialops_store_records_unreadable_total{kind="source_health"} 1.0' in metrics
