"""Twin subscriptions left in a store (the same query and options in one channel, made before
subscribe refused a repeat), and different subscriptions of one channel, make one keyword-alert
card for a post there, on both real stores:
a SQLite file and a real redis-server, through the app's own pipeline and outbox."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app.compose import App, open_app
from bot.core import keys as K
from bot.core.config import load_config
from bot.core.effects import Effects
from bot.core.models import Author, Mention, Subscription
from tests.conftest import FakeClock

CONFIG = """
workspaces: [{{name: console, type: console}}]
channels:
  marketing: {{workspace: console, id: marketing}}
  sales: {{workspace: console, id: sales}}
people: [{{id: dave, role: lead, identities: {{console: dave}}}}]
sources: [{{id: brand, type: replay, path: {empty}}}]
spikes: {{enabled: false}}
rules: rules.yaml
store: {store}
"""


@pytest.fixture(params=["sqlite", "redis"])
async def app(request: pytest.FixtureRequest, tmp_path: Path,
              clock: FakeClock) -> AsyncIterator[App]:
    (tmp_path / "rules.yaml").write_text("routes: []\n")
    (tmp_path / "empty.jsonl").write_text("")
    env: dict[str, str] = {}
    if request.param == "sqlite":
        store = f"{{backend: sqlite, path: {tmp_path / 's.db'}}}"
    else:
        store, env["REDIS_URL"] = "{backend: redis, queue: false}", request.getfixturevalue(
            "redis_url")
    (tmp_path / "socialops.yaml").write_text(CONFIG.format(empty=tmp_path / "empty.jsonl",
                                                           store=store))
    async with open_app(load_config(tmp_path / "socialops.yaml"), clock=clock, env=env,
                        out=io.StringIO()) as opened:
        await opened.start()
        yield opened


def sub(sub_id: str, query: str, channel: str = "marketing", *, minutes: int = 0,
        who: str = "dave") -> Subscription:
    return Subscription(id=sub_id, workspace="console", channel=channel, query=query,
                        created_by=who,
                        created_at=datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=minutes))


async def test_twins_left_in_the_store_make_one_card_in_their_channel(app: App) -> None:
    # as a store from before 2026-11-30 holds them: records written without the holder key
    fx = Effects()
    for s in [sub("S-1", "acme refund"), sub("S-2", "Refund  AND ACME", minutes=5, who="ana"),
              sub("S-3", "acme refund", minutes=9), sub("S-4", "acme refund", "sales"),
              sub("S-5", "refund")]:
        fx.create(s)
    fx.routing_change("*", "seed")
    assert await app.store.apply(fx)
    result = await app.pipeline.process_batch([Mention(
        id="mastodon:1", network="mastodon", source="brand", text="acme refund, when?",
        author=Author(id="a1", handle="u1"), created_at=datetime(2026, 11, 23, 9, tzinfo=UTC))])
    assert sorted(h.route for s in result.signals for h in s.routes) == ["sub:S-1", "sub:S-4"]
    cards = await app.store.list_outbox(status="pending")
    marketing = sorted(i.card.route or "" for i in cards if i.channel == "marketing")
    # S-5 is another query of the channel: S-1's card shows the post (it made its own)
    assert marketing == ["sub:S-1"], [i.key for i in cards]
    assert [i.card.route for i in cards if i.channel == "sales"] == ["sub:S-4"]


async def test_a_route_in_its_cooldown_holds_the_post_for_the_channel(tmp_path: Path,
                                                                      clock: FakeClock) -> None:
    """A route alerting in #marketing with a cooldown, and a subscription there: the first
    post is the route's card; the next, inside the cooldown, is held for the route's next
    card, and the subscription does not post around the cooldown."""
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: launch, match: {any: [acme]}, channel: marketing, cooldown: 1h}\n")
    (tmp_path / "empty.jsonl").write_text("")
    (tmp_path / "socialops.yaml").write_text(CONFIG.format(
        empty=tmp_path / "empty.jsonl", store=f"{{backend: sqlite, path: {tmp_path / 's.db'}}}"))
    async with open_app(load_config(tmp_path / "socialops.yaml"), clock=clock,
                        out=io.StringIO()) as app:
        await app.start()
        fx = Effects()
        fx.create(sub("S-1", "acme refund"))
        fx.routing_change("*", "seed")
        assert await app.store.apply(fx)
        for n in (1, 2):
            await app.pipeline.process_batch([Mention(
                id=f"mastodon:{n}", network="mastodon", source="brand",
                text=f"acme refund, when? ({n})", author=Author(id=f"a{n}", handle=f"u{n}"),
                created_at=datetime(2026, 11, 23, 9, n, tzinfo=UTC))])
            clock.advance(minutes=1)
        cards = await app.store.list_outbox(status="pending")
        assert [(i.channel, i.card.route) for i in cards] == [("marketing", "launch")]
        held = K.held("launch|console|marketing|-")  # the route's group: route, channel
        assert await app.store.group_items(held) == ["mastodon:2"]
