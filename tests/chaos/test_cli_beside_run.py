"""``socialops`` commands typed in a second terminal while ``socialops run`` works on the same
store: a real bot process on a real SQLite file posting to the local wire-level Slack, and the
command as a process of its own. The command must not take over the bot's work: every card
reaches Slack once.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from bot.store.layout import T_OUTBOX
from tests.chaos.procs import ROOT, wait_for
from tests.support.fake_slack import FakeSlack

ALERTS, APPROVALS = "CALERTS", "CAPPROVALS"


def first_alert(method: str, args: dict[str, Any]) -> bool:
    return method == "chat.postMessage" and args.get("channel") == ALERTS


class HoldingSlack(FakeSlack):
    """Slack whose first call that ``hold`` picks (by default the first ``chat.postMessage``
    into #alerts) waits, before it does anything, until the test lets it go: a bot's post in
    flight."""

    def __init__(self, hold: Callable[[str, dict[str, Any]], bool] = first_alert) -> None:
        super().__init__()
        self.hold = hold
        self.held = threading.Event()
        self.release: asyncio.Event | None = None

    async def _work(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        if self.hold(method, args) and not self.held.is_set():
            self.release = asyncio.Event()
            self.held.set()
            await self.release.wait()
        return await super()._work(method, args, token)


class Served:
    """The Slack on its own event loop in a thread, so the test can drive processes."""

    def __init__(self, slack: HoldingSlack | None = None) -> None:
        self.slack = slack or HoldingSlack()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.slack.start(), self.loop).result(10)

    def let_go(self) -> None:
        release = self.slack.release
        if release is not None:
            self.loop.call_soon_threadsafe(release.set)

    def close(self) -> None:
        self.let_go()
        asyncio.run_coroutine_threadsafe(self.slack.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def cards(self) -> Counter[tuple[str, str]]:
        found: Counter[tuple[str, str]] = Counter()
        for channel, messages in list(self.slack.messages.items()):
            for m in list(messages):
                key = ((m.get("metadata") or {}).get("event_payload") or {}).get("key")
                if key and not m.get("thread_ts"):
                    found[(channel, str(key))] += 1
        return found


@pytest.fixture
def slack() -> Iterator[Served]:
    served = Served()
    yield served
    served.close()


def env() -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PORT")},
            "PYTHONPATH": str(ROOT)}


def start_run(config: Path, log: Path) -> subprocess.Popen[bytes]:
    """``socialops run --no-stdin`` on ``config``, its log lines in ``log``."""
    with log.open("wb") as err:
        return subprocess.Popen([sys.executable, "-m", "bot.app.cli", "run", "--config",
                                 str(config), "--no-stdin"], cwd=ROOT, env=env(),
                                stdout=subprocess.DEVNULL, stderr=err)


def test_a_draft_typed_beside_a_running_bot_does_not_post_the_bots_card_again(
        tmp_path: Path, slack: Served) -> None:
    """The bot's alert is in flight to Slack (posted, not yet answered) when someone types
    ``socialops draft`` in another terminal. Until 2026-11-30 the draft delivered the outbox
    itself, under the bot's own lease owner (on SQLite the owner is the database file), so it
    took the bot's channel, found no message yet, and posted the alert a second time."""
    (tmp_path / "rules.yaml").write_text(
        "routes:\n  - {name: outage, match: {any: [outage]}, channel: alerts}\n")
    (tmp_path / "mentions.jsonl").write_text(
        '{"id": "mastodon:1", "network": "mastodon", "author": {"id": "a1", "handle": "u1"}, '
        '"text": "acme outage, nothing loads", "created_at": "2026-11-20T09:00:00+00:00"}\n')
    (tmp_path / "empty.jsonl").write_text("")
    config = tmp_path / "socialops.yaml"
    config.write_text(f"""\
sources:
  - {{id: feed, type: replay, path: {tmp_path / 'mentions.jsonl'}}}
  - {{id: brand, type: replay, path: {tmp_path / 'empty.jsonl'}, network_override: mastodon,
     publish: sandbox, sandbox_path: {tmp_path / 'published.jsonl'}}}
workspaces: [{{name: acme, type: slack, bot_token: {slack.slack.token}, signing_secret: s,
              api_url: '{slack.slack.api_url}'}}]
channels:
  alerts: {{workspace: acme, id: {ALERTS}}}
  approvals: {{workspace: acme, id: {APPROVALS}}}
people:
  - {{id: alice, role: agent}}
  - {{id: dave, role: approver}}
approvals: {{channel: approvals, steps: [{{approvers: ["role:approver"]}}]}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: sqlite, path: {tmp_path / 's.db'}}}
""")
    log = tmp_path / "run.log"
    bot = start_run(config, log)
    try:
        assert wait_for(slack.slack.held.is_set, 60), log.read_text()[-3000:]
        drafted = subprocess.run(
            [sys.executable, "-m", "bot.app.cli", "draft", "--config", str(config),
             "--network", "mastodon", "--account", "brand", "--as", "alice",
             "Fixed now, thanks for waiting!"],
            cwd=ROOT, env=env(), capture_output=True, text=True, timeout=60, check=False)
        assert drafted.returncode == 0, drafted.stderr[-3000:]
        assert f"the running socialops process, pid {bot.pid}, posts its card" in drafted.stdout
        slack.let_go()  # the bot's post lands
        # the draft's card reaches the approvals channel (whoever delivers it)
        assert wait_for(lambda: any(ch == APPROVALS for ch, _ in slack.cards()), 60), \
            log.read_text()[-3000:]
    finally:
        bot.terminate()
        bot.wait(30)
    got = slack.cards()
    assert [k for ch, k in got if ch == ALERTS] == ["mastodon:1|outage"], got
    assert max(got.values()) == 1, got


def pending(db: Path) -> int:
    """Cards the bot's outbox still holds (its SQLite file, read beside it)."""
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {T_OUTBOX} WHERE status = 'pending'"
                                ).fetchone()[0])


