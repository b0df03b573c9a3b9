"""``socialops why`` in a terminal says its times on the clock the config's workspaces name
(``timezone:``) beside UTC, as the ``why`` verb says them in the workspace; with workspaces on
different clocks, or none named, UTC alone (which one the reader keeps is not known)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.app.cli_support import clean_env, socialops
from tests.app.test_dead_letters import post, write_config
from tests.conftest import FakeClock

WORKSPACES = "workspaces: [{name: console, type: console}]"


@pytest.mark.parametrize(("workspaces", "shown"), [
    ("[{name: console, type: console, timezone: Asia/Kolkata}]",
     "2027-03-28 00:45 UTC (06:15 Asia/Kolkata)"),
    ("[{name: console, type: console, timezone: Europe/Berlin}]",  # the night Berlin's clock
     "2027-03-28 00:45 UTC (01:45 Europe/Berlin)"),                 # goes to summer time
    ("[{name: console, type: console, timezone: Europe/Berlin},"
     " {name: other, type: console, timezone: Asia/Kolkata}]", "2027-03-28 00:45 UTC ("),
    ("[{name: console, type: console}]", "2027-03-28 00:45 UTC ("),
])
async def test_why_in_a_terminal_says_the_configs_clock(
        tmp_path: Path, workspaces: str, shown: str) -> None:
    cfg = write_config(tmp_path, "sqlite", "")
    cfg.write_text(cfg.read_text().replace(WORKSPACES, f"workspaces: {workspaces}"))
    at = datetime(2027, 3, 28, 0, 45, tzinfo=UTC)
    async with open_app(load_config(cfg), clock=FakeClock(at), out=io.StringIO()) as app:
        await app.pipeline.process(post(1, "login broken", at))
    done = socialops("-c", str(cfg), "why", "mastodon:1", cwd=tmp_path, env=clean_env())
    assert done.returncode == 0, done.stderr
    fetched = done.stdout.splitlines()[1]
    if shown.endswith("("):  # UTC alone
        assert fetched.endswith(f"at {shown[:-1]}(posted {shown[:-2]})"), fetched
    else:
        assert fetched.endswith(f"at {shown} (posted {shown})"), fetched


async def test_dead_list_in_a_terminal_says_the_configs_clock(tmp_path: Path) -> None:
    """`socialops dead list` said when each letter was set aside in UTC alone."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from tests.app.test_dead_letters import set_aside

    cfg = write_config(tmp_path, "sqlite", "")
    cfg.write_text(cfg.read_text().replace(
        WORKSPACES, "workspaces: [{name: console, type: console, timezone: Asia/Kolkata}]"))
    clock = FakeClock(datetime.now(UTC).replace(second=0, microsecond=0)
                      - timedelta(minutes=10))
    async with open_app(load_config(cfg), clock=clock, out=io.StringIO()) as app:
        await set_aside(app, clock)
        [dead] = await app.store.list_dead()
    done = socialops("-c", str(cfg), "dead", "list", cwd=tmp_path, env=clean_env())
    assert done.returncode == 0, done.stderr
    local = dead.at.astimezone(ZoneInfo("Asia/Kolkata"))
    day = "" if local.date() == dead.at.date() else f"{local:%Y-%m-%d} "
    assert (f"set aside {dead.at:%Y-%m-%d %H:%M} UTC ({day}{local:%H:%M} Asia/Kolkata): "
            in done.stdout), done.stdout
