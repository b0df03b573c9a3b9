"""``socialops check`` names the subscriptions a release before 2026-11-30 saved for the
channel "None" (made over Discord's HTTP endpoint naming no channel): they can never deliver.
Read from a real SQLite store file, without writing to it; nothing is removed."""

from __future__ import annotations

import io
from pathlib import Path

from bot.app.check import run_check
from bot.core.config import StoreConfig
from bot.core.models import Subscription
from bot.store import open_store
from tests.app.test_read_only_commands import keyspace
from tests.conftest import FakeClock
from tests.support.fake_discord import FakeDiscord
from tests.support.stores import create

CONFIG = """\
workspaces: [{{name: dc, type: console}}]
channels: {{support: {{workspace: dc, id: support}}}}
store: {{backend: sqlite, path: '{db}'}}
"""
# the same workspace name on Discord, where the HTTP endpoint saved "None"
ON_DISCORD = """\
workspaces: [{{name: dc, type: discord, token: t}}]
channels: {{support: {{workspace: dc, id: '123456789012345678'}}}}
store: {{backend: sqlite, path: '{db}'}}
"""


async def _check(config: Path) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(config, online=False, out=out, err=err, env={})
    return code, err.getvalue().splitlines()


async def test_a_subscription_for_channel_none_is_named_with_its_fix(
        tmp_path: Path, clock: FakeClock) -> None:
    """`check` said OK; the subscription matched posts and every delivery to channel "None"
    failed, and nothing said why."""
    db = tmp_path / "s.db"
    store = await open_store(StoreConfig(backend="sqlite", path=str(db)), redis_url=None,
                             clock=clock)
    for sub_id, channel, query in (("S-3", "None", "acme `x`\n@here"), ("S-4", "123", "acme"),
                                   ("S-12", "None", "refund")):
        assert await create(store, Subscription(
            id=sub_id, workspace="dc", channel=channel, query=query, created_by="carol",
            created_at=clock()))
    await store.close()
    config = tmp_path / "socialops.yaml"
    config.write_text(ON_DISCORD.format(db=db), encoding="utf-8")
    before = db.read_bytes()
    code, lines = await _check(config)
    assert code == 1 and len(lines) == 3, lines
    assert lines[0] == (
        f"{config}:3: store.path: subscription S-3 (dc, query 'acme `x` @here') is for the "
        "channel \"None\" (saved so by a release before 2026-11-30) and can never deliver: "
        "remove it with 'unsubscribe S-3' in any channel of dc, and subscribe again where it "
        "should post"), lines
    assert lines[1].startswith(f"{config}:3: store.path: subscription S-12 (dc, query "
                               "'refund')"), lines
    assert db.read_bytes() == before  # read, never written: the subscriptions stay


async def test_a_store_without_such_subscriptions_passes(tmp_path: Path,
                                                         clock: FakeClock) -> None:
    db = tmp_path / "s.db"
    store = await open_store(StoreConfig(backend="sqlite", path=str(db)), redis_url=None,
                             clock=clock)
    assert await create(store, Subscription(id="S-1", workspace="dc", channel="123",
                                            query="acme", created_by="carol",
                                            created_at=clock()))
    await store.close()
    config = tmp_path / "socialops.yaml"
    config.write_text(CONFIG.format(db=db), encoding="utf-8")
    assert await _check(config) == (0, [])


async def test_a_channel_named_none_of_a_workspace_not_on_discord_is_not_named(
        tmp_path: Path, clock: FakeClock) -> None:
    """Only Discord's HTTP endpoint saved "None" for no channel; a console or Slack workspace's
    subscription in a channel so named is a real one that delivers (the console prints to any
    channel): `check` named it as stranded, exit 1, and told people to remove it."""
    db = tmp_path / "s.db"
    store = await open_store(StoreConfig(backend="sqlite", path=str(db)), redis_url=None,
                             clock=clock)
    assert await create(store, Subscription(id="S-1", workspace="dc", channel="None",
                                            query="acme", created_by="carol",
                                            created_at=clock()))
    await store.close()
    config = tmp_path / "socialops.yaml"
    config.write_text(CONFIG.format(db=db), encoding="utf-8")
    assert await _check(config) == (0, [])


ON_DISCORD_REDIS = """\
workspaces:
  - {{name: dc, type: discord, token: discord-bot-token, application_id: "{app}",
     public_key: "{key}", api_url: "{api}"}}
channels: {{support: {{workspace: dc, id: "{channel}"}}}}
store: {{backend: redis, redis_url: '{url}'}}
http: {{port: 8080}}  # public_key's interactions endpoint is served there
"""


async def test_on_redis_check_online_names_them_too(
        tmp_path: Path, clock: FakeClock, redis_url: str, discord: FakeDiscord) -> None:
    """The same subscriptions on a redis-server: `check --online`, which reads Redis (offline
    check reads no network), said OK. Read-only: the data set is the same after."""
    store = await open_store(StoreConfig(backend="redis", redis_url=redis_url), redis_url=None,
                             clock=clock)
    for sub_id, channel in (("S-3", "None"), ("S-4", discord.channel_id)):
        assert await create(store, Subscription(
            id=sub_id, workspace="dc", channel=channel, query="acme", created_by="carol",
            created_at=clock()))
    await store.close()
    config = tmp_path / "socialops.yaml"
    config.write_text(ON_DISCORD_REDIS.format(
        app=discord.application_id, key="ab" * 32, api=discord.api_url,
        channel=discord.channel_id, url=redis_url), encoding="utf-8")
    before = await keyspace(redis_url)
    out, err = io.StringIO(), io.StringIO()
    code = await run_check(config, online=True, out=out, err=err, env={})
    lines = err.getvalue().splitlines()
    assert code == 1 and len(lines) == 2, lines
    assert lines[0] == (
        f"{config}:5: store.redis_url: subscription S-3 (dc, query 'acme') is for the "
        "channel \"None\" (saved so by a release before 2026-11-30) and can never deliver: "
        "remove it with 'unsubscribe S-3' in any channel of dc, and subscribe again where it "
        "should post"), lines
    assert await keyspace(redis_url) == before
