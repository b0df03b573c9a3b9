"""The rules file changed, or a reload asked for (SIGHUP), while a real ``socialops run`` is
still starting: here while it waits on Slack's ``auth.test`` (the local wire-level Slack holds
the answer until the test lets it go), after it has read the rules and before it runs. The bot
must start, and route with the file as it is once running.
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chaos.procs import wait_for
from tests.chaos.test_cli_beside_run import ALERTS, HoldingSlack, Served, start_run

RULES = "routes:\n  - {name: outage, match: {any: [outage]}, channel: alerts}\n"
EDITED = RULES + "  - {name: refund, match: {any: [refund]}, channel: alerts}\n"


def auth_test(method: str, _: dict[str, Any]) -> bool:
    return method == "auth.test"


@pytest.fixture
def slack() -> Iterator[Served]:
    served = Served(HoldingSlack(hold=auth_test))
    yield served
    served.close()


def start(tmp: Path, slack: Served) -> tuple[subprocess.Popen[bytes], Path]:
    """A bot whose one source holds a refund post, then an outage post (one batch: the
    outage card goes out after the refund card, if there is one, in the channel's order);
    returned once it waits on Slack's auth.test, with the rules read."""
    (tmp / "rules.yaml").write_text(RULES)
    (tmp / "mentions.jsonl").write_text("".join(
        f'{{"id": "mastodon:{i}", "network": "mastodon", "author": {{"id": "a{i}", '
        f'"handle": "u{i}"}}, "text": "acme {text}", '
        f'"created_at": "2026-11-20T09:00:0{i}+00:00"}}\n'
        for i, text in ((1, "refund please"), (2, "outage, nothing loads"))))
    config = tmp / "socialops.yaml"
    config.write_text(f"""\
sources:
  - {{id: feed, type: replay, path: {tmp / 'mentions.jsonl'}}}
workspaces: [{{name: acme, type: slack, bot_token: {slack.slack.token}, signing_secret: s,
              api_url: '{slack.slack.api_url}'}}]
channels:
  alerts: {{workspace: acme, id: {ALERTS}}}
spikes: {{enabled: false}}
rules: rules.yaml
store: {{backend: sqlite, path: {tmp / 's.db'}}}
""")
    log = tmp / "run.log"
    bot = start_run(config, log)
    # the time only ends a hang: a bot that ended ends the wait, however slowly it starts
    if not (wait_for(lambda: slack.slack.held.is_set() or bot.poll() is not None, 300)
            and slack.slack.held.is_set()):
        bot.kill()
        raise AssertionError(log.read_text()[-3000:])
    return bot, log


def outage_card(slack: Served) -> bool:
    return (ALERTS, "mastodon:2|outage") in slack.cards()


@pytest.mark.untimed  # ordered by the held auth.test; the rules read by their digest
@pytest.mark.timeout(600)  # a hang's end: a process starts slowly on a loaded machine
def test_a_rules_edit_saved_while_the_bot_starts_is_the_rules_it_runs_with(
        tmp_path: Path, slack: Served) -> None:
    """Before 2026-11-30 the file was remembered as 'in force' only once the bot ran, so an
    edit saved after start-up had read it was taken for the rules loaded: never applied,
    silently, until some later edit."""
    bot, log = start(tmp_path, slack)
    try:
        (tmp_path / "rules.yaml").write_text(EDITED)
        slack.let_go()
        assert wait_for(lambda: outage_card(slack) or bot.poll() is not None, 300) \
            and outage_card(slack), log.read_text()[-3000:]
    finally:
        bot.terminate()
        bot.wait(30)
    assert (ALERTS, "mastodon:1|refund") in slack.cards(), (slack.cards(),
                                                           log.read_text()[-3000:])


@pytest.mark.untimed  # ordered by the held auth.test: the signal comes while it waits
@pytest.mark.timeout(600)  # a hang's end: a process starts slowly on a loaded machine
def test_a_reload_asked_for_while_the_bot_starts_does_not_stop_it(
        tmp_path: Path, slack: Served) -> None:
    """SIGHUP reloads the rules; before 2026-11-30 one that came before the running bot took
    the signal over (here, while it waited on Slack) had its default effect: the process ended
    (status -1, nothing logged). So did any SIGHUP to a bot without a rules file."""
    bot, log = start(tmp_path, slack)
    try:
        (tmp_path / "rules.yaml").write_text(EDITED)
        bot.send_signal(signal.SIGHUP)
        slack.let_go()
        assert wait_for(lambda: outage_card(slack) or bot.poll() is not None, 300), \
            log.read_text()[-3000:]
        assert bot.poll() is None, (bot.returncode, log.read_text()[-3000:])
    finally:
        bot.terminate()
        bot.wait(30)
    assert bot.returncode == 0, log.read_text()[-3000:]
    assert (ALERTS, "mastodon:1|refund") in slack.cards(), slack.cards()
