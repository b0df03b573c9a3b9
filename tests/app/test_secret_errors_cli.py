"""What the CLI prints of a failed delivery holds none of its secrets: ``socialops why`` and
``socialops outbox list`` print the error the outbox recorded, which a server (or a proxy
answering for it) wrote, maybe quoting a webhook's URL, a token or the config's own secrets.
Through the real CLI (replay, then the listings), the local Slack Web API, and a real SQLite
file or a real redis-server."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.app.cli import main
from tests.chaos.test_hostile_text import mention_line
from tests.engine.test_secret_errors import CONFIGURED, LEAK, SECRETS
from tests.support.fake_slack import FakeSlack

CONFIG = """
workspaces:
  - {{name: slack, type: slack, bot_token: "{token}", signing_secret: {secret},
      api_url: "{api}"}}
channels:
  leaky: {{workspace: slack, id: CLEAKY}}
spikes: {{enabled: false}}
outbox: {{per_channel_per_second: 1000}}
rules: rules.yaml
store: {store}
"""
RULES = """
routes:
  - name: everything
    match: {network: [mastodon]}
    action: alert
    channel: leaky
"""


@pytest.mark.parametrize("backend", ["sqlite", "redis"])
async def test_why_and_outbox_list_print_a_failed_delivery_without_its_secrets(
        backend: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend == "redis":
        monkeypatch.setenv("REDIS_URL", request.getfixturevalue("redis_url"))
        store = "{backend: redis}"
    else:
        store = f'{{backend: sqlite, path: "{tmp_path / "state.db"}"}}'
    async with FakeSlack() as slack:
        slack.fail(times=1_000, method="chat.postMessage", error=LEAK)
        (tmp_path / "rules.yaml").write_text(RULES)
        config = tmp_path / "socialops.yaml"
        config.write_text(CONFIG.format(token=slack.token, api=slack.api_url, secret=CONFIGURED,
                                        store=store))
        feed = tmp_path / "feed.jsonl"
        feed.write_text(mention_line(1, text="hello", handle="bob") + "\n")
        assert await asyncio.to_thread(
            main, ["replay", str(feed), "--config", str(config)]) == 0
    capsys.readouterr()
    for command in (["why", "mastodon:1"], ["outbox", "list", "--pending"]):
        assert await asyncio.to_thread(main, [*command, "--config", str(config)]) == 0
        out = capsys.readouterr().out
        assert "upstream_failed" in out, out
        for secret in SECRETS:
            assert secret not in out, (command, secret, out)
