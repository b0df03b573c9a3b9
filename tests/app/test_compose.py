"""The composition root as a context manager: what it builds it closes, in reverse order, also
when the body or building fails; the chat connections are built with the workspaces."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.cards import Card
from bot.core.config import StoreConfig, load_config
from bot.core.errors import ConfigError
from bot.core.models import MessageRef
from bot.store import open_store
from tests.conftest import FakeClock


class ClosingWorkspace:
    name = "console"

    def __init__(self, closed: list[str]) -> None:
        self.closed = closed

    async def post(self, channel: str, card: Card) -> MessageRef:
        raise AssertionError("nothing is posted here")

    async def close(self) -> None:
        self.closed.append("workspace")


def write(tmp_path: Path, workspaces: str) -> Path:
    cfg = tmp_path / "socialops.yaml"
    cfg.write_text(f"workspaces: {workspaces}\n"
                   f"store: {{backend: sqlite, path: {tmp_path / 's.db'}}}\n")
    return cfg


async def recording_store(tmp_path: Path, closed: list[str]):  # type: ignore[no-untyped-def]
    store = await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "s.db")),
                             redis_url=None, clock=FakeClock())
    close = store.close

    async def recorded() -> None:
        closed.append("store")
        await close()

    store.close = recorded  # type: ignore[method-assign]
    return store


async def test_everything_built_is_closed_in_reverse_order_when_the_body_fails(
        tmp_path: Path) -> None:
    closed: list[str] = []
    store = await recording_store(tmp_path, closed)
    with pytest.raises(RuntimeError, match="the body failed"):
        async with open_app(load_config(write(tmp_path, "[{name: console, type: console}]")),
                            env={}, store=store,
                            workspaces={"console": ClosingWorkspace(closed)}) as app:  # type: ignore[dict-item]
            client = app.http_client
            raise RuntimeError("the body failed")
    assert closed == ["workspace", "store"]
    assert client.is_closed


async def test_what_was_built_before_a_failure_is_closed(tmp_path: Path) -> None:
    closed: list[str] = []
    store = await recording_store(tmp_path, closed)
    # the rules are read after the store and the workspaces are built
    cfg = write(tmp_path, "[{name: console, type: console}]")
    cfg.write_text(cfg.read_text() + "rules: rules.yaml\n")
    (tmp_path / "rules.yaml").write_text("routes:\n  - {name: a, channel: nowhere}\n")
    loaded = load_config(cfg)
    with pytest.raises(ConfigError, match="nowhere"):
        async with open_app(loaded, env={}, store=store,
                            workspaces={"console": ClosingWorkspace(closed)}):  # type: ignore[dict-item]
            pass
    assert closed == ["workspace", "store"]


async def test_the_discord_workspace_sends_with_the_client_that_receives(
        tmp_path: Path) -> None:
    cfg = write(tmp_path, "[{name: dc, type: discord, token: t, "
                          "application_id: '123456789012345678', "
                          "public_key: '" + "00" * 32 + "'}]")
    async with open_app(load_config(cfg), env={}, out=io.StringIO(), chat=True) as app:
        (chat,) = app.chats
        bot = app.workspaces["dc"].client  # type: ignore[attr-defined]
        assert type(bot).__name__ == "SocialopsBot" and bot.handler is not app.dispatcher
        assert chat.run is not None and set(chat.routes) == {"/discord/dc/interactions"}
        assert set(chat.fallback) == {"/discord/interactions"}
    assert bot.is_closed()


async def test_without_chat_nothing_receives(tmp_path: Path) -> None:
    cfg = write(tmp_path, "[{name: dc, type: discord, token: t}]")
    async with open_app(load_config(cfg), env={}, out=io.StringIO()) as app:
        assert app.chats == []
        assert type(app.workspaces["dc"].client).__name__ == "Client"  # type: ignore[attr-defined]


async def test_start_runs_once_however_often_it_is_called(tmp_path: Path) -> None:
    """``socialops run`` starts the app (routing state, models) before any chat connection
    opens; the runtime's own start then finds it done instead of building everything again."""
    async with open_app(load_config(write(tmp_path, "[{name: console, type: console}]")),
                        env={}, out=io.StringIO()) as app:
        await app.start()
        await app.start()
        await app.runtime()._start()
        assert app.started
        assert app.metrics.value("router_updates_total", kind="full") == 1


