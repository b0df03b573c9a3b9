"""`socialops forget` of one author typed twice at once (two admins, a retry beside a slow
first run), as two real processes on a SQLite file and a real redis-server, each held after
deciding until both have decided: the author is erased once, one `forget` audit event, each
card's edit queued once; the other run says it was done already.

Before, an author with no ticket (their posts alerted only) was erased twice: nothing the two
writes held was versioned, so both committed, two `forget` audit events each counting every
record, and each run said it had erased them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.app.cli_support import REPO, clean_env
from tests.app.test_dead_letters import write_config
from tests.chaos.procs import let_go_together
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

WORDS = "love the new release, but login broken again: write me at kasia@example.org"
AUTHOR = "mastodon:@kasia@example.social"
ALERT_ONLY = """\
routes:
  - {name: praise, match: {any: [love]}, action: alert, channel: marketing}
"""

# both decide, then wait for a file; the outcome is the same whichever writes first
pytestmark = pytest.mark.untimed


ERASED = {  # what the run that erases says, and the edits it queues
    "alert": ("erased 3 records (1 signals, 1 traces, 0 tickets, 1 outbox cards)",
              ["mastodon:1|praise@marketing#erased"]),
    "ticket": ("erased 6 records (1 signals, 1 traces, 1 tickets, 2 outbox cards, 1 audit "
               "events)", ["T-1@support#1", "mastodon:1|praise@marketing#erased"]),
}


@pytest.mark.parametrize("routed", ["alert", "ticket"])
@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_one_author_erased_by_two_runs_at_once_is_erased_once(
        tmp_path: Path, redis_server: RedisServer, backend: str, routed: str) -> None:
    """``alert``: posts alerted only (both runs erased them before); ``ticket``: an alert and
    a ticket, whose version the second write expected (refused before, "erase again")."""
    redis_server.flushall()
    cfg = write_config(tmp_path, backend, redis_server.url)
    if routed == "alert":
        (tmp_path / "rules.yaml").write_text(ALERT_ONLY)
    clock = FakeClock(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10))
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO()) as app:
        await app.pipeline.process(Mention(
            id="mastodon:1", network="mastodon", source="brand", text=WORDS,
            url="https://example.social/@kasia/1", created_at=clock(), thread_id="1",
            author=Author(id="a1", handle="kasia@example.social")))
        await app.outbox.drain()

    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-m", "tests.chaos.forget_race_proc", str(cfg),
                               AUTHOR, str(go)], cwd=REPO, env=clean_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    ready = [go.with_suffix(f".{p.pid}") for p in procs]
    outs = let_go_together(procs, ready, go, timeout=120)
    assert all(p.returncode == 0 for p in procs), [err.decode()[-2000:] for _, err in outs]
    said = sorted(json.loads(out)["text"] for out, _ in outs)

    today = datetime.now(UTC).date().isoformat()
    erased, edits = ERASED[routed]
    assert said == [f"{AUTHOR}: {erased}; audited",
                    f"{AUTHOR}: erased already on {today}; nothing more to erase"]
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO()) as app:
        signal = await app.store.get_signal("mastodon:1")
        assert signal is not None and WORDS not in signal.to_json()
        assert len([e for e in await app.store.audit_since(None) if e.action == "forget"]) == 1
        waiting = [i.key for i in await app.store.list_outbox(status="pending")]
        assert sorted(waiting) == edits
