"""A route's cooldown across processes: two posts of one group decided at the same moment by
two real processes on one real redis-server, or on one SQLite file as two sources' batches
of one process would (one of them a process of its own that stalls between deciding and
writing: ``tests.chaos.boundary process``). The cooldown promises one card
for the group; the post that comes second is held back and counted into the next card.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.chaos.test_claim_races import Setup, decide_while_another_stalls
from tests.conftest import FakeClock
from tests.support.redis_server import RedisServer

# the stalled process waits for a file: the order is forced
pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

RULES = """
routes:
  - {name: outage, match: {any: [outage]}, channel: support, cooldown: 15m}
"""


def post(n: int) -> Mention:
    return Mention(id=f"mastodon:{n}", network="mastodon", source="brand",
                   text=f"acme outage, nothing loads ({n})",
                   author=Author(id=f"a{n}", handle=f"u{n}"), created_at=START)


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_two_posts_in_one_cooldown_decided_at_once_make_one_alert(
        tmp_path: Path, redis_server: RedisServer, backend: str) -> None:
    """Before 2026-11-30 each process read that the group had no cooldown mark, and each sent
    its alert: two cards within the cooldown."""
    s = Setup(tmp_path, redis_server)
    (tmp_path / "rules.yaml").write_text(RULES)
    if backend == "sqlite":
        sqlite = f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}"
        s.config.write_text(re.sub(r"store: .*", sqlite, s.config.read_text()))
    await decide_while_another_stalls(s, post(1), post(2))
    async with open_app(load_config(s.config), clock=FakeClock(START),
                        out=io.StringIO()) as app:
        alerts = [i.key for i in await app.store.list_outbox(status="pending")
                  if i.key.endswith("|outage@support")]
        held = await app.store.group_items("held:outage|console|support|-")
    assert len(alerts) == 1, alerts
    assert len(held) == 1, held  # the other post, counted into the next card