async def test_what_the_timers_remember_saying_is_bounded(tmp_path: Path) -> None:
    """The receipts, spike alerts and source-health alerts a process posted are also kept in
    memory for the demo's summary: a process that runs for a year kept a year of them. Each
    keeps its latest only (tests/handlers/test_receipts.py fills one past its bound)."""
    async with open_app(load_config(write(tmp_path, "[{name: console, type: console}]")),
                        env={}, out=io.StringIO()) as app:
        assert app.receipts is not None and app.spikes is not None and app.health is not None
        kept = {"receipts": app.receipts.posted, "spikes": app.spikes.posted,
                "health": app.health.alerts}
        assert {k: getattr(v, "maxlen", None) for k, v in kept.items()} == dict.fromkeys(
            kept, 100)


async def test_someone_unlinked_is_told_the_command_of_their_platform(tmp_path: Path) -> None:
    """Discord's command is grouped (`/socialops people link`): a Discord user was told to type
    `/socialops link <your email>`, which Discord has not, and the platform was the workspace's
    name capitalised ('Your Studio account'), not the platform's."""
    from bot.core.cards import Interaction

    cfg = write(tmp_path, "[{name: studio, type: discord, token: t}, "
                          "{name: acme, type: slack, mode: socket, bot_token: xoxb-1, "
                          "app_token: xapp-1}]")
    async with open_app(load_config(cfg), env={}, out=io.StringIO()) as app:
        discord_reply = await app.dispatcher.handle(Interaction(
            workspace="studio", channel="1", user="123456789012345678", via="command",
            action="claim", target="T-1"))
        slack_reply = await app.dispatcher.handle(Interaction(
            workspace="acme", channel="C1", user="U0123ABCD", via="command", action="claim",
            target="T-1"))
    assert discord_reply.text.startswith(
        "Your Discord account is not linked to a socialops person, so I cannot act for you. "
        "Link it with `/socialops people link` and your email"), discord_reply.text
    assert 'add `studio: "123456789012345678"` to your `identities:`' in discord_reply.text
    assert slack_reply.text.startswith(
        "Your Slack account is not linked to a socialops person, so I cannot act for you. "
        "Link it with `/socialops link <your email>`"), slack_reply.text


OWNER_OF_PID_1 = """
import os, sys
from bot.app.compose import process_owner
from bot.core.config import load_config
os.getpid = lambda: 1  # a container's first process
print(process_owner(load_config(sys.argv[1], env={}), {}))
"""


def test_two_processes_of_one_host_name_and_pid_own_their_leases_apart_on_redis(
        tmp_path: Path) -> None:
    """On Redis each process owns its leases. The owner was '<host>:<pid>': containers given
    one fixed host name (compose's hostname:, a pod template's) all run as pid 1, so each
    took the other's leased lanes, timers and sources for its own and every card could go out
    twice. SQLite's owner is the host and file on purpose (one process per file)."""
    import subprocess
    import sys

    cfg = tmp_path / "socialops.yaml"
    cfg.write_text("workspaces: [{name: console, type: console}]\n"
                   "store: {backend: redis, redis_url: 'redis://127.0.0.1:1/0'}\n")

    def owner() -> str:
        return subprocess.run([sys.executable, "-c", OWNER_OF_PID_1, str(cfg)], check=True,
                              capture_output=True, text=True,
                              cwd=Path(__file__).parents[2]).stdout.strip()

    first, second = owner(), owner()
    assert first.startswith(f"{os.uname().nodename}:1:"), first
    assert first != second
