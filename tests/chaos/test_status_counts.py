"""Chat ``status`` counts open and claimed tickets through the store (86d80ca: SQLite's COUNT
over the (kind, status) index, Redis's SCARD of the status set its write script keeps with the
record). The counts stay the listing's with two real processes claiming, resolving and
reopening the same tickets at once (each write a compare-and-set of the ticket's version, as
the handlers' are), and with a third killed (SIGKILL) in the middle of its writes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import Ticket
from bot.store import open_store
from tests.app.cli_support import clean_env
from tests.app.test_dead_letters import write_config

ROOT = Path(__file__).parents[2]
TICKETS = 12
STATUSES = ("open", "claimed", "resolved", "open", "claimed")

# a process moving the tickets through their states: each move a compare-and-set of the
# ticket's version (a conflict lost to the other process is read again); READY once it began
WORKER = """
import asyncio, random, sys
from datetime import UTC, datetime
from pathlib import Path
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.store import open_store
cfg, seed, moves, ready = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4])
rng = random.Random(seed)
async def main():
    store = await open_store(load_config(cfg).config.store, redis_url=None,
                             clock=lambda: datetime.now(UTC))
    won = 0
    for n in range(moves):
        if n == 5:
            ready.touch()
        t = await store.get_ticket(f"T-{rng.randrange(TICKETS)}")
        status = rng.choice(STATUSES)
        fx = Effects()
        fx.update(t.model_copy(update={"status": status, "version": t.version + 1,
                                       "claimed_by": "ana" if status == "claimed" else None}),
                  expected=t.version)
        won += bool(await store.apply(fx))
    print(won, flush=True)
    await store.close()
asyncio.run(main())
""".replace("TICKETS", str(TICKETS)).replace("STATUSES", repr(STATUSES))


async def _tickets(cfg: Path) -> None:
    now = datetime.now(UTC)
    store = await open_store(load_config(cfg).config.store, redis_url=None, clock=lambda: now)
    try:
        for i in range(TICKETS):
            fx = Effects()
            fx.open_ticket(Ticket(id=f"T-{i}", signal_id=f"s{i}", route="support",
                                  customer_key=f"c{i}", conversation_key=f"mastodon:{i}",
                                  mention_ids=(f"mastodon:{i}",), created_at=now))
            assert await store.apply(fx)
    finally:
        await store.close()


async def _counts(cfg: Path) -> dict[str, tuple[int, int]]:
    """Each status: (the store's count, the tickets listed with it, read one by one too)."""
    store = await open_store(load_config(cfg).config.store, redis_url=None,
                             clock=lambda: datetime.now(UTC))
    try:
        every = [await store.get_ticket(f"T-{i}") for i in range(TICKETS)]
        out = {}
        for status in ("open", "claimed", "resolved"):
            listed = await store.list_tickets(status=status)
            assert sorted(t.id for t in listed) == sorted(
                t.id for t in every if t is not None and t.status == status)
            out[status] = (await store.count_by_status("ticket", status), len(listed))
        return out
    finally:
        await store.close()


def _worker(cfg: Path, seed: int, moves: int, ready: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WORKER, str(cfg), str(seed), str(moves),
                             str(ready)], cwd=ROOT, env=clean_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
def test_status_counts_are_the_listing_s_after_two_processes_and_a_kill(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    url = request.getfixturevalue("redis_url") if backend == "redis" else ""
    cfg = write_config(tmp_path, backend, url)
    asyncio.run(_tickets(cfg))
    doomed = _worker(cfg, 3, 100_000, tmp_path / "doomed")
    both = [_worker(cfg, seed, 300, tmp_path / f"w{seed}") for seed in (1, 2)]
    deadline = time.monotonic() + 120
    while not (tmp_path / "doomed").exists():
        assert doomed.poll() is None, doomed.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    time.sleep(0.5)  # in the middle of its writes, beside the other two
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=60)
    for proc in both:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and int(out) > 0, err
    counts = asyncio.run(_counts(cfg))
    assert all(count == listed for count, listed in counts.values()), counts
    assert sum(listed for _, listed in counts.values()) == TICKETS, counts
