"""A draft where no approvals channel is configured has no card, so nobody would see it: the
answer says so and what to set, on the command line (`socialops draft`, with `--at` too) and
in chat, rather than `waiting for approval in (no approvals channel configured)` or a plain
`drafted and waiting for approval`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app.compose import open_app
from bot.core.config import load_config
from tests.app.conftest import Cli

CONFIG = """\
sources:
  - {id: sample, type: replay, path: empty.jsonl}
workspaces: [{name: console, type: console}]
channels:
  support: {workspace: console, id: support}
people:
  - {id: me, role: admin, identities: {console: me}}
store: {backend: sqlite, path: ./data/socialops.db}
"""
NO_CARD = ("no card is posted, as no approvals channel is configured: set approvals.channel "
           "in socialops.yaml")


def home(tmp_path: Path) -> Path:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    return tmp_path


def test_the_command_line_says_no_card_is_posted_and_what_to_set(tmp_path: Path, cli: Cli
                                                                   ) -> None:
    proc = cli("draft", "--network", "mastodon", "--account", "sample", "--as", "me",
               "--at", "in 2h", "Our release is out", cwd=home(tmp_path))
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stdout.splitlines()
    assert line.startswith("A-1 drafted; waiting for approval; it publishes at "), line
    assert line.endswith(f" once approved; {NO_CARD}"), line
    assert "(no approvals channel configured)" not in line


async def test_chat_says_no_card_is_posted_and_what_to_set(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the store's path (./data) is read from here, not the checkout
    async with open_app(load_config(home(tmp_path) / "socialops.yaml"),
                        out=io.StringIO()) as app:
        approval, reply = await app.approvals.draft(text="hello", network="mastodon",
                                                    account="sample", author="me")
    assert approval is not None
    assert reply.text == f"{approval.id} drafted and waiting for approval; {NO_CARD}"
