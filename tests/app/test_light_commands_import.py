"""What the commands a user types again and again (``--help``, ``check``, ``rules test``,
``why``) import, with Slack and Discord configured: not the chat platforms' libraries, which
only a running bot talks to (``why`` builds the workspaces), nor what else a command does not
use. ``check`` and ``rules
test`` imported the whole app (httpx, the engine, every handler: about 0.2 s a start) for the
escalation chains' names, and every command the rules engine for ``init``'s flags. A
top-level import put back fails here instead of quietly costing every start again.

One process imports the command line once and forks a child for each command, whose
``sys.modules`` is read after the command ran (``tests/app/test_import_cost.py`` has the
running bot's)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bot.core.config import StoreConfig
from bot.store import open_store
from tests.app.cli_support import REPO, clean_env
from tests.support.clock import FakeClock

CONFIG = """\
workspaces:
  - {name: console, type: console}
  - {name: slack, type: slack, bot_token: xoxb-1-2-abc, app_token: xapp-1-A1-1-abc, mode: socket}
  - {name: discord, type: discord, token: discord-bot-token, application_id: "123456789012345678"}
channels:
  support: {workspace: slack, id: C0123ABCD}
  ops: {workspace: discord, id: "123456789012345678"}
  here: {workspace: console, id: here}
rules: rules.yaml
store: {backend: sqlite, path: data/socialops.db}
"""
RULES = """\
routes:
  - {name: support, match: {any: [acme]}, action: alert, channel: support}
"""
CASES = """\
cases:
  - name: a mention of the brand alerts support
    mention: {text: "acme is down again"}
    facts: {language: en, sentiment: -0.5, intent: complaint}
    expect: [support]
"""

# what no light command imports: Slack's app framework, the running bot's scheduler, store
# client and text model
NEVER = ("slack_bolt", "apscheduler", "numpy", "redis")
# and what each command imports no more. `why` opens the app: it reads the store, asks the
# networks and builds the workspaces, Discord's client with discord.py among them.
CHAT = ("discord", "aiohttp", "slack_sdk", "httpx", "bot.app.compose")
ALSO_NEVER = {
    "--help": (*CHAT, "rules", "bot.enrich"),
    "check": CHAT,
    "rules test": CHAT,
    "why": (),
}
COMMANDS = {"--help": ["--help"], "check": ["check"],
            "rules test": ["rules", "test", "rules.yaml", "cases.yaml"], "why": ["why", "T-1"]}

# each command in a child forked once the command line is imported (every command imports it)
PROBE = """\
import json, os, sys
from bot.app.entry import main
import bot.app.cli
commands, watched, report = json.loads(sys.argv[1]), json.loads(sys.argv[2]), {}
for name, args in commands.items():
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            code = main(args)
        except SystemExit as stop:
            code = stop.code
        sys.stdout.flush()
        sys.stderr.flush()
        with os.fdopen(w, "w") as out:
            json.dump({"code": code, "imported": [m for m in watched if m in sys.modules]}, out)
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as got:
        report[name] = json.load(got)
    os.waitpid(pid, 0)
print(json.dumps(report))
"""


async def test_the_light_commands_import_no_chat_library_nor_the_app(tmp_path: Path) -> None:
    (tmp_path / "socialops.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "rules.yaml").write_text(RULES, encoding="utf-8")
    (tmp_path / "cases.yaml").write_text(CASES, encoding="utf-8")
    (tmp_path / "data").mkdir()
    store = await open_store(StoreConfig(backend="sqlite", path=str(tmp_path / "data" /
                                                                     "socialops.db")),
                             redis_url=None, clock=FakeClock())
    await store.close()
    watched = sorted({*NEVER, *(m for ms in ALSO_NEVER.values() for m in ms)})
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(COMMANDS),
                           json.dumps(watched)], cwd=tmp_path, env=clean_env(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert str(REPO) in clean_env()["PYTHONPATH"]
    report = json.loads(done.stdout.splitlines()[-1])
    for name, expected_code in (("--help", 0), ("check", 0), ("rules test", 0), ("why", 1)):
        assert report[name]["code"] == expected_code, (name, done.stdout, done.stderr)
    imported = {name: [m for m in got["imported"] if m in (*NEVER, *ALSO_NEVER[name])]
                for name, got in report.items()}
    assert imported == {name: [] for name in COMMANDS}, imported
