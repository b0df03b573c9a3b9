"""A Discord form whose process is killed (SIGKILL) while the form runs: after its run-once
mark was written, before the run answered. The person saw no answer (Discord: "This
interaction failed", or "Something went wrong" in the modal, which stays open) and pressed
Submit again, answered by another process (or the restarted one) sharing the store.

Before, the mark was written before the run, so the second submit was answered "This form was
sent already; its answer is the one above. Nothing was done twice." for 15 minutes, and the
draft was lost. Now the run holds a lease of ``FORM_RUN_LEASE`` seconds, and the mark that it
ran is written once it answered: within the lease the second submit is told the form is being
sent (send it again in a minute); after it, the form runs, once (at least once: see
docs/discord.md, Limits). A real process on the local Discord, killed; a real SQLite file and
a real redis-server; the second process is this one, its bot on the same store."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.core.config import DiscordWorkspaceConfig, StoreConfig
from bot.core.ports import Store
from bot.store import open_store
from integrations.discord.bot import SocialopsBot
from integrations.discord.inbound import FORM_RUN_LEASE
from tests.conftest import FakeClock
from tests.integrations.discord.form_process import ALICE
from tests.integrations.discord.reader import unescape
from tests.integrations.discord.test_bot import Recorder, follow_up, identity, modal_submit
from tests.integrations.discord.test_form_sent_twice import DRAFT
from tests.support.fake_discord import FakeDiscord
from tests.support.processes import die_with_parent

ROOT = Path(__file__).parents[3]


@pytest.fixture(params=["sqlite", "redis"])
async def shared(request: pytest.FixtureRequest, tmp_path: Path,
                 clock: FakeClock) -> Any:
    """(backend, its file or URL, this process's connection to it)."""
    if request.param == "sqlite":
        target = str(tmp_path / "s.db")
        cfg = StoreConfig(backend="sqlite", path=target)
        store = await open_store(cfg, redis_url=None, clock=clock)
    else:
        target = request.getfixturevalue("redis_url")
        store = await open_store(StoreConfig(backend="redis"), redis_url=target, clock=clock)
    yield request.param, target, store
    await store.close()


async def answer(fake: FakeDiscord, n: int) -> str:
    return unescape((await follow_up(fake, n))["content"])[0]


async def test_a_form_cut_short_by_a_kill_runs_when_sent_again_after_its_lease(
        shared: tuple[str, str, Store], fake: FakeDiscord, clock: FakeClock,
        ws_config: DiscordWorkspaceConfig, tmp_path: Path) -> None:
    backend, target, store = shared
    entered = tmp_path / "entered"
    proc = await asyncio.create_subprocess_exec(
        *die_with_parent([sys.executable, "-m", "tests.integrations.discord.form_process",
                          backend, target, clock().isoformat(), fake.api_url,
                          str(fake.gateway_url), fake.application_id, fake.guild_id,
                          str(entered)], "SIGKILL"),
        cwd=ROOT, stderr=asyncio.subprocess.PIPE)
    try:
        await asyncio.wait_for(fake.connected.wait(), 30)
        await modal_submit(fake, "draft", DRAFT, user=ALICE)
        for _ in range(3000):  # the run is under way in that process
            if entered.exists() and entered.read_text():
                break
            await asyncio.sleep(0.01)
        assert entered.read_text() == "draft"
    finally:
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    assert proc.returncode == -signal.SIGKILL
    fake.connected.clear()

    recorder = Recorder(fake)
    bot = SocialopsBot(ws_config, handler=recorder, identity=identity, guild_ready_timeout=0.05,
                       mark_seen=store.mark_seen, forget_seen=store.forget_seen)
    task = asyncio.create_task(bot.start(ws_config.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        answers = len([c for c in fake.calls if "/webhooks/" in c.path and c.method == "POST"])
        await modal_submit(fake, "draft", DRAFT, user=ALICE)  # at once: the lease holds it
        said = await answer(fake, answers + 1)
        assert said.startswith("This form is being sent already"), said
        assert recorder.seen == []
        clock.advance(seconds=FORM_RUN_LEASE + 1)
        await modal_submit(fake, "draft", DRAFT, user=ALICE)  # after it: it runs
        said = await answer(fake, answers + 2)
        assert "sent already" not in said and "being sent" not in said, said
        assert [i.action for i in recorder.seen] == ["draft"]
        await modal_submit(fake, "draft", DRAFT, user=ALICE)  # and once it ran, once
        said = await answer(fake, answers + 3)
        assert said.startswith("This form was sent already"), said
        clock.advance(seconds=FORM_RUN_LEASE + 1)
        await modal_submit(fake, "draft", DRAFT, user=ALICE)
        said = await answer(fake, answers + 4)
        assert said.startswith("This form was sent already"), said
        assert [i.action for i in recorder.seen] == ["draft"]
    finally:
        await bot.close()
        await asyncio.wait_for(task, 5)
