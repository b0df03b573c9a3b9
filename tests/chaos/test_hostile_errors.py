"""A remote server's error text is hostile input too: a Slack error code is whatever the
server (or a proxy, or anyone answering for it) sends, and socialops quotes it in the outbox's
record of a failed delivery, which ``socialops why`` and ``socialops outbox list`` print to a
terminal. An escape sequence there could set the terminal's clipboard (OSC 52), clear the
screen or recolour it, and a bidi override reorder the line; a line break draw lines of its
own. Through the real CLI, a real SQLite file and the local Slack Web API."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from pathlib import Path

import pytest

from bot.app.cli import main
from tests.chaos.test_hostile_text import CONFIG, mention_line
from tests.support.fake_slack import FakeSlack

pytestmark = pytest.mark.untimed  # see tests/chaos/conftest.py
RULES = """
routes:
  - name: everything
    match: {network: [mastodon]}
    action: alert
    channel: hostile
"""
# the clipboard set to "evil", the screen cleared, a C1 CSI, a right-to-left override, and a
# line that reads like one of ours
ERROR = "bad\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202elive\n• route everything fired: ok"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069]")


async def failed_delivery(tmp_path: Path, error: str) -> list[str]:
    """A replayed post whose card the local Slack refuses with ``error``, through the CLI
    into a real SQLite file: the config's path, ``why`` and ``outbox list`` to run on it."""
    async with FakeSlack() as slack:
        slack.fail(times=1_000, method="chat.postMessage", error=error)
        (tmp_path / "rules.yaml").write_text(RULES)
        config = tmp_path / "socialops.yaml"
        config.write_text(CONFIG.format(token=slack.token, api=slack.api_url,
                                        channel="CHOSTILE", db=tmp_path / "state.db"))
        feed = tmp_path / "feed.jsonl"
        feed.write_text(mention_line(1, text="hello", handle="bob") + "\n")
        assert await asyncio.to_thread(main, ["replay", str(feed), "--config", str(config)]) == 0
    return ["--config", str(config)]


async def shown_lines(config: list[str], capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The line naming the last error in ``why`` and in ``outbox list``, as printed."""
    capsys.readouterr()
    lines = []
    for command in (["why", "mastodon:1"], ["outbox", "list", "--pending"]):
        code = await asyncio.to_thread(main, [*command, *config])
        out = capsys.readouterr().out
        assert code == 0 and "last error" in out, out
        assert not _CONTROL.search(out), repr(out)
        lines.append(next(x for x in out.splitlines() if "last error" in x))
    return lines


async def test_a_remote_error_reaches_the_terminal_as_one_line_of_plain_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = await failed_delivery(tmp_path, ERROR)
    for line in await shown_lines(config, capsys):
        assert "bad]52;c;ZXZpbA==[2J31mlive • route everything fired: ok" in line, line


async def test_an_error_stored_raw_reaches_the_terminal_as_one_line_of_plain_text(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An error a release before 2026-12-01 stored as the server sent it, or one of an
    exception that is not ours (``OSError: ...``, which the outbox records as its type and
    message): read from the store, it is one line of visible text too."""
    config = await failed_delivery(tmp_path, "ratelimited")
    with sqlite3.connect(tmp_path / "state.db") as db:
        assert db.execute("UPDATE outbox SET json = json_set(json, '$.last_error', ?)",
                          (f"OSError: {ERROR}",)).rowcount == 1
    for line in await shown_lines(config, capsys):
        assert "OSError: bad]52;c;ZXZpbA==[2J31mlive • route everything fired: ok" in line


async def test_outbox_list_cuts_the_title_and_the_error_between_characters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`outbox list` printed a card's first 80 code points of title and 200 of its last
    error: an emoji sequence across either cut (👩‍💻, three code points) was printed as
    another picture (👩), with nothing saying the rest was left out."""
    coder = "\U0001F469\u200d\U0001F4BB"
    config = await failed_delivery(tmp_path, "ratelimited")
    with sqlite3.connect(tmp_path / "state.db") as db:
        assert db.execute(
            "UPDATE outbox SET json = json_set(json_set(json, '$.last_error', ?), "
            "'$.card.title', ?)", ("e" * 198 + coder + " and more",
                                   "t" * 78 + coder + " and more")).rowcount == 1
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["outbox", "list", "--pending", *config]) == 0
    [line] = [x for x in capsys.readouterr().out.splitlines() if "last error" in x]
    assert "\U0001F469" not in line, line
    assert f"{'t' * 78 + '…'!r}" in line and "(last error: " + "e" * 198 + "…)" in line, line