def test_a_delivery_retried_from_the_command_line_that_dies_again_is_reported_again(
        tmp_path: Path) -> None:
    """The bot was never invited to #alerts: the alert dies, the ops channel is told with a
    Retry button. Someone runs ``socialops outbox retry --all`` (beside the running bot)
    before inviting it: the alert dies again. Before 2026-11-30 the second notice had the key
    of the first, already delivered, so it was dropped: the second death was silent. Since
    2026-12-06 the channel's incident is still open (nothing got through): its notice is
    edited with the second death and its Retry button, not posted again."""
    served = Served(HoldingSlack(hold=lambda method, args: False))
    try:
        served.slack.outside_channels.add(ALERTS)
        (tmp_path / "rules.yaml").write_text(
            "routes:\n  - {name: outage, match: {any: [outage]}, channel: alerts}\n")
        (tmp_path / "mentions.jsonl").write_text(
            '{"id": "mastodon:1", "network": "mastodon", "author": {"id": "a1", "handle": '
            '"u1"}, "text": "acme outage", "created_at": "2026-11-20T09:00:00+00:00"}\n')
        config = tmp_path / "socialops.yaml"
        config.write_text(f"""\
sources:
  - {{id: feed, type: replay, path: {tmp_path / 'mentions.jsonl'}}}
workspaces: [{{name: acme, type: slack, bot_token: {served.slack.token}, signing_secret: s,
              api_url: '{served.slack.api_url}'}}]
channels:
  alerts: {{workspace: acme, id: {ALERTS}}}
  ops: {{workspace: acme, id: COPS}}
ops_channel: ops
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: sqlite, path: {tmp_path / 's.db'}}}
""")

        def notices() -> list[str]:
            return [k for ch, k in served.cards() if ch == "COPS" and k.startswith("dead:")]

        log = tmp_path / "run.log"
        bot = start_run(config, log)
        try:
            assert wait_for(lambda: len(notices()) == 1, 60), log.read_text()[-3000:]
            retried = subprocess.run(
                [sys.executable, "-m", "bot.app.cli", "outbox", "retry", "--all", "--config",
                 str(config)], cwd=ROOT, env=env(), capture_output=True, text=True,
                timeout=60, check=False)
            assert retried.returncode == 0, retried.stderr[-3000:]
            assert "1 dead delivery sent again" in retried.stdout, retried.stdout
            # the bot tries it again (the channel still refuses it) and gives it up again
            died = re.compile(r"giving up on mastodon:1\|outage@CALERTS")
            assert wait_for(lambda: len(died.findall(log.read_text())) == 2, 60), \
                log.read_text()[-3000:]
            # whatever that death queued (in the same write) is delivered
            assert wait_for(lambda: pending(tmp_path / "s.db") == 0, 60), \
                log.read_text()[-3000:]
        finally:
            bot.terminate()
            bot.wait(30)
        assert len(notices()) == 1, notices()
        shown = json.dumps(served.slack.top_level("COPS"))
        assert "2 cards to CALERTS given up since" in shown, shown
        assert '"action_id"' in shown and "Retry" in shown, shown
    finally:
        served.close()
