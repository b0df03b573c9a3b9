"""``socialops outbox retry --all`` typed in two terminals at once beside a running bot, on a
redis-server and a SQLite file, after the bot was out of both the cards' channel and the ops
channel (a workspace that removed it) and is invited back: each card reaches Slack once, and
no notice of their deaths is posted (3d699cf: they are news no more), none lost, none twice;
the channel working again is said once."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.store import open_store
from tests.chaos.procs import ROOT, wait_for
from tests.chaos.test_cli_beside_run import ALERTS, HoldingSlack, Served, env, start_run

CARDS = 6


async def _counts(config: Path) -> dict[str, int]:
    store = await open_store(load_config(config).config.store, redis_url=None,
                             clock=lambda: datetime.now(UTC))
    try:
        return dict(await store.outbox_counts())
    finally:
        await store.close()


@pytest.mark.parametrize("backend", ["redis", "sqlite"])
def test_two_retry_alls_beside_a_running_bot_send_each_card_once_and_no_notice(
        tmp_path: Path, request: pytest.FixtureRequest, backend: str) -> None:
    store = (f'{{backend: redis, redis_url: "{request.getfixturevalue("redis_url")}"}}'
             if backend == "redis" else f"{{backend: sqlite, path: {tmp_path / 's.db'}}}")
    served = Served(HoldingSlack(hold=lambda method, args: False))
    try:
        served.slack.outside_channels.update((ALERTS, "COPS"))
        (tmp_path / "rules.yaml").write_text(
            "routes:\n  - {name: outage, match: {any: [outage]}, channel: alerts}\n")
        (tmp_path / "mentions.jsonl").write_text("".join(
            f'{{"id": "mastodon:{i}", "network": "mastodon", "author": {{"id": "a{i}", '
            f'"handle": "u{i}"}}, "text": "acme outage {i}", '
            f'"created_at": "2026-11-20T09:00:0{i}+00:00"}}\n' for i in range(CARDS)))
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
store: {store}
""")
        log = tmp_path / "run.log"
        bot = start_run(config, log)
        try:
            # every card dead, and the notice of their incident dead too (the ops channel
            # refuses it): one notice, and the edits of its count not coalesced with it
            def all_dead() -> bool:
                counts = asyncio.run(_counts(config))
                return (counts.get("pending") == 0
                        and CARDS + 1 <= counts.get("dead", 0) <= 2 * CARDS)

            assert wait_for(all_dead, 90), log.read_text()[-3000:]
            served.slack.outside_channels.clear()  # invited back to both
            retries = [subprocess.Popen(
                [sys.executable, "-m", "bot.app.cli", "outbox", "retry", "--all", "--config",
                 str(config)], cwd=ROOT, env=env(), stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True) for _ in range(2)]
            outs = [p.communicate(timeout=120) for p in retries]
            # each sends what it finds dead; one finding none left says so, exit 0
            assert all(p.returncode == 0 for p in retries), outs
            assert all("Traceback" not in err for _, err in outs), outs
            assert wait_for(lambda: sum(1 for ch, _ in served.cards() if ch == ALERTS)
                            >= CARDS and asyncio.run(_counts(config)).get("pending") == 0,
                            90), log.read_text()[-3000:]
        finally:
            bot.terminate()
            bot.wait(30)
        cards = served.cards()
        # and the channel working again is said once (its incident ends), two retries and
        # the bot delivering at once notwithstanding
        assert sorted(cards.items()) == sorted([
            *(((ALERTS, f"mastodon:{i}|outage"), 1) for i in range(CARDS)),
            (("COPS", f"deadok:acme:{ALERTS}:not_in_channel.0"), 1)]), (cards, outs)
        assert asyncio.run(_counts(config)).get("pending") == 0  # no notice left to go
    finally:
        served.close()
