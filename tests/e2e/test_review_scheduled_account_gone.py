"""A scheduled post whose account was taken out of socialops.yaml (or renamed) before its
time failed saying `no publisher for account masto`: a word the config never uses, nothing
of what happened or what to do. It says no such account publishes now, which do, that
nothing was posted and to draft it again. Slack's signed requests through bolt, the local
Mastodon, a real SQLite file across the restart that changed the config."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import FakeClock
from tests.e2e.test_queue import ask
from tests.e2e.test_scheduled import approve, thread
from tests.e2e.world import ALICE, MARKETING, UNPACED, World, running_world


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock) -> AsyncIterator[World]:
    async with running_world(tmp_path, clock, extra=UNPACED, zone="Europe/Berlin") as w:
        yield w


async def test_a_post_whose_account_was_removed_says_so_and_what_to_do(world: World) -> None:
    assert (await ask(world, ALICE, MARKETING, "draft mastodon masto at=1h Launch day")
            ).startswith("A-1 drafted")
    assert (await approve(world, "A-1")).startswith("A-1 approved; publishes at")
    await world.stop()
    config = world.tmp / "socialops.yaml"
    text = config.read_text()
    assert text.count("{id: masto, ") == 1
    config.write_text(text.replace("{id: masto, ", "{id: brand, "))
    world.clock.advance(hours=1)
    await world.start()
    await world.timers()
    approval = await world.a.store.get_approval("A-1")
    assert approval is not None and approval.status == "failed", approval
    assert approval.error == (
        "no account 'masto' publishes now (known: brand): it was taken out of socialops.yaml "
        "or renamed after A-1 was drafted; nothing was posted: draft it again for an account "
        "that publishes"), approval.error
    assert world.statuses == []
    said = thread(world, "A-1")
    assert "\nsocialops publish failed: no account 'masto' publishes now" in "\n".join(said), said
