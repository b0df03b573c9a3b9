"""``socialops why`` in a terminal, of a post whose card was given up (dead): its answer named
the chat's command to bring it back, `retry d-...`, which no shell runs (a review,
2026-12-07). The command line names its own, `socialops outbox retry d-...`, as `socialops
outbox list --dead` does; the chat's answer keeps `retry d-...`. Through the installed
command, on a SQLite file the app wrote."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from bot.app.compose import open_app
from bot.core.cards import delivery_id
from bot.core.config import load_config
from tests.app.cli_support import clean_env, socialops
from tests.app.test_dead_letters import post, write_config
from tests.conftest import FakeClock


async def test_why_in_a_terminal_names_the_command_lines_retry(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, "sqlite", "")
    clock = FakeClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO()) as app:
        await app.pipeline.process(post(1, "login broken", clock()))
        due = await app.store.claim_due(now=clock(), owner="w", lease_seconds=30, limit=10)
        [card] = [i for i in due if i.channel == "support"]
        await app.store.retry_later(card.key, owner="w", at=clock(), dead=True,
                                    error="console: channel_not_found")
        chat = (await app.why.why("mastodon:1")).text if app.why else ""
    assert f"`retry {delivery_id(card.key)}`" in chat, chat  # the chat's own verb
    done = socialops("-c", str(cfg), "why", "mastodon:1", cwd=tmp_path, env=clean_env())
    assert done.returncode == 0, done.stderr
    said = done.stdout
    assert "failed for good" in said, said
    assert f"`socialops outbox retry {delivery_id(card.key)}`" in said, said
    assert "Then `retry d-" not in said and "then `retry d-" not in said, said
