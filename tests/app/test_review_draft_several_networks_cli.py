"""`socialops draft --network mastodon,bluesky`: one draft goes to one network, said so in one
line, nothing drafted (the chat's `draft`: tests/e2e/test_review_draft_several_networks.py)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.app.conftest import Cli
from tests.app.test_draft_from_file import home


def test_the_command_line_says_so_for_several_networks(tmp_path: Path, cli: Cli) -> None:
    home(tmp_path)
    proc = cli("draft", "--network", "mastodon,bluesky", "--account", "sample", "--as", "me",
               "hi", cwd=tmp_path)
    assert proc.returncode != 0
    [line] = proc.stderr.strip().splitlines()
    assert line.endswith("--network: 'mastodon,bluesky' names 2 networks (mastodon and "
                         "bluesky), and a draft goes to one network and account, approved and "
                         "published on its own: draft each (--network mastodon, then --network "
                         "bluesky); nothing was drafted"), line

    async def drafted() -> list[str]:
        async with open_app(load_config(tmp_path / "socialops.yaml"), out=io.StringIO()) as app:
            return [a.id for a in await app.store.list_approvals()]
    assert asyncio.run(drafted()) == []
