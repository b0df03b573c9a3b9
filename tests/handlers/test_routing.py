"""A route's noise control over the weeks, on the real app (SQLite file, console workspace,
timers fired at the injected clock's time): what a cooldown holds back is counted into the
group's next card and leaves the store with it, whether that card is grouped or not."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.compose import config_rules, open_app
from bot.core.config import load_config
from bot.core.models import Author, Mention
from tests.conftest import FakeClock

CONFIG = """
workspaces: [{{name: console, type: console}}]
channels:
  crisis: {{workspace: console, id: crisis}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: sqlite, path: {db}}}
"""


@pytest.mark.parametrize("group_wait", ["", "group_wait: 2m, "])
async def test_what_a_cooldown_held_back_goes_with_the_next_card_for_a_month(
        tmp_path: Path, clock: FakeClock, group_wait: str) -> None:
    """Every day an outage burst of 10 posts of one group: the first alerts, the rest are held
    back by the 15-minute cooldown. Before 2026-12-01 a route with group_wait as well posted its
    grouped cards without them and never took them: 9 rows a day for ever."""
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: outage, match: {any: [outage]}, channel: crisis, "
        f"group_by: [route], {group_wait}cooldown: 15m}}\n")
    (tmp_path / "socialops.yaml").write_text(CONFIG.format(db=tmp_path / "s.db"))
    async with open_app(load_config(tmp_path / "socialops.yaml"), clock=clock,
                        out=io.StringIO()) as app:
        runtime = app.runtime()
        held = "held:outage|console|crisis|route=outage"
        for day in range(30):
            await app.pipeline.process_batch([Mention(
                id=f"mastodon:{day}-{i}", network="mastodon", source="brand",
                text=f"acme outage, nothing loads ({day}-{i})",
                author=Author(id=f"a{i}", handle=f"u{i}"), created_at=clock())
                for i in range(10)])
            clock.advance(days=1)  # the cooldown is over; then the next day's first post
            await runtime.fire_due_timers()
            await app.outbox.drain()
            assert len(await app.store.group_items(held)) <= 9
        sent = await app.store.list_outbox(status="sent", limit=1000)
        counted = [f.value for item in sent for f in item.card.fields if f.name == "Held back"]
    assert len(sent) == 30
    assert counted == ["9 similar mention(s) during the cooldown"] * (30 if group_wait else 29)


async def test_a_group_wait_changed_in_the_rules_is_the_new_wait(
        tmp_path: Path, clock: FakeClock) -> None:
    """A route's group_wait made 2m -> 10m while posts keep coming (one a minute): after the
    open group's card, cards come every 10 minutes. Before, the open group's timer armed
    itself again with the old 2 minutes after each card, and the new posts joined its buffer:
    a card every 2 minutes for as long as posts kept coming."""
    rules = tmp_path / "rules.yaml"
    route = ("routes:\n  - {{name: outage, match: {{any: [outage]}}, channel: crisis, "
             "group_by: [route], group_wait: {wait}}}\n")
    rules.write_text(route.format(wait="2m"))
    (tmp_path / "socialops.yaml").write_text(CONFIG.format(db=tmp_path / "s.db"))
    loaded = load_config(tmp_path / "socialops.yaml")
    async with open_app(loaded, clock=clock, out=io.StringIO()) as app:
        runtime = app.runtime()
        posted: list[int] = []
        for minute in range(41):
            if minute == 1:
                rules.write_text(route.format(wait="10m"))
                await app.router.set_rules(config_rules(loaded, now=clock()))
            await app.pipeline.process_batch([Mention(
                id=f"mastodon:{minute}", network="mastodon", source="brand",
                text=f"acme outage, nothing loads ({minute})",
                author=Author(id=f"a{minute}", handle=f"u{minute}"), created_at=clock())])
            clock.advance(minutes=1)
            await runtime.fire_due_timers()
            await app.outbox.drain()
            sent = await app.store.list_outbox(status="sent", limit=1000)
            posted.extend([minute + 1] * (len(sent) - len(posted)))
    # the open group's card at its old 2 minutes, then one card for each 10 minutes of posts
    # (the first post under the new rules came at minute 1); before: 2, 4, 6, ... 40
    assert posted == [2, 11, 21, 31, 41]
